//! A JSON registry of document metadata: `[{"document_number", "document_type", "document_title",
//! "issuing_authority", "issued_date", "effective_date", …}]` (as kept beside the doanh-nghiep texts).

use super::{AdapterError, Record, Source, Wording, json_error};
use lex::Date;
use lex::model::{EventKind, ForceEvent, Metadata};
use serde::Deserialize;

#[derive(Deserialize)]
struct Entry {
    document_number: Option<String>,
    document_type: Option<String>,
    document_title: Option<String>,
    issuing_authority: Option<String>,
    issued_date: Option<String>,
    effective_date: Option<String>,
}

fn date(s: &Option<String>) -> Option<Date> {
    let s = s.as_deref()?.trim();
    Date::parse_iso(s.get(..10).unwrap_or(s)).or_else(|| Date::parse_dmy(s))
}

/// Registry type codes (`nghi_dinh`) to Vietnamese names; other spellings pass through cleaned.
fn type_name(code: &str) -> String {
    match code.trim() {
        "luat" => "Luật",
        "bo_luat" => "Bộ luật",
        "nghi_dinh" => "Nghị định",
        "nghi_quyet" => "Nghị quyết",
        "thong_tu" => "Thông tư",
        "thong_tu_lien_tich" => "Thông tư liên tịch",
        "quyet_dinh" => "Quyết định",
        "van_ban_hop_nhat" => "Văn bản hợp nhất",
        "phap_lenh" => "Pháp lệnh",
        other => return lex::normalize::clean_line(other),
    }
    .to_string()
}

pub fn read(path: &str, key: &str, text: &str) -> Result<Vec<Record>, AdapterError> {
    let entries: Vec<Entry> = serde_json::from_str(text).map_err(|e| json_error(path, e))?;
    let mut out = vec![];
    for e in entries {
        let Some(number) =
            e.document_number.as_deref().map(lex::number::canonical).filter(|n| lex::number::looks_like_number(n))
        else {
            continue;
        };
        let issued = date(&e.issued_date);
        let effective = date(&e.effective_date);
        let mut events = vec![];
        if let Some(d) = effective {
            events.push(ForceEvent { kind: EventKind::Effective, date: Some(d), by: None, partial: false });
        }
        let meta = Metadata {
            number: Some(number.clone()),
            doc_type: e.document_type.map(|t| type_name(&t)),
            title: e.document_title.map(|t| lex::normalize::clean_line(&t)),
            issuer: e.issuing_authority.map(|t| lex::normalize::clean_line(&t)),
            issued,
            effective,
            events,
            ..Metadata::default()
        };
        out.push(Record {
            meta,
            tree: None,
            source: Source {
                kind: "registry",
                key: format!("{key}#{number}"),
                wording: Wording::Unknown,
                wording_date: None,
                richness: 0,
                meta_rank: 3,
            },
        });
    }
    Ok(out)
}
