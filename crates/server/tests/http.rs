//! The real server on a random port over a fresh SQLite library holding the samples: pages, API,
//! OpenAPI, errors — as a browser or API client sees them.

use library::Library;
use std::net::SocketAddr;
use store::Db;
use store::audit::Actor;

struct Running {
    addr: SocketAddr,
    _dir: tempfile::TempDir,
}

async fn start() -> Running {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(Db::open(dir.path(), None).await.unwrap()).await.unwrap();
    let loaded =
        lib.load_samples_if_empty(&Actor::system_server()).await.unwrap().expect("empty library loads samples");
    assert_eq!(loaded.documents, 3);
    assert!(
        lib.load_samples_if_empty(&Actor::system_server()).await.unwrap().is_none(),
        "samples load only into an empty library"
    );
    let search = search::Search::open(&dir.path().join("search-index"), &lib).await.unwrap();
    search.sync(&lib, &search::NoProgress).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, server::app(lib, Some(search))).await.unwrap() });
    Running { addr, _dir: dir }
}

mod common;
use common::get;

#[tokio::test]
async fn library_page_lists_the_samples() {
    let r = start().await;
    let (status, html) = get(r.addr, "/").await;
    assert_eq!(status, 200);
    assert!(html.contains("Thư viện pháp luật"));
    assert!(html.contains("999/2026/QH15") && html.contains("Luật Hòa giải cơ sở mẫu"));
    assert!(html.contains("<html lang=\"vi\">"));
    let (_, en) = get(r.addr, "/?lang=en").await;
    assert!(en.contains("Legal library") && en.contains("<html lang=\"en\">"));
    let (_, filtered) = get(r.addr, "/?q=sua%20doi").await;
    assert!(filtered.contains("998/2026/QH15") && !filtered.contains(">999/2026/QH15<"));
    let (status, _) = get(r.addr, "/?year=abc").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn document_page_has_toc_anchors_and_status() {
    let r = start().await;
    let (status, html) = get(r.addr, "/van-ban/999/2026/QH15?at=2027-02-01").await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"art_11__cl_1__pt_a\""), "provision anchors");
    assert!(html.contains("href=\"#art_5\""), "table of contents links");
    assert!(html.contains("badge in_force"));
    let (_, before) = get(r.addr, "/van-ban/999/2026/QH15?at=2026-12-31").await;
    assert!(before.contains("badge not_yet_in_force"));
    // Escaping is on: text never becomes markup.
    assert!(!html.contains("<script"));
    let (status, html) = get(r.addr, "/van-ban/999/2025/QH15").await;
    assert_eq!(status, 404);
    assert!(html.contains("999/2026/QH15"), "closest matches are offered");
}

#[tokio::test]
async fn api_documents_and_provisions() {
    let r = start().await;
    let (status, body) = get(r.addr, "/api/v1/documents").await;
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["total"], 3);
    let (status, body) = get(
        r.addr,
        "/api/v1/documents/999/2026/qh15/provisions/kho%E1%BA%A3n%201%20%C4%90i%E1%BB%81u%2011?at=2027-02-01",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["document"]["number"], "999/2026/QH15");
    assert_eq!(v["document"]["status"], "in_force");
    assert_eq!(v["provision"]["eid"], "art_11__cl_1");
    assert_eq!(v["provision"]["kind"], "clause");
    assert_eq!(v["provision"]["label"], "Khoản 1");
    assert_eq!(v["provision"]["children"].as_array().unwrap().len(), 3);
    let (status, body) = get(r.addr, "/api/v1/documents/999/2026/QH15/provisions/art_99").await;
    assert_eq!(status, 404);
    assert!(body.contains("closest"));
    let (status, _) = get(r.addr, "/api/v1/documents/999/2026/QH15/provisions/hello").await;
    assert_eq!(status, 400);
    let (status, _) = get(r.addr, "/api/v1/documents?status=gone").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn openapi_lists_absolute_paths() {
    let r = start().await;
    let (status, body) = get(r.addr, "/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let paths: Vec<&String> = v["paths"].as_object().unwrap().keys().collect();
    assert!(paths.iter().all(|p| p.starts_with("/api/v1/")), "{paths:?}");
    assert!(paths.contains(&&"/api/v1/documents/{number}/provisions/{provision}".to_string()));
}

#[tokio::test]
async fn document_page_marks_amended_provisions_on_the_date() {
    let r = start().await;
    // Luật 998/2026/QH15 amends the sample law from 01/07/2027.
    let (_, before) = get(r.addr, "/van-ban/999/2026/QH15?at=2027-06-30").await;
    assert!(before.contains("id=\"art_15\"") && !before.contains("id=\"art_10a\""));
    assert!(!before.contains("class=\"changed\""));
    assert!(
        before.contains("class=\"banner\"") && before.contains("?at=2027-07-01"),
        "pending amendments are announced"
    );
    let (_, after) = get(r.addr, "/van-ban/999/2026/QH15?at=2027-07-01").await;
    assert!(!after.contains("id=\"art_15\""), "a repealed article is not shown as current");
    assert!(after.contains("id=\"art_10a\""));
    // The relation diagram shows the amending act above the document.
    let (_, amended) = get(r.addr, "/van-ban/999/2026/QH15").await;
    let above = amended.split("class=\"d-above\"").nth(1).unwrap_or("");
    assert!(above.split("class=\"d-left\"").next().unwrap_or("").contains("998/2026/QH15"), "lược đồ");
    assert!(after.contains("class=\"changed\"") && after.contains("998/2026/QH15"));
    let (status, body) =
        get(r.addr, "/api/v1/documents/999/2026/QH15/provisions/%C4%90i%E1%BB%81u%2015?at=2027-07-01").await;
    assert_eq!(status, 404);
    assert!(body.contains("998/2026/QH15"), "{body}");
}

#[tokio::test]
async fn history_and_redline_pages_and_api() {
    let r = start().await;
    let (status, html) = get(r.addr, "/lich-su?document=999/2026/QH15&provision=%C4%90i%E1%BB%81u%205").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("2027-07-01") && html.contains("998/2026/QH15") && html.contains("2027-06-30"));
    let (status, body) = get(r.addr, "/api/v1/history?document=999/2026/QH15&provision=art_15").await;
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["versions"][1]["status"], "repealed");
    let (status, html) = get(r.addr, "/so-sanh?document=999/2026/QH15&from=2027-06-30&to=2027-07-01").await;
    assert_eq!(status, 200);
    assert!(html.contains("<ins>") && html.contains("<del>"), "a redline");
    assert!(html.contains("Điều 10a"));
    let (status, body) = get(r.addr, "/api/v1/diff?document=999/2026/QH15&from=2027-06-30&to=2027-07-01").await;
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(v["changes"].as_array().unwrap().iter().any(|c| c["kind"] == "added" && c["to"] == "art_10a"));
    let (status, _) = get(r.addr, "/api/v1/diff?document=999/2026/QH15&from=hôm-qua&to=2027-07-01").await;
    assert_eq!(status, 400);
    let (status, _) = get(r.addr, "/lich-su?document=999/2026/QH15&provision=%C4%90i%E1%BB%81u%2099").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn provision_page() {
    let r = start().await;
    let (status, html) =
        get(r.addr, "/van-ban/999/2026/QH15?p=kho%E1%BA%A3n%201%20%C4%90i%E1%BB%81u%2011&at=2027-02-01").await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"art_11__cl_1\"") && html.contains("id=\"art_11__cl_1__pt_c\""));
    assert!(!html.contains("id=\"art_12\""), "only the provision asked for");
    assert!(!html.contains("class=\"toc\""));
    // Repealed on the date: said so, with the act.
    let (status, html) = get(r.addr, "/van-ban/999/2026/QH15?p=%C4%90i%E1%BB%81u%2015&at=2027-07-01").await;
    assert_eq!(status, 404);
    assert!(html.contains("998/2026/QH15"));
}

#[tokio::test]
async fn search_api_and_page() {
    let r = start().await;
    // Without diacritics, the sample law's article on conciliation time limits.
    let (status, body) = get(r.addr, "/api/v1/search?q=thoi%20han%20hoa%20giai&limit=5").await;
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty(), "{body}");
    assert_eq!(hits[0]["document"], "999/2026/QH15");
    for field in ["document", "title", "eid", "label", "heading", "score", "snippet", "status"] {
        assert!(hits[0].get(field).is_some(), "hit has {field}");
    }
    assert!(hits.len() <= 5);
    // A number alone: that document, from its first article.
    let (_, body) = get(r.addr, "/api/v1/search?q=luat%20999%2F2026").await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["hits"][0]["label"], "Điều 1");
    assert_eq!(v["named"][0], "999/2026/QH15");
    // Bad input is a 400 naming the field.
    let (status, body) = get(r.addr, "/api/v1/search?q=x&at=2026-13-45").await;
    assert_eq!(status, 400);
    assert!(body.contains("at"), "{body}");
    let (status, body) = get(r.addr, "/api/v1/search?q=x&status=bogus").await;
    assert_eq!(status, 400, "{body}");
    // The page: grouped hits, marked words, status badge, facets; the query is escaped.
    let (status, page) = get(r.addr, "/tim-kiem?q=thoi%20han%20hoa%20giai").await;
    assert_eq!(status, 200);
    assert!(page.contains("<mark>"), "highlighted snippet");
    assert!(page.contains("/van-ban/999/2026/QH15"), "link to the document");
    assert!(page.contains("class=\"badge"), "status badge");
    let (_, page) = get(r.addr, "/tim-kiem?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert!(!page.contains("<script>alert"), "query is escaped");
    let (_, page) = get(r.addr, "/tim-kiem?lang=en").await;
    assert!(page.contains("Search provisions"));
    // The OpenAPI document lists the search endpoint with its absolute path.
    let (_, spec) = get(r.addr, "/api/v1/openapi.json").await;
    assert!(spec.contains("\"/api/v1/search\""));
}

/// The document page on a date shows a suspended provision (ngưng hiệu lực) with the act and date,
/// and the correction relation in the lược đồ.
#[tokio::test]
async fn suspension_and_correction_on_the_document_page() {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(Db::open(dir.path(), None).await.unwrap()).await.unwrap();
    lib.load_samples_if_empty(&Actor::system_server()).await.unwrap();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../library/tests/fixtures");
    let files = [
        fixtures.join("ngung-hieu-luc-luat-999-2026-qh15-mau.txt"),
        fixtures.join("dinh-chinh-luat-999-2026-qh15-mau.txt"),
    ];
    lib.import(&files, None, &Actor::system_cli(), &library::import::NoProgress).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, server::app(lib, None)).await.unwrap() });
    let (status, page) = get(addr, "/van-ban/999/2026/QH15?at=2027-06-01").await;
    assert_eq!(status, 200);
    assert!(page.contains("Ngưng hiệu lực — <a href=\"/van-ban/996/NQ-UBTVQH15\">"), "{page}");
    assert!(page.contains("Được đính chính bởi") && page.contains("97/QĐ-VPQH"), "{page}");
    let (_, before) = get(addr, "/van-ban/999/2026/QH15?at=2027-02-01").await;
    assert!(!before.contains("Ngưng hiệu lực — "), "not yet suspended on 01/02/2027");
}
