//! zot's push, default (`oci`) and with `http.compat: ["docker2s2"]`: each step's exact answer
//! (the code, message and detail zot writes), and what the verdict holds on.

use super::tests::{CONFIG, INDEX, LAYER, LIST, OCI, SCHEMA2};
use super::tests_versions::{oci_index, oci_manifest, unknown_store};
use super::*;

const DESCRIPTION: &str = "During upload, manifests undergo several checks ensuring validity. If those checks fail, this error MAY be returned, unless a more specific error is included. The detail will contain information the failed validation.";

fn pushed(version: &str, bytes: &str, content_type: &str, environment: &Environment) -> Modelled {
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(bytes.as_bytes(), Some(content_type), &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, Some(content_type), &arena).within(environment);
    judge("zot", version, Operation::Push, &input).expect("a model")
}

/// `(verdict, message, condition)` at `version`, nothing known of the registry.
fn judged(
    version: &str,
    bytes: &str,
    content_type: &str,
) -> (Verdict, Option<String>, Option<String>) {
    let m = pushed(version, bytes, content_type, &unknown_store());
    (m.verdict, m.message, m.condition)
}

fn refused(detail: &str) -> (Verdict, Option<String>, Option<String>) {
    (
        Verdict::Reject,
        Some(format!(
            "MANIFEST_INVALID: manifest invalid; map[description:{DESCRIPTION} {detail}]"
        )),
        None,
    )
}

/// A refusal of the schema validator, with its error.
fn schema_refused(error: &str) -> (Verdict, Option<String>, Option<String>) {
    refused(&format!(
        "jsonSchemaValidation:{error} reference:<reference>"
    ))
}

fn bad_manifest() -> (Verdict, Option<String>, Option<String>) {
    refused("reference:<reference>")
}

fn docker_manifest() -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{SCHEMA2}","config":{{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"{CONFIG}","size":242}},"layers":[{{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","digest":"{LAYER}","size":136}}]}}"#
    )
}

#[test]
fn a_good_manifest_and_index_are_accepted_if_their_blobs_are_there() {
    let blobs = format!("the repository holds the config and layer blobs ({CONFIG}, {LAYER})");
    for version in ["oci", "docker2s2"] {
        assert_eq!(
            judged(version, &oci_manifest("", ""), OCI),
            (Verdict::Accept, None, Some(blobs.clone()))
        );
        assert_eq!(
            judged(version, &oci_index("", ""), INDEX),
            (
                Verdict::Accept,
                None,
                Some(format!(
                    "the repository holds the manifests listed ({CONFIG})"
                ))
            )
        );
    }
    // An artifact (a config of another type): zot looks no blob up.
    let artifact = oci_manifest("", "").replace(
        "application/vnd.oci.image.config.v1+json",
        "application/vnd.example.config+json",
    );
    assert_eq!(judged("oci", &artifact, OCI), (Verdict::Accept, None, None));
    // Empty `layers` is image-spec's schema's only error: let through.
    let no_layers = format!(
        r#"{{"schemaVersion":2,"config":{{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{CONFIG}","size":2}},"layers":[]}}"#
    );
    assert_eq!(
        judged("oci", &no_layers, OCI),
        (
            Verdict::Accept,
            None,
            Some(format!(
                "the repository holds the config and layer blobs ({CONFIG})"
            ))
        )
    );
}

#[test]
fn docker_types_only_in_docker2s2_compat() {
    assert_eq!(
        judged("oci", &docker_manifest(), SCHEMA2),
        refused(&format!("mediaType:{SCHEMA2}"))
    );
    assert_eq!(
        judged("docker2s2", &docker_manifest(), SCHEMA2),
        (
            Verdict::Accept,
            None,
            Some(format!(
                "the repository holds the config and layer blobs ({CONFIG}, {LAYER})"
            ))
        )
    );
    let list = format!(
        r#"{{"schemaVersion":2,"mediaType":"{LIST}","manifests":[{{"mediaType":"{SCHEMA2}","digest":"{CONFIG}","size":242,"platform":{{"architecture":"amd64","os":"linux"}}}}]}}"#
    );
    assert_eq!(
        judged("oci", &list, LIST),
        refused(&format!("mediaType:{LIST}"))
    );
    assert_eq!(judged("docker2s2", &list, LIST).0, Verdict::Accept);
    // distribution's schema 2 unmarshaller wants its own `mediaType`.
    assert_eq!(
        judged(
            "docker2s2",
            &docker_manifest().replace(SCHEMA2, OCI),
            SCHEMA2
        ),
        bad_manifest()
    );
    // The header is compared as a string: parameters, or none, are a 415.
    let with_charset = format!("{OCI}; charset=utf-8");
    assert_eq!(
        judged("oci", &oci_manifest("", ""), &with_charset),
        refused(&format!("mediaType:{with_charset}"))
    );
}

#[test]
fn image_spec_decodes_before_the_schema() {
    assert_eq!(
        judged("oci", &oci_manifest("", "").replace("\"size\":136", "\"size\":\"12\""), OCI),
        schema_refused("manifest format mismatch: json: cannot unmarshal string into Go struct field Descriptor.layers.size of type int64")
    );
    assert_eq!(
        judged("oci", "{\"schemaVersion\": 2,}", OCI),
        schema_refused("manifest format mismatch: invalid character '}' looking for beginning of object key string")
    );
    assert_eq!(
        judged("oci", "[]", INDEX),
        schema_refused(
            "index format mismatch: json: cannot unmarshal array into Go value of type v1.Index"
        )
    );
    assert_eq!(judged("oci", "", OCI), bad_manifest());
}

#[test]
fn the_schema_says_where_and_which_keyword() {
    let bad_digest = oci_manifest("", "").replace(LAYER, "sha256:XYZ!");
    assert_eq!(
        judged("oci", &bad_digest, OCI),
        schema_refused("validation failed: jsonschema: '/layers/0/digest' does not validate with file:///image-manifest-schema.json#/properties/layers/items/$ref/properties/digest/$ref/pattern: does not match pattern '^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$'")
    );
    // Go takes `null` for a struct; the schema wants an object.
    let null_config = format!(
        r#"{{"schemaVersion":2,"config":null,"layers":[{{"mediaType":"x/y","digest":"{LAYER}","size":1}}]}}"#
    );
    assert_eq!(
        judged("oci", &null_config, OCI),
        schema_refused("validation failed: jsonschema: '/config' does not validate with file:///image-manifest-schema.json#/properties/config/$ref/type: expected object, but got null")
    );
    assert_eq!(
        judged("oci", r#"{"schemaVersion":2,"layers":[]}"#, OCI),
        schema_refused("validation failed: jsonschema: '' does not validate with file:///image-manifest-schema.json#/required: missing properties: 'config'")
    );
    assert_eq!(
        judged("oci", &oci_manifest("", "").replace("\"schemaVersion\":2", "\"schemaVersion\":1"), OCI),
        schema_refused("validation failed: jsonschema: '/schemaVersion' does not validate with file:///image-manifest-schema.json#/properties/schemaVersion/minimum: must be >= 2 but found 1")
    );
    assert_eq!(
        judged("oci", &oci_index("", "").replace(",\"os\":\"linux\"", ""), INDEX),
        schema_refused("validation failed: jsonschema: '/manifests/0/platform' does not validate with file:///image-index-schema.json#/properties/manifests/items/properties/platform/required: missing properties: 'os'")
    );
    assert_eq!(
        judged("oci", &oci_manifest("", ",\"annotations\":{\"a/b\":null}"), OCI),
        schema_refused("validation failed: jsonschema: '/layers/0/annotations/a~1b' does not validate with file:///image-manifest-schema.json#/properties/layers/items/$ref/properties/annotations/$ref/$ref/patternProperties/.{1,}/type: expected string, but got null")
    );
    assert_eq!(
        judged("oci", &oci_manifest("", ",\"urls\":[\"https://a.example/b\",\"no uri\"]"), OCI),
        schema_refused("validation failed: jsonschema: '/layers/0/urls/1' does not validate with file:///image-manifest-schema.json#/properties/layers/items/$ref/properties/urls/$ref/items/format: 'no uri' is not valid 'uri'")
    );
}

/// The schema's pattern lets through digests go-digest refuses: `StatBlob` fails on them
/// whatever the registry holds.
#[test]
fn a_digest_go_digest_refuses_fails_its_stat() {
    let short = oci_manifest("", "").replace(LAYER, "sha256:abc");
    assert_eq!(judged("oci", &short, OCI), bad_manifest());
    let unknown_algorithm = oci_index("", "").replace(CONFIG, "md5:abc");
    assert_eq!(judged("oci", &unknown_algorithm, INDEX), bad_manifest());
}

#[test]
fn an_index_whose_child_is_missing_is_refused() {
    let holding = |digests: &[&str]| Environment {
        store: Some(crate::targets::Store {
            address: "zot.test".to_owned(),
            repository: "library/app".to_owned(),
            contents: crate::targets::Contents::exactly(digests.iter().map(|digest| {
                crate::targets::Stored {
                    digest: (*digest).to_owned(),
                    size: 242,
                    manifest_media_type: Some(OCI.to_owned()),
                    diff_ids: None,
                    gzip: false,
                    tar: false,
                }
            })),
        }),
        ..unknown_store()
    };
    let index = oci_index("", "");
    let missing = pushed("oci", &index, INDEX, &holding(&[LAYER]));
    assert_eq!(
        (missing.verdict, missing.message, missing.condition),
        bad_manifest()
    );
    assert_eq!(missing.step, "stat blobs");
    let there = pushed("oci", &index, INDEX, &holding(&[CONFIG]));
    assert_eq!((there.verdict, there.condition), (Verdict::Accept, None));
}

#[test]
fn a_body_over_4_mib_is_413() {
    let big = oci_manifest(
        "",
        &format!(",\"annotations\":{{\"k\":\"{}\"}}", "v".repeat(4 << 20)),
    );
    assert_eq!(
        judged("oci", &big, OCI),
        refused("reason:manifest body exceeds maximum allowed size of 4194304 bytes")
    );
}
