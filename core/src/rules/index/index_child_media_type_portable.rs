//! IDX003: the entries of an OCI index are manifests or indexes, not blobs.

use super::super::prelude::*;
use super::super::DescriptorRole;
use crate::spec::media_types::{self as mt, Role};

declare_rule! {
    code: "IDX003",
    name: "index-child-media-type-portable",
    severity: Warning,
    since: "0.1.0",
    summary: "An OCI index should list manifests and indexes, not layers, configs or other blobs.",
    why: "image-spec: implementations MUST support image manifests and SHOULD support \
          nested indexes as index entries, and \"image indexes concerned with portability \
          SHOULD use one of those\". An entry typed as a layer or config is a blob, not a \
          manifest: that is BuildKit's old registry-cache layout, and Quay, ECR, GCR, \
          Harbor and distribution v3 refuse the push (`MANIFEST_BLOB_UNKNOWN`, `404 Not \
          Found`), while containerd pulling it fails with `unexpected media type … : not \
          found`. Unknown types (custom manifests, `application/xml` in a layout) are not \
          reported: the spec says they must not be errors.",
    how_to_fix: "List only manifests and indexes. For a BuildKit cache, export with \
                 `image-manifest=true` (the default since BuildKit 0.21): the cache \
                 becomes an image manifest whose config is the cache config and whose \
                 layers are the blobs.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654}, {"mediaType": "application/vnd.buildkit.cacheconfig.v0", "digest": "sha256:3c3a4604a545cdc127456d94e421cd355bca5b528f4a9c1905b15da2eb4a4c6b", "size": 1672}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "amd64", "os": "linux"}}, {"mediaType": "application/xml", "digest": "sha256:b3d63d132d21c3ff4c35a061adf23cf43da8ae054247e32faa95494d904a007e", "size": 7143}]}"#),
    ],
    check: Document(check),
}

/// What a known media type that is not a manifest or index names, if it is one.
fn blob_kind(media_type: &str) -> Option<&'static str> {
    match mt::role(media_type) {
        Role::Layer => Some("a layer"),
        Role::ImageConfig => Some("an image config"),
        Role::Empty => Some("the empty `{}` blob"),
        Role::Manifest | Role::Index => None,
        Role::Other => match media_type {
            mt::BUILDKIT_CACHE_CONFIG => Some("BuildKit's cache config blob"),
            mt::DOCKER_PLUGIN_CONFIG => Some("a plugin config blob"),
            mt::OCI_SCRATCH_PRERELEASE => Some("the empty `{}` blob"),
            mt::OCI_LAYOUT_HEADER => Some("an OCI layout header"),
            _ => None,
        },
    }
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciIndex {
        return;
    }
    // The subject has its own rule, `manifest-subject-target-type`.
    for site in ctx
        .descriptors()
        .iter()
        .filter(|site| site.role == DescriptorRole::Manifest)
    {
        let Some(member) = site.media_type_member() else {
            continue;
        };
        let Some(media_type) = member.value.as_str() else {
            continue;
        };
        let Some(what) = blob_kind(media_type) else {
            continue;
        };
        out.emit(
            member.value.range,
            site.pointer.part(Part::MediaType),
            format!(
                "`{media_type}` is {what}, not a manifest: registries check index entries as \
                 manifests and refuse the push, and runtimes cannot pull it"
            ),
        );
    }
}
