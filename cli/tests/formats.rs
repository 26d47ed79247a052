//! `ocilint check --format sarif|github|concise`, exercised through the real binary: each
//! format's exact shape, the github format's escaping, SARIF against the official schema, and
//! exit statuses that do not depend on the format.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

mod common;
use common::{ocilint, scratch, VALID};

/// A manifest with one error (empty `layers`) and two infos (keys that are not namespaced),
/// one after a character outside the BMP (two UTF-16 code units) and one whose key holds every
/// character the github format must escape.
const DOC: &str = "{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",\n  \"config\": {\n    \"mediaType\": \"application/vnd.oci.image.config.v1+json\",\n    \"digest\": \"sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443\",\n    \"size\": 2297\n  },\n  \"layers\": [],\n  \"annotations\": {\"😀é\": \"x\", \"50%,a:b\\nc\\rd\": \"y\"}\n}\n";

const FORMATS: [&str; 5] = ["human", "json", "sarif", "github", "concise"];

fn stdout(output: &Output) -> &str {
    std::str::from_utf8(&output.stdout).expect("UTF-8 output")
}

fn seeds() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/seeds");
    let mut seeds: Vec<String> = std::fs::read_dir(&dir)
        .expect("seed fixtures")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| path.to_str().expect("UTF-8 path").to_owned())
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 6, "{seeds:?}");
    seeds
}

fn sarif(args: &[&str], stdin: Option<&[u8]>) -> (Output, Value) {
    let mut all = vec!["check", "--format", "sarif"];
    all.extend_from_slice(args);
    let output = ocilint(&all, stdin);
    let log = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("stdout is not JSON ({e}):\n{}", stdout(&output));
    });
    (output, log)
}

/// Every error the official SARIF 2.1.0 schema finds in `log`.
fn schema_errors(log: &Value) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
    let schema: Value =
        serde_json::from_slice(&std::fs::read(path).expect("vendored schema")).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn concise_is_one_line_per_diagnostic() {
    let path = scratch("concise.json", DOC.as_bytes());
    let file = path.to_str().unwrap();
    let output = ocilint(&["check", "--format", "concise", file], None);
    assert_eq!(output.status.code(), Some(1));
    let expected = format!(
        "{file}:9:13: error MAN003 `layers` is empty; image-spec's schema requires at least one layer (`minItems: 1`) and registries that validate against it refuse this manifest\n\
         {file}:10:19: info ANN003 `😀é` is not namespaced; keys should use reverse-domain notation such as `com.example.myKey`\n\
         {file}:10:30: info ANN003 `50%,a:b c d` is not namespaced; keys should use reverse-domain notation such as `com.example.myKey`\n"
    );
    assert_eq!(stdout(&output), expected);
}

#[test]
fn github_is_workflow_commands_with_escaping() {
    // `,` `:` `%` in the file name must be escaped in the `file=` property.
    let path = scratch("a,b:c%d.json", DOC.as_bytes());
    let file = path.to_str().unwrap();
    let escaped = file
        .replace('%', "%25")
        .replace(':', "%3A")
        .replace(',', "%2C");
    assert!(escaped.ends_with("a%2Cb%3Ac%25d.json"));
    let output = ocilint(&["check", "--format", "github", file], None);
    assert_eq!(output.status.code(), Some(1));
    let expected = format!(
        "::error file={escaped},line=9,col=13,endLine=9,endColumn=15,title=MAN003::`layers` is empty; image-spec's schema requires at least one layer (`minItems: 1`) and registries that validate against it refuse this manifest\n\
         ::notice file={escaped},line=10,col=19,endLine=10,endColumn=23,title=ANN003::`😀é` is not namespaced; keys should use reverse-domain notation such as `com.example.myKey`\n\
         ::notice file={escaped},line=10,col=30,endLine=10,endColumn=45,title=ANN003::`50%25,a:b%0Ac%0Dd` is not namespaced; keys should use reverse-domain notation such as `com.example.myKey`\n"
    );
    assert_eq!(stdout(&output), expected);
}

#[test]
fn github_uses_warning_and_notice_for_the_other_severities() {
    let seed = seeds()
        .into_iter()
        .find(|s| s.ends_with("buildkit-cache-list.json"))
        .unwrap();
    let output = ocilint(&["check", "--format", "github", &seed], None);
    let lines: Vec<&str> = stdout(&output).lines().collect();
    assert!(lines.iter().any(|l| l.starts_with("::error file=")));
    assert!(lines.iter().any(|l| l.starts_with("::warning file=")));
    assert!(lines.iter().any(|l| l.starts_with("::notice file=")));
    assert!(lines.iter().all(|l| l.contains(",title=")));
}

#[test]
fn a_chosen_targets_refusal_is_shown_in_github_and_concise() {
    let seed = seeds()
        .into_iter()
        .find(|s| s.ends_with("buildkit-cache-list.json"))
        .unwrap();
    let concise = ocilint(
        &["check", "--format", "concise", "--target", "quay", &seed],
        None,
    );
    assert_eq!(concise.status.code(), Some(1));
    let last = stdout(&concise).lines().last().unwrap().to_owned();
    assert!(last.starts_with(&format!("{seed}: reject quay@")), "{last}");
    assert!(last.contains(" push: "), "{last}");

    let github = ocilint(
        &["check", "--format", "github", "--target", "quay", &seed],
        None,
    );
    let last = stdout(&github).lines().last().unwrap().to_owned();
    assert!(last.starts_with("::error file="), "{last}");
    assert!(last.contains(",title=target quay@"), "{last}");
}

#[test]
fn sarif_has_rules_results_and_utf16_regions() {
    let path = scratch("sarif.json", DOC.as_bytes());
    let file = path.to_str().unwrap();
    let (output, log) = sarif(&[file], None);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "ocilint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["informationUri"], env!("CARGO_PKG_REPOSITORY"));
    assert_eq!(run["columnKind"], "utf16CodeUnits");

    // One rule per rule in the catalogue, in its order, with its metadata.
    let rules = driver["rules"].as_array().unwrap();
    let catalogue: Vec<_> = ocilint_core::rules::all().collect();
    assert_eq!(rules.len(), catalogue.len());
    for (rule, (group, meta)) in rules.iter().zip(&catalogue) {
        let meta = &meta.meta;
        assert_eq!(rule["id"], meta.code);
        assert_eq!(rule["name"], meta.name);
        assert_eq!(rule["shortDescription"]["text"], meta.summary);
        assert_eq!(rule["fullDescription"]["text"], meta.why);
        assert_eq!(rule["help"]["text"], meta.how_to_fix);
        assert_eq!(rule["help"]["markdown"], meta.how_to_fix);
        assert_eq!(rule["helpUri"], meta.url);
        let level = match meta.severity {
            ocilint_core::Severity::Error => "error",
            ocilint_core::Severity::Warning => "warning",
            ocilint_core::Severity::Info => "note",
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level);
        assert_eq!(rule["properties"]["tags"][0], *group);
        assert_eq!(rule["properties"]["fix"], meta.fix.as_str());
        assert_eq!(
            rule["properties"]["fixAvailability"],
            meta.fix.availability().as_str()
        );
        assert_eq!(rule["properties"]["since"], meta.since);
        assert_eq!(
            rule["properties"]["specVersions"],
            serde_json::to_value(meta.spec_versions).unwrap()
        );
    }

    let results = run["results"].as_array().unwrap();
    let summary: Vec<(&str, &str)> = results
        .iter()
        .map(|r| (r["ruleId"].as_str().unwrap(), r["level"].as_str().unwrap()))
        .collect();
    assert_eq!(
        summary,
        [("MAN003", "error"), ("ANN003", "note"), ("ANN003", "note")]
    );
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    let region = |i: usize| {
        let r = &results[i]["locations"][0]["physicalLocation"]["region"];
        [
            r["startLine"].as_u64().unwrap(),
            r["startColumn"].as_u64().unwrap(),
            r["endLine"].as_u64().unwrap(),
            r["endColumn"].as_u64().unwrap(),
        ]
    };
    assert_eq!(region(0), [9, 13, 9, 15]);
    // `"😀é"`: 4 scalar values, 5 UTF-16 code units.
    assert_eq!(region(1), [10, 19, 10, 24]);
    // After it, UTF-16 columns are one more than scalar columns (30 in the other formats).
    assert_eq!(region(2), [10, 31, 10, 46]);
    let location = &results[1]["locations"][0];
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        file
    );
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "/annotations/😀é"
    );
    assert_eq!(results[1]["properties"]["pointer"], "/annotations/😀é");
    assert_eq!(
        results[1]["message"]["text"],
        "`😀é` is not namespaced; keys should use reverse-domain notation such as `com.example.myKey`"
    );

    let artifact = &run["artifacts"][0];
    assert_eq!(artifact["location"]["uri"], file);
    assert_eq!(artifact["length"], DOC.len());
    assert_eq!(artifact["properties"]["kind"], "oci-manifest");
    assert!(!artifact["properties"]["targets"]
        .as_array()
        .unwrap()
        .is_empty());

    assert_eq!(schema_errors(&log), Vec::<String>::new());
}

#[test]
fn sarif_names_stdin_dash_and_encodes_paths_as_uris() {
    let spaced = scratch("with space#1.json", VALID.as_bytes());
    let (output, log) = sarif(
        &[spaced.to_str().unwrap(), "-"],
        Some(b"{\"schemaVersion\": 2,}"),
    );
    assert_eq!(output.status.code(), Some(1));
    let artifacts = log["runs"][0]["artifacts"].as_array().unwrap();
    assert!(artifacts[0]["location"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("/with%20space%231.json"));
    assert_eq!(artifacts[1]["location"]["uri"], "-");
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "JSON001");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"],
        serde_json::json!({ "uri": "-", "index": 1 })
    );
    assert_eq!(schema_errors(&log), Vec::<String>::new());
}

#[test]
fn sarif_of_every_seed_fixture_validates_against_the_official_schema() {
    let seeds = seeds();
    let args: Vec<&str> = seeds.iter().map(String::as_str).collect();
    let (_, log) = sarif(&args, None);
    assert_eq!(schema_errors(&log), Vec::<String>::new());
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    // Regions agree with the JSON report on lines and bytes; a UTF-16 column is never smaller
    // than the scalar-value column of the same position.
    let json = ocilint(&[&["check", "--format", "json"][..], &args].concat(), None);
    let reports: Value = serde_json::from_slice(&json.stdout).unwrap();
    let diagnostics: Vec<&Value> = reports
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["diagnostics"].as_array().unwrap())
        .collect();
    assert_eq!(diagnostics.len(), results.len());
    for (d, r) in diagnostics.iter().zip(results) {
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(r["ruleId"], d["code"]);
        assert_eq!(region["startLine"], d["line"]);
        assert_eq!(region["endLine"], d["endLine"]);
        assert!(region["startColumn"].as_u64() >= d["column"].as_u64());
        assert_eq!(region["byteOffset"], d["range"]["start"]);
    }
}

#[test]
fn the_schema_check_catches_invalid_sarif() {
    let path = scratch("mutated.json", DOC.as_bytes());
    let (_, mut log) = sarif(&[path.to_str().unwrap()], None);
    assert_eq!(schema_errors(&log), Vec::<String>::new());
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    log["runs"][0]["results"][1]["level"] = "info".into();
    log["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = 7.into();
    assert_eq!(schema_errors(&log).len(), 3, "{:?}", schema_errors(&log));
}

#[test]
fn a_broken_document_is_still_valid_sarif() {
    for (name, bytes) in [
        ("binary.json", &b"\x89PNG\r\n\x1a\n\0\0\0"[..]),
        ("truncated.json", &VALID.as_bytes()[..100]),
        ("empty.json", b""),
        (
            "duplicate.json",
            b"{\"schemaVersion\": 2,\n \"schemaVersion\": 2}",
        ),
    ] {
        let path = scratch(name, bytes);
        let (output, log) = sarif(&[path.to_str().unwrap()], None);
        assert_eq!(output.status.code(), Some(1), "{name}");
        assert_eq!(schema_errors(&log), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn related_places_are_related_locations() {
    let (_, log) = sarif(
        &["-"],
        Some(b"{\"schemaVersion\": 2,\n \"schemaVersion\": 2}"),
    );
    let results = log["runs"][0]["results"].as_array().unwrap();
    let with_related = results
        .iter()
        .find(|r| r.get("relatedLocations").is_some())
        .expect("a duplicate key names its first occurrence");
    let related = &with_related["relatedLocations"][0];
    assert_eq!(related["id"], 0);
    assert_eq!(
        related["physicalLocation"]["region"],
        serde_json::json!({"startLine": 1, "startColumn": 2, "endLine": 1, "endColumn": 17, "byteOffset": 1, "byteLength": 15})
    );
    assert_eq!(
        related["logicalLocations"][0]["fullyQualifiedName"],
        "/schemaVersion"
    );
    assert_eq!(schema_errors(&log), Vec::<String>::new());
}

#[test]
fn exit_status_does_not_depend_on_the_format() {
    let valid = scratch("valid.json", VALID.as_bytes());
    let mut cases: Vec<(Vec<String>, i32)> = vec![
        (vec![valid.to_str().unwrap().to_owned()], 0),
        (vec!["/nonexistent/manifest.json".to_owned()], 2),
    ];
    for seed in seeds() {
        let expected = ocilint(&["check", "--format", "json", &seed], None)
            .status
            .code()
            .unwrap();
        cases.push((vec![seed.clone()], expected));
        let quay = ocilint(
            &["check", "--format", "json", "--target", "quay", &seed],
            None,
        )
        .status
        .code()
        .unwrap();
        cases.push((vec!["--target".into(), "quay".into(), seed], quay));
    }
    assert!(cases.iter().any(|(_, code)| *code == 1));
    for (args, expected) in &cases {
        for format in FORMATS {
            let mut all = vec!["check", "--format", format];
            all.extend(args.iter().map(String::as_str));
            let output = ocilint(&all, None);
            assert_eq!(output.status.code(), Some(*expected), "{format} {args:?}");
            if *expected == 2 {
                assert!(output.stdout.is_empty(), "{format}");
            }
        }
    }
}

#[test]
fn a_clean_run_prints_nothing_in_github_and_concise() {
    let valid = scratch("clean.json", VALID.as_bytes());
    for format in ["github", "concise"] {
        let output = ocilint(
            &["check", "--format", format, valid.to_str().unwrap()],
            None,
        );
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(stdout(&output), "", "{format}");
    }
    let (_, log) = sarif(&[valid.to_str().unwrap()], None);
    assert_eq!(log["runs"][0]["results"], Value::Array(vec![]));
    assert_eq!(schema_errors(&log), Vec::<String>::new());
}

#[test]
fn targets_refuses_the_check_only_formats() {
    for format in ["sarif", "github", "concise"] {
        let output = ocilint(&["targets", "--format", format], None);
        assert_eq!(output.status.code(), Some(2), "{format}");
        assert!(output.stdout.is_empty());
    }
}

/// What hangs off an image, in each format: the human output shows the tree under the image's
/// digest and says that signatures are not verified; JSON and SARIF carry `role`,
/// `convention` and `attachments`.
#[test]
fn attachments_are_shown_in_every_format() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/attachments");
    let index = dir.join("buildkit-index.json");
    let signature = dir.join("notation-signature.json");
    let (index, signature) = (index.to_str().unwrap(), signature.to_str().unwrap());

    let human = ocilint(&["check", index, signature], None);
    let text = stdout(&human);
    assert!(text.contains("Attachments:\n  sha256:23678f31b3b3…\n    └─ attestation sha256:02cb9aa7600e… (buildkit; via reference-annotation) at /manifests/1/annotations/vnd.docker.reference.digest\n"), "{text}");
    assert!(
        text.contains("  is: signature (notation); signatures are not verified\n"),
        "{text}"
    );

    let json = ocilint(&["check", "--format", "json", index, signature], None);
    let reports: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(reports[0]["role"], "index");
    assert_eq!(reports[0]["attachments"][0]["role"], "attestation");
    assert_eq!(reports[0]["attachments"][0]["status"], "linked");
    assert_eq!(reports[1]["role"], "signature");
    assert_eq!(reports[1]["convention"], "notation");
    assert_eq!(reports[1]["attachments"][0]["link"], "subject");

    let (_, log) = sarif(&[index, signature], None);
    let properties = &log["runs"][0]["artifacts"][1]["properties"];
    assert_eq!(properties["role"], "signature");
    assert_eq!(properties["attachments"][0]["status"], "elsewhere");
    assert!(schema_errors(&log).is_empty(), "{:?}", schema_errors(&log));
}
