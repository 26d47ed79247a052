//! The inventory in the reading view: what the document is for (its `role` and convention in
//! core's report) and what it says hangs off what (the report's `attachments`), grouped under
//! the digest each attachment is about. A digest that is another tab opens it. Core decides
//! everything shown here; this only words it, and says wherever a signature shows that
//! ocilint does not verify signatures.

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
}

/// `a signature`, `an attestation`…
fn with_article(role: Role) -> String {
    let word = role.as_str().replace('-', " ");
    let article = if matches!(
        role,
        Role::Attestation | Role::Index | Role::Image | Role::Artifact | Role::Other
    ) {
        "an"
    } else {
        "a"
    };
    format!("{article} {word}")
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
    if what.is_none() && report.attachments.is_empty() {
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
                                        { for items.into_iter().map(item) }
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

fn item(a: &Attachment) -> Html {
    let (badge, status) = match a.status {
        LinkStatus::Linked => ("accept", "linked"),
        LinkStatus::Elsewhere => ("unknown", "subject not among the open documents"),
        LinkStatus::Dangling => ("reject", "dangling: what it hangs off is not in this index"),
    };
    let details = a.details();
    let at = if a.pointer.is_empty() {
        "its name".to_owned()
    } else {
        a.pointer.clone()
    };
    html! {
        <li class="attachment" data-role={a.role.as_str()} data-status={a.status.as_str()}>
            <strong>{a.role.as_str()}</strong>{" "}
            { for a.digest.as_ref().map(|d| html! { <code class="digest-value">{d.clone()}</code> }) }
            {" "}<span class={classes!("badge", badge)}>{status}</span>
            <div class="muted">{format!("{} · at {at}", details.join(" · "))}</div>
            { if a.role == Role::Signature {
                html! { <div class="muted">{NOT_VERIFIED}</div> }
            } else { html! {} } }
        </li>
    }
}
