//! The shapes the JavaScript API takes and returns besides core's own report types.
//!
//! `build.rs` compiles this file too and derives the JSON Schema of these types (natively,
//! where `schemars` is available), from which it generates the TypeScript declarations; the
//! wasm build does not derive it, so the schema costs the package no bytes.

use ocilint_core::rules::{RuleFix, RuleMeta};
use ocilint_core::targets::{Operation, Target};
use ocilint_core::{FixAvailability, FixSafety, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How `check` checks a document. Every field may be left out.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct CheckOptions {
    /// Validate as this media type, as a registry receiving a `PUT` with this `Content-Type`
    /// does (parameters such as `; charset=utf-8` are ignored).
    pub content_type: Option<String>,
    /// Give verdicts for these targets only (`NAME` or `NAME@VERSION`, as `targets()` lists);
    /// left out or empty: every target at its current version.
    pub targets: Vec<String>,
    /// Report only these rules: codes (`DSC009`), names, groups (`descriptor`), code prefixes
    /// or `ALL`; left out or empty: every rule.
    pub select: Vec<String>,
    /// Never report these rules (same selectors as `select`; ignoring wins).
    pub ignore: Vec<String>,
    /// Report the rules a selector names at another severity, e.g. `{"DSC003": "error"}`.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        schemars(with = "BTreeMap<String, Severity>")
    )]
    pub severity: BTreeMap<String, String>,
    /// `os/arch[/variant]` for the fixes that add a missing `platform`: with it they are
    /// applicable, without it display-only.
    pub platform: Option<String>,
    /// Fields no option has (refused by name: a misspelt option must not be ignored).
    /// Collected rather than denied: serde-wasm-bindgen reads only the known fields of a struct.
    #[serde(flatten)]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(skip))]
    pub unknown: BTreeMap<String, serde::de::IgnoredAny>,
}

/// Which fixes `applyFixes` applies. Every field may be left out: then the safe fixes.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct FixSelection {
    /// Apply the unsafe fixes too (they change how consumers read the document, e.g. a
    /// Docker type renamed to its OCI name).
    pub include_unsafe: bool,
    /// Apply only the fixes of these rule codes; left out or empty: every fix allowed.
    pub only: Vec<String>,
    /// `os/arch[/variant]`: makes the fixes that add a missing `platform` applicable.
    pub platform: Option<String>,
    /// Apply only the fix of the diagnostic at this JSON Pointer (its `pointer`), once: a
    /// fix button. Left out: every allowed fix, until none is left.
    pub pointer: Option<String>,
    /// Check the document as this media type first, as `CheckOptions.contentType` does.
    pub content_type: Option<String>,
    /// Fields no selection has (refused by name, as in `CheckOptions`).
    #[serde(flatten)]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(skip))]
    pub unknown: BTreeMap<String, serde::de::IgnoredAny>,
}

/// The family `convert` rewrites a document to.
#[derive(Debug, Clone, Copy, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ConvertTo {
    /// OCI image-spec media types (`application/vnd.oci.image.*`).
    Oci,
    /// Docker schema 2 media types (`application/vnd.docker.distribution.*`).
    Docker,
}

impl From<ConvertTo> for ocilint_core::convert::Format {
    fn from(to: ConvertTo) -> Self {
        match to {
            ConvertTo::Oci => ocilint_core::convert::Format::Oci,
            ConvertTo::Docker => ocilint_core::convert::Format::Docker,
        }
    }
}

/// One rule of the catalogue, as `rules()` lists it.
#[derive(Debug, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RuleInfo {
    /// Stable code, e.g. `DSC009`: never reused, never renamed.
    pub code: &'static str,
    /// Kebab-case name, e.g. `desc-data-size-match`.
    pub name: &'static str,
    /// The group the rule belongs to, e.g. `descriptor`; a selector for `select`/`ignore`.
    pub group: &'static str,
    /// The severity it reports at unless overridden.
    pub severity: Severity,
    /// How safe the most consequential fix it offers is, or `none` when it offers none.
    pub fix: RuleFixSafety,
    /// Whether its diagnostics carry a fix: `never`, `sometimes` or `always`.
    pub fix_availability: FixAvailability,
    /// The ocilint version that introduced the rule, e.g. `0.1.0`.
    pub since: &'static str,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// Why it matters: who breaks, and how.
    pub why: &'static str,
    /// How to fix a violation.
    pub how_to_fix: &'static str,
    /// The specification text the rule enforces.
    pub url: &'static str,
}

impl RuleInfo {
    pub fn new(group: &'static str, meta: &'static RuleMeta) -> Self {
        RuleInfo {
            code: meta.code,
            name: meta.name,
            group,
            severity: meta.severity,
            fix: meta.fix.into(),
            fix_availability: meta.fix.availability(),
            since: meta.since,
            summary: meta.summary,
            why: meta.why,
            how_to_fix: meta.how_to_fix,
            url: meta.url,
        }
    }
}

/// A rule's `fix` as every output names it: a fix's own safety ([`FixSafety`]) is never
/// `none`; a rule that offers no fix is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum RuleFixSafety {
    /// The rule offers no fix.
    None,
    /// Meaning unchanged.
    Safe,
    /// Changes how consumers read the document.
    Unsafe,
    /// Shown, not applied: the right value cannot be known.
    DisplayOnly,
}

impl From<RuleFix> for RuleFixSafety {
    fn from(fix: RuleFix) -> Self {
        match fix.applicability() {
            None => RuleFixSafety::None,
            Some(FixSafety::Safe) => RuleFixSafety::Safe,
            Some(FixSafety::Unsafe) => RuleFixSafety::Unsafe,
            Some(FixSafety::DisplayOnly) => RuleFixSafety::DisplayOnly,
        }
    }
}

/// A registry, client, library or specification whose verdicts `check` reports.
#[derive(Debug, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct TargetInfo {
    /// Stable name for `CheckOptions.targets`, e.g. `quay`.
    pub name: &'static str,
    /// Its name for people, e.g. `Quay.io`.
    pub display: &'static str,
    pub kind: TargetKind,
    /// What it does with documents: a `push` (registry `PUT`) or a `pull` (fetch and unpack).
    pub operations: Vec<Operation>,
    /// The versions told apart; the first is the current one, used when none is named.
    pub versions: Vec<TargetVersion>,
    /// Where its behaviours come from.
    pub sources: Vec<&'static str>,
}

impl From<&'static Target> for TargetInfo {
    fn from(target: &'static Target) -> Self {
        TargetInfo {
            name: target.name,
            display: target.display,
            kind: target.kind.into(),
            operations: target.operations.to_vec(),
            versions: target
                .versions
                .iter()
                .map(|v| TargetVersion {
                    id: v.id,
                    label: v.label,
                })
                .collect(),
            sources: target.sources.to_vec(),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    Spec,
    Registry,
    Client,
    Library,
}

impl From<ocilint_core::targets::TargetKind> for TargetKind {
    fn from(kind: ocilint_core::targets::TargetKind) -> Self {
        use ocilint_core::targets::TargetKind as Core;
        match kind {
            Core::Spec => TargetKind::Spec,
            Core::Registry => TargetKind::Registry,
            Core::Client => TargetKind::Client,
            Core::Library => TargetKind::Library,
        }
    }
}

/// A version range of a target whose behaviour differs from its other versions.
#[derive(Debug, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct TargetVersion {
    /// Stable id for `NAME@ID`, e.g. `2024-05`.
    pub id: &'static str,
    /// What it covers, e.g. "before the 2024-06 schema change".
    pub label: &'static str,
}
