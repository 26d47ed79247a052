//! What the fuzz targets share: the invariants (the same file the property tests use) and the
//! manifest shapes of the structure-aware target.

pub mod api;
#[path = "../../core/tests/invariants/mod.rs"]
pub mod invariants;
pub mod shape;

/// Every invariant over the first document, and the bundle ones over all of them.
pub fn all_hold(documents: &[Vec<u8>]) {
    let Some(first) = documents.first() else {
        return;
    };
    invariants::check_holds(first, None);
    invariants::fixes_hold(first, None);
    invariants::conversion_holds(first);
    invariants::split_holds(first);
    invariants::bundle_holds(documents);
}
