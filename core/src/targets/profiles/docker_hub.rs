//! Docker Hub (closed source; evidence from users' reports).

use crate::targets::{Behaviour, Operation, Target, TargetKind, Verdict, Version, When};

pub(super) static TARGET: Target = Target {
    name: "docker-hub",
    display: "Docker Hub",
    aliases: &["docker.io", "hub.docker.com", "index.docker.io"],
    kind: TargetKind::Registry,
    operations: &[Operation::Push],
    versions: &[Version {
        id: "2024",
        label: "as reported since 2024 (OCI 1.1 artifacts and subject accepted)",
    }],
    sources: &["issues cited in shared/reference/compat-matrix.md §1.1"],
    behaviours: &[
        Behaviour {
            when: When::Rule("docker-list-platform-required"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted: Docker Hub does not require platform in list entries",
            source: "issue: docker/buildx#271 (2020) (compat R1)",
        },
        Behaviour {
            when: When::Rule("docker-list-child-media-type"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted: Docker Hub stores list and index entries that are blobs (BuildKit's registry cache)",
            source: "issues: docker/buildx#271, moby/buildkit#2251 (compat R4)",
        },
        Behaviour {
            when: When::Rule("index-child-media-type-portable"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted: Docker Hub stores list and index entries that are blobs (BuildKit's registry cache)",
            source: "issues: docker/buildx#271, moby/buildkit#2251 (compat R4)",
        },
        Behaviour {
        when: When::Rule("push-content-type-matches-media-type"),
        operation: Operation::Push,
        versions: &[],
        verdict: Verdict::Reject,
        message: "MANIFEST_INVALID: manifest invalid; mediaType in manifest should be '<Content-Type>' not '<mediaType>'",
        source: "issue: GoogleContainerTools/kaniko#2423 (compat R9)",
    }
    ],
};
