//! Who can load an image: the committed archives of `tests/fixtures/images/made`, as they are
//! and broken one way at a time, given to the real loaders (podman 4.3 `load`, skopeo 1.9
//! `copy` from `oci:`, `oci-archive:` and `docker-archive:`, containerd 1.6 `ctr images import`
//! with and without `--all-platforms`, dockerd 20.10 `docker load`), the outcomes recorded in
//! `tests/peers/loaders.tsv`, and compared with ocilint's loader verdicts from that file alone.
//!
//! - `cargo test -p ocilint-tests --test peers-loaders` (no program needed): regenerates every
//!   case, fails when a case's sha256 no longer matches its rows, and compares.
//! - Re-recording, as root with `podman skopeo containerd docker.io` installed:
//!   `cargo test -p ocilint-tests --test peers-loaders -- --ignored record --nocapture`.

mod cases;
mod record;
mod tsv;

#[allow(dead_code)]
#[path = "../procs.rs"]
mod procs;

use cases::{Case, Form};
use ocilint_core::rewrite::{repair_layout, LayoutRequest};

/// Every case the loaders are given: the committed archives, their breaks, and some of
/// the breaks repaired by `ocilint fix` (core's `repair_layout`, written in as the CLI does:
/// `index.json` replaced, the new blobs appended).
pub(crate) fn every_case() -> Vec<Case> {
    let mut all = cases::all();
    let repairs: [(&str, &str, LayoutRequest); 9] = [
        (
            "buildah-multi-archive.tar/docker29-shape",
            "for containerd",
            for_loader("containerd"),
        ),
        (
            "buildah-multi-layout/flat",
            "platform linux/amd64",
            platform("linux/amd64"),
        ),
        (
            "buildah-multi-archive.tar/flat",
            "platform linux/amd64",
            platform("linux/amd64"),
        ),
        (
            "buildah-multi-layout/flat",
            "for podman",
            for_loader("podman"),
        ),
        (
            "buildah-multi-archive.tar/flat",
            "for podman",
            for_loader("podman"),
        ),
        (
            "buildah-multi-archive.tar/sparse",
            "for containerd",
            for_loader("containerd"),
        ),
        (
            "buildah-multi-layout/sparse",
            "for containerd",
            for_loader("containerd"),
        ),
        (
            "skopeo-oci-archive.tar/dangling",
            "for podman",
            for_loader("podman"),
        ),
        (
            "podman-oci-dir/size-off-by-one",
            "for podman",
            for_loader("podman"),
        ),
    ];
    for (base, what, request) in repairs {
        let case = all
            .iter()
            .find(|c| c.name == base)
            .unwrap_or_else(|| panic!("no case {base}"))
            .clone();
        let repair = repair_layout(&layout(&case), &request);
        assert!(
            repair.changed(),
            "{base}: nothing repaired ({:?})",
            repair.refused
        );
        let mut image = case.image.clone();
        if let Some(index) = repair.index_json {
            *image.bytes_mut("index.json") = index;
        }
        for (path, bytes) in repair.added {
            if !image.has(&path) {
                image.put(&path, bytes);
            }
        }
        let bytes = image.tar();
        all.push(Case {
            name: format!("{base}+fix {what}"),
            image,
            bytes,
            ..case
        });
    }
    all
}

fn platform(platform: &str) -> LayoutRequest {
    LayoutRequest {
        platforms: vec![platform.to_owned()],
        drop_absent: true,
        shape: None,
    }
}

fn for_loader(loader: &str) -> LayoutRequest {
    LayoutRequest::for_loader(loader).unwrap()
}

/// The programs and operations a case is given to: a folder to `podman load` and `skopeo copy
/// oci:`; a tar also to containerd and dockerd.
pub(crate) fn operations(case: &Case) -> Vec<(&'static str, &'static str)> {
    let copy = match record::transport(case) {
        "oci" => "copy oci:",
        "docker-archive" => "copy docker-archive:",
        _ => "copy oci-archive:",
    };
    let mut out = vec![("podman", "load"), ("skopeo", copy)];
    if matches!(case.form, Form::Tar(_)) {
        out.extend([
            ("containerd", "import"),
            ("containerd", "import --all-platforms"),
            ("dockerd", "load"),
        ]);
    }
    out
}

#[test]
#[ignore = "runs the real loaders as root; re-records tests/peers/loaders.tsv"]
fn record() {
    record::record();
}

/// The cases are deterministic: made twice, the same bytes.
#[test]
fn cases_are_deterministic() {
    let first: Vec<(String, String)> = every_case()
        .iter()
        .map(|c| (c.name.clone(), c.sha256()))
        .collect();
    let second: Vec<(String, String)> = every_case()
        .iter()
        .map(|c| (c.name.clone(), c.sha256()))
        .collect();
    assert_eq!(first, second);
    println!("{} cases", first.len());
}

/// A case as ocilint's CLI reads it: each member scanned, links kept, the container named.
fn layout(case: &Case) -> ocilint_core::image::Layout {
    use ocilint_core::image::{Container, Layout};
    let mut layout = Layout::new(format!("{}!/", case.name));
    for (path, member) in &case.image.members {
        let Ok(path) = ocilint_core::blob::member_path(path) else {
            continue;
        };
        match member {
            cases::Member::File(bytes) => {
                layout.add(&path, ocilint_core::blob::Scanned::of(&path, bytes))
            }
            cases::Member::Symlink(target) => layout.add_link(&path, target, true),
        }
    }
    layout.set_container(match case.form {
        Form::Folder => Container::Folder,
        Form::Tar(cases::Compression::Plain) => Container::Tar,
        Form::Tar(cases::Compression::Gzip) => Container::TarGzip,
        Form::Tar(cases::Compression::Zstd) => Container::TarZstd,
    });
    layout
}

/// ocilint's verdict for a recorded program and operation.
fn ocilint_verdict<'v>(
    verdicts: &'v [ocilint_core::image::LoaderVerdict],
    program: &str,
    operation: &str,
) -> Option<&'v ocilint_core::image::LoaderVerdict> {
    verdicts.iter().find(|v| match program {
        "podman" => v.command == "podman load" && operation == "load",
        "skopeo" => v.target == "podman" && v.operation == operation,
        "dockerd" => v.target == "dockerd" && v.version == "20.10" && v.operation == operation,
        _ => v.target == program && v.operation == operation,
    })
}

/// The recorded first error with what differs from run to run and between the programs'
/// wrappings taken out: the folder before `/blobs/` (`<layout>`), docker's temporary folder.
fn normalise_recorded(text: &str) -> String {
    let mut out = text.replace("<tmp>/d/root/tmp/docker-import-<n>/", "<tmp>/");
    // The first `open <path>/blobs/sha256/…` only: enough for every message recorded.
    if let Some(blobs) = out.find("/blobs/sha256/") {
        if let Some(open) = out[..blobs].rfind("open ") {
            if !out[open + 5..blobs].contains(' ') {
                out.replace_range(open + 5..blobs, "<layout>");
            }
        }
    }
    out
}

/// Recorded refusals whose first error the models word differently, by the suffix of a
/// `docker save` case's name and the program, with why (also in tests/peers/README.md,
/// "Loaders").
pub(crate) const MESSAGE_DIFFERENCES: [(&str, &str, &str); 2] = [
    (
        "/corrupt-byte",
        "containerd",
        "a byte flipped in the middle of an uncompressed layer: containerd stops at the tar header it cannot read (`archive/tar: invalid tar header`) before comparing the diff_id ocilint names; which comes first depends on where the byte falls, which ocilint does not parse for",
    ),
    (
        "/corrupt-byte",
        "dockerd",
        "the same for dockerd (`ApplyLayer exit status 1 stdout:  stderr: archive/tar: invalid tar header`)",
    ),
];

fn known_difference(case: &Case, program: &str) -> bool {
    case.docker
        && MESSAGE_DIFFERENCES
            .iter()
            .any(|(suffix, p, _)| case.name.ends_with(suffix) && *p == program)
}

/// The agreement table, as Markdown: a row per case, a column per program and operation,
/// each cell the recorded outcome and whether ocilint's verdict agrees (`=`) or not (`≠`).
fn print_matrix(rows: &[tsv::Row], cases: &[Case]) {
    const COLUMNS: [(&str, &str); 7] = [
        ("podman", "load"),
        ("skopeo", "copy oci:"),
        ("skopeo", "copy oci-archive:"),
        ("skopeo", "copy docker-archive:"),
        ("containerd", "import"),
        ("containerd", "import --all-platforms"),
        ("dockerd", "load"),
    ];
    println!("| case | podman load | skopeo copy oci: | skopeo copy oci-archive: | skopeo copy docker-archive: | ctr import | ctr import --all-platforms | docker load 20.10 |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for case in cases {
        let verdicts = ocilint_core::image::loaders::judge(&layout(case));
        let cells: Vec<String> = COLUMNS
            .iter()
            .map(|(program, operation)| {
                let Some(row) = rows.iter().find(|r| {
                    r.case == case.name && r.program == *program && r.operation == *operation
                }) else {
                    return "".to_owned();
                };
                let ours = ocilint_verdict(&verdicts, program, operation)
                    .map(|v| v.verdict.as_str())
                    .unwrap_or("none");
                let accepted = matches!(ours, "accept" | "warn");
                let agree = accepted == (row.outcome == "accept");
                format!("{} {}", row.outcome, if agree { "=" } else { "≠" })
            })
            .collect();
        println!("| `{}` | {} |", case.name, cells.join(" | "));
    }
}

#[test]
fn loaders_agree_with_the_recorded_outcomes() {
    let text = std::fs::read_to_string(tsv::path()).expect("tests/peers/loaders.tsv");
    let rows = tsv::read(&text).unwrap_or_else(|e| panic!("tests/peers/loaders.tsv: {e}"));
    let cases = every_case();
    let mut verdicts_agree = 0;
    let mut messages_agree = 0;
    let mut refused = 0;
    let mut wrong = Vec::new();
    let mut worded = Vec::new();
    let mut table: std::collections::BTreeMap<(String, String), (usize, usize)> =
        std::collections::BTreeMap::new();
    for case in &cases {
        let case_rows: Vec<&tsv::Row> = rows.iter().filter(|r| r.case == case.name).collect();
        assert!(
            !case_rows.is_empty(),
            "{}: no rows in loaders.tsv (re-record)",
            case.name
        );
        let sha = case.sha256();
        let layout = layout(case);
        let verdicts = ocilint_core::image::loaders::judge(&layout);
        for row in case_rows {
            assert_eq!(
                row.sha256, sha,
                "{}: the case's bytes changed since it was recorded (re-record)",
                case.name
            );
            let Some(ours) = ocilint_verdict(&verdicts, &row.program, &row.operation) else {
                panic!(
                    "{}: ocilint has no verdict for {} {}",
                    case.name, row.program, row.operation
                );
            };
            let accepted = matches!(
                ours.verdict,
                ocilint_core::targets::Verdict::Accept | ocilint_core::targets::Verdict::Warn
            );
            let agree = accepted == (row.outcome == "accept");
            let cell = table
                .entry((row.program.clone(), row.operation.clone()))
                .or_default();
            cell.1 += 1;
            if agree {
                verdicts_agree += 1;
                cell.0 += 1;
            } else {
                wrong.push(format!(
                    "{} · {} {}: recorded {} ({}), ocilint {} ({})",
                    case.name,
                    row.program,
                    row.operation,
                    row.outcome,
                    row.first_error,
                    ours.verdict.as_str(),
                    ours.message.as_deref().unwrap_or("")
                ));
            }
            if row.outcome == "reject" && !accepted {
                refused += 1;
                let recorded = normalise_recorded(&row.first_error);
                let message = ours.message.as_deref().unwrap_or("");
                if !message.is_empty() && recorded.contains(message) {
                    messages_agree += 1;
                } else if !known_difference(case, &row.program) {
                    worded.push(format!(
                        "{} · {} {}:\n    recorded: {recorded}\n    ocilint:  {message}",
                        case.name, row.program, row.operation
                    ));
                }
            }
        }
    }
    print_matrix(&rows, &cases);
    println!("loader × operation: verdicts agreeing / rows");
    for ((program, operation), (agree, all)) in &table {
        println!("  {program:<11} {operation:<24} {agree:>3} / {all}");
    }
    println!(
        "verdicts: {verdicts_agree} / {} agree; first errors of refusals: {messages_agree} / {refused} agree",
        rows.len()
    );
    for line in &worded {
        println!("worded differently: {line}");
    }
    assert!(
        wrong.is_empty(),
        "verdicts that disagree:\n{}",
        wrong.join("\n")
    );
    assert!(
        worded.is_empty(),
        "{} first errors worded differently (listed above)",
        worded.len()
    );
}
