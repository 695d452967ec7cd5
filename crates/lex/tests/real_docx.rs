//! The parser on the real published Word files in `../shared/data/nbtt-parsed/raw/`.
//! Skips (saying so) where the shared data is absent.

mod common;

use common::shared;
use lex::model::Kind;
use lex::parse::{docx, parse_lines};
use std::path::PathBuf;

fn parse_docx(rel: &str) -> Option<lex::Document> {
    let path = shared(rel)?;
    let bytes = std::fs::read(&path).expect("read docx");
    let d = docx::read(&bytes).expect("docx reads");
    Some(parse_lines(&d.paragraphs))
}

#[test]
fn civil_code_structure() {
    let Some(doc) = parse_docx("nbtt-parsed/raw/bo_luat/bo_luat_91_2015_QH13.docx") else {
        return;
    };
    let r = &doc.root;
    assert_eq!(r.count(Kind::Part), 6);
    assert_eq!(r.count(Kind::Chapter), 27);
    assert_eq!(r.count(Kind::Section), 39);
    assert_eq!(r.count(Kind::Subsection), 23);
    assert_eq!(doc.article_count(), 689);
    let a117 = r.find("art_117").expect("Điều 117");
    assert_eq!(a117.heading.as_deref(), Some("Điều kiện có hiệu lực của giao dịch dân sự"));
    assert_eq!(a117.children.len(), 2);
    let c1 = &a117.children[0];
    let points: Vec<&str> = c1.children.iter().map(|p| p.num.as_deref().unwrap_or("")).collect();
    assert_eq!(points, ["a", "b", "c"]);
    let m = &doc.meta;
    assert_eq!(m.number.as_deref(), Some("91/2015/QH13"));
    assert_eq!(m.doc_type.as_deref(), Some("Bộ luật"));
    assert_eq!(m.title.as_deref(), Some("Bộ luật Dân sự"));
    assert_eq!(m.issuer.as_deref(), Some("Quốc hội"));
    assert_eq!(m.issued.map(|d| d.to_string()).as_deref(), Some("2015-11-24"));
    assert_eq!(m.effective.map(|d| d.to_string()).as_deref(), Some("2017-01-01"));
    assert_eq!(m.signer.as_deref(), Some("Nguyễn Sinh Hùng"));
    assert!(m.ends.iter().any(|e| e.target == "33/2005/QH11"), "{:?}", m.ends);
    // Chapter headings sit on their own line; the last part has no chapter.
    assert_eq!(r.find("chp_1").and_then(|c| c.heading.as_deref()), Some("NHỮNG QUY ĐỊNH CHUNG"));
    assert_eq!(r.find("part_6").and_then(|c| c.heading.as_deref()), Some("ĐIỀU KHOẢN THI HÀNH"));
}

#[test]
fn decree_356_annex_forms_are_not_body_articles() {
    let Some(doc) = parse_docx("nbtt-parsed/raw/nghi_dinh/nghi_dinh_356_2025_ND_CP.docx") else {
        return;
    };
    assert_eq!(doc.article_count(), 42);
    let annex_articles: usize =
        doc.root.children.iter().filter(|c| c.kind == Kind::Annex).map(|a| a.count(Kind::Article)).sum();
    assert!(annex_articles >= 3, "annex forms keep their Điều lines inside the annex");
    assert_eq!(doc.meta.number.as_deref(), Some("356/2025/NĐ-CP"));
    assert_eq!(doc.meta.issued.map(|d| d.to_string()).as_deref(), Some("2025-12-31"));
}

#[test]
fn every_docx_parses_with_articles_and_metadata() {
    let Some(dir) = shared("nbtt-parsed/raw") else {
        return;
    };
    let mut seen = 0;
    for entry in walk(&dir) {
        if entry.extension().and_then(|e| e.to_str()) != Some("docx") {
            continue;
        }
        let bytes = std::fs::read(&entry).unwrap();
        let d = docx::read(&bytes).unwrap_or_else(|e| panic!("{}: {e}", entry.display()));
        let doc = parse_lines(&d.paragraphs);
        assert!(doc.meta.number.is_some(), "{}: no number", entry.display());
        seen += 1;
        eprintln!("{}: {:?} {} articles", entry.display(), doc.meta.number, doc.article_count());
    }
    assert_eq!(seen, 8);
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}
