//! Metadata where its readers look for it (`tests/fixtures/metadata/`): an index whose
//! description and source sit only on its manifests, and a `source` ending in `.git`, dropped
//! as bundles; the page says so (MET001, MET003, GHCR's verdict), and its safe fixes rewrite
//! the children and cascade their new digests into the index, as `ocilint fix` does.

use ocilint_core::rewrite::{self, Input, Request};
use serde_json::Value;

use super::{click, codes, drop_files, opened_page, run, screenshot, wait_for_digest, wait_until};

fn case(name: &str) -> Vec<(String, Vec<u8>)> {
    let dir = ocilint_tests::fixture(&format!("metadata/{name}"));
    // The index first: the page shows the first file dropped.
    let files: Vec<(String, Vec<u8>)> = [
        "index.json",
        "manifest-amd64.json",
        "manifest-arm64.json",
        "config-amd64.json",
        "config-arm64.json",
    ]
    .iter()
    .filter_map(|file| {
        std::fs::read(dir.join(file))
            .ok()
            .map(|bytes| ((*file).to_owned(), bytes))
    })
    .collect();
    assert!(files.len() >= 3, "{name}: {} files", files.len());
    files
}

/// The digests of what the engine's safe fixes write for the bundle, sorted.
fn engine_fix_digests(files: &[(String, Vec<u8>)]) -> Vec<String> {
    let inputs: Vec<Input> = files
        .iter()
        .map(|(name, bytes)| Input {
            name: name.clone(),
            bytes: bytes.clone(),
            content_type: None,
        })
        .collect();
    let report = rewrite::rewrite(
        &inputs,
        &Request::Fix {
            include_unsafe: false,
            only: Vec::new(),
            platform: None,
            at: None,
        },
    );
    let mut digests: Vec<String> = report.outputs.iter().map(|o| o.digest.clone()).collect();
    digests.sort();
    digests
}

/// The preview's output digests, sorted, once it is there.
async fn preview_digests(client: &fantoccini::Client) -> Vec<String> {
    wait_until(
        client,
        "the preview's outputs",
        "return document.querySelectorAll('.output[data-output-digest]').length > 0;",
    )
    .await;
    let value = run(
        client,
        "return Array.from(document.querySelectorAll('.output[data-output-digest]')).map(o => o.dataset.outputDigest).sort();",
        vec![],
    )
    .await;
    serde_json::from_value(value).expect("a list of digests")
}

async fn drop_case(client: &fantoccini::Client, files: &[(String, Vec<u8>)]) {
    let dropped: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    drop_files(client, &dropped).await;
    wait_for_digest(client, &ocilint_core::digest::sha256(&files[0].1)).await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn metadata_only_on_the_manifests_is_copied_onto_the_index_with_the_cascade() {
    let (_app, _driver, client) = opened_page().await;
    let files = case("index-metadata-on-manifests");
    drop_case(&client, &files).await;
    // The index's problems: GHCR reads its description from the index, which has none.
    assert!(codes(&client).await.contains(&"MET001".to_owned()));
    let message = wait_until(
        &client,
        "MET001's message",
        "const row = document.querySelector('[data-code=MET001], [data-group-code=MET001]');
         return row ? row.textContent : null;",
    )
    .await;
    assert!(
        message
            .as_str()
            .unwrap_or_default()
            .contains("No description provided"),
        "{message}"
    );
    screenshot(&client, "metadata-index.png").await;
    // GHCR, which reads the index, warns: a finding of the documents together.
    click(&client, "#panel-targets").await;
    let ghcr = wait_until(
        &client,
        "GHCR's verdict",
        "const row = document.querySelector('tr[data-target=ghcr]');
         return row ? row.dataset.verdict + ' ' + row.textContent : null;",
    )
    .await;
    let ghcr = ghcr.as_str().unwrap_or_default();
    assert!(ghcr.starts_with("warn"), "{ghcr}");
    assert!(ghcr.contains("MET001"), "{ghcr}");
    screenshot(&client, "metadata-index-targets.png").await;

    // All safe fixes: the index gets the annotations, each manifest its label, and the
    // manifests' new digests go into the index: the same outputs as `ocilint fix`.
    click(&client, "#panel-fixes").await;
    click(&client, "#fix-safe").await;
    let expected = engine_fix_digests(&files);
    assert_eq!(expected.len(), 3, "{expected:?}");
    assert_eq!(preview_digests(&client).await, expected);
    let cascade = run(
        &client,
        "return Array.from(document.querySelectorAll('.reference')).map(r => r.textContent);",
        vec![],
    )
    .await;
    let cascade = cascade.to_string();
    assert!(
        cascade.contains("manifest-amd64.json is now sha256:"),
        "{cascade}"
    );
    assert!(cascade.contains("updated in index.json"), "{cascade}");
    screenshot(&client, "metadata-index-fix.png").await;
    click(&client, "#apply-preview").await;
    // The index now holds the annotations and names the new manifests: nothing left to say.
    wait_until(
        &client,
        "the fixed index",
        "return !document.querySelector('[data-code=MET001], [data-group-code=MET001]');",
    )
    .await;
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn a_source_ending_in_git_warns_for_ghcr_and_is_fixed_with_the_cascade() {
    let (_app, _driver, client) = opened_page().await;
    let files = case("source-dot-git");
    drop_case(&client, &files).await;
    assert!(codes(&client).await.contains(&"MET003".to_owned()));
    run(
        &client,
        "const field = document.querySelector('#targets');
         field.value = 'ghcr, spec@1.1.0, spec@1.1.1, spec@main';
         field.dispatchEvent(new InputEvent('input', { bubbles: true }));",
        vec![],
    )
    .await;
    click(&client, "#panel-targets").await;
    let verdicts = wait_until(
        &client,
        "GHCR's and the spec versions' verdicts",
        "const rows = Array.from(document.querySelectorAll('[data-target][data-verdict]'));
         return rows.length >= 4 ? rows.map(r => r.dataset.target + ' ' + r.dataset.verdict + ' ' + r.textContent) : null;",
    )
    .await;
    let verdicts: Vec<String> = serde_json::from_value(verdicts).expect("rows");
    let ghcr = verdicts
        .iter()
        .find(|v| v.starts_with("ghcr "))
        .expect("GHCR's verdict");
    assert!(ghcr.starts_with("ghcr warn"), "{verdicts:?}");
    assert!(ghcr.contains("not connected to its repository"), "{ghcr}");
    for version in ["spec@1.1.0", "spec@1.1.1", "spec@main"] {
        assert!(
            verdicts.iter().any(|v| v.contains(version)),
            "{version}: {verdicts:?}"
        );
    }
    screenshot(&client, "metadata-source-targets.png").await;

    click(&client, "#panel-fixes").await;
    click(&client, "#fix-safe").await;
    let expected = engine_fix_digests(&files);
    assert_eq!(
        expected.len(),
        3,
        "config, manifest and index: {expected:?}"
    );
    assert_eq!(preview_digests(&client).await, expected);
    let applied = run(
        &client,
        "return Array.from(document.querySelectorAll('[data-applied]')).map(a => a.dataset.applied);",
        vec![],
    )
    .await;
    assert_eq!(
        applied,
        Value::from(vec!["MET003", "MET003", "MET003"]),
        "{applied}"
    );
    screenshot(&client, "metadata-source-fix.png").await;
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn each_spec_version_gives_its_own_verdict() {
    let (_app, _driver, client) = opened_page().await;
    let bytes = std::fs::read(ocilint_tests::fixture(
        "spec-versions/main-negative-size.json",
    ))
    .expect("fixture");
    drop_case(&client, &[("main-negative-size.json".to_owned(), bytes)]).await;
    // A version the spec target does not have: the page lists the ones it has.
    run(
        &client,
        "const field = document.querySelector('#targets');
         field.value = 'spec@1.2';
         field.dispatchEvent(new InputEvent('input', { bubbles: true }));",
        vec![],
    )
    .await;
    let error = wait_until(
        &client,
        "the list of spec versions",
        "const e = document.querySelector('#targets-error');
         return e && e.textContent.includes('1.2') ? e.textContent : null;",
    )
    .await;
    assert!(
        error
            .as_str()
            .unwrap_or_default()
            .contains("known: 1.1, 1.1.0, 1.1.1, main"),
        "{error}"
    );
    run(
        &client,
        "const field = document.querySelector('#targets');
         field.value = 'spec@1.1.0, spec@1.1.1, spec@main, spec@1.1';
         field.dispatchEvent(new InputEvent('input', { bubbles: true }));",
        vec![],
    )
    .await;
    click(&client, "#panel-targets").await;
    let verdicts = wait_until(
        &client,
        "the four spec verdicts",
        "const rows = Array.from(document.querySelectorAll('.target-name'));
         return rows.length >= 4 ? rows.map(r => r.textContent + ' ' + r.closest('[data-verdict]').dataset.verdict) : null;",
    )
    .await;
    let verdicts: Vec<String> = serde_json::from_value(verdicts).expect("rows");
    // A negative size is a MUST only on image-spec main (and spec@1.1, its alias).
    for (version, verdict) in [
        ("spec@1.1.0", "accept"),
        ("spec@1.1.1", "accept"),
        ("spec@main", "reject"),
        ("spec@1.1", "reject"),
    ] {
        assert!(
            verdicts
                .iter()
                .any(|v| v.starts_with(&format!("{version}push")) && v.ends_with(verdict)),
            "{version} {verdict}: {verdicts:?}"
        );
    }
    screenshot(&client, "metadata-spec-versions.png").await;
    client.close().await.expect("close the session");
}
