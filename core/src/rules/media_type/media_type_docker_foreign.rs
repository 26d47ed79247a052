//! MED005: Docker foreign layers are pulled from elsewhere and never pushed.

use super::super::prelude::*;
use super::super::DescriptorRole;
use crate::kind::media_type as mt;

declare_rule! {
    code: "MED005",
    name: "media-type-docker-foreign",
    severity: Info,
    since: "0.1.0",
    summary: "Docker foreign layers are fetched from their `urls`; registries do not store them.",
    why: "The Docker schema 2 spec says foreign layers (`…rootfs.foreign.diff.tar.gzip`) \
          \"may be pulled from a remote location but they should never be pushed\". They \
          existed for Windows base layers, which Microsoft stopped publishing this way in \
          2023; moby removed push support in 2024, containerd skips them on push, and \
          containers/image leaves them out of copies unless told otherwise. An image with \
          one depends on the remote URL staying up.",
    how_to_fix: "Download the layer, push it as an ordinary layer \
                 (`application/vnd.docker.image.rootfs.diff.tar.gzip`) and drop its `urls`.",
    url: "https://github.com/distribution/distribution/blob/main/docs/content/spec/manifest-v2-2.md#image-manifest-field-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [{"mediaType": "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654, "urls": ["https://example.com/layer.tar.gz"]}]}"#),
        valid(examples::DOCKER_IMAGE_MANIFEST),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (site, member, media_type) in ctx.media_types_of(DescriptorRole::Layer) {
        if !mt::is_docker_foreign(media_type) {
            continue;
        }
        out.emit(
            member.value.range,
            site.pointer.part(Part::MediaType),
            format!("`{media_type}` is a foreign layer: clients fetch it from its `urls`, and most tools no longer push or copy it"),
        );
    }
}
