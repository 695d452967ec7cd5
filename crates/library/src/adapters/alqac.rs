//! ALQAC law corpora (`law.json`, `legal_passages.json`): `[{"id": "<law name>", "articles":
//! [{"id": "1", "text": "<title>\n\n<body>"}]}]`. Laws are named, not numbered: the Work is
//! identified by its name as given ("Luật Viên chức 2010").

use super::{AdapterError, Record, Source, Wording, article_node, json_error, root_with};
use lex::model::Metadata;
use serde::Deserialize;

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
            let (heading, body) = clean.split_once("\n\n").unwrap_or(("", clean.as_str()));
            if let Some(node) = article_node(&num, heading.trim(), body) {
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
                richness: 1,
                meta_rank: 1,
            },
        });
    }
    Ok(out)
}
