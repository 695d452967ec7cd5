//! Thi hành án dân sự over HTTP: the JSON API under `/api/v1/enforcement` and the Vietnamese pages
//! (`/thi-hanh-an`: the officer's queues; `/thi-hanh-an/viec/{id}`: the case page with its timeline and
//! the next allowed steps; `/thi-hanh-an/tiep-nhan`: intake). Handlers are thin: parse, call the
//! `enforcement` domain (which asks `platform::policy` for every read and write), render.
//!
//! API writes need a signed-in user ([`CurrentUser`]: bearer token, or session cookie with the
//! `X-CSRF-Token` header); page forms carry the session's CSRF token as a field, checked here.

use crate::auth::{ApiError, CurrentUser, SESSION_COOKIE};
use axum::body::Bytes;
use axum::extract::{FromRef, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use enforcement::case::{CaseFilter, NewCase, NewObligation, NewParty, PartyRole};
use enforcement::money::distribute::Category;
use enforcement::queue::QueueKind;
use enforcement::rules::{self, RuleSet};
use enforcement::workflow::{Basis, Input, ObligationKind, OwnMotionKind, State as CaseState, Step};
use enforcement::{Enforcement, EnforcementError};
use lex::Date;
use library::Library;
use platform::session::{Authenticated, Via, constant_eq};
use platform::{Platform, PlatformError, Role};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use utoipa::OpenApi;

/// State of the enforcement routes.
#[derive(Clone)]
pub struct EnfState {
    pub enforcement: Enforcement,
    pub library: Library,
    pub templates: Arc<minijinja::Environment<'static>>,
    /// The public address (QR codes and links point there); None: the request's host.
    pub public_url: Option<String>,
}

impl FromRef<EnfState> for Platform {
    fn from_ref(s: &EnfState) -> Platform {
        s.enforcement.platform().clone()
    }
}

#[derive(OpenApi)]
#[openapi(paths(
    list_cases,
    intake,
    case_file,
    take_step,
    assign,
    queues,
    workload,
    document_html,
    document_docx,
    rule_sets
))]
pub struct EnforcementApi;

/// The routes (merged by `app_with_platform`).
pub fn routes(enforcement: Enforcement, library: Library, public_url: Option<String>) -> Router {
    let state = EnfState { enforcement, library, templates: Arc::new(crate::pages::environment()), public_url };
    Router::new()
        .route("/api/v1/enforcement/cases", get(list_cases).post(intake))
        .route("/api/v1/enforcement/cases/{id}", get(case_file))
        .route("/api/v1/enforcement/cases/{id}/steps/{step}", post(take_step))
        .route("/api/v1/enforcement/cases/{id}/assign", post(assign))
        .route("/api/v1/enforcement/queues", get(queues))
        .route("/api/v1/enforcement/workload", get(workload))
        .route("/api/v1/enforcement/documents/{id}", get(document_html))
        .route("/api/v1/enforcement/documents/{id}/docx", get(document_docx))
        .route("/api/v1/enforcement/rules", get(rule_sets))
        .route("/thi-hanh-an", get(queue_page))
        .route("/thi-hanh-an/ho-so", get(list_page))
        .route("/thi-hanh-an/tiep-nhan", get(intake_page).post(intake_form))
        .route("/thi-hanh-an/viec/{id}", get(case_page))
        .route("/thi-hanh-an/viec/{id}/buoc/{step}", post(step_form))
        .merge(crate::funds::routes())
        .merge(crate::monitoring::routes())
        .with_state(state)
}

impl From<EnforcementError> for ApiError {
    fn from(e: EnforcementError) -> ApiError {
        match e {
            EnforcementError::Platform(p) => p.into(),
            EnforcementError::NotFound(m) => ApiError::new(StatusCode::NOT_FOUND, "not_found", m),
            EnforcementError::Invalid(m) => ApiError::new(StatusCode::BAD_REQUEST, "invalid", m),
            EnforcementError::Conflict(m) => ApiError::new(StatusCode::CONFLICT, "conflict", m),
            EnforcementError::Workflow(w) => {
                let status = match w {
                    enforcement::workflow::WorkflowError::RoleLacks(_) => StatusCode::FORBIDDEN,
                    enforcement::workflow::WorkflowError::WrongState { .. } => StatusCode::CONFLICT,
                    _ => StatusCode::BAD_REQUEST,
                };
                let code = if status == StatusCode::FORBIDDEN { "forbidden" } else { "workflow" };
                ApiError::new(status, code, w.to_string())
            }
            other => {
                tracing::error!("enforcement: {other}");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "lỗi máy chủ / server error".into())
            }
        }
    }
}

/// A JSON body (bounded by axum's default body limit), with the parse error as a 400.
pub(crate) fn json_body<T: serde::de::DeserializeOwned>(b: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(b).map_err(|e| bad(format!("JSON body: {e}")))
}

pub(crate) fn bad(m: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "invalid", m.into())
}

/// An amount typed in a form (`1.500.000`): whole đồng.
pub(crate) fn dong(s: &str) -> Result<i64, ApiError> {
    enforcement::money::parse_dong(s).ok_or_else(|| bad(format!("“{s}”: whole đồng")))
}

/// A page form carries the session's CSRF token as a field.
pub(crate) fn csrf_checked(who: &Authenticated, f: &HashMap<String, String>) -> Result<(), ApiError> {
    if constant_eq(&csrf_of(who), f.get("csrf").map(String::as_str).unwrap_or("")) {
        Ok(())
    } else {
        Err(ApiError::new(StatusCode::FORBIDDEN, "csrf", "thiếu hoặc sai mã CSRF / CSRF token missing or wrong".into()))
    }
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
pub struct ListQuery {
    /// Office code (default: the caller's office).
    unit: Option<String>,
    /// received, decided, notified, voluntary, verifying, coercion, no_means, postponed, suspended, completed, terminated, returned
    state: Option<String>,
    /// Officer's user name.
    officer: Option<String>,
    /// Words in the case or judgment number, the court or a party's name.
    q: Option<String>,
    received_from: Option<String>,
    received_to: Option<String>,
    active: Option<bool>,
    limit: Option<i64>,
    offset: Option<i64>,
}

pub(crate) fn date_opt(s: Option<&str>) -> Result<Option<Date>, ApiError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Date::parse_iso(s)
            .or_else(|| Date::parse_dmy(s))
            .map(Some)
            .ok_or_else(|| bad(format!("“{s}” is not a date"))),
    }
}

impl ListQuery {
    fn filter(&self) -> Result<CaseFilter, ApiError> {
        if [&self.unit, &self.state, &self.officer, &self.q].iter().any(|v| v.as_ref().is_some_and(|s| s.len() > 200)) {
            return Err(bad("parameters too long"));
        }
        Ok(CaseFilter {
            unit: self.unit.clone().filter(|s| !s.is_empty()),
            state: match self.state.as_deref().filter(|s| !s.is_empty()) {
                Some(s) => Some(CaseState::parse(s).ok_or_else(|| bad(format!("unknown state {s}")))?),
                None => None,
            },
            officer: self.officer.clone().filter(|s| !s.is_empty()),
            q: self.q.clone(),
            received_from: date_opt(self.received_from.as_deref())?,
            received_to: date_opt(self.received_to.as_deref())?,
            active_only: self.active.unwrap_or(false),
            limit: self.limit,
            offset: self.offset,
        })
    }
}

/// Search and filter an office's cases.
#[utoipa::path(get, path = "/api/v1/enforcement/cases", params(ListQuery),
    responses((status = 200, description = "{total, cases}"), (status = 401, description = "not signed in"), (status = 403, description = "role or office does not allow")))]
pub async fn list_cases(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    let (cases, total) = s.enforcement.list(&who.as_principal(), &q.filter()?).await?;
    Ok(Json(json!({ "total": total, "cases": cases })))
}

/// Thụ lý — take in a judgment or a request (body: `NewCase` JSON: unit, basis, own_motion, court, judgment_number, judgment_date, effective_date, received_on, parties[], obligations[], officer).
#[utoipa::path(post, path = "/api/v1/enforcement/cases", request_body = IntakeDoc,
    responses((status = 201, description = "the case"), (status = 400, description = "invalid, or time-barred (khoản 1 Điều 30 / khoản 2 Điều 34)"), (status = 401, description = "not signed in"), (status = 403, description = "role or office does not allow")))]
pub async fn intake(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body: NewCase = json_body(&body)?;
    let c = s.enforcement.intake(&who.as_principal(), body).await?;
    Ok((StatusCode::CREATED, Json(json!(c))))
}

/// The case file: parties, obligations, timeline with provisions, documents, the next steps.
#[utoipa::path(get, path = "/api/v1/enforcement/cases/{id}", params(("id" = i64, Path, description = "case id")),
    responses((status = 200, description = "the case file"), (status = 401, description = "not signed in"), (status = 403, description = "role or office does not allow"), (status = 404, description = "no such case")))]
pub async fn case_file(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(s.enforcement.case_file(&who.as_principal(), id).await?)))
}

/// The intake body (documentation of `enforcement::case::NewCase`).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct IntakeDoc {
    /// Office code, e.g. T01-KV01.
    unit: String,
    /// request | own_motion
    basis: String,
    /// state_payment, return_assets, confiscation, land, emergency, bankruptcy (own motion only)
    own_motion: Option<String>,
    court: String,
    judgment_number: String,
    /// YYYY-MM-DD
    judgment_date: String,
    effective_date: String,
    obligation_due: Option<String>,
    excluded_days: Option<u32>,
    received_on: Option<String>,
    /// [{role: creditor|debtor|related, kind: person|organisation, name, address}]
    #[schema(value_type = Vec<Object>)]
    parties: Vec<String>,
    /// [{kind: pay_money|hand_over_asset|do_act|refrain_act, description, amount (đồng)}]
    #[schema(value_type = Vec<Object>)]
    obligations: Vec<String>,
    officer: Option<String>,
}

/// A step's body (documentation of `enforcement::workflow::Input` plus the version).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct StepDoc {
    /// The step's date, YYYY-MM-DD (default today; never after today).
    on: Option<String>,
    obligation: Option<i64>,
    /// Whole đồng.
    amount: Option<i64>,
    /// The statutory ground (point, clause).
    ground: Option<String>,
    grounds_date: Option<String>,
    until: Option<String>,
    protest: Option<bool>,
    long_interval: Option<bool>,
    /// find_means: when coercion is organised, `YYYY-MM-DD HH:MM` (never 22:00–06:00, a day off or a holiday).
    coercion_at: Option<String>,
    note: Option<String>,
    version: Option<i64>,
}

#[derive(Deserialize)]
pub struct StepBody {
    #[serde(flatten)]
    input: Input,
    /// The case's version as read (optional; a stale one answers 409).
    version: Option<i64>,
}

/// Take a step: decide, notify, serve, start_verification, find_means, find_no_means, reverify, new_information, return_request, pay, fulfil, postpone, suspend, resume, terminate, complete (body: on, obligation, amount, ground, grounds_date, until, protest, long_interval, coercion_at, note, version).
#[utoipa::path(post, path = "/api/v1/enforcement/cases/{id}/steps/{step}",
    params(("id" = i64, Path, description = "case id"), ("step" = String, Path, description = "the step")), request_body = StepDoc,
    responses((status = 200, description = "the case after the step, its document and warnings"), (status = 400, description = "missing data, or premature"), (status = 401, description = "not signed in"), (status = 403, description = "role or office does not allow"), (status = 409, description = "wrong state or stale version")))]
pub async fn take_step(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path((id, step)): Path<(i64, String)>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body: StepBody = json_body(&body)?;
    let step = Step::parse(&step)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("no step {step}")))?;
    let r = s.enforcement.step(&who.as_principal(), id, step, &body.input, body.version).await?;
    Ok(Json(json!(r)))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct AssignBody {
    officer: String,
}

/// Phân công — assign or reassign the case to an officer of its office (head of office; body: {officer}).
#[utoipa::path(post, path = "/api/v1/enforcement/cases/{id}/assign", params(("id" = i64, Path, description = "case id")), request_body = AssignBody,
    responses((status = 200, description = "the case"), (status = 401, description = "not signed in"), (status = 403, description = "not the head of this office")))]
pub async fn assign(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body: AssignBody = json_body(&body)?;
    if body.officer.len() > 64 {
        return Err(bad("officer: a user name"));
    }
    Ok(Json(json!(s.enforcement.assign(&who.as_principal(), id, &body.officer).await?)))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct QueueQuery {
    /// Office code (default: the caller's office).
    unit: Option<String>,
    /// An officer's queue (user name).
    officer: Option<String>,
    /// due_soon, overdue, waiting (default: counts only).
    kind: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

fn own_unit(who: &Authenticated) -> Result<String, ApiError> {
    who.user.unit_code.clone().ok_or_else(|| PlatformError::Forbidden("RoleLacks".into()).into())
}

/// Work queues: counts of due soon / overdue / waiting on others, and one queue's cases.
#[utoipa::path(get, path = "/api/v1/enforcement/queues", params(QueueQuery),
    responses((status = 200, description = "{counts, cases?, total?}"), (status = 401, description = "not signed in"), (status = 403, description = "role or office does not allow")))]
pub async fn queues(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Query(q): Query<QueueQuery>,
) -> Result<Json<Value>, ApiError> {
    if [&q.unit, &q.officer, &q.kind].iter().any(|v| v.as_ref().is_some_and(|s| s.len() > 64)) {
        return Err(bad("parameters too long"));
    }
    let unit = match q.unit.clone() {
        Some(u) => u,
        None => own_unit(&who)?,
    };
    let p = who.as_principal();
    let counts = s.enforcement.queue_counts(&p, &unit, q.officer.as_deref()).await?;
    let mut out = json!({ "unit": unit, "officer": q.officer, "counts": counts });
    if let Some(k) = q.kind.as_deref() {
        let kind = QueueKind::parse(k).ok_or_else(|| bad("kind: due_soon, overdue, waiting"))?;
        let (cases, total) = s
            .enforcement
            .queue(&p, &unit, q.officer.as_deref(), kind, q.limit.unwrap_or(50), q.offset.unwrap_or(0))
            .await?;
        out["cases"] = json!(cases);
        out["total"] = json!(total);
    }
    Ok(Json(out))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct UnitQuery {
    unit: Option<String>,
}

/// The office's officers by workload, lightest first (assignment suggestion).
#[utoipa::path(get, path = "/api/v1/enforcement/workload", params(UnitQuery),
    responses((status = 200, description = "{officers}"), (status = 401, description = "not signed in"), (status = 403, description = "role or office does not allow")))]
pub async fn workload(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Query(q): Query<UnitQuery>,
) -> Result<Json<Value>, ApiError> {
    let unit = match q.unit.clone().filter(|u| u.len() <= 64) {
        Some(u) => u,
        None => own_unit(&who)?,
    };
    Ok(Json(json!({ "unit": unit, "officers": s.enforcement.suggest_officers(&who.as_principal(), &unit).await? })))
}

/// A document of a case, as HTML.
#[utoipa::path(get, path = "/api/v1/enforcement/documents/{id}", params(("id" = i64, Path, description = "document id")),
    responses((status = 200, description = "text/html"), (status = 401, description = "not signed in"), (status = 403, description = "role or office does not allow"), (status = 404, description = "no such document")))]
pub async fn document_html(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let d = s.enforcement.document(&who.as_principal(), id).await?;
    let mut r = Html(d.html).into_response();
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

/// A document of a case, as .docx.
#[utoipa::path(get, path = "/api/v1/enforcement/documents/{id}/docx", params(("id" = i64, Path, description = "document id")),
    responses((status = 200, description = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), (status = 401, description = "not signed in"), (status = 403, description = "role or office does not allow")))]
pub async fn document_docx(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (name, bytes) = s.enforcement.document_docx(&who.as_principal(), id).await?;
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{}\"",
        name.replace(|c: char| !c.is_ascii_alphanumeric() && c != '.' && c != '-', "_")
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

/// Whether the library knows a change to a rule's provision after the wording the rule was checked
/// against (or that the provision is gone): then the rule is flagged for review.
async fn review_flag(lib: &Library, set: &RuleSet, r: &rules::Rule, today: Date) -> Option<String> {
    let id = lib.find_work(set.law).await.ok()?;
    let doc = lib.document(id, today).await.ok()?;
    let since = set.wording_as_of.to_string();
    match lib.provision(&doc, Some(&r.provision.article_reference()), today).await {
        Err(library::LibraryError::ProvisionAbsent(a)) => {
            return Some(format!(
                "{} không còn hiệu lực tại {today} ({:?}) / absent on {today}",
                r.provision.article_reference(),
                a.status
            ));
        }
        Ok(Some(v)) => {
            if let Some(u) = v.unavailable_change.as_ref().filter(|u| u.since > since) {
                return Some(format!("sửa đổi ngày {} bởi {} / changed on {} by {}", u.since, u.by, u.since, u.by));
            }
            if let Some(c) = v.changed.as_ref().filter(|c| c.since.to_string() > since) {
                return Some(format!("sửa đổi ngày {} bởi {} / changed on {} by {}", c.since, c.by, c.since, c.by));
            }
        }
        _ => {}
    }
    if let Ok(versions) = lib.history(&doc, &r.provision.article_reference()).await
        && let Some(v) =
            versions.iter().find(|v| v.from.as_deref().is_some_and(|f| f > since.as_str()) && v.by.is_some())
    {
        return Some(format!(
            "sửa đổi từ ngày {} bởi {} / changed from {}",
            v.from.clone().unwrap_or_default(),
            v.by.clone().unwrap_or_default(),
            v.from.clone().unwrap_or_default()
        ));
    }
    None
}

/// The rule sets (both laws), each rule with its provision, and a review flag where the legal library
/// knows the provision changed after the wording the rule was checked against. Public (it is the law).
#[utoipa::path(get, path = "/api/v1/enforcement/rules", responses((status = 200, description = "{sets: [{id, law, from, until, rules: [{id, period, counting, provision, citation, review}]}]}")))]
pub async fn rule_sets(State(s): State<EnfState>) -> Json<Value> {
    let today = s.enforcement.platform().clock().today();
    let mut sets = vec![];
    for set in rules::all() {
        let mut out = vec![];
        for r in set.rules {
            let review = review_flag(&s.library, set, r, today).await;
            out.push(json!({
                "id": r.id, "period": r.period, "counting": r.counting, "runs_from": r.runs_from,
                "provision": r.provision, "citation": r.provision.cite(), "review": review,
            }));
        }
        sets.push(json!({ "id": set.id, "law": set.law, "title": set.title, "from": set.from, "until": set.until,
            "wording_as_of": set.wording_as_of, "source": set.source, "rules": out }));
    }
    Json(json!({ "sets": sets, "transitional": "Điều 115, Điều 116 Luật Thi hành án dân sự 106/2025/QH15" }))
}

// ---------------------------------------------------------------------------------------------
// Pages.

#[derive(Deserialize, Default)]
pub struct PageQuery {
    lang: Option<String>,
    q: Option<String>,
    all: Option<String>,
    error: Option<String>,
}

/// A Unix time as Vietnam's local date and time (`23/11/2026 14:05`).
pub(crate) fn datetime(unix: i64) -> String {
    let local = unix + 7 * 3600;
    let d = Date::from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    format!("{:02}/{:02}/{} {:02}:{:02}", d.day, d.month, d.year, secs / 3600, secs % 3600 / 60)
}

/// `?lang=en` — the only query of most pages.
#[derive(Deserialize, Default)]
pub(crate) struct LangQuery {
    pub(crate) lang: Option<String>,
}

pub(crate) fn lang_of(q: Option<&str>) -> crate::i18n::Lang {
    crate::i18n::Lang::from_query(q)
}

pub(crate) fn labels(lang: crate::i18n::Lang) -> Value {
    let mut t = crate::i18n::labels(lang);
    if let (Some(map), Value::Object(extra)) = (t.as_object_mut(), crate::i18n::enforcement(lang)) {
        map.extend(extra);
    }
    t
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub(crate) async fn page_user(s: &EnfState, headers: &HeaderMap) -> Option<Authenticated> {
    let c = cookie(headers, SESSION_COOKIE)?;
    s.enforcement.platform().session(c).await.ok()
}

pub(crate) fn csrf_of(who: &Authenticated) -> String {
    match &who.via {
        Via::Session { csrf, .. } => csrf.clone(),
        Via::Token { .. } => String::new(),
    }
}

pub(crate) fn sign_in_redirect(next: &str) -> Response {
    Redirect::to(&format!("/dang-nhap?next={next}")).into_response()
}

pub(crate) fn render(s: &EnfState, name: &str, status: StatusCode, ctx: Value) -> Response {
    match s.templates.get_template(name).and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(&ctx)))) {
        Ok(html) => {
            let mut r = (status, Html(html)).into_response();
            r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Err(e) => {
            tracing::error!("render {name}: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "lỗi hiển thị / rendering error").into_response()
        }
    }
}

pub(crate) fn error_page(s: &EnfState, lang: crate::i18n::Lang, e: ApiError) -> Response {
    let (status, message) = e.parts();
    let code = if status == StatusCode::UNAUTHORIZED { StatusCode::UNAUTHORIZED } else { status };
    render(
        s,
        "enforcement_queue.html",
        code,
        json!({ "lang": lang, "t": labels(lang), "error": message, "counts": null, "lists": [], "cases": [] }),
    )
}

fn case_row(c: &enforcement::case::Case, lang: crate::i18n::Lang, today: Date) -> Value {
    let mut v = json!(c);
    if lang == crate::i18n::Lang::En {
        v["state_vi"] = json!(c.state.label_en());
    }
    v["days_left"] = json!(c.due_date.as_deref().and_then(Date::parse_iso).map(|d| d.to_days() - today.to_days()));
    v["money"] = json!(format!(
        "{} / {}",
        enforcement::documents::money(c.paid_money),
        enforcement::documents::money(c.total_money)
    ));
    v
}

/// Query of the case list page: the API's filters, a page number and the language.
/// (Plain strings: a form sends every field, and empty ones must not fail.)
#[derive(Deserialize, Default)]
struct ListPageQuery {
    unit: Option<String>,
    state: Option<String>,
    officer: Option<String>,
    q: Option<String>,
    received_from: Option<String>,
    received_to: Option<String>,
    active: Option<String>,
    page: Option<String>,
    lang: Option<String>,
}

impl ListPageQuery {
    fn list_query(&self) -> ListQuery {
        let some = |v: &Option<String>| v.clone().filter(|x| !x.trim().is_empty());
        ListQuery {
            unit: some(&self.unit),
            state: some(&self.state),
            officer: some(&self.officer),
            q: some(&self.q),
            received_from: some(&self.received_from),
            received_to: some(&self.received_to),
            active: Some(self.active.is_some()),
            limit: None,
            offset: None,
        }
    }
}

/// Rows per page of the case list.
const LIST_PAGE: i64 = 50;

/// Danh sách việc thi hành án — every case of a unit and the offices under it (a provincial
/// department sees its whole province), with filters and paging.
async fn list_page(State(s): State<EnfState>, Query(q): Query<ListPageQuery>, headers: HeaderMap) -> Response {
    let lang = lang_of(q.lang.as_deref());
    let Some(who) = page_user(&s, &headers).await else { return sign_in_redirect("/thi-hanh-an/ho-so") };
    let units = match s.enforcement.platform().units().await {
        Ok(u) => u,
        Err(e) => return error_page(&s, lang, e.into()),
    };
    // The units the user may pick: those whose cases the policy lets them read.
    let own = who.user.unit_code.as_deref().and_then(|c| units.iter().find(|u| u.code == c));
    let paths = platform::org::paths_of(&units);
    let principal = who.as_principal();
    let readable = |u: &platform::org::Unit| {
        paths.get(&u.id).is_some_and(|path| {
            platform::policy::allows(&principal, platform::Action::ReadCases, platform::Target::Unit(path)).is_allowed()
        })
    };
    let choices: Vec<Value> = units
        .iter()
        .filter(|u| u.active && readable(u))
        .map(|u| json!({ "code": u.code, "name": u.name, "level": u.level }))
        .collect();
    let lq = q.list_query();
    let mut filter = match lq.filter() {
        Ok(f) => f,
        Err(e) => return error_page(&s, lang, e),
    };
    if filter.unit.is_none() {
        filter.unit =
            own.or_else(|| units.iter().find(|u| u.level == platform::org::Level::National)).map(|u| u.code.clone());
    }
    let page = q.page.as_deref().and_then(|p| p.trim().parse::<i64>().ok()).unwrap_or(1).clamp(1, 100_000);
    filter.limit = Some(LIST_PAGE);
    filter.offset = Some((page - 1) * LIST_PAGE);
    let today = s.enforcement.platform().clock().today();
    let (cases, total) = match s.enforcement.list(&who.as_principal(), &filter).await {
        Ok(r) => r,
        Err(e) => return error_page(&s, lang, e.into()),
    };
    let pages = (total + LIST_PAGE - 1) / LIST_PAGE;
    render(
        &s,
        "enforcement_list.html",
        StatusCode::OK,
        json!({
            "lang": lang, "t": labels(lang), "units": choices, "unit": filter.unit,
            "f": {
                "state": lq.state, "officer": lq.officer, "q": lq.q,
                "received_from": lq.received_from, "received_to": lq.received_to,
                "active": q.active.is_some(),
            },
            "states": CaseState::ALL.iter().map(|st| json!({
                "code": st.as_str(),
                "label": if lang == crate::i18n::Lang::En { st.label_en() } else { st.label_vi() },
            })).collect::<Vec<_>>(),
            "cases": cases.iter().map(|c| case_row(c, lang, today)).collect::<Vec<_>>(),
            "total": total, "page": page, "pages": pages,
        }),
    )
}

/// Hàng đợi công việc — the signed-in user's queues (an officer: their own; others: the office's).
async fn queue_page(State(s): State<EnfState>, Query(q): Query<PageQuery>, headers: HeaderMap) -> Response {
    let lang = lang_of(q.lang.as_deref());
    let Some(who) = page_user(&s, &headers).await else { return sign_in_redirect("/thi-hanh-an") };
    let p = who.as_principal();
    let Some(unit) = who.user.unit_code.clone() else {
        return error_page(&s, lang, PlatformError::Forbidden("RoleLacks".into()).into());
    };
    let mine = who.user.roles.contains(&Role::EnforcementOfficer) && q.all.is_none();
    let officer = if mine { Some(who.user.username.clone()) } else { None };
    let today = s.enforcement.platform().clock().today();
    let counts = match s.enforcement.queue_counts(&p, &unit, officer.as_deref()).await {
        Ok(c) => c,
        Err(e) => return error_page(&s, lang, e.into()),
    };
    let mut lists = vec![];
    for kind in [QueueKind::Overdue, QueueKind::DueSoon, QueueKind::Waiting] {
        match s.enforcement.queue(&p, &unit, officer.as_deref(), kind, 25, 0).await {
            Ok((cases, total)) => lists.push(json!({
                "kind": kind.as_str(), "total": total,
                "cases": cases.iter().map(|c| case_row(c, lang, today)).collect::<Vec<_>>(),
            })),
            Err(e) => return error_page(&s, lang, e.into()),
        }
    }
    let search = match q.q.as_deref().filter(|x| !x.trim().is_empty() && x.len() <= 200) {
        Some(text) => {
            let f = CaseFilter { q: Some(text.to_string()), limit: Some(50), ..CaseFilter::default() };
            match s.enforcement.list(&p, &f).await {
                Ok((cases, _)) => cases.iter().map(|c| case_row(c, lang, today)).collect::<Vec<_>>(),
                Err(e) => return error_page(&s, lang, e.into()),
            }
        }
        None => vec![],
    };
    let workload = if who.user.roles.contains(&Role::OfficeHead) {
        s.enforcement.suggest_officers(&p, &unit).await.unwrap_or_default()
    } else {
        vec![]
    };
    let unit_name = s.enforcement.platform().unit_by_code(&unit).await.map(|u| u.name).unwrap_or_default();
    render(
        &s,
        "enforcement_queue.html",
        StatusCode::OK,
        json!({
            "lang": lang, "t": labels(lang), "me": { "username": who.user.username, "display_name": who.user.display_name },
            "unit": unit, "unit_name": unit_name, "mine": mine, "counts": counts, "lists": lists,
            "q": q.q, "search": search, "workload": workload, "error": q.error,
            "may_intake": who.user.roles.iter().any(|r| enforcement::case::INTAKE_ROLES.contains(r)),
        }),
    )
}

/// The case page: summary, deadline with its provision, parties, obligations, timeline, documents and
/// a form for each step the case offers now.
async fn case_page(
    State(s): State<EnfState>,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(q.lang.as_deref());
    let Some(who) = page_user(&s, &headers).await else { return sign_in_redirect(&format!("/thi-hanh-an/viec/{id}")) };
    render_case(&s, &who, id, lang, q.error.as_deref(), StatusCode::OK).await
}

async fn render_case(
    s: &EnfState,
    who: &Authenticated,
    id: i64,
    lang: crate::i18n::Lang,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let file = match s.enforcement.case_file(&who.as_principal(), id).await {
        Ok(f) => f,
        Err(e) => return error_page(s, lang, e.into()),
    };
    let today = s.enforcement.platform().clock().today();
    let steps: Vec<Value> = file
        .next_steps
        .iter()
        .map(|n| {
            json!({
                "step": n.step, "label": if lang == crate::i18n::Lang::En { n.label_en } else { n.label_vi },
                "allowed": n.allowed, "needs": n.needs, "provision": n.provision,
            })
        })
        .collect();
    let open_money: Vec<Value> = file
        .obligations
        .iter()
        .filter(|o| o.kind == ObligationKind::PayMoney && o.paid < o.amount)
        .map(|o| json!({ "id": o.id, "label": format!("{} — còn {} đồng", o.description, enforcement::documents::money(o.amount - o.paid)), "left": o.amount - o.paid }))
        .collect();
    let open_other: Vec<Value> = file
        .obligations
        .iter()
        .filter(|o| o.kind != ObligationKind::PayMoney && !o.done)
        .map(|o| json!({ "id": o.id, "label": o.description }))
        .collect();
    let obligations: Vec<Value> = file
        .obligations
        .iter()
        .map(|o| {
            let mut v = json!(o);
            v["amount_text"] = json!(enforcement::documents::money(o.amount));
            v["paid_text"] = json!(enforcement::documents::money(o.paid));
            v
        })
        .collect();
    let events: Vec<Value> = file
        .events
        .iter()
        .map(|e| {
            let mut v = json!(e);
            v["amount_text"] = json!(e.amount.map(enforcement::documents::money));
            v
        })
        .collect();
    render(
        s,
        "enforcement_case.html",
        status,
        json!({
            "lang": lang, "t": labels(lang), "case": case_row(&file.case, lang, today), "parties": file.parties,
            "obligations": obligations, "events": events, "documents": file.documents, "steps": steps,
            "days_left": file.days_left, "rules_now": file.rules_now, "today": today.to_string(),
            "open_money": open_money, "open_other": open_other, "csrf": csrf_of(who), "error": error,
        }),
    )
}

/// A step form posted from the case page (CSRF token as a field).
async fn step_form(
    State(s): State<EnfState>,
    Path((id, step)): Path<(i64, String)>,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(f.get("lang").map(String::as_str));
    let Some(who) = page_user(&s, &headers).await else { return sign_in_redirect(&format!("/thi-hanh-an/viec/{id}")) };
    if let Err(e) = csrf_checked(&who, &f) {
        return error_page(&s, lang, e);
    }
    let Some(step) = Step::parse(&step) else { return error_page(&s, lang, bad("unknown step")) };
    let field = |k: &str| f.get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty() && v.len() <= 2000);
    let input = (|| -> Result<Input, ApiError> {
        Ok(Input {
            on: date_opt(field("on").as_deref())?,
            obligation: field("obligation").map(|v| v.parse().map_err(|_| bad("obligation"))).transpose()?,
            amount: field("amount").map(|v| dong(&v)).transpose()?,
            ground: field("ground"),
            grounds_date: date_opt(field("grounds_date").as_deref())?,
            until: date_opt(field("until").as_deref())?,
            protest: field("protest").is_some(),
            long_interval: field("long_interval").is_some(),
            coercion_at: field("coercion_at")
                .map(|v| enforcement::coercion::Moment::parse(&v).ok_or_else(|| bad("coercion_at: YYYY-MM-DD HH:MM")))
                .transpose()?,
            note: field("note"),
        })
    })();
    let input = match input {
        Ok(i) => i,
        Err(e) => return render_case(&s, &who, id, lang, Some(&e.parts().1), StatusCode::BAD_REQUEST).await,
    };
    let version = field("version").and_then(|v| v.parse().ok());
    match s.enforcement.step(&who.as_principal(), id, step, &input, version).await {
        Ok(_) => {
            let suffix = if lang == crate::i18n::Lang::En { "?lang=en" } else { "" };
            Redirect::to(&format!("/thi-hanh-an/viec/{id}{suffix}")).into_response().with_status(StatusCode::SEE_OTHER)
        }
        Err(e) => {
            let e: ApiError = e.into();
            let (status, message) = e.parts();
            render_case(&s, &who, id, lang, Some(&message), status).await
        }
    }
}

pub(crate) trait WithStatus {
    fn with_status(self, s: StatusCode) -> Response;
}

impl WithStatus for Response {
    fn with_status(mut self, s: StatusCode) -> Response {
        *self.status_mut() = s;
        self
    }
}

/// The intake form.
async fn intake_page(State(s): State<EnfState>, Query(q): Query<PageQuery>, headers: HeaderMap) -> Response {
    let lang = lang_of(q.lang.as_deref());
    let Some(who) = page_user(&s, &headers).await else { return sign_in_redirect("/thi-hanh-an/tiep-nhan") };
    intake_render(&s, &who, lang, None, StatusCode::OK).await
}

async fn intake_render(
    s: &EnfState,
    who: &Authenticated,
    lang: crate::i18n::Lang,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let unit = who.user.unit_code.clone().unwrap_or_default();
    let officers = s.enforcement.suggest_officers(&who.as_principal(), &unit).await.unwrap_or_default();
    let kinds: Vec<Value> =
        OwnMotionKind::ALL.iter().map(|k| json!({ "id": k.as_str(), "label": k.label_vi() })).collect();
    render(
        s,
        "enforcement_intake.html",
        status,
        json!({ "lang": lang, "t": labels(lang), "unit": unit, "officers": officers, "kinds": kinds,
                "csrf": csrf_of(who), "error": error, "today": s.enforcement.platform().clock().today().to_string() }),
    )
}

async fn intake_form(
    State(s): State<EnfState>,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(f.get("lang").map(String::as_str));
    let Some(who) = page_user(&s, &headers).await else { return sign_in_redirect("/thi-hanh-an/tiep-nhan") };
    if let Err(e) = csrf_checked(&who, &f) {
        return error_page(&s, lang, e);
    }
    let field = |k: &str| f.get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty() && v.len() <= 1000);
    let parsed = (|| -> Result<NewCase, ApiError> {
        let need = |k: &str| field(k).ok_or_else(|| bad(format!("“{k}” is required")));
        let date =
            |k: &str| date_opt(field(k).as_deref())?.ok_or_else(|| bad(format!("“{k}” is required (dd/mm/yyyy)")));
        let basis = if field("basis").as_deref() == Some("own_motion") { Basis::OwnMotion } else { Basis::Request };
        let mut obligations = vec![];
        if let Some(amount) = field("amount") {
            let amount = dong(&amount)?;
            obligations.push(NewObligation {
                kind: ObligationKind::PayMoney,
                description: field("money_description").unwrap_or_else(|| "Trả tiền theo bản án".into()),
                amount,
                creditor: field("creditor"),
                debtor: None,
                category: field("category").as_deref().and_then(Category::parse).unwrap_or(Category::Other),
            });
        }
        if let Some(asset) = field("asset") {
            obligations.push(NewObligation {
                kind: ObligationKind::HandOverAsset,
                description: asset,
                amount: 0,
                creditor: None,
                debtor: None,
                category: Category::Other,
            });
        }
        Ok(NewCase {
            unit: who.user.unit_code.clone().unwrap_or_default(),
            basis,
            own_motion: if basis == Basis::OwnMotion {
                field("own_motion").as_deref().and_then(OwnMotionKind::parse)
            } else {
                None
            },
            court: need("court")?,
            judgment_number: need("judgment_number")?,
            judgment_date: date("judgment_date")?,
            effective_date: date("effective_date")?,
            obligation_due: date_opt(field("obligation_due").as_deref())?,
            excluded_days: 0,
            received_on: date_opt(field("received_on").as_deref())?,
            parties: vec![
                NewParty {
                    role: PartyRole::Creditor,
                    kind: "person".into(),
                    name: need("creditor")?,
                    address: field("creditor_address").unwrap_or_default(),
                    email: field("creditor_email"),
                },
                NewParty {
                    role: PartyRole::Debtor,
                    kind: "person".into(),
                    name: need("debtor")?,
                    address: field("debtor_address").unwrap_or_default(),
                    email: field("debtor_email"),
                },
            ],
            obligations,
            officer: field("officer"),
        })
    })();
    let new = match parsed {
        Ok(n) => n,
        Err(e) => return intake_render(&s, &who, lang, Some(&e.parts().1), StatusCode::BAD_REQUEST).await,
    };
    match s.enforcement.intake(&who.as_principal(), new).await {
        Ok(c) => {
            Redirect::to(&format!("/thi-hanh-an/viec/{}", c.id)).into_response().with_status(StatusCode::SEE_OTHER)
        }
        Err(e) => {
            let e: ApiError = e.into();
            let (status, message) = e.parts();
            intake_render(&s, &who, lang, Some(&message), status).await
        }
    }
}
