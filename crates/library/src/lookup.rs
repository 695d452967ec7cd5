//! Reading the library: find a Work by số hiệu or name (with the closest matches when it is not
//! there), choose the Expression to show, rebuild its provision tree, compute status on a date, list.
// Rows are read as tuples that mirror their SELECT lists, next to the SQL.
#![allow(clippy::type_complexity)]

use crate::{Library, LibraryError};
use lex::Date;
use lex::amend::apply::{PointInTime, Provenance, apply_all};
use lex::amend::{DatedOp, Op};
use lex::model::{ForceEvent, Kind, Node};
use lex::status::{Status, status_at};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use store::sqlx;

/// A Work as listed.
#[derive(Debug, Clone, Serialize)]
pub struct WorkSummary {
    #[serde(skip)]
    pub id: i64,
    /// Số hiệu, or the Work's name when it has none.
    pub number: String,
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub issued: Option<String>,
    pub effective: Option<String>,
    pub status: Status,
    /// True when the library knows this document only because another one mentions it.
    pub mentioned_only: bool,
}

/// Document metadata as shown by `show` and the API.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    #[serde(skip)]
    pub id: i64,
    #[serde(skip)]
    pub key: String,
    pub number: String,
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub issued: Option<String>,
    pub effective: Option<String>,
    pub status: Status,
    pub place: Option<String>,
    pub signer: Option<String>,
    /// The date the status is computed for.
    pub at: String,
    pub events: Vec<EventView>,
    pub relations: Vec<RelationView>,
    pub expressions: Vec<ExpressionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub kind: String,
    pub date: Option<String>,
    pub by: Option<String>,
    pub partial: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelationView {
    pub kind: String,
    pub target: String,
    pub title: Option<String>,
    pub partial: bool,
    /// True if the library holds the target document.
    pub known: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExpressionView {
    #[serde(skip)]
    pub id: i64,
    pub source: String,
    pub source_key: String,
    pub wording: String,
    pub wording_date: Option<String>,
    pub richness: i64,
    pub articles: i64,
    pub imported_at: String,
}

/// A provision as shown: the JSON contract of `tuphap show`.
#[derive(Debug, Clone, Serialize)]
pub struct ProvisionView {
    pub eid: String,
    pub kind: Kind,
    pub label: String,
    pub heading: Option<String>,
    pub text: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub trailing: String,
    pub status: Status,
    /// Where the current wording comes from, when an amendment gave it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed: Option<Provenance>,
    /// A change in force on the date asked whose wording the library does not hold: the text shown
    /// is older than that ("changed on DATE by X, wording not available").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unavailable_change: Option<UnavailableChange>,
    /// The suspension (ngưng hiệu lực) in effect on the date asked: the wording stands but does not
    /// apply; `status` is then `suspended`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suspended: Option<Provenance>,
    pub children: Vec<ProvisionView>,
}

impl ProvisionView {
    pub fn from_node(node: &Node, status: Status) -> ProvisionView {
        ProvisionView::with_provenance(node, status, &BTreeMap::new())
    }

    pub fn with_provenance(node: &Node, status: Status, provenance: &BTreeMap<String, Provenance>) -> ProvisionView {
        ProvisionView {
            eid: node.eid.clone(),
            kind: node.kind,
            label: node.label(),
            heading: node.heading.clone(),
            text: node.text.clone(),
            trailing: node.trailing.clone(),
            status,
            changed: provenance.get(&node.eid).cloned(),
            unavailable_change: None,
            suspended: None,
            children: node.children.iter().map(|c| ProvisionView::with_provenance(c, status, provenance)).collect(),
        }
    }

    /// A provision of a consolidated text, with its provenance and, while the document is in force,
    /// the suspensions covering it.
    pub fn from_point_in_time(node: &Node, status: Status, pit: &lex::amend::apply::PointInTime) -> ProvisionView {
        let mut v = ProvisionView::with_provenance(node, status, &pit.provenance);
        if status == Status::InForce {
            v.mark_suspended(pit);
        }
        v
    }

    fn mark_suspended(&mut self, pit: &lex::amend::apply::PointInTime) {
        if let Some(p) = pit.suspension_of(&self.eid) {
            self.status = Status::Suspended;
            self.suspended = Some(p.clone());
        }
        for c in &mut self.children {
            c.mark_suspended(pit);
        }
    }
}

/// A known change whose wording the library lacks.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnavailableChange {
    pub since: String,
    pub by: String,
    /// `amended`, `repealed`, `replaced`.
    pub kind: String,
}

impl ProvisionView {
    /// Mark every node that a known change (dated after `wording_date`, on or before `at`) touched.
    fn flag_unavailable(&mut self, events: &[(String, String, String, String)], wording_date: Option<&str>, at: &str) {
        let latest = events
            .iter()
            .filter(|(eid, date, _, _)| {
                *eid == self.eid && date.as_str() <= at && wording_date.is_none_or(|w| date.as_str() > w)
            })
            .max_by(|a, b| a.1.cmp(&b.1));
        if let Some((_, date, by, kind)) = latest {
            self.unavailable_change =
                Some(UnavailableChange { since: date.clone(), by: by.clone(), kind: kind.clone() });
        }
        for c in &mut self.children {
            c.flag_unavailable(events, wording_date, at);
        }
    }
}

/// A document's wording on a date computed from its enacted text and the amendments in the library.
#[derive(Debug, Clone)]
pub struct Consolidated {
    pub pit: PointInTime,
    /// Source key of the enacted expression the amendments were applied to.
    pub base: String,
    /// Instructions that could not be understood (amending act, instruction, reason).
    pub unparsed: Vec<(String, String, String)>,
}

/// A document's enacted tree with the amendments the library holds of it ([`Library::consolidated`]).
struct Amended {
    tree: Node,
    ops: Vec<DatedOp>,
    base: String,
    unparsed: Vec<(String, String, String)>,
}

impl Amended {
    fn on(&self, at: Date) -> Consolidated {
        Consolidated {
            pit: apply_all(&self.tree, &self.ops, at),
            base: self.base.clone(),
            unparsed: self.unparsed.clone(),
        }
    }
}

/// Filters for [`Library::list`].
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub year: Option<i64>,
    pub status: Option<Status>,
    pub text: Option<String>,
    pub include_mentions: bool,
    pub at: Option<Date>,
    pub limit: usize,
    pub offset: usize,
}

type WorkRow = (
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    Option<String>,
    Option<String>,
);

impl Library {
    /// Find a Work by số hiệu in any common spelling, or by name.
    pub async fn find_work(&self, query: &str) -> Result<i64, LibraryError> {
        let q = query.trim();
        let number = lex::number::canonical(q);
        if lex::number::looks_like_number(&number) {
            let hit: Option<(i64,)> =
                // A law before a resolution sharing its number (`library::repo::identity_key`).
                sqlx::query_as("SELECT id FROM works WHERE number_key = $1 ORDER BY CASE WHEN work_key LIKE $2 THEN 1 ELSE 0 END, meta_rank DESC LIMIT 1")
                    .bind(lex::number::key(&number))
                    .bind(format!("%{}", crate::repo::RESOLUTION_KEY_SUFFIX))
                    .fetch_optional(self.db.pool())
                    .await?;
            if let Some((id,)) = hit {
                return Ok(id);
            }
        } else if let Some(key) = crate::repo::work_key(None, Some(q)) {
            let hit: Option<(i64,)> = sqlx::query_as("SELECT id FROM works WHERE work_key = $1")
                .bind(&key)
                .fetch_optional(self.db.pool())
                .await?;
            if let Some((id,)) = hit {
                return Ok(id);
            }
            // A name under which a copy was imported before it was linked (`library::link`).
            if let Some(id) = crate::repo::aliased(self.db.pool(), &key).await? {
                return Ok(id);
            }
            // A unique title match is as good as a name.
            let hits: Vec<(i64, Option<String>)> =
                sqlx::query_as("SELECT id, title FROM works WHERE title IS NOT NULL").fetch_all(self.db.pool()).await?;
            let want = lex::normalize::match_key(q);
            let exact: Vec<i64> = hits
                .iter()
                .filter(|(_, t)| t.as_deref().is_some_and(|t| lex::normalize::match_key(t) == want))
                .map(|(id, _)| *id)
                .collect();
            if exact.len() == 1 {
                return Ok(exact[0]);
            }
        }
        Err(LibraryError::UnknownDocument { query: q.to_string(), closest: self.closest_documents(q).await? })
    }

    /// Up to five documents whose number or name is closest to `query`.
    async fn closest_documents(&self, query: &str) -> Result<Vec<String>, LibraryError> {
        let rows: Vec<(Option<String>, Option<String>, Option<String>)> =
            sqlx::query_as("SELECT number, name, title FROM works WHERE meta_rank > 0")
                .fetch_all(self.db.pool())
                .await?;
        let want = lex::normalize::fold_key(query);
        let mut scored: Vec<(usize, String)> = rows
            .into_iter()
            .filter_map(|(number, name, title)| {
                let label = number.clone().or(name.clone())?;
                let candidates = [
                    number.as_deref().map(lex::normalize::fold_key),
                    name.as_deref().map(lex::normalize::fold_key),
                    title.as_deref().map(lex::normalize::fold_key),
                ];
                let best = candidates.iter().flatten().map(|c| distance(&want, c)).min()?;
                let shown = match (&number, &title) {
                    (Some(n), Some(t)) => format!("{n} ({t})"),
                    _ => label,
                };
                Some((best, shown))
            })
            .collect();
        scored.sort();
        Ok(scored.into_iter().take(5).map(|(_, s)| s).collect())
    }

    /// Metadata, status on `at`, events, relations and expressions of a Work.
    pub async fn document(&self, work_id: i64, at: Date) -> Result<DocumentView, LibraryError> {
        let row: WorkRow = sqlx::query_as("SELECT id, number, name, doc_type, title, issuer, issued, effective, meta_rank, place, signer FROM works WHERE id = $1").bind(work_id).fetch_one(self.db.pool()).await?;
        let (key,): (String,) =
            sqlx::query_as("SELECT work_key FROM works WHERE id = $1").bind(work_id).fetch_one(self.db.pool()).await?;
        let events = self.events(work_id).await?;
        let status = status_at(&events, at);
        let relations: Vec<(String, String, String, Option<String>, i64, i64)> = sqlx::query_as(
            "SELECT r.kind, r.target, r.target_key, r.target_title, r.partial, (SELECT COUNT(*) FROM works w WHERE w.work_key = r.target_key AND w.meta_rank > 0) FROM work_relations r WHERE r.work_id = $1 ORDER BY r.id",
        )
        .bind(work_id)
        .fetch_all(self.db.pool())
        .await?;
        // Relations other documents state about this one, seen from this side (X amends this →
        // this is amended by X), where this side does not state them itself.
        let inverse: Vec<(String, Option<String>, Option<String>, Option<String>, i64)> = sqlx::query_as(
            "SELECT r.kind, w.number, w.name, w.title, r.partial FROM work_relations r JOIN works w ON w.id = r.work_id
             WHERE r.target_key = $1 AND r.kind IN ('amends', 'replaces', 'guides', 'guided_by', 'amended_by', 'replaced_by', 'corrects') ORDER BY w.issued",
        )
        .bind(&key)
        .fetch_all(self.db.pool())
        .await?;
        let mut relations = relations;
        for (kind, number, name, title, partial) in inverse {
            let inverse_kind = match kind.as_str() {
                "amends" => "amended_by",
                "replaces" => "replaced_by",
                "guides" => "guided_by",
                "guided_by" => "guides",
                "amended_by" => "amends",
                "corrects" => "corrected_by",
                _ => "replaces",
            };
            let Some(target) = number.or(name) else { continue };
            if relations.iter().any(|r| r.0 == inverse_kind && r.1 == target) {
                continue;
            }
            relations.push((inverse_kind.to_string(), target, String::new(), title, partial, 1));
        }
        let expressions: Vec<(i64, String, String, String, Option<String>, i64, i64, String)> = sqlx::query_as(
            "SELECT id, source_kind, source_key, wording, wording_date, richness, article_count, imported_at FROM expressions WHERE work_id = $1 ORDER BY richness DESC, wording_date DESC, imported_at DESC",
        )
        .bind(work_id)
        .fetch_all(self.db.pool())
        .await?;
        Ok(DocumentView {
            id: row.0,
            key,
            number: row.1.clone().or(row.2.clone()).unwrap_or_default(),
            doc_type: row.3,
            title: row.4,
            issuer: row.5,
            issued: row.6,
            effective: row.7,
            status,
            place: row.9,
            signer: row.10,
            at: at.to_string(),
            events: events
                .iter()
                .map(|e| EventView {
                    kind: e.kind.as_str().into(),
                    date: e.date.map(|d| d.to_string()),
                    by: e.by.clone(),
                    partial: e.partial,
                })
                .collect(),
            relations: relations
                .into_iter()
                .map(|(kind, target, _, title, partial, known)| RelationView {
                    kind,
                    target,
                    title,
                    partial: partial != 0,
                    known: known > 0,
                })
                .collect(),
            expressions: expressions
                .into_iter()
                .map(|(id, source, source_key, wording, wording_date, richness, articles, imported_at)| {
                    ExpressionView { id, source, source_key, wording, wording_date, richness, articles, imported_at }
                })
                .collect(),
        })
    }

    /// Dated events of a Work; an event dated by another act (replaced by X) takes X's entry into force.
    pub async fn events(&self, work_id: i64) -> Result<Vec<ForceEvent>, LibraryError> {
        let rows: Vec<(String, Option<String>, Option<String>, i64, Option<String>)> = sqlx::query_as(
            "SELECT e.kind, COALESCE(e.date, (SELECT w.effective FROM works w WHERE w.work_key = e.by_key AND e.kind IN ('replaced', 'repealed', 'expired'))), e.by_ref, e.partial, e.source
             FROM work_events e WHERE e.work_id = $1 ORDER BY e.id",
        )
        .bind(work_id)
        .fetch_all(self.db.pool())
        .await?;
        let mut out: Vec<ForceEvent> = vec![];
        for (kind, date, by, partial, _source) in rows {
            if let Some(e) = crate::catalog::force_event(&kind, date.as_deref(), by, partial)
                && !out.contains(&e)
            {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// The expression to show on `at`: the richest whose wording is from on or before `at`
    /// (else the richest of all), preferring the latest wording among equals.
    pub fn choose_expression(doc: &DocumentView, at: Date) -> Option<&ExpressionView> {
        let at = at.to_string();
        doc.expressions
            .iter()
            .find(|e| e.wording_date.as_deref().is_none_or(|d| d <= at.as_str()))
            .or_else(|| doc.expressions.first())
    }

    /// Rebuild an expression's provision tree.
    pub async fn tree(&self, expression_id: i64) -> Result<Node, LibraryError> {
        let rows: Vec<ProvisionRow> = sqlx::query_as(
            "SELECT eid, parent_eid, depth, kind, num, heading, body, trailing_text FROM provisions WHERE expression_id = $1 ORDER BY ord",
        )
        .bind(expression_id)
        .fetch_all(self.db.pool())
        .await?;
        build_tree(rows).ok_or_else(|| LibraryError::Invalid(format!("expression {expression_id} has no provisions")))
    }

    /// One provision and its descendants, read by id range (descendant ids extend the parent's id
    /// with `__…`, so `[eid__, eid__~)` holds exactly them and the index serves it).
    pub async fn subtree(&self, expression_id: i64, eid: &str) -> Result<Option<Node>, LibraryError> {
        let rows: Vec<ProvisionRow> = sqlx::query_as(
            "SELECT eid, parent_eid, depth, kind, num, heading, body, trailing_text FROM provisions
             WHERE expression_id = $1 AND (eid = $2 OR (eid >= $3 AND eid < $4)) ORDER BY ord",
        )
        .bind(expression_id)
        .bind(eid)
        .bind(format!("{eid}__"))
        .bind(format!("{eid}__~"))
        .fetch_all(self.db.pool())
        .await?;
        Ok(build_tree(rows))
    }
}

type ProvisionRow = (String, Option<String>, i64, String, Option<String>, Option<String>, String, String);

/// Rebuild a tree from rows in document order with their depths.
fn build_tree(rows: Vec<ProvisionRow>) -> Option<Node> {
    let mut stack: Vec<(i64, Node)> = vec![];
    let mut root: Option<Node> = None;
    for (eid, _parent, depth, kind, num, heading, body, trailing) in rows {
        let node = Node {
            kind: Kind::parse(&kind).unwrap_or(Kind::Document),
            eid,
            num,
            heading,
            text: body,
            trailing,
            children: vec![],
        };
        while stack.last().is_some_and(|(d, _)| *d >= depth) {
            close(&mut stack, &mut root);
        }
        stack.push((depth, node));
    }
    while !stack.is_empty() {
        close(&mut stack, &mut root);
    }
    root
}

impl Library {
    /// The amendment operations in the library that target a Work, dated by their act's entry into
    /// force, plus the instructions that could not be understood.
    ///
    /// Amendments of amendments: when an amending act has itself been amended (an instruction
    /// repealed or rewritten before it took effect), its instructions are read again from its own
    /// text as consolidated on the day it takes effect — the day its instructions are carried out.
    pub async fn amendments_of(
        &self,
        work_key: &str,
    ) -> Result<(Vec<DatedOp>, Vec<(String, String, String)>), LibraryError> {
        let (stored, unparsed) = self.stored_amendments(work_key).await?;
        // The acts amending this Work that are themselves amended (one query; usually none).
        let amended: Vec<(i64,)> = sqlx::query_as(
            "SELECT DISTINCT w.id FROM works w JOIN amendments b ON b.target_key = w.work_key
             WHERE w.id IN (SELECT amending_work_id FROM amendments WHERE target_key = $1)",
        )
        .bind(work_key)
        .fetch_all(self.db.pool())
        .await?;
        if amended.is_empty() {
            return Ok((stored.into_iter().map(|(_, o)| o).collect(), unparsed));
        }
        let mut ops: Vec<DatedOp> = vec![];
        let mut done: Vec<i64> = vec![];
        for (act, op) in &stored {
            if done.contains(act) {
                continue;
            }
            done.push(*act);
            let of_act: Vec<DatedOp> = stored.iter().filter(|(a, _)| a == act).map(|(_, o)| o.clone()).collect();
            let again = if amended.contains(&(*act,)) {
                self.reread_amended_act(*act, &of_act, op.effective, op.seq).await?
            } else {
                None
            };
            ops.extend(again.unwrap_or(of_act));
        }
        Ok((ops, unparsed))
    }

    /// The operations of amending act `act` read again from its text as amended by the day
    /// `effective` (None when nothing amends the act, or its enacted text is not in the library).
    async fn reread_amended_act(
        &self,
        act: i64,
        stored: &[DatedOp],
        effective: Date,
        seq: u32,
    ) -> Result<Option<Vec<DatedOp>>, LibraryError> {
        let (key, number, title): (String, Option<String>, Option<String>) =
            sqlx::query_as("SELECT work_key, number, title FROM works WHERE id = $1")
                .bind(act)
                .fetch_one(self.db.pool())
                .await?;
        let (of_act, _) = self.stored_amendments(&key).await?;
        if of_act.is_empty() {
            return Ok(None);
        }
        let doc = self.document(act, effective).await?;
        let Some(base) = doc.expressions.iter().find(|e| e.wording == "enacted") else { return Ok(None) };
        let tree = self.tree(base.id).await?;
        let amending_ops: Vec<DatedOp> = of_act.into_iter().map(|(_, o)| o).collect();
        let pit = apply_all(&tree, &amending_ops, effective);
        let meta = lex::Metadata { number: number.clone(), title, ..lex::Metadata::default() };
        let instructions = lex::amend::parse::instructions(&lex::Document { meta, root: pit.root });
        let by = stored.first().map(|o| o.by.clone()).unwrap_or_default();
        Ok(Some(
            instructions
                .into_iter()
                .flat_map(|ins| {
                    let by = by.clone();
                    ins.ops.into_iter().map(move |op| DatedOp {
                        op,
                        effective,
                        by: by.clone(),
                        instruction: ins.source_eid.clone(),
                        seq,
                        correction: false,
                    })
                })
                .collect(),
        ))
    }

    /// The operations stored for a Work, each with the id of the act that gives it.
    async fn stored_amendments(
        &self,
        work_key: &str,
    ) -> Result<(Vec<(i64, DatedOp)>, Vec<(String, String, String)>), LibraryError> {
        type Row = (i64, String, String, String, i64, String, Option<String>, Option<String>, Option<String>);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT w.id, COALESCE(w.number, w.name, ''), a.instruction_eid, a.ops_json, a.seq, a.problems, w.effective, w.issued, w.title
             FROM amendments a JOIN works w ON w.id = a.amending_work_id
             WHERE a.target_key = $1 ORDER BY w.issued, w.id, a.seq",
        )
        .bind(work_key)
        .fetch_all(self.db.pool())
        .await?;
        // A correction (đính chính) restores what the document always said: it applies from the
        // corrected document's entry into force.
        let own: Option<(Option<String>, Option<String>)> =
            sqlx::query_as("SELECT effective, issued FROM works WHERE work_key = $1")
                .bind(work_key)
                .fetch_optional(self.db.pool())
                .await?;
        let own_start = own.and_then(|(e, i)| e.or(i));
        let mut ops = vec![];
        let mut unparsed = vec![];
        for (seq, (act, by, instruction, json, _, problems, effective, issued, title)) in rows.into_iter().enumerate() {
            if !problems.is_empty() {
                unparsed.push((by.clone(), instruction.clone(), problems));
            }
            let correction = title.as_deref().is_some_and(lex::amend::parse::is_correction_title);
            let effective = if correction { own_start.clone().or(effective) } else { effective };
            let Some(effective) = effective.or(issued).as_deref().and_then(Date::parse_iso) else {
                unparsed.push((
                    by,
                    instruction,
                    "văn bản sửa đổi chưa có ngày hiệu lực / amending act has no date".into(),
                ));
                continue;
            };
            let parsed: Vec<Op> = serde_json::from_str(&json)
                .map_err(|e| LibraryError::Invalid(format!("amendment {by} {instruction}: {e}")))?;
            for op in parsed {
                let d = DatedOp {
                    op,
                    effective,
                    by: by.clone(),
                    instruction: instruction.clone(),
                    seq: seq as u32,
                    correction,
                };
                ops.push((act, d));
            }
        }
        Ok((ops, unparsed))
    }

    /// The document as it stood on `at`, when the library holds amendments of it and its enacted text.
    pub async fn consolidated(&self, doc: &DocumentView, at: Date) -> Result<Option<Consolidated>, LibraryError> {
        Ok(self.amended(doc).await?.map(|a| a.on(at)))
    }

    /// The enacted text and the amendments of a document, when the library holds amendments of it
    /// and its enacted text: what [`Library::consolidated`] applies on a date.
    async fn amended(&self, doc: &DocumentView) -> Result<Option<Amended>, LibraryError> {
        let (ops, unparsed) = self.amendments_of(&doc.key).await?;
        if ops.is_empty() && unparsed.is_empty() {
            return Ok(None);
        }
        let Some(base) = doc.expressions.iter().find(|e| e.wording == "enacted") else { return Ok(None) };
        let tree = self.tree(base.id).await?;
        Ok(Some(Amended { tree, ops, base: base.source_key.clone(), unparsed }))
    }

    /// A document's provision (or the whole tree when `reference` is `None`), with status on `at`.
    ///
    /// When the library holds amendments of the document, the wording is its enacted text with every
    /// amendment in force on `at` applied (a provision repealed or not yet inserted on `at` is
    /// [`LibraryError::ProvisionAbsent`]). Otherwise it comes from the expression
    /// [`Library::choose_expression`] picks; when that one lacks it (a partial source, e.g. pháp điển
    /// holds only some articles of a decree), from the next expression that has it.
    pub async fn provision(
        &self,
        doc: &DocumentView,
        reference: Option<&str>,
        at: Date,
    ) -> Result<Option<ProvisionView>, LibraryError> {
        if let Some(c) = self.consolidated(doc, at).await? {
            let pit = &c.pit;
            let Some(reference) = reference else {
                return Ok(Some(ProvisionView::from_point_in_time(&pit.root, doc.status, pit)));
            };
            let eid = lex::locate::to_eid(reference)?;
            if let Some(node) = pit.root.find(&eid) {
                return Ok(Some(ProvisionView::from_point_in_time(node, doc.status, pit)));
            }
            let absent = |status: Status, p: Option<&Provenance>| {
                LibraryError::ProvisionAbsent(Box::new(crate::AbsentProvision {
                    document: doc.number.clone(),
                    reference: reference.to_string(),
                    eid: eid.clone(),
                    status,
                    at: at.to_string(),
                    since: p.map(|p| p.since.to_string()),
                    by: p.map(|p| p.by.clone()),
                }))
            };
            if let Some(p) = pit.repealed.get(&eid) {
                return Err(absent(Status::Repealed, Some(p)));
            }
            if let Some(later) = pit.pending.iter().find(|o| matches!(&o.op, Op::Insert { payload, .. } | Op::Replace { payload, .. } if payload.find(&eid).is_some())) {
                let p = Provenance { by: later.by.clone(), instruction: later.instruction.clone(), since: later.effective, change: "inserted" };
                return Err(absent(Status::NotYetInForce, Some(&p)));
            }
            return Err(LibraryError::UnknownProvision {
                document: doc.number.clone(),
                reference: reference.to_string(),
                closest: closest_provisions(&pit.root, &eid),
            });
        }
        let Some(first) = Library::choose_expression(doc, at) else { return Ok(None) };
        let events: Vec<(String, String, String, String)> =
            sqlx::query_as("SELECT eid, date, by_ref, kind FROM provision_events WHERE work_id = $1")
                .bind(doc.id)
                .fetch_all(self.db.pool())
                .await?;
        let at_s = at.to_string();
        let Some(reference) = reference else {
            let mut tree = self.tree(first.id).await?;
            self.copy_headings(doc, first.id, None, &mut tree).await?;
            let mut view = ProvisionView::from_node(&tree, doc.status);
            view.flag_unavailable(&events, first.wording_date.as_deref(), &at_s);
            return Ok(Some(view));
        };
        let eid = lex::locate::to_eid(reference)?;
        let order = std::iter::once(first).chain(doc.expressions.iter().filter(|e| e.id != first.id));
        let mut closest = vec![];
        for expr in order {
            if let Some(mut node) = self.subtree(expr.id, &eid).await? {
                self.copy_headings(doc, expr.id, Some(&eid), &mut node).await?;
                let mut view = ProvisionView::from_node(&node, doc.status);
                view.flag_unavailable(&events, expr.wording_date.as_deref(), &at_s);
                return Ok(Some(view));
            }
            if closest.is_empty() {
                closest = closest_provisions(&self.tree(expr.id).await?, &eid);
            }
        }
        Err(LibraryError::UnknownProvision { document: doc.number.clone(), reference: reference.to_string(), closest })
    }

    /// List Works with filters; status is computed for `filter.at` (default today).
    pub async fn list(&self, filter: &ListFilter) -> Result<(Vec<WorkSummary>, usize), LibraryError> {
        let at = filter.at.unwrap_or_else(crate::today);
        let rows: Vec<WorkRow> = sqlx::query_as("SELECT id, number, name, doc_type, title, issuer, issued, effective, meta_rank, place, signer FROM works ORDER BY issued IS NULL, issued DESC, number")
            .fetch_all(self.db.pool())
            .await?;
        let events = self.all_events().await?;
        let text = filter.text.as_deref().map(lex::normalize::fold_key);
        let issuer = filter.issuer.as_deref().map(lex::normalize::fold_key);
        let doc_type = filter.doc_type.as_deref().map(lex::normalize::match_key);
        let mut out = vec![];
        for r in rows {
            if r.8 == 0 && !filter.include_mentions {
                continue;
            }
            if let Some(t) = &doc_type
                && r.3.as_deref().map(lex::normalize::match_key).as_ref() != Some(t)
            {
                continue;
            }
            if let Some(i) = &issuer
                && !r.5.as_deref().map(lex::normalize::fold_key).is_some_and(|v| v.contains(i.as_str()))
            {
                continue;
            }
            if filter.year.is_some_and(|y| crate::catalog::work_year(r.6.as_deref(), r.1.as_deref()) != Some(y)) {
                continue;
            }
            if let Some(t) = &text {
                let hay = format!(
                    "{} {} {}",
                    r.1.as_deref().unwrap_or(""),
                    r.2.as_deref().unwrap_or(""),
                    r.4.as_deref().unwrap_or("")
                );
                if !lex::normalize::fold_key(&hay).contains(t.as_str()) {
                    continue;
                }
            }
            let status = status_at(events.get(&r.0).map(|v| v.as_slice()).unwrap_or(&[]), at);
            if filter.status.is_some_and(|s| s != status) {
                continue;
            }
            out.push(WorkSummary {
                id: r.0,
                number: r.1.or(r.2).unwrap_or_default(),
                doc_type: r.3,
                title: r.4,
                issuer: r.5,
                issued: r.6,
                effective: r.7,
                status,
                mentioned_only: r.8 == 0,
            });
        }
        let total = out.len();
        let limit = if filter.limit == 0 { usize::MAX } else { filter.limit };
        Ok((out.into_iter().skip(filter.offset).take(limit).collect(), total))
    }

    /// Every Work's dated events, in one query (as [`Library::events`] gives them for one Work).
    pub(crate) async fn all_events(&self) -> Result<std::collections::HashMap<i64, Vec<ForceEvent>>, LibraryError> {
        let rows: Vec<(i64, String, Option<String>, Option<String>, i64)> = sqlx::query_as(
            "SELECT e.work_id, e.kind, COALESCE(e.date, (SELECT w.effective FROM works w WHERE w.work_key = e.by_key AND e.kind IN ('replaced', 'repealed', 'expired'))), e.by_ref, e.partial FROM work_events e ORDER BY e.id",
        )
        .fetch_all(self.db.pool())
        .await?;
        let mut map: std::collections::HashMap<i64, Vec<ForceEvent>> = std::collections::HashMap::new();
        for (id, kind, date, by, partial) in rows {
            let Some(e) = crate::catalog::force_event(&kind, date.as_deref(), by, partial) else { continue };
            let list = map.entry(id).or_default();
            if !list.contains(&e) {
                list.push(e);
            }
        }
        Ok(map)
    }
}

fn close(stack: &mut Vec<(i64, Node)>, root: &mut Option<Node>) {
    if let Some((_, node)) = stack.pop() {
        match stack.last_mut() {
            Some((_, parent)) => parent.children.push(node),
            None => *root = Some(node),
        }
    }
}

/// Provisions whose ids are closest to the one asked for, as labels (`Điều 116`, `khoản 2 Điều 52`).
fn closest_provisions(tree: &Node, eid: &str) -> Vec<String> {
    // Closest spelling first; among equals, the nearest number (Điều 116 before Điều 107 for Điều 117).
    let wanted = last_number(eid);
    let mut scored: Vec<(usize, u64, String)> = tree
        .walk()
        .filter(|(n, _)| n.kind != Kind::Document)
        .map(|(n, _)| (distance(eid, &n.eid), wanted.abs_diff(last_number(&n.eid)), citation(tree, &n.eid)))
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.2 == b.2);
    scored.into_iter().take(5).map(|(_, _, s)| s).collect()
}

/// The number in the last segment of an eId (`art_52__cl_2` → 2), 0 if none.
fn last_number(eid: &str) -> u64 {
    let seg = eid.rsplit("__").next().unwrap_or("");
    seg.chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect::<String>()
        .parse()
        .unwrap_or(0)
}

/// The Vietnamese citation of an eId, small to large: `điểm a khoản 1 Điều 2`.
pub fn citation(tree: &Node, eid: &str) -> String {
    let mut parts = vec![];
    let mut prefix = String::new();
    for seg in eid.split("__") {
        prefix = if prefix.is_empty() { seg.to_string() } else { format!("{prefix}__{seg}") };
        if let Some(n) = tree.find(&prefix) {
            parts.push(n.label());
        }
    }
    parts.reverse();
    let mut s = parts.join(" ");
    // Lower-case the unit words of inner units, as citations are written.
    for w in ["Khoản ", "Điểm "] {
        s = s.replacen(w, &w.to_lowercase(), usize::MAX);
    }
    s
}

/// Levenshtein distance on characters (small inputs only: suggestions).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().take(200).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j + 1] + 1).min(cur[j] + 1).min(prev[j] + usize::from(ca != cb));
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// One version of a provision in its history.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    /// First day of this wording (the document's entry into force for the original).
    pub from: Option<String>,
    /// Last day (None: still current).
    pub to: Option<String>,
    /// `in_force` for a wording, `repealed` after a repeal.
    pub status: Status,
    /// The act that gave this wording (None: the original text).
    pub by: Option<String>,
    pub instruction: Option<String>,
    pub change: Option<String>,
    pub provision: Option<ProvisionView>,
}

/// One span of a document's text over time ([`Library::wordings`]).
#[derive(Debug, Clone)]
pub struct Wording {
    /// The span's first day (`None`: from the beginning).
    pub from: Option<Date>,
    /// The day after its last (`None`: still the text today and after).
    pub until: Option<Date>,
    pub tree: Node,
}

/// The days an amendment may change a text: each act's entry into force, and a suspension's first
/// day and the day after its last; sorted, each once.
fn change_days(ops: &[DatedOp]) -> Vec<Date> {
    let mut days: Vec<Date> = ops
        .iter()
        .flat_map(|o| match &o.op {
            Op::Suspend { from, until, .. } => {
                vec![Some(from.unwrap_or(o.effective)), until.map(|u| Date::from_days(u.to_days() + 1))]
            }
            _ => vec![Some(o.effective)],
        })
        .flatten()
        .collect();
    days.sort();
    days.dedup();
    days
}

impl Library {
    /// The whole tree of a document on `at`: its consolidated wording when the library holds
    /// amendments of it, else the expression chosen for that date.
    pub async fn tree_at(&self, doc: &DocumentView, at: Date) -> Result<Option<Node>, LibraryError> {
        if let Some(c) = self.consolidated(doc, at).await? {
            return Ok(Some(c.pit.root));
        }
        self.expression_tree_at(doc, at).await
    }

    /// The tree of the expression [`Library::choose_expression`] picks for `at`, with the titles
    /// its untitled articles have in the document's other expressions.
    async fn expression_tree_at(&self, doc: &DocumentView, at: Date) -> Result<Option<Node>, LibraryError> {
        match Library::choose_expression(doc, at) {
            Some(e) => {
                let mut tree = self.tree(e.id).await?;
                self.copy_headings(doc, e.id, None, &mut tree).await?;
                Ok(Some(tree))
            }
            None => Ok(None),
        }
    }

    /// Give the articles of the shown expression that have no title (tên điều) the title another
    /// expression of the same Work gives the same article — same eId, word for word the same text
    /// (`link::letters`). The corpus files carry no titles; a linked copy of the same act often
    /// does. Text is never taken from the copy, only the title.
    /// `within`: the tree is the provision with this eId (only its rows are read).
    async fn copy_headings(
        &self,
        doc: &DocumentView,
        shown: i64,
        within: Option<&str>,
        tree: &mut Node,
    ) -> Result<(), LibraryError> {
        let untitled = |n: &Node| n.kind == Kind::Article && n.heading.as_deref().is_none_or(str::is_empty);
        if doc.expressions.len() < 2 || !tree_any(tree, &untitled) {
            return Ok(());
        }
        // The rows of `within` and under it (as in `subtree`), else every article's.
        let (exact, from, to) = match within {
            Some(eid) => (eid.to_string(), format!("{eid}__"), format!("{eid}__~")),
            None => (String::new(), "art".to_string(), "art~".to_string()),
        };
        let rows: Vec<(i64, i64, String, Option<String>, String)> = sqlx::query_as(
            "SELECT e.work_id, e.id, p.eid, p.heading, p.body FROM provisions p JOIN expressions e ON e.id = p.expression_id
             WHERE e.work_id = $1 AND e.id <> $2 AND (p.eid = $3 OR (p.eid >= $4 AND p.eid < $5)) ORDER BY e.id, p.ord",
        )
        .bind(doc.id)
        .bind(shown)
        .bind(exact)
        .bind(from)
        .bind(to)
        .fetch_all(self.db.pool())
        .await?;
        // (article eId, letters of the article) → title, from every other expression.
        let mut titles: HashMap<(String, String), String> = HashMap::new();
        for exprs in crate::link::group_articles(rows).into_values() {
            for (eid, text) in exprs.into_iter().flatten() {
                if let Some(h) = text.heading {
                    titles.entry((eid, text.letters)).or_insert(h);
                }
            }
        }
        if titles.is_empty() {
            return Ok(());
        }
        fill_titles(tree, &titles);
        Ok(())
    }

    /// The document's text over time (what search indexes, so that a query on any date ranks the
    /// text `show --at` that date gives). The days on which [`Library::tree_at`] may give another
    /// tree — each expression's wording date, each amendment's entry into force, a suspension's
    /// first day and the day after its last — cut time into spans; each span holds the tree of
    /// its first day (of the day before the first change, for the span before it). Consecutive
    /// spans may hold equal trees: comparing is the caller's (search compares article by article).
    /// The amendments and the enacted text are read once, not once per span.
    pub async fn wordings(&self, doc: &DocumentView) -> Result<Vec<Wording>, LibraryError> {
        let amended = self.amended(doc).await?;
        let mut days = amended.as_ref().map(|a| change_days(&a.ops)).unwrap_or_default();
        days.extend(doc.expressions.iter().filter_map(|e| e.wording_date.as_deref().and_then(Date::parse_iso)));
        days.sort();
        days.dedup();
        let starts: Vec<Option<Date>> = std::iter::once(None).chain(days.into_iter().map(Some)).collect();
        let mut out = vec![];
        for (i, from) in starts.iter().enumerate() {
            let until = starts.get(i + 1).copied().flatten();
            let probe = match (from, until) {
                (Some(day), _) => *day,
                (None, Some(next)) => Date::from_days(next.to_days() - 1),
                (None, None) => crate::today(),
            };
            let tree = match &amended {
                Some(a) => Some(a.on(probe).pit.root),
                None => self.expression_tree_at(doc, probe).await?,
            };
            if let Some(tree) = tree {
                out.push(Wording { from: *from, until, tree });
            }
        }
        Ok(out)
    }

    /// Every version of a provision with its dates and sources (`tuphap history`).
    pub async fn history(&self, doc: &DocumentView, reference: &str) -> Result<Vec<Version>, LibraryError> {
        let eid = lex::locate::to_eid(reference)?;
        let start = doc.effective.clone().or(doc.issued.clone());
        let (ops, _) = self.amendments_of(&doc.key).await?;
        let base = doc.expressions.iter().find(|e| e.wording == "enacted");
        let (Some(base), false) = (base, ops.is_empty()) else {
            // No amendments known: one version, from the expression shown today.
            let view = self.provision(doc, Some(reference), crate::today()).await?;
            return Ok(vec![Version {
                from: start,
                to: None,
                status: doc.status,
                by: None,
                instruction: None,
                change: None,
                provision: view,
            }]);
        };
        let tree = self.tree(base.id).await?;
        let dates = change_days(&ops);
        let mut versions: Vec<Version> = vec![];
        let original = tree.find(&eid);
        if let Some(n) = original {
            versions.push(Version {
                from: start,
                to: None,
                status: Status::InForce,
                by: None,
                instruction: None,
                change: None,
                provision: Some(ProvisionView::from_node(n, Status::InForce)),
            });
        }
        let mut previous: Option<String> = original.map(lex::diff::unit_text);
        let mut was_suspended = false;
        for d in dates {
            let pit = apply_all(&tree, &ops, d);
            let now = pit.root.find(&eid);
            let text = now.map(lex::diff::unit_text);
            let suspension = now.and_then(|_| pit.suspension_of(&eid));
            if text == previous && suspension.is_some() == was_suspended {
                continue;
            }
            was_suspended = suspension.is_some();
            if text == previous {
                // The same wording, suspended or applying again.
                let day_before = Date::from_days(d.to_days() - 1).to_string();
                if let Some(last) = versions.last_mut() {
                    last.to = Some(day_before);
                }
                let status = if suspension.is_some() { Status::Suspended } else { Status::InForce };
                versions.push(Version {
                    from: Some(d.to_string()),
                    to: None,
                    status,
                    by: suspension.map(|p| p.by.clone()),
                    instruction: suspension.map(|p| p.instruction.clone()),
                    change: Some(if suspension.is_some() { "suspended" } else { "resumed" }.to_string()),
                    provision: now.map(|n| ProvisionView::from_point_in_time(n, Status::InForce, &pit)),
                });
                continue;
            }
            let day_before = Date::from_days(d.to_days() - 1).to_string();
            if let Some(last) = versions.last_mut() {
                last.to = Some(day_before);
            }
            // The change of that day to this provision or anything inside it.
            let inside = |k: &String| *k == eid || k.starts_with(&format!("{eid}__"));
            let p = pit
                .provenance
                .iter()
                .chain(pit.repealed.iter())
                .filter(|(k, p)| inside(k) && p.since == d)
                .map(|(_, p)| p)
                .next()
                .or_else(|| pit.repealed.get(&eid));
            let status = if now.is_some() { Status::InForce } else { Status::Repealed };
            versions.push(Version {
                from: Some(d.to_string()),
                to: None,
                status,
                by: p.map(|p| p.by.clone()),
                instruction: p.map(|p| p.instruction.clone()),
                change: p.map(|p| p.change.to_string()),
                provision: now.map(|n| ProvisionView::with_provenance(n, Status::InForce, &pit.provenance)),
            });
            previous = text;
        }
        // A change on the document's first day (a correction) leaves the original no day of its own.
        versions.retain(|v| match (&v.from, &v.to) {
            (Some(f), Some(t)) => f <= t,
            _ => true,
        });
        if versions.is_empty() {
            return Err(LibraryError::UnknownProvision {
                document: doc.number.clone(),
                reference: reference.to_string(),
                closest: closest_provisions(&tree, &eid),
            });
        }
        Ok(versions)
    }
}

impl Library {
    /// A document (or one provision of it) compared between two dates: provisions aligned by id,
    /// then by content, with word-level redlines (`tuphap diff`, the web redline).
    pub async fn diff_between(
        &self,
        work_id: i64,
        reference: Option<&str>,
        from: Date,
        to: Date,
    ) -> Result<Vec<lex::diff::Change>, LibraryError> {
        let doc_from = self.document(work_id, from).await?;
        let doc_to = self.document(work_id, to).await?;
        let none = || LibraryError::Invalid(format!("{}: the library has no text of this document", doc_from.number));
        let mut a = self.tree_at(&doc_from, from).await?.ok_or_else(none)?;
        let mut b = self.tree_at(&doc_to, to).await?.ok_or_else(none)?;
        if let Some(reference) = reference {
            let eid = lex::locate::to_eid(reference)?;
            let pick = |t: &Node| {
                let mut root = Node::new(Kind::Document, "doc", None);
                root.children.extend(t.find(&eid).cloned());
                root
            };
            a = pick(&a);
            b = pick(&b);
        }
        Ok(lex::diff::diff(&a, &b))
    }
}

/// Whether any node of the tree satisfies `pred`.
fn tree_any(node: &Node, pred: &dyn Fn(&Node) -> bool) -> bool {
    pred(node) || node.children.iter().any(|c| tree_any(c, pred))
}

/// The letters of a node and everything under it (bodies only, as stored).
fn subtree_letters(node: &Node, out: &mut String) {
    out.push_str(&crate::link::letters(&node.text));
    for c in &node.children {
        subtree_letters(c, out);
    }
}

/// Fill untitled articles from `titles` ((eId, letters) → title).
fn fill_titles(node: &mut Node, titles: &HashMap<(String, String), String>) {
    if node.kind == Kind::Article && node.heading.as_deref().is_none_or(str::is_empty) {
        let mut letters = String::new();
        subtree_letters(node, &mut letters);
        if let Some(t) = titles.get(&(node.eid.clone(), letters)) {
            node.heading = Some(t.clone());
        }
        return;
    }
    for c in &mut node.children {
        fill_titles(c, titles);
    }
}
