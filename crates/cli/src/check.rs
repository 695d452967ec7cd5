//! `tuphap check DRAFT` — the drafting review on the command line: rustc-style diagnostics (or
//! JSON), exit code 1 when there are errors, `--fix` writes `NAME.fixed.EXT` beside the input (a
//! .docx keeps its formatting: only the text inside its runs changes).

use crate::{Failure, OutputFormat};
use library::Library;
use library::review::{Draft, Report, Reviewer, Severity};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The paragraphs of a .txt, .docx or .html file ([`library::review::draft_lines`]).
pub fn read_lines(path: &Path) -> Result<Vec<String>, Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure { code: 1, message: format!("{}: {e}", path.display()) })?;
    library::review::draft_lines(&path.display().to_string(), &bytes)
        .map_err(|e| Failure { code: 1, message: e.to_string() })
}

/// Run the review of `draft` and print it; the exit code.
pub async fn run(
    lib: &Library,
    draft: &Path,
    previous: Option<&Path>,
    date: Option<&str>,
    format: OutputFormat,
    fix: bool,
) -> Result<u8, Failure> {
    let date = match date {
        None => None,
        Some(s) => Some(
            lex::Date::parse_iso(s).ok_or_else(|| crate::usage(format!("--date: “{s}” is not a date (YYYY-MM-DD)")))?,
        ),
    };
    let lines = read_lines(draft)?;
    let previous = previous.map(read_lines).transpose()?;
    let reviewer = Reviewer::load(lib).await?;
    let report = reviewer.check(lib, &Draft { lines: lines.clone(), previous, date }).await?;
    match format {
        OutputFormat::Json => println!("{}", json(&report)),
        OutputFormat::Text => print_text(&report, &lines, &draft.display().to_string()),
    }
    if fix {
        let out = fixed_path(draft);
        write_fixed(draft, &out, &lines, &report)?;
        eprintln!("đã ghi bản sửa / fixed text written to {}", out.display());
    }
    Ok(u8::from(report.errors() > 0))
}

/// The JSON contract: `{"diagnostics": [{kind, severity, line, column, citation, message, suggestion}]}`.
pub fn json(report: &Report) -> serde_json::Value {
    serde_json::json!({
        "date": report.date,
        "date_source": report.date_source,
        "diagnostics": report.diagnostics.iter().map(|d| serde_json::json!({
            "kind": d.kind.as_str(),
            "severity": d.severity.as_str(),
            "line": d.line,
            "column": d.column,
            "citation": d.citation,
            "message": d.message,
            "known": d.known,
            "suggestion": d.suggestion,
        })).collect::<Vec<_>>(),
        "stats": report.stats,
    })
}

fn print_text(report: &Report, lines: &[String], file: &str) {
    let mut out = String::new();
    for d in &report.diagnostics {
        let line = lines.get(d.line - 1).map(|l| lex::normalize::clean(l)).unwrap_or_default();
        out.push_str(&format!(
            "{file}:{}:{}: {}[{}]: {}\n",
            d.line,
            d.column,
            d.severity.as_str(),
            d.kind.as_str(),
            d.message
        ));
        let gutter = d.line.to_string().len();
        out.push_str(&format!("{:gutter$} |\n", ""));
        out.push_str(&format!("{} | {}\n", d.line, line));
        let width = line.get(d.span.clone()).map(|s| s.chars().count()).unwrap_or(1).max(1);
        out.push_str(&format!("{:gutter$} | {}{}\n", "", " ".repeat(d.column - 1), "^".repeat(width)));
        if let Some(k) = &d.known {
            out.push_str(&format!("{:gutter$} = note: {k}\n", ""));
        }
        if let Some(s) = &d.suggestion {
            out.push_str(&format!("{:gutter$} = help: {s}\n", ""));
        }
        out.push('\n');
    }
    let count = |s: Severity| report.diagnostics.iter().filter(|d| d.severity == s).count();
    out.push_str(&format!(
        "{} lỗi / errors, {} cảnh báo / warnings, {} lưu ý / notes — {} trích dẫn / citations, kiểm tra ngày / checked on {} ({})\n",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
        report.stats.citations,
        report.date,
        report.date_source
    ));
    let _ = std::io::stdout().write_all(out.as_bytes());
}

/// `NAME.fixed.EXT` beside the input.
pub fn fixed_path(p: &Path) -> PathBuf {
    let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("draft");
    let name = match p.extension().and_then(|e| e.to_str()) {
        Some(ext) => format!("{stem}.fixed.{ext}"),
        None => format!("{stem}.fixed"),
    };
    p.with_file_name(name)
}

fn write_fixed(input: &Path, out: &Path, lines: &[String], report: &Report) -> Result<(), Failure> {
    let fail = |m: String| Failure { code: 1, message: format!("{}: {m}", out.display()) };
    let fixed = report.fixed_lines(lines);
    let ext = input.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    let changes: Vec<(String, String)> =
        lines.iter().zip(fixed.iter()).filter(|(a, b)| a != b).map(|(a, b)| (a.clone(), b.clone())).collect();
    if ext == "html" || ext == "htm" {
        let html = std::fs::read_to_string(input).map_err(|e| fail(e.to_string()))?;
        return std::fs::write(out, rewrite_html(&html, &changes).map_err(fail)?).map_err(|e| fail(e.to_string()));
    }
    if ext != "docx" {
        let mut text = fixed.join("\n");
        text.push('\n');
        return std::fs::write(out, text).map_err(|e| fail(e.to_string()));
    }
    // Rewrite the text inside the runs of the changed paragraphs.
    let bytes = std::fs::read(input).map_err(|e| fail(e.to_string()))?;
    let rewritten = rewrite_docx(&bytes, &changes).map_err(fail)?;
    std::fs::write(out, rewritten).map_err(|e| fail(e.to_string()))
}

/// A copy of an HTML page with each fix made in its source: the changed part of each paragraph (what
/// lies between the common beginning and end of the old and new text), escaped as HTML, is replaced
/// where it first occurs after the previous fix, so the markup around it stays. A change that cannot be
/// found in the source as written (split by a tag or an entity) is an error naming its text.
pub fn rewrite_html(html: &str, changes: &[(String, String)]) -> Result<String, String> {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    for (old, new) in changes {
        let oc: Vec<char> = lex::normalize::clean(old).chars().collect();
        let nc: Vec<char> = lex::normalize::clean(new).chars().collect();
        let prefix = oc.iter().zip(&nc).take_while(|(a, b)| a == b).count();
        let room = oc.len().min(nc.len()) - prefix;
        let suffix = oc.iter().rev().zip(nc.iter().rev()).take_while(|(a, b)| a == b).count().min(room);
        // Widen the changed part to whole words, so that it is specific enough to be found.
        let mut start = prefix;
        while start > 0 && !oc[start - 1].is_whitespace() {
            start -= 1;
        }
        let s = |c: &[char]| escape(&c.iter().collect::<String>());
        let (from, to) = (s(&oc[start..oc.len() - suffix]), s(&nc[start..nc.len() - suffix]));
        // Where the change stands: the whole paragraph as written; else the change with the rest of
        // its paragraph; else the paragraph's beginning immediately followed by the change.
        let found = [(s(&oc), s(&nc)), (s(&oc[start..]), s(&nc[start..]))]
            .into_iter()
            .find_map(|(needle, with)| rest.find(&needle).map(|at| (at, needle.len(), with)))
            .or_else(|| {
                let anchor = s(&oc[..start]);
                let at = rest.find(&format!("{anchor}{from}")).filter(|_| !anchor.is_empty())?;
                Some((at + anchor.len(), from.len(), to.clone()))
            });
        let Some((at, len, with)) = found else {
            return Err(format!(
                "“{}” is not written as such in the HTML source: fix it by hand",
                oc.iter().collect::<String>()
            ));
        };
        out.push_str(&rest[..at]);
        out.push_str(&with);
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A copy of a .docx with each changed paragraph's text replaced run by run: every `w:t` keeps its
/// formatting; a change is written into the run where it starts.
pub fn rewrite_docx(bytes: &[u8], changes: &[(String, String)]) -> Result<Vec<u8>, String> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).map_err(|e| e.to_string())?;
        let name = f.name().map_err(|e| e.to_string())?.to_string();
        let mut data = vec![];
        f.read_to_end(&mut data).map_err(|e| e.to_string())?;
        if name == "word/document.xml" {
            data = rewrite_document_xml(&String::from_utf8_lossy(&data), changes).into_bytes();
        }
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name, opts).map_err(|e| e.to_string())?;
        out.write_all(&data).map_err(|e| e.to_string())?;
    }
    Ok(out.finish().map_err(|e| e.to_string())?.into_inner())
}

/// Within each `<w:p>`, the concatenated `<w:t>` texts; a paragraph whose text (cleaned) equals an
/// old line gets the new line's text, distributed over its runs by the common prefix and suffix.
fn rewrite_document_xml(xml: &str, changes: &[(String, String)]) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(p) = rest.find("<w:p") {
        // `<w:p>` or `<w:p …>`, not `<w:pPr>`.
        let after = &rest[p + 4..];
        if !(after.starts_with('>') || after.starts_with(' ')) {
            out.push_str(&rest[..p + 4]);
            rest = after;
            continue;
        }
        let Some(end) = rest[p..].find("</w:p>") else { break };
        out.push_str(&rest[..p]);
        let para = &rest[p..p + end + 6];
        out.push_str(&rewrite_paragraph(para, changes));
        rest = &rest[p + end + 6..];
    }
    out.push_str(rest);
    out
}

fn rewrite_paragraph(para: &str, changes: &[(String, String)]) -> String {
    // Text nodes: (content start, content end) in `para`.
    let mut nodes = vec![];
    let mut at = 0;
    while let Some(s) = para[at..].find("<w:t") {
        let s = at + s;
        let tag_end = match para[s..].find('>') {
            Some(e) => s + e + 1,
            None => break,
        };
        let tag = &para[s..tag_end];
        if !(tag.starts_with("<w:t>") || tag.starts_with("<w:t ")) || tag.ends_with("/>") {
            at = tag_end;
            continue;
        }
        let Some(close) = para[tag_end..].find("</w:t>") else { break };
        nodes.push((tag_end, tag_end + close));
        at = tag_end + close;
    }
    let unescape = |s: &str| {
        s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
    };
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let texts: Vec<String> = nodes.iter().map(|(a, b)| unescape(&para[*a..*b])).collect();
    let whole: String = texts.concat();
    let key = lex::normalize::clean_line(&whole);
    let Some((old, new)) = changes.iter().find(|(o, _)| lex::normalize::clean_line(o) == key) else {
        return para.to_string();
    };
    if whole != *old {
        // Spacing differs from the paragraph as read: put the whole new text in the first run.
        let mut out = para.to_string();
        for (k, (a, b)) in nodes.iter().enumerate().rev() {
            let v = if k == 0 { escape(new) } else { String::new() };
            out.replace_range(*a..*b, &v);
        }
        return out;
    }
    // Common prefix and suffix (chars); the changed middle goes into the run where it starts.
    let prefix = old.chars().zip(new.chars()).take_while(|(a, b)| a == b).count();
    let old_c: Vec<char> = old.chars().collect();
    let new_c: Vec<char> = new.chars().collect();
    let suffix = old_c[prefix..].iter().rev().zip(new_c[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (old_mid_end, new_mid) = (old_c.len() - suffix, new_c[prefix..new_c.len() - suffix].iter().collect::<String>());
    let mut pos = 0;
    let mut new_texts = vec![];
    for t in &texts {
        let n = t.chars().count();
        let chars: Vec<char> = t.chars().collect();
        let mut s = String::new();
        for (k, ch) in chars.iter().enumerate() {
            let g = pos + k;
            if g == prefix {
                s.push_str(&new_mid);
            }
            if g < prefix || g >= old_mid_end {
                s.push(*ch);
            }
        }
        if pos + n == prefix && prefix == old_c.len() {
            s.push_str(&new_mid);
        }
        new_texts.push(s);
        pos += n;
    }
    let mut out = para.to_string();
    for (k, (a, b)) in nodes.iter().enumerate().rev() {
        out.replace_range(*a..*b, &escape(&new_texts[k]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_fixes_keep_the_markup() {
        let html = "<html><body><p class=\"d\">Theo <b>Nghị định</b> số 62/2015/ND-CP &amp; khoản 2 Điều 5.</p><p>Điều 5. X</p></body></html>";
        let changes = vec![(
            "Theo Nghị định số 62/2015/ND-CP & khoản 2 Điều 5.".to_string(),
            "Theo Nghị định số 62/2015/NĐ-CP & khoản 3 Điều 5.".to_string(),
        )];
        let out = rewrite_html(html, &changes).unwrap();
        assert_eq!(out, html.replace("62/2015/ND-CP &amp; khoản 2", "62/2015/NĐ-CP &amp; khoản 3"));
        let split = vec![("Theo Nghị định số 1".to_string(), "Theo Thông tư số 1".to_string())];
        let html = "<p>Theo Nghị<i> định</i> số 1</p>";
        assert!(rewrite_html(html, &split).is_err(), "split by a tag: refused, not guessed");
    }

    #[test]
    fn docx_runs_keep_formatting() {
        let xml = r#"<w:body><w:p><w:pPr/><w:r><w:rPr><w:b/></w:rPr><w:t>theo khoản 3 </w:t></w:r><w:r><w:t xml:space="preserve">Điều 4 này</w:t></w:r></w:p></w:body>"#;
        let out = rewrite_document_xml(xml, &[("theo khoản 3 Điều 4 này".into(), "theo khoản 2 Điều 4 này".into())]);
        assert!(out.contains("<w:rPr><w:b/></w:rPr><w:t>theo khoản 2 </w:t>"), "{out}");
        assert!(out.contains(r#"<w:t xml:space="preserve">Điều 4 này</w:t>"#), "{out}");
    }
}
