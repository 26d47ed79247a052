//! Positioned JSON: parsing, the tree, and JSON Pointers.

mod parser;
mod pointer;
mod tree;
mod view;
mod walk;

pub(crate) use parser::simple_escape;
#[cfg(test)]
pub(crate) use parser::PARSES;
pub use parser::{parse, Issue, IssueKind, Parsed, MAX_DEPTH, MAX_INPUT_LEN};
pub(crate) use pointer::Digits;
pub use pointer::Pointer;
pub use tree::{Arena, Document, Member, Node, Value};
pub use view::{relayout, Layout};
pub use walk::Walk;

#[cfg(test)]
mod tests;
