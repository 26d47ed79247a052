//! `ocilint.toml`: the settings of `ocilint check` kept with the project, found upward from the
//! working directory (or given with `--config`). Flags override the file.
//!
//! Every problem is reported at its position (`ocilint.toml:3:1: unknown key …`), all of them at
//! once, so a CI log shows the whole fix.

use std::ops::Range;
use std::path::{Path, PathBuf};

use ocilint_core::selection::{self, parse_severity};
use ocilint_core::targets::Selection;
use ocilint_core::Severity;
use toml::de::{DeTable, DeValue};

/// The file name looked for.
pub(crate) const FILE_NAME: &str = "ocilint.toml";

/// The keys the file may have.
const KEYS: &[&str] = &[
    "select",
    "ignore",
    "severity",
    "fail-on",
    "target",
    "content-type",
];

/// The settings from one config file; `None` (or empty) where the file says nothing.
#[derive(Debug, Default)]
pub(crate) struct Config {
    pub(crate) select: Option<Vec<String>>,
    pub(crate) ignore: Option<Vec<String>>,
    /// In the file's order: a later override of the same rule wins.
    pub(crate) severity: Vec<(String, Severity)>,
    pub(crate) fail_on: Option<Severity>,
    pub(crate) target: Option<Vec<Selection>>,
    pub(crate) content_type: Option<String>,
}

/// The nearest `ocilint.toml` in `start` or one of its parents.
pub(crate) fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|path| path.is_file())
}

/// Reads and validates a config file; the error is every problem, one per line, each prefixed
/// with `path:line:column: `.
pub(crate) fn load(path: &Path) -> Result<Config, String> {
    let shown = shown_path(path);
    let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    parse(&text).map_err(|errors| {
        errors
            .into_iter()
            .map(|(span, message)| {
                let (line, column) = position(&text, span.start);
                format!("{shown}:{line}:{column}: {message}")
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// The path relative to the working directory when it is below it, as users wrote it.
fn shown_path(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

/// 1-based line and column (in characters) of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

type Errors = Vec<(Range<usize>, String)>;

/// Parses the file's text; errors carry byte spans.
pub(crate) fn parse(text: &str) -> Result<Config, Errors> {
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
                .map(|names| {
                    names
                        .iter()
                        .filter_map(|n| Selection::parse(n).ok())
                        .collect()
                })
            }
            "fail-on" => config.fail_on = level(value, span, &mut errors),
            "content-type" => match value {
                DeValue::String(text) => match crate::parse_media_type(text) {
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
                    None => format!("unknown key `{unknown}` (known keys: {})", KEYS.join(", ")),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        parse(text)
            .unwrap_err()
            .into_iter()
            .map(|(span, message)| {
                let (line, column) = position(text, span.start);
                format!("{line}:{column}: {message}")
            })
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
        assert_eq!(config.select.unwrap(), ["descriptor", "MAN001"]);
        assert_eq!(config.ignore.unwrap(), ["DSC003"]);
        assert_eq!(config.fail_on, Some(Severity::Warning));
        assert_eq!(config.target.unwrap().len(), 1);
        assert_eq!(config.severity, [("DSC011".to_owned(), Severity::Error)]);
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
        assert!(
            bad[0].starts_with("2:1: invalid TOML") || bad[0].contains("invalid TOML"),
            "{bad:?}"
        );
    }
}
