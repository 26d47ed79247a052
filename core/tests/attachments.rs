//! The real documents of each attachment convention (`tests/fixtures/attachments/`, with
//! their provenance) are recognised for what they are, and the links between them make the
//! inventory.

use std::fs;
use std::path::PathBuf;

mod attachment_fixtures;

use ocilint_core::attachments::{LinkKind, LinkStatus};
use ocilint_core::bundle::{attached_to, check_bundle, BundleInput};
use ocilint_core::role::{Convention, Role, SbomFormat};
use ocilint_core::targets::{Selection, Verdict};
use ocilint_core::{check, digest, CheckOptions};

use attachment_fixtures::{fixture, COSIGN_ATT, COSIGN_SBOM, COSIGN_SIG};

#[test]
fn each_convention_is_recognised() {
    let expected = [
        ("buildkit-index.json", Role::Index, None),
        (
            "buildkit-attestation-manifest.json",
            Role::Attestation,
            Some(Convention::Buildkit),
        ),
        (
            COSIGN_SIG,
            Role::Signature,
            Some(Convention::CosignSimpleSigning),
        ),
        (
            "notation-signature.json",
            Role::Signature,
            Some(Convention::Notation),
        ),
        (COSIGN_ATT, Role::Attestation, Some(Convention::CosignDsse)),
        (
            "sbom-referrer-spdx-cyclonedx.json",
            Role::Sbom,
            Some(Convention::OciArtifact),
        ),
        (
            "soci-index-v1.json",
            Role::SociIndex,
            Some(Convention::SociV1),
        ),
        ("helm-chart.json", Role::HelmChart, Some(Convention::Helm)),
        (
            "buildkit-v0.32-attestation-referrer.json",
            Role::Attestation,
            Some(Convention::BuildkitReferrer),
        ),
        (COSIGN_SBOM, Role::Sbom, Some(Convention::CosignSbom)),
        (
            "soci-index-v2.json",
            Role::SociIndex,
            Some(Convention::SociV2),
        ),
    ];
    let mut listed: Vec<String> = fs::read_dir(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/attachments"),
    )
    .expect("fixtures")
    .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
    .filter(|name| name.ends_with(".json"))
    .collect();
    listed.sort();
    assert_eq!(
        listed.len(),
        expected.len(),
        "every fixture has its expectation"
    );
    for (name, role, convention) in expected {
        let report = check(&fixture(name), &CheckOptions::default());
        println!(
            "{name}: {} {}",
            report.role.as_str(),
            report.convention.map_or("-", |c| c.as_str())
        );
        assert_eq!(
            (report.role, report.convention),
            (role, convention),
            "{name}"
        );
    }
}

#[test]
fn a_cosign_signature_is_not_called_a_malformed_artifact() {
    let report = check(&fixture(COSIGN_SIG), &CheckOptions::default());
    assert!(
        !report.diagnostics.iter().any(|d| d.code == "ART002"),
        "{:?}",
        report.diagnostics
    );
}

/// The verdict of `target` (`name` or `name@version`) for a fixture, as `(verdict, message)`.
fn verdict_of(name: &str, target: &str) -> (Verdict, String) {
    let options = CheckOptions {
        targets: vec![Selection::parse(target).expect("a known target")],
        ..Default::default()
    };
    let report = check(&fixture(name), &options);
    // The target's first operation: a registry's push, a client's pull.
    let Some(verdict) = report.targets.first() else {
        panic!("{name} {target}: no verdict");
    };
    println!(
        "{name} {target}: {} {} ({})",
        verdict.verdict.as_str(),
        verdict.message.as_deref().unwrap_or("-"),
        verdict.source
    );
    (verdict.verdict, verdict.message.clone().unwrap_or_default())
}

#[test]
fn a_referrer_is_judged_by_whether_each_registry_lists_it() {
    // Each real referrer (a `subject`): where the registry has the referrers API it is
    // listed; where not, it is stored and found only through the `sha256-<digest>` tag.
    for name in [
        "notation-signature.json",
        "soci-index-v1.json",
        "buildkit-v0.32-attestation-referrer.json",
        "oras/sbom-referrer.json",
    ] {
        for (target, expected, words) in [
            ("distribution@v3", Verdict::Warn, "no referrers API"),
            ("distribution@v2.8", Verdict::Warn, "no referrers API"),
            ("ghcr", Verdict::Warn, "no native referrers API"),
            ("docker-hub", Verdict::Warn, "reported both ways"),
            ("quay", Verdict::Accept, "listed by the referrers API"),
            // Modelled from Quay's code before PROJQUAY-7280: none of these config types is in
            // the allow-list the default configuration registers, so the schema refuses them
            // before the referrers API matters.
            (
                "quay@2024-05",
                Verdict::Reject,
                "is not one of ['application/vnd.oci.image.config.v1+json', 'application/vnd.cncf.helm.config.v1+json'",
            ),
            ("harbor", Verdict::Accept, "referrers API since v2.8.1"),
            ("acr", Verdict::Accept, "listed by the referrers API"),
            ("zot", Verdict::Accept, "listed by the referrers API"),
            ("ecr", Verdict::Warn, "serves no referrers API"),
            ("gar", Verdict::Warn, "problems listing referrers"),
            (
                "gitlab",
                Verdict::Warn,
                "blob unknown to registry - sha256:",
            ),
        ] {
            let (verdict, message) = verdict_of(name, target);
            assert_eq!(verdict, expected, "{name} {target}: {message}");
            assert!(message.contains(words), "{name} {target}: {message}");
        }
    }
}

#[test]
fn attestation_entries_are_judged_by_who_shows_them_as_a_platform() {
    // BuildKit's index with its `unknown/unknown` attestation entry.
    for (target, expected, words) in [
        ("ghcr", Verdict::Warn, "`unknown/unknown`"),
        (
            "docker-hub",
            Verdict::Accept,
            "out of its list of platforms",
        ),
        ("dockerd", Verdict::Warn, "docker manifest inspect"),
        ("containerd", Verdict::Accept, "skipped"),
        ("podman", Verdict::Accept, "ChooseInstance"),
    ] {
        let (verdict, message) = verdict_of("buildkit-index.json", target);
        assert_eq!(verdict, expected, "{target}: {message}");
        assert!(message.contains(words), "{target}: {message}");
    }
    // An index without such entries is not judged so.
    let (verdict, message) = verdict_of("oras/sbom-referrer.json", "ghcr");
    assert!(
        !message.contains("unknown/unknown"),
        "{verdict:?} {message}"
    );
}

#[test]
fn referrers_name_their_subject() {
    for (name, role) in [
        ("notation-signature.json", Role::Signature),
        ("soci-index-v1.json", Role::SociIndex),
    ] {
        let report = check(&fixture(name), &CheckOptions::default());
        assert_eq!(report.attachments.len(), 1, "{name}");
        let a = &report.attachments[0];
        assert_eq!(
            (a.role, a.link, a.status),
            (role, LinkKind::Subject, LinkStatus::Elsewhere)
        );
        assert_eq!(a.digest.as_deref(), Some(report.digest.as_str()));
    }
}

#[test]
fn a_bundle_links_the_attestation_to_its_image_and_the_signature_to_its_tag() {
    // The BuildKit attestation manifest, under an index that names it by its real digest,
    // beside an image and the cosign signature given under its tag for that image.
    let attestation = fixture("buildkit-attestation-manifest.json");
    let image = br#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef", "size": 32}]}"#;
    let image_digest = digest::sha256(image);
    let index = format!(
        r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{image_digest}", "size": {}, "platform": {{"architecture": "amd64", "os": "linux"}}}}, {{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{}", "size": {}, "annotations": {{"vnd.docker.reference.digest": "{image_digest}", "vnd.docker.reference.type": "attestation-manifest"}}, "platform": {{"architecture": "unknown", "os": "unknown"}}}}]}}"#,
        image.len(),
        digest::sha256(&attestation),
        attestation.len()
    );
    let signature = fixture(COSIGN_SIG);
    let tag = format!("sha256-{}.sig", image_digest.trim_start_matches("sha256:"));
    let inputs = [
        BundleInput {
            name: "index.json",
            bytes: index.as_bytes(),
        },
        BundleInput {
            name: "image.json",
            bytes: image,
        },
        BundleInput {
            name: "attestation.json",
            bytes: &attestation,
        },
        BundleInput {
            name: &tag,
            bytes: &signature,
        },
    ];
    let reports = check_bundle(&inputs, &CheckOptions::default());
    let from_index = &reports[0].attachments;
    assert_eq!(from_index.len(), 1);
    assert_eq!(
        from_index[0].subject.as_deref(),
        Some(image_digest.as_str())
    );
    assert_eq!(from_index[0].status, LinkStatus::Linked);
    assert_eq!(from_index[0].predicate_types, ["https://spdx.dev/Document"]);
    assert_eq!(from_index[0].sbom_formats, [SbomFormat::Spdx]);

    let from_tag = &reports[3].attachments;
    assert_eq!(from_tag.len(), 1);
    assert_eq!(
        (from_tag[0].role, from_tag[0].link, from_tag[0].status),
        (Role::Signature, LinkKind::Tag, LinkStatus::Linked)
    );
}

#[test]
fn a_cosign_attestation_under_its_tag_names_its_image_and_predicates() {
    let attestation = fixture(COSIGN_ATT);
    let report = check(&attestation, &CheckOptions::default());
    // cosign's bare `predicateType` key is its convention, not an un-namespaced slip.
    assert!(
        !report.diagnostics.iter().any(|d| d.code == "ANN003"),
        "{:?}",
        report.diagnostics
    );
    let tag = COSIGN_ATT.trim_end_matches(".json");
    let reports = check_bundle(
        &[BundleInput {
            name: tag,
            bytes: &attestation,
        }],
        &CheckOptions::default(),
    );
    let [a] = reports[0].attachments.as_slice() else {
        panic!("{:?}", reports[0].attachments);
    };
    println!("{tag}: {}", a.details().join("; "));
    assert_eq!(
        (a.role, a.convention, a.link, a.status),
        (
            Role::Attestation,
            Some(Convention::CosignDsse),
            LinkKind::Tag,
            LinkStatus::Elsewhere
        )
    );
    assert_eq!(
        a.subject.as_deref(),
        Some("sha256:051f6af997df557db3b23f5df318d5127b64122bbbb0b54af89ff00777d33898")
    );
    assert_eq!(
        a.predicate_types,
        [
            "https://spdx.dev/Document",
            "https://cosign.sigstore.dev/attestation/vuln/v1",
            "https://github.com/kalebpederson/schemas/code-coverage",
        ]
    );
    assert_eq!(a.sbom_formats, [SbomFormat::Spdx]);
}

/// One image as GHCR served it: BuildKit's index and what it lists, a Notation signature of the
/// index, and the referrers fallback index under the index's tag.
#[test]
fn an_image_from_ghcr_shows_what_hangs_off_it_in_every_convention() {
    let dir = "ghcr-testpkg";
    let index_in_registry =
        "sha256:138fc25e9aaf93251609d23a8a50e91d50462f5dccb53cffde8db7a46385cfec";
    let names = [
        "index.json",
        "image.json",
        "attestation.json",
        "notation-signature.json",
        "sha256-138fc25e9aaf93251609d23a8a50e91d50462f5dccb53cffde8db7a46385cfec.json",
    ];
    let bytes: Vec<Vec<u8>> = names
        .iter()
        .map(|name| fixture(&format!("{dir}/{name}")))
        .collect();
    let inputs: Vec<BundleInput> = names
        .iter()
        .zip(&bytes)
        .map(|(name, bytes)| BundleInput {
            name: name.trim_end_matches(".json"),
            bytes,
        })
        .collect();
    let reports = check_bundle(&inputs, &CheckOptions::default());
    let recognised: Vec<(Role, Option<Convention>)> =
        reports.iter().map(|r| (r.role, r.convention)).collect();
    assert_eq!(
        recognised,
        [
            (Role::Index, None),
            (Role::Image, None),
            (Role::Attestation, Some(Convention::Buildkit)),
            (Role::Signature, Some(Convention::Notation)),
            (Role::ReferrersIndex, None),
        ]
    );
    for (name, report) in names.iter().zip(&reports) {
        for a in &report.attachments {
            println!(
                "{name}: {} -> {:?}: {}",
                a.role.as_str(),
                a.subject,
                a.details().join("; ")
            );
        }
    }
    // The attestation entry names the image the index lists beside it.
    let [entry] = reports[0].attachments.as_slice() else {
        panic!("{:?}", reports[0].attachments);
    };
    assert_eq!(
        (entry.role, entry.link, entry.subject.as_deref()),
        (
            Role::Attestation,
            LinkKind::ReferenceAnnotation,
            Some("sha256:0e026e48c72f503a89f1299d8d6a768f1e516740017b8dd29d290c234ec889b4")
        )
    );
    // Its predicate types are read from the attestation manifest the entry names; the file
    // here is oras's re-indented print of it, another digest, so none are known.
    assert!(entry.predicate_types.is_empty());
    // The signature hangs off the index as the registry holds it, by `subject` and through
    // the fallback tag, both naming the same digest.
    let [by_subject] = reports[3].attachments.as_slice() else {
        panic!("{:?}", reports[3].attachments);
    };
    let [by_tag] = reports[4].attachments.as_slice() else {
        panic!("{:?}", reports[4].attachments);
    };
    assert_eq!(
        (
            by_subject.role,
            by_subject.link,
            by_subject.subject.as_deref()
        ),
        (Role::Signature, LinkKind::Subject, Some(index_in_registry))
    );
    assert_eq!(
        (by_tag.role, by_tag.link, by_tag.subject.as_deref()),
        (
            Role::Signature,
            LinkKind::ReferrersIndex,
            Some(index_in_registry)
        )
    );
    assert_eq!(
        by_tag.digest.as_deref(),
        Some("sha256:879fb0d9305cb86cd90433d0a6547a2c721786a597d4c01d006cf0dc423af4a3")
    );
    // GHCR shows the attestation entry as a platform, and has no referrers API.
    let ghcr = CheckOptions {
        targets: vec![Selection::parse("ghcr").expect("ghcr")],
        ..Default::default()
    };
    let reports = check_bundle(&inputs, &ghcr);
    assert_eq!(reports[0].targets[0].verdict, Verdict::Warn);
    assert!(reports[0].targets[0]
        .message
        .as_deref()
        .is_some_and(|m| m.contains("unknown/unknown")));
    assert!(reports[3].targets[0]
        .message
        .as_deref()
        .is_some_and(|m| m.contains("no native referrers API")));
}

#[test]
fn an_sbom_referrer_names_each_format_it_carries() {
    let report = check(
        &fixture("sbom-referrer-spdx-cyclonedx.json"),
        &CheckOptions::default(),
    );
    let [a] = report.attachments.as_slice() else {
        panic!("{:?}", report.attachments);
    };
    assert_eq!(
        (a.role, a.link, a.subject.as_deref()),
        (
            Role::Sbom,
            LinkKind::Subject,
            Some("sha256:b4494e4f7efd07380908d4a74c6d85aa4151bf497bdf32d40d3229fe7ebdee24")
        )
    );
    // syft's own JSON, SPDX (`text/spdx+json`, twice) and CycloneDX, each named once.
    assert_eq!(
        a.sbom_formats,
        [SbomFormat::Syft, SbomFormat::Spdx, SbomFormat::Cyclonedx]
    );
}

/// The real attestation manifest and signature, in bundles that go wrong.
#[test]
fn the_bundle_rules_see_what_goes_wrong() {
    let attestation = fixture("buildkit-attestation-manifest.json");
    let image = br#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef", "size": 32}]}"#;
    // An index rebuilt without the entries' annotations: the attestation reads as an image.
    let index = format!(
        r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{}", "size": {}, "platform": {{"architecture": "amd64", "os": "linux"}}}}, {{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{}", "size": {}, "platform": {{"architecture": "unknown", "os": "unknown"}}}}]}}"#,
        digest::sha256(image),
        image.len(),
        digest::sha256(&attestation),
        attestation.len()
    );
    let inputs = [
        BundleInput {
            name: "index.json",
            bytes: index.as_bytes(),
        },
        BundleInput {
            name: "image.json",
            bytes: image,
        },
        BundleInput {
            name: "attestation.json",
            bytes: &attestation,
        },
        BundleInput {
            name: "notation-signature.json",
            bytes: &fixture("notation-signature.json"),
        },
        BundleInput {
            name: "soci-index-v1.json",
            bytes: &fixture("soci-index-v1.json"),
        },
    ];
    let reports = check_bundle(&inputs, &CheckOptions::default());
    let bnd004: Vec<_> = reports[0]
        .diagnostics
        .iter()
        .filter(|d| d.code == "BND004")
        .collect();
    assert_eq!(bnd004.len(), 1, "{:#?}", reports[0].diagnostics);
    assert_eq!(bnd004[0].pointer, "/manifests/1/digest");
    assert!(bnd004[0].message.contains("attestation.json"));
    assert!(bnd004[0].message.contains("https://spdx.dev/Document"));
    // The signature's and the SOCI index's subjects are none of the documents given with
    // them.
    for report in &reports[3..] {
        let bnd005: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == "BND005")
            .collect();
        assert_eq!(bnd005.len(), 1, "{:#?}", report.diagnostics);
        assert_eq!(bnd005[0].pointer, "/subject/digest");
    }
    // Alone, neither rule has anything to say.
    let alone = check_bundle(&inputs[3..4], &CheckOptions::default());
    assert!(!alone[0].diagnostics.iter().any(|d| d.code == "BND005"));
}

/// What ORAS pushed in its own end-to-end tests (a registry's storage, each blob byte for
/// byte): a chain of referrers, their fallback tag indexes, and the tags' names linking them.
#[test]
fn the_oras_registry_content_makes_a_chain() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/attachments/oras");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("oras fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let bytes: Vec<Vec<u8>> = names
        .iter()
        .map(|n| fs::read(dir.join(n)).expect("read"))
        .collect();
    let inputs: Vec<BundleInput<'_>> = names
        .iter()
        .zip(&bytes)
        .map(|(name, bytes)| BundleInput { name, bytes })
        .collect();
    let reports = check_bundle(&inputs, &CheckOptions::default());
    let by_name = |name: &str| &reports[names.iter().position(|n| n == name).expect(name)];
    let digest_of = |name: &str| by_name(name).digest.clone();

    // No rule takes ORAS's files or a referrer for a mistyped image.
    for report in &reports {
        assert!(!report.diagnostics.iter().any(|d| d.code == "MAN006"));
    }
    assert_eq!(
        (
            by_name("foobar.json").role,
            by_name("foobar.json").convention
        ),
        (Role::Artifact, Some(Convention::Oras))
    );
    for (referrer, subject) in [
        ("sbom-referrer.json", "foobar.json"),
        ("signature-referrer.json", "sbom-referrer.json"),
        (
            "prerelease-signature-referrer.json",
            "prerelease-sbom-referrer.json",
        ),
    ] {
        let a = &by_name(referrer).attachments;
        assert_eq!(a.len(), 1, "{referrer}");
        assert_eq!(a[0].subject, Some(digest_of(subject)), "{referrer}");
        assert_eq!(
            (a[0].link, a[0].status),
            (LinkKind::Subject, LinkStatus::Linked)
        );
    }
    // Each fallback index lists the referrer of the document its tag names.
    for (tag, subject, referrer) in [
        (
            "sha256-fd6ed2f36b5465244d5dc86cb4e7df0ab8a9d24adc57825099f522fe009a22bb.json",
            "foobar.json",
            "sbom-referrer.json",
        ),
        (
            "sha256-e2c6633a79985906f1ed55c592718c73c41e809fb9818de232a635904a74d48d.json",
            "sbom-referrer.json",
            "signature-referrer.json",
        ),
    ] {
        let report = by_name(tag);
        assert_eq!(report.role, Role::ReferrersIndex);
        let a = &report.attachments;
        assert_eq!(a.len(), 1, "{tag}");
        assert_eq!(a[0].subject, Some(digest_of(subject)));
        assert_eq!(a[0].digest, Some(digest_of(referrer)));
        assert_eq!(
            (a[0].link, a[0].status),
            (LinkKind::ReferrersIndex, LinkStatus::Linked)
        );
    }
    // Gathered under the subject: what hangs off foobar, by `subject` and by its fallback
    // tag: the SBOM referrer (twice) and its image-spec 1.1 release-candidate twin; nothing
    // is gathered under the signature.
    let under_foobar: Vec<(&str, LinkKind, Option<&str>)> =
        attached_to(&reports, &digest_of("foobar.json"))
            .into_iter()
            .map(|(by, a)| (names[by].as_str(), a.link, a.digest.as_deref()))
            .collect();
    let sbom = digest_of("sbom-referrer.json");
    let prerelease = digest_of("prerelease-sbom-referrer.json");
    assert_eq!(
        under_foobar,
        [
            (
                "prerelease-sbom-referrer.json",
                LinkKind::Subject,
                Some(prerelease.as_str())
            ),
            ("sbom-referrer.json", LinkKind::Subject, Some(sbom.as_str())),
            (
                "sha256-fd6ed2f36b5465244d5dc86cb4e7df0ab8a9d24adc57825099f522fe009a22bb.json",
                LinkKind::ReferrersIndex,
                Some(sbom.as_str())
            ),
        ]
    );
    assert!(attached_to(&reports, &digest_of("signature-referrer.json")).is_empty());
}

/// cosign's `.sbom` tag as ko pushed it to Docker Hub: the tag names the image, the layer the
/// format.
#[test]
fn a_cosign_sbom_under_its_tag_names_its_image_and_format() {
    let sbom = fixture(COSIGN_SBOM);
    let tag = COSIGN_SBOM.trim_end_matches(".json");
    let reports = check_bundle(
        &[BundleInput {
            name: tag,
            bytes: &sbom,
        }],
        &CheckOptions::default(),
    );
    // An image config over an SPDX layer is an SBOM, not an image with a strange layer.
    assert!(
        reports[0].diagnostics.is_empty(),
        "{:#?}",
        reports[0].diagnostics
    );
    let [a] = reports[0].attachments.as_slice() else {
        panic!("{:?}", reports[0].attachments);
    };
    println!("{tag}: {}", a.details().join("; "));
    assert_eq!(
        (a.role, a.convention, a.link, a.status),
        (
            Role::Sbom,
            Some(Convention::CosignSbom),
            LinkKind::Tag,
            LinkStatus::Elsewhere
        )
    );
    assert_eq!(
        a.subject.as_deref(),
        Some("sha256:991b864323bdbdeca7ff349a37409f088cf7de718a17c6a677d20c978b648a39")
    );
    assert_eq!(a.sbom_formats, [SbomFormat::Spdx]);
}

/// A SOCI index manifest v2 as `soci index info` printed it: no `subject`, so alone it hangs
/// off nothing; the SOCI-enabled image's index names it.
#[test]
fn a_soci_v2_index_is_recognised_and_hangs_off_the_image_its_index_names() {
    let soci = fixture("soci-index-v2.json");
    let report = check(&soci, &CheckOptions::default());
    assert_eq!(
        (report.role, report.convention),
        (Role::SociIndex, Some(Convention::SociV2))
    );
    assert!(report.attachments.is_empty(), "{:?}", report.attachments);
    // The image index `soci convert` writes around it (the shape of soci-snapshotter's
    // `soci/soci_convert.go`, written here: no unedited public copy of one was found),
    // naming this SOCI index by its digest and the image manifest digest `nerdctl pull`
    // printed for the same image.
    let image = "sha256:dbae5afea1445cfffc96ce490041b1141b0a45402f59df752ed38d827ed77350";
    let index = format!(
        r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{image}", "size": 1490, "annotations": {{"com.amazon.soci.index-digest": "{soci_digest}"}}, "platform": {{"architecture": "arm64", "os": "linux", "variant": "v8"}}}}, {{"mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.amazon.soci.index.v2+json", "digest": "{soci_digest}", "size": {size}, "annotations": {{"com.amazon.soci.image-manifest-digest": "{image}"}}}}]}}"#,
        soci_digest = digest::sha256(&soci),
        size = soci.len()
    );
    let inputs = [
        BundleInput {
            name: "index.json",
            bytes: index.as_bytes(),
        },
        BundleInput {
            name: "soci-index-v2.json",
            bytes: &soci,
        },
    ];
    let reports = check_bundle(&inputs, &CheckOptions::default());
    let under_image = attached_to(&reports, image);
    let [(0, a)] = under_image.as_slice() else {
        panic!("{under_image:?}");
    };
    assert_eq!(
        (a.role, a.convention, a.link, a.status),
        (
            Role::SociIndex,
            Some(Convention::SociV2),
            LinkKind::SociAnnotation,
            LinkStatus::Linked
        )
    );
    assert_eq!(a.digest.as_deref(), Some(reports[1].digest.as_str()));
}

/// Sigstore bundles as OCI referrers, as GHCR served them: GitHub's attest-build-provenance
/// (cosign's bundle spec) and `cosign attest --new-bundle-format` (cosign v3's default), with
/// the fallback index cosign wrote for the second one's image.
#[test]
fn sigstore_bundle_referrers_are_attestations_with_their_predicates() {
    let dir = "sigstore-bundle";
    let image = "sha256:7fe4940f551b5c1c58e815b882024e2eed6b60d2380a3134aa3bcf603f2dc350";
    let names = [
        "attest-build-provenance.json",
        "cosign-attest.json",
        "sha256-7fe4940f551b5c1c58e815b882024e2eed6b60d2380a3134aa3bcf603f2dc350.json",
    ];
    let bytes: Vec<Vec<u8>> = names
        .iter()
        .map(|name| fixture(&format!("{dir}/{name}")))
        .collect();
    let inputs: Vec<BundleInput> = names
        .iter()
        .zip(&bytes)
        .map(|(name, bytes)| BundleInput {
            name: name.trim_end_matches(".json"),
            bytes,
        })
        .collect();
    let reports = check_bundle(&inputs, &CheckOptions::default());
    for (name, report) in names.iter().zip(&reports) {
        for a in &report.attachments {
            println!(
                "{name}: {} -> {:?}: {}",
                a.role.as_str(),
                a.subject,
                a.details().join("; ")
            );
        }
        assert!(
            !report
                .diagnostics
                .iter()
                .any(|d| d.severity == ocilint_core::Severity::Error),
            "{name}: {:#?}",
            report.diagnostics
        );
    }
    let recognised: Vec<(Role, Option<Convention>)> =
        reports.iter().map(|r| (r.role, r.convention)).collect();
    assert_eq!(
        recognised,
        [
            (Role::Attestation, Some(Convention::SigstoreBundle)),
            (Role::Attestation, Some(Convention::SigstoreBundle)),
            (Role::ReferrersIndex, None),
        ]
    );
    let predicates: Vec<&[String]> = reports[..2]
        .iter()
        .map(|r| r.attachments[0].predicate_types.as_slice())
        .collect();
    assert_eq!(
        predicates,
        [
            ["https://slsa.dev/provenance/v1".to_owned()],
            ["https://slsa.dev/provenance/v0.2".to_owned()]
        ]
    );
    // Gathered under the image: the cosign bundle by its `subject`, and the entry of the
    // fallback index under the image's tag, which cosign wrote with the empty type as its
    // `artifactType` (so it reads as an artifact, not a bundle).
    let under: Vec<(usize, LinkKind, Role)> = attached_to(&reports, image)
        .into_iter()
        .map(|(by, a)| (by, a.link, a.role))
        .collect();
    assert_eq!(
        under,
        [
            (1, LinkKind::Subject, Role::Attestation),
            (2, LinkKind::ReferrersIndex, Role::Artifact),
        ]
    );
}
