//! JSON008: member names that differ from a defined one only in letter case.

use super::super::fixes;
use super::super::prelude::*;
use crate::spec::fields;

declare_rule! {
    code: "JSON008",
    name: "json-key-case-variant",
    severity: Warning,
    fix: Sometimes(Unsafe),
    since: "0.1.0",
    summary: "A member name must be spelt exactly as the spec defines it, letter case included.",
    why: "Go's encoding/json, which registries, containerd and podman use, matches member \
          names case-insensitively, so it reads `MediaType` as `mediaType`; case-sensitive \
          parsers (JavaScript, Rust, Python) ignore it. The same document then means two \
          things to two tools.",
    how_to_fix: "Rename the member to its defined spelling (shown in the message); the fix \
                 does, or removes the member when the defined spelling is already there.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/considerations.md#extensibility",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "Annotations": {}}"#),
        valid(examples::OCI_INDEX_EMPTY_ANNOTATIONS),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.defined_objects() {
        let Some(members) = site.node.members() else {
            continue;
        };
        for member in members {
            if site.top_level
                && fields::STRUCTURAL
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(member.key))
            {
                // The structural variants are errors; JSON009 reports them.
                continue;
            }
            if let Some(defined) = fields::case_variant_of(member.key, site.known) {
                let diagnostic = out.emit(
                    ctx.key_range(member),
                    site.pointer.key(member.key),
                    format!(
                        "`{}` is `{defined}` in another letter case: Go tools read it as `{defined}`, others ignore it",
                        member.key
                    ),
                );
                // Two variants of one name would both become `defined`: fix the first now, the
                // others (then duplicates of it, so removed) in the next pass.
                let first_variant = members
                    .iter()
                    .find(|m| fields::case_variant_of(m.key, site.known) == Some(defined))
                    .is_some_and(|m| m.value.range == member.value.range);
                if first_variant {
                    if let Some((title, edit)) =
                        fixes::rename_or_remove(ctx, site.node, member, defined)
                    {
                        diagnostic.fix(FixSafety::Unsafe, title, vec![edit]);
                    }
                }
            }
        }
    }
}
