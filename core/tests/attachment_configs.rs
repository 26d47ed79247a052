//! A config is checked for what names it: cosign writes every signature's, attestation's and
//! SBOM's config with empty `architecture` and `os` (go-containerregistry's empty image with
//! the layers appended), which nothing selects or runs, so in a bundle the platform rules stay
//! silent on it; the same bytes under an image, or checked alone, are an image's config.

mod attachment_fixtures;

use ocilint_core::bundle::{check_bundle, check_bundle_served, BundleInput, Holdings};
use ocilint_core::role::Role;
use ocilint_core::targets::Verdict;
use ocilint_core::{check, digest, CheckOptions, Report};

use attachment_fixtures::{fixture, COSIGN_ATT, COSIGN_SBOM, COSIGN_SIG};

const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";

/// The config cosign writes for a manifest with these layers, byte for byte as Go's
/// `encoding/json` marshals go-containerregistry's `v1.ConfigFile` of `empty.Image` after
/// `mutate.Append` of each layer (no timestamps: the zero `time.Time`; each layer's diff_id is
/// its digest, as cosign's layers are not compressed; one empty history entry per layer; every
/// `config` member `omitempty`). The fixtures' own config blobs are not published; this is
/// the shape cosign writes (the real signature's config, 352 bytes, is 10 bytes longer than
/// this for its two layers: a timestamp with nanoseconds, which cannot be recovered).
fn cosign_config(layer_digests: &[&str]) -> String {
    let history = vec![r#"{"created":"0001-01-01T00:00:00Z"}"#; layer_digests.len()].join(",");
    let diff_ids = layer_digests
        .iter()
        .map(|d| format!("\"{d}\""))
        .collect::<Vec<_>>()
        .join(",");
    format!(
        r#"{{"architecture":"","created":"0001-01-01T00:00:00Z","history":[{history}],"os":"","rootfs":{{"type":"layers","diff_ids":[{diff_ids}]}},"config":{{}}}}"#
    )
}

/// The layers' digests of a manifest, in order.
fn layer_digests(manifest: &[u8]) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_slice(manifest).expect("a manifest");
    value["layers"]
        .as_array()
        .expect("layers")
        .iter()
        .map(|l| l["digest"].as_str().expect("a digest").to_owned())
        .collect()
}

fn config_for(manifest: &[u8]) -> String {
    let digests = layer_digests(manifest);
    cosign_config(&digests.iter().map(String::as_str).collect::<Vec<_>>())
}

fn codes(report: &Report) -> Vec<&'static str> {
    report.diagnostics.iter().map(|d| d.code).collect()
}

fn plt003(report: &Report) -> usize {
    codes(report).iter().filter(|c| **c == "PLT003").count()
}

fn spec_verdict(report: &Report) -> Verdict {
    report
        .targets
        .iter()
        .find(|t| t.target == "spec")
        .expect("spec's verdict")
        .verdict
}

fn bundle(documents: &[(&str, &[u8])]) -> Vec<Report> {
    let inputs: Vec<BundleInput<'_>> = documents
        .iter()
        .map(|(name, bytes)| BundleInput { name, bytes })
        .collect();
    check_bundle(&inputs, &CheckOptions::default())
}

#[test]
fn a_real_cosign_signature_with_its_config_is_checked_as_such() {
    let signature = fixture(COSIGN_SIG);
    let config = config_for(&signature);
    let reports = bundle(&[
        ("signature.json", &signature),
        ("config.json", config.as_bytes()),
    ]);
    let config_report = &reports[1];
    assert_eq!(config_report.role, Role::Config);
    assert_eq!(config_report.config_of, Some(Role::Signature));
    assert_eq!(plt003(config_report), 0, "{:?}", codes(config_report));
    assert!(!config_report.has_errors(), "{:?}", codes(config_report));
    assert_eq!(spec_verdict(config_report), Verdict::Accept);
    assert!(
        config_report
            .targets
            .iter()
            .all(|t| t.verdict != Verdict::Reject),
        "{:?}",
        config_report.targets
    );

    // Alone, the same bytes are an image config that names no platform.
    let alone = check(config.as_bytes(), &CheckOptions::default());
    assert_eq!(alone.config_of, None);
    assert_eq!(plt003(&alone), 2, "{:?}", codes(&alone));
    assert_eq!(spec_verdict(&alone), Verdict::Reject);
}

#[test]
fn cosign_attestations_and_sboms_configs_too() {
    for (name, role) in [(COSIGN_ATT, Role::Attestation), (COSIGN_SBOM, Role::Sbom)] {
        let manifest = fixture(name);
        let config = config_for(&manifest);
        let reports = bundle(&[
            ("manifest.json", &manifest),
            ("config.json", config.as_bytes()),
        ]);
        assert_eq!(reports[1].config_of, Some(role), "{name}");
        assert_eq!(plt003(&reports[1]), 0, "{name}: {:?}", codes(&reports[1]));
    }
}

/// A signature manifest as cosign pushes it, naming `config` by its digest.
fn signature_naming(config: &str, payload: &str) -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"{OCI_CONFIG}","size":{},"digest":"{}"}},"layers":[{{"mediaType":"application/vnd.dev.cosign.simplesigning.v1+json","size":{},"digest":"{}","annotations":{{"dev.cosignproject.cosign/signature":"MEUCIQ=="}}}}]}}"#,
        config.len(),
        digest::sha256(config.as_bytes()),
        payload.len(),
        digest::sha256(payload.as_bytes()),
    )
}

/// An image manifest naming `config` by its digest, over one gzip layer.
fn image_naming(config: &str) -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"{OCI_CONFIG}","size":{},"digest":"{}"}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","size":32,"digest":"sha256:{}"}}]}}"#,
        config.len(),
        digest::sha256(config.as_bytes()),
        "a".repeat(64),
    )
}

const PAYLOAD: &str = r#"{"critical":{"identity":{"docker-reference":"registry.example/app"},"image":{"docker-manifest-digest":"sha256:a2b109fb9baea555556561317fdd13cef9c3dfac22c8f8fea0c5a0b06ece9d00"},"type":"cosign container image signature"},"optional":null}"#;

#[test]
fn served_by_a_registry_the_signature_config_is_linked_by_digest() {
    let config = cosign_config(&[&digest::sha256(PAYLOAD.as_bytes())]);
    let signature = signature_naming(&config, PAYLOAD);
    let inputs = [
        BundleInput {
            name: "registry.example/app:sha256-a2b1….sig",
            bytes: signature.as_bytes(),
        },
        BundleInput {
            name: "config",
            bytes: config.as_bytes(),
        },
    ];
    let reports = check_bundle_served(
        &inputs,
        &[Some("application/vnd.oci.image.manifest.v1+json"), None],
        &Holdings::default(),
        &CheckOptions::default(),
    );
    assert_eq!(reports[1].config_of, Some(Role::Signature));
    assert!(reports.iter().all(|r| !r.has_errors()), "{reports:#?}");
}

#[test]
fn the_same_config_under_an_image_is_an_images_config() {
    let config = cosign_config(&[&digest::sha256(PAYLOAD.as_bytes())]);
    let image = image_naming(&config);
    let reports = bundle(&[
        ("image.json", image.as_bytes()),
        ("config.json", config.as_bytes()),
    ]);
    assert_eq!(reports[1].config_of, None);
    assert_eq!(plt003(&reports[1]), 2, "{:?}", codes(&reports[1]));
    assert_eq!(spec_verdict(&reports[1]), Verdict::Reject);

    // Named by a signature and by an image, it is the image's config: the image decides.
    let signature = signature_naming(&config, PAYLOAD);
    let reports = bundle(&[
        ("signature.json", signature.as_bytes()),
        ("image.json", image.as_bytes()),
        ("config.json", config.as_bytes()),
    ]);
    assert_eq!(reports[2].config_of, None);
    assert_eq!(plt003(&reports[2]), 2, "{:?}", codes(&reports[2]));
}

#[test]
fn only_the_rules_about_what_a_runtime_selects_are_silent() {
    // A signature config whose `os.features` is not an array still breaks every Go client
    // that decodes it (PLT011); its `architecture` absent is no more a problem than empty
    // (CFG001 stays silent on it), but `rootfs` of the wrong type is still CFG001's.
    let config = r#"{"os":"","os.features":"win32k","rootfs":[],"history":[],"config":{}}"#;
    let signature = signature_naming(config, PAYLOAD);
    let reports = bundle(&[
        ("signature.json", signature.as_bytes()),
        ("config.json", config.as_bytes()),
    ]);
    let found = codes(&reports[1]);
    assert_eq!(
        reports[1].config_of,
        Some(Role::Signature),
        "{:?}",
        reports[1].kind
    );
    assert!(found.contains(&"PLT011"), "{found:?}");
    assert!(!found.contains(&"PLT003"), "{found:?}");
    let cfg001: Vec<_> = reports[1]
        .diagnostics
        .iter()
        .filter(|d| d.code == "CFG001")
        .map(|d| &*d.message)
        .collect();
    assert_eq!(cfg001.len(), 1, "{cfg001:?}");
    assert!(cfg001[0].contains("`rootfs`"), "{cfg001:?}");

    // Alone, the missing `architecture` and the empty `os` are reported too.
    let alone = check(config.as_bytes(), &CheckOptions::default());
    let found = codes(&alone);
    assert_eq!(
        found.iter().filter(|c| **c == "CFG001").count(),
        2,
        "{found:?}"
    );
    assert!(found.contains(&"PLT003"), "{found:?}");
}
