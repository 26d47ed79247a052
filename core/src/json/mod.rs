//! Positioned JSON: parsing, the tree, and JSON Pointers.

mod parser;
mod pointer;
mod tree;

pub use parser::{parse, Issue, IssueKind, Parsed, MAX_DEPTH, MAX_INPUT_LEN};
pub use pointer::Pointer;
pub use tree::{Document, Member, Node, Value};

#[cfg(test)]
mod tests;
