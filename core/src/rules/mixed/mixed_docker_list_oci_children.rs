//! MIX005: a Docker manifest list whose entries are OCI manifests or indexes.

use super::super::prelude::*;
use crate::rules::DescriptorRole;
use crate::spec::media_types as mt;
use crate::transform::convert::Format;

declare_rule! {
    code: "MIX005",
    name: "mixed-docker-list-oci-children",
    severity: Warning,
    fix: Always(Unsafe),
    since: "0.1.0",
    summary: "A Docker manifest list should point at Docker manifests; a list of OCI manifests should be an OCI image index.",
    why: "The Docker spec says list entries \"will generally be\" Docker schema 2 manifests. \
          `docker manifest create` nevertheless copies each child's own type into a Docker \
          list, so lists of OCI manifests are common. Quay refuses them (`manifest data \
          does not match schema: 'application/vnd.oci.image.manifest.v1+json' is not one \
          of ['application/vnd.docker.distribution.manifest.v2+json', \
          'application/vnd.docker.distribution.manifest.v1+json']`), Renovate reported \
          `Invalid manifest response` for such a list, pulp had to relax its schema for \
          them, and podman shows such mixed structures confusingly (podman#22196).",
    how_to_fix: "Make the top level an OCI image index: set `mediaType` to \
                 `application/vnd.oci.image.index.v1+json` (the entries stay as they are; \
                 `platform.features`, if any, has no OCI home). Or convert every child to \
                 Docker schema 2 and update the entries' digests and sizes.",
    url: "https://github.com/distribution/distribution/blob/main/docs/content/spec/manifest-v2-2.md#manifest-list-field-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 418, "digest": "sha256:3a37dc3fd4e8460225ef5040308838ae344327c4901cffa653f3e157aae6c4f7", "platform": {"architecture": "amd64", "os": "linux"}}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 418, "digest": "sha256:3a37dc3fd4e8460225ef5040308838ae344327c4901cffa653f3e157aae6c4f7", "platform": {"architecture": "amd64", "os": "linux"}}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::DockerManifestList || ctx.header_contradicts_body() {
        return;
    }
    for (site, member, value) in ctx.media_types_of(DescriptorRole::Manifest) {
        // OCI blobs (layers, configs) as entries are `docker-list-child-media-type`'s.
        let what = match value {
            mt::OCI_MANIFEST => "an OCI image manifest",
            mt::OCI_INDEX => "an OCI image index",
            mt::OCI_ARTIFACT_MANIFEST => {
                "an OCI artifact manifest (withdrawn before image-spec 1.1)"
            }
            _ => continue,
        };
        out.emit(
            member.value.range,
            site.pointer.part(Part::MediaType),
            format!(
                "this entry of a Docker manifest list is {what}; Quay refuses OCI entries in Docker lists; make the list an OCI image index (`{}`)",
                mt::OCI_INDEX
            ),
        )
        .fix(
            FixSafety::Unsafe,
            format!("Make the list an OCI image index (`{}`)", mt::OCI_INDEX),
            ctx.convert_edits(Format::Oci),
        );
    }
}
