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

/// The tables of enforcement (cases, documents, ledger, assets, monitoring, citizen access), in dependency order, for backup, restore and
/// store-to-store copies (the binary composes every domain's tables; `store::archive` checks them
/// against the live schema).
pub const TABLES: &[store::archive::Table] = {
    use store::archive::{Col, Table};
    &[
        Table {
            name: "enf_cases",
            columns: &[
                ("id", Col::Int),
                ("unit_id", Col::Int),
                ("number", Col::Text),
                ("year", Col::Int),
                ("seq", Col::Int),
                ("basis", Col::Text),
                ("own_motion", Col::Text),
                ("court", Col::Text),
                ("judgment_number", Col::Text),
                ("judgment_date", Col::Text),
                ("effective_date", Col::Text),
                ("received_on", Col::Text),
                ("state", Col::Text),
                ("active", Col::Int),
                ("officer_id", Col::Int),
                ("rule_set", Col::Text),
                ("last_on", Col::Text),
                ("due_date", Col::Text),
                ("due_rule", Col::Text),
                ("due_citation", Col::Text),
                ("waiting_on", Col::Text),
                ("voluntary_ends", Col::Text),
                ("no_means_since", Col::Text),
                ("verifications", Col::Int),
                ("long_interval", Col::Int),
                ("resume_to", Col::Text),
                ("paused_on", Col::Text),
                ("ended_on", Col::Text),
                ("total_money", Col::Int),
                ("paid_money", Col::Int),
                ("search_key", Col::Text),
                ("version", Col::Int),
                ("created_at", Col::Int),
                ("updated_at", Col::Int),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "enf_parties",
            columns: &[
                ("id", Col::Int),
                ("case_id", Col::Int),
                ("role", Col::Text),
                ("kind", Col::Text),
                ("name", Col::Text),
                ("address", Col::Text),
                ("email", Col::Text),
                ("access_gen", Col::Int),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "enf_obligations",
            columns: &[
                ("id", Col::Int),
                ("case_id", Col::Int),
                ("kind", Col::Text),
                ("description", Col::Text),
                ("amount", Col::Int),
                ("paid", Col::Int),
                ("done", Col::Int),
                ("creditor", Col::Text),
                ("debtor", Col::Text),
                ("category", Col::Text),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "enf_events",
            columns: &[
                ("id", Col::Int),
                ("case_id", Col::Int),
                ("at", Col::Int),
                ("on_date", Col::Text),
                ("step", Col::Text),
                ("from_state", Col::Text),
                ("to_state", Col::Text),
                ("actor", Col::Text),
                ("rule_set", Col::Text),
                ("provisions", Col::Text),
                ("due_date", Col::Text),
                ("due_citation", Col::Text),
                ("warnings", Col::Text),
                ("amount", Col::Int),
                ("obligation_id", Col::Int),
                ("note", Col::Text),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "enf_documents",
            columns: &[
                ("id", Col::Int),
                ("case_id", Col::Int),
                ("event_id", Col::Int),
                ("unit_id", Col::Int),
                ("year", Col::Int),
                ("seq", Col::Int),
                ("number", Col::Text),
                ("kind", Col::Text),
                ("title", Col::Text),
                ("issued_on", Col::Text),
                ("context", Col::Text),
                ("html", Col::Text),
                ("sha256", Col::Text),
                ("created_at", Col::Int),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "enf_counters",
            columns: &[("unit_id", Col::Int), ("year", Col::Int), ("kind", Col::Text), ("next", Col::Int)],
            order_by: "unit_id, year, kind",
            serial_id: false,
        },
        Table {
            name: "enf_ledger_txns",
            columns: &[
                ("id", Col::Int),
                ("unit_id", Col::Int),
                ("case_id", Col::Int),
                ("kind", Col::Text),
                ("bucket", Col::Text),
                ("on_date", Col::Text),
                ("amount", Col::Int),
                ("idempotency_key", Col::Text),
                ("reverses", Col::Int),
                ("reference", Col::Text),
                ("memo", Col::Text),
                ("law", Col::Text),
                ("detail", Col::Text),
                ("actor", Col::Text),
                ("created_at", Col::Int),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "enf_ledger_entries",
            columns: &[
                ("id", Col::Int),
                ("txn_id", Col::Int),
                ("unit_id", Col::Int),
                ("case_id", Col::Int),
                ("account", Col::Text),
                ("party", Col::Text),
                ("amount", Col::Int),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "enf_ledger_balances",
            columns: &[
                ("unit_id", Col::Int),
                ("case_id", Col::Int),
                ("account", Col::Text),
                ("party", Col::Text),
                ("balance", Col::Int),
            ],
            order_by: "unit_id, case_id, account, party",
            serial_id: false,
        },
        Table {
            name: "enf_payouts",
            columns: &[
                ("id", Col::Int),
                ("case_id", Col::Int),
                ("unit_id", Col::Int),
                ("distribution_txn", Col::Int),
                ("party", Col::Text),
                ("payee", Col::Text),
                ("amount", Col::Int),
                ("due_date", Col::Text),
                ("due_citation", Col::Text),
                ("paid_txn", Col::Int),
                ("cancelled", Col::Int),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "enf_costs",
            columns: &[
                ("id", Col::Int),
                ("case_id", Col::Int),
                ("kind", Col::Text),
                ("amount", Col::Int),
                ("bearer", Col::Text),
                ("provision", Col::Text),
                ("on_date", Col::Text),
                ("recovered", Col::Int),
                ("note", Col::Text),
                ("actor", Col::Text),
                ("created_at", Col::Int),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "enf_statements",
            columns: &[
                ("id", Col::Int),
                ("unit_id", Col::Int),
                ("name", Col::Text),
                ("sha256", Col::Text),
                ("first_date", Col::Text),
                ("last_date", Col::Text),
                ("lines", Col::Int),
                ("actor", Col::Text),
                ("created_at", Col::Int),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "enf_statement_lines",
            columns: &[
                ("id", Col::Int),
                ("statement_id", Col::Int),
                ("line_no", Col::Int),
                ("on_date", Col::Text),
                ("amount", Col::Int),
                ("reference", Col::Text),
                ("description", Col::Text),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "enf_assets",
            columns: &[
                ("id", Col::Int),
                ("case_id", Col::Int),
                ("unit_id", Col::Int),
                ("kind", Col::Text),
                ("description", Col::Text),
                ("state", Col::Text),
                ("valuation", Col::Int),
                ("valued_on", Col::Text),
                ("custody", Col::Text),
                ("custody_place", Col::Text),
                ("keeper", Col::Text),
                ("secures_obligation", Col::Int),
                ("pledgee", Col::Text),
                ("pledgee_owed", Col::Int),
                ("sale_price", Col::Int),
                ("sale_txn", Col::Int),
                ("version", Col::Int),
                ("created_at", Col::Int),
                ("updated_at", Col::Int),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "enf_asset_events",
            columns: &[
                ("id", Col::Int),
                ("asset_id", Col::Int),
                ("at", Col::Int),
                ("on_date", Col::Text),
                ("action", Col::Text),
                ("from_place", Col::Text),
                ("to_place", Col::Text),
                ("amount", Col::Int),
                ("actor", Col::Text),
                ("note", Col::Text),
                ("at_time", Col::Text),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "enf_asset_files",
            columns: &[
                ("id", Col::Int),
                ("asset_id", Col::Int),
                ("name", Col::Text),
                ("media_type", Col::Text),
                ("sha256", Col::Text),
                ("bytes", Col::Bytes),
                ("actor", Col::Text),
                ("created_at", Col::Int),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "enf_stats",
            columns: &[
                ("unit_id", Col::Int),
                ("officer_id", Col::Int),
                ("month", Col::Text),
                ("received_n", Col::Int),
                ("received_m", Col::Int),
                ("completed_n", Col::Int),
                ("completed_m", Col::Int),
                ("terminated_n", Col::Int),
                ("terminated_m", Col::Int),
                ("returned_n", Col::Int),
                ("returned_m", Col::Int),
                ("collected_m", Col::Int),
                ("open_n", Col::Int),
                ("open_m", Col::Int),
                ("nomeans_n", Col::Int),
                ("nomeans_m", Col::Int),
            ],
            order_by: "unit_id, officer_id, month",
            serial_id: false,
        },
        Table {
            name: "enf_stats_due",
            columns: &[("unit_id", Col::Int), ("officer_id", Col::Int), ("due_date", Col::Text), ("n", Col::Int)],
            order_by: "unit_id, officer_id, due_date",
            serial_id: false,
        },
        Table {
            name: "enf_keys",
            columns: &[("id", Col::Int), ("purpose", Col::Text), ("secret", Col::Bytes), ("created_at", Col::Int)],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "enf_lookups",
            columns: &[
                ("id", Col::Int),
                ("at", Col::Int),
                ("via", Col::Text),
                ("client_hash", Col::Text),
                ("code_hash", Col::Text),
                ("outcome", Col::Text),
                ("case_id", Col::Int),
                ("party_id", Col::Int),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "enf_outbox",
            columns: &[
                ("id", Col::Int),
                ("dedup_key", Col::Text),
                ("case_id", Col::Int),
                ("party_id", Col::Int),
                ("kind", Col::Text),
                ("channel", Col::Text),
                ("recipient", Col::Text),
                ("subject", Col::Text),
                ("body", Col::Text),
                ("created_at", Col::Int),
                ("attempts", Col::Int),
                ("next_at", Col::Int),
                ("lease_until", Col::Int),
                ("lease_token", Col::Text),
                ("sent_at", Col::Int),
                ("failed_at", Col::Int),
                ("last_error", Col::Text),
            ],
            order_by: "id",
            serial_id: true,
        },
    ]
};

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
