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

/// What `check` of `bytes` produces, in bytes of the CLI's JSON report: every diagnostic,
/// message, related place, fix edit and target verdict. It is deterministic (unlike time), so
/// it bounds the work `check` does per input byte in a test: whatever grows faster than the
/// input in the report grows at least as fast in the work that makes it.
fn report_size(bytes: &[u8]) -> (u64, ocilint_core::Report) {
    let report = ocilint_core::check(bytes, &Default::default());
    let size = serde_json::to_vec(&report)
        .expect("a report serializes")
        .len() as u64;
    (size, report)
}

/// At most this many bytes of report per input byte, on top of what the empty document's
/// report takes (every target's verdict). Measured at up to 63 on the growing inputs below (each
/// duplicate key is a diagnostic of about 60 bytes that names the first one); the
/// bound leaves room for new rules, not for a report that grows faster than its input.
const REPORT_BYTES_PER_BYTE: u64 = 400;

/// The report of the empty document, twice: the fixed part of any report.
fn fixed_report_size() -> u64 {
    static FIXED: OnceLock<u64> = OnceLock::new();
    *FIXED.get_or_init(|| 2 * report_size(b"").0 + 4096)
}

/// The work bound of one input: the report's size, its diagnostics and fix edits, and the
/// parser's nodes, each in proportion to the input.
fn within_work_bound(bytes: &[u8]) -> Result<u64, String> {
    let len = bytes.len() as u64;
    let (size, report) = report_size(bytes);
    let bound = fixed_report_size() + REPORT_BYTES_PER_BYTE * len;
    if size > bound {
        return Err(format!(
            "the report of {len} bytes is {size} bytes, over the bound of {bound} ({REPORT_BYTES_PER_BYTE} per input byte + {})",
            fixed_report_size()
        ));
    }
    let diagnostics = report.diagnostics.len() as u64;
    let edits: u64 = report
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .map(|f| f.edits.len() as u64)
        .sum();
    // A diagnostic or an edit is about something in the input: one per byte at most, and a
    // few about the document as a whole.
    if diagnostics > len + 16 || edits > 2 * len + 16 {
        return Err(format!(
            "{diagnostics} diagnostics and {edits} fix edits for {len} bytes"
        ));
    }
    // Every node of the parsed tree takes at least one byte of the input.
    let arena = ocilint_core::json::Arena::new();
    let parsed = ocilint_core::json::parse(bytes, &arena);
    let mut nodes = 0u64;
    let mut open: Vec<&ocilint_core::json::Node> = parsed.document.root.iter().collect();
    while let Some(node) = open.pop() {
        nodes += 1;
        match &node.value {
            ocilint_core::json::Value::Array(items) => open.extend(items.iter()),
            ocilint_core::json::Value::Object(members) => {
                open.extend(members.iter().map(|m| &m.value))
            }
            _ => {}
        }
    }
    if nodes > len {
        return Err(format!("{nodes} parsed nodes for {len} bytes"));
    }
    Ok(size)
}

proptest! {
    #![proptest_config(Config { cases: 64, failure_persistence: None, ..Config::default() })]

    #[test]
    fn checks_work_in_proportion_to_the_input(bytes in mutated_fixture()) {
        within_work_bound(&bytes).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn json_like_checks_work_in_proportion_to_the_input(
        parts in prop::collection::vec(interesting_bytes(), 0..200),
    ) {
        within_work_bound(&parts.concat()).map_err(TestCaseError::fail)?;
    }
}

/// Inputs that grow one thing (keys, duplicate keys, index entries, depth, digits, bad bytes),
/// at three sizes 4× apart: each stays within the per-byte bound, and the report grows by as
/// much per added input byte from the middle size to the large one as from the small one to
/// the middle one. A report that grows quadratically in any of them fails here.
#[test]
fn work_grows_linearly_with_the_input() {
    type Maker = fn(usize) -> Vec<u8>;
    let makers: [(&str, Maker); 6] = [
        ("annotation keys", |n| {
            let keys: Vec<String> = (0..n)
                .map(|i| format!("\"com.example.k{i}\": \"v\""))
                .collect();
            format!(
                "{{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"annotations\": {{{}}}}}",
                keys.join(",")
            )
            .into_bytes()
        }),
        ("duplicate keys", |n| {
            format!("{{{}}}", vec!["\"mediaType\": \"x\""; n].join(",")).into_bytes()
        }),
        ("index entries", |n| {
            let entry = r#"{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:3713021B02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca", "size": 1234, "platform": {"architecture": "amd64", "os": "linux"}}"#;
            format!(
                "{{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": [{}]}}",
                vec![entry; n].join(",")
            )
            .into_bytes()
        }),
        ("nesting", |n| {
            format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n)).into_bytes()
        }),
        ("digits of a size", |n| {
            format!(
                "{{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"config\": {{\"size\": 1{}}}}}",
                "0".repeat(n)
            )
            .into_bytes()
        }),
        ("invalid UTF-8 in strings", |n| {
            let mut bytes = b"{\"annotations\": {".to_vec();
            for i in 0..n {
                if i > 0 {
                    bytes.push(b',');
                }
                bytes.extend_from_slice(format!("\"k{i}\": \"").as_bytes());
                bytes.extend_from_slice(b"\xff\"");
            }
            bytes.extend_from_slice(b"}}");
            bytes
        }),
    ];
    for (what, make) in makers {
        let inputs = [make(200), make(800), make(3200)];
        let mut sizes = [0u64; 3];
        for (size, input) in sizes.iter_mut().zip(&inputs) {
            *size = within_work_bound(input).unwrap_or_else(|e| panic!("{what}: {e}"));
        }
        // The report's growth per input byte, from the small input to the middle one and from
        // the middle one to the large one: linear work keeps it the same.
        let slope = |from: usize, to: usize| {
            (sizes[to] as f64 - sizes[from] as f64) / (inputs[to].len() - inputs[from].len()) as f64
        };
        let (first, second) = (slope(0, 1), slope(1, 2));
        eprintln!(
            "{what}: inputs of {}, {} and {} bytes → reports of {}, {} and {} bytes ({first:.1} then {second:.1} report bytes per added input byte)",
            inputs[0].len(),
            inputs[1].len(),
            inputs[2].len(),
            sizes[0],
            sizes[1],
            sizes[2]
        );
        assert!(
            second <= 1.25 * first + 1.0,
            "{what}: the report grows faster than the input ({first:.1} then {second:.1} bytes per input byte)"
        );
    }
}
