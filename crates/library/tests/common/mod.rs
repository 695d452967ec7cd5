//! Helpers shared by the library's integration tests.
#![allow(dead_code)]

use library::Library;
use store::Db;
use store::scratch::Scratch;

/// `../shared/data/<rel>`, or `None` (printing why) when the shared data is absent.
#[allow(unused_imports)] // not every test file reads the shared data
pub use store::scratch::shared_data as shared;

/// A library on a fresh SQLite file in a temp dir (kept alive by the returned guard).
pub async fn fresh() -> (Library, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Db::open(dir.path(), None).await.expect("open db");
    (Library::open(db).await.expect("migrate"), dir)
}

/// A library on a fresh PostgreSQL database, dropped by `Scratch::drop`; `None` (printing why)
/// if no server answers.
pub async fn fresh_postgres() -> Option<(Library, Scratch)> {
    let pg = store::scratch::postgres("library_test").await?;
    let lib = Library::open(pg.db.clone()).await.expect("migrate on PostgreSQL");
    Some((lib, pg))
}
