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
    let ta_all: Vec<String> = ua.iter().map(|n| unit_text(n)).collect();
    let tb_all: Vec<String> = ub.iter().map(|n| unit_text(n)).collect();
    // Units of `b` by their exact text: a renumbered unit keeps its text, and finding it this way
    // costs nothing (the similarity scan below is quadratic).
    let mut exact: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (j, t) in tb_all.iter().enumerate() {
        exact.entry(t.as_str()).or_default().push(j);
    }
    let mut matched_b = vec![false; ub.len()];
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = vec![];
    let mut unmatched_a = vec![];
    for (i, n) in ua.iter().enumerate() {
        match ub.iter().position(|m| m.eid == n.eid) {
            Some(j) if !matched_b[j] => {
                let (ta, tb) = (&ta_all[i], &tb_all[j]);
                // Same number but different content, while another unit has this content (exactly,
                // or nothing is near): a move.
                let elsewhere = ta != tb && exact.get(ta.as_str()).is_some_and(|js| js.iter().any(|&k| k != j));
                if elsewhere || (ta != tb && similarity(ta, tb) < 0.5) {
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
        let ta = &ta_all[i];
        let same_text = exact.get(ta.as_str()).and_then(|js| js.iter().copied().find(|&j| !matched_b[j]));
        let best = same_text.map(|j| (j, 1.0)).or_else(|| {
            tb_all
                .iter()
                .enumerate()
                .filter(|(j, _)| !matched_b[*j])
                .map(|(j, t)| (j, similarity(ta, t)))
                .filter(|(_, s)| *s >= 0.6)
                .max_by(|x, y| x.1.total_cmp(&y.1))
        });
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
        let ta = i.map(|i| ta_all[i].clone()).unwrap_or_default();
        let tb = j.map(|j| tb_all[j].clone()).unwrap_or_default();
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

/// Where the provision `eid` of text `a` stands in text `b`: its article as [`diff`] aligned it
/// (`articles`: old article eId → new, for the moved ones; the others keep their eId), then its clause
/// among the new article's clauses and its point among the new clause's points, each by number when
/// the content still matches, else by the most similar content. `None` when it is gone.
pub fn relocate(a: &Node, b: &Node, articles: &std::collections::HashMap<String, String>, eid: &str) -> Option<String> {
    let mut parts = eid.split("__");
    let art = parts.next()?;
    let new_art = match articles.get(art) {
        Some(n) if n.is_empty() => return None,
        Some(n) => n.clone(),
        None => art.to_string(),
    };
    let (mut old_node, mut new_node) = (a.find(art)?, b.find(&new_art)?);
    let mut old_prefix = art.to_string();
    for part in parts {
        old_prefix = format!("{old_prefix}__{part}");
        let old_child = old_node.children.iter().find(|c| c.eid == old_prefix)?;
        new_node = counterpart(old_child, &new_node.children)?;
        old_node = old_child;
    }
    Some(new_node.eid.clone())
}

/// The node among `candidates` (of the same kind) that `old` became: the one with its number when the
/// content still matches (similarity ≥ 0.5), else the most similar one (≥ 0.6).
fn counterpart<'b>(old: &Node, candidates: &'b [Node]) -> Option<&'b Node> {
    let text = unit_text(old);
    let same_kind = || candidates.iter().filter(|c| c.kind == old.kind);
    if let Some(c) = same_kind().find(|c| c.num == old.num)
        && similarity(&text, &unit_text(c)) >= 0.5
    {
        return Some(c);
    }
    same_kind()
        .map(|c| (c, similarity(&text, &unit_text(c))))
        .filter(|(_, s)| *s >= 0.6)
        .max_by(|x, y| x.1.total_cmp(&y.1))
        .map(|(c, _)| c)
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

    #[test]
    fn clauses_and_points_are_relocated_by_content() {
        let a = parse_text(
            "Điều 1. Phạm vi\nLuật này quy định về hòa giải.\nĐiều 2. Hòa giải viên\n1. Hòa giải viên được bầu tại thôn, tổ dân phố theo danh sách.\n2. Hòa giải viên có các quyền sau đây:\na) Được hỗ trợ kinh phí khi thực hiện hòa giải;\nb) Được khen thưởng theo quy định của pháp luật.\n3. Nhiệm kỳ của hòa giải viên là 05 năm kể từ ngày được công nhận.",
        );
        // A clause inserted as khoản 2 of Điều 2 (now Điều 3 after a new Điều 2), a point inserted as điểm a.
        let b = parse_text(
            "Điều 1. Phạm vi\nLuật này quy định về hòa giải.\nĐiều 2. Chính sách\nNhà nước khuyến khích hòa giải trực tuyến trên toàn quốc.\nĐiều 3. Hòa giải viên\n1. Hòa giải viên được bầu tại thôn, tổ dân phố theo danh sách.\n2. Công dân Việt Nam thường trú tại cơ sở có uy tín được bầu làm hòa giải viên.\n3. Hòa giải viên có các quyền sau đây:\na) Được cung cấp thông tin về vụ việc;\nb) Được hỗ trợ kinh phí khi thực hiện hòa giải;\nc) Được khen thưởng theo quy định của pháp luật.\n4. Nhiệm kỳ của hòa giải viên là 05 năm kể từ ngày được công nhận.",
        );
        let moved: std::collections::HashMap<String, String> = diff(&a.root, &b.root)
            .into_iter()
            .filter(|c| c.kind == ChangeKind::Moved)
            .map(|c| (c.from.unwrap().0, c.to.unwrap().0))
            .collect();
        assert_eq!(moved.get("art_2").map(String::as_str), Some("art_3"), "{moved:?}");
        let r = |eid: &str| relocate(&a.root, &b.root, &moved, eid);
        assert_eq!(r("art_1").as_deref(), Some("art_1"));
        assert_eq!(r("art_2__cl_1").as_deref(), Some("art_3__cl_1"));
        assert_eq!(r("art_2__cl_2").as_deref(), Some("art_3__cl_3"));
        assert_eq!(r("art_2__cl_3").as_deref(), Some("art_3__cl_4"));
        assert_eq!(r("art_2__cl_2__pt_a").as_deref(), Some("art_3__cl_3__pt_b"));
        assert_eq!(r("art_2__cl_2__pt_b").as_deref(), Some("art_3__cl_3__pt_c"));
        assert_eq!(r("art_2__cl_9"), None);
    }
}
