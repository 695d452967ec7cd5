//! Sign-in and the platform's API: `/dang-nhap` (form with a CSRF token), `/dang-xuat`, `/tai-khoan`,
//! `/api/v1/me`, `/api/v1/tokens`, `/api/v1/units`, `/api/v1/users`, `/api/v1/calendar/…`.
//!
//! - The session cookie `tuphap_session` is `HttpOnly; SameSite=Strict; Path=/`, and `Secure` unless the
//!   server listens on plain loopback HTTP.
//! - [`CurrentUser`] accepts the session cookie or `Authorization: Bearer <token>`. A request that is not
//!   GET/HEAD and is authenticated by cookie must carry the session's CSRF token in `X-CSRF-Token` (forms
//!   carry it as a field and are checked by their handler).
//! - Every decision is `platform::policy::allows`; handlers only map its refusals to 401/403.
//! - Failed sign-ins all answer the same page and status (401), whatever the reason; throttling answers
//!   429 for known and unknown names alike.

use axum::Router;
use axum::extract::{FromRef, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{delete, get, post};
use axum::{Form, Json};
use lex::Date;
use platform::calendar::{Counting, Override, OverrideKind, Period};
use platform::session::{Authenticated, Via, constant_eq};
use platform::{Action, Platform, PlatformError, Principal, Scope, Target};
use serde::Deserialize;
use serde_json::json;
use std::net::SocketAddr;
use std::sync::Arc;

pub const SESSION_COOKIE: &str = "tuphap_session";
const PRE_CSRF_COOKIE: &str = "tuphap_csrf";

/// State of the platform's routes.
#[derive(Clone)]
pub struct AuthState {
    pub platform: Platform,
    pub templates: Arc<minijinja::Environment<'static>>,
    pub secure_cookies: bool,
}

impl FromRef<AuthState> for Platform {
    fn from_ref(s: &AuthState) -> Platform {
        s.platform.clone()
    }
}

/// The routes (merged into the app by `app_with_platform`).
pub fn routes(platform: Platform, secure_cookies: bool) -> Router {
    let state = AuthState { platform, templates: Arc::new(crate::pages::environment()), secure_cookies };
    Router::new()
        .route("/dang-nhap", get(sign_in_page).post(sign_in))
        .route("/dang-xuat", post(sign_out))
        .route("/tai-khoan", get(account_page))
        .route("/api/v1/me", get(me))
        .route("/api/v1/tokens", get(list_tokens).post(create_token))
        .route("/api/v1/tokens/{id}", delete(revoke_token))
        .route("/api/v1/units", get(list_units))
        .route("/api/v1/users", get(list_users))
        .route("/api/v1/calendar/deadline", get(deadline))
        .route("/api/v1/calendar/holidays", get(holidays))
        .route("/api/v1/calendar/overrides", post(set_override))
        .with_state(state)
}

/// An API error: `{"error": code, "message": …}` with its status.
pub struct ApiError(StatusCode, &'static str, String);

impl From<PlatformError> for ApiError {
    fn from(e: PlatformError) -> ApiError {
        let (status, code) = match &e {
            PlatformError::Unauthenticated | PlatformError::InvalidCredentials => {
                (StatusCode::UNAUTHORIZED, "unauthenticated")
            }
            PlatformError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            PlatformError::Throttled { .. } => (StatusCode::TOO_MANY_REQUESTS, "throttled"),
            PlatformError::Invalid(_) | PlatformError::Duplicate(_) => (StatusCode::BAD_REQUEST, "invalid"),
            PlatformError::UnknownUnit(_) | PlatformError::UnknownUser(_) => (StatusCode::NOT_FOUND, "not_found"),
            _ => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        };
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!("platform: {e}");
            return ApiError(status, code, "lỗi máy chủ / server error".into());
        }
        ApiError(status, code, e.to_string())
    }
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: String) -> ApiError {
        ApiError(status, code, message)
    }

    /// The status and the message.
    pub fn parts(&self) -> (StatusCode, String) {
        (self.0, self.2.clone())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.0, Json(json!({ "error": self.1, "message": self.2 }))).into_response();
        if self.0 == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r
    }
}

fn bad(msg: impl Into<String>) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, "invalid", msg.into())
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

async fn authenticate(platform: &Platform, parts: &Parts) -> Result<Option<Authenticated>, ApiError> {
    if let Some(auth) = parts.headers.get(header::AUTHORIZATION) {
        let value = auth.to_str().unwrap_or("");
        let token = value.strip_prefix("Bearer ").ok_or(ApiError::from(PlatformError::Unauthenticated))?;
        return Ok(Some(platform.token(token).await?));
    }
    let Some(value) = cookie(&parts.headers, SESSION_COOKIE) else { return Ok(None) };
    let who = platform.session(value).await?;
    if !matches!(parts.method, Method::GET | Method::HEAD)
        && let Via::Session { csrf, .. } = &who.via
    {
        let sent = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or("");
        if !constant_eq(csrf, sent) {
            return Err(ApiError(
                StatusCode::FORBIDDEN,
                "csrf",
                "thiếu hoặc sai mã CSRF / CSRF token missing or wrong".into(),
            ));
        }
    }
    Ok(Some(who))
}

/// A signed-in user (session cookie or bearer token); 401 otherwise.
pub struct CurrentUser(pub Authenticated);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser
where
    Platform: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let platform = Platform::from_ref(state);
        match authenticate(&platform, parts).await? {
            Some(who) => Ok(CurrentUser(who)),
            None => Err(PlatformError::Unauthenticated.into()),
        }
    }
}

/// The caller as the policy sees them: anonymous without credentials; 401 for credentials that do not hold.
pub struct Caller(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for Caller
where
    Platform: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let platform = Platform::from_ref(state);
        Ok(Caller(match authenticate(&platform, parts).await? {
            Some(who) => who.as_principal(),
            None => Principal::Anonymous,
        }))
    }
}

/// The remote address, when the server was started with connect info.
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let addr = parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "unknown".into());
        Ok(ClientAddr(addr))
    }
}

fn set_cookie(name: &str, value: &str, path: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let v = format!("{name}={value}; HttpOnly; SameSite=Strict; Path={path}; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn lang_of(q: Option<&str>) -> &'static str {
    if q == Some("en") { "en" } else { "vi" }
}

fn render(state: &AuthState, name: &str, status: StatusCode, ctx: serde_json::Value) -> Response {
    match state
        .templates
        .get_template(name)
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(&ctx))))
    {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!("render {name}: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "lỗi hiển thị / rendering error").into_response()
        }
    }
}

fn labels(lang: &str) -> serde_json::Value {
    crate::i18n::labels(if lang == "en" { crate::i18n::Lang::En } else { crate::i18n::Lang::Vi })
}

/// Only local paths (`/…`, not `//…`) are followed after sign-in.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && n.len() < 500 => n.to_string(),
        _ => "/tai-khoan".into(),
    }
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    lang: Option<String>,
    next: Option<String>,
}

fn sign_in_form(state: &AuthState, lang: &str, next: &str, status: StatusCode, error: Option<&str>) -> Response {
    let csrf = match platform_random() {
        Ok(c) => c,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let mut r = render(
        state,
        "sign_in.html",
        status,
        json!({ "lang": lang, "t": labels(lang), "csrf": csrf, "next": next, "error": error }),
    );
    r.headers_mut()
        .append(header::SET_COOKIE, set_cookie(PRE_CSRF_COOKIE, &csrf, "/dang-nhap", 3600, state.secure_cookies));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn platform_random() -> Result<String, PlatformError> {
    // A fresh random value for the sign-in form's double-submit cookie.
    platform::users::generate_password()
}

async fn sign_in_page(State(state): State<AuthState>, Query(q): Query<PageQuery>) -> Response {
    let lang = lang_of(q.lang.as_deref());
    sign_in_form(&state, lang, &safe_next(q.next.as_deref()), StatusCode::OK, None)
}

#[derive(Deserialize)]
pub struct SignInForm {
    username: String,
    password: String,
    csrf: String,
    next: Option<String>,
    lang: Option<String>,
}

async fn sign_in(
    State(state): State<AuthState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Form(f): Form<SignInForm>,
) -> Response {
    let lang = lang_of(f.lang.as_deref());
    let next = safe_next(f.next.as_deref());
    let pre = cookie(&headers, PRE_CSRF_COOKIE).unwrap_or("");
    if pre.is_empty() || !constant_eq(pre, &f.csrf) {
        let msg = if lang == "vi" {
            "Phiên biểu mẫu đã hết hạn, vui lòng thử lại."
        } else {
            "The form expired; please try again."
        };
        return sign_in_form(&state, lang, &next, StatusCode::FORBIDDEN, Some(msg));
    }
    if f.username.len() > 200 || f.password.len() > 1024 {
        return sign_in_form(&state, lang, &next, StatusCode::BAD_REQUEST, Some("…"));
    }
    match state.platform.sign_in(&f.username, &f.password, &addr).await {
        Ok(s) => {
            let mut r = Redirect::to(&next).into_response();
            *r.status_mut() = StatusCode::SEE_OTHER;
            let max_age = s.expires_at - state.platform.clock().now();
            r.headers_mut()
                .append(header::SET_COOKIE, set_cookie(SESSION_COOKIE, &s.session, "/", max_age, state.secure_cookies));
            r.headers_mut()
                .append(header::SET_COOKIE, set_cookie(PRE_CSRF_COOKIE, "", "/dang-nhap", 0, state.secure_cookies));
            r
        }
        Err(PlatformError::Throttled { .. }) => {
            let msg = if lang == "vi" {
                "Quá nhiều lần đăng nhập không thành công. Vui lòng thử lại sau ít phút."
            } else {
                "Too many failed sign-ins. Please try again in a few minutes."
            };
            sign_in_form(&state, lang, &next, StatusCode::TOO_MANY_REQUESTS, Some(msg))
        }
        Err(PlatformError::InvalidCredentials) => {
            let msg = if lang == "vi" {
                "Tên đăng nhập hoặc mật khẩu không đúng."
            } else {
                "Wrong user name or password."
            };
            sign_in_form(&state, lang, &next, StatusCode::UNAUTHORIZED, Some(msg))
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

async fn sign_out(State(state): State<AuthState>, headers: HeaderMap, Form(f): Form<CsrfForm>) -> Response {
    let Some(session) = cookie(&headers, SESSION_COOKIE) else {
        return ApiError::from(PlatformError::Unauthenticated).into_response();
    };
    if let Err(e) = state.platform.sign_out(session, &f.csrf).await {
        return ApiError::from(e).into_response();
    }
    let mut r = Redirect::to("/").into_response();
    *r.status_mut() = StatusCode::SEE_OTHER;
    r.headers_mut().append(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", "/", 0, state.secure_cookies));
    r
}

fn me_json(who: &Authenticated) -> serde_json::Value {
    let via = match &who.via {
        Via::Session { expires_at, .. } => json!({ "kind": "session", "expires_at": expires_at }),
        Via::Token { id, scope, expires_at } => {
            json!({ "kind": "token", "id": id, "scope": scope, "expires_at": expires_at })
        }
    };
    json!({
        "username": who.user.username,
        "display_name": who.user.display_name,
        "unit": who.user.unit_code,
        "roles": who.user.roles,
        "roles_vi": who.user.roles.iter().map(|r| r.label_vi()).collect::<Vec<_>>(),
        "via": via,
    })
}

async fn account_page(State(state): State<AuthState>, Query(q): Query<PageQuery>, parts: HeaderMap) -> Response {
    let lang = lang_of(q.lang.as_deref());
    let who = match cookie(&parts, SESSION_COOKIE) {
        Some(c) => state.platform.session(c).await.ok(),
        None => None,
    };
    let Some(who) = who else { return Redirect::to("/dang-nhap?next=/tai-khoan").into_response() };
    let csrf = match &who.via {
        Via::Session { csrf, .. } => csrf.clone(),
        Via::Token { .. } => String::new(),
    };
    let unit = match who.user.unit_id {
        Some(id) => state.platform.unit_by_id(id).await.ok().map(|u| u.name),
        None => None,
    };
    let mut r = render(
        &state,
        "account.html",
        StatusCode::OK,
        json!({ "lang": lang, "t": labels(lang), "me": me_json(&who), "unit_name": unit, "csrf": csrf }),
    );
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn me(CurrentUser(who): CurrentUser) -> Result<Json<serde_json::Value>, ApiError> {
    let p = who.as_principal();
    if !platform::policy::allows(&p, Action::ReadOwnAccount, Target::OwnedBy(who.user.id)).is_allowed() {
        return Err(PlatformError::Forbidden("RoleLacks".into()).into());
    }
    let mut v = me_json(&who);
    if let Via::Session { csrf, .. } = &who.via {
        // The session's CSRF token, for scripts in the page that write through the API.
        v["csrf"] = json!(csrf);
    }
    Ok(Json(v))
}

async fn list_tokens(
    State(state): State<AuthState>,
    CurrentUser(who): CurrentUser,
) -> Result<Json<serde_json::Value>, ApiError> {
    let tokens = state.platform.tokens_of(&who.as_principal(), who.user.id).await?;
    Ok(Json(json!({ "tokens": tokens })))
}

#[derive(Deserialize)]
pub struct NewTokenBody {
    name: String,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    days: Option<i64>,
}

async fn create_token(
    State(state): State<AuthState>,
    CurrentUser(who): CurrentUser,
    Json(body): Json<NewTokenBody>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let scope = match body.scope.as_deref() {
        None => Scope::Read,
        Some(s) => Scope::parse(s).ok_or_else(|| bad("scope: read or write"))?,
    };
    let t = state
        .platform
        .create_token(&who.as_principal(), &who.user.username, &body.name, scope, body.days.unwrap_or(90))
        .await?;
    Ok((StatusCode::CREATED, Json(json!(t))))
}

async fn revoke_token(
    State(state): State<AuthState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let t = state.platform.revoke_token(&who.as_principal(), id).await?;
    Ok(Json(json!(t)))
}

async fn list_units(
    State(state): State<AuthState>,
    CurrentUser(who): CurrentUser,
) -> Result<Json<serde_json::Value>, ApiError> {
    let p = who.as_principal();
    // Someone whose roles read no unit at all (a citizen) is refused, not shown an empty list.
    if !platform::policy::allows(&p, Action::ReadUnits, Target::Unit(&who.principal.unit_path)).is_allowed() {
        return Err(PlatformError::Forbidden("RoleLacks".into()).into());
    }
    let units = state.platform.units_visible_to(&p).await?;
    Ok(Json(json!({ "total": units.len(), "units": units })))
}

#[derive(Deserialize)]
pub struct UsersQuery {
    unit: Option<String>,
    purpose: Option<String>,
}

async fn list_users(
    State(state): State<AuthState>,
    CurrentUser(who): CurrentUser,
    Query(q): Query<UsersQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let purpose = q.purpose.as_deref().unwrap_or("api");
    if purpose.len() > 200 || q.unit.as_deref().is_some_and(|u| u.len() > 32) {
        return Err(bad("parameters too long"));
    }
    let users = state.platform.list_users(&who.as_principal(), q.unit.as_deref(), purpose).await?;
    Ok(Json(json!({ "total": users.len(), "users": users })))
}

#[derive(Deserialize)]
pub struct DeadlineQuery {
    from: String,
    days: Option<u32>,
    weeks: Option<u32>,
    months: Option<u32>,
    years: Option<u32>,
    #[serde(default)]
    working: bool,
    #[serde(default)]
    now: bool,
}

fn date_param(s: &str) -> Result<Date, ApiError> {
    Date::parse_iso(s).or_else(|| Date::parse_dmy(s)).ok_or_else(|| bad(format!("“{s}” is not a date (YYYY-MM-DD)")))
}

async fn deadline(
    State(state): State<AuthState>,
    Caller(p): Caller,
    Query(q): Query<DeadlineQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    if !platform::policy::allows(&p, Action::ReadCalendar, Target::Global).is_allowed() {
        return Err(PlatformError::Unauthenticated.into());
    }
    let period = match (q.days, q.weeks, q.months, q.years, q.now) {
        (Some(n), None, None, None, false) => Period::Days(n),
        (None, Some(n), None, None, false) => Period::Weeks(n),
        (None, None, Some(n), None, false) => Period::Months(n),
        (None, None, None, Some(n), false) => Period::Years(n),
        (None, None, None, None, true) => Period::Immediately,
        _ => return Err(bad("give one of days, weeks, months, years, now")),
    };
    if [q.days, q.weeks, q.months, q.years].iter().flatten().any(|n| *n > 10_000) {
        return Err(bad("period too long"));
    }
    let counting = if q.working { Counting::WorkingDays } else { Counting::CalendarDays };
    let d = state.platform.calendar().await?.deadline(date_param(&q.from)?, period, counting)?;
    Ok(Json(json!(d)))
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<i32>,
}

async fn holidays(
    State(state): State<AuthState>,
    Caller(p): Caller,
    Query(q): Query<YearQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    if !platform::policy::allows(&p, Action::ReadCalendar, Target::Global).is_allowed() {
        return Err(PlatformError::Unauthenticated.into());
    }
    let year = q.year.unwrap_or(state.platform.clock().today().year);
    if !(1900..=2199).contains(&year) {
        return Err(bad("year 1900–2199"));
    }
    Ok(Json(json!({ "year": year, "holidays": state.platform.calendar().await?.holidays(year) })))
}

#[derive(Deserialize)]
pub struct OverrideBody {
    day: String,
    kind: String,
    name: String,
}

async fn set_override(
    State(state): State<AuthState>,
    CurrentUser(who): CurrentUser,
    Json(body): Json<OverrideBody>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let kind = OverrideKind::parse(&body.kind).ok_or_else(|| bad("kind: off or work"))?;
    let o = Override { day: date_param(&body.day)?, kind, name: body.name };
    Ok(Json(json!(state.platform.set_override(&who.as_principal(), o).await?)))
}
