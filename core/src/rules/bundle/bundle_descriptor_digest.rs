//! BND001: a descriptor names the document given with it by another digest.

use super::super::prelude::*;
use crate::rules::bundle_context::{BundleContext, BundleEmitter, LinkedBy};

declare_rule! {
    code: "BND001",
    name: "bundle-descriptor-digest",
    severity: Error,
    fix: Always(Unsafe),
    since: "0.1.0",
    summary: "A descriptor's `digest` must be that of the document given for it in the bundle.",
    why: "Registries look every descriptor up by digest: a manifest whose config or index \
          whose child was edited after the parent was written names a blob that no longer \
          exists, and the push fails (`MANIFEST_BLOB_UNKNOWN`) or the pull does \
          (`manifest unknown`). This is what happens after hand-editing a child, or after a \
          conversion that forgot to update the parent.",
    how_to_fix: "Set the descriptor's `digest` and `size` to those of the document (the fix \
                 does), or give the document the descriptor names. `ocilint fix` and \
                 `convert` given the parent and the child together update the parent \
                 themselves.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#digests",
    examples: [
        invalid(r#"[{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443", "size": 86}, "layers": []},
{"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}]"#),
        valid(r#"[{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0", "size": 86}, "layers": []},
{"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}]"#),
    ],
    check: Bundle(check),
}

fn check(ctx: &BundleContext<'_>, out: &mut BundleEmitter<'_>) {
    for link in ctx.links.iter().filter(|l| l.by == LinkedBy::OnlyCandidate) {
        let child = &ctx.documents[link.child];
        let Some(member) = link.descriptor.get("digest") else {
            continue;
        };
        let named = member.value.as_str().unwrap_or("");
        let editor = crate::fix::Editor::new(ctx.documents[link.parent].document);
        let mut edits = vec![editor.replace_string(&member.value, &child.digest)];
        match link.descriptor.get("size") {
            Some(size) => edits.push(editor.replace(&size.value, child.bytes.len().to_string())),
            None => edits.extend(
                editor.insert_member(
                    link.descriptor,
                    link.descriptor
                        .members()
                        .and_then(|m| m.iter().position(|m| m.key == "digest")),
                    "size",
                    &child.bytes.len().to_string(),
                ),
            ),
        }
        out.emit(
            link.parent,
            member.value.range,
            link.pointer.key("digest"),
            format!(
                "this descriptor names {}, but the document given for it, {}, is {} ({} bytes); one of them was changed after the other was written",
                named,
                child.name,
                child.digest,
                child.bytes.len()
            ),
        )
        .fix(
            FixSafety::Unsafe,
            format!("Name {} ({} bytes), the document given for it", child.name, child.bytes.len()),
            edits,
        );
    }
}
