//! `platform` — what every case module shares: the organisation (the national department → 34
//! provincial offices → 355 regional offices), users and roles, sign-in (web sessions and API tokens),
//! the authorisation policy, audit records with before/after digests, the working-day calendar and
//! deadline arithmetic, and the personal-data access log with retention rules.
//!
//! - [`policy`] and [`calendar`] are pure (no I/O): the rules, tested as tables.
//! - [`org`], [`users`], [`session`], [`personal_data`] persist through `store` (SQLite or PostgreSQL,
//!   `$n` binds); every write appends to the hash-chained audit log in the same transaction
//!   ([`audit::record`]).
//!
//! [`Platform::open`] runs the store's and the platform's migrations and seeds the units on first open.

pub mod audit;
pub mod calendar;
pub mod org;
pub mod personal_data;
pub mod policy;
pub mod session;
pub mod users;

pub use policy::{Action, Decision, Principal, Role, Scope, Target};

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use store::Db;
use store::migrate::Migration;

/// Errors of the platform. Sign-in failures have one shape ([`PlatformError::InvalidCredentials`])
/// whatever the cause, so that no answer tells whether an account exists.
#[derive(Debug, thiserror::Error)]
pub enum PlatformError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    /// Tên đăng nhập hoặc mật khẩu không đúng — wrong name or password (or a disabled or unknown account).
    #[error("tên đăng nhập hoặc mật khẩu không đúng / wrong user name or password")]
    InvalidCredentials,
    /// Too many failed sign-ins from this address for this name.
    #[error("quá nhiều lần đăng nhập sai; thử lại sau {retry_after_secs} giây / too many failed sign-ins, retry later")]
    Throttled { retry_after_secs: i64 },
    /// No valid session or token (absent, expired, revoked, or the user is disabled).
    #[error("chưa đăng nhập hoặc phiên đã hết hạn / not signed in or the session expired")]
    Unauthenticated,
    #[error("không có quyền / forbidden: {0}")]
    Forbidden(String),
    #[error("đơn vị không tồn tại / unknown unit “{0}”")]
    UnknownUnit(String),
    #[error("người dùng không tồn tại / unknown user “{0}”")]
    UnknownUser(String),
    #[error("đã tồn tại / already exists: {0}")]
    Duplicate(String),
    #[error("không hợp lệ / invalid: {0}")]
    Invalid(String),
    #[error("crypto: {0}")]
    Crypto(String),
}

pub type Result<T, E = PlatformError> = std::result::Result<T, E>;

/// The platform's migrations (the store's own come first in [`migrations`]).
pub const MIGRATIONS: &[Migration] = &[Migration {
    domain: "platform",
    version: 1,
    name: "units, users, roles, sessions, tokens, calendar overrides, personal data",
    sql: include_str!("../migrations/0001_platform.sql"),
}];

/// Every migration the platform needs: the store's, then its own.
pub fn migrations() -> Vec<Migration> {
    let mut all = store::migrate::STORE_MIGRATIONS.to_vec();
    all.extend_from_slice(MIGRATIONS);
    all
}

/// The tables of the platform (units, users, sessions, calendar, personal-data records), in dependency order, for backup, restore and
/// store-to-store copies (the binary composes every domain's tables; `store::archive` checks them
/// against the live schema).
pub const TABLES: &[store::archive::Table] = {
    use store::archive::{Col, Table};
    &[
        Table {
            name: "units",
            columns: &[
                ("id", Col::Int),
                ("code", Col::Text),
                ("name", Col::Text),
                ("level", Col::Text),
                ("parent_id", Col::Int),
                ("active", Col::Int),
                ("merged_into", Col::Int),
                ("generated_name", Col::Int),
                ("created_at", Col::Int),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "unit_history",
            columns: &[
                ("id", Col::Int),
                ("unit_id", Col::Int),
                ("at", Col::Int),
                ("event", Col::Text),
                ("from_parent", Col::Int),
                ("to_parent", Col::Int),
                ("other_unit", Col::Int),
                ("actor", Col::Text),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "users",
            columns: &[
                ("id", Col::Int),
                ("username", Col::Text),
                ("display_name", Col::Text),
                ("unit_id", Col::Int),
                ("password_hash", Col::Text),
                ("disabled", Col::Int),
                ("created_at", Col::Int),
                ("password_changed_at", Col::Int),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "user_roles",
            columns: &[("user_id", Col::Int), ("role", Col::Text)],
            order_by: "user_id, role",
            serial_id: false,
        },
        Table {
            name: "sessions",
            columns: &[
                ("id_hash", Col::Text),
                ("user_id", Col::Int),
                ("csrf", Col::Text),
                ("created_at", Col::Int),
                ("expires_at", Col::Int),
                ("revoked", Col::Int),
            ],
            order_by: "id_hash",
            serial_id: false,
        },
        Table {
            name: "api_tokens",
            columns: &[
                ("id", Col::Int),
                ("user_id", Col::Int),
                ("name", Col::Text),
                ("token_hash", Col::Text),
                ("scope", Col::Text),
                ("created_at", Col::Int),
                ("expires_at", Col::Int),
                ("revoked_at", Col::Int),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "sign_in_failures",
            columns: &[("id", Col::Int), ("key_hash", Col::Text), ("at", Col::Int)],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "calendar_overrides",
            columns: &[("day", Col::Text), ("kind", Col::Text), ("name", Col::Text)],
            order_by: "day",
            serial_id: false,
        },
        Table {
            name: "personal_data_access",
            columns: &[
                ("id", Col::Int),
                ("at", Col::Int),
                ("actor", Col::Text),
                ("subject", Col::Text),
                ("purpose", Col::Text),
            ],
            order_by: "id",
            serial_id: true,
        },
        Table {
            name: "retention_rules",
            columns: &[("category", Col::Text), ("days", Col::Int), ("basis", Col::Text)],
            order_by: "category",
            serial_id: false,
        },
    ]
};

/// The clock the platform reads (Unix seconds). Tests use a fixed clock they can move, so expiry is
/// tested without sleeping.
#[derive(Clone, Debug, Default)]
pub struct Clock(Option<Arc<AtomicI64>>);

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A clock fixed at `secs`, moved only by [`Clock::advance`].
    pub fn fixed(secs: i64) -> Clock {
        Clock(Some(Arc::new(AtomicI64::new(secs))))
    }

    pub fn now(&self) -> i64 {
        match &self.0 {
            Some(t) => t.load(Ordering::SeqCst),
            None => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0),
        }
    }

    /// Move a fixed clock forward (no effect on the system clock).
    pub fn advance(&self, secs: i64) {
        if let Some(t) = &self.0 {
            t.fetch_add(secs, Ordering::SeqCst);
        }
    }

    /// Today in Vietnam (UTC+7).
    pub fn today(&self) -> lex::Date {
        lex::Date::today_from_unix(self.now())
    }
}

/// Settings of sign-in and sessions.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Lifetime of a web session (absolute), seconds.
    pub session_ttl: i64,
    /// Longest lifetime an API token may be given, days.
    pub max_token_days: i64,
    /// Failed sign-ins allowed per (account, address) within `throttle_window` before throttling.
    pub max_failures: i64,
    pub throttle_window: i64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { session_ttl: 8 * 3600, max_token_days: 365, max_failures: 5, throttle_window: 15 * 60 }
    }
}

/// The platform over a database.
#[derive(Clone, Debug)]
pub struct Platform {
    db: Db,
    clock: Clock,
    settings: Arc<Settings>,
}

impl Platform {
    /// Open over `db` with the system clock: apply migrations, seed the units and retention rules if
    /// the tables are empty.
    pub async fn open(db: Db) -> Result<Platform> {
        Platform::open_with(db, Clock::system(), Settings::default()).await
    }

    /// Open with a given clock and settings (tests).
    pub async fn open_with(db: Db, clock: Clock, settings: Settings) -> Result<Platform> {
        store::migrate::run(&db, &migrations()).await?;
        let p = Platform { db, clock, settings: Arc::new(settings) };
        p.seed_units_if_empty(&store::audit::Actor::system_cli()).await?;
        p.seed_retention_if_empty().await?;
        Ok(p)
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub(crate) fn now(&self) -> i64 {
        self.clock.now()
    }
}

/// Random bytes as lower-case hex (tokens, session ids, CSRF tokens).
pub(crate) fn random_hex(bytes: usize) -> Result<String> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| PlatformError::Crypto(e.to_string()))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// Hex SHA-256 of a secret (what is stored instead of the secret).
pub(crate) fn hash_secret(secret: &str) -> String {
    store::audit::sha256_hex(secret.as_bytes())
}
