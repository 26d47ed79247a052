//! DKR008: every entry of a Docker manifest list has a `platform`.

use super::super::prelude::*;
use crate::rules::DescriptorRole;

declare_rule! {
    code: "DKR008",
    name: "docker-list-platform-required",
    severity: Error,
    fix: Sometimes(Unsafe),
    since: "0.1.0",
    summary: "Every entry of a Docker manifest list needs a `platform` (`architecture` and `os`).",
    why: "Unlike in an OCI index, `platform` is not optional in a Docker manifest list: the \
          spec marks only `variant`, `os.version`, `os.features` and `features` as \
          optional, and every Go implementation serializes it. Quay refuses a list entry \
          without it (`manifest data does not match schema: 'platform' is a required \
          property`, the error BuildKit's registry cache hit), and podman never selects \
          such an entry (`no image found in manifest list for architecture \"amd64\", \
          variant \"\", OS \"linux\"`); go-containerregistry silently assumes linux/amd64.",
    how_to_fix: "Add `\"platform\": {\"architecture\": …, \"os\": …}` with the values of \
                 the child image's config, or publish an OCI image index, where entries \
                 that are not platform-specific (artifacts, caches) may omit `platform`.",
    url: "https://github.com/distribution/distribution/blob/main/docs/content/spec/manifest-v2-2.md#manifest-list-field-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json", "manifests": [{"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "size": 7143}]}"#),
        valid(examples::DOCKER_LIST_PPC64LE),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "size": 7143}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::DockerManifestList || ctx.header_contradicts_body() {
        return;
    }
    let cache_fix = ctx.buildkit_cache_fix();
    for site in ctx.descriptors() {
        if site.role != DescriptorRole::Manifest || site.platform().is_some() {
            continue;
        }
        let start = site.node.range.start as usize;
        let diagnostic = out.emit(
            TextRange::new(start, start + 1),
            site.pointer,
            "this manifest list entry has no `platform`; Docker lists require one (Quay: \"'platform' is a required property\", and podman never selects the entry)",
        );
        match &cache_fix {
            Some((title, edits)) => diagnostic.fix(FixSafety::Unsafe, title.clone(), edits.clone()),
            None => ctx.offer_platform(diagnostic, site.node),
        }
    }
}
