//! CFG010: `Memory`, `MemorySwap`, `CpuShares` and `Healthcheck` in an OCI config are
//! reserved for Docker compatibility.

use super::super::prelude::*;

const RESERVED: [&str; 4] = ["Memory", "MemorySwap", "CpuShares", "Healthcheck"];

declare_rule! {
    code: "CFG010",
    name: "config-reserved-fields",
    severity: Info,
    since: "0.1.0",
    summary: "`config.Memory`, `MemorySwap`, `CpuShares` and `Healthcheck` are reserved in OCI configs: only Docker acts on them.",
    why: "image-spec reserves these properties to stay compatible with Docker's format \
          and gives them no meaning. Docker honors `Healthcheck` from any config, but \
          OCI-only tools do not: containers/image drops it when converting between \
          formats, and buildah/podman building in OCI format warn `HEALTHCHECK is not \
          supported for OCI image format and will be ignored`. The resource limits are \
          ignored by current runtimes.",
    how_to_fix: "Keep the field if the image is run by Docker; otherwise define the \
                 health check or limits where the image is deployed (compose file, \
                 Kubernetes probes and resources).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#properties",
    examples: [
        invalid(r#"{"architecture": "amd64", "os": "linux", "config": {"Healthcheck": {"Test": ["CMD", "curl", "-f", "http://localhost/"]}}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"architecture": "amd64", "os": "linux", "config": {"Healthcheck": {"Test": ["CMD", "curl", "-f", "http://localhost/"]}}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.docker.container.image.v1+json"),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    // In Docker's format these are its own fields.
    if ctx.kind != Kind::OciConfig {
        return;
    }
    let Some((config, base)) = ctx.exec_config() else {
        return;
    };
    for member in config.members().unwrap_or_default() {
        if !RESERVED.contains(&member.key) || matches!(member.value.value, Value::Null) {
            continue;
        }
        let note = if member.key == "Healthcheck" {
            "Docker runs it; OCI-only tools (podman, buildah, skopeo conversions) ignore or drop it"
        } else {
            "current runtimes ignore it"
        };
        out.emit(
            ctx.key_range(member),
            base.key(member.key),
            format!(
                "`{}` is reserved in OCI configs for Docker compatibility: {note}",
                member.key
            ),
        );
    }
}
