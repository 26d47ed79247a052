//! INP007: output pasted with the command that printed it, when that command re-serializes.

use super::super::prelude::*;

declare_rule! {
    code: "INP007",
    name: "input-reserialized",
    severity: Info,
    since: "0.1.0",
    summary: "A document printed by `jq`, `podman manifest inspect`, `docker manifest inspect`, \
              `skopeo inspect` or `python -m json.tool` is re-serialized: its digest is not \
              the one the registry serves.",
    why: "A digest is over exact bytes. These commands parse the manifest and print it again \
          (`jq` with 2-space indentation, Go's `json.MarshalIndent` in podman and skopeo, \
          Docker's own structure in `docker manifest inspect`), so the text pasted here has \
          another digest than the registry's, and a descriptor or a signature naming the \
          registry's digest does not match it. Only the command pasted with it says so: the \
          same formatting is also written by hand and served by registries.",
    how_to_fix: "Check the bytes the registry serves: `crane manifest REF`, \
                 `skopeo inspect --raw docker://REF`, `regctl manifest get --format raw-body \
                 REF`, or `curl -H 'Accept: application/vnd.oci.image.index.v1+json, \
                 application/vnd.oci.image.manifest.v1+json' https://REGISTRY/v2/NAME/manifests/TAG`.",
    url: "https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests",
    examples: [
        invalid(r#"$ crane manifest alpine:3.20 | jq
{"schemaVersion": 2}"#),
        invalid(r#"$ podman manifest inspect quay.io/podman/hello
{"schemaVersion": 2}"#),
        valid(r#"$ crane manifest alpine:3.20
{"schemaVersion": 2}"#),
    ],
    check: Pasted(check),
}

fn check(pasted: &Pasted<'_>, out: &mut Emitter<'_>) {
    let (Some(_), Some(json_start)) = (pasted.error(), pasted.json_start()) else {
        return;
    };
    // The last command line before the JSON printed it.
    let Some((line, command)) = pasted
        .lines()
        .take_while(|line| line.start < json_start)
        .filter_map(|line| Some((line, command_of(&pasted.trimmed(line))?)))
        .last()
    else {
        return;
    };
    let Some(tool) = reserializer(&command) else {
        return;
    };
    let reference = reference_in(&command).unwrap_or("REF");
    out.emit(
        TextRange::new(line.start, line.end),
        Pointer::root(),
        format!(
            "this is {tool}'s output, re-serialized: its digest is not the one the registry \
             serves; print the raw bytes with `crane manifest {reference}`, `skopeo inspect \
             --raw docker://{reference}`, `regctl manifest get --format raw-body {reference}` \
             or `curl` with an `Accept` header"
        ),
    );
}

/// The command after a shell prompt (`$ `, `# `, `user@host:~$ `), if the line has one.
fn command_of(line: &str) -> Option<String> {
    let (head, rest) = line.split_once(' ')?;
    head.ends_with(['$', '#', '%', '>', '❯'])
        .then(|| rest.trim().to_owned())
}

/// Which program re-serialized what it printed, if one did.
fn reserializer(command: &str) -> Option<&'static str> {
    let words: Vec<&str> = command.split_whitespace().collect();
    let has = |seq: &[&str]| words.windows(seq.len()).any(|w| w == seq);
    let piped_to = |program: &str| {
        words.first() == Some(&program)
            || words.windows(2).any(|w| w[0] == "|" && w[1] == program)
            || words.iter().any(|w| *w == format!("|{program}"))
    };
    if piped_to("jq") {
        Some("`jq`")
    } else if has(&["manifest", "inspect"]) && (has(&["podman"]) || has(&["buildah"])) {
        Some("`podman manifest inspect`")
    } else if has(&["docker", "manifest", "inspect"]) {
        Some("`docker manifest inspect`")
    } else if has(&["skopeo", "inspect"]) && !words.contains(&"--raw") {
        Some("`skopeo inspect`")
    } else if has(&["json.tool"]) {
        Some("Python's `json.tool`")
    } else {
        None
    }
}

/// The image reference the command names: its first argument that looks like one.
fn reference_in(command: &str) -> Option<&str> {
    command
        .split_whitespace()
        .take_while(|w| *w != "|")
        .filter(|w| !w.starts_with('-'))
        .map(|w| w.trim_start_matches("docker://"))
        .find(|w| w.contains('/') || w.contains(':') || w.contains('@'))
}
