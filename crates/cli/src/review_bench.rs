//! `tuphap demo review` — the drafting review's speed at national scale (issue 6): a library of the
//! samples plus `--works` synthetic decrees (60,000 ≈ the documents in force), in a temporary store;
//! a draft of `--articles` articles with three citations each (a decree by number, a law's provisions,
//! internal references) and its previous version with one article inserted (every later internal
//! citation stale). Timed: the cold check as `tuphap check` runs it (names read + check), the warm
//! check as the server runs it (`Reviewer::shared`), with and without the previous version; beside, in
//! the same run, the baselines of reading the whole catalogue and of only finding the citations (the
//! pure part, no database).

use crate::Failure;
use crate::bench::{peak_mib, percentile};
use library::Library;
use library::review::{Draft, Reviewer};
use std::time::{Duration, Instant};
use store::Db;
use store::audit::Actor;

fn fail(e: impl std::fmt::Display) -> Failure {
    Failure { code: 1, message: e.to_string() }
}

/// The draft: a header, then `articles` articles. `shift` inserts an article before the first (the
/// new version), so that every internal citation written for the old numbers is one behind.
pub fn draft(articles: usize, shift: bool) -> Vec<String> {
    let mut lines: Vec<String> =
        vec!["BỘ TƯ PHÁP".into(), "Hà Nội, ngày 01 tháng 8 năm 2027".into(), "THÔNG TƯ".into()];
    let offset = usize::from(shift);
    if shift {
        lines.push("Điều 1. Giải thích từ ngữ".into());
        lines.push("Trong Thông tư này, các từ ngữ dưới đây được hiểu như sau: hòa giải trực tuyến là hòa giải trên môi trường điện tử.".into());
    }
    for a in 1..=articles {
        lines.push(format!("Điều {}. Quy định số {a} về trình tự thực hiện", a + offset));
        lines.push(format!("{}.", prose(a, 40)));
        lines.push(format!(
            "1. Thực hiện theo khoản 2 Điều 8 và Điều 13 Luật Hòa giải cơ sở mẫu số 999/2026/QH15, Nghị định số {}/2020/NĐ-CP về nội dung số {a}.",
            a * 97 % 60_000 + 1
        ));
        lines.push(format!(
            "2. Trừ trường hợp quy định tại khoản 1 Điều này và khoản 1 Điều {} Thông tư này, hồ sơ số {a} được nộp trực tiếp.",
            a.max(2) - 1
        ));
    }
    lines
}

/// `words` words of administrative prose, different for each article (so that articles are told apart
/// by content, as in a real draft).
fn prose(seed: usize, words: usize) -> String {
    const WORDS: &[&str] = &[
        "cơ quan",
        "hồ sơ",
        "thủ tục",
        "đăng ký",
        "cấp xã",
        "cấp tỉnh",
        "văn bản",
        "thẩm định",
        "phê duyệt",
        "báo cáo",
        "kiểm tra",
        "giám sát",
        "công dân",
        "tổ chức",
        "doanh nghiệp",
        "thời hạn",
        "ngày làm việc",
        "trực tuyến",
        "cơ sở dữ liệu",
        "chứng thực",
        "bản sao",
        "lệ phí",
        "miễn",
        "giảm",
        "khiếu nại",
        "tố cáo",
        "giải quyết",
        "tiếp nhận",
        "trả kết quả",
        "điện tử",
        "chữ ký số",
        "lưu trữ",
        "thống kê",
        "hướng dẫn",
        "phối hợp",
        "trách nhiệm",
        "quyền",
        "nghĩa vụ",
        "xử lý",
        "vi phạm",
        "bồi thường",
        "hòa giải",
        "hộ tịch",
        "quốc tịch",
        "nuôi con nuôi",
        "lý lịch tư pháp",
        "công chứng",
        "luật sư",
        "trợ giúp pháp lý",
        "đấu giá",
        "thừa phát lại",
        "giám định",
        "phổ biến",
        "giáo dục",
        "pháp luật",
        "kinh phí",
        "ngân sách",
        "biên chế",
        "đào tạo",
        "bồi dưỡng",
    ];
    let mut r = search::synth::Rng::new(seed as u64);
    let out: Vec<&str> = (0..words).map(|_| WORDS[r.below(WORDS.len())]).collect();
    let mut s = out.join(" ");
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s
}

fn line(name: &str, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "  {name:<58} p50 {:>8.1} ms   p99 {:>8.1} ms   ({} runs)",
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times.len()
    );
}

pub async fn run(works: usize, articles: usize, runs: usize) -> Result<u8, Failure> {
    let dir = tempfile::tempdir().map_err(fail)?;
    let lib = Library::open(Db::open(dir.path(), None).await.map_err(fail)?).await.map_err(fail)?;
    lib.load_samples_if_empty(&Actor::system_cli()).await.map_err(fail)?;
    let t = Instant::now();
    lib.add_synthetic_decrees(works).await.map_err(fail)?;
    println!("library: samples + {works} synthetic decrees in {:.1} s (temporary store)", t.elapsed().as_secs_f64());
    let old = draft(articles, false);
    let new = draft(articles, true);
    let runs = runs.max(1);

    // Baselines, same process.
    let mut catalogue = vec![];
    for _ in 0..runs.min(5) {
        let t = Instant::now();
        let n = lib.catalog().await.map_err(fail)?.len();
        catalogue.push(t.elapsed());
        std::hint::black_box(n);
    }
    let mut find_only = vec![];
    for _ in 0..runs {
        let t = Instant::now();
        let clean: Vec<String> = new.iter().map(|l| lex::normalize::clean(l)).collect();
        let found: usize = clean.iter().map(|l| lex::cite::find::find(l, &Default::default()).len()).sum();
        find_only.push(t.elapsed());
        std::hint::black_box(found);
    }

    // Cold: what `tuphap check` does (names read, then the check).
    let mut cold = vec![];
    let mut report = None;
    for _ in 0..runs.min(5) {
        let t = Instant::now();
        let reviewer = Reviewer::load(&lib).await.map_err(fail)?;
        let r = reviewer.check(&lib, &Draft { lines: new.clone(), previous: None, date: None }).await.map_err(fail)?;
        cold.push(t.elapsed());
        report = Some(r);
    }
    let reviewer = Reviewer::load(&lib).await.map_err(fail)?;
    let mut warm = vec![];
    let mut warm_prev = vec![];
    let mut stale = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let r = reviewer.check(&lib, &Draft { lines: new.clone(), previous: None, date: None }).await.map_err(fail)?;
        warm.push(t.elapsed());
        std::hint::black_box(r);
        let t = Instant::now();
        let r = reviewer
            .check(&lib, &Draft { lines: new.clone(), previous: Some(old.clone()), date: None })
            .await
            .map_err(fail)?;
        warm_prev.push(t.elapsed());
        stale = r.diagnostics.iter().filter(|d| d.kind == library::review::Kind::StaleAfterRenumbering).count();
    }
    let r = report.ok_or_else(|| fail("no run"))?;
    println!(
        "draft: {articles} articles, {} lines, {} citations ({} internal targets, {} resolved); catalogue {} works",
        new.len(),
        r.stats.citations,
        r.stats.internal_targets,
        r.stats.internal_resolved,
        reviewer.len()
    );
    line("baseline: read the whole catalogue (Library::catalog)", catalogue);
    line("baseline: find citations only (pure, no database)", find_only);
    line("check, cold (names read + check: `tuphap check`)", cold);
    line("check, warm (reviewer kept: the server)", warm);
    line(&format!("check with --previous, warm ({stale} stale found)"), warm_prev);
    println!("peak RSS {:.0} MiB", peak_mib());
    Ok(0)
}
