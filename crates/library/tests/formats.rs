//! HTML saved from a portal and a scanned PDF (fixtures written for the project).

mod common;

use common::fresh;
use lex::status::Status;
use library::import::NoProgress;
use std::path::PathBuf;
use store::audit::Actor;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

#[tokio::test]
async fn html_page_from_a_portal() {
    let (lib, _dir) = fresh().await;
    let s = lib.import(&[fixture("portal-nghi-dinh-mau.html")], None, &Actor::system_cli(), &NoProgress).await.unwrap();
    assert!(s.failures.is_empty(), "{:?}", s.failures);
    let id = lib.find_work("901/2026/ND-CP").await.unwrap();
    let at = lex::Date::parse_iso("2027-07-01").unwrap();
    let doc = lib.document(id, at).await.unwrap();
    assert_eq!(doc.title.as_deref(), Some("Nghị định quy định chi tiết một số điều của Luật Hòa giải cơ sở mẫu"));
    assert_eq!(doc.issuer.as_deref(), Some("Chính phủ"), "navigation above the document is not its issuer");
    assert_eq!(doc.issued.as_deref(), Some("2026-12-15"));
    assert_eq!(doc.effective.as_deref(), Some("2027-07-01"));
    assert_eq!(doc.signer.as_deref(), Some("Trần Văn Mẫu"));
    let cl = lib.provision(&doc, Some("khoản 1 Điều 2"), at).await.unwrap().unwrap();
    assert_eq!(cl.children.len(), 2);
    assert_eq!(cl.children[0].text, "Vụ, việc hòa giải thành: tối đa 400.000 đồng;");
    let cl2 = lib.provision(&doc, Some("khoản 2 Điều 2"), at).await.unwrap().unwrap();
    assert!(cl2.text.contains("địa phương & báo cáo"), "entities decoded: {}", cl2.text);
}

#[tokio::test]
async fn scanned_pdf_is_refused_not_imported_empty() {
    if std::process::Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("SKIP: pdftotext (poppler-utils) is not installed; .ci/run installs it");
        return;
    }
    let (lib, _dir) = fresh().await;
    let s = lib.import(&[fixture("scanned-no-text.pdf")], None, &Actor::system_cli(), &NoProgress).await.unwrap();
    assert_eq!(s.files_failed, 1);
    assert!(s.failures[0].1.contains("without a text layer"), "{:?}", s.failures);
    assert_eq!(lib.counts().await.unwrap().works, 0);
}

/// Đính chính: a correction (a fictional fixture, 97/QĐ-VPQH, correcting the sample law
/// 999/2026/QH15) restores what the law always said — its wording applies from the law's own entry
/// into force, not from the correction's date — and relates the two documents both ways.
#[tokio::test]
async fn a_correction_applies_from_the_corrected_documents_start() {
    let (lib, _dir) = fresh().await;
    lib.load_samples_if_empty(&Actor::system_cli()).await.unwrap();
    let s = lib
        .import(&[fixture("dinh-chinh-luat-999-2026-qh15-mau.txt")], None, &Actor::system_cli(), &NoProgress)
        .await
        .unwrap();
    assert!(s.failures.is_empty(), "{:?}", s.failures);
    let law = lib.find_work("999/2026/QH15").await.unwrap();
    // 02/01/2027: in force since 01/01/2027, before the correction was signed (15/02/2027).
    let at = lex::Date::parse_iso("2027-01-02").unwrap();
    let doc = lib.document(law, at).await.unwrap();
    let cl1 = lib.provision(&doc, Some("khoản 1 Điều 13"), at).await.unwrap().unwrap();
    assert!(cl1.text.contains("trong thời hạn 10 ngày") && !cl1.text.contains("15 ngày"), "{}", cl1.text);
    let by = cl1.changed.as_ref().map(|c| c.by.clone()).unwrap_or_default();
    assert_eq!(by, "97/QĐ-VPQH", "the wording's source is the correction");
    assert_eq!(cl1.changed.as_ref().map(|c| c.change), Some("corrected"));
    let cl2 = lib.provision(&doc, Some("khoản 2 Điều 13"), at).await.unwrap().unwrap();
    assert!(cl2.text.contains("không quá 15 ngày"), "{}", cl2.text);
    assert!(doc.relations.iter().any(|r| r.kind == "corrected_by" && r.target == "97/QĐ-VPQH"), "{:?}", doc.relations);
    // The correction changes no law: the law's status and events carry no amendment by it.
    assert!(doc.events.iter().all(|e| e.by.as_deref() != Some("97/QĐ-VPQH")), "{:?}", doc.events);
    let corr = lib.document(lib.find_work("97/QĐ-VPQH").await.unwrap(), at).await.unwrap();
    assert!(corr.relations.iter().any(|r| r.kind == "corrects" && r.target == "999/2026/QH15"), "{:?}", corr.relations);
}

/// Ngưng hiệu lực: a provision suspended (a fictional fixture, 996/NQ-UBTVQH15, suspending khoản 2
/// Điều 13 of the sample law from 01/03/2027 to 31/12/2027) keeps its wording but has the status
/// `suspended` on the days in between, and only those.
#[tokio::test]
async fn a_suspended_provision_between_its_dates() {
    let (lib, _dir) = fresh().await;
    lib.load_samples_if_empty(&Actor::system_cli()).await.unwrap();
    let s = lib
        .import(&[fixture("ngung-hieu-luc-luat-999-2026-qh15-mau.txt")], None, &Actor::system_cli(), &NoProgress)
        .await
        .unwrap();
    assert!(s.failures.is_empty(), "{:?}", s.failures);
    let law = lib.find_work("999/2026/QH15").await.unwrap();
    let status_on = |day: &'static str| {
        let lib = lib.clone();
        async move {
            let at = lex::Date::parse_iso(day).unwrap();
            let doc = lib.document(law, at).await.unwrap();
            let art = lib.provision(&doc, Some("Điều 13"), at).await.unwrap().unwrap();
            (art.status, art.children[0].status, art.children[1].status, art.children[1].suspended.clone())
        }
    };
    let (a, c1, c2, none) = status_on("2027-02-28").await;
    assert_eq!((a, c1, c2), (Status::InForce, Status::InForce, Status::InForce));
    assert!(none.is_none());
    let (a, c1, c2, p) = status_on("2027-03-01").await;
    assert_eq!((a, c1, c2), (Status::InForce, Status::InForce, Status::Suspended));
    let p = p.unwrap();
    assert_eq!((p.by.as_str(), p.since.to_string().as_str()), ("996/NQ-UBTVQH15", "2027-03-01"));
    assert_eq!(status_on("2027-12-31").await.2, Status::Suspended);
    assert_eq!(status_on("2028-01-01").await.2, Status::InForce);
    // The wording stands throughout.
    let at = lex::Date::parse_iso("2027-06-01").unwrap();
    let doc = lib.document(law, at).await.unwrap();
    let cl2 = lib.provision(&doc, Some("khoản 2 Điều 13"), at).await.unwrap().unwrap();
    assert!(cl2.text.contains("không quá 10 ngày") && cl2.status == Status::Suspended, "{cl2:?}");
    // Its history: the original wording, suspended, applying again.
    let versions = lib.history(&doc, "khoản 2 Điều 13").await.unwrap();
    type Seen<'a> = (Option<&'a str>, Option<&'a str>, Status, Option<&'a str>);
    let seen: Vec<Seen> =
        versions.iter().map(|v| (v.from.as_deref(), v.to.as_deref(), v.status, v.by.as_deref())).collect();
    assert_eq!(
        seen,
        [
            (Some("2027-01-01"), Some("2027-02-28"), Status::InForce, None),
            (Some("2027-03-01"), Some("2027-12-31"), Status::Suspended, Some("996/NQ-UBTVQH15")),
            (Some("2028-01-01"), None, Status::InForce, None),
        ]
    );
}

/// Amendments of amendments: a law (fictional fixture 995/2027/QH15, in force 01/06/2027) amends the
/// sample amending law 998/2026/QH15 before that one takes effect (01/07/2027): it repeals the
/// instruction that would insert Điều 10a and rewrites a period in another. The base law 999/2026/QH15
/// on 01/07/2027 shows the amending law as amended.
#[tokio::test]
async fn an_amending_law_amended_before_it_takes_effect() {
    let (lib, _dir) = fresh().await;
    lib.load_samples_if_empty(&Actor::system_cli()).await.unwrap();
    let law = lib.find_work("999/2026/QH15").await.unwrap();
    let at = lex::Date::parse_iso("2027-07-01").unwrap();
    let doc = lib.document(law, at).await.unwrap();
    assert!(lib.provision(&doc, Some("Điều 10a"), at).await.unwrap().is_some(), "998 inserts Điều 10a");
    let cl = lib.provision(&doc, Some("khoản 2 Điều 8"), at).await.unwrap().unwrap();
    assert!(cl.text.contains("03 ngày làm việc"), "{}", cl.text);
    let s = lib
        .import(&[fixture("luat-995-2027-qh15-sua-doi-luat-998-mau.txt")], None, &Actor::system_cli(), &NoProgress)
        .await
        .unwrap();
    assert!(s.failures.is_empty(), "{:?}", s.failures);
    let doc = lib.document(law, at).await.unwrap();
    assert!(
        lib.provision(&doc, Some("Điều 10a"), at).await.is_err(),
        "the insertion was repealed before it took effect"
    );
    let cl = lib.provision(&doc, Some("khoản 2 Điều 8"), at).await.unwrap().unwrap();
    assert!(cl.text.contains("05 ngày làm việc") && !cl.text.contains("03 ngày"), "{}", cl.text);
    assert_eq!(cl.changed.as_ref().map(|c| c.by.as_str()), Some("998/2026/QH15"), "the wording still comes from 998");
    // The other instructions of 998 are untouched.
    let art5 = lib.provision(&doc, Some("Điều 5"), at).await.unwrap().unwrap();
    assert_eq!(art5.changed.as_ref().map(|c| c.by.as_str()), Some("998/2026/QH15"));
}
