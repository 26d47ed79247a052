//! containerd 2.1's `ctr images pull` (the transfer service) against 1.6's, difference by
//! difference: for each, a document both versions judge alike and one where they differ.

use super::tests::OCI;
use super::tests::{store, CONFIG, LAYER};
use super::*;

const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
const GZIP_LAYER: &str = "application/vnd.oci.image.layer.v1.tar+gzip";

fn manifest_with(layers: &[&str]) -> String {
    let layers: Vec<String> = layers
        .iter()
        .map(|media_type| {
            format!(r#"{{"mediaType":"{media_type}","digest":"{LAYER}","size":136}}"#)
        })
        .collect();
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{OCI}","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{CONFIG}","size":242}},"layers":[{}]}}"#,
        layers.join(",")
    )
}

fn both(bytes: &str, content_type: &str, known: bool) -> [Modelled; 2] {
    let environment = Environment {
        store: known.then(store),
        copy_to: CopyTo::OciLayout,
        containerd_root: None,
        urls: Vec::new(),
    };
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(bytes.as_bytes(), Some(content_type), &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, Some(content_type), &arena).within(&environment);
    [
        judge("containerd", "1.6", Operation::Pull, &input).expect("1.6 is modelled"),
        judge("containerd", "2.1", Operation::Pull, &input).expect("2.1 is modelled"),
    ]
}

fn said(modelled: &Modelled) -> (Verdict, Option<&str>) {
    (modelled.verdict, modelled.message.as_deref())
}

fn refused(message: &str) -> (Verdict, Option<&str>) {
    (Verdict::Reject, Some(message))
}

#[test]
fn the_model_names_the_code_of_its_version() {
    let [v1_6, v2_1] = both(&manifest_with(&[GZIP_LAYER]), OCI, false);
    assert!(v1_6.source.contains("v1.6.20"));
    assert!(v2_1.source.contains("v2.1.0"));
    assert!(v2_1.source.contains("core/transfer/local/pull.go"));
    assert_eq!((v2_1.verdict, v2_1.step), (Verdict::Accept, "unpack"));
    assert_eq!(v1_6.condition, v2_1.condition);
}

/// Schema 1: 1.6 converts it (and an unsigned one has no signatures); 2.1's transfer service
/// refuses it once resolved, before it fetches anything. A schema 1 document served as OCI is
/// refused alike by `validateMediaType`.
#[test]
fn schema_1_is_refused_once_resolved() {
    let schema1 = r#"{"schemaVersion":1,"name":"r","tag":"t","fsLayers":[]}"#;
    let [v1_6, v2_1] = both(
        schema1,
        "application/vnd.docker.distribution.manifest.v1+prettyjws",
        false,
    );
    assert_eq!(said(&v1_6), refused("ctr: no signatures"));
    assert_eq!(
        said(&v2_1),
        refused("ctr: schema 1 image manifests are no longer supported: invalid argument")
    );
    assert_eq!(v2_1.step, "resolve");
    assert!(v2_1
        .condition
        .expect("what the message holds on")
        .contains("Docker-Content-Digest"));
    // `text/plain` is read as schema 1 by both resolvers; an empty body is refused by 1.6's
    // fetch, but 2.1 refuses schema 1 before it fetches.
    let [v1_6, v2_1] = both("", "text/plain", false);
    let empty = crate::digest::sha256(b"");
    assert_eq!(
        said(&v1_6),
        refused(&format!("ctr: unable to fetch descriptor ({empty}) which reports content size of zero: invalid argument"))
    );
    assert_eq!(
        said(&v2_1),
        refused("ctr: schema 1 image manifests are no longer supported: invalid argument")
    );
    let digest = crate::digest::sha256(schema1.as_bytes());
    let alike = format!("ctr: children: invalid desc {digest}: media-type: schema 1 not supported");
    for modelled in both(schema1, OCI, false) {
        assert_eq!(said(&modelled), refused(&alike));
    }
}

fn index(entries: &[(&str, &str, &str)]) -> String {
    let entries: Vec<String> = entries
        .iter()
        .map(|(digest, size, architecture)| {
            format!(
                r#"{{"mediaType":"{OCI}","digest":"{digest}","size":{size},"platform":{{"os":"linux","architecture":"{architecture}"}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{OCI_INDEX}","manifests":[{}]}}"#,
        entries.join(",")
    )
}

const AMD64: &str = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const ARM64: &str = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

/// An index: 1.6 picks the linux/amd64 entry and fetches it alone; 2.1 stores all metadata,
/// so no entry has to match and every entry is fetched.
#[test]
fn every_entry_of_an_index_is_fetched() {
    let arm_only = index(&[(ARM64, "500", "arm64")]);
    let [v1_6, v2_1] = both(&arm_only, OCI_INDEX, false);
    let digest = crate::digest::sha256(arm_only.as_bytes());
    assert_eq!(
        said(&v1_6),
        refused(&format!(
            "ctr: no match for platform in manifest {digest}: not found"
        ))
    );
    assert_eq!(
        (v2_1.verdict, v2_1.step),
        (Verdict::Accept, "fetch children")
    );
    // An empty entry other than linux/amd64: 1.6 never fetches it, 2.1 does.
    let other_empty = index(&[(AMD64, "500", "amd64"), (ARM64, "0", "arm64")]);
    let [v1_6, v2_1] = both(&other_empty, OCI_INDEX, false);
    assert_eq!(v1_6.verdict, Verdict::Accept);
    assert_eq!(
        said(&v2_1),
        refused(&format!("ctr: unable to fetch descriptor ({ARM64}) which reports content size of zero: invalid argument"))
    );
    // An empty linux/amd64 entry is refused alike.
    let amd_empty = index(&[(AMD64, "0", "amd64")]);
    let alike = format!(
        "ctr: unable to fetch descriptor ({AMD64}) which reports content size of zero: invalid argument"
    );
    for modelled in both(&amd_empty, OCI_INDEX, false) {
        assert_eq!(said(&modelled), refused(&alike));
    }
}

/// The unpacker's count of layers against the config's diff_ids: 1.6's client says it
/// without numbers, 2.1's unpacker with them. One layer, one diff_id: accepted alike.
#[test]
fn the_layer_count_is_said_with_its_numbers() {
    let two = manifest_with(&[GZIP_LAYER, GZIP_LAYER]);
    let [v1_6, v2_1] = both(&two, OCI, true);
    assert_eq!(
        said(&v1_6),
        refused("ctr: mismatched image rootfs and manifest layers")
    );
    assert_eq!(
        said(&v2_1),
        refused("ctr: number of layers and diffIDs don't match: 2 != 1")
    );
    for modelled in both(&manifest_with(&[GZIP_LAYER]), OCI, true) {
        assert_eq!(said(&modelled), (Verdict::Accept, None));
    }
}

/// A child of no layer type: 1.6 unpacks it and has no processor for it; 2.1's unpacker
/// takes only `images.IsLayerType`'s types as layers, so it is fetched and not unpacked
/// (alone, nothing is unpacked; beside a layer, the count is one short). A Docker layer of
/// no known compression is refused alike (bar the gRPC suffix).
#[test]
fn only_layer_types_are_unpacked() {
    let unknown = manifest_with(&["application/x-unknown"]);
    let [v1_6, v2_1] = both(&unknown, OCI, true);
    assert_eq!(
        said(&v1_6),
        refused("ctr: failed to extract layer sha256:d1: failed to get stream processor for application/x-unknown: no processor for media-type: unknown")
    );
    assert_eq!(said(&v2_1), (Verdict::Accept, None));
    let beside = manifest_with(&["application/x-unknown", GZIP_LAYER]);
    let [v1_6, v2_1] = both(&beside, OCI, true);
    assert_eq!(
        said(&v1_6),
        refused("ctr: mismatched image rootfs and manifest layers")
    );
    assert_eq!(said(&v2_1), (Verdict::Accept, None));
    let [_, v2_1] = both(&beside, OCI, false);
    assert!(v2_1
        .condition
        .expect("a condition")
        .contains("diff_ids match only the layers of a layer type (1 of 2;"));
    let both_unknown = manifest_with(&["application/vnd.oci.image.layer.v2", GZIP_LAYER]);
    let [v1_6, v2_1] = both(&both_unknown, OCI, true);
    assert_eq!(
        said(&v1_6),
        refused("ctr: mismatched image rootfs and manifest layers")
    );
    assert_eq!(
        said(&v2_1),
        refused("ctr: number of layers and diffIDs don't match: 2 != 1")
    );
}

/// An unpack error: 1.6's ctr applies layers through the diff service and gets `: unknown`
/// added on the way back; 2.1's daemon applies them itself and ctr prints its text as is.
#[test]
fn unpack_errors_come_back_without_the_grpc_suffix() {
    let v2 = manifest_with(&["application/vnd.oci.image.layer.v2"]);
    let [v1_6, v2_1] = both(&v2, OCI, true);
    let processor = "ctr: failed to extract layer sha256:d1: failed to get stream processor for application/vnd.oci.image.layer.v2: no processor for media-type";
    assert_eq!(said(&v1_6), refused(&format!("{processor}: unknown")));
    assert_eq!(said(&v2_1), refused(processor));
    let plain = manifest_with(&["application/vnd.oci.image.layer.v1.tar"]);
    let [v1_6, v2_1] = both(&plain, OCI, true);
    let mount = "ctr: failed to extract layer sha256:d1: mount callback failed on /var/lib/containerd/tmpmounts/containerd-mount<n>: unexpected EOF";
    assert_eq!(said(&v1_6), refused(&format!("{mount}: unknown")));
    assert_eq!(said(&v2_1), refused(mount));
}

/// Docker's zstd layer type: 2.1's `DiffCompression` knows it, 1.6's does not. Its `+`
/// wrapped form, a plain tar for 2.1, is a type 1.6 has no processor for either.
#[test]
fn docker_zstd_layers_have_a_processor() {
    let zstd = manifest_with(&["application/vnd.docker.image.rootfs.diff.tar.zstd"]);
    let [v1_6, v2_1] = both(&zstd, OCI, false);
    assert_eq!(
        said(&v1_6),
        refused("ctr: failed to extract layer <diff-id>: failed to get stream processor for application/vnd.docker.image.rootfs.diff.tar.zstd: no processor for media-type: unknown")
    );
    assert_eq!(v2_1.verdict, Verdict::Accept);
    let gzip = manifest_with(&["application/vnd.docker.image.rootfs.diff.tar.gzip"]);
    for modelled in both(&gzip, OCI, false) {
        assert_eq!(modelled.verdict, Verdict::Accept);
    }
}

/// An index entry of no manifest type (a buildkit cache's layers): 1.6 goes on to it as the
/// chosen manifest and says the blobs endpoint does not serve it; 2.1 fetches it from there,
/// stores it and finds no children, so it holds on the blobs endpoint serving it. An entry
/// the store does not hold is refused alike.
#[test]
fn an_entry_of_no_manifest_type_is_fetched_as_a_blob() {
    let layer_entry = format!(
        r#"{{"schemaVersion":2,"mediaType":"{OCI_INDEX}","manifests":[{{"mediaType":"{GZIP_LAYER}","digest":"{LAYER}","size":136}}]}}"#
    );
    let [v1_6, v2_1] = both(&layer_entry, OCI_INDEX, false);
    assert_eq!(
        said(&v1_6),
        refused(&format!("ctr: failed to copy: httpReadSeeker: failed open: could not fetch content descriptor {LAYER} ({GZIP_LAYER}) from remote: not found"))
    );
    assert_eq!(v2_1.verdict, Verdict::Accept);
    assert!(v2_1
        .condition
        .expect("a condition")
        .contains(&format!("its blobs endpoint serves {LAYER}")));
    let [_, v2_1] = both(&layer_entry, OCI_INDEX, true);
    assert_eq!(said(&v2_1), (Verdict::Accept, None));
    let absent = layer_entry.replace(LAYER, AMD64);
    let alike = format!("ctr: failed to copy: httpReadSeeker: failed open: could not fetch content descriptor {AMD64} ({GZIP_LAYER}) from remote: not found");
    for modelled in both(&absent, OCI_INDEX, true) {
        assert_eq!(said(&modelled), refused(&alike));
    }
}
