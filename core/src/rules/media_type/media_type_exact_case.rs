//! MED003: a known media type written in other letter case.

use super::super::prelude::*;
use super::super::Field;
use crate::spec::media_types;

declare_rule! {
    code: "MED003",
    name: "media-type-exact-case",
    severity: Warning,
    since: "0.1.0",
    summary: "Known media types must be written in their exact (lowercase) spelling.",
    why: "RFC 6838 makes media-type names case-insensitive, but no implementation compares \
          them that way: distribution looks the type up in a map, containerd, moby and \
          containers/image compare with `==` or `switch`. A layer typed \
          `application/vnd.OCI.image.layer.v1.tar+gzip` is therefore not recognised as a \
          layer (containerd does not unpack it, moby answers `unsupported media type`).",
    how_to_fix: "Write the media type exactly as the specification spells it.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/media-types.md",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [{"mediaType": "application/vnd.OCI.image.layer.v1.tar+gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654}]}"#),
        valid(examples::OCI_IMAGE_MANIFEST),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for field in ctx.media_type_fields() {
        if field.field == Field::Own {
            continue;
        }
        let Some(known) = media_types::ALL
            .iter()
            .find(|known| known.eq_ignore_ascii_case(field.value()) && **known != field.value())
        else {
            continue;
        };
        let name = if field.field == Field::ArtifactType {
            "artifactType"
        } else {
            "mediaType"
        };
        out.emit(
            field.range(),
            field.pointer,
            format!(
                "`{}` differs from `{known}` only in letter case; implementations compare media types exactly, so this `{name}` is not recognised",
                field.value()
            ),
        );
    }
}
