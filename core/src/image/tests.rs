//! The resolution over small layouts built here; the real archives are verified by the CLI's
//! tests (`cli/tests/verify.rs`).

use super::*;
use crate::blob::Scanned;

fn layout_of(members: &[(&str, &[u8])]) -> Layout {
    let mut layout = Layout::new("t.tar!/");
    for (path, bytes) in members {
        layout.add(path, Scanned::of(path, bytes));
    }
    layout
}

fn codes(verification: &Verification) -> Vec<(String, &'static str, String)> {
    verification
        .files
        .iter()
        .flat_map(|f| {
            f.report
                .diagnostics
                .iter()
                .filter(|d| d.code.starts_with("IMG") || d.code.starts_with("LAY"))
                .map(move |d| (f.file.clone(), d.code, d.pointer.clone()))
        })
        .collect()
}

#[test]
fn a_layout_missing_its_manifest_reports_it_at_the_index_entry() {
    let index = br#"{"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "size": 3}]}"#;
    let layout = layout_of(&[
        ("oci-layout", br#"{"imageLayoutVersion": "1.0.0"}"#),
        ("index.json", index),
    ]);
    let verification = verify(&layout, &CheckOptions::default());
    assert_eq!(
        codes(&verification),
        [(
            "t.tar!/index.json".to_owned(),
            "IMG001",
            "/manifests/0/digest".to_owned()
        )]
    );
    assert_eq!(verification.blobs.len(), 1);
    assert_eq!(verification.blobs[0].status, BlobStatus::Missing);
    assert_eq!(
        verification.blobs[0].file,
        "t.tar!/blobs/sha256/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    );
    assert!(verification.has_errors());
}

#[test]
fn a_bad_oci_layout_file_is_reported_in_its_own_report() {
    let layout = layout_of(&[
        ("oci-layout", br#"{"imageLayoutVersion": "2.0.0"}"#),
        ("index.json", br#"{"schemaVersion": 2, "manifests": []}"#),
    ]);
    let verification = verify(&layout, &CheckOptions::default());
    assert_eq!(
        codes(&verification),
        [(
            "t.tar!/oci-layout".to_owned(),
            "LAY001",
            "/imageLayoutVersion".to_owned()
        )]
    );
}

#[test]
fn links_that_leave_the_layout_are_refused() {
    let mut layout = layout_of(&[("manifest.json", b"[]")]);
    layout.add_link("a/layer.tar", "../../etc/passwd", true);
    layout.add_link("b/layer.tar", "../x.tar", true);
    let found = codes(&verify(&layout, &CheckOptions::default()));
    assert_eq!(
        found,
        [("t.tar!/a/layer.tar".to_owned(), "IMG009", String::new())]
    );
}

#[test]
fn a_blake3_blob_is_named_and_size_checked_but_its_digest_not_verified() {
    let layer = b"layer bytes";
    let hex = "ab".repeat(32);
    let manifest = format!(
        r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {{"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "{}", "size": 2}}, "layers": [{{"mediaType": "application/vnd.example.data", "digest": "blake3:{hex}", "size": {}}}]}}"#,
        crate::digest::sha256(b"{}"),
        layer.len()
    );
    let index = format!(
        r#"{{"schemaVersion": 2, "manifests": [{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{}", "size": {}}}]}}"#,
        crate::digest::sha256(manifest.as_bytes()),
        manifest.len()
    );
    let manifest_path = format!(
        "blobs/sha256/{}",
        &crate::digest::sha256(manifest.as_bytes())[7..]
    );
    let config_path = format!("blobs/sha256/{}", &crate::digest::sha256(b"{}")[7..]);
    let layer_path = format!("blobs/blake3/{hex}");
    let layout = layout_of(&[
        ("oci-layout", br#"{"imageLayoutVersion": "1.0.0"}"#),
        ("index.json", index.as_bytes()),
        (&manifest_path, manifest.as_bytes()),
        (&config_path, b"{}"),
        (&layer_path, layer),
    ]);
    let verification = verify(&layout, &CheckOptions::default());
    let record = verification
        .blobs
        .iter()
        .find(|b| b.digest.starts_with("blake3:"))
        .expect("the blake3 blob is listed");
    assert_eq!(record.status, BlobStatus::Ok);
    assert!(
        record.message.contains("not verified"),
        "{}",
        record.message
    );
    assert_eq!(codes(&verification), []);

    // Its size is still checked.
    let layout = layout_of(&[
        ("oci-layout", br#"{"imageLayoutVersion": "1.0.0"}"#),
        ("index.json", index.as_bytes()),
        (&manifest_path, manifest.as_bytes()),
        (&config_path, b"{}"),
        (&layer_path, b"other length"),
    ]);
    let found = codes(&verify(&layout, &CheckOptions::default()));
    assert_eq!(
        found,
        [(
            format!("t.tar!/{manifest_path}"),
            "IMG003",
            "/layers/0/size".to_owned()
        )]
    );
}

#[test]
fn a_status_serializes_as_its_name() {
    for status in [
        BlobStatus::Ok,
        BlobStatus::Sparse,
        BlobStatus::Missing,
        BlobStatus::SizeMismatch,
        BlobStatus::DigestMismatch,
        BlobStatus::TypeMismatch,
        BlobStatus::DiffIdMismatch,
    ] {
        assert_eq!(
            serde_json::to_value(status).unwrap(),
            serde_json::Value::String(status.as_str().to_owned())
        );
    }
}

#[test]
fn a_platform_is_wanted_by_os_arch_and_variant_when_given() {
    assert!(platform_wanted("linux/arm64", "linux", "arm64", "v8"));
    assert!(platform_wanted("linux/arm64/v8", "linux", "arm64", "v8"));
    assert!(!platform_wanted("linux/arm64/v7", "linux", "arm64", "v8"));
    assert!(!platform_wanted("linux/amd64", "linux", "arm64", ""));
    assert!(!platform_wanted("windows/amd64", "linux", "amd64", ""));
    assert!(!platform_wanted("linux", "linux", "amd64", ""));
}
