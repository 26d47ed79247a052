//! The page under load, measured: many problems of one kind, and the main thread while they
//! are drawn; the first diagnostic of a link, cold and warm. Times go to `target/e2e/timings.txt` as figures to read, never as assertions;
//! what is asserted is what the user sees (groups, counts, a bounded list).

use fantoccini::key::Key;
use fantoccini::Client;
use fantoccini::Locator;
use ocilint_core::digest::sha256;
use serde_json::{json, Value};

use crate::support::{navigate, record_timing, App, Driver};
use crate::{
    codes, engine_codes, opened_page, paste, run, screenshot, sorted, wait_for_digest, wait_until,
};
use crate::{doc_link, fully_loaded, BROKEN_MANIFEST};

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
    press_enter_on_the_group_toggle(&client).await;
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
    press_enter_on_the_group_toggle(&client).await;
    wait_until(
        &client,
        "the group folded",
        "return document.querySelector('.group-toggle').getAttribute('aria-expanded') === 'false'
           && document.querySelector('.group-members').hidden;",
    )
    .await;
    client.close().await.expect("close the session");
}

/// Navigation start to the first diagnostic drawn (the page's `ocilint-first-diagnostic`
/// mark), and what the page fetched before it.
/// Focus the group's button, as Tab would, and press Enter on it.
async fn press_enter_on_the_group_toggle(client: &Client) {
    run(
        client,
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
}

/// Waits for the page's `ocilint-first-diagnostic` mark (set by whichever part drew first).
async fn wait_for_first_diagnostic_mark(client: &Client) {
    wait_until(
        client,
        "the first-diagnostic mark",
        "return performance.getEntriesByName('ocilint-first-diagnostic').length > 0;",
    )
    .await;
}

async fn first_diagnostic(client: &Client, link: &str, digest: &str) -> Value {
    // From another document, so each visit is a navigation (a new fragment alone is not).
    navigate(client, "about:blank").await;
    navigate(client, link).await;
    wait_for_digest(client, digest).await;
    wait_for_first_diagnostic_mark(client).await;
    run(
        client,
        "const mark = performance.getEntriesByName('ocilint-first-diagnostic')[0].startTime;
         const before = performance.getEntriesByType('resource').filter(e => e.startTime < mark);
         const t = document.querySelector('#check-timing').dataset;
         return { ms: Math.round(mark), engine: t.engineMs, latency: t.latencyMs, fetches: before.length + 1,
                  transferred: before.reduce((n, e) => n + e.transferSize, 0) };",
        vec![],
    )
    .await
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn first_diagnostic_of_a_doc_link_cold_and_warm() {
    let app = App::start();
    let driver = Driver::start();
    let client = driver.session().await;
    let link = doc_link(&app.url, BROKEN_MANIFEST.as_bytes());
    let digest = sha256(BROKEN_MANIFEST.as_bytes());
    // Cold: a fresh profile, nothing cached.
    let cold = first_diagnostic(&client, &link, &digest).await;
    assert_eq!(codes(&client).await, ["DSC001", "DIG002"]);
    // Warm: the service worker holds every file.
    fully_loaded(&client).await;
    let warm: Vec<Value> = {
        let mut warm = Vec::new();
        for _ in 0..3 {
            warm.push(first_diagnostic(&client, &link, &digest).await);
        }
        warm
    };
    // The page's own fetches (the worker's are in the worker's timeline, not counted here).
    record_timing(&format!(
        "first diagnostic of a #doc= link (navigation start → drawn, ms; engine and open → drawn, ms; the page's fetches before it, bytes over the wire): cold {cold}; warm (service worker) {}",
        json!(warm)
    ));
    client.close().await.expect("close the session");

    // A paste as soon as the page can take one, cold in a fresh profile, then warm.
    let client = driver.session_not_waiting_for_load().await;
    let cold = first_diagnostic_of_a_paste(&client, &app.url, BROKEN_MANIFEST).await;
    fully_loaded(&client).await;
    let mut warm = Vec::new();
    for _ in 0..3 {
        warm.push(first_diagnostic_of_a_paste(&client, &app.url, BROKEN_MANIFEST).await);
    }
    record_timing(&format!(
        "first diagnostic of a paste into the page as soon as it takes one (navigation start → drawn, ms; where it was pasted, and when, ms after navigation start): cold {cold}; warm (service worker) {}",
        json!(warm)
    ));
    client.close().await.expect("close the session");
}

/// Pastes `text`: into the first part's textarea while it takes input, else into the editor
/// once the app is there; `null` while neither can take it.
const PASTE_WHERE_THERE_IS_ROOM: &str = "
  const shell = document.getElementById('shell-text');
  if (shell) {
    if (shell.readOnly) return null;
    shell.value = text;
    shell.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste', bubbles: true }));
    return ['the first part', Math.round(performance.now())];
  }
  if (!editorContent()) return null;
  const data = new DataTransfer();
  data.setData('text/plain', text);
  editorContent().dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  return ['the editor', Math.round(performance.now())];";

/// Runs `script` until it answers (not `null` or `false`) as quickly as the driver can ask,
/// through a navigation under way (when there is no document to run it in yet).
async fn as_soon_as(client: &Client, what: &str, script: &str) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        if let Ok(value) = client
            .execute(&format!("{}\n{script}", crate::HELPERS), vec![])
            .await
        {
            if !matches!(value, Value::Null | Value::Bool(false)) {
                return value;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
}

/// Navigation start to the first diagnostic drawn of `text` pasted as soon as the page can
/// take it (`client` does not wait for the load event): into the first part's textarea once
/// it takes input, or the editor if the app has already taken over.
async fn first_diagnostic_of_a_paste(client: &Client, url: &str, text: &str) -> Value {
    // Nothing kept from before: the page opens empty.
    run(
        client,
        "try { localStorage.clear(); indexedDB.deleteDatabase('ocilint'); } catch (e) {}",
        vec![],
    )
    .await;
    navigate(client, "about:blank").await;
    navigate(client, url).await;
    let paste = format!("const text = {};\n{PASTE_WHERE_THERE_IS_ROOM}", json!(text));
    let pasted = as_soon_as(client, "somewhere to paste", &paste).await;
    wait_for_first_diagnostic_mark(client).await;
    let ms = run(
        client,
        "return Math.round(performance.getEntriesByName('ocilint-first-diagnostic')[0].startTime);",
        vec![],
    )
    .await;
    wait_for_digest(client, &sha256(text.as_bytes())).await;
    json!({ "ms": ms, "pasted into": pasted[0], "pasted at": pasted[1] })
}

/// What the page did since the typing started: its long tasks, the editor's echoes, and when
/// the diagnostics of the typed text were seen.
async fn typing_figures(client: &Client) -> Value {
    run(
        client,
        "return { longTasks: window.longTasks, echoes: window.echoes.length,
                  lastEcho: window.echoes[window.echoes.length - 1],
                  diagnostics: Math.round(performance.now() - window.typingStarted) };",
        vec![],
    )
    .await
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn typing_in_the_large_index() {
    let (_app, _driver, client) = opened_page().await;
    let index = crate::large_index(5000);
    paste(&client, &index).await;
    wait_for_digest(&client, &sha256(index.as_bytes())).await;
    watch_long_tasks(&client).await;
    // Twenty characters typed at the end in one WebDriver command, which hands the browser all
    // twenty key presses at once (it draws them in one frame: a harsher case than typing); an
    // echo is a change of the editor's content as it draws a character. Then twenty more, one
    // command each, as keys come when typed.
    let typed = "abcdefghijklmnopqrst";
    let content = crate::editor(&client).await;
    content
        .send_keys(&format!("{}{}{}", Key::Control, Key::End, Key::Null))
        .await
        .expect("go to the end");
    // The jump's own work (drawing the end of 5000 lines) is over, and reported, before the
    // typing is watched.
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    run(
        &client,
        "window.echoes = [];
         window.longTasks = [];
         window.typingStarted = performance.now();
         new MutationObserver(() => window.echoes.push(Math.round(performance.now() - window.typingStarted)))
           .observe(editorContent(), { childList: true, subtree: true, characterData: true });",
        vec![],
    )
    .await;
    content.send_keys(typed).await.expect("type");
    let text = format!("{index}{typed}");
    wait_for_digest(&client, &sha256(text.as_bytes())).await;
    let seen = typing_figures(&client).await;
    record_timing(&format!(
        "typing {} characters into the 5000-entry index ({} bytes) in one burst, ms from the first key: {seen}",
        typed.len(),
        index.len()
    ));
    run(
        &client,
        "window.echoes = []; window.longTasks = []; window.typingStarted = performance.now();",
        vec![],
    )
    .await;
    let more = "uvwxyzABCDEFGHIJKLMN";
    for key in more.chars() {
        content
            .send_keys(&key.to_string())
            .await
            .expect("type a key");
    }
    wait_for_digest(&client, &sha256(format!("{text}{more}").as_bytes())).await;
    let seen = typing_figures(&client).await;
    record_timing(&format!(
        "typing {} characters into the 5000-entry index one key press at a time, ms from the first key: {seen}",
        more.len(),
    ));
    client.close().await.expect("close the session");
}
