//! INP005: no non-breaking or other Unicode spaces where JSON allows only ASCII whitespace.

use super::super::prelude::*;
use crate::fix::RawEdit;

declare_rule! {
    code: "INP005",
    name: "input-unicode-whitespace",
    severity: Error,
    fix: Always(Safe),
    since: "0.1.0",
    summary: "Indentation and spacing between tokens must be ASCII whitespace (space, tab, \
              line feed, carriage return).",
    why: "Web pages, chat applications and PDF viewers copy indentation as non-breaking \
          spaces (U+00A0) or other Unicode spaces, which look the same. JSON allows only \
          four whitespace characters between tokens: a parser stops at the first other one.",
    how_to_fix: "Replace them with ordinary spaces. The fix does so outside strings only; \
                 a space inside a string's text is part of the value and stays.",
    url: "https://www.rfc-editor.org/rfc/rfc8259#section-2",
    examples: [
        invalid(bytes: b"{\"schemaVersion\":\n\xC2\xA0\xC2\xA02\n}\n"),
        invalid(bytes: b"{\"schemaVersion\":\xE2\x80\x832}"),
        valid(bytes: b"{\"annotations\": {\"k\": \"a\xC2\xA0b\"}}"),
    ],
    check: Pasted(check),
}

fn check(pasted: &Pasted<'_>, out: &mut Emitter<'_>) {
    let Some(error) = pasted.error() else { return };
    let spaces: Vec<_> = pasted
        .outside_strings()
        .iter()
        // A byte-order mark at the very start is JSON003's.
        .filter(|o| is_unicode_space(o.ch) && !(o.at == 0 && o.ch == '\u{feff}'))
        .collect();
    let Some(first) = spaces.first() else { return };
    if !spaces.iter().any(|s| s.at == error.range.start as usize) {
        return;
    }
    out.emit(
        TextRange::new(first.at, first.at + first.ch.len_utf8()),
        Pointer::root(),
        format!(
            "U+{:04X} ({}) used as whitespace between tokens{}; JSON allows only ASCII space, tab and line breaks",
            first.ch as u32,
            name(first.ch),
            match spaces.len() {
                1 => String::new(),
                n => format!(", {} times in all", n),
            }
        ),
    )
    .fix(
        FixSafety::Safe,
        "replace the Unicode spaces between tokens with ASCII ones",
        spaces
            .iter()
            .map(|s| {
                let line_break = matches!(s.ch, '\u{2028}' | '\u{2029}' | '\u{85}');
                RawEdit::new(s.at, s.at + s.ch.len_utf8(), if line_break { "\n" } else { " " })
            })
            .collect(),
    );
}

/// Unicode's white space, and the zero-width characters that paste in with it.
fn is_unicode_space(ch: char) -> bool {
    (!ch.is_ascii() && ch.is_whitespace()) || matches!(ch, '\u{200b}' | '\u{feff}')
}

fn name(ch: char) -> &'static str {
    match ch {
        '\u{a0}' => "no-break space",
        '\u{202f}' => "narrow no-break space",
        '\u{200b}' => "zero-width space",
        '\u{feff}' => "zero-width no-break space",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        '\u{3000}' => "ideographic space",
        '\u{2003}' => "em space",
        '\u{2002}' => "en space",
        '\u{2009}' => "thin space",
        _ => "a Unicode space",
    }
}
