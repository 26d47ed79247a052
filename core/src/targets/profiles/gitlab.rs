//! GitLab's container registry (gitlab.com and self-managed; its own fork of Distribution,
//! gitlab-org/container-registry). Evidence from issues and GitLab's own tracker, dated.

use crate::targets::{Behaviour, Operation, Target, TargetKind, Verdict, Version, When};

pub(super) static TARGET: Target = Target {
    name: "gitlab",
    display: "GitLab container registry",
    aliases: &["gitlab.com", "registry.gitlab.com", "gitlab-container-registry"],
    kind: TargetKind::Registry,
    operations: &[Operation::Push],
    versions: &[Version {
        id: "2026",
        label: "gitlab.com as reported in 2024-2026 (subjects checked on push)",
    }],
    sources: &["issues cited on each behaviour (moby/buildkit, docker/buildx, GitLab's tracker)"],
    behaviours: &[Behaviour {
        when: When::Subject,
        operation: Operation::Push,
        versions: &[],
        verdict: Verdict::Warn,
        // Unlike the distribution-spec, which says a registry MUST accept a subject it does not
        // hold yet: BuildKit v0.32 pushes its attestation referrers before their image.
        message: "refused while the registry does not hold the subject yet: blob unknown to registry - <subject digest> (push the image before what refers to it; buildx: BUILDX_NO_DEFAULT_OCI_ARTIFACT=true); once stored, GitLab lists referrers in its own API, and no OCI referrers endpoint is documented, so clients use the sha256-<digest> tag",
        source: "issue: https://github.com/moby/buildkit/issues/7007, https://github.com/moby/buildkit/issues/5561 (\"Seems only Gitlab fails\"), https://github.com/docker/build-push-action/pull/1593, https://github.com/docker/buildx/pull/3991 (the escape hatch); doc: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/138588 (referrers in GitLab's GraphQL API), https://gitlab.com/gitlab-org/gitlab/-/work_items/592705 (no referrers route in the dependency proxy) (compat R7)",
    }],
};
