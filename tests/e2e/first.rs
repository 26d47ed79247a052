//! The page's first part (static/shell.js, web/first): the first diagnostics drawn before the
//! app, its full worker and the editor have arrived, and nothing typed meanwhile lost when the
//! app takes over. The editor's bundle is held back by the server, as on a slow connection,
//! so the shell is what the user has for as long as the test needs.

use fantoccini::Locator;
use ocilint_core::digest::sha256;
use serde_json::Value;

use crate::playground::axe_serious;
use crate::support::{navigate, record_timing, App, Driver};
use crate::{
    codes, doc_link, drop_files, engine_codes, run, screenshot, wait_for_digest, wait_until,
    BROKEN_MANIFEST,
};

/// Waits until the shell shows the report of `digest`.
async fn wait_for_shell_digest(client: &fantoccini::Client, digest: &str) {
    let script = format!(
        "const shown = document.querySelector('[data-shell-digest]');
         return !!shown && shown.getAttribute('data-shell-digest') === {digest:?};"
    );
    wait_until(client, &format!("the shell's report of {digest}"), &script).await;
}

/// Lets the editor's bundle through and waits for the app to stand in the shell's place.
async fn app_takes_over(app: &App, client: &fantoccini::Client) {
    app.release();
    wait_until(
        client,
        "the app in the shell's place",
        "return !document.getElementById('shell') && !!editorContent();",
    )
    .await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn the_first_part_draws_the_diagnostics_and_hands_over_what_was_typed() {
    let app = App::start_holding(&["editor.js"]);
    let driver = Driver::start();
    let client = driver.session().await;
    let link = doc_link(&app.url, BROKEN_MANIFEST.as_bytes());
    navigate(&client, &link).await;
    wait_for_shell_digest(&client, &sha256(BROKEN_MANIFEST.as_bytes())).await;
    assert_eq!(codes(&client).await, ["DSC001", "DIG002"]);
    // No verdict is guessed while the models load: the headline says they are coming.
    let headline = run(
        &client,
        "return document.querySelector('#shell-headline').textContent;",
        vec![],
    )
    .await;
    assert_eq!(
        headline.as_str(),
        Some("2 errorsWho accepts it and who refuses it: the verdicts are loading…"),
    );
    // Before the first diagnostic, the page fetched neither the app nor its engine nor the
    // editor: only the first part.
    let before: Vec<String> = serde_json::from_value(
        run(
            &client,
            "const mark = performance.getEntriesByName('ocilint-first-diagnostic')[0].startTime;
             return performance.getEntriesByType('resource').filter(e => e.startTime < mark)
               .map(e => new URL(e.name).pathname.slice(1)).sort();",
            vec![],
        )
        .await,
    )
    .expect("file names");
    for later in ["editor.js", "ocilint-app_bg.wasm", "ocilint-worker_bg.wasm"] {
        assert!(
            !before.iter().any(|f| f == later),
            "{later} fetched before the first diagnostic: {before:?}"
        );
    }
    screenshot(&client, "first-part-shell.png").await;
    let violations = axe_serious(&client).await;
    assert_eq!(violations, serde_json::json!([]), "axe on the first part");

    // Typed in the shell while the editor is still on its way: checked there, then kept.
    let typed = BROKEN_MANIFEST.replace(
        "\"size\": 2297",
        "\"size\": 2297,\n    \"digest\": \"sha256:abc\"",
    );
    let textarea = client
        .find(Locator::Css("#shell-text"))
        .await
        .expect("the shell's textarea");
    textarea.clear().await.expect("clear the textarea");
    textarea.send_keys(&typed).await.expect("type");
    wait_for_shell_digest(&client, &sha256(typed.as_bytes())).await;
    assert_eq!(codes(&client).await, engine_codes(typed.as_bytes()));
    let timing = run(
        &client,
        "const t = document.querySelector('#shell-timing').dataset;
         return { engine: t.engineMs, latency: t.latencyMs };",
        vec![],
    )
    .await;
    record_timing(&format!(
        "the first part, a document typed into it (before the editor has arrived) → its diagnostics, ms: {timing}"
    ));

    app_takes_over(&app, &client).await;
    wait_for_digest(&client, &sha256(typed.as_bytes())).await;
    let text: Value = run(&client, "return editorText();", vec![]).await;
    assert_eq!(text.as_str(), Some(typed.as_str()));
    assert_eq!(codes(&client).await, engine_codes(typed.as_bytes()));
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn a_file_dropped_on_the_first_part_keeps_its_exact_bytes() {
    let app = App::start_holding(&["editor.js"]);
    let driver = Driver::start();
    let client = driver.session().await;
    navigate(&client, &app.url).await;
    wait_until(
        &client,
        "the first part, ready for a document",
        "return !!document.querySelector('#shell .drop-hint');",
    )
    .await;
    // A byte-order mark and CRLF line ends: a textarea's text would lose both.
    let bytes = format!("\u{feff}{}", BROKEN_MANIFEST.replace('\n', "\r\n")).into_bytes();
    drop_files(&client, &[("crlf.json", &bytes)]).await;
    wait_for_shell_digest(&client, &sha256(&bytes)).await;
    assert_eq!(codes(&client).await, engine_codes(&bytes));
    app_takes_over(&app, &client).await;
    wait_for_digest(&client, &sha256(&bytes)).await;
    assert_eq!(codes(&client).await, engine_codes(&bytes));
    // Kept under its own name, as a drop on the app keeps it.
    wait_until(
        &client,
        "the session kept with the file's name",
        "return (localStorage.getItem('ocilint.session.v1') || '').includes('\\ncrlf.json\\t');",
    )
    .await;
    client.close().await.expect("close the session");
}
