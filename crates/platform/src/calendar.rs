//! The working-day calendar and deadline arithmetic (pure).
//!
//! **Rest days.** Saturdays and Sundays, and the public holidays of Điều 112 khoản 1 Bộ luật Lao động
//! 45/2019/QH14: Tết Dương lịch (1/1), Tết Âm lịch (5 days), Ngày Chiến thắng (30/4), Ngày Quốc tế lao
//! động (1/5), Quốc khánh (2/9 and one day next to it) and Giỗ Tổ Hùng Vương (10/3 âm lịch). A holiday
//! that falls on a weekend gives a day off on the next working day (nghỉ bù, Điều 111 khoản 3 of the
//! same Code). The Government fixes each year which Tết days are taken and which day accompanies 2/9
//! (Điều 112 khoản 3), and moves working days for long breaks; those decisions are data
//! ([`Override`]s) that win over the pre-filled rules. (The Labour Code's text is not in
//! `../shared/data`; the provisions are cited from the published Code.)
//!
//! Pre-fill: Tết is the last day of the lunar year and mùng 1–4; the day next to 2/9 is 1/9 when that is
//! a weekday, else 3/9. The lunar dates come from [`lunar`] (Hồ Ngọc Đức's algorithm, UTC+7).
//!
//! **Deadlines** follow Chương X Mục 1 Bộ luật Dân sự 91/2015/QH13 (Điều 144–148); see [`Calendar::deadline`].

use lex::Date;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

/// The Vietnamese lunar calendar (âm lịch), after Hồ Ngọc Đức's algorithm
/// (<https://www.informatik.uni-leipzig.de/~duc/amlich/>): astronomical new moons and solar terms
/// computed for the meridian of UTC+7; month 11 always holds the winter solstice; a leap month is the
/// first month without a major solar term in a year of 13 months.
pub mod lunar {
    use lex::Date;
    use std::f64::consts::PI;

    /// Vietnam's time zone, hours east of UTC.
    pub const TZ: f64 = 7.0;

    /// A lunar date. `leap` marks a leap month (tháng nhuận).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct LunarDate {
        pub day: u32,
        pub month: u32,
        pub year: i32,
        pub leap: bool,
    }

    fn jd(d: Date) -> i64 {
        d.to_days() + 2_440_588
    }

    fn from_jd(jd: i64) -> Date {
        Date::from_days(jd - 2_440_588)
    }

    /// Julian day of the k-th new moon after 1900-01-01 13:52 UTC.
    fn new_moon(k: i64) -> f64 {
        let k = k as f64;
        let t = k / 1236.85;
        let t2 = t * t;
        let t3 = t2 * t;
        let dr = PI / 180.0;
        let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
        jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
        let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
        let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
        let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
        let mut c1 = (0.1734 - 0.000_393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
        c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
        c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
        c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
        c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
        c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
        c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
        let deltat = if t < -11.0 {
            0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
        } else {
            -0.000_278 + 0.000_265 * t + 0.000_262 * t2
        };
        jd1 + c1 - deltat
    }

    /// The local day (Julian day number) of the k-th new moon.
    fn new_moon_day(k: i64) -> i64 {
        (new_moon(k) + 0.5 + TZ / 24.0).floor() as i64
    }

    /// The sun's longitude in radians at a Julian day (fractional, UTC).
    fn sun_longitude(jdn: f64) -> f64 {
        let t = (jdn - 2_451_545.0) / 36525.0;
        let t2 = t * t;
        let dr = PI / 180.0;
        let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
        let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
        let mut dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin();
        dl += (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin() + 0.000_290 * (dr * 3.0 * m).sin();
        let l = (l0 + dl) * dr;
        l - 2.0 * PI * (l / (2.0 * PI)).floor()
    }

    /// The sun's longitude at the start of a local day, as one of 12 sectors (0..=11).
    fn sun_sector(day: i64) -> i64 {
        (sun_longitude(day as f64 - 0.5 - TZ / 24.0) / PI * 6.0).floor() as i64
    }

    /// The first day of lunar month 11 of the lunar year that ends in Gregorian year `yy`.
    fn month11(yy: i32) -> i64 {
        let off = Date::new(yy, 12, 31).map(jd).unwrap_or(0) - 2_415_021;
        let k = (off as f64 / 29.530_588_853).floor() as i64;
        let nm = new_moon_day(k);
        if sun_sector(nm) >= 9 { new_moon_day(k - 1) } else { nm }
    }

    /// Which month after month 11 (1-based) is the leap month, in a 13-month year starting at `a11`.
    fn leap_offset(a11: i64) -> i64 {
        let k = ((a11 as f64 - 2_415_021.076_998_695) / 29.530_588_853 + 0.5).floor() as i64;
        let mut i = 1;
        let mut arc = sun_sector(new_moon_day(k + i));
        loop {
            let last = arc;
            i += 1;
            arc = sun_sector(new_moon_day(k + i));
            if arc == last || i >= 14 {
                break;
            }
        }
        i - 1
    }

    /// The lunar date of a solar date.
    pub fn from_solar(d: Date) -> LunarDate {
        let day_number = jd(d);
        let k = ((day_number as f64 - 2_415_021.076_998_695) / 29.530_588_853).floor() as i64;
        let mut month_start = new_moon_day(k + 1);
        if month_start > day_number {
            month_start = new_moon_day(k);
        }
        let mut a11 = month11(d.year);
        let mut b11 = a11;
        let mut year;
        if a11 >= month_start {
            year = d.year;
            a11 = month11(d.year - 1);
        } else {
            year = d.year + 1;
            b11 = month11(d.year + 1);
        }
        let day = (day_number - month_start + 1) as u32;
        let diff = ((month_start - a11) as f64 / 29.0).floor() as i64;
        let mut leap = false;
        let mut month = diff + 11;
        if b11 - a11 > 365 {
            let leap_diff = leap_offset(a11);
            if diff >= leap_diff {
                month = diff + 10;
                leap = diff == leap_diff;
            }
        }
        if month > 12 {
            month -= 12;
        }
        if month >= 11 && diff < 4 {
            year -= 1;
        }
        LunarDate { day, month: month as u32, year, leap }
    }

    /// The solar date of a lunar date; `None` when it does not exist (a leap month the year lacks).
    pub fn to_solar(l: LunarDate) -> Option<Date> {
        let (a11, b11) =
            if l.month < 11 { (month11(l.year - 1), month11(l.year)) } else { (month11(l.year), month11(l.year + 1)) };
        let k = (0.5 + (a11 as f64 - 2_415_021.076_998_695) / 29.530_588_853).floor() as i64;
        let mut off = l.month as i64 - 11;
        if off < 0 {
            off += 12;
        }
        if b11 - a11 > 365 {
            let leap_off = leap_offset(a11);
            let mut leap_month = leap_off - 2;
            if leap_month < 0 {
                leap_month += 12;
            }
            if l.leap && l.month as i64 != leap_month {
                return None;
            } else if l.leap || off >= leap_off {
                off += 1;
            }
        } else if l.leap {
            return None;
        }
        let start = new_moon_day(k + off);
        Some(from_jd(start + l.day as i64 - 1))
    }

    /// Mùng 1 Tết (lunar New Year's day) of a Gregorian year.
    pub fn tet(year: i32) -> Option<Date> {
        to_solar(LunarDate { day: 1, month: 1, year, leap: false })
    }
}

/// Day of the week, 0 = Monday … 6 = Sunday.
pub fn weekday(d: Date) -> u8 {
    // 1970-01-01 was a Thursday (3).
    ((d.to_days() + 3).rem_euclid(7)) as u8
}

pub fn is_weekend(d: Date) -> bool {
    weekday(d) >= 5
}

fn add_days(d: Date, n: i64) -> Date {
    Date::from_days(d.to_days() + n)
}

/// An administrator's decision about one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Override {
    pub day: Date,
    pub kind: OverrideKind,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OverrideKind {
    /// A day off (an extra holiday, a swapped day).
    Off,
    /// A working day (a make-up Saturday, or a pre-filled holiday the Government did not grant).
    Work,
}

impl OverrideKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OverrideKind::Off => "off",
            OverrideKind::Work => "work",
        }
    }

    pub fn parse(s: &str) -> Option<OverrideKind> {
        match s {
            "off" => Some(OverrideKind::Off),
            "work" => Some(OverrideKind::Work),
            _ => None,
        }
    }
}

/// Where a holiday comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidaySource {
    /// Điều 112 khoản 1 BLLĐ 2019.
    Statute,
    /// Nghỉ bù — a holiday on a weekend (Điều 111 khoản 3 BLLĐ 2019).
    Compensation,
    /// An administrator's override.
    Override,
}

/// A day off other than a weekend.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Holiday {
    pub date: Date,
    pub name: String,
    pub source: HolidaySource,
}

/// The pre-filled holidays of a year (statute and compensation), before overrides.
pub fn statutory_holidays(year: i32) -> Vec<Holiday> {
    let mut out: Vec<Holiday> = vec![];
    let mut add = |date: Option<Date>, name: &str| {
        if let Some(date) = date {
            out.push(Holiday { date, name: name.to_string(), source: HolidaySource::Statute });
        }
    };
    add(Date::new(year, 1, 1), "Tết Dương lịch");
    if let Some(tet) = lunar::tet(year) {
        add(Some(add_days(tet, -1)), "Tết Nguyên đán (ngày cuối năm âm lịch)");
        for i in 0..4 {
            add(Some(add_days(tet, i)), &format!("Tết Nguyên đán (mùng {})", i + 1));
        }
    }
    add(lunar::to_solar(lunar::LunarDate { day: 10, month: 3, year, leap: false }), "Giỗ Tổ Hùng Vương (10/3 âm lịch)");
    add(Date::new(year, 4, 30), "Ngày Chiến thắng (30/4)");
    add(Date::new(year, 5, 1), "Ngày Quốc tế lao động (1/5)");
    add(Date::new(year, 9, 2), "Quốc khánh (2/9)");
    let adjacent = match Date::new(year, 9, 1) {
        Some(d) if !is_weekend(d) => Some(d),
        _ => Date::new(year, 9, 3),
    };
    add(adjacent, "Quốc khánh (ngày liền kề)");
    out.sort_by_key(|h| h.date);
    // Nghỉ bù: each holiday on a weekend gives the next day that is neither weekend nor holiday.
    let mut taken: BTreeSet<Date> = out.iter().map(|h| h.date).collect();
    let mut extra = vec![];
    for h in &out {
        if is_weekend(h.date) {
            let mut d = add_days(h.date, 1);
            while is_weekend(d) || taken.contains(&d) {
                d = add_days(d, 1);
            }
            taken.insert(d);
            extra
                .push(Holiday { date: d, name: format!("Nghỉ bù {}", h.name), source: HolidaySource::Compensation });
        }
    }
    out.extend(extra);
    out.sort_by_key(|h| h.date);
    out
}

/// A period of time (thời hạn, Điều 144 khoản 2 BLDS 2015: minutes, hours, days, weeks, months, years).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// "Ngay" — at once: due on the day of the event itself, nothing is counted.
    Immediately,
    Days(u32),
    Weeks(u32),
    Months(u32),
    Years(u32),
}

/// Whether a period of days counts calendar days (ngày) or working days (ngày làm việc), as the statute
/// setting the deadline says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    CalendarDays,
    WorkingDays,
}

/// A computed deadline: it ends at 24:00 of `ends` (Điều 148 khoản 6 BLDS 2015).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// The day of the event the period runs from (not counted).
    pub from: Date,
    /// The last day by counting alone.
    pub last_day: Date,
    /// The day the deadline ends (after moving off rest days).
    pub ends: Date,
    /// Set when the last day was a rest day and the deadline moved to `ends`.
    pub moved_from: Option<Date>,
    /// The provisions applied.
    pub rules: Vec<&'static str>,
}

/// A deadline counted in hours (Điều 147 khoản 1 BLDS 2015: it runs from the moment set, not from the
/// next day). Times are minutes after midnight, Vietnam time. Rest days are not skipped: Điều 148
/// khoản 5 speaks of a last *day*.
pub fn hours_after(date: Date, minute_of_day: u32, hours: u32) -> (Date, u32) {
    let total = date.to_days() * 1440 + minute_of_day as i64 + hours as i64 * 60;
    (Date::from_days(total.div_euclid(1440)), total.rem_euclid(1440) as u32)
}

/// The same day-of-month `months` later; the month's last day when it has no such day.
fn add_months(d: Date, months: u32) -> Date {
    let total = d.year as i64 * 12 + (d.month as i64 - 1) + months as i64;
    let (y, m) = ((total / 12) as i32, (total % 12 + 1) as u32);
    let mut day = d.day as u32;
    loop {
        if let Some(x) = Date::new(y, m, day) {
            return x;
        }
        if day <= 28 {
            return d;
        }
        day -= 1;
    }
}

/// The calendar: statutory holidays with administrators' overrides.
#[derive(Debug, Default)]
pub struct Calendar {
    overrides: BTreeMap<Date, Override>,
    years: Mutex<HashMap<i32, BTreeMap<Date, Holiday>>>,
}

impl Calendar {
    pub fn new(overrides: Vec<Override>) -> Calendar {
        Calendar { overrides: overrides.into_iter().map(|o| (o.day, o)).collect(), years: Mutex::default() }
    }

    /// Every day off of a year other than ordinary weekends: statutory holidays, compensation days and
    /// overrides (a `work` override removes a day; an `off` one adds or renames it).
    pub fn holidays(&self, year: i32) -> Vec<Holiday> {
        self.year(year).into_values().collect()
    }

    fn year(&self, year: i32) -> BTreeMap<Date, Holiday> {
        if let Ok(cache) = self.years.lock()
            && let Some(y) = cache.get(&year)
        {
            return y.clone();
        }
        let mut days: BTreeMap<Date, Holiday> = statutory_holidays(year).into_iter().map(|h| (h.date, h)).collect();
        for o in self.overrides.values().filter(|o| o.day.year == year) {
            match o.kind {
                OverrideKind::Work => {
                    days.remove(&o.day);
                }
                OverrideKind::Off => {
                    days.insert(o.day, Holiday { date: o.day, name: o.name.clone(), source: HolidaySource::Override });
                }
            }
        }
        if let Ok(mut cache) = self.years.lock() {
            cache.insert(year, days.clone());
        }
        days
    }

    /// Why a day is not a working day (`None` for a working day).
    pub fn rest_reason(&self, d: Date) -> Option<String> {
        if let Some(o) = self.overrides.get(&d) {
            return match o.kind {
                OverrideKind::Work => None,
                OverrideKind::Off => Some(o.name.clone()),
            };
        }
        if let Some(h) = self.year(d.year).get(&d) {
            return Some(h.name.clone());
        }
        if is_weekend(d) {
            return Some(if weekday(d) == 5 { "Thứ Bảy".into() } else { "Chủ nhật".into() });
        }
        None
    }

    pub fn is_working_day(&self, d: Date) -> bool {
        self.rest_reason(d).is_none()
    }

    /// `d` if it is a working day, else the last working day before it.
    pub fn working_day_at_or_before(&self, d: Date) -> Date {
        let mut x = d;
        while !self.is_working_day(x) {
            x = add_days(x, -1);
        }
        x
    }

    /// The first working day after `d`.
    pub fn next_working_day(&self, d: Date) -> Date {
        let mut x = add_days(d, 1);
        while !self.is_working_day(x) {
            x = add_days(x, 1);
        }
        x
    }

    /// The deadline of `period` from the event on `from`, by the Civil Code's counting rules:
    ///
    /// - the day of the event is not counted; counting starts the next day (Điều 147 khoản 2 and 3
    ///   BLDS 2015);
    /// - days: it ends at the end of the last day (Điều 148 khoản 1); weeks: the corresponding day of the
    ///   last week (khoản 2); months: the corresponding day of the last month, or that month's last day
    ///   when it has none (khoản 3); years: the corresponding day and month of the last year (khoản 4;
    ///   29/2 in a common year ends on 28/2, by khoản 3's rule);
    /// - a last day that is a weekend or public holiday moves the end to the next working day (khoản 5);
    /// - the end is 24:00 of that day (khoản 6);
    /// - working days (ngày làm việc, when the statute says so) count only working days, so the last
    ///   one is never a rest day;
    /// - "ngay" (at once) is due the same day; nothing is counted.
    ///
    /// Counting in working days is only defined for days; asking it for weeks, months or years is an error.
    pub fn deadline(&self, from: Date, period: Period, counting: Counting) -> Result<Deadline, crate::PlatformError> {
        let mut rules = vec![];
        let last_day = match (period, counting) {
            (Period::Immediately, _) => {
                return Ok(Deadline { from, last_day: from, ends: from, moved_from: None, rules: vec!["ngay"] });
            }
            (Period::Days(n), Counting::WorkingDays) => {
                rules.push("Điều 147 khoản 2 BLDS 2015");
                let mut d = from;
                for _ in 0..n {
                    d = self.next_working_day(d);
                }
                d
            }
            (_, Counting::WorkingDays) => {
                return Err(crate::PlatformError::Invalid("working days are counted for periods in days only".into()));
            }
            (Period::Days(n), Counting::CalendarDays) => {
                rules.extend(["Điều 147 khoản 2 BLDS 2015", "Điều 148 khoản 1 BLDS 2015"]);
                add_days(from, n as i64)
            }
            (Period::Weeks(n), Counting::CalendarDays) => {
                rules.extend(["Điều 147 khoản 2 BLDS 2015", "Điều 148 khoản 2 BLDS 2015"]);
                add_days(from, 7 * n as i64)
            }
            (Period::Months(n), Counting::CalendarDays) => {
                rules.extend(["Điều 147 khoản 2 BLDS 2015", "Điều 148 khoản 3 BLDS 2015"]);
                add_months(from, n)
            }
            (Period::Years(n), Counting::CalendarDays) => {
                rules.extend(["Điều 147 khoản 2 BLDS 2015", "Điều 148 khoản 4 BLDS 2015"]);
                add_months(from, n.saturating_mul(12))
            }
        };
        let (ends, moved_from) = if self.is_working_day(last_day) {
            (last_day, None)
        } else {
            rules.push("Điều 148 khoản 5 BLDS 2015");
            (self.next_working_day(last_day), Some(last_day))
        };
        rules.push("Điều 148 khoản 6 BLDS 2015");
        Ok(Deadline { from, last_day, ends, moved_from, rules })
    }
}

/// Persistence of overrides (the holidays table).
impl crate::Platform {
    /// Every override, by day.
    pub async fn overrides(&self) -> crate::Result<Vec<Override>> {
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT day, kind, name FROM calendar_overrides ORDER BY day")
                .fetch_all(self.db().pool())
                .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(d, k, n)| {
                Some(Override { day: Date::parse_iso(&d)?, kind: OverrideKind::parse(&k)?, name: n })
            })
            .collect())
    }

    /// The calendar with the stored overrides.
    pub async fn calendar(&self) -> crate::Result<Calendar> {
        Ok(Calendar::new(self.overrides().await?))
    }

    /// Record the Government's decision about a day (replaces an earlier override of that day).
    pub async fn set_override(&self, p: &crate::Principal, o: Override) -> crate::Result<Override> {
        crate::org::authorize(p, crate::Action::ManageCalendar, crate::Target::Global)?;
        let name = o.name.trim();
        if name.is_empty() || name.len() > 200 {
            return Err(crate::PlatformError::Invalid("a name (≤ 200) is required".into()));
        }
        let before = self.overrides().await?.into_iter().find(|x| x.day == o.day);
        let after = Override { name: name.into(), ..o };
        let mut tx = self.db().pool().begin().await?;
        sqlx::query(
            "INSERT INTO calendar_overrides (day, kind, name) VALUES ($1, $2, $3) ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name",
        )
        .bind(after.day.to_string())
        .bind(after.kind.as_str())
        .bind(&after.name)
        .execute(&mut *tx)
        .await?;
        crate::audit::record(
            &mut tx,
            &p.actor(),
            "calendar.override.set",
            &format!("day:{}", after.day),
            before.as_ref(),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Remove an override (the pre-filled rule applies again).
    pub async fn remove_override(&self, p: &crate::Principal, day: Date) -> crate::Result<bool> {
        crate::org::authorize(p, crate::Action::ManageCalendar, crate::Target::Global)?;
        let Some(before) = self.overrides().await?.into_iter().find(|x| x.day == day) else { return Ok(false) };
        let mut tx = self.db().pool().begin().await?;
        sqlx::query("DELETE FROM calendar_overrides WHERE day = $1").bind(day.to_string()).execute(&mut *tx).await?;
        crate::audit::record::<_, ()>(
            &mut tx,
            &p.actor(),
            "calendar.override.remove",
            &format!("day:{day}"),
            Some(&before),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn tet_dates_2020_to_2030() {
        // Mùng 1 Tết, as published.
        let known = [
            (2020, "2020-01-25"),
            (2021, "2021-02-12"),
            (2022, "2022-02-01"),
            (2023, "2023-01-22"),
            (2024, "2024-02-10"),
            (2025, "2025-01-29"),
            (2026, "2026-02-17"),
            (2027, "2027-02-06"),
            (2028, "2028-01-26"),
            (2029, "2029-02-13"),
            // The new moon falls at 23:07 on 2 February in UTC+7 (00:07 on the 3rd in UTC+8): Vietnam's
            // Tết is a day before China's Spring Festival, as in 1985 and 2007.
            (2030, "2030-02-02"),
        ];
        for (y, date) in known {
            assert_eq!(lunar::tet(y), Some(d(date)), "Tết {y}");
        }
    }

    #[test]
    fn gio_to_and_round_trips() {
        let gio_to = |y| lunar::to_solar(lunar::LunarDate { day: 10, month: 3, year: y, leap: false });
        assert_eq!(gio_to(2026), Some(d("2026-04-26")));
        assert_eq!(gio_to(2025), Some(d("2025-04-07")));
        assert_eq!(gio_to(2024), Some(d("2024-04-18")));
        // 2023 had a leap second month (tháng 2 nhuận): 2023-03-22 is its first day.
        let l = lunar::from_solar(d("2023-03-22"));
        assert_eq!((l.day, l.month, l.year, l.leap), (1, 2, 2023, true));
        assert_eq!(lunar::to_solar(l), Some(d("2023-03-22")));
        assert_eq!(lunar::to_solar(lunar::LunarDate { day: 1, month: 3, year: 2023, leap: true }), None);
        // Every day of 2019–2031 converts there and back.
        let mut x = d("2019-01-01");
        while x < d("2031-12-31") {
            assert_eq!(lunar::to_solar(lunar::from_solar(x)), Some(x), "{x}");
            x = add_days(x, 1);
        }
    }

    #[test]
    fn weekdays() {
        assert_eq!(weekday(d("2026-02-17")), 1); // Tuesday
        assert_eq!(weekday(d("2026-04-26")), 6); // Sunday
    }

    #[test]
    fn holidays_2026() {
        let cal = Calendar::default();
        // Tết 2026: 29 tháng Chạp (16/02) through mùng 4 (20/02); with the weekends, 14–22/02 off.
        for day in 14..=22 {
            assert!(!cal.is_working_day(Date::new(2026, 2, day).unwrap()), "{day}/02");
        }
        assert!(cal.is_working_day(d("2026-02-13")) && cal.is_working_day(d("2026-02-23")));
        // Giỗ Tổ on Sunday 26/04 → nghỉ bù Monday 27/04; then 30/4 (Thu) and 1/5 (Fri): 30/4–3/5 off.
        assert!(!cal.is_working_day(d("2026-04-26")) && !cal.is_working_day(d("2026-04-27")));
        assert!(cal.is_working_day(d("2026-04-28")) && cal.is_working_day(d("2026-04-29")));
        for x in ["2026-04-30", "2026-05-01", "2026-05-02", "2026-05-03"] {
            assert!(!cal.is_working_day(d(x)), "{x}");
        }
        assert!(cal.is_working_day(d("2026-05-04")));
        // 2/9/2026 is a Wednesday; the adjacent day pre-filled is Tuesday 1/9.
        assert!(!cal.is_working_day(d("2026-09-01")) && !cal.is_working_day(d("2026-09-02")));
        assert!(cal.is_working_day(d("2026-09-03")));
        assert_eq!(cal.rest_reason(d("2026-09-02")).as_deref(), Some("Quốc khánh (2/9)"));
    }

    #[test]
    fn overrides_win() {
        // The Government gives 3/9 instead of 1/9 and makes Saturday 12/9 a working day.
        let cal = Calendar::new(vec![
            Override { day: d("2026-09-01"), kind: OverrideKind::Work, name: "đổi ngày".into() },
            Override { day: d("2026-09-03"), kind: OverrideKind::Off, name: "Quốc khánh (nghỉ thêm)".into() },
            Override { day: d("2026-09-12"), kind: OverrideKind::Work, name: "làm bù".into() },
        ]);
        assert!(cal.is_working_day(d("2026-09-01")));
        assert!(!cal.is_working_day(d("2026-09-03")));
        assert!(cal.is_working_day(d("2026-09-12")));
        assert!(cal.holidays(2026).iter().any(|h| h.date == d("2026-09-03") && h.source == HolidaySource::Override));
    }

    #[test]
    fn deadlines() {
        let cal = Calendar::default();
        // 10 days from Monday 02/02/2026: the last day is 12/02 (Thursday), a working day.
        let x = cal.deadline(d("2026-02-02"), Period::Days(10), Counting::CalendarDays).unwrap();
        assert_eq!((x.last_day, x.ends, x.moved_from), (d("2026-02-12"), d("2026-02-12"), None));
        // 10 days from 06/02/2026: the last day 16/02 falls in Tết → ends Monday 23/02.
        let x = cal.deadline(d("2026-02-06"), Period::Days(10), Counting::CalendarDays).unwrap();
        assert_eq!((x.last_day, x.ends), (d("2026-02-16"), d("2026-02-23")));
        assert!(x.rules.contains(&"Điều 148 khoản 5 BLDS 2015"));
        // 5 working days from Thursday 12/02/2026: 13/02, then Tết to 22/02, then 23, 24, 25, 26/02.
        let x = cal.deadline(d("2026-02-12"), Period::Days(5), Counting::WorkingDays).unwrap();
        assert_eq!(x.ends, d("2026-02-26"));
        // 3 working days from Wednesday 29/04/2026: 30/4–3/5 off → 4, 5, 6/05.
        let x = cal.deadline(d("2026-04-29"), Period::Days(3), Counting::WorkingDays).unwrap();
        assert_eq!(x.ends, d("2026-05-06"));
        // 1 day from Monday 31/08/2026: the last day 01/09 is a holiday, so is 02/09 → Thursday 03/09.
        let x = cal.deadline(d("2026-08-31"), Period::Days(1), Counting::CalendarDays).unwrap();
        assert_eq!((x.moved_from, x.ends), (Some(d("2026-09-01")), d("2026-09-03")));
        // One month from 31/01/2026 ends on 28/02/2026 (no 31/02; Điều 148 khoản 3), a Saturday → 02/03.
        let x = cal.deadline(d("2026-01-31"), Period::Months(1), Counting::CalendarDays).unwrap();
        assert_eq!((x.last_day, x.ends), (d("2026-02-28"), d("2026-03-02")));
        // One year from 29/02/2024 → 28/02/2025 (Friday).
        let x = cal.deadline(d("2024-02-29"), Period::Years(1), Counting::CalendarDays).unwrap();
        assert_eq!(x.ends, d("2025-02-28"));
        // Two weeks from Tuesday 14/04/2026 → Tuesday 28/04/2026.
        let x = cal.deadline(d("2026-04-14"), Period::Weeks(2), Counting::CalendarDays).unwrap();
        assert_eq!(x.ends, d("2026-04-28"));
        // "Ngay": the same day.
        let x = cal.deadline(d("2026-02-17"), Period::Immediately, Counting::CalendarDays).unwrap();
        assert_eq!(x.ends, d("2026-02-17"));
        assert!(cal.deadline(d("2026-02-17"), Period::Months(1), Counting::WorkingDays).is_err());
        // 24 hours from 22:30 on 16/02/2026 → 22:30 on 17/02 (hours run from the moment, rest days too).
        assert_eq!(hours_after(d("2026-02-16"), 22 * 60 + 30, 24), (d("2026-02-17"), 22 * 60 + 30));
        assert_eq!(hours_after(d("2026-12-31"), 23 * 60, 2), (d("2027-01-01"), 60));
    }
}
