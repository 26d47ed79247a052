//! The JavaScript API under Node (`wasm-pack test --node web -- --test node`, run by `cargo
//! xtask packages`): what the `ocilint-wasm-nodejs` package's users call. The browser stage
//! runs this file too.

use ocilint_web::api;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).expect("property")
}

fn text(object: &JsValue, key: &str) -> String {
    get(object, key)
        .as_string()
        .unwrap_or_else(|| panic!("`{key}` is not a string"))
}

fn options(json: &str) -> Option<js_sys::Object> {
    Some(js_sys::JSON::parse(json).expect("JSON").unchecked_into())
}

fn codes(report: &JsValue) -> Vec<String> {
    js_sys::Array::from(&get(report, "diagnostics"))
        .iter()
        .map(|d| text(&d, "code"))
        .collect()
}

fn error_message(error: wasm_bindgen::JsError) -> String {
    let value: JsValue = error.into();
    value
        .dyn_into::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_default()
}

const PODMAN_SEED: &str = include_str!("../../tests/fixtures/seeds/podman-mixed-oci-manifest.json");

#[wasm_bindgen_test]
fn check_reports_a_seed_with_positions_and_verdicts() {
    let report = api::check(JsValue::from_str(PODMAN_SEED), None).expect("report");
    assert_eq!(text(&report, "kind"), "oci-manifest");
    assert_eq!(codes(&report), ["MIX001", "MIX002"]);
    let first = js_sys::Array::from(&get(&report, "diagnostics")).get(0);
    // The range covers the config's `mediaType` value, in bytes and (ASCII here) UTF-16 units.
    let range = get(&first, "range");
    let start = get(&range, "start").as_f64().expect("start") as usize;
    let end = get(&range, "end").as_f64().expect("end") as usize;
    assert_eq!(
        &PODMAN_SEED[start..end],
        "\"application/vnd.docker.container.image.v1+json\""
    );
    assert_eq!(
        get(&get(&first, "utf16Range"), "start").as_f64(),
        Some(start as f64)
    );
    assert_eq!(text(&first, "pointer"), "/config/mediaType");
    let podman_pull = js_sys::Array::from(&get(&report, "targets"))
        .iter()
        .find(|t| text(t, "target") == "podman" && text(t, "operation") == "pull")
        .expect("podman's pull verdict");
    assert_eq!(text(&podman_pull, "verdict"), "reject");
}

#[wasm_bindgen_test]
fn check_takes_content_type_targets_selection_and_severities() {
    let report = api::check(
        JsValue::from_str(PODMAN_SEED),
        options(
            r#"{"targets": ["quay@2024-05", "podman"], "ignore": ["MIX002"], "severity": {"MIX001": "error"}}"#,
        ),
    )
    .expect("report");
    assert_eq!(codes(&report), ["MIX001"]);
    let first = js_sys::Array::from(&get(&report, "diagnostics")).get(0);
    assert_eq!(text(&first, "severity"), "error");
    let verdicts = js_sys::Array::from(&get(&report, "targets"));
    let named: Vec<(String, String)> = verdicts
        .iter()
        .map(|t| (text(&t, "target"), text(&t, "version")))
        .collect();
    assert!(
        named.iter().any(|(t, v)| t == "quay" && v == "2024-05"),
        "{named:?}"
    );
    assert!(named.iter().any(|(t, _)| t == "podman"), "{named:?}");
    assert!(
        named
            .iter()
            .all(|(t, v)| (t == "quay" && v == "2024-05") || t == "podman"),
        "{named:?}"
    );

    let as_docker = api::check(
        JsValue::from_str(PODMAN_SEED),
        options(r#"{"contentType": "application/vnd.docker.distribution.manifest.v2+json"}"#),
    )
    .expect("report");
    assert_eq!(
        text(&as_docker, "mediaType"),
        "application/vnd.docker.distribution.manifest.v2+json"
    );
}

#[wasm_bindgen_test]
fn bad_options_throw_and_say_why() {
    let unknown_field = api::check(JsValue::from_str("{}"), options(r#"{"contentTyp": "x"}"#))
        .expect_err("a typo in an option");
    assert!(error_message(unknown_field).contains("contentTyp"));
    let unknown_rule = api::check(
        JsValue::from_str("{}"),
        options(r#"{"select": ["DSC999"]}"#),
    )
    .expect_err("an unknown rule");
    assert!(error_message(unknown_rule).contains("DSC999"));
    let unknown_target = api::check(JsValue::from_str("{}"), options(r#"{"targets": ["nope"]}"#))
        .expect_err("an unknown target");
    assert!(error_message(unknown_target).contains("nope"));
    let bad_severity = api::check(
        JsValue::from_str("{}"),
        options(r#"{"severity": {"DSC003": "fatal"}}"#),
    )
    .expect_err("a bad severity");
    assert!(error_message(bad_severity).contains("fatal"));
    assert!(api::check(JsValue::from_f64(1.0), None).is_err());
}

#[wasm_bindgen_test]
fn digest_is_of_the_exact_bytes() {
    assert_eq!(
        api::digest(JsValue::from_str("")).expect("digest"),
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    let with_bom = js_sys::Uint8Array::from(&b"\xEF\xBB\xBF{}"[..]);
    assert_ne!(
        api::digest(with_bom.into()).expect("digest"),
        api::digest(JsValue::from_str("{}")).expect("digest")
    );
}

#[wasm_bindgen_test]
fn rules_and_targets_list_the_catalogues() {
    let rules = js_sys::Array::from(&api::rules().expect("rules"));
    assert!(rules.length() > 100, "{} rules", rules.length());
    let mix001 = rules
        .iter()
        .find(|r| text(r, "code") == "MIX001")
        .expect("MIX001");
    assert_eq!(text(&mix001, "group"), "mixed");
    for key in [
        "name",
        "severity",
        "fix",
        "fixAvailability",
        "since",
        "summary",
        "why",
        "howToFix",
        "url",
    ] {
        assert!(!text(&mix001, key).is_empty(), "{key}");
    }
    assert_eq!(text(&mix001, "since"), "0.1.0");
    // A rule that offers no fix says so apart from any fix's safety.
    let never = rules
        .iter()
        .find(|r| text(r, "fixAvailability") == "never")
        .expect("a rule without fixes");
    assert_eq!(text(&never, "fix"), "none");
    let targets = js_sys::Array::from(&api::targets().expect("targets"));
    let quay = targets
        .iter()
        .find(|t| text(t, "name") == "quay")
        .expect("quay");
    assert_eq!(text(&quay, "kind"), "registry");
    let versions = js_sys::Array::from(&get(&quay, "versions"));
    assert!(versions.iter().any(|v| text(&v, "id") == "2024-05"));
}

const KANIKO_DOCKER_SEED: &str =
    include_str!("../../tests/fixtures/seeds/kaniko-docker-manifest.json");

#[wasm_bindgen_test]
fn fixes_lists_the_diagnostics_that_carry_a_fix() {
    let fixable =
        js_sys::Array::from(&api::fixes(JsValue::from_str(PODMAN_SEED), None).expect("fixes"));
    let offered: Vec<(String, String)> = fixable
        .iter()
        .map(|d| {
            let fix = get(&d, "fix");
            (text(&d, "code"), text(&fix, "safety"))
        })
        .collect();
    assert_eq!(
        offered,
        [("MIX001", "unsafe"), ("MIX002", "safe")].map(|(c, s)| (c.to_owned(), s.to_owned()))
    );
    // Each edit has byte and UTF-16 ranges of the input.
    let edit = js_sys::Array::from(&get(&get(&fixable.get(1), "fix"), "edits")).get(0);
    let range = get(&edit, "range");
    let start = get(&range, "start").as_f64().expect("start") as usize;
    assert!(
        PODMAN_SEED[start..].starts_with("\"application/vnd.docker.image.rootfs.diff.tar.gzip\"")
    );
    assert_eq!(
        get(&get(&edit, "utf16Range"), "start").as_f64(),
        Some(start as f64)
    );
}

#[wasm_bindgen_test]
fn apply_fixes_applies_the_safe_ones_unless_told_otherwise() {
    let safe = api::apply_fixes(JsValue::from_str(PODMAN_SEED), None).expect("rewrite");
    let applied: Vec<String> = js_sys::Array::from(&get(&safe, "applied"))
        .iter()
        .map(|a| text(&a, "code"))
        .collect();
    assert_eq!(applied, ["MIX002"]);
    let output = js_sys::Array::from(&get(&safe, "outputs")).get(0);
    let fixed = text(&output, "bytes");
    assert_eq!(
        text(&output, "digest"),
        api::digest(JsValue::from_str(&fixed)).expect("digest")
    );
    assert!(text(&output, "diff").contains("+"));
    let rechecked = api::check(JsValue::from_str(&fixed), None).expect("report");
    assert_eq!(codes(&rechecked), ["MIX001"]);

    let all = api::apply_fixes(
        JsValue::from_str(PODMAN_SEED),
        options(r#"{"includeUnsafe": true}"#),
    )
    .expect("rewrite");
    let output = js_sys::Array::from(&get(&all, "outputs")).get(0);
    let rechecked = api::check(JsValue::from_str(&text(&output, "bytes")), None).expect("report");
    assert!(codes(&rechecked).is_empty(), "{:?}", codes(&rechecked));

    let typo = api::apply_fixes(
        JsValue::from_str(PODMAN_SEED),
        options(r#"{"unsafe": true}"#),
    )
    .expect_err("a misspelt field");
    assert!(error_message(typo).contains("unsafe"));
}

#[wasm_bindgen_test]
fn convert_rewrites_to_the_other_family() {
    let report = api::convert(
        JsValue::from_str(KANIKO_DOCKER_SEED),
        JsValue::from_str("oci"),
    )
    .expect("rewrite");
    let output = js_sys::Array::from(&get(&report, "outputs")).get(0);
    assert_eq!(
        text(&output, "mediaType"),
        "application/vnd.oci.image.manifest.v1+json"
    );
    let converted = api::check(JsValue::from_str(&text(&output, "bytes")), None).expect("report");
    assert_eq!(text(&converted, "kind"), "oci-manifest");
    assert!(api::convert(
        JsValue::from_str(KANIKO_DOCKER_SEED),
        JsValue::from_str("podman")
    )
    .is_err());
}

/// skopeo's OCI layout (`tests/fixtures/images/made/skopeo-oci-layout`), member by member.
fn skopeo_layout() -> Vec<(&'static str, Vec<u8>)> {
    macro_rules! member {
        ($path:literal) => {
            (
                $path,
                include_bytes!(concat!(
                    "../../tests/fixtures/images/made/skopeo-oci-layout/",
                    $path
                ))
                .to_vec(),
            )
        };
    }
    vec![
        member!("oci-layout"),
        member!("index.json"),
        member!("blobs/sha256/081f9156c3207032ccbf405c6c4212a59bd81324438285a8a72608c2cbe6227b"),
        member!("blobs/sha256/343c75b433bbb69389bc700ae4eca264a458ee7abde8ad283256b8c446eff8da"),
        member!("blobs/sha256/46de520f483812138fad6d1d430349c26c4592e3c16c138428e78537f0c66edf"),
        member!("blobs/sha256/56a73d6857878968602bbb8b8e2ffe09956f7c5bd658827c643f8fef10a7d9b8"),
    ]
}

fn files_object(members: &[(&str, Vec<u8>)]) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (path, bytes) in members {
        js_sys::Reflect::set(
            &object,
            &JsValue::from_str(path),
            &js_sys::Uint8Array::from(bytes.as_slice()),
        )
        .expect("set");
    }
    object
}

fn blob_statuses(answer: &JsValue) -> Vec<(String, String)> {
    js_sys::Array::from(&get(answer, "blobs"))
        .iter()
        .map(|b| (text(&b, "file"), text(&b, "status")))
        .collect()
}

#[wasm_bindgen_test]
fn verify_checks_every_blob_of_a_layout_given_as_files() {
    let members = skopeo_layout();
    let answer = api::verify(files_object(&members), None).expect("answer");
    assert_eq!(get(&answer, "valid"), JsValue::TRUE);
    let statuses = blob_statuses(&answer);
    assert_eq!(statuses.len(), 4, "{statuses:?}");
    assert!(statuses.iter().all(|(_, s)| s == "ok"), "{statuses:?}");
    let files: Vec<String> = js_sys::Array::from(&get(&answer, "reports"))
        .iter()
        .map(|r| text(&r, "file"))
        .collect();
    assert!(files.contains(&"index.json".to_owned()), "{files:?}");

    // One byte of the first layer changed: that blob is a digest mismatch, IMG004 says so at
    // the manifest's descriptor, and the image is not valid.
    let mut corrupt = members.clone();
    corrupt[3].1[10] ^= 1;
    let answer = api::verify(files_object(&corrupt), None).expect("answer");
    assert_eq!(get(&answer, "valid"), JsValue::FALSE);
    let statuses = blob_statuses(&answer);
    assert!(
        statuses.contains(&(corrupt[3].0.to_owned(), "digest-mismatch".to_owned())),
        "{statuses:?}"
    );
    let img004: Vec<String> = js_sys::Array::from(&get(&answer, "reports"))
        .iter()
        .flat_map(|r| {
            js_sys::Array::from(&get(&r, "diagnostics"))
                .iter()
                .collect::<Vec<_>>()
        })
        .filter(|d| text(d, "code") == "IMG004")
        .map(|d| text(&d, "pointer"))
        .collect();
    assert_eq!(img004, ["/layers/0/digest"]);

    // A removed blob is missing; a member path leaving the layout is refused, not read.
    let mut missing = members.clone();
    missing.remove(5);
    missing.push(("../escape", b"x".to_vec()));
    let answer = api::verify(files_object(&missing), None).expect("answer");
    assert_eq!(get(&answer, "valid"), JsValue::FALSE);
    assert!(
        blob_statuses(&answer).iter().any(|(f, s)| f
            .ends_with("56a73d6857878968602bbb8b8e2ffe09956f7c5bd658827c643f8fef10a7d9b8")
            && s == "missing"),
        "{:?}",
        blob_statuses(&answer)
    );
}
