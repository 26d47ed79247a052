//! The page under load, measured: many problems of one kind, and the main thread while they
//! are drawn. Times go to `target/e2e/timings.txt` as figures to read, never as assertions;
//! what is asserted is what the user sees (groups, counts, a bounded list).

use fantoccini::key::Key;
use fantoccini::Client;
use fantoccini::Locator;
use ocilint_core::digest::sha256;
use serde_json::{json, Value};

use crate::support::record_timing;
use crate::{
    codes, engine_codes, opened_page, paste, run, screenshot, sorted, wait_for_digest, wait_until,
};

/// An index of `entries` entries whose digests are uppercase and which name no platform: two
/// problems each (DIG002 and IDX004), 10,000 for 5000 entries.
fn index_of_problems(entries: usize) -> String {
    let mut out = String::from(
        "{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"application/vnd.oci.image.index.v1+json\",\n  \"manifests\": [\n",
    );
    for i in 0..entries {
        out.push_str(&format!(
            "    {{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"{}\",\"size\":{}}}{}\n",
            sha256(i.to_string().as_bytes()).to_uppercase().replacen("SHA256", "sha256", 1),
            1000 + i,
            if i + 1 < entries { "," } else { "" }
        ));
    }
    out.push_str("  ]\n}\n");
    out
}

/// An index that lists the same manifest for the same platform `entries` times: one info
/// (IDX007) for each entry after the first.
fn index_of_duplicates(entries: usize) -> String {
    let digest = sha256(b"x");
    let entry = format!(
        "    {{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"{digest}\",\"size\":1000,\"platform\":{{\"architecture\":\"amd64\",\"os\":\"linux\"}}}}"
    );
    format!(
        "{{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"application/vnd.oci.image.index.v1+json\",\n  \"manifests\": [\n{}\n  ]\n}}\n",
        vec![entry; entries].join(",\n")
    )
}

/// Starts collecting the main thread's long tasks (over 50 ms) in `window.longTasks`.
async fn watch_long_tasks(client: &Client) {
    run(
        client,
        "window.longTasks = [];
         new PerformanceObserver(list => window.longTasks.push(...list.getEntries().map(e => Math.round(e.duration))))
           .observe({ type: 'longtask' });",
        vec![],
    )
    .await;
}

async fn long_tasks(client: &Client) -> Value {
    run(client, "return window.longTasks;", vec![]).await
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn ten_thousand_problems_are_drawn_without_a_long_freeze() {
    let (_app, _driver, client) = opened_page().await;
    let index = index_of_problems(5000);
    watch_long_tasks(&client).await;
    paste(&client, &index).await;
    wait_for_digest(&client, &sha256(index.as_bytes())).await;
    // The drawing of the answer comes in the task after the one that set the digest.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let rows = run(
        &client,
        "return document.querySelectorAll('.diagnostics li').length;",
        vec![],
    )
    .await;
    record_timing(&format!(
        "paste of an index with 10,000 problems ({} bytes) → drawn as {rows} list items; main-thread tasks over 50 ms from the paste on: {}",
        index.len(),
        long_tasks(&client).await
    ));
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn problems_of_one_kind_are_one_row_opened_from_the_keyboard() {
    let (_app, _driver, client) = opened_page().await;
    let index = index_of_duplicates(5000);
    paste(&client, &index).await;
    wait_for_digest(&client, &sha256(index.as_bytes())).await;
    // 4,999 identical infos: one row that says how many, and none drawn one by one.
    let group = run(
        &client,
        "const g = document.querySelector('.diagnostic-group');
         return [document.querySelectorAll('.diagnostics > li').length, g.dataset.groupCode, g.dataset.count,
                 document.querySelectorAll('li.diagnostic').length,
                 g.querySelector('.group-toggle').getAttribute('aria-expanded')];",
        vec![],
    )
    .await;
    assert_eq!(group, json!([1, "IDX007", "4999", 0, "false"]));
    assert_eq!(
        sorted(codes(&client).await),
        sorted(engine_codes(index.as_bytes()))
    );

    // Tab to the group's button and open it with Enter: the first page of its members is drawn.
    run(
        &client,
        "document.querySelector('.group-toggle').focus();",
        vec![],
    )
    .await;
    client
        .find(Locator::Css(".group-toggle"))
        .await
        .expect("the group's button")
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("Enter");
    let opened = wait_until(
        &client,
        "the group's members",
        "const g = document.querySelector('.diagnostic-group');
         return g.querySelector('.group-toggle').getAttribute('aria-expanded') === 'true'
           && [g.querySelectorAll('li.diagnostic').length, !g.querySelector('.more-members').closest('[hidden]')];",
    )
    .await;
    assert_eq!(opened, json!([50, true]));
    // The members' positions go to the editor as a lone row's do.
    client
        .find(Locator::Css(".diagnostic-group li.diagnostic .locate"))
        .await
        .expect("a member")
        .click()
        .await
        .expect("click a member");
    screenshot(&client, "grouped-problems.png").await;
    run(
        &client,
        "document.querySelector('.more-members').click();",
        vec![],
    )
    .await;
    let more = wait_until(
        &client,
        "the next page of members",
        "const n = document.querySelectorAll('.diagnostic-group li.diagnostic').length; return n > 50 && n;",
    )
    .await;
    assert_eq!(more, json!(100));
    // Enter again folds it.
    run(
        &client,
        "document.querySelector('.group-toggle').focus();",
        vec![],
    )
    .await;
    client
        .find(Locator::Css(".group-toggle"))
        .await
        .expect("the group's button")
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("Enter");
    wait_until(
        &client,
        "the group folded",
        "return document.querySelector('.group-toggle').getAttribute('aria-expanded') === 'false'
           && document.querySelector('.group-members').hidden;",
    )
    .await;
    client.close().await.expect("close the session");
}
