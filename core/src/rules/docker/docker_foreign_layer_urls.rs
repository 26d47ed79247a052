//! DKR006: a Docker foreign layer says where to fetch it (`urls`).

use super::super::prelude::*;
use crate::rules::DescriptorRole;
use crate::spec::media_types as mt;

declare_rule! {
    code: "DKR006",
    name: "docker-foreign-layer-urls",
    severity: Warning,
    since: "0.1.0",
    summary: "A foreign layer (`…rootfs.foreign.diff.tar.gzip`) needs `urls` to be fetched from.",
    why: "Foreign layers are not pushed to the registry; clients download them from the \
          descriptor's `urls`. Without any URL, distribution refuses the manifest \
          (`missing URL on layer`), Quay too (``missing `urls` for remote layer``), and a \
          client has nowhere to fetch the blob from. Which URLs a registry accepts is its \
          policy (distribution's default accepts none); that is reported by \
          `desc-urls-registry-policy`.",
    how_to_fix: "Add `\"urls\": [\"https://…\"]` with the location of the blob, or push the \
                 layer to the registry as an ordinary layer \
                 (`application/vnd.docker.image.rootfs.diff.tar.gzip`, no `urls`).",
    url: "https://github.com/distribution/distribution/blob/main/docs/content/spec/manifest-v2-2.md#image-manifest-field-descriptions",
    examples: [
        invalid(examples::DOCKER_MANIFEST_FOREIGN_LAYER),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [{"mediaType": "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654, "urls": []}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [{"mediaType": "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654, "urls": ["https://mcr.microsoft.com/v2/windows/servercore/blobs/sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0"]}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::DockerManifest || ctx.header_contradicts_body() {
        return;
    }
    for site in ctx.descriptors() {
        if site.role != DescriptorRole::Layer {
            continue;
        }
        let Some(media_type) = site.media_type_member() else {
            continue;
        };
        let Some(value) = media_type.value.as_str() else {
            continue;
        };
        if !mt::is_docker_foreign(value) {
            continue;
        }
        match site.node.get("urls") {
            None => {
                out.emit(
                    media_type.value.range,
                    site.pointer.part(Part::MediaType),
                    "this foreign layer has no `urls`, so nobody can fetch it; distribution refuses the manifest (\"missing URL on layer\")",
                );
            }
            Some(urls) if urls.value.items().is_some_and(<[Node]>::is_empty) => {
                out.emit(
                    urls.value.range,
                    site.pointer.key("urls"),
                    "`urls` is empty, so nobody can fetch this foreign layer; distribution refuses the manifest (\"missing URL on layer\")",
                );
            }
            Some(_) => {}
        }
    }
}
