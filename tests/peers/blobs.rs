//! Real blobs: a small gzip'd tar layer and an image config whose `rootfs.diff_ids` match.

use std::io::Write as _;

use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::json;
use sha2::{Digest as _, Sha256};

pub(crate) fn sha256(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let mut out = String::with_capacity(71);
    out.push_str("sha256:");
    for b in hash {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// A gzip'd tar holding one small file; returns (compressed bytes, diff_id).
pub(crate) fn layer(name: &str) -> (Vec<u8>, String) {
    let content = format!("ocilint peers fixture layer: {name}\n");
    let mut builder = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(content.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(0);
    header.set_entry_type(tar::EntryType::Regular);
    header.set_cksum();
    builder
        .append_data(&mut header, "ocilint-peers.txt", content.as_bytes())
        .expect("tar entry");
    let tar = builder.into_inner().expect("tar");
    let diff_id = sha256(&tar);
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(&tar).expect("gzip");
    (gz.finish().expect("gzip"), diff_id)
}

/// An image config for `architecture`/linux with the given layer diff_ids.
pub(crate) fn config(architecture: &str, diff_ids: &[String]) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "architecture": architecture,
        "os": "linux",
        "config": {"Cmd": ["/ocilint-peers.txt"]},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [{"created_by": "ocilint peers harness"}],
    }))
    .expect("config json")
}
