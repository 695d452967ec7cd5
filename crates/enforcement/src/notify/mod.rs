//! Thông báo cho đương sự — notifications: every decision and step that concerns the parties, and the
//! approaching end of the voluntary period, told to each party through an outbox.
//!
//! - **Nothing lost**: a message is written to `enf_outbox` in the same transaction as the step it
//!   tells about ([`Enforcement::notify_step`]); if the step rolls back, so does the message.
//! - **Nothing twice**: each message has a unique `dedup_key` (`step:EVENT:party:ID`,
//!   `deadline:CASE:DATE:party:ID`), so enqueueing again changes nothing; a sender leases rows
//!   ([`LEASE_SECS`]) before sending, so two dispatchers never send the same row, and marks a row sent
//!   only while it holds the lease. A sender that dies after the relay accepted a message but before
//!   marking it may send it again once the lease ends; the message then carries the same
//!   `Message-ID`, which mail systems use to drop the copy.
//! - **Retries**: a temporary failure is retried with backoff (1 min, 2, 4 … up to 6 h), at most
//!   [`MAX_ATTEMPTS`] times; a permanent failure (a refused address) or the last attempt marks the row
//!   failed, and failed rows are counted on the monitoring page.
//! - **Pluggable senders** ([`Sender`]): [`LogSender`] (the default: writes each message to the log;
//!   letters by post go to the office's print queue this way) and SMTP ([`smtp`]) for e-mail.

pub mod smtp;

use crate::case::Case;
use crate::documents::dmy;
use crate::workflow::{State, Step};
use crate::{Enforcement, Result};
use lex::Date;
use platform::policy::{Action, Principal};
use serde::Serialize;
use sqlx::{Any, Row, Transaction};
use std::future::Future;

/// Where a message's links point; replaced by the public address at sending.
pub const PUBLIC_URL: &str = "{public_url}";
/// A sender holds a row this long (seconds); longer than a send may take.
pub const LEASE_SECS: i64 = 120;
/// Attempts before a message is marked failed.
pub const MAX_ATTEMPTS: i64 = 8;
/// Reminders go out this many days before the voluntary period ends.
pub const REMIND_DAYS: i64 = 3;

/// Kênh — how a party is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Thư điện tử.
    Email,
    /// Thư bưu chính: printed and posted by the office.
    Post,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Post => "post",
        }
    }
    pub fn parse(s: &str) -> Channel {
        if s == "email" { Channel::Email } else { Channel::Post }
    }
}

/// A message in the outbox.
#[derive(Clone, Debug, Serialize)]
pub struct Message {
    pub id: i64,
    pub dedup_key: String,
    pub case_id: i64,
    pub kind: String,
    pub channel: Channel,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

/// Why a send failed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SendError {
    /// Try again later (network, relay busy).
    #[error("{0}")]
    Temporary(String),
    /// Will never succeed (address refused).
    #[error("{0}")]
    Permanent(String),
}

/// A way to deliver messages.
pub trait Sender: Send + Sync {
    fn send(&self, m: &Message) -> impl Future<Output = std::result::Result<(), SendError>> + Send;
}

/// Writes each message to the log (target `tuphap::outbox`).
#[derive(Clone, Copy, Debug, Default)]
pub struct LogSender;

impl Sender for LogSender {
    async fn send(&self, m: &Message) -> std::result::Result<(), SendError> {
        tracing::info!(
            target: "tuphap::outbox",
            id = m.id,
            channel = m.channel.as_str(),
            recipient = %m.recipient,
            subject = %m.subject,
            "{}",
            m.body
        );
        Ok(())
    }
}

/// The server's senders: e-mail through SMTP when configured, everything else to the log.
#[derive(Clone, Debug, Default)]
pub struct Senders {
    pub smtp: Option<smtp::SmtpConfig>,
}

impl Sender for Senders {
    async fn send(&self, m: &Message) -> std::result::Result<(), SendError> {
        match (&self.smtp, m.channel) {
            (Some(cfg), Channel::Email) => {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs() as i64)
                    .unwrap_or(0);
                smtp::send(cfg, m, now).await
            }
            _ => LogSender.send(m).await,
        }
    }
}

/// What one dispatch did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DispatchReport {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

/// Counts of the outbox (for the monitoring page).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OutboxStatus {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}

/// PURE: whether the parties are told about a step. Internal work (starting verification, periodic
/// re-verification, new information, valid service) is not.
pub fn tells_parties(step: Step) -> bool {
    !matches!(step, Step::StartVerification | Step::Reverify | Step::NewInformation | Step::Serve)
}

/// Backoff before attempt `attempts + 1` (seconds): 1 min, doubling, at most 6 h.
pub fn backoff(attempts: i64) -> i64 {
    (60i64 << attempts.clamp(0, 9)).min(6 * 3600)
}

/// What to tell the parties of a case, and under which key.
struct Notice<'a> {
    /// The office's name (read before the transaction began).
    office: &'a str,
    /// `step` or `deadline`.
    kind: &'a str,
    key: &'a str,
    headline: &'a str,
    voluntary: Option<&'a str>,
}

struct PartyContact {
    id: i64,
    role: String,
    name: String,
    address: String,
    email: Option<String>,
    generation: i64,
}

impl Enforcement {
    async fn contacts(&self, tx: &mut Transaction<'static, Any>, case_id: i64) -> Result<Vec<PartyContact>> {
        let rows = sqlx::query(
            "SELECT id, role, name, address, email, access_gen FROM enf_parties WHERE case_id = $1 ORDER BY id",
        )
        .bind(case_id)
        .fetch_all(&mut **tx)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PartyContact {
                    id: r.try_get("id")?,
                    role: r.try_get("role")?,
                    name: r.try_get("name")?,
                    address: r.try_get("address")?,
                    email: r.try_get("email")?,
                    generation: r.try_get("access_gen")?,
                })
            })
            .collect()
    }

    /// The message to one party: what happened, the state and what comes next, and how to look the
    /// case up (QR link and secret).
    fn compose(
        &self,
        c: &Case,
        office: &str,
        party: &PartyContact,
        headline: &str,
        voluntary: Option<&str>,
    ) -> (String, String) {
        let role = crate::case::PartyRole::parse(&party.role).map(|r| r.label_vi()).unwrap_or("Đương sự");
        let expires = Date::from_days(self.today().to_days() + crate::citizen::TOKEN_DAYS);
        let token = self.keys.token(c.id, party.id, party.generation, expires);
        let secret = self.keys.secret(c.id, party.id, party.generation);
        let subject = format!("Việc thi hành án số {}: {headline}", c.number);
        let body = format!(
            "Kính gửi {name} ({role}),\n\n{office} thông báo về việc thi hành án số {number} (bản án, quyết định số {judgment} ngày {jdate} của {court}):\n{headline}.\n\nTrạng thái hiện nay: {state}.\n{next}\n\nTra cứu tình trạng việc thi hành án:\n  {url}/tra-cuu/q/{token}\nhoặc tại {url}/tra-cuu với số việc {number} và mã bí mật {secret}.\nKhông chia sẻ mã bí mật cho người khác.\n",
            name = party.name,
            number = c.number,
            judgment = c.judgment_number,
            jdate = dmy(&c.judgment_date),
            court = c.court,
            state = c.state.label_vi(),
            next = crate::citizen::next_step(c.state, voluntary),
            url = PUBLIC_URL,
        );
        (subject, body)
    }

    /// Enqueue one message per party, inside the caller's transaction; a key already in the outbox is
    /// left alone. Returns how many were new.
    async fn enqueue(&self, tx: &mut Transaction<'static, Any>, c: &Case, n: &Notice<'_>) -> Result<usize> {
        let mut count = 0;
        for party in self.contacts(tx, c.id).await? {
            let (subject, body) = self.compose(c, n.office, &party, n.headline, n.voluntary);
            let (channel, recipient) = match party.email.as_deref().filter(|e| smtp::valid_address(e)) {
                Some(e) => (Channel::Email, e.to_string()),
                None => (Channel::Post, format!("{} — {}", party.name, party.address)),
            };
            let r = sqlx::query("INSERT INTO enf_outbox (dedup_key, case_id, party_id, kind, channel, recipient, subject, body, created_at, next_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) ON CONFLICT (dedup_key) DO NOTHING")
                .bind(format!("{}:party:{}", n.key, party.id))
                .bind(c.id)
                .bind(party.id)
                .bind(n.kind)
                .bind(channel.as_str())
                .bind(recipient)
                .bind(subject)
                .bind(body)
                .bind(self.now())
                .execute(&mut **tx)
                .await?;
            count += r.rows_affected() as usize;
        }
        Ok(count)
    }

    /// Tell the parties about a step, in the step's transaction (`office`: the office's name, read
    /// before the transaction began).
    pub(crate) async fn notify_step(
        &self,
        tx: &mut Transaction<'static, Any>,
        c: &Case,
        office: &str,
        headline: &str,
        event_key: &str,
    ) -> Result<usize> {
        let voluntary = c.facts_voluntary_ends();
        let notice = Notice { office, kind: "step", key: event_key, headline, voluntary: voluntary.as_deref() };
        self.enqueue(tx, c, &notice).await
    }

    /// Nhắc thời hạn tự nguyện — remind the parties of cases whose voluntary period ends within
    /// [`REMIND_DAYS`] days (khoản 1 Điều 45 of 26/2008/QH12; khoản 1 Điều 36 of 106/2025/QH15). Idempotent:
    /// a case's reminder for one end date is enqueued once. Returns the messages enqueued.
    pub async fn remind_deadlines(&self, p: &Principal) -> Result<usize> {
        crate::authorize(p, Action::ManageUnits, platform::policy::Target::Global)?;
        let today = self.today();
        let until = Date::from_days(today.to_days() + REMIND_DAYS);
        let ids: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM enf_cases WHERE voluntary_ends >= $1 AND voluntary_ends <= $2 AND state = 'voluntary' ORDER BY id",
        )
        .bind(today.to_string())
        .bind(until.to_string())
        .fetch_all(self.db().pool())
        .await?;
        let units = self.platform.units().await?;
        let office = |id: i64| units.iter().find(|u| u.id == id).map(|u| u.name.clone()).unwrap_or_default();
        let mut n = 0;
        for chunk in ids.chunks(200) {
            let mut tx = self.db().pool().begin().await?;
            crate::case::lock(&mut tx).await?;
            let mut batch = 0;
            for (id,) in chunk {
                let c = self.case_in(&mut tx, *id).await?;
                let Some(ends) = c.facts_voluntary_ends() else { continue };
                if c.state != State::Voluntary {
                    continue;
                }
                let headline = format!("thời hạn tự nguyện thi hành án kết thúc ngày {}", dmy(&ends));
                let (office, key) = (office(c.unit_id), format!("deadline:{id}:{ends}"));
                let notice = Notice {
                    office: &office,
                    kind: "deadline",
                    key: &key,
                    headline: &headline,
                    voluntary: Some(&ends),
                };
                batch += self.enqueue(&mut tx, &c, &notice).await?;
            }
            if batch > 0 {
                platform::audit::record::<(), _>(
                    &mut tx,
                    &p.actor(),
                    "enforcement.remind",
                    &format!("cases:{}-{}", chunk[0].0, chunk[chunk.len() - 1].0),
                    None,
                    Some(&batch),
                )
                .await?;
            }
            tx.commit().await?;
            n += batch;
        }
        Ok(n)
    }

    /// Send what is due: lease up to `limit` rows, send each, mark it sent (or schedule a retry, or
    /// mark it failed). `public_url` replaces [`PUBLIC_URL`] in the bodies.
    pub async fn dispatch(&self, sender: &impl Sender, public_url: &str, limit: i64) -> Result<DispatchReport> {
        let now = self.now();
        let lease = {
            let mut b = [0u8; 16];
            getrandom::fill(&mut b).map_err(|e| crate::EnforcementError::Invalid(format!("random: {e}")))?;
            b.iter().map(|x| format!("{x:02x}")).collect::<String>()
        };
        // The outer condition is checked again on the row being updated, so two dispatchers that picked
        // the same ids cannot both take them.
        sqlx::query("UPDATE enf_outbox SET lease_until = $1, lease_token = $2 WHERE id IN (SELECT id FROM enf_outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_at <= $3 AND lease_until < $3 ORDER BY id LIMIT $4) AND sent_at IS NULL AND failed_at IS NULL AND lease_until < $3")
            .bind(now + LEASE_SECS)
            .bind(&lease)
            .bind(now)
            .bind(limit.clamp(1, 1000))
            .execute(self.db().pool())
            .await?;
        let rows = sqlx::query("SELECT id, dedup_key, case_id, kind, channel, recipient, subject, body, attempts FROM enf_outbox WHERE lease_token = $1 AND sent_at IS NULL ORDER BY id")
            .bind(&lease)
            .fetch_all(self.db().pool())
            .await?;
        let mut report = DispatchReport::default();
        for r in rows {
            let mut m = Message {
                id: r.try_get("id")?,
                dedup_key: r.try_get("dedup_key")?,
                case_id: r.try_get("case_id")?,
                kind: r.try_get("kind")?,
                channel: Channel::parse(&r.try_get::<String, _>("channel")?),
                recipient: r.try_get("recipient")?,
                subject: r.try_get("subject")?,
                body: r.try_get("body")?,
                attempts: r.try_get("attempts")?,
            };
            m.body = m.body.replace(PUBLIC_URL, public_url.trim_end_matches('/'));
            let outcome = sender.send(&m).await;
            let now = self.now();
            let q = match &outcome {
                Ok(()) => {
                    report.sent += 1;
                    sqlx::query("UPDATE enf_outbox SET sent_at = $1, attempts = attempts + 1, lease_token = NULL, last_error = NULL WHERE id = $2 AND lease_token = $3 AND sent_at IS NULL")
                        .bind(now)
                        .bind(m.id)
                        .bind(&lease)
                }
                Err(e) => {
                    let last = matches!(e, SendError::Permanent(_)) || m.attempts + 1 >= MAX_ATTEMPTS;
                    if last {
                        report.failed += 1;
                    } else {
                        report.retried += 1;
                    }
                    tracing::warn!(target: "tuphap::outbox", id = m.id, attempt = m.attempts + 1, "send failed: {e}");
                    sqlx::query("UPDATE enf_outbox SET attempts = attempts + 1, lease_until = 0, lease_token = NULL, last_error = $1, next_at = $2, failed_at = $3 WHERE id = $4 AND lease_token = $5 AND sent_at IS NULL")
                        .bind(e.to_string().chars().take(500).collect::<String>())
                        .bind(now + backoff(m.attempts))
                        .bind(last.then_some(now))
                        .bind(m.id)
                        .bind(&lease)
                }
            };
            if q.execute(self.db().pool()).await?.rows_affected() != 1 {
                tracing::warn!(target: "tuphap::outbox", id = m.id, "lease lost before marking");
            }
        }
        Ok(report)
    }

    /// Outbox counts for a unit (its cases and its sub-units'; the national unit: all).
    pub async fn outbox_status(&self, p: &Principal, unit: &str) -> Result<OutboxStatus> {
        let u = self.platform.unit_by_code(unit).await?;
        self.authorize_unit(p, Action::ReadCases, u.id).await?;
        let sql = "SELECT CAST(SUM(CASE WHEN o.sent_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS sent, CAST(SUM(CASE WHEN o.sent_at IS NULL AND o.failed_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS failed, CAST(SUM(CASE WHEN o.sent_at IS NULL AND o.failed_at IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS pending FROM enf_outbox o JOIN enf_cases c ON c.id = o.case_id JOIN units un ON un.id = c.unit_id WHERE $1 = 0 OR c.unit_id = $2 OR un.parent_id = $2";
        let r = sqlx::query(sql).bind(i64::from(u.parent_id.is_some())).bind(u.id).fetch_one(self.db().pool()).await?;
        Ok(OutboxStatus {
            pending: r.try_get::<Option<i64>, _>("pending")?.unwrap_or(0),
            sent: r.try_get::<Option<i64>, _>("sent")?.unwrap_or(0),
            failed: r.try_get::<Option<i64>, _>("failed")?.unwrap_or(0),
        })
    }

    /// The messages of a case, newest first.
    pub async fn outbox_of(&self, p: &Principal, case_id: i64) -> Result<Vec<serde_json::Value>> {
        self.case_for(p, case_id, Action::ReadCases).await?;
        let rows = sqlx::query("SELECT id, kind, channel, recipient, subject, created_at, attempts, sent_at, failed_at, last_error FROM enf_outbox WHERE case_id = $1 ORDER BY id DESC LIMIT 200")
            .bind(case_id)
            .fetch_all(self.db().pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(serde_json::json!({
                    "id": r.try_get::<i64, _>("id")?,
                    "kind": r.try_get::<String, _>("kind")?,
                    "channel": r.try_get::<String, _>("channel")?,
                    "recipient": r.try_get::<String, _>("recipient")?,
                    "subject": r.try_get::<String, _>("subject")?,
                    "created_at": r.try_get::<i64, _>("created_at")?,
                    "attempts": r.try_get::<i64, _>("attempts")?,
                    "sent_at": r.try_get::<Option<i64>, _>("sent_at")?,
                    "failed_at": r.try_get::<Option<i64>, _>("failed_at")?,
                    "last_error": r.try_get::<Option<String>, _>("last_error")?,
                }))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(0), 60);
        assert_eq!(backoff(1), 120);
        assert_eq!(backoff(5), 1920);
        assert_eq!(backoff(30), 6 * 3600);
    }

    #[test]
    fn internal_steps_are_not_told() {
        assert!(tells_parties(Step::Decide));
        assert!(tells_parties(Step::Pay));
        assert!(!tells_parties(Step::Reverify));
    }
}
