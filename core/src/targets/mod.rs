//! Target profiles: what a registry (on push) or a client (on pull) does with a document.
//!
//! Spec validity is not what users ask; they ask "if I push this to Quay, or pull it with
//! podman, what happens?". Each profile is data: behaviours that say, for a situation the
//! engine can see in the document (a rule's finding, the document's kind, an artifact, a
//! `subject`…), what the target does, with its own error text and the evidence for it. Where
//! no behaviour applies and the document has errors, the verdict is `unknown`, never a guess.
//!
//! Where a program's code is public, a version of it is modelled instead (`model`): its
//! decoding and checks run over the bytes in its order, and the verdict carries its first
//! error, the step that decided and what it holds on beyond the bytes (`basis` `model`).

mod environment;
mod model;
mod profiles;

pub use environment::{Contents, CopyTo, Environment, Store, Stored, UrlAnswer};

use foldhash::{HashMap, HashMapExt as _, HashSet, HashSetExt as _};
use serde::{Deserialize, Serialize};

use crate::diagnostic::{RawDiagnostic, Severity};
use crate::rules::{self, Analysed, Context};
use crate::Kind;

/// A push (`PUT /v2/<name>/manifests/<ref>`), a pull (fetch, parse and unpack into a
/// runtime's storage), or a copy (`skopeo copy` to an `oci:` layout: fetch and store the
/// blobs as they are, without running the image).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    Push,
    Pull,
    Copy,
}

impl Operation {
    /// The name used in every output: `push`, `pull`, `copy`.
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Push => "push",
            Operation::Pull => "pull",
            Operation::Copy => "copy",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Accept,
    Unknown,
    /// Accepted with a caveat (a feature lost, a later step that fails).
    Warn,
    Reject,
}

impl Verdict {
    /// The name used in every output: `accept`, `unknown`, `warn`, `reject`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Accept => "accept",
            Verdict::Unknown => "unknown",
            Verdict::Warn => "warn",
            Verdict::Reject => "reject",
        }
    }
}

/// What a verdict rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// A model of the program's code, run over the bytes (decoding and checks in its order).
    Model,
    /// A behaviour table built from code reading, issues and documentation.
    Report,
    /// A behaviour table entry measured by running the program (`tests/peers/`).
    Measured,
}

impl Basis {
    /// The name used in every output: `model`, `report`, `measured`.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Model => "model",
            Basis::Report => "report",
            Basis::Measured => "measured",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    Spec,
    Registry,
    Client,
    Library,
}

/// A version range of a target whose behaviour differs from its other versions.
#[derive(Debug, Serialize)]
pub struct Version {
    /// Stable id used in `--target NAME@ID`, e.g. `2024-05` or `v2.8`.
    pub id: &'static str,
    /// What it covers, e.g. "before the 2024-06 schema change".
    pub label: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Target {
    /// Stable name used in `--target`, e.g. `quay`.
    pub name: &'static str,
    pub display: &'static str,
    /// Other names people type for it: its host names (`quay.io`, `amazonaws.com` for every
    /// ECR registry's host), its other tools (`skopeo`). An unknown name that is one of them
    /// is told the target's `name`, never taken for it, so a target reads one way in every
    /// output.
    #[serde(skip)]
    pub aliases: &'static [&'static str],
    pub kind: TargetKind,
    pub operations: &'static [Operation],
    /// The versions told apart; the first is the current one, used when none is named.
    pub versions: &'static [Version],
    /// Where the behaviours come from, in general (each behaviour names its own source).
    pub sources: &'static [&'static str],
    #[serde(skip)]
    pub behaviours: &'static [Behaviour],
}

/// What a target does in one situation.
#[derive(Debug)]
pub struct Behaviour {
    pub when: When,
    pub operation: Operation,
    /// The version ids it holds for; empty means every version.
    pub versions: &'static [&'static str],
    pub verdict: Verdict,
    /// The target's own words (verbatim where known).
    pub message: &'static str,
    /// The evidence: code at a commit, an issue, a document, or a measured run.
    pub source: &'static str,
}

/// A situation the engine can see in a checked document.
#[derive(Debug, Clone, Copy)]
pub enum When {
    /// A diagnostic of a rule that implements this catalogue id.
    Rule(&'static str),
    /// The document is of this kind.
    Kind(Kind),
    /// An OCI image manifest that is an artifact: `artifactType`, or a config that is not an
    /// image config.
    Artifact,
    /// The document has a `subject`.
    Subject,
    /// An index that lists BuildKit attestation manifests as entries of their own
    /// (`vnd.docker.reference.type` `attestation-manifest`, platform `unknown/unknown`), which
    /// readers that do not know the convention take for one more platform.
    AttestationEntries,
    /// The `Content-Type` names a manifest and the document is an index, or the other way
    /// round (by its declared `mediaType`, else by its fields); schema 1 counts as a third
    /// kind. Docker and OCI types of the same kind do not differ here.
    KindMismatch,
    /// The document has error-level diagnostics (any rule): for targets that only decode.
    AnyError,
}

/// Which targets to report, and at which version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub target: String,
    /// A version id of the target; `None` for its current behaviour.
    pub version: Option<String>,
}

impl Selection {
    /// Parses `NAME` or `NAME@VERSION`, checking both exist; an unknown name is told with the
    /// closest known one.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (name, version) = match text.split_once('@') {
            Some((name, version)) => (name, Some(version)),
            None => (text, None),
        };
        let target = by_name(name).ok_or_else(|| {
            let names: Vec<&str> = all().iter().map(|t| t.name).collect();
            let suggestion = suggest(name)
                .map(|closest| format!(" (did you mean `{closest}`?)"))
                .unwrap_or_default();
            format!(
                "unknown target `{name}`{suggestion}; known targets: {}",
                names.join(", ")
            )
        })?;
        if let Some(version) = version {
            if !target.versions.iter().any(|v| v.id == version) {
                let ids: Vec<&str> = target.versions.iter().map(|v| v.id).collect();
                return Err(format!(
                    "`{name}` has no version `{version}`; known: {}",
                    ids.join(", ")
                ));
            }
        }
        Ok(Selection {
            target: name.to_owned(),
            version: version.map(str::to_owned),
        })
    }
}

/// The target an unknown name most likely means, by its name or one of its aliases, whatever
/// the case and punctuation (`Quay.io`, `dockerhub`, an ECR registry's host), else by a near
/// spelling ([`crate::selection::closest_name`]).
pub fn suggest(name: &str) -> Option<&'static str> {
    let spellings: Vec<(&str, &'static str)> = all()
        .iter()
        .flat_map(|t| {
            std::iter::once(t.name)
                .chain(t.aliases.iter().copied())
                .map(|s| (s, t.name))
        })
        .collect();
    crate::selection::closest_name(name, &spellings)
}

/// Parses a list of targets as people type it (`quay, ecr@2024-05 docker`): names separated by
/// commas or spaces, each as [`Selection::parse`] reads it. An empty list selects every target.
pub fn parse_list(text: &str) -> Result<Vec<Selection>, String> {
    text.split([',', ' ', '\t', '\n'])
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(Selection::parse)
        .collect()
}

/// The verdict of one target for one operation on one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TargetVerdict {
    pub target: &'static str,
    pub version: &'static str,
    pub operation: Operation,
    pub verdict: Verdict,
    /// The target's own error or caveat text, when known.
    pub message: Option<String>,
    /// The diagnostics that cause the verdict.
    pub codes: Vec<&'static str>,
    pub pointers: Vec<String>,
    /// The evidence for the verdict.
    pub source: String,
    /// What the verdict rests on: a model of the program, or a behaviour table.
    pub basis: Basis,
    /// The model's step that decided (`decode`, `verify references`…); `None` for a table.
    pub step: Option<String>,
    /// What the verdict holds on beyond the bytes (blobs, registry state), when anything.
    pub condition: Option<String>,
}

/// How a modelled verdict's condition begins when no `Content-Type` was given: the document is
/// taken as sent with its own media type ([`TargetVerdict::assumed_content_type`] reads it back).
const ASSUMED_BEFORE: &str = "it is sent with Content-Type ";
const ASSUMED_AFTER: &str = " (none was given)";

impl TargetVerdict {
    /// The `Content-Type` the verdict takes the document to be sent with because none was given,
    /// and the rest of its condition: front ends that list several verdicts say the assumption
    /// once rather than on each (the JSON keeps the whole condition on each verdict).
    pub fn assumed_content_type(&self) -> Option<(&str, Option<&str>)> {
        let rest = self.condition.as_deref()?.strip_prefix(ASSUMED_BEFORE)?;
        let end = rest.find(ASSUMED_AFTER)?;
        let after = &rest[end + ASSUMED_AFTER.len()..];
        let beyond = match after.strip_prefix(", and ") {
            Some(beyond) => Some(beyond),
            None if after.is_empty() => None,
            None => return None,
        };
        Some((&rest[..end], beyond))
    }

    /// The condition without the assumed `Content-Type` ([`Self::assumed_content_type`]): what
    /// the verdict holds on beyond the bytes and their type.
    pub fn condition_beyond_content_type(&self) -> Option<&str> {
        match self.assumed_content_type() {
            Some((_, beyond)) => beyond,
            None => self.condition.as_deref(),
        }
    }

    /// The condition as a list of verdicts shows it: without the assumed `Content-Type` when
    /// the list says that once ([`assumed_by_all`]), else whole.
    pub fn condition_shown(&self, assumption_said: bool) -> Option<&str> {
        if assumption_said {
            self.condition_beyond_content_type()
        } else {
            self.condition.as_deref()
        }
    }

    /// The diagnostics that cause the verdict, as every front end writes them after its
    /// message: ` [DSC001, MAN002]`, or nothing when no diagnostic does.
    pub fn causes(&self) -> String {
        if self.codes.is_empty() {
            String::new()
        } else {
            format!(" [{}]", self.codes.join(", "))
        }
    }
}

/// The `Content-Type` the `verdicts` that assume one (none was given) all take the document to
/// be sent with, when they agree: a list of them says it once, above its rows.
pub fn assumed_by_all<'v>(
    verdicts: impl IntoIterator<Item = &'v TargetVerdict>,
) -> Option<&'v str> {
    let mut assumed = verdicts
        .into_iter()
        .filter_map(|v| v.assumed_content_type().map(|(media_type, _)| media_type));
    let first = assumed.next()?;
    assumed
        .all(|media_type| media_type == first)
        .then_some(first)
}

/// The operations of a target's version that are modelled from the program's code (their
/// verdicts have `basis` `model`); none for a version known from its behaviour table alone.
pub fn modelled_operations(target: &str, version: &str) -> Vec<Operation> {
    model::MODELLED
        .iter()
        .filter(|(t, v, _)| *t == target && *v == version)
        .map(|(_, _, operation)| *operation)
        .collect()
}

/// Every target profile.
pub fn all() -> &'static [&'static Target] {
    profiles::ALL
}

pub fn by_name(name: &str) -> Option<&'static Target> {
    all().iter().copied().find(|t| t.name == name)
}

/// The targets and versions a selection names (every target at its current version when the
/// selection is empty).
fn chosen(selection: &[Selection]) -> Vec<(&'static Target, &'static Version)> {
    if selection.is_empty() {
        return all().iter().map(|t| (*t, &t.versions[0])).collect();
    }
    selection
        .iter()
        .filter_map(|s| {
            let target = by_name(&s.target)?;
            let version = match &s.version {
                Some(id) => target.versions.iter().find(|v| v.id == *id)?,
                None => &target.versions[0],
            };
            Some((target, version))
        })
        .collect()
}

/// Each operation of each chosen target, in the one order the models' decisions and the
/// verdicts are both made in.
fn operations(
    selection: &[Selection],
) -> impl Iterator<Item = (&'static Target, &'static Version, Operation)> {
    chosen(selection).into_iter().flat_map(|(target, version)| {
        target
            .operations
            .iter()
            .map(move |&operation| (target, version, operation))
    })
}

/// The `Content-Type` a model is given: the header, else (none given) the document's own
/// media type, which the verdict's condition then names.
fn content_types<'a>(analysed: &'a Analysed<'a>) -> (Option<&'a str>, Option<&'a str>) {
    let assumed = analysed
        .content_type_header
        .is_none()
        .then(|| analysed.own_media_type())
        .flatten();
    (analysed.content_type_header.or(assumed), assumed)
}

/// Whether the programs would take the document in as a manifest, so that their models
/// apply: a config, a descriptor or an `oci-layout` file travels as a blob (or a file), which
/// no registry parses on push, unless a manifest `Content-Type` was given with it.
fn received_as_manifest(analysed: &Analysed<'_>) -> bool {
    // The kinds whose `mediaType` names themselves are the ones a manifests endpoint serves.
    analysed.content_type_header.is_some() || analysed.kind.declares_own_media_type()
}

/// What the selected targets' models decide of the document, one for each target and
/// operation in the order [`verdicts`] gives them (`None` where a target has no model, or the
/// document is not received as a manifest).
pub(crate) struct ModelsJudged(Vec<Option<model::Modelled>>);

/// The selected targets' models run over a document, in what is known of the `environment`.
/// They read the parse, not the rules' findings: `check` runs them before the rules, or beside
/// them on another thread.
pub(crate) fn models_judged(
    analysed: &Analysed<'_>,
    selection: &[Selection],
    environment: &Environment,
) -> ModelsJudged {
    let operations = operations(selection);
    if !received_as_manifest(analysed) {
        return ModelsJudged(operations.map(|_| None).collect());
    }
    // With no `Content-Type` given, the document is taken as sent with its own media type,
    // as everywhere else in ocilint; the models' verdicts then say so in their condition.
    let (content_type, _) = content_types(analysed);
    let arena = bumpalo::Bump::new();
    let input = model::Input::new(&analysed.parsed, content_type, &arena).within(environment);
    ModelsJudged(
        operations
            .map(|(target, version, operation)| {
                model::judge(target.name, version.id, operation, &input)
            })
            .collect(),
    )
}

/// The verdicts of the selected targets (every target at its current version when the
/// selection is empty), for a checked document: what its models decided (`judged`), else its
/// behaviour table over the rules' findings.
pub(crate) fn verdicts(
    analysed: &Analysed<'_>,
    ctx: Option<&Context<'_>>,
    diagnostics: &[RawDiagnostic],
    selection: &[Selection],
    judged: ModelsJudged,
) -> Vec<TargetVerdict> {
    let (_, assumed) = content_types(analysed);
    let causes = Causes::of(diagnostics);
    operations(selection)
        .zip(judged.0)
        .map(|((target, version, operation), modelled)| match modelled {
            Some(modelled) => {
                let judged = from_model(target, version, operation, modelled, assumed, diagnostics);
                after_acceptance(judged, ctx, &causes, target, version)
            }
            None => verdict(ctx, &causes, target, version, operation),
        })
        .collect()
}

/// The verdicts of the selected targets' models (targets known only from their behaviour
/// tables are left out) for `bytes` received with `content_type`, where what the registry
/// holds and where a copy goes are known: what `check` leaves as a condition is decided.
/// Rules do not run, so the verdicts name no diagnostics.
pub fn modelled_verdicts(
    bytes: &[u8],
    content_type: Option<&str>,
    selection: &[Selection],
    environment: &Environment,
) -> Vec<TargetVerdict> {
    let arena = crate::json::Arena::new();
    let analysed = Analysed::new(bytes, content_type, &arena);
    let (_, assumed) = content_types(&analysed);
    operations(selection)
        .zip(models_judged(&analysed, selection, environment).0)
        .filter_map(|((target, version, operation), modelled)| {
            Some(from_model(
                target,
                version,
                operation,
                modelled?,
                assumed,
                &[],
            ))
        })
        .collect()
}

fn from_model(
    target: &'static Target,
    version: &'static Version,
    operation: Operation,
    modelled: model::Modelled,
    assumed_content_type: Option<&str>,
    diagnostics: &[RawDiagnostic],
) -> TargetVerdict {
    // ocilint's own findings at the place the program stopped explain the verdict.
    let causes: Vec<&RawDiagnostic> = modelled.at.map_or_else(Vec::new, |at| {
        diagnostics
            .iter()
            .filter(|d| {
                d.range.start < at.end.max(at.start + 1)
                    && at.start < d.range.end.max(d.range.start + 1)
            })
            .collect()
    });
    let assumption = assumed_content_type
        .map(|media_type| format!("{ASSUMED_BEFORE}{media_type}{ASSUMED_AFTER}"));
    let condition = match (assumption, modelled.condition) {
        (Some(assumption), Some(condition)) => Some(format!("{assumption}, and {condition}")),
        (assumption, condition) => assumption.or(condition),
    };
    TargetVerdict {
        target: target.name,
        version: version.id,
        operation,
        verdict: modelled.verdict,
        message: modelled.message,
        codes: causes.iter().map(|d| d.code).collect(),
        pointers: causes
            .iter()
            .map(|d| d.pointer.text().into_owned())
            .collect(),
        source: modelled.source.to_owned(),
        basis: Basis::Model,
        step: Some(modelled.step.to_owned()),
        condition,
    }
}

/// Acceptances a bundle rule's findings on the document change: a target whose behaviour
/// table warns or refuses on what only the documents together show (an index's metadata
/// that GHCR reads from the index but finds on its manifests) says so. Other verdicts stand:
/// they were judged from the document's own findings.
pub(crate) fn with_bundle_findings(verdicts: &mut [TargetVerdict], found: &[RawDiagnostic]) {
    if found.is_empty() {
        return;
    }
    let causes = Causes::of(found);
    for judged in verdicts.iter_mut().filter(|v| v.verdict == Verdict::Accept) {
        let Some(target) = by_name(judged.target) else {
            continue;
        };
        let caveat = target.behaviours.iter().find_map(|b| {
            let When::Rule(id) = b.when else {
                return None;
            };
            let applies = b.operation == judged.operation
                && (b.versions.is_empty() || b.versions.contains(&judged.version))
                && matches!(b.verdict, Verdict::Warn | Verdict::Reject);
            let found = causes.of_rule(id);
            (applies && !found.is_empty()).then_some((b, found))
        });
        if let Some((behaviour, found)) = caveat {
            judged.verdict = behaviour.verdict;
            judged.message = Some(behaviour.message.to_owned());
            judged.codes = found.iter().map(|d| d.code).collect();
            judged.pointers = found
                .iter()
                .map(|d| d.pointer.text().into_owned())
                .collect();
            judged.source = behaviour.source.to_owned();
            judged.basis = Basis::Report;
            judged.step = None;
        }
    }
}

/// A model's acceptance with what the target does once it holds the document, which no model
/// decides: whether it lists a referrer (`subject`) or how it shows BuildKit's attestation
/// entries. The behaviour table's verdict and words for that situation are added to it.
fn after_acceptance(
    mut judged: TargetVerdict,
    ctx: Option<&Context<'_>>,
    found: &Causes<'_>,
    target: &'static Target,
    version: &'static Version,
) -> TargetVerdict {
    if judged.verdict != Verdict::Accept {
        return judged;
    }
    // What the target does after accepting (shows a subject, an attestation, a Docker-configured
    // OCI image as a non-image artifact) is known from its table, not its model: a warning of
    // a rule's finding stands beside the model's accept.
    let caveat = target.behaviours.iter().find_map(|b| {
        let after = match b.when {
            When::Subject | When::AttestationEntries => true,
            When::Rule(_) => b.verdict == Verdict::Warn && judged.basis == Basis::Model,
            _ => false,
        };
        let applies = after
            && b.operation == judged.operation
            && (b.versions.is_empty() || b.versions.contains(&version.id));
        applies
            .then(|| matches(ctx, found, b.when))
            .flatten()
            .map(|causes| (b, causes))
    });
    if let Some((behaviour, causes)) = caveat {
        judged.verdict = behaviour.verdict;
        judged.message = Some(behaviour.message.to_owned());
        judged.source = format!("{}; {}", judged.source, behaviour.source);
        if !causes.is_empty() {
            judged.codes = causes.iter().map(|d| d.code).collect();
            judged.pointers = causes
                .iter()
                .map(|d| d.pointer.text().into_owned())
                .collect();
        }
    }
    judged
}

/// The findings grouped once per check by what the behaviours ask about, so that judging
/// every target costs a lookup per behaviour, not a pass over the diagnostics.
struct Causes<'d> {
    /// Per catalogue id (`Rule::covers`), the diagnostics of the rules implementing it.
    by_id: HashMap<&'static str, Vec<&'d RawDiagnostic>>,
    errors: Vec<&'d RawDiagnostic>,
}

impl<'d> Causes<'d> {
    fn of(diagnostics: &'d [RawDiagnostic]) -> Self {
        let mut by_id: HashMap<&'static str, Vec<&'d RawDiagnostic>> = HashMap::new();
        for diagnostic in diagnostics {
            for &id in rules::by_code(diagnostic.code).map_or(&[][..], |r| r.meta.covers) {
                by_id.entry(id).or_default().push(diagnostic);
            }
        }
        Causes {
            by_id,
            errors: diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect(),
        }
    }

    fn of_rule(&self, id: &str) -> &[&'d RawDiagnostic] {
        self.by_id.get(id).map_or(&[], Vec::as_slice)
    }
}

fn verdict(
    ctx: Option<&Context<'_>>,
    found: &Causes<'_>,
    target: &'static Target,
    version: &'static Version,
    operation: Operation,
) -> TargetVerdict {
    let mut worst: Option<(&Behaviour, Vec<&RawDiagnostic>)> = None;
    // Every diagnostic some applying behaviour speaks for, by address.
    let mut explained: HashSet<*const RawDiagnostic> = HashSet::new();
    for behaviour in target.behaviours {
        if behaviour.operation != operation
            || !(behaviour.versions.is_empty() || behaviour.versions.contains(&version.id))
        {
            continue;
        }
        let Some(causes) = matches(ctx, found, behaviour.when) else {
            continue;
        };
        explained.extend(causes.iter().map(|d| std::ptr::from_ref(*d)));
        if worst
            .as_ref()
            .is_none_or(|(current, _)| behaviour.verdict > current.verdict)
        {
            worst = Some((behaviour, causes));
        }
    }
    let mut errors = found.errors.clone();
    // Errors of rules that apply to other versions of the specification than this one.
    let mut other_versions: Vec<&'static str> = Vec::new();
    if target.kind == TargetKind::Spec {
        let judged_by = profiles::spec_version(version.id);
        errors.retain(|e| {
            let counts =
                rules::by_code(e.code).is_none_or(|r| r.meta.spec_versions.includes(judged_by));
            if !counts && !other_versions.contains(&e.code) {
                other_versions.push(e.code);
            }
            counts
        });
    }
    let (verdict, message, causes, source) = match worst {
        // An acceptance stands when the target is known to accept every error found.
        Some((behaviour, causes))
            if behaviour.verdict != Verdict::Accept
                || errors
                    .iter()
                    .all(|e| explained.contains(&std::ptr::from_ref(*e))) =>
        {
            (
                behaviour.verdict,
                Some(fill(behaviour.message, ctx, causes.first().copied())),
                causes,
                behaviour.source.to_owned(),
            )
        }
        _ if errors.is_empty() && !other_versions.is_empty() => (
            Verdict::Accept,
            Some(format!(
                "valid for this version: {} {} not a requirement of it",
                other_versions.join(", "),
                if other_versions.len() == 1 {
                    "is"
                } else {
                    "are"
                }
            )),
            Vec::new(),
            "the rules' spec versions, as ocilint rules lists them".to_owned(),
        ),
        _ if errors.is_empty() => (
            Verdict::Accept,
            None,
            Vec::new(),
            // Every target of a clean document says this: joined, not formatted.
            [
                target.display,
                ": no known refusal of a document with no errors",
            ]
            .concat(),
        ),
        _ if target.kind == TargetKind::Spec => (
            Verdict::Reject,
            Some(format!(
                "{} against the specifications",
                crate::text::plural(errors.len(), "error")
            )),
            errors,
            "the rules' own spec links".to_owned(),
        ),
        _ => (
            Verdict::Unknown,
            Some(format!(
                "no evidence of how {} treats these errors",
                target.display
            )),
            errors,
            "none".to_owned(),
        ),
    };
    TargetVerdict {
        target: target.name,
        version: version.id,
        operation,
        verdict,
        message,
        codes: causes.iter().map(|d| d.code).collect(),
        pointers: causes
            .iter()
            .map(|d| d.pointer.text().into_owned())
            .collect(),
        basis: if source.starts_with("measured") || source.contains("; measured") {
            Basis::Measured
        } else {
            Basis::Report
        },
        source,
        step: None,
        condition: None,
    }
}

/// A target's message with its placeholders (`<Content-Type>`, `<mediaType>`, `<digest>`,
/// `<artifactType>`, `<config mediaType>`, `<subject digest>`) replaced by this document's
/// values, so the user reads the error as the target would print it. Unknown values keep their
/// placeholder.
fn fill(template: &str, ctx: Option<&Context<'_>>, cause: Option<&RawDiagnostic>) -> String {
    let Some(ctx) = ctx else {
        return template.to_owned();
    };
    let text = |node: Option<&crate::json::Node>| node.and_then(|n| n.as_str()).map(str::to_owned);
    // The value the first cause points at, and the descriptor around it. A cause's pointer may
    // be a place, written out on asking: once here.
    let cause_pointer = cause.map(|c| c.pointer.text());
    let at = cause_pointer.as_deref().and_then(|p| resolve(ctx.root, p));
    let parent = cause_pointer.as_deref().and_then(|pointer| {
        let parent = pointer.rfind('/').map_or("", |i| &pointer[..i]);
        resolve(ctx.root, parent)
    });
    let descriptor = |key: &str| {
        text(at.and_then(|n| n.get(key)).map(|m| &m.value))
            .or_else(|| text(parent.and_then(|n| n.get(key)).map(|m| &m.value)))
    };
    let root_text = |key: &str| text(ctx.root.get(key).map(|m| &m.value));
    let config_media_type = text(
        ctx.root
            .get("config")
            .and_then(|c| c.value.get("mediaType"))
            .map(|m| &m.value),
    );
    let media_type = match at {
        Some(node)
            if node.as_str().is_some()
                && cause_pointer
                    .as_deref()
                    .is_some_and(|p| p.ends_with("/mediaType")) =>
        {
            text(Some(node))
        }
        _ => descriptor("mediaType")
            .filter(|_| cause_pointer.as_deref().is_some_and(|p| !p.is_empty()))
            .or_else(|| root_text("mediaType")),
    };
    let mut out = template.to_owned();
    for (placeholder, value) in [
        ("<Content-Type>", ctx.content_type.map(str::to_owned)),
        ("<mediaType>", media_type),
        (
            "<digest>",
            descriptor("digest").map(|d| d.trim_start_matches("sha256:").to_owned()),
        ),
        (
            "<artifactType>",
            root_text("artifactType").or_else(|| config_media_type.clone()),
        ),
        ("<config mediaType>", config_media_type.clone()),
        (
            "<subject digest>",
            text(
                ctx.root
                    .get("subject")
                    .and_then(|s| s.value.get("digest"))
                    .map(|d| &d.value),
            ),
        ),
    ] {
        if let Some(value) = value {
            out = out.replace(placeholder, &value);
        }
    }
    out
}

/// The value a JSON Pointer names, if any.
fn resolve<'a>(
    root: &'a crate::json::Node<'a>,
    pointer: &str,
) -> Option<&'a crate::json::Node<'a>> {
    let mut node = root;
    if pointer.is_empty() {
        return Some(node);
    }
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        node = match &node.value {
            crate::json::Value::Object(_) => &node.get(&token)?.value,
            crate::json::Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// The diagnostics that show the situation (empty when it is a property of the document),
/// or `None` when the situation is absent.
fn matches<'d>(
    ctx: Option<&Context<'_>>,
    found: &Causes<'d>,
    when: When,
) -> Option<Vec<&'d RawDiagnostic>> {
    let present = |yes: bool| yes.then(Vec::new);
    match when {
        When::Rule(id) => {
            let causes = found.of_rule(id);
            (!causes.is_empty()).then(|| causes.to_vec())
        }
        // A document that is not JSON has no kind, no fields and no subject.
        When::Kind(kind) => present(ctx.is_some_and(|ctx| ctx.kind == kind)),
        When::Artifact => present(ctx.is_some_and(|ctx| {
            ctx.kind == Kind::OciManifest
                && (ctx.root.get("artifactType").is_some()
                    || ctx
                        .root
                        .get("config")
                        .and_then(|c| c.value.get("mediaType"))
                        .and_then(|m| m.value.as_str())
                        .is_some_and(|mt| {
                            crate::spec::media_types::role(mt)
                                != crate::spec::media_types::Role::ImageConfig
                        }))
        })),
        When::Subject => present(ctx.is_some_and(|ctx| ctx.root.get("subject").is_some())),
        When::AttestationEntries => present(ctx.is_some_and(Context::lists_attestation_entries)),
        When::KindMismatch => {
            let ctx = ctx?;
            let expected = family(Kind::from_media_type(ctx.content_type?)?)?;
            let declared = ctx
                .root
                .get("mediaType")
                .and_then(|m| m.value.as_str())
                .and_then(Kind::from_media_type)
                .and_then(family);
            let has_manifests = ctx.root.get("manifests").is_some();
            let has_manifest_fields =
                ctx.root.get("config").is_some() || ctx.root.get("layers").is_some();
            // Both kinds of field and no `mediaType`: the caller's expectation decides.
            let shaped = if has_manifests && has_manifest_fields {
                None
            } else if has_manifests {
                Some(Family::Index)
            } else if ctx.root.get("fsLayers").is_some() {
                Some(Family::Schema1)
            } else if has_manifest_fields {
                Some(Family::Manifest)
            } else {
                None
            };
            let declared_or_shaped = declared.or(shaped)?;
            (declared_or_shaped != expected).then(|| {
                found
                    .of_rule("push-content-type-matches-media-type")
                    .to_vec()
            })
        }
        When::AnyError => (!found.errors.is_empty()).then(|| found.errors.clone()),
    }
}

/// Manifest, index or schema 1: what "expected manifest but found index" tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Manifest,
    Index,
    Schema1,
}

fn family(kind: Kind) -> Option<Family> {
    Some(match kind {
        Kind::OciManifest | Kind::DockerManifest | Kind::OciArtifactManifest => Family::Manifest,
        Kind::OciIndex | Kind::DockerManifestList => Family::Index,
        Kind::DockerSchema1 => Family::Schema1,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str =
        r#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#;

    #[test]
    fn a_config_travels_as_a_blob_so_no_manifest_model_judges_it() {
        let everyone = Environment::default();
        let modelled: Vec<Selection> = ["distribution@v2.8", "podman@4.3", "containerd@1.6"]
            .into_iter()
            .map(|name| Selection::parse(name).unwrap())
            .collect();
        assert!(modelled_verdicts(CONFIG.as_bytes(), None, &modelled, &everyone).is_empty());
        let options = crate::CheckOptions {
            targets: modelled.clone(),
            ..Default::default()
        };
        let report = crate::check(CONFIG.as_bytes(), &options);
        assert!(!report.targets.is_empty());
        for verdict in &report.targets {
            assert_ne!(verdict.basis, Basis::Model, "{verdict:?}");
            assert_ne!(verdict.verdict, Verdict::Reject, "{verdict:?}");
        }
        // Sent as a manifest, it is one as far as the registry knows: the models judge it.
        let as_manifest = "application/vnd.oci.image.manifest.v1+json";
        let judged = modelled_verdicts(CONFIG.as_bytes(), Some(as_manifest), &modelled, &everyone);
        assert!(
            judged.iter().any(|v| v.verdict == Verdict::Reject),
            "{judged:?}"
        );
    }

    #[test]
    fn the_assumed_content_type_is_read_back_from_the_condition_core_wrote() {
        let manifest = r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443","size":2},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:3713021b02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca","size":3}]}"#;
        let targets = vec![Selection::parse("podman@4.3").unwrap()];
        let unsent = crate::check(
            manifest.as_bytes(),
            &crate::CheckOptions {
                targets: targets.clone(),
                ..Default::default()
            },
        );
        let pull = &unsent.targets[0];
        let (assumed, beyond) = pull.assumed_content_type().expect("an assumption");
        assert_eq!(assumed, "application/vnd.oci.image.manifest.v1+json");
        let beyond = beyond.expect("the registry's part");
        assert!(beyond.starts_with("the registry serves"), "{beyond}");
        assert_eq!(pull.condition_beyond_content_type(), Some(beyond));
        // Sent with a type, there is nothing assumed and the condition is all beyond it.
        let sent = crate::check(
            manifest.as_bytes(),
            &crate::CheckOptions {
                targets,
                content_type: Some(assumed.to_owned()),
                ..Default::default()
            },
        );
        let pull = &sent.targets[0];
        assert_eq!(pull.assumed_content_type(), None);
        assert_eq!(pull.condition_beyond_content_type(), Some(beyond));
    }

    #[test]
    fn names_versions_and_rule_ids_exist() {
        let mut names = std::collections::HashSet::new();
        for target in all() {
            assert!(
                names.insert(target.name),
                "duplicate target {}",
                target.name
            );
            assert!(
                !target.versions.is_empty(),
                "{} has no version",
                target.name
            );
            assert!(!target.sources.is_empty(), "{} has no source", target.name);
            for behaviour in target.behaviours {
                assert!(
                    !behaviour.source.is_empty(),
                    "{}: a behaviour without a source",
                    target.name
                );
                assert!(
                    target.operations.contains(&behaviour.operation),
                    "{}",
                    target.name
                );
                for id in behaviour.versions {
                    assert!(
                        target.versions.iter().any(|v| v.id == *id),
                        "{}: version {id}",
                        target.name
                    );
                }
                if let When::Rule(id) = behaviour.when {
                    assert!(
                        rules::all().any(|(_, r)| r.meta.covers.contains(&id)),
                        "{}: no rule implements `{id}`",
                        target.name
                    );
                }
            }
        }
    }

    #[test]
    fn selections_parse_and_refuse_unknowns() {
        assert_eq!(
            Selection::parse("quay@2024-05"),
            Ok(Selection {
                target: "quay".into(),
                version: Some("2024-05".into())
            })
        );
        assert!(Selection::parse("nope")
            .unwrap_err()
            .contains("known targets"));
        assert!(Selection::parse("quay@1999")
            .unwrap_err()
            .contains("no version"));
    }

    #[test]
    fn a_typed_list_reads_as_people_type_it_and_names_the_closest_target() {
        let list = parse_list(" quay,podman  quay@2024-05 ").unwrap();
        let names: Vec<&str> = list.iter().map(|s| s.target.as_str()).collect();
        assert_eq!(names, ["quay", "podman", "quay"]);
        assert_eq!(parse_list(""), Ok(Vec::new()));
        let error = parse_list("quay, quey").unwrap_err();
        assert!(
            error.contains("unknown target `quey` (did you mean `quay`?)"),
            "{error}"
        );
        let error = parse_list("Quay.io").unwrap_err();
        assert!(
            error.starts_with(
                "unknown target `Quay.io` (did you mean `quay`?); known targets: spec,"
            ),
            "{error}"
        );
    }

    #[test]
    fn unknown_names_suggest_the_target_people_mean() {
        for (typed, meant) in [
            ("Quay.io", "quay"),
            ("quay.io", "quay"),
            ("dockerhub", "docker-hub"),
            ("DockerHub", "docker-hub"),
            ("docker.io", "docker-hub"),
            ("registry-1.docker.io", "docker-hub"),
            ("ghcr.io", "ghcr"),
            ("123456789012.dkr.ecr.eu-west-1.amazonaws.com", "ecr"),
            ("europe-west1-docker.pkg.dev", "gar"),
            ("gcr.io", "gar"),
            ("myregistry.azurecr.io", "acr"),
            ("harbor.example.com", "harbor"),
            ("skopeo", "podman"),
            ("Podman", "podman"),
            ("buildx", "buildkit"),
            ("regctl", "regclient"),
            ("docker", "dockerd"),
            ("containerd-1.7", "containerd"),
            ("registry.gitlab.com", "gitlab"),
            ("GitLab", "gitlab"),
        ] {
            assert_eq!(suggest(typed), Some(meant), "{typed}");
        }
        for typed in ["nexus", "zzzz"] {
            assert_eq!(suggest(typed), None, "{typed}");
        }
    }

    #[test]
    fn every_alias_is_taken_by_one_target_and_names_none() {
        let mut seen = std::collections::HashMap::new();
        for target in all() {
            for alias in target.aliases {
                let folded = crate::selection::fold(alias);
                assert!(by_name(alias).is_none(), "{alias} is a target's name");
                assert!(
                    all()
                        .iter()
                        .all(|t| crate::selection::fold(t.name) != folded),
                    "{alias} folds to a target's name"
                );
                if let Some(other) = seen.insert(folded, target.name) {
                    panic!("{alias} is an alias of both {other} and {}", target.name);
                }
            }
        }
    }
}
