//! DKR001: Docker schema 1 manifests are recognised and reported as deprecated.

use super::super::prelude::*;

declare_rule! {
    code: "DKR001",
    name: "doc-docker-schema1",
    severity: Error,
    since: "0.1.0",
    summary: "Docker Image Manifest V2, Schema 1 is deprecated and refused by current registries and runtimes.",
    why: "Schema 1 (`schemaVersion: 1`, `fsLayers`, `history[].v1Compatibility`, JWS \
          `signatures`) was deprecated years ago. Docker refuses to pull it (`Docker Image \
          Format v1 and Docker Image manifest version 2, schema 1 support has been removed. \
          Suggest the author of … to upgrade the image to the OCI Format or Docker Image \
          manifest v2, schema 2.`), containerd since v2.1 answers `media type \
          \"application/vnd.docker.distribution.manifest.v1+prettyjws\" is no longer \
          supported since containerd v2.1, please rebuild the image as …`, and \
          distribution v3 no longer registers the type (`unsupported manifest media type \
          and no default available`). podman/skopeo still read it, so copying it to a \
          new format is still possible.",
    how_to_fix: "Rebuild the image, or copy it with a tool that still reads schema 1 and \
                 writes schema 2 or OCI (`skopeo copy --format v2s2 …` or `--format oci`). \
                 It cannot be converted from the manifest alone: a schema 2 config has to \
                 be synthesized from `history[].v1Compatibility` and `diff_ids` need the \
                 layer blobs.",
    url: "https://github.com/distribution/distribution/blob/main/docs/content/spec/deprecated-schema-v1.md",
    examples: [
        invalid(r#"{"schemaVersion": 1, "name": "library/busybox", "tag": "latest", "architecture": "amd64", "fsLayers": [{"blobSum": "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4"}], "history": [{"v1Compatibility": "{}"}]}"#),
        invalid(r#"{"name": "library/busybox", "tag": "latest", "fsLayers": []}"#, content_type: "application/vnd.docker.distribution.manifest.v1+prettyjws"),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "config": {}, "layers": []}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::DockerSchema1 || !ctx.root.is_object() {
        return;
    }
    let signed = ctx.root.get("signatures").is_some()
        || ctx.media_type == Some(crate::spec::media_types::DOCKER_SCHEMA1_SIGNED);
    let what = if signed {
        "a signed Docker schema 1 manifest"
    } else {
        "a Docker schema 1 manifest"
    };
    let message = format!(
        "this is {what}, a deprecated format: Docker and containerd ≥ 2.1 refuse to pull it and distribution v3 refuses to store it; rebuild the image or copy it to schema 2 or OCI"
    );
    // Point at what identifies it: `schemaVersion`, else the declared type, else the start.
    if let Some(member) = ctx.root.get("schemaVersion") {
        out.emit(
            member.value.range,
            Pointer::root().key("schemaVersion"),
            message,
        );
    } else if let Some(member) = ctx.root.get("mediaType") {
        out.emit(
            member.value.range,
            Pointer::root().key("mediaType"),
            message,
        );
    } else {
        let start = ctx.root.range.start as usize;
        out.emit(TextRange::new(start, start + 1), Pointer::root(), message);
    }
}
