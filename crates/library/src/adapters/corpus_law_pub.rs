//! ALQAC 2026 `corpus_law_pub.json`: `[{"id", "law_id": "26/2008/QH12", "content": [{"aid",
//! "content_Article"}]}]`. Article number = aid − min(aid of the document) + 1; the body has no
//! heading; soft line wraps (`\r\n`) are joined and clauses run inline after `:`.

use super::{AdapterError, Record, Source, Wording, article_node, json_error, root_with};
use lex::model::Metadata;
use regex::Regex;
use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Deserialize)]
struct Law {
    law_id: String,
    content: Vec<Article>,
}

#[derive(Deserialize)]
struct Article {
    aid: i64,
    #[serde(rename = "content_Article")]
    content_article: String,
}

static INLINE_CLAUSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([:;.])\s+(\d{1,2}\.\s|[a-zđ]\)\s)").expect("valid regex"));

pub fn read(path: &str, key: &str, text: &str) -> Result<Vec<Record>, AdapterError> {
    let laws: Vec<Law> = serde_json::from_str(text).map_err(|e| json_error(path, e))?;
    let mut out = vec![];
    for (i, law) in laws.into_iter().enumerate() {
        let number = lex::number::canonical(&law.law_id);
        if !lex::number::looks_like_number(&number) {
            return Err(AdapterError::Field {
                path: path.to_string(),
                field: format!("[{i}].law_id"),
                reason: format!("“{}” is not a document number", law.law_id),
            });
        }
        let Some(min) = law.content.iter().map(|a| a.aid).min() else {
            continue;
        };
        let mut articles = vec![];
        for a in &law.content {
            let body = a.content_article.replace("\r\n", " ").replace("\t\t", "\n");
            let body = INLINE_CLAUSE.replace_all(&body, "$1\n$2");
            let num = (a.aid - min + 1).to_string();
            if let Some(node) = article_node(&num, "", &body) {
                articles.push(node);
            }
        }
        let meta = Metadata {
            doc_type: lex::number::type_from_number(&number).map(str::to_string),
            number: Some(number.clone()),
            ..Metadata::default()
        };
        out.push(Record {
            meta,
            tree: Some(root_with(articles)),
            source: Source {
                kind: "corpus-law-pub",
                key: format!("{key}#{number}"),
                wording: Wording::Enacted,
                wording_date: None,
                richness: 1,
                meta_rank: 1,
            },
        });
    }
    Ok(out)
}
