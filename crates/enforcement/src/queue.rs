//! Hàng đợi công việc — work queues per office and per officer: due soon (the running deadline ends
//! within [`DUE_SOON_DAYS`] days), overdue (it ended before today), waiting on others (service, new
//! information, the court, the end of a postponement's grounds); the officers' workload and who to
//! assign next. Every query is an index range (`(unit_id, due_date)`, `(officer_id, due_date)`,
//! `(unit_id, waiting_on)`, `(unit_id, active, officer_id)`), so it stays fast at millions of cases.

use crate::case::{CASE_SELECT, Case, case_of};
use crate::{Enforcement, EnforcementError, Result};
use lex::Date;
use platform::policy::{Action, Principal};
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// "Due soon": the deadline ends today or within this many days.
pub const DUE_SOON_DAYS: i64 = 7;

/// Which queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueKind {
    /// Sắp đến hạn.
    DueSoon,
    /// Quá hạn.
    Overdue,
    /// Chờ người khác.
    Waiting,
}

impl QueueKind {
    pub fn parse(s: &str) -> Option<QueueKind> {
        match s {
            "due_soon" => Some(QueueKind::DueSoon),
            "overdue" => Some(QueueKind::Overdue),
            "waiting" => Some(QueueKind::Waiting),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            QueueKind::DueSoon => "due_soon",
            QueueKind::Overdue => "overdue",
            QueueKind::Waiting => "waiting",
        }
    }
}

/// Sizes of the queues.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct QueueCounts {
    pub due_soon: i64,
    pub overdue: i64,
    pub waiting: i64,
    pub active: i64,
    pub unassigned: i64,
}

/// An officer's workload.
#[derive(Clone, Debug, Serialize)]
pub struct Workload {
    pub officer_id: i64,
    pub username: String,
    pub display_name: String,
    pub active: i64,
    pub overdue: i64,
}

fn window(today: Date) -> (String, String) {
    (today.to_string(), Date::from_days(today.to_days() + DUE_SOON_DAYS).to_string())
}

impl Enforcement {
    async fn queue_scope(&self, p: &Principal, unit: &str, officer: Option<&str>) -> Result<(i64, Option<i64>)> {
        let u = self.platform.unit_by_code(unit).await?;
        self.authorize_unit(p, Action::ReadCases, u.id).await?;
        let officer_id = match officer {
            Some(name) => {
                let o = self.platform.user(name).await?;
                if o.unit_id != Some(u.id) {
                    return Err(EnforcementError::Invalid(format!("{name} is not in {unit}")));
                }
                Some(o.id)
            }
            None => None,
        };
        Ok((u.id, officer_id))
    }

    /// One queue of an office (or of one officer in it), soonest deadline first.
    pub async fn queue(
        &self,
        p: &Principal,
        unit: &str,
        officer: Option<&str>,
        kind: QueueKind,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Case>, i64)> {
        let (unit_id, officer_id) = self.queue_scope(p, unit, officer).await?;
        let (today, soon) = window(self.today());
        let limit = limit.clamp(1, 500);
        let offset = offset.clamp(0, 1_000_000);
        // Two fixed statements per queue (office, officer): the index leads with the scope column.
        let (cond, order) = match kind {
            QueueKind::DueSoon => ("c.due_date >= $2 AND c.due_date <= $3", "c.due_date, c.id"),
            QueueKind::Overdue => ("c.due_date < $2 AND $3 = $3", "c.due_date, c.id"),
            QueueKind::Waiting => ("c.waiting_on IS NOT NULL AND $2 = $2 AND $3 = $3", "c.id"),
        };
        let scope =
            if officer_id.is_some() { "c.officer_id = $1 AND c.unit_id = $4" } else { "c.unit_id = $1 AND $4 = $4" };
        let first = officer_id.unwrap_or(unit_id);
        let total: i64 =
            sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) AS n FROM enf_cases c WHERE {scope} AND {cond}")))
                .bind(first)
                .bind(&today)
                .bind(&soon)
                .bind(unit_id)
                .fetch_one(self.db().pool())
                .await?
                .try_get("n")?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{CASE_SELECT} WHERE {scope} AND {cond} ORDER BY {order} LIMIT $5 OFFSET $6"
        )))
        .bind(first)
        .bind(&today)
        .bind(&soon)
        .bind(unit_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(self.db().pool())
        .await?;
        Ok((rows.iter().map(case_of).collect::<Result<Vec<_>>>()?, total))
    }

    /// The sizes of every queue of an office (or officer).
    pub async fn queue_counts(&self, p: &Principal, unit: &str, officer: Option<&str>) -> Result<QueueCounts> {
        let (unit_id, officer_id) = self.queue_scope(p, unit, officer).await?;
        let (today, soon) = window(self.today());
        let scope = if officer_id.is_some() { "officer_id = $1 AND unit_id = $4" } else { "unit_id = $1 AND $4 = $4" };
        let first = officer_id.unwrap_or(unit_id);
        let count = |cond: &'static str| {
            let sql = format!("SELECT COUNT(*) AS n FROM enf_cases WHERE {scope} AND {cond}");
            let (today, soon) = (today.clone(), soon.clone());
            async move {
                let n: i64 = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(first)
                    .bind(today)
                    .bind(soon)
                    .bind(unit_id)
                    .fetch_one(self.db().pool())
                    .await?
                    .try_get("n")?;
                Ok::<i64, EnforcementError>(n)
            }
        };
        Ok(QueueCounts {
            due_soon: count("due_date >= $2 AND due_date <= $3").await?,
            overdue: count("due_date < $2 AND $3 = $3").await?,
            waiting: count("waiting_on IS NOT NULL AND $2 = $2 AND $3 = $3").await?,
            active: count("active = 1 AND $2 = $2 AND $3 = $3").await?,
            unassigned: if officer_id.is_some() {
                0
            } else {
                count("active = 1 AND officer_id IS NULL AND $2 = $2 AND $3 = $3").await?
            },
        })
    }

    /// The office's officers by workload, lightest first (active cases, then overdue ones): the first is
    /// the suggestion for the next assignment.
    pub async fn suggest_officers(&self, p: &Principal, unit: &str) -> Result<Vec<Workload>> {
        let (unit_id, _) = self.queue_scope(p, unit, None).await?;
        let today = self.today().to_string();
        let officers: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT u.id, u.username, u.display_name FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.unit_id = $1 AND r.role = 'enforcement_officer' AND u.disabled = 0 ORDER BY u.id",
        )
        .bind(unit_id)
        .fetch_all(self.db().pool())
        .await?;
        let loads: Vec<(Option<i64>, i64, i64)> = sqlx::query_as(
            "SELECT officer_id, COUNT(*), SUM(CASE WHEN due_date < $2 THEN 1 ELSE 0 END) FROM enf_cases WHERE unit_id = $1 AND active = 1 GROUP BY officer_id",
        )
        .bind(unit_id)
        .bind(&today)
        .fetch_all(self.db().pool())
        .await?;
        let mut out: Vec<Workload> = officers
            .into_iter()
            .map(|(id, username, display_name)| {
                let (active, overdue) = loads.iter().find(|l| l.0 == Some(id)).map(|l| (l.1, l.2)).unwrap_or((0, 0));
                Workload { officer_id: id, username, display_name, active, overdue }
            })
            .collect();
        out.sort_by_key(|w| (w.active, w.overdue, w.officer_id));
        Ok(out)
    }
}
