//! The widget's demo page (`static/demo/`, installed into the dist as `demo/` by `cargo xtask
//! packages`): three `<ocilint-manifest>` elements under a strict CSP and a hostile page
//! stylesheet, read through their open shadow roots.

use std::time::{Duration, Instant};

use fantoccini::Client;
use serde_json::{json, Value};

use crate::support::{navigate, screenshot_path, App, Driver};

const WIDGETS: [&str; 3] = ["example-podman", "example-buildkit", "example-gardenlinux"];

/// `{id: [[code, severity, pointer], ...]}` of every widget, read from its shadow root.
async fn rendered(client: &Client) -> Value {
    client
        .execute(
            "const out = {};
             for (const widget of document.querySelectorAll('ocilint-manifest')) {
               const items = widget.shadowRoot ? widget.shadowRoot.querySelectorAll('li[data-code]') : [];
               out[widget.id] = [...items].map(li => [li.dataset.code, li.dataset.severity, li.dataset.pointer]);
             }
             return out;",
            vec![],
        )
        .await
        .expect("read the widgets")
}

/// Waits until every widget shows at least one diagnostic.
async fn all_rendered(client: &Client) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = rendered(client).await;
        let done = WIDGETS
            .iter()
            .all(|id| found[id].as_array().is_some_and(|items| !items.is_empty()));
        if done || Instant::now() > deadline {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn codes(found: &Value, id: &str) -> Vec<String> {
    found[id]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| item[0].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build with the demo page and Chromium: run by `cargo xtask test`"]
async fn the_demo_page_renders_three_live_widgets_in_isolation() {
    let app = App::start();
    let driver = Driver::start();
    let client = driver.session().await;
    let url = format!("{}demo/index.html", app.url);
    navigate(&client, &url).await;

    // 1. Each widget renders its seed's diagnostics, with the app's data attributes.
    let found = all_rendered(&client).await;
    assert_eq!(
        found["example-podman"],
        json!([
            ["MIX001", "warning", "/config/mediaType"],
            ["MIX002", "warning", "/layers/0/mediaType"]
        ]),
        "{found:#}"
    );
    let buildkit = codes(&found, "example-buildkit");
    assert!(
        buildkit.iter().filter(|c| *c == "DKR008").count() >= 2,
        "{buildkit:?}"
    );
    assert!(
        found["example-buildkit"]
            .as_array()
            .expect("items")
            .iter()
            .any(|item| item[1] == "error" && item[2] == "/manifests/0"),
        "{found:#}"
    );
    assert_eq!(codes(&found, "example-gardenlinux"), ["MAN008"]);
    // The inline example is the seed itself: the widget checked exactly its bytes.
    let seed = std::fs::read(
        ocilint_tests::repo_root().join("tests/fixtures/seeds/podman-mixed-oci-manifest.json"),
    )
    .expect("the seed");
    let digest = client
        .execute(
            "return document.getElementById('example-podman').shadowRoot.querySelector('[data-digest]').dataset.digest",
            vec![],
        )
        .await
        .expect("digest");
    assert_eq!(digest, json!(ocilint_core::digest::sha256(&seed)));
    // Only the targets asked for; `readonly` makes the editor read-only.
    let states = client
        .execute(
            "const root = id => document.getElementById(id).shadowRoot;
             return {
               podmanTargets: [...new Set([...root('example-podman').querySelectorAll('[data-target]')].map(r => r.dataset.target))].sort(),
               podmanPull: root('example-podman').querySelector('[data-target=podman]').dataset.verdict,
               buildkitReadonly: root('example-buildkit').querySelector('textarea').readOnly,
               podmanReadonly: root('example-podman').querySelector('textarea').readOnly,
               report: document.getElementById('example-gardenlinux').report.diagnostics.map(d => d.code),
             };",
            vec![],
        )
        .await
        .expect("states");
    assert_eq!(
        states,
        json!({
            "podmanTargets": ["podman", "quay"],
            "podmanPull": "reject",
            "buildkitReadonly": true,
            "podmanReadonly": false,
            "report": ["MAN008"],
        })
    );
    std::fs::write(
        screenshot_path("widget-demo.png"),
        client.screenshot().await.expect("screenshot"),
    )
    .expect("write screenshot");
    // The verdict first, as on the page: podman's refusal in podman's words leads the summary.
    let headline = client
        .execute(
            "const widget = document.getElementById('example-podman');
             widget.scrollIntoView();
             const h = widget.shadowRoot.querySelector('.headline');
             return h ? h.textContent : null;",
            vec![],
        )
        .await
        .expect("the widget's headline");
    assert!(
        headline
            .as_str()
            .is_some_and(|h| h.starts_with("Refused by podman")
                && h.contains("invalid mixed OCI image with Docker v2s2 config")),
        "{headline}"
    );
    std::fs::write(
        screenshot_path("widget-podman.png"),
        client.screenshot().await.expect("screenshot"),
    )
    .expect("write screenshot");

    // A modelled target's verdict names the step of its code that decided and what it holds on
    // beyond the bytes; a target known from reports says so.
    let widget_rows = "const root = document.getElementById('example-podman').shadowRoot;
         return [...root.querySelectorAll('tr[data-target]')].map(r => [
           r.dataset.target, (r.querySelector('.operation') || {}).textContent || '',
           (r.querySelector('.target-condition') || {}).textContent || '',
           (r.querySelector('.target-basis') || {}).textContent || '']);";
    let reported = client
        .execute(widget_rows, vec![])
        .await
        .expect("the widget's rows");
    // podman and Quay are both modelled from their code now: each row names its step.
    assert!(
        reported.as_array().expect("rows").iter().all(|r| r[3]
            .as_str()
            .is_some_and(|basis| basis.starts_with("modelled from") && basis.contains("step"))),
        "{reported}"
    );
    // A target known only from reports says so, and holds on nothing said.
    client
        .execute(
            "document.getElementById('example-podman').setAttribute('targets', 'ecr');",
            vec![],
        )
        .await
        .expect("ask for a target known from reports");
    let deadline = Instant::now() + Duration::from_secs(10);
    let from_reports = loop {
        let now = client
            .execute(widget_rows, vec![])
            .await
            .expect("the widget's rows");
        let only_ecr = now
            .as_array()
            .is_some_and(|rows| rows.len() == 1 && rows[0][0] == json!("ecr"));
        if only_ecr || Instant::now() > deadline {
            break now;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        from_reports.as_array().is_some_and(|rows| rows.len() == 1
            && rows[0][3] == json!("from reports")
            && rows[0][2] == json!("")),
        "{from_reports}"
    );
    client
        .execute(
            "document.getElementById('example-podman').setAttribute('targets', 'podman@4.3,distribution@v2.8');",
            vec![],
        )
        .await
        .expect("ask for the modelled targets");
    let deadline = Instant::now() + Duration::from_secs(10);
    let modelled = loop {
        let now = client
            .execute(widget_rows, vec![])
            .await
            .expect("the widget's rows");
        if now.as_array().is_some_and(|rows| rows.len() == 3) || Instant::now() > deadline {
            break now;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let pull = modelled
        .as_array()
        .and_then(|rows| {
            rows.iter()
                .find(|r| r[0] == json!("podman") && r[1] == json!("pull"))
        })
        .unwrap_or_else(|| panic!("no podman pull row: {modelled}"));
    assert_eq!(
        pull[2],
        json!("Holds if it is sent with Content-Type application/vnd.oci.image.manifest.v1+json (none was given)"),
        "{modelled}"
    );
    assert_eq!(
        pull[3],
        json!("modelled from podman's code: step parse image configuration"),
        "{modelled}"
    );
    let summary = client
        .execute(
            "return document.getElementById('example-podman').shadowRoot.querySelector('.targets summary').textContent;",
            vec![],
        )
        .await
        .expect("the targets' summary");
    assert_eq!(
        summary,
        json!("Who accepts it: 1 reject, 0 warn, 2 accept (3 on a condition)"),
        "{modelled}"
    );
    client
        .execute(
            "const root = document.getElementById('example-podman').shadowRoot;
             root.querySelector('.targets').open = true;
             root.querySelector('.targets').scrollIntoView();",
            vec![],
        )
        .await
        .expect("open the widget's targets");
    std::fs::write(
        screenshot_path("widget-conditions.png"),
        client.screenshot().await.expect("screenshot"),
    )
    .expect("write screenshot");
    // Back to the page's own targets for what follows.
    client
        .execute(
            "const widget = document.getElementById('example-podman');
             widget.shadowRoot.querySelector('.targets').open = false;
             widget.setAttribute('targets', 'podman,quay');",
            vec![],
        )
        .await
        .expect("restore the targets");
    let deadline = Instant::now() + Duration::from_secs(10);
    while client
        .execute(widget_rows, vec![])
        .await
        .expect("the widget's rows")
        != reported
    {
        assert!(
            Instant::now() < deadline,
            "the widget's targets were not restored"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // 2. Typing in one widget re-checks it, and only it: count each widget's reports from now.
    client
        .execute(
            "window.reportsSince = {};
             document.addEventListener('ocilint-report', event => {
               window.reportsSince[event.target.id] = (window.reportsSince[event.target.id] || 0) + 1;
             });
             const area = document.getElementById('example-podman').shadowRoot.querySelector('textarea');
             const wrong = 'application/vnd.docker.container.image.v1+json';
             const at = area.value.indexOf(wrong);
             area.focus();
             area.setSelectionRange(at, at + wrong.length);",
            vec![],
        )
        .await
        .expect("select the config's media type");
    client
        .active_element()
        .await
        .expect("the focused editor")
        .send_keys("application/vnd.oci.image.config.v1+json")
        .await
        .expect("type");
    let deadline = Instant::now() + Duration::from_secs(10);
    let after = loop {
        let now = rendered(&client).await;
        if codes(&now, "example-podman") == ["MIX002"] || Instant::now() > deadline {
            break now;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(codes(&after, "example-podman"), ["MIX002"], "{after:#}");
    assert_eq!(after["example-buildkit"], found["example-buildkit"]);
    assert_eq!(after["example-gardenlinux"], found["example-gardenlinux"]);
    let reports = client
        .execute("return window.reportsSince", vec![])
        .await
        .expect("report counts");
    let typed = "application/vnd.oci.image.config.v1+json".len() as u64;
    assert_eq!(
        reports["example-podman"].as_u64(),
        Some(typed),
        "one report per keystroke: {reports}"
    );
    assert_eq!(reports.as_object().map(|o| o.len()), Some(1), "{reports}");

    // 3. The page's hostile global CSS (`* {color: … !important}`, `textarea {background:
    //    yellow !important; font-size: 40px !important}`, `li {display: inline}`, Comic Sans,
    //    uppercase) styles the page but nothing inside the widgets.
    let styles = client
        .execute(
            "const root = document.getElementById('example-podman').shadowRoot;
             const style = (element, property) => getComputedStyle(element).getPropertyValue(property);
             const area = root.querySelector('textarea');
             const item = root.querySelector('li[data-code]');
             const message = root.querySelector('.message');
             const page = document.querySelector('main > p');
             return {
               pageColor: style(page, 'color'),
               pageFont: style(page, 'font-family'),
               pageTransform: style(page, 'text-transform'),
               areaBackground: style(area, 'background-color'),
               areaFontSize: style(area, 'font-size'),
               itemDisplay: style(item, 'display'),
               messageColor: style(message, 'color'),
               messageFont: style(message, 'font-family'),
               messageTransform: style(message, 'text-transform'),
               messageSpacing: style(message, 'letter-spacing'),
             };",
            vec![],
        )
        .await
        .expect("computed styles");
    let hostile_color = "rgb(120, 0, 140)";
    assert_eq!(styles["pageColor"], hostile_color, "{styles:#}");
    assert!(
        styles["pageFont"]
            .as_str()
            .is_some_and(|f| f.contains("Comic")),
        "{styles:#}"
    );
    assert_eq!(styles["pageTransform"], "uppercase", "{styles:#}");
    assert_ne!(styles["areaBackground"], "rgb(255, 255, 0)", "{styles:#}");
    assert_eq!(styles["areaFontSize"], "13px", "{styles:#}");
    assert_eq!(styles["itemDisplay"], "list-item", "{styles:#}");
    assert_ne!(styles["messageColor"], hostile_color, "{styles:#}");
    assert!(
        !styles["messageFont"]
            .as_str()
            .unwrap_or_default()
            .contains("Comic"),
        "{styles:#}"
    );
    assert_eq!(styles["messageTransform"], "none", "{styles:#}");
    assert_eq!(styles["messageSpacing"], "normal", "{styles:#}");

    // 4. Every request stayed on this origin, and the three widgets shared one wasm download.
    let requests = client
        .execute(
            "return {
               origin: location.origin,
               urls: performance.getEntriesByType('resource').map(e => e.name),
             };",
            vec![],
        )
        .await
        .expect("resource timings");
    let origin = requests["origin"].as_str().expect("origin");
    let urls: Vec<&str> = requests["urls"]
        .as_array()
        .expect("urls")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        urls.iter().all(|u| u.starts_with(&format!("{origin}/"))),
        "{urls:#?}"
    );
    assert_eq!(
        urls.iter().filter(|u| u.ends_with(".wasm")).count(),
        1,
        "{urls:#?}"
    );
    assert!(
        urls.iter()
            .any(|u| u.ends_with("/demo/seeds/buildkit-cache-list.json")),
        "{urls:#?}"
    );

    std::fs::write(
        screenshot_path("widget-demo-edited.png"),
        client.screenshot().await.expect("screenshot"),
    )
    .expect("write screenshot");
    client.close().await.expect("close the session");
}
