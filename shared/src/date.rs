//! A calendar date without a time zone, small enough for the widget's wasm: days since
//! 1970-01-01, ISO `YYYY-MM-DD` on the wire, years 0001–9999. Arithmetic saturates at
//! those bounds instead of panicking.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Milliseconds in a minute, an hour and a day.
pub const MINUTE_MS: i64 = 60_000;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A date as days since 1970-01-01 (negative before it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// A string that is not a valid ISO date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum DateError {
    #[error("Use a valid date in the form YYYY-MM-DD.")]
    InvalidDate,
}

impl DateError {
    /// The stable snake_case code, as serialised.
    pub fn code(self) -> &'static str {
        "invalid_date"
    }
}

/// True in leap years of the proleptic Gregorian calendar.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1–12) of `year`; 0 for a month out of range.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's `days_from_civil` / `civil_from_days`, for years ≥ 0.
fn days_from_civil(y: i32, m: u8, d: u8) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (i32::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i32::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

impl Date {
    /// 0001-01-01.
    pub const MIN: Date = Date(-719_162);
    /// 9999-12-31.
    pub const MAX: Date = Date(2_932_896);

    /// The date `year-month-day`, or `None` if it does not exist or is outside 0001–9999.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// The date `days` after 1970-01-01, or `None` outside 0001–9999.
    pub fn from_days(days: i32) -> Option<Date> {
        (Self::MIN.0..=Self::MAX.0)
            .contains(&days)
            .then_some(Date(days))
    }

    /// The local date at unix time `ms` in a zone `utc_offset_minutes` from UTC.
    pub fn from_unix_ms(ms: i64, utc_offset_minutes: i32) -> Date {
        let days = (ms + i64::from(utc_offset_minutes) * MINUTE_MS).div_euclid(DAY_MS);
        Self::from_days_clamped(days)
    }

    /// The date `days` after 1970-01-01, clamped to 0001–9999.
    pub fn from_days_clamped(days: i64) -> Date {
        Date(days.clamp(i64::from(Self::MIN.0), i64::from(Self::MAX.0)) as i32)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.0
    }

    /// `(year, month 1–12, day 1–31)`.
    pub fn ymd(self) -> (i32, u8, u8) {
        civil_from_days(self.0)
    }

    pub fn year(self) -> i32 {
        self.ymd().0
    }

    pub fn month(self) -> u8 {
        self.ymd().1
    }

    pub fn day(self) -> u8 {
        self.ymd().2
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (ISO 4).
        ((i64::from(self.0) + 3).rem_euclid(7) + 1) as u8
    }

    /// `n` days later (earlier if negative), saturating at 0001-01-01 and 9999-12-31.
    pub fn add_days(self, n: i32) -> Date {
        Self::from_days_clamped(i64::from(self.0) + i64::from(n))
    }

    /// Whole days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: Date) -> i32 {
        later.0 - self.0
    }

    /// `n` months later (earlier if negative) on day `day`, clamped to the month's last day.
    /// Saturates at the supported range.
    pub fn add_months_on_day(self, n: i32, day: u8) -> Date {
        let (y, m, _) = self.ymd();
        let index = i64::from(y) * 12 + i64::from(m) - 1 + i64::from(n);
        let year = index.div_euclid(12);
        if year < 1 {
            return Self::MIN;
        }
        if year > 9999 {
            return Self::MAX;
        }
        let year = year as i32;
        let month = (index.rem_euclid(12) + 1) as u8;
        let day = day.clamp(1, days_in_month(year, month));
        Date(days_from_civil(year, month, day))
    }

    /// `n` months later (earlier if negative), keeping the day of the month when it exists
    /// and otherwise using the month's last day (Jan 31 + 1 month = Feb 28 or 29).
    pub fn add_months(self, n: i32) -> Date {
        self.add_months_on_day(n, self.day())
    }

    /// Short English form for logs and tests, like `Dec 4`.
    pub fn short_en(self) -> String {
        let (_, m, d) = self.ymd();
        format!("{} {d}", MONTHS_EN[usize::from(m - 1)])
    }

    /// Parses a strict ISO date, `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            b.get(r)?.iter().try_fold(0u32, |acc, c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::InvalidDate);
        }
        match (digits(0..4), digits(5..7), digits(8..10)) {
            (Some(y), Some(m), Some(d)) => {
                Date::from_ymd(y as i32, m as u8, d as u8).ok_or(DateError::InvalidDate)
            }
            _ => Err(DateError::InvalidDate),
        }
    }
}

impl fmt::Display for Date {
    /// ISO `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Date::parse(s)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn known_dates() {
        assert_eq!(Date::from_ymd(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(d("2000-03-01").days(), 11_017);
        assert_eq!(d("1969-12-31").days(), -1);
        // 2026-11-23 00:00 UTC is 1_795_392_000_000 (see support.rs) and a Monday.
        let monday = Date::from_unix_ms(1_795_392_000_000, 0);
        assert_eq!(
            (monday.to_string(), monday.weekday()),
            ("2026-11-23".into(), 1)
        );
        assert_eq!(d("2026-11-29").weekday(), 7);
        assert_eq!(Date::MIN.to_string(), "0001-01-01");
        assert_eq!(Date::MAX.to_string(), "9999-12-31");
    }

    #[test]
    fn local_date_follows_the_offset() {
        let ms = 1_795_392_000_000 - 1; // 2026-11-22 23:59:59.999 UTC
        assert_eq!(Date::from_unix_ms(ms, 0).to_string(), "2026-11-22");
        assert_eq!(Date::from_unix_ms(ms, 60).to_string(), "2026-11-23");
        assert_eq!(Date::from_unix_ms(ms + 1, -480).to_string(), "2026-11-22");
    }

    #[test]
    fn parse_is_strict() {
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "26-01-01",
            "2026/01/01",
            "2026-01-01T00:00",
            "0000-01-01",
            "+202-01-01",
            "",
        ] {
            assert_eq!(Date::parse(bad), Err(DateError::InvalidDate), "{bad}");
        }
        assert_eq!(d("2024-02-29").ymd(), (2024, 2, 29));
    }

    #[test]
    fn months_clamp_the_day() {
        assert_eq!(d("2026-01-31").add_months(1), d("2026-02-28"));
        assert_eq!(d("2024-01-31").add_months(1), d("2024-02-29"));
        assert_eq!(d("2026-03-31").add_months(-1), d("2026-02-28"));
        assert_eq!(d("2026-12-15").add_months(1), d("2027-01-15"));
        assert_eq!(d("2026-02-28").add_months_on_day(1, 31), d("2026-03-31"));
        assert_eq!(d("2026-05-15").add_months(6), d("2026-11-15"));
        assert_eq!(Date::MAX.add_months(1), Date::MAX);
        assert_eq!(Date::MIN.add_days(-1), Date::MIN);
    }

    #[test]
    fn serde_is_iso_text() {
        let json = serde_json::to_string(&d("2026-12-04")).unwrap();
        assert_eq!(json, "\"2026-12-04\"");
        assert_eq!(
            serde_json::from_str::<Date>(&json).unwrap(),
            d("2026-12-04")
        );
        assert!(serde_json::from_str::<Date>("\"2026-02-30\"").is_err());
        assert_eq!(d("2026-12-04").short_en(), "Dec 4");
        let err = serde_json::to_value(DateError::InvalidDate).unwrap();
        assert_eq!(err["code"], DateError::InvalidDate.code());
    }

    proptest! {
        #[test]
        fn round_trips(days in Date::MIN.0..=Date::MAX.0) {
            let date = Date::from_days(days).unwrap();
            let (y, m, dd) = date.ymd();
            prop_assert_eq!(Date::from_ymd(y, m, dd), Some(date));
            prop_assert_eq!(Date::parse(&date.to_string()), Ok(date));
            prop_assert_eq!(date.add_days(1).weekday() % 7, (date.weekday() + 1) % 7);
        }

        #[test]
        fn add_months_lands_in_the_right_month(days in -200_000i32..200_000, n in -120i32..120) {
            let date = Date::from_days(days).unwrap();
            let later = date.add_months(n);
            let (y, m, dd) = date.ymd();
            let (ly, lm, ld) = later.ymd();
            prop_assert_eq!(i64::from(ly) * 12 + i64::from(lm), i64::from(y) * 12 + i64::from(m) + i64::from(n));
            prop_assert_eq!(ld, dd.min(days_in_month(ly, lm)));
        }
    }
}
