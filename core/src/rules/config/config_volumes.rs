//! CFG007: `config.Volumes` maps absolute paths to `{}`.

use super::super::prelude::*;

declare_rule! {
    code: "CFG007",
    name: "config-volumes",
    severity: Warning,
    since: "0.1.0",
    summary: "`config.Volumes` keys should be absolute paths in the container, each mapped to `{}`.",
    why: "`Volumes` is a set of directories where the container is likely to write data, \
          serialized from Go's `map[string]struct{}`: keys are paths, values `{}`. Runtimes \
          mount an anonymous volume at each key when a container starts, and a relative or \
          empty path is not a mount point in the container: depending on the runtime the \
          container fails to start or the volume is skipped. Members inside a value are \
          discarded.",
    how_to_fix: "Use absolute paths as keys, e.g. `\"Volumes\": {\"/var/lib/data\": {}}`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#properties",
    examples: [
        invalid(r#"{"architecture": "amd64", "os": "linux", "config": {"Volumes": {"data": {}}}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"architecture": "amd64", "os": "linux", "config": {"Volumes": {"/var/lib/data": {}}}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"architecture": "amd64", "os": "windows", "config": {"Volumes": {"C:\\data": {}}}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let Some((config, base)) = ctx.exec_config() else {
        return;
    };
    // Other types are reported by `config-field-types`.
    let Some(members) = config.get("Volumes").and_then(|m| m.value.members()) else {
        return;
    };
    let windows = ctx
        .config_root()
        .and_then(|root| root.get("os"))
        .and_then(|m| m.value.as_str())
        == Some("windows");
    let pointer = base.key("Volumes");
    for member in members {
        let path = member.key;
        let problem = if path.trim().is_empty() {
            Some("an empty path cannot be a mount point".to_owned())
        } else if !windows && !path.starts_with('/') {
            Some(format!(
                "`{path}` is not an absolute path; mount points in the container are absolute, e.g. `/{}`",
                path.trim_start_matches("./")
            ))
        } else if windows && !is_windows_absolute(path) {
            Some(format!(
                "`{path}` is not an absolute Windows path such as `C:\\data`"
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            out.emit(ctx.key_range(member), pointer.key(path), problem);
        }
        if member.value.members().is_some_and(|m| !m.is_empty()) {
            out.emit(
                member.value.range,
                pointer.key(path),
                format!("the value of `{path}` should be `{{}}`; its members are ignored"),
            );
        }
    }
}

/// `C:\…`, `C:/…`, or a rooted path (`\…`, `/…`).
fn is_windows_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    matches!(b.first(), Some(b'\\' | b'/'))
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'\\' | b'/'))
}
