//! The types containers/image 5.23 (podman 4.3, skopeo 1.9) decodes a manifest into
//! (`manifest.OCI1`, `OCI1Index`, `Schema2`, `Schema2List`, `Schema1`), and the field probe
//! of `validateUnambiguousManifestFormat`.

use super::go_types::{
    field, GoField, GoStruct, GoType, ANNOTATIONS, DIGEST, INT, INT64, STRING, STRINGS,
};
use super::types_image_spec::{
    DESCRIPTORS, DESCRIPTOR_POINTER, DESCRIPTOR_TYPE, INDEX_V1_1_FIELDS, MANIFEST_V1_1_FIELDS,
};

static OCI1_MANIFEST: GoStruct = GoStruct {
    name: "OCI1",
    qualified: "manifest.OCI1",
    fields: &[
        field("schemaVersion", &INT),
        field("mediaType", &STRING),
        field("config", &DESCRIPTOR_TYPE),
        field("layers", &DESCRIPTORS),
        field("subject", &DESCRIPTOR_POINTER),
        field("annotations", &ANNOTATIONS),
    ],
};
pub(crate) static OCI1: GoType = GoType::Struct(&OCI1_MANIFEST);

static OCI1_INDEX: GoStruct = GoStruct {
    name: "OCI1Index",
    qualified: "manifest.OCI1Index",
    fields: &[
        field("schemaVersion", &INT),
        field("mediaType", &STRING),
        field("manifests", &DESCRIPTORS),
        field("subject", &DESCRIPTOR_POINTER),
        field("annotations", &ANNOTATIONS),
    ],
};
pub(crate) static OCI1_INDEX_TYPE: GoType = GoType::Struct(&OCI1_INDEX);

/// `manifest.OCI1` after mid-2025: image-spec v1.1.1's `v1.Manifest` (image/go.mod@f0ddf1a in
/// containers/container-libs) has `artifactType`.
static OCI1_MANIFEST_2025: GoStruct = GoStruct {
    name: "OCI1",
    qualified: "manifest.OCI1",
    fields: &MANIFEST_V1_1_FIELDS,
};
pub(crate) static OCI1_2025: GoType = GoType::Struct(&OCI1_MANIFEST_2025);

/// `manifest.OCI1Index` after mid-2025: image-spec v1.1.1's `v1.Index` has `artifactType`.
///
/// Decoded as `OCI1IndexPublic` (image/internal/manifest/oci_index.go@f0ddf1a
/// `OCI1IndexPublicFromManifest`), the name Go's type errors give.
static OCI1_INDEX_2025: GoStruct = GoStruct {
    name: "OCI1IndexPublic",
    qualified: "manifest.OCI1IndexPublic",
    fields: &INDEX_V1_1_FIELDS,
};
pub(crate) static OCI1_INDEX_2025_TYPE: GoType = GoType::Struct(&OCI1_INDEX_2025);

static SCHEMA2_DESCRIPTOR: GoStruct = GoStruct {
    name: "Schema2Descriptor",
    qualified: "manifest.Schema2Descriptor",
    fields: &[
        field("mediaType", &STRING),
        field("size", &INT64),
        field("digest", &DIGEST),
        field("urls", &STRINGS),
    ],
};
static SCHEMA2_DESCRIPTOR_TYPE: GoType = GoType::Struct(&SCHEMA2_DESCRIPTOR);

static SCHEMA2_MANIFEST: GoStruct = GoStruct {
    name: "Schema2",
    qualified: "manifest.Schema2",
    fields: &[
        field("schemaVersion", &INT),
        field("mediaType", &STRING),
        field("config", &SCHEMA2_DESCRIPTOR_TYPE),
        field("layers", &GoType::Slice(&SCHEMA2_DESCRIPTOR_TYPE)),
    ],
};
pub(crate) static SCHEMA2: GoType = GoType::Struct(&SCHEMA2_MANIFEST);

static SCHEMA2_PLATFORM: GoStruct = GoStruct {
    name: "Schema2PlatformSpec",
    qualified: "manifest.Schema2PlatformSpec",
    fields: &[
        field("architecture", &STRING),
        field("os", &STRING),
        field("os.version", &STRING),
        field("os.features", &STRINGS),
        field("variant", &STRING),
        field("features", &STRINGS),
    ],
};

/// Embeds `Schema2Descriptor`.
static SCHEMA2_MANIFEST_DESCRIPTOR: GoStruct = GoStruct {
    name: "Schema2ManifestDescriptor",
    qualified: "manifest.Schema2ManifestDescriptor",
    fields: &[
        field("mediaType", &STRING),
        field("size", &INT64),
        field("digest", &DIGEST),
        field("urls", &STRINGS),
        field("platform", &GoType::Struct(&SCHEMA2_PLATFORM)),
    ],
};

static SCHEMA2_LIST_FIELDS: [GoField; 3] = [
    field("schemaVersion", &INT),
    field("mediaType", &STRING),
    field(
        "manifests",
        &GoType::Slice(&GoType::Struct(&SCHEMA2_MANIFEST_DESCRIPTOR)),
    ),
];

static SCHEMA2_LIST: GoStruct = GoStruct {
    name: "Schema2List",
    qualified: "manifest.Schema2List",
    fields: &SCHEMA2_LIST_FIELDS,
};
pub(crate) static SCHEMA2_LIST_TYPE: GoType = GoType::Struct(&SCHEMA2_LIST);

/// The same list after mid-2025, decoded as `Schema2ListPublic`
/// (image/internal/manifest/docker_schema2_list.go@f0ddf1a `Schema2ListPublicFromManifest`).
static SCHEMA2_LIST_2025: GoStruct = GoStruct {
    name: "Schema2ListPublic",
    qualified: "manifest.Schema2ListPublic",
    fields: &SCHEMA2_LIST_FIELDS,
};
pub(crate) static SCHEMA2_LIST_2025_TYPE: GoType = GoType::Struct(&SCHEMA2_LIST_2025);

static SCHEMA1_FS_LAYER: GoStruct = GoStruct {
    name: "Schema1FSLayers",
    qualified: "manifest.Schema1FSLayers",
    fields: &[field("blobSum", &DIGEST)],
};
static SCHEMA1_HISTORY: GoStruct = GoStruct {
    name: "Schema1History",
    qualified: "manifest.Schema1History",
    fields: &[field("v1Compatibility", &STRING)],
};
static SCHEMA1_MANIFEST: GoStruct = GoStruct {
    name: "Schema1",
    qualified: "manifest.Schema1",
    fields: &[
        field("name", &STRING),
        field("tag", &STRING),
        field("architecture", &STRING),
        field(
            "fsLayers",
            &GoType::Slice(&GoType::Struct(&SCHEMA1_FS_LAYER)),
        ),
        field("history", &GoType::Slice(&GoType::Struct(&SCHEMA1_HISTORY))),
        field("schemaVersion", &INT),
    ],
};
pub(crate) static SCHEMA1: GoType = GoType::Struct(&SCHEMA1_MANIFEST);

static SCHEMA1_CONTAINER_CONFIG: GoStruct = GoStruct {
    name: "schema1V1CompatibilityContainerConfig",
    qualified: "manifest.schema1V1CompatibilityContainerConfig",
    fields: &[field("Cmd", &STRINGS)],
};
/// `Schema1V1Compatibility`, a history entry's `v1Compatibility` JSON, as far as modelled:
/// `created` (a `time.Time`) and `throwaway` (a `bool`) are not decoded.
static SCHEMA1_V1_COMPATIBILITY: GoStruct = GoStruct {
    name: "Schema1V1Compatibility",
    qualified: "manifest.Schema1V1Compatibility",
    fields: &[
        field("id", &STRING),
        field("parent", &STRING),
        field("comment", &STRING),
        field(
            "container_config",
            &GoType::Struct(&SCHEMA1_CONTAINER_CONFIG),
        ),
        field("author", &STRING),
    ],
};
pub(crate) static SCHEMA1_V1_COMPATIBILITY_TYPE: GoType = GoType::Struct(&SCHEMA1_V1_COMPATIBILITY);

/// `validateUnambiguousManifestFormat`'s probe: which of these members are there (not `null`).
static FIELDS_PROBE: GoStruct = GoStruct {
    name: "",
    qualified: "struct { Config interface {} \"json:\\\"config\\\"\"; FSLayers interface {} \"json:\\\"fsLayers\\\"\"; History interface {} \"json:\\\"history\\\"\"; Layers interface {} \"json:\\\"layers\\\"\"; Manifests interface {} \"json:\\\"manifests\\\"\" }",
    fields: &[
        field("config", &GoType::Any),
        field("fsLayers", &GoType::Any),
        field("history", &GoType::Any),
        field("layers", &GoType::Any),
        field("manifests", &GoType::Any),
    ],
};
pub(crate) static AMBIGUITY_PROBE: GoType = GoType::Struct(&FIELDS_PROBE);

static GUESS_CONFIG: GoStruct = GoStruct {
    name: "",
    qualified: "struct { MediaType string \"json:\\\"mediaType\\\"\" }",
    fields: &[field("mediaType", &STRING)],
};

/// The fields `GuessMIMEType` reads, in its three decodes (a field's type is the same in each).
static GUESS: GoStruct = GoStruct {
    name: "",
    qualified: "struct { MediaType string; SchemaVersion int; Signatures interface {} }",
    fields: &[
        field("mediaType", &STRING),
        field("schemaVersion", &INT),
        field("signatures", &GoType::Any),
        field("config", &GoType::Struct(&GUESS_CONFIG)),
        field("manifests", &DESCRIPTORS),
    ],
};
pub(crate) static GUESS_FIELDS: GoType = GoType::Struct(&GUESS);
