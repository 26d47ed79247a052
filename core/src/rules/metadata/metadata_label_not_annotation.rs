//! MET002: a config label from image-spec's `org.opencontainers.image.*` set that the
//! manifest naming the config does not carry as an annotation.

use super::super::fixes;
use super::super::prelude::*;
use crate::rules::bundle_context::{BundleContext, BundleEmitter};

declare_rule! {
    code: "MET002",
    name: "metadata-label-not-annotation",
    severity: Info,
    fix: Sometimes(Safe),
    since: "0.1.0",
    summary: "An `org.opencontainers.image.*` config label should also be an annotation of the image manifest, where readers of the manifest find it.",
    why: "A Dockerfile `LABEL` lands in the image config, a blob a reader must fetch \
          separately; annotations sit in the manifest itself, and an index's entries can \
          repeat them. Readers that can, take the annotations and fetch no config: \
          Renovate looks for `org.opencontainers.image.source` and `.revision` in \
          annotations first, then falls back to labels (ph4r5h4d/wait4it#172), and reads \
          them off the index's descriptors to save the manifest and config requests \
          (renovatebot/renovate#44755); what builds an index from manifests (the index \
          annotations GHCR reads, rule MET001) copies no label. So the values have to be \
          copied, which is why regctl has `image mod --label-to-annotation` and BuildKit \
          `--annotation manifest:…`. image-spec gives the keys one meaning in both places \
          (annotations.md, \"Pre-Defined Annotation Keys\"; config.md, `Labels`).",
    how_to_fix: "Copy the labels onto the manifest's `annotations` (the fix does; the \
                 manifest's new digest then goes into every index of the bundle that names \
                 it): `docker buildx build --annotation manifest:KEY=VALUE`, or `regctl image \
                 mod --label-to-annotation`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md#pre-defined-annotation-keys",
    examples: [
        invalid(r#"[{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:e6deea5d506fba88442efcb209ebcb7c564c5ab4350cfa55c9f0a55714078c40", "size": 240}, "layers": []},
{"architecture": "amd64", "os": "linux", "config": {"Labels": {"org.opencontainers.image.description": "A tiny web server", "org.opencontainers.image.source": "https://github.com/example/web"}}, "rootfs": {"type": "layers", "diff_ids": []}}]"#),
        valid(r#"[{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:e6deea5d506fba88442efcb209ebcb7c564c5ab4350cfa55c9f0a55714078c40", "size": 240}, "layers": [], "annotations": {"org.opencontainers.image.description": "A tiny web server", "org.opencontainers.image.source": "https://github.com/example/web"}},
{"architecture": "amd64", "os": "linux", "config": {"Labels": {"org.opencontainers.image.description": "A tiny web server", "org.opencontainers.image.source": "https://github.com/example/web"}}, "rootfs": {"type": "layers", "diff_ids": []}}]"#),
    ],
    check: Bundle(check),
}

const PREFIX: &str = "org.opencontainers.image.";

fn check(ctx: &BundleContext<'_>, out: &mut BundleEmitter<'_>) {
    for link in ctx.links.iter().filter(|l| l.pointer.as_str() == "/config") {
        let manifest = &ctx.documents[link.parent];
        let config = &ctx.documents[link.child];
        // A Docker manifest has no `annotations` to copy them to.
        let Some(root) = manifest.root.filter(|_| manifest.kind == Kind::OciManifest) else {
            continue;
        };
        let Some(labels) = config
            .root
            .filter(|_| config.kind.is_config())
            .and_then(|r| r.get("config"))
            .and_then(|c| c.value.get("Labels"))
            .and_then(|l| l.value.members())
        else {
            continue;
        };
        let missing: Vec<(&str, &str)> = labels
            .iter()
            .filter(|l| {
                l.key.starts_with(PREFIX) && !l.key.starts_with("org.opencontainers.image.base.")
            })
            .filter_map(|l| {
                l.value
                    .as_str()
                    .filter(|v| !v.is_empty())
                    .map(|v| (&*l.key, v))
            })
            .filter(|(key, _)| manifest.annotation(key).is_none())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let keys: Vec<&str> = missing.iter().map(|(k, _)| *k).collect();
        let (range, pointer) = match root.get("annotations") {
            Some(member) => (
                manifest.document.key_range(member),
                Pointer::root().key("annotations"),
            ),
            None => {
                let start = root.range.start as usize;
                (TextRange::new(start, start + 1), Pointer::root())
            }
        };
        let diagnostic = out.emit(
            link.parent,
            range,
            pointer,
            format!(
                "{} {} only a label of the config ({}), not an annotation of this manifest",
                keys.iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                if keys.len() == 1 { "is" } else { "are" },
                config.name
            ),
        );
        if let Some(edits) = fixes::add_annotations(manifest.document, root, &missing) {
            diagnostic.fix(
                FixSafety::Safe,
                format!(
                    "Copy the label{} onto the manifest's annotations",
                    if keys.len() == 1 { "" } else { "s" }
                ),
                edits,
            );
        }
    }
}
