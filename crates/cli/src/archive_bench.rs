//! `tuphap demo archive` — the backup benchmark on the store at hand (fill it first: `import`, `demo
//! enforcement`): a whole-database backup, its restore into a fresh embedded store and, with
//! `--postgres`, the copy into an empty PostgreSQL database, each with its time and peak memory, beside
//! baselines in the same run: reading every declared table without hashing or writing, and (SQLite)
//! the engine's own copy, `VACUUM INTO`.

use crate::Failure;
use futures_util::TryStreamExt;
use std::time::Instant;
use store::Db;

fn fail(e: impl std::fmt::Display) -> Failure {
    Failure { code: 1, message: e.to_string() }
}

/// Reset this process's peak resident memory to its current size (Linux `clear_refs`), so each phase
/// reports its own peak. False where the kernel does not offer it.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

struct Phase {
    name: &'static str,
    seconds: f64,
    peak_mb: f64,
    bytes: Option<u64>,
}

async fn phase<T, F>(name: &'static str, f: F) -> Result<(Phase, T), Failure>
where
    F: std::future::Future<Output = Result<T, Failure>>,
{
    reset_peak();
    let t = Instant::now();
    let out = f.await?;
    Ok((Phase { name, seconds: t.elapsed().as_secs_f64(), peak_mb: search::synth::peak_rss_mb(), bytes: None }, out))
}

/// Read every declared table in key order, discarding the rows: the floor under any backup.
async fn read_all(db: &Db) -> Result<u64, Failure> {
    let mut rows = 0;
    for t in crate::archive::tables() {
        let mut stream = sqlx::query(sqlx::AssertSqlSafe(t.select_sql())).fetch(db.pool());
        while stream.try_next().await.map_err(fail)?.is_some() {
            rows += 1;
        }
    }
    Ok(rows)
}

pub async fn run(db: &Db, postgres: Option<&str>) -> Result<u8, Failure> {
    crate::archive::migrate(db).await?;
    let work = tempfile::tempdir().map_err(fail)?;
    let file = work.path().join("backup.jsonl");
    let mut phases = vec![];

    let (p, rows) = phase("baseline: read every table (no hash, no write)", read_all(db)).await?;
    phases.push(p);
    if db.dialect() == store::Dialect::Sqlite {
        let copy = work.path().join("vacuum.db");
        let sql = format!("VACUUM INTO '{}'", copy.display());
        // The path is a temporary directory made here, never input.
        let (mut p, ()) = phase("baseline: SQLite VACUUM INTO (binary copy)", async {
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(db.pool()).await.map(|_| ()).map_err(fail)
        })
        .await?;
        p.bytes = std::fs::metadata(&copy).ok().map(|m| m.len());
        phases.push(p);
        let _ = std::fs::remove_file(&copy);
    }
    let (mut p, sums) =
        phase("tuphap backup (snapshot, hash, JSON lines)", async { Ok(crate::archive::backup(db, &file).await?) })
            .await?;
    p.bytes = std::fs::metadata(&file).ok().map(|m| m.len());
    phases.push(p);
    let target_dir = work.path().join("restored");
    let target = Db::open(&target_dir, None).await?;
    let (p, _) = phase("tuphap restore into empty SQLite (verified)", async {
        Ok(crate::archive::restore(&target, &file).await?)
    })
    .await?;
    phases.push(p);
    target.close().await;
    if let Some(url) = postgres {
        let pg = Db::connect(url).await?;
        let (p, _) =
            phase("tuphap db migrate-to PostgreSQL (verified)", async { Ok(crate::archive::copy(db, &pg).await?) })
                .await?;
        phases.push(p);
    }

    let archived: u64 = sums.iter().map(|s| s.rows).sum();
    println!("Sao lưu / backup benchmark: {} — {archived} rows in {} tables ({rows} read)", db.describe(), sums.len());
    println!("| step | time | rows/s | size | peak memory |");
    println!("|---|---|---|---|---|");
    for p in &phases {
        let size = p.bytes.map(|b| format!("{:.1} MB", b as f64 / 1e6)).unwrap_or_else(|| "—".into());
        println!(
            "| {} | {:.2} s | {:.0} | {size} | {:.0} MB |",
            p.name,
            p.seconds,
            archived as f64 / p.seconds.max(1e-9),
            p.peak_mb
        );
    }
    if !reset_peak() {
        println!("(peak memory is the process's since start: /proc/self/clear_refs is not available)");
    }
    Ok(0)
}
