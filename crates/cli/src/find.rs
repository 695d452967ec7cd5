//! `tuphap search`, `tuphap index rebuild`, `tuphap eval retrieval|scale`: the search commands.

use crate::{Failure, OutputFormat};
use indicatif::{ProgressBar, ProgressStyle};
use library::Library;
use search::{Hit, Request, Search};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

impl From<search::SearchError> for Failure {
    fn from(e: search::SearchError) -> Failure {
        Failure { code: 1, message: e.to_string() }
    }
}

/// Progress bar over Works indexed.
pub struct IndexBar(Option<ProgressBar>);

impl IndexBar {
    pub fn new(quiet: bool) -> IndexBar {
        IndexBar(if quiet { None } else { Some(ProgressBar::new(0)) })
    }
}

impl search::Progress for IndexBar {
    fn start(&self, works: u64) {
        if let Some(b) = &self.0 {
            b.set_length(works);
            b.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} văn bản / documents {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
        }
    }
    fn work(&self, number: &str) {
        if let Some(b) = &self.0 {
            b.inc(1);
            b.set_message(number.to_string());
        }
    }
    fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

/// Open the index and bring it in step with the library (a progress bar when there is work).
pub async fn open_synced(lib: &Library, dir: &Path, quiet: bool) -> Result<Search, Failure> {
    let s = Search::open(dir, lib).await?;
    let summary = s.sync(lib, &IndexBar::new(quiet)).await?;
    if summary.works_indexed > 0 && !quiet {
        eprintln!(
            "chỉ mục tìm kiếm: {} văn bản, {} điều / search index: {} documents, {} articles updated",
            summary.works_indexed, summary.units, summary.works_indexed, summary.units
        );
    }
    Ok(s)
}

/// Options of `tuphap search`.
pub struct SearchArgs<'a> {
    pub query: Option<&'a str>,
    pub queries: Option<&'a Path>,
    pub limit: usize,
    pub at: lex::Date,
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub year: Option<i64>,
    pub status: Option<lex::status::Status>,
    pub format: SearchFormat,
    /// The ranking's weights (`--weights`: the defaults with some changed, to measure a variant).
    pub weights: Weights,
}

#[derive(Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
pub enum SearchFormat {
    Text,
    Json,
    Jsonl,
}

/// `tuphap search`.
pub fn run_search(s: &Search, args: &SearchArgs) -> Result<u8, Failure> {
    let request = |q: &str| {
        let mut r = Request::new(q, args.at);
        r.limit = args.limit;
        r.doc_type = args.doc_type.clone();
        r.issuer = args.issuer.clone();
        r.year = args.year;
        r.status = args.status;
        r.weights = args.weights;
        r
    };
    if let Some(path) = args.queries {
        let file =
            std::fs::File::open(path).map_err(|e| Failure { code: 1, message: format!("{}: {e}", path.display()) })?;
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|e| Failure { code: 1, message: format!("{}:{}: {e}", path.display(), i + 1) })?;
            let hits = if line.trim().is_empty() { vec![] } else { s.search(&request(&line))?.hits };
            let row = serde_json::json!({ "query": line, "hits": hits });
            writeln!(out, "{row}").map_err(|e| Failure { code: 1, message: e.to_string() })?;
        }
        return Ok(0);
    }
    let Some(q) = args.query else {
        return Err(Failure { code: 2, message: "search: give a QUERY or --queries FILE".into() });
    };
    let results = s.search(&request(q))?;
    match args.format {
        SearchFormat::Json | SearchFormat::Jsonl => {
            // Each hit is `search::Hit`: the contract fields and the extras (highlights, clause, status …).
            println!("{}", serde_json::json!({ "hits": results.hits }));
        }
        SearchFormat::Text => print_hits(&results.hits, q),
    }
    Ok(0)
}

fn print_hits(hits: &[Hit], q: &str) {
    if hits.is_empty() {
        println!("Không tìm thấy kết quả cho “{q}” / no results");
        return;
    }
    for (i, h) in hits.iter().enumerate() {
        let heading = if h.heading.is_empty() { String::new() } else { format!(" — {}", h.heading) };
        println!("{:>2}. {} {}{heading}  [{}]  {:.2}", i + 1, h.document, h.label, h.status.label_vi(), h.score);
        if let Some(t) = &h.title {
            println!("    {t}");
        }
        let clause = h.clause.as_deref().map(|c| format!("({c}) ")).unwrap_or_default();
        println!("    {clause}{}", marked(&h.snippet, &h.highlights));
        if !h.also_in.is_empty() {
            println!("    cùng nội dung trong / same wording in: {}", h.also_in.join(", "));
        }
    }
}

/// The snippet with matched words in brackets for the terminal.
fn marked(text: &str, highlights: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len() + highlights.len() * 2);
    for (i, c) in text.chars().enumerate() {
        if highlights.iter().any(|(s, _)| *s == i) {
            out.push('[');
        }
        out.push(c);
        if highlights.iter().any(|(_, e)| *e == i + 1) {
            out.push(']');
        }
    }
    out
}

type Weights = search::find::Weights;
/// Weight fields to change, by name: a JSON object such as `{"clause": 0.3}`.
type Changes = serde_json::Map<String, serde_json::Value>;

/// The ranking's weights: the defaults, with the fields of a `--weights` JSON object over them.
pub fn weights(json: Option<&str>) -> Result<Weights, Failure> {
    let Some(json) = json else { return Ok(Weights::default()) };
    let change: Changes = serde_json::from_str(json).map_err(|e| usage("--weights", &e))?;
    changed(Weights::default(), change, "--weights")
}

/// `--also '[{"clause": 0.3}, …]'`: further rankings, each the full ranking with some weights
/// changed, named by the change.
fn also(json: Option<&str>, full: Weights) -> Result<Vec<(String, Weights)>, Failure> {
    let Some(json) = json else { return Ok(vec![]) };
    let changes: Vec<Changes> = serde_json::from_str(json).map_err(|e| usage("--also", &e))?;
    let mut out = vec![];
    for change in changes {
        let name = serde_json::Value::Object(change.clone()).to_string();
        out.push((name, changed(full, change, "--also")?));
    }
    Ok(out)
}

/// `base` with the fields of `change` over it. A field `Weights` does not have is refused, naming
/// the known ones: serde would ignore it, and a typo would measure the unchanged ranking.
fn changed(base: Weights, change: Changes, option: &str) -> Result<Weights, Failure> {
    let Ok(serde_json::Value::Object(mut fields)) = serde_json::to_value(base) else {
        return Err(Failure { code: 2, message: format!("{option}: the weights do not serialise as an object") });
    };
    for (name, value) in change {
        if !fields.contains_key(&name) {
            let known: Vec<&str> = fields.keys().map(String::as_str).collect();
            let message = format!("{option}: no weight is called “{name}” (known: {})", known.join(", "));
            return Err(Failure { code: 2, message });
        }
        fields.insert(name, value);
    }
    serde_json::from_value(serde_json::Value::Object(fields)).map_err(|e| usage(option, &e))
}

fn usage(option: &str, e: &serde_json::Error) -> Failure {
    let shape = if option == "--also" { "a JSON array of objects" } else { "a JSON object" };
    Failure { code: 2, message: format!("{option}: {e} ({shape} of Weights fields, e.g. {{\"clause\": 0.3}})") }
}

/// `tuphap eval retrieval`: every question set (or the one `--set` names), every configuration.
pub async fn eval_retrieval(
    data: &Path,
    format: OutputFormat,
    weights: Option<&str>,
    also_json: Option<&str>,
    misses: bool,
    only: Option<&str>,
) -> Result<u8, Failure> {
    let weights = self::weights(weights)?;
    let also = also(also_json, weights)?;
    let names: Vec<&str> = match only {
        Some(name) if !search::eval::SETS.contains(&name) => {
            return Err(Failure {
                code: 2,
                message: format!("--set: no set is called “{name}” ({})", search::eval::SETS.join(", ")),
            });
        }
        Some(name) => vec![name],
        None => search::eval::SETS.to_vec(),
    };
    let mut reports = vec![];
    let mut sets = vec![];
    for name in names {
        sets.extend(search::eval::set(name, data)?);
    }
    for set in sets {
        let work = tempdir()?;
        eprintln!("{}: {} câu hỏi / questions …", set.name, set.questions.len());
        if set.format.is_none() {
            eprintln!("  (imports all of {} first)", data.display());
        }
        reports.push(search::eval::evaluate(&set, work.path(), weights, &also, misses).await?);
    }
    match format {
        OutputFormat::Json => println!("{}", serde_json::json!({ "reports": reports })),
        OutputFormat::Text => {
            for r in &reports {
                println!("\n### {} — {} questions, {} articles\n", r.set, r.questions, r.articles);
                println!("| ranking | recall@10 | MRR@10 |\n|---|---|---|");
                for row in &r.rows {
                    println!("| {} | {:.3} | {:.3} |", row.ranking, row.metrics.recall_at_10, row.metrics.mrr_at_10);
                }
            }
        }
    }
    Ok(0)
}

/// `tuphap eval scale`: synthetic corpus, tuphap's index beside SQLite FTS5.
pub async fn eval_scale(
    data: &Path,
    articles: usize,
    work: Option<&PathBuf>,
    options: &search::synth::ScaleOptions,
) -> Result<u8, Failure> {
    let model = search::synth::Model::from_real_articles(data)?;
    let queries = search::synth::real_questions(data)?;
    let tmp = tempdir()?;
    let dir = work.cloned().unwrap_or_else(|| tmp.path().to_path_buf());
    let r = search::synth::bench(&model, articles, &queries, &dir, options).await?;
    println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
    Ok(0)
}

fn tempdir() -> Result<tempfile::TempDir, Failure> {
    tempfile::tempdir().map_err(|e| Failure { code: 1, message: format!("temporary directory: {e}") })
}
