//! MED001: media-type fields follow RFC 6838 §4.2 as image-spec's schema writes it, without
//! parameters.

use super::super::prelude::*;
use super::super::Field;
use crate::spec::media_types;

declare_rule! {
    code: "MED001",
    name: "media-type-rfc6838",
    covers: ["media-type-rfc6838", "media-type-no-parameters"],
    severity: Error,
    since: "0.1.0",
    summary: "`mediaType` must be `type/subtype` (RFC 6838 §4.2), without `;` parameters.",
    why: "image-spec says media types MUST comply with RFC 6838 including its §4.2 naming \
          rules, and its schema checks every descriptor's `mediaType` against \
          `^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$`, \
          which also rules out parameters such as `;charset=utf-8`. image-spec's validator \
          and zot refuse anything else, ECR refuses parameters, and runtimes choose parsers \
          by exact string, so a value like `tar.gz` or `…+json; charset=utf-8` is never \
          recognised.",
    how_to_fix: "Write the plain media type, e.g. `application/vnd.oci.image.layer.v1.tar+gzip`; \
                 drop parameters (`;…`) and put version information in the subtype.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#properties",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "invalid", "size": 7143, "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "platform": {"architecture": "ppc64le", "os": "linux"}}]}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json;charset=utf-8", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": []}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7143, "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "platform": {"architecture": "ppc64le", "os": "linux"}}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let fields = ctx
        .media_type_fields()
        .filter(|f| f.field != Field::ArtifactType);
    for field in fields {
        // Empty values are `desc-media-type-string`'s finding.
        if field.value().is_empty() {
            continue;
        }
        if let Err(error) = media_types::check_syntax(field.value()) {
            out.emit(
                field.range(),
                field.pointer,
                format!(
                    "`{}` is not a media type: it {}",
                    field.value().escape_debug(),
                    error.describe()
                ),
            );
        }
    }
}
