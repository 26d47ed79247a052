//! The playground (issue 20): what people paste, repaired in the page by each paste-damage
//! rule's fix; binary files named for what they are; `jq` output named as re-serialized; the
//! settings panel changing the diagnostics, exported as `ocilint.toml` and imported into a
//! fresh page; problems filtered and grouped; the read-only format view; and a bundle's
//! rewrite downloaded as a zip and as an OCI layout. Screenshots go to
//! `target/e2e/playground-*.png`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use fantoccini::{Client, Locator};
use ocilint_core::digest::sha256;
use serde_json::{json, Value};

use super::{
    click, codes, drop_files, open, paste, run, screenshot, screenshot_path, text_of,
    wait_for_digest, wait_for_file, wait_until, App, Driver, BROKEN_MANIFEST,
};

/// A manifest the paste-damage cases damage: valid as it is.
const MANIFEST: &str = r#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {
    "mediaType": "application/vnd.oci.image.config.v1+json",
    "size": 2297,
    "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443"
  },
  "layers": [
    {
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "size": 29534055,
      "digest": "sha256:3713021b02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca"
    }
  ]
}
"#;

/// A session whose downloads land in a fresh `target/e2e/<name>/`.
async fn session_with_downloads(driver: &Driver, name: &str) -> (Client, PathBuf) {
    let downloads = screenshot_path(name);
    let _ = std::fs::remove_dir_all(&downloads);
    std::fs::create_dir_all(&downloads).expect("downloads dir");
    let client = driver.session_with(Some(&downloads), false).await;
    (client, downloads)
}

/// The shown report's diagnostics of `code`: `[severity, message]` each.
async fn diagnostics_of(client: &Client, code: &str) -> Vec<(String, String)> {
    let value = run(
        client,
        "return [...document.querySelectorAll(`.diagnostic[data-code=\"${arguments[0]}\"]`)]
           .map(e => [e.dataset.severity, e.querySelector('.message').textContent]);",
        vec![json!(code)],
    )
    .await;
    serde_json::from_value(value).expect("pairs")
}

/// Applies every safe fix (the Fixes panel's first rewrite) and waits for the result: the
/// rewritten text's digest, and the codes the preview said it applied.
async fn apply_safe_fixes(client: &Client) -> (String, Vec<String>) {
    click(client, "#panel-fixes").await;
    click(client, "#fix-safe").await;
    let digest = wait_until(
        client,
        "the preview",
        "const out = document.querySelector('.output[data-output-digest]');
         return out ? out.getAttribute('data-output-digest') : null;",
    )
    .await
    .as_str()
    .expect("a digest")
    .to_owned();
    let applied = run(
        client,
        "return [...document.querySelectorAll('[data-applied]')].map(e => e.dataset.applied);",
        vec![],
    )
    .await;
    let applied: Vec<String> = serde_json::from_value(applied).expect("codes");
    click(client, "#apply-preview").await;
    wait_for_digest(client, &digest).await;
    click(client, "#panel-problems").await;
    (digest, applied)
}

/// The problems list shows DSC001 as an info and nothing else, as the settings that
/// `settings_change_the_diagnostics_and_travel_as_ocilint_toml` makes have it.
const ONLY_DSC001_AS_INFO: &str = "const rows = [...document.querySelectorAll('.diagnostic')];
     return rows.length === 1 && rows[0].dataset.code === 'DSC001' && rows[0].dataset.severity === 'info';";

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn each_paste_damage_is_repaired_by_its_fix() {
    let app = App::start();
    let driver = Driver::start();
    let client = driver.session().await;
    open(&client, &app.url).await;
    let indented_with_nbsp = MANIFEST
        .lines()
        .map(|line| {
            let spaces = line.len() - line.trim_start().len();
            format!("{}{}", "\u{a0}".repeat(spaces), line.trim_start())
        })
        .collect::<Vec<_>>()
        .join("\n");
    let curly = MANIFEST
        .replacen("\"schemaVersion\"", "\u{201c}schemaVersion\u{201d}", 1)
        .replacen("\"layers\"", "\u{201c}layers\u{201d}", 1);
    // What each fix leaves: exactly the manifest (the NBSP case lost its last newline when it
    // was made, and its fix replaces each NBSP with one space).
    let without_final_newline = MANIFEST.trim_end().to_owned();
    let cases: [(&str, &str, String); 5] = [
        (
            "INP001",
            "a prompt and command line",
            format!("$ crane manifest alpine:3.20\n{MANIFEST}"),
        ),
        (
            "INP002",
            "a Markdown fence",
            format!("```json\n{MANIFEST}```\n"),
        ),
        (
            "INP003",
            "trailing prose",
            format!("{MANIFEST}This is the manifest the registry refused.\n"),
        ),
        ("INP004", "curly quotes", curly),
        ("INP005", "NBSP indentation", indented_with_nbsp),
    ];
    for (code, what, damaged) in cases {
        let expected = if code == "INP005" {
            without_final_newline.as_str()
        } else {
            MANIFEST
        };
        paste(&client, &damaged).await;
        wait_for_digest(&client, &sha256(damaged.as_bytes())).await;
        let found = diagnostics_of(&client, code).await;
        assert!(
            !found.is_empty(),
            "{what}: {code} in the page, found {:?}",
            codes(&client).await
        );
        let (digest, applied) = apply_safe_fixes(&client).await;
        assert!(
            applied.iter().any(|c| c == code),
            "{what}: {code}'s fix applied, applied {applied:?}"
        );
        // The editor holds the repaired bytes, and they are checked clean of the damage.
        let repaired = run(&client, "return editorText();", vec![]).await;
        let repaired = repaired.as_str().expect("the editor's text").to_owned();
        assert_eq!(sha256(repaired.as_bytes()), digest, "{what}");
        assert_eq!(repaired, expected, "{what}: exactly the damage removed");
        let shown = codes(&client).await;
        assert!(
            !shown
                .iter()
                .any(|c| c.starts_with("INP") || c.starts_with("JSON")),
            "{what}: after the fix the page shows {shown:?}"
        );
        let engine = ocilint_core::check(repaired.as_bytes(), &Default::default());
        assert!(
            !engine
                .diagnostics
                .iter()
                .any(|d| d.code.starts_with("INP") || d.code.starts_with("JSON")),
            "{what}: the repaired bytes still have {:?}",
            engine
                .diagnostics
                .iter()
                .map(|d| d.code)
                .collect::<Vec<_>>()
        );
        eprintln!("{code} ({what}): repaired to {digest}");
    }
    client.close().await.expect("close the session");
}

/// A tar holding `files`, as `docker save` or `tar cf` writes one.
fn tar_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, bytes) in files {
        let mut header = tar::Header::new_ustar();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(&mut header, name, *bytes)
            .expect("a tar member");
    }
    builder.into_inner().expect("a tar")
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn binary_files_dropped_are_named_for_what_they_are() {
    let app = App::start();
    let driver = Driver::start();
    let client = driver.session().await;
    open(&client, &app.url).await;
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzip.write_all(MANIFEST.as_bytes()).expect("gzip");
    let gzip = gzip.finish().expect("gzip");
    let tar = tar_of(&[("manifest.json", b"[]"), ("repositories", b"{}")]);
    let zip =
        ocilint_core::zip::stored(&[("manifest.json".to_owned(), MANIFEST.into())]).expect("a zip");
    // Named as a user who picked the wrong file might have it: not as an archive the page
    // would open as a whole image.
    let cases: [(&str, &[u8], &str); 3] = [
        ("layer.gz", &gzip, "gzip-compressed data"),
        (
            "saved-image",
            &tar,
            "tar archive as `docker save` writes it",
        ),
        ("bundle.zip", &zip, "zip archive"),
    ];
    for (name, bytes, said) in cases {
        drop_files(&client, &[(name, bytes)]).await;
        wait_for_digest(&client, &sha256(bytes)).await;
        let found = diagnostics_of(&client, "INP006").await;
        assert_eq!(found.len(), 1, "{name}: {:?}", codes(&client).await);
        let said = said.replace('`', "");
        assert!(found[0].1.contains(&said), "{name}: {:?}", found[0]);
        assert!(
            !found[0].1.contains("U+001F"),
            "{name}: named, not a code point"
        );
        eprintln!("{name}: {}", found[0].1);
    }
    client.close().await.expect("close the session");
}

/// The seed thread's manifest (kaniko's story): the first JSON object after its
/// `crane manifest … | jq` line.
fn seed_manifest() -> (String, String) {
    let seeds = Path::new("/work/shared/seeds");
    let seeds = if seeds.is_dir() {
        seeds.to_owned()
    } else {
        ocilint_tests::repo_root().join("../shared/seeds")
    };
    let seed = std::fs::read_dir(&seeds)
        .expect("the seed threads")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("000_"))
        })
        .expect("seed 000");
    let text = std::fs::read_to_string(seed).expect("the seed");
    let command = text
        .lines()
        .find(|l| l.starts_with("$ crane manifest") && l.contains("| jq"))
        .expect("the seed's command line")
        .to_owned();
    let after = &text[text.find(&command).expect("command") + command.len()..];
    let start = after.find('{').expect("the manifest");
    let mut depth = 0;
    let mut end = start;
    for (i, c) in after[start..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            end = start + i + 1;
            break;
        }
    }
    (command, after[start..end].to_owned())
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn jq_output_of_a_seed_document_is_named_as_reserialized() {
    let (command, manifest) = seed_manifest();
    let mut jq = Command::new("jq")
        .arg(".")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("jq is installed");
    jq.stdin
        .take()
        .expect("stdin")
        .write_all(manifest.as_bytes())
        .expect("to jq");
    let output = jq.wait_with_output().expect("jq's output");
    assert!(output.status.success());
    let printed = String::from_utf8(output.stdout).expect("UTF-8");
    let pasted = format!("{command}\n{printed}");

    let app = App::start();
    let driver = Driver::start();
    let client = driver.session().await;
    open(&client, &app.url).await;
    paste(&client, &pasted).await;
    wait_for_digest(&client, &sha256(pasted.as_bytes())).await;
    let found = diagnostics_of(&client, "INP007").await;
    assert_eq!(found.len(), 1, "{:?}", codes(&client).await);
    let help = text_of(&client, ".diagnostic[data-code=\"INP007\"] .help").await;
    for raw in ["crane manifest", "skopeo inspect --raw"] {
        assert!(
            found[0].1.contains(raw) || help.contains(raw),
            "{raw}: {found:?} {help}"
        );
    }
    eprintln!("INP007: {} / {help}", found[0].1);
    client.close().await.expect("close the session");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn settings_change_the_diagnostics_and_travel_as_ocilint_toml() {
    let app = App::start();
    let driver = Driver::start();
    let (client, downloads) = session_with_downloads(&driver, "downloads-settings").await;
    resize(&client, 1400, 900).await;
    open(&client, &app.url).await;
    paste(&client, BROKEN_MANIFEST).await;
    wait_for_digest(&client, &sha256(BROKEN_MANIFEST.as_bytes())).await;
    assert_eq!(codes(&client).await, ["DSC001", "DIG002"]);
    let dsc001 = diagnostics_of(&client, "DSC001").await;
    assert_eq!(dsc001[0].0, "error");

    // In the panel: DIG002 off, DSC001 an info, the targets quay.
    click(&client, "#panel-settings").await;
    click(&client, "#rule-on-DIG002").await;
    run(
        &client,
        "const select = document.querySelector('#rule-severity-DSC001');
         select.value = 'info';
         select.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![],
    )
    .await;
    client
        .find(Locator::Css("#settings-targets"))
        .await
        .expect("the targets field")
        .send_keys("quay")
        .await
        .expect("type");
    wait_until(
        &client,
        "the settings applied",
        "return document.querySelector('#panel-settings') &&
           document.querySelector('tr[data-rule=\"DIG002\"]').dataset.enabled === 'false' &&
           document.querySelector('tr[data-rule=\"DSC001\"]').dataset.severity === 'info';",
    )
    .await;
    scroll_to(&client, "#panel-settings").await;
    screenshot(&client, "playground-settings-1400.png").await;
    assert_eq!(
        axe_serious(&client).await,
        json!([]),
        "axe on the settings panel"
    );
    click(&client, "#panel-problems").await;
    wait_until(
        &client,
        "DSC001 as an info and no DIG002",
        ONLY_DSC001_AS_INFO,
    )
    .await;

    click(&client, "#panel-settings").await;
    click(&client, "#settings-export").await;
    let exported =
        String::from_utf8(wait_for_file(&downloads.join("ocilint.toml")).await).expect("UTF-8");
    eprintln!("exported ocilint.toml:\n{exported}");
    assert!(exported.contains("ignore = [\"DIG002\"]"), "{exported}");
    assert!(exported.contains("target = [\"quay\"]"), "{exported}");
    assert!(
        exported.contains("[severity]\nDSC001 = \"info\""),
        "{exported}"
    );
    // The CLI reads the file the page wrote.
    let parsed = ocilint_core::config::parse(&exported).expect("the CLI's reader reads it");
    assert!(!parsed.is_enabled("DIG002"));

    // A reload keeps them: the same document, checked with the same rules.
    open(&client, &app.url).await;
    wait_for_digest(&client, &sha256(BROKEN_MANIFEST.as_bytes())).await;
    wait_until(
        &client,
        "DSC001 as an info and no DIG002, after a reload",
        ONLY_DSC001_AS_INFO,
    )
    .await;
    click(&client, "#panel-settings").await;
    wait_until(
        &client,
        "the settings panel as it was left",
        "return document.querySelector('tr[data-rule=\"DIG002\"]').dataset.enabled === 'false' &&
           document.querySelector('tr[data-rule=\"DSC001\"]').dataset.severity === 'info' &&
           document.querySelector('#settings-targets').value === 'quay';",
    )
    .await;
    // With no document kept, the settings still apply to the next one pasted.
    run(
        &client,
        "localStorage.removeItem('ocilint.session.v1');",
        vec![],
    )
    .await;
    open(&client, &app.url).await;
    paste(&client, BROKEN_MANIFEST).await;
    wait_for_digest(&client, &sha256(BROKEN_MANIFEST.as_bytes())).await;
    wait_until(
        &client,
        "DSC001 as an info and no DIG002, on a page that kept no document",
        ONLY_DSC001_AS_INFO,
    )
    .await;

    // A fresh page: a new browser profile, nothing kept. The import restores everything.
    client.close().await.expect("close the session");
    let (client, downloads_again) =
        session_with_downloads(&driver, "downloads-settings-fresh").await;
    resize(&client, 1400, 900).await;
    open(&client, &app.url).await;
    paste(&client, BROKEN_MANIFEST).await;
    wait_for_digest(&client, &sha256(BROKEN_MANIFEST.as_bytes())).await;
    assert_eq!(codes(&client).await, ["DSC001", "DIG002"]);
    click(&client, "#panel-settings").await;

    // First a file that does not read: every problem at its place, nothing changed.
    let bad = screenshot_path("bad-ocilint.toml");
    std::fs::write(&bad, "selct = [\"DSC001\"]\n[severity]\nDSC001 = 3\n").expect("write");
    import(&client, &bad).await;
    wait_until(
        &client,
        "the problems of the bad file",
        "return document.querySelectorAll('.settings-problem').length === 2;",
    )
    .await;
    let problems = text_of(&client, "#settings-problems").await;
    // Backtick-quoted words are drawn as code: the text reads without the backticks.
    assert!(
        problems.contains("ocilint.toml:1:1") && problems.contains("did you mean select"),
        "{problems}"
    );
    assert!(problems.contains("ocilint.toml:3:10"), "{problems}");
    assert!(
        problems.contains("selct = [\"DSC001\"]"),
        "the file is shown as imported"
    );
    scroll_to(&client, "#settings-problems").await;
    screenshot(&client, "playground-settings-problems-1400.png").await;
    click(&client, "#panel-problems").await;
    assert_eq!(
        codes(&client).await,
        ["DSC001", "DIG002"],
        "settings unchanged"
    );

    click(&client, "#panel-settings").await;
    let good = downloads.join("ocilint.toml");
    import(&client, &good).await;
    wait_until(
        &client,
        "the imported settings",
        "return !document.querySelector('#settings-problems') &&
           document.querySelector('tr[data-rule=\"DIG002\"]').dataset.enabled === 'false' &&
           document.querySelector('tr[data-rule=\"DSC001\"]').dataset.severity === 'info';",
    )
    .await;
    let targets = run(
        &client,
        "return document.querySelector('#targets').value;",
        vec![],
    )
    .await;
    assert_eq!(targets, json!("quay"));
    click(&client, "#panel-problems").await;
    wait_until(
        &client,
        "DSC001 as an info and no DIG002, restored",
        ONLY_DSC001_AS_INFO,
    )
    .await;
    // Exported again, the same file.
    click(&client, "#panel-settings").await;
    click(&client, "#settings-export").await;
    let again = String::from_utf8(wait_for_file(&downloads_again.join("ocilint.toml")).await)
        .expect("UTF-8");
    assert_eq!(again, exported);

    // The panel at a phone's width: nothing wider than the window.
    resize(&client, 390, 844).await;
    scroll_to(&client, ".settings-actions").await;
    screenshot(&client, "playground-settings-390.png").await;
    scroll_to(&client, "table.rule-settings").await;
    screenshot(&client, "playground-settings-rules-390.png").await;
    // As surface.rs measures it: the page no wider than the window (its scroll bar included).
    let wider = run(
        &client,
        "return document.documentElement.scrollWidth > window.innerWidth;",
        vec![],
    )
    .await;
    assert_eq!(
        wider,
        json!(false),
        "the settings panel scrolls sideways at 390 px"
    );
    assert_eq!(
        axe_serious(&client).await,
        json!([]),
        "axe on the settings panel at 390 px"
    );
    client.close().await.expect("close the session");
}

/// axe-core's serious and critical violations on the page as it is (as surface.rs runs it).
pub(crate) async fn axe_serious(client: &Client) -> Value {
    let axe = std::fs::read_to_string(
        ocilint_tests::repo_root().join("static/editor/node_modules/axe-core/axe.min.js"),
    )
    .expect("axe-core is installed in static/editor (cargo xtask setup runs npm ci there)");
    run(client, &format!("{axe}\n;return true;"), vec![]).await;
    client
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
        .expect("axe.run")
}

/// Gives the settings panel's file input a file, as choosing it in the dialog does.
async fn import(client: &Client, path: &Path) {
    client
        .find(Locator::Css("#settings-import"))
        .await
        .expect("the import input")
        .send_keys(&path.display().to_string())
        .await
        .expect("choose the file");
}

/// Makes the viewport (not the window around it) `width`×`height`, as surface.rs does.
async fn resize(client: &Client, width: u32, height: u32) {
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

/// Scrolls the first element matching `css` to the top of the window, for a screenshot.
async fn scroll_to(client: &Client, css: &str) {
    run(
        client,
        "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' });",
        vec![json!(css)],
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn problems_filter_and_group_and_the_format_view_is_read_only() {
    let app = App::start();
    let driver = Driver::start();
    let client = driver.session().await;
    resize(&client, 1400, 900).await;
    open(&client, &app.url).await;
    // Two Docker layers in an OCI manifest with a config missing its digest: errors and
    // warnings of several codes.
    let document = r#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 2},
  "layers": [
    {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 1, "digest": "sha256:3713021B02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca"},
    {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 1, "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443"}
  ]
}"#;
    paste(&client, document).await;
    let digest = sha256(document.as_bytes());
    wait_for_digest(&client, &digest).await;
    let all = codes(&client).await;
    let engine = ocilint_core::check(document.as_bytes(), &Default::default());
    let errors: Vec<&str> = engine
        .diagnostics
        .iter()
        .filter(|d| d.severity == ocilint_core::Severity::Error)
        .map(|d| d.code)
        .collect();
    assert!(!errors.is_empty() && errors.len() < all.len(), "{all:?}");

    let choose = |css: &'static str, value: &'static str| {
        let client = client.clone();
        async move {
            run(
                &client,
                "const select = document.querySelector(arguments[0]);
                 select.value = arguments[1];
                 select.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![json!(css), json!(value)],
            )
            .await;
        }
    };
    choose("#filter-severity", "error").await;
    wait_until(
        &client,
        "errors only",
        "return [...document.querySelectorAll('.diagnostic, .diagnostic-group')].every(e => e.dataset.severity === 'error');",
    )
    .await;
    let mut shown = codes(&client).await;
    shown.sort();
    let mut want: Vec<String> = errors.iter().map(|c| c.to_string()).collect();
    want.sort();
    assert_eq!(shown, want);
    choose("#filter-severity", "").await;
    choose("#group-by", "code").await;
    let headings = wait_until(
        &client,
        "sections by code",
        "const h = [...document.querySelectorAll('.section-heading')].map(e => e.textContent);
         return h.length > 1 ? h : null;",
    )
    .await;
    let mut distinct: Vec<&str> = engine.diagnostics.iter().map(|d| d.code).collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        headings.as_array().map(Vec::len),
        Some(distinct.len()),
        "{headings}"
    );
    screenshot(&client, "playground-filters-1400.png").await;
    assert_eq!(axe_serious(&client).await, json!([]), "axe on the filters");
    choose("#group-by", "target").await;
    wait_until(
        &client,
        "sections by target",
        "return [...document.querySelectorAll('.section-heading')].some(e => e.textContent.includes('verdict'));",
    )
    .await;
    choose("#group-by", "none").await;

    // The formatted view: read-only, marked so, and the bytes checked are unchanged.
    choose("#view-as", "minified").await;
    let minified = wait_until(
        &client,
        "the minified view",
        "const pre = document.querySelector('#read-only-view:not([hidden]) pre.relayout');
         return pre ? pre.textContent : null;",
    )
    .await;
    assert_eq!(
        minified
            .as_str()
            .map(|t| t.contains("\n") || t.contains(": ")),
        Some(false),
        "{minified}"
    );
    assert_eq!(
        ocilint_core::json::relayout(document.as_bytes(), ocilint_core::json::Layout::Minified)
            .as_deref(),
        minified.as_str()
    );
    assert!(text_of(&client, ".read-only-note")
        .await
        .contains("Read-only"));
    let hidden = run(
        &client,
        "return document.querySelector('.editor-frame').hidden;",
        vec![],
    )
    .await;
    assert_eq!(hidden, json!(true));
    screenshot(&client, "playground-minified-1400.png").await;
    choose("#view-as", "formatted").await;
    wait_until(
        &client,
        "the formatted view",
        "const pre = document.querySelector('#read-only-view pre.relayout');
         return pre && pre.textContent.includes('\\n  \"schemaVersion\": 2,');",
    )
    .await;
    // Nothing the view shows was checked: the digest is the typed bytes', and so is the text.
    wait_for_digest(&client, &digest).await;
    choose("#view-as", "as-typed").await;
    let text = run(&client, "return editorText();", vec![]).await;
    assert_eq!(text.as_str(), Some(document));
    client.close().await.expect("close the session");
}

/// The entries of a zip as `unzip` reads them (another reader than the page's writer).
fn unzip(zip: &Path) -> Vec<(String, Vec<u8>)> {
    let list = Command::new("unzip")
        .arg("-Z1")
        .arg(zip)
        .output()
        .expect("unzip is installed");
    assert!(list.status.success(), "unzip -Z1: {list:?}");
    let test = Command::new("unzip")
        .arg("-t")
        .arg(zip)
        .output()
        .expect("unzip -t");
    assert!(test.status.success(), "unzip -t: {test:?}");
    String::from_utf8(list.stdout)
        .expect("UTF-8 names")
        .lines()
        .filter(|name| !name.ends_with('/'))
        .map(|name| {
            let bytes = Command::new("unzip")
                .arg("-p")
                .arg(zip)
                .arg(name)
                .output()
                .expect("unzip -p")
                .stdout;
            (name.to_owned(), bytes)
        })
        .collect()
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn a_three_document_rewrite_downloads_as_a_zip_and_a_layout() {
    let app = App::start();
    let driver = Driver::start();
    let (client, downloads) = session_with_downloads(&driver, "downloads-bundle").await;
    resize(&client, 1400, 900).await;
    open(&client, &app.url).await;
    // Two of podman's mixed manifests (a Docker config in an OCI manifest) and the index
    // naming both: the safe fixes change both manifests, and their new digests cascade into
    // the index.
    let amd64 = std::fs::read(ocilint_tests::fixture(
        "seeds/podman-mixed-oci-manifest.json",
    ))
    .expect("fixture");
    let arm64 = String::from_utf8(amd64.clone())
        .expect("UTF-8")
        .replace("\"size\": 20787697", "\"size\": 20787698")
        .into_bytes();
    assert_ne!(amd64, arm64);
    let entry = |bytes: &[u8], arch: &str| {
        format!(
            r#"{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{}", "size": {}, "platform": {{"architecture": "{arch}", "os": "linux"}}}}"#,
            sha256(bytes),
            bytes.len()
        )
    };
    let index = format!(
        "{{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": [{}, {}]}}\n",
        entry(&amd64, "amd64"),
        entry(&arm64, "arm64")
    )
    .into_bytes();
    drop_files(
        &client,
        &[
            ("index.json", &index),
            ("amd64.json", &amd64),
            ("arm64.json", &arm64),
        ],
    )
    .await;
    wait_for_digest(&client, &sha256(&index)).await;
    click(&client, "#panel-fixes").await;
    click(&client, "#fix-safe").await;
    let outputs = wait_until(
        &client,
        "the preview of three documents",
        "const outs = [...document.querySelectorAll('.output[data-output-digest]')];
         return outs.length === 3 ? outs.map(o => o.dataset.outputDigest) : null;",
    )
    .await;
    let mut shown: Vec<String> = serde_json::from_value(outputs).expect("digests");
    shown.sort();
    for original in [&index, &amd64, &arm64] {
        assert!(!shown.contains(&sha256(original)), "every document changed");
    }
    click(&client, "#apply-preview").await;
    wait_until(
        &client,
        "the rewritten bundle",
        &format!(
            "const shown = document.querySelector('[data-digest]');
             return shown && {shown:?}.includes(shown.dataset.digest);"
        ),
    )
    .await;
    screenshot(&client, "playground-bundle-downloads-1400.png").await;

    click(&client, "#download-all-zip").await;
    let zip_path = downloads.join("bundle.zip");
    wait_for_file(&zip_path).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let entries = unzip(&zip_path);
    let mut digests: Vec<String> = entries.iter().map(|(_, bytes)| sha256(bytes)).collect();
    digests.sort();
    assert_eq!(digests, shown, "the zip's entries are the documents shown");
    for (name, bytes) in &entries {
        let hex = &sha256(bytes)["sha256:".len()..];
        assert!(
            name.ends_with(&format!("-{}.json", &hex[..12])),
            "{name} is named by its digest"
        );
    }
    eprintln!(
        "bundle.zip: {:?}",
        entries.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );

    click(&client, "#download-all-layout").await;
    let layout_path = downloads.join("bundle-oci-layout.zip");
    wait_for_file(&layout_path).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let layout = unzip(&layout_path);
    let names: Vec<&str> = layout.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.contains(&"oci-layout") && names.contains(&"index.json"),
        "{names:?}"
    );
    let mut blobs: Vec<String> = Vec::new();
    for (name, bytes) in &layout {
        if let Some(hex) = name.strip_prefix("blobs/sha256/") {
            assert_eq!(sha256(bytes), format!("sha256:{hex}"), "{name}");
            blobs.push(format!("sha256:{hex}"));
        }
    }
    blobs.sort();
    assert_eq!(blobs, shown);
    let index_json: Value = serde_json::from_slice(
        &layout
            .iter()
            .find(|(n, _)| n == "index.json")
            .expect("index.json")
            .1,
    )
    .expect("index.json is JSON");
    let roots = index_json["manifests"].as_array().expect("manifests");
    assert_eq!(roots.len(), 1, "the index is the one root: {index_json}");
    let readme = String::from_utf8(
        layout
            .iter()
            .find(|(n, _)| n == "README.txt")
            .expect("README.txt")
            .1
            .clone(),
    )
    .expect("UTF-8");
    assert!(
        readme.contains("sparse") && readme.contains("sha256:97565d0bbd95"),
        "{readme}"
    );
    client.close().await.expect("close the session");
}
