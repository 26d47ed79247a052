//! Checking one document: the rules over its analysis, the targets' verdicts, and the report
//! every boundary serializes.

#[cfg(feature = "docs")]
pub mod docs;

use serde::Serialize;

use crate::attachments::{self, Attachment, Known};
use crate::diagnostic::{Diagnostic, Place, RawDiagnostic, RawPointer, Severity};
use crate::json::{self, Arena};
use crate::kind::Kind;
use crate::role::{self, Convention, Role};
use crate::rules::{self, Analysed, Check, Context, Emitter};
use crate::targets::{self, TargetVerdict};
use crate::text::LineIndex;
use crate::{digest, selection};

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
    /// What the document is for (an image, a signature, an attestation, an SBOM…), from its
    /// bytes whatever it was checked as.
    pub role: Role,
    /// Which tool's convention it follows, when it is one ocilint knows.
    pub convention: Option<Convention>,
    /// Checked in a bundle, a config named only by manifests that are not runnable images: what
    /// they are (`signature`, `attestation`, `sbom`…). Nothing selects or runs what such a
    /// config describes, so the rules about the platform a runtime selects by (PLT003's empty
    /// `architecture` and `os`, which cosign writes) do not report on it. Absent for a config
    /// checked alone or named by an image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config_of: Option<Role>,
    /// The media type the document was validated as, if one could be determined.
    pub media_type: Option<String>,
    /// `sha256:<hex>` of the exact input bytes.
    pub digest: String,
    /// Length of the input in bytes.
    pub size: u64,
    /// Sorted by position, then code.
    pub diagnostics: Vec<Diagnostic>,
    /// Who accepts the document, who refuses it, and with which error.
    pub targets: Vec<TargetVerdict>,
    /// What this document states hangs off what: each link to the image an attachment is
    /// about, with the attachment, and whether that image is there.
    pub attachments: Vec<Attachment>,
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
    check_within(bytes, options, &targets::Environment::default())
}

/// Checks one document given as its exact bytes, where what the registry holds is known
/// (wholly or in part, `targets::Environment`): the modelled targets decide what [`check`]
/// leaves as a verdict's condition.
pub fn check_within(
    bytes: &[u8],
    options: &CheckOptions,
    environment: &targets::Environment,
) -> Report {
    // Positions are read from the bytes alone: the parse tree (its arena), twice the input, is
    // let go before every diagnostic is given one (with a finding per entry of a large index,
    // that was the check's peak).
    let unlocated = {
        let arena = Arena::new();
        let analysed = Analysed::new(bytes, options.content_type.as_deref(), &arena);
        let findings = Findings::of_one(&analysed, options, environment);
        findings.settle(&analysed, Vec::new(), options)
    };
    unlocated.locate(bytes)
}

/// [`check`]'s diagnostics and the document's identity, without the targets' verdicts
/// (`targets` is empty): what the page shows while the code that judges them is still on its
/// way. A build that calls only this links none of the targets' models or behaviour tables.
pub fn check_without_verdicts(bytes: &[u8], options: &CheckOptions) -> Report {
    // As in `check_within`, the tree is let go before locating.
    let unlocated = {
        let arena = Arena::new();
        let analysed = Analysed::new(bytes, options.content_type.as_deref(), &arena);
        let context = analysed.context(options.platform.as_deref());
        let findings = Findings {
            raw: Findings::found(&analysed, context.as_ref()),
            verdicts: Vec::new(),
            config_of: context.as_ref().and_then(|c| c.config_of),
            identity: Identity::of(&analysed),
        };
        drop(context);
        findings.settle(&analysed, Vec::new(), options)
    };
    unlocated.locate(bytes)
}

/// Checks a document already analysed (with `options.content_type`).
pub fn check_analysed(analysed: &Analysed<'_>, options: &CheckOptions) -> Report {
    let findings = Findings::of_one(analysed, options, &targets::Environment::default());
    findings.report(analysed, Vec::new(), options)
}

/// What the parser and the document rules found in one document, and the targets' verdicts,
/// before the rule selection applies.
pub(crate) struct Findings {
    raw: Vec<RawDiagnostic>,
    verdicts: Vec<TargetVerdict>,
    /// What the rules were told names the document ([`Context::config_of`]).
    config_of: Option<Role>,
    identity: Identity,
}

/// What a document is, read from its bytes and its parse alone: its digest, its role and what
/// it says hangs off it. No rule's finding enters it, so it is worked out beside the rules.
struct Identity {
    digest: String,
    recognised: Option<role::Recognised>,
    attachments: Vec<Attachment>,
}

impl Identity {
    fn of(analysed: &Analysed<'_>) -> Self {
        let digest = digest::sha256(analysed.bytes());
        let (recognised, attachments) = match analysed.root() {
            Some(root) => {
                let recognised = role::recognise(analysed.detected, root);
                let attachments = attachments::of_document(
                    analysed.detected,
                    root,
                    &recognised,
                    &digest,
                    None,
                    &Known::default(),
                );
                (Some(recognised), attachments)
            }
            None => (None, Vec::new()),
        };
        Identity {
            digest,
            recognised,
            attachments,
        }
    }
}

impl Findings {
    /// Runs the document rules over `context` (`None` when the bytes are not JSON: then only
    /// the parser's findings, not the document's shape, decide the verdicts), and judges the
    /// targets in what is known of the `environment`.
    pub(crate) fn of(
        analysed: &Analysed<'_>,
        context: Option<&Context<'_>>,
        options: &CheckOptions,
        environment: &targets::Environment,
    ) -> Self {
        let (raw, (modelled, identity)) = side_by_side(
            analysed.bytes().len(),
            || Self::found(analysed, context),
            || beside_the_rules(analysed, options, environment),
        );
        Self::judged(analysed, context, raw, modelled, identity, options)
    }

    /// [`Findings::of`] a document checked on its own: what the rules shared (every
    /// descriptor, platform and media type of the document, with their pointers) is let go
    /// before the verdicts are drawn up, which was a sixth of the peak of a large index's check.
    fn of_one(
        analysed: &Analysed<'_>,
        options: &CheckOptions,
        environment: &targets::Environment,
    ) -> Self {
        let mut context = analysed.context(options.platform.as_deref());
        let (raw, (modelled, identity)) = side_by_side(
            analysed.bytes().len(),
            || Self::found(analysed, context.as_ref()),
            || beside_the_rules(analysed, options, environment),
        );
        if let Some(context) = &mut context {
            context.forget_shared_walks();
        }
        Self::judged(analysed, context.as_ref(), raw, modelled, identity, options)
    }

    fn judged(
        analysed: &Analysed<'_>,
        context: Option<&Context<'_>>,
        raw: Vec<RawDiagnostic>,
        modelled: targets::ModelsJudged,
        identity: Identity,
        options: &CheckOptions,
    ) -> Self {
        let verdicts = targets::verdicts(analysed, context, &raw, &options.targets, modelled);
        Findings {
            raw,
            verdicts,
            config_of: context.and_then(|c| c.config_of),
            identity,
        }
    }

    /// What the parser and the document rules found, sorted by position, then code.
    fn found(analysed: &Analysed<'_>, context: Option<&Context<'_>>) -> Vec<RawDiagnostic> {
        let mut raw: Vec<RawDiagnostic> = analysed
            .parsed
            .issues
            .iter()
            .map(|issue| {
                let rule = rules::for_parser_issue(issue.kind);
                RawDiagnostic {
                    code: rule.meta.code,
                    severity: rule.meta.severity,
                    message: issue.message.as_str().into(),
                    pointer: RawPointer::Place(Place::ROOT),
                    range: issue.range,
                    related: std::sync::Arc::default(),
                    fix: None,
                }
            })
            .collect();
        if let Some(context) = context {
            // Room for a finding per descriptor, as a large index whose entries share a
            // platform has: grown by doubling instead, the list left a trail of its smaller
            // copies in the allocator's memory (10 MB at 320,000 entries). Room no finding
            // takes is never touched, so a clean document pays nothing for it.
            raw.reserve(context.descriptors().len());
        }
        let pasted = rules::Pasted::new(analysed.bytes(), &analysed.parsed.issues);
        // Only bytes the parser refused: a clean document costs nothing more.
        if pasted.issues.iter().any(|i| {
            matches!(
                i.kind,
                json::IssueKind::Syntax | json::IssueKind::TrailingData
            )
        }) {
            for (_, rule) in rules::all() {
                if let Check::Pasted(run) = rule.check {
                    run(
                        &pasted,
                        &mut Emitter {
                            rule,
                            out: &mut raw,
                        },
                    );
                }
            }
        }
        if let Some(context) = context {
            for (_, rule) in rules::all() {
                if let Check::Document(run) = rule.check {
                    run(
                        context,
                        &mut Emitter {
                            rule,
                            out: &mut raw,
                        },
                    );
                }
            }
        }
        crate::diagnostic::sort_by_position(&mut raw);
        raw
    }

    /// The report, with `more` (what the bundle rules found in this document, which does not
    /// change the verdicts) after the document rules' findings.
    /// What the bundle rules found on this document, for the targets whose behaviours speak
    /// of it (`targets::with_bundle_findings`).
    pub(crate) fn judge_bundle_findings(&mut self, found: &[RawDiagnostic]) {
        targets::with_bundle_findings(&mut self.verdicts, found);
    }

    pub(crate) fn report(
        self,
        analysed: &Analysed<'_>,
        more: Vec<RawDiagnostic>,
        options: &CheckOptions,
    ) -> Report {
        self.settle(analysed, more, options)
            .locate(analysed.bytes())
    }

    /// The report but for its diagnostics' positions: the rule selection applied, the
    /// verdicts named, the document's identity and attachments read from the parse.
    fn settle(
        mut self,
        analysed: &Analysed<'_>,
        more: Vec<RawDiagnostic>,
        options: &CheckOptions,
    ) -> Unlocated {
        let bytes = analysed.bytes();
        self.raw.extend(more);
        options.rules.apply(&mut self.raw);
        let explained = drop_explained_parser_errors(&mut self.raw);
        name_the_damage_in_verdicts(&mut self.verdicts, &explained, &self.raw);
        crate::diagnostic::sort_by_position(&mut self.raw);
        let Identity {
            digest,
            recognised,
            attachments,
        } = self.identity;
        Unlocated {
            report: Report {
                kind: analysed.kind,
                role: recognised.as_ref().map_or(Role::Other, |r| r.role),
                convention: recognised.and_then(|r| r.convention),
                config_of: self.config_of,
                media_type: analysed.media_type.clone(),
                digest,
                size: bytes.len() as u64,
                diagnostics: Vec::new(),
                targets: self.verdicts,
                attachments,
            },
            raw: self.raw,
        }
    }
}

/// A report whose diagnostics are still to be given lines, columns and UTF-16 offsets.
struct Unlocated {
    report: Report,
    raw: Vec<RawDiagnostic>,
}

impl Unlocated {
    fn locate(self, bytes: &[u8]) -> Report {
        Report {
            diagnostics: locate(self.raw, bytes),
            ..self.report
        }
    }
}

/// Drops the parser's diagnostics where a paste-damage rule names the damage that caused them:
/// "a Markdown fence before the JSON" with its fix says more than "expected a JSON value, found
/// a backtick", and one problem is shown once. The targets' verdicts were judged before, on
/// every finding, so a registry still refuses the bytes as they are; and a paste rule left out
/// of the selection lets the parser's diagnostic show again. Returns each dropped code with
/// the code that explains it.
fn drop_explained_parser_errors(raw: &mut Vec<RawDiagnostic>) -> Vec<(&'static str, &'static str)> {
    let pasted: Vec<_> = raw
        .iter()
        .filter(|d| rules::by_code(d.code).is_some_and(|r| matches!(r.check, Check::Pasted(_))))
        .map(|d| (d.range, d.code))
        .collect();
    let mut explained = Vec::new();
    if pasted.is_empty() {
        return explained;
    }
    raw.retain(|d| {
        if !rules::by_code(d.code).is_some_and(|r| matches!(r.check, Check::Parser(_))) {
            return true;
        }
        let by = pasted
            .iter()
            .find(|(r, _)| r.start <= d.range.start && d.range.start < r.end.max(r.start + 1));
        if let Some((_, by)) = by {
            explained.push((d.code, *by));
        }
        by.is_none()
    });
    explained
}

/// A verdict caused by a parser diagnostic that a paste rule explains names the paste rule,
/// the diagnostic the report shows, unless the parser's code is still shown elsewhere.
fn name_the_damage_in_verdicts(
    verdicts: &mut [TargetVerdict],
    explained: &[(&'static str, &'static str)],
    shown: &[RawDiagnostic],
) {
    if explained.is_empty() {
        return;
    }
    for verdict in verdicts {
        let mut codes: Vec<&'static str> = Vec::with_capacity(verdict.codes.len());
        for &code in &verdict.codes {
            match explained.iter().find(|(dropped, _)| *dropped == code) {
                // Named once, however many of the parser's issues it explains.
                Some((_, by)) if !shown.iter().any(|d| d.code == code) => {
                    if !codes.contains(by) {
                        codes.push(by);
                    }
                }
                _ => codes.push(code),
            }
        }
        verdict.codes = codes;
    }
}

/// Gives raw diagnostics their lines, columns and UTF-16 ranges, and their rule's name, help
/// and link.
pub(crate) fn locate(mut raw: Vec<RawDiagnostic>, bytes: &[u8]) -> Vec<Diagnostic> {
    // Positions are only needed for diagnostics; a clean document skips the pass.
    let lines = LineIndex::new(if raw.is_empty() { &[] } else { bytes });
    let mut located = Vec::with_capacity(raw.len());
    // From the end, a slice at a time, each slice's raw memory given back before the next:
    // kept whole until the last was located, the raw list (28 MB of an index with a finding
    // on each of 320,000 entries) would sit beside the whole located report at the peak.
    while !raw.is_empty() {
        let from = raw.len().saturating_sub(LOCATED_AT_A_TIME);
        located.extend(raw.drain(from..).rev().map(|raw| {
            let rule = rules::by_code(raw.code).map(|r| &r.meta);
            Diagnostic::locate(
                raw,
                rule.map_or("", |m| m.name),
                rule.map_or("", |m| m.how_to_fix),
                rule.map_or("", |m| m.url),
                &lines,
            )
        }));
        raw.shrink_to_fit();
    }
    located.reverse();
    located
}

/// How many raw diagnostics [`locate`] turns at once before giving their memory back: about
/// 350 KB of them, so the list shrinks in steps that an allocator can return.
const LOCATED_AT_A_TIME: usize = 4096;

/// What a check works out from the parse alone while the rules run: the targets' models'
/// decisions and the document's identity.
fn beside_the_rules(
    analysed: &Analysed<'_>,
    options: &CheckOptions,
    environment: &targets::Environment,
) -> (targets::ModelsJudged, Identity) {
    (
        targets::models_judged(analysed, &options.targets, environment),
        Identity::of(analysed),
    )
}

/// The rules and the targets' models read the same parse and need nothing of each other.
/// With the `parallel` feature (the CLI's), for a document large enough to repay a thread,
/// the models (`elsewhere`) run on a thread of their own while the rules (`here`) run on this
/// one. Otherwise (the browser, a small document) the models run first: their working memory
/// is let go before the rules build theirs, so the peak is the larger of the two, not both.
///
/// A plain scoped thread, not a task of the CLI's pool: waiting for it never takes up another
/// file's whole check, which would keep this one's tree alive meanwhile.
fn side_by_side<A, B: Send>(
    size: usize,
    here: impl FnOnce() -> A,
    elsewhere: impl FnOnce() -> B + Send,
) -> (A, B) {
    if cfg!(feature = "parallel") && size >= WORTH_A_THREAD {
        return std::thread::scope(|scope| {
            let other = scope.spawn(elsewhere);
            let here = here();
            let elsewhere = other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (here, elsewhere)
        });
    }
    let elsewhere = elsewhere();
    (here(), elsewhere)
}

/// From this size on, a document's models take longer than starting and joining a thread
/// (tens of microseconds): about a fifth of its check, which takes a millisecond at 64 KiB.
const WORTH_A_THREAD: usize = 64 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_damage_costs_one_more_parse_whatever_the_number_of_rules_asking() {
        // A prompt line, a fence and trailing prose: three paste rules ask where the JSON starts.
        let pasted = "$ crane manifest example.com/app\n```json\n{\"schemaVersion\": 2}\n```\nThat is what it printed.\n";
        let before = crate::json::PARSES.with(|count| count.get());
        let report = check(pasted.as_bytes(), &CheckOptions::default());
        let parses = crate::json::PARSES.with(|count| count.get()) - before;
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code).collect();
        assert!(
            codes.contains(&"INP001") && codes.contains(&"INP002"),
            "{codes:?}"
        );
        assert_eq!(parses, 2, "the document, then the JSON found inside it");
    }

    #[test]
    fn the_models_run_beside_the_rules_only_for_a_large_document_with_threads() {
        let here = std::thread::current().id();
        let on = |size| {
            super::side_by_side(
                size,
                || std::thread::current().id(),
                || std::thread::current().id(),
            )
        };
        let (rules, models) = on(super::WORTH_A_THREAD);
        assert_eq!(rules, here, "the rules run on the caller's thread");
        assert_eq!(
            models != here,
            cfg!(feature = "parallel"),
            "the models run beside them where threads are allowed"
        );
        assert_eq!(
            on(512),
            (here, here),
            "a small document stays on one thread"
        );
        // One after the other, the models come first, so their memory is gone before the rules'.
        let order = std::sync::Mutex::new(Vec::new());
        let push = |what| order.lock().expect("not poisoned").push(what);
        super::side_by_side(512, || push("rules"), || push("models"));
        assert_eq!(*order.lock().expect("not poisoned"), ["models", "rules"]);
    }
}
