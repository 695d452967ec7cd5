//! Rà soát dự thảo — drafting review: a draft's citations checked like a compiler checks code.
//!
//! Every citation [`lex::cite::find`] finds is checked against the draft itself (internal references,
//! numbering) and against the library on the draft's date (the provision exists, is not repealed or
//! not yet inserted, the document is in force). With the previous version of the draft, a citation
//! left on a number that has since moved is reported with the new number as its fix.
//!
//! The date checked is `Draft::date`, else the entry into force the draft states (a text speaks from
//! the day it takes effect: a provision it cites must exist then), else the date in its header (a
//! blank day — `ngày … tháng … năm 2026` — counts as the first of the month or year, and the report
//! says so), else today.
//!
//! Fast: [`Reviewer::load`] reads only the names of laws, codes and ordinances; the numbers a draft
//! cites are read in a few batched queries (by the `number_key` index) with their events, and only the
//! documents whose provisions it cites are opened, each once — a check never reads the whole catalogue.

use crate::catalog::CatalogEntry;
use crate::lookup::DocumentView;
use crate::{Library, LibraryError};
use lex::Date;
use lex::amend::Op;
use lex::amend::apply::PointInTime;
use lex::cite::annotate::{self, Edit};
use lex::cite::find::{Names, doc_id, find};
use lex::cite::resolve::{Position, eid as target_eid, positions};
use lex::cite::{Citation, DocRef, Target, Unit};
use lex::model::{EventKind, Kind as NodeKind, Node};
use lex::normalize;
use lex::parse::line::{self, Line, POINT_LETTERS};
use lex::status::Status;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// What a diagnostic is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The cited provision does not exist (in the draft, or in the document on the date).
    MissingProvision,
    /// The cited provision was repealed on or before the date.
    RepealedProvision,
    /// The cited document is no longer in force on the date (wholly; a partly expired one is not).
    ExpiredDocument,
    /// The library does not know the cited document.
    UnknownDocument,
    /// A citation unchanged since the previous version whose target has since been renumbered.
    StaleAfterRenumbering,
    /// Not written as citations are written.
    MalformedCitation,
    /// Skipped, repeated or out-of-order article, clause or point numbers.
    Numbering,
    /// The cited document or provision is not yet in force on the date.
    NotYetInForce,
    /// A name that fits several documents in force.
    AmbiguousDocument,
    /// The cited provision was amended by an act the draft does not mention.
    AmendedProvision,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::MissingProvision => "missing-provision",
            Kind::RepealedProvision => "repealed-provision",
            Kind::ExpiredDocument => "expired-document",
            Kind::UnknownDocument => "unknown-document",
            Kind::StaleAfterRenumbering => "stale-after-renumbering",
            Kind::MalformedCitation => "malformed-citation",
            Kind::Numbering => "numbering",
            Kind::NotYetInForce => "not-yet-in-force",
            Kind::AmbiguousDocument => "ambiguous-document",
            Kind::AmendedProvision => "amended-provision",
        }
    }

    /// The severity of the kind (intertemporal citations are lowered to info, see [`Diagnostic`]).
    pub fn severity(self) -> Severity {
        match self {
            Kind::MissingProvision
            | Kind::RepealedProvision
            | Kind::ExpiredDocument
            | Kind::UnknownDocument
            | Kind::StaleAfterRenumbering
            | Kind::MalformedCitation => Severity::Error,
            Kind::Numbering | Kind::NotYetInForce | Kind::AmbiguousDocument => Severity::Warning,
            Kind::AmendedProvision => Severity::Info,
        }
    }

    pub const ALL: [Kind; 10] = [
        Kind::MissingProvision,
        Kind::RepealedProvision,
        Kind::ExpiredDocument,
        Kind::UnknownDocument,
        Kind::StaleAfterRenumbering,
        Kind::MalformedCitation,
        Kind::Numbering,
        Kind::NotYetInForce,
        Kind::AmbiguousDocument,
        Kind::AmendedProvision,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A replacement in one line of the draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// 1-based line (paragraph).
    pub line: usize,
    /// Byte range in that line.
    pub span: Range<usize>,
    pub replacement: String,
}

/// One finding.
#[derive(Clone, Debug, Serialize)]
pub struct Diagnostic {
    pub kind: Kind,
    pub severity: Severity,
    /// 1-based line of a .txt (paragraph of a .docx).
    pub line: usize,
    /// 1-based character.
    pub column: usize,
    /// Byte range in the line.
    #[serde(skip)]
    pub span: Range<usize>,
    /// What was cited, as written.
    pub citation: String,
    pub message: String,
    /// What the library (or the draft) knows.
    pub known: Option<String>,
    pub suggestion: Option<String>,
    pub fix: Option<Fix>,
    /// True when the citation is about facts or rules before a date (transitional provisions,
    /// `giao dịch xác lập trước ngày …`): never more than info.
    pub intertemporal: bool,
}

/// One provision a citation names, resolved.
#[derive(Clone, Debug, Serialize)]
pub struct TargetView {
    pub label: String,
    pub eid: Option<String>,
    /// Whether it exists on the date (None: not checked, e.g. the document has no text here).
    pub exists: Option<bool>,
    /// The cited text as it stood on the date (shortened), for tooltips.
    pub text: Option<String>,
}

/// A citation as the review saw it.
#[derive(Clone, Debug, Serialize)]
pub struct CitationView {
    pub line: usize,
    pub column: usize,
    /// Byte range in the line.
    pub span: Range<usize>,
    pub text: String,
    pub internal: bool,
    pub vague: bool,
    /// The document's number (or name) when resolved in the library.
    pub document: Option<String>,
    pub title: Option<String>,
    pub targets: Vec<TargetView>,
}

/// Counts behind the benchmark.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Stats {
    pub citations: usize,
    pub vague: usize,
    /// Internal provisions cited (lists and ranges expanded).
    pub internal_targets: usize,
    pub internal_resolved: usize,
    pub external_citations: usize,
    pub external_resolved: usize,
}

/// What a review found.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The date checked.
    pub date: Date,
    /// Where the date comes from (`--date`, entry into force, header, header with a blank day, today).
    pub date_source: String,
    pub diagnostics: Vec<Diagnostic>,
    pub citations: Vec<CitationView>,
    pub stats: Stats,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// The draft's lines with every fix applied.
    pub fn fixed_lines(&self, lines: &[String]) -> Vec<String> {
        let mut by_line: HashMap<usize, Vec<Edit>> = HashMap::new();
        for d in &self.diagnostics {
            if let Some(f) = &d.fix {
                by_line
                    .entry(f.line)
                    .or_default()
                    .push(Edit { span: f.span.clone(), replacement: f.replacement.clone() });
            }
        }
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| match by_line.get(&(i + 1)) {
                Some(edits) => annotate::apply(l, edits),
                None => l.clone(),
            })
            .collect()
    }
}

/// The paragraphs of a draft file by its name's extension: a .docx's paragraphs (tables and list
/// numbering included), an .html page's block texts, else the lines of UTF-8 text. The error names
/// the file.
pub fn draft_lines(name: &str, bytes: &[u8]) -> Result<Vec<String>, LibraryError> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default();
    let fail = |m: String| LibraryError::Invalid(format!("{name}: {m}"));
    match ext.as_str() {
        "docx" => Ok(lex::parse::docx::read(bytes).map_err(|e| fail(e.to_string()))?.paragraphs),
        "html" | "htm" => Ok(lex::parse::html::paragraphs(&String::from_utf8_lossy(bytes))),
        "doc" | "pdf" | "odt" | "rtf" => {
            Err(fail(format!("“.{ext}” is not read here: save it as .docx, .html or .txt")))
        }
        _ => {
            let text = std::str::from_utf8(bytes).map_err(|e| fail(format!("not UTF-8 text ({e})")))?;
            Ok(text.lines().map(str::to_string).collect())
        }
    }
}

/// A draft to check: its paragraphs (the lines of a .txt, the paragraphs of a .docx), optionally the
/// previous version and a date.
#[derive(Clone, Debug, Default)]
pub struct Draft {
    pub lines: Vec<String>,
    pub previous: Option<Vec<String>>,
    pub date: Option<Date>,
}

/// What a review needs of the catalogue up front: the names of laws, codes and ordinances (to
/// recognise and resolve citations by name). Everything else — a number, a document's events — is
/// asked of the database for the documents a draft cites, by index, so a check does not read the
/// 60,000 works.
#[derive(Clone, Debug)]
pub struct Reviewer {
    /// Name key → work ids.
    by_name: HashMap<String, Vec<i64>>,
    names: Names,
    works: usize,
}

/// Types whose documents are cited by name.
const NAMED_TYPES: &[&str] = &["Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh"];

impl Reviewer {
    /// Read the names of the documents cited by name (and of the Works known only by a name).
    pub async fn load(lib: &Library) -> Result<Reviewer, LibraryError> {
        type NameRow = (i64, Option<String>, Option<String>, Option<String>, Option<String>);
        let rows: Vec<NameRow> = store::sqlx::query_as(
            "SELECT id, number, name, doc_type, title FROM works
             WHERE number IS NULL OR doc_type IN ('Hiến pháp', 'Bộ luật', 'Luật', 'Pháp lệnh')
                OR title LIKE 'Luật%' OR title LIKE 'Bộ luật%' OR title LIKE 'Pháp lệnh%' OR title LIKE 'Hiến pháp%'",
        )
        .fetch_all(lib.db().pool())
        .await?;
        let (works,): (i64,) = store::sqlx::query_as("SELECT COUNT(*) FROM works").fetch_one(lib.db().pool()).await?;
        let mut by_name: HashMap<String, Vec<i64>> = HashMap::new();
        let mut names = Names::builtin();
        for (id, number, name, doc_type, title) in rows {
            if number.is_none()
                && let Some(n) = &name
            {
                by_name.entry(name_key(n)).or_default().push(id);
            }
            if let Some(t) = &title {
                let named = doc_type.as_deref().is_some_and(|d| NAMED_TYPES.contains(&d))
                    || NAMED_TYPES.iter().any(|d| t.starts_with(d));
                if named && t.chars().count() < 120 {
                    by_name.entry(name_key(t)).or_default().push(id);
                    names.add(t, None);
                }
            }
        }
        Ok(Reviewer { by_name, names, works: usize::try_from(works).unwrap_or(0) })
    }

    /// Works in the library when the reviewer was built.
    pub fn len(&self) -> usize {
        self.works
    }

    pub fn is_empty(&self) -> bool {
        self.works == 0
    }

    /// The names the finder recognises (built-in codes and the library's laws).
    pub fn names(&self) -> &Names {
        &self.names
    }
}

/// Key of a document name: match key with the type's case and `năm` ignored.
fn name_key(s: &str) -> String {
    normalize::match_key(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The date a draft is checked on, and where it comes from.
pub fn draft_date(lines: &[String], meta: &lex::Metadata, given: Option<Date>) -> (Date, String) {
    if let Some(d) = given {
        return (d, "--date".into());
    }
    // An official consolidated text speaks on its own date, not its base's entry into force.
    let consolidated = meta.number.as_deref().is_some_and(|n| n.contains("VBHN"));
    if let (true, Some(d)) = (consolidated, meta.issued) {
        return (d, format!("ngày văn bản hợp nhất / date of the consolidated text ({d})"));
    }
    if let Some(d) = meta.effective {
        return (d, format!("ngày có hiệu lực ghi trong dự thảo / entry into force stated in the draft ({d})"));
    }
    if let Some(d) = meta.issued {
        return (d, format!("ngày ghi ở đầu văn bản / header date ({d})"));
    }
    // `ngày … tháng … năm 2026`, `ngày … tháng 7 năm 2026`.
    for l in lines.iter().take(30) {
        let f = normalize::fold_key(l);
        if let Some(p) = f.find("thang") {
            let rest = &f[p + "thang".len()..];
            let month: Option<u32> = rest.split_whitespace().next().and_then(|w| w.parse().ok());
            if let Some(q) = rest.find("nam ") {
                let year: Option<i32> =
                    rest[q + 4..].chars().take_while(|c| c.is_ascii_digit()).collect::<String>().parse().ok();
                if let Some(y) = year.filter(|y| (1945..=2100).contains(y)) {
                    let m = month.filter(|m| (1..=12).contains(m)).unwrap_or(1);
                    if let Some(d) = Date::new(y, m, 1) {
                        return (
                            d,
                            format!(
                                "ngày để trống ở đầu dự thảo, lấy ngày {d} / the header leaves the day blank: checked on {d}"
                            ),
                        );
                    }
                }
            }
        }
    }
    let t = crate::today();
    (t, format!("hôm nay / today ({t})"))
}

/// A cited document, opened once per review.
struct Opened {
    view: DocumentView,
    pit: Option<PointInTime>,
    tree: Option<Node>,
}

impl Opened {
    fn root(&self) -> Option<&Node> {
        self.pit.as_ref().map(|p| &p.root).or(self.tree.as_ref())
    }
}

/// What surrounds a citation beyond its line.
struct Context<'a> {
    /// The document an amending article amends, and the article its instruction names.
    amending: Option<&'a (Citation, Position)>,
    /// The unit is being inserted (`Bổ sung điểm c vào sau điểm b`): it does not exist yet.
    inserted: bool,
    /// The text has articles (a judgment or a precedent has none: bare citations are not internal).
    internal_possible: bool,
}

/// Where a citation stands, for the checks.
struct Site<'a> {
    line: usize,
    text: &'a str,
    pos: &'a Position,
    intertemporal: bool,
}

struct Run<'a> {
    reviewer: &'a Reviewer,
    lib: &'a Library,
    date: Date,
    opened: HashMap<(usize, Date), Option<Opened>>,
    acknowledged: HashSet<String>,
    diagnostics: Vec<Diagnostic>,
    stats: Stats,
    /// Number keys of the documents the text cites.
    cited: HashSet<String>,
    /// The Works this check has read (id → index in `entries`).
    entries: Vec<CatalogEntry>,
    ids: HashMap<i64, usize>,
    /// Number key → the Work with it (None: not in the library), read in batches.
    numbers: HashMap<String, Option<i64>>,
    /// The text's own number key (its header `Số: …` is not a citation).
    own: Option<String>,
}

fn column(text: &str, byte: usize) -> usize {
    text.get(..byte).map(|s| s.chars().count()).unwrap_or(0) + 1
}

impl Reviewer {
    /// Check a draft.
    pub async fn check(&self, lib: &Library, draft: &Draft) -> Result<Report, LibraryError> {
        let lines: Vec<String> = draft.lines.iter().map(|l| normalize::clean(l)).collect();
        let doc = lex::parse::parse_lines(&lines);
        let (date, date_source) = draft_date(&lines, &doc.meta, draft.date);
        let pos = positions(&lines);
        // Short names the draft defines (`sau đây gọi là …`), then every citation.
        let mut names = self.names.clone();
        let mut found: Vec<Vec<Citation>> = lines.iter().map(|l| find(l, &names)).collect();
        let mut aliased = false;
        for c in found.iter().flatten() {
            if let (Some(alias), DocRef::External { number, .. }) = (&c.alias, &c.document) {
                names.add(alias, number.as_deref());
                aliased = true;
            }
        }
        if aliased {
            found = lines.iter().map(|l| find(l, &names)).collect();
        }
        // Documents the text cites (resolved), and its own number: a text citing both an expired
        // code and the code that replaced it compares the two regimes (intertemporal).
        let own = doc.meta.number.as_deref().filter(|n| {
            lines.iter().take(20).any(|l| {
                let f = normalize::fold_key(l);
                (f.trim_start().starts_with("so") || f.contains("so:")) && l.contains(n)
            })
        });
        let own = own.map(lex::number::key);
        let mut run = Run {
            reviewer: self,
            lib,
            date,
            opened: HashMap::new(),
            acknowledged: found
                .iter()
                .flatten()
                .flat_map(|c| c.amended_by.iter().map(|n| lex::number::key(n)))
                .collect(),
            diagnostics: vec![],
            stats: Stats::default(),
            cited: HashSet::new(),
            entries: vec![],
            ids: HashMap::new(),
            numbers: HashMap::new(),
            own,
        };
        // Every number the text cites, read in a few queries rather than one per citation.
        let numbers: Vec<String> = found
            .iter()
            .flatten()
            .filter_map(|c| match &c.document {
                DocRef::External { number: Some(n), .. } => Some(n.clone()),
                _ => None,
            })
            .chain(KNOWN_CODES.iter().map(|(_, _, n)| n.to_string()))
            .collect();
        run.prefetch(&numbers).await?;
        let mut cited = HashSet::new();
        for c in found.iter().flatten() {
            if matches!(c.document, DocRef::External { .. })
                && let Lookup::Found(i) = run.lookup(&c.document, date).await?
            {
                cited.insert(lex::number::key(&run.entries[i].number));
            }
        }
        run.cited = cited;
        // The previous version: its lines and how its articles map to this one's.
        let previous = draft.previous.as_ref().map(|p| {
            let old_lines: Vec<String> = p.iter().map(|l| normalize::clean(l)).collect();
            let old = lex::parse::parse_lines(&old_lines);
            let moved: HashMap<String, String> = lex::diff::diff(&old.root, &doc.root)
                .into_iter()
                .filter_map(|c| match (c.kind, c.from, c.to) {
                    (lex::diff::ChangeKind::Moved, Some(f), Some(t)) => Some((f.0, t.0)),
                    (lex::diff::ChangeKind::Removed, Some(f), None) => Some((f.0, String::new())),
                    _ => None,
                })
                .collect();
            let seen: HashSet<String> = old_lines.iter().map(|l| unnumbered_key(l)).collect();
            (old.root, moved, seen)
        });
        // Bare citations in an amending article (`Sửa đổi, bổ sung Điều 43 như sau:`) point into the
        // document amended — named in that line, else in the title (`… sửa đổi, bổ sung một số điều
        // của Nghị định số 122/2021/NĐ-CP`) — seen from the article the instruction names; they are
        // read on the day before the amendment takes effect.
        let first_article = lines
            .iter()
            .position(|l| matches!(line::classify(&normalize::clean_line(l)), Line::Article { .. }))
            .unwrap_or(lines.len());
        let doc_amends: Option<Citation> = (0..first_article).find_map(|i| {
            let f = normalize::fold_key(&lines[i]);
            (!f.trim_start().starts_with("can cu") && (f.contains("sua doi") || f.contains("bai bo")))
                .then(|| {
                    found[i].iter().find(|c| matches!(c.document, DocRef::External { .. }) && !c.in_chain).cloned()
                })
                .flatten()
        });
        let has_articles = !articles(&doc.root).is_empty();
        // Article headings (`Điều 688. Điều khoản chuyển tiếp`), folded, by number.
        let headings: HashMap<String, String> = lines
            .iter()
            .zip(pos.iter())
            .filter(|(_, p)| !p.payload && !p.outside_body)
            .filter_map(|(l, _)| match line::classify(&normalize::clean_line(l)) {
                Line::Article { num, heading } => Some((num, normalize::fold_key(heading))),
                _ => None,
            })
            .collect();
        let mut amending: Option<(Citation, Position)> = None;
        let mut views = vec![];
        for (i, line) in lines.iter().enumerate() {
            let p = &pos[i];
            if p.outside_body {
                continue;
            }
            let flat = normalize::clean_line(line);
            let class = line::classify(&flat);
            if matches!(class, Line::Article { .. }) && !p.payload {
                amending = None;
            }
            let rest = match &class {
                Line::Article { heading, .. } => heading.to_string(),
                Line::Clause { rest, .. } | Line::Point { rest, .. } => rest.to_string(),
                _ => flat.clone(),
            };
            let head = normalize::fold_key(&rest);
            let verb = ["sua doi", "bo sung", "bai bo", "thay the", "thay cum tu", "bo cum tu", "bo tu", "thay tu"]
                .iter()
                .any(|v| head.starts_with(v));
            if verb && !p.payload {
                let target = found[i]
                    .iter()
                    .find(|c| matches!(c.document, DocRef::External { .. }) && !c.in_chain)
                    .cloned()
                    .or_else(|| doc_amends.clone());
                if let Some(t) = target {
                    let mut ctx = amending.as_ref().map(|a| a.1.clone()).unwrap_or_default();
                    // `… một số điểm của khoản 5 Điều 112 như sau:` — the instruction's own target.
                    if let Some(t) = found[i]
                        .iter()
                        .filter(|c| c.is_internal())
                        .flat_map(|c| c.targets.iter())
                        .rfind(|t| t.steps.iter().any(|s| s.unit == Unit::Article && !s.is_relative()))
                    {
                        let num = |u: Unit| t.steps.iter().find(|s| s.unit == u).map(|s| s.num.clone());
                        ctx =
                            Position { article: num(Unit::Article), clause: num(Unit::Clause), ..Position::default() };
                    }
                    amending = Some((t, ctx));
                }
            }
            let folded = normalize::fold_key(line);
            let transitional =
                p.article.as_ref().and_then(|a| headings.get(a)).is_some_and(|h| h.contains("chuyen tiep"));
            let site = Site { line: i + 1, text: line, pos: p, intertemporal: transitional || intertemporal(&folded) };
            for c in &found[i] {
                let inserted = {
                    let after = normalize::fold_key(line.get(c.span.end..).unwrap_or(""));
                    let before = normalize::fold_key(line.get(..c.span.start).unwrap_or(""));
                    after.trim_start().starts_with("vao ")
                        || (before.trim_end().ends_with("bo sung") && !before.trim_end().ends_with("sua doi, bo sung"))
                };
                let context = Context {
                    amending: amending.as_ref().filter(|_| c.document == DocRef::Implicit),
                    inserted,
                    internal_possible: has_articles,
                };
                let view = run.citation(c, &site, &doc.root, &context, previous.as_ref()).await?;
                views.push(view);
            }
        }
        numbering(&lines, &pos, &mut run.diagnostics);
        let mut diagnostics = run.diagnostics;
        diagnostics.sort_by_key(|d| (d.line, d.column, d.severity));
        Ok(Report { date, date_source, diagnostics, citations: views, stats: run.stats })
    }
}

/// Facts before a date (`… trước ngày 01/01/2017 …`) and a text's own statement that another ends
/// (`… hết hiệu lực kể từ …`); transitional articles (`Điều khoản chuyển tiếp`, e.g. Điều 688 BLDS
/// 2015, which keeps the 2005 Code for earlier transactions) are found by their heading.
fn intertemporal(folded_line: &str) -> bool {
    ["truoc ngay", "chuyen tiep", "het hieu luc", "da duoc giai quyet", "xac lap truoc", "bai bo", "thay the"]
        .iter()
        .any(|w| folded_line.contains(w))
        || (folded_line.contains("truoc khi") && folded_line.contains("co hieu luc"))
}

/// Labels of a node's children of a kind, for messages: `1, 2`, `a, b, c, c1, d`.
fn child_nums(node: &Node, kind: NodeKind) -> Vec<String> {
    node.children.iter().filter(|c| c.kind == kind).filter_map(|c| c.num.clone()).collect()
}

fn articles(root: &Node) -> Vec<String> {
    root.walk()
        .map(|(n, _)| n)
        .filter(|n| n.kind == NodeKind::Article && !n.eid.starts_with("annex_"))
        .filter_map(|n| n.num.clone())
        .collect()
}

fn summarize(nums: &[String]) -> String {
    if nums.len() > 12 {
        format!("{}–{} ({} đơn vị / units)", nums[0], nums[nums.len() - 1], nums.len())
    } else {
        nums.join(", ")
    }
}

/// What exists around a missing eId: the nearest existing ancestor and its children.
fn what_exists(root: &Node, eid: &str, doc_label: &str) -> (String, Option<String>) {
    let segs: Vec<&str> = eid.split("__").collect();
    for k in (1..segs.len()).rev() {
        let parent = segs[..k].join("__");
        if let Some(n) = root.find(&parent) {
            let (kind, word) = match segs[k].split('_').next() {
                Some("cl") => (NodeKind::Clause, "khoản"),
                Some("pt") => (NodeKind::Point, "điểm"),
                _ => (NodeKind::Article, "Điều"),
            };
            let nums = child_nums(n, kind);
            let label = crate::lookup::citation(root, &parent);
            let known = if nums.is_empty() {
                format!("{label} {doc_label} không có {word} nào / has no {word}")
            } else {
                format!("{label} {doc_label} chỉ có {word} {} / only has {word} {}", summarize(&nums), summarize(&nums))
            };
            return (known, None);
        }
    }
    let nums = articles(root);
    let known = format!("{doc_label} có Điều {} / has Điều {}", summarize(&nums), summarize(&nums));
    (known, None)
}

fn shorten(s: &str, n: usize) -> String {
    let s = normalize::collapse_spaces(&s.replace('\n', " "));
    if s.chars().count() <= n { s } else { format!("{}…", s.chars().take(n).collect::<String>()) }
}

impl Run<'_> {
    fn push(&mut self, kind: Kind, site: &Site<'_>, span: Range<usize>, c: &Citation, message: String) -> usize {
        // Intertemporal citations are about another time: at most info (the internal checks stay).
        let lowered = matches!(
            kind,
            Kind::ExpiredDocument | Kind::RepealedProvision | Kind::NotYetInForce | Kind::MissingProvision
        ) && site.intertemporal;
        let severity = if lowered { Severity::Info } else { kind.severity() };
        self.diagnostics.push(Diagnostic {
            kind,
            severity,
            line: site.line,
            column: column(site.text, span.start),
            span,
            citation: c.text.clone(),
            message,
            known: None,
            suggestion: None,
            fix: None,
            intertemporal: site.intertemporal,
        });
        self.diagnostics.len() - 1
    }

    async fn open(&mut self, idx: usize, at: Date) -> Result<Option<&Opened>, LibraryError> {
        if !self.opened.contains_key(&(idx, at)) {
            let id = self.entries[idx].id;
            let view = self.lib.document(id, at).await?;
            let pit = self.lib.consolidated(&view, at).await?.map(|c| c.pit);
            let tree = if pit.is_none() { self.lib.tree_at(&view, at).await? } else { None };
            self.opened.insert((idx, at), Some(Opened { view, pit, tree }));
        }
        Ok(self.opened.get(&(idx, at)).and_then(|o| o.as_ref()))
    }

    /// A Work's catalogue entry (with its dated events), read once per check.
    async fn entry(&mut self, id: i64) -> Result<usize, LibraryError> {
        if let Some(&i) = self.ids.get(&id) {
            return Ok(i);
        }
        let row: crate::catalog::CatalogRow = store::sqlx::query_as(
            "SELECT id, work_key, number, name, doc_type, title, issuer, issued, meta_rank FROM works WHERE id = $1",
        )
        .bind(id)
        .fetch_one(self.lib.db().pool())
        .await?;
        let events = self.lib.events(id).await?;
        self.entries.push(CatalogEntry::from_row(row, events));
        self.ids.insert(id, self.entries.len() - 1);
        Ok(self.entries.len() - 1)
    }

    /// Read the Works with these numbers, and their events, in batches of 400.
    async fn prefetch(&mut self, numbers: &[String]) -> Result<(), LibraryError> {
        let mut keys: Vec<String> =
            numbers.iter().map(|n| lex::number::key(n)).filter(|k| !self.numbers.contains_key(k)).collect();
        keys.sort();
        keys.dedup();
        type Row = (
            i64,
            String,
            i64,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        for chunk in keys.chunks(400) {
            // Only the count of placeholders is formatted into the statement; values are bound.
            let marks = (1..=chunk.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
            let sql = format!(
                "SELECT id, number_key, meta_rank, work_key, number, name, doc_type, title, issuer, issued FROM works WHERE number_key IN ({marks})"
            );
            let mut q = store::sqlx::query_as::<_, Row>(store::sqlx::AssertSqlSafe(sql));
            for k in chunk {
                q = q.bind(k);
            }
            let rows = q.fetch_all(self.lib.db().pool()).await?;
            for k in chunk {
                self.numbers.insert(k.clone(), None);
            }
            let mut best: HashMap<String, (i64, Row)> = HashMap::new();
            for r in rows {
                if best.get(&r.1).is_none_or(|(rank, _)| r.2 > *rank) {
                    best.insert(r.1.clone(), (r.2, r));
                }
            }
            let ids: Vec<i64> = best.values().map(|(_, r)| r.0).filter(|id| !self.ids.contains_key(id)).collect();
            let mut events: HashMap<i64, Vec<lex::model::ForceEvent>> = HashMap::new();
            if !ids.is_empty() {
                let marks = (1..=ids.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
                let sql = format!(
                    "SELECT e.work_id, e.kind, COALESCE(e.date, (SELECT w.effective FROM works w WHERE w.work_key = e.by_key AND e.kind IN ('replaced', 'repealed', 'expired'))), e.by_ref, e.partial
                     FROM work_events e WHERE e.work_id IN ({marks}) ORDER BY e.id"
                );
                let mut q = store::sqlx::query_as::<_, (i64, String, Option<String>, Option<String>, i64)>(
                    store::sqlx::AssertSqlSafe(sql),
                );
                for id in &ids {
                    q = q.bind(id);
                }
                for (id, kind, date, by, partial) in q.fetch_all(self.lib.db().pool()).await? {
                    let Some(e) = crate::catalog::force_event(&kind, date.as_deref(), by, partial) else { continue };
                    let list = events.entry(id).or_default();
                    if !list.contains(&e) {
                        list.push(e);
                    }
                }
            }
            for (k, (_, (id, _, rank, key, number, name, doc_type, title, issuer, issued))) in best {
                self.numbers.insert(k, Some(id));
                if self.ids.contains_key(&id) {
                    continue;
                }
                let row = (id, key, number, name, doc_type, title, issuer, issued, rank);
                self.entries.push(CatalogEntry::from_row(row, events.remove(&id).unwrap_or_default()));
                self.ids.insert(id, self.entries.len() - 1);
            }
        }
        Ok(())
    }

    /// The Work with this number (the richest, when a stub known from a mention shares it).
    async fn by_number(&mut self, n: &str) -> Result<Option<usize>, LibraryError> {
        let key = lex::number::key(n);
        if let Some(known) = self.numbers.get(&key).copied() {
            return match known {
                Some(id) => Ok(Some(self.entry(id).await?)),
                None => Ok(None),
            };
        }
        let hit: Option<(i64,)> =
            store::sqlx::query_as("SELECT id FROM works WHERE number_key = $1 ORDER BY meta_rank DESC LIMIT 1")
                .bind(lex::number::key(n))
                .fetch_optional(self.lib.db().pool())
                .await?;
        match hit {
            Some((id,)) => Ok(Some(self.entry(id).await?)),
            None => Ok(None),
        }
    }

    /// Find the cited document: by number, else by name (the version in force on the date).
    async fn lookup(&mut self, d: &DocRef, at: Date) -> Result<Lookup, LibraryError> {
        let DocRef::External { name, number, year, .. } = d else { return Ok(Lookup::Unknown(vec![])) };
        if let Some(n) = number {
            if let Some(i) = self.by_number(n).await? {
                return Ok(Lookup::Found(i));
            }
            return Ok(Lookup::Unknown(self.closest_numbers(n).await?));
        }
        let Some(name) = name else { return Ok(Lookup::Unknown(vec![])) };
        let k = name_key(name);
        // A code named with its year (`Bộ luật Dân sự năm 2005`) is that year's code, by number.
        if let Some(y) = year
            && let Some((_, _, n)) = KNOWN_CODES.iter().find(|(c, cy, _)| name_key(c) == k && cy == y)
            && let Some(i) = self.by_number(n).await?
        {
            return Ok(Lookup::Found(i));
        }
        let mut cands: Vec<usize> = vec![];
        for id in self.reviewer.by_name.get(&k).cloned().unwrap_or_default() {
            cands.push(self.entry(id).await?);
        }
        // Every version of a code named without its year (`Luật Thi hành án dân sự`: 2008 and 2025).
        for (_, _, n) in KNOWN_CODES.iter().filter(|(c, _, _)| name_key(c) == k) {
            if let Some(i) = self.by_number(n).await? {
                cands.push(i);
            }
        }
        cands.sort();
        cands.dedup();
        let e = &self.entries;
        if let Some(y) = year {
            cands.retain(|&i| e[i].year == Some(i64::from(*y)));
        }
        Ok(match cands.len() {
            0 => Lookup::Unknown(vec![]),
            1 => Lookup::Found(cands[0]),
            _ => {
                let in_force: Vec<usize> = cands
                    .iter()
                    .copied()
                    .filter(|&i| matches!(e[i].status_at(at), Status::InForce | Status::Suspended))
                    .collect();
                // A name-only Work beside a numbered one is a copy from an article corpus.
                let numbered: Vec<usize> = in_force.iter().copied().filter(|&i| e[i].has_number).collect();
                let in_force = if numbered.is_empty() { in_force } else { numbered };
                match in_force.len() {
                    1 => Lookup::Found(in_force[0]),
                    0 => {
                        // None in force: the latest issued before the date (its status is reported).
                        let at_s = at.to_string();
                        let best = cands
                            .iter()
                            .copied()
                            .filter(|&i| e[i].issued.as_deref().is_none_or(|d| d <= at_s.as_str()))
                            .max_by_key(|&i| e[i].issued.clone());
                        best.map(Lookup::Found).unwrap_or(Lookup::Unknown(vec![]))
                    }
                    _ => Lookup::Ambiguous(in_force),
                }
            }
        })
    }

    /// Up to three numbers of the same issuer code within two edits (`62/2015/NĐ-CP` for `62/2016/NĐ-CP`).
    async fn closest_numbers(&self, n: &str) -> Result<Vec<String>, LibraryError> {
        let want = lex::number::key(n);
        let code = want.rsplit('/').next().unwrap_or("").replace(['%', '_'], "");
        if code.is_empty() {
            return Ok(vec![]);
        }
        let rows: Vec<(String, String)> = store::sqlx::query_as(
            "SELECT number, number_key FROM works WHERE meta_rank > 0 AND number_key LIKE $1 LIMIT 20000",
        )
        .bind(format!("%/{code}"))
        .fetch_all(self.lib.db().pool())
        .await?;
        let mut scored: Vec<(usize, String)> = rows
            .into_iter()
            .filter_map(|(number, k)| {
                let d = edit_distance(&want, &k);
                (d <= 2).then_some((d, number))
            })
            .collect();
        scored.sort();
        scored.dedup();
        Ok(scored.into_iter().take(3).map(|(_, s)| s).collect())
    }

    async fn citation(
        &mut self,
        c: &Citation,
        site: &Site<'_>,
        root: &Node,
        ctx: &Context<'_>,
        previous: Option<&(Node, HashMap<String, String>, HashSet<String>)>,
    ) -> Result<CitationView, LibraryError> {
        self.stats.citations += 1;
        let mut view = CitationView {
            line: site.line,
            column: column(site.text, c.span.start),
            span: c.span.clone(),
            text: c.text.clone(),
            internal: c.is_internal(),
            vague: c.vague,
            document: None,
            title: None,
            targets: vec![],
        };
        if c.vague {
            self.stats.vague += 1;
            return Ok(view);
        }
        if let Some(m) = &c.malformed {
            let k = self.push(
                Kind::MalformedCitation,
                site,
                m.span.clone(),
                c,
                format!("trích dẫn viết sai / malformed citation: {}", m.reason),
            );
            if let Some(f) = &m.fix {
                self.diagnostics[k].suggestion = Some(format!("viết / write “{f}”"));
                self.diagnostics[k].fix = Some(Fix { line: site.line, span: m.span.clone(), replacement: f.clone() });
            }
        }
        if site.pos.payload {
            // Quoted text of an amendment: another document's wording, not this draft's citation.
            return Ok(view);
        }
        // Bare citations in an amending article point into the amended document.
        let no_context = Position::default();
        let (document, at, from) = match (&c.document, ctx.amending) {
            (DocRef::Implicit, Some((a, p))) => (a.document.clone(), Date::from_days(self.date.to_days() - 1), p),
            (d, _) => (d.clone(), self.date, &no_context),
        };
        if ctx.inserted {
            return Ok(view);
        }
        if matches!(document, DocRef::Implicit | DocRef::This) {
            if ctx.internal_possible || document == DocRef::This {
                self.internal(c, site, root, previous, &mut view);
            }
            return Ok(view);
        }
        self.stats.external_citations += 1;
        let idx = match self.lookup(&document, at).await? {
            Lookup::Found(i) => i,
            Lookup::Unknown(closest) => {
                let cited = doc_id(&document).unwrap_or_else(|| c.text.clone());
                let span = c.doc_span.clone().unwrap_or(c.span.clone());
                let k = self.push(
                    Kind::UnknownDocument,
                    site,
                    span.clone(),
                    c,
                    format!("thư viện không có văn bản “{cited}” / the library does not know “{cited}”"),
                );
                if !closest.is_empty() {
                    self.diagnostics[k].suggestion = Some(format!("có phải / did you mean: {}", closest.join("; ")));
                    if closest.len() == 1
                        && let Some(ns) = &c.number_span
                    {
                        self.diagnostics[k].fix =
                            Some(Fix { line: site.line, span: ns.clone(), replacement: closest[0].clone() });
                    }
                }
                return Ok(view);
            }
            Lookup::Ambiguous(cands) => {
                let list: Vec<String> = cands.iter().map(|&i| self.entries[i].number.clone()).collect();
                let span = c.doc_span.clone().unwrap_or(c.span.clone());
                let k = self.push(
                    Kind::AmbiguousDocument,
                    site,
                    span,
                    c,
                    format!(
                        "tên văn bản ứng với nhiều văn bản còn hiệu lực / the name fits several documents in force: {}",
                        list.join(", ")
                    ),
                );
                self.diagnostics[k].suggestion = Some("ghi rõ số hiệu / give the number".into());
                return Ok(view);
            }
        };
        let entry = self.entries[idx].clone();
        if self.own.as_deref().is_some_and(|o| o == lex::number::key(&entry.number)) {
            return Ok(view);
        }
        self.stats.external_resolved += 1;
        view.document = Some(entry.number.clone());
        view.title = entry.title.clone();
        let status = entry.status_at(at);
        let doc_span = c.doc_span.clone().unwrap_or(c.span.clone());
        let label = entry.number.clone();
        match status {
            Status::Expired | Status::Repealed => {
                let opened = self.open(idx, at).await?;
                let (since, by, replaced_by) = opened
                    .map(|o| {
                        let end = o.view.events.iter().find(|e| {
                            !e.partial
                                && matches!(e.kind.as_str(), "expired" | "repealed" | "replaced")
                                && e.date.as_deref().is_some_and(|d| d <= at.to_string().as_str())
                        });
                        let rep = o
                            .view
                            .relations
                            .iter()
                            .find(|r| r.kind == "replaced_by")
                            .map(|r| r.target.clone())
                            .or_else(|| end.and_then(|e| e.by.clone()));
                        (end.and_then(|e| e.date.clone()), end.and_then(|e| e.by.clone()), rep)
                    })
                    .unwrap_or((None, None, None));
                let k = self.push(
                    Kind::ExpiredDocument,
                    site,
                    doc_span.clone(),
                    c,
                    format!("{label} không còn hiệu lực vào ngày {at} / {label} is no longer in force on {at}"),
                );
                let rep_key = replaced_by.as_deref().map(|r| lex::number::key(&lex::number::canonical(r)));
                let d = &mut self.diagnostics[k];
                d.known = Some(format!(
                    "{}{}{}",
                    status.label_vi(),
                    since.map(|s| format!(" từ {s}")).unwrap_or_default(),
                    by.map(|b| format!(" theo {b}")).unwrap_or_default()
                ));
                if let Some(r) = replaced_by {
                    let r = lex::number::canonical(&r);
                    d.suggestion = Some(format!("trích dẫn văn bản thay thế / cite the replacing document {r}"));
                    if let Some(ns) = &c.number_span
                        && lex::number::looks_like_number(&r)
                    {
                        d.fix = Some(Fix { line: site.line, span: ns.clone(), replacement: r });
                    }
                }
                let compared = rep_key.is_some_and(|k| self.cited.contains(&k));
                if site.intertemporal || compared {
                    d.severity = Severity::Info;
                    d.intertemporal = true;
                }
                return Ok(view);
            }
            Status::NotYetInForce => {
                let eff = entry.events.iter().filter(|e| e.kind == EventKind::Effective).filter_map(|e| e.date).min();
                let k = self.push(
                    Kind::NotYetInForce,
                    site,
                    doc_span,
                    c,
                    format!("{label} chưa có hiệu lực vào ngày {at} / {label} is not yet in force on {at}"),
                );
                self.diagnostics[k].known = eff.map(|e| format!("có hiệu lực từ / in force from {e}"));
            }
            _ => {}
        }
        if c.targets.is_empty() {
            return Ok(view);
        }
        let Some(opened) = self.open(idx, at).await? else { return Ok(view) };
        let Some(tree) = opened.root().cloned() else {
            view.targets = c
                .targets
                .iter()
                .map(|t| TargetView { label: t.label(), eid: None, exists: None, text: None })
                .collect();
            return Ok(view);
        };
        let pit_repealed = opened.pit.as_ref().map(|p| p.repealed.clone()).unwrap_or_default();
        let pending = opened.pit.as_ref().map(|p| p.pending.clone()).unwrap_or_default();
        let provenance = opened.pit.as_ref().map(|p| p.provenance.clone()).unwrap_or_default();
        for t in &c.targets {
            let Some(eid) = target_eid(t, from) else {
                view.targets.push(TargetView { label: t.label(), eid: None, exists: None, text: None });
                continue;
            };
            let span = target_span(t, c);
            if let Some(n) = tree.find(&eid) {
                view.targets.push(TargetView {
                    label: t.label(),
                    eid: Some(eid.clone()),
                    exists: Some(true),
                    text: Some(shorten(&lex::diff::unit_text(n), 400)),
                });
                // Amended by an act the draft does not mention.
                let changed = provenance
                    .iter()
                    .filter(|(k, _)| **k == eid || k.starts_with(&format!("{eid}__")))
                    .map(|(_, p)| p)
                    .find(|p| !self.acknowledged.contains(&lex::number::key(&p.by)));
                if let Some(p) = changed {
                    let k = self.push(
                        Kind::AmendedProvision,
                        site,
                        span.clone(),
                        c,
                        format!("{} {label} đã được sửa đổi / has been amended", t.label()),
                    );
                    let instr = instruction_label(&p.instruction);
                    self.diagnostics[k].known = Some(format!(
                        "sửa đổi ({}) bởi {instr} {} từ {} / amended ({}) by {instr} {} from {}",
                        p.change, p.by, p.since, p.change, p.by, p.since
                    ));
                    self.diagnostics[k].suggestion =
                        Some(format!("ghi “được sửa đổi, bổ sung bởi {}” / mention the amending act", p.by));
                }
                continue;
            }
            view.targets.push(TargetView { label: t.label(), eid: Some(eid.clone()), exists: Some(false), text: None });
            let repeal = pit_repealed
                .iter()
                .filter(|(k, _)| eid == **k || eid.starts_with(&format!("{k}__")))
                .map(|(_, p)| p.clone())
                .next();
            if let Some(p) = repeal {
                let k = self.push(
                    Kind::RepealedProvision,
                    site,
                    span,
                    c,
                    format!("{} {label} đã bị bãi bỏ / has been repealed", t.label()),
                );
                let instr = instruction_label(&p.instruction);
                self.diagnostics[k].known = Some(format!(
                    "bãi bỏ bởi {instr} {} từ {} / repealed by {instr} {} from {}",
                    p.by, p.since, p.by, p.since
                ));
                self.diagnostics[k].suggestion =
                    Some("bỏ trích dẫn hoặc dẫn quy định thay thế / drop the citation or cite what replaced it".into());
                continue;
            }
            let later = pending.iter().find(|o| {
                matches!(&o.op, Op::Insert { payload, .. } | Op::Replace { payload, .. } if payload.find(&eid).is_some())
            });
            if let Some(o) = later {
                let k = self.push(
                    Kind::NotYetInForce,
                    site,
                    span,
                    c,
                    format!("{} {label} chưa có vào ngày {at} / does not exist yet on {at}", t.label()),
                );
                self.diagnostics[k].known = Some(format!(
                    "bổ sung bởi {} từ {} / inserted by {} from {}",
                    o.by, o.effective, o.by, o.effective
                ));
                continue;
            }
            let doc_label = entry.title.clone().map(|t| format!("{t} {label}")).unwrap_or(label.clone());
            let (known, _) = what_exists(&tree, &eid, &doc_label);
            let k = self.push(
                Kind::MissingProvision,
                site,
                span,
                c,
                format!("{label} không có {} / {label} has no {}", t.label(), t.label()),
            );
            self.diagnostics[k].known = Some(known);
        }
        Ok(view)
    }

    fn internal(
        &mut self,
        c: &Citation,
        site: &Site<'_>,
        root: &Node,
        previous: Option<&(Node, HashMap<String, String>, HashSet<String>)>,
        view: &mut CitationView,
    ) {
        for t in &c.targets {
            let Some(eid) = target_eid(t, site.pos) else {
                view.targets.push(TargetView { label: t.label(), eid: None, exists: None, text: None });
                continue;
            };
            // A text without chapters (an extract, a consolidated text without its headings) cannot
            // say whether its chapters exist.
            if (eid.starts_with("chp_") && root.count(NodeKind::Chapter) == 0)
                || (eid.starts_with("part_") && root.count(NodeKind::Part) == 0)
            {
                view.targets.push(TargetView { label: t.label(), eid: Some(eid), exists: None, text: None });
                continue;
            }
            self.stats.internal_targets += 1;
            let exists = root.find(&eid);
            let span = target_span(t, c);
            // Unchanged since the previous version, but its target has moved: an article renumbered, a
            // clause or point shifted by one inserted or removed before it.
            if let Some((old_root, moved, seen)) = previous
                && seen.contains(&unnumbered_key(site.text))
                && let Some(old_eid) = old_eid_of(t, &eid, moved, old_root)
                && let Some(new_eid) = lex::diff::relocate(old_root, root, moved, &old_eid)
                && let Some(fix) = renumbering_fix(t, &new_eid, root, site.text)
            {
                let label = crate::lookup::citation(root, &new_eid);
                let k = self.push(
                    Kind::StaleAfterRenumbering,
                    site,
                    span.clone(),
                    c,
                    format!(
                        "{} trỏ vào số cũ: quy định được dẫn nay là {label} / points at an old number: the provision cited is now {label}",
                        t.label()
                    ),
                );
                self.diagnostics[k].known = Some(format!(
                    "trong bản trước, {} là quy định nay đánh số {label} / in the previous version, {} is the provision now numbered {label}",
                    t.label(),
                    t.label()
                ));
                self.diagnostics[k].suggestion = Some(format!("sửa thành / change to “{label}”"));
                self.diagnostics[k].fix = Some(Fix { line: site.line, span: fix.0, replacement: fix.1 });
                self.stats.internal_resolved += usize::from(exists.is_some());
                view.targets.push(TargetView { label: t.label(), eid: Some(new_eid), exists: Some(true), text: None });
                continue;
            }
            match exists {
                Some(n) => {
                    self.stats.internal_resolved += 1;
                    view.targets.push(TargetView {
                        label: t.label(),
                        eid: Some(eid.clone()),
                        exists: Some(true),
                        text: Some(shorten(&lex::diff::unit_text(n), 400)),
                    });
                }
                None => {
                    view.targets.push(TargetView {
                        label: t.label(),
                        eid: Some(eid.clone()),
                        exists: Some(false),
                        text: None,
                    });
                    let (known, _) = what_exists(root, &eid, "văn bản này / this text");
                    let label = t.label();
                    let k = self.push(
                        Kind::MissingProvision,
                        site,
                        span,
                        c,
                        format!("văn bản này không có {label} / this text has no {label}"),
                    );
                    self.diagnostics[k].known = Some(known);
                }
            }
        }
    }
}

/// `art_1__cl_8` → `khoản 8 Điều 1`.
fn instruction_label(eid: &str) -> String {
    let mut parts: Vec<String> = eid
        .split("__")
        .filter_map(|s| {
            let (k, n) = s.split_once('_')?;
            Some(match k {
                "art" => format!("Điều {n}"),
                "cl" => format!("khoản {n}"),
                "pt" => format!("điểm {n}"),
                _ => return None,
            })
        })
        .collect();
    parts.reverse();
    parts.join(" ")
}

/// The span of one target inside a citation: from its first step to its last, or the whole citation
/// when the target shares its steps (lists).
/// A line's key for "unchanged since the previous version": its words, without the clause or point
/// number it starts with (`3. `, `b) `), which shifts when a clause or point is inserted before it.
fn unnumbered_key(line: &str) -> String {
    let l = normalize::collapse_spaces(line);
    let t = l.trim_start();
    let label_end = t.find(['.', ')']).filter(|&i| {
        let label = &t[..i];
        (1..=4).contains(&label.chars().count()) && label.chars().all(|c| c.is_alphanumeric())
    });
    let body = match label_end {
        Some(i) if t[i + 1..].starts_with(' ') => &t[i + 1..],
        _ => t,
    };
    normalize::match_key(body)
}

/// The eId a citation's target had in the previous version: the same numbers, except that an article
/// named relatively (`khoản 2 Điều này`, or no article at all) is the article the citing one was then.
fn old_eid_of(t: &Target, eid: &str, moved: &HashMap<String, String>, old_root: &Node) -> Option<String> {
    let absolute = t.steps.iter().any(|s| s.unit == Unit::Article && !s.is_relative());
    let (art, rest) = eid.split_once("__").map(|(a, r)| (a, format!("__{r}"))).unwrap_or((eid, String::new()));
    let old_art = if absolute {
        art.to_string()
    } else {
        match moved.iter().find(|(_, to)| to.as_str() == art) {
            Some((from, _)) => from.clone(),
            None if moved.contains_key(art) => return None,
            None => art.to_string(),
        }
    };
    let old = format!("{old_art}{rest}");
    old_root.find(&old).map(|_| old)
}

/// The edit that renumbers a citation's target to `new_eid`: each number written (article, clause,
/// point — not `này`) that differs from the new one is replaced; one span from the first changed number
/// to the last. `None` when no written number changes.
fn renumbering_fix(t: &Target, new_eid: &str, root: &Node, line: &str) -> Option<(Range<usize>, String)> {
    let parts: Vec<&str> = new_eid.split("__").collect();
    let mut changes: Vec<(Range<usize>, String)> = vec![];
    for step in t.steps.iter().filter(|s| !s.is_relative()) {
        let depth = match step.unit {
            Unit::Article => 1,
            Unit::Clause => 2,
            Unit::Point => 3,
            _ => continue,
        };
        let Some(node) = parts.get(..depth).and_then(|p| root.find(&p.join("__"))) else { continue };
        let Some(num) = node.num.as_deref() else { continue };
        if normalize::match_key(num) != normalize::match_key(&step.num) {
            changes.push((step.span.clone(), num.to_string()));
        }
    }
    let start = changes.iter().map(|c| c.0.start).min()?;
    let end = changes.iter().map(|c| c.0.end).max()?;
    let mut text = line.get(start..end)?.to_string();
    changes.sort_by_key(|c| std::cmp::Reverse(c.0.start));
    for (span, num) in changes {
        text.replace_range(span.start - start..span.end - start, &num);
    }
    Some((start..end, text))
}

fn target_span(t: &Target, c: &Citation) -> Range<usize> {
    let start = t.steps.iter().map(|s| s.span.start).min().unwrap_or(c.span.start);
    let end = t.steps.iter().map(|s| s.span.end).max().unwrap_or(c.span.end);
    // Back up to the unit word before the first number.
    let word_start = c.text.get(..start.saturating_sub(c.span.start)).and_then(|before| {
        let trimmed = before.trim_end();
        trimmed.rfind(' ').map(|p| c.span.start + p + 1).or(Some(c.span.start))
    });
    word_start.unwrap_or(start).min(start)..end.max(start)
}

/// Codes and laws cited by name and year in judgments and drafts, with their numbers. Checked on
/// 2026-11-24 against `../shared/data` (how the texts write "NAME số NUMBER", the Gazette and pháp điển
/// metadata): the Civil Codes 33/2005/QH11 (28 mentions) and 91/2015/QH13 (7); the Civil Procedure
/// Codes 92/2015/QH13 (5) and 24/2004/QH11 (1); the Criminal Code 100/2015/QH13 (63) and its
/// procedure 101/2015/QH13 (35); the Labour Codes 45/2019/QH14 ("Bộ luật số 45/2019/QH14", 3) and
/// 10/2012/QH13 (1); the Land Law 13/2003/QH11 (1); 45/2013/QH13 and 31/2024/QH15 appear only as
/// numbers (as legal bases and in an amendment list) — the well-known numbers of the 2013 and 2024
/// Land Laws; Marriage and Family 22/2000/QH10 (7) and 52/2014/QH13 (the corpus notes' "52/2014/QH13
/// HNGĐ"); Civil Enforcement 26/2008/QH12 (16) and 106/2025/QH15 (its text); Civil Status
/// 60/2014/QH13 (the notes); Enterprises 59/2020/QH14 (9); Legislative Documents 80/2015/QH13 (Gazette
/// metadata "Luật số 80/2015/QH13").
const KNOWN_CODES: &[(&str, i32, &str)] = &[
    ("Bộ luật Dân sự", 2005, "33/2005/QH11"),
    ("Bộ luật Dân sự", 2015, "91/2015/QH13"),
    ("Bộ luật Tố tụng dân sự", 2015, "92/2015/QH13"),
    ("Bộ luật Tố tụng dân sự", 2004, "24/2004/QH11"),
    ("Bộ luật Hình sự", 2015, "100/2015/QH13"),
    ("Bộ luật Tố tụng hình sự", 2015, "101/2015/QH13"),
    ("Bộ luật Lao động", 2019, "45/2019/QH14"),
    ("Bộ luật Lao động", 2012, "10/2012/QH13"),
    ("Luật Đất đai", 2003, "13/2003/QH11"),
    ("Luật Đất đai", 2013, "45/2013/QH13"),
    ("Luật Đất đai", 2024, "31/2024/QH15"),
    ("Luật Hôn nhân và gia đình", 2000, "22/2000/QH10"),
    ("Luật Hôn nhân và gia đình", 2014, "52/2014/QH13"),
    ("Luật Thi hành án dân sự", 2008, "26/2008/QH12"),
    ("Luật Thi hành án dân sự", 2025, "106/2025/QH15"),
    ("Luật Hộ tịch", 2014, "60/2014/QH13"),
    ("Luật Doanh nghiệp", 2020, "59/2020/QH14"),
    ("Luật Ban hành văn bản quy phạm pháp luật", 2015, "80/2015/QH13"),
];

enum Lookup {
    Found(usize),
    Unknown(Vec<String>),
    Ambiguous(Vec<usize>),
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j + 1] + 1).min(cur[j] + 1).min(prev[j] + usize::from(ca != cb));
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// `1.Text` or `a)Text`: a clause or point number glued to its text.
fn glued_number(l: &str) -> Option<(Unit, String)> {
    let digits: String = l.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() && digits.len() <= 3 {
        let rest = &l[digits.len()..];
        return rest
            .strip_prefix('.')
            .filter(|r| r.chars().next().is_some_and(|c| c.is_uppercase()))
            .map(|_| (Unit::Clause, digits));
    }
    let mut c = l.chars();
    let first = c.next()?;
    (POINT_LETTERS.contains(&first) && c.next() == Some(')') && c.next().is_some_and(|n| !n.is_whitespace()))
        .then(|| (Unit::Point, first.to_string()))
}

/// Numbers of articles (continuous through the text), clauses (restart in each article) and points
/// (Vietnamese letter order, restart in each clause): skipped and repeated numbers, letters out of
/// order. Quoted payloads and annexes are not the body.
fn numbering(lines: &[String], pos: &[Position], out: &mut Vec<Diagnostic>) {
    #[derive(Default)]
    struct Seq {
        last: Option<(u32, String)>,
    }
    let mut art = Seq::default();
    let mut cl = Seq::default();
    let mut pt: Option<(usize, String)> = None;
    for (i, l) in lines.iter().enumerate() {
        if pos[i].payload || pos[i].outside_body {
            continue;
        }
        // Tabs and runs of spaces (`1.<tab>Bên …` in Word files) read as one space.
        let flat = normalize::clean_line(l);
        let (unit, num) = match line::classify(&flat) {
            Line::Article { num, .. } => (Unit::Article, num),
            Line::Clause { num, .. } if pos[i].article.is_some() => (Unit::Clause, num),
            Line::Point { num, .. } if pos[i].article.is_some() => (Unit::Point, num),
            // `1.Bên bảo đảm …`, `a)Yêu cầu …`: a number without its space (a typing slip of the
            // published text) still counts in the sequence.
            Line::Text if pos[i].article.is_some() => match glued_number(&flat) {
                Some(x) => x,
                None => continue,
            },
            _ => continue,
        };
        let start = l.find(&num).unwrap_or(0);
        let span = start..start + num.len();
        let mut report = |message: String, suggestion: Option<String>| {
            out.push(Diagnostic {
                kind: Kind::Numbering,
                severity: Severity::Warning,
                line: i + 1,
                column: column(l, span.start),
                span: span.clone(),
                citation: l.chars().take(40).collect(),
                message,
                known: None,
                suggestion,
                fix: None,
                intertemporal: false,
            });
        };
        match unit {
            Unit::Article | Unit::Clause => {
                let seq = if unit == Unit::Article { &mut art } else { &mut cl };
                let value: u32 =
                    num.chars().take_while(|c| c.is_ascii_digit()).collect::<String>().parse().unwrap_or(0);
                let suffixed = num.chars().any(|c| !c.is_ascii_digit());
                let word = if unit == Unit::Article { "Điều" } else { "khoản" };
                match &seq.last {
                    None if value != 1 && !suffixed => report(
                        format!("{word} đầu tiên là {num}, không phải 1 / the first {word} is {num}, not 1"),
                        Some("đánh số từ 1 / number from 1".to_string()),
                    ),
                    Some((prev, prev_num))
                        if !suffixed && value == *prev && !prev_num.chars().any(|c| !c.is_ascii_digit()) =>
                    {
                        report(
                            format!("{word} {num} lặp lại / {word} {num} is repeated"),
                            Some(format!("đánh số lại thành {word} {} / renumber as {word} {}", prev + 1, prev + 1)),
                        )
                    }
                    Some((prev, _)) if !suffixed && value > prev + 1 => report(
                        format!(
                            "{word} {num} sau {word} {prev}: thiếu {word} {} / {word} {num} follows {word} {prev}: {word} {} is skipped",
                            prev + 1,
                            prev + 1
                        ),
                        Some(format!("đánh số lại thành {word} {} / renumber as {word} {}", prev + 1, prev + 1)),
                    ),
                    Some((prev, _)) if !suffixed && value < *prev => {
                        report(format!("{word} {num} sau {word} {prev}: sai thứ tự / out of order"), None)
                    }
                    _ => {}
                }
                seq.last = Some((value, num.clone()));
                if unit == Unit::Article {
                    cl = Seq::default();
                }
                pt = None;
            }
            _ => {
                let letter = num.chars().next().unwrap_or('a');
                let idx = POINT_LETTERS.iter().position(|c| *c == letter).unwrap_or(0);
                let suffixed = num.chars().count() > 1;
                let letter_at = |k: usize| POINT_LETTERS.get(k).map(|c| c.to_string()).unwrap_or_default();
                match &pt {
                    None if idx != 0 && !suffixed => {
                        report(format!("điểm đầu tiên là {num}, không phải a / the first point is {num}, not a"), None)
                    }
                    Some((prev, prev_num)) if !suffixed && idx == *prev && prev_num.chars().count() == 1 => report(
                        format!("điểm {num} lặp lại / point {num} is repeated"),
                        Some(format!(
                            "đánh lại thành điểm {} / reletter as {}",
                            letter_at(prev + 1),
                            letter_at(prev + 1)
                        )),
                    ),
                    Some((prev, _)) if !suffixed && idx > prev + 1 => report(
                        format!(
                            "điểm {num} sau điểm {}: thiếu điểm {} (thứ tự chữ cái tiếng Việt a b c d đ e g h i k …) / point {} is skipped",
                            letter_at(*prev),
                            letter_at(prev + 1),
                            letter_at(prev + 1)
                        ),
                        Some(format!(
                            "đánh lại thành điểm {} / reletter as {}",
                            letter_at(prev + 1),
                            letter_at(prev + 1)
                        )),
                    ),
                    Some((prev, _)) if !suffixed && idx < *prev => report(
                        format!("điểm {num} sau điểm {}: sai thứ tự chữ cái / letters out of order", letter_at(*prev)),
                        None,
                    ),
                    _ => {}
                }
                // After a repeat, count on from where the letters should be.
                let next_idx = match &pt {
                    Some((prev, _)) if !suffixed && idx <= *prev => *prev,
                    _ => idx,
                };
                pt = Some((next_idx, num.clone()));
            }
        }
    }
}

type Shared = std::sync::Mutex<HashMap<String, (String, std::sync::Arc<Reviewer>)>>;

static SHARED: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();

impl Reviewer {
    /// The reviewer of a library, kept between checks and rebuilt only when the catalogue changed
    /// (works, their events or amendments added or updated): reading 60,000 works is the slow part.
    pub async fn shared(lib: &Library) -> Result<std::sync::Arc<Reviewer>, LibraryError> {
        let (works, updated): (i64, Option<String>) =
            store::sqlx::query_as("SELECT COUNT(*), MAX(updated_at) FROM works").fetch_one(lib.db().pool()).await?;
        let (events,): (i64,) =
            store::sqlx::query_as("SELECT COUNT(*) FROM work_events").fetch_one(lib.db().pool()).await?;
        let stamp = format!("{works}|{}|{events}", updated.unwrap_or_default());
        let key = lib.db().describe();
        let cache = SHARED.get_or_init(Default::default);
        if let Ok(map) = cache.lock()
            && let Some((s, r)) = map.get(&key)
            && *s == stamp
        {
            return Ok(r.clone());
        }
        let r = std::sync::Arc::new(Reviewer::load(lib).await?);
        if let Ok(mut map) = cache.lock() {
            map.insert(key, (stamp, r.clone()));
        }
        Ok(r)
    }
}
