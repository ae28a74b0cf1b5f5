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

/// A point in time: UTC microseconds since the epoch. Written (`Display`, serde) as RFC 3339,
/// read by [`parse`]. Durations stay plain `i64` microseconds ([`SECOND`], [`HOUR`], [`DAY`]),
/// so `ts + DAY` and `later - earlier` read as they mean. Stores bind [`Timestamp::as_micros`]
/// and read back with [`Timestamp::from_micros`]: the column is a BIGINT and this crate stays
/// free of database code.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The epoch itself (1970-01-01T00:00:00Z).
    pub const EPOCH: Timestamp = Timestamp(0);

    /// The current UTC time.
    pub fn now() -> Timestamp {
        Timestamp(now_micros())
    }

    /// The time `micros` microseconds after the epoch.
    pub const fn from_micros(micros: i64) -> Timestamp {
        Timestamp(micros)
    }

    /// Microseconds since the epoch, as tables and hot loops keep time.
    pub const fn as_micros(self) -> i64 {
        self.0
    }

    /// Whole milliseconds since the epoch (rounded down), as Amplitude keeps time.
    pub const fn as_millis(self) -> i64 {
        self.0.div_euclid(1_000)
    }

    /// RFC 3339 in UTC, as [`format_rfc3339`] writes it.
    pub fn to_rfc3339(self) -> String {
        format_rfc3339(self.0)
    }

    /// Anything [`parse`] reads.
    pub fn parse(s: &str) -> Option<Timestamp> {
        parse(s).map(Timestamp)
    }

    /// This time moved back by `micros`, stopping at the ends of `i64` instead of wrapping.
    pub const fn saturating_sub(self, micros: i64) -> Timestamp {
        Timestamp(self.0.saturating_sub(micros))
    }

    /// This time moved forward by `micros`, stopping at the ends of `i64` instead of wrapping.
    pub const fn saturating_add(self, micros: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(micros))
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

/// A time moved forward by a duration in microseconds.
impl std::ops::Add<i64> for Timestamp {
    type Output = Timestamp;
    fn add(self, micros: i64) -> Timestamp {
        Timestamp(self.0 + micros)
    }
}

impl std::ops::AddAssign<i64> for Timestamp {
    fn add_assign(&mut self, micros: i64) {
        self.0 += micros;
    }
}

/// A time moved back by a duration in microseconds.
impl std::ops::Sub<i64> for Timestamp {
    type Output = Timestamp;
    fn sub(self, micros: i64) -> Timestamp {
        Timestamp(self.0 - micros)
    }
}

impl std::ops::SubAssign<i64> for Timestamp {
    fn sub_assign(&mut self, micros: i64) {
        self.0 -= micros;
    }
}

/// The microseconds from `other` to `self`.
impl std::ops::Sub for Timestamp {
    type Output = i64;
    fn sub(self, other: Timestamp) -> i64 {
        self.0 - other.0
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let s = String::deserialize(d)?;
        Timestamp::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("bad timestamp {s}")))
    }
}

/// Serde for a [`Timestamp`] written as its microseconds since the epoch (a plain number), for
/// outputs that have always had numbers there (the funnel's query and report):
/// `#[serde(with = "utc_clock::micros")]`, or `utc_clock::micros::option` for an
/// `Option<Timestamp>` (`null` when absent).
pub mod micros {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::Timestamp;

    pub fn serialize<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(t.as_micros())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        i64::deserialize(d).map(Timestamp::from_micros)
    }

    /// The same for an `Option<Timestamp>`.
    pub mod option {
        use serde::{Deserialize, Deserializer, Serializer};

        use super::Timestamp;

        pub fn serialize<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => s.serialize_some(&t.as_micros()),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
            Option::<i64>::deserialize(d).map(|t| t.map(Timestamp::from_micros))
        }
    }
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

/// A positive length of time as people type it: `1d`, `12h`, `30m`, `90s` (decimals allowed), in
/// microseconds.
pub fn parse_duration(text: &str) -> Option<i64> {
    let t = text.trim();
    let (number, unit) = t.split_at(t.len().checked_sub(1)?);
    let n: f64 = number.parse().ok()?;
    let unit = match unit {
        "d" => DAY,
        "h" => HOUR,
        "m" => 60 * SECOND,
        "s" => SECOND,
        _ => return None,
    };
    (n.is_finite() && n > 0.0 && n * (unit as f64) < 9.0e18).then_some((n * unit as f64) as i64)
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
    fn timestamps_read_write_and_move_by_durations() {
        let t = Timestamp::parse("2026-11-21T10:00:00.5Z").unwrap();
        assert_eq!(t.to_string(), "2026-11-21T10:00:00.5Z");
        assert_eq!((t + DAY).to_rfc3339(), "2026-11-22T10:00:00.5Z");
        assert_eq!((t + HOUR) - t, HOUR);
        assert_eq!(Timestamp::from_micros(t.as_micros()), t);
        assert_eq!(
            Timestamp::from_micros(i64::MIN)
                .saturating_sub(1)
                .as_micros(),
            i64::MIN
        );
        assert!(t < t + 1);
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
