//! `check` against a plain `serde_json::Value` parse of the same bytes, measured in the same
//! run: the yardstick for "how much does ocilint cost over just reading the JSON".
//! `cargo xtask bench` runs this and prints the ratios.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ocilint_core::{check, digest, CheckOptions};
use std::fmt::Write as _;
use std::hint::black_box;

/// An OCI image layout's `index.json` listing `entries` tagged images for several platforms,
/// one entry per line as tools write it: 1.4 MB for 5000 entries. Clean: no diagnostics.
fn large_index(entries: usize) -> Vec<u8> {
    let platforms = [
        ("linux", "amd64", ""),
        ("linux", "arm64", ",\"variant\":\"v8\""),
        ("linux", "arm", ",\"variant\":\"v7\""),
        ("linux", "ppc64le", ""),
        ("linux", "s390x", ""),
        ("windows", "amd64", ""),
    ];
    let mut out = String::from(
        "{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"application/vnd.oci.image.index.v1+json\",\n  \"manifests\": [\n",
    );
    for i in 0..entries {
        let (os, architecture, variant) = platforms[i % platforms.len()];
        let _ = writeln!(
            out,
            "    {{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"{}\",\"size\":{},\"annotations\":{{\"org.opencontainers.image.ref.name\":\"1.{}.{}\"}},\"platform\":{{\"architecture\":\"{architecture}\",\"os\":\"{os}\"{variant}}}}}{}",
            digest::sha256(i.to_string().as_bytes()),
            1000 + i,
            i / 100,
            i % 100,
            if i + 1 < entries { "," } else { "" }
        );
    }
    out.push_str("  ]\n}\n");
    out.into_bytes()
}

const SMALL_MANIFEST: &[u8] = br#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {
    "mediaType": "application/vnd.oci.image.config.v1+json",
    "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443",
    "size": 2297
  },
  "layers": [
    {
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "digest": "sha256:3713021b02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca",
      "size": 29534055
    }
  ]
}"#;

fn bench(c: &mut Criterion) {
    let index = large_index(5000);
    let report = check(&index, &CheckOptions::default());
    assert!(
        report.diagnostics.is_empty(),
        "the benchmark index should be clean: {:?}",
        report.diagnostics.first()
    );
    for (name, bytes) in [
        ("index-5000", index.as_slice()),
        ("manifest-small", SMALL_MANIFEST),
    ] {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("ocilint-check", |b| {
            b.iter(|| check(black_box(bytes), &CheckOptions::default()))
        });
        // The programs modelled from their code (issue 14), against their behaviour tables.
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
            targets: ocilint_core::targets::parse_list(
                "distribution@v3 podman@2025 containerd@2.1",
            )
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
