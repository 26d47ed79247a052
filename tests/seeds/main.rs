//! The stories ocilint was started for, end to end: each seed document (`tests/fixtures/seeds/`)
//! as the user sent it, with every diagnostic and every target's verdict, snapshot-tested.
//! A change in who refuses a seed, or with which words, is reviewed here.

use std::fmt::Write as _;
use std::fs;

use ocilint_core::diagnostic::pointer_label;
use ocilint_core::targets::Verdict;
use ocilint_core::{check, CheckOptions, Report};

/// (seed file, the Content-Type it was pushed with, what the story is).
const STORIES: &[(&str, Option<&str>, &str)] = &[
    (
        "kaniko-oci-manifest.json",
        Some("application/vnd.docker.distribution.manifest.v2+json"),
        "kaniko pushed an OCI body with the Docker Content-Type",
    ),
    (
        "kaniko-oci-manifest.json",
        None,
        "the same OCI manifest, pushed as itself",
    ),
    (
        "kaniko-docker-manifest.json",
        None,
        "the Docker form of the same image",
    ),
    (
        "buildkit-cache-list.json",
        None,
        "BuildKit's registry cache as a Docker list of layers and a cache config",
    ),
    (
        "podman-mixed-oci-manifest.json",
        None,
        "an OCI manifest with Docker config and layer types",
    ),
    (
        "docker-list-of-oci-manifests.json",
        None,
        "a Docker manifest list whose children are OCI manifests",
    ),
    (
        "gardenlinux-custom-layer.json",
        None,
        "an image manifest with a custom layer type",
    ),
];

fn render(story: &str, report: &Report) -> String {
    let mut out = format!(
        "story: {story}\nkind: {}\nmediaType: {}\n\ndiagnostics:\n",
        report.kind.as_str(),
        report.media_type.as_deref().unwrap_or("-")
    );
    for d in &report.diagnostics {
        let _ = writeln!(
            out,
            "  {}:{} {} {} [{}] {}",
            d.line,
            d.column,
            d.severity.as_str(),
            d.code,
            pointer_label(&d.pointer),
            d.message
        );
    }
    out.push_str("\ntargets:\n");
    for t in &report.targets {
        // A refusal stands out in the snapshot.
        let verdict = match t.verdict {
            Verdict::Reject => "REJECT",
            other => other.as_str(),
        };
        let _ = writeln!(
            out,
            "  {verdict:<7} {}@{} {:?}: {} {:?}",
            t.target,
            t.version,
            t.operation,
            t.message.as_deref().unwrap_or("-"),
            t.codes
        );
    }
    out
}

#[test]
fn seed_stories() {
    let seeds = ocilint_tests::fixture("seeds");
    for (file, content_type, story) in STORIES {
        let bytes = fs::read(seeds.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let report = check(
            &bytes,
            &CheckOptions {
                content_type: content_type.map(str::to_owned),
                ..Default::default()
            },
        );
        let name = match content_type {
            Some(_) => format!("{}-as-sent", file.trim_end_matches(".json")),
            None => file.trim_end_matches(".json").to_owned(),
        };
        insta::assert_snapshot!(name, render(story, &report));
    }
}

/// The refusals each story is about, with the targets' own words.
#[test]
fn each_story_names_who_refuses_it() {
    let seeds = ocilint_tests::fixture("seeds");
    let verdict_of = |file: &str, content_type: Option<&str>, target: &str| {
        let bytes = fs::read(seeds.join(file)).expect("seed");
        let report = check(
            &bytes,
            &CheckOptions {
                content_type: content_type.map(str::to_owned),
                ..Default::default()
            },
        );
        report
            .targets
            .into_iter()
            .find(|t| t.target == target)
            .expect("a verdict for the target")
    };
    let kaniko = verdict_of(
        "kaniko-oci-manifest.json",
        Some("application/vnd.docker.distribution.manifest.v2+json"),
        "docker-hub",
    );
    assert_eq!(kaniko.verdict, Verdict::Reject);
    assert!(kaniko
        .message
        .unwrap()
        .contains("mediaType in manifest should be"));

    let buildkit = verdict_of("buildkit-cache-list.json", None, "quay");
    assert_eq!(buildkit.verdict, Verdict::Reject);
    assert!(buildkit
        .message
        .unwrap()
        .contains("'platform' is a required property"));

    let podman = verdict_of("podman-mixed-oci-manifest.json", None, "podman");
    assert_eq!(podman.verdict, Verdict::Reject);
    assert!(podman
        .message
        .unwrap()
        .contains("invalid mixed OCI image with Docker v2s2 config"));

    let garden = verdict_of("gardenlinux-custom-layer.json", None, "dockerd");
    assert_eq!(garden.verdict, Verdict::Reject);
    assert!(garden.message.unwrap().contains("unsupported media type"));
}
