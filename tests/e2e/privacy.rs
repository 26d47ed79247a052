//! Privacy a user can check: the page's Content-Security-Policy stops what a hostile document
//! or a compromised dependency would try, namely reaching a second origin by fetch, image or script,
//! and running an inline script. The second origin is a loopback server of this test's own, so
//! the test also sees that no request reached it.

use std::fs;
use std::path::PathBuf;
use std::time::Duration;

use ocilint_core::digest::sha256;
use serde_json::json;

use crate::support::{screenshot_path, StaticServer};
use crate::{codes, fully_loaded, opened_page, paste, wait_for_digest, CLEAN_MANIFEST};

/// What the foreign origin serves: a script that would mark the page if it ran, an image and
/// some JSON.
fn foreign_files() -> PathBuf {
    let dir = screenshot_path("foreign-origin");
    fs::create_dir_all(&dir).expect("target/e2e/foreign-origin");
    fs::write(dir.join("evil.js"), "window.__foreignScriptRan = true;\n").expect("write");
    // The smallest valid GIF: a 1×1 transparent pixel.
    let gif: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
    fs::write(dir.join("pixel.gif"), gif).expect("write");
    fs::write(dir.join("data.json"), "{\"leaked\": true}\n").expect("write");
    dir
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn the_content_security_policy_blocks_a_second_origin_and_inline_script() {
    let files = foreign_files();
    let foreign = StaticServer::start(&files, &[]);
    let (app, _driver, client) = opened_page().await;
    fully_loaded(&client).await;
    let requests_before = app.requests();

    // Listen for the browser's own report of each blocked attempt, then make four of them.
    let outcome = client
        .execute_async(
            "const [origin, done] = arguments;
             const violations = [];
             document.addEventListener('securitypolicyviolation', e => violations.push({
               directive: e.effectiveDirective, blocked: e.blockedURI,
             }));
             let fetchOutcome = 'pending';
             fetch(origin + 'data.json').then(
               r => { fetchOutcome = 'answered ' + r.status; },
               () => { fetchOutcome = 'refused'; });
             const image = new Image();
             image.src = origin + 'pixel.gif';
             document.body.append(image);
             const script = document.createElement('script');
             script.src = origin + 'evil.js';
             document.head.append(script);
             const inline = document.createElement('script');
             inline.textContent = 'window.__inlineScriptRan = true;';
             document.head.append(inline);
             const started = performance.now();
             (function wait() {
               const settled = violations.length >= 4 && fetchOutcome !== 'pending';
               if (settled || performance.now() - started > 10000) {
                 done({
                   violations,
                   fetchOutcome,
                   foreignScriptRan: !!window.__foreignScriptRan,
                   inlineScriptRan: !!window.__inlineScriptRan,
                   imageLoaded: image.complete && image.naturalWidth > 0,
                 });
               } else {
                 setTimeout(wait, 25);
               }
             })();",
            vec![json!(foreign.url)],
        )
        .await
        .expect("the break-in script ran");

    let violations = outcome["violations"].as_array().expect("a list");
    let blocked = |directive: &str| {
        violations
            .iter()
            .filter(|v| v["directive"] == directive)
            .map(|v| v["blocked"].as_str().unwrap_or("").to_owned())
            .collect::<Vec<_>>()
    };
    let origin = foreign.url.trim_end_matches('/');
    for (directive, file) in [
        ("connect-src", "data.json"),
        ("img-src", "pixel.gif"),
        ("script-src-elem", "evil.js"),
    ] {
        assert!(
            blocked(directive)
                .iter()
                .any(|uri| uri.starts_with(origin) && uri.ends_with(file)),
            "no `{directive}` violation for {file}: {outcome:#}"
        );
    }
    assert!(
        blocked("script-src-elem").iter().any(|uri| uri == "inline"),
        "no violation for the inline script: {outcome:#}"
    );
    assert_eq!(outcome["fetchOutcome"], "refused", "{outcome:#}");
    assert_eq!(outcome["foreignScriptRan"], false, "{outcome:#}");
    assert_eq!(outcome["inlineScriptRan"], false, "{outcome:#}");
    assert_eq!(outcome["imageLoaded"], false, "{outcome:#}");

    // The browser stopped each attempt before it left: the second origin saw nothing, and the
    // page's own server nothing new.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        foreign.request_count(),
        0,
        "a request reached the second origin"
    );
    assert_eq!(app.requests(), requests_before);

    // And the page still checks after the attempts.
    paste(&client, CLEAN_MANIFEST).await;
    wait_for_digest(&client, &sha256(CLEAN_MANIFEST.as_bytes())).await;
    assert_eq!(codes(&client).await, Vec::<String>::new());
    client.close().await.expect("close the session");
}
