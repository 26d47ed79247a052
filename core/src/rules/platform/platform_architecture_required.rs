//! PLT002: a `platform` object in an index or manifest list has `architecture` and `os`,
//! both strings.

use super::super::prelude::*;

declare_rule! {
    code: "PLT002",
    name: "platform-architecture-required",
    covers: ["platform-architecture-required", "platform-os-required"],
    severity: Error,
    since: "0.1.0",
    summary: "A `platform` object must have `architecture` and `os`, both strings.",
    why: "`platform` is OPTIONAL in an OCI index, but when present its `architecture` and \
          `os` are REQUIRED (image-spec's schema refuses the entry otherwise), and Docker \
          lists always carry both. Quay refuses such an index (`'architecture' is a \
          required property`), and a platform without them matches no host: containers/image \
          compares `os`/`architecture` literally, so the entry is never selected (`no image \
          found in manifest list for architecture \"amd64\", variant \"\", OS \"linux\"`). \
          Image configs are checked by `config-required-fields`.",
    how_to_fix: "Add both, with the GOOS and GOARCH of the image the entry points at, e.g. \
                 `\"platform\": {\"architecture\": \"amd64\", \"os\": \"linux\"}`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"os": "linux"}}]}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json", "manifests": [{"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "amd64", "os": null}}]}"#),
        valid(examples::OCI_INDEX_AMD64),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.platform_sites() {
        if site.in_config() {
            continue;
        }
        for (key, example) in [("architecture", "`amd64`"), ("os", "`linux`")] {
            match site.node.get(key) {
                None => {
                    out.emit(
                        site.head(),
                        site.pointer,
                        format!(
                            "this platform has no `{key}`; a platform requires `architecture` and `os`"
                        ),
                    );
                }
                Some(member) if member.value.as_str().is_none() => {
                    out.emit(
                        member.value.range,
                        site.pointer.key(key),
                        format!(
                            "`{key}` is {}; it must be a string such as {example}",
                            member.value.type_name()
                        ),
                    );
                }
                Some(_) => {}
            }
        }
    }
}
