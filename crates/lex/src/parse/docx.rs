//! .docx (Office Open XML) → paragraphs of text.
//!
//! Reads `word/document.xml` with a streaming XML reader: text runs (`w:t`, split anywhere, even
//! mid-word) are concatenated per paragraph; tabs and line breaks are kept as separators; table cells
//! come out as their own paragraphs in reading order; deleted revisions (`w:del`), field codes
//! (`w:instrText`) and the fallback copy of alternate content are skipped. Footnotes (`word/footnotes.xml`)
//! are returned separately; headers and footers (page numbers, running titles) are not body text.
//! Numbering that Word generates (`w:numPr`) is not in the text: where a paragraph carries a list
//! number, [`Docx::paragraphs`] rebuilds it as text (`1.`, `a)`) from the numbering definitions.

use quick_xml::events::Event;
use quick_xml::reader::Reader;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Why a .docx could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("not a .docx (zip) file: {0}")]
    Zip(String),
    #[error("the .docx has no word/document.xml")]
    NoDocument,
    #[error("broken XML in {part}: {message}")]
    Xml { part: String, message: String },
    #[error("the .docx is too large once unpacked ({0} bytes; limit {LIMIT})")]
    TooLarge(u64),
}

/// Unpacked size limit for one XML part (guards against zip bombs).
const LIMIT: u64 = 200 * 1024 * 1024;

/// The text of a .docx.
#[derive(Debug, Default, Clone)]
pub struct Docx {
    pub paragraphs: Vec<String>,
    pub footnotes: Vec<String>,
}

/// Read a .docx from its bytes.
pub fn read(bytes: &[u8]) -> Result<Docx, DocxError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError::Zip(e.to_string()))?;
    let document = read_part(&mut zip, "word/document.xml")?.ok_or(DocxError::NoDocument)?;
    let numbering = read_part(&mut zip, "word/numbering.xml")?.map(|x| Numbering::parse(&x)).unwrap_or_default();
    let body = paragraphs(&document, "word/document.xml", &numbering)?;
    let footnotes = match read_part(&mut zip, "word/footnotes.xml")? {
        Some(x) => paragraphs(&x, "word/footnotes.xml", &Numbering::default())?
            .into_iter()
            .filter(|p| !p.trim().is_empty())
            .collect(),
        None => vec![],
    };
    Ok(Docx { paragraphs: body, footnotes })
}

fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, DocxError> {
    let mut file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(DocxError::Zip(e.to_string())),
    };
    if file.size() > LIMIT {
        return Err(DocxError::TooLarge(file.size()));
    }
    let mut s = String::with_capacity(file.size() as usize);
    file.by_ref()
        .take(LIMIT)
        .read_to_string(&mut s)
        .map_err(|e| DocxError::Xml { part: name.to_string(), message: e.to_string() })?;
    Ok(Some(s))
}

/// Word list numbering: (numId, level) → format and start, with running counters.
#[derive(Default)]
struct Numbering {
    /// numId → abstractNumId
    nums: HashMap<String, String>,
    /// (abstractNumId, ilvl) → (numFmt, lvlText)
    levels: HashMap<(String, String), (String, String)>,
}

impl Numbering {
    fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut abs: Option<String> = None;
        let mut lvl: Option<String> = None;
        let mut fmt = String::new();
        let mut text = String::new();
        let mut num_id: Option<String> = None;
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                    let name = e.name();
                    let local = name.as_ref();
                    match local {
                        "w:abstractNum" => abs = attr(&e, "w:abstractNumId"),
                        "w:lvl" => {
                            lvl = attr(&e, "w:ilvl");
                            fmt.clear();
                            text.clear();
                        }
                        "w:numFmt" => fmt = attr(&e, "w:val").unwrap_or_default(),
                        "w:lvlText" => text = attr(&e, "w:val").unwrap_or_default(),
                        "w:num" => num_id = attr(&e, "w:numId"),
                        "w:abstractNumId" => {
                            if let (Some(id), Some(a)) = (num_id.clone(), attr(&e, "w:val")) {
                                n.nums.insert(id, a);
                            }
                        }
                        _ => {}
                    }
                }
                Ok(Event::End(e)) => {
                    if e.name().as_ref() == "w:lvl"
                        && let (Some(a), Some(l)) = (abs.clone(), lvl.clone())
                    {
                        n.levels.insert((a, l), (fmt.clone(), text.clone()));
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        n
    }

    /// The label for the next item of (numId, ilvl), advancing the counters.
    fn label(&self, counters: &mut HashMap<(String, String), u32>, num_id: &str, ilvl: &str) -> Option<String> {
        let abs = self.nums.get(num_id)?;
        let (fmt, text) = self.levels.get(&(abs.clone(), ilvl.to_string()))?;
        // Deeper levels restart when a shallower one advances.
        let depth: u32 = ilvl.parse().unwrap_or(0);
        counters.retain(|(n, l), _| n != num_id || l.parse::<u32>().unwrap_or(0) <= depth);
        let c = counters.entry((num_id.to_string(), ilvl.to_string())).or_insert(0);
        *c += 1;
        let value = match fmt.as_str() {
            "decimal" => c.to_string(),
            "lowerLetter" => super::line::POINT_LETTERS.get((*c as usize).saturating_sub(1)).map(|l| l.to_string())?,
            "upperRoman" => super::line::to_roman(*c),
            "bullet" | "none" => return None,
            _ => c.to_string(),
        };
        let placeholder = format!("%{}", depth + 1);
        Some(text.replace(&placeholder, &value))
    }
}

fn attr(e: &quick_xml::events::BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}

/// Extract paragraphs from a WordprocessingML part.
fn paragraphs(xml: &str, part: &str, numbering: &Numbering) -> Result<Vec<String>, DocxError> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_text = false;
    let mut skip_depth = 0u32; // inside w:del, w:instrText, mc:Fallback
    let mut in_p = false;
    let mut num: (Option<String>, Option<String>) = (None, None);
    let mut counters: HashMap<(String, String), u32> = HashMap::new();
    loop {
        let event =
            reader.read_event().map_err(|e| DocxError::Xml { part: part.to_string(), message: e.to_string() })?;
        match event {
            Event::Start(e) => match e.name().as_ref() {
                "w:del" | "w:instrText" | "mc:Fallback" | "w:delText" => skip_depth += 1,
                "w:p" => {
                    in_p = true;
                    current.clear();
                    num = (None, None);
                }
                "w:t" => in_text = skip_depth == 0,
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "w:tab" if skip_depth == 0 && in_p => current.push('\t'),
                "w:br" | "w:cr" if skip_depth == 0 && in_p => current.push('\n'),
                "w:noBreakHyphen" if skip_depth == 0 => current.push('-'),
                "w:numId" => num.0 = attr(&e, "w:val"),
                "w:ilvl" => num.1 = attr(&e, "w:val"),
                "w:p" => out.push(String::new()),
                _ => {}
            },
            Event::Text(t) if in_text => {
                let s = t.xml10_content();
                current.push_str(&s);
            }
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    current.push(c);
                } else {
                    match r.as_ref() {
                        "amp" => current.push('&'),
                        "lt" => current.push('<'),
                        "gt" => current.push('>'),
                        "quot" => current.push('"'),
                        "apos" => current.push('\''),
                        _ => {}
                    }
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "w:del" | "w:instrText" | "mc:Fallback" | "w:delText" => skip_depth = skip_depth.saturating_sub(1),
                "w:t" => in_text = false,
                "w:p" => {
                    in_p = false;
                    let mut para = std::mem::take(&mut current);
                    if let (Some(id), Some(lvl)) = (&num.0, &num.1)
                        && id != "0"
                        && !para.trim().is_empty()
                        && let Some(label) = numbering.label(&mut counters, id, lvl)
                    {
                        para = format!("{label} {}", para.trim_start());
                    }
                    out.push(para);
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}
