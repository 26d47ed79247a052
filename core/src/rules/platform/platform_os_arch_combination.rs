//! PLT006: the `os`/`architecture` pair is one Go supports.

use super::super::prelude::*;
use crate::spec::platforms;

declare_rule! {
    code: "PLT006",
    name: "platform-os-arch-combination",
    severity: Info,
    since: "0.1.0",
    summary: "The `os`/`architecture` pair should be one Go builds for, e.g. `linux/amd64` or `windows/arm64`.",
    why: "Both values come from Go's GOOS and GOARCH lists, but not every pair is a real \
          port: `windows/s390x` or `darwin/386` are valid words that no toolchain targets \
          and no host will ever ask for, so the entry is unreachable. It is usually a typo \
          or a swapped value.",
    how_to_fix: "Check the image's real platform (its config's `os` and `architecture`, or \
                 `go tool dist list` for the supported pairs) and correct the value.",
    url: "https://go.dev/doc/install/source#environment",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "s390x", "os": "windows"}}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "s390x", "os": "linux"}}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.selectable_platform_sites() {
        let (Some((os, os_node)), Some((architecture, arch_node))) =
            (site.text("os"), site.text("architecture"))
        else {
            continue;
        };
        // Unknown words are reported by PLT004/PLT005; `unknown` by PLT014.
        if !platforms::is_known_os(os)
            || !platforms::is_known_arch(architecture)
            || os == "unknown"
            || architecture == "unknown"
            || platforms::is_go_pair(os, architecture)
        {
            continue;
        }
        out.emit(
            arch_node.range,
            site.pointer.key("architecture"),
            format!("`{os}/{architecture}` is not a platform Go supports; check for a typo or swapped value"),
        )
        .related(os_node.range, site.pointer.key("os"), format!("`os` is `{os}`"));
    }
}
