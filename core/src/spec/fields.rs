//! The member names each document part defines, per specification. Used to spot typos and
//! case variants (Go's encoding/json matches names case-insensitively, other parsers do not).

/// Top-level members of an OCI image manifest.
pub const OCI_MANIFEST: [&str; 8] = [
    "schemaVersion",
    "mediaType",
    "artifactType",
    "config",
    "layers",
    "subject",
    "annotations",
    // Not a member of a final OCI manifest, but recognised so its own rule reports it.
    "manifests",
];

/// Top-level members of an OCI image index.
pub const OCI_INDEX: [&str; 7] = [
    "schemaVersion",
    "mediaType",
    "artifactType",
    "manifests",
    "subject",
    "annotations",
    "layers",
];

/// Top-level members of a Docker schema 2 manifest (the spec's own).
pub const DOCKER_MANIFEST: [&str; 4] = ["schemaVersion", "mediaType", "config", "layers"];

/// Top-level members of a Docker manifest list (the spec's own).
pub const DOCKER_MANIFEST_LIST: [&str; 3] = ["schemaVersion", "mediaType", "manifests"];

/// Members of an OCI descriptor; `platform` is defined for descriptors of manifests.
pub const DESCRIPTOR: [&str; 8] = [
    "mediaType",
    "digest",
    "size",
    "urls",
    "annotations",
    "data",
    "artifactType",
    "platform",
];

/// Members of a platform object (`features` is reserved in OCI, used by Docker lists).
pub const PLATFORM: [&str; 6] = [
    "architecture",
    "os",
    "os.version",
    "os.features",
    "variant",
    "features",
];

/// Top-level members of other document kinds (Docker schema 1, the withdrawn artifact
/// manifest, v1.1.0-rc1's `refers`, configs): found in a manifest or an index, their own
/// rules (ambiguity, pre-release, schema 1) report them, so they are not "unknown".
pub const OTHER_KINDS_TOP_LEVEL: [&str; 11] = [
    "config",
    "layers",
    "manifests",
    "fsLayers",
    "history",
    "signatures",
    "name",
    "tag",
    "architecture",
    "blobs",
    "refers",
];

/// The members that make a document a manifest or an index: a case variant of one of these
/// changes how Go consumers classify the document, so containers/image refuses it.
pub const STRUCTURAL: [&str; 3] = ["config", "layers", "manifests"];

/// The defined name that `name` matches case-insensitively but not exactly, if any.
pub fn case_variant_of<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .copied()
        .find(|k| *k != name && k.eq_ignore_ascii_case(name))
}

/// A defined name within edit distance 1 of `name` (one letter added, dropped, changed or
/// two swapped), case-insensitively: a likely typo.
pub fn near_miss_of<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower = name.to_ascii_lowercase();
    known
        .iter()
        .copied()
        .find(|k| within_one_edit(&lower, &k.to_ascii_lowercase()))
}

/// Levenshtein distance in characters (insertions, deletions and substitutions; a swap of two
/// letters counts 2), for "did you mean" hints on short strings such as annotation keys.
/// [`near_miss_of`] is the stricter test for member names, where a swap counts 1.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

fn within_one_edit(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    match a.len().abs_diff(b.len()) {
        0 => {
            let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            diffs.len() == 1
                || (diffs.len() == 2
                    && diffs[1] == diffs[0] + 1
                    && a[diffs[0]] == b[diffs[1]]
                    && a[diffs[1]] == b[diffs[0]])
        }
        1 => {
            let (short, long) = if a.len() < b.len() {
                (&a, &b)
            } else {
                (&b, &a)
            };
            let first_diff = (0..short.len())
                .find(|&i| short[i] != long[i])
                .unwrap_or(short.len());
            short[first_diff..] == long[first_diff + 1..]
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_and_typos() {
        assert_eq!(case_variant_of("Layers", &OCI_MANIFEST), Some("layers"));
        assert_eq!(case_variant_of("layers", &OCI_MANIFEST), None);
        assert_eq!(
            near_miss_of("annotation", &OCI_MANIFEST),
            Some("annotations")
        );
        assert_eq!(near_miss_of("artifacttype", &OCI_MANIFEST), None);
        assert_eq!(near_miss_of("layer", &OCI_MANIFEST), Some("layers"));
        assert_eq!(near_miss_of("cofnig", &OCI_MANIFEST), Some("config"));
        assert_eq!(near_miss_of("payload", &OCI_MANIFEST), None);
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("licences", "licenses"), 1);
        assert_eq!(edit_distance("oci.opencontainers", "org.opencontainers"), 2);
        assert_eq!(edit_distance("created", ""), 7);
        assert_eq!(edit_distance("ä", "a"), 1);
    }
}
