//! Where a document's annotation maps are, for the annotation rules: the top-level
//! `annotations` of a manifest or index and those of its descriptors.

use crate::json::{Member, Pointer};
use crate::kind::Kind;

use super::{Context, DescriptorRole};
use crate::diagnostic::{Part, Place};

/// Where an annotation map sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnotationScope {
    /// The document's own top-level `annotations`.
    TopLevel,
    /// A descriptor's `annotations`.
    Descriptor(DescriptorRole),
}

/// One `annotations` member of the document, whatever its JSON type.
#[derive(Debug)]
pub struct AnnotationMap<'a> {
    pub scope: AnnotationScope,
    /// Where the `annotations` member itself is.
    pub pointer: Place,
    pub member: &'a Member<'a>,
}

impl<'a> AnnotationMap<'a> {
    /// The entries whose values are strings (other values are `ann-map-of-strings`' concern).
    pub fn string_entries(&self) -> impl Iterator<Item = (&'a Member<'a>, &'a str)> + 'a {
        self.member
            .value
            .members()
            .unwrap_or_default()
            .iter()
            .filter_map(|entry| entry.value.as_str().map(|value| (entry, value)))
    }

    /// The first entry named `key` whose value is a string.
    pub fn get(&self, key: &str) -> Option<(&'a Member<'a>, &'a str)> {
        self.string_entries().find(|(entry, _)| entry.key == key)
    }

    /// Pointer to one entry.
    pub fn entry_pointer(&self, entry: &Member) -> Pointer {
        self.pointer.key(entry.key)
    }
}

impl<'a> Context<'a> {
    /// Every annotation map of a manifest, index or descriptor, in this order: the top-level
    /// one, then the descriptors' (`config`, `layers[]`, `manifests[]`, `subject`) as
    /// [`Context::descriptors`] lists them.
    pub fn annotation_maps(&self) -> &[AnnotationMap<'a>] {
        self.cache
            .annotation_maps
            .get_or_init(|| self.find_annotation_maps())
    }

    fn find_annotation_maps(&self) -> Vec<AnnotationMap<'a>> {
        let mut found = Vec::new();
        let top_level = matches!(
            self.kind,
            Kind::OciManifest
                | Kind::OciIndex
                | Kind::OciArtifactManifest
                | Kind::DockerManifest
                | Kind::DockerManifestList
        );
        if top_level {
            if let Some(member) = self.root.get("annotations") {
                found.push(AnnotationMap {
                    scope: AnnotationScope::TopLevel,
                    pointer: Place::ROOT.part(Part::Annotations),
                    member,
                });
            }
        }
        for site in self.descriptors() {
            if let Some(member) = site.node.get("annotations") {
                found.push(AnnotationMap {
                    scope: AnnotationScope::Descriptor(site.role),
                    pointer: site.pointer.part(Part::Annotations),
                    member,
                });
            }
        }
        // Kept while every rule runs: without the room doubling left.
        found.shrink_to_fit();
        found
    }
}
