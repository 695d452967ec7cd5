//! ALQAC law corpora (`law.json`, `legal_passages.json`): `[{"id": "<law name>", "articles":
//! [{"id": "1", "text": "<title>\n\n<body>"}]}]`. Laws are named, not numbered: the Work is
//! identified by its name as given ("Luật Viên chức 2010"). The title (tên điều) is the first line;
//! most articles leave a blank line after it, some only a line break (`Lựa chọn nơi cư trú của vợ
//! chồng\nViệc lựa chọn …`).

use super::{AdapterError, Record, Source, Wording, article_node, json_error, root_with};
use lex::model::Metadata;
use serde::Deserialize;

/// An article's title and body: the first line, when more follows, it is not already a clause
/// (`1. …`) and it does not end a sentence (titles carry no final `.` or `:`; the Constitution's
/// articles have no title and begin with a sentence).
fn split_title(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    let Some((first, rest)) = text.split_once('\n') else {
        return ("", text);
    };
    let first = first.trim();
    let numbered =
        first.split_once(['.', ')']).is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    let sentence = first.ends_with(['.', ':', ';', ',']);
    if numbered || sentence || rest.trim().is_empty() {
        return ("", text);
    }
    (first, rest.trim_start_matches('\n'))
}

#[derive(Deserialize)]
struct Law {
    id: String,
    articles: Vec<Article>,
}

#[derive(Deserialize)]
struct Article {
    id: serde_json::Value,
    text: String,
}

pub fn read(path: &str, key: &str, text: &str) -> Result<Vec<Record>, AdapterError> {
    let laws: Vec<Law> = serde_json::from_str(text).map_err(|e| json_error(path, e))?;
    let mut out = Vec::with_capacity(laws.len());
    for (i, law) in laws.into_iter().enumerate() {
        let name = lex::normalize::clean_line(&law.id);
        if name.is_empty() {
            return Err(AdapterError::Field {
                path: path.to_string(),
                field: format!("[{i}].id"),
                reason: "is empty".into(),
            });
        }
        let mut articles = Vec::with_capacity(law.articles.len());
        for (j, a) in law.articles.iter().enumerate() {
            let num = match &a.id {
                serde_json::Value::String(s) => s.trim().to_string(),
                serde_json::Value::Number(n) => n.to_string(),
                _ => {
                    return Err(AdapterError::Field {
                        path: path.to_string(),
                        field: format!("[{i}].articles[{j}].id"),
                        reason: "is not a number or string".into(),
                    });
                }
            };
            let clean = lex::normalize::clean(&a.text);
            let (heading, body) = split_title(&clean);
            if let Some(node) = article_node(&num, heading, body) {
                articles.push(node);
            }
        }
        let doc_type = ["Bộ luật", "Luật", "Hiến pháp", "Pháp lệnh", "Nghị định", "Nghị quyết", "Thông tư"]
            .iter()
            .find(|t| name.to_lowercase().starts_with(&t.to_lowercase()))
            .map(|t| t.to_string());
        let meta = Metadata { name: Some(name.clone()), title: Some(name.clone()), doc_type, ..Metadata::default() };
        out.push(Record {
            meta,
            tree: Some(root_with(articles)),
            source: Source {
                kind: "alqac",
                key: format!("{key}#{name}"),
                wording: Wording::Unknown,
                wording_date: None,
                // A named copy: shown only where the Work has no other text (see the module docs).
                richness: 0,
                meta_rank: 1,
            },
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_is_the_first_line() {
        assert_eq!(split_title("Giải thích từ ngữ\n\nTrong Luật này:"), ("Giải thích từ ngữ", "Trong Luật này:"));
        assert_eq!(
            split_title("Lựa chọn nơi cư trú của vợ chồng\nViệc lựa chọn nơi cư trú do vợ chồng thỏa thuận."),
            ("Lựa chọn nơi cư trú của vợ chồng", "Việc lựa chọn nơi cư trú do vợ chồng thỏa thuận.")
        );
        assert_eq!(split_title("1. Vợ chồng bình đẳng.\n2. Tôn trọng."), ("", "1. Vợ chồng bình đẳng.\n2. Tôn trọng."));
        assert_eq!(split_title("Chỉ một dòng."), ("", "Chỉ một dòng."));
        let constitution = "Quốc hội có những nhiệm vụ và quyền hạn sau đây:\n\n1. Làm Hiến pháp và sửa đổi Hiến pháp;";
        assert_eq!(split_title(constitution), ("", constitution));
    }

    #[test]
    fn every_article_keeps_its_title() {
        let json = r#"[{"id": "Luật Mẫu 2020", "articles": [
            {"id": "1", "text": "Phạm vi điều chỉnh\n\nLuật này quy định về mẫu."},
            {"id": "2", "text": "Nơi cư trú\nViệc lựa chọn nơi cư trú do các bên thỏa thuận."},
            {"id": "3", "text": "Nguyên tắc\n1. Tự nguyện.\n\n2. Bình đẳng."}]}]"#;
        let recs = read("l.json", "l.json", json).unwrap();
        let tree = recs[0].tree.as_ref().unwrap();
        let arts: Vec<(Option<&str>, &str)> =
            tree.children.iter().map(|a| (a.heading.as_deref(), a.text.as_str())).collect();
        assert_eq!(
            arts,
            [
                (Some("Phạm vi điều chỉnh"), "Luật này quy định về mẫu."),
                (Some("Nơi cư trú"), "Việc lựa chọn nơi cư trú do các bên thỏa thuận."),
                (Some("Nguyên tắc"), ""),
            ]
        );
        assert_eq!(tree.children[2].children.len(), 2);
    }
}
