//! Amazon ECR (closed source; evidence from issues and AWS documentation, dated).

use crate::targets::{Behaviour, Operation, Target, TargetKind, Verdict, Version, When};

pub(super) static TARGET: Target = Target {
    name: "ecr",
    display: "Amazon ECR",
    aliases: &["amazonaws.com", "public.ecr.aws", "aws"],
    kind: TargetKind::Registry,
    operations: &[Operation::Push],
    versions: &[
        Version {
            id: "2024",
            label: "since ECR's OCI 1.1 support (2024)",
        },
        Version {
            id: "2023",
            label: "before OCI 1.1 support (as reported 2019-2023)",
        },
    ],
    sources: &[
        "issues and AWS docs cited in shared/reference/compat-matrix.md §1.1 (ECR column)",
    ],
    behaviours: &[
        Behaviour {
            when: When::Rule("index-child-media-type-portable"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Reject,
            message: "400 Bad Request: index entries must be manifests (BuildKit cache needs image-manifest=true)",
            source: "issue: moby/buildkit#2251 (provider table), aws/containers-roadmap#876 (compat R4)",
        },
        Behaviour {
            when: When::Rule("docker-list-child-media-type"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Reject,
            message: "UNSUPPORTED: Unsupported manifest type: \"application/vnd.docker.distribution.manifest.list.v2+json\"",
            source: "issue: moby/buildkit#699, aws/containers-roadmap#876 (compat R4)",
        },
        Behaviour {
            when: When::Rule("media-type-no-parameters"),
            operation: Operation::Push,
            versions: &["2024"],
            verdict: Verdict::Reject,
            message: "refused: media types with parameters (`;version=…`) are not accepted",
            source: "issue: sigstore/sigstore-js#1058, aws/containers-roadmap#2306 (compat R5, R17)",
        },
        Behaviour {
            when: When::Rule("desc-artifact-type-syntax"),
            operation: Operation::Push,
            versions: &["2024"],
            verdict: Verdict::Reject,
            message: "refused: media types with parameters (`;version=…`) are not accepted",
            source: "issue: sigstore/sigstore-js#1058 (compat R17)",
        },
        Behaviour {
            when: When::Rule("push-manifest-size"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Reject,
            message: "imageManifest exceeds the maximum length of 4194304",
            source: "doc: AWS ECR API reference, Image.imageManifest length constraints (compat R10)",
        },
        Behaviour {
            when: When::Rule("doc-media-type-recommended"),
            operation: Operation::Push,
            versions: &["2023"],
            verdict: Verdict::Reject,
            message: "UNSUPPORTED: Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'",
            source: "issue: containers/image#584, chainguard-dev/apko#450 (compat R8: historically; current behaviour unknown)",
        },
        Behaviour {
            when: When::Subject,
            operation: Operation::Push,
            versions: &["2024"],
            verdict: Verdict::Warn,
            message: "accepted, and ECR answers with OCI-Subject but serves no referrers API; some referrers are refused with 405",
            source: "issue: sigstore/sigstore-js#1183, aws/containers-roadmap#2783 (compat R7)",
        },
    ],
};
