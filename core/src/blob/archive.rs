//! A tar archive (an `oci-archive`, a `docker save`), gzip- or zstd-compressed or not, read
//! as one stream: each member scanned once ([`super::scan`]) and handed to the caller, never the
//! archive whole. The CLI (a file, standard input) and the page's verify worker (a `File` read
//! in chunks) give the reader; this reads it, and does no I/O of its own.

use std::cell::Cell;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::rc::Rc;

use super::{member_path, scan, Magic, Scanned, EXPANSION_ALLOWANCE, MAX_EXPANSION_RATIO};

/// One member of the archive, in the order the archive has them. `F` is what a regular file
/// comes with: [`Scanned`] when the archive is read ([`read_archive`]), [`Located`] when an
/// uncompressed archive is only located ([`locate_members`]).
#[derive(Debug)]
pub enum ArchiveMember<F = Scanned> {
    /// A regular file; `path` as [`member_path`] gives it.
    File { path: String, scanned: F },
    /// A symbolic link (its target relative to its folder) or a hard link (relative to the root).
    Link {
        path: String,
        target: String,
        symbolic: bool,
    },
    /// A member that would leave the archive (`../`, an absolute path), with why.
    Refused { raw: String, why: String },
}

/// Where a regular file's bytes lie in an uncompressed archive: `size` bytes from `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    pub offset: u64,
    pub size: u64,
}

/// Reads the tar in `input` (gzip and zstd told by its first bytes, not by a name), calling
/// `member` for each file and link. `name` is how messages call the archive. `Err` when the
/// input cannot be read as a tar (a message for people), or a decompressed archive grows past
/// the bomb limit. `Ok` says what the stream's first bytes were (gzip, zstd or a tar), which
/// decides which loaders can read the archive.
pub fn read_archive(
    input: impl Read,
    name: &str,
    member: impl FnMut(ArchiveMember),
) -> Result<Magic, String> {
    let (magic, stream) = tar_stream(input).map_err(|e| format!("cannot read {name}: {e}"))?;
    let mut archive = tar::Archive::new(stream);
    let entries = archive
        .entries()
        .map_err(|e| format!("cannot read {name} as a tar: {e}"))?;
    walk(entries, name, |path, entry| scan(path, entry), member)?;
    Ok(magic)
}

/// What [`locate_members`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// Every member was handed to the caller with where its bytes lie.
    Located,
    /// The archive must be read as one stream ([`read_archive`]): it is compressed (the magic
    /// says how), or a member's bytes are not one run of the archive (a GNU sparse file).
    MustStream(Magic),
}

/// Lists the members of an uncompressed tar without reading their bytes (the reader seeks over
/// them), so a front end that can read any part of the archive at will (the page's `File`) can
/// scan the members as separate blobs, several at once. Nothing is handed to `member` unless
/// the whole archive could be located.
pub fn locate_members(
    mut input: impl Read + Seek,
    name: &str,
    mut member: impl FnMut(ArchiveMember<Located>),
) -> Result<Location, String> {
    let mut head = [0u8; 512];
    let got = read_up_to(&mut input, &mut head).map_err(|e| format!("cannot read {name}: {e}"))?;
    let magic = Magic::of(&head[..got]);
    if matches!(magic, Magic::Gzip | Magic::Zstd) {
        return Ok(Location::MustStream(magic));
    }
    input
        .seek(SeekFrom::Start(0))
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    let mut archive = tar::Archive::new(input);
    let entries = archive
        .entries_with_seek()
        .map_err(|e| format!("cannot read {name} as a tar: {e}"))?;
    let mut members = Vec::new();
    let mut sparse = false;
    walk(
        entries,
        name,
        |_, entry| {
            sparse |= entry.header().entry_type().is_gnu_sparse();
            Ok(Located {
                offset: entry.raw_file_position(),
                size: entry.size(),
            })
        },
        |m| members.push(m),
    )?;
    if sparse {
        return Ok(Location::MustStream(magic));
    }
    members.into_iter().for_each(&mut member);
    Ok(Location::Located)
}

/// Fills `buf` as far as the input goes.
fn read_up_to(input: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match input.read(&mut buf[got..])? {
            0 => break,
            n => got += n,
        }
    }
    Ok(got)
}

/// The walk [`read_archive`] and [`locate_members`] share: names read (PAX and GNU long names),
/// folders skipped, escapes refused, links told apart; `file` says what a regular file comes with.
fn walk<R: Read, F>(
    entries: tar::Entries<'_, R>,
    name: &str,
    mut file: impl FnMut(&str, &mut tar::Entry<'_, R>) -> io::Result<F>,
    mut member: impl FnMut(ArchiveMember<F>),
) -> Result<(), String> {
    for entry in entries {
        let mut entry = entry.map_err(|e| format!("cannot read {name} as a tar: {e}"))?;
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
        if !(kind.is_file() || kind.is_gnu_sparse()) {
            continue;
        }
        let scanned =
            file(&path, &mut entry).map_err(|e| format!("cannot read {name}: {raw}: {e}"))?;
        member(ArchiveMember::File { path, scanned });
    }
    Ok(())
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
    fn an_uncompressed_archive_is_located_member_by_member_without_reading_them() {
        let long = format!("blobs/sha256/{}", "a".repeat(120));
        let mut tar = tar::Builder::new(Vec::new());
        for (path, bytes) in [
            ("./oci-layout", &b"{}"[..]),
            (long.as_str(), b"layer bytes"),
        ] {
            let mut header = tar::Header::new_gnu();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            tar.append_data(&mut header, path, bytes).unwrap();
        }
        let mut link = tar::Header::new_gnu();
        link.set_entry_type(tar::EntryType::Symlink);
        link.set_size(0);
        link.set_cksum();
        tar.append_link(&mut link, "index.json", "oci-layout")
            .unwrap();
        let tar = tar.into_inner().unwrap();
        let mut files = Vec::new();
        let mut links = Vec::new();
        let location = locate_members(io::Cursor::new(&tar), "a.tar", |m| match m {
            ArchiveMember::File { path, scanned } => files.push((path, scanned)),
            ArchiveMember::Link { path, target, .. } => links.push((path, target)),
            ArchiveMember::Refused { raw, why } => panic!("{raw}: {why}"),
        })
        .unwrap();
        assert_eq!(location, Location::Located);
        let bytes_of = |l: &Located| &tar[l.offset as usize..(l.offset + l.size) as usize];
        assert_eq!(files.len(), 2);
        assert_eq!(
            (files[0].0.as_str(), bytes_of(&files[0].1)),
            ("oci-layout", &b"{}"[..])
        );
        // A GNU long name (a member of its own before the file) is read, and skipped over.
        assert_eq!(
            (&files[1].0, bytes_of(&files[1].1)),
            (&long, &b"layer bytes"[..])
        );
        assert_eq!(links, [("index.json".to_owned(), "oci-layout".to_owned())]);
    }

    #[test]
    fn a_compressed_archive_must_be_streamed_and_an_escape_is_refused_when_located() {
        use std::io::Write as _;
        let tar = tar_of(&[("index.json", b"{}")]);
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(&tar).unwrap();
        let gz = encoder.finish().unwrap();
        let mut called = false;
        let location = locate_members(io::Cursor::new(gz), "a.tar.gz", |_| called = true).unwrap();
        assert_eq!(location, Location::MustStream(Magic::Gzip));
        assert!(!called);

        let mut escape = tar_of(&[("index.json", b"{}")]);
        // The name field of the first header, rewritten past the builder's own check.
        escape[..13].copy_from_slice(b"../index.json");
        let mut header = tar::Header::from_byte_slice(&escape[..512]).clone();
        header.set_cksum();
        escape[..512].copy_from_slice(header.as_bytes());
        let mut refused = Vec::new();
        locate_members(io::Cursor::new(escape), "a.tar", |m| {
            if let ArchiveMember::Refused { raw, .. } = m {
                refused.push(raw);
            }
        })
        .unwrap();
        assert_eq!(refused, ["../index.json"]);
    }

    #[test]
    fn what_is_not_a_tar_is_an_error_with_the_archive_named() {
        let error = read_archive(&[7u8; 1000][..], "junk.tar", |_| {}).unwrap_err();
        assert!(error.contains("junk.tar"), "{error}");
    }
}
