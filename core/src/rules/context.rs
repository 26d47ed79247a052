//! What a rule sees (the document, its kind, the media type it is validated as, and the parts
//! several rules look at: descriptors, platforms, media-type fields, the image config's
//! objects) and how it reports (an emitter bound to the rule, so codes and severities come from
//! the metadata).

use std::cell::OnceCell;
use std::sync::Arc;

use crate::digest;

use crate::diagnostic::RawFix;
use crate::diagnostic::{
    describe_wrong_media_type, FixSafety, RawDiagnostic, RawPointer, RawRelated,
};
use crate::fix::{Editor, RawEdit};
use crate::json::{Document, Member, Node, Pointer};
use crate::kind::Kind;
use crate::role::Role;
use crate::spec::fields;
use crate::spec::media_types as mt;
use crate::text::TextRange;

use crate::transform::convert::{self, Format};
use crate::transform::split::SplitOff;
use crate::transform::{cache, platform};

use super::{Rule, RuleMeta};
use crate::diagnostic::{Part, Place, Slot};

#[derive(Debug)]
pub struct Context<'a> {
    pub document: &'a Document<'a>,
    pub root: &'a Node<'a>,
    pub kind: Kind,
    /// The media type the document is validated as: the `Content-Type`, else its own
    /// `mediaType`, else the detected kind's.
    pub media_type: Option<&'a str>,
    /// The `Content-Type` the document was received with, if the caller gave one, without
    /// parameters.
    pub content_type: Option<&'a str>,
    /// The `Content-Type` exactly as given, parameters included.
    pub content_type_header: Option<&'a str>,
    /// `os/arch[/variant]` the user supplied for fixes that need a platform.
    pub platform: Option<&'a str>,
    /// In a bundle, what the manifests naming this document as their `config` are, when
    /// none of them is a runnable image (a signature, an attestation, an SBOM…): set by the
    /// bundle once it has linked descriptors to documents; `None` for a document checked
    /// alone or named by an image. See [`Context::selectable_platform_sites`].
    pub config_of: Option<Role>,
    /// [`Context::descriptors`], computed once: several rules walk them.
    /// What several rules walk, computed once per document.
    pub(crate) cache: Cache<'a>,
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
    /// Where its `annotations`, `platform`, `mediaType` and `artifactType` members are, found
    /// once: the walks over them read these instead of keeping lists of their own beside this
    /// one while the rules run (23 MB of an index of 320,000 entries). They fit where the
    /// role leaves room.
    annotations: MemberAt,
    platform: MemberAt,
    media_type: MemberAt,
    artifact_type: MemberAt,
    digest: MemberAt,
    /// [`DescriptorSite::digest`]'s checks, made once when the descriptor is found (seven
    /// rules read them), in the same room: where the `:` is ([`DigestCheck::NO_GRAMMAR`]
    /// past 254), and whether the encoding held.
    digest_separator: u8,
    digest_encoding_holds: bool,
    pub pointer: Place,
    pub node: &'a Node<'a>,
}

// What the descriptor notes of itself fits in the room its role leaves: 24 bytes for each
// descriptor of a large index while the rules run.
const _: () = assert!(std::mem::size_of::<DescriptorSite<'_>>() <= 24);

/// Where the first member of a name is among an object's members: its index, or that it is
/// not there, or that the object has too many members to say (then it is looked up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MemberAt(u8);

impl MemberAt {
    const ABSENT: MemberAt = MemberAt(u8::MAX);
    const LOOK_UP: MemberAt = MemberAt(u8::MAX - 1);

    /// The first member named `key` of `node`, read through this index.
    fn read<'a>(self, node: &'a Node<'a>, key: &str) -> Option<&'a Member<'a>> {
        match self {
            MemberAt::ABSENT => None,
            MemberAt::LOOK_UP => node.get(key),
            MemberAt(index) => node.members()?.get(usize::from(index)),
        }
    }
}

/// A descriptor's `digest` string, split and checked once: where the text splits rather than
/// the two halves, and whether the grammar and the encoding held rather than why not (asked
/// again of the rare digest that fails).
#[derive(Debug, Clone, Copy)]
pub struct DigestCheck<'a> {
    /// The `digest` member; its value is a non-empty string.
    pub member: &'a Member<'a>,
    /// Where the `:` is when the grammar holds, else [`DigestCheck::NO_GRAMMAR`].
    separator: u32,
    encoding_holds: bool,
}

impl<'a> DigestCheck<'a> {
    const NO_GRAMMAR: u32 = u32::MAX;

    /// The checks of a `digest` member, when it is a non-empty string.
    fn of(member: &'a Member<'a>) -> Option<Self> {
        Some(Self::new(member, Self::checked_text(member)?))
    }

    /// A `digest` member's text, when it is a non-empty string: the only kind that is checked.
    fn checked_text(member: &'a Member<'a>) -> Option<&'a str> {
        member.value.as_str().filter(|t| !t.is_empty())
    }

    fn new(member: &'a Member<'a>, text: &'a str) -> Self {
        let grammar = digest::parse(text);
        let encoding_holds = grammar
            .as_ref()
            .is_ok_and(|(algorithm, encoded)| digest::check_encoding(algorithm, encoded).is_ok());
        DigestCheck {
            member,
            separator: grammar.map_or(Self::NO_GRAMMAR, |(algorithm, _)| {
                u32::try_from(algorithm.len()).unwrap_or(Self::NO_GRAMMAR)
            }),
            encoding_holds,
        }
    }

    /// The digest as written.
    pub fn text(&self) -> &'a str {
        self.member.value.as_str().unwrap_or_default()
    }

    /// `(algorithm, encoded)` when the grammar holds.
    pub fn grammar(&self) -> Result<(&'a str, &'a str), digest::GrammarError> {
        let text = self.text();
        if self.separator == Self::NO_GRAMMAR {
            return digest::parse(text);
        }
        let at = self.separator as usize;
        Ok((&text[..at], &text[at + 1..]))
    }

    /// The grammar and, for algorithms with a fixed encoding, the encoding.
    pub fn valid(&self) -> Result<(&'a str, &'a str), digest::DigestError> {
        let (algorithm, encoded) = self.grammar().map_err(digest::DigestError::Grammar)?;
        if self.encoding_holds {
            Ok((algorithm, encoded))
        } else {
            digest::check_encoding(algorithm, encoded)
        }
    }
}

impl<'a> DescriptorSite<'a> {
    pub(crate) fn new(role: DescriptorRole, pointer: Place, node: &'a Node<'a>) -> Self {
        let members = node.members().unwrap_or_default();
        // An object with more members than the indices can hold has its members looked up.
        let fits = members.len() < usize::from(MemberAt::LOOK_UP.0);
        let [mut annotations, mut platform, mut media_type, mut artifact_type, mut digest] =
            [if fits {
                MemberAt::ABSENT
            } else {
                MemberAt::LOOK_UP
            }; 5];
        for (index, member) in members.iter().enumerate().filter(|_| fits) {
            let Ok(at) = u8::try_from(index) else {
                break;
            };
            let slot = match member.key {
                "annotations" => &mut annotations,
                "platform" => &mut platform,
                "mediaType" => &mut media_type,
                "artifactType" => &mut artifact_type,
                "digest" => &mut digest,
                _ => continue,
            };
            if *slot == MemberAt::ABSENT {
                *slot = MemberAt(at);
            }
        }
        let check = digest.read(node, "digest").and_then(DigestCheck::of);
        DescriptorSite {
            role,
            annotations,
            platform,
            media_type,
            artifact_type,
            digest,
            digest_separator: check
                .as_ref()
                .and_then(|c| u8::try_from(c.separator).ok())
                .unwrap_or(u8::MAX),
            digest_encoding_holds: check.is_some_and(|c| c.encoding_holds),
            pointer,
            node,
        }
    }

    /// The descriptor's first `annotations` member, whatever its JSON type.
    pub fn annotations(&self) -> Option<&'a Member<'a>> {
        self.annotations.read(self.node, "annotations")
    }

    /// The descriptor's first `platform` member, whatever its JSON type.
    pub fn platform(&self) -> Option<&'a Member<'a>> {
        self.platform.read(self.node, "platform")
    }

    /// The descriptor's first `mediaType` member, whatever its JSON type.
    pub fn media_type_member(&self) -> Option<&'a Member<'a>> {
        self.media_type.read(self.node, "mediaType")
    }

    /// The descriptor's first `artifactType` member, whatever its JSON type.
    pub fn artifact_type(&self) -> Option<&'a Member<'a>> {
        self.artifact_type.read(self.node, "artifactType")
    }

    /// The descriptor's first `digest` member, whatever its JSON type.
    pub fn digest_member(&self) -> Option<&'a Member<'a>> {
        self.digest.read(self.node, "digest")
    }

    /// The descriptor's `mediaType` member and its text, when it is a string.
    pub fn media_type(&self) -> Option<(&'a Member<'a>, &'a str)> {
        let member = self.media_type_member()?;
        Some((member, member.value.as_str()?))
    }

    /// The descriptor's `digest` when it is a non-empty string, with its checks.
    pub fn digest(&self) -> Option<DigestCheck<'a>> {
        let member = self.digest_member()?;
        DigestCheck::checked_text(member)?;
        Some(DigestCheck {
            member,
            separator: match self.digest_separator {
                u8::MAX => DigestCheck::NO_GRAMMAR,
                at => u32::from(at),
            },
            encoding_holds: self.digest_encoding_holds,
        })
    }
}

impl DescriptorSite<'_> {
    /// Whether the descriptor's `mediaType` is an OCI or Docker image manifest: for index
    /// entries, whether the entry is an image (or an artifact wearing an image manifest).
    pub fn points_at_image_manifest(&self) -> bool {
        matches!(
            self.media_type().map(|(_, text)| text),
            Some(mt::OCI_MANIFEST | mt::DOCKER_MANIFEST)
        )
    }

    /// Whether the descriptor says it points at an artifact rather than a runnable image: a
    /// non-empty `artifactType`, or BuildKit's `vnd.docker.reference.type` annotation
    /// (attestations). The index rules about `platform` treat such entries apart.
    pub fn is_artifact_entry(&self) -> bool {
        let artifact_type = self
            .node
            .get("artifactType")
            .and_then(|m| m.value.as_str())
            .is_some_and(|s| !s.is_empty());
        let reference_type = self
            .node
            .get("annotations")
            .and_then(|m| m.value.get("vnd.docker.reference.type"))
            .is_some();
        artifact_type || reference_type
    }
}

impl Context<'_> {
    /// Lets go of the walks the rules shared (they are made again if asked for), keeping
    /// only the answer the targets' behaviours ask for.
    pub(crate) fn forget_shared_walks(&mut self) {
        self.cache = Cache {
            attestation_entries: std::mem::take(&mut self.cache.attestation_entries),
            ..Cache::default()
        };
    }
}

impl<'a> Context<'a> {
    /// A member's key's range, quotes included (see [`crate::json::Document::key_range`]).
    pub fn key_range(&self, member: &Member) -> TextRange {
        self.document.key_range(member)
    }

    /// Builds edits against this document's bytes.
    pub fn editor(&self) -> Editor<'a> {
        Editor::new(self.document)
    }

    /// The edits that convert the whole document to `to`; empty when the conversion is
    /// refused (the result would be invalid) or there is nothing to convert.
    pub fn convert_edits(&self, to: Format) -> Vec<RawEdit> {
        convert::convert(self.document, to)
            .map(|conversion| conversion.edits)
            .unwrap_or_default()
    }

    /// An edit replacing the whole document with `text` (for rewrites that generate it anew).
    pub fn replace_document(&self, text: String) -> RawEdit {
        RawEdit {
            range: TextRange::new(0, self.document.source.len()),
            replacement: text,
        }
    }

    /// For a BuildKit cache list, the fix that rewrites it as BuildKit's cache image manifest
    /// (config = the cache config blob, layers = the other blobs).
    pub fn buildkit_cache_fix(&self) -> Option<(String, Vec<RawEdit>)> {
        let manifest = cache::cache_manifest(self.document, self.root)?;
        Some((
            format!(
                "Rewrite the cache as an OCI image manifest whose config is the `{}` blob and whose layers are the cache blobs (BuildKit's `image-manifest=true` form)",
                mt::BUILDKIT_CACHE_CONFIG
            ),
            vec![self.replace_document(manifest)],
        ))
    }

    /// Offers to add a `platform` to an index entry that has none: the user's
    /// `os/arch[/variant]` when given (the fix is then applicable), else an example value (the
    /// fix is then display-only).
    pub fn offer_platform(&self, diagnostic: &mut RawDiagnostic, entry: &Node) {
        let (safety, platform, title) = match self.platform.and_then(platform::platform_inline) {
            Some(platform) => {
                let title = format!("Add `\"platform\": {platform}`");
                (FixSafety::Unsafe, platform, title)
            }
            None => (
                FixSafety::DisplayOnly,
                "{\"architecture\": \"amd64\", \"os\": \"linux\"}".to_owned(),
                "Add the `platform` of the image this entry names (its config's `os` and `architecture`; `linux/amd64` is shown as an example: replace it with yours, or on the command line give it with `--platform`)".to_owned(),
            ),
        };
        let edits = self.editor().append_member(entry, "platform", &platform);
        diagnostic.fix(safety, title, edits.into_iter().collect());
    }

    /// The first byte of the document's value (its opening brace): where diagnostics about a
    /// member that is missing altogether point.
    pub fn root_head(&self) -> TextRange {
        head(self.root)
    }

    /// The descriptors in `role` with a string `mediaType`: (site, its `mediaType` member, the
    /// text). Rules that judge media types walk these; a walk, not a list, since a list of
    /// 80,000 entries' was the peak of such an index's check.
    pub fn media_types_of(
        &self,
        role: DescriptorRole,
    ) -> impl Iterator<Item = (&DescriptorSite<'a>, &'a Member<'a>, &'a str)> {
        self.descriptors()
            .iter()
            .filter(move |site| site.role == role)
            .filter_map(|site| site.media_type().map(|(member, text)| (site, member, text)))
    }

    /// The entries of the top-level array `key` that are not objects (so not descriptors),
    /// with their index and pointer. Other shapes of `key` are other rules' findings.
    pub fn non_object_entries(&self, key: &str) -> Vec<(usize, &'a Node<'a>, Pointer)> {
        let Some(items) = self.root.get(key).and_then(|m| m.value.items()) else {
            return Vec::new();
        };
        let base = Pointer::root().key(key);
        items
            .iter()
            .enumerate()
            .filter(|(_, item)| !item.is_object())
            .map(|(index, item)| (index, item, base.index(index)))
            .collect()
    }

    /// Every descriptor the document holds, in this order whatever the document's:
    /// `config`, `layers[]`, `manifests[]`, `subject`. Values of the wrong JSON type are
    /// skipped: other rules report them.
    pub fn descriptors(&self) -> &[DescriptorSite<'a>] {
        self.cache
            .descriptors
            .get_or_init(|| self.find_descriptors())
    }

    fn find_descriptors(&self) -> Vec<DescriptorSite<'a>> {
        let mut sites = Vec::new();
        if self.root.members().is_none() {
            return sites;
        }
        if self.kind.is_image_manifest() {
            if let Some(config) = self.root.get("config").filter(|m| m.value.is_object()) {
                sites.push(DescriptorSite::new(
                    DescriptorRole::Config,
                    Place::slot(Slot::Config),
                    &config.value,
                ));
            }
            self.push_array(&mut sites, Slot::Layers, DescriptorRole::Layer);
        }
        if self.kind.is_index() {
            self.push_array(&mut sites, Slot::Manifests, DescriptorRole::Manifest);
        }
        if matches!(self.kind, Kind::OciManifest | Kind::OciIndex) {
            if let Some(subject) = self.root.get("subject").filter(|m| m.value.is_object()) {
                sites.push(DescriptorSite::new(
                    DescriptorRole::Subject,
                    Place::slot(Slot::Subject),
                    &subject.value,
                ));
            }
        }
        if self.kind == Kind::Descriptor {
            sites.push(DescriptorSite::new(
                DescriptorRole::Manifest,
                Place::ROOT,
                self.root,
            ));
        }
        sites
    }

    fn push_array(&self, sites: &mut Vec<DescriptorSite<'a>>, slot: Slot, role: DescriptorRole) {
        let Some(items) = self.root.get(slot.key()).and_then(|m| m.value.items()) else {
            return;
        };
        // Room for a `subject` after them too: pushed on a full list, it would double it.
        sites.reserve_exact(items.len() + 1);
        for (index, node) in items.iter().enumerate().filter(|(_, n)| n.is_object()) {
            sites.push(DescriptorSite::new(role, Place::item(slot, index), node));
        }
    }

    /// Every descriptor object of a manifest, index or release-candidate artifact manifest:
    /// `config`, `layers[]`, `manifests[]`, `blobs[]` and `subject`, in document order, or the
    /// document itself when it is a descriptor. Like [`Context::descriptors`], plus the
    /// artifact manifest's `blobs` and `subject`, which that walk does not cover; of duplicate
    /// keys only the first counts. For the rules about pre-release names, which artifact
    /// manifests carry too.
    pub fn descriptor_objects(&self) -> impl Iterator<Item = (Place, &'a Node<'a>)> + '_ {
        let root = self.root;
        let itself = (self.kind == Kind::Descriptor).then_some((Place::ROOT, root));
        let holds = matches!(
            self.kind,
            Kind::OciManifest
                | Kind::OciIndex
                | Kind::DockerManifest
                | Kind::DockerManifestList
                | Kind::OciArtifactManifest
        );
        let members = if holds {
            root.members().unwrap_or_default()
        } else {
            &[]
        };
        let held = members
            .iter()
            // Of duplicate keys, spec rules read the first occurrence.
            .filter(move |member| {
                root.get(member.key)
                    .is_some_and(|first| std::ptr::eq(first, *member))
            })
            .filter_map(|member| match Slot::named(member.key) {
                Some(slot @ (Slot::Config | Slot::Subject)) if member.value.is_object() => {
                    Some((slot, std::slice::from_ref(&member.value)))
                }
                Some(slot @ (Slot::Layers | Slot::Manifests | Slot::Blobs)) => {
                    Some((slot, member.value.items().unwrap_or_default()))
                }
                _ => None,
            })
            .flat_map(|(slot, items)| {
                let single = matches!(slot, Slot::Config | Slot::Subject);
                items
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| item.is_object())
                    .map(move |(index, item)| {
                        let place = if single {
                            Place::slot(slot)
                        } else {
                            Place::item(slot, index)
                        };
                        (place, item)
                    })
            });
        itself.into_iter().chain(held)
    }
}

/// An object whose member names a spec defines: the document itself, a descriptor, a platform.
#[derive(Debug)]
pub struct DefinedObject<'a> {
    pub node: &'a Node<'a>,
    pub pointer: Place,
    /// The member names defined for it (OCI and Docker together).
    pub known: &'static [&'static str],
    pub top_level: bool,
}

impl Context<'_> {
    /// Whether an index lists a BuildKit attestation manifest among its entries: by the
    /// annotation BuildKit writes on it, whatever platform it gives (`unknown/unknown`).
    /// Looked for once: several targets' behaviour tables ask.
    pub fn lists_attestation_entries(&self) -> bool {
        *self.cache.attestation_entries.get_or_init(|| {
            let Some(entries) = self.root.get("manifests").and_then(|m| m.value.items()) else {
                return false;
            };
            entries.iter().any(|entry| {
                entry
                    .get("annotations")
                    .and_then(|a| a.value.get("vnd.docker.reference.type"))
                    .and_then(|t| t.value.as_str())
                    == Some("attestation-manifest")
            })
        })
    }
}

impl<'a> Context<'a> {
    /// The document (when it is a manifest or an index), its descriptors and their platforms.
    /// Made from [`Context::descriptors`] as it is walked: two rules read it once each, and
    /// kept it was two entries per descriptor (6 MB of an index of 80,000 entries).
    pub fn defined_objects(&self) -> impl Iterator<Item = DefinedObject<'a>> + '_ {
        let top: Option<&'static [&'static str]> = match self.kind {
            Kind::OciManifest | Kind::DockerManifest => Some(&fields::OCI_MANIFEST),
            Kind::OciIndex | Kind::DockerManifestList => Some(&fields::OCI_INDEX),
            _ => None,
        };
        let document = top
            .filter(|_| self.root.is_object())
            .map(|known| DefinedObject {
                node: self.root,
                pointer: Place::ROOT,
                known,
                top_level: true,
            });
        let descriptors = self.descriptors().iter().flat_map(|site| {
            let platform = site
                .node
                .get("platform")
                .filter(|m| m.value.is_object())
                .map(|platform| DefinedObject {
                    node: &platform.value,
                    pointer: site.pointer.part(Part::Platform),
                    known: &fields::PLATFORM,
                    top_level: false,
                });
            let descriptor = DefinedObject {
                node: site.node,
                pointer: site.pointer,
                known: &fields::DESCRIPTOR,
                top_level: false,
            };
            platform.into_iter().chain([descriptor])
        });
        document.into_iter().chain(descriptors)
    }
}

/// Where platform fields live: an index entry's `platform` object, or the top level of an
/// image config (whose `architecture`, `os`, `variant`, `os.version` and `os.features` are
/// the same fields).
#[derive(Debug, Clone, Copy)]
pub struct PlatformSite<'a> {
    /// The object holding the fields.
    pub node: &'a Node<'a>,
    /// Where `node` is: `/manifests/<i>/platform`, or the root of a config.
    pub pointer: Place,
    /// The index entry that holds this `platform`; `None` in a config.
    pub entry: Option<&'a Node<'a>>,
}

impl<'a> PlatformSite<'a> {
    /// Whether the fields are an image config's top level rather than an index entry's
    /// `platform`.
    pub fn in_config(&self) -> bool {
        self.entry.is_none()
    }

    /// The value of `key` when it is a string, with its node.
    pub fn text(&self, key: &str) -> Option<(&'a str, &'a Node<'a>)> {
        let member = self.node.get(key)?;
        Some((member.value.as_str()?, &member.value))
    }

    /// The value of `key` when it is a string.
    pub fn str(&self, key: &str) -> Option<&'a str> {
        self.text(key).map(|(text, _)| text)
    }

    /// The first byte of the object: where "this platform has no …" points.
    pub fn head(&self) -> TextRange {
        head(self.node)
    }

    /// How messages name the holder: "this platform" or "this config".
    pub fn noun(&self) -> &'static str {
        if self.in_config() {
            "this config"
        } else {
            "this platform"
        }
    }

    /// The index entry's annotation `key`, when it is a string.
    pub fn entry_annotation(&self, key: &str) -> Option<&'a str> {
        self.entry?
            .get("annotations")?
            .value
            .get(key)?
            .value
            .as_str()
    }
}

impl<'a> Context<'a> {
    /// Every place platform fields live in the document, for the platform rules: the
    /// `platform` objects of an index's or manifest list's entries, or the top level of an
    /// image config. Values of the wrong JSON type are skipped (PLT001 and CFG001 report them).
    pub fn platform_sites(&self) -> impl Iterator<Item = PlatformSite<'a>> + '_ {
        let config = (self.kind.is_config() && self.root.is_object()).then_some(PlatformSite {
            node: self.root,
            pointer: Place::ROOT,
            entry: None,
        });
        let entries = if self.kind.is_index() {
            self.descriptors()
        } else {
            &[]
        };
        config.into_iter().chain(
            entries
                .iter()
                .filter(|site| site.role == DescriptorRole::Manifest)
                .filter_map(|site| {
                    let member = site.platform().filter(|m| m.value.is_object())?;
                    Some(PlatformSite {
                        node: &member.value,
                        pointer: site.pointer.part(Part::Platform),
                        entry: Some(site.node),
                    })
                }),
        )
    }

    /// [`Context::platform_sites`] a runtime may select an image by or run it with: all of
    /// them, except the top level of a config named only by manifests that are not runnable
    /// images ([`Context::config_of`]: cosign writes its signatures' configs with empty
    /// `architecture` and `os`, and nothing ever selects or runs them). The rules about
    /// platform values that matter only for that walk these; the rules about JSON types,
    /// which every client decoding the config meets, walk them all.
    pub fn selectable_platform_sites(&self) -> impl Iterator<Item = PlatformSite<'a>> + '_ {
        let runs_nowhere = self.config_of.is_some();
        self.platform_sites()
            .filter(move |site| !(runs_nowhere && site.in_config()))
    }
}

// The parts of an image config the config rules look at.
impl<'a> Context<'a> {
    /// The root object of an image config (OCI or Docker), if the document is one: what the
    /// config rules check.
    pub fn config_root(&self) -> Option<&'a Node<'a>> {
        (self.kind.is_config() && self.root.is_object()).then_some(self.root)
    }

    /// An image config's `config` object (the execution parameters: `Env`, `ExposedPorts`,
    /// `Volumes`, …) and its pointer, if it is an object.
    pub fn exec_config(&self) -> Option<(&'a Node<'a>, Pointer)> {
        let member = self.config_root()?.get("config")?;
        member
            .value
            .is_object()
            .then(|| (&member.value, Pointer::root().key("config")))
    }

    /// An image config's `rootfs` object (`type` and `diff_ids`), if it is an object.
    pub fn rootfs(&self) -> Option<&'a Node<'a>> {
        let member = self.config_root()?.get("rootfs")?;
        member.value.is_object().then_some(&member.value)
    }
}

// Conditions one rule reports and related rules stay silent on, so that a problem is reported
// once, by the rule that explains it best.
impl<'a> Context<'a> {
    /// Whether the document has no `mediaType` (absent, empty or not a string) to tell what it
    /// is, and both `manifests` and `config` or `layers`. `doc-ambiguous-without-media-type`
    /// reports that; the other ambiguity rules stay silent when it holds.
    pub fn is_ambiguous_without_media_type(&self) -> bool {
        let root = self.root;
        let declared = root
            .get("mediaType")
            .and_then(|m| m.value.as_str())
            .is_some_and(|s| !s.is_empty());
        !declared
            && root.get("manifests").is_some()
            && (root.get("config").is_some() || root.get("layers").is_some())
    }

    /// The distinct layer media types of an OCI manifest with at least one typed layer and no
    /// filesystem layer (so an artifact, whatever its config says); `None` when that is not the
    /// case. The config type is not checked here. `artifact-config-media-type` reports an
    /// image config on such a manifest; the other artifact rules defer to it.
    pub fn artifact_layer_types(&self) -> Option<Vec<&'a str>> {
        let items = self.root.get("layers")?.value.items()?;
        let mut types: Vec<&'a str> = Vec::new();
        for layer in items {
            let Some(media_type) = layer.get("mediaType").and_then(|m| m.value.as_str()) else {
                continue;
            };
            if mt::is_image_layer(media_type) {
                return None;
            }
            if !types.contains(&media_type) {
                types.push(media_type);
            }
        }
        (!types.is_empty()).then_some(types)
    }

    /// Whether this looks like a container image with a mistyped config: every layer a
    /// filesystem layer, a config that is neither an image config nor a known non-image
    /// config, and no `artifactType` declaring it an artifact.
    /// `manifest-config-media-type-portable` reports it; the artifact rules stay silent on it.
    pub fn looks_like_mistyped_image(&self) -> bool {
        let root = self.root;
        let Some(config_type) = root
            .get("config")
            .and_then(|c| c.value.get("mediaType"))
            .and_then(|m| m.value.as_str())
        else {
            return false;
        };
        if matches!(
            config_type,
            mt::OCI_CONFIG
                | mt::DOCKER_CONFIG
                | mt::OCI_EMPTY
                | mt::OCI_SCRATCH_PRERELEASE
                | mt::BUILDKIT_CACHE_CONFIG
        ) {
            return false;
        }
        let declares_artifact = root
            .get("artifactType")
            .and_then(|m| m.value.as_str())
            .is_some_and(|s| !s.is_empty());
        // A referrer is about another document, never an image to run; and ORAS writes its
        // files as tar layers under a config it names unknown: both artifacts by convention.
        let referrer = root.get("subject").is_some();
        let oras = config_type == crate::role::ORAS_UNKNOWN_CONFIG;
        !declares_artifact && !referrer && !oras && only_filesystem_layers(root)
    }

    /// Whether the document was received with a `Content-Type` and itself declares a
    /// different manifest or index type. `push-content-type-matches-media-type` reports that
    /// mismatch; the rules that judge the body as the header's kind (the top-level `mediaType`,
    /// Docker and mixed-schema rules) stay quiet, because the body is most likely fine and the
    /// header wrong (kaniko's Docker `Content-Type` on an OCI body).
    pub fn header_contradicts_body(&self) -> bool {
        let Some(content_type) = self.content_type else {
            return false;
        };
        let Some(declared) = self.root.get("mediaType").and_then(|m| m.value.as_str()) else {
            return false;
        };
        declared != content_type
            && Kind::from_media_type(declared).is_some_and(|kind| kind.declares_own_media_type())
    }

    /// For the rules about an OCI manifest's or index's own `mediaType`: reports a top-level
    /// `mediaType` that is present but not exactly `expected` (`what` names the document,
    /// e.g. "an OCI image manifest"); a value that names another manifest or index type under
    /// a `Content-Type` is left to the header rule (see [`Context::header_contradicts_body`]).
    pub fn check_own_media_type(&self, out: &mut Emitter<'_>, expected: &str, what: &str) {
        let Some(member) = self.root.get("mediaType") else {
            return;
        };
        if self.header_contradicts_body() {
            return;
        }
        let pointer = Pointer::root().key("mediaType");
        match member.value.as_str() {
            Some(value) if value == expected => {}
            Some(value) => {
                out.emit(
                    member.value.range,
                    pointer,
                    describe_wrong_media_type(value, expected, what),
                );
            }
            None => {
                out.emit(
                    member.value.range,
                    pointer,
                    format!(
                        "`mediaType` is {}; the `mediaType` of {what} must be the string `{expected}`",
                        member.value.type_name()
                    ),
                );
            }
        }
    }
}

/// At least one layer, and every layer descriptor typed as a layer runtimes unpack.
fn only_filesystem_layers(root: &Node) -> bool {
    let Some(items) = root.get("layers").and_then(|m| m.value.items()) else {
        return false;
    };
    let mut descriptors = items.iter().filter(|item| item.is_object()).peekable();
    descriptors.peek().is_some()
        && descriptors.all(|layer| {
            layer
                .get("mediaType")
                .and_then(|m| m.value.as_str())
                .is_some_and(mt::is_image_layer)
        })
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

/// A string-valued media-type field of the document. It keeps the member, whose value and
/// range are a load away, rather than copies of them.
#[derive(Debug, Clone, Copy)]
pub struct MediaTypeField<'a> {
    pub field: Field,
    member: &'a Member<'a>,
    pub pointer: Place,
}

impl<'a> MediaTypeField<'a> {
    /// The field's text.
    pub fn value(&self) -> &'a str {
        // Only members whose value is a string are listed.
        self.member.value.as_str().unwrap_or_default()
    }

    /// Where the value is.
    pub fn range(&self) -> TextRange {
        self.member.value.range
    }
}

impl<'a> Context<'a> {
    /// The document's own `mediaType` (manifests and indexes only), then every descriptor's
    /// `mediaType` and `artifactType` in the order [`Context::descriptors`] lists them (not
    /// always the document's: the rules' findings are sorted by position in the end). Values
    /// that are not strings are skipped: other rules report them.
    pub fn media_type_fields(&self) -> impl Iterator<Item = MediaTypeField<'a>> + '_ {
        let own = (self.kind.declares_own_media_type() && self.kind != Kind::Unknown)
            .then(|| self.root.get("mediaType"))
            .flatten()
            .map(|member| MediaTypeField {
                field: Field::Own,
                member,
                pointer: Place::ROOT.part(Part::MediaType),
            });
        let descriptors = self.descriptors().iter().flat_map(|site| {
            let field = |at: MemberAt, part: Part, field: Field| {
                Some(MediaTypeField {
                    field,
                    member: at.read(site.node, part.key())?,
                    pointer: site.pointer.part(part),
                })
            };
            [
                field(site.media_type, Part::MediaType, Field::MediaType),
                field(site.artifact_type, Part::ArtifactType, Field::ArtifactType),
            ]
            .into_iter()
            .flatten()
        });
        own.into_iter()
            .chain(descriptors)
            .filter(|field| field.member.value.as_str().is_some())
    }
}

/// The first byte of a value: where diagnostics about a member missing from it point.
pub fn head(node: &Node) -> TextRange {
    TextRange::new(node.range.start as usize, node.range.start as usize + 1)
}

/// Per-document results that several rules share.
#[derive(Debug, Default)]
pub(crate) struct Cache<'a> {
    descriptors: OnceCell<Vec<DescriptorSite<'a>>>,
    attestation_entries: OnceCell<bool>,
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
        pointer: impl Into<RawPointer>,
        message: impl Into<String>,
    ) -> &mut RawDiagnostic {
        RawDiagnostic::push(
            self.out,
            &self.rule.meta,
            range,
            pointer.into(),
            message.into(),
        )
    }
}

impl RawDiagnostic {
    /// Adds a diagnostic of `rule` at its default severity, without related places or fix
    /// yet, to `out`. When the diagnostic before it is the same rule's with the same words,
    /// as at every entry of an index whose entries share a platform, the two share one copy
    /// of them: 80,000 copies were 13 MB at the peak of such an index's check. So do the two
    /// before it when their related places are the same (the same first entry): the rule has
    /// given that one all of its places by now, and its own copy goes back to the allocator
    /// for the next (320,000 copies were 20 MB).
    pub(crate) fn push<'o>(
        out: &'o mut Vec<RawDiagnostic>,
        rule: &RuleMeta,
        range: TextRange,
        pointer: RawPointer,
        message: String,
    ) -> &'o mut RawDiagnostic {
        if let [.., before, last] = out.as_mut_slice() {
            if last.code == before.code
                && !last.related.is_empty()
                && !Arc::ptr_eq(&last.related, &before.related)
                && last.related == before.related
            {
                last.related = Arc::clone(&before.related);
            }
        }
        let message = match out.last() {
            Some(last) if last.code == rule.code && *last.message == *message => {
                Arc::clone(&last.message)
            }
            _ => Arc::from(message),
        };
        out.push(RawDiagnostic {
            code: rule.code,
            severity: rule.severity,
            message,
            pointer,
            range,
            related: Arc::default(),
            fix: None,
        });
        let last = out.len() - 1;
        &mut out[last]
    }

    /// Offers a fix. An empty set of edits offers nothing.
    pub fn fix(&mut self, safety: FixSafety, title: impl Into<String>, edits: Vec<RawEdit>) {
        if !edits.is_empty() {
            self.fix = Some(Box::new(RawFix {
                title: title.into(),
                safety,
                edits,
                split_off: None,
            }));
        }
    }

    /// Offers a fix that also moves blobs out into a new artifact.
    pub fn fix_split(
        &mut self,
        title: impl Into<String>,
        edits: Vec<RawEdit>,
        split_off: SplitOff,
    ) {
        self.fix = Some(Box::new(RawFix {
            title: title.into(),
            safety: FixSafety::Unsafe,
            edits,
            split_off: Some(split_off),
        }));
    }

    /// Adds another location that explains this diagnostic.
    pub fn related(
        &mut self,
        range: TextRange,
        pointer: impl Into<RawPointer>,
        message: impl Into<std::borrow::Cow<'static, str>>,
    ) {
        // Exactly as many as there are: most diagnostics have none or one.
        let mut related = Vec::with_capacity(self.related.len() + 1);
        related.extend(self.related.iter().cloned());
        related.push(RawRelated {
            message: message.into(),
            pointer: pointer.into(),
            range,
        });
        self.related = related.into();
    }
}
