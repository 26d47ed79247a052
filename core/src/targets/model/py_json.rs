//! Python 3.12's `json.loads` over a `str` (CPython `Lib/json/decoder.py` and
//! `Modules/_json.c` at v3.12: the C scanner, strict mode), its values as Python holds them
//! (a `dict` keeps a key's first position and its last value; integers exact; `NaN`,
//! `Infinity`, `-Infinity` accepted), its errors in its own words (`Expecting value: line 1
//! column 1 (char 0)`), and `repr()` of the values, as `jsonschema` writes them into its
//! messages.

use foldhash::{HashMap, HashMapExt as _};
use std::borrow::Cow;

use crate::json::{Document, Node, Value};

/// A decoded value.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum PyValue<'a> {
    None,
    Bool(bool),
    /// The integer's decimal text as Python prints it (`-0` is `0`).
    Int(Cow<'a, str>),
    Float(f64),
    /// Borrowed from the text when it has no escapes: an index's strings are not copied.
    Str(Cow<'a, str>),
    List(Vec<PyValue<'a>>),
    Dict(PyDict<'a>),
}

/// A `dict` built from an object's members: a key given twice keeps its first position and
/// takes its last value. The members are kept as given: a lookup (a handful per dict, for the
/// schema's properties) scans them from the last, and only `repr` merges the duplicates, so
/// building a dict of a million keys costs no hashing at all.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct PyDict<'a> {
    members: Vec<(Cow<'a, str>, PyValue<'a>)>,
}

impl<'a> PyDict<'a> {
    fn insert(&mut self, key: Cow<'a, str>, value: PyValue<'a>) {
        self.members.push((key, value));
    }

    /// `dict.get(key)`: the last value given for it.
    pub(super) fn get(&self, key: &str) -> Option<&PyValue<'a>> {
        self.members
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, value)| value)
    }
}

/// A value `json.loads` returned, read from [`loads`]'s own decode or, for a document that
/// ocilint's parser read as strict JSON ([`crate::json::Parsed::is_strict`]), straight from
/// that parse ([`Py::of_strict`]): Python decodes such a document to the same values (a key
/// given twice keeps its first position and its last value in both readings), so a
/// 5000-entry index is not decoded a second time.
#[derive(Debug, Clone, Copy)]
pub(super) enum Py<'v> {
    Decoded(&'v PyValue<'v>),
    Parsed(&'v Document<'v>, &'v Node<'v>),
}

/// A number as Python holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum PyNumber<'v> {
    /// The integer's decimal text as Python prints it (`-0` is `0`).
    Int(&'v str),
    Float(f64),
}

/// A value's Python type with what it holds, read either way.
#[derive(Debug, Clone)]
pub(super) enum PyView<'v> {
    None,
    Bool(bool),
    Number(PyNumber<'v>),
    Str(&'v str),
    List(PyItems<'v>),
    /// A dict, with how many members it was given (a key given twice counts twice).
    Dict(usize),
}

impl<'v> Py<'v> {
    /// The root of a strict document ([`crate::json::Parsed::is_strict`]) read through
    /// ocilint's parse, when `json.loads` decodes it to the same values: ocilint's parser
    /// reports what Python refuses (a syntax error, a byte-order mark, a control character, a
    /// bad escape) and what Python reads differently (a lone surrogate; it takes no `NaN`,
    /// which Python would), it stops far within [`PY_DEPTH`], and no integer may be over
    /// CPython's 4300 digits.
    pub(super) fn of_strict(document: &'v Document<'v>) -> Option<Py<'v>> {
        const _: () = assert!(crate::json::MAX_DEPTH <= PY_DEPTH);
        let root = document.root.as_ref()?;
        fn short_integers(node: &Node) -> bool {
            match &node.value {
                Value::Number => node.range.len() as usize <= MAX_INT_DIGITS,
                Value::Array(items) => items.iter().all(short_integers),
                Value::Object(members) => {
                    members.iter().all(|member| short_integers(&member.value))
                }
                _ => true,
            }
        }
        // No number of that many digits fits in a shorter document.
        if document.source.len() > MAX_INT_DIGITS && !short_integers(root) {
            return None;
        }
        Some(Py::Parsed(document, root))
    }

    /// The value's Python type and what it holds.
    pub(super) fn view(self) -> PyView<'v> {
        match self {
            Py::Decoded(value) => match value {
                PyValue::None => PyView::None,
                PyValue::Bool(b) => PyView::Bool(*b),
                PyValue::Int(digits) => PyView::Number(PyNumber::Int(digits)),
                PyValue::Float(f) => PyView::Number(PyNumber::Float(*f)),
                PyValue::Str(s) => PyView::Str(s),
                PyValue::List(items) => PyView::List(PyItems::Decoded(items.iter())),
                PyValue::Dict(dict) => PyView::Dict(dict.members.len()),
            },
            Py::Parsed(document, node) => match &node.value {
                Value::Null => PyView::None,
                Value::Bool(b) => PyView::Bool(*b),
                Value::Number => PyView::Number(number_of(document.number_text(node))),
                Value::String(s) => PyView::Str(s),
                Value::Array(items) => PyView::List(PyItems::Parsed(document, items.iter())),
                Value::Object(members) => PyView::Dict(members.len()),
            },
        }
    }

    /// `dict.get(key)`: the last value given for it (`None` for what is not a dict).
    pub(super) fn get(self, key: &str) -> Option<Py<'v>> {
        match self {
            Py::Decoded(PyValue::Dict(dict)) => dict.get(key).map(Py::Decoded),
            Py::Parsed(document, node) => node
                .members()?
                .iter()
                .rev()
                .find(|member| member.key == key)
                .map(|member| Py::Parsed(document, &member.value)),
            Py::Decoded(_) => None,
        }
    }

    /// A list's items (none for what is not a list).
    pub(super) fn items(self) -> PyItems<'v> {
        match self.view() {
            PyView::List(items) => items,
            _ => PyItems::default(),
        }
    }

    /// A dict's items in its order: each key once, where it first came, with its last value.
    fn dict_items(self) -> Vec<(&'v str, Py<'v>)> {
        let members: Vec<(&'v str, Py<'v>)> = match self {
            Py::Decoded(PyValue::Dict(dict)) => dict
                .members
                .iter()
                .map(|(key, value)| (&**key, Py::Decoded(value)))
                .collect(),
            Py::Parsed(document, node) => node
                .members()
                .unwrap_or_default()
                .iter()
                .map(|member| (member.key, Py::Parsed(document, &member.value)))
                .collect(),
            Py::Decoded(_) => Vec::new(),
        };
        let mut position: HashMap<&str, usize> = HashMap::with_capacity(members.len());
        let mut items: Vec<(&str, Py)> = Vec::with_capacity(members.len());
        for (key, value) in members {
            match position.get(key) {
                Some(&at) => items[at].1 = value,
                None => {
                    position.insert(key, items.len());
                    items.push((key, value));
                }
            }
        }
        items
    }

    pub(super) fn as_str(self) -> Option<&'v str> {
        match self.view() {
            PyView::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Python's truth value (`not value` is its negation).
    pub(super) fn truthy(self) -> bool {
        match self.view() {
            PyView::None => false,
            PyView::Bool(b) => b,
            PyView::Number(PyNumber::Int(digits)) => digits != "0",
            PyView::Number(PyNumber::Float(f)) => f != 0.0,
            PyView::Str(s) => !s.is_empty(),
            PyView::List(mut items) => items.next().is_some(),
            PyView::Dict(members) => members > 0,
        }
    }

    /// `value < 0` for a number (`None` for what is not one; NaN compares false).
    pub(super) fn is_negative(self) -> Option<bool> {
        match self.view() {
            PyView::Number(PyNumber::Int(digits)) => Some(digits.starts_with('-')),
            PyView::Number(PyNumber::Float(f)) => Some(f < 0.0),
            _ => None,
        }
    }

    /// `n != value` for a number (`len(bytes) != size`): an integer is compared exactly, a
    /// float as Python compares an int with a float.
    pub(super) fn differs_from(self, n: u64) -> bool {
        match self.view() {
            PyView::Number(PyNumber::Int(digits)) => digits.parse::<u64>() != Ok(n),
            #[allow(clippy::cast_precision_loss)]
            PyView::Number(PyNumber::Float(f)) => f != n as f64,
            _ => true,
        }
    }

    /// Python's `repr()` (and `%s`, which is the same for what JSON decodes to, but a string).
    pub(super) fn repr(self) -> String {
        let mut out = String::new();
        self.write_repr(&mut out);
        out
    }

    /// `'%s' % value`.
    pub(super) fn str(self) -> String {
        self.text().into_owned()
    }

    /// `'%s' % value`, borrowed when the value is a string.
    pub(super) fn text(self) -> Cow<'v, str> {
        match self.as_str() {
            Some(s) => Cow::Borrowed(s),
            None => Cow::Owned(self.repr()),
        }
    }

    fn write_repr(self, out: &mut String) {
        match self.view() {
            PyView::None => out.push_str("None"),
            PyView::Bool(true) => out.push_str("True"),
            PyView::Bool(false) => out.push_str("False"),
            PyView::Number(PyNumber::Int(digits)) => out.push_str(digits),
            PyView::Number(PyNumber::Float(f)) => out.push_str(&float_repr(f)),
            PyView::Str(s) => out.push_str(&str_repr(s)),
            PyView::List(items) => {
                out.push('[');
                for (i, item) in items.enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write_repr(out);
                }
                out.push(']');
            }
            PyView::Dict(_) => {
                out.push('{');
                for (i, (key, value)) in self.dict_items().into_iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&str_repr(key));
                    out.push_str(": ");
                    value.write_repr(out);
                }
                out.push('}');
            }
        }
    }
}

/// A list's items, read either way.
#[derive(Debug, Clone)]
pub(super) enum PyItems<'v> {
    Decoded(std::slice::Iter<'v, PyValue<'v>>),
    Parsed(&'v Document<'v>, std::slice::Iter<'v, Node<'v>>),
}

/// No items: what a missing list has.
impl Default for PyItems<'_> {
    fn default() -> Self {
        PyItems::Decoded([].iter())
    }
}

impl<'v> Iterator for PyItems<'v> {
    type Item = Py<'v>;

    fn next(&mut self) -> Option<Py<'v>> {
        match self {
            PyItems::Decoded(items) => items.next().map(Py::Decoded),
            PyItems::Parsed(document, items) => items.next().map(|node| Py::Parsed(document, node)),
        }
    }
}

/// CPython's limit on converting a long decimal string to an `int` (3.12 `sys.int_info`).
const MAX_INT_DIGITS: usize = 4300;

/// A strict JSON number as `_match_number_unicode` takes it: a float when it has a fraction
/// or an exponent, else an integer (`-0` is `0`).
fn number_of(text: &str) -> PyNumber<'_> {
    if text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        PyNumber::Float(text.parse().unwrap_or(f64::NAN))
    } else if text == "-0" {
        PyNumber::Int("0")
    } else {
        PyNumber::Int(text)
    }
}

/// `repr(float)`: the shortest digits that round-trip, in fixed notation for decimal
/// exponents from -4 to 15, else scientific with at least two exponent digits.
pub(super) fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').expect("an exponent");
    let exp: i32 = exp.parse().expect("a number");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let mut out = sign.to_owned();
    if (-4..16).contains(&exp) {
        if exp >= 0 {
            let int_len = usize::try_from(exp).expect("non-negative") + 1;
            if digits.len() <= int_len {
                out.push_str(&digits);
                out.push_str(&"0".repeat(int_len - digits.len()));
                out.push_str(".0");
            } else {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            }
        } else {
            out.push_str("0.");
            out.push_str(&"0".repeat(usize::try_from(-exp - 1).expect("positive")));
            out.push_str(&digits);
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push_str(&format!(
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        ));
    }
    out
}

/// `repr(str)`: single quotes unless the text holds one and no double quote; `\\`, the quote,
/// `\t`, `\n`, `\r` escaped, other non-printable characters as `\xNN`, `\uNNNN` or
/// `\UNNNNNNNN`. Printable is Unicode's (`str.isprintable`), approximated here: control and
/// format characters, separators other than the space, and private-use characters are not.
pub(super) fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if printable(c) => out.push(c),
            c => {
                let n = u32::from(c);
                if n <= 0xff {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n <= 0xffff {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
        }
    }
    out.push(quote);
    out
}

fn printable(c: char) -> bool {
    let n = u32::from(c);
    if n < 0x7f {
        return n >= 0x20;
    }
    !matches!(n,
        0x7f..=0xa0
        | 0xad
        | 0x600..=0x605
        | 0x61c
        | 0x6dd
        | 0x70f
        | 0x1680
        | 0x180e
        | 0x2000..=0x200f
        | 0x2028..=0x202f
        | 0x205f..=0x2064
        | 0x2066..=0x206f
        | 0x3000
        | 0xd800..=0xf8ff
        | 0xfeff
        | 0xfff9..=0xfffb
        | 0xe0001
        | 0xe0020..=0xe007f
        | 0xf0000..)
}

/// Why `json.loads` failed: its message (`Expecting value: line 1 column 1 (char 0)`, or a
/// `ValueError` of its own) and the byte it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PyJsonError {
    pub message: String,
    pub offset: usize,
}

/// How deep the model follows nesting. CPython bounds the C scanner's recursion
/// (`Py_EnterRecursiveCall`: a `RecursionError`, not a `ValueError`, so Flask's 500), at a
/// depth that depends on the interpreter's limits and the request's own frames; below this
/// depth no limit applies, beyond it the model does not say.
pub(super) const PY_DEPTH: usize = 900;

/// What `json.loads` does not end in a `ValueError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Failure {
    Value(PyJsonError),
    /// Nested deeper than [`PY_DEPTH`]: Python's recursion limit decides, not modelled.
    TooDeep,
}

/// `json.loads(text)` for `text` valid UTF-8.
pub(super) fn loads(text: &str) -> Result<PyValue<'_>, Failure> {
    let bytes = text.as_bytes();
    let parser = Parser { text, bytes };
    if text.starts_with('\u{feff}') {
        return Err(parser.error("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0));
    }
    let start = parser.skip_ws(0);
    let (value, end) = parser.scan_once(start, 0)?;
    let end = parser.skip_ws(end);
    if end != bytes.len() {
        return Err(parser.error("Extra data", end));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
}

impl<'a> Parser<'a> {
    /// `JSONDecodeError(msg, doc, pos)`: `msg: line L column C (char P)`, in characters.
    fn error(&self, message: &str, offset: usize) -> Failure {
        let before = &self.text[..offset];
        let pos = before.chars().count();
        let line = before.matches('\n').count() + 1;
        let column = match before.rfind('\n') {
            Some(nl) => before[nl + 1..].chars().count() + 1,
            None => pos + 1,
        };
        Failure::Value(PyJsonError {
            message: format!("{message}: line {line} column {column} (char {pos})"),
            offset,
        })
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while i < self.bytes.len() && matches!(self.bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        i
    }

    fn starts(&self, i: usize, word: &str) -> bool {
        self.bytes[i..].starts_with(word.as_bytes())
    }

    /// `scan_once`: a value at `i`, and where it ends; `Expecting value` where none starts.
    fn scan_once(&self, i: usize, depth: usize) -> Result<(PyValue<'a>, usize), Failure> {
        if depth > PY_DEPTH {
            return Err(Failure::TooDeep);
        }
        let Some(&c) = self.bytes.get(i) else {
            return Err(self.error("Expecting value", i));
        };
        match c {
            b'"' => self
                .scan_string(i + 1)
                .map(|(s, end)| (PyValue::Str(s), end)),
            b'{' => self.parse_object(i + 1, depth + 1),
            b'[' => self.parse_array(i + 1, depth + 1),
            b'n' if self.starts(i, "null") => Ok((PyValue::None, i + 4)),
            b't' if self.starts(i, "true") => Ok((PyValue::Bool(true), i + 4)),
            b'f' if self.starts(i, "false") => Ok((PyValue::Bool(false), i + 5)),
            b'N' if self.starts(i, "NaN") => Ok((PyValue::Float(f64::NAN), i + 3)),
            b'I' if self.starts(i, "Infinity") => Ok((PyValue::Float(f64::INFINITY), i + 8)),
            b'-' if self.starts(i, "-Infinity") => Ok((PyValue::Float(f64::NEG_INFINITY), i + 9)),
            _ => self.match_number(i),
        }
    }

    fn digit(&self, i: usize) -> bool {
        self.bytes.get(i).is_some_and(u8::is_ascii_digit)
    }

    /// `_match_number_unicode`: `-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?`.
    fn match_number(&self, start: usize) -> Result<(PyValue<'a>, usize), Failure> {
        let mut i = start;
        if self.bytes[i] == b'-' {
            i += 1;
        }
        match self.bytes.get(i) {
            Some(b'1'..=b'9') => {
                while self.digit(i) {
                    i += 1;
                }
            }
            Some(b'0') => i += 1,
            _ => return Err(self.error("Expecting value", start)),
        }
        let mut float = false;
        if self.bytes.get(i) == Some(&b'.') && self.digit(i + 1) {
            float = true;
            i += 2;
            while self.digit(i) {
                i += 1;
            }
        }
        if matches!(self.bytes.get(i), Some(b'e' | b'E')) {
            let e_start = i;
            i += 1;
            if matches!(self.bytes.get(i), Some(b'-' | b'+')) {
                i += 1;
            }
            let digits_from = i;
            while self.digit(i) {
                i += 1;
            }
            if i > digits_from {
                float = true;
            } else {
                i = e_start;
            }
        }
        let text = &self.text[start..i];
        let digits = text.trim_start_matches('-');
        if !float && digits.len() > MAX_INT_DIGITS {
            return Err(Failure::Value(PyJsonError {
                message: format!(
                    "Exceeds the limit (4300 digits) for integer string conversion: value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
                    digits.len()
                ),
                offset: start,
            }));
        }
        let value = match number_of(text) {
            PyNumber::Int(digits) => PyValue::Int(Cow::Borrowed(digits)),
            PyNumber::Float(f) => PyValue::Float(f),
        };
        Ok((value, i))
    }

    /// `scanstring_unicode` (strict): the string whose first character is at `from` (after
    /// its quote), and the index after its closing quote.
    fn scan_string(&self, from: usize) -> Result<(Cow<'a, str>, usize), Failure> {
        let begin = from - 1;
        let unterminated = || self.error("Unterminated string starting at", begin);
        // The common case, no escape: the string is a slice of the text.
        let plain_end = self.bytes[from..]
            .iter()
            .position(|&c| c == b'"' || c == b'\\' || c <= 0x1f)
            .map(|at| from + at);
        if let Some(end) = plain_end.filter(|&end| self.bytes[end] == b'"') {
            return Ok((Cow::Borrowed(&self.text[from..end]), end + 1));
        }
        let mut out = String::new();
        let mut i = from;
        loop {
            let chunk_start = i;
            while i < self.bytes.len() {
                let c = self.bytes[i];
                if c == b'"' || c == b'\\' {
                    break;
                }
                if c <= 0x1f {
                    return Err(self.error("Invalid control character at", i));
                }
                i += 1;
            }
            out.push_str(&self.text[chunk_start..i]);
            let Some(&c) = self.bytes.get(i) else {
                return Err(unterminated());
            };
            if c == b'"' {
                return Ok((Cow::Owned(out), i + 1));
            }
            // A backslash.
            let Some(&escape) = self.bytes.get(i + 1) else {
                return Err(unterminated());
            };
            if escape != b'u' {
                let Some(decoded) = crate::json::simple_escape(escape) else {
                    return Err(self.error("Invalid \\escape", i));
                };
                out.push(decoded);
                i += 2;
                continue;
            }
            let u_at = i + 1;
            let code = self.hex4(u_at)?;
            let mut end = u_at + 5;
            let mut ch = code;
            if (0xd800..0xdc00).contains(&code)
                && end + 6 < self.bytes.len()
                && self.bytes.get(end) == Some(&b'\\')
                && self.bytes.get(end + 1) == Some(&b'u')
            {
                let low = self.hex4(end + 1)?;
                if (0xdc00..0xe000).contains(&low) {
                    ch = 0x10000 + (((code - 0xd800) << 10) | (low - 0xdc00));
                    end += 6;
                }
            }
            // A lone surrogate: Python keeps it; a Rust string cannot (U+FFFD stands for it).
            out.push(char::from_u32(ch).unwrap_or('\u{fffd}'));
            i = end;
        }
    }

    /// The four hex digits after the `u` at `u_at`.
    fn hex4(&self, u_at: usize) -> Result<u32, Failure> {
        let error = || self.error("Invalid \\uXXXX escape", u_at);
        // CPython: `end >= len` (four digits and nothing after them) is already an error.
        if u_at + 5 >= self.bytes.len() {
            return Err(error());
        }
        let hex = &self.bytes[u_at + 1..u_at + 5];
        let text = std::str::from_utf8(hex).map_err(|_| error())?;
        if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(error());
        }
        u32::from_str_radix(text, 16).map_err(|_| error())
    }

    fn parse_object(&self, from: usize, depth: usize) -> Result<(PyValue<'a>, usize), Failure> {
        let mut dict = PyDict::default();
        let mut i = self.skip_ws(from);
        if self.bytes.get(i) == Some(&b'}') {
            return Ok((PyValue::Dict(dict), i + 1));
        }
        loop {
            if self.bytes.get(i) != Some(&b'"') {
                return Err(self.error("Expecting property name enclosed in double quotes", i));
            }
            let (key, after) = self.scan_string(i + 1)?;
            i = self.skip_ws(after);
            if self.bytes.get(i) != Some(&b':') {
                return Err(self.error("Expecting ':' delimiter", i));
            }
            i = self.skip_ws(i + 1);
            let (value, after) = self.scan_once(i, depth)?;
            dict.insert(key, value);
            i = self.skip_ws(after);
            match self.bytes.get(i) {
                Some(b'}') => {
                    // Held until the schema walk ends: a dict of five members in a
                    // capacity of eight would be 40% slack across a large index.
                    dict.members.shrink_to_fit();
                    return Ok((PyValue::Dict(dict), i + 1));
                }
                Some(b',') => i = self.skip_ws(i + 1),
                _ => return Err(self.error("Expecting ',' delimiter", i)),
            }
        }
    }

    fn parse_array(&self, from: usize, depth: usize) -> Result<(PyValue<'a>, usize), Failure> {
        let mut items = Vec::new();
        let mut i = self.skip_ws(from);
        if self.bytes.get(i) == Some(&b']') {
            return Ok((PyValue::List(items), i + 1));
        }
        loop {
            let (value, after) = self.scan_once(i, depth)?;
            items.push(value);
            i = self.skip_ws(after);
            match self.bytes.get(i) {
                Some(b']') => {
                    items.shrink_to_fit();
                    return Ok((PyValue::List(items), i + 1));
                }
                Some(b',') => i = self.skip_ws(i + 1),
                _ => return Err(self.error("Expecting ',' delimiter", i)),
            }
        }
    }
}
