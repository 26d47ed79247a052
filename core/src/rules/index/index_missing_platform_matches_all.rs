//! IDX005: an artifact entry without `platform` in an index of platform-specific images.

use super::super::prelude::*;
use super::super::DescriptorRole;

declare_rule! {
    code: "IDX005",
    name: "index-missing-platform-matches-all",
    severity: Info,
    since: "0.1.0",
    summary: "An artifact entry without `platform` matches every platform for some clients.",
    why: "Leaving out `platform` is right for an artifact (an SBOM, a signature), but \
          containerd selects entries with `d.Platform == nil || platform.Match(...)`: an \
          entry without platform is a candidate on every platform, tried after the exact \
          matches and then filtered by the child config's os and architecture. Simpler \
          clients may stop at the first candidate and pull the artifact as the image. \
          BuildKit marks its attestation entries `unknown/unknown` for this reason.",
    how_to_fix: "Nothing is required. To keep every client away from the entry, give it \
                 `\"platform\": {\"architecture\": \"unknown\", \"os\": \"unknown\"}` as \
                 BuildKit does, or move the artifact out of the index and attach it to \
                 the image with `subject`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/spdx+json", "digest": "sha256:99953afc4b90c7d78079d189ae10da0a1002e6be5e9e8dedaf9f7f29def42111", "size": 506}, {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "amd64", "os": "linux"}}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/spdx+json", "digest": "sha256:99953afc4b90c7d78079d189ae10da0a1002e6be5e9e8dedaf9f7f29def42111", "size": 506}, {"mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.example.signature", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 682}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciIndex {
        return;
    }
    let entries: Vec<_> = ctx
        .descriptors()
        .iter()
        .filter(|site| site.role == DescriptorRole::Manifest)
        .collect();
    let Some((first_with_platform, platform)) = entries.iter().find_map(|site| {
        let platform = site.platform()?;
        platform.value.is_object().then_some((site, platform))
    }) else {
        return;
    };
    for site in &entries {
        if site.platform().is_some()
            || !site.points_at_image_manifest()
            || !site.is_artifact_entry()
        {
            continue;
        }
        let start = site.node.range.start as usize;
        out.emit(
            TextRange::new(start, start + 1),
            site.pointer,
            "this artifact entry has no `platform`, so containerd and similar clients consider \
             it for every platform next to the images of this index",
        )
        .related(
            ctx.key_range(platform),
            first_with_platform.pointer.part(Part::Platform),
            "a platform-specific entry of the same index",
        );
    }
}
