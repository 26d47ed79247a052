//! Splitting custom layers off an image, with and without the index.
#![no_main]
libfuzzer_sys::fuzz_target!(|bytes: &[u8]| ocilint_fuzz::invariants::split_holds(bytes));
