//! Which rules report, and at which severity: `--select`, `--ignore` and severity overrides,
//! resolved against the rule catalogue so the CLI, a config file and the wasm API agree.
//!
//! A selector is a rule code (`DSC009`), a rule name (`desc-data-size-match`), a group (the
//! folder a rule lives in, e.g. `descriptor`), a code prefix (`DSC`) or `ALL`. Selection only
//! filters and re-grades the report's diagnostics: every rule still runs, so the targets'
//! verdicts (what a registry or client does) are the same whatever is selected.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::diagnostic::{RawDiagnostic, Severity};
use crate::rules;

/// A code that no rule uses any more. Codes are never reused: a removed rule keeps its code
/// here, with where its check went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reserved {
    pub code: &'static str,
    /// The removed rule's name.
    pub name: &'static str,
    /// The rule that now makes the check, if one does.
    pub moved_to: Option<&'static str>,
    pub note: &'static str,
}

/// Every removed rule's code.
pub const RESERVED: &[Reserved] = &[Reserved {
    code: "DSC013",
    name: "desc-platform-recommended",
    moved_to: Some("IDX004"),
    note: "The check that an index entry pointing at an image manifest has a `platform` is about \
           indexes, not descriptors in general, so it moved to the index rules.",
}];

/// The reserved code (or removed rule name) `query` names, if any.
pub fn reserved(query: &str) -> Option<&'static Reserved> {
    RESERVED
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(query) || r.name == query)
}

/// A selector that names no rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownSelector {
    pub selector: String,
    /// The closest known code, name or group.
    pub suggestion: Option<String>,
    /// Set when the selector is a removed rule's code.
    pub removed: Option<&'static Reserved>,
}

impl fmt::Display for UnknownSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.removed, &self.suggestion) {
            (Some(removed), _) => {
                write!(f, "rule {} `{}` was removed", removed.code, removed.name)?;
                if let Some(to) = removed.moved_to {
                    write!(f, "; its check is now {to}")?;
                }
                Ok(())
            }
            (None, Some(suggestion)) => write!(
                f,
                "unknown rule code or group `{}` (did you mean `{suggestion}`?)",
                self.selector
            ),
            (None, None) => write!(f, "unknown rule code or group `{}`", self.selector),
        }
    }
}

impl std::error::Error for UnknownSelector {}

/// The codes a selector names, in catalogue order.
pub fn resolve(selector: &str) -> Result<Vec<&'static str>, UnknownSelector> {
    let selector = selector.trim();
    // The metadata alone: a selection names rules and links none of their checks (the page's
    // settings panel builds selections without the engine).
    let codes: Vec<&'static str> = rules::metas()
        .filter(|(group, meta)| {
            selector.eq_ignore_ascii_case("ALL")
                || meta.code.eq_ignore_ascii_case(selector)
                || meta.name == selector
                || *group == selector
                || is_code_prefix(meta.code, selector)
        })
        .map(|(_, meta)| meta.code)
        .collect();
    if !codes.is_empty() {
        return Ok(codes);
    }
    let removed = reserved(selector);
    Err(UnknownSelector {
        selector: selector.to_owned(),
        suggestion: removed
            .and_then(|r| r.moved_to)
            .map(str::to_owned)
            .or_else(|| suggest(selector).map(str::to_owned)),
        removed,
    })
}

/// `DSC` selects `DSC001`…: the letters of a code, or letters and leading digits.
fn is_code_prefix(code: &str, selector: &str) -> bool {
    selector.len() >= 3
        && code.len() > selector.len()
        && code[..selector.len()].eq_ignore_ascii_case(selector)
}

/// The known code, rule name or group closest to `query`, if one is close enough.
pub fn suggest(query: &str) -> Option<&'static str> {
    let upper = query.to_ascii_uppercase();
    let codes = closest(&upper, rules::metas().map(|(_, meta)| meta.code));
    let mut names: Vec<&'static str> = rules::metas()
        .flat_map(|(group, meta)| [meta.name, group])
        .collect();
    names.dedup();
    let words = closest(query, names);
    match (codes, words) {
        (Some(code), Some(word)) if levenshtein(query, word) < levenshtein(&upper, code) => {
            Some(word)
        }
        (Some(code), _) => Some(code),
        (None, word) => word,
    }
}

/// The candidate closest to `query` by edit distance, when at most a third of it (or two
/// characters) differs.
pub fn closest<'a>(query: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = query.chars().count();
    let limit = (length / 3).max(if length >= 5 { 2 } else { 1 });
    candidates
        .into_iter()
        .map(|c| (levenshtein(query, c), c))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// A name as it is compared when it does not match as typed: its letters and digits, in lower
/// case. `Docker_Hub`, `docker-hub` and `DockerHub` fold to one name; so do `Quay.io` and
/// `quay.io`.
pub fn fold(name: &str) -> String {
    // ASCII only: every target name and alias is ASCII, and Unicode's letter and case tables
    // would cost the page about 20 KB of gzip'd wasm for nothing.
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// What a loosely typed name means, among `candidates`: pairs of a spelling (a name, or
/// another name people type for it) and the name it stands for. Tried in turn:
///
/// 1. the name folded ([`fold`]) equals a spelling folded: `dockerhub`, `Quay.io`;
/// 2. a host name (a scheme, port or path around it is dropped) ends with a spelling that
///    is itself a host name: `123.dkr.ecr.us-east-1.amazonaws.com` ends with `amazonaws.com`;
/// 3. one of the host name's labels is a spelling: `harbor.example.com`;
/// 4. the closest spelling by edit distance, folded on both sides ([`closest`]'s limit).
pub fn closest_name<'a>(query: &str, candidates: &[(&str, &'a str)]) -> Option<&'a str> {
    let folded: Vec<(String, &'a str)> = candidates
        .iter()
        .map(|(spelling, meant)| (fold(spelling), *meant))
        .collect();
    let exactly = |name: &str| {
        let name = fold(name);
        folded
            .iter()
            .find(|(spelling, _)| !name.is_empty() && *spelling == name)
            .map(|(_, meant)| *meant)
    };
    if let Some(meant) = exactly(query) {
        return Some(meant);
    }
    let host = host_of(query);
    if host.contains('.') {
        let hosts = candidates
            .iter()
            .filter(|(spelling, _)| spelling.contains('.'));
        if let Some((_, meant)) = hosts
            .filter(|(spelling, _)| {
                host.len() > spelling.len()
                    && host.ends_with(&spelling.to_ascii_lowercase())
                    && host.as_bytes()[host.len() - spelling.len() - 1] == b'.'
            })
            .max_by_key(|(spelling, _)| spelling.len())
        {
            return Some(meant);
        }
        if let Some(meant) = host.split('.').find_map(exactly) {
            return Some(meant);
        }
    }
    let query = fold(query);
    let nearest = closest(&query, folded.iter().map(|(spelling, _)| spelling.as_str()))?;
    folded
        .iter()
        .find(|(spelling, _)| spelling == nearest)
        .map(|(_, meant)| *meant)
}

/// The host of a typed registry address, in lower case: `https://Quay.io:443/v2/` → `quay.io`.
fn host_of(text: &str) -> String {
    let text = text.trim();
    let text = text.split_once("://").map_or(text, |(_, rest)| rest);
    let text = text.split('/').next().unwrap_or_default();
    let text = text.split(':').next().unwrap_or_default();
    text.to_ascii_lowercase()
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(row[j + 1])
            };
            previous = current;
        }
    }
    row[b.len()]
}

/// Which rules report and at which severity. The default reports every rule at its own
/// severity, exactly as without a selection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSelection {
    /// `None`: every rule.
    selected: Option<BTreeSet<&'static str>>,
    ignored: BTreeSet<&'static str>,
    severities: BTreeMap<&'static str, Severity>,
}

impl RuleSelection {
    /// The one way every front end (the CLI with its config file, the wasm API, the widget)
    /// builds a selection: the rules `select` names (every rule when it is empty), less those
    /// `ignore` names, then each severity override in order, so a later one for the same rule
    /// wins.
    pub fn build<S: AsRef<str>, T: AsRef<str>>(
        select: impl IntoIterator<Item = S>,
        ignore: impl IntoIterator<Item = S>,
        severities: impl IntoIterator<Item = (T, Severity)>,
    ) -> Result<Self, UnknownSelector> {
        let mut selection = RuleSelection::default().select(select)?.ignore(ignore)?;
        for (selector, severity) in severities {
            selection = selection.severity(selector.as_ref(), severity)?;
        }
        Ok(selection)
    }

    /// Reports only the rules these selectors name; an empty list means every rule.
    pub fn select<S: AsRef<str>>(
        mut self,
        selectors: impl IntoIterator<Item = S>,
    ) -> Result<Self, UnknownSelector> {
        let mut selected = BTreeSet::new();
        let mut any = false;
        for selector in selectors {
            any = true;
            selected.extend(resolve(selector.as_ref())?);
        }
        if any {
            self.selected = Some(selected);
        }
        Ok(self)
    }

    /// Never reports the rules these selectors name (even when selected).
    pub fn ignore<S: AsRef<str>>(
        mut self,
        selectors: impl IntoIterator<Item = S>,
    ) -> Result<Self, UnknownSelector> {
        for selector in selectors {
            self.ignored.extend(resolve(selector.as_ref())?);
        }
        Ok(self)
    }

    /// Reports the rules a selector names at this severity; later overrides win.
    pub fn severity(mut self, selector: &str, severity: Severity) -> Result<Self, UnknownSelector> {
        for code in resolve(selector)? {
            self.severities.insert(code, severity);
        }
        Ok(self)
    }

    /// Whether the rule with this code reports.
    pub fn is_enabled(&self, code: &str) -> bool {
        !self.ignored.contains(code) && self.selected.as_ref().is_none_or(|s| s.contains(code))
    }

    /// The severity the rule with this code reports at, given its own.
    pub fn severity_of(&self, code: &str, own: Severity) -> Severity {
        self.severities.get(code).copied().unwrap_or(own)
    }

    /// Drops the diagnostics of rules not selected and re-grades the rest.
    pub(crate) fn apply(&self, raw: &mut Vec<RawDiagnostic>) {
        if *self == Self::default() {
            return;
        }
        raw.retain(|d| self.is_enabled(d.code));
        for d in raw {
            d.severity = self.severity_of(d.code, d.severity);
        }
    }
}

/// Parses `error`, `warning` or `info`.
pub fn parse_severity(value: &str) -> Option<Severity> {
    match value {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        "info" => Some(Severity::Info),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_resolve_by_code_name_group_and_prefix() {
        assert_eq!(resolve("DSC009").unwrap(), ["DSC009"]);
        assert_eq!(resolve("dsc009").unwrap(), ["DSC009"]);
        assert_eq!(resolve("desc-data-size-match").unwrap(), ["DSC009"]);
        let group = resolve("descriptor").unwrap();
        assert!(group.contains(&"DSC001") && group.iter().all(|c| c.starts_with("DSC")));
        assert_eq!(resolve("DSC").unwrap().len(), group.len());
        assert_eq!(resolve("ALL").unwrap().len(), rules::all().count());
    }

    #[test]
    fn unknown_selectors_name_the_closest_code() {
        let error = resolve("DSC99").unwrap_err();
        assert!(error.suggestion.is_some(), "{error}");
        assert_eq!(
            resolve("descriptr").unwrap_err().suggestion.as_deref(),
            Some("descriptor")
        );
        assert_eq!(
            resolve("IDX04").unwrap_err().suggestion.as_deref(),
            Some("IDX004")
        );
        let removed = resolve("DSC013").unwrap_err();
        assert_eq!(removed.suggestion.as_deref(), Some("IDX004"));
        assert!(removed.to_string().contains("removed"), "{removed}");
    }

    #[test]
    fn names_fold_to_their_letters_and_digits_in_lower_case() {
        assert_eq!(fold("Docker_Hub"), "dockerhub");
        assert_eq!(fold("docker-hub"), "dockerhub");
        assert_eq!(fold("Quay.io"), "quayio");
        assert_eq!(fold(" -. "), "");
    }

    #[test]
    fn a_loosely_typed_name_finds_the_name_it_means() {
        let names = [
            ("quay", "quay"),
            ("quay.io", "quay"),
            ("docker-hub", "docker-hub"),
            ("docker.io", "docker-hub"),
            ("ecr", "ecr"),
            ("amazonaws.com", "ecr"),
            ("harbor", "harbor"),
            ("dockerd", "dockerd"),
        ];
        let meant = |typed| closest_name(typed, &names);
        // Case and punctuation.
        assert_eq!(meant("Quay.io"), Some("quay"));
        assert_eq!(meant("QUAY"), Some("quay"));
        assert_eq!(meant("dockerhub"), Some("docker-hub"));
        assert_eq!(meant("Docker_Hub"), Some("docker-hub"));
        // A host name: a longer host of a known domain, or a label naming a known one.
        assert_eq!(meant("registry-1.docker.io"), Some("docker-hub"));
        assert_eq!(
            meant("123456789012.dkr.ecr.us-east-1.amazonaws.com"),
            Some("ecr")
        );
        assert_eq!(meant("https://Quay.io:443/v2/"), Some("quay"));
        assert_eq!(meant("harbor.example.com"), Some("harbor"));
        // Misspellings, folded on both sides.
        assert_eq!(meant("quey"), Some("quay"));
        assert_eq!(meant("Dokcer-Hub"), Some("docker-hub"));
        assert_eq!(meant("docker"), Some("dockerd"));
        // Nothing close: no guess.
        assert_eq!(meant("registry.gitlab.com"), None);
        assert_eq!(meant("zzzzzz"), None);
        assert_eq!(meant(""), None);
        assert_eq!(meant("..."), None);
    }

    #[test]
    fn reserved_codes_are_unused_and_point_at_real_rules() {
        for r in RESERVED {
            assert!(rules::by_code(r.code).is_none(), "{} is in use", r.code);
            assert!(rules::all().all(|(_, rule)| rule.meta.name != r.name));
            if let Some(to) = r.moved_to {
                assert!(
                    rules::by_code(to).is_some(),
                    "{} moved to unknown {to}",
                    r.code
                );
            }
        }
    }

    #[test]
    fn ignore_wins_over_select_and_overrides_regrade() {
        let selection = RuleSelection::default()
            .select(["descriptor"])
            .unwrap()
            .ignore(["DSC009"])
            .unwrap()
            .severity("DSC001", Severity::Warning)
            .unwrap();
        assert!(selection.is_enabled("DSC001"));
        assert!(!selection.is_enabled("DSC009"));
        assert!(!selection.is_enabled("MAN001"));
        assert_eq!(
            selection.severity_of("DSC001", Severity::Error),
            Severity::Warning
        );
        assert_eq!(
            selection.severity_of("DSC002", Severity::Error),
            Severity::Error
        );
    }
}
