//! podman@2025 (containers/image after mid-2025, container-libs @f0ddf1a image/) against
//! podman@4.3 (containers/image 5.23): a document both judge alike, and for each difference
//! modelled one they judge differently, with each program's exact first error. Nothing here
//! was run against a podman of 2025: the expected texts are the code's.

use super::tests::{CONFIG, INDEX, LAYER, LIST, OCI, SCHEMA2};
use super::*;

const OTHER: &str = "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7";
const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";

fn oci_manifest(config_type: &str, layer_type: &str, extra: &str) -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{OCI}"{extra},"config":{{"mediaType":"{config_type}","digest":"{CONFIG}","size":242}},"layers":[{{"mediaType":"{layer_type}","digest":"{LAYER}","size":136}}]}}"#
    )
}

fn good() -> String {
    oci_manifest(
        OCI_CONFIG,
        "application/vnd.oci.image.layer.v1.tar+gzip",
        "",
    )
}

fn schema2(layer_type: &str) -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{SCHEMA2}","config":{{"mediaType":"{DOCKER_CONFIG}","digest":"{CONFIG}","size":242}},"layers":[{{"mediaType":"{layer_type}","digest":"{LAYER}","size":136}}]}}"#
    )
}

fn environment(copy_to: CopyTo) -> Environment {
    Environment {
        store: None,
        copy_to,
        containerd_root: None,
        urls: Vec::new(),
    }
}

/// The model's verdict at `version` for `operation` on `bytes` served as `content_type`.
fn judged(
    version: &str,
    operation: Operation,
    copy_to: CopyTo,
    bytes: &str,
    content_type: &str,
) -> Modelled {
    let environment = environment(copy_to);
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(bytes.as_bytes(), Some(content_type), &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, Some(content_type), &arena).within(&environment);
    judge("podman", version, operation, &input).expect("a model")
}

/// `(4.3's (verdict, message, step), 2025's)` for a pull.
fn pulled(bytes: &str, content_type: &str) -> [(Verdict, Option<String>, &'static str); 2] {
    ["4.3", "2025"].map(|version| {
        let m = judged(
            version,
            Operation::Pull,
            CopyTo::OciLayout,
            bytes,
            content_type,
        );
        (m.verdict, m.message, m.step)
    })
}

fn copied(
    bytes: &str,
    content_type: &str,
    copy_to: CopyTo,
) -> [(Verdict, Option<String>, &'static str); 2] {
    ["4.3", "2025"].map(|version| {
        let m = judged(version, Operation::Copy, copy_to, bytes, content_type);
        (m.verdict, m.message, m.step)
    })
}

fn refused(message: &str, step: &'static str) -> (Verdict, Option<String>, &'static str) {
    (Verdict::Reject, Some(message.to_owned()), step)
}

#[test]
fn both_versions_pull_a_good_image_alike_and_2025_names_its_code() {
    let accepted = (Verdict::Accept, None, "commit to storage");
    assert_eq!(pulled(&good(), OCI), [accepted.clone(), accepted]);
    let new = judged("2025", Operation::Pull, CopyTo::OciLayout, &good(), OCI);
    assert!(
        new.source.contains("container-libs @f0ddf1a"),
        "{}",
        new.source
    );
    assert_eq!(
        new.condition.as_deref(),
        Some(
            format!(
                "the registry serves the blobs {CONFIG}, {LAYER} with the sizes given, and the layers unpack, their uncompressed digests the config's rootfs.diff_ids"
            )
            .as_str()
        )
    );
    let old = judged("4.3", Operation::Pull, CopyTo::OciLayout, &good(), OCI);
    assert!(old.source.contains("v5.23"), "{}", old.source);
    // A Docker layer type in an OCI-served schema 2 manifest: refused alike.
    let bad = schema2("application/vnd.oci.image.layer.v1.tar+gzip");
    let unsupported = refused(
        "unsupported docker v2s2 media type: \"application/vnd.oci.image.layer.v1.tar+gzip\"",
        "check media types",
    );
    assert_eq!(pulled(&bad, SCHEMA2), [unsupported.clone(), unsupported]);
    // Not JSON: Go's syntax error, alike.
    let syntax = refused(
        "invalid character '@' looking for beginning of value",
        "decode",
    );
    assert_eq!(pulled("@", OCI), [syntax.clone(), syntax]);
}

/// image/internal/manifest/errors.go@f0ddf1a: an OCI manifest with a Docker config is "an
/// invalid mixed image", and `artifactType` names an artifact before its config does.
#[test]
fn a_docker_config_in_an_oci_manifest_is_an_invalid_mixed_image_in_2025() {
    let mixed = oci_manifest(
        DOCKER_CONFIG,
        "application/vnd.oci.image.layer.v1.tar+gzip",
        "",
    );
    assert_eq!(
        pulled(&mixed, OCI),
        [
            refused(
                "unsupported image-specific operation on artifact with type \"application/vnd.docker.container.image.v1+json\"",
                "parse image configuration"
            ),
            refused(
                "invalid mixed OCI image with Docker v2s2 config (\"application/vnd.docker.container.image.v1+json\")",
                "parse image configuration"
            ),
        ]
    );
    let artifact = oci_manifest(
        "application/vnd.oci.empty.v1+json",
        "application/vnd.example.file",
        r#","artifactType":"application/vnd.example.thing""#,
    );
    assert_eq!(
        pulled(&artifact, OCI),
        [
            refused(
                "unsupported image-specific operation on artifact with type \"application/vnd.oci.empty.v1+json\"",
                "parse image configuration"
            ),
            refused(
                "unsupported image-specific operation on artifact with type \"application/vnd.example.thing\"",
                "parse image configuration"
            ),
        ]
    );
    // Copied to a layout, neither looks at the config's type.
    let accepted = (Verdict::Accept, None, "copy config");
    assert_eq!(
        copied(&mixed, OCI, CopyTo::OciLayout),
        [accepted.clone(), accepted]
    );
}

/// image-spec v1.1.1 (image/go.mod@f0ddf1a): `v1.Manifest` and `v1.Index` have an
/// `artifactType`, decoded as a string.
#[test]
fn the_2025_release_decodes_a_manifests_artifact_type() {
    let numeric = good().replacen(r#""config""#, r#""artifactType":1,"config""#, 1);
    let [old, new] = pulled(&numeric, OCI);
    assert_eq!(old, (Verdict::Accept, None, "commit to storage"));
    assert_eq!(
        new,
        refused(
            "json: cannot unmarshal number into Go struct field OCI1.artifactType of type string",
            "decode"
        )
    );
    let index = format!(
        r#"{{"schemaVersion":2,"mediaType":"{INDEX}","artifactType":true,"manifests":[{{"mediaType":"{OCI}","digest":"{OTHER}","size":242,"platform":{{"architecture":"amd64","os":"linux"}}}}]}}"#
    );
    let [old, new] = pulled(&index, INDEX);
    assert_eq!((old.0, old.2), (Verdict::Accept, "choose instance"));
    assert_eq!(
        new,
        refused(
            "json: cannot unmarshal bool into Go struct field OCI1IndexPublic.artifactType of type string",
            "decode"
        )
    );
}

/// image/manifest/oci.go@f0ddf1a: `OCI1FromManifest` names the manifest type in its ambiguity
/// error (5.23 named the index type).
#[test]
fn the_ambiguity_error_names_the_manifest_type_in_2025() {
    let ambiguous = good().replacen(r#""config""#, r#""manifests":[],"config""#, 1);
    assert_eq!(
        pulled(&ambiguous, OCI),
        [
            refused(
                "rejecting ambiguous manifest, unexpected fields []string{\"manifests\"} in supposedly application/vnd.oci.image.index.v1+json",
                "check ambiguous fields"
            ),
            refused(
                "rejecting ambiguous manifest, unexpected fields []string{\"manifests\"} in supposedly application/vnd.oci.image.manifest.v1+json",
                "check ambiguous fields"
            ),
        ]
    );
}

/// image/manifest/manifest.go@f0ddf1a: `SupportedSchema2MediaType` takes Docker's zstd layer.
#[test]
fn a_docker_zstd_layer_is_supported_in_2025() {
    let zstd = schema2("application/vnd.docker.image.rootfs.diff.tar.zstd");
    assert_eq!(
        pulled(&zstd, SCHEMA2),
        [
            refused(
                "unsupported docker v2s2 media type: \"application/vnd.docker.image.rootfs.diff.tar.zstd\"",
                "check media types"
            ),
            (Verdict::Accept, None, "commit to storage"),
        ]
    );
}

/// image/internal/manifest/{oci_index,docker_schema2_list}.go@f0ddf1a quote the platform.
#[test]
fn no_instance_for_the_platform_is_said_with_quotes_in_2025() {
    let list = format!(
        r#"{{"schemaVersion":2,"mediaType":"{LIST}","manifests":[{{"mediaType":"{SCHEMA2}","digest":"{OTHER}","size":242,"platform":{{"architecture":"arm64","os":"linux"}}}}]}}"#
    );
    assert_eq!(
        pulled(&list, LIST),
        [
            refused(
                "no image found in manifest list for architecture amd64, variant \"\", OS linux",
                "choose instance"
            ),
            refused(
                "no image found in manifest list for architecture \"amd64\", variant \"\", OS \"linux\"",
                "choose instance"
            ),
        ]
    );
}

/// image/internal/manifest/oci_index.go@f0ddf1a `chooseInstance`: of the entries fit for the
/// platform, the zstd one is preferred; 5.23 took the first. Here that one's digest cannot
/// exist, so only 2025 asks for a manifest that is not there.
#[test]
fn the_zstd_instance_is_chosen_in_2025() {
    let index = format!(
        r#"{{"schemaVersion":2,"mediaType":"{INDEX}","manifests":[{{"mediaType":"{OCI}","digest":"{OTHER}","size":242,"platform":{{"architecture":"amd64","os":"linux"}}}},{{"mediaType":"{OCI}","digest":"sha256:zstd","size":242,"platform":{{"architecture":"amd64","os":"linux"}},"annotations":{{"io.github.containers.compression.zstd":"true"}}}}]}}"#
    );
    let [old, new] = pulled(&index, INDEX);
    assert_eq!(
        (old.0, old.1, old.2),
        (Verdict::Accept, None, "choose instance")
    );
    assert_eq!(new, refused("manifest unknown", "fetch instance"));
}

/// image/docker/docker_client.go@f0ddf1a `getBlob`, image/directory/directory_transport.go
/// `layerPath`: a blob's digest is validated before it is asked for; 5.23 asked the registry
/// (a 404) or panicked on a digest without `:`.
#[test]
fn blob_digests_are_validated_before_use_in_2025() {
    let short_config = good().replace(CONFIG, "sha256:1ad2");
    assert_eq!(
        pulled(&short_config, OCI),
        [
            refused(
                "invalid status code from registry 404 (Not Found)",
                "fetch config"
            ),
            refused("invalid checksum digest length", "fetch config"),
        ]
    );
    let no_separator = good().replace(LAYER, "95e9d8136714");
    assert_eq!(
        copied(&no_separator, OCI, CopyTo::Dir),
        [
            refused(
                "panic: no ':' separator in digest \"95e9d8136714\"",
                "copy layers"
            ),
            refused("invalid checksum digest format", "copy layers"),
        ]
    );
}

/// The gardenlinux seed's kind: a layer whose type names a file, not a tar. Storage applies
/// every layer as a tar in both; 2025 unpacks it through `storage-untar` as it arrives
/// (image/storage/storage_dest.go@f0ddf1a `createNewLayer`, storage/pkg/chrootarchive/
/// archive_unix.go@f0ddf1a `invokeUnpack`). A copy to a layout or `dir:` unpacks nothing.
#[test]
fn a_custom_layer_is_refused_by_2025_pull_and_copied_without_unpacking() {
    let custom = oci_manifest(OCI_CONFIG, "application/io.gardenlinux.release", "");
    assert_eq!(
        pulled(&custom, OCI),
        [
            refused(
                &format!("writing blob: adding layer with blob \"{LAYER}\": ApplyLayer stdout:  stderr: unexpected EOF exit status 1"),
                "apply layers"
            ),
            refused(
                &format!("writing blob: adding layer with blob \"{LAYER}\"/\"\"/\"{LAYER}\": unpacking failed (error: exit status 1; output: unexpected EOF)"),
                "apply layers"
            ),
        ]
    );
    let new = judged("2025", Operation::Pull, CopyTo::OciLayout, &custom, OCI);
    assert_eq!(
        new.condition.as_deref(),
        Some(
            format!(
                "{LAYER} is not a tar archive, as its type application/io.gardenlinux.release says"
            )
            .as_str()
        )
    );
    for copy_to in [CopyTo::OciLayout, CopyTo::Dir] {
        let copy = judged("2025", Operation::Copy, copy_to, &custom, OCI);
        assert_eq!((copy.verdict, copy.step), (Verdict::Accept, "copy config"));
        assert_eq!(
            copy.condition.as_deref(),
            Some(
                format!("the registry serves the blobs {CONFIG}, {LAYER} with the sizes given")
                    .as_str()
            )
        );
    }
}

/// image/storage/storage_dest.go@f0ddf1a `untrustedLayerDiffID`: a config that names diffIDs
/// must name one for every layer, checked before the layer is applied; 5.23 did not look.
#[test]
fn a_layer_beyond_the_configs_diff_ids_is_refused_in_2025() {
    let blob = |digest: &str, size: u64, diff_ids: Option<Vec<String>>, tar: bool| {
        crate::targets::Stored {
            digest: digest.to_owned(),
            size,
            manifest_media_type: None,
            diff_ids,
            gzip: false,
            tar,
        }
    };
    let environment = Environment {
        store: Some(crate::targets::Store {
            address: "registry.test".to_owned(),
            repository: "r".to_owned(),
            contents: crate::targets::Contents::exactly([
                blob(CONFIG, 242, Some(vec![OTHER.to_owned()]), false),
                blob(LAYER, 136, None, true),
                blob(OTHER, 136, None, true),
            ]),
        }),
        ..environment(CopyTo::OciLayout)
    };
    let two_layers = good().replace(
        "}]}",
        &format!(
            r#"}},{{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{OTHER}","size":136}}]}}"#
        ),
    );
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(two_layers.as_bytes(), Some(OCI), &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, Some(OCI), &arena).within(&environment);
    let old = judge("podman", "4.3", Operation::Pull, &input).expect("a model");
    assert_eq!(
        (old.verdict, old.message, old.condition),
        (Verdict::Accept, None, None)
    );
    let new = judge("podman", "2025", Operation::Pull, &input).expect("a model");
    assert_eq!(
        (new.verdict, new.message.as_deref(), new.step),
        (
            Verdict::Reject,
            Some("writing blob: image config has only 1 DiffID values, but a layer with index 1 exists"),
            "apply layers"
        )
    );
}

/// Schema 1: both decode each history entry and check the layer IDs alike (`fixManifestLayers`);
/// 2025 quotes a bad parent (image/manifest/docker_schema1.go@f0ddf1a), and the conversion
/// itself is not modelled in either.
#[test]
fn schema1_layers_are_checked_alike_and_2025_quotes_the_parent() {
    let a = "a".repeat(64);
    let b = "b".repeat(64);
    let schema1 = |top_parent: &str| {
        format!(
            r#"{{"schemaVersion":1,"name":"r","tag":"t","fsLayers":[{{"blobSum":"{LAYER}"}},{{"blobSum":"{LAYER}"}}],"history":[{{"v1Compatibility":"{{\"id\":\"{a}\",\"parent\":\"{top_parent}\"}}"}},{{"v1Compatibility":"{{\"id\":\"{b}\"}}"}}]}}"#
        )
    };
    let signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    let fine = pulled(&schema1(&b), signed);
    for (verdict, message, step) in fine {
        assert_eq!(
            (verdict, message.as_deref(), step),
            (
                Verdict::Unknown,
                Some("schema 1 conversion is not modelled"),
                "convert schema 1"
            )
        );
    }
    assert_eq!(
        pulled(&schema1("c"), signed),
        [
            refused(
                &format!("Invalid parent ID. Expected {b}, got c"),
                "check schema 1"
            ),
            refused(
                &format!("Invalid parent ID. Expected {b}, got \"c\""),
                "check schema 1"
            ),
        ]
    );
    let bad_json = schema1(&b).replace(r#"{\"id\":\"bbbb"#, r#"{\"id\":1,\"x\":\"bbbb"#);
    let error = refused(
        "parsing v2s1 history entry 1: json: cannot unmarshal number into Go struct field Schema1V1Compatibility.id of type string",
        "check schema 1",
    );
    assert_eq!(pulled(&bad_json, signed), [error.clone(), error]);
}
