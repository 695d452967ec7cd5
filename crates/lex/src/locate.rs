//! A Vietnamese provision reference → the eId it names.
//!
//! Accepts what a user types after a document number: `Điều 117`, `điều 117a`, `khoản 2 Điều 52`,
//! `điểm a khoản 1 Điều 2`, `Chương II`, `chuong 2`, `Mục 2 Chương IV`, `Phần thứ nhất`, `Phụ lục I`,
//! with or without diacritics, or an eId itself (`art_117__cl_1`). Units run small to large, as in
//! Vietnamese citations (DOMAIN §3).

use crate::normalize;
use crate::parse::{eid_token, line};

/// Why a reference could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocateError {
    #[error(
        "không hiểu tham chiếu “{0}” — expected e.g. “Điều 117”, “khoản 2 Điều 52”, “điểm a khoản 1 Điều 2”, “Chương II”"
    )]
    Unreadable(String),
}

/// One step of a reference, outermost last as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Step {
    unit: Unit,
    num: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Part,
    Chapter,
    Section,
    Subsection,
    Article,
    Clause,
    Point,
    Annex,
}

/// The eId for a reference (see module docs).
pub fn to_eid(reference: &str) -> Result<String, LocateError> {
    let trimmed = reference.trim();
    if is_eid(trimmed) {
        return Ok(trimmed.to_string());
    }
    let steps = read_steps(trimmed).ok_or_else(|| LocateError::Unreadable(trimmed.to_string()))?;
    build_eid(&steps).ok_or_else(|| LocateError::Unreadable(trimmed.to_string()))
}

fn is_eid(s: &str) -> bool {
    let first = s.split("__").next().unwrap_or("");
    ["art_", "cl_", "pt_", "chp_", "sec_", "subsec_", "part_", "annex_"].iter().any(|p| first.starts_with(p))
        || ["preamble", "signature", "recipients", "doc"].contains(&s)
}

fn read_steps(s: &str) -> Option<Vec<Step>> {
    let folded = normalize::fold_key(s);
    let original_words: Vec<&str> = s.split_whitespace().collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    if words.len() != original_words.len() {
        return None;
    }
    let mut steps = vec![];
    let mut i = 0;
    while i < words.len() {
        let w = words[i].trim_end_matches([',', '.']);
        let (unit, take) = match w {
            "phan" => (Unit::Part, 1),
            "chuong" => (Unit::Chapter, 1),
            "muc" => (Unit::Section, 1),
            "tieu" if words.get(i + 1) == Some(&"muc") => (Unit::Subsection, 2),
            "dieu" => (Unit::Article, 1),
            "khoan" => (Unit::Clause, 1),
            "diem" => (Unit::Point, 1),
            "phu" if words.get(i + 1) == Some(&"luc") => (Unit::Annex, 2),
            "cua" | "tai" | "thuoc" => {
                i += 1;
                continue;
            }
            _ => return None,
        };
        i += take;
        // Part numbers may be ordinals: "thứ nhất".
        let mut num = original_words.get(i)?.trim_end_matches([',', '.']).to_string();
        if unit == Unit::Part && words.get(i) == Some(&"thu") {
            num = format!("thứ {}", original_words.get(i + 1)?.to_lowercase());
            i += 1;
        }
        i += 1;
        steps.push(Step { unit, num });
    }
    (!steps.is_empty()).then_some(steps)
}

fn build_eid(steps: &[Step]) -> Option<String> {
    // Steps are typed small to large; build large to small.
    let mut parts: Vec<String> = vec![];
    let mut order: Vec<&Step> = steps.iter().collect();
    order.reverse();
    for step in order {
        let token = match step.unit {
            Unit::Part => format!("part_{}", part_value(&step.num)?),
            Unit::Chapter => format!("chp_{}", line::roman_or_arabic(&step.num.to_uppercase())?),
            Unit::Section => format!("sec_{}", line::roman_or_arabic(&step.num.to_uppercase())?),
            Unit::Subsection => format!("subsec_{}", line::roman_or_arabic(&step.num.to_uppercase())?),
            Unit::Article => format!("art_{}", eid_token(&step.num)),
            Unit::Clause => format!("cl_{}", eid_token(&step.num)),
            Unit::Point => format!("pt_{}", eid_token(&step.num)),
            Unit::Annex => format!("annex_{}", eid_token(&step.num)),
        };
        parts.push(token);
    }
    // An article id does not carry its chapter: drop containers above an article.
    if let Some(pos) = parts.iter().position(|p| p.starts_with("art_")) {
        let keep_annex = parts[..pos].iter().find(|p| p.starts_with("annex_")).cloned();
        let mut rest: Vec<String> = parts[pos..].to_vec();
        if let Some(a) = keep_annex {
            rest.insert(0, a);
        }
        parts = rest;
    } else if let Some(pos) = parts.iter().position(|p| p.starts_with("chp_")) {
        // A chapter id does not carry its part either.
        parts = parts[pos..].to_vec();
    }
    Some(parts.join("__"))
}

fn part_value(num: &str) -> Option<u32> {
    let lower = num.to_lowercase();
    if let Some(word) = lower.strip_prefix("thứ ") {
        let key = normalize::fold_key(word);
        const WORDS: &[(&str, u32)] = &[
            ("nhat", 1),
            ("hai", 2),
            ("ba", 3),
            ("tu", 4),
            ("bon", 4),
            ("nam", 5),
            ("sau", 6),
            ("bay", 7),
            ("tam", 8),
            ("chin", 9),
            ("muoi", 10),
        ];
        return WORDS.iter().find(|(w, _)| *w == key).map(|(_, v)| *v);
    }
    line::roman_or_arabic(&num.to_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(to_eid("Điều 117").unwrap(), "art_117");
        assert_eq!(to_eid("dieu 117a").unwrap(), "art_117a");
        assert_eq!(to_eid("khoản 2 Điều 52").unwrap(), "art_52__cl_2");
        assert_eq!(to_eid("điểm a khoản 1 Điều 2").unwrap(), "art_2__cl_1__pt_a");
        assert_eq!(to_eid("điểm đ khoản 1 Điều 2").unwrap(), "art_2__cl_1__pt_dd");
        assert_eq!(to_eid("Chương II").unwrap(), "chp_2");
        assert_eq!(to_eid("chuong 2").unwrap(), "chp_2");
        assert_eq!(to_eid("Mục 2 Chương IV").unwrap(), "chp_4__sec_2");
        assert_eq!(to_eid("Phần thứ nhất").unwrap(), "part_1");
        assert_eq!(to_eid("Điều 5 Chương II").unwrap(), "art_5");
        assert_eq!(to_eid("art_117__cl_1").unwrap(), "art_117__cl_1");
        assert!(to_eid("hello").is_err());
        assert!(to_eid("").is_err());
    }
}
