//! The object `check --format json` prints for each input, and the JSON Schema of the array
//! of them, published in `docs/schema/check-report.schema.json`.
//!
//! `tests/schema.rs` includes this file to regenerate the schema, so it uses nothing else of
//! the binary.

use ocilint_core::image::{BlobRecord, LoaderVerdict};
use ocilint_core::rewrite::RewriteReport;
use ocilint_core::Report;
use schemars::JsonSchema;
use serde::Serialize;

/// The version of the report's shape. Additive changes (a new field, a new `kind`, a new rule
/// code) keep it; it changes only if a field is removed, renamed or changes meaning.
pub(crate) const SCHEMA_VERSION: u32 = 1;

/// Where the schema is published, relative to the repository root.
#[allow(dead_code)] // Used by tests/schema.rs, which includes this file.
pub(crate) const SCHEMA_PATH: &str = "docs/schema/check-report.schema.json";

/// The report on one input.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(rename = "FileReport")]
pub(crate) struct FileReport<'a> {
    /// The input's path as given (or as found under a `--recursive` directory), or `-` for
    /// standard input.
    pub(crate) file: &'a str,
    /// The version of this report's shape: 1.
    #[schemars(extend("const" = 1))]
    pub(crate) schema_version: u32,
    #[serde(flatten)]
    pub(crate) report: &'a Report,
}

impl<'a> FileReport<'a> {
    pub(crate) fn new(file: &'a str, report: &'a Report) -> Self {
        FileReport {
            file,
            schema_version: SCHEMA_VERSION,
            report,
        }
    }
}

/// The JSON Schema of what `check --format json` prints: one array, one report per input.
#[allow(dead_code)] // Used by tests/schema.rs, which includes this file.
pub(crate) fn check_report() -> serde_json::Value {
    // The shape as serialized (a field skipped when empty, such as `related`, is optional).
    let generator = schemars::generate::SchemaSettings::default()
        .for_serialize()
        .into_generator();
    let mut schema = generator
        .into_root_schema_for::<Vec<FileReport<'static>>>()
        .to_value();
    if let Some(object) = schema.as_object_mut() {
        object.insert("title".into(), "ocilint check --format json".into());
        object.insert(
            "description".into(),
            "What `ocilint check --format json` prints: one array with one report per input, in input order. Generated from the Rust types; extended, never broken.".into(),
        );
    }
    schema
}

/// Where the schema of the rewrite commands' JSON is published.
#[allow(dead_code)] // Used by tests/schema.rs, which includes this file.
pub(crate) const REWRITE_SCHEMA_PATH: &str = "docs/schema/rewrite-report.schema.json";

/// What `fix`, `convert` and `split --format json` print: one object.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(rename = "RewriteFile")]
pub(crate) struct RewriteFile<'a> {
    /// The version of this report's shape: 1.
    #[schemars(extend("const" = 1))]
    pub(crate) schema_version: u32,
    /// Every new document: `{input, name, role, mediaType, digest, size, bytes}`, plus `diff`
    /// with `--diff` and `newDocument: true` for a document the rewrite created.
    pub(crate) outputs: Vec<OutputEntry<'a>>,
    #[serde(flatten)]
    pub(crate) rest: Rest<'a>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Rest<'a> {
    pub(crate) applied: &'a [ocilint_core::rewrite::Applied],
    pub(crate) losses: &'a [ocilint_core::rewrite::Loss],
    pub(crate) refused: &'a [ocilint_core::rewrite::Refused],
    pub(crate) references: &'a [ocilint_core::rewrite::Reference],
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OutputEntry<'a> {
    /// The input the output comes from.
    pub(crate) input: &'a str,
    /// `<role>-<first 12 hex digits of the digest>.json`: its file name under `-o DIR`.
    pub(crate) name: &'a str,
    pub(crate) role: ocilint_core::rewrite::Role,
    pub(crate) media_type: &'a str,
    /// `sha256:<hex>` of `bytes`.
    pub(crate) digest: &'a str,
    pub(crate) size: u64,
    /// The output document exactly, as a UTF-8 string.
    pub(crate) bytes: &'a str,
    /// Unified diff against the input (only with `--diff`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) diff: Option<&'a str>,
    /// A document the rewrite created (a split's artifact or index), not a new version of its
    /// input. Left out when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) new_document: bool,
}

impl<'a> RewriteFile<'a> {
    pub(crate) fn new(report: &'a RewriteReport, diff: bool) -> Self {
        RewriteFile {
            schema_version: SCHEMA_VERSION,
            outputs: report
                .outputs
                .iter()
                .map(|o| OutputEntry {
                    input: &o.input,
                    name: &o.name,
                    role: o.role,
                    media_type: &o.media_type,
                    digest: &o.digest,
                    size: o.size,
                    bytes: &o.bytes,
                    diff: diff.then_some(o.diff.as_str()),
                    new_document: o.new_document,
                })
                .collect(),
            rest: Rest {
                applied: &report.applied,
                losses: &report.losses,
                refused: &report.refused,
                references: &report.references,
            },
        }
    }
}

/// The JSON Schema of what the rewrite commands print with `--format json`.
#[allow(dead_code)] // Used by tests/schema.rs, which includes this file.
pub(crate) fn rewrite_report() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::default()
        .for_serialize()
        .into_generator();
    let mut schema = generator
        .into_root_schema_for::<RewriteFile<'static>>()
        .to_value();
    if let Some(object) = schema.as_object_mut() {
        object.insert(
            "title".into(),
            "ocilint fix|convert|split --format json".into(),
        );
        object.insert(
            "description".into(),
            "What `ocilint fix`, `convert` and `split` print with `--format json`: the outputs with their digests, what was applied, lost and refused, and the digests parents must now name. Generated from the Rust types; extended, never broken.".into(),
        );
    }
    schema
}

/// Where the schema of `verify --format json` is published.
#[allow(dead_code)] // Used by tests/verify.rs, which includes this file.
pub(crate) const VERIFY_SCHEMA_PATH: &str = "docs/schema/verify-report.schema.json";

/// What `verify --format json` prints: one object.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "VerifyReport")]
pub(crate) struct VerifyReport<'a> {
    /// The report of each document of the layout's chain (`oci-layout`, `index.json`, nested
    /// indexes, manifests, configs) and of each other member with a finding, as `check` gives
    /// it; `file` names the member (`image.tar!/blobs/sha256/…`).
    pub(crate) reports: Vec<FileReport<'a>>,
    /// Every blob a descriptor (or `manifest.json`) names, once, in the order first named.
    pub(crate) blobs: &'a [BlobRecord],
    /// Who can load the image: each loader's verdict (`podman load`, `skopeo copy`, `ctr
    /// images import` with and without `--all-platforms`, `docker load`, `kind load
    /// image-archive`, `crane validate`), in the targets' verdict form. A folder is judged
    /// only by the loaders that read folders.
    pub(crate) loaders: &'a [LoaderVerdict],
}

/// The JSON Schema of what `verify --format json` prints.
#[allow(dead_code)] // Used by tests/verify.rs, which includes this file.
pub(crate) fn verify_report() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::default()
        .for_serialize()
        .into_generator();
    let mut schema = generator
        .into_root_schema_for::<VerifyReport<'static>>()
        .to_value();
    if let Some(object) = schema.as_object_mut() {
        object.insert("title".into(), "ocilint verify --format json".into());
        object.insert(
            "description".into(),
            "What `ocilint verify --format json` prints: the reports of the layout's documents and members, and every blob with its status. Generated from the Rust types; extended, never broken.".into(),
        );
    }
    schema
}
