//! Each fix alone keeps the document parseable; all of them together settle.
#![no_main]
libfuzzer_sys::fuzz_target!(|bytes: &[u8]| ocilint_fuzz::invariants::fixes_hold(bytes, None));
