//! DSC003: a descriptor with `size` 0 points at the empty blob, which not every registry
//! accepts.

use super::super::fixes;
use super::super::prelude::*;
use crate::fix::edit::quote;
use crate::fix::RawEdit;
use crate::kind::media_type as mt;
use crate::rules::{DescriptorRole, DescriptorSite};

declare_rule! {
    code: "DSC003",
    name: "desc-size-zero",
    severity: Warning,
    fix: Sometimes(Unsafe),
    since: "0.1.0",
    summary: "A zero-byte blob is legal but not supported everywhere; prefer the empty JSON descriptor.",
    why: "A descriptor with `\"size\": 0` points at the empty blob. image-spec allows it, \
          but its own guidance says \"practice has shown that not to be ubiquitously \
          supported\": Google's registry refused a zero-byte config with `400 Bad Request` \
          (oras-project/oras PR #184, 2020), and tools that treat an empty body as \"not found\" skip \
          it. The empty JSON object `{}` (2 bytes) is the placeholder image-spec 1.1 \
          defines for content that is not needed.",
    how_to_fix: "For a placeholder config or layer use the empty descriptor \
                 `{\"mediaType\": \"application/vnd.oci.empty.v1+json\", \"digest\": \
                 \"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\", \
                 \"size\": 2}` and upload the 2-byte blob `{}`. If the content really is \
                 empty, keep it, knowing some registries refuse it. The fix makes a \
                 zero-byte config or layer the empty descriptor (a config's type moves to \
                 `artifactType` when that is unset), so apply it only to placeholders.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#guidance-for-an-empty-descriptor",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.example+type", "config": {"mediaType": "application/vnd.example.config.v1+json", "digest": "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "size": 0}, "layers": [{"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}]}"#),
        valid(examples::EMPTY_ARTIFACT_MANIFEST),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let Some(member) = site.node.get("size") else {
            continue;
        };
        if ctx.document.integer(&member.value) != Some(0) {
            continue;
        }
        let media_type = site
            .node
            .get("mediaType")
            .and_then(|m| m.value.as_str())
            .unwrap_or("");
        let message = match mt::role(media_type) {
            mt::Role::Manifest | mt::Role::Index | mt::Role::ImageConfig => format!(
                "`size` is 0, but `{media_type}` content is never empty: a zero-byte blob cannot be a valid {}",
                match mt::role(media_type) {
                    mt::Role::Index => "index",
                    mt::Role::ImageConfig => "image config",
                    _ => "manifest",
                }
            ),
            _ => "`size` is 0: this points at the empty blob, which some registries refuse; a placeholder should be the empty JSON descriptor (`application/vnd.oci.empty.v1+json`, 2 bytes)".to_owned(),
        };
        let diagnostic = out.emit(member.value.range, site.pointer.key("size"), message);
        if let Some((title, edits)) = as_empty_descriptor(ctx, site, media_type) {
            diagnostic.fix(FixSafety::Unsafe, title, edits);
        }
    }
}

/// For a zero-byte config or layer that stands for nothing (not an image config or
/// filesystem layer, not a named file): the edits that make it the empty descriptor. The
/// config's own type, which said what the artifact is, becomes `artifactType` when that is
/// unset, so the referrers API still reports it.
fn as_empty_descriptor(
    ctx: &Context<'_>,
    site: &DescriptorSite<'_>,
    media_type: &str,
) -> Option<(String, Vec<RawEdit>)> {
    let node = site.node;
    let placeholder = matches!(site.role, DescriptorRole::Config | DescriptorRole::Layer)
        && node.get("digest").and_then(|m| m.value.as_str()) == Some(mt::EMPTY_BLOB_DIGEST)
        && matches!(mt::role(media_type), mt::Role::Other)
        && !mt::is_image_layer(media_type)
        && node
            .get("annotations")
            .and_then(|m| m.value.get("org.opencontainers.image.title"))
            .is_none();
    if !placeholder {
        return None;
    }
    let editor = ctx.editor();
    let mut edits = Vec::new();
    let mut title = "Replace with the empty descriptor (the 2-byte blob `{}`)".to_owned();
    match node.get("mediaType") {
        Some(member) if member.value.as_str() != Some(mt::OCI_EMPTY) => {
            edits.push(editor.replace_string(&member.value, mt::OCI_EMPTY));
        }
        Some(_) => {}
        None => edits.push(fixes::insert_new(
            ctx,
            node,
            None,
            "mediaType",
            &quote(mt::OCI_EMPTY),
        )?),
    }
    edits.push(editor.replace_string(&node.get("digest")?.value, mt::EMPTY_JSON_DIGEST));
    edits.push(editor.replace(&node.get("size")?.value, "2"));
    if site.role == DescriptorRole::Config && !media_type.is_empty() && media_type != mt::OCI_EMPTY
    {
        let artifact_type = ctx.root.get("artifactType");
        let unset = artifact_type.is_none_or(|m| m.value.as_str() == Some(""));
        if unset {
            title.push_str(&format!(", keeping `{media_type}` as `artifactType`"));
            edits.extend(match artifact_type {
                Some(member) => Some(editor.replace_string(&member.value, media_type)),
                None => fixes::insert_after(
                    ctx,
                    &["mediaType", "schemaVersion"],
                    "artifactType",
                    &quote(media_type),
                ),
            });
        }
    }
    Some((title, fixes::merge_insertions(edits)))
}
