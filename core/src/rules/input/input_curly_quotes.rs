//! INP004: no curly quotes where JSON needs straight ones.

use super::super::prelude::*;
use crate::fix::RawEdit;

declare_rule! {
    code: "INP004",
    name: "input-curly-quotes",
    severity: Error,
    fix: Sometimes(Safe),
    since: "0.1.0",
    summary: "Member names and string values must be quoted with straight quotes (`\"`), \
              not curly ones (“ ”).",
    why: "Word processors, chat applications and some issue trackers turn straight quotes \
          into typographic ones on the way. JSON only knows U+0022: a parser stops at the \
          first curly quote.",
    how_to_fix: "Replace each curly quote that opens or closes a string with a straight one. \
                 Curly quotes inside a string's text are part of the value and stay. The \
                 fix is offered when every string opened by a curly quote is closed by one.",
    url: "https://www.rfc-editor.org/rfc/rfc8259#section-7",
    examples: [
        invalid(r#"{“schemaVersion”: 2}"#),
        invalid(r#"{"schemaVersion": 2, “annotations”: {"note": "say “hi”"}}"#),
        valid(r#"{"schemaVersion": 2, "annotations": {"note": "say “hi”"}}"#),
    ],
    check: Pasted(check),
}

fn check(pasted: &Pasted<'_>, out: &mut Emitter<'_>) {
    let Some(error) = pasted.error() else { return };
    let quotes: Vec<_> = pasted
        .outside_strings()
        .iter()
        .filter(|o| matches!(o.ch, '“' | '”'))
        .collect();
    let Some(first) = quotes.first() else { return };
    // Only where the parser gave up on a curly quote: otherwise they are not what broke it.
    if !quotes.iter().any(|q| q.at == error.range.start as usize) {
        return;
    }
    let width = '“'.len_utf8();
    let diagnostic = out.emit(
        TextRange::new(first.at, first.at + width),
        Pointer::root(),
        format!(
            "{} used as JSON quotes; JSON strings need straight quotes (U+0022)",
            match quotes.len() {
                1 => "a curly quote".to_owned(),
                n => format!("{n} curly quotes"),
            }
        ),
    );
    // Each string opened by a curly quote closed by one: the pairs are certain. A string
    // that a straight quote closes leaves where it was meant to end a guess.
    if quotes.len() % 2 == 0 {
        diagnostic.fix(
            FixSafety::Safe,
            "replace the curly quotes around strings with straight ones",
            quotes
                .iter()
                .map(|q| RawEdit::new(q.at, q.at + width, "\""))
                .collect(),
        );
    }
}
