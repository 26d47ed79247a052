//! CFG004: `created` and `history[].created` are RFC 3339 date-times that Go can parse.

use super::super::prelude::*;

declare_rule! {
    code: "CFG004",
    name: "config-created-rfc3339",
    severity: Error,
    since: "0.1.0",
    summary: "`created` and `history[].created` must be RFC 3339 date-times such as `2015-10-31T22:22:56.015925234Z`.",
    why: "image-spec formats both as RFC 3339 § 5.6 date-times, and a date in another \
          format is an error in practice, not a style issue: image-spec's own validator, \
          Docker, containerd and podman decode the config into Go structs whose `created` is a \
          `time.Time`, and Go refuses anything else (`parsing time \"2015-10-31 \
          22:22:56\" as \"2006-01-02T15:04:05Z07:00\": cannot parse …`), so the whole \
          config cannot be read and the pull fails. Go is stricter than RFC 3339 in two \
          places, both reported: it wants an uppercase `T` and `Z`, and no leap second \
          (`:60`).",
    how_to_fix: "Write `YYYY-MM-DDTHH:MM:SS` with an optional fraction and a zone, in UTC \
                 preferably: `2015-10-31T22:22:56Z` (`date -u +%Y-%m-%dT%H:%M:%SZ`).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#properties",
    examples: [
        invalid(r#"{"created": "2015-10-31 22:22:56", "architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        invalid(r#"{"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}, "history": [{"created": "2015-02-30T00:00:00Z", "created_by": "/bin/sh"}]}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"created": "2015-10-31T22:22:56.015925234Z", "architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}, "history": [{"created": "2015-10-31T23:22:54+01:00"}]}"#, content_type: "application/vnd.oci.image.config.v1+json"),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let Some(root) = ctx.config_root() else {
        return;
    };
    let mut dates: Vec<(&Node, Pointer)> = Vec::new();
    if let Some(member) = root.get("created") {
        dates.push((&member.value, Pointer::root().key("created")));
    }
    if let Some(history) = root.get("history").and_then(|m| m.value.items()) {
        let base = Pointer::root().key("history");
        for (index, entry) in history.iter().enumerate() {
            if let Some(member) = entry.get("created") {
                dates.push((&member.value, base.index(index).key("created")));
            }
        }
    }
    for (node, pointer) in dates {
        // Other types are reported by `config-field-types`.
        let Some(text) = node.as_str() else {
            continue;
        };
        if let Err(problem) = check_date_time(text) {
            out.emit(node.range, pointer, format!("`{text}` {problem}"));
        }
    }
}

/// Checks `text` against RFC 3339 § 5.6 `date-time` as Go's `time.Time` decoding reads it.
fn check_date_time(text: &str) -> Result<(), String> {
    let b = text.as_bytes();
    let example = "like `2015-10-31T22:22:56Z`";
    if !b.is_empty() && b.iter().all(u8::is_ascii_digit) {
        return Err(format!(
            "looks like a Unix timestamp; it must be an RFC 3339 date-time {example}"
        ));
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(range)?;
        if part.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(part).ok()?.parse().ok()
        } else {
            None
        }
    };
    let at = |i: usize| b.get(i).copied();
    let (Some(year), Some(b'-'), Some(month), Some(b'-'), Some(day)) =
        (digits(0..4), at(4), digits(5..7), at(7), digits(8..10))
    else {
        return Err(format!(
            "is not an RFC 3339 date-time {example}: the date must be `YYYY-MM-DD`"
        ));
    };
    match at(10) {
        Some(b'T') => {}
        Some(b't') => {
            return Err(
                "has a lowercase `t`; RFC 3339 allows it, but Go (Docker, containerd, podman) only parses `T`"
                    .to_owned(),
            )
        }
        Some(b' ') => {
            return Err(format!(
                "separates date and time with a space; RFC 3339 needs a `T`, {example}"
            ))
        }
        None => {
            return Err(format!(
                "has a date but no time; RFC 3339 needs both, {example}"
            ))
        }
        Some(_) => {
            return Err(format!(
                "is not an RFC 3339 date-time {example}: a `T` must follow the date"
            ))
        }
    }
    let (Some(hour), Some(b':'), Some(minute), Some(b':'), Some(second)) = (
        digits(11..13),
        at(13),
        digits(14..16),
        at(16),
        digits(17..19),
    ) else {
        return Err(format!(
            "is not an RFC 3339 date-time {example}: the time must be `HH:MM:SS`"
        ));
    };
    let mut i = 19;
    if at(i) == Some(b'.') {
        let start = i + 1;
        i = start;
        while at(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        if i == start {
            return Err("has a `.` with no digits after the seconds".to_owned());
        }
    }
    match at(i) {
        Some(b'Z') if i + 1 == b.len() => {}
        Some(b'z') if i + 1 == b.len() => {
            return Err(
                "has a lowercase `z`; RFC 3339 allows it, but Go (Docker, containerd, podman) only parses `Z`"
                    .to_owned(),
            )
        }
        Some(b'+' | b'-') if i + 6 == b.len() => {
            let (Some(zone_hour), Some(b':'), Some(zone_minute)) =
                (digits(i + 1..i + 3), at(i + 3), digits(i + 4..i + 6))
            else {
                return Err(format!(
                    "has a malformed time zone; write `Z` or `±HH:MM`, {example}"
                ));
            };
            if zone_hour > 23 || zone_minute > 59 {
                return Err("has a time-zone offset out of range".to_owned());
            }
        }
        None => {
            return Err(format!(
                "has no time zone; RFC 3339 needs `Z` (UTC) or an offset such as `+01:00`, {example}"
            ))
        }
        Some(_) => {
            return Err(format!(
                "is not an RFC 3339 date-time {example}: after the seconds come an optional fraction and `Z` or `±HH:MM`"
            ))
        }
    }
    if !(1..=12).contains(&month) {
        return Err(format!("has month {month:02}, which does not exist"));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(format!(
            "has day {day:02} in month {month:02}, which does not exist"
        ));
    }
    if hour > 23 || minute > 59 {
        return Err(format!(
            "has the time {hour:02}:{minute:02}, which does not exist"
        ));
    }
    if second == 60 {
        return Err(
            "has a leap second (`:60`); RFC 3339 allows it, but Go (Docker, containerd, podman) refuses it"
                .to_owned(),
        );
    }
    if second > 60 {
        return Err(format!("has second {second}, which does not exist"));
    }
    Ok(())
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        // Gregorian leap years: divisible by 4, except centuries not divisible by 400.
        2 if matches!((year % 4, year % 100, year % 400), (0, 1.., _) | (_, _, 0)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::check_date_time;

    #[test]
    fn go_compatible_rfc3339() {
        for good in [
            "2015-10-31T22:22:56Z",
            "2015-10-31T22:22:56.015925234Z",
            "2015-10-31T23:22:56+01:00",
            "2016-02-29T00:00:00-08:00",
            "0001-01-01T00:00:00Z",
            "2000-02-29T00:00:00Z",
        ] {
            assert_eq!(check_date_time(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "2015-10-31 22:22:56",
            "2015-10-31T22:22:56",
            "2015-10-31",
            "1446330176",
            "2015-10-31t22:22:56z",
            "2015-10-31T22:22:56z",
            "2015-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2015-13-01T00:00:00Z",
            "2015-10-31T24:00:00Z",
            "2015-12-31T23:59:60Z",
            "2015-10-31T22:22:56.Z",
            "2015-10-31T22:22:56+0100",
            "2015-10-31T22:22:56Z ",
            "15-10-31T22:22:56Z",
            "2015-10-31T22:22:56.123é",
        ] {
            assert!(check_date_time(bad).is_err(), "{bad}");
        }
    }
}
