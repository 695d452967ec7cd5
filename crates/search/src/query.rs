//! Query understanding: what a user typed → what to search for.
//!
//! - a cited provision (`Điều 357 BLDS`, `khoản 2 điều 468 bộ luật dân sự`, `nđ 62/2015 điều 5`)
//!   is found with the drafting review's citation finder ([`lex::cite::find`]) and shown first;
//! - document numbers in any spelling (`nd 62/2015`, `62/2015/NĐ-CP`, `Nghị định 62/2015`) become
//!   number prefixes that pin the document;
//! - common abbreviations (`BLDS`, `THADS`, `NĐ-CP` …) are expanded to the words of the title they
//!   stand for; `BLDS 2015` also gives the year;
//! - question boilerplate (`thưa luật sư`, `cho tôi hỏi`, `xin cảm ơn`) is dropped, and stopwords
//!   are not searched on their own;
//! - what remains becomes syllables (exact and folded) and bigrams of adjacent syllables.

use crate::analyze::{self, Syllable};

/// An analysed query.
#[derive(Debug, Default, Clone)]
pub struct Query {
    /// Content syllables (stopwords removed), deduplicated.
    pub terms: Vec<Syllable>,
    /// Folded bigrams of adjacent syllables (at least one of them content), deduplicated.
    pub bigrams: Vec<String>,
    /// Document numbers found: key prefixes (`62/2015/` or the full key `62/2015/ND-CP`).
    pub numbers: Vec<NumberRef>,
    /// Title phrases implied by abbreviations (`bộ luật dân sự`) or written as a document's name
    /// (`Luật Tố tụng hành chính 2015`), analysed.
    pub titles: Vec<TitleRef>,
    /// The query is a document's name and nothing else (`Luật Hôn nhân và gia đình 2014`): its
    /// articles are listed in order, as for a number.
    pub only_title: bool,
    /// The whole query as a title, when it starts with a type (`luật dân quân tự vệ`, `Nghị định
    /// quy định chi tiết … 2015`): if a Work has that title, its articles are listed in order.
    pub typed_title: Option<TitleRef>,
    /// Statutory words for the query's everyday words and numbers (searched at a lower weight).
    pub expansion: crate::expand::Expansion,
    /// The question's words in order, without numbers, boilerplate or abbreviations (what its
    /// vector is made of, see [`crate::embed`]).
    pub content: String,
    /// The term the question asks the meaning of, as keys with their share of the whole term
    /// ([`crate::define::asked`]; empty if it asks no meaning).
    pub defines: Vec<(String, f32)>,
    /// Provisions the query cites, in order.
    pub cited: Vec<Cited>,
}

/// A provision a query cites: the article comes first among the hits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    /// eId of the article (`art_357`).
    pub article: String,
    /// The clause cited in it (`2`), if any: its line is the snippet.
    pub clause: Option<String>,
    /// The document the citation names; None when it names none (`BLDS điều 468`: the documents
    /// the query names elsewhere).
    pub document: Option<CitedDocument>,
}

/// The document of a cited provision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CitedDocument {
    Number(NumberRef),
    Title(TitleRef),
}

/// A document number in a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberRef {
    /// Upper-case ASCII key or key prefix (`62/2015/ND-CP`, `62/2015/`).
    pub key_prefix: String,
    /// Document type named beside it (`Nghị định` for `nd`), if any.
    pub doc_type: Option<&'static str>,
}

/// A document named by abbreviation or by its title words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleRef {
    /// Folded title words (`bo luat dan su`).
    pub fold: String,
    pub year: Option<i64>,
}

/// Abbreviations used for codes, laws and issuer codes, with the words they stand for.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("BLDS", "bộ luật dân sự"),
    ("BLHS", "bộ luật hình sự"),
    ("BLTTDS", "bộ luật tố tụng dân sự"),
    ("BLTTHS", "bộ luật tố tụng hình sự"),
    ("BLLD", "bộ luật lao động"),
    ("BLHH", "bộ luật hàng hải"),
    ("LTTHC", "luật tố tụng hành chính"),
    ("THADS", "thi hành án dân sự"),
    ("THAHS", "thi hành án hình sự"),
    ("LTHADS", "luật thi hành án dân sự"),
    ("HNGD", "hôn nhân và gia đình"),
    ("LHNGD", "luật hôn nhân và gia đình"),
    ("LDD", "luật đất đai"),
    ("XLVPHC", "xử lý vi phạm hành chính"),
    ("VPHC", "vi phạm hành chính"),
    ("BHXH", "bảo hiểm xã hội"),
    ("BHYT", "bảo hiểm y tế"),
    ("GPLX", "giấy phép lái xe"),
    ("CCCD", "căn cước công dân"),
    ("UBND", "ủy ban nhân dân"),
    ("HDND", "hội đồng nhân dân"),
    ("TAND", "tòa án nhân dân"),
    ("VKSND", "viện kiểm sát nhân dân"),
    ("QSDD", "quyền sử dụng đất"),
    ("GCNQSDD", "giấy chứng nhận quyền sử dụng đất"),
    ("HDLD", "hợp đồng lao động"),
    ("DN", "doanh nghiệp"),
    ("TNHH", "trách nhiệm hữu hạn"),
    ("CP", "chính phủ"),
];

/// Abbreviations that name a document type (before a number: `nd 62/2015`, `TT 04/2024`).
const TYPE_WORDS: &[(&str, &str)] = &[
    ("nd", "Nghị định"),
    ("nghi dinh", "Nghị định"),
    ("tt", "Thông tư"),
    ("thong tu", "Thông tư"),
    ("ttlt", "Thông tư liên tịch"),
    ("qd", "Quyết định"),
    ("quyet dinh", "Quyết định"),
    ("nq", "Nghị quyết"),
    ("nghi quyet", "Nghị quyết"),
    ("luat", "Luật"),
    ("bo luat", "Luật"),
    ("ct", "Chỉ thị"),
    ("chi thi", "Chỉ thị"),
    ("vbhn", "Văn bản hợp nhất"),
];

/// Phrases that open or close a question and say nothing about its subject (folded).
const BOILERPLATE: &[&str] = &[
    "thua luat su",
    "kinh gui luat su",
    "chao luat su",
    "luat su cho toi hoi",
    "luat su cho em hoi",
    "luat su oi",
    "xin chao",
    "cho toi hoi",
    "cho em hoi",
    "anh chi cho em hoi",
    "anh chi cho toi hoi",
    "anh chi oi",
    "cho minh hoi",
    "xin hoi",
    "toi muon hoi",
    "em muon hoi",
    "xin cam on",
    "cam on luat su",
    "cam on",
    "xin tu van",
    "mong luat su tu van",
    "duoc quy dinh nhu the nao",
    "quy dinh nhu the nao",
    "co dung quy dinh cua phap luat",
    "co dung quy dinh phap luat",
    "dung quy dinh cua phap luat",
    "dung quy dinh phap luat",
    "quy dinh cua phap luat",
    "quy dinh phap luat",
    "nhu the nao",
    "the nao",
    "bao nhieu",
    "hay khong",
    "duoc khong",
    "khong a",
    "theo quy dinh cua phap luat",
    "theo quy dinh phap luat",
    "hien nay",
];

/// Analyse a query.
pub fn parse(input: &str) -> Query {
    parse_with(input, true)
}

/// [`parse`], with the asker's situation restated in the statute's words or not
/// ([`crate::expand::restate`]; `Weights::restate`).
pub fn parse_with(input: &str, restate: bool) -> Query {
    let cleaned = lex::normalize::clean(input);
    let (cited, named, only_title) = cited(&cleaned);
    let mut q = Query { cited, titles: named, only_title, typed_title: typed_title(&cleaned), ..Query::default() };
    let rest = take_numbers(&cleaned, &mut q);
    q.defines = crate::define::asked(&rest);
    let mut syl = analyze::syllables(&rest);
    if !q.defines.is_empty() {
        syl = crate::define::without_asking(syl);
    }
    syl = drop_boilerplate(syl);
    syl = expand_abbreviations(syl, &mut q);
    if restate {
        syl = crate::expand::restate(syl);
    }
    q.expansion = crate::expand::expand(&syl);
    q.content = syl.iter().map(|s| s.exact.as_str()).collect::<Vec<_>>().join(" ");
    let marked = syl.iter().any(Syllable::has_marks);
    let stop = |s: &Syllable| analyze::is_stopword(s, marked);
    for s in &syl {
        if !stop(s) && !q.terms.contains(s) {
            q.terms.push(s.clone());
        }
    }
    for pair in syl.windows(2) {
        if stop(&pair[0]) && stop(&pair[1]) && !analyze::is_kinship(&pair[0], &pair[1], marked) {
            continue;
        }
        let b = analyze::bigram(&pair[0].fold, &pair[1].fold);
        if !q.bigrams.contains(&b) {
            q.bigrams.push(b);
        }
    }
    q
}

/// Legal types a typed title starts with, folded.
const TITLE_TYPES: &[&str] =
    &["luat ", "bo luat ", "phap lenh ", "nghi dinh ", "nghi quyet ", "thong tu ", "quyet dinh ", "chi thi "];

/// The query as a whole title (see [`Query::typed_title`]): folded, a final year apart. None
/// unless it starts with a type and holds no other number.
fn typed_title(text: &str) -> Option<TitleRef> {
    let mut words: Vec<String> = analyze::syllables(text).into_iter().map(|s| s.fold).collect();
    let year = analyze::pop_year(&mut words);
    let fold = words.join(" ");
    let typed = TITLE_TYPES.iter().any(|t| fold.starts_with(t)) && words.len() >= 3;
    (typed && !words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))).then_some(TitleRef { fold, year })
}

/// The provisions a query cites (articles, or clauses of articles; relative units such as
/// `Điều này` cite nothing outside a document); the documents it names without a provision
/// (`Luật Tố tụng hành chính 2015 điều 116`: the name, then the article); whether the query is
/// one such name and nothing else.
fn cited(text: &str) -> (Vec<Cited>, Vec<TitleRef>, bool) {
    use lex::cite::{DocRef, Unit};
    static NAMES: std::sync::OnceLock<lex::cite::find::Names> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| lex::cite::find::Names::builtin().in_any_case());
    let mut out: Vec<Cited> = vec![];
    let mut titles: Vec<TitleRef> = vec![];
    let mut only_title = false;
    for c in lex::cite::find::find_in_query(text, names).into_iter().filter(|c| !c.vague) {
        let document = match &c.document {
            DocRef::External { number: Some(n), .. } => {
                number_prefix(n).map(|key_prefix| CitedDocument::Number(NumberRef { key_prefix, doc_type: None }))
            }
            DocRef::External { name: Some(name), year, .. } => {
                Some(CitedDocument::Title(TitleRef { fold: analyze::fold_phrase(name), year: year.map(i64::from) }))
            }
            _ => None,
        };
        if c.targets.is_empty() {
            if let Some(CitedDocument::Title(t)) = document {
                only_title =
                    c.span.start == 0 && text[c.span.end..].trim_matches(|ch: char| !ch.is_alphanumeric()).is_empty();
                titles.push(t);
            }
            continue;
        }
        for t in &c.targets {
            let step = |unit| t.steps.iter().find(|s| s.unit == unit && !s.is_relative());
            let Some(article) = step(Unit::Article) else { continue };
            let cited = Cited {
                article: format!("art_{}", lex::parse::eid_token(&article.num)),
                clause: step(Unit::Clause).map(|s| s.num.clone()),
                document: document.clone(),
            };
            if !out.contains(&cited) {
                out.push(cited);
            }
        }
    }
    (out, titles, only_title)
}

/// Pull document numbers out of the text (with the type word just before them); return the rest.
/// A number is taken in any of the spellings people type: `62/2015/NĐ-CP`, `62/2015`,
/// `62-2015-nđ-cp` (as in web addresses), and `Nghị định (số) 62 năm 2015` after a type word.
fn take_numbers(text: &str, q: &mut Query) -> String {
    let toks: Vec<&str> = text.split_whitespace().collect();
    let mut words: Vec<&str> = vec![];
    let mut i = 0;
    while i < toks.len() {
        let trimmed = slashed(trim_punctuation(toks[i]));
        // The words before, without `số` (`Luật số 91/2015/QH13`: it says nothing more).
        let before = match words.split_last() {
            Some((last, rest)) if is_so(last) => rest,
            _ => &words[..],
        };
        let named = type_before(before);
        let found = number_prefix(&trimmed).map(|p| (p, 1)).or_else(|| named.and_then(|_| number_and_year(&toks[i..])));
        let Some((prefix, used)) = found else {
            words.push(toks[i]);
            i += 1;
            continue;
        };
        words.truncate(before.len() - named.map_or(0, |(_, n)| n));
        let doc_type = named.map(|(t, _)| t).or_else(|| lex::number::type_from_number(&trimmed));
        q.numbers.push(NumberRef { key_prefix: prefix, doc_type });
        i += used;
    }
    words.join(" ")
}

fn trim_punctuation(tok: &str) -> &str {
    tok.trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')' | '"' | '“' | '”' | '?' | '.'))
}

fn is_so(word: &str) -> bool {
    matches!(analyze::fold_word(&word.to_lowercase()).as_str(), "so" | "so:")
}

/// `62-2015-nđ-cp` → `62/2015/nđ-cp`: a number written with dashes, as in web addresses. Only
/// a number, a four-digit year and a code with letters; anything else is returned as it is.
fn slashed(tok: &str) -> std::borrow::Cow<'_, str> {
    let parts: Vec<&str> = tok.splitn(3, '-').collect();
    let numbered = parts.len() == 3
        && parts[0].chars().next().is_some_and(|c| c.is_ascii_digit())
        && parts[1].len() == 4
        && parts[1].chars().all(|c| c.is_ascii_digit())
        && parts[2].chars().next().is_some_and(char::is_alphabetic);
    if !numbered || tok.contains('/') {
        return tok.into();
    }
    format!("{}/{}/{}", parts[0], parts[1], parts[2]).into()
}

/// `62 năm 2015` (the caller has seen the type word before it: `Nghị định 62 năm 2015`, `NĐ số
/// 62 năm 2015`) → the prefix `62/2015/` and the number of tokens it took. Without the type
/// word, `62 năm 2015` is not a document (`Điều 62 năm 2015`, `62 năm tù`).
fn number_and_year(toks: &[&str]) -> Option<(String, usize)> {
    let num = trim_punctuation(toks.first()?);
    let is_num =
        num.chars().next().is_some_and(|c| c.is_ascii_digit()) && num.chars().all(|c| c.is_ascii_alphanumeric());
    let nam = toks.get(1).is_some_and(|w| analyze::fold_word(&w.to_lowercase()) == "nam");
    let year = trim_punctuation(toks.get(2)?);
    let year_ok = year.len() == 4 && year.chars().all(|c| c.is_ascii_digit());
    (is_num && nam && year_ok).then(|| (format!("{}/{}/", num.to_uppercase(), year), 3))
}

/// The document type named by the last one or two words (and how many words name it).
fn type_before(words: &[&str]) -> Option<(&'static str, usize)> {
    let fold = |w: &str| analyze::fold_word(&w.to_lowercase());
    let last = words.last().map(|w| fold(w))?;
    let two = words.len().checked_sub(2).map(|i| format!("{} {}", fold(words[i]), last));
    let two_words = TYPE_WORDS.iter().find(|(word, _)| two.as_deref() == Some(*word)).map(|(_, ty)| (*ty, 2));
    two_words.or_else(|| TYPE_WORDS.iter().find(|(word, _)| last == *word).map(|(_, ty)| (*ty, 1)))
}

/// A number-like token → key prefix: `62/2015` → `62/2015/`, `62/2015/nđ-cp` → `62/2015/ND-CP`.
/// Needs a number and a four-digit year (`số 5` alone is not a document number).
fn number_prefix(tok: &str) -> Option<String> {
    let parts: Vec<&str> = tok.split('/').collect();
    if parts.len() < 2 || parts.len() > 4 {
        return None;
    }
    let first_ok = parts[0].chars().next().is_some_and(|c| c.is_ascii_digit())
        && parts[0].chars().all(|c| c.is_ascii_alphanumeric() || c == '.');
    let year_ok = parts[1].len() == 4 && parts[1].chars().all(|c| c.is_ascii_digit());
    if !first_ok || !year_ok {
        return None;
    }
    if parts.len() == 2 {
        return Some(format!("{}/{}/", parts[0].to_uppercase(), parts[1]));
    }
    Some(lex::number::key(tok))
}

/// Drop boilerplate phrases (matched on folded syllables), unless nothing would be left: a
/// query that is only boilerplate (`quy định pháp luật`) is searched as typed.
pub(crate) fn drop_boilerplate(syl: Vec<Syllable>) -> Vec<Syllable> {
    let kept = drop_phrases(syl.clone(), &[BOILERPLATE]);
    if kept.is_empty() { syl } else { kept }
}

/// Drop every occurrence of the phrases (folded syllables separated by spaces), earlier lists
/// first where two start at the same syllable.
pub(crate) fn drop_phrases(syl: Vec<Syllable>, lists: &[&[&str]]) -> Vec<Syllable> {
    let phrases: Vec<Vec<&str>> = lists.iter().flat_map(|l| l.iter()).map(|p| p.split(' ').collect()).collect();
    analyze::rewrite_phrases(syl, &phrases, |_, _| vec![])
}

/// Replace abbreviations by the syllables they stand for; note title references (with a year
/// when one follows: `BLDS 2015`).
fn expand_abbreviations(syl: Vec<Syllable>, q: &mut Query) -> Vec<Syllable> {
    let mut out = Vec::with_capacity(syl.len());
    let mut i = 0;
    while i < syl.len() {
        let upper = syl[i].fold.to_uppercase();
        if let Some((_, words)) = ABBREVIATIONS.iter().find(|(a, _)| *a == upper) {
            let expanded = analyze::syllables(words);
            let year = syl
                .get(i + 1)
                .filter(|s| s.fold.len() == 4 && s.fold.chars().all(|c| c.is_ascii_digit()))
                .and_then(|s| s.fold.parse::<i64>().ok());
            if words.starts_with("bộ luật") || words.starts_with("luật") || upper == "THADS" || upper == "HNGD" {
                let fold: Vec<&str> = expanded.iter().map(|s| s.fold.as_str()).collect();
                let title = TitleRef { fold: fold.join(" "), year };
                // The citation finder may have named it already (`BLDS 2015` is a document to it).
                if !q.titles.contains(&title) {
                    q.titles.push(title);
                }
            }
            out.extend(expanded);
            i += if year.is_some() { 2 } else { 1 };
            continue;
        }
        out.push(syl[i].clone());
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folds(q: &Query) -> Vec<&str> {
        q.terms.iter().map(|t| t.fold.as_str()).collect()
    }

    #[test]
    fn numbers_in_any_spelling() {
        let q = parse("nd 62/2015");
        assert_eq!(q.numbers, [NumberRef { key_prefix: "62/2015/".into(), doc_type: Some("Nghị định") }]);
        assert!(q.terms.is_empty(), "{:?}", q.terms);
        let q = parse("Điều 5 Nghị định 62/2015/NĐ-CP về thi hành án");
        assert_eq!(q.numbers[0].key_prefix, "62/2015/ND-CP");
        assert_eq!(q.numbers[0].doc_type, Some("Nghị định"));
        assert!(!folds(&q).contains(&"nghi"));
        let q = parse("luật 91/2015/QH13");
        assert_eq!(q.numbers[0].key_prefix, "91/2015/QH13");
        let q = parse("Nghị định số 62/2015");
        assert_eq!(q.numbers[0].doc_type, Some("Nghị định"));
        assert!(q.terms.is_empty(), "{:?}", q.terms);
        assert_eq!(parse("khoản 5/2 là gì").numbers, []);
        // As in web addresses, and in words.
        let q = parse("62-2015-nđ-cp");
        assert_eq!(q.numbers[0], NumberRef { key_prefix: "62/2015/ND-CP".into(), doc_type: Some("Nghị định") });
        assert!(q.terms.is_empty(), "{:?}", q.terms);
        for typed in ["nghị định 62 năm 2015", "Nghị định số 62 năm 2015 về thi hành án", "nd 62 nam 2015"]
        {
            let q = parse(typed);
            assert_eq!(
                q.numbers,
                [NumberRef { key_prefix: "62/2015/".into(), doc_type: Some("Nghị định") }],
                "{typed}"
            );
            assert!(!folds(&q).contains(&"nam") && !folds(&q).contains(&"62"), "{typed}: {:?}", q.terms);
        }
        // Without a type word, a number and a year are not a document.
        assert_eq!(parse("Điều 62 năm 2015").numbers, []);
        assert_eq!(parse("từ 2015-2020").numbers, []);
    }

    #[test]
    fn boilerplate_and_stopwords_are_not_searched() {
        let q = parse("Thưa luật sư, cho tôi hỏi thời hạn tự nguyện thi hành án là bao lâu ạ?");
        assert_eq!(folds(&q), ["thoi", "han", "tu", "nguyen", "thi", "hanh", "an", "lau"]);
        assert!(q.bigrams.contains(&"tu_nguyen".to_string()));
        assert!(!q.bigrams.iter().any(|b| b.contains("luat_su")));
        // `được quy định như thế nào` asks about the subject, not about "quy định".
        let q = parse("Thời hiệu khởi kiện được quy định như thế nào?");
        assert_eq!(folds(&q), ["thoi", "hieu", "khoi", "kien"]);
        let q = parse("Công ty trả lương chậm có đúng quy định của pháp luật không?");
        assert!(!folds(&q).contains(&"quy") && !folds(&q).contains(&"phap"), "{:?}", folds(&q));
        // A query of boilerplate alone is searched as typed rather than not at all.
        assert_eq!(folds(&parse("quy định pháp luật")), ["quy", "dinh", "phap", "luat"]);
    }

    #[test]
    fn abbreviations_expand_to_titles() {
        let q = parse("BLDS 2015 thời hiệu");
        assert_eq!(q.titles, [TitleRef { fold: "bo luat dan su".into(), year: Some(2015) }]);
        assert!(folds(&q).contains(&"dan"));
        assert!(!folds(&q).contains(&"2015"));
        let q = parse("thads");
        assert_eq!(q.titles[0].fold, "thi hanh an dan su");
    }

    #[test]
    fn asking_for_a_meaning_searches_the_term_not_the_asking_words() {
        let q = parse("Khái niệm gia đình");
        assert_eq!(folds(&q), ["gia", "dinh"]);
        assert_eq!(q.defines[0].0, "gia_dinh");
        let q = parse("Tài sản chung được hiểu như thế nào?");
        assert_eq!(folds(&q), ["tai", "san", "chung"]);
        assert_eq!(folds(&parse("Thế nào là tảo hôn?")), ["tao", "hon"]);
    }

    #[test]
    fn kinship_words_made_of_pronouns_are_searched() {
        let q = parse("Nghĩa vụ và quyền của anh chị em trong gia đình?");
        assert!(q.bigrams.contains(&"anh_chi".to_string()) && q.bigrams.contains(&"chi_em".to_string()));
        assert!(parse("ong ba noi").bigrams.contains(&"ong_ba".to_string()));
        // The pronouns alone, or addressing the lawyer, are not.
        let q = parse("Anh chị cho em hỏi thời hạn kháng cáo");
        assert!(!q.bigrams.iter().any(|b| b.starts_with("anh") || b.starts_with("chi")), "{:?}", q.bigrams);
        assert!(!folds(&q).contains(&"anh"));
    }

    #[test]
    fn cited_provisions_with_their_documents() {
        let civil = Some(CitedDocument::Title(TitleRef { fold: "bo luat dan su".into(), year: None }));
        let q = parse("Điều 357 BLDS");
        assert_eq!(q.cited, [Cited { article: "art_357".into(), clause: None, document: civil.clone() }]);
        let q = parse("khoan 2 dieu 468 bo luat dan su lai suat");
        assert_eq!(q.cited, [Cited { article: "art_468".into(), clause: Some("2".into()), document: civil }]);
        let q = parse("Điều 5 Nghị định 62/2015/NĐ-CP về thi hành án");
        let number = NumberRef { key_prefix: "62/2015/ND-CP".into(), doc_type: None };
        assert_eq!(q.cited[0].document, Some(CitedDocument::Number(number)));
        // No document with the citation (or a number the citation finder does not take, in lower
        // case): the documents the query names elsewhere decide (in `find`).
        assert_eq!(parse("BLDS điều 468").cited[0].document, None);
        assert_eq!(parse("điều 5 nđ 62/2015/nđ-cp").cited[0].document, None);
        assert!(parse("thời hạn kháng cáo").cited.is_empty());
    }

    #[test]
    fn a_query_starting_with_a_type_is_a_typed_title() {
        let t = |q: &str| typed_title(q).map(|t| (t.fold, t.year));
        assert_eq!(t("Luật Dân quân tự vệ"), Some(("luat dan quan tu ve".to_string(), None)));
        assert_eq!(t("luat dan quan tu ve nam 2019"), Some(("luat dan quan tu ve".to_string(), Some(2019))));
        assert_eq!(t("dân quân tự vệ"), None, "no type");
        assert_eq!(t("luật 91/2015"), None, "a number");
        assert_eq!(t("luật đất"), None, "too short to be a title");
    }

    #[test]
    fn diacritic_free_queries_keep_their_words() {
        let q = parse("thoi han tu nguyen thi hanh an");
        assert_eq!(folds(&q), ["thoi", "han", "tu", "nguyen", "thi", "hanh", "an"]);
        assert!(q.terms.iter().all(|t| !t.has_marks()));
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any input parses (no panic), and every term is a non-empty syllable.
        #[test]
        fn parse_never_panics(s in "\\PC{0,200}") {
            let q = parse(&s);
            prop_assert!(q.terms.iter().all(|t| !t.fold.is_empty()));
        }

        #[test]
        fn numbers_and_letters_mix(a in 0u32..2000, y in 1945u32..2100, t in "[a-zA-ZđĐ\\- /]{0,12}") {
            let _ = parse(&format!("{t} {a}/{y}/{t} điều {a}"));
        }
    }
}
