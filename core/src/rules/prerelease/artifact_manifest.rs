//! PRE001: the withdrawn artifact manifest type of the image-spec 1.1 release candidates.

use super::super::prelude::*;
use crate::kind::media_type;

pub(crate) static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "PRE001",
        name: "doc-prerelease-artifact-manifest",
        covers: &["doc-prerelease-artifact-manifest"],
        severity: Severity::Warning,
        fix: FixSafety::Unsafe,
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
                     size 2). The new manifest has a new digest.",
        url: "https://github.com/opencontainers/image-spec/blob/v1.1.0-rc2/artifact.md",
        examples: &[
            Example {
                valid: false,
                content_type: None,
                document: b"{\"mediaType\": \"application/vnd.oci.artifact.manifest.v1+json\", \"artifactType\": \"application/vnd.example.sbom.v1\", \"blobs\": [{\"mediaType\": \"application/gzip\", \"size\": 123, \"digest\": \"sha256:87923725d74f4bfb94c9e86d64170f7521aad8221a5de834851470ca142da630\"}]}",
                pad_to: 0,
            },
            Example {
                valid: false,
                content_type: None,
                document: b"{\"artifactType\": \"application/vnd.example.sbom.v1\", \"blobs\": []}",
                pad_to: 0,
            },
            Example {
                valid: true,
                content_type: None,
                document: b"{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"artifactType\": \"application/vnd.example.sbom.v1\", \"config\": {\"mediaType\": \"application/vnd.oci.empty.v1+json\", \"digest\": \"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\", \"size\": 2}, \"layers\": [{\"mediaType\": \"application/gzip\", \"size\": 123, \"digest\": \"sha256:87923725d74f4bfb94c9e86d64170f7521aad8221a5de834851470ca142da630\"}]}",
                pad_to: 0,
            },
        ],
    },
    check: Check::Document(check),
};

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
    if let Some(member) = declared {
        out.emit(
            member.value.range,
            Pointer::root().key("mediaType"),
            format!("`{}`: {MESSAGE}", media_type::OCI_ARTIFACT_MANIFEST),
        );
    } else if let Some(blobs) = ctx.root.get("blobs") {
        out.emit(
            blobs.key_range,
            Pointer::root().key("blobs"),
            format!("`blobs` makes this an artifact manifest: {MESSAGE}"),
        );
    } else {
        let start = ctx.root.range.start as usize;
        out.emit(
            TextRange::new(start, start + 1),
            Pointer::root(),
            format!(
                "validated as `{}`: {MESSAGE}",
                media_type::OCI_ARTIFACT_MANIFEST
            ),
        );
    }
}
