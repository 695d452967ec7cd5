//! `tuphap` — the one binary: serve, import, list, show, bench, audit.
//!
//! Global options come before the subcommand: `tuphap [--data-dir DIR] [--database URL] <command>`.
//! Local commands act as the audited system principal `system:cli`.

mod admin;
mod archive;
mod archive_bench;
mod bench;
mod check;
mod demo;
mod find;
mod funds_bench;
mod monitoring_bench;
mod render;
mod review_bench;

use clap::{Parser, Subcommand, ValueEnum};
use lex::Date;
use lex::status::Status;
use library::adapters::Format;
use library::lookup::ListFilter;
use library::{Library, LibraryError};
use std::path::PathBuf;
use std::process::ExitCode;
use store::Db;
use store::audit::Actor;

#[derive(Parser)]
#[command(name = "tuphap", version, about = "tuphap — thư viện pháp luật số / digital justice platform")]
struct Cli {
    /// Data directory for the embedded SQLite store.
    #[arg(long, global = true, default_value = "./tuphap-data", env = "TUPHAP_DATA_DIR")]
    data_dir: PathBuf,
    /// Database URL (sqlite://… or postgres://…); overrides --data-dir.
    #[arg(long, global = true, env = "DATABASE_URL")]
    database: Option<String>,
    /// Directory of the search index (derived from the database; default <data-dir>/search-index).
    #[arg(long, global = true, env = "TUPHAP_INDEX_DIR")]
    index_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutputFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (Vietnamese pages and the JSON API under /api/v1).
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// The public address links and QR codes point at (default: http:// + --addr).
        #[arg(long, env = "TUPHAP_PUBLIC_URL")]
        public_url: Option<String>,
        /// Mail relay for e-mail notifications, HOST:PORT (without it messages go to the log).
        #[arg(long, env = "TUPHAP_SMTP")]
        smtp: Option<String>,
        /// Sender address of e-mail notifications.
        #[arg(long, env = "TUPHAP_SMTP_FROM", default_value = "thads@localhost.localdomain")]
        smtp_from: String,
    },
    /// Import documents: .docx, .txt, .pdf, .html and the structured corpora (folders are walked).
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// auto, docx, txt, pdf, html, phapdien, corpus-law-pub, alqac, gazette, registry
        #[arg(long, default_value = "auto")]
        format: String,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
    },
    /// List documents.
    List {
        /// Document type, e.g. "Nghị định".
        #[arg(long = "type")]
        doc_type: Option<String>,
        #[arg(long)]
        issuer: Option<String>,
        #[arg(long)]
        year: Option<i64>,
        /// in_force, not_yet_in_force, repealed, expired, suspended (on --at).
        #[arg(long)]
        status: Option<String>,
        /// Words in the number or title (diacritics optional).
        #[arg(long, short)]
        q: Option<String>,
        #[arg(long)]
        at: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Include documents known only because another one mentions them.
        #[arg(long)]
        all: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
    },
    /// Show a document or one of its provisions.
    Show {
        /// Số hiệu in any spelling (91/2015/QH13, 122/2021/ND-CP) or a document name.
        number: String,
        /// A provision: "Điều 117", "khoản 2 Điều 52", "điểm a khoản 1 Điều 2", "Chương II".
        provision: Option<String>,
        /// Status and wording on this date (YYYY-MM-DD; default today).
        #[arg(long)]
        at: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
    },
    /// Every version of a provision, with dates and the acts that gave each wording.
    History {
        number: String,
        provision: String,
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
    },
    /// Compare a document (or provision) on two dates, or two files: provisions aligned by id, then
    /// by content (a renumbered article is a move), with a word-level redline.
    Diff {
        /// A số hiệu, or a file (.docx/.txt).
        a: String,
        /// A provision of that document, or the second file.
        b: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
    },
    /// Check a draft's citations and numbering against itself and the library, like a compiler
    /// (rustc-style diagnostics; exit code 1 when there are errors).
    Check {
        /// The draft: .txt, .docx or .html.
        draft: PathBuf,
        /// Its previous version: citations left on numbers that have since moved are reported.
        #[arg(long)]
        previous: Option<PathBuf>,
        /// Check on this date (YYYY-MM-DD; default: the draft's entry into force, else its header date).
        #[arg(long)]
        date: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
        /// Write the corrected text to NAME.fixed.EXT beside the draft.
        #[arg(long)]
        fix: bool,
    },
    /// Demonstration data and load benchmarks: `demo enforcement --cases N`, `demo bench`.
    Demo {
        #[command(subcommand)]
        command: demo::DemoCommand,
    },
    /// Write a backup of the whole database — library, users and units, enforcement cases and money,
    /// audit chain — as JSON lines closed by each table's row count and checksum.
    Backup { file: PathBuf },
    /// Restore a backup into an empty database (this --data-dir / --database), verified before commit.
    Restore { file: PathBuf },
    /// Database commands.
    Db {
        #[command(subcommand)]
        command: DbCommand,
    },
    /// Measure parse throughput, import time and show latency; write docs/benchmarks.md-ready text.
    Bench {
        /// Data to import (default ../shared/data).
        #[arg(long, default_value = "../shared/data")]
        data: PathBuf,
        /// Number of `show` lookups to time.
        #[arg(long, default_value_t = 2000)]
        lookups: usize,
    },
    /// Search the library: articles ranked for the query, in force on --at first.
    Search {
        /// The query: words with or without diacritics, a number (`nd 62/2015`), an abbreviation
        /// (`BLDS`), or a question.
        query: Option<String>,
        /// Batch mode: one query per line; one JSON line of hits per query, in order.
        #[arg(long)]
        queries: Option<PathBuf>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Status is computed on this date (YYYY-MM-DD; default today).
        #[arg(long)]
        at: Option<String>,
        #[arg(long = "type")]
        doc_type: Option<String>,
        #[arg(long)]
        issuer: Option<String>,
        #[arg(long)]
        year: Option<i64>,
        /// in_force, not_yet_in_force, repealed, expired, suspended (on --at).
        #[arg(long)]
        status: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: find::SearchFormat,
        /// No progress bar while the index catches up.
        #[arg(long)]
        quiet: bool,
        /// The ranking's weights changed from the defaults, as a JSON object (`{"dense": 0.6}`):
        /// to measure a variant on a question file (see docs/benchmarks.md).
        #[arg(long)]
        weights: Option<String>,
    },
    /// Search index commands.
    Index {
        #[command(subcommand)]
        command: IndexCommand,
    },
    /// Measure search: retrieval quality on the question sets, or speed at scale.
    Eval {
        #[command(subcommand)]
        command: EvalCommand,
    },
    /// Administration: units, users and roles, API tokens, holidays, retention (as `system:cli`, audited).
    Admin {
        #[command(subcommand)]
        command: admin::AdminCommand,
    },
    /// The working-day calendar: deadlines by the Civil Code's counting rules, holidays.
    Calendar {
        #[command(subcommand)]
        command: admin::CalendarCommand,
    },
    /// Audit log commands.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Subcommand)]
enum DbCommand {
    /// Copy this whole database (e.g. the embedded SQLite) into another, empty store (e.g.
    /// PostgreSQL), verified table by table by row counts and checksums.
    MigrateTo { url: String },
}

#[derive(Subcommand)]
enum IndexCommand {
    /// Drop the search index and build it again from the database (progress bar).
    Rebuild {
        #[arg(long)]
        quiet: bool,
        /// Also train word vectors on the library (off by default: measured, they lower the
        /// held-out set; `search --weights '{"dense": 0.6}'` then uses them).
        #[arg(long)]
        vectors: bool,
    },
}

#[derive(Subcommand)]
enum EvalCommand {
    /// recall@10 and MRR@10 on natural questions and statements, beside plain BM25.
    Retrieval {
        #[arg(long, default_value = "../shared/data")]
        data: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
        /// Override the full ranking's field weights (JSON object, e.g. '{"heading": 1.0}').
        #[arg(long)]
        weights: Option<String>,
        /// Also measure these rankings: a JSON array of weight changes to the full ranking, each
        /// one row (e.g. '[{"clause": 0.3}, {"clause": 1.0}]').
        #[arg(long)]
        also: Option<String>,
        /// Print the questions the full ranking misses or does not rank first (MISS, PART n, RANK n),
        /// with their gold and its top hits.
        #[arg(long)]
        misses: bool,
        /// Only one set: natural, statements, library (natural questions against the whole library),
        /// held-out, consultations or consultations-test (questions written as to a lawyer).
        #[arg(long)]
        set: Option<String>,
    },
    /// Index N synthetic articles with tuphap and with SQLite FTS5; time the same queries on both.
    Scale {
        #[arg(long, default_value = "../shared/data")]
        data: PathBuf,
        #[arg(long, default_value_t = 100_000)]
        articles: usize,
        /// Keep the indexes here (default: a temporary directory); a later run with the same
        /// --articles reuses them.
        #[arg(long)]
        work_dir: Option<PathBuf>,
        /// Skip SQLite FTS5 (to iterate on tuphap's ranking; the recorded runs keep it).
        #[arg(long)]
        no_fts5: bool,
        /// Override the full ranking's weights (JSON object, as for `eval retrieval`).
        #[arg(long)]
        weights: Option<String>,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the hash chain; report the first broken link.
    Verify,
}

/// A failure with its exit code: 1 general, 2 unknown document or provision / bad usage, 3 the
/// provision exists but not on the date asked (repealed or not yet in force).
struct Failure {
    code: u8,
    message: String,
}

impl From<LibraryError> for Failure {
    fn from(e: LibraryError) -> Failure {
        let code = match e {
            LibraryError::UnknownDocument { .. }
            | LibraryError::UnknownProvision { .. }
            | LibraryError::Reference(_) => 2,
            LibraryError::ProvisionAbsent(_) => 3,
            _ => 1,
        };
        Failure { code, message: e.to_string() }
    }
}

impl From<store::StoreError> for Failure {
    fn from(e: store::StoreError) -> Failure {
        Failure { code: 1, message: e.to_string() }
    }
}

fn usage(message: String) -> Failure {
    Failure { code: 2, message }
}

fn parse_status(s: Option<&str>) -> Result<Option<Status>, Failure> {
    s.map(|s| {
        Status::parse(s)
            .ok_or_else(|| usage(format!("--status: “{s}” (in_force, not_yet_in_force, repealed, expired, suspended)")))
    })
    .transpose()
}

fn parse_date(s: Option<&str>) -> Result<Date, Failure> {
    match s {
        None => Ok(library::today()),
        Some(s) => Date::parse_iso(s).ok_or_else(|| usage(format!("--at: “{s}” is not a date (YYYY-MM-DD)"))),
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("lỗi / error: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

/// `tuphap list | head` closes stdout early. Rust ignores SIGPIPE, so the next `println!` panics;
/// stop quietly instead, with the status a shell gives a process ended by SIGPIPE (128 + 13).
fn quiet_on_closed_pipe() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info.payload().downcast_ref::<String>().map(String::as_str).unwrap_or("");
        if message.starts_with("failed printing to stdout") && message.contains("os error 32") {
            std::process::exit(141);
        }
        report(info)
    }));
}

/// `tuphap diff`: two files, or a document (or one provision) on two dates.
async fn diff(
    lib: &Library,
    a: &str,
    b: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<lex::diff::Change>, Failure> {
    let is_file = |p: &str| std::path::Path::new(p).is_file();
    if let (true, Some(b)) = (is_file(a), b.filter(|b| is_file(b))) {
        let ta = read_tree(a)?;
        let tb = read_tree(b)?;
        return Ok(lex::diff::diff(&ta, &tb));
    }
    let (Some(from), Some(to)) = (from, to) else {
        return Err(usage("diff: give two files, or a number with --from DATE and --to DATE".into()));
    };
    let (from, to) = (parse_date(Some(from))?, parse_date(Some(to))?);
    let id = lib.find_work(a).await?;
    Ok(lib.diff_between(id, b, from, to).await?)
}

/// Parse a .docx or .txt file into its tree (for `diff` of two files).
fn read_tree(path: &str) -> Result<lex::Node, Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure { code: 1, message: format!("{path}: {e}") })?;
    let doc = if path.to_lowercase().ends_with(".docx") {
        let d = lex::parse::docx::read(&bytes).map_err(|e| Failure { code: 1, message: format!("{path}: {e}") })?;
        lex::parse::parse_lines(&d.paragraphs)
    } else {
        let text = String::from_utf8(bytes)
            .map_err(|e| Failure { code: 1, message: format!("{path}: not UTF-8 text ({e})") })?;
        lex::parse::parse_text(&text)
    };
    Ok(doc.root)
}

/// Where the search index lives.
fn index_dir(cli: &Cli) -> PathBuf {
    cli.index_dir.clone().unwrap_or_else(|| cli.data_dir.join("search-index"))
}

async fn open(cli: &Cli) -> Result<Library, Failure> {
    let db = Db::open(&cli.data_dir, cli.database.as_deref()).await?;
    Ok(Library::open(db).await?)
}

async fn run(cli: Cli) -> Result<u8, Failure> {
    let lib = open(&cli).await?;
    match &cli.command {
        Command::Serve { addr, public_url, smtp, smtp_from } => {
            let platform = platform::Platform::open(lib.db().clone()).await?;
            let enf = enforcement::Enforcement::open(platform.clone())
                .await
                .map_err(|e| Failure { code: 1, message: e.to_string() })?;
            demo::load_samples(&lib, &enf, &Actor::system_server()).await?;
            let search = search::Search::open(&index_dir(&cli), &lib).await?;
            let smtp = smtp.as_ref().map(|relay| enforcement::notify::smtp::SmtpConfig {
                addr: relay.clone(),
                from: smtp_from.clone(),
                hello: "tuphap".into(),
                timeout: std::time::Duration::from_secs(30),
            });
            let options = server::ServeOptions { public_url: public_url.clone(), smtp };
            server::serve_with_platform(lib, Some(search), platform, addr, options)
                .await
                .map_err(|e| Failure { code: 1, message: e.to_string() })?;
            Ok(0)
        }
        Command::Import { paths, format, quiet } => {
            let format = match format.as_str() {
                "auto" => None,
                f => Some(Format::parse(f).ok_or_else(|| usage(format!("--format: unknown format “{f}” (auto, docx, txt, pdf, html, phapdien, corpus-law-pub, alqac, gazette, registry)")))?),
            };
            let progress = render::Bar::new(*quiet);
            let summary = lib.import(paths, format, &Actor::system_cli(), &progress).await?;
            render::import_summary(&summary);
            find::open_synced(&lib, &index_dir(&cli), *quiet).await?;
            Ok(if summary.files_failed > 0 { 1 } else { 0 })
        }
        Command::List { doc_type, issuer, year, status, q, at, limit, all, format } => {
            let status = parse_status(status.as_deref())?;
            let filter = ListFilter {
                doc_type: doc_type.clone(),
                issuer: issuer.clone(),
                year: *year,
                status,
                text: q.clone(),
                include_mentions: *all,
                at: Some(parse_date(at.as_deref())?),
                limit: *limit,
                offset: 0,
            };
            let (works, total) = lib.list(&filter).await?;
            match format {
                OutputFormat::Json => println!("{}", serde_json::json!({ "total": total, "documents": works })),
                OutputFormat::Text => render::list(&works, total),
            }
            Ok(0)
        }
        Command::Show { number, provision, at, format } => {
            let at = parse_date(at.as_deref())?;
            let id = lib.find_work(number).await?;
            let doc = lib.document(id, at).await?;
            let prov = match lib.provision(&doc, provision.as_deref(), at).await {
                // Absent on that date (repealed, or not yet inserted): JSON still says so, exit 3.
                Err(LibraryError::ProvisionAbsent(a)) if *format == OutputFormat::Json => {
                    println!("{}", render::absent_json(&doc, &a.eid, a.status, a.since.as_deref(), a.by.as_deref()));
                    return Ok(3);
                }
                other => other?,
            };
            match format {
                OutputFormat::Json => println!("{}", render::show_json(&doc, prov.as_ref())),
                OutputFormat::Text => render::show_text(&doc, prov.as_ref(), provision.is_some()),
            }
            Ok(0)
        }
        Command::History { number, provision, format } => {
            let id = lib.find_work(number).await?;
            let doc = lib.document(id, library::today()).await?;
            let versions = lib.history(&doc, provision).await?;
            match format {
                OutputFormat::Json => println!(
                    "{}",
                    serde_json::json!({ "document": doc.number, "provision": provision, "versions": versions })
                ),
                OutputFormat::Text => render::history(&doc, provision, &versions),
            }
            Ok(0)
        }
        Command::Diff { a, b, from, to, format } => {
            let changes = diff(&lib, a, b.as_deref(), from.as_deref(), to.as_deref()).await?;
            match format {
                OutputFormat::Json => println!("{}", serde_json::json!({ "changes": changes })),
                OutputFormat::Text => render::diff(&changes),
            }
            Ok(0)
        }
        Command::Bench { data, lookups } => {
            bench::run(&cli.data_dir, cli.database.as_deref(), data, *lookups).await?;
            Ok(0)
        }
        Command::Demo { command } => demo::run(&lib, command).await,
        Command::Check { draft, previous, date, format, fix } => {
            check::run(&lib, draft, previous.as_deref(), date.as_deref(), *format, *fix).await
        }
        Command::Backup { file } => {
            let sums = archive::backup(lib.db(), file).await?;
            render::sums("Sao lưu / backup", file.display().to_string(), &sums);
            Ok(0)
        }
        Command::Restore { file } => {
            let sums = archive::restore(lib.db(), file).await?;
            render::sums("Khôi phục / restored", file.display().to_string(), &sums);
            Ok(0)
        }
        Command::Db { command: DbCommand::MigrateTo { url } } => {
            let target = Db::connect(url).await?;
            let sums = archive::copy(lib.db(), &target).await?;
            render::sums("Đã chép, khớp từng bảng / copied, every table verified", target.describe(), &sums);
            Ok(0)
        }
        Command::Search { query, queries, limit, at, doc_type, issuer, year, status, format, quiet, weights } => {
            let status = parse_status(status.as_deref())?;
            let args = find::SearchArgs {
                query: query.as_deref(),
                queries: queries.as_deref(),
                limit: *limit,
                at: parse_date(at.as_deref())?,
                doc_type: doc_type.clone(),
                issuer: issuer.clone(),
                year: *year,
                status,
                format: *format,
                weights: find::weights(weights.as_deref())?,
            };
            let s = find::open_synced(&lib, &index_dir(&cli), *quiet || *format != find::SearchFormat::Text).await?;
            find::run_search(&s, &args)
        }
        Command::Index { command: IndexCommand::Rebuild { quiet, vectors } } => {
            let s = search::Search::open(&index_dir(&cli), &lib).await?;
            let s = if *vectors { s.with_training(search::embed::Training::default()) } else { s };
            let summary = s.rebuild(&lib, &find::IndexBar::new(*quiet)).await?;
            println!(
                "chỉ mục đã dựng lại / index rebuilt: {} văn bản / documents, {} điều / articles, in {}",
                summary.works_indexed,
                summary.units,
                index_dir(&cli).display()
            );
            if *vectors {
                match s.model() {
                    Some(m) => println!("vectơ từ / word vectors: {} từ / words, đã huấn luyện / trained", m.len()),
                    None => println!(
                        "vectơ từ / word vectors: thư viện quá nhỏ để huấn luyện / the library is too small to train them on"
                    ),
                }
            }
            Ok(0)
        }
        Command::Eval { command: EvalCommand::Retrieval { data, format, weights, also, misses, set } } => {
            find::eval_retrieval(data, *format, weights.as_deref(), also.as_deref(), *misses, set.as_deref()).await
        }
        Command::Eval { command: EvalCommand::Scale { data, articles, work_dir, no_fts5, weights } } => {
            let options = search::synth::ScaleOptions { fts5: !*no_fts5, weights: find::weights(weights.as_deref())? };
            find::eval_scale(data, *articles, work_dir.as_ref(), &options).await
        }
        Command::Admin { command } => admin::admin(lib.db().clone(), command).await,
        Command::Calendar { command } => admin::calendar(lib.db().clone(), command).await,
        Command::Audit { command: AuditCommand::Verify } => {
            let n = store::audit::verify(lib.db()).await?;
            println!("audit chain intact: {n} entries / chuỗi nhật ký nguyên vẹn: {n} bản ghi");
            Ok(0)
        }
    }
}
