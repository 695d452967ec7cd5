//! Search: `/api/v1/search` (JSON) and `/tim-kiem` (the page: facets, highlighted snippets, each
//! result's status on the date, results grouped by document). Thin: parse, call `search`, render.

use crate::AppState;
use crate::api::{ApiError, parse_at};
use crate::i18n::{Lang, labels};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lex::status::Status;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

/// Most hits one request may ask for.
const MAX_LIMIT: usize = 100;

/// Query of a search.
#[derive(Deserialize, IntoParams, Default, Clone)]
pub struct SearchQuery {
    /// Words (diacritics optional), a number (`nd 62/2015`), an abbreviation (`BLDS`), or a question.
    pub q: Option<String>,
    /// Hits per page (default 10, at most 100).
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    /// Status on this date (YYYY-MM-DD, default today).
    pub at: Option<String>,
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub year: Option<String>,
    /// in_force, not_yet_in_force, repealed, expired, suspended.
    pub status: Option<String>,
    #[serde(default)]
    #[param(ignore)]
    pub lang: Option<String>,
}

impl SearchQuery {
    fn request(&self) -> Result<search::Request, String> {
        let at = parse_at(self.at.as_deref())?;
        let mut r = search::Request::new(self.q.as_deref().unwrap_or(""), at);
        r.limit = self.limit.unwrap_or(10).clamp(1, MAX_LIMIT);
        r.offset = self.offset.unwrap_or(0).min(1000);
        r.doc_type = self.doc_type.clone().filter(|s| !s.is_empty());
        r.issuer = self.issuer.clone().filter(|s| !s.is_empty());
        r.year = match self.year.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(y) => Some(y.parse().map_err(|_| format!("`year` must be a number, got “{y}”"))?),
        };
        r.status = match self.status.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(Status::parse(s).ok_or_else(|| format!("`status`: unknown value “{s}”"))?),
        };
        Ok(r)
    }
}

/// One hit.
#[derive(Serialize, ToSchema)]
pub struct SearchHit {
    /// Số hiệu, or the document's name when it has none.
    document: String,
    title: Option<String>,
    /// Provision id (`art_19`).
    eid: String,
    /// `Điều 19`.
    label: String,
    heading: String,
    score: f32,
    /// The best-matching clause, shortened.
    snippet: String,
    /// Matched words in `snippet` as character ranges [start, end).
    highlights: Vec<(usize, usize)>,
    clause: Option<String>,
    /// Status of the document on `at`.
    status: String,
    #[serde(rename = "type")]
    doc_type: Option<String>,
    year: Option<i64>,
    /// Other documents with the same wording of this article (one hit stands for them all).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    also_in: Vec<String>,
}

impl From<&search::Hit> for SearchHit {
    fn from(h: &search::Hit) -> SearchHit {
        SearchHit {
            document: h.document.clone(),
            title: h.title.clone(),
            eid: h.eid.clone(),
            label: h.label.clone(),
            heading: h.heading.clone(),
            score: h.score,
            snippet: h.snippet.clone(),
            highlights: h.highlights.clone(),
            clause: h.clause.clone(),
            status: h.status.as_str().to_string(),
            doc_type: h.doc_type.clone(),
            year: h.year,
            also_in: h.also_in.clone(),
        }
    }
}

/// Search results.
#[derive(Serialize, ToSchema)]
pub struct SearchResponse {
    hits: Vec<SearchHit>,
    /// Candidates after filters (for paging and facets).
    candidates: usize,
    /// Counts by type, issuer, year and status over the candidates.
    #[schema(value_type = Object)]
    facets: search::find::Facets,
    /// Documents the query named by number or abbreviation.
    named: Vec<String>,
}

fn unavailable() -> (StatusCode, Json<ApiError>) {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(ApiError::new("chỉ mục tìm kiếm chưa sẵn sàng / search index not available")),
    )
}

/// Search the library.
#[utoipa::path(get, path = "/api/v1/search", params(SearchQuery),
    responses((status = 200, body = SearchResponse), (status = 400, body = ApiError), (status = 503, body = ApiError)))]
pub async fn api_search(State(state): State<AppState>, Query(q): Query<SearchQuery>) -> Response {
    let Some(s) = &state.search else { return unavailable().into_response() };
    let req = match q.request() {
        Ok(r) => r,
        Err(e) => return (StatusCode::BAD_REQUEST, Json(ApiError::new(&e))).into_response(),
    };
    match s.search(&req) {
        Ok(r) => Json(SearchResponse {
            hits: r.hits.iter().map(SearchHit::from).collect(),
            candidates: r.candidates,
            facets: r.facets,
            named: r.named,
        })
        .into_response(),
        Err(e) => {
            tracing::error!("search: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, Json(ApiError::new("lỗi tìm kiếm / search error"))).into_response()
        }
    }
}

/// A hit as the page shows it: the snippet cut into plain and marked segments.
#[derive(Serialize)]
struct PageHit {
    label: String,
    heading: String,
    eid: String,
    clause: Option<String>,
    segments: Vec<(String, bool)>,
    also_in: Vec<String>,
}

/// Hits of one document, in the order of its best hit.
#[derive(Serialize)]
struct PageGroup {
    document: String,
    title: Option<String>,
    doc_type: Option<String>,
    status: String,
    hits: Vec<PageHit>,
}

fn segments(text: &str, highlights: &[(usize, usize)]) -> Vec<(String, bool)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = vec![];
    let mut pos = 0;
    for &(s, e) in highlights {
        if s < pos || e > chars.len() {
            continue;
        }
        if s > pos {
            out.push((chars[pos..s].iter().collect(), false));
        }
        out.push((chars[s..e].iter().collect(), true));
        pos = e;
    }
    if pos < chars.len() {
        out.push((chars[pos..].iter().collect(), false));
    }
    out
}

fn groups(hits: &[search::Hit]) -> Vec<PageGroup> {
    let mut out: Vec<PageGroup> = vec![];
    for h in hits {
        let hit = PageHit {
            label: h.label.clone(),
            heading: h.heading.clone(),
            eid: h.eid.clone(),
            clause: h.clause.clone(),
            segments: segments(&h.snippet, &h.highlights),
            also_in: h.also_in.clone(),
        };
        match out.iter_mut().find(|g| g.document == h.document) {
            Some(g) => g.hits.push(hit),
            None => out.push(PageGroup {
                document: h.document.clone(),
                title: h.title.clone(),
                doc_type: h.doc_type.clone(),
                status: h.status.as_str().to_string(),
                hits: vec![hit],
            }),
        }
    }
    out
}

/// Results per page.
const PER_PAGE: usize = 20;

/// `/tim-kiem` — the search page.
pub async fn search_page(State(state): State<AppState>, Query(mut q): Query<SearchQuery>) -> Response {
    let lang = Lang::from_query(q.lang.as_deref());
    let t = labels(lang);
    q.limit = Some(PER_PAGE);
    let query_text = q.q.clone().unwrap_or_default();
    let (results, error) = match (&state.search, q.request()) {
        (_, Err(e)) => (None, Some(e)),
        (None, _) => (None, Some("chỉ mục tìm kiếm chưa sẵn sàng / search index not available".to_string())),
        (Some(_), Ok(_)) if query_text.trim().is_empty() => (None, None),
        (Some(s), Ok(req)) => match s.search(&req) {
            Ok(r) => (Some(r), None),
            Err(e) => {
                tracing::error!("search page: {e}");
                (None, Some("lỗi tìm kiếm / search error".into()))
            }
        },
    };
    let offset = q.offset.unwrap_or(0);
    let code = match (&error, &state.search) {
        (None, _) => StatusCode::OK,
        (Some(_), None) => StatusCode::SERVICE_UNAVAILABLE,
        (Some(_), Some(_)) => StatusCode::BAD_REQUEST,
    };
    let ctx = json!({
        "t": t, "lang": lang, "q": query_text, "at": q.at, "type_": q.doc_type, "issuer": q.issuer, "year": q.year,
        "status": q.status, "error": error,
        "groups": results.as_ref().map(|r| groups(&r.hits)).unwrap_or_default(),
        "count": results.as_ref().map(|r| r.hits.len()).unwrap_or(0),
        "candidates": results.as_ref().map(|r| r.candidates).unwrap_or(0),
        "facets": results.as_ref().map(|r| json!(r.facets)),
        "named": results.as_ref().map(|r| r.named.clone()).unwrap_or_default(),
        "offset": offset, "per_page": PER_PAGE,
        "next": results.as_ref().is_some_and(|r| r.candidates > offset + PER_PAGE),
    });
    let mut resp = crate::pages::render_page(&state, "search.html", ctx);
    *resp.status_mut() = code;
    resp
}
