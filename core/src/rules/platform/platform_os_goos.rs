//! PLT005: `os` is a GOOS value (lowercase; `macos` is `darwin`).

use super::super::prelude::*;
use crate::spec::platforms;

declare_rule! {
    code: "PLT005",
    name: "platform-os-goos",
    severity: Warning,
    fix: Sometimes(Unsafe),
    since: "0.1.0",
    summary: "`os` should be a Go GOOS value such as `linux` or `windows` (lowercase).",
    why: "image-spec says indexes and configs SHOULD use the GOOS values, and hosts look \
          images up by them: containerd lowercases and maps `macos` to `darwin`, but \
          containers/image (podman, skopeo, CRI-O) and go-containerregistry compare the \
          string as written, so `Linux` or `GNU/Linux` matches no host (`no image found in \
          manifest list for architecture \"amd64\", variant \"\", OS \"linux\"`).",
    how_to_fix: "Use the GOOS name in lowercase: `linux`, `windows`, `darwin` (not \
                 `macos`), `freebsd`. The fix rewrites the value when the Go name is clear; this changes \
                 the document's digest.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "amd64", "os": "Linux"}}]}"#),
        invalid(r#"{"architecture": "arm64", "os": "macos", "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"architecture": "amd64", "os": "windows", "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.selectable_platform_sites() {
        let Some((os, node)) = site.text("os") else {
            continue;
        };
        if os.is_empty() || platforms::is_known_os(os) {
            continue;
        }
        let architecture = site.str("architecture").unwrap_or("amd64");
        let suggestion = platforms::normalize(os, architecture, None)
            .map(|(os, _, _)| os)
            .filter(|normal| platforms::is_known_os(normal) && normal != os);
        let message = match &suggestion {
            Some(normal) if *normal == os.to_ascii_lowercase() => {
                format!("`{os}` is not a GOOS value (they are lowercase); use `{normal}`")
            }
            Some(normal) => format!("`{os}` is not a GOOS value; the Go name is `{normal}`"),
            None => format!(
                "`{os}` is not a GOOS value; platforms are matched by Go names such as `linux`, `windows`, `darwin`, `freebsd`"
            ),
        };
        let diagnostic = out.emit(node.range, site.pointer.key("os"), message);
        if let Some(normal) = suggestion {
            diagnostic.fix(
                FixSafety::Unsafe,
                format!("Replace `{os}` with `{normal}`"),
                vec![ctx.editor().replace_string(node, &normal)],
            );
        }
    }
}
