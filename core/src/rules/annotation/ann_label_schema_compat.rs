//! ANN013: `org.label-schema.*` keys have `org.opencontainers.image.*` successors.

use super::super::fixes;
use super::super::prelude::*;

declare_rule! {
    code: "ANN013",
    name: "ann-label-schema-compat",
    severity: Info,
    fix: Sometimes(Unsafe),
    since: "0.1.0",
    summary: "`org.label-schema.*` keys are superseded by the `org.opencontainers.image.*` annotations.",
    why: "Label Schema's conventions are superseded by image-spec's pre-defined keys; tools \
          MAY still read `org.label-schema.*`, but need not: GitHub, for one, links a \
          package to its repository only through `org.opencontainers.image.source`, so a \
          build date, source or version written only the old way may not be shown.",
    how_to_fix: "Write the value under the OCI key the message names (keeping the old key \
                 too is harmless if older tools read it). In a Dockerfile: `LABEL \
                 org.opencontainers.image.source=…`. The fix renames the key, or removes \
                 it when the OCI key is already set; for `usage` only when the value is a \
                 URL.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md#back-compatibility-with-label-schema",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.label-schema.build-date": "2023-01-02T03:04:05Z"}}"#),
        invalid(r#"{"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}, "config": {"Labels": {"org.label-schema.vcs-url": "https://github.com/foo/bar"}}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.label-schema.schema-version": "1.0", "org.opencontainers.image.created": "2023-01-02T03:04:05Z"}}"#),
    ],
    check: Document(check),
}

const LABEL_SCHEMA: &str = "org.label-schema.";

/// annotations.md § Back-compatibility with Label Schema: Label Schema name → OCI name.
const SUCCESSORS: [(&str, &str); 9] = [
    ("build-date", "created"),
    ("url", "url"),
    ("vcs-url", "source"),
    ("version", "version"),
    ("vcs-ref", "revision"),
    ("vendor", "vendor"),
    ("name", "title"),
    ("description", "description"),
    ("usage", "documentation"),
];

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for map in ctx.annotation_maps() {
        if map.member.value.members().is_some() {
            report(ctx, &map.member.value, || map.pointer.pointer(), out);
        }
    }
    // The image config's labels follow the same conventions.
    if ctx.kind.is_config() {
        let labels = ctx
            .root
            .get("config")
            .and_then(|config| config.value.get("Labels"))
            .filter(|labels| labels.value.members().is_some());
        if let Some(labels) = labels {
            report(
                ctx,
                &labels.value,
                || Pointer::root().key("config").key("Labels"),
                out,
            );
        }
    }
}

/// `pointer` makes the map's pointer: only a map with an old label has it made.
fn report(ctx: &Context<'_>, map: &Node, pointer: impl Fn() -> Pointer, out: &mut Emitter<'_>) {
    let entries = map.members().unwrap_or_default();
    for (index, entry) in entries.iter().enumerate() {
        let Some(old) = entry.key.strip_prefix(LABEL_SCHEMA) else {
            continue;
        };
        let Some((_, new)) = SUCCESSORS.iter().find(|(name, _)| *name == old) else {
            continue;
        };
        let successor = format!("org.opencontainers.image.{new}");
        let present = entries.iter().any(|other| other.key == successor);
        let mut message = if present {
            format!("`{}` is the Label Schema form of `{successor}`, which is also set; the old key can go", entry.key)
        } else {
            format!(
                "`{}` is superseded by `{successor}`, which current tools read instead",
                entry.key
            )
        };
        if old == "usage" {
            message.push_str(" (only if the value is a documentation URL)");
        }
        let diagnostic = out.emit(ctx.key_range(entry), pointer().key(entry.key), message);
        // `usage` may be free text, which `documentation` (a URL) cannot take.
        let fits = old != "usage"
            || entry
                .value
                .as_str()
                .is_some_and(|v| v.starts_with("https://") || v.starts_with("http://"));
        // A repeated old key: rename the first only, or both would become one duplicate key.
        let first = entries[..index].iter().all(|other| other.key != entry.key);
        if fits && first {
            if let Some((title, edit)) = fixes::rename_or_remove(ctx, map, entry, &successor) {
                diagnostic.fix(FixSafety::Unsafe, title, vec![edit]);
            }
        }
    }
}
