//! Several documents checked and fixed together: the input is cut at form feeds (`\x0c`,
//! which JSON never needs) into up to four documents.
#![no_main]
libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let documents: Vec<Vec<u8>> = bytes
        .split(|&b| b == 0x0c)
        .take(4)
        .map(<[u8]>::to_vec)
        .collect();
    ocilint_fuzz::invariants::bundle_holds(&documents);
});
