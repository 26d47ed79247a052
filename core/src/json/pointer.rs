//! RFC 6901 JSON Pointers, built while walking the tree.

use std::fmt;

/// A JSON Pointer such as `/layers/0/digest`; the empty pointer is the whole document.
/// A boxed `str`, not a `String`: a pointer is made once and never grows, and diagnostics
/// that keep one are 8 bytes smaller.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(Box<str>);

impl Pointer {
    pub fn root() -> Self {
        Pointer(Box::default())
    }

    /// This pointer extended by an object member name (escaping `~` and `/`).
    pub fn key(&self, name: &str) -> Self {
        let mut text = String::with_capacity(self.0.len() + name.len() + 1);
        text.push_str(&self.0);
        text.push('/');
        // Runs without `~` or `/` are copied whole: member names rarely have either.
        let mut rest = name;
        while let Some(at) = rest.find(['~', '/']) {
            text.push_str(&rest[..at]);
            text.push_str(if rest.as_bytes()[at] == b'~' {
                "~0"
            } else {
                "~1"
            });
            rest = &rest[at + 1..];
        }
        text.push_str(rest);
        Pointer(text.into_boxed_str())
    }

    /// This pointer extended by an array index.
    pub fn index(&self, index: usize) -> Self {
        let digits = Digits::of(index);
        let mut text = String::with_capacity(self.0.len() + 1 + digits.len());
        text.push_str(&self.0);
        text.push('/');
        digits.push_onto(&mut text);
        Pointer(text.into_boxed_str())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A pointer already written out, whose names need no escaping (a caller that knows them).
    pub(crate) fn from_unescaped_parts(text: String) -> Self {
        debug_assert!(text.is_empty() || text.starts_with('/'));
        Pointer(text.into_boxed_str())
    }

    pub fn into_string(self) -> String {
        self.0.into_string()
    }
}

/// An array index in decimal, written without formatting machinery: pointers to the entries
/// of large indexes are made by the tens of thousands.
pub(crate) struct Digits {
    buffer: [u8; 20],
    start: usize,
}

impl Digits {
    pub(crate) fn of(index: usize) -> Digits {
        let mut buffer = [0u8; 20];
        let mut start = buffer.len();
        let mut rest = index;
        loop {
            start -= 1;
            buffer[start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        Digits { buffer, start }
    }

    pub(crate) fn len(&self) -> usize {
        self.buffer.len() - self.start
    }

    pub(crate) fn push_onto(&self, text: &mut String) {
        text.extend(self.buffer[self.start..].iter().map(|&d| char::from(d)));
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_per_rfc_6901() {
        let pointer = Pointer::root().key("annotations").key("a/b~c").index(2);
        assert_eq!(pointer.as_str(), "/annotations/a~1b~0c/2");
        assert_eq!(Pointer::root().as_str(), "");
        assert_eq!(
            Pointer::root().index(0).index(1234567).as_str(),
            "/0/1234567"
        );
    }
}
