//! Pure formatting of times, dates and money for the console. The browser supplies the
//! local UTC offset; everything here is plain arithmetic, tested natively.

use crate::i18n;

const SECOND_MS: i64 = 1_000;
const MINUTE_MS: i64 = 60 * SECOND_MS;
const DAY_MS: i64 = 24 * 60 * MINUTE_MS;

/// A waiting time: `45s`, `3m 05s`, `1h 02m`, `2d 3h`. Negative times count as zero.
pub fn format_wait(ms: i64) -> String {
    let s = ms.max(0) / SECOND_MS;
    match s {
        0..=59 => format!("{s}s"),
        60..=3_599 => format!("{}m {:02}s", s / 60, s % 60),
        3_600..=86_399 => format!("{}h {:02}m", s / 3_600, s % 3_600 / 60),
        _ => format!("{}d {}h", s / 86_400, s % 86_400 / 3_600),
    }
}

/// Days since 1970-01-01 → (year, month 1..=12, day 1..=31), proleptic Gregorian.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Howard Hinnant's algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// (year, month, day) → days since 1970-01-01.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn local_ms(ms: i64, offset_minutes: i32) -> i64 {
    ms + i64::from(offset_minutes) * MINUTE_MS
}

/// `3 Dec 2026` for a unix-ms instant in a zone `offset_minutes` east of UTC.
pub fn format_date_ms(ms: i64, offset_minutes: i32) -> String {
    let (y, m, d) = civil_from_days(local_ms(ms, offset_minutes).div_euclid(DAY_MS));
    format!("{d} {} {y}", i18n::month_short(m))
}

/// `14:05` for a unix-ms instant in a zone `offset_minutes` east of UTC.
pub fn format_clock(ms: i64, offset_minutes: i32) -> String {
    let minute = local_ms(ms, offset_minutes).rem_euclid(DAY_MS) / MINUTE_MS;
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// Parses an ISO `YYYY-MM-DD` date.
pub fn parse_iso_date(s: &str) -> Option<(i64, u32, u32)> {
    let mut parts = s.get(..10)?.splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// `3 Dec 2026` for an ISO date; the input itself if it is not one.
pub fn format_iso_date(s: &str) -> String {
    match parse_iso_date(s) {
        Some((y, m, d)) => format!("{d} {} {y}", i18n::month_short(m)),
        None => s.to_owned(),
    }
}

/// Whole days from the local "today" of `now_ms` to the ISO date (negative if past).
pub fn days_until(iso: &str, now_ms: i64, offset_minutes: i32) -> Option<i64> {
    let (y, m, d) = parse_iso_date(iso)?;
    let today = local_ms(now_ms, offset_minutes).div_euclid(DAY_MS);
    Some(days_from_civil(y, m, d) - today)
}

/// `$69.00` (amounts are in the merchant's currency; the API gives cents only).
pub fn format_money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}{}.{:02}", i18n::CURRENCY_SYMBOL, c / 100, c % 100)
}

/// Five stars, `rating` of them filled, for a 1–5 rating.
pub fn stars(rating: u8) -> String {
    let r = usize::from(rating.min(5));
    format!("{}{}", "★".repeat(r), "☆".repeat(5 - r))
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-11-23T00:00:00Z, a Monday.
    const MON: i64 = 1_795_392_000_000;

    #[test]
    fn waiting_times() {
        assert_eq!(format_wait(-5), "0s");
        assert_eq!(format_wait(999), "0s");
        assert_eq!(format_wait(45_000), "45s");
        assert_eq!(format_wait(60_000), "1m 00s");
        assert_eq!(format_wait(185_000), "3m 05s");
        assert_eq!(format_wait(3_600_000 + 2 * 60_000 + 59_000), "1h 02m");
        assert_eq!(format_wait(2 * DAY_MS + 3 * 3_600_000 + 1), "2d 3h");
    }

    #[test]
    fn civil_round_trips() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(MON / DAY_MS), (2026, 11, 23));
        assert_eq!(days_from_civil(2026, 11, 23), MON / DAY_MS);
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
        for d in (-800_000..800_000).step_by(997) {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
    }

    #[test]
    fn dates_and_clocks_respect_the_offset() {
        assert_eq!(format_date_ms(MON, 0), "23 Nov 2026");
        // UTC−8: still Sunday the 22nd, 16:00.
        assert_eq!(format_date_ms(MON, -480), "22 Nov 2026");
        assert_eq!(format_clock(MON, -480), "16:00");
        assert_eq!(format_clock(MON + 14 * 3_600_000 + 5 * 60_000, 0), "14:05");
        assert_eq!(format_clock(MON + 23 * 3_600_000, 120), "01:00");
    }

    #[test]
    fn iso_dates() {
        assert_eq!(format_iso_date("2026-12-03"), "3 Dec 2026");
        assert_eq!(format_iso_date("soon"), "soon");
        assert_eq!(parse_iso_date("2026-13-01"), None);
        assert_eq!(days_until("2026-11-23", MON + 5, 0), Some(0));
        assert_eq!(days_until("2026-12-02", MON, 0), Some(9));
        assert_eq!(days_until("2026-11-22", MON, 0), Some(-1));
        // In UTC−8 it is still the 22nd.
        assert_eq!(days_until("2026-11-23", MON, -480), Some(1));
    }

    #[test]
    fn money_and_stars() {
        assert_eq!(format_money(6_900), "$69.00");
        assert_eq!(format_money(5), "$0.05");
        assert_eq!(format_money(-1_250), "-$12.50");
        assert_eq!(stars(4), "★★★★☆");
        assert_eq!(stars(9), "★★★★★");
    }
}
