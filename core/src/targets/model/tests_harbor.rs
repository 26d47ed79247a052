//! Harbor's push against distribution v2.8's, on the documents where Harbor's own steps
//! (its unmarshal in the middlewares, its registry's validation disabled, the artifact it
//! records, the subject it looks for) decide differently or say it in other words.

use super::tests::{INDEX, LIST, OCI, SCHEMA2};
use super::tests_versions::{oci_index, oci_manifest, unknown_store};
use super::*;

const GZIP_LAYER: &str = "application/vnd.docker.image.rootfs.diff.tar.gzip";
const ENTRY: &str = "sha256:6910e5a164f725142d77994b247ba20040477fbab49a721bdbe8d61cf855ac23";

fn pushed(target: &str, bytes: &str, content_type: &str, environment: &Environment) -> Modelled {
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(bytes.as_bytes(), Some(content_type), &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, Some(content_type), &arena).within(environment);
    let version = if target == "harbor" { "v2" } else { "v2.8" };
    judge(target, version, Operation::Push, &input).expect("a model")
}

/// `(distribution@v2.8, harbor@v2)`: verdict and message, nothing known of the registry.
fn both(bytes: &str, content_type: &str) -> [(Verdict, Option<String>); 2] {
    ["distribution", "harbor"].map(|target| {
        let judged = pushed(target, bytes, content_type, &unknown_store());
        (judged.verdict, judged.message)
    })
}

fn refused(message: &str) -> (Verdict, Option<String>) {
    (Verdict::Reject, Some(message.to_owned()))
}

const ACCEPTED: (Verdict, Option<String>) = (Verdict::Accept, None);

#[test]
fn a_good_manifest_is_accepted_by_both() {
    assert_eq!(both(&oci_manifest("", ""), OCI), [ACCEPTED, ACCEPTED]);
}

/// kaniko's OCI body sent as Docker's type: the registry answers `{}` as the detail, Harbor's
/// middleware refuses first with the unmarshaller's words.
#[test]
fn harbor_says_what_the_unmarshaller_said() {
    let oci = oci_manifest("", "");
    assert_eq!(
        both(&oci, SCHEMA2),
        [
            refused("MANIFEST_INVALID: manifest invalid; {}"),
            refused("MANIFEST_INVALID: unmarshal manifest failed: mediaType in manifest should be 'application/vnd.docker.distribution.manifest.v2+json' not 'application/vnd.oci.image.manifest.v1+json'"),
        ]
    );
    assert_eq!(
        both("{\"schemaVersion\": 2,}", OCI),
        [
            refused("MANIFEST_INVALID: manifest invalid; {\"Offset\":21}"),
            refused("MANIFEST_INVALID: unmarshal manifest failed: invalid character '}' looking for beginning of object key string"),
        ]
    );
    assert_eq!(
        both(&oci.replace("\"size\":136", "\"size\":\"136\""), OCI)[1],
        refused("MANIFEST_INVALID: unmarshal manifest failed: json: cannot unmarshal string into Go struct field Descriptor.layers.size of type int64"),
    );
    let index_as_manifest =
        oci_index("", "").replace("\"manifests\"", "\"layers\":[],\"manifests\"");
    assert_eq!(
        both(&index_as_manifest, INDEX)[1],
        refused(
            "MANIFEST_INVALID: unmarshal manifest failed: index: expected index but found manifest"
        ),
    );
}

/// An unregistered `Content-Type` is read as signed schema 1: libtrust wants `signatures`.
#[test]
fn an_unregistered_type_is_read_as_signed_schema_1() {
    assert_eq!(
        both(&oci_manifest("", ""), "application/json")[1],
        refused("MANIFEST_INVALID: unmarshal manifest failed: missing signature key"),
    );
    assert_eq!(
        both("[1]", "application/json")[1],
        refused("MANIFEST_INVALID: unmarshal manifest failed: error unmarshalling content: json: cannot unmarshal array into Go value of type map[string]json.RawMessage"),
    );
    assert_eq!(
        both("{}", "application/json; charset")[1],
        refused("MANIFEST_INVALID: unmarshal manifest failed: mime: invalid media parameter"),
    );
}

/// Harbor's registry runs with validation disabled: an OCI layer may name URLs.
#[test]
fn harbor_lets_a_layer_name_urls() {
    let with_urls = oci_manifest("", ",\"urls\":[\"https://example.com/layer\"]");
    assert_eq!(
        both(&with_urls, OCI),
        [refused("UNKNOWN: unknown error"), ACCEPTED]
    );
    // Still only http and https, without a fragment.
    let ftp = oci_manifest("", ",\"urls\":[\"ftp://example.com/layer\"]");
    assert_eq!(both(&ftp, OCI)[1], refused("UNKNOWN: unknown error"));
}

/// BuildKit's cache list: the registry holds the layers its entries name, but only a manifest
/// becomes an artifact, so recording the list fails.
#[test]
fn an_index_entry_must_already_be_an_artifact() {
    let list = format!(
        r#"{{"schemaVersion":2,"mediaType":"{LIST}","manifests":[{{"mediaType":"{GZIP_LAYER}","digest":"{ENTRY}","size":136}}]}}"#
    );
    let [registry, harbor] =
        ["distribution", "harbor"].map(|target| pushed(target, &list, LIST, &unknown_store()));
    assert_eq!(registry.verdict, Verdict::Accept);
    assert_eq!(harbor.step, "record artifact");
    assert_eq!(
        harbor.message.as_deref(),
        Some(format!("NOT_FOUND: artifact <project>/<repo>@{ENTRY} not found").as_str())
    );
    assert_eq!(
        harbor.condition.as_deref(),
        Some(format!("nothing was pushed to the repository as a manifest {ENTRY} (its entry says {GZIP_LAYER})").as_str())
    );
    let holding = |manifest_media_type: Option<&str>| Environment {
        store: Some(crate::targets::Store {
            address: "harbor.test".to_owned(),
            repository: "library/cache".to_owned(),
            contents: crate::targets::Contents::exactly([crate::targets::Stored {
                digest: ENTRY.to_owned(),
                size: 136,
                manifest_media_type: manifest_media_type.map(str::to_owned),
                diff_ids: None,
                gzip: true,
                tar: true,
            }]),
        }),
        ..unknown_store()
    };
    // Held as a blob: the registry accepts it, Harbor finds no artifact.
    let as_blob = pushed("harbor", &list, LIST, &holding(None));
    assert_eq!(
        (
            as_blob.verdict,
            as_blob.message.as_deref(),
            as_blob.condition
        ),
        (
            Verdict::Reject,
            Some(format!("NOT_FOUND: artifact library/cache@{ENTRY} not found").as_str()),
            None
        )
    );
    // Pushed as a manifest before the list: an artifact.
    let as_manifest = pushed("harbor", &list, LIST, &holding(Some(SCHEMA2)));
    assert_eq!(
        (as_manifest.verdict, as_manifest.condition),
        (Verdict::Accept, None)
    );
}

/// distribution v2.8 never decodes `subject`; Harbor's subject middleware does, after the push,
/// and answers a failure as an internal error with the manifest stored.
#[test]
fn a_subject_harbor_cannot_decode_fails_after_the_push() {
    let bad_subject =
        oci_manifest("", "").replace("\"schemaVersion\":2,", "\"schemaVersion\":2,\"subject\":5,");
    let [registry, harbor] = ["distribution", "harbor"]
        .map(|target| pushed(target, &bad_subject, OCI, &unknown_store()));
    assert_eq!(registry.verdict, Verdict::Accept);
    assert_eq!(
        (harbor.verdict, harbor.message.as_deref(), harbor.step),
        (
            Verdict::Reject,
            Some("UNKNOWN: internal server error"),
            "record subject"
        )
    );
    assert_eq!(
        harbor.condition.as_deref(),
        Some("the manifest is stored all the same; Harbor logs json: cannot unmarshal number into Go struct field Manifest.subject of type v1.Descriptor")
    );
}

#[test]
fn a_body_over_4_mib_is_too_large() {
    let large = oci_manifest("", "").replace(
        "\"schemaVersion\":2,",
        &format!(
            "\"schemaVersion\":2,\"annotations\":{{\"a\":\"{}\"}},",
            "x".repeat(4 << 20)
        ),
    );
    assert_eq!(
        both(&large, OCI),
        [
            refused("MANIFEST_INVALID: manifest invalid; http: request body too large"),
            refused("REQUEST_ENTITY_TOO_LARGE: request entity too large"),
        ]
    );
}
