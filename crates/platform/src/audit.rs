//! Audit records with before/after digests, on the store's hash chain (`store::audit`).
//!
//! The chain's `digest` field of a platform entry is `before:<sha256|->;after:<sha256|->`: the SHA-256
//! of the JSON of the record before and after the write (`-` when there is none: a creation has no
//! before, a deletion no after). The field is part of each link's hash, so both digests are protected
//! by the chain; the chain format itself is unchanged.

use serde::Serialize;
use sqlx::{Any, Transaction};
use store::audit::{Actor, append, sha256_hex};

/// SHA-256 of a value's JSON.
pub fn digest_of<T: Serialize + ?Sized>(value: &T) -> String {
    sha256_hex(serde_json::to_string(value).unwrap_or_default().as_bytes())
}

/// The chain's digest text for a change.
pub fn change_digest(before: Option<&str>, after: Option<&str>) -> String {
    format!("before:{};after:{}", before.unwrap_or("-"), after.unwrap_or("-"))
}

/// Append who / what / before / after to the chain inside the caller's transaction.
pub async fn record<B: Serialize + ?Sized, A: Serialize + ?Sized>(
    tx: &mut Transaction<'static, Any>,
    actor: &Actor,
    action: &str,
    subject: &str,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<i64, store::StoreError> {
    let b = before.map(digest_of);
    let a = after.map(digest_of);
    append(tx, actor, action, subject, &change_digest(b.as_deref(), a.as_deref())).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn digest_text() {
        assert_eq!(super::change_digest(None, Some("ab")), "before:-;after:ab");
        assert_eq!(super::digest_of(&1).len(), 64);
    }
}
