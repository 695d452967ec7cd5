//! Retrieval quality, measured: recall@10 and MRR@10 of the full ranking beside a plain BM25
//! baseline (and the steps between, so each part's gain is measured, not assumed), in one run.
//!
//! Two development sets from `../shared/data`:
//! - **natural questions** — Zalo questions (`alqac2025/additional_data/zalo/zalo_question.json`)
//!   whose gold law is one of the 18 documents of `alqac2026/corpus_law_pub.json`;
//! - **statements** — `alqac2025/alqac25_train.json` against the `alqac2023` laws
//!   (`raw_V1/law.json` and `new_data_102023/legal_passages.json`, named laws);
//! - **natural questions against the whole library** and **held-out natural questions** (the other
//!   Zalo questions, nobody tuned on them) against everything in `../shared/data`;
//! - **consultations** — questions written the way people write to a lawyer (what happened, then
//!   what they ask), ours, in `samples/cau-hoi-tu-van.json` (looked at while building) and
//!   `samples/cau-hoi-tu-van-kiem-tra.json` (written before a change and not looked at while making
//!   it), against the whole library. The Zalo questions are one short sentence each.
//!
//! Each corpus is imported into a fresh library in a temporary directory and indexed there.

use crate::find::{Mode, Request, Weights};
use crate::{NoProgress, Search, SearchError};
use library::Library;
use library::adapters::Format;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use store::audit::Actor;

/// One question with its gold articles: (document key, article number).
#[derive(Debug, Clone)]
pub struct Question {
    pub text: String,
    pub gold: Vec<(DocKey, String)>,
}

/// How a gold document is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocKey {
    /// Số hiệu key (`91/2015/QH13`).
    Number(String),
    /// Folded law name without its year (`luat giao duc`).
    Name(String),
}

impl DocKey {
    fn matches(&self, document: &str) -> bool {
        match self {
            DocKey::Number(k) => lex::number::key(document) == *k,
            DocKey::Name(n) => name_key(document) == *n,
        }
    }
}

/// A law name's key: folded, without a trailing year (`Bộ Luật Dân sự 2015` → `bo luat dan su`).
fn name_key(name: &str) -> String {
    let mut words: Vec<String> = crate::analyze::syllables(name).into_iter().map(|s| s.fold).collect();
    crate::analyze::pop_year(&mut words);
    words.join(" ")
}

/// A development set: the corpus to import and the questions.
#[derive(Debug, Clone)]
pub struct DevSet {
    pub name: &'static str,
    /// Files (or folders) imported to build the corpus.
    pub corpus: Vec<PathBuf>,
    /// None: detect (a whole data folder).
    pub format: Option<Format>,
    pub questions: Vec<Question>,
    /// Keep only questions whose gold articles are all in the index (a corpus not built for them).
    pub answerable_only: bool,
}

#[derive(Deserialize)]
struct GoldArticle {
    law_id: String,
    article_id: String,
}

#[derive(Deserialize)]
struct RawQuestion {
    text: String,
    relevant_articles: Vec<GoldArticle>,
}

impl RawQuestion {
    /// A question whose gold laws are named by số hiệu (the Zalo set).
    fn by_number(self) -> Question {
        let gold = self
            .relevant_articles
            .iter()
            .map(|a| (DocKey::Number(lex::number::key(&a.law_id)), a.article_id.trim().to_string()))
            .collect();
        Question { text: self.text, gold }
    }
}

#[derive(Deserialize)]
struct CorpusLaw {
    law_id: String,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, SearchError> {
    let text = std::fs::read_to_string(path).map_err(|e| SearchError::Io(path.display().to_string(), e))?;
    serde_json::from_str(&text).map_err(|e| SearchError::Invalid(format!("{}: {e}", path.display())))
}

/// The natural-questions set (Zalo questions on the 18 laws of ALQAC 2026).
pub fn natural_questions(data: &Path) -> Result<DevSet, SearchError> {
    let corpus = data.join("alqac2026/corpus_law_pub.json");
    let laws: Vec<CorpusLaw> = read_json(&corpus)?;
    let keys: Vec<String> = laws.iter().map(|l| lex::number::key(&l.law_id)).collect();
    let raw: Vec<RawQuestion> = read_json(&data.join("alqac2025/additional_data/zalo/zalo_question.json"))?;
    let questions = raw
        .into_iter()
        .filter(|q| !q.relevant_articles.is_empty())
        .filter(|q| q.relevant_articles.iter().all(|a| keys.contains(&lex::number::key(&a.law_id))))
        .map(RawQuestion::by_number)
        .collect();
    Ok(DevSet {
        name: "natural questions (Zalo → ALQAC 2026 laws)",
        corpus: vec![corpus],
        format: Some(Format::CorpusLawPub),
        questions,
        answerable_only: false,
    })
}

/// The natural questions against the whole library built from `data`, where their 18 laws carry
/// article headings (from the official texts) among thousands of other documents.
pub fn natural_in_library(data: &Path) -> Result<DevSet, SearchError> {
    let mut set = natural_questions(data)?;
    set.name = "natural questions (Zalo → the whole library)";
    set.corpus = vec![data.to_path_buf()];
    set.format = None;
    set.answerable_only = true;
    Ok(set)
}

/// The held-out set: the other Zalo questions (gold law not among the 18), against the whole
/// library built from `data` — questions nobody tuned on, on a corpus of thousands of documents.
/// Only questions whose gold articles are all in the library count.
pub fn held_out(data: &Path) -> Result<DevSet, SearchError> {
    let laws: Vec<CorpusLaw> = read_json(&data.join("alqac2026/corpus_law_pub.json"))?;
    let dev: Vec<String> = laws.iter().map(|l| lex::number::key(&l.law_id)).collect();
    let raw: Vec<RawQuestion> = read_json(&data.join("alqac2025/additional_data/zalo/zalo_question.json"))?;
    let questions = raw
        .into_iter()
        .filter(|q| !q.relevant_articles.is_empty())
        .filter(|q| !q.relevant_articles.iter().all(|a| dev.contains(&lex::number::key(&a.law_id))))
        .map(RawQuestion::by_number)
        .collect();
    Ok(DevSet {
        name: "held-out natural questions (Zalo, other laws → the whole library)",
        corpus: vec![data.to_path_buf()],
        format: None,
        questions,
        answerable_only: true,
    })
}

/// The question sets by the name `tuphap eval retrieval --set` takes, in the order a full run
/// measures them.
pub const SETS: &[&str] = &["natural", "statements", "library", "held-out", "consultations", "consultations-test"];

/// The set called `name` (one of [`SETS`]; None for any other name), its corpus read from `data`.
pub fn set(name: &str, data: &Path) -> Result<Option<DevSet>, SearchError> {
    Ok(Some(match name {
        "natural" => natural_questions(data)?,
        "statements" => statements(data)?,
        "library" => natural_in_library(data)?,
        "held-out" => held_out(data)?,
        "consultations" => consultations(data, false)?,
        "consultations-test" => consultations(data, true)?,
        _ => return Ok(None),
    }))
}

/// Consultations written for development (`samples/cau-hoi-tu-van.json`).
const CONSULTATIONS: &str = include_str!("../../../samples/cau-hoi-tu-van.json");
/// Consultations kept for testing (`samples/cau-hoi-tu-van-kiem-tra.json`).
const CONSULTATIONS_TEST: &str = include_str!("../../../samples/cau-hoi-tu-van-kiem-tra.json");

/// The consultations (see the module docs) against the whole library built from `data`: the
/// development questions, or (`test`) the ones kept for testing.
pub fn consultations(data: &Path, test: bool) -> Result<DevSet, SearchError> {
    let (json, name) = match test {
        false => (CONSULTATIONS, "consultations (what happened, then the question → the whole library)"),
        true => (CONSULTATIONS_TEST, "consultations kept for testing (→ the whole library)"),
    };
    let raw: Vec<RawQuestion> = serde_json::from_str(json).map_err(|e| SearchError::Invalid(format!("{name}: {e}")))?;
    Ok(DevSet {
        name,
        corpus: vec![data.to_path_buf()],
        format: None,
        questions: raw.into_iter().map(RawQuestion::by_number).collect(),
        answerable_only: true,
    })
}

/// The statements set (ALQAC 2025 train against the ALQAC 2023 laws).
pub fn statements(data: &Path) -> Result<DevSet, SearchError> {
    // The 2023 corpora: 16 laws (`raw_V1/law.json`) and 18 (`legal_passages.json`); together they
    // hold every gold article of the set.
    let corpus =
        vec![data.join("alqac2023/raw_V1/law.json"), data.join("alqac2023/new_data_102023/legal_passages.json")];
    let raw: Vec<RawQuestion> = read_json(&data.join("alqac2025/alqac25_train.json"))?;
    let questions = raw
        .into_iter()
        .filter(|q| !q.relevant_articles.is_empty())
        .map(|q| Question {
            text: q.text,
            gold: q
                .relevant_articles
                .iter()
                .map(|a| (DocKey::Name(name_key(&a.law_id)), a.article_id.trim().to_string()))
                .collect(),
        })
        .collect();
    Ok(DevSet {
        name: "statements (ALQAC 2025 train → ALQAC 2023 laws)",
        corpus,
        format: Some(Format::Alqac),
        questions,
        answerable_only: false,
    })
}

/// Recall@10 and MRR@10.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Metrics {
    pub recall_at_10: f64,
    pub mrr_at_10: f64,
}

/// One configuration's result on a set.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub ranking: String,
    pub metrics: Metrics,
}

/// One set's report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub set: String,
    pub questions: usize,
    pub articles: u64,
    pub rows: Vec<Row>,
}

/// Rows whose questions are typed the way many people type them: lower case, without diacritics
/// (`thoi han tu nguyen thi hanh an`).
pub const TYPED_BARE: &str = "typed without diacritics: ";

/// The word-vector weight measured beside tuphap when it is off (the best of 0.3 / 0.6 / 1.0 /
/// 2.0 on the natural set).
pub const MEASURED_DENSE: f32 = 0.6;

/// The rankings compared: plain BM25, then each part of the analysis added in turn; last, the
/// word vectors, measured but off by default.
pub fn configurations(full: Weights) -> Vec<(&'static str, Mode, Weights)> {
    let unigrams = Weights {
        bigram: 0.0,
        heading: 0.0,
        heading_bigram: 0.0,
        title: 0.0,
        title_bigram: 0.0,
        exact: 0.0,
        fold_backoff: 1.0,
        expansion: 0.0,
        restate: false,
        clause: 0.0,
        defines: 0.0,
        dense: 0.0,
        collapse: false,
        ..full
    };
    let with_exact = Weights { exact: full.exact, fold_backoff: full.fold_backoff, ..unigrams };
    let with_bigrams = Weights { bigram: full.bigram, ..with_exact };
    let with_fields =
        Weights { expansion: 0.0, restate: false, clause: 0.0, defines: 0.0, dense: 0.0, collapse: false, ..full };
    let with_expansion = Weights { clause: 0.0, defines: 0.0, dense: 0.0, collapse: false, ..full };
    let with_clauses = Weights { defines: 0.0, dense: 0.0, collapse: false, ..full };
    let with_definitions = Weights { dense: 0.0, collapse: false, ..full };
    let dense = if full.dense > 0.0 { full.dense } else { MEASURED_DENSE };
    let with_vectors = Weights { dense, ..full };
    vec![
        ("plain BM25 (baseline)", Mode::Baseline, full),
        ("+ Vietnamese analysis (folded syllables only, boilerplate, stopwords)", Mode::Full, unigrams),
        ("+ exact syllables decide when typed with diacritics", Mode::Full, with_exact),
        ("+ syllable bigrams", Mode::Full, with_bigrams),
        ("+ heading and title fields", Mode::Full, with_fields),
        ("+ expansion (everyday → statutory words, numbers)", Mode::Full, with_expansion),
        ("+ clause-level evidence (the best clause's BM25)", Mode::Full, with_clauses),
        ("+ definitions (the term a question asks the meaning of, where it is defined)", Mode::Full, with_definitions),
        ("+ one hit per wording (duplicates across documents collapsed) = tuphap", Mode::Full, full),
        ("tuphap + word vectors trained on the library (search::embed; off by default)", Mode::Full, with_vectors),
    ]
}

/// Evaluate a set: import its corpus into a fresh library under `work`, index it, run every
/// configuration.
/// `also`: further rankings measured beside (a name, the full ranking's weights with some changed).
pub async fn evaluate(
    set: &DevSet,
    work: &Path,
    weights: Weights,
    also: &[(String, Weights)],
    misses: bool,
) -> Result<Report, SearchError> {
    let db = store::Db::open(&work.join("db"), None).await.map_err(library::LibraryError::from)?;
    let lib = Library::open(db).await?;
    lib.import(&set.corpus, set.format, &Actor::system_cli(), &library::import::NoProgress).await?;
    let search = Search::open(&work.join("index"), &lib).await?.with_training(crate::embed::Training::default());
    search.sync(&lib, &NoProgress).await?;
    let questions: Vec<&Question> = if set.answerable_only {
        let units = search.unit_keys()?;
        set.questions
            .iter()
            .filter(|q| {
                q.gold.iter().all(|(doc, art)| match doc {
                    DocKey::Number(k) => units.contains(&(k.clone(), format!("art_{}", art.to_lowercase()))),
                    DocKey::Name(_) => false,
                })
            })
            .collect()
    } else {
        set.questions.iter().collect()
    };
    let at = library::today();
    let mut rows = vec![];
    // (name, mode, weights, questions typed without diacritics)
    let mut configs: Vec<(String, Mode, Weights, bool)> =
        configurations(weights).into_iter().map(|(name, mode, w)| (name.to_string(), mode, w, false)).collect();
    configs.extend(also.iter().map(|(name, w)| (format!("also: {name}"), Mode::Full, *w, false)));
    configs.push((format!("{TYPED_BARE}plain BM25"), Mode::Baseline, weights, true));
    configs.push((format!("{TYPED_BARE}tuphap"), Mode::Full, weights, true));
    let last = configs.iter().position(|(name, ..)| name.ends_with("= tuphap")).unwrap_or(configs.len() - 1);
    for (i, (name, mode, weights, bare)) in configs.into_iter().enumerate() {
        let mut recall = 0.0;
        let mut mrr = 0.0;
        for q in &questions {
            let text = if bare { lex::normalize::fold_key(&q.text) } else { q.text.clone() };
            let mut req = Request::new(&text, at);
            req.mode = mode;
            req.weights = weights;
            req.limit = 10;
            let hits = search.search(&req)?.hits;
            let hit_is = |h: &crate::Hit, (doc, art): &(DocKey, String)| {
                doc.matches(&h.document) && h.eid == format!("art_{}", art.to_lowercase())
            };
            let found = q.gold.iter().filter(|g| hits.iter().any(|h| hit_is(h, g))).count();
            let is_gold = |h: &crate::Hit| q.gold.iter().any(|g| hit_is(h, g));
            recall += found as f64 / q.gold.len() as f64;
            let first = hits.iter().position(is_gold);
            if let Some(rank) = first {
                mrr += 1.0 / (rank + 1) as f64;
            }
            if misses && i == last && (found < q.gold.len() || first != Some(0)) {
                let gold: Vec<String> = q.gold.iter().map(|(d, a)| format!("{d:?} Điều {a}")).collect();
                let top: Vec<String> =
                    hits.iter().take(5).map(|h| format!("{} {}. {}", h.document, h.label, h.heading)).collect();
                let verdict = match first {
                    Some(rank) if found == q.gold.len() => format!("RANK {}", rank + 1),
                    Some(rank) => format!("PART {}", rank + 1),
                    None => "MISS".to_string(),
                };
                eprintln!(
                    "{verdict} {}
  gold: {}
  top: {}",
                    q.text,
                    gold.join("; "),
                    top.join(" | ")
                );
            }
        }
        let n = questions.len().max(1) as f64;
        rows.push(Row { ranking: name, metrics: Metrics { recall_at_10: recall / n, mrr_at_10: mrr / n } });
    }
    Ok(Report { set: set.name.to_string(), questions: questions.len(), articles: search.units(), rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_set_has_a_name() {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
        if !data.exists() {
            eprintln!("SKIP: {} is absent", data.display());
            return;
        }
        for name in SETS {
            assert!(set(name, &data).unwrap().is_some(), "{name}");
        }
        assert!(set("naturals", &data).unwrap().is_none());
    }

    #[test]
    fn the_consultations_name_their_gold_by_number() {
        for (test, count) in [(false, 24), (true, 16)] {
            let set = consultations(Path::new("../shared/data"), test).unwrap();
            assert_eq!(set.questions.len(), count, "{}", set.name);
            for q in &set.questions {
                assert!(!q.gold.is_empty(), "{}", q.text);
                assert!(
                    q.gold
                        .iter()
                        .all(|(d, a)| matches!(d, DocKey::Number(k) if k.contains('/')) && a.parse::<u32>().is_ok())
                );
            }
        }
    }
}
