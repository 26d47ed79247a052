//! The inventory in the reading view: real documents of each convention (from
//! `tests/fixtures/attachments/`, with their provenance) dropped together, what hangs off
//! the image shown under it, and the signatures said to be unverified.

use ocilint_core::digest::sha256;

use super::{click, drop_files, opened_page, screenshot, text_of, wait_for_digest};

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
