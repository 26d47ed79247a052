//! Whole images: an OCI image layout (a folder, or the same as an `oci-archive` tar) or a
//! `docker save` archive, given as its members already scanned ([`crate::blob::scan`]), is
//! resolved into what the `image` rules judge: `index.json` → nested indexes → manifests →
//! configs and layers, each blob against its descriptor; each config's `diff_ids` against its
//! layers; each platform against its config; `manifest.json` against the files. Every
//! document of the chain is checked by the engine ([`crate::bundle::check_bundle_by_digest`]) and the
//! image rules' findings join the report of the document (or member) they are about.
//!
//! No I/O: the front end walks the folder or the tar and hands each member over.

pub mod loaders;
mod resolve;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::blob::{ArchiveMember, Scanned};
use crate::bundle::{self, BundleInput};
use crate::check::{self, CheckOptions, Report};
use crate::diagnostic::RawDiagnostic;
use crate::kind::Kind;
use crate::rules::{self, Check, ImageEmitter};

pub use crate::rules::image_context::{BlobStatus, SparseReason};
pub use loaders::{Container, LoaderVerdict};

/// The media type `oci-layout` files are checked as.
pub const LAYOUT_HEADER_MEDIA_TYPE: &str = "application/vnd.oci.layout.header.v1+json";

/// How many links a path may go through before it is taken for a loop.
const MAX_LINK_HOPS: usize = 16;

/// A layout's members as the front end found them.
#[derive(Debug, Default)]
pub struct Layout {
    /// What reports put before a member's path: `archive.tar!/`, `folder/`.
    prefix: String,
    members: BTreeMap<String, Entry>,
    /// Members refused while reading (a path leaving the archive), with why.
    refused: Vec<(String, String)>,
    /// How it was given, when the front end says (else told by the prefix: `…!/` is a tar).
    container: Option<Container>,
}

#[derive(Debug)]
enum Entry {
    File(Scanned),
    /// A symbolic link (its target relative to its folder) or a hard link (relative to the
    /// root), as tar has them.
    Link {
        target: String,
        symbolic: bool,
    },
}

impl Layout {
    /// An empty layout whose members are reported as `prefix` + path (`archive.tar!/`).
    pub fn new(prefix: impl Into<String>) -> Self {
        Layout {
            prefix: prefix.into(),
            ..Layout::default()
        }
    }

    /// A scanned member; `path` as [`crate::blob::member_path`] gives it.
    pub fn add(&mut self, path: &str, scanned: Scanned) {
        self.members.insert(path.to_owned(), Entry::File(scanned));
    }

    /// A link member: resolved when the layout is verified, refused if it leaves the layout.
    pub fn add_link(&mut self, path: &str, target: &str, symbolic: bool) {
        self.members.insert(
            path.to_owned(),
            Entry::Link {
                target: target.to_owned(),
                symbolic,
            },
        );
    }

    /// A member the front end would not read, with why (`../` paths, a bomb).
    pub fn refuse(&mut self, raw_path: &str, why: impl Into<String>) {
        self.refused.push((raw_path.to_owned(), why.into()));
    }

    /// A member of an archive, as read: a file, a link or a refused path.
    pub fn add_member(&mut self, member: ArchiveMember) {
        match member {
            ArchiveMember::File { path, scanned } => self.add(&path, scanned),
            ArchiveMember::Link {
                path,
                target,
                symbolic,
            } => self.add_link(&path, &target, symbolic),
            ArchiveMember::Refused { raw, why } => self.refuse(&raw, why),
        }
    }

    /// How the layout was given: a folder, a tar, a compressed tar (the loaders differ).
    pub fn set_container(&mut self, container: Container) {
        self.container = Some(container);
    }

    /// How the layout was given: as set, else a tar when its prefix names an archive member.
    pub fn container(&self) -> Container {
        self.container.unwrap_or(if self.prefix.ends_with("!/") {
            Container::Tar
        } else {
            Container::Folder
        })
    }

    /// The target of the symbolic link at `path`, as written.
    fn link_text(&self, path: &str) -> Option<String> {
        match self.members.get(path)? {
            Entry::Link {
                target,
                symbolic: true,
            } => Some(target.clone()),
            _ => None,
        }
    }

    /// Every symbolic link: (path, target as written).
    fn links(&self) -> impl Iterator<Item = (&str, &str)> {
        self.members.iter().filter_map(|(path, entry)| match entry {
            Entry::Link {
                target,
                symbolic: true,
            } => Some((path.as_str(), target.as_str())),
            _ => None,
        })
    }

    /// The member as reports name it.
    pub fn file_name(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The scanned file at `path` (through links), as the front end gave it.
    pub fn member(&self, path: &str) -> Option<&Scanned> {
        self.get(path)
    }

    /// The file at `path`, through links.
    fn get(&self, path: &str) -> Option<&Scanned> {
        let mut path = path.to_owned();
        for _ in 0..MAX_LINK_HOPS {
            match self.members.get(&path)? {
                Entry::File(scanned) => return Some(scanned),
                Entry::Link { .. } => path = self.link_target(&path).ok()?,
            }
        }
        None
    }

    /// Where the link at `path` points, or why it may not be followed.
    fn link_target(&self, path: &str) -> Result<String, String> {
        let Some(Entry::Link { target, symbolic }) = self.members.get(path) else {
            return Ok(path.to_owned());
        };
        let joined = match (symbolic, path.rsplit_once('/')) {
            (true, Some((folder, _))) => format!("{folder}/{target}"),
            _ => target.clone(),
        };
        crate::blob::member_path(&joined).map_err(|_| format!("`{path}` links to `{target}`"))
    }
}

/// Whether a platform asked for as `os/arch[/variant]` (as `--platform` takes it) is this
/// `os`, `architecture` and `variant`: a variant left out matches any.
pub fn platform_wanted(wanted: &str, os: &str, architecture: &str, variant: &str) -> bool {
    let mut parts = wanted.split('/');
    parts.next() == Some(os)
        && parts.next() == Some(architecture)
        && parts.next().is_none_or(|v| v == variant)
}

/// One blob in the CLI's `blobs` array and the page's tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct BlobRecord {
    /// The member as reports name it: `archive.tar!/blobs/sha256/…`, `folder/blobs/sha256/…`.
    pub file: String,
    /// The digest the descriptor names (for a `docker save` file without one in its name, the
    /// digest of its bytes).
    pub digest: String,
    /// The size the descriptor declares (else the size found).
    pub size: Option<u64>,
    pub media_type: Option<String>,
    pub status: BlobStatus,
    /// One line on the status, for people.
    pub message: String,
}

/// One report of a verification: a document of the chain, or a member with a finding.
#[derive(Debug, Clone)]
pub struct VerifiedFile {
    pub file: String,
    pub bytes: Vec<u8>,
    pub report: Report,
}

/// What verifying a layout found.
#[derive(Debug, Clone)]
pub struct Verification {
    /// The layout's own files, then the documents of the chain in the order they were reached,
    /// then members with findings.
    pub files: Vec<VerifiedFile>,
    /// Every blob named, once each, in the order first named.
    pub blobs: Vec<BlobRecord>,
    /// Each loader's verdict on the whole image ([`loaders::judge`]).
    pub loaders: Vec<LoaderVerdict>,
}

impl Verification {
    /// Whether anything is wrong (sparse blobs and info-level findings are not).
    pub fn has_errors(&self) -> bool {
        self.files.iter().any(|f| f.report.has_errors())
            || self.blobs.iter().any(|b| b.status.is_error())
    }
}

/// Verifies a whole layout: every blob, every document, and what holds between them.
pub fn verify(layout: &Layout, options: &CheckOptions) -> Verification {
    let loaders = loaders::judge(layout);
    let resolved = resolve::resolve(layout);
    let mut raw: Vec<Vec<RawDiagnostic>> = vec![Vec::new(); resolved.slots.len()];
    for (_, rule) in rules::all() {
        if let Check::Image(run) = rule.check {
            run(
                &resolved.context,
                &mut ImageEmitter {
                    rule,
                    out: &mut raw,
                },
            );
        }
    }

    // The chain's documents are checked together, as `check --bundle` checks them.
    let documents: Vec<usize> = (0..resolved.slots.len())
        .filter(|&at| resolved.slots[at].role == resolve::SlotRole::Document)
        .collect();
    let inputs: Vec<BundleInput<'_>> = documents
        .iter()
        .map(|&at| BundleInput {
            name: &resolved.slots[at].file,
            bytes: &resolved.slots[at].bytes,
        })
        .collect();
    let bundle_options = CheckOptions {
        content_type: None,
        ..options.clone()
    };
    let mut reports: Vec<Option<Report>> = vec![None; resolved.slots.len()];
    for (at, report) in documents
        .iter()
        .zip(bundle::check_bundle_by_digest(&inputs, &bundle_options))
    {
        reports[*at] = Some(report);
    }

    let mut files = Vec::new();
    for (at, (slot, found)) in resolved.slots.into_iter().zip(raw).enumerate() {
        let mut report = match reports[at].take() {
            Some(report) => report,
            None if slot.role == resolve::SlotRole::LayoutHeader => check::check(
                &slot.bytes,
                &CheckOptions {
                    content_type: Some(LAYOUT_HEADER_MEDIA_TYPE.into()),
                    ..options.clone()
                },
            ),
            None => {
                if found.is_empty() {
                    continue;
                }
                member_report(&slot.bytes)
            }
        };
        let mut found = found;
        options.rules.apply(&mut found);
        report.diagnostics.extend(check::locate(found, &slot.bytes));
        report
            .diagnostics
            .sort_by(|a, b| (a.range.start, a.code).cmp(&(b.range.start, b.code)));
        files.push(VerifiedFile {
            file: slot.file,
            bytes: slot.bytes,
            report,
        });
    }
    Verification {
        files,
        blobs: resolved.records,
        loaders,
    }
}

/// The report of a member that is not a document (a missing file, a link): only the image
/// rules' findings.
fn member_report(bytes: &[u8]) -> Report {
    Report {
        kind: Kind::Unknown,
        role: crate::role::Role::Other,
        convention: None,
        config_of: None,
        media_type: None,
        digest: crate::digest::sha256(bytes),
        size: bytes.len() as u64,
        diagnostics: Vec::new(),
        targets: Vec::new(),
        attachments: Vec::new(),
    }
}

/// A rule example's layout: a JSON object from member paths to their contents (a string's
/// text, any other value's exact JSON); a key `path -> target` is a symbolic link.
#[cfg(test)]
pub(crate) fn example_layout(bytes: &[u8]) -> Layout {
    let arena = crate::json::Arena::new();
    let analysed = crate::rules::Analysed::new(bytes, None, &arena);
    let root = analysed
        .root()
        .and_then(|r| r.members())
        .expect("an image example is a JSON object of members");
    let mut layout = Layout::new("example.tar!/");
    for member in root {
        if let Some((path, target)) = member.key.split_once(" -> ") {
            layout.add_link(path, target, true);
            continue;
        }
        let content = match member.value.as_str() {
            Some(text) => text.as_bytes().to_vec(),
            None => bytes[member.value.range.as_usize()].to_vec(),
        };
        layout.add(member.key, Scanned::of(member.key, &content));
    }
    layout
}

/// Whether the rule `code` reports anything about a rule example's layout.
#[cfg(test)]
pub(crate) fn example_fires(bytes: &[u8], code: &str) -> bool {
    verify(&example_layout(bytes), &CheckOptions::default())
        .files
        .iter()
        .flat_map(|f| &f.report.diagnostics)
        .any(|d| d.code == code)
}

#[cfg(test)]
mod tests;
