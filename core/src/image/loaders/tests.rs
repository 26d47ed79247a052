use super::*;
use crate::blob::Scanned;

fn verdict<'v>(verdicts: &'v [LoaderVerdict], command: &str) -> &'v LoaderVerdict {
    verdicts
        .iter()
        .find(|v| v.command == command)
        .unwrap_or_else(|| panic!("no verdict of {command}: {verdicts:#?}"))
}

/// A layout of one image per platform given, with real blobs; `flat`: `index.json` lists
/// the images itself, else it names one nested index.
fn layout(platforms: &[&str], flat: bool, container: Container) -> Layout {
    let mut layout = Layout::new("t.tar!/");
    let add = |layout: &mut Layout, bytes: Vec<u8>| {
        let digest = crate::digest::sha256(&bytes);
        let path = format!("blobs/sha256/{}", &digest[7..]);
        layout.add(&path, Scanned::of(&path, &bytes));
        (digest, bytes.len())
    };
    let mut entries = Vec::new();
    for arch in platforms {
        let layer = format!("layer for {arch}").into_bytes();
        let (layer_digest, layer_size) = add(&mut layout, layer);
        let config = format!(
            r#"{{"architecture":"{arch}","os":"linux","rootfs":{{"type":"layers","diff_ids":["{layer_digest}"]}}}}"#
        );
        let (config_digest, config_size) = add(&mut layout, config.into_bytes());
        let manifest = format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{config_digest}","size":{config_size}}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{layer_digest}","size":{layer_size}}}]}}"#
        );
        let (digest, size) = add(&mut layout, manifest.into_bytes());
        entries.push(format!(
            r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{digest}","size":{size},"platform":{{"os":"linux","architecture":"{arch}"}}}}"#
        ));
    }
    let index = if flat {
        format!(
            r#"{{"schemaVersion":2,"manifests":[{}]}}"#,
            entries.join(",")
        )
    } else {
        let nested = format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{}]}}"#,
            entries.join(",")
        );
        let (digest, size) = add(&mut layout, nested.into_bytes());
        format!(
            r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"{digest}","size":{size},"annotations":{{"org.opencontainers.image.ref.name":"t"}}}}]}}"#
        )
    };
    layout.add("index.json", Scanned::of("index.json", index.as_bytes()));
    layout.add(
        "oci-layout",
        Scanned::of("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#),
    );
    layout.set_container(container);
    layout
}

#[test]
fn a_flat_multi_platform_layout_is_refused_by_containers_image_and_not_by_containerd() {
    let verdicts = judge(&layout(&["amd64", "arm64"], true, Container::Tar));
    let podman = verdict(&verdicts, "podman load");
    assert_eq!(podman.verdict, Verdict::Reject);
    assert_eq!(
        podman.message.as_deref(),
        Some("more than one image in oci, choose an image")
    );
    assert_eq!(podman.step, Some("choose image"));
    let skopeo = verdict(&verdicts, "skopeo copy oci-archive:");
    assert_eq!(skopeo.verdict, Verdict::Reject);
    // containerd imports it but names no image.
    let ctr = verdict(&verdicts, "ctr images import");
    assert_eq!(ctr.verdict, Verdict::Warn, "{ctr:#?}");
    assert_eq!(ctr.basis, Basis::Model);
}

#[test]
fn a_nested_index_is_loaded_for_the_host_platform_with_a_condition() {
    let verdicts = judge(&layout(&["amd64", "arm64"], false, Container::Tar));
    for command in [
        "podman load",
        "skopeo copy oci-archive:",
        "ctr images import",
        "ctr images import --all-platforms",
    ] {
        let v = verdict(&verdicts, command);
        assert_eq!(v.verdict, Verdict::Accept, "{v:#?}");
        assert!(v.condition.as_deref().unwrap_or("").contains("linux/amd64"));
    }
    // Without an amd64 image, containers/image finds none to run.
    let verdicts = judge(&layout(&["arm64"], false, Container::Folder));
    let podman = verdict(&verdicts, "podman load");
    assert_eq!(podman.verdict, Verdict::Reject);
    assert!(podman
        .message
        .as_deref()
        .unwrap()
        .starts_with("no image found in image index"));
    // A folder is given only to the loaders that read one.
    assert!(verdicts.iter().all(|v| v.target == "podman"));
}

#[test]
fn a_compressed_archive_is_refused_by_containerd_and_crane_only() {
    let verdicts = judge(&layout(&["amd64"], false, Container::TarGzip));
    assert_eq!(verdict(&verdicts, "podman load").verdict, Verdict::Accept);
    for command in ["ctr images import", "crane validate --tarball"] {
        let v = verdict(&verdicts, command);
        assert_eq!(v.verdict, Verdict::Reject);
        assert_eq!(
            v.message.as_deref(),
            Some("archive/tar: invalid tar header")
        );
    }
    // dockerd reads gzip but needs manifest.json.
    let docker = verdict(&verdicts, "docker load");
    assert_eq!(docker.verdict, Verdict::Reject);
    assert_eq!(
        docker.message.as_deref(),
        Some("open <tmp>/blobs/json: no such file or directory")
    );
}

#[test]
fn an_index_whose_bytes_are_not_its_digest_stops_containerds_walk() {
    // Two indexes naming each other: content addressing makes a real cycle impossible, so the
    // one closing it holds other bytes than its digest, and containerd never stores it.
    let mut layout = Layout::new("cycle.tar!/");
    let a_digest = format!("sha256:{}", "a".repeat(64));
    let b = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"{a_digest}","size":1}}]}}"#
    );
    let b_digest = crate::digest::sha256(b.as_bytes());
    let a = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"{b_digest}","size":{}}}]}}"#,
        b.len()
    );
    // `a` is stored under a name that is not its digest: what the walk reads is the bytes.
    let a_path = format!("blobs/sha256/{}", "a".repeat(64));
    let b_path = format!("blobs/sha256/{}", &b_digest[7..]);
    layout.add(&a_path, Scanned::of(&a_path, a.as_bytes()));
    layout.add(&b_path, Scanned::of(&b_path, b.as_bytes()));
    let index = format!(
        r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"{b_digest}","size":{},"annotations":{{"org.opencontainers.image.ref.name":"c"}}}}]}}"#,
        b.len()
    );
    layout.add("index.json", Scanned::of("index.json", index.as_bytes()));
    let verdicts = judge(&layout);
    let ctr = verdict(&verdicts, "ctr images import");
    assert_eq!(ctr.verdict, Verdict::Reject);
    assert_eq!(
        ctr.message.as_deref(),
        Some(format!("content digest {a_digest}: not found").as_str())
    );
}
