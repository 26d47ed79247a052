//! PLT011: `os.features` is an array of strings.

use super::super::prelude::*;

declare_rule! {
    code: "PLT011",
    name: "platform-os-features-array",
    severity: Error,
    since: "0.1.0",
    summary: "`os.features` must be an array of strings, e.g. `[\"win32k\"]`.",
    why: "image-spec types `os.features` as an array of strings (in index entries and in \
          image configs), and Go consumers decode it into `[]string`: a bare string or a \
          number fails with `json: cannot unmarshal string into Go struct field \
          Platform.os.features of type []string`, so the whole index or config is refused. \
          In a config, `null` is allowed and means absent.",
    how_to_fix: "Write it as an array: `\"os.features\": [\"win32k\"]`, or drop it.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "amd64", "os": "windows", "os.features": "win32k"}}]}"#),
        invalid(r#"{"architecture": "amd64", "os": "windows", "os.features": ["win32k", 1], "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(examples::OCI_INDEX_WINDOWS_WIN32K),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.platform_sites() {
        let Some(member) = site.node.get("os.features") else {
            continue;
        };
        let value = &member.value;
        let pointer = site.pointer.key("os.features");
        match &value.value {
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    if item.as_str().is_none() {
                        out.emit(
                            item.range,
                            pointer.index(index),
                            format!(
                                "`os.features` item {index} is {}; every item must be a string",
                                item.type_name()
                            ),
                        );
                    }
                }
            }
            // "Any OPTIONAL field MAY also be set to null" holds for configs only.
            Value::Null if site.in_config() => {}
            Value::String(text) => {
                out.emit(
                    value.range,
                    pointer,
                    format!(
                        "`os.features` is the string `{text}`; it must be an array: `[\"{text}\"]`"
                    ),
                );
            }
            _ => {
                out.emit(
                    value.range,
                    pointer,
                    format!(
                        "`os.features` is {}; it must be an array of strings",
                        value.type_name()
                    ),
                );
            }
        }
    }
}
