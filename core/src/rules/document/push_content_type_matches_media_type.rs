//! DOC003: the declared `mediaType` agrees with the `Content-Type` it is sent with.

use super::super::prelude::*;
use crate::spec::media_types as mt;
use crate::transform::convert::Format;

declare_rule! {
    code: "DOC003",
    name: "push-content-type-matches-media-type",
    covers: ["push-content-type-matches-media-type", "pull-reject-media-type-mismatch"],
    severity: Error,
    fix: Sometimes(Unsafe),
    since: "0.1.0",
    summary: "The document's `mediaType` must equal the `Content-Type` it is pushed with.",
    why: "Registries compare the two. distribution (Docker Hub, and most registries built on \
          it) answers `MANIFEST_INVALID: mediaType in manifest should be '…' not '…'`, \
          which is what kaniko users saw when an OCI manifest was pushed as Docker. Since \
          CVE-2021-41190, a document whose type depends on the header alone is treated as \
          an attack, so the two must agree.",
    how_to_fix: "Push with the `Content-Type` the document declares, or convert the \
                 document to the format of the header (Docker ↔ OCI), which also changes \
                 its config and layer media types.",
    url: "https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#pushing-manifests",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json"}"#, content_type: "application/vnd.docker.distribution.manifest.v2+json"),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json"}"#, content_type: "application/vnd.oci.image.manifest.v1+json"),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let Some(content_type) = ctx.content_type else {
        return;
    };
    if !ctx.kind.declares_own_media_type() {
        return;
    }
    let Some(member) = ctx.root.get("mediaType") else {
        return;
    };
    let Some(declared) = member.value.as_str() else {
        return;
    };
    if declared != content_type {
        let diagnostic = out.emit(
            member.value.range,
            Pointer::root().key("mediaType"),
            format!(
                "the document declares `{declared}` but is sent as `{content_type}`; registries refuse the mismatch (\"mediaType in manifest should be '{content_type}' not '{declared}'\")"
            ),
        );
        // The same document in the other family: converting the body matches the header.
        let to = if mt::oci_to_docker(declared) == Some(content_type) {
            Some(Format::Docker)
        } else if mt::docker_to_oci(declared) == Some(content_type) {
            Some(Format::Oci)
        } else {
            None
        };
        if let Some(to) = to {
            diagnostic.fix(
                FixSafety::Unsafe,
                format!(
                    "Convert the document to {} so that it matches the `Content-Type` (or push it with `Content-Type: {declared}`)",
                    to.name()
                ),
                ctx.convert_edits(to),
            );
        }
    }
}
