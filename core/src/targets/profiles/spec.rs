//! The specifications themselves: image-spec 1.1 and the Docker schema 2 specs.

use crate::targets::{Operation, Target, TargetKind, Version};

pub(super) static TARGET: Target = Target {
    name: "spec",
    display: "image-spec / Docker spec",
    aliases: &["oci", "image-spec"],
    kind: TargetKind::Spec,
    operations: &[Operation::Push],
    versions: &[Version {
        id: "1.1",
        label: "image-spec v1.1.1 and main, Docker Image Manifest V2 Schema 2",
    }],
    sources: &["https://github.com/opencontainers/image-spec/tree/v1.1.1"],
    // Valid means no error-level diagnostic: the engine's default for the spec target.
    behaviours: &[],
};
