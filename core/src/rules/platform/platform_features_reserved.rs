//! PLT013: `platform.features` is RESERVED in OCI indexes.

use super::super::prelude::*;

declare_rule! {
    code: "PLT013",
    name: "platform-features-reserved",
    severity: Warning,
    since: "0.1.0",
    summary: "`platform.features` is RESERVED in an OCI index; it is a Docker manifest list field.",
    why: "image-spec reserves `features` for future versions of the spec; it is not in the \
          OCI schema nor in the Go `Platform` type, so containerd, go-containerregistry and \
          containers/image drop it when they read and rewrite the index, and no OCI \
          consumer matches on it. It comes from Docker manifest lists, where it is an \
          optional list of CPU features (`sse4`, `aes`).",
    how_to_fix: "Remove `features` from the platform; express CPU requirements with \
                 `variant` (e.g. `amd64` `v3`) where the variant table allows.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "amd64", "os": "linux", "features": ["sse4"]}}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json", "manifests": [{"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "amd64", "os": "linux", "features": ["sse4"]}}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    // In a Docker manifest list `features` is a defined field (`docker-list-features`).
    if ctx.kind != Kind::OciIndex {
        return;
    }
    for site in ctx.platform_sites() {
        let Some(member) = site.node.get("features") else {
            continue;
        };
        out.emit(
            ctx.key_range(member),
            site.pointer.key("features"),
            "`features` is RESERVED in OCI platforms; OCI tools ignore it and drop it when they rewrite the index",
        );
    }
}
