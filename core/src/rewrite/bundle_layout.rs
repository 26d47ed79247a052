//! A bundle's documents as an OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/…`):
//! what the page's "Download all as an OCI layout" writes. Only the documents are there, not the
//! layers or configs they name that the bundle does not hold, so the layout is sparse: its
//! `README.txt` says so, and which blobs are missing.

use std::collections::BTreeSet;

use crate::digest::sha256;
use crate::fix::edit::quote;
use crate::json::{Node, Value};
use crate::rules::Analysed;
use crate::spec::media_types::OCI_INDEX;

/// The name of the file that says what the layout holds.
pub const README: &str = "README.txt";

/// The layout's files, `(path, bytes)`: `oci-layout`, `index.json` (an OCI index listing each
/// document no other document names, with its media type), every document under
/// `blobs/sha256/<hex>` (once, whatever its name), then [`README`].
pub fn sparse_layout(documents: &[&[u8]]) -> Vec<(String, Vec<u8>)> {
    let mut named = BTreeSet::new();
    let mut blobs: Vec<(String, &[u8], Option<String>)> = Vec::new();
    for bytes in documents {
        let digest = sha256(bytes);
        if blobs.iter().any(|(d, _, _)| *d == digest) {
            continue;
        }
        let arena = crate::json::Arena::new();
        let analysed = Analysed::new(bytes, None, &arena);
        if let Some(root) = analysed.root() {
            collect_digests(root, &mut named);
        }
        // What a parent's descriptor should name: the same decision a rewrite's cascade makes.
        let media_type = analysed.own_media_type().map(str::to_owned);
        blobs.push((digest, bytes, media_type));
    }
    let held: BTreeSet<&str> = blobs.iter().map(|(d, _, _)| d.as_str()).collect();
    let missing: Vec<&String> = named
        .iter()
        .filter(|d| !held.contains(d.as_str()))
        .collect();
    let roots: Vec<String> = blobs
        .iter()
        .filter(|(digest, _, _)| !named.contains(digest))
        .map(|(digest, bytes, media_type)| {
            let media_type = media_type
                .as_deref()
                .map(|m| format!("\"mediaType\":{},", quote(m)))
                .unwrap_or_default();
            format!(
                "{{{media_type}\"digest\":\"{digest}\",\"size\":{}}}",
                bytes.len()
            )
        })
        .collect();
    let index = format!(
        "{{\"schemaVersion\":2,\"mediaType\":\"{OCI_INDEX}\",\"manifests\":[{}]}}\n",
        roots.join(",")
    );
    let mut files = vec![
        (
            "oci-layout".to_owned(),
            b"{\"imageLayoutVersion\":\"1.0.0\"}\n".to_vec(),
        ),
        ("index.json".to_owned(), index.into_bytes()),
    ];
    for (digest, bytes, _) in &blobs {
        let hex = digest.trim_start_matches("sha256:");
        files.push((format!("blobs/sha256/{hex}"), bytes.to_vec()));
    }
    let mut readme = format!(
        "An OCI image layout of {} document(s), written by ocilint.\n\n\
         index.json lists the documents no other document of the bundle names; blobs/sha256/ \
         holds each document's exact bytes under its digest.\n",
        blobs.len()
    );
    if missing.is_empty() {
        readme.push_str("\nEvery digest the documents name is in blobs/sha256/.\n");
    } else {
        readme.push_str(&format!(
            "\nThis layout is sparse: the documents name {} blob(s) it does not hold (layers and \
             configs are not part of a bundle of documents). Tools that read every blob (docker \
             load, skopeo copy, podman load) refuse it until they are added:\n",
            missing.len()
        ));
        for digest in missing {
            readme.push_str(&format!("  {digest}\n"));
        }
    }
    files.push((README.to_owned(), readme.into_bytes()));
    files
}

/// Every `digest` member's string value under `node`.
fn collect_digests(node: &Node, out: &mut BTreeSet<String>) {
    match &node.value {
        Value::Object(members) => {
            for member in members.iter() {
                if member.key == "digest" {
                    if let Some(digest) = member.value.as_str() {
                        out.insert(digest.to_owned());
                    }
                }
                collect_digests(&member.value, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_digests(item, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_lists_the_roots_and_the_readme_names_what_is_missing() {
        let config =
            br#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#;
        let manifest = format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}","size":{}}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:{}","size":1}}]}}"#,
            sha256(config),
            config.len(),
            "a".repeat(64)
        );
        let files = sparse_layout(&[manifest.as_bytes(), config]);
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        let manifest_hex = sha256(manifest.as_bytes()).replace("sha256:", "");
        let config_hex = sha256(config).replace("sha256:", "");
        assert_eq!(
            paths,
            [
                "oci-layout",
                "index.json",
                &format!("blobs/sha256/{manifest_hex}"),
                &format!("blobs/sha256/{config_hex}"),
                README
            ]
        );
        let index = String::from_utf8(files[1].1.clone()).unwrap();
        // Only the manifest is a root: the config is named by it.
        assert!(
            index.contains(&manifest_hex) && !index.contains(&config_hex),
            "{index}"
        );
        assert!(index.contains("\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\""));
        let readme = String::from_utf8(files[4].1.clone()).unwrap();
        assert!(
            readme.contains("sparse") && readme.contains(&"a".repeat(64)),
            "{readme}"
        );
        assert!(!readme.contains(&config_hex));
    }
}
