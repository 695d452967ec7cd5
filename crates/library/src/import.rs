//! Import: paths → detected formats → records → one transaction per document.
//!
//! One bad file is reported (file, reason) and the others go on; files that are not documents
//! (README, question sets, PDFs for now) are skipped with a reason when found inside a folder, and
//! are failures when named explicitly.

use crate::adapters::{self, Detected, Format};
use crate::{Library, LibraryError, repo};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use store::audit::{self, Actor};

/// Progress reporting (the CLI shows a progress bar; tests and the server pass [`NoProgress`]).
pub trait Progress: Send + Sync {
    fn start(&self, _files: u64, _bytes: u64) {}
    fn file(&self, _path: &Path, _bytes: u64) {}
    fn finish(&self) {}
}

pub struct NoProgress;
impl Progress for NoProgress {}

/// What an import did.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct ImportSummary {
    pub files_ok: u64,
    pub files_failed: u64,
    pub files_skipped: u64,
    pub documents: u64,
    pub articles: u64,
    pub provisions: u64,
    pub bytes: u64,
    /// (file, reason) for each failure.
    pub failures: Vec<(String, String)>,
    /// (file, reason) for each skipped file.
    pub skipped: Vec<(String, String)>,
    /// Unnumbered copies found to be numbered Works and linked to them (`library::link`).
    pub linked: Vec<crate::link::Linked>,
    /// Untitled laws named the way the library cites them (`library::titles`).
    pub titled: Vec<crate::titles::Titled>,
    /// The Works this import wrote (what linking compares).
    #[serde(skip)]
    pub works: Vec<i64>,
    #[serde(skip)]
    pub elapsed: Duration,
    /// Time spent reading and parsing (as opposed to writing to the database).
    #[serde(skip)]
    pub parse_time: Duration,
}

/// A file to import, with the format decided.
struct Job {
    path: PathBuf,
    format: Option<Format>,
    explicit: bool,
}

/// Expand paths (folders recursively, sorted) into files.
fn collect(paths: &[PathBuf], out: &mut Vec<Job>, explicit: bool) -> Result<(), LibraryError> {
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|source| LibraryError::Io { path: p.display().to_string(), source })?;
        if meta.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|source| LibraryError::Io { path: p.display().to_string(), source })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|e| {
                    !e.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.') || n.starts_with("~$"))
                })
                .collect();
            entries.sort();
            collect(&entries, out, false)?;
        } else {
            out.push(Job { path: p.clone(), format: None, explicit });
        }
    }
    Ok(())
}

/// Largest file accepted (a guard against mistakes, not a format limit).
const MAX_FILE: u64 = 512 * 1024 * 1024;

impl Library {
    /// Import files and folders. `format` forces one format for every file (else auto-detect).
    pub async fn import(
        &self,
        paths: &[PathBuf],
        format: Option<Format>,
        actor: &Actor,
        progress: &dyn Progress,
    ) -> Result<ImportSummary, LibraryError> {
        let started_at = store::now_rfc3339();
        let t0 = Instant::now();
        let mut jobs = vec![];
        collect(paths, &mut jobs, true)?;
        let total_bytes: u64 = jobs.iter().filter_map(|j| std::fs::metadata(&j.path).ok()).map(|m| m.len()).sum();
        progress.start(jobs.len() as u64, total_bytes);
        let mut summary = ImportSummary::default();
        for job in &mut jobs {
            let shown = job.path.display().to_string();
            let bytes = match std::fs::metadata(&job.path) {
                Ok(m) if m.len() > MAX_FILE => {
                    summary.failures.push((shown.clone(), format!("file is larger than {} MiB", MAX_FILE >> 20)));
                    continue;
                }
                _ => match std::fs::read(&job.path) {
                    Ok(b) => b,
                    Err(e) => {
                        summary.failures.push((shown.clone(), e.to_string()));
                        continue;
                    }
                },
            };
            progress.file(&job.path, bytes.len() as u64);
            job.format = match format {
                Some(f) => Some(f),
                None => match adapters::detect(&job.path, &bytes) {
                    Detected::Import(f) => Some(f),
                    Detected::Skip(reason) if job.explicit => {
                        summary.failures.push((shown.clone(), format!("cannot import: {reason}")));
                        continue;
                    }
                    Detected::Skip(reason) => {
                        summary.skipped.push((shown.clone(), reason));
                        continue;
                    }
                },
            };
            let Some(fmt) = job.format else { continue };
            summary.bytes += bytes.len() as u64;
            match self.import_bytes(&job.path, fmt, &bytes, actor, &mut summary).await {
                Ok(()) => summary.files_ok += 1,
                Err(e) => {
                    // Adapter errors already name the file; keep the reason only.
                    let message = e.to_string();
                    let reason = message.strip_prefix(&format!("{shown}: ")).unwrap_or(&message).to_string();
                    summary.failures.push((shown, reason));
                }
            }
        }
        if !summary.works.is_empty() {
            summary.linked = self.link_copies(&summary.works, actor).await?;
            summary.titled = self.title_from_citations(actor).await?;
        }
        summary.files_failed = summary.failures.len() as u64;
        summary.files_skipped = summary.skipped.len() as u64;
        summary.elapsed = t0.elapsed();
        progress.finish();
        repo::record_run(&self.db, actor, &started_at, summary.files_ok, &summary.failures, summary.documents).await?;
        Ok(summary)
    }

    /// Import one file's bytes in a known format. Each document is its own transaction: a document
    /// that fails is reported and the file counts as failed, but the others are kept.
    pub async fn import_bytes(
        &self,
        path: &Path,
        format: Format,
        bytes: &[u8],
        actor: &Actor,
        summary: &mut ImportSummary,
    ) -> Result<(), LibraryError> {
        let t = Instant::now();
        let records = adapters::read(format, path, bytes)?;
        summary.parse_time += t.elapsed();
        let sha = audit::sha256_hex(bytes);
        let mut first_error: Option<LibraryError> = None;
        for rec in &records {
            match repo::save_record(&self.db, rec, actor, &sha).await {
                Ok(saved) => {
                    summary.documents += 1;
                    summary.works.push(saved.work_id);
                    summary.articles += saved.articles as u64;
                    summary.provisions += saved.provisions as u64;
                }
                Err(e) => {
                    let what = rec.meta.number.clone().or(rec.meta.name.clone()).unwrap_or_default();
                    first_error
                        .get_or_insert(LibraryError::Invalid(format!("{}: document {what}: {e}", path.display())));
                }
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}
