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
