//! A text with its citations: cut into plain and cited pieces (to highlight and link them), and
//! rewritten with edits (to apply fixes). Spans that overlap an earlier one, fall outside the text or
//! off a char boundary are ignored, never a panic.

use serde::Serialize;
use std::ops::Range;

/// A piece of text; `mark` is the index of the span it belongs to, `None` for plain text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Piece<'a> {
    pub text: &'a str,
    pub mark: Option<usize>,
}

fn usable(text: &str, r: &Range<usize>) -> bool {
    r.start < r.end && r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
}

/// Cut `text` at `spans` (each with its mark), in text order.
pub fn pieces<'a>(text: &'a str, spans: &[(Range<usize>, usize)]) -> Vec<Piece<'a>> {
    let mut sorted: Vec<&(Range<usize>, usize)> = spans.iter().filter(|(r, _)| usable(text, r)).collect();
    sorted.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut out = vec![];
    let mut at = 0;
    for (r, mark) in sorted {
        if r.start < at {
            continue;
        }
        if r.start > at {
            out.push(Piece { text: &text[at..r.start], mark: None });
        }
        out.push(Piece { text: &text[r.clone()], mark: Some(*mark) });
        at = r.end;
    }
    if at < text.len() {
        out.push(Piece { text: &text[at..], mark: None });
    }
    out
}

/// One replacement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Range<usize>,
    pub replacement: String,
}

/// `text` with `edits` applied (in text order; an edit overlapping an earlier one is skipped).
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().filter(|e| e.span.start == e.span.end || usable(text, &e.span)).collect();
    sorted.retain(|e| e.span.end <= text.len() && text.is_char_boundary(e.span.start));
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        if e.span.start < at {
            continue;
        }
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_and_edit() {
        let t = "theo khoản 3 Điều 4 này";
        let (a, b) = (t.find('k').unwrap(), t.find(" này").unwrap());
        let p = pieces(t, &[(a..b, 0), (a + 1..a + 2, 1), (100..200, 2)]);
        assert_eq!(
            p,
            [
                Piece { text: "theo ", mark: None },
                Piece { text: "khoản 3 Điều 4", mark: Some(0) },
                Piece { text: " này", mark: None }
            ]
        );
        let (three, four) = (t.find('3').unwrap(), t.find('4').unwrap());
        let fixed = apply(
            t,
            &[
                Edit { span: four..four + 1, replacement: "5".into() },
                Edit { span: three..three + 1, replacement: "2".into() },
            ],
        );
        assert_eq!(fixed, "theo khoản 2 Điều 5 này");
    }

    proptest::proptest! {
        /// Arbitrary spans and edits never panic; pieces always rebuild the text.
        #[test]
        fn never_panics(text in "\\PC{0,40}", spans in proptest::collection::vec((0usize..60, 0usize..60), 0..6)) {
            let marks: Vec<(Range<usize>, usize)> = spans.iter().enumerate().map(|(i, (a, b))| (*a..*b, i)).collect();
            let rebuilt: String = pieces(&text, &marks).iter().map(|p| p.text).collect();
            proptest::prop_assert_eq!(rebuilt, text.clone());
            let edits: Vec<Edit> = spans.iter().map(|(a, b)| Edit { span: *a..*b, replacement: "x".into() }).collect();
            let _ = apply(&text, &edits);
        }
    }
}
