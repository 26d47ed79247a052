//! From members to facts: the walk down the chain from `index.json` (and `manifest.json`),
//! each descriptor's blob looked up and compared, done once for every image rule.

use std::collections::{BTreeMap, BTreeSet};

use crate::blob::{self, Magic, Uncompressed};
use crate::digest;
use crate::json::{Node, Pointer};
use crate::rules::image_context::{
    BlobFact, BlobStatus, DiffIdFact, DiffIdProblem, DockerFact, ImageContext, MemberFact,
    MemberProblem, PlatformFact, Site, SparseReason,
};
use crate::rules::{Analysed, DescriptorRole};
use crate::text::TextRange;

use super::{BlobRecord, Layout};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SlotRole {
    /// `oci-layout`, checked as the layout header.
    LayoutHeader,
    /// A document of the chain, checked with the others as a bundle.
    Document,
    /// Any other member: reported only when a rule finds something about it.
    Member,
}

#[derive(Debug)]
pub(super) struct Slot {
    pub(super) path: String,
    pub(super) file: String,
    pub(super) bytes: Vec<u8>,
    pub(super) role: SlotRole,
}

#[derive(Debug)]
pub(super) struct Resolved {
    pub(super) slots: Vec<Slot>,
    pub(super) context: ImageContext,
    pub(super) records: Vec<BlobRecord>,
}

/// A layer of a manifest, for the `diff_ids` check.
#[derive(Clone)]
struct LayerSeen {
    path: String,
    /// Its fact (for its status), when it has one.
    fact: Option<usize>,
    /// A filesystem layer that is in the layout (not an artifact's, not left out).
    image_layer: bool,
}

/// A manifest reached, with what its config and layers turned out to be.
struct ManifestSeen {
    config: Option<usize>,
    layers: Vec<LayerSeen>,
}

struct Resolver<'l> {
    layout: &'l Layout,
    slots: Vec<Slot>,
    context: ImageContext,
    manifests: Vec<ManifestSeen>,
    /// Index entries with a platform whose manifest was reached: (site, platform, manifest).
    entries: Vec<(Site, String, usize)>,
    /// Manifest slot → its index in `manifests`.
    manifest_of: BTreeMap<usize, usize>,
    /// Config slots whose `diff_ids` were compared.
    compared: BTreeSet<usize>,
}

pub(super) fn resolve(layout: &Layout) -> Resolved {
    let mut resolver = Resolver {
        layout,
        slots: Vec::new(),
        context: ImageContext::default(),
        manifests: Vec::new(),
        entries: Vec::new(),
        manifest_of: BTreeMap::new(),
        compared: BTreeSet::new(),
    };
    resolver.members();
    resolver.oci();
    // The OCI side's diff_ids first: a Docker 25+ manifest.json naming the same config is
    // then judged by its layer list alone (IMG008), not reported twice.
    resolver.diff_ids();
    resolver.docker();
    resolver.platforms();
    let records = resolver.records();
    Resolved {
        slots: resolver.slots,
        context: resolver.context,
        records,
    }
}

impl Resolver<'_> {
    fn slot(&mut self, path: &str, role: SlotRole) -> usize {
        if let Some(at) = self.slots.iter().position(|s| s.path == path) {
            if role != SlotRole::Member {
                self.slots[at].role = role;
            }
            return at;
        }
        let bytes = self
            .layout
            .get(path)
            .and_then(|s| s.kept.clone())
            .unwrap_or_default();
        self.slots.push(Slot {
            path: path.to_owned(),
            file: self.layout.file_name(path),
            bytes,
            role,
        });
        self.slots.len() - 1
    }

    fn whole(&mut self, path: &str) -> Site {
        Site {
            report: self.slot(path, SlotRole::Member),
            range: TextRange::new(0, 0),
            pointer: Pointer::root(),
        }
    }

    /// Members refused while reading, and links that leave the layout.
    fn members(&mut self) {
        for (raw, why) in &self.layout.refused {
            let site = self.whole(raw);
            self.context.members.push(MemberFact {
                site,
                problem: MemberProblem::Escapes(why.clone()),
            });
        }
        let links: Vec<String> = self
            .layout
            .members
            .iter()
            .filter(|(_, e)| matches!(e, super::Entry::Link { .. }))
            .map(|(path, _)| path.clone())
            .collect();
        for path in links {
            if let Err(why) = self.layout.link_target(&path) {
                let site = self.whole(&path);
                self.context.members.push(MemberFact {
                    site,
                    problem: MemberProblem::Escapes(format!("{why}, outside the archive")),
                });
            }
        }
        let has = |path: &str| self.layout.members.contains_key(path);
        let (index, header, docker) = (has("index.json"), has("oci-layout"), has("manifest.json"));
        let missing = if index && !header {
            Some("oci-layout")
        } else if header && !index {
            Some("index.json")
        } else {
            None
        };
        if let Some(file) = missing {
            let site = self.whole(file);
            self.context.members.push(MemberFact {
                site,
                problem: MemberProblem::MissingLayoutFile(file),
            });
        } else if !index && !docker {
            let site = self.whole("index.json");
            self.context.members.push(MemberFact {
                site,
                problem: MemberProblem::NotALayout,
            });
        }
    }

    /// The OCI side: `oci-layout`, then everything reached from `index.json`.
    fn oci(&mut self) {
        if self.layout.members.contains_key("oci-layout") {
            self.slot("oci-layout", SlotRole::LayoutHeader);
        }
        if self.layout.get("index.json").is_none() {
            return;
        }
        let mut queue = vec![self.slot("index.json", SlotRole::Document)];
        let mut walked = 0;
        while walked < queue.len() {
            let parent = queue[walked];
            walked += 1;
            let bytes = self.slots[parent].bytes.clone();
            let arena = crate::json::Arena::new();
            let analysed = Analysed::new(&bytes, None, &arena);
            let Some(context) = analysed.context(None) else {
                continue;
            };
            let top = self.slots[parent].path == "index.json";
            let sites: Vec<(DescriptorRole, Pointer, &Node)> = context
                .descriptors()
                .iter()
                .map(|s| (s.role, s.pointer.pointer(), s.node))
                .collect();
            // Which entries of this index are in the layout: an index some of whose
            // platforms were saved is a partial save, not a broken one.
            let present: Vec<bool> = sites
                .iter()
                .map(|(_, _, node)| {
                    descriptor_path(node).is_some_and(|p| self.layout.get(&p).is_some())
                })
                .collect();
            let mut config = None;
            let mut layers = Vec::new();
            for (at, (role, pointer, node)) in sites.iter().enumerate() {
                let sibling_present = sites
                    .iter()
                    .zip(&present)
                    .enumerate()
                    .any(|(other, ((r, ..), p))| other != at && *r == *role && *p);
                let unsaved_platform = *role == DescriptorRole::Manifest
                    && !top
                    && node.get("platform").is_some()
                    && sibling_present;
                let Some(fact) =
                    self.descriptor(parent, *role, pointer, node, &bytes, unsaved_platform)
                else {
                    continue;
                };
                let status = self.context.blobs[fact].status;
                let path = descriptor_path(node).unwrap_or_default();
                let found_document = self
                    .layout
                    .get(&path)
                    .is_some_and(|s| s.kept.is_some() && s.magic == Magic::Json);
                match role {
                    DescriptorRole::Manifest | DescriptorRole::Subject if found_document => {
                        // Walked once, however many descriptors name it.
                        let child = self.slot(&path, SlotRole::Document);
                        if !queue.contains(&child) {
                            queue.push(child);
                        }
                        if *role == DescriptorRole::Manifest {
                            if let Some(platform) = node.get("platform") {
                                let site = Site {
                                    report: parent,
                                    range: platform.value.range,
                                    pointer: pointer.key("platform"),
                                };
                                self.entries
                                    .push((site, platform_of(&platform.value), child));
                            }
                        }
                    }
                    DescriptorRole::Config if found_document => {
                        config = Some(self.slot(&path, SlotRole::Document));
                    }
                    DescriptorRole::Layer => layers.push(LayerSeen {
                        path,
                        fact: Some(fact),
                        image_layer: expected_magic(media_type(node)).is_some()
                            && status != BlobStatus::Sparse,
                    }),
                    _ => {}
                }
            }
            if analysed.detected.is_image_manifest() {
                self.manifest_of.insert(parent, self.manifests.len());
                self.manifests.push(ManifestSeen { config, layers });
            }
        }
    }

    /// The fact of one descriptor; `None` when its digest is not one (the document rules say
    /// so).
    fn descriptor(
        &mut self,
        parent: usize,
        role: DescriptorRole,
        pointer: &Pointer,
        node: &Node,
        source: &[u8],
        unsaved_platform: bool,
    ) -> Option<usize> {
        let digest_member = node.get("digest")?;
        let digest_text = digest_member.value.as_str()?;
        let (algorithm, _) = digest::validate(digest_text).ok()?;
        let path = descriptor_path(node)?;
        let size_member = node.get("size");
        let declared_size = size_member
            .and_then(|m| std::str::from_utf8(&source[m.value.range.as_usize()]).ok())
            .and_then(|text| text.parse::<u64>().ok());
        let media = media_type(node).map(str::to_owned);
        let found = self.layout.get(&path);
        let expected = (role == DescriptorRole::Layer)
            .then(|| expected_magic(media.as_deref()))
            .flatten();
        let foreign = media
            .as_deref()
            .is_some_and(|m| m.contains("foreign") || m.contains("nondistributable"));
        let found_digest = found.and_then(|s| s.digest(algorithm)).map(str::to_owned);
        let (status, sparse) = match found {
            None if foreign => (BlobStatus::Sparse, Some(SparseReason::Foreign)),
            None if unsaved_platform => (BlobStatus::Sparse, Some(SparseReason::UnsavedPlatform)),
            None if role == DescriptorRole::Subject => {
                (BlobStatus::Sparse, Some(SparseReason::Subject))
            }
            None => (BlobStatus::Missing, None),
            Some(s) if declared_size.is_some_and(|d| d != s.size) => {
                (BlobStatus::SizeMismatch, None)
            }
            Some(_) if found_digest.as_deref().is_some_and(|d| d != digest_text) => {
                (BlobStatus::DigestMismatch, None)
            }
            Some(s) if expected.is_some_and(|e| !magic_fits(e, s.magic)) => {
                (BlobStatus::TypeMismatch, None)
            }
            Some(_) => (BlobStatus::Ok, None),
        };
        let at = |key: &str, member: Option<&crate::json::Member>| {
            member.map(|m| (m.value.range, pointer.key(key)))
        };
        let (range, site_pointer) = match status {
            BlobStatus::SizeMismatch => at("size", size_member),
            BlobStatus::TypeMismatch => at("mediaType", node.get("mediaType")),
            _ => None,
        }
        .unwrap_or((digest_member.value.range, pointer.key("digest")));
        self.context.blobs.push(BlobFact {
            site: Site {
                report: parent,
                range,
                pointer: site_pointer,
            },
            file: self.layout.file_name(&path),
            digest: digest_text.to_owned(),
            declared_size,
            media_type: media,
            status,
            sparse,
            found_size: found.map(|s| s.size),
            found_digest,
            found_magic: found.map(|s| s.magic),
            expected_magic: expected,
        });
        Some(self.context.blobs.len() - 1)
    }

    /// Each config's `diff_ids` against its manifest's layers.
    fn diff_ids(&mut self) {
        let seen: Vec<(Option<usize>, Vec<LayerSeen>)> = self
            .manifests
            .iter()
            .map(|m| (m.config, m.layers.clone()))
            .collect();
        for (config, layers) in seen {
            let Some(config) = config else { continue };
            if layers.iter().any(|l| !l.image_layer) {
                continue; // an artifact, or a layer left out: nothing to compare in order
            }
            self.compare_diff_ids(config, &layers);
        }
    }

    /// The config's `diff_ids` against `layers`, in order.
    fn compare_diff_ids(&mut self, config: usize, layers: &[LayerSeen]) {
        self.compared.insert(config);
        let bytes = self.slots[config].bytes.clone();
        let arena = crate::json::Arena::new();
        let analysed = Analysed::new(&bytes, None, &arena);
        let Some(root) = analysed.root() else { return };
        let Some(diff_ids) = root
            .get("rootfs")
            .and_then(|r| r.value.get("diff_ids"))
            .filter(|m| m.value.items().is_some())
        else {
            return;
        };
        let items = diff_ids.value.items().unwrap_or_default();
        let base = Pointer::root().key("rootfs").key("diff_ids");
        if items.len() != layers.len() {
            self.context.diff_ids.push(DiffIdFact {
                site: Site {
                    report: config,
                    range: diff_ids.value.range,
                    pointer: base,
                },
                problem: DiffIdProblem::Count {
                    layers: layers.len(),
                    diff_ids: items.len(),
                },
            });
            return;
        }
        for (at, (LayerSeen { path, fact, .. }, item)) in layers.iter().zip(items).enumerate() {
            let (Some(expected), Some(scanned)) = (item.as_str(), self.layout.get(path)) else {
                continue;
            };
            // A layer already reported as missing, truncated or corrupt says nothing more here.
            let status = fact.map(|f| self.context.blobs[f].status);
            if status.is_some_and(|s| !matches!(s, BlobStatus::Ok | BlobStatus::TypeMismatch)) {
                continue;
            }
            let layer_file = self.layout.file_name(path);
            let problem = match scanned.diff_id() {
                Ok(actual) if actual == expected => continue,
                Ok(actual) => DiffIdProblem::Mismatch {
                    layer_file,
                    diff_id: expected.to_owned(),
                    actual: actual.to_owned(),
                },
                Err(Uncompressed::TooLarge { after }) => DiffIdProblem::Undecodable {
                    layer_file,
                    why: format!(
                        "decompression stopped after {after} bytes, past the limit of {}× its compressed size (a decompression bomb?)",
                        blob::MAX_EXPANSION_RATIO
                    ),
                },
                Err(Uncompressed::Corrupt(why)) => DiffIdProblem::Undecodable {
                    layer_file,
                    why: format!("its {} stream is corrupt: {why}", scanned.magic.as_str()),
                },
                Err(Uncompressed::Digest { .. }) => continue,
            };
            if let Some(fact) = fact {
                let blob = &mut self.context.blobs[*fact];
                if blob.status == BlobStatus::Ok {
                    blob.status = BlobStatus::DiffIdMismatch;
                }
            }
            self.context.diff_ids.push(DiffIdFact {
                site: Site {
                    report: config,
                    range: item.range,
                    pointer: base.index(at),
                },
                problem,
            });
        }
    }

    /// Each index entry's platform against the config of the image it names.
    fn platforms(&mut self) {
        for (site, entry, manifest) in std::mem::take(&mut self.entries) {
            let Some(config) = self
                .manifest_of
                .get(&manifest)
                .and_then(|&m| self.manifests[m].config)
            else {
                continue;
            };
            let bytes = &self.slots[config].bytes;
            let arena = crate::json::Arena::new();
            let analysed = Analysed::new(bytes, None, &arena);
            let Some(root) = analysed.root() else {
                continue;
            };
            let of_config = platform_of(root);
            if !platforms_agree(&entry, &of_config) {
                self.context.platforms.push(PlatformFact {
                    site,
                    entry,
                    config: of_config,
                    config_file: self.slots[config].file.clone(),
                });
            }
        }
    }

    /// `docker save`'s `manifest.json`: each entry's config and layers in the archive, the
    /// layers against the config's `diff_ids`, and in Docker 25+ archives the OCI side
    /// naming the same config.
    fn docker(&mut self) {
        let Some(bytes) = self
            .layout
            .get("manifest.json")
            .and_then(|s| s.kept.clone())
        else {
            return;
        };
        let arena = crate::json::Arena::new();
        let analysed = Analysed::new(&bytes, None, &arena);
        let Some(items) = analysed.root().and_then(|r| r.items()) else {
            let site = self.whole("manifest.json");
            self.context.docker.push(DockerFact {
                site,
                problem: "is not a JSON array of images".into(),
            });
            return;
        };
        let report = self.slot("manifest.json", SlotRole::Member);
        let oci_configs: Vec<String> = self
            .context
            .blobs
            .iter()
            .filter(|b| b.site.pointer.as_str().ends_with("/config/digest"))
            .map(|b| b.digest.clone())
            .collect();
        for (at, item) in items.iter().enumerate() {
            let entry = Pointer::root().index(at);
            let Some(config) = item.get("Config") else {
                self.context.docker.push(DockerFact {
                    site: Site {
                        report,
                        range: item.range,
                        pointer: entry,
                    },
                    problem: "has no `Config`".into(),
                });
                continue;
            };
            let config_path = config.value.as_str().unwrap_or_default();
            let config_site = Site {
                report,
                range: config.value.range,
                pointer: entry.key("Config"),
            };
            let Some(config_blob) = self.docker_file(config_path, config_site.clone(), None) else {
                continue;
            };
            let config_slot = self.slot(
                &crate::blob::member_path(config_path).unwrap_or_default(),
                SlotRole::Document,
            );
            if !oci_configs.is_empty() && !oci_configs.contains(&config_blob) {
                self.context.docker.push(DockerFact {
                    site: config_site,
                    problem: format!(
                        "names the config {config_blob}, which no manifest reached from index.json names: the Docker and OCI sides of the archive disagree"
                    ),
                });
            }
            let Some(layers_member) = item.get("Layers") else {
                continue;
            };
            let Some(layers) = layers_member.value.items() else {
                continue;
            };
            let mut seen = Vec::new();
            for (index, layer) in layers.iter().enumerate() {
                let path = layer.as_str().unwrap_or_default();
                let site = Site {
                    report,
                    range: layer.range,
                    pointer: entry.key("Layers").index(index),
                };
                let normalised = crate::blob::member_path(path).unwrap_or_default();
                let fact = self.docker_file(path, site, Some(Magic::Tar)).map(|_| {
                    // The fact just pushed.
                    self.context.blobs.len() - 1
                });
                seen.push(LayerSeen {
                    path: normalised,
                    fact,
                    image_layer: true,
                });
            }
            // Docker 25+: the OCI manifest with this config lists the same layers.
            let oci_layers = self
                .manifests
                .iter()
                .find(|m| m.config == Some(config_slot))
                .map(|m| m.layers.iter().map(|l| l.path.clone()).collect::<Vec<_>>());
            let docker_layers: Vec<String> = seen.iter().map(|l| l.path.clone()).collect();
            if let Some(oci_layers) = oci_layers {
                if oci_layers != docker_layers {
                    self.context.docker.push(DockerFact {
                        site: Site {
                            report,
                            range: layers_member.value.range,
                            pointer: entry.key("Layers"),
                        },
                        problem: format!(
                            "lists the layers {}, but the OCI manifest with the same config lists {}: the Docker and OCI sides of the archive disagree",
                            docker_layers.join(", "),
                            oci_layers.join(", ")
                        ),
                    });
                }
            }
            // A config the OCI side already compared is not reported twice.
            if seen.iter().all(|l| l.fact.is_some()) && !self.compared.contains(&config_slot) {
                self.compare_diff_ids(config_slot, &seen);
            }
        }
    }

    /// A file `manifest.json` names: its fact (digest-checked when its name is a digest), and
    /// its sha256; `None` when it is not there.
    fn docker_file(&mut self, raw: &str, site: Site, layer: Option<Magic>) -> Option<String> {
        let path = crate::blob::member_path(raw).unwrap_or_default();
        let found = self.layout.get(&path);
        // `<hex>.json`, `<hex>.tar` and `blobs/sha256/<hex>` name the sha256 of their bytes
        // (a legacy `<id>/layer.tar` names nothing).
        let stem = path
            .strip_prefix("blobs/sha256/")
            .or_else(|| path.strip_suffix(".json"))
            .filter(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()));
        let named = stem.map(|hex| format!("sha256:{hex}"));
        let status = match found {
            None => BlobStatus::Missing,
            Some(s) if named.as_deref().is_some_and(|n| n != s.sha256) => {
                BlobStatus::DigestMismatch
            }
            Some(s)
                if layer.is_some()
                    && !matches!(s.magic, Magic::Tar | Magic::Gzip | Magic::Zstd) =>
            {
                BlobStatus::TypeMismatch
            }
            Some(_) => BlobStatus::Ok,
        };
        self.context.blobs.push(BlobFact {
            site,
            file: self.layout.file_name(&path),
            digest: named
                .clone()
                .or_else(|| found.map(|s| s.sha256.clone()))
                .unwrap_or_default(),
            declared_size: None,
            media_type: None,
            status,
            sparse: None,
            found_size: found.map(|s| s.size),
            found_digest: found.map(|s| s.sha256.clone()),
            found_magic: found.map(|s| s.magic),
            expected_magic: layer,
        });
        found.map(|s| s.sha256.clone())
    }

    /// Each blob once (by file), with its worst status, in the order first named.
    fn records(&self) -> Vec<BlobRecord> {
        let mut records: Vec<BlobRecord> = Vec::new();
        for fact in &self.context.blobs {
            let record = BlobRecord {
                file: fact.file.clone(),
                digest: fact.digest.clone(),
                size: fact.declared_size.or(fact.found_size),
                media_type: fact.media_type.clone(),
                status: fact.status,
                message: describe(fact),
            };
            match records.iter_mut().find(|r| r.file == record.file) {
                Some(known) if known.status < record.status => *known = record,
                Some(_) => {}
                None => records.push(record),
            }
        }
        records
    }
}

/// One line on a blob's status, for the `blobs` array.
fn describe(fact: &BlobFact) -> String {
    let found = |what: Option<&str>| what.unwrap_or("?").to_owned();
    match fact.status {
        BlobStatus::Ok => match &fact.found_digest {
            Some(_) => "present, of the declared size and digest".into(),
            None => format!(
                "present; its {} digest is not computed by ocilint, so not verified",
                fact.digest.split(':').next().unwrap_or("")
            ),
        },
        BlobStatus::Sparse => format!(
            "not in the layout: {}",
            fact.sparse.unwrap_or(SparseReason::Subject).why()
        ),
        BlobStatus::Missing => "not in the layout".into(),
        BlobStatus::SizeMismatch => format!(
            "{} bytes, but the descriptor says {}",
            fact.found_size.unwrap_or(0),
            fact.declared_size.unwrap_or(0)
        ),
        BlobStatus::DigestMismatch => format!(
            "its bytes have the digest {}",
            found(fact.found_digest.as_deref())
        ),
        BlobStatus::TypeMismatch => format!(
            "its bytes are {}, but its media type says {}",
            fact.found_magic.map_or("?", Magic::as_str),
            fact.expected_magic.map_or("?", Magic::as_str)
        ),
        BlobStatus::DiffIdMismatch => {
            "its decompressed content is not what the config's `diff_ids` names".into()
        }
    }
}

/// `blobs/<algorithm>/<encoded>` of a descriptor's digest.
fn descriptor_path(node: &Node) -> Option<String> {
    let text = node.get("digest")?.value.as_str()?;
    let (algorithm, encoded) = digest::validate(text).ok()?;
    (!encoded.contains('/')).then(|| format!("blobs/{algorithm}/{encoded}"))
}

fn media_type<'a>(node: &Node<'a>) -> Option<&'a str> {
    node.get("mediaType").and_then(|m| m.value.as_str())
}

/// What a layer media type says its bytes are; `None` for what is not a filesystem layer
/// (artifacts, in-toto attestations: their bytes are theirs to choose).
pub(super) fn expected_magic(media_type: Option<&str>) -> Option<Magic> {
    let media_type = media_type?;
    let layer = media_type.starts_with("application/vnd.oci.image.layer.")
        || media_type.starts_with("application/vnd.docker.image.rootfs.");
    if !layer {
        return None;
    }
    if media_type.ends_with("+gzip") || media_type.ends_with(".gzip") {
        Some(Magic::Gzip)
    } else if media_type.ends_with("+zstd") || media_type.ends_with(".zstd") {
        Some(Magic::Zstd)
    } else if media_type.ends_with(".tar") || media_type.ends_with("tar") {
        Some(Magic::Tar)
    } else {
        None
    }
}

fn magic_fits(expected: Magic, found: Magic) -> bool {
    expected == found
}

/// `os/architecture[/variant]` of a platform object or a config.
fn platform_of(node: &Node) -> String {
    let field = |key: &str| {
        node.get(key)
            .and_then(|m| m.value.as_str())
            .unwrap_or("")
            .to_owned()
    };
    let mut out = format!("{}/{}", field("os"), field("architecture"));
    let variant = field("variant");
    if !variant.is_empty() {
        out.push('/');
        out.push_str(&variant);
    }
    out
}

/// The same os and architecture, and the same variant when both name one.
fn platforms_agree(entry: &str, config: &str) -> bool {
    let a: Vec<&str> = entry.split('/').collect();
    let b: Vec<&str> = config.split('/').collect();
    a.get(..2) == b.get(..2)
        && match (a.get(2), b.get(2)) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        }
}
