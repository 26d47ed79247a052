//! ANN007: `org.opencontainers.image.licenses` is an SPDX license expression.

use super::super::prelude::*;

declare_rule! {
    code: "ANN007",
    name: "ann-licenses-spdx",
    severity: Info,
    since: "0.1.0",
    summary: "`org.opencontainers.image.licenses` should be an SPDX license expression, e.g. `Apache-2.0 OR MIT`.",
    why: "image-spec defines the value as an SPDX License Expression. Tools that read it \
          (SBOM generators, license policy checks) parse it as one; free text such as \
          `Apache 2`, `MIT, BSD` or `GPL/MIT` does not parse, so the image's license ends \
          up unknown. ocilint checks the \
          expression syntax (identifiers, `AND`, `OR`, `WITH`, `+`, parentheses, \
          `LicenseRef-…`), not whether each identifier is on the SPDX list.",
    how_to_fix: "Use SPDX identifiers joined by uppercase operators: `Apache-2.0`, \
                 `MIT AND BSD-3-Clause`, `GPL-2.0-only WITH Classpath-exception-2.0`, and \
                 `LicenseRef-<name>` for licenses not on the SPDX list.",
    url: "https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.licenses": "Apache 2"}}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.licenses": "MIT, BSD-3-Clause"}}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.licenses": "(MIT OR Apache-2.0) AND GPL-2.0-or-later WITH Classpath-exception-2.0"}}"#),
    ],
    check: Document(check),
}

const KEY: &str = "org.opencontainers.image.licenses";

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for map in ctx.annotation_maps() {
        for (entry, value) in map.string_entries().filter(|(e, _)| e.key == KEY) {
            if value.is_empty() {
                continue;
            }
            let Err(problem) = parse(value) else {
                continue;
            };
            let shown: String = value.chars().take(80).collect();
            let hint = alias(value)
                .map(|id| format!("; SPDX writes it `{id}`"))
                .unwrap_or_default();
            out.emit(
                entry.value.range,
                map.entry_pointer(entry),
                format!("`{shown}` is not an SPDX license expression: {problem}{hint}"),
            );
        }
    }
}

/// Common informal names of licenses, normalized (lowercase, without spaces, commas and
/// dashes), with their SPDX identifiers.
const ALIASES: [(&str, &str); 8] = [
    ("apache2", "Apache-2.0"),
    ("apache2.0", "Apache-2.0"),
    ("apachelicense2.0", "Apache-2.0"),
    ("apachelicenseversion2.0", "Apache-2.0"),
    ("asl2.0", "Apache-2.0"),
    ("mitlicense", "MIT"),
    ("themitlicense", "MIT"),
    ("bsd3clause", "BSD-3-Clause"),
];

fn alias(value: &str) -> Option<&'static str> {
    let normalized: String = value
        .chars()
        .filter(|c| !matches!(c, ' ' | ',' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect();
    ALIASES
        .iter()
        .find(|(name, _)| *name == normalized)
        .map(|(_, id)| *id)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    Open,
    Close,
    Word(&'a str),
}

fn tokenize(value: &str) -> Result<Vec<Token<'_>>, String> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (at, c) in value.char_indices() {
        let boundary = c.is_whitespace() || c == '(' || c == ')';
        if boundary {
            if let Some(s) = start.take() {
                tokens.push(Token::Word(&value[s..at]));
            }
            match c {
                '(' => tokens.push(Token::Open),
                ')' => tokens.push(Token::Close),
                _ => {}
            }
        } else if start.is_none() {
            start = Some(at);
        }
    }
    if let Some(s) = start {
        tokens.push(Token::Word(&value[s..]));
    }
    for token in &tokens {
        if let Token::Word(word) = token {
            check_word(word)?;
        }
    }
    Ok(tokens)
}

/// Rejects characters SPDX identifiers cannot contain, with the likely intent.
fn check_word(word: &str) -> Result<(), String> {
    let bad = word
        .char_indices()
        .find(|&(at, c)| {
            let plus_suffix = c == '+' && at + 1 == word.len();
            !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':') || plus_suffix)
        })
        .map(|(_, c)| c);
    match bad {
        None => Ok(()),
        Some(',' | ';' | '&') => {
            Err("licenses are combined with ` AND ` or ` OR `, not with punctuation".into())
        }
        Some('/' | '|') => Err("alternatives are written with ` OR `, not `/` or `|`".into()),
        Some(c) => Err(format!("`{c}` cannot appear in a license identifier")),
    }
}

fn is_operator(word: &str) -> bool {
    matches!(word, "AND" | "OR" | "WITH")
}

struct Parser<'a> {
    tokens: Vec<Token<'a>>,
    at: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.at).copied()
    }

    fn expression(&mut self, depth: usize) -> Result<(), String> {
        if depth > 64 {
            return Err("parentheses are nested too deeply".into());
        }
        self.term(depth)?;
        while self.peek() == Some(Token::Word("OR")) {
            self.at += 1;
            self.term(depth)?;
        }
        Ok(())
    }

    fn term(&mut self, depth: usize) -> Result<(), String> {
        self.factor(depth)?;
        while self.peek() == Some(Token::Word("AND")) {
            self.at += 1;
            self.factor(depth)?;
        }
        Ok(())
    }

    fn factor(&mut self, depth: usize) -> Result<(), String> {
        match self.peek() {
            Some(Token::Open) => {
                self.at += 1;
                self.expression(depth + 1)?;
                if self.peek() != Some(Token::Close) {
                    return Err("a `(` is never closed".into());
                }
                self.at += 1;
                Ok(())
            }
            Some(Token::Word(word)) if !is_operator(word) => {
                self.at += 1;
                license(word)?;
                if self.peek() == Some(Token::Word("WITH")) {
                    self.at += 1;
                    match self.peek() {
                        Some(Token::Word(exception))
                            if !is_operator(exception) && !exception.contains(['+', ':']) =>
                        {
                            self.at += 1;
                        }
                        _ => {
                            return Err("`WITH` must be followed by an exception identifier".into())
                        }
                    }
                }
                Ok(())
            }
            Some(Token::Word(operator)) => Err(format!("`{operator}` has no license before it")),
            Some(Token::Close) => Err("a `)` has no matching `(` or closes an empty group".into()),
            None => Err("it ends where a license identifier is expected".into()),
        }
    }
}

/// A simple expression: `idstring["+"]` or `["DocumentRef-"idstring":"]"LicenseRef-"idstring`.
fn license(word: &str) -> Result<(), String> {
    if let Some(lower) = ["and", "or", "with"]
        .iter()
        .find(|op| word.eq_ignore_ascii_case(op))
    {
        return Err(format!(
            "the operator `{word}` must be written in uppercase, `{}`",
            lower.to_ascii_uppercase()
        ));
    }
    if let Some((document, reference)) = word.split_once(':') {
        let ok = document
            .strip_prefix("DocumentRef-")
            .is_some_and(|id| !id.is_empty())
            && reference
                .strip_prefix("LicenseRef-")
                .is_some_and(|id| !id.is_empty() && !id.contains([':', '+']));
        return if ok {
            Ok(())
        } else {
            Err(format!(
                "`{word}`: a `:` only appears in `DocumentRef-<id>:LicenseRef-<id>`"
            ))
        };
    }
    let id = word.strip_suffix('+').unwrap_or(word);
    if id.is_empty() {
        return Err("`+` must follow a license identifier".into());
    }
    Ok(())
}

/// Parses an SPDX license expression; the error says what is wrong.
fn parse(value: &str) -> Result<(), String> {
    let tokens = tokenize(value)?;
    let mut parser = Parser { tokens, at: 0 };
    parser.expression(0)?;
    match parser.peek() {
        None => Ok(()),
        Some(Token::Close) => Err("a `)` has no matching `(`".into()),
        Some(Token::Word(word)) => {
            let previous = match parser.at.checked_sub(1).and_then(|i| parser.tokens.get(i)) {
                Some(Token::Word(previous)) => format!("`{previous}`"),
                _ => "`)`".into(),
            };
            if let Some(op) = ["and", "or", "with"]
                .iter()
                .find(|op| word.eq_ignore_ascii_case(op))
            {
                Err(format!(
                    "the operator `{word}` must be written in uppercase, `{}`",
                    op.to_ascii_uppercase()
                ))
            } else {
                Err(format!(
                    "{previous} and `{word}` follow each other without `AND` or `OR` between them"
                ))
            }
        }
        Some(Token::Open) => Err("a `(` follows a license without `AND` or `OR` before it".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::{alias, parse};

    #[test]
    fn accepts_expressions() {
        for ok in [
            "MIT",
            "Apache-2.0",
            "GPL-2.0+",
            "LicenseRef-Proprietary",
            "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
            "MIT OR Apache-2.0",
            "(MIT OR Apache-2.0) AND BSD-3-Clause",
            "GPL-2.0-only WITH Classpath-exception-2.0",
            "((MIT))",
            "NOASSERTION",
        ] {
            assert_eq!(parse(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn rejects_free_text() {
        for bad in [
            "Apache 2",
            "MIT, BSD",
            "MIT/Apache-2.0",
            "MIT or Apache-2.0",
            "MIT OR",
            "AND MIT",
            "(MIT",
            "MIT)",
            "()",
            "MIT WITH",
            "GPL-2.0 WITH Foo+",
            "LicenseRef-x:y",
            "+",
            "MIT (BSD)",
            "Apache License, Version 2.0",
            "MIT_License",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(alias("Apache 2"), Some("Apache-2.0"));
        assert_eq!(alias("MIT License"), Some("MIT"));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = format!("{}MIT{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse(&deep).is_err());
    }
}
