//! The JavaScript API (the `ocilint-wasm-*` npm packages): the same report the CLI prints as
//! JSON, as plain JS objects. Only conversions live here; every decision is core's.
//!
//! The TypeScript declarations of the types these functions take and return are generated
//! by `build.rs` from the Rust types' JSON Schema and attached below.

pub mod wire;

use ocilint_core::selection::{parse_severity, RuleSelection};
use ocilint_core::targets::Selection;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!(concat!(env!("OUT_DIR"), "/types.d.ts"));

/// Checks a document and returns its report: what it is, its digest and size, the
/// diagnostics (each with line/column, byte offsets in `range` and UTF-16 offsets for
/// JavaScript strings in `utf16Range`) and the targets' verdicts.
///
/// `input` is a `Uint8Array` of the exact bytes (so the digest is that of the file and a BOM
/// or invalid UTF-8 is seen), or a string, which is encoded as UTF-8. Throws on an option
/// that names an unknown rule, target or severity; never on a bad document.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CheckOptions")] options: Option<js_sys::Object>,
) -> Result<JsValue, JsError> {
    let bytes = input_bytes(&input)?;
    let options = check_options(options)?;
    to_js(&ocilint_core::check(&bytes, &options))
}

/// `sha256:<hex>` of the exact bytes (a string is encoded as UTF-8), as a registry computes it.
#[wasm_bindgen]
pub fn digest(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
) -> Result<String, JsError> {
    Ok(ocilint_core::digest::sha256(&input_bytes(&input)?))
}

/// Every rule: code, name, group, default severity, fix safety and documentation.
#[wasm_bindgen(unchecked_return_type = "RuleInfo[]")]
pub fn rules() -> Result<JsValue, JsError> {
    let rules: Vec<wire::RuleInfo> = ocilint_core::rules::all()
        .map(|(group, rule)| wire::RuleInfo::new(group, &rule.meta))
        .collect();
    to_js(&rules)
}

/// Every target profile (registries, clients, libraries, specs) with its versions.
#[wasm_bindgen(unchecked_return_type = "TargetInfo[]")]
pub fn targets() -> Result<JsValue, JsError> {
    let targets: Vec<wire::TargetInfo> = ocilint_core::targets::all()
        .iter()
        .map(|&target| target.into())
        .collect();
    to_js(&targets)
}

/// Core's options from the JavaScript object; unknown fields and selectors are errors, so a
/// typo is never silently ignored.
pub(crate) fn check_options(
    options: Option<js_sys::Object>,
) -> Result<ocilint_core::CheckOptions, JsError> {
    let options: wire::CheckOptions = match options {
        Some(object) => serde_wasm_bindgen::from_value(object.into())
            .map_err(|e| JsError::new(&format!("options: {e}")))?,
        None => wire::CheckOptions::default(),
    };
    options_to_core(options).map_err(|e| JsError::new(&e))
}

/// The pure part of [`check_options`], shared with the widget's attributes.
pub(crate) fn options_to_core(
    options: wire::CheckOptions,
) -> Result<ocilint_core::CheckOptions, String> {
    if let Some(field) = options.unknown.keys().next() {
        return Err(format!(
            "unknown option `{field}` (see the CheckOptions type)"
        ));
    }
    let targets = options
        .targets
        .iter()
        .map(|t| Selection::parse(t))
        .collect::<Result<Vec<_>, _>>()?;
    let mut rules = RuleSelection::default()
        .select(&options.select)
        .and_then(|r| r.ignore(&options.ignore))
        .map_err(|e| e.to_string())?;
    for (selector, severity) in &options.severity {
        let severity = parse_severity(severity).ok_or_else(|| {
            format!("severity of `{selector}`: expected \"error\", \"warning\" or \"info\", found \"{severity}\"")
        })?;
        rules = rules
            .severity(selector, severity)
            .map_err(|e| e.to_string())?;
    }
    Ok(ocilint_core::CheckOptions {
        content_type: options.content_type,
        targets,
        rules,
    })
}

/// The exact bytes of a `Uint8Array`, or the UTF-8 encoding of a string.
fn input_bytes(input: &JsValue) -> Result<Vec<u8>, JsError> {
    if let Some(text) = input.as_string() {
        return Ok(text.into_bytes());
    }
    if let Some(array) = input.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(array.to_vec());
    }
    Err(JsError::new(
        "the document must be a string or a Uint8Array",
    ))
}

pub(crate) fn to_js(value: &impl Serialize) -> Result<JsValue, JsError> {
    // JSON-compatible: `None` becomes `null` and structs plain objects, as in the CLI's JSON.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&e.to_string()))
}
