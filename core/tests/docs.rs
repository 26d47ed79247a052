//! `docs/rules/` is generated from the rules. When a rule changes, this test rewrites the
//! pages and fails once, so the change to the docs is committed with the rule.

use std::fs;
use std::path::Path;

use ocilint_core::check::docs;
use ocilint_core::rules;

#[test]
fn rule_pages_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules");
    fs::create_dir_all(&dir).expect("docs/rules");
    let mut expected = vec![("README.md".to_owned(), docs::index())];
    for (group, rule) in rules::all() {
        expected.push((
            format!("{}.md", rule.meta.code),
            docs::markdown(group, rule),
        ));
    }
    let mut stale = Vec::new();
    for (name, text) in &expected {
        let path = dir.join(name);
        if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            fs::write(&path, text).expect("write a rule page");
            stale.push(name.clone());
        }
    }
    for entry in fs::read_dir(&dir).expect("docs/rules") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if !expected.iter().any(|(n, _)| *n == name) {
            fs::remove_file(dir.join(&name)).expect("remove a page of a rule that is gone");
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules was out of date and has been regenerated; commit it: {stale:?}"
    );
}
