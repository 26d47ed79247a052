//! DOC004: the media type names a document kind ocilint knows.

use super::super::prelude::*;

declare_rule! {
    code: "DOC004",
    name: "push-content-type-known",
    severity: Warning,
    since: "0.1.0",
    summary: "The document's media type should be a manifest, index, config or layout type.",
    why: "A registry stores only the manifest media types it knows (distribution registers \
          four: OCI manifest and index, Docker manifest and list) and refuses others with \
          `MANIFEST_INVALID` or `415 Unsupported Media Type`. A misspelt or extended type \
          (`…v1+jsonXXX`, a `; charset` parameter inside the document) is the usual cause.",
    how_to_fix: "Use the exact media type of the document's kind, for example \
                 `application/vnd.oci.image.manifest.v1+json`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/media-types.md",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+jsonXXX", "manifests": []}"#),
        invalid(examples::SCHEMA_VERSION_ONLY, content_type: "application/vnd.example.thing+json"),
        valid(examples::OCI_INDEX_EMPTY),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if let Some(content_type) = ctx.content_type {
        if Kind::from_media_type(content_type).is_none() {
            out.emit(
                TextRange::new(0, 0),
                Pointer::root(),
                format!(
                    "`{content_type}` (the Content-Type) is not a manifest, index or config media type; only JSON rules were applied"
                ),
            );
        }
        return;
    }
    if !ctx.kind.declares_own_media_type() {
        return;
    }
    let Some(member) = ctx.root.get("mediaType") else {
        return;
    };
    let Some(declared) = member.value.as_str() else {
        return;
    };
    if Kind::from_media_type(declared).is_none() {
        let detected = match ctx.kind {
            Kind::Unknown => String::from("its kind could not be told from its fields either"),
            kind => format!("validated as `{}` from its fields", kind.as_str()),
        };
        out.emit(
            member.value.range,
            Pointer::root().key("mediaType"),
            format!("`{declared}` is not a known manifest, index or config media type; {detected}"),
        );
    }
}
