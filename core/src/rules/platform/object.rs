//! PLT001: an index entry's `platform` is an object, and the optional platform strings
//! (`variant`, `os.version`) are strings, in index entries and in image configs.
//!
//! Also holds what every platform rule shares: where platform fields live in a document.

use super::super::prelude::*;
use super::super::DescriptorRole;

pub(crate) static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "PLT001",
        name: "platform-object",
        covers: &["platform-object"],
        severity: Severity::Error,
        fix: FixSafety::None,
        summary: "`platform` is an object, and its `variant` and `os.version` are strings (in an index entry or an image config).",
        why: "image-spec's schema types `platform` as an object with string members, and every \
              Go consumer decodes it into a struct (`ocispec.Platform`): `\"platform\": \
              \"linux/amd64\"` or `\"variant\": 8` fails with `json: cannot unmarshal …`, so \
              containerd, Docker, podman and the registries that parse indexes refuse the whole \
              index or config. In a config, an optional field MAY be `null` (it means absent).",
        how_to_fix: "Write the platform as an object, e.g. `{\"architecture\": \"arm64\", \
                     \"os\": \"linux\", \"variant\": \"v8\"}`, with every value a string.",
        url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
        examples: &[
            Example {
                valid: false,
                content_type: None,
                document: br#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": "linux/amd64"}]}"#,
                pad_to: 0,
            },
            Example {
                valid: false,
                content_type: Some("application/vnd.oci.image.config.v1+json"),
                document: br#"{"architecture": "arm64", "variant": 8, "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}"#,
                pad_to: 0,
            },
            Example {
                valid: true,
                content_type: None,
                document: br#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}}]}"#,
                pad_to: 0,
            },
            Example {
                valid: true,
                content_type: Some("application/vnd.oci.image.config.v1+json"),
                document: br#"{"architecture": "amd64", "os": "linux", "variant": null, "os.version": null, "rootfs": {"type": "layers", "diff_ids": []}}"#,
                pad_to: 0,
            },
        ],
    },
    check: Check::Document(check),
};

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind.is_index() {
        for site in ctx.descriptors() {
            if site.role != DescriptorRole::Manifest {
                continue;
            }
            let Some(member) = site.node.get("platform") else {
                continue;
            };
            let value = &member.value;
            if value.is_object() {
                continue;
            }
            let message = match value.as_str() {
                Some(text) => match text.split_once('/') {
                    Some((os, rest)) if !os.is_empty() && !rest.is_empty() => {
                        let mut parts = rest.splitn(2, '/');
                        let architecture = parts.next().unwrap_or("");
                        let variant = parts
                            .next()
                            .map(|v| format!(", \"variant\": \"{v}\""))
                            .unwrap_or_default();
                        format!(
                            "`platform` is the string `{text}`; it must be an object: `{{\"os\": \"{os}\", \"architecture\": \"{architecture}\"{variant}}}`"
                        )
                    }
                    _ => format!("`platform` is the string `{text}`; it must be an object with `architecture` and `os`"),
                },
                None => format!(
                    "`platform` is {}; it must be an object with `architecture` and `os`",
                    value.type_name()
                ),
            };
            out.emit(value.range, site.pointer.key("platform"), message);
        }
    }
    for site in platform_sites(ctx) {
        for key in ["variant", "os.version"] {
            let Some(member) = site.node.get(key) else {
                continue;
            };
            let value = &member.value;
            let allowed = match value.value {
                Value::String(_) => true,
                // "Any OPTIONAL field MAY also be set to null" holds for configs only.
                Value::Null => site.in_config(),
                _ => false,
            };
            if !allowed {
                let example = if key == "variant" {
                    "`v8`"
                } else {
                    "`10.0.17763.5458`"
                };
                out.emit(
                    value.range,
                    site.pointer.key(key),
                    format!(
                        "`{key}` is {}; it must be a string such as {example}",
                        value.type_name()
                    ),
                );
            }
        }
    }
}

/// Where platform fields live: an index entry's `platform` object, or the top level of an
/// image config (whose `architecture`, `os`, `variant`, `os.version` and `os.features` are
/// the same fields).
#[derive(Debug)]
pub(crate) struct PlatformSite<'a> {
    /// The object holding the fields.
    pub(crate) node: &'a Node,
    /// Where `node` is: `/manifests/<i>/platform`, or the root of a config.
    pub(crate) pointer: Pointer,
    /// The index entry that holds this `platform`; `None` in a config.
    pub(crate) entry: Option<&'a Node>,
}

impl<'a> PlatformSite<'a> {
    pub(crate) fn in_config(&self) -> bool {
        self.entry.is_none()
    }

    /// The value of `key` when it is a string, with its node.
    pub(crate) fn text(&self, key: &str) -> Option<(&'a str, &'a Node)> {
        let member = self.node.get(key)?;
        Some((member.value.as_str()?, &member.value))
    }

    pub(crate) fn str(&self, key: &str) -> Option<&'a str> {
        self.text(key).map(|(text, _)| text)
    }

    /// The first byte of the object: where "this platform has no …" points.
    pub(crate) fn head(&self) -> TextRange {
        head(self.node)
    }

    /// How messages name the holder: "this platform" or "this config".
    pub(crate) fn noun(&self) -> &'static str {
        if self.in_config() {
            "this config"
        } else {
            "this platform"
        }
    }

    /// The index entry's annotation `key`, when it is a string.
    pub(crate) fn entry_annotation(&self, key: &str) -> Option<&'a str> {
        self.entry?
            .get("annotations")?
            .value
            .get(key)?
            .value
            .as_str()
    }
}

/// Every place platform fields live in the document: the `platform` objects of an index's
/// or manifest list's entries, or the top level of an image config. Values of the wrong JSON
/// type are skipped (PLT001 and CFG001 report them).
pub(crate) fn platform_sites<'a>(ctx: &Context<'a>) -> Vec<PlatformSite<'a>> {
    let mut sites = Vec::new();
    if is_config(ctx.kind) {
        if ctx.root.is_object() {
            sites.push(PlatformSite {
                node: ctx.root,
                pointer: Pointer::root(),
                entry: None,
            });
        }
        return sites;
    }
    if !ctx.kind.is_index() {
        return sites;
    }
    for site in ctx.descriptors() {
        if site.role != DescriptorRole::Manifest {
            continue;
        }
        if let Some(member) = site.node.get("platform").filter(|m| m.value.is_object()) {
            sites.push(PlatformSite {
                node: &member.value,
                pointer: site.pointer.key("platform"),
                entry: Some(site.node),
            });
        }
    }
    sites
}

/// Image configs, OCI or Docker.
pub(crate) fn is_config(kind: Kind) -> bool {
    matches!(kind, Kind::OciConfig | Kind::DockerConfig)
}

/// The first byte of a node (its `{` or `[`): where "this object has no …" points.
pub(crate) fn head(node: &Node) -> TextRange {
    let start = node.range.start as usize;
    TextRange::new(start, start + 1)
}
