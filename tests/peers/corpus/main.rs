//! The peers corpus: several hundred single mutations of four real images (the generator).

mod gen;

#[allow(dead_code)]
#[path = "../blobs.rs"]
mod blobs;

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

