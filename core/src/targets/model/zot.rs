//! zot (project-zot/zot @6d19b44), `PUT /v2/<name>/manifests/<reference>`, in its default
//! configuration and with `http.compat: ["docker2s2"]`:
//!
//! 1. pkg/api/routes.go@6d19b44 `UpdateManifest`: the `Content-Type` header compared as a
//!    string (`storageCommon.IsSupportedMediaType`, pkg/storage/common/common.go@6d19b44): the
//!    OCI manifest and index types, and Docker's schema 2 manifest and list types in
//!    `docker2s2` mode (pkg/compat/compat.go@6d19b44); anything else is a 415 with the
//!    header as the detail's `mediaType`.
//! 2. The body read through `http.MaxBytesReader` of `constants.MaxManifestBodySize` (4 MiB,
//!    pkg/api/constants/consts.go@6d19b44): one byte over is a 413.
//! 3. pkg/storage/imagestore/imagestore.go@6d19b44 `PutImageManifest` →
//!    pkg/storage/common/common.go@6d19b44 `ValidateManifest`: an empty body is
//!    `ErrBadManifest`; an OCI manifest or index goes through image-spec v1.1.1's
//!    `schema.Validator.Validate` (schema/validator.go@v1.1.1: `json.Unmarshal` into
//!    `v1.Manifest` / `v1.Index`, "manifest format mismatch: …", then the JSON schema with
//!    santhosh-tekuri/jsonschema v5.3.1), whose error is the detail's `jsonSchemaValidation`
//!    (a manifest whose only schema error is empty `layers` passes: `IsEmptyLayersError`);
//!    then, for a manifest whose config is an image config or the empty descriptor, the config
//!    and every layer but the non-distributable ones `StatBlob`'d (go-digest's `Validate`, then
//!    the blob's presence); for an index, every child `StatBlob`'d. A Docker manifest or list
//!    (docker2s2) is decoded by distribution v3.1.1's `UnmarshalJSON` (schema 2 checks its
//!    `mediaType`) and its `References()` `StatBlob`'d. Each failure there is a plain
//!    `ErrBadManifest`, answered `MANIFEST_INVALID` with the path's `reference` in the detail.
//!
//! zot's errors are `{"errors":[{"code":…,"message":…,"detail":{…}}]}`
//! (pkg/api/errors/errors.go@6d19b44: every detail holds the code's `description`); said here
//! as `CODE: message; map[key:value …]`, the detail's keys sorted as Go prints a map. The
//! reference pushed to is not known from the bytes: it is `<reference>`. The push is modelled
//! by tag (by digest, zot also compares the digest of the body: not modelled).
//!
//! The JSON schema's message: jsonschema v5.3.1's `ValidationError.Error()` (errors.go@v5.3.1)
//! names the first cause's first cause, down to a leaf, with the root schema's location: zot's
//! `image-manifest-schema.json` resolved against the working directory (`/` in zot's image,
//! build/Dockerfile@6d19b44), so `file:///image-manifest-schema.json`. Within one object the
//! library visits the properties in Go's map order (schema.go@v5.3.1, random): when two
//! properties of one object fail, the message names the first in the schema's order, which zot
//! says only sometimes. The `uri` format of `urls` is approximated (a scheme, no control
//! character, well-formed `%` escapes).

use crate::json::{Node, Value};
use crate::text::TextRange;

use super::go_decode::{items, text, GoValue};
use super::go_digest;
use super::types_distribution::{V3_LIST, V3_SCHEMA2};
use super::types_image_spec::{INDEX_V1_1_TYPE, MANIFEST_V1_1_TYPE};
use super::{last_member, listed, unmarshal, Input, Lookup, Modelled, UnmarshalError};

/// What the two configurations modelled differ in.
pub(super) struct Mode {
    /// `http.compat: ["docker2s2"]`.
    docker2s2: bool,
}

pub(super) static OCI_ONLY: Mode = Mode { docker2s2: false };
pub(super) static DOCKER2S2: Mode = Mode { docker2s2: true };

const SOURCE: &str = "model: project-zot/zot @6d19b44 pkg/api/routes.go UpdateManifest, pkg/storage/imagestore/imagestore.go PutImageManifest, pkg/storage/common/common.go ValidateManifest and IsSupportedMediaType, pkg/compat/compat.go, pkg/api/errors/errors.go; image-spec v1.1.1 schema/validator.go and its JSON schemas (santhosh-tekuri/jsonschema v5.3.1); distribution v3.1.1 manifest/{schema2,manifestlist} UnmarshalJSON";

const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
const SCHEMA2: &str = "application/vnd.docker.distribution.manifest.v2+json";
const LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";

/// `constants.MaxManifestBodySize`.
const MAX_BODY: usize = 4 * 1024 * 1024;

/// `apiErr.NewError(apiErr.MANIFEST_INVALID)`'s description, which every detail carries.
const DESCRIPTION: &str = "During upload, manifests undergo several checks ensuring validity. If those checks fail, this error MAY be returned, unless a more specific error is included. The detail will contain information the failed validation.";

/// The path's reference, which the bytes do not tell.
const REFERENCE: &str = "<reference>";

/// Where jsonschema places the manifest's and the index's root schemas.
const MANIFEST_SCHEMA: &str = "file:///image-manifest-schema.json";
const INDEX_SCHEMA: &str = "file:///image-index-schema.json";

const MEDIA_TYPE_PATTERN: &str =
    "^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$";
const DIGEST_PATTERN: &str = "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$";

/// `IsNonDistributable`: the layers whose blobs are not looked up.
const NON_DISTRIBUTABLE: [&str; 3] = [
    "application/vnd.oci.image.layer.nondistributable.v1.tar",
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
    "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
];

/// `MANIFEST_INVALID` with `detail` besides the description, printed as Go prints a map.
fn manifest_invalid(step: &'static str, detail: &[(&str, &str)]) -> Modelled {
    let mut pairs = vec![("description", DESCRIPTION)];
    pairs.extend_from_slice(detail);
    pairs.sort_by_key(|(key, _)| *key);
    let printed: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}:{v}")).collect();
    Modelled::refuse(
        step,
        format!(
            "MANIFEST_INVALID: manifest invalid; map[{}]",
            printed.join(" ")
        ),
        SOURCE,
    )
}

/// A plain `ErrBadManifest`: the handler adds the reference.
fn bad_manifest(step: &'static str) -> Modelled {
    manifest_invalid(step, &[("reference", REFERENCE)])
}

/// `ErrBadManifest` with the schema validator's error.
fn schema_refusal(error: &str) -> Modelled {
    manifest_invalid(
        "validate schema",
        &[("jsonSchemaValidation", error), ("reference", REFERENCE)],
    )
}

pub(super) fn push(input: &Input<'_>, mode: &Mode) -> Modelled {
    let media_type = input.content_type.unwrap_or("");
    let docker = mode.docker2s2 && (media_type == SCHEMA2 || media_type == LIST);
    if !(docker || media_type == OCI_MANIFEST || media_type == OCI_INDEX) {
        return manifest_invalid("check Content-Type", &[("mediaType", media_type)]);
    }
    if input.bytes.len() > MAX_BODY {
        return manifest_invalid(
            "read body",
            &[(
                "reason",
                "manifest body exceeds maximum allowed size of 4194304 bytes",
            )],
        );
    }
    if input.bytes.is_empty() {
        return bad_manifest("validate manifest");
    }
    match media_type {
        OCI_MANIFEST => oci(input, false),
        OCI_INDEX => oci(input, true),
        SCHEMA2 => docker_manifest(input),
        _ => docker_list(input),
    }
}

/// An OCI manifest or index: image-spec's validator, then the blobs.
fn oci(input: &Input<'_>, index: bool) -> Modelled {
    let (ty, what, schema) = if index {
        (&INDEX_V1_1_TYPE, "index", INDEX_SCHEMA)
    } else {
        (&MANIFEST_V1_1_TYPE, "manifest", MANIFEST_SCHEMA)
    };
    let decoded = match unmarshal(input, ty) {
        Ok(decoded) => decoded,
        Err(error) => {
            return error.verdict("validate schema", SOURCE, |error| {
                schema_refusal(&format!("{what} format mismatch: {}", error.message()))
            })
        }
    };
    let Some(root) = &input.document.root else {
        return Modelled::beyond_parser("validate schema", SOURCE);
    };
    let mut leaves = Vec::new();
    if index {
        index_schema(input, root, &mut leaves);
    } else {
        manifest_schema(input, root, &mut leaves);
    }
    // `IsEmptyLayersError`: empty `layers` alone is let through.
    let empty_layers_alone =
        leaves.len() == 1 && leaves[0].keyword == "/properties/layers/minItems";
    if let Some(leaf) = leaves.first().filter(|_| !empty_layers_alone) {
        return schema_refusal(&format!(
            "validation failed: jsonschema: {} does not validate with {schema}#{}: {}",
            go_quote(&leaf.instance),
            leaf.keyword,
            leaf.message
        ))
        .at(Some(leaf.range));
    }
    let references: Vec<GoValue> = if index {
        items(Some(decoded), "manifests").iter().collect()
    } else {
        let config = decoded.field("config");
        let config_type = text(config, "mediaType");
        if config_type != "application/vnd.oci.image.config.v1+json"
            && config_type != "application/vnd.oci.empty.v1+json"
        {
            // Blobs are validated "only for known media types".
            return Modelled::accept("validate manifest", None, SOURCE);
        }
        config
            .into_iter()
            .chain(
                items(Some(decoded), "layers")
                    .iter()
                    .filter(|layer| !NON_DISTRIBUTABLE.contains(&text(Some(*layer), "mediaType"))),
            )
            .collect()
    };
    stat_blobs(input, &references, index)
}

/// `StatBlob` on each reference in order: go-digest's `Validate`, then the blob's presence; the
/// first failure is a plain `ErrBadManifest`.
fn stat_blobs(input: &Input<'_>, references: &[GoValue], children: bool) -> Modelled {
    let mut not_known = Vec::new();
    for reference in references {
        let digest = text(Some(*reference), "digest");
        if go_digest::validate(digest).is_err() {
            return bad_manifest("stat blobs");
        }
        match input.lookup(digest) {
            Lookup::Held(_) => {}
            Lookup::Absent => return bad_manifest("stat blobs"),
            Lookup::Unknown => not_known.push(digest),
        }
    }
    let condition = (!not_known.is_empty()).then(|| {
        let names = listed(not_known.iter().copied());
        if not_known.len() < references.len() {
            format!("the repository holds {names}")
        } else if children {
            format!("the repository holds the manifests listed ({names})")
        } else {
            format!("the repository holds the config and layer blobs ({names})")
        }
    });
    Modelled::accept("stat blobs", condition, SOURCE)
}

/// docker2s2: distribution v3.1.1's `DeserializedManifest.UnmarshalJSON`
/// (manifest/schema2/manifest.go@v3.1.1: the decode, then `mediaType` must be schema 2's),
/// then `References()`: the config and every layer.
fn docker_manifest(input: &Input<'_>) -> Modelled {
    let manifest = match unmarshal(input, &V3_SCHEMA2) {
        Ok(manifest) => manifest,
        Err(error) => return compat_refusal(error),
    };
    if text(Some(manifest), "mediaType") != SCHEMA2 {
        return bad_manifest("unmarshal schema 2");
    }
    let references: Vec<GoValue> = manifest
        .field("config")
        .into_iter()
        .chain(items(Some(manifest), "layers"))
        .collect();
    stat_blobs(input, &references, false)
}

/// docker2s2: `DeserializedManifestList.UnmarshalJSON` (manifest/manifestlist/
/// manifestlist.go@v3.1.1: the decode alone), then every entry.
fn docker_list(input: &Input<'_>) -> Modelled {
    let list = match unmarshal(input, &V3_LIST) {
        Ok(list) => list,
        Err(error) => return compat_refusal(error),
    };
    let references: Vec<GoValue> = items(Some(list), "manifests").iter().collect();
    stat_blobs(input, &references, true)
}

fn compat_refusal(error: UnmarshalError) -> Modelled {
    error.verdict("unmarshal", SOURCE, |_| bad_manifest("unmarshal"))
}

/// One error of the JSON schema, as jsonschema v5.3.1 records a leaf.
struct Leaf {
    /// The JSON pointer of the value (`InstanceLocation`).
    instance: String,
    /// The keyword's path from the root schema, through each `$ref` (`KeywordLocation`).
    keyword: String,
    message: String,
    range: TextRange,
}

/// Errors in the order the library finds them (see the module's note on properties).
type Leaves = Vec<Leaf>;

/// The JSON type's name as jsonschema's `jsonType` gives it.
fn json_type(node: &Node) -> &'static str {
    match node.value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A path, the value's (`InstanceLocation`) or the keyword's (`KeywordLocation`), written out
/// only when a leaf is reported: a large index is walked without a string per value.
#[derive(Clone, Copy)]
enum Path<'p> {
    /// The root (`""`).
    Root,
    /// A member's name, as a JSON pointer token (`~` and `/` escaped).
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
    /// Schema keywords, as written (`properties/config/$ref`).
    Words(&'p Path<'p>, &'static str),
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(parent, token) => {
                write!(
                    f,
                    "{parent}/{}",
                    token.replace('~', "~0").replace('/', "~1")
                )
            }
            Path::Index(parent, i) => write!(f, "{parent}/{i}"),
            Path::Words(parent, words) => write!(f, "{parent}/{words}"),
        }
    }
}

impl<'p> Path<'p> {
    fn key(&'p self, token: &'p str) -> Path<'p> {
        Path::Key(self, token)
    }

    fn index(&'p self, i: usize) -> Path<'p> {
        Path::Index(self, i)
    }

    fn words(&'p self, words: &'static str) -> Path<'p> {
        Path::Words(self, words)
    }
}

fn push_leaf(out: &mut Leaves, node: &Node, instance: &Path<'_>, keyword: String, message: String) {
    out.push(Leaf {
        instance: instance.to_string(),
        keyword,
        message,
        range: node.range,
    });
}

/// `type`: a mismatch ends the schema's checks.
fn type_is(
    out: &mut Leaves,
    node: &Node,
    instance: &Path<'_>,
    schema: &Path<'_>,
    expected: &'static str,
) -> bool {
    let found = json_type(node);
    // A number is an integer here: Go refused a fraction or an exponent for the integer
    // fields before the schema ran.
    let matched = found == expected || (expected == "integer" && found == "number");
    if !matched {
        push_leaf(
            out,
            node,
            instance,
            format!("{schema}/type"),
            format!("expected {expected}, but got {found}"),
        );
    }
    matched
}

/// `required`: the names missing, in the schema's order.
fn required(out: &mut Leaves, node: &Node, instance: &Path<'_>, schema: &Path<'_>, names: &[&str]) {
    let missing: Vec<String> = names
        .iter()
        .filter(|name| {
            node.members()
                .is_some_and(|ms| !ms.iter().any(|m| m.key == **name))
        })
        .map(|name| go_quote(name))
        .collect();
    if !missing.is_empty() {
        push_leaf(
            out,
            node,
            instance,
            format!("{schema}/required"),
            format!("missing properties: {}", missing.join(", ")),
        );
    }
}

/// defs-descriptor.json `mediaType`: a string matching the RFC 6838 pattern.
fn media_type(out: &mut Leaves, node: &Node, instance: &Path<'_>, schema: &Path<'_>) {
    string_matching(
        out,
        node,
        instance,
        schema,
        matches_media_type,
        MEDIA_TYPE_PATTERN,
    );
}

/// defs-descriptor.json `digest`.
fn digest(out: &mut Leaves, node: &Node, instance: &Path<'_>, schema: &Path<'_>) {
    string_matching(
        out,
        node,
        instance,
        schema,
        go_digest::matches_digest_grammar,
        DIGEST_PATTERN,
    );
}

/// A string, and one `matches` says is of `pattern`'s form.
fn string_matching(
    out: &mut Leaves,
    node: &Node,
    instance: &Path<'_>,
    schema: &Path<'_>,
    matches: fn(&str) -> bool,
    pattern: &str,
) {
    if type_is(out, node, instance, schema, "string") && !matches(node.as_str().unwrap_or("")) {
        push_leaf(
            out,
            node,
            instance,
            format!("{schema}/pattern"),
            format!("does not match pattern {}", go_quote(pattern)),
        );
    }
}

/// defs-descriptor.json `urls`: an array of `uri` strings.
fn urls(out: &mut Leaves, node: &Node, instance: &Path<'_>, schema: &Path<'_>) {
    if !type_is(out, node, instance, schema, "array") {
        return;
    }
    let items = schema.words("items");
    for (i, item) in node.items().unwrap_or_default().iter().enumerate() {
        let at = instance.index(i);
        if type_is(out, item, &at, &items, "string") {
            let url = item.as_str().unwrap_or("");
            if !is_uri(url) {
                push_leaf(
                    out,
                    item,
                    &at,
                    format!("{items}/format"),
                    format!("{} is not valid 'uri'", go_quote(url)),
                );
            }
        }
    }
}

/// defs.json `mapStringString`: an object whose values, under a non-empty name (`.{1,}`: a
/// character other than a newline), are strings. Go's map keeps the last of duplicated names.
fn annotations(out: &mut Leaves, node: &Node, instance: &Path<'_>, schema: &Path<'_>) {
    if !type_is(out, node, instance, schema, "object") {
        return;
    }
    let members = node.members().unwrap_or_default();
    let non_strings: Vec<usize> = members
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            !matches!(m.value.value, Value::String(_)) && m.key.contains(|c| c != '\n')
        })
        .map(|(i, _)| i)
        .collect();
    if non_strings.is_empty() {
        return;
    }
    // Only the last of duplicated names counts.
    let mut last = foldhash::HashMap::default();
    for (i, m) in members.iter().enumerate() {
        last.insert(m.key, i);
    }
    let values = schema.words("patternProperties/.{1,}");
    for i in non_strings {
        let m = &members[i];
        if last.get(m.key) == Some(&i) {
            type_is(out, &m.value, &instance.key(m.key), &values, "string");
        }
    }
}

/// What content-descriptor.json and image-index-schema.json's entries both say, in the
/// schemas' order: an object with `mediaType`, `size` and `digest`, each of its form, and
/// `urls` when given. `false` when it is not an object (nothing more is checked).
fn descriptor_fields(
    out: &mut Leaves,
    node: &Node,
    instance: &Path<'_>,
    schema: &Path<'_>,
) -> bool {
    if !type_is(out, node, instance, schema, "object") {
        return false;
    }
    required(
        out,
        node,
        instance,
        schema,
        &["mediaType", "size", "digest"],
    );
    if let Some(value) = last_member(node, "mediaType") {
        let words = schema.words("properties/mediaType/$ref");
        media_type(out, value, &instance.key("mediaType"), &words);
    }
    if let Some(value) = last_member(node, "size") {
        let words = schema.words("properties/size/$ref");
        type_is(out, value, &instance.key("size"), &words, "integer");
    }
    if let Some(value) = last_member(node, "digest") {
        let words = schema.words("properties/digest/$ref");
        digest(out, value, &instance.key("digest"), &words);
    }
    if let Some(value) = last_member(node, "urls") {
        let words = schema.words("properties/urls/$ref");
        urls(out, value, &instance.key("urls"), &words);
    }
    true
}

/// content-descriptor.json (`schema` is the path to it, through its `$ref`).
fn descriptor(out: &mut Leaves, node: &Node, instance: &Path<'_>, schema: &Path<'_>) {
    if !descriptor_fields(out, node, instance, schema) {
        return;
    }
    if let Some(value) = last_member(node, "data") {
        let words = schema.words("properties/data/$ref");
        type_is(out, value, &instance.key("data"), &words, "string");
    }
    if let Some(value) = last_member(node, "artifactType") {
        let words = schema.words("properties/artifactType/$ref");
        media_type(out, value, &instance.key("artifactType"), &words);
    }
    if let Some(value) = last_member(node, "annotations") {
        let words = schema.words("properties/annotations/$ref/$ref");
        annotations(out, value, &instance.key("annotations"), &words);
    }
}

/// `schemaVersion`: an integer, 2 at least and at most.
fn schema_version(out: &mut Leaves, input: &Input<'_>, node: &Node) {
    let instance = Path::Root.key("schemaVersion");
    let schema = Path::Root.words("properties/schemaVersion");
    if !type_is(out, node, &instance, &schema, "integer") {
        return;
    }
    let Some(version) = input.document.integer(node) else {
        return;
    };
    let (keyword, bound) = match version {
        v if v < 2 => ("minimum", ">="),
        v if v > 2 => ("maximum", "<="),
        _ => return,
    };
    push_leaf(
        out,
        node,
        &instance,
        format!("{schema}/{keyword}"),
        format!("must be {bound} 2 but found {}", go_float(version)),
    );
}

/// image-manifest-schema.json@v1.1.1.
fn manifest_schema(input: &Input<'_>, root: &Node, out: &mut Leaves) {
    let top = Path::Root;
    if !type_is(out, root, &top, &top, "object") {
        return;
    }
    required(
        out,
        root,
        &top,
        &top,
        &["schemaVersion", "config", "layers"],
    );
    if let Some(value) = last_member(root, "schemaVersion") {
        schema_version(out, input, value);
    }
    top_media_types(out, root);
    if let Some(value) = last_member(root, "config") {
        let words = top.words("properties/config/$ref");
        descriptor(out, value, &top.key("config"), &words);
    }
    if let Some(value) = last_member(root, "subject") {
        let words = top.words("properties/subject/$ref");
        descriptor(out, value, &top.key("subject"), &words);
    }
    if let Some(value) = last_member(root, "layers") {
        let at = top.key("layers");
        if type_is(out, value, &at, &top.words("properties/layers"), "array") {
            let layers = value.items().unwrap_or_default();
            if layers.is_empty() {
                push_leaf(
                    out,
                    value,
                    &at,
                    "/properties/layers/minItems".to_owned(),
                    "minimum 1 items required, but found 0 items".to_owned(),
                );
            }
            let items = top.words("properties/layers/items/$ref");
            for (i, layer) in layers.iter().enumerate() {
                descriptor(out, layer, &at.index(i), &items);
            }
        }
    }
    if let Some(value) = last_member(root, "annotations") {
        let words = top.words("properties/annotations/$ref/$ref");
        annotations(out, value, &top.key("annotations"), &words);
    }
}

/// The root's `mediaType` and `artifactType`.
fn top_media_types(out: &mut Leaves, root: &Node) {
    let top = Path::Root;
    if let Some(value) = last_member(root, "mediaType") {
        let words = top.words("properties/mediaType/$ref");
        media_type(out, value, &top.key("mediaType"), &words);
    }
    if let Some(value) = last_member(root, "artifactType") {
        let words = top.words("properties/artifactType/$ref");
        media_type(out, value, &top.key("artifactType"), &words);
    }
}

/// image-index-schema.json@v1.1.1: its entries are described in place (not
/// content-descriptor.json: no `data` nor `artifactType`, a `platform`).
fn index_schema(input: &Input<'_>, root: &Node, out: &mut Leaves) {
    let top = Path::Root;
    if !type_is(out, root, &top, &top, "object") {
        return;
    }
    required(out, root, &top, &top, &["schemaVersion", "manifests"]);
    if let Some(value) = last_member(root, "schemaVersion") {
        schema_version(out, input, value);
    }
    top_media_types(out, root);
    if let Some(value) = last_member(root, "subject") {
        let words = top.words("properties/subject/$ref");
        descriptor(out, value, &top.key("subject"), &words);
    }
    if let Some(value) = last_member(root, "manifests") {
        let at = top.key("manifests");
        if type_is(out, value, &at, &top.words("properties/manifests"), "array") {
            let items = top.words("properties/manifests/items");
            for (i, entry) in value.items().unwrap_or_default().iter().enumerate() {
                index_entry(out, entry, &at.index(i), &items);
            }
        }
    }
    if let Some(value) = last_member(root, "annotations") {
        let words = top.words("properties/annotations/$ref/$ref");
        annotations(out, value, &top.key("annotations"), &words);
    }
}

fn index_entry(out: &mut Leaves, node: &Node, instance: &Path<'_>, schema: &Path<'_>) {
    if !descriptor_fields(out, node, instance, schema) {
        return;
    }
    if let Some(value) = last_member(node, "platform") {
        let words = schema.words("properties/platform");
        platform(out, value, &instance.key("platform"), &words);
    }
    if let Some(value) = last_member(node, "annotations") {
        let words = schema.words("properties/annotations/$ref/$ref");
        annotations(out, value, &instance.key("annotations"), &words);
    }
}

fn platform(out: &mut Leaves, node: &Node, instance: &Path<'_>, schema: &Path<'_>) {
    if !type_is(out, node, instance, schema, "object") {
        return;
    }
    required(out, node, instance, schema, &["architecture", "os"]);
    for (name, words) in [
        ("architecture", "properties/architecture"),
        ("os", "properties/os"),
        ("os.version", "properties/os.version"),
        ("os.features", "properties/os.features"),
        ("variant", "properties/variant"),
    ] {
        let Some(value) = last_member(node, name) else {
            continue;
        };
        let at = instance.key(name);
        let property = schema.words(words);
        if name != "os.features" {
            type_is(out, value, &at, &property, "string");
        } else if type_is(out, value, &at, &property, "array") {
            let items = property.words("items");
            for (i, item) in value.items().unwrap_or_default().iter().enumerate() {
                type_is(out, item, &at.index(i), &items, "string");
            }
        }
    }
}

/// `^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$`.
fn matches_media_type(text: &str) -> bool {
    let part = |part: &str| {
        let bytes = part.as_bytes();
        !bytes.is_empty()
            && bytes.len() <= 127
            && bytes[0].is_ascii_alphanumeric()
            && bytes[1..]
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(c))
    };
    text.split_once('/')
        .is_some_and(|(kind, subtype)| part(kind) && part(subtype))
}

/// `format: uri` (`url.Parse` succeeds and the URL is absolute), approximated: a scheme
/// (a letter, then letters, digits, `+`, `-`, `.`), no ASCII control character, and every `%`
/// followed by two hex digits.
fn is_uri(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'));
    let bytes = url.as_bytes();
    let escapes_ok = bytes.iter().enumerate().all(|(i, &c)| {
        c != b'%'
            || (bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    scheme_ok && escapes_ok && !bytes.iter().any(|c| c.is_ascii_control())
}

/// jsonschema's `quote`: Go's `%q`, with `\"` unescaped and `'` escaped, in single quotes.
fn go_quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('\'');
    for c in text.chars() {
        match c {
            '\\' => quoted.push_str("\\\\"),
            '\'' => quoted.push_str("\\'"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            '\u{7}' => quoted.push_str("\\a"),
            '\u{8}' => quoted.push_str("\\b"),
            '\u{c}' => quoted.push_str("\\f"),
            '\u{b}' => quoted.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                quoted.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('\'');
    quoted
}

/// Go's `%v` of the `float64` an integer decodes to: `%g` with the shortest digits, an
/// exponent from 1e+06 on.
fn go_float(value: i64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let float = value as f64;
    let exponent = if float == 0.0 {
        0
    } else {
        float.abs().log10().floor() as i64
    };
    if exponent < 6 {
        return value.to_string();
    }
    let scientific = format!("{float:e}");
    let (mantissa, exp) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exp.abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_prints_floats_and_quotes_as_go_does() {
        assert_eq!(go_float(1), "1");
        assert_eq!(go_float(-5), "-5");
        assert_eq!(go_float(100_000), "100000");
        assert_eq!(go_float(1_000_000), "1e+06");
        assert_eq!(go_float(123_456_789), "1.23456789e+08");
        assert_eq!(go_quote("/a'b\"c"), "'/a\\'b\"c'");
        assert!(matches_media_type(
            "application/vnd.oci.image.manifest.v1+json"
        ));
        assert!(!matches_media_type("application/json; charset=utf-8"));
        assert!(!matches_media_type("nope"));
        assert!(is_uri("https://example.com/x"));
        assert!(!is_uri("example.com/x"));
    }
}
