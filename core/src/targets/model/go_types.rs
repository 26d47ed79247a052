//! The Go types a program decodes a document into, as data: what `encoding/json` needs to
//! decode (field names as tagged, in declaration order, embedded structs' fields in place) and
//! how Go names each type in an error (`v1.Descriptor`, `[]v1.Descriptor`, `digest.Digest`).

/// A Go type as `encoding/json` sees it.
#[derive(Debug)]
pub(crate) enum GoType {
    /// A string kind, with Go's name for it (`string`, `digest.Digest`).
    String(&'static str),
    /// A signed integer kind of 64 bits on the platforms measured (`int`, `int64`).
    Int(&'static str),
    /// `[]byte`: base 64 text.
    Bytes,
    Slice(&'static GoType),
    /// `map[string]T`.
    StringMap(&'static GoType),
    Struct(&'static GoStruct),
    /// `*T`: `null` resets it; errors name `T`.
    Pointer(&'static GoType),
    /// `interface{}`: takes any value.
    Any,
    /// `json.RawMessage`: keeps the value's bytes, `null` included.
    RawMessage,
    /// A type whose `UnmarshalJSON` unmarshals the value into a Go `string` (a `null` leaves
    /// it empty) and then parses that (go-containerregistry's `v1.Hash`): a value of another
    /// JSON type fails as a `string` would, and either error ends the decoding, as an
    /// `Unmarshaler`'s error does (no later field is decoded, an earlier saved type error
    /// is replaced).
    Unmarshaler {
        /// The type's name (`v1.Hash`).
        name: &'static str,
        /// The parse, with its error's text.
        parse: fn(&str) -> Result<(), String>,
    },
}

#[derive(Debug)]
pub(crate) struct GoStruct {
    /// The type's name without its package, as errors give the struct (`Descriptor`).
    pub name: &'static str,
    /// The qualified name, as errors give a value's type (`v1.Descriptor`).
    pub qualified: &'static str,
    pub fields: &'static [GoField],
}

#[derive(Debug)]
pub(crate) struct GoField {
    /// The JSON name (the tag's, else the Go field's).
    pub json: &'static str,
    pub ty: &'static GoType,
}

/// The object keys of a document, folded as Go's field lookup folds them (ASCII letters to
/// lower case, the Kelvin sign to `k`, the long s to `s`), and where each is: a struct field
/// whose folded name no key has at the struct's place is set by no decode of the document.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    /// Every key.
    all: foldhash::HashSet<String>,
    /// Every key with its place: [`step`] from the place of its object, a hash of the keys
    /// from the root (array indices left out, as a type's element is any index).
    placed: foldhash::HashSet<u64>,
}

/// The place of the root.
const ROOT: u64 = 0;

/// The place of `key` in an object at `place` (`key` folded as [`fold`] does). A hash: two
/// places that collide only make more fields named, so fewer types alike.
fn step(place: u64, key: &str) -> u64 {
    let mut hash = (place ^ 0xcbf2_9ce4_8422_2325).wrapping_mul(0x0000_0100_0000_01b3);
    let mut feed = |byte: u8| {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    };
    if key.is_ascii() {
        key.bytes().for_each(|b| feed(b.to_ascii_lowercase()));
    } else {
        for c in fold(key).bytes() {
            feed(c);
        }
    }
    // The end of the key, so that `ab` then `c` is not `a` then `bc`.
    feed(0xff);
    hash
}

impl Keys {
    /// The keys of every object in `root`.
    pub(crate) fn of(root: &crate::json::Node) -> Keys {
        let mut raw: foldhash::HashSet<&str> = foldhash::HashSet::default();
        let mut placed: foldhash::HashSet<u64> = foldhash::HashSet::default();
        let mut stack = vec![(root, ROOT)];
        while let Some((node, place)) = stack.pop() {
            match &node.value {
                crate::json::Value::Array(items) => {
                    stack.extend(items.iter().map(|item| (item, place)));
                }
                crate::json::Value::Object(members) => {
                    for member in members.iter() {
                        raw.insert(member.key);
                        let at = step(place, member.key);
                        placed.insert(at);
                        stack.push((&member.value, at));
                    }
                }
                _ => {}
            }
        }
        Keys {
            all: raw.into_iter().map(fold).collect(),
            placed,
        }
    }

    /// Whether some key at `place` (anywhere, when the place is not known) is `name` (a
    /// field's ASCII name) or folds to it.
    fn name_at(&self, place: Option<u64>, name: &str) -> bool {
        match place {
            Some(place) => self.placed.contains(&step(place, name)),
            None => self.name(name),
        }
    }

    /// Whether some key is `name` (a field's ASCII name) or folds to it.
    fn name(&self, name: &str) -> bool {
        // Lower-cased on the stack: this is asked for every field of every pair of types
        // compared, and a field's name is short.
        let mut buffer = [0u8; 64];
        match buffer.get_mut(..name.len()) {
            Some(lower) if name.is_ascii() => {
                lower.copy_from_slice(name.as_bytes());
                lower.make_ascii_lowercase();
                std::str::from_utf8(lower).is_ok_and(|lower| self.all.contains(lower))
            }
            _ => self.all.contains(&fold(name)),
        }
    }
}

/// A key as `bytes.EqualFold` compares it with an ASCII field name.
fn fold(key: &str) -> String {
    key.chars()
        .map(|c| match c {
            '\u{212a}' => 'k',
            '\u{17f}' => 's',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// How far two types are compared.
#[derive(Clone, Copy)]
struct Given<'k> {
    /// Struct fields no key names are left out.
    keys: Option<&'k Keys>,
    /// The document is plain ([`super::go_decode::Checked::plain`]): each key names its
    /// field exactly and once, so the fields' order does not matter, nor whether a field is
    /// a pointer (`null` leaves either unset) unless it is an element (a `null` element is a
    /// zero value, not a nil pointer).
    plain: bool,
}

/// A pointer a plain document reads as what it points to: `null` leaves both unset.
fn through_pointer(ty: &'static GoType) -> &'static GoType {
    match ty {
        GoType::Pointer(
            to @ (GoType::String(_)
            | GoType::Int(_)
            | GoType::Bytes
            | GoType::Slice(_)
            | GoType::StringMap(_)
            | GoType::Struct(_)),
        ) => to,
        ty => ty,
    }
}

/// [`GoType::decodes_like`], as far as `given` says.
fn alike(a: &'static GoType, b: &'static GoType, given: Given<'_>) -> bool {
    /// `place`: where in the document a value of these types would be (`None`: anywhere).
    fn same(
        a: &'static GoType,
        b: &'static GoType,
        depth: usize,
        given: Given<'_>,
        place: Option<u64>,
    ) -> bool {
        if std::ptr::eq(a, b) {
            return true;
        }
        // Types are finite trees of statics; a cycle (none is declared) would end here.
        if depth > 64 {
            return false;
        }
        let keys = given.keys;
        match (a, b) {
            (GoType::String(_), GoType::String(_))
            | (GoType::Int(_), GoType::Int(_))
            | (GoType::Bytes, GoType::Bytes)
            | (GoType::Any, GoType::Any)
            | (GoType::RawMessage, GoType::RawMessage) => true,
            (GoType::Slice(x), GoType::Slice(y)) | (GoType::Pointer(x), GoType::Pointer(y)) => {
                same(x, y, depth + 1, given, place)
            }
            // A map's values are at places its keys name, which a type does not know.
            (GoType::StringMap(x), GoType::StringMap(y)) => same(x, y, depth + 1, given, None),
            (GoType::Struct(x), GoType::Struct(y)) => {
                if std::ptr::eq(*x, *y) {
                    return true;
                }
                let named = |f: &&GoField| keys.is_none_or(|keys| keys.name_at(place, f.json));
                let inside = |f: &GoField| place.map(|place| step(place, f.json));
                let field = |f: &GoField| {
                    if given.plain {
                        through_pointer(f.ty)
                    } else {
                        f.ty
                    }
                };
                if given.plain {
                    // The same fields, in any order.
                    let count = |s: &GoStruct| s.fields.iter().filter(named).count();
                    return count(x) == count(y)
                        && x.fields.iter().filter(named).all(|f| {
                            y.fields.iter().find(|g| g.json == f.json).is_some_and(|g| {
                                same(field(f), field(g), depth + 1, given, inside(f))
                            })
                        });
                }
                let mut xs = x.fields.iter().filter(named);
                let mut ys = y.fields.iter().filter(named);
                loop {
                    match (xs.next(), ys.next()) {
                        (None, None) => return true,
                        (Some(f), Some(g))
                            if f.json == g.json
                                && same(f.ty, g.ty, depth + 1, given, inside(f)) => {}
                        _ => return false,
                    }
                }
            }
            // An `UnmarshalJSON` is its own code: alike only when it is the same type.
            _ => false,
        }
    }
    let place = given.keys.map(|_| ROOT);
    if given.plain {
        same(through_pointer(a), through_pointer(b), 0, given, place)
    } else {
        same(a, b, 0, given, place)
    }
}

impl GoType {
    /// Whether `encoding/json` decodes any document into `self` and into `other` alike: the
    /// same kinds, fields (by JSON name, in order) and element types, whatever the types'
    /// names. Names only reach error messages, so a document that decodes into one without
    /// an error decodes into the other to the same value (programs that declare image-spec's
    /// structs again, or vendor them, then share one decode). Only the tests ask without a
    /// document: a check asks from 16 KiB, given the document's keys.
    #[cfg(test)]
    pub(crate) fn decodes_like(&'static self, other: &'static GoType) -> bool {
        alike(
            self,
            other,
            Given {
                keys: None,
                plain: false,
            },
        )
    }

    /// Whether `encoding/json` decodes a document whose object keys are `keys` into `self`
    /// and into `other` alike: as [`GoType::decodes_like`], leaving out of the comparison a
    /// struct's fields that no key names (as Go matches a key to a field: exactly, else
    /// folded), since neither decode sets them. A 5000-entry index is then decoded once for
    /// the programs whose descriptor types differ only in fields it does not use (`urls`,
    /// `data`, `artifactType`…).
    pub(crate) fn decodes_like_given(&'static self, other: &'static GoType, keys: &Keys) -> bool {
        alike(
            self,
            other,
            Given {
                keys: Some(keys),
                plain: false,
            },
        )
    }

    /// [`GoType::decodes_like_given`] for a plain document
    /// ([`super::go_decode::Checked::plain`]): the fields in any order, and a field that is a
    /// pointer alike with what it points to.
    pub(crate) fn reads_like_given(&'static self, other: &'static GoType, keys: &Keys) -> bool {
        alike(
            self,
            other,
            Given {
                keys: Some(keys),
                plain: true,
            },
        )
    }

    /// The type as Go's `reflect.Type.String()` prints it.
    pub(crate) fn go_name(&self) -> String {
        match self {
            GoType::String(name) | GoType::Int(name) => (*name).to_owned(),
            GoType::Bytes => "[]uint8".to_owned(),
            GoType::Slice(item) => format!("[]{}", item.go_name()),
            GoType::StringMap(item) => format!("map[string]{}", item.go_name()),
            GoType::Struct(s) => s.qualified.to_owned(),
            GoType::Pointer(to) => to.go_name(),
            GoType::Any => "interface {}".to_owned(),
            GoType::RawMessage => "json.RawMessage".to_owned(),
            GoType::Unmarshaler { name, .. } => (*name).to_owned(),
        }
    }
}

pub(crate) const fn field(json: &'static str, ty: &'static GoType) -> GoField {
    GoField { json, ty }
}

pub(crate) static STRING: GoType = GoType::String("string");
pub(crate) static INT: GoType = GoType::Int("int");
pub(crate) static INT64: GoType = GoType::Int("int64");
pub(crate) static DIGEST: GoType = GoType::String("digest.Digest");
pub(crate) static STRINGS: GoType = GoType::Slice(&STRING);
pub(crate) static ANNOTATIONS: GoType = GoType::StringMap(&STRING);
