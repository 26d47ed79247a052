//! IDX004: an OCI index entry that is an image has a `platform`.

use super::super::prelude::*;
use super::super::DescriptorRole;

declare_rule! {
    code: "IDX004",
    name: "index-platform-recommended",
    covers: ["index-platform-recommended", "desc-platform-recommended"],
    severity: Warning,
    fix: Always(DisplayOnly),
    since: "0.1.0",
    summary: "An index entry pointing at an image manifest should say its `platform`.",
    why: "image-spec: `platform` \"SHOULD be present if its target is platform-specific\", \
          and a runnable image is. Clients choose an entry by platform, and without one \
          each guesses differently: containerd treats the entry as a match for every \
          platform (tried after the exact matches), go-containerregistry assumes \
          `linux/amd64`, and containers/image, converting the index to a Docker list, \
          writes the platform of the machine doing the conversion. Artifact entries (with \
          `artifactType`) and nested indexes are not reported.",
    how_to_fix: "Add `\"platform\": {\"architecture\": …, \"os\": …}` with the values from \
                 the image's config (`architecture`, `os`, and `variant` if it has one).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "amd64", "os": "linux"}}, {"mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/spdx+json", "digest": "sha256:99953afc4b90c7d78079d189ae10da0a1002e6be5e9e8dedaf9f7f29def42111", "size": 506}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciIndex {
        return;
    }
    for site in ctx.descriptors() {
        if site.role != DescriptorRole::Manifest
            || !site.points_at_image_manifest()
            || site.platform().is_some()
            || site.is_artifact_entry()
        {
            continue;
        }
        let start = site.node.range.start as usize;
        let diagnostic = out.emit(
            TextRange::new(start, start + 1),
            site.pointer,
            "this entry points at an image manifest but has no `platform`; clients that pick \
             an image by platform each guess differently",
        );
        ctx.offer_platform(diagnostic, site.node);
    }
}
