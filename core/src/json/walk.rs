//! Visiting every value of a tree without recursion and without building a JSON Pointer for
//! each: paths are kept as links to their parent, and a pointer is built only when asked for
//! (when a diagnostic is emitted).

use super::tree::{Node, Value};
use super::Pointer;

/// A step from a container to one of its children.
#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Where a visited value sits: an index into the walk's path arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathId(usize);

/// A depth-first, document-order traversal. `next` yields each value with its path; values
/// inside a container come after it.
#[derive(Debug)]
pub struct Walk<'a> {
    /// (parent, step) per container or value visited; index 0 is the root.
    paths: Vec<(usize, Option<Step<'a>>)>,
    stack: Vec<(&'a Node, usize)>,
}

impl<'a> Walk<'a> {
    pub fn new(root: &'a Node) -> Self {
        Walk {
            paths: vec![(0, None)],
            stack: vec![(root, 0)],
        }
    }

    /// The next value and its path, in document order.
    pub fn next_node(&mut self) -> Option<(&'a Node, PathId)> {
        let (node, path) = self.stack.pop()?;
        match &node.value {
            Value::Object(members) => {
                for member in members.iter().rev() {
                    self.paths.push((path, Some(Step::Key(&member.key))));
                    self.stack.push((&member.value, self.paths.len() - 1));
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate().rev() {
                    self.paths.push((path, Some(Step::Index(index))));
                    self.stack.push((item, self.paths.len() - 1));
                }
            }
            _ => {}
        }
        Some((node, PathId(path)))
    }

    /// The JSON Pointer of a path this walk has yielded.
    pub fn pointer(&self, path: PathId) -> Pointer {
        let mut steps = Vec::new();
        let mut at = path.0;
        while let (parent, Some(step)) = self.paths[at] {
            steps.push(step);
            at = parent;
        }
        steps
            .iter()
            .rev()
            .fold(Pointer::root(), |pointer, step| match step {
                Step::Key(key) => pointer.key(key),
                Step::Index(index) => pointer.index(*index),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[test]
    fn visits_in_document_order_with_pointers() {
        let parsed = parse(br#"{"a": [1, {"b/c": true}], "d": null}"#);
        let root = parsed.document.root.unwrap();
        let mut walk = Walk::new(&root);
        let mut seen = Vec::new();
        while let Some((_, path)) = walk.next_node() {
            seen.push(walk.pointer(path).as_str().to_owned());
        }
        assert_eq!(seen, ["", "/a", "/a/0", "/a/1", "/a/1/b~1c", "/d"]);
    }
}
