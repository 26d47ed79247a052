//! The harness of the browser benchmark page: serves the page `cargo xtask bench --browser`
//! built (`OCILINT_BENCH_PAGE`) on localhost, opens it in one headless Chromium session, waits
//! for its figures and writes them as tab-separated lines to `OCILINT_BENCH_OUT`, which
//! `cargo xtask bench` (std only) reads. Figures to read, never assertions: it fails only when
//! the page cannot run.

#[path = "e2e/support.rs"]
#[allow(dead_code)] // the e2e tests use the rest of it
mod support;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{Driver, StaticServer};

/// The page measures for about 20 s per document at most.
const LIMIT: Duration = Duration::from_secs(600);

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the page `cargo xtask bench --browser` builds, and Chromium"]
async fn bench_page() {
    let page = std::env::var_os("OCILINT_BENCH_PAGE")
        .map(PathBuf::from)
        .expect("OCILINT_BENCH_PAGE is not set: run `cargo xtask bench --browser`");
    let out = std::env::var_os("OCILINT_BENCH_OUT")
        .map(PathBuf::from)
        .expect("OCILINT_BENCH_OUT is not set: run `cargo xtask bench --browser`");
    let server = StaticServer::start(&page, &[]);
    let driver = Driver::start();
    let client = driver.session().await;
    client
        .goto(&format!("{}index.html", server.url))
        .await
        .expect("open the benchmark page");
    let started = Instant::now();
    let result = loop {
        let state = client
            .execute(
                "return { result: window.benchResult || null, error: window.benchError || null };",
                vec![],
            )
            .await
            .expect("read the page's state");
        if let Some(error) = state["error"].as_str() {
            panic!("the benchmark page failed: {error}");
        }
        if !state["result"].is_null() {
            break state["result"].clone();
        }
        assert!(
            started.elapsed() < LIMIT,
            "the benchmark page gave no figures within {LIMIT:?}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let screenshot = client.screenshot().await.expect("a screenshot");
    std::fs::write(page.join("screenshot.png"), screenshot).expect("write the screenshot");
    client.close().await.expect("close the session");
    std::fs::write(&out, tsv(&result)).expect("write the figures");
    eprintln!("bench page: figures in {}", out.display());
}

/// `browser\t<user agent>` then one line per document:
/// `name, bytes, diagnostics, ajv valid, rounds, check ms, parse ms, parse + ajv ms, digest ms,
/// report JSON length, report JSON.parse ms`.
fn tsv(result: &Value) -> String {
    let mut out = format!(
        "browser\t{}\n",
        result["userAgent"].as_str().unwrap_or("unknown")
    );
    for doc in result["results"].as_array().expect("results") {
        let ms = &doc["ms"];
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            doc["name"].as_str().expect("name"),
            doc["bytes"],
            doc["diagnostics"],
            doc["ajvValid"],
            doc["rounds"],
            ms["check"],
            ms["parse"],
            ms["ajv"],
            ms["digest"],
            doc["reportLength"],
            ms["report"],
        );
    }
    out
}
