//! CFG001: an image config has `architecture` and `os` (strings) and `rootfs` (an object).

use super::super::prelude::*;

declare_rule! {
    code: "CFG001",
    name: "config-required-fields",
    severity: Error,
    since: "0.1.0",
    summary: "An image config needs `architecture` and `os` (strings) and `rootfs` (an object).",
    why: "All three are REQUIRED by image-spec (and by Docker's image format, which is a \
          superset). Docker refuses a config without `rootfs` (`invalid image JSON, no \
          RootFS key`); without `architecture`/`os` the image matches no host, and \
          containerd, podman and Docker decode the config into typed Go structs, so a \
          value of the wrong type (`\"os\": 123`) makes the whole config unreadable \
          (`json: cannot unmarshal number into Go struct field …`).",
    how_to_fix: "Add the missing members: `\"architecture\"` and `\"os\"` with the GOARCH \
                 and GOOS the binaries are built for, and `\"rootfs\": {\"type\": \
                 \"layers\", \"diff_ids\": [ … ]}` listing the uncompressed digest of every \
                 layer.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#properties",
    examples: [
        invalid(r#"{"os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        invalid(r#"{"architecture": "amd64", "os": 123, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"architecture": "amd64", "os": "linux", "docker_version": "24.0.7", "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.docker.container.image.v1+json"),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let Some(root) = ctx.config_root() else {
        return;
    };
    for (key, expected) in [
        ("architecture", "a string such as `amd64`"),
        ("os", "a string such as `linux`"),
        ("rootfs", "an object with `type` and `diff_ids`"),
    ] {
        match root.get(key) {
            // A config nothing selects or runs (a signature's, in a bundle) names no platform
            // whether its `architecture` is `""` (PLT003's) or absent: Go decodes both alike.
            None if key != "rootfs" && ctx.config_of.is_some() => {}
            None => {
                out.emit(
                    head(root),
                    Pointer::root(),
                    format!(
                        "this image config has no `{key}`; `architecture`, `os` and `rootfs` are REQUIRED"
                    ),
                );
            }
            Some(member) => {
                let right = if key == "rootfs" {
                    member.value.is_object()
                } else {
                    member.value.as_str().is_some()
                };
                if !right {
                    out.emit(
                        member.value.range,
                        Pointer::root().key(key),
                        format!(
                            "`{key}` is {}; it must be {expected}",
                            member.value.type_name()
                        ),
                    );
                }
            }
        }
    }
}
