//! What the newer versions modelled from code decide differently from the recorded ones: for
//! each difference, a document both versions judge alike and one only one of them refuses,
//! with each program's exact first error.

use super::tests::{CONFIG, INDEX, LAYER, OCI, SCHEMA2};
use super::*;

/// An OCI manifest whose config and layer carry `config_extra` and `layer_extra` (each
/// starting with a comma, or empty).
pub(super) fn oci_manifest(config_extra: &str, layer_extra: &str) -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{OCI}","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{CONFIG}","size":242{config_extra}}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{LAYER}","size":136{layer_extra}}}]}}"#
    )
}

pub(super) fn oci_index(entry_extra: &str, extra: &str) -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{INDEX}","manifests":[{{"mediaType":"{OCI}","digest":"{CONFIG}","size":242,"platform":{{"architecture":"amd64","os":"linux"{entry_extra}}}}}]{extra}}}"#
    )
}

/// distribution's verdict at `version` on `bytes` sent as `content_type`, in `environment`.
fn pushed(version: &str, bytes: &str, content_type: &str, environment: &Environment) -> Modelled {
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(bytes.as_bytes(), Some(content_type), &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, Some(content_type), &arena).within(environment);
    judge("distribution", version, Operation::Push, &input).expect("a model")
}

pub(super) fn unknown_store() -> Environment {
    Environment {
        store: None,
        copy_to: CopyTo::OciLayout,
        containerd_root: None,
        urls: Vec::new(),
    }
}

/// `(v2.8's verdict and message, v3's)` of `bytes` with nothing known of the registry.
fn both(bytes: &str, content_type: &str) -> [(Verdict, Option<String>); 2] {
    let environment = unknown_store();
    ["v2.8", "v3"].map(|version| {
        let modelled = pushed(version, bytes, content_type, &environment);
        (modelled.verdict, modelled.message)
    })
}

fn accepted() -> (Verdict, Option<String>) {
    (Verdict::Accept, None)
}

fn refused(message: &str) -> (Verdict, Option<String>) {
    (Verdict::Reject, Some(message.to_owned()))
}

fn invalid(detail: &str) -> (Verdict, Option<String>) {
    refused(&format!("MANIFEST_INVALID: manifest invalid; {detail}"))
}

/// The detail of a type error, as distribution serializes it.
fn type_error(field: &str, bytes: &str, value_at: &str, go_struct: &str, value: &str) -> String {
    let offset = bytes.find(value_at).expect("the value") + value_at.len();
    format!(
        "{{\"Field\":\"{field}\",\"Offset\":{offset},\"Struct\":\"{go_struct}\",\"Type\":{{}},\"Value\":\"{value}\"}}"
    )
}

#[test]
fn v3_names_its_source_and_shares_the_good_manifests_verdict() {
    let good = oci_manifest("", "");
    assert_eq!(both(&good, OCI), [accepted(), accepted()]);
    let v3 = pushed("v3", &good, OCI, &unknown_store());
    assert_eq!(v3.step, "verify references");
    assert!(v3.source.contains("distribution v3.0.0"), "{}", v3.source);
    assert!(v3.condition.expect("a condition").contains(LAYER));
    // A type error both decode alike.
    let size = oci_manifest("", "").replace("\"size\":136", "\"size\":\"136\"");
    let detail = type_error("layers.size", &size, "\"136\"", "Descriptor", "string");
    assert_eq!(both(&size, OCI), [invalid(&detail), invalid(&detail)]);
}

/// manifests.go@v3.0.0: schema 1 is gone, so nothing reads an unregistered type.
#[test]
fn v3_has_no_schema1_fallback() {
    let signed = r#"{"schemaVersion":1,"name":"r","tag":"t","fsLayers":[],"history":[],"signatures":[{"header":{},"signature":"x","protected":"y"}]}"#;
    let schema1 = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    let environment = unknown_store();
    let old = pushed("v2.8", signed, schema1, &environment);
    assert_eq!(old.verdict, Verdict::Unknown);
    let new = pushed("v3", signed, schema1, &environment);
    assert_eq!(
        (new.verdict, new.message.as_deref(), new.step),
        (
            Verdict::Reject,
            Some("MANIFEST_INVALID: manifest invalid; {}"),
            "choose unmarshaller"
        )
    );
    // Unsigned, both refuse it alike.
    let unsigned = r#"{"schemaVersion":1}"#;
    assert_eq!(both(unsigned, schema1), [invalid("{}"), invalid("{}")]);
}

/// manifest/{ocischema,schema2}@v3.0.0 decode descriptors as image-spec's `v1.Descriptor`.
#[test]
fn v3_decodes_a_descriptors_data_and_artifact_type() {
    let good_data = oci_manifest("", r#","data":"AAAA""#);
    assert_eq!(both(&good_data, OCI), [accepted(), accepted()]);
    // `base64.CorruptInputError` serializes as the offset of the bad byte.
    let bad_data = oci_manifest("", r#","data":"AA!A""#);
    assert_eq!(both(&bad_data, OCI), [accepted(), invalid("2")]);
    let artifact_type = oci_manifest(r#","artifactType":1"#, "");
    let detail = type_error(
        "config.artifactType",
        &artifact_type,
        "\"artifactType\":1",
        "Descriptor",
        "number",
    );
    assert_eq!(both(&artifact_type, OCI), [accepted(), invalid(&detail)]);
    let schema2 = artifact_type.replace(OCI, SCHEMA2).replace(
        "application/vnd.oci.image.config.v1+json",
        "application/vnd.docker.container.image.v1+json",
    );
    let detail = type_error(
        "config.artifactType",
        &schema2,
        "\"artifactType\":1",
        "Descriptor",
        "number",
    );
    assert_eq!(both(&schema2, SCHEMA2), [accepted(), invalid(&detail)]);
}

/// manifest/ocischema/index.go@v3.0.0: an OCI index is an `ImageIndex`, no longer a Docker
/// list: its entries' platform has no `features`, and its own annotations are decoded.
#[test]
fn v3_decodes_an_oci_index_as_an_image_index() {
    assert_eq!(both(&oci_index("", ""), INDEX), [accepted(), accepted()]);
    let features = oci_index(r#","features":1"#, "");
    let detail = type_error(
        "manifests.platform.features",
        &features,
        "\"features\":1",
        "PlatformSpec",
        "number",
    );
    assert_eq!(both(&features, INDEX), [invalid(&detail), accepted()]);
    let annotations = oci_index("", r#","annotations":1"#);
    let detail = type_error(
        "annotations",
        &annotations,
        "\"annotations\":1",
        "ImageIndex",
        "number",
    );
    assert_eq!(both(&annotations, INDEX), [accepted(), invalid(&detail)]);
    // The Docker list keeps `features`, in both.
    let list_type = "application/vnd.docker.distribution.manifest.list.v2+json";
    let list = features.replace(INDEX, list_type);
    let detail = type_error(
        "manifests.platform.features",
        &list,
        "\"features\":1",
        "PlatformSpec",
        "number",
    );
    assert_eq!(both(&list, list_type), [invalid(&detail), invalid(&detail)]);
}

/// registry/storage/registry.go@v3.0.0: an index's children are looked for among manifests
/// only; v2.8 also found them among blobs.
#[test]
fn v3_looks_for_an_index_child_among_manifests_only() {
    let stored = |manifest_media_type: Option<&str>| Environment {
        store: Some(crate::targets::Store {
            address: "registry.test".to_owned(),
            repository: "r".to_owned(),
            contents: crate::targets::Contents::exactly([crate::targets::Stored {
                digest: CONFIG.to_owned(),
                size: 242,
                manifest_media_type: manifest_media_type.map(str::to_owned),
                diff_ids: None,
                gzip: false,
                tar: false,
            }]),
        }),
        ..unknown_store()
    };
    let index = oci_index("", "");
    let as_manifest = stored(Some(OCI));
    let as_blob = stored(None);
    for version in ["v2.8", "v3"] {
        let modelled = pushed(version, &index, INDEX, &as_manifest);
        assert_eq!(
            (modelled.verdict, modelled.condition),
            (Verdict::Accept, None)
        );
    }
    assert_eq!(
        pushed("v2.8", &index, INDEX, &as_blob).verdict,
        Verdict::Accept
    );
    assert_eq!(
        pushed("v3", &index, INDEX, &as_blob).message.as_deref(),
        Some(format!("MANIFEST_BLOB_UNKNOWN: blob unknown to registry; {CONFIG}").as_str())
    );
    // With the registry unknown: an entry naming a manifest type is accepted on condition, one
    // naming a layer (BuildKit's cache list) is refused unless it was pushed as a manifest.
    let layer = "application/vnd.oci.image.layer.v1.tar+gzip";
    let cache = index.replacen(OCI, layer, 1);
    assert_eq!(both(&index, INDEX), [accepted(), accepted()]);
    let blob_unknown = refused(&format!(
        "MANIFEST_BLOB_UNKNOWN: blob unknown to registry; {CONFIG}"
    ));
    assert_eq!(both(&cache, INDEX), [accepted(), blob_unknown]);
    let v3 = pushed("v3", &cache, INDEX, &unknown_store());
    assert_eq!(
        v3.condition.as_deref(),
        Some(
            format!("the repository holds no manifest {CONFIG} (its entry says {layer})").as_str()
        )
    );
}

/// registry/storage/{ocischema,schema2}manifesthandler.go@v3.0.0 with the default validation
/// (no URL allowed): the digest is validated first, only the OCI layer types' URLs are
/// checked, and a schema 2 foreign layer is always refused.
#[test]
fn v3_checks_urls_by_the_layer_type_after_the_digest() {
    let unknown = refused("UNKNOWN: unknown error");
    let layer_urls = oci_manifest("", r#","urls":["https://example.com/l"]"#);
    assert_eq!(both(&layer_urls, OCI), [unknown.clone(), unknown.clone()]);
    let config_urls = oci_manifest(r#","urls":["https://example.com/c"]"#, "");
    assert_eq!(both(&config_urls, OCI), [unknown.clone(), accepted()]);
    let bad_digest = layer_urls.replace(LAYER, "95e9d8136714");
    assert_eq!(
        both(&bad_digest, OCI),
        [
            unknown.clone(),
            refused("DIGEST_INVALID: provided digest did not match uploaded content")
        ]
    );
    let foreign = oci_manifest("", r#","urls":["https://example.com/l"]"#)
        .replace(OCI, SCHEMA2)
        .replace(
            "application/vnd.oci.image.config.v1+json",
            "application/vnd.docker.container.image.v1+json",
        )
        .replace(
            "application/vnd.oci.image.layer.v1.tar+gzip",
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
        );
    assert_eq!(both(&foreign, SCHEMA2), [accepted(), unknown.clone()]);
    let foreign_bare = foreign.replace(r#","urls":["https://example.com/l"]"#, "");
    assert_eq!(both(&foreign_bare, SCHEMA2), [unknown.clone(), unknown]);
}
