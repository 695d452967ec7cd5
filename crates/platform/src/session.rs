//! Đăng nhập — sign-in, web sessions and API tokens.
//!
//! - A web session is a random 256-bit value in a cookie; only its SHA-256 is stored, with the user, a
//!   CSRF token (checked on every cookie-authenticated write) and an absolute expiry.
//! - An API token (`tph_…`, 256 bits) is stored as its SHA-256, with a name, a scope ([`Scope`]), an
//!   expiry and a revocation time. It is shown once, at creation.
//! - Failed sign-ins are counted per (account, address) — both hashed — and after
//!   [`crate::Settings::max_failures`] within the window further attempts are refused without checking
//!   the password, whether or not the account exists.
//! - No enumeration: an unknown account, a disabled one and a wrong password give the same error, and
//!   an unknown account still costs one argon2 verification.

use crate::org::authorize;
use crate::policy::{Action, Principal, Scope, Target, UserPrincipal};
use crate::users::{User, blocking, hash_password, verify_password};
use crate::{Platform, PlatformError, Result, audit, hash_secret, random_hex};
use serde::Serialize;
use std::sync::OnceLock;

/// What a successful sign-in gives: the cookie value (secret), the CSRF token, the expiry.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub session: String,
    pub csrf: String,
    pub expires_at: i64,
    pub user: User,
}

/// How a request was authenticated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Via {
    /// A web session; writes must carry its CSRF token.
    Session { csrf: String, expires_at: i64 },
    /// An API token.
    Token { id: i64, scope: Scope, expires_at: i64 },
}

/// An authenticated caller.
#[derive(Clone, Debug)]
pub struct Authenticated {
    pub user: User,
    pub principal: UserPrincipal,
    pub via: Via,
}

impl Authenticated {
    pub fn as_principal(&self) -> Principal {
        Principal::User(self.principal.clone())
    }
}

/// A new API token: the secret is returned once and never stored.
#[derive(Clone, Debug, Serialize)]
pub struct NewToken {
    pub id: i64,
    pub token: String,
    pub name: String,
    pub scope: Scope,
    pub expires_at: i64,
}

/// A token as listed (no secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub scope: Scope,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
}

/// id, user_id, name, scope, created_at, expires_at, revoked_at
type TokenRow = (i64, i64, String, String, i64, i64, Option<i64>);

/// A hash to verify against when the account does not exist (same cost as a real one).
fn dummy_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| hash_password("tuphap-no-such-account").unwrap_or_default())
}

fn throttle_key(username: &str, client: &str) -> String {
    hash_secret(&format!("{}|{}", username.trim().to_lowercase(), client))
}

impl Platform {
    /// Sign in with a name and password from `client` (the remote address). Errors:
    /// [`PlatformError::Throttled`] after too many failures, otherwise
    /// [`PlatformError::InvalidCredentials`] for every kind of failure.
    pub async fn sign_in(&self, username: &str, password: &str, client: &str) -> Result<SignedIn> {
        let now = self.now();
        let key = throttle_key(username, client);
        let window_start = now - self.settings.throttle_window;
        let (failures, oldest): (i64, Option<i64>) =
            sqlx::query_as("SELECT COUNT(*), MIN(at) FROM sign_in_failures WHERE key_hash = $1 AND at > $2")
                .bind(&key)
                .bind(window_start)
                .fetch_one(self.db.pool())
                .await?;
        if failures >= self.settings.max_failures {
            let retry = oldest.unwrap_or(now) + self.settings.throttle_window - now;
            return Err(PlatformError::Throttled { retry_after_secs: retry.max(1) });
        }
        let creds = self.credentials(username).await?;
        let (hash, known) = match &creds {
            Some((_, h, _)) => (h.clone(), true),
            None => (dummy_hash().to_string(), false),
        };
        let pw = password.to_string();
        let ok = blocking(move || verify_password(&pw, &hash)).await? && known;
        let user_id = match creds {
            Some((id, _, false)) if ok => id,
            _ => {
                let mut tx = self.db.pool().begin().await?;
                sqlx::query("INSERT INTO sign_in_failures (key_hash, at) VALUES ($1, $2)")
                    .bind(&key)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                audit::record::<(), _>(
                    &mut tx,
                    &Principal::Anonymous.actor(),
                    "auth.sign_in_failed",
                    &format!("attempt:{}", &key[..16]),
                    None,
                    Some(&now),
                )
                .await?;
                tx.commit().await?;
                return Err(PlatformError::InvalidCredentials);
            }
        };
        let user = self.user_by_id(user_id).await?;
        let session = format!("s_{}", random_hex(32)?);
        let csrf = random_hex(16)?;
        let expires_at = now + self.settings.session_ttl;
        let mut tx = self.db.pool().begin().await?;
        sqlx::query("INSERT INTO sessions (id_hash, user_id, csrf, created_at, expires_at, revoked) VALUES ($1, $2, $3, $4, $5, 0)")
            .bind(hash_secret(&session))
            .bind(user_id)
            .bind(&csrf)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sign_in_failures WHERE key_hash = $1").bind(&key).execute(&mut *tx).await?;
        let actor = store::audit::Actor(format!("user:{}", user.username));
        let after = serde_json::json!({ "session": &hash_secret(&session)[..16], "expires_at": expires_at });
        audit::record::<(), _>(&mut tx, &actor, "auth.sign_in", &format!("user:{}", user.username), None, Some(&after))
            .await?;
        tx.commit().await?;
        Ok(SignedIn { session, csrf, expires_at, user })
    }

    /// The caller behind a session cookie value.
    pub async fn session(&self, cookie: &str) -> Result<Authenticated> {
        let row: Option<(i64, String, i64, i64)> =
            sqlx::query_as("SELECT user_id, csrf, expires_at, revoked FROM sessions WHERE id_hash = $1")
                .bind(hash_secret(cookie))
                .fetch_optional(self.db.pool())
                .await?;
        let Some((user_id, csrf, expires_at, revoked)) = row else { return Err(PlatformError::Unauthenticated) };
        if revoked != 0 || expires_at <= self.now() {
            return Err(PlatformError::Unauthenticated);
        }
        let user = self.user_by_id(user_id).await?;
        if user.disabled {
            return Err(PlatformError::Unauthenticated);
        }
        let principal = self.principal_of(&user, None).await?;
        Ok(Authenticated { user, principal, via: Via::Session { csrf, expires_at } })
    }

    /// End a session. The CSRF token must match (sign-out is a write).
    pub async fn sign_out(&self, cookie: &str, csrf: &str) -> Result<()> {
        let who = self.session(cookie).await?;
        match &who.via {
            Via::Session { csrf: want, .. } if constant_eq(want, csrf) => {}
            _ => return Err(PlatformError::Forbidden("CSRF token".into())),
        }
        let mut tx = self.db.pool().begin().await?;
        sqlx::query("UPDATE sessions SET revoked = 1 WHERE id_hash = $1")
            .bind(hash_secret(cookie))
            .execute(&mut *tx)
            .await?;
        audit::record::<(), str>(
            &mut tx,
            &who.as_principal().actor(),
            "auth.sign_out",
            &format!("user:{}", who.user.username),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Create an API token for `username`. A user creates their own (needs a session or a write
    /// token); an administrator (or the CLI) creates one for a user in their reach.
    pub async fn create_token(
        &self,
        p: &Principal,
        username: &str,
        name: &str,
        scope: Scope,
        days: i64,
    ) -> Result<NewToken> {
        let user = self.user(username).await?;
        match p {
            Principal::User(u) if u.id == user.id => authorize(p, Action::ManageOwnTokens, Target::OwnedBy(user.id))?,
            _ => match user.unit_id {
                Some(unit) => authorize(p, Action::ManageUsers, Target::Unit(&self.unit_path(unit).await?))?,
                None => authorize(p, Action::ManageUsers, Target::Global)?,
            },
        }
        if user.disabled {
            return Err(PlatformError::Invalid("the user is disabled".into()));
        }
        let name = name.trim();
        if name.is_empty() || name.len() > 100 {
            return Err(PlatformError::Invalid("a token name (≤ 100) is required".into()));
        }
        if !(1..=self.settings.max_token_days).contains(&days) {
            return Err(PlatformError::Invalid(format!("a token lives 1–{} days", self.settings.max_token_days)));
        }
        let token = format!("tph_{}", random_hex(32)?);
        let now = self.now();
        let expires_at = now + days * 86400;
        let mut tx = self.db.pool().begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO api_tokens (user_id, name, token_hash, scope, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(user.id)
        .bind(name)
        .bind(hash_secret(&token))
        .bind(scope.as_str())
        .bind(now)
        .bind(expires_at)
        .fetch_one(&mut *tx)
        .await?;
        let info =
            TokenInfo { id, user_id: user.id, name: name.into(), scope, created_at: now, expires_at, revoked_at: None };
        audit::record::<(), _>(&mut tx, &p.actor(), "auth.token.create", &format!("token:{id}"), None, Some(&info))
            .await?;
        tx.commit().await?;
        Ok(NewToken { id, token, name: name.into(), scope, expires_at })
    }

    /// The caller behind a bearer token.
    pub async fn token(&self, bearer: &str) -> Result<Authenticated> {
        let row: Option<(i64, i64, String, i64, Option<i64>)> =
            sqlx::query_as("SELECT id, user_id, scope, expires_at, revoked_at FROM api_tokens WHERE token_hash = $1")
                .bind(hash_secret(bearer.trim()))
                .fetch_optional(self.db.pool())
                .await?;
        let Some((id, user_id, scope, expires_at, revoked_at)) = row else {
            return Err(PlatformError::Unauthenticated);
        };
        if revoked_at.is_some() || expires_at <= self.now() {
            return Err(PlatformError::Unauthenticated);
        }
        let scope = Scope::parse(&scope).unwrap_or(Scope::Read);
        let user = self.user_by_id(user_id).await?;
        if user.disabled {
            return Err(PlatformError::Unauthenticated);
        }
        let principal = self.principal_of(&user, Some(scope)).await?;
        Ok(Authenticated { user, principal, via: Via::Token { id, scope, expires_at } })
    }

    async fn token_info(&self, id: i64) -> Result<TokenInfo> {
        let row: Option<TokenRow> = sqlx::query_as(
            "SELECT id, user_id, name, scope, created_at, expires_at, revoked_at FROM api_tokens WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.db.pool())
        .await?;
        let r = row.ok_or_else(|| PlatformError::Invalid(format!("no token {id}")))?;
        Ok(TokenInfo {
            id: r.0,
            user_id: r.1,
            name: r.2,
            scope: Scope::parse(&r.3).unwrap_or(Scope::Read),
            created_at: r.4,
            expires_at: r.5,
            revoked_at: r.6,
        })
    }

    /// Revoke a token: one's own, or (administrators, the CLI) one of a user in reach.
    pub async fn revoke_token(&self, p: &Principal, id: i64) -> Result<TokenInfo> {
        let before = match self.token_info(id).await {
            Ok(t) => t,
            // An unknown id is refused like a foreign one: the caller learns nothing about other tokens.
            Err(_) if !matches!(p, Principal::System(_)) => {
                return Err(PlatformError::Forbidden("RoleLacks".into()));
            }
            Err(e) => return Err(e),
        };
        match p {
            Principal::User(u) if u.id == before.user_id => {
                authorize(p, Action::ManageOwnTokens, Target::OwnedBy(before.user_id))?
            }
            _ => {
                let owner = self.user_by_id(before.user_id).await?;
                match owner.unit_id {
                    Some(unit) => authorize(p, Action::ManageUsers, Target::Unit(&self.unit_path(unit).await?))?,
                    None => authorize(p, Action::ManageUsers, Target::Global)?,
                }
            }
        }
        if before.revoked_at.is_some() {
            return Ok(before);
        }
        let now = self.now();
        let mut tx = self.db.pool().begin().await?;
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut *tx).await?;
        let after = TokenInfo { revoked_at: Some(now), ..before.clone() };
        audit::record(&mut tx, &p.actor(), "auth.token.revoke", &format!("token:{id}"), Some(&before), Some(&after))
            .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// A user's tokens (their own, or for an administrator in reach).
    pub async fn tokens_of(&self, p: &Principal, user_id: i64) -> Result<Vec<TokenInfo>> {
        match p {
            Principal::User(u) if u.id == user_id => authorize(p, Action::ReadOwnAccount, Target::OwnedBy(user_id))?,
            _ => {
                let owner = self.user_by_id(user_id).await?;
                match owner.unit_id {
                    Some(unit) => authorize(p, Action::ReadUsers, Target::Unit(&self.unit_path(unit).await?))?,
                    None => authorize(p, Action::ReadUsers, Target::Global)?,
                }
            }
        }
        let rows: Vec<TokenRow> = sqlx::query_as(
            "SELECT id, user_id, name, scope, created_at, expires_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(self.db.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| TokenInfo {
                id: r.0,
                user_id: r.1,
                name: r.2,
                scope: Scope::parse(&r.3).unwrap_or(Scope::Read),
                created_at: r.4,
                expires_at: r.5,
                revoked_at: r.6,
            })
            .collect())
    }
}

/// Compare two secrets in time independent of where they differ.
pub fn constant_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn constant_eq() {
        assert!(super::constant_eq("abc", "abc"));
        assert!(!super::constant_eq("abc", "abd"));
        assert!(!super::constant_eq("abc", "ab"));
    }
}
