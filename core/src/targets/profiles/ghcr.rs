//! GitHub Container Registry, ghcr.io (closed source; evidence from issues and discussions).

use crate::targets::{Behaviour, Operation, Target, TargetKind, Verdict, Version, When};

pub(super) static TARGET: Target = Target {
    name: "ghcr",
    display: "GitHub Container Registry",
    aliases: &["ghcr.io", "github"],
    kind: TargetKind::Registry,
    operations: &[Operation::Push],
    versions: &[Version {
        id: "2026",
        label: "as reported since 2020-12 (no native referrers API)",
    }],
    sources: &["issues cited in shared/reference/compat-matrix.md §1.1 (GHCR column)"],
    behaviours: &[
        Behaviour {
            when: When::Rule("metadata-index-annotations"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Warn,
            message: "stored, but the package page says \"No description provided\" and links no repository: for a multi-platform image GHCR reads `org.opencontainers.image.description` and `.source` from the index's own annotations",
            source: "issue: https://github.com/bazel-contrib/rules_oci/issues/798 (labels on the images, no description shown), https://github.com/bazel-contrib/rules_oci/pull/897; doc: https://docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry#adding-a-description-to-multi-arch-images",
        },
        Behaviour {
            when: When::Rule("metadata-source-repository-url"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Warn,
            message: "stored, but the package is not connected to its repository: GHCR links `org.opencontainers.image.source` only when it is `https://github.com/OWNER/REPO` (no `.git`)",
            source: "issue: https://github.com/docker/build-push-action/pull/221 (screenshots: no connection with `.git`, connected without), https://github.com/drone-plugins/drone-docker/pull/410; doc: https://docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry#labelling-container-images",
        },
        Behaviour {
            when: When::Rule("index-child-media-type-portable"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted since 2020-12-11: index entries that are blobs (BuildKit registry cache) are stored",
            source: "issue: moby/buildkit#1865 (compat R4)",
        },
        Behaviour {
            when: When::Rule("docker-list-child-media-type"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted since 2020-12-11: list entries that are blobs (BuildKit registry cache) are stored",
            source: "issue: moby/buildkit#1865 (compat R4)",
        },
        Behaviour {
            when: When::Rule("docker-manifest-layer-zstd"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted: the Docker zstd layer type is stored (pulling it needs a client that knows it)",
            source: "issue: imagegenius/docker-immich#717 (compat R13b)",
        },
        Behaviour {
            when: When::Artifact,
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted as an OCI artifact",
            source: "issue: ocx-sh/ocx#480 (compat R6)",
        },
        Behaviour {
            when: When::Subject,
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Warn,
            message: "stored, but GHCR has no native referrers API; clients fall back to the sha256-<digest> tag",
            source: "issue: https://github.com/orgs/community/discussions/208530 (compat R7); doc: https://github.com/awslabs/soci-snapshotter/blob/04fd8b1d8618dc016b33b55b31f62afa8da5aba3/docs/registry.md (GHCR: \"Fallback\")",
        },
        Behaviour {
            when: When::AttestationEntries,
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Warn,
            message: "stored, but the package page lists each attestation entry as one more OS / Arch, `unknown/unknown`, beside the image's platforms",
            source: "issue: https://github.com/docker/build-push-action/issues/764 (\"a third OS/Arch to show up on ghcr.io\"), https://github.com/go-gitea/gitea/issues/24973 (quoting the GitHub Packages report), https://github.com/docker/buildx/issues/3047",
        },
    ],
};
