//! Sign-in and the authorisation matrix over HTTP: the real server on a random port, a fresh SQLite
//! store with the seeded units, users of several roles, sessions and tokens. Every write endpoint must
//! refuse anonymous, wrong-role, read-only and expired callers; every read endpoint must answer as the
//! policy says.

use library::Library;
use platform::{Clock, Platform, Principal, Role, Scope, Settings};
use std::net::SocketAddr;
use store::Db;

const PW: &str = "mat-khau-du-dai-123";

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

/// A caller: the headers it sends.
#[derive(Clone)]
struct Caller {
    name: &'static str,
    headers: Vec<(String, String)>,
}

impl Caller {
    fn bearer(name: &'static str, token: &str) -> Caller {
        Caller { name, headers: vec![("Authorization".into(), format!("Bearer {token}"))] }
    }
}

async fn call(addr: SocketAddr, c: &Caller, method: &str, path: &str, body: Option<&str>) -> Resp {
    let h: Vec<(&str, &str)> = c.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    send(addr, method, path, &h, body.map(|b| ("application/json", b))).await
}

async fn sign_in_over_http(addr: SocketAddr, user: &str, pw: &str) -> (u16, Option<String>) {
    let form = send(addr, "GET", "/dang-nhap", &[], None).await;
    assert_eq!(form.status, 200);
    let pre = cookie_value(&set_cookie(&form.head, "tuphap_csrf").expect("pre-session CSRF cookie"));
    let csrf = hidden(&form.body, "csrf");
    assert_eq!(pre, csrf);
    let body = format!("username={user}&password={pw}&csrf={csrf}&next=/tai-khoan");
    let cookie = format!("tuphap_csrf={pre}");
    let r =
        send(addr, "POST", "/dang-nhap", &[("Cookie", &cookie)], Some(("application/x-www-form-urlencoded", &body)))
            .await;
    (r.status, set_cookie(&r.head, "tuphap_session"))
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_sessions_tokens_and_the_authorisation_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(dir.path(), None).await.unwrap();
    let lib = Library::open(db.clone()).await.unwrap();
    let clock = Clock::fixed(1_780_000_000);
    let p = Platform::open_with(db.clone(), clock.clone(), Settings::default()).await.unwrap();
    let cli = Principal::system_cli();
    p.add_user(&cli, "admin", "Quản trị", Some("TW"), &[Role::Administrator], PW).await.unwrap();
    p.add_user(&cli, "cv", "Chấp hành viên", Some("T01-KV01"), &[Role::EnforcementOfficer], PW).await.unwrap();
    p.add_user(&cli, "gs", "Giám sát Hà Nội", Some("T01"), &[Role::ProvincialSupervisor], PW).await.unwrap();
    p.add_user(&cli, "dan", "Công dân", None, &[Role::Citizen], PW).await.unwrap();
    p.add_user(&cli, "tk", "Thư ký", Some("T01-KV02"), &[Role::Clerk], PW).await.unwrap();
    let tok = |u: &'static str, s: Scope, days: i64| {
        let p = p.clone();
        let cli = cli.clone();
        async move { p.create_token(&cli, u, "test", s, days).await.unwrap() }
    };
    let cv_read = tok("cv", Scope::Read, 30).await;
    let cv_write = tok("cv", Scope::Write, 30).await;
    let gs_write = tok("gs", Scope::Write, 30).await;
    let admin_write = tok("admin", Scope::Write, 30).await;
    let admin_read = tok("admin", Scope::Read, 30).await;
    let dan_write = tok("dan", Scope::Write, 30).await;
    let tk_token = tok("tk", Scope::Read, 30).await;
    let short = tok("cv", Scope::Write, 1).await;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = server::router_with(lib, p.clone());
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap()
    });

    // Sign-in: the form, wrong and unknown credentials (same answer), the cookie's attributes.
    let (status, cookie) = sign_in_over_http(addr, "cv", "sai-mat-khau-0").await;
    assert_eq!((status, cookie.is_some()), (401, false));
    let form = send(addr, "GET", "/dang-nhap", &[], None).await;
    let pre = cookie_value(&set_cookie(&form.head, "tuphap_csrf").unwrap());
    let attempt = |user: &'static str| {
        let cookie = format!("tuphap_csrf={pre}");
        let body = format!("username={user}&password=sai-mat-khau-0&csrf={pre}");
        async move {
            send(addr, "POST", "/dang-nhap", &[("Cookie", &cookie)], Some(("application/x-www-form-urlencoded", &body)))
                .await
        }
    };
    let known = attempt("gs").await;
    let unknown = attempt("khong-ton-tai").await;
    assert_eq!((known.status, unknown.status), (401, 401));
    assert!(known.body.contains("Tên đăng nhập hoặc mật khẩu không đúng."));
    assert_eq!(
        known.body.replace(&hidden(&known.body, "csrf"), ""),
        unknown.body.replace(&hidden(&unknown.body, "csrf"), "")
    );
    // Without the form's CSRF cookie the post is refused.
    let r = send(
        addr,
        "POST",
        "/dang-nhap",
        &[],
        Some(("application/x-www-form-urlencoded", &format!("username=cv&password={PW}&csrf=abc"))),
    )
    .await;
    assert_eq!(r.status, 403);
    let (status, cookie) = sign_in_over_http(addr, "cv", PW).await;
    assert_eq!(status, 303);
    let cookie = cookie.unwrap();
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/", "Secure", "Max-Age=28800"] {
        assert!(cookie.contains(attr), "{cookie} lacks {attr}");
    }
    let session = format!("tuphap_session={}", cookie_value(&cookie));
    let account = send(addr, "GET", "/tai-khoan", &[("Cookie", &session)], None).await;
    assert_eq!(account.status, 200);
    assert!(account.body.contains("Chấp hành viên") && account.body.contains("khu vực 1"));
    let me = send(addr, "GET", "/api/v1/me", &[("Cookie", &session)], None).await;
    assert_eq!(me.status, 200);
    let me: serde_json::Value = serde_json::from_str(&me.body).unwrap();
    assert_eq!(me["username"], "cv");
    let csrf = me["csrf"].as_str().unwrap().to_string();
    // Cookie-authenticated writes need the CSRF header.
    let body = r#"{"name":"from-session","scope":"read","days":5}"#;
    let r = send(addr, "POST", "/api/v1/tokens", &[("Cookie", &session)], Some(("application/json", body))).await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = send(
        addr,
        "POST",
        "/api/v1/tokens",
        &[("Cookie", &session), ("X-CSRF-Token", "wrong")],
        Some(("application/json", body)),
    )
    .await;
    assert_eq!(r.status, 403);
    let r = send(
        addr,
        "POST",
        "/api/v1/tokens",
        &[("Cookie", &session), ("X-CSRF-Token", &csrf)],
        Some(("application/json", body)),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let new: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert!(new["token"].as_str().unwrap().starts_with("tph_"));

    // The matrix.
    let anonymous = Caller { name: "anonymous", headers: vec![] };
    let cv_session = Caller {
        name: "cv-session",
        headers: vec![("Cookie".into(), session.clone()), ("X-CSRF-Token".into(), csrf.clone())],
    };
    let callers = [
        anonymous.clone(),
        cv_session.clone(),
        Caller::bearer("cv-read", &cv_read.token),
        Caller::bearer("cv-write", &cv_write.token),
        Caller::bearer("gs-write", &gs_write.token),
        Caller::bearer("admin-write", &admin_write.token),
        Caller::bearer("admin-read", &admin_read.token),
        Caller::bearer("citizen", &dan_write.token),
        Caller::bearer("forged", "tph_0000"),
    ];
    let override_body = r#"{"day":"2026-09-03","kind":"off","name":"Quốc khánh (nghỉ thêm)"}"#;
    let token_body = r#"{"name":"matrix","scope":"read","days":1}"#;
    let revoke = format!("/api/v1/tokens/{}", tk_token.id);
    // (method, path, body, expected status per caller in the order above).
    let cases: Vec<(&str, &str, Option<&str>, [u16; 9])> = vec![
        ("GET", "/api/v1/me", None, [401, 200, 200, 200, 200, 200, 200, 200, 401]),
        ("GET", "/api/v1/tokens", None, [401, 200, 200, 200, 200, 200, 200, 200, 401]),
        ("POST", "/api/v1/tokens", Some(token_body), [401, 201, 403, 201, 201, 201, 403, 201, 401]),
        ("GET", "/api/v1/units", None, [401, 200, 200, 200, 200, 200, 200, 403, 401]),
        ("GET", "/api/v1/users", None, [401, 403, 403, 403, 200, 200, 200, 403, 401]),
        (
            "GET",
            "/api/v1/calendar/deadline?from=2026-02-06&days=10",
            None,
            [200, 200, 200, 200, 200, 200, 200, 200, 401],
        ),
        ("GET", "/api/v1/calendar/holidays?year=2026", None, [200, 200, 200, 200, 200, 200, 200, 200, 401]),
        ("POST", "/api/v1/calendar/overrides", Some(override_body), [401, 403, 403, 403, 403, 200, 403, 403, 401]),
        // Someone else's token: only an administrator over the owner's unit may revoke it (last: it succeeds).
        ("DELETE", &revoke, None, [401, 403, 403, 403, 403, 200, 403, 403, 401]),
        ("GET", "/api/v1/documents", None, [200; 9]),
        ("GET", "/", None, [200; 9]),
    ];
    let mut checked = 0;
    for (method, path, body, expected) in &cases {
        for (caller, want) in callers.iter().zip(expected) {
            // The library routes do not read credentials: a forged token is simply ignored there.
            let r = call(addr, caller, method, path, *body).await;
            assert_eq!(r.status, *want, "{} {method} {path}: {}", caller.name, r.body);
            checked += 1;
        }
    }
    assert_eq!(checked, cases.len() * callers.len());

    // Scoping inside the answers.
    let units = |c: Caller| async move {
        let r = call(addr, &c, "GET", "/api/v1/units", None).await;
        serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["total"].as_u64().unwrap()
    };
    assert_eq!(units(cv_session.clone()).await, 1);
    assert_eq!(units(Caller::bearer("gs", &gs_write.token)).await, 1 + 11);
    assert_eq!(units(Caller::bearer("admin", &admin_write.token)).await, 390);
    let r = call(addr, &Caller::bearer("gs", &gs_write.token), "GET", "/api/v1/users", None).await;
    let names: Vec<String> = serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, vec!["cv", "gs", "tk"]);
    let r = call(addr, &anonymous, "GET", "/api/v1/calendar/deadline?from=2026-02-06&days=10", None).await;
    let d: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(d["ends"], "2026-02-23");
    // The override written above is in force.
    let r = call(addr, &anonymous, "GET", "/api/v1/calendar/deadline?from=2026-09-02&days=1", None).await;
    assert_eq!(serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["ends"], "2026-09-04");
    // An officer cannot revoke another's token but can revoke their own.
    let r =
        call(addr, &Caller::bearer("cv", &cv_write.token), "DELETE", &format!("/api/v1/tokens/{}", cv_read.id), None)
            .await;
    assert_eq!(r.status, 200);
    assert_eq!(call(addr, &Caller::bearer("cv-read", &cv_read.token), "GET", "/api/v1/me", None).await.status, 401);

    // Sign-out: the form's CSRF field must match; the cookie is then dead.
    let out = |csrf: String| {
        let session = session.clone();
        async move {
            send(
                addr,
                "POST",
                "/dang-xuat",
                &[("Cookie", &session)],
                Some(("application/x-www-form-urlencoded", &format!("csrf={csrf}"))),
            )
            .await
        }
    };
    assert_eq!(out("sai".into()).await.status, 403);
    assert_eq!(
        send(addr, "POST", "/dang-xuat", &[], Some(("application/x-www-form-urlencoded", "csrf=x"))).await.status,
        401
    );
    let (_, c2) = sign_in_over_http(addr, "cv", PW).await;
    let session2 = format!("tuphap_session={}", cookie_value(&c2.unwrap()));
    let r = out(csrf.clone()).await;
    assert_eq!(r.status, 303);
    assert_eq!(send(addr, "GET", "/api/v1/me", &[("Cookie", &session)], None).await.status, 401);

    // Expiry: sessions after 8 hours, tokens after their days.
    assert_eq!(send(addr, "GET", "/api/v1/me", &[("Cookie", &session2)], None).await.status, 200);
    assert_eq!(call(addr, &Caller::bearer("short", &short.token), "GET", "/api/v1/me", None).await.status, 200);
    clock.advance(8 * 3600 + 1);
    assert_eq!(send(addr, "GET", "/api/v1/me", &[("Cookie", &session2)], None).await.status, 401);
    clock.advance(86400);
    let expired = Caller::bearer("expired", &short.token);
    assert_eq!(call(addr, &expired, "GET", "/api/v1/me", None).await.status, 401);
    assert_eq!(call(addr, &expired, "POST", "/api/v1/tokens", Some(token_body)).await.status, 401);
    assert_eq!(call(addr, &expired, "POST", "/api/v1/calendar/overrides", Some(override_body)).await.status, 401);

    // Every write above is on the chain, and the chain holds.
    assert!(store::audit::verify(&db).await.unwrap() > 10);
}
