//! Metadata from a document's own text: the header (issuer, `Số:`, place and date, type, title), the
//! preamble's legal bases, the signer, entry into force and the documents it ends.

use super::line::{self, Line};
use crate::date::{self, Date};
use crate::model::{EndsOther, EventKind, Kind, Metadata, Node};
use crate::number;
use regex::Regex;
use std::sync::LazyLock;

/// Document types as printed on their own line in the header, longest first.
const TYPE_LINES: &[(&str, &str)] = &[
    ("THÔNG TƯ LIÊN TỊCH", "Thông tư liên tịch"),
    ("NGHỊ QUYẾT LIÊN TỊCH", "Nghị quyết liên tịch"),
    ("VĂN BẢN HỢP NHẤT", "Văn bản hợp nhất"),
    ("BỘ LUẬT", "Bộ luật"),
    ("NGHỊ ĐỊNH", "Nghị định"),
    ("NGHỊ QUYẾT", "Nghị quyết"),
    ("THÔNG TƯ", "Thông tư"),
    ("QUYẾT ĐỊNH", "Quyết định"),
    ("PHÁP LỆNH", "Pháp lệnh"),
    ("HIẾN PHÁP", "Hiến pháp"),
    ("CHỈ THỊ", "Chỉ thị"),
    ("LUẬT", "Luật"),
    ("LỆNH", "Lệnh"),
];

/// Known issuers in their usual written form, keyed by the upper-case header spelling.
const ISSUERS: &[(&str, &str)] = &[
    ("QUỐC HỘI", "Quốc hội"),
    ("ỦY BAN THƯỜNG VỤ QUỐC HỘI", "Ủy ban Thường vụ Quốc hội"),
    ("CHÍNH PHỦ", "Chính phủ"),
    ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
    ("CHỦ TỊCH NƯỚC", "Chủ tịch nước"),
    ("HỘI ĐỒNG THẨM PHÁN TÒA ÁN NHÂN DÂN TỐI CAO", "Hội đồng Thẩm phán Tòa án nhân dân tối cao"),
    ("TÒA ÁN NHÂN DÂN TỐI CAO", "Tòa án nhân dân tối cao"),
    ("VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO", "Viện kiểm sát nhân dân tối cao"),
    ("KIỂM TOÁN NHÀ NƯỚC", "Kiểm toán nhà nước"),
    ("VĂN PHÒNG QUỐC HỘI", "Văn phòng Quốc hội"),
    ("VĂN PHÒNG CHÍNH PHỦ", "Văn phòng Chính phủ"),
];

/// The header read from the first lines.
pub struct Header {
    pub meta: Metadata,
    /// Index of the first line after the title (preamble or body starts there).
    pub body_start: usize,
}

static NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:bộ luật|luật|pháp lệnh|nghị quyết|lệnh|văn bản hợp nhất)\s+)?số\s*[:.]?\s*(\S+)")
        .expect("valid regex")
});
static INLINE_NUMBER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bsố\s*:?\s*(\d{1,5}/(?:\d{4}/)?[A-Za-zĐđÐ0-9\-]+)").expect("valid regex"));
static PLACE_DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([^,]{2,60}),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})").expect("valid regex")
});

/// Read the header: everything up to the end of the title.
pub fn read_header(lines: &[String]) -> Header {
    let mut meta = Metadata::default();
    // The header ends at the first structural line or `Căn cứ` line.
    let limit = lines
        .iter()
        .position(|l| {
            l.starts_with("Căn cứ")
                || !matches!(line::classify(l), Line::Text | Line::Clause { .. } | Line::Point { .. })
        })
        .unwrap_or(lines.len())
        .min(60);
    let head = &lines[..limit];

    let mut issuer_lines: Vec<&str> = vec![];
    let mut issuer_done = false;
    let mut type_idx = None;
    for (i, l) in head.iter().enumerate() {
        let l = l.as_str();
        if is_separator(l) {
            if !issuer_lines.is_empty() {
                issuer_done = true;
            }
            continue;
        }
        if l.starts_with("CỘNG HÒA") || l.starts_with("CỘNG HOÀ") || l.starts_with("Độc lập") {
            issuer_done = true;
            continue;
        }
        if meta.number.is_none()
            && let Some(c) = NUMBER_RE.captures(l)
        {
            let candidate = number::canonical(c[1].trim_end_matches([',', ';', '.']));
            issuer_done = true;
            if number::looks_like_number(&candidate) {
                meta.number = Some(candidate);
                if let Some(t) = law_type_prefix(l) {
                    meta.doc_type.get_or_insert(t.to_string());
                }
            }
            continue;
        }
        if meta.issued.is_none()
            && let Some(c) = PLACE_DATE_RE.captures(l)
        {
            meta.place = Some(c[1].trim().to_string());
            meta.issued = Date::new(c[4].parse().unwrap_or(0), c[3].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
            issuer_done = true;
            continue;
        }
        if let Some((t, rest)) = type_line(l) {
            meta.doc_type = Some(t.to_string());
            type_idx = Some(i);
            if !rest.is_empty() {
                meta.title = Some(rest.to_string());
            }
            break;
        }
        if !issuer_done && line::is_upper_text(l) && l.chars().count() < 80 && !l.starts_with("DỰ THẢO") {
            issuer_lines.push(l);
        }
    }
    // Web pages leave debris above the issuer (`MỤC LỤC VĂN BẢN`): prefer the longest known suffix.
    let known = (0..issuer_lines.len()).find_map(|k| {
        let joined = issuer_lines[k..].join(" ");
        ISSUERS.iter().find(|(u, _)| *u == joined).map(|(_, n)| n.to_string())
    });
    // Without a type line the header is uncertain: only a known issuer is trusted (a precedent's
    // capitalised `QUYẾT ĐỊNH:` section heading is not an issuer).
    meta.issuer = known.or_else(|| issuer_lines.last().filter(|_| type_idx.is_some()).map(|l| issuer_name(l)));

    // Title: lines after the type line up to a separator, the issuer repeated, or the preamble.
    let mut body_start = 0;
    if let Some(ti) = type_idx {
        let mut title_lines: Vec<&str> = meta.title.iter().map(|s| s.as_str()).collect();
        let mut j = ti + 1;
        while j < limit {
            let l = lines[j].as_str();
            if is_separator(l) {
                j += 1;
                break;
            }
            // A lead-in ending in `:` (`… Bộ trưởng Bộ Tư pháp yêu cầu:`) opens the body of a
            // document without articles (a directive); it is never part of a title.
            if l.starts_with("Căn cứ")
                || l.starts_with("Theo đề nghị")
                || (!title_lines.is_empty() && l.trim_end().ends_with(':'))
                || (meta.issuer.as_deref().is_some_and(|i| l.eq_ignore_ascii_case(i)))
            {
                break;
            }
            if !title_lines.is_empty() && !line::is_upper_text(l) && line::is_upper_text(title_lines[0]) {
                break;
            }
            title_lines.push(l);
            j += 1;
            if title_lines.len() >= 6 {
                break;
            }
        }
        if !title_lines.is_empty() {
            meta.title = Some(compose_title(meta.doc_type.as_deref(), &title_lines.join(" ")));
        }
        body_start = j;
    } else {
        // No type line (a precedent, a consolidated text, a bare text). A consolidated text gives its
        // subject in capitals after the date line; otherwise the title is the first line.
        let after_date = head.iter().position(|l| PLACE_DATE_RE.is_match(l)).map(|i| i + 1);
        let caps_title =
            after_date.filter(|&i| i < limit && line::is_upper_text(&lines[i]) && !is_separator(&lines[i]));
        if let Some(i) = caps_title {
            let doc_type = meta.number.as_deref().and_then(number::type_from_number);
            meta.title = Some(compose_title(doc_type, &lines[i]));
            body_start = i + 1;
        } else if let Some(first) = lines.first() {
            // A precedent: `ÁN LỆ SỐ 43/2021/AL` + `Về …` on the next line.
            let mut title = if line::is_upper_text(first) { capitalise(&lower_caps(first)) } else { first.clone() };
            if let Some(next) = lines.get(1).filter(|n| n.starts_with("Về ") || n.starts_with("về ")) {
                title = format!("{title} {}", lower_first(next));
            }
            meta.title = Some(strip_footnote_marks(&title).chars().take(300).collect());
        }
        if meta.number.is_none() {
            meta.number = lines
                .iter()
                .take(5)
                .find_map(|l| INLINE_NUMBER_RE.captures(l))
                .map(|c| number::canonical(&strip_footnote_marks(&c[1])));
        }
    }
    if meta.doc_type.is_none() {
        meta.doc_type = meta.number.as_deref().and_then(number::type_from_number).map(str::to_string);
    }
    Header { meta, body_start }
}

/// A footnote mark that a PDF text layer glues to a precedent number (`43/2021/AL1` → `43/2021/AL`):
/// precedent codes never carry digits.
fn strip_footnote_marks(s: &str) -> String {
    s.split(' ')
        .map(|word| match word.to_uppercase().find("/AL") {
            Some(i) if word.len() > i + 3 && word[i + 3..].chars().all(|c| c.is_ascii_digit()) => &word[..i + 3],
            _ => word,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn law_type_prefix(l: &str) -> Option<&'static str> {
    let lower = l.to_lowercase();
    if lower.starts_with("bộ luật") {
        Some("Bộ luật")
    } else if lower.starts_with("luật") {
        Some("Luật")
    } else if lower.starts_with("pháp lệnh") {
        Some("Pháp lệnh")
    } else {
        None
    }
}

fn is_separator(l: &str) -> bool {
    l.chars().all(|c| matches!(c, '-' | '_' | '=' | '*' | '.' | '–' | '—' | ' ')) && l.chars().count() >= 3
}

/// `NGHỊ ĐỊNH` alone, or `LUẬT SỬA ĐỔI …` (type and title on one line).
fn type_line(l: &str) -> Option<(&'static str, &str)> {
    if !line::is_upper_text(l) {
        return None;
    }
    for (printed, name) in TYPE_LINES {
        if let Some(rest) = l.strip_prefix(printed) {
            if rest.is_empty() {
                return Some((name, ""));
            }
            if rest.starts_with(' ') && matches!(*name, "Luật" | "Bộ luật" | "Pháp lệnh") {
                return Some((name, rest.trim()));
            }
        }
    }
    None
}

/// An issuer's usual written form from its header spelling (`CHÍNH PHỦ` → `Chính phủ`).
pub fn issuer_name(upper: &str) -> String {
    ISSUERS.iter().find(|(u, _)| *u == upper).map(|(_, n)| n.to_string()).unwrap_or_else(|| sentence_case(upper))
}

/// `BỘ TƯ PHÁP` → `Bộ tư pháp`-like sentence case, keeping `Bộ X` capitalised (`Bộ Tư pháp`).
fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut words: Vec<String> = lower.split(' ').map(str::to_string).collect();
    if let Some(w) = words.first_mut() {
        *w = capitalise(w);
    }
    if words.len() > 1 && (words[0] == "Bộ" || words[0] == "Ủy" || words[0] == "Sở") {
        words[1] = capitalise(&words[1]);
    }
    words.join(" ")
}

/// A person's name written in capitals (`TRẦN VĂN HIẾU`) in title case (`Trần Văn Hiếu`).
pub fn person_name(s: &str) -> String {
    s.split_whitespace().map(|w| capitalise(&w.to_lowercase())).collect::<Vec<_>>().join(" ")
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Title to display from a type and the printed subject: `Bộ luật Dân sự`, `Luật Thi hành án dân sự`, `Nghị định quy định …`.
pub fn compose_title(doc_type: Option<&str>, raw: &str) -> String {
    let subject = if line::is_upper_text(raw) { lower_caps(raw) } else { raw.to_string() };
    let Some(t) = doc_type else {
        return capitalise(&subject);
    };
    let named = matches!(t, "Luật" | "Bộ luật" | "Pháp lệnh" | "Hiến pháp");
    let mut subject = subject.trim().to_string();
    // A summary that already names the type (`luật Khiếu nại`) is not prefixed again.
    if let Some(rest) = strip_type(&subject, t) {
        subject = rest;
    }
    if named {
        // The law's name: `Luật Thi hành án dân sự`; an amending law keeps lower case.
        let starts_amend = subject.to_lowercase().starts_with("sửa đổi");
        subject = if starts_amend { lower_first(&subject) } else { capitalise(&subject) };
    } else {
        subject = lower_first(&subject);
    }
    if subject.is_empty() { t.to_string() } else { format!("{t} {subject}") }
}

/// The subject without a leading type word (`luật Khiếu nại` → `Khiếu nại`), if it has one.
fn strip_type(subject: &str, doc_type: &str) -> Option<String> {
    let head: String = subject.chars().take(doc_type.chars().count()).collect();
    let rest = &subject[head.len()..];
    let rest_lower = rest.trim().to_lowercase();
    // `Luật sư` (lawyer) is a word, not the type: the Law on Lawyers is `Luật Luật sư`.
    let is_word = rest_lower == "sư" || rest_lower.starts_with("sư ");
    // Compared without diacritics: the sources misspell the type (`Luât Dân quân tự vệ`).
    let same_type = crate::normalize::fold_key(&head) == crate::normalize::fold_key(doc_type);
    (same_type && rest.starts_with(' ') && !is_word).then(|| rest.trim().to_string())
}

/// Lower-case an all-caps title, keeping document numbers and the names of laws cited in it
/// (`… CỦA LUẬT DOANH NGHIỆP SỐ 59/2020/QH14` → `… của Luật Doanh nghiệp số 59/2020/QH14`).
fn lower_caps(raw: &str) -> String {
    let words: Vec<String> = raw
        .split(' ')
        .map(|w| {
            let core = w.trim_end_matches([',', ';', '.', ')']);
            if number::looks_like_number(core) {
                format!("{}{}", number::canonical(core), &w[core.len()..])
            } else {
                w.to_lowercase()
            }
        })
        .collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        let next = words.get(i + 1).map(String::as_str);
        let prev = if i > 0 { words[i - 1].as_str() } else { "" };
        // Type words that start the name of a law inside a title: `Luật X`, `Bộ luật X`, `Pháp lệnh X`.
        let two_word = (w == "bộ" && next == Some("luật")) || (w == "pháp" && next == Some("lệnh"));
        let starts_name = i > 0 && (two_word || (w == "luật" && prev != "bộ"));
        // `nghị định số 122/2021/NĐ-CP`, `của chính phủ`: names of types and bodies keep their capital.
        let typed_number = next == Some("số") && matches!(w, "định" | "tư" | "quyết" | "lệnh");
        if typed_number
            && i > 0
            && let Some(prev_word) = out.last_mut()
        {
            *prev_word = capitalise(prev_word);
        }
        if matches!((w, next), ("chính", Some("phủ")) | ("quốc", Some("hội"))) {
            out.push(capitalise(w));
            i += 1;
            continue;
        }
        if !starts_name {
            out.push(words[i].clone());
            i += 1;
            continue;
        }
        out.push(capitalise(w));
        i += 1;
        if two_word {
            out.push(words[i].clone());
            i += 1;
        }
        if let Some(name) = words.get(i) {
            out.push(capitalise(name));
            i += 1;
        }
    }
    out.join(" ")
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

static EFFECT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"có hiệu lực(?: thi hành)?(?: (?:kể )?từ| sau)?\s+(ngày ký(?: ban hành)?|ngày ký|ngày\s+\d[^.;]{4,40}|\d+ ngày kể từ ngày ký)").expect("valid regex")
});
static NUM_IN_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"số\s+(\d{1,5}/(?:\d{4}/)?[A-Za-zĐđ0-9\-]+)").expect("valid regex"));

/// Fill what the body tells: bases, issue date of laws, signer, entry into force, ended documents.
pub fn complete(meta: &mut Metadata, root: &Node) {
    for child in &root.children {
        match child.kind {
            Kind::Preamble => {
                meta.bases = child
                    .text
                    .lines()
                    .filter(|l| l.starts_with("Căn cứ"))
                    .map(|l| l.trim_end_matches([';', '.']).to_string())
                    .collect();
            }
            Kind::Signature => {
                if meta.issued.is_none()
                    && let Some(line) = child.text.lines().find(|l| l.contains("thông qua ngày"))
                {
                    let from = line.find("thông qua").unwrap_or(0);
                    meta.issued = date::find_date_phrase(&line[from..]).map(|(d, _)| d);
                }
                meta.signer = child.text.lines().rev().find(|l| looks_like_name(l)).map(|l| l.to_string());
            }
            _ => {}
        }
    }
    // Entry into force: the article headed "Hiệu lực …" first, else any article.
    let articles: Vec<&Node> =
        root.walk().map(|(n, _)| n).filter(|n| n.kind == Kind::Article && !n.eid.starts_with("annex")).collect();
    let effect_articles: Vec<&Node> = articles
        .iter()
        .copied()
        .filter(|a| {
            a.heading
                .as_deref()
                .is_some_and(|h| h.contains("hiệu lực") || h.contains("Hiệu lực") || h.contains("thi hành"))
        })
        .collect();
    let search: Vec<&Node> =
        if effect_articles.is_empty() { articles.iter().rev().take(3).copied().collect() } else { effect_articles };
    for art in search {
        let text = subtree_text(art);
        if meta.effective.is_none()
            && let Some(c) = EFFECT_RE.captures(&text)
        {
            let phrase = &c[1];
            if phrase.starts_with("ngày ký") {
                meta.effective_on_signing = true;
                meta.effective = meta.issued;
            } else if let Some(days) = phrase.split(' ').next().and_then(|d| d.parse::<i64>().ok()) {
                meta.effective = meta.issued.map(|d| Date::from_days(d.to_days() + days));
            } else if let Some((d, _)) = date::find_date_phrase(phrase) {
                meta.effective = Some(d);
            }
        }
        for line in text.lines() {
            ends_in_line(line, meta);
        }
    }
}

/// Documents a line says end: `<văn bản>; <văn bản> hết hiệu lực kể từ ngày …` (each part before
/// `hết hiệu lực` / `bị bãi bỏ`, split on `;`, named by its number or, lacking one, its name).
fn ends_in_line(line: &str, meta: &mut Metadata) {
    for verb in ["hết hiệu lực", "bị bãi bỏ"] {
        let Some(pos) = line.find(verb) else { continue };
        let subject = &line[..pos];
        let when = line[pos..].split_once("từ ngày").map(|(_, w)| w).unwrap_or("");
        let date = if when.is_empty() || when.contains(" này có hiệu lực") {
            meta.effective
        } else {
            date::find_date_phrase(&format!("ngày {when}")).map(|(d, _)| d).or(meta.effective)
        };
        let how = if verb == "bị bãi bỏ" { EventKind::Repealed } else { EventKind::Expired };
        for part in subject.split(';') {
            let part = part.trim().trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
            const TYPES: [&str; 9] = [
                "Bộ luật",
                "Luật",
                "Pháp lệnh",
                "Nghị định",
                "Nghị quyết",
                "Thông tư liên tịch",
                "Thông tư",
                "Quyết định",
                "Chỉ thị",
            ];
            let Some(start) = TYPES.iter().filter_map(|t| part.find(t)).min() else { continue };
            let part = &part[start..];
            let target = match NUM_IN_RE.captures(part) {
                Some(n) => number::canonical(&n[1]),
                // "Luật này", "Nghị định này": the document itself, not another one.
                None if part.contains(" này") => continue,
                None => part.split(" đã ").next().unwrap_or(part).trim().to_string(),
            };
            if !meta.ends.iter().any(|e| e.target == target) {
                meta.ends.push(EndsOther { target, date, how, partial: false });
            }
        }
    }
}

/// All text of a node and its descendants, in order.
pub fn subtree_text(node: &Node) -> String {
    let mut out = String::new();
    for (n, _) in node.walk() {
        for part in [&n.text, &n.trailing] {
            if !part.is_empty() {
                out.push_str(part);
                out.push('\n');
            }
        }
    }
    out
}

/// A signer's name: 2–6 capitalised words, no digits, not a title line.
fn looks_like_name(l: &str) -> bool {
    let words: Vec<&str> = l.split_whitespace().collect();
    if !(2..=6).contains(&words.len()) || l.chars().any(|c| c.is_ascii_digit() || c == ':' || c == '.' || c == ',') {
        return false;
    }
    if line::is_upper_text(l) {
        // Names in capitals exist, but titles are far more common: reject known title words.
        const TITLE_WORDS: &[&str] = &[
            "CHỦ",
            "TỊCH",
            "THỦ",
            "TƯỚNG",
            "BỘ",
            "TRƯỞNG",
            "CHÁNH",
            "ÁN",
            "VIỆN",
            "QUỐC",
            "HỘI",
            "CHÍNH",
            "PHỦ",
            "KÝ",
            "THAY",
            "PHÓ",
            "TM",
            "KT",
            "TỔNG",
            "NHÀ",
            "NƯỚC",
        ];
        return !words.iter().any(|w| TITLE_WORDS.contains(w));
    }
    words.iter().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
}

#[cfg(test)]
mod title_tests {
    use super::compose_title;

    #[test]
    fn a_summary_that_names_its_type_is_not_prefixed_twice() {
        assert_eq!(compose_title(Some("Luật"), "luật Khiếu nại."), "Luật Khiếu nại.");
        assert_eq!(compose_title(Some("Luật"), "Khiếu nại"), "Luật Khiếu nại");
        // A misspelt type in the source is still the type.
        assert_eq!(compose_title(Some("Luật"), "Luât Dân quân tự vệ"), "Luật Dân quân tự vệ");
        assert_eq!(compose_title(Some("Luật"), "luật Luật sư"), "Luật Luật sư");
        assert_eq!(compose_title(Some("Luật"), "Luật sư"), "Luật Luật sư");
        assert_eq!(
            compose_title(Some("Luật"), "Luật sửa đổi, bổ sung một số điều của Luật chứng khoán"),
            "Luật sửa đổi, bổ sung một số điều của Luật chứng khoán"
        );
        assert_eq!(compose_title(Some("Nghị định"), "quy định chi tiết"), "Nghị định quy định chi tiết");
        assert_eq!(compose_title(Some("Bộ luật"), "Bộ luật hình sự"), "Bộ luật Hình sự");
    }
}
