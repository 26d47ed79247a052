//! What a rule sees (the document, its kind, the media type it is validated as) and how it
//! reports (an emitter bound to the rule, so codes and severities come from the metadata).

use std::cell::OnceCell;

use crate::diagnostic::{RawDiagnostic, RawRelated};
use crate::json::{Document, Node, Pointer};
use crate::kind::Kind;
use crate::spec::fields;
use crate::text::TextRange;

use super::Rule;

#[derive(Debug)]
pub struct Context<'a> {
    pub document: &'a Document<'a>,
    pub root: &'a Node,
    pub kind: Kind,
    /// The media type the document is validated as: the `Content-Type`, else its own
    /// `mediaType`, else the detected kind's.
    pub media_type: Option<&'a str>,
    /// The `Content-Type` the document was received with, if the caller gave one, without
    /// parameters.
    pub content_type: Option<&'a str>,
    /// The `Content-Type` exactly as given, parameters included.
    pub content_type_header: Option<&'a str>,
    /// [`Context::descriptors`], computed once: several rules walk them.
    pub(crate) descriptor_cache: OnceCell<Vec<DescriptorSite<'a>>>,
}

/// Where a descriptor sits in its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DescriptorRole {
    Config,
    Layer,
    Manifest,
    Subject,
}

#[derive(Debug)]
pub struct DescriptorSite<'a> {
    pub role: DescriptorRole,
    pub pointer: Pointer,
    pub node: &'a Node,
}

impl<'a> Context<'a> {
    /// The first byte of the document's value (its opening brace): where diagnostics about a
    /// member that is missing altogether point.
    pub fn root_head(&self) -> TextRange {
        head(self.root)
    }

    /// Every descriptor the document holds (`config`, `layers[]`, `manifests[]`, `subject`),
    /// in document order. Values of the wrong JSON type are skipped: other rules report them.
    pub fn descriptors(&self) -> &[DescriptorSite<'a>] {
        self.descriptor_cache
            .get_or_init(|| self.find_descriptors())
    }

    fn find_descriptors(&self) -> Vec<DescriptorSite<'a>> {
        let mut sites = Vec::new();
        if self.root.members().is_none() {
            return sites;
        }
        let root = Pointer::root();
        if self.kind.is_image_manifest() {
            if let Some(config) = self.root.get("config").filter(|m| m.value.is_object()) {
                sites.push(DescriptorSite {
                    role: DescriptorRole::Config,
                    pointer: root.key("config"),
                    node: &config.value,
                });
            }
            self.push_array(&mut sites, "layers", DescriptorRole::Layer);
        }
        if self.kind.is_index() {
            self.push_array(&mut sites, "manifests", DescriptorRole::Manifest);
        }
        if matches!(self.kind, Kind::OciManifest | Kind::OciIndex) {
            if let Some(subject) = self.root.get("subject").filter(|m| m.value.is_object()) {
                sites.push(DescriptorSite {
                    role: DescriptorRole::Subject,
                    pointer: root.key("subject"),
                    node: &subject.value,
                });
            }
        }
        if self.kind == Kind::Descriptor {
            sites.push(DescriptorSite {
                role: DescriptorRole::Manifest,
                pointer: root,
                node: self.root,
            });
        }
        sites
    }

    fn push_array(&self, sites: &mut Vec<DescriptorSite<'a>>, key: &str, role: DescriptorRole) {
        let Some(items) = self.root.get(key).and_then(|m| m.value.items()) else {
            return;
        };
        let base = Pointer::root().key(key);
        for (index, node) in items.iter().enumerate().filter(|(_, n)| n.is_object()) {
            sites.push(DescriptorSite {
                role,
                pointer: base.index(index),
                node,
            });
        }
    }
}

/// An object whose member names a spec defines: the document itself, a descriptor, a platform.
#[derive(Debug)]
pub struct DefinedObject<'a> {
    pub node: &'a Node,
    pub pointer: Pointer,
    /// The member names defined for it (OCI and Docker together).
    pub known: &'static [&'static str],
    pub top_level: bool,
}

impl<'a> Context<'a> {
    /// The document (when it is a manifest or an index), its descriptors and their platforms.
    pub fn defined_objects(&self) -> Vec<DefinedObject<'a>> {
        let mut objects = Vec::new();
        let top: Option<&'static [&'static str]> = match self.kind {
            Kind::OciManifest | Kind::DockerManifest => Some(&fields::OCI_MANIFEST),
            Kind::OciIndex | Kind::DockerManifestList => Some(&fields::OCI_INDEX),
            _ => None,
        };
        if let Some(known) = top.filter(|_| self.root.is_object()) {
            objects.push(DefinedObject {
                node: self.root,
                pointer: Pointer::root(),
                known,
                top_level: true,
            });
        }
        for site in self.descriptors() {
            if let Some(platform) = site.node.get("platform").filter(|m| m.value.is_object()) {
                objects.push(DefinedObject {
                    node: &platform.value,
                    pointer: site.pointer.key("platform"),
                    known: &fields::PLATFORM,
                    top_level: false,
                });
            }
            objects.push(DefinedObject {
                node: site.node,
                pointer: site.pointer.clone(),
                known: &fields::DESCRIPTOR,
                top_level: false,
            });
        }
        objects
    }
}

/// Which media-type field a value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A manifest's or index's own top-level `mediaType`.
    Own,
    /// A descriptor's `mediaType`.
    MediaType,
    /// A descriptor's `artifactType`.
    ArtifactType,
}

/// A string-valued media-type field of the document.
#[derive(Debug)]
pub struct MediaTypeField<'a> {
    pub field: Field,
    pub value: &'a str,
    pub range: TextRange,
    pub pointer: Pointer,
}

impl<'a> Context<'a> {
    /// In document order: the document's own `mediaType` (manifests and indexes only) and
    /// every descriptor's `mediaType` and `artifactType`. Values that are not strings are
    /// skipped: other rules report them.
    pub fn media_type_fields(&self) -> Vec<MediaTypeField<'a>> {
        let mut fields = Vec::new();
        if self.kind.declares_own_media_type() && self.kind != Kind::Unknown {
            if let Some(member) = self.root.get("mediaType") {
                if let Some(value) = member.value.as_str() {
                    fields.push(MediaTypeField {
                        field: Field::Own,
                        value,
                        range: member.value.range,
                        pointer: Pointer::root().key("mediaType"),
                    });
                }
            }
        }
        for site in self.descriptors() {
            for (key, field) in [
                ("mediaType", Field::MediaType),
                ("artifactType", Field::ArtifactType),
            ] {
                let Some(member) = site.node.get(key) else {
                    continue;
                };
                if let Some(value) = member.value.as_str() {
                    fields.push(MediaTypeField {
                        field,
                        value,
                        range: member.value.range,
                        pointer: site.pointer.key(key),
                    });
                }
            }
        }
        fields.sort_by_key(|f| f.range.start);
        fields
    }
}

/// The first byte of a value: where diagnostics about a member missing from it point.
pub fn head(node: &Node) -> TextRange {
    TextRange::new(node.range.start as usize, node.range.start as usize + 1)
}

/// Collects one rule's diagnostics; code and severity come from the rule's metadata.
#[derive(Debug)]
pub struct Emitter<'o> {
    pub(crate) rule: &'static Rule,
    pub(crate) out: &'o mut Vec<RawDiagnostic>,
}

impl Emitter<'_> {
    pub fn emit(
        &mut self,
        range: TextRange,
        pointer: Pointer,
        message: impl Into<String>,
    ) -> &mut RawDiagnostic {
        self.out.push(RawDiagnostic {
            code: self.rule.meta.code,
            severity: self.rule.meta.severity,
            message: message.into(),
            pointer,
            range,
            related: Vec::new(),
        });
        let last = self.out.len() - 1;
        &mut self.out[last]
    }
}

impl RawDiagnostic {
    /// Adds another location that explains this diagnostic.
    pub fn related(&mut self, range: TextRange, pointer: Pointer, message: impl Into<String>) {
        self.related.push(RawRelated {
            message: message.into(),
            pointer,
            range,
        });
    }
}
