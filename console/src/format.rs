//! Pure formatting of times, dates and money for the console. The browser supplies the
//! local UTC offset; everything here is plain arithmetic, tested natively.

use shared::date::Date;

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

fn local_ms(ms: i64, offset_minutes: i32) -> i64 {
    ms + i64::from(offset_minutes) * MINUTE_MS
}

/// `3 Dec 2026` for a unix-ms instant in a zone `offset_minutes` east of UTC.
pub fn format_date_ms(ms: i64, offset_minutes: i32) -> String {
    format_date(Date::from_unix_ms(ms, offset_minutes))
}

/// `3 Dec 2026`.
pub fn format_date(date: Date) -> String {
    let (y, m, d) = date.ymd();
    format!("{d} {} {y}", i18n::month_short(u32::from(m)))
}

/// `Dec 3`: a box date in a sentence (boxes are at most months away, so no year).
pub fn format_day(date: Date) -> String {
    let (_, m, d) = date.ymd();
    format!("{} {d}", i18n::month_short(u32::from(m)))
}

/// `14:05` for a unix-ms instant in a zone `offset_minutes` east of UTC.
pub fn format_clock(ms: i64, offset_minutes: i32) -> String {
    let minute = local_ms(ms, offset_minutes).rem_euclid(DAY_MS) / MINUTE_MS;
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// `3 Dec 2026` for an ISO date; the input itself if it is not one.
pub fn format_iso_date(s: &str) -> String {
    match Date::parse(s) {
        Ok(date) => format_date(date),
        Err(_) => s.to_owned(),
    }
}

/// Whole days from the local "today" of `now_ms` to the ISO date (negative if past).
pub fn days_until(iso: &str, now_ms: i64, offset_minutes: i32) -> Option<i64> {
    let date = Date::parse(iso).ok()?;
    Some(i64::from(
        Date::from_unix_ms(now_ms, offset_minutes).days_until(date),
    ))
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
        let dec4 = Date::parse("2026-12-04").unwrap();
        assert_eq!(
            (format_date(dec4), format_day(dec4)),
            ("4 Dec 2026".into(), "Dec 4".into())
        );
        assert_eq!(format_iso_date("soon"), "soon");
        assert_eq!(format_iso_date("2026-13-01"), "2026-13-01");
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
