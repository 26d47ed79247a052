//! LAY001: the `oci-layout` file is an object with `"imageLayoutVersion": "1.0.0"`.

use super::super::prelude::*;

/// The only layout version image-spec has defined (`specs-go` `ImageLayoutVersion`).
const LAYOUT_VERSION: &str = "1.0.0";

declare_rule! {
    code: "LAY001",
    name: "layout-oci-layout-file",
    severity: Error,
    since: "0.1.0",
    summary: "An `oci-layout` file must contain `\"imageLayoutVersion\": \"1.0.0\"`.",
    why: "The `oci-layout` file marks the root of an OCI image layout and says which \
          version of the layout it uses. It MUST be a JSON object with \
          `imageLayoutVersion`; image-spec's schema accepts only `1.0.0`, the one version \
          defined so far. Readers check it: containerd (`ctr images import`, `docker load` \
          with the containerd store) refuses anything else with `unsupported OCI version \
          …`, and a layout whose version is missing or empty is not recognized as OCI at \
          all (`unrecognized image format`). oci-spec-rs alone accepts any string. Other \
          members are allowed.",
    how_to_fix: "Write the file as `{\"imageLayoutVersion\": \"1.0.0\"}`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md#oci-layout-file",
    examples: [
        invalid(r#"{"imageLayoutVersion": "1.1.0"}"#, content_type: "application/vnd.oci.layout.header.v1+json"),
        invalid(r#"{"version": "1.0.0"}"#, content_type: "application/vnd.oci.layout.header.v1+json"),
        valid(r#"{"imageLayoutVersion": "1.0.0"}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciLayoutHeader || !ctx.root.is_object() {
        return;
    }
    let Some(member) = ctx.root.get("imageLayoutVersion") else {
        out.emit(
            head(ctx.root),
            Pointer::root(),
            "this `oci-layout` file has no `imageLayoutVersion`; it must be `\"imageLayoutVersion\": \"1.0.0\"`",
        );
        return;
    };
    let value = &member.value;
    let message = match &value.value {
        Value::String(version) if *version == LAYOUT_VERSION => return,
        Value::String("") => {
            "`imageLayoutVersion` is empty; readers take the layout for a Docker archive. It must be `1.0.0`".to_owned()
        }
        Value::String(version) => format!(
            "`imageLayoutVersion` is `{version}`; the only layout version defined is `1.0.0`, and readers refuse others"
        ),
        Value::Number => {
            let raw = ctx.document.number_text(value);
            format!("`imageLayoutVersion` is the number {raw}; it must be the string `\"1.0.0\"`")
        }
        _ => format!(
            "`imageLayoutVersion` is {}; it must be the string `\"1.0.0\"`",
            value.type_name()
        ),
    };
    out.emit(
        value.range,
        Pointer::root().key("imageLayoutVersion"),
        message,
    );
}
