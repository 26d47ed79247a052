//! containerd (and Docker 29+ with the containerd image store, nerdctl, Kubernetes CRI).

use crate::targets::{Behaviour, Operation, Target, TargetKind, Verdict, Version, When};

pub(super) static TARGET: Target = Target {
    name: "containerd",
    display: "containerd",
    aliases: &["ctr", "nerdctl"],
    kind: TargetKind::Client,
    operations: &[Operation::Pull],
    versions: &[
        Version {
            id: "2.1",
            label: "containerd 2.1 and later (@301026e)",
        },
        Version {
            id: "1.6",
            label: "containerd 1.6 (Debian bookworm)",
        },
    ],
    sources: &["code: containerd/containerd @301026e core/images, core/unpack, core/remotes"],
    behaviours: &[
        Behaviour {
            when: When::Artifact,
            operation: Operation::Pull,
            versions: &["1.6"],
            verdict: Verdict::Reject,
            message: "mismatched image rootfs and manifest layers",
            source: "measured: containerd 1.6.20 `ctr images pull` of an OCI artifact with the empty config (tests/peers, 2026-11-23); compat R6",
        },
        Behaviour {
            when: When::KindMismatch,
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "media-type: expected manifest but found index",
            source: "code: containerd core/images/image.go validateMediaType; test core/images/image_test.go TestValidateMediaType @0f43508",
        },
        Behaviour {
            when: When::Rule("index-child-media-type-portable"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "unexpected media type <mediaType> for sha256:<digest>: not found",
            source: "code: containerd core/images/image.go (compat R4)",
        },
        Behaviour {
            when: When::Rule("docker-list-child-media-type"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "unexpected media type <mediaType> for sha256:<digest>: not found",
            source: "code: containerd core/images/image.go (compat R4); measured: containerd 1.6.20 `ctr images pull` of the BuildKit cache list (tests/peers)",
        },
        Behaviour {
            when: When::Rule("docker-list-platform-required"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Accept,
            message: "an entry without platform matches any platform (sorted after platform-matched entries)",
            source: "code: containerd core/images/image.go (compat R1); measured: containerd 1.6.20 pulled a Docker list entry without platform (tests/peers)",
        },
        Behaviour {
            when: When::Rule("manifest-layer-media-type-portable"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "failed to extract layer sha256:<digest>: failed to get stream processor for <mediaType>: no processor for media-type",
            source: "code: containerd core/diff/apply/apply.go (compat R5); measured: containerd 1.6.20 `ctr images pull` of the Garden Linux manifest (tests/peers, 2026-11-23)",
        },
        Behaviour {
            when: When::Rule("doc-docker-schema1"),
            operation: Operation::Pull,
            versions: &["2.1"],
            verdict: Verdict::Reject,
            message: "media type \"application/vnd.docker.distribution.manifest.v1+prettyjws\" is no longer supported since containerd v2.1, please rebuild the image as \"application/vnd.docker.distribution.manifest.v2+json\" or \"application/vnd.oci.image.manifest.v1+json\"",
            source: "code: containerd client/pull.go (compat R22)",
        },
        Behaviour {
            when: When::Rule("doc-ambiguous-manifest-with-manifests"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "media-type: expected manifest but found index",
            source: "code: containerd core/images/image.go validateMediaType (GHSA-5j5w-g665-5m35)",
        },
        Behaviour {
            when: When::Rule("doc-ambiguous-index-with-config-or-layers"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "media-type: expected index but found manifest",
            source: "code: containerd core/images/image.go validateMediaType (GHSA-5j5w-g665-5m35)",
        },
        Behaviour {
            when: When::AttestationEntries,
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Accept,
            message: "pulled: the `unknown/unknown` attestation entries match no platform and are skipped",
            source: "code: containerd images Platforms() ignores unknown platforms (compat R21); issue: https://github.com/tektoncd/pipeline/issues/6257",
        },
    ],
};
