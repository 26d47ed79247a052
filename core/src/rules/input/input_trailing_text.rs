//! INP003: no prose or prompt after the JSON value.

use super::super::prelude::*;
use crate::fix::RawEdit;
use crate::json::IssueKind;

declare_rule! {
    code: "INP003",
    name: "input-trailing-text",
    severity: Error,
    fix: Always(Safe),
    since: "0.1.0",
    summary: "The document must end with its JSON value, without text after it.",
    why: "Text copied together with a document (a line of the thread, the next shell \
          prompt, `Press any key`) follows the closing brace. Go's encoding/json, and so \
          the registries, refuse a value followed by anything but whitespace.",
    how_to_fix: "Delete the text after the closing `}` or `]`. The fix removes it and keeps \
                 the line break that ended the JSON.",
    url: "https://www.rfc-editor.org/rfc/rfc8259#section-2",
    examples: [
        invalid(r#"{"schemaVersion": 2}
this is the manifest podman printed"#),
        invalid(r#"{"schemaVersion": 2}
$ "#),
        valid(examples::SCHEMA_VERSION_ONLY),
    ],
    check: Pasted(check),
}

fn check(pasted: &Pasted<'_>, out: &mut Emitter<'_>) {
    let Some(error) = pasted.error() else { return };
    if error.kind != IssueKind::TrailingData {
        return;
    }
    let start = error.range.start as usize;
    let trailing = TextLines {
        pasted,
        from: start,
    };
    // A second JSON value is not prose: removing it would lose a document.
    if trailing.any_starts_json() {
        return;
    }
    let bytes = pasted.bytes;
    let value_end = bytes[..start]
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |at| at + 1);
    let line_break = if bytes[value_end..start].contains(&b'\n') {
        "\n"
    } else {
        ""
    };
    let first_line = String::from_utf8_lossy(&bytes[start..])
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    out.emit(
        TextRange::new(start, bytes.len()),
        Pointer::root(),
        format!(
            "text after the JSON value: {}; a parser stops at the closing bracket and refuses the rest",
            shorten(&first_line, 60)
        ),
    )
    .fix(
        FixSafety::Safe,
        "remove the text after the JSON",
        vec![RawEdit::new(value_end, bytes.len(), line_break)],
    );
}

/// The lines from an offset on.
struct TextLines<'p, 'a> {
    pasted: &'p Pasted<'a>,
    from: usize,
}

impl TextLines<'_, '_> {
    fn any_starts_json(&self) -> bool {
        self.pasted
            .lines()
            .filter(|line| line.next > self.from)
            .any(|line| {
                let start = line.start.max(self.from);
                let text = String::from_utf8_lossy(&self.pasted.bytes[start..line.end]);
                matches!(text.trim().as_bytes().first(), Some(b'{' | b'['))
            })
    }
}
