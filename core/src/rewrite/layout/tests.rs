use super::*;
use crate::blob::Scanned;
use crate::image::Container;

/// A two-platform layout (amd64, arm64) with real blobs: `flat` or with one nested index;
/// `without_arm64`: the arm64 manifest left out (a sparse save).
fn layout(flat: bool, without_arm64: bool) -> Layout {
    let mut layout = Layout::new("t.tar!/");
    let add = |layout: &mut Layout, bytes: Vec<u8>, keep: bool| {
        let digest = digest::sha256(&bytes);
        let path = format!("blobs/sha256/{}", &digest[7..]);
        if keep {
            layout.add(&path, Scanned::of(&path, &bytes));
        }
        (digest, bytes.len())
    };
    let mut entries = Vec::new();
    for arch in ["amd64", "arm64"] {
        let keep = !(without_arm64 && arch == "arm64");
        // Bytes a tar reader would recognise (`ustar` at 257), one per platform.
        let mut tar = vec![0u8; 1024];
        tar[..arch.len()].copy_from_slice(arch.as_bytes());
        tar[257..262].copy_from_slice(b"ustar");
        let (layer, layer_size) = add(&mut layout, tar, keep);
        let config = format!(
            r#"{{"architecture":"{arch}","os":"linux","rootfs":{{"type":"layers","diff_ids":["{layer}"]}}}}"#
        );
        let (config, config_size) = add(&mut layout, config.into_bytes(), keep);
        let manifest = format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{config}","size":{config_size}}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{layer}","size":{layer_size}}}]}}"#
        );
        let (digest, size) = add(&mut layout, manifest.into_bytes(), keep);
        entries.push(format!(
            r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{digest}","size":{size},"platform":{{"architecture":"{arch}","os":"linux"}}}}"#
        ));
    }
    let index = if flat {
        format!(
            "{{\"schemaVersion\":2,\"manifests\":[{}]}}",
            entries.join(",")
        )
    } else {
        let nested = format!(
            "{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{}]}}",
            entries.join(",")
        );
        let (digest, size) = add(&mut layout, nested.into_bytes(), true);
        format!(
            r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"{digest}","size":{size},"annotations":{{"org.opencontainers.image.ref.name":"t"}}}}]}}"#
        )
    };
    layout.add("index.json", Scanned::of("index.json", index.as_bytes()));
    layout.add(
        "oci-layout",
        Scanned::of("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#),
    );
    layout.set_container(Container::Tar);
    layout
}

/// The layout with the repair written in.
fn repaired(layout: &Layout, repair: &LayoutRepair) -> Layout {
    let mut out = Layout::new("t.tar!/");
    out.add("oci-layout", layout.member("oci-layout").unwrap().clone());
    let index = repair
        .index_json
        .clone()
        .unwrap_or_else(|| layout.member("index.json").unwrap().kept.clone().unwrap());
    out.add("index.json", Scanned::of("index.json", &index));
    for (path, bytes) in &repair.added {
        out.add(path, Scanned::of(path, bytes));
    }
    // Every blob of the original, unchanged.
    let mut queue = vec!["index.json".to_owned()];
    while let Some(path) = queue.pop() {
        let Some(bytes) = layout.member(&path).and_then(|s| s.kept.clone()) else {
            continue;
        };
        let arena = crate::json::Arena::new();
        let analysed = Analysed::new(&bytes, None, &arena);
        let Some(context) = analysed.context(None) else {
            continue;
        };
        for site in context.descriptors() {
            if let Some(p) = blob_path(text(site.node, "digest")) {
                if let Some(found) = layout.member(&p) {
                    out.add(&p, found.clone());
                    queue.push(p);
                }
            }
        }
    }
    out
}

fn verdict(layout: &Layout, command: &str) -> crate::targets::Verdict {
    crate::image::loaders::judge(layout)
        .into_iter()
        .find(|v| v.command == command)
        .unwrap()
        .verdict
}

#[test]
fn a_platform_chosen_makes_a_flat_layout_one_image_for_podman() {
    use crate::targets::Verdict;
    let flat = layout(true, false);
    assert_eq!(verdict(&flat, "podman load"), Verdict::Reject);
    let repair = repair_layout(
        &flat,
        &LayoutRequest {
            platforms: vec!["linux/amd64".into()],
            ..LayoutRequest::default()
        },
    );
    assert_eq!(repair.refused, None);
    assert!(repair.added.is_empty(), "index.json alone changes");
    assert_eq!(repair.changes.len(), 1, "{:?}", repair.changes);
    assert!(repair.changes[0].contains("(linux/arm64): not a chosen platform"));
    let fixed = repaired(&flat, &repair);
    assert_eq!(verdict(&fixed, "podman load"), Verdict::Accept);
    assert_eq!(verdict(&fixed, "skopeo copy oci-archive:"), Verdict::Accept);
    // The index keeps its formatting: the entry is cut out of the original bytes.
    let index = String::from_utf8(repair.index_json.unwrap()).unwrap();
    assert!(index.starts_with("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\""));
    assert!(!index.contains("arm64"));
}

#[test]
fn nesting_a_flat_layout_keeps_every_platform_for_podman() {
    use crate::targets::Verdict;
    let flat = layout(true, false);
    let repair = repair_layout(&flat, &LayoutRequest::for_loader("podman").unwrap());
    assert_eq!(repair.added.len(), 1, "a new nested index");
    let fixed = repaired(&flat, &repair);
    assert_eq!(verdict(&fixed, "podman load"), Verdict::Accept);
    let verification = crate::image::verify(&fixed, &crate::CheckOptions::default());
    assert!(!verification.has_errors(), "{:#?}", verification.blobs);
}

#[test]
fn a_sparse_layout_loses_its_absent_entry_and_the_digest_cascades_to_index_json() {
    use crate::targets::Verdict;
    let sparse = layout(false, true);
    assert_eq!(
        verdict(&sparse, "ctr images import --all-platforms"),
        Verdict::Reject
    );
    let repair = repair_layout(&sparse, &LayoutRequest::for_loader("containerd").unwrap());
    assert_eq!(
        repair.added.len(),
        1,
        "the nested index without its absent entry"
    );
    assert_eq!(repair.references.len(), 1);
    assert_eq!(repair.references[0].updated, ["index.json"]);
    let fixed = repaired(&sparse, &repair);
    assert_eq!(
        verdict(&fixed, "ctr images import --all-platforms"),
        Verdict::Accept
    );
    let verification = crate::image::verify(&fixed, &crate::CheckOptions::default());
    assert!(!verification.has_errors(), "{:#?}", verification.blobs);
    assert!(verification
        .blobs
        .iter()
        .all(|b| b.status == crate::image::BlobStatus::Ok));
}

#[test]
fn no_entry_left_is_refused() {
    let repair = repair_layout(
        &layout(true, false),
        &LayoutRequest {
            platforms: vec!["linux/s390x".into()],
            ..LayoutRequest::default()
        },
    );
    assert!(repair
        .refused
        .as_deref()
        .unwrap()
        .contains("no entry would be left"));
    assert!(!repair.changed());
}

#[test]
fn flattening_lists_the_nested_entries_in_index_json_and_fixes_a_stale_size() {
    use crate::targets::Verdict;
    let nested = layout(false, false);
    // A stale size in index.json, set right on the way.
    let index =
        String::from_utf8(nested.member("index.json").unwrap().kept.clone().unwrap()).unwrap();
    let size_at = index.find("\"size\":").unwrap() + 7;
    let end = size_at + index[size_at..].find(',').unwrap();
    let stale = format!("{}{}{}", &index[..size_at], "1", &index[end..]);
    let mut broken = nested;
    broken.add("index.json", Scanned::of("index.json", stale.as_bytes()));
    let repair = repair_layout(
        &broken,
        &LayoutRequest {
            shape: Some(IndexShape::Flat),
            ..LayoutRequest::default()
        },
    );
    assert_eq!(repair.refused, None);
    assert!(
        repair.changes[0].contains("/manifests/0/size: 1 →"),
        "{:?}",
        repair.changes
    );
    assert!(
        repair.changes[1].contains("flattened"),
        "{:?}",
        repair.changes
    );
    let fixed = repaired(&broken, &repair);
    let index: serde_json::Value =
        serde_json::from_slice(repair.index_json.as_ref().unwrap()).unwrap();
    assert_eq!(index["manifests"].as_array().unwrap().len(), 2);
    // Flat: containerd takes it, skopeo and podman cannot choose.
    assert_eq!(verdict(&fixed, "podman load"), Verdict::Reject);
    assert_eq!(
        verdict(&fixed, "ctr images import --all-platforms"),
        Verdict::Warn
    );
}
