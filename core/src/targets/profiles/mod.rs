//! One file per target. Evidence keys in `source` name the code, issue or document the
//! compat matrix (`shared/reference/compat-matrix.md`) cites for the behaviour.

mod buildkit;
mod containerd;
mod distribution;
mod docker_hub;
mod dockerd;
mod kaniko;
mod podman;
mod quay;
mod spec;

use super::Target;

/// Every target, in the order `ocilint targets` lists them.
pub(super) static ALL: &[&Target] = &[
    &spec::TARGET,
    &distribution::TARGET,
    &docker_hub::TARGET,
    &quay::TARGET,
    &dockerd::TARGET,
    &containerd::TARGET,
    &podman::TARGET,
    &kaniko::TARGET,
    &buildkit::TARGET,
];
