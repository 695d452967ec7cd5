//! `store` — database plumbing shared by every domain crate.
//!
//! - [`Db`]: one handle over SQLite (the embedded default, `<data-dir>/tuphap.db`) or PostgreSQL,
//!   through sqlx's `Any` driver. SQL is written once with `$1` placeholders, which both accept.
//! - [`dialect`]: the only place where SQL differs between the two (DDL types, upserts).
//! - [`migrate`]: a small runner; each domain crate owns its migrations and passes them in.
//! - [`audit`]: the append-only, hash-chained audit log every write goes through.
//! - [`scratch`]: a fresh PostgreSQL database and the shared real data, for tests and benchmarks.
//!
//! Invariant: no SQL is built by concatenating user input; values always go through binds.

pub mod archive;
pub mod audit;
pub mod dialect;
pub mod migrate;
pub mod scratch;

pub use dialect::Dialect;
pub use sqlx;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("cannot create data directory {path}: {source}")]
    DataDir { path: PathBuf, source: std::io::Error },
    #[error("unsupported database URL “{0}” (use sqlite://… or postgres://…)")]
    UnsupportedUrl(String),
    #[error("migration {domain}/{version} failed: {source}")]
    Migration { domain: String, version: i64, source: sqlx::Error },
    #[error("backup/restore: {0}")]
    Archive(String),
    #[error("audit chain broken at entry {id}: {reason}")]
    AuditBroken { id: i64, reason: String },
}

/// A database handle: a pool plus its dialect.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    dialect: Dialect,
    url: String,
}

impl Db {
    /// Open the database named by `url`, or, without one, SQLite in `<data_dir>/tuphap.db`
    /// (created if absent).
    pub async fn open(data_dir: &Path, url: Option<&str>) -> Result<Db, StoreError> {
        let url = match url {
            Some(u) if !u.is_empty() => u.to_string(),
            _ => {
                std::fs::create_dir_all(data_dir)
                    .map_err(|source| StoreError::DataDir { path: data_dir.to_path_buf(), source })?;
                format!("sqlite://{}?mode=rwc", data_dir.join("tuphap.db").display())
            }
        };
        Db::connect(&url).await
    }

    /// Connect to a database URL (`sqlite://…`, `postgres://…`).
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        install_default_drivers();
        let dialect = Dialect::from_url(url).ok_or_else(|| StoreError::UnsupportedUrl(redact(url)))?;
        let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(30));
        let pool = match dialect {
            Dialect::Sqlite => {
                options
                    .max_connections(4)
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA cache_size = -16384;")
                                .await?;
                            Ok(())
                        })
                    })
                    .connect(url)
                    .await?
            }
            Dialect::Postgres => options.max_connections(8).connect(url).await?,
        };
        Ok(Db { pool, dialect, url: url.to_string() })
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The URL with any password removed, for messages.
    pub fn describe(&self) -> String {
        redact(&self.url)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Remove a password from a URL for display.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Current UTC time as RFC 3339 text (stored as TEXT in both dialects).
pub fn now_rfc3339() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let secs = now.as_secs() as i64;
    let date = lex::Date::from_days(secs.div_euclid(86400));
    let rem = secs.rem_euclid(86400);
    format!("{date}T{:02}:{:02}:{:02}.{:03}Z", rem / 3600, rem % 3600 / 60, rem % 60, now.subsec_millis())
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_passwords() {
        assert_eq!(super::redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(super::redact("sqlite://x.db"), "sqlite://x.db");
    }

    #[test]
    fn timestamps_look_right() {
        let t = super::now_rfc3339();
        assert_eq!(t.len(), 24);
        assert!(t.ends_with('Z'));
    }
}
