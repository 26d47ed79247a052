//! Rule selection and policy through the real binary: `--select`, `--ignore`, `--severity`,
//! `--fail-on`, and the same settings from `ocilint.toml`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A manifest with a zero-size config: DIG005 (error) and DSC003 (warning) at `/config`, MAN003
/// (error) at `/layers`.
const MANIFEST: &str = r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443","size":0},"layers":[]}"#;

/// A fresh directory under the target's temporary folder (no `ocilint.toml` above it), with
/// the manifest in it.
fn workdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("selection-{}", std::process::id()))
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sub/deeper")).expect("temp dir");
    std::fs::write(dir.join("m.json"), MANIFEST).expect("write manifest");
    dir
}

fn ocilint_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ocilint"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run ocilint")
}

fn codes(output: &Output) -> Vec<(String, String)> {
    let reports: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    reports[0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(c, s)| (c.to_string(), s.to_string()))
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn without_selection_every_rule_reports() {
    let dir = workdir("default");
    let output = ocilint_in(&dir, &["check", "--format", "json", "m.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        codes(&output),
        pairs(&[
            ("DIG005", "error"),
            ("DSC003", "warning"),
            ("MAN003", "error")
        ])
    );
}

#[test]
fn select_by_group_and_ignore_by_code() {
    let dir = workdir("select");
    let output = ocilint_in(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--select",
            "descriptor",
            "m.json",
        ],
    );
    assert_eq!(codes(&output), pairs(&[("DSC003", "warning")]));
    // Only a warning remains: the default `--fail-on error` passes.
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let output = ocilint_in(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--ignore",
            "DIG005,manifest",
            "m.json",
        ],
    );
    assert_eq!(codes(&output), pairs(&[("DSC003", "warning")]));
    assert_eq!(output.status.code(), Some(0));

    // Ignore wins over select; a prefix selects a family of codes.
    let output = ocilint_in(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--select",
            "DSC,MAN003",
            "--ignore",
            "MAN003",
            "m.json",
        ],
    );
    assert_eq!(codes(&output), pairs(&[("DSC003", "warning")]));
}

#[test]
fn severity_overrides_and_fail_on() {
    let dir = workdir("severity");
    let output = ocilint_in(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--severity",
            "DIG005=warning",
            "--severity",
            "manifest=info",
            "m.json",
        ],
    );
    assert_eq!(
        codes(&output),
        pairs(&[
            ("DIG005", "warning"),
            ("DSC003", "warning"),
            ("MAN003", "info")
        ])
    );
    assert_eq!(output.status.code(), Some(0));

    let fail_on = |level: &str| {
        ocilint_in(
            &dir,
            &[
                "check",
                "--select",
                "MAN003,DSC003",
                "--severity",
                "MAN003=info",
                "--fail-on",
                level,
                "m.json",
            ],
        )
        .status
        .code()
    };
    assert_eq!(fail_on("error"), Some(0));
    assert_eq!(fail_on("warning"), Some(1));
    assert_eq!(fail_on("info"), Some(1));
    let info_only = ocilint_in(
        &dir,
        &[
            "check",
            "--select",
            "MAN003",
            "--severity",
            "MAN003=info",
            "--fail-on",
            "warning",
            "m.json",
        ],
    );
    assert_eq!(info_only.status.code(), Some(0));
}

#[test]
fn unknown_codes_are_usage_errors_naming_the_closest() {
    let dir = workdir("unknown");
    for args in [
        &["check", "--select", "DSC99", "m.json"][..],
        &["check", "--ignore", "IDX04", "m.json"],
        &["check", "--severity", "descriptr=info", "m.json"],
    ] {
        let output = ocilint_in(&dir, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("did you mean"),
            "{}",
            stderr(&output)
        );
    }
    let output = ocilint_in(&dir, &["check", "--select", "IDX04", "m.json"]);
    assert!(stderr(&output).contains("`IDX004`"), "{}", stderr(&output));
    // A removed rule's code says where its check went.
    let output = ocilint_in(&dir, &["check", "--select", "DSC013", "m.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("removed"), "{}", stderr(&output));
    assert!(stderr(&output).contains("IDX004"), "{}", stderr(&output));
    // A bad level is a usage error too.
    let output = ocilint_in(&dir, &["check", "--severity", "DSC003=fatal", "m.json"]);
    assert_eq!(output.status.code(), Some(2));
    let output = ocilint_in(&dir, &["check", "--fail-on", "fatal", "m.json"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_config_file_is_found_upward_and_flags_override_it() {
    let dir = workdir("config");
    std::fs::write(
        dir.join("ocilint.toml"),
        "# project settings\nignore = [\"DIG005\"]\nfail-on = \"warning\"\n\n[severity]\nMAN003 = \"info\"\n",
    )
    .unwrap();
    let deeper = dir.join("sub/deeper");
    let output = ocilint_in(&deeper, &["check", "--format", "json", "../../m.json"]);
    assert_eq!(
        codes(&output),
        pairs(&[("DSC003", "warning"), ("MAN003", "info")])
    );
    // `fail-on = "warning"` from the file: the warning fails the check.
    assert_eq!(output.status.code(), Some(1));

    // Flags override the file: a flag's list replaces the file's, a flag's level wins.
    let output = ocilint_in(
        &deeper,
        &[
            "check",
            "--format",
            "json",
            "--ignore",
            "DSC003",
            "--severity",
            "MAN003=warning",
            "--fail-on",
            "error",
            "../../m.json",
        ],
    );
    assert_eq!(
        codes(&output),
        pairs(&[("DIG005", "error"), ("MAN003", "warning")])
    );
    assert_eq!(output.status.code(), Some(1));
    let output = ocilint_in(&deeper, &["check", "--fail-on", "error", "../../m.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn config_gives_content_type_and_targets() {
    let dir = workdir("config-targets");
    std::fs::write(
        dir.join("settings.toml"),
        "content-type = \"application/vnd.docker.distribution.manifest.v2+json\"\ntarget = [\"quay\"]\n",
    )
    .unwrap();
    let output = ocilint_in(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--config",
            "settings.toml",
            "m.json",
        ],
    );
    let reports: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        reports[0]["mediaType"],
        "application/vnd.docker.distribution.manifest.v2+json"
    );
    let targets = reports[0]["targets"].as_array().unwrap();
    assert!(!targets.is_empty());
    assert!(targets.iter().all(|t| t["target"] == "quay"), "{targets:?}");
}

#[test]
fn a_bad_config_is_a_positioned_error_and_exit_2() {
    let dir = workdir("bad-config");
    std::fs::write(
        dir.join("ocilint.toml"),
        "ignore = []\n\nselct = [\"DSC001\"]\nfail-on = 3\nseverity = { DSC99 = \"error\" }\n",
    )
    .unwrap();
    let output = ocilint_in(&dir, &["check", "m.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = stderr(&output);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines,
        [
            "ocilint.toml:3:1: unknown key `selct` (did you mean `select`?)",
            "ocilint.toml:4:11: expected \"error\", \"warning\" or \"info\", found an integer",
            "ocilint.toml:5:14: unknown rule code or group `DSC99` (did you mean `DSC009`?)",
        ]
    );

    std::fs::write(dir.join("ocilint.toml"), "select = [\"DSC001\"\n").unwrap();
    let output = ocilint_in(&dir, &["check", "m.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        self::stderr(&output).starts_with("ocilint.toml:"),
        "{}",
        self::stderr(&output)
    );
    assert!(self::stderr(&output).contains("invalid TOML"));

    // An explicit `--config` that does not exist is an error too.
    let output = ocilint_in(&dir, &["check", "--config", "missing.toml", "m.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(self::stderr(&output).contains("missing.toml"));
}
