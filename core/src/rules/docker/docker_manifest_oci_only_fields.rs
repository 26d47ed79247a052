//! DKR007: fields that exist only in OCI, found in a Docker manifest or manifest list.

use super::super::prelude::*;
use crate::rules::DescriptorRole;

declare_rule! {
    code: "DKR007",
    name: "docker-manifest-oci-only-fields",
    covers: ["docker-manifest-oci-only-fields", "docker-list-oci-only-fields"],
    severity: Warning,
    since: "0.1.0",
    summary: "`annotations`, `artifactType`, `subject`, `data` (and `urls` outside layers) are OCI-only; Docker documents do not define them.",
    why: "image-spec's compatibility matrix lists these fields as \"only present in OCI\". \
          Docker tooling ignores them, and every conversion drops them: containers/image \
          loses manifest and layer annotations, `artifactType` and `subject` when it writes \
          Docker schema 2, BuildKit refuses to write them at all (`cannot export \
          annotations with \"oci-mediatypes=false\"`), and a Docker list cannot carry the \
          annotations that link BuildKit attestations to their image. Whoever relies on \
          them (referrers through `subject`, signatures, SBOM links) gets nothing.",
    how_to_fix: "Publish the document as OCI (image manifest or image index), where these \
                 fields are defined, or remove them if nothing reads them.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/media-types.md#compatibility-matrix",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [], "annotations": {"org.opencontainers.image.created": "2024-05-01T10:00:00Z"}}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json", "manifests": [{"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023, "platform": {"architecture": "amd64", "os": "linux"}, "urls": ["https://example.com/m"]}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [{"mediaType": "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654, "urls": ["https://example.com/layer"]}]}"#),
    ],
    check: Document(check),
}

/// Top-level members that only OCI manifests and indexes define.
const TOP_LEVEL: [&str; 3] = ["annotations", "artifactType", "subject"];

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !matches!(ctx.kind, Kind::DockerManifest | Kind::DockerManifestList) {
        return;
    }
    let what = ctx.kind.describe();
    if !ctx.root.is_object() || ctx.header_contradicts_body() {
        return;
    }
    let convert = if ctx.kind == Kind::DockerManifest {
        "an OCI image manifest"
    } else {
        "an OCI image index"
    };
    for member in ctx.root.members().unwrap_or_default() {
        if TOP_LEVEL.contains(&member.key) {
            out.emit(
                ctx.key_range(member),
                Pointer::root().key(member.key),
                format!(
                    "`{}` is only defined for OCI documents; in {what} Docker tools ignore it and conversions drop it (publish as {convert} to keep it)",
                    member.key
                ),
            );
        }
    }
    for site in ctx.descriptors() {
        // Docker layers may have `urls` (foreign layers); config and list entries may not.
        let fields: &[&str] = match site.role {
            DescriptorRole::Layer => &["annotations", "data", "artifactType"],
            _ => &["annotations", "urls", "data", "artifactType"],
        };
        let place = match site.role {
            DescriptorRole::Config => "the config descriptor",
            DescriptorRole::Layer => "a layer descriptor",
            _ => "a manifest list entry",
        };
        for member in site.node.members().unwrap_or_default() {
            if fields.contains(&member.key) {
                out.emit(
                    ctx.key_range(member),
                    site.pointer.key(member.key),
                    format!(
                        "`{}` on {place} is only defined for OCI descriptors; in {what} Docker tools ignore it and conversions drop it",
                        member.key
                    ),
                );
            }
        }
    }
}
