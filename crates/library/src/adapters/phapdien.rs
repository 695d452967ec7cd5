//! Pháp điển (the official legal code compilation) CSV: one row per article in its consolidated
//! wording, with a source note naming the act, article and dates:
//! `(Điều 1 Luật số 26/2008/QH12, có hiệu lực thi hành kể từ ngày 01/07/2009, có nội dung được sửa
//! đổi … bởi Điều 1 Luật số 64/2014/QH13 có hiệu lực thi hành kể từ ngày 01/07/2015)`.
//!
//! Rows are grouped by their source document; each document becomes a consolidated expression (dated
//! by its latest amendment) of articles only. Heading rows (`Mục 1`, `Tiểu mục 2`) are not articles.
//! A numbered document's title is the subject one or two of its notes word after the number
//! (`Luật số 98/2015/QH13 Quân nhân chuyên nghiệp, công nhân và viên chức quốc phòng ngày
//! 26/11/2015 của Quốc hội`); the other notes give the number alone.

use super::{AdapterError, Record, Source, Wording, root_with};
use lex::Date;
use lex::model::{EventKind, ForceEvent, Metadata, Node};
use regex::Regex;
use std::collections::{BTreeMap, HashMap, HashSet};
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
    /// What a numbered document is about, as the note words it after the number (`Quân nhân
    /// chuyên nghiệp, công nhân và viên chức quốc phòng`, `Về Giải thưởng`): its title's subject.
    subject: Option<String>,
    issued: Option<Date>,
    issuer: Option<String>,
    effective: Option<Date>,
    /// (how, by number, date) for each amendment or repeal of this article.
    changes: Vec<(EventKind, String, Date)>,
}

fn read_note(raw: &str) -> Option<Note> {
    // Some notes break lines (inside a subject: `Quy định chế độ \ncủa công dân`).
    let text = lex::normalize::clean_line(&raw.replace(['\n', '\r'], " "));
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
    let mut doc_type = TYPES.iter().find(|t| lower.starts_with(&t.to_lowercase()))?.to_string();
    rest = rest.get(doc_type.len()..).unwrap_or("").trim_start();
    // `Thông tư số liên tịch 144/2007/TTLT-…`: the words of the type on both sides of `số`.
    let reordered;
    if let Some(after) = rest.strip_prefix("số liên tịch ") {
        doc_type.push_str(" liên tịch");
        reordered = format!("số {after}");
        rest = &reordered;
    }
    let issued = ISSUED.captures(head).and_then(|c| Date::parse_dmy(&c[1]));
    let issuer = head.rfind(" của ").map(|i| head[i + " của ".len()..].trim().to_string()).filter(|s| s.len() < 120);
    let (number, name, subject) = number_or_name(&doc_type, rest);
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
    Some(Note { article, doc_type, number, name, subject, issued, issuer, effective, changes })
}

/// The document's number, or its name, from the words after its type, and with a number what
/// follows it (the subject, see [`subject_of`]). Besides `số 62/2015/NĐ-CP` and a name, the notes
/// write `số Số: 12/2018/QĐ-TTg`, `số 26 /2016/TT-BGDĐT` (a space in the number), `số Không số Về
/// Hàm …` (no number) and `số Bảo vệ công trình …` (a name after `số`).
fn number_or_name(doc_type: &str, rest: &str) -> (Option<String>, Option<String>, Option<String>) {
    let name_of = |s: &str| {
        let end = [" ngày ", " của "].iter().filter_map(|p| s.find(p)).min().unwrap_or(s.len());
        let name = s[..end].trim().trim_end_matches(',').trim();
        (None, (!name.is_empty()).then(|| format!("{doc_type} {name}")), None)
    };
    let Some(mut after) = rest.strip_prefix("số").filter(|a| a.starts_with([' ', ':'])) else {
        return name_of(rest);
    };
    loop {
        after = after.trim_start_matches([':', ' ']);
        match after.strip_prefix("Số").or_else(|| after.strip_prefix("số")) {
            Some(more) if more.starts_with([':', ' ']) => after = more,
            _ => break,
        }
    }
    if let Some(name) = after.strip_prefix("Không số ") {
        return name_of(name);
    }
    let (token, described) = number_token(after);
    let n = lex::number::canonical(&token);
    if lex::number::looks_like_number(&n) {
        return (Some(n), None, subject_of(described));
    }
    // A number of the old form (`73-CP`, `04/TT-BCA(X13)`) names the document on its own: the
    // notes give it with a description on one article and without on the others.
    if token.starts_with(|c: char| c.is_ascii_digit()) {
        return (None, Some(format!("{doc_type} {token}")), None);
    }
    name_of(after)
}

/// The number at the start of `after`, its pieces joined where the notes split it with a space
/// (`26 /2016/TT-BGDĐT`, `71/2015 /TT-BTC`), and the text after it.
fn number_token(after: &str) -> (String, &str) {
    let word_end = |s: &str| s.find([' ', ',']).unwrap_or(s.len());
    let mut end = word_end(after);
    let mut token = after[..end].to_string();
    loop {
        let next = after[end..].trim_start_matches([' ', ',']);
        let next_word = &next[..word_end(next)];
        if next_word.is_empty() || !(next_word.starts_with('/') || token.ends_with('/')) {
            break;
        }
        token.push_str(next_word);
        end = after.len() - next.len() + next_word.len();
    }
    (token, &after[end..])
}

/// The issuing date that closes a note's head (`… ngày 26/11/2015 của Quốc hội`).
static ISSUED_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*ngày \d{1,2}/\d{1,2}/\d{4}").expect("valid regex"));

/// A numbered document's subject from the words after its number, up to the last issuing date:
/// `Quân nhân chuyên nghiệp, công nhân và viên chức quốc phòng ngày 26/11/2015 của Quốc hội` →
/// `Quân nhân chuyên nghiệp, công nhân và viên chức quốc phòng`; `của Chính phủ : Sửa đổi …` →
/// `Sửa đổi …`. None when the note gives only the number.
fn subject_of(described: &str) -> Option<String> {
    let mut text = described.trim_start_matches([' ', ',', ':']);
    // The issuer first, then the subject after a colon: `(Nghị định số 107/2017/NĐ-CP) của Chính
    // phủ : Sửa đổi …`.
    match text.split_once(':') {
        Some((before, after)) if before.starts_with("của ") || before.contains(" của ") => text = after,
        _ if text.starts_with("của ") => text = "",
        _ => {}
    }
    let end = ISSUED_TAIL.find_iter(text).last().map(|m| m.start()).unwrap_or(text.len());
    let subject = text[..end].trim().trim_end_matches(['.', ',', ';', ':']).trim();
    (!subject.is_empty()).then(|| subject.to_string())
}

struct Group {
    meta: Metadata,
    articles: Vec<Node>,
    seen: HashSet<String>,
    wording_date: Option<Date>,
    notes: Vec<String>,
    /// The subjects its notes give (most give none), with how many notes give each; ordered, so
    /// that a tie is settled the same way on every import.
    subjects: BTreeMap<String, usize>,
}

impl Group {
    /// The title of a numbered document from its notes' subject (the one most notes give, then the
    /// longest): `Luật Quân nhân chuyên nghiệp, công nhân và viên chức quốc phòng`, `Nghị định về
    /// Giải thưởng`. Most notes give only the number; one or two of a document's notes name it.
    fn title_from_subjects(&self) -> Option<String> {
        let (subject, _) = self.subjects.iter().max_by_key(|(s, n)| (**n, s.chars().count()))?;
        Some(lex::parse::meta::compose_title(self.meta.doc_type.as_deref(), subject))
    }
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
            Group {
                meta,
                articles: vec![],
                seen: HashSet::new(),
                wording_date: note.effective,
                notes: vec![],
                subjects: BTreeMap::new(),
            }
        });
        if let Some(subject) = &note.subject {
            *group.subjects.entry(subject.clone()).or_default() += 1;
        }
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
            if g.meta.title.is_none() {
                g.meta.title = g.title_from_subjects();
            }
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

    /// What a numbered document is about, as the real notes word it after the number.
    #[test]
    fn subjects_as_written() {
        let subject = |note: &str| read_note(note).unwrap().subject;
        assert_eq!(
            subject("(Điều 1 Luật số 98/2015/QH13 Quân nhân chuyên nghiệp, công nhân và viên chức quốc phòng ngày 26/11/2015 của Quốc hội, có hiệu lực thi hành kể từ ngày 01/07/2016)").as_deref(),
            Some("Quân nhân chuyên nghiệp, công nhân và viên chức quốc phòng")
        );
        assert_eq!(subject("(Điều 2 Luật số 98/2015/QH13, có hiệu lực thi hành kể từ ngày 01/07/2016)"), None);
        assert_eq!(
            subject("(Điều 1 Nghị định số 13/2016/NĐ-CP Quy định chế độ \ncủa công dân ngày 19/02/2016 của Chính phủ, có hiệu lực thi hành kể từ ngày 05/04/2016)").as_deref(),
            Some("Quy định chế độ của công dân")
        );
        assert_eq!(
            subject(
                "(Điều 3 Luật số 26/2008/QH12 ngày 14/11/2008 của Quốc hội, có hiệu lực thi hành kể từ ngày 01/07/2009)"
            ),
            None
        );
        assert_eq!(
            subject("(Điều 1 Thông tư số 71/2015 /TT-BTC Quy định việc lập dự toán, có hiệu lực thi hành kể từ ngày 01/07/2015)").as_deref(),
            Some("Quy định việc lập dự toán")
        );
        // The date inside a subject is kept; the issuing date at the end is not.
        assert_eq!(
            subject("(Điều 1 Thông tư liên tịch số 04/2011/TTLT-BCA-BLĐTBXH-BTC Hướng dẫn chế độ đối với người tham gia kháng chiến từ ngày 30/4/1975 trở về trước ngày 25/01/2011 của Bộ Công an, có hiệu lực thi hành kể từ ngày 11/03/2011)").as_deref(),
            Some("Hướng dẫn chế độ đối với người tham gia kháng chiến từ ngày 30/4/1975 trở về trước")
        );
        // The issuer first, the subject after a colon.
        assert_eq!(
            subject("(Điều 1 Nghị định số 107/2017/NĐ-CP của Chính phủ : Sửa đổi, bổ sung một số điều của Nghị định số 193/2013/NĐ-CP, có hiệu lực thi hành kể từ ngày 15/09/2017)").as_deref(),
            Some("Sửa đổi, bổ sung một số điều của Nghị định số 193/2013/NĐ-CP")
        );
        let titled = |notes: &[&str]| {
            let csv = notes.iter().enumerate().fold("ten,noidung,vbqppl\n".to_string(), |csv, (i, n)| {
                csv + &format!("\"Điều 1.1.LQ.{}. Tên\",\"Nội dung điều {}.\",\"{n}\"\n", i + 1, i + 1)
            });
            read("t.csv", "t", csv.as_bytes()).unwrap().remove(0).meta.title
        };
        assert_eq!(
            titled(&[
                "(Điều 1 Luật số 48/2019/QH14 Luât Dân quân tự vệ ngày 22/11/2019 của Quốc hội, có hiệu lực thi hành kể từ ngày 01/07/2020)",
                "(Điều 2 Luật số 48/2019/QH14, có hiệu lực thi hành kể từ ngày 01/07/2020)",
            ])
            .as_deref(),
            Some("Luật Dân quân tự vệ")
        );
        assert_eq!(
            titled(&["(Điều 1 Nghị định số 78/2014/NĐ-CP Về Giải thưởng ngày 30/07/2014 của Chính phủ, có hiệu lực thi hành kể từ ngày 15/09/2014)"]).as_deref(),
            Some("Nghị định về Giải thưởng")
        );
        assert_eq!(titled(&["(Điều 1 Luật số 26/2008/QH12, có hiệu lực thi hành kể từ ngày 01/07/2009)"]), None);
    }

    /// The ways the real notes (`../shared/data/phapdien-ctu`) write a number or a name.
    #[test]
    fn notes_as_written() {
        let read = |note: &str| {
            let n = read_note(note).unwrap();
            (n.doc_type, n.number, n.name)
        };
        let numbered = |t: &str, n: &str| (t.to_string(), Some(n.to_string()), None);
        let named = |t: &str, n: &str| (t.to_string(), None, Some(n.to_string()));
        assert_eq!(
            read(
                "(Điều 3 Thông tư số liên tịch 144/2007/TTLT-BTC-BGDĐT-BNG, có hiệu lực thi hành kể từ ngày 01/01/2008)"
            ),
            numbered("Thông tư liên tịch", "144/2007/TTLT-BTC-BGDĐT-BNG")
        );
        assert_eq!(
            read(
                "(Điều 1 Quyết định số Số: 12/2018/QĐ-TTg về tiêu chí ngày 06/03/2018 của Chính phủ, có hiệu lực thi hành kể từ ngày 24/04/2018)"
            ),
            numbered("Quyết định", "12/2018/QĐ-TTg")
        );
        assert_eq!(
            read(
                "(Điều 1 Thông tư số 26 /2016/TT-BGDĐT Ban hành Quy chế ngày 30/12/2016 của Bộ Giáo dục và Đào tạo, có hiệu lực thi hành kể từ ngày 15/02/2017)"
            ),
            numbered("Thông tư", "26/2016/TT-BGDĐT")
        );
        assert_eq!(
            read(
                "(Điều 1 Thông tư số 71/2015 /TT-BTC Quy định việc lập dự toán, có hiệu lực thi hành kể từ ngày 01/07/2015)"
            ),
            numbered("Thông tư", "71/2015/TT-BTC")
        );
        assert_eq!(
            read(
                "(Điều 1 Pháp lệnh số Không số Về Hàm, cấp ngoại giao ngày 31/05/1995 của Uỷ ban Thường vụ Quốc hội, có hiệu lực thi hành kể từ ngày 31/05/1995)"
            ),
            named("Pháp lệnh", "Pháp lệnh Về Hàm, cấp ngoại giao")
        );
        assert_eq!(
            read(
                "((Điều 2 Pháp lệnh số Bảo vệ công trình quốc phòng và khu quân sự, có hiệu lực thi hành kể từ ngày 03/06/1994))"
            ),
            named("Pháp lệnh", "Pháp lệnh Bảo vệ công trình quốc phòng và khu quân sự")
        );
        assert_eq!(
            read(
                "(Điều 1 Nghị định số 73-CP Quy định chi tiết thi hành Pháp lệnh, có hiệu lực thi hành kể từ ngày 30/07/1994)"
            ),
            named("Nghị định", "Nghị định 73-CP")
        );
    }
}
