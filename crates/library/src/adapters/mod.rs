//! Adapters: every input format tuphap imports, in one module, each turning a file's bytes into
//! [`Record`]s (metadata + optional provision tree + where it came from). Pure: the caller reads files.
//!
//! | format | what | richness |
//! |---|---|---|
//! | `docx` | Word files as published (full structure) | 3 |
//! | `txt` | plain text, one paragraph per line | 3 |
//! | `pdf` | PDF with a text layer (through `pdftotext -layout`, poppler-utils) | 3 |
//! | `html` | a page saved from a legal portal | 3 |
//! | `phapdien` | pháp điển CSV rows: consolidated articles with source notes | 2 |
//! | `corpus-law-pub` | ALQAC 2026 `corpus_law_pub.json`: original articles by số hiệu | 1 |
//! | `alqac` | ALQAC law JSON (`law.json`, `legal_passages.json`): articles by law name | 0 |
//! | `gazette` | Official Gazette (Công báo) pages: metadata and relations, no text | — |
//! | `registry` | a JSON registry of document metadata | — |
//!
//! A flatter source never overwrites a richer one: `richness` ranks expressions, `meta_rank` ranks
//! metadata (official text 4 > gazette/registry 3 > pháp điển 2 > corpora 1 > a mere mention 0).
//! A corpus that names its laws without a số hiệu ranks last (0): once `library::link` joins such a
//! copy to the numbered Work it repeats, the Work's own text is shown, whatever the import order.

mod alqac;
mod corpus_law_pub;
mod gazette;
mod phapdien;
mod registry;
mod text;

use lex::Date;
use lex::model::{Metadata, Node};
use std::path::Path;

/// An input format (the `--format` option).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Docx,
    Text,
    Pdf,
    Html,
    Phapdien,
    CorpusLawPub,
    Alqac,
    Gazette,
    Registry,
}

impl Format {
    pub const ALL: &'static [Format] = &[
        Format::Docx,
        Format::Text,
        Format::Phapdien,
        Format::CorpusLawPub,
        Format::Alqac,
        Format::Gazette,
        Format::Registry,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Text => "txt",
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Phapdien => "phapdien",
            Format::CorpusLawPub => "corpus-law-pub",
            Format::Alqac => "alqac",
            Format::Gazette => "gazette",
            Format::Registry => "registry",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.name() == s || (s == "text" && *f == Format::Text))
    }
}

/// How the wording of an expression relates to time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wording {
    /// The text as enacted (văn bản gốc).
    Enacted,
    /// Consolidated as of a date (văn bản hợp nhất, pháp điển).
    Consolidated,
    /// The source does not say.
    Unknown,
}

impl Wording {
    pub fn as_str(self) -> &'static str {
        match self {
            Wording::Enacted => "enacted",
            Wording::Consolidated => "consolidated",
            Wording::Unknown => "unknown",
        }
    }
}

/// Where a record comes from.
#[derive(Clone, Debug)]
pub struct Source {
    /// Adapter name (`docx`, `phapdien` …).
    pub kind: &'static str,
    /// Identifies the source within its kind (file name, plus entry where a file holds many), so a
    /// re-import of the same file updates its expression.
    pub key: String,
    pub wording: Wording,
    /// The date the wording is from (enactment, or consolidation date).
    pub wording_date: Option<Date>,
    pub richness: i32,
    pub meta_rank: i32,
}

/// One document read from a source.
#[derive(Clone, Debug)]
pub struct Record {
    pub meta: Metadata,
    /// The provision tree (root kind `document`), or `None` for metadata-only sources.
    pub tree: Option<Node>,
    pub source: Source,
}

/// Why a file could not be read. Names the file and, where known, the line or field.
#[derive(Debug, thiserror::Error)]
pub enum AdapterError {
    #[error("{path}: not valid UTF-8 text (byte {offset})")]
    Encoding { path: String, offset: usize },
    #[error("{path}: {reason}")]
    Docx { path: String, reason: String },
    #[error("{path}: JSON error at line {line}, column {column}: {reason}")]
    Json { path: String, line: usize, column: usize, reason: String },
    #[error("{path}: CSV error at line {line}: {reason}")]
    Csv { path: String, line: u64, reason: String },
    #[error("{path}: field `{field}` {reason}")]
    Field { path: String, field: String, reason: String },
    #[error("{path}: {reason}")]
    Unusable { path: String, reason: String },
    #[error("{path}: {reason}")]
    Tool { path: String, reason: String },
}

/// What to do with a file found while walking a folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Detected {
    Import(Format),
    /// Not a document format tuphap imports (with the reason shown in the summary).
    Skip(String),
}

/// Detect a file's format from its name and first bytes.
pub fn detect(path: &Path, head: &[u8]) -> Detected {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_lowercase();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    let text = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    match ext.as_str() {
        "docx" => Detected::Import(Format::Docx),
        "doc" => Detected::Skip("legacy Word .doc (save it as .docx)".into()),
        "pdf" => Detected::Import(Format::Pdf),
        "html" | "htm" => Detected::Import(Format::Html),
        "csv" if text.contains("vbqppl") && text.contains("noidung") => Detected::Import(Format::Phapdien),
        "json" => {
            if text.contains("\"law_id\"") && text.contains("\"content_Article\"")
                || text.contains("\"law_id\"") && text.contains("\"aid\"")
            {
                Detected::Import(Format::CorpusLawPub)
            } else if text.contains("\"articles\"") && text.contains("\"id\"") && !text.contains("question") {
                Detected::Import(Format::Alqac)
            } else if text.contains("\"document_number\"") {
                Detected::Import(Format::Registry)
            } else {
                Detected::Skip("JSON that is not a law corpus (e.g. a question set)".into())
            }
        }
        "txt" => {
            if text.contains("Công báo") && text.contains("congbao") || text.contains("Văn bản đăng công báo")
            {
                Detected::Import(Format::Gazette)
            } else {
                Detected::Import(Format::Text)
            }
        }
        _ if head.starts_with(b"PK\x03\x04") => Detected::Import(Format::Docx),
        _ if name == "readme.md" || name == "source.md" || ext == "md" || ext == "jsonl" => {
            Detected::Skip("documentation or manifest file".into())
        }
        _ => Detected::Skip(format!("unknown file type “.{ext}”")),
    }
}

/// Read a file's records in `format`.
pub fn read(format: Format, path: &Path, bytes: &[u8]) -> Result<Vec<Record>, AdapterError> {
    let p = path.display().to_string();
    let key = path.file_name().and_then(|n| n.to_str()).unwrap_or("input").to_string();
    match format {
        Format::Docx => text::docx(&p, &key, bytes).map(|r| vec![r]),
        Format::Text => text::plain(&p, &key, utf8(&p, bytes)?).map(|r| vec![r]),
        Format::Pdf => text::pdf(&p, &key, path, bytes).map(|r| vec![r]),
        Format::Html => text::html(&p, &key, &String::from_utf8_lossy(bytes)).map(|r| vec![r]),
        Format::Phapdien => phapdien::read(&p, &key, bytes),
        Format::CorpusLawPub => corpus_law_pub::read(&p, &key, utf8(&p, bytes)?),
        Format::Alqac => alqac::read(&p, &key, utf8(&p, bytes)?),
        Format::Gazette => gazette::read(&p, &key, utf8(&p, bytes)?),
        Format::Registry => registry::read(&p, &key, utf8(&p, bytes)?),
    }
}

fn utf8<'a>(path: &str, bytes: &'a [u8]) -> Result<&'a str, AdapterError> {
    std::str::from_utf8(bytes).map_err(|e| AdapterError::Encoding { path: path.to_string(), offset: e.valid_up_to() })
}

fn json_error(path: &str, e: serde_json::Error) -> AdapterError {
    AdapterError::Json { path: path.to_string(), line: e.line(), column: e.column(), reason: e.to_string() }
}

/// A root node holding the given articles (for article-only corpora).
fn root_with(children: Vec<Node>) -> Node {
    let mut root = Node::new(lex::Kind::Document, "doc", None);
    root.children = children;
    root
}

/// Parse one article given as number, heading and body text into its node.
fn article_node(num: &str, heading: &str, body: &str) -> Option<Node> {
    let mut lines = vec![format!("Điều {num}. {heading}")];
    lines.extend(body.lines().map(str::to_string));
    let root = lex::parse::parse_fragment(&lines);
    root.children.into_iter().find(|c| c.kind == lex::Kind::Article)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]
        /// Bad input gets an error, never a panic, in every format.
        #[test]
        fn adapters_never_panic(text in "\\PC{0,300}", bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let path = Path::new("x");
            for f in Format::ALL {
                let _ = read(*f, path, text.as_bytes());
                let _ = read(*f, path, &bytes);
            }
            let csv = format!("mapc,ten,demuc_id,chuong_id,chude_id,noidung,chimuc,vbqppl,vbqppl_link,stt\n1,Điều 1.2.LQ.3. {text},a,b,c,{text},d,\"(Điều 3 Luật số {text}, có hiệu lực thi hành kể từ ngày 01/01/2020)\",e,1\n");
            let _ = read(Format::Phapdien, path, csv.as_bytes());
            let page = format!("Thuộc tính Loại văn bản {text} Số, ký hiệu 1/2020/NĐ-CP Ngày ban hành {text} Văn bản căn cứ [3] {text}");
            let _ = read(Format::Gazette, path, page.as_bytes());
        }
    }

    #[test]
    fn detection() {
        assert_eq!(detect(Path::new("a.docx"), b"PK"), Detected::Import(Format::Docx));
        assert_eq!(detect(Path::new("a.txt"), "QUỐC HỘI".as_bytes()), Detected::Import(Format::Text));
        assert_eq!(detect(Path::new("a.pdf"), b"%PDF"), Detected::Import(Format::Pdf));
        assert_eq!(detect(Path::new("a.html"), b"<html>"), Detected::Import(Format::Html));
        assert_eq!(
            detect(Path::new("c.json"), br#"[{"id": 1, "law_id": "x", "content": [{"aid": 1}]}]"#),
            Detected::Import(Format::CorpusLawPub)
        );
        assert_eq!(
            detect(Path::new("l.json"), br#"[{"id": "Luat", "articles": []}]"#),
            Detected::Import(Format::Alqac)
        );
        assert!(matches!(detect(Path::new("q.json"), br#"[{"question_id": "1"}]"#), Detected::Skip(_)));
    }
}
