//! Time, once: every table, event and report keeps time as UTC microseconds since the epoch.
//! This module owns the units, the clock, and the one way a time is written (RFC 3339) and read
//! (RFC 3339, ISO 8601 or a date; the offline loader also takes epoch seconds).

use time::format_description::well_known::{Iso8601, Rfc3339};
use time::{Date, OffsetDateTime, PrimitiveDateTime};

/// One second in microseconds.
pub const SECOND: i64 = 1_000_000;
/// One hour in microseconds.
pub const HOUR: i64 = 3_600 * SECOND;
/// One day in microseconds.
pub const DAY: i64 = 24 * HOUR;

/// The current UTC time in microseconds since the epoch.
pub fn now_micros() -> i64 {
    micros_of(OffsetDateTime::now_utc())
}

fn micros_of(t: OffsetDateTime) -> i64 {
    (t.unix_timestamp_nanos() / 1_000) as i64
}

/// RFC 3339 in UTC with as many fractional digits as the time needs
/// (`2026-11-21T10:00:00.123456Z`); empty for a time outside years 0–9999.
pub fn format_rfc3339(micros: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// Parses RFC 3339 (`2026-11-21T10:00:00Z`), ISO 8601 with a reduced time or an offset
/// (`2026-11-21T10:00-01:30`; a space may stand for the `T`; no zone means UTC), or a date
/// (`2026-11-21`, midnight UTC) into UTC microseconds.
pub fn parse(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(micros_of(t));
    }
    if !s.is_ascii() {
        return None;
    }
    if s.len() == 10 {
        let date =
            Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()?;
        return Some(micros_of(date.midnight().assume_utc()));
    }
    // ISO 8601 wants an upper-case `T` and `Z`; people write a space and lower case too.
    let (date, rest) = s.split_at_checked(10)?;
    let rest = rest.strip_prefix(['T', 't', ' '])?.to_ascii_uppercase();
    let iso = format!("{date}T{rest}");
    if let Ok(t) = OffsetDateTime::parse(&iso, &Iso8601::DEFAULT) {
        return Some(micros_of(t));
    }
    PrimitiveDateTime::parse(&iso, &Iso8601::DEFAULT)
        .ok()
        .map(|t| micros_of(t.assume_utc()))
}

/// A time relative to `now` as people type it on a command line or in a funnel spec: `30d`
/// (days ago), `now`, or anything [`parse`] reads.
pub fn parse_when(text: &str, now: i64) -> Option<i64> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("now") {
        return Some(now);
    }
    if let Some(days) = t.strip_suffix('d').and_then(|d| d.parse::<f64>().ok()) {
        return (days.is_finite() && days >= 0.0).then(|| now - (days * DAY as f64) as i64);
    }
    parse(t)
}

/// Epoch seconds (integer or decimal, as interaction files write them) or anything [`parse`]
/// reads, in whole seconds (a fraction is dropped).
pub fn parse_seconds(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(n) = s.parse::<i64>() {
        return Some(n);
    }
    if let Some(x) = s
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && x.abs() < 9.0e18)
    {
        return Some(x.floor() as i64);
    }
    parse(s).map(|micros| micros.div_euclid(SECOND))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips_to_the_microsecond() {
        let t = parse("2026-11-21T10:00:00.123456Z").unwrap();
        assert_eq!(format_rfc3339(t), "2026-11-21T10:00:00.123456Z");
        assert_eq!(parse("2026-11-21").unwrap() % DAY, 0);
        assert_eq!(
            parse("2026-11-21T11:00:00+01:00"),
            parse("2026-11-21T10:00:00Z")
        );
        assert!(parse("yesterday").is_none());
    }

    #[test]
    fn seconds_and_iso_8601() {
        assert_eq!(parse_seconds("881250949"), Some(881_250_949));
        assert_eq!(parse_seconds("881250949.7"), Some(881_250_949));
        assert_eq!(parse_seconds("-3"), Some(-3));
        assert_eq!(parse_seconds("2000-03-01"), Some(951_868_800));
        assert_eq!(parse_seconds("2000-02-29T23:59:59.999Z"), Some(951_868_799));
        assert_eq!(
            parse_seconds("2000-03-01T01:30-01:30"),
            Some(951_868_800 + 3 * 3600)
        );
        assert_eq!(
            parse_seconds("2000-03-01 01:30:00"),
            Some(951_868_800 + 5400)
        );
        assert_eq!(
            parse_seconds("2000-03-01t01:30:00z"),
            Some(951_868_800 + 5400)
        );
        assert_eq!(parse_seconds("1969-12-31T23:59:59Z"), Some(-1));
        assert_eq!(parse_seconds("2000-13-01"), None);
        assert_eq!(parse_seconds("2000-01-01T25:00"), None);
        assert_eq!(parse_seconds("tomorrow"), None);
        assert_eq!(parse_seconds("NaN"), None);
        assert_eq!(parse_seconds("é2000-01-01"), None);
    }
}
