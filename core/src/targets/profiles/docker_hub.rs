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
    },
        Behaviour {
            when: When::Subject,
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Warn,
            message: "stored, but whether Docker Hub lists it through the referrers API is reported both ways; clients that get no answer from the API fall back to the sha256-<digest> tag (in 2022-2023 Hub refused such pushes: 400 manifest blob unknown, then 404)",
            source: "issue: https://github.com/docker/roadmap/issues/724 (the referrers API asked for, open), https://github.com/awslabs/soci-snapshotter/issues/1828 (2025-12: \"Docker Hub added support for Referrers API\"), https://github.com/oras-project/oras/issues/666, https://github.com/docker/hub-feedback/issues/2307 (compat R7)",
        },
        Behaviour {
            when: When::AttestationEntries,
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "stored; hub.docker.com keeps the attestation entries out of its list of platforms",
            source: "issue: https://github.com/docker/build-push-action/issues/764 (\"on hub.docker.com it is hidden\"), https://github.com/go-gitea/gitea/issues/24973 (\"inconsistent with what the Docker Hub shows\")",
        },
    ],
};
