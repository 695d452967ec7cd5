//! Linking: a corpus copy named without its số hiệu becomes one with the numbered Work it copies
//! (`library::link`), in either import order; re-importing the copy, or looking it up by its name,
//! reaches the numbered Work; a copy of another act stays apart.

mod common;

use common::fresh;
use library::import::NoProgress;
use std::path::{Path, PathBuf};
use store::audit::Actor;
use store::sqlx;

const LAW: &str = "QUỐC HỘI

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

Luật số: 997/2026/QH15

LUẬT

HÒA GIẢI THƯƠNG MẠI MẪU

Điều 1. Phạm vi điều chỉnh
Luật này quy định về hòa giải thương mại, hòa giải viên thương mại và tổ chức hòa giải thương mại.

Điều 2. Nguyên tắc hòa giải
1. Các bên tranh chấp tham gia hòa giải trên cơ sở tự nguyện và bình đẳng về quyền và nghĩa vụ.
2. Các thông tin liên quan đến vụ việc hòa giải phải được giữ bí mật, trừ trường hợp các bên có thỏa thuận bằng văn bản.

Điều 3. Hòa giải viên thương mại
Người có đủ năng lực hành vi dân sự đầy đủ, có phẩm chất đạo đức tốt và có kỹ năng hòa giải có thể làm hòa giải viên thương mại.

Điều 4. Thỏa thuận hòa giải
Thỏa thuận hòa giải có thể được xác lập dưới hình thức điều khoản hòa giải trong hợp đồng hoặc dưới hình thức thỏa thuận riêng.
";

/// The same act as a corpus names it (`Luật Hòa giải thương mại mẫu 2026`, titles on the first
/// line), and an unrelated act.
const CORPUS: &str = r#"[
 {"id": "Luật Hòa giải thương mại mẫu 2026", "articles": [
  {"id": "1", "text": "Phạm vi điều chỉnh\n\nLuật này quy định về hòa giải thương mại, hòa giải viên thương mại và tổ chức hòa giải thương mại."},
  {"id": "2", "text": "Nguyên tắc hòa giải\n\n1. Các bên tranh chấp tham gia hòa giải trên cơ sở tự nguyện và bình đẳng về quyền và nghĩa vụ.\n\n2. Các thông tin liên quan đến vụ việc hòa giải phải được giữ bí mật, trừ trường hợp các bên có thỏa thuận bằng văn bản."},
  {"id": "3", "text": "Hòa giải viên thương mại\nNgười có đủ năng lực hành vi dân sự đầy đủ, có phẩm chất đạo đức tốt và có kỹ năng hòa giải có thể làm hòa giải viên thương mại."},
  {"id": "4", "text": "Thỏa thuận hòa giải\n\nThỏa thuận hòa giải có thể được xác lập dưới hình thức điều khoản hòa giải trong hợp đồng hoặc dưới hình thức thỏa thuận riêng."}]},
 {"id": "Luật Nuôi ong mẫu", "articles": [
  {"id": "1", "text": "Phạm vi điều chỉnh\n\nLuật này quy định về hoạt động nuôi ong, khai thác mật ong và bảo vệ đàn ong trên lãnh thổ Việt Nam."},
  {"id": "2", "text": "Nguyên tắc nuôi ong\n\nNuôi ong phải bảo đảm an toàn cho người, vật nuôi và môi trường xung quanh khu vực đặt thùng ong."},
  {"id": "3", "text": "Giống ong\n\nGiống ong đưa vào nuôi phải có nguồn gốc rõ ràng và không thuộc danh mục giống cấm nuôi."}]}
]"#;

/// The same act keyed by number only, without article titles (as `corpus_law_pub.json` gives
/// laws); its Điều 4 differs from the copy's by a word.
const HEADLESS: &str = r#"[{"id": 1, "law_id": "997/2026/QH15", "content": [
  {"aid": 1, "content_Article": "Luật này quy định về hòa giải thương mại, hòa giải viên thương mại và tổ chức hòa giải thương mại."},
  {"aid": 2, "content_Article": "1. Các bên tranh chấp tham gia hòa giải trên cơ sở tự nguyện và bình đẳng về quyền và nghĩa vụ.\n\n2. Các thông tin liên quan đến vụ việc hòa giải phải được giữ bí mật, trừ trường hợp các bên có thỏa thuận bằng văn bản."},
  {"aid": 3, "content_Article": "Người có đủ năng lực hành vi dân sự đầy đủ, có phẩm chất đạo đức tốt và có kỹ năng hòa giải có thể làm hòa giải viên thương mại."},
  {"aid": 4, "content_Article": "Thỏa thuận hòa giải có thể được xác lập dưới hình thức điều khoản hòa giải trong hợp đồng hoặc dưới hình thức văn bản riêng."}]}]"#;

/// The titles the shown (headless) text takes from its linked copy: same text only.
async fn check_titles_from_copy(lib: &library::Library) {
    let id = lib.find_work("997/2026/QH15").await.unwrap();
    let at = lex::Date::parse_iso("2027-01-01").unwrap();
    let doc = lib.document(id, at).await.unwrap();
    let art = lib.provision(&doc, Some("Điều 3"), at).await.unwrap().unwrap();
    assert_eq!(art.heading.as_deref(), Some("Hòa giải viên thương mại"));
    let tree = lib.tree_at(&doc, at).await.unwrap().unwrap();
    let titles: Vec<Option<&str>> = tree.children.iter().map(|a| a.heading.as_deref()).collect();
    assert_eq!(
        titles,
        [Some("Phạm vi điều chỉnh"), Some("Nguyên tắc hòa giải"), Some("Hòa giải viên thương mại"), None],
        "Điều 4's text differs from the copy's: no title taken"
    );
}

fn write(dir: &Path) -> (PathBuf, PathBuf) {
    let law = dir.join("luat-997-2026-qh15.txt");
    let corpus = dir.join("law.json");
    std::fs::write(&law, LAW).unwrap();
    std::fs::write(&corpus, CORPUS).unwrap();
    (law, corpus)
}

async fn count(lib: &library::Library, sql: &'static str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(lib.db().pool()).await.unwrap();
    n
}

async fn check_linked(lib: &library::Library) {
    let by_number = lib.find_work("997/2026/QH15").await.unwrap();
    assert_eq!(lib.find_work("Luật Hòa giải thương mại mẫu 2026").await.unwrap(), by_number, "the copy's name");
    let at = lex::Date::parse_iso("2027-01-01").unwrap();
    let doc = lib.document(by_number, at).await.unwrap();
    assert_eq!(doc.expressions.len(), 2, "the text file and the corpus copy");
    assert_eq!(count(lib, "SELECT COUNT(*) FROM works WHERE number IS NULL AND name LIKE 'Luật Hòa giải%'").await, 0);
    // The unrelated act stays its own Work.
    let other = lib.find_work("Luật Nuôi ong mẫu").await.unwrap();
    assert_ne!(other, by_number);
    assert_eq!(count(lib, "SELECT COUNT(*) FROM audit_log WHERE action = 'library.link'").await, 1);
}

#[tokio::test]
async fn a_copy_imported_after_its_numbered_work() {
    let (lib, dir) = fresh().await;
    let (law, corpus) = write(dir.path());
    let actor = Actor::system_cli();
    lib.import(&[law], None, &actor, &NoProgress).await.unwrap();
    let s = lib.import(std::slice::from_ref(&corpus), None, &actor, &NoProgress).await.unwrap();
    assert_eq!(s.linked.len(), 1, "{:?}", s.linked);
    assert_eq!((s.linked[0].number.as_str(), s.linked[0].same, s.linked[0].compared), ("997/2026/QH15", 4, 4));
    check_linked(&lib).await;
    // The numbered Work had no title of its own beyond the text's; the text's title stays.
    let id = lib.find_work("997/2026/QH15").await.unwrap();
    let doc = lib.document(id, lex::Date::parse_iso("2027-01-01").unwrap()).await.unwrap();
    assert!(doc.title.as_deref().is_some_and(|t| t.contains("Hòa giải thương mại")), "{:?}", doc.title);

    // Importing the copy again reaches the numbered Work: nothing new, nothing duplicated.
    let before = lib.counts().await.unwrap();
    let again = lib.import(&[corpus], None, &actor, &NoProgress).await.unwrap();
    assert!(again.linked.is_empty());
    let after = lib.counts().await.unwrap();
    assert_eq!((before.works, before.expressions), (after.works, after.expressions));
    check_linked(&lib).await;
}

#[tokio::test]
async fn a_copy_imported_before_its_numbered_work() {
    let (lib, dir) = fresh().await;
    let (law, corpus) = write(dir.path());
    let actor = Actor::system_cli();
    let first = lib.import(&[corpus], None, &actor, &NoProgress).await.unwrap();
    assert!(first.linked.is_empty(), "nothing to link to yet");
    let s = lib.import(&[law], None, &actor, &NoProgress).await.unwrap();
    assert_eq!(s.linked.len(), 1);
    check_linked(&lib).await;
    // The corpus gave the copy its article titles; the text file's tree is the one shown.
    let id = lib.find_work("997/2026/QH15").await.unwrap();
    let at = lex::Date::parse_iso("2027-01-01").unwrap();
    let doc = lib.document(id, at).await.unwrap();
    let art = lib.provision(&doc, Some("Điều 3"), at).await.unwrap().unwrap();
    assert_eq!(art.heading.as_deref(), Some("Hòa giải viên thương mại"));
}

#[tokio::test]
async fn a_copy_is_linked_on_postgres() {
    let Some((lib, _pg)) = common::fresh_postgres().await else { return };
    let dir = tempfile::tempdir().unwrap();
    let (law, corpus) = write(dir.path());
    let actor = Actor::system_cli();
    lib.import(std::slice::from_ref(&corpus), None, &actor, &NoProgress).await.unwrap();
    let s = lib.import(&[law], None, &actor, &NoProgress).await.unwrap();
    assert_eq!(s.linked.len(), 1);
    check_linked(&lib).await;
    lib.import(&[corpus], None, &actor, &NoProgress).await.unwrap();
    check_linked(&lib).await;
}

/// A numbered text without titles takes them from its linked copy where the text is the same.
async fn titles_from_copy(lib: &library::Library, dir: &Path) {
    let (_, corpus) = write(dir);
    let headless = dir.join("corpus_law_pub.json");
    std::fs::write(&headless, HEADLESS).unwrap();
    let actor = Actor::system_cli();
    lib.import(&[headless, corpus], None, &actor, &NoProgress).await.unwrap();
    check_titles_from_copy(lib).await;
}

#[tokio::test]
async fn a_headless_text_takes_titles_from_its_copy() {
    let (lib, dir) = fresh().await;
    titles_from_copy(&lib, dir.path()).await;
}

#[tokio::test]
async fn a_headless_text_takes_titles_from_its_copy_on_postgres() {
    let Some((lib, _pg)) = common::fresh_postgres().await else { return };
    let dir = tempfile::tempdir().unwrap();
    titles_from_copy(&lib, dir.path()).await;
}

/// A resolution of the National Assembly shares the laws' số hiệu series: Nghị quyết 93/2015/QH13
/// and Luật Tố tụng hành chính 93/2015/QH13 are two Works, and the number alone finds the law.
#[tokio::test]
async fn a_resolution_sharing_a_laws_number_is_its_own_work() {
    let (lib, dir) = fresh().await;
    let resolution = dir.path().join("nq-997-2026-qh15.txt");
    std::fs::write(
        &resolution,
        "QUỐC HỘI\n\nNghị quyết số: 997/2026/QH15\n\nNGHỊ QUYẾT\n\nVỀ KẾ HOẠCH MẪU\n\nĐiều 1. Kế hoạch\nThông qua kế hoạch mẫu năm 2027.\n",
    )
    .unwrap();
    let (law, _) = write(dir.path());
    let actor = Actor::system_cli();
    lib.import(&[resolution, law], None, &actor, &NoProgress).await.unwrap();
    assert_eq!(count(&lib, "SELECT COUNT(*) FROM works WHERE number_key = '997/2026/QH15'").await, 2);
    let id = lib.find_work("997/2026/QH15").await.unwrap();
    let doc = lib.document(id, lex::Date::parse_iso("2027-01-01").unwrap()).await.unwrap();
    assert_eq!(doc.doc_type.as_deref(), Some("Luật"), "{:?}", doc.title);
}
