//! The inventory in the reading view: real documents of each convention (from
//! `tests/fixtures/attachments/`, with their provenance) dropped together, each said to be what
//! it is, what hangs off an image gathered under it whatever the convention that links it, and
//! the signatures said to be unverified.

use ocilint_core::digest::sha256;

use super::{click, drop_files, opened_page, run, screenshot, text_of, wait_for_digest};

/// Opens the tab named `name` (whose bytes are `bytes`) in the reading view and returns the
/// inventory's text.
async fn inventory_of(client: &fantoccini::Client, name: &str, bytes: &[u8]) -> String {
    click(client, &format!("[data-tab=\"{name}\"]")).await;
    wait_for_digest(client, &sha256(bytes)).await;
    click(client, "#panel-reading").await;
    text_of(client, ".attachments").await
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(ocilint_tests::fixture(&format!("attachments/{name}")))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn the_reading_view_shows_what_hangs_off_the_image() {
    let (_app, _driver, client) = opened_page().await;
    let attestation = fixture("buildkit-attestation-manifest.json");
    let signature =
        fixture("sha256-a2b109fb9baea555556561317fdd13cef9c3dfac22c8f8fea0c5a0b06ece9d00.sig.json");
    let image = br#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef", "size": 32}]}"#;
    let image_digest = sha256(image);
    // BuildKit's index as its storage document shows it, naming this image and attestation.
    let index = format!(
        r#"{{
  "mediaType": "application/vnd.oci.image.index.v1+json",
  "schemaVersion": 2,
  "manifests": [
    {{
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "{image_digest}",
      "size": {},
      "platform": {{ "architecture": "amd64", "os": "linux" }}
    }},
    {{
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "{}",
      "size": {},
      "annotations": {{
        "vnd.docker.reference.digest": "{image_digest}",
        "vnd.docker.reference.type": "attestation-manifest"
      }},
      "platform": {{ "architecture": "unknown", "os": "unknown" }}
    }}
  ]
}}"#,
        image.len(),
        sha256(&attestation),
        attestation.len()
    )
    .into_bytes();
    // cosign's signature of the image, under its tag.
    let tag = format!("sha256-{}.sig", image_digest.trim_start_matches("sha256:"));
    drop_files(
        &client,
        &[
            ("index.json", &index),
            ("image.json", image),
            ("attestation.json", &attestation),
            (&tag, &signature),
        ],
    )
    .await;
    wait_for_digest(&client, &sha256(&index)).await;

    click(&client, "#panel-reading").await;
    let inventory = text_of(&client, ".attachments").await;
    assert!(inventory.contains("What hangs off what"), "{inventory}");
    assert!(inventory.contains("→ image.json"), "{inventory}");
    assert!(inventory.contains("attestation"), "{inventory}");
    assert!(
        inventory.contains("https://spdx.dev/Document"),
        "{inventory}"
    );
    assert!(inventory.contains("SBOM spdx"), "{inventory}");
    // The badge is set in capitals by the style sheet.
    assert!(inventory.to_lowercase().contains("linked"), "{inventory}");
    screenshot(&client, "attachments-index.png").await;

    click(&client, &format!("[data-tab=\"{tag}\"]")).await;
    wait_for_digest(&client, &sha256(&signature)).await;
    click(&client, "#panel-reading").await;
    let inventory = text_of(&client, ".attachments").await;
    assert!(
        inventory.contains("This document is a signature (cosign-simple-signing)."),
        "{inventory}"
    );
    assert!(
        inventory.contains("Signatures are recognised, not verified."),
        "{inventory}"
    );
    assert!(inventory.contains("via tag"), "{inventory}");
    screenshot(&client, "attachments-signature.png").await;
    client.close().await.expect("close the session");
}

/// Each convention's real document, dropped as tabs: its reading view says what it is and by
/// which convention.
#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn each_conventions_document_says_what_it_is() {
    let (_app, _driver, client) = opened_page().await;
    let expected = [
        (
            "buildkit-attestation-manifest.json",
            "an attestation (buildkit)",
        ),
        (
            "buildkit-v0.32-attestation-referrer.json",
            "an attestation (buildkit-referrer)",
        ),
        (
            "sha256-a2b109fb9baea555556561317fdd13cef9c3dfac22c8f8fea0c5a0b06ece9d00.sig.json",
            "a signature (cosign-simple-signing)",
        ),
        (
            "sha256-051f6af997df557db3b23f5df318d5127b64122bbbb0b54af89ff00777d33898.att.json",
            "an attestation (cosign-dsse)",
        ),
        (
            "sha256-991b864323bdbdeca7ff349a37409f088cf7de718a17c6a677d20c978b648a39.sbom.json",
            "an SBOM (cosign-sbom)",
        ),
        (
            "sigstore-bundle/attest-build-provenance.json",
            "an attestation (sigstore-bundle)",
        ),
        (
            "sigstore-bundle/cosign-attest.json",
            "an attestation (sigstore-bundle)",
        ),
        ("notation-signature.json", "a signature (notation)"),
        (
            "sbom-referrer-spdx-cyclonedx.json",
            "an SBOM (oci-artifact)",
        ),
        ("soci-index-v1.json", "a SOCI index (soci-v1)"),
        ("soci-index-v2.json", "a SOCI index (soci-v2)"),
        ("helm-chart.json", "a Helm chart (helm)"),
        ("oras/foobar.json", "an artifact (oras)"),
    ];
    let files: Vec<(&str, Vec<u8>)> = expected
        .iter()
        .map(|(path, _)| (path.rsplit('/').next().unwrap_or(path), fixture(path)))
        .collect();
    let dropped: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    drop_files(&client, &dropped).await;
    wait_for_digest(&client, &sha256(&files[0].1)).await;
    for ((name, bytes), (_, what)) in files.iter().zip(expected) {
        let inventory = inventory_of(&client, name, bytes).await;
        println!("{name}: {}", inventory.lines().next().unwrap_or_default());
        assert!(
            inventory.contains(&format!("This document is {what}.")),
            "{name}: {inventory}"
        );
        if what.starts_with("a signature") {
            assert!(
                inventory.contains("Signatures are recognised, not verified."),
                "{name}: {inventory}"
            );
        }
    }
    // The cosign attestation's predicates and the Sigstore bundle's, as the inventory lists them.
    let cosign_sbom = &files[4];
    let inventory = inventory_of(&client, cosign_sbom.0, &cosign_sbom.1).await;
    assert!(inventory.contains("via tag"), "{inventory}");
    assert!(inventory.contains("SBOM spdx"), "{inventory}");
    screenshot(&client, "attachments-cosign-sbom.png").await;
    let bundle = &files[5];
    let inventory = inventory_of(&client, bundle.0, &bundle.1).await;
    assert!(
        inventory.contains("predicate https://slsa.dev/provenance/v1"),
        "{inventory}"
    );
    // Its subject is not among the open tabs: said so, not called linked.
    assert!(
        // The badge is set in capitals by the style sheet.
        inventory
            .to_lowercase()
            .contains("subject not among the open documents"),
        "{inventory}"
    );
    screenshot(&client, "attachments-sigstore-bundle.png").await;
    client.close().await.expect("close the session");
}

/// An image with what hangs off it by three conventions (BuildKit's index annotations, a
/// cosign signature's and a cosign SBOM's tags), a Notation signature of something not open
/// and an index listing the attestation for an image it does not hold: the image's reading view
/// gathers the three under it; the Notation signature is flagged as hanging off nothing open,
/// the index's attestation entry as dangling.
#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn an_image_gathers_what_hangs_off_it_whatever_the_convention() {
    let (_app, _driver, client) = opened_page().await;
    let attestation = fixture("buildkit-attestation-manifest.json");
    let signature =
        fixture("sha256-a2b109fb9baea555556561317fdd13cef9c3dfac22c8f8fea0c5a0b06ece9d00.sig.json");
    let sbom = fixture(
        "sha256-991b864323bdbdeca7ff349a37409f088cf7de718a17c6a677d20c978b648a39.sbom.json",
    );
    let notation = fixture("notation-signature.json");
    let image = br#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef", "size": 32}]}"#;
    let image_digest = sha256(image);
    let hex = image_digest.trim_start_matches("sha256:");
    let index = format!(
        r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{image_digest}", "size": {}, "platform": {{"architecture": "amd64", "os": "linux"}}}}, {{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{}", "size": {}, "annotations": {{"vnd.docker.reference.digest": "{image_digest}", "vnd.docker.reference.type": "attestation-manifest"}}, "platform": {{"architecture": "unknown", "os": "unknown"}}}}]}}"#,
        image.len(),
        sha256(&attestation),
        attestation.len()
    )
    .into_bytes();
    // The same attestation in an index that lists it for an image it does not hold: orphaned.
    let absent = format!("sha256:{}", "0".repeat(64));
    let orphaning = format!(
        r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{}", "size": {}, "annotations": {{"vnd.docker.reference.digest": "{absent}", "vnd.docker.reference.type": "attestation-manifest"}}, "platform": {{"architecture": "unknown", "os": "unknown"}}}}]}}"#,
        sha256(&attestation),
        attestation.len()
    )
    .into_bytes();
    let signature_tag = format!("sha256-{hex}.sig");
    let sbom_tag = format!("sha256-{hex}.sbom");
    drop_files(
        &client,
        &[
            ("image.json", image),
            ("index.json", &index),
            ("attestation.json", &attestation),
            (&signature_tag, &signature),
            (&sbom_tag, &sbom),
            ("notation-signature.json", &notation),
            ("orphaning-index.json", &orphaning),
        ],
    )
    .await;
    wait_for_digest(&client, &image_digest).await;
    let inventory = inventory_of(&client, "image.json", image).await;
    println!("{inventory}");
    assert!(
        inventory.contains("Hanging off this document"),
        "{inventory}"
    );
    for words in [
        "via reference-annotation",
        "stated in index.json",
        "predicate https://spdx.dev/Document",
        "cosign-simple-signing · via tag",
        "cosign-sbom · via tag",
        "SBOM spdx",
        "Signatures are recognised, not verified.",
        // The cosign tags are the tabs' names: the attachment states the link itself.
        "stated by its name",
    ] {
        assert!(inventory.contains(words), "{words}: {inventory}");
    }
    // Each attachment that is a tab opens it.
    let opens = run(
        &client,
        "return [...document.querySelectorAll('.hanging > li > button[data-opens]')].map(b => b.dataset.opens);",
        vec![],
    )
    .await;
    assert_eq!(
        opens,
        serde_json::json!(["attestation.json", signature_tag, sbom_tag]),
        "{inventory}"
    );
    screenshot(&client, "attachments-gathered-image.png").await;

    let inventory = inventory_of(&client, "notation-signature.json", &notation).await;
    assert!(
        // The badge is set in capitals by the style sheet.
        inventory
            .to_lowercase()
            .contains("subject not among the open documents"),
        "{inventory}"
    );
    assert!(
        !inventory.contains("Hanging off this document"),
        "{inventory}"
    );

    let inventory = inventory_of(&client, "orphaning-index.json", &orphaning).await;
    assert!(
        inventory
            .to_lowercase()
            .contains("dangling: what it hangs off is not in this index"),
        "{inventory}"
    );
    // The orphaned attestation is a tab: its digest opens it.
    let opens = run(
        &client,
        "return [...document.querySelectorAll('.attachments li.attachment > button[data-opens]')].map(b => b.dataset.opens);",
        vec![],
    )
    .await;
    assert_eq!(
        opens,
        serde_json::json!(["attestation.json"]),
        "{inventory}"
    );
    screenshot(&client, "attachments-dangling.png").await;
    client.close().await.expect("close the session");
}

/// What ORAS pushed in its end-to-end tests, each blob byte for byte: a chain of referrers
/// (a signature of an SBOM of files) and the fallback indexes under the tags. The files'
/// reading view gathers the chain as a tree.
#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the release build and Chromium: run by `cargo xtask test`"]
async fn a_chain_of_referrers_is_gathered_as_a_tree() {
    let (_app, _driver, client) = opened_page().await;
    let names = [
        "foobar.json",
        "sbom-referrer.json",
        "signature-referrer.json",
        "sha256-fd6ed2f36b5465244d5dc86cb4e7df0ab8a9d24adc57825099f522fe009a22bb.json",
        "sha256-e2c6633a79985906f1ed55c592718c73c41e809fb9818de232a635904a74d48d.json",
    ];
    let files: Vec<(&str, Vec<u8>)> = names
        .iter()
        .map(|name| (*name, fixture(&format!("oras/{name}"))))
        .collect();
    let dropped: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    drop_files(&client, &dropped).await;
    wait_for_digest(&client, &sha256(&files[0].1)).await;
    let inventory = inventory_of(&client, "foobar.json", &files[0].1).await;
    println!("{inventory}");
    assert!(
        inventory.contains("Hanging off this document"),
        "{inventory}"
    );
    assert!(inventory.contains("via subject"), "{inventory}");
    assert!(inventory.contains("via referrers-index"), "{inventory}");
    // The SBOM hangs off the files by `subject` and by the fallback index; the signature
    // hangs off the SBOM, one level down, by both too.
    let tree = run(
        &client,
        "return [...document.querySelectorAll('.hanging > li')].map(li => ({
           opens: li.querySelector(':scope > button[data-opens]').dataset.opens,
           under: [...li.querySelectorAll(':scope > ul > li > button[data-opens]')].map(b => b.dataset.opens),
         }));",
        vec![],
    )
    .await;
    let signature = serde_json::json!(["signature-referrer.json", "signature-referrer.json"]);
    assert_eq!(
        tree,
        serde_json::json!([
            {"opens": "sbom-referrer.json", "under": signature},
            {"opens": "sbom-referrer.json", "under": signature},
        ]),
        "{inventory}"
    );
    screenshot(&client, "attachments-gathered-oras.png").await;
    client.close().await.expect("close the session");
}
