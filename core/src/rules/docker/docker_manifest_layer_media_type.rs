//! DKR003: a Docker manifest's layers use the Docker layer types.

use super::super::prelude::*;
use super::super::DescriptorRole;
use crate::spec::media_types::{self as mt, Family, Role};

declare_rule! {
    code: "DKR003",
    name: "docker-manifest-layer-media-type",
    severity: Warning,
    since: "0.1.0",
    summary: "A Docker manifest's layers should be `application/vnd.docker.image.rootfs.diff.tar.gzip` (or the foreign type).",
    why: "The Docker spec says a layer's type \"should generally be\" \
          `application/vnd.docker.image.rootfs.diff.tar.gzip`, or \
          `application/vnd.docker.image.rootfs.foreign.diff.tar.gzip` for foreign layers. \
          podman, skopeo and CRI-O refuse any other type in a Docker manifest \
          (`unsupported docker v2s2 media type: \"…\"`), Quay's schema allows only those \
          two, and containerd does not unpack unknown types (`number of layers and diffIDs \
          don't match`). Custom content next to a root filesystem belongs in a separate OCI \
          artifact. OCI types, zstd and uncompressed Docker types have their own rules.",
    how_to_fix: "Keep only filesystem layers (gzip-compressed tar) in the Docker manifest; \
                 publish other content as an OCI artifact (its own manifest with \
                 `artifactType`), referring to the image through `subject` if it belongs to it.",
    url: "https://github.com/distribution/distribution/blob/main/docs/content/spec/manifest-v2-2.md#image-manifest-field-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [{"mediaType": "application/io.gardenlinux.release", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 1204}]}"#),
        valid(examples::DOCKER_IMAGE_MANIFEST),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::DockerManifest || ctx.header_contradicts_body() {
        return;
    }
    for (site, member, value) in ctx.media_types_of(DescriptorRole::Layer) {
        // Empty types, OCI types, and the non-standard Docker layer types are reported by
        // `desc-media-type-string`, the mixed-schema rule and their own Docker rules.
        if value.is_empty() || mt::family(value) == Family::Oci || mt::is_image_layer(value) {
            continue;
        }
        let what = match mt::role(value) {
            Role::ImageConfig => "a config type, not a layer type",
            Role::Manifest | Role::Index => "a manifest type, not a layer type",
            _ => "not a Docker layer type",
        };
        out.emit(
            member.value.range,
            site.pointer.part(Part::MediaType),
            format!(
                "`{value}` is {what}; Docker manifest layers should be `{}` (podman refuses the manifest: `unsupported docker v2s2 media type: \"{value}\"`)",
                mt::DOCKER_LAYER_GZIP
            ),
        );
    }
}
