//! Shared by the enforcement integration tests: a fresh PostgreSQL database per test.

use enforcement::case::{NewParty, PartyRole};
use enforcement::workflow::Input;
use lex::Date;
use platform::{Platform, Principal};
use store::{Db, sqlx};

pub fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

/// A step's input dated `s` (YYYY-MM-DD).
#[allow(dead_code)] // not every test file takes steps
pub fn at(s: &str) -> Input {
    Input { on: Some(d(s)), ..Input::default() }
}

/// The signed-in principal of user `name`.
pub async fn user(p: &Platform, name: &str) -> Principal {
    let u = p.user(name).await.unwrap();
    Principal::User(p.principal_of(&u, None).await.unwrap())
}

/// The parties of the tests' cases: creditor Trần Thị Bình (with `creditor_email`, if any) and debtor
/// Nguyễn Văn An, at the given addresses.
pub fn parties(creditor_address: &str, creditor_email: Option<&str>, debtor_address: &str) -> Vec<NewParty> {
    vec![
        NewParty {
            role: PartyRole::Creditor,
            kind: "person".into(),
            name: "Trần Thị Bình".into(),
            address: creditor_address.into(),
            email: creditor_email.map(str::to_string),
        },
        NewParty {
            role: PartyRole::Debtor,
            kind: "person".into(),
            name: "Nguyễn Văn An".into(),
            address: debtor_address.into(),
            email: None,
        },
    ]
}

/// A throw-away database on the test server (`TUPHAP_TEST_POSTGRES`, default the local one).
pub struct Postgres {
    pub db: Db,
    admin: Db,
    name: String,
}

/// None, saying so, when the server is unreachable (`.ci/run` starts it).
pub async fn postgres(tag: &str) -> Option<Postgres> {
    let admin_url =
        std::env::var("TUPHAP_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let Ok(admin) = Db::connect(&admin_url).await else {
        eprintln!("SKIP: PostgreSQL at {} is not reachable; .ci/run starts it", store::redact(&admin_url));
        return None;
    };
    // Built from a fixed prefix, a constant tag and the process id, never from input.
    let name = format!("tuphap_{tag}_{}", std::process::id());
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
        .execute(admin.pool())
        .await
        .unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(admin.pool()).await.unwrap();
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url).to_string();
    let db = Db::connect(&format!("{base}/{name}")).await.unwrap();
    Some(Postgres { db, admin, name })
}

impl Postgres {
    pub async fn drop(self) {
        self.db.close().await;
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)))
            .execute(self.admin.pool())
            .await;
    }
}
