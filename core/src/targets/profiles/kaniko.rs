//! kaniko, which pulls base images and pushes its builds with go-containerregistry.

use crate::targets::{Behaviour, Operation, Target, TargetKind, Verdict, Version, When};

pub(super) static TARGET: Target = Target {
    name: "kaniko",
    display: "kaniko (go-containerregistry)",
    aliases: &[],
    kind: TargetKind::Client,
    operations: &[Operation::Pull, Operation::Push],
    versions: &[Version {
        id: "2025-06",
        label: "GoogleContainerTools/kaniko @236ba56 (archived 2025-06), go-containerregistry @3f4ff3c",
    }],
    sources: &[
        "code: google/go-containerregistry @3f4ff3c pkg/v1/remote, pkg/v1/mutate, pkg/v1/tarball",
        "code: GoogleContainerTools/kaniko @236ba56 pkg/cache/cache.go",
    ],
    behaviours: &[
        Behaviour {
            when: When::Rule("docker-list-platform-required"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Warn,
            message: "If platform is missing from child descriptor, assume it's amd64/linux.",
            source: "code: go-containerregistry pkg/v1/remote/index.go childByPlatform (compat R1)",
        },
        Behaviour {
            when: When::Rule("index-platform-recommended"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Warn,
            message: "If platform is missing from child descriptor, assume it's amd64/linux.",
            source: "code: go-containerregistry pkg/v1/remote/index.go childByPlatform (compat R1)",
        },
        Behaviour {
            when: When::Rule("mixed-oci-manifest-docker-config"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Accept,
            message: "pulled as an image: isImageConfig accepts the Docker and the OCI config types",
            source: "code: go-containerregistry pkg/v1/mutate/image.go isImageConfig (compat R2)",
        },
        Behaviour {
            when: When::Rule("push-content-type-matches-media-type"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Warn,
            message: "read as the Content-Type's type, not the body's mediaType (go-containerregistry trusts Content-Type); a build on this base is pushed with that Content-Type and refused: MANIFEST_INVALID: manifest invalid; mediaType in manifest should be '<Content-Type>' not '<mediaType>'",
            source: "code: go-containerregistry pkg/v1/remote/fetcher.go, write.go; issue: GoogleContainerTools/kaniko#2423 (compat R8, R9)",
        },
        Behaviour {
            when: When::Rule("push-manifest-size"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Accept,
            message: "go-containerregistry reads manifests up to 100 MiB",
            source: "code: go-containerregistry pkg/v1/remote/fetcher.go (compat R10)",
        },
        Behaviour {
            when: When::Rule("push-content-type-matches-media-type"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Reject,
            message: "error pushing image: failed to push to destination <image>: PUT https://<registry>/v2/<name>/manifests/<tag>: MANIFEST_INVALID: manifest invalid; mediaType in manifest should be '<Content-Type>' not '<mediaType>'",
            source: "issue: GoogleContainerTools/kaniko#2423, #2713; code: go-containerregistry pkg/v1/remote/write.go (Content-Type from MediaType(), not the body) (compat R9)",
        },
        Behaviour {
            when: When::Rule("mixed-docker-manifest-oci-descriptors"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Warn,
            message: "pushed as is (kaniko authors such mixes); podman, skopeo and CRI-O then refuse to pull it: unsupported docker v2s2 media type: \"application/vnd.oci.image.layer.v1.tar+gzip\"",
            source: "issue: GoogleContainerTools/kaniko#1836, osscontainertools/kaniko#851; cilium/cilium#13429 (compat R20)",
        },
        Behaviour {
            when: When::Subject,
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "pushed; without an OCI-Subject header in the answer, go-containerregistry maintains the sha256-<digest> referrers tag",
            source: "code: go-containerregistry pkg/v1/remote/write.go (compat R7)",
        },
    ],
};
