//! The inventory of what hangs off what: each link a document states from an attachment (a
//! signature, an attestation, an SBOM, a SOCI index, another artifact) to the image it is
//! about, whatever the convention: an OCI `subject`, BuildKit's index-entry annotations, SOCI
//! v2's, a referrers index's entries, or a cosign tag (`sha256-<hex>.sig`) given as the
//! document's name. A link is listed in the report of the document that states it, and
//! judged against what that document (an index) or the bundle holds.

use serde::{Deserialize, Serialize};

use crate::json::{Node, Pointer};
use crate::kind::Kind;
use crate::role::{self, Convention, Recognised, Role, SbomFormat, TagKind};

/// One thing hanging off another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    /// The digest of what it hangs off; `None` when the link names nothing (an attestation
    /// entry without `vnd.docker.reference.digest`, a referrers index under no known tag).
    pub subject: Option<String>,
    /// The attachment's digest: its descriptor's, or the document's own.
    pub digest: Option<String>,
    pub role: Role,
    pub convention: Option<Convention>,
    /// How the link is stated.
    pub link: LinkKind,
    /// JSON Pointer, in this document, to where the link is stated (`""`: the document
    /// itself, through its name).
    pub pointer: String,
    pub artifact_type: Option<String>,
    /// In-toto predicate types, when known (from the attestation's layers).
    pub predicate_types: Vec<String>,
    /// SBOM formats carried, when known.
    pub sbom_formats: Vec<SbomFormat>,
    pub status: LinkStatus,
}

impl Attachment {
    /// What is known of the attachment beyond its role, in the words every front end shows:
    /// its convention, how the link is stated, predicate types, SBOM formats, `artifactType`.
    pub fn details(&self) -> Vec<String> {
        let mut details = Vec::new();
        if let Some(convention) = self.convention {
            details.push(convention.as_str().to_owned());
        }
        details.push(format!("via {}", self.link.as_str()));
        if !self.predicate_types.is_empty() {
            details.push(format!("predicate {}", self.predicate_types.join(", ")));
        }
        if !self.sbom_formats.is_empty() {
            let formats: Vec<&str> = self.sbom_formats.iter().map(|f| f.as_str()).collect();
            details.push(format!("SBOM {}", formats.join(", ")));
        }
        if let Some(artifact_type) = &self.artifact_type {
            details.push(format!("artifactType {artifact_type}"));
        }
        details
    }
}

/// How an attachment names what it hangs off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// The attachment's own `subject` (OCI referrers).
    Subject,
    /// An index entry's `vnd.docker.reference.digest` (BuildKit attestations).
    ReferenceAnnotation,
    /// An index entry's `com.amazon.soci.image-manifest-digest` (SOCI v2).
    SociAnnotation,
    /// An entry of a referrers index (the fallback tag's index, the referrers API's answer).
    ReferrersIndex,
    /// A tag: cosign's `sha256-<hex>.sig`/`.att`/`.sbom`, given as the document's name.
    Tag,
}

impl LinkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Subject => "subject",
            LinkKind::ReferenceAnnotation => "reference-annotation",
            LinkKind::SociAnnotation => "soci-annotation",
            LinkKind::ReferrersIndex => "referrers-index",
            LinkKind::Tag => "tag",
        }
    }
}

/// Whether what an attachment hangs off is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum LinkStatus {
    /// What it names is in the same index, or among the documents checked together.
    Linked,
    /// It must be in the same index and is not, or the link names nothing: the attachment
    /// is orphaned.
    Dangling,
    /// What it names is not among the documents checked; a registry may hold it.
    Elsewhere,
}

impl LinkStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkStatus::Linked => "linked",
            LinkStatus::Dangling => "dangling",
            LinkStatus::Elsewhere => "elsewhere",
        }
    }
}

/// What the other documents checked together are, for judging and completing links.
#[derive(Debug, Default, Clone, Copy)]
pub struct Known<'a> {
    /// Each document's digest and what it is.
    pub documents: &'a [(String, Recognised)],
    /// The descriptors of this document the bundle linked to one of `documents` (by JSON
    /// Pointer, with the document's place): by digest, or as the only candidate left.
    pub children: &'a [(String, usize)],
}

impl Known<'_> {
    fn find(&self, digest: &str) -> Option<&Recognised> {
        self.documents
            .iter()
            .find(|(d, _)| d == digest)
            .map(|(_, r)| r)
    }

    /// What the descriptor at `pointer` names, as the bundle linked it.
    fn child(&self, pointer: &Pointer) -> Option<&Recognised> {
        self.children
            .iter()
            .find(|(at, _)| at == pointer.as_str())
            .and_then(|(_, child)| self.documents.get(*child))
            .map(|(_, r)| r)
    }
}

fn text<'a>(node: &'a Node<'a>, key: &str) -> Option<&'a str> {
    node.get(key).and_then(|m| m.value.as_str())
}

/// The role an `artifactType` (or an attachment's config type) says, when nothing more is
/// known of the document.
pub fn role_of_artifact_type(artifact_type: &str) -> (Role, Option<Convention>) {
    if artifact_type == role::NOTARY_SIGNATURE {
        (Role::Signature, Some(Convention::Notation))
    } else if artifact_type.starts_with("application/vnd.dev.sigstore.bundle") {
        (Role::Signature, Some(Convention::SigstoreBundle))
    } else if artifact_type == role::SOCI_INDEX_V1 {
        (Role::SociIndex, Some(Convention::SociV1))
    } else if artifact_type == role::SOCI_INDEX_V2 {
        (Role::SociIndex, Some(Convention::SociV2))
    } else if artifact_type == role::DOCKER_ATTESTATION_MANIFEST {
        (Role::Attestation, Some(Convention::BuildkitReferrer))
    } else if SbomFormat::of_media_type(artifact_type).is_some() {
        (Role::Sbom, Some(Convention::OciArtifact))
    } else if artifact_type.contains("in-toto") || artifact_type.contains("attestation") {
        (Role::Attestation, Some(Convention::InTotoReferrer))
    } else if artifact_type.starts_with("application/vnd.dev.cosign.") {
        (Role::Signature, Some(Convention::CosignSimpleSigning))
    } else {
        (Role::Artifact, Some(Convention::OciArtifact))
    }
}

/// The links one document states. `name` is what the document was given as (a file name, a
/// reference), read for a tag convention; `own_digest` is the digest of its bytes.
pub fn of_document(
    kind: Kind,
    root: &Node,
    recognised: &Recognised,
    own_digest: &str,
    name: Option<&str>,
    known: &Known<'_>,
) -> Vec<Attachment> {
    let mut out = Vec::new();
    let tag = name.and_then(role::digest_from_tag);
    let in_bundle = |digest: &str| {
        if known.find(digest).is_some() {
            LinkStatus::Linked
        } else {
            LinkStatus::Elsewhere
        }
    };
    if kind.is_index() {
        of_index(root, recognised, tag.as_ref(), known, &mut out);
    } else if let Some(subject) = &recognised.subject {
        out.push(Attachment {
            subject: Some(subject.clone()),
            digest: Some(own_digest.to_owned()),
            role: recognised.role,
            convention: recognised.convention,
            link: LinkKind::Subject,
            pointer: Pointer::root().key("subject").as_str().to_owned(),
            artifact_type: recognised.artifact_type.clone(),
            predicate_types: recognised.predicate_types.clone(),
            sbom_formats: recognised.sbom_formats.clone(),
            status: in_bundle(subject),
        });
    } else if let Some((subject, tag_kind)) = tag {
        let cosign = matches!(
            tag_kind,
            TagKind::CosignSignature | TagKind::CosignAttestation | TagKind::CosignSbom
        );
        if cosign && recognised.role.is_attachment() {
            out.push(Attachment {
                status: in_bundle(&subject),
                subject: Some(subject),
                digest: Some(own_digest.to_owned()),
                role: recognised.role,
                convention: recognised.convention,
                link: LinkKind::Tag,
                pointer: String::new(),
                artifact_type: recognised.artifact_type.clone(),
                predicate_types: recognised.predicate_types.clone(),
                sbom_formats: recognised.sbom_formats.clone(),
            });
        }
    }
    if !kind.is_index() {
        of_soci_enabled_image(root, own_digest, known, &mut out);
    }
    out
}

/// A SOCI-enabled image manifest names its SOCI index (v2, which has no `subject`) in its own
/// annotations: the SOCI index hangs off it.
fn of_soci_enabled_image(
    root: &Node,
    own_digest: &str,
    known: &Known<'_>,
    out: &mut Vec<Attachment>,
) {
    let Some(index) = root
        .get("annotations")
        .and_then(|a| text(&a.value, role::SOCI_INDEX_DIGEST))
    else {
        return;
    };
    let found = known.find(index);
    out.push(Attachment {
        subject: Some(own_digest.to_owned()),
        digest: Some(index.to_owned()),
        role: Role::SociIndex,
        convention: Some(Convention::SociV2),
        link: LinkKind::SociAnnotation,
        pointer: Pointer::root()
            .key("annotations")
            .key(role::SOCI_INDEX_DIGEST)
            .as_str()
            .to_owned(),
        artifact_type: found.and_then(|r| r.artifact_type.clone()),
        predicate_types: Vec::new(),
        sbom_formats: Vec::new(),
        status: if found.is_some() {
            LinkStatus::Linked
        } else {
            LinkStatus::Elsewhere
        },
    });
}

fn of_index(
    root: &Node,
    recognised: &Recognised,
    tag: Option<&(String, TagKind)>,
    known: &Known<'_>,
    out: &mut Vec<Attachment>,
) {
    let Some(entries) = root.get("manifests").and_then(|m| m.value.items()) else {
        return;
    };
    let digests: Vec<Option<&str>> = entries.iter().map(|e| text(e, "digest")).collect();
    let referrers_subject = tag
        .filter(|(_, kind)| *kind == TagKind::ReferrersFallback)
        .map(|(digest, _)| digest.clone());
    for (at, entry) in entries.iter().enumerate() {
        let pointer = Pointer::root().key("manifests").index(at);
        let digest = digests[at];
        let annotations = entry.get("annotations").map(|a| &a.value);
        let annotation = |key: &str| annotations.and_then(|a| text(a, key));
        if let (Some(image), Some(soci)) = (digest, annotation(role::SOCI_INDEX_DIGEST)) {
            // The SOCI index's entry states the link back (`image-manifest-digest`), and is
            // listed from there; only an entry naming a SOCI index that does not is listed
            // here, dangling when the index does not hold it.
            let stated_back = entries.iter().zip(&digests).any(|(other, d)| {
                *d == Some(soci)
                    && other
                        .get("annotations")
                        .and_then(|a| text(&a.value, role::SOCI_IMAGE_MANIFEST_DIGEST))
                        == Some(image)
            });
            if !stated_back {
                let held = digests.contains(&Some(soci));
                out.push(Attachment {
                    subject: Some(image.to_owned()),
                    digest: Some(soci.to_owned()),
                    role: Role::SociIndex,
                    convention: Some(Convention::SociV2),
                    link: LinkKind::SociAnnotation,
                    pointer: pointer
                        .key("annotations")
                        .key(role::SOCI_INDEX_DIGEST)
                        .as_str()
                        .to_owned(),
                    artifact_type: None,
                    predicate_types: Vec::new(),
                    sbom_formats: Vec::new(),
                    status: if held {
                        LinkStatus::Linked
                    } else {
                        LinkStatus::Dangling
                    },
                });
            }
        }
        // What the entry names, as far as the bundle knows it.
        let child = known
            .child(&pointer)
            .or_else(|| digest.and_then(|d| known.find(d)));
        let entry_predicate = annotation(role::SIGSTORE_BUNDLE_PREDICATE_TYPE);
        let mut item = |subject: Option<&str>,
                        status: LinkStatus,
                        link: LinkKind,
                        pointer: Pointer,
                        (role, convention): (Role, Option<Convention>)| {
            let entry_type = text(entry, "artifactType").map(str::to_owned);
            out.push(Attachment {
                subject: subject.map(str::to_owned),
                digest: digest.map(str::to_owned),
                role: child.map_or(role, |c| if c.role.is_attachment() { c.role } else { role }),
                convention: child.and_then(|c| c.convention).or(convention),
                link,
                pointer: pointer.as_str().to_owned(),
                artifact_type: entry_type.or_else(|| child.and_then(|c| c.artifact_type.clone())),
                // The referrers list copies a referrer's annotations onto its entry: cosign
                // v3 names the bundle's predicate type there.
                predicate_types: child.map(|c| c.predicate_types.clone()).unwrap_or_else(|| {
                    entry_predicate
                        .map(|p| vec![p.to_owned()])
                        .unwrap_or_default()
                }),
                sbom_formats: child.map(|c| c.sbom_formats.clone()).unwrap_or_default(),
                status,
            });
        };
        // Another entry of this index with this digest.
        let in_index = |target: &str| {
            digests
                .iter()
                .enumerate()
                .any(|(other, d)| other != at && *d == Some(target))
        };
        if annotation(role::REFERENCE_TYPE) == Some(role::ATTESTATION_MANIFEST) {
            let target = annotation(role::REFERENCE_DIGEST);
            let status = match target {
                Some(target) if in_index(target) => LinkStatus::Linked,
                _ => LinkStatus::Dangling,
            };
            let at_pointer = match target {
                Some(_) => pointer.key("annotations").key(role::REFERENCE_DIGEST),
                None => pointer.key("annotations").key(role::REFERENCE_TYPE),
            };
            item(
                target,
                status,
                LinkKind::ReferenceAnnotation,
                at_pointer,
                (Role::Attestation, Some(Convention::Buildkit)),
            );
        } else if let Some(target) = annotation(role::SOCI_IMAGE_MANIFEST_DIGEST) {
            let status = if in_index(target) {
                LinkStatus::Linked
            } else {
                LinkStatus::Dangling
            };
            item(
                Some(target),
                status,
                LinkKind::SociAnnotation,
                pointer
                    .key("annotations")
                    .key(role::SOCI_IMAGE_MANIFEST_DIGEST),
                (Role::SociIndex, Some(Convention::SociV2)),
            );
        } else if recognised.role == Role::ReferrersIndex {
            let artifact_type = text(entry, "artifactType").unwrap_or("");
            let status = match &referrers_subject {
                Some(subject) if known.find(subject).is_some() => LinkStatus::Linked,
                Some(_) => LinkStatus::Elsewhere,
                None => LinkStatus::Elsewhere,
            };
            item(
                referrers_subject.as_deref(),
                status,
                LinkKind::ReferrersIndex,
                pointer,
                match role_of_artifact_type(artifact_type) {
                    (Role::Signature, Some(Convention::SigstoreBundle))
                        if entry_predicate.is_some_and(|p| p != role::COSIGN_SIGN_PREDICATE) =>
                    {
                        (Role::Attestation, Some(Convention::SigstoreBundle))
                    }
                    found => found,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Analysed;

    fn attachments(text: &str, name: Option<&str>, known: &Known<'_>) -> Vec<Attachment> {
        let arena = crate::json::Arena::new();
        let analysed = Analysed::new(text.as_bytes(), None, &arena);
        let root = analysed.root().expect("JSON");
        let recognised = role::recognise(analysed.detected, root);
        of_document(
            analysed.detected,
            root,
            &recognised,
            &crate::digest::sha256(text.as_bytes()),
            name,
            known,
        )
    }

    const IMAGE: &str = "sha256:23678f31b3b3586c4fb318aecfe64a96a1f0916ba8faf9b2be2abee63fa9e827";

    fn buildkit_index(reference: &str) -> String {
        format!(
            r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{IMAGE}", "size": 1234, "platform": {{"architecture": "amd64", "os": "linux"}}}}, {{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:02cb9aa7600e73fcf41ee9f0f19cc03122b2d8be43d41ce4b21335118f5dd943", "size": 1234, "annotations": {{"vnd.docker.reference.digest": "{reference}", "vnd.docker.reference.type": "attestation-manifest"}}, "platform": {{"architecture": "unknown", "os": "unknown"}}}}]}}"#
        )
    }

    #[test]
    fn a_buildkit_attestation_hangs_off_its_image_or_dangles() {
        let found = attachments(&buildkit_index(IMAGE), None, &Known::default());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].subject.as_deref(), Some(IMAGE));
        assert_eq!(found[0].role, Role::Attestation);
        assert_eq!(found[0].status, LinkStatus::Linked);
        assert_eq!(
            found[0].pointer,
            "/manifests/1/annotations/vnd.docker.reference.digest"
        );

        let gone = format!("sha256:{}", "9".repeat(64));
        let found = attachments(&buildkit_index(&gone), None, &Known::default());
        assert_eq!(found[0].status, LinkStatus::Dangling);
    }

    #[test]
    fn the_bundle_completes_what_an_entry_names() {
        let child = r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:a781560066f20ec9c28f2115a95a886e5e71c7c7aa9d8fd680678498b82f3ea3", "size": 123}, "layers": [{"mediaType": "application/vnd.in-toto+json", "digest": "sha256:133ae3f9bcc385295b66c2d83b28c25a9f294ce20954d5cf922dda860429734a", "size": 1234, "annotations": {"in-toto.io/predicate-type": "https://spdx.dev/Document"}}]}"#;
        let arena = crate::json::Arena::new();
        let analysed = Analysed::new(child.as_bytes(), None, &arena);
        let recognised = role::recognise(analysed.detected, analysed.root().unwrap());
        let documents = [(
            "sha256:02cb9aa7600e73fcf41ee9f0f19cc03122b2d8be43d41ce4b21335118f5dd943".to_owned(),
            recognised,
        )];
        let found = attachments(
            &buildkit_index(IMAGE),
            None,
            &Known {
                documents: &documents,
                children: &[],
            },
        );
        assert_eq!(found[0].predicate_types, ["https://spdx.dev/Document"]);
        assert_eq!(found[0].sbom_formats, [SbomFormat::Spdx]);
    }

    /// Entries as the referrers API lists cosign v3's bundles (their annotations as ECR's
    /// `ListImageReferrers` documentation shows them), under the fallback tag's name.
    #[test]
    fn a_referrers_list_tells_a_bundle_signature_from_a_bundle_attestation() {
        let entry = |digest: char, predicate: &str| {
            format!(
                r#"{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:{}", "size": 888, "artifactType": "application/vnd.dev.sigstore.bundle.v0.3+json", "annotations": {{"dev.sigstore.bundle.content": "dsse-envelope", "dev.sigstore.bundle.predicateType": "{predicate}"}}}}"#,
                digest.to_string().repeat(64)
            )
        };
        let index = format!(
            r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{}, {}]}}"#,
            entry('1', "https://sigstore.dev/cosign/sign/v1"),
            entry('2', "https://slsa.dev/provenance/v1")
        );
        let hex = "943e640159415616581703a53fa4ed87e96740655fd67daf2d2146a35337bce5";
        let found = attachments(&index, Some(&format!("sha256-{hex}")), &Known::default());
        let seen: Vec<_> = found
            .iter()
            .map(|a| {
                (
                    a.role,
                    a.convention,
                    a.predicate_types.clone(),
                    a.subject.clone(),
                )
            })
            .collect();
        let subject = Some(format!("sha256:{hex}"));
        assert_eq!(
            seen,
            [
                (
                    Role::Signature,
                    Some(Convention::SigstoreBundle),
                    vec!["https://sigstore.dev/cosign/sign/v1".to_owned()],
                    subject.clone()
                ),
                (
                    Role::Attestation,
                    Some(Convention::SigstoreBundle),
                    vec!["https://slsa.dev/provenance/v1".to_owned()],
                    subject
                ),
            ]
        );
    }

    /// The shape `soci convert` writes (soci-snapshotter's `soci/soci_convert.go`): the image
    /// entry names its SOCI index, the SOCI index's entry names the image back.
    #[test]
    fn a_soci_v2_index_hangs_off_its_image_by_the_annotations() {
        let soci = format!("sha256:{}", "5".repeat(64));
        let index = |back: bool| {
            let back = if back {
                format!(
                    r#", "annotations": {{"com.amazon.soci.image-manifest-digest": "{IMAGE}"}}"#
                )
            } else {
                String::new()
            };
            format!(
                r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{IMAGE}", "size": 1234, "annotations": {{"com.amazon.soci.index-digest": "{soci}"}}, "platform": {{"architecture": "amd64", "os": "linux"}}}}, {{"mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.amazon.soci.index.v2+json", "digest": "{soci}", "size": 1782{back}}}]}}"#
            )
        };
        // Stated both ways: listed once, from the SOCI index's entry.
        let found = attachments(&index(true), None, &Known::default());
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].link, found[0].status, found[0].role),
            (
                LinkKind::SociAnnotation,
                LinkStatus::Linked,
                Role::SociIndex
            )
        );
        assert!(found[0].pointer.ends_with("image-manifest-digest"));
        // Stated by the image only: listed from its entry.
        let found = attachments(&index(false), None, &Known::default());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].subject.as_deref(), Some(IMAGE));
        assert_eq!(found[0].digest.as_deref(), Some(soci.as_str()));
        assert_eq!(
            found[0].pointer,
            "/manifests/0/annotations/com.amazon.soci.index-digest"
        );
        // The image manifest itself names it too.
        let image = format!(
            r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {{"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:a781560066f20ec9c28f2115a95a886e5e71c7c7aa9d8fd680678498b82f3ea3", "size": 123}}, "layers": [], "annotations": {{"com.amazon.soci.index-digest": "{soci}"}}}}"#
        );
        let found = attachments(&image, None, &Known::default());
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].role, found[0].status),
            (Role::SociIndex, LinkStatus::Elsewhere)
        );
        assert_eq!(
            found[0].subject.as_deref(),
            Some(crate::digest::sha256(image.as_bytes()).as_str())
        );
    }

    #[test]
    fn a_cosign_tag_names_its_image() {
        let signature = r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 233, "digest": "sha256:a3b01184f5d756fc9601d3386b49fe1c3cd3eedea08b8a6e11137b2a7988ed5f"}, "layers": [{"mediaType": "application/vnd.dev.cosign.simplesigning.v1+json", "size": 252, "digest": "sha256:88b8a2ac5b829f47bd25a5a4d9c2ccb0fccff7f53a17477b6d9b5680436aa80f"}]}"#;
        let hex = "7396780b5862cf8b37527854a2a2331e5c746b6a71aa1f424258c3bfaf3a1bd7";
        let found = attachments(
            signature,
            Some(&format!("sha256-{hex}.sig")),
            &Known::default(),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].link, LinkKind::Tag);
        assert_eq!(found[0].subject, Some(format!("sha256:{hex}")));
        assert_eq!(found[0].status, LinkStatus::Elsewhere);
        // Under any other name it is a signature hanging off nothing known.
        assert!(attachments(signature, Some("sig.json"), &Known::default()).is_empty());
    }
}
