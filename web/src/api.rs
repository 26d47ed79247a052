//! The JavaScript API (the `ocilint-wasm-*` npm packages): the same report the CLI prints as
//! JSON, as plain JS objects. Only conversions live here; every decision is core's.
//!
//! The TypeScript declarations of the types these functions take and return are generated
//! by `build.rs` from the Rust types' JSON Schema and attached below.

pub mod options;
pub mod wire;

use ocilint_core::rewrite::{rewrite, Input, Request};
use serde::Serialize;
use wasm_bindgen::prelude::*;

pub use options::{fix_request, options_to_core};

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
    report_to_js(&ocilint_core::check(&bytes, &options))
}

/// The diagnostics of `check` that carry a `fix`: what each fix does (`title`), how safe it
/// is, and its edits with byte and UTF-16 ranges of the input, to offer them in an editor.
#[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
pub fn fixes(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CheckOptions")] options: Option<js_sys::Object>,
) -> Result<JsValue, JsError> {
    let bytes = input_bytes(&input)?;
    let options = check_options(options)?;
    let report = ocilint_core::check(&bytes, &options);
    let fixable: Vec<_> = report
        .diagnostics
        .into_iter()
        .filter(|d| d.fix.is_some())
        .collect();
    report_to_js(&fixable)
}

/// Applies the fixes `selection` allows (by default the safe ones), re-checking between
/// passes, and returns what changed: the new document in `outputs[0].bytes` with its digest
/// and a unified diff, what was `applied`, and what was `refused`. No output means nothing
/// to fix.
#[wasm_bindgen(js_name = applyFixes, unchecked_return_type = "RewriteReport")]
pub fn apply_fixes(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FixSelection")] selection: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsError> {
    let bytes = input_bytes(&input)?;
    let selection: wire::FixSelection = from_js("selection", selection)?;
    let input = document(bytes, selection.content_type.clone());
    let request = fix_request(selection, &input.name).map_err(|e| JsError::new(&e))?;
    to_js(&rewrite(&[input], &request))
}

/// Converts a manifest or index to the OCI or the Docker family and returns the rewrite:
/// the new document in `outputs[0].bytes`, and in `losses` what the other family cannot say.
/// JSON that is not well formed, even where the parser read past the damage, is refused
/// (`refused`, with its line and column).
#[wasm_bindgen(unchecked_return_type = "RewriteReport")]
pub fn convert(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ConvertTo")] to: JsValue,
) -> Result<JsValue, JsError> {
    let bytes = input_bytes(&input)?;
    let to: wire::ConvertTo = serde_wasm_bindgen::from_value(to)
        .map_err(|e| JsError::new(&format!("to: expected \"oci\" or \"docker\" ({e})")))?;
    to_js(&rewrite(
        &[document(bytes, None)],
        &Request::Convert {
            to: to.into(),
            platform: None,
        },
    ))
}

/// A single document as core's rewrite takes it; its name is what outputs and diffs call it.
fn document(bytes: Vec<u8>, content_type: Option<String>) -> Input {
    Input {
        name: "input".to_owned(),
        bytes,
        content_type,
    }
}

/// `sha256:<hex>` of the exact bytes (a string is encoded as UTF-8), as a registry computes it.
#[wasm_bindgen]
pub fn digest(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
) -> Result<String, JsError> {
    Ok(ocilint_core::digest::sha256(&input_bytes(&input)?))
}

/// Verifies a whole image given as its files, an object from member paths (`oci-layout`,
/// `index.json`, `blobs/sha256/…`, or a `docker save`'s `manifest.json` and layer files) to
/// their bytes, as `ocilint verify` verifies a layout folder: every blob against its
/// descriptor (`blobs`, each with its `status`: `ok`, `missing`, `sparse`, `size-mismatch`,
/// `digest-mismatch`, `type-mismatch`, `diff-id-mismatch`), every document of the chain checked
/// as a bundle (`reports`, each with its `file`), and `valid` (no error; sparse blobs are not).
#[wasm_bindgen(
    unchecked_return_type = "{ valid: boolean; reports: (Report & { file: string })[]; blobs: BlobRecord[] }"
)]
pub fn verify(
    #[wasm_bindgen(unchecked_param_type = "Record<string, Uint8Array | string>")]
    files: js_sys::Object,
    #[wasm_bindgen(unchecked_optional_param_type = "CheckOptions")] options: Option<js_sys::Object>,
) -> Result<JsValue, JsError> {
    use ocilint_core::blob::{member_path, Scanned};
    use ocilint_core::image::{self, Layout};

    let options = check_options(options)?;
    let mut layout = Layout::new("");
    for entry in js_sys::Object::entries(&files).iter() {
        let entry = js_sys::Array::from(&entry);
        let raw = entry.get(0).as_string().unwrap_or_default();
        let bytes = input_bytes(&entry.get(1))
            .map_err(|_| JsError::new(&format!("{raw}: must be a string or a Uint8Array")))?;
        match member_path(&raw) {
            Ok(path) => layout.add(&path, Scanned::of(&path, &bytes)),
            Err(why) => layout.refuse(&raw, why),
        }
    }
    let verification = image::verify(&layout, &options);
    #[derive(Serialize)]
    struct FileReport<'a> {
        file: &'a str,
        #[serde(flatten)]
        report: &'a ocilint_core::Report,
    }
    #[derive(Serialize)]
    struct Verified<'a> {
        valid: bool,
        reports: Vec<FileReport<'a>>,
        blobs: &'a [image::BlobRecord],
    }
    report_to_js(&Verified {
        valid: !verification.has_errors(),
        reports: verification
            .files
            .iter()
            .map(|f| FileReport {
                file: &f.file,
                report: &f.report,
            })
            .collect(),
        blobs: &verification.blobs,
    })
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
    options_to_core(from_js("options", options)?).map_err(|e| JsError::new(&e))
}

/// An options object, or the defaults when it is left out.
fn from_js<T: serde::de::DeserializeOwned + Default>(
    what: &str,
    object: Option<js_sys::Object>,
) -> Result<T, JsError> {
    match object {
        Some(object) => serde_wasm_bindgen::from_value(object.into())
            .map_err(|e| JsError::new(&format!("{what}: {e}"))),
        None => Ok(T::default()),
    }
}

/// The exact bytes of a `Uint8Array`, or the UTF-8 encoding of a string. The check's working
/// memory is taken first, so the copy comes out of the same one growth.
fn input_bytes(input: &JsValue) -> Result<Vec<u8>, JsError> {
    if let Some(array) = input.dyn_ref::<js_sys::Uint8Array>() {
        crate::memory::reserve_for(array.length() as usize);
        return Ok(array.to_vec());
    }
    if let Some(text) = input.dyn_ref::<js_sys::JsString>() {
        // UTF-16 units: at most 3 UTF-8 bytes each.
        crate::memory::reserve_for(text.length() as usize * 3);
        return Ok(String::from(text).into_bytes());
    }
    Err(JsError::new(
        "the document must be a string or a Uint8Array",
    ))
}

/// A report (or its diagnostics) as JS values, crossing the boundary as one JSON string that
/// the engine's own `JSON.parse` turns into objects: one call instead of several per field,
/// which for a report of thousands of diagnostics is most of what `check` costs in a browser.
/// The values are those [`to_js`] gives (plain objects, `null` for `None`); a report holds no
/// bytes, which JSON would turn into arrays of numbers instead of a `Uint8Array`.
pub(crate) fn report_to_js(value: &impl Serialize) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| JsError::new("the report is not JSON"))
}

pub(crate) fn to_js(value: &impl Serialize) -> Result<JsValue, JsError> {
    // JSON-compatible: `None` becomes `null` and structs plain objects, as in the CLI's JSON.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&e.to_string()))
}
