//! Harbor: Harbor core in front of its fork of distribution v2.8.3 (`REGISTRY_SRC_TAG=
//! v2.8.3-harbor.1`), shipped with `validation: disabled: true`. Behaviours marked `infer` are
//! carried over from distribution v2.8 because the compat matrix cites that code lineage
//! (Harbor's Makefile); they were not observed on Harbor itself.

use crate::targets::{Behaviour, Operation, Target, TargetKind, Verdict, Version, When};

pub(super) static TARGET: Target = Target {
    name: "harbor",
    display: "Harbor",
    aliases: &["goharbor"],
    kind: TargetKind::Registry,
    operations: &[Operation::Push],
    versions: &[Version {
        id: "v2",
        label: "Harbor v2 (main @c50c7dd; registry v2.8.3-harbor.1 underneath)",
    }],
    sources: &[
        "code: goharbor/harbor @c50c7dd src/controller/artifact/, src/server/middleware/subject/, Makefile",
        "infer: distribution/distribution v2.8.3 (Harbor's registry), where marked",
    ],
    behaviours: &[
        Behaviour {
            when: When::Rule("index-child-media-type-portable"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Reject,
            message: "404 Not Found",
            source: "code: harbor src/controller/artifact/manifest/index.go (every child must be an artifact); issue: goharbor/harbor#14774, moby/buildkit#2479 (compat R4)",
        },
        Behaviour {
            when: When::Rule("docker-list-child-media-type"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Reject,
            message: "404 Not Found",
            source: "code: harbor src/controller/artifact/manifest/index.go (every child must be an artifact); issue: goharbor/harbor#14774 (compat R4)",
        },
        Behaviour {
            when: When::Rule("docker-list-platform-required"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted: neither Harbor core nor distribution v2.8 checks a list entry's platform",
            source: "infer: distribution v2.8 manifest/manifestlist/manifestlist.go; code: harbor src/controller/artifact/manifest/index.go (compat R1)",
        },
        Behaviour {
            when: When::Rule("doc-media-type-docker-required"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Reject,
            message: "MANIFEST_INVALID: manifest invalid; mediaType in manifest should be 'application/vnd.docker.distribution.manifest.v2+json' not ''",
            source: "infer: distribution v2.8 manifest/schema2/manifest.go, Harbor Makefile REGISTRY_SRC_TAG=v2.8.3-harbor.1 (compat R8)",
        },
        Behaviour {
            when: When::Rule("push-content-type-matches-media-type"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Reject,
            message: "MANIFEST_INVALID: manifest invalid; mediaType in manifest should be '<Content-Type>' not '<mediaType>'",
            source: "infer: distribution v2.8 manifest/schema2/manifest.go, manifest/ocischema/manifest.go, Harbor Makefile REGISTRY_SRC_TAG=v2.8.3-harbor.1 (compat R9)",
        },
        Behaviour {
            when: When::Rule("push-manifest-size"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Reject,
            message: "MANIFEST_INVALID: http: request body too large",
            source: "infer: distribution v2.8 registry/handlers/manifests.go maxManifestBodySize 4<<20 (compat R10)",
        },
        Behaviour {
            when: When::Rule("desc-urls-registry-policy"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted: Harbor ships its registry with `validation: disabled: true`, so layer URLs are not checked",
            source: "code: harbor make/photon/prepare/templates/registry/config.yml.jinja (compat R12)",
        },
        Behaviour {
            when: When::Rule("json-no-duplicate-keys"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted silently: Go's encoding/json keeps the last value of a duplicated key",
            source: "code: harbor and distribution parse with Go encoding/json (compat R15)",
        },
        Behaviour {
            when: When::Subject,
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted with OCI-Subject; the referrer becomes an accessory of its subject, listed by the referrers API since v2.8.1 (which SOCI found broken before v2.11.0)",
            source: "code: harbor src/server/middleware/subject/subject.go (compat R7); doc: https://github.com/awslabs/soci-snapshotter/blob/04fd8b1d8618dc016b33b55b31f62afa8da5aba3/docs/registry.md (Harbor: \"Referrers API (>= v2.8.1)\")",
        },
        Behaviour {
            when: When::Artifact,
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "stored as an artifact; its type comes from config.mediaType `application/vnd.<x>.<type>.config.<v>+json`, else \"UNKNOWN\"",
            source: "code: harbor src/controller/artifact/processor/default.go (compat R5, R6)",
        },
    ],
};
