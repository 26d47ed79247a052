#[test]
#[ignore]
fn peers() {}
