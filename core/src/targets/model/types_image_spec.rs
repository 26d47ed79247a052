//! image-spec's `specs-go/v1` types (v1.1.0-rc2, as containers/image 5.23 and containerd 1.6
//! vendor them), which containers/image and containerd decode OCI documents into.

use super::go_types::{
    field, GoField, GoStruct, GoType, ANNOTATIONS, DIGEST, INT, INT64, STRING, STRINGS,
};

static PLATFORM: GoStruct = GoStruct {
    name: "Platform",
    qualified: "v1.Platform",
    fields: &[
        field("architecture", &STRING),
        field("os", &STRING),
        field("os.version", &STRING),
        field("os.features", &STRINGS),
        field("variant", &STRING),
    ],
};

pub(crate) static DESCRIPTOR: GoStruct = GoStruct {
    name: "Descriptor",
    qualified: "v1.Descriptor",
    fields: &[
        field("mediaType", &STRING),
        field("digest", &DIGEST),
        field("size", &INT64),
        field("urls", &STRINGS),
        field("annotations", &ANNOTATIONS),
        field("data", &GoType::Bytes),
        field("platform", &GoType::Pointer(&GoType::Struct(&PLATFORM))),
        field("artifactType", &STRING),
    ],
};
pub(crate) static DESCRIPTOR_TYPE: GoType = GoType::Struct(&DESCRIPTOR);
pub(crate) static DESCRIPTORS: GoType = GoType::Slice(&DESCRIPTOR_TYPE);
pub(crate) static DESCRIPTOR_POINTER: GoType = GoType::Pointer(&DESCRIPTOR_TYPE);

/// image-spec v1.1.1's `v1.Manifest` fields (with `artifactType`), which Harbor's subject
/// middleware and containers/image after mid-2025 decode into.
pub(crate) static MANIFEST_V1_1_FIELDS: [GoField; 7] = [
    field("schemaVersion", &INT),
    field("mediaType", &STRING),
    field("artifactType", &STRING),
    field("config", &DESCRIPTOR_TYPE),
    field("layers", &DESCRIPTORS),
    field("subject", &DESCRIPTOR_POINTER),
    field("annotations", &ANNOTATIONS),
];

/// image-spec v1.1.1's `v1.Manifest`, as Harbor's subject middleware decodes a pushed body
/// (goharbor/harbor @c50c7dd go.mod: image-spec v1.1.1).
static MANIFEST_V1_1: GoStruct = GoStruct {
    name: "Manifest",
    qualified: "v1.Manifest",
    fields: &MANIFEST_V1_1_FIELDS,
};
pub(crate) static MANIFEST_V1_1_TYPE: GoType = GoType::Struct(&MANIFEST_V1_1);

/// image-spec v1.1.1's `v1.Index` fields (with `artifactType`), which zot and containers/image
/// after mid-2025 decode into.
pub(crate) static INDEX_V1_1_FIELDS: [GoField; 6] = [
    field("schemaVersion", &INT),
    field("mediaType", &STRING),
    field("artifactType", &STRING),
    field("manifests", &DESCRIPTORS),
    field("subject", &DESCRIPTOR_POINTER),
    field("annotations", &ANNOTATIONS),
];

/// image-spec v1.1.1's `v1.Index`, as zot decodes a pushed index (project-zot/zot @6d19b44
/// go.mod: image-spec v1.1.1; image-spec schema/validator.go@v1.1.1 `validateIndex`).
static INDEX_V1_1: GoStruct = GoStruct {
    name: "Index",
    qualified: "v1.Index",
    fields: &INDEX_V1_1_FIELDS,
};
pub(crate) static INDEX_V1_1_TYPE: GoType = GoType::Struct(&INDEX_V1_1);
