//! Text normalisation — done before anything else touches input text.
//!
//! Two layers:
//! - [`clean`] rewrites text for storage and display: NFC, `Ð/ð` (U+00D0/U+00F0, Icelandic eth, used by
//!   legacy fonts for `Đ/đ`), `Ƣ/ƣ` (U+01A2/U+01A3, the PDF font bug for `Ư/ư`), no-break and other odd
//!   spaces to a plain space, zero-width characters removed. It keeps tone placement as the source wrote
//!   it (`hoà` stays `hoà`).
//! - [`match_key`] gives a key for comparing text: lower case, and the tone mark of each syllable moved to
//!   the syllable's end, so old and new tone placement (`hoà`/`hòa`, `thuỷ`/`thủy`, `uỷ`/`ủy`) compare
//!   equal. [`fold_key`] further drops every diacritic and maps `đ` to `d` (for typing without accents).

use unicode_normalization::UnicodeNormalization;

/// Clean text for storage: NFC, Đ/Ư confusables, plain spaces. Line breaks are kept.
pub fn clean(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.nfc() {
        match c {
            '\u{00D0}' => out.push('Đ'),
            '\u{00F0}' => out.push('đ'),
            '\u{01A2}' => out.push('Ư'),
            '\u{01A3}' => out.push('ư'),
            '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2002}' | '\u{2003}' | '\u{2009}' | '\u{3000}' => out.push(' '),
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}' => {}
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Clean one line: [`clean`] plus tabs to spaces, runs of spaces collapsed, ends trimmed.
pub fn clean_line(input: &str) -> String {
    let cleaned = clean(input);
    collapse_spaces(&cleaned)
}

/// Collapse runs of spaces and tabs into one space and trim both ends.
pub fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c == ' ' || c == '\t' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Combining tone marks of Vietnamese (huyền, sắc, ngã, hỏi, nặng).
fn is_tone_mark(c: char) -> bool {
    matches!(c, '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}')
}

/// Key for comparing Vietnamese text: lower case, NFC-cleaned, tone placement made irrelevant.
///
/// Each word's tone mark is moved to the end of the word (in decomposed form), then the key is
/// recomposed. `hoà` and `hòa` both become `hoa` + grave accent at the end.
pub fn match_key(input: &str) -> String {
    let cleaned = clean(input).to_lowercase();
    let mut out = String::with_capacity(cleaned.len() + 8);
    let mut word = String::new();
    let mut tone: Option<char> = None;
    let flush = |out: &mut String, word: &mut String, tone: &mut Option<char>| {
        out.push_str(word);
        if let Some(t) = tone.take() {
            out.push(t);
        }
        word.clear();
    };
    for c in cleaned.nfd() {
        if is_tone_mark(c) {
            tone = Some(c);
        } else if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) {
            word.push(c);
        } else {
            flush(&mut out, &mut word, &mut tone);
            out.push(c);
        }
    }
    flush(&mut out, &mut word, &mut tone);
    out
}

/// Key without any diacritics: lower case, `đ` → `d`, all marks dropped.
pub fn fold_key(input: &str) -> String {
    clean(input)
        .to_lowercase()
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// True if two texts are equal once tone placement, case and Unicode form are ignored.
pub fn same_text(a: &str, b: &str) -> bool {
    match_key(a) == match_key(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_and_confusables() {
        assert_eq!(clean("Đie\u{0300}u"), "Đi\u{00E8}u");
        assert_eq!(clean("Đie\u{0302}\u{0300}u 1"), "Điều 1");
        assert_eq!(clean("\u{00D0}iều 5"), "Điều 5");
        assert_eq!(clean("NƢỚC"), "NƯỚC");
        assert_eq!(clean("Chương\u{00A0}III"), "Chương III");
    }

    #[test]
    fn tone_placement_is_irrelevant_for_matching() {
        assert!(same_text("hoà giải", "hòa giải"));
        assert!(same_text("thuỷ lợi", "thủy lợi"));
        assert!(same_text("Uỷ ban", "ủy ban"));
        assert!(!same_text("hoà", "hoá"));
        assert!(!same_text("đá", "da"));
    }

    #[test]
    fn folding_drops_marks_and_maps_dd() {
        assert_eq!(fold_key("Thời hạn tự nguyện thi hành án"), "thoi han tu nguyen thi hanh an");
        assert_eq!(fold_key("NĐ-CP"), "nd-cp");
    }

    #[test]
    fn collapse() {
        assert_eq!(clean_line("\t 1.  Điều\u{00A0} này "), "1. Điều này");
    }
}
