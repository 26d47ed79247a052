//! The real attachment documents (`tests/fixtures/attachments/`, with their provenance), as the
//! attachment tests read them.

use std::fs;
use std::path::PathBuf;

pub(crate) fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/attachments")
        .join(name);
    fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// cosign's signature, attestation and SBOM manifests, each under the tag that links it.
pub(crate) const COSIGN_SIG: &str =
    "sha256-a2b109fb9baea555556561317fdd13cef9c3dfac22c8f8fea0c5a0b06ece9d00.sig.json";
pub(crate) const COSIGN_ATT: &str =
    "sha256-051f6af997df557db3b23f5df318d5127b64122bbbb0b54af89ff00777d33898.att.json";
pub(crate) const COSIGN_SBOM: &str =
    "sha256-991b864323bdbdeca7ff349a37409f088cf7de718a17c6a677d20c978b648a39.sbom.json";
