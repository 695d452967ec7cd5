//! Calendar dates, ISO `YYYY-MM-DD`, and the date phrases of Vietnamese legal text.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date (proleptic Gregorian). Ordered chronologically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1800..=2200).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        if day > days_in_month(year, month as u8) as u32 {
            return None;
        }
        Some(Date { year, month: month as u8, day: day as u8 })
    }

    /// Parse `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut it = s.trim().splitn(3, '-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        Date::new(y, m, d)
    }

    /// Parse `dd/mm/yyyy`, `dd-mm-yyyy` or `dd.mm.yyyy` (day first, as written in Vietnam).
    pub fn parse_dmy(s: &str) -> Option<Date> {
        let parts: Vec<&str> = s.trim().split(['/', '-', '.']).collect();
        if parts.len() != 3 {
            return None;
        }
        Date::new(parts[2].trim().parse().ok()?, parts[1].trim().parse().ok()?, parts[0].trim().parse().ok()?)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719468;
        let era = if z >= 0 { z } else { z - 146096 } / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        Date { year: (y + if m <= 2 { 1 } else { 0 }) as i32, month: m, day: d }
    }

    /// Today in UTC+7 (Vietnam), from the system clock.
    pub fn today_from_unix(secs: i64) -> Date {
        Date::from_days((secs + 7 * 3600).div_euclid(86400))
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse_iso(&s).ok_or_else(|| serde::de::Error::custom(format!("not a date: {s}")))
    }
}

/// Find the first Vietnamese date phrase `ngày 24 tháng 11 năm 2015` (also `ngày 01/7/2026`,
/// `ngày 01-01-2017`) in `text`; returns the date and the byte range of the phrase.
pub fn find_date_phrase(text: &str) -> Option<(Date, std::ops::Range<usize>)> {
    let mut from = 0;
    while let Some(pos) = text[from..].find("ngày") {
        let start = from + pos;
        let after = &text[start + "ngày".len()..];
        if let Some((date, len)) = parse_date_after_ngay(after) {
            return Some((date, start..start + "ngày".len() + len));
        }
        from = start + "ngày".len();
    }
    None
}

/// Parse ` 24 tháng 11 năm 2015` or ` 24/11/2015` at the start of `s`; returns the date and bytes used.
fn parse_date_after_ngay(s: &str) -> Option<(Date, usize)> {
    let trimmed = s.trim_start();
    let lead = s.len() - trimmed.len();
    let (day, rest) = take_digits(trimmed)?;
    if let Some(r) = rest.strip_prefix('/').or_else(|| rest.strip_prefix('-')).or_else(|| rest.strip_prefix('.')) {
        let (month, r2) = take_digits(r)?;
        let r3 = r2.strip_prefix('/').or_else(|| r2.strip_prefix('-')).or_else(|| r2.strip_prefix('.'))?;
        let (year, r4) = take_digits(r3)?;
        let date = Date::new(year as i32, month, day)?;
        return Some((date, lead + trimmed.len() - r4.len()));
    }
    let r = rest.trim_start();
    let r = r.strip_prefix("tháng")?.trim_start();
    let (month, r) = take_digits(r)?;
    let r = r.trim_start();
    let r = r.strip_prefix("năm")?.trim_start();
    let (year, r) = take_digits(r)?;
    let date = Date::new(year as i32, month, day)?;
    Some((date, lead + trimmed.len() - r.len()))
}

fn take_digits(s: &str) -> Option<(u32, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 || end > 4 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trip_and_days() {
        let d = Date::parse_iso("2015-11-24").unwrap();
        assert_eq!(d.to_string(), "2015-11-24");
        assert_eq!(Date::from_days(d.to_days()), d);
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert!(Date::parse_iso("2015-02-29").is_none());
        assert!(Date::parse_iso("2016-02-29").is_some());
    }

    #[test]
    fn phrases() {
        let (d, _) = find_date_phrase("Hà Nội, ngày 31 tháng 12 năm 2025").unwrap();
        assert_eq!(d.to_string(), "2025-12-31");
        let (d, _) = find_date_phrase("kể từ ngày 01/7/2026.").unwrap();
        assert_eq!(d.to_string(), "2026-07-01");
        assert!(find_date_phrase("ngày … tháng … năm 2026").is_none());
        assert_eq!(Date::parse_dmy("05/12/2025").unwrap().to_string(), "2025-12-05");
    }
}
