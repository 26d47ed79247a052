//! go-containerregistry's own types (`pkg/v1` @3f4ff3c), which `crane` decodes manifests and
//! indexes into: `v1.Manifest`, `v1.IndexManifest`, `v1.Descriptor`, `v1.Platform`, and
//! `v1.Hash`, a digest that parses itself when decoded (`Hash.UnmarshalJSON`).

use super::go_syntax::go_quote;
use super::go_types::{field, GoStruct, GoType, ANNOTATIONS, INT64, STRING, STRINGS};

/// `types.MediaType`, a string kind.
static MEDIA_TYPE: GoType = GoType::String("types.MediaType");

/// `v1.Hash` (pkg/v1/hash.go@3f4ff3c): `UnmarshalJSON` unmarshals a string and parses it.
pub(crate) static HASH: GoType = GoType::Unmarshaler {
    name: "v1.Hash",
    parse: parse_hash,
};

/// `Hash.parse` (pkg/v1/hash.go@3f4ff3c), with its errors: the text is cut at its first `:`;
/// the hex part must be lower-case hex digits (the first other byte is named, printed with
/// `%c` as the code point of that byte); the algorithm must be one `v1.Hasher` knows, which
/// is `sha256` alone; then the number of hex digits is checked.
pub(crate) fn parse_hash(text: &str) -> Result<(), String> {
    let Some((algorithm, hex)) = text
        .split_once(':')
        .filter(|(algorithm, hex)| !algorithm.is_empty() && !hex.is_empty())
    else {
        return Err(format!("cannot parse hash: {}", go_quote(text)));
    };
    // Checked whole first, searched only when that fails: every entry of an index is parsed
    // as it is decoded.
    let bad = if crate::digest::is_lower_hex(hex.as_bytes()) {
        None
    } else {
        hex.bytes()
            .find(|c| !matches!(c, b'0'..=b'9' | b'a'..=b'f'))
    };
    if let Some(c) = bad {
        return Err(format!(
            "found non-hex character in hash: {}",
            char::from(c)
        ));
    }
    if algorithm != "sha256" {
        // `v1.Hasher`.
        return Err(format!("unsupported hash: {}", go_quote(algorithm)));
    }
    if hex.len() != 64 {
        return Err(format!("wrong number of hex digits for {algorithm}: {hex}"));
    }
    Ok(())
}

/// `v1.Platform` (pkg/v1/platform.go@3f4ff3c), with its `features`.
static PLATFORM: GoStruct = GoStruct {
    name: "Platform",
    qualified: "v1.Platform",
    fields: &[
        field("architecture", &STRING),
        field("os", &STRING),
        field("os.version", &STRING),
        field("os.features", &STRINGS),
        field("variant", &STRING),
        field("features", &STRINGS),
    ],
};

/// `v1.Descriptor` (pkg/v1/manifest.go@3f4ff3c), in its declaration order.
static DESCRIPTOR: GoStruct = GoStruct {
    name: "Descriptor",
    qualified: "v1.Descriptor",
    fields: &[
        field("mediaType", &MEDIA_TYPE),
        field("size", &INT64),
        field("digest", &HASH),
        field("data", &GoType::Bytes),
        field("urls", &STRINGS),
        field("annotations", &ANNOTATIONS),
        field("platform", &GoType::Pointer(&GoType::Struct(&PLATFORM))),
        field("artifactType", &STRING),
    ],
};
static DESCRIPTOR_TYPE: GoType = GoType::Struct(&DESCRIPTOR);
static DESCRIPTORS: GoType = GoType::Slice(&DESCRIPTOR_TYPE);
static DESCRIPTOR_POINTER: GoType = GoType::Pointer(&DESCRIPTOR_TYPE);

/// `v1.Manifest` (pkg/v1/manifest.go@3f4ff3c).
static MANIFEST: GoStruct = GoStruct {
    name: "Manifest",
    qualified: "v1.Manifest",
    fields: &[
        field("schemaVersion", &INT64),
        field("mediaType", &MEDIA_TYPE),
        field("config", &DESCRIPTOR_TYPE),
        field("layers", &DESCRIPTORS),
        field("annotations", &ANNOTATIONS),
        field("subject", &DESCRIPTOR_POINTER),
        field("artifactType", &STRING),
    ],
};
pub(crate) static MANIFEST_TYPE: GoType = GoType::Struct(&MANIFEST);

/// `v1.IndexManifest` (pkg/v1/manifest.go@3f4ff3c).
static INDEX_MANIFEST: GoStruct = GoStruct {
    name: "IndexManifest",
    qualified: "v1.IndexManifest",
    fields: &[
        field("schemaVersion", &INT64),
        field("mediaType", &MEDIA_TYPE),
        field("manifests", &DESCRIPTORS),
        field("annotations", &ANNOTATIONS),
        field("subject", &DESCRIPTOR_POINTER),
        field("artifactType", &STRING),
    ],
};
pub(crate) static INDEX_MANIFEST_TYPE: GoType = GoType::Struct(&INDEX_MANIFEST);
