//! DKR005: uncompressed Docker layer types are outside the Docker spec.

use super::super::prelude::*;
use super::super::DescriptorRole;
use crate::spec::media_types as mt;

declare_rule! {
    code: "DKR005",
    name: "docker-manifest-layer-uncompressed",
    severity: Info,
    since: "0.1.0",
    summary: "`…rootfs.diff.tar` and `…rootfs.foreign.diff.tar` are widely accepted but not in the Docker spec.",
    why: "The Docker spec defines only gzip layer types. The uncompressed \
          `application/vnd.docker.image.rootfs.diff.tar` (written by `docker save`-style \
          archives) is accepted by distribution, containerd and containers/image, but Quay \
          refuses it (`manifest invalid`), and containerd treats its compression as \
          unknown because such blobs are sometimes gzip after all.",
    how_to_fix: "gzip the layer and use `application/vnd.docker.image.rootfs.diff.tar.gzip`, \
                 or convert the image to OCI, where `application/vnd.oci.image.layer.v1.tar` \
                 is a standard type.",
    url: "https://github.com/distribution/distribution/blob/main/docs/content/spec/manifest-v2-2.md#media-types",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 92160}]}"#),
        valid(examples::DOCKER_IMAGE_MANIFEST),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::DockerManifest || ctx.header_contradicts_body() {
        return;
    }
    for (site, member, value) in ctx.media_types_of(DescriptorRole::Layer) {
        let standard = match value {
            mt::DOCKER_LAYER_TAR => mt::DOCKER_LAYER_GZIP,
            mt::DOCKER_FOREIGN_TAR => mt::DOCKER_FOREIGN_GZIP,
            _ => continue,
        };
        out.emit(
            member.value.range,
            site.pointer.part(Part::MediaType),
            format!(
                "`{value}` (an uncompressed layer) is not in the Docker spec, whose type is `{standard}`; most tools accept it, Quay does not"
            ),
        );
    }
}
