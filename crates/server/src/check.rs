//! Rà soát dự thảo — the drafting review on the web: `POST /api/v1/check` (JSON) and the page
//! `/kiem-tra` (paste a draft or load a .docx, .html or .txt file, optionally its previous version; every citation
//! highlighted and linked to the cited provision on the draft's date, its wording as a tooltip; the
//! diagnostics, one-click fixes, the corrected text to download). Checking writes nothing, so it is
//! open to anonymous users; inputs are bounded (2 MB each).

use crate::AppState;
use crate::api::ApiError;
use crate::i18n::{Lang, labels};
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use lex::Date;
use library::review::{Draft, Report, Reviewer};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

/// Largest draft (and previous version) accepted.
pub const MAX_INPUT: usize = 2 * 1024 * 1024;

/// The review's routes, with their own body limit.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/check", post(api_check))
        .route("/kiem-tra", get(page).post(page_post))
        .layer(DefaultBodyLimit::max(2 * MAX_INPUT + 64 * 1024))
}

/// A draft to check: its text, or a file (.docx, .html, .txt).
#[derive(Deserialize, ToSchema, Default)]
pub struct CheckRequest {
    /// The draft's text, one paragraph per line.
    #[serde(default)]
    pub text: String,
    /// The draft as a file instead of `text`.
    pub file: Option<UploadedFile>,
    /// Its previous version: citations left on numbers that have since moved are reported.
    pub previous: Option<String>,
    /// The previous version as a file instead of `previous`.
    pub previous_file: Option<UploadedFile>,
    /// Check on this date (YYYY-MM-DD); default: the draft's entry into force, else its header date.
    pub date: Option<String>,
}

/// A file sent with the request: its name (the extension says how to read it) and its bytes in base64.
#[derive(Deserialize, ToSchema, Default, Clone)]
pub struct UploadedFile {
    /// `du-thao.docx`, `du-thao.html`, `du-thao.txt`.
    pub name: String,
    /// The file's bytes, base64 (standard alphabet; a `data:…;base64,` prefix is accepted).
    pub base64: String,
}

impl UploadedFile {
    /// The file's paragraphs, one per line; errors name the file.
    fn text(&self) -> Result<String, (StatusCode, String)> {
        let b64 = self.base64.trim();
        let b64 = b64.split_once(";base64,").map(|(_, b)| b).unwrap_or(b64);
        if b64.len() > MAX_INPUT / 3 * 4 + 4 {
            return Err((
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("{}: tệp quá lớn (tối đa 2 MB) / file too large", self.name),
            ));
        }
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD.decode(b64.as_bytes()).map_err(|e| {
            (StatusCode::BAD_REQUEST, format!("{}: base64 không hợp lệ / invalid base64 ({e})", self.name))
        })?;
        let lines =
            library::review::draft_lines(&self.name, &bytes).map_err(|e| (StatusCode::BAD_REQUEST, e.to_string()))?;
        Ok(lines.join("\n"))
    }

    /// A file from the page's hidden field: `NAME` newline `BASE64`.
    fn from_field(v: &Option<String>) -> Option<UploadedFile> {
        let (name, b64) = v.as_deref()?.split_once('\n')?;
        (!b64.trim().is_empty())
            .then(|| UploadedFile { name: name.trim().chars().take(200).collect(), base64: b64.to_string() })
    }
}

fn lines_of(s: &str) -> Vec<String> {
    s.lines().map(str::to_string).collect()
}

/// The request with its files read into `text` and `previous`.
fn read_files(mut req: CheckRequest) -> Result<CheckRequest, (StatusCode, String)> {
    if let Some(f) = req.file.take() {
        req.text = f.text()?;
    }
    if let Some(f) = req.previous_file.take() {
        req.previous = Some(f.text()?);
    }
    if req.text.trim().is_empty() {
        return Err((StatusCode::BAD_REQUEST, "`text` (or `file`) is empty: nothing to check".into()));
    }
    Ok(req)
}

async fn review(state: &AppState, req: &CheckRequest) -> Result<(Vec<String>, Report), (StatusCode, String)> {
    if req.text.len() > MAX_INPUT || req.previous.as_ref().is_some_and(|p| p.len() > MAX_INPUT) {
        return Err((
            StatusCode::PAYLOAD_TOO_LARGE,
            "dự thảo quá lớn (tối đa 2 MB) / draft too large (2 MB at most)".into(),
        ));
    }
    let date = match req.date.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            Date::parse_iso(s)
                .ok_or((StatusCode::BAD_REQUEST, format!("`date` must be a date YYYY-MM-DD, got “{s}”")))?,
        ),
    };
    let lines = lines_of(&req.text);
    let draft = Draft {
        lines: lines.clone(),
        previous: req.previous.as_deref().filter(|p| !p.trim().is_empty()).map(lines_of),
        date,
    };
    let fail = |e: library::LibraryError| {
        tracing::error!("review: {e}");
        (StatusCode::INTERNAL_SERVER_ERROR, "lỗi máy chủ / server error".to_string())
    };
    let reviewer = Reviewer::shared(&state.library).await.map_err(fail)?;
    let report = reviewer.check(&state.library, &draft).await.map_err(fail)?;
    Ok((lines, report))
}

fn chars(s: &str, bytes: std::ops::Range<usize>) -> (usize, usize) {
    let start = s.get(..bytes.start).map(|p| p.chars().count()).unwrap_or(0);
    let len = s.get(bytes).map(|p| p.chars().count()).unwrap_or(0);
    (start + 1, len)
}

fn href(document: &str, label: &str, at: Date) -> String {
    format!("/van-ban/{document}?p={}&at={at}", label.replace(' ', "+").replace('&', "%26"))
}

/// The JSON answer: diagnostics, citations with spans (1-based line and character) and resolved
/// targets, the corrected text.
fn report_json(lines: &[String], r: &Report) -> Value {
    let clean: Vec<String> = lines.iter().map(|l| lex::normalize::clean(l)).collect();
    let line = |n: usize| clean.get(n.wrapping_sub(1)).map(String::as_str).unwrap_or("");
    json!({
        "date": r.date,
        "date_source": r.date_source,
        "errors": r.errors(),
        "diagnostics": r.diagnostics.iter().map(|d| {
            let (_, len) = chars(line(d.line), d.span.clone());
            json!({
                "kind": d.kind.as_str(), "severity": d.severity.as_str(), "line": d.line, "column": d.column,
                "length": len, "citation": d.citation, "message": d.message, "known": d.known,
                "suggestion": d.suggestion, "intertemporal": d.intertemporal,
                "fix": d.fix.as_ref().map(|f| { let (c, l) = chars(line(f.line), f.span.clone()); json!({"line": f.line, "column": c, "length": l, "replacement": f.replacement}) }),
            })
        }).collect::<Vec<_>>(),
        "citations": r.citations.iter().map(|c| {
            let (col, len) = chars(line(c.line), c.span.clone());
            json!({
                "line": c.line, "column": col, "length": len, "text": c.text, "internal": c.internal, "vague": c.vague,
                "document": c.document, "title": c.title,
                "targets": c.targets.iter().map(|t| json!({
                    "label": t.label, "eid": t.eid, "exists": t.exists, "text": t.text,
                    "href": c.document.as_deref().map(|d| href(d, &t.label, r.date)),
                })).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
        "stats": r.stats,
        "fixed_text": r.fixed_lines(lines).join("\n"),
    })
}

/// Check a draft's citations against itself and the library.
#[utoipa::path(post, path = "/api/v1/check", request_body = CheckRequest,
    responses((status = 200, description = "diagnostics, citations, corrected text"), (status = 400, body = ApiError), (status = 413, body = ApiError)))]
pub async fn api_check(State(state): State<AppState>, Json(req): Json<CheckRequest>) -> Response {
    let req = match read_files(req) {
        Ok(r) => r,
        Err((code, m)) => return (code, Json(ApiError::new(&m))).into_response(),
    };
    match review(&state, &req).await {
        Ok((lines, report)) => Json(report_json(&lines, &report)).into_response(),
        Err((code, m)) => (code, Json(ApiError::new(&m))).into_response(),
    }
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    lang: Option<String>,
}

/// The form of the page.
#[derive(Deserialize, Default)]
pub struct PageForm {
    #[serde(default)]
    text: String,
    previous: Option<String>,
    date: Option<String>,
    lang: Option<String>,
    /// Apply one fix (its index in the diagnostics) or `all`, then check again.
    apply: Option<String>,
    /// A .docx / .html chosen on the page: `NAME` newline `BASE64` (the script fills it).
    text_file: Option<String>,
    previous_file: Option<String>,
}

#[derive(Serialize)]
struct PieceView {
    text: String,
    cite: Option<Value>,
}

/// `/kiem-tra` — the empty form.
pub async fn page(State(state): State<AppState>, Query(q): Query<PageQuery>) -> Response {
    let lang = Lang::from_query(q.lang.as_deref());
    crate::pages::render_page(
        &state,
        "check.html",
        json!({ "t": labels(lang), "lang": lang, "text": "", "previous": "" }),
    )
}

/// `/kiem-tra` (POST) — the draft checked, one fix applied on request.
pub async fn page_post(State(state): State<AppState>, Form(f): Form<PageForm>) -> Response {
    let lang = Lang::from_query(f.lang.as_deref());
    let req = CheckRequest {
        text: f.text.replace("\r\n", "\n"),
        file: UploadedFile::from_field(&f.text_file),
        previous: f.previous.map(|p| p.replace("\r\n", "\n")),
        previous_file: UploadedFile::from_field(&f.previous_file),
        date: f.date,
    };
    let (mut req, mut result) = match read_files(req) {
        Ok(req) => {
            let result = review(&state, &req).await;
            (req, result)
        }
        Err(e) => (CheckRequest { text: f.text, ..CheckRequest::default() }, Err(e)),
    };
    if let (Some(apply), Ok((lines, report))) = (f.apply.as_deref(), &result) {
        let chosen: Vec<library::review::Diagnostic> = match apply {
            "all" => report.diagnostics.clone(),
            i => i.parse::<usize>().ok().and_then(|i| report.diagnostics.get(i).cloned()).into_iter().collect(),
        };
        let one = Report { diagnostics: chosen, ..report.clone() };
        req.text = one.fixed_lines(lines).join("\n");
        result = review(&state, &req).await;
    }
    let (lines, report) = match result {
        Ok(r) => r,
        Err((code, m)) => {
            let mut resp = crate::pages::render_page(
                &state,
                "check.html",
                json!({ "t": labels(lang), "lang": lang, "text": req.text.chars().take(MAX_INPUT).collect::<String>(), "previous": req.previous, "error": m }),
            );
            *resp.status_mut() = code;
            return resp;
        }
    };
    let data = report_json(&lines, &report);
    let positions = lex::cite::resolve::positions(&lines);
    // Each line cut at its citations.
    let mut by_line: std::collections::HashMap<usize, Vec<(std::ops::Range<usize>, usize)>> = Default::default();
    for (i, c) in report.citations.iter().enumerate() {
        by_line.entry(c.line).or_default().push((c.span.clone(), i));
    }
    let worst: std::collections::HashMap<(usize, usize), &str> =
        report.diagnostics.iter().map(|d| ((d.line, d.span.start), d.severity.as_str())).collect();
    let clean: Vec<String> = lines.iter().map(|l| lex::normalize::clean(l)).collect();
    let rendered: Vec<Value> = clean
        .iter()
        .enumerate()
        .map(|(k, l)| {
            let spans = by_line.get(&(k + 1)).cloned().unwrap_or_default();
            let pieces: Vec<PieceView> = lex::cite::annotate::pieces(l, &spans)
                .into_iter()
                .map(|p| PieceView {
                    text: p.text.to_string(),
                    cite: p.mark.and_then(|m| report.citations.get(m)).map(|c| {
                        let target = c.targets.iter().find(|t| t.eid.is_some());
                        let link = match (&c.document, target) {
                            (Some(d), Some(t)) => Some(href(d, &t.label, report.date)),
                            (Some(d), None) => Some(format!("/van-ban/{d}?at={}", report.date)),
                            (None, Some(t)) if c.internal => {
                                let eid = t.eid.clone().unwrap_or_default();
                                let art = eid.split("__").next().unwrap_or("").to_string();
                                positions
                                    .iter()
                                    .position(|p| p.eid().is_some_and(|e| e == art))
                                    .map(|n| format!("#dong-{}", n + 1))
                            }
                            _ => None,
                        };
                        // The cited wording on the draft's date; for what does not exist, what the
                        // review found instead.
                        let mut title: Vec<String> = c
                            .targets
                            .iter()
                            .filter_map(|t| t.text.as_ref().map(|x| format!("{}: {x}", t.label)))
                            .collect();
                        title.extend(
                            report
                                .diagnostics
                                .iter()
                                .filter(|d| {
                                    d.line == c.line && d.span.start >= c.span.start && d.span.start < c.span.end
                                })
                                .map(|d| format!("{}: {}", d.kind.as_str(), d.known.as_deref().unwrap_or(&d.message))),
                        );
                        let cls = report
                            .diagnostics
                            .iter()
                            .filter(|d| d.line == c.line && d.span.start >= c.span.start && d.span.start < c.span.end)
                            .map(|d| d.severity.as_str())
                            .min_by_key(|s| match *s {
                                "error" => 0,
                                "warning" => 1,
                                _ => 2,
                            })
                            .or_else(|| worst.get(&(c.line, c.span.start)).copied())
                            .unwrap_or(if c.vague { "vague" } else { "ok" });
                        json!({ "href": link, "title": title.join("\n\n"), "cls": cls, "document": c.document })
                    }),
                })
                .collect();
            json!({ "n": k + 1, "pieces": pieces })
        })
        .collect();
    crate::pages::render_page(
        &state,
        "check.html",
        json!({
            "t": labels(lang), "lang": lang, "text": req.text, "previous": req.previous, "date": req.date,
            "report": data, "lines": rendered,
        }),
    )
}
