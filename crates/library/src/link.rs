//! Link: a Work known only by its name whose articles are a numbered Work's articles is that Work.
//!
//! Corpora name their laws without a số hiệu (`Luật Hôn nhân và gia đình 2014` in the ALQAC files)
//! while other sources give the same act under its number (52/2014/QH13 in the pháp điển). Left
//! apart, one act is two documents: a search shows the copy under a name a citation cannot
//! resolve, and the numbered Work lacks the title the copy has. After each import, every
//! unnumbered Work is compared with the numbered Works of its type, article by article; when most of
//! its articles are word for word those of one numbered Work, its expressions move to that Work,
//! the Work takes the copy's name as its title if it has none, and the copy's name becomes an
//! alias (`work_aliases`): importing the copy again, or looking it up by name, reaches the numbered
//! Work. Each link is one transaction with an audit entry.
//!
//! Invariant: a link never changes text. It only moves expressions (and what hangs on the copy)
//! from one Work to another; the numbered Work's choice of expression to show is unchanged
//! (richest first; a corpus copy named without a số hiệu has the lowest richness, see
//! `adapters`), so a linked copy never displaces the numbered Work's text. It lends its article
//! titles where the text is the same (`Library::copy_headings`).

use crate::{Library, LibraryError};
use std::collections::{BTreeMap, HashMap, HashSet};
use store::audit::{self, Actor};
use store::sqlx;

/// Share of the copy's articles that must be word for word the numbered Work's (same article
/// number, same text). Versions of one act differ in their amended articles only: the ALQAC copy
/// of the Law on Marriage and Family matches 104 of its 133 articles in the consolidated pháp
/// điển, while unrelated laws share none.
const MIN_SHARE: f64 = 0.5;
/// Fewer articles than this cannot tell two documents apart.
const MIN_ARTICLES: usize = 3;
/// Articles shorter than this (letters only) are boilerplate (`Luật này có hiệu lực …`).
const MIN_LETTERS: usize = 40;

/// One copy linked to its numbered Work.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Linked {
    /// The copy's name (`Luật Hôn nhân và gia đình 2014`).
    pub name: String,
    /// The numbered Work's số hiệu (`52/2014/QH13`).
    pub number: String,
    /// Articles word for word the same, of the copy's articles compared.
    pub same: usize,
    pub compared: usize,
}

/// An article's text reduced to its letters, lower case (numbering, punctuation and spacing
/// differ between sources; the words do not). Stored text is already NFC (normalised on import).
pub(crate) fn letters(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).filter(|c| c.is_alphabetic()).collect()
}

/// One article as a source gives it: the letters of the article and everything under it, and its
/// title (tên điều), if any.
#[derive(Debug, Default)]
pub(crate) struct ArticleText {
    pub letters: String,
    pub heading: Option<String>,
}

/// The articles of a Work's expressions: per expression, article eId → its text.
pub(crate) type Articles = Vec<BTreeMap<String, ArticleText>>;

/// Provision rows `(work, expression, eId, heading, body)` in expression and document order,
/// grouped into each Work's expressions' articles.
pub(crate) fn group_articles(rows: Vec<(i64, i64, String, Option<String>, String)>) -> HashMap<i64, Articles> {
    let mut out: HashMap<i64, Articles> = HashMap::new();
    let mut last_expr = None;
    for (work, expr, eid, heading, body) in rows {
        let exprs = out.entry(work).or_default();
        if last_expr != Some(expr) {
            exprs.push(BTreeMap::new());
            last_expr = Some(expr);
        }
        let Some(current) = exprs.last_mut() else { continue };
        let article = eid.split("__").next().unwrap_or(&eid);
        let text = current.entry(article.to_string()).or_default();
        if article == eid {
            text.heading = heading.filter(|h| !h.is_empty());
        }
        text.letters.push_str(&letters(&body));
    }
    out
}

impl Library {
    /// Link unnumbered Works to the numbered Works they copy (see the module docs). Only pairs
    /// with a side in `touched` (the Works an import wrote) are compared: a copy just imported
    /// against every numbered Work, any copy against a numbered Work just imported.
    pub async fn link_copies(&self, touched: &[i64], actor: &Actor) -> Result<Vec<Linked>, LibraryError> {
        let touched: HashSet<i64> = touched.iter().copied().collect();
        let copies: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT w.id, w.work_key, COALESCE(w.name, w.title, w.work_key), MAX(e.article_count)
             FROM works w JOIN expressions e ON e.work_id = w.id
             WHERE w.number IS NULL GROUP BY w.id, w.work_key, w.name, w.title ORDER BY w.id",
        )
        .fetch_all(self.db.pool())
        .await?;
        let copies: Vec<_> = copies.into_iter().filter(|c| c.3 as usize >= MIN_ARTICLES).collect();
        if copies.is_empty() {
            return Ok(vec![]);
        }
        // Numbered Works with text: (id, largest article count).
        let numbered: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT w.id, MAX(e.article_count) FROM works w JOIN expressions e ON e.work_id = w.id
             WHERE w.number IS NOT NULL GROUP BY w.id ORDER BY w.id",
        )
        .fetch_all(self.db.pool())
        .await?;
        let mut loaded: HashMap<i64, Articles> = HashMap::new();
        let mut linked = vec![];
        for (copy_id, copy_key, name, count) in copies {
            let is_new = touched.contains(&copy_id);
            // A comparable number of articles (a consolidated text may add or drop a few).
            let candidates: Vec<i64> = numbered
                .iter()
                .filter(|(id, n)| (is_new || touched.contains(id)) && *n >= count / 2 && *n <= count * 2)
                .map(|(id, _)| *id)
                .collect();
            if candidates.is_empty() {
                continue;
            }
            let missing: Vec<i64> = candidates.iter().copied().filter(|id| !loaded.contains_key(id)).collect();
            loaded.extend(self.articles_of(&missing).await?);
            let copy = self.articles_of(&[copy_id]).await?;
            let Some(mine) = copy.get(&copy_id).and_then(|exprs| exprs.iter().max_by_key(|a| a.len())) else {
                continue;
            };
            let Some((work_id, same, compared)) =
                best_match(mine, candidates.iter().filter_map(|id| loaded.get_key_value(id)))
            else {
                continue;
            };
            let number = self.merge(copy_id, &copy_key, &name, work_id, actor).await?;
            loaded.remove(&work_id);
            linked.push(Linked { name, number, same, compared });
        }
        Ok(linked)
    }

    /// The articles of each of `works`' expressions.
    async fn articles_of(&self, works: &[i64]) -> Result<HashMap<i64, Articles>, LibraryError> {
        let mut out: HashMap<i64, Articles> = HashMap::new();
        for chunk in works.chunks(200) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            // Only the number of placeholders is formatted into the SQL; the ids are bound.
            let sql = format!(
                "SELECT e.work_id, e.id, p.eid, p.heading, p.body FROM provisions p JOIN expressions e ON e.id = p.expression_id
                 WHERE e.work_id IN ({}) AND p.eid LIKE 'art%' ORDER BY e.work_id, e.id, p.ord",
                placeholders.join(", ")
            );
            let mut q = sqlx::query_as::<_, (i64, i64, String, Option<String>, String)>(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                q = q.bind(*id);
            }
            out.extend(group_articles(q.fetch_all(self.db.pool()).await?));
        }
        Ok(out)
    }

    /// Move the copy into the numbered Work (one transaction, audited); the Work's số hiệu.
    async fn merge(
        &self,
        copy_id: i64,
        copy_key: &str,
        name: &str,
        work_id: i64,
        actor: &Actor,
    ) -> Result<String, LibraryError> {
        let mut tx = self.db.pool().begin().await?;
        let (work_key, number, title): (String, String, Option<String>) =
            sqlx::query_as("SELECT work_key, number, title FROM works WHERE id = $1")
                .bind(work_id)
                .fetch_one(&mut *tx)
                .await?;
        // A source imported into both Works keeps its newer copy (the copy's).
        sqlx::query(
            "DELETE FROM expressions WHERE work_id = $1 AND EXISTS (SELECT 1 FROM expressions c WHERE c.work_id = $2 AND c.source_kind = expressions.source_kind AND c.source_key = expressions.source_key)",
        )
        .bind(work_id)
        .bind(copy_id)
        .execute(&mut *tx)
        .await?;
        for sql in [
            "UPDATE expressions SET work_id = $1 WHERE work_id = $2",
            "UPDATE work_events SET work_id = $1 WHERE work_id = $2",
            "UPDATE work_relations SET work_id = $1 WHERE work_id = $2",
            "UPDATE provision_events SET work_id = $1 WHERE work_id = $2",
            "UPDATE amendments SET amending_work_id = $1 WHERE amending_work_id = $2",
            "UPDATE work_aliases SET work_id = $1 WHERE work_id = $2",
        ] {
            sqlx::query(sql).bind(work_id).bind(copy_id).execute(&mut *tx).await?;
        }
        for sql in [
            "UPDATE work_relations SET target_key = $1 WHERE target_key = $2",
            "UPDATE work_events SET by_key = $1 WHERE by_key = $2",
            "UPDATE amendments SET target_key = $1 WHERE target_key = $2",
        ] {
            sqlx::query(sql).bind(&work_key).bind(copy_key).execute(&mut *tx).await?;
        }
        if title.is_none() {
            sqlx::query("UPDATE works SET title = $1 WHERE id = $2")
                .bind(without_year(name))
                .bind(work_id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE works SET updated_at = $1 WHERE id = $2")
            .bind(store::now_rfc3339())
            .bind(work_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO work_aliases (alias_key, work_id, name, linked_at) VALUES ($1, $2, $3, $4)")
            .bind(copy_key)
            .bind(work_id)
            .bind(name)
            .bind(store::now_rfc3339())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM works WHERE id = $1").bind(copy_id).execute(&mut *tx).await?;
        let what = format!("{copy_key} → {work_key}");
        audit::append(&mut tx, actor, "library.link", &what, &audit::sha256_hex(what.as_bytes())).await?;
        tx.commit().await?;
        Ok(number)
    }
}

/// The numbered Work most of whose articles the copy's are, word for word at the same article
/// number: (work id, articles the same, articles compared). Types are not compared: the text
/// decides (a corpus says `Luật` for a code, and a số hiệu may carry another act's type).
fn best_match<'a>(
    mine: &BTreeMap<String, ArticleText>,
    candidates: impl Iterator<Item = (&'a i64, &'a Articles)>,
) -> Option<(i64, usize, usize)> {
    let long = |t: &ArticleText| t.letters.len() >= MIN_LETTERS;
    let compared = mine.values().filter(|t| long(t)).count();
    if compared < MIN_ARTICLES {
        return None;
    }
    let mut best: Option<(i64, usize)> = None;
    for (id, exprs) in candidates {
        let same = mine
            .iter()
            .filter(|(eid, t)| long(t) && exprs.iter().any(|a| a.get(*eid).is_some_and(|o| o.letters == t.letters)))
            .count();
        if best.is_none_or(|(_, b)| same > b) {
            best = Some((*id, same));
        }
    }
    best.filter(|(_, same)| *same as f64 >= MIN_SHARE * compared as f64).map(|(id, same)| (id, same, compared))
}

/// A law's name without the year a corpus adds (`Luật Hôn nhân và gia đình 2014` → `Luật Hôn nhân
/// và gia đình`).
fn without_year(name: &str) -> String {
    let trimmed = name.trim();
    match trimmed.rsplit_once(' ') {
        Some((rest, year)) if year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) => rest.trim().to_string(),
        _ => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_year() {
        assert_eq!(without_year("Luật Hôn nhân và gia đình 2014"), "Luật Hôn nhân và gia đình");
        assert_eq!(without_year("Bộ luật dân sự"), "Bộ luật dân sự");
        assert_eq!(without_year("Luật 2014"), "Luật");
    }

    #[test]
    fn letters_ignore_numbering_and_spacing() {
        assert_eq!(letters("1. Vợ, chồng  bình đẳng."), letters("Vợ,chồng bình đẳng"));
        assert_ne!(letters("Vợ chồng"), letters("Vợ con"));
    }
}
