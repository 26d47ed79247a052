//! PLT003: `architecture` and `os` are not empty strings.

use super::super::prelude::*;

declare_rule! {
    code: "PLT003",
    name: "platform-non-empty",
    severity: Error,
    since: "0.1.0",
    summary: "`architecture` and `os` must not be empty strings.",
    why: "An empty `architecture` or `os` names no platform. It is what Go tools write for \
          a platform they never filled in: distribution's and containers/image's manifest \
          list types hold `platform` as a non-pointer struct, so converting an OCI index \
          entry without `platform` yields `{\"architecture\": \"\", \"os\": \"\"}`. No \
          runtime selects such an entry for a host (containers/image: `no image found in \
          manifest list for architecture …`), and `docker manifest push` refuses it (`must \
          have an OS and Architecture to be pushed to a registry`). Checked as a bundle, the \
          config of a manifest that is not a runnable image is not reported: cosign writes \
          every signature's, attestation's and SBOM's config with empty `architecture` and \
          `os`, and nothing selects or runs it.",
    how_to_fix: "Fill in the GOOS and GOARCH of the image, as its config's `os` and \
                 `architecture` say (e.g. `linux` and `amd64`); for an entry that is not a \
                 runnable image, use an OCI index and omit `platform` instead.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json", "manifests": [{"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "", "os": ""}}]}"#),
        invalid(r#"{"architecture": "", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json", "manifests": [{"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "amd64", "os": "linux"}}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.selectable_platform_sites() {
        for (key, example) in [("architecture", "`amd64`"), ("os", "`linux`")] {
            if let Some(("", node)) = site.text(key) {
                out.emit(
                    node.range,
                    site.pointer.key(key),
                    format!(
                        "`{key}` is an empty string in {}; it must name the platform, e.g. {example}",
                        site.noun()
                    ),
                );
            }
        }
    }
}
