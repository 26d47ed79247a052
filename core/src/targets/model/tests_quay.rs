//! Quay's push, modelled from its code: each step with a document it accepts and one it
//! refuses, with Quay's exact answer; and where 2024-05 and 2024-06 differ.

use super::py_json::{float_repr, loads, str_repr, Failure, Py, PyValue};
use super::tests::{CONFIG, INDEX, LAYER, LIST, OCI, SCHEMA2};
use super::*;

const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";

fn oci_manifest(config_type: &str, extra: &str) -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{OCI}","config":{{"mediaType":"{config_type}","digest":"{CONFIG}","size":242}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{LAYER}","size":136}}]{extra}}}"#
    )
}

fn schema2_manifest() -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{SCHEMA2}","config":{{"mediaType":"{DOCKER_CONFIG}","digest":"{CONFIG}","size":242}},"layers":[{{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","digest":"{LAYER}","size":136}}]}}"#
    )
}

fn oci_index() -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{INDEX}","manifests":[{{"mediaType":"{OCI}","digest":"{CONFIG}","size":242,"platform":{{"architecture":"amd64","os":"linux"}}}}]}}"#
    )
}

fn docker_list() -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{LIST}","manifests":[{{"mediaType":"{SCHEMA2}","digest":"{CONFIG}","size":242,"platform":{{"architecture":"amd64","os":"linux"}}}}]}}"#
    )
}

fn unknown_store() -> Environment {
    Environment {
        store: None,
        copy_to: CopyTo::OciLayout,
        containerd_root: None,
        urls: Vec::new(),
    }
}

/// A registry holding exactly `pieces` (digest, size, manifest media type).
fn holding(pieces: &[(&str, u64, Option<&str>)]) -> Environment {
    Environment {
        store: Some(crate::targets::Store {
            address: "registry.test".to_owned(),
            repository: "r".to_owned(),
            contents: crate::targets::Contents::exactly(pieces.iter().map(
                |(digest, size, media_type)| crate::targets::Stored {
                    digest: (*digest).to_owned(),
                    size: *size,
                    manifest_media_type: media_type.map(str::to_owned),
                    diff_ids: None,
                    gzip: false,
                    tar: false,
                },
            )),
        }),
        ..unknown_store()
    }
}

fn pushed_bytes(
    version: &str,
    bytes: &[u8],
    content_type: &str,
    environment: &Environment,
) -> Modelled {
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(bytes, Some(content_type), &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, Some(content_type), &arena).within(environment);
    judge("quay", version, Operation::Push, &input).expect("a model")
}

fn pushed(version: &str, bytes: &str, content_type: &str) -> Modelled {
    pushed_bytes(version, bytes.as_bytes(), content_type, &unknown_store())
}

/// `(2024-05's verdict and message, 2024-06's)` with nothing known of the registry.
fn both(bytes: &str, content_type: &str) -> [(Verdict, Option<String>); 2] {
    ["2024-05", "2024-06"].map(|version| {
        let modelled = pushed(version, bytes, content_type);
        (modelled.verdict, modelled.message)
    })
}

fn accepted() -> (Verdict, Option<String>) {
    (Verdict::Accept, None)
}

/// `ManifestInvalid(detail={"message": "failed to parse manifest: …"})`.
fn unparsed(error: &str) -> (Verdict, Option<String>) {
    (
        Verdict::Reject,
        Some(format!(
            "MANIFEST_INVALID: manifest invalid; failed to parse manifest: {error}"
        )),
    )
}

fn schema(message: &str) -> (Verdict, Option<String>) {
    unparsed(&format!("manifest data does not match schema: {message}"))
}

#[test]
fn the_four_kinds_are_accepted_on_condition_of_the_repository() {
    for version in ["2024-05", "2024-06"] {
        let schema2 = pushed(version, &schema2_manifest(), SCHEMA2);
        assert_eq!(
            (schema2.verdict, schema2.step),
            (Verdict::Accept, "verify references")
        );
        assert_eq!(
            schema2.condition.as_deref(),
            Some(format!("the repository holds the config and layer blobs ({LAYER}, {CONFIG}); the config blob {CONFIG} is one Quay's DockerSchema2Config parses").as_str())
        );
        let oci = pushed(
            version,
            &oci_manifest("application/vnd.oci.image.config.v1+json", ""),
            OCI,
        );
        assert_eq!(oci.verdict, Verdict::Accept);
        assert_eq!(
            oci.condition.as_deref(),
            Some(
                format!("the repository holds the config and layer blobs ({LAYER}, {CONFIG}); the config blob {CONFIG} is of the size given and one Quay's OCIConfig parses")
                    .as_str()
            )
        );
        for (list, content_type) in [(oci_index(), INDEX), (docker_list(), LIST)] {
            let modelled = pushed(version, &list, content_type);
            assert_eq!(
                (modelled.verdict, modelled.step),
                (Verdict::Accept, "fetch children")
            );
            assert_eq!(
                modelled.condition.as_deref(),
                Some(
                    format!(
                        "the repository holds the manifests listed ({CONFIG}), of the sizes listed"
                    )
                    .as_str()
                )
            );
        }
        let source = pushed(version, &oci_index(), INDEX).source;
        assert!(source.contains(if version == "2024-06" {
            "@ffba0c7"
        } else {
            "@4546163^"
        }));
    }
}

/// BuildKit's cache list: a Docker list whose entries are layers without `platform`, as users
/// reported (moby/buildkit#1550): `required` on the entry is a shorter path than the entry's
/// `mediaType` enum, so jsonschema's best match is the missing platform.
#[test]
fn the_buildkit_cache_list_misses_its_platform() {
    let bytes = include_str!("../../../../tests/fixtures/seeds/buildkit-cache-list.json");
    assert_eq!(
        both(bytes, LIST),
        [
            schema("'platform' is a required property"),
            schema("'platform' is a required property")
        ]
    );
    assert_eq!(pushed("2024-06", bytes, LIST).step, "validate schema");
}

/// PROJQUAY-7280 (4546163) dropped the OCI descriptors' media type enums.
#[test]
fn an_oci_manifest_with_a_docker_config_is_refused_before_june_2024_only() {
    let mixed = oci_manifest(DOCKER_CONFIG, "");
    assert_eq!(
        both(&mixed, OCI),
        [
            schema("'application/vnd.docker.container.image.v1+json' is not one of ['application/vnd.oci.image.config.v1+json', 'application/vnd.cncf.helm.config.v1+json', 'application/vnd.oci.source.image.config.v1+json', 'application/vnd.unknown.config.v1+json']"),
            accepted()
        ]
    );
    // A child of a Docker type in an OCI index: in the enum at both, but 2024-05's
    // `OCIIndex.manifests` reads OCI children only.
    let index = oci_index().replace(OCI, SCHEMA2);
    let held = holding(&[(CONFIG, 242, Some(SCHEMA2))]);
    let old = pushed_bytes("2024-05", index.as_bytes(), INDEX, &held);
    assert_eq!(
        old.message.as_deref(),
        Some("MANIFEST_INVALID: manifest invalid; Unknown or unsupported manifest media type `application/vnd.docker.distribution.manifest.v2+json` not found in dict_keys(['application/vnd.oci.image.manifest.v1+json', 'application/vnd.oci.image.index.v1+json'])")
    );
    let new = pushed_bytes("2024-06", index.as_bytes(), INDEX, &held);
    assert_eq!((new.verdict, new.condition), (Verdict::Accept, None));
    // A negative layer size: refused since `invalid layer size` was added (after 4546163).
    let negative = oci_manifest("application/vnd.oci.image.config.v1+json", "")
        .replace("\"size\":136", "\"size\":-1");
    assert_eq!(both(&negative, OCI)[1], unparsed("invalid layer size"));
    assert_eq!(both(&negative, OCI)[0].0, Verdict::Accept);
}

#[test]
fn python_json_decides_the_bytes() {
    let good = oci_manifest("application/vnd.oci.image.config.v1+json", "");
    // A byte-order mark: `json.loads` of a str refuses it.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(good.as_bytes());
    assert_eq!(
        pushed_bytes("2024-06", &bom, OCI, &unknown_store()).message.as_deref(),
        Some("MANIFEST_INVALID: manifest invalid; failed to parse manifest: malformed manifest data: Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)")
    );
    // Duplicate keys: the last value wins.
    let last_good = good.replacen(
        "{\"schemaVersion\":2,",
        "{\"schemaVersion\":2,\"mediaType\":\"x\",",
        1,
    );
    assert_eq!(both(&last_good, OCI), [accepted(), accepted()]);
    let last_bad = good.replacen("]}", "],\"mediaType\":\"x\"}", 1);
    let not_oci = schema("'x' is not one of ['application/vnd.oci.image.manifest.v1+json']");
    assert_eq!(both(&last_bad, OCI), [not_oci.clone(), not_oci]);
    // NaN passes `minimum` and `maximum` (every comparison is false); Infinity does not.
    let nan = good.replacen(":2,", ":NaN,", 1);
    assert_eq!(both(&nan, OCI)[1], accepted());
    let inf = good.replacen(":2,", ":Infinity,", 1);
    assert_eq!(
        both(&inf, OCI)[1],
        schema("inf is greater than the maximum of 2")
    );
    // A wrong JSON type, as Python writes the value.
    let string = good.replacen(":2,", ":\"2\",", 1);
    assert_eq!(both(&string, OCI)[1], schema("'2' is not of type 'number'"));
    let boolean = good.replacen(":2,", ":true,", 1);
    assert_eq!(
        both(&boolean, OCI)[1],
        schema("True is not of type 'number'")
    );
    assert_eq!(
        both("[1, 2.50]", OCI)[1],
        schema("[1, 2.5] is not of type 'object'")
    );
    // Syntax: Python's messages and positions.
    assert_eq!(
        both("", OCI)[1],
        unparsed("malformed manifest data: Expecting value: line 1 column 1 (char 0)")
    );
    assert_eq!(
        both(&format!("{good}\n{{}}"), OCI)[1],
        unparsed(&format!(
            "malformed manifest data: Extra data: line 2 column 1 (char {})",
            good.len() + 1
        ))
    );
    assert_eq!(
        both("{\"a\":1,}", OCI)[1],
        unparsed("malformed manifest data: Expecting property name enclosed in double quotes: line 1 column 8 (char 7)")
    );
    // Not UTF-8: `Bytes.for_string_or_unicode` calls `encode` on bytes.
    let marked = good.replacen("\"size\":242", "\"size\":242,\"x\":\"\u{0}\"", 1);
    let mut bytes = marked.into_bytes();
    let at = bytes.iter().position(|b| *b == 0).expect("the marker");
    bytes[at] = 0xe9;
    let modelled = pushed_bytes("2024-06", &bytes, OCI, &unknown_store());
    assert_eq!(
        (modelled.verdict, modelled.step),
        (Verdict::Reject, "read body")
    );
}

#[test]
fn the_content_type_is_compared_as_sent() {
    let good = oci_manifest("application/vnd.oci.image.config.v1+json", "");
    let modelled = pushed(
        "2024-06",
        &good,
        "application/vnd.oci.image.manifest.v1+json; charset=utf-8",
    );
    assert_eq!(
        (modelled.verdict, modelled.message.as_deref()),
        (
            Verdict::Reject,
            Some("MANIFEST_INVALID: manifest invalid; manifest schema version not supported")
        )
    );
    // A manifest sent as an index: the missing `manifests` (path of length 0) is a better
    // match for jsonschema than the `mediaType` enum (length 1), though it comes later.
    assert_eq!(
        both(&good, INDEX)[1],
        schema("'manifests' is a required property")
    );
    // A config's type: a blob, not a manifest push (the behaviour table answers).
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(b"{}", Some(DOCKER_CONFIG), &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, Some(DOCKER_CONFIG), &arena);
    assert!(judge("quay", "2024-06", Operation::Push, &input).is_none());
}

#[test]
fn the_repository_decides_children_and_blobs_when_known() {
    let empty = holding(&[]);
    let index = pushed_bytes("2024-06", oci_index().as_bytes(), INDEX, &empty);
    assert_eq!(
        (index.message.as_deref(), index.step),
        (
            Some(format!("MANIFEST_INVALID: manifest invalid; Could not find child manifest with digest `{CONFIG}`").as_str()),
            "fetch children"
        )
    );
    let schema2 = pushed_bytes("2024-06", schema2_manifest().as_bytes(), SCHEMA2, &empty);
    assert_eq!(
        schema2.message.as_deref(),
        Some("MANIFEST_INVALID: manifest invalid; Could not load config blob for manifest")
    );
    let oci = oci_manifest("application/vnd.oci.image.config.v1+json", "");
    let config_only = holding(&[(CONFIG, 242, None)]);
    let modelled = pushed_bytes("2024-06", oci.as_bytes(), OCI, &config_only);
    assert_eq!(
        modelled.message,
        Some(format!(
            "MANIFEST_INVALID: manifest invalid; Unknown blob `{LAYER}`"
        ))
    );
    let wrong_size = holding(&[(CONFIG, 241, Some(OCI))]);
    let sizes = ["2024-05", "2024-06"]
        .map(|version| pushed_bytes(version, oci_index().as_bytes(), INDEX, &wrong_size).message);
    assert_eq!(
        sizes,
        [
            Some("MANIFEST_INVALID: manifest invalid; ('Size of manifest does not match that retrieved: %s vs %s', 241, 242)".to_owned()),
            Some("MANIFEST_INVALID: manifest invalid; Size of manifest does not match that retrieved: 241 vs 242".to_owned())
        ]
    );
    // A child of a type the index does not read, with the registry unknown: refused either way.
    let layer_child = oci_index().replace(OCI, "application/vnd.oci.image.layer.v1.tar+gzip");
    let modelled = pushed("2024-06", &layer_child, INDEX);
    assert_eq!(modelled.verdict, Verdict::Reject);
    assert!(modelled
        .condition
        .expect("a condition")
        .contains("Unknown or unsupported manifest media type"));
}

/// Among errors at paths of the same length, jsonschema's `best_match` keeps the first in the
/// schema's order (Python's `max` keeps the first of equals).
#[test]
fn the_first_of_the_shallowest_errors_is_reported() {
    let two = oci_manifest("application/vnd.oci.image.config.v1+json", "")
        .replacen(":2,", ":\"2\",", 1)
        .replacen(OCI, "x", 1);
    assert_eq!(both(&two, OCI)[1], schema("'2' is not of type 'number'"));
    assert_eq!(
        both("{\"schemaVersion\":2}", OCI)[1],
        schema("'config' is a required property")
    );
}

#[test]
fn layer_checks_follow_the_schema() {
    let remote = oci_manifest("application/vnd.oci.image.config.v1+json", "").replace(
        "application/vnd.oci.image.layer.v1.tar+gzip",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
    );
    assert_eq!(
        both(&remote, OCI)[1],
        unparsed("missing `urls` for remote layer")
    );
    let short =
        oci_manifest("application/vnd.oci.image.config.v1+json", "").replace(LAYER, "sha256:xyz");
    assert_eq!(
        both(&short, OCI)[1],
        unparsed("could not parse manifest digest: sha256:xyz")
    );
    let zstd = schema2_manifest().replace("diff.tar.gzip", "diff.tar.zstd");
    assert_eq!(
        both(&zstd, SCHEMA2)[1],
        schema("'application/vnd.docker.image.rootfs.diff.tar.zstd' is not one of ['application/vnd.docker.image.rootfs.diff.tar.gzip', 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip']")
    );
    let no_media_type =
        schema2_manifest().replacen(&format!("\"mediaType\":\"{SCHEMA2}\","), "", 1);
    assert_eq!(
        both(&no_media_type, SCHEMA2)[1],
        schema("'mediaType' is a required property")
    );
    let bad_pattern = oci_manifest("json", "");
    assert_eq!(
        both(&bad_pattern, OCI)[1],
        schema("'json' does not match '\\\\w+/[-.\\\\w]+(?:\\\\+[-.\\\\w]+)?'")
    );
}

#[test]
fn python_values_print_as_python_does() {
    assert_eq!(float_repr(1e16), "1e+16");
    assert_eq!(float_repr(1.5e-5), "1.5e-05");
    assert_eq!(float_repr(0.0001), "0.0001");
    assert_eq!(float_repr(-0.0), "-0.0");
    assert_eq!(float_repr(123_456.0), "123456.0");
    assert_eq!(float_repr(f64::NAN), "nan");
    assert_eq!(str_repr("it's"), "\"it's\"");
    assert_eq!(str_repr("a\u{0}\u{a0}é"), "'a\\x00\\xa0é'");
    let Ok(value) = loads(r#"{"a": 1, "b": [true, null, 1E2], "a": -0}"#) else {
        panic!("parses");
    };
    assert_eq!(
        Py::Decoded(&value).repr(),
        "{'a': 0, 'b': [True, None, 100.0]}"
    );
    let long = "9".repeat(4301);
    assert!(
        matches!(loads(&long), Err(Failure::Value(e)) if e.message.starts_with("Exceeds the limit (4300 digits)"))
    );
    assert_eq!(
        loads(&"9".repeat(4300)).ok(),
        Some(PyValue::Int("9".repeat(4300).into()))
    );
    // A plain string is a slice of the text; one with escapes is decoded.
    let strings = loads(r#"["ab", "a\nb", "\u00e9\"", ""]"#).expect("a list");
    let PyValue::List(items) = &strings else {
        panic!("a list");
    };
    assert!(matches!(
        &items[0],
        PyValue::Str(std::borrow::Cow::Borrowed("ab"))
    ));
    assert_eq!(Py::Decoded(&strings).repr(), r#"['ab', 'a\nb', 'é"', '']"#);
    let message = |text: &str| match loads(text) {
        Err(Failure::Value(e)) => e.message,
        other => panic!("{other:?}"),
    };
    assert_eq!(message("[1,]"), "Expecting value: line 1 column 4 (char 3)");
    assert_eq!(
        message("\"\\x\""),
        "Invalid \\escape: line 1 column 2 (char 1)"
    );
    assert_eq!(
        message("\"a\nb\""),
        "Invalid control character at: line 1 column 3 (char 2)"
    );
    assert_eq!(
        message("\"é"),
        "Unterminated string starting at: line 1 column 1 (char 0)"
    );
    assert_eq!(
        message("{\"a\" 1}"),
        "Expecting ':' delimiter: line 1 column 6 (char 5)"
    );
}

/// Nesting: followed as deep as no Python limit could reach; beyond, Python's recursion limit
/// decides (a `RecursionError`, no `ValueError`), which the model does not say.
#[test]
fn deep_nesting_is_followed_then_left_open() {
    let good = oci_manifest("application/vnd.oci.image.config.v1+json", "");
    let deep = |levels: usize| "[".repeat(levels) + &"]".repeat(levels);
    let shallow = good.replacen('{', &format!("{{\"x\":{},", deep(500)), 1);
    assert_eq!(both(&shallow, OCI), [accepted(), accepted()]);
    let too_deep = good.replacen('{', &format!("{{\"x\":{},", deep(5_000)), 1);
    let modelled = pushed("2024-06", &too_deep, OCI);
    assert_eq!(
        (modelled.verdict, modelled.step),
        (Verdict::Unknown, "decode")
    );
}

/// A document ocilint's parser reads as strict JSON is read through that parse, and Python
/// decodes it to the same values: the same `repr`, the same schema error; one the parser
/// reports anything about, or with an integer past CPython's limit, is decoded by `loads`.
#[test]
fn a_strict_document_is_read_through_the_parse_as_loads_reads_it() {
    let alike = [
        r#"{"a": 1, "b": [true, null, 1E2, -0, -0.0, 0.5e-7], "a": -0, "c": {"d": "\u00e9\n"}}"#,
        r#"{"schemaVersion": 2, "manifests": [{"mediaType": "x", "size": "1"}, 3]}"#,
        r#"[[], {}, "", 0, 12345678901234567890123, 1.0e400]"#,
        "  \"a\\\"b\"\n",
    ];
    for text in alike {
        let arena = crate::json::Arena::new();
        let analysed = crate::rules::Analysed::new(text.as_bytes(), None, &arena);
        let parsed = &analysed.parsed;
        assert!(parsed.is_strict(), "{text}");
        let view = Py::of_strict(&parsed.document).expect("read through the parse");
        let decoded = loads(text).expect("Python reads it");
        assert_eq!(view.repr(), Py::Decoded(&decoded).repr(), "{text}");
        for schema in [quay::V2024_06.oci_index, quay::V2024_05.oci_index] {
            assert_eq!(
                quay::validate(view, schema),
                quay::validate(Py::Decoded(&decoded), schema),
                "{text}"
            );
        }
    }
    let long_integer = format!("[{}]", "9".repeat(4301));
    let decoded_by_loads = [
        "\u{feff}{}",
        "[NaN]",
        r#"["\ud800"]"#,
        "[1] [2]",
        &long_integer,
    ];
    for text in decoded_by_loads {
        let arena = crate::json::Arena::new();
        let analysed = crate::rules::Analysed::new(text.as_bytes(), None, &arena);
        let parsed = &analysed.parsed;
        assert!(
            !parsed.is_strict() || Py::of_strict(&parsed.document).is_none(),
            "{text}"
        );
    }
}

/// `re.search(r"\w+/[-.\w]+(?:\+[-.\w]+)?", s)`, three characters at a time.
#[test]
fn the_media_type_pattern_is_searched_for_anywhere() {
    for (text, found) in [
        ("application/vnd.oci.image.manifest.v1+json", true),
        ("a/b", true),
        ("x/-", true),
        ("_/.", true),
        ("é/ü", true),
        ("  a b/c", true),
        ("a/", false),
        ("/b", false),
        ("a/+", false),
        ("ab", false),
        ("", false),
    ] {
        assert_eq!(quay::media_type_pattern(text), found, "{text}");
    }
}

/// A body that is not UTF-8 never reaches `json.loads`: Flask answers 500.
#[test]
fn a_body_that_is_not_utf8_is_a_500() {
    let mut bytes =
        oci_manifest("application/vnd.oci.image.config.v1+json", r#","x":"é""#).into_bytes();
    let at = bytes.len() - 4;
    assert_eq!(&bytes[at..at + 2], "é".as_bytes());
    bytes[at + 1] = 0xff;
    for version in ["2024-05", "2024-06"] {
        let modelled = pushed_bytes(version, &bytes, OCI, &unknown_store());
        assert_eq!(modelled.verdict, Verdict::Reject);
        assert!(
            modelled
                .message
                .as_deref()
                .is_some_and(|m| m.starts_with("500 Internal Server Error: AttributeError")),
            "{:?}",
            modelled.message
        );
    }
}
