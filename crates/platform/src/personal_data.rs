//! Dữ liệu cá nhân — personal data: who read whose data (an access log, also on the audit chain) and
//! how long each category is kept (retention rules, configurable).
//!
//! Basis: Nghị định 356/2025/NĐ-CP (detailing the Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15). Names,
//! contact details and identity numbers are basic personal data (Điều 3 khoản 1 and 7); sign-in names
//! and passwords of an identity account are sensitive data (Điều 4 khoản 1 điểm i), and sensitive data
//! needs access limited by role and a defined processing procedure (Điều 4 khoản 2). The platform keeps a
//! user to a sign-in name and a display name, stores passwords only as argon2 hashes and addresses only
//! as hashes, logs every read of others' personal data, and deletes what outlives its retention rule
//! ([`Platform::purge_expired`]).

use crate::org::authorize;
use crate::policy::{Action, Principal, Target};
use crate::{Platform, PlatformError, Result, audit};
use serde::Serialize;

/// One retention rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Retention {
    pub category: String,
    pub days: i64,
    pub basis: String,
}

/// The default rules, written on first open; administrators change them with
/// [`Platform::set_retention`].
pub const DEFAULT_RETENTION: &[(&str, i64, &str)] = &[
    ("sign_in_failures", 30, "throttling only; NĐ 356/2025/NĐ-CP Điều 4 khoản 2"),
    ("sessions", 90, "ended or expired sessions; NĐ 356/2025/NĐ-CP Điều 4 khoản 2"),
    ("api_tokens", 365, "revoked or expired tokens; NĐ 356/2025/NĐ-CP Điều 4 khoản 2"),
    ("personal_data_access", 1825, "access log kept five years for inspection; NĐ 356/2025/NĐ-CP Điều 14"),
];

/// One logged access.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Access {
    pub at: i64,
    pub actor: String,
    pub subject: String,
    pub purpose: String,
}

impl Platform {
    pub(crate) async fn seed_retention_if_empty(&self) -> Result<()> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM retention_rules").fetch_one(self.db.pool()).await?;
        if n > 0 {
            return Ok(());
        }
        let mut tx = self.db.pool().begin().await?;
        for (c, d, b) in DEFAULT_RETENTION {
            sqlx::query("INSERT INTO retention_rules (category, days, basis) VALUES ($1, $2, $3)")
                .bind(c)
                .bind(d)
                .bind(b)
                .execute(&mut *tx)
                .await?;
        }
        audit::record::<(), _>(
            &mut tx,
            &store::audit::Actor::system_cli(),
            "personal_data.retention.seed",
            "retention_rules",
            None,
            Some(DEFAULT_RETENTION),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Log that `p` read personal data of `subject` for `purpose` (in the table and on the chain).
    pub async fn log_personal_data_access(&self, p: &Principal, subject: &str, purpose: &str) -> Result<()> {
        let actor = p.actor();
        let purpose = if purpose.trim().is_empty() { "unspecified" } else { purpose.trim() };
        let mut tx = self.db.pool().begin().await?;
        sqlx::query("INSERT INTO personal_data_access (at, actor, subject, purpose) VALUES ($1, $2, $3, $4)")
            .bind(self.now())
            .bind(&actor.0)
            .bind(subject)
            .bind(purpose)
            .execute(&mut *tx)
            .await?;
        audit::record::<(), _>(&mut tx, &actor, "personal_data.access", subject, None, Some(purpose)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The access log, newest first.
    pub async fn personal_data_accesses(&self, p: &Principal, limit: i64) -> Result<Vec<Access>> {
        authorize(p, Action::ReadAudit, Target::Global)?;
        let rows: Vec<(i64, String, String, String)> =
            sqlx::query_as("SELECT at, actor, subject, purpose FROM personal_data_access ORDER BY id DESC LIMIT $1")
                .bind(limit.clamp(1, 10_000))
                .fetch_all(self.db.pool())
                .await?;
        Ok(rows.into_iter().map(|r| Access { at: r.0, actor: r.1, subject: r.2, purpose: r.3 }).collect())
    }

    pub async fn retention_rules(&self) -> Result<Vec<Retention>> {
        let rows: Vec<(String, i64, String)> =
            sqlx::query_as("SELECT category, days, basis FROM retention_rules ORDER BY category")
                .fetch_all(self.db.pool())
                .await?;
        Ok(rows.into_iter().map(|r| Retention { category: r.0, days: r.1, basis: r.2 }).collect())
    }

    /// Change how long a category is kept.
    pub async fn set_retention(&self, p: &Principal, category: &str, days: i64, basis: &str) -> Result<Retention> {
        authorize(p, Action::ManageUsers, Target::Global)?;
        if !DEFAULT_RETENTION.iter().any(|(c, _, _)| *c == category) {
            return Err(PlatformError::Invalid(format!("unknown retention category “{category}”")));
        }
        if !(1..=36_500).contains(&days) {
            return Err(PlatformError::Invalid("retention is 1–36500 days".into()));
        }
        let before = self.retention_rules().await?.into_iter().find(|r| r.category == category);
        let after = Retention { category: category.into(), days, basis: basis.trim().into() };
        let mut tx = self.db.pool().begin().await?;
        sqlx::query(
            "INSERT INTO retention_rules (category, days, basis) VALUES ($1, $2, $3) ON CONFLICT (category) DO UPDATE SET days = excluded.days, basis = excluded.basis",
        )
        .bind(category)
        .bind(days)
        .bind(&after.basis)
        .execute(&mut *tx)
        .await?;
        audit::record(&mut tx, &p.actor(), "personal_data.retention.set", category, before.as_ref(), Some(&after))
            .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Delete what outlived its retention rule; returns (category, rows deleted).
    pub async fn purge_expired(&self, p: &Principal) -> Result<Vec<(String, u64)>> {
        authorize(p, Action::ManageUsers, Target::Global)?;
        let now = self.now();
        let rules = self.retention_rules().await?;
        let days = |c: &str| rules.iter().find(|r| r.category == c).map(|r| r.days).unwrap_or(36_500);
        let mut tx = self.db.pool().begin().await?;
        let mut out = vec![];
        let cutoff = |c: &str| now - days(c) * 86400;
        let n = sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
            .bind(cutoff("sign_in_failures"))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        out.push(("sign_in_failures".to_string(), n));
        let n = sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(cutoff("sessions"))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        out.push(("sessions".to_string(), n));
        let c = cutoff("api_tokens");
        let n =
            sqlx::query("DELETE FROM api_tokens WHERE expires_at < $1 OR (revoked_at IS NOT NULL AND revoked_at < $1)")
                .bind(c)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        out.push(("api_tokens".to_string(), n));
        let n = sqlx::query("DELETE FROM personal_data_access WHERE at < $1")
            .bind(cutoff("personal_data_access"))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        out.push(("personal_data_access".to_string(), n));
        audit::record::<(), _>(&mut tx, &p.actor(), "personal_data.purge", "retention", None, Some(&out)).await?;
        tx.commit().await?;
        Ok(out)
    }
}
