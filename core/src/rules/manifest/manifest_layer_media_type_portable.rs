//! MAN008: the layers of a container image are layer types runtimes unpack.

use super::super::prelude::*;
use crate::fix::RawEdit;
use crate::json::Member;
use crate::spec::media_types as mt;
use crate::transform::split::SplitOff;

declare_rule! {
    code: "MAN008",
    name: "manifest-layer-media-type-portable",
    severity: Warning,
    fix: Sometimes(Unsafe),
    since: "0.1.0",
    summary: "A container image's layers should use the OCI layer types (`…layer.v1.tar`, `+gzip`, `+zstd`).",
    why: "When `config.mediaType` is the OCI image config, every layer is a filesystem \
          changeset applied in order, and its `diff_id` is listed in the config. \
          image-spec: \"Manifests concerned with portability SHOULD use\" the tar and \
          tar+gzip layer types (and implementations SHOULD support +zstd). A layer of any \
          other type is not unpacked: containerd then fails with `number of layers and \
          diffIDs don't match` or `no processor for media-type`, and Docker's pull with \
          `unsupported media type …`.",
    how_to_fix: "Use `application/vnd.oci.image.layer.v1.tar+gzip` (or `.tar`, `+zstd`) \
                 for filesystem layers. Non-filesystem content (SBOMs, signatures) belongs \
                 in a separate artifact manifest that refers to this image with `subject`: \
                 the split rewrite (`ocilint split` on the command line) or this rule's fix \
                 moves them there and writes both documents.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654}, {"mediaType": "application/spdx+json", "digest": "sha256:3c3a4604a545cdc127456d94e421cd355bca5b528f4a9c1905b15da2eb4a4c6b", "size": 16724}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654}, {"mediaType": "application/vnd.oci.image.layer.v1.tar+zstd", "digest": "sha256:3c3a4604a545cdc127456d94e421cd355bca5b528f4a9c1905b15da2eb4a4c6b", "size": 16724}]}"#),
    ],
    check: Document(check),
}

/// A layer's `mediaType` member and its text (empty when it is not a string).
fn layer_type<'a>(layer: &Node<'a>) -> Option<(&'a Member<'a>, &'a str)> {
    layer
        .get("mediaType")
        .map(|m| (m, m.value.as_str().unwrap_or_default()))
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciManifest {
        return;
    }
    let config_type = ctx
        .root
        .get("config")
        .and_then(|c| c.value.get("mediaType"))
        .and_then(|m| m.value.as_str());
    if config_type != Some(mt::OCI_CONFIG) {
        return;
    }
    let Some(items) = ctx.root.get("layers").and_then(|m| m.value.items()) else {
        return;
    };
    // With no filesystem layer at all this is an artifact in an image's clothes:
    // `artifact-config-media-type` says that once, instead of one warning per layer.
    if !items
        .iter()
        .filter_map(layer_type)
        .any(|(_, t)| mt::is_image_layer(t))
    {
        return;
    }
    let split = split_custom_layers(ctx, items);
    let base = Pointer::root().key("layers");
    for (index, layer) in items.iter().enumerate() {
        let Some((member, media_type)) = layer_type(layer) else {
            continue;
        };
        // Non-strings are another rule's; Docker layer types are the mixed-manifest rule's.
        if member.value.as_str().is_none() || mt::is_image_layer(media_type) {
            continue;
        }
        let diagnostic = out.emit(
            member.value.range,
            base.index(index).key("mediaType"),
            format!(
                "`{media_type}` is not a filesystem layer type, but this manifest's config \
                 makes it a container image whose layers are all unpacked; runtimes fail on it"
            ),
        );
        if let Some((title, edits, split_off)) = &split {
            diagnostic.fix_split(title.clone(), edits.clone(), split_off.clone());
        }
    }
}

/// One split for all custom layers: they leave the image (which keeps its filesystem layers)
/// for an OCI 1.1 artifact whose `subject` is the image.
fn split_custom_layers(
    ctx: &Context<'_>,
    items: &[Node],
) -> Option<(String, Vec<RawEdit>, SplitOff)> {
    let custom: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, layer)| {
            layer_type(layer)
                .is_some_and(|(m, t)| m.value.as_str().is_some() && !mt::is_image_layer(t))
        })
        .map(|(i, _)| i)
        .collect();
    let layers = &ctx.root.get("layers")?.value;
    let first_type = layer_type(&items[*custom.first()?])?.1.to_owned();
    let moved: Vec<&Node> = custom.iter().map(|&i| &items[i]).collect();
    let split_off = SplitOff::new(first_type.clone(), ctx.document, &moved);
    Some((
        format!(
            "Split the {} custom layer(s) into an OCI artifact (`artifactType` `{first_type}`) whose `subject` is this image, so the image keeps only filesystem layers",
            custom.len()
        ),
        ctx.editor().remove_items(layers, &custom),
        split_off,
    ))
}
