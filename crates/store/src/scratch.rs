//! Scratch stores for tests and benchmarks: a fresh PostgreSQL database on the test server, and
//! the shared real data beside the repository. Both answer `None`, saying why on stderr, when what
//! they need is absent, so a test skips with a reason instead of failing (`.ci/run` starts the
//! server; CI always has the data).

use crate::Db;
use std::path::PathBuf;

/// The PostgreSQL server tests use: `TUPHAP_TEST_POSTGRES`, else the local server `.ci/run` starts.
pub fn postgres_admin_url() -> String {
    std::env::var("TUPHAP_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh database on the test server, dropped by [`Scratch::drop`].
pub struct Scratch {
    /// A connection to the fresh database.
    pub db: Db,
    /// Its URL (for a child process: `tuphap db migrate-to URL`).
    pub url: String,
    admin: Db,
    name: String,
}

/// Create a fresh database named `tuphap_<tag>_<process>_<n>`; `None`, saying so, when no server
/// answers. `tag` is a fixed word of the calling test (letters, digits, `_`).
pub async fn postgres(tag: &str) -> Option<Scratch> {
    let admin_url = postgres_admin_url();
    let admin = match Db::connect(&admin_url).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("SKIP: PostgreSQL at {} is not reachable ({e}); .ci/run starts it", crate::redact(&admin_url));
            return None;
        }
    };
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let tag: String = tag.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    // The name is built from a fixed prefix, the tag's safe characters and numbers, never from input.
    let name = format!("tuphap_{tag}_{}_{n}", std::process::id());
    for sql in [format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"), format!("CREATE DATABASE {name}")] {
        if let Err(e) = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(admin.pool()).await {
            eprintln!("SKIP: cannot create a scratch database on PostgreSQL ({e})");
            return None;
        }
    }
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url);
    let url = format!("{base}/{name}");
    let db = match Db::connect(&url).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("SKIP: cannot connect to the scratch database ({e})");
            return None;
        }
    };
    Some(Scratch { db, url, admin, name })
}

impl Scratch {
    /// Close the connection and drop the database (also when other connections remain).
    pub async fn drop(self) {
        self.db.close().await;
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(self.admin.pool()).await;
    }
}

/// `../shared/data/<rel>` beside the repository, if it is there; `None`, saying so, if not.
pub fn shared_data(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("SKIP: {} is absent (this real-data test needs ../shared/data)", p.display());
        None
    }
}
