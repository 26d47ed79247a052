//! Who can load this image: each loader's verdict on a whole layout or archive, from the
//! facts a verification reads (which blobs are there and hold what their descriptors say,
//! what `index.json`, `oci-layout` and `manifest.json` say, whether the archive is
//! compressed), through a model of the loader's steps in its order, stopping where it stops
//! with its first error in its own words.
//!
//! The loaders are operations of the existing targets (`podman`, `containerd`, `dockerd`,
//! `crane`) and of `kind`, which hands the archive to containerd. Every verdict is a model's
//! (`basis` `model`); the models of podman 4.3, skopeo 1.9, containerd 1.6 and dockerd 20.10
//! are compared on every `cargo test` with their outcomes recorded through the real programs
//! (`tests/peers/loaders.tsv`, named in their `source`); those of dockerd 25, kind and crane
//! are read from the code only.

mod containerd;
mod containers_image;
mod crane;
mod dockerd;
mod view;

use serde::Serialize;

use crate::targets::{Basis, Verdict};

use super::Layout;

pub use view::Container;

/// One loader's verdict on the whole image: the verdict form of the targets (`verdict`,
/// `message` in the program's words, `source`, `basis`, `step`, `condition`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct LoaderVerdict {
    /// The target it is an operation of: `podman`, `containerd`, `dockerd`, `kind`, `crane`.
    pub target: &'static str,
    pub version: &'static str,
    /// The command as users type it: `podman load`, `skopeo copy oci-archive:`,
    /// `ctr images import --all-platforms`, `docker load`, `kind load image-archive`,
    /// `crane validate --tarball`.
    pub command: &'static str,
    /// The operation's name in `tests/peers/loaders.tsv`: `load`, `copy oci:`, `import`,
    /// `import --all-platforms`, `load image-archive`, `validate`.
    pub operation: &'static str,
    pub verdict: Verdict,
    /// The program's first error (or caveat) as the model produces it.
    pub message: Option<String>,
    /// The evidence: code at a version, a measured run.
    pub source: &'static str,
    pub basis: Basis,
    /// The model's step that decided (`read index.json`, `copy layers`…).
    pub step: Option<&'static str>,
    /// What the verdict holds on beyond the bytes (the host's platform, say).
    pub condition: Option<String>,
}

/// How a model's run ended: accepted, or refused at a step with the program's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outcome {
    verdict: Verdict,
    step: Option<&'static str>,
    message: Option<String>,
    condition: Option<String>,
}

impl Outcome {
    fn accept() -> Self {
        Outcome {
            verdict: Verdict::Accept,
            step: None,
            message: None,
            condition: None,
        }
    }

    fn reject(step: &'static str, message: impl Into<String>) -> Self {
        Outcome {
            verdict: Verdict::Reject,
            step: Some(step),
            message: Some(message.into()),
            condition: None,
        }
    }

    fn warn(step: &'static str, message: impl Into<String>) -> Self {
        Outcome {
            verdict: Verdict::Warn,
            step: Some(step),
            message: Some(message.into()),
            condition: None,
        }
    }

    fn on(mut self, condition: Option<String>) -> Self {
        if self.condition.is_none() {
            self.condition = condition;
        }
        self
    }
}

/// The platform the loaders are modelled on: where a loader picks one image of an index for
/// the machine it runs on, the verdict holds on that machine being this one.
pub const HOST_PLATFORM: (&str, &str) = ("linux", "amd64");

/// Every loader's verdict on `layout`, in a fixed order. A folder is not a tar: only the
/// loaders that read folders are judged for one.
pub fn judge(layout: &Layout) -> Vec<LoaderVerdict> {
    let view = view::View::new(layout);
    let mut out = Vec::new();
    let mut push = |target, version, command, operation, source, basis, outcome: Outcome| {
        out.push(LoaderVerdict {
            target,
            version,
            command,
            operation,
            verdict: outcome.verdict,
            message: outcome.message,
            source,
            basis,
            step: outcome.step,
            condition: outcome.condition,
        })
    };
    let (copy_command, copy_operation) = containers_image::copy_names(&view);
    push(
        "podman",
        "4.3",
        "podman load",
        "load",
        containers_image::SOURCE,
        Basis::Model,
        containers_image::load(&view),
    );
    push(
        "podman",
        "4.3",
        copy_command,
        copy_operation,
        containers_image::SOURCE,
        Basis::Model,
        containers_image::load(&view),
    );
    if view.container == Container::Folder {
        return out;
    }
    for all in [false, true] {
        push(
            "containerd",
            "1.6",
            if all {
                "ctr images import --all-platforms"
            } else {
                "ctr images import"
            },
            if all {
                "import --all-platforms"
            } else {
                "import"
            },
            containerd::SOURCE,
            Basis::Model,
            containerd::import(&view, all),
        );
    }
    push(
        "dockerd",
        "20.10",
        "docker load",
        "load",
        dockerd::SOURCE_20_10,
        Basis::Model,
        dockerd::load(&view, dockerd::Version::V20_10),
    );
    push(
        "dockerd",
        "25",
        "docker load",
        "load",
        dockerd::SOURCE_25,
        Basis::Model,
        dockerd::load(&view, dockerd::Version::V25),
    );
    push(
        "kind",
        "0.32",
        "kind load image-archive",
        "load image-archive",
        containerd::KIND_SOURCE,
        Basis::Model,
        containerd::import(&view, true),
    );
    push(
        "crane",
        "0.20",
        "crane validate --tarball",
        "validate",
        crane::SOURCE,
        Basis::Model,
        crane::validate(&view),
    );
    out
}

#[cfg(test)]
mod tests;
