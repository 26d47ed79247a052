//! `ocilint rules` and `ocilint explain` through the real binary.

use std::process::{Command, Output};

use serde_json::Value;

fn ocilint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ocilint"))
        .args(args)
        .output()
        .expect("run ocilint")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn rules_json() -> Vec<Value> {
    let output = ocilint(&["rules", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let rules: Value = serde_json::from_slice(&output.stdout).expect("rules JSON");
    rules.as_array().expect("an array").clone()
}

#[test]
fn rules_json_lists_every_rule_with_its_metadata() {
    let rules = rules_json();
    assert!(rules.len() > 100, "only {} rules", rules.len());
    let dsc009 = rules
        .iter()
        .find(|r| r["code"] == "DSC009")
        .expect("DSC009 listed");
    assert_eq!(dsc009["name"], "desc-data-size-match");
    assert_eq!(dsc009["group"], "descriptor");
    assert_eq!(dsc009["severity"], "error");
    for rule in &rules {
        for field in ["code", "name", "group", "severity", "fix", "summary", "url"] {
            assert!(rule[field].is_string(), "{field} missing in {rule}");
        }
        assert!(["error", "warning", "info"].contains(&rule["severity"].as_str().unwrap()));
        assert!(["none", "safe", "unsafe", "display-only"].contains(&rule["fix"].as_str().unwrap()));
        // Whether it offers fixes, apart from how safe they are: `none` exactly when never.
        let availability = rule["fixAvailability"].as_str().expect("fixAvailability");
        assert!(["never", "sometimes", "always"].contains(&availability));
        assert_eq!(availability == "never", rule["fix"] == "none", "{rule}");
        let since = rule["since"].as_str().expect("since");
        assert_eq!(since.split('.').count(), 3, "since is a version: {rule}");
        assert!(
            rule["specVersions"] == "all" || rule["specVersions"].is_array(),
            "{rule}"
        );
    }
    // A removed rule's code is not listed as a rule.
    assert!(rules.iter().all(|r| r["code"] != "DSC013"));
}

#[test]
fn rules_human_has_one_line_per_rule_and_the_removed_codes() {
    let output = ocilint(&["rules"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), rules_json().len() + 1);
    assert!(text
        .lines()
        .any(|l| l.starts_with("DSC009") && l.contains("descriptor")));
    assert!(text
        .lines()
        .any(|l| l.starts_with("DSC013") && l.contains("IDX004")));
}

#[test]
fn every_listed_rule_explains() {
    for rule in rules_json() {
        let code = rule["code"].as_str().unwrap();
        let output = ocilint(&["explain", code]);
        assert_eq!(output.status.code(), Some(0), "explain {code}");
        let page = stdout(&output);
        assert!(
            page.starts_with(&format!("# {code} `{}`", rule["name"].as_str().unwrap())),
            "{page}"
        );
        assert!(page.contains("## Examples"), "{code}: no examples");
        assert!(
            page.contains(rule["url"].as_str().unwrap()),
            "{code}: no spec link"
        );
    }
}

#[test]
fn explain_accepts_names_and_lowercase_codes() {
    let by_name = ocilint(&["explain", "desc-data-size-match"]);
    let by_code = ocilint(&["explain", "dsc009"]);
    assert_eq!(by_name.status.code(), Some(0));
    assert_eq!(by_name.stdout, by_code.stdout);
    assert!(stdout(&by_name).contains("Invalid"));
}

#[test]
fn explain_a_removed_code_says_where_its_check_went() {
    let output = ocilint(&["explain", "DSC013"]);
    assert_eq!(output.status.code(), Some(0));
    let page = stdout(&output);
    assert!(page.contains("removed"), "{page}");
    assert!(page.contains("IDX004"), "{page}");
}

#[test]
fn explain_an_unknown_code_exits_2_with_a_suggestion() {
    let output = ocilint(&["explain", "DSC0009"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("did you mean `DSC009`?"), "{stderr}");
}
