//! The reading view: the document as hypertext. Media types say what they are and link to their
//! specification; sizes read as KB/MB; a digest that names another document of the bundle
//! opens it; platforms read as `os/arch[/variant]`. Every value is rendered as text, never as
//! markup, so an annotation holding `<script>` shows those characters.

use ocilint_core::json::{parse, Arena, Node, Value};
use ocilint_core::spec::media_types as mt;
use ocilint_core::Report;
use yew::prelude::*;

// The inventory above the document: a file of its own beside this one.
#[path = "attachments.rs"]
mod attachments;
use attachments::Inventory;
pub(crate) use attachments::{hanging_off, Hanging};

/// Arrays longer than this show their first items and a button for the rest, so the
/// 5000-entry index stays quick to open.
const FIRST_ITEMS: usize = 100;

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
    /// Core's report on the document, for what it is for and what hangs off what.
    #[prop_or_default]
    pub(crate) report: Option<std::rc::Rc<Report>>,
    /// What the other tabs say hangs off this document.
    #[prop_or_default]
    pub(crate) hanging: std::rc::Rc<Vec<Hanging>>,
}

#[function_component(ReadingView)]
pub(crate) fn reading_view(props: &ReadingProps) -> Html {
    let show_all = use_state(|| false);
    let arena = Arena::new();
    let parsed = parse(&props.bytes, &arena);
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
            { for props.report.clone().map(|report| html! {
                <Inventory {report} siblings={props.siblings.clone()} on_open={props.on_open.clone()} hanging={props.hanging.clone()} />
            }) }
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
                                <dt class={classes!(is_annotation(key).then_some("annotation-key"))}>{m.key.to_string()}</dt>
                                <dd>{ self.node(&m.value, m.key) }</dd>
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
            "mediaType" | "artifactType" => match mt::describe(text) {
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
