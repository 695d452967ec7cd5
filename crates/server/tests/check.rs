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
