//! What the server's integration tests share: a minimal HTTP/1.1 client over a TCP socket (no client
//! library needed) and, in `webdriver`, the WebDriver harness of the browser tests.
#![allow(dead_code)]

pub mod webdriver;

use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub struct Resp {
    pub status: u16,
    pub head: String,
    pub body: String,
}

/// A minimal HTTP/1.1 request over a TCP socket.
pub async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<(&str, &str)>,
) -> Resp {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    match body {
        Some((ctype, b)) => req.push_str(&format!("Content-Type: {ctype}\r\nContent-Length: {}\r\n\r\n{b}", b.len())),
        None => req.push_str("\r\n"),
    }
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = vec![];
    s.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8_lossy(&buf).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body =
        if head.to_ascii_lowercase().contains("transfer-encoding: chunked") { dechunk(body) } else { body.into() };
    Resp { status, head: head.to_string(), body: body.replace("&#x2f;", "/") }
}

/// GET: (status, body).
pub async fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let r = send(addr, "GET", path, &[], None).await;
    (r.status, r.body)
}

/// A request with a body of `content_type`: (status, body).
pub async fn request(addr: SocketAddr, method: &str, path: &str, content_type: &str, body: &str) -> (u16, String) {
    let r = send(addr, method, path, &[], Some((content_type, body))).await;
    (r.status, r.body)
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        body = rest.get(n + 2..).unwrap_or("");
    }
    out
}
