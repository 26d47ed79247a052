//! Hostile and broken input through the whole engine: never a panic or a hang, always a
//! positioned diagnostic, and the digest is always that of the exact bytes.

use ocilint_core::targets::Basis;
use ocilint_core::{check, digest, CheckOptions, Report};

fn run(bytes: &[u8]) -> Report {
    let report = check(bytes, &CheckOptions::default());
    assert_eq!(report.digest, digest::sha256(bytes));
    assert_eq!(report.size, bytes.len() as u64);
    for d in &report.diagnostics {
        assert!(d.range.end as usize <= bytes.len(), "{d:?}");
        assert!(d.line >= 1 && d.column >= 1, "{d:?}");
    }
    report
}

fn codes(report: &Report) -> Vec<&str> {
    report.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn deep_nesting() {
    let report = run("[".repeat(20_000).as_bytes());
    assert_eq!(codes(&report), ["JSON006"]);
    let report = run(("{\"a\":".repeat(20_000) + "1" + &"}".repeat(20_000)).as_bytes());
    assert_eq!(codes(&report), ["JSON006"]);
}

#[test]
fn a_document_over_4_mib() {
    let mut index = String::from(
        "{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": [",
    );
    let entry = format!(
        "{{\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"digest\": \"{}\", \"size\": 1234, \"platform\": {{\"architecture\": \"amd64\", \"os\": \"linux\"}}}}",
        digest::sha256(b"x")
    );
    while index.len() < 4 * 1024 * 1024 + 1024 {
        if !index.ends_with('[') {
            index.push(',');
        }
        index.push_str(&entry);
    }
    index.push_str("]}");
    let report = run(index.as_bytes());
    assert!(codes(&report).contains(&"DST002"), "{:?}", codes(&report));
}

#[test]
fn binary_input() {
    let png: Vec<u8> = b"\x89PNG\r\n\x1a\n"
        .iter()
        .copied()
        .chain((0..=255u8).cycle().take(4096))
        .collect();
    let report = run(&png);
    assert_eq!(codes(&report), ["JSON001"]);
    assert_eq!(
        &*report.diagnostics[0].message,
        "expected a JSON value, found byte 0x89"
    );
}

#[test]
fn truncated_at_every_byte() {
    let manifest = br#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443", "size": 2297}, "layers": []}"#;
    for end in 0..manifest.len() {
        let report = run(&manifest[..end]);
        assert!(report.has_errors(), "{end} bytes");
    }
}

#[test]
fn invalid_utf8_everywhere() {
    let report = run(b"{\"annotations\": {\"k\xff\": \"v\xc3\x28\"}, \"\xed\xa0\x80\": 1}");
    assert_eq!(codes(&report), ["JSON002", "JSON002", "JSON002"]);
    // Outside a string, a non-UTF-8 byte is a syntax error at its position.
    let report = run(b"{\"a\": \xff}");
    assert_eq!(codes(&report), ["JSON001"]);
    assert_eq!(report.diagnostics[0].column, 7);
}

#[test]
fn huge_numbers() {
    let report = run(format!(
        "{{\"mediaType\": \"application/vnd.oci.image.layer.v1.tar\", \"digest\": \"{}\", \"size\": 1{}}}",
        digest::sha256(b""),
        "0".repeat(5000)
    )
    .as_bytes());
    assert!(codes(&report).contains(&"JSON007"), "{:?}", codes(&report));
    let report = run(b"{\"a\": [1e999999999, -1e-999999999, 123456789012345678901234567890.5]}");
    assert!(!report.has_errors());
}

#[test]
fn ten_thousand_duplicate_keys() {
    let mut document = String::from("{");
    for i in 0..10_000 {
        if i > 0 {
            document.push(',');
        }
        document.push_str("\"mediaType\": \"x\"");
    }
    document.push('}');
    let report = run(document.as_bytes());
    let duplicates = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "JSON005")
        .count();
    assert_eq!(duplicates, 9_999);
}

#[test]
fn every_byte_value_alone_and_in_a_string() {
    for byte in 0..=255u8 {
        run(&[byte]);
        run(&[b'"', byte, b'"']);
        run(&[b'{', b'"', byte, b'"', b':', b'1', b'}']);
    }
}

/// Found by the `fix` fuzz target: an unknown escape of a non-ASCII character took its first
/// byte only, so the range cut the character (a wrong UTF-16 range) and the rest of it was
/// read as invalid UTF-8.
#[test]
fn unknown_escape_of_a_non_ascii_character() {
    let report = run("{\"a\": \"x\\éy\"}".as_bytes());
    assert_eq!(report.diagnostics.len(), 1, "{:?}", report.diagnostics);
    let d = &report.diagnostics[0];
    assert!(
        d.message.starts_with("`\\é` is not a JSON escape"),
        "{}",
        d.message
    );
    assert_eq!((d.range.start, d.range.end), (8, 11));
    assert_eq!((d.utf16_range.start, d.utf16_range.end), (8, 10));
}

/// The page asks for a check with no document when only settings wait to be read.
#[test]
fn an_empty_bundle_has_no_reports() {
    assert!(ocilint_core::bundle::check_bundle(&[], &CheckOptions::default()).is_empty());
}

/// Found by timing the CLI: containerd's model decodes `annotations` into a Go map, and looked
/// each key up among those already stored, so a million keys took minutes. Every modelled
/// target runs here on an object of many keys, under the 4 MiB that registries and podman
/// read at most (so every model decodes it); the test runs for seconds, not minutes.
#[test]
fn a_large_object_through_every_modelled_target() {
    let mut document = String::from(
        "{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"annotations\": {",
    );
    for i in 0..140_000 {
        if i > 0 {
            document.push(',');
        }
        document.push_str(&format!("\"com.example.k{i}\": \"v\""));
    }
    // The same key again: Go and Python keep the last, in the first one's place.
    document.push_str(",\"com.example.k7\": \"w\"}}");
    // Every target version modelled from its code, as the catalogue says, so a new model is
    // run here without editing this list.
    let mut modelled = Vec::new();
    let mut operations = 0;
    for target in ocilint_core::targets::all() {
        for version in target.versions {
            let modelled_operations =
                ocilint_core::targets::modelled_operations(target.name, version.id);
            if !modelled_operations.is_empty() {
                operations += modelled_operations.len();
                modelled.push(format!("{}@{}", target.name, version.id));
            }
        }
    }
    // Fourteen when this was written: distribution, podman and containerd at two versions
    // each, Harbor, Quay and zot at two, Docker Engine, regclient and crane.
    assert!(modelled.len() >= 14, "{modelled:?}");
    let options = CheckOptions {
        targets: ocilint_core::targets::parse_list(&modelled.join(",")).unwrap(),
        ..CheckOptions::default()
    };
    assert!(document.len() < 4 << 20, "{}", document.len());
    let report = check(document.as_bytes(), &options);
    // Each modelled operation is judged (podman twice at each version: a pull and a copy).
    assert_eq!(report.targets.len(), operations, "{:?}", report.targets);
    for verdict in &report.targets {
        assert_eq!(verdict.basis, Basis::Model, "{verdict:?}");
    }
}
