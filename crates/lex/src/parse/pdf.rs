//! Text of a PDF's text layer (as `pdftotext -layout` gives it) → paragraphs.
//!
//! Pages are split on form feeds; lines that are only a page or footnote number are dropped; lines are
//! joined into paragraphs: a new paragraph starts where a line is indented (the first-line indent of
//! Vietnamese official texts), follows a line ending in `:`, or starts a unit (`Điều 5.`, `1.`, `a)`,
//! `-`). `Ƣ/ƣ` (the classic font bug for `Ư/ư`) is repaired by [`crate::normalize::clean`].

use super::line::{self, Line};

/// Paragraphs of a PDF text layer.
pub fn paragraphs(layout_text: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for page in layout_text.split('\u{c}') {
        let lines: Vec<&str> = page.lines().filter(|l| !is_page_number(l)).collect();
        let indents: Vec<usize> = lines.iter().filter(|l| !l.trim().is_empty()).map(|l| indent(l)).collect();
        let base = indents.iter().copied().min().unwrap_or(0);
        let mut current = String::new();
        let mut starts_new = true;
        for l in lines {
            let text = l.trim();
            if text.is_empty() {
                starts_new = true;
                continue;
            }
            let cleaned = crate::normalize::clean_line(text);
            let unit = !matches!(line::classify(&cleaned), Line::Text) || text.starts_with(['-', '+', '•']);
            let new_paragraph = starts_new || indent(l) >= base + 3 || unit || current.ends_with(':');
            if new_paragraph && !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(text);
            starts_new = false;
        }
        if !current.is_empty() {
            out.push(current);
        }
    }
    out
}

fn indent(l: &str) -> usize {
    l.chars().take_while(|c| *c == ' ').count()
}

/// `12`, `- 12 -`, `Trang 3`: page furniture, not text.
fn is_page_number(l: &str) -> bool {
    let t = l.trim().trim_matches(|c: char| c == '-' || c == ' ');
    let t = t.strip_prefix("Trang ").unwrap_or(t);
    !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_lines_and_drops_page_numbers() {
        let text = "        Điều 1. Phạm vi\n      Luật này quy định về hòa giải ở cơ sở và các\nvấn đề liên quan.\n 1. Khoản một:\n a) Điểm a;\n\n                         2\n\u{c}      Trang mới bắt đầu\nvà tiếp tục.\n";
        let p = paragraphs(text);
        assert_eq!(
            p,
            [
                "Điều 1. Phạm vi",
                "Luật này quy định về hòa giải ở cơ sở và các vấn đề liên quan.",
                "1. Khoản một:",
                "a) Điểm a;",
                "Trang mới bắt đầu và tiếp tục."
            ]
        );
    }
}
