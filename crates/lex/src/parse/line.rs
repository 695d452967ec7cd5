//! Classify one cleaned line of a Vietnamese legal text.
//!
//! Pure string matching on the line's start; no regex on this hot path. A line is structural only when
//! it has the exact shape of a heading (`Điều 5.`, `Chương II`, `1.`, `a)`), so body sentences that start
//! with a unit word (`Điều 3 của Luật này quy định …`) stay text.

/// What a line is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line<'a> {
    /// `PHẦN THỨ NHẤT` / `Phần thứ hai` / `Phần I`: number as printed, its arabic value, heading.
    Part { num: String, value: u32, heading: &'a str },
    /// `Chương II` (+ heading on the same line or the next).
    Chapter { num: &'a str, value: u32, heading: &'a str },
    /// `Mục 1. HEADING`.
    Section { num: &'a str, value: u32, heading: &'a str },
    /// `Tiểu mục 1. HEADING`.
    Subsection { num: &'a str, value: u32, heading: &'a str },
    /// `Điều 117. Heading` / `Điều 7a.`.
    Article { num: String, heading: &'a str },
    /// `1. text` / `2a. text` (khoản).
    Clause { num: String, rest: &'a str },
    /// `a) text` / `đ) text` / `c1) text` (điểm).
    Point { num: String, rest: &'a str },
    /// Any other line.
    Text,
}

/// Classify a cleaned, trimmed, non-empty line.
pub fn classify(line: &str) -> Line<'_> {
    let first = match line.chars().next() {
        Some(c) => c,
        None => return Line::Text,
    };
    match first {
        '0'..='9' => clause(line).unwrap_or(Line::Text),
        'Đ' | 'đ' => article(line).or_else(|| point(line)).unwrap_or(Line::Text),
        'C' => chapter(line).unwrap_or(Line::Text),
        'M' => section(line, &["Mục", "MỤC"])
            .map(|(n, v, h)| Line::Section { num: n, value: v, heading: h })
            .unwrap_or(Line::Text),
        'T' => section(line, &["Tiểu mục", "TIỂU MỤC", "Tiểu Mục"])
            .map(|(n, v, h)| Line::Subsection { num: n, value: v, heading: h })
            .unwrap_or(Line::Text),
        'P' => part(line).unwrap_or(Line::Text),
        c if c.is_lowercase() => point(line).unwrap_or(Line::Text),
        _ => Line::Text,
    }
}

fn strip_word<'a>(line: &'a str, words: &[&str]) -> Option<&'a str> {
    for w in words {
        if let Some(rest) = line.strip_prefix(w)
            && rest.starts_with(' ')
        {
            return Some(rest.trim_start());
        }
    }
    None
}

/// Split `rest` after a unit number into the heading: empty, or after `.`, `:`, `-`, `–`, or (for
/// all-caps headings) after a space.
fn heading_after(rest: &str) -> Option<&str> {
    let r = rest.trim_start();
    if r.is_empty() {
        return Some("");
    }
    for sep in ['.', ':', '-', '–'] {
        if let Some(h) = r.strip_prefix(sep) {
            return Some(h.trim());
        }
    }
    if rest.starts_with(' ') && is_upper_text(r) {
        return Some(r);
    }
    None
}

/// True if every letter of `s` is upper case (and it has letters).
pub fn is_upper_text(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_alphabetic() {
            if c.is_lowercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters > 0
}

fn chapter(line: &str) -> Option<Line<'_>> {
    let rest = strip_word(line, &["Chương", "CHƯƠNG"])?;
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric())).unwrap_or(rest.len());
    let num = &rest[..end];
    let value = roman_or_arabic(num)?;
    let heading = heading_after(&rest[end..])?;
    Some(Line::Chapter { num, value, heading })
}

fn section<'a>(line: &'a str, words: &[&str]) -> Option<(&'a str, u32, &'a str)> {
    let rest = strip_word(line, words)?;
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric())).unwrap_or(rest.len());
    let num = &rest[..end];
    let value = roman_or_arabic(num)?;
    let heading = heading_after(&rest[end..])?;
    Some((num, value, heading))
}

const ORDINALS: &[(&str, u32)] = &[
    ("nhất", 1),
    ("hai", 2),
    ("ba", 3),
    ("tư", 4),
    ("bốn", 4),
    ("năm", 5),
    ("sáu", 6),
    ("bảy", 7),
    ("tám", 8),
    ("chín", 9),
    ("mười", 10),
];

fn part(line: &str) -> Option<Line<'_>> {
    let rest = strip_word(line, &["PHẦN", "Phần"])?;
    let lower = rest.to_lowercase();
    if let Some(after) = lower.strip_prefix("thứ ") {
        let (word, value) = ORDINALS.iter().find(|(w, _)| after.starts_with(w))?;
        // Map the consumed length back onto `rest` (same byte lengths for lower/upper here is not
        // guaranteed, so count characters).
        let consumed_chars = "thứ ".chars().count() + word.chars().count();
        let byte_end = rest.char_indices().nth(consumed_chars).map(|(i, _)| i).unwrap_or(rest.len());
        let heading = heading_after(&rest[byte_end..])?;
        return Some(Line::Part { num: format!("thứ {word}"), value: *value, heading });
    }
    let end = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
    let num = &rest[..end];
    let value = roman_or_arabic(num)?;
    let heading = heading_after(&rest[end..])?;
    Some(Line::Part { num: num.to_string(), value, heading })
}

fn article(line: &str) -> Option<Line<'_>> {
    let rest = strip_word(line, &["Điều", "ĐIỀU"])?;
    let (num, after) = unit_number(rest)?;
    let after_trim = after.trim_start();
    // `Điều 5.` / `Điều 5:` / `Điều 5 -` / bare `Điều 5` at end of line.
    let heading = if after_trim.is_empty() {
        ""
    } else if let Some(h) = after_trim.strip_prefix('.').or_else(|| after_trim.strip_prefix(':')) {
        h.trim()
    } else if let Some(h) = after_trim.strip_prefix('-').or_else(|| after_trim.strip_prefix('–')) {
        h.trim()
    } else {
        return None;
    };
    Some(Line::Article { num, heading })
}

/// `117`, `7a`, `2đ`, `c1` style unit numbers: digits then at most two lower-case letters or letter+digit.
fn unit_number(s: &str) -> Option<(String, &str)> {
    let digits_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if digits_end == 0 || digits_end > 4 {
        return None;
    }
    let mut end = digits_end;
    let mut chars = s[digits_end..].char_indices();
    if let Some((_, c)) = chars.next()
        && c.is_lowercase()
        && c.is_alphabetic()
    {
        // A suffix letter must end the word (`7a.`), not start one (`5 của`).
        let next = s[digits_end + c.len_utf8()..].chars().next();
        if next.is_none_or(|n| !n.is_alphabetic()) {
            end = digits_end + c.len_utf8();
        }
    }
    Some((s[..end].to_string(), &s[end..]))
}

fn clause(line: &str) -> Option<Line<'_>> {
    let (num, after) = unit_number(line)?;
    let rest = after.strip_prefix('.')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    if num.len() > 3 {
        return None;
    }
    Some(Line::Clause { num, rest: rest.trim() })
}

fn point(line: &str) -> Option<Line<'_>> {
    let mut chars = line.char_indices();
    let (_, letter) = chars.next()?;
    if !is_point_letter(letter) {
        return None;
    }
    let mut end = letter.len_utf8();
    let digits: usize = line[end..].chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 2 {
        return None;
    }
    end += digits;
    let rest = line[end..].strip_prefix(')')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some(Line::Point { num: line[..end].to_string(), rest: rest.trim() })
}

/// Letters used for points, in the Vietnamese order (no f, j, w, z).
pub const POINT_LETTERS: &[char] = &[
    'a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'x', 'y',
];

fn is_point_letter(c: char) -> bool {
    POINT_LETTERS.contains(&c)
}

/// Roman (`XXVII`) or arabic (`27`) to a number.
pub fn roman_or_arabic(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 {
        return None;
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok().filter(|v| *v > 0);
    }
    roman(s)
}

fn roman(s: &str) -> Option<u32> {
    let value = |c: char| match c.to_ascii_uppercase() {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let vals: Vec<u32> = s.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, v) in vals.iter().enumerate() {
        if vals.get(i + 1).is_some_and(|next| next > v) {
            total -= *v as i64;
        } else {
            total += *v as i64;
        }
    }
    let total = u32::try_from(total).ok().filter(|t| *t > 0)?;
    // Reject non-canonical numerals (e.g. `IIII`, `VX`) by round trip.
    (to_roman(total) == s.to_ascii_uppercase()).then_some(total)
}

/// Arabic to Roman numerals (`27` → `XXVII`).
pub fn to_roman(mut n: u32) -> String {
    const TABLE: &[(u32, &str)] =
        &[(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= *v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structural_lines() {
        assert_eq!(
            classify("Điều 117. Điều kiện có hiệu lực"),
            Line::Article { num: "117".into(), heading: "Điều kiện có hiệu lực" }
        );
        assert_eq!(classify("Điều 7a. Quyền"), Line::Article { num: "7a".into(), heading: "Quyền" });
        assert_eq!(classify("Điều 3 của Luật này quy định"), Line::Text);
        assert_eq!(classify("Điều 5"), Line::Article { num: "5".into(), heading: "" });
        assert_eq!(classify("Chương II"), Line::Chapter { num: "II", value: 2, heading: "" });
        assert_eq!(classify("Chương XV."), Line::Chapter { num: "XV", value: 15, heading: "" });
        assert_eq!(
            classify("Chương I. QUY ĐỊNH CHUNG"),
            Line::Chapter { num: "I", value: 1, heading: "QUY ĐỊNH CHUNG" }
        );
        assert_eq!(classify("Chương trình này"), Line::Text);
        assert_eq!(classify("Mục 2. HỢP ĐỒNG"), Line::Section { num: "2", value: 2, heading: "HỢP ĐỒNG" });
        assert_eq!(classify("Mục tiêu của chính sách"), Line::Text);
        assert_eq!(classify("Tiểu mục 3. THẾ CHẤP"), Line::Subsection { num: "3", value: 3, heading: "THẾ CHẤP" });
        assert_eq!(classify("PHẦN THỨ NHẤT"), Line::Part { num: "thứ nhất".into(), value: 1, heading: "" });
        assert_eq!(classify("PHẦN THỨ SÁU"), Line::Part { num: "thứ sáu".into(), value: 6, heading: "" });
        assert_eq!(classify("1. Hợp đồng;"), Line::Clause { num: "1".into(), rest: "Hợp đồng;" });
        assert_eq!(classify("2a. Bổ sung"), Line::Clause { num: "2a".into(), rest: "Bổ sung" });
        assert_eq!(classify("1.1. Tiểu khoản"), Line::Text);
        assert_eq!(classify("2015. Năm"), Line::Text);
        assert_eq!(classify("a) Chủ thể"), Line::Point { num: "a".into(), rest: "Chủ thể" });
        assert_eq!(classify("đ) Khác"), Line::Point { num: "đ".into(), rest: "Khác" });
        assert_eq!(classify("c1) Mới"), Line::Point { num: "c1".into(), rest: "Mới" });
        assert_eq!(classify("f) không phải điểm"), Line::Text);
        assert_eq!(classify("và) không"), Line::Text);
    }

    #[test]
    fn romans() {
        assert_eq!(roman_or_arabic("XXVII"), Some(27));
        assert_eq!(roman_or_arabic("IV"), Some(4));
        assert_eq!(roman_or_arabic("IIII"), None);
        assert_eq!(to_roman(27), "XXVII");
    }
}
