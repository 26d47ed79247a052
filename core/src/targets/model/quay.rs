//! Quay's `PUT /v2/<namespace>/<repo>/manifests/<tag>`, at two points of its history:
//! `2024-06` (quay/quay @ffba0c7, after PROJQUAY-7280, commit 4546163, dropped the media type
//! allow-lists of OCI descriptors) and `2024-05` (4546163's parent, with those lists as the
//! default configuration registered them). The steps, in Quay's order:
//!
//! 1. `_reject_manifest2_schema2` (endpoints/v2/manifest.py@ffba0c7): the `Content-Type`
//!    header, compared as a whole string (parameters included), must be a manifest type or
//!    `application/json`, else `ManifestInvalid`, 415, `manifest schema version not supported`.
//! 2. `_parse_manifest`: `Bytes.for_string_or_unicode(request.data)` (util/bytes.py@ffba0c7),
//!    then `parse_manifest_from_bytes` (image/shared/schemas.py@ffba0c7) by the type; no
//!    type or `application/json` is read as signed schema 1 (not modelled).
//! 3. The manifest class's `__init__`: `json.loads(bytes.as_unicode())` (Python 3.12, the
//!    image's `ubi9/python-312`: [`super::py_json`]), then `jsonschema.validate` (3.2.0, as
//!    requirements.txt@ffba0c7 pins) against its METASCHEMA ([`validate`]), then its own
//!    checks of the layers. A `ManifestException` is answered as `MANIFEST_INVALID: manifest
//!    invalid` with the detail `failed to parse manifest: <error>`.
//! 4. `_write_manifest` → `_create_manifest` (data/model/oci/manifest.py@ffba0c7):
//!    `validate(retriever)` (a schema 2 manifest loads its config blob), each child of a list
//!    or index loaded from the repository (image/shared/schemautil.py@ffba0c7
//!    `LazyManifestLoader`), then every local blob looked up (`_build_blob_map`); a
//!    `CreateManifestException` is `MANIFEST_INVALID: manifest invalid` with its text.
//!
//! Messages are `CODE: message; detail` with the detail's `message`. `jsonschema` 3.2.0's
//! `str(ValidationError)` goes on after the first line (`Failed validating …`, the schema and
//! the instance pretty-printed): only the first line is said.

use super::py_json::{self, str_repr, Failure, Py, PyNumber, PyView};
use super::{listed, Input, Lookup, Modelled, Step};
use crate::text::TextRange;
use std::borrow::Cow;

/// What differs between the versions modelled.
pub(super) struct Release {
    oci_manifest: &'static [Kw],
    pub(super) oci_index: &'static [Kw],
    /// Whether a layer of negative size is refused (`invalid layer size`, added after 4546163).
    layer_size_checked: bool,
    /// The types an OCI index's children may be (`OCIIndex.manifests` `supported_types`).
    index_children: &'static [&'static str],
    /// Whether the child size mismatch is the `%s` formatted text (else the exception's
    /// arguments as a tuple: `ManifestException(msg, len, size)` at 4546163^).
    size_message_formatted: bool,
    source: &'static str,
}

pub(super) static V2024_06: Release = Release {
    oci_manifest: OCI_MANIFEST_2024_06,
    oci_index: OCI_INDEX_2024_06,
    layer_size_checked: true,
    // image/oci/index.py@ffba0c7 `manifests`.
    index_children: &[OCI_MANIFEST, OCI_INDEX, SCHEMA2, LIST],
    size_message_formatted: true,
    source: "model: quay @ffba0c7 endpoints/v2/manifest.py write_manifest_by_tagname, util/bytes.py, image/shared/schemas.py parse_manifest_from_bytes, image/{docker/schema2/manifest.py,docker/schema2/list.py,oci/manifest.py,oci/index.py,oci/descriptor.py} METASCHEMA and __init__, image/shared/schemautil.py LazyManifestLoader, data/model/oci/manifest.py _create_manifest; jsonschema 3.2.0 validate/best_match; CPython 3.12 json",
};

pub(super) static V2024_05: Release = Release {
    oci_manifest: OCI_MANIFEST_2024_05,
    oci_index: OCI_INDEX_2024_05,
    layer_size_checked: false,
    // image/oci/index.py@4546163^ `manifests`.
    index_children: &[OCI_MANIFEST, OCI_INDEX],
    size_message_formatted: false,
    source: "model: quay @4546163^ (before PROJQUAY-7280) endpoints/v2/manifest.py write_manifest_by_tagname, util/bytes.py, image/shared/schemas.py parse_manifest_from_bytes, image/{docker/schema2/manifest.py,docker/schema2/list.py,oci/manifest.py,oci/index.py,oci/descriptor.py} METASCHEMA and __init__ (enums from image/oci/__init__.py as app.py registers config.py's ALLOWED_OCI_ARTIFACT_TYPES and Helm's), image/shared/schemautil.py LazyManifestLoader, data/model/oci/manifest.py _create_manifest; jsonschema 3.2.0 validate/best_match; CPython 3.12 json",
};

const SCHEMA2: &str = "application/vnd.docker.distribution.manifest.v2+json";
const LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
const SCHEMA1: &str = "application/vnd.docker.distribution.manifest.v1+json";
const SCHEMA1_SIGNED: &str = "application/vnd.docker.distribution.manifest.v1+prettyjws";
const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";
const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
const DOCKER_LAYER: &str = "application/vnd.docker.image.rootfs.diff.tar.gzip";
const DOCKER_FOREIGN_LAYER: &str = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
const OCI_NONDISTRIBUTABLE: [&str; 2] = [
    "application/vnd.oci.image.layer.nondistributable.v1.tar",
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
];

/// A `jsonschema` keyword, in the order of the schema's dict.
pub(super) enum Kw {
    Type(&'static str),
    Enum(&'static [&'static str]),
    /// `minimum` and `maximum`, both 2 in every METASCHEMA here.
    Minimum2,
    Maximum2,
    /// The descriptor's `\w+/[-.\w]+(?:\+[-.\w]+)?`, searched for (`re.search`).
    Pattern,
    Properties(&'static [(&'static str, &'static [Kw])]),
    Items(&'static [Kw]),
    Required(&'static [&'static str]),
}

const STRING: &[Kw] = &[Kw::Type("string")];
const NUMBER: &[Kw] = &[Kw::Type("number")];
const OBJECT: &[Kw] = &[Kw::Type("object")];
const STRINGS: &[Kw] = &[Kw::Type("array"), Kw::Items(STRING)];
const SCHEMA_VERSION: &[Kw] = &[Kw::Type("number"), Kw::Minimum2, Kw::Maximum2];

/// The platform object of a Docker list entry and an OCI index child (image/docker/schema2/
/// list.py@ffba0c7, image/oci/index.py@ffba0c7).
const PLATFORM: &[Kw] = &[
    Kw::Type("object"),
    Kw::Properties(&[
        ("architecture", STRING),
        ("os", STRING),
        ("os.version", STRING),
        ("os.features", STRINGS),
        ("variant", STRING),
        ("features", STRINGS),
    ]),
    Kw::Required(&["architecture", "os"]),
];

/// `get_descriptor_schema` (image/oci/descriptor.py): `mediaType` with its pattern (and, at
/// 4546163^, the allowed types' enum), `size`, `digest`, `annotations`, `urls`,
/// `artifactType`, then the additional properties.
macro_rules! descriptor {
    ($media_type:expr) => {
        descriptor!($media_type, [], [])
    };
    ($media_type:expr, [$($extra:expr),*], [$($required:expr),*]) => {
        &[
            Kw::Type("object"),
            Kw::Properties(&[
                ("mediaType", $media_type),
                ("size", NUMBER),
                ("digest", STRING),
                ("annotations", OBJECT),
                ("urls", STRINGS),
                ("artifactType", STRING),
                $($extra),*
            ]),
            Kw::Required(&["mediaType", "size", "digest", $($required),*]),
        ]
    };
}

const DESCRIPTOR_MEDIA_TYPE: &[Kw] = &[Kw::Type("string"), Kw::Pattern];

/// image/oci/manifest.py@ffba0c7.
const OCI_MANIFEST_2024_06: &[Kw] = &[
    Kw::Type("object"),
    Kw::Properties(&[
        ("schemaVersion", SCHEMA_VERSION),
        (
            "mediaType",
            &[Kw::Type("string"), Kw::Enum(&[OCI_MANIFEST])],
        ),
        ("artifactType", STRING),
        ("config", descriptor!(DESCRIPTOR_MEDIA_TYPE)),
        (
            "layers",
            &[
                Kw::Type("array"),
                Kw::Items(descriptor!(DESCRIPTOR_MEDIA_TYPE)),
            ],
        ),
        ("subject", descriptor!(DESCRIPTOR_MEDIA_TYPE)),
        ("annotations", OBJECT),
    ]),
    Kw::Required(&["schemaVersion", "config", "layers"]),
];

/// `ALLOWED_ARTIFACT_TYPES` at 4546163^ as the default configuration leaves it: the OCI
/// config type, then config.py's `ALLOWED_OCI_ARTIFACT_TYPES` keys in order (app.py registers
/// them, `FEATURE_GENERAL_OCI_SUPPORT` being on), then Helm's (already there).
const ALLOWED_ARTIFACT_TYPES_2024_05: &[&str] = &[
    OCI_CONFIG,
    "application/vnd.cncf.helm.config.v1+json",
    "application/vnd.oci.source.image.config.v1+json",
    "application/vnd.unknown.config.v1+json",
];

/// `OCI_IMAGE_LAYER_CONTENT_TYPES + ADDITIONAL_LAYER_CONTENT_TYPES` at 4546163^, the latter
/// as `register_artifact_type` fills it from the same configuration.
const LAYER_TYPES_2024_05: &[&str] = &[
    "application/vnd.oci.image.layer.v1.tar",
    "application/vnd.oci.image.layer.v1.tar+gzip",
    "application/vnd.oci.image.layer.v1.tar+zstd",
    "application/vnd.oci.image.layer.nondistributable.v1.tar",
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
    "application/vnd.dev.cosign.simplesigning.v1+json",
    "application/vnd.dsse.envelope.v1+json",
    "text/spdx",
    "text/spdx+xml",
    "text/spdx+json",
    "application/vnd.syft+json",
    "application/vnd.cyclonedx",
    "application/vnd.cyclonedx+xml",
    "application/vnd.cyclonedx+json",
    "application/vnd.in-toto+json",
    "application/tar+gzip",
    "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
    "application/vnd.oci.image.layer.v1.tar+gzip",
    "application/vnd.cncf.openpolicyagent.policy.layer.v1+rego",
    "application/vnd.cncf.openpolicyagent.data.layer.v1+json",
];

/// image/oci/index.py `ALLOWED_MEDIA_TYPES` (the same at both commits).
const INDEX_CHILD_TYPES: &[&str] = &[OCI_MANIFEST, OCI_INDEX, SCHEMA2, LIST];

/// image/oci/manifest.py@4546163^: the descriptors' `mediaType` also has an enum (the subject
/// is built with `ignore_unknown_mediatypes=True`, so has none).
const OCI_MANIFEST_2024_05: &[Kw] = &[
    Kw::Type("object"),
    Kw::Properties(&[
        ("schemaVersion", SCHEMA_VERSION),
        (
            "mediaType",
            &[Kw::Type("string"), Kw::Enum(&[OCI_MANIFEST])],
        ),
        ("artifactType", STRING),
        (
            "config",
            descriptor!(&[
                Kw::Type("string"),
                Kw::Pattern,
                Kw::Enum(ALLOWED_ARTIFACT_TYPES_2024_05)
            ]),
        ),
        (
            "layers",
            &[
                Kw::Type("array"),
                Kw::Items(descriptor!(&[
                    Kw::Type("string"),
                    Kw::Pattern,
                    Kw::Enum(LAYER_TYPES_2024_05)
                ])),
            ],
        ),
        ("subject", descriptor!(DESCRIPTOR_MEDIA_TYPE)),
        ("annotations", OBJECT),
    ]),
    Kw::Required(&["schemaVersion", "config", "layers"]),
];

/// image/oci/index.py@ffba0c7 (`platform` optional: `additional_required=[]`).
const OCI_INDEX_2024_06: &[Kw] = &[
    Kw::Type("object"),
    Kw::Properties(&[
        ("schemaVersion", SCHEMA_VERSION),
        ("mediaType", &[Kw::Type("string"), Kw::Enum(&[OCI_INDEX])]),
        ("artifactType", STRING),
        (
            "manifests",
            &[
                Kw::Type("array"),
                Kw::Items(descriptor!(
                    DESCRIPTOR_MEDIA_TYPE,
                    [("platform", PLATFORM)],
                    []
                )),
            ],
        ),
        ("subject", descriptor!(DESCRIPTOR_MEDIA_TYPE)),
        ("annotations", OBJECT),
    ]),
    Kw::Required(&["schemaVersion", "manifests"]),
];

/// image/oci/index.py@4546163^: the children's `mediaType` has the enum.
const OCI_INDEX_2024_05: &[Kw] = &[
    Kw::Type("object"),
    Kw::Properties(&[
        ("schemaVersion", SCHEMA_VERSION),
        ("mediaType", &[Kw::Type("string"), Kw::Enum(&[OCI_INDEX])]),
        ("artifactType", STRING),
        (
            "manifests",
            &[
                Kw::Type("array"),
                Kw::Items(descriptor!(
                    &[Kw::Type("string"), Kw::Pattern, Kw::Enum(INDEX_CHILD_TYPES)],
                    [("platform", PLATFORM)],
                    []
                )),
            ],
        ),
        ("subject", descriptor!(DESCRIPTOR_MEDIA_TYPE)),
        ("annotations", OBJECT),
    ]),
    Kw::Required(&["schemaVersion", "manifests"]),
];

/// image/docker/schema2/manifest.py `DockerSchema2Manifest.METASCHEMA` (the same at both).
const SCHEMA2_MANIFEST: &[Kw] = &[
    Kw::Type("object"),
    Kw::Properties(&[
        ("schemaVersion", SCHEMA_VERSION),
        ("mediaType", &[Kw::Type("string"), Kw::Enum(&[SCHEMA2])]),
        (
            "config",
            &[
                Kw::Type("object"),
                Kw::Properties(&[
                    (
                        "mediaType",
                        &[Kw::Type("string"), Kw::Enum(&[DOCKER_CONFIG])],
                    ),
                    ("size", NUMBER),
                    ("digest", STRING),
                ]),
                Kw::Required(&["mediaType", "size", "digest"]),
            ],
        ),
        (
            "layers",
            &[
                Kw::Type("array"),
                Kw::Items(&[
                    Kw::Type("object"),
                    Kw::Properties(&[
                        (
                            "mediaType",
                            &[
                                Kw::Type("string"),
                                Kw::Enum(&[DOCKER_LAYER, DOCKER_FOREIGN_LAYER]),
                            ],
                        ),
                        ("size", NUMBER),
                        ("digest", STRING),
                    ]),
                    Kw::Required(&["mediaType", "size", "digest"]),
                ]),
            ],
        ),
    ]),
    Kw::Required(&["schemaVersion", "mediaType", "config", "layers"]),
];

/// image/docker/schema2/list.py `DockerSchema2ManifestList.METASCHEMA` (the same at both):
/// every entry needs a `platform`.
const SCHEMA2_LIST: &[Kw] = &[
    Kw::Type("object"),
    Kw::Properties(&[
        ("schemaVersion", SCHEMA_VERSION),
        ("mediaType", &[Kw::Type("string"), Kw::Enum(&[LIST])]),
        (
            "manifests",
            &[
                Kw::Type("array"),
                Kw::Items(&[
                    Kw::Type("object"),
                    Kw::Properties(&[
                        (
                            "mediaType",
                            &[Kw::Type("string"), Kw::Enum(&[SCHEMA2, SCHEMA1])],
                        ),
                        ("size", NUMBER),
                        ("digest", STRING),
                        ("platform", PLATFORM),
                    ]),
                    Kw::Required(&["mediaType", "size", "digest", "platform"]),
                ]),
            ],
        ),
    ]),
    Kw::Required(&["schemaVersion", "mediaType", "manifests"]),
];

/// `jsonschema.validate(instance, schema)` at 3.2.0: `best_match(iter_errors(instance))`,
/// whose relevance is the shortest path (`-len(error.path)`; no `anyOf`/`oneOf` here), the
/// first in iteration order among equals (Python's `max`). Errors come in the schema dict's
/// order, depth first. The error chosen, or `None`.
pub(super) fn validate(instance: Py<'_>, schema: &'static [Kw]) -> Option<SchemaError> {
    let mut best: Option<SchemaError> = None;
    walk(instance, schema, &mut Vec::new(), &mut best);
    best
}

/// The error `best_match` chose: its message and its path in the instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SchemaError {
    pub message: String,
    pub path: Vec<Step>,
}

type Best = Option<SchemaError>;

fn walk(instance: Py<'_>, schema: &'static [Kw], path: &mut Vec<Step>, best: &mut Best) {
    let depth = path.len();
    // Only an error at a shallower path than the best so far can replace it.
    let found = |message: &dyn Fn() -> String, best: &mut Best, path: &[Step]| {
        if best.as_ref().is_none_or(|b| depth < b.path.len()) {
            *best = Some(SchemaError {
                message: message(),
                path: path.to_vec(),
            });
        }
    };
    let deeper_counts = best.as_ref().is_none_or(|b| depth + 1 < b.path.len());
    for kw in schema {
        match kw {
            Kw::Type(name) => {
                if !is_type(instance, name) {
                    found(
                        &|| format!("{} is not of type {}", instance.repr(), str_repr(name)),
                        best,
                        path,
                    );
                }
            }
            Kw::Enum(allowed) => {
                let listed = instance.as_str().is_some_and(|s| allowed.contains(&s));
                if !listed {
                    found(
                        &|| {
                            let list: Vec<String> = allowed.iter().map(|a| str_repr(a)).collect();
                            format!("{} is not one of [{}]", instance.repr(), list.join(", "))
                        },
                        best,
                        path,
                    );
                }
            }
            Kw::Minimum2 => {
                if compare_to_2(instance) == Some(std::cmp::Ordering::Less) {
                    found(
                        &|| format!("{} is less than the minimum of 2", instance.repr()),
                        best,
                        path,
                    );
                }
            }
            Kw::Maximum2 => {
                if compare_to_2(instance) == Some(std::cmp::Ordering::Greater) {
                    found(
                        &|| format!("{} is greater than the maximum of 2", instance.repr()),
                        best,
                        path,
                    );
                }
            }
            Kw::Pattern => {
                if let Some(s) = instance.as_str() {
                    if !media_type_pattern(s) {
                        found(
                            &|| {
                                format!(
                                    "{} does not match '\\\\w+/[-.\\\\w]+(?:\\\\+[-.\\\\w]+)?'",
                                    instance.repr()
                                )
                            },
                            best,
                            path,
                        );
                    }
                }
            }
            Kw::Properties(properties) => {
                if matches!(instance.view(), PyView::Dict(_)) {
                    for (name, subschema) in *properties {
                        if best.as_ref().is_some_and(|b| depth + 1 >= b.path.len()) {
                            break;
                        }
                        if let Some(value) = instance.get(name) {
                            path.push(Step::Key(name));
                            walk(value, subschema, path, best);
                            path.pop();
                        }
                    }
                }
            }
            Kw::Items(items) => {
                if matches!(instance.view(), PyView::List(_)) && deeper_counts {
                    for (index, item) in instance.items().enumerate() {
                        if best.as_ref().is_some_and(|b| depth + 1 >= b.path.len()) {
                            break;
                        }
                        path.push(Step::Index(index));
                        walk(item, items, path, best);
                        path.pop();
                    }
                }
            }
            Kw::Required(required) => {
                if matches!(instance.view(), PyView::Dict(_)) {
                    for name in *required {
                        if instance.get(name).is_none() {
                            found(
                                &|| format!("{} is a required property", str_repr(name)),
                                best,
                                path,
                            );
                        }
                    }
                }
            }
        }
    }
}

/// jsonschema's Draft 7 type checker (`validator_for` a schema without `$schema` at 3.2.0):
/// a bool is no number.
fn is_type(instance: Py<'_>, name: &str) -> bool {
    match name {
        "object" => matches!(instance.view(), PyView::Dict(_)),
        "array" => matches!(instance.view(), PyView::List(_)),
        "string" => matches!(instance.view(), PyView::Str(_)),
        "number" => matches!(instance.view(), PyView::Number(_)),
        _ => true,
    }
}

/// A number compared with 2 (`None` for what is not a number, or NaN).
fn compare_to_2(instance: Py<'_>) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    match instance.view() {
        PyView::Number(PyNumber::Int(digits)) => Some(if digits.starts_with('-') {
            Ordering::Less
        } else if digits.len() > 1 {
            Ordering::Greater
        } else {
            digits.cmp("2")
        }),
        PyView::Number(PyNumber::Float(f)) => f.partial_cmp(&2.0),
        _ => None,
    }
}

/// `re.search(r"\w+/[-.\w]+(?:\+[-.\w]+)?", s)`: somewhere, a word character, a slash, and a
/// word character, `-` or `.` (Python's `\w` is Unicode's).
pub(super) fn media_type_pattern(s: &str) -> bool {
    let word = |c: char| c == '_' || c.is_alphanumeric();
    // Three characters at a time, without collecting them: every entry of an index is searched.
    let mut chars = s.chars();
    let (Some(mut first), Some(mut second)) = (chars.next(), chars.next()) else {
        return false;
    };
    for third in chars {
        if word(first) && second == '/' && (word(third) || third == '-' || third == '.') {
            return true;
        }
        (first, second) = (second, third);
    }
    false
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Schema2,
    List,
    Oci,
    OciIndex,
}

fn invalid(step: &'static str, detail: &str, release: &Release) -> Modelled {
    Modelled::refuse(
        step,
        format!("MANIFEST_INVALID: manifest invalid; {detail}"),
        release.source,
    )
}

fn parse_failure(step: &'static str, error: &str, release: &Release) -> Modelled {
    invalid(step, &format!("failed to parse manifest: {error}"), release)
}

/// Quay's answer to the push; `None` for a config's type: a config travels as a blob, which
/// Quay reads (as `DockerSchema2Config` or `OCIConfig`) when a manifest names it, not at the
/// manifests endpoint (which answers 415 to that type), so the behaviour table judges it.
pub(super) fn push(input: &Input<'_>, release: &Release) -> Option<Modelled> {
    let content_type = input.content_type;
    if matches!(content_type, Some(DOCKER_CONFIG | OCI_CONFIG)) {
        return None;
    }
    let format = match content_type {
        Some(SCHEMA2) => Format::Schema2,
        Some(LIST) => Format::List,
        Some(OCI_MANIFEST) => Format::Oci,
        Some(OCI_INDEX) => Format::OciIndex,
        None | Some("" | "application/json" | SCHEMA1 | SCHEMA1_SIGNED) => {
            return Some(Modelled::unknown(
                "choose parser",
                "read as Docker schema 1 (DockerSchema1Manifest, signed): not modelled".to_owned(),
                release.source,
            ));
        }
        // `request.content_type` is the header as sent: a parameter makes it another type.
        Some(_) => {
            return Some(invalid(
                "check Content-Type",
                "manifest schema version not supported",
                release,
            ))
        }
    };
    Some(parse_and_store(input, release, format))
}

fn parse_and_store(input: &Input<'_>, release: &Release, format: Format) -> Modelled {
    let decoded;
    // A strict parse is of UTF-8 (ocilint's parser reports any other byte).
    let through_parse = input
        .strict
        .then(|| Py::of_strict(input.document))
        .flatten();
    let parsed = match through_parse {
        Some(parsed) => parsed,
        None => match std::str::from_utf8(input.bytes).map(py_json::loads) {
            // `Bytes.for_string_or_unicode(bytes)`: bytes that are not UTF-8 reach
            // `input.encode("utf-8")`, which `bytes` has not: an `AttributeError`, no
            // `ManifestException`, so Flask's 500.
            Err(_) => {
                return Modelled::refuse(
                    "read body",
                    "500 Internal Server Error: AttributeError: 'bytes' object has no attribute 'encode' (util/bytes.py Bytes.for_string_or_unicode, the body is not UTF-8)".to_owned(),
                    release.source,
                );
            }
            Ok(Ok(value)) => {
                decoded = value;
                Py::Decoded(&decoded)
            }
            Ok(Err(Failure::Value(error))) => {
                return parse_failure(
                    "decode",
                    &format!("malformed manifest data: {}", error.message),
                    release,
                )
                .at(Some(TextRange::new(error.offset, error.offset + 1)));
            }
            Ok(Err(Failure::TooDeep)) => {
                return Modelled::unknown(
                    "decode",
                    "nested beyond Python's recursion limit (RecursionError, not a ValueError): not modelled".to_owned(),
                    release.source,
                );
            }
        },
    };
    let schema = match format {
        Format::Schema2 => SCHEMA2_MANIFEST,
        Format::List => SCHEMA2_LIST,
        Format::Oci => release.oci_manifest,
        Format::OciIndex => release.oci_index,
    };
    if let Some(error) = validate(parsed, schema) {
        return parse_failure(
            "validate schema",
            &format!("manifest data does not match schema: {}", error.message),
            release,
        )
        .at(input.value_range(&error.path));
    }
    match format {
        Format::Schema2 | Format::Oci => {
            if let Some(error) = check_layers(parsed, format, release) {
                return parse_failure("check layers", &error, release);
            }
            verify_blobs(input, parsed, format, release)
        }
        Format::List | Format::OciIndex => fetch_children(input, parsed, format, release),
    }
}

/// The rest of `DockerSchema2Manifest.__init__` and `OCIManifest.__init__`: no layer of
/// negative size (@ffba0c7), every layer's digest parsed (`digest_tools.Digest.parse_digest`,
/// all layers first), then no remote layer without `urls`.
fn check_layers(parsed: Py<'_>, format: Format, release: &Release) -> Option<String> {
    let layers = parsed.get("layers").map(Py::items).unwrap_or_default();
    if release.layer_size_checked
        && layers
            .clone()
            .any(|layer| layer.get("size").and_then(Py::is_negative) == Some(true))
    {
        return Some("invalid layer size".to_owned());
    }
    for layer in layers.clone() {
        let digest = layer.get("digest").map_or_else(String::new, Py::str);
        if !parses_as_digest(&digest) {
            return Some(format!("could not parse manifest digest: {digest}"));
        }
    }
    for layer in layers {
        if is_remote(layer, format) && !layer.get("urls").is_some_and(Py::truthy) {
            return Some("missing `urls` for remote layer".to_owned());
        }
    }
    None
}

fn media_type(value: Py<'_>) -> &str {
    value.get("mediaType").and_then(Py::as_str).unwrap_or("")
}

fn is_remote(layer: Py<'_>, format: Format) -> bool {
    let media_type = media_type(layer);
    match format {
        Format::Schema2 => media_type == DOCKER_FOREIGN_LAYER,
        _ => OCI_NONDISTRIBUTABLE.contains(&media_type),
    }
}

/// digest/digest_tools.py `DIGEST_PATTERN` matched whole: `[A-Za-z0-9_+.-]+:[A-Fa-f0-9]+`.
fn parses_as_digest(digest: &str) -> bool {
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return false;
    };
    !algorithm.is_empty()
        && algorithm
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'.' | b'-'))
        && !hex.is_empty()
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `_create_manifest` for a manifest: a schema 2 manifest's `validate` loads its config blob
/// (`Could not load config blob for manifest`, then its size), then `_build_blob_map` looks
/// every local blob up (`local_blob_digests`: the layers but a schema 2 layer with `urls` or
/// an OCI non-distributable one, then the config). Quay walks those digests as a `set`, in
/// no fixed order; the model names the first missing in the document's order.
fn verify_blobs(input: &Input<'_>, parsed: Py<'_>, format: Format, release: &Release) -> Modelled {
    let step = "verify references";
    let config = parsed.get("config");
    let config_digest = config
        .and_then(|c| c.get("digest"))
        .map_or_else(String::new, Py::str);
    let mut not_known: Vec<String> = Vec::new();
    if format == Format::Schema2 {
        match input.lookup_blob(&config_digest) {
            Lookup::Absent => {
                return invalid(step, "Could not load config blob for manifest", release);
            }
            Lookup::Held(stored) => {
                let size = config.and_then(|c| c.get("size"));
                if size.is_some_and(|s| s.differs_from(stored.size)) {
                    let size = size.map_or_else(String::new, Py::str);
                    return invalid(
                        step,
                        &format!(
                            "Size of config does not match that retrieved: {} vs {size}",
                            stored.size
                        ),
                        release,
                    );
                }
            }
            Lookup::Unknown => {}
        }
    }
    let layers = parsed.get("layers").map(Py::items).unwrap_or_default();
    let local = layers
        .filter(|layer| match format {
            Format::Schema2 => !layer.get("urls").is_some_and(Py::truthy),
            _ => !is_remote(*layer, format),
        })
        .map(|layer| layer.get("digest").map_or_else(String::new, Py::str))
        .chain(std::iter::once(config_digest.clone()));
    for digest in local {
        match input.lookup_blob(&digest) {
            Lookup::Absent => {
                return invalid(step, &format!("Unknown blob `{digest}`"), release);
            }
            Lookup::Unknown => not_known.push(digest),
            Lookup::Held(_) => {}
        }
    }
    let mut conditions = Vec::new();
    if !not_known.is_empty() {
        conditions.push(format!(
            "the repository holds the config and layer blobs ({})",
            listed(not_known.iter().map(String::as_str))
        ));
    }
    if format == Format::Schema2 {
        conditions.push(format!(
            "the config blob {config_digest} is one Quay's DockerSchema2Config parses"
        ));
    }
    // An OCI image manifest (`is_image_manifest`: the OCI config type) has its labels read
    // from its config once stored (`get_manifest_labels` → `_get_built_config`: the size
    // given, then `OCIConfig`), outside what `_write_manifest` turns into a 400.
    let config_type = config.map_or("", media_type);
    if format == Format::Oci && config_type == OCI_CONFIG {
        conditions.push(format!(
            "the config blob {config_digest} is of the size given and one Quay's OCIConfig parses"
        ));
    }
    Modelled::accept(
        step,
        (!conditions.is_empty()).then(|| conditions.join("; ")),
        release.source,
    )
}

/// `_create_manifest` for a list or index: each child in order is loaded from the repository
/// (`LazyManifestLoader._load_manifest`; `FEATURE_SPARSE_INDEX` off by default): not there,
/// `Could not find child manifest with digest`; its size; then its type among those the list
/// reads. A Docker list's `validate` loads its schema 1 children first.
fn fetch_children(
    input: &Input<'_>,
    parsed: Py<'_>,
    format: Format,
    release: &Release,
) -> Modelled {
    let step = "fetch children";
    let children = parsed.get("manifests").map(Py::items).unwrap_or_default();
    let supported: &[&str] = match format {
        Format::List => &[SCHEMA1, SCHEMA2],
        _ => release.index_children,
    };
    let schema1_first = children
        .clone()
        .filter(|child| format == Format::List && media_type(*child) == SCHEMA1);
    let order = schema1_first.chain(children);
    let mut not_known: Vec<Cow<'_, str>> = Vec::new();
    for child in order {
        let digest = child.get("digest").map_or(Cow::Borrowed(""), Py::text);
        let child_type = media_type(child);
        let not_found = || {
            invalid(
                step,
                &format!("Could not find child manifest with digest `{digest}`"),
                release,
            )
        };
        let unsupported = || {
            let keys: Vec<String> = supported.iter().map(|t| str_repr(t)).collect();
            format!(
                "Unknown or unsupported manifest media type `{child_type}` not found in dict_keys([{}])",
                keys.join(", ")
            )
        };
        match input.lookup_manifest(&digest) {
            Lookup::Absent => return not_found(),
            Lookup::Held(stored) => {
                let size = child.get("size");
                if size.is_some_and(|s| s.differs_from(stored.size)) {
                    let size = size.map_or_else(String::new, Py::repr);
                    let message = if release.size_message_formatted {
                        format!(
                            "Size of manifest does not match that retrieved: {} vs {size}",
                            stored.size
                        )
                    } else {
                        format!(
                            "('Size of manifest does not match that retrieved: %s vs %s', {}, {size})",
                            stored.size
                        )
                    };
                    return invalid(step, &message, release);
                }
                if !supported.contains(&child_type) {
                    return invalid(step, &unsupported(), release);
                }
            }
            Lookup::Unknown if !supported.contains(&child_type) => {
                return Modelled {
                    condition: Some(format!(
                        "the repository holds no manifest {digest} (if it does, of the size listed: {})",
                        unsupported()
                    )),
                    ..not_found()
                };
            }
            Lookup::Unknown => not_known.push(digest),
        }
    }
    let condition = (!not_known.is_empty()).then(|| {
        format!(
            "the repository holds the manifests listed ({}), of the sizes listed",
            listed(not_known)
        )
    });
    Modelled::accept(step, condition, release.source)
}
