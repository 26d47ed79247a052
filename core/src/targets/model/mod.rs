//! Models of the programs whose code is public: each modelled target is a pipeline of the
//! program's own steps in its order (decode the bytes as Go's `encoding/json` does, into the
//! program's own types, then its validations; for Quay, Python's `json.loads` and
//! `jsonschema` against its schemas, then its checks; for zot, image-spec's JSON schemas as
//! santhosh-tekuri/jsonschema v5 reports them), stopping where the program stops, with the
//! program's first error in its own words and with the document's values in it. What the
//! bytes cannot decide (a blob's presence or content, what the registry holds) is said as the
//! verdict's condition.

mod containerd;
mod containers_image_4_3;
mod crane;
mod distribution;
mod dockerd;
mod go_decode;
mod go_digest;
mod go_mime;
mod go_syntax;
mod go_types;
mod harbor;
mod py_json;
mod quay;
mod regclient;
mod types_containerd;
mod types_containers_image;
mod types_distribution;
mod types_ggcr;
mod types_image_spec;
mod types_regclient;
mod zot;

use bumpalo::Bump;
use std::cell::{Cell, OnceCell, RefCell};

use crate::json::{Document, Node, Parsed};
use crate::text::TextRange;

use super::environment::Lookup;
use super::{CopyTo, Environment, Operation, Verdict};
use go_decode::{DecodeError, GoValue};
use go_syntax::SyntaxError;
use go_types::{GoType, Keys};

/// What a model decided, and at which of its steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Modelled {
    pub verdict: Verdict,
    /// The program's first error; `None` when it accepts.
    pub message: Option<String>,
    /// The step that decided (`decode`, `verify references`…).
    pub step: &'static str,
    /// What the verdict holds on beyond the bytes (blobs, registry state).
    pub condition: Option<String>,
    /// The code the model follows.
    pub source: &'static str,
    /// Where in the document the decisive value is, when the step that decided knows.
    pub at: Option<TextRange>,
}

impl Modelled {
    fn refuse(step: &'static str, message: String, source: &'static str) -> Self {
        Modelled {
            verdict: Verdict::Reject,
            message: Some(message),
            step,
            condition: None,
            source,
            at: None,
        }
    }

    /// The same verdict, pointing at `range` of the document.
    fn at(self, range: Option<TextRange>) -> Self {
        Modelled { at: range, ..self }
    }

    fn accept(step: &'static str, condition: Option<String>, source: &'static str) -> Self {
        Modelled {
            verdict: Verdict::Accept,
            message: None,
            step,
            condition,
            source,
            at: None,
        }
    }

    /// `unknown`: Go reads the document, but ocilint's parser does not.
    fn beyond_parser(step: &'static str, source: &'static str) -> Self {
        Modelled::unknown(step, UnmarshalError::BeyondParser.message(), source)
    }

    fn unknown(step: &'static str, why: String, source: &'static str) -> Self {
        Modelled {
            verdict: Verdict::Unknown,
            message: Some(why),
            step,
            condition: None,
            source,
            at: None,
        }
    }
}

/// The bytes as a program receives them.
pub(crate) struct Input<'a> {
    pub bytes: &'a [u8],
    /// The `Content-Type` header exactly as sent or served (`None`: no header).
    pub content_type: Option<&'a str>,
    /// ocilint's parse of the bytes.
    pub document: &'a Document<'a>,
    /// Whether ocilint's parser read them as strict JSON ([`Parsed::is_strict`]).
    pub strict: bool,
    /// What is known beyond the bytes.
    pub environment: &'a Environment,
    syntax: OnceCell<Option<SyntaxError>>,
    digest: OnceCell<String>,
    /// Where the decoded values live (see [`GoValue`]).
    pub(super) arena: &'a Bump,
    /// The document's object keys, folded, when a decode asks whether another's is alike.
    keys: OnceCell<Keys>,
    /// What each type decoded to: the programs share types (podman's pull and copy, a probe
    /// asked twice), and a 5000-entry index is worth decoding once per type.
    decoded: RefCell<Vec<(&'static GoType, Unmarshalled<'a>)>>,
    /// How many times a type's decode walked the document (what the tests of sharing count).
    walks: Cell<usize>,
}

/// The value of `key` in an object as Go's decoder and Python's dict keep it: the last of
/// duplicated keys.
pub(super) fn last_member<'n>(node: &'n Node<'n>, key: &str) -> Option<&'n Node<'n>> {
    node.members()?
        .iter()
        .rev()
        .find(|member| member.key == key)
        .map(|member| &member.value)
}

/// A step of a path into the document: a key, or an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    Key(&'static str),
    Index(usize),
}

impl<'a> Input<'a> {
    /// Where the value at `path` is in the document (of a key given twice, the last, as Go's
    /// decoder and Python's dict keep it); `None` for the document itself, which would take
    /// every finding as a cause of the verdict.
    /// What `json.Unmarshal`'s syntax check finds wrong with the bytes (`checkValid`),
    /// checked once for every model.
    pub(super) fn go_syntax_error(&self) -> Option<&SyntaxError> {
        self.syntax
            .get_or_init(|| {
                // Go's scanner takes a strict document: it reads the same grammar and refuses
                // only what the parser reports (it lets bad UTF-8 and lone surrogates through,
                // which the parser reports too), and the parser stops before Go's depth limit.
                // A property test and every fixture hold the two to it.
                const _: () = assert!(crate::json::MAX_DEPTH <= go_syntax::MAX_NESTING_DEPTH);
                if self.strict {
                    None
                } else {
                    go_syntax::check_valid(self.bytes)
                }
            })
            .as_ref()
    }

    pub(super) fn value_range(&self, path: &[Step]) -> Option<TextRange> {
        if path.is_empty() {
            return None;
        }
        let mut node = self.document.root.as_ref()?;
        for step in path {
            node = match step {
                Step::Key(key) => last_member(node, key)?,
                Step::Index(index) => node.items()?.get(*index)?,
            };
        }
        Some(node.range)
    }

    /// The input of the document `parsed`, sent with `content_type`; what the models decode
    /// of it is allocated in `arena`.
    pub(crate) fn new(
        parsed: &'a Parsed<'a>,
        content_type: Option<&'a str>,
        arena: &'a Bump,
    ) -> Self {
        Input {
            bytes: parsed.document.source,
            content_type,
            document: &parsed.document,
            strict: parsed.is_strict(),
            environment: &UNKNOWN_ENVIRONMENT,
            syntax: OnceCell::new(),
            digest: OnceCell::new(),
            arena,
            keys: OnceCell::new(),
            decoded: RefCell::new(Vec::new()),
            walks: Cell::new(0),
        }
    }

    /// The same input, in a known environment.
    pub(crate) fn within(self, environment: &'a Environment) -> Self {
        Input {
            environment,
            ..self
        }
    }

    /// What the registry holds, when known.
    fn store(&self) -> Option<&'a super::Store> {
        self.environment.store.as_ref()
    }

    /// Whether the registry holds `digest` (as anything); `Unknown` when what it holds is not
    /// known, or known in part and `digest` is not among it.
    fn lookup(&self, digest: &str) -> Lookup<'a> {
        self.store()
            .map_or(Lookup::Unknown, |store| store.lookup(digest))
    }

    /// Whether the blobs endpoint serves `digest`.
    fn lookup_blob(&self, digest: &str) -> Lookup<'a> {
        self.store()
            .map_or(Lookup::Unknown, |store| store.lookup_blob(digest))
    }

    /// Whether the manifests endpoint serves `digest`.
    fn lookup_manifest(&self, digest: &str) -> Lookup<'a> {
        self.store()
            .map_or(Lookup::Unknown, |store| store.lookup_manifest(digest))
    }

    /// The registry's base URL as messages name it (`http://<registry>/v2/<repo>` unknown).
    fn base_url(&self) -> String {
        self.store().map_or_else(
            || "http://<registry>/v2/<repo>".to_owned(),
            super::Store::base_url,
        )
    }

    /// The `sha256:` digest of the bytes, as programs name the document (hashed when a
    /// message needs it).
    fn digest(&self) -> &str {
        self.digest
            .get_or_init(|| crate::digest::sha256(self.bytes))
    }
}

/// Nothing known beyond the bytes: what `check` judges in.
static UNKNOWN_ENVIRONMENT: Environment = Environment {
    store: None,
    copy_to: CopyTo::OciLayout,
    containerd_root: None,
    urls: Vec::new(),
};

/// Why `json.Unmarshal` failed.
#[derive(Debug, Clone)]
enum UnmarshalError {
    Syntax(SyntaxError),
    Decode(DecodeError),
    /// Go reads it, but ocilint's parser stops at a shallower depth.
    BeyondParser,
}

impl UnmarshalError {
    fn message(&self) -> String {
        match self {
            UnmarshalError::Syntax(e) => e.message.clone(),
            UnmarshalError::Decode(e) => e.message(),
            UnmarshalError::BeyondParser => BEYOND_PARSER.to_owned(),
        }
    }

    /// A model's answer when decoding failed: the program's `refusal` of the error, at the
    /// place the error points to, or `unknown` when the document nests deeper than ocilint's
    /// parser goes (whatever Go would say is then not modelled).
    fn verdict(
        self,
        step: &'static str,
        source: &'static str,
        refusal: impl FnOnce(UnmarshalError) -> Modelled,
    ) -> Modelled {
        let at = self.range();
        match self {
            UnmarshalError::BeyondParser => Modelled::beyond_parser(step, source),
            error => refusal(error),
        }
        .at(at)
    }

    /// The byte Go stopped at, or the value that did not fit.
    fn range(&self) -> Option<TextRange> {
        match self {
            UnmarshalError::Syntax(e) => Some(TextRange::new(e.offset.saturating_sub(1), e.offset)),
            UnmarshalError::Decode(e) => Some(e.range()),
            UnmarshalError::BeyondParser => None,
        }
    }
}

const BEYOND_PARSER: &str =
    "Go reads the document, but ocilint's parser does not, even with its deep values blanked: not modelled";

/// Digests or URLs a condition names, each once, in order: the first three and how many more
/// when there are over four (an index of 100,000 entries named them all, megabytes in each
/// verdict).
fn listed<S: AsRef<str> + Ord>(items: impl IntoIterator<Item = S>) -> String {
    // Taken as they come: a list handed over whole is sorted in its own memory below.
    let mut items: Vec<S> = items.into_iter().collect();
    // The first few different ones, in order, found before the list is sorted.
    let mut first: Vec<String> = Vec::with_capacity(5);
    for item in &items {
        let item = item.as_ref();
        if !first.iter().any(|seen| seen == item) {
            first.push(item.to_owned());
            if first.len() == 5 {
                break;
            }
        }
    }
    if first.len() <= 4 {
        return first.join(", ");
    }
    // Counted sorted, in place: a set of them all cost three times the list's memory (14 MB
    // of 320,000 digests, while the rules held theirs on the other thread).
    items.sort_unstable();
    items.dedup();
    format!("{} and {} more", first[..3].join(", "), items.len() - 3)
}

/// The size from which a decode is shared between types alike in the document's keys only.
const SHARE_BY_KEYS_FROM: usize = 16 * 1024;

/// What `json.Unmarshal` gave: the value, shared by the steps that ask for the same type.
type Unmarshalled<'a> = Result<GoValue<'a>, UnmarshalError>;

/// `json.Unmarshal(input, &value)` for a value of type `ty` (decoded once per input and type).
fn unmarshal<'a>(input: &Input<'a>, ty: &'static GoType) -> Unmarshalled<'a> {
    let known = input
        .decoded
        .borrow()
        .iter()
        .find(|(decoded, _)| std::ptr::eq(*decoded, ty))
        .map(|(_, result)| result.clone());
    if let Some(result) = known {
        return result;
    }
    // Another program's type of the same shape, as far as this document's keys reach,
    // decoded it without an error: the value is the same (an error's words name the types, so
    // a failed decode is not shared). Below a few kilobytes, walking the document costs less
    // than comparing the types field by field: each type walks it.
    let keys = match &input.document.root {
        Some(root) if input.bytes.len() >= SHARE_BY_KEYS_FROM => {
            Some(input.keys.get_or_init(|| Keys::of(root)))
        }
        _ => None,
    };
    let alike = input
        .decoded
        .borrow()
        .iter()
        .find(|(decoded, result)| {
            let Some(keys) = keys.filter(|_| result.is_ok()) else {
                return false;
            };
            // Read, so plain: what the check walked for one type holds for the other.
            if matches!(result, Ok(GoValue::Read(_))) {
                decoded.reads_like_given(ty, keys)
            } else {
                decoded.decodes_like_given(ty, keys)
            }
        })
        .map(|(_, result)| result.clone());
    if let Some(result) = alike {
        // A value read from the parse is read again through this type (its fields are the
        // other's, as far as the document's keys reach, but a program asks by its own).
        let result = match result {
            Ok(GoValue::Read(_)) => Ok(read_root(input, ty)),
            result => result,
        };
        input.decoded.borrow_mut().push((ty, result.clone()));
        return result;
    }
    let result = decode(input, ty);
    input.decoded.borrow_mut().push((ty, result.clone()));
    result
}

fn decode<'a>(input: &Input<'a>, ty: &'static GoType) -> Result<GoValue<'a>, UnmarshalError> {
    if let Some(error) = input.go_syntax_error() {
        return Err(UnmarshalError::Syntax(error.clone()));
    }
    input.walks.set(input.walks.get() + 1);
    let decoded = match &input.document.root {
        Some(root) => {
            let checked = go_decode::check(input.document, root, ty);
            if let Some(error) = checked.error {
                return Err(UnmarshalError::Decode(error));
            }
            if checked.plain {
                return Ok(read_root(input, ty));
            }
            go_decode::decode(input.arena, input.document, root, ty)
        }
        None => {
            // Valid for Go, yet no tree: nested deeper than ocilint's parser goes. Go skips
            // what no field asks for, and no type a program decodes into nests anywhere near
            // that deep, so the same bytes with the deep values' insides blanked decode alike.
            let blanked = blank_beyond(input.bytes, KEPT_DEPTH);
            let arena = crate::json::Arena::new();
            let parsed = crate::rules::parse_derived(&blanked, &arena);
            let Some(root) = &parsed.document.root else {
                return Err(UnmarshalError::BeyondParser);
            };
            let local = Bump::new();
            let decoded = go_decode::decode(&local, &parsed.document, root, ty);
            go_decode::Decoded {
                value: decoded.value.map(|value| value.copied_into(input.arena)),
                error: decoded.error,
            }
        }
    };
    unmarshalled(decoded)
}

/// The document read as a value of type `ty`, for a document [`go_decode::check`] passed as
/// plain, without error.
fn read_root<'a>(input: &Input<'a>, ty: &'static GoType) -> GoValue<'a> {
    input
        .document
        .root
        .as_ref()
        .and_then(|root| go_decode::read(root, ty, input.document))
        .unwrap_or(GoValue::Struct(&[]))
}

/// What `Unmarshal` returns for a decode: its first error, else the value (a struct left at
/// its zero value when the document was `null`).
fn unmarshalled(decoded: go_decode::Decoded<'_>) -> Result<GoValue<'_>, UnmarshalError> {
    match decoded.error {
        Some(error) => Err(UnmarshalError::Decode(error)),
        None => Ok(decoded.value.unwrap_or(GoValue::Struct(&[]))),
    }
}

/// How deep [`blank_beyond`] keeps a document: well within the parser's limit, far beyond any
/// type a program decodes into.
const KEPT_DEPTH: usize = crate::json::MAX_DEPTH / 2;

/// `bytes` (valid JSON) with the inside of every array or object at nesting depth `kept`
/// replaced by spaces: the same length, so every position stays, and an empty array or object
/// where the deep value was.
fn blank_beyond(bytes: &[u8], kept: usize) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for byte in &mut out {
        let c = *byte;
        let blank = if in_string {
            if escaped {
                escaped = false;
            } else if c == b'\\' {
                escaped = true;
            } else if c == b'"' {
                in_string = false;
            }
            depth >= kept
        } else {
            match c {
                b'[' | b'{' => {
                    depth += 1;
                    depth > kept
                }
                b']' | b'}' => {
                    let inside = depth > kept;
                    depth = depth.saturating_sub(1);
                    inside
                }
                b'"' => {
                    in_string = true;
                    depth >= kept
                }
                _ => depth >= kept,
            }
        };
        if blank {
            *byte = b' ';
        }
    }
    out
}

/// The targets, versions and operations modelled from their code.
pub(crate) const MODELLED: [(&str, &str, Operation); 16] = [
    ("distribution", "v3", Operation::Push),
    ("distribution", "v2.8", Operation::Push),
    ("podman", "4.3", Operation::Pull),
    ("podman", "4.3", Operation::Copy),
    ("podman", "2025", Operation::Pull),
    ("podman", "2025", Operation::Copy),
    ("containerd", "1.6", Operation::Pull),
    ("containerd", "2.1", Operation::Pull),
    ("harbor", "v2", Operation::Push),
    ("quay", "2024-06", Operation::Push),
    ("quay", "2024-05", Operation::Push),
    ("zot", "oci", Operation::Push),
    ("zot", "docker2s2", Operation::Push),
    ("dockerd", "28", Operation::Pull),
    ("regclient", "0.8", Operation::Pull),
    ("crane", "0.20", Operation::Pull),
];

/// The model of a target at a version, for an operation, when there is one (one of
/// [`MODELLED`]).
pub(crate) fn judge(
    target: &str,
    version: &str,
    operation: Operation,
    input: &Input<'_>,
) -> Option<Modelled> {
    match (target, version, operation) {
        ("distribution", "v3", Operation::Push) => {
            Some(distribution::push(input, &distribution::V3))
        }
        ("distribution", "v2.8", Operation::Push) => {
            Some(distribution::push(input, &distribution::V2_8))
        }
        ("podman", "4.3" | "2025", Operation::Pull | Operation::Copy) => {
            let release = if version == "4.3" {
                &containers_image_4_3::V4_3
            } else {
                &containers_image_4_3::V2025
            };
            Some(match operation {
                Operation::Pull => containers_image_4_3::pull(input, release),
                _ => containers_image_4_3::copy(
                    input,
                    match input.environment.copy_to {
                        CopyTo::OciLayout => containers_image_4_3::Destination::OciLayout,
                        CopyTo::Dir => containers_image_4_3::Destination::Dir,
                    },
                    release,
                ),
            })
        }
        ("containerd", "1.6", Operation::Pull) => Some(containerd::pull(input, &containerd::V1_6)),
        ("containerd", "2.1", Operation::Pull) => Some(containerd::pull(input, &containerd::V2_1)),
        ("harbor", "v2", Operation::Push) => Some(harbor::push(input)),
        ("quay", "2024-06", Operation::Push) => quay::push(input, &quay::V2024_06),
        ("quay", "2024-05", Operation::Push) => quay::push(input, &quay::V2024_05),
        ("zot", "oci", Operation::Push) => Some(zot::push(input, &zot::OCI_ONLY)),
        ("zot", "docker2s2", Operation::Push) => Some(zot::push(input, &zot::DOCKER2S2)),
        ("dockerd", "28", Operation::Pull) => Some(dockerd::pull(input)),
        ("regclient", "0.8", Operation::Pull) => regclient::pull(input),
        ("crane", "0.20", Operation::Pull) => Some(crane::pull(input)),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_containerd_2_1;
#[cfg(test)]
mod tests_crane;
#[cfg(test)]
mod tests_dockerd;
#[cfg(test)]
mod tests_harbor;
#[cfg(test)]
mod tests_podman_2025;
#[cfg(test)]
mod tests_quay;
#[cfg(test)]
mod tests_regclient;
#[cfg(test)]
mod tests_versions;
#[cfg(test)]
mod tests_zot;
