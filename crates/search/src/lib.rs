//! `search` — Vietnamese legal search over the library.
//!
//! - [`analyze`]: syllables (exact and folded) and bigrams; stopwords.
//! - [`query`]: what a user typed → terms, bigrams, document numbers, abbreviations.
//! - [`define`]: the terms an article defines, and the term a question asks the meaning of.
//! - [`expand`]: everyday words → statutory words, numbers → words (query expansion).
//! - [`unit`]: the article as the unit of search.
//! - [`index`]: the tantivy schema; `sync` keeps the index in step with the library.
//! - [`catalog`]: the Works in memory (status on a date, number and title resolution).
//! - [`embed`]: word vectors trained on the library (skip-gram), article and question vectors.
//! - [`find`]: ranking (BM25 over fields, then what the library knows) and snippets.
//! - [`eval`]: recall@10 / MRR@10 against a plain BM25 baseline on the question sets.
//! - [`synth`]: synthetic legal text for the scale benchmark, and the SQLite FTS5 comparison.
//!
//! Invariant: the index is derived from the database and can be rebuilt from it at any time.

pub mod analyze;
pub mod catalog;
pub mod clause;
pub mod define;
pub mod embed;
pub mod eval;
pub mod expand;
pub mod find;
pub mod index;
pub mod query;
pub mod synth;
pub mod unit;

use catalog::Catalog;
use index::Fields;
use library::Library;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use tantivy::{Index, IndexReader, ReloadPolicy};

pub use find::{Hit, Mode, Request, Results};
pub use index::{NoProgress, Progress, SyncSummary};

/// Errors of search.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Library(#[from] library::LibraryError),
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error("{0}")]
    Invalid(String),
}

impl From<tantivy::directory::error::OpenDirectoryError> for SearchError {
    fn from(e: tantivy::directory::error::OpenDirectoryError) -> SearchError {
        SearchError::Index(e.into())
    }
}

/// The search index of a library: on disk in one directory, with the catalogue in memory.
#[derive(Clone)]
pub struct Search {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    catalog: Arc<RwLock<Arc<Catalog>>>,
    /// The library's word vectors ([`embed`]), if it is large enough to have them.
    model: Arc<RwLock<Option<Arc<embed::Model>>>>,
    /// Whether and how a model is trained when the index is built from empty (None: never; word
    /// vectors are off by default, see `docs/benchmarks.md`).
    training: Option<embed::Training>,
    dir: PathBuf,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search").field("dir", &self.dir).finish()
    }
}

impl Search {
    /// Open (or create) the index in `dir` for `lib`. Does not index: call [`Search::sync`].
    pub async fn open(dir: &Path, lib: &Library) -> Result<Search, SearchError> {
        let (index, fields) = index::open_or_create(dir)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let catalog = Arc::new(Catalog::new(lib.catalog().await?));
        let model = embed::Model::load(&dir.join(embed::FILE))?.map(Arc::new);
        Ok(Search {
            index,
            reader,
            fields,
            catalog: Arc::new(RwLock::new(catalog)),
            model: Arc::new(RwLock::new(model)),
            training: None,
            dir: dir.to_path_buf(),
        })
    }

    /// Train word vectors with `training` when the index is next built from empty (or rebuilt).
    pub fn with_training(mut self, training: embed::Training) -> Search {
        self.training = Some(training);
        self
    }

    /// Index what changed in the library since the last sync.
    pub async fn sync(&self, lib: &Library, progress: &dyn Progress) -> Result<SyncSummary, SearchError> {
        let catalog = Arc::new(Catalog::new(lib.catalog().await?));
        if let Some(training) = self.training
            && self.model().is_none()
            && index::is_empty(&self.index)?
        {
            self.train(lib, &catalog, training).await?;
        }
        let model = self.model();
        let summary = index::sync(&self.index, &self.fields, lib, &catalog, model.as_deref(), progress).await?;
        self.reader.reload()?;
        if let Ok(mut c) = self.catalog.write() {
            *c = catalog;
        }
        Ok(summary)
    }

    /// Drop the whole index and build it again from the library.
    pub async fn rebuild(&self, lib: &Library, progress: &dyn Progress) -> Result<SyncSummary, SearchError> {
        let mut writer: tantivy::IndexWriter<tantivy::TantivyDocument> = self.index.writer(64_000_000)?;
        writer.delete_all_documents()?;
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload("{}");
        prepared.commit()?;
        drop(writer);
        self.set_model(None);
        let path = self.dir.join(embed::FILE);
        if path.exists() {
            std::fs::remove_file(&path).map_err(|e| SearchError::Io(path.display().to_string(), e))?;
        }
        self.sync(lib, progress).await
    }

    /// Train the word vectors on the library (a sample of it when large) and save them beside
    /// the index. A library too small to learn from gets none.
    async fn train(&self, lib: &Library, catalog: &Catalog, training: embed::Training) -> Result<(), SearchError> {
        let corpus = index::training_corpus(lib, catalog, training.max_tokens).await?;
        let model = tokio::task::spawn_blocking(move || embed::Model::train(corpus, &training))
            .await
            .map_err(|e| SearchError::Invalid(format!("training the word vectors: {e}")))?;
        if let Some(m) = &model {
            m.save(&self.dir.join(embed::FILE))?;
        }
        self.set_model(model.map(Arc::new));
        Ok(())
    }

    /// The word vectors in use, if any.
    pub fn model(&self) -> Option<Arc<embed::Model>> {
        self.model.read().ok().and_then(|m| m.clone())
    }

    fn set_model(&self, model: Option<Arc<embed::Model>>) {
        if let Ok(mut m) = self.model.write() {
            *m = model;
        }
    }

    /// Number of units (articles) in the index.
    pub fn units(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// (số hiệu key or name, eId) of every indexed unit (evaluation: which gold articles exist).
    pub fn unit_keys(&self) -> Result<std::collections::HashSet<(String, String)>, SearchError> {
        use tantivy::schema::Value;
        let searcher = self.reader.searcher();
        let catalog = self.catalog();
        let mut out = std::collections::HashSet::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            for doc_id in segment.doc_ids_alive() {
                let doc: tantivy::TantivyDocument = searcher.doc(tantivy::DocAddress::new(ord as u32, doc_id))?;
                let work = doc.get_first(self.fields.work).and_then(|v| v.as_u64()).unwrap_or(0) as i64;
                let eid = doc.get_first(self.fields.eid).and_then(|v| v.as_str()).unwrap_or("").to_string();
                if let Some(w) = catalog.get(work) {
                    let key = if w.has_number { lex::number::key(&w.number) } else { w.number.clone() };
                    out.insert((key, eid));
                }
            }
        }
        Ok(out)
    }

    /// The catalogue as of the last sync.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.catalog.read().map(|c| Arc::clone(&c)).unwrap_or_default()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Search.
    pub fn search(&self, req: &Request) -> Result<Results, SearchError> {
        find::search(&self.reader.searcher(), &self.fields, &self.catalog(), self.model().as_deref(), req)
    }
}
