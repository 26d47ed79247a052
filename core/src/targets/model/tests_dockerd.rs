//! Docker Engine 28's `docker pull` (classic image store): for each step of the model, a
//! document it lets through and one it stops, with the exact words the docker CLI prints; and
//! the user seeds as they go through it.

use super::tests::{CONFIG, INDEX, LAYER, LIST, OCI, SCHEMA2};
use super::tests_versions::unknown_store;
use super::*;
use crate::targets::Stored;

const CHILD: &str = "sha256:3a37dc3fd4e8460225ef5040308838ae344327c4901cffa653f3e157aae6c4f7";
const OTHER: &str = "sha256:cfefc66dad4addd779ff91774c1592f7a8cc87d3a905ea86bbcd9441045fe143";
const SCHEMA1: &str = "application/vnd.docker.distribution.manifest.v1+prettyjws";

fn pulled(bytes: &str, content_type: Option<&str>, environment: &Environment) -> Modelled {
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(bytes.as_bytes(), content_type, &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, content_type, &arena).within(environment);
    judge("dockerd", "28", Operation::Pull, &input).expect("a model")
}

/// `(verdict, message)` with nothing known of the registry, served as `content_type`.
fn judged(bytes: &str, content_type: &str) -> (Verdict, Option<String>) {
    let m = pulled(bytes, Some(content_type), &unknown_store());
    (m.verdict, m.message)
}

fn refused(message: &str) -> (Verdict, Option<String>) {
    (Verdict::Reject, Some(message.to_owned()))
}

fn pair(m: Modelled) -> (Verdict, Option<String>) {
    (m.verdict, m.message)
}

/// Refused before the progress stream starts: the CLI prints the daemon's HTTP error.
fn early(message: &str) -> (Verdict, Option<String>) {
    refused(&format!("Error response from daemon: {message}"))
}

fn manifest(media_type: &str, config_type: &str, layer_type: &str) -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{media_type}","config":{{"mediaType":"{config_type}","digest":"{CONFIG}","size":242}},"layers":[{{"mediaType":"{layer_type}","digest":"{LAYER}","size":136}}]}}"#
    )
}

fn oci() -> String {
    manifest(
        OCI,
        "application/vnd.oci.image.config.v1+json",
        "application/vnd.oci.image.layer.v1.tar+gzip",
    )
}

fn docker() -> String {
    manifest(
        SCHEMA2,
        "application/vnd.docker.container.image.v1+json",
        "application/vnd.docker.image.rootfs.diff.tar.gzip",
    )
}

/// An index of the given entries (each a JSON object's inside).
fn index(media_type: &str, entries: &[String]) -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{media_type}","manifests":[{}]}}"#,
        entries
            .iter()
            .map(|e| format!("{{{e}}}"))
            .collect::<Vec<_>>()
            .join(",")
    )
}

fn entry(digest: &str, platform: &str) -> String {
    let platform = if platform.is_empty() {
        String::new()
    } else {
        format!(r#","platform":{platform}"#)
    };
    format!(r#""mediaType":"{OCI}","digest":"{digest}","size":418{platform}"#)
}

fn amd64_list() -> String {
    index(
        LIST,
        &[
            entry(OTHER, r#"{"architecture":"arm64","os":"linux"}"#),
            entry(CHILD, r#"{"architecture":"amd64","os":"linux"}"#),
        ],
    )
}

fn stored(digest: &str, manifest_media_type: Option<&str>, diff_ids: Option<usize>) -> Stored {
    Stored {
        digest: digest.to_owned(),
        size: 242,
        manifest_media_type: manifest_media_type.map(str::to_owned),
        diff_ids: diff_ids.map(|n| (0..n).map(|i| format!("sha256:{i:064}")).collect()),
        gzip: false,
        tar: true,
    }
}

/// A registry holding exactly `pieces`.
fn holding(pieces: Vec<Stored>) -> Environment {
    Environment {
        store: Some(crate::targets::Store {
            address: "registry.test".to_owned(),
            repository: "library/app".to_owned(),
            contents: crate::targets::Contents::exactly(pieces),
        }),
        ..unknown_store()
    }
}

#[test]
fn the_tag_needs_a_content_type() {
    let m = pulled(&oci(), None, &unknown_store());
    assert_eq!(
        (m.verdict, m.message, m.step),
        (
            Verdict::Reject,
            Some("Error response from daemon: missing or empty Content-Type header".to_owned()),
            "resolve tag"
        )
    );
    let m = pulled(&oci(), Some(OCI), &unknown_store());
    assert_eq!(m.verdict, Verdict::Accept);
    assert_eq!(m.step, "compare diff IDs");
}

#[test]
fn the_served_content_type_picks_the_unmarshaller() {
    assert_eq!(
        judged(
            &oci(),
            "application/vnd.oci.image.manifest.v1+json; charset=utf-8"
        )
        .0,
        Verdict::Accept
    );
    assert_eq!(
        judged(&oci(), "; charset=utf-8"),
        early("mime: no media type")
    );
    // Moby vendors no schema 1: nothing is the default.
    let schema1 = r#"{"schemaVersion":1,"name":"a","tag":"b","fsLayers":[],"history":[]}"#;
    assert_eq!(
        judged(schema1, SCHEMA1),
        early("unsupported manifest media type and no default available: application/vnd.docker.distribution.manifest.v1+prettyjws")
    );
    assert_eq!(
        judged(&oci(), "application/json"),
        early("unsupported manifest media type and no default available: application/json")
    );
}

#[test]
fn the_body_is_decoded_as_go_does() {
    assert_eq!(
        judged(&format!("\u{feff}{}", oci()), OCI),
        early("invalid character 'ï' looking for beginning of value")
    );
    let layers_object = oci()
        .replace(r#""layers":["#, r#""layers":{"x":["#)
        .replace("}]}", "}]}}");
    assert_eq!(
        judged(&layers_object, OCI),
        early("json: cannot unmarshal object into Go struct field Manifest.layers of type []distribution.Descriptor")
    );
    // The last of a key given twice wins.
    let twice = oci().replacen(
        r#""schemaVersion":2"#,
        r#""mediaType":"x","schemaVersion":2"#,
        1,
    );
    assert_eq!(judged(&twice, OCI).0, Verdict::Accept);
}

#[test]
fn a_manifest_with_manifests_or_an_index_with_layers_is_refused() {
    let with_manifests = oci().replace(
        r#""schemaVersion":2"#,
        r#""schemaVersion":2,"manifests":[]"#,
    );
    assert_eq!(
        judged(&with_manifests, OCI),
        early("ocimanifest: expected manifest but found index")
    );
    let with_layers = index(INDEX, &[entry(CHILD, "")])
        .replace(r#""schemaVersion":2"#, r#""schemaVersion":2,"layers":[]"#);
    assert_eq!(
        judged(&with_layers, INDEX),
        early("index: expected index but found manifest")
    );
    assert_eq!(
        judged(&index(INDEX, &[entry(CHILD, "")]), INDEX).0,
        Verdict::Accept
    );
}

#[test]
fn the_documents_own_media_type_must_be_the_served_one() {
    assert_eq!(
        judged(&oci(), SCHEMA2),
        early("mediaType in manifest should be 'application/vnd.docker.distribution.manifest.v2+json' not 'application/vnd.oci.image.manifest.v1+json'")
    );
    // Optional in an OCI manifest.
    let without = oci().replace(&format!(r#""mediaType":"{OCI}","#), "");
    assert_eq!(judged(&without, OCI).0, Verdict::Accept);
    assert_eq!(judged(&without, SCHEMA2).0, Verdict::Reject);
}

#[test]
fn a_schema2_config_must_be_of_an_image_type() {
    assert_eq!(judged(&docker(), SCHEMA2).0, Verdict::Accept);
    let oci_config = docker().replace(
        "application/vnd.docker.container.image.v1+json",
        "application/vnd.oci.image.config.v1+json",
    );
    assert_eq!(judged(&oci_config, SCHEMA2).0, Verdict::Accept);
    let plugin = docker().replace(
        "application/vnd.docker.container.image.v1+json",
        "application/vnd.docker.plugin.v1+json",
    );
    let m = pulled(&plugin, Some(SCHEMA2), &unknown_store());
    assert_eq!(
        (m.verdict, m.message),
        early(
            r#"Encountered remote "application/vnd.docker.plugin.v1+json"(plugin) when fetching"#
        )
    );
    assert_eq!(m.step, "check config media type");
    let helm = docker().replace(
        "application/vnd.docker.container.image.v1+json",
        "application/vnd.cncf.helm.config.v1+json",
    );
    assert_eq!(
        judged(&helm, SCHEMA2),
        early(
            r#"Encountered remote "application/vnd.cncf.helm.config.v1+json"(unknown) when fetching"#
        )
    );
    // An OCI manifest's config is not checked so: only its prefix is.
    let oci_plugin = oci().replace(
        "application/vnd.oci.image.config.v1+json",
        "application/vnd.docker.plugin.v1+json",
    );
    assert_eq!(judged(&oci_plugin, OCI).0, Verdict::Accept);
}

#[test]
fn config_and_layer_types_must_be_image_types() {
    let helm = oci().replace(
        "application/vnd.oci.image.config.v1+json",
        "application/vnd.cncf.helm.config.v1+json",
    );
    let m = pulled(&helm, Some(OCI), &unknown_store());
    assert_eq!(
        (m.verdict, m.message),
        refused("unsupported media type application/vnd.cncf.helm.config.v1+json")
    );
    assert_eq!(m.step, "check media types");
    let ai = oci().replace(
        "application/vnd.oci.image.config.v1+json",
        "application/vnd.docker.ai.model.config.v0.1+json",
    );
    assert_eq!(
        judged(&ai, OCI),
        refused(
            r#"AI models are not yet supported by the Engine, please use "docker model pull/run" instead"#
        )
    );
    // Compared lower-cased; a prefix must be followed by a dot.
    let upper = oci().replace(
        "application/vnd.oci.image.layer.v1.tar+gzip",
        "APPLICATION/VND.OCI.IMAGE.LAYER.V1.TAR",
    );
    assert_eq!(judged(&upper, OCI).0, Verdict::Accept);
    let no_dot = oci().replace(
        "application/vnd.oci.image.layer.v1.tar+gzip",
        "application/vnd.oci.images_are_fun",
    );
    assert_eq!(
        judged(&no_dot, OCI),
        refused("unsupported media type application/vnd.oci.images_are_fun")
    );
    let empty = oci().replace("application/vnd.oci.image.layer.v1.tar+gzip", "");
    assert_eq!(judged(&empty, OCI).0, Verdict::Accept);
}

#[test]
fn a_layer_digest_must_be_valid() {
    let short = oci().replace(LAYER, "sha256:abc");
    assert_eq!(
        judged(&short, OCI),
        refused(r#"could not validate layer digest "sha256:abc": invalid checksum digest length"#)
    );
    let md5 = oci().replace(LAYER, "md5:abc");
    assert_eq!(
        judged(&md5, OCI),
        refused(r#"could not validate layer digest "md5:abc": unsupported digest algorithm"#)
    );
    // Checked before the layer's type.
    let both = oci()
        .replace(LAYER, "")
        .replace("application/vnd.oci.image.layer.v1.tar+gzip", "text/plain");
    assert_eq!(
        judged(&both, OCI),
        refused(r#"could not validate layer digest "": invalid checksum digest format"#)
    );
}

#[test]
fn the_config_is_fetched_first() {
    let short = oci().replace(CONFIG, "sha256:abc");
    let m = pulled(&short, Some(OCI), &unknown_store());
    assert_eq!(
        (m.verdict, m.message),
        refused("error pulling image configuration: download failed after attempts=6: invalid digest format")
    );
    assert_eq!(m.step, "fetch config");
    let md5 = oci().replace(CONFIG, &format!("md5:{}", "a".repeat(32)));
    assert_eq!(judged(&md5, OCI).0, Verdict::Unknown);
    let upper = oci().replace(CONFIG, &CONFIG.to_uppercase().replace("SHA256", "sha256"));
    let m = pulled(&upper, Some(OCI), &unknown_store());
    assert_eq!(m.verdict, Verdict::Unknown);
    assert!(m
        .message
        .unwrap()
        .contains("invalid checksum digest format"));
    // Neither config nor layer there: the config's error wins.
    let nothing = pulled(&oci(), Some(OCI), &holding(Vec::new()));
    assert_eq!(
        (nothing.verdict, nothing.message),
        refused(
            "error pulling image configuration: download failed after attempts=1: unknown blob"
        )
    );
}

#[test]
fn a_missing_layer_is_an_unknown_blob() {
    let m = pulled(
        &oci(),
        Some(OCI),
        &holding(vec![stored(CONFIG, None, Some(1))]),
    );
    assert_eq!((m.verdict, m.message), refused("unknown blob"));
    assert_eq!(m.step, "download layers");
    // The sizes given do not matter.
    let all = holding(vec![
        stored(CONFIG, None, Some(1)),
        stored(LAYER, None, None),
    ]);
    let m = pulled(
        &oci().replace(r#""size":136"#, r#""size":-1"#),
        Some(OCI),
        &all,
    );
    assert_eq!(
        (m.verdict, m.condition.is_some()),
        (Verdict::Accept, true),
        "{:?}",
        m.message
    );
    assert!(!m.condition.unwrap().contains("serves"));
}

#[test]
fn the_layers_must_be_as_many_as_the_diff_ids() {
    let two = holding(vec![
        stored(CONFIG, None, Some(2)),
        stored(LAYER, None, None),
    ]);
    let m = pulled(&oci(), Some(OCI), &two);
    assert_eq!(
        (m.verdict, m.message),
        refused("layers from manifest don't match image configuration")
    );
    assert_eq!(m.step, "compare diff IDs");
    let one = holding(vec![
        stored(CONFIG, None, Some(1)),
        stored(LAYER, None, None),
    ]);
    assert_eq!(pulled(&oci(), Some(OCI), &one).verdict, Verdict::Accept);
}

#[test]
fn a_list_entry_must_match_linux_amd64() {
    let m = pulled(&amd64_list(), Some(LIST), &unknown_store());
    assert_eq!((m.verdict, m.step), (Verdict::Accept, "choose manifest"));
    assert!(m.condition.unwrap().contains(CHILD));
    let arm = index(
        LIST,
        &[entry(OTHER, r#"{"architecture":"arm64","os":"linux"}"#)],
    );
    let m = pulled(&arm, Some(LIST), &unknown_store());
    assert_eq!(
        (m.verdict, m.message),
        refused("no matching manifest for linux/amd64 in the manifest list entries")
    );
    assert_eq!(m.step, "choose manifest");
    let accepted_platforms = [
        r#"{"architecture":"X86_64","os":"Linux"}"#,
        r#"{"architecture":"amd64","os":"linux","variant":"v2"}"#,
        r#"{"architecture":"amd64","os":"linux","variant":"v3"}"#,
        r#"{"architecture":"386","os":"linux"}"#,
        r#"{"architecture":"amd64"}"#,
        "{}",
        "",
    ];
    for platform in accepted_platforms {
        let list = index(INDEX, &[entry(CHILD, platform)]);
        assert_eq!(judged(&list, INDEX).0, Verdict::Accept, "{platform}");
    }
    let refused_platforms = [
        r#"{"architecture":"amd64","os":"linux","variant":"v4"}"#,
        r#"{"architecture":"amd64","os":"linux","os.features":["win32k"]}"#,
        r#"{"architecture":"amd64","os":"windows"}"#,
        r#"{"os.features":[]}"#,
    ];
    for platform in refused_platforms {
        let list = index(INDEX, &[entry(CHILD, platform)]);
        assert_eq!(judged(&list, INDEX).0, Verdict::Reject, "{platform}");
    }
}

#[test]
fn the_best_match_is_fetched_and_must_be_there() {
    // An entry with no platform sorts after one that matches.
    let list = index(
        LIST,
        &[
            entry(OTHER, ""),
            entry(CHILD, r#"{"architecture":"amd64","os":"linux"}"#),
        ],
    );
    let child_there = holding(vec![stored(CHILD, Some(OCI), None)]);
    assert_eq!(
        pulled(&list, Some(LIST), &child_there).verdict,
        Verdict::Accept
    );
    let other_there = holding(vec![stored(OTHER, Some(OCI), None)]);
    let m = pulled(&list, Some(LIST), &other_there);
    assert_eq!(
        (m.verdict, m.message),
        refused("manifest for <image> not found: manifest unknown: manifest unknown")
    );
    assert_eq!(m.step, "fetch chosen manifest");
    // amd64 v3 before v2, before plain amd64.
    let levels = index(
        LIST,
        &[
            entry(OTHER, r#"{"architecture":"amd64","os":"linux"}"#),
            entry(
                CHILD,
                r#"{"architecture":"amd64","os":"linux","variant":"v3"}"#,
            ),
        ],
    );
    assert_eq!(
        pulled(&levels, Some(LIST), &child_there).verdict,
        Verdict::Accept
    );
    assert_eq!(
        pulled(&levels, Some(LIST), &other_there).verdict,
        Verdict::Reject
    );
    // The entry's digest goes into the reference first; its media type and size are not used.
    let bad = amd64_list().replace(CHILD, "sha256:abc");
    assert_eq!(judged(&bad, LIST), refused("invalid digest format"));
    let odd = amd64_list()
        .replacen(OCI, "text/plain", 2)
        .replace(r#""size":418"#, r#""size":0"#);
    assert_eq!(judged(&odd, LIST).0, Verdict::Accept);
    // A child served with a type nothing unmarshals.
    let schema1_child = holding(vec![stored(CHILD, Some(SCHEMA1), None)]);
    assert_eq!(
        pair(pulled(&amd64_list(), Some(LIST), &schema1_child)),
        refused("unsupported manifest media type and no default available: application/vnd.docker.distribution.manifest.v1+prettyjws")
    );
}

/// The user seeds, served with their own media type by a registry whose contents are not
/// known, and as the stories had them.
#[test]
fn the_seeds() {
    let kaniko_oci = include_str!("../../../../tests/fixtures/seeds/kaniko-oci-manifest.json");
    assert_eq!(judged(kaniko_oci, OCI).0, Verdict::Accept);
    // Pushed by kaniko with the Docker type, it would be served so (where a registry took it).
    assert_eq!(
        judged(kaniko_oci, SCHEMA2),
        early("mediaType in manifest should be 'application/vnd.docker.distribution.manifest.v2+json' not 'application/vnd.oci.image.manifest.v1+json'")
    );
    let kaniko_docker =
        include_str!("../../../../tests/fixtures/seeds/kaniko-docker-manifest.json");
    assert_eq!(judged(kaniko_docker, SCHEMA2).0, Verdict::Accept);
    // Docker's config in an OCI manifest: only the prefix is checked.
    let podman = include_str!("../../../../tests/fixtures/seeds/podman-mixed-oci-manifest.json");
    assert_eq!(judged(podman, OCI).0, Verdict::Accept);
    let gardenlinux =
        include_str!("../../../../tests/fixtures/seeds/gardenlinux-custom-layer.json");
    assert_eq!(
        judged(gardenlinux, OCI),
        refused("unsupported media type application/io.gardenlinux.release")
    );
    // The cache list's entries have no platform: the first is fetched as a manifest, which a
    // registry holding it as a blob does not serve.
    let cache = include_str!("../../../../tests/fixtures/seeds/buildkit-cache-list.json");
    let m = pulled(cache, Some(LIST), &unknown_store());
    assert_eq!(m.verdict, Verdict::Accept);
    assert!(m.condition.unwrap().contains("serves that manifest"));
    // The first entry, held as a blob.
    let digest = "sha256:6910e5a164f725142d77994b247ba20040477fbab49a721bdbe8d61cf855ac23";
    assert!(cache.contains(digest));
    let as_blob = holding(vec![stored(digest, None, None)]);
    assert_eq!(
        pair(pulled(cache, Some(LIST), &as_blob)),
        refused("manifest for <image> not found: manifest unknown: manifest unknown")
    );
    let list = include_str!("../../../../tests/fixtures/seeds/docker-list-of-oci-manifests.json");
    let m = pulled(list, Some(LIST), &unknown_store());
    assert_eq!(m.verdict, Verdict::Accept);
    assert!(m.condition.unwrap().contains(CHILD));
}
