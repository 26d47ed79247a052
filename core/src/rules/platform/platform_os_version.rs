//! PLT010: `os.version` is a Windows build number, and is only meaningful on Windows.

use super::super::prelude::*;

declare_rule! {
    code: "PLT010",
    name: "platform-os-version",
    severity: Info,
    since: "0.1.0",
    summary: "`os.version` should be a dotted Windows build number (e.g. `10.0.17763.5458`); elsewhere its meaning is implementation-defined.",
    why: "image-spec leaves `os.version` values implementation-defined and lets \
          implementations refuse manifests whose `os.version` is not known to work with the \
          host. In practice only Windows uses it: containerd and Docker compare the build \
          number (`10.0.<build>`) with the host's to pick a compatible image, so a value that \
          is not a dotted number is never matched. On Linux and other systems nothing \
          matches on it, so a value there (e.g. `22.04`) is at best documentation.",
    how_to_fix: "On Windows, write the full build, `major.minor.build[.revision]`, as the \
                 base image reports it; on other systems, drop `os.version` or move the \
                 information to an annotation.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "amd64", "os": "windows", "os.version": "ltsc2019"}}]}"#),
        invalid(r#"{"architecture": "amd64", "os": "linux", "os.version": "22.04", "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "amd64", "os": "windows", "os.version": "10.0.17763.5458"}}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.selectable_platform_sites() {
        let Some((version, node)) = site.text("os.version") else {
            continue;
        };
        let message = match site.str("os") {
            Some("windows") if is_windows_build(version) => continue,
            Some("windows") => format!(
                "`{version}` is not a Windows build number like `10.0.17763.5458`; hosts compare the build to pick a compatible image"
            ),
            Some(os) if !os.is_empty() => format!(
                "`os.version` on `{os}` is implementation-defined: no runtime matches on it"
            ),
            _ => continue,
        };
        out.emit(node.range, site.pointer.key("os.version"), message);
    }
}

/// `major.minor.build` or `major.minor.build.revision`, all decimal.
fn is_windows_build(version: &str) -> bool {
    let parts: Vec<&str> = version.split('.').collect();
    (3..=4).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 10 && p.bytes().all(|b| b.is_ascii_digit()))
}
