//! Problems of one kind, together: the results list shows a kind that occurs [`GROUP_MIN`]
//! times or more as one row with a count (an index that lists one manifest 5000 times has 4,999
//! identical infos, which read as one finding, and drawn as 4,999 rows froze the page for
//! seconds). Fewer stay rows of their own, where they are in the document.
//!
//! A kind is a code, a severity and the message's shape: its words with every word that holds
//! a digit (a position, a pointer, a digest, a size) left out, so "`/manifests/3` repeats
//! `/manifests/0`" and "`/manifests/9` repeats `/manifests/0`" are one kind, while one code's
//! different sentences are not.

use std::collections::{BTreeSet, HashMap};

use ocilint_core::{Diagnostic, Report, Severity};

/// How many problems of one kind make a group; two read well as two rows.
pub(crate) const GROUP_MIN: usize = 3;

/// One row of the results list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Row {
    /// The diagnostic at this index of the report.
    One(usize),
    /// The diagnostics at these indexes, in document order: one kind. The row stands where
    /// the first of them is.
    Group(Vec<usize>),
}

/// The message with each word that holds a digit replaced by `…`.
pub(crate) fn shape(message: &str) -> String {
    let mut shaped = String::with_capacity(message.len());
    for word in message.split_whitespace() {
        if !shaped.is_empty() {
            shaped.push(' ');
        }
        if word.bytes().any(|b| b.is_ascii_digit()) {
            shaped.push('…');
        } else {
            shaped.push_str(word);
        }
    }
    shaped
}

/// The rows of the diagnostics at these indexes (in document order, as the engine sorts
/// them): each kind with [`GROUP_MIN`] members or more as one group where its first member is,
/// every other diagnostic as a row of its own. A filter or a section of the list passes the
/// indexes it shows.
pub(crate) fn rows_of(
    diagnostics: &[Diagnostic],
    indexes: impl IntoIterator<Item = usize>,
) -> Vec<Row> {
    let mut kind_of = Vec::with_capacity(diagnostics.len());
    let mut kinds: HashMap<(&str, &str, String), usize> = HashMap::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for index in indexes {
        let d = &diagnostics[index];
        let key = (d.code, d.severity.as_str(), shape(&d.message));
        let kind = *kinds.entry(key).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[kind].push(index);
        kind_of.push((index, kind));
    }
    let grouped: Vec<bool> = members.iter().map(|m| m.len() >= GROUP_MIN).collect();
    let mut rows = Vec::new();
    for (index, kind) in kind_of {
        if !grouped[kind] {
            rows.push(Row::One(index));
        } else if members[kind].first() == Some(&index) {
            rows.push(Row::Group(std::mem::take(&mut members[kind])));
        }
    }
    rows
}

/// Which problems the list shows: `None` is any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Filter {
    pub(crate) severity: Option<Severity>,
    pub(crate) code: Option<String>,
    /// A target's name: the problems its verdict names.
    pub(crate) target: Option<String>,
}

/// How the list is divided.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum GroupBy {
    /// One list, in document order.
    #[default]
    Nothing,
    Severity,
    Code,
    Target,
}

impl GroupBy {
    pub(crate) const ALL: [GroupBy; 4] = [
        GroupBy::Nothing,
        GroupBy::Severity,
        GroupBy::Code,
        GroupBy::Target,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            GroupBy::Nothing => "none",
            GroupBy::Severity => "severity",
            GroupBy::Code => "code",
            GroupBy::Target => "target",
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            GroupBy::Nothing => "nothing (document order)",
            GroupBy::Severity => "severity",
            GroupBy::Code => "code",
            GroupBy::Target => "target",
        }
    }

    pub(crate) fn parse(value: &str) -> Self {
        GroupBy::ALL
            .into_iter()
            .find(|g| g.as_str() == value)
            .unwrap_or_default()
    }
}

/// One part of the list: its heading (`None` for the undivided list) and its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Section {
    pub(crate) heading: Option<String>,
    /// The problems in it, before folding.
    pub(crate) count: usize,
    pub(crate) rows: Vec<Row>,
}

/// The codes each target's verdicts name, by target, in the report's order.
pub(crate) fn target_codes(report: &Report) -> Vec<(&'static str, BTreeSet<&'static str>)> {
    let mut out: Vec<(&'static str, BTreeSet<&'static str>)> = Vec::new();
    for verdict in &report.targets {
        if verdict.codes.is_empty() {
            continue;
        }
        match out.iter_mut().find(|(name, _)| *name == verdict.target) {
            Some((_, codes)) => codes.extend(verdict.codes.iter().copied()),
            None => out.push((verdict.target, verdict.codes.iter().copied().collect())),
        }
    }
    out
}

/// The problems `filter` lets through, divided as `group_by` says: sections in severity order,
/// by code, or by the targets whose verdicts name them (a problem two targets name is under
/// both; those no verdict names come last).
pub(crate) fn sections(report: &Report, filter: &Filter, group_by: GroupBy) -> Vec<Section> {
    let diagnostics = &report.diagnostics;
    let by_target = target_codes(report);
    let wanted_codes = filter.target.as_ref().map(|target| {
        by_target
            .iter()
            .find(|(name, _)| name == target)
            .map(|(_, codes)| codes.clone())
            .unwrap_or_default()
    });
    let kept: Vec<usize> = (0..diagnostics.len())
        .filter(|&i| {
            let d = &diagnostics[i];
            filter.severity.is_none_or(|s| d.severity == s)
                && filter.code.as_deref().is_none_or(|c| d.code == c)
                && wanted_codes
                    .as_ref()
                    .is_none_or(|codes| codes.contains(d.code))
        })
        .collect();
    let section = |heading: Option<String>, members: Vec<usize>| Section {
        heading,
        count: members.len(),
        rows: rows_of(diagnostics, members),
    };
    match group_by {
        GroupBy::Nothing => vec![section(None, kept)],
        GroupBy::Severity => [Severity::Error, Severity::Warning, Severity::Info]
            .into_iter()
            .filter_map(|severity| {
                let members: Vec<usize> = kept
                    .iter()
                    .copied()
                    .filter(|&i| diagnostics[i].severity == severity)
                    .collect();
                (!members.is_empty()).then(|| section(Some(severity.as_str().to_owned()), members))
            })
            .collect(),
        GroupBy::Code => {
            let codes: BTreeSet<&str> = kept.iter().map(|&i| diagnostics[i].code).collect();
            codes
                .into_iter()
                .map(|code| {
                    let members: Vec<usize> = kept
                        .iter()
                        .copied()
                        .filter(|&i| diagnostics[i].code == code)
                        .collect();
                    let rule = diagnostics[members[0]].rule;
                    section(Some(format!("{code} {rule}")), members)
                })
                .collect()
        }
        GroupBy::Target => {
            let mut sections: Vec<Section> = by_target
                .iter()
                .filter_map(|(target, codes)| {
                    let members: Vec<usize> = kept
                        .iter()
                        .copied()
                        .filter(|&i| codes.contains(diagnostics[i].code))
                        .collect();
                    (!members.is_empty())
                        .then(|| section(Some(format!("named by {target}'s verdict")), members))
                })
                .collect();
            let rest: Vec<usize> = kept
                .iter()
                .copied()
                .filter(|&i| {
                    !by_target
                        .iter()
                        .any(|(_, codes)| codes.contains(diagnostics[i].code))
                })
                .collect();
            if !rest.is_empty() {
                sections.push(section(
                    Some("named by no target's verdict".to_owned()),
                    rest,
                ));
            }
            sections
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// The rows of the whole list.
    fn rows(diagnostics: &[Diagnostic]) -> Vec<Row> {
        rows_of(diagnostics, 0..diagnostics.len())
    }

    fn diagnostics(document: &str) -> Vec<Diagnostic> {
        ocilint_core::check(document.as_bytes(), &Default::default()).diagnostics
    }

    /// An index that lists the same manifest for the same platform `entries` times.
    fn repeated_entries(entries: usize) -> String {
        let entry = r#"{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881","size":1000,"platform":{"architecture":"amd64","os":"linux"}}"#;
        format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{}]}}"#,
            vec![entry; entries].join(",\n")
        )
    }

    /// An index of five entries, each with an uppercase digest (an error) and no platform (a
    /// warning), the entries joined by `separator`.
    fn errors_and_warnings(separator: &str) -> String {
        let entries: Vec<String> = (0..5)
            .map(|i| {
                let digest = format!("{}{i}", "A".repeat(63));
                format!(
                    r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{digest}","size":{}}}"#,
                    100 + i
                )
            })
            .collect();
        format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{}]}}"#,
            entries.join(separator)
        )
    }

    #[wasm_bindgen_test]
    fn a_filter_keeps_its_problems_and_sections_divide_them() {
        let document = errors_and_warnings(",");
        let report = ocilint_core::check(document.as_bytes(), &Default::default());
        let count = |sections: &[Section]| sections.iter().map(|s| s.count).sum::<usize>();
        let all = sections(&report, &Filter::default(), GroupBy::Nothing);
        assert_eq!(count(&all), report.diagnostics.len());
        let errors = Filter {
            severity: Some(Severity::Error),
            ..Filter::default()
        };
        let only_errors = sections(&report, &errors, GroupBy::Nothing);
        let error_count = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        assert!(error_count > 0 && error_count < report.diagnostics.len());
        assert_eq!(count(&only_errors), error_count);
        let by_severity = sections(&report, &Filter::default(), GroupBy::Severity);
        assert_eq!(by_severity[0].heading.as_deref(), Some("error"));
        assert_eq!(count(&by_severity), report.diagnostics.len());
        let by_code = sections(&report, &Filter::default(), GroupBy::Code);
        assert!(by_code.len() >= 2, "{by_code:?}");
    }

    #[wasm_bindgen_test]
    fn words_with_digits_leave_the_shape() {
        assert_eq!(
            shape("/manifests/3 already lists this (sha256:2d71…); never used"),
            "… already lists this … never used"
        );
        assert_eq!(
            shape("`size` must be   positive"),
            "`size` must be positive"
        );
    }

    #[wasm_bindgen_test]
    fn many_problems_of_one_kind_are_one_row() {
        let found = diagnostics(&repeated_entries(40));
        assert_eq!(found.len(), 39, "{found:?}");
        assert_eq!(rows(&found), vec![Row::Group((0..39).collect())]);
    }

    #[wasm_bindgen_test]
    fn a_kind_with_few_members_keeps_its_rows_in_document_order() {
        let found = diagnostics(&repeated_entries(2));
        assert_eq!(found.len(), 1);
        assert_eq!(rows(&found), vec![Row::One(0)]);
        let found = diagnostics(&repeated_entries(3));
        assert_eq!(rows(&found), vec![Row::One(0), Row::One(1)]);
    }

    #[wasm_bindgen_test]
    fn interleaved_kinds_each_make_a_group_where_they_first_occur() {
        let document = errors_and_warnings(",\n");
        let found = diagnostics(&document);
        let rows = rows(&found);
        let groups: Vec<(&str, usize)> = rows
            .iter()
            .map(|row| match row {
                Row::Group(members) => (found[members[0]].code, members.len()),
                Row::One(index) => (found[*index].code, 1),
            })
            .collect();
        assert!(
            groups.iter().all(|(_, n)| *n == 5),
            "{groups:?} of {found:?}"
        );
        assert_eq!(groups.len(), 2, "{groups:?}");
        // Every diagnostic is in exactly one row.
        let mut all: Vec<usize> = rows
            .iter()
            .flat_map(|row| match row {
                Row::Group(members) => members.clone(),
                Row::One(index) => vec![*index],
            })
            .collect();
        all.sort_unstable();
        assert_eq!(all, (0..found.len()).collect::<Vec<_>>());
    }
}
