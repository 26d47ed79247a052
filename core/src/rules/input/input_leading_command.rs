//! INP001: no shell prompt, command line or other text before the JSON.

use super::super::prelude::*;
use crate::fix::RawEdit;

declare_rule! {
    code: "INP001",
    name: "input-leading-command",
    severity: Error,
    fix: Always(Safe),
    since: "0.1.0",
    summary: "The document must not start with a shell prompt, a command line or other text \
              before the JSON.",
    why: "A document copied out of a terminal or an issue thread often brings the command \
          that printed it (`$ crane manifest …`, `# podman manifest inspect …`) or a line \
          of prose. No parser reads past it: the registry answers `MANIFEST_INVALID`, and \
          the digest is of bytes nobody serves.",
    how_to_fix: "Delete the lines before the opening `{` or `[`. The fix removes them and \
                 leaves the JSON as it is.",
    url: "https://www.rfc-editor.org/rfc/rfc8259#section-2",
    examples: [
        invalid(r#"$ crane manifest alpine:3.20
{"schemaVersion": 2}"#),
        invalid(r#"# podman manifest inspect quay.io/podman/hello
{"schemaVersion": 2}"#),
        valid(examples::SCHEMA_VERSION_ONLY),
    ],
    check: Pasted(check),
}

fn check(pasted: &Pasted<'_>, out: &mut Emitter<'_>) {
    let (Some(error), Some(json_start)) = (pasted.error(), pasted.json_start()) else {
        return;
    };
    if error.range.start as usize >= json_start {
        return;
    }
    // Fence lines are INP002's; blank lines are whitespace JSON allows.
    let lines: Vec<Line> = pasted
        .lines()
        .take_while(|line| line.start < json_start)
        .filter(|&line| !pasted.trimmed(line).is_empty() && !pasted.is_fence(line))
        .collect();
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
        return;
    };
    let text = pasted.trimmed(*first);
    let what = if looks_like_a_prompt(&text) {
        "a shell command line"
    } else {
        "text"
    };
    let more = match lines.len() {
        1 => String::new(),
        n => format!(" and {} more line{}", n - 1, if n == 2 { "" } else { "s" }),
    };
    out.emit(
        TextRange::new(first.start, last.end),
        Pointer::root(),
        format!(
            "{what} before the JSON: {}{more}; no parser reads past it",
            shorten(&text, 60)
        ),
    )
    .fix(
        FixSafety::Safe,
        format!("remove {what} before the JSON"),
        lines
            .iter()
            .map(|line| RawEdit::new(line.start, line.next, ""))
            .collect(),
    );
}

/// A prompt as shells print them: `$ `, `# `, `% `, `> `, `❯ `, `PS C:\> `, or a first word
/// ending in one of them (`user@host:~$ `, zsh's `╰─$ `).
fn looks_like_a_prompt(line: &str) -> bool {
    line.starts_with("PS ")
        || line
            .split_once(' ')
            .is_some_and(|(head, _)| head.ends_with(['$', '#', '%', '>', '❯']))
}
