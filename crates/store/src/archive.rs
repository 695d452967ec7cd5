//! Backup, restore and store-to-store copy, the same for SQLite and PostgreSQL.
//!
//! An archive is JSON lines: a header (`{"format": "tuphap-backup", "version": 1, …}`), then one line
//! per row (`{"t": table, "r": [values]}`) in primary-key order, table by table in dependency order.
//! Each domain crate declares its tables ([`Table`]); the store does not know them. A restore goes into
//! an empty, migrated database and is verified by row counts and per-table checksums (SHA-256 over the
//! rows in key order), so a copy is proved equal, not assumed.

use crate::audit::{self, Actor};
use crate::{Db, Dialect, StoreError};
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use std::io::{BufRead, Write};

/// A column's storage class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Int,
    Text,
}

/// A table to archive: name, columns in order, the key to order rows by, and whether its `id` is a
/// generated sequence (PostgreSQL sequences are moved past the restored ids).
#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [(&'static str, Col)],
    pub order_by: &'static str,
    pub serial_id: bool,
}

/// The store's own tables (the audit chain).
pub const STORE_TABLES: &[Table] = &[
    Table {
        name: "audit_log",
        columns: &[
            ("id", Col::Int),
            ("at", Col::Text),
            ("actor", Col::Text),
            ("action", Col::Text),
            ("subject", Col::Text),
            ("digest", Col::Text),
            ("prev_hash", Col::Text),
            ("hash", Col::Text),
        ],
        order_by: "id",
        serial_id: true,
    },
    Table {
        name: "audit_head",
        columns: &[("one", Col::Int), ("last_id", Col::Int), ("last_hash", Col::Text)],
        order_by: "one",
        serial_id: false,
    },
];

/// Rows and checksum of one table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableSum {
    pub table: String,
    pub rows: u64,
    pub sha256: String,
}

fn select_sql(t: &Table) -> String {
    let cols: Vec<&str> = t.columns.iter().map(|(c, _)| *c).collect();
    format!("SELECT {} FROM {} ORDER BY {}", cols.join(", "), t.name, t.order_by)
}

fn values(t: &Table, row: &AnyRow) -> Result<Vec<serde_json::Value>, StoreError> {
    let mut out = Vec::with_capacity(t.columns.len());
    for (i, (_, col)) in t.columns.iter().enumerate() {
        let v = match col {
            Col::Int => {
                row.try_get::<Option<i64>, _>(i)?.map(serde_json::Value::from).unwrap_or(serde_json::Value::Null)
            }
            Col::Text => {
                row.try_get::<Option<String>, _>(i)?.map(serde_json::Value::from).unwrap_or(serde_json::Value::Null)
            }
        };
        out.push(v);
    }
    Ok(out)
}

/// Row counts and checksums of every table.
pub async fn checksums(db: &Db, tables: &[Table]) -> Result<Vec<TableSum>, StoreError> {
    let mut out = vec![];
    for t in tables {
        // Table and column names come from the compiled-in table list, never from input.
        let rows = sqlx::query(sqlx::AssertSqlSafe(select_sql(t))).fetch_all(db.pool()).await?;
        let mut h = Sha256::new();
        for row in &rows {
            h.update(serde_json::Value::Array(values(t, row)?).to_string().as_bytes());
            h.update(b"\n");
        }
        out.push(TableSum { table: t.name.to_string(), rows: rows.len() as u64, sha256: hex(&h.finalize()) });
    }
    Ok(out)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Write every table to `out` as JSON lines; returns the table sums.
pub async fn export(db: &Db, tables: &[Table], mut out: impl Write) -> Result<Vec<TableSum>, StoreError> {
    let sums = checksums(db, tables).await?;
    let header = serde_json::json!({
        "format": "tuphap-backup",
        "version": 1,
        "created_at": crate::now_rfc3339(),
        "dialect": db.dialect().name(),
        "tables": sums,
    });
    writeln!(out, "{header}").map_err(io)?;
    for t in tables {
        let rows = sqlx::query(sqlx::AssertSqlSafe(select_sql(t))).fetch_all(db.pool()).await?;
        for row in &rows {
            writeln!(out, "{}", serde_json::json!({ "t": t.name, "r": values(t, row)? })).map_err(io)?;
        }
    }
    out.flush().map_err(io)?;
    Ok(sums)
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Archive(format!("cannot write the archive: {e}"))
}

/// Restore an archive into an empty, migrated database, in one transaction, then verify it against
/// the sums in the archive's header. The restore itself is appended to the audit chain.
pub async fn import(
    db: &Db,
    tables: &[Table],
    input: impl BufRead,
    actor: &Actor,
) -> Result<Vec<TableSum>, StoreError> {
    let mut lines = input.lines().enumerate();
    let (_, first) = lines.next().ok_or_else(|| StoreError::Archive("the archive is empty".into()))?;
    let header: serde_json::Value = serde_json::from_str(&first.map_err(read)?)
        .map_err(|e| StoreError::Archive(format!("line 1: not a tuphap backup header ({e})")))?;
    if header["format"] != "tuphap-backup" || header["version"] != 1 {
        return Err(StoreError::Archive("line 1: not a tuphap backup (format/version)".into()));
    }
    let expected: Vec<TableSum> = serde_json::from_value(header["tables"].clone())
        .map_err(|e| StoreError::Archive(format!("line 1: table sums unreadable ({e})")))?;
    // The target must hold nothing yet (audit_head holds its one initial row).
    for t in tables {
        let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {}", t.name)))
            .fetch_one(db.pool())
            .await?;
        let initial = if t.name == "audit_head" { 1 } else { 0 };
        if n > initial {
            return Err(StoreError::Archive(format!("the target database is not empty ({} has {n} rows)", t.name)));
        }
    }
    let mut tx: Transaction<'static, Any> = db.pool().begin().await?;
    sqlx::query("DELETE FROM audit_head").execute(&mut *tx).await?;
    let mut batch: Vec<Vec<serde_json::Value>> = vec![];
    let mut current: Option<&Table> = None;
    for (i, line) in lines {
        let line = line.map_err(read)?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| StoreError::Archive(format!("line {}: {e}", i + 1)))?;
        let name = v["t"].as_str().ok_or_else(|| StoreError::Archive(format!("line {}: no table name", i + 1)))?;
        let table = tables
            .iter()
            .find(|t| t.name == name)
            .ok_or_else(|| StoreError::Archive(format!("line {}: unknown table `{name}`", i + 1)))?;
        let row = v["r"].as_array().cloned().unwrap_or_default();
        if row.len() != table.columns.len() {
            return Err(StoreError::Archive(format!(
                "line {}: {} has {} columns, the row {}",
                i + 1,
                table.name,
                table.columns.len(),
                row.len()
            )));
        }
        if current.is_some_and(|c| c.name != table.name) || batch.len() >= 200 {
            flush(&mut tx, db.dialect(), current.unwrap_or(table), &mut batch).await?;
        }
        current = Some(table);
        batch.push(row);
    }
    if let Some(t) = current {
        flush(&mut tx, db.dialect(), t, &mut batch).await?;
    }
    if db.dialect() == Dialect::Postgres {
        for t in tables.iter().filter(|t| t.serial_id) {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{0}', 'id'), COALESCE((SELECT MAX(id) FROM {0}), 0) + 1, false)",
                t.name
            );
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    let got = checksums(db, tables).await?;
    for want in &expected {
        let have = got.iter().find(|g| g.table == want.table);
        if have != Some(want) {
            return Err(StoreError::Archive(format!(
                "restored table {} does not match the archive (rows or checksum differ)",
                want.table
            )));
        }
    }
    let mut tx = db.pool().begin().await?;
    let digest = audit::sha256_hex(serde_json::to_string(&got).unwrap_or_default().as_bytes());
    audit::append(&mut tx, actor, "store.restore", "database", &digest).await?;
    tx.commit().await?;
    Ok(got)
}

fn read(e: std::io::Error) -> StoreError {
    StoreError::Archive(format!("cannot read the archive: {e}"))
}

async fn flush(
    tx: &mut Transaction<'static, Any>,
    _dialect: Dialect,
    t: &Table,
    batch: &mut Vec<Vec<serde_json::Value>>,
) -> Result<(), StoreError> {
    if batch.is_empty() {
        return Ok(());
    }
    let cols: Vec<&str> = t.columns.iter().map(|(c, _)| *c).collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES {}",
        t.name,
        cols.join(", "),
        crate::dialect::values_placeholders(batch.len(), cols.len())
    );
    // Names come from the compiled-in table list; values are bound.
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for row in batch.iter() {
        for ((_, col), v) in t.columns.iter().zip(row) {
            q = match col {
                Col::Int => q.bind(v.as_i64()),
                Col::Text => q.bind(v.as_str().map(str::to_string)),
            };
        }
    }
    q.execute(&mut **tx).await?;
    batch.clear();
    Ok(())
}
