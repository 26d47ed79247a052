//! The inventory in the reading view: what the document is for (its `role` and convention in
//! core's report), what it says hangs off what (the report's `attachments`), grouped under
//! the digest each attachment is about, and what the other tabs say hangs off it, gathered
//! under it as a tree (`bundle::attached_to`, whatever the convention that states the link).
//! A digest that is another tab opens it. Core decides everything shown here; this only words
//! it, and says wherever a signature shows that ocilint does not verify signatures.

use std::rc::Rc;

use ocilint_core::attachments::{Attachment, LinkStatus};
use ocilint_core::role::Role;
use ocilint_core::Report;
use yew::prelude::*;

use super::Sibling;

/// Said wherever a signature is shown.
const NOT_VERIFIED: &str = "Signatures are recognised, not verified.";

#[derive(Properties, PartialEq)]
pub(crate) struct InventoryProps {
    pub(crate) report: Rc<Report>,
    pub(crate) siblings: Vec<Sibling>,
    pub(crate) on_open: Callback<usize>,
    /// What the open documents say hangs off this one, gathered under it.
    pub(crate) hanging: Rc<Vec<Hanging>>,
}

/// One thing hanging off the document shown (or off one of those things), as some tab states it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hanging {
    pub(crate) attachment: Attachment,
    /// The tab that states the link: its place and name.
    pub(crate) stated_in: (usize, String),
    /// The tab that is the attachment itself, when it is open.
    pub(crate) itself: Option<(usize, String)>,
    /// What hangs off the attachment in turn (a signature of an SBOM referrer).
    pub(crate) under: Vec<Hanging>,
}

/// How deep the gathered tree goes: chains of referrers are short; this bounds a cycle of
/// subjects, which digests make impossible but a bundle of hand-written documents may state.
const DEPTH: usize = 4;

/// What `tabs` (place, name, report) say hangs off the document whose digest is `digest`, and
/// what hangs off each of those in turn.
pub(crate) fn hanging_off(tabs: &[(usize, &str, &Report)], digest: &str) -> Vec<Hanging> {
    let mut seen = vec![digest.to_owned()];
    gather(tabs, digest, &mut seen)
}

fn gather(tabs: &[(usize, &str, &Report)], digest: &str, seen: &mut Vec<String>) -> Vec<Hanging> {
    let attached = ocilint_core::bundle::attached_to(tabs.iter().map(|(_, _, r)| *r), digest);
    attached
        .into_iter()
        .map(|(by, a)| {
            let itself = a.digest.as_deref().and_then(|d| {
                tabs.iter()
                    .find(|(_, _, r)| r.digest == d)
                    .map(|(at, name, _)| (*at, (*name).to_owned()))
            });
            let under = match a.digest.as_deref() {
                Some(d) if seen.len() < DEPTH && !seen.iter().any(|s| s == d) => {
                    seen.push(d.to_owned());
                    let under = gather(tabs, d, seen);
                    seen.pop();
                    under
                }
                _ => Vec::new(),
            };
            let (at, name, _) = tabs[by];
            Hanging {
                attachment: a.clone(),
                stated_in: (at, name.to_owned()),
                itself,
                under,
            }
        })
        .collect()
}

/// `a signature`, `an attestation`, `an SBOM`…
fn with_article(role: Role) -> String {
    match role {
        Role::Sbom => "an SBOM".to_owned(),
        Role::SociIndex => "a SOCI index".to_owned(),
        Role::HelmChart => "a Helm chart".to_owned(),
        Role::Attestation | Role::Index | Role::Image | Role::Artifact | Role::Other => {
            format!("an {}", role.as_str())
        }
        _ => format!("a {}", role.as_str().replace('-', " ")),
    }
}

#[function_component(Inventory)]
pub(crate) fn inventory(props: &InventoryProps) -> Html {
    let report = &props.report;
    let what = report.convention.map(|convention| {
        html! {
            <p class="attachment-role" data-role={report.role.as_str()}>
                {"This document is "}<strong>{with_article(report.role)}</strong>
                {" ("}<code>{convention.as_str()}</code>{")."}
                { if report.role == Role::Signature {
                    html! { <>{" "}<span class="muted">{NOT_VERIFIED}</span></> }
                } else { html! {} } }
            </p>
        }
    });
    if what.is_none() && report.attachments.is_empty() && props.hanging.is_empty() {
        return html! {};
    }
    let mut subjects: Vec<Option<&str>> = Vec::new();
    for a in &report.attachments {
        if !subjects.contains(&a.subject.as_deref()) {
            subjects.push(a.subject.as_deref());
        }
    }
    html! {
        <section class="attachments" aria-label="What hangs off what">
            { for what }
            { if props.hanging.is_empty() { html! {} } else { html! {
                <>
                    <h3>{"Hanging off this document"}</h3>
                    <ul class="attachment-tree hanging">
                        { for props.hanging.iter().map(|h| hanging_item(h, &props.on_open)) }
                    </ul>
                </>
            } } }
            { if report.attachments.is_empty() { html! {} } else { html! {
                <>
                    <h3>{"What hangs off what"}</h3>
                    <ul class="attachment-tree">
                        { for subjects.into_iter().map(|subject| {
                            let items: Vec<&Attachment> = report
                                .attachments
                                .iter()
                                .filter(|a| a.subject.as_deref() == subject)
                                .collect();
                            html! {
                                <li>
                                    { subject_head(subject, &props.siblings, &props.on_open) }
                                    <ul>
                                        { for items.into_iter().map(|a| item(a, &props.siblings, &props.on_open)) }
                                    </ul>
                                </li>
                            }
                        }) }
                    </ul>
                </>
            } } }
        </section>
    }
}

/// What the attachments hang off: its digest, a button opening its tab when it is one.
fn subject_head(subject: Option<&str>, siblings: &[Sibling], on_open: &Callback<usize>) -> Html {
    let Some(subject) = subject else {
        return html! { <span class="warning">{"(subject not named in this document)"}</span> };
    };
    match siblings.iter().find(|s| s.digest == subject) {
        Some(sibling) => {
            let index = sibling.index;
            let onclick = on_open.reform(move |_: MouseEvent| index);
            html! {
                <button type="button" class="digest-link" data-opens={sibling.name.clone()} {onclick}
                    title={format!("Open {} from this bundle", sibling.name)}>
                    <code>{subject.to_owned()}</code>{format!(" → {}", sibling.name)}
                </button>
            }
        }
        None => html! { <code class="digest-value">{subject.to_owned()}</code> },
    }
}

/// The badge of a link's status: its style and its words.
fn status_badge(status: LinkStatus) -> Html {
    let (badge, words) = match status {
        LinkStatus::Linked => ("accept", "linked"),
        LinkStatus::Elsewhere => ("unknown", "subject not among the open documents"),
        LinkStatus::Dangling => ("reject", "dangling: what it hangs off is not in this index"),
    };
    html! { <span class={classes!("badge", badge)}>{words}</span> }
}

fn not_verified(role: Role) -> Html {
    if role == Role::Signature {
        html! { <div class="muted">{NOT_VERIFIED}</div> }
    } else {
        html! {}
    }
}

/// An attachment this document states; its digest opens its tab when it is another tab.
fn item(a: &Attachment, siblings: &[Sibling], on_open: &Callback<usize>) -> Html {
    let at = if a.pointer.is_empty() {
        "its name".to_owned()
    } else {
        a.pointer.clone()
    };
    let tab = a
        .digest
        .as_deref()
        .and_then(|d| siblings.iter().find(|s| s.digest == d));
    html! {
        <li class="attachment" data-role={a.role.as_str()} data-status={a.status.as_str()}>
            <strong>{a.role.as_str()}</strong>{" "}
            { match tab {
                Some(tab) => tab_button(tab.index, &tab.name, on_open),
                None => html! { <>{ for a.digest.as_ref().map(|d| html! { <code class="digest-value">{d.clone()}</code> }) }</> },
            } }
            {" "}{ status_badge(a.status) }
            <div class="muted">{format!("{} · at {at}", a.details().join(" · "))}</div>
            { not_verified(a.role) }
        </li>
    }
}

/// A button opening tab `at`, named `name`.
fn tab_button(at: usize, name: &str, on_open: &Callback<usize>) -> Html {
    let onclick = on_open.reform(move |_: MouseEvent| at);
    html! {
        <button type="button" class="digest-link" data-opens={name.to_owned()} {onclick}
            title={format!("Open {name} from this bundle")}>{name.to_owned()}</button>
    }
}

fn hanging_item(h: &Hanging, on_open: &Callback<usize>) -> Html {
    let a = &h.attachment;
    let (by, by_name) = (h.stated_in.0, h.stated_in.1.as_str());
    let at = if a.pointer.is_empty() {
        " (its name)".to_owned()
    } else {
        format!(" at {}", a.pointer)
    };
    html! {
        <li class="attachment" data-role={a.role.as_str()} data-status={a.status.as_str()}>
            <strong>{a.role.as_str()}</strong>{" "}
            { match &h.itself {
                Some((itself, name)) => tab_button(*itself, name, on_open),
                None => html! { <>{ for a.digest.as_ref().map(|d| html! { <code class="digest-value">{d.clone()}</code> }) }</> },
            } }
            {" "}{ status_badge(a.status) }
            <div class="muted">{a.details().join(" · ")}</div>
            { if h.itself.as_ref().is_some_and(|(itself, _)| *itself == by) {
                // A `subject`, or a cosign tag as the tab's name: the attachment says it itself.
                let how = if a.pointer.is_empty() {
                    "stated by its name".to_owned()
                } else {
                    format!("stated by itself{at}")
                };
                html! { <div class="muted">{how}</div> }
            } else {
                html! { <div class="muted">{"stated in "}{ tab_button(by, by_name, on_open) }{at}</div> }
            } }
            { not_verified(a.role) }
            { if h.under.is_empty() { html! {} } else { html! {
                <ul>{ for h.under.iter().map(|u| hanging_item(u, on_open)) }</ul>
            } } }
        </li>
    }
}
