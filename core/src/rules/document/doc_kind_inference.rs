//! DOC005: say how the kind of a document without `mediaType` was inferred.

use super::super::fixes;
use super::super::prelude::*;

declare_rule! {
    code: "DOC005",
    name: "doc-kind-inference",
    severity: Info,
    fix: Sometimes(Safe),
    since: "0.1.0",
    summary: "A manifest or index without `mediaType` is read by its fields; this says which.",
    why: "Without `mediaType` (and without a Content-Type), what the document is depends on \
          which fields a reader looks at first. containers/image guesses from the fields; \
          distribution rejects Docker documents without it. Knowing what ocilint inferred \
          explains every other diagnostic.",
    how_to_fix: "Add the `mediaType` of the kind shown, so every reader agrees (the fix \
                 does, for image manifests and indexes whose kind the fields settle).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
    examples: [
        invalid(examples::UNTYPED_INDEX_EMPTY),
        valid(examples::OCI_INDEX_EMPTY),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.content_type.is_some() || ctx.root.get("mediaType").is_some() {
        return;
    }
    let because = match ctx.kind {
        Kind::OciIndex => "it has `manifests`",
        Kind::DockerManifest => {
            "it has `config` and `layers` and its config is a Docker image config"
        }
        Kind::OciManifest => "it has `config` or `layers`",
        Kind::OciArtifactManifest => "it has `blobs` (the withdrawn artifact manifest)",
        Kind::DockerSchema1 => {
            "it has schema 1 fields (`schemaVersion` 1, `fsLayers` or `signatures`)"
        }
        _ => return,
    };
    let media_type = ctx.media_type.unwrap_or("unknown");
    let diagnostic = out.emit(
        ctx.root_head(),
        Pointer::root(),
        format!("no `mediaType`: read as `{media_type}` because {because}"),
    );
    // Declaring the type keeps the meaning only where the fields settle it: not for an
    // ambiguous document or an index of Docker manifests (maybe meant as a Docker list), not
    // for the withdrawn artifact manifest (`doc-prerelease-artifact-manifest` rewrites it),
    // and not for schema 1, whose signature covers the bytes.
    let certain = matches!(
        ctx.kind,
        Kind::OciIndex | Kind::OciManifest | Kind::DockerManifest
    ) && !ctx.is_ambiguous_without_media_type()
        && !(ctx.kind == Kind::OciIndex && fixes::entries_are_docker_manifests(ctx.root));
    if let Some(media_type) = ctx.media_type.filter(|_| certain) {
        if let Some(edit) = fixes::insert_media_type(ctx, media_type) {
            diagnostic.fix(
                FixSafety::Safe,
                format!("Add `\"mediaType\": \"{media_type}\"`"),
                vec![edit],
            );
        }
    }
}
