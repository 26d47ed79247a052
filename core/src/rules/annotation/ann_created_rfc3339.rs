//! ANN005: `org.opencontainers.image.created` is an RFC 3339 date-time.

use super::super::prelude::*;

declare_rule! {
    code: "ANN005",
    name: "ann-created-rfc3339",
    severity: Warning,
    since: "0.1.0",
    summary: "`org.opencontainers.image.created` must be an RFC 3339 date-time, e.g. `2024-05-01T10:00:00Z`.",
    why: "image-spec defines the value as the build date and time \"conforming to RFC 3339\" \
          (§5.6: `YYYY-MM-DDTHH:MM:SS[.fraction]` and `Z` or `±hh:mm`). Registries and \
          tools parse it with strict RFC 3339 parsers (Go's `time.RFC3339`) to show and \
          sort images by age; a space instead of `T`, a missing offset, or a Unix \
          timestamp fails that parse and the date is dropped or shown as invalid.",
    how_to_fix: "Write the UTC build time as `2024-05-01T10:00:00Z` (`date -u +%Y-%m-%dT%H:%M:%SZ`), \
                 or with an explicit offset such as `2024-05-01T12:00:00+02:00`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md#pre-defined-annotation-keys",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.created": "2023-01-02 03:04:05"}}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.created": "1700000000"}}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.created": "2023-01-02T03:04:05.123456789+01:00"}}"#),
    ],
    check: Document(check),
}

const KEY: &str = "org.opencontainers.image.created";

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for map in ctx.annotation_maps() {
        for (entry, value) in map.string_entries().filter(|(e, _)| e.key == KEY) {
            // The value MAY be empty; an empty date says nothing, wrongly or rightly.
            if value.is_empty() {
                continue;
            }
            if let Some(problem) = rfc3339_problem(value) {
                let shown: String = value.chars().take(60).collect();
                out.emit(
                    entry.value.range,
                    map.entry_pointer(entry),
                    format!("`{shown}` {problem}; `created` must be an RFC 3339 date-time such as `2024-05-01T10:00:00Z`"),
                );
            }
        }
    }
}

/// Why `value` is not an RFC 3339 §5.6 `date-time` (`T` and `Z` may be lowercase), or
/// `None` when it is one.
pub(super) fn rfc3339_problem(value: &str) -> Option<String> {
    let b = value.as_bytes();
    if !b.is_empty() && b.iter().all(|c| c.is_ascii_digit() || *c == b'.') {
        return Some("is a number (a Unix timestamp?), not a date".into());
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(range)?;
        if part.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(part).ok()?.parse().ok()
        } else {
            None
        }
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return Some("does not start with a date written `YYYY-MM-DD`".into());
    };
    if b[4] != b'-' || b[7] != b'-' {
        return Some("does not start with a date written `YYYY-MM-DD`".into());
    }
    if !(1..=12).contains(&month) {
        return Some(format!("has month {month}"));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Some(format!(
            "has day {day}, which {year}-{month:02} does not have"
        ));
    }
    match b.get(10) {
        None => return Some("is a date without a time".into()),
        Some(b'T' | b't') => {}
        Some(b' ') => {
            return Some("separates the date and the time with a space instead of `T`".into())
        }
        Some(_) => return Some("does not have `T` between the date and the time".into()),
    }
    let (Some(hour), Some(minute), Some(second)) = (digits(11..13), digits(14..16), digits(17..19))
    else {
        return Some("does not have a time written `HH:MM:SS` after the `T`".into());
    };
    if b[13] != b':' || b[16] != b':' {
        return Some("does not have a time written `HH:MM:SS` after the `T`".into());
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Some(format!(
            "has the time {hour:02}:{minute:02}:{second:02}, which does not exist"
        ));
    }
    let mut at = 19;
    if b.get(at) == Some(&b'.') {
        let fraction = b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if fraction == 0 {
            return Some("has a `.` after the seconds without digits".into());
        }
        at += 1 + fraction;
    }
    match b.get(at) {
        None => Some("has no time zone offset (append `Z` for UTC, or `+hh:mm`)".into()),
        Some(b'Z' | b'z') if at + 1 == b.len() => None,
        Some(b'+' | b'-') => {
            let offset = &b[at..];
            let well_formed = offset.len() == 6
                && offset[3] == b':'
                && digits(at + 1..at + 3).is_some_and(|h| h <= 23)
                && digits(at + 4..at + 6).is_some_and(|m| m <= 59);
            if well_formed {
                None
            } else if offset.len() == 5 && offset[1..].iter().all(u8::is_ascii_digit) {
                Some("writes the offset without a colon; RFC 3339 needs `±hh:mm`".into())
            } else {
                Some(format!(
                    "has the offset `{}`, not `Z` or `±hh:mm`",
                    String::from_utf8_lossy(offset)
                        .chars()
                        .take(20)
                        .collect::<String>()
                ))
            }
        }
        Some(b' ') => {
            Some("has text after the time; RFC 3339 allows only `Z` or `±hh:mm` there".into())
        }
        Some(_) => Some("has unexpected characters after the time".into()),
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::rfc3339_problem;

    #[test]
    fn accepts_rfc3339_date_times() {
        for ok in [
            "2023-01-02T03:04:05Z",
            "2023-01-02t03:04:05z",
            "2023-01-02T03:04:05.123456789Z",
            "2023-01-02T03:04:05+01:00",
            "2024-02-29T23:59:60-23:59",
        ] {
            assert_eq!(rfc3339_problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn explains_what_is_wrong() {
        for bad in [
            "2023-01-02 03:04:05",
            "1700000000",
            "2023-01-02",
            "2023-01-02T03:04:05",
            "2023-01-02T03:04:05+0100",
            "2023-13-02T03:04:05Z",
            "2023-02-29T03:04:05Z",
            "2023-01-02T24:00:00Z",
            "2023-01-02T03:04:05.Z",
            "2023-01-02T03:04:05Z trailing",
            "2023-01-02T03:04:05.999 +0000 UTC",
            "Mon Jan 2 15:04:05 2006",
            "2023-01-02T03:04:05+01:00:00",
            "２０２３-01-02T03:04:05Z",
            "",
        ] {
            let problem = rfc3339_problem(bad);
            assert!(problem.is_some() || bad.is_empty(), "{bad}");
        }
    }
}
