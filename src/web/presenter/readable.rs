//! Times and date ranges as a presenter reads them out ("11:05:48", "5 Dec 11:05",
//! "6 Oct – 5 Nov 2026"), in UTC as the shop keeps them; the exact RFC 3339 time goes beside
//! them in a `datetime` or `title` attribute.

use crate::clock::{DAY, Timestamp};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A UTC time broken into its calendar parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Civil {
    year: i64,
    /// 1 to 12.
    month: usize,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
}

impl Civil {
    /// Howard Hinnant's `civil_from_days`: exact for the proleptic Gregorian calendar.
    fn of(t: Timestamp) -> Civil {
        let micros = t.as_micros();
        let days = micros.div_euclid(DAY);
        let secs = micros.rem_euclid(DAY) / 1_000_000;
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Civil {
            year,
            month: month as usize,
            day,
            hour: secs / 3_600,
            minute: secs / 60 % 60,
            second: secs % 60,
        }
    }

    fn same_date(&self, other: &Civil) -> bool {
        (self.year, self.month, self.day) == (other.year, other.month, other.day)
    }

    /// "5 Dec"
    fn day_month(&self) -> String {
        format!("{} {}", self.day, MONTHS[self.month - 1])
    }

    /// "11:05"
    fn hours_minutes(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }
}

/// When an event happened, read against `now`: "11:05:48" today, "5 Dec 11:05" earlier this
/// year, "5 Dec 2025 11:05" before that.
pub fn moment(t: Timestamp, now: Timestamp) -> String {
    let (at, today) = (Civil::of(t), Civil::of(now));
    if at.same_date(&today) {
        format!("{}:{:02}", at.hours_minutes(), at.second)
    } else if at.year == today.year {
        format!("{} {}", at.day_month(), at.hours_minutes())
    } else {
        format!("{} {} {}", at.day_month(), at.year, at.hours_minutes())
    }
}

/// A date range `[from, to)` in days: "6 Oct – 5 Nov 2026", "6 Dec 2025 – 5 Jan 2026"; a range
/// shorter than two days names its hours too ("5 Dec 2026 09:00 – 6 Dec 2026 10:30").
pub fn range(from: Timestamp, to: Timestamp) -> String {
    let (a, b) = (Civil::of(from), Civil::of(to));
    let dated = |c: &Civil| format!("{} {}", c.day_month(), c.year);
    if to - from < 2 * DAY {
        format!(
            "{} {} – {} {}",
            dated(&a),
            a.hours_minutes(),
            dated(&b),
            b.hours_minutes()
        )
    } else if a.year == b.year {
        format!("{} – {}", a.day_month(), dated(&b))
    } else {
        format!("{} – {}", dated(&a), dated(&b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::HOUR;

    fn at(rfc3339: &str) -> Timestamp {
        Timestamp::parse(rfc3339).expect("a time")
    }

    #[test]
    fn calendar_parts_match_rfc3339_over_centuries() {
        // Every 37 hours and 13 seconds from 1899 to 2101, leap days and centuries among them.
        let mut t = at("1899-12-31T23:59:59Z").as_micros();
        let end = at("2101-01-01T00:00:00Z").as_micros();
        while t < end {
            let c = Civil::of(Timestamp::from_micros(t));
            let written = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                c.year, c.month, c.day, c.hour, c.minute, c.second
            );
            let rfc = Timestamp::from_micros(t).to_rfc3339();
            assert!(rfc.starts_with(&written), "{written} vs {rfc}");
            t += 37 * HOUR + 13_000_000;
        }
    }

    #[test]
    fn moments_say_as_much_as_they_need() {
        let now = at("2026-12-05T18:00:00Z");
        assert_eq!(moment(at("2026-12-05T11:05:48.5Z"), now), "11:05:48");
        assert_eq!(moment(at("2026-12-04T23:59:00Z"), now), "4 Dec 23:59");
        assert_eq!(moment(at("2025-01-09T07:03:00Z"), now), "9 Jan 2025 07:03");
    }

    #[test]
    fn ranges_are_dates_and_short_ones_have_hours() {
        assert_eq!(
            range(at("2026-10-06T10:00:00Z"), at("2026-11-05T10:00:00Z")),
            "6 Oct – 5 Nov 2026"
        );
        assert_eq!(
            range(at("2025-12-06T10:00:00Z"), at("2026-01-05T10:00:00Z")),
            "6 Dec 2025 – 5 Jan 2026"
        );
        assert_eq!(
            range(at("2026-12-05T09:00:00Z"), at("2026-12-06T10:30:00Z")),
            "5 Dec 2026 09:00 – 6 Dec 2026 10:30"
        );
    }
}
