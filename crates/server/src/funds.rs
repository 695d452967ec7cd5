//! Money and seized assets over HTTP — thin handlers over `enforcement::money` and
//! `enforcement::assets`.
//!
//! API (`/api/v1/enforcement/…`): a case's books, receipts (`Idempotency-Key` header or body field),
//! costs, distribution preview and booking, payouts, reversals, office balances, bank reconciliation
//! (CSV body), seized assets with their actions and photos.
//! Pages: `/thi-hanh-an/viec/{id}/tien` (the accountant: ledger, distribution preview before paying,
//! payouts with their deadline), `/thi-hanh-an/doi-soat` (reconciliation), `/thi-hanh-an/viec/{id}/tai-san`
//! and `/thi-hanh-an/tai-san/{id}` (the officer: assets and their custody chain).

use crate::auth::{ApiError, CurrentUser};
use crate::enforcement::{
    EnfState, LangQuery, WithStatus, bad, csrf_checked, csrf_of, date_opt, dong, error_page, json_body, labels,
    lang_of, page_user, render, sign_in_redirect,
};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use enforcement::assets::{AssetAction, Custody, MAX_FILE_BYTES, NewAsset};
use enforcement::money::fee::CostKind;
use enforcement::money::ledger::{DistributionRequest, NewCost, Receipt};
use enforcement::money::reconcile;
use platform::session::Authenticated;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(paths(
    case_books,
    receive,
    record_cost,
    preview,
    distribute,
    pay_out,
    reverse,
    office_books,
    reconcile_statement,
    case_assets,
    seize,
    asset,
    asset_act,
    asset_photo_upload
))]
pub struct FundsApi;

/// The routes, merged into the enforcement router.
pub fn routes() -> Router<EnfState> {
    Router::new()
        .route("/api/v1/enforcement/cases/{id}/books", get(case_books))
        .route("/api/v1/enforcement/cases/{id}/receipts", post(receive))
        .route("/api/v1/enforcement/cases/{id}/costs", post(record_cost))
        .route("/api/v1/enforcement/cases/{id}/distribution/preview", post(preview))
        .route("/api/v1/enforcement/cases/{id}/distributions", post(distribute))
        .route("/api/v1/enforcement/payouts/{id}/pay", post(pay_out))
        .route("/api/v1/enforcement/ledger/{id}/reverse", post(reverse))
        .route("/api/v1/enforcement/offices/{code}/books", get(office_books))
        .route("/api/v1/enforcement/offices/{code}/reconciliations", post(reconcile_statement))
        .route("/api/v1/enforcement/cases/{id}/assets", get(case_assets).post(seize))
        .route("/api/v1/enforcement/assets/{id}", get(asset))
        .route("/api/v1/enforcement/assets/{id}/actions", post(asset_act))
        .route(
            "/api/v1/enforcement/assets/{id}/photos",
            post(asset_photo_upload).layer(DefaultBodyLimit::max(MAX_FILE_BYTES + 1024)),
        )
        .route("/api/v1/enforcement/asset-files/{id}", get(asset_file))
        .route("/thi-hanh-an/viec/{id}/tien", get(money_page).post(money_form))
        .route("/thi-hanh-an/viec/{id}/tai-san", get(assets_page).post(assets_form))
        .route("/thi-hanh-an/tai-san/{id}", get(asset_page).post(asset_form))
        .route(
            "/thi-hanh-an/doi-soat",
            get(reconcile_page).post(reconcile_form).layer(DefaultBodyLimit::max(reconcile::MAX_BYTES * 2)),
        )
}

fn key_of(headers: &HeaderMap) -> Option<String> {
    headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// A case's money: held per bucket, payable per payee, transactions with entries, payouts, costs.
#[utoipa::path(get, path = "/api/v1/enforcement/cases/{id}/books", params(("id" = i64, Path, description = "case id")),
    responses((status = 200, description = "the books"), (status = 401, description = "not signed in"), (status = 403, description = "role or office does not allow")))]
pub async fn case_books(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(s.enforcement.case_books(&who.as_principal(), id).await?)))
}

/// Thu tiền — book a receipt (body: amount, on, coercion_decided_on, reference, idempotency_key, memo; the
/// `Idempotency-Key` header counts as the key). A retry with the same key returns the first booking.
#[utoipa::path(post, path = "/api/v1/enforcement/cases/{id}/receipts", request_body(content = String, content_type = "application/json", description = "see the summary"), params(("id" = i64, Path, description = "case id")),
    responses((status = 201, description = "the transaction"), (status = 400, description = "invalid"), (status = 403, description = "not the office's accountant or head"), (status = 409, description = "key reused for another request")))]
pub async fn receive(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let mut r: Receipt = json_body(&body)?;
    if r.idempotency_key.is_none() {
        r.idempotency_key = key_of(&headers);
    }
    let t = s.enforcement.receive(&who.as_principal(), id, &r).await?;
    Ok((StatusCode::CREATED, Json(json!(t))))
}

/// Chi phí cưỡng chế — record a cost (body: kind, amount, on, note); the law decides who bears it.
#[utoipa::path(post, path = "/api/v1/enforcement/cases/{id}/costs", request_body(content = String, content_type = "application/json", description = "see the summary"), params(("id" = i64, Path, description = "case id")),
    responses((status = 201, description = "the cost with its bearer and provision"), (status = 400, description = "invalid")))]
pub async fn record_cost(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let n: NewCost = json_body(&body)?;
    Ok((StatusCode::CREATED, Json(json!(s.enforcement.record_cost(&who.as_principal(), id, &n).await?))))
}

/// Xem trước phân phối — the distribution by Điều 47 (2008) / Điều 54 (2025), nothing booked.
#[utoipa::path(post, path = "/api/v1/enforcement/cases/{id}/distribution/preview", request_body(content = String, content_type = "application/json", description = "see the summary"), params(("id" = i64, Path, description = "case id")),
    responses((status = 200, description = "the plan, shares with fee and costs withheld, the payment deadline"), (status = 400, description = "nothing held, or invalid")))]
pub async fn preview(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let r: DistributionRequest = if body.is_empty() { DistributionRequest::default() } else { json_body(&body)? };
    Ok(Json(json!(s.enforcement.preview_distribution(&who.as_principal(), id, &r).await?)))
}

/// Phân phối — book the distribution (body as the preview, plus idempotency_key).
#[utoipa::path(post, path = "/api/v1/enforcement/cases/{id}/distributions", request_body(content = String, content_type = "application/json", description = "see the summary"), params(("id" = i64, Path, description = "case id")),
    responses((status = 201, description = "the transaction and the plan booked"), (status = 400, description = "nothing held, or invalid"), (status = 403, description = "not the office's accountant or head")))]
pub async fn distribute(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let mut r: DistributionRequest = if body.is_empty() { DistributionRequest::default() } else { json_body(&body)? };
    if r.idempotency_key.is_none() {
        r.idempotency_key = key_of(&headers);
    }
    let (t, p) = s.enforcement.distribute(&who.as_principal(), id, &r).await?;
    Ok((StatusCode::CREATED, Json(json!({ "transaction": t, "preview": p }))))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct PayBody {
    reference: Option<String>,
    /// YYYY-MM-DD (default today).
    on: Option<String>,
}

/// Chi trả — pay a payout in full (body: reference, on).
#[utoipa::path(post, path = "/api/v1/enforcement/payouts/{id}/pay", params(("id" = i64, Path, description = "payout id")), request_body = PayBody,
    responses((status = 201, description = "the transaction"), (status = 409, description = "already paid or cancelled")))]
pub async fn pay_out(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let b: PayBody = if body.is_empty() { PayBody::default() } else { json_body(&body)? };
    let on = date_opt(b.on.as_deref())?;
    Ok((
        StatusCode::CREATED,
        Json(json!(s.enforcement.pay_out(&who.as_principal(), id, b.reference.as_deref(), on).await?)),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ReverseBody {
    reason: String,
}

/// Đảo bút toán — reverse a transaction once (body: reason).
#[utoipa::path(post, path = "/api/v1/enforcement/ledger/{id}/reverse", params(("id" = i64, Path, description = "transaction id")), request_body = ReverseBody,
    responses((status = 201, description = "the reversing transaction"), (status = 400, description = "what followed must be reversed first"), (status = 409, description = "already reversed")))]
pub async fn reverse(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let b: ReverseBody = json_body(&body)?;
    Ok((StatusCode::CREATED, Json(json!(s.enforcement.reverse(&who.as_principal(), id, &b.reason).await?))))
}

/// An office's cash, money held and owed, and payouts past the statute's deadline.
#[utoipa::path(get, path = "/api/v1/enforcement/offices/{code}/books", params(("code" = String, Path, description = "office code")),
    responses((status = 200, description = "the totals"), (status = 403, description = "role or office does not allow")))]
pub async fn office_books(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(code): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(s.enforcement.office_books(&who.as_principal(), &code).await?)))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct StatementQuery {
    /// The statement's file name (for errors and the record).
    name: Option<String>,
}

/// Đối soát — a bank statement (CSV body) matched against the office's cash movements.
#[utoipa::path(post, path = "/api/v1/enforcement/offices/{code}/reconciliations", request_body(content = String, content_type = "text/csv", description = "see the summary"), params(("code" = String, Path, description = "office code"), StatementQuery),
    responses((status = 200, description = "matched lines and the differences on both sides"), (status = 400, description = "the line and column that could not be read")))]
pub async fn reconcile_statement(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(code): Path<String>,
    Query(q): Query<StatementQuery>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let name = q.name.unwrap_or_else(|| "statement.csv".into());
    Ok(Json(json!(s.enforcement.reconcile(&who.as_principal(), &code, &name, &body).await?)))
}

/// The seized assets of a case.
#[utoipa::path(get, path = "/api/v1/enforcement/cases/{id}/assets", params(("id" = i64, Path, description = "case id")),
    responses((status = 200, description = "the assets")))]
pub async fn case_assets(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(s.enforcement.case_assets(&who.as_principal(), id).await?)))
}

/// Kê biên — register a seized asset (body: kind, description, valuation, custody {kind: warehouse|keeper,
/// place, keeper}, secures_obligation, pledgee {name, owed}, on, note).
#[utoipa::path(post, path = "/api/v1/enforcement/cases/{id}/assets", request_body(content = String, content_type = "application/json", description = "see the summary"), params(("id" = i64, Path, description = "case id")),
    responses((status = 201, description = "the asset with its custody chain"), (status = 400, description = "invalid"), (status = 403, description = "not an officer of the office")))]
pub async fn seize(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let n: NewAsset = json_body(&body)?;
    Ok((StatusCode::CREATED, Json(json!(s.enforcement.seize(&who.as_principal(), id, &n).await?))))
}

/// An asset with every movement (who, when, from where, to where) and its files.
#[utoipa::path(get, path = "/api/v1/enforcement/assets/{id}", params(("id" = i64, Path, description = "asset id")),
    responses((status = 200, description = "the asset record"), (status = 404, description = "no such asset")))]
pub async fn asset(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(s.enforcement.asset(&who.as_principal(), id).await?)))
}

#[derive(Deserialize)]
pub struct ActBody {
    #[serde(flatten)]
    action: AssetAction,
    version: Option<i64>,
}

/// Act on an asset (body: {action: value|move|auction|sell|return, …, version}); a sale books its price.
#[utoipa::path(post, path = "/api/v1/enforcement/assets/{id}/actions", request_body(content = String, content_type = "application/json", description = "see the summary"), params(("id" = i64, Path, description = "asset id")),
    responses((status = 200, description = "the asset record"), (status = 400, description = "not possible in this state"), (status = 409, description = "stale version")))]
pub async fn asset_act(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let b: ActBody = json_body(&body)?;
    Ok(Json(json!(s.enforcement.asset_act(&who.as_principal(), id, &b.action, b.version).await?)))
}

/// Add a photo or scan (raw body; `Content-Type` image/jpeg, image/png, image/webp or application/pdf).
#[utoipa::path(post, path = "/api/v1/enforcement/assets/{id}/photos", request_body(content = String, content_type = "application/octet-stream", description = "see the summary"), params(("id" = i64, Path, description = "asset id"), StatementQuery),
    responses((status = 201, description = "the file record"), (status = 400, description = "type or size not accepted")))]
pub async fn asset_photo_upload(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<StatementQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let media = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let name = q.name.unwrap_or_else(|| "anh.jpg".into());
    let f = s.enforcement.attach_asset_file(&who.as_principal(), id, &name, media, &body).await?;
    Ok((StatusCode::CREATED, Json(json!(f))))
}

async fn asset_file(
    State(s): State<EnfState>,
    CurrentUser(who): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (_, media, bytes) = s.enforcement.asset_file(&who.as_principal(), id).await?;
    let mut r = bytes.into_response();
    if let Ok(v) = HeaderValue::from_str(&media) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r.headers_mut().insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    Ok(r)
}

// ---- pages ----

#[derive(Deserialize, Default)]
pub struct MoneyQuery {
    lang: Option<String>,
    bucket: Option<String>,
    housing: Option<String>,
    preview: Option<String>,
}

/// An optional amount field: empty is 0.
fn dong_or_zero(v: Option<&String>) -> Result<i64, ApiError> {
    match v.map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(0),
        Some(s) => dong(s),
    }
}

async fn money_page(
    State(s): State<EnfState>,
    Path(id): Path<i64>,
    Query(q): Query<MoneyQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(who) = page_user(&s, &headers).await else {
        return sign_in_redirect(&format!("/thi-hanh-an/viec/{id}/tien"));
    };
    money_render(&s, &who, id, &q, None, StatusCode::OK).await
}

async fn money_render(
    s: &EnfState,
    who: &Authenticated,
    id: i64,
    q: &MoneyQuery,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let lang = lang_of(q.lang.as_deref());
    let p = who.as_principal();
    let case = match s.enforcement.case(&p, id).await {
        Ok(c) => c,
        Err(e) => return error_page(s, lang, e.into()),
    };
    let books = match s.enforcement.case_books(&p, id).await {
        Ok(b) => b,
        Err(e) => return error_page(s, lang, e.into()),
    };
    let mut preview_error = None;
    let preview = if q.preview.is_some() {
        let req = DistributionRequest {
            bucket: q.bucket.clone().filter(|b| !b.is_empty()),
            housing: dong_or_zero(q.housing.as_ref()).unwrap_or(0),
            ..Default::default()
        };
        match s.enforcement.preview_distribution(&p, id, &req).await {
            Ok(p) => Some(p),
            Err(e) => {
                preview_error = Some(ApiError::from(e).parts().1);
                None
            }
        }
    } else {
        None
    };
    let today = s.enforcement.platform().clock().today().to_string();
    render(
        s,
        "enforcement_money.html",
        status,
        json!({
            "lang": lang, "t": labels(lang), "csrf": csrf_of(who), "case": case, "books": books,
            "preview": preview, "preview_error": preview_error, "error": error, "today": today,
            "cost_kinds": CostKind::ALL.iter().map(|k| json!({"id": k.as_str(), "label": k.label_vi()})).collect::<Vec<_>>(),
            "housing": q.housing, "bucket": q.bucket,
        }),
    )
}

async fn money_form(
    State(s): State<EnfState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(f.get("lang").map(String::as_str));
    let Some(who) = page_user(&s, &headers).await else {
        return sign_in_redirect(&format!("/thi-hanh-an/viec/{id}/tien"));
    };
    if let Err(e) = csrf_checked(&who, &f) {
        return error_page(&s, lang, e);
    }
    let p = who.as_principal();
    let field = |k: &str| f.get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty() && v.len() <= 500);
    let e = &s.enforcement;
    let done: Result<(), ApiError> = async {
        match field("op").as_deref() {
            Some("receive") => {
                let r = Receipt {
                    amount: dong_or_zero(f.get("amount"))?,
                    on: date_opt(field("on").as_deref())?,
                    coercion_decided_on: date_opt(field("coercion_decided_on").as_deref())?,
                    reference: field("reference"),
                    idempotency_key: field("idempotency_key"),
                    memo: field("memo"),
                };
                e.receive(&p, id, &r).await.map(|_| ())?;
            }
            Some("cost") => {
                let kind = field("kind").as_deref().and_then(CostKind::parse).ok_or_else(|| bad("kind"))?;
                let n = NewCost {
                    kind,
                    amount: dong_or_zero(f.get("amount"))?,
                    on: date_opt(field("on").as_deref())?,
                    note: field("note"),
                };
                e.record_cost(&p, id, &n).await.map(|_| ())?;
            }
            Some("distribute") => {
                let r = DistributionRequest {
                    bucket: field("bucket"),
                    housing: dong_or_zero(f.get("housing"))?,
                    idempotency_key: field("idempotency_key"),
                    ..Default::default()
                };
                e.distribute(&p, id, &r).await.map(|_| ())?;
            }
            Some("pay") => {
                let payout = field("payout").and_then(|v| v.parse().ok()).ok_or_else(|| bad("payout"))?;
                e.pay_out(&p, payout, field("reference").as_deref(), None).await.map(|_| ())?;
            }
            Some("reverse") => {
                let txn = field("txn").and_then(|v| v.parse().ok()).ok_or_else(|| bad("txn"))?;
                e.reverse(&p, txn, field("reason").as_deref().unwrap_or("")).await.map(|_| ())?;
            }
            _ => return Err(bad("op")),
        }
        Ok(())
    }
    .await;
    match done {
        Ok(()) => {
            let suffix = if lang == crate::i18n::Lang::En { "?lang=en" } else { "" };
            Redirect::to(&format!("/thi-hanh-an/viec/{id}/tien{suffix}"))
                .into_response()
                .with_status(StatusCode::SEE_OTHER)
        }
        Err(err) => {
            let (status, message) = err.parts();
            let q = MoneyQuery { lang: f.get("lang").cloned(), ..Default::default() };
            money_render(&s, &who, id, &q, Some(&message), status).await
        }
    }
}

async fn assets_page(
    State(s): State<EnfState>,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(who) = page_user(&s, &headers).await else {
        return sign_in_redirect(&format!("/thi-hanh-an/viec/{id}/tai-san"));
    };
    assets_render(&s, &who, id, lang_of(q.lang.as_deref()), None, StatusCode::OK).await
}

async fn assets_render(
    s: &EnfState,
    who: &Authenticated,
    id: i64,
    lang: crate::i18n::Lang,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let p = who.as_principal();
    let (case, assets, file) = match (
        s.enforcement.case(&p, id).await,
        s.enforcement.case_assets(&p, id).await,
        s.enforcement.case_file(&p, id).await,
    ) {
        (Ok(c), Ok(a), Ok(f)) => (c, a, f),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return error_page(s, lang, e.into()),
    };
    render(
        s,
        "enforcement_assets.html",
        status,
        json!({ "lang": lang, "t": labels(lang), "csrf": csrf_of(who), "case": case, "assets": assets,
                "obligations": file.obligations, "error": error, "asset": null,
                "today": s.enforcement.platform().clock().today().to_string() }),
    )
}

async fn assets_form(
    State(s): State<EnfState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(f.get("lang").map(String::as_str));
    let Some(who) = page_user(&s, &headers).await else {
        return sign_in_redirect(&format!("/thi-hanh-an/viec/{id}/tai-san"));
    };
    if let Err(e) = csrf_checked(&who, &f) {
        return error_page(&s, lang, e);
    }
    let field = |k: &str| f.get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty() && v.len() <= 4000);
    let n = (|| -> Result<NewAsset, ApiError> {
        let valuation = dong_or_zero(f.get("valuation"))?;
        Ok(NewAsset {
            kind: field("kind").unwrap_or_default(),
            description: field("description").unwrap_or_default(),
            valuation: (valuation > 0).then_some(valuation),
            custody: custody_of(&field("keeper"), field("place").unwrap_or_default()),
            secures_obligation: field("secures_obligation").and_then(|v| v.parse().ok()),
            pledgee: None,
            on: date_opt(field("on").as_deref())?,
            time: field("time"),
            note: field("note"),
        })
    })();
    let r = match n {
        Ok(n) => s.enforcement.seize(&who.as_principal(), id, &n).await.map_err(ApiError::from),
        Err(e) => Err(e),
    };
    match r {
        Ok(a) => Redirect::to(&format!("/thi-hanh-an/tai-san/{}", a.asset.id))
            .into_response()
            .with_status(StatusCode::SEE_OTHER),
        Err(e) => {
            let (status, message) = e.parts();
            assets_render(&s, &who, id, lang, Some(&message), status).await
        }
    }
}

fn custody_of(keeper: &Option<String>, place: String) -> Custody {
    match keeper {
        Some(k) => Custody::Keeper { keeper: k.clone(), place },
        None => Custody::Warehouse { place },
    }
}

async fn asset_page(
    State(s): State<EnfState>,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(who) = page_user(&s, &headers).await else {
        return sign_in_redirect(&format!("/thi-hanh-an/tai-san/{id}"));
    };
    asset_render(&s, &who, id, lang_of(q.lang.as_deref()), None, StatusCode::OK).await
}

async fn asset_render(
    s: &EnfState,
    who: &Authenticated,
    id: i64,
    lang: crate::i18n::Lang,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let p = who.as_principal();
    let record = match s.enforcement.asset(&p, id).await {
        Ok(r) => r,
        Err(e) => return error_page(s, lang, e.into()),
    };
    let case = match s.enforcement.case(&p, record.asset.case_id).await {
        Ok(c) => c,
        Err(e) => return error_page(s, lang, e.into()),
    };
    render(
        s,
        "enforcement_assets.html",
        status,
        json!({ "lang": lang, "t": labels(lang), "csrf": csrf_of(who), "case": case, "assets": [], "asset": record, "error": error }),
    )
}

async fn asset_form(
    State(s): State<EnfState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(f.get("lang").map(String::as_str));
    let Some(who) = page_user(&s, &headers).await else {
        return sign_in_redirect(&format!("/thi-hanh-an/tai-san/{id}"));
    };
    if let Err(e) = csrf_checked(&who, &f) {
        return error_page(&s, lang, e);
    }
    let field = |k: &str| f.get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty() && v.len() <= 2000);
    let action = (|| -> Result<AssetAction, ApiError> {
        let on = date_opt(field("on").as_deref())?;
        let note = field("note");
        Ok(match field("action").as_deref() {
            Some("value") => AssetAction::Value { amount: dong_or_zero(f.get("amount"))?, on, note },
            Some("move") => AssetAction::Move {
                custody: custody_of(&field("keeper"), field("place").unwrap_or_default()),
                on,
                note,
            },
            Some("auction") => AssetAction::Auction { on, note },
            Some("sell") => AssetAction::Sell {
                price: dong_or_zero(f.get("amount"))?,
                buyer: field("buyer").unwrap_or_default(),
                on,
                idempotency_key: field("idempotency_key"),
            },
            Some("return") => AssetAction::Return { to: field("to").unwrap_or_default(), on, note },
            _ => return Err(bad("action")),
        })
    })();
    let version = field("version").and_then(|v| v.parse().ok());
    let r = match action {
        Ok(a) => s.enforcement.asset_act(&who.as_principal(), id, &a, version).await.map_err(ApiError::from),
        Err(e) => Err(e),
    };
    match r {
        Ok(_) => Redirect::to(&format!("/thi-hanh-an/tai-san/{id}")).into_response().with_status(StatusCode::SEE_OTHER),
        Err(e) => {
            let (status, message) = e.parts();
            asset_render(&s, &who, id, lang, Some(&message), status).await
        }
    }
}

async fn reconcile_page(State(s): State<EnfState>, Query(q): Query<LangQuery>, headers: HeaderMap) -> Response {
    let lang = lang_of(q.lang.as_deref());
    let Some(who) = page_user(&s, &headers).await else { return sign_in_redirect("/thi-hanh-an/doi-soat") };
    render(
        &s,
        "enforcement_reconcile.html",
        StatusCode::OK,
        json!({ "lang": lang, "t": labels(lang), "csrf": csrf_of(&who), "unit": who.user.unit_code, "result": null, "error": null }),
    )
}

async fn reconcile_form(
    State(s): State<EnfState>,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(f.get("lang").map(String::as_str));
    let Some(who) = page_user(&s, &headers).await else { return sign_in_redirect("/thi-hanh-an/doi-soat") };
    if let Err(e) = csrf_checked(&who, &f) {
        return error_page(&s, lang, e);
    }
    let unit = f.get("unit").cloned().or_else(|| who.user.unit_code.clone()).unwrap_or_default();
    let name = f.get("name").cloned().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "sao-ke.csv".into());
    let csv = f.get("csv").cloned().unwrap_or_default();
    let r = s.enforcement.reconcile(&who.as_principal(), &unit, &name, csv.as_bytes()).await.map_err(ApiError::from);
    let (status, result, error) = match r {
        Ok(r) => (StatusCode::OK, Some(r), None),
        Err(e) => {
            let (status, m) = e.parts();
            (status, None, Some(m))
        }
    };
    render(
        &s,
        "enforcement_reconcile.html",
        status,
        json!({ "lang": lang, "t": labels(lang), "csrf": csrf_of(&who), "unit": unit, "result": result, "error": error, "csv": csv, "name": name }),
    )
}
