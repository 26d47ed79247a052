//! MED004: OCI non-distributable layer types are deprecated.

use super::super::prelude::*;
use super::super::DescriptorRole;
use crate::kind::media_type as mt;

declare_rule! {
    code: "MED004",
    name: "media-type-nondistributable-deprecated",
    severity: Warning,
    since: "0.1.0",
    summary: "`application/vnd.oci.image.layer.nondistributable.*` layer types are deprecated.",
    why: "image-spec 1.1 deprecates non-distributable layers: implementations SHOULD NOT \
          produce them (they must still read the `tar` and `tar+gzip` variants). The \
          licensing reason for them is gone (Microsoft stopped using foreign Windows base \
          layers in 2023), moby removed support in 2024, and registries treat them \
          inconsistently: distribution refuses their `urls` by default, Quay refuses them \
          without `urls`. image-spec v1.1.1 repeats the deprecation in manifest.md and \
          layer.md and adds that implementations are expected to keep reading existing \
          images with such layers (commit 7327da4): a warning in every version, never an \
          error.",
    how_to_fix: "Push the layer blob to the registry, use the distributable type (e.g. \
                 `application/vnd.oci.image.layer.v1.tar+gzip`) and remove `urls`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/layer.md#non-distributable-layers",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [{"mediaType": "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654, "urls": ["https://example.com/layer.tar.gz"]}]}"#),
        valid(examples::OCI_IMAGE_MANIFEST),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (site, member, media_type) in ctx.media_types_of(DescriptorRole::Layer) {
        if !mt::is_oci_nondistributable(media_type) {
            continue;
        }
        let distributable = media_type.replacen(".nondistributable", "", 1);
        out.emit(
            member.value.range,
            site.pointer.part(Part::MediaType),
            format!("`{media_type}` is deprecated since image-spec 1.1; push the blob and use `{distributable}`"),
        );
    }
}
