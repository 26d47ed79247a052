//! AMB002: an index or manifest list carries no manifest field (`config`, `layers`) and no
//! Docker schema 1 field (`fsLayers`, `history`).

use super::super::prelude::*;

declare_rule! {
    code: "AMB002",
    name: "doc-ambiguous-index-with-config-or-layers",
    severity: Error,
    since: "0.1.0",
    summary: "An image index or manifest list must not also have `config` or `layers` (manifest fields), nor `fsLayers` or `history`.",
    why: "A document with both index and manifest fields reads as either, depending on \
          which parser gets it: the CVE-2021-41190 confusion, where what a registry \
          scanned is not what a client runs. Since the fix everyone refuses such \
          documents: distribution (`validateIndex`: `index: expected index but found \
          manifest`; `validateManifestList` likewise), moby (\"indices which contain a \
          'layers' field are rejected\"), containerd (`media-type: expected index but \
          found manifest`) and containers/image (`rejecting ambiguous manifest, \
          unexpected fields`, which also refuses `fsLayers` and `history`).",
    how_to_fix: "Remove the foreign field. If the document is really an image manifest, \
                 declare its manifest media type and drop `manifests` instead.",
    url: "https://github.com/opencontainers/image-spec/security/advisories/GHSA-77vh-xpmg-72qh",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "layers": []}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json", "manifests": [], "config": {}}"#),
        valid(examples::OCI_INDEX_EMPTY),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !ctx.kind.is_index() || !ctx.root.is_object() {
        return;
    }
    // With no `mediaType` and both shapes present, `doc-ambiguous-without-media-type` says it.
    if ctx.is_ambiguous_without_media_type() {
        return;
    }
    let kind = ctx.kind.describe();
    for member in ctx.root.members().unwrap_or_default() {
        let what = match member.key {
            "config" | "layers" => "an image manifest field",
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
