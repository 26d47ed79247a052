//! Property tests of the invariants the fuzz targets hold (`invariants/mod.rs`, shared with
//! `fuzz/`), over random bytes and over the rule fixtures with random edits (which keeps most
//! inputs manifest-shaped, so the rules, fixes and conversions run), and every input the
//! fuzzers found a crash with (`fuzz-regressions/<target>/`). Few cases each, so the suite
//! stays a few seconds in the ordinary test command; the fuzz smoke stage searches further.

mod invariants;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::Config;

/// Every `.json` fixture of the rules, read once.
fn fixtures() -> &'static [Vec<u8>] {
    static FIXTURES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let mut files = Vec::new();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for rule in std::fs::read_dir(root).expect("fixtures") {
            for file in std::fs::read_dir(rule.expect("entry").path()).expect("rule folder") {
                let path = file.expect("entry").path();
                if path.extension().is_some_and(|e| e == "json") {
                    files.push(path);
                }
            }
        }
        files.sort();
        files
            .iter()
            .map(|p| std::fs::read(p).expect("fixture"))
            .collect()
    })
}

/// One small change of a document's bytes.
#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, bytes: Vec<u8> },
    Replace { at: usize, byte: u8 },
    Duplicate { at: usize, len: usize },
}

impl Mutation {
    fn apply(&self, bytes: &mut Vec<u8>) {
        if bytes.is_empty() {
            return;
        }
        let len_now = bytes.len();
        match self {
            Mutation::Delete { at, len } => {
                let start = at % len_now;
                let end = (start + len).min(len_now);
                bytes.drain(start..end);
            }
            Mutation::Insert { at, bytes: new } => {
                let at = at % (len_now + 1);
                bytes.splice(at..at, new.iter().copied());
            }
            Mutation::Replace { at, byte } => bytes[at % len_now] = *byte,
            Mutation::Duplicate { at, len } => {
                let start = at % len_now;
                let end = (start + len).min(len_now);
                let copy = bytes[start..end].to_vec();
                bytes.splice(end..end, copy);
            }
        }
    }
}

/// Bytes JSON and manifests are made of, more often than the rest.
fn interesting_bytes() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just(b"{".to_vec()),
        Just(b"}".to_vec()),
        Just(b"[".to_vec()),
        Just(b"]".to_vec()),
        Just(b",".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\\u".to_vec()),
        Just(b"\\ud800".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just("é😀".as_bytes().to_vec()),
        Just(b"\xff".to_vec()),
        Just(b"\0".to_vec()),
        Just(b"\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\"".to_vec()),
        Just(b"\"digest\": \"sha256:".to_vec()),
        Just(b"\"annotations\": {}".to_vec()),
        Just(b"\"subject\": {}".to_vec()),
        Just(b"1e999".to_vec()),
        any::<u8>().prop_map(|b| vec![b]),
    ];
    prop::collection::vec(token, 1..4).prop_map(|parts| parts.concat())
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), interesting_bytes())
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Replace { at, byte }),
        (any::<usize>(), 1usize..200).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
    ]
}

/// A fixture with up to three mutations: mostly manifest-shaped, sometimes broken.
fn mutated_fixture() -> impl Strategy<Value = Vec<u8>> {
    (
        0..fixtures().len(),
        prop::collection::vec(mutation(), 0..=3),
    )
        .prop_map(|(at, mutations)| {
            let mut bytes = fixtures()[at].clone();
            for m in &mutations {
                m.apply(&mut bytes);
            }
            bytes
        })
}

proptest! {
    #![proptest_config(Config { cases: 256, failure_persistence: None, ..Config::default() })]

    #[test]
    fn any_bytes_parse_and_check_with_positions_inside(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        invariants::parse_holds(&bytes);
        invariants::check_holds(&bytes, None);
    }

    #[test]
    fn json_like_bytes_parse_and_check_with_positions_inside(
        parts in prop::collection::vec(interesting_bytes(), 0..40),
    ) {
        let bytes = parts.concat();
        invariants::parse_holds(&bytes);
        invariants::check_holds(&bytes, None);
    }

    #[test]
    fn digest_media_type_and_uri_parsers_never_panic(text in any::<String>()) {
        invariants::strings_hold(&text);
        invariants::strings_hold(&format!("sha256:{text}"));
        invariants::strings_hold(&format!("application/{text}"));
    }
}

proptest! {
    #![proptest_config(Config { cases: 48, failure_persistence: None, ..Config::default() })]

    #[test]
    fn mutated_fixtures_check_with_positions_inside(
        bytes in mutated_fixture(),
        content_type in prop::option::of(0..invariants::CONTENT_TYPES.len()),
    ) {
        invariants::parse_holds(&bytes);
        invariants::check_holds(&bytes, content_type.map(|i| invariants::CONTENT_TYPES[i]));
    }

    #[test]
    fn fixes_of_mutated_fixtures_keep_them_parseable_and_settle(bytes in mutated_fixture()) {
        invariants::fixes_hold(&bytes, None);
    }

    #[test]
    fn conversions_of_mutated_fixtures_round_trip(bytes in mutated_fixture()) {
        invariants::conversion_holds(&bytes);
    }

    #[test]
    fn splits_of_mutated_fixtures_write_json(bytes in mutated_fixture()) {
        invariants::split_holds(&bytes);
    }

    #[test]
    fn bundles_of_mutated_fixtures_hold(documents in prop::collection::vec(mutated_fixture(), 1..4)) {
        invariants::bundle_holds(&documents);
    }
}

/// Every input a fuzz target crashed on, through the invariants of that target.
#[test]
fn fuzz_regressions_hold() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut seen = 0;
    for target in std::fs::read_dir(&root).expect("fuzz-regressions") {
        let target = target.expect("entry").path();
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        let mut inputs: Vec<PathBuf> = std::fs::read_dir(&target)
            .expect("target folder")
            .map(|e| e.expect("entry").path())
            .collect();
        inputs.sort();
        for input in inputs {
            let bytes = std::fs::read(&input).expect("regression input");
            eprintln!("{name}: {}", input.display());
            match name.as_str() {
                "parse" => invariants::parse_holds(&bytes),
                "check" => drop(invariants::check_holds(&bytes, None)),
                "fix" => invariants::fixes_hold(&bytes, None),
                "convert" => invariants::conversion_holds(&bytes),
                "split" => invariants::split_holds(&bytes),
                "bundle" => invariants::bundle_holds(
                    &bytes
                        .split(|&b| b == 0x0c)
                        .take(4)
                        .map(<[u8]>::to_vec)
                        .collect::<Vec<_>>(),
                ),
                "strings" => invariants::strings_hold(&String::from_utf8_lossy(&bytes)),
                other => panic!(
                    "no invariants for fuzz target `{other}` ({})",
                    input.display()
                ),
            }
            seen += 1;
        }
    }
    assert!(seen > 0, "no regression inputs under {}", root.display());
}
