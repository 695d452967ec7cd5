//! Backup and restore round trips, and the copy from the embedded SQLite into PostgreSQL, each
//! verified table by table.

mod common;

use common::{fresh, fresh_postgres, shared};
use library::import::NoProgress;
use store::archive::{STORE_TABLES, Table};
use store::audit::Actor;

/// The library's tables and the audit chain: all a library-only database holds.
fn tables() -> Vec<Table> {
    [library::repo::TABLES, STORE_TABLES].concat()
}

async fn filled() -> (library::Library, tempfile::TempDir) {
    let (lib, dir) = fresh().await;
    let samples = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let mut paths = vec![samples];
    paths.extend(shared("doanh-nghiep-amend"));
    let s = lib.import(&paths, None, &Actor::system_cli(), &NoProgress).await.unwrap();
    assert!(s.failures.is_empty(), "{:?}", s.failures);
    (lib, dir)
}

#[tokio::test]
async fn backup_and_restore_round_trip() {
    let (lib, dir) = filled().await;
    let file = dir.path().join("backup.jsonl");
    assert_eq!(store::archive::undeclared(lib.db(), &tables()).await.unwrap(), Vec::<String>::new());
    let sums = store::archive::backup(lib.db(), &tables(), &file).await.unwrap();
    assert!(sums.iter().find(|s| s.table == "provisions").unwrap().rows > 100);
    let (empty, _d2) = fresh().await;
    let restored = store::archive::restore(empty.db(), &tables(), &file, &Actor::system_cli()).await.unwrap();
    for s in sums.iter().filter(|s| !s.table.starts_with("audit")) {
        assert!(restored.contains(s), "{} differs after restore", s.table);
    }
    // The restored library answers as the original, and its audit chain (plus the restore) verifies.
    let id = empty.find_work("999/2026/QH15").await.unwrap();
    assert!(empty.document(id, lex::Date::parse_iso("2027-07-02").unwrap()).await.is_ok());
    assert!(store::audit::verify(empty.db()).await.unwrap() > 0);
    // A restore never merges into a library that holds data.
    assert!(store::archive::restore(lib.db(), &tables(), &file, &Actor::system_cli()).await.is_err());
    // A damaged archive is refused with the line that is wrong.
    let bad = dir.path().join("bad.jsonl");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[3] = "{\"t\": \"works\", \"r\": [1]}";
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let (empty2, _d3) = fresh().await;
    let err =
        store::archive::restore(empty2.db(), &tables(), &bad, &Actor::system_cli()).await.unwrap_err().to_string();
    assert!(err.contains("line 4"), "{err}");
    assert_eq!(empty2.counts().await.unwrap().works, 0, "a failed restore leaves nothing");
    // A line that is JSON but not an object is an error with its line, not a panic.
    lines[3] = "[1, 2]";
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let err =
        store::archive::restore(empty2.db(), &tables(), &bad, &Actor::system_cli()).await.unwrap_err().to_string();
    assert!(err.contains("line 4: no table name"), "{err}");
    // A truncated archive (no closing sums) is refused after every row was read, and leaves nothing.
    let cut = dir.path().join("cut.jsonl");
    let all: Vec<&str> = text.lines().collect();
    std::fs::write(&cut, all[..all.len() - 1].join("\n")).unwrap();
    let err =
        store::archive::restore(empty2.db(), &tables(), &cut, &Actor::system_cli()).await.unwrap_err().to_string();
    assert!(err.contains("truncated") && err.contains("cut.jsonl"), "{err}");
    assert_eq!(empty2.counts().await.unwrap().works, 0, "a failed restore leaves nothing");
    // A row changed in the archive (the sums no longer match) is refused before anything commits.
    let forged = dir.path().join("forged.jsonl");
    let edited = text.replacen("\"999/2026/QH15\"", "\"998/2026/QH15\"", 1);
    assert_ne!(edited, text);
    std::fs::write(&forged, edited).unwrap();
    let err =
        store::archive::restore(empty2.db(), &tables(), &forged, &Actor::system_cli()).await.unwrap_err().to_string();
    assert!(err.contains("does not match"), "{err}");
    assert_eq!(empty2.counts().await.unwrap().works, 0, "a failed restore leaves nothing");
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlite_library_migrates_to_postgres() {
    let Some((pg, guard)) = fresh_postgres().await else { return };
    let (lib, _dir) = filled().await;
    assert_eq!(store::archive::undeclared(pg.db(), &tables()).await.unwrap(), Vec::<String>::new());
    let copied = store::archive::copy(lib.db(), pg.db(), &tables(), &Actor::system_cli()).await.unwrap();
    let source = store::archive::checksums(lib.db(), &tables()).await.unwrap();
    for s in source.iter().filter(|s| !s.table.starts_with("audit")) {
        assert!(copied.contains(s), "{} differs on PostgreSQL", s.table);
    }
    // New rows on PostgreSQL get fresh ids after the copied ones.
    let s = pg
        .import(
            &[std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples")],
            None,
            &Actor::system_cli(),
            &NoProgress,
        )
        .await
        .unwrap();
    assert_eq!(s.files_failed, 0);
    assert!(store::audit::verify(pg.db()).await.unwrap() > 0);
    guard.drop().await;
}
