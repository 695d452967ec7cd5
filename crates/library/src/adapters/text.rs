//! .docx, .txt, .pdf (text layer) and .html: the official text, parsed by `lex` into its structure.

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

/// A PDF through `pdftotext -layout` (poppler-utils). A scanned PDF without a text layer is refused
/// with that reason, never imported as an empty document.
pub fn pdf(shown: &str, key: &str, path: &std::path::Path, bytes: &[u8]) -> Result<Record, AdapterError> {
    let tool = |reason: String| AdapterError::Tool { path: shown.to_string(), reason };
    if !bytes.starts_with(b"%PDF") {
        return Err(AdapterError::Unusable {
            path: shown.to_string(),
            reason: "not a PDF file (no %PDF header)".into(),
        });
    }
    // pdftotext reads a file: use the original, or a temporary copy when the bytes came from elsewhere.
    let tmp;
    let input = if path.is_file() {
        path.to_path_buf()
    } else {
        tmp = std::env::temp_dir().join(format!("tuphap-{}-{key}", std::process::id()));
        std::fs::write(&tmp, bytes).map_err(|e| tool(e.to_string()))?;
        tmp.clone()
    };
    let output =
        std::process::Command::new("pdftotext").args(["-layout", "-enc", "UTF-8"]).arg(&input).arg("-").output();
    if input != path {
        let _ = std::fs::remove_file(&input);
    }
    let output = output.map_err(|e| tool(format!("cannot run pdftotext (install poppler-utils): {e}")))?;
    if !output.status.success() {
        return Err(tool(format!("pdftotext failed: {}", String::from_utf8_lossy(&output.stderr).trim())));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    if text.chars().filter(|c| c.is_alphabetic()).count() < 20 {
        return Err(AdapterError::Unusable {
            path: shown.to_string(),
            reason: "scanned PDF without a text layer: run OCR on it first (nothing was imported)".into(),
        });
    }
    finish(shown, "pdf", key, lex::parse::parse_lines(&lex::parse::pdf::paragraphs(&text)))
}

/// A page saved from a legal portal.
pub fn html(shown: &str, key: &str, page: &str) -> Result<Record, AdapterError> {
    finish(shown, "html", key, lex::parse::parse_lines(&lex::parse::html::paragraphs(page)))
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
