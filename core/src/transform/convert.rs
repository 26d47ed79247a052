//! Docker schema 2 ↔ OCI conversion as text edits (spec-rules §2): media-type strings are
//! replaced in place and fields the target cannot carry are removed with their text, so a
//! lossless Docker→OCI→Docker round trip gives back the original bytes.
//!
//! Blobs are never rewritten: a config keeps its bytes and digest, only the descriptor's
//! `mediaType` changes.

use serde::Serialize;

use crate::fix::{merge_insertions, Editor, RawEdit};
use crate::json::{Document, Node, Pointer};
use crate::kind::{self, Kind};
use crate::spec::media_types as mt;

/// The family a document is converted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Oci,
    Docker,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Oci => "OCI",
            Format::Docker => "Docker",
        }
    }
}

/// Something the target format cannot carry, dropped by the conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loss {
    pub pointer: Pointer,
    pub what: String,
    pub why: String,
}

/// The edits that convert a document, and what they lose.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conversion {
    pub edits: Vec<RawEdit>,
    pub losses: Vec<Loss>,
}

/// Why a document cannot be converted: the result would be invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub pointer: Pointer,
    pub why: String,
}

/// Converts an image manifest or index (of either family, or mixed) to `to`. An empty edit
/// list means the document already is in that form.
pub fn convert(document: &Document<'_>, to: Format) -> Result<Conversion, Vec<Refusal>> {
    convert_with(document, to, None)
}

/// [`convert`], with `os/arch[/variant]` for Docker list entries that have no `platform`
/// (without it such a conversion is refused).
pub fn convert_with(
    document: &Document<'_>,
    to: Format,
    platform: Option<&str>,
) -> Result<Conversion, Vec<Refusal>> {
    let Some(root) = &document.root else {
        return Err(vec![Refusal {
            pointer: Pointer::root(),
            why: "the input is not JSON; only image manifests and indexes can be converted".into(),
        }]);
    };
    let kind = kind::detect(document, root);
    let mut converter = Converter {
        editor: Editor::new(document),
        to,
        platform: platform.and_then(super::platform::platform_inline),
        out: Conversion::default(),
        refusals: Vec::new(),
    };
    match kind {
        Kind::OciManifest | Kind::DockerManifest => converter.manifest(root),
        Kind::OciIndex | Kind::DockerManifestList => converter.index(root),
        other => {
            return Err(vec![Refusal {
                pointer: Pointer::root(),
                why: format!(
                    "this is {}; only image manifests and indexes (manifest lists) convert between Docker and OCI",
                    other.describe()
                ),
            }])
        }
    }
    if converter.refusals.is_empty() {
        // `mediaType` inserted after `schemaVersion` lands where removing the member after
        // it (with its comma) starts: one edit, so the two are not refused as overlapping.
        converter.out.edits = merge_insertions(std::mem::take(&mut converter.out.edits));
        Ok(converter.out)
    } else {
        Err(converter.refusals)
    }
}

struct Converter<'a> {
    editor: Editor<'a>,
    to: Format,
    /// The platform object to give Docker list entries that have none, on one line.
    platform: Option<String>,
    out: Conversion,
    refusals: Vec<Refusal>,
}

impl Converter<'_> {
    fn manifest(&mut self, root: &Node) {
        let own = match self.to {
            Format::Oci => mt::OCI_MANIFEST,
            Format::Docker => mt::DOCKER_MANIFEST,
        };
        self.own_media_type(root, own);
        if self.to == Format::Docker {
            if let Some(member) = root.get("artifactType") {
                self.refuse(
                    Pointer::root().key("artifactType"),
                    format!(
                        "it is an OCI artifact (`artifactType` {}); Docker manifests describe runnable images only",
                        member.value.as_str().map_or("set".into(), |t| format!("`{t}`"))
                    ),
                );
            }
            self.drop_oci_only(root, &Pointer::root(), &["annotations", "subject"]);
        }
        let config_pointer = Pointer::root().key("config");
        if let Some(config) = root.get("config").map(|m| &m.value) {
            if let Some((node, media_type)) = media_type_of(config) {
                match self.to {
                    Format::Oci => {
                        if media_type == mt::DOCKER_CONFIG {
                            self.set(node, mt::OCI_CONFIG);
                        }
                    }
                    Format::Docker => match media_type {
                        mt::OCI_CONFIG => self.set(node, mt::DOCKER_CONFIG),
                        mt::DOCKER_CONFIG | mt::DOCKER_PLUGIN_CONFIG => {}
                        other => self.refuse(
                            config_pointer.key("mediaType"),
                            format!(
                                "the config is `{other}`, not an image config; a Docker manifest needs a Docker (or OCI) image config"
                            ),
                        ),
                    },
                }
            }
            if self.to == Format::Docker {
                self.drop_descriptor_fields(config, &config_pointer, true);
            }
        }
        if let Some(layers) = root.get("layers").and_then(|m| m.value.items()) {
            for (index, layer) in layers.iter().enumerate() {
                let pointer = Pointer::root().key("layers").index(index);
                self.layer(layer, &pointer);
            }
        }
    }

    fn layer(&mut self, layer: &Node, pointer: &Pointer) {
        if let Some((node, media_type)) = media_type_of(layer) {
            match self.to {
                Format::Oci => {
                    if let Some(oci) = mt::docker_to_oci(media_type) {
                        if mt::is_docker_foreign(media_type) {
                            self.out.losses.push(Loss {
                                pointer: pointer.key("mediaType"),
                                what: format!("foreign layer type `{media_type}`"),
                                why: format!(
                                    "its OCI name `{oci}` is deprecated; the layer's `urls` are kept, and registries may still ask for the blob"
                                ),
                            });
                        }
                        self.set(node, oci);
                    }
                }
                Format::Docker => {
                    if mt::is_docker_foreign(media_type) || mt::is_standard_docker_layer(media_type)
                    {
                    } else if media_type.contains("+zstd") {
                        self.refuse(
                            pointer.key("mediaType"),
                            format!("`{media_type}` is zstd-compressed; Docker schema 2 has no zstd layer type (keep the image OCI)"),
                        );
                    } else if media_type.contains("+encrypted") {
                        self.refuse(
                            pointer.key("mediaType"),
                            format!("`{media_type}` is an encrypted layer, which Docker schema 2 cannot describe"),
                        );
                    } else if let Some(docker) = mt::oci_to_docker(media_type) {
                        self.set(node, docker);
                    } else {
                        self.refuse(
                            pointer.key("mediaType"),
                            format!(
                                "`{media_type}` is not a filesystem layer type; Docker images carry only tar layers (split the custom layers into an OCI artifact first: the split rewrite, `ocilint split` on the command line)"
                            ),
                        );
                    }
                }
            }
        }
        if self.to == Format::Docker {
            self.drop_descriptor_fields(layer, pointer, false);
        }
    }

    fn index(&mut self, root: &Node) {
        let own = match self.to {
            Format::Oci => mt::OCI_INDEX,
            Format::Docker => mt::DOCKER_MANIFEST_LIST,
        };
        self.own_media_type(root, own);
        if self.to == Format::Docker {
            if root.get("artifactType").is_some() {
                self.refuse(
                    Pointer::root().key("artifactType"),
                    "it is an OCI artifact index (`artifactType`); Docker manifest lists only list images".into(),
                );
            }
            self.drop_oci_only(root, &Pointer::root(), &["annotations", "subject"]);
        }
        let Some(entries) = root.get("manifests").and_then(|m| m.value.items()) else {
            return;
        };
        for (index, entry) in entries.iter().enumerate() {
            let pointer = Pointer::root().key("manifests").index(index);
            match self.to {
                Format::Oci => {
                    if let Some(features) = entry
                        .get("platform")
                        .and_then(|p| p.value.members().map(|m| (p, m)))
                        .and_then(|(platform, members)| {
                            members
                                .iter()
                                .position(|m| m.key == "features")
                                .map(|i| (&platform.value, i))
                        })
                    {
                        let (platform, at) = features;
                        if let Some(edit) = self.editor.remove_member(platform, at) {
                            self.out.edits.push(edit);
                        }
                        self.out.losses.push(Loss {
                            pointer: pointer.key("platform").key("features"),
                            what: "`platform.features`".into(),
                            why: "the OCI index reserves `features`; Go OCI tools drop it".into(),
                        });
                    }
                }
                Format::Docker => {
                    if let Some((_, media_type)) = media_type_of(entry) {
                        if matches!(media_type, mt::OCI_INDEX | mt::DOCKER_MANIFEST_LIST) {
                            self.refuse(
                                pointer.key("mediaType"),
                                "this entry is a nested index; Docker manifest lists only list image manifests".into(),
                            );
                        } else if media_type != mt::OCI_MANIFEST
                            && media_type != mt::DOCKER_MANIFEST
                        {
                            self.refuse(
                                pointer.key("mediaType"),
                                format!("this entry is `{media_type}`, not an image manifest; Docker manifest lists only list image manifests"),
                            );
                        }
                    }
                    if entry.get("platform").is_none() {
                        match self
                            .platform
                            .as_deref()
                            .and_then(|p| self.editor.append_member(entry, "platform", p))
                        {
                            Some(edit) => self.out.edits.push(edit),
                            None => self.refuse(
                                pointer.clone(),
                                "this entry has no `platform`, which every Docker manifest list entry needs (add its image's `platform` to the entry first, with `--platform` on the command line, or keep the index OCI)".into(),
                            ),
                        }
                    }
                    self.drop_descriptor_fields(entry, &pointer, true);
                }
            }
        }
    }

    /// Sets the document's own `mediaType`, adding it after `schemaVersion` when absent.
    fn own_media_type(&mut self, root: &Node, media_type: &str) {
        match root.get("mediaType") {
            Some(member) => {
                if member.value.as_str() != Some(media_type) {
                    self.set(&member.value, media_type);
                }
            }
            None => {
                let after = root
                    .members()
                    .and_then(|m| m.iter().position(|m| m.key == "schemaVersion"));
                let quoted = crate::fix::edit::quote(media_type);
                if let Some(edit) = self.editor.insert_member(root, after, "mediaType", &quoted) {
                    self.out.edits.push(edit);
                }
            }
        }
    }

    /// Removes the OCI-only fields `keys` of a document root, reporting each.
    fn drop_oci_only(&mut self, object: &Node, pointer: &Pointer, keys: &[&str]) {
        let Some(members) = object.members() else {
            return;
        };
        let mut removed = Vec::new();
        for (index, member) in members.iter().enumerate() {
            if keys.contains(&member.key) {
                let why = match member.key {
                    "subject" => "Docker manifests have no `subject`: the referrers link to the image it names is lost",
                    "annotations" => "Docker manifests and lists have no `annotations`",
                    _ => "Docker schema 2 does not define it",
                };
                removed.push((index, pointer.key(member.key), why));
            }
        }
        self.remove(object, removed);
    }

    /// Removes descriptor fields Docker schema 2 does not define (`urls` only survives on
    /// layers).
    fn drop_descriptor_fields(&mut self, descriptor: &Node, pointer: &Pointer, drop_urls: bool) {
        let Some(members) = descriptor.members() else {
            return;
        };
        let mut removed = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let why = match member.key {
                "annotations" => "Docker descriptors have no `annotations`",
                "data" => "Docker descriptors cannot embed `data`; the blob is fetched instead",
                "artifactType" => "Docker descriptors have no `artifactType`",
                "urls" if drop_urls => "Docker schema 2 allows `urls` on layers only",
                _ => continue,
            };
            removed.push((index, pointer.key(member.key), why));
        }
        self.remove(descriptor, removed);
    }

    /// Removes members of one object, each `(index, pointer, why)` reported as a loss, in
    /// one set of edits: neighbours removed one by one would each take the comma between them.
    fn remove(&mut self, object: &Node, removed: Vec<(usize, Pointer, &str)>) {
        let indices: Vec<usize> = removed.iter().map(|(index, ..)| *index).collect();
        self.out
            .edits
            .extend(self.editor.remove_members(object, &indices));
        for (_, pointer, why) in removed {
            let what = pointer
                .as_str()
                .rsplit('/')
                .next()
                .map_or_else(String::new, |key| format!("`{key}`"));
            self.out.losses.push(Loss {
                pointer,
                what,
                why: why.into(),
            });
        }
    }

    fn set(&mut self, node: &Node, media_type: &str) {
        self.out
            .edits
            .push(self.editor.replace_string(node, media_type));
    }

    fn refuse(&mut self, pointer: Pointer, why: String) {
        self.refusals.push(Refusal { pointer, why });
    }
}

/// A descriptor's `mediaType` node and text.
fn media_type_of<'a>(descriptor: &Node<'a>) -> Option<(&'a Node<'a>, &'a str)> {
    let member = descriptor.get("mediaType")?;
    Some((&member.value, member.value.as_str()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::apply_edits;
    use crate::json;

    const DOCKER: &str = r#"{
   "schemaVersion": 2,
   "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
   "config": {
      "mediaType": "application/vnd.docker.container.image.v1+json",
      "size": 1469,
      "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443"
   },
   "layers": [
      {
         "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
         "size": 29534055,
         "digest": "sha256:3713021b02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca"
      }
   ]
}"#;

    fn converted(source: &[u8], to: Format) -> (Vec<u8>, Vec<Loss>) {
        let arena = crate::json::Arena::new();
        let parsed = json::parse(source, &arena);
        let conversion = convert(&parsed.document, to).unwrap();
        (
            apply_edits(source, &conversion.edits).unwrap(),
            conversion.losses,
        )
    }

    #[test]
    fn docker_oci_docker_round_trip_gives_back_the_bytes() {
        let (oci, losses) = converted(DOCKER.as_bytes(), Format::Oci);
        assert!(losses.is_empty());
        let text = String::from_utf8(oci.clone()).unwrap();
        assert!(text.contains(mt::OCI_MANIFEST) && text.contains(mt::OCI_LAYER_GZIP));
        assert!(!text.contains("docker"));
        let (back, losses) = converted(&oci, Format::Docker);
        assert!(losses.is_empty());
        assert_eq!(back, DOCKER.as_bytes());
    }

    #[test]
    fn oci_to_docker_reports_the_annotations_it_drops() {
        let oci = DOCKER
            .replace(mt::DOCKER_MANIFEST, mt::OCI_MANIFEST)
            .replace(mt::DOCKER_CONFIG, mt::OCI_CONFIG)
            .replace(mt::DOCKER_LAYER_GZIP, mt::OCI_LAYER_GZIP)
            .replace(
                "\n   ]\n}",
                "\n   ],\n   \"annotations\": {\"org.opencontainers.image.version\": \"1\"}\n}",
            );
        let (docker, losses) = converted(oci.as_bytes(), Format::Docker);
        assert_eq!(losses.len(), 1);
        assert_eq!(losses[0].pointer.as_str(), "/annotations");
        assert_eq!(String::from_utf8(docker).unwrap(), DOCKER);
    }

    /// Found by the `convert` fuzz target: removing neighbouring members one by one gave
    /// overlapping edits (each took the comma between them), and the conversion failed.
    #[test]
    fn removes_neighbouring_oci_only_members_together() {
        let oci = DOCKER
            .replace(mt::DOCKER_MANIFEST, mt::OCI_MANIFEST)
            .replace(mt::DOCKER_CONFIG, mt::OCI_CONFIG)
            .replace(mt::DOCKER_LAYER_GZIP, mt::OCI_LAYER_GZIP)
            .replace(
                "\n   ]\n}",
                "\n   ],\n   \"annotations\": {\"a.b\": \"1\"},\n   \"subject\": {\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"size\": 1, \"digest\": \"sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443\", \"annotations\": {}, \"data\": \"e30=\"}\n}",
            );
        let (docker, losses) = converted(oci.as_bytes(), Format::Docker);
        let lost: Vec<&str> = losses.iter().map(|l| l.pointer.as_str()).collect();
        assert_eq!(lost, ["/annotations", "/subject"]);
        assert_eq!(String::from_utf8(docker).unwrap(), DOCKER);
    }

    /// Found by the `structured` fuzz target: `mediaType` inserted after `schemaVersion`
    /// where removing the last member (with the comma before it) starts.
    #[test]
    fn inserts_the_media_type_where_a_removal_starts() {
        let source = br#"{"layers":[],"schemaVersion":2,"subject":{"size":1}}"#;
        let (docker, losses) = converted(source, Format::Docker);
        assert_eq!(losses[0].pointer.as_str(), "/subject");
        assert_eq!(
            String::from_utf8(docker).unwrap(),
            format!(
                r#"{{"layers":[],"schemaVersion":2,"mediaType":"{}"}}"#,
                mt::DOCKER_MANIFEST
            )
        );
    }

    #[test]
    fn refuses_what_docker_cannot_describe() {
        let zstd = DOCKER.replace(mt::DOCKER_LAYER_GZIP, mt::OCI_LAYER_ZSTD);
        let arena = crate::json::Arena::new();
        let refusals = convert(
            &json::parse(zstd.as_bytes(), &arena).document,
            Format::Docker,
        )
        .unwrap_err();
        assert_eq!(refusals[0].pointer.as_str(), "/layers/0/mediaType");
        let list = br#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443", "size": 1}]}"#;
        let arena = crate::json::Arena::new();
        let refusals = convert(&json::parse(list, &arena).document, Format::Docker).unwrap_err();
        assert!(refusals[0].why.contains("`platform`"));
    }

    /// Refusals are read on the page and by the wasm API as well as in a terminal: advice to
    /// run a command or pass a flag says it is the command line's way, beside what to do.
    #[test]
    fn refusals_read_right_off_the_command_line() {
        let sbom = DOCKER.replace(mt::DOCKER_LAYER_GZIP, "application/spdx+json");
        let list = br#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443", "size": 1}]}"#;
        let mut advice = 0;
        for source in [sbom.as_bytes(), list] {
            for refusal in convert(
                &json::parse(source, &crate::json::Arena::new()).document,
                Format::Docker,
            )
            .unwrap_err()
            {
                let why = &refusal.why;
                if why.contains("`ocilint ") || why.contains("`--") {
                    advice += 1;
                    assert!(why.contains("on the command line"), "{why}");
                }
            }
        }
        assert_eq!(advice, 2, "both refusals advise a command-line way");
    }
}
