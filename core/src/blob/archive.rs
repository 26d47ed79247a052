//! A tar archive (an `oci-archive`, a `docker save`), gzip- or zstd-compressed or not, read
//! as one stream: each member scanned once ([`super::scan`]) and handed to the caller, never the
//! archive whole. The CLI (a file, standard input) and the page's verify worker (a `File` read
//! in chunks) give the reader; this reads it, and does no I/O of its own.

use std::cell::Cell;
use std::io::{self, BufRead, BufReader, Read};
use std::rc::Rc;

use super::{member_path, scan, Magic, Scanned, EXPANSION_ALLOWANCE, MAX_EXPANSION_RATIO};

/// One member of the archive, in the order the archive has them.
#[derive(Debug)]
pub enum ArchiveMember {
    /// A regular file, scanned; `path` as [`member_path`] gives it.
    File { path: String, scanned: Scanned },
    /// A symbolic link (its target relative to its folder) or a hard link (relative to the root).
    Link {
        path: String,
        target: String,
        symbolic: bool,
    },
    /// A member that would leave the archive (`../`, an absolute path), with why.
    Refused { raw: String, why: String },
}

/// Reads the tar in `input` (gzip and zstd told by its first bytes, not by a name), calling
/// `member` for each file and link. `name` is how messages call the archive. `Err` when the
/// input cannot be read as a tar (a message for people), or a decompressed archive grows past
/// the bomb limit. `Ok` says what the stream's first bytes were (gzip, zstd or a tar), which
/// decides which loaders can read the archive.
pub fn read_archive(
    input: impl Read,
    name: &str,
    mut member: impl FnMut(ArchiveMember),
) -> Result<Magic, String> {
    let (magic, stream) = tar_stream(input).map_err(|e| format!("cannot read {name}: {e}"))?;
    let mut archive = tar::Archive::new(stream);
    let entries = archive
        .entries()
        .map_err(|e| format!("cannot read {name} as a tar: {e}"))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| format!("cannot read {name} as a tar: {e}"))?;
        // `path` reads PAX and GNU long names.
        let raw = entry
            .path()
            .map_err(|e| format!("cannot read {name}: {e}"))?;
        let raw = raw.to_string_lossy().into_owned();
        let kind = entry.header().entry_type();
        if kind.is_dir() || kind.is_pax_global_extensions() {
            continue;
        }
        let path = match member_path(&raw) {
            Ok(path) => path,
            Err(why) => {
                member(ArchiveMember::Refused { raw, why });
                continue;
            }
        };
        if kind.is_symlink() || kind.is_hard_link() {
            let target = entry
                .link_name()
                .map_err(|e| format!("cannot read {name}: {e}"))?
                .map(|t| t.to_string_lossy().into_owned())
                .unwrap_or_default();
            member(ArchiveMember::Link {
                path,
                target,
                symbolic: kind.is_symlink(),
            });
            continue;
        }
        if !kind.is_file() {
            continue;
        }
        let scanned =
            scan(&path, &mut entry).map_err(|e| format!("cannot read {name}: {raw}: {e}"))?;
        member(ArchiveMember::File { path, scanned });
    }
    Ok(magic)
}

/// The tar stream in `input`: gunzipped or zstd-decoded (every frame) when its first bytes say
/// so, stopped past the bomb limit; with what those bytes were. [`read_archive`] reads it, and
/// so does anything else that must read an archive member by member (the CLI's repair).
pub fn tar_stream<'r>(input: impl Read + 'r) -> io::Result<(Magic, Box<dyn Read + 'r>)> {
    let read = Rc::new(Cell::new(0u64));
    let mut buffered = BufReader::with_capacity(
        256 * 1024,
        Counting {
            inner: input,
            read: Rc::clone(&read),
        },
    );
    let head = buffered.fill_buf()?;
    let magic = Magic::of(&head[..head.len().min(512)]);
    let stream: Box<dyn Read + 'r> = match magic {
        Magic::Gzip => Box::new(Bounded {
            inner: flate2::bufread::MultiGzDecoder::new(buffered),
            out: 0,
            read,
        }),
        Magic::Zstd => Box::new(Bounded {
            inner: ZstdFrames::Between(buffered),
            out: 0,
            read,
        }),
        _ => Box::new(buffered),
    };
    Ok((magic, stream))
}

/// Counts the bytes read of the (compressed) input, for the bomb limit.
struct Counting<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// Stops a compressed archive that expands past the bomb limit ([`MAX_EXPANSION_RATIO`] of
/// what was read, plus [`EXPANSION_ALLOWANCE`]).
struct Bounded<R> {
    inner: R,
    out: u64,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.out += n as u64;
        let limit = self
            .read
            .get()
            .saturating_mul(MAX_EXPANSION_RATIO)
            .saturating_add(EXPANSION_ALLOWANCE);
        if self.out > limit {
            return Err(io::Error::other(format!(
                "the archive decompresses to more than {MAX_EXPANSION_RATIO}× its size (a decompression bomb?); stopped after {} bytes",
                self.out
            )));
        }
        Ok(n)
    }
}

/// Every zstd frame of the stream in turn (`zstd` writes one, `pzstd` and `zstd -T` may write
/// several): the source between frames, or the frame being decoded, which owns it.
enum ZstdFrames<R: BufRead> {
    Between(R),
    Frame(Box<ruzstd::decoding::StreamingDecoder<R, ruzstd::decoding::FrameDecoder>>),
    Failed,
}

impl<R: BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match std::mem::replace(self, ZstdFrames::Failed) {
                ZstdFrames::Frame(mut frame) => {
                    let n = frame.read(buf)?;
                    if n > 0 || buf.is_empty() {
                        *self = ZstdFrames::Frame(frame);
                        return Ok(n);
                    }
                    *self = ZstdFrames::Between(frame.into_inner());
                }
                ZstdFrames::Between(mut source) => {
                    if source.fill_buf()?.is_empty() {
                        *self = ZstdFrames::Between(source);
                        return Ok(0);
                    }
                    let frame = ruzstd::decoding::StreamingDecoder::new(source)
                        .map_err(|e| io::Error::other(format!("not a zstd stream: {e}")))?;
                    *self = ZstdFrames::Frame(Box::new(frame));
                }
                ZstdFrames::Failed => return Err(io::Error::other("the zstd stream failed")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tar_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        for (path, bytes) in members {
            let mut header = tar::Header::new_gnu();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            builder.append_data(&mut header, path, *bytes).unwrap();
        }
        builder.into_inner().unwrap()
    }

    #[test]
    fn each_member_is_scanned_in_archive_order() {
        let tar = tar_of(&[("./oci-layout", b"{}"), ("blobs/sha256/ab", b"layer")]);
        let mut seen = Vec::new();
        read_archive(tar.as_slice(), "a.tar", |m| match m {
            ArchiveMember::File { path, scanned } => seen.push((path, scanned.size)),
            other => panic!("{other:?}"),
        })
        .unwrap();
        assert_eq!(
            seen,
            [("oci-layout".into(), 2), ("blobs/sha256/ab".into(), 5)]
        );
    }

    #[test]
    fn a_gzip_archive_is_read_through_its_decoder() {
        use std::io::Write as _;
        let tar = tar_of(&[("index.json", b"{\"schemaVersion\":2}")]);
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(&tar).unwrap();
        let gz = encoder.finish().unwrap();
        let mut paths = Vec::new();
        read_archive(gz.as_slice(), "a.tar.gz", |m| {
            if let ArchiveMember::File { path, .. } = m {
                paths.push(path);
            }
        })
        .unwrap();
        assert_eq!(paths, ["index.json"]);
    }

    #[test]
    fn what_is_not_a_tar_is_an_error_with_the_archive_named() {
        let error = read_archive(&[7u8; 1000][..], "junk.tar", |_| {}).unwrap_err();
        assert!(error.contains("junk.tar"), "{error}");
    }
}
