//! Trung tâm giám sát and tra cứu over HTTP — thin handlers over `enforcement::stats`,
//! `enforcement::citizen` and `enforcement::notify`.
//!
//! Supervisors: `/giam-sat` (figures, definitions, charts, drill-down national → province → office →
//! officer), `GET /api/v1/monitoring/report`, `GET /api/v1/monitoring/outbox`.
//! Parties (no account): `/tra-cuu` (case number and secret), `/tra-cuu/q/{token}` (the QR code on a
//! notice), `POST /api/v1/public/lookup`, `GET /api/v1/public/lookup/{token}`; a failed look-up
//! answers the same whatever was wrong, a throttled one 429 with `Retry-After`.
//! The office: `/thi-hanh-an/viec/{id}/tra-cuu` (printable slips with each party's secret and QR code,
//! the messages sent, the look-ups; revoke a party's secret), `GET /api/v1/enforcement/cases/{id}/access`.

use crate::auth::{ApiError, ClientAddr, CurrentUser};
use crate::enforcement::{
    EnfState, LangQuery, csrf_checked, csrf_of, error_page, json_body, labels, lang_of, page_user, render,
    sign_in_redirect,
};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use enforcement::citizen::{CitizenView, LookupError, Via};
use enforcement::stats::{DEFINITIONS, Month, Period};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(paths(report, outbox, public_lookup, public_lookup_token, case_access))]
pub struct MonitoringApi;

/// The routes, merged into the enforcement router.
pub fn routes() -> Router<EnfState> {
    Router::new()
        .route("/api/v1/monitoring/report", get(report))
        .route("/api/v1/monitoring/outbox", get(outbox))
        .route("/api/v1/public/lookup", post(public_lookup))
        .route("/api/v1/public/lookup/{token}", get(public_lookup_token))
        .route("/api/v1/enforcement/cases/{id}/access", get(case_access))
        .route("/giam-sat", get(monitoring_page))
        .route("/tra-cuu", get(lookup_page).post(lookup_form))
        .route("/tra-cuu/q/{token}", get(lookup_qr))
        .route("/thi-hanh-an/viec/{id}/tra-cuu", get(access_page).post(access_form))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
pub struct ReportQuery {
    /// Unit code (default: the caller's own unit).
    unit: Option<String>,
    /// First month, `YYYY-MM` (default: October of the working year).
    from: Option<String>,
    /// Last month, `YYYY-MM` (default: this month).
    to: Option<String>,
    lang: Option<String>,
}

fn period_of(q: &ReportQuery) -> Result<Option<Period>, ApiError> {
    let month = |name: &str, v: &Option<String>| -> Result<Option<Month>, ApiError> {
        match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => {
                Month::parse(s).map(Some).ok_or_else(|| crate::enforcement::bad(format!("{name}: YYYY-MM, not {s:?}")))
            }
        }
    };
    match (month("from", &q.from)?, month("to", &q.to)?) {
        (None, None) => Ok(None),
        // One end given: a period of that one month.
        (Some(m), None) | (None, Some(m)) => Ok(Some(Period::new(m, m)?)),
        (Some(from), Some(to)) => Ok(Some(Period::new(from, to)?)),
    }
}

/// Báo cáo giám sát — the figures of a unit over a period: totals, one row per sub-unit (or officer of
/// an office), the monthly trend. Definitions in `enforcement::stats::Figures`.
#[utoipa::path(get, path = "/api/v1/monitoring/report", params(ReportQuery),
    responses((status = 200, description = "the report"), (status = 400, description = "bad period"), (status = 401, description = "not signed in"), (status = 403, description = "the unit is outside the caller's reach")))]
pub async fn report(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Query(q): Query<ReportQuery>,
) -> Result<Json<Value>, ApiError> {
    let period = period_of(&q)?;
    let r = s.enforcement.monitoring(&who.as_principal(), q.unit.as_deref(), period).await?;
    let definitions: Vec<Value> = DEFINITIONS.iter().map(|(vi, en)| json!({ "vi": vi, "en": en })).collect();
    Ok(Json(json!({ "report": r, "definitions": definitions })))
}

/// Hộp thư đi — notifications pending, sent and failed for a unit's cases.
#[utoipa::path(get, path = "/api/v1/monitoring/outbox", params(ReportQuery),
    responses((status = 200, description = "counts"), (status = 401, description = "not signed in"), (status = 403, description = "outside the caller's reach")))]
pub async fn outbox(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Query(q): Query<ReportQuery>,
) -> Result<Json<Value>, ApiError> {
    let unit = match q.unit {
        Some(u) => u,
        None => who.user.unit_code.clone().ok_or_else(|| crate::enforcement::bad("unit"))?,
    };
    Ok(Json(json!(s.enforcement.outbox_status(&who.as_principal(), &unit).await?)))
}

fn percent(r: Option<f64>) -> String {
    r.map(|r| format!("{:.1}%", r * 100.0).replace('.', ",")).unwrap_or_else(|| "—".into())
}

fn figures_json(f: &enforcement::stats::Figures) -> Value {
    let m = enforcement::documents::money;
    let mut v = json!(f);
    v["rate_n_pct"] = json!(percent(f.rate_n));
    v["rate_m_pct"] = json!(percent(f.rate_m));
    for k in [
        "carried_m",
        "received_m",
        "total_m",
        "no_means_m",
        "with_means_m",
        "collected_m",
        "terminated_m",
        "in_progress_m",
    ] {
        v[format!("{k}_fmt")] = json!(m(v[k].as_i64().unwrap_or(0)));
    }
    v
}

async fn monitoring_page(State(s): State<EnfState>, Query(q): Query<ReportQuery>, headers: HeaderMap) -> Response {
    let lang = lang_of(q.lang.as_deref());
    let Some(who) = page_user(&s, &headers).await else { return sign_in_redirect("/giam-sat") };
    let period = match period_of(&q) {
        Ok(p) => p,
        Err(e) => return error_page(&s, lang, e),
    };
    let p = who.as_principal();
    let r = match s.enforcement.monitoring(&p, q.unit.as_deref(), period).await {
        Ok(r) => r,
        Err(e) => return error_page(&s, lang, e.into()),
    };
    let outbox = s.enforcement.outbox_status(&p, &r.unit_code).await.ok();
    let rows: Vec<Value> = r
        .rows
        .iter()
        .map(|row| json!({ "kind": row.kind, "code": row.code, "name": row.name, "drill": row.drill, "f": figures_json(&row.figures) }))
        .collect();
    let en = lang == crate::i18n::Lang::En;
    let definitions: Vec<&str> = DEFINITIONS.iter().map(|(vi, e)| if en { *e } else { *vi }).collect();
    let trend_title = format!("Thụ lý mới và thi hành xong theo tháng — {}", r.unit_name);
    let rates_title = format!("Tỷ lệ thi hành xong về việc — {}", r.unit_name);
    render(
        &s,
        "monitoring.html",
        StatusCode::OK,
        json!({
            "lang": lang, "t": labels(lang), "r": &r, "totals": figures_json(&r.totals), "rows": rows,
            "definitions": definitions, "outbox": outbox,
            "trend_svg": crate::chart::trend(&r.trend, &trend_title),
            "rates_svg": crate::chart::rates(&r.rows, &rates_title),
            "by_officer": r.rows.iter().all(|x| x.kind == "officer"),
        }),
    )
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct LookupBody {
    /// Số việc thi hành án, as on the notice (`12/2026/T01-KV01`).
    number: String,
    /// Mã bí mật (`XXXXX-XXXXX`; case, spaces and dashes do not matter).
    secret: String,
}

fn too_many(retry_after: i64, body: Response) -> Response {
    let mut r = body;
    *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}

fn lookup_json(found: Result<CitizenView, LookupError>) -> Response {
    let mut r = match found {
        Ok(v) => (StatusCode::OK, Json(json!(v))).into_response(),
        Err(LookupError::NoMatch) => {
            (StatusCode::NOT_FOUND, Json(json!({ "error": "no_match", "message": LookupError::NoMatch.to_string() })))
                .into_response()
        }
        Err(e @ LookupError::Throttled { retry_after }) => {
            too_many(retry_after, Json(json!({ "error": "throttled", "message": e.to_string() })).into_response())
        }
    };
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// Tra cứu — a party looks up their case with its number and their secret. No account needed;
/// rate-limited and logged. 404 for any mismatch (the same whatever was wrong), 429 when throttled.
#[utoipa::path(post, path = "/api/v1/public/lookup", request_body = LookupBody,
    responses((status = 200, description = "the case as the party may see it"), (status = 404, description = "no case matches"), (status = 429, description = "too many failed look-ups")))]
pub async fn public_lookup(
    State(s): State<EnfState>,
    ClientAddr(client): ClientAddr,
    body: Bytes,
) -> Result<Response, ApiError> {
    let b: LookupBody = json_body(&body)?;
    Ok(lookup_json(s.enforcement.lookup(&b.number, &b.secret, &client, Via::Api).await?))
}

/// Tra cứu bằng mã QR — the token printed on a notice.
#[utoipa::path(get, path = "/api/v1/public/lookup/{token}", params(("token" = String, Path, description = "the QR token")),
    responses((status = 200, description = "the case as the party may see it"), (status = 404, description = "bad, expired or revoked token"), (status = 429, description = "too many failed look-ups")))]
pub async fn public_lookup_token(
    State(s): State<EnfState>,
    ClientAddr(client): ClientAddr,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    Ok(lookup_json(s.enforcement.lookup_token(&token, &client).await?))
}

/// Mã tra cứu của các đương sự — each party's secret and QR token, for the office to print.
#[utoipa::path(get, path = "/api/v1/enforcement/cases/{id}/access", params(("id" = i64, Path, description = "case id")),
    responses((status = 200, description = "one entry per party"), (status = 401, description = "not signed in"), (status = 403, description = "not the case's office")))]
pub async fn case_access(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(s.enforcement.access_for(&who.as_principal(), id).await?)))
}

fn public_page(
    s: &EnfState,
    lang: crate::i18n::Lang,
    found: Option<Result<CitizenView, LookupError>>,
    number: &str,
) -> Response {
    let (status, view, error, retry) = match found {
        None => (StatusCode::OK, None, None, None),
        Some(Ok(v)) => (StatusCode::OK, Some(v), None, None),
        Some(Err(e @ LookupError::NoMatch)) => (StatusCode::NOT_FOUND, None, Some(e.to_string()), None),
        Some(Err(e @ LookupError::Throttled { retry_after })) => {
            (StatusCode::TOO_MANY_REQUESTS, None, Some(e.to_string()), Some(retry_after))
        }
    };
    let view = view.map(|v| {
        let mut j = json!(v);
        j["total_fmt"] = json!(enforcement::documents::money(v.total_money));
        j["paid_fmt"] = json!(enforcement::documents::money(v.paid_money));
        j
    });
    let r = render(
        s,
        "lookup.html",
        status,
        json!({ "lang": lang, "t": labels(lang), "v": view, "error": error, "number": number }),
    );
    match retry {
        Some(secs) => too_many(secs, r),
        None => r,
    }
}

async fn lookup_page(State(s): State<EnfState>, Query(q): Query<LangQuery>) -> Response {
    public_page(&s, lang_of(q.lang.as_deref()), None, "")
}

async fn lookup_form(
    State(s): State<EnfState>,
    Query(q): Query<LangQuery>,
    ClientAddr(client): ClientAddr,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(q.lang.as_deref());
    let number = f.get("number").map(|x| x.trim().chars().take(60).collect::<String>()).unwrap_or_default();
    let secret = f.get("secret").cloned().unwrap_or_default();
    match s.enforcement.lookup(&number, &secret, &client, Via::Form).await {
        Ok(found) => public_page(&s, lang, Some(found), &number),
        Err(e) => error_page(&s, lang, e.into()),
    }
}

async fn lookup_qr(
    State(s): State<EnfState>,
    Query(q): Query<LangQuery>,
    ClientAddr(client): ClientAddr,
    Path(token): Path<String>,
) -> Response {
    let lang = lang_of(q.lang.as_deref());
    match s.enforcement.lookup_token(&token, &client).await {
        Ok(found) => public_page(&s, lang, Some(found), ""),
        Err(e) => error_page(&s, lang, e.into()),
    }
}

/// The address the QR codes point at: the configured public address, else this request's host.
fn public_base(s: &EnfState, headers: &HeaderMap) -> String {
    if let Some(u) = &s.public_url {
        return u.trim_end_matches('/').to_string();
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let local = host.starts_with("127.") || host.starts_with("localhost") || host.starts_with("[::1]");
    format!("{}://{host}", if local { "http" } else { "https" })
}

async fn access_page(
    State(s): State<EnfState>,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(q.lang.as_deref());
    let Some(who) = page_user(&s, &headers).await else {
        return sign_in_redirect(&format!("/thi-hanh-an/viec/{id}/tra-cuu"));
    };
    let p = who.as_principal();
    let access = match s.enforcement.access_for(&p, id).await {
        Ok(a) => a,
        Err(e) => return error_page(&s, lang, e.into()),
    };
    let base = public_base(&s, &headers);
    let mut slips = vec![];
    for a in &access {
        let url = format!("{base}{}", a.path);
        let qr = enforcement::citizen::qr_svg(&url).unwrap_or_default();
        slips.push(json!({ "a": a, "url": url, "qr": qr, "lookup": format!("{base}/tra-cuu") }));
    }
    let messages = s.enforcement.outbox_of(&p, id).await.unwrap_or_default();
    let lookups: Vec<Value> = s
        .enforcement
        .lookups_of(&p, id)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|(at, via, outcome, party)| json!({ "at": crate::enforcement::datetime(at), "via": via, "outcome": outcome, "party": party }))
        .collect();
    render(
        &s,
        "access.html",
        StatusCode::OK,
        json!({ "lang": lang, "t": labels(lang), "case_id": id, "slips": slips, "messages": messages, "lookups": lookups, "csrf": csrf_of(&who) }),
    )
}

async fn access_form(
    State(s): State<EnfState>,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(q.lang.as_deref());
    let Some(who) = page_user(&s, &headers).await else {
        return sign_in_redirect(&format!("/thi-hanh-an/viec/{id}/tra-cuu"));
    };
    if let Err(e) = csrf_checked(&who, &f) {
        return error_page(&s, lang, e);
    }
    let Some(party) = f.get("revoke").and_then(|x| x.parse::<i64>().ok()) else {
        return error_page(&s, lang, crate::enforcement::bad("revoke: party id"));
    };
    match s.enforcement.revoke_access(&who.as_principal(), id, party).await {
        Ok(()) => Redirect::to(&format!("/thi-hanh-an/viec/{id}/tra-cuu")).into_response(),
        Err(e) => error_page(&s, lang, e.into()),
    }
}
