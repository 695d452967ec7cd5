//! The same library behaviour on PostgreSQL (the production store) as on SQLite.

mod common;

use common::{fresh_postgres, shared};
use lex::Date;
use lex::status::Status;
use library::import::NoProgress;
use store::audit::Actor;

#[tokio::test(flavor = "multi_thread")]
async fn import_lookup_status_and_audit_on_postgres() {
    let Some((lib, guard)) = fresh_postgres().await else { return };
    let samples = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let s = lib.import(std::slice::from_ref(&samples), None, &Actor::system_cli(), &NoProgress).await.unwrap();
    assert_eq!((s.documents, s.files_failed), (6, 0), "the two sample laws and the four sample drafts");
    let mut paths = vec![];
    for rel in
        ["nbtt-parsed/raw/bo_luat/bo_luat_91_2015_QH13.docx", "alqac2026/corpus_law_pub.json", "doanh-nghiep-amend"]
    {
        paths.extend(shared(rel));
    }
    if !paths.is_empty() {
        let s = lib.import(&paths, None, &Actor::system_cli(), &NoProgress).await.unwrap();
        assert!(s.failures.is_empty(), "{:?}", s.failures);
        let id = lib.find_work("91/2015/qh13").await.unwrap();
        let doc = lib.document(id, Date::parse_iso("2020-01-01").unwrap()).await.unwrap();
        assert_eq!(doc.title.as_deref(), Some("Bộ luật Dân sự"));
        assert_eq!(doc.expressions[0].source, "docx");
        let art = lib.provision(&doc, Some("Điều 117"), Date::parse_iso("2020-01-01").unwrap()).await.unwrap().unwrap();
        assert_eq!(art.children.len(), 2);
        let old = lib.find_work("33/2005/QH11").await.unwrap();
        assert_eq!(lib.document(old, Date::parse_iso("2017-01-01").unwrap()).await.unwrap().status, Status::Expired);
    }
    // Re-import updates in place.
    let before = lib.counts().await.unwrap();
    lib.import(&[samples], None, &Actor::system_cli(), &NoProgress).await.unwrap();
    let after = lib.counts().await.unwrap();
    assert_eq!(
        (before.works, before.expressions, before.provisions),
        (after.works, after.expressions, after.provisions)
    );
    let (list, total) =
        lib.list(&library::lookup::ListFilter { text: Some("hoa giai".into()), ..Default::default() }).await.unwrap();
    assert_eq!(total, 5, "{list:?}"); // the two sample laws and three drafts on hòa giải
    assert!(store::audit::verify(lib.db()).await.unwrap() > 0);
    guard.drop().await;
}
