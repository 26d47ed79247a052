//! The page's surface as a user meets it (issue 18): the verdict first, every width from a
//! 320 px phone to a desktop without sideways scrolling, long documents scrolling inside the
//! editor, bundle tabs with badges, a keyboard-only path to a fix, and an axe-core pass in both
//! themes. Screenshots of each state go to `target/e2e/surface-*.png` (the README shows them
//! from docs/screenshots/).

use fantoccini::key::Key;
use fantoccini::Client;
use ocilint_core::digest::sha256;
use serde_json::{json, Value};

use super::{
    click, drop_files, editor, large_index, open, opened_page, paste, run, screenshot,
    wait_for_digest, wait_until, App, Driver,
};

/// The release build served and a Chromium session, before any page is opened (the tests
/// size the window first). Keep the driver: it stops Chromium when dropped.
async fn served() -> (App, Driver, Client) {
    let app = App::start();
    let driver = Driver::start();
    let client = driver.session().await;
    (app, driver, client)
}

/// The viewports of the issue: a desktop, 200 % zoom of it, a phone, the narrowest phone
/// (an iPhone SE's 320×568).
const SIZES: [(u32, u32); 4] = [(1400, 900), (700, 900), (390, 844), (320, 568)];

/// The manifest podman refused: an OCI manifest with a Docker config.
fn mixed_manifest() -> Vec<u8> {
    std::fs::read(ocilint_tests::fixture(
        "seeds/podman-mixed-oci-manifest.json",
    ))
    .expect("the podman seed")
}

const PODMANS_WORDS: &str = "invalid mixed OCI image with Docker v2s2 config";

/// Makes the viewport (not the window around it) `width`×`height`.
async fn resize(client: &Client, (width, height): (u32, u32)) {
    client
        .set_window_size(width, height)
        .await
        .expect("resize the window");
    let inner = run(
        client,
        "return [window.innerWidth, window.innerHeight];",
        vec![],
    )
    .await;
    let extra = |i: usize, want: u32| {
        want + (want as i64 - inner[i].as_i64().unwrap_or(want as i64)).max(0) as u32
    };
    client
        .set_window_size(extra(0, width), extra(1, height))
        .await
        .expect("resize the window");
}

/// The page is no wider than the window: nothing scrolls sideways.
async fn assert_no_sideways_scroll(client: &Client, what: &str) {
    let widths = run(
        client,
        "return [document.documentElement.scrollWidth, window.innerWidth, document.body.scrollWidth];",
        vec![],
    )
    .await;
    let page = widths[0].as_u64().expect("scrollWidth");
    let window = widths[1].as_u64().expect("innerWidth");
    if page > window {
        // Name the elements that stick out, so the failure says what to mend.
        let wide = run(
            client,
            "const width = document.documentElement.clientWidth;
             const out = [];
             const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
             for (let node = walker.nextNode(); node && out.length < 8; node = walker.nextNode()) {
               const range = document.createRange();
               range.selectNodeContents(node);
               const right = node.nodeType === 3 ? range.getBoundingClientRect().right : node.getBoundingClientRect().right;
               if (right > width + 0.5) {
                 const element = node.nodeType === 3 ? node.parentElement : node;
                 out.push(element.tagName + '.' + element.className + ' \"' + (node.textContent || '').slice(0, 30) + '\" → ' + Math.round(right));
               }
             }
             return [width, out];",
            vec![],
        )
        .await;
        panic!("{what}: the page is {page} px wide in a {window} px window ({widths}); too wide: {wide}");
    }
}

/// A 100-line manifest whose last layer's digest is in uppercase (DIG002 near the end).
fn hundred_lines() -> String {
    let mut layers = Vec::new();
    for i in 0..18 {
        let digest = sha256(format!("layer {i}").as_bytes());
        // The last layer's digest in uppercase: DIG002, near the end of the document.
        let digest = if i == 17 {
            format!("sha256:{}", digest["sha256:".len()..].to_uppercase())
        } else {
            digest
        };
        layers.push(format!(
            "    {{\n      \"mediaType\": \"application/vnd.oci.image.layer.v1.tar+gzip\",\n      \"size\": {},\n      \"digest\": \"{digest}\"\n    }}",
            1000 + i
        ));
    }
    let text = format!(
        "{{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",\n  \"config\": {{\n    \"mediaType\": \"application/vnd.oci.image.config.v1+json\",\n    \"digest\": \"{}\",\n    \"size\": 2297\n  }},\n  \"layers\": [\n{}\n  ]\n}}\n",
        sha256(b"config"),
        layers.join(",\n")
    );
    assert!(text.lines().count() >= 95, "{} lines", text.lines().count());
    text
}

/// Whether the element matching `css` is wholly inside the window.
async fn in_view(client: &Client, css: &str) -> Value {
    run(
        client,
        &format!(
            "const e = document.querySelector({css:?});
             if (!e) return 'missing';
             const r = e.getBoundingClientRect();
             return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;"
        ),
        vec![],
    )
    .await
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn the_verdict_comes_first_at_every_width() {
    let (app, _driver, client) = served().await;
    let mixed = mixed_manifest();
    let text = String::from_utf8(mixed.clone()).expect("UTF-8");
    for size in SIZES {
        resize(&client, size).await;
        open(&client, &app.url).await;
        // Each width starts empty: no session kept from the width before.
        run(&client, "localStorage.clear();", vec![]).await;
        open(&client, &app.url).await;
        let width = size.0;
        assert_no_sideways_scroll(&client, &format!("empty page at {width} px")).await;
        screenshot(&client, &format!("surface-empty-{width}.png")).await;

        paste(&client, &text).await;
        wait_for_digest(&client, &sha256(&mixed)).await;
        screenshot(&client, &format!("surface-mixed-{width}.png")).await;
        assert_no_sideways_scroll(&client, &format!("mixed manifest at {width} px")).await;
        // The summary names podman's refusal in podman's words, on the first screen.
        let headline = wait_until(
            &client,
            "the headline",
            "const h = document.querySelector('#verdict'); return h ? h.textContent : null;",
        )
        .await;
        let headline = headline.as_str().unwrap_or_default();
        assert!(
            headline.starts_with("Refused by podman") && headline.contains(PODMANS_WORDS),
            "{headline}"
        );
        // The verdict's words, on the first screen; what it holds on (a modelled verdict's
        // condition, quieter) follows them and may go on below it on a phone.
        let words_in_view = run(
            &client,
            "const h = document.querySelector('#verdict');
             const range = document.createRange();
             range.selectNodeContents(h);
             const c = h.querySelector('.headline-condition');
             if (c) range.setEndBefore(c);
             const r = range.getBoundingClientRect();
             return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;",
            vec![],
        )
        .await;
        assert_eq!(
            words_in_view,
            json!(true),
            "the verdict's words are on the first screen at {width} px"
        );
        screenshot(&client, &format!("surface-mixed-{width}.png")).await;

        // The targets table: refusals first, the silent accepts folded into one line.
        click(&client, "#panel-targets").await;
        let rows = run(
            &client,
            "return Array.from(document.querySelectorAll('table.targets tbody tr'))
               .map(r => [r.dataset.verdict || (r.classList.contains('folded') ? 'folded' : ''), r.dataset.target || '']);",
            vec![],
        )
        .await;
        assert_eq!(rows[0][0], json!("reject"), "{rows}");
        assert!(
            rows.as_array()
                .expect("rows")
                .iter()
                .any(|r| r[0] == json!("folded")),
            "{rows}"
        );
        assert_no_sideways_scroll(&client, &format!("targets at {width} px")).await;
        // Where a user scrolls to read them (on a wide screen the results pane scrolls itself).
        run(
            &client,
            "document.querySelector('.panel-tabs').scrollIntoView({ block: 'start' });",
            vec![],
        )
        .await;
        screenshot(&client, &format!("surface-targets-{width}.png")).await;
    }
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn long_documents_scroll_inside_the_editor() {
    let (app, _driver, client) = served().await;
    let document = hundred_lines();
    let index = large_index(5000);
    for size in [(1400, 900), (700, 900), (390, 844)] {
        resize(&client, size).await;
        open(&client, &app.url).await;
        let width = size.0;
        for (name, text) in [("100-line manifest", &document), ("1.4 MB index", &index)] {
            paste(&client, text).await;
            wait_for_digest(&client, &sha256(text.as_bytes())).await;
            let frame = run(
                &client,
                "const host = document.querySelector('.code-mirror');
                 const scroller = host.shadowRoot.querySelector('.cm-scroller');
                 return [host.getBoundingClientRect().height, window.innerHeight,
                         scroller.scrollHeight, scroller.clientHeight];",
                vec![],
            )
            .await;
            let (height, window) = (frame[0].as_f64().unwrap(), frame[1].as_f64().unwrap());
            assert!(
                height <= window,
                "{name} at {width} px: the editor is {height} px tall in a {window} px window"
            );
            assert!(
                frame[2].as_f64() > frame[3].as_f64(),
                "{name} at {width} px: the editor's own scroller scrolls ({frame})"
            );
            assert_no_sideways_scroll(&client, &format!("{name} at {width} px")).await;
            // A paste over everything is a new document, not an edit of the one before.
            let notes = run(
                &client,
                "return document.querySelectorAll('.warning-note').length;",
                vec![],
            )
            .await;
            assert_eq!(
                notes,
                json!(0),
                "{name} at {width} px: no digest-change note"
            );
        }
        screenshot(&client, &format!("surface-long-{width}.png")).await;

        // Clicking a problem selects its place inside the editor and leaves the list in view.
        paste(&client, &document).await;
        wait_for_digest(&client, &sha256(document.as_bytes())).await;
        let target = "[data-code=\"DIG002\"] .locate";
        let css =
            format!("document.querySelector('{target}').scrollIntoView({{block: 'center'}});");
        run(&client, &css, vec![]).await;
        let before = run(&client, "return window.scrollY;", vec![]).await;
        click(&client, target).await;
        let scrolled = wait_until(
            &client,
            "the editor to scroll to the place",
            "const s = document.querySelector('.code-mirror').shadowRoot.querySelector('.cm-scroller');
             return s.scrollTop > 0 ? s.scrollTop : null;",
        )
        .await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert_eq!(
            in_view(&client, "[data-code=\"DIG002\"]").await,
            json!(true),
            "the clicked problem is still in view at {width} px (editor scrolled to {scrolled})"
        );
        // The start of the line is shown, not cut off by a scroll to the digest's end.
        let left = run(
            &client,
            "return document.querySelector('.code-mirror').shadowRoot.querySelector('.cm-scroller').scrollLeft;",
            vec![],
        )
        .await;
        assert_eq!(left, json!(0), "the line's start is in view at {width} px");
        let after = run(&client, "return window.scrollY;", vec![]).await;
        assert_eq!(before, after, "the page did not move at {width} px");
        screenshot(&client, &format!("surface-located-{width}.png")).await;
    }
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn bundle_tabs_show_badges_and_a_parent_its_worst_child() {
    let (app, _driver, client) = served().await;
    let manifest = mixed_manifest();
    let index = format!(
        r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{}", "size": {}, "platform": {{"architecture": "amd64", "os": "linux"}}}}]}}"#,
        sha256(&manifest),
        manifest.len()
    )
    .into_bytes();
    for size in [(1400, 900), (390, 844)] {
        resize(&client, size).await;
        open(&client, &app.url).await;
        drop_files(
            &client,
            &[("index.json", &index), ("manifest.json", &manifest)],
        )
        .await;
        wait_for_digest(&client, &sha256(&index)).await;
        let tabs = wait_until(
            &client,
            "both tabs' states",
            "const tabs = Array.from(document.querySelectorAll('[role=tab][data-tab]'));
             const done = tabs.length === 2 && tabs.every(t => t.dataset.health);
             return done && tabs[1].textContent.includes('refusal')
               ? tabs.map(t => [t.dataset.tab, t.dataset.health, t.textContent]) : null;",
        )
        .await;
        // podman refuses the manifest; the index that lists it shows the child's state.
        assert_eq!(tabs[1][1], json!("bad"), "{tabs}");
        assert_eq!(tabs[0][1], json!("bad"), "{tabs}");
        assert!(
            tabs[0][2]
                .as_str()
                .is_some_and(|t| t.contains("manifest.json fails")),
            "{tabs}"
        );
        // The index's own summary says so too, in podman's words.
        let headline = run(
            &client,
            "return document.querySelector('#verdict').textContent;",
            vec![],
        )
        .await;
        let headline = headline.as_str().unwrap_or_default();
        assert!(
            headline.contains("manifest.json") && headline.contains(PODMANS_WORDS),
            "{headline}"
        );
        assert_no_sideways_scroll(&client, &format!("bundle at {}", size.0)).await;
        screenshot(&client, &format!("surface-bundle-{}.png", size.0)).await;
    }
    // The manifest's own tab has no "Open manifest.json" button: the verdict heading before
    // where it was stays the same element (it may hold the focus), not a new one.
    run(
        &client,
        "document.querySelector('#verdict').dataset.kept = 'yes';",
        vec![],
    )
    .await;
    click(&client, "#doc-tab-1").await;
    let kept = wait_until(
        &client,
        "the manifest's own verdict",
        "const h = document.querySelector('#verdict');
         return h && !document.querySelector('.open-child') && h.textContent.startsWith('Refused by podman')
           ? [h.dataset.kept || null] : null;",
    )
    .await;
    assert_eq!(kept, json!(["yes"]), "the heading was replaced");

    // Pasting another document over a whole tab asks whether the other tabs still belong.
    paste(&client, "{\"schemaVersion\": 2}").await;
    click(&client, "#close-others").await;
    wait_until(
        &client,
        "one tab left",
        "return document.querySelectorAll('[role=tab][data-tab]').length === 0;",
    )
    .await;
    client.close().await.expect("close the session");
}

/// Presses `key` where the focus is.
async fn press(client: &Client, key: Key) {
    client
        .active_element()
        .await
        .expect("a focused element")
        .send_keys(&key.to_string())
        .await
        .expect("press a key");
}

/// What has focus, after asserting that its focus is drawn; a screenshot of the step.
async fn focus_shown(client: &Client, what: &str, shot: &str) -> Value {
    let step = focused(client).await;
    assert_eq!(
        step["visible"],
        json!(true),
        "{what} shows its focus: {step}"
    );
    screenshot(client, shot).await;
    step
}

/// Types `keys` into the editor's `content` and checks that focus lands, drawn, on the
/// "Preview fix" of the diagnostic `code` (a screenshot of the step).
async fn quick_fix_reaches(
    client: &Client,
    content: &fantoccini::elements::Element,
    keys: &str,
    code: &str,
    shot: &str,
) {
    content.send_keys(keys).await.expect("the keys");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let step = focus_shown(client, &format!("{code}'s fix"), shot).await;
    assert_eq!(step["code"], json!(code), "{step}");
    assert!(
        step["text"]
            .as_str()
            .is_some_and(|t| t.contains("Preview fix")),
        "{step}"
    );
}

/// What has focus, and whether its focus is drawn (an outline that is not `none`).
async fn focused(client: &Client) -> Value {
    run(
        client,
        "let e = document.activeElement;
         while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
         const style = getComputedStyle(e);
         const host = document.activeElement;
         const hostStyle = getComputedStyle(host);
         return {
           id: e.id, text: (e.textContent || '').slice(0, 60), tag: e.tagName,
           code: e.closest('[data-code]') ? e.closest('[data-code]').dataset.code : null,
           visible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
             || (hostStyle.outlineStyle !== 'none' && parseFloat(hostStyle.outlineWidth) > 0)
             || (e.closest('.cm-editor') && e.closest('.cm-editor').classList.contains('cm-focused')
                 && getComputedStyle(e.closest('.cm-editor')).outlineStyle !== 'none'),
         };",
        vec![],
    )
    .await
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn keyboard_only_from_the_editor_to_an_applied_fix() {
    let (app, _driver, client) = served().await;
    resize(&client, (1400, 900)).await;
    open(&client, &app.url).await;
    let mixed = mixed_manifest();
    paste(&client, std::str::from_utf8(&mixed).expect("UTF-8")).await;
    wait_for_digest(&client, &sha256(&mixed)).await;
    let content = editor(&client).await;
    // The editor tells a screen reader its keys: F8 to the next problem, Ctrl-. to its fix
    // (what the gutter's lightbulb does with a pointer; the gutter is hidden from it).
    let announced = run(
        &client,
        "const content = editorContent();
         const root = content.getRootNode();
         const description = root.getElementById(content.getAttribute('aria-describedby'));
         const bulbs = Array.from(root.querySelectorAll('.cm-fix-gutter .cm-bulb title')).map(t => t.textContent);
         return [content.getAttribute('aria-keyshortcuts'), description ? description.textContent : null,
                 root.querySelector('.cm-gutters').getAttribute('aria-hidden'), bulbs];",
        vec![],
    )
    .await;
    assert_eq!(announced[0], json!("F8 Control+. Meta+."), "{announced}");
    let description = announced[1].as_str().unwrap_or_default();
    assert!(
        description.contains("F8")
            && description.contains("Ctrl-.")
            && description.contains("lightbulb"),
        "{announced}"
    );
    assert_eq!(announced[2], json!("true"), "{announced}");
    assert!(
        announced[3]
            .as_array()
            .is_some_and(|bulbs| !bulbs.is_empty()
                && bulbs
                    .iter()
                    .all(|t| t.as_str().is_some_and(|t| t.contains("Ctrl-.")))),
        "each bulb names the key that does what it does: {announced}"
    );
    // The keyboard's way to a line's bulb: F8 moves to the next problem (MIX001 on line 5,
    // then MIX002 on line 11, the second bulb), and Ctrl-. goes to that problem's fix.
    let keys = format!(
        "{}{}{}{}{}{}.{}",
        Key::Control,
        Key::Home,
        Key::Null,
        Key::F8,
        Key::F8,
        Key::Control,
        Key::Null
    );
    quick_fix_reaches(&client, &content, &keys, "MIX002", "surface-keys-0-f8.png").await;

    // In the editor: to the start, then Ctrl-. (the quick fix) lands on the fix of the first
    // diagnostic from there, the Docker config type in an OCI manifest (MIX001).
    // (One key sequence: WebDriver puts the caret at the end each time it focuses the editor.)
    content
        .send_keys(&format!("{}{}{}", Key::Control, Key::Home, Key::Null))
        .await
        .expect("Ctrl-Home");
    focus_shown(&client, "the editor", "surface-keys-1-editor.png").await;
    let keys = format!(
        "{}{}{}{}.{}",
        Key::Control,
        Key::Home,
        Key::Null,
        Key::Control,
        Key::Null
    );
    quick_fix_reaches(&client, &content, &keys, "MIX001", "surface-keys-2-fix.png").await;

    // Enter previews it; focus moves to the preview, whose first stop is Apply.
    press(&client, Key::Enter).await;
    wait_until(
        &client,
        "focus on the preview",
        "return document.activeElement && document.activeElement.id === 'preview-heading';",
    )
    .await;
    focus_shown(&client, "the preview", "surface-keys-3-preview.png").await;
    press(&client, Key::Tab).await;
    let step = focus_shown(&client, "Apply", "surface-keys-4-apply.png").await;
    assert_eq!(step["id"], json!("apply-preview"), "{step}");
    assert_eq!(in_view(&client, "#apply-preview").await, json!(true));

    // Enter applies it; focus moves to the verdict of the fixed document.
    press(&client, Key::Enter).await;
    wait_until(
        &client,
        "the fixed document's report",
        &format!(
            "const shown = document.querySelector('[data-digest]');
             const timing = document.querySelector('#check-timing');
             return shown && shown.dataset.digest !== {:?} && !timing.textContent.includes('checking')
               && !document.querySelector('[data-code=MIX001]');",
            sha256(&mixed)
        ),
    )
    .await;
    let step = focus_shown(&client, "the verdict", "surface-keys-5-applied.png").await;
    assert_eq!(step["id"], json!("verdict"), "{step}");

    // The results' tabs are a tablist: arrow keys move between them.
    click(&client, "#panel-problems").await;
    press(&client, Key::Right).await;
    let step = focused(&client).await;
    assert_eq!(step["id"], json!("panel-targets"), "{step}");
    let selected = run(
        &client,
        "const t = document.querySelector('#panel-targets');
         return [t.getAttribute('aria-selected'), t.getAttribute('aria-controls'), !!document.getElementById(t.getAttribute('aria-controls'))];",
        vec![],
    )
    .await;
    assert_eq!(selected, json!(["true", "results-panel", true]));
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn axe_finds_nothing_serious_in_either_theme() {
    let axe = std::fs::read_to_string(
        ocilint_tests::repo_root().join("static/editor/node_modules/axe-core/axe.min.js"),
    )
    .expect("axe-core is installed in static/editor (cargo xtask setup runs npm ci there)");
    let (app, _driver, client) = served().await;
    // The theme switch: system → light → dark → system, kept across visits.
    open(&client, &app.url).await;
    for expected in ["light", "dark"] {
        click(&client, "#theme").await;
        let theme = run(
            &client,
            "return [document.documentElement.dataset.theme, localStorage.getItem('ocilint.theme')];",
            vec![],
        )
        .await;
        assert_eq!(theme, json!([expected, expected]));
    }
    click(&client, "#theme").await;
    let theme = run(
        &client,
        "return [document.documentElement.hasAttribute('data-theme'), localStorage.getItem('ocilint.theme')];",
        vec![],
    )
    .await;
    assert_eq!(theme, json!([false, null]), "back to the system's theme");
    let mixed = String::from_utf8(mixed_manifest()).expect("UTF-8");
    let mut report = Vec::new();
    for theme in ["light", "dark"] {
        for size in [(1400, 900), (390, 844)] {
            resize(&client, size).await;
            open(&client, &app.url).await;
            run(
                &client,
                "localStorage.setItem('ocilint.theme', arguments[0]);",
                vec![json!(theme)],
            )
            .await;
            open(&client, &app.url).await;
            let applied = run(
                &client,
                "return document.documentElement.dataset.theme;",
                vec![],
            )
            .await;
            assert_eq!(applied, json!(theme));
            paste(&client, &mixed).await;
            wait_for_digest(&client, &sha256(mixed.as_bytes())).await;
            for panel in ["#panel-problems", "#panel-targets"] {
                click(&client, panel).await;
                run(&client, &format!("{axe}\n;return true;"), vec![]).await;
                let violations = client
                    .execute_async(
                        "const done = arguments[arguments.length - 1];
                         axe.run(document, { resultTypes: ['violations'] })
                           .then(r => done(r.violations
                             .filter(v => v.impact === 'serious' || v.impact === 'critical')
                             .map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => [n.target, n.failureSummary]) }))))
                           .catch(e => done([{ id: 'axe failed', impact: String(e) }]));",
                        vec![],
                    )
                    .await
                    .expect("axe.run");
                report.push(format!("{theme} {} {panel}: {violations}", size.0));
                if panel == "#panel-targets" {
                    screenshot(&client, &format!("surface-{theme}-{}.png", size.0)).await;
                }
            }
        }
    }
    let serious: Vec<&String> = report.iter().filter(|r| !r.ends_with(": []")).collect();
    assert!(
        serious.is_empty(),
        "axe-core found serious or critical violations:\n{}",
        report.join("\n")
    );
    eprintln!(
        "axe-core: no serious or critical violations\n{}",
        report.join("\n")
    );
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn a_long_link_is_made_only_after_a_warning() {
    let (_app, _driver, client) = opened_page().await;
    let index = large_index(5000);
    paste(&client, &index).await;
    wait_for_digest(&client, &sha256(index.as_bytes())).await;
    click(&client, "#share").await;
    let notice = wait_until(
        &client,
        "the warning",
        "const n = document.querySelector('.notice'); return n ? n.textContent : null;",
    )
    .await;
    assert!(
        notice
            .as_str()
            .is_some_and(|n| n.contains("characters long")),
        "{notice}"
    );
    let hash = run(&client, "return location.hash;", vec![]).await;
    assert_eq!(hash, json!(""), "no link before the second press");
    click(&client, "#share").await;
    wait_until(
        &client,
        "the link",
        "return location.hash.startsWith('#doc=');",
    )
    .await;
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn a_restored_session_keeps_its_digest_without_a_note() {
    let (app, _driver, client) = opened_page().await;
    // CRLF line ends and a mixed manifest: what the editor could normalise if it touched it.
    let text = String::from_utf8(mixed_manifest())
        .expect("UTF-8")
        .replace('\n', "\r\n");
    drop_files(&client, &[("crlf.json", text.as_bytes())]).await;
    wait_for_digest(&client, &sha256(text.as_bytes())).await;
    // Reloading opens the session kept in localStorage: the same bytes, so no digest note.
    open(&client, &app.url).await;
    wait_for_digest(&client, &sha256(text.as_bytes())).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let notes = run(
        &client,
        "return [document.querySelectorAll('.warning-note').length, document.querySelector('[data-digest]').dataset.digest];",
        vec![],
    )
    .await;
    assert_eq!(notes, json!([0, sha256(text.as_bytes())]));
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn a_gutter_lightbulb_goes_to_the_fix() {
    let (_app, _driver, client) = opened_page().await;
    let mixed = mixed_manifest();
    paste(&client, std::str::from_utf8(&mixed).expect("UTF-8")).await;
    wait_for_digest(&client, &sha256(&mixed)).await;
    // MIX001 (line 5) and MIX002 (line 11) have fixes to preview: a bulb on each line.
    let bulbs = wait_until(
        &client,
        "two bulbs",
        "const root = document.querySelector('.code-mirror').shadowRoot;
         const bulbs = root.querySelectorAll('.cm-fix-gutter .cm-bulb');
         return bulbs.length === 2 ? bulbs.length : null;",
    )
    .await;
    assert_eq!(bulbs, json!(2));
    let first = run(
        &client,
        "return document.querySelector('.code-mirror').shadowRoot.querySelector('.cm-fix-gutter .cm-bulb').parentElement;",
        vec![],
    )
    .await;
    let id = first
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(Value::as_str)
        .expect("an element reference");
    fantoccini::elements::Element::from_element_id(
        client.clone(),
        fantoccini::elements::ElementRef::from(id.to_owned()),
    )
    .click()
    .await
    .expect("click the bulb");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let step = focused(&client).await;
    assert_eq!(step["code"], json!("MIX001"), "{step}");
    assert!(
        step["text"]
            .as_str()
            .is_some_and(|t| t.contains("Preview fix")),
        "{step}"
    );
    screenshot(&client, "surface-bulb.png").await;
    client.close().await.expect("close the session");
}

/// The document pane's and the results pane's widths, the splitter's value, and whether the
/// splitter is shown.
async fn panes(client: &Client) -> Value {
    run(
        client,
        "const width = css => document.querySelector(css).getBoundingClientRect().width;
         const splitter = document.querySelector('#pane-splitter');
         return {
           document: width('.editor-pane'), results: width('.results-pane'),
           value: Number(splitter.getAttribute('aria-valuenow')),
           shown: splitter.getClientRects().length > 0,
         };",
        vec![],
    )
    .await
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn the_panes_resize_by_pointer_and_keyboard() {
    use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};

    let (app, _driver, client) = served().await;
    resize(&client, (1400, 900)).await;
    open(&client, &app.url).await;
    run(
        &client,
        "localStorage.removeItem('ocilint.editor-width');",
        vec![],
    )
    .await;
    open(&client, &app.url).await;
    let mixed = mixed_manifest();
    paste(&client, std::str::from_utf8(&mixed).expect("UTF-8")).await;
    wait_for_digest(&client, &sha256(&mixed)).await;

    // A window splitter: focusable, with its value and bounds.
    let splitter = run(
        &client,
        "const s = document.querySelector('#pane-splitter');
         return ['role', 'tabindex', 'aria-orientation', 'aria-valuemin', 'aria-valuemax', 'aria-label']
           .map(name => s.getAttribute(name));",
        vec![],
    )
    .await;
    assert_eq!(
        splitter,
        json!([
            "separator",
            "0",
            "vertical",
            "30",
            "70",
            "Document and results width"
        ])
    );
    let before = panes(&client).await;
    assert_eq!(before["value"], json!(52), "{before}");
    assert_eq!(before["shown"], json!(true), "{before}");

    // Dragged 210 px to the left: the document pane narrows by that much, the results widen.
    let handle = client
        .find(fantoccini::Locator::Css("#pane-splitter"))
        .await
        .expect("the splitter");
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: handle.clone(),
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveBy {
            duration: Some(std::time::Duration::from_millis(250)),
            x: -210.0,
            y: 0.0,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    client
        .perform_actions(drag)
        .await
        .expect("drag the splitter");
    let dragged = panes(&client).await;
    let change = |after: &Value, pane: &str| {
        after[pane].as_f64().expect("a width") - before[pane].as_f64().expect("a width")
    };
    assert!(
        (change(&dragged, "document") + 210.0).abs() <= 4.0,
        "the document pane follows the pointer: {before} → {dragged}"
    );
    assert!(
        (change(&dragged, "results") - 210.0).abs() <= 4.0,
        "the results take the room: {before} → {dragged}"
    );
    assert_eq!(
        dragged["value"],
        json!(37),
        "52 % less 210 px of 1400: {dragged}"
    );
    assert_no_sideways_scroll(&client, "after a drag").await;
    screenshot(&client, "surface-resized-1400.png").await;

    // The keyboard: the arrows step by 2 %, End and Home go to the bounds, focus drawn.
    handle
        .send_keys(&format!("{}{}{}", Key::Right, Key::Right, Key::Right))
        .await
        .expect("arrow keys");
    focus_shown(&client, "the splitter", "surface-resize-keys.png").await;
    let stepped = panes(&client).await;
    assert_eq!(stepped["value"], json!(43), "{stepped}");
    assert!(
        (change(&stepped, "document") - change(&dragged, "document") - 0.06 * 1400.0).abs() <= 4.0,
        "three steps of 2 % of the window: {dragged} → {stepped}"
    );
    press(&client, Key::End).await;
    let widest = panes(&client).await;
    assert_eq!(widest["value"], json!(70), "{widest}");
    assert!(
        widest["document"].as_f64() > stepped["document"].as_f64()
            && widest["results"].as_f64() < stepped["results"].as_f64(),
        "{stepped} → {widest}"
    );
    assert_no_sideways_scroll(&client, "the document pane at its widest").await;
    press(&client, Key::Home).await;
    let narrowest = panes(&client).await;
    assert_eq!(narrowest["value"], json!(30), "{narrowest}");
    assert_no_sideways_scroll(&client, "the document pane at its narrowest").await;
    press(&client, Key::Right).await;

    // The width is kept for the next visit.
    open(&client, &app.url).await;
    wait_for_digest(&client, &sha256(&mixed)).await;
    let kept = panes(&client).await;
    assert_eq!(kept["value"], json!(32), "{kept}");
    assert!(
        (kept["document"].as_f64().unwrap()
            - narrowest["document"].as_f64().unwrap()
            - 0.02 * 1400.0)
            .abs()
            <= 4.0,
        "{narrowest} → {kept}"
    );

    // Stacked on a narrow screen, there is nothing to share: no splitter.
    resize(&client, (700, 900)).await;
    let stacked = panes(&client).await;
    assert_eq!(stacked["shown"], json!(false), "{stacked}");
    assert_no_sideways_scroll(&client, "stacked at 700 px").await;
    client.close().await.expect("close the session");
}

/// Sets the Targets field to `typed` as one input event (the page checks each event's value).
async fn set_targets(client: &Client, typed: &str) {
    run(
        client,
        "const field = document.querySelector('#targets');
         field.value = arguments[0];
         field.dispatchEvent(new InputEvent('input', { bubbles: true }));",
        vec![json!(typed)],
    )
    .await;
}

/// The Targets field's error once it names `unknown`, with the field's `aria-invalid` and
/// `aria-describedby`.
async fn targets_error(client: &Client, unknown: &str) -> Value {
    wait_until(
        client,
        &format!("the Targets field's error for {unknown}"),
        &format!(
            "const e = document.querySelector('#targets-error');
             const field = document.querySelector('#targets');
             return e && !e.hidden && e.textContent.startsWith({:?})
               ? [e.textContent, field.getAttribute('aria-invalid'), field.getAttribute('aria-describedby')] : null;",
            format!("unknown target {unknown} ")
        ),
    )
    .await
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn an_unknown_target_suggests_the_one_meant() {
    let (app, _driver, client) = served().await;
    resize(&client, (390, 844)).await;
    open(&client, &app.url).await;
    let mixed = mixed_manifest();
    paste(&client, std::str::from_utf8(&mixed).expect("UTF-8")).await;
    wait_for_digest(&client, &sha256(&mixed)).await;
    // What people type: a registry's host, a name without its hyphen, an ECR registry's
    // host, a product's other tool after a known name.
    for (typed, meant) in [
        ("Quay.io", "quay"),
        ("dockerhub", "docker-hub"),
        ("123456789012.dkr.ecr.us-east-1.amazonaws.com", "ecr"),
        ("podman, skopeo", "podman"),
    ] {
        set_targets(&client, typed).await;
        let unknown = typed.rsplit(", ").next().unwrap_or(typed);
        let said = targets_error(&client, unknown).await;
        let text = said[0].as_str().unwrap_or_default();
        assert!(
            text.starts_with(&format!("unknown target {unknown} (did you mean {meant}?)")),
            "{typed}: {said}"
        );
        assert_eq!(said[1], json!("true"), "{said}");
        assert_eq!(said[2], json!("targets-error"), "{said}");
        assert_no_sideways_scroll(&client, &format!("the error for {typed}")).await;
        if typed == "Quay.io" {
            screenshot(&client, "surface-targets-typo-390.png").await;
        }
    }
    // The name suggested is taken as it is.
    set_targets(&client, "quay").await;
    wait_until(
        &client,
        "no error",
        "const e = document.querySelector('#targets-error');
         return (!e || e.hidden) && document.querySelector('#targets').getAttribute('aria-invalid') === 'false';",
    )
    .await;
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn typing_an_unknown_target_keeps_the_field_and_its_focus() {
    let (_app, _driver, client) = opened_page().await;
    let field = client
        .find(fantoccini::Locator::Css("#targets"))
        .await
        .expect("the Targets field");
    // Key by key, as a user types: the error appears after the first key and changes with
    // each; the field stays the same element, with the focus and every key typed.
    field.send_keys("Quay.io").await.expect("type a target");
    let said = targets_error(&client, "Quay.io").await;
    assert!(
        said[0]
            .as_str()
            .is_some_and(|t| t.starts_with("unknown target Quay.io (did you mean quay?)")),
        "{said}"
    );
    let step = focused(&client).await;
    assert_eq!(step["id"], json!("targets"), "{step}");
    assert_eq!(
        field.prop("value").await.expect("the field's value"),
        Some("Quay.io".to_owned())
    );
    client.close().await.expect("close the session");
}

/// Each target row's verdict, target, operation, condition line and basis note, as read.
const TARGET_DETAILS: &str =
    "return Array.from(document.querySelectorAll('table.targets tbody tr[data-target]'))
   .map(r => [r.dataset.verdict, r.dataset.target,
              (r.querySelector('.operation') || {}).textContent || '',
              (r.querySelector('.target-condition') || {}).textContent || '',
              (r.querySelector('.basis-note') || {}).textContent || '']);";

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn a_modelled_verdict_shows_its_step_and_what_it_holds_on() {
    let axe = std::fs::read_to_string(
        ocilint_tests::repo_root().join("static/editor/node_modules/axe-core/axe.min.js"),
    )
    .expect("axe-core is installed in static/editor (cargo xtask setup runs npm ci there)");
    let (app, _driver, client) = served().await;
    let mixed = mixed_manifest();
    for size in [(1400, 900), (390, 844), (320, 568)] {
        let width = size.0;
        resize(&client, size).await;
        open(&client, &app.url).await;
        run(&client, "localStorage.clear();", vec![]).await;
        open(&client, &app.url).await;
        paste(&client, std::str::from_utf8(&mixed).expect("UTF-8")).await;
        wait_for_digest(&client, &sha256(&mixed)).await;
        set_targets(&client, "podman@4.3,distribution@v2.8").await;
        click(&client, "#panel-targets").await;
        // The three verdicts of the two modelled targets (podman pulls and copies, distribution
        // takes a push), once the page has checked against them.
        let rows = wait_until(
            &client,
            "the two modelled targets' rows",
            &format!(
                "const rows = (() => {{ {TARGET_DETAILS} }})();
                 return rows.length === 3 && rows.every(r => r[1] === 'podman' || r[1] === 'distribution') ? rows : null;"
            ),
        )
        .await;
        let row = |target: &str, operation: &str| {
            rows.as_array()
                .expect("rows")
                .iter()
                .find(|r| r[1] == json!(target) && r[2] == json!(operation))
                .unwrap_or_else(|| panic!("no {target} {operation} row in {rows}"))
                .clone()
        };
        // The Content-Type every model assumes (none was given) is said once, above the rows.
        let assumption = run(
            &client,
            "return document.querySelector('#targets-assumption').textContent;",
            vec![],
        )
        .await;
        assert_eq!(
            assumption,
            json!("No Content-Type was given: the modelled programs take the document as sent with application/vnd.oci.image.manifest.v1+json. Set the Content-Type above to judge it as sent with another."),
        );
        // Podman's refusal: the step of its code that decides; it holds on nothing else.
        let pull = row("podman", "pull");
        assert_eq!(pull[0], json!("reject"), "{pull}");
        assert_eq!(pull[3], json!(""), "{pull}");
        assert_eq!(
            pull[4],
            json!("modelled from podman's code: step parse image configuration"),
            "{pull}"
        );
        // Distribution's accept holds only if the blobs are there: it keeps its own row.
        let push = row("distribution", "push");
        assert_eq!(push[0], json!("accept"), "{push}");
        let condition = push[3].as_str().unwrap_or_default();
        assert!(
            condition.starts_with(
                "Holds if the repository holds the config and layer blobs (sha256:7760637f"
            ),
            "{push}"
        );
        assert_eq!(
            push[4],
            json!("modelled from distribution's code: step verify references"),
            "{push}"
        );
        // Nothing conditional folds into the silent accepts' line.
        let folded = run(
            &client,
            "return document.querySelectorAll('table.targets tr.folded').length;",
            vec![],
        )
        .await;
        assert_eq!(folded, json!(0), "{rows}");
        // The summary does not read the conditional refusal as unconditional: the condition
        // follows its words, quieter, in the same heading.
        let headline = run(
            &client,
            "const h = document.querySelector('#verdict');
             const c = h.querySelector('.headline-condition');
             return [h.textContent, c ? c.textContent : null, c ? getComputedStyle(c).fontWeight : null];",
            vec![],
        )
        .await;
        assert!(
            headline[0]
                .as_str()
                .is_some_and(|h| h.starts_with("Refused by podman 4.3 (pull): unsupported")),
            "{headline}"
        );
        // The headline names one verdict, so it keeps the assumed Content-Type with it.
        assert_eq!(
            headline[1],
            json!("Holds if it is sent with Content-Type application/vnd.oci.image.manifest.v1+json (none was given)"),
            "{headline}"
        );
        assert_eq!(headline[2], json!("400"), "{headline}");
        assert_no_sideways_scroll(&client, &format!("conditions at {width} px")).await;
        run(
            &client,
            "document.querySelector('#verdict').scrollIntoView({ block: 'start' });",
            vec![],
        )
        .await;
        screenshot(&client, &format!("surface-verdict-conditions-{width}.png")).await;
        // The quiet lines still contrast enough, and the disclosures are named: axe-core finds
        // nothing serious in the conditions view.
        run(&client, &format!("{axe}\n;return true;"), vec![]).await;
        let violations = client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                   .then(r => done(r.violations
                     .filter(v => v.impact === 'serious' || v.impact === 'critical')
                     .map(v => ({ id: v.id, nodes: v.nodes.slice(0, 3).map(n => [n.target, n.failureSummary]) }))))
                   .catch(e => done([{ id: 'axe failed', error: String(e) }]));",
                vec![],
            )
            .await
            .expect("axe.run");
        assert_eq!(violations, json!([]), "at {width} px");
        run(
            &client,
            "document.querySelector('.panel-tabs').scrollIntoView({ block: 'start' });",
            vec![],
        )
        .await;
        screenshot(&client, &format!("surface-targets-conditions-{width}.png")).await;
    }
    client.close().await.expect("close the session");
}
