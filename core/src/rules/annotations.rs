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
#[derive(Debug, Clone, Copy)]
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
    pub fn annotation_maps(&self) -> impl Iterator<Item = AnnotationMap<'a>> + '_ {
        let top_level = matches!(
            self.kind,
            Kind::OciManifest
                | Kind::OciIndex
                | Kind::OciArtifactManifest
                | Kind::DockerManifest
                | Kind::DockerManifestList
        );
        let own = top_level
            .then(|| self.root.get("annotations"))
            .flatten()
            .map(|member| AnnotationMap {
                scope: AnnotationScope::TopLevel,
                pointer: Place::ROOT.part(Part::Annotations),
                member,
            });
        own.into_iter()
            .chain(self.descriptors().iter().filter_map(|site| {
                Some(AnnotationMap {
                    scope: AnnotationScope::Descriptor(site.role),
                    pointer: site.pointer.part(Part::Annotations),
                    member: site.annotations()?,
                })
            }))
    }
}
