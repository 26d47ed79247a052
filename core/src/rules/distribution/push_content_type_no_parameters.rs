//! DST001: the Content-Type carries no parameters.

use super::super::prelude::*;

declare_rule! {
    code: "DST001",
    name: "push-content-type-no-parameters",
    severity: Warning,
    // The parameters are in the HTTP header, not in the document: no edit of the bytes
    // removes them, so there is nothing to offer as a fix.
    since: "0.1.0",
    summary: "The Content-Type a manifest is pushed with should be the bare media type.",
    why: "distribution-spec says clients SHOULD NOT send parameters such as `; charset=utf-8` \
          and registries SHOULD ignore them, but not all do: a registry that compares the \
          header with the document's `mediaType` as strings refuses the push.",
    how_to_fix: "Send the media type alone, e.g. \
                 `Content-Type: application/vnd.oci.image.manifest.v1+json`.",
    url: "https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#pushing-manifests",
    examples: [
        invalid(examples::OCI_INDEX_EMPTY, content_type: "application/vnd.oci.image.index.v1+json; charset=utf-8"),
        valid(examples::OCI_INDEX_EMPTY, content_type: "application/vnd.oci.image.index.v1+json"),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let Some(header) = ctx.content_type_header else {
        return;
    };
    if let Some((_, parameters)) = header.split_once(';') {
        out.emit(
            TextRange::new(0, 0),
            Pointer::root(),
            format!(
                "the Content-Type has parameters (`;{parameters}`); send `{}` alone",
                ctx.content_type.unwrap_or(header)
            ),
        );
    }
}
