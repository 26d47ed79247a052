//! DSC012: a descriptor's `artifactType` is a media type (RFC 6838 §4.2).

use super::super::prelude::*;
use crate::spec::media_types;

declare_rule! {
    code: "DSC012",
    name: "desc-artifact-type-syntax",
    severity: Error,
    since: "0.1.0",
    summary: "A descriptor's `artifactType` must be a media type such as `application/vnd.example.sbom+json`.",
    why: "image-spec says a descriptor's `artifactType`, when present, MUST comply with RFC \
          6838 and its §4.2 naming rules; its schema checks the pattern \
          `^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$`. \
          Referrers clients filter by it (`?artifactType=`), ORAS refuses anything else \
          (`invalid artifactType format`), zot validates with the same pattern, and ECR \
          refuses parameters (`;version=…`), which is why sigstore renamed its bundle type.",
    how_to_fix: "Use a `type/subtype` media type, e.g. `application/vnd.example.sbom.v1+json`; \
                 put versions in the subtype instead of `;` parameters.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#properties",
    examples: [
        invalid(r#"{"mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "foo/.bar", "size": 7682, "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270"}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "sbom", "size": 7682, "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270"}]}"#),
        valid(r#"{"mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/spdx+json", "size": 7682, "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270"}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let Some(member) = site.artifact_type() else {
            continue;
        };
        let pointer = site.pointer.part(Part::ArtifactType);
        let Some(text) = member.value.as_str() else {
            out.emit(
                member.value.range,
                pointer,
                format!(
                    "`artifactType` is {}; it must be a media-type string",
                    member.value.type_name()
                ),
            );
            continue;
        };
        if let Err(error) = media_types::check_syntax(text) {
            out.emit(
                member.value.range,
                pointer,
                format!(
                    "`artifactType` {} is not a media type: it {}",
                    shorten(text, 60),
                    error.describe()
                ),
            );
        }
    }
}
