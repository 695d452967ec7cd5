//! Find every citation in a text (DOMAIN §3): provisions small unit to large with lists
//! (`các điểm a, b và c khoản 1`), ranges (`từ Điều 10 đến Điều 15`) and relative units
//! (`khoản 1 Điều này`), then an optional document — `Thông tư này`, a number
//! (`Nghị định số 62/2015/NĐ-CP`), a name (`Bộ luật Dân sự năm 2015`, a known title or a short name
//! the text defines), an abbreviation (`BLDS 2015`, `Luật HNGĐ`) — and its amendment chain
//! (`… được sửa đổi, bổ sung bởi Luật số 54/2014/QH13`).
//!
//! Word-based and linear; never panics (proptested). Headings (`Điều 5. Phạm vi`) are structure, not
//! citations.

use super::{Citation, DocRef, Malformed, RELATIVE, Step, Target, Unit};
use crate::normalize;
use crate::number;
use crate::parse::line::POINT_LETTERS;
use std::collections::HashMap;
use std::ops::Range;

/// Document names the finder recognises (longest match wins), with the number a name stands for when
/// the text defined it as a short name.
#[derive(Clone, Debug, Default)]
pub struct Names {
    entries: Vec<NameEntry>,
    by_start: HashMap<String, Vec<usize>>,
    /// Names are recognised in any case (a search query), not only capitalised (a legal text).
    any_case: bool,
}

#[derive(Clone, Debug)]
struct NameEntry {
    words: Vec<String>,
    name: String,
    number: Option<String>,
}

/// Abbreviations used in judgments for the codes (`BLDS 2015`), and after `Luật` (`Luật HNGĐ`).
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("BLDS", "Bộ luật Dân sự"),
    ("BLTTDS", "Bộ luật Tố tụng dân sự"),
    ("BLHS", "Bộ luật Hình sự"),
    ("BLTTHS", "Bộ luật Tố tụng hình sự"),
    ("BLLĐ", "Bộ luật Lao động"),
    ("BLLD", "Bộ luật Lao động"),
    ("BLHH", "Bộ luật Hàng hải"),
];

/// Abbreviations written after the word `Luật`.
const LAW_ABBREVIATIONS: &[(&str, &str)] = &[
    ("HNGĐ", "Luật Hôn nhân và gia đình"),
    ("HN&GĐ", "Luật Hôn nhân và gia đình"),
    ("THADS", "Luật Thi hành án dân sự"),
    ("TTHC", "Luật Tố tụng hành chính"),
    ("KDBĐS", "Luật Kinh doanh bất động sản"),
    ("BHXH", "Luật Bảo hiểm xã hội"),
    ("XLVPHC", "Luật Xử lý vi phạm hành chính"),
    ("TCTD", "Luật Các tổ chức tín dụng"),
];

/// Short names of codes and laws as people say them, with the names they stand for (queries only:
/// see [`Names::in_any_case`]).
const SPOKEN_NAMES: &[(&str, &str)] = &[
    ("Luật Hôn nhân gia đình", "Luật Hôn nhân và gia đình"),
    ("Luật Hôn nhân", "Luật Hôn nhân và gia đình"),
    ("Luật Dân sự", "Bộ luật Dân sự"),
    ("Luật Hình sự", "Bộ luật Hình sự"),
    ("Luật Lao động", "Bộ luật Lao động"),
    ("Luật Tố tụng dân sự", "Bộ luật Tố tụng dân sự"),
    ("Luật Tố tụng hình sự", "Bộ luật Tố tụng hình sự"),
    ("Luật Thi hành án", "Luật Thi hành án dân sự"),
];

/// Names of codes and laws commonly cited by name alone.
const COMMON_NAMES: &[&str] = &[
    "Bộ luật Dân sự",
    "Bộ luật Tố tụng dân sự",
    "Bộ luật Hình sự",
    "Bộ luật Tố tụng hình sự",
    "Bộ luật Lao động",
    "Bộ luật Hàng hải Việt Nam",
    "Luật Hôn nhân và gia đình",
    "Luật Đất đai",
    "Luật Thi hành án dân sự",
    "Luật Tố tụng hành chính",
    "Luật Khiếu nại, tố cáo",
    "Luật Khiếu nại",
    "Luật Tố cáo",
    "Luật Nhà ở",
    "Luật Doanh nghiệp",
    "Luật Đầu tư",
    "Luật Xây dựng",
    "Luật Kinh doanh bất động sản",
    "Luật Các tổ chức tín dụng",
    "Luật Ban hành văn bản quy phạm pháp luật",
    "Luật Hộ tịch",
    "Luật Hòa giải ở cơ sở",
    "Luật Thương mại",
    "Luật Bảo hiểm xã hội",
    "Luật Xử lý vi phạm hành chính",
    "Luật Trợ giúp pháp lý",
    "Luật Công chứng",
    "Luật Luật sư",
    "Luật Giám định tư pháp",
    "Luật Lý lịch tư pháp",
    "Luật Quốc tịch Việt Nam",
    "Luật Phá sản",
    "Luật Các tổ chức tín dụng",
    "Luật Tổ chức Tòa án nhân dân",
    "Luật Tổ chức Viện kiểm sát nhân dân",
    "Luật Bảo vệ quyền lợi người tiêu dùng",
    "Luật Giao dịch điện tử",
    "Luật Bảo vệ môi trường",
    "Luật Sở hữu trí tuệ",
    "Luật Kinh doanh bảo hiểm",
    "Luật Nuôi con nuôi",
    "Luật Cư trú",
    "Luật Căn cước",
    "Pháp lệnh Án phí, lệ phí Tòa án",
];

impl Names {
    /// The codes and laws commonly cited by name, and the abbreviations' full names.
    pub fn builtin() -> Names {
        let mut n = Names::default();
        for name in COMMON_NAMES {
            n.add(name, None);
        }
        n
    }

    /// The same names, recognised in any case: people type `bộ luật dân sự` in a search box.
    /// The short names people use in speech (`luật hôn nhân gia đình`, `luật dân sự`) are
    /// recognised too, as the names they stand for. Not in a legal text: there a short name is
    /// a drafting error for the review to report, not to mend.
    pub fn in_any_case(mut self) -> Names {
        self.any_case = true;
        for (spoken, name) in SPOKEN_NAMES {
            self.add_as(spoken, name, None);
        }
        self
    }

    /// Add a name (a title from the library, or a short name the text defines for `number`).
    pub fn add(&mut self, name: &str, number: Option<&str>) {
        self.add_as(name, name, number);
    }

    /// Add the words of `written`, standing for `name`.
    fn add_as(&mut self, written: &str, name: &str, number: Option<&str>) {
        let words: Vec<String> = normalize::fold_key(written)
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&').to_string())
            .filter(|w| !w.is_empty())
            .collect();
        if words.len() < 2 || words.len() > 40 {
            return;
        }
        let key = format!("{} {}", words[0], words[1]);
        self.by_start.entry(key).or_default().push(self.entries.len());
        self.entries.push(NameEntry { words, name: name.trim().to_string(), number: number.map(number::canonical) });
    }

    /// Longest name starting at token `i`: (name, number it stands for, tokens used).
    fn longest(&self, toks: &[Tok], i: usize) -> Option<(String, Option<String>, usize)> {
        let (a, b) = (toks.get(i)?, toks.get(i + 1)?);
        let cands = self.by_start.get(&format!("{} {}", a.fold, b.fold))?;
        let mut best: Option<(String, Option<String>, usize)> = None;
        for &c in cands {
            let e = &self.entries[c];
            if best.as_ref().is_some_and(|b| b.2 >= e.words.len()) {
                continue;
            }
            let ok = e.words.iter().enumerate().all(|(k, w)| {
                toks.get(i + k).is_some_and(|t| {
                    t.fold == *w && (k + 1 == e.words.len() || !t.stops() || t.trail.chars().all(|c| c == ','))
                })
            });
            if ok {
                best = Some((e.name.clone(), e.number.clone(), e.words.len()));
            }
        }
        best
    }
}

/// A word of the text: its core (opening brackets/quotes and closing punctuation stripped).
#[derive(Debug)]
struct Tok {
    core: Range<usize>,
    raw: String,
    fold: String,
    trail: String,
}

impl Tok {
    /// Ends with punctuation that ends a citation (`;` `.` `:` `)` closing quote …).
    fn stops(&self) -> bool {
        self.trail.chars().any(|c| matches!(c, ';' | '.' | ':' | ')' | '”' | '"' | '!' | '?' | ']' | '’'))
    }
    fn comma(&self) -> bool {
        self.trail.contains(',')
    }
    fn upper(&self) -> bool {
        self.raw.chars().next().is_some_and(|c| c.is_uppercase())
    }
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = vec![];
    let mut start: Option<usize> = None;
    let push = |out: &mut Vec<Tok>, s: usize, e: usize| {
        let chunk = &text[s..e];
        let lead_len: usize = chunk
            .char_indices()
            .find(|(_, c)| !matches!(c, '(' | '“' | '"' | '‘' | '\'' | '[' | '«'))
            .map(|(k, _)| k)
            .unwrap_or(chunk.len());
        let body = &chunk[lead_len..];
        let core_len = body
            .char_indices()
            .rev()
            .find(|(_, c)| !matches!(c, ',' | ';' | '.' | ':' | ')' | '”' | '"' | '’' | '\'' | ']' | '!' | '?' | '»'))
            .map(|(k, c)| k + c.len_utf8())
            .unwrap_or(0);
        let core = s + lead_len..s + lead_len + core_len;
        let raw = text[core.clone()].to_string();
        out.push(Tok { fold: normalize::fold_key(&raw), raw, trail: body[core_len..].to_string(), core });
    };
    for (k, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                push(&mut out, s, k);
            }
        } else if start.is_none() {
            start = Some(k);
        }
    }
    if let Some(s) = start {
        push(&mut out, s, text.len());
    }
    out
}

fn unit_at(toks: &[Tok], i: usize) -> Option<(Unit, usize)> {
    let t = toks.get(i)?;
    let u = match t.fold.as_str() {
        "diem" => Unit::Point,
        "khoan" => Unit::Clause,
        "dieu" => Unit::Article,
        "muc" => Unit::Section,
        "chuong" => Unit::Chapter,
        "phan" => Unit::Part,
        "tieu" if !t.stops() && toks.get(i + 1).is_some_and(|n| n.fold == "muc") => return Some((Unit::Subsection, 2)),
        _ => return None,
    };
    Some((u, 1))
}

/// Whether `raw` is a number of `unit`: Some(true) valid, Some(false) a letter not used for points.
fn num_of(unit: Unit, raw: &str) -> Option<bool> {
    if raw.is_empty() || raw.chars().count() > 6 {
        return None;
    }
    match unit {
        Unit::Point => {
            let mut c = raw.chars();
            let first = c.next()?;
            let rest_digits = c.clone().all(|d| d.is_ascii_digit()) && raw.chars().count() <= 3;
            if !rest_digits || !first.is_lowercase() {
                return None;
            }
            if POINT_LETTERS.contains(&first) {
                Some(true)
            } else if matches!(first, 'f' | 'j' | 'w' | 'z') {
                Some(false)
            } else {
                None
            }
        }
        Unit::Clause | Unit::Article => (raw.chars().next()?.is_ascii_digit()
            && raw.chars().all(|c| c.is_ascii_alphanumeric() || c == 'đ')
            && raw.chars().filter(|c| c.is_ascii_digit()).count() <= 4)
            .then_some(true),
        Unit::Chapter | Unit::Section | Unit::Subsection | Unit::Part => {
            (crate::parse::line::roman_or_arabic(&raw.to_uppercase()).is_some()
                || raw.chars().all(|c| c.is_ascii_digit()))
            .then_some(true)
        }
    }
}

fn year_of(t: &Tok) -> Option<i32> {
    if t.raw.len() != 4 {
        return None;
    }
    t.raw.parse::<i32>().ok().filter(|y| (1945..=2100).contains(y))
}

/// A số hiệu strong enough to be a citation on its own: `62/2015/NĐ-CP`, `749/QĐ-TTg`.
fn is_number(raw: &str) -> bool {
    if !raw.contains('/') || !raw.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    let code = raw.rsplit('/').next().unwrap_or("");
    let capitals = code.chars().filter(|c| c.is_uppercase()).count();
    capitals >= 2 && number::looks_like_number(raw) && !is_court_number(code)
}

/// Numbers of judgments and court decisions (`30/2012/DS-ST`, `06/2017/DS-GĐT`, `73/2016/KN-DS`):
/// not legal documents.
fn is_court_number(code: &str) -> bool {
    let k = normalize::fold_key(code).to_uppercase();
    k.split('-').any(|p| matches!(p, "ST" | "PT" | "GDT" | "TT" | "KN" | "QDST" | "QDPT"))
        || k.starts_with("DS")
        || k.starts_with("HNGD")
        || k.starts_with("KDTM")
        || k.starts_with("HC-")
}

/// Doc types, longest first, folded: (words, display, may be followed by a name).
const DOC_TYPES: &[(&[&str], &str, bool)] = &[
    (&["thong", "tu", "lien", "tich"], "Thông tư liên tịch", false),
    (&["nghi", "quyet", "lien", "tich"], "Nghị quyết liên tịch", false),
    (&["van", "ban", "hop", "nhat"], "Văn bản hợp nhất", false),
    (&["hien", "phap"], "Hiến pháp", true),
    (&["bo", "luat"], "Bộ luật", true),
    (&["phap", "lenh"], "Pháp lệnh", true),
    (&["nghi", "dinh"], "Nghị định", false),
    (&["nghi", "quyet"], "Nghị quyết", false),
    (&["thong", "tu"], "Thông tư", false),
    (&["quyet", "dinh"], "Quyết định", false),
    (&["chi", "thi"], "Chỉ thị", false),
    (&["luat"], "Luật", true),
    (&["lenh"], "Lệnh", false),
];

fn doc_type_at(toks: &[Tok], i: usize) -> Option<(&'static str, usize, bool)> {
    DOC_TYPES.iter().find_map(|(words, display, named)| {
        let ok = words.iter().enumerate().all(|(k, w)| {
            toks.get(i + k).is_some_and(|t| t.fold == *w && (k + 1 == words.len() || t.trail.is_empty()))
        });
        ok.then_some((*display, words.len(), *named))
    })
}

/// Whether a document type's last word is just before token `i` (`Nghị định` before
/// `62/2015/nđ-cp`, `Luật` before `52/2014/qh13`).
fn type_ends_before(toks: &[Tok], i: usize) -> bool {
    DOC_TYPES.iter().any(|(words, _, _)| {
        i.checked_sub(words.len())
            .and_then(|start| doc_type_at(toks, start))
            .is_some_and(|(_, len, _)| len == words.len())
    })
}

/// Words that end a name guessed without a dictionary.
const NAME_STOPS: &[&str] = &[
    "về", "quy", "số", "năm", "ngày", "thì", "và", "được", "đã", "có", "không", "theo", "tại", "của", "để", "do",
    "gồm", "là", "như", "này", "đối", "với", "trong", "khi", "mà", "nhưng", "hoặc", "hướng", "sau", "nhằm", "ban",
    "thực", "các", "một", "những", "bị", "phải", "sẽ", "đang", "từ", "đến", "ở", "trên", "dưới", "thuộc", "cho", "vào",
    "dựa",
];

fn is_name_stop(t: &Tok) -> bool {
    let lower = t.raw.to_lowercase();
    NAME_STOPS.contains(&lower.as_str())
}

/// A document reference parsed at a token.
struct DocParsed {
    doc: DocRef,
    first: usize,
    next: usize,
    number_span: Option<Range<usize>>,
    as_written: Option<String>,
}

fn number_at(toks: &[Tok], i: usize) -> Option<(String, Range<usize>, Option<String>)> {
    let t = toks.get(i)?;
    // After `số` or a type, a number typed in lower case still counts (`999/2026/qh15`).
    let announced = i > 0 && (toks[i - 1].fold == "so" || type_ends_before(toks, i));
    let loose = announced
        && t.raw.contains('/')
        && t.raw.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t.raw.rsplit('/').next().is_some_and(|c| c.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        && number::looks_like_number(&t.raw)
        && !is_court_number(t.raw.rsplit('/').next().unwrap_or(""));
    if !is_number(&t.raw) && !loose {
        return None;
    }
    let canonical = number::canonical(&t.raw);
    let written = (canonical != normalize::clean(&t.raw)).then(|| t.raw.clone());
    Some((canonical, t.core.clone(), written))
}

fn doc_at(toks: &[Tok], i: usize, names: &Names, text: &str) -> Option<DocParsed> {
    doc_at_ext(toks, i, names, text, false)
}

/// Words separated by any whitespace (line breaks of a PDF text layer included), as one line.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `after_provisions`: right after `Điều 5 …`, a name may start in lower case (`Bộ luật tố tụng dân sự`).
fn doc_at_ext(toks: &[Tok], i: usize, names: &Names, text: &str, after_provisions: bool) -> Option<DocParsed> {
    let t = toks.get(i)?;
    let external = |doc_type: Option<&str>, name: Option<String>, number: Option<String>, year: Option<i32>| {
        DocRef::External { doc_type: doc_type.map(str::to_string), name, number, year }
    };
    // Years after a name: `năm 2005`, `2005`.
    let year_after = |j: usize| -> (Option<i32>, usize) {
        if toks.get(j).is_some_and(|t| t.fold == "nam")
            && let Some(y) = toks.get(j + 1).and_then(year_of)
        {
            return (Some(y), j + 2);
        }
        if let Some(y) = toks.get(j).and_then(year_of) {
            return (Some(y), j + 1);
        }
        (None, j)
    };
    let number_after = |j: usize| -> Option<(String, Range<usize>, Option<String>, usize)> {
        if toks.get(j).is_some_and(|t| t.fold == "so")
            && let Some((n, s, w)) = number_at(toks, j + 1)
        {
            return Some((n, s, w, j + 2));
        }
        number_at(toks, j).map(|(n, s, w)| (n, s, w, j + 1))
    };
    // A year, then a number, after a name (`Bộ luật Dân sự năm 2015`, `Luật … số 45/2019/QH14`);
    // a year that ends the sentence ends the citation.
    type Numbered = (String, Range<usize>, Option<String>);
    let year_then_number = |j: usize| -> (Option<i32>, Option<Numbered>, usize) {
        let (year, next) = year_after(j);
        if (year.is_none() || !toks[next - 1].stops())
            && let Some((n, s, w, after)) = number_after(next)
        {
            return (year, Some((n, s, w)), after);
        }
        (year, None, next)
    };
    // Abbreviations: `BLDS 2015`, `BLTTDS năm 2015`.
    if let Some((_, full)) = ABBREVIATIONS.iter().find(|(a, _)| *a == t.raw) {
        let (year, next) = if t.stops() { (None, i + 1) } else { year_after(i + 1) };
        return Some(DocParsed {
            doc: external(Some("Bộ luật"), Some(full.to_string()), None, year),
            first: i,
            next,
            number_span: None,
            as_written: None,
        });
    }
    // A known name or a short name the text defined (longest match from here).
    if let Some((known, num, used)) = names.longest(toks, i)
        && (toks[i].upper() || names.any_case)
    {
        let last = &toks[i + used - 1];
        let written = squash(text.get(toks[i].core.start..last.core.end).unwrap_or_default());
        // A query's `bo luat dan su` is named as the library names it.
        let name = if names.any_case { known } else { written };
        let mut next = i + used;
        let mut year = None;
        let mut number = num;
        let mut number_span = None;
        let mut as_written = None;
        if !last.stops() {
            let (y, numbered, n) = year_then_number(next);
            year = y;
            next = n;
            if let Some((nb, s, w)) = numbered {
                number = Some(nb);
                number_span = Some(s);
                as_written = w;
            }
        }
        let doc_type = doc_type_at(toks, i).map(|d| d.0);
        return Some(DocParsed {
            doc: external(doc_type, Some(name), number, year),
            first: i,
            next,
            number_span,
            as_written,
        });
    }
    if let Some((doc_type, used, named)) = doc_type_at(toks, i) {
        let j = i + used;
        let last = &toks[j - 1];
        if last.stops() {
            return None;
        }
        if toks.get(j).is_some_and(|t| t.fold == "nay") {
            return Some(DocParsed { doc: DocRef::This, first: i, next: j + 1, number_span: None, as_written: None });
        }
        if let Some((n, s, w, next)) = number_after(j) {
            return Some(DocParsed {
                doc: external(Some(doc_type), None, Some(n), None),
                first: i,
                next,
                number_span: Some(s),
                as_written: w,
            });
        }
        // `Luật HNGĐ`, `Luật THADS năm 2008`.
        if doc_type == "Luật"
            && let Some(next_tok) = toks.get(j)
            && let Some((_, full)) = LAW_ABBREVIATIONS.iter().find(|(a, _)| *a == next_tok.raw)
        {
            let (year, next) = if next_tok.stops() { (None, j + 1) } else { year_after(j + 1) };
            return Some(DocParsed {
                doc: external(Some("Luật"), Some(full.to_string()), None, year),
                first: i,
                next,
                number_span: None,
                as_written: None,
            });
        }
        // A heading in capitals (`PHÁP LUẬT ÁP DỤNG`) is not a citation.
        if !named
            || !toks[i].upper()
            || crate::parse::line::is_upper_text(&toks[i].raw) && toks[i].raw.chars().count() > 1
        {
            return None;
        }
        // A name guessed: capitalised first word, up to a stop word, a year, a number or punctuation.
        let mut k = j;
        if doc_type != "Hiến pháp" {
            let lower_ok = after_provisions && toks.get(k).is_some_and(|t| t.fold != "su");
            if !toks.get(k).is_some_and(|t| (t.upper() || lower_ok) && !is_name_stop(t)) {
                return None;
            }
            while k < toks.len() && k - j < 10 {
                let t = &toks[k];
                if t.raw.is_empty()
                    || !t.raw.chars().any(|c| c.is_alphabetic())
                    || is_name_stop(t)
                    || year_of(t).is_some()
                    || is_number(&t.raw)
                    || t.raw.chars().any(|c| c.is_ascii_digit())
                {
                    break;
                }
                k += 1;
                // `Luật Phòng, chống tác hại của thuốc lá`.
                let phong_chong = t.fold == "phong" && toks.get(k).is_some_and(|n| n.fold == "chong");
                if t.stops() || (t.comma() && !phong_chong) {
                    break;
                }
            }
        }
        let name_end = toks.get(k.max(1) - 1).map(|t| t.core.end).unwrap_or(t.core.end);
        let name = squash(text.get(toks[i].core.start..name_end).unwrap_or_default());
        let mut next = k;
        let mut year = None;
        let mut number = None;
        let mut number_span = None;
        let mut as_written = None;
        if !toks[k - 1].stops() && !toks[k - 1].comma() {
            let (y, numbered, n) = year_then_number(k);
            year = y;
            next = n;
            if let Some((nb, s, w)) = numbered {
                number = Some(nb);
                number_span = Some(s);
                as_written = w;
            }
        }
        if doc_type == "Hiến pháp" && year.is_none() && number.is_none() {
            return None;
        }
        return Some(DocParsed {
            doc: external(Some(doc_type), Some(name), number, year),
            first: i,
            next,
            number_span,
            as_written,
        });
    }
    // `số 62/2015/NĐ-CP`, or the number alone.
    if t.fold == "so"
        && let Some((n, s, w)) = number_at(toks, i + 1)
    {
        return Some(DocParsed {
            doc: external(None, None, Some(n), None),
            first: i,
            next: i + 2,
            number_span: Some(s),
            as_written: w,
        });
    }
    if let Some((n, s, w)) = number_at(toks, i) {
        return Some(DocParsed {
            doc: external(None, None, Some(n), None),
            first: i,
            next: i + 1,
            number_span: Some(s),
            as_written: w,
        });
    }
    None
}

/// One unit with its numbers: `các điểm a, b và c`, `Điều 10 đến Điều 15`, `khoản này`.
struct UnitRef {
    unit: Unit,
    nums: Vec<(String, Range<usize>)>,
    bad_letter: Option<Range<usize>>,
    next: usize,
}

fn unit_ref_at(toks: &[Tok], i: usize) -> Option<UnitRef> {
    let (unit, used) = unit_at(toks, i)?;
    if toks[i + used - 1].stops() {
        return None;
    }
    let mut j = i + used;
    let first = toks.get(j)?;
    if first.fold == "nay" {
        return Some(UnitRef {
            unit,
            nums: vec![(RELATIVE.to_string(), first.core.clone())],
            bad_letter: None,
            next: j + 1,
        });
    }
    let mut nums = vec![];
    let mut bad_letter = None;
    // `Phần thứ nhất`.
    if unit == Unit::Part && first.fold == "thu" {
        let ord = toks.get(j + 1)?;
        nums.push((format!("thứ {}", ord.raw.to_lowercase()), first.core.start..ord.core.end));
        return Some(UnitRef { unit, nums, bad_letter, next: j + 2 });
    }
    loop {
        let t = toks.get(j)?;
        match num_of(unit, &t.raw) {
            Some(valid) => {
                // A letter not used for points counts only when a larger unit follows (`điểm f khoản 1`).
                if !valid {
                    if !toks.get(j + 1).is_some_and(|n| matches!(n.fold.as_str(), "khoan" | "dieu")) {
                        return None;
                    }
                    bad_letter = Some(t.core.clone());
                }
                nums.push((t.raw.clone(), t.core.clone()));
            }
            None => {
                if nums.is_empty() {
                    return None;
                }
                break;
            }
        }
        j += 1;
        // `các Điều 116; 117; 136`: numbers listed with semicolons.
        if t.trail == ";"
            && toks.get(j).is_some_and(|n| num_of(unit, &n.raw) == Some(true) && unit_at(toks, j).is_none())
        {
            continue;
        }
        if t.stops() {
            break;
        }
        // Range: `Điều 10 đến Điều 15`, `khoản 1 đến khoản 3`.
        if toks.get(j).is_some_and(|n| n.fold == "den") {
            let skip = usize::from(unit_at(toks, j + 1).is_some_and(|(u, _)| u == unit));
            if let Some(end) = toks.get(j + 1 + skip)
                && num_of(unit, &end.raw) == Some(true)
                && let Some(expanded) = expand(unit, &t.raw, &end.raw)
            {
                let span = t.core.start..end.core.end;
                nums.pop();
                nums.extend(expanded.into_iter().map(|n| (n, span.clone())));
                j += 2 + skip;
                if toks[j - 1].stops() {
                    break;
                }
            }
        }
        // List: `a, b và c`, `1, 2 hoặc 3`.
        let sep = t.comma() || toks.get(j).is_some_and(|n| matches!(n.fold.as_str(), "va" | "hoac"));
        if !sep {
            break;
        }
        let k =
            if t.comma() && !toks.get(j).is_some_and(|n| matches!(n.fold.as_str(), "va" | "hoac")) { j } else { j + 1 };
        if toks.get(k).is_some_and(|n| num_of(unit, &n.raw) == Some(true) && unit_at(toks, k).is_none()) {
            j = k;
        } else {
            break;
        }
    }
    Some(UnitRef { unit, nums, bad_letter, next: j })
}

/// `10`..`15` or `a`..`đ`.
fn expand(unit: Unit, a: &str, b: &str) -> Option<Vec<String>> {
    if let (Ok(x), Ok(y)) = (a.parse::<u32>(), b.parse::<u32>()) {
        return (x < y && y - x <= 300).then(|| (x..=y).map(|n| n.to_string()).collect());
    }
    if unit == Unit::Point {
        let pos = |s: &str| {
            let mut c = s.chars();
            let f = c.next()?;
            if c.next().is_some() {
                return None;
            }
            POINT_LETTERS.iter().position(|l| *l == f)
        };
        let (x, y) = (pos(a)?, pos(b)?);
        return (x < y).then(|| POINT_LETTERS[x..=y].iter().map(|c| c.to_string()).collect());
    }
    None
}

/// Provisions at `i`: groups joined by `,`, `và`, `hoặc`, then an optional document.
fn provisions_at(toks: &[Tok], i: usize, text: &str, names: &Names) -> Option<(Citation, usize)> {
    let mut j = i;
    let begin = toks.get(i)?.core.start;
    if matches!(toks.get(j)?.fold.as_str(), "cac" | "tu") && unit_at(toks, j + 1).is_some() {
        j += 1;
    }
    let mut paths: Vec<Vec<Step>> = vec![];
    let mut closed: Vec<bool> = vec![];
    let mut malformed: Option<Malformed> = None;
    let mut last_unit: Option<Unit> = None;
    let mut separated = false;
    let mut end = begin;
    while let Some(r) = unit_ref_at(toks, j) {
        if let Some(bad) = &r.bad_letter {
            malformed.get_or_insert(Malformed {
                reason: format!(
                    "“{}” không phải chữ cái đánh số điểm (a b c d đ e g h i k l m n o p q r s t u v x y) / not a point letter",
                    text.get(bad.clone()).unwrap_or_default()
                ),
                span: bad.clone(),
                fix: None,
            });
        }
        let steps: Vec<Step> =
            r.nums.iter().map(|(n, s)| Step { unit: r.unit, num: n.clone(), span: s.clone() }).collect();
        let open: Vec<usize> = (0..paths.len())
            .filter(|&p| !closed[p] && paths[p].iter().map(|s| s.unit).max().is_some_and(|o| o < r.unit))
            .collect();
        let reversed = !separated && last_unit.is_some_and(|u| r.unit < u) && paths.last().is_some();
        if reversed {
            // `Điều 27 khoản 4`: units large to small.
            let p = paths.len() - 1;
            if let Some(step) = steps.first() {
                paths[p].push(step.clone());
                paths[p].sort_by_key(|s| s.unit);
                let fixed = Target { steps: paths[p].clone() }.label();
                let from = toks
                    .iter()
                    .rev()
                    .find(|t| {
                        t.core.end <= paths[p].iter().map(|s| s.span.start).min().unwrap_or(0) && unit_word(&t.fold)
                    })
                    .map(|t| t.core.start)
                    .unwrap_or(begin);
                malformed.get_or_insert(Malformed {
                    reason: "đơn vị viết từ lớn đến nhỏ; trích dẫn viết từ nhỏ đến lớn / units must run small to large"
                        .into(),
                    span: from..toks[r.next - 1].core.end,
                    fix: Some(fixed),
                });
            }
        } else if !open.is_empty() && (!separated || paths.last().is_some_and(|p| p.iter().all(|s| s.unit < r.unit))) {
            let mut grown = vec![];
            for p in &open {
                for s in &steps {
                    let mut q = paths[*p].clone();
                    q.push(s.clone());
                    grown.push(q);
                }
            }
            // Replace the open paths by their extensions, in place of the first.
            let first = open[0];
            let mut new_paths = vec![];
            let mut new_closed = vec![];
            for (k, p) in paths.iter().enumerate() {
                if k == first {
                    for g in &grown {
                        new_paths.push(g.clone());
                        new_closed.push(r.unit == Unit::Article);
                    }
                } else if !open.contains(&k) {
                    new_paths.push(p.clone());
                    new_closed.push(closed[k]);
                }
            }
            paths = new_paths;
            closed = new_closed;
        } else {
            if r.unit > Unit::Article
                && !separated
                && paths.last().is_some_and(|p| p.iter().any(|s| s.unit == Unit::Article))
            {
                // `Điều 5 Chương II`: the chapter adds nothing to an article's id.
                if let Some(p) = paths.last_mut() {
                    p.extend(steps);
                }
            } else {
                for s in steps {
                    paths.push(vec![s]);
                    closed.push(r.unit == Unit::Article);
                }
            }
        }
        last_unit = Some(r.unit);
        end = toks[r.next - 1].core.end;
        j = r.next;
        // An enumeration separated by `;` goes on when the next item is a provision
        // (`khoản 2 Điều 2; khoản 5 Điều 4; … Luật X`).
        let semicolon = toks[j - 1].trail == ";" && unit_at(toks, j).is_some();
        if toks[j - 1].stops() && !semicolon {
            break;
        }
        // `khoản 3 của Điều 38`: a larger unit after `của` continues the path.
        if !semicolon
            && toks.get(j).is_some_and(|t| t.fold == "cua")
            && unit_at(toks, j + 1).is_some_and(|(u, _)| u > r.unit)
        {
            separated = false;
            j += 1;
            continue;
        }
        // Separators before the next group: `,` `và` `hoặc` `, và` `và các`.
        separated = toks[j - 1].comma() || semicolon;
        let mut k = j;
        while toks.get(k).is_some_and(|t| matches!(t.fold.as_str(), "va" | "hoac" | "cac" | "")) {
            separated = true;
            k += 1;
        }
        if unit_at(toks, k).is_some() {
            j = k;
            continue;
        }
        break;
    }
    if paths.is_empty() {
        return None;
    }
    let mut c = Citation::new(begin..end, text);
    c.targets = paths.into_iter().map(|steps| Target { steps }).collect();
    c.malformed = malformed;
    // The document: `của Luật này`, `Nghị định số …`, `Bộ luật Dân sự năm 2015`.
    let mut next = j;
    if !toks.get(j.saturating_sub(1)).is_some_and(|t| t.stops()) {
        let k = if toks.get(j).is_some_and(|t| matches!(t.fold.as_str(), "cua" | "tai" | "thuoc" | "trong")) {
            j + 1
        } else {
            j
        };
        if let Some(d) = doc_at_ext(toks, k, names, text, true) {
            attach_doc(&mut c, &d, toks, text);
            next = d.next;
        }
    }
    Some((c, next.max(i + 1)))
}

fn unit_word(fold: &str) -> bool {
    matches!(fold, "diem" | "khoan" | "dieu" | "muc" | "chuong" | "phan")
}

fn attach_doc(c: &mut Citation, d: &DocParsed, toks: &[Tok], text: &str) {
    let start = toks[d.first].core.start;
    let end = toks[d.next - 1].core.end;
    c.document = d.doc.clone();
    c.doc_span = Some(start..end);
    c.number_span = d.number_span.clone();
    c.number_as_written = d.as_written.clone();
    c.span = c.span.start.min(start)..c.span.end.max(end);
    c.text = text.get(c.span.clone()).unwrap_or_default().to_string();
    if let (Some(w), Some(s), DocRef::External { number: Some(n), .. }) = (&d.as_written, &d.number_span, &d.doc)
        && c.malformed.is_none()
    {
        c.malformed = Some(Malformed {
            reason: format!("số hiệu “{w}” không viết đúng dạng chính thức / not the official spelling"),
            span: s.clone(),
            fix: Some(n.clone()),
        });
    }
}

/// Vague references to the law in general: recognised, never checked.
const VAGUE: &[&[&str]] = &[
    &["quy", "dinh", "cua", "phap", "luat"],
    &["quy", "dinh", "cua", "luat"],
    &["phap", "luat", "co", "lien", "quan"],
    &["phap", "luat", "hien", "hanh"],
    &["van", "ban", "quy", "pham", "phap", "luat", "khac"],
    &["luat", "khac", "co", "lien", "quan"],
];

fn vague_at(toks: &[Tok], i: usize) -> Option<usize> {
    VAGUE.iter().find_map(|p| {
        let ok = p.iter().enumerate().all(|(k, w)| toks.get(i + k).is_some_and(|t| t.fold == *w));
        ok.then_some(i + p.len())
    })
}

/// A heading line (`Điều 5. Phạm vi`, `Chương II`, `Mục 1. …`) starts with structure, not a citation.
fn heading_len(toks: &[Tok]) -> usize {
    let Some((unit, used)) = unit_at(toks, 0) else { return 0 };
    if unit < Unit::Article {
        return 0;
    }
    let Some(num) = toks.get(used) else { return 0 };
    if num_of(unit, &num.raw).is_none() && !(unit == Unit::Part && num.fold == "thu") {
        return 0;
    }
    let used = used + usize::from(unit == Unit::Part && num.fold == "thu") + 1;
    let last = &toks[used - 1];
    let heading = last.trail.starts_with('.')
        || last.trail.starts_with(':')
        || toks.len() == used
        || toks.get(used).is_some_and(|t| crate::parse::line::is_upper_text(&t.raw) && t.raw.chars().count() > 1);
    if heading { used } else { 0 }
}

/// Every citation in `text` (one paragraph or a whole text), in order.
pub fn find(text: &str, names: &Names) -> Vec<Citation> {
    let toks = tokenize(text);
    let start = heading_len(&toks);
    find_from(text, toks, start, names)
}

/// Every citation in a search query. A query is not a line of a document: `Điều 357 BLDS` at its
/// start is a citation, not a heading.
pub fn find_in_query(text: &str, names: &Names) -> Vec<Citation> {
    find_from(text, tokenize(text), 0, names)
}

fn find_from(text: &str, toks: Vec<Tok>, start: usize, names: &Names) -> Vec<Citation> {
    let mut out: Vec<Citation> = vec![];
    let mut i = start;
    while i < toks.len() {
        if let Some(next) = vague_at(&toks, i) {
            let span = toks[i].core.start..toks[next - 1].core.end;
            let mut c = Citation::new(span, text);
            c.vague = true;
            out.push(c);
            i = next;
            continue;
        }
        let found = provisions_at(&toks, i, text, names).or_else(|| {
            let d = doc_at(&toks, i, names, text)?;
            if d.doc == DocRef::This {
                return None;
            }
            let mut c = Citation::new(toks[i].core.clone(), text);
            attach_doc(&mut c, &d, &toks, text);
            Some((c, d.next))
        });
        let Some((mut c, mut next)) = found else {
            i += 1;
            continue;
        };
        // Amendment chain: `… (đã) được sửa đổi, bổ sung (một số điều) (theo|bởi|tại) X, Y và Z`.
        let mut chain = vec![];
        if matches!(c.document, DocRef::External { .. })
            && !toks[next - 1].stops()
            && let Some(mut k) = chain_start(&toks, next)
        {
            while let Some(d) = doc_at(&toks, k, names, text) {
                if d.doc == DocRef::This {
                    break;
                }
                let mut link = Citation::new(toks[k].core.clone(), text);
                attach_doc(&mut link, &d, &toks, text);
                link.in_chain = true;
                if let Some(id) = doc_id(&link.document) {
                    c.amended_by.push(id);
                }
                chain.push(link);
                k = d.next;
                if toks[k - 1].stops() {
                    break;
                }
                // Dates and issuers between links: `ngày 25/11/2014 của Quốc hội, Luật số …`.
                let mut m = k;
                if toks.get(m).is_some_and(|t| matches!(t.fold.as_str(), "ngay" | "cua")) {
                    while m < toks.len() && m - k < 14 && !toks[m].comma() && toks[m].fold != "va" && !toks[m].stops() {
                        m += 1;
                    }
                    if toks.get(m).is_some_and(|t| t.comma()) {
                        m += 1;
                    }
                } else if toks[m - 1].comma() {
                    // separator already on the previous link
                } else if toks.get(m).is_none_or(|t| t.fold != "va") {
                    break;
                }
                while toks.get(m).is_some_and(|t| matches!(t.fold.as_str(), "va" | "")) {
                    m += 1;
                }
                if m == k && !toks[k - 1].comma() {
                    break;
                }
                if doc_at(&toks, m, names, text).is_none() {
                    break;
                }
                k = m;
            }
            next = k;
        }
        // Short name: `(sau đây gọi là Luật Hòa giải cơ sở mẫu)`.
        if let Some((alias, after)) = alias_at(&toks, next, text) {
            c.alias = Some(alias);
            next = after;
        }
        out.push(c);
        out.extend(chain);
        i = next.max(i + 1);
    }
    out
}

fn chain_start(toks: &[Tok], mut k: usize) -> Option<usize> {
    if toks.get(k).is_some_and(|t| t.fold == "da") {
        k += 1;
    }
    if toks.get(k).is_none_or(|t| t.fold != "duoc") {
        return None;
    }
    k += 1;
    let mut saw = false;
    while let Some(t) = toks.get(k) {
        match t.fold.as_str() {
            "sua" | "doi" | "bo" | "sung" | "mot" | "so" | "dieu" => {
                saw = true;
                k += 1;
            }
            "boi" | "theo" | "tai" if saw => return Some(k + 1),
            _ => return None,
        }
    }
    None
}

fn alias_at(toks: &[Tok], k: usize, text: &str) -> Option<(String, usize)> {
    let words = ["sau", "day", "goi"];
    if !words.iter().enumerate().all(|(n, w)| toks.get(k + n).is_some_and(|t| t.fold == *w)) {
        return None;
    }
    let mut j = k + 3;
    if toks.get(j).is_some_and(|t| t.fold == "tat") {
        j += 1;
    }
    if toks.get(j).is_none_or(|t| t.fold != "la") {
        return None;
    }
    j += 1;
    let first = j;
    while j < toks.len() && j - first < 15 {
        if toks[j].trail.contains(')') {
            let s = toks[first].core.start..toks[j].core.end;
            let alias = text.get(s)?.trim().to_string();
            return (!alias.is_empty()).then_some((alias, j + 1));
        }
        j += 1;
    }
    None
}

/// The identity of an external document reference: its number, else its name (with year).
pub fn doc_id(d: &DocRef) -> Option<String> {
    match d {
        DocRef::External { number: Some(n), .. } => Some(n.clone()),
        DocRef::External { name: Some(n), year: Some(y), .. } => Some(format!("{n} năm {y}")),
        DocRef::External { name: Some(n), .. } => Some(n.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_may_start_with_a_citation() {
        let found = |q: &str| -> Vec<(Vec<String>, Option<String>)> {
            find_in_query(q, &Names::builtin().in_any_case())
                .into_iter()
                .filter(|c| !c.vague)
                .map(|c| (c.targets.iter().map(|t| t.label()).collect(), doc_id(&c.document)))
                .collect()
        };
        let civil = Some("Bộ luật Dân sự".to_string());
        assert_eq!(found("Điều 357 BLDS"), [(vec!["Điều 357".to_string()], civil.clone())]);
        assert_eq!(found("khoan 2 dieu 468 bo luat dan su"), [(vec!["khoản 2 Điều 468".to_string()], civil)]);
        assert_eq!(found("dieu 5 nd 62/2015/ND-CP")[0].0, ["Điều 5"]);
        // Short names as people say them stand for the full names.
        let family = Some("Luật Hôn nhân và gia đình".to_string());
        assert_eq!(found("dieu 51 luat hon nhan"), [(vec!["Điều 51".to_string()], family.clone())]);
        assert_eq!(found("điều 8 luật hôn nhân gia đình"), [(vec!["Điều 8".to_string()], family)]);
        assert_eq!(found("điều 173 luật hình sự")[0].1.as_deref(), Some("Bộ luật Hình sự"));
        // In a legal text a short name is what the draft wrote, for the review to report.
        let l = labels("theo Điều 173 Luật Hình sự thì");
        assert_ne!(doc_id(&l[0].2).as_deref(), Some("Bộ luật Hình sự"));
        // In a document, the same words at the start of a line are its heading.
        assert!(find("Điều 357 BLDS", &Names::builtin()).iter().all(|c| c.targets.is_empty()));
    }

    fn labels(text: &str) -> Vec<(String, Vec<String>, DocRef)> {
        find(text, &Names::builtin())
            .into_iter()
            .filter(|c| !c.vague)
            .map(|c| (c.text.clone(), c.targets.iter().map(|t| t.label()).collect(), c.document))
            .collect()
    }

    fn ext(name: Option<&str>, number: Option<&str>, year: Option<i32>, t: Option<&str>) -> DocRef {
        DocRef::External {
            doc_type: t.map(str::to_string),
            name: name.map(str::to_string),
            number: number.map(str::to_string),
            year,
        }
    }

    #[test]
    fn internal_lists_ranges_relative() {
        let l = labels("các giấy tờ quy định tại khoản 1 Điều này được gửi");
        assert_eq!(l[0].1, ["khoản 1 Điều này"]);
        assert_eq!(l[0].2, DocRef::Implicit);
        let l = labels("theo điểm a khoản 1 Điều 3 của Thông tư này khi");
        assert_eq!(l[0].1, ["điểm a khoản 1 Điều 3"]);
        assert_eq!(l[0].2, DocRef::This);
        assert_eq!(l[0].0, "điểm a khoản 1 Điều 3 của Thông tư này");
        let l = labels("các điểm a, b và c khoản 1 Điều 5");
        assert_eq!(l[0].1, ["điểm a khoản 1 Điều 5", "điểm b khoản 1 Điều 5", "điểm c khoản 1 Điều 5"]);
        let l = labels("từ Điều 10 đến Điều 13 của Luật này");
        assert_eq!(l[0].1, ["Điều 10", "Điều 11", "Điều 12", "Điều 13"]);
        let l = labels("quy định chi tiết khoản 2, khoản 3 Điều 2; khoản 5 Điều 4; Điều 35 Luật Đất đai và");
        assert_eq!(l[0].1, ["khoản 2 Điều 2", "khoản 3 Điều 2", "khoản 5 Điều 4", "Điều 35"]);
        assert_eq!(l[0].2, ext(Some("Luật Đất đai"), None, None, Some("Luật")));
        let l = labels("áp dụng khoản 2, khoản 3 của Điều 38 Luật Đất đai");
        assert_eq!(l[0].1, ["khoản 2 Điều 38", "khoản 3 Điều 38"]);
        let l = labels("Điều 43, Điều 44 và Điều 46");
        assert_eq!(l[0].1, ["Điều 43", "Điều 44", "Điều 46"]);
        let l = labels("điểm a khoản 1 và điểm b khoản 2 Điều 3;");
        assert_eq!(l[0].1, ["điểm a khoản 1 Điều 3", "điểm b khoản 2 Điều 3"]);
        let l = labels("khoản 2 Điều 8, Điều 10a, Điều 13 và Điều 14 của Luật Hòa giải ở cơ sở về");
        assert_eq!(l[0].1, ["khoản 2 Điều 8", "Điều 10a", "Điều 13", "Điều 14"]);
        assert_eq!(l[0].2, ext(Some("Luật Hòa giải ở cơ sở"), None, None, Some("Luật")));
        // Headings are structure.
        assert!(labels("Điều 5. Phạm vi điều chỉnh").is_empty());
        assert!(labels("Chương II").is_empty());
        // Prose words that start like units.
        assert!(labels("Điều kiện để khoản tiền được chi trả").is_empty());
    }

    #[test]
    fn external_by_number_name_abbreviation() {
        let l = labels("Căn cứ Nghị định số 62/2015/NĐ-CP ngày 18 tháng 7 năm 2015 của Chính phủ;");
        assert_eq!(l[0].2, ext(None, Some("62/2015/NĐ-CP"), None, Some("Nghị định")));
        assert_eq!(l[0].0, "Nghị định số 62/2015/NĐ-CP");
        let l = labels("Căn cứ các Điều 298, Điều 604 Bộ luật dân sự năm 2005. Điều 357, khoản 2 Điều 468 BLDS 2015");
        assert_eq!(l[0].1, ["Điều 298", "Điều 604"]);
        assert_eq!(l[0].2, ext(Some("Bộ luật dân sự"), None, Some(2005), Some("Bộ luật")));
        assert_eq!(l[1].1, ["Điều 357", "khoản 2 Điều 468"]);
        assert_eq!(l[1].2, ext(Some("Bộ luật Dân sự"), None, Some(2015), Some("Bộ luật")));
        let l = labels("quy định tại Bộ luật Dân sự số 33/2005/QH11.");
        assert_eq!(l[0].2, ext(Some("Bộ luật Dân sự"), Some("33/2005/QH11"), None, Some("Bộ luật")));
        // A number typed in lower case counts after a type of one word or two.
        let l = labels("theo Điều 5 Nghị định 62/2015/nđ-cp thì");
        assert_eq!(l[0].2, ext(None, Some("62/2015/NĐ-CP"), None, Some("Nghị định")));
        let l = labels("theo Điều 8 Luật 52/2014/qh13 thì");
        assert_eq!(l[0].2, ext(None, Some("52/2014/QH13"), None, Some("Luật")));
        let l = labels("khoản 4 Điều 27 pháp lệnh số 10/2009/UBTVQH12 ngày 27/02/2009");
        assert_eq!(l[0].2, ext(None, Some("10/2009/UBTVQH12"), None, Some("Pháp lệnh")));
        let l = labels("Điều 8 Luật HNGĐ năm 2014");
        assert_eq!(l[0].2, ext(Some("Luật Hôn nhân và gia đình"), None, Some(2014), Some("Luật")));
    }

    #[test]
    fn chains_aliases_vague_malformed() {
        let cs = find(
            "Căn cứ Luật Hòa giải cơ sở mẫu số 999/2026/QH15 được sửa đổi, bổ sung bởi Luật số 998/2026/QH15 (sau đây gọi là Luật Hòa giải mẫu);",
            &Names::builtin(),
        );
        assert_eq!(cs.len(), 2, "{cs:#?}");
        assert_eq!(cs[0].amended_by, ["998/2026/QH15"]);
        assert_eq!(cs[0].alias.as_deref(), Some("Luật Hòa giải mẫu"));
        assert!(cs[1].in_chain);
        let cs = find("được thực hiện theo quy định của pháp luật.", &Names::builtin());
        assert!(cs.len() == 1 && cs[0].vague);
        let cs = find("theo Điều 27 khoản 4 Pháp lệnh số 10/2009/UBTVQH12", &Names::builtin());
        assert_eq!(cs[0].targets[0].label(), "khoản 4 Điều 27");
        assert_eq!(cs[0].malformed.as_ref().unwrap().fix.as_deref(), Some("khoản 4 Điều 27"));
        let cs = find("theo Nghị định số 62/2015/ND-CP", &Names::builtin());
        assert_eq!(cs[0].malformed.as_ref().unwrap().fix.as_deref(), Some("62/2015/NĐ-CP"));
        let cs = find("theo điểm f khoản 1 Điều 3", &Names::builtin());
        assert!(cs[0].malformed.is_some());
    }

    proptest::proptest! {
        /// Any text: no panic, spans inside the text on char boundaries, in order.
        #[test]
        fn never_panics(words in proptest::collection::vec(proptest::sample::select(vec![
            "Điều", "khoản", "điểm", "các", "từ", "đến", "và", "hoặc", ",", "này", "Luật", "Bộ", "luật", "Dân", "sự",
            "số", "62/2015/NĐ-CP", "năm", "2015", "1", "2a", "a,", "b", "đ)", "f", "Chương", "II", "Mục", "Thông", "tư",
            "được", "sửa", "đổi,", "bổ", "sung", "bởi", "(sau", "đây", "gọi", "là", "X)", "BLDS", "“", "”.", "quy", "định",
            "của", "pháp", "luật", "Phần", "thứ", "nhất", "Tiểu", "mục", ";", ".", "tiểu", "ngày", "của",
        ]), 0..40), junk in "\\PC{0,20}") {
            let text = format!("{} {junk}", words.join(" "));
            for c in find(&text, &Names::builtin()) {
                proptest::prop_assert!(c.span.end <= text.len() && text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
                for t in &c.targets {
                    for s in &t.steps {
                        proptest::prop_assert!(s.span.end <= text.len() && text.is_char_boundary(s.span.start));
                    }
                }
            }
        }
    }
}
