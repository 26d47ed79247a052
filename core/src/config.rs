//! `ocilint.toml`: the settings of a check kept with a project, one model for every front end.
//! The CLI reads the file it finds (or is given); the page's settings panel edits the same model,
//! exports it with [`Config::to_toml`] and imports a file through [`parse`] (in its worker).
//!
//! Every problem is reported at its position, all of them at once, so a CI log (or the page's
//! panel) shows the whole fix. Parsing needs the `config` feature (the `toml` crate); writing
//! does not, so a program that only writes the file does not link a TOML parser.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::selection::{self, RuleSelection, UnknownSelector};
use crate::targets::Selection;
use crate::Severity;

/// The file name a project keeps its settings in.
pub const FILE_NAME: &str = "ocilint.toml";

/// The keys the file may have.
pub const KEYS: &[&str] = &[
    "select",
    "ignore",
    "severity",
    "fail-on",
    "target",
    "content-type",
];

/// The settings of one config file; `None` (or empty) where the file says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    /// In the file's order: a later override of the same rule wins.
    pub severity: Vec<(String, Severity)>,
    pub fail_on: Option<Severity>,
    /// Target names as written (`NAME` or `NAME@VERSION`), each known to [`Selection::parse`].
    pub target: Option<Vec<String>>,
    pub content_type: Option<String>,
}

/// One problem of a config file: where (a byte range of the text, and the 1-based line and
/// column in characters of its start) and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigError {
    pub span: Range<usize>,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    /// `line:column: message`, as a front end prefixes with the file's path.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl Config {
    /// The rule selection this file describes.
    pub fn rule_selection(&self) -> Result<RuleSelection, UnknownSelector> {
        RuleSelection::build(
            self.select.iter().flatten(),
            self.ignore.iter().flatten(),
            self.severity.iter().map(|(code, s)| (code, *s)),
        )
    }

    /// The targets the file names.
    pub fn targets(&self) -> Vec<Selection> {
        self.target
            .iter()
            .flatten()
            .filter_map(|name| Selection::parse(name).ok())
            .collect()
    }

    /// Reports the rule with this code, or stops reporting it, changing as little of the
    /// selection as it can: a code the file ignores by name is taken out of `ignore`; one
    /// ignored by a group or prefix has that selector replaced by the group's other rules;
    /// with a `select` list that leaves the rule out, the code is added to it.
    pub fn set_enabled(&mut self, code: &str, enabled: bool) {
        if enabled {
            if let Some(ignore) = &mut self.ignore {
                let mut kept = Vec::new();
                for selector in ignore.drain(..) {
                    match selection::resolve(&selector) {
                        Ok(codes) if codes.contains(&code) => {
                            if codes.len() > 1 {
                                kept.extend(
                                    codes.iter().filter(|c| **c != code).map(|c| c.to_string()),
                                );
                            }
                        }
                        _ => kept.push(selector),
                    }
                }
                *ignore = kept;
                if ignore.is_empty() {
                    self.ignore = None;
                }
            }
            if let Some(select) = &mut self.select {
                let selected = select
                    .iter()
                    .any(|s| selection::resolve(s).is_ok_and(|codes| codes.contains(&code)));
                if !selected {
                    select.push(code.to_owned());
                }
            }
        } else if self.is_enabled(code) {
            self.ignore
                .get_or_insert_with(Vec::new)
                .push(code.to_owned());
        }
    }

    /// Whether the rule with this code reports under these settings.
    pub fn is_enabled(&self, code: &str) -> bool {
        self.rule_selection()
            .map(|selection| selection.is_enabled(code))
            .unwrap_or(true)
    }

    /// Reports the rule with this code at this severity, or at its own with `None`: the
    /// file's overrides naming exactly this code are replaced.
    pub fn set_severity(&mut self, code: &str, severity: Option<Severity>) {
        self.severity.retain(|(selector, _)| selector != code);
        if let Some(severity) = severity {
            self.severity.push((code.to_owned(), severity));
        }
    }

    /// The file's text: the keys in the order the README documents them, `[severity]` last.
    /// Reading it back with [`parse`] gives these settings.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        let list = |out: &mut String, key: &str, items: &[String]| {
            let items: Vec<String> = items.iter().map(|s| quoted(s)).collect();
            out.push_str(&format!("{key} = [{}]\n", items.join(", ")));
        };
        if let Some(select) = &self.select {
            list(&mut out, "select", select);
        }
        if let Some(ignore) = &self.ignore {
            list(&mut out, "ignore", ignore);
        }
        if let Some(fail_on) = self.fail_on {
            out.push_str(&format!("fail-on = {}\n", quoted(fail_on.as_str())));
        }
        if let Some(target) = &self.target {
            list(&mut out, "target", target);
        }
        if let Some(content_type) = &self.content_type {
            out.push_str(&format!("content-type = {}\n", quoted(content_type)));
        }
        if !self.severity.is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str("[severity]\n");
            for (code, severity) in &self.severity {
                out.push_str(&format!("{} = {}\n", key(code), quoted(severity.as_str())));
            }
        }
        out
    }
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A bare key when TOML allows one, else a quoted one.
fn key(text: &str) -> String {
    if !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        text.to_owned()
    } else {
        quoted(text)
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(feature = "config")]
pub use parse::parse;

#[cfg(feature = "config")]
mod parse {
    use std::ops::Range;

    use toml::de::{DeTable, DeValue};

    use super::{position, Config, ConfigError, KEYS};
    use crate::selection::{self, parse_severity};
    use crate::spec::media_types;
    use crate::targets::Selection;
    use crate::Severity;

    type Errors = Vec<(Range<usize>, String)>;

    /// Reads and validates the file's text: the settings, or every problem, positioned and in
    /// the order of the text.
    pub fn parse(text: &str) -> Result<Config, Vec<ConfigError>> {
        read(text).map_err(|errors| {
            errors
                .into_iter()
                .map(|(span, message)| {
                    let (line, column) = position(text, span.start);
                    ConfigError {
                        span,
                        line,
                        column,
                        message,
                    }
                })
                .collect()
        })
    }

    fn read(text: &str) -> Result<Config, Errors> {
        let table = match DeTable::parse(text) {
            Ok(table) => table.into_inner(),
            Err(error) => {
                let span = error.span().unwrap_or(0..0);
                let message = error.message().trim().to_owned();
                return Err(vec![(span, format!("invalid TOML: {message}"))]);
            }
        };
        let mut config = Config::default();
        let mut errors = Errors::new();
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        for (key, value) in entries {
            let name: &str = key.get_ref();
            let span = value.span();
            let value = value.get_ref();
            match name {
                "select" => config.select = strings(value, span, &mut errors, selector),
                "ignore" => config.ignore = strings(value, span, &mut errors, selector),
                "target" => {
                    config.target = strings(value, span, &mut errors, |text| {
                        Selection::parse(text).map(|_| ())
                    })
                }
                "fail-on" => config.fail_on = level(value, span, &mut errors),
                "content-type" => match value {
                    DeValue::String(text) => match media_type(text) {
                        Ok(media_type) => config.content_type = Some(media_type),
                        Err(message) => errors.push((span, message)),
                    },
                    other => errors.push((span, expected("a media type string", other))),
                },
                "severity" => match value {
                    DeValue::Table(overrides) => {
                        let mut overrides: Vec<_> = overrides.iter().collect();
                        overrides.sort_by_key(|(key, _)| key.span().start);
                        for (code, level_value) in overrides {
                            if let Err(message) = selector(code.get_ref()) {
                                errors.push((code.span(), message));
                            } else if let Some(severity) =
                                level(level_value.get_ref(), level_value.span(), &mut errors)
                            {
                                config.severity.push((code.get_ref().to_string(), severity));
                            }
                        }
                    }
                    other => errors.push((
                        span,
                        expected(
                            "a table of rule codes to severities, e.g. { DSC003 = \"error\" }",
                            other,
                        ),
                    )),
                },
                unknown => {
                    let message = match selection::closest(unknown, KEYS.iter().copied()) {
                        Some(key) => format!("unknown key `{unknown}` (did you mean `{key}`?)"),
                        None => {
                            format!("unknown key `{unknown}` (known keys: {})", KEYS.join(", "))
                        }
                    };
                    errors.push((key.span(), message));
                }
            }
        }
        if errors.is_empty() {
            Ok(config)
        } else {
            errors.sort_by_key(|(span, _)| span.start);
            Err(errors)
        }
    }

    /// A `Content-Type` value: parameters (`; charset=…`) are allowed, as in the header; the
    /// essence is read as core reads a media-type field.
    pub(super) fn media_type(value: &str) -> Result<String, String> {
        let essence = value.split(';').next().unwrap_or(value).trim();
        media_types::check_syntax(essence)
            .map(|()| value.to_owned())
            .map_err(|_| {
                format!(
                    "`{value}` is not a media type (expected `type/subtype`, e.g. application/vnd.oci.image.manifest.v1+json)"
                )
            })
    }

    /// A rule code, name, group or code prefix that names at least one rule.
    fn selector(text: &str) -> Result<(), String> {
        selection::resolve(text)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// An array of strings, each checked by `valid`.
    fn strings(
        value: &DeValue<'_>,
        span: Range<usize>,
        errors: &mut Errors,
        valid: impl Fn(&str) -> Result<(), String>,
    ) -> Option<Vec<String>> {
        let DeValue::Array(items) = value else {
            errors.push((span, expected("an array of strings", value)));
            return None;
        };
        let mut out = Vec::new();
        let before = errors.len();
        for item in items {
            match item.get_ref() {
                DeValue::String(text) => match valid(text) {
                    Ok(()) => out.push(text.to_string()),
                    Err(message) => errors.push((item.span(), message)),
                },
                other => errors.push((item.span(), expected("a string", other))),
            }
        }
        (errors.len() == before).then_some(out)
    }

    /// `"error"`, `"warning"` or `"info"`.
    fn level(value: &DeValue<'_>, span: Range<usize>, errors: &mut Errors) -> Option<Severity> {
        let found = match value {
            DeValue::String(text) => match parse_severity(text) {
                Some(severity) => return Some(severity),
                None => format!("`{text}`"),
            },
            other => type_name(other).to_owned(),
        };
        errors.push((
            span,
            format!("expected \"error\", \"warning\" or \"info\", found {found}"),
        ));
        None
    }

    fn expected(what: &str, found: &DeValue<'_>) -> String {
        format!("expected {what}, found {}", type_name(found))
    }

    fn type_name(value: &DeValue<'_>) -> &'static str {
        match value {
            DeValue::String(_) => "a string",
            DeValue::Integer(_) => "an integer",
            DeValue::Float(_) => "a float",
            DeValue::Boolean(_) => "a boolean",
            DeValue::Datetime(_) => "a date-time",
            DeValue::Array(_) => "an array",
            DeValue::Table(_) => "a table",
        }
    }
}

/// A `Content-Type` value as a config file or a flag gives it, checked.
#[cfg(feature = "config")]
pub fn parse_media_type(value: &str) -> Result<String, String> {
    parse::media_type(value)
}

#[cfg(all(test, feature = "config"))]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        parse(text)
            .unwrap_err()
            .iter()
            .map(ConfigError::to_string)
            .collect()
    }

    #[test]
    fn a_full_config_parses() {
        let config = parse(
            "select = [\"descriptor\", \"MAN001\"]\nignore = [\"DSC003\"]\nfail-on = \"warning\"\n\
             target = [\"quay@2024-05\"]\ncontent-type = \"application/vnd.oci.image.manifest.v1+json\"\n\
             [severity]\nDSC011 = \"error\"\n",
        )
        .unwrap();
        assert_eq!(config.select.as_deref().unwrap(), ["descriptor", "MAN001"]);
        assert_eq!(config.ignore.as_deref().unwrap(), ["DSC003"]);
        assert_eq!(config.fail_on, Some(Severity::Warning));
        assert_eq!(config.targets().len(), 1);
        assert_eq!(config.severity, [("DSC011".to_owned(), Severity::Error)]);
        // Written and read back, the same settings.
        assert_eq!(parse(&config.to_toml()).unwrap(), config);
    }

    #[test]
    fn problems_are_positioned() {
        assert_eq!(
            errors("ignore = []\n\nselct = [\"DSC001\"]\n"),
            ["3:1: unknown key `selct` (did you mean `select`?)"]
        );
        assert_eq!(
            errors("select = [\"DSC001\", 3]\nfail-on = \"fatal\"\n"),
            [
                "1:21: expected a string, found an integer",
                "2:11: expected \"error\", \"warning\" or \"info\", found `fatal`"
            ]
        );
        assert_eq!(
            errors("severity = { DSC99 = \"error\" }"),
            ["1:14: unknown rule code or group `DSC99` (did you mean `DSC009`?)"]
        );
        let bad = errors("select = [\n");
        assert!(bad[0].contains("invalid TOML"), "{bad:?}");
    }

    #[test]
    fn a_rule_turned_off_and_on_again_changes_only_its_own_selection() {
        let mut config = Config::default();
        config.set_enabled("DSC003", false);
        assert_eq!(config.to_toml(), "ignore = [\"DSC003\"]\n");
        assert!(!config.is_enabled("DSC003"));
        config.set_enabled("DSC003", true);
        assert_eq!(config, Config::default());

        // Ignored by its group: the group's other rules stay ignored.
        let mut config = parse("ignore = [\"descriptor\"]\n").unwrap();
        config.set_enabled("DSC003", true);
        assert!(config.is_enabled("DSC003"));
        assert!(!config.is_enabled("DSC001"));

        // A select list that leaves it out gains it.
        let mut config = parse("select = [\"MAN001\"]\n").unwrap();
        config.set_enabled("DSC003", true);
        assert!(config.is_enabled("DSC003") && config.is_enabled("MAN001"));
    }

    #[test]
    fn a_severity_set_twice_keeps_the_last() {
        let mut config = Config::default();
        config.set_severity("DSC003", Some(Severity::Error));
        config.set_severity("DSC003", Some(Severity::Info));
        assert_eq!(config.to_toml(), "[severity]\nDSC003 = \"info\"\n");
        config.set_severity("DSC003", None);
        assert_eq!(config.to_toml(), "");
    }

    #[test]
    fn strings_are_escaped_when_written() {
        let config = Config {
            content_type: Some("application/x\"y\\".to_owned()),
            ..Config::default()
        };
        assert_eq!(
            config.to_toml(),
            "content-type = \"application/x\\\"y\\\\\"\n"
        );
    }
}
