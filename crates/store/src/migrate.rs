//! Migrations: each domain crate owns a list of numbered steps, written once in portable SQL; the
//! one DDL difference (generated ids) is translated by [`Dialect::ddl`].
//! Applied steps are recorded in `schema_migrations (domain, version)`; each step runs in a
//! transaction with its record, so a failed step leaves nothing behind.

use crate::{Db, StoreError};
use sqlx::Executor;

/// One schema step of one domain.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub domain: &'static str,
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

const BOOTSTRAP: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (domain TEXT NOT NULL, version BIGINT NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (domain, version))";

/// Apply the steps not applied yet, in version order.
pub async fn run(db: &Db, steps: &[Migration]) -> Result<usize, StoreError> {
    db.pool().execute(BOOTSTRAP).await?;
    let mut applied = 0;
    let mut ordered: Vec<&Migration> = steps.iter().collect();
    ordered.sort_by_key(|m| (m.domain, m.version));
    for step in ordered {
        let done: Option<(i64,)> =
            sqlx::query_as("SELECT version FROM schema_migrations WHERE domain = $1 AND version = $2")
                .bind(step.domain)
                .bind(step.version)
                .fetch_optional(db.pool())
                .await?;
        if done.is_some() {
            continue;
        }
        let sql = db.dialect().ddl(step.sql);
        let fail = |source| StoreError::Migration { domain: step.domain.to_string(), version: step.version, source };
        let mut tx = db.pool().begin().await?;
        for stmt in split_statements(&sql) {
            // Migration SQL is compiled into the binary, never built from input.
            tx.execute(sqlx::AssertSqlSafe(stmt.to_string())).await.map_err(fail)?;
        }
        sqlx::query("INSERT INTO schema_migrations (domain, version, name, applied_at) VALUES ($1, $2, $3, $4)")
            .bind(step.domain)
            .bind(step.version)
            .bind(step.name)
            .bind(crate::now_rfc3339())
            .execute(&mut *tx)
            .await
            .map_err(fail)?;
        tx.commit().await?;
        applied += 1;
    }
    Ok(applied)
}

/// Split a migration file on `;` at line ends (our migration files keep one statement per `;`-ended block).
fn split_statements(sql: &str) -> Vec<&str> {
    sql.split(";\n")
        .map(str::trim)
        .filter(|s| !s.is_empty() && !s.lines().all(|l| l.trim().is_empty() || l.trim().starts_with("--")))
        .collect()
}

/// The store's own tables (audit log).
pub const STORE_MIGRATIONS: &[Migration] =
    &[Migration { domain: "store", version: 1, name: "audit log", sql: include_str!("../migrations/0001_audit.sql") }];
