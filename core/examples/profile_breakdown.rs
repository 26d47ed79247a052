//! Where does `check` spend its time on a large index? (A development aid: `cargo run
//! --release -p ocilint-core --example profile_breakdown`.)

use std::time::Instant;

fn main() {
    let mut out = String::from("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[\n");
    for i in 0..5000 {
        out.push_str(&format!("    {{\n      \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",\n      \"digest\": \"{}\",\n      \"size\": {},\n      \"platform\": {{\n        \"architecture\": \"amd64\",\n        \"os\": \"linux\"\n      }}\n    }}{}\n", ocilint_core::digest::sha256(i.to_string().as_bytes()), 1000 + i, if i < 4999 { "," } else { "" }));
    }
    out.push_str("]}");
    let bytes = out.as_bytes();
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
        std::hint::black_box(ocilint_core::json::parse(bytes));
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
