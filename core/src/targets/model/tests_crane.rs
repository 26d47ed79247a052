//! crane pull (go-containerregistry @3f4ff3c, `--format tarball`): for each step, a document
//! it takes and one it refuses, with crane's exact error as printed; the seeds through it.

use super::tests::{CONFIG, INDEX, LAYER, LIST, OCI, SCHEMA2};
use super::tests_versions::{oci_index, oci_manifest, unknown_store};
use super::*;
use crate::targets::{Contents, Store, Stored};

const FOREIGN: &str = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

fn pulled_in(bytes: &str, content_type: Option<&str>, environment: &Environment) -> Modelled {
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(bytes.as_bytes(), content_type, &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, content_type, &arena).within(environment);
    judge("crane", "0.20", Operation::Pull, &input).expect("a model")
}

fn pulled(bytes: &str, content_type: &str) -> Modelled {
    pulled_in(bytes, Some(content_type), &unknown_store())
}

/// `(verdict, message, step)`.
fn outcome(m: &Modelled) -> (Verdict, Option<&str>, &'static str) {
    (m.verdict, m.message.as_deref(), m.step)
}

/// A registry holding the corpus's config (242 bytes, `diff_ids` given) and layer (136).
fn holding(diff_ids: usize, extra: Vec<Stored>) -> Environment {
    let blob = |digest: &str, size: u64, diff_ids: Option<Vec<String>>| Stored {
        digest: digest.to_owned(),
        size,
        manifest_media_type: None,
        diff_ids,
        gzip: false,
        tar: false,
    };
    let mut pieces = vec![
        blob(CONFIG, 242, Some(vec!["sha256:d1".to_owned(); diff_ids])),
        blob(LAYER, 136, None),
    ];
    pieces.extend(extra);
    Environment {
        store: Some(Store {
            address: "registry.test".to_owned(),
            repository: "r".to_owned(),
            contents: Contents::exactly(pieces),
        }),
        ..unknown_store()
    }
}

fn decode_error(message: &str) -> String {
    format!("Error: saving tarball <file>: unable to calculate manifest: {message}")
}

fn docker_manifest(config_digest: &str) -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{SCHEMA2}","config":{{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"{config_digest}","size":242}},"layers":[{{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","digest":"{LAYER}","size":136}}]}}"#
    )
}

#[test]
fn a_good_manifest_pulls_if_its_blobs_are_served() {
    let m = pulled(&oci_manifest("", ""), OCI);
    assert_eq!(outcome(&m), (Verdict::Accept, None, "write layers"));
    assert_eq!(
        m.condition.as_deref(),
        Some(format!("the registry serves {CONFIG}, {LAYER} with the sizes given").as_str())
    );
    let known = pulled_in(&oci_manifest("", ""), Some(OCI), &holding(1, vec![]));
    assert_eq!(outcome(&known), (Verdict::Accept, None, "write layers"));
    assert_eq!(known.condition, None);
    assert_eq!(
        outcome(&pulled(&docker_manifest(CONFIG), SCHEMA2)),
        (Verdict::Accept, None, "write layers")
    );
}

/// descriptor.go@3f4ff3c `Descriptor.Image`: schema 1 refused; any type it does not know is
/// taken as an image, with a warning.
#[test]
fn schema_1_is_refused_and_an_unknown_content_type_warned_of() {
    for schema1 in [
        "application/vnd.docker.distribution.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v1+prettyjws",
    ] {
        let m = pulled(&oci_manifest("", ""), schema1);
        assert_eq!(
            outcome(&m),
            (
                Verdict::Reject,
                Some(format!("Error: unsupported MediaType: \"{schema1}\", see https://github.com/google/go-containerregistry/issues/377").as_str()),
                "resolve"
            )
        );
    }
    let with_charset = format!("{OCI}; charset=utf-8");
    let m = pulled(&oci_manifest("", ""), &with_charset);
    assert_eq!(
        outcome(&m),
        (
            Verdict::Warn,
            Some(format!("Unexpected media type for Image(): {with_charset}").as_str()),
            "write layers"
        )
    );
    let none = pulled_in(&oci_manifest("", ""), None, &unknown_store());
    assert_eq!(
        outcome(&none),
        (
            Verdict::Warn,
            Some("Unexpected media type for Image(): "),
            "write layers"
        )
    );
    // An index served with a parameter is taken as an image: its config is the zero
    // descriptor, fetched as `blobs/:`.
    let index = pulled(&oci_index("", ""), &format!("{INDEX}; charset=utf-8"));
    assert_eq!(
        outcome(&index),
        (
            Verdict::Reject,
            Some(
                decode_error("GET http://<registry>/v2/<repo>/blobs/:: unexpected status code 404 Not Found: 404 page not found")
                    .as_str()
            ),
            "fetch config"
        )
    );
}

/// pkg/v1/manifest.go@3f4ff3c `ParseManifest`: `json.NewDecoder(r).Decode`, one value.
#[test]
fn the_decoder_reads_one_value_and_says_eof() {
    let good = oci_manifest("", "");
    let trailing = format!("{good} trailing garbage {{");
    assert_eq!(
        outcome(&pulled(&trailing, OCI)),
        (Verdict::Accept, None, "write layers")
    );
    let truncated = &good[..good.len() - 3];
    assert_eq!(
        outcome(&pulled(truncated, OCI)),
        (
            Verdict::Reject,
            Some(decode_error("unexpected EOF").as_str()),
            "decode"
        )
    );
    assert_eq!(
        outcome(&pulled("  \n", OCI)),
        (
            Verdict::Reject,
            Some(decode_error("EOF").as_str()),
            "decode"
        )
    );
    assert_eq!(
        outcome(&pulled(&format!("\u{feff}{good}"), OCI)),
        (
            Verdict::Reject,
            Some(decode_error("invalid character 'ï' looking for beginning of value").as_str()),
            "decode"
        )
    );
    let string_version = good.replace("\"schemaVersion\":2", "\"schemaVersion\":\"2\"");
    assert_eq!(
        outcome(&pulled(&string_version, OCI)),
        (
            Verdict::Reject,
            Some(decode_error("json: cannot unmarshal string into Go struct field Manifest.schemaVersion of type int64").as_str()),
            "decode"
        )
    );
}

/// pkg/v1/hash.go@3f4ff3c `Hash.UnmarshalJSON`/`parse`: each error, in its order; the first
/// ends the decoding, replacing a type error saved before it.
#[test]
fn digests_are_parsed_as_they_are_decoded() {
    let with_config_digest =
        |digest: &str| docker_manifest(CONFIG).replace(&format!("\"{CONFIG}\""), digest);
    let cases = [
        ("\"sha256:deadbeef\"", "wrong number of hex digits for sha256: deadbeef".to_owned()),
        (
            &format!("\"{}\"", CONFIG.to_uppercase().replace("SHA256", "sha256")),
            "found non-hex character in hash: A".to_owned(),
        ),
        ("\"sha256:é\"", "found non-hex character in hash: Ã".to_owned()),
        (
            &format!("\"md5:{}\"", &CONFIG[7..39]),
            "unsupported hash: \"md5\"".to_owned(),
        ),
        (
            &format!("\"sha512:{}\"", &CONFIG[7..]),
            "unsupported hash: \"sha512\"".to_owned(),
        ),
        ("\"1ad21fa9\"", "cannot parse hash: \"1ad21fa9\"".to_owned()),
        ("\"sha256:\"", "cannot parse hash: \"sha256:\"".to_owned()),
        ("null", "cannot parse hash: \"\"".to_owned()),
        (
            "42",
            "json: cannot unmarshal number into Go struct field Descriptor.config.digest of type string".to_owned(),
        ),
        (
            "{}",
            "json: cannot unmarshal object into Go struct field Descriptor.config.digest of type string".to_owned(),
        ),
    ];
    for (digest, message) in cases {
        assert_eq!(
            outcome(&pulled(&with_config_digest(digest), SCHEMA2)),
            (
                Verdict::Reject,
                Some(decode_error(&message).as_str()),
                "decode"
            ),
            "{digest}"
        );
    }
    // A type error saved before is replaced; one after is never reached.
    let both = with_config_digest("\"sha256:deadbeef\"")
        .replace("\"schemaVersion\":2", "\"schemaVersion\":\"2\"")
        .replace("\"size\":136", "\"size\":\"136\"");
    assert_eq!(
        pulled(&both, SCHEMA2).message.as_deref(),
        Some(decode_error("wrong number of hex digits for sha256: deadbeef").as_str())
    );
    // A layer's digest missing is the zero hash, not an error of the decoding.
    let no_digest = docker_manifest(CONFIG).replace(&format!("\"digest\":\"{LAYER}\","), "");
    assert_eq!(
        outcome(&pulled_in(&no_digest, Some(SCHEMA2), &holding(1, vec![]))),
        (
            Verdict::Reject,
            Some("Error: saving tarball <file>: GET http://registry.test/v2/r/blobs/:: unexpected status code 404 Not Found: 404 page not found"),
            "write layers"
        )
    );
}

/// remote/image.go@3f4ff3c `RawConfigFile` and fetcher.go `fetchBlobURL`; internal/verify.
#[test]
fn the_config_is_fetched_with_its_size_or_verified_inline() {
    let absent = pulled_in(
        &docker_manifest(CONFIG),
        Some(SCHEMA2),
        &Environment {
            store: Some(Store {
                address: "registry.test".to_owned(),
                repository: "r".to_owned(),
                contents: Contents::exactly([]),
            }),
            ..unknown_store()
        },
    );
    assert_eq!(
        outcome(&absent),
        (
            Verdict::Reject,
            Some(decode_error(&format!("GET http://registry.test/v2/r/blobs/{CONFIG}: BLOB_UNKNOWN: blob unknown to registry; {CONFIG}")).as_str()),
            "fetch config"
        )
    );
    let wrong_size = docker_manifest(CONFIG).replace("\"size\":242", "\"size\":241");
    assert_eq!(
        outcome(&pulled_in(&wrong_size, Some(SCHEMA2), &holding(1, vec![]))),
        (
            Verdict::Reject,
            Some(decode_error(&format!("GET http://registry.test/v2/r/blobs/{CONFIG}: Content-Length header 242 does not match expected size 241")).as_str()),
            "fetch config"
        )
    );
    // -1 is `verify.SizeUnknown`: the registry's Content-Length is taken.
    let unknown_size = docker_manifest(CONFIG).replace("\"size\":242", "\"size\":-1");
    assert_eq!(
        outcome(&pulled_in(
            &unknown_size,
            Some(SCHEMA2),
            &holding(1, vec![])
        )),
        (Verdict::Accept, None, "write layers")
    );
    // `{}`, inline: its digest, then its size.
    let empty_object = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    let inline = |digest: &str, size: u32| {
        docker_manifest(digest).replace(
            "\"size\":242",
            &format!("\"size\":{size},\"data\":\"e30=\""),
        )
    };
    assert_eq!(
        outcome(&pulled(&inline(empty_object, 2), SCHEMA2)).0,
        Verdict::Accept
    );
    assert_eq!(
        outcome(&pulled(&inline(CONFIG, 2), SCHEMA2)),
        (
            Verdict::Reject,
            Some(
                decode_error(&format!(
                    "error verifying Digest; got \"{empty_object}\", want \"{CONFIG}\""
                ))
                .as_str()
            ),
            "fetch config"
        )
    );
    assert_eq!(
        outcome(&pulled(&inline(empty_object, 3), SCHEMA2)),
        (
            Verdict::Reject,
            Some(decode_error("error verifying Size; got 2, want 3").as_str()),
            "fetch config"
        )
    );
}

/// tarball/write.go@3f4ff3c `calculateManifest`: a foreign layer needs the config's diff_ids.
#[test]
fn a_foreign_layer_needs_a_diff_id_per_layer() {
    let foreign = docker_manifest(CONFIG)
        .replace("application/vnd.docker.image.rootfs.diff.tar.gzip", FOREIGN);
    let matching = pulled_in(&foreign, Some(SCHEMA2), &holding(1, vec![]));
    assert_eq!(outcome(&matching), (Verdict::Accept, None, "write layers"));
    let mismatched = pulled_in(&foreign, Some(SCHEMA2), &holding(2, vec![]));
    assert_eq!(
        outcome(&mismatched),
        (
            Verdict::Reject,
            Some(decode_error("mismatched fs layers (1) and diff ids (2)").as_str()),
            "list layers"
        )
    );
    // A distributable layer does not ask the config.
    assert_eq!(
        outcome(&pulled_in(
            &docker_manifest(CONFIG),
            Some(SCHEMA2),
            &holding(2, vec![])
        )),
        (Verdict::Accept, None, "write layers")
    );
}

/// `writeImagesToTar` and remote/image.go@3f4ff3c `remoteImageLayer.Compressed`.
#[test]
fn each_layer_is_fetched_or_read_inline_and_verified() {
    let absent = pulled_in(
        &docker_manifest(CONFIG),
        Some(SCHEMA2),
        &Environment {
            store: Some(Store {
                address: "registry.test".to_owned(),
                repository: "r".to_owned(),
                contents: Contents::exactly([Stored {
                    digest: CONFIG.to_owned(),
                    size: 242,
                    manifest_media_type: None,
                    diff_ids: None,
                    gzip: false,
                    tar: false,
                }]),
            }),
            ..unknown_store()
        },
    );
    assert_eq!(
        outcome(&absent),
        (
            Verdict::Reject,
            Some(format!("Error: saving tarball <file>: GET http://registry.test/v2/r/blobs/{LAYER}: BLOB_UNKNOWN: blob unknown to registry; {LAYER}").as_str()),
            "write layers"
        )
    );
    let empty_object = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    let inline = |digest: &str, size: u32| {
        docker_manifest(CONFIG).replace(LAYER, digest).replace(
            "\"size\":136",
            &format!("\"size\":{size},\"data\":\"e30=\""),
        )
    };
    assert_eq!(
        outcome(&pulled_in(
            &inline(empty_object, 2),
            Some(SCHEMA2),
            &holding(1, vec![])
        )),
        (Verdict::Accept, None, "write layers")
    );
    // Read up to the size given: one byte, whose digest is not the one given.
    assert_eq!(
        outcome(&pulled_in(&inline(empty_object, 1), Some(SCHEMA2), &holding(1, vec![]))),
        (
            Verdict::Reject,
            Some(format!("Error: saving tarball <file>: error verifying sha256 checksum after reading 1 bytes; got \"{}\", want \"{empty_object}\"", crate::digest::sha256(b"{")).as_str()),
            "write layers"
        )
    );
    assert_eq!(
        outcome(&pulled_in(
            &inline(empty_object, 3),
            Some(SCHEMA2),
            &holding(1, vec![])
        )),
        (
            Verdict::Reject,
            Some("Error: saving tarball <file>: error verifying size; got 2, want 3"),
            "write layers"
        )
    );
    // The tar entry's header, with a negative size, comes before the read: not modelled.
    let negative = docker_manifest(CONFIG).replace("\"size\":136", "\"size\":-1");
    let m = pulled_in(&negative, Some(SCHEMA2), &holding(1, vec![]));
    assert_eq!((m.verdict, m.step), (Verdict::Unknown, "write layers"));
    let negative = docker_manifest(CONFIG).replace("\"size\":136", "\"size\":-2");
    assert_eq!(
        outcome(&pulled_in(&negative, Some(SCHEMA2), &holding(1, vec![]))),
        (
            Verdict::Reject,
            Some(format!("Error: saving tarball <file>: GET http://registry.test/v2/r/blobs/{LAYER}: Content-Length header 136 does not match expected size -2").as_str()),
            "write layers"
        )
    );
}

/// remote/index.go@3f4ff3c `childByPlatform`, `matchesPlatform`, `childDescriptor`.
#[test]
fn an_index_resolves_linux_amd64_exactly() {
    let m = pulled(&oci_index("", ""), INDEX);
    assert_eq!(outcome(&m), (Verdict::Accept, None, "choose manifest"));
    assert_eq!(
        m.condition.as_deref(),
        Some(
            format!("the registry serves the chosen manifest {CONFIG}, and that image pulls")
                .as_str()
        )
    );
    let no_child = Some("Error: no child with platform linux/amd64 in index <ref>");
    for other in ["arm64", "AMD64", "x86_64"] {
        let index = oci_index("", "").replace("\"amd64\"", &format!("\"{other}\""));
        assert_eq!(
            outcome(&pulled(&index, INDEX)),
            (Verdict::Reject, no_child, "choose manifest"),
            "{other}"
        );
    }
    // No platform is linux/amd64.
    let bare =
        oci_index("", "").replace(r#","platform":{"architecture":"amd64","os":"linux"}"#, "");
    assert_eq!(outcome(&pulled(&bare, LIST)).0, Verdict::Accept);
    // The index's own decoding: its entries' digests parse too.
    let bad = oci_index("", "").replace(CONFIG, "sha256:abc");
    assert_eq!(
        outcome(&pulled(&bad, INDEX)),
        (
            Verdict::Reject,
            Some("Error: wrong number of hex digits for sha256: abc"),
            "decode"
        )
    );
    let platform_type = oci_index(",\"variant\":7", "");
    assert_eq!(
        outcome(&pulled(&platform_type, INDEX)),
        (
            Verdict::Reject,
            Some("Error: json: cannot unmarshal number into Go struct field Platform.manifests.platform.variant of type string"),
            "decode"
        )
    );
    // A schema 1 child is refused as the entry's type says.
    let schema1 = oci_index("", "").replace(
        &format!("\"mediaType\":\"{OCI}\""),
        "\"mediaType\":\"application/vnd.docker.distribution.manifest.v1+prettyjws\"",
    );
    assert_eq!(
        outcome(&pulled(&schema1, INDEX)),
        (
            Verdict::Reject,
            Some("Error: unsupported MediaType: \"application/vnd.docker.distribution.manifest.v1+prettyjws\", see https://github.com/google/go-containerregistry/issues/377"),
            "choose manifest"
        )
    );
    // With the registry known: the child fetched by digest must be there.
    let absent = pulled_in(&oci_index("", ""), Some(INDEX), &holding(1, vec![]));
    assert_eq!(
        outcome(&absent),
        (
            Verdict::Reject,
            Some(format!("Error: GET http://registry.test/v2/r/manifests/{CONFIG}: MANIFEST_UNKNOWN: manifest unknown; map[Name:r Revision:{CONFIG}]").as_str()),
            "fetch child"
        )
    );
}

/// The seeds as crane pulls them (by the type each declares, as a registry serves it).
#[test]
fn the_seeds_through_crane() {
    let seed = |name: &str| {
        std::fs::read_to_string(format!(
            "{}/../tests/fixtures/seeds/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("a seed")
    };
    // kaniko's OCI body served as Docker's type: crane does not look at the body's type.
    let kaniko = pulled(&seed("kaniko-oci-manifest.json"), SCHEMA2);
    assert_eq!(outcome(&kaniko), (Verdict::Accept, None, "write layers"));
    // BuildKit's cache list: no entry has a platform, so the first, a layer, is chosen and
    // asked of the manifests endpoint, which does not serve a layer.
    let buildkit = seed("buildkit-cache-list.json");
    let first = "sha256:6910e5a164f725142d77994b247ba20040477fbab49a721bdbe8d61cf855ac23";
    let m = pulled(&buildkit, LIST);
    assert_eq!(outcome(&m), (Verdict::Accept, None, "choose manifest"));
    assert_eq!(
        m.condition.as_deref(),
        Some(format!("the registry serves the chosen manifest {first}, and that image pulls (crane warns of its entry's unexpected media type)").as_str())
    );
    let known = pulled_in(&buildkit, Some(LIST), &holding(1, vec![]));
    assert_eq!(
        outcome(&known),
        (
            Verdict::Reject,
            Some(format!("Error: GET http://registry.test/v2/r/manifests/{first}: MANIFEST_UNKNOWN: manifest unknown; map[Name:r Revision:{first}]").as_str()),
            "fetch child"
        )
    );
    // gardenlinux's custom layer type: crane writes any layer to the tarball.
    let garden = pulled(&seed("gardenlinux-custom-layer.json"), OCI);
    assert_eq!(outcome(&garden), (Verdict::Accept, None, "write layers"));
}

/// remote/fetcher.go@3f4ff3c `fetchManifest`: `limit.ReadAll` of 100 MiB.
#[test]
fn the_manifest_is_read_up_to_100_mib() {
    let good = oci_manifest("", "");
    let at_limit = format!("{good}{}", " ".repeat((100 << 20) - good.len()));
    assert_eq!(outcome(&pulled(&at_limit, OCI)).0, Verdict::Accept);
    let beyond = format!("{at_limit} ");
    assert_eq!(
        outcome(&pulled(&beyond, OCI)),
        (
            Verdict::Reject,
            Some("Error: body exceeds 104857600 byte limit"),
            "fetch manifest"
        )
    );
}

/// remote/image.go@3f4ff3c `Compressed`: after the registry fails, each foreign URL is
/// validated (`validateForeignURL`) before any is tried.
#[test]
fn foreign_urls_are_validated_after_the_registry_fails() {
    let with_urls = |urls: &str| {
        docker_manifest(CONFIG)
            .replace("application/vnd.docker.image.rootfs.diff.tar.gzip", FOREIGN)
            .replace("\"size\":136", &format!("\"size\":136,\"urls\":[{urls}]"))
    };
    let only_config = Environment {
        store: Some(Store {
            address: "registry.test".to_owned(),
            repository: "r".to_owned(),
            contents: Contents::exactly([Stored {
                digest: CONFIG.to_owned(),
                size: 242,
                manifest_media_type: None,
                diff_ids: Some(vec!["sha256:d1".to_owned()]),
                gzip: false,
                tar: false,
            }]),
        }),
        ..unknown_store()
    };
    let m = pulled_in(
        &with_urls("\"https://example.com/layer\""),
        Some(SCHEMA2),
        &only_config,
    );
    assert_eq!(outcome(&m), (Verdict::Accept, None, "write layers"));
    assert!(m
        .condition
        .unwrap()
        .contains("https://example.com/layer serve it"));
    for (url, message) in [
        (
            "ftp://example.com/layer",
            "foreign layer URL scheme \"ftp\" not allowed; must be https (or http for insecure registries)",
        ),
        (
            "https://127.0.0.1:5000/layer",
            "foreign layer URL host \"127.0.0.1\" is a private or link-local address",
        ),
        (
            "https://[fe80::1]/layer",
            "foreign layer URL host \"fe80::1\" is a private or link-local address",
        ),
    ] {
        assert_eq!(
            outcome(&pulled_in(&with_urls(&format!("\"{url}\"")), Some(SCHEMA2), &only_config)),
            (
                Verdict::Reject,
                Some(format!("Error: saving tarball <file>: {message}").as_str()),
                "write layers"
            ),
            "{url}"
        );
    }
}
