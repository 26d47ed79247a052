//! What must hold for any input at all, written once for both the fuzz targets (`fuzz/`, which
//! include this file by path) and the property tests (`core/tests/properties.rs`): no panic,
//! every position inside the input, UTF-16 ranges and line/column consistent with the byte
//! ranges, fixes that keep the document parseable and settle, and a Docker → OCI → Docker
//! round trip that gives back the bytes when nothing is reported lost.
//!
//! Each function panics (an assertion) when an invariant breaks, which both libFuzzer and
//! proptest report with the input.

#![allow(dead_code, unreachable_pub)]

use ocilint_core::bundle::{check_bundle, BundleInput};
use ocilint_core::fix::apply_edits;
use ocilint_core::json::{self, IssueKind, Node, Value};
use ocilint_core::rewrite::{self, Input, Request, RewriteReport};
use ocilint_core::spec::{media_types, uri};
use ocilint_core::text::TextRange;
use ocilint_core::transform::convert::Format;
use ocilint_core::{check, digest, CheckOptions, FixSafety, Report};

/// The platform given to fixes and splits that need one.
pub const PLATFORM: &str = "linux/amd64";

/// Media types a `Content-Type` header may name, for targets that choose one.
pub const CONTENT_TYPES: [&str; 8] = [
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.oci.image.config.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.container.image.v1+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws",
    "application/json; charset=utf-8",
];

/// The parser alone: every node and issue range lies inside the input, children inside their
/// parents, and a tree exists unless a fatal issue says why not.
pub fn parse_holds(bytes: &[u8]) {
    let arena = ocilint_core::json::Arena::new();
    let parsed = json::parse(bytes, &arena);
    let len = bytes.len();
    for issue in &parsed.issues {
        range_inside(issue.range, len, "parser issue");
    }
    match &parsed.document.root {
        Some(root) => {
            range_inside(root.range, len, "root");
            let mut open: Vec<&Node> = vec![root];
            while let Some(node) = open.pop() {
                let children: Vec<&Node> = match &node.value {
                    Value::Array(items) => items.iter().collect(),
                    Value::Object(members) => {
                        for member in members.iter() {
                            let key = parsed.document.key_range(member);
                            range_within(key, node.range, "key");
                            // Worked out, not stored: it must still be the key's quotes,
                            // before its value.
                            assert!(
                                bytes[key.start as usize] == b'"'
                                    && bytes[key.end as usize - 1] == b'"'
                                    && key.end <= member.value.range.start,
                                "key {key:?} of a value at {:?}",
                                member.value.range
                            );
                        }
                        members.iter().map(|m| &m.value).collect()
                    }
                    _ => Vec::new(),
                };
                for child in children {
                    range_within(child.range, node.range, "child");
                    open.push(child);
                }
            }
        }
        None => assert!(
            parsed
                .issues
                .iter()
                .any(|i| matches!(i.kind, IssueKind::Syntax | IssueKind::TooDeep)),
            "no tree and no fatal issue: {:?}",
            parsed.issues
        ),
    }
}

/// `check` of `bytes`, with its report's positions checked.
pub fn check_holds(bytes: &[u8], content_type: Option<&str>) -> Report {
    let options = CheckOptions {
        content_type: content_type.map(str::to_owned),
        ..Default::default()
    };
    let report = check(bytes, &options);
    report_holds(bytes, &report);
    report
}

/// A report describes exactly `bytes`: its digest and size, and every range (diagnostics,
/// related places, fix edits) inside it with UTF-16 ranges and line/column that agree.
pub fn report_holds(bytes: &[u8], report: &Report) {
    assert_eq!(report.digest, digest::sha256(bytes));
    assert_eq!(report.size, bytes.len() as u64);
    let text = std::str::from_utf8(bytes).ok();
    for d in &report.diagnostics {
        position_holds(bytes, text, d.range, d.utf16_range, d.code);
        let (line, column) = line_column(bytes, d.range.start as usize);
        assert_eq!((d.line, d.column), (line, column), "{} start", d.code);
        let (end_line, end_column) = line_column(bytes, d.range.end as usize);
        assert_eq!(
            (d.end_line, d.end_column),
            (end_line, end_column),
            "{} end",
            d.code
        );
        for related in &d.related {
            position_holds(bytes, text, related.range, related.utf16_range, d.code);
        }
        if let Some(fix) = &d.fix {
            let mut previous_end = 0;
            for edit in &fix.edits {
                position_holds(bytes, text, edit.range, edit.utf16_range, d.code);
                assert!(
                    edit.range.start >= previous_end,
                    "{}: fix edits out of order or overlapping: {:?}",
                    d.code,
                    fix.edits
                );
                previous_end = edit.range.end;
            }
        }
    }
}

fn position_holds(
    bytes: &[u8],
    text: Option<&str>,
    range: TextRange,
    utf16: TextRange,
    code: &str,
) {
    range_inside(range, bytes.len(), code);
    assert!(utf16.start <= utf16.end, "{code}: UTF-16 range {utf16:?}");
    // Only valid UTF-8 has one UTF-16 reading to compare with; elsewhere each invalid byte
    // counts as one character, which the range checks above cover.
    if let Some(text) = text {
        let (start, end) = (range.start as usize, range.end as usize);
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "{code}: {range:?} cuts a character"
        );
        let expected_start = text[..start].encode_utf16().count() as u32;
        let expected_len = text[start..end].encode_utf16().count() as u32;
        assert_eq!(
            utf16,
            TextRange {
                start: expected_start,
                end: expected_start + expected_len
            },
            "{code}: UTF-16 range of bytes {range:?}"
        );
    }
}

/// 1-based line and column (in characters, an invalid byte counting as one) of `offset`.
fn line_column(bytes: &[u8], offset: usize) -> (u32, u32) {
    let before = &bytes[..offset];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |at| at + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before[line_start..]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count()
        + 1;
    (line as u32, column as u32)
}

fn range_inside(range: TextRange, len: usize, what: &str) {
    assert!(
        range.start <= range.end && range.end as usize <= len,
        "{what}: range {range:?} outside the {len}-byte input"
    );
}

fn range_within(inner: TextRange, outer: TextRange, what: &str) {
    assert!(
        outer.start <= inner.start && inner.end <= outer.end && inner.start <= inner.end,
        "{what}: {inner:?} not within {outer:?}"
    );
}

fn has_tree(bytes: &[u8]) -> bool {
    json::parse(bytes, &json::Arena::new())
        .document
        .root
        .is_some()
}

fn one_input(bytes: &[u8], content_type: Option<&str>) -> Vec<Input> {
    vec![Input {
        name: "document.json".into(),
        bytes: bytes.to_vec(),
        content_type: content_type.map(str::to_owned),
    }]
}

/// Fixes: each applicable fix alone applies cleanly and keeps a parseable document
/// parseable; applying them all (`ocilint fix --unsafe`) settles, and fixing the result again
/// changes nothing.
pub fn fixes_hold(bytes: &[u8], content_type: Option<&str>) {
    let options = CheckOptions {
        content_type: content_type.map(str::to_owned),
        platform: Some(PLATFORM.into()),
        ..Default::default()
    };
    let report = check(bytes, &options);
    report_holds(bytes, &report);
    let parseable = has_tree(bytes);
    for d in &report.diagnostics {
        let Some(fix) = &d.fix else { continue };
        if !matches!(fix.safety, FixSafety::Safe | FixSafety::Unsafe) {
            continue;
        }
        let fixed = apply_edits(bytes, &fix.raw_edits())
            .unwrap_or_else(|e| panic!("{}: its fix cannot be applied: {e}", d.code));
        if parseable {
            assert!(
                has_tree(&fixed),
                "{}: its fix `{}` made the document unparseable:\n{}",
                d.code,
                fix.title,
                String::from_utf8_lossy(&fixed)
            );
        }
    }
    let fix_all = Request::Fix {
        include_unsafe: true,
        only: Vec::new(),
        platform: Some(PLATFORM.into()),
        at: None,
    };
    let first = rewrite::rewrite(&one_input(bytes, content_type), &fix_all);
    rewrite_holds(&first);
    if let Some(output) = first.outputs.first() {
        if parseable {
            assert!(has_tree(output.bytes.as_bytes()), "fixed: {}", output.bytes);
        }
        let again = rewrite::rewrite(&one_input(output.bytes.as_bytes(), content_type), &fix_all);
        assert!(
            again.outputs.is_empty(),
            "fixing the fixed document changed it again (applied {:?}):\n{}",
            again.applied,
            output.bytes
        );
    }
}

/// What every rewrite must be: its outputs described by their digest and size, none refused
/// for a reason that is ocilint's own bug.
pub fn rewrite_holds(report: &RewriteReport) {
    for refused in &report.refused {
        assert!(
            !refused.why.contains("bug in ocilint")
                && !refused.why.contains("could not be applied"),
            "{}",
            refused.why
        );
    }
    for output in &report.outputs {
        assert_eq!(output.digest, digest::sha256(output.bytes.as_bytes()));
        assert_eq!(output.size, output.bytes.len() as u64);
    }
}

fn convert(bytes: &[u8], to: Format) -> (RewriteReport, Vec<u8>) {
    let report = rewrite::rewrite(
        &one_input(bytes, None),
        &Request::Convert { to, platform: None },
    );
    rewrite_holds(&report);
    let converted = report
        .outputs
        .first()
        .map_or_else(|| bytes.to_vec(), |o| o.bytes.clone().into_bytes());
    (report, converted)
}

/// Conversion both ways: outputs stay parseable; a document wholly in Docker form converted
/// to OCI and back is given back byte for byte when neither way reports a loss.
pub fn conversion_holds(bytes: &[u8]) {
    let parseable = has_tree(bytes);
    let (to_docker, _) = convert(bytes, Format::Docker);
    let (to_oci, oci) = convert(bytes, Format::Oci);
    for output in to_docker.outputs.iter().chain(&to_oci.outputs) {
        if parseable {
            assert!(has_tree(output.bytes.as_bytes()), "{}", output.bytes);
        }
    }
    let all_docker =
        to_docker.outputs.is_empty() && to_docker.refused.is_empty() && to_docker.losses.is_empty();
    if !all_docker || !to_oci.refused.is_empty() || !to_oci.losses.is_empty() {
        return;
    }
    let (back, docker) = convert(&oci, Format::Docker);
    if back.refused.is_empty() && back.losses.is_empty() {
        assert!(
            docker == bytes,
            "Docker → OCI → Docker changed the bytes with nothing reported lost:\n{}\n→\n{}\n→\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&oci),
            String::from_utf8_lossy(&docker)
        );
    }
}

/// Split: every document it writes is JSON described by its digest, and checks cleanly
/// as to positions.
pub fn split_holds(bytes: &[u8]) {
    for index in [false, true] {
        let report = rewrite::rewrite(
            &one_input(bytes, None),
            &Request::Split {
                index,
                platform: Some(PLATFORM.into()),
                config: None,
            },
        );
        rewrite_holds(&report);
        for output in &report.outputs {
            assert!(has_tree(output.bytes.as_bytes()), "{}", output.bytes);
            check_holds(output.bytes.as_bytes(), None);
        }
    }
}

/// Several documents checked together: each report holds for its own bytes, and fixing the
/// bundle (with the digest cascade) settles.
pub fn bundle_holds(documents: &[Vec<u8>]) {
    let names: Vec<String> = (0..documents.len())
        .map(|i| format!("doc-{i}.json"))
        .collect();
    let inputs: Vec<BundleInput<'_>> = documents
        .iter()
        .zip(&names)
        .map(|(bytes, name)| BundleInput { name, bytes })
        .collect();
    let reports = check_bundle(&inputs, &CheckOptions::default());
    assert_eq!(reports.len(), documents.len());
    for (bytes, report) in documents.iter().zip(&reports) {
        report_holds(bytes, report);
    }
    let inputs: Vec<Input> = documents
        .iter()
        .zip(names)
        .map(|(bytes, name)| Input {
            name,
            bytes: bytes.clone(),
            content_type: None,
        })
        .collect();
    let report = rewrite::rewrite(
        &inputs,
        &Request::Fix {
            include_unsafe: true,
            only: Vec::new(),
            platform: Some(PLATFORM.into()),
            at: None,
        },
    );
    rewrite_holds(&report);
}

/// The string parsers: digests, media types and URIs. A digest that parses is its two parts
/// around the first `:`; a valid media type is described without panicking.
pub fn strings_hold(text: &str) {
    if let Ok((algorithm, encoded)) = digest::parse(text) {
        assert_eq!(format!("{algorithm}:{encoded}"), text);
        let _ = digest::check_encoding(algorithm, encoded);
        let _ = digest::compute(algorithm, text.as_bytes());
    }
    let _ = digest::validate(text);
    let _ = media_types::check_syntax(text);
    let _ = media_types::describe(text);
    let _ = media_types::family(text);
    let _ = media_types::role(text);
    if let Some(oci) = media_types::docker_to_oci(text) {
        let _ = media_types::oci_to_docker(oci);
    }
    if let Ok(parsed) = uri::parse_uri(text) {
        assert!(text.starts_with(parsed.scheme));
    }
}
