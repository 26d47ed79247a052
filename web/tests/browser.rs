//! Runs in headless Chromium (`wasm-pack test --headless --chrome web`): the JS API and the
//! rendered app, in a real browser.

use std::time::Duration;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).expect("property")
}

fn options(json: &str) -> js_sys::Object {
    js_sys::JSON::parse(json).expect("JSON").unchecked_into()
}

fn codes(report: &JsValue) -> Vec<String> {
    js_sys::Array::from(&get(report, "diagnostics"))
        .iter()
        .map(|d| get(&d, "code").as_string().expect("code"))
        .collect()
}

#[wasm_bindgen_test]
fn api_checks_a_string() {
    let report = ocilint_web::api::check(
        JsValue::from_str(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": []}"#),
        None,
    )
    .expect("report");
    assert_eq!(
        get(&report, "kind").as_string().as_deref(),
        Some("oci-index")
    );
    assert!(get(&report, "digest")
        .as_string()
        .expect("digest")
        .starts_with("sha256:"));
    assert!(codes(&report).is_empty());
}

#[wasm_bindgen_test]
fn api_sees_the_exact_bytes_of_a_uint8array() {
    let bytes: &[u8] = b"\xEF\xBB\xBF{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": null}";
    let array = js_sys::Uint8Array::from(bytes);
    let report = ocilint_web::api::check(
        array.into(),
        Some(options(
            r#"{"contentType": "application/vnd.oci.image.index.v1+json"}"#,
        )),
    )
    .expect("report");
    assert_eq!(get(&report, "size").as_f64(), Some(bytes.len() as f64));
    assert_eq!(codes(&report), ["JSON003", "IDX001"]);
}

#[wasm_bindgen_test]
fn api_reports_utf16_offsets_for_javascript() {
    // 😀 is four bytes but two UTF-16 units: the second `"x"` starts at byte 22, unit 20.
    let report = ocilint_web::api::check(
        JsValue::from_str("{\"a\": \"😀\", \"x\": 1, \"x\": 2}"),
        None,
    )
    .expect("report");
    let diagnostic = js_sys::Array::from(&get(&report, "diagnostics")).get(0);
    assert_eq!(
        get(&diagnostic, "code").as_string().as_deref(),
        Some("JSON005")
    );
    assert_eq!(
        get(&get(&diagnostic, "range"), "start").as_f64(),
        Some(22.0)
    );
    assert_eq!(
        get(&get(&diagnostic, "utf16Range"), "start").as_f64(),
        Some(20.0)
    );
}

#[wasm_bindgen_test]
fn api_refuses_other_input_types_with_an_error() {
    assert!(ocilint_web::api::check(JsValue::from_f64(1.0), None).is_err());
}

#[wasm_bindgen_test]
fn api_survives_hostile_nesting() {
    let deep = "[".repeat(20_000);
    let report = ocilint_web::api::check(JsValue::from_str(&deep), None).expect("report");
    assert_eq!(codes(&report), ["JSON006"]);
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

#[wasm_bindgen_test]
async fn the_app_shows_diagnostics_for_typed_text() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let root: Element = document.create_element("div").expect("div");
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    yew::Renderer::<ocilint_web::app::App>::with_root(root.clone()).render();
    settle().await;
    assert!(root
        .text_content()
        .unwrap_or_default()
        .contains("Paste or type a document"));

    let area: HtmlTextAreaElement = root
        .query_selector("textarea#document")
        .expect("query")
        .expect("editor")
        .unchecked_into();
    area.set_value(concat!(
        "{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",\n",
        "  \"layers\": [{\"mediaType\": \"application/vnd.oci.image.layer.v1.tar+gzip\", ",
        "\"digest\": \"sha256:3713021b02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca\", \"size\": 29534055}]\n}"
    ));
    let event = web_sys::InputEvent::new("input").expect("event");
    area.dispatch_event(&event).expect("dispatch");
    settle().await;

    let items = root.query_selector_all("[data-code]").expect("query");
    assert_eq!(items.length(), 1, "{}", root.inner_html());
    let item: Element = items.get(0).expect("item").unchecked_into();
    assert_eq!(item.get_attribute("data-code").as_deref(), Some("MAN001"));
    assert_eq!(
        item.get_attribute("data-severity").as_deref(),
        Some("error")
    );
    assert_eq!(item.get_attribute("data-pointer").as_deref(), Some(""));
    assert!(item
        .text_content()
        .unwrap_or_default()
        .contains("line 1, column 1"));
    let digest = root
        .query_selector("[data-digest]")
        .expect("query")
        .expect("digest");
    assert!(digest
        .get_attribute("data-digest")
        .unwrap_or_default()
        .starts_with("sha256:"));
}

fn check_bytes(bytes: &[u8]) -> JsValue {
    ocilint_web::api::check(js_sys::Uint8Array::from(bytes).into(), None).expect("report")
}

#[wasm_bindgen_test]
fn hostile_input_gives_diagnostics_in_wasm() {
    // Binary.
    let png: Vec<u8> = b"\x89PNG\r\n\x1a\n"
        .iter()
        .copied()
        .chain((0..=255u8).cycle().take(4096))
        .collect();
    assert_eq!(codes(&check_bytes(&png)), ["JSON001"]);
    // Invalid UTF-8 inside a string, one diagnostic per run of bad bytes.
    assert_eq!(codes(&check_bytes(b"{\"k\": \"a\xff\xfeb\"}")), ["JSON002"]);
    // Truncated.
    assert_eq!(
        codes(&check_bytes(b"{\"schemaVersion\": 2, \"mani")),
        ["JSON001"]
    );
    // Huge numbers.
    let huge = format!("{{\"a\": 1{}}}", "0".repeat(5000));
    assert_eq!(codes(&check_bytes(huge.as_bytes())), ["JSON007"]);
    // 10,000 duplicate keys.
    let mut duplicates = String::from("{");
    for i in 0..10_000 {
        if i > 0 {
            duplicates.push(',');
        }
        duplicates.push_str("\"k\": 1");
    }
    duplicates.push('}');
    assert_eq!(codes(&check_bytes(duplicates.as_bytes())).len(), 9_999);
}

#[wasm_bindgen_test]
fn a_document_over_4_mib_in_wasm() {
    let entry = r#"{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881", "size": 1234, "platform": {"architecture": "amd64", "os": "linux"}}"#;
    let mut index = String::from(
        r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": ["#,
    );
    while index.len() < 4 * 1024 * 1024 + 1024 {
        if !index.ends_with('[') {
            index.push(',');
        }
        index.push_str(entry);
    }
    index.push_str("]}");
    let report = check_bytes(index.as_bytes());
    assert!(
        codes(&report).contains(&"DST002".to_owned()),
        "{:?}",
        codes(&report)
    );
    assert_eq!(get(&report, "size").as_f64(), Some(index.len() as f64));
}

/// A widget on a plain element (the custom element's class only forwards to it).
fn widget_on(
    text: &str,
    attributes: &[(&str, &str)],
) -> (web_sys::HtmlElement, ocilint_web::widget::ManifestWidget) {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let host: web_sys::HtmlElement = document
        .create_element("div")
        .expect("div")
        .unchecked_into();
    host.set_text_content(Some(text));
    for (name, value) in attributes {
        host.set_attribute(name, value).expect("attribute");
    }
    document
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    let widget = ocilint_web::widget::ManifestWidget::new(host.clone()).expect("widget");
    widget.connected();
    (host, widget)
}

fn widget_codes(host: &web_sys::HtmlElement) -> Vec<String> {
    let root = host.shadow_root().expect("an open shadow root");
    let items = root.query_selector_all("li[data-code]").expect("query");
    (0..items.length())
        .filter_map(|i| items.get(i))
        .map(|n| {
            n.unchecked_into::<Element>()
                .get_attribute("data-code")
                .unwrap_or_default()
        })
        .collect()
}

#[wasm_bindgen_test]
fn the_widget_checks_its_indented_text_and_rechecks_edits() {
    let seed = include_str!("../../tests/fixtures/seeds/podman-mixed-oci-manifest.json");
    let indented: String = seed.lines().map(|l| format!("      {l}\n")).collect();
    let (host, widget) = widget_on(&format!("\n{indented}    "), &[("targets", "podman")]);
    assert_eq!(widget_codes(&host), ["MIX001", "MIX002"]);
    // The common indentation is removed: the widget checks the seed's exact text.
    assert_eq!(widget.value(), seed);
    assert_eq!(
        get(&widget.report(), "digest").as_string(),
        Some(ocilint_core::digest::sha256(seed.as_bytes()))
    );
    let targets: Vec<String> = js_sys::Array::from(&get(&widget.report(), "targets"))
        .iter()
        .map(|t| get(&t, "target").as_string().unwrap_or_default())
        .collect();
    assert!(targets.iter().all(|t| t == "podman"), "{targets:?}");

    // An edit re-checks and tells the page.
    let received = std::rc::Rc::new(std::cell::Cell::new(0));
    let listener = {
        let received = received.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            received.set(received.get() + 1)
        })
    };
    host.add_event_listener_with_callback("ocilint-report", listener.as_ref().unchecked_ref())
        .expect("listen");
    widget.set_value(&seed.replace(
        "application/vnd.docker.container.image.v1+json",
        "application/vnd.oci.image.config.v1+json",
    ));
    assert_eq!(widget_codes(&host), ["MIX002"]);
    assert_eq!(received.get(), 1);

    // The fix button applies core's fix to the text.
    let root = host.shadow_root().expect("shadow root");
    let button: web_sys::HtmlElement = root
        .query_selector("[data-fix]")
        .expect("query")
        .expect("a fix button")
        .unchecked_into();
    button.click();
    assert!(widget_codes(&host).is_empty(), "{:?}", widget_codes(&host));
    assert!(widget
        .value()
        .contains("application/vnd.oci.image.layer.v1.tar+gzip"));
    assert_eq!(received.get(), 2);
    host.remove();
}

#[wasm_bindgen_test]
fn the_widget_shows_a_bad_attribute_and_still_checks() {
    let (host, widget) = widget_on(
        r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json"}"#,
        &[("targets", "nope"), ("readonly", "")],
    );
    let root = host.shadow_root().expect("shadow root");
    let notice = root
        .query_selector(".notice")
        .expect("query")
        .expect("notice");
    assert!(notice.text_content().unwrap_or_default().contains("nope"));
    assert!(!widget_codes(&host).is_empty());
    let area: HtmlTextAreaElement = root
        .query_selector("textarea")
        .expect("query")
        .expect("editor")
        .unchecked_into();
    assert!(area.read_only());
    // Not JSON at all: diagnostics, never a panic.
    widget.set_value("\u{0}\u{ffff}[[[");
    assert!(
        widget_codes(&host).contains(&"JSON001".to_owned()),
        "{:?}",
        widget_codes(&host)
    );
    host.remove();
}

#[wasm_bindgen_test]
fn the_widget_lists_related_places_and_selects_them() {
    let text = r#"{"schemaVersion": 2, "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json"}"#;
    let (host, _widget) = widget_on(text, &[]);
    let report = ocilint_core::check(text.as_bytes(), &Default::default());
    let related = report
        .diagnostics
        .iter()
        .flat_map(|d| &d.related)
        .next()
        .expect("a duplicate key has a related place");
    let root = host.shadow_root().expect("shadow root");
    let place = root
        .query_selector(&format!(
            ".related-place[data-related-pointer=\"{}\"]",
            related.pointer
        ))
        .expect("query")
        .expect("the related place is listed");
    assert!(place
        .text_content()
        .unwrap_or_default()
        .contains(&related.message.replace('`', "")));
    let button: web_sys::HtmlElement = place
        .query_selector(".locate")
        .expect("query")
        .expect("its button")
        .unchecked_into();
    button.click();
    let area: HtmlTextAreaElement = root
        .query_selector("textarea")
        .expect("query")
        .expect("editor")
        .unchecked_into();
    assert_eq!(
        (area.selection_start(), area.selection_end()),
        (
            Ok(Some(related.utf16_range.start)),
            Ok(Some(related.utf16_range.end))
        )
    );
    host.remove();
}

#[path = "hostile/cases.rs"]
mod cases;
// Only its reader is used here: the native tests write the tables.
#[allow(dead_code)]
#[path = "hostile/table.rs"]
mod table;

/// The README, for the hostile-input tables this test holds to (a browser test reads no files).
const README: &str = include_str!("../../README.md");

/// The cells of the README's row `name` in the table between `start` and `end`.
fn readme_row(start: &str, end: &str, name: &str) -> Option<Vec<String>> {
    let table = README.split_once(start)?.1.split_once(end)?.0;
    table.lines().find_map(|line| {
        let cells = table::cells(line)?;
        (cells.first().map(String::as_str) == Some(name)).then_some(cells)
    })
}

/// The hostile-input table in wasm: every input of the README's table but the 100 MB one
/// through the API's `check` in Chromium. Each answers with a report, never a throw or a
/// trap; its codes and first message are the CLI's (the README's CLI column), and the
/// browser table's wasm column says so.
#[wasm_bindgen_test]
async fn the_hostile_table_holds_for_the_wasm_api() {
    let mut cases = cases::small_cases();
    cases.push(cases::million_entries());
    cases.push(cases::million_keys());
    let mut wrong = Vec::new();
    for case in cases {
        // Each check holds the page's one thread; between them the test runner's driver gets
        // its answers (it gives up on a page that stays busy 20 s).
        settle().await;
        let report =
            ocilint_web::api::check(js_sys::Uint8Array::from(case.bytes.as_slice()).into(), None)
                .unwrap_or_else(|_| panic!("{}: check threw", case.name));
        assert_eq!(
            get(&report, "size").as_f64(),
            Some(case.bytes.len() as f64),
            "{}",
            case.name
        );
        let diagnostics = js_sys::Array::from(&get(&report, "diagnostics"));
        for d in diagnostics.iter() {
            let end = get(&get(&d, "range"), "end").as_f64().unwrap_or(f64::MAX);
            assert!(
                end <= case.bytes.len() as f64,
                "{}: a range past the end",
                case.name
            );
        }
        let first = diagnostics
            .get(0)
            .is_object()
            .then(|| get(&diagnostics.get(0), "message").as_string())
            .flatten();
        let wasm = cases::summary(&codes(&report), first.as_deref());
        let cli = readme_row(
            "<!-- hostile-table:start",
            "<!-- hostile-table:end -->",
            case.name,
        )
        .unwrap_or_else(|| panic!("README.md's CLI table has no row `{}`", case.name));
        let cli = cli[2].split_once(": ").map_or("", |(_, report)| report);
        let expected = if wasm == cli {
            "the same as the CLI".to_owned()
        } else {
            wasm
        };
        let browser = readme_row(
            "<!-- hostile-browser-table:start",
            "<!-- hostile-browser-table:end -->",
            case.name,
        );
        if browser.as_ref().and_then(|cells| cells.get(1)) != Some(&expected) {
            wrong.push(format!("{}: {expected}", case.name));
        }
    }
    assert!(
        wrong.is_empty(),
        "README.md's browser table should say, in its wasm column:\n{}",
        wrong.join("\n")
    );
}
