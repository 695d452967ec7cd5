//! The store on real databases (SQLite file, PostgreSQL server): migrations, `$n` binds through the
//! Any driver, the audit chain and its tamper detection, and the archive's check of its table list
//! against the live schema.

use store::audit::{self, Actor};
use store::{Db, migrate, sqlx};

/// Migrate twice (idempotent), append five entries, verify; then tamper with entry 3 and expect the
/// chain to break exactly there.
async fn chain_detects_tampering(db: &Db) {
    migrate::run(db, migrate::STORE_MIGRATIONS).await.unwrap();
    assert_eq!(migrate::run(db, migrate::STORE_MIGRATIONS).await.unwrap(), 0, "migrations are idempotent");
    for i in 0..5 {
        let mut tx = db.pool().begin().await.unwrap();
        audit::append(&mut tx, &Actor::system_cli(), "test.write", &format!("thing/{i}"), &audit::sha256_hex(b"x"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    assert_eq!(audit::verify(db).await.unwrap(), 5);
    sqlx::query("UPDATE audit_log SET subject = 'forged' WHERE id = 3").execute(db.pool()).await.unwrap();
    match audit::verify(db).await {
        Err(store::StoreError::AuditBroken { id, .. }) => assert_eq!(id, 3),
        other => panic!("expected a broken chain, got {other:?}"),
    }
}

/// A table or column the declared list does not name, and a declared column the database lacks, are
/// each named; an archive is refused until the list matches.
async fn undeclared_schema_is_named(db: &Db) {
    use store::archive::{self, Col, STORE_TABLES, Table};
    assert_eq!(archive::undeclared(db, STORE_TABLES).await.unwrap(), Vec::<String>::new());
    sqlx::query("CREATE TABLE extra_things (id BIGINT, x TEXT)").execute(db.pool()).await.unwrap();
    sqlx::query("ALTER TABLE audit_log ADD COLUMN note TEXT").execute(db.pool()).await.unwrap();
    let ghost = Table {
        name: "audit_head",
        columns: &[("one", Col::Int), ("last_id", Col::Int), ("last_hash", Col::Text), ("ghost", Col::Int)],
        order_by: "one",
        serial_id: false,
    };
    let missing = archive::undeclared(db, &[STORE_TABLES[0], ghost]).await.unwrap();
    assert_eq!(
        missing,
        ["column audit_log.note", "table extra_things", "declared audit_head.ghost, absent from the database"]
    );
    let err = archive::check_declared(db, STORE_TABLES).await.unwrap_err().to_string();
    assert!(err.contains("extra_things") && err.contains("nothing was written"), "{err}");
}

#[tokio::test]
async fn audit_chain_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(dir.path(), None).await.unwrap();
    chain_detects_tampering(&db).await;
    undeclared_schema_is_named(&db).await;
}

/// The same on a real PostgreSQL server (a fresh database, dropped afterwards).
#[tokio::test]
async fn audit_chain_on_postgres() {
    let Some(pg) = store::scratch::postgres("store_test").await else { return };
    chain_detects_tampering(&pg.db).await;
    undeclared_schema_is_named(&pg.db).await;
    pg.drop().await;
}
