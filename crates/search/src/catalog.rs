//! The Works as search sees them, in memory: labels, filters and status on a date for every hit,
//! number prefixes and titles for query resolution. Refreshed from the library on open and sync.

use crate::analyze;
use crate::query::{NumberRef, TitleRef};
use library::catalog::CatalogEntry;
use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct Catalog {
    works: HashMap<i64, CatalogEntry>,
    /// (number key, work id), sorted: prefix lookups.
    by_number: Vec<(String, i64)>,
    /// (folded "type title", work id) of Works with text.
    by_title: Vec<(String, i64)>,
}

impl Catalog {
    pub fn new(entries: Vec<CatalogEntry>) -> Catalog {
        let mut by_number = vec![];
        let mut by_title = vec![];
        for w in &entries {
            if w.has_number {
                by_number.push((lex::number::key(&w.number), w.id));
            }
            if !w.mentioned_only {
                // A title that starts with a type word is keyed as written: the type field may
                // be another act's that shares the số hiệu (93/2015/QH13 is a law and a resolution).
                let title = match (&w.doc_type, &w.title) {
                    (_, Some(title)) if starts_with_type(title) => title.clone(),
                    (Some(t), Some(title)) => format!("{t} {title}"),
                    (None, Some(title)) => title.clone(),
                    _ => w.number.clone(),
                };
                by_title.push((analyze::fold_phrase(&title), w.id));
            }
        }
        by_number.sort();
        Catalog { works: entries.into_iter().map(|w| (w.id, w)).collect(), by_number, by_title }
    }

    pub fn get(&self, id: i64) -> Option<&CatalogEntry> {
        self.works.get(&id)
    }

    pub fn len(&self) -> usize {
        self.works.len()
    }

    pub fn is_empty(&self) -> bool {
        self.works.is_empty()
    }

    /// Works a number in a query names: the full key, or every number under a prefix
    /// (`62/2015/`), narrowed by the type named beside it.
    pub fn resolve_number(&self, n: &NumberRef) -> Vec<i64> {
        let start = self.by_number.partition_point(|(k, _)| k.as_str() < n.key_prefix.as_str());
        let ends_with_slash = n.key_prefix.ends_with('/');
        self.by_number[start..]
            .iter()
            .take_while(|(k, _)| k.starts_with(&n.key_prefix))
            .filter(|(k, _)| ends_with_slash || *k == n.key_prefix)
            .map(|(_, id)| *id)
            .filter(|id| match (n.doc_type, self.works.get(id).and_then(|w| w.doc_type.as_deref())) {
                (Some(want), Some(have)) => same_type(want, have),
                _ => true,
            })
            .collect()
    }

    /// Works whose type and title are the phrase an abbreviation stands for (`Bộ luật Dân sự`,
    /// with its year when given); the most recent first.
    pub fn resolve_title(&self, t: &TitleRef) -> Vec<i64> {
        self.titled(t, |title| {
            title.strip_suffix(t.fold.as_str()).is_some_and(|rest| TYPE_PREFIXES.contains(&rest.trim_end()))
        })
    }

    /// Works whose whole title (with its type) is `t` (`luật dân quân tự vệ`), with its year when
    /// given; the most recent first.
    pub fn resolve_whole_title(&self, t: &TitleRef) -> Vec<i64> {
        self.titled(t, |title| title == t.fold)
    }

    /// Works whose folded title `matches`, of `t`'s year when it has one; the most recent first.
    fn titled(&self, t: &TitleRef, matches: impl Fn(&str) -> bool) -> Vec<i64> {
        let mut found: Vec<&CatalogEntry> = self
            .by_title
            .iter()
            .filter(|(title, _)| matches(title))
            .filter_map(|(_, id)| self.works.get(id))
            .filter(|w| t.year.is_none() || w.year == t.year)
            .collect();
        found.sort_by(|a, b| b.issued.cmp(&a.issued));
        found.into_iter().map(|w| w.id).collect()
    }

    /// Distinct values of a field for facets.
    pub fn iter(&self) -> impl Iterator<Item = &CatalogEntry> {
        self.works.values()
    }
}

/// Whether a Work of type `have` is of the type a query names. A code (`Bộ luật`) is a law: its
/// number is a law's (`91/2015/QH13`), and people call it `luật 91/2015`.
fn same_type(want: &str, have: &str) -> bool {
    let (want, have) = (analyze::fold_phrase(want), analyze::fold_phrase(have));
    want == have || (want == "luat" && have == "bo luat")
}

/// Whether a title begins with the name of a legal type (`Luật Khiếu nại`, `Bộ luật Dân sự`).
fn starts_with_type(title: &str) -> bool {
    let fold = analyze::fold_phrase(title);
    ["luat ", "bo luat ", "phap lenh ", "hien phap"].iter().any(|t| fold.starts_with(t))
}

/// What may stand before a title's own words: its type, written in the title or prefixed from the
/// type field (`new`: only to a title that does not start with a type).
const TYPE_PREFIXES: &[&str] = &["", "luat", "bo luat"];
