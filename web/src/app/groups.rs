//! Problems of one kind, together: the results list shows a kind that occurs [`GROUP_MIN`]
//! times or more as one row with a count (an index that lists one manifest 5000 times has 4,999
//! identical infos, which read as one finding, and drawn as 4,999 rows froze the page for
//! seconds). Fewer stay rows of their own, where they are in the document.
//!
//! A kind is a code, a severity and the message's shape: its words with every word that holds
//! a digit (a position, a pointer, a digest, a size) left out, so "`/manifests/3` repeats
//! `/manifests/0`" and "`/manifests/9` repeats `/manifests/0`" are one kind, while one code's
//! different sentences are not.

use std::collections::HashMap;

use ocilint_core::Diagnostic;

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

/// The rows of `diagnostics` (in document order, as the engine sorts them): each kind with
/// [`GROUP_MIN`] members or more as one group where its first member is, every other
/// diagnostic as a row of its own.
pub(crate) fn rows(diagnostics: &[Diagnostic]) -> Vec<Row> {
    let mut kind_of = Vec::with_capacity(diagnostics.len());
    let mut kinds: HashMap<(&str, &str, String), usize> = HashMap::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (index, d) in diagnostics.iter().enumerate() {
        let key = (d.code, d.severity.as_str(), shape(&d.message));
        let kind = *kinds.entry(key).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[kind].push(index);
        kind_of.push(kind);
    }
    let grouped: Vec<bool> = members.iter().map(|m| m.len() >= GROUP_MIN).collect();
    let mut rows = Vec::new();
    for (index, kind) in kind_of.into_iter().enumerate() {
        if !grouped[kind] {
            rows.push(Row::One(index));
        } else if members[kind].first() == Some(&index) {
            rows.push(Row::Group(std::mem::take(&mut members[kind])));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
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

    #[test]
    fn many_problems_of_one_kind_are_one_row() {
        let found = diagnostics(&repeated_entries(40));
        assert_eq!(found.len(), 39, "{found:?}");
        assert_eq!(rows(&found), vec![Row::Group((0..39).collect())]);
    }

    #[test]
    fn a_kind_with_few_members_keeps_its_rows_in_document_order() {
        let found = diagnostics(&repeated_entries(2));
        assert_eq!(found.len(), 1);
        assert_eq!(rows(&found), vec![Row::One(0)]);
        let found = diagnostics(&repeated_entries(3));
        assert_eq!(rows(&found), vec![Row::One(0), Row::One(1)]);
    }

    #[test]
    fn interleaved_kinds_each_make_a_group_where_they_first_occur() {
        // Each entry has an uppercase digest (an error) and no platform (a warning).
        let entries: Vec<String> = (0..5)
            .map(|i| {
                let digest = format!("{}{i}", "A".repeat(63));
                format!(
                    r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{digest}","size":{}}}"#,
                    100 + i
                )
            })
            .collect();
        let document = format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{}]}}"#,
            entries.join(",\n")
        );
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
