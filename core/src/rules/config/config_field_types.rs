//! CFG009: the image config's fields have the JSON types image-spec gives them (`null`
//! standing for absent).

use super::super::prelude::*;

declare_rule! {
    code: "CFG009",
    name: "config-field-types",
    covers: ["config-field-types", "config-null-optional"],
    severity: Error,
    since: "0.1.0",
    summary: "Image config fields must have their defined types: `config.User` a string, `Cmd` an array of strings, `history` an array of objects, …",
    why: "image-spec types every config field, and its validator, Docker, containerd and \
          podman all decode the config into Go structs: one value of the wrong type \
          (`\"User\": 1234`, `\"history\": \"…\"`, `\"ExposedPorts\": {\"80/tcp\": \
          true}`) makes the whole config unreadable (`json: cannot unmarshal number into Go \
          struct field ImageConfig.config.User of type string`) and the image cannot be \
          pulled or run. Any OPTIONAL field MAY be `null`, which means absent. Docker's \
          format also accepts a single string for `Cmd` and `Entrypoint`; fields image-spec \
          does not define are never reported (extra fields MUST NOT be errors).",
    how_to_fix: "Write the value with its type: quote numbers meant as strings \
                 (`\"User\": \"1234\"`), wrap single commands in an array (`\"Cmd\": \
                 [\"sh\"]`), write sets as objects of `{}` (`\"ExposedPorts\": {\"80/tcp\": \
                 {}}`).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#properties",
    examples: [
        invalid(r#"{"architecture": "amd64", "os": "linux", "config": {"User": 1234}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        invalid(r#"{"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}, "history": "should be an array"}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        invalid(r#"{"architecture": "amd64", "os": "linux", "config": {"Volumes": ["/data"], "Cmd": "sh"}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"architecture": "amd64", "os": "linux", "author": null, "config": {"User": "1000:1000", "Cmd": null, "Entrypoint": ["/bin/app"], "Volumes": {"/data": {}}, "ArgsEscaped": false}, "rootfs": {"type": "layers", "diff_ids": []}, "history": [{"created_by": "/bin/sh", "empty_layer": true}]}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"architecture": "amd64", "os": "linux", "config": {"Cmd": "sh", "OnBuild": null, "Healthcheck": {"Test": ["CMD", "true"]}}, "container_config": {"Cmd": 1}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.docker.container.image.v1+json"),
    ],
    check: Document(check),
}

/// What a field may hold.
#[derive(Clone, Copy)]
enum Shape {
    String,
    Bool,
    Object,
    /// An object whose values are objects (a Go `map[string]struct{}`).
    Set,
    /// An array of strings, or (in Docker's format) one string.
    Command,
    /// An array of objects: `history`.
    History,
}

impl Shape {
    fn expected(self) -> &'static str {
        match self {
            Shape::String => "a string",
            Shape::Bool => "a boolean (`true` or `false`)",
            Shape::Object => "an object",
            Shape::Set => "an object whose values are `{}`",
            Shape::Command => "an array of strings",
            Shape::History => "an array of objects",
        }
    }
}

const TOP: [(&str, Shape); 4] = [
    ("created", Shape::String),
    ("author", Shape::String),
    ("config", Shape::Object),
    ("history", Shape::History),
];

const EXEC: [(&str, Shape); 9] = [
    ("User", Shape::String),
    ("ExposedPorts", Shape::Set),
    ("Entrypoint", Shape::Command),
    ("Cmd", Shape::Command),
    ("Volumes", Shape::Set),
    ("WorkingDir", Shape::String),
    ("StopSignal", Shape::String),
    ("ArgsEscaped", Shape::Bool),
    ("Healthcheck", Shape::Object),
];

const HISTORY: [(&str, Shape); 5] = [
    ("created", Shape::String),
    ("author", Shape::String),
    ("created_by", Shape::String),
    ("comment", Shape::String),
    ("empty_layer", Shape::Bool),
];

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let Some(root) = ctx.config_root() else {
        return;
    };
    let docker = ctx.kind == Kind::DockerConfig;
    let mut checker = Checker { ctx, out, docker };
    checker.fields(root, &Pointer::root(), &TOP, "");
    if let Some(config) = root.get("config").filter(|m| m.value.is_object()) {
        checker.fields(
            &config.value,
            &Pointer::root().key("config"),
            &EXEC,
            "config.",
        );
    }
    if let Some(history) = root.get("history").and_then(|m| m.value.items()) {
        let base = Pointer::root().key("history");
        for (index, entry) in history.iter().enumerate() {
            if entry.is_object() {
                let prefix = format!("history[{index}].");
                checker.fields(entry, &base.index(index), &HISTORY, &prefix);
            }
        }
    }
}

struct Checker<'c, 'a, 'o> {
    ctx: &'c Context<'a>,
    out: &'c mut Emitter<'o>,
    docker: bool,
}

impl Checker<'_, '_, '_> {
    fn fields(&mut self, object: &Node, base: &Pointer, fields: &[(&str, Shape)], prefix: &str) {
        for &(key, shape) in fields {
            let Some(member) = object.get(key) else {
                continue;
            };
            let name = format!("{prefix}{key}");
            self.value(&member.value, base.key(key), &name, shape);
        }
    }

    fn value(&mut self, node: &Node, pointer: Pointer, name: &str, shape: Shape) {
        let ok = match (&node.value, shape) {
            // "Any OPTIONAL field MAY also be set to null, which is equivalent to being absent."
            (Value::Null, _) => true,
            (Value::String(_), Shape::String) => true,
            (Value::String(_), Shape::Command) => self.docker,
            (Value::Bool(_), Shape::Bool) => true,
            (Value::Object(_), Shape::Object) => true,
            (Value::Object(members), Shape::Set) => {
                for member in members.iter() {
                    if !member.value.is_object() {
                        self.out.emit(
                            member.value.range,
                            pointer.key(member.key),
                            format!(
                                "`{name}` maps `{}` to {}; every value must be `{{}}`",
                                member.key,
                                member.value.type_name()
                            ),
                        );
                    }
                }
                true
            }
            (Value::Array(items), Shape::Command) => {
                for (index, item) in items.iter().enumerate() {
                    if item.as_str().is_none() {
                        self.out.emit(
                            item.range,
                            pointer.index(index),
                            format!(
                                "`{name}` item {index} is {}; every item must be a string",
                                item.type_name()
                            ),
                        );
                    }
                }
                true
            }
            (Value::Array(items), Shape::History) => {
                for (index, item) in items.iter().enumerate() {
                    if !item.is_object() {
                        self.out.emit(
                            item.range,
                            pointer.index(index),
                            format!(
                                "`history` item {index} is {}; every entry must be an object",
                                item.type_name()
                            ),
                        );
                    }
                }
                true
            }
            _ => false,
        };
        if ok {
            return;
        }
        let message = match (&node.value, shape) {
            (Value::Number | Value::Bool(_), Shape::String) => {
                let raw = String::from_utf8_lossy(&self.ctx.document.source[node.range.as_usize()]);
                format!(
                    "`{name}` is {} ({raw}); it must be a string: write `\"{raw}\"`",
                    node.type_name()
                )
            }
            (Value::String(text), Shape::Command) => format!(
                "`{name}` is the string `{text}`; an OCI config needs an array: `[\"{text}\"]` (or split into arguments)"
            ),
            (Value::Array(items), Shape::Set) => {
                let keys: Vec<String> = items
                    .iter()
                    .filter_map(Node::as_str)
                    .take(3)
                    .map(|k| format!("\"{k}\": {{}}"))
                    .collect();
                if keys.is_empty() {
                    format!("`{name}` is an array; it must be {}", shape.expected())
                } else {
                    format!(
                        "`{name}` is an array; it must be an object: `{{{}}}`",
                        keys.join(", ")
                    )
                }
            }
            (Value::String(text), Shape::Bool) if *text == "true" || *text == "false" => {
                format!("`{name}` is the string `\"{text}\"`; it must be the boolean `{text}`")
            }
            _ => format!(
                "`{name}` is {}; it must be {}",
                node.type_name(),
                shape.expected()
            ),
        };
        self.out.emit(node.range, pointer, message);
    }
}
