//! Go `encoding/json`'s decoding (Go 1.19, the Debian bookworm build of the programs modelled)
//! of a document already known to be valid JSON, over ocilint's positioned parse: keys match
//! fields exactly, else case-insensitively (the Kelvin sign folding to `k`, the long s to `s`);
//! the last of duplicated keys wins, decoding into what the first left (structs merge, `null`
//! leaves strings and numbers as they were but resets slices, maps and pointers); unknown
//! members are ignored; integers must be integer literals in range. The first type error is
//! kept and decoding goes on, as Go does, and it is what `Unmarshal` returns.

use std::borrow::Cow;

use bumpalo::collections::Vec as BumpVec;
use bumpalo::Bump;
use foldhash::{HashMap, HashMapExt as _, HashSet, HashSetExt as _};

use crate::json::{Document, Member, Node, Value};
use crate::text::TextRange;

use super::go_types::{GoField, GoStruct, GoType};

/// A decoded Go value. A struct keeps only the fields set; a missing one is Go's zero value.
///
/// Most documents are read, not decoded: once [`check`] has found the first error Go would
/// return (none), and that Go reads each member into a field of its own (no duplicated or
/// case-folded key), a struct, slice or map is the parse read through its type when a model
/// asks ([`GoValue::Read`]). Decoding a 20,000-entry index whole, for each of three programs'
/// types, held 30 MB at the peak of its check.
///
/// A document Go reads in an unusual way is decoded whole, into an arena (`bumpalo`) that the
/// decodes of one input share, so a value is `Copy` and freed with its arena at once.
#[derive(Debug, Clone, Copy)]
pub(crate) enum GoValue<'a> {
    /// Borrowed from the parse: a copy of every string for each decode was most of its time.
    Str(&'a str),
    Int(i64),
    Bytes(&'a [u8]),
    /// A `[]byte` not decoded yet: its base 64 text, which [`check`] found valid.
    Base64(&'a str),
    /// An array, or an object, of a document [`check`] passed, read through its type.
    Read(Reading<'a>),
    Slice(&'a [GoValue<'a>]),
    Map(&'a [(&'a str, GoValue<'a>)]),
    Struct(&'a [(&'static str, GoValue<'a>)]),
    /// A value held by an `interface{}` or a `json.RawMessage` (which one does not matter to
    /// the programs: they only ask whether it is there), by where its JSON is (`null` kept
    /// by a `json.RawMessage` included).
    Raw(TextRange),
}

/// Go's `*json.UnmarshalTypeError`, with the context Go adds, or another error a decoder
/// saves (`illegal base64 data at input byte N`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DecodeError {
    Type {
        /// `string`, `number`, `number 1.5`, `bool`, `array`, `object`.
        value: String,
        go_type: String,
        offset: usize,
        /// The innermost struct's name, empty at the top level.
        go_struct: String,
        /// The JSON names from the top, dot-separated (array indices are not in it).
        field: String,
        /// The value that did not fit.
        range: TextRange,
    },
    Base64 {
        at: usize,
        range: TextRange,
    },
    /// What a [`GoType::Unmarshaler`]'s parse said.
    Unmarshaler {
        message: String,
        range: TextRange,
    },
}

impl DecodeError {
    /// The error's text, as Go's `Error()` writes it.
    pub(crate) fn message(&self) -> String {
        match self {
            DecodeError::Type {
                value,
                go_type,
                go_struct,
                field,
                ..
            } if !go_struct.is_empty() || !field.is_empty() => format!(
                "json: cannot unmarshal {value} into Go struct field {go_struct}.{field} of type {go_type}"
            ),
            DecodeError::Type { value, go_type, .. } => {
                format!("json: cannot unmarshal {value} into Go value of type {go_type}")
            }
            DecodeError::Base64 { at, .. } => format!("illegal base64 data at input byte {at}"),
            DecodeError::Unmarshaler { message, .. } => message.clone(),
        }
    }

    /// Where in the document the value that failed is.
    pub(crate) fn range(&self) -> TextRange {
        match self {
            DecodeError::Type { range, .. }
            | DecodeError::Base64 { range, .. }
            | DecodeError::Unmarshaler { range, .. } => *range,
        }
    }

    /// The error as `encoding/json` serializes it (exported fields only, keys sorted as the
    /// corpus records details): what distribution puts in an error's `detail`.
    pub(crate) fn as_detail(&self) -> String {
        match self {
            DecodeError::Type {
                value,
                offset,
                go_struct,
                field,
                ..
            } => format!(
                "{{\"Field\":{},\"Offset\":{offset},\"Struct\":{},\"Type\":{{}},\"Value\":{}}}",
                json_string(field),
                json_string(go_struct),
                json_string(value)
            ),
            // `base64.CorruptInputError` is an `int64`: it serializes as the byte's offset.
            DecodeError::Base64 { at, .. } => at.to_string(),
            DecodeError::Unmarshaler { message, .. } => json_string(message),
        }
    }
}

pub(crate) fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What `json.Unmarshal(bytes, &v)` leaves in `v`, and the error it returns (the first saved).
pub(crate) struct Decoded<'a> {
    pub value: Option<GoValue<'a>>,
    pub error: Option<DecodeError>,
}

/// What [`check`] found.
pub(crate) struct Checked {
    /// The error `Unmarshal` returns.
    pub error: Option<DecodeError>,
    /// Whether Go reads every member of the document into a field or key of its own: no key
    /// of an object is given twice, and every key names its field exactly. Then [`read`]
    /// gives what the decode would, without the decode.
    pub plain: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Build,
    /// Only the error, and whether the document is [`Checked::plain`].
    Check,
}

struct Decoder<'d, 'a> {
    arena: &'a Bump,
    document: &'d Document<'d>,
    mode: Mode,
    error: Option<DecodeError>,
    plain: bool,
    fields: Vec<&'static str>,
    go_struct: &'static str,
    /// An `Unmarshaler` failed: Go stops decoding there.
    aborted: bool,
}

/// Decodes `root` (of a document Go's syntax check accepted) into a value of type `ty`, whose
/// slices are allocated in `arena`.
pub(crate) fn decode<'a>(
    arena: &'a Bump,
    document: &Document<'_>,
    root: &'a Node<'a>,
    ty: &'static GoType,
) -> Decoded<'a> {
    let mut decoder = Decoder::new(arena, document, Mode::Build);
    let mut value = None;
    decoder.value(root, ty, &mut value);
    Decoded {
        value,
        error: decoder.error,
    }
}

/// Walks `root` as decoding it into a `ty` would, building nothing: the error `Unmarshal`
/// returns, and whether [`read`] can stand for the decode.
pub(crate) fn check(document: &Document<'_>, root: &Node, ty: &'static GoType) -> Checked {
    let arena = Bump::new();
    let mut decoder = Decoder::new(&arena, document, Mode::Check);
    decoder.value(root, ty, &mut None);
    if decoder.error.is_none() {
        return Checked {
            error: None,
            plain: decoder.plain,
        };
    }
    // The walk found an error but did not keep the path to it, which its words give.
    Checked {
        error: decode(&arena, document, root, ty).error,
        plain: false,
    }
}

/// What decoding `node` into a fresh value of type `ty` leaves, read from the parse: arrays
/// and objects stay there, read when asked. Only for a document [`check`] found
/// [`Checked::plain`] and without error, so each arm is `Decoder::value`'s for an empty slot
/// and a value of the right JSON type.
pub(crate) fn read<'a>(
    node: &'a Node<'a>,
    ty: &'static GoType,
    document: &'a Document<'a>,
) -> Option<GoValue<'a>> {
    match (ty, &node.value) {
        (GoType::Unmarshaler { .. }, Value::String(text)) => Some(GoValue::Str(text)),
        // `null`: the parse of an empty string, which succeeded.
        (GoType::Unmarshaler { .. }, _) => Some(GoValue::Str("")),
        (GoType::Pointer(_), Value::Null) => None,
        (GoType::Pointer(to), _) => read(node, to, document),
        (GoType::Any, Value::Null) => None,
        (GoType::RawMessage | GoType::Any, _) => Some(GoValue::Raw(node.range)),
        (_, Value::Null) => None,
        (GoType::String(_), Value::String(text)) => Some(GoValue::Str(text)),
        (GoType::Bytes, Value::String(text)) => Some(GoValue::Base64(text)),
        (GoType::Int(_), Value::Number) => {
            document.number_text(node).parse().ok().map(GoValue::Int)
        }
        (GoType::Slice(_), Value::Array(_))
        | (GoType::StringMap(_) | GoType::Struct(_), Value::Object(_)) => {
            Some(GoValue::Read(Reading { node, ty, document }))
        }
        // A type error, which the check found first.
        _ => None,
    }
}

/// An array or object of the parse, as a value of type `ty` (a slice, map or struct).
#[derive(Clone, Copy)]
pub(crate) struct Reading<'a> {
    node: &'a Node<'a>,
    ty: &'static GoType,
    document: &'a Document<'a>,
}

impl std::fmt::Debug for Reading<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Read({} at {:?})", self.ty.go_name(), self.node.range)
    }
}

impl<'a> Reading<'a> {
    fn field(self, name: &str) -> Option<GoValue<'a>> {
        let GoType::Struct(shape) = self.ty else {
            return None;
        };
        // A plain document names the field exactly, once. Most fields asked for and not
        // given end at the first search.
        let member = self.node.members()?.iter().find(|m| same(m.key, name))?;
        let field = shape.fields.iter().find(|f| same(f.json, name))?;
        read(&member.value, field.ty, self.document)
    }
}

impl<'a> Decoder<'_, 'a> {
    fn new<'d>(arena: &'a Bump, document: &'d Document<'d>, mode: Mode) -> Decoder<'d, 'a> {
        Decoder {
            arena,
            document,
            mode,
            error: None,
            plain: true,
            fields: Vec::new(),
            go_struct: "",
            aborted: false,
        }
    }
}

impl<'a> Decoder<'_, 'a> {
    fn save(&mut self, value: String, ty: &GoType, offset: usize, range: TextRange) {
        if self.error.is_none() {
            self.error = Some(DecodeError::Type {
                value,
                go_type: ty.go_name(),
                offset,
                go_struct: self.go_struct.to_owned(),
                field: self.fields.join("."),
                range,
            });
        }
    }

    fn value(&mut self, node: &'a Node<'a>, ty: &'static GoType, slot: &mut Option<GoValue<'a>>) {
        if self.aborted {
            return;
        }
        if let GoType::Unmarshaler { parse, .. } = ty {
            self.unmarshaler(node, *parse, slot);
            return;
        }
        // Go's `indirect`: a pointer is followed (allocated when nil) except for `null`.
        if let GoType::Pointer(to) = ty {
            if matches!(node.value, Value::Null) {
                *slot = None;
            } else {
                self.value(node, to, slot);
            }
            return;
        }
        let end = node.range.end as usize;
        // Arrays and objects report the offset just after their opening bracket.
        let open = node.range.start as usize + 1;
        match (&node.value, ty) {
            // `interface{}` is reset by `null`; `json.RawMessage` keeps it as its bytes.
            (Value::Null, GoType::Any) => *slot = None,
            (_, GoType::RawMessage | GoType::Any) => *slot = Some(GoValue::Raw(node.range)),
            (Value::Null, GoType::Slice(_) | GoType::StringMap(_) | GoType::Bytes) => *slot = None,
            (Value::Null, _) => {}
            (Value::Bool(_), _) => self.save("bool".into(), ty, end, node.range),
            (Value::String(text), GoType::String(_)) => *slot = Some(GoValue::Str(text)),
            (Value::String(text), GoType::Bytes) => match go_base64(text) {
                Ok(_) if self.mode == Mode::Check => {}
                Ok(bytes) => *slot = Some(GoValue::Bytes(self.arena.alloc_slice_copy(&bytes))),
                Err(at) => {
                    if self.error.is_none() {
                        self.error = Some(DecodeError::Base64 {
                            at,
                            range: node.range,
                        });
                    }
                }
            },
            (Value::String(_), _) => self.save("string".into(), ty, end, node.range),
            (Value::Number, GoType::Int(_)) => {
                let text = self.document.number_text(node);
                match text.parse::<i64>() {
                    Ok(n) => *slot = Some(GoValue::Int(n)),
                    Err(_) => self.save(format!("number {text}"), ty, end, node.range),
                }
            }
            (Value::Number, _) => self.save("number".into(), ty, end, node.range),
            (Value::Array(items), GoType::Slice(item)) if self.mode == Mode::Check => {
                for node in items.iter() {
                    self.value(node, item, &mut None);
                }
            }
            (Value::Array(items), GoType::Slice(item)) => {
                // What a first occurrence of a duplicated key left is decoded into again.
                let old = match slot.take() {
                    Some(GoValue::Slice(values)) => values,
                    _ => &[],
                };
                let mut out = BumpVec::with_capacity_in(items.len(), self.arena);
                for (i, node) in items.iter().enumerate() {
                    let mut element = old.get(i).copied();
                    self.value(node, item, &mut element);
                    out.push(element.unwrap_or_else(|| zero(item)));
                }
                *slot = Some(GoValue::Slice(out.into_bump_slice()));
            }
            (Value::Array(_), _) => self.save("array".into(), ty, open, node.range),
            (Value::Object(members), GoType::StringMap(item)) if self.mode == Mode::Check => {
                self.plain &= !repeats_a_key(members);
                for member in members.iter() {
                    self.value(&member.value, item, &mut None);
                }
            }
            (Value::Object(members), GoType::StringMap(item)) => {
                let old = match slot.take() {
                    Some(GoValue::Map(entries)) => entries,
                    _ => &[],
                };
                let mut map = BumpVec::with_capacity_in(old.len() + members.len(), self.arena);
                map.extend_from_slice(old);
                // Where each key sits, so a map of a million keys is decoded in one pass; a
                // small one (an annotation or two on each entry of an index) is searched.
                let small = map.len() + members.len() <= 8;
                let mut position: HashMap<&str, usize> = HashMap::new();
                if !small {
                    position.reserve(map.len() + members.len());
                    for (i, (key, _)) in map.iter().enumerate() {
                        position.insert(*key, i);
                    }
                }
                for member in members.iter() {
                    // Each value is decoded into a fresh element, then stored.
                    let mut element = None;
                    self.value(&member.value, item, &mut element);
                    let element = element.unwrap_or_else(|| zero(item));
                    let key: &'a str = member.key;
                    let at = if small {
                        map.iter().position(|(k, _)| *k == key)
                    } else {
                        position.get(key).copied()
                    };
                    match at {
                        Some(i) => map[i].1 = element,
                        None => {
                            if !small {
                                position.insert(key, map.len());
                            }
                            map.push((key, element));
                        }
                    }
                }
                *slot = Some(GoValue::Map(map.into_bump_slice()));
            }
            (Value::Object(members), GoType::Struct(shape)) if self.mode == Mode::Check => {
                // The fields set so far, by index (a struct has fewer than 64; a larger one
                // is decoded whole).
                let mut set = 0u64;
                for member in members.iter() {
                    let Some((index, field)) = find_field_at(shape, member.key) else {
                        continue;
                    };
                    let bit = 1u64.checked_shl(index as u32).unwrap_or(0);
                    self.plain &= same(field.json, member.key) && bit != 0 && set & bit == 0;
                    set |= bit;
                    // Where an error is (the fields' path) is not kept: `check` decodes a
                    // document with one again for its words.
                    self.value(&member.value, field.ty, &mut None);
                }
            }
            (Value::Object(members), GoType::Struct(shape)) => {
                let old = match slot.take() {
                    Some(GoValue::Struct(fields)) => fields,
                    _ => &[],
                };
                // At most one per field: grown once, not member by member.
                let mut fields = BumpVec::with_capacity_in(
                    old.len() + members.len().min(shape.fields.len()),
                    self.arena,
                );
                fields.extend_from_slice(old);
                for member in members.iter() {
                    let Some((_, field)) = find_field_at(shape, member.key) else {
                        continue;
                    };
                    let outer = self.enter(shape, field);
                    let at = fields.iter().position(|(name, _)| *name == field.json);
                    let mut value = at.map(|i| fields[i].1);
                    self.value(&member.value, field.ty, &mut value);
                    match (at, value) {
                        (Some(i), Some(v)) => fields[i].1 = v,
                        (Some(i), None) => {
                            fields.remove(i);
                        }
                        (None, Some(v)) => fields.push((field.json, v)),
                        (None, None) => {}
                    }
                    self.leave(outer);
                }
                *slot = Some(GoValue::Struct(fields.into_bump_slice()));
            }
            (Value::Object(_), _) => self.save("object".into(), ty, open, node.range),
        }
    }
}

impl<'a> Decoder<'_, 'a> {
    /// Into a field of `shape`: where a type error says it was. Gives the struct to go back to.
    fn enter(&mut self, shape: &'static GoStruct, field: &'static GoField) -> &'static str {
        self.fields.push(field.json);
        std::mem::replace(&mut self.go_struct, shape.name)
    }

    fn leave(&mut self, outer: &'static str) {
        self.fields.pop();
        self.go_struct = outer;
    }

    /// `UnmarshalJSON` of a [`GoType::Unmarshaler`]: `json.Unmarshal(data, &s)`, whose type
    /// error gets the outer decoder's context (`addErrorContext`), then the parse; either
    /// error is returned at once, replacing any saved one.
    fn unmarshaler(
        &mut self,
        node: &'a Node<'a>,
        parse: fn(&str) -> Result<(), String>,
        slot: &mut Option<GoValue<'a>>,
    ) {
        let kind: Result<&'a str, &str> = match &node.value {
            Value::String(text) => Ok(text),
            Value::Null => Ok(""),
            Value::Bool(_) => Err("bool"),
            Value::Number => Err("number"),
            Value::Array(_) => Err("array"),
            Value::Object(_) => Err("object"),
        };
        let error = match kind {
            Ok(text) => match parse(text) {
                Ok(()) => {
                    *slot = Some(GoValue::Str(text));
                    return;
                }
                Err(message) => DecodeError::Unmarshaler {
                    message,
                    range: node.range,
                },
            },
            Err(value) => DecodeError::Type {
                value: value.to_owned(),
                go_type: "string".to_owned(),
                offset: node.range.end as usize,
                go_struct: self.go_struct.to_owned(),
                field: self.fields.join("."),
                range: node.range,
            },
        };
        self.error = Some(error);
        self.aborted = true;
    }
}

/// The zero value an element of a slice gets when `null` is decoded into it.
fn zero(ty: &GoType) -> GoValue<'static> {
    match ty {
        GoType::String(_) => GoValue::Str(""),
        GoType::Int(_) => GoValue::Int(0),
        GoType::Struct(_) => GoValue::Struct(&[]),
        GoType::Unmarshaler { .. } => GoValue::Str(""),
        _ => GoValue::Raw(TextRange::empty(0)),
    }
}

/// Go 1.19's field lookup: the exact name, else the first field whose name folds to the key;
/// with the field's index.
fn find_field_at(shape: &'static GoStruct, key: &str) -> Option<(usize, &'static GoField)> {
    let fields = shape.fields.iter().enumerate();
    fields
        .clone()
        .find(|(_, f)| same(f.json, key))
        .or_else(|| fields.clone().find(|(_, f)| equal_fold(f.json, key)))
}

/// Whether two names are the same: the length, then the first byte, answer most comparisons
/// before the bytes are compared.
#[inline]
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// Whether an object gives a key twice.
fn repeats_a_key(members: &[Member]) -> bool {
    if members.len() <= 8 {
        return members
            .iter()
            .enumerate()
            .any(|(i, m)| members[..i].iter().any(|other| other.key == m.key));
    }
    let mut seen = HashSet::with_capacity(members.len());
    !members.iter().all(|m| seen.insert(m.key))
}

/// `bytes.EqualFold` as Go's `equalFoldRight` applies it to an ASCII field name: letters
/// match either case, and `k` and `s` also match the Kelvin sign and the long s.
fn equal_fold(name: &str, key: &str) -> bool {
    let mut keys = key.chars();
    for n in name.chars() {
        let Some(k) = keys.next() else {
            return false;
        };
        let same = k.eq_ignore_ascii_case(&n)
            || (n.eq_ignore_ascii_case(&'k') && k == '\u{212a}')
            || (n.eq_ignore_ascii_case(&'s') && k == '\u{17f}');
        if !same {
            return false;
        }
    }
    keys.next().is_none()
}

/// `base64.StdEncoding.Decode`: padded, line breaks ignored; the error is the offset of the
/// first byte it cannot take.
pub(crate) fn go_base64(text: &str) -> Result<Vec<u8>, usize> {
    let bytes = text.as_bytes();
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::new();
    let mut quantum: Vec<(usize, u8)> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let c = bytes[at];
        if c == b'\r' || c == b'\n' {
            at += 1;
            continue;
        }
        quantum.push((at, c));
        if quantum.len() == 4 {
            let pads = quantum.iter().rev().take_while(|(_, c)| *c == b'=').count();
            let data = &quantum[..4 - pads];
            if pads > 2 || data.len() < 2 {
                return Err(quantum[data.len()].0);
            }
            let mut n = 0u32;
            for (i, &(pos, c)) in data.iter().enumerate() {
                n |= value(c).ok_or(pos)? << (18 - 6 * i);
            }
            let produced = data.len() - 1;
            out.extend_from_slice(&n.to_be_bytes()[1..1 + produced]);
            if pads > 0 && bytes[at + 1..].iter().any(|c| *c != b'\r' && *c != b'\n') {
                return Err(at + 1);
            }
            quantum.clear();
        }
        at += 1;
    }
    if !quantum.is_empty() {
        // An unfinished quantum: Go points at its first byte it cannot take, else the end.
        return Err(quantum
            .iter()
            .find(|(_, c)| value(*c).is_none())
            .map_or(bytes.len(), |(p, _)| *p));
    }
    Ok(out)
}

impl<'a> GoValue<'a> {
    /// The value copied into `arena`, strings included, for a parse that does not outlive the
    /// decoding.
    pub(crate) fn copied_into(self, arena: &Bump) -> GoValue<'_> {
        match self {
            GoValue::Str(text) => GoValue::Str(arena.alloc_str(text)),
            GoValue::Int(n) => GoValue::Int(n),
            GoValue::Bytes(bytes) => GoValue::Bytes(arena.alloc_slice_copy(bytes)),
            GoValue::Base64(text) => GoValue::Base64(arena.alloc_str(text)),
            GoValue::Read(reading) => {
                // Decoded whole, then copied.
                let local = Bump::new();
                let decoded = decode(&local, reading.document, reading.node, reading.ty);
                decoded
                    .value
                    .map_or(GoValue::Struct(&[]), |value| value.copied_into(arena))
            }
            GoValue::Slice(items) => GoValue::Slice(
                arena.alloc_slice_fill_iter(items.iter().map(|item| item.copied_into(arena))),
            ),
            GoValue::Map(entries) => GoValue::Map(
                arena.alloc_slice_fill_iter(
                    entries
                        .iter()
                        .map(|(key, value)| (&*arena.alloc_str(key), value.copied_into(arena))),
                ),
            ),
            GoValue::Struct(fields) => GoValue::Struct(
                arena.alloc_slice_fill_iter(
                    fields
                        .iter()
                        .map(|(name, value)| (*name, value.copied_into(arena))),
                ),
            ),
            GoValue::Raw(range) => GoValue::Raw(range),
        }
    }

    /// A struct's field, `None` when it is the zero value.
    pub(crate) fn field(self, name: &str) -> Option<GoValue<'a>> {
        match self {
            GoValue::Struct(fields) => fields.iter().find(|(n, _)| same(n, name)).map(|(_, v)| *v),
            GoValue::Read(reading) => reading.field(name),
            _ => None,
        }
    }

    pub(crate) fn text(self) -> &'a str {
        match self {
            GoValue::Str(s) => s,
            _ => "",
        }
    }

    pub(crate) fn int(self) -> i64 {
        match self {
            GoValue::Int(n) => n,
            _ => 0,
        }
    }

    /// A slice's elements (none when this is not a slice).
    pub(crate) fn items(self) -> GoItems<'a> {
        match self {
            GoValue::Slice(values) => GoItems::Values(values),
            GoValue::Read(Reading {
                node,
                ty: GoType::Slice(item),
                document,
            }) => GoItems::Read {
                nodes: node.items().unwrap_or_default(),
                item,
                document,
            },
            _ => GoItems::Values(&[]),
        }
    }

    /// A map's keys and values, in the document's order (none when this is not a map).
    pub(crate) fn entries(self) -> GoEntries<'a> {
        match self {
            GoValue::Map(entries) => GoEntries::Values(entries),
            GoValue::Read(Reading {
                node,
                ty: GoType::StringMap(item),
                document,
            }) => GoEntries::Read {
                members: node.members().unwrap_or_default(),
                item,
                document,
            },
            _ => GoEntries::Values(&[]),
        }
    }

    /// A `[]byte`'s bytes.
    pub(crate) fn bytes(self) -> Option<Cow<'a, [u8]>> {
        match self {
            GoValue::Bytes(bytes) => Some(Cow::Borrowed(bytes)),
            GoValue::Base64(text) => go_base64(text).ok().map(Cow::Owned),
            _ => None,
        }
    }
}

/// An element of a slice or a value of a map, read: a `null` one is the zero value, as a
/// fresh element decoded from `null` is.
fn element<'a>(
    node: &'a Node<'a>,
    item: &'static GoType,
    document: &'a Document<'a>,
) -> GoValue<'a> {
    read(node, item, document).unwrap_or_else(|| zero(item))
}

/// A slice's elements: decoded, or read from the parse.
#[derive(Debug, Clone, Copy)]
pub(crate) enum GoItems<'a> {
    Values(&'a [GoValue<'a>]),
    Read {
        nodes: &'a [Node<'a>],
        item: &'static GoType,
        document: &'a Document<'a>,
    },
}

impl<'a> GoItems<'a> {
    pub(crate) fn len(self) -> usize {
        match self {
            GoItems::Values(values) => values.len(),
            GoItems::Read { nodes, .. } => nodes.len(),
        }
    }

    pub(crate) fn is_empty(self) -> bool {
        self.len() == 0
    }

    pub(crate) fn get(self, index: usize) -> Option<GoValue<'a>> {
        match self {
            GoItems::Values(values) => values.get(index).copied(),
            GoItems::Read {
                nodes,
                item,
                document,
            } => {
                let node = nodes.get(index)?;
                Some(element(node, item, document))
            }
        }
    }

    pub(crate) fn first(self) -> Option<GoValue<'a>> {
        self.get(0)
    }

    pub(crate) fn iter(self) -> GoItemsIter<'a> {
        GoItemsIter {
            items: self,
            indices: 0..self.len(),
        }
    }
}

impl<'a> IntoIterator for GoItems<'a> {
    type Item = GoValue<'a>;
    type IntoIter = GoItemsIter<'a>;

    fn into_iter(self) -> GoItemsIter<'a> {
        self.iter()
    }
}

/// The elements of [`GoItems`], each as [`GoItems::get`] gives it.
#[derive(Clone)]
pub(crate) struct GoItemsIter<'a> {
    items: GoItems<'a>,
    indices: std::ops::Range<usize>,
}

impl<'a> Iterator for GoItemsIter<'a> {
    type Item = GoValue<'a>;

    fn next(&mut self) -> Option<GoValue<'a>> {
        self.indices.next().and_then(|index| self.items.get(index))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.indices.size_hint()
    }
}

impl<'a> DoubleEndedIterator for GoItemsIter<'a> {
    fn next_back(&mut self) -> Option<GoValue<'a>> {
        self.indices
            .next_back()
            .and_then(|index| self.items.get(index))
    }
}

impl ExactSizeIterator for GoItemsIter<'_> {}

/// A map's entries: decoded, or read from the parse.
#[derive(Debug, Clone, Copy)]
pub(crate) enum GoEntries<'a> {
    Values(&'a [(&'a str, GoValue<'a>)]),
    Read {
        members: &'a [Member<'a>],
        item: &'static GoType,
        document: &'a Document<'a>,
    },
}

impl<'a> GoEntries<'a> {
    pub(crate) fn len(self) -> usize {
        match self {
            GoEntries::Values(values) => values.len(),
            GoEntries::Read { members, .. } => members.len(),
        }
    }

    fn at(self, index: usize) -> Option<(&'a str, GoValue<'a>)> {
        match self {
            GoEntries::Values(values) => values.get(index).copied(),
            GoEntries::Read {
                members,
                item,
                document,
            } => {
                let member = members.get(index)?;
                let value = element(&member.value, item, document);
                Some((member.key, value))
            }
        }
    }

    pub(crate) fn iter(self) -> impl Iterator<Item = (&'a str, GoValue<'a>)> + Clone + 'a {
        (0..self.len()).filter_map(move |index| self.at(index))
    }
}

/// A struct's string field (`""` when unset).
pub(crate) fn text<'a>(value: Option<GoValue<'a>>, name: &str) -> &'a str {
    value.and_then(|v| v.field(name)).map_or("", GoValue::text)
}

/// A struct's integer field (0 when unset).
pub(crate) fn int(value: Option<GoValue>, name: &str) -> i64 {
    value.and_then(|v| v.field(name)).map_or(0, GoValue::int)
}

/// A struct's slice field (empty when unset).
pub(crate) fn items<'a>(value: Option<GoValue<'a>>, name: &str) -> GoItems<'a> {
    value
        .and_then(|v| v.field(name))
        .map_or(GoItems::Values(&[]), GoValue::items)
}

#[cfg(test)]
mod tests {
    use super::super::go_types::{field, GoField, ANNOTATIONS, INT64, STRING};
    use super::*;

    static ITEM: GoStruct = GoStruct {
        name: "Item",
        qualified: "t.Item",
        fields: &[field("mediaType", &STRING), field("size", &INT64)],
    };
    static ITEM_TYPE: GoType = GoType::Struct(&ITEM);
    static ITEMS: GoType = GoType::Slice(&ITEM_TYPE);
    static DOC_FIELDS: [GoField; 3] = [
        field("mediaType", &STRING),
        field("items", &ITEMS),
        field("annotations", &ANNOTATIONS),
    ];
    static DOC: GoStruct = GoStruct {
        name: "Doc",
        qualified: "t.Doc",
        fields: &DOC_FIELDS,
    };
    static DOC_TYPE: GoType = GoType::Struct(&DOC);

    fn run<T>(text: &str, then: impl FnOnce(Decoded<'_>) -> T) -> T {
        let arena = Bump::new();
        let tree = crate::json::Arena::new();
        let parsed = crate::json::parse(text.as_bytes(), &tree);
        let root = parsed.document.root.expect("JSON");
        then(decode(&arena, &parsed.document, &root, &DOC_TYPE))
    }

    fn message(text: &str) -> Option<String> {
        run(text, |decoded| decoded.error.map(|e| e.message()))
    }

    #[test]
    fn type_errors_name_the_innermost_struct_and_the_whole_path() {
        assert_eq!(
            message(r#"{"items":[{"size":"12"}]}"#).as_deref(),
            Some(
                "json: cannot unmarshal string into Go struct field Item.items.size of type int64"
            )
        );
        assert_eq!(
            message(r#"{"items":[{"size":1.5}]}"#).as_deref(),
            Some("json: cannot unmarshal number 1.5 into Go struct field Item.items.size of type int64")
        );
        assert_eq!(
            message(r#"{"annotations":{"a":1}}"#).as_deref(),
            Some(
                "json: cannot unmarshal number into Go struct field Doc.annotations of type string"
            )
        );
        assert_eq!(
            message("[]").as_deref(),
            Some("json: cannot unmarshal array into Go value of type t.Doc")
        );
        // The first error is kept, decoding goes on.
        assert_eq!(
            message(r#"{"mediaType":1,"items":2}"#).as_deref(),
            Some("json: cannot unmarshal number into Go struct field Doc.mediaType of type string")
        );
    }

    #[test]
    fn keys_fold_and_the_last_duplicate_wins_over_what_the_first_left() {
        run(
            r#"{"mediaType":"a","MEDIATYPE":"b","items":[{"size":3}],"items":[{"mediaType":"x"}]}"#,
            |decoded| {
                let value = decoded.value.expect("a value");
                assert_eq!(text(Some(value), "mediaType"), "b");
                let items = items(Some(value), "items");
                assert_eq!(int(items.first(), "size"), 3);
                assert_eq!(text(items.first(), "mediaType"), "x");
            },
        );
        run(
            r#"{"mediaType":"a","mediaType":null,"items":[{}],"items":null}"#,
            |decoded| {
                let value = decoded.value.expect("a value");
                assert_eq!(text(Some(value), "mediaType"), "a");
                assert!(value.field("items").is_none());
            },
        );
        assert!(equal_fold("kind", "\u{212a}IND"));
        assert!(!equal_fold("kind", "kinds"));
    }

    #[test]
    fn base64_errors_point_at_the_bad_byte() {
        assert_eq!(go_base64("aGk="), Ok(b"hi".to_vec()));
        assert_eq!(go_base64("!!!!"), Err(0));
        assert_eq!(go_base64("aGk"), Err(3));
    }
}
