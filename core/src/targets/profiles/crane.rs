//! go-containerregistry (`crane`, `ko`, and the Go library `github.com/google/go-containerregistry`).

use crate::targets::{Behaviour, Operation, Target, TargetKind, Verdict, Version, When};

pub(super) static TARGET: Target = Target {
    name: "crane",
    display: "crane (go-containerregistry)",
    kind: TargetKind::Library,
    operations: &[Operation::Pull],
    versions: &[Version {
        id: "0.20",
        label: "go-containerregistry @3f4ff3c",
    }],
    sources: &["code: google/go-containerregistry @3f4ff3c pkg/v1"],
    behaviours: &[],
};
