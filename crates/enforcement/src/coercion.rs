//! Thời gian cưỡng chế — when coercion may be organised.
//!
//! "Không tổ chức cưỡng chế thi hành án trong thời gian từ 22 giờ đến 06 giờ sáng ngày hôm sau, các
//! ngày nghỉ, ngày lễ theo quy định của pháp luật" — khoản 2 Điều 46 Luật Thi hành án dân sự
//! 26/2008/QH12 (as amended) and, in the same words, khoản 5 Điều 72 Luật 106/2025/QH15. The rule set in
//! force on the day ([`crate::rules::select`]) gives the provision cited; days off and holidays are the
//! platform calendar's (weekends, statutory holidays incl. Tết, and the government's swaps).
//!
//! Pure: callers pass the calendar. Checked where coercion is organised: the time set for it in a
//! coercion decision ([`crate::workflow::Input::coercion_at`]) and each seizure ([`crate::assets`]).

use lex::Date;
use platform::calendar::Calendar;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::rules::{self, RuleId};

/// First minute of the day coercion may start (06:00).
pub const DAY_STARTS: u32 = 6 * 60;
/// Minute of the day by which coercion must have ended (22:00).
pub const DAY_ENDS: u32 = 22 * 60;

/// A day and a minute of that day, Vietnam time (`2026-06-15 08:30`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment {
    pub on: Date,
    /// Minutes after midnight, 0..1440.
    pub minute: u32,
}

impl Moment {
    /// `2026-06-15 08:30` or `2026-06-15T08:30` (what a datetime-local field sends).
    pub fn parse(s: &str) -> Option<Moment> {
        let s = s.trim();
        let (d, t) = s.split_once([' ', 'T'])?;
        Some(Moment { on: Date::parse_iso(d.trim())?, minute: minute_of_day(t)? })
    }

    /// `08 giờ 30 ngày 15/06/2026`.
    pub fn vi(&self) -> String {
        format!(
            "{:02} giờ {:02} ngày {:02}/{:02}/{}",
            self.minute / 60,
            self.minute % 60,
            self.on.day,
            self.on.month,
            self.on.year
        )
    }
}

impl std::fmt::Display for Moment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {:02}:{:02}", self.on, self.minute / 60, self.minute % 60)
    }
}

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Moment, D::Error> {
        let s = String::deserialize(d)?;
        Moment::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("“{s}”: expected YYYY-MM-DD HH:MM")))
    }
}

/// `08:30` (or `8:30`, `08:30:00`) → minutes after midnight.
pub fn minute_of_day(s: &str) -> Option<u32> {
    let mut parts = s.trim().split(':');
    let h: u32 = parts.next()?.trim().parse().ok()?;
    let m: u32 = parts.next()?.trim().parse().ok()?;
    if let Some(sec) = parts.next() {
        sec.trim().parse::<u32>().ok().filter(|s| *s < 60)?;
    }
    if parts.next().is_some() || h > 23 || m > 59 {
        return None;
    }
    Some(h * 60 + m)
}

/// Why coercion may not be organised on `on` (from minute `start`, if known), citing the provision of
/// the law in force that day; `None` when it may. The night hours are 22:00 up to 06:00: a start at
/// 06:00 is allowed, a start at 22:00 is not.
pub fn refusal(cal: &Calendar, on: Date, start: Option<u32>) -> Option<String> {
    let (set, _) = rules::select(on, None);
    let cite = set.rule(RuleId::NoCoercionHours).map(|r| r.provision.cite()).unwrap_or_default();
    let day = format!("{:02}/{:02}/{}", on.day, on.month, on.year);
    if let Some(reason) = cal.rest_reason(on) {
        return Some(format!(
            "không tổ chức cưỡng chế vào ngày nghỉ, ngày lễ: {day} là {reason} ({cite}) / no coercion on days off or holidays"
        ));
    }
    match start {
        Some(m) if !(DAY_STARTS..DAY_ENDS).contains(&m) => Some(format!(
            "không tổ chức cưỡng chế từ 22 giờ đến 06 giờ sáng ngày hôm sau: {:02} giờ {:02} ngày {day} ({cite}) / no coercion between 22:00 and 06:00",
            m / 60,
            m % 60
        )),
        _ => None,
    }
}

/// The first moment at or after `from` when coercion may be organised (the suggestion offered with a
/// refusal): the same day if it is a working day before 22:00, else 08:00 on the next working day.
pub fn next_allowed(cal: &Calendar, from: Moment) -> Moment {
    if cal.is_working_day(from.on) && from.minute < DAY_ENDS {
        return Moment { on: from.on, minute: from.minute.max(DAY_STARTS) };
    }
    Moment { on: cal.next_working_day(from.on), minute: 8 * 60 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn parses_moments_and_times() {
        assert_eq!(Moment::parse("2026-06-15 08:30"), Some(Moment { on: d("2026-06-15"), minute: 510 }));
        assert_eq!(Moment::parse("2026-06-15T21:59"), Some(Moment { on: d("2026-06-15"), minute: 1319 }));
        assert_eq!(Moment::parse("2026-06-15 24:00"), None);
        assert_eq!(Moment::parse("2026-06-15"), None);
        assert_eq!(Moment::parse("15/06/2026 08:00"), None);
        assert_eq!(minute_of_day("6:05:59"), Some(365));
        assert_eq!(minute_of_day("06:60"), None);
        assert_eq!(Moment::parse("2026-06-15 08:30").unwrap().vi(), "08 giờ 30 ngày 15/06/2026");
        let m: Moment = serde_json::from_str("\"2026-06-15 08:30\"").unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"2026-06-15 08:30\"");
    }

    #[test]
    fn night_hours_days_off_and_holidays_are_refused_with_the_law_in_force() {
        let cal = Calendar::new(vec![]);
        // Monday 15/06/2026, 2008 law.
        assert_eq!(refusal(&cal, d("2026-06-15"), Some(6 * 60)), None);
        assert_eq!(refusal(&cal, d("2026-06-15"), Some(21 * 60 + 59)), None);
        assert_eq!(refusal(&cal, d("2026-06-15"), None), None);
        let night = refusal(&cal, d("2026-06-15"), Some(22 * 60)).unwrap();
        assert!(night.contains("khoản 2 Điều 46") && night.contains("26/2008/QH12"), "{night}");
        assert!(refusal(&cal, d("2026-06-15"), Some(5 * 60 + 59)).is_some());
        // Sunday 21/06/2026 and Saturday 20/06/2026.
        let sunday = refusal(&cal, d("2026-06-21"), Some(9 * 60)).unwrap();
        assert!(sunday.contains("Chủ nhật"), "{sunday}");
        assert!(refusal(&cal, d("2026-06-20"), None).unwrap().contains("Thứ Bảy"));
        // 02/09/2026 (National Day) under the 2025 law.
        let holiday = refusal(&cal, d("2026-09-02"), Some(9 * 60)).unwrap();
        assert!(holiday.contains("khoản 5 Điều 72") && holiday.contains("106/2025/QH15"), "{holiday}");
        // Tết 2027 (the 6th of February is the first day of the lunar year).
        assert!(refusal(&cal, d("2027-02-08"), Some(9 * 60)).is_some());
    }

    #[test]
    fn the_next_allowed_moment() {
        let cal = Calendar::new(vec![]);
        let m = |s: &str| Moment::parse(s).unwrap();
        assert_eq!(next_allowed(&cal, m("2026-06-15 05:00")), m("2026-06-15 06:00"));
        assert_eq!(next_allowed(&cal, m("2026-06-15 14:00")), m("2026-06-15 14:00"));
        assert_eq!(next_allowed(&cal, m("2026-06-19 22:30")), m("2026-06-22 08:00"));
        assert_eq!(next_allowed(&cal, m("2026-06-21 09:00")), m("2026-06-22 08:00"));
        for s in ["2026-06-19 23:00", "2026-08-29 10:00", "2027-02-05 23:59"] {
            let n = next_allowed(&cal, m(s));
            assert_eq!(refusal(&cal, n.on, Some(n.minute)), None, "{s} → {n}");
        }
    }
}
