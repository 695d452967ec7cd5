//! .docx and .txt: the official text, parsed by `lex` into its full structure.

use super::{AdapterError, Record, Source, Wording};

pub fn docx(path: &str, key: &str, bytes: &[u8]) -> Result<Record, AdapterError> {
    let d = lex::parse::docx::read(bytes)
        .map_err(|e| AdapterError::Docx { path: path.to_string(), reason: e.to_string() })?;
    let mut doc = lex::parse::parse_lines(&d.paragraphs);
    doc.meta.notes = d.footnotes;
    finish(path, "docx", key, doc)
}

pub fn plain(path: &str, key: &str, text: &str) -> Result<Record, AdapterError> {
    finish(path, "txt", key, lex::parse::parse_text(text))
}

fn finish(path: &str, kind: &'static str, key: &str, mut doc: lex::Document) -> Result<Record, AdapterError> {
    if doc.meta.number.is_none() && doc.meta.title.is_none() {
        return Err(AdapterError::Unusable {
            path: path.to_string(),
            reason: "no document number (Số: …) and no title found; is this a legal document?".into(),
        });
    }
    if doc.root.children.is_empty() && doc.root.text.trim().is_empty() {
        return Err(AdapterError::Unusable { path: path.to_string(), reason: "the file has no text".into() });
    }
    if doc.meta.number.is_none() {
        doc.meta.name = doc.meta.title.clone();
    }
    let consolidated = doc.meta.doc_type.as_deref() == Some("Văn bản hợp nhất");
    let source = Source {
        kind,
        key: key.to_string(),
        wording: if consolidated { Wording::Consolidated } else { Wording::Enacted },
        wording_date: doc.meta.issued,
        richness: 3,
        meta_rank: 4,
    };
    Ok(Record { meta: doc.meta, tree: Some(doc.root), source })
}
