//! Where does `check` spend its time on a document? (A development aid: `cargo run
//! --release -p ocilint-core --example profile_breakdown FILE`.)

use std::time::Instant;

fn main() {
    let out = std::fs::read(
        std::env::args()
            .nth(1)
            .expect("usage: profile_breakdown FILE"),
    )
    .expect("readable file");
    let bytes = out.as_slice();
    let time = |name: &str, f: &dyn Fn()| {
        let start = Instant::now();
        for _ in 0..20 {
            f();
        }
        println!(
            "{name:>12}: {:.2} ms",
            start.elapsed().as_secs_f64() * 1000.0 / 20.0
        );
    };
    time("parse", &|| {
        let arena = ocilint_core::json::Arena::new();
        std::hint::black_box(ocilint_core::json::parse(bytes, &arena));
    });
    time("sha256", &|| {
        std::hint::black_box(ocilint_core::digest::sha256(bytes));
    });
    time("line index", &|| {
        std::hint::black_box(ocilint_core::text::LineIndex::new(bytes));
    });
    time("check", &|| {
        std::hint::black_box(ocilint_core::check(bytes, &Default::default()));
    });
    let digests: Vec<String> = (0..5000)
        .map(|i| ocilint_core::digest::sha256(i.to_string().as_bytes()))
        .collect();
    time("5000 digests", &|| {
        for d in &digests {
            std::hint::black_box(ocilint_core::digest::validate(d).is_ok());
        }
    });
    time("serde_json", &|| {
        std::hint::black_box(serde_json::from_slice::<serde_json::Value>(bytes).unwrap());
    });
}
