//! Lines of text → a [`Document`] (metadata + provision tree).
//!
//! The input is a list of paragraphs as they come out of a .txt file, a .docx body or a PDF text layer.
//! Each is cleaned ([`crate::normalize::clean_line`]) and classified ([`line::classify`]); a small state
//! machine builds the tree:
//!
//! header (issuer, `Số:`, place and date, type, title) → preamble (`Căn cứ …`) → body (Phần / Chương /
//! Mục / Tiểu mục / Điều / khoản / điểm) → signature and `Nơi nhận` → annexes (`Phụ lục`, attached
//! regulations), whose own `Điều 1.` lines are annex content, never body articles.
//!
//! Text quoted by an amendment instruction (`… như sau: "Điều 43. …"`) is payload of the instruction:
//! it never becomes structure of the amending document. A missing closing quote is recovered at the
//! next unquoted instruction.
//!
//! The parser never panics and never fails: any sequence of lines gives a tree (tested with proptest).

pub mod docx;
pub mod html;
pub mod line;
pub mod meta;
pub mod pdf;

use crate::model::{Document, Kind, Node};
use crate::normalize;
use line::Line;
use std::collections::HashSet;

/// Parse plain text (one paragraph per line; blank lines ignored).
pub fn parse_text(text: &str) -> Document {
    let lines: Vec<&str> = text.lines().collect();
    parse_lines(&lines)
}

/// Parse paragraphs into a document.
pub fn parse_lines<S: AsRef<str>>(raw: &[S]) -> Document {
    let lines: Vec<String> = raw
        .iter()
        .flat_map(|l| l.as_ref().split('\n').map(normalize::clean_line).collect::<Vec<_>>())
        .filter(|l| !l.is_empty())
        .collect();
    let header = meta::read_header(&lines);
    let mut builder = Builder::new();
    for line in &lines[header.body_start..] {
        builder.line(line);
    }
    let root = builder.finish();
    let mut meta = header.meta;
    meta::complete(&mut meta, &root);
    Document { meta, root }
}

/// Parse a fragment without a header (an article with its body, as structured corpora give them):
/// the lines go straight to the tree builder. Returns the root node.
pub fn parse_fragment<S: AsRef<str>>(raw: &[S]) -> Node {
    let mut builder = Builder::new();
    builder.zone = Zone::Body;
    for l in raw.iter().flat_map(|l| l.as_ref().split('\n').map(normalize::clean_line).collect::<Vec<_>>()) {
        if !l.is_empty() {
            builder.line(&l);
        }
    }
    builder.finish()
}

/// Where a non-structural line goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Zone {
    /// Before the first structural line: preamble (or the whole text, if no structure ever comes).
    Front,
    /// Inside the body.
    Body,
    /// Signature block and recipients after the body.
    Closing,
    /// Inside an annex.
    Annex,
}

struct Builder {
    /// Open nodes, root first. Closed nodes are moved into their parent's children.
    stack: Vec<Node>,
    zone: Zone,
    front: Vec<String>,
    seen: HashSet<String>,
    /// Waiting for a heading on the next line (after `Chương I` alone on its line).
    pending_heading: bool,
    in_quote: bool,
    prev_ends_colon: bool,
    annexes: u32,
    articles: u32,
    /// In the closing zone: true while reading the `Nơi nhận` list.
    in_recipients: bool,
}

impl Builder {
    fn new() -> Builder {
        Builder {
            stack: vec![Node::new(Kind::Document, "doc", None)],
            zone: Zone::Front,
            front: vec![],
            seen: HashSet::new(),
            pending_heading: false,
            in_quote: false,
            prev_ends_colon: false,
            annexes: 0,
            articles: 0,
            in_recipients: false,
        }
    }

    fn line(&mut self, line: &str) {
        let ends_colon = line.ends_with(':');
        self.dispatch(line);
        self.prev_ends_colon = ends_colon;
    }

    fn dispatch(&mut self, line: &str) {
        // Quoted payload of an amendment instruction.
        if self.in_quote {
            if starts_new_instruction(line) {
                self.in_quote = false;
            } else {
                self.paragraph(line);
                if closes_quote(line) {
                    self.in_quote = false;
                }
                return;
            }
        } else if starts_with_quote(line) && self.prev_ends_colon && self.zone != Zone::Front {
            self.paragraph(line);
            self.in_quote = !closes_quote_after_open(line);
            return;
        }

        if self.zone != Zone::Annex && self.articles > 0 {
            if let Some(annex_heading) = annex_start(line, self.zone == Zone::Closing) {
                self.open_annex(line, annex_heading);
                return;
            }
            if self.zone != Zone::Closing && is_closing_start(line) {
                self.enter_closing();
            }
        }
        if self.zone == Zone::Annex
            && let Some(h) = annex_start(line, false).filter(|_| is_new_annex_line(line))
        {
            self.open_annex(line, h);
            return;
        }
        if self.zone == Zone::Closing {
            self.closing_line(line);
            return;
        }

        let class = line::classify(line);
        if self.pending_heading {
            self.pending_heading = false;
            if class == Line::Text && looks_like_heading(line) {
                self.top_mut().heading = Some(line.to_string());
                return;
            }
        }
        match class {
            Line::Text => self.paragraph(line),
            Line::Part { num, value, heading } => {
                self.open(Kind::Part, &num, &value.to_string(), heading);
            }
            Line::Chapter { num, value, heading } => self.open(Kind::Chapter, num, &value.to_string(), heading),
            Line::Section { num, value, heading } => self.open(Kind::Section, num, &value.to_string(), heading),
            Line::Subsection { num, value, heading } => self.open(Kind::Subsection, num, &value.to_string(), heading),
            Line::Article { num, heading } => {
                self.articles += 1;
                self.open(Kind::Article, &num, &num, heading);
                self.pending_heading = false;
            }
            Line::Clause { num, rest } => {
                if !self.has_open(Kind::Article) {
                    return self.paragraph(line);
                }
                self.open(Kind::Clause, &num, &num, "");
                self.pending_heading = false;
                if !rest.is_empty() {
                    self.top_mut().text = rest.to_string();
                }
            }
            Line::Point { num, rest } => {
                if !self.has_open(Kind::Article) {
                    return self.paragraph(line);
                }
                self.open(Kind::Point, &num, &eid_letter(&num), "");
                self.pending_heading = false;
                if !rest.is_empty() {
                    self.top_mut().text = rest.to_string();
                }
            }
        }
    }

    fn top(&self) -> &Node {
        &self.stack[self.stack.len() - 1]
    }

    fn top_mut(&mut self) -> &mut Node {
        let n = self.stack.len() - 1;
        &mut self.stack[n]
    }

    fn top_kind(&self) -> Kind {
        self.top().kind
    }

    fn has_open(&self, kind: Kind) -> bool {
        self.stack.iter().any(|n| n.kind == kind)
    }

    /// Close the top node into its parent.
    fn pop(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        if let Some(node) = self.stack.pop() {
            let n = self.stack.len() - 1;
            self.stack[n].children.push(node);
        }
    }

    /// Leave the front matter: what was read so far becomes the preamble.
    fn flush_front(&mut self) {
        if self.zone != Zone::Front {
            return;
        }
        self.zone = Zone::Body;
        if self.front.is_empty() {
            return;
        }
        let mut pre = Node::new(Kind::Preamble, "preamble", None);
        pre.text = self.front.join("\n");
        self.front.clear();
        self.seen.insert(pre.eid.clone());
        self.stack[0].children.push(pre);
    }

    /// Open a numbered unit: close what it ends, compute its eId from the open ancestors.
    fn open(&mut self, kind: Kind, printed: &str, eid_num: &str, heading: &str) {
        self.flush_front();
        let level = kind.level();
        while self.stack.len() > 1 {
            let top = self.top_kind();
            // Points may sit directly in an article; a clause closes points; annex stays open.
            if top == Kind::Annex || top.level() < level {
                break;
            }
            self.pop();
        }
        // A paragraph taken as trailing text turns out to continue the previous sibling.
        if matches!(kind, Kind::Point | Kind::Clause) {
            let parent = self.top_mut();
            if !parent.trailing.is_empty() {
                let trailing = std::mem::take(&mut parent.trailing);
                if let Some(last) = parent.children.last_mut() {
                    last.push_paragraph(&trailing);
                }
            }
        }
        let parent_eid = self.eid_scope(kind);
        let base = format!("{}{}_{}", parent_eid, kind.eid_prefix(), eid_num);
        let eid = self.unique(base);
        let mut node = Node::new(kind, eid, Some(printed.to_string()));
        if !heading.is_empty() {
            node.heading = Some(heading.to_string());
        }
        let wants_heading =
            heading.is_empty() && matches!(kind, Kind::Part | Kind::Chapter | Kind::Section | Kind::Subsection);
        self.stack.push(node);
        self.pending_heading = wants_heading;
    }

    /// The eId prefix for a new node of `kind` (ending in `__`, or empty).
    ///
    /// Articles carry only the annex they sit in (never their chapter); clauses and points their
    /// article/clause; sections their chapter; subsections their section.
    fn eid_scope(&self, kind: Kind) -> String {
        let ancestor = |k: Kind| self.stack.iter().rev().find(|n| n.kind == k).map(|n| n.eid.clone());
        let annex = ancestor(Kind::Annex);
        let scoped = match kind {
            Kind::Clause => ancestor(Kind::Article),
            Kind::Point => {
                let top = self.top();
                if matches!(top.kind, Kind::Clause | Kind::Article) {
                    Some(top.eid.clone())
                } else {
                    ancestor(Kind::Article)
                }
            }
            Kind::Section => ancestor(Kind::Chapter).or(annex.clone()),
            Kind::Subsection => ancestor(Kind::Section).or(annex.clone()),
            _ => annex.clone(),
        };
        match scoped {
            Some(p) => format!("{p}__"),
            None => String::new(),
        }
    }

    fn unique(&mut self, base: String) -> String {
        if self.seen.insert(base.clone()) {
            return base;
        }
        let mut i = 2;
        loop {
            let candidate = format!("{base}_{i}");
            if self.seen.insert(candidate.clone()) {
                return candidate;
            }
            i += 1;
        }
    }

    fn paragraph(&mut self, line: &str) {
        if self.zone == Zone::Front {
            self.front.push(line.to_string());
            return;
        }
        // An unnumbered paragraph after a point that ends its list (`.`) is the trailing paragraph of
        // the clause; if another point follows after all, `open` gives it back to the point.
        if self.top_kind() == Kind::Point && self.top().text.ends_with('.') && self.top().children.is_empty() {
            self.pop();
        }
        self.top_mut().push_paragraph(line);
    }

    fn enter_closing(&mut self) {
        self.flush_front();
        while self.stack.len() > 1 {
            self.pop();
        }
        self.zone = Zone::Closing;
        self.in_recipients = false;
    }

    fn closing_line(&mut self, line: &str) {
        let is_recipients_head = line.starts_with("Nơi nhận") || line.starts_with("NƠI NHẬN");
        if is_recipients_head {
            self.in_recipients = true;
            let rest = line.split_once(':').map(|(_, r)| r.trim()).unwrap_or("");
            let node = self.closing_node(Kind::Recipients);
            if !rest.is_empty() && !rest.starts_with("Recipient") {
                node.push_paragraph(rest);
            }
            return;
        }
        let is_item = line.starts_with('-') || line.starts_with('+') || line.starts_with('•');
        if self.in_recipients && is_item {
            self.closing_node(Kind::Recipients).push_paragraph(line);
            return;
        }
        self.in_recipients = false;
        self.closing_node(Kind::Signature).push_paragraph(line);
    }

    /// The root's signature or recipients node, created on first use.
    fn closing_node(&mut self, kind: Kind) -> &mut Node {
        let root = &mut self.stack[0];
        let idx = match root.children.iter().position(|c| c.kind == kind) {
            Some(i) => i,
            None => {
                let eid = kind.eid_prefix().to_string();
                root.children.push(Node::new(kind, eid, None));
                root.children.len() - 1
            }
        };
        &mut root.children[idx]
    }

    fn open_annex(&mut self, line: &str, heading: &str) {
        self.flush_front();
        while self.stack.len() > 1 {
            self.pop();
        }
        self.zone = Zone::Annex;
        self.annexes += 1;
        let num = annex_number(line).unwrap_or_else(|| self.annexes.to_string());
        let eid = self.unique(format!("annex_{}", eid_token(&num)));
        let mut node = Node::new(Kind::Annex, eid, Some(num));
        if !heading.is_empty() {
            node.heading = Some(heading.to_string());
        }
        self.pending_heading = heading.is_empty();
        self.stack.push(node);
    }

    fn finish(mut self) -> Node {
        while self.stack.len() > 1 {
            self.pop();
        }
        let mut root = self.stack.pop().unwrap_or_else(|| Node::new(Kind::Document, "doc", None));
        if self.zone == Zone::Front && !self.front.is_empty() {
            root.text = self.front.join("\n");
        }
        root
    }
}

/// eId form of a point letter: `đ` → `dd` keeps it distinct from `d` in ASCII ids.
pub fn eid_letter(num: &str) -> String {
    eid_token(num)
}

/// ASCII token for an eId: lower case, `đ` → `dd`, other marks dropped, spaces to `-`.
pub fn eid_token(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        match c {
            'đ' => out.push_str("dd"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            ' ' | '-' | '.' => out.push('-'),
            c => {
                let folded = normalize::fold_key(&c.to_string());
                out.extend(folded.chars().filter(|c| c.is_ascii_alphanumeric()));
            }
        }
    }
    out
}

fn starts_with_quote(line: &str) -> bool {
    line.starts_with(['"', '“', '”', '‘', '\''])
}

/// True if a line that does not open with a quote ends one (`….".`, `…";`, `…”.`).
fn closes_quote(line: &str) -> bool {
    let t = line.trim_end_matches(['.', ';', ',', ':', ' ', ')']);
    t.ends_with(['"', '”', '’', '\''])
}

/// True if a line that opens with a quote also closes it.
fn closes_quote_after_open(line: &str) -> bool {
    let inner = line.trim_start_matches(['"', '“', '”', '‘', '\'', ' ']);
    !inner.is_empty() && closes_quote(inner)
}

/// An unquoted amendment instruction: the sign that a missing closing quote has passed.
fn starts_new_instruction(line: &str) -> bool {
    if starts_with_quote(line) {
        return false;
    }
    let body = match line::classify(line) {
        Line::Clause { rest, .. } | Line::Point { rest, .. } => rest,
        Line::Article { heading, .. } => heading,
        _ => line,
    };
    const VERBS: &[&str] = &[
        "Sửa đổi",
        "Bổ sung",
        "Bãi bỏ",
        "Thay thế",
        "Bỏ cụm",
        "Bỏ từ",
        "Bỏ các",
        "Bỏ điểm",
        "Bỏ khoản",
        "Hiệu lực thi hành",
        "Điều khoản thi hành",
        "Tổ chức thực hiện",
        "Trách nhiệm thi hành",
        "Điều khoản chuyển tiếp",
    ];
    let instruction = VERBS.iter().any(|v| body.starts_with(v));
    let amended_clause = (body.starts_with("Khoản ") || body.starts_with("Điểm ") || body.starts_with("Điều "))
        && (body.contains("được sửa đổi") || body.contains("được bổ sung") || body.contains("được thay thế"));
    instruction || amended_clause
}

/// Start of the signature/recipients block after the body.
fn is_closing_start(line: &str) -> bool {
    if line.starts_with("Nơi nhận") || line.starts_with("NƠI NHẬN") {
        return true;
    }
    for p in ["TM. ", "KT. ", "Q. ", "TL. ", "TUQ. ", "T/M ", "K/T "] {
        if line.starts_with(p) && line::is_upper_text(line) {
            return true;
        }
    }
    const TITLES: &[&str] = &[
        "CHỦ TỊCH QUỐC HỘI",
        "CHỦ TỊCH NƯỚC",
        "CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "THỦ TƯỚNG",
        "PHÓ THỦ TƯỚNG",
        "BỘ TRƯỞNG",
        "CHÁNH ÁN",
        "VIỆN TRƯỞNG",
        "TỔNG KIỂM TOÁN NHÀ NƯỚC",
        "THỨ TRƯỞNG",
    ];
    if TITLES.contains(&line) {
        return true;
    }
    // Consolidated texts close with the certifying official: `XÁC THỰC VĂN BẢN HỢP NHẤT`,
    // `CHỦ NHIỆM Lê Quang Tùng` (title and name on one line).
    if line.starts_with("XÁC THỰC VĂN BẢN HỢP NHẤT") {
        return true;
    }
    for title in ["CHỦ NHIỆM", "TỔNG THƯ KÝ", "CHÁNH VĂN PHÒNG", "BỘ TRƯỞNG", "THỦ TRƯỞNG"] {
        if let Some(name) = line.strip_prefix(title).map(str::trim)
            && !name.is_empty()
            && name.split_whitespace().count() <= 5
            && name.split_whitespace().all(|w| w.chars().next().is_some_and(char::is_uppercase))
            && !line::is_upper_text(name)
        {
            return true;
        }
    }
    // "Luật này đã được Quốc hội … thông qua ngày …": the law's closing formula.
    line.contains("thông qua ngày")
        && (line.contains("Quốc hội") || line.contains("Ủy ban thường vụ"))
        && (line.starts_with("Luật")
            || line.starts_with("Bộ luật")
            || line.starts_with("Nghị quyết")
            || line.starts_with("Pháp lệnh")
            || line.starts_with("Hiến pháp"))
}

/// `Phụ lục` / `PHỤ LỤC I` / `Mẫu số 01` / an attached regulation title: the start of an annex.
/// Returns the heading on the same line (possibly empty).
fn annex_start(line: &str, after_signature: bool) -> Option<&str> {
    for w in ["PHỤ LỤC", "Phụ lục"] {
        if let Some(rest) = line.strip_prefix(w) {
            let upper_line = line::is_upper_text(line);
            // In the body only a bare or all-caps head counts (`Phụ lục I ban hành kèm theo …` in a
            // sentence does not); after the signature any `Phụ lục …` line does.
            if rest.is_empty() || upper_line || after_signature {
                let rest = rest.trim_start();
                let num_end = rest.find(|c: char| !(c.is_ascii_alphanumeric())).unwrap_or(rest.len());
                let after = rest[num_end..].trim_start_matches([' ', '.', ':', '-', '–']).trim();
                if num_end > 0 && !rest[..num_end].chars().all(|c| c.is_ascii_digit() || "IVXLC".contains(c)) {
                    // `Phụ lục này` — not a numbered annex head; the whole rest is the heading.
                    return Some(rest);
                }
                return Some(after);
            }
        }
    }
    if after_signature {
        for w in ["Mẫu số", "MẪU SỐ", "QUY CHẾ", "QUY ĐỊNH", "ĐIỀU LỆ", "DANH MỤC", "BIỂU MẪU"]
        {
            if line.starts_with(w) {
                return Some(line);
            }
        }
    }
    None
}

/// Inside the annex zone, only a clear new annex head starts another annex.
fn is_new_annex_line(line: &str) -> bool {
    line.starts_with("PHỤ LỤC")
        || (line.starts_with("Phụ lục") && line.chars().nth(8).is_some_and(|c| c.is_ascii_digit() || "IVX".contains(c)))
}

fn annex_number(line: &str) -> Option<String> {
    let rest = line.strip_prefix("PHỤ LỤC").or_else(|| line.strip_prefix("Phụ lục"))?.trim_start();
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric())).unwrap_or(rest.len());
    let num = &rest[..end];
    (!num.is_empty() && num.chars().all(|c| c.is_ascii_digit() || "IVXLC".contains(c) || c.is_ascii_uppercase()))
        .then(|| num.to_string())
}

/// A line that can be a heading of a chapter/section given on its own line.
fn looks_like_heading(line: &str) -> bool {
    line.chars().count() <= 300 && (line::is_upper_text(line) || !line.ends_with([';', ':']))
}

#[cfg(test)]
mod tests;
