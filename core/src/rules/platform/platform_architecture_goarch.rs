//! PLT004: `architecture` is a GOARCH value (with containerd's normalizations suggested).

use super::super::fixes;
use super::super::prelude::*;
use crate::fix::edit::quote;
use crate::spec::platforms;

declare_rule! {
    code: "PLT004",
    name: "platform-architecture-goarch",
    covers: ["platform-architecture-goarch", "config-platform-values"],
    severity: Warning,
    fix: Sometimes(Unsafe),
    since: "0.1.0",
    summary: "`architecture` should be a Go GOARCH value such as `amd64`, `arm64` or `386`.",
    why: "image-spec says indexes and configs SHOULD use, and implementations SHOULD \
          understand, the GOARCH values. Platform matching is by string: containerd \
          normalizes a few aliases (`x86_64`→`amd64`, `aarch64`→`arm64`, `armhf`→`arm` v7), \
          but containers/image (podman, skopeo, CRI-O), go-containerregistry and most \
          registries' UIs compare literally, so an image published as `x86_64` is not found \
          for `amd64` hosts (`no image found in manifest list for architecture \"amd64\"`).",
    how_to_fix: "Use the GOARCH name: `amd64` (not `x86_64`), `arm64` (not `aarch64`), `386` \
                 (not `i386`), `arm` with `variant` `v7` (not `armhf`/`armv7l`), `ppc64le` \
                 (not `ppc64el`). The fix rewrites the value (and `variant` with it) when the Go name \
                 is clear; this changes the document's digest.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "x86_64", "os": "linux"}}]}"#),
        invalid(r#"{"architecture": "aarch64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "arm", "os": "linux", "variant": "v7"}}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.selectable_platform_sites() {
        let Some((architecture, node)) = site.text("architecture") else {
            continue;
        };
        if architecture.is_empty() || platforms::is_known_arch(architecture) {
            continue;
        }
        let os = site.str("os").unwrap_or("linux");
        let variant = site.str("variant").filter(|v| !v.is_empty());
        let suggestion = platforms::normalize(os, architecture, variant)
            .filter(|(_, arch, _)| platforms::is_known_arch(arch) && arch != architecture);
        let message = match &suggestion {
            Some((_, arch, new_variant)) => {
                let lowercase = *arch == architecture.to_ascii_lowercase();
                let variant_note = match (new_variant.as_deref(), variant) {
                    (Some(v), old) if Some(v) != old => format!(" with `\"variant\": \"{v}\"`"),
                    (None, Some(_)) => " without `variant`".to_owned(),
                    _ => String::new(),
                };
                if lowercase {
                    format!(
                        "`{architecture}` is not a GOARCH value (they are lowercase); write `{arch}`{variant_note}"
                    )
                } else {
                    format!(
                        "`{architecture}` is not a GOARCH value; write the Go name `{arch}`{variant_note}, which hosts and tools match against"
                    )
                }
            }
            None => format!(
                "`{architecture}` is not a GOARCH value; platforms are matched by Go names such as `amd64`, `arm64`, `arm`, `386`, `ppc64le`, `s390x`, `riscv64`"
            ),
        };
        let diagnostic = out.emit(node.range, site.pointer.key("architecture"), message);
        if let Some((_, arch, new_variant)) = suggestion {
            let mut edits = vec![ctx.editor().replace_string(node, &arch)];
            let mut title = format!("Replace `{architecture}` with `{arch}`");
            let variant_member = site.node.get("variant");
            match (new_variant.as_deref(), variant) {
                (Some(new), old) if Some(new) != old => {
                    title.push_str(&format!(" and set `variant` to `{new}`"));
                    edits.extend(match variant_member {
                        Some(member) => Some(ctx.editor().replace_string(&member.value, new)),
                        None => {
                            let at = site
                                .node
                                .members()
                                .unwrap_or_default()
                                .iter()
                                .position(|m| m.value.range == node.range);
                            fixes::insert_new(ctx, site.node, at, "variant", &quote(new))
                        }
                    });
                }
                (None, Some(_)) => {
                    title.push_str(" and remove `variant`");
                    edits.extend(variant_member.and_then(|member| fixes::remove(ctx, member)));
                }
                _ => {}
            }
            diagnostic.fix(FixSafety::Unsafe, title, edits);
        }
    }
}
