//! PLT001: an index entry's `platform` is an object, and the optional platform strings
//! (`variant`, `os.version`) are strings, in index entries and in image configs.

use super::super::prelude::*;
use super::super::DescriptorRole;

declare_rule! {
    code: "PLT001",
    name: "platform-object",
    severity: Error,
    since: "0.1.0",
    summary: "`platform` is an object, and its `variant` and `os.version` are strings (in an index entry or an image config).",
    why: "image-spec's schema types `platform` as an object with string members, and every \
          Go consumer decodes it into a struct (`ocispec.Platform`): `\"platform\": \
          \"linux/amd64\"` or `\"variant\": 8` fails with `json: cannot unmarshal …`, so \
          containerd, Docker, podman and the registries that parse indexes refuse the whole \
          index or config. In a config, an optional field MAY be `null` (it means absent).",
    how_to_fix: "Write the platform as an object, e.g. `{\"architecture\": \"arm64\", \
                 \"os\": \"linux\", \"variant\": \"v8\"}`, with every value a string.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": "linux/amd64"}]}"#),
        invalid(r#"{"architecture": "arm64", "variant": 8, "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(examples::OCI_INDEX_ARM64_V8),
        valid(r#"{"architecture": "amd64", "os": "linux", "variant": null, "os.version": null, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind.is_index() {
        for site in ctx.descriptors() {
            if site.role != DescriptorRole::Manifest {
                continue;
            }
            let Some(member) = site.platform() else {
                continue;
            };
            let value = &member.value;
            if value.is_object() {
                continue;
            }
            let message = match value.as_str() {
                Some(text) => match text.split_once('/') {
                    Some((os, rest)) if !os.is_empty() && !rest.is_empty() => {
                        let mut parts = rest.splitn(2, '/');
                        let architecture = parts.next().unwrap_or("");
                        let variant = parts
                            .next()
                            .map(|v| format!(", \"variant\": \"{v}\""))
                            .unwrap_or_default();
                        format!(
                            "`platform` is the string `{text}`; it must be an object: `{{\"os\": \"{os}\", \"architecture\": \"{architecture}\"{variant}}}`"
                        )
                    }
                    _ => format!("`platform` is the string `{text}`; it must be an object with `architecture` and `os`"),
                },
                None => format!(
                    "`platform` is {}; it must be an object with `architecture` and `os`",
                    value.type_name()
                ),
            };
            out.emit(value.range, site.pointer.part(Part::Platform), message);
        }
    }
    for site in ctx.platform_sites() {
        for key in ["variant", "os.version"] {
            let Some(member) = site.node.get(key) else {
                continue;
            };
            let value = &member.value;
            let allowed = match value.value {
                Value::String(_) => true,
                // "Any OPTIONAL field MAY also be set to null" holds for configs only.
                Value::Null => site.in_config(),
                _ => false,
            };
            if !allowed {
                let example = if key == "variant" {
                    "`v8`"
                } else {
                    "`10.0.17763.5458`"
                };
                out.emit(
                    value.range,
                    site.pointer.key(key),
                    format!(
                        "`{key}` is {}; it must be a string such as {example}",
                        value.type_name()
                    ),
                );
            }
        }
    }
}
