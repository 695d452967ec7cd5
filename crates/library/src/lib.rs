//! `library` — the legal library domain: importing documents, storing Works and their Expressions,
//! looking documents and provisions up, and computing their status on a date.
//!
//! - [`adapters`]: every input format, bytes → records (pure).
//! - [`import`]: walks paths, detects formats, saves each document in its own transaction.
//! - [`repo`]: this domain's tables and SQL (migrations in `migrations/`).
//! - [`lookup`]: find a Work by số hiệu or name (with closest matches), read a provision tree.
//! - [`catalog`]: every Work with its events in one pass, and fingerprints for derived indexes.
//! - [`review`]: the drafting review — a draft's citations and numbering checked against itself and
//!   the library on its date.
//! - [`samples`]: the sample content shipped with tuphap, loaded on a first start.
//!
//! Invariants: a Work is identified by its số hiệu key (or its name's match key when it has none);
//! re-importing a source updates its Expression, never duplicates it; a flatter source never
//! overwrites a richer one; status is computed from dated events, never stored.

pub mod adapters;
pub mod catalog;
pub mod import;
pub mod link;
pub mod lookup;
pub mod repo;
pub mod review;
pub mod samples;
pub mod titles;

use store::{Db, StoreError};

pub use import::{ImportSummary, Progress};
pub use lookup::{DocumentView, ProvisionView, WorkSummary};

/// Errors of the library domain.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("database error: {0}")]
    Sql(#[from] store::sqlx::Error),
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error(transparent)]
    Adapter(#[from] adapters::AdapterError),
    #[error("{0}")]
    Invalid(String),
    #[error("không tìm thấy văn bản “{query}”{}", suggestions(.closest))]
    UnknownDocument { query: String, closest: Vec<String> },
    #[error("văn bản {document} không có {reference}{}", suggestions(.closest))]
    UnknownProvision { document: String, reference: String, closest: Vec<String> },
    #[error(transparent)]
    Reference(#[from] lex::locate::LocateError),
    /// The provision exists in some version of the document, but not on the date asked.
    #[error("{0}")]
    ProvisionAbsent(Box<AbsentProvision>),
}

/// A provision absent on the date asked: repealed before it, or inserted after it.
#[derive(Debug, Clone)]
pub struct AbsentProvision {
    pub document: String,
    pub reference: String,
    pub eid: String,
    pub status: lex::status::Status,
    pub at: String,
    pub since: Option<String>,
    pub by: Option<String>,
}

impl std::fmt::Display for AbsentProvision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} của {} không có hiệu lực vào ngày {}: {}{}",
            self.reference,
            self.document,
            self.at,
            self.status.label_vi().to_lowercase(),
            absent_detail(&self.since, &self.by)
        )
    }
}

fn absent_detail(since: &Option<String>, by: &Option<String>) -> String {
    match (since, by) {
        (Some(s), Some(b)) => format!(" — từ {s} theo {b}"),
        (Some(s), None) => format!(" — từ {s}"),
        _ => String::new(),
    }
}

fn suggestions(closest: &[String]) -> String {
    if closest.is_empty() { String::new() } else { format!(" — gần nhất / closest: {}", closest.join("; ")) }
}

/// The legal library over a database.
#[derive(Clone, Debug)]
pub struct Library {
    db: Db,
}

/// Every migration the library needs (the store's own, then the library's).
pub fn migrations() -> Vec<store::migrate::Migration> {
    let mut all = store::migrate::STORE_MIGRATIONS.to_vec();
    all.extend_from_slice(repo::MIGRATIONS);
    all
}

impl Library {
    /// Open the library over `db`, applying migrations.
    pub async fn open(db: Db) -> Result<Library, LibraryError> {
        store::migrate::run(&db, &migrations()).await?;
        Ok(Library { db })
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Counts of works (documents), expressions and provisions.
    pub async fn counts(&self) -> Result<repo::Counts, LibraryError> {
        repo::counts(&self.db).await
    }
}

/// Today in Vietnam (UTC+7).
pub fn today() -> lex::Date {
    let secs =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    lex::Date::today_from_unix(secs)
}
