//! Synthetic legal text at national scale, and the scale benchmark.
//!
//! The generator learns which syllable follows which from real articles (a syllable-bigram
//! Markov chain) and writes articles shaped like real ones: a heading, a lead-in, numbered clauses,
//! sometimes lettered points, with the syllable statistics of the real text. Deterministic for a
//! seed (its own xorshift generator), so every run indexes the same corpus.
//!
//! [`bench`] indexes N synthetic articles with tuphap's index and with SQLite FTS5 (`unicode61`,
//! diacritics removed) in the same run and times the same queries on both (warm, p50/p99).

use crate::index;
use crate::unit::Unit;
use crate::{SearchError, find};
use library::catalog::CatalogEntry;
use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

/// A small deterministic random generator (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

/// A syllable-bigram Markov chain over real legal text.
#[derive(Debug, Default)]
pub struct Model {
    words: Vec<String>,
    next: Vec<Vec<u32>>,
    starts: Vec<u32>,
    headings: Vec<String>,
}

impl Model {
    /// Learn from real article texts and headings.
    pub fn train<'a>(texts: impl IntoIterator<Item = &'a str>, headings: impl IntoIterator<Item = &'a str>) -> Model {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut m = Model::default();
        let mut id = |w: &str, m: &mut Model| -> u32 {
            if let Some(i) = ids.get(w) {
                return *i;
            }
            let i = m.words.len() as u32;
            m.words.push(w.to_string());
            m.next.push(vec![]);
            ids.insert(w.to_string(), i);
            i
        };
        for text in texts {
            for sentence in text.split(['.', ';', '\n']) {
                let words: Vec<&str> = sentence.split_whitespace().collect();
                if words.len() < 4 {
                    continue;
                }
                let mut prev = id(words[0], &mut m);
                m.starts.push(prev);
                for w in &words[1..] {
                    let cur = id(w, &mut m);
                    m.next[prev as usize].push(cur);
                    prev = cur;
                }
            }
        }
        m.headings = headings.into_iter().filter(|h| !h.is_empty()).map(str::to_string).collect();
        m
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Learn from the 3,352 real articles of `alqac2026/corpus_law_pub.json` under `data`.
    pub fn from_real_articles(data: &Path) -> Result<Model, SearchError> {
        let corpus = data.join("alqac2026/corpus_law_pub.json");
        let bytes = std::fs::read(&corpus).map_err(|e| SearchError::Io(corpus.display().to_string(), e))?;
        let records = library::adapters::read(library::adapters::Format::CorpusLawPub, &corpus, &bytes)
            .map_err(|e| SearchError::Invalid(e.to_string()))?;
        let units: Vec<Unit> = records.iter().filter_map(|r| r.tree.as_ref()).flat_map(crate::unit::units).collect();
        let bodies: Vec<String> = units.iter().map(Unit::body).collect();
        Ok(Model::train(bodies.iter().map(String::as_str), units.iter().map(|u| u.heading.as_str())))
    }

    /// A sentence of about `len` syllables.
    pub fn sentence(&self, rng: &mut Rng, len: usize) -> String {
        let mut out = String::new();
        if self.starts.is_empty() {
            return out;
        }
        let mut cur = self.starts[rng.below(self.starts.len())];
        for i in 0..len {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&self.words[cur as usize]);
            let nexts = &self.next[cur as usize];
            cur = if nexts.is_empty() {
                self.starts[rng.below(self.starts.len())]
            } else {
                nexts[rng.below(nexts.len())]
            };
        }
        out
    }

    /// An article: heading, lead-in, 1–6 clauses, some with points.
    pub fn article(&self, rng: &mut Rng, number: usize) -> Unit {
        let heading = if self.headings.is_empty() {
            self.sentence(rng, 6)
        } else {
            self.headings[rng.below(self.headings.len())].clone()
        };
        let mut paragraphs = vec![];
        let clauses = 1 + rng.below(6);
        if clauses == 1 {
            let len = 25 + rng.below(60);
            paragraphs.push(format!("{}.", self.sentence(rng, len)));
        }
        for c in 1..=clauses.min(5) {
            if clauses == 1 {
                break;
            }
            let points = if rng.below(4) == 0 { 2 + rng.below(4) } else { 0 };
            let len = 12 + rng.below(40);
            let lead = self.sentence(rng, len);
            paragraphs.push(format!("{c}. {lead}{}", if points > 0 { ":" } else { "." }));
            for p in 0..points {
                let letter = ["a", "b", "c", "d", "đ", "e"][p.min(5)];
                let len = 8 + rng.below(25);
                paragraphs.push(format!("{letter}) {};", self.sentence(rng, len)));
            }
        }
        Unit { eid: format!("art_{number}"), label: format!("Điều {number}"), heading, paragraphs }
    }
}

/// Results of the scale benchmark.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ScaleReport {
    pub articles: usize,
    pub text_bytes: u64,
    pub generate_secs: f64,
    /// Training the word vectors on a sample; None when kept from an earlier run.
    pub train_secs: Option<f64>,
    /// None when the index was kept from an earlier run in the same work directory.
    pub tuphap_build_secs: Option<f64>,
    pub tuphap_index_bytes: u64,
    pub tuphap_p50_ms: f64,
    pub tuphap_p99_ms: f64,
    /// None when the table was kept from an earlier run in the same work directory.
    pub fts5_build_secs: Option<f64>,
    pub fts5_db_bytes: u64,
    pub fts5_p50_ms: f64,
    pub fts5_p99_ms: f64,
    pub queries: usize,
    /// tuphap's latency by question set (natural questions are short, statements long).
    pub tuphap_by_set: Vec<SetLatency>,
    pub peak_rss_mb: f64,
}

/// Latency on one question set.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SetLatency {
    pub set: &'static str,
    pub queries: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// What the scale benchmark runs.
#[derive(Debug, Clone)]
pub struct ScaleOptions {
    /// Also build and time SQLite FTS5 (the baseline; off only to iterate on tuphap's ranking).
    pub fts5: bool,
    pub weights: find::Weights,
}

/// Documents of the synthetic corpus: one Work per 100 articles.
fn synthetic_work(i: usize) -> CatalogEntry {
    CatalogEntry {
        id: i as i64 + 1,
        key: format!("no:{}/2026/ND-CP", i + 1),
        number: format!("{}/2026/NĐ-CP", i + 1),
        has_number: true,
        doc_type: Some("Nghị định".into()),
        title: Some(format!("Nghị định tổng hợp số {}", i + 1)),
        issuer: Some("Chính phủ".into()),
        issued: Some("2026-01-01".into()),
        year: Some(2026),
        mentioned_only: false,
        events: vec![],
    }
}

/// Queries run once on FTS5 before its timed pass.
const FTS5_WARM: usize = 20;

/// Index `articles` synthetic articles with tuphap's index and with SQLite FTS5 under `work`, and
/// time `queries` on both.
pub async fn bench(
    model: &Model,
    articles: usize,
    questions: &[(&'static str, String)],
    work: &Path,
    options: &ScaleOptions,
) -> Result<ScaleReport, SearchError> {
    let queries: Vec<String> = questions.iter().map(|(_, q)| q.clone()).collect();
    let mut report = ScaleReport { articles, queries: queries.len(), ..ScaleReport::default() };
    let t0 = Instant::now();
    let mut rng = Rng::new(2026);
    let units: Vec<Unit> = (0..articles).map(|i| model.article(&mut rng, i % 100 + 1)).collect();
    report.text_bytes = units.iter().map(|u| u.body().len() as u64 + u.heading.len() as u64).sum();
    report.generate_secs = t0.elapsed().as_secs_f64();

    // tuphap's index (kept from an earlier run in the same work directory when it holds exactly
    // these articles: the generator is deterministic).
    let dir = work.join("tantivy");
    let (idx, fields) = index::open_or_create(&dir)?;
    let kept = idx.reader()?.searcher().num_docs() == articles as u64;
    let model_path = dir.join(crate::embed::FILE);
    let mut vectors = if kept { crate::embed::Model::load(&model_path)? } else { None };
    if !kept && options.weights.dense > 0.0 {
        // Word vectors (off by default; on with `--weights '{"dense": 0.6}'`), trained as
        // `Search::sync` does on up to `max_tokens` syllables. The generator draws every article
        // alike, so the first articles are as good a sample as any.
        let t0 = Instant::now();
        let training = crate::embed::Training::default();
        let mut corpus = crate::embed::Corpus::default();
        for u in &units {
            if corpus.tokens() >= training.max_tokens {
                break;
            }
            corpus.add(&u.heading, &u.body());
        }
        vectors = crate::embed::Model::train(corpus, &training);
        if let Some(m) = &vectors {
            m.save(&model_path)?;
        }
        report.train_secs = Some(t0.elapsed().as_secs_f64());
    }
    if !kept {
        let t0 = Instant::now();
        let mut writer: tantivy::IndexWriter<tantivy::TantivyDocument> = idx.writer(256_000_000)?;
        writer.delete_all_documents()?;
        for (i, u) in units.iter().enumerate() {
            let work = synthetic_work(i / 100);
            writer.add_document(index::document(
                &fields,
                &work,
                (i % 100) as u64,
                u,
                index::Span::ALWAYS,
                vectors.as_ref(),
            ))?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        report.tuphap_build_secs = Some(t0.elapsed().as_secs_f64());
    }
    report.tuphap_index_bytes = dir_size(&dir);
    let catalog = crate::catalog::Catalog::new((0..articles.div_ceil(100)).map(synthetic_work).collect());
    let reader: tantivy::IndexReader = idx.reader()?;
    let searcher = reader.searcher();
    let at = library::today();
    let mut times = vec![];
    for pass in 0..2 {
        for q in &queries {
            let mut req = find::Request::new(q, at);
            req.weights = options.weights;
            let t = Instant::now();
            let _ = find::search(&searcher, &fields, &catalog, vectors.as_ref(), &req)?;
            if pass == 1 {
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
    }
    for set in ["natural", "statements"] {
        let mut of_set: Vec<f64> =
            questions.iter().zip(&times).filter(|((s, _), _)| *s == set).map(|(_, t)| *t).collect();
        let (p50, p99) = percentiles(&mut of_set);
        report.tuphap_by_set.push(SetLatency { set, queries: of_set.len(), p50_ms: p50, p99_ms: p99 });
    }
    (report.tuphap_p50_ms, report.tuphap_p99_ms) = percentiles(&mut times);
    if !options.fts5 {
        report.peak_rss_mb = peak_rss_mb();
        return Ok(report);
    }

    // SQLite FTS5 over the same articles.
    let db_dir = work.join("fts5");
    let db = store::Db::open(&db_dir, None).await.map_err(library::LibraryError::from)?;
    let pool = db.pool();
    let sql = |e: store::sqlx::Error| SearchError::Invalid(format!("fts5: {e}"));
    store::sqlx::query(
        "CREATE VIRTUAL TABLE IF NOT EXISTS units USING fts5(heading, body, tokenize = 'unicode61 remove_diacritics 2')",
    )
    .execute(pool)
    .await
    .map_err(sql)?;
    let (rows,): (i64,) = store::sqlx::query_as("SELECT count(*) FROM units").fetch_one(pool).await.map_err(sql)?;
    if rows != articles as i64 {
        store::sqlx::query("DELETE FROM units").execute(pool).await.map_err(sql)?;
        let t0 = Instant::now();
        for chunk in units.chunks(5000) {
            let mut tx = pool.begin().await.map_err(sql)?;
            for u in chunk {
                store::sqlx::query("INSERT INTO units (heading, body) VALUES ($1, $2)")
                    .bind(&u.heading)
                    .bind(u.body())
                    .execute(&mut *tx)
                    .await
                    .map_err(sql)?;
            }
            tx.commit().await.map_err(sql)?;
        }
        report.fts5_build_secs = Some(t0.elapsed().as_secs_f64());
    }
    drop(units);
    report.fts5_db_bytes = dir_size(&db_dir);
    // Warm: the first FTS5_WARM queries once, then every query timed once (a full second pass
    // at 1M articles would add half an hour and change nothing: the file is in the page cache).
    let mut times = vec![];
    for (pass, batch) in [(0, &queries[..queries.len().min(FTS5_WARM)]), (1, &queries[..])] {
        for q in batch {
            let terms = fts5_query(q);
            if terms.is_empty() {
                continue;
            }
            let t = Instant::now();
            let _: Vec<(i64, f64)> = store::sqlx::query_as(
                "SELECT rowid, bm25(units) FROM units WHERE units MATCH $1 ORDER BY bm25(units) LIMIT 10",
            )
            .bind(&terms)
            .fetch_all(pool)
            .await
            .map_err(sql)?;
            if pass == 1 {
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
    }
    (report.fts5_p50_ms, report.fts5_p99_ms) = percentiles(&mut times);
    report.peak_rss_mb = peak_rss_mb();
    Ok(report)
}

/// The questions the scale benchmark times, with their set: the 78 natural questions and the
/// first 200 statements.
pub fn real_questions(data: &Path) -> Result<Vec<(&'static str, String)>, SearchError> {
    let mut queries: Vec<(&'static str, String)> =
        crate::eval::natural_questions(data)?.questions.into_iter().map(|q| ("natural", q.text)).collect();
    queries.extend(crate::eval::statements(data)?.questions.into_iter().take(200).map(|q| ("statements", q.text)));
    Ok(queries)
}

/// The query for FTS5: the content syllables, folded, OR-ed (what BM25 over FTS5 can do).
fn fts5_query(q: &str) -> String {
    let parsed = crate::query::parse(q);
    parsed.terms.iter().map(|t| format!("\"{}\"", t.fold)).collect::<Vec<_>>().join(" OR ")
}

fn percentiles(times: &mut [f64]) -> (f64, f64) {
    if times.is_empty() {
        return (0.0, 0.0);
    }
    times.sort_by(f64::total_cmp);
    let at = |p: f64| times[((times.len() as f64 * p).ceil() as usize).saturating_sub(1).min(times.len() - 1)];
    (at(0.50), at(0.99))
}

/// Total size of the files under a directory.
pub fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() { dir_size(&p) } else { e.metadata().map(|m| m.len()).unwrap_or(0) }
        })
        .sum()
}

/// Peak resident memory of this process (Linux `VmHWM`), in MiB; 0 where unknown.
pub fn peak_rss_mb() -> f64 {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else { return 0.0 };
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_is_deterministic_and_shaped_like_articles() {
        let m = Model::train(
            [
                "Người được thi hành án có quyền yêu cầu cơ quan thi hành án dân sự tổ chức thi hành án. Thời hạn tự nguyện thi hành án là 10 ngày kể từ ngày nhận được quyết định.",
            ],
            ["Thời hạn tự nguyện thi hành án"],
        );
        let a = m.article(&mut Rng::new(7), 3);
        let b = m.article(&mut Rng::new(7), 3);
        assert_eq!(a, b);
        assert_eq!(a.label, "Điều 3");
        assert!(!a.paragraphs.is_empty());
    }
}
