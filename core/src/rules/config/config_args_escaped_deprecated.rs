//! CFG011: `config.ArgsEscaped` is deprecated.

use super::super::prelude::*;

declare_rule! {
    code: "CFG011",
    name: "config-args-escaped-deprecated",
    severity: Info,
    since: "0.1.0",
    summary: "`config.ArgsEscaped` is deprecated; it only has an effect for Windows images in Docker.",
    why: "image-spec keeps `ArgsEscaped` for legacy compatibility with Docker and says new \
          image builders should not use it. Docker uses it on Windows to pass a shell-form \
          `Entrypoint`/`Cmd` as one pre-escaped command line; on other systems nothing \
          reads it. BuildKit still sets it for shell-form commands, so it is common and \
          harmless on Linux.",
    how_to_fix: "Nothing is required. A builder you control can omit it, and use exec-form \
                 (`[\"executable\", \"arg\"]`) commands instead of shell form.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#properties",
    examples: [
        invalid(r#"{"architecture": "amd64", "os": "linux", "config": {"Cmd": ["/bin/sh", "-c", "echo hi"], "ArgsEscaped": true}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"architecture": "amd64", "os": "linux", "config": {"Cmd": ["/bin/sh", "-c", "echo hi"]}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let Some((config, base)) = ctx.exec_config() else {
        return;
    };
    let Some(member) = config.get("ArgsEscaped") else {
        return;
    };
    if !matches!(member.value.value, Value::Bool(true)) {
        return;
    }
    let os = ctx
        .config_root()
        .and_then(|root| root.get("os"))
        .and_then(|m| m.value.as_str());
    let message = match os {
        Some("windows") => "`ArgsEscaped` is deprecated; Docker still uses it for Windows images, other runtimes ignore it".to_owned(),
        Some(os) if !os.is_empty() => format!(
            "`ArgsEscaped` is deprecated and has no effect on `{os}`"
        ),
        _ => "`ArgsEscaped` is deprecated; only Docker on Windows uses it".to_owned(),
    };
    out.emit(ctx.key_range(member), base.key("ArgsEscaped"), message);
}
