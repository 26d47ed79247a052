//! The peers corpus: several hundred single mutations of four real images, recorded through
//! distribution 2.8, podman 4.3, skopeo 1.9 and containerd 1.6 into `tests/peers/corpus.tsv`,
//! and compared with ocilint's target verdicts from that file alone (no program needed).
//!
//! - Re-recording, as root with `docker-registry skopeo podman containerd` installed:
//!   `cargo test -p ocilint-tests --test peers-corpus -- --ignored record --nocapture`.

mod gen;
mod record;
mod serve;
mod tsv;

#[allow(dead_code)]
#[path = "../blobs.rs"]
mod blobs;
#[allow(dead_code)]
#[path = "../procs.rs"]
mod procs;
#[allow(dead_code)]
#[path = "../registry.rs"]
mod registry;

/// The generator is deterministic and gives several hundred distinct cases.
#[test]
fn generator() {
    let images = gen::Images::new();
    let a = gen::cases(&images);
    let b = gen::cases(&gen::Images::new());
    assert!(a.len() >= 500, "only {} cases", a.len());
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.name, y.name);
        assert_eq!(x.bytes, y.bytes, "{}", x.name);
    }
}

/// Re-records `tests/peers/corpus.tsv` through the real programs (root; see the README).
#[test]
#[ignore = "needs root and docker-registry, skopeo, podman, containerd; see tests/peers/README.md"]
fn record() {
    record::record();
}
