//! The index on disk: schema, writing units, and keeping it in step with the library.
//!
//! Invariant: the index is derived. Everything in it comes from the library (the database) and
//! `rebuild` recreates it from nothing; `sync` re-indexes exactly the Works whose fingerprint
//! changed (new or re-imported sources, new amendments of them), and the fingerprints it indexed
//! are stored in the same tantivy commit as the documents, so a crash leaves either both or neither.
//!
//! Invariant: the index holds every wording of an article the library knows, each with the days it
//! applies ([`Span`]), and a query on a date sees only the wordings of that date (`find`). So the
//! index does not depend on the day it was built, and a search `--at` a past date ranks the text
//! `show --at` that date gives.

use crate::analyze;
use crate::define;
use crate::embed::{self, Corpus, Model};
use crate::unit::{Unit, units};
use crate::{SearchError, catalog::Catalog};
use lex::Date;
use library::Library;
use library::catalog::CatalogEntry;
use std::collections::HashMap;
use std::path::Path;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

/// Tantivy's whitespace tokenizer: the analysis is done by [`analyze`] before indexing.
const WHITESPACE: &str = "whitespace";

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub work: Field,
    pub eid: Field,
    pub ord: Field,
    pub label: Field,
    pub heading: Field,
    pub body: Field,
    /// Body syllables, exact (tone placement normalised).
    pub t_exact: Field,
    /// Body syllables, folded.
    pub t_fold: Field,
    /// Body bigrams, folded.
    pub t_bi: Field,
    pub h_fold: Field,
    pub h_bi: Field,
    /// Keys of the terms the article defines ([`define::key`]: `hop_dong_vay_tai_san`): matched,
    /// not scored by BM25 (no frequencies, no field norms; see `find::lexical_query`).
    pub k_fold: Field,
    /// Document type, number and title, folded.
    pub d_fold: Field,
    pub d_bi: Field,
    /// Heading and body through tantivy's default tokenizer: the plain BM25 baseline.
    pub plain: Field,
    pub doc_type: Field,
    pub issuer: Field,
    pub year: Field,
    /// [`analyze::fingerprint`] of the body: the same wording in several documents.
    pub text_hash: Field,
    /// First day of the unit's wording, in days ([`lex::Date::to_days`]); absent when it applies
    /// from the beginning. Indexed only where present, so the date filter reads few postings;
    /// a fast field too, for filtering ranked candidates (`find::Spans`).
    pub valid_from: Field,
    /// The day after the wording's last, in days; absent while it still applies.
    pub valid_until: Field,
    /// The article's vector ([`embed::Model::article_lanes`]): `embed::DIM` signed bytes in
    /// `embed::LANES` u64 fast fields (`vec0` …); all zero when the library has no model.
    pub vector: [Field; embed::LANES],
}

impl Fields {
    fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let analysed = |positions: bool| {
            let option =
                if positions { IndexRecordOption::WithFreqsAndPositions } else { IndexRecordOption::WithFreqs };
            TextOptions::default()
                .set_indexing_options(TextFieldIndexing::default().set_tokenizer(WHITESPACE).set_index_option(option))
        };
        let fields = Fields {
            work: b.add_u64_field("work", INDEXED | FAST | STORED),
            // Indexed whole, for a cited article (`art_357`) of a Work.
            eid: b.add_text_field("eid", STRING | STORED),
            ord: b.add_u64_field("ord", FAST | STORED),
            label: b.add_text_field("label", STORED),
            heading: b.add_text_field("heading", STORED),
            body: b.add_text_field("body", STORED),
            t_exact: b.add_text_field("t_exact", analysed(false)),
            t_fold: b.add_text_field("t_fold", analysed(true)),
            t_bi: b.add_text_field("t_bi", analysed(false)),
            h_fold: b.add_text_field("h_fold", analysed(false)),
            h_bi: b.add_text_field("h_bi", analysed(false)),
            k_fold: b.add_text_field(
                "k_fold",
                TextOptions::default().set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(WHITESPACE)
                        .set_index_option(IndexRecordOption::Basic)
                        .set_fieldnorms(false),
                ),
            ),
            d_fold: b.add_text_field("d_fold", analysed(false)),
            d_bi: b.add_text_field("d_bi", analysed(false)),
            plain: b.add_text_field(
                "plain",
                TextOptions::default().set_indexing_options(
                    TextFieldIndexing::default().set_index_option(IndexRecordOption::WithFreqsAndPositions),
                ),
            ),
            doc_type: b.add_text_field("doc_type", STRING),
            issuer: b.add_text_field("issuer", STRING),
            year: b.add_i64_field("year", INDEXED | FAST),
            text_hash: b.add_u64_field("text_hash", FAST),
            valid_from: b.add_i64_field("valid_from", INDEXED | FAST),
            valid_until: b.add_i64_field("valid_until", INDEXED | FAST),
            vector: std::array::from_fn(|i| b.add_u64_field(&format!("vec{i}"), FAST)),
        };
        (b.build(), fields)
    }
}

/// The folded key of a filter value (type, issuer), as indexed.
pub fn filter_key(value: &str) -> String {
    analyze::fold_phrase(value)
}

/// What the title fields hold for a Work: type, number and title (or name).
pub fn title_text(w: &CatalogEntry) -> String {
    format!("{} {} {}", w.doc_type.as_deref().unwrap_or(""), w.number, w.title.as_deref().unwrap_or(""))
}

/// The days a wording applies: `[from, until)`, either end open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: Option<Date>,
    pub until: Option<Date>,
}

impl Span {
    /// Always (a text the library knows in one wording).
    pub const ALWAYS: Span = Span { from: None, until: None };
}

/// The tantivy document of one unit in one wording (with its vector from `model`, if the library
/// has one).
pub fn document(
    f: &Fields,
    w: &CatalogEntry,
    ord: u64,
    u: &Unit,
    span: Span,
    model: Option<&Model>,
) -> TantivyDocument {
    let body = u.body();
    let text = analyze::analyse(&body);
    let head = analyze::analyse(&u.heading);
    let title = analyze::analyse(&title_text(w));
    let mut d = TantivyDocument::new();
    d.add_u64(f.work, w.id as u64);
    d.add_text(f.eid, &u.eid);
    d.add_u64(f.ord, ord);
    d.add_text(f.label, &u.label);
    d.add_text(f.heading, &u.heading);
    d.add_text(f.t_exact, &text.exact);
    d.add_text(f.t_fold, &text.fold);
    d.add_u64(f.text_hash, analyze::fingerprint(&text.fold));
    let lanes = model.map(|m| m.article_lanes(&u.heading, &body)).unwrap_or_default();
    for (field, lane) in f.vector.iter().zip(lanes) {
        d.add_u64(*field, lane);
    }
    d.add_text(f.t_bi, &text.bigrams);
    d.add_text(f.h_fold, &head.fold);
    d.add_text(f.h_bi, &head.bigrams);
    d.add_text(f.k_fold, define::defined_keys(&u.paragraphs).join(" "));
    d.add_text(f.d_fold, &title.fold);
    d.add_text(f.d_bi, &title.bigrams);
    d.add_text(f.plain, format!("{}\n{}", u.heading, body));
    d.add_text(f.body, body);
    if let Some(t) = &w.doc_type {
        d.add_text(f.doc_type, filter_key(t));
    }
    if let Some(i) = &w.issuer {
        d.add_text(f.issuer, filter_key(i));
    }
    if let Some(y) = w.year {
        d.add_i64(f.year, y);
    }
    if let Some(from) = span.from {
        d.add_i64(f.valid_from, from.to_days());
    }
    if let Some(until) = span.until {
        d.add_i64(f.valid_until, until.to_days());
    }
    d
}

/// Open the index in `dir`, creating it if absent (or if its schema is not ours: it is derived,
/// so it is recreated and the next sync fills it).
pub fn open_or_create(dir: &Path) -> Result<(Index, Fields), SearchError> {
    let (schema, fields) = Fields::schema();
    std::fs::create_dir_all(dir).map_err(|e| SearchError::Io(dir.display().to_string(), e))?;
    if let Ok(index) = Index::open_in_dir(dir) {
        if index.schema() == schema {
            return Ok((index, fields));
        }
        tracing::warn!("search index in {} has another schema: recreating it", dir.display());
        clear_dir(dir)?;
    }
    Ok((Index::create_in_dir(dir, schema)?, fields))
}

/// Remove everything in a directory (the index files), keeping the directory.
pub fn clear_dir(dir: &Path) -> Result<(), SearchError> {
    let entries = std::fs::read_dir(dir).map_err(|e| SearchError::Io(dir.display().to_string(), e))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let result = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        result.map_err(|e| SearchError::Io(path.display().to_string(), e))?;
    }
    Ok(())
}

/// Progress of an index build.
pub trait Progress: Send + Sync {
    fn start(&self, _works: u64) {}
    fn work(&self, _number: &str) {}
    fn finish(&self) {}
}

/// No progress output.
pub struct NoProgress;
impl Progress for NoProgress {}

/// What a sync did.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct SyncSummary {
    pub works_indexed: u64,
    pub works_removed: u64,
    pub units: u64,
    pub works_total: u64,
}

/// The fingerprints stored with the last commit.
pub fn stored_fingerprints(index: &Index) -> Result<HashMap<i64, String>, SearchError> {
    let metas = index.load_metas()?;
    Ok(metas.payload.as_deref().and_then(|p| serde_json::from_str(p).ok()).unwrap_or_default())
}

/// Bring the index in step with the library: re-index changed Works, drop removed ones.
pub async fn sync(
    index: &Index,
    fields: &Fields,
    lib: &Library,
    catalog: &Catalog,
    model: Option<&Model>,
    progress: &dyn Progress,
) -> Result<SyncSummary, SearchError> {
    let current = lib.fingerprints().await?;
    let stored = stored_fingerprints(index)?;
    let changed: Vec<i64> = {
        let mut v: Vec<i64> = current.iter().filter(|(id, fp)| stored.get(id) != Some(fp)).map(|(id, _)| *id).collect();
        v.sort_unstable();
        v
    };
    let removed: Vec<i64> = stored.keys().filter(|id| !current.contains_key(id)).copied().collect();
    let mut summary = SyncSummary {
        works_removed: removed.len() as u64,
        works_total: current.len() as u64,
        ..SyncSummary::default()
    };
    if changed.is_empty() && removed.is_empty() {
        return Ok(summary);
    }
    let mut writer: IndexWriter<TantivyDocument> = index.writer(128_000_000)?;
    for id in removed.iter().chain(&changed) {
        writer.delete_term(Term::from_field_u64(fields.work, *id as u64));
    }
    progress.start(changed.len() as u64);
    for id in &changed {
        let Some(w) = catalog.get(*id) else { continue };
        progress.work(&w.number);
        if w.mentioned_only {
            continue;
        }
        let wordings = dated_units(lib, *id).await?;
        if wordings.is_empty() {
            continue;
        }
        for d in &wordings {
            writer.add_document(document(fields, w, d.ord, &d.unit, d.span, model))?;
        }
        summary.units += wordings.len() as u64;
        summary.works_indexed += 1;
    }
    let payload = serde_json::to_string(&current).map_err(|e| SearchError::Invalid(e.to_string()))?;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    writer.wait_merging_threads()?;
    progress.finish();
    Ok(summary)
}

/// One article in one wording, with its position among all the document's articles.
struct DatedUnit {
    unit: Unit,
    ord: u64,
    span: Span,
}

/// Every wording of a Work's articles ([`Library::wordings`]): an article whose text is the same
/// in consecutive spans is one unit over their union, so a document the library knows in one
/// wording gives each article once, always. Empty: no text.
async fn dated_units(lib: &Library, id: i64) -> Result<Vec<DatedUnit>, SearchError> {
    let doc = lib.document(id, library::today()).await?;
    let mut out: Vec<DatedUnit> = vec![];
    let mut orders: Vec<Vec<String>> = vec![];
    // eId → its latest wording in `out`.
    let mut latest: HashMap<String, usize> = HashMap::new();
    for wording in lib.wordings(&doc).await? {
        let units = units(&wording.tree);
        orders.push(units.iter().map(|u| u.eid.clone()).collect());
        for unit in units {
            if let Some(&i) = latest.get(&unit.eid)
                && out[i].span.until == wording.from
                && out[i].unit == unit
            {
                out[i].span.until = wording.until;
                continue;
            }
            latest.insert(unit.eid.clone(), out.len());
            out.push(DatedUnit { unit, ord: 0, span: Span { from: wording.from, until: wording.until } });
        }
    }
    let position = merged_order(&orders);
    for d in &mut out {
        d.ord = position.get(&d.unit.eid).copied().unwrap_or(u64::MAX);
    }
    Ok(out)
}

/// One order for the articles of all wordings, so that listing a document on any date gives its
/// articles of that date in their order: the latest wording's order, with each article of an
/// earlier one that it lacks (repealed, renumbered away) placed after the article it followed
/// there. An inserted article (`Điều 10a`) sits where the wording that has it puts it.
fn merged_order(orders: &[Vec<String>]) -> HashMap<String, u64> {
    let mut merged: Vec<String> = orders.last().cloned().unwrap_or_default();
    for order in orders.iter().rev().skip(1) {
        for (i, eid) in order.iter().enumerate() {
            if merged.contains(eid) {
                continue;
            }
            let at = i.checked_sub(1).and_then(|p| merged.iter().position(|e| *e == order[p])).map_or(0, |p| p + 1);
            merged.insert(at, eid.clone());
        }
    }
    merged.into_iter().enumerate().map(|(i, eid)| (eid, i as u64)).collect()
}

/// A Work's units as of `at` (None: no text).
async fn work_units(lib: &Library, id: i64, at: lex::Date) -> Result<Option<Vec<Unit>>, SearchError> {
    let doc = lib.document(id, at).await?;
    Ok(lib.tree_at(&doc, at).await?.map(|tree| units(&tree)))
}

/// Whether the index holds nothing yet (no sync has committed).
pub fn is_empty(index: &Index) -> Result<bool, SearchError> {
    Ok(stored_fingerprints(index)?.is_empty())
}

/// The word-vector training corpus: the library's articles, Works taken in a scattered order
/// (so that the cap samples the whole library, not its first documents) until `max_tokens`.
pub async fn training_corpus(lib: &Library, catalog: &Catalog, max_tokens: usize) -> Result<Corpus, SearchError> {
    let mut ids: Vec<i64> = lib.fingerprints().await?.into_keys().collect();
    ids.sort_by_key(|id| (analyze::fingerprint(&id.to_string()), *id));
    let today = library::today();
    let mut corpus = Corpus::default();
    for id in ids {
        if corpus.tokens() >= max_tokens {
            break;
        }
        if catalog.get(id).is_none_or(|w| w.mentioned_only) {
            continue;
        }
        for u in work_units(lib, id, today).await?.unwrap_or_default() {
            corpus.add(&u.heading, &u.body());
        }
    }
    Ok(corpus)
}

#[cfg(test)]
mod tests {
    use super::merged_order;

    fn order(orders: &[&[&str]]) -> Vec<String> {
        let orders: Vec<Vec<String>> = orders.iter().map(|o| o.iter().map(|e| e.to_string()).collect()).collect();
        let mut by_position: Vec<(u64, String)> = merged_order(&orders).into_iter().map(|(e, p)| (p, e)).collect();
        by_position.sort();
        by_position.into_iter().map(|(_, e)| e).collect()
    }

    #[test]
    fn articles_of_every_wording_keep_their_place() {
        // Inserted later, repealed later, first article repealed.
        assert_eq!(order(&[&["a1", "a2", "a3"], &["a1", "a2", "a2a", "a3"]]), ["a1", "a2", "a2a", "a3"]);
        assert_eq!(order(&[&["a1", "a2", "a3"], &["a1", "a3"]]), ["a1", "a2", "a3"]);
        assert_eq!(order(&[&["a1", "a2"], &["a2"]]), ["a1", "a2"]);
        assert_eq!(order(&[&["a1"], &["a1", "a2"], &["a2"]]), ["a1", "a2"]);
        assert!(order(&[]).is_empty());
    }
}
