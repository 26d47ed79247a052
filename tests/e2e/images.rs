//! Whole images in the page: real layouts and archives from `tests/fixtures/images/made/`
//! opened through the folder input (`webkitdirectory`) and the archive input, verified by the
//! verify workers; progress to 100%, a corrupted layer shown at its descriptor, cancel, and no
//! request leaving the page while it all happens.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::{json, Value};

use super::{click, fully_loaded, opened_page, run, screenshot, text_of, wait_until};
use crate::support::screenshot_path;

fn made(name: &str) -> PathBuf {
    ocilint_tests::fixture(&format!("images/made/{name}"))
}

fn copy_folder(from: &Path, to: &Path) {
    let _ = fs::remove_dir_all(to);
    for entry in walk(from) {
        let target = to.join(entry.strip_prefix(from).expect("inside"));
        fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
        fs::copy(&entry, &target).expect("copy");
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The first layer's digest of the layout's (only) image.
fn first_layer(layout: &Path) -> String {
    let read = |path: PathBuf| -> Value {
        serde_json::from_slice(&fs::read(path).expect("read")).expect("JSON")
    };
    let index = read(layout.join("index.json"));
    let manifest = index["manifests"][0]["digest"]
        .as_str()
        .expect("a manifest");
    let manifest = read(
        layout
            .join("blobs/sha256")
            .join(&manifest["sha256:".len()..]),
    );
    manifest["layers"][0]["digest"]
        .as_str()
        .expect("a layer")
        .to_owned()
}

/// Records the highest percentage the progress bar showed, and clears the last result.
async fn watch_progress(client: &Client) {
    run(
        client,
        "window.__imagePercent = 0;
         const seen = () => {
           const bar = document.querySelector('#image-progress');
           if (bar) window.__imagePercent = Math.max(window.__imagePercent, Number(bar.dataset.percent));
         };
         if (window.__imageObserver) window.__imageObserver.disconnect();
         window.__imageObserver = new MutationObserver(seen);
         window.__imageObserver.observe(document.querySelector('.images'), { subtree: true, childList: true, attributes: true });",
        vec![],
    )
    .await;
}

/// Gives the folder input a directory (chromedriver sends a directory's files to a
/// `webkitdirectory` input, with their relative paths).
async fn open_folder(client: &Client, folder: &Path) {
    watch_progress(client).await;
    client
        .find(Locator::Css("#open-image-folder"))
        .await
        .expect("the folder input")
        .send_keys(&folder.display().to_string())
        .await
        .expect("send the folder");
}

async fn open_archive(client: &Client, archive: &Path) {
    watch_progress(client).await;
    client
        .find(Locator::Css("#open-image-archive"))
        .await
        .expect("the archive input")
        .send_keys(&archive.display().to_string())
        .await
        .expect("send the archive");
}

/// Waits for the verification of `name` to end, and returns the summary's text.
async fn verified(client: &Client, name: &str) -> String {
    wait_until(
        client,
        &format!("the verification of {name}"),
        &format!(
            "const status = document.querySelector('#image-result #image-status');
             return status && status.textContent.startsWith({name:?});"
        ),
    )
    .await;
    let percent = run(client, "return window.__imagePercent;", vec![]).await;
    assert_eq!(percent, json!(100), "the progress bar did not reach 100%");
    text_of(client, "#image-status").await
}

/// Each tree node's member file (its end) and status.
async fn statuses(client: &Client) -> Vec<(String, String)> {
    let value = run(
        client,
        "return Array.from(document.querySelectorAll('#image-result .image-node[data-status]'))
           .map(n => [n.dataset.file, n.dataset.status]);",
        vec![],
    )
    .await;
    serde_json::from_value(value).expect("pairs")
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn layouts_and_archives_are_verified_in_workers_without_a_request() {
    let (app, _driver, client) = opened_page().await;
    fully_loaded(&client).await;
    let requests_before = app.requests().expect("our server");
    let scratch = screenshot_path("images");
    let _ = fs::remove_dir_all(&scratch);
    fs::create_dir_all(&scratch).expect("scratch dir");

    // A clean layout folder: every blob ok, the chain as a tree.
    let clean = scratch.join("skopeo-oci-layout");
    copy_folder(&made("skopeo-oci-layout"), &clean);
    open_folder(&client, &clean).await;
    let summary = verified(&client, "skopeo-oci-layout").await;
    assert!(summary.contains("verified, clean"), "{summary}");
    let nodes = statuses(&client).await;
    assert!(
        nodes.len() >= 3,
        "index, manifest, config, layers: {nodes:?}"
    );
    assert!(nodes.iter().all(|(_, s)| s == "ok"), "{nodes:?}");
    screenshot(&client, "images-layout-clean.png").await;

    // The chain's documents open in the editor as a bundle, one tab each.
    click(&client, "#open-image-documents").await;
    wait_until(
        &client,
        "the chain's documents as tabs",
        "return document.querySelectorAll('[role=tab][data-doc-id], .tabs [role=tab]').length >= 3;",
    )
    .await;

    // One byte of a layer changed: that layer, at its descriptor, is a digest mismatch.
    let corrupt = scratch.join("corrupt-layout");
    copy_folder(&made("skopeo-oci-layout"), &corrupt);
    let layer = first_layer(&corrupt);
    let layer_path = corrupt.join("blobs/sha256").join(&layer["sha256:".len()..]);
    let mut bytes = fs::read(&layer_path).expect("the layer");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    fs::write(&layer_path, bytes).expect("corrupt the layer");
    open_folder(&client, &corrupt).await;
    let summary = verified(&client, "corrupt-layout").await;
    assert!(summary.contains("problems found"), "{summary}");
    let nodes = statuses(&client).await;
    let member = format!("corrupt-layout/blobs/sha256/{}", &layer["sha256:".len()..]);
    let (_, status) = nodes
        .iter()
        .find(|(file, _)| *file == member)
        .unwrap_or_else(|| panic!("no node for {member}: {nodes:?}"));
    assert_eq!(status, "digest-mismatch", "{nodes:?}");
    // Its descriptor's node says which rule, with the manifest's pointer to it.
    let at_node = run(
        &client,
        "const node = document.querySelector(`#image-result .image-node[data-file='${arguments[0]}']`);
         return node.querySelector('.image-line .image-label').textContent + ' | ' + node.querySelector('.image-message, .image-diagnostics').textContent;",
        vec![json!(member)],
    )
    .await;
    let at_node = at_node.as_str().expect("text");
    assert!(at_node.starts_with("layer 1 |"), "{at_node}");
    screenshot(&client, "images-layout-corrupt.png").await;

    // Archives: an oci-archive tar and a docker-archive compressed with zstd, each clean.
    for archive in ["skopeo-oci-archive.tar", "podman-docker-archive.tar.zst"] {
        open_archive(&client, &made(archive)).await;
        let summary = verified(&client, archive).await;
        assert!(summary.contains("verified, clean"), "{archive}: {summary}");
        let nodes = statuses(&client).await;
        assert!(!nodes.is_empty(), "{archive}: no tree");
        assert!(nodes.iter().all(|(_, s)| s == "ok"), "{archive}: {nodes:?}");
    }
    screenshot(&client, "images-archive.png").await;

    // Cancel: a folder with a 1 GiB blob (a sparse file: no disk used) is streamed through
    // the wasm hasher in chunks; the cancel button ends the workers mid-way.
    let big = scratch.join("big-layout");
    fs::create_dir_all(big.join("blobs/sha256")).expect("mkdir");
    fs::copy(made("skopeo-oci-layout/oci-layout"), big.join("oci-layout")).expect("copy");
    fs::write(
        big.join("index.json"),
        r#"{"schemaVersion":2,"manifests":[]}"#,
    )
    .expect("write");
    let file = fs::File::create(big.join("blobs/sha256").join("0".repeat(64))).expect("create");
    file.set_len(1 << 30).expect("a sparse 1 GiB file");
    open_folder(&client, &big).await;
    wait_until(
        &client,
        "some progress on the large blob",
        "const bar = document.querySelector('#image-progress');
         return bar && Number(bar.value) > 0 && Number(bar.dataset.percent) < 90;",
    )
    .await;
    screenshot(&client, "images-progress.png").await;
    click(&client, "#cancel-image").await;
    wait_until(
        &client,
        "the cancelled note",
        "const s = document.querySelector('#image-status'); return s && s.textContent.startsWith('Stopped verifying big-layout');",
    )
    .await;
    // Nothing comes back from the ended workers.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let status = text_of(&client, "#image-status").await;
    assert!(
        status.starts_with("Stopped verifying big-layout"),
        "{status}"
    );
    assert!(
        client.find(Locator::Css("#image-result")).await.is_err(),
        "a result appeared after cancel"
    );
    screenshot(&client, "images-cancelled.png").await;

    // All of it ran in this tab: the verify scripts and wasm came from the service worker's
    // copy. The one request the page's server may see is the browser's own update check of
    // the service worker (`/sw.js`, which Chromium makes when a page starts a worker), which
    // carries nothing of the image.
    let paths = app.requested_paths().expect("our server");
    let after: Vec<&String> = paths[requests_before..]
        .iter()
        .filter(|path| path.as_str() != "/sw.js")
        .collect();
    assert_eq!(after, Vec::<&String>::new(), "requests reached the server");
    let foreign = run(
        &client,
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin));",
        vec![],
    )
    .await;
    assert_eq!(foreign, json!([]));
    let _ = fs::remove_dir_all(&scratch);
    client.close().await.expect("close the session");
}
