//! ocilint's engine: check container image manifests, indexes and configs from their exact
//! bytes, with positioned diagnostics. Pure Rust with no I/O, so the same code runs natively
//! (the CLI) and in the browser (wasm).
//!
//! The modules form a stack whose imports point one way (`ARCHITECTURE.md`; the test
//! `core/tests/layers.rs` keeps it so), bottom to top: `json`, `text`, `encoding`, `digest`;
//! `blob`; `spec`, `kind`; `fix`; `transform`; `diagnostic`; `rules`; the engine (`check`,
//! `bundle`, `targets`, `selection`, `image`); `rewrite`.
//!
//! ```
//! let manifest = br#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json"}"#;
//! let report = ocilint_core::check(manifest, &Default::default());
//! assert_eq!(report.kind, ocilint_core::Kind::OciManifest);
//! assert!(report.diagnostics.iter().any(|d| d.severity == ocilint_core::Severity::Error));
//! ```

pub mod attachments;
pub mod blob;
pub mod bundle;
pub mod check;
pub mod config;
pub mod diagnostic;
pub mod digest;
pub mod encoding;
pub mod fix;
pub mod image;
pub mod json;
pub mod kind;
pub mod rewrite;
pub mod role;
pub mod rules;
pub mod selection;
pub mod spec;
pub mod targets;
pub mod text;
pub mod transform;
pub mod wire;
pub mod zip;

pub use check::{
    check, check_analysed, check_within, check_without_verdicts, CheckOptions, Report,
};
pub use diagnostic::{Diagnostic, Edit, Fix, FixAvailability, FixSafety, Severity};
pub use kind::Kind;
pub use rules::Analysed;
pub use text::TextRange;
/// Docker ↔ OCI conversion, at the path it had before `transform` held it.
pub use transform::convert;
