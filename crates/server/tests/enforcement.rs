//! Civil enforcement over HTTP: the real server on a random port, a fresh SQLite store, users of several
//! roles and offices with API tokens and a web session. Every enforcement endpoint refuses anonymous
//! callers, callers of another office and roles the step is not for; a case goes from intake to
//! completion through the API; the pages show the queue, the case with its timeline and next steps, and
//! take steps from forms with the session's CSRF token; the OpenAPI document lists the paths.

use library::Library;
use platform::{Clock, Platform, Principal, Role, Scope, Settings};
use serde_json::{Value, json};
use std::net::SocketAddr;
use store::Db;

const PW: &str = "mat-khau-du-dai-123";
const T0: i64 = 1_781_492_400; // 2026-06-15 10:00 Vietnam time

mod common;
use common::{Resp, send};

fn set_cookie(head: &str, name: &str) -> Option<String> {
    head.lines()
        .filter(|l| l.to_ascii_lowercase().starts_with("set-cookie:"))
        .map(|l| l["set-cookie:".len()..].trim().to_string())
        .find(|c| c.starts_with(&format!("{name}=")))
}

fn cookie_value(set: &str) -> String {
    set.split(';').next().unwrap_or("").split_once('=').map(|(_, v)| v.to_string()).unwrap_or_default()
}

fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker).map(|i| i + marker.len()).expect("hidden field");
    body[start..].split('"').next().unwrap_or("").to_string()
}

async fn sign_in(addr: SocketAddr, user: &str) -> String {
    let form = send(addr, "GET", "/dang-nhap", &[], None).await;
    let pre = cookie_value(&set_cookie(&form.head, "tuphap_csrf").unwrap());
    let body = format!("username={user}&password={PW}&csrf={pre}&next=/thi-hanh-an");
    let r = send(
        addr,
        "POST",
        "/dang-nhap",
        &[("Cookie", &format!("tuphap_csrf={pre}"))],
        Some(("application/x-www-form-urlencoded", &body)),
    )
    .await;
    assert_eq!(r.status, 303);
    format!("tuphap_session={}", cookie_value(&set_cookie(&r.head, "tuphap_session").unwrap()))
}

async fn call(addr: SocketAddr, token: Option<&str>, method: &str, path: &str, body: Option<&Value>) -> Resp {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut h: Vec<(&str, &str)> = vec![];
    if let Some(a) = &auth {
        h.push(("Authorization", a));
    }
    let b = body.map(|b| b.to_string());
    send(addr, method, path, &h, b.as_deref().map(|b| ("application/json", b))).await
}

fn new_case(unit: &str) -> Value {
    json!({
        "unit": unit, "basis": "request", "court": "Tòa án nhân dân khu vực 1 — Hà Nội",
        "judgment_number": "12/2026/DS-ST", "judgment_date": "2026-02-10", "effective_date": "2026-03-01",
        "received_on": "2026-06-05",
        "parties": [
            { "role": "creditor", "name": "Trần Thị Bình", "address": "Hà Nội" },
            { "role": "debtor", "name": "Nguyễn Văn An", "address": "Hà Nội" }
        ],
        "obligations": [ { "kind": "pay_money", "description": "Trả tiền vay", "amount": 75000000 } ],
        "officer": "cv"
    })
}

/// A fresh store (library, platform at the fixed time `now`, enforcement) with `users` added.
async fn stores(
    now: i64,
    users: &[(&str, Option<&str>, Vec<Role>)],
) -> (tempfile::TempDir, Library, Platform, enforcement::Enforcement) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(dir.path(), None).await.unwrap();
    let lib = Library::open(db.clone()).await.unwrap();
    let p = Platform::open_with(db, Clock::fixed(now), Settings::default()).await.unwrap();
    let enf = enforcement::Enforcement::open(p.clone()).await.unwrap();
    for (name, unit, roles) in users {
        p.add_user(&Principal::system_cli(), name, name, *unit, roles, PW).await.unwrap();
    }
    (dir, lib, p, enf)
}

/// The whole app on a random port.
async fn serve(lib: Library, p: &Platform, enf: &enforcement::Enforcement) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = server::app_with_enforcement(lib, None, p.clone(), Some(enf.clone()), true);
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap()
    });
    addr
}

#[tokio::test(flavor = "multi_thread")]
async fn enforcement_api_pages_and_authorisation() {
    let (_dir, lib, p, enf) = stores(
        T0,
        &[
            ("cv", Some("T01-KV01"), vec![Role::EnforcementOfficer]),
            ("tp", Some("T01-KV01"), vec![Role::OfficeHead, Role::EnforcementOfficer]),
            ("tk", Some("T01-KV01"), vec![Role::Clerk]),
            ("kt", Some("T01-KV01"), vec![Role::Accountant]),
            ("tp2", Some("T01-KV02"), vec![Role::OfficeHead]),
            ("gs", Some("T01"), vec![Role::ProvincialSupervisor]),
            ("admin", Some("TW"), vec![Role::Administrator]),
            ("dan", None, vec![Role::Citizen]),
        ],
    )
    .await;
    let cli = Principal::system_cli();
    let tok = |u: &'static str, s: Scope| {
        let p = p.clone();
        let cli = cli.clone();
        async move { p.create_token(&cli, u, "test", s, 30).await.unwrap().token }
    };
    let (cv, tp, tk, kt, tp2, gs, admin, dan, tp_read) = (
        tok("cv", Scope::Write).await,
        tok("tp", Scope::Write).await,
        tok("tk", Scope::Write).await,
        tok("kt", Scope::Write).await,
        tok("tp2", Scope::Write).await,
        tok("gs", Scope::Write).await,
        tok("admin", Scope::Write).await,
        tok("dan", Scope::Write).await,
        tok("tp", Scope::Read).await,
    );
    let addr = serve(lib, &p, &enf).await;

    // Intake: the clerk of the office; refused for anonymous, read-only, other office, admin, citizen.
    let body = new_case("T01-KV01");
    assert_eq!(call(addr, None, "POST", "/api/v1/enforcement/cases", Some(&body)).await.status, 401);
    for (who, t) in
        [("read-only", &tp_read), ("other office", &tp2), ("admin", &admin), ("citizen", &dan), ("supervisor", &gs)]
    {
        let r = call(addr, Some(t), "POST", "/api/v1/enforcement/cases", Some(&body)).await;
        assert_eq!(r.status, 403, "{who}: {}", r.body);
    }
    let r = call(addr, Some(&tk), "POST", "/api/v1/enforcement/cases", Some(&body)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let c: Value = serde_json::from_str(&r.body).unwrap();
    let id = c["id"].as_i64().unwrap();
    assert_eq!(c["due_date"], "2026-06-12");
    assert!(c["due_citation"].as_str().unwrap().contains("khoản 1 Điều 36"));
    let other = call(addr, Some(&tp2), "POST", "/api/v1/enforcement/cases", Some(&new_case("T01-KV02"))).await;
    assert_eq!(other.status, 400, "{}", other.body); // cv is not an officer of T01-KV02
    let mut b2 = new_case("T01-KV02");
    b2["officer"] = Value::Null;
    let other: Value =
        serde_json::from_str(&call(addr, Some(&tp2), "POST", "/api/v1/enforcement/cases", Some(&b2)).await.body)
            .unwrap();
    let other_id = other["id"].as_i64().unwrap();

    // Every endpoint: anonymous 401, another office 403.
    let paths: Vec<(&str, String, Option<Value>)> = vec![
        ("GET", "/api/v1/enforcement/cases?unit=T01-KV01".into(), None),
        ("GET", format!("/api/v1/enforcement/cases/{id}"), None),
        ("POST", format!("/api/v1/enforcement/cases/{id}/steps/decide"), Some(json!({ "on": "2026-06-11" }))),
        ("POST", format!("/api/v1/enforcement/cases/{id}/assign"), Some(json!({ "officer": "tp" }))),
        ("GET", "/api/v1/enforcement/queues?unit=T01-KV01&kind=overdue".into(), None),
        ("GET", "/api/v1/enforcement/workload?unit=T01-KV01".into(), None),
    ];
    for (m, path, body) in &paths {
        let r = call(addr, None, m, path, body.as_ref()).await;
        assert_eq!(r.status, 401, "anonymous {m} {path}");
        let r = call(addr, Some(&tp2), m, path, body.as_ref()).await;
        assert_eq!(r.status, 403, "other office {m} {path}: {}", r.body);
        let r = call(addr, Some(&admin), m, path, body.as_ref()).await;
        assert_eq!(r.status, 403, "admin {m} {path}: {}", r.body);
    }
    // Reads: own office, provincial supervisor.
    assert_eq!(call(addr, Some(&cv), "GET", &format!("/api/v1/enforcement/cases/{id}"), None).await.status, 200);
    assert_eq!(call(addr, Some(&gs), "GET", &format!("/api/v1/enforcement/cases/{id}"), None).await.status, 200);
    assert_eq!(call(addr, Some(&cv), "GET", &format!("/api/v1/enforcement/cases/{other_id}"), None).await.status, 403);
    assert_eq!(call(addr, Some(&cv), "GET", "/api/v1/enforcement/cases/999999", None).await.status, 404);
    // Wrong role for the step: an officer does not decide; a read-only token writes nothing.
    let step = |t: &str, s: &str, body: Value| {
        let t = t.to_string();
        let s = s.to_string();
        async move { call(addr, Some(&t), "POST", &format!("/api/v1/enforcement/cases/{id}/steps/{s}"), Some(&body)).await }
    };
    assert_eq!(step(&cv, "decide", json!({ "on": "2026-06-11" })).await.status, 403);
    assert_eq!(step(&tp_read, "decide", json!({ "on": "2026-06-11" })).await.status, 403);
    assert_eq!(step(&gs, "decide", json!({ "on": "2026-06-11" })).await.status, 403);
    assert_eq!(step(&tp, "nonsense", json!({})).await.status, 404);
    assert_eq!(step(&tp, "notify", json!({})).await.status, 409, "wrong state");
    assert_eq!(step(&tp, "decide", json!({ "on": "2026-06-11", "version": 99 })).await.status, 409);
    // From intake to completion.
    let r = step(&tp, "decide", json!({ "on": "2026-06-11" })).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["document"]["number"], "1/QĐ-THADS");
    let doc_id = v["document"]["id"].as_i64().unwrap();
    assert_eq!(step(&tk, "notify", json!({ "on": "2026-06-12" })).await.status, 200);
    assert_eq!(step(&cv, "serve", json!({ "on": "2026-06-15" })).await.status, 200);
    let file: Value = serde_json::from_str(
        &call(addr, Some(&tp), "GET", &format!("/api/v1/enforcement/cases/{id}"), None).await.body,
    )
    .unwrap();
    assert_eq!(file["case"]["state"], "voluntary");
    assert_eq!(file["case"]["due_date"], "2026-06-25");
    let ob = file["obligations"][0]["id"].as_i64().unwrap();
    assert_eq!(
        step(&cv, "pay", json!({ "obligation": ob, "amount": 1 })).await.status,
        403,
        "officers do not take money"
    );
    assert_eq!(step(&kt, "pay", json!({ "obligation": ob, "amount": 75000001 })).await.status, 400);
    assert_eq!(step(&kt, "pay", json!({ "obligation": ob, "amount": 75000000 })).await.status, 200);
    assert_eq!(step(&cv, "complete", json!({})).await.status, 403);
    let r = step(&tp, "complete", json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(enf.check_money(id).await.unwrap(), (75_000_000, 75_000_000));
    // Assignment by the head to an officer of the office.
    assert_eq!(
        call(
            addr,
            Some(&cv),
            "POST",
            &format!("/api/v1/enforcement/cases/{id}/assign"),
            Some(&json!({ "officer": "tp" }))
        )
        .await
        .status,
        403
    );
    assert_eq!(
        call(
            addr,
            Some(&tp),
            "POST",
            &format!("/api/v1/enforcement/cases/{id}/assign"),
            Some(&json!({ "officer": "tp" }))
        )
        .await
        .status,
        200
    );

    // Documents: HTML and .docx for the office; not another office.
    let r = call(addr, Some(&tp), "GET", &format!("/api/v1/enforcement/documents/{doc_id}"), None).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("QUYẾT ĐỊNH THI HÀNH ÁN") && r.body.contains("75.000.000"));
    let r = call(addr, Some(&tp), "GET", &format!("/api/v1/enforcement/documents/{doc_id}/docx"), None).await;
    assert_eq!(r.status, 200);
    assert!(r.head.to_ascii_lowercase().contains("wordprocessingml"));
    assert_eq!(
        call(addr, Some(&tp2), "GET", &format!("/api/v1/enforcement/documents/{doc_id}"), None).await.status,
        403
    );
    assert_eq!(
        call(addr, None, "GET", &format!("/api/v1/enforcement/documents/{doc_id}/docx"), None).await.status,
        401
    );

    // Queues and workload; search.
    let r = call(addr, Some(&tp), "GET", "/api/v1/enforcement/queues?kind=waiting", None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = call(addr, Some(&tp), "GET", "/api/v1/enforcement/workload", None).await;
    let w: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(w["officers"].as_array().unwrap().len(), 2);
    let r = call(addr, Some(&tp), "GET", "/api/v1/enforcement/cases?q=nguyen%20van%20an&state=completed", None).await;
    let l: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(l["total"], 1);
    // The rule sets are public, with their citations.
    let r = call(addr, None, "GET", "/api/v1/enforcement/rules", None).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("khoản 1 Điều 37 Luật Thi hành án dân sự 106/2025/QH15"));
    // OpenAPI: absolute paths.
    let r = call(addr, None, "GET", "/api/v1/openapi.json", None).await;
    let doc: Value = serde_json::from_str(&r.body).unwrap();
    for path in
        ["/api/v1/enforcement/cases", "/api/v1/enforcement/cases/{id}/steps/{step}", "/api/v1/enforcement/queues"]
    {
        assert!(doc["paths"].get(path).is_some(), "{path} missing from OpenAPI");
    }

    // Pages: sign-in first; the queue; the case page; a step from its form (CSRF as a field).
    let r = send(addr, "GET", "/thi-hanh-an", &[], None).await;
    assert!(r.status == 303 || r.status == 307 || r.status == 302, "{}", r.status);
    let session = sign_in(addr, "tp").await;
    let r = send(addr, "GET", "/thi-hanh-an", &[("Cookie", &session)], None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("Thi hành án dân sự") && r.body.contains("Quá hạn"));
    let r = send(addr, "GET", "/thi-hanh-an?lang=en", &[("Cookie", &session)], None).await;
    assert!(r.body.contains("Civil judgment enforcement"));
    let c2: Value = serde_json::from_str(
        &call(addr, Some(&tk), "POST", "/api/v1/enforcement/cases", Some(&new_case("T01-KV01"))).await.body,
    )
    .unwrap();
    let id2 = c2["id"].as_i64().unwrap();
    let page = send(addr, "GET", &format!("/thi-hanh-an/viec/{id2}"), &[("Cookie", &session)], None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Ra quyết định thi hành án") && page.body.contains("khoản 1 Điều 36"));
    assert!(page.body.contains("Diễn biến hồ sơ"));
    let csrf = hidden(&page.body, "csrf");
    let form = |csrf: &str| format!("csrf={csrf}&version=1&on=2026-06-11&lang=vi");
    let r = send(
        addr,
        "POST",
        &format!("/thi-hanh-an/viec/{id2}/buoc/decide"),
        &[("Cookie", &session)],
        Some(("application/x-www-form-urlencoded", &form("wrong"))),
    )
    .await;
    assert_eq!(r.status, 403);
    let r = send(
        addr,
        "POST",
        &format!("/thi-hanh-an/viec/{id2}/buoc/decide"),
        &[("Cookie", &session)],
        Some(("application/x-www-form-urlencoded", &form(&csrf))),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = send(addr, "GET", &format!("/thi-hanh-an/viec/{id2}"), &[("Cookie", &session)], None).await;
    assert!(page.body.contains("data-state=\"decided\""));
    assert!(page.body.contains("1/2026/T01-KV01") || page.body.contains("2/2026/T01-KV01"));
    // Another office's case page is refused.
    let session2 = sign_in(addr, "tp2").await;
    let r = send(addr, "GET", &format!("/thi-hanh-an/viec/{id2}"), &[("Cookie", &session2)], None).await;
    assert_eq!(r.status, 403);
    // Cookie-authenticated API writes need the CSRF header.
    let r = send(
        addr,
        "POST",
        &format!("/api/v1/enforcement/cases/{id2}/steps/notify"),
        &[("Cookie", &session)],
        Some(("application/json", "{}")),
    )
    .await;
    assert_eq!(r.status, 403);

    // Money: a receipt by the accountant (idempotent by header), not by the officer or another office;
    // the preview by Điều 47, the distribution, a payout; the books and the accountant's page.
    let c3: Value = serde_json::from_str(
        &call(addr, Some(&tk), "POST", "/api/v1/enforcement/cases", Some(&new_case("T01-KV01"))).await.body,
    )
    .unwrap();
    let id3 = c3["id"].as_i64().unwrap();
    let receipt = json!({ "amount": 10_000_000, "on": "2026-06-15", "reference": "FT-77" });
    let path = format!("/api/v1/enforcement/cases/{id3}/receipts");
    assert_eq!(call(addr, Some(&cv), "POST", &path, Some(&receipt)).await.status, 403);
    assert_eq!(call(addr, Some(&tp2), "POST", &path, Some(&receipt)).await.status, 403);
    assert_eq!(call(addr, None, "POST", &path, Some(&receipt)).await.status, 401);
    let (auth, body) = (format!("Bearer {kt}"), receipt.to_string());
    let headers = [("Authorization", auth.as_str()), ("Idempotency-Key", "bl-77")];
    let first = send(addr, "POST", &path, &headers, Some(("application/json", &body))).await;
    assert_eq!(first.status, 201, "{}", first.body);
    let again = send(addr, "POST", &path, &headers, Some(("application/json", &body))).await;
    let (a, b): (Value, Value) =
        (serde_json::from_str(&first.body).unwrap(), serde_json::from_str(&again.body).unwrap());
    assert_eq!(a["id"], b["id"], "a retried receipt books once");
    let r = call(addr, Some(&kt), "POST", &format!("/api/v1/enforcement/cases/{id3}/distribution/preview"), None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let pv: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(pv["held"], 10_000_000);
    assert_eq!(pv["due_date"], "2026-06-25");
    assert!(r.body.contains("Điều 47 Luật Thi hành án dân sự 26/2008/QH12"));
    let r = call(addr, Some(&kt), "POST", &format!("/api/v1/enforcement/cases/{id3}/distributions"), None).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let books: Value = serde_json::from_str(
        &call(addr, Some(&kt), "GET", &format!("/api/v1/enforcement/cases/{id3}/books"), None).await.body,
    )
    .unwrap();
    let payout = books["payouts"][0]["id"].as_i64().unwrap();
    let r = call(
        addr,
        Some(&kt),
        "POST",
        &format!("/api/v1/enforcement/payouts/{payout}/pay"),
        Some(&json!({"reference": "UNC-1"})),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        call(addr, Some(&kt), "POST", &format!("/api/v1/enforcement/payouts/{payout}/pay"), None).await.status,
        409
    );
    assert_eq!(call(addr, Some(&gs), "GET", &format!("/api/v1/enforcement/cases/{id3}/books"), None).await.status, 200);
    assert_eq!(
        call(addr, Some(&tp2), "GET", &format!("/api/v1/enforcement/cases/{id3}/books"), None).await.status,
        403
    );
    let r = call(addr, Some(&kt), "GET", "/api/v1/enforcement/offices/T01-KV01/books", None).await;
    let office: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        office["cash"].as_i64().unwrap(),
        office["held"].as_i64().unwrap() + office["payable"].as_i64().unwrap()
    );
    // Reconciliation: a CSV body; a bad line is named.
    let r = send(
        addr,
        "POST",
        "/api/v1/enforcement/offices/T01-KV01/reconciliations?name=sk.csv",
        &[("Authorization", &format!("Bearer {kt}"))],
        Some(("text/csv", "date,amount,reference\n2026-06-15,10000000,FT-77\n")),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("\"matched\":[["));
    let r = send(
        addr,
        "POST",
        "/api/v1/enforcement/offices/T01-KV01/reconciliations?name=sk.csv",
        &[("Authorization", &format!("Bearer {kt}"))],
        Some(("text/csv", "date,amount\n2026-06-15,mười\n")),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("sk.csv: dòng 2"), "{}", r.body);
    // Assets: the officer seizes, moves, adds a photo; the chain is kept.
    let r = call(
        addr,
        Some(&cv),
        "POST",
        &format!("/api/v1/enforcement/cases/{id3}/assets"),
        Some(&json!({
            "kind": "phương tiện", "description": "Xe máy Honda SH 29B1-555.55", "valuation": 60_000_000,
            "custody": { "kind": "warehouse", "place": "Kho Chi cục" }
        })),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let asset: Value = serde_json::from_str(&r.body).unwrap();
    let aid = asset["asset"]["id"].as_i64().unwrap();
    let r = call(addr, Some(&cv), "POST", &format!("/api/v1/enforcement/assets/{aid}/actions"), Some(&json!({
        "action": "move", "custody": { "kind": "keeper", "keeper": "Ông Lê Văn Giữ", "place": "Gia Lâm" }, "version": 1
    }))).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = send(
        addr,
        "POST",
        &format!("/api/v1/enforcement/assets/{aid}/photos?name=xe.png"),
        &[("Authorization", &format!("Bearer {cv}"))],
        Some(("image/png", "\u{89}PNG")),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = call(addr, Some(&kt), "GET", &format!("/api/v1/enforcement/assets/{aid}"), None).await;
    assert!(r.body.contains("Ông Lê Văn Giữ") && r.body.contains("\"from_place\":\"Kho Chi cục\""), "{}", r.body);
    // Pages: the funds page with its preview table, the asset page with its chain.
    let session_kt = sign_in(addr, "kt").await;
    let r = send(addr, "GET", &format!("/thi-hanh-an/viec/{id3}/tien"), &[("Cookie", &session_kt)], None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("Sổ quỹ") && r.body.contains("FT-77") && r.body.contains("10.000.000"));
    let csrf = hidden(&r.body, "csrf");
    let form = format!("csrf={csrf}&op=receive&amount=2.500.000&on=2026-06-15&reference=BL-2");
    let r = send(
        addr,
        "POST",
        &format!("/thi-hanh-an/viec/{id3}/tien"),
        &[("Cookie", &session_kt)],
        Some(("application/x-www-form-urlencoded", &form)),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r =
        send(addr, "GET", &format!("/thi-hanh-an/viec/{id3}/tien?preview=1"), &[("Cookie", &session_kt)], None).await;
    assert!(
        r.body.contains("id=\"preview\"") && r.body.contains("2.500.000") && r.body.contains("Xác nhận phân phối"),
        "{}",
        r.body
    );
    let r = send(addr, "GET", &format!("/thi-hanh-an/tai-san/{aid}"), &[("Cookie", &session)], None).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Diễn biến bảo quản") && r.body.contains("Chuyển nơi bảo quản"));
    let r = call(addr, None, "GET", "/api/v1/openapi.json", None).await;
    for path in [
        "/api/v1/enforcement/cases/{id}/receipts",
        "/api/v1/enforcement/cases/{id}/distributions",
        "/api/v1/enforcement/assets/{id}/actions",
    ] {
        assert!(r.body.contains(path), "{path} missing from OpenAPI");
    }
    assert!(store::audit::verify(enf.db()).await.unwrap() > 10);
}

/// The monitoring centre's API and page, the parties' public look-up (JSON and page; the same 404
/// whatever was wrong, then 429 with Retry-After) and the office's access slips.
#[tokio::test(flavor = "multi_thread")]
async fn monitoring_and_public_lookup_over_http() {
    let (_dir, lib, p, enf) = stores(
        T0,
        &[
            ("cv", Some("T01-KV01"), vec![Role::EnforcementOfficer]),
            ("tp", Some("T01-KV01"), vec![Role::OfficeHead, Role::EnforcementOfficer]),
            ("tp2", Some("T01-KV02"), vec![Role::OfficeHead]),
            ("gs", Some("T01"), vec![Role::ProvincialSupervisor]),
        ],
    )
    .await;
    let cli = Principal::system_cli();
    let made = enf.demo_documented(&cli, 200, 9, 200, |_| {}).await.unwrap();
    assert!(made.documents > made.cases, "demo cases carry their decisions and notices: {made:?}");
    let addr = serve(lib, &p, &enf).await;
    let tp = p.create_token(&cli, "tp", "t", Scope::Read, 30).await.unwrap().token;
    let tp2 = p.create_token(&cli, "tp2", "t", Scope::Read, 30).await.unwrap().token;
    let gs = p.create_token(&cli, "gs", "t", Scope::Read, 30).await.unwrap().token;
    let c = call(
        addr,
        Some(&p.create_token(&cli, "tp", "w", Scope::Write, 30).await.unwrap().token),
        "POST",
        "/api/v1/enforcement/cases",
        Some(&new_case("T01-KV01")),
    )
    .await;
    assert_eq!(c.status, 201, "{}", c.body);
    let case: Value = serde_json::from_str(&c.body).unwrap();
    let (id, number) = (case["id"].as_i64().unwrap(), case["number"].as_str().unwrap().to_string());

    // The province-wide case list: a provincial supervisor sees every office of the province; an office
    // head of one office cannot list the province.
    let all = call(addr, Some(&gs), "GET", "/api/v1/enforcement/cases?unit=T01&limit=500", None).await;
    assert_eq!(all.status, 200, "{}", all.body);
    let v: Value = serde_json::from_str(&all.body).unwrap();
    let offices: std::collections::BTreeSet<&str> =
        v["cases"].as_array().unwrap().iter().map(|c| c["unit_code"].as_str().unwrap()).collect();
    assert!(offices.len() > 1 && offices.iter().all(|o| o.starts_with("T01")), "{offices:?}");
    let one: Value = serde_json::from_str(
        &call(addr, Some(&tp), "GET", "/api/v1/enforcement/cases?unit=T01-KV01&limit=1", None).await.body,
    )
    .unwrap();
    assert!(v["total"].as_i64().unwrap() > one["total"].as_i64().unwrap());
    assert_eq!(call(addr, Some(&tp2), "GET", "/api/v1/enforcement/cases?unit=T01", None).await.status, 403);
    let gs_session = sign_in(addr, "gs").await;
    let list =
        send(addr, "GET", "/thi-hanh-an/ho-so?unit=T01&state=&q=&active=1", &[("Cookie", &gs_session)], None).await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert!(list.body.contains("Danh sách việc thi hành án") && list.body.contains("T01-KV01"), "{}", list.body);
    // Demo cases carry the documents their steps issued.
    let first =
        v["cases"].as_array().unwrap().iter().find(|c| c["state"] != "received").unwrap()["id"].as_i64().unwrap();
    let file: Value = serde_json::from_str(
        &call(addr, Some(&gs), "GET", &format!("/api/v1/enforcement/cases/{first}"), None).await.body,
    )
    .unwrap();
    assert!(!file["documents"].as_array().unwrap().is_empty(), "{file}");

    // Reports: signed in only, within reach; the province's rows are its offices.
    assert_eq!(call(addr, None, "GET", "/api/v1/monitoring/report", None).await.status, 401);
    assert_eq!(call(addr, Some(&tp2), "GET", "/api/v1/monitoring/report?unit=T01-KV01", None).await.status, 403);
    assert_eq!(call(addr, Some(&gs), "GET", "/api/v1/monitoring/report?unit=T01&from=2026-13", None).await.status, 400);
    let r = call(addr, Some(&gs), "GET", "/api/v1/monitoring/report?unit=T01&from=2025-10&to=2026-06", None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["report"]["unit_code"], "T01");
    assert!(v["report"]["rows"].as_array().unwrap().iter().all(|r| r["code"].as_str().unwrap().starts_with("T01")));
    assert_eq!(v["definitions"].as_array().unwrap().len(), 7);
    assert_eq!(v["report"]["trend"].as_array().unwrap().len(), 9);
    let mine = call(addr, Some(&tp), "GET", "/api/v1/monitoring/report", None).await;
    assert!(mine.body.contains("\"kind\":\"officer\""), "{}", mine.body);
    let ob = call(addr, Some(&tp), "GET", "/api/v1/monitoring/outbox", None).await;
    assert_eq!(serde_json::from_str::<Value>(&ob.body).unwrap()["pending"], 2, "intake told both parties");
    // The page, signed in; anonymous is sent to sign in.
    assert_eq!(send(addr, "GET", "/giam-sat", &[], None).await.status, 303);
    let session = sign_in(addr, "tp").await;
    let page = send(addr, "GET", "/giam-sat", &[("Cookie", &session)], None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Tỷ lệ thi hành xong") && page.body.contains("<svg"), "{}", page.body);

    // The office's slips; another office cannot see them.
    assert_eq!(
        call(addr, Some(&tp2), "GET", &format!("/api/v1/enforcement/cases/{id}/access"), None).await.status,
        403
    );
    let access = call(
        addr,
        Some(&p.create_token(&cli, "tp", "w2", Scope::Write, 30).await.unwrap().token),
        "GET",
        &format!("/api/v1/enforcement/cases/{id}/access"),
        None,
    )
    .await;
    assert_eq!(access.status, 200, "{}", access.body);
    let access: Value = serde_json::from_str(&access.body).unwrap();
    let secret = access[0]["secret"].as_str().unwrap().to_string();
    let token = access[0]["token"].as_str().unwrap().to_string();
    let slips = send(addr, "GET", &format!("/thi-hanh-an/viec/{id}/tra-cuu"), &[("Cookie", &session)], None).await;
    assert!(slips.body.contains(&secret) && slips.body.contains("<svg"));

    // The public look-up: JSON, page, QR.
    let lookup = |secret: String| {
        let number = number.clone();
        async move {
            let body = json!({ "number": number, "secret": secret }).to_string();
            send(addr, "POST", "/api/v1/public/lookup", &[], Some(("application/json", &body))).await
        }
    };
    let ok = lookup(secret.clone()).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(ok.body.contains("\"role\":\"creditor\"") && !ok.body.contains("Nguyễn Văn An"));
    let wrong = lookup("AAAAA-AAAAA".into()).await;
    let unknown = send(
        addr,
        "POST",
        "/api/v1/public/lookup",
        &[],
        Some(("application/json", &json!({ "number": "1/1999/T01-KV01", "secret": secret }).to_string())),
    )
    .await;
    assert_eq!((wrong.status, unknown.status), (404, 404));
    assert_eq!(wrong.body, unknown.body, "the same answer whatever was wrong");
    let qr = send(addr, "GET", &format!("/tra-cuu/q/{token}"), &[], None).await;
    assert_eq!(qr.status, 200);
    assert!(qr.body.contains(&number) && qr.body.contains("width=device-width"));
    let form = send(
        addr,
        "POST",
        "/tra-cuu",
        &[],
        Some(("application/x-www-form-urlencoded", &format!("number={}&secret={secret}", number.replace('/', "%2F")))),
    )
    .await;
    assert!(form.status == 200 && form.body.contains("Người được thi hành án"), "{}", form.body);
    // Throttled: 10 failures from this address, then 429 with Retry-After, even for the right secret.
    for _ in 0..9 {
        lookup("BBBBB-BBBBB".into()).await;
    }
    let throttled = lookup(secret.clone()).await;
    assert_eq!(throttled.status, 429);
    assert!(throttled.head.to_ascii_lowercase().contains("retry-after: 900"), "{}", throttled.head);
    let openapi = send(addr, "GET", "/api/v1/openapi.json", &[], None).await.body;
    for path in [
        "/api/v1/monitoring/report",
        "/api/v1/public/lookup",
        "/api/v1/public/lookup/{token}",
        "/api/v1/enforcement/cases/{id}/access",
    ] {
        assert!(openapi.contains(path), "{path} not in the OpenAPI document");
    }
}

/// The rules endpoint flags a rule for review when the legal library knows its provision changed after
/// the wording the rule was checked against: the real 2025 law, and a fictional amending law (a test
/// fixture, 997/2026/QH15) that rewrites khoản 5 Điều 72 from 01/10/2026.
#[tokio::test(flavor = "multi_thread")]
async fn rules_are_flagged_for_review_when_the_library_knows_a_change() {
    let Some(law) = store::scratch::shared_data("thads-2025/luatthihanhandansu2025.txt") else { return };
    let (_dir, lib, p, enf) = stores(1_795_489_200, &[]).await; // 24/11/2026
    let addr = serve(lib.clone(), &p, &enf).await;
    let flagged = |v: &Value| -> Vec<String> {
        v["sets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["id"] == "thads-2025")
            .flat_map(|s| s["rules"].as_array().unwrap().iter())
            .filter(|r| !r["review"].is_null())
            .map(|r| format!("{} {}", r["citation"].as_str().unwrap(), r["review"].as_str().unwrap()))
            .collect()
    };
    let actor = store::audit::Actor::system_cli();
    lib.import(&[law], None, &actor, &library::import::NoProgress).await.unwrap();
    let before: Value =
        serde_json::from_str(&call(addr, None, "GET", "/api/v1/enforcement/rules", None).await.body).unwrap();
    assert!(flagged(&before).is_empty(), "the law as passed: nothing to review {:?}", flagged(&before));
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/luat-997-2026-qh15-sua-doi-thads-mau.txt");
    lib.import(&[fixture], None, &actor, &library::import::NoProgress).await.unwrap();
    let after: Value =
        serde_json::from_str(&call(addr, None, "GET", "/api/v1/enforcement/rules", None).await.body).unwrap();
    let f = flagged(&after);
    assert!(!f.is_empty() && f.iter().all(|x| x.contains("Điều 72") && x.contains("997/2026/QH15")), "{f:?}");
    assert!(f.iter().any(|x| x.starts_with("khoản 5 Điều 72")), "{f:?}");
}
