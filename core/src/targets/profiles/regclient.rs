//! regclient (`regctl`, and the Go library `github.com/regclient/regclient`).

use crate::targets::{Behaviour, Operation, Target, TargetKind, Verdict, Version, When};

pub(super) static TARGET: Target = Target {
    name: "regclient",
    display: "regclient (regctl)",
    kind: TargetKind::Library,
    operations: &[Operation::Pull],
    versions: &[Version {
        id: "0.8",
        label: "regclient @725072f",
    }],
    sources: &["code: regclient/regclient @725072f types/manifest, types/descriptor"],
    behaviours: &[],
};
