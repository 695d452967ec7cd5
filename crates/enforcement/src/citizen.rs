//! Tra cứu của đương sự — citizen access: a party looks up their case with the case number and their
//! secret, or scans the QR code printed on a notice, which carries a signed token.
//!
//! - **Secrets and tokens are derived, not stored**: HMAC-SHA-256 under the office's key (`enf_keys`,
//!   created on first use) of (case, party, generation). A notice can be printed again at any time;
//!   raising the party's `access_gen` revokes both ([`Enforcement::revoke_access`]).
//! - **No enumeration**: an unknown case number and a wrong secret get the same answer, after the same
//!   work (a secret is computed either way).
//! - **Rate-limited**: [`MAX_FAILURES_PER_CLIENT`] failed look-ups per client in
//!   [`CLIENT_WINDOW_SECS`], [`MAX_FAILURES_PER_CASE`] per case number in [`CASE_WINDOW_SECS`]
//!   (a case cannot be guessed at from many addresses either).
//! - **Every look-up is logged** (`enf_lookups`: when, how, outcome, which case and party) with the
//!   client address and the case number only as keyed hashes.
//! - **Nothing about other people**: the view ([`CitizenView`]) has the case's state, next step and
//!   deadlines, the dates of its steps and its money totals — no names, addresses, notes or officers'
//!   remarks.

use crate::workflow::{State, Step, Waiting};
use crate::{Enforcement, EnforcementError, Result};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use lex::Date;
use platform::policy::{Action, Principal};
use serde::Serialize;
use sha2::Sha256;
use sqlx::Row;
use store::Db;

/// Failed look-ups one client may make in [`CLIENT_WINDOW_SECS`].
pub const MAX_FAILURES_PER_CLIENT: i64 = 10;
pub const CLIENT_WINDOW_SECS: i64 = 15 * 60;
/// Failed look-ups of one case number, from anywhere, in [`CASE_WINDOW_SECS`].
pub const MAX_FAILURES_PER_CASE: i64 = 20;
pub const CASE_WINDOW_SECS: i64 = 60 * 60;
/// How long a QR token printed on a notice stays valid (days).
pub const TOKEN_DAYS: i64 = 2 * 365;
/// Characters of a secret (Crockford base32: 5 bits each, 50 bits in all).
pub const SECRET_LEN: usize = 10;
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The key every secret and token is derived from.
pub struct Keys {
    master: Vec<u8>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(..)")
    }
}

impl Keys {
    /// Load the key, creating it on first use (concurrent first uses agree on one row).
    pub async fn load(db: &Db, now: i64) -> Result<Keys> {
        let mut fresh = vec![0u8; 32];
        getrandom::fill(&mut fresh).map_err(|e| EnforcementError::Invalid(format!("random: {e}")))?;
        sqlx::query(
            "INSERT INTO enf_keys (purpose, secret, created_at) VALUES ('citizen', $1, $2) ON CONFLICT (purpose) DO NOTHING",
        )
        .bind(fresh)
        .bind(now)
        .execute(db.pool())
        .await?;
        let (master,): (Vec<u8>,) =
            sqlx::query_as("SELECT secret FROM enf_keys WHERE purpose = 'citizen'").fetch_one(db.pool()).await?;
        Ok(Keys { master })
    }

    fn mac(&self, purpose: &str, msg: &str) -> [u8; 32] {
        // One key per purpose, derived from the master key.
        let mut k = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.master).expect("HMAC takes any key length");
        k.update(purpose.as_bytes());
        let sub = k.finalize().into_bytes();
        let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(&sub).expect("HMAC takes any key length");
        m.update(msg.as_bytes());
        m.finalize().into_bytes().into()
    }

    /// Mã bí mật of a party: 10 characters, shown as `XXXXX-XXXXX`.
    pub fn secret(&self, case_id: i64, party_id: i64, generation: i64) -> String {
        let mac = self.mac("secret", &format!("{case_id}|{party_id}|{generation}"));
        let mut bits: u64 = u64::from_be_bytes(mac[..8].try_into().unwrap_or([0; 8]));
        let mut out = String::with_capacity(SECRET_LEN + 1);
        for i in 0..SECRET_LEN {
            if i == 5 {
                out.push('-');
            }
            out.push(ALPHABET[(bits >> 59) as usize] as char);
            bits <<= 5;
        }
        out
    }

    /// A QR token: `case.party.generation.expiry-day` and a 128-bit tag, URL-safe.
    pub fn token(&self, case_id: i64, party_id: i64, generation: i64, expires: Date) -> String {
        let body = format!("{case_id}.{party_id}.{generation}.{}", expires.to_days());
        let tag = self.mac("token", &body);
        format!("{}.{}", URL_SAFE_NO_PAD.encode(body.as_bytes()), URL_SAFE_NO_PAD.encode(&tag[..16]))
    }

    /// The token's (case, party, generation, expiry) if its tag is right.
    pub fn verify_token(&self, token: &str) -> Option<(i64, i64, i64, Date)> {
        let (body, tag) = token.trim().split_once('.')?;
        let body = String::from_utf8(URL_SAFE_NO_PAD.decode(body).ok()?).ok()?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        let want = self.mac("token", &body);
        if tag.len() != 16 || tag.iter().zip(&want[..16]).fold(0u8, |a, (x, y)| a | (x ^ y)) != 0 {
            return None;
        }
        let mut it = body.split('.').map(|x| x.parse::<i64>().ok());
        let (c, p, g, e) = (it.next()??, it.next()??, it.next()??, it.next()??);
        Some((c, p, g, Date::from_days(e)))
    }

    /// A keyed hash (for the log: client addresses and case numbers are not kept in clear).
    pub fn digest(&self, what: &str, value: &str) -> String {
        self.mac(what, value)[..12].iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Normalise a typed secret: upper case, no spaces or dashes, and the letters people confuse with
/// digits (O → 0, I and L → 1) mapped as Crockford base32 does.
pub fn normalise_secret(s: &str) -> String {
    let mut out: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .take(SECRET_LEN + 1)
        .collect();
    if out.len() == SECRET_LEN {
        out.insert(5, '-');
    }
    out
}

/// A party's access, for the office to print on a notice.
#[derive(Clone, Debug, Serialize)]
pub struct PartyAccess {
    pub party_id: i64,
    pub role: String,
    pub name: String,
    pub case_number: String,
    pub secret: String,
    pub token: String,
    /// The path of the QR link (`/tra-cuu/q/TOKEN`).
    pub path: String,
    pub expires: String,
}

/// How a look-up came.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// The web form (case number and secret).
    Form,
    /// A scanned QR code.
    Qr,
    /// The JSON API.
    Api,
}

impl Via {
    fn as_str(self) -> &'static str {
        match self {
            Via::Form => "form",
            Via::Qr => "qr",
            Via::Api => "api",
        }
    }
}

/// Why a look-up gave nothing. The two cases look the same to the caller except for throttling.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LookupError {
    /// Wrong number, wrong secret, bad or expired or revoked token: one answer for all.
    #[error("không tìm thấy việc với mã và mã bí mật này / no case matches this number and secret")]
    NoMatch,
    /// Too many failed look-ups; try again later.
    #[error("quá nhiều lần tra cứu sai, vui lòng thử lại sau {retry_after} giây / too many failed look-ups")]
    Throttled { retry_after: i64 },
}

/// A step in the public timeline: its day and what it was.
#[derive(Clone, Debug, Serialize)]
pub struct PublicStep {
    pub on_date: String,
    pub label: String,
}

/// What a party sees.
#[derive(Clone, Debug, Serialize)]
pub struct CitizenView {
    pub case_number: String,
    pub office: String,
    pub court: String,
    pub judgment_number: String,
    pub judgment_date: String,
    /// The viewer's own role (creditor, debtor, related).
    pub role: String,
    pub role_label: String,
    pub state: State,
    pub state_label: &'static str,
    pub since: String,
    /// What happens next, in plain words.
    pub next: String,
    pub due_date: Option<String>,
    pub due_citation: Option<String>,
    pub waiting: Option<&'static str>,
    pub total_money: i64,
    pub paid_money: i64,
    pub steps: Vec<PublicStep>,
    pub documents: Vec<PublicStep>,
}

/// PURE: the next step of a case in plain words, by its state.
pub fn next_step(state: State, voluntary_ends: Option<&str>) -> String {
    match state {
        State::Received => "Cơ quan thi hành án ra quyết định thi hành án.".into(),
        State::Decided => "Cơ quan thi hành án gửi quyết định thi hành án cho các đương sự.".into(),
        State::Notified => "Chờ thông báo hợp lệ quyết định thi hành án cho người phải thi hành án.".into(),
        State::Voluntary => format!(
            "Người phải thi hành án tự nguyện thi hành{}; hết thời hạn này, Chấp hành viên xác minh điều kiện thi hành án.",
            voluntary_ends.map(|d| format!(" đến hết ngày {}", crate::documents::dmy(d))).unwrap_or_default()
        ),
        State::Verifying => "Chấp hành viên xác minh điều kiện thi hành án của người phải thi hành án.".into(),
        State::Coercion => "Cưỡng chế thi hành án; tiền thu được sẽ được chi trả theo thứ tự luật định.".into(),
        State::NoMeans => "Người phải thi hành án chưa có điều kiện thi hành; Chấp hành viên xác minh lại định kỳ. Người được thi hành án có thể cung cấp thông tin mới về tài sản.".into(),
        State::Postponed | State::Suspended => "Việc thi hành án tạm dừng; sẽ tiếp tục khi căn cứ hoãn/tạm đình chỉ không còn.".into(),
        State::Completed => "Việc thi hành án đã kết thúc (đã thi hành xong).".into(),
        State::Terminated => "Việc thi hành án đã bị đình chỉ.".into(),
        State::Returned => "Yêu cầu thi hành án đã được gửi lại cho người yêu cầu.".into(),
    }
}

/// A QR code of `text` as an SVG image (for notices and the office's printed slips).
pub fn qr_svg(text: &str) -> Result<String> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| EnforcementError::Invalid(format!("QR: {e}")))?;
    Ok(code.render::<qrcode::render::svg::Color>().min_dimensions(180, 180).quiet_zone(true).build())
}

impl Enforcement {
    /// The parties' secrets and QR tokens of a case, for the office to print (an officer, clerk or head
    /// of the case's office).
    pub async fn access_for(&self, p: &Principal, case_id: i64) -> Result<Vec<PartyAccess>> {
        let c = self.case_for(p, case_id, Action::WriteCases).await?;
        let expires = Date::from_days(self.today().to_days() + TOKEN_DAYS);
        let rows: Vec<(i64, String, String, i64)> =
            sqlx::query_as("SELECT id, role, name, access_gen FROM enf_parties WHERE case_id = $1 ORDER BY id")
                .bind(case_id)
                .fetch_all(self.db().pool())
                .await?;
        Ok(rows
            .into_iter()
            .map(|(id, role, name, generation)| {
                let token = self.keys.token(case_id, id, generation, expires);
                PartyAccess {
                    party_id: id,
                    role,
                    name,
                    case_number: c.number.clone(),
                    secret: self.keys.secret(case_id, id, generation),
                    path: format!("/tra-cuu/q/{token}"),
                    token,
                    expires: expires.to_string(),
                }
            })
            .collect())
    }

    /// Revoke a party's secret and QR tokens (a new pair replaces them). Audited.
    pub async fn revoke_access(&self, p: &Principal, case_id: i64, party_id: i64) -> Result<()> {
        self.case_for(p, case_id, Action::WriteCases).await?;
        let mut tx = self.db().pool().begin().await?;
        crate::case::lock(&mut tx).await?;
        let r = sqlx::query("UPDATE enf_parties SET access_gen = access_gen + 1 WHERE id = $1 AND case_id = $2")
            .bind(party_id)
            .bind(case_id)
            .execute(&mut *tx)
            .await?;
        if r.rows_affected() != 1 {
            return Err(EnforcementError::NotFound(format!("party {party_id} of case {case_id}")));
        }
        platform::audit::record::<(), i64>(
            &mut tx,
            &p.actor(),
            "enforcement.revoke_access",
            &format!("case:{case_id}:party:{party_id}"),
            None,
            Some(&party_id),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Look up a case by its number and a party's secret. `client` identifies the caller (its address)
    /// for rate limiting; it is logged only as a keyed hash.
    pub async fn lookup(
        &self,
        number: &str,
        secret: &str,
        client: &str,
        via: Via,
    ) -> Result<std::result::Result<CitizenView, LookupError>> {
        let number: String = number.trim().chars().take(60).collect();
        let secret = normalise_secret(secret);
        let code_hash = self.keys.digest("case-number", &number.to_uppercase());
        let client_hash = self.keys.digest("client", client);
        if let Some(retry_after) = self.throttled(&client_hash, &code_hash).await? {
            self.log_lookup(via, &client_hash, &code_hash, "throttled", None).await?;
            return Ok(Err(LookupError::Throttled { retry_after }));
        }
        let case: Option<(i64,)> = sqlx::query_as("SELECT id FROM enf_cases WHERE number = $1")
            .bind(&number)
            .fetch_optional(self.db().pool())
            .await?;
        let parties: Vec<(i64, i64)> = match case {
            Some((id,)) => {
                sqlx::query_as("SELECT id, access_gen FROM enf_parties WHERE case_id = $1 ORDER BY id")
                    .bind(id)
                    .fetch_all(self.db().pool())
                    .await?
            }
            None => vec![],
        };
        let case_id = case.map(|c| c.0).unwrap_or(0);
        // The same work whether or not the case exists: at least one secret is computed and compared.
        // Every secret is computed and compared (no early exit); party 0 never matches.
        let matches: Vec<i64> = parties
            .iter()
            .copied()
            .chain(std::iter::once((0, 0)))
            .filter(|(pid, generation)| {
                platform::session::constant_eq(&self.keys.secret(case_id, *pid, *generation), &secret) && *pid != 0
            })
            .map(|(pid, _)| pid)
            .collect();
        match matches.first().copied() {
            Some(pid) => {
                self.log_lookup(via, &client_hash, &code_hash, "ok", Some((case_id, pid))).await?;
                Ok(Ok(self.citizen_view(case_id, pid).await?))
            }
            None => {
                self.log_lookup(via, &client_hash, &code_hash, "denied", None).await?;
                Ok(Err(LookupError::NoMatch))
            }
        }
    }

    /// Look up by a scanned QR token.
    pub async fn lookup_token(
        &self,
        token: &str,
        client: &str,
    ) -> Result<std::result::Result<CitizenView, LookupError>> {
        let token: String = token.trim().chars().take(300).collect();
        let client_hash = self.keys.digest("client", client);
        let code_hash = self.keys.digest("token", &token);
        if let Some(retry_after) = self.throttled(&client_hash, &code_hash).await? {
            self.log_lookup(Via::Qr, &client_hash, &code_hash, "throttled", None).await?;
            return Ok(Err(LookupError::Throttled { retry_after }));
        }
        let today = self.today();
        let valid = match self.keys.verify_token(&token) {
            Some((case_id, party_id, generation, expires)) if expires >= today => {
                let current: Option<(i64,)> =
                    sqlx::query_as("SELECT access_gen FROM enf_parties WHERE id = $1 AND case_id = $2")
                        .bind(party_id)
                        .bind(case_id)
                        .fetch_optional(self.db().pool())
                        .await?;
                (current == Some((generation,))).then_some((case_id, party_id))
            }
            _ => None,
        };
        match valid {
            Some((case_id, party_id)) => {
                self.log_lookup(Via::Qr, &client_hash, &code_hash, "ok", Some((case_id, party_id))).await?;
                Ok(Ok(self.citizen_view(case_id, party_id).await?))
            }
            None => {
                self.log_lookup(Via::Qr, &client_hash, &code_hash, "denied", None).await?;
                Ok(Err(LookupError::NoMatch))
            }
        }
    }

    /// Seconds to wait, if the client or the case number has failed too often lately.
    async fn throttled(&self, client_hash: &str, code_hash: &str) -> Result<Option<i64>> {
        let now = self.now();
        let (by_client,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM enf_lookups WHERE client_hash = $1 AND at > $2 AND outcome <> 'ok'")
                .bind(client_hash)
                .bind(now - CLIENT_WINDOW_SECS)
                .fetch_one(self.db().pool())
                .await?;
        if by_client >= MAX_FAILURES_PER_CLIENT {
            return Ok(Some(CLIENT_WINDOW_SECS));
        }
        let (by_case,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM enf_lookups WHERE code_hash = $1 AND at > $2 AND outcome = 'denied'")
                .bind(code_hash)
                .bind(now - CASE_WINDOW_SECS)
                .fetch_one(self.db().pool())
                .await?;
        Ok((by_case >= MAX_FAILURES_PER_CASE).then_some(CASE_WINDOW_SECS))
    }

    async fn log_lookup(
        &self,
        via: Via,
        client_hash: &str,
        code_hash: &str,
        outcome: &str,
        found: Option<(i64, i64)>,
    ) -> Result<()> {
        sqlx::query("INSERT INTO enf_lookups (at, via, client_hash, code_hash, outcome, case_id, party_id) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(self.now())
            .bind(via.as_str())
            .bind(client_hash)
            .bind(code_hash)
            .bind(outcome)
            .bind(found.map(|f| f.0))
            .bind(found.map(|f| f.1))
            .execute(self.db().pool())
            .await?;
        Ok(())
    }

    /// Look-ups of a case, newest first (for the office: who looked, when, how — by party).
    pub async fn lookups_of(&self, p: &Principal, case_id: i64) -> Result<Vec<(i64, String, String, Option<i64>)>> {
        self.case_for(p, case_id, Action::ReadCases).await?;
        Ok(sqlx::query_as(
            "SELECT at, via, outcome, party_id FROM enf_lookups WHERE case_id = $1 ORDER BY id DESC LIMIT 100",
        )
        .bind(case_id)
        .fetch_all(self.db().pool())
        .await?)
    }

    async fn citizen_view(&self, case_id: i64, party_id: i64) -> Result<CitizenView> {
        let c = self.case_row(case_id).await?;
        let unit = self.platform.unit_by_id(c.unit_id).await?;
        let (role,): (String,) = sqlx::query_as("SELECT role FROM enf_parties WHERE id = $1")
            .bind(party_id)
            .fetch_one(self.db().pool())
            .await?;
        let events = sqlx::query("SELECT on_date, step, to_state FROM enf_events WHERE case_id = $1 ORDER BY id")
            .bind(case_id)
            .fetch_all(self.db().pool())
            .await?;
        let mut steps = vec![];
        for r in events {
            let step: String = r.try_get("step")?;
            let label = match step.as_str() {
                "receive" => "Thụ lý việc thi hành án".to_string(),
                // Internal bookkeeping of the office.
                "assign" => continue,
                s => Step::parse(s).map(|s| s.label_vi().to_string()).unwrap_or_else(|| s.to_string()),
            };
            steps.push(PublicStep { on_date: r.try_get("on_date")?, label });
        }
        let documents =
            sqlx::query("SELECT number, title, issued_on FROM enf_documents WHERE case_id = $1 ORDER BY id")
                .bind(case_id)
                .fetch_all(self.db().pool())
                .await?
                .into_iter()
                .map(|r| {
                    Ok(PublicStep {
                        on_date: r.try_get("issued_on")?,
                        label: format!("{} số {}", r.try_get::<String, _>("title")?, r.try_get::<String, _>("number")?),
                    })
                })
                .collect::<Result<Vec<_>>>()?;
        let voluntary_ends = c.facts_voluntary_ends();
        Ok(CitizenView {
            case_number: c.number.clone(),
            office: unit.name,
            court: c.court.clone(),
            judgment_number: c.judgment_number.clone(),
            judgment_date: c.judgment_date.clone(),
            role_label: crate::case::PartyRole::parse(&role).map(|r| r.label_vi()).unwrap_or("").to_string(),
            role,
            state: c.state,
            state_label: c.state.label_vi(),
            since: c.last_on.clone(),
            next: next_step(c.state, voluntary_ends.as_deref()),
            due_date: c.due_date.clone().filter(|_| c.active),
            due_citation: c.due_citation.clone().filter(|_| c.active),
            waiting: c.waiting_on.map(Waiting::label_vi),
            total_money: c.total_money,
            paid_money: c.paid_money,
            steps,
            documents,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        Keys { master: b"a test key of thirty-two bytes!!".to_vec() }
    }

    #[test]
    fn secrets_are_stable_distinct_and_typed_loosely() {
        let k = keys();
        let s = k.secret(1, 2, 1);
        assert_eq!(s, k.secret(1, 2, 1));
        assert_eq!(s.len(), SECRET_LEN + 1);
        assert_ne!(s, k.secret(1, 3, 1));
        assert_ne!(s, k.secret(1, 2, 2));
        assert!(!s.contains(['I', 'L', 'O', 'U']));
        let typed = s.to_lowercase().replace('-', " ").replace('0', "o").replace('1', "l");
        assert_eq!(normalise_secret(&typed), s);
    }

    #[test]
    fn tokens_verify_and_refuse_tampering() {
        let k = keys();
        let exp = Date::parse_iso("2028-01-01").unwrap();
        let t = k.token(12, 34, 1, exp);
        assert_eq!(k.verify_token(&t), Some((12, 34, 1, exp)));
        let forged = keys().token(13, 34, 1, exp);
        let (body, _) = forged.split_once('.').unwrap();
        let (_, tag) = t.split_once('.').unwrap();
        assert_eq!(k.verify_token(&format!("{body}.{tag}")), None);
        assert_eq!(k.verify_token("not a token"), None);
        assert_eq!(k.verify_token(""), None);
        let other = Keys { master: b"another key".to_vec() };
        assert_eq!(other.verify_token(&t), None);
    }

    #[test]
    fn qr_codes_are_svg() {
        let svg = qr_svg("https://thads.example.vn/tra-cuu/q/abc.def").unwrap();
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
    }

    #[test]
    fn next_step_names_the_voluntary_deadline() {
        assert!(next_step(State::Voluntary, Some("2026-12-03")).contains("03/12/2026"));
        assert!(next_step(State::Completed, None).contains("kết thúc"));
    }
}
