//! `check` with no `Content-Type`: the document decides its own type.
#![no_main]
libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    ocilint_fuzz::invariants::check_holds(bytes, None);
});
