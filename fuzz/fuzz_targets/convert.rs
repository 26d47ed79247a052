//! Docker ↔ OCI conversion both ways; the lossless round trip gives back the bytes.
#![no_main]
libfuzzer_sys::fuzz_target!(|bytes: &[u8]| ocilint_fuzz::invariants::conversion_holds(bytes));
