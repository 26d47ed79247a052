//! DKR004: zstd layers in a Docker manifest use a type the Docker spec does not define.

use super::super::prelude::*;
use crate::rules::DescriptorRole;
use crate::spec::media_types as mt;
use crate::transform::convert::Format;

declare_rule! {
    code: "DKR004",
    name: "docker-manifest-layer-zstd",
    severity: Warning,
    fix: Always(Unsafe),
    since: "0.1.0",
    summary: "`application/vnd.docker.image.rootfs.diff.tar.zstd` is not a Docker schema 2 type; zstd layers need an OCI manifest.",
    why: "The Docker spec defines no zstd layer type. BuildKit writes \
          `application/vnd.docker.image.rootfs.diff.tar.zstd` with \
          `compression=zstd,oci-mediatypes=false`, containerd and go-containerregistry \
          accept it, but podman before mid-2025 refused the image (`unsupported docker v2s2 \
          media type: \"application/vnd.docker.image.rootfs.diff.tar.zstd\"`), Quay's \
          schema refuses it, and containers/image will not convert it (`zstd compression is \
          not officially supported for docker images`). zstd is standard only in OCI \
          (`application/vnd.oci.image.layer.v1.tar+zstd`).",
    how_to_fix: "Publish the image as an OCI manifest (BuildKit: `oci-mediatypes=true`) so \
                 the layers become `application/vnd.oci.image.layer.v1.tar+zstd`, or \
                 recompress the layers with gzip.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/layer.md#zstd-media-types",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.zstd", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654}]}"#),
        valid(examples::OCI_IMAGE_MANIFEST_ZSTD),
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
        let Some(member) = site.media_type_member() else {
            continue;
        };
        if member.value.as_str() != Some(mt::DOCKER_LAYER_ZSTD) {
            continue;
        }
        let diagnostic = out.emit(
            member.value.range,
            site.pointer.part(Part::MediaType),
            format!(
                "`{}` is not in the Docker spec and podman (before mid-2025) and Quay refuse it; zstd layers are standard only in an OCI manifest, as `{}`",
                mt::DOCKER_LAYER_ZSTD,
                mt::OCI_LAYER_ZSTD
            ),
        );
        diagnostic.fix(
            FixSafety::Unsafe,
            "Convert the manifest to OCI, where zstd layers are standard",
            ctx.convert_edits(Format::Oci),
        );
    }
}
