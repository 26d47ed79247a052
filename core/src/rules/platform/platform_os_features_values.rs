//! PLT012: `os.features` values: `win32k` on Windows; anything else is implementation-defined.

use super::super::prelude::*;

declare_rule! {
    code: "PLT012",
    name: "platform-os-features-values",
    severity: Info,
    since: "0.1.0",
    summary: "`os.features` should hold values image-spec defines: `win32k` on Windows.",
    why: "`os.features` lists OS features the image requires. image-spec defines one \
          value, `win32k` (the image needs `win32k.sys`, which Nano Server lacks), for \
          `os` `windows`; any other value is implementation-defined and SHOULD be submitted \
          for standardization. Hosts that do not know a required feature may refuse or \
          skip the entry, and `win32k` on another OS is most likely a copy-paste mistake.",
    how_to_fix: "Keep `win32k` on Windows entries that need it; drop values that no \
                 consumer of the image checks.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "amd64", "os": "linux", "os.features": ["win32k"]}}]}"#),
        valid(examples::OCI_INDEX_WINDOWS_WIN32K),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.selectable_platform_sites() {
        let Some(items) = site.node.get("os.features").and_then(|m| m.value.items()) else {
            continue;
        };
        let os = site.str("os").unwrap_or("");
        let pointer = site.pointer.key("os.features");
        for (index, item) in items.iter().enumerate() {
            let Some(feature) = item.as_str() else {
                continue;
            };
            let message = match (os, feature) {
                ("windows", "win32k") => continue,
                ("windows", other) => format!(
                    "`{other}` is not an OS feature image-spec defines for Windows (only `win32k`); its meaning is implementation-defined"
                ),
                (os, "win32k") if !os.is_empty() => format!(
                    "`win32k` is a Windows feature, but `os` is `{os}`"
                ),
                (_, other) => format!(
                    "`{other}` is an implementation-defined OS feature: image-spec defines OS features only for Windows"
                ),
            };
            out.emit(item.range, pointer.index(index), message);
        }
    }
}
