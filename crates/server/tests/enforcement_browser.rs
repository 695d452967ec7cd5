//! End-to-end in a real browser (headless Chromium over WebDriver, as in `browser.rs`): a head of office
//! signs in, takes in a judgment from the intake form, and takes the case from intake to completion on
//! the case page — decision, notification, valid service, payment, confirmation — with the timeline,
//! deadlines and documents shown. Skips only where chromium/chromedriver are absent (`.ci/run` installs them).

use library::Library;
use platform::{Platform, Principal, Role};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use store::Db;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const PW: &str = "mat-khau-du-dai-123";

/// One HTTP/1.1 request with a JSON body (the WebDriver wire protocol); returns the JSON `value`.
async fn wd(addr: SocketAddr, method: &str, path: &str, body: Option<Value>) -> Value {
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("chromedriver answers");
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    // Read the head, then exactly Content-Length bytes (the driver may keep the connection open).
    let mut buf: Vec<u8> = vec![];
    let mut chunk = [0u8; 8192];
    let (head_end, length) = loop {
        let n = tokio::time::timeout(Duration::from_secs(60), s.read(&mut chunk))
            .await
            .expect("driver answers in time")
            .unwrap();
        assert!(n > 0, "driver closed the connection");
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..i]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            break (i + 4, length);
        }
    };
    while buf.len() < head_end + length {
        let n = tokio::time::timeout(Duration::from_secs(60), s.read(&mut chunk))
            .await
            .expect("driver answers in time")
            .unwrap();
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let v: Value = serde_json::from_slice(&buf[head_end..]).unwrap_or(Value::Null);
    v["value"].clone()
}

struct Driver {
    child: Child,
    addr: SocketAddr,
    session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

impl Driver {
    async fn start() -> Option<Driver> {
        let (Ok(_), true) = (
            Command::new("chromedriver").arg("--version").output(),
            std::path::Path::new("/usr/bin/chromium").exists(),
        ) else {
            eprintln!("SKIP: chromium and chromium-driver are not installed; .ci/run installs them");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        for _ in 0..50 {
            if tokio::net::TcpStream::connect(addr).await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().unwrap().keep();
        let caps = json!({ "capabilities": { "alwaysMatch": { "browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--window-size=1200,900", format!("--user-data-dir={}", profile.display())]
        }}}});
        let v = wd(addr, "POST", "/session", Some(caps)).await;
        let session = v["sessionId"].as_str()?.to_string();
        Some(Driver { child, addr, session })
    }

    async fn go(&self, url: &str) {
        wd(self.addr, "POST", &format!("/session/{}/url", self.session), Some(json!({ "url": url }))).await;
    }

    async fn find(&self, css: &str) -> String {
        let v = wd(
            self.addr,
            "POST",
            &format!("/session/{}/element", self.session),
            Some(json!({ "using": "css selector", "value": css })),
        )
        .await;
        v.as_object()
            .and_then(|o| o.values().next())
            .and_then(|e| e.as_str())
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    async fn typ(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        wd(self.addr, "POST", &format!("/session/{}/element/{el}/value", self.session), Some(json!({ "text": text })))
            .await;
    }

    async fn click(&self, css: &str) {
        let el = self.find(css).await;
        wd(self.addr, "POST", &format!("/session/{}/element/{el}/click", self.session), Some(json!({}))).await;
    }

    async fn text(&self, css: &str) -> String {
        let el = self.find(css).await;
        wd(self.addr, "GET", &format!("/session/{}/element/{el}/text", self.session), None)
            .await
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    async fn url(&self) -> String {
        wd(self.addr, "GET", &format!("/session/{}/url", self.session), None).await.as_str().unwrap_or("").to_string()
    }

    async fn quit(&self) {
        wd(self.addr, "DELETE", &format!("/session/{}", self.session), None).await;
    }
}

impl Driver {
    async fn clear(&self, css: &str) {
        let el = self.find(css).await;
        wd(self.addr, "POST", &format!("/session/{}/element/{el}/clear", self.session), Some(json!({}))).await;
    }

    /// The current document's body element reference (a new page gives a new reference).
    async fn body(&self) -> Option<String> {
        let v = wd(
            self.addr,
            "POST",
            &format!("/session/{}/element", self.session),
            Some(json!({ "using": "css selector", "value": "body" })),
        )
        .await;
        v.as_object().and_then(|o| o.values().next()).and_then(|e| e.as_str()).map(str::to_string)
    }

    /// Click and wait for the next page.
    async fn click_and_wait(&self, css: &str) {
        let before = self.body().await;
        self.click(css).await;
        for _ in 0..100 {
            let now = self.body().await;
            if now.is_some() && now != before {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no new page after clicking {css}");
    }

    /// Submit a step's form and wait for the next page.
    async fn step(&self, step: &str) {
        self.click_and_wait(&format!("form[data-step={step}] button")).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_case_from_intake_to_completion_in_the_browser() {
    let Some(driver) = Driver::start().await else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(dir.path(), None).await.unwrap();
    let lib = Library::open(db.clone()).await.unwrap();
    let p = Platform::open(db.clone()).await.unwrap();
    let enf = enforcement::Enforcement::open(p.clone()).await.unwrap();
    p.add_user(
        &Principal::system_cli(),
        "tp",
        "Trần Văn Thủ",
        Some("T01-KV01"),
        &[Role::OfficeHead, Role::EnforcementOfficer],
        PW,
    )
    .await
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = server::app_with_enforcement(lib, None, p.clone(), Some(enf.clone()), false);
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap()
    });
    let base = format!("http://{addr}");

    // Sign in; the queue page is where it lands.
    driver.go(&format!("{base}/dang-nhap?next=/thi-hanh-an")).await;
    driver.typ("input[name=username]", "tp").await;
    driver.typ("input[name=password]", PW).await;
    driver.click_and_wait("form button").await;
    assert!(driver.url().await.ends_with("/thi-hanh-an"), "{}", driver.url().await);
    assert_eq!(driver.text("h1").await, "Thi hành án dân sự");

    // Intake from the form.
    driver.click_and_wait("a#intake").await;
    let today = p.clock().today();
    let judged = lex::Date::from_days(today.to_days() - 60);
    let effective = lex::Date::from_days(today.to_days() - 30);
    let dmy = |d: lex::Date| format!("{:02}/{:02}/{}", d.day, d.month, d.year);
    driver.typ("input[name=court]", "Tòa án nhân dân khu vực 1 — Hà Nội").await;
    driver.typ("input[name=judgment_number]", "45/2026/DS-ST").await;
    driver.typ("input[name=judgment_date]", &dmy(judged)).await;
    driver.typ("input[name=effective_date]", &dmy(effective)).await;
    driver.typ("input[name=creditor]", "Lê Thị Hoa").await;
    driver.typ("input[name=debtor]", "Phạm Văn Đông").await;
    driver.typ("input[name=amount]", "35.000.000").await;
    driver.typ("input[name=money_description]", "Trả tiền mua hàng").await;
    driver.click_and_wait("#intake-submit").await;
    assert!(driver.url().await.contains("/thi-hanh-an/viec/"), "{}", driver.url().await);
    assert_eq!(driver.text("#state").await, "Đã tiếp nhận");
    assert!(driver.text("#summary").await.contains("Điều 36") || driver.text("#summary").await.contains("Điều 34"));

    // Decision, notification, valid service: the voluntary period starts (10 days).
    driver.step("decide").await;
    assert_eq!(driver.text("#state").await, "Đã ra quyết định thi hành án");
    driver.step("notify").await;
    assert_eq!(driver.text("#state").await, "Đã thông báo");
    driver.step("serve").await;
    assert_eq!(driver.text("#state").await, "Thời hạn tự nguyện");
    let summary = driver.text("#summary").await;
    assert!(summary.contains("Điều 45") || summary.contains("Điều 36"), "{summary}");
    // A wrong amount is refused with a message; the full amount is paid.
    driver.clear("form[data-step=pay] input[name=amount]").await;
    driver.typ("form[data-step=pay] input[name=amount]", "35000001").await;
    driver.step("pay").await;
    assert!(driver.text("#error").await.contains("đồng"));
    driver.step("pay").await;
    assert!(driver.text("#money").await.starts_with("35.000.000 / 35.000.000"), "{}", driver.text("#money").await);
    driver.step("complete").await;
    assert_eq!(driver.text("#state").await, "Đã thi hành xong");
    let timeline = driver.text("#timeline").await;
    for step in ["Tiếp nhận", "Ra quyết định thi hành án", "Thông báo quyết định", "Thu tiền", "Xác nhận kết thúc"]
    {
        assert!(timeline.contains(step), "{step} missing: {timeline}");
    }
    let docs = driver.text("#documents").await;
    assert!(docs.contains("QĐ-THADS") && docs.contains("XN-THADS"), "{docs}");
    driver.quit().await;
}
