//! The pipelines on small documents, against what the recorded programs said of the same
//! changes (`tests/peers/corpus.tsv`, the `oci-manifest` cases).

use super::*;

pub(super) const CONFIG: &str =
    "sha256:1ad21fa9356be3becdfba9abcce4b19882106cc5db7354e8bacfd774af02f2c9";
pub(super) const LAYER: &str =
    "sha256:95e9d8136714fc3ab7fa156f74f22824901af5633f998f895cb3c8d65476890b";
/// The media types the models' tests send most.
pub(super) const OCI: &str = "application/vnd.oci.image.manifest.v1+json";
pub(super) const INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub(super) const SCHEMA2: &str = "application/vnd.docker.distribution.manifest.v2+json";
pub(super) const LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";

fn manifest(media_type: &str, layer_size: &str) -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{media_type}","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{CONFIG}","size":242}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{LAYER}","size":{layer_size}}}]}}"#
    )
}

/// The models of the versions recorded in `tests/peers/corpus.tsv`.
const RECORDED: [(&str, &str, Operation); 4] = [
    ("distribution", "v2.8", Operation::Push),
    ("podman", "4.3", Operation::Pull),
    ("podman", "4.3", Operation::Copy),
    ("containerd", "1.6", Operation::Pull),
];

/// Each recorded program's verdict and message for `bytes` served as an OCI manifest.
fn judged(bytes: &[u8]) -> Vec<(Verdict, Option<String>)> {
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(bytes, Some(OCI), &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, Some(OCI), &arena);
    RECORDED
        .into_iter()
        .map(|(target, version, operation)| {
            let modelled = judge(target, version, operation, &input).expect("a model");
            (modelled.verdict, modelled.message)
        })
        .collect()
}

fn refused(message: &str) -> (Verdict, Option<String>) {
    (Verdict::Reject, Some(message.to_owned()))
}

#[test]
fn a_good_manifest_is_accepted_on_condition_of_its_blobs() {
    let bytes = manifest(OCI, "136");
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(bytes.as_bytes(), Some(OCI), &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, Some(OCI), &arena);
    let modelled = judge("distribution", "v2.8", Operation::Push, &input).expect("a model");
    assert_eq!(modelled.verdict, Verdict::Accept);
    assert!(modelled.condition.expect("a condition").contains(LAYER));
    assert!(judge("ecr", "2024", Operation::Push, &input).is_none());
}

#[test]
fn a_byte_order_mark_stops_go_before_anything() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(manifest(OCI, "136").as_bytes());
    let digest = crate::digest::sha256(&bytes);
    let go = "invalid character 'ï' looking for beginning of value";
    assert_eq!(
        judged(&bytes),
        [
            refused("MANIFEST_INVALID: manifest invalid; {\"Offset\":1}"),
            refused(go),
            refused(go),
            refused(&format!("ctr: children: invalid desc {digest}: {go}")),
        ]
    );
}

#[test]
fn a_size_as_a_string_is_a_type_error_with_the_struct_and_path() {
    let go =
        "json: cannot unmarshal string into Go struct field Descriptor.layers.size of type int64";
    let bytes = manifest(OCI, "\"12\"");
    let offset = bytes.find("\"12\"").expect("the size") + 4;
    assert_eq!(
        judged(bytes.as_bytes()),
        [
            refused(&format!(
                "MANIFEST_INVALID: manifest invalid; {{\"Field\":\"layers.size\",\"Offset\":{offset},\"Struct\":\"Descriptor\",\"Type\":{{}},\"Value\":\"string\"}}"
            )),
            refused(go),
            refused(go),
            refused(&format!("ctr: {go}")),
        ]
    );
}

#[test]
fn a_media_type_with_a_trailing_space_is_refused_by_distribution_alone() {
    let verdicts: Vec<Verdict> = judged(manifest(&format!("{OCI} "), "136").as_bytes())
        .into_iter()
        .map(|(verdict, _)| verdict)
        .collect();
    assert_eq!(
        verdicts,
        [
            Verdict::Reject,
            Verdict::Accept,
            Verdict::Accept,
            Verdict::Accept
        ]
    );
}

#[test]
fn of_a_key_given_twice_the_last_decides() {
    let schema2 = "application/vnd.docker.distribution.manifest.v2+json";
    let good = manifest(OCI, "136");
    let other_first = good.replacen(
        "\"mediaType\":",
        &format!("\"mediaType\":\"{schema2}\",\"mediaType\":"),
        1,
    );
    let other_last = good.replacen(
        &format!("\"mediaType\":\"{OCI}\","),
        &format!("\"mediaType\":\"{OCI}\",\"mediaType\":\"{schema2}\","),
        1,
    );
    let verdicts = |bytes: &str| -> Vec<Verdict> {
        judged(bytes.as_bytes())
            .into_iter()
            .map(|(v, _)| v)
            .collect()
    };
    assert_eq!(verdicts(&other_first), [Verdict::Accept; 4]);
    // Storage parses the manifest again by its own mediaType, now schema 2.
    assert_eq!(
        judged(other_last.as_bytes()),
        [
            refused("MANIFEST_INVALID: manifest invalid; {}"),
            refused("unsupported docker v2s2 media type: \"application/vnd.oci.image.layer.v1.tar+gzip\""),
            (Verdict::Accept, None),
            (Verdict::Accept, None),
        ]
    );
}

#[test]
fn every_listed_model_judges_and_no_other() {
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(b"{}", Some(OCI), &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, Some(OCI), &arena);
    for target in crate::targets::all() {
        for version in target.versions {
            for &operation in target.operations {
                let listed = MODELLED.contains(&(target.name, version.id, operation));
                let judged = judge(target.name, version.id, operation, &input).is_some();
                assert_eq!(
                    listed, judged,
                    "{}@{} {operation:?}",
                    target.name, version.id
                );
            }
        }
    }
}

/// Deeper than ocilint's parser goes, within Go's 10 000 levels: decoded as Go does, skipping
/// the unknown member, and a known member nested that deep still fails Go's way.
#[test]
fn nesting_beyond_the_parser_is_decoded_as_go_does() {
    let deep = |levels: usize| "[".repeat(levels) + &"]".repeat(levels);
    let good = manifest(OCI, "136");
    let with_unknown = good.replacen('{', &format!("{{\"x\":{},", deep(9_999)), 1);
    for (verdict, _) in judged(with_unknown.as_bytes()) {
        assert_eq!(verdict, Verdict::Accept);
    }
    let in_known = good.replacen(
        "\"schemaVersion\":2",
        &format!("\"schemaVersion\":{}", deep(1_000)),
        1,
    );
    let judged = judged(in_known.as_bytes());
    assert_eq!(
        judged[1],
        refused("json: cannot unmarshal array into Go struct field OCI1.schemaVersion of type int")
    );
}

#[test]
fn blanking_keeps_every_position_and_empties_deep_values() {
    let bytes = br#"{"a":[1,{"b":"]"}],"c":{"d":[2]}}"#;
    let blanked = blank_beyond(bytes, 2);
    assert_eq!(blanked.len(), bytes.len());
    assert_eq!(
        std::str::from_utf8(&blanked).unwrap(),
        r#"{"a":[           ],"c":{       }}"#
    );
}

/// The repository of the corpus: the config (242 bytes, one diff_id) and the gzip'd layer.
pub(super) fn store() -> crate::targets::Store {
    let blob = |digest: &str, size: u64, diff_ids: Option<Vec<String>>, gzip: bool| {
        crate::targets::Stored {
            digest: digest.to_owned(),
            size,
            manifest_media_type: None,
            diff_ids,
            gzip,
            tar: gzip,
        }
    };
    crate::targets::Store {
        address: "registry.test".to_owned(),
        repository: "r".to_owned(),
        contents: crate::targets::Contents::exactly([
            blob(CONFIG, 242, Some(vec!["sha256:d1".to_owned()]), false),
            blob(LAYER, 136, None, true),
        ]),
    }
}

/// Each recorded program's verdict and message with the store known.
fn judged_in(bytes: &[u8], copy_to: CopyTo) -> Vec<(Verdict, Option<String>)> {
    let environment = Environment {
        store: Some(store()),
        copy_to,
        containerd_root: None,
        urls: Vec::new(),
    };
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(bytes, Some(OCI), &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, Some(OCI), &arena).within(&environment);
    RECORDED
        .into_iter()
        .map(|(target, version, operation)| {
            let modelled = judge(target, version, operation, &input).expect("a model");
            (modelled.verdict, modelled.message)
        })
        .collect()
}

#[test]
fn with_the_store_known_what_the_blobs_decide_is_decided() {
    let good = manifest(OCI, "136");
    for (verdict, message) in judged_in(good.as_bytes(), CopyTo::OciLayout) {
        assert_eq!((verdict, message), (Verdict::Accept, None));
    }
    let absent = good.replace(LAYER, &format!("sha256:{}", "0".repeat(64)));
    let zeros = format!("sha256:{}", "0".repeat(64));
    assert_eq!(
        judged_in(absent.as_bytes(), CopyTo::OciLayout),
        [
            refused(&format!("MANIFEST_BLOB_UNKNOWN: blob unknown to registry; {zeros}")),
            refused("invalid status code from registry 404 (Not Found)"),
            refused("invalid status code from registry 404 (Not Found)"),
            refused(&format!("ctr: failed to copy: httpReadSeeker: failed open: could not fetch content descriptor {zeros} (application/vnd.oci.image.layer.v1.tar+gzip) from remote: not found")),
        ]
    );
    let larger = good.replace("\"size\":242", "\"size\":243");
    assert_eq!(
        judged_in(larger.as_bytes(), CopyTo::OciLayout),
        [
            (Verdict::Accept, None),
            refused("blob size mismatch"),
            refused(&format!(
                "Size mismatch when copying {CONFIG}, expected 243, got 242"
            )),
            refused("ctr: failed to read expected number of bytes: unexpected EOF"),
        ]
    );
    let smaller = manifest(OCI, "135");
    assert_eq!(
        judged_in(smaller.as_bytes(), CopyTo::OciLayout)[3],
        refused(&format!("ctr: failed commit on ref \"layer-{LAYER}\": commit failed: \"layer-{LAYER}\" failed size validation: 136 != 135: failed precondition"))
    );
}

/// containerd reads `+gzip` followed by anything as a plain tar, and the gzip'd layer then
/// ends the tar early; a type it has no processor for names the layer's diff_id.
#[test]
fn containerd_unpacks_by_the_compression_the_type_names() {
    let plain = manifest(OCI, "136").replace(
        "application/vnd.oci.image.layer.v1.tar+gzip",
        "application/vnd.oci.image.layer.v1.tar+gzip ",
    );
    let (verdict, message) = judged_in(plain.as_bytes(), CopyTo::OciLayout).remove(3);
    assert_eq!(verdict, Verdict::Reject);
    assert!(message.unwrap().contains("mount callback failed"));
    let unknown = manifest(OCI, "136").replace(
        "application/vnd.oci.image.layer.v1.tar+gzip",
        "application/x-unknown",
    );
    assert_eq!(
        judged_in(unknown.as_bytes(), CopyTo::OciLayout)[3],
        refused("ctr: failed to extract layer sha256:d1: failed to get stream processor for application/x-unknown: no processor for media-type: unknown")
    );
}

/// `skopeo copy` to `dir:` looks a layer up as a file named by its digest's hex part.
#[test]
fn a_dir_copy_names_layers_by_their_hex() {
    let empty_hex = manifest(OCI, "136").replace(LAYER, "sha256:");
    assert_eq!(
        judged_in(empty_hex.as_bytes(), CopyTo::Dir)[2],
        (Verdict::Accept, None)
    );
    let upper = manifest(OCI, "136").replace(LAYER, &LAYER.to_uppercase());
    assert_eq!(
        judged_in(upper.as_bytes(), CopyTo::Dir)[2],
        refused("invalid status code from registry 404 (Not Found)")
    );
}

/// containerd fetches a layer from its URLs first: a refused connection ends the pull, a 404
/// moves on to the registry, and a URL the environment does not know leaves a condition.
#[test]
fn containerd_tries_a_descriptors_urls_first() {
    let with_url = manifest(OCI, "136").replace(
        "\"size\":136",
        "\"size\":136,\"urls\":[\"https://blobs.test/layer\"]",
    );
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(with_url.as_bytes(), Some(OCI), &arena);
    let pull = |urls: Vec<(String, crate::targets::UrlAnswer)>| {
        let environment = Environment {
            store: Some(store()),
            copy_to: CopyTo::OciLayout,
            containerd_root: None,
            urls,
        };
        let arena = bumpalo::Bump::new();
        let input = Input::new(&analysed.parsed, Some(OCI), &arena).within(&environment);
        containerd::pull(&input, &containerd::V1_6)
    };
    let url = "https://blobs.test/layer".to_owned();
    let refused = pull(vec![(
        url.clone(),
        crate::targets::UrlAnswer::ConnectionRefused,
    )]);
    assert_eq!(
        refused.message.as_deref(),
        Some("ctr: failed to copy: httpReadSeeker: failed open: failed to do request: Get \"https://blobs.test/layer\": dial tcp blobs.test:443: connect: connection refused")
    );
    let not_found = pull(vec![(url, crate::targets::UrlAnswer::NotFound)]);
    assert_eq!(
        (not_found.verdict, not_found.condition),
        (Verdict::Accept, None)
    );
    let unknown = pull(Vec::new());
    assert_eq!(unknown.verdict, Verdict::Accept);
    assert!(unknown
        .condition
        .expect("a condition")
        .contains("https://blobs.test/layer"));
}

/// podman commits every layer to storage as a tar stream, whatever its media type: a layer of
/// another type is refused unless its bytes are a tar (taken at its type's word when they are
/// not known, as the gardenlinux users and the peers run met it); a copy to a layout or `dir:`
/// unpacks nothing.
#[test]
fn podman_applies_a_layer_of_no_tar_type_as_a_tar() {
    let custom = manifest(OCI, "136").replace(
        "application/vnd.oci.image.layer.v1.tar+gzip",
        "application/io.gardenlinux.release",
    );
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(custom.as_bytes(), Some(OCI), &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, Some(OCI), &arena);
    let pull = judge("podman", "4.3", Operation::Pull, &input).expect("a model");
    assert_eq!(pull.verdict, Verdict::Reject);
    assert_eq!(pull.step, "apply layers");
    assert_eq!(
        pull.message.as_deref(),
        Some(format!("writing blob: adding layer with blob \"{LAYER}\": ApplyLayer stdout:  stderr: unexpected EOF exit status 1").as_str())
    );
    assert_eq!(
        pull.condition.as_deref(),
        Some(
            format!(
                "{LAYER} is not a tar archive, as its type application/io.gardenlinux.release says"
            )
            .as_str()
        )
    );
    let copy = judge("podman", "4.3", Operation::Copy, &input).expect("a model");
    assert_eq!(copy.verdict, Verdict::Accept);
    assert!(
        copy.condition
            .as_deref()
            .is_some_and(|c| !c.contains("unpack") && !c.contains("tar")),
        "{:?}",
        copy.condition
    );
    // Content longer than a tar header and not a tar: no header is found in it.
    let long = manifest(OCI, "4096").replace(
        "application/vnd.oci.image.layer.v1.tar+gzip",
        "application/io.gardenlinux.release",
    );
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(long.as_bytes(), Some(OCI), &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, Some(OCI), &arena);
    let pull = judge("podman", "4.3", Operation::Pull, &input).expect("a model");
    assert!(
        pull.message
            .as_deref()
            .is_some_and(|m| m.ends_with("stderr: archive/tar: invalid tar header exit status 1")),
        "{:?}",
        pull.message
    );
    // With the registry known, the bytes decide: the corpus's layer is a gzip'd tar.
    let environment = Environment {
        store: Some(store()),
        copy_to: CopyTo::OciLayout,
        containerd_root: None,
        urls: Vec::new(),
    };
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(custom.as_bytes(), Some(OCI), &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, Some(OCI), &arena).within(&environment);
    let pull = judge("podman", "4.3", Operation::Pull, &input).expect("a model");
    assert_eq!((pull.verdict, pull.message), (Verdict::Accept, None));
    // A tar layer's accept keeps the short clause.
    let plain = manifest(OCI, "136");
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(plain.as_bytes(), Some(OCI), &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, Some(OCI), &arena);
    let pull = judge("podman", "4.3", Operation::Pull, &input).expect("a model");
    assert!(pull
        .condition
        .as_deref()
        .is_some_and(|c| c.ends_with(", and the layers unpack")));
}

/// A condition names each digest once, and at most three of many.
#[test]
fn conditions_list_a_few_digests_and_count_the_rest() {
    assert_eq!(listed(["a", "b", "a"]), "a, b");
    assert_eq!(listed(["a", "b", "c", "d"]), "a, b, c, d");
    assert_eq!(listed(["a", "b", "c", "d", "e", "b"]), "a, b, c and 2 more");
}

/// Two programs' types of one shape (containers/image 2025's `OCI1IndexPublic` and zot's
/// `v1.Index`, both image-spec v1.1.1's fields) share a decode that succeeded (one walk of
/// the document); a failed one is each type's own, since the error names its struct.
#[test]
fn types_of_one_shape_share_a_decode_that_succeeded_and_not_an_error() {
    use super::types_containers_image::{OCI1_INDEX_2025_TYPE, OCI1_INDEX_TYPE};
    use super::types_image_spec::INDEX_V1_1_TYPE;
    assert!(OCI1_INDEX_2025_TYPE.decodes_like(&INDEX_V1_1_TYPE));
    // containers/image 4.3's index has no `artifactType`: another shape.
    assert!(!OCI1_INDEX_TYPE.decodes_like(&INDEX_V1_1_TYPE));

    // One walk from 16 KiB; below, walking costs less than comparing the types.
    let good =
        br#"{"schemaVersion":2,"manifests":[{"mediaType":"a/b","digest":"sha256:0","size":1}]}"#;
    let entry = r#"{"mediaType":"a/b","digest":"sha256:0","size":1}"#;
    let large = format!(
        r#"{{"schemaVersion":2,"manifests":[{}]}}"#,
        vec![entry; 400].join(",")
    );
    for (document, walks) in [(&good[..], 2), (large.as_bytes(), 1)] {
        let arena = crate::json::Arena::new();
        let analysed = crate::rules::Analysed::new(document, None, &arena);
        let arena = bumpalo::Bump::new();
        let input = Input::new(&analysed.parsed, None, &arena);
        let first = unmarshal(&input, &OCI1_INDEX_2025_TYPE).expect("decodes");
        let second = unmarshal(&input, &INDEX_V1_1_TYPE).expect("decodes");
        assert_eq!(input.walks.get(), walks);
        let size = |value: GoValue<'_>| {
            go_decode::int(go_decode::items(Some(value), "manifests").first(), "size")
        };
        assert_eq!((size(first), size(second)), (1, 1));
    }

    let bad = br#"{"schemaVersion":2,"manifests":1}"#;
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(bad, None, &arena);
    let arena = bumpalo::Bump::new();
    let input = Input::new(&analysed.parsed, None, &arena);
    let words = |ty| match unmarshal(&input, ty) {
        Err(error) => error.message(),
        Ok(_) => panic!("a number is no slice"),
    };
    assert!(words(&OCI1_INDEX_2025_TYPE).contains("OCI1IndexPublic.manifests"));
    assert!(words(&INDEX_V1_1_TYPE).contains("Go struct field Index.manifests"));

    // Of another shape, but only in fields no key of the document names (image-spec 1.1's
    // `artifactType`, `subject`, a descriptor's `data`): one decode, for a document large
    // enough that decoding costs more than comparing the types.
    let index = |top: &str| {
        let entry = r#"{"mediaType":"a/b","digest":"sha256:0","size":1}"#;
        let entries = vec![entry; 400].join(",");
        format!(r#"{{"schemaVersion":2{top},"manifests":[{entries}]}}"#).into_bytes()
    };
    let decodes = |document: &[u8]| {
        let arena = crate::json::Arena::new();
        let analysed = crate::rules::Analysed::new(document, None, &arena);
        let arena = bumpalo::Bump::new();
        let input = Input::new(&analysed.parsed, None, &arena);
        let first = unmarshal(&input, &OCI1_INDEX_TYPE).expect("decodes");
        let second = unmarshal(&input, &INDEX_V1_1_TYPE).expect("decodes");
        let artifact_type =
            |value: GoValue<'_>| value.field("artifactType").map(|v| v.text().to_owned());
        (
            input.walks.get() == 1,
            artifact_type(first),
            artifact_type(second),
        )
    };
    assert!(index("").len() >= SHARE_BY_KEYS_FROM);
    assert_eq!(decodes(&index("")), (true, None, None));
    // Below that size, each decodes.
    assert!(good.len() < SHARE_BY_KEYS_FROM);
    assert_eq!(decodes(good), (false, None, None));
    // A key that names one of those fields, folded as Go matches it, is decoded by each.
    assert_eq!(
        decodes(&index(r#","ARTIFACTTYPE":"x""#)),
        (false, None, Some("x".to_owned()))
    );

    // Where a key is counts: distribution 2.8's manifest list and 3.0's image index differ
    // in the index's own `annotations` (3.0 decodes them), in a platform that is a pointer in
    // one, and in fields an entry of this index does not have. Entries with annotations do
    // not name the index's own, and a plain document reads a pointer as what it points to:
    // one walk. With the index's own annotations, two.
    use super::types_distribution::{LIST, V3_INDEX};
    let walks = |top: &str| {
        let entry = r#"{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f","size":1,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"a":"b"}}"#;
        let entries = vec![entry; 100].join(",");
        let document = format!(r#"{{"schemaVersion":2{top},"manifests":[{entries}]}}"#);
        assert!(document.len() >= SHARE_BY_KEYS_FROM);
        let arena = crate::json::Arena::new();
        let analysed = crate::rules::Analysed::new(document.as_bytes(), None, &arena);
        let arena = bumpalo::Bump::new();
        let input = Input::new(&analysed.parsed, None, &arena);
        let list = unmarshal(&input, &LIST).expect("decodes");
        let index = unmarshal(&input, &V3_INDEX).expect("decodes");
        let annotations = |value: GoValue<'_>| value.field("annotations").is_some();
        let os = |value: GoValue<'_>| {
            let entry = go_decode::items(Some(value), "manifests").first();
            go_decode::text(entry.and_then(|e| e.field("platform")), "os").to_owned()
        };
        assert_eq!(
            (os(list), os(index)),
            ("linux".to_owned(), "linux".to_owned())
        );
        (input.walks.get(), annotations(list), annotations(index))
    };
    assert_eq!(walks(""), (1, false, false));
    assert_eq!(walks(r#","annotations":{"x":"y"}"#), (2, false, true));
}

/// What sharing a walk between types takes for granted (`GoType::reads_like_given` compares
/// fields by name, and integers by kind): no struct names a JSON field twice, and every
/// integer is 64 bits, as `int` and `int64` are on the platforms the programs were measured on.
fn assert_sharing_holds_for(ty: &'static GoType) {
    use super::go_types::GoType;
    match ty {
        GoType::Struct(shape) => {
            for (index, field) in shape.fields.iter().enumerate() {
                assert!(
                    shape.fields[..index]
                        .iter()
                        .all(|f| !f.json.eq_ignore_ascii_case(field.json)),
                    "{} names {} twice",
                    shape.qualified,
                    field.json
                );
                assert_sharing_holds_for(field.ty);
            }
        }
        GoType::Slice(item) | GoType::StringMap(item) | GoType::Pointer(item) => {
            assert_sharing_holds_for(item);
        }
        GoType::Int(name) => assert!(matches!(*name, "int" | "int64"), "{name}"),
        _ => {}
    }
}

/// Reading a document through a type gives what decoding it whole gives: over every rule
/// fixture and some documents Go reads in unusual ways, sent as each kind of document, for
/// every type a model of any version asks for.
#[test]
fn reading_the_parse_through_a_type_is_decoding_it() {
    use super::go_decode::{decode, GoValue};
    use super::go_types::GoType;

    /// The value as the type sees it: every field, element and entry, recursively.
    fn render(value: Option<GoValue<'_>>, ty: &GoType, out: &mut String) {
        use std::fmt::Write as _;
        let Some(value) = value else {
            out.push_str("nil ");
            return;
        };
        match ty {
            GoType::Pointer(to) => render(Some(value), to, out),
            GoType::Struct(shape) => {
                out.push('{');
                for field in shape.fields {
                    out.push_str(field.json);
                    out.push(':');
                    render(value.field(field.json), field.ty, out);
                }
                out.push('}');
            }
            GoType::Slice(item) => {
                out.push('[');
                for element in value.items() {
                    render(Some(element), item, out);
                }
                out.push(']');
            }
            GoType::StringMap(item) => {
                out.push('{');
                for (key, element) in value.entries().iter() {
                    let _ = write!(out, "{key:?}:");
                    render(Some(element), item, out);
                }
                out.push('}');
            }
            GoType::Bytes => {
                let _ = write!(out, "{:?} ", value.bytes());
            }
            GoType::String(_) | GoType::Unmarshaler { .. } => {
                let _ = write!(out, "{:?} ", value.text());
            }
            GoType::Int(_) => {
                let _ = write!(out, "{} ", value.int());
            }
            GoType::Any | GoType::RawMessage => {
                let _ = write!(out, "{value:?} ");
            }
        }
    }

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut documents: Vec<Vec<u8>> = Vec::new();
    for rule in std::fs::read_dir(root).expect("fixtures") {
        for file in std::fs::read_dir(rule.expect("entry").path()).expect("rule folder") {
            let path = file.expect("entry").path();
            if path.extension().is_some_and(|e| e == "json") {
                documents.push(std::fs::read(&path).expect("fixture"));
            }
        }
    }
    // Decoded whole: a key given twice (a struct's field, a map's key), a key that only
    // folds to its field, `null`s where a slice, a pointer and a string were.
    documents.extend(
        [
            r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":1,"digest":"sha256:0"}],"manifests":[{"size":2}]}"#,
            r#"{"schemaVersion":2,"config":{"digest":"sha256:1","Size":3},"layers":[],"annotations":{"a":"1","a":"2"}}"#,
            r#"{"schemaVersion":2,"config":{"digest":"sha256:1","size":3,"urls":null},"layers":[null,{"mediaType":null}],"subject":null}"#,
        ]
        .map(|text| text.as_bytes().to_vec()),
    );
    // Large enough that types alike in the document's keys share a walk.
    let entries = |entry: &str| vec![entry; 300].join(",");
    let large = [
        format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{}]}}"#,
            entries(
                r#"{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f","size":7143,"platform":{"architecture":"amd64","os":"linux"}}"#
            )
        ),
        format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[{}]}}"#,
            entries(
                r#"{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f","size":7143,"platform":null,"urls":null,"annotations":{"a":"b","c":null}}"#
            )
        ),
        format!(
            r#"{{"schemaVersion":2,"subject":null,"config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2,"data":"e30="}},"layers":[{}]}}"#,
            entries(
                r#"{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f","size":7143,"urls":["http://a/b"]}"#
            )
        ),
    ];
    documents.extend(large.map(String::into_bytes));
    let content_types = [None, Some(OCI), Some(INDEX), Some(SCHEMA2), Some(LIST)];
    let (mut read, mut decoded, mut shared) = (0, 0, 0);
    for bytes in &documents {
        let arena = crate::json::Arena::new();
        let analysed = crate::rules::Analysed::new(bytes, None, &arena);
        let Some(root) = &analysed.parsed.document.root else {
            continue;
        };
        for content_type in content_types {
            let arena = bumpalo::Bump::new();
            let input = Input::new(&analysed.parsed, content_type, &arena);
            for target in super::super::all() {
                for version in target.versions {
                    for &operation in target.operations {
                        judge(target.name, version.id, operation, &input);
                    }
                }
            }
            shared += input.decoded.borrow().len() - input.walks.get();
            for (ty, result) in input.decoded.borrow().iter() {
                assert_sharing_holds_for(ty);
                let Ok(value) = result else {
                    continue;
                };
                if matches!(value, GoValue::Read(_)) {
                    read += 1;
                } else {
                    decoded += 1;
                }
                let whole = decode(&arena, &analysed.parsed.document, root, ty);
                assert!(whole.error.is_none(), "{}", String::from_utf8_lossy(bytes));
                let whole = whole.value.unwrap_or(GoValue::Struct(&[]));
                let (mut expected, mut actual) = (String::new(), String::new());
                render(Some(whole), ty, &mut expected);
                render(Some(*value), ty, &mut actual);
                assert_eq!(
                    actual,
                    expected,
                    "{} read as {}",
                    String::from_utf8_lossy(bytes),
                    ty.go_name()
                );
            }
        }
    }
    // Most are read; the unusual ones decoded whole; some types share a walk.
    assert!(
        read > 1000 && decoded > 10 && shared > 100,
        "{read} read, {decoded} decoded, {shared} shared"
    );
}
