//! The positioned parser alone: ranges inside the input, children inside their parents.
#![no_main]
libfuzzer_sys::fuzz_target!(|bytes: &[u8]| ocilint_fuzz::invariants::parse_holds(bytes));
