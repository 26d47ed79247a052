//! MIX002: an OCI image manifest whose layers carry Docker layer types.

use super::super::prelude::*;
use crate::rules::DescriptorRole;
use crate::spec::media_types::{self as mt, Family};

declare_rule! {
    code: "MIX002",
    name: "mixed-oci-manifest-docker-layers",
    severity: Warning,
    fix: Sometimes(Safe),
    since: "0.1.0",
    summary: "An OCI image manifest should use OCI layer types, not Docker ones.",
    why: "image-spec tolerates unknown layer types but says manifests concerned with \
          portability SHOULD use the OCI ones. Docker-typed layers in an OCI manifest come \
          from tools that mutate images (go-containerregistry's `tarball` layers default to \
          Docker types; kaniko, ko). Quay refused them for years (`manifest data does not \
          match schema: 'application/vnd.docker.image.rootfs.diff.tar.gzip' is not one of \
          [...]`), kaniko forks now refuse to write them (`manifest mixes OCI and docker \
          media types`), and converters have to guess what the author meant. The fix is \
          lossless: image-spec calls the gzip types \"interchangeable and fully \
          compatible\", and the blobs and digests stay.",
    how_to_fix: "Rename each layer type to its OCI equivalent, keeping `digest`, `size` and \
                 `urls`: `…rootfs.diff.tar.gzip` → `application/vnd.oci.image.layer.v1.tar+gzip`, \
                 `…rootfs.diff.tar` → `…layer.v1.tar`, `…rootfs.diff.tar.zstd` → \
                 `…layer.v1.tar+zstd`, foreign → `…layer.nondistributable.v1.tar(+gzip)` \
                 (deprecated; or an ordinary layer). In go-containerregistry pass \
                 `tarball.WithMediaType(types.OCILayer)`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 329, "digest": "sha256:7760637f74788fa570057d4c2e7b5c21d996863744d6049807c218f01154fa74"}, "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 20787697, "digest": "sha256:97565d0bbd9530b3349cabff269322e8686a4f3add243e72814ba51630e49be9"}]}"#),
        valid(examples::OCI_IMAGE_MANIFEST_SIZE_FIRST),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciManifest || ctx.header_contradicts_body() {
        return;
    }
    for (site, member, value) in ctx.media_types_of(DescriptorRole::Layer) {
        if mt::family(value) != Family::Docker || !mt::is_image_layer(value) {
            continue;
        }
        let message = match mt::docker_to_oci(value) {
            Some(oci) if mt::is_oci_nondistributable(oci) => format!(
                "`{value}` is a Docker layer type in an OCI manifest; its OCI name is `{oci}` (deprecated, so consider an ordinary layer instead); the blob and digest stay the same"
            ),
            Some(oci) => format!(
                "`{value}` is a Docker layer type in an OCI manifest; use its OCI name `{oci}`, the blob and digest stay the same"
            ),
            None => format!("`{value}` is a Docker layer type in an OCI manifest; use an OCI layer type"),
        };
        let diagnostic = out.emit(
            member.value.range,
            site.pointer.part(Part::MediaType),
            message,
        );
        if let Some(oci) = mt::docker_to_oci(value) {
            diagnostic.fix(
                FixSafety::Safe,
                format!("Use the OCI name `{oci}` (same blob, same digest)"),
                vec![ctx.editor().replace_string(&member.value, oci)],
            );
        }
    }
}
