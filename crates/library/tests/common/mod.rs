//! Helpers shared by the library's integration tests.
#![allow(dead_code)]

use library::Library;
use std::path::PathBuf;
use store::Db;

/// `../shared/data/<rel>`, or `None` (printing why) when the shared data is absent.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("SKIP: {} is absent (this real-data test needs ../shared/data)", p.display());
        None
    }
}

/// A library on a fresh SQLite file in a temp dir (kept alive by the returned guard).
pub async fn fresh() -> (Library, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Db::open(dir.path(), None).await.expect("open db");
    (Library::open(db).await.expect("migrate"), dir)
}

/// PostgreSQL server for tests: `TUPHAP_TEST_POSTGRES` (default the local server `.ci/run` starts).
pub fn postgres_admin_url() -> String {
    std::env::var("TUPHAP_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh PostgreSQL database, dropped when the guard goes; `None` (printing why) if no server answers.
pub async fn fresh_postgres() -> Option<(Library, PgGuard)> {
    let admin_url = postgres_admin_url();
    let admin = match Db::connect(&admin_url).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("SKIP: PostgreSQL at {} is not reachable ({e}); .ci/run starts it", store::redact(&admin_url));
            return None;
        }
    };
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let name = format!("tuphap_test_{}_{}", std::process::id(), N.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
    // The name is made here from digits and a fixed prefix, never from input.
    store::sqlx::query(store::sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(admin.pool())
        .await
        .expect("create test database");
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url);
    let db = Db::connect(&format!("{base}/{name}")).await.expect("connect test database");
    let lib = Library::open(db.clone()).await.expect("migrate on PostgreSQL");
    Some((lib, PgGuard { admin, db, name }))
}

pub struct PgGuard {
    admin: Db,
    db: Db,
    name: String,
}

impl PgGuard {
    pub async fn drop_database(self) {
        self.db.close().await;
        let _ = store::sqlx::query(store::sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        )))
        .execute(self.admin.pool())
        .await;
    }
}
