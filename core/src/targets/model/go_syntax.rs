//! Go `encoding/json`'s syntax check (`checkValid`), which `json.Unmarshal` runs over the whole
//! input before decoding anything: so a syntax error always wins over a type error, and its
//! text and offset are Go's own (`invalid character 'ï' looking for beginning of value`, offset
//! 1 for a byte-order mark). Modelled on the scanner's states, one byte at a time, as Go reads
//! bytes (not characters: a byte-order mark is the character U+00EF to it).

/// Go's `maxNestingDepth`: the scanner refuses the 10 001st open bracket.
pub(super) const MAX_NESTING_DEPTH: usize = 10_000;

/// Go's `*json.SyntaxError`: its message and `Offset` (bytes read, the bad one included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub message: String,
    pub offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    ObjectKey,
    ObjectValue,
    Array,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    BeginValue,
    BeginValueOrEmpty,
    BeginStringOrEmpty,
    BeginString,
    EndValue,
    EndTop,
    InString,
    InStringEscape,
    /// Inside `\u`, with this many hex digits read.
    InStringUnicode(u8),
    Negative,
    Digits,
    Zero,
    Dot,
    Fraction,
    Exponent,
    ExponentSign,
    ExponentDigits,
    /// Inside `true`, `false` or `null`: the literal and how many bytes are read.
    Literal(&'static [u8], usize),
}

struct Scanner {
    state: State,
    stack: Vec<Container>,
}

enum Step {
    Continue,
    Error(String),
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// Go's `quoteChar`: a byte as Go quotes it in a syntax error (a byte above 0x7F is the
/// character of the same number, as `string(rune(c))` makes it).
pub(crate) fn quote_char(c: u8) -> String {
    match c {
        b'\'' => r"'\''".to_owned(),
        b'"' => "'\"'".to_owned(),
        _ => format!("'{}'", go_quote_rune(char::from(c))),
    }
}

/// `strconv.Quote` of one character, without the double quotes.
fn go_quote_rune(c: char) -> String {
    match c {
        '\u{7}' => r"\a".to_owned(),
        '\u{8}' => r"\b".to_owned(),
        '\u{c}' => r"\f".to_owned(),
        '\n' => r"\n".to_owned(),
        '\r' => r"\r".to_owned(),
        '\t' => r"\t".to_owned(),
        '\u{b}' => r"\v".to_owned(),
        '\\' => r"\\".to_owned(),
        '"' => "\\\"".to_owned(),
        c if (c as u32) < 0x20 || c as u32 == 0x7f => format!(r"\x{:02x}", c as u32),
        // Latin-1 characters Go's `strconv.IsPrint` calls unprintable.
        c if (0x80..0xa0).contains(&(c as u32)) || c as u32 == 0xa0 || c as u32 == 0xad => {
            format!(r"\u{:04x}", c as u32)
        }
        c => c.to_string(),
    }
}

/// Go's `strconv.Quote` (what `%q` prints): the string in double quotes, with Go's escapes.
pub(crate) fn go_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            c if (c as u32) < 0x80
                || (0x80..0xa0).contains(&(c as u32))
                || c as u32 == 0xa0
                || c as u32 == 0xad =>
            {
                out.push_str(&go_quote_rune(c))
            }
            c if c.is_control() => out.push_str(&format!(r"\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Scanner {
    fn error(c: u8, context: &str) -> Step {
        Step::Error(format!("invalid character {} {context}", quote_char(c)))
    }

    fn push(&mut self, container: Container, next: State, c: u8) -> Step {
        self.stack.push(container);
        if self.stack.len() > MAX_NESTING_DEPTH {
            return Self::error(c, "exceeded max depth");
        }
        self.state = next;
        Step::Continue
    }

    fn begin_value(&mut self, c: u8) -> Step {
        if is_space(c) {
            return Step::Continue;
        }
        match c {
            b'{' => self.push(Container::ObjectKey, State::BeginStringOrEmpty, c),
            b'[' => self.push(Container::Array, State::BeginValueOrEmpty, c),
            b'"' => {
                self.state = State::InString;
                Step::Continue
            }
            b'-' => {
                self.state = State::Negative;
                Step::Continue
            }
            b'0' => {
                self.state = State::Zero;
                Step::Continue
            }
            b'1'..=b'9' => {
                self.state = State::Digits;
                Step::Continue
            }
            b't' => {
                self.state = State::Literal(b"true", 1);
                Step::Continue
            }
            b'f' => {
                self.state = State::Literal(b"false", 1);
                Step::Continue
            }
            b'n' => {
                self.state = State::Literal(b"null", 1);
                Step::Continue
            }
            _ => Self::error(c, "looking for beginning of value"),
        }
    }

    fn end_value(&mut self, c: u8) -> Step {
        let Some(&top) = self.stack.last() else {
            self.state = State::EndTop;
            return self.end_top(c);
        };
        if is_space(c) {
            self.state = State::EndValue;
            return Step::Continue;
        }
        match top {
            Container::ObjectKey => {
                if c == b':' {
                    *self.stack.last_mut().expect("non-empty") = Container::ObjectValue;
                    self.state = State::BeginValue;
                    return Step::Continue;
                }
                Self::error(c, "after object key")
            }
            Container::ObjectValue => match c {
                b',' => {
                    *self.stack.last_mut().expect("non-empty") = Container::ObjectKey;
                    self.state = State::BeginString;
                    Step::Continue
                }
                b'}' => self.pop(),
                _ => Self::error(c, "after object key:value pair"),
            },
            Container::Array => match c {
                b',' => {
                    self.state = State::BeginValue;
                    Step::Continue
                }
                b']' => self.pop(),
                _ => Self::error(c, "after array element"),
            },
        }
    }

    fn pop(&mut self) -> Step {
        self.stack.pop();
        self.state = if self.stack.is_empty() {
            State::EndTop
        } else {
            State::EndValue
        };
        Step::Continue
    }

    fn end_top(&mut self, c: u8) -> Step {
        if is_space(c) {
            Step::Continue
        } else {
            Self::error(c, "after top-level value")
        }
    }

    /// The next byte the scanner must see, from `at` on (moved past it if skipped): inside a
    /// string only a quote, a backslash or a control byte changes its state, so the bytes in
    /// between (most of a manifest: digests, media types) are passed over without a step each.
    fn next_byte(&self, bytes: &[u8], at: &mut usize) -> Option<u8> {
        if self.state == State::InString {
            let rest = bytes.get(*at..).unwrap_or_default();
            *at += rest
                .iter()
                .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                .unwrap_or(rest.len());
        }
        bytes.get(*at).copied()
    }

    fn step(&mut self, c: u8) -> Step {
        match self.state {
            State::BeginValue => self.begin_value(c),
            State::BeginValueOrEmpty => {
                if is_space(c) {
                    return Step::Continue;
                }
                if c == b']' {
                    return self.end_value(c);
                }
                self.begin_value(c)
            }
            State::BeginStringOrEmpty => {
                if is_space(c) {
                    return Step::Continue;
                }
                if c == b'}' {
                    *self.stack.last_mut().expect("inside an object") = Container::ObjectValue;
                    return self.end_value(c);
                }
                self.begin_string(c)
            }
            State::BeginString => self.begin_string(c),
            State::EndValue => self.end_value(c),
            State::EndTop => self.end_top(c),
            State::InString => match c {
                b'"' => {
                    self.state = State::EndValue;
                    Step::Continue
                }
                b'\\' => {
                    self.state = State::InStringEscape;
                    Step::Continue
                }
                c if c < 0x20 => Self::error(c, "in string literal"),
                _ => Step::Continue,
            },
            State::InStringEscape => match c {
                b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => {
                    self.state = State::InString;
                    Step::Continue
                }
                b'u' => {
                    self.state = State::InStringUnicode(0);
                    Step::Continue
                }
                _ => Self::error(c, "in string escape code"),
            },
            State::InStringUnicode(read) => {
                if !c.is_ascii_hexdigit() {
                    return Self::error(c, "in \\u hexadecimal character escape");
                }
                self.state = if read == 3 {
                    State::InString
                } else {
                    State::InStringUnicode(read + 1)
                };
                Step::Continue
            }
            State::Negative => match c {
                b'0' => {
                    self.state = State::Zero;
                    Step::Continue
                }
                b'1'..=b'9' => {
                    self.state = State::Digits;
                    Step::Continue
                }
                _ => Self::error(c, "in numeric literal"),
            },
            State::Digits if c.is_ascii_digit() => Step::Continue,
            State::Digits | State::Zero => match c {
                b'.' => {
                    self.state = State::Dot;
                    Step::Continue
                }
                b'e' | b'E' => {
                    self.state = State::Exponent;
                    Step::Continue
                }
                _ => self.end_value(c),
            },
            State::Dot => {
                if c.is_ascii_digit() {
                    self.state = State::Fraction;
                    return Step::Continue;
                }
                Self::error(c, "after decimal point in numeric literal")
            }
            State::Fraction => match c {
                b'0'..=b'9' => Step::Continue,
                b'e' | b'E' => {
                    self.state = State::Exponent;
                    Step::Continue
                }
                _ => self.end_value(c),
            },
            State::Exponent => match c {
                b'+' | b'-' => {
                    self.state = State::ExponentSign;
                    Step::Continue
                }
                _ => self.exponent_sign(c),
            },
            State::ExponentSign => self.exponent_sign(c),
            State::ExponentDigits => {
                if c.is_ascii_digit() {
                    return Step::Continue;
                }
                self.end_value(c)
            }
            State::Literal(word, read) => {
                if c != word[read] {
                    let expecting = quote_char(word[read]);
                    let name = std::str::from_utf8(word).unwrap_or("");
                    return Self::error(c, &format!("in literal {name} (expecting {expecting})"));
                }
                self.state = if read + 1 == word.len() {
                    State::EndValue
                } else {
                    State::Literal(word, read + 1)
                };
                Step::Continue
            }
        }
    }

    fn begin_string(&mut self, c: u8) -> Step {
        if is_space(c) {
            return Step::Continue;
        }
        if c == b'"' {
            self.state = State::InString;
            return Step::Continue;
        }
        Self::error(c, "looking for beginning of object key string")
    }

    fn exponent_sign(&mut self, c: u8) -> Step {
        if c.is_ascii_digit() {
            self.state = State::ExponentDigits;
            return Step::Continue;
        }
        Self::error(c, "in exponent of numeric literal")
    }
}

/// Go's `checkValid`: `None` when `json.Unmarshal` would go on to decode the bytes.
pub(crate) fn check_valid(bytes: &[u8]) -> Option<SyntaxError> {
    let mut scanner = Scanner {
        state: State::BeginValue,
        stack: Vec::new(),
    };
    let mut at = 0;
    while let Some(c) = scanner.next_byte(bytes, &mut at) {
        if let Step::Error(message) = scanner.step(c) {
            return Some(SyntaxError {
                message,
                offset: at + 1,
            });
        }
        at += 1;
    }
    // Go's `eof`: a space ends a number at the end of the input, anything else unfinished
    // is a truncated document.
    if scanner.state != State::EndTop {
        if let Step::Error(message) = scanner.step(b' ') {
            return Some(SyntaxError {
                message,
                offset: bytes.len(),
            });
        }
    }
    (scanner.state != State::EndTop).then(|| SyntaxError {
        message: "unexpected end of JSON input".to_owned(),
        offset: bytes.len(),
    })
}

/// What `json.NewDecoder(r).Decode(&v)` finds wrong before decoding (`Decoder.readValue`): it
/// reads one value and stops at its end, so what follows is never looked at (not even a
/// second value or garbage); input that ends first is `EOF` when it held nothing but spaces,
/// else `unexpected EOF` (an `io` error, not a `*json.SyntaxError`; the offset is the end).
pub(crate) fn check_stream(bytes: &[u8]) -> Option<SyntaxError> {
    let mut scanner = Scanner {
        state: State::BeginValue,
        stack: Vec::new(),
    };
    let mut at = 0;
    while let Some(c) = scanner.next_byte(bytes, &mut at) {
        if scanner.state == State::EndTop {
            return None;
        }
        if let Step::Error(message) = scanner.step(c) {
            // The byte after a number or literal ended the value: the decoder stops there.
            if message.ends_with("after top-level value") {
                return None;
            }
            return Some(SyntaxError {
                message,
                offset: at + 1,
            });
        }
        at += 1;
    }
    // Go's `eof`: a space ends a number at the end of the input.
    if scanner.state != State::EndTop && matches!(scanner.step(b' '), Step::Error(_)) {
        scanner.state = State::BeginValue;
    }
    if scanner.state == State::EndTop {
        return None;
    }
    let message = if bytes.iter().all(|c| is_space(*c)) {
        "EOF"
    } else {
        "unexpected EOF"
    };
    Some(SyntaxError {
        message: message.to_owned(),
        offset: bytes.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// What ocilint's parser reads as strict JSON with nothing to report, Go's scanner
        /// takes (which `Input::go_syntax_error` relies on to skip the scan): over short
        /// strings of JSON's own characters and a few that are not.
        #[test]
        fn go_takes_what_the_parser_reads_as_strict_json(
            text in r#"[-+.0-9eEtrufalsn"\\/u{}\[\],: \t\r\nabcdF\x00\x1f\x7féÿ\u{feff}]{0,14}"#
        ) {
            let arena = crate::json::Arena::new();
            let parsed = crate::json::parse(text.as_bytes(), &arena);
            if parsed.is_strict() {
                prop_assert_eq!(check_valid(text.as_bytes()), None, "{:?}", text);
            }
        }
    }

    /// The same over every rule fixture (documents, most of them strict) and a few edges.
    #[test]
    fn go_takes_every_strict_fixture() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut strict = 0;
        let mut documents: Vec<Vec<u8>> = [
            "[1e5, -0, 1E+2, 0.5, -1.25e-3]",
            " \t\r\n{\"a\": [], \"b\": {}, \"é\": \"é\\u00e9\\n\\/\"} ",
            "\"\u{7f}\"",
            "[[[[[]]]]]",
        ]
        .iter()
        .map(|text| text.as_bytes().to_vec())
        .collect();
        for rule in std::fs::read_dir(root).expect("fixtures") {
            for file in std::fs::read_dir(rule.expect("entry").path()).expect("rule folder") {
                let path = file.expect("entry").path();
                if path.extension().is_some_and(|e| e == "json") {
                    documents.push(std::fs::read(path).expect("fixture"));
                }
            }
        }
        for bytes in &documents {
            let arena = crate::json::Arena::new();
            let parsed = crate::json::parse(bytes, &arena);
            if parsed.is_strict() {
                strict += 1;
                assert_eq!(
                    check_valid(bytes),
                    None,
                    "{}",
                    String::from_utf8_lossy(bytes)
                );
            }
        }
        assert!(strict > 300, "{strict} strict documents");
    }

    fn message(bytes: &[u8]) -> Option<(String, usize)> {
        check_valid(bytes).map(|e| (e.message, e.offset))
    }

    #[test]
    fn go_words_and_offsets() {
        assert_eq!(
            message(br#"{"a": [1, 2.5e-3, true, null, "x\u00e9"]}"#),
            None
        );
        assert_eq!(
            message(b"\xEF\xBB\xBF{}"),
            Some((
                "invalid character '\u{ef}' looking for beginning of value".into(),
                1
            ))
        );
        assert_eq!(
            message(b"{} x"),
            Some(("invalid character 'x' after top-level value".into(), 4))
        );
        assert_eq!(
            message(b"{\"a\":1"),
            Some(("unexpected end of JSON input".into(), 6))
        );
        assert_eq!(
            message(b"{\"a\":02}"),
            Some((
                "invalid character '2' after object key:value pair".into(),
                7
            ))
        );
        assert_eq!(
            message(b"{'a':1}"),
            Some((
                r"invalid character '\'' looking for beginning of object key string".into(),
                2
            ))
        );
        assert_eq!(
            message(b"\"a\tb\""),
            Some((r"invalid character '\t' in string literal".into(), 3))
        );
        assert_eq!(
            message(b"{\"a\":1,}"),
            Some((
                "invalid character '}' looking for beginning of object key string".into(),
                8
            ))
        );
        assert_eq!(message(b"12"), None);
        assert_eq!(
            message(b"\0"),
            Some((
                r"invalid character '\x00' looking for beginning of value".into(),
                1
            ))
        );
    }

    #[test]
    fn the_inside_of_a_string_is_skipped_to_what_ends_or_escapes_it() {
        // A control byte deep inside a long string, after an escape: the offset is the byte's.
        let long = "a".repeat(300);
        let text = format!("{{\"k\": \"{long}\\n{long}\u{1}x\"}}");
        let at = text.find('\u{1}').expect("the control byte") + 1;
        let found = check_valid(text.as_bytes()).expect("a syntax error");
        assert_eq!(found.message, "invalid character '\\x01' in string literal");
        assert_eq!(found.offset, at);
        // Unterminated: the scan runs off the end inside the string.
        let open = format!("{{\"k\": \"{long}");
        let found = check_valid(open.as_bytes()).expect("a syntax error");
        assert_eq!(found.message, "unexpected end of JSON input");
        assert_eq!(found.offset, open.len());
        assert_eq!(check_valid(format!("[\"{long}\\\"\"]").as_bytes()), None);
    }

    #[test]
    fn strings_are_quoted_as_go_quotes_them() {
        assert_eq!(go_quote("a\0b\t\"é"), r#""a\x00b\t\"é""#);
    }

    #[test]
    fn nesting_stops_past_ten_thousand() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert_eq!(message(deep(10_000).as_bytes()), None);
        assert_eq!(
            message(deep(10_001).as_bytes()),
            Some(("invalid character '[' exceeded max depth".into(), 10_001))
        );
    }

    #[test]
    fn the_stream_decoder_reads_one_value() {
        let stream = |bytes: &[u8]| check_stream(bytes).map(|e| (e.message, e.offset));
        assert_eq!(stream(b"{} {"), None);
        assert_eq!(stream(b"12x"), None);
        assert_eq!(stream(b"12"), None);
        assert_eq!(stream(b" \n"), Some(("EOF".into(), 2)));
        assert_eq!(stream(b"{\"a\":"), Some(("unexpected EOF".into(), 5)));
        assert_eq!(stream(b"-"), Some(("unexpected EOF".into(), 1)));
        assert_eq!(
            stream(b"{]"),
            Some((
                "invalid character ']' looking for beginning of object key string".into(),
                2
            ))
        );
    }
}
