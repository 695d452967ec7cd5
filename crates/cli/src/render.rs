//! Terminal output: progress bar, import summary, list table, provision text, JSON contract.

use indicatif::{ProgressBar, ProgressStyle};
use lex::diff::{Change, ChangeKind, Segment};
use library::lookup::{DocumentView, ProvisionView, Version, WorkSummary};
use library::{ImportSummary, Progress};
use std::path::Path;

/// Progress bar over bytes imported.
pub struct Bar(Option<ProgressBar>);

impl Bar {
    pub fn new(quiet: bool) -> Bar {
        Bar(if quiet { None } else { Some(ProgressBar::new(0)) })
    }
}

impl Progress for Bar {
    fn start(&self, files: u64, bytes: u64) {
        if let Some(b) = &self.0 {
            b.set_length(bytes);
            b.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {bytes}/{total_bytes} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b.set_message(format!("{files} tệp / files"));
        }
    }
    fn file(&self, path: &Path, bytes: u64) {
        if let Some(b) = &self.0 {
            b.inc(bytes);
            b.set_message(path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string());
        }
    }
    fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

pub fn import_summary(s: &ImportSummary) {
    println!(
        "Đã nhập / imported: {} tệp, {} văn bản, {} điều, {} đơn vị nội dung ({:.1} MB in {:.1}s)",
        s.files_ok,
        s.documents,
        s.articles,
        s.provisions,
        s.bytes as f64 / 1e6,
        s.elapsed.as_secs_f64()
    );
    if s.files_skipped > 0 {
        println!("Bỏ qua / skipped: {} tệp", s.files_skipped);
        for (path, reason) in s.skipped.iter().take(10) {
            println!("  - {path}: {reason}");
        }
        if s.skipped.len() > 10 {
            println!("  … và {} tệp khác / and {} more", s.skipped.len() - 10, s.skipped.len() - 10);
        }
    }
    for l in &s.linked {
        println!(
            "Liên kết / linked: {} → {} ({}/{} điều giống hệt / articles word for word)",
            l.name, l.number, l.same, l.compared
        );
    }
    if !s.titled.is_empty() {
        let shown: Vec<String> =
            s.titled.iter().take(10).map(|t| format!("{} ({}, {}×)", t.number, t.title, t.citations)).collect();
        println!(
            "Tên lấy từ trích dẫn / titles from citations: {} văn bản — {}{}",
            s.titled.len(),
            shown.join(", "),
            if s.titled.len() > 10 { ", …" } else { "" }
        );
    }
    if s.files_failed > 0 {
        eprintln!("Lỗi / failed: {} tệp", s.files_failed);
        for (path, reason) in &s.failures {
            eprintln!("  ✗ {path}: {reason}");
        }
    }
}

pub fn list(works: &[WorkSummary], total: usize) {
    for w in works {
        println!(
            "{:<24} {:<12} {:<10} {:<16} {}",
            w.number,
            w.doc_type.as_deref().unwrap_or("-"),
            w.issued.as_deref().unwrap_or("-"),
            w.status.as_str(),
            w.title.as_deref().unwrap_or("")
        );
    }
    println!("({} / {total} văn bản)", works.len());
}

/// The `document` object of the `show` JSON contract.
fn document_json(doc: &DocumentView) -> serde_json::Value {
    serde_json::json!({
        "number": doc.number,
        "type": doc.doc_type,
        "title": doc.title,
        "issuer": doc.issuer,
        "issued": doc.issued,
        "effective": doc.effective,
        "status": doc.status,
    })
}

pub fn show_json(doc: &DocumentView, provision: Option<&ProvisionView>) -> String {
    serde_json::json!({ "document": document_json(doc), "provision": provision }).to_string()
}

/// JSON for a provision absent on the date asked: the document and the provision's status.
pub fn absent_json(
    doc: &DocumentView,
    eid: &str,
    status: lex::status::Status,
    since: Option<&str>,
    by: Option<&str>,
) -> String {
    let provision = serde_json::json!({ "eid": eid, "status": status, "since": since, "by": by, "children": [] });
    serde_json::json!({ "document": document_json(doc), "provision": provision }).to_string()
}

pub fn show_text(doc: &DocumentView, provision: Option<&ProvisionView>, single: bool) {
    println!("{} — {}", doc.number, doc.title.as_deref().unwrap_or(""));
    let line = |k: &str, v: Option<&str>| {
        if let Some(v) = v {
            println!("  {k:<22} {v}");
        }
    };
    line("Loại / type:", doc.doc_type.as_deref());
    line("Cơ quan / issuer:", doc.issuer.as_deref());
    line("Ban hành / issued:", doc.issued.as_deref());
    line("Hiệu lực / effective:", doc.effective.as_deref());
    println!("  {:<22} {} ({}, {})", "Tình trạng / status:", doc.status.label_vi(), doc.status.as_str(), doc.at);
    println!();
    match provision {
        Some(p) => print_node(p, 0, single),
        None => {
            println!("(thư viện chỉ có thông tin mô tả, chưa có toàn văn / metadata only, no text)")
        }
    }
}

fn print_node(p: &ProvisionView, depth: usize, _single: bool) {
    let indent = "  ".repeat(depth.saturating_sub(1));
    let head = match (p.kind, &p.heading) {
        (lex::Kind::Document, _) => String::new(),
        (lex::Kind::Article, Some(h)) => format!("{}. {h}", p.label),
        (lex::Kind::Clause, _) => format!("{}.", p.label.trim_start_matches("Khoản ")),
        (lex::Kind::Point, _) => format!("{})", p.label.trim_start_matches("Điểm ")),
        (_, Some(h)) => format!("{} — {h}", p.label),
        _ => p.label.clone(),
    };
    if let Some(u) = &p.unavailable_change {
        println!(
            "{indent}[! {} — thay đổi từ {} bởi {}, thư viện chưa có nội dung mới / changed on {} by {}, wording not available]",
            p.label, u.since, u.by, u.since, u.by
        );
    }
    if let Some(c) = &p.changed {
        println!("{indent}[{} — {} {} · {}]", p.label, change_vi(c.change), c.by, c.since);
    }
    let inline = matches!(p.kind, lex::Kind::Clause | lex::Kind::Point);
    if inline && !p.text.is_empty() {
        let mut lines = p.text.lines();
        println!("{indent}{head} {}", lines.next().unwrap_or(""));
        for l in lines {
            println!("{indent}{l}");
        }
    } else {
        if !head.is_empty() {
            println!("{indent}{head}");
        }
        for l in p.text.lines() {
            println!("{indent}{l}");
        }
    }
    for c in &p.children {
        print_node(c, depth + 1, false);
    }
    for l in p.trailing.lines() {
        println!("{indent}{l}");
    }
}

fn change_vi(change: &str) -> &'static str {
    match change {
        "replaced" => "sửa đổi bởi",
        "inserted" => "bổ sung bởi",
        "lead_in" => "sửa đoạn mở đầu bởi",
        "heading" => "sửa tên bởi",
        "words" => "sửa từ ngữ bởi",
        "corrected" => "đính chính bởi",
        "repealed" => "bãi bỏ bởi",
        "suspended" => "ngưng hiệu lực bởi",
        _ => "thay đổi bởi",
    }
}

pub fn history(doc: &DocumentView, reference: &str, versions: &[Version]) {
    println!("{reference} — {} {}", doc.number, doc.title.as_deref().unwrap_or(""));
    for v in versions {
        let span = format!("{} → {}", v.from.as_deref().unwrap_or("?"), v.to.as_deref().unwrap_or("nay / now"));
        let source = match (&v.by, &v.change) {
            (Some(by), Some(c)) => format!("{} {by} ({})", change_vi(c), v.instruction.as_deref().unwrap_or("")),
            (None, Some(c)) if c == "resumed" => "hết thời gian ngưng hiệu lực / applies again".to_string(),
            _ => "văn bản gốc / original text".to_string(),
        };
        println!();
        println!("● {span:<28} {} · {source}", v.status.label_vi());
        if let Some(p) = &v.provision {
            print_node(p, 1, true);
        }
    }
}

pub fn diff(changes: &[Change]) {
    if changes.is_empty() {
        println!("Không có khác biệt / no differences");
        return;
    }
    for c in changes {
        let label = |x: &Option<(String, String)>| x.as_ref().map(|(_, l)| l.clone()).unwrap_or_default();
        let head = match c.kind {
            ChangeKind::Added => format!("+ {} (bổ sung / added)", label(&c.to)),
            ChangeKind::Removed => format!("- {} (bỏ / removed)", label(&c.from)),
            ChangeKind::Changed => format!("~ {} (sửa đổi / changed)", label(&c.to)),
            ChangeKind::Moved => format!("→ {} → {} (chuyển số / renumbered)", label(&c.from), label(&c.to)),
        };
        println!("{head}");
        let mut line = String::new();
        for s in &c.redline {
            match s {
                Segment::Equal(t) => line.push_str(t),
                Segment::Insert(t) => line.push_str(&format!("{{+{t}+}}")),
                Segment::Delete(t) => line.push_str(&format!("[-{t}-]")),
            }
        }
        for l in line.lines() {
            println!("    {l}");
        }
        println!();
    }
}

pub fn sums(what: &str, place: String, sums: &[store::archive::TableSum]) {
    println!("{what}: {place}");
    for s in sums {
        println!("  {:<22} {:>9} rows  sha256 {}", s.table, s.rows, &s.sha256[..16]);
    }
}
