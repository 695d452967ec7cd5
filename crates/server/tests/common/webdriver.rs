//! The WebDriver harness: chromedriver started on a free port, a headless Chromium session, and the
//! few commands the browser tests use.

use serde_json::{Value, json};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub async fn wd(addr: SocketAddr, method: &str, path: &str, body: Option<Value>) -> Value {
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

pub struct Driver {
    pub child: Child,
    pub addr: SocketAddr,
    pub session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

impl Driver {
    pub async fn start() -> Option<Driver> {
        let (Ok(_), true) = (
            Command::new("chromedriver").arg("--version").output(),
            std::path::Path::new("/usr/bin/chromium").exists(),
        ) else {
            eprintln!("SKIP: chromium and chromium-driver are not installed; .ci/run installs them");
            return None;
        };
        // chromedriver on a free port, waited for until it listens (up to 30 s: a loaded 2-core CI
        // machine can take seconds); if it exits first (the port was taken between our probe and
        // its bind), again on another port.
        let (child, addr) = 'start: {
            for _ in 0..3 {
                let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
                let mut child = Command::new("chromedriver")
                    .arg(format!("--port={port}"))
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .ok()?;
                let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
                for _ in 0..300 {
                    if tokio::net::TcpStream::connect(addr).await.is_ok() {
                        break 'start (child, addr);
                    }
                    if child.try_wait().ok().flatten().is_some() {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                let _ = child.kill();
            }
            panic!("chromedriver did not start listening (three ports tried, 30 s each)");
        };
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

    pub async fn go(&self, url: &str) {
        wd(self.addr, "POST", &format!("/session/{}/url", self.session), Some(json!({ "url": url }))).await;
    }

    pub async fn find(&self, css: &str) -> String {
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

    pub async fn typ(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        wd(self.addr, "POST", &format!("/session/{}/element/{el}/value", self.session), Some(json!({ "text": text })))
            .await;
    }

    pub async fn click(&self, css: &str) {
        let el = self.find(css).await;
        wd(self.addr, "POST", &format!("/session/{}/element/{el}/click", self.session), Some(json!({}))).await;
    }

    pub async fn text(&self, css: &str) -> String {
        let el = self.find(css).await;
        wd(self.addr, "GET", &format!("/session/{}/element/{el}/text", self.session), None)
            .await
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    pub async fn url(&self) -> String {
        wd(self.addr, "GET", &format!("/session/{}/url", self.session), None).await.as_str().unwrap_or("").to_string()
    }

    pub async fn quit(&self) {
        wd(self.addr, "DELETE", &format!("/session/{}", self.session), None).await;
    }

    pub async fn clear(&self, css: &str) {
        let el = self.find(css).await;
        wd(self.addr, "POST", &format!("/session/{}/element/{el}/clear", self.session), Some(json!({}))).await;
    }

    /// The current document's body element reference (a new page gives a new reference).
    pub async fn body(&self) -> Option<String> {
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
    pub async fn click_and_wait(&self, css: &str) {
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

    /// Run a script in the page; its return value.
    pub async fn execute(&self, script: &str) -> Value {
        wd(
            self.addr,
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            Some(json!({ "script": script, "args": [] })),
        )
        .await
    }

    /// Resize the window (a phone: 390 × 844).
    pub async fn window(&self, width: u32, height: u32) {
        wd(
            self.addr,
            "POST",
            &format!("/session/{}/window/rect", self.session),
            Some(json!({ "width": width, "height": height })),
        )
        .await;
    }

    /// Forget every cookie (sign out of every session).
    pub async fn forget_cookies(&self) {
        wd(self.addr, "DELETE", &format!("/session/{}/cookie", self.session), None).await;
    }
}
