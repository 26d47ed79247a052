//! Several documents checked together: an index and its children, a manifest and its config.
//! Each descriptor is linked to the document of the bundle it names (by digest, or, when
//! exactly one unclaimed document of the right kind is left for exactly one unmatched
//! descriptor, as the document "given for it"), and the `bundle` rules judge those links.

use crate::check::{self, CheckOptions, Findings, Report};
use crate::diagnostic::{Diagnostic, RawDiagnostic};
use crate::digest;
use crate::json::{Node, Pointer};
use crate::kind::Kind;
use crate::rules::{self, Analysed, Check, Context, DescriptorRole};

pub use crate::rules::bundle_context::{
    BundleContext, BundleDocument, BundleEmitter, Link, LinkedBy,
};

/// One document of a bundle.
#[derive(Debug, Clone, Copy)]
pub struct BundleInput<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// Checks each document, then what holds between them; one report per input, in order. Each
/// document is analysed once: its parse and rule context serve its own rules, the links and
/// the bundle rules.
pub fn check_bundle(inputs: &[BundleInput<'_>], options: &CheckOptions) -> Vec<Report> {
    let analysed = analyse(inputs, options.content_type.as_deref());
    let contexts: Vec<Option<Context<'_>>> = analysed
        .iter()
        .map(|a| a.context(options.platform.as_deref()))
        .collect();
    let findings: Vec<Findings> = analysed
        .iter()
        .zip(&contexts)
        .map(|(a, context)| Findings::of(a, context.as_ref(), options))
        .collect();
    let between = run_bundle_rules(inputs, &analysed, &contexts);
    findings
        .into_iter()
        .zip(between)
        .zip(&analysed)
        .map(|((findings, found), a)| findings.report(a, found, options))
        .collect()
}

/// Only what holds between the documents (the `bundle` rules), per input: what a rewrite of a
/// bundle needs, without checking each document again.
pub fn between(inputs: &[BundleInput<'_>], options: &CheckOptions) -> Vec<Vec<Diagnostic>> {
    let analysed = analyse(inputs, None);
    let contexts: Vec<Option<Context<'_>>> = analysed.iter().map(|a| a.context(None)).collect();
    run_bundle_rules(inputs, &analysed, &contexts)
        .into_iter()
        .zip(inputs)
        .map(|(mut found, input)| {
            options.rules.apply(&mut found);
            check::locate(found, input.bytes)
        })
        .collect()
}

fn analyse<'a>(inputs: &[BundleInput<'a>], content_type: Option<&'a str>) -> Vec<Analysed<'a>> {
    inputs
        .iter()
        .map(|input| Analysed::new(input.bytes, content_type))
        .collect()
}

/// Links the documents and runs the bundle rules; what they found, per input.
fn run_bundle_rules<'a>(
    inputs: &[BundleInput<'_>],
    analysed: &'a [Analysed<'_>],
    contexts: &[Option<Context<'a>>],
) -> Vec<Vec<RawDiagnostic>> {
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
    raw
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

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(layer: &str) -> String {
        format!(
            r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {{"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}}, "layers": [{{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:{layer}", "size": 1}}]}}"#
        )
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
}
