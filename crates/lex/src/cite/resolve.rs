//! Resolve a citation's targets to eIds: relative units (`Điều này`, `khoản này`) and missing outer
//! units (`khoản 2` inside Điều 5 is `khoản 2 Điều 5`) are filled from where the citation stands.

use super::{Target, Unit};
use crate::normalize;
use crate::parse::eid_token;
use crate::parse::line::{self, Line};
use serde::Serialize;

/// Where a line stands in its document: the Chương, Mục, Điều, khoản and điểm around it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Position {
    pub chapter: Option<u32>,
    pub section: Option<u32>,
    pub article: Option<String>,
    pub clause: Option<String>,
    pub point: Option<String>,
    /// Quoted text of an amendment instruction: structure of another document, not of this one.
    pub payload: bool,
    /// In an annex or after the signature: forms, recipients — not the body.
    pub outside_body: bool,
}

impl Position {
    /// The eId of the smallest unit around the line (`art_5__cl_2`), if inside an article.
    pub fn eid(&self) -> Option<String> {
        let mut s = format!("art_{}", eid_token(self.article.as_ref()?));
        if let Some(c) = &self.clause {
            s.push_str(&format!("__cl_{}", eid_token(c)));
        }
        if let Some(p) = &self.point {
            s.push_str(&format!("__pt_{}", eid_token(p)));
        }
        Some(s)
    }
}

fn opens_quote(s: &str) -> bool {
    s.starts_with(['“', '"', '‘'])
}

fn closes_quote(s: &str) -> bool {
    let t = s.trim_end_matches(['.', ';', ',', ':', ' ', ')']);
    t.ends_with(['”', '"', '’'])
}

/// The position of every line (paragraph) of a text, by the shape of the lines (`Điều 5.`, `2.`,
/// `a)`), quoted amendment payloads and annexes set apart.
pub fn positions<S: AsRef<str>>(lines: &[S]) -> Vec<Position> {
    let mut out = Vec::with_capacity(lines.len());
    let mut cur = Position::default();
    let mut in_quote = false;
    for raw in lines {
        let l = normalize::clean_line(raw.as_ref());
        let starts = opens_quote(&l);
        if in_quote || starts {
            let mut p = cur.clone();
            p.payload = true;
            out.push(p);
            in_quote = !(closes_quote(&l) && !(starts && l.chars().count() == 1));
            continue;
        }
        let folded = normalize::fold_key(&l);
        if folded.starts_with("phu luc") || folded.starts_with("noi nhan") {
            cur = Position { outside_body: true, ..Position::default() };
        }
        if !cur.outside_body {
            match line::classify(&l) {
                Line::Chapter { value, .. } => {
                    cur = Position { chapter: Some(value), ..Position::default() };
                }
                Line::Section { value, .. } => {
                    cur.section = Some(value);
                    cur.article = None;
                    cur.clause = None;
                    cur.point = None;
                }
                Line::Article { num, .. } => {
                    cur.article = Some(num);
                    cur.clause = None;
                    cur.point = None;
                }
                Line::Clause { num, .. } if cur.article.is_some() => {
                    cur.clause = Some(num);
                    cur.point = None;
                }
                Line::Point { num, .. } if cur.article.is_some() => cur.point = Some(num),
                _ => {}
            }
        }
        out.push(cur.clone());
    }
    out
}

/// The eId a target names, seen from `at`; `None` when a relative unit has no context (`khoản này`
/// outside any clause) or the target is not a provision path.
pub fn eid(target: &Target, at: &Position) -> Option<String> {
    let (mut art, mut cl, mut pt, mut sec, mut chp, mut part, mut subsec) = (None, None, None, None, None, None, None);
    for s in &target.steps {
        let v = if s.is_relative() {
            match s.unit {
                Unit::Article => at.article.clone(),
                Unit::Clause => at.clause.clone(),
                Unit::Point => at.point.clone(),
                Unit::Chapter => at.chapter.map(|c| c.to_string()),
                Unit::Section => at.section.map(|c| c.to_string()),
                _ => None,
            }?
        } else {
            s.num.clone()
        };
        match s.unit {
            Unit::Point => pt = Some(v),
            Unit::Clause => cl = Some(v),
            Unit::Article => art = Some(v),
            Unit::Subsection => subsec = Some(v),
            Unit::Section => sec = Some(v),
            Unit::Chapter => chp = Some(v),
            Unit::Part => part = Some(v),
        }
    }
    let outer = target.outer()?;
    if outer <= Unit::Clause && art.is_none() {
        art = at.article.clone();
        art.as_ref()?;
        if outer == Unit::Point && cl.is_none() {
            cl = at.clause.clone();
        }
    }
    if let Some(a) = art {
        let mut s = format!("art_{}", eid_token(&a));
        if let Some(c) = cl {
            s.push_str(&format!("__cl_{}", eid_token(&c)));
        }
        if let Some(p) = pt {
            s.push_str(&format!("__pt_{}", eid_token(&p)));
        }
        return Some(s);
    }
    let value = |n: &str| line::roman_or_arabic(&n.to_uppercase());
    if let Some(p) = part {
        return crate::locate::to_eid(&format!("Phần {p}")).ok();
    }
    let chp = match chp {
        Some(c) => Some(value(&c)?),
        None => at.chapter,
    };
    if let Some(s) = sec {
        let mut e = format!("chp_{}__sec_{}", chp?, value(&s)?);
        if let Some(ss) = subsec {
            e.push_str(&format!("__subsec_{}", value(&ss)?));
        }
        return Some(e);
    }
    chp.map(|c| format!("chp_{c}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cite::find::{Names, find};

    #[test]
    fn relative_and_context() {
        let lines = [
            "Chương I",
            "Điều 3. Hồ sơ",
            "1. Hồ sơ gồm:",
            "a) Văn bản đề nghị;",
            "2. Các giấy tờ quy định tại khoản 1 Điều này và điểm a khoản 1 được gửi.",
            "Điều 4. Sửa đổi",
            "1. Sửa đổi Điều 5 như sau:",
            "“Điều 5. Phạm vi",
            "1. Nội dung.”",
            "2. Khác.",
        ];
        let pos = positions(&lines);
        assert_eq!(pos[4].eid().as_deref(), Some("art_3__cl_2"));
        assert!(pos[7].payload && pos[8].payload && !pos[9].payload);
        assert_eq!(pos[9].eid().as_deref(), Some("art_4__cl_2"));
        let cs = find(lines[4], &Names::builtin());
        let eids: Vec<String> = cs[0].targets.iter().filter_map(|t| eid(t, &pos[4])).collect();
        assert_eq!(eids, ["art_3__cl_1", "art_3__cl_1__pt_a"]);
        let cs = find("Chương II và Mục 2 Chương IV", &Names::builtin());
        let eids: Vec<String> = cs.iter().flat_map(|c| c.targets.iter().filter_map(|t| eid(t, &pos[4]))).collect();
        assert_eq!(eids, ["chp_2", "chp_4__sec_2"]);
    }

    proptest::proptest! {
        /// Any lines: one position per line, and every citation found resolves without panicking.
        #[test]
        fn positions_never_panic(lines in proptest::collection::vec("(Điều [0-9]{1,3}[a]?\\. |[0-9]\\. |[a-đ]\\) |“|Chương [IVX]{1,3}|Phụ lục)?\\PC{0,30}(khoản [0-9] Điều này|điểm a khoản 2|”)?", 0..30)) {
            let pos = positions(&lines);
            proptest::prop_assert_eq!(pos.len(), lines.len());
            for (l, p) in lines.iter().zip(pos.iter()) {
                for c in find(l, &Names::builtin()) {
                    for t in &c.targets {
                        let _ = eid(t, p);
                    }
                }
            }
        }
    }
}
