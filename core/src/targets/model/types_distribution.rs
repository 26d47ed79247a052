//! The types distribution decodes a pushed manifest into, v2.8 (`manifest/schema2`,
//! `manifest/ocischema`, `manifest/manifestlist`, `distribution.Descriptor`) and v3 (the same
//! packages over image-spec's `v1.Descriptor`, and `ocischema.ImageIndex` of its own), and the
//! field probes of its ambiguity checks (`validateManifest`, `validateIndex`).

use super::go_types::{field, GoStruct, GoType, ANNOTATIONS, DIGEST, INT, INT64, STRING, STRINGS};
use super::types_image_spec::{DESCRIPTORS as V1_DESCRIPTORS, DESCRIPTOR_TYPE as V1_DESCRIPTOR};

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

// distribution v3.0.0: every descriptor is image-spec v1.1.0's `v1.Descriptor` (go.mod@v3.0.0),
// so a descriptor's `data` is base 64 and its `artifactType` a string, where v2.8's
// `distribution.Descriptor` ignored both.

/// `manifest/schema2/manifest.go@v3.0.0` `Manifest`.
static V3_SCHEMA2_MANIFEST: GoStruct = GoStruct {
    name: "Manifest",
    qualified: "schema2.Manifest",
    fields: &[
        field("schemaVersion", &INT),
        field("mediaType", &STRING),
        field("config", &V1_DESCRIPTOR),
        field("layers", &V1_DESCRIPTORS),
    ],
};
pub(crate) static V3_SCHEMA2: GoType = GoType::Struct(&V3_SCHEMA2_MANIFEST);

/// `manifest/ocischema/manifest.go@v3.0.0` `Manifest` (no `subject` nor `artifactType`: Go
/// skips them).
static V3_OCI_MANIFEST: GoStruct = GoStruct {
    name: "Manifest",
    qualified: "ocischema.Manifest",
    fields: &[
        field("schemaVersion", &INT),
        field("mediaType", &STRING),
        field("config", &V1_DESCRIPTOR),
        field("layers", &V1_DESCRIPTORS),
        field("annotations", &ANNOTATIONS),
    ],
};
pub(crate) static V3_OCI: GoType = GoType::Struct(&V3_OCI_MANIFEST);

/// `manifest/ocischema/index.go@v3.0.0` `ImageIndex`: an OCI index is no longer read as a
/// Docker list, so its entries' `platform` is a `*v1.Platform` (no `features`) and its own
/// `annotations` are decoded.
static V3_IMAGE_INDEX: GoStruct = GoStruct {
    name: "ImageIndex",
    qualified: "ocischema.ImageIndex",
    fields: &[
        field("schemaVersion", &INT),
        field("mediaType", &STRING),
        field("manifests", &V1_DESCRIPTORS),
        field("annotations", &ANNOTATIONS),
    ],
};
pub(crate) static V3_INDEX: GoType = GoType::Struct(&V3_IMAGE_INDEX);

/// `manifest/manifestlist/manifestlist.go@v3.0.0` `ManifestDescriptor`: `v1.Descriptor`
/// embedded (its fields promoted, errors naming the outer struct), its own `platform` hiding
/// the embedded one.
static V3_MANIFEST_DESCRIPTOR: GoStruct = GoStruct {
    name: "ManifestDescriptor",
    qualified: "manifestlist.ManifestDescriptor",
    fields: &[
        field("mediaType", &STRING),
        field("digest", &DIGEST),
        field("size", &INT64),
        field("urls", &STRINGS),
        field("annotations", &ANNOTATIONS),
        field("data", &GoType::Bytes),
        field("artifactType", &STRING),
        field("platform", &GoType::Struct(&PLATFORM_SPEC)),
    ],
};
static V3_MANIFEST_DESCRIPTORS: GoType = GoType::Slice(&GoType::Struct(&V3_MANIFEST_DESCRIPTOR));

static V3_MANIFEST_LIST: GoStruct = GoStruct {
    name: "ManifestList",
    qualified: "manifestlist.ManifestList",
    fields: &[
        field("schemaVersion", &INT),
        field("mediaType", &STRING),
        field("manifests", &V3_MANIFEST_DESCRIPTORS),
    ],
};
pub(crate) static V3_LIST: GoType = GoType::Struct(&V3_MANIFEST_LIST);
