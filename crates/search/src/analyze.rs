//! Vietnamese text analysis for the index and for queries.
//!
//! Vietnamese writes one syllable per space-separated token; words are mostly two syllables
//! (`thi hành`, `bản án`). The analysis gives, for each syllable, an *exact* form (lower case, NFC,
//! tone placement made irrelevant with [`lex::normalize::match_key`]: `hoà` = `hòa`) and a *folded*
//! form (no diacritics, `đ` → `d`), and for each pair of adjacent syllables a folded *bigram*
//! (`thi_hanh`), which stands in for a word list: a bigram matches only where the two syllables are
//! adjacent, so `thi hành án` outranks a text that has `thi`, `hành` and `án` far apart.
//!
//! Tokens are joined with spaces and indexed by tantivy's whitespace tokenizer: the analysis lives
//! here, once, for both indexing and querying.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// One syllable of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syllable {
    /// Lower case, NFC, tone mark at the end of the syllable (`hòa` and `hoà` both give the same).
    pub exact: String,
    /// No diacritics, `đ` → `d`.
    pub fold: String,
}

impl Syllable {
    /// True if the syllable carries any diacritic (then its exact form is informative).
    pub fn has_marks(&self) -> bool {
        self.exact != self.fold
    }
}

/// Rewrite every occurrence of the phrases (each its folded syllables) in `syl`: `with(k, matched)`
/// gives what stands for an occurrence of phrase `k`. Where two phrases start at the same
/// syllable, the earlier one wins.
pub fn rewrite_phrases<P: AsRef<str>, Q: AsRef<[P]>>(
    syl: Vec<Syllable>,
    phrases: &[Q],
    with: impl Fn(usize, &[Syllable]) -> Vec<Syllable>,
) -> Vec<Syllable> {
    let mut out = Vec::with_capacity(syl.len());
    let mut i = 0;
    'next: while i < syl.len() {
        for (k, p) in phrases.iter().enumerate() {
            let p = p.as_ref();
            let end = i + p.len();
            if !p.is_empty() && end <= syl.len() && syl[i..end].iter().zip(p).all(|(s, w)| s.fold == w.as_ref()) {
                out.extend(with(k, &syl[i..end]));
                i = end;
                continue 'next;
            }
        }
        out.push(syl[i].clone());
        i += 1;
    }
    out
}

/// Syllables of a text, in order. Punctuation separates; digits are kept (`2015`, `62`).
pub fn syllables(text: &str) -> Vec<Syllable> {
    let key = lex::normalize::match_key(text);
    let mut out = Vec::with_capacity(key.len() / 4);
    for word in key.split(|c: char| !(c.is_alphanumeric() || is_combining_mark(c))) {
        if word.is_empty() || word.chars().next().is_some_and(is_combining_mark) {
            continue;
        }
        let fold = fold_word(word);
        if fold.is_empty() {
            continue;
        }
        out.push(Syllable { exact: word.to_string(), fold });
    }
    out
}

/// Folded form of one lower-case word.
pub fn fold_word(word: &str) -> String {
    word.nfd().filter(|c| !is_combining_mark(*c)).map(|c| if c == 'đ' { 'd' } else { c }).collect()
}

/// Take a final four-digit year off folded words (`luat hon nhan va gia dinh 2014`), with the
/// `nam` before it (`… nam 2019`); the year, if there was one.
pub fn pop_year(words: &mut Vec<String>) -> Option<i64> {
    let year = words.last().filter(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))?.parse().ok()?;
    words.pop();
    if words.last().is_some_and(|w| w == "nam") {
        words.pop();
    }
    Some(year)
}

/// The bigram token of two folded syllables.
pub fn bigram(a: &str, b: &str) -> String {
    format!("{a}_{b}")
}

/// The three analysed forms of a text, as whitespace-joined token strings.
#[derive(Debug, Default, Clone)]
pub struct Analysed {
    pub exact: String,
    pub fold: String,
    pub bigrams: String,
}

/// Analyse a text for indexing.
pub fn analyse(text: &str) -> Analysed {
    let syl = syllables(text);
    let mut a = Analysed {
        exact: String::with_capacity(text.len()),
        fold: String::with_capacity(text.len()),
        bigrams: String::with_capacity(text.len() * 2),
    };
    for (i, s) in syl.iter().enumerate() {
        if i > 0 {
            a.exact.push(' ');
            a.fold.push(' ');
        }
        a.exact.push_str(&s.exact);
        a.fold.push_str(&s.fold);
        if let Some(prev) = i.checked_sub(1).map(|j| &syl[j]) {
            if !a.bigrams.is_empty() {
                a.bigrams.push(' ');
            }
            a.bigrams.push_str(&bigram(&prev.fold, &s.fold));
        }
    }
    a
}

/// A fingerprint of a text's folded syllables (FNV-1a, stable across runs and builds): two units
/// with the same wording, whatever their punctuation, case or diacritic encoding, share it. 0 for a
/// text without syllables.
pub fn fingerprint(fold: &str) -> u64 {
    if fold.is_empty() {
        return 0;
    }
    let hash = fold.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3));
    hash.max(1)
}

/// Function words and question words that carry no subject matter. A query syllable in this list
/// is not searched on its own (it adds nothing to recall and noise to ranking); bigrams with one
/// content syllable keep it (`ma túy`, `có hiệu lực`).
pub const STOPWORDS: &[&str] = &[
    "có", "không", "được", "là", "của", "và", "thì", "mà", "các", "những", "cho", "tôi", "em", "anh", "chị", "ạ",
    "vậy", "nào", "gì", "sao", "thế", "này", "đó", "khi", "nếu", "với", "bị", "đã", "đang", "sẽ", "rồi", "hay", "hoặc",
    "ai", "ông", "bà", "bạn", "mình", "xin", "hỏi", "thưa", "nhé", "ơi", "ra", "vào", "về", "để", "như", "nhưng",
    "một", "theo", "tại", "ấy", "kia", "muốn", "biết", "rất", "cũng", "làm", "trong", "phải", "cần", "nhiều", "bao",
    "nhiêu", "đây", "vẫn", "lúc", "luôn", "nữa", "thì", "hả", "chứ", "đâu",
];

/// Folded stopwords that are also the folded form of common content syllables (`thì`/`thi hành`,
/// `tôi`/`tội phạm`, `tại`/`tài sản`, `vậy`/`vay`): in a query typed without diacritics they are
/// searched like any other syllable.
const AMBIGUOUS_FOLDS: &[&str] = &[
    "thi", "ma", "bao", "de", "chi", "anh", "bi", "toi", "muon", "lam", "khi", "the", "tai", "hoi", "trong", "cung",
    "luc", "thua", "minh", "ban", "biet", "can", "day", "van", "ha", "chu", "dau", "dang", "vay", "nhieu", "bao",
];

/// The stopword sets: exact forms (for syllables with marks) and folded forms (for queries typed
/// without diacritics).
struct Stopwords {
    exact: std::collections::HashSet<String>,
    fold: std::collections::HashSet<String>,
}

fn stopwords() -> &'static Stopwords {
    static SET: std::sync::OnceLock<Stopwords> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let syl: Vec<Syllable> = STOPWORDS.iter().flat_map(|w| syllables(w)).collect();
        Stopwords {
            exact: syl.iter().map(|s| s.exact.clone()).collect(),
            fold: syl.iter().map(|s| s.fold.clone()).filter(|f| !AMBIGUOUS_FOLDS.contains(&f.as_str())).collect(),
        }
    })
}

/// True if a syllable is a stopword: by its exact form in a text typed with diacritics, else by its
/// folded form (a query typed without diacritics cannot tell `thưa` from `thừa`, but one typed with
/// them tells `thi` (thi hành) from `thì`).
pub fn is_stopword(s: &Syllable, typed_with_marks: bool) -> bool {
    let set = stopwords();
    if typed_with_marks { set.exact.contains(&s.exact) } else { set.fold.contains(&s.fold) }
}

/// Pairs of stopwords that together are a word of family law: pronouns that are also kinship
/// terms — `anh, chị, em` (siblings, Luật Hôn nhân và gia đình 2014 Điều 105), `ông bà`
/// (grandparents, Điều 104). Their bigram is searched although both syllables are stopwords.
const KINSHIP: &[(&str, &str)] = &[("anh", "chị"), ("chị", "em"), ("anh", "em"), ("ông", "bà")];

/// A phrase's folded syllables, space-separated (`Bộ luật Dân sự` → `bo luat dan su`).
pub fn fold_phrase(s: &str) -> String {
    syllables(s).iter().map(|x| x.fold.as_str()).collect::<Vec<_>>().join(" ")
}

/// True if two adjacent stopwords form a kinship word ([`KINSHIP`]): by exact form in a text typed
/// with diacritics, else folded.
pub fn is_kinship(a: &Syllable, b: &Syllable, typed_with_marks: bool) -> bool {
    static PAIRS: std::sync::OnceLock<Vec<(Syllable, Syllable)>> = std::sync::OnceLock::new();
    let pairs = PAIRS
        .get_or_init(|| KINSHIP.iter().filter_map(|(x, y)| Some((syllables(x).pop()?, syllables(y).pop()?))).collect());
    let same = |s: &Syllable, w: &Syllable| if typed_with_marks { s.exact == w.exact } else { s.fold == w.fold };
    pairs.iter().any(|(x, y)| same(a, x) && same(b, y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_by_exact_form_unless_typed_without_marks() {
        let s = syllables("thưa thừa thua có cổ thi");
        assert!(is_stopword(&s[0], true));
        assert!(!is_stopword(&s[1], true), "thừa (thừa kế) is content");
        assert!(!is_stopword(&s[2], false), "folded query: thua may be thừa (thừa kế)");
        assert!(is_stopword(&syllables("khong")[0], false));
        assert!(is_stopword(&s[3], true));
        assert!(!is_stopword(&s[4], true), "cổ (cổ phần) is content");
        assert!(!is_stopword(&s[5], true), "thi (thi hành) is not thì");
    }

    #[test]
    fn tone_placement_and_folding() {
        let a = syllables("Hoà giải, HÒA GIẢI; thuỷ thủy Đất đai 2015");
        let exact: Vec<&str> = a.iter().map(|s| s.exact.as_str()).collect();
        assert_eq!(exact[0], exact[2]);
        assert_eq!(exact[1], exact[3]);
        assert_eq!(exact[4], exact[5]);
        let fold: Vec<&str> = a.iter().map(|s| s.fold.as_str()).collect();
        assert_eq!(fold, ["hoa", "giai", "hoa", "giai", "thuy", "thuy", "dat", "dai", "2015"]);
    }

    #[test]
    fn syllable_with_tone_on_final_consonant_stays_one_token() {
        // `được` with its tone moved to the end leaves a combining mark after `c`.
        let a = syllables("được phép");
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].fold, "duoc");
        assert!(a[0].has_marks());
    }

    #[test]
    fn bigrams_are_adjacent_pairs() {
        let a = analyse("Thi hành án dân sự");
        assert_eq!(a.bigrams, "thi_hanh hanh_an an_dan dan_su");
        assert_eq!(a.fold, "thi hanh an dan su");
    }
}
