//! CFG012: the `history` entries that made a layer match `rootfs.diff_ids` one to one.

use super::super::prelude::*;

declare_rule! {
    code: "CFG012",
    name: "config-history-layer-count",
    severity: Warning,
    since: "0.1.0",
    summary: "The `history` entries without `\"empty_layer\": true` should be as many as `rootfs.diff_ids`.",
    why: "Each `history` entry describes one build step; the steps that produced a layer \
          (no `empty_layer: true`) correspond to the layers in `rootfs.diff_ids`, in order. \
          With more such entries than layers, Docker's image store refuses the config on \
          pull or load (`too many non-empty layers in History section`) and `docker \
          history` fails the same way; with fewer, `docker history` and image explorers \
          attribute layers to the wrong commands. It usually means `empty_layer` is missing \
          on metadata-only steps (`ENV`, `CMD`, `LABEL`), or a tool appended layers without \
          appending history.",
    how_to_fix: "Mark steps that made no layer with `\"empty_layer\": true`, and add one \
                 history entry per appended layer (or remove `history` if it cannot be \
                 reconstructed).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#properties",
    examples: [
        invalid(r#"{"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": ["sha256:c6f988f4874bb0add23a778f753c65efe992244e148a1d2ec2a8b664fb66bbd1"]}, "history": [{"created_by": "/bin/sh -c #(nop) ADD file:a3bc in /"}, {"created_by": "/bin/sh -c #(nop) CMD [\"sh\"]"}]}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": ["sha256:c6f988f4874bb0add23a778f753c65efe992244e148a1d2ec2a8b664fb66bbd1"]}, "history": [{"created_by": "/bin/sh -c #(nop) ADD file:a3bc in /"}, {"created_by": "/bin/sh -c #(nop) CMD [\"sh\"]", "empty_layer": true}]}"#, content_type: "application/vnd.oci.image.config.v1+json"),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let (Some(root), Some(rootfs)) = (ctx.config_root(), ctx.rootfs()) else {
        return;
    };
    let Some(history_member) = root.get("history") else {
        return;
    };
    let (Some(history), Some(diff_ids_member)) =
        (history_member.value.items(), rootfs.get("diff_ids"))
    else {
        return;
    };
    let Some(diff_ids) = diff_ids_member.value.items() else {
        return;
    };
    // An empty history records nothing; only a partial one misleads.
    if history.is_empty() {
        return;
    }
    let layered = history
        .iter()
        .filter(|entry| {
            entry.is_object()
                && !matches!(
                    entry.get("empty_layer").map(|m| &m.value.value),
                    Some(Value::Bool(true))
                )
        })
        .count();
    if layered == diff_ids.len() {
        return;
    }
    let entries = |n: usize| if n == 1 { "entry" } else { "entries" };
    let layers = |n: usize| if n == 1 { "layer" } else { "layers" };
    out.emit(
        ctx.key_range(history_member),
        Pointer::root().key("history"),
        format!(
            "`history` has {layered} {} that made a layer, but `rootfs.diff_ids` lists {} {}{}",
            entries(layered),
            diff_ids.len(),
            layers(diff_ids.len()),
            if layered > diff_ids.len() {
                "; Docker refuses to store such an image"
            } else {
                ""
            }
        ),
    )
    .related(
        ctx.key_range(diff_ids_member),
        Pointer::root().key("rootfs").key("diff_ids"),
        format!("{} {} here", diff_ids.len(), layers(diff_ids.len())),
    );
}
