//! AMB003: a document without `mediaType` does not have both index and manifest fields.

use super::super::prelude::*;

declare_rule! {
    code: "AMB003",
    name: "doc-ambiguous-without-media-type",
    severity: Error,
    since: "0.1.0",
    summary: "A document with no `mediaType` must not have both `manifests` and `config` or `layers`.",
    why: "Without `mediaType`, nothing in the bytes says whether this is an image manifest \
          or an index: the `Content-Type` header alone decides, and a registry and a client \
          can read the same digest as two different things. That is CVE-2021-41190 \
          (GHSA-mc8v-mgrf-8f4m). distribution, containerd, moby and containers/image all \
          refuse such documents (`ocimanifest: expected manifest but found index`, \
          `media-type: expected manifest but found index`, `rejecting ambiguous \
          manifest`).",
    how_to_fix: "Decide what the document is. For an image manifest, remove `manifests`; \
                 for an index, remove `config` and `layers`. Then add the matching \
                 `mediaType`, as every manifest SHOULD.",
    url: "https://github.com/opencontainers/distribution-spec/security/advisories/GHSA-mc8v-mgrf-8f4m",
    examples: [
        invalid(r#"{"schemaVersion": 2, "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [], "manifests": []}"#),
        invalid(r#"{"schemaVersion": 2, "layers": [], "manifests": []}"#, content_type: "application/vnd.oci.image.manifest.v1+json"),
        valid(examples::UNTYPED_INDEX_EMPTY),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !(ctx.kind.is_image_manifest() || ctx.kind.is_index())
        || !ctx.is_ambiguous_without_media_type()
    {
        return;
    }
    let Some(manifests) = ctx.root.get("manifests") else {
        return;
    };
    let mut manifest_fields = Vec::new();
    for key in ["config", "layers"] {
        if let Some(member) = ctx.root.get(key) {
            manifest_fields.push(member);
        }
    }
    let names = manifest_fields
        .iter()
        .map(|m| format!("`{}`", m.key))
        .collect::<Vec<_>>()
        .join(" and ");
    let diagnostic = out.emit(
        ctx.key_range(manifests),
        Pointer::root().key("manifests"),
        format!(
            "this document has `manifests` (an index) and {names} (an image manifest) but no \
             `mediaType`: what it is depends only on the Content-Type it is sent with \
             (CVE-2021-41190)"
        ),
    );
    for member in manifest_fields {
        diagnostic.related(
            ctx.key_range(member),
            Pointer::root().key(member.key),
            format!("`{}` makes it an image manifest", member.key),
        );
    }
}
