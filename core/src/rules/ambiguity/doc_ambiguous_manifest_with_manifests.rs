//! AMB001: an image manifest carries no index field (`manifests`) and no Docker schema 1 field
//! (`fsLayers`, `history`).

use super::super::prelude::*;

declare_rule! {
    code: "AMB001",
    name: "doc-ambiguous-manifest-with-manifests",
    severity: Error,
    since: "0.1.0",
    summary: "An image manifest must not also have `manifests` (an index field), nor the schema 1 fields `fsLayers` or `history`.",
    why: "A document with both manifest and index fields reads as either, depending on which \
          parser gets it: that is the CVE-2021-41190 confusion, where a registry and a \
          client could disagree on what was signed or scanned. Since the fix everyone \
          refuses such documents: distribution (`ocimanifest: expected manifest but found \
          index`), containerd (`media-type: expected manifest but found index`), moby \
          (`should not have \"manifests\" or \"fsLayers\"`) and containers/image \
          (`rejecting ambiguous manifest, unexpected fields [\"manifests\"]`, which also \
          refuses the schema 1 fields `fsLayers` and `history`).",
    how_to_fix: "Remove the foreign field. If the document is really an index, declare \
                 `application/vnd.oci.image.index.v1+json` and drop `config` and `layers` \
                 instead.",
    url: "https://github.com/opencontainers/image-spec/security/advisories/GHSA-77vh-xpmg-72qh",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [], "manifests": []}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [], "fsLayers": []}"#, content_type: "application/vnd.docker.distribution.manifest.v2+json"),
        valid(examples::OCI_IMAGE_MANIFEST_NO_LAYERS),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !ctx.kind.is_image_manifest() || !ctx.root.is_object() {
        return;
    }
    // With no `mediaType` and both shapes present, `doc-ambiguous-without-media-type` says it.
    if ctx.is_ambiguous_without_media_type() {
        return;
    }
    let kind = ctx.kind.describe();
    for member in ctx.root.members().unwrap_or_default() {
        let what = match member.key {
            "manifests" => "an index field",
            "fsLayers" | "history" => "a Docker schema 1 field",
            _ => continue,
        };
        out.emit(
            ctx.key_range(member),
            Pointer::root().key(member.key),
            format!(
                "`{}` is {what}, but this is {kind}: a document with both can be read as either \
                 (CVE-2021-41190), so registries and runtimes refuse it",
                member.key
            ),
        );
    }
}
