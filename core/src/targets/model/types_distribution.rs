//! The types distribution v2.8 decodes a pushed manifest into (`manifest/schema2`,
//! `manifest/ocischema`, `manifest/manifestlist`, `distribution.Descriptor`), and the field
//! probes of its ambiguity checks (`validateManifest`, `validateIndex`).

use super::go_types::{field, GoStruct, GoType, ANNOTATIONS, DIGEST, INT, INT64, STRING, STRINGS};

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
static PLATFORM_POINTER: GoType = GoType::Pointer(&GoType::Struct(&PLATFORM));

static DESCRIPTOR: GoStruct = GoStruct {
    name: "Descriptor",
    qualified: "distribution.Descriptor",
    fields: &[
        field("mediaType", &STRING),
        field("size", &INT64),
        field("digest", &DIGEST),
        field("urls", &STRINGS),
        field("annotations", &ANNOTATIONS),
        field("platform", &PLATFORM_POINTER),
    ],
};
static DESCRIPTOR_TYPE: GoType = GoType::Struct(&DESCRIPTOR);
static DESCRIPTORS: GoType = GoType::Slice(&DESCRIPTOR_TYPE);

static SCHEMA2_MANIFEST: GoStruct = GoStruct {
    name: "Manifest",
    qualified: "schema2.Manifest",
    fields: &[
        field("schemaVersion", &INT),
        field("mediaType", &STRING),
        field("config", &DESCRIPTOR_TYPE),
        field("layers", &DESCRIPTORS),
    ],
};
pub(crate) static SCHEMA2: GoType = GoType::Struct(&SCHEMA2_MANIFEST);

static OCI_MANIFEST: GoStruct = GoStruct {
    name: "Manifest",
    qualified: "ocischema.Manifest",
    fields: &[
        field("schemaVersion", &INT),
        field("mediaType", &STRING),
        field("config", &DESCRIPTOR_TYPE),
        field("layers", &DESCRIPTORS),
        field("annotations", &ANNOTATIONS),
    ],
};
pub(crate) static OCI: GoType = GoType::Struct(&OCI_MANIFEST);

static PLATFORM_SPEC: GoStruct = GoStruct {
    name: "PlatformSpec",
    qualified: "manifestlist.PlatformSpec",
    fields: &[
        field("architecture", &STRING),
        field("os", &STRING),
        field("os.version", &STRING),
        field("os.features", &STRINGS),
        field("variant", &STRING),
        field("features", &STRINGS),
    ],
};

/// `ManifestDescriptor` embeds `distribution.Descriptor`; its own `platform` (a
/// `PlatformSpec`, not a pointer) hides the embedded one.
static MANIFEST_DESCRIPTOR: GoStruct = GoStruct {
    name: "ManifestDescriptor",
    qualified: "manifestlist.ManifestDescriptor",
    fields: &[
        field("mediaType", &STRING),
        field("size", &INT64),
        field("digest", &DIGEST),
        field("urls", &STRINGS),
        field("annotations", &ANNOTATIONS),
        field("platform", &GoType::Struct(&PLATFORM_SPEC)),
    ],
};
static MANIFEST_DESCRIPTORS: GoType = GoType::Slice(&GoType::Struct(&MANIFEST_DESCRIPTOR));

static MANIFEST_LIST: GoStruct = GoStruct {
    name: "ManifestList",
    qualified: "manifestlist.ManifestList",
    fields: &[
        field("schemaVersion", &INT),
        field("mediaType", &STRING),
        field("manifests", &MANIFEST_DESCRIPTORS),
    ],
};
pub(crate) static LIST: GoType = GoType::Struct(&MANIFEST_LIST);

/// `validateManifest`'s `struct { Manifests interface{} }`.
static MANIFESTS_PROBE: GoStruct = GoStruct {
    name: "",
    qualified: "struct { Manifests interface {} \"json:\\\"manifests,omitempty\\\"\" }",
    fields: &[field("manifests", &GoType::Any)],
};
pub(crate) static MANIFESTS_FIELD: GoType = GoType::Struct(&MANIFESTS_PROBE);

/// `validateIndex`'s `struct { Config, Layers interface{} }`.
static MANIFEST_FIELDS_PROBE: GoStruct = GoStruct {
    name: "",
    qualified: "struct { Config interface {} \"json:\\\"config,omitempty\\\"\"; Layers interface {} \"json:\\\"layers,omitempty\\\"\" }",
    fields: &[field("config", &GoType::Any), field("layers", &GoType::Any)],
};
pub(crate) static CONFIG_OR_LAYERS_FIELDS: GoType = GoType::Struct(&MANIFEST_FIELDS_PROBE);
