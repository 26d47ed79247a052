//! The platform object written from a user's `os/arch[/variant]`.

use crate::fix::edit::quote;

use super::generate::{Json, Members};

/// `os/arch[/variant]` as a platform object's members (architecture first, as image-spec
/// lists it).
pub(crate) fn platform_members(text: &str) -> Option<Members> {
    let mut parts = text.split('/');
    let os = parts.next().filter(|s| !s.is_empty())?;
    let architecture = parts.next().filter(|s| !s.is_empty())?;
    let variant = parts.next().filter(|s| !s.is_empty());
    if parts.next().is_some() {
        return None;
    }
    let mut members = vec![
        ("architecture".to_owned(), Json::str(architecture)),
        ("os".to_owned(), Json::str(os)),
    ];
    if let Some(variant) = variant {
        members.push(("variant".into(), Json::str(variant)));
    }
    Some(members)
}

/// The platform object of `os/arch[/variant]` on one line, for inserting into an existing
/// document.
pub(crate) fn platform_inline(text: &str) -> Option<String> {
    let fields: Vec<String> = platform_members(text)?
        .iter()
        .map(|(k, v)| format!("{}: {}", quote(k), v.render()))
        .collect();
    Some(format!("{{{}}}", fields.join(", ")))
}
