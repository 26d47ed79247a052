//! The published JSON Schema of `check --format json`: generated from the Rust types, kept in
//! `docs/schema/`, and true of what the binary prints.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../src/schema.rs"]
#[allow(dead_code, unreachable_pub)]
mod schema;

fn committed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(schema::SCHEMA_PATH)
}

fn generated() -> String {
    let mut text = serde_json::to_string_pretty(&schema::check_report()).expect("schema JSON");
    text.push('\n');
    text
}

/// Fails when the types and the committed schema differ, after writing the new schema so
/// that the change can be reviewed and committed.
#[test]
fn the_committed_schema_is_generated_from_the_types() {
    let path = committed_path();
    let fresh = generated();
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        std::fs::create_dir_all(path.parent().unwrap()).expect("docs/schema");
        std::fs::write(&path, &fresh).expect("write the schema");
        panic!(
            "{} was out of date with the report types and has been rewritten: review and commit it \
             (and raise SCHEMA_VERSION in cli/src/schema.rs if a field was removed, renamed or changed meaning)",
            schema::SCHEMA_PATH
        );
    }
}

fn scratch_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ocilint-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Real output, with diagnostics of every shape (`related` included), every target verdict
/// and input that is not JSON, validates against the committed schema.
#[test]
fn real_output_validates_against_the_committed_schema() {
    let dir = scratch_dir();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures");
    let not_json = dir.join("not-json.json");
    std::fs::write(&not_json, b"{\"schemaVersion\": 2,,").unwrap();
    let duplicate = dir.join("duplicate.json");
    std::fs::write(
        &duplicate,
        br#"{"schemaVersion": 2, "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": []}"#,
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_ocilint"))
        .args(["check", "--format", "json", "--recursive"])
        .arg(&fixtures)
        .arg(&not_json)
        .arg(&duplicate)
        .output()
        .expect("run ocilint");
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let instance: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let reports = instance.as_array().expect("array");
    assert!(reports.len() > 100, "the fixtures: {}", reports.len());
    assert!(reports.iter().all(|r| r["schemaVersion"] == 1));
    assert!(
        reports
            .iter()
            .flat_map(|r| r["diagnostics"].as_array().unwrap())
            .any(|d| d.get("related").is_some()),
        "some diagnostic has `related`"
    );

    let committed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(committed_path()).expect("the schema"))
            .expect("schema JSON");
    let validator = jsonschema::validator_for(&committed).expect("a valid JSON Schema");
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .take(10)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));

    // And the schema is not vacuous: a report missing a field or with an unknown kind fails.
    let mut broken = instance.clone();
    broken[0].as_object_mut().unwrap().remove("digest");
    broken[1]["kind"] = "oci-something".into();
    assert!(!validator.is_valid(&broken));
}
