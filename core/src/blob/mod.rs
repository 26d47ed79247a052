//! One member of an image layout or archive, read once as a stream: its size, its digest, what
//! its first bytes say it is, and for a compressed layer the digest of what it decompresses to
//! (the `diff_id`). Small JSON members are kept, to be checked as documents.
//!
//! Core does no I/O: the front end hands each member over as a [`Read`] (a file, a tar entry,
//! a worker's chunks), and nothing here holds more than one buffer of it, so an archive of any
//! size is scanned in bounded memory.

use std::cell::Cell;
use std::io::{self, BufRead, BufReader, Read};
use std::rc::Rc;

use sha2::{Digest as _, Sha256, Sha384, Sha512};

mod archive;

pub use archive::{locate_members, read_archive, tar_stream, ArchiveMember, Located, Location};

/// Members kept whole for parsing (indexes, manifests, configs, the layout's own files). A
/// larger member is hashed but not kept, and cannot be checked as a document.
pub const MAX_KEPT_DOCUMENT: u64 = 4 * 1024 * 1024;

/// A compressed layer may decompress to at most this many times the bytes read of it, plus
/// [`EXPANSION_ALLOWANCE`]: deflate cannot exceed 1032:1, and real layers stay far below, so
/// more is a decompression bomb and decoding stops (the layer's `diff_id` is then unchecked).
pub const MAX_EXPANSION_RATIO: u64 = 1100;

/// What any layer may decompress to regardless of ratio (a small layer of zeros).
pub const EXPANSION_ALLOWANCE: u64 = 64 * 1024 * 1024;

/// The bomb limit: decoding stops once the output exceeds `allowance + ratio × bytes read`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub ratio: u64,
    pub allowance: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            ratio: MAX_EXPANSION_RATIO,
            allowance: EXPANSION_ALLOWANCE,
        }
    }
}

/// Bytes read at a time.
const CHUNK: usize = 256 * 1024;

/// What a member's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Magic {
    Gzip,
    Zstd,
    /// A tar stream: `ustar` at offset 257, or an empty archive (only zero blocks).
    Tar,
    /// Starts with `{` or `[` after white space.
    Json,
    Empty,
    Other,
}

impl Magic {
    pub fn as_str(self) -> &'static str {
        match self {
            Magic::Gzip => "gzip",
            Magic::Zstd => "zstd",
            Magic::Tar => "tar",
            Magic::Json => "JSON",
            Magic::Empty => "empty",
            Magic::Other => "other",
        }
    }

    /// Decides from up to the first 512 bytes of a member.
    pub fn of(head: &[u8]) -> Magic {
        if head.is_empty() {
            Magic::Empty
        } else if head.starts_with(&[0x1f, 0x8b]) {
            Magic::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Magic::Zstd
        } else if head.len() >= 262 && &head[257..262] == b"ustar"
            || head.len() == 512 && head.iter().all(|&b| b == 0)
        {
            Magic::Tar
        } else if matches!(
            head.iter().find(|b| !b.is_ascii_whitespace()),
            Some(b'{' | b'[')
        ) {
            Magic::Json
        } else {
            Magic::Other
        }
    }
}

/// What decompressing a gzip or zstd member gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uncompressed {
    /// `sha256:` of the decompressed bytes, and their length.
    Digest { sha256: String, size: u64 },
    /// The bytes are not a valid stream of their compression (the decoder's error).
    Corrupt(String),
    /// Decoding stopped at the bomb limit ([`MAX_EXPANSION_RATIO`]).
    TooLarge { after: u64 },
}

/// Everything one streaming pass learns of a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scanned {
    pub size: u64,
    /// `sha256:<hex>` of the exact bytes.
    pub sha256: String,
    /// The digest under the algorithm the member's path names (`blobs/sha512/…`), when that
    /// is not sha256 and ocilint computes it.
    pub named: Option<String>,
    pub magic: Magic,
    /// For gzip and zstd members.
    pub uncompressed: Option<Uncompressed>,
    /// The bytes, for members that look like JSON (or are the layout's own files) and are at
    /// most [`MAX_KEPT_DOCUMENT`].
    pub kept: Option<Vec<u8>>,
}

impl Scanned {
    /// The digest under `algorithm`, when it was computed.
    pub fn digest(&self, algorithm: &str) -> Option<&str> {
        if algorithm == "sha256" {
            return Some(&self.sha256);
        }
        self.named
            .as_deref()
            .filter(|d| d.split(':').next() == Some(algorithm))
    }

    /// The digest of the content a layer applies: the decompressed bytes of a gzip or zstd
    /// member, the bytes themselves otherwise.
    pub fn diff_id(&self) -> Result<&str, &Uncompressed> {
        match &self.uncompressed {
            None => Ok(&self.sha256),
            Some(Uncompressed::Digest { sha256, .. }) => Ok(sha256),
            Some(other) => Err(other),
        }
    }

    /// Scans bytes already in memory (the page's small files, tests).
    pub fn of(path: &str, bytes: &[u8]) -> Scanned {
        scan(path, bytes).expect("reading a slice cannot fail")
    }
}

/// The algorithm a path `blobs/<algorithm>/<encoded>` names.
pub fn path_algorithm(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("blobs/")?;
    let (algorithm, encoded) = rest.split_once('/')?;
    (!encoded.is_empty() && !encoded.contains('/')).then_some(algorithm)
}

/// Names kept whatever their bytes, so a broken one is still checked as a document.
const LAYOUT_FILES: [&str; 4] = ["oci-layout", "index.json", "manifest.json", "repositories"];

/// Reads `reader` to its end once. `path` is the member's path in the layout (it names the
/// digest algorithm, and whether the member is one of the layout's own files). An error is the
/// reader's: the member could not be read.
pub fn scan(path: &str, reader: impl Read) -> io::Result<Scanned> {
    scan_within(path, reader, Limits::default())
}

/// [`scan`] with other bomb limits.
pub fn scan_within(path: &str, reader: impl Read, limits: Limits) -> io::Result<Scanned> {
    scan_with(path, reader, limits, Sha256Of::Computed)
}

/// Where a member's SHA-256 comes from: hashed here as it is read, or given by the front end,
/// which may have a faster hasher (the page: the browser's native `crypto.subtle.digest` over a
/// blob it holds whole). A given digest is taken as that of exactly the bytes `reader` yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sha256Of {
    Computed,
    /// `sha256:<hex>`.
    Given(String),
    /// The SHA-256 (`sha256:<hex>`) and the length of the bytes `reader` yields, both known to
    /// the front end (the page, holding a blob whole): the rest is read only where something
    /// else needs it (a kept document, a compressed layer's decompressed digest, a digest of
    /// another algorithm), so a plain layer costs its first block.
    Known {
        sha256: String,
        size: u64,
    },
}

/// [`scan_within`], with the member's SHA-256 from `sha256`.
pub fn scan_with(
    path: &str,
    reader: impl Read,
    limits: Limits,
    sha256: Sha256Of,
) -> io::Result<Scanned> {
    let known_size = match &sha256 {
        Sha256Of::Known { size, .. } => Some(*size),
        _ => None,
    };
    let mut hashing = Hashing::new(path, reader, sha256);
    let read = Rc::clone(&hashing.read);
    let mut head = Vec::with_capacity(512);
    (&mut hashing).take(512).read_to_end(&mut head)?;
    let magic = Magic::of(&head);
    hashing.keep = (magic == Magic::Json || LAYOUT_FILES.contains(&path))
        .then(|| head.clone())
        .filter(|_| !hashing.over_keep_limit());
    let compressed = matches!(magic, Magic::Gzip | Magic::Zstd);
    if let Some(size) = known_size {
        if !compressed && hashing.keep.is_none() && hashing.named.is_none() {
            let mut scanned = hashing.finish(magic, None);
            scanned.size = size;
            return Ok(scanned);
        }
    }
    let mut stream = BufReader::with_capacity(CHUNK, io::Cursor::new(head).chain(&mut hashing));
    let uncompressed = match magic {
        Magic::Gzip | Magic::Zstd => Some(decompress(magic, &mut stream, &read, limits)?),
        _ => None,
    };
    // What decoding left (all of it, when nothing was decoded) is hashed all the same.
    io::copy(&mut stream, &mut io::sink())?;
    drop(stream);
    Ok(hashing.finish(magic, uncompressed))
}

/// Decodes every frame (every gzip member, every zstd frame) of the stream, hashing the output.
/// A decoder error is the layer's fault, not the reader's: it is reported, not returned,
/// unless the underlying read failed.
fn decompress<R: BufRead>(
    magic: Magic,
    stream: &mut R,
    read: &Cell<u64>,
    limits: Limits,
) -> io::Result<Uncompressed> {
    let bound = Bound { read, limits };
    let mut hasher = Sha256::new();
    let mut out = 0u64;
    let mut buffer = vec![0u8; CHUNK];
    let mut frames = 0usize;
    loop {
        if frames > 0 && stream.fill_buf()?.is_empty() {
            break;
        }
        frames += 1;
        let result = match magic {
            Magic::Gzip => {
                // One gzip member per pass; flate2 stops at its end.
                let decoder = flate2::bufread::GzDecoder::new(&mut *stream);
                pump(decoder, &mut hasher, &mut out, &mut buffer, &bound)
            }
            _ => match ruzstd::decoding::StreamingDecoder::new(&mut *stream) {
                Ok(decoder) => pump(decoder, &mut hasher, &mut out, &mut buffer, &bound),
                Err(error) => Err(Stop::Corrupt(error.to_string())),
            },
        };
        match result {
            Ok(()) => {}
            Err(Stop::Corrupt(why)) => return Ok(Uncompressed::Corrupt(why)),
            Err(Stop::TooLarge) => return Ok(Uncompressed::TooLarge { after: out }),
        }
        // An empty frame consumed nothing: stop rather than loop.
        if out == 0 && frames > 1 {
            break;
        }
    }
    Ok(Uncompressed::Digest {
        sha256: crate::digest::prefixed_hex("sha256", &hasher.finalize()),
        size: out,
    })
}

struct Bound<'a> {
    read: &'a Cell<u64>,
    limits: Limits,
}

enum Stop {
    Corrupt(String),
    TooLarge,
}

fn pump(
    mut decoder: impl Read,
    hasher: &mut Sha256,
    out: &mut u64,
    buffer: &mut [u8],
    bound: &Bound<'_>,
) -> Result<(), Stop> {
    loop {
        match decoder.read(buffer) {
            Ok(0) => return Ok(()),
            Ok(n) => {
                hasher.update(&buffer[..n]);
                *out += n as u64;
                // Against the bytes read so far, so a bomb stops early.
                let limit = bound.read.get().saturating_mul(bound.limits.ratio);
                if *out > limit.saturating_add(bound.limits.allowance) {
                    return Err(Stop::TooLarge);
                }
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(Stop::Corrupt(error.to_string())),
        }
    }
}

/// Hashes (and, for documents, keeps) every byte read through it.
struct Hashing<R> {
    inner: R,
    size: u64,
    /// `size`, shared with the decoder's bomb check.
    read: Rc<Cell<u64>>,
    /// `Err`: the digest the front end gave, so not computed again.
    sha256: Result<Sha256, String>,
    named: Option<Named>,
    keep: Option<Vec<u8>>,
}

enum Named {
    Sha384(Sha384),
    Sha512(Sha512),
}

impl<R: Read> Hashing<R> {
    fn new(path: &str, inner: R, sha256: Sha256Of) -> Self {
        let named = match path_algorithm(path) {
            Some("sha512") => Some(Named::Sha512(Sha512::new())),
            Some("sha384") => Some(Named::Sha384(Sha384::new())),
            _ => None,
        };
        Hashing {
            inner,
            size: 0,
            read: Rc::new(Cell::new(0)),
            sha256: match sha256 {
                Sha256Of::Computed => Ok(Sha256::new()),
                Sha256Of::Given(digest) | Sha256Of::Known { sha256: digest, .. } => Err(digest),
            },
            named,
            keep: None,
        }
    }

    fn over_keep_limit(&self) -> bool {
        self.size > MAX_KEPT_DOCUMENT
    }

    fn finish(self, magic: Magic, uncompressed: Option<Uncompressed>) -> Scanned {
        let named = self.named.map(|named| match named {
            Named::Sha384(h) => crate::digest::prefixed_hex("sha384", &h.finalize()),
            Named::Sha512(h) => crate::digest::prefixed_hex("sha512", &h.finalize()),
        });
        Scanned {
            size: self.size,
            sha256: match self.sha256 {
                Ok(hasher) => crate::digest::prefixed_hex("sha256", &hasher.finalize()),
                Err(given) => given,
            },
            named,
            magic,
            uncompressed,
            kept: self.keep,
        }
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let bytes = &buf[..n];
        self.size += n as u64;
        self.read.set(self.size);
        if let Ok(hasher) = &mut self.sha256 {
            hasher.update(bytes);
        }
        match &mut self.named {
            Some(Named::Sha384(h)) => h.update(bytes),
            Some(Named::Sha512(h)) => h.update(bytes),
            None => {}
        }
        if let Some(kept) = &mut self.keep {
            if self.size > MAX_KEPT_DOCUMENT {
                self.keep = None;
            } else {
                kept.extend_from_slice(bytes);
            }
        }
        Ok(n)
    }
}

/// A member path as the layout names it: `./` and empty components dropped, `/` separators.
/// `Err` for a path that leaves the layout (`..` above its root, or absolute).
pub fn member_path(raw: &str) -> Result<String, String> {
    if raw.starts_with('/') {
        return Err(format!("`{raw}` is an absolute path"));
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in raw.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("`{raw}` leaves the archive (`..`)"));
                }
            }
            other => parts.push(other),
        }
    }
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn a_gzip_member_has_the_digest_of_its_bytes_and_of_what_they_decompress_to() {
        let content = vec![7u8; 300_000];
        let compressed = gzip(&content);
        let scanned = Scanned::of("blobs/sha256/x", &compressed);
        assert_eq!(scanned.magic, Magic::Gzip);
        assert_eq!(scanned.size, compressed.len() as u64);
        assert_eq!(scanned.sha256, crate::digest::sha256(&compressed));
        assert_eq!(
            scanned.diff_id(),
            Ok(crate::digest::sha256(&content).as_str())
        );
        assert_eq!(scanned.kept, None);
    }

    #[test]
    fn concatenated_gzip_members_decompress_as_one_stream() {
        let mut twice = gzip(b"one ");
        twice.extend(gzip(b"two"));
        let scanned = Scanned::of("x", &twice);
        assert_eq!(
            scanned.diff_id(),
            Ok(crate::digest::sha256(b"one two").as_str())
        );
    }

    #[test]
    fn a_broken_gzip_stream_is_reported_and_its_bytes_still_hashed() {
        let mut broken = gzip(&[1u8; 10_000]);
        let len = broken.len();
        broken.truncate(len / 2);
        let scanned = Scanned::of("x", &broken);
        assert!(matches!(
            scanned.uncompressed,
            Some(Uncompressed::Corrupt(_))
        ));
        assert_eq!(scanned.sha256, crate::digest::sha256(&broken));
        assert_eq!(scanned.size, broken.len() as u64);
    }

    #[test]
    fn a_zstd_member_decompresses_with_the_pure_rust_decoder() {
        // `printf 'hello\n' | zstd -c`, stored here so the test needs no encoder.
        let frame = [
            0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0x31, 0x00, 0x00, b'h', b'e', b'l', b'l', b'o',
            b'\n', 0x53, 0x88, 0xbd, 0x91,
        ];
        let scanned = Scanned::of("blobs/sha256/x", &frame);
        assert_eq!(scanned.magic, Magic::Zstd);
        assert_eq!(
            scanned.diff_id(),
            Ok(crate::digest::sha256(b"hello\n").as_str())
        );
    }

    #[test]
    fn documents_are_kept_and_sha512_paths_hashed_with_sha512() {
        let scanned = Scanned::of("blobs/sha512/abc", b" {\"a\": 1}");
        assert_eq!(scanned.magic, Magic::Json);
        assert_eq!(scanned.kept.as_deref(), Some(&b" {\"a\": 1}"[..]));
        assert_eq!(
            scanned.digest("sha512"),
            crate::digest::compute("sha512", b" {\"a\": 1}").as_deref()
        );
        // The layout's own files are kept whatever they hold.
        assert!(Scanned::of("oci-layout", b"garbage").kept.is_some());
        assert!(Scanned::of("blobs/sha256/x", b"garbage").kept.is_none());
    }

    #[test]
    fn decoding_stops_past_the_bomb_limit() {
        let compressed = gzip(&vec![0u8; 4 * 1024 * 1024]);
        let limits = Limits {
            ratio: 10,
            allowance: 1024 * 1024,
        };
        let scanned = scan_within("x", compressed.as_slice(), limits).unwrap();
        assert!(
            matches!(scanned.uncompressed, Some(Uncompressed::TooLarge { after }) if after < 4 * 1024 * 1024),
            "{:?}",
            scanned.uncompressed
        );
        // The member itself is still hashed whole.
        assert_eq!(scanned.sha256, crate::digest::sha256(&compressed));
    }

    #[test]
    fn a_given_sha256_is_reported_as_the_members_and_the_rest_still_computed() {
        let compressed = gzip(b"layer");
        let given = crate::digest::sha256(&compressed);
        let scanned = scan_with(
            "blobs/sha256/x",
            compressed.as_slice(),
            Limits::default(),
            Sha256Of::Given(given.clone()),
        )
        .unwrap();
        assert_eq!(scanned, Scanned::of("blobs/sha256/x", &compressed));
        // Given, it is not checked against the bytes: the front end vouches for it.
        let other = scan_with(
            "x",
            &b"abc"[..],
            Limits::default(),
            Sha256Of::Given(given.clone()),
        );
        assert_eq!(other.unwrap().sha256, given);
    }

    #[test]
    fn a_known_digest_and_size_spare_reading_a_plain_layer_past_its_first_block() {
        /// Counts what is read through it.
        struct Counted<'a>(&'a [u8], Rc<Cell<usize>>);
        impl Read for Counted<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.read(buf)?;
                self.1.set(self.1.get() + n);
                Ok(n)
            }
        }
        let mut plain = vec![0u8; 64 * 1024];
        plain[257..262].copy_from_slice(b"ustar");
        let read = Rc::new(Cell::new(0));
        let known = Sha256Of::Known {
            sha256: crate::digest::sha256(&plain),
            size: plain.len() as u64,
        };
        let scanned = scan_with(
            "blobs/sha256/x",
            Counted(&plain, Rc::clone(&read)),
            Limits::default(),
            known,
        )
        .unwrap();
        assert_eq!(scanned, Scanned::of("blobs/sha256/x", &plain));
        assert!(read.get() < 4096, "read {} bytes", read.get());

        // A compressed layer is still decoded whole, for its diff_id.
        let compressed = gzip(&plain);
        let read = Rc::new(Cell::new(0));
        let known = Sha256Of::Known {
            sha256: crate::digest::sha256(&compressed),
            size: compressed.len() as u64,
        };
        let scanned = scan_with(
            "blobs/sha256/x",
            Counted(&compressed, Rc::clone(&read)),
            Limits::default(),
            known,
        )
        .unwrap();
        assert_eq!(scanned, Scanned::of("blobs/sha256/x", &compressed));
        assert_eq!(read.get(), compressed.len());
    }

    #[test]
    fn member_paths_are_normalised_and_escapes_refused() {
        assert_eq!(
            member_path("./blobs//sha256/ab").unwrap(),
            "blobs/sha256/ab"
        );
        assert_eq!(member_path("a/../index.json").unwrap(), "index.json");
        assert!(member_path("../etc/passwd").is_err());
        assert!(member_path("/etc/passwd").is_err());
        assert_eq!(path_algorithm("blobs/sha512/ab"), Some("sha512"));
        assert_eq!(path_algorithm("blobs/sha512"), None);
    }
}
