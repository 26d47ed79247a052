//! DKR009: a Docker manifest list's entries are Docker schema 2 image manifests.

use super::super::prelude::*;
use crate::rules::DescriptorRole;
use crate::spec::media_types::{self as mt, Family, Role};

declare_rule! {
    code: "DKR009",
    name: "docker-list-child-media-type",
    severity: Warning,
    fix: Sometimes(Unsafe),
    since: "0.1.0",
    summary: "Entries of a Docker manifest list should be `application/vnd.docker.distribution.manifest.v2+json` manifests.",
    why: "The Docker spec says an entry's type \"will generally be\" \
          `application/vnd.docker.distribution.manifest.v2+json` (older versions also \
          allowed schema 1). Entries must be manifests: registries resolve them through the \
          manifest API, so a list whose entries are layers or cache blobs (BuildKit's \
          registry cache with `oci-mediatypes=false`) is refused by Quay, ECR, GCR, Harbor \
          and distribution v3 (`MANIFEST_BLOB_UNKNOWN`), and clients cannot pull it \
          (containerd: `unexpected media type … for sha256:…: not found`). OCI children and \
          nested lists are reported by their own rules.",
    how_to_fix: "List only image manifests. For a registry cache, export an OCI image \
                 manifest instead (BuildKit `image-manifest=true`, which needs \
                 `oci-mediatypes=true`); for schema 1 children, rebuild or convert them.",
    url: "https://github.com/distribution/distribution/blob/main/docs/content/spec/manifest-v2-2.md#manifest-list-field-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json", "manifests": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "size": 24532, "annotations": {"buildkit/createdat": "2019-10-21T12:27:45.739079211Z"}}]}"#),
        valid(examples::DOCKER_LIST_PPC64LE),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::DockerManifestList || ctx.header_contradicts_body() {
        return;
    }
    let cache_fix = ctx.buildkit_cache_fix();
    for (site, member, value) in ctx.media_types_of(DescriptorRole::Manifest) {
        // Docker manifests are right; OCI manifests and indexes, and nested lists, have their
        // own rules.
        let oci_manifest = mt::family(value) == Family::Oci
            && matches!(mt::role(value), Role::Manifest | Role::Index);
        if value.is_empty()
            || value == mt::DOCKER_MANIFEST
            || value == mt::DOCKER_MANIFEST_LIST
            || oci_manifest
        {
            continue;
        }
        let message = match mt::role(value) {
            Role::Manifest => format!(
                "`{value}` is a deprecated Docker schema 1 manifest; Docker and containerd no longer pull schema 1, so this entry should be a `{}` manifest",
                mt::DOCKER_MANIFEST
            ),
            Role::Layer => format!(
                "`{value}` is a layer, not a manifest; registries look list entries up as manifests and refuse (or fail to serve) a list of blobs"
            ),
            Role::ImageConfig => format!(
                "`{value}` is an image config, not a manifest; registries look list entries up as manifests"
            ),
            _ if value == mt::BUILDKIT_CACHE_CONFIG => format!(
                "`{value}` is BuildKit's cache config blob, not a manifest; registries look list entries up as manifests, so export the cache as an OCI image manifest (`image-manifest=true`)"
            ),
            _ => format!(
                "`{value}` is not a Docker image manifest type; entries of a Docker manifest list should be `{}`",
                mt::DOCKER_MANIFEST
            ),
        };
        let diagnostic = out.emit(
            member.value.range,
            site.pointer.part(Part::MediaType),
            message,
        );
        if let Some((title, edits)) = &cache_fix {
            diagnostic.fix(FixSafety::Unsafe, title.clone(), edits.clone());
        }
    }
}
