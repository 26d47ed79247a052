//! Reading the inputs: files by path, `-` for standard input, always as exact bytes.

use std::fs;
use std::io::{self, Read};

#[derive(Debug)]
pub(crate) struct Input {
    /// The path as given, or `-`.
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
}

/// Reads every input, or says which one could not be read and why.
pub(crate) fn read_all(names: &[String]) -> Result<Vec<Input>, String> {
    if names.iter().filter(|n| n.as_str() == "-").count() > 1 {
        return Err("`-` (standard input) can be given only once".into());
    }
    names
        .iter()
        .map(|name| {
            let bytes = if name == "-" {
                let mut bytes = Vec::new();
                io::stdin()
                    .lock()
                    .read_to_end(&mut bytes)
                    .map_err(|e| format!("cannot read standard input: {e}"))?;
                bytes
            } else {
                fs::read(name).map_err(|e| format!("cannot read {name}: {}", describe(&e)))?
            };
            Ok(Input {
                name: name.clone(),
                bytes,
            })
        })
        .collect()
}

fn describe(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::IsADirectory => "it is a directory".into(),
        _ => error.to_string(),
    }
}
