//! The catalogue of Works as the derived indexes see it (search, drafting review): identity,
//! metadata and dated events of every Work in one pass, and fingerprints that say which Works
//! changed since an index was built.

use crate::{Library, LibraryError};
use lex::Date;
use lex::model::{EventKind, ForceEvent};
use std::collections::HashMap;

/// One Work: what an index needs to label, filter and date its hits.
#[derive(Debug, Clone)]
pub struct CatalogEntry {
    pub id: i64,
    /// `no:<number key>` or `name:<match key>`.
    pub key: String,
    /// Số hiệu, or the Work's name when it has none.
    pub number: String,
    pub has_number: bool,
    pub doc_type: Option<String>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub issued: Option<String>,
    pub year: Option<i64>,
    /// Known only because another document mentions it (no text).
    pub mentioned_only: bool,
    pub events: Vec<ForceEvent>,
}

impl CatalogEntry {
    /// Status on a date, from the Work's dated events.
    pub fn status_at(&self, at: Date) -> lex::status::Status {
        lex::status::status_at(&self.events, at)
    }
}

/// A Work's row as the catalogue reads it: id, work key, number, name, type, title, issuer, issued,
/// meta rank (`SELECT id, work_key, number, name, doc_type, title, issuer, issued, meta_rank`).
pub(crate) type CatalogRow =
    (i64, String, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>, i64);

impl CatalogEntry {
    pub(crate) fn from_row(row: CatalogRow, events: Vec<ForceEvent>) -> CatalogEntry {
        let (id, key, number, name, doc_type, title, issuer, issued, rank) = row;
        CatalogEntry {
            id,
            key,
            year: work_year(issued.as_deref(), number.as_deref()),
            has_number: number.is_some(),
            number: number.or(name).unwrap_or_default(),
            doc_type,
            title,
            issuer,
            issued,
            mentioned_only: rank == 0,
            events,
        }
    }
}

/// The year of a Work: from its issue date, else from its number (`91/2015/QH13` → 2015).
pub(crate) fn work_year(issued: Option<&str>, number: Option<&str>) -> Option<i64> {
    issued
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse::<i64>().ok())
        .or_else(|| number.and_then(lex::number::year).map(i64::from))
}

/// A dated event from its stored columns (None: a kind this version does not know).
pub(crate) fn force_event(kind: &str, date: Option<&str>, by: Option<String>, partial: i64) -> Option<ForceEvent> {
    Some(ForceEvent { kind: EventKind::parse(kind)?, date: date.and_then(Date::parse_iso), by, partial: partial != 0 })
}

impl Library {
    /// Every Work with its events (events dated by another act take that act's entry into force).
    pub async fn catalog(&self) -> Result<Vec<CatalogEntry>, LibraryError> {
        let rows: Vec<CatalogRow> = sqlx::query_as(
            "SELECT id, work_key, number, name, doc_type, title, issuer, issued, meta_rank FROM works ORDER BY id",
        )
        .fetch_all(self.db.pool())
        .await?;
        let mut events = self.all_events().await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let id = row.0;
                CatalogEntry::from_row(row, events.remove(&id).unwrap_or_default())
            })
            .collect())
    }

    /// A fingerprint per Work that changes whenever its metadata, one of its expressions, or an
    /// amendment of it is (re)imported: an index compares them to know what to rebuild.
    pub async fn fingerprints(&self) -> Result<HashMap<i64, String>, LibraryError> {
        let rows: Vec<(i64, String, Option<String>, i64)> = sqlx::query_as(
            "SELECT w.id, w.updated_at, MAX(e.imported_at), COUNT(e.id) FROM works w LEFT JOIN expressions e ON e.work_id = w.id GROUP BY w.id, w.updated_at",
        )
        .fetch_all(self.db.pool())
        .await?;
        let mut out: HashMap<i64, String> = rows
            .into_iter()
            .map(|(id, updated, imported, n)| (id, format!("{updated}|{}|{n}", imported.unwrap_or_default())))
            .collect();
        // An amending act changes its target's wording: the target's fingerprint carries it.
        let amended: Vec<(i64, String)> = sqlx::query_as(
            "SELECT t.id, w.updated_at FROM amendments a JOIN works w ON w.id = a.amending_work_id JOIN works t ON t.work_key = a.target_key ORDER BY w.updated_at",
        )
        .fetch_all(self.db.pool())
        .await?;
        for (id, stamp) in amended {
            if let Some(f) = out.get_mut(&id)
                && !f.contains(&stamp)
            {
                f.push('|');
                f.push_str(&stamp);
            }
        }
        Ok(out)
    }
}
