//! Số hiệu — document numbers: `91/2015/QH13`, `122/2021/NĐ-CP`, `01/2016/TT-BTP`, `749/QĐ-TTg`,
//! `67/VBHN-VPQH`.
//!
//! Users type them in lower case, without diacritics (`ND-CP`), with spaces (`nd 62/2015`). Two
//! functions: [`canonical`] gives the form to display and store (upper case, `Đ` restored in the issuer
//! codes that have it), [`key`] gives the form to match on (upper case, ASCII, no spaces).

use crate::normalize;

/// Issuer-code fragments that are written with `Đ` in official numbers, in their ASCII spelling.
const D_FRAGMENTS: &[(&str, &str)] = &[
    ("ND", "NĐ"),
    ("HDTP", "HĐTP"),
    ("HDND", "HĐND"),
    ("QD", "QĐ"),
    ("HD", "HĐ"),
    ("BQP", "BQP"),
    ("DCT", "ĐCT"),
    ("DS", "DS"),
];

/// True if `s` looks like a số hiệu: `digits[suffix] / [year /] CODE[/CODE]` — e.g. `91/2015/QH13`,
/// `749/QĐ-TTg`, `08a/2010/TT-BTP`, `66.20/2026/NQ-CP`, `72/2025/NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN`,
/// `20/QĐ-HĐGDQP&ANTW`, `102-SL/L-004`.
pub fn looks_like_number(s: &str) -> bool {
    let s = s.trim();
    let parts: Vec<&str> = s.split('/').collect();
    if !(2..=4).contains(&parts.len()) || s.chars().count() > 160 {
        return false;
    }
    let first = parts[0];
    let digits = first.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 5 || !first.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-') {
        return false;
    }
    let code = parts[parts.len() - 1];
    let code_ok =
        |p: &str| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '–' | '&' | '.'));
    parts[1..].iter().all(|p| code_ok(p)) && code.chars().any(|c| c.is_alphabetic())
}

/// Canonical display form: NFC, upper case, dashes normalised, `Đ` restored (`ND-CP` → `NĐ-CP`).
pub fn canonical(input: &str) -> String {
    let cleaned = normalize::clean(input);
    let compact: String = cleaned
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '–' | '—' | '‐' | '_' => '-',
            'ñ' => 'đ',
            'Ñ' => 'Đ',
            c => c,
        })
        .collect();
    let upper = compact.to_uppercase();
    // Restore Đ in issuer-code fragments typed without it.
    let mut segments: Vec<String> = Vec::new();
    for (i, seg) in upper.split('/').enumerate() {
        if i == 0 {
            segments.push(seg.to_string());
            continue;
        }
        let fixed: Vec<String> = seg
            .split('-')
            .map(|frag| {
                D_FRAGMENTS
                    .iter()
                    .find(|(ascii, _)| *ascii == frag)
                    .map(|(_, with_d)| with_d.to_string())
                    .unwrap_or_else(|| frag.to_string())
            })
            .collect();
        segments.push(fixed.join("-"));
    }
    let mut out = segments.join("/");
    // Lower-case suffixes that are lower case in official numbers.
    if out.ends_with("-TTG") {
        out.truncate(out.len() - 3);
        out.push_str("TTg");
    }
    out
}

/// Matching key: upper case ASCII, no spaces, `Đ` → `D`, dashes normalised.
pub fn key(input: &str) -> String {
    normalize::fold_key(&canonical(input)).to_uppercase()
}

/// Parse a user's loose spelling (`nd 62/2015`, `62/2015/nd-cp`) into a key prefix usable for
/// matching. Returns the [`key`] when the input is a full number.
pub fn loose_key(input: &str) -> String {
    key(input)
}

/// The year in a number, if it carries one (`91/2015/QH13` → 2015).
pub fn year(number: &str) -> Option<i32> {
    let parts: Vec<&str> = number.split('/').collect();
    if parts.len() == 3 { parts[1].parse().ok() } else { None }
}

/// The issuer code after the last `/` (`NĐ-CP`, `QH13`, `TT-BTP`).
pub fn issuer_code(number: &str) -> Option<&str> {
    number.rsplit('/').next().filter(|s| !s.is_empty())
}

/// Document type implied by the issuer code of a number, where the code fixes it.
pub fn type_from_number(number: &str) -> Option<&'static str> {
    let code = issuer_code(number)?;
    let k = normalize::fold_key(code).to_uppercase();
    let first = k.split('-').next().unwrap_or("");
    Some(match first {
        "ND" => "Nghị định",
        "TT" => "Thông tư",
        "TTLT" => "Thông tư liên tịch",
        "QD" => "Quyết định",
        "NQ" => "Nghị quyết",
        "CT" => "Chỉ thị",
        "VBHN" => "Văn bản hợp nhất",
        "L" => "Lệnh",
        "AL" => "Án lệ",
        _ if first.starts_with("UBTVQH") => "Nghị quyết",
        _ if first.starts_with("QH") => "Luật",
        _ if first.starts_with("PL") => "Pháp lệnh",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_share_one_key() {
        for s in ["122/2021/NĐ-CP", "122/2021/ND-CP", "122/2021/nd-cp", "122/2021/NÐ-CP", " 122 / 2021 / NĐ-CP "] {
            assert_eq!(key(s), "122/2021/ND-CP", "{s}");
        }
        assert_eq!(key("91/2015/qh13"), key("91/2015/QH13"));
    }

    #[test]
    fn canonical_restores_d() {
        assert_eq!(canonical("122/2021/ND-CP"), "122/2021/NĐ-CP");
        assert_eq!(canonical("03/2017/nq-hdtp"), "03/2017/NQ-HĐTP");
        assert_eq!(canonical("749/qd-ttg"), "749/QĐ-TTg");
        assert_eq!(canonical("01/2016/tt-btp"), "01/2016/TT-BTP");
        assert_eq!(canonical("67/VBHN-VPQH"), "67/VBHN-VPQH");
    }

    #[test]
    fn recognises_numbers() {
        assert!(looks_like_number("91/2015/QH13"));
        assert!(looks_like_number("749/QĐ-TTg"));
        assert!(!looks_like_number("Điều 5"));
        assert!(!looks_like_number("1/2"));
        assert!(looks_like_number("08a/2010/TT-BTP"));
        assert!(looks_like_number("66.20/2026/NQ-CP"));
        assert!(looks_like_number("72/2025/NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN"));
        assert!(looks_like_number("20/QĐ-HĐGDQP&ANTW"));
        assert!(!looks_like_number("và/hoặc"));
        assert_eq!(type_from_number("91/2015/QH13"), Some("Luật"));
        assert_eq!(type_from_number("326/2016/UBTVQH14"), Some("Nghị quyết"));
        assert_eq!(year("62/2015/NĐ-CP"), Some(2015));
    }
}
