//! JSON API under `/api/v1`, described by OpenAPI at `/api/v1/openapi.json`.

use crate::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lex::Date;
use library::LibraryError;
use library::lookup::{DocumentView, ListFilter, ProvisionView, WorkSummary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "tuphap API",
        description = "Thư viện pháp luật — legal library API. Dates are ISO YYYY-MM-DD; status is computed for `at` (default today, Vietnam time).",
        version = "1"
    ),
    paths(list_documents, get_document, get_provision, crate::find::api_search, crate::check::api_check),
    components(schemas(
        DocumentList,
        DocumentSummary,
        DocumentResponse,
        DocumentInfo,
        Provision,
        ApiError,
        Relation,
        Event,
        Expression,
        crate::find::SearchHit,
        crate::find::SearchResponse,
        crate::check::CheckRequest,
        crate::check::UploadedFile
    ))
)]
struct ApiDoc;

pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    let mut doc = ApiDoc::openapi();
    doc.merge(crate::enforcement::EnforcementApi::openapi());
    doc.merge(crate::funds::FundsApi::openapi());
    doc.merge(crate::monitoring::MonitoringApi::openapi());
    Json(doc)
}

/// A document in a list.
#[derive(Serialize, ToSchema)]
pub struct DocumentSummary {
    /// Số hiệu, or the document's name when it has none.
    number: String,
    #[serde(rename = "type")]
    doc_type: Option<String>,
    title: Option<String>,
    issuer: Option<String>,
    issued: Option<String>,
    effective: Option<String>,
    /// in_force, not_yet_in_force, repealed, expired, suspended
    status: String,
    mentioned_only: bool,
}

#[derive(Serialize, ToSchema)]
pub struct DocumentList {
    total: usize,
    documents: Vec<DocumentSummary>,
}

#[derive(Serialize, ToSchema)]
pub struct Relation {
    kind: String,
    target: String,
    title: Option<String>,
    partial: bool,
    known: bool,
}

#[derive(Serialize, ToSchema)]
pub struct Event {
    kind: String,
    date: Option<String>,
    by: Option<String>,
    partial: bool,
}

#[derive(Serialize, ToSchema)]
pub struct Expression {
    source: String,
    source_key: String,
    wording: String,
    wording_date: Option<String>,
    articles: i64,
}

/// Document metadata, status on `at`, relations, history and sources.
#[derive(Serialize, ToSchema)]
pub struct DocumentInfo {
    number: String,
    #[serde(rename = "type")]
    doc_type: Option<String>,
    title: Option<String>,
    issuer: Option<String>,
    issued: Option<String>,
    effective: Option<String>,
    status: String,
    place: Option<String>,
    signer: Option<String>,
    at: String,
    relations: Vec<Relation>,
    events: Vec<Event>,
    expressions: Vec<Expression>,
}

/// A provision: `kind` ∈ document, preamble, part, chapter, section, subsection, article, clause,
/// point, annex, signature, recipients; `text` is the node's own text without its children.
#[derive(Serialize, ToSchema)]
pub struct Provision {
    eid: String,
    kind: String,
    label: String,
    heading: Option<String>,
    text: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    trailing: String,
    status: String,
    #[schema(no_recursion)]
    children: Vec<Provision>,
}

#[derive(Serialize, ToSchema)]
pub struct DocumentResponse {
    document: DocumentInfo,
    /// The whole tree (document endpoint) or one provision; null when only metadata is known.
    provision: Option<Provision>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiError {
    error: String,
    closest: Vec<String>,
}

impl ApiError {
    pub fn new(message: &str) -> ApiError {
        ApiError { error: message.to_string(), closest: vec![] }
    }
}

impl From<&WorkSummary> for DocumentSummary {
    fn from(w: &WorkSummary) -> Self {
        DocumentSummary {
            number: w.number.clone(),
            doc_type: w.doc_type.clone(),
            title: w.title.clone(),
            issuer: w.issuer.clone(),
            issued: w.issued.clone(),
            effective: w.effective.clone(),
            status: w.status.as_str().into(),
            mentioned_only: w.mentioned_only,
        }
    }
}

impl From<&DocumentView> for DocumentInfo {
    fn from(d: &DocumentView) -> Self {
        DocumentInfo {
            number: d.number.clone(),
            doc_type: d.doc_type.clone(),
            title: d.title.clone(),
            issuer: d.issuer.clone(),
            issued: d.issued.clone(),
            effective: d.effective.clone(),
            status: d.status.as_str().into(),
            place: d.place.clone(),
            signer: d.signer.clone(),
            at: d.at.clone(),
            relations: d
                .relations
                .iter()
                .map(|r| Relation {
                    kind: r.kind.clone(),
                    target: r.target.clone(),
                    title: r.title.clone(),
                    partial: r.partial,
                    known: r.known,
                })
                .collect(),
            events: d
                .events
                .iter()
                .map(|e| Event { kind: e.kind.clone(), date: e.date.clone(), by: e.by.clone(), partial: e.partial })
                .collect(),
            expressions: d
                .expressions
                .iter()
                .map(|e| Expression {
                    source: e.source.clone(),
                    source_key: e.source_key.clone(),
                    wording: e.wording.clone(),
                    wording_date: e.wording_date.clone(),
                    articles: e.articles,
                })
                .collect(),
        }
    }
}

impl From<&ProvisionView> for Provision {
    fn from(p: &ProvisionView) -> Self {
        Provision {
            eid: p.eid.clone(),
            kind: p.kind.as_str().into(),
            label: p.label.clone(),
            heading: p.heading.clone(),
            text: p.text.clone(),
            trailing: p.trailing.clone(),
            status: p.status.as_str().into(),
            children: p.children.iter().map(Provision::from).collect(),
        }
    }
}

/// Errors as JSON with a status code.
pub struct ApiFailure(StatusCode, ApiError);

impl ApiFailure {
    /// Status code and message, for pages that show the same failure as HTML.
    pub fn parts(&self) -> (StatusCode, String) {
        (self.0, self.1.error.clone())
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        (self.0, Json(self.1)).into_response()
    }
}

impl From<LibraryError> for ApiFailure {
    fn from(e: LibraryError) -> Self {
        let (code, closest) = match &e {
            LibraryError::UnknownDocument { closest, .. } | LibraryError::UnknownProvision { closest, .. } => {
                (StatusCode::NOT_FOUND, closest.clone())
            }
            LibraryError::Reference(_) => (StatusCode::BAD_REQUEST, vec![]),
            // The provision exists in another version of the document, not on the date asked.
            LibraryError::ProvisionAbsent(_) => (StatusCode::NOT_FOUND, vec![]),
            _ => {
                tracing::error!("api: {e}");
                (StatusCode::INTERNAL_SERVER_ERROR, vec![])
            }
        };
        let error =
            if code == StatusCode::INTERNAL_SERVER_ERROR { "internal error".to_string() } else { e.to_string() };
        ApiFailure(code, ApiError { error, closest })
    }
}

fn bad_request(msg: String) -> ApiFailure {
    ApiFailure(StatusCode::BAD_REQUEST, ApiError { error: msg, closest: vec![] })
}

/// Parse an optional `at` date (default today).
pub fn parse_at(at: Option<&str>) -> Result<Date, String> {
    match at.filter(|s| !s.is_empty()) {
        None => Ok(library::today()),
        Some(s) => Date::parse_iso(s).ok_or_else(|| format!("`at` must be a date YYYY-MM-DD, got “{s}”")),
    }
}

/// Query of the document list.
#[derive(Deserialize, IntoParams, Default)]
pub struct ListQuery {
    /// Words of the number or title (diacritics optional).
    pub q: Option<String>,
    /// Document type, e.g. `Nghị định`.
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub year: Option<String>,
    /// in_force, not_yet_in_force, repealed, expired, suspended
    pub status: Option<String>,
    /// Date for status (YYYY-MM-DD, default today).
    pub at: Option<String>,
    /// At most 200.
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

/// Longest text accepted in a query parameter.
const MAX_PARAM: usize = 200;

impl ListQuery {
    pub fn filter(&self) -> Result<ListFilter, String> {
        for (name, v) in [("q", &self.q), ("type", &self.doc_type), ("issuer", &self.issuer), ("status", &self.status)]
        {
            if v.as_ref().is_some_and(|v| v.chars().count() > MAX_PARAM) {
                return Err(format!("`{name}` is longer than {MAX_PARAM} characters"));
            }
        }
        let status = match self.status.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(lex::status::Status::parse(s).ok_or_else(|| {
                format!("`status` must be one of in_force, not_yet_in_force, repealed, expired, suspended; got “{s}”")
            })?),
        };
        let year = match self.year.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(y) => Some(y.parse::<i64>().map_err(|_| format!("`year` must be a number, got “{y}”"))?),
        };
        let nonempty = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
        Ok(ListFilter {
            doc_type: nonempty(&self.doc_type),
            issuer: nonempty(&self.issuer),
            year,
            status,
            text: nonempty(&self.q),
            include_mentions: false,
            at: Some(parse_at(self.at.as_deref())?),
            limit: self.limit.unwrap_or(50).clamp(1, 200),
            offset: self.offset.unwrap_or(0),
        })
    }
}

/// List documents with filters.
#[utoipa::path(get, path = "/api/v1/documents", params(ListQuery), responses((status = 200, body = DocumentList), (status = 400, body = ApiError)))]
pub async fn list_documents(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<Json<DocumentList>, ApiFailure> {
    let filter = q.filter().map_err(bad_request)?;
    let (works, total) = state.library.list(&filter).await?;
    Ok(Json(DocumentList { total, documents: works.iter().map(DocumentSummary::from).collect() }))
}

#[derive(Deserialize, IntoParams)]
pub struct AtQuery {
    /// Date for status and wording (YYYY-MM-DD, default today).
    pub at: Option<String>,
}

/// A document with its whole provision tree.
#[utoipa::path(get, path = "/api/v1/documents/{number}", params(("number" = String, Path, description = "Số hiệu in any spelling, e.g. 91/2015/QH13 or 122/2021/ND-CP"), AtQuery),
    responses((status = 200, body = DocumentResponse), (status = 404, body = ApiError)))]
async fn get_document(state: &AppState, number: &str, at: Date) -> Result<Json<DocumentResponse>, ApiFailure> {
    respond(state, number, None, at).await
}

/// One provision of a document.
#[utoipa::path(get, path = "/api/v1/documents/{number}/provisions/{provision}", params(
        ("number" = String, Path, description = "Số hiệu in any spelling"),
        ("provision" = String, Path, description = "A Vietnamese reference (`khoản 2 Điều 52`) or an eId (`art_52__cl_2`)"), AtQuery),
    responses((status = 200, body = DocumentResponse), (status = 400, body = ApiError), (status = 404, body = ApiError)))]
async fn get_provision(
    state: &AppState,
    number: &str,
    provision: &str,
    at: Date,
) -> Result<Json<DocumentResponse>, ApiFailure> {
    respond(state, number, Some(provision), at).await
}

async fn respond(
    state: &AppState,
    number: &str,
    provision: Option<&str>,
    at: Date,
) -> Result<Json<DocumentResponse>, ApiFailure> {
    let id = state.library.find_work(number).await?;
    let doc = state.library.document(id, at).await?;
    let prov = state.library.provision(&doc, provision, at).await?;
    Ok(Json(DocumentResponse { document: DocumentInfo::from(&doc), provision: prov.as_ref().map(Provision::from) }))
}

/// `/api/v1/documents/{number}` and `/api/v1/documents/{number}/provisions/{provision}` (numbers
/// contain slashes, so one wildcard route serves both).
pub async fn document_or_provision(
    State(state): State<AppState>,
    Path(rest): Path<String>,
    Query(q): Query<AtQuery>,
) -> Result<Json<DocumentResponse>, ApiFailure> {
    if rest.chars().count() > MAX_PARAM {
        return Err(bad_request(format!("path is longer than {MAX_PARAM} characters")));
    }
    let at = parse_at(q.at.as_deref()).map_err(bad_request)?;
    match rest.split_once("/provisions/") {
        Some((number, provision)) => get_provision(&state, number, provision, at).await,
        None => get_document(&state, &rest, at).await,
    }
}

#[derive(Deserialize, IntoParams)]
pub struct HistoryQuery {
    /// Số hiệu in any spelling.
    pub document: String,
    /// A Vietnamese reference (`Điều 43`) or an eId.
    pub provision: String,
}

/// One version of a provision.
#[derive(Serialize, ToSchema)]
pub struct VersionInfo {
    from: Option<String>,
    to: Option<String>,
    status: String,
    /// The act that gave this wording; null for the original text.
    by: Option<String>,
    instruction: Option<String>,
    change: Option<String>,
    provision: Option<Provision>,
}

#[derive(Serialize, ToSchema)]
pub struct HistoryResponse {
    document: String,
    provision: String,
    versions: Vec<VersionInfo>,
}

/// Every version of a provision with its dates and sources.
#[utoipa::path(get, path = "/api/v1/history", params(HistoryQuery), responses((status = 200, body = HistoryResponse), (status = 404, body = ApiError)))]
pub async fn history(
    State(state): State<AppState>,
    Query(q): Query<HistoryQuery>,
) -> Result<Json<HistoryResponse>, ApiFailure> {
    if q.document.chars().count() > MAX_PARAM || q.provision.chars().count() > MAX_PARAM {
        return Err(bad_request(format!("parameters are limited to {MAX_PARAM} characters")));
    }
    let id = state.library.find_work(&q.document).await?;
    let doc = state.library.document(id, library::today()).await?;
    let versions = state.library.history(&doc, &q.provision).await?;
    Ok(Json(HistoryResponse {
        document: doc.number.clone(),
        provision: q.provision.clone(),
        versions: versions
            .iter()
            .map(|v| VersionInfo {
                from: v.from.clone(),
                to: v.to.clone(),
                status: v.status.as_str().into(),
                by: v.by.clone(),
                instruction: v.instruction.clone(),
                change: v.change.clone(),
                provision: v.provision.as_ref().map(Provision::from),
            })
            .collect(),
    }))
}

#[derive(Deserialize, IntoParams)]
pub struct DiffQuery {
    pub document: String,
    /// Optional provision to compare (else the whole document).
    pub provision: Option<String>,
    /// YYYY-MM-DD
    pub from: String,
    /// YYYY-MM-DD
    pub to: String,
}

/// One difference: kind ∈ added, removed, changed, moved; `redline` pieces are `equal`, `insert`,
/// `delete` with their text.
#[derive(Serialize, ToSchema, Clone)]
pub struct ChangeInfo {
    kind: String,
    from: Option<String>,
    to: Option<String>,
    label: String,
    #[schema(value_type = Vec<Object>)]
    redline: serde_json::Value,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct DiffResponse {
    document: String,
    from: String,
    to: String,
    changes: Vec<ChangeInfo>,
}

/// A document (or provision) compared between two dates, with word-level redlines.
#[utoipa::path(get, path = "/api/v1/diff", params(DiffQuery), responses((status = 200, body = DiffResponse), (status = 400, body = ApiError), (status = 404, body = ApiError)))]
pub async fn diff(State(state): State<AppState>, Query(q): Query<DiffQuery>) -> Result<Json<DiffResponse>, ApiFailure> {
    Ok(Json(diff_response(&state, &q).await?))
}

/// Shared by the API and the redline page.
pub async fn diff_response(state: &AppState, q: &DiffQuery) -> Result<DiffResponse, ApiFailure> {
    if q.document.chars().count() > MAX_PARAM || q.provision.as_ref().is_some_and(|p| p.chars().count() > MAX_PARAM) {
        return Err(bad_request(format!("parameters are limited to {MAX_PARAM} characters")));
    }
    let from =
        Date::parse_iso(&q.from).ok_or_else(|| bad_request(format!("`from` must be YYYY-MM-DD, got “{}”", q.from)))?;
    let to = Date::parse_iso(&q.to).ok_or_else(|| bad_request(format!("`to` must be YYYY-MM-DD, got “{}”", q.to)))?;
    let id = state.library.find_work(&q.document).await?;
    let number = state.library.document(id, to).await?.number;
    let changes = state.library.diff_between(id, q.provision.as_deref().filter(|p| !p.is_empty()), from, to).await?;
    Ok(DiffResponse {
        document: number,
        from: from.to_string(),
        to: to.to_string(),
        changes: changes
            .iter()
            .map(|c| ChangeInfo {
                kind: serde_json::to_value(c.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                from: c.from.as_ref().map(|f| f.0.clone()),
                to: c.to.as_ref().map(|t| t.0.clone()),
                label: c.to.as_ref().or(c.from.as_ref()).map(|x| x.1.clone()).unwrap_or_default(),
                redline: serde_json::to_value(&c.redline).unwrap_or_default(),
            })
            .collect(),
    })
}
