//! `enforcement` — thi hành án dân sự (civil judgment enforcement): cases from intake to closure, with
//! the statute's deadlines and the officers' work queues.
//!
//! - [`rules`]: the periods of the law as data, one rule set per law (26/2008/QH12 as amended before
//!   01/07/2026; 106/2025/QH15 from that day), each rule citing its provision; selection by the date of
//!   the step and the 2025 law's transitional article (Điều 116).
//! - [`workflow`]: PURE — states, steps, the roles allowed, the data required and the deadline each step
//!   starts ([`workflow::plan`]).
//! - [`case`]: intake (judgment or request, parties, obligations), the case file, search and filters,
//!   steps, assignment. Every write is audited in its transaction (before/after digests).
//! - [`queue`]: due soon, overdue, waiting on others, per officer and office; suggestions by workload.
//! - [`documents`]: decisions and notices from templates (HTML via minijinja, .docx), numbered per
//!   office and year, attached to the case.
//! - [`money`]: the funds ledger (double entry, idempotent receipts, reversals, balances), payment by law
//!   ([`money::distribute`], PURE: Điều 47 / Điều 54), fees and coercion costs ([`money::fee`], PURE),
//!   bank reconciliation ([`money::reconcile`]).
//! - [`assets`]: seized assets from seizure to sale or return: valuation, custody chain, photos; the sale
//!   price is booked as a receipt.
//! - [`stats`]: the monitoring centre's figures (cases and money, with and without means, completed,
//!   completion rate, overdue) per national / province / office / officer and period, pre-aggregated
//!   in the case writes' own transactions and rebuildable.
//! - [`citizen`]: a party's look-up by case number and secret or by a signed QR token; rate-limited,
//!   logged, showing nothing about other people.
//! - [`notify`]: the notifications outbox (enqueued with each step, deadline reminders), pluggable
//!   senders (log, SMTP), leases and retries.
//! - [`demo`]: realistic generated cases across all offices.
//!
//! Money is whole đồng (`i64`): a case's `total_money`/`paid_money` always equal the sums over its
//! obligations, and `paid_money` equals the payments in its timeline ([`Enforcement::check_money`]).

pub mod assets;
pub mod case;
pub mod citizen;
pub mod coercion;
pub mod demo;
pub mod documents;
pub mod money;
pub mod notify;
pub mod queue;
pub mod rules;
pub mod stats;
pub mod workflow;

use platform::policy::{Action, Denial, Principal, Target, UnitId};
use platform::{Decision, Platform, PlatformError};
use std::sync::Arc;
use store::Db;
use store::migrate::Migration;

/// Errors of the enforcement domain.
#[derive(Debug, thiserror::Error)]
pub enum EnforcementError {
    #[error(transparent)]
    Platform(#[from] PlatformError),
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error(transparent)]
    Workflow(#[from] workflow::WorkflowError),
    #[error("không tìm thấy / not found: {0}")]
    NotFound(String),
    #[error("không hợp lệ / invalid: {0}")]
    Invalid(String),
    /// Someone changed the case since it was read (optimistic concurrency).
    #[error("hồ sơ đã thay đổi, vui lòng tải lại / the case changed meanwhile: {0}")]
    Conflict(String),
    #[error("văn bản / document: {0}")]
    Document(String),
}

pub type Result<T, E = EnforcementError> = std::result::Result<T, E>;

/// The domain's migrations (after the platform's: cases reference units and users).
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        domain: "enforcement",
        version: 1,
        name: "cases, parties, obligations, events, documents, counters",
        sql: include_str!("../migrations/0001_enforcement.sql"),
    },
    Migration {
        domain: "enforcement",
        version: 2,
        name: "funds ledger, payouts, costs, bank statements, seized assets",
        sql: include_str!("../migrations/0002_money.sql"),
    },
    Migration {
        domain: "enforcement",
        version: 3,
        name: "monitoring figures, citizen access, notifications outbox",
        sql: include_str!("../migrations/0003_monitoring.sql"),
    },
    Migration {
        domain: "enforcement",
        version: 4,
        name: "time of day of a seizure",
        sql: include_str!("../migrations/0004_coercion_time.sql"),
    },
];

/// Every table a backup holds for enforcement.
pub const TABLES: &[&str] = &[
    "enf_cases",
    "enf_parties",
    "enf_obligations",
    "enf_events",
    "enf_documents",
    "enf_counters",
    "enf_ledger_txns",
    "enf_ledger_entries",
    "enf_ledger_balances",
    "enf_payouts",
    "enf_costs",
    "enf_statements",
    "enf_statement_lines",
    "enf_assets",
    "enf_asset_events",
    "enf_asset_files",
    "enf_stats",
    "enf_stats_due",
    "enf_keys",
    "enf_lookups",
    "enf_outbox",
];

/// The enforcement domain over the platform's database.
#[derive(Clone)]
pub struct Enforcement {
    platform: Platform,
    templates: Arc<minijinja::Environment<'static>>,
    keys: Arc<citizen::Keys>,
}

impl std::fmt::Debug for Enforcement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enforcement").finish_non_exhaustive()
    }
}

impl Enforcement {
    /// Open over an opened platform: apply the enforcement migrations.
    pub async fn open(platform: Platform) -> Result<Enforcement> {
        store::migrate::run(platform.db(), MIGRATIONS).await?;
        let keys = Arc::new(citizen::Keys::load(platform.db(), platform.clock().now()).await?);
        let e = Enforcement { platform, templates: Arc::new(documents::environment()), keys };
        // A store that had cases before the monitoring tables existed: derive them once.
        let (rows,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM (SELECT 1 FROM enf_stats LIMIT 1) x").fetch_one(e.db().pool()).await?;
        if rows == 0 && !e.is_empty().await? {
            let n = e.stats_rebuild(&Principal::System("system:migration".into())).await?;
            tracing::info!("monitoring figures derived from the cases: {n} rows");
        }
        Ok(e)
    }

    pub fn platform(&self) -> &Platform {
        &self.platform
    }

    pub fn db(&self) -> &Db {
        self.platform.db()
    }

    pub(crate) fn today(&self) -> lex::Date {
        self.platform.clock().today()
    }

    pub(crate) fn now(&self) -> i64 {
        self.platform.clock().now()
    }

    /// Refuse unless the policy allows `action` on the unit; returns the unit's path.
    pub(crate) async fn authorize_unit(&self, p: &Principal, action: Action, unit: UnitId) -> Result<Vec<UnitId>> {
        if matches!(p, Principal::Anonymous) {
            return Err(PlatformError::Unauthenticated.into());
        }
        let path = self.platform.unit_path(unit).await?;
        authorize(p, action, Target::Unit(&path))?;
        Ok(path)
    }
}

/// The policy's answer as a result.
pub(crate) fn authorize(p: &Principal, action: Action, target: Target<'_>) -> Result<()> {
    match platform::policy::allows(p, action, target) {
        Decision::Allow => Ok(()),
        Decision::Deny(Denial::NotSignedIn) => Err(PlatformError::Unauthenticated.into()),
        Decision::Deny(why) => Err(PlatformError::Forbidden(format!("{why:?}")).into()),
    }
}

/// The workflow's view of who acts.
pub(crate) fn who(p: &Principal) -> Result<workflow::Who<'_>> {
    match p {
        Principal::System(_) => Ok(workflow::Who::System),
        Principal::User(u) => Ok(workflow::Who::Roles(&u.roles)),
        Principal::Anonymous => Err(PlatformError::Unauthenticated.into()),
    }
}
