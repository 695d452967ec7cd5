//! The audit log: every write appends who, when, what, and a digest of the data written, chained by
//! hash so that editing or deleting any entry breaks every later link ([`verify`] finds the first).

use crate::{Db, StoreError};
use sha2::{Digest, Sha256};
use sqlx::{Any, Transaction};

/// Who acts. Local CLI commands act as the audited system principal `system:cli`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor(pub String);

impl Actor {
    pub fn system_cli() -> Actor {
        Actor("system:cli".into())
    }
    pub fn system_server() -> Actor {
        Actor("system:server".into())
    }
}

/// Hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(bytes);
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

fn link_hash(prev: &str, at: &str, actor: &str, action: &str, subject: &str, digest: &str) -> String {
    let mut h = Sha256::new();
    for part in [prev, at, actor, action, subject, digest] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    hex(&h.finalize())
}

/// Append an entry inside the caller's transaction (so the write and its record commit together).
pub async fn append(
    tx: &mut Transaction<'static, Any>,
    actor: &Actor,
    action: &str,
    subject: &str,
    digest: &str,
) -> Result<i64, StoreError> {
    // Taking the head row first serialises appenders (row lock on PostgreSQL, write lock on SQLite).
    sqlx::query("UPDATE audit_head SET last_id = last_id WHERE one = 1").execute(&mut **tx).await?;
    let (last_hash,): (String,) =
        sqlx::query_as("SELECT last_hash FROM audit_head WHERE one = 1").fetch_one(&mut **tx).await?;
    let at = crate::now_rfc3339();
    let hash = link_hash(&last_hash, &at, &actor.0, action, subject, digest);
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO audit_log (at, actor, action, subject, digest, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&at)
    .bind(&actor.0)
    .bind(action)
    .bind(subject)
    .bind(digest)
    .bind(&last_hash)
    .bind(&hash)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("UPDATE audit_head SET last_id = $1, last_hash = $2 WHERE one = 1")
        .bind(id)
        .bind(&hash)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

/// id, at, actor, action, subject, digest, prev_hash, hash
type AuditRow = (i64, String, String, String, String, String, String, String);

/// Check the whole chain; returns the number of entries, or the first broken link.
pub async fn verify(db: &Db) -> Result<u64, StoreError> {
    let rows: Vec<AuditRow> =
        sqlx::query_as("SELECT id, at, actor, action, subject, digest, prev_hash, hash FROM audit_log ORDER BY id")
            .fetch_all(db.pool())
            .await?;
    let mut prev = String::new();
    for (id, at, actor, action, subject, digest, prev_hash, hash) in &rows {
        if *prev_hash != prev {
            return Err(StoreError::AuditBroken {
                id: *id,
                reason: "previous hash does not match the entry before".into(),
            });
        }
        if link_hash(prev_hash, at, actor, action, subject, digest) != *hash {
            return Err(StoreError::AuditBroken { id: *id, reason: "entry was altered (hash mismatch)".into() });
        }
        prev = hash.clone();
    }
    let (head,): (String,) =
        sqlx::query_as("SELECT last_hash FROM audit_head WHERE one = 1").fetch_one(db.pool()).await?;
    if head != prev {
        let id = rows.last().map(|r| r.0).unwrap_or(0);
        return Err(StoreError::AuditBroken {
            id,
            reason: "the newest entries were removed (head does not match)".into(),
        });
    }
    Ok(rows.len() as u64)
}
