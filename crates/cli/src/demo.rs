//! `tuphap demo enforcement --cases N` (generated cases across every office) and `tuphap demo bench`
//! (the enforcement load benchmark: case reads and state changes per second over HTTP on loopback, and
//! queue queries at the store's size; see docs/benchmarks.md).

use crate::Failure;
use clap::Subcommand;
use enforcement::Enforcement;
use enforcement::queue::QueueKind;
use enforcement::workflow::{Input, State, Step};
use library::Library;
use platform::{Platform, Principal, Role, Scope};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[derive(Subcommand)]
pub enum DemoCommand {
    /// Load the sample content `serve` starts with into an empty store, without serving: the sample
    /// documents, 500 enforcement cases with their documents, and a case with money and a seized asset.
    Samples,
    /// Generate realistic civil-enforcement cases across all offices (simulated through the statute's
    /// workflow, under the law in force on each step's day).
    Enforcement {
        #[arg(long, default_value_t = 1000)]
        cases: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Cases per transaction.
        #[arg(long, default_value_t = 2000)]
        batch: usize,
        /// Also issue each step's decision or notice (rendered and numbered; about 3 per case).
        #[arg(long)]
        documents: bool,
    },
    /// Drafting-review benchmark: a draft of --articles articles checked against the samples plus
    /// --works synthetic decrees (temporary store), cold and warm, with and without its previous version,
    /// beside reading the whole catalogue and finding the citations alone.
    Review {
        #[arg(long, default_value_t = 60_000)]
        works: usize,
        #[arg(long, default_value_t = 200)]
        articles: usize,
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
    /// Funds benchmark: receipts per second by --clients concurrent writers (beside a bare-INSERT
    /// baseline in the same run) and the distribution of one case with --creditors creditors.
    Funds {
        #[arg(long, default_value_t = 2000)]
        receipts: u64,
        #[arg(long, default_value_t = 4)]
        clients: usize,
        #[arg(long, default_value_t = 1000)]
        creditors: usize,
    },
    /// Monitoring benchmark: fills the store up to --cases, then times the national, provincial and
    /// office reports (--queries each) against counting the cases directly, and the parties' look-ups.
    Monitoring {
        #[arg(long, default_value_t = 100_000)]
        cases: u64,
        #[arg(long, default_value_t = 100)]
        queries: usize,
        /// Also check the pre-aggregated tables against a rebuild.
        #[arg(long)]
        check: bool,
    },
    /// Backup benchmark on this store (fill it first): backup, restore into a fresh SQLite and, with
    /// --postgres (an empty database), the copy there, each timed with its peak memory, beside reading
    /// every table and SQLite's own VACUUM INTO in the same run.
    Archive {
        #[arg(long)]
        postgres: Option<String>,
    },
    /// Load benchmark: fills the store up to --cases (demo cases), serves on loopback, runs --clients
    /// concurrent clients for --seconds reading case files, then taking state changes, then times the
    /// queue queries.
    Bench {
        #[arg(long, default_value_t = 100_000)]
        cases: u64,
        #[arg(long, default_value_t = 8)]
        clients: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
}

fn fail(e: impl std::fmt::Display) -> Failure {
    Failure { code: 1, message: e.to_string() }
}

pub async fn run(lib: &Library, command: &DemoCommand) -> Result<u8, Failure> {
    let platform = Platform::open(lib.db().clone()).await.map_err(fail)?;
    let enf = Enforcement::open(platform.clone()).await.map_err(fail)?;
    match command {
        DemoCommand::Samples => {
            let loaded = load_samples(lib, &enf, &store::audit::Actor::system_cli()).await?;
            match loaded.documents {
                Some(n) => println!("Thư viện / library: đã nạp / loaded {n} văn bản mẫu / sample documents"),
                None => println!("Thư viện đã có dữ liệu, không nạp mẫu / library not empty: samples not loaded"),
            }
            match loaded.cases {
                Some(n) => println!("Thi hành án / enforcement: đã tạo / made {n} việc mẫu / sample cases"),
                None => println!(
                    "Kho thi hành án đã có dữ liệu, không tạo mẫu / enforcement store not empty: samples not made"
                ),
            }
            Ok(0)
        }
        DemoCommand::Enforcement { cases, seed, batch, documents } => {
            let s = generate(&enf, *cases, *seed, *batch, *documents).await?;
            println!(
                "Đã tạo / generated {} việc thi hành án, {} sự kiện, {} văn bản, {} cơ quan trong {:.1} s ({:.0} việc/s)",
                s.cases,
                s.events,
                s.documents,
                s.offices,
                s.seconds,
                s.cases as f64 / s.seconds.max(1e-9)
            );
            for (state, n) in &s.by_state {
                println!("  {state:<12} {n}");
            }
            Ok(0)
        }
        DemoCommand::Bench { cases, clients, seconds } => bench(lib, &platform, &enf, *cases, *clients, *seconds).await,
        DemoCommand::Monitoring { cases, queries, check } => {
            crate::monitoring_bench::run(&enf, *cases, *queries, *check).await
        }
        DemoCommand::Archive { postgres } => crate::archive_bench::run(lib.db(), postgres.as_deref()).await,
        DemoCommand::Review { works, articles, runs } => crate::review_bench::run(*works, *articles, *runs).await,
        DemoCommand::Funds { receipts, clients, creditors } => {
            crate::funds_bench::run(&enf, *receipts, *clients, *creditors).await
        }
    }
}

async fn generate(
    enf: &Enforcement,
    cases: u64,
    seed: u64,
    batch: usize,
    documents: bool,
) -> Result<enforcement::demo::DemoSummary, Failure> {
    let bar = indicatif::ProgressBar::new(cases);
    let p = Principal::system_cli();
    let s = if documents {
        enf.demo_documented(&p, cases, seed, batch, |done| bar.set_position(done)).await
    } else {
        enf.demo(&p, cases, seed, batch, |done| bar.set_position(done)).await
    }
    .map_err(fail)?;
    bar.finish_and_clear();
    Ok(s)
}

/// Sample content for every feature, each part loaded only where its store is empty (the first start
/// of `serve`, or `demo samples`).
pub async fn load_samples(lib: &Library, enf: &Enforcement, actor: &store::audit::Actor) -> Result<Samples, Failure> {
    let documents = lib.load_samples_if_empty(actor).await?.map(|s| s.documents);
    if let Some(n) = documents {
        tracing::info!("empty library: loaded {n} sample documents");
    }
    let cases = seed_if_empty(enf).await?;
    Ok(Samples { documents, cases })
}

/// What [`load_samples`] loaded: None where the store was not empty and was left alone.
#[derive(Debug, Clone, Copy)]
pub struct Samples {
    pub documents: Option<u64>,
    pub cases: Option<u64>,
}

/// Load a modest demo set into an empty enforcement store; the number of cases made, None if the
/// store was not empty.
async fn seed_if_empty(enf: &Enforcement) -> Result<Option<u64>, Failure> {
    if !enf.is_empty().await.map_err(fail)? {
        return Ok(None);
    }
    let s = enf.demo_documented(&Principal::System("system:server".into()), 500, 1, 500, |_| {}).await.map_err(fail)?;
    tracing::info!("empty enforcement store: generated {} demo cases with {} documents", s.cases, s.documents);
    let id = seed_money_sample(enf).await?;
    tracing::info!("sample money and seized asset: /thi-hanh-an/viec/{id}/tien");
    if let Some(a) = enf.access_for(&Principal::System("system:server".into()), id).await.map_err(fail)?.first() {
        println!(
            "Tra cứu mẫu / sample party look-up: /tra-cuu — số việc {} — mã bí mật {} (or {})",
            a.case_number, a.secret, a.path
        );
    }
    Ok(Some(s.cases + 1)) // and the money sample's case
}

/// Sample money content for a new store: a case of office T01-KV01 with claims of three ranks, a
/// receipt waiting to be distributed, a coercion cost and a seized car in the warehouse.
async fn seed_money_sample(enf: &Enforcement) -> Result<i64, Failure> {
    let p = Principal::System("system:server".into());
    let ob = |description: &str, amount: i64, creditor: &str, category: enforcement::money::distribute::Category| {
        enforcement::case::NewObligation {
            kind: enforcement::workflow::ObligationKind::PayMoney,
            description: description.into(),
            amount,
            creditor: Some(creditor.into()),
            debtor: None,
            category,
        }
    };
    let mut new = crate::funds_bench::case(vec![
        ob("Cấp dưỡng nuôi con", 36_000_000, "Trần Thị Bình", enforcement::money::distribute::Category::Support),
        ob(
            "Án phí dân sự sơ thẩm",
            4_500_000,
            "Ngân sách nhà nước",
            enforcement::money::distribute::Category::CourtFee,
        ),
        ob("Trả tiền vay", 180_000_000, "Lê Văn Cường", enforcement::money::distribute::Category::Other),
    ]);
    new.judgment_number = "57/2026/DS-ST".into();
    let c = enf.intake(&p, new).await.map_err(fail)?;
    let r = enforcement::money::ledger::Receipt {
        amount: 60_000_000,
        on: None,
        coercion_decided_on: None,
        reference: Some("FT26170012345".into()),
        idempotency_key: Some("sample-receipt-1".into()),
        memo: Some("Người phải thi hành án nộp tiền".into()),
    };
    enf.receive(&p, c.id, &r).await.map_err(fail)?;
    let cost = enforcement::money::ledger::NewCost {
        kind: enforcement::money::fee::CostKind::Notice,
        amount: 350_000,
        on: None,
        note: Some("Chi phí thông báo cưỡng chế".into()),
    };
    enf.record_cost(&p, c.id, &cost).await.map_err(fail)?;
    let loan = enf.case_file(&p, c.id).await.map_err(fail)?.obligations.get(2).map(|o| o.id);
    let cal = enf.platform().calendar().await.map_err(fail)?;
    let seizure_day = cal.working_day_at_or_before(enf.platform().clock().today());
    let car = enforcement::assets::NewAsset {
        kind: "phương tiện".into(),
        description: "Ô tô Toyota Vios, biển số 30A-123.45, màu bạc".into(),
        valuation: Some(320_000_000),
        custody: enforcement::assets::Custody::Warehouse {
            place: "Kho vật chứng Chi cục THADS khu vực 1".into()
        },
        secures_obligation: loan,
        pledgee: None,
        // Seizure is coercion: on a working day, in the daytime (khoản 2 Điều 46 / khoản 5 Điều 72).
        on: Some(seizure_day),
        time: Some("09:30".into()),
        note: Some("Kê biên theo quyết định cưỡng chế".into()),
    };
    enf.seize(&p, c.id, &car).await.map_err(fail)?;
    Ok(c.id)
}

/// One keep-alive HTTP/1.1 connection.
struct Conn {
    s: tokio::net::TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    async fn open(addr: SocketAddr) -> std::io::Result<Conn> {
        let s = tokio::net::TcpStream::connect(addr).await?;
        s.set_nodelay(true)?;
        Ok(Conn { s, buf: Vec::with_capacity(64 * 1024) })
    }

    async fn request(
        &mut self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<&str>,
    ) -> std::io::Result<(u16, Vec<u8>)> {
        let body = body.unwrap_or("");
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        self.s.write_all(req.as_bytes()).await?;
        self.buf.clear();
        let mut chunk = [0u8; 16384];
        loop {
            let n = self.s.read(&mut chunk).await?;
            if n == 0 {
                return Err(std::io::Error::other("closed"));
            }
            self.buf.extend_from_slice(&chunk[..n]);
            if let Some(i) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&self.buf[..i]).to_ascii_lowercase();
                let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
                let len = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                while self.buf.len() < i + 4 + len {
                    let n = self.s.read(&mut chunk).await?;
                    if n == 0 {
                        break;
                    }
                    self.buf.extend_from_slice(&chunk[..n]);
                }
                return Ok((status, self.buf[i + 4..].to_vec()));
            }
        }
    }
}

async fn bench(
    lib: &Library,
    platform: &Platform,
    enf: &Enforcement,
    cases: u64,
    clients: usize,
    seconds: u64,
) -> Result<u8, Failure> {
    let db = lib.db();
    let (have,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM enf_cases").fetch_one(db.pool()).await.map_err(fail)?;
    if (have as u64) < cases {
        let t = Instant::now();
        let s = generate(enf, cases - have as u64, 1000 + have as u64, 5000, false).await?;
        println!(
            "fill: {} cases in {:.1} s ({:.0} cases/s)",
            s.cases,
            t.elapsed().as_secs_f64(),
            s.cases as f64 / t.elapsed().as_secs_f64()
        );
    }
    let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM enf_cases").fetch_one(db.pool()).await.map_err(fail)?;
    // The busiest office: its head signs in with an API token.
    let (unit_id, unit_cases): (i64, i64) = sqlx::query_as(
        "SELECT unit_id, COUNT(*) AS n FROM enf_cases GROUP BY unit_id ORDER BY n DESC, unit_id LIMIT 1",
    )
    .fetch_one(db.pool())
    .await
    .map_err(fail)?;
    let unit = platform.unit_by_id(unit_id).await.map_err(fail)?;
    let cli = Principal::system_cli();
    let head = format!("bench-head-{}", unit.code.to_lowercase());
    if platform.user(&head).await.is_err() {
        let pw = platform::users::generate_password().map_err(fail)?;
        platform
            .add_user(
                &cli,
                &head,
                "Thủ trưởng (benchmark)",
                Some(&unit.code),
                &[Role::OfficeHead, Role::EnforcementOfficer],
                &pw,
            )
            .await
            .map_err(fail)?;
    }
    let token = platform.create_token(&cli, &head, "bench", Scope::Write, 1).await.map_err(fail)?.token;
    let ids: Vec<(i64,)> = sqlx::query_as("SELECT id FROM enf_cases WHERE unit_id = $1 ORDER BY id")
        .bind(unit_id)
        .fetch_all(db.pool())
        .await
        .map_err(fail)?;
    let ids: Arc<Vec<i64>> = Arc::new(ids.into_iter().map(|x| x.0).collect());
    // Cases the state-change phase may postpone and resume (active, not paused).
    let movable: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM enf_cases WHERE unit_id = $1 AND state IN ('decided', 'notified', 'voluntary', 'verifying', 'coercion', 'no_means') ORDER BY id",
    )
    .bind(unit_id)
    .fetch_all(db.pool())
    .await
    .map_err(fail)?;
    let movable: Arc<Vec<i64>> = Arc::new(movable.into_iter().map(|x| x.0).collect());

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(fail)?;
    let addr = listener.local_addr().map_err(fail)?;
    let app = server::app_with_enforcement(lib.clone(), None, platform.clone(), Some(enf.clone()), false);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await;
    });
    println!(
        "store: {} ({}), {total} cases; office {} with {unit_cases} cases; {clients} clients × {seconds} s on http://{addr}",
        db.dialect().name(),
        db.describe(),
        unit.code
    );

    // Phase 1: case reads (the whole file: parties, obligations, timeline, documents, next steps;
    // each read is a logged personal-data access, itself a write on the audit chain).
    let reads = load(addr, &token, clients, seconds, ids.clone(), |id, _| {
        ("GET".into(), format!("/api/v1/enforcement/cases/{id}"), None)
    })
    .await?;
    println!(
        "case reads:    {:>8.0}/s  p50 {:.1} ms  p99 {:.1} ms  ({} ok, {} errors)",
        reads.rate, reads.p50, reads.p99, reads.ok, reads.errors
    );
    // Phase 2: state changes: postpone, then resume, each a full step (policy, workflow, document
    // numbered and rendered, event, audit).
    if movable.is_empty() {
        return Err(fail("no active case to change"));
    }
    let today = platform.clock().today().to_string();
    let changes = load(addr, &token, clients, seconds, movable.clone(), move |id, n| {
        let (step, body) = if n % 2 == 0 {
            ("postpone", format!("{{\"on\":\"{today}\",\"ground\":\"điểm c khoản 1 (đương sự đồng ý hoãn)\"}}"))
        } else {
            ("resume", format!("{{\"on\":\"{today}\"}}"))
        };
        ("POST".into(), format!("/api/v1/enforcement/cases/{id}/steps/{step}"), Some(body))
    })
    .await?;
    println!(
        "state changes: {:>8.0}/s  p50 {:.1} ms  p99 {:.1} ms  ({} ok, {} refused or failed)",
        changes.rate, changes.p50, changes.p99, changes.ok, changes.errors
    );
    // Phase 3: queue queries in-process at this size: counts + the overdue, due-soon and waiting lists
    // for offices and for an officer.
    let offices: Vec<(String,)> = sqlx::query_as("SELECT code FROM units WHERE level <> 'national' ORDER BY id")
        .fetch_all(db.pool())
        .await
        .map_err(fail)?;
    let t = Instant::now();
    let mut lat = vec![];
    let mut n = 0;
    for (code,) in offices.iter().take(200) {
        for kind in [QueueKind::Overdue, QueueKind::DueSoon, QueueKind::Waiting] {
            let t1 = Instant::now();
            enf.queue(&cli, code, None, kind, 50, 0).await.map_err(fail)?;
            lat.push(t1.elapsed());
            n += 1;
        }
        let t1 = Instant::now();
        enf.queue_counts(&cli, code, None).await.map_err(fail)?;
        lat.push(t1.elapsed());
        n += 1;
    }
    lat.sort();
    println!(
        "queue queries: {:>8.0}/s  p50 {:.2} ms  p99 {:.2} ms  ({n} queries over {} offices, one at a time)",
        n as f64 / t.elapsed().as_secs_f64(),
        crate::bench::percentile(&lat, 0.5),
        crate::bench::percentile(&lat, 0.99),
        offices.len().min(200)
    );
    let _ = (State::Postponed, Step::Postpone, Input::default());
    Ok(0)
}

struct LoadResult {
    rate: f64,
    p50: f64,
    p99: f64,
    ok: u64,
    errors: u64,
}

async fn load(
    addr: SocketAddr,
    token: &str,
    clients: usize,
    seconds: u64,
    ids: Arc<Vec<i64>>,
    make: impl Fn(i64, u64) -> (String, String, Option<String>) + Send + Sync + Clone + 'static,
) -> Result<LoadResult, Failure> {
    let ok = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let start = Instant::now();
    let mut tasks = vec![];
    for c in 0..clients {
        let (ok, errors, ids, make, token) = (ok.clone(), errors.clone(), ids.clone(), make.clone(), token.to_string());
        tasks.push(tokio::spawn(async move {
            let mut lat = vec![];
            let Ok(mut conn) = Conn::open(addr).await else { return lat };
            // Each client owns a disjoint slice of the cases (no two clients step the same case).
            let mine: Vec<i64> = ids.iter().copied().skip(c).step_by(clients).collect();
            if mine.is_empty() {
                return lat;
            }
            let mut k: u64 = 0;
            while Instant::now() < deadline {
                let id = mine[(k as usize / 2) % mine.len()];
                let (m, path, body) = make(id, k);
                let t = Instant::now();
                match conn.request(&m, &path, &token, body.as_deref()).await {
                    Ok((200 | 201, _)) => {
                        ok.fetch_add(1, Ordering::Relaxed);
                        lat.push(t.elapsed());
                    }
                    Ok(_) => {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(_) => {
                        errors.fetch_add(1, Ordering::Relaxed);
                        match Conn::open(addr).await {
                            Ok(c) => conn = c,
                            Err(_) => break,
                        }
                    }
                }
                k += 1;
            }
            lat
        }));
    }
    let mut all = vec![];
    for t in tasks {
        all.extend(t.await.map_err(fail)?);
    }
    let secs = start.elapsed().as_secs_f64();
    all.sort();
    let ok = ok.load(Ordering::Relaxed);
    Ok(LoadResult {
        rate: ok as f64 / secs,
        p50: crate::bench::percentile(&all, 0.5),
        p99: crate::bench::percentile(&all, 0.99),
        ok,
        errors: errors.load(Ordering::Relaxed),
    })
}
