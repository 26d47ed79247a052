//! `docker pull` through the Docker daemon (moby).

use crate::targets::{Behaviour, Operation, Target, TargetKind, Verdict, Version, When};

pub(super) static TARGET: Target = Target {
    name: "dockerd",
    display: "Docker Engine (docker pull)",
    aliases: &["docker-engine", "moby"],
    kind: TargetKind::Client,
    operations: &[Operation::Pull],
    versions: &[Version {
        id: "28",
        label: "moby @b985e23 (after v29.7.2), pulling into the classic image store",
    }],
    sources: &["code: moby/moby @b985e23 daemon/internal/distribution"],
    behaviours: &[
        Behaviour {
            when: When::Rule("manifest-layer-media-type-portable"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "unsupported media type <mediaType>",
            source: "code: moby daemon/internal/distribution/pull_v2.go checkSupportedMediaType (compat R5)",
        },
        Behaviour {
            when: When::Artifact,
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "unsupported media type <config mediaType> (not an image: docker runs images only)",
            source: "code: moby pull_v2.go config media type check (compat R6)",
        },
        Behaviour {
            when: When::Rule("push-content-type-matches-media-type"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "mediaType in manifest should be '<Content-Type>' not '<mediaType>'",
            source: "code: moby vendored distribution client parses by Content-Type (compat R9)",
        },
        Behaviour {
            when: When::Rule("doc-docker-schema1"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "Docker Image Format v1 and Docker Image manifest version 2, schema 1 support has been removed. Suggest the author of <image> to upgrade the image to the OCI Format or Docker Image manifest v2, schema 2.",
            source: "code: moby daemon/internal/distribution/errors.go (compat R22)",
        },
        Behaviour {
            when: When::Rule("doc-ambiguous-manifest-with-manifests"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "rejected: manifests that contain a 'manifests' field are refused (CVE-2021-41190)",
            source: "advisory: GHSA-xmmx-7jpf-fx42",
        },
        Behaviour {
            when: When::Rule("doc-ambiguous-index-with-config-or-layers"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "rejected: indices that contain a 'layers' field are refused (CVE-2021-41190)",
            source: "advisory: GHSA-xmmx-7jpf-fx42",
        },
        Behaviour {
            when: When::AttestationEntries,
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Warn,
            message: "pulled: no platform matches the attestation entries' `unknown/unknown`, so they are skipped; but the docker CLI's `docker manifest inspect` of such an index answered `no such manifest: <reference>` (buildx v0.10 onwards), and `docker manifest create` refuses indexes with them",
            source: "issue: https://github.com/docker/buildx/issues/1509, https://github.com/docker/build-push-action/issues/764; https://github.com/kubernetes-sigs/secrets-store-csi-driver/pull/2028 (`docker manifest create` broken by them) (compat R21)",
        },
    ],
};
