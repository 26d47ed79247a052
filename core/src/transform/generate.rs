//! Documents ocilint writes anew (the cache manifest, the split artifact, a new index) in one
//! documented serialization, so the same input always gives the same bytes and digest:
//! 2-space indentation, `"key": value`, keys in the spec's order (others after, in input
//! order), strings with only the escapes JSON requires, numbers as the input wrote them, and
//! no trailing newline.

use crate::fix::edit::quote;
use crate::json::{Document, Node, Value};
use crate::spec::media_types as mt;

/// A JSON value to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Json {
    /// Literal JSON text (numbers as written, `true`, `null`).
    Raw(String),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    pub(crate) fn str(text: &str) -> Json {
        Json::Str(text.to_owned())
    }

    pub(crate) fn number(value: u64) -> Json {
        Json::Raw(value.to_string())
    }

    /// A value of the input, as it is (numbers keep their text).
    pub(crate) fn of(document: &Document<'_>, node: &Node) -> Json {
        match &node.value {
            Value::Null => Json::Raw("null".into()),
            Value::Bool(b) => Json::Raw(b.to_string()),
            Value::Number => Json::Raw(document.number_text(node).to_owned()),
            Value::String(s) => Json::Str(s.to_string()),
            Value::Array(items) => {
                Json::Array(items.iter().map(|n| Json::of(document, n)).collect())
            }
            Value::Object(members) => Json::Object(
                members
                    .iter()
                    .map(|m| (m.key.to_string(), Json::of(document, &m.value)))
                    .collect(),
            ),
        }
    }

    /// A descriptor of the input with its keys in the spec's order, optionally with another
    /// `mediaType`.
    pub(crate) fn descriptor(
        document: &Document<'_>,
        node: &Node,
        media_type: Option<&str>,
    ) -> Json {
        let Json::Object(mut members) = Json::of(document, node) else {
            return Json::of(document, node);
        };
        if let Some(media_type) = media_type {
            match members.iter_mut().find(|(k, _)| k == "mediaType") {
                Some((_, value)) => *value = Json::str(media_type),
                None => members.push(("mediaType".into(), Json::str(media_type))),
            }
        }
        Json::Object(in_order(members, DESCRIPTOR_ORDER))
    }

    /// Writes the value in the documented serialization.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out
    }

    fn write(&self, out: &mut String, depth: usize) {
        match self {
            Json::Raw(text) => out.push_str(text),
            Json::Str(text) => out.push_str(&quote(text)),
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            Json::Object(members) if members.is_empty() => out.push_str("{}"),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    indent(out, depth + 1);
                    item.write(out, depth + 1);
                }
                out.push('\n');
                indent(out, depth);
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    indent(out, depth + 1);
                    out.push_str(&quote(key));
                    out.push_str(": ");
                    value.write(out, depth + 1);
                }
                out.push('\n');
                indent(out, depth);
                out.push('}');
            }
        }
    }
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// The order of descriptor fields in image-spec's `descriptor.md`.
const DESCRIPTOR_ORDER: &[&str] = &[
    "mediaType",
    "artifactType",
    "digest",
    "size",
    "urls",
    "annotations",
    "data",
    "platform",
];

/// The order of an image manifest's and an index's fields in image-spec.
const DOCUMENT_ORDER: &[&str] = &[
    "schemaVersion",
    "mediaType",
    "artifactType",
    "config",
    "layers",
    "manifests",
    "subject",
    "annotations",
];

/// Members sorted into `order`; keys it does not name follow in their input order.
fn in_order(mut members: Vec<(String, Json)>, order: &[&str]) -> Vec<(String, Json)> {
    members.sort_by_key(|(key, _)| order.iter().position(|k| k == key).unwrap_or(order.len()));
    members
}

/// A manifest or index object with its fields in the spec's order.
pub(crate) fn document(members: Vec<(String, Json)>) -> Json {
    Json::Object(in_order(members, DOCUMENT_ORDER))
}

/// The empty descriptor of image-spec 1.1 (`{}` with its digest, size and data).
pub(crate) fn empty_descriptor() -> Json {
    Json::Object(vec![
        ("mediaType".into(), Json::str(mt::OCI_EMPTY)),
        ("digest".into(), Json::str(mt::EMPTY_JSON_DIGEST)),
        ("size".into(), Json::number(2)),
        ("data".into(), Json::str("e30=")),
    ])
}

/// An object's members, in order.
pub(crate) type Members = Vec<(String, Json)>;

/// The members of a descriptor of a document ocilint knows the bytes of.
pub(crate) fn descriptor_of(media_type: &str, bytes: &[u8]) -> Members {
    vec![
        ("mediaType".into(), Json::str(media_type)),
        ("digest".into(), Json::Str(crate::digest::sha256(bytes))),
        ("size".into(), Json::number(bytes.len() as u64)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_two_space_indent_in_spec_order_without_trailing_newline() {
        let doc = document(vec![
            ("layers".into(), Json::Array(vec![])),
            ("config".into(), empty_descriptor()),
            ("schemaVersion".into(), Json::number(2)),
        ]);
        assert_eq!(
            doc.render(),
            "{\n  \"schemaVersion\": 2,\n  \"config\": {\n    \"mediaType\": \"application/vnd.oci.empty.v1+json\",\n    \"digest\": \"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\n    \"size\": 2,\n    \"data\": \"e30=\"\n  },\n  \"layers\": []\n}"
        );
    }
}
