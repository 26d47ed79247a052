//! Several documents checked together: an index and its children, a manifest and its config.
//! Each descriptor is linked to the document of the bundle it names (by digest, or, when
//! exactly one unclaimed document of the right kind is left for exactly one unmatched
//! descriptor, as the document "given for it"), and the `bundle` rules judge those links.

use crate::attachments::{self, Known};
use crate::check::{self, CheckOptions, Findings, Report};
use crate::diagnostic::{Diagnostic, RawDiagnostic};
use crate::digest;
use crate::json::{Arena, Node, Pointer};
use crate::kind::Kind;
use crate::role::{self, Role};
use crate::rules::{self, Analysed, Check, Context, DescriptorRole};
use crate::targets::{Contents, Environment, Stored};

pub use crate::rules::bundle_context::{
    BundleContext, BundleDocument, BundleEmitter, Link, LinkedBy, Unlinked,
};

/// One document of a bundle.
#[derive(Debug, Clone, Copy)]
pub struct BundleInput<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// What the registry is taken to hold besides the bundle's own documents, for
/// [`check_bundle_holding`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Holdings<'a> {
    /// Blobs given with the bundle (configs, layers…), as exact bytes.
    pub blobs: &'a [&'a [u8]],
    /// The registry holds the bundle's documents and these blobs, and nothing else: what a
    /// descriptor names that is not among them is missing. When false (a bundle is seldom all
    /// of an image), what is not among them may or may not be there, and stays a condition.
    pub complete: bool,
}

/// Checks each document, then what holds between them; one report per input, in order. Each
/// document is analysed once: its parse and rule context serve its own rules, the links and
/// the bundle rules. The targets' verdicts know nothing beyond each document's bytes, as
/// [`check::check`]'s; [`check_bundle_holding`] judges them against the bundle.
pub fn check_bundle(inputs: &[BundleInput<'_>], options: &CheckOptions) -> Vec<Report> {
    let arena = Arena::new();
    let analysed = analyse(inputs, options.content_type.as_deref(), &arena);
    check_analysed(
        inputs,
        &analysed,
        options,
        &Environment::default(),
        Linking::Leftovers,
    )
}

/// [`check_bundle`] of documents that are all named by digest (an image layout's blobs): a
/// descriptor whose digest names none of them is linked to nothing, never to a leftover
/// document "given for it" (the layout's blob for it is missing, which `image` reports).
pub fn check_bundle_by_digest(inputs: &[BundleInput<'_>], options: &CheckOptions) -> Vec<Report> {
    let arena = Arena::new();
    let analysed = analyse(inputs, options.content_type.as_deref(), &arena);
    check_analysed(
        inputs,
        &analysed,
        options,
        &Environment::default(),
        Linking::DigestOnly,
    )
}

/// Whether a descriptor may be linked to the only document left for its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Linking {
    Leftovers,
    DigestOnly,
}

/// [`check_bundle`], with each document's verdicts judged where the registry holds the
/// bundle's documents and the `holdings`' blobs (and, unless `holdings.complete`, other
/// content not known): a size or media type the content given contradicts is the program's
/// refusal, one it confirms needs no condition.
pub fn check_bundle_holding(
    inputs: &[BundleInput<'_>],
    holdings: &Holdings<'_>,
    options: &CheckOptions,
) -> Vec<Report> {
    let arena = Arena::new();
    let analysed = analyse(inputs, options.content_type.as_deref(), &arena);
    check_holding(inputs, analysed, holdings, options, Linking::Leftovers)
}

/// [`check_bundle_holding`] of documents a registry served, each checked with the
/// `Content-Type` it was served with (`None`: a blob, such as a config, whose header says
/// nothing of what it is). `content_types` has one entry per input. Each was fetched by the
/// digest a descriptor names (or is the reference itself), so descriptors are linked by
/// digest only, as in [`check_bundle_by_digest`]: a child left out (`--platform`) is not
/// taken for another document "given for it".
pub fn check_bundle_served<'a>(
    inputs: &[BundleInput<'a>],
    content_types: &[Option<&'a str>],
    holdings: &Holdings<'_>,
    options: &CheckOptions,
) -> Vec<Report> {
    let arena = Arena::new();
    let analysed = inputs
        .iter()
        .zip(content_types.iter().chain(std::iter::repeat(&None)))
        .map(|(input, content_type)| Analysed::new(input.bytes, *content_type, &arena))
        .collect();
    check_holding(inputs, analysed, holdings, options, Linking::DigestOnly)
}

fn check_holding(
    inputs: &[BundleInput<'_>],
    analysed: Vec<Analysed<'_>>,
    holdings: &Holdings<'_>,
    options: &CheckOptions,
    linking: Linking,
) -> Vec<Report> {
    // Each document as a registry holds it: what its bytes are, whatever it is checked as.
    let pieces = analysed
        .iter()
        .map(Stored::of_analysed)
        .chain(holdings.blobs.iter().map(|blob| Stored::of(blob)));
    let environment = Environment::holding(if holdings.complete {
        Contents::exactly(pieces)
    } else {
        Contents::including(pieces)
    });
    check_analysed(inputs, &analysed, options, &environment, linking)
}

fn check_analysed(
    inputs: &[BundleInput<'_>],
    analysed: &[Analysed<'_>],
    options: &CheckOptions,
    environment: &Environment,
    linking: Linking,
) -> Vec<Report> {
    let mut contexts: Vec<Option<Context<'_>>> = analysed
        .iter()
        .map(|a| a.context(options.platform.as_deref()))
        .collect();
    // Linked first, so that each document's rules know what names it.
    let linked = link_bundle(inputs, analysed, &contexts, linking);
    for (context, config_of) in contexts.iter_mut().zip(linked.configs_of()) {
        if let Some(context) = context {
            context.config_of = config_of;
        }
    }
    let findings: Vec<Findings> = analysed
        .iter()
        .zip(&contexts)
        .map(|(a, context)| Findings::of(a, context.as_ref(), options, environment))
        .collect();
    let (between, children) = run_bundle_rules(linked);
    let mut reports: Vec<Report> = findings
        .into_iter()
        .zip(between)
        .zip(analysed)
        .map(|((mut findings, found), a)| {
            findings.judge_bundle_findings(&found);
            findings.report(a, found, options)
        })
        .collect();
    link_attachments(inputs, analysed, &children, &mut reports);
    reports
}

/// Each report's attachments as the bundle knows them: a link to a document of the bundle is
/// there, an index entry naming one takes what that document is (an attestation's predicate
/// types), and a document given under a cosign tag's name hangs off the image it names.
fn link_attachments(
    inputs: &[BundleInput<'_>],
    analysed: &[Analysed<'_>],
    children: &[Vec<(String, usize)>],
    reports: &mut [Report],
) {
    // One per input, so that a link's child is its place here.
    let documents: Vec<(String, role::Recognised)> = analysed
        .iter()
        .zip(reports.iter())
        .map(|(a, report)| {
            let recognised = a.root().map_or_else(role::Recognised::nothing, |root| {
                role::recognise(a.detected, root)
            });
            (report.digest.clone(), recognised)
        })
        .collect();
    for (at, ((input, a), report)) in inputs
        .iter()
        .zip(analysed)
        .zip(reports.iter_mut())
        .enumerate()
    {
        let Some(root) = a.root() else { continue };
        let known = Known {
            documents: &documents,
            children: &children[at],
        };
        let recognised = &documents[at].1;
        report.attachments = attachments::of_document(
            a.detected,
            root,
            recognised,
            &report.digest,
            Some(input.name),
            &known,
        );
    }
}

/// What the documents checked together say hangs off the one whose digest is `digest`: each
/// attachment they state with that subject, with the position of the report that states it.
/// Each link is listed on the document that states it; this gathers them under the subject,
/// so a front end can show an image with everything that hangs off it.
pub fn attached_to<'a>(
    reports: impl IntoIterator<Item = &'a Report>,
    digest: &str,
) -> Vec<(usize, &'a attachments::Attachment)> {
    reports
        .into_iter()
        .enumerate()
        .flat_map(|(at, report)| report.attachments.iter().map(move |a| (at, a)))
        .filter(|(_, a)| a.subject.as_deref() == Some(digest))
        .collect()
}

/// Only what holds between the documents (the `bundle` rules), per input: what a rewrite of a
/// bundle needs, without checking each document again.
pub fn between(inputs: &[BundleInput<'_>], options: &CheckOptions) -> Vec<Vec<Diagnostic>> {
    let arena = Arena::new();
    let analysed = analyse(inputs, None, &arena);
    let contexts: Vec<Option<Context<'_>>> = analysed.iter().map(|a| a.context(None)).collect();
    run_bundle_rules(link_bundle(
        inputs,
        &analysed,
        &contexts,
        Linking::Leftovers,
    ))
    .0
    .into_iter()
    .zip(inputs)
    .map(|(mut found, input)| {
        options.rules.apply(&mut found);
        check::locate(found, input.bytes)
    })
    .collect()
}

/// Each input analysed, every tree in the one `arena` (a bundle's documents are checked
/// together and let go together).
fn analyse<'a>(
    inputs: &[BundleInput<'a>],
    content_type: Option<&'a str>,
    arena: &'a Arena,
) -> Vec<Analysed<'a>> {
    inputs
        .iter()
        .map(|input| Analysed::new(input.bytes, content_type, arena))
        .collect()
}

/// What the bundle rules found, per input.
type Between = Vec<Vec<RawDiagnostic>>;
/// Per input, its descriptors linked to another input: the descriptor's JSON Pointer and the
/// input it names.
type Children = Vec<Vec<(String, usize)>>;

/// The documents of a bundle with their descriptors linked: what the bundle rules judge, and
/// what tells a document's own rules what names it.
struct Linked<'a> {
    documents: Vec<BundleDocument<'a>>,
    links: Vec<Link<'a>>,
    unlinked: Vec<Unlinked<'a>>,
    /// Per link, the role of the descriptor it starts from.
    roles: Vec<DescriptorRole>,
}

impl Linked<'_> {
    /// Per document, what the manifests naming it as their `config` are, when it is a config
    /// named only that way and by manifests none of which is a runnable image (a signature,
    /// an attestation, an SBOM, a SOCI index, a Helm chart, another artifact): their role when
    /// they agree, else `artifact`. Such a config describes nothing a runtime selects or runs
    /// (cosign writes its signatures' with empty `architecture` and `os`); the same config
    /// under an image is an image's.
    fn configs_of(&self) -> Vec<Option<Role>> {
        (0..self.documents.len())
            .map(|child| {
                if !matches!(
                    self.documents[child].kind,
                    Kind::OciConfig | Kind::DockerConfig
                ) {
                    return None;
                }
                let mut config_of = None;
                for (link, role) in self.links.iter().zip(&self.roles) {
                    if link.child != child {
                        continue;
                    }
                    let parent = self.documents[link.parent].recognised.role;
                    let runs_nowhere = parent.is_attachment() || parent == Role::HelmChart;
                    if *role != DescriptorRole::Config || !runs_nowhere {
                        return None;
                    }
                    config_of = match config_of {
                        Some(seen) if seen != parent => Some(Role::Artifact),
                        _ => Some(parent),
                    };
                }
                config_of
            })
            .collect()
    }
}

/// Links every descriptor of the documents to the document it names, where the bundle has it.
fn link_bundle<'a>(
    inputs: &[BundleInput<'a>],
    analysed: &'a [Analysed<'_>],
    contexts: &[Option<Context<'a>>],
    linking: Linking,
) -> Linked<'a> {
    let documents: Vec<BundleDocument<'_>> = inputs
        .iter()
        .zip(analysed)
        .map(|(input, analysed)| BundleDocument {
            name: input.name,
            bytes: input.bytes,
            kind: analysed.detected,
            // Configs' kinds the bytes do not tell apart, so neither their media type.
            media_type: match analysed.detected {
                Kind::OciConfig | Kind::DockerConfig | Kind::Unknown => None,
                _ => analysed.own_media_type().map(str::to_owned),
            },
            digest: digest::sha256(input.bytes),
            recognised: match analysed.root() {
                Some(root) => role::recognise(analysed.detected, root),
                None => role::Recognised::nothing(),
            },
            root: analysed.root(),
            document: &analysed.parsed.document,
        })
        .collect();

    // Every descriptor of every document, with its role. A document checked as another kind
    // (a `Content-Type`) is still linked as what its bytes say.
    let mut sites: Vec<(usize, DescriptorRole, Pointer, &Node)> = Vec::new();
    for (at, (analysed, context)) in analysed.iter().zip(contexts).enumerate() {
        let detected_context;
        let context = match context {
            Some(context) if analysed.kind == analysed.detected => context,
            _ => match analysed.detected_context() {
                Some(context) => {
                    detected_context = context;
                    &detected_context
                }
                None => continue,
            },
        };
        for site in context.descriptors() {
            sites.push((at, site.role, site.pointer.pointer(), site.node));
        }
    }
    let links = link(&documents, &sites, linking);
    let roles = links
        .iter()
        .map(|link| {
            sites
                .iter()
                .find(|(parent, _, pointer, _)| *parent == link.parent && *pointer == link.pointer)
                // Every link starts from a site; were one not found, it names no config.
                .map_or(DescriptorRole::Manifest, |(_, role, _, _)| *role)
        })
        .collect();
    let unlinked = sites
        .iter()
        .filter(|(parent, _, pointer, _)| {
            !links
                .iter()
                .any(|l| l.parent == *parent && l.pointer == *pointer)
        })
        .map(|(parent, role, pointer, node)| Unlinked {
            parent: *parent,
            role: *role,
            pointer: pointer.clone(),
            descriptor: node,
        })
        .collect();
    Linked {
        documents,
        links,
        unlinked,
        roles,
    }
}

/// Runs the bundle rules over the links; what they found and the links, per input.
fn run_bundle_rules(linked: Linked<'_>) -> (Between, Children) {
    let mut children: Children = vec![Vec::new(); linked.documents.len()];
    for link in &linked.links {
        children[link.parent].push((link.pointer.as_str().to_owned(), link.child));
    }
    let context = BundleContext {
        documents: linked.documents,
        links: linked.links,
        unlinked: linked.unlinked,
    };

    let mut raw: Vec<Vec<RawDiagnostic>> = vec![Vec::new(); context.documents.len()];
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
    (raw, children)
}

/// Links descriptors to documents: by digest first, then the unambiguous leftovers.
fn link<'a>(
    documents: &[BundleDocument<'_>],
    sites: &[(usize, DescriptorRole, Pointer, &'a Node<'a>)],
    linking: Linking,
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
    if linking == Linking::DigestOnly {
        return links;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(layer: &str) -> String {
        format!(
            r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {{"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}}, "layers": [{{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:{layer}", "size": 1}}]}}"#
        )
    }

    #[test]
    fn served_documents_are_each_checked_as_their_own_content_type() {
        let bundle = index_and_two_children();
        let inputs: Vec<BundleInput<'_>> = bundle
            .iter()
            .map(|(name, text)| BundleInput {
                name,
                bytes: text.as_bytes(),
            })
            .collect();
        let docker = "application/vnd.docker.distribution.manifest.v2+json";
        let types = [None, Some(docker), None];
        let reports = check_bundle_served(
            &inputs,
            &types,
            &Holdings::default(),
            &CheckOptions::default(),
        );
        let has_doc003 = |r: &Report| r.diagnostics.iter().any(|d| d.code == "DOC003");
        // Only the child served under Docker's type disagrees with its own `mediaType`.
        assert!(!has_doc003(&reports[0]) && has_doc003(&reports[1]) && !has_doc003(&reports[2]));
        assert_eq!(reports[1].media_type.as_deref(), Some(docker));
        // The bundle rules still link the children: the stale size is the index's.
        assert!(reports[0].diagnostics.iter().any(|d| d.code == "BND002"));

        // A child left out is not taken for the other document: linked by digest only.
        let other = manifest(&"c".repeat(64));
        let partial = [
            inputs[0],
            inputs[2],
            BundleInput {
                name: "other.json",
                bytes: other.as_bytes(),
            },
        ];
        let bnd001 = |reports: &[Report]| reports[0].diagnostics.iter().any(|d| d.code == "BND001");
        let options = CheckOptions::default();
        // Given as files, the unnamed manifest is taken as the one given for amd64's entry…
        assert!(bnd001(&check_bundle(&partial, &options)));
        // …served, it is not.
        let served = check_bundle_served(&partial, &[None; 3], &Holdings::default(), &options);
        assert!(!bnd001(&served));
    }

    /// An index naming its two children, the second with a stale size.
    fn index_and_two_children() -> Vec<(String, String)> {
        let amd64 = manifest(&"a".repeat(64));
        let arm64 = manifest(&"b".repeat(64));
        let entry = |child: &str, size: usize, arch: &str| {
            format!(
                r#"{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{}", "size": {size}, "platform": {{"architecture": "{arch}", "os": "linux"}}}}"#,
                digest::sha256(child.as_bytes())
            )
        };
        let index = format!(
            r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{}, {}]}}"#,
            entry(&amd64, amd64.len(), "amd64"),
            entry(&arm64, arm64.len() + 1, "arm64"),
        );
        vec![
            ("index.json".into(), index),
            ("amd64.json".into(), amd64),
            ("arm64.json".into(), arm64),
        ]
    }

    fn as_inputs(documents: &[(String, String)]) -> Vec<BundleInput<'_>> {
        documents
            .iter()
            .map(|(name, text)| BundleInput {
                name,
                bytes: text.as_bytes(),
            })
            .collect()
    }

    #[test]
    fn a_bundle_check_parses_each_document_once() {
        let documents = index_and_two_children();
        let inputs = as_inputs(&documents);
        let before = crate::json::PARSES.with(|count| count.get());
        let reports = check_bundle(&inputs, &CheckOptions::default());
        let parses = crate::json::PARSES.with(|count| count.get()) - before;
        println!("parses during check --bundle of an index and two children: {parses}");
        assert_eq!(parses, inputs.len());
        // The bundle rules ran on those parses: the stale size is found in the index.
        assert!(reports[0].diagnostics.iter().any(|d| d.code == "BND002"));
    }

    #[test]
    fn a_bundle_check_is_each_document_checked_plus_what_holds_between_them() {
        let documents = index_and_two_children();
        let inputs = as_inputs(&documents);
        let options = CheckOptions::default();
        let bundle = check_bundle(&inputs, &options);
        let between = between(&inputs, &options);
        for ((input, report), found) in inputs.iter().zip(&bundle).zip(between) {
            let mut expected = check::check(input.bytes, &options);
            expected.diagnostics.extend(found);
            expected
                .diagnostics
                .sort_by(|a, b| (a.range.start, a.code).cmp(&(b.range.start, b.code)));
            assert_eq!(report, &expected, "{}", input.name);
        }
    }

    /// A manifest whose config size is one byte too many, with its config and its layer.
    fn image(config_size_offset: usize) -> (String, String, Vec<u8>) {
        let config = r#"{"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": ["sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"]}}"#.to_owned();
        let layer = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3];
        let manifest = format!(
            r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {{"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "{}", "size": {}}}, "layers": [{{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "{}", "size": {}}}]}}"#,
            digest::sha256(config.as_bytes()),
            config.len() + config_size_offset,
            digest::sha256(&layer),
            layer.len()
        );
        (manifest, config, layer)
    }

    fn modelled(
        manifest: &str,
        config: &str,
        holdings: &Holdings<'_>,
    ) -> Vec<(
        String,
        crate::targets::Verdict,
        Option<String>,
        Option<String>,
    )> {
        let inputs = [
            BundleInput {
                name: "manifest.json",
                bytes: manifest.as_bytes(),
            },
            BundleInput {
                name: "config.json",
                bytes: config.as_bytes(),
            },
        ];
        let options = CheckOptions {
            content_type: Some("application/vnd.oci.image.manifest.v1+json".into()),
            targets: crate::targets::parse_list("distribution@v2.8,podman@4.3,containerd@1.6")
                .unwrap(),
            ..CheckOptions::default()
        };
        check_bundle_holding(&inputs, holdings, &options)
            .remove(0)
            .targets
            .into_iter()
            .map(|v| {
                (
                    format!("{}@{} {}", v.target, v.version, v.operation.as_str()),
                    v.verdict,
                    v.message,
                    v.condition,
                )
            })
            .collect()
    }

    #[test]
    fn the_bundle_and_its_blobs_decide_what_they_hold() {
        use crate::targets::Verdict::{Accept, Reject};
        let (manifest, config, layer) = image(1);
        let blobs = [layer.as_slice()];
        let given = Holdings {
            blobs: &blobs,
            complete: false,
        };
        let judged = modelled(&manifest, &config, &given);
        let verdicts: Vec<_> = judged
            .iter()
            .map(|(t, v, m, c)| (t.as_str(), *v, m.as_deref(), c.as_deref()))
            .collect();
        assert_eq!(
            verdicts,
            [
                ("distribution@v2.8 push", Accept, None, None),
                ("podman@4.3 pull", Reject, Some("blob size mismatch"), None),
                (
                    "podman@4.3 copy",
                    Reject,
                    Some(
                        format!(
                            "Size mismatch when copying {}, expected {}, got {}",
                            digest::sha256(config.as_bytes()),
                            config.len() + 1,
                            config.len()
                        )
                        .as_str()
                    ),
                    None
                ),
                (
                    "containerd@1.6 pull",
                    Reject,
                    Some("ctr: failed to read expected number of bytes: unexpected EOF"),
                    None
                ),
            ]
        );

        // Without the layer, what it decides stays open: a condition naming it alone.
        let layer_digest = digest::sha256(&layer);
        let (good, config, _) = image(0);
        for (target, verdict, _, condition) in modelled(&good, &config, &Holdings::default()) {
            assert_eq!(verdict, Accept, "{target}");
            let condition = condition.expect("a condition");
            assert!(condition.contains(&layer_digest), "{target}: {condition}");
            assert!(
                !condition.contains(&digest::sha256(config.as_bytes())),
                "{target}: {condition}"
            );
        }
        // …unless the bundle is all the registry holds.
        let complete = Holdings {
            blobs: &[],
            complete: true,
        };
        let refused: Vec<_> = modelled(&good, &config, &complete)
            .into_iter()
            .map(|(_, verdict, message, _)| (verdict, message.unwrap_or_default()))
            .collect();
        assert_eq!(
            refused[0].1,
            format!("MANIFEST_BLOB_UNKNOWN: blob unknown to registry; {layer_digest}")
        );
        assert_eq!(
            refused[1].1,
            "invalid status code from registry 404 (Not Found)"
        );
        assert!(refused.iter().all(|(verdict, _)| *verdict == Reject));
    }
}
