//! A zip archive of a few small files, written without compression ("stored"): what the
//! page's "Download all" gives. Documents of a few kilobytes gain little from DEFLATE, and a
//! stored entry is its exact bytes, readable by every unzip. No zip64: an archive over 4 GiB, or
//! with 65,535 entries or more, is refused rather than written wrong.

/// The CRC-32 (IEEE 802.3, as zip and gzip use it) of `bytes`.
pub fn crc32(bytes: &[u8]) -> u32 {
    // One table of 256 entries, made once; a bytewise loop is fast enough for documents and
    // keeps the code a page's wasm carries small.
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = [0u32; 256];
        for (n, entry) in table.iter_mut().enumerate() {
            let mut c = n as u32;
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *entry = c;
        }
        table
    });
    !bytes.iter().fold(!0u32, |crc, &b| {
        table[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8)
    })
}

/// Why an archive was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge;

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("too large for a zip archive without zip64 (4 GiB, 65,535 entries)")
    }
}

/// The archive of these `(path, bytes)` entries, in this order, each stored as it is. Paths
/// are written as given (UTF-8, flagged so): use `/` between folders.
pub fn stored(entries: &[(String, Vec<u8>)]) -> Result<Vec<u8>, TooLarge> {
    let count = u16::try_from(entries.len()).map_err(|_| TooLarge)?;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (path, bytes) in entries {
        let offset = u32::try_from(out.len()).map_err(|_| TooLarge)?;
        let size = u32::try_from(bytes.len()).map_err(|_| TooLarge)?;
        let name_len = u16::try_from(path.len()).map_err(|_| TooLarge)?;
        let crc = crc32(bytes);
        // Version 2.0, bit 11: the name is UTF-8; method 0: stored; a fixed date (1980-01-01,
        // the format's first), so the same documents make the same archive.
        let common = |header: &mut Vec<u8>| {
            header.extend_from_slice(&20u16.to_le_bytes());
            header.extend_from_slice(&(1u16 << 11).to_le_bytes());
            header.extend_from_slice(&0u16.to_le_bytes());
            header.extend_from_slice(&0u16.to_le_bytes());
            header.extend_from_slice(&((1u16 << 5) | 1).to_le_bytes());
            header.extend_from_slice(&crc.to_le_bytes());
            header.extend_from_slice(&size.to_le_bytes());
            header.extend_from_slice(&size.to_le_bytes());
            header.extend_from_slice(&name_len.to_le_bytes());
            header.extend_from_slice(&0u16.to_le_bytes());
        };
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        common(&mut out);
        out.extend_from_slice(path.as_bytes());
        out.extend_from_slice(bytes);

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        common(&mut central);
        // Comment length, disk, internal and external attributes, then the local header.
        central.extend_from_slice(&[0; 2 + 2 + 2 + 4]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(path.as_bytes());
    }
    let central_offset = u32::try_from(out.len()).map_err(|_| TooLarge)?;
    let central_size = u32::try_from(central.len()).map_err(|_| TooLarge)?;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&central_size.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_is_the_standard_one() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn an_archive_lists_its_entries_with_their_bytes() {
        let entries = vec![
            ("a.json".to_owned(), b"{}".to_vec()),
            ("blobs/sha256/ab".to_owned(), b"hello".to_vec()),
        ];
        let zip = stored(&entries).unwrap();
        assert_eq!(&zip[..4], b"PK\x03\x04");
        // The end record says two entries, and its central directory starts where it says.
        let end = zip.len() - 22;
        assert_eq!(&zip[end..end + 4], b"PK\x05\x06");
        assert_eq!(u16::from_le_bytes([zip[end + 10], zip[end + 11]]), 2);
        let central = u32::from_le_bytes(zip[end + 16..end + 20].try_into().unwrap()) as usize;
        assert_eq!(&zip[central..central + 4], b"PK\x01\x02");
        // Each entry's bytes follow its local header and name, unchanged.
        let second = zip
            .windows(15)
            .position(|w| w == b"blobs/sha256/ab")
            .unwrap();
        assert_eq!(&zip[second + 15..second + 20], b"hello");
    }
}
