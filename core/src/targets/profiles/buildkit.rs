//! BuildKit (buildctl, docker buildx) as a consumer of base images and registry caches.
//!
//! What BuildKit *produces* (Docker-list caches before v0.8, image-manifest caches by default
//! since v0.21, OCI types and artifact attestations by default since v0.32) is not a verdict
//! on a document; only how it reads one is modelled here.

use crate::targets::{Behaviour, Operation, Target, TargetKind, Verdict, Version, When};

pub(super) static TARGET: Target = Target {
    name: "buildkit",
    display: "BuildKit (buildctl, docker buildx)",
    aliases: &["buildx", "buildctl", "moby/buildkit"],
    kind: TargetKind::Client,
    operations: &[Operation::Pull],
    versions: &[
        Version {
            id: "0.12",
            label: "v0.12 and later (@73ed682): imports index and image-manifest caches",
        },
        Version {
            id: "0.11",
            label: "before v0.12 (@06e8602): imports only the index (manifest list) cache layout",
        },
    ],
    sources: &[
        "code: moby/buildkit @73ed682 cache/remotecache, exporter/containerimage; @06e8602 cache/remotecache/import.go",
    ],
    behaviours: &[
        Behaviour {
            when: When::Rule("index-child-media-type-portable"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Warn,
            message: "imported as a registry cache (--cache-from); pulled as an image: buildkit reference for unknown type: application/vnd.buildkit.cacheconfig.v0",
            source: "issue: moby/buildkit#1043; code: moby/buildkit cache/remotecache/import.go (compat R4)",
        },
        Behaviour {
            when: When::Rule("docker-list-child-media-type"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Warn,
            message: "imported as a registry cache (--cache-from); pulled as an image: buildkit reference for unknown type: application/vnd.buildkit.cacheconfig.v0",
            source: "issue: moby/buildkit#1043, #1550; code: moby/buildkit cache/remotecache/import.go (compat R4)",
        },
        Behaviour {
            when: When::Artifact,
            operation: Operation::Pull,
            versions: &["0.11"],
            verdict: Verdict::Warn,
            message: "as --cache-from: invalid image with mismatching manifest and config (nothing imported: image-manifest caches need v0.12)",
            source: "code: moby/buildkit cache/remotecache/import.go @06e8602 importInlineCache; image-manifest import added by moby/buildkit#3724 (v0.12)",
        },
    ],
};
