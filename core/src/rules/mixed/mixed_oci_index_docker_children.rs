//! MIX004: an OCI image index whose entries are Docker manifests or lists.

use super::super::prelude::*;
use crate::rules::DescriptorRole;
use crate::spec::media_types::{self as mt, Family, Role};

declare_rule! {
    code: "MIX004",
    name: "mixed-oci-index-docker-children",
    severity: Warning,
    since: "0.1.0",
    summary: "An OCI image index should point at OCI manifests and indexes, not Docker ones.",
    why: "Implementations MUST NOT error on unknown child types, but image-spec says \
          indexes concerned with portability SHOULD use the OCI manifest and index types, \
          and an OCI-only consumer need not understand Docker manifests at all. Such \
          indexes typically come from tools that wrap Docker-typed images in an OCI index \
          or layout (kaniko's `--oci-layout-path` wrote an OCI `index.json` listing a \
          Docker manifest), and they leave each image in the format its builder happened \
          to use.",
    how_to_fix: "Convert the child manifests to OCI, then update each entry's `mediaType`, \
                 `digest` and `size` to the converted child (conversion gives the child a \
                 new digest). Changing only the entry's `mediaType` would create a media \
                 type conflict with the child document. `ocilint convert --to oci` given the \
                 index and its children does all of it.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 407, "digest": "sha256:5c8a7c5d81ce01fa001bad84905be012c3187fe9efdf937055b5c95d932edb19"}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 407, "digest": "sha256:5c8a7c5d81ce01fa001bad84905be012c3187fe9efdf937055b5c95d932edb19", "platform": {"architecture": "amd64", "os": "linux"}}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciIndex || ctx.header_contradicts_body() {
        return;
    }
    for (site, member, value) in ctx.media_types_of(DescriptorRole::Manifest) {
        if mt::family(value) != Family::Docker {
            continue;
        }
        let message = match (value, mt::role(value)) {
            (mt::DOCKER_MANIFEST, _) | (mt::DOCKER_MANIFEST_LIST, _) => format!(
                "this entry of an OCI index is a Docker document (`{value}`); for portability convert it to `{}` and update this entry's digest and size",
                mt::docker_to_oci(value).unwrap_or(mt::OCI_MANIFEST)
            ),
            (_, Role::Manifest) => format!(
                "this entry of an OCI index is a deprecated Docker schema 1 manifest (`{value}`); Docker and containerd no longer pull it"
            ),
            // Layers and configs as entries are not manifests at all; other rules say so.
            _ => continue,
        };
        out.emit(
            member.value.range,
            site.pointer.part(Part::MediaType),
            message,
        );
    }
}
