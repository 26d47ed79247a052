//! End-to-end: the release build of the page, served on localhost, driven in headless
//! Chromium the way a user uses it. Run by `cargo xtask test` after it builds the page.
//! Measured times go to `target/e2e/timings.txt` (printed by `cargo xtask test`); they are
//! figures to read, never assertions.

mod attachments;
mod first;
mod hostile;
mod images;
mod metadata;
mod playground;
mod privacy;
mod speed;
mod support;
mod surface;
mod widget;

use std::io::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::elements::{Element, ElementRef};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use ocilint_core::digest::sha256;
use serde_json::{json, Value};
use support::{navigate, record_timing, reload, screenshot_path, App, Driver};

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

const CLEAN_MANIFEST: &str = r#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {
    "mediaType": "application/vnd.oci.image.config.v1+json",
    "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443",
    "size": 2297
  },
  "layers": [
    {
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "digest": "sha256:3713021b02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca",
      "size": 29534055
    }
  ]
}"#;

const WAIT: Duration = Duration::from_secs(20);

/// Opens the page and waits for its editor.
async fn open(client: &Client, url: &str) {
    navigate(client, url).await;
    // The first part's shell (static/shell.js) goes once the app has drawn in its place.
    wait_until(
        client,
        "the editor",
        "return !!editorContent() && !document.getElementById('shell');",
    )
    .await;
}

/// Every script below runs with these helpers: the editor's content element lives in
/// CodeMirror's shadow root.
const HELPERS: &str = "
  function editorContent() {
    const host = document.querySelector('.code-mirror');
    return host && host.shadowRoot ? host.shadowRoot.querySelector('.cm-content') : null;
  }
  function editorText() {
    const content = editorContent();
    if (content && content.querySelector('.cm-placeholder')) return '';
    return content ? Array.from(content.querySelectorAll('.cm-line')).map(l => l.textContent).join('\\n') : null;
  }
";

async fn run(client: &Client, script: &str, args: Vec<Value>) -> Value {
    client
        .execute(&format!("{HELPERS}\n{script}"), args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Polls `script` (which returns a truthy value when ready) until it holds.
async fn wait_until(client: &Client, what: &str, script: &str) -> Value {
    let deadline = Instant::now() + WAIT;
    loop {
        let value = run(client, script, vec![]).await;
        if !matches!(value, Value::Null | Value::Bool(false)) {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// The editor's content element, for typing into.
async fn editor(client: &Client) -> Element {
    let value = run(client, "return editorContent();", vec![]).await;
    let id = value
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(Value::as_str)
        .expect("an element reference");
    Element::from_element_id(client.clone(), ElementRef::from(id.to_owned()))
}

/// Replaces the editor's text as a paste does: select all (Ctrl-A), then a `paste` event
/// carrying the text on its clipboard data.
async fn paste(client: &Client, text: &str) {
    let content = editor(client).await;
    content
        .send_keys(&format!("{}a{}", Key::Control, Key::Null))
        .await
        .expect("select all");
    run(
        client,
        "const data = new DataTransfer();
         data.setData('text/plain', arguments[0]);
         editorContent().dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));",
        vec![json!(text)],
    )
    .await;
}

/// The release build served, Chromium driven, and the page open in it (keep the driver: it
/// stops Chromium when dropped).
async fn opened_page() -> (App, Driver, Client) {
    let app = App::start();
    let driver = Driver::start();
    let client = driver.session().await;
    open(&client, &app.url).await;
    (app, driver, client)
}

/// Drops files on the page as a drag and drop from the file manager does: a `drop` event whose
/// DataTransfer carries them (their exact bytes).
async fn drop_files(client: &Client, files: &[(&str, &[u8])]) {
    let files: Vec<Value> = files
        .iter()
        .map(|(name, bytes)| json!({"name": name, "bytes": bytes}))
        .collect();
    run(
        client,
        "const data = new DataTransfer();
         for (const file of arguments[0]) {
           data.items.add(new File([new Uint8Array(file.bytes)], file.name, { type: 'application/json' }));
         }
         document.querySelector('.app').dispatchEvent(
           new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));",
        vec![json!(files)],
    )
    .await;
}

/// Waits until the page shows the report of the document whose digest is `digest`.
async fn wait_for_digest(client: &Client, digest: &str) {
    let script = format!(
        "const shown = document.querySelector('[data-digest]');
         const timing = document.querySelector('#check-timing');
         return shown && shown.getAttribute('data-digest') === {digest:?} && timing && !timing.textContent.includes('checking');"
    );
    wait_until(client, &format!("the report of {digest}"), &script).await;
}

/// The code of every diagnostic the problems list holds, in page order: a row's `data-code`,
/// or a group's `data-group-code` as many times as its `data-count` (the rows an open group
/// draws are counted with it, not again).
async fn codes(client: &Client) -> Vec<String> {
    let value = run(
        client,
        "const codes = [];
         for (const e of document.querySelectorAll('[data-code], [data-group-code]')) {
           if (e.hasAttribute('data-group-code')) {
             for (let i = 0; i < Number(e.dataset.count); i++) codes.push(e.dataset.groupCode);
           } else if (!e.parentElement.closest('[data-group-code]')) {
             codes.push(e.getAttribute('data-code'));
           }
         }
         return codes;",
        vec![],
    )
    .await;
    serde_json::from_value(value).expect("a list of codes")
}

/// The engine's codes for `bytes`, in its order.
fn engine_codes(bytes: &[u8]) -> Vec<String> {
    ocilint_core::check(bytes, &Default::default())
        .diagnostics
        .iter()
        .map(|d| d.code.to_owned())
        .collect()
}

/// `codes`, sorted: the page groups problems of one kind where the first of them is, so a
/// document with interleaved kinds lists the same codes as the engine in another order.
fn sorted(mut codes: Vec<String>) -> Vec<String> {
    codes.sort();
    codes
}

async fn timing(client: &Client) -> Value {
    run(
        client,
        "const t = document.querySelector('#check-timing');
         return { first: t.dataset.firstMs, latency: t.dataset.latencyMs, engine: t.dataset.engineMs };",
        vec![],
    )
    .await
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(screenshot_path(name), png).expect("write screenshot");
}

/// Clicks the first element matching `css`, once there is one (answers from the worker, such
/// as a rewrite's preview, come a moment after the click that asks for them).
async fn click(client: &Client, css: &str) {
    wait_until(
        client,
        css,
        &format!("return !!document.querySelector({css:?});"),
    )
    .await;
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
}

/// The rendered text of the first element matching `css`.
async fn text_of(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .text()
        .await
        .unwrap_or_else(|e| panic!("no text in {css}: {e}"))
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn pasting_a_broken_manifest_shows_positioned_diagnostics() {
    let (_app, _driver, client) = opened_page().await;

    paste(&client, BROKEN_MANIFEST).await;
    wait_for_digest(&client, &sha256(BROKEN_MANIFEST.as_bytes())).await;
    assert_eq!(codes(&client).await, ["DSC001", "DIG002"]);
    let text = text_of(&client, ".diagnostics").await;
    assert!(text.contains("line 4, column 13"), "{text}");
    assert!(text.contains("line 12, column 17"), "{text}");
    record_timing(&format!(
        "paste of a 0.5 KB manifest → diagnostics: {}",
        timing(&client).await
    ));

    // Each code links to its rule page, shipped with the app.
    let href = client
        .find(Locator::Css("[data-code=\"DSC001\"] .rule-link"))
        .await
        .expect("rule link")
        .attr("href")
        .await
        .expect("href");
    assert_eq!(href.as_deref(), Some("rules/DSC001.html"));
    screenshot(&client, "diagnostics.png").await;

    // Clicking a diagnostic selects its exact range in the editor.
    click(&client, "[data-code=\"DIG002\"] .locate").await;
    let selected = wait_until(
        &client,
        "the selection",
        "const s = document.querySelector('.code-mirror').shadowRoot.getSelection();
         return s && s.toString().length > 0 ? s.toString() : null;",
    )
    .await;
    assert_eq!(
        selected.as_str(),
        Some("\"sha256:3713021B02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca\"")
    );
    // The editor underlines each range and marks its line in the gutter.
    let marks = run(
        &client,
        "const root = document.querySelector('.code-mirror').shadowRoot;
         return [root.querySelectorAll('.cm-lintRange').length, root.querySelectorAll('.cm-lint-marker').length];",
        vec![],
    )
    .await;
    assert_eq!(marks, json!([2, 2]), "underlines and gutter markers");

    // Who accepts it: the spec refuses it; each verdict names its target and links its place.
    click(&client, "#panel-targets").await;
    let spec = client
        .find(Locator::Css("[data-target=\"spec\"]"))
        .await
        .expect("the spec's verdict");
    assert_eq!(
        spec.attr("data-verdict").await.expect("attr").as_deref(),
        Some("reject")
    );
    screenshot(&client, "targets.png").await;
    click(&client, "#panel-problems").await;

    // Typing fixes it live: lowercase the digest and DIG002 goes away.
    let fixed = BROKEN_MANIFEST.replace("3713021B", "3713021b");
    paste(&client, &fixed).await;
    wait_for_digest(&client, &sha256(fixed.as_bytes())).await;
    assert_eq!(codes(&client).await, ["DSC001"]);
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn every_seed_fixture_shows_the_engines_codes() {
    let (_app, _driver, client) = opened_page().await;
    let mut fixtures: Vec<_> = std::fs::read_dir(ocilint_tests::fixture("seeds"))
        .expect("the seed fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 6, "{fixtures:?}");
    for path in fixtures {
        let text = std::fs::read_to_string(&path).expect("a UTF-8 fixture");
        paste(&client, &text).await;
        wait_for_digest(&client, &sha256(text.as_bytes())).await;
        assert_eq!(
            sorted(codes(&client).await),
            sorted(engine_codes(text.as_bytes())),
            "{}",
            path.display()
        );
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        record_timing(&format!(
            "paste of seed {name} ({} bytes) → diagnostics: {}",
            text.len(),
            timing(&client).await
        ));
    }
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn keyboard_typing_undo_and_find() {
    let (_app, _driver, client) = opened_page().await;
    let text = text_of(&client, "body").await;
    assert!(text.contains("Paste or type a document"), "{text}");
    screenshot(&client, "empty.png").await;

    // Real key presses, character by character.
    let content = editor(&client).await;
    let typed = "{\"schemaVersion\": 2,}";
    content.send_keys(typed).await.expect("type");
    wait_for_digest(&client, &sha256(typed.as_bytes())).await;
    assert_eq!(codes(&client).await, ["JSON001"]);
    let item = text_of(&client, "[data-code=\"JSON001\"]").await;
    assert!(item.contains("trailing comma"), "{item}");
    assert!(item.contains("line 1, column 21"), "{item}");
    record_timing(&format!(
        "typing 21 characters → diagnostics: {}",
        timing(&client).await
    ));

    // Undo takes the typing back; redo restores it.
    content
        .send_keys(&format!("{}z{}", Key::Control, Key::Null))
        .await
        .expect("undo");
    wait_until(&client, "the undo", "return editorText() === '';").await;
    content
        .send_keys(&format!("{}y{}", Key::Control, Key::Null))
        .await
        .expect("redo");
    wait_until(
        &client,
        "the redo",
        &format!("return editorText() === {typed:?};"),
    )
    .await;

    // Ctrl-F opens the search panel and finds matches.
    content
        .send_keys(&format!("{}f{}", Key::Control, Key::Null))
        .await
        .expect("find");
    wait_until(
        &client,
        "the search panel",
        "return !!document.querySelector('.code-mirror').shadowRoot.querySelector('.cm-search');",
    )
    .await;
    client
        .active_element()
        .await
        .expect("focus")
        .send_keys("schema")
        .await
        .ok();
    let field = run(
        &client,
        "const field = document.querySelector('.code-mirror').shadowRoot.querySelector('.cm-search input[name=search]');
         return field ? field.getAttribute('main-field') : null;",
        vec![],
    )
    .await;
    assert_eq!(field, json!("true"), "the search field");
    client.close().await.expect("close the session");
}

/// base64url without padding, as the `#doc=` format uses.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// The page's `#doc=` link to `bytes` (raw DEFLATE, base64url), as "Copy link" makes it.
fn doc_link(url: &str, bytes: &[u8]) -> String {
    format!("{url}#doc={}", base64url(&raw_deflate(bytes)))
}

fn raw_deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("compress");
    encoder.finish().expect("compress")
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn a_doc_link_opens_the_exact_bytes() {
    let app = App::start();
    let driver = Driver::start();
    let client = driver.session().await;
    // A BOM, CRLF line ends and a non-ASCII annotation: bytes a text round trip would change.
    let document = format!(
        "\u{feff}{}",
        CLEAN_MANIFEST
            .replace(
                "\"layers\"",
                "\"annotations\": {\"org.opencontainers.image.title\": \"café\"},\n  \"layers\""
            )
            .replace('\n', "\r\n")
    );
    let bytes = document.as_bytes();
    let content_type = "application/vnd.oci.image.manifest.v1+json";
    let link = format!(
        "{}#doc={}&ct={}",
        app.url,
        base64url(&raw_deflate(bytes)),
        content_type.replace('+', "%2B").replace('/', "%2F")
    );
    open(&client, &link).await;
    wait_for_digest(&client, &sha256(bytes)).await;
    assert_eq!(sorted(codes(&client).await), sorted(engine_codes(bytes)));
    assert!(
        codes(&client).await.contains(&"JSON003".to_owned()),
        "the BOM is seen"
    );
    let shown = run(
        &client,
        "return document.querySelector('#content-type').value;",
        vec![],
    )
    .await;
    assert_eq!(shown, json!(content_type));
    record_timing(&format!(
        "#doc= link (manifest, {} bytes) → first diagnostics after page load: {}",
        bytes.len(),
        timing(&client).await
    ));
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn dropping_two_files_makes_a_bundle() {
    let (_app, _driver, client) = opened_page().await;
    // The manifest starts with a BOM: read as bytes, the digest is the file's own.
    let manifest = format!("\u{feff}{CLEAN_MANIFEST}").into_bytes();
    let index = format!(
        r#"{{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.index.v1+json",
  "manifests": [
    {{
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "{}",
      "size": {},
      "platform": {{ "architecture": "arm64", "os": "linux", "variant": "v8" }}
    }}
  ]
}}"#,
        sha256(&manifest),
        manifest.len()
    )
    .into_bytes();
    drop_files(
        &client,
        &[("index.json", &index), ("manifest.json", &manifest)],
    )
    .await;
    wait_for_digest(&client, &sha256(&index)).await;
    let tabs = run(
        &client,
        "return Array.from(document.querySelectorAll('[data-tab]')).map(t => t.getAttribute('data-tab'));",
        vec![],
    )
    .await;
    assert_eq!(tabs, json!(["index.json", "manifest.json"]));
    assert_eq!(sorted(codes(&client).await), sorted(engine_codes(&index)));

    // The reading view: the platform as os/arch/variant, the size in human units, and the
    // digest naming the other document of the bundle opens it.
    click(&client, "#panel-reading").await;
    let reading = text_of(&client, ".reading").await;
    assert!(reading.contains("linux/arm64/v8"), "{reading}");
    assert!(reading.contains("OCI image index"), "{reading}");
    screenshot(&client, "reading.png").await;
    click(&client, ".digest-link[data-opens=\"manifest.json\"]").await;
    wait_for_digest(&client, &sha256(&manifest)).await;
    let manifest_codes = engine_codes(&manifest);
    assert!(manifest_codes.contains(&"JSON003".to_owned()));
    click(&client, "#panel-problems").await;
    assert_eq!(sorted(codes(&client).await), sorted(manifest_codes));
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn markup_in_an_annotation_is_shown_as_text() {
    let (_app, _driver, client) = opened_page().await;
    let scripts_before = run(
        &client,
        "return document.querySelectorAll('script').length;",
        vec![],
    )
    .await;
    let markup = r#"<script>window.injected = 1</script><img src=x onerror="window.injected = 2">"#;
    let document = CLEAN_MANIFEST.replace(
        "\"layers\"",
        &format!(
            "\"annotations\": {{\"org.example.note\": {}}},\n  \"layers\"",
            serde_json::to_string(markup).expect("json")
        ),
    );
    paste(&client, &document).await;
    wait_for_digest(&client, &sha256(document.as_bytes())).await;
    click(&client, "#panel-reading").await;
    let reading = text_of(&client, ".reading").await;
    assert!(reading.contains(markup), "{reading}");
    let editor_text = run(&client, "return editorText();", vec![]).await;
    assert!(
        editor_text
            .as_str()
            .is_some_and(|t| t.contains("<script>window.injected = 1</script>")),
        "{editor_text}"
    );
    let effects = run(
        &client,
        "return [window.injected === undefined, document.querySelectorAll('script').length, document.querySelectorAll('img[src=x]').length];",
        vec![],
    )
    .await;
    assert_eq!(effects, json!([true, scripts_before, 0]));
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn no_network_after_load_and_offline_after_one_visit() {
    let mut app = App::start();
    let driver = Driver::start();
    let downloads = screenshot_path("downloads-network");
    let _ = std::fs::remove_dir_all(&downloads);
    std::fs::create_dir_all(&downloads).expect("downloads dir");
    let client = driver.session_with(Some(&downloads), false).await;
    open(&client, &app.url).await;
    fully_loaded(&client).await;
    let server_before = app.requests().expect("our server");
    let entries = "return performance.getEntriesByType('resource').map(e => e.name);";
    let resources_before = run(&client, entries, vec![]).await;

    // Check, read every panel, share, and download: nothing goes out.
    paste(&client, BROKEN_MANIFEST).await;
    wait_for_digest(&client, &sha256(BROKEN_MANIFEST.as_bytes())).await;
    for panel in ["#panel-targets", "#panel-reading", "#panel-problems"] {
        click(&client, panel).await;
    }
    click(&client, "[data-code=\"DSC001\"] .locate").await;
    click(&client, "#share").await;
    wait_until(
        &client,
        "the share link",
        "return location.hash.startsWith('#doc=');",
    )
    .await;
    click(&client, "#download").await;
    let name = client
        .find(Locator::Css("#download"))
        .await
        .expect("download")
        .attr("data-file-name")
        .await
        .expect("attr")
        .expect("a file name");
    let saved = wait_for_file(&downloads.join(&name)).await;
    assert_eq!(sha256(&saved), sha256(BROKEN_MANIFEST.as_bytes()));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        app.requests(),
        Some(server_before),
        "requests reached the server"
    );
    assert_eq!(run(&client, entries, vec![]).await, resources_before);

    // Offline: the server is gone; the page reloads from the service worker's copy and checks.
    app.stop_server();
    reload(&client).await;
    wait_until(&client, "the editor, offline", "return !!editorContent()").await;
    paste(&client, CLEAN_MANIFEST).await;
    wait_for_digest(&client, &sha256(CLEAN_MANIFEST.as_bytes())).await;
    assert_eq!(codes(&client).await, Vec::<String>::new());
    client.close().await.expect("close the session");
}

/// Waits until the page has loaded everything it will: the service worker's offline copy
/// too. After this, any request the page makes is one too many.
async fn fully_loaded(client: &Client) {
    client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             navigator.serviceWorker.ready.then(() => done(true), () => done(false));",
            vec![],
        )
        .await
        .expect("the service worker is ready");
    tokio::time::sleep(Duration::from_millis(300)).await;
}

async fn wait_for_file(path: &Path) -> Vec<u8> {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(bytes) = std::fs::read(path) {
            return bytes;
        }
        assert!(
            Instant::now() < deadline,
            "{} never arrived",
            path.display()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The benchmark's index: 5000 entries, one per line, 1.4 MB.
fn large_index(entries: usize) -> String {
    let platforms = [
        ("linux", "amd64", ""),
        ("linux", "arm64", ",\"variant\":\"v8\""),
        ("linux", "arm", ",\"variant\":\"v7\""),
        ("linux", "ppc64le", ""),
        ("linux", "s390x", ""),
        ("windows", "amd64", ""),
    ];
    let mut out = String::from(
        "{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"application/vnd.oci.image.index.v1+json\",\n  \"manifests\": [\n",
    );
    for i in 0..entries {
        let (os, architecture, variant) = platforms[i % platforms.len()];
        out.push_str(&format!(
            "    {{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"{}\",\"size\":{},\"annotations\":{{\"org.opencontainers.image.ref.name\":\"1.{}.{}\"}},\"platform\":{{\"architecture\":\"{architecture}\",\"os\":\"{os}\"{variant}}}}}{}\n",
            sha256(i.to_string().as_bytes()),
            1000 + i,
            i / 100,
            i % 100,
            if i + 1 < entries { "," } else { "" }
        ));
    }
    out.push_str("  ]\n}\n");
    out
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn the_editor_stays_the_same_while_a_slow_check_shows_its_progress() {
    let (_app, _driver, client) = opened_page().await;
    // Long enough to check that the page shows it running, with its Cancel control.
    let index = large_index(20_000);
    run(&client, "window.editorBefore = editorContent();", vec![]).await;
    paste(&client, &index).await;
    wait_until(
        &client,
        "the running check's note",
        "return !!document.querySelector('#working');",
    )
    .await;
    let during = run(
        &client,
        "return editorContent() === window.editorBefore;",
        vec![],
    )
    .await;
    wait_for_digest(&client, &sha256(index.as_bytes())).await;
    let after = run(
        &client,
        "return editorContent() === window.editorBefore;",
        vec![],
    )
    .await;
    // The note comes and goes beside the editor: the editor (its text, caret and undo
    // history) must be the same element throughout, not one made anew.
    assert_eq!((during, after), (json!(true), json!(true)));
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn the_large_index_stays_usable() {
    let (_app, _driver, client) = opened_page().await;
    let index = large_index(5000);
    paste(&client, &index).await;
    wait_for_digest(&client, &sha256(index.as_bytes())).await;
    assert_eq!(
        sorted(codes(&client).await),
        sorted(engine_codes(index.as_bytes()))
    );
    record_timing(&format!(
        "paste of the 5000-entry index ({} bytes) → diagnostics: {}",
        index.len(),
        timing(&client).await
    ));

    // Type at the end while watching the main thread for long tasks (> 50 ms).
    run(
        &client,
        "window.longTasks = [];
         new PerformanceObserver(list => window.longTasks.push(...list.getEntries().map(e => e.duration)))
           .observe({ type: 'longtask' });",
        vec![],
    )
    .await;
    let content = editor(&client).await;
    content
        .send_keys(&format!("{}{}{}x", Key::Control, Key::End, Key::Null))
        .await
        .expect("type at the end");
    let typed = format!("{index}x");
    wait_for_digest(&client, &sha256(typed.as_bytes())).await;
    let long_tasks = run(&client, "return window.longTasks;", vec![]).await;
    record_timing(&format!(
        "typing one key at the end of the 5000-entry index → diagnostics: {}; main-thread tasks over 50 ms meanwhile: {long_tasks}",
        timing(&client).await
    ));
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn a_fix_previewed_applied_downloaded_and_undone() {
    let app = App::start();
    let driver = Driver::start();
    let downloads = screenshot_path("downloads-fix");
    let _ = std::fs::remove_dir_all(&downloads);
    std::fs::create_dir_all(&downloads).expect("downloads dir");
    let client = driver.session_with(Some(&downloads), false).await;
    open(&client, &app.url).await;
    // podman's mixed manifest: MIX002 (a Docker layer type in an OCI manifest) has a safe fix.
    let original = std::fs::read(ocilint_tests::fixture(
        "seeds/podman-mixed-oci-manifest.json",
    ))
    .expect("fixture");
    let original_text = String::from_utf8(original.clone()).expect("UTF-8");
    paste(&client, &original_text).await;
    wait_for_digest(&client, &sha256(&original)).await;
    let safety = client
        .find(Locator::Css("[data-code=\"MIX002\"] .fix"))
        .await
        .expect("MIX002 offers a fix")
        .attr("data-fix-safety")
        .await
        .expect("attr");
    assert_eq!(safety.as_deref(), Some("safe"));
    click(&client, "[data-code=\"MIX002\"] .preview-fix").await;
    let new_digest = wait_until(
        &client,
        "the preview",
        "const out = document.querySelector('.output[data-output-digest]');
         return out ? out.getAttribute('data-output-digest') : null;",
    )
    .await
    .as_str()
    .expect("a digest")
    .to_owned();
    let diff = text_of(&client, "pre.diff").await;
    assert!(
        diff.contains("+") && diff.contains("application/vnd.oci.image.layer.v1.tar+gzip"),
        "{diff}"
    );
    screenshot(&client, "fix-preview.png").await;

    click(&client, "#apply-preview").await;
    wait_for_digest(&client, &new_digest).await;
    let shown_text = run(&client, "return editorText();", vec![]).await;
    assert_eq!(
        shown_text.as_str().map(|t| sha256(t.as_bytes())).as_deref(),
        Some(new_digest.as_str()),
        "the editor shows the fixed document"
    );
    let warning = text_of(&client, ".warning-note").await;
    assert!(warning.contains("Signatures"), "{warning}");

    // Download: the exact bytes, whose sha256 is the digest shown.
    click(&client, "#download").await;
    let name = client
        .find(Locator::Css("#download"))
        .await
        .expect("download")
        .attr("data-file-name")
        .await
        .expect("attr")
        .expect("a file name");
    let saved = wait_for_file(&downloads.join(&name)).await;
    assert_eq!(sha256(&saved), new_digest);
    // Named as every front end names an image manifest: core's `image-<12 hex>.json`.
    assert!(name.starts_with("image-"), "{name}");
    assert!(!codes(&client).await.contains(&"MIX002".to_owned()));

    // Undo brings the original bytes back.
    click(&client, "#panel-fixes").await;
    click(&client, "#undo-rewrite").await;
    wait_for_digest(&client, &sha256(&original)).await;

    // A diagnostic's fix button fixes that place only: of two Docker layers, the second.
    let two_layers = original_text.replacen(
        "  \"layers\": [\n",
        "  \"layers\": [\n    {\"mediaType\": \"application/vnd.docker.image.rootfs.diff.tar.gzip\", \"digest\": \"sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443\", \"size\": 1},\n",
        1,
    );
    assert_ne!(
        two_layers, original_text,
        "the seed's layers array was found"
    );
    paste(&client, &two_layers).await;
    wait_for_digest(&client, &sha256(two_layers.as_bytes())).await;
    click(&client, "#panel-problems").await;
    run(
        &client,
        "document.querySelectorAll('[data-code=\"MIX002\"] .preview-fix')[1].click();",
        vec![],
    )
    .await;
    wait_until(
        &client,
        "the preview of one fix",
        "return document.querySelector('.output[data-output-digest]') ? true : null;",
    )
    .await;
    let applied = run(
        &client,
        "return [...document.querySelectorAll('[data-applied]')].map(e => e.textContent);",
        vec![],
    )
    .await;
    let applied = applied.as_array().expect("applied fixes");
    assert_eq!(applied.len(), 1, "{applied:?}");
    assert!(
        applied[0]
            .as_str()
            .unwrap_or("")
            .contains("/layers/1/mediaType"),
        "{applied:?}"
    );
    let diff = text_of(&client, "pre.diff").await;
    let added: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .collect();
    assert_eq!(added.len(), 1, "{diff}");
    screenshot(&client, "fix-one.png").await;
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn a_fixed_child_cascades_into_its_index() {
    let (_app, _driver, client) = opened_page().await;
    let manifest = std::fs::read(ocilint_tests::fixture(
        "seeds/podman-mixed-oci-manifest.json",
    ))
    .expect("fixture");
    let index = format!(
        r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{}", "size": {}, "platform": {{"architecture": "amd64", "os": "linux"}}}}]}}"#,
        sha256(&manifest),
        manifest.len()
    )
    .into_bytes();
    drop_files(
        &client,
        &[("index.json", &index), ("manifest.json", &manifest)],
    )
    .await;
    wait_for_digest(&client, &sha256(&index)).await;
    click(&client, "#panel-fixes").await;
    click(&client, "#fix-safe").await;
    click(&client, "#apply-preview").await;
    // The index now names the fixed manifest: follow its digest from the reading view.
    click(&client, "#panel-reading").await;
    click(&client, ".digest-link[data-opens=\"manifest.json\"]").await;
    let digest = wait_until(
        &client,
        "the fixed manifest",
        "const shown = document.querySelector('[data-digest]');
         return shown ? shown.getAttribute('data-digest') : null;",
    )
    .await;
    assert_ne!(digest.as_str(), Some(sha256(&manifest).as_str()));
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn the_theme_follows_the_system() {
    let app = App::start();
    let driver = Driver::start();
    let client = driver.session_with(None, true).await;
    open(&client, &app.url).await;
    click(&client, "#load-example").await;
    wait_until(
        &client,
        "the example's report",
        "return !!document.querySelector('[data-code]');",
    )
    .await;
    let colours = run(
        &client,
        "return [matchMedia('(prefers-color-scheme: dark)').matches, getComputedStyle(document.body).backgroundColor];",
        vec![],
    )
    .await;
    assert_eq!(
        colours,
        json!([true, "rgb(15, 19, 24)"]),
        "the dark palette"
    );
    screenshot(&client, "dark.png").await;
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn related_places_are_shown_and_select_their_range() {
    let (_app, _driver, client) = opened_page().await;
    let duplicate = CLEAN_MANIFEST.replacen(
        "\"schemaVersion\": 2,",
        "\"schemaVersion\": 2,\n  \"schemaVersion\": 2,",
        1,
    );
    paste(&client, &duplicate).await;
    wait_for_digest(&client, &sha256(duplicate.as_bytes())).await;
    let report = ocilint_core::check(duplicate.as_bytes(), &Default::default());
    let with_related = report
        .diagnostics
        .iter()
        .find(|d| !d.related.is_empty())
        .expect("a duplicate key has a related place");
    let related = &with_related.related[0];
    let css = format!(
        "[data-code=\"{}\"] .related-place[data-related-pointer=\"{}\"]",
        with_related.code, related.pointer
    );
    let shown = text_of(&client, &css).await;
    assert!(
        shown.contains(&format!("line {}, column {}", related.line, related.column)),
        "{shown}"
    );
    screenshot(&client, "related.png").await;
    click(&client, &format!("{css} .place")).await;
    let selected = wait_until(
        &client,
        "the related place selected",
        "const s = document.querySelector('.code-mirror').shadowRoot.getSelection();
         return s && s.toString().length > 0 ? s.toString() : null;",
    )
    .await;
    let range = related.range.as_usize();
    assert_eq!(selected.as_str(), Some(&duplicate[range]));

    // A target the page does not know is named with the closest one it does.
    run(
        &client,
        "const field = document.querySelector('#targets');
         field.value = 'quey';
         field.dispatchEvent(new InputEvent('input', { bubbles: true }));",
        vec![],
    )
    .await;
    let error = wait_until(
        &client,
        "the targets error for the whole name",
        "const e = document.querySelector('#targets-error');
         return e && e.textContent.includes('quey') ? e.textContent : null;",
    )
    .await;
    let error = error.as_str().unwrap_or_default();
    // The core's backticks read as code, not as raw Markdown.
    assert!(error.contains("did you mean quay?"), "{error}");
    let quoted = run(
        &client,
        "return Array.from(document.querySelectorAll('#targets-error code')).map(c => c.textContent);",
        vec![],
    )
    .await;
    assert_eq!(quoted[1], json!("quay"), "{quoted}");
    screenshot(&client, "targets-error.png").await;
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn the_tabs_are_checked_as_a_bundle() {
    let (_app, _driver, client) = opened_page().await;
    let manifest = CLEAN_MANIFEST.as_bytes();
    // The index names the manifest by its digest, with a size one byte short: only the bundle
    // rules, which read both, can tell.
    let index = format!(
        r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{}", "size": {}, "platform": {{"architecture": "amd64", "os": "linux"}}}}]}}"#,
        sha256(manifest),
        manifest.len() - 1
    )
    .into_bytes();
    drop_files(
        &client,
        &[("index.json", &index), ("manifest.json", manifest)],
    )
    .await;
    wait_for_digest(&client, &sha256(&index)).await;
    let inputs = [
        ocilint_core::bundle::BundleInput {
            name: "index.json",
            bytes: &index,
        },
        ocilint_core::bundle::BundleInput {
            name: "manifest.json",
            bytes: manifest,
        },
    ];
    let reports = ocilint_core::bundle::check_bundle(&inputs, &Default::default());
    let expected: Vec<String> = reports[0]
        .diagnostics
        .iter()
        .map(|d| d.code.to_owned())
        .collect();
    assert!(expected.contains(&"BND002".to_owned()), "{expected:?}");
    assert!(!engine_codes(&index).contains(&"BND002".to_owned()));
    assert_eq!(sorted(codes(&client).await), sorted(expected));
    screenshot(&client, "bundle.png").await;
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn a_rewrite_runs_in_the_worker() {
    let (_app, _driver, client) = opened_page().await;
    let index = large_index(5000);
    paste(&client, &index).await;
    wait_for_digest(&client, &sha256(index.as_bytes())).await;
    click(&client, "#panel-fixes").await;
    // Watch for the "preparing" state, which exists only while the worker rewrites (a rewrite
    // on the main thread would go from the click to the preview in one task), and for long
    // tasks on the main thread.
    run(
        &client,
        "window.sawRewriting = false;
         window.states = [];
         new MutationObserver(() => {
             const state = [!!document.querySelector('#rewriting'), !!document.querySelector('.output')];
             window.states.push(state);
             if (state[0]) window.sawRewriting = true;
           })
           .observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
         window.longTasks = [];
         new PerformanceObserver(list => window.longTasks.push(...list.getEntries().map(e => e.duration)))
           .observe({ type: 'longtask' });",
        vec![],
    )
    .await;
    let started = Instant::now();
    click(&client, "#convert-docker").await;
    let answered_while_rewriting = run(
        &client,
        "return !!document.querySelector('#rewriting');",
        vec![],
    )
    .await;
    wait_until(
        &client,
        "the preview of the conversion",
        "return !!document.querySelector('.output[data-output-digest]');",
    )
    .await;
    let seen = run(
        &client,
        "return [window.sawRewriting, window.states, performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('worker'))];",
        vec![],
    )
    .await;
    assert_eq!(seen[0], json!(true), "{seen}");
    let long_tasks = run(&client, "return window.longTasks;", vec![]).await;
    record_timing(&format!(
        "conversion of the 5000-entry index to Docker, in the worker → preview: {} ms; the page answered while it ran: {answered_while_rewriting}; main-thread tasks over 50 ms meanwhile: {long_tasks}",
        started.elapsed().as_millis()
    ));
    screenshot(&client, "rewrite-worker.png").await;

    // Every entry loses its annotations and still names an OCI manifest: two kinds of loss,
    // each said once with its places, and the diff's first lines with more on request.
    let drawn = run(
        &client,
        "return [
           [...document.querySelectorAll('.loss-group')].map(g => g.dataset.losses),
           document.querySelectorAll('.preview .warning-note').length,
           document.querySelectorAll('.loss-group li').length,
           document.querySelectorAll('pre.diff .line').length,
           document.querySelector('.more-diff').textContent.trim(),
         ];",
        vec![],
    )
    .await;
    assert_eq!(drawn[0], json!(["5000", "5000"]), "{drawn}");
    assert_eq!(drawn[1], json!(2), "{drawn}");
    assert_eq!(drawn[2], json!(10), "{drawn}");
    assert_eq!(drawn[3], json!(400), "{drawn}");
    run(
        &client,
        "document.querySelectorAll('.loss-group')[1].scrollIntoView();",
        vec![],
    )
    .await;
    screenshot(&client, "rewrite-preview-long.png").await;
    // "Show 2000 more lines of the diff (HIDDEN of TOTAL not shown)".
    let label = drawn[4].as_str().unwrap_or_default().to_owned();
    let counts: Vec<usize> = label
        .split('(')
        .nth(1)
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    assert!(counts.len() == 2 && counts[0] + 400 == counts[1], "{label}");
    let total = counts[1];
    run(&client, "window.longTasks = [];", vec![]).await;
    let clicks = click_while_offered(&client, ".more-diff", total / 2000 + 1).await;
    let lines = run(
        &client,
        "return document.querySelectorAll('pre.diff .line').length;",
        vec![],
    )
    .await;
    assert_eq!(lines, json!(total), "the whole diff: {total} lines");
    let loss_clicks = click_while_offered(&client, ".more-losses", 5).await;
    let places = run(
        &client,
        "return document.querySelectorAll('.loss-group')[0].querySelectorAll('li').length;",
        vec![],
    )
    .await;
    assert_eq!(places, json!(5000));
    let long_tasks = run(&client, "return window.longTasks;", vec![]).await;
    record_timing(&format!(
        "the whole diff of that conversion ({total} lines, {clicks} clicks) and the 5000 places of a loss ({loss_clicks} clicks), drawn on request: main-thread tasks over 50 ms: {long_tasks}"
    ));
    client.close().await.expect("close the session");
}

/// Clicks a "show more" button until its paragraph is hidden (all shown), at most `limit` times;
/// returns the clicks.
async fn click_while_offered(client: &Client, button: &str, limit: usize) -> usize {
    let mut clicks = 0;
    let offered = format!("return !document.querySelector('{button}').closest('p').hidden;");
    while run(client, &offered, vec![]).await == json!(true) {
        assert!(
            clicks < limit,
            "{button} still offers more after {clicks} clicks"
        );
        click(client, button).await;
        clicks += 1;
    }
    clicks
}

/// A Docker manifest whose own `mediaType` holds a bad escape (`\i`): the fuzzer's find. The
/// parser reads past the damage, and a conversion would have replaced the value and dropped it.
const DAMAGED_MANIFEST: &str =
    include_str!("../../core/tests/fuzz-regressions/convert/invalid-escape-in-own-media-type.json");

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn converting_damaged_json_is_refused_at_its_place() {
    let (_app, _driver, client) = opened_page().await;
    paste(&client, DAMAGED_MANIFEST).await;
    wait_for_digest(&client, &sha256(DAMAGED_MANIFEST.as_bytes())).await;
    click(&client, "#panel-fixes").await;
    click(&client, "#convert-oci").await;
    wait_until(
        &client,
        "the preview of the conversion",
        "return !!document.querySelector('.preview .notice');",
    )
    .await;
    let notice = text_of(&client, ".preview .notice").await;
    assert!(
        notice.contains("was not rewritten: it is not well-formed JSON at line 3, column 56"),
        "{notice}"
    );
    assert!(notice.contains("correct it first"), "{notice}");
    // Nothing is offered to apply, and the preview does not say the document needs no change.
    let offered = run(
        &client,
        "return [!!document.querySelector('.preview .output'), !!document.querySelector('#apply-preview'), document.querySelector('.preview').textContent.includes('Nothing to change')];",
        vec![],
    )
    .await;
    assert_eq!(offered, json!([false, false, false]));
    let text = run(&client, "return editorText();", vec![]).await;
    assert_eq!(text.as_str(), Some(DAMAGED_MANIFEST));
    screenshot(&client, "convert-refused.png").await;
    client.close().await.expect("close the session");
}
