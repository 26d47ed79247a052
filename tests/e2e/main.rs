//! End-to-end: the release build of the page, served on localhost, driven in headless
//! Chromium the way a user uses it. Run by `cargo xtask test` after it builds the page.

mod support;
mod widget;

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::json;
use support::{screenshot_path, App, Driver};

const BROKEN_MANIFEST: &str = r#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {
    "mediaType": "application/vnd.oci.image.config.v1+json",
    "size": 2297
  },
  "layers": [
    {
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "size": 29534055,
      "digest": "sha256:3713021B02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca"
    }
  ]
}"#;

/// Puts text into the editor as a paste does: the whole value at once, then an `input` event.
async fn paste(client: &Client, text: &str) {
    client
        .execute(
            "const area = document.querySelector('textarea#document');
             area.focus();
             area.value = arguments[0];
             area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));",
            vec![json!(text)],
        )
        .await
        .expect("paste into the editor");
}

/// `(data-code, text)` of every rendered diagnostic, once at least `at_least` are shown.
async fn diagnostics(client: &Client, at_least: usize) -> Vec<(String, String)> {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let items = client
            .find_all(Locator::Css("[data-code]"))
            .await
            .expect("query diagnostics");
        if items.len() >= at_least || std::time::Instant::now() > deadline {
            let mut found = Vec::new();
            for item in items {
                let code = item
                    .attr("data-code")
                    .await
                    .expect("attr")
                    .unwrap_or_default();
                found.push((code, item.text().await.expect("text")));
            }
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn pasting_a_broken_manifest_shows_positioned_diagnostics() {
    let app = App::start();
    let driver = Driver::start();
    let client = driver.session().await;
    client.goto(&app.url).await.expect("open the page");
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("textarea#document"))
        .await
        .expect("the app renders its editor");

    paste(&client, BROKEN_MANIFEST).await;
    let found = diagnostics(&client, 2).await;
    let codes: Vec<&str> = found.iter().map(|(code, _)| code.as_str()).collect();
    assert_eq!(codes, ["DSC001", "DIG002"], "{found:#?}");
    assert!(found[0].1.contains("line 4, column 13"), "{}", found[0].1);
    assert!(found[1].1.contains("line 12, column 17"), "{}", found[1].1);

    // The digest shown is that of the exact bytes in the editor.
    let digest = client
        .find(Locator::Css("[data-digest]"))
        .await
        .expect("digest element")
        .attr("data-digest")
        .await
        .expect("attr");
    assert_eq!(
        digest.as_deref(),
        Some(ocilint_core::digest::sha256(BROKEN_MANIFEST.as_bytes()).as_str())
    );

    // Who accepts it: the spec refuses it (errors); each verdict row names its target.
    let spec = client
        .find(Locator::Css("[data-target=\"spec\"]"))
        .await
        .expect("the spec's verdict");
    assert_eq!(
        spec.attr("data-verdict").await.expect("attr").as_deref(),
        Some("reject")
    );

    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(screenshot_path("diagnostics.png"), png).expect("write screenshot");

    // Typing fixes it live: lowercase the digest and the DIG002 diagnostic goes away.
    paste(&client, &BROKEN_MANIFEST.replace("3713021B", "3713021b")).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let found = diagnostics(&client, 1).await;
    let codes: Vec<&str> = found.iter().map(|(code, _)| code.as_str()).collect();
    assert_eq!(codes, ["DSC001"], "{found:#?}");

    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn keyboard_input_and_the_empty_state() {
    let app = App::start();
    let driver = Driver::start();
    let client = driver.session().await;
    client.goto(&app.url).await.expect("open the page");
    let editor = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("textarea#document"))
        .await
        .expect("the app renders its editor");
    let body = client.find(Locator::Css("body")).await.expect("body");
    let text = body.text().await.expect("text");
    assert!(text.contains("Paste or type a document"), "{text}");
    std::fs::write(
        screenshot_path("empty.png"),
        client.screenshot().await.expect("screenshot"),
    )
    .expect("write screenshot");

    // Real key presses, character by character.
    editor
        .send_keys("{\"schemaVersion\": 2,}")
        .await
        .expect("type");
    let found = diagnostics(&client, 1).await;
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "JSON001");
    assert!(found[0].1.contains("trailing comma"), "{}", found[0].1);
    assert!(found[0].1.contains("line 1, column 21"), "{}", found[0].1);
    client.close().await.expect("close the session");
}
