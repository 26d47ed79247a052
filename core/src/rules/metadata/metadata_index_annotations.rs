//! MET001: an index whose manifests (or their configs' labels) carry the description, source
//! or licenses that GHCR reads from the index itself.

use super::super::fixes;
use super::super::prelude::*;
use crate::rules::bundle_context::{BundleContext, BundleEmitter};

declare_rule! {
    code: "MET001",
    name: "metadata-index-annotations",
    severity: Warning,
    fix: Sometimes(Safe),
    since: "0.1.0",
    summary: "A multi-platform index should carry `org.opencontainers.image.description`, `.source` and `.licenses` itself when its manifests do: GHCR reads them from the index.",
    why: "For a multi-platform image GitHub's package page reads the description, the \
          repository link and the licence from the index's own `annotations`, not from the \
          manifests it lists nor from their configs' labels: with the values only on the \
          manifests, or only as Dockerfile `LABEL`s, the page says \"No description provided\" \
          and the package is not linked to its repository (bazel-contrib/rules_oci#798, fixed \
          by #897 adding index annotations; GitHub's docs, \"Adding a description to \
          multi-arch images\"). Tools that build the index drop them on the way: `docker \
          buildx imagetools create` ignored or refused index and manifest annotations \
          (docker/buildx#2148, #3061) and silently discards them on a Docker manifest list, \
          which has no `annotations` field (docker/buildx#4091); `docker manifest create` \
          cannot write any.",
    how_to_fix: "Copy the values onto the index's top-level `annotations` (the fix does, when \
                 every manifest agrees): `docker buildx imagetools create --annotation \
                 index:org.opencontainers.image.description=…`, `docker buildx build \
                 --annotation index:…`, `regctl index create --annotation`, or rules_oci's \
                 `oci_image_index(annotations = …)`. A Docker manifest list cannot hold \
                 annotations: convert it to an OCI index first (`ocilint convert --to oci`).",
    url: "https://docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry#adding-a-description-to-multi-arch-images",
    examples: [
        invalid(r#"[{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:a8106a0febef2ad909c648d44076e898997918fa3d0b2486bc75bd442acdc638", "size": 407, "platform": {"architecture": "amd64", "os": "linux"}}]},
{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:e6deea5d506fba88442efcb209ebcb7c564c5ab4350cfa55c9f0a55714078c40", "size": 240}, "layers": [], "annotations": {"org.opencontainers.image.description": "A tiny web server", "org.opencontainers.image.source": "https://github.com/example/web"}}]"#),
        invalid(r#"[{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5634648bca6b2c6846e758f9504f38a698e8bd61cb6897f215f50a93aa8d6272", "size": 260, "platform": {"architecture": "amd64", "os": "linux"}}]},
{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:e6deea5d506fba88442efcb209ebcb7c564c5ab4350cfa55c9f0a55714078c40", "size": 240}, "layers": []},
{"architecture": "amd64", "os": "linux", "config": {"Labels": {"org.opencontainers.image.description": "A tiny web server", "org.opencontainers.image.source": "https://github.com/example/web"}}, "rootfs": {"type": "layers", "diff_ids": []}}]"#),
        valid(r#"[{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:a8106a0febef2ad909c648d44076e898997918fa3d0b2486bc75bd442acdc638", "size": 407, "platform": {"architecture": "amd64", "os": "linux"}}], "annotations": {"org.opencontainers.image.description": "A tiny web server", "org.opencontainers.image.source": "https://github.com/example/web"}},
{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:e6deea5d506fba88442efcb209ebcb7c564c5ab4350cfa55c9f0a55714078c40", "size": 240}, "layers": [], "annotations": {"org.opencontainers.image.description": "A tiny web server", "org.opencontainers.image.source": "https://github.com/example/web"}}]"#),
    ],
    check: Bundle(check),
}

/// The keys GHCR's package page reads from a multi-platform image's index.
const KEYS: [&str; 3] = [
    "org.opencontainers.image.description",
    "org.opencontainers.image.source",
    "org.opencontainers.image.licenses",
];

/// Where a child's value was found.
#[derive(PartialEq, Eq)]
enum Found {
    Annotation,
    Label,
}

fn check(ctx: &BundleContext<'_>, out: &mut BundleEmitter<'_>) {
    for (at, index) in ctx.documents.iter().enumerate() {
        let Some(root) = index.root.filter(|_| index.kind.is_index()) else {
            continue;
        };
        // The image manifests it lists (not attestation entries), each with its config.
        let manifests: Vec<(usize, Option<usize>)> = ctx
            .links_from(at)
            .filter(|l| {
                matches!(
                    ctx.documents[l.child].kind,
                    Kind::OciManifest | Kind::DockerManifest
                ) && l
                    .descriptor
                    .get("annotations")
                    .and_then(|a| a.value.get(crate::role::REFERENCE_TYPE))
                    .is_none()
            })
            .map(|l| {
                let config = ctx
                    .links_from(l.child)
                    .find(|c| c.pointer.as_str() == "/config")
                    .map(|c| c.child);
                (l.child, config)
            })
            .collect();
        let mut missing: Vec<(&str, Vec<&str>, bool)> = Vec::new();
        for key in KEYS {
            if index.annotation(key).is_some() {
                continue;
            }
            let found: Vec<(&str, Found)> = manifests
                .iter()
                .filter_map(|&(manifest, config)| {
                    ctx.documents[manifest]
                        .annotation(key)
                        .map(|v| (v, Found::Annotation))
                        .or_else(|| {
                            config
                                .and_then(|c| ctx.documents[c].label(key))
                                .map(|v| (v, Found::Label))
                        })
                })
                .collect();
            if found.is_empty() {
                continue;
            }
            let only_labels = found.iter().all(|(_, f)| *f == Found::Label);
            let mut values: Vec<&str> = found.into_iter().map(|(v, _)| v).collect();
            values.sort_unstable();
            values.dedup();
            missing.push((key, values, only_labels));
        }
        if missing.is_empty() {
            continue;
        }
        let listed = |labels: bool| {
            let keys: Vec<String> = missing
                .iter()
                .filter(|(_, _, l)| *l == labels)
                .map(|(k, _, _)| format!("`{k}`"))
                .collect();
            let verb = if keys.len() == 1 { "is" } else { "are" };
            (!keys.is_empty()).then(|| format!("{} {verb}", keys.join(", ")))
        };
        let places: Vec<String> = [
            listed(false).map(|keys| format!("{keys} only on its manifests")),
            listed(true).map(|keys| format!("{keys} only in their configs' labels")),
        ]
        .into_iter()
        .flatten()
        .collect();
        let (range, pointer) = match root.get("annotations") {
            Some(member) => (
                index.document.key_range(member),
                Pointer::root().key("annotations"),
            ),
            None => {
                let start = root.range.start as usize;
                (TextRange::new(start, start + 1), Pointer::root())
            }
        };
        let docker_list = index.kind == Kind::DockerManifestList;
        let consequence = if docker_list {
            "; a Docker manifest list has no `annotations`, so convert it to an OCI index to hold them"
        } else {
            ""
        };
        let diagnostic = out.emit(
            at,
            range,
            pointer,
            format!(
                "{}, but GHCR reads them from the index: the package page says \"No description provided\" and links no repository{consequence}",
                places.join(", and "),
            ),
        );
        // A value the manifests disagree on is the user's choice, not the fix's.
        let agreed: Vec<(&str, &str)> = missing
            .iter()
            .filter(|(_, values, _)| values.len() == 1)
            .map(|(key, values, _)| (*key, values[0]))
            .collect();
        if docker_list || agreed.is_empty() {
            continue;
        }
        if let Some(edits) = fixes::add_annotations(index.document, root, &agreed) {
            let keys: Vec<&str> = agreed.iter().map(|(k, _)| *k).collect();
            diagnostic.fix(
                FixSafety::Safe,
                format!("Copy {} onto the index's annotations", keys.join(", ")),
                edits,
            );
        }
    }
}
