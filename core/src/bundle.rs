//! Several documents checked together: an index and its children, a manifest and its config.
//! Each descriptor is linked to the document of the bundle it names (by digest, or, when
//! exactly one unclaimed document of the right kind is left for exactly one unmatched
//! descriptor, as the document "given for it"), and the `bundle` rules judge those links.

use crate::diagnostic::{Diagnostic, RawDiagnostic};
use crate::json::{self, Node, Pointer};
use crate::kind::{self, Kind};
use crate::rules::{self, Check, Context, DescriptorRole};
use crate::text::LineIndex;
use crate::{digest, CheckOptions, Report};

/// One document of a bundle.
#[derive(Debug, Clone, Copy)]
pub struct BundleInput<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

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
    pub descriptor: &'a Node,
    pub by: LinkedBy,
}

/// What the bundle rules see.
#[derive(Debug)]
pub struct BundleContext<'a> {
    pub documents: Vec<BundleDocument<'a>>,
    pub links: Vec<Link<'a>>,
}

/// How a bundle rule reports: into the parent document's diagnostics.
#[derive(Debug)]
pub struct BundleEmitter<'o> {
    pub(crate) rule: &'static rules::Rule,
    pub(crate) out: &'o mut [Vec<RawDiagnostic>],
}

impl BundleEmitter<'_> {
    pub fn emit(
        &mut self,
        document: usize,
        range: crate::text::TextRange,
        pointer: Pointer,
        message: impl Into<String>,
    ) -> &mut RawDiagnostic {
        let out = &mut self.out[document];
        out.push(RawDiagnostic::of(
            &self.rule.meta,
            range,
            pointer,
            message.into(),
        ));
        let last = out.len() - 1;
        &mut out[last]
    }
}

/// Checks each document, then what holds between them; one report per input, in order.
pub fn check_bundle(inputs: &[BundleInput<'_>], options: &CheckOptions) -> Vec<Report> {
    let mut reports: Vec<Report> = inputs
        .iter()
        .map(|i| crate::check(i.bytes, options))
        .collect();
    for (report, found) in reports.iter_mut().zip(between(inputs, options)) {
        if found.is_empty() {
            continue;
        }
        report.diagnostics.extend(found);
        report
            .diagnostics
            .sort_by(|a, b| (a.range.start, a.code).cmp(&(b.range.start, b.code)));
    }
    reports
}

/// Only what holds between the documents (the `bundle` rules), per input: what a rewrite of a
/// bundle needs, without checking each document again.
pub fn between(inputs: &[BundleInput<'_>], options: &CheckOptions) -> Vec<Vec<Diagnostic>> {
    let parsed: Vec<json::Parsed<'_>> = inputs.iter().map(|i| json::parse(i.bytes)).collect();
    let documents: Vec<BundleDocument<'_>> = inputs
        .iter()
        .zip(&parsed)
        .map(|(input, parsed)| {
            let kind = parsed
                .document
                .root
                .as_ref()
                .map_or(Kind::Unknown, |root| kind::detect(&parsed.document, root));
            let own = parsed
                .document
                .root
                .as_ref()
                .and_then(|r| r.get("mediaType"))
                .and_then(|m| m.value.as_str())
                .filter(|_| kind.declares_own_media_type());
            let media_type = match kind {
                Kind::OciConfig | Kind::DockerConfig | Kind::Unknown => None,
                _ => own
                    .map(str::to_owned)
                    .or(kind.media_type().map(str::to_owned)),
            };
            BundleDocument {
                name: input.name,
                bytes: input.bytes,
                kind,
                media_type,
                digest: digest::sha256(input.bytes),
            }
        })
        .collect();

    // Every descriptor of every document, with its role.
    let mut sites: Vec<(usize, DescriptorRole, Pointer, &Node)> = Vec::new();
    for (at, parsed) in parsed.iter().enumerate() {
        let Some(root) = &parsed.document.root else {
            continue;
        };
        let context = Context {
            document: &parsed.document,
            root,
            kind: documents[at].kind,
            media_type: None,
            content_type: None,
            content_type_header: None,
            platform: None,
            cache: Default::default(),
        };
        for site in context.descriptors() {
            sites.push((at, site.role, site.pointer.clone(), site.node));
        }
    }
    let links = link(&documents, &sites);
    let context = BundleContext { documents, links };

    let mut raw: Vec<Vec<RawDiagnostic>> = vec![Vec::new(); inputs.len()];
    for (_, rule) in rules::all() {
        if let Check::Bundle(run) = rule.check {
            run(
                &context,
                &mut BundleEmitter {
                    rule,
                    out: &mut raw,
                },
            );
        }
    }
    raw.into_iter()
        .zip(inputs)
        .map(|(mut found, input)| {
            options.rules.apply(&mut found);
            // Positions are only needed for what was found.
            let lines = LineIndex::new(if found.is_empty() { &[] } else { input.bytes });
            found
                .into_iter()
                .map(|raw| {
                    let meta = &rules::by_code(raw.code).expect("a registered rule").meta;
                    Diagnostic::locate(raw, meta.name, meta.how_to_fix, meta.url, &lines)
                })
                .collect()
        })
        .collect()
}

/// Links descriptors to documents: by digest first, then the unambiguous leftovers.
fn link<'a>(
    documents: &[BundleDocument<'_>],
    sites: &[(usize, DescriptorRole, Pointer, &'a Node)],
) -> Vec<Link<'a>> {
    let mut links = Vec::new();
    let mut claimed = vec![false; documents.len()];
    let mut unmatched = Vec::new();
    for (parent, role, pointer, node) in sites {
        let named = node.get("digest").and_then(|d| d.value.as_str());
        let child = named.and_then(|named| {
            documents
                .iter()
                .enumerate()
                .position(|(at, d)| at != *parent && d.digest == named)
        });
        match child {
            Some(child) => {
                claimed[child] = true;
                links.push(Link {
                    parent: *parent,
                    child,
                    pointer: pointer.clone(),
                    descriptor: node,
                    by: LinkedBy::Digest,
                });
            }
            None => unmatched.push((*parent, *role, pointer, *node)),
        }
    }
    // A descriptor whose digest names nothing, and exactly one unclaimed document that fits
    // its role (and exactly one such descriptor): that document was given for it.
    for role in [
        DescriptorRole::Config,
        DescriptorRole::Manifest,
        DescriptorRole::Subject,
    ] {
        let fits = |kind: Kind| match role {
            DescriptorRole::Config => matches!(kind, Kind::OciConfig | Kind::DockerConfig),
            _ => kind.is_image_manifest() || kind.is_index(),
        };
        let descriptors: Vec<_> = unmatched.iter().filter(|(_, r, _, _)| *r == role).collect();
        let candidates: Vec<usize> = (0..documents.len())
            .filter(|&at| !claimed[at] && fits(documents[at].kind))
            .filter(|&at| descriptors.iter().all(|(parent, ..)| *parent != at))
            .collect();
        if let ([(parent, _, pointer, node)], [child]) =
            (descriptors.as_slice(), candidates.as_slice())
        {
            claimed[*child] = true;
            links.push(Link {
                parent: *parent,
                child: *child,
                pointer: (*pointer).clone(),
                descriptor: node,
                by: LinkedBy::OnlyCandidate,
            });
        }
    }
    links
}
