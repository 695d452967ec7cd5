//! HTML saved from a portal and a scanned PDF (fixtures written for the project).

mod common;

use common::fresh;
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
