//! `server` — HTTP for tuphap: the JSON API under `/api/v1` (OpenAPI at `/api/v1/openapi.json`) and
//! server-rendered Vietnamese pages (English with `?lang=en`).
//!
//! Handlers stay thin: parse input, call one library function, render. Every route is a read in this
//! version; writes (which will need a signed-in user) arrive with the platform issue.

mod api;
mod i18n;
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
    pub templates: Arc<minijinja::Environment<'static>>,
}

/// Build the router (used by `serve` and by tests).
pub fn router(library: Library) -> Router {
    let state = AppState { library, templates: Arc::new(pages::environment()) };
    Router::new()
        .route("/", get(pages::library_page))
        .route("/van-ban/{*number}", get(pages::document_page))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/api/v1/documents", get(api::list_documents))
        .route("/api/v1/documents/{*rest}", get(api::document_or_provision))
        .route("/api/v1/history", get(api::history))
        .route("/api/v1/diff", get(api::diff))
        .route("/lich-su", get(pages::history_page))
        .route("/so-sanh", get(pages::diff_page))
        .fallback(pages::not_found)
        .with_state(state)
}

/// Serve on `addr` until Ctrl-C.
pub async fn serve(library: Library, addr: &str) -> std::io::Result<()> {
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    println!("tuphap đang chạy tại / listening on http://{local}/");
    axum::serve(listener, router(library))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
