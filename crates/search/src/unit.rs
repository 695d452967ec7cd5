//! Search units: what one index entry holds. The unit is the article (Điều) — what a reader cites —
//! with its clauses and points as text; a document without articles is one unit.

use lex::model::{Kind, Node};

/// One article (or a whole article-less document) ready to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// eId (`art_19`; empty for a whole document).
    pub eid: String,
    /// `Điều 19` (or `Toàn văn`).
    pub label: String,
    /// Tên điều — the article's heading.
    pub heading: String,
    /// Clauses and points as lines (`1. …`, `a) …`); the article's own text first.
    pub paragraphs: Vec<String>,
}

impl Unit {
    /// The body as one text (lines joined by newlines).
    pub fn body(&self) -> String {
        self.paragraphs.join("\n")
    }
}

/// The units of a document tree: its body articles in order (annex forms are not articles of the
/// document), or the whole text as one unit when it has none.
pub fn units(root: &Node) -> Vec<Unit> {
    let mut out = vec![];
    collect(root, &mut out);
    if out.is_empty() {
        let mut paragraphs = vec![];
        lines(root, &mut paragraphs, true);
        if !paragraphs.is_empty() {
            out.push(Unit { eid: String::new(), label: "Toàn văn".into(), heading: String::new(), paragraphs });
        }
    }
    out
}

fn collect(node: &Node, out: &mut Vec<Unit>) {
    for c in &node.children {
        match c.kind {
            Kind::Annex | Kind::Signature | Kind::Recipients => {}
            Kind::Article => {
                let mut paragraphs = vec![];
                lines(c, &mut paragraphs, true);
                out.push(Unit {
                    eid: c.eid.clone(),
                    label: c.label(),
                    heading: c.heading.clone().unwrap_or_default(),
                    paragraphs,
                });
            }
            _ => collect(c, out),
        }
    }
}

/// A node's text as lines: its own text (numbered as printed unless it is the unit itself), its
/// children, its trailing paragraphs.
fn lines(node: &Node, out: &mut Vec<String>, is_unit: bool) {
    let own = node.text.trim();
    if !own.is_empty() {
        let line = match (is_unit, node.kind, &node.num) {
            (false, Kind::Clause, Some(n)) => format!("{n}. {own}"),
            (false, Kind::Point, Some(n)) => format!("{n}) {own}"),
            _ => own.to_string(),
        };
        out.extend(line.lines().map(str::to_string));
    }
    for c in &node.children {
        if !matches!(c.kind, Kind::Signature | Kind::Recipients | Kind::Annex) {
            lines(c, out, false);
        }
    }
    let trailing = node.trailing.trim();
    if !trailing.is_empty() {
        out.extend(trailing.lines().map(str::to_string));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_with_clauses_and_points() {
        let doc = lex::parse::parse_text(
            "LUẬT\nMẪU\n\nChương I\nQUY ĐỊNH CHUNG\n\nĐiều 1. Phạm vi\nLuật này quy định về hòa giải.\n\nĐiều 2. Nguyên tắc\n1. Tự nguyện:\na) không ép buộc;\nb) bình đẳng.\n2. Bảo mật.\n",
        );
        let u = units(&doc.root);
        assert_eq!(u.len(), 2);
        assert_eq!(u[1].eid, "art_2");
        assert_eq!(u[1].label, "Điều 2");
        assert_eq!(u[1].heading, "Nguyên tắc");
        assert_eq!(u[1].paragraphs, ["1. Tự nguyện:", "a) không ép buộc;", "b) bình đẳng.", "2. Bảo mật."]);
    }
}
