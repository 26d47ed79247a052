//! The `ocilint check` contract, exercised through the real binary.

use serde_json::Value;

mod common;
use common::{json, ocilint, scratch, VALID};

fn codes(report: &Value) -> Vec<&str> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect()
}

#[test]
fn a_valid_manifest_exits_0_with_the_contract_fields() {
    let path = scratch("valid.json", VALID.as_bytes());
    let output = ocilint(&["check", "--format", "json", path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(0));
    let reports = json(&output);
    let report = &reports[0];
    assert_eq!(reports.as_array().unwrap().len(), 1);
    assert_eq!(report["file"], path.to_str().unwrap());
    assert_eq!(report["kind"], "oci-manifest");
    assert_eq!(
        report["mediaType"],
        "application/vnd.oci.image.manifest.v1+json"
    );
    assert_eq!(
        report["digest"],
        ocilint_core::digest::sha256(VALID.as_bytes())
    );
    assert_eq!(report["size"], VALID.len());
    assert_eq!(report["diagnostics"], Value::Array(vec![]));
}

#[test]
fn an_invalid_manifest_exits_1_with_positioned_diagnostics() {
    let broken = VALID.replace("3713021b", "3713021B");
    let path = scratch("invalid.json", broken.as_bytes());
    let output = ocilint(&["check", "--format", "json", path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(1));
    let reports = json(&output);
    let diagnostic = &reports[0]["diagnostics"][0];
    assert_eq!(diagnostic["code"], "DIG002");
    assert_eq!(diagnostic["severity"], "error");
    assert_eq!(diagnostic["pointer"], "/layers/0/digest");
    assert_eq!(diagnostic["line"], 12);
    assert_eq!(diagnostic["column"], 17);
    let start = broken.find("\"sha256:3713021B").unwrap();
    assert_eq!(diagnostic["range"]["start"], start);
    assert_eq!(diagnostic["range"]["end"], start + 73);
    assert!(diagnostic["message"]
        .as_str()
        .unwrap()
        .contains("lowercase"));
}

#[test]
fn inputs_are_reported_in_order_and_stdin_is_dash() {
    let first = scratch("first.json", VALID.as_bytes());
    let output = ocilint(
        &["check", "--format", "json", first.to_str().unwrap(), "-"],
        Some(b"{\"schemaVersion\": 2,}"),
    );
    assert_eq!(output.status.code(), Some(1));
    let reports = json(&output);
    assert_eq!(reports[0]["file"], first.to_str().unwrap());
    assert_eq!(reports[1]["file"], "-");
    assert_eq!(codes(&reports[1]), ["JSON001"]);
    assert_eq!(reports[1]["kind"], "unknown");
    assert_eq!(reports[1]["mediaType"], Value::Null);
}

#[test]
fn binary_and_truncated_input_are_diagnostics_not_crashes() {
    for (name, bytes) in [
        ("binary.json", &b"\x89PNG\r\n\x1a\n\0\0\0"[..]),
        ("truncated.json", &VALID.as_bytes()[..100]),
        ("empty.json", b""),
    ] {
        let path = scratch(name, bytes);
        let output = ocilint(&["check", "--format", "json", path.to_str().unwrap()], None);
        assert_eq!(output.status.code(), Some(1), "{name}");
        let reports = json(&output);
        let diagnostic = &reports[0]["diagnostics"][0];
        assert_eq!(diagnostic["code"], "JSON001", "{name}");
        assert!(diagnostic["line"].as_u64().unwrap() >= 1);
        assert_eq!(reports[0]["size"], bytes.len());
    }
}

#[test]
fn content_type_validates_as_that_media_type() {
    let path = scratch("kaniko.json", VALID.as_bytes());
    let docker = "application/vnd.docker.distribution.manifest.v2+json";
    let output = ocilint(
        &[
            "check",
            "--format",
            "json",
            "--content-type",
            docker,
            path.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let reports = json(&output);
    assert_eq!(reports[0]["mediaType"], docker);
    assert_eq!(reports[0]["kind"], "docker-manifest");
    assert!(codes(&reports[0]).contains(&"DOC003"));
}

#[test]
fn an_unknown_but_well_formed_content_type_is_a_diagnostic() {
    let path = scratch("unknown-ct.json", br#"{"schemaVersion": 2, "payload": {}}"#);
    let output = ocilint(
        &[
            "check",
            "--format",
            "json",
            "--content-type",
            "application/vnd.example.thing+json",
            path.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0));
    let reports = json(&output);
    assert_eq!(codes(&reports[0]), ["DOC004"]);
    assert_eq!(reports[0]["kind"], "unknown");
}

#[test]
fn usage_errors_and_unreadable_files_exit_2_with_a_reason() {
    let missing = ocilint(&["check", "/nonexistent/manifest.json"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no such file"));
    assert!(missing.stdout.is_empty());

    let bad_flag = ocilint(&["check", "--format", "yaml", "x.json"], None);
    assert_eq!(bad_flag.status.code(), Some(2));

    let bad_type = ocilint(&["check", "--content-type", "not a type", "x.json"], None);
    assert_eq!(bad_type.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_type.stderr).contains("is not a media type"));

    let no_files = ocilint(&["check"], None);
    assert_eq!(no_files.status.code(), Some(2));
}

#[test]
fn human_output_shows_the_line_and_a_caret() {
    let broken = VALID.replace("3713021b", "3713021B");
    let path = scratch("human.json", broken.as_bytes());
    let output = ocilint(&["check", path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("error[DIG002]"), "{text}");
    assert!(
        text.contains(&format!("{}:12:17", path.display())),
        "{text}"
    );
    assert!(text.contains("\"digest\": \"sha256:3713021B"), "{text}");
    assert!(text.contains(&format!("{}^", " ".repeat(16))), "{text}");
    assert!(text.contains("Checked 1 file: 1 error"), "{text}");
    assert!(!text.contains('\x1b'), "no colour when not a terminal");
}

const PODMAN_MIXED: &str = r#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {
    "mediaType": "application/vnd.docker.container.image.v1+json",
    "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443",
    "size": 2297
  },
  "layers": [
    {
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "digest": "sha256:3713021b02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca",
      "size": 29534055
    }
  ]
}
"#;

#[test]
fn json_reports_carry_target_verdicts() {
    let path = scratch("mixed.json", PODMAN_MIXED.as_bytes());
    let output = ocilint(&["check", "--format", "json", path.to_str().unwrap()], None);
    // Warnings only: exit 0 without --target, whatever the targets say.
    assert_eq!(output.status.code(), Some(0));
    let targets = &json(&output)[0]["targets"];
    let podman = targets
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == "podman")
        .expect("podman's verdict");
    assert_eq!(podman["operation"], "pull");
    assert_eq!(podman["verdict"], "reject");
    assert_eq!(
        podman["message"],
        "invalid mixed OCI image with Docker v2s2 config (\"application/vnd.docker.container.image.v1+json\")"
    );
    assert_eq!(podman["codes"][0], "MIX001");
    assert_eq!(podman["pointers"][0], "/config/mediaType");
    // podman's current version is modelled from containers/image's code.
    assert_eq!(podman["basis"], "model");
    assert!(podman["source"]
        .as_str()
        .unwrap()
        .contains("container-libs @f0ddf1a"));
}

#[test]
fn target_selects_versions_and_a_refusal_fails_the_check() {
    let path = scratch("mixed-target.json", PODMAN_MIXED.as_bytes());
    let output = ocilint(
        &[
            "check",
            "--format",
            "json",
            "--target",
            "quay@2024-05,distribution",
            path.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let targets = json(&output)[0]["targets"].as_array().unwrap().clone();
    let summary: Vec<(String, String, String)> = targets
        .iter()
        .map(|t| {
            (
                t["target"].as_str().unwrap().to_owned(),
                t["version"].as_str().unwrap().to_owned(),
                t["verdict"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("quay".into(), "2024-05".into(), "reject".into()),
            ("distribution".into(), "v3".into(), "accept".into())
        ]
    );
    // The human summary names the refusal, even where no rule reports an error.
    let human = ocilint(
        &[
            "check",
            "--target",
            "quay@2024-05,distribution",
            path.to_str().unwrap(),
        ],
        None,
    );
    let text = String::from_utf8(human.stdout).unwrap();
    let last = text.lines().last().unwrap_or_default();
    assert!(
        last.ends_with("; refused by quay@2024-05 (push)."),
        "{text}"
    );
    let accepted = ocilint(
        &["check", "--target", "distribution", path.to_str().unwrap()],
        None,
    );
    assert_eq!(accepted.status.code(), Some(0));
    let unknown = ocilint(&["check", "--target", "nope", path.to_str().unwrap()], None);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("known targets"));
}

#[test]
fn targets_lists_the_profiles() {
    let output = ocilint(&["targets", "--format", "json"], None);
    assert_eq!(output.status.code(), Some(0));
    let list = json(&output);
    let quay = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "quay")
        .expect("quay");
    assert_eq!(quay["operations"][0], "push");
    assert_eq!(quay["versions"][0]["id"], "2024-06");
    assert!(!quay["sources"].as_array().unwrap().is_empty());
    let human = ocilint(&["targets"], None);
    assert!(String::from_utf8_lossy(&human.stdout).contains("@2024-05"));
}

#[test]
fn the_assumed_content_type_is_said_once_in_the_human_output_and_kept_on_each_verdict_in_json() {
    let path = scratch("assumed.json", VALID.as_bytes());
    let file = path.to_str().unwrap();
    let targets = "podman@4.3,distribution@v2.8,containerd@1.6";
    let output = ocilint(&["check", "--target", targets, file], None);
    let text = String::from_utf8_lossy(&output.stdout);
    let said = "(no --content-type: the models take it as sent with Content-Type application/vnd.oci.image.manifest.v1+json)";
    assert_eq!(text.matches(said).count(), 1, "{text}");
    assert!(!text.contains("(none was given)"), "{text}");
    assert!(text.contains("          if the registry serves"), "{text}");
    // The JSON contract is unchanged: each verdict's condition names the assumption.
    let reports = json(&ocilint(
        &["check", "--format", "json", "--target", targets, file],
        None,
    ));
    let conditions: Vec<&str> = reports[0]["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .filter_map(|v| v["condition"].as_str())
        .collect();
    assert!(conditions.len() >= 3, "{conditions:?}");
    for condition in conditions {
        assert!(
            condition.starts_with("it is sent with Content-Type application/vnd.oci.image.manifest.v1+json (none was given)"),
            "{condition}"
        );
    }
    // With --content-type there is nothing assumed to say.
    let output = ocilint(
        &[
            "check",
            "--target",
            targets,
            "--content-type",
            "application/vnd.oci.image.manifest.v1+json",
            file,
        ],
        None,
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(!text.contains("no --content-type"), "{text}");
}
