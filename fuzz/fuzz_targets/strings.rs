//! The digest, media-type and URI parsers over any text.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| ocilint_fuzz::invariants::strings_hold(text));
