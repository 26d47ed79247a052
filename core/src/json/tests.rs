//! The parser on well-formed, malformed and hostile input. It must never panic, and every
//! problem must come with a position.

use super::*;
use crate::text::TextRange;

fn kinds(parsed: &Parsed<'_>) -> Vec<IssueKind> {
    parsed.issues.iter().map(|i| i.kind).collect()
}

#[test]
fn keeps_duplicate_keys_in_order() {
    let arena = crate::json::Arena::new();
    let parsed = parse(br#"{"a": 1, "a": 2}"#, &arena);
    let root = parsed.document.root.as_ref().unwrap();
    let members = root.members().unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(parsed.document.key_range(&members[0]), TextRange::new(1, 4));
    assert_eq!(
        parsed.document.key_range(&members[1]),
        TextRange::new(9, 12)
    );
    assert_eq!(parsed.document.number_text(&members[1].value), "2");
    assert!(parsed.issues.is_empty());
}

/// A key's range is read from where its text lies in the input, or, for a key that had to be
/// decoded, from the parse's table: both give the quotes' range, at any depth, whatever the
/// escapes, bad bytes or empty names.
#[test]
fn key_ranges_of_borrowed_and_decoded_keys() {
    let source: &[u8] =
        b"{\"\": 0, \"a\\u0062\" : {\"\\n\": [ {\"x\":1} ], \"y\": 2}, \"\xff\": 3, \"\\u00e9t\xc3\xa9\": 4}";
    let arena = crate::json::Arena::new();
    let parsed = parse(source, &arena);
    let document = &parsed.document;
    let mut seen = Vec::new();
    let mut stack = vec![document.root.as_ref().unwrap()];
    while let Some(node) = stack.pop() {
        for member in node.members().unwrap_or_default() {
            let range = document.key_range(member);
            let raw = &source[range.as_usize()];
            assert!(raw.starts_with(b"\"") && raw.ends_with(b"\""), "{raw:?}");
            // The value follows the key, past the colon.
            let between = &source[range.end as usize..member.value.range.start as usize];
            assert_eq!(
                between.iter().filter(|b| !b.is_ascii_whitespace()).count(),
                1
            );
            seen.push((
                member.key.to_owned(),
                String::from_utf8_lossy(raw).into_owned(),
            ));
            stack.push(&member.value);
        }
        stack.extend(node.items().unwrap_or_default());
    }
    seen.sort();
    let expected: Vec<(String, String)> = [
        ("", "\"\""),
        ("\n", "\"\\n\""),
        ("ab", "\"a\\u0062\""),
        ("x", "\"x\""),
        ("y", "\"y\""),
        ("\u{e9}t\u{e9}", "\"\\u00e9t\u{e9}\""),
        ("\u{fffd}", "\"\u{fffd}\""),
    ]
    .into_iter()
    .map(|(k, r)| (k.to_owned(), r.to_owned()))
    .collect();
    let mut expected = expected;
    expected.sort();
    assert_eq!(seen, expected);
}

#[test]
fn keeps_raw_number_text() {
    let arena = crate::json::Arena::new();
    let parsed = parse(b"[1.0, -0, 1e3, 9007199254740993, 2]", &arena);
    let root = parsed.document.root.as_ref().unwrap();
    let texts: Vec<&str> = root
        .items()
        .unwrap()
        .iter()
        .map(|n| parsed.document.number_text(n))
        .collect();
    assert_eq!(texts, ["1.0", "-0", "1e3", "9007199254740993", "2"]);
    assert_eq!(parsed.document.integer(&root.items().unwrap()[4]), Some(2));
    assert_eq!(parsed.document.integer(&root.items().unwrap()[0]), None);
}

#[test]
fn ranges_cover_values_exactly() {
    let source = br#"  {"k" : [true, null, "s\n"]}  "#;
    let arena = crate::json::Arena::new();
    let parsed = parse(source, &arena);
    let root = parsed.document.root.as_ref().unwrap();
    assert_eq!(
        &source[root.range.as_usize()],
        br#"{"k" : [true, null, "s\n"]}"#
    );
    let array = &root.get("k").unwrap().value;
    let string = &array.items().unwrap()[2];
    assert_eq!(&source[string.range.as_usize()], br#""s\n""#);
    assert_eq!(string.as_str(), Some("s\n"));
}

#[test]
fn decodes_escapes_and_surrogate_pairs() {
    let arena = crate::json::Arena::new();
    let parsed = parse(br#""\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00""#, &arena);
    assert!(parsed.issues.is_empty(), "{:?}", parsed.issues);
    let root = parsed.document.root.unwrap();
    assert_eq!(root.as_str(), Some("\"\\/\u{8}\u{c}\n\r\té😀"));
}

#[test]
fn reports_a_byte_order_mark_and_still_parses() {
    let arena = crate::json::Arena::new();
    let parsed = parse(b"\xEF\xBB\xBF{}", &arena);
    assert_eq!(kinds(&parsed), [IssueKind::ByteOrderMark]);
    assert_eq!(parsed.issues[0].range, TextRange::new(0, 3));
    assert!(parsed.document.root.is_some());
}

#[test]
fn reports_invalid_utf8_with_its_bytes() {
    let arena = crate::json::Arena::new();
    let parsed = parse(b"{\"k\": \"ab\xFF\xFEcd\"}", &arena);
    // One diagnostic for the run of two bad bytes.
    assert_eq!(kinds(&parsed), [IssueKind::InvalidUtf8]);
    assert_eq!(parsed.issues[0].range, TextRange::new(9, 11));
    assert_eq!(
        parsed.issues[0].message,
        "invalid UTF-8 (0xFF 0xFE) inside a string"
    );
    let root = parsed.document.root.unwrap();
    assert_eq!(
        root.get("k").unwrap().value.as_str(),
        Some("ab\u{FFFD}\u{FFFD}cd")
    );
}

#[test]
fn reports_lone_surrogates() {
    for source in [&br#""\ud800""#[..], br#""\udc00x""#, br#""\ud800\u0041""#] {
        let arena = crate::json::Arena::new();
        let parsed = parse(source, &arena);
        assert_eq!(kinds(&parsed), [IssueKind::LoneSurrogate], "{source:?}");
        assert!(parsed.document.root.is_some());
    }
}

#[test]
fn reports_raw_control_characters() {
    let arena = crate::json::Arena::new();
    let parsed = parse(b"\"a\tb\"", &arena);
    assert_eq!(kinds(&parsed), [IssueKind::ControlCharacter]);
    assert_eq!(parsed.issues[0].range, TextRange::new(2, 3));
}

#[test]
fn reports_trailing_data_and_keeps_the_tree() {
    let arena = crate::json::Arena::new();
    let parsed = parse(b"{} {}", &arena);
    assert_eq!(kinds(&parsed), [IssueKind::TrailingData]);
    assert_eq!(parsed.issues[0].range, TextRange::new(3, 5));
    assert!(parsed.document.root.is_some());
}

#[test]
fn syntax_errors_say_what_was_expected_and_where() {
    let cases: &[(&[u8], &str, u32)] = &[
        (b"", "expected a JSON value, found end of input", 0),
        (
            b"{",
            "expected a member name in double quotes, found end of input",
            1,
        ),
        (
            b"{\"a\":1,}",
            "trailing comma: expected another member before `}`",
            7,
        ),
        (
            b"[1,]",
            "trailing comma: expected another array element before `]`",
            3,
        ),
        (
            b"{'a': 1}",
            "expected a member name in double quotes, found `'`",
            1,
        ),
        (
            b"{\"a\" 1}",
            "expected `:` after the member name, found `1`",
            5,
        ),
        (b"invalid JSON", "expected a JSON value, found `invalid`", 0),
        (b"{\"v\": 1.0.0}", "expected `,` or `}`, found `.`", 9),
        (b"[01]", "numbers cannot have leading zeros", 1),
        (b"\"abc", "unterminated string: expected a closing `\"`", 0),
        (b"\x89PNG\r\n", "expected a JSON value, found byte 0x89", 0),
        (
            b"[\"\\u12\"]",
            "`\\u` must be followed by four hexadecimal digits",
            2,
        ),
    ];
    for (source, message, at) in cases {
        let arena = crate::json::Arena::new();
        let parsed = parse(source, &arena);
        assert!(parsed.document.root.is_none(), "{source:?}");
        assert_eq!(kinds(&parsed), [IssueKind::Syntax], "{source:?}");
        assert_eq!(parsed.issues[0].message, *message, "{source:?}");
        assert_eq!(parsed.issues[0].range.start, *at, "{source:?}");
    }
}

#[test]
fn twenty_thousand_nested_arrays_give_a_depth_error_not_a_crash() {
    let source = "[".repeat(20_000) + &"]".repeat(20_000);
    let arena = crate::json::Arena::new();
    let parsed = parse(source.as_bytes(), &arena);
    assert_eq!(kinds(&parsed), [IssueKind::TooDeep]);
    assert_eq!(parsed.issues[0].range.start as usize, MAX_DEPTH);
}

#[test]
fn nesting_up_to_the_limit_parses() {
    let source = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    let arena = crate::json::Arena::new();
    let parsed = parse(source.as_bytes(), &arena);
    assert!(parsed.issues.is_empty(), "{:?}", parsed.issues);
}

#[test]
fn ten_thousand_duplicate_keys_parse() {
    let mut source = String::from("{");
    for i in 0..10_000 {
        if i > 0 {
            source.push(',');
        }
        source.push_str("\"k\": 1");
    }
    source.push('}');
    let arena = crate::json::Arena::new();
    let parsed = parse(source.as_bytes(), &arena);
    assert!(parsed.issues.is_empty());
    assert_eq!(
        parsed.document.root.unwrap().members().unwrap().len(),
        10_000
    );
}

#[test]
fn every_prefix_of_a_manifest_is_handled() {
    let manifest = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[{"mediaType":"x","size":-1e3,"digest":"a:\u00e9"}]}"#;
    for end in 0..manifest.len() {
        let arena = crate::json::Arena::new();
        let parsed = parse(&manifest[..end], &arena);
        assert!(!parsed.issues.is_empty(), "prefix of {end} bytes passed");
        for issue in &parsed.issues {
            assert!(
                issue.range.end as usize <= end,
                "range past the end at {end}"
            );
        }
    }
    assert!(parse(manifest, &crate::json::Arena::new())
        .issues
        .is_empty());
}
