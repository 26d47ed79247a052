//! The object `check --format json` prints for each input, and the JSON Schema of the array
//! of them, published in `docs/schema/check-report.schema.json`.
//!
//! `tests/schema.rs` includes this file to regenerate the schema, so it uses nothing else of
//! the binary.

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
