//! Conformance: every document of the peers' own test suites (`shared/conformance`), checked
//! by ocilint and compared with the verdict the peer asserts.
//!
//! Scored here: the `spec` verdict of image-spec and oci-spec-rs rows (valid = no error-level
//! diagnostic when validated as the row's media type); the verdict of the matching target
//! profile for every other peer's rows (distribution, quay, podman for containers/image,
//! containerd, regclient, crane for go-containerregistry: `accept`/`warn` = valid, `reject` =
//! invalid, `unknown` = a difference; a `discriminator:` or ambiguity-check row counts only a
//! refusal about the document's kind); every `detect` row (the media type detected from the
//! bytes), every `sha256=`/`size=` extra (the digest and size of the exact bytes), and
//! oci-spec-rs's digest strings. `context` rows are run (they must not crash) and never
//! scored. Deliberate differences are listed in `expected-differences.tsv`; the test
//! fails on an unlisted difference and on a listed one that no longer differs.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use ocilint_core::targets::{Selection, Verdict};
use ocilint_core::{check, digest, CheckOptions, Severity};

/// Peers whose verdicts are the spec's.
const SPEC_PEERS: [&str; 2] = ["image-spec", "oci-spec-rs"];

/// The target profile that models each other peer: a registry's verdict on push, a client's
/// on pull, a library's for its one operation.
fn profile(dir: &str) -> Option<&'static str> {
    Some(match dir {
        "distribution" => "distribution",
        "quay" => "quay",
        "containers-image" => "podman",
        "containerd" => "containerd",
        "regclient" => "regclient",
        "go-containerregistry" => "crane",
        _ => return None,
    })
}

/// What a row asks of the peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Question {
    /// Does the peer's parser or registry accept the document as this media type?
    Accepts,
    /// Only "is this a manifest or an index (or no manifest at all)?": the peer's verdict
    /// counts as a refusal only when it is about the document's kind.
    Discriminator,
}

/// The media type a row of a non-spec peer validates as, and the question it asks; `None`
/// when the row asks no validity question (a digest row).
fn question(row: &Row) -> Option<(Option<String>, Question)> {
    let kind = row.kind.as_str();
    if let Some(rest) = kind.strip_prefix("discriminator:") {
        // containerd: `expected=<media type>` (empty: no expectation).
        if let Some((_, after)) = rest.split_once("expected=") {
            let mt: String = after
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != ')')
                .collect();
            let mt = mt.trim_matches('"').to_owned();
            return Some(((!mt.is_empty()).then_some(mt), Question::Discriminator));
        }
        // distribution: which of its validators the row runs.
        let mt = if rest.contains("validateManifestList") {
            "application/vnd.docker.distribution.manifest.list.v2+json"
        } else if rest.contains("validateIndex") {
            "application/vnd.oci.image.index.v1+json"
        } else {
            "application/vnd.oci.image.manifest.v1+json"
        };
        return Some((Some(mt.to_owned()), Question::Discriminator));
    }
    if kind.starts_with("ambiguity check") {
        return Some((None, Question::Discriminator));
    }
    row_media_type(kind).map(|mt| (Some(mt.to_owned()), Question::Accepts))
}

/// Codes whose finding is about what kind of document this is (manifest, index, schema 1, or
/// not a manifest at all): what a discriminator row tests.
const DISCRIMINATOR_CODES: [&str; 7] = [
    "AMB001", "AMB002", "AMB003", "JSON001", "JSON002", "DKR001", "DOC003",
];

/// The steps of a model that come after the document's kind was decided (distribution's
/// `validateManifest`/`validateIndex` passed and the document decoded; containerd's
/// `validateMediaType` passed and its children are fetched, chosen or unpacked;
/// containers/image's parser returned and an instance is chosen, the config read, blobs
/// copied or layers unpacked, or schema 1 converted): a refusal there is not the
/// discriminator's, nor the parser's that a containers/image `[parser …]` row runs alone;
/// nor are crane's after `v1.ParseManifest` returned (the child chosen and fetched, the config
/// fetched, the layers listed and written).
const AFTER_THE_KIND: [&str; 17] = [
    "check mediaType",
    "verify schema version",
    "verify references",
    "fetch children",
    "choose manifest",
    "unpack",
    "choose instance",
    "fetch instance",
    "parse image configuration",
    "fetch config",
    "copy layers",
    "copy config",
    "apply layers",
    "convert schema 1",
    "fetch child",
    "list layers",
    "write layers",
];

/// Whether a row runs only a parser: containers/image's `[parser …]` rows, and
/// go-containerregistry's `v1.Parse…` rows ("JSON decoding only").
fn runs_a_parser_alone(kind: &str) -> bool {
    kind.contains("[parser ") || kind.contains(": JSON decoding only]")
}

/// The profile's verdict on a row, as the peer's words: `valid`, `invalid` or `unknown`.
fn profile_verdict(
    bytes: &[u8],
    target: &str,
    media_type: Option<&str>,
    question: Question,
    parser_only: bool,
) -> (String, String) {
    let report = check(
        bytes,
        &CheckOptions {
            content_type: media_type.map(str::to_owned),
            targets: vec![Selection::parse(target).expect("a known profile")],
            ..Default::default()
        },
    );
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {}", d.code, d.pointer))
        .collect();
    let Some(v) = report.targets.first() else {
        return (
            "unknown".into(),
            format!("no verdict; errors: {}", errors.join(", ")),
        );
    };
    let after_the_kind = v
        .step
        .as_deref()
        .is_some_and(|step| AFTER_THE_KIND.contains(&step));
    let ours = match (v.verdict, question) {
        (Verdict::Accept | Verdict::Warn, _) => "valid",
        // A row that runs only a parser: what a model decides after it returned is not asked.
        (Verdict::Reject | Verdict::Unknown, Question::Accepts)
            if parser_only && after_the_kind =>
        {
            "valid"
        }
        (Verdict::Reject, Question::Accepts) => "invalid",
        (Verdict::Unknown, Question::Accepts) => "unknown",
        // A discriminator row asks only about the kind: a refusal counts when it is about the
        // kind (a kind finding, or the kind itself: no codes; for a model, a step before the
        // kind was settled), and anything else is a pass.
        (Verdict::Reject, Question::Discriminator)
            if !v
                .step
                .as_deref()
                .is_some_and(|step| AFTER_THE_KIND.contains(&step))
                && (v.codes.is_empty()
                    || v.codes.iter().any(|c| DISCRIMINATOR_CODES.contains(c))) =>
        {
            "invalid"
        }
        (Verdict::Reject | Verdict::Unknown, Question::Discriminator) => "valid",
    };
    let detail = format!(
        "{target} {:?}: {} [{}]; errors: {}",
        v.verdict,
        v.message.as_deref().unwrap_or(""),
        v.codes.join(","),
        errors.join(", ")
    );
    (ours.to_owned(), detail)
}

fn corpus_root() -> PathBuf {
    let root = std::env::var_os("OCILINT_CONFORMANCE")
        .map(PathBuf::from)
        .unwrap_or_else(|| ocilint_tests::repo_root().join("../shared/conformance"));
    assert!(
        root.join("README.md").is_file(),
        "the conformance corpus is not at {} (set OCILINT_CONFORMANCE to its folder)",
        root.display()
    );
    root
}

#[derive(Debug, Clone)]
struct Row {
    dir: String,
    file: String,
    kind: String,
    verdict: String,
    expect: String,
}

fn rows(root: &Path) -> Vec<Row> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(root)
        .expect("conformance folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("cases.tsv").is_file())
        .collect();
    dirs.sort();
    let mut rows = Vec::new();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(dir.join("cases.tsv")).expect("cases.tsv");
        for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let cols: Vec<&str> = line.split('\t').collect();
            rows.push(Row {
                dir: name.clone(),
                file: cols[0].to_owned(),
                kind: cols[1].to_owned(),
                verdict: cols[2].to_owned(),
                expect: cols.get(5).copied().unwrap_or("").to_owned(),
            });
        }
    }
    rows
}

/// The media type a row validates as: the first word of its kind, when it is one.
fn row_media_type(kind: &str) -> Option<&str> {
    kind.split_whitespace().next().filter(|w| w.contains('/'))
}

/// `key=value` extras of the `expect` column.
fn extras(expect: &str) -> BTreeMap<&str, &str> {
    expect
        .split(';')
        .filter_map(|part| part.trim().split_once('='))
        .collect()
}

/// One compared item: what we said against what the peer asserts.
#[derive(Debug)]
struct Outcome {
    key: (String, String, String, String),
    ours: String,
    theirs: String,
    detail: String,
}

impl Outcome {
    fn agrees(&self) -> bool {
        self.ours == self.theirs
    }
}

fn verdict(bytes: &[u8], media_type: Option<&str>) -> (String, String) {
    let report = check(
        bytes,
        &CheckOptions {
            content_type: media_type.map(str::to_owned),
            ..Default::default()
        },
    );
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {} {}", d.code, d.pointer, d.message))
        .collect();
    let verdict = if errors.is_empty() {
        "valid"
    } else {
        "invalid"
    };
    (verdict.to_owned(), errors.join("; "))
}

fn expected_differences() -> BTreeMap<(String, String, String, String), String> {
    let path = ocilint_tests::repo_root().join("tests/conformance/expected-differences.tsv");
    let text = fs::read_to_string(&path).expect("expected-differences.tsv");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("source-dir\tfile\tkind\ttarget\treason"),
        "expected-differences.tsv needs its header line"
    );
    let mut listed = BTreeMap::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 5, "5 tab-separated columns: {line}");
        assert!(
            !cols[4].trim().is_empty(),
            "a listed difference needs a reason: {line}"
        );
        let key = (
            cols[0].into(),
            cols[1].into(),
            cols[2].into(),
            cols[3].into(),
        );
        assert!(
            listed.insert(key, cols[4].to_owned()).is_none(),
            "listed twice: {line}"
        );
    }
    listed
}

#[test]
fn agrees_with_the_peers_test_suites() {
    let root = corpus_root();
    let mut scored: Vec<Outcome> = Vec::new();
    for row in rows(&root) {
        let path = root.join(&row.dir).join(&row.file);
        let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let key = |target: &str| {
            (
                row.dir.clone(),
                row.file.clone(),
                row.kind.clone(),
                target.to_owned(),
            )
        };
        let extras = extras(&row.expect);

        // The digest and size of the exact bytes, whoever asserts them.
        let report = check(&bytes, &CheckOptions::default());
        if let Some(sha256) = extras.get("sha256") {
            scored.push(Outcome {
                key: key("digest"),
                ours: report.digest.clone(),
                theirs: (*sha256).to_owned(),
                detail: String::new(),
            });
        }
        if let Some(size) = extras.get("size") {
            scored.push(Outcome {
                key: key("size"),
                ours: report.size.to_string(),
                theirs: (*size).to_owned(),
                detail: String::new(),
            });
        }

        match row.verdict.as_str() {
            "detect" => {
                let theirs = extras.get("detected").copied().unwrap_or("");
                scored.push(Outcome {
                    key: key("detect"),
                    ours: report.media_type.clone().unwrap_or_default(),
                    theirs: theirs.to_owned(),
                    detail: format!("kind {}", report.kind.as_str()),
                });
            }
            "valid" | "invalid" => {
                // A row whose peer validates its bytes after substituting Docker media types
                // with OCI ones: validate that substituted document, stored beside it.
                let validated = if row.kind.contains("(after the test substitutes") {
                    let sibling = row.file.replace(".docker.json", ".converted-oci.json");
                    fs::read(root.join(&row.dir).join(sibling)).expect("converted sibling")
                } else {
                    bytes.clone()
                };
                if SPEC_PEERS.contains(&row.dir.as_str()) {
                    let (ours, detail) = verdict(&validated, row_media_type(&row.kind));
                    scored.push(Outcome {
                        key: key("spec"),
                        ours,
                        theirs: row.verdict.clone(),
                        detail,
                    });
                } else if let (Some(target), Some((media_type, q))) =
                    (profile(&row.dir), question(&row))
                {
                    let (ours, detail) = profile_verdict(
                        &validated,
                        target,
                        media_type.as_deref(),
                        q,
                        runs_a_parser_alone(&row.kind),
                    );
                    scored.push(Outcome {
                        key: key(target),
                        ours,
                        theirs: row.verdict.clone(),
                        detail,
                    });
                } else {
                    // A digest row: its digest is scored above.
                    let _ = verdict(&validated, row_media_type(&row.kind));
                }
            }
            // Depends on something outside the bytes: run (it must not crash), never score.
            _ => {
                let _ = verdict(&bytes, row_media_type(&row.kind));
            }
        }
    }

    // oci-spec-rs's digest strings: valid when the digest passes the spec's checks.
    let strings: serde_json::Value = serde_json::from_slice(
        &fs::read(root.join("oci-spec-rs/digest-strings.json")).expect("digest strings"),
    )
    .expect("digest-strings.json is JSON");
    for entry in strings.as_array().expect("an array") {
        let text = entry["digest"].as_str().expect("digest");
        let result = digest::validate(text);
        scored.push(Outcome {
            key: (
                "oci-spec-rs".into(),
                "digest-strings.json".into(),
                format!("digest {text:?}"),
                "spec".into(),
            ),
            ours: if result.is_ok() { "valid" } else { "invalid" }.into(),
            theirs: entry["verdict"].as_str().expect("verdict").into(),
            detail: format!("{result:?}"),
        });
    }

    let listed = expected_differences();
    let mut per_peer: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut report = String::new();
    let mut unexpected = Vec::new();
    let mut agreed = 0;
    for outcome in &scored {
        match (outcome.agrees(), listed.contains_key(&outcome.key)) {
            (true, false) => agreed += 1,
            (false, true) => {}
            (true, true) => unexpected.push(format!(
                "listed as a difference but now agrees: {:?}",
                outcome.key
            )),
            (false, false) => unexpected.push(format!(
                "{:?}: ocilint says {} but the peer asserts {} ({})",
                outcome.key, outcome.ours, outcome.theirs, outcome.detail
            )),
        }
    }
    for key in listed.keys() {
        if !scored.iter().any(|o| &o.key == key) {
            unexpected.push(format!("listed difference matches no scored row: {key:?}"));
        }
    }
    for outcome in &scored {
        let entry = per_peer.entry(outcome.key.0.clone()).or_default();
        entry.1 += 1;
        if outcome.agrees() {
            entry.0 += 1;
        }
        if listed.contains_key(&outcome.key) {
            entry.2 += 1;
        }
    }
    for (dir, (agree, total, listed)) in &per_peer {
        let _ = writeln!(
            report,
            "conformance: {dir}: agreed {agree} / {total}, {listed} listed differences"
        );
    }
    if std::env::var_os("OCILINT_CONFORMANCE_DUMP").is_some() {
        for o in scored.iter().filter(|o| !o.agrees()) {
            eprintln!(
                "DIFF\t{}\t{}\t{}\t{}\tours={} theirs={}\t{}",
                o.key.0, o.key.1, o.key.2, o.key.3, o.ours, o.theirs, o.detail
            );
        }
    }
    let _ = writeln!(
        report,
        "conformance: {} listed differences ({:.1}% of scored)",
        listed.len(),
        100.0 * listed.len() as f64 / scored.len().max(1) as f64
    );
    let _ = writeln!(report, "conformance: agreed {agreed} / {}", scored.len());
    print!("{report}");
    // `cargo xtask test` shows this summary after the native tests (test output is captured).
    let summary = ocilint_tests::repo_root().join("target/conformance-summary.txt");
    let _ = fs::create_dir_all(summary.parent().expect("target/"));
    let _ = fs::write(&summary, &report);
    assert!(
        unexpected.is_empty(),
        "{} unexpected difference(s):\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
}
