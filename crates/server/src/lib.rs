//! `server` — HTTP for tuphap: the JSON API under `/api/v1` (OpenAPI at `/api/v1/openapi.json`) and
//! server-rendered Vietnamese pages (English with `?lang=en`).
//!
//! Handlers stay thin: parse input, call one domain function, render. Writes need a signed-in user
//! whose role and office allow them (`auth`, `platform::policy`).

mod api;
pub mod auth;
mod chart;
mod check;
pub mod enforcement;
mod find;
mod funds;
mod i18n;
mod monitoring;
mod pages;

use axum::Router;
use axum::routing::get;
use library::Library;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    pub library: Library,
    /// The search index (None: search answers 503).
    pub search: Option<search::Search>,
    pub templates: Arc<minijinja::Environment<'static>>,
}

/// Build the router (used by `serve` and by tests).
pub fn router(library: Library) -> Router {
    app(library, None)
}

/// Build the router with a search index.
pub fn app(library: Library, search: Option<search::Search>) -> Router {
    let state = AppState { library, search, templates: Arc::new(pages::environment()) };
    Router::new()
        .route("/", get(pages::library_page))
        .route("/van-ban/{*number}", get(pages::document_page))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/api/v1/documents", get(api::list_documents))
        .route("/api/v1/documents/{*rest}", get(api::document_or_provision))
        .route("/api/v1/history", get(api::history))
        .route("/api/v1/diff", get(api::diff))
        .route("/api/v1/search", get(find::api_search))
        .route("/tim-kiem", get(find::search_page))
        .route("/lich-su", get(pages::history_page))
        .route("/so-sanh", get(pages::diff_page))
        .merge(check::routes())
        .fallback(pages::not_found)
        .with_state(state)
}

/// The app with the platform merged in: sign-in (`/dang-nhap`, `/dang-xuat`, `/tai-khoan`) and the
/// platform's API (`/api/v1/me`, `/api/v1/tokens`, …; see `auth`). `secure_cookies` sets `Secure` on
/// cookies (off only for plain-HTTP loopback).
pub fn app_with_platform(
    library: Library,
    search: Option<search::Search>,
    platform: platform::Platform,
    secure_cookies: bool,
) -> Router {
    app_with_enforcement(library, search, platform, None, secure_cookies)
}

/// The app with the platform and civil enforcement (`/api/v1/enforcement`, `/thi-hanh-an`, the
/// monitoring centre `/giam-sat`, the parties' look-up `/tra-cuu`).
pub fn app_with_enforcement(
    library: Library,
    search: Option<search::Search>,
    platform: platform::Platform,
    enforcement: Option<::enforcement::Enforcement>,
    secure_cookies: bool,
) -> Router {
    app_serving(library, search, platform, enforcement, secure_cookies, None)
}

/// As [`app_with_enforcement`], with the public address QR codes point at.
pub fn app_serving(
    library: Library,
    search: Option<search::Search>,
    platform: platform::Platform,
    enforcement: Option<::enforcement::Enforcement>,
    secure_cookies: bool,
    public_url: Option<String>,
) -> Router {
    let mut r = auth::routes(platform, secure_cookies);
    if let Some(e) = enforcement {
        r = r.merge(enforcement::routes(e, library.clone(), public_url));
    }
    r.merge(app(library, search))
}

/// How the server reaches the public: its address for links, and the mail relay for notifications.
#[derive(Clone, Debug, Default)]
pub struct ServeOptions {
    /// `https://thads.example.gov.vn` (default: `http://` + the listening address).
    pub public_url: Option<String>,
    /// E-mail via SMTP; without it, every message goes to the log.
    pub smtp: Option<::enforcement::notify::smtp::SmtpConfig>,
}

/// The notifier: every 15 s sends what the outbox holds; every hour enqueues the deadline reminders.
fn spawn_notifier(e: ::enforcement::Enforcement, senders: ::enforcement::notify::Senders, public_url: String) {
    tokio::spawn(async move {
        let system = platform::Principal::System("system:notifier".into());
        const BATCH: i64 = 200;
        let mut tick = 0u64;
        loop {
            if tick.is_multiple_of(240) {
                match e.remind_deadlines(&system).await {
                    Ok(n) if n > 0 => tracing::info!("outbox: {n} deadline reminders enqueued"),
                    Ok(_) => {}
                    Err(err) => tracing::error!("outbox reminders: {err}"),
                }
            }
            loop {
                // A full batch: more may be waiting.
                match e.dispatch(&senders, &public_url, BATCH).await {
                    Ok(r) if (r.sent + r.retried + r.failed) as i64 == BATCH => continue,
                    Ok(_) => break,
                    Err(err) => {
                        tracing::error!("outbox: {err}");
                        break;
                    }
                }
            }
            tick += 1;
            tokio::time::sleep(std::time::Duration::from_secs(15)).await;
        }
    });
}

/// `router(library)` plus the platform (tests).
pub fn router_with(library: Library, platform: platform::Platform) -> Router {
    app_with_platform(library, None, platform, true)
}

/// Serve the app with the platform on `addr` until Ctrl-C (remote addresses are passed to handlers for
/// sign-in throttling; cookies are `Secure` unless `addr` is a loopback address).
pub async fn serve_with_platform(
    library: Library,
    search: Option<search::Search>,
    platform: platform::Platform,
    addr: &str,
    options: ServeOptions,
) -> std::io::Result<()> {
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    println!("tuphap đang chạy tại / listening on http://{local}/");
    if let Some(s) = search.clone() {
        let lib = library.clone();
        // The index is derived: it catches up with the library in the background while serving.
        tokio::spawn(async move {
            match s.sync(&lib, &search::NoProgress).await {
                Ok(r) => tracing::info!("search index: {} documents, {} articles indexed", r.works_indexed, r.units),
                Err(e) => tracing::error!("search index: {e}"),
            }
        });
    }
    let enforcement = ::enforcement::Enforcement::open(platform.clone()).await.map_err(std::io::Error::other)?;
    let public_url = options.public_url.clone().unwrap_or_else(|| format!("http://{local}"));
    spawn_notifier(
        enforcement.clone(),
        ::enforcement::notify::Senders { smtp: options.smtp.clone() },
        public_url.clone(),
    );
    let app = app_serving(library, search, platform, Some(enforcement), !local.ip().is_loopback(), Some(public_url));
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
