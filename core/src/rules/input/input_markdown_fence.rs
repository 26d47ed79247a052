//! INP002: no Markdown code fence around the JSON.

use super::super::prelude::*;
use crate::fix::RawEdit;

declare_rule! {
    code: "INP002",
    name: "input-markdown-fence",
    severity: Error,
    fix: Always(Safe),
    since: "0.1.0",
    summary: "The document must not be wrapped in a Markdown code fence.",
    why: "A manifest copied from an issue, a README or a chat message often keeps the \
          fence that displayed it (```` ```json ```` before it, ```` ``` ```` after). The \
          fence is Markdown, not JSON: no parser reads past it.",
    how_to_fix: "Delete the fence lines. The fix removes the opening fence and its closing \
                 one and leaves the JSON as it is.",
    url: "https://spec.commonmark.org/0.31.2/#fenced-code-blocks",
    examples: [
        invalid(r#"```json
{"schemaVersion": 2}
```"#),
        invalid(r#"~~~
{"schemaVersion": 2}
~~~"#),
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
    // The fence that opens the JSON is the last one before it; the first after it closes.
    let Some(opening) = pasted
        .lines()
        .take_while(|line| line.start < json_start)
        .filter(|&line| pasted.is_fence(line))
        .last()
    else {
        return;
    };
    let closing = pasted
        .lines()
        .skip_while(|line| line.start < json_start)
        .find(|&line| pasted.is_fence(line));
    let mut edits = vec![RawEdit::new(opening.start, opening.next, "")];
    if let Some(closing) = closing {
        edits.push(RawEdit::new(closing.start, closing.next, ""));
    }
    let text = pasted.trimmed(opening);
    out.emit(
        TextRange::new(opening.start, opening.end),
        Pointer::root(),
        format!(
            "a Markdown code fence ({}) around the JSON; the fence is not part of the document",
            // Written out: a fence of backticks cannot be shown inside backticks.
            if text.starts_with('`') {
                "three backticks"
            } else {
                "three tildes"
            }
        ),
    )
    .fix(FixSafety::Safe, "remove the Markdown fence", edits);
}
