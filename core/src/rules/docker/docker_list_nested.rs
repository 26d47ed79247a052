//! DKR010: a Docker manifest list does not contain another list.

use super::super::prelude::*;
use crate::rules::DescriptorRole;
use crate::spec::media_types as mt;

declare_rule! {
    code: "DKR010",
    name: "docker-list-nested",
    severity: Warning,
    since: "0.1.0",
    summary: "A Docker manifest list should not point at another manifest list.",
    why: "The Docker spec describes list entries as platform-specific image manifests and \
          says nothing about nesting. Quay's list schema allows only schema 2 and schema 1 \
          manifests as entries, and containers/image does not support nested lists when \
          copying. OCI image indexes define nesting (`application/vnd.oci.image.index.v1+json` \
          entries), so a nested structure belongs in OCI.",
    how_to_fix: "Flatten the lists (list the child list's image manifests directly), or \
                 publish both levels as OCI image indexes.",
    url: "https://github.com/distribution/distribution/blob/main/docs/content/spec/manifest-v2-2.md#manifest-list-field-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json", "manifests": [{"mediaType": "application/vnd.docker.distribution.manifest.list.v2+json", "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "size": 7143, "platform": {"architecture": "amd64", "os": "linux"}}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.index.v1+json", "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "size": 7143}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::DockerManifestList || ctx.header_contradicts_body() {
        return;
    }
    for site in ctx.descriptors() {
        if site.role != DescriptorRole::Manifest {
            continue;
        }
        let Some(member) = site.media_type_member() else {
            continue;
        };
        if member.value.as_str() != Some(mt::DOCKER_MANIFEST_LIST) {
            continue;
        }
        out.emit(
            member.value.range,
            site.pointer.part(Part::MediaType),
            "this entry is itself a Docker manifest list; the Docker spec does not describe nested lists (Quay refuses them); flatten it or use OCI image indexes",
        );
    }
}
