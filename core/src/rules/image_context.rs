//! What the `image` rules see: a whole layout or archive resolved once by `image::verify` into
//! facts (each blob a descriptor names and what was found for it, each `diff_id` against its
//! layer, each platform against its config, the `docker save` manifest against the files,
//! the layout's own files), each with the place its finding is reported at; and how they
//! report (into that place's report).

use crate::blob::Magic;
use crate::diagnostic::RawDiagnostic;
use crate::json::Pointer;
use crate::text::TextRange;

use super::Rule;

/// What became of one blob a descriptor names: the one vocabulary of the CLI's `blobs`, the
/// page's tree and the rules. Serialized as [`BlobStatus::as_str`] says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum BlobStatus {
    Ok,
    /// Left out of the layout in a way layouts may be: a foreign or non-distributable layer, a
    /// platform that was not saved. Not corrupt.
    Sparse,
    Missing,
    SizeMismatch,
    DigestMismatch,
    /// The bytes are not what the media type says (gzip under `+zstd`, say).
    TypeMismatch,
    /// The layer's decompressed digest is not the config's `diff_id` for it.
    DiffIdMismatch,
}

impl BlobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BlobStatus::Ok => "ok",
            BlobStatus::Sparse => "sparse",
            BlobStatus::Missing => "missing",
            BlobStatus::SizeMismatch => "size-mismatch",
            BlobStatus::DigestMismatch => "digest-mismatch",
            BlobStatus::TypeMismatch => "type-mismatch",
            BlobStatus::DiffIdMismatch => "diff-id-mismatch",
        }
    }

    /// Whether the layout is broken (sparse is not).
    pub fn is_error(self) -> bool {
        !matches!(self, BlobStatus::Ok | BlobStatus::Sparse)
    }
}

/// Where a finding is reported: one of the verification's reports (a document of the chain,
/// or a member of the layout) and a place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub report: usize,
    pub range: TextRange,
    pub pointer: Pointer,
}

/// Why a blob is sparse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SparseReason {
    /// A foreign or non-distributable layer, which layouts and `docker save` leave out.
    Foreign,
    /// An index entry whose manifest is not in the layout while other entries are: a save of
    /// some platforms only.
    UnsavedPlatform,
    /// A `subject`, which a layout of referrers need not hold.
    Subject,
}

impl SparseReason {
    /// Why a layout may leave such a blob out, in the words the rule and the `blobs` list share.
    pub fn why(self) -> &'static str {
        match self {
            SparseReason::Foreign => {
                "a foreign or non-distributable layer, which layouts may leave out"
            }
            SparseReason::UnsavedPlatform => {
                "a platform that was not saved (other platforms of this index were)"
            }
            SparseReason::Subject => "a subject, which a layout of referrers need not hold",
        }
    }
}

/// One blob a descriptor (or a `docker save` manifest) names.
#[derive(Debug, Clone)]
pub struct BlobFact {
    /// The descriptor's `digest` value (its `size` value for a size mismatch).
    pub site: Site,
    /// The member as reports name it (`archive.tar!/blobs/sha256/…`).
    pub file: String,
    pub digest: String,
    pub declared_size: Option<u64>,
    pub media_type: Option<String>,
    pub status: BlobStatus,
    pub sparse: Option<SparseReason>,
    /// What was found: its size and its digest under the descriptor's algorithm (`None` when
    /// ocilint cannot compute that algorithm).
    pub found_size: Option<u64>,
    pub found_digest: Option<String>,
    /// For layers: what the bytes are, and what the media type says they should be.
    pub found_magic: Option<Magic>,
    pub expected_magic: Option<Magic>,
}

/// A config's `diff_id` against the layer at the same position.
#[derive(Debug, Clone)]
pub struct DiffIdFact {
    /// The config's `rootfs.diff_ids` item (or the array, for a count mismatch).
    pub site: Site,
    pub problem: DiffIdProblem,
}

#[derive(Debug, Clone)]
pub enum DiffIdProblem {
    /// The layer decompresses to another digest.
    Mismatch {
        layer_file: String,
        diff_id: String,
        actual: String,
    },
    /// The layer could not be decompressed (a corrupt stream, or the bomb limit).
    Undecodable { layer_file: String, why: String },
    /// The manifest has another number of layers than the config has `diff_ids`.
    Count { layers: usize, diff_ids: usize },
}

/// An index entry's `platform` against the config of the image it names.
#[derive(Debug, Clone)]
pub struct PlatformFact {
    pub site: Site,
    /// `os/architecture[/variant]` of each.
    pub entry: String,
    pub config: String,
    pub config_file: String,
}

/// A `docker save` `manifest.json` entry against the archive (and, in Docker 25+ archives,
/// the OCI side).
#[derive(Debug, Clone)]
pub struct DockerFact {
    pub site: Site,
    pub problem: String,
}

/// Something about the layout's own files or the archive's members.
#[derive(Debug, Clone)]
pub struct MemberFact {
    pub site: Site,
    pub problem: MemberProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberProblem {
    /// A file the layout must have (`oci-layout`, `index.json`) is not there.
    MissingLayoutFile(&'static str),
    /// Neither `index.json` nor `manifest.json`: not an image layout or `docker save` archive.
    NotALayout,
    /// A member whose path leaves the archive, or a link whose target does.
    Escapes(String),
    /// A member that could not be read whole (its stream ended, or the bomb limit).
    Unreadable(String),
}

/// What the image rules see.
#[derive(Debug, Default)]
pub struct ImageContext {
    pub blobs: Vec<BlobFact>,
    pub diff_ids: Vec<DiffIdFact>,
    pub platforms: Vec<PlatformFact>,
    pub docker: Vec<DockerFact>,
    pub members: Vec<MemberFact>,
}

impl ImageContext {
    /// The blobs found with `status`, in the order first named.
    pub fn blobs_with(&self, status: BlobStatus) -> impl Iterator<Item = &BlobFact> {
        self.blobs.iter().filter(move |b| b.status == status)
    }
}

/// How an image rule reports: into the report its site names.
#[derive(Debug)]
pub struct ImageEmitter<'o> {
    pub(crate) rule: &'static Rule,
    pub(crate) out: &'o mut [Vec<RawDiagnostic>],
}

impl ImageEmitter<'_> {
    pub fn emit(&mut self, site: &Site, message: impl Into<String>) -> &mut RawDiagnostic {
        let out = &mut self.out[site.report];
        RawDiagnostic::push(
            out,
            &self.rule.meta,
            site.range,
            site.pointer.clone().into(),
            message.into(),
        )
    }
}
