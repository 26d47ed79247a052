//! serde_json's pretty layout (two spaces a level), written with one write per line's
//! indentation: serde_json's own `PrettyFormatter` writes a level at a time, and a large
//! report's lines are most of its writes. The bytes are the same (tested below).

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};

/// Like `serde_json::to_writer_pretty`, to the byte.
pub(crate) fn to_writer_pretty(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    let mut serializer = Serializer::with_formatter(out, Pretty::default());
    value.serialize(&mut serializer).map_err(io::Error::from)
}

#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

/// Enough for every level a report reaches; deeper levels are written a chunk at a time.
const SPACES: &[u8] = &[b' '; 64];

fn newline_and_indent(
    out: &mut (impl Write + ?Sized),
    first: bool,
    depth: usize,
) -> io::Result<()> {
    out.write_all(if first { b"\n" } else { b",\n" })?;
    indent(out, depth)
}

fn indent(out: &mut (impl Write + ?Sized), depth: usize) -> io::Result<()> {
    let mut width = depth * 2;
    while width > 0 {
        let chunk = width.min(SPACES.len());
        out.write_all(&SPACES[..chunk])?;
        width -= chunk;
    }
    Ok(())
}

impl Pretty {
    fn open(&mut self, out: &mut (impl Write + ?Sized), bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn close(&mut self, out: &mut (impl Write + ?Sized), bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            out.write_all(b"\n")?;
            indent(out, self.depth)?;
        }
        out.write_all(bracket)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        newline_and_indent(out, first, self.depth)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        newline_and_indent(out, first, self.depth)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn the_same_bytes_as_serde_json() {
        let deep = (0..40).fold(
            json!("leaf"),
            |inner, i| json!({ format!("k{i}"): [inner, {}, []] }),
        );
        let value = json!([
            {"a": 1, "b": [1, 2, {"c": null, "d": []}], "e": {}, "f": "x\"y\n"},
            [],
            {},
            [[[]]],
            deep,
        ]);
        let mut ours = Vec::new();
        super::to_writer_pretty(&mut ours, &value).expect("written");
        assert_eq!(
            String::from_utf8(ours).expect("UTF-8"),
            serde_json::to_string_pretty(&value).expect("written")
        );
    }
}
