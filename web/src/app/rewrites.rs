//! What the page asks of the engine's rewrite, and what comes back: the rewrites offered for
//! the whole bundle, one diagnostic's fix, and the preview of either. The rewrite itself runs
//! in the worker ([`super::engine`]), so a large bundle never freezes the page.

use std::rc::Rc;

use ocilint_core::convert::Format;
use ocilint_core::rewrite::{Request, RewriteReport};
use ocilint_core::FixSafety;
use serde::{Deserialize, Serialize};

/// A rewrite the page asks for, in a form that crosses to the worker (the engine's
/// [`Request`] stays on the engine's side).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum RewriteJob {
    /// One of [`bundle_actions`], by id.
    Bundle(String),
    /// One diagnostic's fix: its code, safety, document and place.
    One {
        code: String,
        safety: FixSafety,
        document: String,
        pointer: String,
    },
}

impl RewriteJob {
    /// What the preview is titled.
    pub(crate) fn label(&self) -> String {
        match self {
            RewriteJob::Bundle(id) => bundle_actions()
                .into_iter()
                .find(|(i, _, _)| i == id)
                .map_or_else(|| id.clone(), |(_, label, _)| label.to_owned()),
            RewriteJob::One { code, .. } => format!("fix {code}"),
        }
    }

    /// The engine's request; `None` for a bundle action this page does not offer.
    pub(crate) fn request(&self) -> Option<Request> {
        match self {
            RewriteJob::Bundle(id) => bundle_actions()
                .into_iter()
                .find(|(i, _, _)| i == id)
                .map(|(_, _, request)| request),
            RewriteJob::One {
                code,
                safety,
                document,
                pointer,
            } => Some(Request::fix_one(code, *safety, document, pointer)),
        }
    }
}

/// A rewrite waiting for the user to apply or discard it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Preview {
    pub(crate) label: String,
    pub(crate) report: Rc<RewriteReport>,
    /// Each document's id and version the rewrite read: a preview of documents edited since
    /// is not applied.
    pub(crate) versions: Vec<(u32, u32)>,
}

/// The rewrites offered for the whole bundle: id, label and the engine's request.
pub(crate) fn bundle_actions() -> Vec<(&'static str, &'static str, Request)> {
    let fix = |include_unsafe| Request::Fix {
        include_unsafe,
        only: Vec::new(),
        platform: None,
        at: None,
    };
    let convert = |to| Request::Convert { to, platform: None };
    vec![
        ("fix-safe", "Apply all safe fixes", fix(false)),
        ("fix-all", "Apply all fixes, unsafe too", fix(true)),
        ("convert-oci", "Convert to OCI", convert(Format::Oci)),
        (
            "convert-docker",
            "Convert to Docker",
            convert(Format::Docker),
        ),
        (
            "split",
            "Split custom layers into an artifact",
            Request::Split {
                index: true,
                platform: None,
                config: None,
            },
        ),
    ]
}
