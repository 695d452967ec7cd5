//! Backup, restore and store-to-store copy, the same for SQLite and PostgreSQL.
//!
//! An archive is JSON lines: a header (`{"format": "tuphap-backup", "version": 2, …}`), one line per
//! row (`{"t": table, "r": [values]}`) in key order, table by table in dependency order, and a closing
//! line with every table's row count and checksum (SHA-256 over its rows in key order). Rows are
//! streamed, never held in memory, and read in one transaction, so the archive is one consistent
//! snapshot even while the server writes.
//!
//! Each domain crate declares its tables ([`Table`]); the store does not know them. The binary
//! composes them and checks them against the live schema ([`check_declared`]) before it writes or
//! restores, so a table or column added by a migration cannot be silently left out of a backup.
//!
//! A restore goes into an empty, migrated database in one transaction and is verified against the
//! archive's sums before it commits: a copy is proved equal, not assumed, and a bad archive leaves
//! nothing behind.

use crate::audit::{self, Actor};
use crate::{Db, Dialect, StoreError};
use futures_util::TryStreamExt;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Row, Transaction};
use std::io::{BufRead, Write};
use std::path::Path;

/// A column's storage class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Int,
    Text,
    /// Bytes (`BLOB` / `BYTEA`), written as lower-case hex.
    Bytes,
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

/// Tables that belong to no archive: the migration runner's bookkeeping (a target is migrated by its
/// own binary before a restore).
pub const NOT_ARCHIVED: &[&str] = &["schema_migrations"];

const FORMAT: &str = "tuphap-backup";
const VERSION: i64 = 2;

/// Rows and checksum of one table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableSum {
    pub table: String,
    pub rows: u64,
    pub sha256: String,
}

impl Table {
    /// `SELECT` every declared column in key order (names from the compiled-in list, never input).
    pub fn select_sql(&self) -> String {
        let cols: Vec<&str> = self.columns.iter().map(|(c, _)| *c).collect();
        format!("SELECT {} FROM {} ORDER BY {}", cols.join(", "), self.name, self.order_by)
    }
}

fn values(t: &Table, row: &AnyRow) -> Result<Vec<Value>, StoreError> {
    let mut out = Vec::with_capacity(t.columns.len());
    for (i, (_, col)) in t.columns.iter().enumerate() {
        let v = match col {
            Col::Int => row.try_get::<Option<i64>, _>(i)?.map(Value::from),
            Col::Text => row.try_get::<Option<String>, _>(i)?.map(Value::from),
            Col::Bytes => row.try_get::<Option<Vec<u8>>, _>(i)?.map(|b| Value::from(hex(&b))),
        };
        out.push(v.unwrap_or(Value::Null));
    }
    Ok(out)
}

/// Stream one table's rows in key order, hashing each row's JSON array and handing it to `each`.
async fn sum_table(
    conn: &mut AnyConnection,
    t: &Table,
    mut each: impl FnMut(&str) -> Result<(), StoreError>,
) -> Result<TableSum, StoreError> {
    let mut h = Sha256::new();
    let mut rows = 0u64;
    // Table and column names come from the compiled-in table list, never from input.
    let mut stream = sqlx::query(sqlx::AssertSqlSafe(t.select_sql())).fetch(&mut *conn);
    while let Some(row) = stream.try_next().await? {
        let json = Value::Array(values(t, &row)?).to_string();
        h.update(json.as_bytes());
        h.update(b"\n");
        each(&json)?;
        rows += 1;
    }
    Ok(TableSum { table: t.name.to_string(), rows, sha256: hex(&h.finalize()) })
}

async fn sums_on(conn: &mut AnyConnection, tables: &[Table]) -> Result<Vec<TableSum>, StoreError> {
    let mut out = vec![];
    for t in tables {
        out.push(sum_table(conn, t, |_| Ok(())).await?);
    }
    Ok(out)
}

/// Row counts and checksums of every table.
pub async fn checksums(db: &Db, tables: &[Table]) -> Result<Vec<TableSum>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    sums_on(&mut conn, tables).await
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok()).collect()
}

/// The tables and columns of the live schema that `tables` does not declare, and the declared ones
/// the schema lacks. Empty when the declaration covers the database exactly.
pub async fn undeclared(db: &Db, tables: &[Table]) -> Result<Vec<String>, StoreError> {
    let sql = match db.dialect() {
        Dialect::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid"
        }
        Dialect::Postgres => {
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM information_schema.columns \
             WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
        }
    };
    let live: Vec<(String, String)> = sqlx::query_as(sql).fetch_all(db.pool()).await?;
    let mut out = vec![];
    for (table, column) in &live {
        if NOT_ARCHIVED.contains(&table.as_str()) {
            continue;
        }
        match tables.iter().find(|t| t.name == table) {
            None if !out.contains(&format!("table {table}")) => out.push(format!("table {table}")),
            None => {}
            Some(t) if !t.columns.iter().any(|(c, _)| c == column) => out.push(format!("column {table}.{column}")),
            Some(_) => {}
        }
    }
    for t in tables {
        for (c, _) in t.columns {
            if !live.iter().any(|(lt, lc)| lt == t.name && lc == c) {
                out.push(format!("declared {}.{c}, absent from the database", t.name));
            }
        }
    }
    Ok(out)
}

/// Refuse to archive a database whose schema the declared tables do not cover exactly.
pub async fn check_declared(db: &Db, tables: &[Table]) -> Result<(), StoreError> {
    let missing = undeclared(db, tables).await?;
    if missing.is_empty() {
        return Ok(());
    }
    Err(StoreError::Archive(format!(
        "the backup's table list does not match the database ({}); nothing was written",
        missing.join("; ")
    )))
}

/// Write every table to `out` as JSON lines, from one read snapshot; returns the table sums.
pub async fn export(db: &Db, tables: &[Table], mut out: impl Write) -> Result<Vec<TableSum>, StoreError> {
    let mut tx: Transaction<'static, Any> = db.pool().begin().await?;
    if db.dialect() == Dialect::Postgres {
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
    }
    let names: Vec<&str> = tables.iter().map(|t| t.name).collect();
    let header = serde_json::json!({
        "format": FORMAT,
        "version": VERSION,
        "created_at": crate::now_rfc3339(),
        "dialect": db.dialect().name(),
        "tables": names,
    });
    writeln!(out, "{header}").map_err(write)?;
    let mut sums = vec![];
    for t in tables {
        // The row's JSON is the one just hashed; the table name is a compiled-in identifier.
        let sum =
            sum_table(&mut tx, t, |row| writeln!(out, "{{\"t\":\"{}\",\"r\":{row}}}", t.name).map_err(write)).await?;
        sums.push(sum);
    }
    tx.commit().await?;
    writeln!(out, "{}", serde_json::json!({ "end": FORMAT, "tables": sums })).map_err(write)?;
    out.flush().map_err(write)?;
    Ok(sums)
}

fn write(e: std::io::Error) -> StoreError {
    StoreError::Archive(format!("cannot write the archive: {e}"))
}

fn read(e: std::io::Error) -> StoreError {
    StoreError::Archive(format!("cannot read the archive: {e}"))
}

/// Rows per INSERT: as many as the dialect binds cheaply ([`Dialect::max_binds`]), at most 1,000.
/// A table that refers to itself (a unit merged into a later one) needs no order: SQLite defers
/// foreign-key checks to the commit of a restore, and on PostgreSQL a table as small as the units fits
/// one statement, checked at its end.
fn rows_per_insert(t: &Table, dialect: Dialect) -> usize {
    (dialect.max_binds() / t.columns.len().max(1)).clamp(1, 1000)
}

/// Check a row's values against the table's columns; `line` names the archive line in errors.
fn check_row(t: &Table, row: &[Value], line: usize) -> Result<(), StoreError> {
    if row.len() != t.columns.len() {
        return Err(StoreError::Archive(format!(
            "line {line}: {} has {} columns, the row {}",
            t.name,
            t.columns.len(),
            row.len()
        )));
    }
    for ((name, col), v) in t.columns.iter().zip(row) {
        let ok = match col {
            _ if v.is_null() => true,
            Col::Int => v.as_i64().is_some(),
            Col::Text => v.is_string(),
            Col::Bytes => v.as_str().and_then(unhex).is_some(),
        };
        if !ok {
            return Err(StoreError::Archive(format!(
                "line {line}: {}.{name} wants {}, found {v}",
                t.name,
                match col {
                    Col::Int => "an integer",
                    Col::Text => "text",
                    Col::Bytes => "hex bytes",
                }
            )));
        }
    }
    Ok(())
}

/// Restore an archive into an empty, migrated database, in one transaction that commits only when
/// every table matches the archive's sums. The restore itself is appended to the audit chain.
pub async fn import(
    db: &Db,
    tables: &[Table],
    input: impl BufRead,
    actor: &Actor,
) -> Result<Vec<TableSum>, StoreError> {
    let mut lines = input.lines().enumerate();
    let (_, first) = lines.next().ok_or_else(|| StoreError::Archive("the archive is empty".into()))?;
    let header: Value = serde_json::from_str(&first.map_err(read)?)
        .map_err(|e| StoreError::Archive(format!("line 1: not a tuphap backup header ({e})")))?;
    let version = header["version"].as_i64().unwrap_or(0);
    if header["format"] != FORMAT || !(1..=VERSION).contains(&version) {
        return Err(StoreError::Archive("line 1: not a tuphap backup (format/version)".into()));
    }
    // Version 1 carried the sums in its header; version 2 closes with them.
    let mut expected: Option<Vec<TableSum>> = match version {
        1 => Some(sums_of(&header, 1)?),
        _ => None,
    };
    ensure_empty(db, tables).await?;
    let mut tx: Transaction<'static, Any> = db.pool().begin().await?;
    if db.dialect() == Dialect::Sqlite {
        // Checked at commit instead of per statement; reset by SQLite when the transaction ends.
        sqlx::query("PRAGMA defer_foreign_keys = ON").execute(&mut *tx).await?;
    }
    sqlx::query("DELETE FROM audit_head").execute(&mut *tx).await?;
    let mut batch: Vec<Vec<Value>> = vec![];
    let mut current: Option<&Table> = None;
    let mut last_line = 1;
    for (i, line) in lines {
        let n = i + 1;
        last_line = n;
        let line = line.map_err(read)?;
        if line.trim().is_empty() {
            continue;
        }
        let mut v: Value = serde_json::from_str(&line).map_err(|e| StoreError::Archive(format!("line {n}: {e}")))?;
        if expected.is_some() && version > 1 {
            return Err(StoreError::Archive(format!("line {n}: data after the closing line")));
        }
        if v["end"] == FORMAT {
            expected = Some(sums_of(&v, n)?);
            continue;
        }
        let name = v["t"].as_str().ok_or_else(|| StoreError::Archive(format!("line {n}: no table name")))?;
        let table = tables
            .iter()
            .find(|t| t.name == name)
            .ok_or_else(|| StoreError::Archive(format!("line {n}: unknown table `{name}`")))?;
        let row = match v.get_mut("r").map(Value::take) {
            Some(Value::Array(row)) => row,
            _ => vec![],
        };
        check_row(table, &row, n)?;
        if let Some(c) = current.filter(|c| c.name != table.name || batch.len() >= rows_per_insert(c, db.dialect())) {
            flush(&mut tx, c, &mut batch).await?;
        }
        current = Some(table);
        batch.push(row);
    }
    if let Some(t) = current {
        flush(&mut tx, t, &mut batch).await?;
    }
    let expected = expected.ok_or_else(|| {
        StoreError::Archive(format!("the archive ends at line {last_line} without its closing sums: it is truncated"))
    })?;
    if db.dialect() == Dialect::Postgres {
        for t in tables.iter().filter(|t| t.serial_id) {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{0}', 'id'), COALESCE((SELECT MAX(id) FROM {0}), 0) + 1, false)",
                t.name
            );
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *tx).await?;
        }
    }
    let got = sums_on(&mut tx, tables).await?;
    for want in &expected {
        if got.iter().find(|g| g.table == want.table) != Some(want) {
            return Err(StoreError::Archive(format!(
                "restored table {} does not match the archive (rows or checksum differ); nothing was restored",
                want.table
            )));
        }
    }
    let digest = audit::sha256_hex(serde_json::to_string(&got).unwrap_or_default().as_bytes());
    audit::append(&mut tx, actor, "store.restore", "database", &digest).await?;
    tx.commit().await?;
    Ok(got)
}

fn sums_of(v: &Value, line: usize) -> Result<Vec<TableSum>, StoreError> {
    serde_json::from_value(v["tables"].clone())
        .map_err(|e| StoreError::Archive(format!("line {line}: table sums unreadable ({e})")))
}

/// The target must hold nothing yet (audit_head holds its one initial row).
async fn ensure_empty(db: &Db, tables: &[Table]) -> Result<(), StoreError> {
    for t in tables {
        let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {}", t.name)))
            .fetch_one(db.pool())
            .await?;
        let initial = if t.name == "audit_head" { 1 } else { 0 };
        if n > initial {
            return Err(StoreError::Archive(format!("the target database is not empty ({} has {n} rows)", t.name)));
        }
    }
    Ok(())
}

async fn flush(tx: &mut Transaction<'static, Any>, t: &Table, batch: &mut Vec<Vec<Value>>) -> Result<(), StoreError> {
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
    // Names come from the compiled-in table list; values are bound (and were checked by `check_row`).
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for row in batch.iter() {
        for ((_, col), v) in t.columns.iter().zip(row) {
            q = match col {
                Col::Int => q.bind(v.as_i64()),
                Col::Text => q.bind(v.as_str().map(str::to_string)),
                Col::Bytes => q.bind(v.as_str().and_then(unhex)),
            };
        }
    }
    q.execute(&mut **tx).await?;
    batch.clear();
    Ok(())
}

/// Write a backup of `tables` to the file at `path`.
pub async fn backup(db: &Db, tables: &[Table], path: &Path) -> Result<Vec<TableSum>, StoreError> {
    let file = std::fs::File::create(path)
        .map_err(|e| StoreError::Archive(format!("cannot create {}: {e}", path.display())))?;
    export(db, tables, std::io::BufWriter::new(file)).await
}

/// Restore the backup file at `path` into the empty database `db`.
pub async fn restore(db: &Db, tables: &[Table], path: &Path, actor: &Actor) -> Result<Vec<TableSum>, StoreError> {
    let file =
        std::fs::File::open(path).map_err(|e| StoreError::Archive(format!("cannot open {}: {e}", path.display())))?;
    import(db, tables, std::io::BufReader::new(file), actor).await.map_err(|e| match e {
        StoreError::Archive(m) => StoreError::Archive(format!("{}: {m}", path.display())),
        other => other,
    })
}

/// Copy `source` into the empty database `target` (e.g. SQLite → PostgreSQL) and prove the copy equal
/// table by table; the audit tables differ only by the restore's own entry. Returns the copy's sums.
pub async fn copy(source: &Db, target: &Db, tables: &[Table], actor: &Actor) -> Result<Vec<TableSum>, StoreError> {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let tmp = std::env::temp_dir().join(format!("tuphap-copy-{}-{nanos}.jsonl", std::process::id()));
    let result = async {
        let source_sums = backup(source, tables, &tmp).await?;
        let copied = restore(target, tables, &tmp, actor).await?;
        match source_sums.iter().find(|s| !s.table.starts_with("audit_") && !copied.contains(s)) {
            Some(s) => Err(StoreError::Archive(format!("the copy of {} differs from the source", s.table))),
            None => Ok(copied),
        }
    }
    .await;
    let _ = std::fs::remove_file(&tmp);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let bytes = [0u8, 1, 0x7f, 0x80, 0xff];
        assert_eq!(unhex(&hex(&bytes)).unwrap(), bytes);
        assert!(unhex("abc").is_none());
        assert!(unhex("zz").is_none());
        assert!(unhex("éé").is_none());
    }

    #[test]
    fn rows_are_checked_against_columns() {
        let t = &STORE_TABLES[1];
        assert!(check_row(t, &[Value::from(1), Value::from(2), Value::from("h")], 3).is_ok());
        assert!(check_row(t, &[Value::from(1), Value::Null, Value::Null], 3).is_ok());
        let e = check_row(t, &[Value::from(1), Value::from("x"), Value::from("h")], 7).unwrap_err().to_string();
        assert!(e.contains("line 7") && e.contains("audit_head.last_id"), "{e}");
        let e = check_row(t, &[Value::from(1)], 9).unwrap_err().to_string();
        assert!(e.contains("line 9"), "{e}");
    }

    #[test]
    fn wide_tables_insert_fewer_rows() {
        let wide = Table { name: "w", columns: &[("a", Col::Int); 40], order_by: "a", serial_id: false };
        assert_eq!(rows_per_insert(&wide, Dialect::Postgres), 1000);
        assert_eq!(rows_per_insert(&wide, Dialect::Sqlite), 24);
        assert_eq!(rows_per_insert(&STORE_TABLES[0], Dialect::Sqlite), 124);
    }
}
