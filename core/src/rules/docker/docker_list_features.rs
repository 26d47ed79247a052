//! DKR011: `platform.features` in a Docker list is valid but has no OCI counterpart.

use super::super::prelude::*;
use crate::rules::DescriptorRole;

declare_rule! {
    code: "DKR011",
    name: "docker-list-features",
    severity: Info,
    since: "0.1.0",
    summary: "`platform.features` (CPU features) is a Docker-list field that OCI reserves and conversions drop.",
    why: "In a Docker manifest list `platform.features` is an optional array of required \
          CPU features (`sse4`, `aes`). OCI marks `features` as RESERVED: it is not in the \
          OCI schema nor in the Go `Platform` types, so converting to an OCI index \
          (containers/image: \"Features is not supported in OCI\"), or any round-trip \
          through containerd or go-containerregistry, silently drops it, and no runtime \
          selects images by it.",
    how_to_fix: "Nothing to do for a Docker list. Before converting to an OCI index, decide \
                 whether the information matters; if it does, express it with `variant` or \
                 `os.features` where a standard value exists.",
    url: "https://github.com/distribution/distribution/blob/main/docs/content/spec/manifest-v2-2.md#manifest-list-field-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json", "manifests": [{"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "size": 7143, "platform": {"architecture": "amd64", "os": "linux", "features": ["sse4"]}}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json", "manifests": [{"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "size": 7143, "platform": {"architecture": "amd64", "os": "linux"}}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::DockerManifestList || ctx.header_contradicts_body() {
        return;
    }
    for site in ctx.descriptors() {
        if site.role != DescriptorRole::Manifest {
            continue;
        }
        let Some(platform) = site.platform().filter(|m| m.value.is_object()) else {
            continue;
        };
        let Some(features) = platform.value.get("features") else {
            continue;
        };
        out.emit(
            ctx.key_range(features),
            site.pointer.key("platform").key("features"),
            "`platform.features` is valid in a Docker list but RESERVED in OCI: converting to an OCI index, or round-tripping through containerd or go-containerregistry, drops it",
        );
    }
}
