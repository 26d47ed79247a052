//! CFG002: `rootfs.type` is `layers`.

use super::super::prelude::*;

declare_rule! {
    code: "CFG002",
    name: "config-rootfs-type",
    severity: Error,
    since: "0.1.0",
    summary: "`rootfs.type` must be present and be exactly `layers`.",
    why: "`layers` is the only root filesystem type image-spec defines, and implementations \
          MUST generate an error on any other value while verifying or unpacking the image. \
          image-spec's schema requires the member. Tools that compute the image's layer \
          chain (BuildKit, containerd) treat a config with another type as having no \
          layers at all.",
    how_to_fix: "Write `\"type\": \"layers\"` inside `rootfs`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#properties",
    examples: [
        invalid(r#"{"architecture": "amd64", "os": "linux", "rootfs": {"type": "layer", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        invalid(r#"{"architecture": "amd64", "os": "linux", "rootfs": {"diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let Some(rootfs) = ctx.rootfs() else {
        return;
    };
    let pointer = Pointer::root().key("rootfs");
    let Some(member) = rootfs.get("type") else {
        out.emit(
            head(rootfs),
            pointer,
            "`rootfs` has no `type`; it must be `\"type\": \"layers\"`",
        );
        return;
    };
    let message = match member.value.as_str() {
        Some("layers") => return,
        Some(other) => format!("`rootfs.type` is `{other}`; the only type defined is `layers`"),
        None => format!(
            "`rootfs.type` is {}; it must be the string `layers`",
            member.value.type_name()
        ),
    };
    out.emit(member.value.range, pointer.key("type"), message);
}
