//! The drafting review over HTTP: `POST /api/v1/check` and the page `/kiem-tra` on the sample
//! library (open to anonymous users: checking writes nothing).

use library::Library;
use std::net::SocketAddr;
use store::Db;
use store::audit::Actor;

async fn start() -> (SocketAddr, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(Db::open(dir.path(), None).await.unwrap()).await.unwrap();
    lib.load_samples_if_empty(&Actor::system_server()).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, server::app(lib, None)).await.unwrap() });
    (addr, dir)
}

mod common;
use common::request;

fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

const DRAFT: &str = include_str!("../../../samples/du-thao-thong-tu-mau.txt");

#[tokio::test]
async fn api_and_page() {
    let (addr, _dir) = start().await;
    let body = serde_json::json!({ "text": DRAFT }).to_string();
    let (status, out) = request(addr, "POST", "/api/v1/check", "application/json", &body).await;
    assert_eq!(status, 200, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["date"], "2027-07-01");
    let kinds: Vec<(&str, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["kind"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    assert!(kinds.contains(&("repealed-provision", 73)), "{kinds:?}");
    assert!(kinds.contains(&("missing-provision", 79)), "{kinds:?}");
    // Citations carry spans and resolved targets linked to the provision on the draft's date.
    let c = v["citations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"] == "khoản 1 Điều 13 Luật Hòa giải cơ sở mẫu")
        .unwrap();
    assert_eq!(c["document"], "999/2026/QH15");
    assert_eq!(c["targets"][0]["href"], "/van-ban/999/2026/QH15?p=khoản+1+Điều+13&at=2027-07-01");
    assert!(c["targets"][0]["text"].as_str().unwrap().len() > 20);
    assert!(v["fixed_text"].as_str().unwrap().contains("91/2015/QH13") || v["fixed_text"].is_string());
    // Bounded input.
    let big = serde_json::json!({ "text": "a".repeat(2 * 1024 * 1024 + 10) }).to_string();
    let (status, _) = request(addr, "POST", "/api/v1/check", "application/json", &big).await;
    assert_eq!(status, 413);
    // The page: empty form, then the draft checked, citations highlighted and linked.
    let (status, page) = request(addr, "GET", "/kiem-tra", "text/plain", "").await;
    assert_eq!(status, 200);
    assert!(page.contains("Rà soát dự thảo"));
    let form = format!("text={}&lang=vi", form_encode(DRAFT));
    let (status, page) = request(addr, "POST", "/kiem-tra", "application/x-www-form-urlencoded", &form).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("repealed-provision"), "{page}");
    assert!(page.contains("class=\"cite error\""), "{page}");
    assert!(page.contains("href=\"/van-ban/999/2026/QH15?p=khoản+1+Điều+13&amp;at=2027-07-01\""), "{page}");
    // One-click fix: apply every fix, check again.
    let form = format!("text={}&lang=en&apply=all", form_encode("Theo Nghị định số 62/2015/ND-CP."));
    let (status, page) = request(addr, "POST", "/kiem-tra", "application/x-www-form-urlencoded", &form).await;
    assert_eq!(status, 200);
    assert!(page.contains("62/2015/NĐ-CP") && page.contains("Drafting review"), "{page}");
}

/// A published .docx (real data), sent as a file to the API and chosen on the page: read into its
/// paragraphs exactly as its text would be; a broken or unsupported file is refused naming the file.
#[tokio::test]
async fn docx_and_html_files() {
    let Some(path) = store::scratch::shared_data("nbtt-parsed/raw/nghi_dinh/nghi_dinh_21_2021_ND_CP.docx") else {
        return;
    };
    let bytes = std::fs::read(&path).expect("read the docx");
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
    let (addr, _dir) = start().await;
    let body = serde_json::json!({ "file": { "name": "nghi_dinh_21_2021_ND_CP.docx", "base64": b64 } }).to_string();
    let (status, out) = request(addr, "POST", "/api/v1/check", "application/json", &body).await;
    assert_eq!(status, 200, "{out}");
    let by_file: serde_json::Value = serde_json::from_str(&out).unwrap();
    let lines = library::review::draft_lines("x.docx", &bytes).unwrap();
    assert!(lines.len() > 100, "{} paragraphs", lines.len());
    let body = serde_json::json!({ "text": lines.join("\n") }).to_string();
    let by_text: serde_json::Value =
        serde_json::from_str(&request(addr, "POST", "/api/v1/check", "application/json", &body).await.1).unwrap();
    assert!(by_file["citations"].as_array().unwrap().len() > 20);
    assert_eq!(by_file["citations"], by_text["citations"]);
    assert_eq!(by_file["diagnostics"], by_text["diagnostics"]);
    // The page: the script sends NAME newline BASE64; the text box comes back with the paragraphs.
    let form = format!("text=&lang=vi&text_file={}", form_encode(&format!("nghi_dinh_21_2021_ND_CP.docx\n{b64}")));
    let (status, page) = request(addr, "POST", "/kiem-tra", "application/x-www-form-urlencoded", &form).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("class=\"cite ") && page.contains("NGHỊ ĐỊNH"), "{}", &page[..page.len().min(3000)]);
    // HTML.
    let html = "<html><body><p>Điều 1. Phạm vi</p><p>Theo khoản 1 Điều 13 Luật Hòa giải cơ sở mẫu.</p></body></html>";
    let body = serde_json::json!({ "file": { "name": "du-thao.html", "base64": base64::engine::general_purpose::STANDARD.encode(html) } }).to_string();
    let (status, out) = request(addr, "POST", "/api/v1/check", "application/json", &body).await;
    assert_eq!(status, 200, "{out}");
    assert!(out.contains("khoản 1 Điều 13 Luật Hòa giải cơ sở mẫu"), "{out}");
    // Refused, naming the file.
    for (name, data, code) in [("hong.docx", "bm90IGEgemlw", 400), ("cu.doc", "AAAA", 400), ("x.txt", "%%%", 400)] {
        let body = serde_json::json!({ "file": { "name": name, "base64": data } }).to_string();
        let (status, out) = request(addr, "POST", "/api/v1/check", "application/json", &body).await;
        assert_eq!(status, code, "{name}: {out}");
        assert!(out.contains(name) || name == "x.txt", "{name}: {out}");
    }
    let (status, _) = request(addr, "POST", "/api/v1/check", "application/json", "{}").await;
    assert_eq!(status, 400, "nothing to check");
    // The OpenAPI document lists the review.
    let (_, api) = request(addr, "GET", "/api/v1/openapi.json", "text/plain", "").await;
    assert!(api.contains("\"/api/v1/check\"") && api.contains("UploadedFile"), "{api}");
}
