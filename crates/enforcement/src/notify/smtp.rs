//! A small SMTP client (RFC 5321: EHLO, MAIL, RCPT, DATA, QUIT) for handing messages to the office's
//! mail relay. Plain TCP: the relay is on the office's own network (or localhost) and does TLS and
//! authentication onwards. Subjects are RFC 2047 encoded words, bodies base64 UTF-8, and every
//! message carries `Message-ID: <dedup-key@tuphap>` so a message delivered again after a crash is
//! recognised as the same message by mail systems.

use super::{Message, SendError};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Where and as whom to send.
#[derive(Clone, Debug)]
pub struct SmtpConfig {
    /// `host:port` of the relay.
    pub addr: String,
    /// The envelope and header sender (`thads@example.gov.vn`).
    pub from: String,
    /// The name given in EHLO.
    pub hello: String,
    /// Longest wait for the relay at each step.
    pub timeout: Duration,
}

/// Whether an address is a plain mailbox we may put in an envelope and a header (no CR/LF, no angle
/// brackets, one `@`, at most 254 bytes).
pub fn valid_address(a: &str) -> bool {
    let ok_chars = a.chars().all(|c| !c.is_control() && !c.is_whitespace() && !"<>,;\"".contains(c));
    let parts: Vec<&str> = a.split('@').collect();
    ok_chars && a.len() <= 254 && parts.len() == 2 && !parts[0].is_empty() && parts[1].contains('.')
}

/// RFC 2047: a header value as UTF-8 base64 encoded words, folded.
fn encode_header(value: &str) -> String {
    let mut words = vec![];
    let mut chunk = String::new();
    for c in value.chars().filter(|c| !c.is_control()) {
        if chunk.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(chunk);
    }
    words.iter().map(|w| format!("=?UTF-8?B?{}?=", STANDARD.encode(w.as_bytes()))).collect::<Vec<_>>().join("\r\n ")
}

/// RFC 5322 date of a Unix time, in Vietnam's time zone.
fn rfc5322_date(unix: i64) -> String {
    let local = unix + 7 * 3600;
    let days = local.div_euclid(86400);
    let secs = local.rem_euclid(86400);
    let d = lex::Date::from_days(days);
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} +0700",
        DAYS[days.rem_euclid(7) as usize],
        d.day,
        MONTHS[usize::from(d.month.clamp(1, 12)) - 1],
        d.year,
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// The message as sent after DATA (CRLF line ends, ending with the lone dot).
pub fn render(cfg: &SmtpConfig, m: &Message, now: i64) -> String {
    let body = STANDARD.encode(m.body.as_bytes());
    let mut out = String::new();
    out.push_str(&format!("From: {}\r\n", cfg.from));
    out.push_str(&format!("To: {}\r\n", m.recipient));
    out.push_str(&format!("Subject: {}\r\n", encode_header(&m.subject)));
    out.push_str(&format!("Date: {}\r\n", rfc5322_date(now)));
    let id: String =
        m.dedup_key.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '.' }).collect();
    out.push_str(&format!("Message-ID: <{id}@tuphap>\r\n"));
    out.push_str(
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
    );
    for line in body.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push_str("\r\n");
    }
    out.push_str(".\r\n");
    out
}

struct Session {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
    timeout: Duration,
}

impl Session {
    async fn reply(&mut self) -> Result<(u16, String), SendError> {
        let mut all = String::new();
        loop {
            let mut line = String::new();
            let n = tokio::time::timeout(self.timeout, self.reader.read_line(&mut line))
                .await
                .map_err(|_| SendError::Temporary("SMTP: timed out".into()))?
                .map_err(|e| SendError::Temporary(format!("SMTP: {e}")))?;
            if n == 0 || line.len() < 4 || all.len() > 64 * 1024 {
                return Err(SendError::Temporary(format!("SMTP: unexpected reply {all}{line}")));
            }
            all.push_str(&line);
            if line.as_bytes()[3] == b' ' {
                let code = line[..3].parse().map_err(|_| SendError::Temporary(format!("SMTP: bad reply {line}")))?;
                return Ok((code, all));
            }
        }
    }

    async fn expect(&mut self, ok: &[u16], what: &str) -> Result<(), SendError> {
        let (code, text) = self.reply().await?;
        if ok.contains(&code) {
            return Ok(());
        }
        let msg = format!("SMTP {what}: {}", text.trim());
        // 5xx: the relay refuses for good (bad address, policy); 4xx: try again later.
        Err(if (500..600).contains(&code) { SendError::Permanent(msg) } else { SendError::Temporary(msg) })
    }

    async fn command(&mut self, line: &str, ok: &[u16]) -> Result<(), SendError> {
        self.write(&format!("{line}\r\n")).await?;
        self.expect(ok, line.split(':').next().unwrap_or(line)).await
    }

    async fn write(&mut self, s: &str) -> Result<(), SendError> {
        tokio::time::timeout(self.timeout, self.writer.write_all(s.as_bytes()))
            .await
            .map_err(|_| SendError::Temporary("SMTP: timed out".into()))?
            .map_err(|e| SendError::Temporary(format!("SMTP: {e}")))
    }
}

/// Send one message through the relay.
pub async fn send(cfg: &SmtpConfig, m: &Message, now: i64) -> Result<(), SendError> {
    if !valid_address(&m.recipient) {
        return Err(SendError::Permanent(format!("not an e-mail address: {:?}", m.recipient)));
    }
    let stream = tokio::time::timeout(cfg.timeout, TcpStream::connect(&cfg.addr))
        .await
        .map_err(|_| SendError::Temporary(format!("SMTP: connecting to {} timed out", cfg.addr)))?
        .map_err(|e| SendError::Temporary(format!("SMTP: {}: {e}", cfg.addr)))?;
    let (r, w) = stream.into_split();
    let mut s = Session { reader: BufReader::new(r), writer: w, timeout: cfg.timeout };
    s.expect(&[220], "greeting").await?;
    s.command(&format!("EHLO {}", cfg.hello), &[250]).await?;
    s.command(&format!("MAIL FROM:<{}>", cfg.from), &[250]).await?;
    s.command(&format!("RCPT TO:<{}>", m.recipient), &[250, 251]).await?;
    s.command("DATA", &[354]).await?;
    s.write(&render(cfg, m, now)).await?;
    s.expect(&[250], "DATA").await?;
    // The message is accepted; a failed QUIT changes nothing.
    let _ = s.command("QUIT", &[221]).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_that_could_inject_headers_are_refused() {
        assert!(valid_address("an.nguyen@example.vn"));
        assert!(!valid_address("a@b.vn\r\nBcc: x@y.vn"));
        assert!(!valid_address("<a@b.vn>"));
        assert!(!valid_address("a@b"));
        assert!(!valid_address("a b@c.vn"));
    }

    #[test]
    fn headers_are_encoded_and_dates_are_rfc5322() {
        let h = encode_header("Việc thi hành án số 12/2026/T01-KV01: Ra quyết định thi hành án");
        assert!(h.starts_with("=?UTF-8?B?") && h.lines().all(|l| l.trim().len() <= 76));
        let decoded: String = h
            .split("\r\n ")
            .map(|w| {
                let b = w.trim_start_matches("=?UTF-8?B?").trim_end_matches("?=");
                String::from_utf8(STANDARD.decode(b).unwrap()).unwrap()
            })
            .collect();
        assert_eq!(decoded, "Việc thi hành án số 12/2026/T01-KV01: Ra quyết định thi hành án");
        // 2026-11-23 00:00 UTC is a Monday, 07:00 in Hà Nội.
        assert_eq!(rfc5322_date(1_795_392_000), "Mon, 23 Nov 2026 07:00:00 +0700");
    }
}
