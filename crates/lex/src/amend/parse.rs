//! An amending document's tree → [`Instruction`]s with typed [`Op`]s.
//!
//! Each article, clause or point of the amending document whose first line is an instruction is read
//! with the context of its ancestors (`Sửa đổi, bổ sung một số khoản của Điều 46 như sau:` makes
//! `khoản 4` in its children mean khoản 4 Điều 46). The quoted payload under an instruction is parsed
//! as provisions of the amended document and re-identified at its target.

use super::refs::{self, Path, Unit};
use super::{Instruction, Op, Position};
use crate::model::{Document, Kind, Node};
use crate::normalize;
use crate::parse::{eid_token, parse_fragment};

/// The document an amending document amends, from its title or preamble
/// (`… sửa đổi, bổ sung một số điều của Nghị định số 122/2021/NĐ-CP …`).
pub fn amended_document(doc: &Document) -> Option<String> {
    let mut places: Vec<&str> = vec![];
    if let Some(t) = doc.meta.title.as_deref() {
        places.push(t);
    }
    for c in &doc.root.children {
        if c.kind == Kind::Preamble {
            places.push(&c.text);
        }
    }
    for (n, _) in doc.root.walk() {
        if n.kind == Kind::Article
            && let Some(h) = n.heading.as_deref()
        {
            places.push(h);
        }
    }
    for text in places {
        // Search and slice the same (lower-cased) string: lower-casing can change byte lengths.
        let lower = text.to_lowercase();
        // Đính chính: the corrected document's number follows the verb (`Đính chính Thông tư số …`).
        if let Some(pos) = lower.find("đính chính")
            && let Some(n) = lower[pos..]
                .split_whitespace()
                .take(30)
                .map(|w| w.trim_end_matches([',', ';', '.', ')', ':']))
                .find(|w| crate::number::looks_like_number(w))
        {
            return Some(crate::number::canonical(n));
        }
        let Some(pos) = lower.find("sửa đổi").or_else(|| lower.find("bãi bỏ")).or_else(|| lower.find("ngưng hiệu lực"))
        else {
            continue;
        };
        let after = &lower[pos..];
        let Some(cua) = after.find(" của ") else { continue };
        let rest = &after[cua..];
        let number = rest
            .split_whitespace()
            .take(30)
            .map(|w| w.trim_end_matches([',', ';', '.', ')']))
            .find(|w| crate::number::looks_like_number(w));
        if let Some(n) = number {
            return Some(crate::number::canonical(n));
        }
    }
    None
}

/// Every instruction of an amending document, in document order.
pub fn instructions(doc: &Document) -> Vec<Instruction> {
    let mut out = vec![];
    for child in &doc.root.children {
        visit(child, &vec![], &mut out);
    }
    out
}

fn visit(node: &Node, ctx: &Path, out: &mut Vec<Instruction>) {
    match node.kind {
        Kind::Part | Kind::Chapter | Kind::Section | Kind::Subsection => {
            for c in &node.children {
                visit(c, ctx, out);
            }
            return;
        }
        Kind::Article | Kind::Clause | Kind::Point => {}
        _ => return,
    }
    let (line, payload) = instruction_and_payload(node);
    let Some(verb) = Verb::of(&line) else { return };
    let found = refs::find(&unquoted(&line));
    // A container: its children carry the instructions; it only sets their context.
    if payload.is_empty()
        && !node.children.is_empty()
        && !matches!(verb, Verb::Repeal | Verb::Words | Verb::RemoveWords | Verb::Suspend)
    {
        let mut inner = ctx.clone();
        merge_context(&mut inner, &common_context(&found, ctx));
        for c in &node.children {
            visit(c, &inner, out);
        }
        return;
    }
    let mut ins = Instruction { source_eid: node.eid.clone(), text: line.clone(), ops: vec![], problems: vec![] };
    build_ops(verb, &line, &found, ctx, &payload, &mut ins);
    if ins.ops.is_empty() && ins.problems.is_empty() {
        ins.problems.push("không xác định được quy định bị sửa đổi / no target provision found".into());
    }
    out.push(ins);
}

/// What every reference of a container instruction shares (`… tên Điều, đoạn mở đầu của Điều 25 và
/// bổ sung khoản 5 vào sau khoản 4 Điều 25` → Điều 25), each completed from the outer context.
fn common_context(found: &[Path], ctx: &Path) -> Path {
    let complete = |p: &Path| -> Path {
        let outer = p.iter().map(|(u, _)| *u).max();
        let mut full = p.clone();
        for (u, n) in ctx {
            if outer.is_some_and(|o| *u > o) {
                full.push((*u, n.clone()));
            }
        }
        full
    };
    // Paths without an article (`khoản 5` before `vào sau khoản 4 Điều 25`) are relative to the
    // others and do not decide the context.
    let mut paths = found.iter().map(complete).filter(|p| p.iter().any(|(u, _)| *u == Unit::Article));
    let Some(first) = paths.next() else { return vec![] };
    let rest: Vec<Path> = paths.collect();
    first.into_iter().filter(|item| rest.iter().all(|p| p.contains(item))).collect()
}

/// Merge a reference path into a context (outer units kept, inner ones replaced).
fn merge_context(ctx: &mut Path, p: &Path) {
    // Outer units first, so an inner unit never drops the outer one just set.
    let mut units: Path = p.clone();
    units.sort_by_key(|(u, _)| std::cmp::Reverse(*u));
    for (u, n) in &units {
        ctx.retain(|(cu, _)| cu != u && *cu > *u);
        ctx.push((*u, n.clone()));
    }
}

/// The instruction line (an article's heading, or the node's first line) and the payload lines.
fn instruction_and_payload(node: &Node) -> (String, Vec<String>) {
    let mut lines: Vec<&str> = node.text.lines().collect();
    let line = match (&node.kind, &node.heading) {
        (Kind::Article, Some(h)) => h.clone(),
        _ if !lines.is_empty() => lines.remove(0).to_string(),
        _ => String::new(),
    };
    (line, lines.into_iter().map(str::to_string).collect())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verb {
    Amend,
    Insert,
    LeadIn,
    Heading,
    Repeal,
    Words,
    RemoveWords,
    Suspend,
}

impl Verb {
    fn of(line: &str) -> Option<Verb> {
        let l = line.to_lowercase();
        let l = l.trim_start_matches(|c: char| !c.is_alphabetic());
        if l.starts_with("bãi bỏ") || l.contains(" được bãi bỏ") {
            return Some(Verb::Repeal);
        }
        if l.starts_with("ngưng hiệu lực") || l.starts_with("tạm ngưng hiệu lực") || l.contains(" bị ngưng hiệu lực")
        {
            return Some(Verb::Suspend);
        }
        if l.starts_with("thay thế cụm từ")
            || l.starts_with("thay thế từ")
            || l.starts_with("thay cụm từ")
            || l.starts_with("thay thế các cụm từ")
        {
            return Some(Verb::Words);
        }
        // Đính chính: `Tại khoản 1 Điều 13, đã in: “15 ngày”; nay sửa lại là: “10 ngày”.`
        if (l.starts_with("tại ") || l.starts_with("đính chính"))
            && (l.contains("đã in") || l.contains("in là") || l.contains("viết là"))
            && (l.contains("sửa lại") || l.contains("đọc là") || l.contains("sửa thành"))
        {
            return Some(Verb::Words);
        }
        // `Đính chính … như sau:` — a container whose items are the corrections.
        if l.starts_with("đính chính") {
            return Some(Verb::Amend);
        }
        if l.starts_with("bỏ cụm từ") || l.starts_with("bỏ từ") || l.starts_with("bỏ các cụm từ") {
            return Some(Verb::RemoveWords);
        }
        let amends = l.starts_with("sửa đổi") || l.contains("được sửa đổi") || l.contains("được thay thế");
        if amends && (l.contains("đoạn mở đầu") || l.contains("đoạn đầu")) {
            return Some(Verb::LeadIn);
        }
        if amends && (l.contains("tên điều") || l.contains("tên của điều")) {
            return Some(Verb::Heading);
        }
        if l.starts_with("bổ sung") && (l.contains(" vào sau ") || l.contains(" vào trước ") || l.contains(" vào "))
        {
            return Some(Verb::Insert);
        }
        if amends || l.starts_with("sửa đổi, bổ sung") {
            return Some(Verb::Amend);
        }
        if l.starts_with("bổ sung") {
            return Some(Verb::Insert);
        }
        None
    }
}

/// The dates of a suspension line: `từ ngày …` (from), `đến hết ngày …` / `đến ngày …` (until).
fn suspension_dates(line: &str) -> (Option<crate::Date>, Option<crate::Date>) {
    let lower = line.to_lowercase();
    let after = |key: &str| lower.find(key).and_then(|i| crate::date::find_date_phrase(&lower[i..])).map(|(d, _)| d);
    let until = after("đến hết ngày").or_else(|| after("đến ngày"));
    let from = after("từ ngày").filter(|f| until.is_none_or(|u| *f <= u));
    (from, until)
}

/// The line with quoted phrases removed (so words inside quotes are not read as references).
fn unquoted(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut depth = 0;
    for c in line.chars() {
        match c {
            '“' => depth += 1,
            '”' => depth = (depth - 1).max(0),
            '"' => depth = if depth > 0 { 0 } else { 1 },
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Quoted phrases in a line, in order (`“X”`, `"X"`).
fn quoted(line: &str) -> Vec<String> {
    let mut out = vec![];
    let mut cur: Option<String> = None;
    for c in line.chars() {
        match (c, &mut cur) {
            ('“', None) | ('"', None) => cur = Some(String::new()),
            ('”', Some(s)) | ('"', Some(s)) => {
                out.push(s.clone());
                cur = None;
            }
            (c, Some(s)) => s.push(c),
            _ => {}
        }
    }
    out
}

/// Payload lines without their surrounding quotes.
fn strip_quotes(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            let mut s = l.trim().trim_start_matches(['"', '“', '”', '\'', ' ']).to_string();
            let t = s.trim_end_matches([';', '.', ',', ' ']);
            if t.ends_with(['"', '”', '\'']) {
                // `…nội dung.".` → `…nội dung.`
                s = t.trim_end_matches(['"', '”', '\'']).to_string();
            }
            s
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// Parse payload lines as provisions of `unit` kind; returns the top-level nodes.
fn payload_nodes(unit: Unit, lines: &[String]) -> Vec<Node> {
    let lines = strip_quotes(lines);
    let mut wrapped: Vec<String> = match unit {
        Unit::Article => vec![],
        Unit::Clause => vec!["Điều 0.".into()],
        Unit::Point => vec!["Điều 0.".into(), "0.".into()],
    };
    wrapped.extend(lines);
    let root = parse_fragment(&wrapped);
    let mut nodes = root.children;
    if unit != Unit::Article {
        nodes = nodes.into_iter().find(|n| n.kind == Kind::Article).map(|a| a.children).unwrap_or_default();
    }
    if unit == Unit::Point {
        nodes = nodes.into_iter().find(|n| n.kind == Kind::Clause).map(|c| c.children).unwrap_or_default();
    }
    nodes
}

/// Give a payload node (and its descendants) its id at the target.
pub fn rebase(node: &mut Node, eid: &str) {
    node.eid = eid.to_string();
    for c in &mut node.children {
        let last = c.eid.rsplit("__").next().unwrap_or("").to_string();
        rebase(c, &format!("{eid}__{last}"));
    }
}

fn unit_of_eid(eid: &str) -> Unit {
    match eid.rsplit("__").next().unwrap_or("") {
        s if s.starts_with("pt_") => Unit::Point,
        s if s.starts_with("cl_") => Unit::Clause,
        _ => Unit::Article,
    }
}

fn parent_of(eid: &str) -> String {
    eid.rsplit_once("__").map(|(p, _)| p.to_string()).unwrap_or_default()
}

fn num_of(eid: &str) -> String {
    eid.rsplit("__").next().and_then(|s| s.split_once('_')).map(|(_, n)| n.to_string()).unwrap_or_default()
}

fn build_ops(verb: Verb, line: &str, found: &[Path], ctx: &Path, payload: &[String], ins: &mut Instruction) {
    let mut eids: Vec<String> = found.iter().filter_map(|p| refs::to_eid(p, ctx)).collect();
    // `Sửa đổi, bổ sung tên Điều như sau:` under `… của Điều 25 như sau:` — the context is the target.
    if eids.is_empty() && matches!(verb, Verb::LeadIn | Verb::Heading) {
        eids.extend(refs::to_eid(ctx, &vec![]));
    }
    match verb {
        Verb::Repeal => {
            for t in eids {
                ins.ops.push(Op::Repeal { target: t });
            }
        }
        Verb::Suspend => {
            let (from, until) = suspension_dates(line);
            for t in eids {
                ins.ops.push(Op::Suspend { target: t, from, until });
            }
        }
        Verb::Words | Verb::RemoveWords => {
            let phrases = quoted(line);
            let scope: Vec<String> = eids;
            if verb == Verb::RemoveWords {
                for w in phrases {
                    ins.ops.push(Op::RemoveWords { scope: scope.clone(), words: w });
                }
            } else if phrases.len() >= 2 && phrases.len().is_multiple_of(2) {
                for pair in phrases.chunks(2) {
                    ins.ops.push(Op::ReplaceWords { scope: scope.clone(), from: pair[0].clone(), to: pair[1].clone() });
                }
            } else {
                ins.problems.push(format!(
                    "cần cặp cụm từ “cũ” – “mới”, thấy {} / expected pairs of quoted phrases, found {}",
                    phrases.len(),
                    phrases.len()
                ));
            }
        }
        Verb::LeadIn => {
            let Some(target) = eids.first().cloned() else {
                ins.problems.push("thiếu khoản/điều có đoạn mở đầu bị sửa / lead-in target missing".into());
                return;
            };
            let text = strip_quotes(payload).join("\n");
            let text = match crate::parse::line::classify(&text) {
                crate::parse::line::Line::Clause { rest, .. } | crate::parse::line::Line::Point { rest, .. } => {
                    rest.to_string()
                }
                _ => text.clone(),
            };
            if text.is_empty() {
                ins.problems.push("thiếu nội dung đoạn mở đầu mới / no new lead-in text".into());
                return;
            }
            ins.ops.push(Op::ReplaceLeadIn { target, text });
        }
        Verb::Heading => {
            let Some(target) = eids.iter().find(|e| unit_of_eid(e) == Unit::Article).cloned() else {
                ins.problems.push("thiếu Điều được đổi tên / article to rename missing".into());
                return;
            };
            let text = strip_quotes(payload).join(" ");
            let heading = match crate::parse::line::classify(&text) {
                crate::parse::line::Line::Article { heading, .. } => heading.to_string(),
                _ => text.clone(),
            };
            if heading.is_empty() {
                ins.problems.push("thiếu tên Điều mới / no new heading".into());
                return;
            }
            ins.ops.push(Op::ReplaceHeading { target, heading });
            // "Sửa đổi tên Điều và đoạn mở đầu …" is handled as two instructions in practice.
        }
        Verb::Amend => {
            if eids.is_empty() {
                return;
            }
            let unit = unit_of_eid(&eids[0]);
            let nodes = payload_nodes(unit, payload);
            if nodes.is_empty() {
                ins.problems.push("không đọc được nội dung mới trong ngoặc kép / no quoted new text".into());
                return;
            }
            for (i, target) in eids.iter().enumerate() {
                let want = num_of(target);
                let node = nodes
                    .iter()
                    .find(|n| n.num.as_deref().map(eid_token).as_deref() == Some(want.as_str()))
                    .or_else(|| (eids.len() == 1).then(|| &nodes[0]))
                    .or(nodes.get(i));
                match node {
                    Some(n) => {
                        let mut payload = n.clone();
                        rebase(&mut payload, target);
                        ins.ops.push(Op::Replace { target: target.clone(), payload });
                    }
                    None => ins.problems.push(format!("không có nội dung mới cho {target} / no new text for {target}")),
                }
            }
        }
        Verb::Insert => {
            let lower = line.to_lowercase();
            let (position, split) = if let Some(i) = lower.find(" vào sau ") {
                (Position::After, Some(i))
            } else if let Some(i) = lower.find(" vào trước ") {
                (Position::Before, Some(i))
            } else {
                (Position::InOrder, lower.find(" vào "))
            };
            let (new_part, anchor_part) = match split {
                Some(i) => (&lower[..i], &lower[i..]),
                None => (lower.as_str(), ""),
            };
            let new_paths = refs::find(&unquoted(new_part));
            let anchor_paths = refs::find(&unquoted(anchor_part));
            let Some(first_new) = new_paths.first() else {
                ins.problems.push("không xác định được quy định được bổ sung / inserted provision not found".into());
                return;
            };
            let unit = first_new.iter().map(|(u, _)| *u).min().unwrap_or(Unit::Article);
            // The new provisions sit where the anchor sits (or inside the container named after `vào`).
            let anchor_eid = anchor_paths.first().and_then(|p| refs::to_eid(p, ctx));
            let parent = match (&anchor_eid, position) {
                (Some(a), Position::InOrder) => a.clone(),
                (Some(a), _) => parent_of(a),
                (None, _) => {
                    let mut outer: Path = first_new.iter().filter(|(u, _)| *u > unit).cloned().collect();
                    if outer.is_empty() {
                        outer = ctx.iter().filter(|(u, _)| *u > unit).cloned().collect();
                    }
                    refs::to_eid(&outer, ctx).unwrap_or_default()
                }
            };
            let nodes = payload_nodes(unit, payload);
            if nodes.is_empty() {
                ins.problems.push("không đọc được nội dung bổ sung trong ngoặc kép / no quoted new text".into());
                return;
            }
            let mut anchor = if position == Position::InOrder { None } else { anchor_eid };
            let prefix = match unit {
                Unit::Article => "art",
                Unit::Clause => "cl",
                Unit::Point => "pt",
            };
            for n in nodes {
                let token = eid_token(n.num.as_deref().unwrap_or(""));
                let eid =
                    if parent.is_empty() { format!("{prefix}_{token}") } else { format!("{parent}__{prefix}_{token}") };
                let mut payload = n;
                rebase(&mut payload, &eid);
                ins.ops.push(Op::Insert { parent: parent.clone(), anchor: anchor.clone(), position, payload });
                if position == Position::After {
                    anchor = Some(eid);
                }
            }
        }
    }
}

/// Report-friendly words for a kind of operation.
pub fn describe(op: &Op) -> String {
    match op {
        Op::Replace { target, .. } => format!("sửa đổi {target}"),
        Op::Insert { payload, .. } => format!("bổ sung {}", payload.eid),
        Op::ReplaceLeadIn { target, .. } => format!("sửa đoạn mở đầu {target}"),
        Op::ReplaceHeading { target, .. } => format!("sửa tên {target}"),
        Op::Repeal { target } => format!("bãi bỏ {target}"),
        Op::ReplaceWords { from, to, .. } => format!("thay “{from}” bằng “{to}”"),
        Op::RemoveWords { words, .. } => format!("bỏ “{words}”"),
        Op::Suspend { until, .. } => match until {
            Some(u) => format!("ngưng hiệu lực đến hết ngày {:02}/{:02}/{}", u.day, u.month, u.year),
            None => "ngưng hiệu lực".into(),
        },
    }
}

/// True if a document looks like an amending document (its title or an article says so).
pub fn is_amending(doc: &Document) -> bool {
    let t = doc.meta.title.as_deref().map(normalize::fold_key).unwrap_or_default();
    t.contains("sua doi")
        || t.contains("bai bo")
        || t.contains("ngung hieu luc")
        || is_correction(doc)
        || amended_document(doc).is_some()
}

/// Văn bản đính chính — a document that corrects errors of form in another (its title says
/// "đính chính"). A correction does not change the law: the corrected wording is what the document
/// always said, so its operations apply from the corrected document's own entry into force.
pub fn is_correction(doc: &Document) -> bool {
    doc.meta.title.as_deref().is_some_and(is_correction_title)
}

/// Whether a document's title makes it a correction ("… đính chính …").
pub fn is_correction_title(title: &str) -> bool {
    normalize::fold_key(title).contains("dinh chinh")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_correction_is_read_as_word_replacements_of_the_corrected_document() {
        let text = "VĂN PHÒNG QUỐC HỘI\nSố: 97/QĐ-VPQH\nHà Nội, ngày 15 tháng 02 năm 2027\nQUYẾT ĐỊNH\nĐÍNH CHÍNH LUẬT HÒA GIẢI CƠ SỞ MẪU SỐ 999/2026/QH15\nQUYẾT ĐỊNH:\nĐiều 1. Đính chính sai sót của Luật Hòa giải cơ sở mẫu số 999/2026/QH15 như sau:\n1. Tại khoản 1 Điều 13, đã in: “trong thời hạn 15 ngày”; nay sửa lại là: “trong thời hạn 10 ngày”.\n2. Tại điểm a khoản 2 Điều 4, đã in \"hoà giải\", nay sửa lại là \"hòa giải\".\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.";
        let doc = crate::parse::parse_text(text);
        assert!(is_correction(&doc) && is_amending(&doc));
        assert_eq!(amended_document(&doc).as_deref(), Some("999/2026/QH15"));
        let ops: Vec<Op> = instructions(&doc).into_iter().flat_map(|i| i.ops).collect();
        assert_eq!(
            ops,
            [
                Op::ReplaceWords {
                    scope: vec!["art_13__cl_1".into()],
                    from: "trong thời hạn 15 ngày".into(),
                    to: "trong thời hạn 10 ngày".into()
                },
                Op::ReplaceWords {
                    scope: vec!["art_4__cl_2__pt_a".into()],
                    from: "hoà giải".into(),
                    to: "hòa giải".into()
                },
            ]
        );
    }
}
