//! ANN009: `org.opencontainers.image.ref.name` belongs on index entries.

use super::super::prelude::*;
use crate::rules::{AnnotationScope, DescriptorRole};

declare_rule! {
    code: "ANN009",
    name: "ann-ref-name-scope",
    severity: Info,
    since: "0.1.0",
    summary: "`org.opencontainers.image.ref.name` is meaningful only on the entries of an image layout's `index.json`.",
    why: "image-spec: `ref.name` SHOULD only be considered valid when on descriptors in an \
          image layout's `index.json`, where it names (tags) the entry. On a manifest's or \
          index's own annotations, or on a config or layer descriptor, no tool reads it as \
          a name, and copying such a manifest between repositories carries a tag that no \
          longer applies.",
    how_to_fix: "Put the name on the entry of `index.json` (`manifests[].annotations`) that \
                 points at the image; use `org.opencontainers.image.base.name` or \
                 `org.opencontainers.image.version` for other meanings.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md#pre-defined-annotation-keys",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 7023, "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"}, "layers": [], "annotations": {"org.opencontainers.image.ref.name": "v1.0"}}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7143, "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "annotations": {"org.opencontainers.image.ref.name": "v1.0"}}]}"#),
    ],
    check: Document(check),
}

const KEY: &str = "org.opencontainers.image.ref.name";

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for map in ctx.annotation_maps() {
        let place = match map.scope {
            AnnotationScope::Descriptor(DescriptorRole::Manifest) => continue,
            AnnotationScope::TopLevel => "the document's own annotations",
            AnnotationScope::Descriptor(DescriptorRole::Config) => "the config descriptor",
            AnnotationScope::Descriptor(DescriptorRole::Layer) => "a layer descriptor",
            AnnotationScope::Descriptor(DescriptorRole::Subject) => "the subject descriptor",
        };
        for entry in map.member.value.members().unwrap_or_default() {
            if entry.key == KEY {
                out.emit(
                    ctx.key_range(entry),
                    map.entry_pointer(entry),
                    format!("`{KEY}` on {place} has no defined meaning; it names entries of an image layout's `index.json`"),
                );
            }
        }
    }
}
