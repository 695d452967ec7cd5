//! Official Gazette (Công báo, congbao.chinhphu.vn) document pages, saved as one line of page text.
//!
//! The attribute block gives type, số hiệu, issuer, issue date, summary (trích yếu), signer and entry
//! into force; the relation diagram ("Lược đồ") lists related documents under fixed headings, each as
//! `<số hiệu> <title>`. Gazette-issue pages (a table of contents of one issue) hold no document and
//! give no record. Source: congbao.chinhphu.vn — credit it where its content is shown.

use super::{AdapterError, Record, Source, Wording};
use lex::Date;
use lex::model::{EndsOther, EventKind, ForceEvent, Metadata, Relation};
use regex::Regex;
use std::sync::LazyLock;

static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"Thuộc tính Loại văn bản (?P<type>.+?) Số, ký hiệu (?P<number>\S+)(?: Cơ quan ban hành (?P<issuer>.+?))?(?: Ngày ban hành (?P<issued>\d{1,2}/\d{1,2}/\d{4}))?(?: Trích yếu (?P<summary>.+?))?(?: Người ký (?P<signer>.+?))?(?: Ngày hiệu lực (?P<effective>\S+))?(?: Công báo| Gửi thông tin|$)")
        .expect("valid regex")
});

/// Relation headings, longest first (the regex takes the first alternative that matches).
const HEADINGS: &[(&str, &str, bool)] = &[
    ("căn cứ văn bản này", "basis_for", false),
    ("sửa đổi bổ sung/đính chính", "amended_by", false),
    ("bị thay thế/bãi bỏ/hủy bỏ/đình chỉ một phần", "replaces", true),
    ("bị thay thế/bãi bỏ/hủy bỏ/đình chỉ", "replaces", false),
    ("thay thế/bãi bỏ/hủy bỏ/đình chỉ một phần", "replaced_by", true),
    ("thay thế/bãi bỏ/hủy bỏ/đình chỉ", "replaced_by", false),
    ("bị sửa đổi bổ xung/được đính chính", "amends", false),
    ("bị sửa đổi bổ sung/được đính chính", "amends", false),
    ("được hướng dẫn", "guides", false),
    ("hướng dẫn", "guided_by", false),
    ("dẫn chiếu", "cites", false),
    ("căn cứ", "based_on", false),
];

static HEADING_RE: LazyLock<Regex> = LazyLock::new(|| {
    let alts: Vec<String> = HEADINGS.iter().map(|(h, _, _)| regex::escape(h)).collect();
    Regex::new(&format!(r"Văn bản ({}) \[(\d+)\]", alts.join("|"))).expect("valid regex")
});

static ENTRY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(\d{1,5}/(?:\d{4}/)?[A-Za-zĐđÐ0-9\-]+)\s+(Hiến pháp|Bộ luật|Luật|Pháp lệnh|Lệnh|Nghị định|Nghị quyết|Thông tư liên tịch|Thông tư|Quyết định|Chỉ thị|Văn bản hợp nhất|Công văn|Thông báo|Sắc lệnh|Điều lệ)\b")
        .expect("valid regex")
});

pub fn read(path: &str, key: &str, raw: &str) -> Result<Vec<Record>, AdapterError> {
    let text = lex::normalize::clean(raw);
    let Some(attr) = ATTR.captures(&text) else {
        // A gazette-issue page (table of contents): no document of its own.
        return Ok(vec![]);
    };
    let number = lex::number::canonical(&attr["number"]);
    if !lex::number::looks_like_number(&number) {
        return Err(AdapterError::Field {
            path: path.to_string(),
            field: "Số, ký hiệu".into(),
            reason: format!("“{}” is not a document number", &attr["number"]),
        });
    }
    let mut doc_type = lex::normalize::collapse_spaces(&attr["type"]);
    // The Gazette files codes under `Luật`; the summary says `Bộ luật hình sự`.
    if doc_type == "Luật"
        && attr.name("summary").is_some_and(|m| m.as_str().trim().to_lowercase().starts_with("bộ luật "))
    {
        doc_type = "Bộ luật".to_string();
    }
    let issued = attr.name("issued").and_then(|m| Date::parse_dmy(m.as_str()));
    let effective = attr.name("effective").and_then(|m| Date::parse_dmy(m.as_str()));
    let summary = attr.name("summary").map(|m| m.as_str().trim().trim_end_matches('.').to_string());
    let mut meta = Metadata {
        number: Some(number.clone()),
        doc_type: Some(doc_type.clone()),
        issuer: attr.name("issuer").map(|m| lex::parse::meta::issuer_name(m.as_str().trim())),
        issued,
        effective,
        title: summary.map(|s| lex::parse::meta::compose_title(Some(&doc_type), &s)),
        signer: attr.name("signer").map(|m| lex::parse::meta::person_name(m.as_str())),
        ..Metadata::default()
    };
    if let Some(d) = issued {
        meta.events.push(ForceEvent { kind: EventKind::Issued, date: Some(d), by: None, partial: false });
    }
    if let Some(d) = effective {
        meta.events.push(ForceEvent { kind: EventKind::Effective, date: Some(d), by: None, partial: false });
    }
    read_relations(&text[..attr.get(0).map(|m| m.start()).unwrap_or(text.len())], &mut meta);
    Ok(vec![Record {
        meta,
        tree: None,
        source: Source {
            kind: "gazette",
            key: key.to_string(),
            wording: Wording::Unknown,
            wording_date: None,
            richness: 0,
            meta_rank: 3,
        },
    }])
}

fn read_relations(text: &str, meta: &mut Metadata) {
    let heads: Vec<regex::Captures> = HEADING_RE.captures_iter(text).collect();
    for (i, h) in heads.iter().enumerate() {
        let Some(&(_, kind, partial)) = HEADINGS.iter().find(|(t, _, _)| *t == &h[1]) else {
            continue;
        };
        let count: usize = h[2].parse().unwrap_or(0);
        if count == 0 {
            continue;
        }
        let start = h.get(0).map(|m| m.end()).unwrap_or(0);
        let end = heads.get(i + 1).and_then(|n| n.get(0)).map(|m| m.start()).unwrap_or(text.len());
        let segment = &text[start..end];
        let starts: Vec<(usize, String)> = ENTRY_RE
            .captures_iter(segment)
            .filter_map(|c| c.get(1).map(|m| (m.start(), lex::number::canonical(m.as_str()))))
            .collect();
        for (j, (pos, target)) in starts.iter().enumerate().take(count) {
            let stop = starts.get(j + 1).map(|s| s.0).unwrap_or(segment.len());
            let title = segment[*pos..stop].trim();
            let title = title.split_once(' ').map(|(_, t)| t.trim().trim_end_matches('.').to_string());
            if meta.relations.iter().any(|r| r.kind == kind && &r.target == target) {
                continue;
            }
            meta.relations.push(Relation { kind: kind.to_string(), target: target.clone(), title, partial });
            match kind {
                // This document is replaced or repealed by the target: dated by the target's entry into force.
                "replaced_by" => meta.events.push(ForceEvent {
                    kind: EventKind::Replaced,
                    date: None,
                    by: Some(target.clone()),
                    partial,
                }),
                // This document replaces the target: the target ends when this one takes effect.
                "replaces" => meta.ends.push(EndsOther {
                    target: target.clone(),
                    date: meta.effective,
                    how: EventKind::Replaced,
                    partial,
                }),
                "amended_by" => meta.events.push(ForceEvent {
                    kind: EventKind::Amended,
                    date: None,
                    by: Some(target.clone()),
                    partial: true,
                }),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "Thông tư số 312/2016/TT-BTC quy định chế độ tài chính. trang chủ Lược đồ Văn bản căn cứ văn bản này [0] Văn bản sửa đổi bổ sung/đính chính [0] Văn bản thay thế/bãi bỏ/hủy bỏ/đình chỉ một phần [0] Văn bản dẫn chiếu [1] 1394/QĐ-TTg Quyết định số 1394/QĐ-TTg về việc thành lập Bảo hiểm tiền gửi Việt Nam. Văn bản bị thay thế/bãi bỏ/hủy bỏ/đình chỉ [1] 41/2014/TT-BTC Thông tư số 41/2014/TT-BTC quy định chế độ tài chính. Văn bản căn cứ [2] 91/2015/NĐ-CP Nghị định số 91/2015/NĐ-CP về đầu tư vốn. 06/2012/QH13 Luật số 06/2012/QH13 bảo hiểm tiền gửi. Văn bản được hướng dẫn [0] Thuộc tính Loại văn bản Thông tư Số, ký hiệu 312/2016/TT-BTC Cơ quan ban hành BỘ TÀI CHÍNH Ngày ban hành 24/11/2016 Trích yếu quy định chế độ tài chính đối với Bảo hiểm tiền gửi Việt Nam. Người ký TRẦN VĂN HIẾU Ngày hiệu lực 10/01/2017 Công báo 21 + 22 Gửi thông tin";

    #[test]
    fn attributes_and_relations() {
        let recs = read("p.txt", "p.txt", PAGE).unwrap();
        let m = &recs[0].meta;
        assert_eq!(m.number.as_deref(), Some("312/2016/TT-BTC"));
        assert_eq!(m.doc_type.as_deref(), Some("Thông tư"));
        assert_eq!(m.issuer.as_deref(), Some("Bộ Tài chính"));
        assert_eq!(m.signer.as_deref(), Some("Trần Văn Hiếu"));
        assert_eq!(m.issued.unwrap().to_string(), "2016-11-24");
        assert_eq!(m.effective.unwrap().to_string(), "2017-01-10");
        assert_eq!(m.title.as_deref(), Some("Thông tư quy định chế độ tài chính đối với Bảo hiểm tiền gửi Việt Nam"));
        let kinds: Vec<(&str, &str)> = m.relations.iter().map(|r| (r.kind.as_str(), r.target.as_str())).collect();
        assert_eq!(
            kinds,
            [
                ("cites", "1394/QĐ-TTg"),
                ("replaces", "41/2014/TT-BTC"),
                ("based_on", "91/2015/NĐ-CP"),
                ("based_on", "06/2012/QH13")
            ]
        );
        assert_eq!(m.ends[0].target, "41/2014/TT-BTC");
        assert_eq!(m.ends[0].date.unwrap().to_string(), "2017-01-10");
    }

    #[test]
    fn issue_pages_give_nothing() {
        assert!(read("p.txt", "p.txt", "Công báo số 631 + 632 ngày 20/10/2012 Mục lục").unwrap().is_empty());
    }
}
