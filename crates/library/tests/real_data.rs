//! The library on the real data in `../shared/data`: everything imports, counts match the sources,
//! status and identity behave as a legal database user expects.

mod common;

use common::{fresh, shared};
use lex::Date;
use lex::status::Status;
use library::adapters::Format;
use library::import::NoProgress;
use store::audit::Actor;
use store::sqlx;

fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

async fn scalar(lib: &library::Library, sql: &'static str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(lib.db().pool()).await.unwrap();
    n
}

/// The whole shared corpus in one import (the slowest test: one run serves every assertion).
#[tokio::test(flavor = "multi_thread")]
async fn whole_shared_corpus_imports() {
    let Some(root) = shared("") else { return };
    let (lib, _dir) = fresh().await;
    let s = lib.import(&[root], None, &Actor::system_cli(), &NoProgress).await.unwrap();
    assert!(s.failures.is_empty(), "failures: {:#?}", s.failures);
    assert!(
        s.skipped.iter().all(|(p, _)| !p.ends_with(".docx") && !p.ends_with(".csv")),
        "skipped documents: {:?}",
        s.skipped
    );

    // corpus_law_pub.json: 18 documents, 3,352 articles.
    assert_eq!(scalar(&lib, "SELECT COUNT(*) FROM expressions WHERE source_kind = 'corpus-law-pub'").await, 18);
    assert_eq!(
        scalar(&lib, "SELECT SUM(article_count) FROM expressions WHERE source_kind = 'corpus-law-pub'").await,
        3352
    );
    // Pháp điển: 26,465 article rows, of which 6 repeat an article of the same document word for
    // word. (Before the notes' other spellings were read, `Pháp lệnh số Không số Về …` put three
    // ordinances' Điều 1 in one document, and one of them was taken for a repeat.)
    assert_eq!(
        scalar(&lib, "SELECT SUM(article_count) FROM expressions WHERE source_kind = 'phapdien'").await,
        26465 - 6
    );
    // The notes' spellings of a number (`số Số: 12/2018/QĐ-TTg`, `số 26 /2016/TT-BGDĐT`,
    // `Thông tư số liên tịch 144/2007/…`) give the document its number, not a name of one word.
    let numbered = scalar(&lib, "SELECT COUNT(DISTINCT w.number) FROM works w JOIN expressions e ON e.work_id = w.id WHERE e.source_kind = 'phapdien' AND w.number IN ('12/2018/QĐ-TTg', '26/2016/TT-BGDĐT', '71/2015/TT-BTC', '144/2007/TTLT-BTC-BGDĐT-BNG')").await;
    assert_eq!(numbered, 4);
    let bad = scalar(
        &lib,
        "SELECT COUNT(*) FROM works WHERE name IN ('Quyết định Số:', 'Thông tư liên', 'Pháp lệnh Bảo', 'Thông tư 26')",
    )
    .await;
    assert_eq!(bad, 0, "names made of a note's first word");
    // Gazette metadata for more than 4,000 documents.
    let gazette = scalar(&lib, "SELECT COUNT(DISTINCT w.id) FROM works w JOIN work_events e ON e.work_id = w.id WHERE e.source LIKE 'gazette:%'").await;
    assert!(gazette >= 4000, "gazette documents: {gazette}");
    // Every .docx and .txt imported with its text.
    assert_eq!(scalar(&lib, "SELECT COUNT(*) FROM expressions WHERE source_kind = 'docx'").await, 8);
    assert_eq!(scalar(&lib, "SELECT COUNT(*) FROM expressions WHERE source_kind = 'txt'").await, 6);
    // The five precedents published as PDF, through their text layer.
    assert_eq!(scalar(&lib, "SELECT COUNT(*) FROM expressions WHERE source_kind = 'pdf'").await, 5);

    // The Civil Code: richest source shown, in any spelling of its number.
    for spelling in ["91/2015/QH13", "91/2015/qh13", " 91 / 2015 / QH13"] {
        let id = lib.find_work(spelling).await.unwrap();
        let doc = lib.document(id, d("2020-01-01")).await.unwrap();
        assert_eq!(doc.title.as_deref(), Some("Bộ luật Dân sự"));
        assert_eq!(doc.status, Status::InForce);
        let art = lib.provision(&doc, Some("Điều 117"), d("2020-01-01")).await.unwrap().unwrap();
        assert_eq!(art.children.len(), 2);
        assert_eq!(art.children[0].children.len(), 3);
    }
    // The ALQAC copies named without a số hiệu (`Luật Hôn nhân và gia đình 2014`, twice) are the
    // numbered Works they copy: one Work each, reached by either name, titled from the copy.
    assert_eq!(s.linked.len(), 18, "{:#?}", s.linked);
    for (name, number, title) in [
        ("Luật Hôn nhân và gia đình 2014", "52/2014/QH13", "Luật Hôn nhân và gia đình"),
        ("Luật Hôn nhân và gia đình", "52/2014/QH13", "Luật Hôn nhân và gia đình"),
        ("Bộ Luật Dân sự 2015", "91/2015/QH13", "Bộ luật Dân sự"),
        ("Luật Tố tụng hành chính 2015", "93/2015/QH13", "Luật Tố tụng hành chính"),
        ("Luật Giáo dục 2019", "43/2019/QH14", "Luật Giáo dục"),
    ] {
        let id = lib.find_work(name).await.unwrap();
        let doc = lib.document(id, d("2024-01-01")).await.unwrap();
        assert_eq!((doc.number.as_str(), doc.title.as_deref()), (number, Some(title)), "{name}");
    }
    // Acts the library has no numbered text of stay as named.
    assert_eq!(
        scalar(&lib, "SELECT COUNT(*) FROM works WHERE number IS NULL AND name = 'Luật Thanh tra 2022'").await,
        1
    );
    // A gazette summary that names its type (`luật Khiếu nại`) is not prefixed twice.
    assert_eq!(
        scalar(&lib, "SELECT COUNT(*) FROM works WHERE title LIKE 'Luật Luật %' AND title NOT LIKE 'Luật Luật sư%'")
            .await,
        0
    );
    // Untitled laws are named the way the library cites them, codes as codes.
    for (number, title, doc_type) in
        [("92/2015/QH13", "Bộ luật Tố tụng dân sự", "Bộ luật"), ("26/2008/QH12", "Luật Thi hành án dân sự", "Luật")]
    {
        let doc = lib.document(lib.find_work(number).await.unwrap(), d("2024-01-01")).await.unwrap();
        assert_eq!((doc.title.as_deref(), doc.doc_type.as_deref()), (Some(title), Some(doc_type)), "{number}");
    }
    // Numbered documents are titled from the pháp điển notes that word their subject after the
    // number (`Luật số 98/2015/QH13 Quân nhân chuyên nghiệp, … ngày 26/11/2015 của Quốc hội`), a
    // misspelt type (`Luât Dân quân tự vệ`) not repeated; before, 1,517 of them had no title.
    for (number, title) in [
        ("98/2015/QH13", "Luật Quân nhân chuyên nghiệp, công nhân và viên chức quốc phòng"),
        ("48/2019/QH14", "Luật Dân quân tự vệ"),
        ("62/2015/NĐ-CP", "Nghị định quy định chi tiết và hướng dẫn thi hành một số điều của Luật Thi hành án dân sự"),
    ] {
        let doc = lib.document(lib.find_work(number).await.unwrap(), d("2024-01-01")).await.unwrap();
        assert_eq!(doc.title.as_deref(), Some(title), "{number}");
    }
    let untitled = scalar(&lib, "SELECT COUNT(*) FROM works w WHERE w.number IS NOT NULL AND (w.title IS NULL OR w.title = '') AND EXISTS (SELECT 1 FROM expressions e WHERE e.work_id = w.id)").await;
    assert!(untitled < 100, "numbered documents with text and no title: {untitled}");
    // Nghị quyết 93/2015/QH13 (pháp điển) and Luật Tố tụng hành chính 93/2015/QH13 (corpus) share
    // a number and are two Works; the number finds the law, shown with its 372 articles and the
    // titles of its linked ALQAC copies.
    assert_eq!(scalar(&lib, "SELECT COUNT(*) FROM works WHERE number_key = '93/2015/QH13'").await, 2);
    let tthc = lib.document(lib.find_work("93/2015/QH13").await.unwrap(), d("2024-01-01")).await.unwrap();
    assert_eq!(tthc.doc_type.as_deref(), Some("Luật"));
    let tree = lib.tree_at(&tthc, d("2024-01-01")).await.unwrap().unwrap();
    assert_eq!(lex::model::body_articles(&tree), 372);
    let art = lib.provision(&tthc, Some("Điều 54"), d("2024-01-01")).await.unwrap().unwrap();
    assert_eq!(
        art.heading.as_deref(),
        Some("Năng lực pháp luật tố tụng hành chính và năng lực hành vi tố tụng hành chính của đương sự")
    );

    let id = lib.find_work("02/2011/QH13").await.unwrap();
    assert_eq!(lib.document(id, d("2024-01-01")).await.unwrap().title.as_deref(), Some("Luật Khiếu nại"));
    // Article titles the ALQAC files give on the first line, with no blank line after it.
    // The Constitution's articles have none: their first line is a sentence, not a title.
    let untitled = scalar(&lib, "SELECT COUNT(*) FROM provisions p JOIN expressions e ON e.id = p.expression_id JOIN works w ON w.id = e.work_id WHERE e.source_kind = 'alqac' AND p.kind = 'article' AND (p.heading IS NULL OR p.heading = '') AND w.doc_type <> 'Hiến pháp'").await;
    assert!(untitled < 10, "alqac articles without a title: {untitled}");
    let titled = scalar(&lib, "SELECT COUNT(*) FROM provisions p JOIN expressions e ON e.id = p.expression_id JOIN works w ON w.id = e.work_id WHERE p.kind = 'article' AND p.heading <> '' AND w.doc_type = 'Hiến pháp' AND e.source_kind = 'alqac'").await;
    assert_eq!(titled, 0, "the Constitution's sentences taken for titles");

    let id = lib.find_work("122/2021/ND-CP").await.unwrap();
    assert_eq!(lib.document(id, d("2026-01-01")).await.unwrap().number, "122/2021/NĐ-CP");

    // The 2005 Civil Code is known only because the 2015 Code ends it: expired from 2017-01-01.
    let old = lib.find_work("33/2005/QH11").await.unwrap();
    assert_eq!(lib.document(old, d("2016-12-31")).await.unwrap().status, Status::InForce);
    assert_eq!(lib.document(old, d("2017-01-01")).await.unwrap().status, Status::Expired);
    // The 2025 civil-enforcement law is not yet in force before 01/07/2026.
    let thads = lib.find_work("106/2025/QH15").await.unwrap();
    assert_eq!(lib.document(thads, d("2026-06-30")).await.unwrap().status, Status::NotYetInForce);
    assert_eq!(lib.document(thads, d("2026-07-01")).await.unwrap().status, Status::InForce);
    // A Gazette "replaces" edge ends the replaced document when the new one takes effect.
    let replaced = lib.find_work("41/2014/TT-BTC").await.unwrap();
    assert_eq!(lib.document(replaced, d("2017-01-10")).await.unwrap().status, Status::Repealed);

    // Re-importing the same files updates, never duplicates.
    let before = lib.counts().await.unwrap();
    let again = shared("nbtt-parsed/raw").unwrap();
    lib.import(&[again], None, &Actor::system_cli(), &NoProgress).await.unwrap();
    let after = lib.counts().await.unwrap();
    assert_eq!(
        (before.works, before.expressions, before.provisions),
        (after.works, after.expressions, after.provisions)
    );
    assert_eq!(
        store::audit::verify(lib.db()).await.unwrap() as i64,
        scalar(&lib, "SELECT COUNT(*) FROM audit_log").await
    );
}

#[tokio::test]
async fn flatter_source_never_overwrites_richer() {
    let (Some(docx), Some(corpus)) =
        (shared("nbtt-parsed/raw/bo_luat/bo_luat_91_2015_QH13.docx"), shared("alqac2026/corpus_law_pub.json"))
    else {
        return;
    };
    let (lib, _dir) = fresh().await;
    // Richer first, flatter second: the flatter source fills no field the richer one set.
    lib.import(std::slice::from_ref(&docx), None, &Actor::system_cli(), &NoProgress).await.unwrap();
    lib.import(std::slice::from_ref(&corpus), None, &Actor::system_cli(), &NoProgress).await.unwrap();
    let id = lib.find_work("91/2015/QH13").await.unwrap();
    let doc = lib.document(id, d("2020-01-01")).await.unwrap();
    assert_eq!(doc.title.as_deref(), Some("Bộ luật Dân sự"));
    assert_eq!(doc.expressions.len(), 2);
    assert_eq!(doc.expressions[0].source, "docx", "the richest expression is shown");
    let tree = lib.provision(&doc, None, d("2020-01-01")).await.unwrap().unwrap();
    assert!(tree.children.iter().any(|c| c.kind == lex::Kind::Part), "structure comes from the .docx");

    // Flatter first, richer second: the richer source takes over.
    let (lib2, _dir2) = fresh().await;
    lib2.import(&[corpus], None, &Actor::system_cli(), &NoProgress).await.unwrap();
    lib2.import(&[docx], None, &Actor::system_cli(), &NoProgress).await.unwrap();
    let id = lib2.find_work("91/2015/QH13").await.unwrap();
    assert_eq!(lib2.document(id, d("2020-01-01")).await.unwrap().title.as_deref(), Some("Bộ luật Dân sự"));
}

#[tokio::test]
async fn one_bad_file_is_reported_and_the_others_go_on() {
    let (lib, _dir) = fresh().await;
    let input = tempfile::tempdir().unwrap();
    std::fs::write(
        input.path().join("a-good.txt"),
        "CHÍNH PHỦ\nSố: 12/2026/NĐ-CP\nNGHỊ ĐỊNH\nVề thử nghiệm\nĐiều 1. Phạm vi\nNội dung.",
    )
    .unwrap();
    std::fs::write(input.path().join("b-broken.docx"), b"PK\x03\x04 this is not really a zip").unwrap();
    std::fs::write(
        input.path().join("c-bad.json"),
        "[{\"law_id\": \"26/2008/QH12\", \"content\": [{\"aid\": \"x\"}]}]",
    )
    .unwrap();
    let s = lib.import(&[input.path().to_path_buf()], None, &Actor::system_cli(), &NoProgress).await.unwrap();
    assert_eq!(s.files_ok, 1);
    assert_eq!(s.files_failed, 2, "{:?}", s.failures);
    assert!(s.failures[0].0.ends_with("b-broken.docx") && s.failures[0].1.contains("zip"), "{:?}", s.failures[0]);
    assert!(s.failures[1].1.contains("line 1"), "JSON errors name the line: {:?}", s.failures[1]);
    assert!(lib.find_work("12/2026/NĐ-CP").await.is_ok());
    // A file named explicitly in an unsupported format is a failure, not a silent skip.
    let pdf = input.path().join("x.pdf");
    std::fs::write(&pdf, b"%PDF-1.4").unwrap();
    let s = lib.import(&[pdf], None, &Actor::system_cli(), &NoProgress).await.unwrap();
    assert_eq!(s.files_failed, 1);
}

#[tokio::test]
async fn forced_format_and_unknown_lookups() {
    let Some(thads) = shared("thads-2025/luatthihanhandansu2025.txt") else {
        return;
    };
    let (lib, _dir) = fresh().await;
    let s = lib.import(&[thads], Some(Format::Text), &Actor::system_cli(), &NoProgress).await.unwrap();
    assert_eq!(s.articles, 116);
    let id = lib.find_work("106/2025/QH15").await.unwrap();
    let doc = lib.document(id, d("2026-11-23")).await.unwrap();
    assert_eq!(doc.title.as_deref(), Some("Luật Thi hành án dân sự"));
    assert_eq!(doc.issuer.as_deref(), Some("Quốc hội"), "web-page debris above the issuer is ignored");
    match lib.find_work("106/2024/QH15").await {
        Err(library::LibraryError::UnknownDocument { closest, .. }) => {
            assert!(closest[0].starts_with("106/2025/QH15"), "{closest:?}")
        }
        other => panic!("expected UnknownDocument, got {other:?}"),
    }
    match lib.provision(&doc, Some("Điều 117"), d("2026-11-23")).await {
        Err(library::LibraryError::UnknownProvision { closest, .. }) => {
            assert!(closest.contains(&"Điều 116".to_string()), "{closest:?}")
        }
        other => panic!("expected UnknownProvision, got {other:?}"),
    }
}

/// Issue 4 (a): the decree 122/2021 as amended by 288/2026 (in force on signing, 21/07/2026).
#[tokio::test]
async fn decree_122_2021_on_either_side_of_288_2026() {
    let Some(dir) = shared("doanh-nghiep-amend") else { return };
    let (lib, _dir) = fresh().await;
    let s = lib.import(&[dir], None, &Actor::system_cli(), &NoProgress).await.unwrap();
    assert!(s.failures.is_empty(), "{:?}", s.failures);
    let id = lib.find_work("122/2021/NĐ-CP").await.unwrap();
    let before = lib.document(id, d("2026-07-20")).await.unwrap();
    let after = lib.document(id, d("2026-07-21")).await.unwrap();
    let show = |doc, r: &'static str, at: &'static str| {
        let lib = lib.clone();
        async move { lib.provision(doc, Some(r), d(at)).await }
    };
    // 20/07/2026: the original wording.
    assert!(show(&before, "Điều 49", "2026-07-20").await.unwrap().is_some());
    assert!(show(&before, "điểm a khoản 1 Điều 50", "2026-07-20").await.unwrap().is_some());
    match show(&before, "điểm c khoản 4 Điều 46", "2026-07-20").await {
        Err(library::LibraryError::ProvisionAbsent(a)) => {
            assert_eq!(a.status, Status::NotYetInForce);
            assert_eq!(a.since.as_deref(), Some("2026-07-21"));
        }
        other => panic!("expected not yet in force, got {other:?}"),
    }
    // From 21/07/2026.
    for r in [
        "Điều 49",
        "điểm a khoản 1 Điều 50",
        "điểm b khoản 1 Điều 50",
        "điểm a khoản 2 Điều 50",
        "điểm b khoản 2 Điều 50",
    ] {
        match show(&after, r, "2026-07-21").await {
            Err(library::LibraryError::ProvisionAbsent(a)) => {
                assert_eq!(a.status, Status::Repealed, "{r}");
                assert_eq!(a.by.as_deref(), Some("288/2026/NĐ-CP"));
            }
            other => panic!("{r}: expected repealed, got {other:?}"),
        }
    }
    let a43 = show(&after, "Điều 43", "2026-07-21").await.unwrap().unwrap();
    assert!(a43.text.starts_with("Phạt tiền từ 30.000.000 đồng đến 70.000.000 đồng"));
    assert_eq!(a43.changed.as_ref().map(|c| c.by.as_str()), Some("288/2026/NĐ-CP"));
    let old43 = show(&before, "Điều 43", "2026-07-20").await.unwrap().unwrap();
    assert_ne!(old43.text, a43.text);
    assert!(old43.changed.is_none());
    for r in ["Điều 44", "Điều 48"] {
        assert!(show(&after, r, "2026-07-21").await.unwrap().unwrap().changed.is_some(), "{r}");
    }
    assert!(show(&after, "điểm c khoản 4 Điều 46", "2026-07-21").await.unwrap().is_some());
    let cl2 = show(&after, "khoản 2 Điều 52", "2026-07-21").await.unwrap().unwrap();
    assert_eq!(cl2.text, "Phạt tiền từ 40.000.000 đồng đến 70.000.000 đồng đối với một trong các hành vi sau:");
    let pts: Vec<&str> = cl2.children.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(pts, ["Điểm a", "Điểm b", "Điểm c", "Điểm d", "Điểm đ", "Điểm e", "Điểm g"]);
    let cl3 = show(&after, "khoản 3 Điều 52", "2026-07-21").await.unwrap().unwrap();
    assert!(cl3.children.iter().any(|p| p.label == "Điểm e") && cl3.children.iter().any(|p| p.label == "Điểm g"));
    // The amended decree knows who amended it; the instruction about the absent Điều 65 is kept.
    assert!(after.events.iter().any(|e| e.kind == "amended" && e.by.as_deref() == Some("288/2026/NĐ-CP")));
    let c = lib.consolidated(&after, d("2026-07-21")).await.unwrap().unwrap();
    assert!(c.pit.problems.iter().any(|(op, _)| op.op.target().starts_with("art_65")));
}

/// Issue 4 (c): the civil-enforcement law 26/2008/QH12 in its original wording (corpus_law_pub.json)
/// against its consolidated pháp điển wording and notes: agreement, and each difference classified.
#[test]
fn civil_enforcement_law_original_against_phap_dien() {
    use library::adapters::{Format, read};
    let (Some(corpus), Some(csv)) = (
        shared("alqac2026/corpus_law_pub.json"),
        shared("phapdien-ctu/dieu_corpus/88a4972a-48c2-4def-926b-a71b9f6e4be7.csv"),
    ) else {
        return;
    };
    let original = read(Format::CorpusLawPub, &corpus, &std::fs::read(&corpus).unwrap()).unwrap();
    let original = original.into_iter().find(|r| r.meta.number.as_deref() == Some("26/2008/QH12")).unwrap();
    let consolidated = read(Format::Phapdien, &csv, &std::fs::read(&csv).unwrap()).unwrap();
    let consolidated = consolidated.into_iter().find(|r| r.meta.number.as_deref() == Some("26/2008/QH12")).unwrap();
    let (a, b) = (original.tree.unwrap(), consolidated.tree.unwrap());
    let norm = |n: &lex::Node| -> String {
        lex::normalize::fold_key(&lex::diff::unit_text(&lex::Node { heading: None, ..n.clone() }))
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    // Articles with a pháp điển note saying an act amended, added or repealed (part of) them.
    let noted: std::collections::BTreeSet<String> = consolidated
        .meta
        .notes
        .iter()
        .filter(|n| {
            n.contains("được sửa đổi") || n.contains("được bổ sung") || n.contains("bãi bỏ") || n.contains("bởi")
        })
        .filter_map(|n| {
            n.strip_prefix("Điều ")
                .and_then(|r| r.split(':').next())
                .map(|num| format!("art_{}", lex::parse::eid_token(num)))
        })
        .collect();
    let (mut identical, mut amended, mut unexplained, mut added, mut absent) = (0, 0, vec![], vec![], vec![]);
    for art in b.children.iter() {
        match a.find(&art.eid) {
            None => added.push(art.eid.clone()),
            Some(orig) if norm(orig) == norm(art) => identical += 1,
            Some(_) if noted.contains(&art.eid) => amended += 1,
            Some(orig) => {
                // Small differences without a note: typography or transcription in one source.
                let sim = lex::diff::similarity(&lex::diff::unit_text(orig), &lex::diff::unit_text(art));
                unexplained.push((art.eid.clone(), (sim * 100.0).round() as u32));
            }
        }
    }
    for art in a.children.iter() {
        if b.find(&art.eid).is_none() {
            absent.push(art.eid.clone());
        }
    }
    eprintln!(
        "26/2008/QH12 original ({} articles) vs pháp điển ({} articles): {identical} identical, {amended} differ and the note names the amending act, {} only in pháp điển with no note of the insertion {:?}, {} only in the original (repealed) {:?}, {} differ with no note of an amendment (word similarity %) {:?}",
        a.children.len(),
        b.children.len(),
        added.len(),
        added,
        absent.len(),
        absent,
        unexplained.len(),
        unexplained
    );
    assert_eq!(a.children.len(), 183);
    // Notes are evidence, not truth: Điều 44a was inserted by 64/2014/QH13, yet its note names only
    // the 2008 law; the articles that differ without a note are the same articles (most words shared)
    // amended in 2014 with the note left incomplete.
    assert_eq!(added, ["art_44a"]);
    assert!(!noted.contains("art_44a"), "the 44a note is known to be incomplete");
    assert!(identical >= 120 && amended >= 45, "identical {identical}, amended {amended}");
    assert!(unexplained.iter().all(|(_, sim)| *sim >= 60), "{unexplained:?}");
}

/// A change known from a pháp điển note but whose wording the shown text lacks is said plainly; the
/// 2008 law ends when the 2025 law takes effect.
#[tokio::test]
async fn known_change_without_its_wording_is_flagged() {
    let (Some(corpus), Some(csv), Some(thads)) = (
        shared("alqac2026/corpus_law_pub.json"),
        shared("phapdien-ctu/dieu_corpus/88a4972a-48c2-4def-926b-a71b9f6e4be7.csv"),
        shared("thads-2025/luatthihanhandansu2025.txt"),
    ) else {
        return;
    };
    let (lib, _dir) = fresh().await;
    let s = lib.import(&[corpus, csv, thads], None, &Actor::system_cli(), &NoProgress).await.unwrap();
    assert!(s.failures.is_empty(), "{:?}", s.failures);
    let id = lib.find_work("26/2008/QH12").await.unwrap();
    let at = |s| d(s);
    // 2010: the original wording, nothing pending.
    let doc = lib.document(id, at("2010-01-01")).await.unwrap();
    let p = lib.provision(&doc, Some("Điều 1"), at("2010-01-01")).await.unwrap().unwrap();
    assert!(p.unavailable_change.is_none());
    // 2016: the library's text for that date is the original, but 64/2014/QH13 changed Điều 1 on
    // 01/07/2015 — said plainly, not passed off as current.
    let doc = lib.document(id, at("2016-01-01")).await.unwrap();
    let p = lib.provision(&doc, Some("Điều 1"), at("2016-01-01")).await.unwrap().unwrap();
    let c = p.unavailable_change.expect("flagged");
    assert_eq!((c.since.as_str(), c.by.as_str()), ("2015-07-01", "64/2014/QH13"));
    // Replaced by Luật 106/2025/QH15 from 01/07/2026.
    assert_eq!(lib.document(id, at("2026-06-30")).await.unwrap().status, Status::InForce);
    assert_eq!(lib.document(id, at("2026-07-01")).await.unwrap().status, Status::Expired);
}

/// PDF precedents: text layer read, page numbers dropped, broken lines joined, the footnote mark
/// glued to the number removed.
#[tokio::test]
async fn precedents_from_pdf() {
    let Some(dir) = shared("nbtt-parsed/raw/an_le") else { return };
    let (lib, _dir) = fresh().await;
    let s = lib.import(&[dir], None, &Actor::system_cli(), &NoProgress).await.unwrap();
    assert!(s.failures.is_empty(), "{:?}", s.failures);
    assert_eq!(s.documents, 6);
    let id = lib.find_work("43/2021/AL").await.unwrap();
    let doc = lib.document(id, d("2026-01-01")).await.unwrap();
    assert_eq!(doc.doc_type.as_deref(), Some("Án lệ"));
    assert!(doc.title.as_deref().unwrap().starts_with("Án lệ số 43/2021/AL về hiệu lực của hợp đồng thế chấp"));
    let tree = lib.provision(&doc, None, d("2026-01-01")).await.unwrap().unwrap();
    assert!(
        tree.text.contains(
            "Được Hội đồng Thẩm phán Tòa án nhân dân tối cao thông qua ngày 24 tháng 02 năm 2021 và được công bố"
        ),
        "lines of one paragraph are joined"
    );
    assert!(!tree.text.lines().any(|l| l.trim().chars().all(|c| c.is_ascii_digit())), "no page-number lines");
    assert!(!tree.text.contains('ƣ'), "the PDF font bug is repaired");
}
