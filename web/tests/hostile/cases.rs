//! The hostile inputs of the README's hostile-input table, made the same way for every layer
//! that answers them: the CLI (`cli/tests/hostile_table.rs`), the wasm API in Chromium
//! (`web/tests/browser.rs`) and the page (`tests/e2e/hostile.rs`). Each includes this file
//! with `#[path]`; it needs nothing but std, so it builds for wasm too. The two gzip inputs are
//! committed beside it (made with `gzip -9`, no name, mtime 0): wasm has no compressor to make
//! them.

#![allow(dead_code)] // Each layer runs its own subset.

/// One kind of bad input, named as the README's table names it.
pub(crate) struct Case {
    pub(crate) name: &'static str,
    pub(crate) bytes: Vec<u8>,
}

/// The CLI tests' valid manifest (`VALID` in `cli/tests/common/mod.rs`), read from that source
/// so that the layers that cannot link the CLI's test module start from the same bytes.
pub(crate) fn manifest() -> &'static str {
    const SOURCE: &str = include_str!("../../../cli/tests/common/mod.rs");
    const OPEN: &str = "VALID: &str = r#\"";
    let start = SOURCE.find(OPEN).expect("VALID in cli/tests/common/mod.rs") + OPEN.len();
    let end = start + SOURCE[start..].find("\"#;").expect("the end of VALID");
    &SOURCE[start..end]
}

/// [`manifest`] compressed by `gzip -9`.
const MANIFEST_GZ: &[u8] = include_bytes!("manifest.json.gz");
/// 1 MiB of zeros compressed by `gzip -9`: one member of the gzip bomb.
const ZEROS_MIB_GZ: &[u8] = include_bytes!("zeros-1mib.gz");

/// A tar archive of one file with this path (a 512-byte ustar header, the data, padding and
/// the two zero blocks that end it).
pub(crate) fn tar_with(path: &str, data: &[u8]) -> Vec<u8> {
    let mut header = [0u8; 512];
    header[..path.len()].copy_from_slice(path.as_bytes());
    header[100..108].copy_from_slice(b"0000644\0");
    header[108..116].copy_from_slice(b"0000000\0");
    header[116..124].copy_from_slice(b"0000000\0");
    header[124..136].copy_from_slice(format!("{:011o}\0", data.len()).as_bytes());
    header[136..148].copy_from_slice(b"00000000000\0");
    header[156] = b'0';
    header[257..263].copy_from_slice(b"ustar\0");
    header[263..265].copy_from_slice(b"00");
    header[148..156].copy_from_slice(b"        ");
    let sum: u32 = header.iter().map(|&b| u32::from(b)).sum();
    header[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    let mut out = header.to_vec();
    out.extend_from_slice(data);
    out.resize(out.len().div_ceil(512) * 512 + 1024, 0);
    out
}

/// A zip archive of one stored file (local header, data, central directory, end record).
pub(crate) fn zip_with(name: &str, data: &[u8]) -> Vec<u8> {
    let crc = crc32(data);
    let size = (data.len() as u32).to_le_bytes();
    let mut out = Vec::new();
    out.extend_from_slice(b"PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00");
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&size);
    out.extend_from_slice(&size);
    out.extend_from_slice(&(name.len() as u16).to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(data);
    let central = out.len() as u32;
    out.extend_from_slice(b"PK\x01\x02\x14\x00\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00");
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&size);
    out.extend_from_slice(&size);
    out.extend_from_slice(&(name.len() as u16).to_le_bytes());
    out.extend_from_slice(&[0; 12]);
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(name.as_bytes());
    let central_len = out.len() as u32 - central;
    out.extend_from_slice(b"PK\x05\x06\x00\x00\x00\x00\x01\x00\x01\x00");
    out.extend_from_slice(&central_len.to_le_bytes());
    out.extend_from_slice(&central.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

/// The manifest with a byte 0xFF after every opening quote (keys and values).
fn invalid_utf8_in_every_string() -> Vec<u8> {
    let mut out = Vec::new();
    let mut in_string = false;
    for &byte in manifest().as_bytes() {
        out.push(byte);
        if byte == b'"' {
            in_string = !in_string;
            if in_string {
                out.push(0xFF);
            }
        }
    }
    out
}

/// The inputs every test command runs, at every layer.
pub(crate) fn small_cases() -> Vec<Case> {
    let manifest = manifest();
    let mut duplicates = String::from("{");
    for i in 0..10_000 {
        if i > 0 {
            duplicates.push(',');
        }
        duplicates.push_str("\"mediaType\": \"x\"");
    }
    duplicates.push('}');
    // A gzip bomb: 1,000 copies of one gzip member of 1 MiB of zeros (a valid multi-member
    // file that inflates to 1 GiB from about 1 MB).
    let bomb: Vec<u8> = ZEROS_MIB_GZ.repeat(1000);
    vec![
        Case {
            name: "empty file",
            bytes: Vec::new(),
        },
        Case {
            name: "200,000-deep nesting `[[[…`",
            bytes: vec![b'['; 200_000],
        },
        Case {
            name: "200,000-deep objects `{\"a\":{\"a\":…1}}`",
            bytes: ("{\"a\":".repeat(200_000) + "1" + &"}".repeat(200_000)).into_bytes(),
        },
        Case {
            name: "a 1,000,000-digit layer size",
            bytes: manifest
                .replace("29534055", &"9".repeat(1_000_000))
                .into_bytes(),
        },
        Case {
            name: "invalid UTF-8 in every string",
            bytes: invalid_utf8_in_every_string(),
        },
        Case {
            name: "lone surrogates `\\ud800` in keys and values",
            bytes: br#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json\udc00", "annotations": {"k\ud800": "\udfff"}}"#.to_vec(),
        },
        Case {
            name: "NUL bytes inside and outside strings",
            bytes: b"{\"schemaVersion\": 2,\0 \"mediaType\": \"a\0b\"}\0".to_vec(),
        },
        Case {
            name: "10,000 duplicate keys",
            bytes: duplicates.into_bytes(),
        },
        Case {
            name: "UTF-8 byte-order mark",
            bytes: [b"\xEF\xBB\xBF".as_slice(), manifest.as_bytes()].concat(),
        },
        Case {
            name: "UTF-16 LE with its byte-order mark",
            bytes: utf16(manifest, false),
        },
        Case {
            name: "UTF-16 BE with its byte-order mark",
            bytes: utf16(manifest, true),
        },
        Case {
            name: "CRLF line endings",
            bytes: manifest.replace('\n', "\r\n").into_bytes(),
        },
        Case {
            name: "the manifest gzipped",
            bytes: MANIFEST_GZ.to_vec(),
        },
        Case {
            name: "the manifest in a zip file",
            bytes: zip_with("manifest.json", manifest.as_bytes()),
        },
        Case {
            name: "a gzip bomb (1 MB inflating to 1 GiB)",
            bytes: bomb,
        },
        Case {
            name: "a tar with a `../../etc/passwd` entry",
            bytes: tar_with("../../etc/passwd", b"root:x:0:0::/root:/bin/sh\n"),
        },
    ]
}

/// 1,000,000 annotation keys, on one line (26.9 MB).
pub(crate) fn million_keys() -> Case {
    let mut keys = String::from(
        r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "annotations": {"#,
    );
    for i in 0..1_000_000 {
        if i > 0 {
            keys.push(',');
        }
        keys.push_str(&format!("\"com.example.k{i}\": \"v\""));
    }
    keys.push_str("}}");
    Case {
        name: "1,000,000 annotation keys",
        bytes: keys.into_bytes(),
    }
}

/// An array of 1,000,000 empty objects (3 MB).
pub(crate) fn million_entries() -> Case {
    let mut entries = String::from("[");
    for i in 0..1_000_000 {
        if i > 0 {
            entries.push(',');
        }
        entries.push_str("{}");
    }
    entries.push(']');
    Case {
        name: "an array of 1,000,000 entries",
        bytes: entries.into_bytes(),
    }
}

/// An index of about 100 MB (about 480,000 entries).
pub(crate) fn hundred_megabytes() -> Case {
    let entry = r#"{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:3713021b02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca", "size": 1234, "platform": {"architecture": "amd64", "os": "linux"}}"#;
    let mut index = String::from(
        r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": ["#,
    );
    while index.len() < 100 * 1000 * 1000 {
        if !index.ends_with('[') {
            index.push(',');
        }
        index.push_str(entry);
    }
    index.push_str("]}");
    Case {
        name: "a 100 MB index (about 480,000 entries)",
        bytes: index.into_bytes(),
    }
}

/// The inputs of 3 MB and more.
pub(crate) fn large_cases() -> Vec<Case> {
    vec![hundred_megabytes(), million_keys(), million_entries()]
}

/// A report in a table cell: `CODE ×n` in order of first appearance, then the first message
/// (cut at 90 characters), escaped for Markdown.
pub(crate) fn summary(codes: &[String], first_message: Option<&str>) -> String {
    let mut counted: Vec<(&str, usize)> = Vec::new();
    for code in codes {
        match counted.iter_mut().find(|(c, _)| c == code) {
            Some((_, n)) => *n += 1,
            None => counted.push((code, 1)),
        }
    }
    let codes: Vec<String> = counted
        .iter()
        .map(|(code, n)| {
            if *n == 1 {
                (*code).to_owned()
            } else {
                format!("{code} ×{n}")
            }
        })
        .collect();
    let mut text = if codes.is_empty() {
        "no diagnostics".to_owned()
    } else {
        codes.join(", ")
    };
    if let Some(message) = first_message {
        let short: String = message.chars().take(90).collect();
        let ellipsis = if short.len() < message.len() {
            "…"
        } else {
            ""
        };
        text.push_str(&format!(" — “{short}{ellipsis}”"));
    }
    // Messages quote what they found, control characters included: escaped for Markdown.
    text.chars()
        .map(|c| match c {
            '|' => "\\|".to_owned(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}
