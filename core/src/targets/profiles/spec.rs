//! The specifications themselves: image-spec and the Docker schema 2 specs, per image-spec
//! version. A rule counts against a version when its `spec_versions` name it (or are `all`),
//! so `spec@1.1.0`, `spec@1.1.1` and `spec@main` tell a user what changed for their document
//! (`docs/spec-versions.md`).

use crate::targets::{Behaviour, Operation, Target, TargetKind, Verdict, Version, When};

pub(super) static TARGET: Target = Target {
    name: "spec",
    display: "image-spec / Docker spec",
    aliases: &["oci", "image-spec"],
    kind: TargetKind::Spec,
    operations: &[Operation::Push],
    versions: &[
        // The first version is the one used when none is named, and the one every report
        // has shown since 0.1.0: kept, under its old id, as an alias.
        Version {
            id: "1.1",
            label: "alias of main: what `spec@1.1` always judged by (image-spec v1.1.1 with main's MUSTs: I-JSON, size not negative), and the Docker Image Manifest V2 Schema 2",
        },
        Version {
            id: "1.1.0",
            label: "image-spec v1.1.0 (2024-02-15), and the Docker Image Manifest V2 Schema 2",
        },
        Version {
            id: "1.1.1",
            label: "image-spec v1.1.1 (2025-02-24), and the Docker Image Manifest V2 Schema 2",
        },
        Version {
            id: "main",
            label: "image-spec main (unreleased: I-JSON, size not negative, blake3), and the Docker Image Manifest V2 Schema 2",
        },
    ],
    sources: &[
        "https://github.com/opencontainers/image-spec/tree/v1.1.0",
        "https://github.com/opencontainers/image-spec/tree/v1.1.1",
        "https://github.com/opencontainers/image-spec/tree/main",
    ],
    // Valid means no error-level diagnostic of a rule that applies to the version: the
    // engine's default for the spec target. Beyond it, what was a MUST in one version only,
    // which the rule (judging every version) reports as a warning.
    behaviours: &[Behaviour {
        when: When::Rule("ann-ref-name-grammar"),
        operation: Operation::Push,
        versions: &["1.1.0"],
        verdict: Verdict::Reject,
        message: "`org.opencontainers.image.ref.name` does not match the reference grammar, which image-spec v1.1.0 makes a MUST (v1.1.1 relaxed it: \"a valid reference matches\")",
        source: "spec: image-spec v1.1.0 annotations.md, org.opencontainers.image.ref.name (\"MUST match\"); relaxed in v1.1.1 by commit 16101e2",
    }],
};

/// The image-spec version a version id of the `spec` target judges by: `1.1` is the alias
/// kept for what it always meant (every rule, main's included).
pub(crate) fn spec_version(id: &str) -> &str {
    match id {
        "1.1" => "main",
        other => other,
    }
}
