//! `crane validate --tarball FILE` (go-containerregistry `pkg/v1/tarball`, `pkg/v1/validate`):
//! reads a `docker save` tarball only, through its `manifest.json`, as a plain tar; then
//! checks every layer's digest and `diff_id` and the config's digest (its errors gathered,
//! the first of them here: a `diff_id` is compared first with the layer's, which a tarball
//! takes from the config).

use super::view::{Container, View};
use super::Outcome;

pub(super) const SOURCE: &str = "code: google/go-containerregistry v0.20 cmd/crane/cmd/validate.go, pkg/v1/tarball/image.go (extractFileFromTar), pkg/v1/validate/image.go; ggcr#2109";

pub(super) fn validate(view: &View<'_>) -> Outcome {
    if matches!(view.container, Container::TarGzip | Container::TarZstd) {
        return Outcome::reject("read tar", "archive/tar: invalid tar header");
    }
    let Some(entries) = view.docker_entries() else {
        return Outcome::reject("read manifest.json", "file manifest.json not found in tar");
    };
    for (config, layers) in &entries {
        if view.file(config).is_none() {
            return Outcome::reject("read config", format!("file {config} not found in tar"));
        }
        for layer in layers {
            if view.file(layer).is_none() {
                return Outcome::reject("read layers", format!("file {layer} not found in tar"));
            }
        }
        if let Some(wrong) = view.first_wrong_diff_id(config, layers) {
            return Outcome::reject(
                "validate layers",
                format!(
                    "validating layers: mismatched layer[{}] diffid: DiffID()={}, SHA256(Gunzip(Compressed()))={}",
                    wrong.at, wrong.expected, wrong.actual
                ),
            );
        }
    }
    Outcome::accept()
}
