//! The peers corpus: several hundred single mutations of four real images, recorded through
//! distribution 2.8, podman 4.3, skopeo 1.9 and containerd 1.6 into `tests/peers/corpus.tsv`,
//! and compared with ocilint's target verdicts from that file alone (no program needed).
//!
//! - `cargo test -p ocilint-tests --test peers-corpus` (part of the native tests): regenerates
//!   every case, fails when a document's sha256 no longer matches its rows, when a case has no
//!   rows or the TSV is malformed, and prints the agreement per program and operation.
//! - Re-recording, as root with `docker-registry skopeo podman containerd` installed:
//!   `cargo test -p ocilint-tests --test peers-corpus -- --ignored record --nocapture`.

mod gen;
mod record;
mod serve;
mod tsv;

#[allow(dead_code)]
#[path = "../blobs.rs"]
mod blobs;
#[allow(dead_code)]
#[path = "../procs.rs"]
mod procs;
#[allow(dead_code)]
#[path = "../registry.rs"]
mod registry;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use ocilint_core::targets::{
    self, CopyTo, Environment, Operation, Selection, Store, Stored, TargetVerdict, UrlAnswer,
    Verdict,
};
use ocilint_core::{check, CheckOptions};

const PROFILES: [(&str, &str, &str, Operation); 5] = [
    ("distribution", "push", "distribution@v2.8", Operation::Push),
    ("podman", "pull", "podman@4.3", Operation::Pull),
    ("skopeo", "copy-oci", "podman@4.3", Operation::Copy),
    ("skopeo", "copy-dir", "podman@4.3", Operation::Copy),
    ("containerd", "pull", "containerd@1.6", Operation::Pull),
];

/// How ocilint is asked: its models told what the registry held when the corpus was recorded
/// (what the programs' outcomes turn on beyond the bytes), or `check`, which knows only the
/// bytes and leaves that to each verdict's condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mode {
    Recorded,
    Check,
}

#[derive(Debug, Default)]
struct Tally {
    rows: usize,
    agree: usize,
    unknown: usize,
    unknown_without_blobs: usize,
    wrong: usize,
    messages: usize,
    refused: usize,
    refusal_messages: usize,
}

type Checked = Result<Vec<(String, Operation, Verdict, String)>, String>;

fn selections() -> Vec<Selection> {
    ["distribution@v2.8", "podman@4.3", "containerd@1.6"]
        .iter()
        .map(|s| Selection::parse(s).expect("a known profile"))
        .collect()
}

fn summarised(verdicts: &[TargetVerdict]) -> Vec<(String, Operation, Verdict, String)> {
    verdicts
        .iter()
        .map(|t| {
            (
                format!("{}@{}", t.target, t.version),
                t.operation,
                t.verdict,
                t.message.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn ocilint_verdicts(bytes: &[u8], content_type: Option<&str>) -> Checked {
    let options = CheckOptions {
        content_type: content_type.map(str::to_owned),
        targets: selections(),
        ..Default::default()
    };
    let report = std::panic::catch_unwind(|| check(bytes, &options))
        .map_err(|_| "ocilint panicked".to_owned())?;
    Ok(summarised(&report.targets))
}

fn modelled_verdicts(
    bytes: &[u8],
    content_type: Option<&str>,
    environment: &Environment,
) -> Checked {
    let verdicts = std::panic::catch_unwind(|| {
        targets::modelled_verdicts(bytes, content_type, &selections(), environment)
    })
    .map_err(|_| "ocilint panicked".to_owned())?;
    Ok(summarised(&verdicts))
}

/// What every case's repository held when it was recorded (`record.rs` uploads the blobs and
/// pushes the two child manifests before the document; the loopback server serves the same),
/// at a registry address the normalisation turns into `127.0.0.1:<port>`.
fn recorded_store(images: &gen::Images, case: &str) -> Store {
    let diff_ids = |bytes: &[u8]| {
        let config: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        let ids = config
            .pointer("/rootfs/diff_ids")
            .and_then(serde_json::Value::as_array);
        Some(
            ids.into_iter()
                .flatten()
                .filter_map(|id| id.as_str().map(str::to_owned))
                .collect(),
        )
    };
    let blobs = images.blobs().into_iter().map(|(digest, bytes)| Stored {
        digest,
        size: bytes.len() as u64,
        manifest_media_type: None,
        diff_ids: diff_ids(&bytes),
        gzip: bytes.starts_with(&[0x1f, 0x8b]),
    });
    let children = images
        .children()
        .into_iter()
        .map(|(digest, media_type, bytes)| Stored {
            digest,
            size: bytes.len() as u64,
            manifest_media_type: Some(media_type.to_owned()),
            diff_ids: None,
            gzip: false,
        });
    Store {
        address: "127.0.0.1:5000".to_owned(),
        repository: record::repo_of(case),
        contents: blobs.chain(children).collect(),
    }
}

fn compare() -> String {
    let images = gen::Images::new();
    let cases = gen::cases(&images);
    let text = std::fs::read_to_string(tsv::path()).expect("tests/peers/corpus.tsv");
    let rows = tsv::read(&text).unwrap_or_else(|e| panic!("tests/peers/corpus.tsv: {e}"));
    let by_name: HashMap<&str, &gen::Case> = cases.iter().map(|c| (c.name.as_str(), c)).collect();

    // Every row names a case whose regenerated bytes have the recorded digest.
    let mut drift = Vec::new();
    let mut seen: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    for row in &rows {
        let Some(case) = by_name.get(row.case.as_str()) else {
            drift.push(format!("{}: no such case in the generator", row.case));
            continue;
        };
        if case.sha256() != row.sha256 {
            drift.push(format!(
                "{}: generated sha256:{}, recorded sha256:{}",
                row.case,
                case.sha256(),
                row.sha256
            ));
        }
        let sent = case.content_type.as_deref().unwrap_or(tsv::NONE);
        if row.content_type_sent != sent {
            drift.push(format!(
                "{}: Content-Type {sent:?}, recorded {:?}",
                row.case, row.content_type_sent
            ));
        }
        seen.entry(row.case.as_str())
            .or_default()
            .push((row.program.as_str(), row.operation.as_str()));
    }
    for case in &cases {
        let got = seen.get(case.name.as_str()).cloned().unwrap_or_default();
        for (program, operation, _, _) in PROFILES {
            let n = got
                .iter()
                .filter(|(p, o)| *p == program && *o == operation)
                .count();
            if n != 1 {
                drift.push(format!(
                    "{}: {n} rows for {program} {operation} (re-record: see tests/peers/README.md)",
                    case.name
                ));
            }
        }
    }
    assert!(
        drift.is_empty(),
        "the corpus no longer matches tests/peers/corpus.tsv ({} problems; re-record, see \
         tests/peers/README.md):\n{}",
        drift.len(),
        drift
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );

    let normalizer = tsv::Normalizer {
        labels: images
            .labels()
            .into_iter()
            .map(|(h, l)| (h, l.to_owned()))
            .collect(),
        scratch: None,
    };
    let mut checked: HashMap<(String, String), Checked> = HashMap::new();
    let mut modelled: HashMap<(String, String, &str), Checked> = HashMap::new();
    let mut tallies: BTreeMap<(Mode, usize), Tally> = BTreeMap::new();
    let mut detail = String::from(
        "case\tprogram\toperation\trecorded\tblobs\tmodels\tmodels_agree\tmodels_message_agrees\tcheck\tcheck_agree\trecorded_error\tmodels_message\tcheck_message\n",
    );
    for row in &rows {
        let Some(slot) = PROFILES
            .iter()
            .position(|(p, o, _, _)| *p == row.program && *o == row.operation)
        else {
            panic!(
                "{}: unknown program/operation {} {}",
                row.case, row.program, row.operation
            );
        };
        let (_, _, profile, operation) = PROFILES[slot];
        let case = by_name[row.case.as_str()];
        let content_type = if row.operation == "push" {
            row.content_type_sent.clone()
        } else {
            row.content_type_served.clone()
        };
        let ct = Some(if content_type == tsv::NONE {
            ""
        } else {
            content_type.as_str()
        });
        let recorded = modelled
            .entry((
                row.case.clone(),
                content_type.clone(),
                row.operation.as_str(),
            ))
            .or_insert_with(|| {
                let environment = Environment {
                    store: Some(recorded_store(&images, &row.case)),
                    copy_to: if row.operation == "copy-dir" {
                        CopyTo::Dir
                    } else {
                        CopyTo::OciLayout
                    },
                    // The recording's containerd keeps its root in `c/root` of the scratch
                    // folder, which the recorded texts write as `<tmp>`.
                    containerd_root: Some("<tmp>/c/root".to_owned()),
                    urls: vec![(gen::CLOSED_URL.to_owned(), UrlAnswer::ConnectionRefused)],
                };
                modelled_verdicts(&case.bytes, ct, &environment)
            })
            .clone();
        let by_check = checked
            .entry((row.case.clone(), content_type.clone()))
            .or_insert_with(|| ocilint_verdicts(&case.bytes, ct))
            .clone();
        let mut cells = Vec::with_capacity(2);
        for (mode, verdicts) in [(Mode::Recorded, recorded), (Mode::Check, by_check)] {
            let tally = tallies.entry((mode, slot)).or_default();
            tally.rows += 1;
            let (verdict, message) = match &verdicts {
                Ok(v) => v
                    .iter()
                    .find(|(t, o, _, _)| t == profile && *o == operation)
                    .map(|(_, _, v, m)| (Some(*v), m.clone()))
                    .unwrap_or((Some(Verdict::Unknown), String::new())),
                Err(e) => (None, e.clone()),
            };
            let accepted = row.outcome == "accept";
            let agree = match verdict {
                Some(Verdict::Accept | Verdict::Warn) => accepted,
                Some(Verdict::Reject) => !accepted,
                Some(Verdict::Unknown) => {
                    tally.unknown += 1;
                    if row.blobs == "no" {
                        tally.unknown_without_blobs += 1;
                    }
                    false
                }
                None => false,
            };
            if agree {
                tally.agree += 1;
            } else if verdict != Some(Verdict::Unknown) {
                tally.wrong += 1;
            }
            let repo = record::repo_of(&row.case);
            let predicted_message = normalizer.apply(&message, &repo, &row.sha256);
            let message_agrees = agree && (accepted || predicted_message == row.first_error);
            if message_agrees {
                tally.messages += 1;
            }
            if !accepted {
                tally.refused += 1;
                if message_agrees {
                    tally.refusal_messages += 1;
                }
            }
            cells.push((
                verdict.map_or("panic".to_owned(), |v| v.as_str().to_owned()),
                agree,
                message_agrees,
                predicted_message.replace(['\t', '\n'], " "),
            ));
        }
        let yes = |b: bool| if b { "yes" } else { "no" };
        let (models, check) = (&cells[0], &cells[1]);
        let _ = writeln!(
            detail,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            row.case,
            row.program,
            row.operation,
            row.outcome,
            row.blobs,
            models.0,
            yes(models.1),
            yes(models.2),
            check.0,
            yes(check.1),
            row.first_error.replace(['\t', '\n'], " "),
            models.3,
            check.3,
        );
    }

    let mut summary = String::new();
    for ((mode, slot), t) in &tallies {
        let (program, operation, profile, compared) = PROFILES[*slot];
        let how = match mode {
            Mode::Recorded => "models, registry as recorded",
            Mode::Check => "check, registry unknown",
        };
        let version = rows
            .iter()
            .find(|r| r.program == program && r.operation == operation)
            .map(|r| r.version.as_str())
            .unwrap_or("?");
        let _ = writeln!(
            summary,
            "peers corpus: {program} {version} {operation} vs {profile} {} ({how}): verdicts {}/{} agree, \
             {} unknown ({} of them not depending on blobs), {} wrong; messages {}/{} \
             ({}/{} of the refusals)",
            compared.as_str(),
            t.agree,
            t.rows,
            t.unknown,
            t.unknown_without_blobs,
            t.wrong,
            t.messages,
            t.rows,
            t.refusal_messages,
            t.refused
        );
    }
    let dir = ocilint_tests::repo_root().join("target/peers");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join("corpus-comparison.tsv"), detail);
        let _ = std::fs::write(dir.join("corpus-summary.txt"), &summary);
    }
    format!(
        "peers corpus: {} cases, {} rows (tests/peers/corpus.tsv)\n{summary}",
        cases.len(),
        rows.len()
    )
}

/// The comparison, from the TSV alone. Fails only on drift (a regenerated document whose
/// digest is not the recorded one, a case without rows) or a malformed TSV, never on low
/// agreement: the figures are printed (and written to `target/peers/corpus-summary.txt`).
#[test]
fn corpus() {
    // Deeply nested cases need a deep stack in a recursive parser.
    let summary = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(compare)
        .expect("a thread")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
    print!("{summary}");
}

/// The generator is deterministic and gives several hundred distinct cases.
#[test]
fn generator() {
    let images = gen::Images::new();
    let a = gen::cases(&images);
    let b = gen::cases(&gen::Images::new());
    assert!(a.len() >= 500, "only {} cases", a.len());
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.name, y.name);
        assert_eq!(x.bytes, y.bytes, "{}", x.name);
    }
}

/// How the first error of podman and skopeo is taken from a Go error chain.
#[test]
fn innermost_error() {
    for (chain, innermost) in [
        (
            "initializing source docker://h/r:t: reading manifest t in h/r: manifest unknown: manifest unknown",
            "manifest unknown",
        ),
        (
            "parsing primary manifest as list for docker://h/r:t: unmarshaling OCI1Index \"{\\n   \\\"manifests\\\": 1\\n}\": json: cannot unmarshal number into Go struct field OCI1Index.manifests of type []v1.Descriptor",
            "json: cannot unmarshal number into Go struct field OCI1Index.manifests of type []v1.Descriptor",
        ),
        (
            "choosing image instance: unsupported docker v2s2 media type: \"application/json\"",
            "unsupported docker v2s2 media type: \"application/json\"",
        ),
        ("reading blob sha256:x: EOF", "reading blob sha256:x: EOF"),
        ("x: a \"b: c d", "c d"),
    ] {
        assert_eq!(record::innermost(chain), innermost, "{chain}");
    }
}

/// Re-records `tests/peers/corpus.tsv` through the real programs (root; see the README).
#[test]
#[ignore = "needs root and docker-registry, skopeo, podman, containerd; see tests/peers/README.md"]
fn record() {
    record::record();
}
