//! `tuphap demo funds` — the funds ledger benchmark: receipts per second sustained by concurrent writers
//! on one office (each a full booking: idempotency check, double entry, balances with their sign checks,
//! the audit chain), beside a baseline in the same run (a bare one-row INSERT per transaction, no
//! ledger); then the distribution of one case with --creditors creditors (pure plan, preview, booking).

use crate::Failure;
use enforcement::Enforcement;
use enforcement::case::{NewCase, NewObligation, NewParty, PartyRole};
use enforcement::money::distribute::Category;
use enforcement::money::ledger::{DistributionRequest, Receipt};
use enforcement::workflow::{Basis, ObligationKind};
use lex::Date;
use platform::Principal;
use std::time::Instant;

fn fail(e: impl std::fmt::Display) -> Failure {
    Failure { code: 1, message: e.to_string() }
}

pub(crate) fn case(obligations: Vec<NewObligation>) -> NewCase {
    let d = |s: &str| Date::parse_iso(s).unwrap_or(Date { year: 2026, month: 1, day: 1 });
    NewCase {
        unit: "T01-KV01".into(),
        basis: Basis::Request,
        own_motion: None,
        court: "Tòa án nhân dân khu vực 1 — Hà Nội".into(),
        judgment_number: "99/2026/KDTM-ST".into(),
        judgment_date: d("2026-02-10"),
        effective_date: d("2026-03-01"),
        obligation_due: None,
        excluded_days: 0,
        received_on: None,
        parties: vec![
            NewParty {
                role: PartyRole::Creditor,
                kind: "organisation".into(),
                name: "Các chủ nợ (benchmark)".into(),
                address: "Hà Nội".into(),
                email: None,
            },
            NewParty {
                role: PartyRole::Debtor,
                kind: "organisation".into(),
                name: "Công ty X (benchmark)".into(),
                address: "Hà Nội".into(),
                email: None,
            },
        ],
        obligations,
        officer: None,
    }
}

/// Run `n` operations over `clients` tasks; (ops per second, p50 ms, p99 ms).
async fn drive<F, Fut>(n: u64, clients: usize, op: F) -> Result<(f64, f64, f64), Failure>
where
    F: Fn(u64) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(), Failure>> + Send,
{
    let t = Instant::now();
    let mut tasks = vec![];
    for c in 0..clients as u64 {
        let op = op.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = vec![];
            let mut i = c;
            while i < n {
                let s = Instant::now();
                op(i).await?;
                lat.push(s.elapsed());
                i += clients as u64;
            }
            Ok::<_, Failure>(lat)
        }));
    }
    let mut all = vec![];
    for t in tasks {
        all.extend(t.await.map_err(fail)??);
    }
    let secs = t.elapsed().as_secs_f64();
    all.sort();
    Ok((n as f64 / secs.max(1e-9), crate::bench::percentile(&all, 0.5), crate::bench::percentile(&all, 0.99)))
}

pub async fn run(enf: &Enforcement, receipts: u64, clients: usize, creditors: usize) -> Result<u8, Failure> {
    let cli = Principal::system_cli();
    let db = enf.db();
    println!("store: {} ({}); {clients} concurrent writers", db.dialect().name(), db.describe());
    let target = enf
        .intake(
            &cli,
            case(vec![NewObligation {
                kind: ObligationKind::PayMoney,
                description: "Trả nợ".into(),
                amount: 1_000_000_000_000_000,
                creditor: Some("Ngân hàng A".into()),
                debtor: None,
                category: Category::Other,
            }]),
        )
        .await
        .map_err(fail)?;
    let run_id = target.id;

    // Baseline: one bare INSERT per transaction, same concurrency.
    sqlx::query(sqlx::AssertSqlSafe(db.dialect().ddl("CREATE TABLE IF NOT EXISTS bench_plain_receipts (id INTEGER PRIMARY KEY AUTOINCREMENT, k TEXT NOT NULL, amount BIGINT NOT NULL)")))
        .execute(db.pool())
        .await
        .map_err(fail)?;
    let pool = db.pool().clone();
    let (base_rate, base_p50, base_p99) = drive(receipts, clients, move |i| {
        let pool = pool.clone();
        async move {
            let mut tx = pool.begin().await.map_err(fail)?;
            sqlx::query("INSERT INTO bench_plain_receipts (k, amount) VALUES ($1, $2)")
                .bind(format!("{run_id}-{i}"))
                .bind(1_000 + i as i64)
                .execute(&mut *tx)
                .await
                .map_err(fail)?;
            tx.commit().await.map_err(fail)
        }
    })
    .await?;
    println!(
        "baseline (bare INSERT):  {base_rate:>8.0}/s  p50 {base_p50:.2} ms  p99 {base_p99:.2} ms  ({receipts} rows)"
    );

    let e = enf.clone();
    let (rate, p50, p99) = drive(receipts, clients, move |i| {
        let e = e.clone();
        async move {
            let r = Receipt {
                amount: 1_000 + i as i64,
                on: None,
                coercion_decided_on: None,
                reference: Some(format!("FT{i}")),
                idempotency_key: Some(format!("bench-{run_id}-{i}")),
                memo: None,
            };
            e.receive(&Principal::system_cli(), run_id, &r).await.map(|_| ()).map_err(fail)
        }
    })
    .await?;
    println!(
        "receipts (ledger):       {rate:>8.0}/s  p50 {p50:.2} ms  p99 {p99:.2} ms  ({receipts} receipts; {:.1}× the baseline's time)",
        base_rate / rate.max(1e-9)
    );

    // Distribution: one case, N creditors in three ranks, half the money collected.
    let obligations: Vec<NewObligation> = (0..creditors)
        .map(|i| NewObligation {
            kind: ObligationKind::PayMoney,
            description: format!("Khoản nợ {i}"),
            amount: 1_000_000 + (i as i64 * 7_919) % 50_000_000,
            creditor: Some(format!("Người lao động / chủ nợ {i}")),
            debtor: None,
            category: [Category::Support, Category::CourtFee, Category::Other][i % 3],
        })
        .collect();
    let total: i64 = obligations.iter().map(|o| o.amount).sum();
    let group = enf.intake(&cli, case(obligations)).await.map_err(fail)?;
    let r = Receipt {
        amount: total / 2,
        on: None,
        coercion_decided_on: None,
        reference: None,
        idempotency_key: None,
        memo: None,
    };
    enf.receive(&cli, group.id, &r).await.map_err(fail)?;
    let t = Instant::now();
    let preview = enf.preview_distribution(&cli, group.id, &DistributionRequest::default()).await.map_err(fail)?;
    let preview_ms = t.elapsed().as_secs_f64() * 1000.0;
    let pool = enforcement::money::distribute::Pool {
        law: preview.law,
        amount: preview.held,
        source: enforcement::money::distribute::Source::Voluntary,
        deductions: Default::default(),
        pledgee: None,
        claims: preview
            .plan
            .lines
            .iter()
            .filter_map(|l| match l.payee {
                enforcement::money::distribute::Payee::Claim(id) => Some(enforcement::money::distribute::Claim {
                    id,
                    creditor: String::new(),
                    category: Category::Other,
                    owed: l.amount * 2,
                    entitled_from: Date { year: 2026, month: 1, day: 1 },
                    secured: false,
                    judgment: String::new(),
                }),
                _ => None,
            })
            .collect(),
    };
    let t = Instant::now();
    let rounds = 100;
    for _ in 0..rounds {
        std::hint::black_box(enforcement::money::distribute::plan(&pool).map_err(fail)?);
    }
    let plan_us = t.elapsed().as_secs_f64() * 1e6 / rounds as f64;
    let t = Instant::now();
    enf.distribute(&cli, group.id, &DistributionRequest::default()).await.map_err(fail)?;
    let book_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "distribution, {creditors} creditors: plan {plan_us:.0} µs (pure), preview {preview_ms:.1} ms, booking {book_ms:.1} ms ({} lines)",
        preview.shares.len()
    );
    let t = Instant::now();
    let check = enf.check_books().await.map_err(fail)?;
    println!(
        "books check: {} ({} transactions, {:.1} ms); peak memory {:.0} MiB",
        if check.ok() { "balanced" } else { "NOT BALANCED" },
        check.txns,
        t.elapsed().as_secs_f64() * 1000.0,
        crate::bench::peak_mib()
    );
    enf.check_money(group.id).await.map_err(fail)?;
    Ok(if check.ok() { 0 } else { 1 })
}
