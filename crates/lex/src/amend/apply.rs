//! Applying operations in date order: the wording of a document on a date, with provenance.
//!
//! Invariants: an operation whose target is absent is reported, never guessed; a repealed provision
//! leaves the tree (and is listed with its date); a replaced provision keeps its eId; an inserted one
//! gets the eId its number gives under its parent; unnumbered trailing paragraphs stay with their
//! clause when points are inserted (they are a separate field of the clause).

use super::{DatedOp, Op, Position};
use crate::date::Date;
use crate::model::{Kind, Node};
use crate::parse::line::POINT_LETTERS;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where a provision's current wording comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Provenance {
    /// The amending act (số hiệu).
    pub by: String,
    /// The instruction in it (eId).
    pub instruction: String,
    pub since: Date,
    /// What was done: `replaced`, `inserted`, `lead_in`, `heading`, `words`, `corrected`, `repealed`,
    /// `suspended`.
    pub change: &'static str,
}

/// A document as it stood on a date.
#[derive(Clone, Debug, Serialize)]
pub struct PointInTime {
    pub root: Node,
    /// eId → the last change that gave it its wording (absent: original wording).
    pub provenance: BTreeMap<String, Provenance>,
    /// eId → its repeal.
    pub repealed: BTreeMap<String, Provenance>,
    /// eId → the suspension in effect on the date asked (ngưng hiệu lực); the provision and what is
    /// under it keep their wording but do not apply.
    pub suspended: BTreeMap<String, Provenance>,
    /// Operations that could not be applied, with the reason.
    pub problems: Vec<(DatedOp, String)>,
    /// Operations dated after the date asked (pending changes).
    pub pending: Vec<DatedOp>,
}

/// Apply every operation effective on or before `at`, in (date, sequence) order.
pub fn apply_all(base: &Node, ops: &[DatedOp], at: Date) -> PointInTime {
    let mut sorted: Vec<&DatedOp> = ops.iter().collect();
    sorted.sort_by_key(|a| (a.effective, a.seq));
    let mut pit = PointInTime {
        root: base.clone(),
        provenance: BTreeMap::new(),
        repealed: BTreeMap::new(),
        suspended: BTreeMap::new(),
        problems: vec![],
        pending: vec![],
    };
    for op in sorted {
        if let Op::Suspend { target, from, until } = &op.op {
            let since = from.unwrap_or(op.effective);
            if since > at {
                pit.pending.push(op.clone());
            } else if until.is_none_or(|u| at <= u) {
                let p =
                    Provenance { by: op.by.clone(), instruction: op.instruction.clone(), since, change: "suspended" };
                pit.suspended.insert(target.clone(), p);
            }
            continue;
        }
        if op.effective > at {
            pit.pending.push(op.clone());
            continue;
        }
        if let Err(reason) = apply_one(&mut pit, op) {
            pit.problems.push((op.clone(), reason));
        }
    }
    pit
}

fn mark(pit: &mut PointInTime, node: &Node, op: &DatedOp, change: &'static str) {
    for (n, _) in node.walk() {
        pit.provenance.insert(
            n.eid.clone(),
            Provenance { by: op.by.clone(), instruction: op.instruction.clone(), since: op.effective, change },
        );
        pit.repealed.remove(&n.eid);
    }
}

fn apply_one(pit: &mut PointInTime, d: &DatedOp) -> Result<(), String> {
    match &d.op {
        Op::Replace { target, payload } => match find_mut(&mut pit.root, target) {
            Some(node) => {
                node.heading = payload.heading.clone().or(node.heading.take());
                node.text = payload.text.clone();
                node.trailing = payload.trailing.clone();
                node.children = payload.children.clone();
                let snapshot = node.clone();
                mark(pit, &snapshot, d, "replaced");
                Ok(())
            }
            // "Sửa đổi, bổ sung khoản 5a" of a provision that does not exist yet adds it.
            None => insert(pit, &parent_of(target), None, Position::InOrder, payload, d),
        },
        Op::Insert { parent, anchor, position, payload } => {
            insert(pit, parent, anchor.as_deref(), *position, payload, d)
        }
        Op::ReplaceLeadIn { target, text } => edit(pit, target, d, "lead_in", |node| node.text = text.clone()),
        Op::ReplaceHeading { target, heading } => {
            edit(pit, target, d, "heading", |node| node.heading = Some(heading.clone()))
        }
        Op::Repeal { target } => {
            let removed = find_parent_mut(&mut pit.root, target)
                .and_then(|c| remove_child(c, target))
                .ok_or_else(|| absent(target))?;
            for (n, _) in removed.walk() {
                pit.provenance.remove(&n.eid);
                pit.repealed.insert(
                    n.eid.clone(),
                    Provenance {
                        by: d.by.clone(),
                        instruction: d.instruction.clone(),
                        since: d.effective,
                        change: "repealed",
                    },
                );
            }
            Ok(())
        }
        Op::ReplaceWords { scope, from, to } => words(pit, scope, from, to, d),
        Op::RemoveWords { scope, words: w } => words(pit, scope, w, "", d),
        // Dated in `apply_all`: a suspension changes no wording.
        Op::Suspend { .. } => Ok(()),
    }
}

impl PointInTime {
    /// The suspension that covers `eid` (its own, or one of a provision it lies under).
    pub fn suspension_of(&self, eid: &str) -> Option<&Provenance> {
        let mut prefix = eid;
        loop {
            if let Some(p) = self.suspended.get(prefix) {
                return Some(p);
            }
            prefix = &prefix[..prefix.rfind("__")?];
        }
    }
}

/// Change one field of a provision in place and record where its wording now comes from.
fn edit(
    pit: &mut PointInTime,
    target: &str,
    d: &DatedOp,
    change: &'static str,
    f: impl FnOnce(&mut Node),
) -> Result<(), String> {
    let node = find_mut(&mut pit.root, target).ok_or_else(|| absent(target))?;
    f(node);
    let provenance = Provenance { by: d.by.clone(), instruction: d.instruction.clone(), since: d.effective, change };
    pit.provenance.insert(target.to_string(), provenance);
    Ok(())
}

fn absent(target: &str) -> String {
    format!("không có {target} trong văn bản được sửa đổi / {target} is not in the amended text")
}

fn parent_of(eid: &str) -> String {
    eid.rsplit_once("__").map(|(p, _)| p.to_string()).unwrap_or_default()
}

fn insert(
    pit: &mut PointInTime,
    parent: &str,
    anchor: Option<&str>,
    position: Position,
    payload: &Node,
    d: &DatedOp,
) -> Result<(), String> {
    if pit.root.find(&payload.eid).is_some() {
        return Err(format!("{} đã có / already exists", payload.eid));
    }
    // Articles sit in chapters and sections that their ids do not name: an article goes next to its
    // anchor, or after the article that precedes it in number order.
    let mut anchor = anchor.map(str::to_string);
    let mut position = position;
    if payload.kind == Kind::Article && anchor.is_none() {
        let key = order_key(payload.num.as_deref().unwrap_or(""));
        let preceding = pit
            .root
            .walk()
            .filter(|(n, _)| {
                n.kind == Kind::Article && !n.eid.contains("__") && order_key(n.num.as_deref().unwrap_or("")) < key
            })
            .max_by_key(|(n, _)| order_key(n.num.as_deref().unwrap_or("")))
            .map(|(n, _)| n.eid.clone());
        if let Some(p) = preceding {
            anchor = Some(p);
            position = Position::After;
        }
    }
    // An anchor the library's text lacks (added by an act whose text we do not hold): insert in
    // number order under the parent, and say so.
    if let Some(a) = anchor.clone().filter(|a| position != Position::InOrder && pit.root.find(a).is_none())
        && !parent.is_empty()
        && pit.root.find(parent).is_some()
    {
        pit.problems.push((
            d.clone(),
            format!("{}; {} được chèn theo thứ tự số / inserted in number order", absent(&a), payload.eid),
        ));
        anchor = None;
        position = Position::InOrder;
    }
    let container = match (&anchor, position) {
        (Some(a), Position::After | Position::Before) => find_parent_mut(&mut pit.root, a).ok_or_else(|| absent(a))?,
        _ if parent.is_empty() => &mut pit.root,
        _ => find_mut(&mut pit.root, parent).ok_or_else(|| absent(parent))?,
    };
    let anchor = anchor.as_deref();
    if container.children.iter().any(|c| c.eid == payload.eid) {
        return Err(format!("{} đã có / already exists", payload.eid));
    }
    let index = match (anchor, position) {
        (Some(a), Position::After) => container.children.iter().position(|c| c.eid == a).map(|i| i + 1),
        (Some(a), Position::Before) => container.children.iter().position(|c| c.eid == a),
        _ => None,
    };
    let index = match index {
        Some(i) => i,
        None if anchor.is_some() && position != Position::InOrder => return Err(absent(anchor.unwrap_or_default())),
        None => {
            let key = order_key(payload.num.as_deref().unwrap_or(""));
            container
                .children
                .iter()
                .position(|c| c.kind == payload.kind && order_key(c.num.as_deref().unwrap_or("")) > key)
                .unwrap_or_else(|| {
                    container
                        .children
                        .iter()
                        .rposition(|c| c.kind == payload.kind)
                        .map(|i| i + 1)
                        .unwrap_or(container.children.len())
                })
        }
    };
    // Items of a list end with `;` and the last with `.`: a unit appended after the last one turns
    // that one's final `.` into `;` (as official consolidated texts do).
    // Only lists whose items do end with `;` (a definitions article ends every clause with `.`).
    let last_of_kind = !container.children[index..].iter().any(|c| c.kind == payload.kind);
    let earlier: Vec<usize> = (0..index).filter(|i| container.children[*i].kind == payload.kind).collect();
    let semicolon_list =
        earlier.len() >= 2 && last_text(&container.children[earlier[earlier.len() - 2]]).ends_with(';');
    if last_of_kind && semicolon_list {
        end_with_semicolon(&mut container.children[earlier[earlier.len() - 1]]);
    }
    container.children.insert(index, payload.clone());
    mark(pit, payload, d, "inserted");
    Ok(())
}

/// The last paragraph a unit ends with (its own, its trailing one, or its last child's).
fn last_text(node: &Node) -> &str {
    if !node.trailing.is_empty() {
        return &node.trailing;
    }
    match node.children.last() {
        Some(c) => last_text(c),
        None => &node.text,
    }
}

/// Turn the final `.` of a unit's last paragraph into `;` (the unit is no longer the list's last).
fn end_with_semicolon(node: &mut Node) {
    let field = if !node.trailing.is_empty() {
        &mut node.trailing
    } else if let Some(last) = node.children.last_mut() {
        return end_with_semicolon(last);
    } else {
        &mut node.text
    };
    if field.ends_with('.') && !field.ends_with("..") {
        field.pop();
        field.push(';');
    }
}

/// Ordering of unit numbers: `7` < `7a` < `8`; points `c` < `c1` < `d` < `đ`.
fn order_key(num: &str) -> (u32, u32, u32) {
    let digits: String = num.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        let suffix = num[digits.len()..]
            .chars()
            .next()
            .map(|c| POINT_LETTERS.iter().position(|l| *l == c).unwrap_or(0) as u32 + 1)
            .unwrap_or(0);
        return (digits.parse().unwrap_or(0), suffix, 0);
    }
    let mut chars = num.chars();
    let letter = chars.next().and_then(|c| POINT_LETTERS.iter().position(|l| *l == c)).unwrap_or(0) as u32;
    let rest: String = chars.collect();
    (letter, rest.parse().unwrap_or(0), 0)
}

/// The node that holds `eid` as a direct child.
fn find_parent_mut<'a>(node: &'a mut Node, eid: &str) -> Option<&'a mut Node> {
    if node.children.iter().any(|c| c.eid == eid) {
        return Some(node);
    }
    for c in &mut node.children {
        let container = matches!(c.kind, Kind::Part | Kind::Chapter | Kind::Section | Kind::Subsection);
        if (container || eid.starts_with(&format!("{}__", c.eid)))
            && let Some(found) = find_parent_mut(c, eid)
        {
            return Some(found);
        }
    }
    None
}

fn remove_child(container: &mut Node, eid: &str) -> Option<Node> {
    let i = container.children.iter().position(|c| c.eid == eid)?;
    Some(container.children.remove(i))
}

/// Find a node by eId, mutably.
pub fn find_mut<'a>(node: &'a mut Node, eid: &str) -> Option<&'a mut Node> {
    if node.eid == eid {
        return Some(node);
    }
    for c in &mut node.children {
        // Ids nest below articles (`art_5__cl_2`); structural containers do not prefix their articles.
        let container = matches!(c.kind, Kind::Part | Kind::Chapter | Kind::Section | Kind::Subsection);
        if (container || eid == c.eid || eid.starts_with(&format!("{}__", c.eid)))
            && let Some(found) = find_mut(c, eid)
        {
            return Some(found);
        }
    }
    None
}

fn words(pit: &mut PointInTime, scope: &[String], from: &str, to: &str, d: &DatedOp) -> Result<(), String> {
    if from.is_empty() {
        return Err("cụm từ rỗng / empty phrase".into());
    }
    let targets: Vec<String> = if scope.is_empty() { vec![pit.root.eid.clone()] } else { scope.to_vec() };
    let mut count = 0;
    let mut changed = vec![];
    for t in &targets {
        let node = find_mut(&mut pit.root, t).ok_or_else(|| absent(t))?;
        replace_in(node, from, to, &mut count, &mut changed);
    }
    if count == 0 {
        return Err(format!("không thấy cụm từ “{from}” / phrase “{from}” not found"));
    }
    for eid in changed {
        pit.provenance.insert(
            eid,
            Provenance {
                by: d.by.clone(),
                instruction: d.instruction.clone(),
                since: d.effective,
                change: if d.correction { "corrected" } else { "words" },
            },
        );
    }
    Ok(())
}

fn replace_in(node: &mut Node, from: &str, to: &str, count: &mut usize, changed: &mut Vec<String>) {
    let mut hit = false;
    for field in [&mut node.text, &mut node.trailing] {
        if field.contains(from) {
            *count += field.matches(from).count();
            *field = field.replace(from, to).replace("  ", " ").replace(" ,", ",");
            hit = true;
        }
    }
    if let Some(h) = node.heading.as_mut()
        && h.contains(from)
    {
        *count += 1;
        *h = h.replace(from, to).replace("  ", " ");
        hit = true;
    }
    if hit {
        changed.push(node.eid.clone());
    }
    for c in &mut node.children {
        replace_in(c, from, to, count, changed);
    }
}
