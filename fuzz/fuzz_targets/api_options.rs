//! The wasm API's conversions from JavaScript values, natively: `check`'s options object,
//! `applyFixes`' selection, `convert`'s target family, and the page's targets field. The API
//! reads each object with serde (`serde_wasm_bindgen` in the browser); here the same types
//! come from JSON, through the same functions the API calls (`options_to_core` and
//! `fix_request` of `web/src/api/options.rs`, compiled here by path). Invariants: no panic; a
//! refused object is an error that says why (a misspelt field is never ignored); accepted
//! options check and fix a document with every report invariant holding.
//!
//! The first byte chooses the shape: even, the rest is JSON as a caller might write it; odd,
//! an object built by `arbitrary` from the names the API knows (rule codes and groups, targets,
//! severities, platforms), so the fuzzer reaches past the syntax into the selections.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use ocilint_fuzz::api::{fix_request, options_to_core, wire};
use ocilint_fuzz::invariants;
use serde_json::{json, Map, Value};

/// A manifest with a fix or two to offer: an uppercase digest, a config without `size`.
const DOCUMENT: &[u8] = br#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443"},
  "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 29534055,
    "digest": "sha256:3713021B02770A720DEA9B54C03D0ED83E03A2EF5DCE2898C56A327FEE9A8BCA"}]
}"#;

const WORDS: &[&str] = &[
    "ALL",
    "DSC",
    "DSC001",
    "DSC009",
    "DIG002",
    "JSON001",
    "MAN001",
    "descriptor",
    "digest",
    "json",
    "manifest",
    "desc-data-size-match",
    "spec",
    "quay",
    "ecr",
    "ecr@2024-05",
    "docker",
    "podman",
    "containerd",
    "ghcr",
    "harbor@",
    "@",
    "error",
    "warning",
    "info",
    "hint",
    "linux/amd64",
    "linux/arm64/v8",
    "windows",
    "/",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json; charset=utf-8",
    "/layers/0/digest",
    "/config",
    "",
];

/// An options or selection object as a caller builds one.
#[derive(Debug, Arbitrary)]
struct Object {
    fields: Vec<(Field, Text)>,
}

#[derive(Debug, Arbitrary)]
enum Field {
    ContentType,
    Targets,
    Select,
    Ignore,
    Severity,
    Platform,
    IncludeUnsafe,
    Only,
    Pointer,
    Misspelt(String),
}

#[derive(Debug, Arbitrary)]
enum Text {
    Word(u8),
    Any(String),
    List(Vec<u8>),
    Map(Vec<(u8, u8)>),
    Flag(bool),
    Number(f64),
    Null,
}

fn word(index: u8) -> String {
    WORDS[usize::from(index) % WORDS.len()].to_owned()
}

impl Object {
    fn to_json(&self) -> Value {
        let mut object = Map::new();
        for (field, text) in &self.fields {
            let key = match field {
                Field::ContentType => "contentType".to_owned(),
                Field::Targets => "targets".to_owned(),
                Field::Select => "select".to_owned(),
                Field::Ignore => "ignore".to_owned(),
                Field::Severity => "severity".to_owned(),
                Field::Platform => "platform".to_owned(),
                Field::IncludeUnsafe => "includeUnsafe".to_owned(),
                Field::Only => "only".to_owned(),
                Field::Pointer => "pointer".to_owned(),
                Field::Misspelt(name) => name.clone(),
            };
            let value = match text {
                Text::Word(i) => json!(word(*i)),
                Text::Any(text) => json!(text),
                Text::List(items) => json!(items.iter().map(|i| word(*i)).collect::<Vec<_>>()),
                Text::Map(pairs) => Value::Object(
                    pairs
                        .iter()
                        .map(|(k, v)| (word(*k), json!(word(*v))))
                        .collect(),
                ),
                Text::Flag(flag) => json!(flag),
                Text::Number(n) => json!(n),
                Text::Null => Value::Null,
            };
            object.insert(key, value);
        }
        Value::Object(object)
    }
}

/// The JSON text of the object the rest of the input stands for.
fn object_text(bytes: &[u8]) -> Option<Vec<u8>> {
    let (&first, rest) = bytes.split_first()?;
    if first % 2 == 0 {
        return Some(rest.to_vec());
    }
    let object = Object::arbitrary_take_rest(Unstructured::new(rest)).ok()?;
    Some(object.to_json().to_string().into_bytes())
}

/// The fields an object names that no `CheckOptions` or `FixSelection` has.
fn misspelt(text: &[u8], known: &[&str]) -> Option<String> {
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(text) else {
        return None;
    };
    object
        .keys()
        .find(|k| !known.contains(&k.as_str()))
        .cloned()
}

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Some(text) = object_text(bytes) else {
        return;
    };

    // `check(input, options)`.
    if let Ok(options) = serde_json::from_slice::<wire::CheckOptions>(&text) {
        let unknown = misspelt(
            &text,
            &[
                "contentType",
                "targets",
                "select",
                "ignore",
                "severity",
                "platform",
            ],
        );
        match options_to_core(options) {
            Ok(options) => {
                assert!(unknown.is_none(), "option `{unknown:?}` was ignored");
                let report = ocilint_core::check(DOCUMENT, &options);
                invariants::report_holds(DOCUMENT, &report);
            }
            Err(message) => assert!(!message.is_empty(), "a refusal without a reason"),
        }
    }

    // `applyFixes(input, selection)`.
    if let Ok(selection) = serde_json::from_slice::<wire::FixSelection>(&text) {
        let unknown = misspelt(
            &text,
            &[
                "includeUnsafe",
                "only",
                "platform",
                "pointer",
                "contentType",
            ],
        );
        let content_type = selection.content_type.clone();
        match fix_request(selection, "input") {
            Ok(request) => {
                assert!(
                    unknown.is_none(),
                    "selection field `{unknown:?}` was ignored"
                );
                let input = ocilint_core::rewrite::Input {
                    name: "input".to_owned(),
                    bytes: DOCUMENT.to_vec(),
                    content_type,
                };
                invariants::rewrite_holds(&ocilint_core::rewrite::rewrite(&[input], &request));
            }
            Err(message) => assert!(!message.is_empty(), "a refusal without a reason"),
        }
    }

    // `convert(input, to)`: only the two families read.
    if let Ok(to) = serde_json::from_slice::<wire::ConvertTo>(&text) {
        let name = serde_json::from_slice::<String>(&text).unwrap_or_default();
        assert!(
            matches!(name.as_str(), "oci" | "docker"),
            "{name:?} read as {to:?}"
        );
    }

    // The page's targets field: a list that reads, or a reason why not.
    let typed = String::from_utf8_lossy(&text);
    if let Err(message) = ocilint_core::targets::parse_list(&typed) {
        assert!(
            !message.to_string().is_empty(),
            "a refusal without a reason"
        );
    }
});
