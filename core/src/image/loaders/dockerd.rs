//! dockerd `docker load` with its own image store (moby `image/tarexport/load.go`): the
//! archive is decompressed (gzip, bzip2, xz; zstd from moby 23 on), then read through
//! `manifest.json`; without one, the pre-1.10 loader looks for `<id>/json` in the first
//! folder. Each layer is applied and its digest compared with the config's `diff_ids`.
//!
//! 20.10 is measured (Debian's docker.io 20.10.24, its own data-root, vfs). 25 and later,
//! with the same image store, differ here only in reading zstd archives (moby 23,
//! `pkg/archive` DecompressStream); Docker 29's containerd image store is not modelled.

use super::view::{Container, View};
use super::Outcome;

pub(super) const SOURCE_20_10: &str = "measured: docker.io 20.10.24 docker load (tests/peers/loaders.tsv); code: moby v20.10 image/tarexport/load.go";

pub(super) const SOURCE_25: &str = "code: moby v25.0 image/tarexport/load.go (manifest.json required, legacyLoad otherwise), pkg/archive/archive.go DecompressStream (zstd since v23.0)";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Version {
    V20_10,
    V25,
}

pub(super) fn load(view: &View<'_>, version: Version) -> Outcome {
    if view.container == Container::TarZstd && version == Version::V20_10 {
        return Outcome::reject(
            "read tar",
            "Error processing tar file(exit status 1): archive/tar: invalid tar header",
        );
    }
    let Some(entries) = view.docker_entries() else {
        // legacyLoad: the first folder of the archive is taken for an image id.
        let first = view
            .layout
            .members
            .keys()
            .filter_map(|p| p.split_once('/').map(|(folder, _)| folder))
            .min()
            .unwrap_or("");
        return Outcome::reject(
            "read manifest.json",
            format!("open <tmp>/{first}/json: no such file or directory"),
        );
    };
    for (config, layers) in &entries {
        if view.file(config).is_none() {
            return Outcome::reject(
                "read config",
                format!("open <tmp>/{config}: no such file or directory"),
            );
        }
        for layer in layers {
            if view.file(layer).is_none() {
                return Outcome::reject(
                    "read layers",
                    format!(
                        "open <tmp>/{}: no such file or directory",
                        View::member(layer)
                    ),
                );
            }
        }
        if let Some(wrong) = view.first_wrong_diff_id(config, layers) {
            return Outcome::reject(
                "apply layers",
                format!(
                    "invalid diffID for layer {}: expected \"{}\", got \"{}\"",
                    wrong.at, wrong.expected, wrong.actual
                ),
            );
        }
    }
    Outcome::accept()
}
