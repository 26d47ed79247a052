//! Azure Container Registry (closed source; evidence from issues).

use crate::targets::{Behaviour, Operation, Target, TargetKind, Verdict, Version, When};

pub(super) static TARGET: Target = Target {
    name: "acr",
    display: "Azure Container Registry",
    aliases: &["azurecr.io", "azure"],
    kind: TargetKind::Registry,
    operations: &[Operation::Push],
    versions: &[Version {
        id: "2026",
        label: "as reported 2021-2026 (referrers API supported)",
    }],
    sources: &["issues cited in shared/reference/compat-matrix.md §1.1 (ACR column)"],
    behaviours: &[
        Behaviour {
            when: When::Rule("index-child-media-type-portable"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted: index entries that are blobs (BuildKit registry cache) are stored",
            source: "issue: moby/buildkit#2251 (provider table) (compat R4)",
        },
        Behaviour {
            when: When::Rule("docker-list-child-media-type"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted: list entries that are blobs (BuildKit registry cache) are stored",
            source: "issue: moby/buildkit#2251 (provider table) (compat R4)",
        },
        Behaviour {
            when: When::Subject,
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted, and listed by the referrers API",
            source: "issue: https://github.com/aws/containers-roadmap/issues/2783 (compat R7); doc: https://github.com/awslabs/soci-snapshotter/blob/04fd8b1d8618dc016b33b55b31f62afa8da5aba3/docs/registry.md (ACR: \"Referrers API\")",
        },
        Behaviour {
            when: When::Artifact,
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted as an OCI artifact",
            source: "issue: aws/containers-roadmap#2783 (compat R6)",
        },
    ],
};
