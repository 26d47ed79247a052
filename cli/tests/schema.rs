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

fn rewrite_schema_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(schema::REWRITE_SCHEMA_PATH)
}

/// The rewrite commands' schema, like the check report's, is generated and committed.
#[test]
fn the_committed_rewrite_schema_is_generated_from_the_types() {
    let path = rewrite_schema_path();
    let mut fresh = serde_json::to_string_pretty(&schema::rewrite_report()).expect("schema JSON");
    fresh.push('\n');
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        std::fs::write(&path, &fresh).expect("write the schema");
        panic!(
            "{} was out of date with the rewrite types and has been rewritten: review and commit it",
            schema::REWRITE_SCHEMA_PATH
        );
    }
}

/// Real `fix`, `convert` and `split` output (outputs with diffs, applied fixes, losses,
/// refusals, references) validates against the committed rewrite schema.
#[test]
fn real_rewrite_output_validates_against_the_committed_schema() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/seeds");
    let seed = |name: &str| seeds.join(name).display().to_string();
    let annotated = scratch_dir().join("annotated.json");
    std::fs::write(
        &annotated,
        std::fs::read_to_string(seeds.join("kaniko-oci-manifest.json"))
            .unwrap()
            .replacen(
                "\"schemaVersion\": 2,",
                "\"schemaVersion\": 2, \"annotations\": {\"a.b\": \"c\"},",
                1,
            ),
    )
    .unwrap();
    let runs: Vec<Vec<String>> = vec![
        vec![
            "fix".into(),
            "--unsafe".into(),
            "--diff".into(),
            seed("buildkit-cache-list.json"),
        ],
        vec![
            "convert".into(),
            "--to".into(),
            "docker".into(),
            seed("gardenlinux-custom-layer.json"),
        ],
        vec![
            "convert".into(),
            "--to".into(),
            "oci".into(),
            seed("docker-list-of-oci-manifests.json"),
        ],
        vec![
            "split".into(),
            "--index".into(),
            seed("gardenlinux-custom-layer.json"),
        ],
        vec![
            "convert".into(),
            "--to".into(),
            "docker".into(),
            annotated.display().to_string(),
        ],
    ];
    let committed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(rewrite_schema_path()).expect("the schema"))
            .expect("schema JSON");
    let validator = jsonschema::validator_for(&committed).expect("a valid JSON Schema");
    let mut kinds = std::collections::HashSet::new();
    for args in runs {
        let output = Command::new(env!("CARGO_BIN_EXE_ocilint"))
            .args(&args)
            .args(["--format", "json"])
            .output()
            .expect("run ocilint");
        let instance: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        for key in ["outputs", "applied", "losses", "refused", "references"] {
            if instance[key].as_array().is_some_and(|a| !a.is_empty()) {
                kinds.insert(key);
            }
        }
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .take(10)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {}", errors.join("\n"));
        let mut broken = instance.clone();
        broken.as_object_mut().unwrap().remove("outputs");
        assert!(!validator.is_valid(&broken));
    }
    assert_eq!(
        kinds.len(),
        5,
        "every part of the report was exercised: {kinds:?}"
    );
}
