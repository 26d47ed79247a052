//! A lossless, positioned, non-recursive JSON parser over bytes.
//!
//! Why by hand: serde_json gives neither byte ranges nor duplicate keys nor raw number text,
//! and a digest is over exact bytes, so a BOM or invalid UTF-8 must be seen, not repaired away.
//! Nesting lives on an explicit stack, so a hostile document cannot overflow the call stack.

use super::tree::{Arena, Document, Member, Node, Value};
use crate::text::TextRange;

/// Deeper nesting than this is reported instead of parsed; real manifests nest under 10 levels.
pub const MAX_DEPTH: usize = 512;
/// Byte ranges are `u32`; larger inputs are refused with a diagnostic.
pub const MAX_INPUT_LEN: usize = u32::MAX as usize;

/// What the parser found wrong, by kind; the engine maps each kind to its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueKind {
    /// Not JSON at this point: the tree could not be built.
    Syntax,
    /// Nesting deeper than [`MAX_DEPTH`]: the tree could not be built.
    TooDeep,
    /// A complete value followed by more non-whitespace bytes. The tree is kept.
    TrailingData,
    /// A UTF-8 byte-order mark at the start.
    ByteOrderMark,
    /// Bytes inside a string that are not UTF-8 (decoded as U+FFFD).
    InvalidUtf8,
    /// A `\u` escape naming half a surrogate pair (decoded as U+FFFD).
    LoneSurrogate,
    /// A raw control character (U+0000–U+001F) inside a string.
    ControlCharacter,
    /// A backslash escape JSON does not define (kept literally).
    InvalidEscape,
}

impl IssueKind {
    /// What makes bytes not well-formed JSON (RFC 8259), so that the programs ocilint models
    /// refuse them whatever they say. The parser builds a tree past some of these, but that
    /// tree reads text the bytes do not hold.
    pub const MALFORMED: &'static [IssueKind] = &[
        IssueKind::Syntax,
        IssueKind::TrailingData,
        IssueKind::ControlCharacter,
        IssueKind::InvalidEscape,
    ];
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub kind: IssueKind,
    pub range: TextRange,
    pub message: String,
}

#[cfg(test)]
thread_local! {
    /// How many times this thread has parsed a document: unit tests count the parses a check
    /// makes (each test runs on its own thread).
    pub(crate) static PARSES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[derive(Debug)]
pub struct Parsed<'a> {
    pub document: Document<'a>,
    pub issues: Vec<Issue>,
}

impl Parsed<'_> {
    /// Whether the bytes are strict JSON: a value the parser built, and nothing it reported
    /// (no syntax error, byte-order mark, bad UTF-8, lone surrogate, control character, bad
    /// escape or trailing data). The programs ocilint models read such a document as it does,
    /// so their models may read its parse instead of the bytes again.
    pub fn is_strict(&self) -> bool {
        self.document.root.is_some() && self.issues.is_empty()
    }
}

/// Parses `source` into a tree kept in `arena` (see [`Arena`]).
pub fn parse<'a>(source: &'a [u8], arena: &'a Arena) -> Parsed<'a> {
    #[cfg(test)]
    PARSES.with(|count| count.set(count.get() + 1));
    let mut parser = Parser {
        src: source,
        arena,
        decoded: String::new(),
        string_decoded: false,
        decoded_keys: Vec::new(),
        // Validated once, in one fast pass: then a string's text is a slice of it.
        text: std::str::from_utf8(source).ok(),
        pos: 0,
        issues: Vec::new(),
    };
    let root = parser.document();
    parser
        .decoded_keys
        .sort_unstable_by_key(|(value_start, _)| *value_start);
    Parsed {
        document: Document {
            source,
            text: parser.text,
            root,
            decoded_keys: arena.alloc_slice_copy(&parser.decoded_keys),
        },
        issues: parser.issues,
    }
}

/// An open container on the explicit stack. Its children so far sit at the end of the
/// parse's one scratch list of items (or members), from `first` on: each container's slice
/// is copied into the arena once, at its exact length, when it closes.
enum Frame<'a> {
    Array {
        start: usize,
        first: usize,
    },
    Object {
        start: usize,
        first: usize,
        key: &'a str,
        /// The key's range when it was decoded (see [`Document::key_range`]).
        decoded_key: Option<TextRange>,
    },
}

/// The children of every open container, innermost last.
#[derive(Default)]
struct Scratch<'a> {
    items: Vec<Node<'a>>,
    members: Vec<Member<'a>>,
}

/// Stops parsing; the issue has been recorded.
struct Fatal;

struct Parser<'a> {
    src: &'a [u8],
    /// Where containers' children and decoded strings go.
    arena: &'a Arena,
    /// The text of the string being decoded, when it has escapes or bytes that are not UTF-8.
    decoded: String,
    /// Whether the last string read was decoded rather than borrowed.
    string_decoded: bool,
    /// The ranges of decoded keys, by where their values start.
    decoded_keys: Vec<(u32, TextRange)>,
    /// The whole input as text, when it is all UTF-8 (nearly always).
    text: Option<&'a str>,
    pos: usize,
    issues: Vec<Issue>,
}

impl<'a> Parser<'a> {
    fn document(&mut self) -> Option<Node<'a>> {
        // (On 32-bit targets no slice is that long.)
        if u32::try_from(self.src.len()).is_err() {
            self.issue(
                IssueKind::Syntax,
                TextRange::empty(0),
                "the input is larger than 4 GiB".into(),
            );
            return None;
        }
        if self.src.starts_with(b"\xEF\xBB\xBF") {
            self.issue(
                IssueKind::ByteOrderMark,
                TextRange::new(0, 3),
                "the document starts with a UTF-8 byte-order mark".into(),
            );
            self.pos = 3;
        }
        let root = self.value_tree().ok()?;
        self.skip_whitespace();
        if self.pos < self.src.len() {
            let found = self.describe_at(self.pos);
            self.issue(
                IssueKind::TrailingData,
                TextRange::new(self.pos, self.src.len()),
                format!("unexpected {found} after the end of the JSON value"),
            );
        }
        Some(root)
    }

    fn issue(&mut self, kind: IssueKind, range: TextRange, message: String) {
        self.issues.push(Issue {
            kind,
            range,
            message,
        });
    }

    fn fatal(&mut self, kind: IssueKind, range: TextRange, message: String) -> Fatal {
        self.issue(kind, range, message);
        Fatal
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// A human description of what is at `at`: "`}`", "end of input", "byte 0x89".
    fn describe_at(&self, at: usize) -> String {
        match self.src.get(at) {
            None => "end of input".into(),
            Some(&b) if b.is_ascii_alphabetic() => {
                let word: String = self.src[at..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .take(20)
                    .map(|&b| b as char)
                    .collect();
                format!("`{word}`")
            }
            // Not in backticks: a backtick inside a code span would end it.
            Some(b'`') => "a backtick (U+0060)".into(),
            Some(&b) if b.is_ascii_graphic() => format!("`{}`", b as char),
            Some(&b) if b.is_ascii_whitespace() => "whitespace".into(),
            Some(&b) => match decode_char_at(self.src, at) {
                Some(c) => format!("`{c}` (U+{:04X})", c as u32),
                None => format!("byte 0x{b:02X}"),
            },
        }
    }

    fn unexpected(&mut self, expected: &str) -> Fatal {
        let found = self.describe_at(self.pos);
        // The whole character found, so a UTF-16 range never ends inside it.
        let end = match decode_char_at(self.src, self.pos) {
            Some(c) => self.pos + c.len_utf8(),
            None => (self.pos + 1).min(self.src.len()),
        };
        self.fatal(
            IssueKind::Syntax,
            TextRange::new(self.pos, end),
            format!("expected {expected}, found {found}"),
        )
    }

    /// Parses one value, with containers handled on an explicit stack.
    fn value_tree(&mut self) -> Result<Node<'a>, Fatal> {
        let mut stack: Vec<Frame> = Vec::new();
        let mut scratch = Scratch::default();
        'value: loop {
            self.skip_whitespace();
            let start = self.pos;
            let mut node = match self.peek() {
                Some(b'{') => {
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        Node {
                            value: Value::Object(&[]),
                            range: TextRange::new(start, self.pos),
                        }
                    } else {
                        self.check_depth(&stack, start)?;
                        let (key, decoded_key) = self.member_name(false)?;
                        stack.push(Frame::Object {
                            start,
                            first: scratch.members.len(),
                            key,
                            decoded_key,
                        });
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        Node {
                            value: Value::Array(&[]),
                            range: TextRange::new(start, self.pos),
                        }
                    } else {
                        self.check_depth(&stack, start)?;
                        stack.push(Frame::Array {
                            start,
                            first: scratch.items.len(),
                        });
                        continue 'value;
                    }
                }
                Some(b'"') => {
                    let text = self.string()?;
                    Node {
                        value: Value::String(text),
                        range: TextRange::new(start, self.pos),
                    }
                }
                Some(b'-' | b'0'..=b'9') => {
                    self.number()?;
                    Node {
                        value: Value::Number,
                        range: TextRange::new(start, self.pos),
                    }
                }
                Some(b't') => self.literal(b"true", Value::Bool(true))?,
                Some(b'f') => self.literal(b"false", Value::Bool(false))?,
                Some(b'n') => self.literal(b"null", Value::Null)?,
                Some(b']') if matches!(stack.last(), Some(&Frame::Array { first, .. }) if scratch.items.len() > first) =>
                {
                    return Err(self.fatal(
                        IssueKind::Syntax,
                        TextRange::new(self.pos, self.pos + 1),
                        "trailing comma: expected another array element before `]`".into(),
                    ));
                }
                _ => return Err(self.unexpected("a JSON value")),
            };
            // A value is complete: attach it to its container, closing containers as they end.
            loop {
                match stack.last_mut() {
                    None => return Ok(node),
                    Some(Frame::Array { .. }) => {
                        scratch.items.push(node);
                        self.skip_whitespace();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                continue 'value;
                            }
                            Some(b']') => self.pos += 1,
                            _ => return Err(self.unexpected("`,` or `]`")),
                        }
                    }
                    Some(Frame::Object {
                        key, decoded_key, ..
                    }) => {
                        if let Some(key_range) = *decoded_key {
                            self.decoded_keys.push((node.range.start, key_range));
                        }
                        scratch.members.push(Member { key, value: node });
                        self.skip_whitespace();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_whitespace();
                                let (next_key, next_decoded) = self.member_name(true)?;
                                *key = next_key;
                                *decoded_key = next_decoded;
                                continue 'value;
                            }
                            Some(b'}') => self.pos += 1,
                            _ => return Err(self.unexpected("`,` or `}`")),
                        }
                    }
                }
                node = match stack.pop() {
                    Some(Frame::Array { start, first }) => {
                        let items = self.arena.alloc_slice_copy(&scratch.items[first..]);
                        scratch.items.truncate(first);
                        Node {
                            value: Value::Array(items),
                            range: TextRange::new(start, self.pos),
                        }
                    }
                    Some(Frame::Object { start, first, .. }) => {
                        let members = self.arena.alloc_slice_copy(&scratch.members[first..]);
                        scratch.members.truncate(first);
                        Node {
                            value: Value::Object(members),
                            range: TextRange::new(start, self.pos),
                        }
                    }
                    None => unreachable!("the loop returns when the stack is empty"),
                };
            }
        }
    }

    fn check_depth(&mut self, stack: &[Frame], start: usize) -> Result<(), Fatal> {
        if stack.len() < MAX_DEPTH {
            return Ok(());
        }
        Err(self.fatal(
            IssueKind::TooDeep,
            TextRange::new(start, start + 1),
            format!("nesting is deeper than {MAX_DEPTH} levels; no manifest, index or config needs that"),
        ))
    }

    /// `"name"` followed by `:`, positioned at the opening quote; with the name's range,
    /// quotes included, when it was decoded (else its text says where it is).
    fn member_name(&mut self, after_comma: bool) -> Result<(&'a str, Option<TextRange>), Fatal> {
        let start = self.pos;
        match self.peek() {
            Some(b'"') => {}
            Some(b'}') if after_comma => {
                return Err(self.fatal(
                    IssueKind::Syntax,
                    TextRange::new(self.pos, self.pos + 1),
                    "trailing comma: expected another member before `}`".into(),
                ))
            }
            _ => return Err(self.unexpected("a member name in double quotes")),
        }
        let key = self.string()?;
        let decoded = self.string_decoded.then(|| TextRange::new(start, self.pos));
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return Err(self.unexpected("`:` after the member name"));
        }
        self.pos += 1;
        Ok((key, decoded))
    }

    fn literal(&mut self, word: &[u8], value: Value<'a>) -> Result<Node<'a>, Fatal> {
        let start = self.pos;
        if self.src[start..].starts_with(word) {
            self.pos += word.len();
            Ok(Node {
                value,
                range: TextRange::new(start, self.pos),
            })
        } else {
            Err(self.unexpected("a JSON value"))
        }
    }

    /// RFC 8259 number grammar; the text itself stays in the source.
    fn number(&mut self) -> Result<(), Fatal> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.fatal(
                        IssueKind::Syntax,
                        TextRange::new(start, self.pos + 1),
                        "numbers cannot have leading zeros".into(),
                    ));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.unexpected("a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.unexpected("a digit after the decimal point"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.unexpected("a digit in the exponent"));
            }
            self.digits();
        }
        Ok(())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    /// A string at the opening quote; returns its decoded value. Problems inside a string
    /// (bad UTF-8, lone surrogates, control characters, unknown escapes) are reported and
    /// decoded leniently, so the rest of the document is still checked.
    fn string(&mut self) -> Result<&'a str, Fatal> {
        let open = self.pos;
        self.pos += 1;
        // One buffer for every decoded string of the parse; the arena keeps the copy.
        let mut out = std::mem::take(&mut self.decoded);
        out.clear();
        let mut run_start = self.pos;
        loop {
            // Skip the plain bytes in one tight scan; only quotes, backslashes and control
            // characters need a decision.
            self.pos += self.src[self.pos..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(self.src.len() - self.pos);
            let Some(byte) = self.peek() else {
                return Err(self.fatal(
                    IssueKind::Syntax,
                    TextRange::new(open, self.src.len()),
                    "unterminated string: expected a closing `\"`".into(),
                ));
            };
            match byte {
                b'"' => {
                    if out.is_empty() {
                        // The common case, no escapes: the text is the bytes, borrowed.
                        let src = self.src;
                        let run = match self.text {
                            Some(whole) => whole.get(run_start..self.pos),
                            None => std::str::from_utf8(&src[run_start..self.pos]).ok(),
                        };
                        if let Some(text) = run {
                            self.pos += 1;
                            self.string_decoded = false;
                            return Ok(text);
                        }
                    }
                    self.push_run(&mut out, run_start, self.pos);
                    self.pos += 1;
                    let text = self.arena.alloc_str(&out);
                    self.decoded = out;
                    self.string_decoded = true;
                    return Ok(text);
                }
                b'\\' => {
                    self.push_run(&mut out, run_start, self.pos);
                    self.escape(&mut out)?;
                    run_start = self.pos;
                }
                0x00..=0x1F => {
                    self.issue(
                        IssueKind::ControlCharacter,
                        TextRange::new(self.pos, self.pos + 1),
                        format!(
                            "raw control character U+{byte:04X} inside a string; JSON requires it to be escaped"
                        ),
                    );
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Appends `src[from..to]` (no quotes or escapes inside) to `out`, reporting invalid UTF-8.
    fn push_run(&mut self, out: &mut String, from: usize, to: usize) {
        let mut bytes = &self.src[from..to];
        let mut offset = from;
        loop {
            match std::str::from_utf8(bytes) {
                Ok(text) => {
                    out.push_str(text);
                    return;
                }
                Err(error) => {
                    let valid = error.valid_up_to();
                    // Safe to unwrap: `valid_up_to` marks a valid prefix.
                    out.push_str(std::str::from_utf8(&bytes[..valid]).unwrap_or_default());
                    out.push(char::REPLACEMENT_CHARACTER);
                    let bad = error.error_len().unwrap_or(bytes.len() - valid);
                    let (start, end) = (offset + valid, offset + valid + bad);
                    // One diagnostic per run of bad bytes, not one per byte.
                    let extends_previous = valid == 0
                        && self.issues.last().is_some_and(|last| {
                            last.kind == IssueKind::InvalidUtf8 && last.range.end as usize == start
                        });
                    if extends_previous {
                        if let Some(last) = self.issues.last_mut() {
                            last.range.end = end as u32;
                            last.message = format!(
                                "invalid UTF-8 ({}) inside a string",
                                hex_bytes(&self.src[last.range.as_usize()])
                            );
                        }
                    } else {
                        self.issue(
                            IssueKind::InvalidUtf8,
                            TextRange::new(start, end),
                            format!(
                                "invalid UTF-8 ({}) inside a string",
                                hex_bytes(&self.src[start..end])
                            ),
                        );
                    }
                    bytes = &bytes[valid + bad..];
                    offset += valid + bad;
                }
            }
        }
    }

    /// A backslash escape, positioned at the backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), Fatal> {
        let start = self.pos;
        self.pos += 1;
        let Some(byte) = self.peek() else {
            return Err(self.fatal(
                IssueKind::Syntax,
                TextRange::new(start, self.pos),
                "unterminated string: the input ends inside an escape".into(),
            ));
        };
        self.pos += 1;
        let simple = match simple_escape(byte) {
            Some(c) => c,
            None if byte == b'u' => return self.unicode_escape(start, out),
            None => {
                // The escaped character whole (a backslash before `é` is before two bytes),
                // so the range ends on a character boundary and the text keeps the `é`.
                let escaped = match decode_char_at(self.src, start + 1) {
                    Some(c) => {
                        self.pos = start + 1 + c.len_utf8();
                        format!("`\\{c}`")
                    }
                    None => format!("`\\` followed by byte 0x{byte:02X}"),
                };
                self.issue(
                    IssueKind::InvalidEscape,
                    TextRange::new(start, self.pos),
                    format!(
                        "{escaped} is not a JSON escape (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"
                    ),
                );
                decode_char_at(self.src, start + 1).unwrap_or(char::REPLACEMENT_CHARACTER)
            }
        };
        out.push(simple);
        Ok(())
    }

    /// `\uXXXX`, combining surrogate pairs; positioned after the `u`.
    fn unicode_escape(&mut self, start: usize, out: &mut String) -> Result<(), Fatal> {
        let high = self.hex4(start)?;
        let code = if (0xD800..0xDC00).contains(&high) {
            let pair_start = self.pos;
            if self.src[self.pos..].starts_with(b"\\u") {
                self.pos += 2;
                let low = self.hex4(pair_start)?;
                if (0xDC00..0xE000).contains(&low) {
                    Some(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                } else {
                    self.lone_surrogate(start, pair_start, high);
                    out.push(char::REPLACEMENT_CHARACTER);
                    // The second escape stands on its own.
                    if char::from_u32(low).is_some() {
                        Some(low)
                    } else {
                        self.lone_surrogate(pair_start, self.pos, low);
                        None
                    }
                }
            } else {
                self.lone_surrogate(start, self.pos, high);
                None
            }
        } else if (0xDC00..0xE000).contains(&high) {
            self.lone_surrogate(start, self.pos, high);
            None
        } else {
            Some(high)
        };
        out.push(
            code.and_then(char::from_u32)
                .unwrap_or(char::REPLACEMENT_CHARACTER),
        );
        Ok(())
    }

    fn lone_surrogate(&mut self, start: usize, end: usize, code: u32) {
        self.issue(
            IssueKind::LoneSurrogate,
            TextRange::new(start, end),
            format!("`\\u{code:04X}` is half of a UTF-16 surrogate pair with no other half"),
        );
    }

    fn hex4(&mut self, escape_start: usize) -> Result<u32, Fatal> {
        let digits = self.src.get(self.pos..self.pos + 4);
        let value = digits
            .and_then(|d| std::str::from_utf8(d).ok())
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|d| u32::from_str_radix(d, 16).ok());
        match value {
            Some(value) => {
                self.pos += 4;
                Ok(value)
            }
            None => Err(self.fatal(
                IssueKind::Syntax,
                TextRange::new(
                    escape_start,
                    char_boundary_at_or_after(self.src, self.pos + 4),
                ),
                "`\\u` must be followed by four hexadecimal digits".into(),
            )),
        }
    }
}

/// `at`, or the end of the character `at` falls inside (the end of the input at most), so
/// that a range ending there does not cut a character in two.
fn char_boundary_at_or_after(src: &[u8], at: usize) -> usize {
    let mut at = at.min(src.len());
    while src.get(at).is_some_and(|&b| (b & 0xC0) == 0x80) && at < src.len() {
        at += 1;
    }
    at
}

fn decode_char_at(src: &[u8], at: usize) -> Option<char> {
    let end = (at + 4).min(src.len());
    (at + 1..=end).find_map(|stop| std::str::from_utf8(&src[at..stop]).ok()?.chars().next())
}

fn hex_bytes(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("0x{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What JSON's one-character escapes (`\"`, `\n`…, all but `\u`) stand for.
pub(crate) fn simple_escape(byte: u8) -> Option<char> {
    Some(match byte {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        _ => return None,
    })
}
