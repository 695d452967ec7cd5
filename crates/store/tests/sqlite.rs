//! The store on a real SQLite file: migrations, `$n` binds through the Any driver, the audit chain.

use store::audit::{self, Actor};
use store::{Db, migrate};

#[tokio::test]
async fn audit_chain_detects_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(dir.path(), None).await.unwrap();
    migrate::run(&db, migrate::STORE_MIGRATIONS).await.unwrap();
    assert_eq!(migrate::run(&db, migrate::STORE_MIGRATIONS).await.unwrap(), 0, "migrations are idempotent");
    for i in 0..5 {
        let mut tx = db.pool().begin().await.unwrap();
        audit::append(&mut tx, &Actor::system_cli(), "test.write", &format!("thing/{i}"), &audit::sha256_hex(b"x"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    assert_eq!(audit::verify(&db).await.unwrap(), 5);
    sqlx::query("UPDATE audit_log SET subject = 'forged' WHERE id = 3").execute(db.pool()).await.unwrap();
    match audit::verify(&db).await {
        Err(store::StoreError::AuditBroken { id, .. }) => assert_eq!(id, 3),
        other => panic!("expected a broken chain, got {other:?}"),
    }
}
