//! CFG005: `config.Env` is an array of `NAME=value` strings.

use super::super::prelude::*;

declare_rule! {
    code: "CFG005",
    name: "config-env-format",
    severity: Error,
    since: "0.1.0",
    summary: "`config.Env` must be an array of `NAME=value` strings.",
    why: "image-spec gives `Env` entries the form `VARNAME=VARVALUE`, and its validator \
          refuses any entry that does not match `^[^=]+=.*$` (`unexpected env: \"PATH\"`). \
          Runtimes hand the entries to the process as they are: an entry without `=` \
          defines no variable, and one starting with `=` has no name. A non-string entry \
          makes Go consumers fail to decode the whole config (`cannot unmarshal number \
          into Go struct field ImageConfig.config.Env of type string`).",
    how_to_fix: "Write every entry as `NAME=value` (an empty value is `NAME=`), e.g. \
                 `\"Env\": [\"PATH=/usr/local/bin:/usr/bin:/bin\"]`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#properties",
    examples: [
        invalid(r#"{"architecture": "amd64", "os": "linux", "config": {"Env": ["PATH"]}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        invalid(r#"{"architecture": "amd64", "os": "linux", "config": {"Env": "PATH=/bin"}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"architecture": "amd64", "os": "linux", "config": {"Env": ["PATH=/usr/bin:/bin", "EMPTY=", "EQ=a=b"]}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let Some((config, base)) = ctx.exec_config() else {
        return;
    };
    let Some(member) = config.get("Env") else {
        return;
    };
    let pointer = base.key("Env");
    let items = match &member.value.value {
        Value::Array(items) => items,
        // An OPTIONAL config field MAY be null.
        Value::Null => return,
        Value::String(text) => {
            out.emit(
                member.value.range,
                pointer,
                format!("`Env` is the string `{text}`; it must be an array: `[\"{text}\"]`"),
            );
            return;
        }
        _ => {
            out.emit(
                member.value.range,
                pointer,
                format!(
                    "`Env` is {}; it must be an array of `NAME=value` strings",
                    member.value.type_name()
                ),
            );
            return;
        }
    };
    for (index, item) in items.iter().enumerate() {
        let message = match item.as_str() {
            None if matches!(item.value, Value::Number | Value::Bool(_)) => {
                let raw = String::from_utf8_lossy(&ctx.document.source[item.range.as_usize()]);
                format!(
                    "`Env` item {index} is {} ({raw}); it must be a `NAME=value` string",
                    item.type_name()
                )
            }
            None => format!(
                "`Env` item {index} is {}; it must be a `NAME=value` string",
                item.type_name()
            ),
            Some(entry) => match entry.split_once('=') {
                Some((name, _)) if !name.is_empty() => continue,
                Some(_) => format!("`{entry}` starts with `=`: the variable has no name"),
                None if entry.is_empty() => {
                    "this entry is empty; entries are `NAME=value`".to_owned()
                }
                None => format!(
                    "`{entry}` has no `=`; entries are `NAME=value` (write `{entry}=` for an empty value)"
                ),
            },
        };
        out.emit(item.range, pointer.index(index), message);
    }
}
