//! Người dùng — users and their roles. A user holds minimal personal data: a sign-in name and a display
//! name; passwords are stored as argon2id hashes (PHC strings). Disabling a user or resetting their
//! password ends their sessions and revokes their tokens.

use crate::org::authorize;
use crate::policy::{Action, Principal, Role, Target, UnitId, UserPrincipal};
use crate::{Platform, PlatformError, Result, audit};
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use serde::Serialize;

/// A user as shown (never the password hash).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub unit_id: Option<UnitId>,
    pub unit_code: Option<String>,
    pub disabled: bool,
    pub roles: Vec<Role>,
}

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

/// Hash a password (argon2id, default parameters, random salt).
pub fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| PlatformError::Crypto(e.to_string()))
}

/// Check a password against a stored hash (false for a malformed hash).
pub fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default().verify_password(password.as_bytes(), hash).is_ok()
}

/// Run a CPU-heavy hash off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| PlatformError::Crypto(e.to_string()))
}

fn check_username(name: &str) -> Result<String> {
    let n = name.trim().to_lowercase();
    let ok = (2..=64).contains(&n.len())
        && n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-' | '@'));
    if ok { Ok(n) } else { Err(PlatformError::Invalid("user name: 2–64 of a-z 0-9 . _ - @".into())) }
}

fn check_password(pw: &str) -> Result<()> {
    if pw.chars().count() < MIN_PASSWORD || pw.len() > 1024 {
        return Err(PlatformError::Invalid(format!("a password has at least {MIN_PASSWORD} characters")));
    }
    Ok(())
}

/// A generated password: 20 hex characters (80 bits).
pub fn generate_password() -> Result<String> {
    crate::random_hex(10)
}

type UserRow = (i64, String, String, Option<i64>, Option<String>, i64);

impl Platform {
    /// Create a user in a unit (citizens have none) with roles and a password.
    pub async fn add_user(
        &self,
        p: &Principal,
        username: &str,
        display_name: &str,
        unit_code: Option<&str>,
        roles: &[Role],
        password: &str,
    ) -> Result<User> {
        let username = check_username(username)?;
        let display_name = display_name.trim();
        if display_name.is_empty() || display_name.len() > 200 {
            return Err(PlatformError::Invalid("a display name (≤ 200) is required".into()));
        }
        check_password(password)?;
        let unit = match unit_code {
            Some(c) => Some(self.unit_by_code(c).await?),
            None => None,
        };
        let staff = roles.iter().any(|r| *r != Role::Citizen);
        if staff && unit.is_none() {
            return Err(PlatformError::Invalid("staff users belong to a unit (--unit)".into()));
        }
        if unit.as_ref().is_some_and(|u| !u.active) {
            return Err(PlatformError::Invalid("the unit was merged; use the unit it was merged into".into()));
        }
        match &unit {
            Some(u) => authorize(p, Action::ManageUsers, Target::Unit(&self.unit_path(u.id).await?))?,
            None => authorize(p, Action::ManageUsers, Target::Global)?,
        }
        if self.user_row(&username).await?.is_some() {
            return Err(PlatformError::Duplicate(format!("user {username}")));
        }
        let pw = password.to_string();
        let hash = blocking(move || hash_password(&pw)).await??;
        let now = self.now();
        let mut tx = self.db.pool().begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO users (username, display_name, unit_id, password_hash, disabled, created_at, password_changed_at) VALUES ($1, $2, $3, $4, 0, $5, $5) RETURNING id",
        )
        .bind(&username)
        .bind(display_name)
        .bind(unit.as_ref().map(|u| u.id))
        .bind(&hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let mut roles: Vec<Role> = roles.to_vec();
        roles.sort();
        roles.dedup();
        for r in &roles {
            sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
                .bind(id)
                .bind(r.as_str())
                .execute(&mut *tx)
                .await?;
        }
        let user = User {
            id,
            username: username.clone(),
            display_name: display_name.into(),
            unit_id: unit.as_ref().map(|u| u.id),
            unit_code: unit.map(|u| u.code),
            disabled: false,
            roles,
        };
        audit::record::<(), _>(&mut tx, &p.actor(), "users.add", &format!("user:{username}"), None, Some(&user))
            .await?;
        tx.commit().await?;
        Ok(user)
    }

    async fn user_row(&self, username: &str) -> Result<Option<UserRow>> {
        Ok(sqlx::query_as(
            "SELECT u.id, u.username, u.display_name, u.unit_id, n.code, u.disabled FROM users u LEFT JOIN units n ON n.id = u.unit_id WHERE u.username = $1",
        )
        .bind(username.trim().to_lowercase())
        .fetch_optional(self.db.pool())
        .await?)
    }

    async fn roles_of(&self, id: i64) -> Result<Vec<Role>> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
            .bind(id)
            .fetch_all(self.db.pool())
            .await?;
        let mut roles: Vec<Role> = rows.iter().filter_map(|(r,)| Role::parse(r)).collect();
        roles.sort();
        Ok(roles)
    }

    fn user_of(row: UserRow, roles: Vec<Role>) -> User {
        User {
            id: row.0,
            username: row.1,
            display_name: row.2,
            unit_id: row.3,
            unit_code: row.4,
            disabled: row.5 != 0,
            roles,
        }
    }

    /// A user by name (no authorisation: for the platform's own use and the signed-in user's own account).
    pub async fn user(&self, username: &str) -> Result<User> {
        let row = self.user_row(username).await?.ok_or_else(|| PlatformError::UnknownUser(username.to_string()))?;
        let roles = self.roles_of(row.0).await?;
        Ok(Self::user_of(row, roles))
    }

    pub async fn user_by_id(&self, id: i64) -> Result<User> {
        let row: Option<UserRow> = sqlx::query_as(
            "SELECT u.id, u.username, u.display_name, u.unit_id, n.code, u.disabled FROM users u LEFT JOIN units n ON n.id = u.unit_id WHERE u.id = $1",
        )
        .bind(id)
        .fetch_optional(self.db.pool())
        .await?;
        let row = row.ok_or_else(|| PlatformError::UnknownUser(id.to_string()))?;
        let roles = self.roles_of(row.0).await?;
        Ok(Self::user_of(row, roles))
    }

    /// The policy's view of a user (roles, unit path), with a token's scope if any.
    pub async fn principal_of(&self, user: &User, scope: Option<crate::Scope>) -> Result<UserPrincipal> {
        let unit_path = match user.unit_id {
            Some(u) => self.unit_path(u).await?,
            None => vec![],
        };
        Ok(UserPrincipal { id: user.id, username: user.username.clone(), roles: user.roles.clone(), unit_path, scope })
    }

    async fn target_path(&self, user: &User) -> Result<Option<Vec<UnitId>>> {
        Ok(match user.unit_id {
            Some(u) => Some(self.unit_path(u).await?),
            None => None,
        })
    }

    async fn authorize_on_user(&self, p: &Principal, action: Action, user: &User) -> Result<()> {
        match self.target_path(user).await? {
            Some(path) => authorize(p, action, Target::Unit(&path)),
            None => authorize(p, action, Target::Global),
        }
    }

    /// The users `p` may read (optionally of one unit). Reading names of others is personal-data
    /// access and is logged.
    pub async fn list_users(&self, p: &Principal, unit_code: Option<&str>, purpose: &str) -> Result<Vec<User>> {
        match p {
            Principal::Anonymous => return Err(PlatformError::Unauthenticated),
            Principal::System(_) => {}
            // Someone whose roles grant no reading of users at all is refused, not shown an empty list.
            Principal::User(u) => authorize(p, Action::ReadUsers, Target::Unit(&u.unit_path))?,
        }
        let unit = match unit_code {
            Some(c) => Some(self.unit_by_code(c).await?),
            None => None,
        };
        let rows: Vec<UserRow> = sqlx::query_as(
            "SELECT u.id, u.username, u.display_name, u.unit_id, n.code, u.disabled FROM users u LEFT JOIN units n ON n.id = u.unit_id ORDER BY u.username",
        )
        .fetch_all(self.db.pool())
        .await?;
        let paths = crate::org::paths_of(&self.units().await?);
        let mut out = vec![];
        for row in rows {
            if unit.as_ref().is_some_and(|u| Some(u.id) != row.3) {
                continue;
            }
            let allowed = match row.3.and_then(|u| paths.get(&u)) {
                Some(path) => crate::policy::allows(p, Action::ReadUsers, Target::Unit(path)).is_allowed(),
                None => crate::policy::allows(p, Action::ReadUsers, Target::Global).is_allowed(),
            };
            if allowed {
                let roles = self.roles_of(row.0).await?;
                out.push(Self::user_of(row, roles));
            }
        }
        if !out.is_empty() {
            let subject = format!("users:{}", unit_code.unwrap_or("*"));
            self.log_personal_data_access(p, &subject, purpose).await?;
        }
        Ok(out)
    }

    /// Disable a user: they cannot sign in; their sessions end and their tokens are revoked.
    pub async fn disable_user(&self, p: &Principal, username: &str) -> Result<User> {
        let before = self.user(username).await?;
        self.authorize_on_user(p, Action::ManageUsers, &before).await?;
        let now = self.now();
        let mut tx = self.db.pool().begin().await?;
        sqlx::query("UPDATE users SET disabled = 1 WHERE id = $1").bind(before.id).execute(&mut *tx).await?;
        sqlx::query("UPDATE sessions SET revoked = 1 WHERE user_id = $1").bind(before.id).execute(&mut *tx).await?;
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(before.id)
            .execute(&mut *tx)
            .await?;
        let after = User { disabled: true, ..before.clone() };
        audit::record(
            &mut tx,
            &p.actor(),
            "users.disable",
            &format!("user:{}", before.username),
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Enable a disabled user again.
    pub async fn enable_user(&self, p: &Principal, username: &str) -> Result<User> {
        let before = self.user(username).await?;
        self.authorize_on_user(p, Action::ManageUsers, &before).await?;
        let mut tx = self.db.pool().begin().await?;
        sqlx::query("UPDATE users SET disabled = 0 WHERE id = $1").bind(before.id).execute(&mut *tx).await?;
        let after = User { disabled: false, ..before.clone() };
        audit::record(
            &mut tx,
            &p.actor(),
            "users.enable",
            &format!("user:{}", before.username),
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Set a new password (generated when `new` is `None`; returned so it can be handed over). The
    /// user's sessions end. The audit record carries no password, only the fact.
    pub async fn reset_password(&self, p: &Principal, username: &str, new: Option<&str>) -> Result<String> {
        let user = self.user(username).await?;
        self.authorize_on_user(p, Action::ManageUsers, &user).await?;
        let pw = match new {
            Some(pw) => pw.to_string(),
            None => generate_password()?,
        };
        check_password(&pw)?;
        let pw2 = pw.clone();
        let hash = blocking(move || hash_password(&pw2)).await??;
        let mut tx = self.db.pool().begin().await?;
        sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
            .bind(&hash)
            .bind(self.now())
            .bind(user.id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE sessions SET revoked = 1 WHERE user_id = $1").bind(user.id).execute(&mut *tx).await?;
        audit::record::<(), str>(
            &mut tx,
            &p.actor(),
            "users.reset_password",
            &format!("user:{}", user.username),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(pw)
    }

    /// Grant a role.
    pub async fn grant(&self, p: &Principal, username: &str, role: Role) -> Result<User> {
        let before = self.user(username).await?;
        self.authorize_on_user(p, Action::ManageUsers, &before).await?;
        if role != Role::Citizen && before.unit_id.is_none() {
            return Err(PlatformError::Invalid("staff roles need a unit".into()));
        }
        if before.roles.contains(&role) {
            return Ok(before);
        }
        let mut tx = self.db.pool().begin().await?;
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(before.id)
            .bind(role.as_str())
            .execute(&mut *tx)
            .await?;
        let mut after = before.clone();
        after.roles.push(role);
        after.roles.sort();
        audit::record(
            &mut tx,
            &p.actor(),
            "users.grant",
            &format!("user:{}", before.username),
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Take a role away.
    pub async fn revoke_role(&self, p: &Principal, username: &str, role: Role) -> Result<User> {
        let before = self.user(username).await?;
        self.authorize_on_user(p, Action::ManageUsers, &before).await?;
        let mut tx = self.db.pool().begin().await?;
        sqlx::query("DELETE FROM user_roles WHERE user_id = $1 AND role = $2")
            .bind(before.id)
            .bind(role.as_str())
            .execute(&mut *tx)
            .await?;
        let mut after = before.clone();
        after.roles.retain(|r| *r != role);
        audit::record(
            &mut tx,
            &p.actor(),
            "users.revoke_role",
            &format!("user:{}", before.username),
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// The stored hash and disabled flag for sign-in.
    pub(crate) async fn credentials(&self, username: &str) -> Result<Option<(i64, String, bool)>> {
        let row: Option<(i64, String, i64)> =
            sqlx::query_as("SELECT id, password_hash, disabled FROM users WHERE username = $1")
                .bind(username.trim().to_lowercase())
                .fetch_optional(self.db.pool())
                .await?;
        Ok(row.map(|(id, h, d)| (id, h, d != 0)))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashes_verify() {
        let h = super::hash_password("mật khẩu dài đủ").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(super::verify_password("mật khẩu dài đủ", &h));
        assert!(!super::verify_password("khác", &h));
        assert!(!super::verify_password("x", "not a hash"));
    }

    #[test]
    fn names() {
        assert_eq!(super::check_username(" An.Nguyen ").unwrap(), "an.nguyen");
        assert!(super::check_username("a b").is_err());
        assert!(super::check_password("short").is_err());
    }
}
