//! Titles: a law with a số hiệu but no title is named the way the library's documents cite it.
//!
//! Several sources give a law's text without its name: the corpus files key articles by số hiệu
//! only, and the pháp điển notes name the act by number (`Điều 1 Bộ luật số 92/2015/QH13`). The
//! Civil Procedure Code then has no title, so a search for `BLTTDS điều 5` cannot tell which
//! document `BLTTDS` is. Other documents name it in full beside its number (`Bộ luật Tố tụng dân
//! sự số 92/2015/QH13`); after each import, every untitled law, code or ordinance of the National
//! Assembly or its Standing Committee takes the name cited most often with its number. A code
//! (`Bộ luật`) filed as `Luật` takes its type from the citations too. One transaction, audited.

use crate::{Library, LibraryError};
use lex::cite::DocRef;
use lex::cite::find::Names;
use std::collections::HashMap;
use std::sync::LazyLock;
use store::audit::{self, Actor};
use store::sqlx;

/// The names the citation finder knows besides those a text writes in full beside a number.
static NAMES: LazyLock<Names> = LazyLock::new(Names::builtin);

/// A name cited once may be a slip of the citing text (`Luật Thi hành án dân sự số 64/2014/QH13`,
/// the amending act's number); twice is the library's usage.
const MIN_CITATIONS: usize = 2;

/// Works given a title.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Titled {
    pub number: String,
    pub title: String,
    /// Times the library cites the number with this name.
    pub citations: usize,
}

/// The names cited with each number (number key → title → count), in `text`: the citations
/// `lex::cite::find` reads with both (`Bộ luật Tố tụng dân sự số 92/2015/QH13`).
fn count_names(text: &str, out: &mut HashMap<String, HashMap<String, usize>>) {
    for c in lex::cite::find::find(text, &NAMES) {
        let DocRef::External { name: Some(name), number: Some(number), .. } = &c.document else { continue };
        // `Luật sửa đổi, bổ sung một số điều của Luật Thi hành án dân sự số 64/2014/QH13`: the
        // number is the amending act's, the name the amended one's.
        let before: String =
            text[..c.span.start].chars().rev().take(80).collect::<Vec<_>>().into_iter().rev().collect();
        let before = before.to_lowercase();
        if ["luật sửa đổi", "luật bổ sung", "lệnh sửa đổi"].iter().any(|w| before.contains(w)) {
            continue;
        }
        *out.entry(lex::number::key(number)).or_default().entry(name.clone()).or_default() += 1;
    }
}

/// The title cited most often (ties: the first in order of spelling, for a stable result).
fn most_cited(names: &HashMap<String, usize>) -> Option<(&str, usize)> {
    names.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(t, n)| (t.as_str(), *n))
}

impl Library {
    /// Give untitled laws, codes and ordinances the name the library cites them by.
    pub async fn title_from_citations(&self, actor: &Actor) -> Result<Vec<Titled>, LibraryError> {
        let untitled: Vec<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT id, number, doc_type FROM works WHERE number IS NOT NULL AND (title IS NULL OR title = '')
             AND number LIKE '%/QH%' ORDER BY id",
        )
        .fetch_all(self.db.pool())
        .await?;
        if untitled.is_empty() {
            return Ok(vec![]);
        }
        let bodies: Vec<(String,)> =
            sqlx::query_as("SELECT body FROM provisions WHERE body LIKE '%/QH%'").fetch_all(self.db.pool()).await?;
        let mut cited: HashMap<String, HashMap<String, usize>> = HashMap::new();
        for (body,) in &bodies {
            count_names(body, &mut cited);
        }
        let mut titled = vec![];
        let mut tx = self.db.pool().begin().await?;
        for (id, number, doc_type) in untitled {
            let found = cited.get(&lex::number::key(&number)).and_then(most_cited);
            let Some((title, citations)) = found.filter(|(_, n)| *n >= MIN_CITATIONS) else {
                continue;
            };
            let is_code = title.starts_with("Bộ luật ");
            let doc_type = match doc_type.as_deref() {
                None | Some("Luật") if is_code => Some("Bộ luật".to_string()),
                None => title.split(' ').next().map(|t| if t == "Pháp" { "Pháp lệnh" } else { t }.to_string()),
                _ => doc_type,
            };
            sqlx::query("UPDATE works SET title = $1, doc_type = $2, updated_at = $3 WHERE id = $4")
                .bind(title)
                .bind(&doc_type)
                .bind(store::now_rfc3339())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            titled.push(Titled { number, title: title.to_string(), citations });
        }
        if !titled.is_empty() {
            let what: Vec<String> = titled.iter().map(|t| format!("{} = {}", t.number, t.title)).collect();
            let what = what.join("; ");
            audit::append(
                &mut tx,
                actor,
                "library.titles",
                "titles from citations",
                &audit::sha256_hex(what.as_bytes()),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(titled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> HashMap<String, HashMap<String, usize>> {
        let mut out = HashMap::new();
        count_names(text, &mut out);
        out
    }

    #[test]
    fn names_cited_beside_numbers() {
        let n = names(
            "Sửa đổi, bổ sung Điều 135 của Bộ luật Tố tụng dân sự số 92/2015/QH13 đã được sửa đổi, bổ sung theo Luật số 59/2020/QH14 như sau: theo Luật Thi hành án dân sự năm 2008 số 26/2008/QH12 và Bộ luật Tố tụng dân sự số 92/2015/QH13.",
        );
        assert_eq!(most_cited(&n["92/2015/QH13"]), Some(("Bộ luật Tố tụng dân sự", 2)));
        assert_eq!(most_cited(&n["26/2008/QH12"]), Some(("Luật Thi hành án dân sự", 1)));
        assert!(!n.contains_key("59/2020/QH14"), "`Luật số` names nothing");
        // The amending act's number after the amended act's name; two numbers in one phrase.
        let n = names(
            "Luật sửa đổi, bổ sung một số điều của Luật Thi hành án dân sự số 64/2014/QH13; Luật số 72/2020/QH14 và Luật số 03/2022/QH15",
        );
        assert!(n.is_empty(), "{n:?}");
    }

    #[test]
    fn the_name_cited_most_wins() {
        let n = names(
            "Luật Hôn nhân và gia đình số 52/2014/QH13; Luật Hôn nhân và gia đình số 52/2014/QH13; Luật hôn nhân số 52/2014/QH13",
        );
        assert_eq!(most_cited(&n["52/2014/QH13"]), Some(("Luật Hôn nhân và gia đình", 2)));
    }
}
