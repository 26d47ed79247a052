//! One file per target. Evidence keys in `source` name the code, issue or document the
//! compat matrix (`shared/reference/compat-matrix.md`) cites for the behaviour, or the run of
//! the real software in `tests/peers/` ("measured").

mod acr;
mod buildkit;
mod containerd;
mod crane;
mod distribution;
mod docker_hub;
mod dockerd;
mod ecr;
mod gar;
mod ghcr;
mod gitlab;
mod harbor;
mod kaniko;
mod podman;
mod quay;
mod regclient;
mod spec;
pub(super) use spec::spec_version;
mod zot;

use super::Target;

/// Every target, in the order `ocilint targets` lists them.
pub(super) static ALL: &[&Target] = &[
    &spec::TARGET,
    &distribution::TARGET,
    &docker_hub::TARGET,
    &quay::TARGET,
    &ecr::TARGET,
    &gar::TARGET,
    &acr::TARGET,
    &ghcr::TARGET,
    &harbor::TARGET,
    &zot::TARGET,
    &gitlab::TARGET,
    &dockerd::TARGET,
    &containerd::TARGET,
    &podman::TARGET,
    &kaniko::TARGET,
    &buildkit::TARGET,
    &regclient::TARGET,
    &crane::TARGET,
];
