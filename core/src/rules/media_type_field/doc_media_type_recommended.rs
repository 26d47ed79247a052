//! MTF001: OCI manifests and indexes declare their own `mediaType`.

use super::super::fixes;
use super::super::prelude::*;
use crate::spec::media_types as mt;

declare_rule! {
    code: "MTF001",
    name: "doc-media-type-recommended",
    severity: Warning,
    fix: Sometimes(Safe),
    since: "0.1.0",
    summary: "OCI image manifests and indexes should declare their own `mediaType`.",
    why: "Without `mediaType` the document's type depends on the `Content-Type` it travels \
          with or on guessing from its fields, which is the condition CVE-2021-41190 \
          exploited; image-spec made the field a SHOULD as the fix and the \
          distribution-spec says all manifests SHOULD include it. In practice ECR once \
          refused OCI manifests without it (`Invalid parameter at 'ImageManifest' failed to \
          satisfy constraint: 'Invalid JSON syntax'`), and containers/image had to add a \
          fallback for that.",
    how_to_fix: "Add `\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\"` to a \
                 manifest, or `\"mediaType\": \"application/vnd.oci.image.index.v1+json\"` \
                 to an index. This changes the document's digest, so update whatever \
                 refers to it. The fix adds it after `schemaVersion`, except where only a \
                 `Content-Type` could say what the document is meant as (an index of Docker \
                 manifests, maybe meant as a Docker list; a document with both `manifests` \
                 and `config` or `layers`).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": []}"#),
        invalid(examples::UNTYPED_INDEX_EMPTY, content_type: "application/vnd.oci.image.index.v1+json"),
        valid(examples::OCI_INDEX_EMPTY),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let expected = match ctx.kind {
        Kind::OciManifest => mt::OCI_MANIFEST,
        Kind::OciIndex => mt::OCI_INDEX,
        _ => return,
    };
    if !ctx.root.is_object() || ctx.root.get("mediaType").is_some() {
        return;
    }
    let what = if ctx.kind == Kind::OciIndex {
        "OCI image index"
    } else {
        "OCI image manifest"
    };
    let mut message = format!(
        "this {what} has no `mediaType`; add `\"mediaType\": \"{expected}\"` so that its type does not depend on the `Content-Type` or on guessing from its fields"
    );
    let docker_entries =
        ctx.kind == Kind::OciIndex && fixes::entries_are_docker_manifests(ctx.root);
    if docker_entries {
        message.push_str(&format!(
            ". Its entries are Docker manifests: if it is meant as a Docker manifest list, `mediaType` is required and must be `{}`",
            mt::DOCKER_MANIFEST_LIST
        ));
    }
    let diagnostic = out.emit(head(ctx.root), Pointer::root(), message);
    // Only a `Content-Type` settles what such an index, or a document with both shapes, is
    // meant as.
    if (docker_entries || ctx.is_ambiguous_without_media_type()) && ctx.content_type.is_none() {
        return;
    }
    if let Some(edit) = fixes::insert_media_type(ctx, expected) {
        diagnostic.fix(
            FixSafety::Safe,
            format!("Add `\"mediaType\": \"{expected}\"`"),
            vec![edit],
        );
    }
}
