//! Paste damage from the command line: each case is named by its own rule in `check` (not the
//! parser's generic error), `fix -o DIR` repairs it, and the repaired file checks without it.
//! Compressed data and archives are named for what they are, and never "repaired".

mod common;

use std::path::PathBuf;

use common::{json, ocilint, scratch, VALID};

/// The codes `check --format json` reports for one file.
fn codes(file: &str) -> Vec<String> {
    let output = ocilint(&["check", "--format", "json", file], None);
    let report = json(&output);
    report[0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

/// Checks the damaged text (the rule fires, the parser's JSON001 does not), fixes it into a
/// folder of its own, and checks the one output: clean of the damage and of any JSON error.
fn repaired(name: &str, damaged: &str, code: &str) -> String {
    let input = scratch(&format!("{name}.json"), damaged.as_bytes());
    let input = input.to_str().unwrap();
    let before = codes(input);
    assert!(before.iter().any(|c| c == code), "{name}: {before:?}");
    assert!(!before.iter().any(|c| c == "JSON001"), "{name}: {before:?}");

    let dir = PathBuf::from(input).with_file_name(format!("{name}-fixed"));
    let _ = std::fs::remove_dir_all(&dir);
    let fix = ocilint(&["fix", input, "-o", dir.to_str().unwrap()], None);
    assert_eq!(
        fix.status.code(),
        Some(0),
        "{name}: {}",
        String::from_utf8_lossy(&fix.stdout)
    );
    assert!(
        String::from_utf8_lossy(&fix.stdout).contains(&format!("applied {code} (safe)")),
        "{name}: {}",
        String::from_utf8_lossy(&fix.stdout)
    );
    let outputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("output folder")
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(outputs.len(), 1, "{name}: {outputs:?}");
    let output = outputs[0].to_str().unwrap();
    let after = codes(output);
    assert!(
        !after.iter().any(|c| c.starts_with("INP") || c == "JSON001"),
        "{name}: {after:?}"
    );
    std::fs::read_to_string(output).unwrap()
}

#[test]
fn a_prompt_line_before_the_json_is_removed() {
    let fixed = repaired(
        "prompt",
        &format!("$ crane manifest ubuntu:22.04 | jq\n{VALID}"),
        "INP001",
    );
    assert_eq!(fixed, VALID);
}

#[test]
fn a_markdown_fence_is_removed() {
    let fixed = repaired("fence", &format!("```json\n{VALID}```\n"), "INP002");
    assert_eq!(fixed, VALID);
}

#[test]
fn prose_after_the_json_is_removed() {
    let fixed = repaired(
        "prose",
        &format!("{VALID}when warmup cache option is turned on, kaniko loads the base image\n"),
        "INP003",
    );
    assert_eq!(fixed, VALID);
}

#[test]
fn curly_quotes_around_strings_become_straight_and_those_inside_stay() {
    let damaged = "{“schemaVersion”: 2, “mediaType”: “application/vnd.oci.image.index.v1+json”, \
                   “manifests”: [], “annotations”: {“org.opencontainers.image.description”: \"the “hello” image\"}}\n";
    let fixed = repaired("curly", damaged, "INP004");
    assert!(
        fixed.contains(r#""description": "the “hello” image""#)
            || fixed.contains("the “hello” image")
    );
    assert!(
        fixed.starts_with(r#"{"schemaVersion": 2, "mediaType": "#),
        "{fixed}"
    );
}

#[test]
fn non_breaking_space_indentation_becomes_spaces() {
    let damaged = VALID.replace("  ", "\u{a0}\u{a0}");
    let fixed = repaired("nbsp", &damaged, "INP005");
    assert_eq!(fixed, VALID);
}

#[test]
fn several_kinds_of_damage_at_once_are_all_repaired() {
    let damaged = format!("```\n$ podman manifest inspect quay.io/x/y:1\n{VALID}```\nthanks!\n");
    let fixed = repaired("several", &damaged, "INP002");
    assert_eq!(fixed, VALID);
}

#[test]
fn compressed_data_and_archives_are_named_and_refused() {
    let mut tar = vec![0u8; 1024 + 512];
    tar[..10].copy_from_slice(b"oci-layout");
    tar[124..135].copy_from_slice(b"00000000037");
    tar[257..263].copy_from_slice(b"ustar\0");
    for (name, bytes, says) in [
        (
            "layer.tar.gz",
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03".to_vec(),
            "gzip",
        ),
        (
            "layer.tar.zst",
            b"\x28\xb5\x2f\xfd\x04\x58\x00\x00".to_vec(),
            "zstd",
        ),
        (
            "bundle.zip",
            b"PK\x03\x04\x14\x00\x00\x00".to_vec(),
            "zip archive",
        ),
        ("image.tar", tar, "tar archive of an OCI image layout"),
    ] {
        let input = scratch(name, &bytes);
        let input = input.to_str().unwrap();
        let check = ocilint(&["check", input], None);
        let text = String::from_utf8_lossy(&check.stdout);
        assert!(
            text.contains("error[INP006]") && text.contains(says),
            "{name}: {text}"
        );
        assert!(
            !text.contains("U+001F") && !text.contains("JSON001]"),
            "{name}: {text}"
        );
        let fix = ocilint(&["fix", input], None);
        assert_eq!(fix.status.code(), Some(1), "{name}");
        assert!(
            String::from_utf8_lossy(&fix.stdout).contains(says),
            "{name}"
        );
    }
}

#[test]
fn output_pasted_with_a_reserializing_command_is_named_with_the_raw_commands() {
    // As the kaniko thread (shared/seeds/000) pastes it: `crane manifest … | jq` and its output.
    let thread =
        include_str!("../../core/tests/fixtures/input-reserialized/invalid-crane-piped-to-jq.json");
    let input = scratch("jq.json", thread.as_bytes());
    let check = ocilint(&["check", input.to_str().unwrap()], None);
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        text.contains("info[INP007] this is `jq`'s output, re-serialized"),
        "{text}"
    );
    for raw in [
        "crane manifest ubuntu@sha256:0eb0f877",
        "skopeo inspect --raw",
        "regctl manifest get",
        "`curl`",
    ] {
        assert!(text.contains(raw), "{raw}: {text}");
    }
    // The raw command alone prints the registry's bytes: nothing to say.
    let raw = scratch(
        "raw.json",
        format!("$ crane manifest ubuntu:22.04\n{VALID}").as_bytes(),
    );
    assert!(!codes(raw.to_str().unwrap()).iter().any(|c| c == "INP007"));
}
