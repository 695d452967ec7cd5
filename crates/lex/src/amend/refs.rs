//! Reference groups inside an amendment instruction, small unit to large, with lists and ranges:
//! `điểm a, điểm b khoản 1 và điểm a, điểm b khoản 2 Điều 50` → four point paths; missing outer units
//! come from the instruction's context (`khoản 4` inside an instruction about `Điều 46`).

use crate::normalize;
use crate::parse::eid_token;

/// Units of a reference, small to large.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    Point = 1,
    Clause = 2,
    Article = 3,
}

impl Unit {
    fn prefix(self) -> &'static str {
        match self {
            Unit::Point => "pt",
            Unit::Clause => "cl",
            Unit::Article => "art",
        }
    }
}

/// A path from a small unit up to (possibly) an article: `[(Point, "a"), (Clause, "1"), (Article, "50")]`.
pub type Path = Vec<(Unit, String)>;

/// The eId of a path, after filling missing outer units from `context` (itself a path).
pub fn to_eid(path: &Path, context: &Path) -> Option<String> {
    let mut full: Path = path.clone();
    let outer = full.iter().map(|(u, _)| *u).max()?;
    for (u, n) in context.iter() {
        if *u > outer && !full.iter().any(|(fu, _)| fu == u) {
            full.push((*u, n.clone()));
        }
    }
    // A point directly under an article (no clause) is allowed; otherwise every level must be there.
    if !full.iter().any(|(u, _)| *u == Unit::Article) {
        return None;
    }
    full.sort_by_key(|(u, _)| std::cmp::Reverse(*u));
    Some(full.iter().map(|(u, n)| format!("{}_{}", u.prefix(), eid_token(n))).collect::<Vec<_>>().join("__"))
}

fn unit_word(w: &str) -> Option<Unit> {
    match normalize::fold_key(w).as_str() {
        "diem" => Some(Unit::Point),
        "khoan" => Some(Unit::Clause),
        "dieu" => Some(Unit::Article),
        _ => None,
    }
}

fn is_num(unit: Unit, w: &str) -> bool {
    let w = w.trim_end_matches([',', ';', '.', ':']);
    match unit {
        Unit::Point => {
            let mut c = w.chars();
            c.next().is_some_and(|f| crate::parse::line::POINT_LETTERS.contains(&f))
                && c.all(|d| d.is_ascii_digit())
                && w.chars().count() <= 3
        }
        Unit::Clause | Unit::Article => {
            w.chars().next().is_some_and(|c| c.is_ascii_digit())
                && w.chars().all(|c| c.is_ascii_alphanumeric() || c == 'đ')
                && w.len() <= 6
        }
    }
}

/// Find every reference path in `text` (the instruction line, payload excluded).
pub fn find(text: &str) -> Vec<Path> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut done: Vec<Path> = vec![];
    let mut open: Vec<Path> = vec![];
    let mut i = 0;
    while i < words.len() {
        let w = words[i].trim_start_matches('(');
        let lower = normalize::fold_key(w);
        // Ranges: `từ Điều 10 đến Điều 15`.
        if lower == "tu"
            && i + 4 < words.len()
            && unit_word(words[i + 1]) == Some(Unit::Article)
            && normalize::fold_key(words[i + 3]) == "den"
        {
            let a = words[i + 2].trim_end_matches([',', ';', '.']).parse::<u32>();
            let b = words[i + 4 + usize::from(unit_word(words[i + 4]).is_some())]
                .trim_end_matches([',', ';', '.'])
                .parse::<u32>();
            if let (Ok(a), Ok(b)) = (a, b)
                && a <= b
                && b - a < 500
            {
                for n in a..=b {
                    done.push(vec![(Unit::Article, n.to_string())]);
                }
                i += 5 + usize::from(unit_word(words[i + 4]).is_some());
                continue;
            }
        }
        let Some(unit) = unit_word(w.trim_end_matches([',', ';', '.', ':'])) else {
            // Words that do not break a reference group.
            if !matches!(lower.trim_end_matches(','), "va" | "cac" | "," | "cua" | "tai" | "hoac") {
                done.append(&mut open);
            }
            i += 1;
            continue;
        };
        // Numbers after the unit word: `a, b và c`.
        let mut nums = vec![];
        let mut j = i + 1;
        while j < words.len() && is_num(unit, words[j]) {
            nums.push(words[j].trim_end_matches([',', ';', '.', ':']).to_string());
            let ends = words[j].ends_with([';', '.', ':']);
            j += 1;
            if ends {
                break;
            }
            if j < words.len()
                && normalize::fold_key(words[j]) == "va"
                && j + 1 < words.len()
                && is_num(unit, words[j + 1])
            {
                j += 1;
            }
        }
        if nums.is_empty() {
            i += 1;
            continue;
        }
        let extends = open.last().and_then(|p| p.iter().map(|(u, _)| *u).max()).is_some_and(|outer| outer < unit);
        if extends {
            open = open
                .into_iter()
                .flat_map(|p| {
                    let outer = p.iter().map(|(u, _)| *u).max().unwrap_or(Unit::Point);
                    if outer < unit {
                        nums.iter()
                            .map(|n| {
                                let mut q = p.clone();
                                q.push((unit, n.clone()));
                                q
                            })
                            .collect::<Vec<_>>()
                    } else {
                        vec![p]
                    }
                })
                .collect();
        } else {
            open.extend(nums.iter().map(|n| vec![(unit, n.clone())]));
        }
        if unit == Unit::Article {
            done.append(&mut open);
        }
        i = j;
    }
    done.append(&mut open);
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eids(text: &str, ctx: &Path) -> Vec<String> {
        find(text).iter().filter_map(|p| to_eid(p, ctx)).collect()
    }

    #[test]
    fn groups_lists_and_context() {
        assert_eq!(
            eids("Bãi bỏ Điều 49 và điểm a, điểm b khoản 1 và điểm a, điểm b khoản 2 Điều 50.", &vec![]),
            ["art_49", "art_50__cl_1__pt_a", "art_50__cl_1__pt_b", "art_50__cl_2__pt_a", "art_50__cl_2__pt_b"]
        );
        let ctx = vec![(Unit::Article, "46".to_string())];
        assert_eq!(
            eids("Bổ sung điểm c vào sau điểm b khoản 4 như sau:", &ctx),
            ["art_46__pt_c", "art_46__cl_4__pt_b"]
        );
        assert_eq!(
            eids("Sửa đổi, bổ sung khoản 4 và khoản 5 Điều 16 như sau:", &vec![]),
            ["art_16__cl_4", "art_16__cl_5"]
        );
        assert_eq!(eids("các khoản 1, 2 và 3 Điều 45", &vec![]), ["art_45__cl_1", "art_45__cl_2", "art_45__cl_3"]);
        assert_eq!(eids("từ Điều 10 đến Điều 12", &vec![]), ["art_10", "art_11", "art_12"]);
        assert_eq!(eids("Bổ sung điểm đ vào sau điểm d khoản 1", &ctx)[1], "art_46__cl_1__pt_d");
    }
}
