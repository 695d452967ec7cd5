//! Shared by the enforcement integration tests: a fresh PostgreSQL database per test.

use enforcement::case::{NewParty, PartyRole};
use enforcement::workflow::Input;
use lex::Date;
use platform::{Platform, Principal};

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

/// A throw-away database on the test server (`TUPHAP_TEST_POSTGRES`, default the local one);
/// None, saying so, when the server is unreachable (`.ci/run` starts it).
#[allow(unused_imports)] // not every test file runs on PostgreSQL
pub use store::scratch::postgres;
