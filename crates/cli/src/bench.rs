//! `tuphap bench`: the numbers in docs/benchmarks.md, each beside a baseline run in the same process.
//!
//! 1. Parse throughput of every importable file in the data folder (MB/s), against a baseline that
//!    only decodes UTF-8 and splits lines over the same bytes.
//! 2. Import of the whole folder into a fresh store (SQLite in a temp dir unless --database is given).
//! 3. `show` latency (find the document, load its tree, locate an article) over random articles,
//!    against a baseline of one trivial query round trip.
//! 4. Peak resident memory (VmHWM) after each phase.

use crate::Failure;
use library::Library;
use library::adapters::{self, Detected};
use library::import::NoProgress;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use store::audit::Actor;
use store::{Db, sqlx};

fn fail(e: impl std::fmt::Display) -> Failure {
    Failure { code: 1, message: e.to_string() }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Peak resident set size in MiB (Linux), or 0 where unknown.
pub(crate) fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// The `p` quantile of sorted durations, in milliseconds.
pub(crate) fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1e3
}

pub async fn run(_data_dir: &Path, database: Option<&str>, data: &Path, lookups: usize) -> Result<(), Failure> {
    if !data.exists() {
        return Err(fail(format!("{}: no such folder (pass --data)", data.display())));
    }
    println!("# tuphap bench — {}", data.display());
    println!();

    // 1. Parse throughput.
    let mut all = vec![];
    files(data, &mut all);
    let mut inputs = vec![];
    for p in all {
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        if let Detected::Import(f) = adapters::detect(&p, &bytes) {
            inputs.push((p, f, bytes));
        }
    }
    let total_bytes: usize = inputs.iter().map(|i| i.2.len()).sum();
    let mb = total_bytes as f64 / 1e6;
    let t = Instant::now();
    let mut lines = 0usize;
    for (_, _, bytes) in &inputs {
        lines += String::from_utf8_lossy(bytes).lines().count();
    }
    let baseline = t.elapsed();
    let t = Instant::now();
    let mut records = 0usize;
    let mut by_format: std::collections::BTreeMap<&str, (usize, Duration)> = Default::default();
    for (p, f, bytes) in &inputs {
        let t1 = Instant::now();
        records += adapters::read(*f, p, bytes).map(|r| r.len()).unwrap_or(0);
        let e = by_format.entry(f.name()).or_default();
        e.0 += bytes.len();
        e.1 += t1.elapsed();
    }
    let parse = t.elapsed();
    println!("## Parse ({} files, {:.1} MB, {} records, {} lines)", inputs.len(), mb, records, lines);
    println!();
    println!("| what | time | throughput |");
    println!("|---|---|---|");
    println!(
        "| baseline: UTF-8 decode + line split | {:.3} s | {:.0} MB/s |",
        baseline.as_secs_f64(),
        mb / baseline.as_secs_f64()
    );
    println!("| tuphap parse, all formats | {:.3} s | {:.1} MB/s |", parse.as_secs_f64(), mb / parse.as_secs_f64());
    for (name, (bytes, d)) in &by_format {
        println!(
            "| — {name} | {:.3} s | {:.1} MB/s |",
            d.as_secs_f64(),
            *bytes as f64 / 1e6 / d.as_secs_f64().max(1e-9)
        );
    }
    println!();
    println!("Peak memory after parsing: {:.0} MiB", peak_mib());
    drop(inputs);
    println!();

    // 2. Import into a fresh store.
    let tmp = std::env::temp_dir().join(format!("tuphap-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let db = Db::open(&tmp, database).await.map_err(fail)?;
    let lib = Library::open(db).await.map_err(fail)?;
    let t = Instant::now();
    let s = lib.import(&[data.to_path_buf()], None, &Actor::system_cli(), &NoProgress).await.map_err(fail)?;
    let import = t.elapsed();
    println!("## Import ({})", lib.db().describe().split('?').next().unwrap_or(""));
    println!();
    println!("| files | documents | articles | provisions | failed | time | of which parsing | docs/s |");
    println!("|---|---|---|---|---|---|---|---|");
    println!(
        "| {} | {} | {} | {} | {} | {:.1} s | {:.1} s | {:.0} |",
        s.files_ok,
        s.documents,
        s.articles,
        s.provisions,
        s.files_failed,
        import.as_secs_f64(),
        s.parse_time.as_secs_f64(),
        s.documents as f64 / import.as_secs_f64()
    );
    println!();
    println!("Peak memory after import: {:.0} MiB", peak_mib());
    println!();

    // 3. show latency.
    let pairs: Vec<(String, String)> = sqlx::query_as(
        "SELECT w.number, p.num FROM provisions p JOIN expressions e ON e.id = p.expression_id JOIN works w ON w.id = e.work_id
         WHERE p.kind = 'article' AND w.number IS NOT NULL AND p.eid NOT LIKE 'annex%' ORDER BY p.expression_id, p.ord",
    )
    .fetch_all(lib.db().pool())
    .await
    .map_err(fail)?;
    if pairs.is_empty() {
        return Err(fail("no articles imported; nothing to look up"));
    }
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut times = Vec::with_capacity(lookups);
    let mut base = Vec::with_capacity(lookups);
    let at = library::today();
    for _ in 0..lookups {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let (number, art) = &pairs[(rng % pairs.len() as u64) as usize];
        let t0 = Instant::now();
        let _: (i64,) = sqlx::query_as("SELECT 1").fetch_one(lib.db().pool()).await.map_err(fail)?;
        base.push(t0.elapsed());
        let t1 = Instant::now();
        let id = lib.find_work(number).await.map_err(fail)?;
        let doc = lib.document(id, at).await.map_err(fail)?;
        // A provision repealed by an amendment is an answer too ("repealed since …").
        match lib.provision(&doc, Some(&format!("Điều {art}")), at).await {
            Ok(Some(_)) | Err(library::LibraryError::ProvisionAbsent(_)) => {}
            Ok(None) => return Err(fail(format!("{number} Điều {art}: not found"))),
            Err(e) => return Err(fail(e)),
        }
        times.push(t1.elapsed());
    }
    times.sort();
    base.sort();
    println!("## show latency ({lookups} random articles)");
    println!();
    println!("| what | p50 | p95 | p99 |");
    println!("|---|---|---|---|");
    println!(
        "| baseline: `SELECT 1` round trip | {:.3} ms | {:.3} ms | {:.3} ms |",
        percentile(&base, 0.5),
        percentile(&base, 0.95),
        percentile(&base, 0.99)
    );
    println!(
        "| show NUMBER \"Điều N\" | {:.2} ms | {:.2} ms | {:.2} ms |",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 0.99)
    );
    println!();

    // 4. Point-in-time: every document with amendments in the library, consolidated on each date one
    //    of its amendments takes effect, and `show --at` on its articles.
    let amended: Vec<(String,)> =
        sqlx::query_as("SELECT DISTINCT target_key FROM amendments WHERE target_key IS NOT NULL")
            .fetch_all(lib.db().pool())
            .await
            .map_err(fail)?;
    let mut builds = 0usize;
    let mut build_time = Duration::ZERO;
    let mut at_times = vec![];
    for (key,) in &amended {
        let Ok((id,)) = sqlx::query_as::<_, (i64,)>("SELECT id FROM works WHERE work_key = $1")
            .bind(key)
            .fetch_one(lib.db().pool())
            .await
        else {
            continue;
        };
        let (ops, _) = lib.amendments_of(key).await.map_err(fail)?;
        let mut dates: Vec<lex::Date> = ops.iter().map(|o| o.effective).collect();
        dates.sort();
        dates.dedup();
        for date in dates {
            let doc = lib.document(id, date).await.map_err(fail)?;
            let t = Instant::now();
            let built = lib.consolidated(&doc, date).await.map_err(fail)?;
            build_time += t.elapsed();
            builds += usize::from(built.is_some());
            let Some(c) = built else { continue };
            let articles: Vec<String> = c
                .pit
                .root
                .walk()
                .filter(|(n, _)| n.kind == lex::Kind::Article)
                .filter_map(|(n, _)| n.num.clone())
                .collect();
            for art in articles.iter().take(200) {
                let t = Instant::now();
                match lib.provision(&doc, Some(&format!("Điều {art}")), date).await {
                    Ok(_) | Err(library::LibraryError::ProvisionAbsent(_)) => {}
                    Err(e) => return Err(fail(e)),
                }
                at_times.push(t.elapsed());
            }
        }
    }
    at_times.sort();
    println!("## Point in time ({} amended documents)", amended.len());
    println!();
    println!("| what | count | total | p50 | p95 |");
    println!("|---|---|---|---|---|");
    println!(
        "| build a consolidated expression (enacted text + amendments in force) | {builds} | {:.1} ms | — | — |",
        build_time.as_secs_f64() * 1e3
    );
    println!(
        "| show NUMBER \"Điều N\" --at DATE (consolidating on the fly) | {} | — | {:.2} ms | {:.2} ms |",
        at_times.len(),
        percentile(&at_times, 0.5),
        percentile(&at_times, 0.95)
    );
    println!();

    // 5. API reads per second: the real server on loopback, under concurrent clients in this process.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(fail)?;
    let addr = listener.local_addr().map_err(fail)?;
    let app = server::router(lib.clone());
    let server_task = tokio::spawn(async move { axum::serve(listener, app).await });
    let paths: Vec<String> = pairs
        .iter()
        .step_by((pairs.len() / 500).max(1))
        .map(|(number, art)| {
            format!("/api/v1/documents/{}/provisions/art_{}", percent_encode(number), lex::parse::eid_token(art))
        })
        .collect();
    println!("## API reads per second (loopback, 16 concurrent clients, 5 s each, one connection per request)");
    println!();
    println!("| what | requests | per second | errors |");
    println!("|---|---|---|---|");
    for (label, targets) in [
        ("baseline: GET /healthz", vec!["/healthz".to_string()]),
        ("GET /api/v1/documents/{number}/provisions/{eid}", paths),
    ] {
        let (done, errors) = load(addr, &targets, 16, Duration::from_secs(5)).await;
        println!("| {label} | {done} | {:.0} | {errors} |", done as f64 / 5.0);
    }
    server_task.abort();
    println!();
    println!("Peak memory at the end: {:.0} MiB", peak_mib());
    lib.db().close().await;
    if database.is_none() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    Ok(())
}

/// Concurrent GET requests for `duration`, bounded in time and count; returns (ok responses, errors).
async fn load(addr: std::net::SocketAddr, paths: &[String], clients: usize, duration: Duration) -> (u64, u64) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let deadline = Instant::now() + duration;
    let mut tasks = vec![];
    for c in 0..clients {
        let paths = paths.to_vec();
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut errors, mut i) = (0u64, 0u64, c);
            while Instant::now() < deadline && ok + errors < 1_000_000 {
                let path = &paths[i % paths.len()];
                i += clients;
                let result = async {
                    let mut s = tokio::net::TcpStream::connect(addr).await?;
                    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes())
                        .await?;
                    let mut buf = Vec::with_capacity(4096);
                    s.read_to_end(&mut buf).await?;
                    Ok::<_, std::io::Error>(buf.starts_with(b"HTTP/1.1 200"))
                }
                .await;
                match result {
                    Ok(true) => ok += 1,
                    _ => errors += 1,
                }
            }
            (ok, errors)
        }));
    }
    let mut total = (0, 0);
    for t in tasks {
        if let Ok((ok, errors)) = t.await {
            total.0 += ok;
            total.1 += errors;
        }
    }
    total
}

/// Percent-encode a path segment's bytes outside the unreserved set (keeps `/`).
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
