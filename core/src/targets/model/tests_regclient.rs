//! regclient's pull (`regctl image copy`): for each step, a document it lets through and one it
//! refuses, with regctl's exact words; the seed stories as they go through it.

use super::tests::{CONFIG, INDEX, LAYER, LIST, OCI, SCHEMA2};
use super::tests_versions::{oci_index, oci_manifest, unknown_store};
use super::*;
use crate::targets::environment::{Contents, Stored};

const SOURCE: &str = "copy failed, error getting source: ";
const UNMARSHALING: &str =
    "copy failed, error getting source: error unmarshaling manifest for <registry>/<repo>:<tag>: ";
const PUSHED: &str = "the target registry takes the push";

fn pulled(bytes: &[u8], content_type: Option<&str>, environment: &Environment) -> Modelled {
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(bytes, content_type, &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, content_type, &arena).within(environment);
    judge("regclient", "0.8", Operation::Pull, &input).expect("a model")
}

/// `(verdict, message, step)` with nothing known of the registry.
fn judged(bytes: &str, content_type: Option<&str>) -> (Verdict, Option<String>, &'static str) {
    let m = pulled(bytes.as_bytes(), content_type, &unknown_store());
    (m.verdict, m.message, m.step)
}

fn refused(step: &'static str, message: &str) -> (Verdict, Option<String>, &'static str) {
    (Verdict::Reject, Some(message.to_owned()), step)
}

fn accepted() -> (Verdict, Option<String>, &'static str) {
    (Verdict::Accept, None, "push manifest")
}

fn blobs_condition() -> Option<String> {
    Some(format!(
        "the registry serves {CONFIG}, {LAYER} with the sizes given, and {PUSHED}"
    ))
}

#[test]
fn a_good_manifest_and_index_copy_if_the_registry_serves_their_content() {
    let m = pulled(oci_manifest("", "").as_bytes(), Some(OCI), &unknown_store());
    assert_eq!((m.verdict, m.step), (Verdict::Accept, "push manifest"));
    assert_eq!(m.condition, blobs_condition());
    let m = pulled(oci_index("", "").as_bytes(), Some(INDEX), &unknown_store());
    assert_eq!(m.verdict, Verdict::Accept);
    assert_eq!(
        m.condition.as_deref(),
        Some(format!("the registry serves every entry ({CONFIG}) and each copies (every platform: no --platform), and {PUSHED}").as_str())
    );
}

#[test]
fn fetch_manifest_refuses_over_8_mib() {
    // Padding within the limit is pulled (and over 4 MiB, refused at the push, below).
    let padded = |n: usize| {
        let doc = oci_manifest("", "");
        format!("{}{}", &doc, " ".repeat(n - doc.len()))
    };
    let at_limit = padded(8 * 1024 * 1024);
    assert_eq!(
        judged(&at_limit, Some(OCI)),
        refused(
            "push manifest",
            "manifest too large, calculated 8388608, limit 4194304: <target>"
        )
    );
    let over = padded(8 * 1024 * 1024 + 1);
    assert_eq!(
        judged(&over, Some(OCI)),
        refused(
            "fetch manifest",
            &format!("{SOURCE}manifest too large, received 8388609, limit 8388608: <registry>/<repo>:<tag>")
        )
    );
}

#[test]
fn the_content_type_is_read_as_mediatype_base_reads_it() {
    // Parameters cut, case folded, spaces trimmed.
    assert_eq!(
        judged(
            &oci_manifest("", ""),
            Some("Application/VND.oci.image.manifest.v1+json ; charset=utf-8")
        ),
        accepted()
    );
    // A type regclient does not know.
    assert_eq!(
        judged(&oci_manifest("", ""), Some("application/json")),
        refused(
            "decode",
            &format!("{SOURCE}unsupported media type: \"application/json\"")
        )
    );
}

#[test]
fn without_a_content_type_the_body_is_duck_typed() {
    // No mediaType anywhere: the first layer's type prefix decides, and the body (with no
    // mediaType of its own) passes verifyMT.
    let docker_layers = format!(
        r#"{{"schemaVersion":2,"config":{{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"{CONFIG}","size":2}},"layers":[{{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","digest":"{LAYER}","size":3}}]}}"#
    );
    assert_eq!(judged(&docker_layers, None), accepted());
    // Nothing to go by: the media type is empty.
    let nothing = r#"{"schemaVersion":2,"config":{}}"#;
    assert_eq!(
        judged(nothing, None),
        refused("decode", &format!("{SOURCE}unsupported media type: \"\""))
    );
    // The probe's own errors are ignored; a syntax error leaves it empty.
    assert_eq!(
        judged("{\"schemaVersion\":2,}", None),
        refused("decode", &format!("{SOURCE}unsupported media type: \"\""))
    );
    // A type error in the probe: what was decoded besides it still counts.
    let typed = format!(
        r#"{{"schemaVersion":"2","layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{LAYER}","size":3}}]}}"#
    );
    assert_eq!(
        judged(&typed, None),
        refused(
            "decode",
            &format!("{UNMARSHALING}json: cannot unmarshal string into Go struct field Manifest.schemaVersion of type int")
        )
    );
    // schemaVersion 1 without signatures is unsigned schema 1, whose blobs are its fsLayers.
    let schema1 = format!(
        r#"{{"schemaVersion":1,"name":"x","tag":"y","fsLayers":[{{"blobSum":"{LAYER}"}}]}}"#
    );
    let m = pulled(schema1.as_bytes(), None, &unknown_store());
    assert_eq!(m.verdict, Verdict::Accept);
    assert_eq!(
        m.condition.as_deref(),
        Some(format!("the registry serves {LAYER} with the sizes given, and {PUSHED}").as_str())
    );
}

#[test]
fn decode_into_regclients_own_types() {
    assert_eq!(
        judged(
            &oci_manifest("", "").replace("\"size\":136", "\"size\":\"12\""),
            Some(OCI)
        ),
        refused(
            "decode",
            &format!("{UNMARSHALING}json: cannot unmarshal string into Go struct field Descriptor.layers.size of type int64")
        )
    );
    // regclient's platform has `features`, which image-spec's does not.
    assert_eq!(
        judged(&oci_index(",\"features\":\"sse4\"", ""), Some(INDEX)),
        refused(
            "decode",
            &format!("{UNMARSHALING}json: cannot unmarshal string into Go struct field Platform.manifests.platform.features of type []string")
        )
    );
    // The errors name regclient's descriptor type.
    assert_eq!(
        judged(
            &oci_manifest("", "").replace(
                &format!(r#"{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{CONFIG}","size":242}}"#),
                "\"x\""
            ),
            Some(OCI)
        ),
        refused(
            "decode",
            &format!("{UNMARSHALING}json: cannot unmarshal string into Go struct field Manifest.config of type descriptor.Descriptor")
        )
    );
    assert_eq!(
        judged(&oci_manifest(",\"data\":\"e30\"", ""), Some(OCI)),
        refused(
            "decode",
            &format!("{UNMARSHALING}illegal base64 data at input byte 3")
        )
    );
    assert_eq!(
        judged(&format!("\u{feff}{}", oci_manifest("", "")), Some(OCI)),
        refused(
            "decode",
            &format!("{UNMARSHALING}invalid character 'ï' looking for beginning of value")
        )
    );
    // The same key twice: the last wins.
    assert_eq!(
        judged(
            &oci_manifest("", "").replace("\"schemaVersion\":2", "\"schemaVersion\":\"x\",\"schemaVersion\":2"),
            Some(OCI)
        ),
        refused(
            "decode",
            &format!("{UNMARSHALING}json: cannot unmarshal string into Go struct field Manifest.schemaVersion of type int")
        )
    );
}

/// `joseBase64UrlEncode`: base64url without padding.
fn jose(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, &b| (n << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// A signed schema 1 body as libtrust formats it: the payload without its closing brace, the
/// signatures, the brace; `protected` names the cut and the tail.
fn signed_body(payload: &str, protected: &str, header: &str) -> String {
    let cut = payload.len() - 1;
    format!(
        r#"{},"signatures":[{{"header":{header},"signature":"c2ln","protected":"{}"}}]}}"#,
        &payload[..cut],
        jose(protected.replace("<cut>", &cut.to_string()).as_bytes())
    )
}

#[test]
fn signed_schema_1_goes_through_libtrusts_pretty_signature() {
    let signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    let payload = format!(
        r#"{{"schemaVersion":1,"name":"x","tag":"y","fsLayers":[{{"blobSum":"{LAYER}"}}]}}"#
    );
    let good = r#"{"formatLength":<cut>,"formatTail":"fQ"}"#;
    let body = signed_body(&payload, good, r#"{"alg":"ES256"}"#);
    let m = pulled(body.as_bytes(), Some(signed), &unknown_store());
    assert_eq!(
        (m.verdict, m.condition.as_deref()),
        (
            Verdict::Accept,
            Some(
                format!("the registry serves {LAYER} with the sizes given, and {PUSHED}").as_str()
            )
        )
    );
    // Go hands UnmarshalJSON the object without the whitespace around it, which
    // formatLength counts from (regclient's own test document starts with a newline).
    let spaced = format!("\n{body}\n");
    assert_eq!(
        pulled(spaced.as_bytes(), Some(signed), &unknown_store()).verdict,
        Verdict::Accept
    );
    // A key in the header is not read by the model: said as a condition.
    let body = signed_body(&payload, good, r#"{"alg":"ES256","jwk":{"kty":"EC"}}"#);
    let m = pulled(body.as_bytes(), Some(signed), &unknown_store());
    assert_eq!(m.verdict, Verdict::Accept);
    assert!(m
        .condition
        .unwrap()
        .starts_with("each signature's jwk is a public key libtrust reads"));
    // Each of libtrust's errors, as fromCommon wraps them.
    assert_eq!(
        judged(&payload, Some(signed)),
        refused("decode", &format!("{UNMARSHALING}missing signature key"))
    );
    assert_eq!(
        judged("[1]", Some(signed)),
        refused(
            "decode",
            &format!("{UNMARSHALING}error unmarshalling content: json: cannot unmarshal array into Go value of type map[string]json.RawMessage")
        )
    );
    assert_eq!(
        judged(r#"{"signatures":{}}"#, Some(signed)),
        refused(
            "decode",
            &format!("{UNMARSHALING}error unmarshalling signatures: json: cannot unmarshal object into Go value of type []libtrust.jsParsedSignature")
        )
    );
    assert_eq!(
        judged(
            &signed_body(&payload, r#"{"formatTail":"fQ"}"#, "{}"),
            Some(signed)
        ),
        refused("decode", &format!("{UNMARSHALING}missing formatted length"))
    );
    assert_eq!(
        judged(
            &signed_body(
                &payload,
                r#"{"formatLength":100000,"formatTail":"fQ"}"#,
                "{}"
            ),
            Some(signed)
        ),
        refused("decode", &format!("{UNMARSHALING}invalid format length"))
    );
    // No signatures: an empty payload.
    assert_eq!(
        judged(r#"{"signatures":[]}"#, Some(signed)),
        refused(
            "decode",
            &format!("{UNMARSHALING}unexpected end of JSON input")
        )
    );
    // The payload's own errors.
    let typed = payload.replace("\"name\":\"x\"", "\"name\":1");
    assert_eq!(
        judged(&signed_body(&typed, good, "{}"), Some(signed)),
        refused(
            "decode",
            &format!("{UNMARSHALING}json: cannot unmarshal number into Go struct field Manifest.name of type string")
        )
    );
}

#[test]
fn verify_mt_compares_the_bodys_media_type_with_the_header() {
    // kaniko's story: an OCI body served as Docker schema 2.
    assert_eq!(
        judged(&oci_manifest("", ""), Some(SCHEMA2)),
        refused(
            "check mediaType",
            &format!("{SOURCE}manifest contains an unexpected media type: expected {SCHEMA2}, received {OCI}")
        )
    );
    assert_eq!(
        judged(&oci_index("", ""), Some(OCI)),
        refused(
            "check mediaType",
            &format!("{SOURCE}manifest contains an unexpected media type: expected {OCI}, received {INDEX}")
        )
    );
    // Without a mediaType of its own, the body is what the header says.
    let bare = oci_manifest("", "").replace(&format!("\"mediaType\":\"{OCI}\","), "");
    assert_eq!(judged(&bare, Some(OCI)), accepted());
}

fn store(pieces: Vec<Stored>) -> Environment {
    Environment::holding(Contents::exactly(pieces))
}

fn blob(digest: &str, size: u64) -> Stored {
    Stored {
        digest: digest.to_owned(),
        size,
        manifest_media_type: None,
        diff_ids: None,
        gzip: false,
        tar: false,
    }
}

#[test]
fn copy_blobs_asks_the_registry_for_the_config_and_layers() {
    let held = store(vec![blob(CONFIG, 242), blob(LAYER, 136)]);
    let m = pulled(oci_manifest("", "").as_bytes(), Some(OCI), &held);
    assert_eq!(
        (m.verdict, m.condition.as_deref()),
        (Verdict::Accept, Some(PUSHED))
    );
    let no_layer = store(vec![blob(CONFIG, 242)]);
    let m = pulled(oci_manifest("", "").as_bytes(), Some(OCI), &no_layer);
    assert_eq!(
        (m.verdict, m.message.as_deref(), m.step),
        (
            Verdict::Reject,
            Some(format!("failed to get blob, digest {LAYER}, ref <registry>/<repo>:<tag>: request failed: not found [http 404]: <the registry's error body>").as_str()),
            "copy blobs"
        )
    );
    let other_size = store(vec![blob(CONFIG, 241), blob(LAYER, 136)]);
    let m = pulled(oci_manifest("", "").as_bytes(), Some(OCI), &other_size);
    assert_eq!(
        m.message.as_deref(),
        Some(format!("failed to get blob, digest {CONFIG}, ref <registry>/<repo>:<tag>: unexpected content-length, expected 242, received 241").as_str())
    );
    // A digest no registry can hold fails whatever the registry holds: a manifest without a
    // config copies the zero descriptor.
    let no_config = format!(
        r#"{{"schemaVersion":2,"mediaType":"{OCI}","layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{LAYER}","size":136}}]}}"#
    );
    let m = pulled(no_config.as_bytes(), Some(OCI), &unknown_store());
    assert_eq!(
        (m.verdict, m.message.as_deref(), m.step),
        (
            Verdict::Reject,
            Some("failed to get blob, digest , ref <registry>/<repo>:<tag>: request failed: not found [http 404]: <the registry's error body>"),
            "copy blobs"
        )
    );
    assert!(m.condition.unwrap().starts_with("the registry answers 404"));
    // A layer with urls is not copied (no --include-external).
    let external = oci_manifest("", ",\"urls\":[\"https://example.com/layer\"]");
    let m = pulled(external.as_bytes(), Some(OCI), &no_layer);
    assert_eq!(
        (m.verdict, m.condition.as_deref()),
        (Verdict::Accept, Some(PUSHED))
    );
}

#[test]
fn copy_children_copies_every_entry_by_its_type() {
    let child = Stored {
        manifest_media_type: Some(OCI.to_owned()),
        ..blob(CONFIG, 242)
    };
    let m = pulled(
        oci_index("", "").as_bytes(),
        Some(INDEX),
        &store(vec![child]),
    );
    assert_eq!(
        (m.verdict, m.condition.as_deref()),
        (Verdict::Accept, Some(PUSHED))
    );
    let m = pulled(oci_index("", "").as_bytes(), Some(INDEX), &store(vec![]));
    assert_eq!(
        (m.verdict, m.message.as_deref(), m.step),
        (
            Verdict::Reject,
            Some(format!("{SOURCE}failed to get manifest <registry>/<repo>@{CONFIG}: request failed: not found [http 404]: <the registry's error body>").as_str()),
            "copy children"
        )
    );
    // An entry's digest no registry can hold.
    let short = oci_index("", "").replace(CONFIG, "sha256:abc");
    let m = pulled(short.as_bytes(), Some(INDEX), &unknown_store());
    assert_eq!(
        (m.verdict, m.message.as_deref()),
        (
            Verdict::Reject,
            Some(format!("{SOURCE}failed to get manifest <registry>/<repo>@sha256:abc: request failed: not found [http 404]: <the registry's error body>").as_str())
        )
    );
    // BuildKit's cache list: its entries are blobs, blob-copied.
    let cache = include_str!("../../../../tests/fixtures/seeds/buildkit-cache-list.json");
    let m = pulled(cache.as_bytes(), Some(LIST), &store(vec![]));
    assert_eq!(m.step, "copy blobs");
    assert!(m
        .message
        .unwrap()
        .starts_with("failed to get blob, digest sha256:6910e5a164f725142d77994b247ba20040477fbab49a721bdbe8d61cf855ac23,"));
    // An entry whose data is its manifest is not fetched.
    let data = "e30="; // `{}`, 2 bytes
    let digest = crate::digest::sha256(b"{}");
    let from_data = format!(
        r#"{{"schemaVersion":2,"mediaType":"{INDEX}","manifests":[{{"mediaType":"{OCI}","digest":"{digest}","size":2,"data":"{data}"}}]}}"#
    );
    assert_eq!(
        pulled(from_data.as_bytes(), Some(INDEX), &store(vec![])).verdict,
        Verdict::Accept
    );
}

#[test]
fn push_manifest_refuses_over_4_mib_and_an_empty_body() {
    let doc = oci_manifest("", "");
    let at_limit = format!("{}{}", doc, " ".repeat(4 * 1024 * 1024 - doc.len()));
    assert_eq!(judged(&at_limit, Some(OCI)).0, Verdict::Accept);
    let over = format!("{at_limit} ");
    assert_eq!(
        judged(&over, Some(OCI)),
        refused(
            "push manifest",
            "manifest too large, calculated 4194305, limit 4194304: <target>"
        )
    );
    assert_eq!(
        judged("", Some(OCI)),
        refused(
            "push manifest",
            "error marshalling manifest for <target>: manifest not set"
        )
    );
}

#[test]
fn the_seed_stories() {
    let seed = |name: &str| -> &'static str {
        match name {
            "kaniko" => include_str!("../../../../tests/fixtures/seeds/kaniko-oci-manifest.json"),
            "buildkit" => include_str!("../../../../tests/fixtures/seeds/buildkit-cache-list.json"),
            _ => include_str!("../../../../tests/fixtures/seeds/podman-mixed-oci-manifest.json"),
        }
    };
    // kaniko: the OCI body served as Docker schema 2 is refused by verifyMT; served as
    // itself, it is pulled.
    assert_eq!(
        judged(seed("kaniko"), Some(SCHEMA2)),
        refused(
            "check mediaType",
            &format!("{SOURCE}manifest contains an unexpected media type: expected {SCHEMA2}, received {OCI}")
        )
    );
    assert_eq!(judged(seed("kaniko"), Some(OCI)), accepted());
    // BuildKit's cache list: its layer and cache-config entries are blob types, copied as
    // blobs.
    let m = pulled(seed("buildkit").as_bytes(), Some(LIST), &unknown_store());
    assert_eq!(m.verdict, Verdict::Accept);
    assert!(m
        .condition
        .unwrap()
        .starts_with("the registry serves every entry (sha256:6910e5a164f725142d77994b247ba20040477fbab49a721bdbe8d61cf855ac23, "));
    // podman's mixed manifest: regclient does not compare the children's types with the
    // manifest's.
    assert_eq!(judged(seed("podman"), Some(OCI)), accepted());
}

#[test]
fn a_descriptor_is_left_to_the_profile() {
    let descriptor = format!(r#"{{"mediaType":"{OCI}","digest":"{CONFIG}","size":242}}"#);
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(descriptor.as_bytes(), None, &arena);
    let environment = unknown_store();
    let served = |content_type| {
        let arena = bumpalo::Bump::new();
        let input = Input::new(&analysed.parsed, Some(content_type), &arena).within(&environment);
        judge("regclient", "0.8", Operation::Pull, &input).map(|m| m.verdict)
    };
    assert_eq!(served("application/vnd.oci.descriptor.v1+json"), None);
    // Served as a manifest, it is one without a config: the zero descriptor is blob-copied.
    assert_eq!(served(OCI), Some(Verdict::Reject));
}
