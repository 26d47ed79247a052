//! podman 4.3 `load` and skopeo 1.9 `copy` (containers/image 5.23) into containers-storage:
//! the source transport is the input's form (`oci:` for a folder, `oci-archive:` for an OCI
//! tar, `docker-archive:` for a `docker save` tar; podman load tries them in turn and reports
//! the one that fits); a compressed archive is decompressed first.

use super::view::{decompression_error, Container, Descriptor, State, View};
use super::Outcome;

pub(super) const SOURCE: &str = "measured: podman 4.3.1 load and skopeo 1.9.3 copy to containers-storage (tests/peers/loaders.tsv); code: containers/image v5.23 oci/layout/oci_transport.go getManifestDescriptor, copy/copy.go, docker/internal/tarfile/source.go";

/// skopeo's command and operation for the input's form.
pub(super) fn copy_names(view: &View<'_>) -> (&'static str, &'static str) {
    match (view.container, view.has("index.json")) {
        (Container::Folder, _) => ("skopeo copy oci:", "copy oci:"),
        (_, false) if view.has("manifest.json") => {
            ("skopeo copy docker-archive:", "copy docker-archive:")
        }
        _ => ("skopeo copy oci-archive:", "copy oci-archive:"),
    }
}

/// The source read as containers/image reads it, then each blob copied into storage.
pub(super) fn load(view: &View<'_>) -> Outcome {
    if view.has("index.json") {
        return oci(view);
    }
    if view.has("manifest.json") {
        return docker_archive(view);
    }
    Outcome::reject(
        "detect format",
        "payload does not match any of the supported image formats",
    )
}

fn oci(view: &View<'_>) -> Outcome {
    let Some(entries) = view.entries("index.json") else {
        return Outcome::reject("read index.json", "loading index: invalid index.json");
    };
    // No image named: the only one, else the user must choose.
    if entries.len() != 1 {
        return Outcome::reject(
            "choose image",
            "more than one image in oci, choose an image",
        );
    }
    let top = &entries[0];
    let mut condition = None;
    let manifest = if top.is_index() {
        let Some(path) = View::blob_path(top) else {
            return Outcome::reject("read manifest", format!("invalid digest {}", top.digest));
        };
        let Some(children) = view.entries(&path) else {
            return missing(top);
        };
        condition = Some(format!(
            "on a {}/{} host (the image of the index it runs)",
            super::HOST_PLATFORM.0,
            super::HOST_PLATFORM.1
        ));
        let Some(chosen) = children.iter().find(|c| c.on_host()) else {
            return Outcome::reject(
                "choose instance",
                format!(
                    "no image found in image index for architecture {}, variant \"\", OS {}",
                    super::HOST_PLATFORM.1,
                    super::HOST_PLATFORM.0
                ),
            )
            .on(condition);
        };
        // A child manifest is checked against the digest its index names.
        match view.state(chosen, false) {
            State::Missing => return missing(chosen).on(condition),
            State::Altered(_) => {
                return Outcome::reject(
                    "verify manifest",
                    format!(
                        "Manifest does not match provided manifest digest {}",
                        chosen.digest
                    ),
                )
                .on(condition)
            }
            State::Intact(_) => chosen.clone(),
        }
    } else {
        // The manifest `index.json` names is read as it is, not checked against its digest.
        if view.state(top, false) == State::Missing {
            return missing(top);
        }
        top.clone()
    };
    let Some(parsed) = view.manifest(&manifest) else {
        return Outcome::reject("read manifest", "parsing manifest");
    };
    let Some(config) = parsed.config else {
        return Outcome::reject("read config", "manifest has no config");
    };
    match view.state(&config, false) {
        State::Missing => return missing(&config).on(condition),
        State::Altered(found) => {
            return Outcome::reject(
                "read config",
                format!(
                    "parsing image configuration: Download config.json digest {} does not match expected {}",
                    found.sha256, config.digest
                ),
            )
            .on(condition)
        }
        State::Intact(_) => {}
    }
    for layer in &parsed.layers {
        match view.state(layer, true) {
            State::Missing => return missing(layer).on(condition),
            State::Altered(found) => {
                // The layer is decompressed as it streams; a corrupt stream fails before the
                // digest, which is checked at its end.
                let size_ok = layer.size.is_none_or(|s| s == found.size);
                let message = match decompression_error(found).filter(|_| size_ok) {
                    Some(words) => words.to_owned(),
                    None => format!(
                        "happened during read: Digest did not match, expected {}, got {}",
                        layer.digest, found.sha256
                    ),
                };
                return Outcome::reject("copy layers", message).on(condition);
            }
            State::Intact(_) => {}
        }
    }
    Outcome::accept().on(condition)
}

fn missing(descriptor: &Descriptor) -> Outcome {
    Outcome::reject(
        "read blob",
        format!(
            "reading blob {}: open <layout>/blobs/sha256/{}: no such file or directory",
            descriptor.digest,
            descriptor.hex()
        ),
    )
}

/// `docker-archive:`: the layers are read by the paths `manifest.json` gives and checked
/// against the config's `diff_ids` as they stream.
fn docker_archive(view: &View<'_>) -> Outcome {
    let Some(entries) = view.docker_entries() else {
        return Outcome::reject("read manifest.json", "loading tar component manifest.json");
    };
    let Some((config, layers)) = entries.first() else {
        return Outcome::reject("read manifest.json", "archive contains no images");
    };
    if layers.iter().any(|l| view.file(l).is_none()) {
        return Outcome::reject(
            "read manifest.json",
            "Some layer tarfiles are missing in the tarball",
        );
    }
    if view.file(config).is_none() {
        return Outcome::reject(
            "read config",
            format!("loading tar component {config}: file does not exist"),
        );
    }
    if let Some(wrong) = view.first_wrong_diff_id(config, layers) {
        // An uncompressed layer's digest is its diff_id; a compressed one is decompressed
        // first, but the message names the bytes' digest.
        return Outcome::reject(
            "copy layers",
            format!(
                "happened during read: Digest did not match, expected {}, got {}",
                wrong.expected, wrong.file.sha256
            ),
        );
    }
    Outcome::accept()
}
