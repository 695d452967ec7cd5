//! Pháp điển (the official legal code compilation) CSV: one row per article in its consolidated
//! wording, with a source note naming the act, article and dates:
//! `(Điều 1 Luật số 26/2008/QH12, có hiệu lực thi hành kể từ ngày 01/07/2009, có nội dung được sửa
//! đổi … bởi Điều 1 Luật số 64/2014/QH13 có hiệu lực thi hành kể từ ngày 01/07/2015)`.
//!
//! Rows are grouped by their source document; each document becomes a consolidated expression (dated
//! by its latest amendment) of articles only. Heading rows (`Mục 1`, `Tiểu mục 2`) are not articles.

use super::{AdapterError, Record, Source, Wording, root_with};
use lex::Date;
use lex::model::{EventKind, ForceEvent, Metadata, Node};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

const TYPES: &[&str] = &[
    "Thông tư liên tịch",
    "Nghị quyết liên tịch",
    "Văn bản hợp nhất",
    "Bộ luật",
    "Luật",
    "Pháp lệnh",
    "Nghị định",
    "Nghị quyết",
    "Thông tư",
    "Quyết định",
    "Lệnh",
    "Chỉ thị",
    "Hiến pháp",
    "Sắc lệnh",
];

static EFFECT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"có hiệu lực(?: thi hành)? kể từ ngày (\d{1,2}/\d{1,2}/\d{4})").expect("valid regex"));
static ISSUED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\sngày (\d{1,2}/\d{1,2}/\d{4})").expect("valid regex"));
static AMENDED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(được sửa đổi|được bổ sung|bị bãi bỏ|được bãi bỏ|bị thay thế|được thay thế)[^()]*?bởi [^()]*?số (\d{1,5}/(?:\d{4}/)?[A-Za-zĐđ0-9\-]+)[^()]*?có hiệu lực(?: thi hành)? kể từ ngày (\d{1,2}/\d{1,2}/\d{4})")
        .expect("valid regex")
});

/// What a source note says about its document.
#[derive(Debug, Clone, PartialEq)]
struct Note {
    article: Option<String>,
    doc_type: String,
    number: Option<String>,
    name: Option<String>,
    issued: Option<Date>,
    issuer: Option<String>,
    effective: Option<Date>,
    /// (how, by number, date) for each amendment or repeal of this article.
    changes: Vec<(EventKind, String, Date)>,
}

fn read_note(raw: &str) -> Option<Note> {
    let text = lex::normalize::clean_line(raw);
    let inner = text.trim_start_matches(['(', ' ']).trim_end_matches([')', ' ']);
    let head_end = inner.find(", có hiệu lực").or_else(|| inner.find(" có hiệu lực")).unwrap_or(inner.len());
    let head = &inner[..head_end];
    // `Điều 7a <Type> …`; some notes drop the word `Điều` (`27 Nghị định …`).
    let mut rest = head.strip_prefix("Điều ").unwrap_or(head);
    let art_end = rest.find(' ')?;
    let token = rest[..art_end].trim_end_matches([',', '.']);
    let article = token.starts_with(|c: char| c.is_ascii_digit()).then(|| token.to_string());
    if article.is_some() {
        rest = rest[art_end..].trim_start();
    }
    let lower = rest.to_lowercase();
    let doc_type = TYPES.iter().find(|t| lower.starts_with(&t.to_lowercase()))?.to_string();
    rest = rest.get(doc_type.len()..).unwrap_or("").trim_start();
    let issued = ISSUED.captures(head).and_then(|c| Date::parse_dmy(&c[1]));
    let issuer = head.rfind(" của ").map(|i| head[i + " của ".len()..].trim().to_string()).filter(|s| s.len() < 120);
    let (number, name) = if let Some(after) = rest.strip_prefix("số") {
        let token = after.trim_start().split([' ', ',']).next().unwrap_or("");
        let n = lex::number::canonical(token);
        if lex::number::looks_like_number(&n) { (Some(n), None) } else { (None, Some(format!("{doc_type} {}", token))) }
    } else {
        let end = [" ngày ", " của "].iter().filter_map(|s| rest.find(s)).min().unwrap_or(rest.len());
        (None, Some(format!("{doc_type} {}", rest[..end].trim())))
    };
    let effective = EFFECT.captures(inner).and_then(|c| Date::parse_dmy(&c[1]));
    // The amendment pattern is costly; most notes name no amending act.
    let changes = if !inner.contains("bởi") {
        vec![]
    } else {
        AMENDED_BY
            .captures_iter(inner)
            .filter_map(|c| {
                let how = if c[1].contains("bãi bỏ") {
                    EventKind::Repealed
                } else if c[1].contains("thay thế") {
                    EventKind::Replaced
                } else {
                    EventKind::Amended
                };
                Some((how, lex::number::canonical(&c[2]), Date::parse_dmy(&c[3])?))
            })
            .collect()
    };
    Some(Note { article, doc_type, number, name, issued, issuer, effective, changes })
}

struct Group {
    meta: Metadata,
    articles: Vec<Node>,
    seen: HashSet<String>,
    wording_date: Option<Date>,
    notes: Vec<String>,
}

pub fn read(path: &str, key: &str, bytes: &[u8]) -> Result<Vec<Record>, AdapterError> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers = reader.headers().map_err(|e| csv_error(path, &e))?.clone();
    let col = |name: &str| {
        headers.iter().position(|h| h.trim_start_matches('\u{feff}') == name).ok_or_else(|| AdapterError::Field {
            path: path.to_string(),
            field: name.to_string(),
            reason: "column is missing".into(),
        })
    };
    let (c_ten, c_body, c_note) = (col("ten")?, col("noidung")?, col("vbqppl")?);
    let mut order: Vec<String> = vec![];
    let mut groups: HashMap<String, Group> = HashMap::new();
    for row in reader.records() {
        let row = row.map_err(|e| csv_error(path, &e))?;
        let line = row.position().map(|p| p.line()).unwrap_or(0);
        let ten = lex::normalize::clean_line(row.get(c_ten).unwrap_or(""));
        let Some(code_and_heading) = ten.strip_prefix("Điều ") else {
            continue;
        };
        let note_raw = row.get(c_note).unwrap_or("");
        let note = read_note(note_raw).ok_or_else(|| AdapterError::Field {
            path: path.to_string(),
            field: format!("vbqppl (line {line})"),
            reason: format!(
                "cannot tell which document this article comes from: “{}”",
                note_raw.chars().take(120).collect::<String>()
            ),
        })?;
        let (code, heading) = code_and_heading.split_once(' ').unwrap_or((code_and_heading, ""));
        let num = note
            .article
            .clone()
            .unwrap_or_else(|| code.trim_end_matches('.').rsplit('.').next().unwrap_or("").to_string());
        let work = note
            .number
            .clone()
            .map(|n| format!("no:{}", lex::number::key(&n)))
            .or_else(|| note.name.as_ref().map(|n| format!("name:{}", lex::normalize::match_key(n))))
            .unwrap_or_default();
        let group = groups.entry(work.clone()).or_insert_with(|| {
            order.push(work.clone());
            let mut meta = Metadata {
                number: note.number.clone(),
                name: note.name.clone(),
                title: note.name.clone(),
                doc_type: Some(note.doc_type.clone()),
                issued: note.issued,
                issuer: note.issuer.clone(),
                effective: note.effective,
                ..Metadata::default()
            };
            if let Some(d) = note.effective {
                meta.events.push(ForceEvent { kind: EventKind::Effective, date: Some(d), by: None, partial: false });
            }
            Group { meta, articles: vec![], seen: HashSet::new(), wording_date: note.effective, notes: vec![] }
        });
        for (how, by, date) in &note.changes {
            group.wording_date = group.wording_date.max(Some(*date));
            let event = ForceEvent { kind: *how, date: Some(*date), by: Some(by.clone()), partial: false };
            let eid = format!("art_{}", lex::parse::eid_token(&num));
            if !group.meta.provision_events.iter().any(|(e, ev)| *e == eid && *ev == event) {
                group.meta.provision_events.push((eid, event));
            }
            if !group.meta.events.iter().any(|e| e.by.as_deref() == Some(by) && e.date == Some(*date)) {
                group.meta.events.push(ForceEvent {
                    kind: EventKind::Amended,
                    date: Some(*date),
                    by: Some(by.clone()),
                    partial: true,
                });
            }
            if *how == EventKind::Repealed {
                group.notes.push(format!("Điều {num}: bãi bỏ bởi {by} từ {date}"));
            }
        }
        if !group.seen.insert(num.clone()) {
            continue; // the same article listed twice (guidance rows repeat it)
        }
        let body = lex::normalize::clean(row.get(c_body).unwrap_or(""));
        let mut lines = vec![format!("Điều {num}. {heading}")];
        lines.extend(body.lines().map(str::to_string));
        let root = lex::parse::parse_fragment(&lines);
        if let Some(node) = root.children.into_iter().find(|c| c.kind == lex::Kind::Article) {
            group.articles.push(node);
        }
        group.notes.push(format!("Điều {num}: {}", lex::normalize::clean_line(note_raw)));
    }
    Ok(order
        .into_iter()
        .filter_map(|k| groups.remove(&k).map(|g| (k, g)))
        .map(|(k, mut g)| {
            g.meta.notes = g.notes;
            Record {
                meta: g.meta,
                tree: Some(root_with(g.articles)),
                source: Source {
                    kind: "phapdien",
                    key: format!("{key}#{k}"),
                    wording: Wording::Consolidated,
                    wording_date: g.wording_date,
                    richness: 2,
                    meta_rank: 2,
                },
            }
        })
        .collect())
}

fn csv_error(path: &str, e: &csv::Error) -> AdapterError {
    AdapterError::Csv {
        path: path.to_string(),
        line: e.position().map(|p| p.line()).unwrap_or(0),
        reason: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes() {
        let n = read_note("(Điều 7a Luật số 26/2008/QH12, có hiệu lực thi hành kể từ ngày 01/07/2009, có nội dung được bổ sung bởi Điều 1 Luật số 64/2014/QH13 có hiệu lực thi hành kể từ ngày 01/07/2015)").unwrap();
        assert_eq!(n.article.as_deref(), Some("7a"));
        assert_eq!(n.number.as_deref(), Some("26/2008/QH12"));
        assert_eq!(n.effective.unwrap().to_string(), "2009-07-01");
        assert_eq!(n.changes.len(), 1);
        assert_eq!(n.changes[0].1, "64/2014/QH13");
        let n =
            read_note("(Điều 3 Pháp lệnh Về Hàm, cấp ngoại giao, có hiệu lực thi hành kể từ ngày 31/05/1995)").unwrap();
        assert_eq!(n.number, None);
        assert_eq!(n.name.as_deref(), Some("Pháp lệnh Về Hàm, cấp ngoại giao"));
        let n = read_note("(Điều 1 Nghị định số 78/2014/NĐ-CP Về Giải thưởng ngày 30/07/2014 của Chính phủ, có hiệu lực thi hành kể từ ngày 15/09/2014 )").unwrap();
        assert_eq!(n.issued.unwrap().to_string(), "2014-07-30");
        assert_eq!(n.issuer.as_deref(), Some("Chính phủ"));
    }
}
