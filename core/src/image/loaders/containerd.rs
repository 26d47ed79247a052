//! containerd 1.6 `ctr images import` (`images/archive/importer.go`, `cmd/ctr/commands/images/import.go`),
//! with and without `--all-platforms`, and `kind load image-archive`, which runs it on every
//! node with `--all-platforms`.
//!
//! Its steps: the input is read as a plain tar; `oci-layout` must say `1.0.0`; every blob is
//! written to the content store under the digest its path names, which a blob whose bytes
//! have another digest never reaches (it is then "not found"); each `index.json` entry and
//! the children of nested indexes for the platforms imported are walked (every platform
//! with `--all-platforms`, else the host's), each must be in the store; an image is created
//! for each entry with a name; each is unpacked for the host's platform: its config, then
//! each layer in order, whose decompressed digest must be the config's `diff_id`.

use super::view::{Container, State, View};
use super::Outcome;

pub(super) const SOURCE: &str = "measured: containerd 1.6.20 ctr images import (tests/peers/loaders.tsv); code: containerd v1.6 images/archive/importer.go ImportIndex, images/handlers.go, rootfs/apply.go";

pub(super) const KIND_SOURCE: &str = "code: kubernetes-sigs/kind @fed2688 (v0.32) pkg/cluster/nodeutils/util.go LoadImageArchive runs `ctr --namespace=k8s.io images import --all-platforms --digests --snapshotter=… -` on each node (--all-platforms since 3f6f231b, 2022-10; kind#3795); modelled as containerd 1.6's import with --all-platforms, though kind's nodes run containerd 2";

pub(super) fn import(view: &View<'_>, all_platforms: bool) -> Outcome {
    if matches!(view.container, Container::TarGzip | Container::TarZstd) {
        return Outcome::reject("read tar", "archive/tar: invalid tar header");
    }
    if let Some(version) = view.layout_version() {
        if version != "1.0.0" {
            return Outcome::reject(
                "read oci-layout",
                format!("unsupported OCI version {version}"),
            );
        }
    }
    if view.has("index.json") {
        return oci(view, all_platforms);
    }
    if view.has("manifest.json") {
        return docker(view);
    }
    Outcome::reject("read tar", "unrecognized image format")
}

fn not_found(digest: &str) -> String {
    format!("content digest {digest}: not found")
}

fn oci(view: &View<'_>, all_platforms: bool) -> Outcome {
    let Some(entries) = view.entries("index.json") else {
        return Outcome::reject("read index.json", "failed to read index.json");
    };
    let host = format!(
        "on a {}/{} host (the platform imported and unpacked)",
        super::HOST_PLATFORM.0,
        super::HOST_PLATFORM.1
    );
    let mut condition = None;
    // Walk: every entry, and the children of nested indexes for the platforms imported.
    let mut queue = entries.clone();
    let mut walked = 0;
    let mut walked_indexes: Vec<String> = Vec::new();
    while let Some(descriptor) = queue.get(walked).cloned() {
        walked += 1;
        if !matches!(view.state(&descriptor, false), State::Intact(_)) {
            return Outcome::reject("walk index", not_found(&descriptor.digest)).on(condition);
        }
        // An index reached twice (a cycle, or named by two parents) is walked once.
        if descriptor.is_index() && !walked_indexes.contains(&descriptor.digest) {
            walked_indexes.push(descriptor.digest.clone());
            let path = View::blob_path(&descriptor).unwrap_or_default();
            for child in view.entries(&path).unwrap_or_default() {
                if child.platform.is_some() {
                    condition = Some(host.clone());
                }
                if all_platforms || child.platform.is_none() || child.on_host() {
                    queue.push(child);
                }
            }
        }
    }
    // Unpack each named image for the host's platform.
    let named: Vec<_> = entries.iter().filter(|e| e.ref_name.is_some()).collect();
    if named.is_empty() {
        return Outcome::warn(
            "create images",
            "exits 0 without importing an image: no index.json entry is named (org.opencontainers.image.ref.name)",
        )
        .on(condition);
    }
    for entry in named {
        let manifest = if entry.is_index() {
            let path = View::blob_path(entry).unwrap_or_default();
            condition = Some(host.clone());
            let Some(chosen) = view
                .entries(&path)
                .unwrap_or_default()
                .into_iter()
                .find(|c| c.on_host())
            else {
                return Outcome::reject("unpack", "no match for platform in manifest: not found")
                    .on(condition);
            };
            chosen
        } else {
            entry.clone()
        };
        let Some(parsed) = view.manifest(&manifest) else {
            continue;
        };
        let Some(config) = parsed.config else {
            continue;
        };
        if !matches!(view.state(&config, false), State::Intact(_)) {
            return Outcome::reject(
                "unpack",
                format!("failed to resolve rootfs: {}", not_found(&config.digest)),
            )
            .on(condition);
        }
        let diff_ids = view.diff_ids(&View::blob_path(&config).unwrap_or_default());
        for (at, layer) in parsed.layers.iter().enumerate() {
            let diff_id = diff_ids.get(at).cloned().unwrap_or_default();
            match view.state(layer, false) {
                State::Intact(found) => {
                    if let Ok(actual) = found.diff_id() {
                        if actual != diff_id {
                            return Outcome::reject(
                                "unpack",
                                format!("wrong diff id calculated on extraction \"{actual}\""),
                            )
                            .on(condition);
                        }
                    }
                }
                _ => {
                    return Outcome::reject(
                        "unpack",
                        format!(
                            "failed to extract layer {diff_id}: failed to get reader from content store: {}",
                            not_found(&layer.digest)
                        ),
                    )
                    .on(condition)
                }
            }
        }
    }
    Outcome::accept().on(condition)
}

/// A `docker save` archive: the layers named by `manifest.json` (legacy `<id>/layer.tar`
/// links followed), each applied and its digest compared with the config's `diff_ids`.
fn docker(view: &View<'_>) -> Outcome {
    let Some(entries) = view.docker_entries() else {
        return Outcome::reject("read manifest.json", "failed to read manifest.json");
    };
    for (config, layers) in &entries {
        for layer in layers {
            if view.file(layer).is_none() {
                // A legacy `<id>/layer.tar` link whose target is gone.
                if let Some((link, target)) = view.links_to(layer) {
                    return Outcome::reject(
                        "read tar",
                        format!("no target for symlink layer from \"{link}\" to \"{target}\""),
                    );
                }
                if let Some(target) = view.link_of(layer) {
                    return Outcome::reject(
                        "read tar",
                        format!("no target for symlink layer from \"{layer}\" to \"{target}\""),
                    );
                }
                return Outcome::reject(
                    "read tar",
                    format!("failed to resolve layers: layer \"{layer}\" not found"),
                );
            }
        }
        if let Some(wrong) = view.first_wrong_diff_id(config, layers) {
            return Outcome::reject(
                "unpack",
                format!(
                    "wrong diff id calculated on extraction \"{}\"",
                    wrong.actual
                ),
            );
        }
    }
    Outcome::accept()
}
