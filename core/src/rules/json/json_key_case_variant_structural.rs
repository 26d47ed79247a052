//! JSON009: `Config`, `Layers` or `Manifests` at the top level.

use super::super::fixes;
use super::super::prelude::*;
use crate::spec::fields;

declare_rule! {
    code: "JSON009",
    name: "json-key-case-variant-structural",
    covers: ["json-key-case-variant"],
    severity: Error,
    fix: Sometimes(Unsafe),
    since: "0.1.0",
    summary: "`config`, `layers` and `manifests` must not appear in another letter case.",
    why: "These members decide whether a document is a manifest or an index. Go consumers \
          read `Manifests` as `manifests`, so a manifest carrying it is ambiguous in the \
          CVE-2021-41190 sense; containers/image (podman, skopeo, buildah) therefore \
          rejects case-insensitive matches (`rejecting ambiguous manifest`).",
    how_to_fix: "Remove the member, or rename it to its exact spelling if it is the one the \
                 document needs. The fix renames it when the document's kind uses that member \
                 and does not have it yet, and removes it otherwise.",
    url: "https://github.com/opencontainers/image-spec/security/advisories/GHSA-77vh-xpmg-72qh",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "Layers": []}"#),
        valid(examples::OCI_INDEX_EMPTY),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !(ctx.kind.is_image_manifest() || ctx.kind.is_index() || ctx.kind == Kind::Unknown) {
        return;
    }
    let Some(members) = ctx.root.members() else {
        return;
    };
    for member in members {
        if let Some(defined) = fields::case_variant_of(member.key, &fields::STRUCTURAL) {
            let diagnostic = out.emit(
                ctx.key_range(member),
                Pointer::root().key(member.key),
                format!(
                    "`{}` is `{defined}` in another letter case; Go tools read it as `{defined}`, which makes the document ambiguous",
                    member.key
                ),
            );
            let first_variant = members
                .iter()
                .find(|m| fields::case_variant_of(m.key, &fields::STRUCTURAL) == Some(defined))
                .is_some_and(|m| m.value.range == member.value.range);
            let (title, edit) = if belongs(ctx.kind, defined) && first_variant {
                match fixes::rename_or_remove(ctx, ctx.root, member, defined) {
                    Some(fix) => fix,
                    None => continue,
                }
            } else {
                let Some(edit) = fixes::remove(ctx, member) else {
                    continue;
                };
                (format!("Remove `{}`", member.key), edit)
            };
            diagnostic.fix(FixSafety::Unsafe, title, vec![edit]);
        }
    }
}

/// Whether a document of `kind` uses the structural member `name` (a manifest `config` and
/// `layers`, an index `manifests`); for a document of unknown kind, any of them may be meant.
fn belongs(kind: Kind, name: &str) -> bool {
    if kind.is_index() {
        name == "manifests"
    } else if kind.is_image_manifest() {
        name != "manifests"
    } else {
        true
    }
}
