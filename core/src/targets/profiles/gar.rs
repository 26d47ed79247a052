//! Google Artifact Registry, and Container Registry (gcr.io) where reports tell them apart
//! (closed source; evidence from issues and Google's documentation).

use crate::targets::{Behaviour, Operation, Target, TargetKind, Verdict, Version, When};

pub(super) static TARGET: Target = Target {
    name: "gar",
    display: "Google Artifact Registry",
    aliases: &["pkg.dev", "gcr.io", "gcr", "artifact-registry"],
    kind: TargetKind::Registry,
    operations: &[Operation::Push],
    versions: &[
        Version {
            id: "gar",
            label: "Artifact Registry (pkg.dev, and gcr.io repositories it now serves)",
        },
        Version {
            id: "gcr",
            label: "Container Registry (legacy gcr.io storage, as reported in 2019)",
        },
    ],
    sources: &[
        "issues and Google docs cited in shared/reference/compat-matrix.md §1.1 (GAR (GCR) column)",
    ],
    behaviours: &[
        Behaviour {
            when: When::Rule("index-child-media-type-portable"),
            operation: Operation::Push,
            versions: &["gcr"],
            verdict: Verdict::Reject,
            message: "400 Bad Request",
            source: "issue: moby/buildkit#1143 (compat R4)",
        },
        Behaviour {
            when: When::Rule("docker-list-child-media-type"),
            operation: Operation::Push,
            versions: &["gcr"],
            verdict: Verdict::Reject,
            message: "400 Bad Request",
            source: "issue: moby/buildkit#1143 (compat R4)",
        },
        Behaviour {
            when: When::Rule("index-child-media-type-portable"),
            operation: Operation::Push,
            versions: &["gar"],
            verdict: Verdict::Accept,
            message: "accepted: index entries that are blobs (BuildKit registry cache) are stored",
            source: "issue: moby/buildkit#1143 (compat R4)",
        },
        Behaviour {
            when: When::Rule("docker-list-child-media-type"),
            operation: Operation::Push,
            versions: &["gar"],
            verdict: Verdict::Accept,
            message: "accepted: list entries that are blobs (BuildKit registry cache) are stored",
            source: "issue: moby/buildkit#1143 (compat R4)",
        },
        Behaviour {
            when: When::Subject,
            operation: Operation::Push,
            versions: &["gar"],
            verdict: Verdict::Warn,
            message: "stored as an attachment; problems listing referrers have been reported",
            source: "doc: https://cloud.google.com/artifact-registry/docs/docker/manage-metadata, https://github.com/awslabs/soci-snapshotter/blob/04fd8b1d8618dc016b33b55b31f62afa8da5aba3/docs/registry.md (Artifact Registry: the referrers API \"redirects to login\"); issue: https://github.com/notaryproject/notation/issues/1222 (compat R7)",
        },
    ],
};
