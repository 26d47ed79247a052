//! `check` against a plain `serde_json::Value` parse of the same bytes, measured in the same
//! run: the yardstick for "how much does ocilint cost over just reading the JSON".
//! `cargo xtask bench` runs this and prints the ratios.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ocilint_core::{check, CheckOptions};
use std::hint::black_box;
use std::time::Duration;

mod documents;
use documents::{index, Platforms, SMALL_MANIFEST};

fn bench(c: &mut Criterion) {
    let clean = index(5000, Platforms::Tagged);
    let report = check(&clean, &CheckOptions::default());
    assert!(
        report.diagnostics.is_empty(),
        "the benchmark index should be clean: {:?}",
        report.diagnostics.first()
    );
    let shared = index(5000, Platforms::Shared);
    let report = check(&shared, &CheckOptions::default());
    assert_eq!(
        report.diagnostics.len(),
        4999,
        "the index with shared platforms should have a diagnostic per entry after the first"
    );
    for (name, bytes) in [
        ("index-5000", clean.as_slice()),
        ("index-5000-shared", shared.as_slice()),
        ("manifest-small", SMALL_MANIFEST),
    ] {
        let mut group = c.benchmark_group(name);
        group
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("ocilint-check", |b| {
            b.iter(|| check(black_box(bytes), &CheckOptions::default()))
        });
        // Programs modelled from their code (issue 14), against targets known only from
        // behaviour tables (reports and documentation).
        let modelled = CheckOptions {
            targets: ocilint_core::targets::parse_list(
                "distribution@v2.8 podman@4.3 containerd@1.6",
            )
            .expect("known targets"),
            ..CheckOptions::default()
        };
        group.bench_function("ocilint-check-models", |b| {
            b.iter(|| check(black_box(bytes), &modelled))
        });
        let tables = CheckOptions {
            targets: ocilint_core::targets::parse_list("docker-hub ecr ghcr")
                .expect("known targets"),
            ..CheckOptions::default()
        };
        group.bench_function("ocilint-check-tables", |b| {
            b.iter(|| check(black_box(bytes), &tables))
        });
        group.bench_function("serde_json-value", |b| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(bytes)))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
