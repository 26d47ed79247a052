//! MTF003: an OCI image index's `mediaType`, when present, is exactly the index type.

use super::super::prelude::*;
use crate::spec::media_types as mt;

declare_rule! {
    code: "MTF003",
    name: "doc-media-type-oci-index",
    severity: Error,
    fix: Always(Unsafe),
    since: "0.1.0",
    summary: "An OCI image index's `mediaType`, when present, must be exactly `application/vnd.oci.image.index.v1+json`.",
    why: "image-spec: when used, `mediaType` MUST be `application/vnd.oci.image.index.v1+json`. \
          distribution refuses anything else with `if present, mediaType in image index \
          should be 'application/vnd.oci.image.index.v1+json' not '…'`, and Quay's index \
          schema pins the value with an enum.",
    how_to_fix: "Write `\"mediaType\": \"application/vnd.oci.image.index.v1+json\"`. If the \
                 value names a Docker manifest list on purpose, the document is a Docker \
                 list: declare `application/vnd.docker.distribution.manifest.list.v2+json` \
                 and drop the OCI-only fields. The fix writes the OCI index type.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+jsonXXX", "manifests": []}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": null, "manifests": []}"#, content_type: "application/vnd.oci.image.index.v1+json"),
        valid(examples::OCI_INDEX_EMPTY),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "manifests": []}"#, content_type: "application/vnd.oci.image.index.v1+json"),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciIndex {
        return;
    }
    let mark = out.mark();
    ctx.check_own_media_type(out, mt::OCI_INDEX, "an OCI image index");
    let Some(member) = ctx.root.get("mediaType") else {
        return;
    };
    for diagnostic in out.since(mark) {
        diagnostic.fix(
            FixSafety::Unsafe,
            format!("Set `mediaType` to `{}`", mt::OCI_INDEX),
            vec![ctx.editor().replace_string(&member.value, mt::OCI_INDEX)],
        );
    }
}
