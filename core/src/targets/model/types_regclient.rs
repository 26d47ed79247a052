//! regclient's own types (regclient/regclient @725072f), which `manifest.New` decodes a pulled
//! manifest into. They are not image-spec's `specs-go` types: `descriptor.Descriptor`
//! (types/descriptor/descriptor.go) and `platform.Platform` (types/platform/platform.go, with
//! a `features` field image-spec's lacks) are regclient's, and errors name them so
//! (`descriptor.Descriptor`); `v1.Manifest`, `v1.Index` and `v1.ArtifactManifest`
//! (types/oci/v1) embed `oci.Versioned`; `schema2.Manifest` and `schema2.ManifestList`
//! (types/docker/schema2) embed `docker.Versioned` (`schemaVersion`, `mediaType`);
//! `schema1.Manifest` (types/docker/schema1/manifest.go). Embedded fields are listed in place,
//! as `encoding/json` sees them.

use super::go_types::{field, GoStruct, GoType, ANNOTATIONS, DIGEST, INT, INT64, STRING, STRINGS};

/// types/platform/platform.go@725072f `Platform`.
static PLATFORM: GoStruct = GoStruct {
    name: "Platform",
    qualified: "platform.Platform",
    fields: &[
        field("architecture", &STRING),
        field("os", &STRING),
        field("os.version", &STRING),
        field("os.features", &STRINGS),
        field("variant", &STRING),
        field("features", &STRINGS),
    ],
};

/// types/descriptor/descriptor.go@725072f `Descriptor` (its unexported `digestAlgo` is not
/// decoded).
static DESCRIPTOR: GoStruct = GoStruct {
    name: "Descriptor",
    qualified: "descriptor.Descriptor",
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
static DESCRIPTOR_TYPE: GoType = GoType::Struct(&DESCRIPTOR);
static DESCRIPTORS: GoType = GoType::Slice(&DESCRIPTOR_TYPE);
static DESCRIPTOR_POINTER: GoType = GoType::Pointer(&DESCRIPTOR_TYPE);

/// types/oci/v1/manifest.go@725072f `Manifest`.
pub(crate) static OCI_MANIFEST: GoType = GoType::Struct(&GoStruct {
    name: "Manifest",
    qualified: "v1.Manifest",
    fields: &[
        field("schemaVersion", &INT),
        field("mediaType", &STRING),
        field("artifactType", &STRING),
        field("config", &DESCRIPTOR_TYPE),
        field("layers", &DESCRIPTORS),
        field("subject", &DESCRIPTOR_POINTER),
        field("annotations", &ANNOTATIONS),
    ],
});

/// types/oci/v1/index.go@725072f `Index`.
pub(crate) static OCI_INDEX: GoType = GoType::Struct(&GoStruct {
    name: "Index",
    qualified: "v1.Index",
    fields: &[
        field("schemaVersion", &INT),
        field("mediaType", &STRING),
        field("artifactType", &STRING),
        field("manifests", &DESCRIPTORS),
        field("subject", &DESCRIPTOR_POINTER),
        field("annotations", &ANNOTATIONS),
    ],
});

/// types/oci/v1/artifact.go@725072f `ArtifactManifest` (the withdrawn OCI artifact manifest).
pub(crate) static OCI_ARTIFACT: GoType = GoType::Struct(&GoStruct {
    name: "ArtifactManifest",
    qualified: "v1.ArtifactManifest",
    fields: &[
        field("mediaType", &STRING),
        field("artifactType", &STRING),
        field("blobs", &DESCRIPTORS),
        field("subject", &DESCRIPTOR_POINTER),
        field("annotations", &ANNOTATIONS),
    ],
});

/// types/docker/schema2/manifest.go@725072f `Manifest`.
pub(crate) static SCHEMA2_MANIFEST: GoType = GoType::Struct(&GoStruct {
    name: "Manifest",
    qualified: "schema2.Manifest",
    fields: &[
        field("schemaVersion", &INT),
        field("mediaType", &STRING),
        field("config", &DESCRIPTOR_TYPE),
        field("layers", &DESCRIPTORS),
        field("annotations", &ANNOTATIONS),
    ],
});

/// types/docker/schema2/manifestlist.go@725072f `ManifestList`.
pub(crate) static SCHEMA2_LIST: GoType = GoType::Struct(&GoStruct {
    name: "ManifestList",
    qualified: "schema2.ManifestList",
    fields: &[
        field("schemaVersion", &INT),
        field("mediaType", &STRING),
        field("manifests", &DESCRIPTORS),
        field("annotations", &ANNOTATIONS),
    ],
});

static FS_LAYER_TYPE: GoType = GoType::Struct(&GoStruct {
    name: "FSLayer",
    qualified: "schema1.FSLayer",
    fields: &[field("blobSum", &DIGEST)],
});
static HISTORY_TYPE: GoType = GoType::Struct(&GoStruct {
    name: "History",
    qualified: "schema1.History",
    fields: &[field("v1Compatibility", &STRING)],
});

/// types/docker/schema1/manifest.go@725072f `Manifest` (unsigned schema 1).
pub(crate) static SCHEMA1_MANIFEST: GoType = GoType::Struct(&GoStruct {
    name: "Manifest",
    qualified: "schema1.Manifest",
    fields: &[
        field("schemaVersion", &INT),
        field("mediaType", &STRING),
        field("name", &STRING),
        field("tag", &STRING),
        field("architecture", &STRING),
        field("fsLayers", &GoType::Slice(&FS_LAYER_TYPE)),
        field("history", &GoType::Slice(&HISTORY_TYPE)),
    ],
});

/// libtrust's `ParsePrettySignature` (github.com/docker/libtrust jsonsign.go, as regclient's
/// go.mod pins it) first decodes the body into this.
pub(crate) static SIGNATURE_MAP: GoType = GoType::StringMap(&GoType::RawMessage);

/// The anonymous struct `fromCommon` (types/manifest/manifest.go@725072f) duck-types a body
/// with no media type into.
pub(crate) static PROBE: GoType = GoType::Struct(&GoStruct {
    name: "",
    qualified: "struct { MediaType string \"json:\\\"mediaType,omitempty\\\"\"; SchemaVersion int \"json:\\\"schemaVersion,omitempty\\\"\"; Signatures []interface {} \"json:\\\"signatures,omitempty\\\"\"; Manifests []descriptor.Descriptor \"json:\\\"manifests,omitempty\\\"\"; Layers []descriptor.Descriptor \"json:\\\"layers,omitempty\\\"\" }",
    fields: &[
        field("mediaType", &STRING),
        field("schemaVersion", &INT),
        field("signatures", &GoType::Slice(&GoType::Any)),
        field("manifests", &DESCRIPTORS),
        field("layers", &DESCRIPTORS),
    ],
});

/// libtrust's `jsParsedHeader` (jsonsign.go).
static JS_PARSED_HEADER: GoType = GoType::Struct(&GoStruct {
    name: "jsParsedHeader",
    qualified: "libtrust.jsParsedHeader",
    fields: &[
        field("jwk", &GoType::RawMessage),
        field("alg", &STRING),
        field("x5c", &STRINGS),
    ],
});

/// libtrust's `jsParsedSignature` (jsonsign.go), a list of which `signatures` must be.
static JS_PARSED_SIGNATURE: GoType = GoType::Struct(&GoStruct {
    name: "jsParsedSignature",
    qualified: "libtrust.jsParsedSignature",
    fields: &[
        field("header", &JS_PARSED_HEADER),
        field("signature", &STRING),
        field("protected", &STRING),
    ],
});
pub(crate) static JS_PARSED_SIGNATURES: GoType = GoType::Slice(&JS_PARSED_SIGNATURE);

/// A protected header, decoded by libtrust into `map[string]interface{}`.
pub(crate) static PROTECTED_HEADER: GoType = GoType::StringMap(&GoType::Any);
