//! The reading view: the document as hypertext. Media types say what they are and link to their
//! specification; sizes read as KB/MB; a digest that names another document of the bundle
//! opens it; platforms read as `os/arch[/variant]`. Every value is rendered as text, never as
//! markup, so an annotation holding `<script>` shows those characters.

use ocilint_core::json::{parse, Node, Value};
use ocilint_core::spec::media_types as mt;
use yew::prelude::*;

/// Arrays longer than this show their first items and a button for the rest, so the
/// 5000-entry index stays quick to open.
const FIRST_ITEMS: usize = 100;

const OCI_SPEC: &str = "https://github.com/opencontainers/image-spec/blob/v1.1.1/";
const DOCKER_SPEC: &str =
    "https://github.com/distribution/distribution/blob/v2.8.3/docs/spec/manifest-v2-2.md";

/// What a media type is, and where its specification says so.
pub(crate) fn describe_media_type(media_type: &str) -> Option<(&'static str, String)> {
    let oci = |what: &'static str, page: &str| Some((what, format!("{OCI_SPEC}{page}")));
    let docker = |what: &'static str, anchor: &str| Some((what, format!("{DOCKER_SPEC}{anchor}")));
    match media_type {
        mt::OCI_MANIFEST => oci("OCI image manifest", "manifest.md"),
        mt::OCI_INDEX => oci("OCI image index (multi-platform)", "image-index.md"),
        mt::OCI_CONFIG => oci("OCI image configuration", "config.md"),
        mt::OCI_EMPTY => oci(
            "empty JSON `{}` placeholder",
            "manifest.md#guidance-for-an-empty-descriptor",
        ),
        mt::OCI_LAYOUT_HEADER => oci("OCI layout header", "image-layout.md"),
        mt::OCI_DESCRIPTOR => oci("OCI content descriptor", "descriptor.md"),
        mt::OCI_LAYER_TAR => oci("OCI layer, uncompressed tar", "layer.md"),
        mt::OCI_LAYER_GZIP => oci("OCI layer, gzip-compressed tar", "layer.md#gzip-media-types"),
        mt::OCI_LAYER_ZSTD => oci("OCI layer, zstd-compressed tar", "layer.md#zstd-media-types"),
        mt::OCI_NONDISTRIBUTABLE_TAR
        | mt::OCI_NONDISTRIBUTABLE_GZIP
        | mt::OCI_NONDISTRIBUTABLE_ZSTD => oci(
            "OCI non-distributable layer (deprecated)",
            "layer.md#non-distributable-layers",
        ),
        mt::OCI_ARTIFACT_MANIFEST => oci(
            "OCI artifact manifest (withdrawn before image-spec 1.1.0)",
            "manifest.md",
        ),
        mt::OCI_SCRATCH_PRERELEASE => oci(
            "pre-release name of the empty descriptor (renamed in 1.1.0-rc4)",
            "manifest.md#guidance-for-an-empty-descriptor",
        ),
        mt::DOCKER_MANIFEST => docker("Docker image manifest, schema 2", "#image-manifest"),
        mt::DOCKER_MANIFEST_LIST => docker(
            "Docker manifest list (multi-platform)",
            "#manifest-list",
        ),
        mt::DOCKER_CONFIG => docker("Docker container configuration", "#media-types"),
        mt::DOCKER_LAYER_GZIP => docker("Docker layer, gzip-compressed tar", "#media-types"),
        mt::DOCKER_LAYER_TAR => docker(
            "Docker layer, uncompressed tar (not in the Docker spec)",
            "#media-types",
        ),
        mt::DOCKER_LAYER_ZSTD => docker(
            "Docker layer, zstd (not in the Docker spec)",
            "#media-types",
        ),
        mt::DOCKER_FOREIGN_GZIP | mt::DOCKER_FOREIGN_TAR => {
            docker("Docker foreign layer (fetched from its URLs)", "#media-types")
        }
        mt::DOCKER_SCHEMA1 | mt::DOCKER_SCHEMA1_SIGNED => Some((
            "Docker image manifest, schema 1 (deprecated, refused by most registries)",
            "https://github.com/distribution/distribution/blob/v2.8.3/docs/spec/deprecated-schema-v1.md"
                .to_owned(),
        )),
        mt::DOCKER_PLUGIN_CONFIG => docker("Docker plugin configuration", "#media-types"),
        mt::BUILDKIT_CACHE_CONFIG => Some((
            "BuildKit registry-cache configuration",
            "https://github.com/moby/buildkit/blob/master/docs/cache.md".to_owned(),
        )),
        mt::IN_TOTO => Some((
            "in-toto attestation",
            "https://github.com/in-toto/attestation/blob/main/spec/README.md".to_owned(),
        )),
        mt::OCTET_STREAM => Some((
            "generic binary data",
            "https://www.rfc-editor.org/rfc/rfc2046#section-4.5.1".to_owned(),
        )),
        _ => None,
    }
}

/// `29534055` → `28.2 MiB`.
pub(crate) fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Another document of the bundle: its digest, its tab and its name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sibling {
    pub(crate) digest: String,
    pub(crate) index: usize,
    pub(crate) name: String,
}

#[derive(Properties, PartialEq)]
pub(crate) struct ReadingProps {
    pub(crate) bytes: std::rc::Rc<Vec<u8>>,
    pub(crate) siblings: Vec<Sibling>,
    pub(crate) on_open: Callback<usize>,
}

#[function_component(ReadingView)]
pub(crate) fn reading_view(props: &ReadingProps) -> Html {
    let show_all = use_state(|| false);
    let parsed = parse(&props.bytes);
    let Some(root) = parsed.document.root.as_ref() else {
        return html! {
            <p class="empty">{"The document is not JSON enough to read; the problems list says where it breaks."}</p>
        };
    };
    let context = Context {
        source: &props.bytes,
        siblings: &props.siblings,
        on_open: &props.on_open,
        show_all: *show_all,
    };
    let truncated = root.members().into_iter().flatten().any(|m| {
        m.value
            .items()
            .is_some_and(|items| items.len() > FIRST_ITEMS)
    });
    html! {
        <div class="reading">
            { context.node(root, "") }
            { if truncated && !*show_all {
                let onclick = Callback::from(move |_| show_all.set(true));
                html! { <button type="button" class="secondary" {onclick}>{"Show every entry"}</button> }
            } else { html! {} } }
        </div>
    }
}

struct Context<'a> {
    source: &'a [u8],
    siblings: &'a [Sibling],
    on_open: &'a Callback<usize>,
    show_all: bool,
}

impl Context<'_> {
    fn node(&self, node: &Node, key: &str) -> Html {
        match &node.value {
            Value::Object(members) => {
                let platform = (key == "platform")
                    .then(|| platform_summary(node))
                    .flatten();
                html! {
                    <dl class="object">
                        { for platform.map(|p| html! {
                            <><dt>{"platform"}</dt><dd><code class="platform">{p}</code></dd></>
                        }) }
                        { for members.iter().map(|m| html! {
                            <>
                                <dt class={classes!(is_annotation(key).then_some("annotation-key"))}>{m.key.clone()}</dt>
                                <dd>{ self.node(&m.value, &m.key) }</dd>
                            </>
                        }) }
                    </dl>
                }
            }
            Value::Array(items) => {
                let shown = if self.show_all {
                    items.len()
                } else {
                    items.len().min(FIRST_ITEMS)
                };
                html! {
                    <ol class="array" start="0">
                        { for items[..shown].iter().map(|item| html! { <li>{ self.node(item, key) }</li> }) }
                        { if shown < items.len() {
                            html! { <li class="more">{format!("… {} more", items.len() - shown)}</li> }
                        } else { html! {} } }
                    </ol>
                }
            }
            Value::String(text) => self.string(key, text),
            Value::Number => {
                let raw = std::str::from_utf8(&self.source[node.range.as_usize()]).unwrap_or("");
                match (key, raw.parse::<u64>()) {
                    ("size", Ok(bytes)) => html! {
                        <span class="size" title={format!("{bytes} bytes")}>{human_size(bytes)}
                            <span class="muted">{format!(" ({bytes} bytes)")}</span></span>
                    },
                    _ => html! { <span class="number">{raw.to_owned()}</span> },
                }
            }
            Value::Bool(value) => html! { <span class="literal">{value.to_string()}</span> },
            Value::Null => html! { <span class="literal">{"null"}</span> },
        }
    }

    fn string(&self, key: &str, text: &str) -> Html {
        match key {
            "mediaType" | "artifactType" => match describe_media_type(text) {
                Some((what, url)) => html! {
                    <span class="media-type">
                        <code>{text.to_owned()}</code>
                        <a class="spec-link" href={url} target="_blank" rel="noopener noreferrer">{what}</a>
                    </span>
                },
                None => html! { <span class="media-type"><code>{text.to_owned()}</code>
                <span class="muted">{" not a media type ocilint knows"}</span></span> },
            },
            "digest" => match self.siblings.iter().find(|s| s.digest == text) {
                Some(sibling) => {
                    let index = sibling.index;
                    let onclick = self.on_open.reform(move |_: MouseEvent| index);
                    html! {
                        <button type="button" class="digest-link" data-opens={sibling.name.clone()} {onclick}
                            title={format!("Open {} from this bundle", sibling.name)}>
                            <code>{text.to_owned()}</code>{format!(" → {}", sibling.name)}
                        </button>
                    }
                }
                None => html! { <code class="digest-value">{text.to_owned()}</code> },
            },
            _ => html! { <span class="string">{text.to_owned()}</span> },
        }
    }
}

fn is_annotation(key: &str) -> bool {
    key == "annotations" || key == "Labels"
}

/// `os/arch[/variant]` of a platform object.
fn platform_summary(node: &Node) -> Option<String> {
    let field = |name: &str| node.get(name).and_then(|m| m.value.as_str());
    let mut text = format!("{}/{}", field("os")?, field("architecture")?);
    if let Some(variant) = field("variant") {
        text.push('/');
        text.push_str(variant);
    }
    Some(text)
}
