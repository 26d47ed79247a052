//! IDX009: a nested index entry with a `platform`.

use super::super::prelude::*;
use super::super::DescriptorRole;
use crate::spec::media_types as mt;

declare_rule! {
    code: "IDX009",
    name: "index-nested-platform",
    severity: Info,
    since: "0.1.0",
    summary: "A nested index's `platform` must hold for every manifest inside it.",
    why: "image-spec: `platform` \"describes the minimum runtime requirements of the \
          image\"; on an entry that is itself an index it therefore describes all of that \
          index's children, and clients that filter by it (containerd does) skip the whole \
          nested index on any other platform. That is right when the nested index holds \
          one platform's variants, and wrong when it is a multi-platform index: then \
          usually no `platform` is intended.",
    how_to_fix: "Keep `platform` only if every manifest of the nested index runs on it; \
                 otherwise remove it.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.index.v1+json", "digest": "sha256:601570aaff1b68a61eb9c85b8beca1644e698003e0cdb5bce960f193d265a8b7", "size": 7682, "platform": {"architecture": "amd64", "os": "linux"}}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.index.v1+json", "digest": "sha256:601570aaff1b68a61eb9c85b8beca1644e698003e0cdb5bce960f193d265a8b7", "size": 7682}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciIndex {
        return;
    }
    for site in ctx.descriptors() {
        if site.role != DescriptorRole::Manifest {
            continue;
        }
        let nested = matches!(
            site.media_type_member().and_then(|m| m.value.as_str()),
            Some(mt::OCI_INDEX | mt::DOCKER_MANIFEST_LIST)
        );
        let Some(platform) = site.platform().filter(|_| nested) else {
            continue;
        };
        out.emit(
            ctx.key_range(platform),
            site.pointer.part(Part::Platform),
            "this entry is a nested index: its `platform` applies to every manifest inside it, \
             and clients filtering by platform skip the whole nested index elsewhere",
        );
    }
}
