//! Trung tâm giám sát — the monitoring centre's figures: cases (việc) and money (tiền) to enforce, with
//! and without means, completed, terminated, the completion rate and overdue steps, per national /
//! province / office / officer and per period, with monthly trends.
//!
//! **Pre-aggregated.** A case contributes to monthly rows of `enf_stats` (flows in the month and changes
//! of the stocks) and to one row of `enf_stats_due` (its running deadline). The contribution is a PURE
//! function of the case and its timeline ([`contribution`]); every write to a case replaces the case's
//! old contribution with the new one in the write's own transaction ([`Enforcement::stats_track`] /
//! [`Enforcement::stats_update`]), and [`Enforcement::stats_rebuild`] recomputes every row from the
//! cases: the tables are derived, and [`Enforcement::stats_check`] proves them equal to a rebuild.
//! A report reads at most (offices × months) rows, whatever the number of cases.
//!
//! **Definitions** (shown on the page, [`DEFINITIONS`]): see [`Figures`].

use crate::workflow::State;
use crate::{Enforcement, EnforcementError, Result};
use lex::Date;
use platform::policy::{Action, Principal};
use serde::Serialize;
use sqlx::{Any, Row, Transaction};
use std::collections::{BTreeMap, HashMap};

/// Columns of `enf_stats` after the key, in order.
pub const COLUMNS: [&str; 13] = [
    "received_n",
    "received_m",
    "completed_n",
    "completed_m",
    "terminated_n",
    "terminated_m",
    "returned_n",
    "returned_m",
    "collected_m",
    "open_n",
    "open_m",
    "nomeans_n",
    "nomeans_m",
];

/// One month's flows and stock changes (cases `_n`, đồng `_m`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Flow {
    /// Thụ lý mới — cases received; their money to enforce.
    pub received_n: i64,
    pub received_m: i64,
    /// Thi hành xong — cases completed; money still outstanding when they were closed.
    pub completed_n: i64,
    pub completed_m: i64,
    /// Đình chỉ — cases terminated; money outstanding when terminated.
    pub terminated_n: i64,
    pub terminated_m: i64,
    /// Trả lại yêu cầu (2025 law, khoản 4 Điều 38) — requests sent back; money outstanding then.
    pub returned_n: i64,
    pub returned_m: i64,
    /// Số tiền đã thu — money collected.
    pub collected_m: i64,
    /// Change of the open cases (not completed, terminated or returned) and of their outstanding money.
    pub open_n: i64,
    pub open_m: i64,
    /// Change of the cases without means (chưa có điều kiện thi hành) and of their outstanding money.
    pub nomeans_n: i64,
    pub nomeans_m: i64,
}

impl Flow {
    pub fn to_array(&self) -> [i64; 13] {
        [
            self.received_n,
            self.received_m,
            self.completed_n,
            self.completed_m,
            self.terminated_n,
            self.terminated_m,
            self.returned_n,
            self.returned_m,
            self.collected_m,
            self.open_n,
            self.open_m,
            self.nomeans_n,
            self.nomeans_m,
        ]
    }

    pub fn from_array(a: [i64; 13]) -> Flow {
        Flow {
            received_n: a[0],
            received_m: a[1],
            completed_n: a[2],
            completed_m: a[3],
            terminated_n: a[4],
            terminated_m: a[5],
            returned_n: a[6],
            returned_m: a[7],
            collected_m: a[8],
            open_n: a[9],
            open_m: a[10],
            nomeans_n: a[11],
            nomeans_m: a[12],
        }
    }

    /// `self += sign × other`.
    pub fn add(&mut self, other: &Flow, sign: i64) {
        let mut a = self.to_array();
        for (x, y) in a.iter_mut().zip(other.to_array()) {
            *x += sign * y;
        }
        *self = Flow::from_array(a);
    }

    pub fn is_zero(&self) -> bool {
        self.to_array().iter().all(|x| *x == 0)
    }
}

/// What the contribution of a case is computed from: the case row…
#[derive(Clone, Debug)]
pub struct CaseFacts {
    pub unit_id: i64,
    pub officer_id: Option<i64>,
    pub received_on: String,
    pub total_money: i64,
    pub active: bool,
    pub due_date: Option<String>,
}

/// …and its timeline, in order.
#[derive(Clone, Debug)]
pub struct EventFacts {
    pub on_date: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub amount: Option<i64>,
}

/// A case's share of the figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contribution {
    pub unit_id: i64,
    /// The officer's id, or [`UNASSIGNED`].
    pub officer: i64,
    pub months: BTreeMap<String, Flow>,
    /// The running deadline of an open case.
    pub due: Option<String>,
}

/// The officer key of cases nobody is assigned to.
pub const UNASSIGNED: i64 = -1;
/// The officer key of an office's own rows.
pub const OFFICE: i64 = 0;

fn month_of(date: &str) -> String {
    date.get(..7).unwrap_or(date).to_string()
}

/// PURE: replay the case's timeline. Received in the month of `received_on` (open, its money
/// outstanding); every payment is collected in its month and lowers what is outstanding; entering and
/// leaving "no means" moves the case and its outstanding money in and out of that stock; entering a
/// final state closes it (completed, terminated or returned) with what was still outstanding.
pub fn contribution(c: &CaseFacts, events: &[EventFacts]) -> Contribution {
    let mut months: BTreeMap<String, Flow> = BTreeMap::new();
    let first = months.entry(month_of(&c.received_on)).or_default();
    first.received_n += 1;
    first.received_m += c.total_money;
    first.open_n += 1;
    first.open_m += c.total_money;
    let mut state = State::Received;
    let mut outstanding = c.total_money;
    for e in events {
        // The intake event has no `from`: it is the case row's `received_on`, counted above.
        if e.from_state.is_none() {
            continue;
        }
        let f = months.entry(month_of(&e.on_date)).or_default();
        if let Some(a) = e.amount.filter(|a| *a != 0) {
            f.collected_m += a;
            outstanding -= a;
            match state {
                // Money that comes in after the case closed lowers what it closed with.
                State::Completed => f.completed_m -= a,
                State::Terminated => f.terminated_m -= a,
                State::Returned => f.returned_m -= a,
                _ => f.open_m -= a,
            }
            if state == State::NoMeans {
                f.nomeans_m -= a;
            }
        }
        let Some(to) = State::parse(&e.to_state) else { continue };
        if to == state {
            continue;
        }
        if state == State::NoMeans {
            f.nomeans_n -= 1;
            f.nomeans_m -= outstanding;
        }
        if to == State::NoMeans {
            f.nomeans_n += 1;
            f.nomeans_m += outstanding;
        }
        let sign = match (state.is_terminal(), to.is_terminal()) {
            (false, true) => 1,
            // Reopened: the closure is taken back in the month it is reopened.
            (true, false) => -1,
            _ => 0,
        };
        let closed = if sign == 1 { to } else { state };
        if sign != 0 {
            f.open_n -= sign;
            f.open_m -= sign * outstanding;
            match closed {
                State::Completed => {
                    f.completed_n += sign;
                    f.completed_m += sign * outstanding;
                }
                State::Terminated => {
                    f.terminated_n += sign;
                    f.terminated_m += sign * outstanding;
                }
                _ => {
                    f.returned_n += sign;
                    f.returned_m += sign * outstanding;
                }
            }
        }
        state = to;
    }
    Contribution {
        unit_id: c.unit_id,
        officer: c.officer_id.unwrap_or(UNASSIGNED),
        months,
        due: if c.active { c.due_date.clone() } else { None },
    }
}

/// Rows to add to the tables: (unit, officer, month) → flow and (unit, officer, due date) → cases.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Aggregate {
    pub flows: BTreeMap<(i64, i64, String), Flow>,
    pub due: BTreeMap<(i64, i64, String), i64>,
}

impl Aggregate {
    /// Add `sign ×` a contribution to the office's rows and to its officer's rows.
    pub fn add(&mut self, c: &Contribution, sign: i64) {
        for scope in [OFFICE, c.officer] {
            for (m, f) in &c.months {
                self.flows.entry((c.unit_id, scope, m.clone())).or_default().add(f, sign);
            }
            if let Some(d) = &c.due {
                *self.due.entry((c.unit_id, scope, d.clone())).or_default() += sign;
            }
        }
    }

    /// Drop rows that net to zero (a change that moved nothing).
    pub fn prune(&mut self) {
        self.flows.retain(|_, f| !f.is_zero());
        self.due.retain(|_, n| *n != 0);
    }

    async fn write(&self, tx: &mut Transaction<'static, Any>, max_binds: usize) -> Result<()> {
        let flows: Vec<_> = self.flows.iter().filter(|(_, f)| !f.is_zero()).collect();
        let cols = 3 + COLUMNS.len();
        for chunk in flows.chunks((max_binds / cols).clamp(1, 500)) {
            let updates: Vec<String> = COLUMNS.iter().map(|c| format!("{c} = enf_stats.{c} + excluded.{c}")).collect();
            // Only constant column names and placeholder counts are formatted; values are bound.
            let sql = format!(
                "INSERT INTO enf_stats (unit_id, officer_id, month, {}) VALUES {} ON CONFLICT (unit_id, officer_id, month) DO UPDATE SET {}",
                COLUMNS.join(", "),
                store::dialect::values_placeholders(chunk.len(), cols),
                updates.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for ((unit, officer, month), f) in chunk {
                q = q.bind(*unit).bind(*officer).bind(month.clone());
                for v in f.to_array() {
                    q = q.bind(v);
                }
            }
            q.execute(&mut **tx).await?;
        }
        let due: Vec<_> = self.due.iter().filter(|(_, n)| **n != 0).collect();
        for chunk in due.chunks((max_binds / 4).clamp(1, 500)) {
            let sql = format!(
                "INSERT INTO enf_stats_due (unit_id, officer_id, due_date, n) VALUES {} ON CONFLICT (unit_id, officer_id, due_date) DO UPDATE SET n = enf_stats_due.n + excluded.n",
                store::dialect::values_placeholders(chunk.len(), 4)
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for ((unit, officer, day), n) in chunk {
                q = q.bind(*unit).bind(*officer).bind(day.clone()).bind(**n);
            }
            q.execute(&mut **tx).await?;
        }
        Ok(())
    }
}

const CASE_FACTS: &str = "SELECT id, unit_id, officer_id, received_on, total_money, active, due_date FROM enf_cases WHERE id BETWEEN $1 AND $2 ORDER BY id";
const EVENT_FACTS: &str = "SELECT case_id, on_date, from_state, to_state, amount FROM enf_events WHERE case_id BETWEEN $1 AND $2 ORDER BY case_id, id";

/// The contributions of the cases with ids in `first..=last`, read through `exec`.
async fn contributions(conn: &mut sqlx::AnyConnection, first: i64, last: i64) -> Result<Vec<Contribution>> {
    let cases = sqlx::query(CASE_FACTS).bind(first).bind(last).fetch_all(&mut *conn).await?;
    let events = sqlx::query(EVENT_FACTS).bind(first).bind(last).fetch_all(&mut *conn).await?;
    let mut by_case: HashMap<i64, Vec<EventFacts>> = HashMap::new();
    for r in events {
        by_case.entry(r.try_get("case_id")?).or_default().push(EventFacts {
            on_date: r.try_get("on_date")?,
            from_state: r.try_get("from_state")?,
            to_state: r.try_get("to_state")?,
            amount: r.try_get("amount")?,
        });
    }
    let mut out = Vec::with_capacity(cases.len());
    for r in cases {
        let id: i64 = r.try_get("id")?;
        let facts = CaseFacts {
            unit_id: r.try_get("unit_id")?,
            officer_id: r.try_get("officer_id")?,
            received_on: r.try_get("received_on")?,
            total_money: r.try_get("total_money")?,
            active: r.try_get::<i64, _>("active")? != 0,
            due_date: r.try_get("due_date")?,
        };
        out.push(contribution(&facts, by_case.get(&id).map(Vec::as_slice).unwrap_or(&[])));
    }
    Ok(out)
}

/// A case's contribution before a write, to be replaced after it ([`Enforcement::stats_update`]).
#[derive(Debug)]
pub struct Tracked {
    case_id: i64,
    before: Option<Contribution>,
}

impl Tracked {
    /// A case being created: nothing to take back.
    pub fn new_case(case_id: i64) -> Tracked {
        Tracked { case_id, before: None }
    }
}

impl Enforcement {
    /// Read a case's contribution inside a write's transaction, before the write.
    pub(crate) async fn stats_track(&self, tx: &mut Transaction<'static, Any>, case_id: i64) -> Result<Tracked> {
        let before = contributions(tx, case_id, case_id).await?.pop();
        Ok(Tracked { case_id, before })
    }

    /// After the write, in the same transaction: take back the old contribution, add the new one.
    pub(crate) async fn stats_update(&self, tx: &mut Transaction<'static, Any>, t: Tracked) -> Result<()> {
        let mut agg = Aggregate::default();
        if let Some(b) = &t.before {
            agg.add(b, -1);
        }
        if let Some(a) = contributions(tx, t.case_id, t.case_id).await?.pop() {
            agg.add(&a, 1);
        }
        agg.prune();
        agg.write(tx, self.db().dialect().max_binds()).await
    }

    /// Add the contributions of new cases `first..=last` (bulk loads), in the loader's transaction.
    pub(crate) async fn stats_add_range(
        &self,
        tx: &mut Transaction<'static, Any>,
        first: i64,
        last: i64,
    ) -> Result<()> {
        let mut agg = Aggregate::default();
        for c in contributions(tx, first, last).await? {
            agg.add(&c, 1);
        }
        agg.write(tx, self.db().dialect().max_binds()).await
    }

    /// Recompute every case's contribution from the cases table (what the tables must hold).
    pub async fn stats_recompute(&self) -> Result<Aggregate> {
        let (max,): (Option<i64>,) =
            sqlx::query_as("SELECT MAX(id) FROM enf_cases").fetch_one(self.db().pool()).await?;
        let mut agg = Aggregate::default();
        let step = 20_000;
        let mut first = 1;
        let mut conn = self.db().pool().acquire().await?;
        while first <= max.unwrap_or(0) {
            for c in contributions(&mut conn, first, first + step - 1).await? {
                agg.add(&c, 1);
            }
            first += step;
        }
        agg.prune();
        Ok(agg)
    }

    /// The tables as stored (rows that net to zero left out).
    pub async fn stats_stored(&self) -> Result<Aggregate> {
        let mut agg = Aggregate::default();
        let sql = format!("SELECT unit_id, officer_id, month, {} FROM enf_stats", COLUMNS.join(", "));
        for r in sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(self.db().pool()).await? {
            let f = flow_of(&r)?;
            if !f.is_zero() {
                agg.flows.insert((r.try_get("unit_id")?, r.try_get("officer_id")?, r.try_get("month")?), f);
            }
        }
        for r in sqlx::query("SELECT unit_id, officer_id, due_date, n FROM enf_stats_due WHERE n <> 0")
            .fetch_all(self.db().pool())
            .await?
        {
            agg.due.insert((r.try_get("unit_id")?, r.try_get("officer_id")?, r.try_get("due_date")?), r.try_get("n")?);
        }
        Ok(agg)
    }

    /// Rebuild the tables from the cases (derived data: `tuphap monitoring rebuild`). Audited.
    pub async fn stats_rebuild(&self, p: &Principal) -> Result<usize> {
        crate::authorize(p, Action::ManageUnits, platform::policy::Target::Global)?;
        let agg = self.stats_recompute().await?;
        let mut tx = self.db().pool().begin().await?;
        crate::case::lock(&mut tx).await?;
        sqlx::query("DELETE FROM enf_stats").execute(&mut *tx).await?;
        sqlx::query("DELETE FROM enf_stats_due").execute(&mut *tx).await?;
        agg.write(&mut tx, self.db().dialect().max_binds()).await?;
        let rows = agg.flows.len() + agg.due.len();
        platform::audit::record::<(), _>(
            &mut tx,
            &p.actor(),
            "enforcement.stats_rebuild",
            "enf_stats",
            None,
            Some(&rows),
        )
        .await?;
        tx.commit().await?;
        Ok(rows)
    }

    /// Differences between the stored tables and a rebuild (empty: they agree).
    pub async fn stats_check(&self) -> Result<Vec<String>> {
        let (want, have) = (self.stats_recompute().await?, self.stats_stored().await?);
        let mut out = vec![];
        for (k, f) in &want.flows {
            if have.flows.get(k) != Some(f) {
                out.push(format!("enf_stats {k:?}: want {f:?}, have {:?}", have.flows.get(k)));
            }
        }
        for k in have.flows.keys().filter(|k| !want.flows.contains_key(*k)) {
            out.push(format!("enf_stats {k:?}: not wanted"));
        }
        for (k, n) in &want.due {
            if have.due.get(k) != Some(n) {
                out.push(format!("enf_stats_due {k:?}: want {n}, have {:?}", have.due.get(k)));
            }
        }
        for k in have.due.keys().filter(|k| !want.due.contains_key(*k)) {
            out.push(format!("enf_stats_due {k:?}: not wanted"));
        }
        Ok(out)
    }
}

/// The stock columns, summed (what the start of a period needs from the months before it).
const STOCKS: &str = "CAST(SUM(open_n) AS BIGINT) AS open_n, CAST(SUM(open_m) AS BIGINT) AS open_m, CAST(SUM(nomeans_n) AS BIGINT) AS nomeans_n, CAST(SUM(nomeans_m) AS BIGINT) AS nomeans_m";

fn stocks_of(r: &sqlx::any::AnyRow) -> Result<Flow> {
    let get = |c: &str| -> Result<i64> { Ok(r.try_get::<Option<i64>, _>(c)?.unwrap_or(0)) };
    Ok(Flow {
        open_n: get("open_n")?,
        open_m: get("open_m")?,
        nomeans_n: get("nomeans_n")?,
        nomeans_m: get("nomeans_m")?,
        ..Flow::default()
    })
}

fn flow_of(r: &sqlx::any::AnyRow) -> Result<Flow> {
    let mut a = [0i64; 13];
    for (i, c) in COLUMNS.iter().enumerate() {
        a[i] = r.try_get(*c)?;
    }
    Ok(Flow::from_array(a))
}

/// A calendar month `YYYY-MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.trim().split_once('-')?;
        let (year, month) = (y.parse().ok()?, m.get(..2).unwrap_or(m).parse().ok()?);
        ((1900..=2200).contains(&year) && (1..=12).contains(&month)).then_some(Month { year, month })
    }
    pub fn of(d: Date) -> Month {
        Month { year: d.year, month: u32::from(d.month) }
    }
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month { year: self.year + 1, month: 1 }
        } else {
            Month { year: self.year, month: self.month + 1 }
        }
    }
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
    /// Months from `self` to `to`, both included.
    pub fn until(self, to: Month) -> Vec<Month> {
        let mut out = vec![];
        let mut m = self;
        while m <= to && out.len() < 1200 {
            out.push(m);
            m = m.next();
        }
        out
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}/{:04}", self.month, self.year)
    }
}

/// Kỳ báo cáo — a period of whole months.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: Month,
    pub to: Month,
}

/// Longest period a report spans (months).
pub const MAX_MONTHS: usize = 120;

impl Period {
    /// The statistical year of civil enforcement that contains `today` (from 1 October to 30 September),
    /// up to today's month.
    pub fn working_year(today: Date) -> Period {
        let start_year = if today.month >= 10 { today.year } else { today.year - 1 };
        Period { from: Month { year: start_year, month: 10 }, to: Month::of(today) }
    }

    pub fn new(from: Month, to: Month) -> Result<Period> {
        if from > to {
            return Err(EnforcementError::Invalid("kỳ báo cáo: từ tháng sau đến tháng / period: from after to".into()));
        }
        if from.until(to).len() > MAX_MONTHS {
            return Err(EnforcementError::Invalid(format!("kỳ báo cáo tối đa {MAX_MONTHS} tháng / period too long")));
        }
        Ok(Period { from, to })
    }
}

/// The figures of one scope over a period. Definitions ([`DEFINITIONS`]):
/// - total = carried (open at the start of the period) + received in the period;
/// - without means = open at the end of the period in state "chưa có điều kiện thi hành";
/// - with means = total − without means = completed + terminated + returned + in progress;
/// - completion rate = completed ÷ with means (cases); money: collected ÷ money with means;
/// - overdue = open cases whose running deadline ended before today (a count as of today, not of the period).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Figures {
    pub carried_n: i64,
    pub received_n: i64,
    pub total_n: i64,
    pub no_means_n: i64,
    pub with_means_n: i64,
    pub completed_n: i64,
    pub terminated_n: i64,
    pub returned_n: i64,
    pub in_progress_n: i64,
    pub rate_n: Option<f64>,
    pub carried_m: i64,
    pub received_m: i64,
    pub total_m: i64,
    pub no_means_m: i64,
    pub with_means_m: i64,
    pub collected_m: i64,
    pub terminated_m: i64,
    pub in_progress_m: i64,
    pub rate_m: Option<f64>,
    pub overdue_n: i64,
}

/// The definitions, as the page states them (Vietnamese, English).
pub const DEFINITIONS: [(&str, &str); 7] = [
    (
        "Tổng số phải thi hành = số chuyển từ kỳ trước (việc chưa kết thúc đầu kỳ) + số thụ lý mới trong kỳ.",
        "Total to enforce = carried over (cases open at the start of the period) + received in the period.",
    ),
    (
        "Chưa có điều kiện thi hành = việc đang ở trạng thái chưa có điều kiện thi hành án vào cuối kỳ.",
        "Without means = cases in the state \"no means to enforce\" at the end of the period.",
    ),
    (
        "Có điều kiện thi hành = tổng số phải thi hành − chưa có điều kiện = thi hành xong + đình chỉ + trả lại yêu cầu + đang thi hành.",
        "With means = total − without means = completed + terminated + returned + in progress.",
    ),
    (
        "Tỷ lệ thi hành xong về việc = số việc thi hành xong trong kỳ ÷ số việc có điều kiện thi hành (đình chỉ không tính là xong).",
        "Completion rate (cases) = completed in the period ÷ cases with means (terminations are not completions).",
    ),
    (
        "Về tiền: tổng số tiền phải thi hành = tiền còn phải thi hành đầu kỳ + tiền của việc thụ lý mới; tỷ lệ = số tiền đã thu trong kỳ ÷ số tiền có điều kiện thi hành.",
        "Money: total = money outstanding at the start + money of cases received; rate = money collected in the period ÷ money with means.",
    ),
    (
        "Quá hạn = việc chưa kết thúc có thời hạn đang chạy đã hết trước hôm nay (tính tại ngày xem, không theo kỳ).",
        "Overdue = open cases whose running deadline ended before today (as of today, not of the period).",
    ),
    (
        "Kỳ mặc định: năm công tác thi hành án dân sự, từ 01/10 năm trước đến 30/9 năm sau.",
        "Default period: the civil-enforcement working year, 1 October to 30 September.",
    ),
];

/// Sum of a scope's monthly rows, split around the period.
#[derive(Clone, Debug, Default)]
struct Sums {
    before: Flow,
    during: Flow,
    /// Per month of the period, for trends.
    by_month: BTreeMap<String, Flow>,
}

impl Sums {
    fn add(&mut self, month: &str, f: &Flow, period: &Period) {
        if month < period.from.key().as_str() {
            self.before.add(f, 1);
        } else if month <= period.to.key().as_str() {
            self.during.add(f, 1);
            self.by_month.entry(month.to_string()).or_default().add(f, 1);
        }
    }

    fn figures(&self, overdue: i64) -> Figures {
        let (b, d) = (&self.before, &self.during);
        let no_means_n = b.nomeans_n + d.nomeans_n;
        let no_means_m = b.nomeans_m + d.nomeans_m;
        let total_n = b.open_n + d.received_n;
        let total_m = b.open_m + d.received_m;
        let with_means_n = total_n - no_means_n;
        let with_means_m = total_m - no_means_m;
        let ratio = |a: i64, b: i64| (b > 0).then(|| a as f64 / b as f64);
        Figures {
            carried_n: b.open_n,
            received_n: d.received_n,
            total_n,
            no_means_n,
            with_means_n,
            completed_n: d.completed_n,
            terminated_n: d.terminated_n,
            returned_n: d.returned_n,
            in_progress_n: with_means_n - d.completed_n - d.terminated_n - d.returned_n,
            rate_n: ratio(d.completed_n, with_means_n),
            carried_m: b.open_m,
            received_m: d.received_m,
            total_m,
            no_means_m,
            with_means_m,
            collected_m: d.collected_m,
            terminated_m: d.terminated_m,
            in_progress_m: b.open_m + d.open_m - no_means_m,
            rate_m: ratio(d.collected_m, with_means_m),
            overdue_n: overdue,
        }
    }
}

/// One line of a report: a province, an office or an officer, with its drill-down target.
#[derive(Clone, Debug, Serialize)]
pub struct ReportRow {
    /// `unit` or `officer`.
    pub kind: &'static str,
    pub id: i64,
    pub code: String,
    pub name: String,
    /// The unit code to drill into (None: an officer, or an office without sub-offices).
    pub drill: Option<String>,
    pub figures: Figures,
}

/// One month of the trend.
#[derive(Clone, Debug, Serialize)]
pub struct TrendPoint {
    pub month: String,
    pub label: String,
    pub received_n: i64,
    pub completed_n: i64,
    pub collected_m: i64,
    /// Completion rate from the start of the period to the end of this month.
    pub rate_n: Option<f64>,
}

/// A monitoring report.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub unit_code: String,
    pub unit_name: String,
    pub level: String,
    /// The way up: (code, name) from the national department to this unit.
    pub breadcrumb: Vec<(String, String)>,
    pub period: Period,
    pub from: String,
    pub to: String,
    pub as_of: String,
    pub totals: Figures,
    pub rows: Vec<ReportRow>,
    pub trend: Vec<TrendPoint>,
}

impl Enforcement {
    /// The report of a unit (default: the user's own unit) over a period (default: the working year).
    /// Needs the right to read the unit's cases (a supervisor reads their subtree).
    pub async fn monitoring(&self, p: &Principal, unit: Option<&str>, period: Option<Period>) -> Result<Report> {
        let units = self.platform.units().await?;
        let scope = match unit {
            Some(code) => self.platform.unit_by_code(code).await?,
            None => {
                let own = match p {
                    Principal::User(u) => u.unit_path.last().copied(),
                    _ => None,
                };
                match own {
                    Some(id) => self.platform.unit_by_id(id).await?,
                    None => units
                        .iter()
                        .find(|u| u.parent_id.is_none())
                        .cloned()
                        .ok_or_else(|| EnforcementError::NotFound("national unit".into()))?,
                }
            }
        };
        let path = self.authorize_unit(p, Action::ReadCases, scope.id).await?;
        let today = self.today();
        let period = period.unwrap_or_else(|| Period::working_year(today));
        let to_key = period.to.key();
        let children: Vec<&platform::org::Unit> = units.iter().filter(|u| u.parent_id == Some(scope.id)).collect();
        // Which row each unit's figures roll up into: a child of the scope (its whole subtree), or the
        // scope itself for its own cases.
        let mut parent: HashMap<i64, Option<i64>> = units.iter().map(|u| (u.id, u.parent_id)).collect();
        parent.insert(scope.id, None);
        let row_of = |mut id: i64| -> Option<i64> {
            for _ in 0..16 {
                if id == scope.id {
                    return Some(scope.id);
                }
                match parent.get(&id).copied().flatten() {
                    Some(up) if up == scope.id => return Some(id),
                    Some(up) => id = up,
                    None => return None,
                }
            }
            None
        };
        let mut sums: BTreeMap<i64, Sums> = BTreeMap::new();
        let mut overdue: HashMap<i64, i64> = HashMap::new();
        let by_officer = children.is_empty();
        if by_officer {
            // The stocks at the start of the period, summed by the database; then the period's rows.
            let sql = format!(
                "SELECT officer_id, {STOCKS} FROM enf_stats WHERE unit_id = $1 AND month < $2 GROUP BY officer_id"
            );
            let before = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(scope.id).bind(period.from.key());
            for r in before.fetch_all(self.db().pool()).await? {
                sums.entry(r.try_get("officer_id")?).or_default().before.add(&stocks_of(&r)?, 1);
            }
            let sql = format!(
                "SELECT officer_id, month, {} FROM enf_stats WHERE unit_id = $1 AND month >= $2 AND month <= $3",
                COLUMNS.join(", ")
            );
            let during = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(scope.id).bind(period.from.key()).bind(&to_key);
            for r in during.fetch_all(self.db().pool()).await? {
                let (officer, month): (i64, String) = (r.try_get("officer_id")?, r.try_get("month")?);
                sums.entry(officer).or_default().add(&month, &flow_of(&r)?, &period);
            }
            for r in sqlx::query(
                "SELECT officer_id, CAST(SUM(n) AS BIGINT) AS n FROM enf_stats_due WHERE unit_id = $1 AND due_date < $2 GROUP BY officer_id",
            )
            .bind(scope.id)
            .bind(today.to_string())
            .fetch_all(self.db().pool())
            .await?
            {
                overdue.insert(r.try_get("officer_id")?, r.try_get::<Option<i64>, _>("n")?.unwrap_or(0));
            }
        } else {
            let sql =
                format!("SELECT unit_id, {STOCKS} FROM enf_stats WHERE officer_id = 0 AND month < $1 GROUP BY unit_id");
            for r in sqlx::query(sqlx::AssertSqlSafe(sql)).bind(period.from.key()).fetch_all(self.db().pool()).await? {
                let Some(row) = row_of(r.try_get("unit_id")?) else { continue };
                let f = stocks_of(&r)?;
                sums.entry(row).or_default().before.add(&f, 1);
                sums.entry(OFFICE).or_default().before.add(&f, 1);
            }
            let sql = format!(
                "SELECT unit_id, month, {} FROM enf_stats WHERE officer_id = 0 AND month >= $1 AND month <= $2",
                COLUMNS.join(", ")
            );
            let during = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(period.from.key()).bind(&to_key);
            for r in during.fetch_all(self.db().pool()).await? {
                let Some(row) = row_of(r.try_get("unit_id")?) else { continue };
                let month: String = r.try_get("month")?;
                let f = flow_of(&r)?;
                sums.entry(row).or_default().add(&month, &f, &period);
                sums.entry(OFFICE).or_default().add(&month, &f, &period);
            }
            for r in sqlx::query(
                "SELECT unit_id, CAST(SUM(n) AS BIGINT) AS n FROM enf_stats_due WHERE officer_id = 0 AND due_date < $1 GROUP BY unit_id",
            )
            .bind(today.to_string())
            .fetch_all(self.db().pool())
            .await?
            {
                let Some(row) = row_of(r.try_get("unit_id")?) else { continue };
                let n = r.try_get::<Option<i64>, _>("n")?.unwrap_or(0);
                *overdue.entry(row).or_default() += n;
                *overdue.entry(OFFICE).or_default() += n;
            }
        }
        let total = sums.remove(&OFFICE).unwrap_or_default();
        let totals = total.figures(overdue.get(&OFFICE).copied().unwrap_or(0));
        let mut rows = vec![];
        if by_officer {
            let officers: Vec<(i64, String, String)> = sqlx::query_as(
                "SELECT u.id, u.username, u.display_name FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'enforcement_officer' AND u.unit_id = $1 ORDER BY u.display_name",
            )
            .bind(scope.id)
            .fetch_all(self.db().pool())
            .await?;
            for (id, username, name) in officers {
                let s = sums.remove(&id).unwrap_or_default();
                rows.push(ReportRow {
                    kind: "officer",
                    id,
                    code: username,
                    name,
                    drill: None,
                    figures: s.figures(overdue.get(&id).copied().unwrap_or(0)),
                });
            }
            for (id, s) in sums {
                // Cases of officers who left the office, and cases not assigned.
                let name =
                    if id == UNASSIGNED { "Chưa phân công / not assigned".to_string() } else { format!("#{id}") };
                rows.push(ReportRow {
                    kind: "officer",
                    id,
                    code: String::new(),
                    name,
                    drill: None,
                    figures: s.figures(overdue.get(&id).copied().unwrap_or(0)),
                });
            }
        } else {
            if let Some(s) = sums.remove(&scope.id) {
                rows.push(ReportRow {
                    kind: "unit",
                    id: scope.id,
                    code: scope.code.clone(),
                    name: format!("{} (việc do chính đơn vị thụ lý)", scope.name),
                    drill: None,
                    figures: s.figures(overdue.get(&scope.id).copied().unwrap_or(0)),
                });
            }
            for c in &children {
                let s = sums.remove(&c.id).unwrap_or_default();
                if !c.active && s.during.is_zero() && s.before.is_zero() {
                    continue;
                }
                rows.push(ReportRow {
                    kind: "unit",
                    id: c.id,
                    code: c.code.clone(),
                    name: c.name.clone(),
                    drill: Some(c.code.clone()),
                    figures: s.figures(overdue.get(&c.id).copied().unwrap_or(0)),
                });
            }
        }
        let trend = trend(&total, &period);
        let breadcrumb = path
            .iter()
            .filter_map(|id| units.iter().find(|u| u.id == *id))
            .map(|u| (u.code.clone(), u.name.clone()))
            .collect();
        Ok(Report {
            unit_code: scope.code.clone(),
            unit_name: scope.name.clone(),
            level: format!("{:?}", scope.level).to_lowercase(),
            breadcrumb,
            period,
            from: period.from.key(),
            to: period.to.key(),
            as_of: today.to_string(),
            totals,
            rows,
            trend,
        })
    }
}

/// Month by month: the flows, and the completion rate from the start of the period to each month's end.
fn trend(s: &Sums, period: &Period) -> Vec<TrendPoint> {
    let mut run = Sums { before: s.before, ..Sums::default() };
    period
        .from
        .until(period.to)
        .into_iter()
        .map(|m| {
            let f = s.by_month.get(&m.key()).copied().unwrap_or_default();
            run.during.add(&f, 1);
            TrendPoint {
                month: m.key(),
                label: m.to_string(),
                received_n: f.received_n,
                completed_n: f.completed_n,
                collected_m: f.collected_m,
                rate_n: run.figures(0).rate_n,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ev(on: &str, from: &str, to: &str, amount: Option<i64>) -> EventFacts {
        EventFacts { on_date: on.into(), from_state: Some(from.into()), to_state: to.into(), amount }
    }

    fn case(total: i64) -> CaseFacts {
        CaseFacts {
            unit_id: 7,
            officer_id: Some(3),
            received_on: "2026-01-10".into(),
            total_money: total,
            active: true,
            due_date: Some("2026-02-01".into()),
        }
    }

    #[test]
    fn a_case_through_no_means_to_completion() {
        let events = vec![
            EventFacts { on_date: "2026-01-10".into(), from_state: None, to_state: "received".into(), amount: None },
            ev("2026-01-12", "received", "decided", None),
            ev("2026-02-20", "verifying", "no_means", None),
            ev("2026-04-02", "no_means", "coercion", None),
            ev("2026-04-03", "coercion", "coercion", Some(600)),
            ev("2026-05-03", "coercion", "completed", Some(400)),
        ];
        let mut c = case(1000);
        c.active = false;
        let k = contribution(&c, &events);
        assert_eq!(k.due, None);
        let jan = k.months["2026-01"];
        assert_eq!((jan.received_n, jan.received_m, jan.open_n, jan.open_m), (1, 1000, 1, 1000));
        let feb = k.months["2026-02"];
        assert_eq!((feb.nomeans_n, feb.nomeans_m), (1, 1000));
        let apr = k.months["2026-04"];
        assert_eq!((apr.nomeans_n, apr.nomeans_m, apr.collected_m, apr.open_m), (-1, -1000, 600, -600));
        let may = k.months["2026-05"];
        assert_eq!((may.collected_m, may.completed_n, may.completed_m, may.open_n, may.open_m), (400, 1, 0, -1, -400));
        // Over the whole life: the stocks are back to zero and the money is accounted for.
        let mut all = Flow::default();
        for f in k.months.values() {
            all.add(f, 1);
        }
        assert_eq!((all.open_n, all.open_m, all.nomeans_n, all.nomeans_m), (0, 0, 0, 0));
        assert_eq!(all.collected_m + all.completed_m + all.terminated_m + all.returned_m, all.received_m);
    }

    #[test]
    fn report_sums_follow_the_definitions() {
        let period = Period::new(Month::parse("2026-03").unwrap(), Month::parse("2026-05").unwrap()).unwrap();
        let mut s = Sums::default();
        // Two cases received before the period, one of them without means since February.
        let before = Flow {
            received_n: 2,
            received_m: 300,
            open_n: 2,
            open_m: 300,
            nomeans_n: 1,
            nomeans_m: 100,
            ..Flow::default()
        };
        s.add("2026-01", &before, &period);
        let during = Flow {
            received_n: 1,
            received_m: 50,
            open_n: 1 - 1,
            open_m: 50 - 200,
            completed_n: 1,
            collected_m: 200,
            ..Flow::default()
        };
        s.add("2026-04", &during, &period);
        let f = s.figures(4);
        assert_eq!((f.carried_n, f.received_n, f.total_n, f.no_means_n, f.with_means_n), (2, 1, 3, 1, 2));
        assert_eq!((f.completed_n, f.in_progress_n, f.overdue_n), (1, 1, 4));
        assert_eq!(f.rate_n, Some(0.5));
        assert_eq!((f.total_m, f.with_means_m, f.collected_m), (350, 250, 200));
        assert_eq!(f.rate_m, Some(0.8));
        // Rows after the period are never read into it.
        s.add("2026-06", &during, &period);
        assert_eq!(s.figures(4), f);
    }

    #[test]
    fn the_working_year_starts_in_october() {
        let p = Period::working_year(Date::parse_iso("2026-11-23").unwrap());
        assert_eq!((p.from.key(), p.to.key()), ("2026-10".to_string(), "2026-11".to_string()));
        let p = Period::working_year(Date::parse_iso("2026-03-01").unwrap());
        assert_eq!(p.from.key(), "2025-10");
        assert!(Period::new(Month::parse("2026-05").unwrap(), Month::parse("2026-04").unwrap()).is_err());
        assert_eq!(Month::parse("2026-13"), None);
    }

    const STATES: [&str; 12] = [
        "received",
        "decided",
        "notified",
        "voluntary",
        "verifying",
        "coercion",
        "no_means",
        "postponed",
        "suspended",
        "completed",
        "terminated",
        "returned",
    ];

    proptest! {
        /// Whatever the timeline: over the case's life the open stock is 1 until it closes, the money
        /// received is collected or closed or still outstanding, and no-means never goes below zero.
        #[test]
        fn contributions_add_up(total in 0i64..1_000_000, steps in proptest::collection::vec((0usize..12, 0i64..200_000, 0u32..30), 0..30)) {
            let mut events = vec![];
            let mut from = "received";
            let mut paid = 0;
            for (i, (s, amount, day)) in steps.iter().enumerate() {
                let pay = (*amount).min(total - paid).max(0);
                paid += pay;
                let on = format!("2026-{:02}-{:02}", 1 + (i / 3).min(11), 1 + day % 28);
                events.push(ev(&on, from, STATES[*s], (pay > 0).then_some(pay)));
                from = STATES[*s];
            }
            let k = contribution(&case(total), &events);
            let mut all = Flow::default();
            for f in k.months.values() {
                all.add(f, 1);
            }
            let open = !State::parse(from).unwrap().is_terminal();
            prop_assert_eq!(all.open_n, i64::from(open));
            prop_assert_eq!(all.nomeans_n, i64::from(from == "no_means"));
            prop_assert_eq!(all.collected_m, paid);
            let outstanding = total - paid;
            prop_assert_eq!(all.open_m, if open { outstanding } else { 0 });
            prop_assert_eq!(all.completed_m + all.terminated_m + all.returned_m + all.open_m + all.collected_m, total);
            prop_assert_eq!(all.completed_n + all.terminated_n + all.returned_n, i64::from(!open));
            // Office and officer rows carry the same contribution; taking it back leaves nothing.
            let mut agg = Aggregate::default();
            agg.add(&k, 1);
            agg.add(&k, -1);
            agg.prune();
            prop_assert!(agg.flows.is_empty() && agg.due.is_empty());
        }
    }
}
