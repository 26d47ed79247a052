//! CFG008: `config.Labels` follows the annotation rules: a map of strings to strings.

use super::super::prelude::*;

declare_rule! {
    code: "CFG008",
    name: "config-labels-annotation-rules",
    severity: Error,
    since: "0.1.0",
    summary: "`config.Labels` must be an object whose values are all strings.",
    why: "image-spec says `Labels` MUST use the annotation rules: a map whose keys and \
          values are strings, every value present (`null` is not a string). Docker, \
          containerd and podman decode it into `map[string]string`, so `\"Labels\": \
          {\"version\": 2}` or an array makes the whole config unreadable (`json: cannot \
          unmarshal number into Go struct field ImageConfig.config.Labels of type \
          string`) and the pull fails; registries that index labels (Quay, Harbor) skip \
          or reject it.",
    how_to_fix: "Quote every value (`\"version\": \"2\"`); use `\"\"` for an empty value.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md#rules",
    examples: [
        invalid(r#"{"architecture": "amd64", "os": "linux", "config": {"Labels": {"com.example.version": 2}}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        invalid(r#"{"architecture": "amd64", "os": "linux", "config": {"Labels": ["maintainer=me"]}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.docker.container.image.v1+json"),
        valid(r#"{"architecture": "amd64", "os": "linux", "config": {"Labels": {"com.example.version": "2", "com.example.empty": ""}}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let Some((config, base)) = ctx.exec_config() else {
        return;
    };
    let Some(member) = config.get("Labels") else {
        return;
    };
    let pointer = base.key("Labels");
    let members = match &member.value.value {
        Value::Object(members) => members,
        // An OPTIONAL config field MAY be null.
        Value::Null => return,
        _ => {
            out.emit(
                member.value.range,
                pointer,
                format!(
                    "`Labels` is {}; it must be an object mapping label names to strings",
                    member.value.type_name()
                ),
            );
            return;
        }
    };
    for label in members.iter() {
        let value = &label.value;
        if value.as_str().is_some() {
            continue;
        }
        let message = match &value.value {
            Value::Null => format!(
                "label `{}` is null; values must be strings (`\"\"` for an empty one)",
                label.key
            ),
            Value::Number | Value::Bool(_) => {
                let raw = String::from_utf8_lossy(&ctx.document.source[value.range.as_usize()]);
                format!(
                    "label `{}` is {} ({raw}); values must be strings: write `\"{raw}\"`",
                    label.key,
                    value.type_name()
                )
            }
            _ => format!(
                "label `{}` is {}; values must be strings",
                label.key,
                value.type_name()
            ),
        };
        out.emit(value.range, pointer.key(label.key), message);
    }
}
