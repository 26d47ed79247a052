//! The types containerd 1.6 decodes a fetched manifest into: `images.unknownDocument` (its
//! media-type check) and image-spec's `Manifest` and `Index`.

use super::go_types::{field, GoStruct, GoType, ANNOTATIONS, INT, STRING};
use super::types_image_spec::{DESCRIPTORS, DESCRIPTOR_POINTER, DESCRIPTOR_TYPE};

static UNKNOWN_DOCUMENT: GoStruct = GoStruct {
    name: "unknownDocument",
    qualified: "images.unknownDocument",
    fields: &[
        field("mediaType", &STRING),
        field("config", &GoType::RawMessage),
        field("layers", &GoType::RawMessage),
        field("manifests", &GoType::RawMessage),
        field("fsLayers", &GoType::RawMessage),
    ],
};
pub(crate) static UNKNOWN_DOCUMENT_TYPE: GoType = GoType::Struct(&UNKNOWN_DOCUMENT);

static MANIFEST: GoStruct = GoStruct {
    name: "Manifest",
    qualified: "v1.Manifest",
    fields: &[
        field("schemaVersion", &INT),
        field("mediaType", &STRING),
        field("config", &DESCRIPTOR_TYPE),
        field("layers", &DESCRIPTORS),
        field("subject", &DESCRIPTOR_POINTER),
        field("annotations", &ANNOTATIONS),
    ],
};
pub(crate) static MANIFEST_TYPE: GoType = GoType::Struct(&MANIFEST);

static INDEX: GoStruct = GoStruct {
    name: "Index",
    qualified: "v1.Index",
    fields: &[
        field("schemaVersion", &INT),
        field("mediaType", &STRING),
        field("manifests", &DESCRIPTORS),
        field("annotations", &ANNOTATIONS),
    ],
};
pub(crate) static INDEX_TYPE: GoType = GoType::Struct(&INDEX);
