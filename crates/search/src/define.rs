//! Definitions: the terms an article defines, and the term a question asks the meaning of.
//!
//! Vietnamese statutes define their terms in one shape: `Hôn nhân là quan hệ giữa vợ và chồng …`,
//! `1. Gia đình là tập hợp những người …` (in a `Giải thích từ ngữ` article), or an article that
//! opens with its own subject (`Hợp đồng vay tài sản là sự thỏa thuận giữa các bên …`). Citizens
//! ask for them in a few shapes too: `X là gì?`, `Khái niệm X`, `Thế nào là X?`,
//! `X được hiểu như thế nào?`. The index keeps each article's defined terms as whole keys
//! (`hop_dong_vay_tai_san`), so a question asking what X means finds the article that says what X
//! is ([`crate::find`] gives that term a weight of its own, `Weights::defines`).
//!
//! Measured (`docs/benchmarks.md`): the first line's term used as a stand-in heading for articles
//! without one (a corpus that dropped headings) lowered natural questions, so only the lookup of an
//! asked term is kept.

use crate::analyze::{self, Syllable};

/// Longest defined term, in syllables (`Giấy chứng nhận quyền sử dụng đất` is 7).
const MAX_TERM: usize = 8;

/// First syllables (folded) that open a condition or a list, not a term: `Trường hợp … là`,
/// `Những người sau đây là`, `Khi … là`.
const NOT_OPENING: &[&str] = &[
    "truong", "neu", "khi", "trong", "doi", "theo", "tai", "do", "vi", "ngoai", "sau", "truoc", "moi", "cac", "nhung",
    "viec", "dieu", "khoan", "diem", "chuong", "muc", "phan",
];

/// Last syllables (folded) that make `… là` a predicate, not a definition: `… không phải là`,
/// `… được là`, `… cũng là`, `… này là`.
const NOT_CLOSING: &[&str] = &[
    "khong", "phai", "duoc", "se", "deu", "cung", "chi", "thi", "day", "nay", "do", "ma", "van", "da", "con", "chinh",
    "hoac", "va", "cua", "co", "la",
];

/// The key of a term as indexed: folded syllables joined by `_` (`hop_dong_vay`).
pub fn key(syllables: &[Syllable]) -> String {
    syllables.iter().map(|s| s.fold.as_str()).collect::<Vec<_>>().join("_")
}

/// The term one line defines, if it has the shape `X là …` or `X được hiểu là …` (after its
/// clause number or point letter): X starts the line with a capital, is at most [`MAX_TERM`]
/// syllables without punctuation or digits, and neither opens a condition nor closes a predicate.
fn term_of_line(line: &str) -> Option<Vec<Syllable>> {
    let text = strip_numbering(line.trim());
    if !text.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().take(MAX_TERM + 3).collect();
    let is = words.iter().position(|w| w.to_lowercase() == "là")?;
    let mut term = &words[..is];
    if term.len() >= 2 && term[term.len() - 2..].iter().map(|w| w.to_lowercase()).eq(["được", "hiểu"]) {
        term = &term[..term.len() - 2];
    }
    if term.is_empty() || term.len() > MAX_TERM || term.iter().any(|w| !w.chars().all(char::is_alphabetic)) {
        return None;
    }
    let syllables = analyze::syllables(&term.join(" "));
    let first = syllables.first()?;
    let last = syllables.last()?;
    if syllables.len() != term.len()
        || NOT_OPENING.contains(&first.fold.as_str())
        || NOT_CLOSING.contains(&last.fold.as_str())
    {
        return None;
    }
    Some(syllables)
}

/// A line without its clause number (`2.`, `2a.`) or point letter (`a)`, `đ)`).
fn strip_numbering(line: &str) -> &str {
    let Some((head, rest)) = line.split_once(char::is_whitespace) else { return line };
    let numbered = head.strip_suffix('.').is_some_and(|n| {
        n.chars().next().is_some_and(|c| c.is_ascii_digit()) && n.chars().all(|c| c.is_ascii_alphanumeric())
    });
    let lettered = head.strip_suffix(')').is_some_and(|p| p.chars().count() <= 2 && p.chars().all(char::is_alphabetic));
    if numbered || lettered { rest.trim_start() } else { line }
}

/// The keys of the terms an article's lines define (its own text first, then clauses and points),
/// in order, once each.
pub fn defined_keys(lines: &[String]) -> Vec<String> {
    let mut keys: Vec<String> = vec![];
    for k in lines.iter().filter_map(|l| term_of_line(l)).map(|t| key(&t)) {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys
}

/// Question endings (folded syllables) that ask what the words before them mean.
const ASKS_AFTER: &[&str] = &[
    "co nghia la gi",
    "nghia la gi",
    "duoc hieu la gi",
    "duoc hieu nhu the nao",
    "duoc hieu the nao",
    "duoc hieu ra sao",
    "duoc dinh nghia nhu the nao",
    "duoc dinh nghia the nao",
    "la cai gi",
    "la gi",
];

/// Question openings (folded syllables) that ask what the words after them mean.
const ASKS_BEFORE: &[&str] = &[
    "khai niem ve",
    "khai niem",
    "dinh nghia ve",
    "dinh nghia",
    "the nao duoc goi la",
    "the nao duoc coi la",
    "the nao la",
    "hieu the nao ve",
    "hieu nhu the nao ve",
];

/// The question without the words that ask for a meaning (`khái niệm`, `là gì`, `được hiểu như
/// thế nào`): they say what kind of answer is wanted, not what it is about, and searched as words
/// they find every article that mentions `khái niệm` (statistics indicators) first.
pub fn without_asking(syllables: Vec<Syllable>) -> Vec<Syllable> {
    crate::query::drop_phrases(syllables, &[ASKS_AFTER, ASKS_BEFORE])
}

/// Words that end the asked term (`Khái niệm gia đình theo Luật …` → `gia đình`).
const ENDS_TERM: &[&str] = &["theo", "trong", "tai", "duoc", "co", "la"];

/// A term a question asks the meaning of, as keys to look up: the whole term first, then its
/// shorter endings down to two syllables, each with its share of the whole (`hợp đồng hợp tác`:
/// `hop_dong_hop_tac` 1.0, `dong_hop_tac` 0.75, `hop_tac` 0.5). Empty if the question does not
/// ask for a meaning.
pub fn asked(question: &str) -> Vec<(String, f32)> {
    for part in question.split(['.', ',', ';', ':', '?', '!', '\n']) {
        let term = asked_in(&analyze::syllables(part));
        if !term.is_empty() {
            return suffix_keys(&term);
        }
    }
    vec![]
}

/// Stopwords that may sit inside a term (`chế độ hôn nhân và gia đình`, `quyền về lối đi qua`).
const INSIDE_TERM: &[&str] = &["cua", "va", "voi", "ve"];

/// The asked term of one clause of a question (empty if none).
fn asked_in(syllables: &[Syllable]) -> Vec<Syllable> {
    let folds: Vec<&str> = syllables.iter().map(|s| s.fold.as_str()).collect();
    let ending = ASKS_AFTER.iter().find_map(|e| find(&folds, e));
    let end = ending.unwrap_or(syllables.len());
    let mut term = &syllables[..end];
    let opening = ASKS_BEFORE.iter().find_map(|o| find(&folds[..end], o).map(|i| i + o.split(' ').count()));
    if let Some(after) = opening {
        term = &term[after..];
        let to = term.iter().position(|s| ENDS_TERM.contains(&s.fold.as_str())).unwrap_or(term.len());
        term = &term[..to];
    }
    if ending.is_none() && opening.is_none() {
        return vec![];
    }
    let term = crate::query::drop_boilerplate(term.to_vec());
    if opening.is_some() {
        return term;
    }
    // `Vợ chồng tôi muốn biết tài sản chung là gì`: the term starts after the last stopword.
    let marked = term.iter().any(Syllable::has_marks);
    let from = term
        .iter()
        .rposition(|s| analyze::is_stopword(s, marked) && !INSIDE_TERM.contains(&s.fold.as_str()))
        .map_or(0, |i| i + 1);
    term[from..].to_vec()
}

/// Where the folded phrase `needle` first occurs in `hay`.
fn find(hay: &[&str], needle: &str) -> Option<usize> {
    let needle: Vec<&str> = needle.split(' ').collect();
    hay.windows(needle.len()).position(|w| w == needle.as_slice())
}

/// The term's keys: whole, then its endings of at least two syllables, each with its share.
fn suffix_keys(term: &[Syllable]) -> Vec<(String, f32)> {
    let term = &term[term.len().saturating_sub(MAX_TERM)..];
    let n = term.len();
    let shortest = n.min(2);
    (0..=n - shortest).map(|i| (key(&term[i..]), (n - i) as f32 / n as f32)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn terms_defined_in_an_interpretation_article() {
        let keys = defined_keys(&lines(
            "Trong Luật này, các từ ngữ dưới đây được hiểu như sau:\n\
             1. Hôn nhân là quan hệ giữa vợ và chồng sau khi đã kết hôn.\n\
             2. Gia đình là tập hợp những người gắn bó với nhau do hôn nhân.\n\
             3. Chế độ hôn nhân và gia đình là toàn bộ những quy định của pháp luật.\n\
             4. Tảo hôn được hiểu là việc lấy vợ, lấy chồng khi chưa đủ tuổi.\n\
             5. Hôn nhân là quan hệ giữa vợ và chồng.",
        ));
        assert_eq!(
            keys,
            ["hon_nhan", "gia_dinh", "che_do_hon_nhan_va_gia_dinh", "tao_hon"],
            "the lead-in defines nothing"
        );
    }

    #[test]
    fn an_article_that_opens_with_its_subject() {
        let keys = defined_keys(&lines(
            "Hợp đồng vay tài sản là sự thỏa thuận giữa các bên, theo đó bên cho vay giao tài sản cho bên vay.",
        ));
        assert_eq!(keys, ["hop_dong_vay_tai_san"]);
    }

    #[test]
    fn predicates_and_conditions_are_not_definitions() {
        for line in [
            "Tổ chức không phải là tổ chức tín dụng thì không được hoạt động ngân hàng.",
            "Những người sau đây không được là thành viên Hội đồng quản trị:",
            "Trường hợp bên vay là cá nhân chết thì người thừa kế phải trả nợ.",
            "Cá nhân, pháp nhân là chủ thể của quan hệ dân sự.",
            "a) chồng là người không có năng lực hành vi dân sự;",
            "Người đại diện theo pháp luật của doanh nghiệp tư nhân trong mọi trường hợp là chủ doanh nghiệp.",
        ] {
            assert_eq!(term_of_line(line), None, "{line}");
        }
        assert!(term_of_line("b) Bên thứ ba là chủ thể không tham gia giao dịch.").is_some());
        // A period stated is what a question `Thời hạn kháng cáo là gì?` looks for.
        let term = term_of_line("1. Thời hạn kháng cáo là 15 ngày.").map(|t| key(&t));
        assert_eq!(term.as_deref(), Some("thoi_han_khang_cao"));
    }

    #[test]
    fn questions_that_ask_for_a_meaning() {
        let keys = |q: &str| asked(q).into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(keys("Khái niệm gia đình"), ["gia_dinh"]);
        assert_eq!(
            keys("Theo quy định của pháp luật, hợp đồng hợp tác là gì?"),
            ["hop_dong_hop_tac", "dong_hop_tac", "hop_tac"]
        );
        assert_eq!(keys("Thế nào là tảo hôn theo Luật Hôn nhân và gia đình?"), ["tao_hon"]);
        assert_eq!(keys("cho toi hoi tai san chung la gi"), ["tai_san_chung", "san_chung"]);
        assert_eq!(keys("Quyền sử dụng đất được hiểu như thế nào?"), ["quyen_su_dung_dat", "su_dung_dat", "dung_dat"]);
        assert!(asked("Vợ chồng ly hôn thì chia tài sản thế nào?").is_empty());
        assert!(asked("là gì").is_empty());
        let shares: Vec<f32> = asked("hợp đồng hợp tác là gì").into_iter().map(|(_, s)| s).collect();
        assert_eq!(shares, [1.0, 0.75, 0.5]);
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text: no panic, and every key is non-empty.
        #[test]
        fn never_panics(s in "\\PC{0,200}") {
            prop_assert!(asked(&s).iter().all(|(k, _)| !k.is_empty()));
            let keys = defined_keys(&s.lines().map(str::to_string).collect::<Vec<_>>());
            prop_assert!(keys.iter().all(|k| !k.is_empty()));
        }
    }
}
