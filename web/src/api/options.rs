//! What the JavaScript API reads from its JS objects, once serde has made them [`wire`] types:
//! core's check options and fix request. No JavaScript types here, so the fuzz target
//! `api_options` (`fuzz/`) compiles this file and [`wire`] natively, by path, and runs exactly
//! what the API runs.

use ocilint_core::rewrite::{FixAt, Request};
use ocilint_core::selection::{parse_severity, RuleSelection};
use ocilint_core::targets::Selection;

use super::wire;

/// The pure part of the API's `check_options`, shared with the widget's attributes: an
/// unknown option, target, selector or severity is an error that names it.
pub fn options_to_core(options: wire::CheckOptions) -> Result<ocilint_core::CheckOptions, String> {
    if let Some(field) = options.unknown.keys().next() {
        return Err(format!(
            "unknown option `{field}` (see the CheckOptions type)"
        ));
    }
    let targets = options
        .targets
        .iter()
        .map(|t| Selection::parse(t))
        .collect::<Result<Vec<_>, _>>()?;
    let severities = options
        .severity
        .iter()
        .map(|(selector, severity)| {
            parse_severity(severity).map(|s| (selector, s)).ok_or_else(|| {
                format!("severity of `{selector}`: expected \"error\", \"warning\" or \"info\", found \"{severity}\"")
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let rules = RuleSelection::build(&options.select, &options.ignore, severities)
        .map_err(|e| e.to_string())?;
    Ok(ocilint_core::CheckOptions {
        content_type: options.content_type,
        targets,
        rules,
        platform: options.platform,
    })
}

/// The rewrite `applyFixes` asks of core for `selection`, over the document named `input`;
/// an unknown field is an error.
pub fn fix_request(selection: wire::FixSelection, input: &str) -> Result<Request, String> {
    if let Some(field) = selection.unknown.keys().next() {
        return Err(format!(
            "unknown selection field `{field}` (see the FixSelection type)"
        ));
    }
    Ok(Request::Fix {
        include_unsafe: selection.include_unsafe,
        only: selection.only,
        platform: selection.platform,
        at: selection.pointer.map(|pointer| FixAt {
            input: input.to_owned(),
            pointer,
        }),
    })
}
