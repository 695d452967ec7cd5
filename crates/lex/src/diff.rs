//! Provision-aware comparison of two texts of a document: provisions are aligned first by id, then —
//! for those left over — by content (a renumbered article is a move, not a deletion plus an
//! addition); each changed pair gets a word-level redline.

use crate::model::{Kind, Node};
use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// What happened to a provision between the two texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
    /// Same content (or nearly) under another number.
    Moved,
}

/// One piece of a redline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "text", rename_all = "snake_case")]
pub enum Segment {
    Equal(String),
    Insert(String),
    Delete(String),
}

/// A difference at one provision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// eId and label in the first text (absent when added).
    pub from: Option<(String, String)>,
    /// eId and label in the second text (absent when removed).
    pub to: Option<(String, String)>,
    /// Word-level redline of the provision's own text (heading, body, trailing).
    pub redline: Vec<Segment>,
}

/// The units compared: articles (with everything under them) and, in documents without articles,
/// the top-level nodes.
fn units(root: &Node) -> Vec<&Node> {
    let articles: Vec<&Node> = root.walk().map(|(n, _)| n).filter(|n| n.kind == Kind::Article).collect();
    if articles.is_empty() { root.children.iter().collect() } else { articles }
}

/// The full text of a unit: heading and every paragraph under it, with the labels of sub-units.
pub fn unit_text(node: &Node) -> String {
    let mut out = String::new();
    if let Some(h) = &node.heading {
        out.push_str(h);
        out.push('\n');
    }
    for (n, _) in node.walk() {
        let label = match n.kind {
            Kind::Clause => format!("{}. ", n.num.as_deref().unwrap_or("")),
            Kind::Point => format!("{}) ", n.num.as_deref().unwrap_or("")),
            _ => String::new(),
        };
        if !n.text.is_empty() || !label.is_empty() {
            out.push_str(&label);
            out.push_str(&n.text);
            out.push('\n');
        }
        if !n.trailing.is_empty() {
            out.push_str(&n.trailing);
            out.push('\n');
        }
    }
    out
}

/// Word-level redline of two texts. A text rewritten almost entirely (under half of its words kept)
/// reads better as the old text struck out and the new one inserted than as interleaved fragments.
pub fn redline(a: &str, b: &str) -> Vec<Segment> {
    if !a.is_empty() && !b.is_empty() && similarity(a, b) < 0.5 {
        return vec![Segment::Delete(a.to_string()), Segment::Insert(b.to_string())];
    }
    let diff = TextDiff::from_words(a, b);
    let mut out: Vec<Segment> = vec![];
    for change in diff.iter_all_changes() {
        let text = change.value().to_string();
        let seg = match change.tag() {
            ChangeTag::Equal => Segment::Equal(text),
            ChangeTag::Insert => Segment::Insert(text),
            ChangeTag::Delete => Segment::Delete(text),
        };
        // Merge runs of the same kind.
        match (out.last_mut(), &seg) {
            (Some(Segment::Equal(s)), Segment::Equal(t))
            | (Some(Segment::Insert(s)), Segment::Insert(t))
            | (Some(Segment::Delete(s)), Segment::Delete(t)) => s.push_str(t),
            _ => out.push(seg),
        }
    }
    out
}

/// Similarity of two texts in [0, 1]: the share of words in common, in order (whitespace ignored).
pub fn similarity(a: &str, b: &str) -> f32 {
    let wa: Vec<&str> = a.split_whitespace().collect();
    let wb: Vec<&str> = b.split_whitespace().collect();
    similar::TextDiff::configure().diff_slices(&wa, &wb).ratio()
}

/// Compare two trees of (versions of) a document.
pub fn diff(a: &Node, b: &Node) -> Vec<Change> {
    let ua = units(a);
    let ub = units(b);
    let mut matched_b = vec![false; ub.len()];
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = vec![];
    let mut unmatched_a = vec![];
    for (i, n) in ua.iter().enumerate() {
        match ub.iter().position(|m| m.eid == n.eid) {
            Some(j) if !matched_b[j] => {
                let (ta, tb) = (unit_text(n), unit_text(ub[j]));
                // Same number but different content, while another unit has this content: a move.
                if ta != tb && similarity(&ta, &tb) < 0.5 {
                    unmatched_a.push(i);
                } else {
                    matched_b[j] = true;
                    pairs.push((Some(i), Some(j)));
                }
            }
            _ => unmatched_a.push(i),
        }
    }
    for i in unmatched_a {
        let ta = unit_text(ua[i]);
        let best = ub
            .iter()
            .enumerate()
            .filter(|(j, _)| !matched_b[*j])
            .map(|(j, m)| (j, similarity(&ta, &unit_text(m))))
            .filter(|(_, s)| *s >= 0.6)
            .max_by(|x, y| x.1.total_cmp(&y.1));
        // No unit elsewhere carries this content: a rewrite under the same number is a change.
        let same_id = ub.iter().position(|m| m.eid == ua[i].eid).filter(|j| !matched_b[*j]);
        match best.map(|(j, _)| j).or(same_id) {
            Some(j) => {
                matched_b[j] = true;
                pairs.push((Some(i), Some(j)));
            }
            None => pairs.push((Some(i), None)),
        }
    }
    for (j, m) in matched_b.iter().enumerate() {
        if !m {
            pairs.push((None, Some(j)));
        }
    }
    // Report in the order of the second text, removed units where they stood in the first.
    pairs.sort_by_key(|(i, j)| (j.unwrap_or(usize::MAX), i.unwrap_or(usize::MAX)));
    let mut out = vec![];
    for (i, j) in pairs {
        let na = i.map(|i| ua[i]);
        let nb = j.map(|j| ub[j]);
        let ta = na.map(unit_text).unwrap_or_default();
        let tb = nb.map(unit_text).unwrap_or_default();
        let kind = match (na, nb) {
            (Some(x), Some(y)) if x.eid != y.eid => ChangeKind::Moved,
            (Some(_), Some(_)) if ta == tb => continue,
            (Some(_), Some(_)) => ChangeKind::Changed,
            (Some(_), None) => ChangeKind::Removed,
            (None, Some(_)) => ChangeKind::Added,
            (None, None) => continue,
        };
        out.push(Change {
            kind,
            from: na.map(|n| (n.eid.clone(), n.label())),
            to: nb.map(|n| (n.eid.clone(), n.label())),
            redline: redline(&ta, &tb),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_text;

    #[test]
    fn changed_added_removed_and_moved() {
        let a = parse_text(
            "Điều 1. Phạm vi\nLuật này quy định về hòa giải ở cơ sở.\nĐiều 2. Đối tượng\nCá nhân, tổ chức.\nĐiều 3. Nguyên tắc\nTôn trọng sự tự nguyện của các bên tham gia hòa giải, không bắt buộc, áp đặt.",
        );
        let b = parse_text(
            "Điều 1. Phạm vi\nLuật này quy định về hòa giải ở cơ sở và trực tuyến.\nĐiều 2. Chính sách\nNhà nước khuyến khích.\nĐiều 4. Nguyên tắc\nTôn trọng sự tự nguyện của các bên tham gia hòa giải, không bắt buộc, áp đặt.\nĐiều 5. Hiệu lực\nLuật này có hiệu lực từ ngày 01 tháng 01 năm 2027.",
        );
        let changes = diff(&a.root, &b.root);
        let kinds: Vec<(ChangeKind, Option<&str>, Option<&str>)> = changes
            .iter()
            .map(|c| (c.kind, c.from.as_ref().map(|f| f.0.as_str()), c.to.as_ref().map(|t| t.0.as_str())))
            .collect();
        assert!(kinds.contains(&(ChangeKind::Changed, Some("art_1"), Some("art_1"))), "{kinds:?}");
        assert!(kinds.contains(&(ChangeKind::Moved, Some("art_3"), Some("art_4"))), "{kinds:?}");
        // Rewritten under the same number: a change, not a removal plus an addition.
        assert!(kinds.contains(&(ChangeKind::Changed, Some("art_2"), Some("art_2"))), "{kinds:?}");
        assert!(kinds.contains(&(ChangeKind::Added, None, Some("art_5"))), "{kinds:?}");
        let removed = diff(&b.root, &a.root);
        assert!(
            removed.iter().any(|c| c.kind == ChangeKind::Removed && c.from.as_ref().is_some_and(|f| f.0 == "art_5"))
        );
        let c1 = changes.iter().find(|c| c.kind == ChangeKind::Changed).unwrap();
        assert!(
            c1.redline.contains(&Segment::Insert(" và trực tuyến".into()))
                || c1.redline.iter().any(|s| matches!(s, Segment::Insert(t) if t.contains("trực tuyến"))),
            "{:?}",
            c1.redline
        );
    }
}
