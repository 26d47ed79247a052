//! Manifest-shaped documents built from the fuzzer's bytes (`arbitrary`), so that the rules,
//! fixes, conversions and bundle links are reached and not only the JSON syntax.
#![no_main]
use ocilint_fuzz::shape::Bundle;

libfuzzer_sys::fuzz_target!(|bundle: Bundle| ocilint_fuzz::all_hold(&bundle.render()));
