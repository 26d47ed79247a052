//! ANN008: `org.opencontainers.image.ref.name` follows the spec's reference grammar.

use super::super::prelude::*;

declare_rule! {
    code: "ANN008",
    name: "ann-ref-name-grammar",
    severity: Warning,
    since: "0.1.0",
    summary: "`org.opencontainers.image.ref.name` should match `component (\"/\" component)*` with alphanumerics joined by `-._:@+` or `--`.",
    why: "In an OCI image layout `ref.name` is the tag that tools (skopeo's `oci:dir:tag`, \
          umoci, containerd's importer, podman's `oci-archive:`) look images up by. \
          image-spec gives its grammar: components of `[A-Za-z0-9]+` joined by single \
          separators from `-._:@+` (or `--`), components joined by `/`. A value with \
          spaces, leading separators or doubled dots may not be addressable by those \
          tools. (The grammar was a \"must\" before image-spec 1.1.1.)",
    how_to_fix: "Use letters and digits joined by single `-`, `.`, `_`, `:`, `@` or `+`, \
                 e.g. `v1.0`, `stable-release`, `example.com/app:1.2`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md#pre-defined-annotation-keys",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7143, "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "annotations": {"org.opencontainers.image.ref.name": "v1 0"}}]}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7143, "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "annotations": {"org.opencontainers.image.ref.name": "-latest"}}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7143, "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "annotations": {"org.opencontainers.image.ref.name": "registry.example.com/app:v1.0--rc1"}}]}"#),
    ],
    check: Document(check),
}

const KEY: &str = "org.opencontainers.image.ref.name";

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for map in ctx.annotation_maps() {
        for (entry, value) in map.string_entries().filter(|(e, _)| e.key == KEY) {
            if value.is_empty() {
                continue;
            }
            if let Some(problem) = ref_name_problem(value) {
                let shown: String = value.chars().take(80).collect();
                out.emit(
                    entry.value.range,
                    map.entry_pointer(entry),
                    format!("the reference name `{shown}` {problem}"),
                );
            }
        }
    }
}

const SEPARATORS: &str = "-._:@+";

/// Why `value` does not match `ref ::= component ("/" component)*`,
/// `component ::= alphanum (separator alphanum)*`, `alphanum ::= [A-Za-z0-9]+`,
/// `separator ::= [-._:@+] | "--"`.
fn ref_name_problem(value: &str) -> Option<String> {
    if let Some(c) = value
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '/' || SEPARATORS.contains(c)))
    {
        let shown = if c.is_whitespace() {
            String::from("a space")
        } else {
            format!("`{c}`")
        };
        return Some(format!(
            "contains {shown}; only letters, digits and `-._:@/+` are allowed"
        ));
    }
    for component in value.split('/') {
        if component.is_empty() {
            return Some("has an empty component (a leading, trailing or doubled `/`)".into());
        }
        let first = component.chars().next().unwrap_or('a');
        if !first.is_ascii_alphanumeric() {
            return Some(format!(
                "has a component starting with `{first}`; components start with a letter or digit"
            ));
        }
        let last = component.chars().last().unwrap_or('a');
        if !last.is_ascii_alphanumeric() {
            return Some(format!(
                "has a component ending with `{last}`; components end with a letter or digit"
            ));
        }
        // Every run of separators between two alphanumeric runs is one separator or `--`.
        for run in component.split(|c: char| c.is_ascii_alphanumeric()) {
            if run.len() > 1 && run != "--" {
                return Some(format!(
                    "has `{run}` between two parts; separators are single characters (or `--`)"
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::ref_name_problem;

    #[test]
    fn grammar() {
        for ok in [
            "v1.0",
            "stable-release",
            "a--b",
            "example.com/app:1.2",
            "sha256@x+y",
            "A_B",
        ] {
            assert_eq!(ref_name_problem(ok), None, "{ok}");
        }
        for bad in [
            "v1 0", "-latest", "latest-", "a..b", "a---b", "a/", "/a", "a//b", "a-.b", "tag#1", "é",
        ] {
            assert!(ref_name_problem(bad).is_some(), "{bad}");
        }
    }
}
