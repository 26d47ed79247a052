//! Rewrites: apply fixes, convert between Docker and OCI, split custom layers into an
//! artifact, over one document or a bundle of them (an index and its children, a manifest and
//! its config). A rewritten child's new digest and size cascade into every parent of the
//! bundle that references it. [`RewriteReport`] is the one type every boundary serializes
//! (CLI `fix`/`convert`/`split --format json`, the wasm API).

use serde::{Deserialize, Serialize};

use crate::check::{self, CheckOptions};
use crate::diagnostic::{Diagnostic, FixSafety};
use crate::digest;
use crate::fix::{apply_edits, overlaps, Editor, RawEdit};
use crate::json::{Arena, IssueKind, Pointer};
use crate::kind::Kind;
use crate::rules::Analysed;
use crate::spec::media_types as mt;
use crate::text::LineIndex;
use crate::transform::convert::{self, Format};
use crate::transform::generate::{self, Json};
use crate::transform::split::{split_index, SplitOff};

mod bundle_layout;
mod layout;
pub use bundle_layout::{sparse_layout, README as LAYOUT_README};
pub use layout::{repair_layout, IndexShape, LayoutRepair, LayoutRequest, NewBlob};

/// One document of a bundle: its name (a file name) and exact bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
    /// Check it as this media type (the `Content-Type` it is pushed with).
    pub content_type: Option<String>,
}

/// What to do to the bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Apply the rules' fixes: safe ones, and unsafe ones too with `include_unsafe`; only the
    /// codes in `only` when it is not empty. `platform` (`os/arch[/variant]`) makes the
    /// platform fixes applicable.
    Fix {
        include_unsafe: bool,
        only: Vec<String>,
        platform: Option<String>,
        /// Apply one fix only: that of the diagnostic at this place (a fix button), in one
        /// pass; other inputs are only updated by the cascade.
        at: Option<FixAt>,
    },
    /// Convert every manifest and index to one family; `platform` (`os/arch[/variant]`) is
    /// given to Docker list entries that have none.
    Convert {
        to: Format,
        platform: Option<String>,
    },
    /// Move custom (non-filesystem) layers out of an image into an OCI 1.1 artifact whose
    /// `subject` is the image; with `index`, also write an OCI index holding both.
    Split {
        index: bool,
        platform: Option<String>,
        /// The artifact's config: the empty descriptor when `None`.
        config: Option<ArtifactConfig>,
    },
}

impl Request {
    /// What a diagnostic's fix button asks, in every front end: that rule's fix at that place
    /// of that input only, unsafe or not as the fix is.
    pub fn fix_one(code: &str, safety: FixSafety, input: &str, pointer: &str) -> Request {
        Request::Fix {
            include_unsafe: safety != FixSafety::Safe,
            only: vec![code.to_owned()],
            platform: None,
            at: Some(FixAt {
                input: input.to_owned(),
                pointer: pointer.to_owned(),
            }),
        }
    }
}

/// Which diagnostic's fix to apply: the input it is in and its JSON Pointer (with the code in
/// `only`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixAt {
    pub input: String,
    pub pointer: String,
}

/// A config blob the user gives for a split's artifact (its bytes are not output: only its
/// descriptor goes into the artifact).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArtifactConfig {
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// What a rewrite produced, applied, lost and refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RewriteReport {
    /// Every document whose bytes are new (edited, generated, or updated by a cascade).
    pub outputs: Vec<Output>,
    pub applied: Vec<Applied>,
    pub losses: Vec<Loss>,
    pub refused: Vec<Refused>,
    /// For each rewritten input, the digest parents must now name, and which parents of the
    /// bundle were updated to name it.
    pub references: Vec<Reference>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Image,
    Artifact,
    Index,
    Cache,
    Config,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Image => "image",
            Role::Artifact => "artifact",
            Role::Index => "index",
            Role::Cache => "cache",
            Role::Config => "config",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Output {
    /// The input this output comes from.
    pub input: String,
    /// `<role>-<first 12 hex digits of the digest>.json`.
    pub name: String,
    pub role: Role,
    pub media_type: String,
    /// `sha256:<hex>` of `bytes`.
    pub digest: String,
    pub size: u64,
    /// The document, exactly (always UTF-8: JSON).
    pub bytes: String,
    /// Unified diff against the input (against nothing for a new document).
    pub diff: String,
    /// A document the rewrite created (a split's artifact or index), not a new version of
    /// its input. Left out when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub new_document: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Applied {
    pub input: String,
    pub code: String,
    pub title: String,
    pub safety: FixSafety,
    /// Where the diagnostic it fixes was, in the document as it was before this fix.
    pub pointer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Loss {
    pub input: String,
    pub pointer: String,
    pub what: String,
    pub why: String,
}

/// The losses of one input for one reason, as indices into the report's losses in their order;
/// the groups are in the order of their first loss. A conversion loses the same field from every
/// entry of an index, which a reader wants said once with its places (the page's preview, the
/// CLI's summary), not once per entry.
pub fn loss_groups(losses: &[Loss]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: std::collections::HashMap<(&str, &str), usize> =
        std::collections::HashMap::new();
    for (index, loss) in losses.iter().enumerate() {
        let next = groups.len();
        let group = *group_of
            .entry((loss.input.as_str(), loss.why.as_str()))
            .or_insert(next);
        if group == next {
            groups.push(Vec::new());
        }
        groups[group].push(index);
    }
    groups
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Refused {
    pub input: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    pub input: String,
    /// The digest parents named.
    pub from: String,
    /// The digest they must name now.
    pub to: String,
    pub size: u64,
    pub media_type: String,
    /// The bundle documents whose descriptors were updated.
    pub updated: Vec<String>,
}

/// Most passes a fix run makes; each pass applies every non-overlapping fix, and fixes that
/// unblock others need a few.
const MAX_PASSES: usize = 8;

/// Why bytes that are not JSON are not rewritten: what the check says first (the parser's
/// reason, or what the bytes are: gzip, a tar…) and where.
fn not_json(analysed: &Analysed<'_>) -> String {
    let report = check::check_analysed(analysed, &CheckOptions::default());
    match report.diagnostics.first() {
        Some(first) => format!(
            "it is not JSON ({} at line {}, column {}); only JSON documents can be rewritten",
            first.message, first.line, first.column
        ),
        None => "it is not JSON; only JSON documents can be rewritten".into(),
    }
}

/// Why JSON the parser read past damage is not rewritten: the first damage and where.
fn malformed(analysed: &Analysed<'_>) -> Option<String> {
    let issue = analysed
        .parsed
        .issues
        .iter()
        .find(|issue| IssueKind::MALFORMED.contains(&issue.kind))?;
    let at = LineIndex::new(analysed.bytes()).line_column(issue.range.start);
    Some(format!(
        "it is not well-formed JSON at line {}, column {}: {}; correct it first, since a rewrite \
         would carry the damage into its output or drop it unsaid",
        at.line, at.column, issue.message
    ))
}

/// Rewrites a bundle.
pub fn rewrite(inputs: &[Input], request: &Request) -> RewriteReport {
    let mut report = RewriteReport::default();
    let mut current: Vec<Vec<u8>> = inputs.iter().map(|i| i.bytes.clone()).collect();
    let mut split_offs: Vec<(usize, Vec<SplitOff>)> = Vec::new();
    for (at, input) in inputs.iter().enumerate() {
        let arena = Arena::new();
        let analysed = Analysed::new(&input.bytes, input.content_type.as_deref(), &arena);
        // Bytes that are not JSON are only fixed, and only where the paste rules repair
        // them (a prompt line, a fence, curly quotes…): the run must end with JSON.
        // Neither is JSON that a tree was built past (a bad escape, a raw control character,
        // text after the value): that tree reads what the bytes do not say, so a conversion
        // would keep the damage where it leaves a value alone and drop it where it rewrites
        // one, and say neither.
        let broken = analysed.root().is_none();
        if !matches!(request, Request::Fix { .. }) {
            let refusal = if broken {
                Some(not_json(&analysed))
            } else {
                malformed(&analysed)
            };
            if let Some(why) = refusal {
                report.refused.push(Refused {
                    input: input.name.clone(),
                    why,
                });
                continue;
            }
        }
        match request {
            Request::Fix {
                include_unsafe,
                only,
                platform,
                at: only_at,
            } => {
                if only_at.as_ref().is_some_and(|one| one.input != input.name) {
                    continue;
                }
                let pointer = only_at.as_ref().map(|one| one.pointer.as_str());
                let run = fix_document(
                    &analysed,
                    input,
                    platform.clone(),
                    pointer.is_some(),
                    |d, safety| {
                        fix_chosen(only, *include_unsafe, d.code, safety)
                            && pointer.is_none_or(|p| p == d.pointer)
                    },
                );
                // A whole run must leave JSON; one fix chosen in the page is one step of
                // the repair, kept as long as it did something.
                let still_broken = || {
                    Analysed::new(&run.bytes, None, &Arena::new())
                        .root()
                        .is_none()
                };
                if broken && (run.applied.is_empty() || (pointer.is_none() && still_broken())) {
                    report.refused.push(Refused {
                        input: input.name.clone(),
                        why: not_json(&analysed),
                    });
                    continue;
                }
                current[at] = run.bytes;
                report.applied.extend(run.applied);
                if !run.split_offs.is_empty() {
                    split_offs.push((at, run.split_offs));
                }
                if let Some(why) = run.refused {
                    report.refused.push(Refused {
                        input: input.name.clone(),
                        why,
                    });
                }
            }
            Request::Split { platform, .. } => {
                let run = fix_document(&analysed, input, platform.clone(), false, |d, _| {
                    d.code == SPLIT_CODE
                });
                if run.split_offs.is_empty() {
                    report.refused.push(Refused {
                        input: input.name.clone(),
                        why: "nothing to split: it is not an image manifest with custom (non-filesystem) layers".into(),
                    });
                    continue;
                }
                current[at] = run.bytes;
                report.applied.extend(run.applied);
                split_offs.push((at, run.split_offs));
            }
            Request::Convert { to, platform } => {
                match convert_document(input, &analysed, *to, platform.as_deref(), &mut report) {
                    Some(bytes) => current[at] = bytes,
                    None => continue,
                }
            }
        }
    }

    let mut announced: Vec<String> = inputs.iter().map(|i| digest::sha256(&i.bytes)).collect();
    let mut references = Vec::new();
    cascade(inputs, &mut current, &mut announced, &mut references);
    // With several documents, what holds between them: a stale digest, size or media type
    // in a parent is fixed like any other diagnostic (the cascade then follows it).
    if let Request::Fix {
        include_unsafe,
        only,
        at: None,
        ..
    } = request
    {
        if inputs.len() > 1
            && bundle_fixes(inputs, &mut current, *include_unsafe, only, &mut report)
        {
            cascade(inputs, &mut current, &mut announced, &mut references);
        }
    }
    report.references = references;

    let mut outputs = Vec::new();
    for (at, input) in inputs.iter().enumerate() {
        if current[at] == input.bytes {
            continue;
        }
        // An output is text (`Output::bytes`) and its digest is of those bytes: a rewrite of
        // bytes that are not UTF-8 could only come out changed, so it is refused instead.
        if let Err(error) = std::str::from_utf8(&current[at]) {
            if !report.refused.iter().any(|r| r.input == input.name) {
                report.refused.push(Refused {
                    input: input.name.clone(),
                    why: not_utf8(&current[at], &error),
                });
            }
            continue;
        }
        outputs.push(output(&input.name, Some(&input.bytes), current[at].clone()));
    }
    for (at, splits) in split_offs {
        let image = &current[at];
        let image_media_type = media_type_of(image).unwrap_or_else(|| mt::OCI_MANIFEST.into());
        let mut artifacts = Vec::new();
        let config = match request {
            Request::Split {
                config: Some(config),
                ..
            } => Json::Object(generate::descriptor_of(&config.media_type, &config.bytes)),
            _ => generate::empty_descriptor(),
        };
        for split in splits {
            let mut artifact = split.artifact(config.clone(), &image_media_type, image);
            // A fix that splits hands the artifact the custom layers as they were: the same
            // fixes then apply to it, so that fixing what it wrote changes nothing more.
            if let Request::Fix {
                include_unsafe,
                only,
                platform,
                at: None,
            } = request
            {
                artifact = fix_split_off(
                    artifact,
                    &inputs[at].name,
                    *include_unsafe,
                    only,
                    platform,
                    &mut report,
                );
            }
            outputs.push(output(
                &inputs[at].name,
                None,
                artifact.clone().into_bytes(),
            ));
            artifacts.push((split.artifact_type, artifact));
        }
        if let Request::Split {
            index: true,
            platform,
            ..
        } = request
        {
            let index = split_index(&image_media_type, image, platform.as_deref(), &artifacts);
            outputs.push(output(&inputs[at].name, None, index.into_bytes()));
        }
    }
    report.outputs = outputs;

    if let Request::Convert { to, .. } = request {
        report
            .losses
            .extend(unconverted_entries(inputs, &current, *to));
    }
    report
}

/// The fixes of a `Fix` request applied to an artifact it split off (never split again).
fn fix_split_off(
    artifact: String,
    name: &str,
    include_unsafe: bool,
    only: &[String],
    platform: &Option<String>,
    report: &mut RewriteReport,
) -> String {
    let input = Input {
        name: name.to_owned(),
        bytes: artifact.into_bytes(),
        content_type: None,
    };
    let arena = Arena::new();
    let analysed = Analysed::new(&input.bytes, None, &arena);
    let run = fix_document(&analysed, &input, platform.clone(), false, |d, safety| {
        d.code != SPLIT_CODE && fix_chosen(only, include_unsafe, d.code, safety)
    });
    report.applied.extend(run.applied);
    match String::from_utf8(run.bytes) {
        Ok(fixed) => fixed,
        // The artifact is written as text, and fixes keep it text; never lose it regardless.
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    }
}

/// Why bytes that are not UTF-8 are not rewritten, and where the first bad byte is.
fn not_utf8(bytes: &[u8], error: &std::str::Utf8Error) -> String {
    let at = error.valid_up_to();
    let place = crate::text::LineIndex::new(bytes).line_column(at as u32);
    format!(
        "it is not UTF-8 (byte 0x{:02X} at line {}, column {}); re-save it as UTF-8 before rewriting it",
        bytes[at], place.line, place.column
    )
}

/// Whether a `Fix` request applies a fix of rule `code` with this `safety`: a rule among
/// `only` (every rule when empty); safe fixes always, unsafe ones when asked, display-only
/// ones never (they are shown, not applied).
fn fix_chosen(only: &[String], include_unsafe: bool, code: &str, safety: FixSafety) -> bool {
    (only.is_empty() || only.iter().any(|o| o == code))
        && match safety {
            FixSafety::Safe => true,
            FixSafety::Unsafe => include_unsafe,
            FixSafety::DisplayOnly => false,
        }
}

/// The rule whose fix splits custom layers off an image.
const SPLIT_CODE: &str = "MAN008";

struct FixRun {
    bytes: Vec<u8>,
    applied: Vec<Applied>,
    split_offs: Vec<SplitOff>,
    refused: Option<String>,
}

/// Applies the chosen fixes pass after pass until none is left (or [`MAX_PASSES`]); the
/// first pass checks `analysed`, the input as it was analysed already.
fn fix_document(
    analysed: &Analysed<'_>,
    input: &Input,
    platform: Option<String>,
    one_pass: bool,
    wanted: impl Fn(&Diagnostic, FixSafety) -> bool,
) -> FixRun {
    let options = CheckOptions {
        content_type: input.content_type.clone(),
        platform,
        ..Default::default()
    };
    let mut run = FixRun {
        bytes: input.bytes.clone(),
        applied: Vec::new(),
        split_offs: Vec::new(),
        refused: None,
    };
    let mut checked = check::check_analysed(analysed, &options);
    for pass in 0..=MAX_PASSES {
        let mut edits: Vec<RawEdit> = Vec::new();
        let mut chosen = Vec::new();
        for diagnostic in &checked.diagnostics {
            let Some(fix) = &diagnostic.fix else { continue };
            if !wanted(diagnostic, fix.safety) {
                continue;
            }
            let fix_edits = fix.raw_edits();
            if overlaps(&edits, &fix_edits) {
                continue;
            }
            edits.extend(fix_edits);
            chosen.push((diagnostic, fix));
            if one_pass {
                break;
            }
        }
        if chosen.is_empty() {
            break;
        }
        if pass == MAX_PASSES {
            run.refused = Some(format!(
                "the fixes did not settle after {MAX_PASSES} passes (still offered: {}); this is a bug in ocilint, please report it",
                chosen.iter().map(|(d, _)| d.code).collect::<Vec<_>>().join(", ")
            ));
            break;
        }
        match apply_edits(&run.bytes, &edits) {
            Ok(bytes) => run.bytes = bytes,
            Err(error) => {
                run.refused = Some(format!("the fixes could not be applied: {error}"));
                break;
            }
        }
        for (diagnostic, fix) in chosen {
            run.applied.push(Applied {
                input: input.name.clone(),
                code: diagnostic.code.to_owned(),
                title: fix.title.clone(),
                safety: fix.safety,
                pointer: diagnostic.pointer.clone(),
            });
            if let Some(split) = &fix.split_off {
                run.split_offs.push(split.clone());
            }
        }
        if one_pass {
            break;
        }
        checked = check::check(&run.bytes, &options);
    }
    run
}

fn convert_document(
    input: &Input,
    analysed: &Analysed<'_>,
    to: Format,
    platform: Option<&str>,
    report: &mut RewriteReport,
) -> Option<Vec<u8>> {
    // Configs travel with their manifest: the blob is never rewritten.
    if matches!(analysed.detected, Kind::OciConfig | Kind::DockerConfig) {
        return None;
    }
    match convert::convert_with(&analysed.parsed.document, to, platform) {
        Ok(conversion) => {
            report
                .losses
                .extend(conversion.losses.into_iter().map(|loss| Loss {
                    input: input.name.clone(),
                    pointer: loss.pointer.as_str().to_owned(),
                    what: loss.what,
                    why: loss.why,
                }));
            match apply_edits(&input.bytes, &conversion.edits) {
                Ok(bytes) => Some(bytes),
                Err(error) => {
                    report.refused.push(Refused {
                        input: input.name.clone(),
                        why: format!("the conversion could not be applied: {error}"),
                    });
                    None
                }
            }
        }
        Err(refusals) => {
            report
                .refused
                .extend(refusals.into_iter().map(|refusal| Refused {
                    input: input.name.clone(),
                    why: if refusal.pointer.as_str().is_empty() {
                        refusal.why
                    } else {
                        format!("at {}: {}", refusal.pointer.as_str(), refusal.why)
                    },
                }));
            None
        }
    }
}

/// Propagates new digests and sizes into every descriptor of the bundle that names an old
/// one, until nothing changes (a child's parent's parent follows too).
/// `announced` holds the digest each document had when its parents were last told.
fn cascade(
    inputs: &[Input],
    current: &mut [Vec<u8>],
    announced: &mut [String],
    references: &mut Vec<Reference>,
) {
    for _ in 0..=inputs.len() {
        let mut changed = false;
        for child in 0..inputs.len() {
            let now = digest::sha256(&current[child]);
            if now == announced[child] {
                continue;
            }
            let from = std::mem::replace(&mut announced[child], now.clone());
            let size = current[child].len() as u64;
            let media_type = media_type_of(&current[child]);
            let mut updated = Vec::new();
            for parent in 0..inputs.len() {
                if parent == child {
                    continue;
                }
                let edits =
                    descriptor_edits(&current[parent], &from, &now, size, media_type.as_deref());
                if edits.is_empty() {
                    continue;
                }
                if let Ok(bytes) = apply_edits(&current[parent], &edits) {
                    current[parent] = bytes;
                    updated.push(inputs[parent].name.clone());
                    changed = true;
                }
            }
            match references
                .iter_mut()
                .find(|r: &&mut Reference| r.input == inputs[child].name)
            {
                Some(reference) => {
                    reference.to = now;
                    reference.size = size;
                    // A child rewritten again (its own child changed after it) updates the
                    // same parents again: each is named once.
                    for parent in updated {
                        if !reference.updated.contains(&parent) {
                            reference.updated.push(parent);
                        }
                    }
                }
                None => references.push(Reference {
                    input: inputs[child].name.clone(),
                    from,
                    to: now,
                    size,
                    media_type: media_type.unwrap_or_default(),
                    updated,
                }),
            }
        }
        if !changed {
            break;
        }
    }
}

/// Applies the fixes of the `bundle` rules (stale digests, sizes, media types between the
/// documents); whether any was applied.
fn bundle_fixes(
    inputs: &[Input],
    current: &mut [Vec<u8>],
    include_unsafe: bool,
    only: &[String],
    report: &mut RewriteReport,
) -> bool {
    let names: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
    let bundle: Vec<crate::bundle::BundleInput<'_>> = names
        .iter()
        .zip(current.iter())
        .map(|(name, bytes)| crate::bundle::BundleInput { name, bytes })
        .collect();
    let found = crate::bundle::between(&bundle, &CheckOptions::default());
    let mut changed = Vec::new();
    for (at, diagnostics) in found.iter().enumerate() {
        let mut edits: Vec<RawEdit> = Vec::new();
        let mut applied = Vec::new();
        for diagnostic in diagnostics {
            let Some(fix) = &diagnostic.fix else { continue };
            let allowed = fix_chosen(only, include_unsafe, diagnostic.code, fix.safety);
            let fix_edits = fix.raw_edits();
            if !allowed || overlaps(&edits, &fix_edits) {
                continue;
            }
            edits.extend(fix_edits);
            applied.push(Applied {
                input: inputs[at].name.clone(),
                code: diagnostic.code.to_owned(),
                title: fix.title.clone(),
                safety: fix.safety,
                pointer: diagnostic.pointer.clone(),
            });
        }
        if let (false, Ok(bytes)) = (edits.is_empty(), apply_edits(&current[at], &edits)) {
            changed.push((at, bytes));
            report.applied.extend(applied);
        }
    }
    let any = !changed.is_empty();
    for (at, bytes) in changed {
        current[at] = bytes;
    }
    any
}

/// Edits that make every descriptor naming `from` name `to` with `size` (and `media_type`
/// when the child's own type changed family).
fn descriptor_edits(
    parent: &[u8],
    from: &str,
    to: &str,
    size: u64,
    media_type: Option<&str>,
) -> Vec<RawEdit> {
    let arena = Arena::new();
    let analysed = Analysed::new(parent, None, &arena);
    let Some(root) = analysed.root() else {
        return Vec::new();
    };
    let editor = Editor::new(&analysed.parsed.document);
    let mut edits = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if let Some(members) = node.members() {
            if let Some(digest) = node
                .get("digest")
                .filter(|d| d.value.as_str() == Some(from))
            {
                edits.push(editor.replace_string(&digest.value, to));
                match node.get("size") {
                    Some(member) => edits.push(editor.replace(&member.value, size.to_string())),
                    None => {
                        let after = members.iter().position(|m| m.key == "digest");
                        edits.extend(editor.insert_member(node, after, "size", &size.to_string()));
                    }
                }
                if let (Some(new), Some(member)) = (media_type, node.get("mediaType")) {
                    if member.value.as_str() != Some(new) {
                        edits.push(editor.replace_string(&member.value, new));
                    }
                }
            }
            stack.extend(members.iter().map(|m| &m.value));
        } else if let Some(items) = node.items() {
            stack.extend(items.iter());
        }
    }
    edits
}

/// After a conversion, index entries whose child was not in the bundle still name the other
/// family's manifest type: the list is mixed until the child is converted too.
fn unconverted_entries(inputs: &[Input], current: &[Vec<u8>], to: Format) -> Vec<Loss> {
    let stale = match to {
        Format::Oci => mt::DOCKER_MANIFEST,
        Format::Docker => mt::OCI_MANIFEST,
    };
    let mut losses = Vec::new();
    for (at, input) in inputs.iter().enumerate() {
        let arena = Arena::new();
        let analysed = Analysed::new(&current[at], None, &arena);
        let Some(entries) = analysed
            .root()
            .and_then(|r| r.get("manifests"))
            .and_then(|m| m.value.items())
        else {
            continue;
        };
        for (index, entry) in entries.iter().enumerate() {
            if entry.get("mediaType").and_then(|m| m.value.as_str()) != Some(stale) {
                continue;
            }
            let digest = entry
                .get("digest")
                .and_then(|d| d.value.as_str())
                .unwrap_or("?");
            losses.push(Loss {
                input: input.name.clone(),
                pointer: Pointer::root().key("manifests").index(index).as_str().to_owned(),
                what: format!("the entry for {digest} still names {} manifest", if to == Format::Oci { "a Docker" } else { "an OCI" }),
                why: format!(
                    "that child was not given with this index, so it was not converted; convert both together (open both in one bundle, or give both to one `ocilint convert` on the command line) so this entry follows, or the {} is mixed",
                    if to == Format::Oci { "index" } else { "list" }
                ),
            });
        }
    }
    losses
}

/// The media type a document's bytes give it (what its parents' descriptors should name).
fn media_type_of(bytes: &[u8]) -> Option<String> {
    Analysed::new(bytes, None, &Arena::new())
        .own_media_type()
        .map(str::to_owned)
}

/// The role a document plays, from what it is.
fn role_of(analysed: &Analysed<'_>) -> Role {
    let Some(root) = analysed.root() else {
        return Role::Image;
    };
    match analysed.detected {
        Kind::OciIndex | Kind::DockerManifestList => Role::Index,
        Kind::OciConfig | Kind::DockerConfig => Role::Config,
        _ => {
            let config_type = root
                .get("config")
                .and_then(|c| c.value.get("mediaType"))
                .and_then(|m| m.value.as_str());
            if config_type == Some(mt::BUILDKIT_CACHE_CONFIG) {
                Role::Cache
            } else if root.get("artifactType").is_some() || config_type == Some(mt::OCI_EMPTY) {
                Role::Artifact
            } else {
                Role::Image
            }
        }
    }
}

/// `before` is the input's bytes when the output is a new version of it, `None` when it is a
/// new document.
fn output(input: &str, before: Option<&[u8]>, bytes: Vec<u8>) -> Output {
    let arena = Arena::new();
    let analysed = Analysed::new(&bytes, None, &arena);
    let role = role_of(&analysed);
    let digest = digest::sha256(&bytes);
    let name = role_file_name(role, &digest);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let diff = unified_diff(input, &name, before.unwrap_or_default(), &text);
    Output {
        input: input.to_owned(),
        name,
        role,
        media_type: analysed.own_media_type().unwrap_or_default().to_owned(),
        size: bytes.len() as u64,
        digest,
        bytes: text,
        diff,
        new_document: before.is_none(),
    }
}

/// The file name a document is saved under, by every front end: `<role>-<first 12 hex
/// digits of its digest>.json`, e.g. `image-3713021b0277.json`.
pub fn file_name(bytes: &[u8]) -> String {
    role_file_name(
        role_of(&Analysed::new(bytes, None, &Arena::new())),
        &digest::sha256(bytes),
    )
}

/// [`crate::check`] of one document, and the name [`file_name`] gives it, from one parse and
/// one hash: the page's worker names every document it checks, a large index on every
/// keystroke. (The role reads the document's shape, which a Content-Type does not change.)
pub fn check_and_name(bytes: &[u8], options: &CheckOptions) -> (check::Report, String) {
    let arena = Arena::new();
    let analysed = Analysed::new(bytes, options.content_type.as_deref(), &arena);
    let report = check::check_analysed(&analysed, options);
    let name = role_file_name(role_of(&analysed), &report.digest);
    (report, name)
}

fn role_file_name(role: Role, digest: &str) -> String {
    let hex = digest.trim_start_matches("sha256:");
    format!("{}-{}.json", role.as_str(), &hex[..hex.len().min(12)])
}

/// A unified diff with 3 lines of context.
pub fn unified_diff(old_name: &str, new_name: &str, old: &[u8], new: &str) -> String {
    let old = String::from_utf8_lossy(old);
    let old_label = if old.is_empty() {
        "/dev/null"
    } else {
        old_name
    };
    similar::TextDiff::from_lines(old.as_ref(), new)
        .unified_diff()
        .context_radius(3)
        .header(old_label, new_name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn losses_group_by_input_and_reason_in_order_of_their_first() {
        let loss = |input: &str, pointer: &str, why: &str| Loss {
            input: input.to_owned(),
            pointer: pointer.to_owned(),
            what: "`annotations`".to_owned(),
            why: why.to_owned(),
        };
        let losses = [
            loss("a.json", "/manifests/0/annotations", "no annotations"),
            loss("a.json", "/manifests/0", "still OCI"),
            loss("a.json", "/manifests/1/annotations", "no annotations"),
            loss("b.json", "/annotations", "no annotations"),
            loss("a.json", "/manifests/1", "still OCI"),
        ];
        assert_eq!(loss_groups(&losses), vec![vec![0, 2], vec![1, 4], vec![3]]);
        assert!(loss_groups(&[]).is_empty());
    }

    /// One parse and one hash give what `check` and `file_name` give apart, whatever the
    /// Content-Type: over every rule fixture, sent with none, with its own type and with
    /// another.
    #[test]
    fn check_and_name_is_check_and_file_name() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut checked = 0;
        for rule in std::fs::read_dir(root).expect("fixtures") {
            for file in std::fs::read_dir(rule.expect("entry").path()).expect("rule folder") {
                let path = file.expect("entry").path();
                if path.extension().is_none_or(|e| e != "json") {
                    continue;
                }
                let bytes = std::fs::read(&path).expect("fixture");
                for content_type in [None, Some(mt::OCI_MANIFEST), Some(mt::DOCKER_MANIFEST_LIST)] {
                    let options = CheckOptions {
                        content_type: content_type.map(str::to_owned),
                        ..Default::default()
                    };
                    let (report, name) = check_and_name(&bytes, &options);
                    assert_eq!(report, check::check(&bytes, &options), "{}", path.display());
                    assert_eq!(name, file_name(&bytes), "{}", path.display());
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    /// Two Docker layer types in an OCI manifest: a fix button fixes its own layer only.
    #[test]
    fn a_single_fix_changes_only_its_place() {
        let manifest = r#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443", "size": 2297},
  "layers": [
    {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "digest": "sha256:3713021b02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca", "size": 1},
    {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443", "size": 2}
  ]
}"#;
        let input = Input {
            name: "m.json".into(),
            bytes: manifest.as_bytes().to_vec(),
            content_type: None,
        };
        let fix = |at: Option<FixAt>| {
            rewrite(
                std::slice::from_ref(&input),
                &Request::Fix {
                    include_unsafe: false,
                    only: vec!["MIX002".into()],
                    platform: None,
                    at,
                },
            )
        };
        let one = fix(Some(FixAt {
            input: "m.json".into(),
            pointer: "/layers/1/mediaType".into(),
        }));
        assert_eq!(one.applied.len(), 1);
        assert_eq!(one.applied[0].pointer, "/layers/1/mediaType");
        let bytes = &one.outputs[0].bytes;
        assert_eq!(bytes.matches(mt::OCI_LAYER_GZIP).count(), 1);
        assert!(bytes.contains(mt::DOCKER_LAYER_GZIP));
        // Another document's name: nothing to do here.
        let elsewhere = fix(Some(FixAt {
            input: "other.json".into(),
            pointer: "/layers/1/mediaType".into(),
        }));
        assert!(elsewhere.outputs.is_empty() && elsewhere.applied.is_empty());
        // Without `at`, both.
        assert_eq!(fix(None).applied.len(), 2);
    }
    /// JSON the parser read past damage is refused with where the damage is, both ways:
    /// converting it to OCI would have dropped a bad escape unsaid (the value it sat in was
    /// replaced) and converting it to Docker would have kept it. Fixing is still offered.
    #[test]
    fn damaged_json_is_not_converted() {
        let damaged = br#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.docker.distribution.man\ifest.v2+json",
  "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 2297, "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443"},
  "layers": []
}"#;
        let input = Input {
            name: "m.json".into(),
            bytes: damaged.to_vec(),
            content_type: None,
        };
        for to in [Format::Oci, Format::Docker] {
            let report = rewrite(
                std::slice::from_ref(&input),
                &Request::Convert { to, platform: None },
            );
            assert!(report.outputs.is_empty(), "{to:?}: {report:?}");
            assert_eq!(report.refused.len(), 1, "{to:?}");
            let why = &report.refused[0].why;
            assert!(
                why.starts_with("it is not well-formed JSON at line 3, column 56: `\\i`"),
                "{why}"
            );
        }
        // Without the damage, the same document converts.
        let clean = Input {
            bytes: String::from_utf8_lossy(damaged)
                .replace("man\\ifest", "manifest")
                .into_bytes(),
            ..input
        };
        let report = rewrite(
            std::slice::from_ref(&clean),
            &Request::Convert {
                to: Format::Oci,
                platform: None,
            },
        );
        assert!(
            report.refused.is_empty() && report.outputs.len() == 1,
            "{report:?}"
        );
    }
}
