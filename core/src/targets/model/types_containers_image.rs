//! The types containers/image 5.23 (podman 4.3, skopeo 1.9) decodes a manifest into
//! (`manifest.OCI1`, `OCI1Index`, `Schema2`, `Schema2List`, `Schema1`), and the field probe
//! of `validateUnambiguousManifestFormat`.

use super::go_types::{field, GoStruct, GoType, ANNOTATIONS, DIGEST, INT, INT64, STRING, STRINGS};
use super::types_image_spec::{DESCRIPTORS, DESCRIPTOR_POINTER, DESCRIPTOR_TYPE};

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

static SCHEMA2_LIST: GoStruct = GoStruct {
    name: "Schema2List",
    qualified: "manifest.Schema2List",
    fields: &[
        field("schemaVersion", &INT),
        field("mediaType", &STRING),
        field(
            "manifests",
            &GoType::Slice(&GoType::Struct(&SCHEMA2_MANIFEST_DESCRIPTOR)),
        ),
    ],
};
pub(crate) static SCHEMA2_LIST_TYPE: GoType = GoType::Struct(&SCHEMA2_LIST);

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
