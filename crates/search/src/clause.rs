//! Clause-level evidence: a question is usually answered by one clause (khoản) or point (điểm) of
//! an article, not by the article as a whole. An article's BM25 sums matches spread over all its
//! clauses, so a long article that mentions each query word once somewhere can outrank the short
//! clause that holds them together. The top candidates are therefore scored again on their best
//! line (clause, point or paragraph) with the same BM25 formula, and that score is added to the
//! article's, weighted by [`crate::find::Weights::clause`].

use crate::analyze;
use std::collections::HashMap;

/// BM25 constants (tantivy's).
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// BM25's inverse document frequency (tantivy's formula) of a term in `df` of `docs` articles.
pub fn idf(df: u64, docs: u64) -> f32 {
    let (n, df) = (docs.max(1) as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// The query as the clause scorer sees it: folded syllables and bigrams, each with its IDF.
#[derive(Debug, Clone, Default)]
pub struct ClauseQuery {
    terms: HashMap<String, f32>,
    bigrams: HashMap<String, f32>,
}

impl ClauseQuery {
    /// `docs` articles in all; `terms` and `bigrams` with their document frequencies.
    pub fn new(docs: u64, terms: &[(String, u64)], bigrams: &[(String, u64)]) -> ClauseQuery {
        ClauseQuery {
            terms: terms.iter().map(|(t, df)| (t.clone(), idf(*df, docs))).collect(),
            bigrams: bigrams.iter().map(|(b, df)| (b.clone(), idf(*df, docs))).collect(),
        }
    }

    /// The BM25 score of the best line of `body` (lines are clauses, points or paragraphs).
    pub fn best_line(&self, body: &str) -> f32 {
        body.lines().filter(|l| !l.trim().is_empty()).map(|l| self.line(l)).fold(0.0, f32::max)
    }

    fn line(&self, line: &str) -> f32 {
        let syl = analyze::syllables(line);
        if syl.is_empty() {
            return 0.0;
        }
        let mut tf: HashMap<&str, u32> = HashMap::new();
        for s in &syl {
            if self.terms.contains_key(s.fold.as_str()) {
                *tf.entry(s.fold.as_str()).or_default() += 1;
            }
        }
        let mut bf: HashMap<String, u32> = HashMap::new();
        for pair in syl.windows(2) {
            let b = analyze::bigram(&pair[0].fold, &pair[1].fold);
            if self.bigrams.contains_key(&b) {
                *bf.entry(b).or_default() += 1;
            }
        }
        let norm = K1 * (1.0 - B + B * syl.len() as f32 / AVERAGE_LINE);
        let bm25 = |idf: f32, f: u32| idf * f as f32 * (K1 + 1.0) / (f as f32 + norm);
        let unigrams: f32 = tf.iter().map(|(t, f)| bm25(self.terms[*t], *f)).sum();
        let pairs: f32 = bf.iter().map(|(b, f)| bm25(self.bigrams[b], *f)).sum();
        unigrams + pairs
    }
}

/// Average line length (syllables) of clauses in statute text: the length normaliser.
const AVERAGE_LINE: f32 = 35.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clause_holding_the_words_together_wins() {
        let q = ClauseQuery::new(
            1000,
            &[("thoi".into(), 100), ("han".into(), 100), ("khang".into(), 10), ("cao".into(), 20)],
            &[("thoi_han".into(), 80), ("khang_cao".into(), 8)],
        );
        let together = "1. Quy định chung.\n2. Thời hạn kháng cáo là 15 ngày.";
        let spread = "1. Thời gian nghỉ.\n2. Hạn chế.\n3. Kháng nghị.\n4. Cao hơn.";
        assert!(q.best_line(together) > q.best_line(spread));
        assert_eq!(q.best_line(""), 0.0);
    }
}
