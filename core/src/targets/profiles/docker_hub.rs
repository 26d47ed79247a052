//! Docker Hub (closed source; evidence from users' reports).

use crate::targets::{Behaviour, Operation, Target, TargetKind, Verdict, Version, When};

pub(super) static TARGET: Target = Target {
    name: "docker-hub",
    display: "Docker Hub",
    kind: TargetKind::Registry,
    operations: &[Operation::Push],
    versions: &[Version {
        id: "2024",
        label: "as reported since 2024 (OCI 1.1 artifacts and subject accepted)",
    }],
    sources: &["issues cited in shared/reference/compat-matrix.md §1.1"],
    behaviours: &[Behaviour {
        when: When::Rule("push-content-type-matches-media-type"),
        operation: Operation::Push,
        versions: &[],
        verdict: Verdict::Reject,
        message: "MANIFEST_INVALID: manifest invalid; mediaType in manifest should be '<Content-Type>' not '<mediaType>'",
        source: "issue: GoogleContainerTools/kaniko#2423 (compat R9)",
    }],
};
