//! The rule catalogue. One rule per file `rules/<group>/<rule_name>.rs`, each declaring with
//! `declare_rule!` its `RULE`: metadata, user docs, examples and check; `build.rs` registers
//! them. Example documents several rules show live in `examples.rs`.
//!
//! Rule files never import from one another (the module names `build.rs` generates are not an
//! API): code several rules need lives in [`Context`] (`context.rs`, and `annotations.rs` for
//! the annotation maps), the prelude, or the crate's shared modules (`kind`, `digest`,
//! `encoding`, `spec`, `diagnostic`).

mod analysis;
mod annotations;
pub mod bundle_context;
mod context;
mod declare;
#[cfg(feature = "docs")]
pub(crate) mod examples;
mod fixes;
pub mod image_context;
mod registry;

pub(crate) use declare::declare_rule;

pub use crate::diagnostic::{Part, Place, Slot};
pub(crate) use analysis::parse_derived;
pub use analysis::Analysed;
pub use annotations::{AnnotationMap, AnnotationScope};
pub use bundle_context::{BundleContext, BundleDocument, BundleEmitter, Link, LinkedBy};
pub use context::{
    head, Context, DefinedObject, DescriptorRole, DescriptorSite, Emitter, Field, MediaTypeField,
    PlatformSite,
};
pub use image_context::{BlobStatus, ImageContext, ImageEmitter};

use serde::Serialize;

use crate::diagnostic::{FixAvailability, FixSafety, Severity};
use crate::json::IssueKind;

/// A rule: what it checks, its documentation, and how it runs.
#[derive(Debug)]
pub struct Rule {
    pub meta: RuleMeta,
    pub(crate) check: Check,
}

/// Everything a user or a tool needs to know about a rule. Serialized by `ocilint rules`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleMeta {
    /// Stable code: never reused, never renamed.
    pub code: &'static str,
    /// Kebab-case name, e.g. `doc-schema-version-2`: the id of the main rule it implements in
    /// the spec-rule catalogue (`shared/reference/spec-rules.md`).
    pub name: &'static str,
    /// Every catalogue id this rule implements (its `name` first).
    pub covers: &'static [&'static str],
    pub severity: Severity,
    /// Whether the rule offers fixes, and the most consequential of them (some of its
    /// diagnostics may offer a safer one).
    #[serde(serialize_with = "fix_name")]
    pub fix: RuleFix,
    /// The ocilint version that introduced the rule.
    pub since: &'static str,
    /// The specification versions whose documents the rule applies to.
    pub spec_versions: SpecVersions,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// Why it matters: who breaks, and how. (With the `docs` feature, as `examples`: builds
    /// that only check, like the page, leave the long texts out.)
    #[cfg(feature = "docs")]
    pub why: &'static str,
    /// How to fix a violation.
    pub how_to_fix: &'static str,
    /// The specification text the rule enforces.
    pub url: &'static str,
    /// Documents that run as tests: each invalid one must trigger the rule, each valid one not.
    #[cfg(feature = "docs")]
    pub examples: &'static [Example],
}

/// Whether a rule offers fixes and, when it does, how safe the most consequential one is:
/// Ruff's `FixAvailability` beside each fix's applicability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleFix {
    Never,
    /// Some diagnostics carry a fix, at most this unsafe.
    Sometimes(FixSafety),
    /// Every diagnostic carries a fix, at most this unsafe.
    Always(FixSafety),
}

impl RuleFix {
    pub fn availability(self) -> FixAvailability {
        match self {
            RuleFix::Never => FixAvailability::Never,
            RuleFix::Sometimes(_) => FixAvailability::Sometimes,
            RuleFix::Always(_) => FixAvailability::Always,
        }
    }

    /// The most consequential applicability of its fixes; `None` when it offers none.
    pub fn applicability(self) -> Option<FixSafety> {
        match self {
            RuleFix::Never => None,
            RuleFix::Sometimes(safety) | RuleFix::Always(safety) => Some(safety),
        }
    }

    /// The `fix` every output has always shown: `none`, `safe`, `unsafe` or `display-only`.
    pub fn as_str(self) -> &'static str {
        self.applicability().map_or("none", FixSafety::as_str)
    }
}

fn fix_name<S: serde::Serializer>(fix: &RuleFix, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(fix.as_str())
}

/// The specification versions a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersions {
    /// Every version ocilint knows.
    All,
    /// Only these, e.g. `["1.1.1", "main"]`.
    Only(&'static [&'static str]),
}

impl SpecVersions {
    /// Whether documents of this image-spec version (`1.1.0`, `1.1.1`, `main`) are judged by it.
    pub fn includes(self, version: &str) -> bool {
        match self {
            SpecVersions::All => true,
            SpecVersions::Only(versions) => versions.contains(&version),
        }
    }

    /// For people: `all`, or the versions joined with commas.
    pub fn describe(self) -> String {
        match self {
            SpecVersions::All => "all".to_owned(),
            SpecVersions::Only(versions) => versions.join(", "),
        }
    }
}

/// In JSON: `"all"`, or the list of versions.
impl Serialize for SpecVersions {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            SpecVersions::All => serializer.serialize_str("all"),
            SpecVersions::Only(versions) => versions.serialize(serializer),
        }
    }
}

#[cfg(feature = "docs")]
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Example {
    pub valid: bool,
    /// Validate as this media type, as a registry receiving it with this `Content-Type` would.
    pub content_type: Option<&'static str>,
    /// Bytes, not text: some examples are deliberately not UTF-8.
    #[serde(serialize_with = "lossy_text")]
    pub document: &'static [u8],
    /// When not 0, the document is padded with spaces before its last byte to this many bytes,
    /// so an example about size need not be stored at that size.
    pub pad_to: usize,
}

#[cfg(feature = "docs")]
impl Example {
    /// The example's bytes, padded as `pad_to` says.
    pub fn bytes(&self) -> std::borrow::Cow<'static, [u8]> {
        match self.document.split_last() {
            Some((last, body)) if self.pad_to > self.document.len() => {
                let mut bytes = Vec::with_capacity(self.pad_to);
                bytes.extend_from_slice(body);
                bytes.resize(self.pad_to - 1, b' ');
                bytes.push(*last);
                bytes.into()
            }
            _ => self.document.into(),
        }
    }

    /// The document as text, with bytes that are not UTF-8 shown as U+FFFD.
    pub fn text(&self) -> std::borrow::Cow<'static, str> {
        String::from_utf8_lossy(self.document)
    }
}

#[cfg(feature = "docs")]
fn lossy_text<S: serde::Serializer>(
    bytes: &&'static [u8],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&String::from_utf8_lossy(bytes))
}

/// How a rule finds its problems.
pub(crate) enum Check {
    /// Reported by the JSON parser for these issue kinds (the tree may not exist).
    Parser(&'static [IssueKind]),
    /// Run over the bytes as given when the parser found them not JSON: damage from copying
    /// and pasting (a prompt line, a Markdown fence, curly quotes…) or bytes that are not text.
    Pasted(fn(&Pasted<'_>, &mut Emitter<'_>)),
    /// Run over the parsed document.
    Document(fn(&Context<'_>, &mut Emitter<'_>)),
    /// Run over several documents checked together (`ocilint check --bundle`). Its examples'
    /// documents are JSON arrays whose items are the bundle's documents.
    Bundle(fn(&BundleContext<'_>, &mut BundleEmitter<'_>)),
    /// Run over a whole image layout or archive (`ocilint verify`), resolved into facts by
    /// `image::verify`. Its examples' documents are JSON objects from member paths to their
    /// contents (a string's text, or any other value's exact JSON).
    Image(fn(&ImageContext, &mut ImageEmitter<'_>)),
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Check::Parser(kinds) => f.debug_tuple("Parser").field(kinds).finish(),
            Check::Pasted(_) => f.write_str("Pasted(fn)"),
            Check::Document(_) => f.write_str("Document(fn)"),
            Check::Bundle(_) => f.write_str("Bundle(fn)"),
            Check::Image(_) => f.write_str("Image(fn)"),
        }
    }
}

/// Every registered rule with its group (the folder it lives in), in a stable order.
pub fn all() -> impl Iterator<Item = (&'static str, &'static Rule)> {
    registry::ALL.iter().copied()
}

/// The rule with this code.
pub fn by_code(code: &str) -> Option<&'static Rule> {
    // Looked up once per diagnostic (its name, help and URL; the targets' behaviours): a
    // scan of the catalogue each time made a report of thousands of findings quadratic.
    static BY_CODE: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static Rule>> =
        std::sync::OnceLock::new();
    BY_CODE
        .get_or_init(|| all().map(|(_, rule)| (rule.meta.code, rule)).collect())
        .get(code)
        .copied()
}

/// Every rule's group and metadata, in the order of [`all`]. Like [`meta_by_code`] it links no
/// rule's check: what only names rules (a selection, the page's settings panel) reads this.
pub fn metas() -> impl Iterator<Item = (&'static str, &'static RuleMeta)> {
    registry::META.iter().copied()
}

/// The metadata of the rule with this code. Unlike [`by_code`] it links no rule's check, so a
/// program that only reads reports (the page, whose worker checks) stays small.
pub fn meta_by_code(code: &str) -> Option<&'static RuleMeta> {
    static BY_CODE: std::sync::OnceLock<
        std::collections::HashMap<&'static str, &'static RuleMeta>,
    > = std::sync::OnceLock::new();
    BY_CODE
        .get_or_init(|| {
            registry::META
                .iter()
                .map(|(_, meta)| (meta.code, *meta))
                .collect()
        })
        .get(code)
        .copied()
}

/// The rule that reports a parser issue of this kind.
pub(crate) fn for_parser_issue(kind: IssueKind) -> &'static Rule {
    all()
        .map(|(_, rule)| rule)
        .find(|rule| matches!(rule.check, Check::Parser(kinds) if kinds.contains(&kind)))
        .unwrap_or_else(|| panic!("no rule reports parser issue {kind:?}"))
}

/// What the paste-damage rules read: the bytes as given and what the parser found wrong.
/// What several of them ask (where the parser gave up, where the JSON starts, the characters
/// outside strings) is worked out once, on first asking: `json_start` parses again.
#[derive(Debug)]
pub struct Pasted<'a> {
    pub bytes: &'a [u8],
    pub issues: &'a [crate::json::Issue],
    error: std::cell::OnceCell<Option<&'a crate::json::Issue>>,
    json_start: std::cell::OnceCell<Option<usize>>,
    outside_strings: std::cell::OnceCell<Vec<Outside>>,
}

/// A line of the bytes: where it starts, where its text ends, and where the next line starts.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

/// A character outside JSON strings that is not ASCII, or a curly quote, as the paste rules
/// see it.
#[derive(Debug, Clone, Copy)]
pub struct Outside {
    pub at: usize,
    pub ch: char,
}

impl<'a> Pasted<'a> {
    pub fn new(bytes: &'a [u8], issues: &'a [crate::json::Issue]) -> Pasted<'a> {
        Pasted {
            bytes,
            issues,
            error: std::cell::OnceCell::new(),
            json_start: std::cell::OnceCell::new(),
            outside_strings: std::cell::OnceCell::new(),
        }
    }

    /// Where the parser gave up, or where text follows the JSON value: the first syntax or
    /// trailing-data issue. The paste rules only speak where there is one, and only about
    /// text: bytes that are not UTF-8 or hold control characters (a zip whose member is a
    /// manifest) are not repaired by cutting around the JSON in them.
    pub fn error(&self) -> Option<&'a crate::json::Issue> {
        *self.error.get_or_init(|| self.find_error())
    }

    fn find_error(&self) -> Option<&'a crate::json::Issue> {
        use crate::json::IssueKind;
        let text = std::str::from_utf8(self.bytes).ok()?;
        if text
            .bytes()
            .any(|b| b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r'))
        {
            return None;
        }
        self.issues
            .iter()
            .find(|i| matches!(i.kind, IssueKind::Syntax | IssueKind::TrailingData))
    }

    /// The lines, each without its line break.
    pub fn lines(&self) -> impl Iterator<Item = Line> + 'a {
        let bytes = self.bytes;
        let mut start = 0;
        std::iter::from_fn(move || {
            if start >= bytes.len() {
                return None;
            }
            let newline = bytes[start..].iter().position(|&b| b == b'\n');
            let (end, next) = match newline {
                Some(n) => (start + n, start + n + 1),
                None => (bytes.len(), bytes.len()),
            };
            // A `\r\n` line break is not part of the line's text.
            let end = if end > start && bytes[end - 1] == b'\r' {
                end - 1
            } else {
                end
            };
            let line = Line { start, end, next };
            start = next;
            Some(line)
        })
    }

    /// The line's text without its leading and trailing whitespace (lossy where not UTF-8).
    pub fn trimmed(&self, line: Line) -> std::borrow::Cow<'a, str> {
        match String::from_utf8_lossy(&self.bytes[line.start..line.end]) {
            std::borrow::Cow::Borrowed(text) => std::borrow::Cow::Borrowed(text.trim()),
            std::borrow::Cow::Owned(text) => std::borrow::Cow::Owned(text.trim().to_owned()),
        }
    }

    /// Where the JSON value begins: the start of the first line whose text begins with `{`
    /// or `[` (a pasted document is an object or an array), when a whole JSON value starts
    /// there (text may follow it). Otherwise the lines before it may be the document's own
    /// beginning, damaged (`0an{` then members), and cutting them would lose the document.
    pub fn json_start(&self) -> Option<usize> {
        *self.json_start.get_or_init(|| self.find_json_start())
    }

    fn find_json_start(&self) -> Option<usize> {
        use crate::json::IssueKind;
        let start = self
            .lines()
            .find(|&line| matches!(self.trimmed(line).as_bytes().first(), Some(b'{' | b'[')))
            .map(|line| line.start)?;
        let arena = crate::json::Arena::new();
        let rest = analysis::parse_derived(&self.bytes[start..], &arena);
        let whole_value = rest.document.root.is_some()
            && !rest.issues.iter().any(|i| i.kind == IssueKind::Syntax);
        whole_value.then_some(start)
    }

    /// Whether the line opens or closes a Markdown code fence (```` ``` ```` or `~~~`, with
    /// an optional language).
    pub fn is_fence(&self, line: Line) -> bool {
        let text = self.trimmed(line);
        (text.starts_with("```") || text.starts_with("~~~"))
            && text[3..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '_' | '`' | '~'))
    }

    /// Every character outside JSON strings that is not ASCII, in order. A string opened by a
    /// curly quote is taken to end at the next curly or straight quote, so what is inside it
    /// is not reported; a string opened by a straight quote ends at the next unescaped one.
    pub fn outside_strings(&self) -> &[Outside] {
        self.outside_strings
            .get_or_init(|| self.find_outside_strings())
    }

    fn find_outside_strings(&self) -> Vec<Outside> {
        let text = String::from_utf8_lossy(self.bytes);
        // Lossy decoding keeps offsets only for UTF-8; the rest is not text to repair.
        if text.len() != self.bytes.len() {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut chars = text.char_indices();
        let mut in_string: Option<char> = None;
        while let Some((at, ch)) = chars.next() {
            match (in_string, ch) {
                (Some(_), '\\') => {
                    chars.next();
                }
                (Some('"'), '"') => in_string = None,
                (Some('“'), '"' | '”' | '“') => {
                    if ch != '"' {
                        found.push(Outside { at, ch });
                    }
                    in_string = None;
                }
                (Some(_), _) => {}
                (None, '"') => in_string = Some('"'),
                (None, '“' | '”') => {
                    found.push(Outside { at, ch });
                    in_string = Some('“');
                }
                (None, ch) if !ch.is_ascii() => found.push(Outside { at, ch }),
                (None, _) => {}
            }
        }
        found
    }
}

/// What most rule files need.
#[allow(unused_imports)]
mod prelude {
    #[cfg(feature = "docs")]
    pub(crate) use super::examples;
    #[cfg(feature = "docs")]
    pub(crate) use super::Example;
    pub(crate) use super::{declare_rule, head, Check, Context, Emitter, Rule, RuleMeta};
    pub(crate) use super::{Line, Pasted};
    pub(crate) use super::{Part, Place};
    pub(crate) use super::{RuleFix, SpecVersions};
    pub(crate) use crate::diagnostic::{shorten, FixSafety, Severity};
    pub(crate) use crate::json::{Node, Pointer, Value};
    pub(crate) use crate::kind::Kind;
    pub(crate) use crate::text::TextRange;
}

#[cfg(all(test, feature = "docs"))]
mod tests {
    use super::*;
    use crate::json::IssueKind;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for (_, rule) in all() {
            assert!(
                codes.insert(rule.meta.code),
                "duplicate code {}",
                rule.meta.code
            );
            assert!(
                names.insert(rule.meta.name),
                "duplicate name {}",
                rule.meta.name
            );
        }
    }

    #[test]
    fn every_parser_issue_has_exactly_one_rule() {
        use IssueKind::*;
        for kind in [
            Syntax,
            TooDeep,
            TrailingData,
            ByteOrderMark,
            InvalidUtf8,
            LoneSurrogate,
            ControlCharacter,
            InvalidEscape,
        ] {
            let count = all()
                .filter(|(_, r)| matches!(r.check, Check::Parser(k) if k.contains(&kind)))
                .count();
            assert_eq!(count, 1, "{kind:?} is reported by {count} rules");
        }
    }

    #[test]
    fn every_rule_is_documented_with_valid_and_invalid_examples() {
        for (group, rule) in all() {
            let m = &rule.meta;
            assert!(!group.is_empty());
            for (field, text) in [
                ("summary", m.summary),
                ("why", m.why),
                ("how_to_fix", m.how_to_fix),
            ] {
                assert!(!text.trim().is_empty(), "{} has no {field}", m.code);
            }
            assert!(m.url.starts_with("https://"), "{} has no spec link", m.code);
            assert!(
                m.since.split('.').count() == 3
                    && m.since.split('.').all(|n| n.parse::<u32>().is_ok()),
                "{}: `since` {:?} is not an ocilint version",
                m.code,
                m.since
            );
            assert!(
                m.examples.iter().any(|e| e.valid),
                "{}: no valid example",
                m.code
            );
            assert!(
                m.examples.iter().any(|e| !e.valid),
                "{}: no invalid example",
                m.code
            );
        }
    }

    /// Shared code lives outside the rule files: no rule names another's generated module.
    #[test]
    fn rules_do_not_import_each_other() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        let mut files = Vec::new();
        for group in std::fs::read_dir(&dir).unwrap() {
            let group = group.unwrap().path();
            if !group.is_dir() {
                continue;
            }
            for file in std::fs::read_dir(&group).unwrap() {
                let file = file.unwrap().path();
                if file.extension().is_some_and(|ext| ext == "rs") {
                    let module = format!(
                        "{}_{}",
                        group.file_name().unwrap().to_string_lossy(),
                        file.file_stem().unwrap().to_string_lossy()
                    );
                    files.push((module, std::fs::read_to_string(&file).unwrap()));
                }
            }
        }
        assert_eq!(files.len(), all().count());
        for (module, source) in &files {
            for (other, _) in &files {
                assert!(
                    !source.contains(&format!("{other}::")),
                    "{module} uses {other}; move the shared code out of the rule files"
                );
            }
        }
    }

    /// Checks a bundle example (a JSON array of the documents, each item's text exactly).
    fn bundle_example_fires(bytes: &[u8], code: &str) -> bool {
        let arena = crate::json::Arena::new();
        let parsed = crate::json::parse(bytes, &arena);
        let items = parsed
            .document
            .root
            .as_ref()
            .and_then(|r| r.items())
            .expect("a bundle example is a JSON array of documents");
        let names: Vec<String> = (0..items.len()).map(|i| format!("doc{i}.json")).collect();
        let inputs: Vec<crate::bundle::BundleInput<'_>> = items
            .iter()
            .zip(&names)
            .map(|(item, name)| crate::bundle::BundleInput {
                name,
                bytes: &bytes[item.range.as_usize()],
            })
            .collect();
        crate::bundle::check_bundle(&inputs, &Default::default())
            .iter()
            .flat_map(|r| &r.diagnostics)
            .any(|d| d.code == code)
    }

    /// The docs' examples are tests: each invalid example triggers its rule, each valid one
    /// does not.
    #[test]
    fn examples_behave_as_documented() {
        for (_, rule) in all() {
            for example in rule.meta.examples {
                let options = crate::CheckOptions {
                    content_type: example.content_type.map(str::to_owned),
                    ..Default::default()
                };
                let fired = match rule.check {
                    Check::Bundle(_) => bundle_example_fires(&example.bytes(), rule.meta.code),
                    Check::Image(_) => {
                        crate::image::example_fires(&example.bytes(), rule.meta.code)
                    }
                    _ => crate::check(&example.bytes(), &options)
                        .diagnostics
                        .iter()
                        .any(|d| d.code == rule.meta.code),
                };
                assert_eq!(
                    fired,
                    !example.valid,
                    "{} ({}) on its {} example:\n{}\ngave {:#?}",
                    rule.meta.code,
                    rule.meta.name,
                    if example.valid { "valid" } else { "invalid" },
                    example.text(),
                    crate::check(&example.bytes(), &options).diagnostics
                );
            }
        }
    }
}
