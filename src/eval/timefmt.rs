//! Timestamp parsing for the interaction loader: integer or decimal seconds, or ISO 8601.

/// Integer or decimal seconds, or an ISO 8601 date/date-time (UTC unless an offset is given).
pub(crate) fn parse_timestamp(s: &str) -> Option<i64> {
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
    parse_iso8601(s)
}

fn parse_iso8601(s: &str) -> Option<i64> {
    let num = |t: &str| -> Option<i64> {
        (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok())?
    };
    if !s.is_ascii() {
        return None;
    }
    let (date, rest) = s.split_at(s.len().min(10));
    let mut parts = date.split('-');
    let (y, m, d) = (
        num(parts.next()?)?,
        num(parts.next()?)?,
        num(parts.next()?)?,
    );
    if date.len() != 10 || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut secs = days_from_civil(y, m, d) * 86_400;
    let rest = match rest.strip_prefix(['T', 't', ' ']) {
        Some(r) => r,
        None if rest.is_empty() => return Some(secs),
        None => return None,
    };
    // Split the time of day from the zone designator.
    let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (time, zone) = rest.split_at(zone_at);
    let time = time.split('.').next()?; // fractional seconds are dropped
    let mut hms = time.split(':');
    let h = num(hms.next()?)?;
    let mi = num(hms.next()?)?;
    let sec = match hms.next() {
        Some(t) => num(t)?,
        None => 0,
    };
    if hms.next().is_some() || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    secs += h * 3600 + mi * 60 + sec;
    match zone {
        "" | "Z" | "z" => Some(secs),
        _ => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 && digits.len() != 2 {
                return None;
            }
            let oh = num(&digits[..2])?;
            let om = if digits.len() == 4 {
                num(&digits[2..])?
            } else {
                0
            };
            Some(secs - sign * (oh * 3600 + om * 60))
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp("881250949"), Some(881_250_949));
        assert_eq!(parse_timestamp("881250949.7"), Some(881_250_949));
        assert_eq!(parse_timestamp("-3"), Some(-3));
        assert_eq!(parse_timestamp("2000-03-01"), Some(951_868_800));
        assert_eq!(
            parse_timestamp("2000-02-29T23:59:59.999Z"),
            Some(951_868_799)
        );
        assert_eq!(
            parse_timestamp("2000-03-01T01:30-01:30"),
            Some(951_868_800 + 3 * 3600)
        );
        assert_eq!(parse_timestamp("1969-12-31T23:59:59Z"), Some(-1));
        assert_eq!(parse_timestamp("2000-13-01"), None);
        assert_eq!(parse_timestamp("2000-01-01T25:00"), None);
        assert_eq!(parse_timestamp("tomorrow"), None);
        assert_eq!(parse_timestamp("NaN"), None);
        assert_eq!(parse_timestamp("é2000-01-01"), None);
    }
}
