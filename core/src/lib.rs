//! ocilint's engine: check container image manifests, indexes and configs from their exact
//! bytes, with positioned diagnostics. Pure Rust with no I/O, so the same code runs natively
//! (the CLI) and in the browser (wasm).
//!
//! ```
//! let manifest = br#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json"}"#;
//! let report = ocilint_core::check(manifest, &Default::default());
//! assert_eq!(report.kind, ocilint_core::Kind::OciManifest);
//! assert!(report.diagnostics.iter().any(|d| d.severity == ocilint_core::Severity::Error));
//! ```

pub mod bundle;
pub mod convert;
pub mod diagnostic;
pub mod digest;
pub mod encoding;
pub mod fix;
pub mod json;
pub mod kind;
pub mod rewrite;
pub mod rules;
pub mod selection;
pub mod spec;
pub mod targets;
pub mod text;
pub mod wire;

pub use diagnostic::{Diagnostic, FixSafety, Severity};
pub use kind::Kind;
pub use text::TextRange;

use serde::Serialize;

use diagnostic::RawDiagnostic;
use rules::{Check, Context, Emitter};
use text::LineIndex;

/// How to check a document.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Validate as this media type, the way a registry receiving a `PUT` with this
    /// `Content-Type` would. Parameters (`; charset=…`) are ignored, as registries do.
    pub content_type: Option<String>,
    /// Which targets to give verdicts for; empty means every target at its current version.
    pub targets: Vec<targets::Selection>,
    /// Which rules report, and at which severity; the default reports every rule as it is.
    /// Every rule still runs: the targets' verdicts do not depend on the selection.
    pub rules: selection::RuleSelection,
    /// `os/arch[/variant]` for fixes that need a platform (a Docker list entry without one):
    /// with it those fixes are applicable, without it they are display-only.
    pub platform: Option<String>,
}

/// The result of checking one document: the one report type serialized at every boundary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub kind: Kind,
    /// The media type the document was validated as, if one could be determined.
    pub media_type: Option<String>,
    /// `sha256:<hex>` of the exact input bytes.
    pub digest: String,
    /// Length of the input in bytes.
    pub size: u64,
    /// Sorted by position, then code.
    pub diagnostics: Vec<Diagnostic>,
    /// Who accepts the document, who refuses it, and with which error.
    pub targets: Vec<targets::TargetVerdict>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Checks one document given as its exact bytes.
pub fn check(bytes: &[u8], options: &CheckOptions) -> Report {
    let parsed = json::parse(bytes);
    let mut raw: Vec<RawDiagnostic> = parsed
        .issues
        .iter()
        .map(|issue| {
            let rule = rules::for_parser_issue(issue.kind);
            RawDiagnostic {
                code: rule.meta.code,
                severity: rule.meta.severity,
                message: issue.message.clone(),
                pointer: json::Pointer::root(),
                range: issue.range,
                related: Vec::new(),
                fix: None,
            }
        })
        .collect();

    let content_type = options
        .content_type
        .as_deref()
        .map(|ct| ct.split(';').next().unwrap_or(ct).trim());
    let document = &parsed.document;
    let (kind, media_type, verdicts) = match &document.root {
        Some(root) => {
            let kind = match content_type {
                Some(media_type) => Kind::from_media_type(media_type).unwrap_or(Kind::Unknown),
                None => kind::detect(document, root),
            };
            // A descriptor's or config's `mediaType` names something else; only documents
            // that identify themselves by it report it as theirs.
            let declared = root
                .get("mediaType")
                .and_then(|m| m.value.as_str())
                .filter(|_| kind.declares_own_media_type());
            let media_type = content_type
                .or(declared)
                .or_else(|| kind::detected_media_type(kind, root))
                .map(str::to_owned);
            let context = Context {
                document,
                root,
                kind,
                media_type: media_type.as_deref(),
                content_type,
                content_type_header: options.content_type.as_deref(),
                platform: options.platform.as_deref(),
                cache: Default::default(),
            };
            for (_, rule) in rules::all() {
                if let Check::Document(run) = rule.check {
                    run(
                        &context,
                        &mut Emitter {
                            rule,
                            out: &mut raw,
                        },
                    );
                }
            }
            raw.sort_by(|a, b| (a.range.start, a.code).cmp(&(b.range.start, b.code)));
            let verdicts = targets::verdicts(Some(&context), &raw, &options.targets);
            (kind, media_type, verdicts)
        }
        // Not JSON: only the rules' findings (not the document's shape) decide the verdicts.
        None => {
            let verdicts = targets::verdicts(None, &raw, &options.targets);
            (Kind::Unknown, content_type.map(str::to_owned), verdicts)
        }
    };

    options.rules.apply(&mut raw);
    raw.sort_by(|a, b| (a.range.start, a.code).cmp(&(b.range.start, b.code)));
    // Positions are only needed for diagnostics; a clean document skips the pass.
    let lines = LineIndex::new(if raw.is_empty() { &[] } else { bytes });
    let diagnostics = raw
        .into_iter()
        .map(|raw| {
            let rule = rules::by_code(raw.code).map(|r| &r.meta);
            Diagnostic::locate(
                raw,
                rule.map_or("", |m| m.name),
                rule.map_or("", |m| m.how_to_fix),
                rule.map_or("", |m| m.url),
                &lines,
            )
        })
        .collect();
    Report {
        kind,
        media_type,
        digest: digest::sha256(bytes),
        size: bytes.len() as u64,
        diagnostics,
        targets: verdicts,
    }
}
