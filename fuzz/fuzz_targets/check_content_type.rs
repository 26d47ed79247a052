//! `check` as a registry receiving a `PUT` with a `Content-Type` would: one of the known
//! media types (first byte), or any header text (up to the first newline) when it is out of range.
#![no_main]
use ocilint_fuzz::invariants::{check_holds, CONTENT_TYPES};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Some((&choice, rest)) = bytes.split_first() else {
        return;
    };
    match CONTENT_TYPES.get(usize::from(choice)) {
        Some(content_type) => {
            check_holds(rest, Some(content_type));
        }
        None => {
            let (header, body) = match rest.iter().position(|&b| b == b'\n') {
                Some(at) => (&rest[..at], &rest[at + 1..]),
                None => (rest, &[][..]),
            };
            check_holds(body, Some(&String::from_utf8_lossy(header)));
        }
    }
});
