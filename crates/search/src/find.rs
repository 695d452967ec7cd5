//! Finding and ranking: BM25 over the analysed fields, then what the library knows.
//!
//! Scoring, in order of decisiveness:
//! 0. a cited provision (`Điều 357 BLDS`, `khoản 2 điều 468 bộ luật dân sự`) puts its article
//!    first ([`cited_articles`]);
//! 1. a document number in the query pins its document(s): only their articles are searched (all
//!    of them in order when the query is only the number);
//! 2. BM25 (tantivy) summed over fields — folded syllables, exact syllables (so a query typed with
//!    diacritics prefers the exact spelling), bigrams of adjacent syllables (the stand-in for
//!    Vietnamese words), the article heading and the document title — with an abbreviation's
//!    document (`BLDS` → Bộ luật Dân sự) boosted;
//!    syllables found in more than 5 % of articles are scored on the candidates instead of searched
//!    ([`split_common`]), which keeps long questions fast at a million articles;
//! 3. clause-level evidence: the top candidates' best clause adds its own BM25 ([`crate::clause`]);
//!    a question asking what a term means lifts the articles that define it ([`with_definitions`]);
//! 4. status on the query date: an article of a document not in force on that date is scored
//!    down (never removed), so an in-force article that matches as well comes first;
//! 5. one hit per wording: the same article in several documents is shown once
//!    ([`collapse_duplicates`]).

use crate::SearchError;
use crate::analyze;
use crate::catalog::Catalog;
use crate::clause::ClauseQuery;
use crate::embed::{self, Model};
use crate::index::{Fields, filter_key};
use crate::query::{self, Query};
use lex::Date;
use lex::status::Status;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Bound;
use tantivy::collector::TopDocs;
use tantivy::columnar::{Column, DynamicColumn, HasAssociatedColumnType};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Occur, Query as _, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

/// How to rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The full ranking.
    #[default]
    Full,
    /// Plain BM25 over heading and body with tantivy's default tokenizer: the baseline.
    Baseline,
}

/// Field weights of the full ranking (measured in `docs/benchmarks.md`).
#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Weights {
    /// Folded syllables of a query typed without diacritics.
    pub fold: f32,
    /// Folded syllables of a query typed with diacritics (a backoff: the exact form decides).
    pub fold_backoff: f32,
    /// Exact syllables of a query typed with diacritics.
    pub exact: f32,
    pub bigram: f32,
    pub heading: f32,
    pub heading_bigram: f32,
    pub title: f32,
    pub title_bigram: f32,
    pub named_document: f32,
    /// The term a question asks the meaning of: each article defining it gains this share of the
    /// best candidate's score, times the key's share of the term (see [`with_definitions`]; 0: off).
    pub defines: f32,
    /// Statutory words for everyday words and numbers (see [`crate::expand`]).
    pub expansion: f32,
    /// The asker's situation restated in the statute's words (see [`crate::expand::RESTATED`]).
    pub restate: bool,
    /// Pseudo-relevance feedback: weight of the terms taken from the top articles (0: off).
    pub feedback: f32,
    /// How many top articles feed back, and how many terms they give.
    pub feedback_docs: usize,
    pub feedback_terms: usize,
    /// Clause-level evidence: weight of the best line's BM25 (see [`crate::clause`]; 0: off).
    pub clause: f32,
    /// How many top candidates are scored again on their best clause.
    pub clause_depth: usize,
    /// Share of all articles above which a syllable is not searched but scored on the
    /// candidates (see [`split_common`]; 1: never).
    pub common: f32,
    /// Word vectors: weight of the cosine between question and article (see [`with_vectors`];
    /// 0: off), times the best candidate's score. Off: measured, it lowers the held-out set
    /// (`docs/benchmarks.md`).
    pub dense: f32,
    /// One hit per wording (see [`collapse_duplicates`]).
    pub collapse: bool,
    /// Only the wordings of the query's date (see [`on_the_date`]). Off only to measure what the
    /// filter costs (`tuphap eval scale --weights '{"dated": false}'`).
    pub dated: bool,
}

impl Default for Weights {
    fn default() -> Weights {
        Weights {
            fold: 1.0,
            fold_backoff: 0.3,
            exact: 1.0,
            bigram: 1.0,
            heading: 0.6,
            heading_bigram: 1.0,
            title: 0.15,
            title_bigram: 0.3,
            named_document: 6.0,
            defines: 0.5,
            expansion: 0.4,
            restate: true,
            feedback: 0.0,
            feedback_docs: 5,
            feedback_terms: 10,
            clause: 0.6,
            clause_depth: 50,
            common: 0.05,
            dense: 0.0,
            collapse: true,
            dated: true,
        }
    }
}

/// A search request.
#[derive(Debug, Clone)]
pub struct Request {
    pub query: String,
    pub limit: usize,
    pub offset: usize,
    /// Status is computed on this date.
    pub at: Date,
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub year: Option<i64>,
    pub status: Option<Status>,
    pub mode: Mode,
    pub weights: Weights,
}

impl Request {
    pub fn new(query: &str, at: Date) -> Request {
        Request {
            query: query.to_string(),
            limit: 10,
            offset: 0,
            at,
            doc_type: None,
            issuer: None,
            year: None,
            status: None,
            mode: Mode::Full,
            weights: Weights::default(),
        }
    }
}

/// One hit: an article.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Số hiệu, or the Work's name when it has none.
    pub document: String,
    pub title: Option<String>,
    pub eid: String,
    /// `Điều 19`.
    pub label: String,
    pub heading: String,
    pub score: f32,
    /// The best-matching clause (or paragraph), shortened.
    pub snippet: String,
    /// Matched words in `snippet`, as character ranges `[start, end)`.
    pub highlights: Vec<(usize, usize)>,
    /// The clause the snippet is from (`khoản 2`), if numbered.
    pub clause: Option<String>,
    pub status: Status,
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub year: Option<i64>,
    /// Other documents holding the same wording (one hit stands for all; see [`collapse_duplicates`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_in: Vec<String>,
}

/// Counts by facet over the candidates.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    #[serde(rename = "type")]
    pub doc_type: BTreeMap<String, usize>,
    pub issuer: BTreeMap<String, usize>,
    pub year: BTreeMap<i64, usize>,
    pub status: BTreeMap<String, usize>,
}

/// Hits with the facets of all candidates.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// Candidates considered (after filters), ≥ hits.
    pub candidates: usize,
    pub facets: Facets,
    /// Documents the query named by number or abbreviation.
    pub named: Vec<String>,
}

/// How many candidates are reranked.
const CANDIDATES: usize = 300;

/// Upper bound on query length (characters): longer input is cut.
pub const MAX_QUERY_CHARS: usize = 2000;

/// Status factor: an article of a document not in force on the date is scored down.
fn status_factor(s: Status) -> f32 {
    match s {
        Status::InForce => 1.0,
        Status::NotYetInForce => 0.7,
        Status::Suspended => 0.6,
        Status::Repealed | Status::Expired => 0.5,
    }
}

pub fn search(
    searcher: &Searcher,
    f: &Fields,
    catalog: &Catalog,
    model: Option<&Model>,
    req: &Request,
) -> Result<Results, SearchError> {
    let text: String = req.query.chars().take(MAX_QUERY_CHARS).collect();
    let q = query::parse_with(&text, req.weights.restate);
    let pinned: Vec<i64> = q.numbers.iter().flat_map(|n| catalog.resolve_number(n)).collect();
    let named: Vec<i64> = q.titles.iter().flat_map(|t| catalog.resolve_title(t).into_iter().take(3)).collect();
    let want = (req.offset + req.limit).max(1);
    let pool = CANDIDATES.max(want * 3);

    // Only numbers, or only a document's name: its articles in order, not ranked.
    let listed = only_documents(catalog, &q, &pinned, req.at);
    let in_order = listed.is_some();
    let scored: Vec<(f32, DocAddress)> = if req.mode == Mode::Baseline {
        let parser = QueryParser::for_index(searcher.index(), vec![f.plain]);
        let (parsed, _errors) = parser.parse_query_lenient(&sanitize_for_parser(&text));
        searcher.search(&with_filters(parsed, filter_clauses(f, req)), &TopDocs::with_limit(pool).order_by_score())?
    } else if let Some(listed) = &listed {
        // Only a number, or only a document's name: the documents' articles, in order.
        let mut out = vec![];
        for (rank, id) in listed.iter().enumerate() {
            let by_work: Box<dyn tantivy::query::Query> =
                Box::new(TermQuery::new(Term::from_field_u64(f.work, *id as u64), IndexRecordOption::Basic));
            // The first articles by position: a code has more articles than the pool.
            let in_order = TopDocs::with_limit(pool).order_by_u64_field("ord", tantivy::Order::Asc);
            let docs = searcher.search(&with_filters(by_work, filter_clauses(f, req)), &in_order)?;
            let base = 1000.0 - rank as f32;
            out.extend(docs.into_iter().enumerate().map(|(i, (_, a))| (base - i as f32 * 0.001, a)));
        }
        out
    } else {
        let run = |q: &Query,
                   expansion: &[(String, f32)],
                   pool: usize|
         -> Result<Vec<(f32, DocAddress)>, SearchError> {
            let terms = weighted_terms(f, q, expansion, &req.weights);
            let (searched, deferred) = split_common(searcher, f, terms, &req.weights)?;
            let Some(lexical) = lexical_query(searcher, f, &searched, &req.weights, &named)? else {
                return Ok(vec![]);
            };
            // Always one Must clause (and the pinned documents): tantivy then scores the union of
            // term scorers exhaustively in buffered blocks. Given to tantivy bare, the union would
            // be ranked with block-max WAND, which is slower on questions of dozens of terms:
            // measured at 1M articles, p99 502 ms against 48 ms (docs/benchmarks.md).
            let mut clauses = vec![(Occur::Must, lexical)];
            if !pinned.is_empty() {
                let works: Vec<(Occur, Box<dyn tantivy::query::Query>)> = pinned
                    .iter()
                    .map(|id| {
                        let t: Box<dyn tantivy::query::Query> = Box::new(TermQuery::new(
                            Term::from_field_u64(f.work, *id as u64),
                            IndexRecordOption::Basic,
                        ));
                        (Occur::Should, t)
                    })
                    .collect();
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(works))));
            }
            let query: Box<dyn tantivy::query::Query> = Box::new(BooleanQuery::new(clauses));
            let mut found = searcher
                .search(&with_filters(query, chosen_filters(f, req)), &TopDocs::with_limit(pool).order_by_score())?;
            if req.weights.dated {
                let spans = Spans::new(searcher);
                found.retain(|(_, addr)| spans.hold(*addr, req.at));
            }
            add_deferred(searcher, found, &deferred)
        };
        let w = &req.weights;
        if w.feedback > 0.0 && w.feedback_docs > 0 {
            let first = run(&q, &[], w.feedback_docs)?;
            let expansion = feedback_terms(searcher, f, &q, &first, w.feedback_terms)?;
            run(&q, &expansion, pool)?
        } else {
            run(&q, &[], pool)?
        }
    };

    let scored = if req.mode == Mode::Full && req.weights.clause > 0.0 && !q.terms.is_empty() && !in_order {
        with_clause_evidence(searcher, f, &q, scored, &req.weights)?
    } else {
        scored
    };
    let scored = if req.mode == Mode::Full && req.weights.defines > 0.0 && !q.defines.is_empty() && !in_order {
        with_definitions(searcher, f, &q, scored, req.weights.defines)?
    } else {
        scored
    };
    let scored = match model {
        Some(m) if req.mode == Mode::Full && req.weights.dense > 0.0 && !q.terms.is_empty() && !in_order => {
            with_vectors(searcher, f, m, &q, scored, req.weights.dense)
        }
        _ => scored,
    };

    // Rerank by status on the date; apply the status filter.
    let mut ranked: Vec<(f32, DocAddress, i64, Status)> = vec![];
    let works = FastU64::new(searcher, "work");
    for (score, addr) in scored {
        let work = works.get(addr).unwrap_or(0) as i64;
        let Some(w) = catalog.get(work) else { continue };
        let status = w.status_at(req.at);
        if req.status.is_some_and(|s| s != status) {
            continue;
        }
        let factor = if req.mode == Mode::Baseline { 1.0 } else { status_factor(status) };
        ranked.push((score * factor, addr, work, status));
    }
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let hashes = FastU64::new(searcher, "text_hash");
    let cited = if req.mode == Mode::Full {
        let documents: Vec<i64> = pinned.iter().chain(&named).copied().collect();
        cited_articles(searcher, f, catalog, &q, &documents, &hashes, req)?
    } else {
        vec![]
    };
    let cited_also = take_cited(&cited, &mut ranked, &hashes);
    let ranked = if req.mode == Mode::Full && req.weights.collapse && !in_order {
        collapse_duplicates(ranked, &hashes, catalog)
    } else {
        ranked.into_iter().map(|c| (c, vec![])).collect()
    };
    let clauses: Vec<(DocAddress, String)> =
        cited.iter().filter_map(|(c, clause)| Some((c.1, clause.clone()?))).collect();
    // A cited article without a clause is shown from its start, as a reader opens it.
    let opened: HashSet<DocAddress> = cited.iter().filter(|(_, clause)| clause.is_none()).map(|(c, _)| c.1).collect();
    let ranked: Vec<(Candidate, Vec<i64>)> = cited.into_iter().map(|(c, _)| c).zip(cited_also).chain(ranked).collect();
    let candidates = ranked.len();
    // Facets count what is listed: the candidates after one hit per wording, as the total does.
    let mut facets = Facets::default();
    for ((_, _, work, status), _) in &ranked {
        if let Some(w) = catalog.get(*work) {
            count_facets(&mut facets, w, *status);
        }
    }
    facets.doc_type = one_per_spelling(std::mem::take(&mut facets.doc_type));
    facets.issuer = one_per_spelling(std::mem::take(&mut facets.issuer));
    let folds: HashSet<String> = q.terms.iter().map(|t| t.fold.clone()).collect();
    let mut hits = Vec::with_capacity(req.limit);
    for ((score, addr, work, status), also) in ranked.into_iter().skip(req.offset).take(req.limit) {
        let Some(w) = catalog.get(work) else { continue };
        let doc: TantivyDocument = searcher.doc(addr)?;
        let text_of = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let body = text_of(f.body);
        let cited_clause = clauses.iter().find(|(a, _)| *a == addr).map(|(_, c)| c.as_str());
        let snip = match cited_clause {
            Some(c) => clause_snippet(&body, c, &folds, &q.bigrams),
            None if opened.contains(&addr) => opening_snippet(&body, &folds, &q.bigrams),
            None => None,
        }
        .unwrap_or_else(|| snippet(&body, &folds, &q.bigrams));
        hits.push(Hit {
            document: w.number.clone(),
            title: w.title.clone(),
            eid: text_of(f.eid),
            label: text_of(f.label),
            heading: text_of(f.heading),
            score,
            snippet: snip.text,
            highlights: snip.highlights,
            clause: snip.clause,
            status,
            doc_type: w.doc_type.clone(),
            issuer: w.issuer.clone(),
            year: w.year,
            also_in: also.iter().filter_map(|id| catalog.get(*id)).map(|w| w.number.clone()).collect(),
        });
    }
    let named = pinned.iter().chain(&named).filter_map(|id| catalog.get(*id)).map(|w| w.number.clone()).collect();
    Ok(Results { hits, candidates, facets, named })
}

/// The articles a query cites (`Điều 357 BLDS`), in citation order, each with the clause it cites:
/// scored above every other hit (1000, 999 …, like a document asked for by number alone) and
/// shown even where nothing else in the query matches them. A citation without a document
/// (`BLDS điều 468`) is looked up in the documents the query names elsewhere (`documents`). A
/// document named by title is the one of that title issued last on or before the query date
/// (`Bộ luật Dân sự` is the 2015 Code today).
fn cited_articles(
    searcher: &Searcher,
    f: &Fields,
    catalog: &Catalog,
    q: &Query,
    documents: &[i64],
    hashes: &FastU64,
    req: &Request,
) -> Result<Vec<(Candidate, Option<String>)>, SearchError> {
    let mut out: Vec<(Candidate, Option<String>)> = vec![];
    for c in &q.cited {
        let works: Vec<i64> = match &c.document {
            Some(query::CitedDocument::Number(n)) => catalog.resolve_number(n),
            Some(query::CitedDocument::Title(t)) => {
                latest_on(catalog, &catalog.resolve_title(t), req.at).into_iter().collect()
            }
            None => documents.to_vec(),
        };
        for work in works {
            let clauses: Vec<(Occur, Box<dyn tantivy::query::Query>)> = vec![
                (
                    Occur::Must,
                    Box::new(TermQuery::new(Term::from_field_u64(f.work, work as u64), IndexRecordOption::Basic)),
                ),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(Term::from_field_text(f.eid, &c.article), IndexRecordOption::Basic)),
                ),
            ];
            let query = with_filters(Box::new(BooleanQuery::new(clauses)), filter_clauses(f, req));
            let found = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
            let Some((_, addr)) = found.first() else { continue };
            let Some(w) = catalog.get(work) else { continue };
            let status = w.status_at(req.at);
            // One hit per wording: a copy of an article already cited is not cited again.
            let hash = hashes.get(*addr).filter(|h| *h != 0);
            let again = out.iter().any(|(k, _)| k.1 == *addr || (hash.is_some() && hashes.get(k.1) == hash));
            if req.status.is_some_and(|s| s != status) || again {
                continue;
            }
            let score = 1000.0 - out.len() as f32;
            out.push(((score, *addr, work, status), c.clause.clone()));
        }
    }
    Ok(out)
}

/// Take the cited articles and their copies in other documents (same wording) out of the
/// ranking: the cited ones are shown first, each with its copies' Works (its `also_in`).
fn take_cited(cited: &[(Candidate, Option<String>)], ranked: &mut Vec<Candidate>, hashes: &FastU64) -> Vec<Vec<i64>> {
    let mut also: Vec<Vec<i64>> = vec![vec![]; cited.len()];
    for (i, ((_, addr, work, _), _)) in cited.iter().enumerate() {
        let hash = hashes.get(*addr).filter(|h| *h != 0);
        let is_copy = |c: &Candidate| c.1 == *addr || (hash.is_some() && hashes.get(c.1) == hash);
        for c in ranked.iter().filter(|c| is_copy(c) && c.2 != *work) {
            if !also[i].contains(&c.2) {
                also[i].push(c.2);
            }
        }
        ranked.retain(|c| !is_copy(c));
    }
    also
}

/// The documents whose articles a query asks for in order: the pinned ones when it holds only
/// numbers; the one its title or name stands for on `at` when it is that and nothing else.
fn only_documents(catalog: &Catalog, q: &Query, pinned: &[i64], at: Date) -> Option<Vec<i64>> {
    if !pinned.is_empty() && q.terms.is_empty() {
        return Some(pinned.to_vec());
    }
    // The whole query is a document's title as the library has it (`luật dân quân tự vệ`).
    if let Some(t) = q.typed_title.as_ref().filter(|_| pinned.is_empty() && q.cited.is_empty())
        && let Some(id) = latest_on(catalog, &catalog.resolve_whole_title(t), at)
    {
        return Some(vec![id]);
    }
    if !pinned.is_empty() || !q.only_title {
        return None;
    }
    let title = q.titles.first()?;
    latest_on(catalog, &catalog.resolve_title(title), at).map(|id| vec![id])
}

/// Of the Works of one title, the one a citation of that title means on `at`: the one issued
/// last on or before the date (`Bộ luật Dân sự` is the 2015 Code today), with a số hiệu rather
/// than a copy named by its title only.
fn latest_on(catalog: &Catalog, works: &[i64], at: Date) -> Option<i64> {
    let at = at.to_string();
    let preference = |id: &i64| {
        let w = catalog.get(*id);
        let issued = w.and_then(|w| w.issued.clone()).filter(|d| *d <= at);
        (issued, w.is_some_and(|w| w.has_number))
    };
    // The first of the best (`max_by_key` would keep the last).
    let best = works.iter().fold(None, |best: Option<&i64>, id| match best {
        Some(b) if preference(b) >= preference(id) => Some(b),
        _ => Some(id),
    });
    best.copied()
}

/// Split the weighted terms into those searched and those deferred: syllables (in the body,
/// heading or title fields) found in more than `Weights::common` of all articles (`người`, `quy`,
/// `định`, `nghị` in every decree's title …). Their posting lists are the longest in the index and
/// their BM25 weight the smallest: searching them costs most of a long question's time at a
/// million articles, and they never decide alone which articles are candidates, because the
/// question's bigrams that hold them (`người_lao`, `quy_định`) are searched. So they are not
/// searched but scored afterwards on the candidates ([`add_deferred`]), which gives the
/// candidates the same score the full query would (measured: recall and MRR unchanged on every
/// set). Bigrams are never deferred: a common bigram may be the only thing an article shares with
/// the question (deferring them cost 0.026 recall on natural questions). A query made only of
/// common syllables searches them.
fn split_common(
    searcher: &Searcher,
    f: &Fields,
    terms: Vec<WeightedTerm>,
    w: &Weights,
) -> Result<(Vec<WeightedTerm>, Vec<WeightedTerm>), SearchError> {
    if w.common >= 1.0 || w.bigram <= 0.0 {
        // Without bigrams, nothing else would find a common syllable's articles.
        return Ok((terms, vec![]));
    }
    let limit = (searcher.num_docs() as f64 * w.common as f64) as u64;
    let (mut searched, mut deferred) = (vec![], vec![]);
    let unigram_fields = [f.t_fold, f.t_exact, f.h_fold, f.d_fold];
    for (term, boost) in terms {
        if unigram_fields.contains(&term.field()) && searcher.doc_freq(&term)? > limit {
            deferred.push((term, boost));
        } else {
            searched.push((term, boost));
        }
    }
    if searched.is_empty() {
        return Ok((deferred, vec![]));
    }
    Ok((searched, deferred))
}

/// The document type of a consolidated text (văn bản hợp nhất): it restates acts, so the act
/// itself is shown in its place.
const CONSOLIDATED_TEXT: &str = "Văn bản hợp nhất";

/// Add the BM25 of deferred terms (field term, boost) to the candidates that contain them, and
/// sort again. Each term's postings are read once per segment, skipping to the candidates.
fn add_deferred(
    searcher: &Searcher,
    mut scored: Vec<(f32, DocAddress)>,
    deferred: &[WeightedTerm],
) -> Result<Vec<(f32, DocAddress)>, SearchError> {
    if deferred.is_empty() || scored.is_empty() {
        return Ok(scored);
    }
    let mut order: Vec<usize> = (0..scored.len()).collect();
    order.sort_by_key(|&i| (scored[i].1.segment_ord, scored[i].1.doc_id));
    let mut weights = vec![];
    for (term, boost) in deferred {
        let query = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
        weights.push((query.weight(EnableScoring::enabled_from_searcher(searcher))?, *boost));
    }
    for (segment, reader) in searcher.segment_readers().iter().enumerate() {
        let in_segment: Vec<usize> =
            order.iter().copied().filter(|&i| scored[i].1.segment_ord as usize == segment).collect();
        if in_segment.is_empty() {
            continue;
        }
        for (weight, boost) in &weights {
            let mut scorer = weight.scorer(reader, *boost)?;
            for &i in &in_segment {
                let doc = scored[i].1.doc_id;
                if scorer.doc() < doc {
                    scorer.seek(doc);
                }
                if scorer.doc() == doc {
                    scored[i].0 += scorer.score();
                }
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(scored)
}

/// A ranked candidate: score, address, Work id, status on the date.
type Candidate = (f32, DocAddress, i64, Status);

/// One hit per wording. The same article often sits in several documents of the library — the
/// act itself, its consolidated text, a corpus copy without số hiệu — and would fill the first
/// page with one answer. Candidates with the same body fingerprint are grouped at the place of
/// the best-ranked one; the group is shown as its member in force on the date with a số hiệu that is
/// not a consolidated text (else the best-ranked by that preference), the others' Works listed beside it.
fn collapse_duplicates(ranked: Vec<Candidate>, hashes: &FastU64, catalog: &Catalog) -> Vec<(Candidate, Vec<i64>)> {
    let mut groups: Vec<(Candidate, Vec<Candidate>)> = vec![];
    let mut by_hash: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    for c in ranked {
        let hash = hashes.get(c.1).unwrap_or(0);
        match by_hash.get(&hash).filter(|_| hash != 0) {
            Some(&g) => groups[g].1.push(c),
            None => {
                by_hash.insert(hash, groups.len());
                groups.push((c, vec![]));
            }
        }
    }
    let preferred = |c: &Candidate| {
        let w = catalog.get(c.2);
        let numbered = w.is_some_and(|w| w.has_number);
        let consolidation = w.is_some_and(|w| w.doc_type.as_deref() == Some(CONSOLIDATED_TEXT));
        (c.3 == Status::InForce, numbered, !consolidation)
    };
    groups
        .into_iter()
        .map(|(first, rest)| {
            let best_score = first.0;
            let mut members = vec![first];
            members.extend(rest);
            // The first member with the highest preference (members are in rank order).
            let pick =
                (0..members.len()).fold(0, |b, i| if preferred(&members[i]) > preferred(&members[b]) { i } else { b });
            let mut shown = members.remove(pick);
            shown.0 = best_score;
            let mut others: Vec<i64> = vec![];
            for m in &members {
                if m.2 != shown.2 && !others.contains(&m.2) {
                    others.push(m.2);
                }
            }
            (shown, others)
        })
        .collect()
}

/// A field term with its boost.
type WeightedTerm = (Term, f32);

/// The weighted terms of the full ranking: each (field, text) once, with its summed boost.
fn weighted_terms(f: &Fields, q: &Query, expansion: &[(String, f32)], w: &Weights) -> Vec<WeightedTerm> {
    let mut out: Vec<WeightedTerm> = vec![];
    let mut add = |field, text: &str, boost: f32| {
        if boost <= 0.0 {
            return;
        }
        let term = Term::from_field_text(field, text);
        match out.iter_mut().find(|(t, _)| *t == term) {
            Some((_, b)) => *b += boost,
            None => out.push((term, boost)),
        }
    };
    let marked = q.terms.iter().any(|t| t.has_marks());
    for t in &q.terms {
        if marked {
            add(f.t_exact, &t.exact, w.exact);
            add(f.t_fold, &t.fold, w.fold_backoff);
        } else {
            add(f.t_fold, &t.fold, w.fold);
        }
        add(f.h_fold, &t.fold, w.heading);
        add(f.d_fold, &t.fold, w.title);
    }
    // The defining articles must be candidates: their key is searched at its share of the term
    // (scored at its idf, see `lexical_query`), and `with_definitions` lifts them among the rest.
    if w.defines > 0.0 {
        for (key, share) in &q.defines {
            add(f.k_fold, key, *share);
        }
    }
    for (term, weight) in expansion {
        add(f.t_fold, term, w.feedback * weight);
    }
    for t in &q.expansion.terms {
        add(f.t_fold, &t.fold, w.expansion);
    }
    for b in &q.expansion.bigrams {
        add(f.t_bi, b, w.expansion);
    }
    for b in &q.bigrams {
        add(f.t_bi, b, w.bigram);
        add(f.h_bi, b, w.heading_bigram);
        add(f.d_bi, b, w.title_bigram);
    }
    out
}

/// The lexical query of the full ranking: the sum of the terms' BM25 (a union of term scorers);
/// None when there is nothing to search for.
fn lexical_query(
    searcher: &Searcher,
    f: &Fields,
    terms: &[WeightedTerm],
    w: &Weights,
    named: &[i64],
) -> Result<Option<Box<dyn tantivy::query::Query>>, SearchError> {
    if terms.is_empty() {
        return Ok(None);
    }
    // Defined terms are a field few articles have: BM25's length normalisation against an
    // average near zero would make an interpretation article's long list count for almost
    // nothing, so a match scores its idf (what BM25 gives one occurrence at average length).
    let mut should: Vec<(Occur, Box<dyn tantivy::query::Query>)> = Vec::with_capacity(terms.len());
    for (term, boost) in terms {
        let query: Box<dyn tantivy::query::Query> = if term.field() == f.k_fold {
            let idf = crate::clause::idf(searcher.doc_freq(term)?, searcher.num_docs());
            let tq = Box::new(TermQuery::new(term.clone(), IndexRecordOption::Basic));
            Box::new(ConstScoreQuery::new(tq, boost * idf))
        } else {
            let tq = Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
            Box::new(BoostQuery::new(tq, *boost))
        };
        should.push((Occur::Should, query));
    }
    let lexical: Box<dyn tantivy::query::Query> = Box::new(BooleanQuery::new(should));
    if named.is_empty() {
        return Ok(Some(lexical));
    }
    // A document named by abbreviation: its articles get a constant bonus when they match.
    let mut clauses: Vec<(Occur, Box<dyn tantivy::query::Query>)> = vec![(Occur::Must, lexical)];
    for id in named {
        let t: Box<dyn tantivy::query::Query> =
            Box::new(TermQuery::new(Term::from_field_u64(f.work, *id as u64), IndexRecordOption::Basic));
        clauses.push((Occur::Should, Box::new(ConstScoreQuery::new(t, w.named_document))));
    }
    Ok(Some(Box::new(BooleanQuery::new(clauses))))
}

/// Add each top candidate's best-clause score (see [`crate::clause`]); candidates keep their order
/// beyond `clause_depth`.
fn with_clause_evidence(
    searcher: &Searcher,
    f: &Fields,
    q: &Query,
    mut scored: Vec<(f32, DocAddress)>,
    w: &Weights,
) -> Result<Vec<(f32, DocAddress)>, SearchError> {
    let df = |field, text: &str| searcher.doc_freq(&Term::from_field_text(field, text));
    let terms = q
        .terms
        .iter()
        .map(|t| Ok((t.fold.clone(), df(f.t_fold, &t.fold)?)))
        .collect::<Result<Vec<_>, SearchError>>()?;
    let bigrams = q.bigrams.iter().map(|b| Ok((b.clone(), df(f.t_bi, b)?))).collect::<Result<Vec<_>, SearchError>>()?;
    let cq = ClauseQuery::new(searcher.num_docs(), &terms, &bigrams);
    let depth = w.clause_depth.min(scored.len());
    for (score, addr) in scored.iter_mut().take(depth) {
        let doc: TantivyDocument = searcher.doc(*addr)?;
        let body = doc.get_first(f.body).and_then(|v| v.as_str()).unwrap_or("");
        *score += w.clause * cq.best_line(body);
    }
    scored[..depth].sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(scored)
}

/// Add to each candidate that defines the asked term `weight` × the key's share of the term × the
/// best candidate's score. A question asking what X means is answered by the article that says
/// what X is, however long its list of definitions and however many titles hold the words of X
/// (`Khái niệm gia đình` against the Luật Phòng, chống bạo lực gia đình): a bonus that scales with
/// the question's own scores lifts it the same on a small corpus and on the whole library, which
/// a constant does not (measured in `docs/benchmarks.md`).
fn with_definitions(
    searcher: &Searcher,
    f: &Fields,
    q: &Query,
    mut scored: Vec<(f32, DocAddress)>,
    weight: f32,
) -> Result<Vec<(f32, DocAddress)>, SearchError> {
    let top = scored.iter().map(|(s, _)| *s).fold(0.0f32, f32::max);
    let mut share_of: std::collections::HashMap<DocAddress, f32> = std::collections::HashMap::new();
    for (key, share) in &q.defines {
        let defining = TermQuery::new(Term::from_field_text(f.k_fold, key), IndexRecordOption::Basic);
        for addr in searcher.search(&defining, &tantivy::collector::DocSetCollector)? {
            let best = share_of.entry(addr).or_default();
            *best = best.max(*share);
        }
    }
    for (score, addr) in scored.iter_mut() {
        if let Some(share) = share_of.get(addr) {
            *score += weight * share * top;
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(scored)
}

/// Add to each candidate `weight` × the best candidate's score × the cosine between the
/// question's and the article's vectors ([`crate::embed`]): articles close in meaning rise among
/// the lexical candidates even where they share few of the question's words. Scaling by the best
/// score keeps the weight meaningful whatever the question's length.
fn with_vectors(
    searcher: &Searcher,
    f: &Fields,
    model: &Model,
    q: &Query,
    scored: Vec<(f32, DocAddress)>,
    weight: f32,
) -> Vec<(f32, DocAddress)> {
    let Some(question) = model.vector(&q.content) else { return scored };
    let top = scored.iter().map(|(s, _)| *s).fold(0.0f32, f32::max);
    let schema = searcher.schema();
    let lanes: Vec<FastU64> =
        f.vector.iter().map(|&field| FastU64::new(searcher, schema.get_field_name(field))).collect();
    scored
        .into_iter()
        .map(|(score, addr)| {
            let packed: [u64; embed::LANES] = std::array::from_fn(|i| lanes[i].get(addr).unwrap_or(0));
            (score + weight * top * embed::cosine(&question, &packed), addr)
        })
        .collect()
}

/// Pseudo-relevance feedback (RM3-style): the folded syllables most typical of the top articles
/// (term frequency in each, weighted by the article's score, times the syllable's IDF), excluding
/// the query's own and stopwords; weights normalised to the strongest.
fn feedback_terms(
    searcher: &Searcher,
    f: &Fields,
    q: &Query,
    top: &[(f32, DocAddress)],
    n: usize,
) -> Result<Vec<(String, f32)>, SearchError> {
    let Some(max_score) = top.first().map(|t| t.0).filter(|s| *s > 0.0) else { return Ok(vec![]) };
    let own: HashSet<&str> = q.terms.iter().map(|t| t.fold.as_str()).collect();
    let mut weight: std::collections::HashMap<String, f32> = std::collections::HashMap::new();
    for (score, addr) in top {
        let doc: TantivyDocument = searcher.doc(*addr)?;
        let body = doc.get_first(f.body).and_then(|v| v.as_str()).unwrap_or("");
        let syl = analyze::syllables(body);
        let len = syl.len().max(1) as f32;
        for s in &syl {
            if own.contains(s.fold.as_str()) || analyze::is_stopword(s, true) || s.fold.len() < 2 {
                continue;
            }
            if s.fold.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            *weight.entry(s.fold.clone()).or_default() += (score / max_score) / len;
        }
    }
    let mut scored: Vec<(String, f32)> = vec![];
    for (term, w) in weight {
        let df = searcher.doc_freq(&Term::from_field_text(f.t_fold, &term))?;
        scored.push((term, w * crate::clause::idf(df, searcher.num_docs())));
    }
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored.truncate(n);
    let top_weight = scored.first().map(|s| s.1).unwrap_or(1.0).max(f32::MIN_POSITIVE);
    Ok(scored.into_iter().map(|(t, w)| (t, w / top_weight)).collect())
}

type Clause = (Occur, Box<dyn tantivy::query::Query>);

/// Filter clauses: the wordings of the date, and the filters the user chose.
fn filter_clauses(f: &Fields, req: &Request) -> Vec<Clause> {
    let mut out: Vec<Clause> = if req.weights.dated { on_the_date(f, req.at) } else { vec![] };
    out.extend(chosen_filters(f, req));
    out
}

/// The filters the user chose (type, issuer, year) as Must term queries.
fn chosen_filters(f: &Fields, req: &Request) -> Vec<Clause> {
    let mut out: Vec<Clause> = vec![];
    let term = |field, text: &str| -> Box<dyn tantivy::query::Query> {
        Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::Basic))
    };
    if let Some(t) = req.doc_type.as_deref().filter(|s| !s.trim().is_empty()) {
        out.push((Occur::Must, term(f.doc_type, &filter_key(t))));
    }
    if let Some(i) = req.issuer.as_deref().filter(|s| !s.trim().is_empty()) {
        out.push((Occur::Must, term(f.issuer, &filter_key(i))));
    }
    if let Some(y) = req.year {
        out.push((Occur::Must, Box::new(TermQuery::new(Term::from_field_i64(f.year, y), IndexRecordOption::Basic))));
    }
    out
}

/// Leave out the wordings that do not apply on `at`: those that start after it and those that
/// ended on or before it (`valid_until` is the day after the last). Only the few units with a
/// bounded span have these terms (`index::Span`), so the two ranges read few postings. For the
/// queries of one document (a listing, a cited article). The ranked search filters its
/// candidates instead ([`Spans`]): an excluding clause would make tantivy score the union of
/// dozens of terms document by document, not in buffered blocks (measured at 1M articles:
/// +3.5 ms p50, +6 ms p99).
fn on_the_date(f: &Fields, at: Date) -> Vec<Clause> {
    let day = at.to_days();
    let later = RangeQuery::new(Bound::Excluded(Term::from_field_i64(f.valid_from, day)), Bound::Unbounded);
    let ended = RangeQuery::new(Bound::Unbounded, Bound::Included(Term::from_field_i64(f.valid_until, day)));
    vec![(Occur::MustNot, Box::new(later)), (Occur::MustNot, Box::new(ended))]
}

fn with_filters(q: Box<dyn tantivy::query::Query>, filters: Vec<Clause>) -> Box<dyn tantivy::query::Query> {
    if filters.is_empty() {
        return q;
    }
    let mut clauses = vec![(Occur::Must, q)];
    clauses.extend(filters);
    Box::new(BooleanQuery::new(clauses))
}

/// Keep the baseline's query parser from reading user text as query syntax.
fn sanitize_for_parser(s: &str) -> String {
    s.chars().map(|c| if c.is_alphanumeric() || c.is_whitespace() { c } else { ' ' }).collect()
}

/// The days of each unit's wording (`index::Span`), read from the columns.
struct Spans {
    from: Fast<i64>,
    until: Fast<i64>,
}

impl Spans {
    fn new(searcher: &Searcher) -> Spans {
        Spans { from: Fast::new(searcher, "valid_from"), until: Fast::new(searcher, "valid_until") }
    }

    /// Whether the unit's wording applies on `at` (an open end always does).
    fn hold(&self, addr: DocAddress, at: Date) -> bool {
        let day = at.to_days();
        self.from.get(addr).is_none_or(|from| from <= day) && self.until.get(addr).is_none_or(|until| day < until)
    }
}

/// A fast field of hits, read from the columns (no stored-document decompression).
struct Fast<T> {
    columns: Vec<Option<Column<T>>>,
}

type FastU64 = Fast<u64>;

impl<T> Fast<T>
where
    T: HasAssociatedColumnType,
    DynamicColumn: Into<Option<Column<T>>>,
{
    fn new(searcher: &Searcher, field: &str) -> Fast<T> {
        Fast {
            columns: searcher
                .segment_readers()
                .iter()
                .map(|r| r.fast_fields().column_opt::<T>(field).ok().flatten())
                .collect(),
        }
    }

    fn get(&self, addr: DocAddress) -> Option<T> {
        self.columns.get(addr.segment_ord as usize)?.as_ref()?.first(addr.doc_id)
    }
}

/// Facet values that differ only in case or diacritic placement (`Bộ Công Thương` / `Bộ Công
/// thương`, `Văn hoá` / `Văn hóa`, as the sources spell them) are one value: the filter matches
/// them alike ([`crate::index::filter_key`]). It is shown in its most frequent spelling.
fn one_per_spelling(counts: BTreeMap<String, usize>) -> BTreeMap<String, usize> {
    let mut groups: HashMap<String, (String, usize, usize)> = HashMap::new();
    for (value, n) in counts {
        let group = groups.entry(crate::index::filter_key(&value)).or_insert_with(|| (value.clone(), 0, 0));
        group.2 += n;
        if n > group.1 {
            (group.0, group.1) = (value, n);
        }
    }
    groups.into_values().map(|(value, _, total)| (value, total)).collect()
}

fn count_facets(facets: &mut Facets, w: &library::catalog::CatalogEntry, status: Status) {
    if let Some(t) = &w.doc_type {
        *facets.doc_type.entry(t.clone()).or_default() += 1;
    }
    if let Some(i) = &w.issuer {
        *facets.issuer.entry(i.clone()).or_default() += 1;
    }
    if let Some(y) = w.year {
        *facets.year.entry(y).or_default() += 1;
    }
    *facets.status.entry(status.as_str().to_string()).or_default() += 1;
}

/// A snippet: the best-matching line of an article, shortened around its first match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
    pub clause: Option<String>,
}

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 320;

/// Pick the line (clause, point or paragraph) with the most distinct query syllables and bigrams,
/// and mark the matching words.
pub fn snippet(body: &str, folds: &HashSet<String>, bigrams: &[String]) -> Snippet {
    let mut best: Option<(usize, &str)> = None;
    for line in body.lines().filter(|l| !l.trim().is_empty()) {
        let syl = analyze::syllables(line);
        let distinct: HashSet<&str> = syl.iter().map(|s| s.fold.as_str()).filter(|s| folds.contains(*s)).collect();
        let pairs =
            syl.windows(2).filter(|p| bigrams.iter().any(|b| *b == analyze::bigram(&p[0].fold, &p[1].fold))).count();
        let score = distinct.len() + 2 * pairs;
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, line));
        }
    }
    let Some((_, line)) = best else {
        return Snippet { text: String::new(), highlights: vec![], clause: None };
    };
    let clause =
        line.split_once(". ").map(|(n, _)| n).filter(|n| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty());
    let clause = clause.map(|n| format!("khoản {n}"));
    let chars: Vec<char> = line.chars().collect();
    let hits = marked_words(&chars, &word_spans(line), folds, bigrams);
    // Window of SNIPPET_CHARS characters starting a little before the first match.
    let first = hits.first().map(|h| h.0).unwrap_or(0);
    let start =
        if chars.len() <= SNIPPET_CHARS { 0 } else { first.saturating_sub(40).min(chars.len() - SNIPPET_CHARS) };
    let end = (start + SNIPPET_CHARS).min(chars.len());
    let mut text: String = chars[start..end].iter().collect();
    let shift = if start > 0 { 1 } else { 0 };
    if start > 0 {
        text.insert(0, '…');
    }
    if end < chars.len() {
        text.push('…');
    }
    let highlights = hits
        .into_iter()
        .filter(|(s, e)| *s >= start && *e <= end)
        .map(|(s, e)| (s - start + shift, e - start + shift))
        .collect();
    Snippet { text, highlights, clause }
}

/// The snippet of a cited clause: its line (`2. …`), the query's words marked; None if the
/// article has no such clause.
fn clause_snippet(body: &str, clause: &str, folds: &HashSet<String>, bigrams: &[String]) -> Option<Snippet> {
    let prefix = format!("{clause}. ");
    let line = body.lines().find(|l| l.trim_start().starts_with(&prefix))?;
    Some(snippet(line, folds, bigrams))
}

/// The snippet of an article's first line (its lead-in or clause 1), the query's words marked; None
/// for an empty article.
fn opening_snippet(body: &str, folds: &HashSet<String>, bigrams: &[String]) -> Option<Snippet> {
    let line = body.lines().find(|l| !l.trim().is_empty())?;
    Some(snippet(line, folds, bigrams))
}

/// The words of a line to highlight, as (start, end) character offsets. A query word is marked
/// where it stands alone or inside one of the query's bigrams, not where it forms another word with
/// a neighbouring query word: for `phạm vi`, `phạm vi` is marked and `vi phạm` is not.
fn marked_words(
    chars: &[char],
    words: &[(usize, usize, String)],
    folds: &HashSet<String>,
    bigrams: &[String],
) -> Vec<(usize, usize)> {
    let adjacent = |i: usize| chars[words[i].1..words[i + 1].0].iter().all(|c| c.is_whitespace());
    // (i, i + 1) adjacent, both query words: whether they make one of the query's bigrams.
    let pair = |i: usize| -> Option<bool> {
        let next = words.get(i + 1)?;
        (folds.contains(&words[i].2) && folds.contains(&next.2) && adjacent(i))
            .then(|| bigrams.contains(&analyze::bigram(&words[i].2, &next.2)))
    };
    let mut out = vec![];
    for (i, (start, end, fold)) in words.iter().enumerate() {
        if !folds.contains(fold) {
            continue;
        }
        let sides = [i.checked_sub(1).and_then(pair), pair(i)];
        let in_bigram = sides.contains(&Some(true));
        let in_other_word = sides.contains(&Some(false));
        if in_bigram || !in_other_word {
            out.push((*start, *end));
        }
    }
    out
}

/// Words of a line as (start, end) character offsets with their folded form.
fn word_spans(line: &str) -> Vec<(usize, usize, String)> {
    let mut out = vec![];
    let mut start: Option<usize> = None;
    let mut word = String::new();
    let mut n = 0;
    for (i, c) in line.chars().enumerate() {
        n = i + 1;
        if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) {
            if start.is_none() {
                start = Some(i);
            }
            word.push(c);
        } else if let Some(s) = start.take() {
            out.push((s, i, analyze::fold_word(&word.to_lowercase())));
            word.clear();
        }
    }
    if let Some(s) = start {
        out.push((s, n, analyze::fold_word(&word.to_lowercase())));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facet_values_spelt_differently_are_one() {
        let counts: BTreeMap<String, usize> =
            [("Bộ Công Thương", 7), ("Bộ Công thương", 2), ("Bộ Văn hoá, Thể thao", 1), ("Bộ Văn hóa, Thể thao", 3)]
                .into_iter()
                .map(|(v, n)| (v.to_string(), n))
                .collect();
        let merged = one_per_spelling(counts);
        assert_eq!(merged.len(), 2, "{merged:?}");
        assert_eq!(merged.get("Bộ Công Thương"), Some(&9));
        assert_eq!(merged.get("Bộ Văn hóa, Thể thao"), Some(&4));
    }

    #[test]
    fn snippet_picks_the_best_clause_and_marks_words() {
        let body = "1. Người được thi hành án có quyền yêu cầu.\n2. Thời hạn tự nguyện thi hành án là 10 ngày.";
        let folds: HashSet<String> = ["thoi", "han", "tu", "nguyen"].iter().map(|s| s.to_string()).collect();
        // The query `thời hạn tự nguyện` and its bigrams.
        let bigrams = ["thoi_han", "han_tu", "tu_nguyen"].map(String::from);
        let s = snippet(body, &folds, &bigrams);
        assert!(s.text.starts_with("2. Thời hạn"));
        assert_eq!(s.clause.as_deref(), Some("khoản 2"));
        let marked: Vec<String> =
            s.highlights.iter().map(|(a, b)| s.text.chars().skip(*a).take(b - a).collect()).collect();
        assert_eq!(marked, ["Thời", "hạn", "tự", "nguyện"]);
    }

    #[test]
    fn words_made_of_query_syllables_in_another_order_are_not_marked() {
        let folds: HashSet<String> = ["pham", "vi", "dieu", "chinh"].iter().map(|s| s.to_string()).collect();
        let bigrams = ["pham_vi".to_string(), "vi_dieu".to_string(), "dieu_chinh".to_string()];
        let body = "Người vi phạm phải chịu trách nhiệm trong phạm vi điều chỉnh; phạm tội.";
        let s = snippet(body, &folds, &bigrams);
        let marked: Vec<String> =
            s.highlights.iter().map(|(a, b)| s.text.chars().skip(*a).take(b - a).collect()).collect();
        // `vi phạm` (violate) is another word; `phạm` alone in `phạm tội` still counts.
        assert_eq!(marked, ["phạm", "vi", "điều", "chỉnh", "phạm"]);
    }
}
