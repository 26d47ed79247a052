//! What the `bundle` rules see: the documents checked together and the links between them (a
//! descriptor in one naming another), and how they report (into the parent's diagnostics).

use crate::diagnostic::RawDiagnostic;
use crate::json::{Document, Node, Pointer};
use crate::kind::Kind;
use crate::role::Recognised;
use crate::text::TextRange;

use super::Rule;

/// A document of the bundle as the bundle rules see it.
#[derive(Debug)]
pub struct BundleDocument<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
    pub kind: Kind,
    /// Its own `mediaType`, else its kind's; `None` for configs, whose kind the bytes do not
    /// tell apart (OCI and Docker configs look alike).
    pub media_type: Option<String>,
    pub digest: String,
    /// What it is for (an image, an attestation, a signature…), as its bytes tell.
    pub recognised: Recognised,
    /// Its parsed JSON; `None` when it is not JSON.
    pub root: Option<&'a Node<'a>>,
    /// Its parse, for where its keys are and for edits.
    pub document: &'a Document<'a>,
}

impl<'a> BundleDocument<'a> {
    /// Its own top-level annotation `key`, when it is a non-empty string.
    pub fn annotation(&self, key: &str) -> Option<&'a str> {
        self.root?
            .get("annotations")?
            .value
            .get(key)?
            .value
            .as_str()
            .filter(|v| !v.is_empty())
    }

    /// Its label `key` (`config.Labels`), when it is an image config and the label a
    /// non-empty string.
    pub fn label(&self, key: &str) -> Option<&'a str> {
        if !self.kind.is_config() {
            return None;
        }
        self.root?
            .get("config")?
            .value
            .get("Labels")?
            .value
            .get(key)?
            .value
            .as_str()
            .filter(|v| !v.is_empty())
    }
}

impl BundleContext<'_> {
    /// The links from document `parent` to the documents of the bundle it names.
    pub fn links_from(&self, parent: usize) -> impl Iterator<Item = &Link<'_>> {
        self.links.iter().filter(move |l| l.parent == parent)
    }
}

/// How a descriptor was linked to a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkedBy {
    /// The descriptor's digest is the document's.
    Digest,
    /// The digest matches nothing, and this document is the only one of the bundle left for
    /// the descriptor's role.
    OnlyCandidate,
}

/// A descriptor of one document naming another document of the bundle.
#[derive(Debug)]
pub struct Link<'a> {
    pub parent: usize,
    pub child: usize,
    pub pointer: Pointer,
    pub descriptor: &'a Node<'a>,
    pub by: LinkedBy,
}

/// A descriptor that names no document of the bundle.
#[derive(Debug)]
pub struct Unlinked<'a> {
    pub parent: usize,
    pub role: super::DescriptorRole,
    pub pointer: Pointer,
    pub descriptor: &'a Node<'a>,
}

/// What the bundle rules see.
#[derive(Debug)]
pub struct BundleContext<'a> {
    pub documents: Vec<BundleDocument<'a>>,
    pub links: Vec<Link<'a>>,
    /// The descriptors no link starts from.
    pub unlinked: Vec<Unlinked<'a>>,
}

/// How a bundle rule reports: into the parent document's diagnostics.
#[derive(Debug)]
pub struct BundleEmitter<'o> {
    pub(crate) rule: &'static Rule,
    pub(crate) out: &'o mut [Vec<RawDiagnostic>],
}

impl BundleEmitter<'_> {
    pub fn emit(
        &mut self,
        document: usize,
        range: TextRange,
        pointer: Pointer,
        message: impl Into<String>,
    ) -> &mut RawDiagnostic {
        let out = &mut self.out[document];
        RawDiagnostic::push(out, &self.rule.meta, range, pointer.into(), message.into())
    }
}
