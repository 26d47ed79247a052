//! MAN007: an image manifest's OCI image config is not the empty `{}` blob.

use super::super::prelude::*;
use crate::spec::media_types as mt;

declare_rule! {
    code: "MAN007",
    name: "manifest-config-runnable-unique",
    severity: Warning,
    fix: Always(Unsafe),
    since: "0.1.0",
    summary: "An OCI image config should not be the empty `{}` (or zero-byte) blob.",
    why: "image-spec strongly recommends that a runnable manifest's config hold enough \
          data (`rootfs`, `diff_ids`) to be unique, because the config digest is the \
          image ID. A config typed `application/vnd.oci.image.config.v1+json` whose digest \
          is that of `{}` (or of zero bytes) has no `architecture`, `os` or `rootfs`: \
          runtimes cannot run it, and every such manifest shares one image ID. This shape \
          usually comes from an artifact tool that used the image config type by mistake.",
    how_to_fix: "For an artifact, use the empty descriptor type \
                 `application/vnd.oci.empty.v1+json` for `config` and set `artifactType`. \
                 For an image, point `config` at a real image config with `rootfs.diff_ids`. \
                 The fix does the former (`artifactType` is then yours to set).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654}]}"#),
        valid(examples::OCI_IMAGE_MANIFEST),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciManifest {
        return;
    }
    let Some(config) = ctx.root.get("config").filter(|c| c.value.is_object()) else {
        return;
    };
    let config = &config.value;
    if config.get("mediaType").and_then(|m| m.value.as_str()) != Some(mt::OCI_CONFIG) {
        return;
    }
    let Some(digest) = config.get("digest") else {
        return;
    };
    let what = match digest.value.as_str() {
        Some(mt::EMPTY_JSON_DIGEST) => "`{}` (2 bytes)",
        Some(mt::EMPTY_BLOB_DIGEST) => "zero bytes",
        _ => return,
    };
    let diagnostic = out.emit(
        digest.value.range,
        Pointer::root().key("config").key("digest"),
        format!(
            "this image config is {what}: it has no `rootfs` or `os`, so no runtime can run the \
             image and its image ID is shared with every other such manifest"
        ),
    );
    let editor = ctx.editor();
    let mut edits = Vec::new();
    if let Some(member) = config.get("mediaType") {
        edits.push(editor.replace_string(&member.value, mt::OCI_EMPTY));
    }
    // Zero bytes are not `{}`: the empty descriptor names the 2-byte blob.
    if digest.value.as_str() == Some(mt::EMPTY_BLOB_DIGEST) {
        edits.push(editor.replace_string(&digest.value, mt::EMPTY_JSON_DIGEST));
        if let Some(size) = config.get("size") {
            edits.push(editor.replace(&size.value, "2"));
        }
    }
    diagnostic.fix(
        FixSafety::Unsafe,
        "Make `config` the empty descriptor (this is an artifact, not an image)",
        edits,
    );
}
