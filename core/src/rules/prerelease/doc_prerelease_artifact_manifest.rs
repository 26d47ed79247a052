//! PRE001: the withdrawn artifact manifest type of the image-spec 1.1 release candidates.

use super::super::fixes;
use super::super::prelude::*;
use crate::fix::edit::quote;
use crate::fix::RawEdit;
use crate::kind::media_type;

declare_rule! {
    code: "PRE001",
    name: "doc-prerelease-artifact-manifest",
    severity: Warning,
    fix: Sometimes(Unsafe),
    since: "0.1.0",
    summary: "`application/vnd.oci.artifact.manifest.v1+json` was withdrawn before image-spec 1.1.0; use an image manifest.",
    why: "The artifact manifest (with `blobs`) existed only in image-spec v1.1.0-rc1 and \
          rc2 and was removed in rc3, before the release (image-spec PR #999, \"No \
          Artifact Manifest\" in the OCI 1.1 announcement). Few registries ever accepted it: those \
          built on distribution register only the four Docker and OCI manifest types and \
          refuse it with `MANIFEST_INVALID` (\"unsupported manifest media type\"), pulp \
          declined to add it, and no runtime knows it. Notation 1.0 release candidates and \
          Zarf wrote it before switching to image manifests, and some libraries \
          (oci-spec-rs) still parse it, which is why such documents are still around.",
    how_to_fix: "Rewrite it as an image manifest: `\"schemaVersion\": 2`, `\"mediaType\": \
                 \"application/vnd.oci.image.manifest.v1+json\"`, keep `artifactType`, \
                 `subject` and `annotations`, move `blobs` to `layers` (or use one empty \
                 descriptor layer if there are none), and set `config` to the empty \
                 descriptor (`application/vnd.oci.empty.v1+json`, \
                 `sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a`, \
                 size 2). The fix makes these edits and keeps the rest of the document as \
                 it is. The new manifest has a new digest.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.0-rc2/artifact.md",
    examples: [
        invalid(r#"{"mediaType": "application/vnd.oci.artifact.manifest.v1+json", "artifactType": "application/vnd.example.sbom.v1", "blobs": [{"mediaType": "application/gzip", "size": 123, "digest": "sha256:87923725d74f4bfb94c9e86d64170f7521aad8221a5de834851470ca142da630"}]}"#),
        invalid(r#"{"artifactType": "application/vnd.example.sbom.v1", "blobs": []}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.example.sbom.v1", "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/gzip", "size": 123, "digest": "sha256:87923725d74f4bfb94c9e86d64170f7521aad8221a5de834851470ca142da630"}]}"#),
    ],
    check: Document(check),
}

const MESSAGE: &str = "the OCI artifact manifest existed only in image-spec 1.1 release \
                       candidates and was withdrawn before 1.1.0; registries and clients no \
                       longer accept it, so write an image manifest with `artifactType` instead";

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciArtifactManifest || !ctx.root.is_object() {
        return;
    }
    let declared = ctx
        .root
        .get("mediaType")
        .filter(|m| m.value.as_str() == Some(media_type::OCI_ARTIFACT_MANIFEST));
    let diagnostic = if let Some(member) = declared {
        out.emit(
            member.value.range,
            Pointer::root().key("mediaType"),
            format!("`{}`: {MESSAGE}", media_type::OCI_ARTIFACT_MANIFEST),
        )
    } else if let Some(blobs) = ctx.root.get("blobs") {
        out.emit(
            ctx.key_range(blobs),
            Pointer::root().key("blobs"),
            format!("`blobs` makes this an artifact manifest: {MESSAGE}"),
        )
    } else {
        let start = ctx.root.range.start as usize;
        out.emit(
            TextRange::new(start, start + 1),
            Pointer::root(),
            format!(
                "validated as `{}`: {MESSAGE}",
                media_type::OCI_ARTIFACT_MANIFEST
            ),
        )
    };
    // Under an artifact-manifest `Content-Type` the body is read as one whatever it says: the
    // header has to change, which no edit of the document does.
    if ctx.content_type != Some(media_type::OCI_ARTIFACT_MANIFEST) {
        diagnostic.fix(
            FixSafety::Unsafe,
            "Rewrite as an image manifest with `artifactType`, the empty config and `blobs` as `layers`",
            as_image_manifest(ctx),
        );
    }
}

/// The edits that make an artifact manifest an image manifest: `schemaVersion` 2, the image
/// manifest `mediaType`, the empty descriptor as `config`, and `blobs` renamed `layers` (the
/// empty descriptor as the one layer when there are none). `artifactType`, `subject` and
/// `annotations` stay as they are.
fn as_image_manifest(ctx: &Context<'_>) -> Vec<RawEdit> {
    let root = ctx.root;
    let editor = ctx.editor();
    let Some(members) = root.members().filter(|m| !m.is_empty()) else {
        return Vec::new();
    };
    // A member in another letter case (`Config`) is `json-key-case-variant`'s to fix first.
    let variant = members.iter().any(|m| {
        ["schemaVersion", "mediaType", "config", "layers", "blobs"]
            .iter()
            .any(|key| m.key != *key && m.key.eq_ignore_ascii_case(key))
    });
    if variant {
        return Vec::new();
    }
    let blobs = members.iter().position(|m| m.key == "blobs");
    if blobs.is_some() && root.get("layers").is_some() {
        // Both: which list is meant cannot be told.
        return Vec::new();
    }
    let empty = fixes::empty_descriptor_json();
    // Insertions first: `merge_insertions` puts them before an edit starting where they go.
    let mut edits: Vec<RawEdit> = Vec::new();
    let manifest_type = quote(media_type::OCI_MANIFEST);
    let schema_version = members.iter().position(|m| m.key == "schemaVersion");
    if schema_version.is_none() {
        edits.extend(fixes::insert_new(ctx, root, None, "schemaVersion", "2"));
    }
    if root.get("mediaType").is_none() {
        edits.extend(fixes::insert_new(
            ctx,
            root,
            schema_version,
            "mediaType",
            &manifest_type,
        ));
    }
    if root.get("config").is_none() {
        // Before the blobs (soon `layers`), else last.
        let after = match blobs {
            Some(at) => at.checked_sub(1),
            None => Some(members.len() - 1),
        };
        edits.extend(fixes::insert_new(ctx, root, after, "config", &empty));
    }
    if let Some(member) = root.get("mediaType") {
        edits.push(editor.replace(&member.value, manifest_type));
    }
    match blobs.map(|at| &members[at]) {
        Some(blobs) => {
            edits.push(editor.rename_key(blobs, "layers"));
            if blobs.value.items().is_some_and(|items| items.is_empty()) {
                edits.push(editor.replace(&blobs.value, format!("[{empty}]")));
            }
        }
        None if root.get("layers").is_none() => {
            edits.extend(fixes::insert_new(
                ctx,
                root,
                Some(members.len() - 1),
                "layers",
                &format!("[{empty}]"),
            ));
        }
        None => {}
    }
    fixes::merge_insertions(edits)
}
