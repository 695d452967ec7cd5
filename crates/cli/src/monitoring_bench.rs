//! `tuphap demo monitoring --cases N`: the monitoring centre at scale. Fills the store with demo cases
//! up to N (their figures are pre-aggregated as they are written), then times the reports a
//! supervisor opens — national, the busiest province, the busiest office (by officer) — against a
//! baseline in the same run: the same figures counted straight from the cases table. Also times the
//! parties' look-ups, and checks the pre-aggregated tables against a rebuild with `--check`.
//! The results go to docs/benchmarks.md.

use crate::Failure;
use crate::bench::{peak_mib, percentile};
use enforcement::Enforcement;
use enforcement::citizen::Via;
use platform::Principal;
use std::time::{Duration, Instant};
use store::sqlx;

fn fail(e: impl std::fmt::Display) -> Failure {
    Failure { code: 1, message: e.to_string() }
}

fn line(name: &str, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "  {name:<44} n={:<4} p50 {:>9.2} ms   p99 {:>9.2} ms",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.99)
    );
}

pub async fn run(enf: &Enforcement, cases: u64, queries: usize, check: bool) -> Result<u8, Failure> {
    let db = enf.db();
    let (have,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM enf_cases").fetch_one(db.pool()).await.map_err(fail)?;
    if (have as u64) < cases {
        let t = Instant::now();
        let bar = indicatif::ProgressBar::new(cases - have as u64);
        let s = enf
            .demo(&Principal::system_cli(), cases - have as u64, 7000 + have as u64, 5000, |d| bar.set_position(d))
            .await
            .map_err(fail)?;
        bar.finish_and_clear();
        println!(
            "fill: {} cases in {:.1} s ({:.0} cases/s, figures aggregated as they are written)",
            s.cases,
            t.elapsed().as_secs_f64(),
            s.cases as f64 / t.elapsed().as_secs_f64()
        );
    }
    let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM enf_cases").fetch_one(db.pool()).await.map_err(fail)?;
    let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM enf_stats").fetch_one(db.pool()).await.map_err(fail)?;
    let (due_rows,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM enf_stats_due").fetch_one(db.pool()).await.map_err(fail)?;
    println!(
        "store: {} ({}), {total} cases; {rows} monthly rows, {due_rows} deadline rows",
        db.dialect().name(),
        db.describe()
    );
    let (office_id,): (i64,) =
        sqlx::query_as("SELECT unit_id FROM enf_cases GROUP BY unit_id ORDER BY COUNT(*) DESC, unit_id LIMIT 1")
            .fetch_one(db.pool())
            .await
            .map_err(fail)?;
    let office = enf.platform().unit_by_id(office_id).await.map_err(fail)?;
    let province = match office.parent_id {
        Some(id) => enf.platform().unit_by_id(id).await.map_err(fail)?,
        None => office.clone(),
    };
    let p = Principal::System("system:bench".into());
    let today = lex::Date::today_from_unix(enf.platform().clock().now());
    let period = enforcement::stats::Period::working_year(today);
    println!("reports of the working year {} – {} ({} sequential queries each):", period.from, period.to, queries);
    let mut national_total = 0;
    for (name, unit) in [
        ("national (34 provinces)", None),
        ("province (its offices)", Some(province.code.as_str())),
        ("office (its officers)", Some(office.code.as_str())),
    ] {
        let mut times = Vec::with_capacity(queries);
        for _ in 0..queries {
            let t = Instant::now();
            let r = enf.monitoring(&p, unit, Some(period)).await.map_err(fail)?;
            times.push(t.elapsed());
            if unit.is_none() {
                national_total = r.totals.total_n;
            }
        }
        line(&format!("{name}, pre-aggregated"), times);
    }
    // Baseline: the national figures counted from the cases (what a report costs without the tables).
    let baseline_runs = (queries / 20).clamp(3, 10);
    let mut times = Vec::with_capacity(baseline_runs);
    let mut counted = 0;
    for _ in 0..baseline_runs {
        let t = Instant::now();
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM (SELECT unit_id, COUNT(*) AS total, SUM(CASE WHEN state = 'no_means' THEN 1 ELSE 0 END) AS no_means, SUM(CASE WHEN state = 'completed' AND ended_on >= $1 THEN 1 ELSE 0 END) AS completed, SUM(CASE WHEN active = 1 AND due_date < $2 THEN 1 ELSE 0 END) AS overdue, SUM(total_money) AS money, SUM(paid_money) AS paid FROM enf_cases WHERE ended_on IS NULL OR ended_on >= $1 GROUP BY unit_id) x",
        )
        .bind(format!("{}-01", period.from.key()))
        .bind(today.to_string())
        .fetch_one(db.pool())
        .await
        .map_err(fail)?;
        times.push(t.elapsed());
        counted = n;
    }
    line(&format!("national, baseline: GROUP BY over the cases ({counted} offices)"), times);
    // Look-ups by the parties: secrets computed and checked, the view built, the look-up logged.
    let ids: Vec<(i64,)> = sqlx::query_as("SELECT id FROM enf_cases ORDER BY id DESC LIMIT 200")
        .fetch_all(db.pool())
        .await
        .map_err(fail)?;
    let mut times = vec![];
    let mut wrong = vec![];
    for (i, (id,)) in ids.iter().enumerate() {
        let a = enf.access_for(&Principal::system_cli(), *id).await.map_err(fail)?;
        let Some(first) = a.first() else { continue };
        let client = format!("bench-{i}");
        let t = Instant::now();
        let r = enf.lookup(&first.case_number, &first.secret, &client, Via::Api).await.map_err(fail)?;
        times.push(t.elapsed());
        if r.is_err() {
            return Err(fail("a look-up with the right secret failed"));
        }
        let t = Instant::now();
        let _ = enf.lookup(&first.case_number, "AAAAA-AAAAA", &client, Via::Api).await.map_err(fail)?;
        wrong.push(t.elapsed());
    }
    line("party look-up, right secret", times);
    line("party look-up, wrong secret", wrong);
    if check {
        let t = Instant::now();
        let diff = enf.stats_check().await.map_err(fail)?;
        println!(
            "check: {} differences between the tables and a rebuild ({:.1} s)",
            diff.len(),
            t.elapsed().as_secs_f64()
        );
        if !diff.is_empty() {
            return Err(fail(format!("the monitoring tables differ from a rebuild: {}", diff[0])));
        }
    }
    println!(
        "national total {national_total} = cases in store {total}: {}",
        if national_total <= total { "ok" } else { "MISMATCH" }
    );
    println!("peak memory {:.0} MiB", peak_mib());
    Ok(0)
}
