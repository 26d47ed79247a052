//! `--format sarif`: SARIF 2.1.0, one run, for GitHub code scanning and other SARIF viewers.
//!
//! The rules array holds every rule's metadata (so a viewer can show help for any result), the
//! results point at their regions, and each input is an artifact whose properties carry the
//! document's kind, media type, digest and the targets' verdicts. Columns are in UTF-16 code
//! units (SARIF's default `columnKind`, stated explicitly), computed from the diagnostics'
//! `utf16Range` and the line starts; `byteOffset`/`byteLength` give the exact bytes.

use std::collections::HashMap;
use std::io::{self, Write};

use ocilint_core::text::LineIndex;
use ocilint_core::{rules, Diagnostic, Severity, TextRange};
use serde::ser::{SerializeSeq, Serializer};
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::Checked;

/// The official schema of SARIF 2.1.0 (OASIS Standard, Errata 01).
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

pub(crate) fn write(out: &mut impl Write, checked: &[Checked]) -> io::Result<()> {
    super::pretty::to_writer_pretty(&mut *out, &log(checked))?;
    writeln!(out)
}

/// The log, whose results are made one at a time as they are written: a result as a
/// `serde_json::Value` is a few kilobytes of maps, so holding them all cost memory in
/// proportion to the diagnostics (235 MB for 10,000) on top of the reports themselves.
/// Every object's keys are in sorted order, as `serde_json::Value`'s maps write them.
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    artifacts: Vec<Value>,
    column_kind: &'static str,
    results: Results<'a>,
    tool: Value,
}

/// Every input's diagnostics as SARIF results, made as they are serialized.
struct Results<'a> {
    checked: &'a [Checked],
    /// Each rule's index in the driver's `rules`, by code.
    rule_indexes: HashMap<&'static str, usize>,
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let count = self
            .checked
            .iter()
            .map(|f| f.report.diagnostics.len())
            .sum();
        let mut seq = serializer.serialize_seq(Some(count))?;
        for (index, file) in self.checked.iter().enumerate() {
            let positions = Utf16Lines::new(&file.bytes);
            for d in &file.report.diagnostics {
                let rule_index = self.rule_indexes.get(d.code).copied();
                seq.serialize_element(&result(d, &file.name, index, rule_index, &positions))?;
            }
        }
        seq.end()
    }
}

fn log(checked: &[Checked]) -> Log<'_> {
    let all: Vec<(&str, &rules::Rule)> = rules::all().collect();
    let rules: Vec<Value> = all
        .iter()
        .map(|(group, rule)| rule_json(group, rule))
        .collect();
    let mut rule_indexes = HashMap::with_capacity(all.len());
    for (index, (_, rule)) in all.iter().enumerate() {
        // The first rule of a code, as a search from the start found it.
        rule_indexes.entry(rule.meta.code).or_insert(index);
    }
    let artifacts = checked
        .iter()
        .map(|file| {
            let report = &file.report;
            json!({
                "location": { "uri": uri(&file.name) },
                "length": report.size,
                "hashes": { "sha-256": report.digest.trim_start_matches("sha256:") },
                "properties": {
                    "kind": report.kind,
                    "role": report.role,
                    "convention": report.convention,
                    "mediaType": report.media_type,
                    "digest": report.digest,
                    "targets": report.targets,
                    "attachments": report.attachments,
                },
            })
        })
        .collect();
    Log {
        schema: SCHEMA,
        runs: [Run {
            artifacts,
            column_kind: "utf16CodeUnits",
            results: Results {
                checked,
                rule_indexes,
            },
            tool: json!({
                "driver": {
                    "name": "ocilint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            }),
        }],
        version: "2.1.0",
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_json(group: &str, rule: &rules::Rule) -> Value {
    let m = &rule.meta;
    json!({
        "id": m.code,
        "name": m.name,
        "shortDescription": { "text": m.summary },
        "fullDescription": { "text": m.why },
        "help": { "text": m.how_to_fix, "markdown": m.how_to_fix },
        "helpUri": m.url,
        "defaultConfiguration": { "level": level(m.severity) },
        "properties": {
            "tags": [group],
            "group": group,
            "fix": m.fix.as_str(),
            "covers": m.covers,
            "fixAvailability": m.fix.availability(),
            "since": m.since,
            "specVersions": m.spec_versions,
        },
    })
}

fn result(
    d: &Diagnostic,
    file: &str,
    artifact: usize,
    rule_index: Option<usize>,
    positions: &Utf16Lines<'_>,
) -> Value {
    let mut location = json!({
        "physicalLocation": physical(file, artifact, d.range, d.utf16_range, d.line, d.end_line, positions),
    });
    if !d.pointer.is_empty() {
        location["logicalLocations"] = json!([logical(&d.pointer)]);
    }
    let mut result = Map::new();
    result.insert("ruleId".into(), d.code.into());
    if let Some(index) = rule_index {
        result.insert("ruleIndex".into(), index.into());
    }
    result.insert("level".into(), level(d.severity).into());
    result.insert("message".into(), json!({ "text": d.message }));
    result.insert("locations".into(), json!([location]));
    if !d.related.is_empty() {
        let related: Vec<Value> = d
            .related
            .iter()
            .enumerate()
            .map(|(id, r)| {
                let end_line = positions.line_of(r.range.end);
                let mut related = json!({
                    "id": id,
                    "message": { "text": r.message },
                    "physicalLocation": physical(file, artifact, r.range, r.utf16_range, r.line, end_line, positions),
                });
                if !r.pointer.is_empty() {
                    related["logicalLocations"] = json!([logical(&r.pointer)]);
                }
                related
            })
            .collect();
        result.insert("relatedLocations".into(), related.into());
    }
    result.insert(
        "properties".into(),
        json!({ "pointer": d.pointer, "rule": d.rule }),
    );
    Value::Object(result)
}

fn physical(
    file: &str,
    artifact: usize,
    range: TextRange,
    utf16: TextRange,
    line: u32,
    end_line: u32,
    positions: &Utf16Lines<'_>,
) -> Value {
    json!({
        "artifactLocation": { "uri": uri(file), "index": artifact },
        "region": {
            "startLine": line,
            "startColumn": positions.column(line, utf16.start),
            "endLine": end_line,
            "endColumn": positions.column(end_line, utf16.end),
            "byteOffset": range.start,
            "byteLength": range.end.saturating_sub(range.start),
        },
    })
}

/// The JSON Pointer as a logical location: its last token names it.
fn logical(pointer: &str) -> Value {
    let name = pointer
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .replace("~1", "/")
        .replace("~0", "~");
    json!({ "name": name, "fullyQualifiedName": pointer, "kind": "value" })
}

/// The file as given, as a URI reference: `-` stays `-` (standard input), path separators stay,
/// and characters a URI path cannot hold (spaces, `%`, `#`, `?`, non-ASCII…) are percent-encoded,
/// as is `:` (so that `c:x.json` is not read as a scheme).
pub(crate) fn uri(file: &str) -> String {
    // A registry reference is already an absolute URI, and is kept as given.
    if crate::registry::is_reference(file) {
        return file.to_owned();
    }
    let mut uri = String::with_capacity(file.len());
    for byte in file.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => uri.push(byte as char),
            b'-' | b'.' | b'_' | b'~' | b'/' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')' => {
                uri.push(byte as char)
            }
            b'*' | b'+' | b',' | b';' | b'=' | b'@' => uri.push(byte as char),
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

/// Line starts of one input, to turn UTF-16 offsets into 1-based UTF-16 columns.
struct Utf16Lines<'a> {
    index: LineIndex<'a>,
    /// Byte offset of each line's start (lines end at `\n`, as the diagnostics' lines do).
    starts: Vec<u32>,
}

impl<'a> Utf16Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let starts = std::iter::once(0)
            .chain(
                bytes
                    .iter()
                    .enumerate()
                    .filter(|(_, &b)| b == b'\n')
                    .map(|(i, _)| i as u32 + 1),
            )
            .collect();
        Utf16Lines {
            index: LineIndex::new(bytes),
            starts,
        }
    }

    /// The 1-based line holding this byte offset.
    fn line_of(&self, offset: u32) -> u32 {
        self.starts.partition_point(|&start| start <= offset) as u32
    }

    /// The 1-based UTF-16 column of a UTF-16 offset on a 1-based line.
    fn column(&self, line: u32, utf16_offset: u32) -> u32 {
        let start = self.starts[(line as usize).clamp(1, self.starts.len()) - 1];
        utf16_offset.saturating_sub(self.index.utf16_offset(start)) + 1
    }
}
