//! Server-rendered pages: the library list and a document page (table of contents, metadata panel,
//! status badge, provision anchors and permalinks). Templates are embedded; names end in `.html`, so
//! minijinja escapes every value.

use crate::AppState;
use crate::api::{ListQuery, parse_at};
use crate::i18n::{Lang, labels};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use lex::Kind;
use library::LibraryError;
use library::lookup::ProvisionView;
use minijinja::Environment;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Every template of the server, compiled once into one environment.
pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // `{{ x | money }}`: whole đồng with thousands dots (1.500.000).
    env.add_filter("money", |v: i64| enforcement::documents::money(v));
    for (name, src) in [
        ("history.html", include_str!("../templates/history.html")),
        ("diff.html", include_str!("../templates/diff.html")),
        ("base.html", include_str!("../templates/base.html")),
        ("library.html", include_str!("../templates/library.html")),
        ("document.html", include_str!("../templates/document.html")),
        ("error.html", include_str!("../templates/error.html")),
        ("search.html", include_str!("../templates/search.html")),
        ("check.html", include_str!("../templates/check.html")),
        ("sign_in.html", include_str!("../templates/sign_in.html")),
        ("account.html", include_str!("../templates/account.html")),
        ("enforcement_queue.html", include_str!("../templates/enforcement_queue.html")),
        ("enforcement_list.html", include_str!("../templates/enforcement_list.html")),
        ("enforcement_case.html", include_str!("../templates/enforcement_case.html")),
        ("enforcement_intake.html", include_str!("../templates/enforcement_intake.html")),
        ("enforcement_money.html", include_str!("../templates/enforcement_money.html")),
        ("enforcement_assets.html", include_str!("../templates/enforcement_assets.html")),
        ("enforcement_reconcile.html", include_str!("../templates/enforcement_reconcile.html")),
        ("monitoring.html", include_str!("../templates/monitoring.html")),
        ("lookup.html", include_str!("../templates/lookup.html")),
        ("access.html", include_str!("../templates/access.html")),
    ] {
        if let Err(e) = env.add_template(name, src) {
            // Templates are compiled into the binary; a broken one is a programming error caught by tests.
            tracing::error!("template {name}: {e}");
        }
    }
    env
}

pub(crate) fn render_page(state: &AppState, name: &str, ctx: serde_json::Value) -> Response {
    render(state, name, ctx)
}

fn render(state: &AppState, name: &str, ctx: serde_json::Value) -> Response {
    match state
        .templates
        .get_template(name)
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(&ctx))))
    {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!("render {name}: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "lỗi hiển thị / rendering error").into_response()
        }
    }
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    #[serde(flatten)]
    list: ListQuery,
    lang: Option<String>,
    page: Option<usize>,
}

const PER_PAGE: usize = 50;
const TYPES: &[&str] = &[
    "Hiến pháp",
    "Bộ luật",
    "Luật",
    "Pháp lệnh",
    "Nghị quyết",
    "Nghị định",
    "Quyết định",
    "Thông tư",
    "Thông tư liên tịch",
    "Văn bản hợp nhất",
    "Án lệ",
    "Chỉ thị",
    "Lệnh",
];

/// `/` — the library with filters.
pub async fn library_page(State(state): State<AppState>, Query(q): Query<PageQuery>) -> Response {
    let lang = Lang::from_query(q.lang.as_deref());
    let page = q.page.unwrap_or(1).max(1);
    let mut filter = match q.list.filter() {
        Ok(f) => f,
        Err(e) => return error_page(&state, lang, StatusCode::BAD_REQUEST, &e, &[]),
    };
    filter.limit = PER_PAGE;
    filter.offset = (page - 1) * PER_PAGE;
    let (works, total) = match state.library.list(&filter).await {
        Ok(r) => r,
        Err(e) => return library_error(&state, lang, e),
    };
    let counts = state.library.counts().await.unwrap_or_default();
    let pages = total.div_ceil(PER_PAGE).max(1);
    render(
        &state,
        "library.html",
        json!({
            "t": labels(lang), "lang": lang, "works": works, "total": total, "page": page, "pages": pages,
            "q": q.list.q, "type_": q.list.doc_type, "issuer": q.list.issuer, "year": q.list.year, "status": q.list.status,
            "at": filter.at.map(|d| d.to_string()), "types": TYPES, "counts": counts,
            "statuses": ["in_force", "not_yet_in_force", "repealed", "expired", "suspended"],
        }),
    )
}

/// One provision, flattened for the page, with its depth.
#[derive(Serialize)]
struct Item {
    eid: String,
    kind: &'static str,
    depth: usize,
    label: String,
    heading: Option<String>,
    paragraphs: Vec<String>,
    trailing: Vec<String>,
    toc: bool,
    /// (change, act, date) when an amendment gave this provision its wording.
    changed: Option<(String, String, String)>,
    /// (date, act) of a known change whose wording the library lacks.
    unavailable: Option<(String, String)>,
    /// (act, since) of the suspension (ngưng hiệu lực) of this provision on the date shown.
    suspended: Option<(String, String)>,
}

fn flatten(p: &ProvisionView, depth: usize, out: &mut Vec<Item>) {
    flatten_under(p, depth, false, out)
}

fn flatten_under(p: &ProvisionView, depth: usize, parent_suspended: bool, out: &mut Vec<Item>) {
    if p.kind != Kind::Document || !p.text.is_empty() {
        let toc = matches!(
            p.kind,
            Kind::Part
                | Kind::Chapter
                | Kind::Section
                | Kind::Subsection
                | Kind::Article
                | Kind::Annex
                | Kind::Preamble
        );
        out.push(Item {
            eid: p.eid.clone(),
            kind: p.kind.as_str(),
            depth,
            label: if p.kind == Kind::Document { String::new() } else { p.label.clone() },
            heading: p.heading.clone(),
            paragraphs: p.text.lines().map(str::to_string).collect(),
            trailing: p.trailing.lines().map(str::to_string).collect(),
            toc,
            changed: p.changed.as_ref().map(|c| (c.change.to_string(), c.by.clone(), c.since.to_string())),
            unavailable: p.unavailable_change.as_ref().map(|u| (u.since.clone(), u.by.clone())),
            suspended: p.suspended.as_ref().filter(|_| !parent_suspended).map(|s| (s.by.clone(), s.since.to_string())),
        });
    }
    for c in &p.children {
        flatten_under(c, depth + 1, p.suspended.is_some(), out);
    }
}

#[derive(Deserialize)]
pub struct DocQuery {
    at: Option<String>,
    lang: Option<String>,
    /// One provision only (`Điều 117`, `khoản 2 Điều 52`, or an eId): the provision page.
    p: Option<String>,
}

/// `/van-ban/{number}` — a document page.
pub async fn document_page(
    State(state): State<AppState>,
    Path(number): Path<String>,
    Query(q): Query<DocQuery>,
) -> Response {
    let lang = Lang::from_query(q.lang.as_deref());
    if number.chars().count() > 200 {
        return error_page(&state, lang, StatusCode::BAD_REQUEST, "số hiệu quá dài / number too long", &[]);
    }
    let at = match parse_at(q.at.as_deref()) {
        Ok(d) => d,
        Err(e) => return error_page(&state, lang, StatusCode::BAD_REQUEST, &e, &[]),
    };
    let result = async {
        let id = state.library.find_work(&number).await?;
        let doc = state.library.document(id, at).await?;
        // Consolidate once: the tree and the banners come from the same computation.
        let consolidated = state.library.consolidated(&doc, at).await?;
        let tree = match (&consolidated, q.p.as_deref().filter(|p| !p.trim().is_empty())) {
            (_, Some(reference)) => state.library.provision(&doc, Some(reference), at).await?,
            (Some(c), None) => Some(ProvisionView::from_point_in_time(&c.pit.root, doc.status, &c.pit)),
            (None, None) => state.library.provision(&doc, None, at).await?,
        };
        Ok::<_, LibraryError>((doc, tree, consolidated))
    }
    .await;
    let (doc, tree, consolidated) = match result {
        Ok(r) => r,
        Err(
            e @ (LibraryError::ProvisionAbsent(_) | LibraryError::UnknownProvision { .. } | LibraryError::Reference(_)),
        ) => {
            let closest = match &e {
                LibraryError::UnknownProvision { closest, .. } => {
                    closest.iter().map(|c| format!("{number}?p={c}")).collect()
                }
                _ => vec![],
            };
            return error_page(&state, lang, StatusCode::NOT_FOUND, &e.to_string(), &closest);
        }
        Err(e) => return library_error(&state, lang, e),
    };
    let mut items = vec![];
    if let Some(t) = &tree {
        flatten(t, 0, &mut items);
    }
    let shown = library::Library::choose_expression(&doc, at).map(|e| e.source_key.clone());
    // Changes known but not in force on this date, and instructions that could not be applied:
    // said plainly, never silently dropped.
    let mut pending: Vec<(String, String)> = vec![];
    let mut problems: Vec<String> = vec![];
    if let Some(c) = &consolidated {
        for op in &c.pit.pending {
            let entry = (op.effective.to_string(), op.by.clone());
            if !pending.contains(&entry) {
                pending.push(entry);
            }
        }
        for (op, why) in &c.pit.problems {
            problems.push(format!("{} ({}): {why}", op.by, lex::amend::parse::describe(&op.op)));
        }
        for (by, instruction, why) in &c.unparsed {
            problems.push(format!("{by} ({instruction}): {why}"));
        }
    }
    let consolidated_from = consolidated.as_ref().map(|c| c.base.clone());
    // Lược đồ: relations grouped around the document — acts that changed it above, acts it changed
    // below, its bases to the left, guidance to the right.
    let group = |kinds: &[&str]| -> Vec<serde_json::Value> {
        doc.relations
            .iter()
            .filter(|r| kinds.contains(&r.kind.as_str()))
            .map(|r| json!({ "kind": r.kind, "target": r.target, "title": r.title, "known": r.known, "partial": r.partial }))
            .collect()
    };
    let diagram = json!({
        "above": group(&["amended_by", "replaced_by", "corrected_by"]),
        "below": group(&["amends", "replaces", "corrects"]),
        "left": group(&["based_on"]),
        "right": group(&["guided_by", "guides", "basis_for"]),
        "cites": group(&["cites"]).len(),
    });
    render(
        &state,
        "document.html",
        json!({ "t": labels(lang), "lang": lang, "doc": doc, "items": items, "shown": shown, "at": at.to_string(), "single": q.p,
                "pending": pending, "problems": problems, "consolidated_from": consolidated_from, "diagram": diagram }),
    )
}

fn library_error(state: &AppState, lang: Lang, e: LibraryError) -> Response {
    match e {
        LibraryError::UnknownDocument { closest, .. } => {
            error_page(state, lang, StatusCode::NOT_FOUND, &e_msg(lang), &closest)
        }
        other => {
            tracing::error!("page: {other}");
            error_page(state, lang, StatusCode::INTERNAL_SERVER_ERROR, "lỗi máy chủ / server error", &[])
        }
    }
}

fn e_msg(lang: Lang) -> String {
    if lang == Lang::Vi { "Không tìm thấy văn bản.".into() } else { "No such document.".into() }
}

fn error_page(state: &AppState, lang: Lang, code: StatusCode, message: &str, closest: &[String]) -> Response {
    let closest: Vec<(String, String)> =
        closest.iter().map(|c| (c.split(" (").next().unwrap_or(c).to_string(), c.clone())).collect();
    let mut resp = render(
        state,
        "error.html",
        json!({ "t": labels(lang), "lang": lang, "message": message, "closest": closest, "code": code.as_u16() }),
    );
    *resp.status_mut() = code;
    resp
}

pub async fn not_found(State(state): State<AppState>) -> Response {
    error_page(&state, Lang::Vi, StatusCode::NOT_FOUND, "Không có trang này / no such page", &[])
}

#[derive(Deserialize)]
pub struct HistoryPageQuery {
    document: String,
    provision: String,
    lang: Option<String>,
}

/// `/lich-su?document=…&provision=…` — every version of a provision, with dates and sources.
pub async fn history_page(State(state): State<AppState>, Query(q): Query<HistoryPageQuery>) -> Response {
    let lang = Lang::from_query(q.lang.as_deref());
    if q.document.chars().count() > 200 || q.provision.chars().count() > 200 {
        return error_page(&state, lang, StatusCode::BAD_REQUEST, "tham số quá dài / parameter too long", &[]);
    }
    let result = async {
        let id = state.library.find_work(&q.document).await?;
        let doc = state.library.document(id, library::today()).await?;
        let versions = state.library.history(&doc, &q.provision).await?;
        Ok::<_, LibraryError>((doc, versions))
    }
    .await;
    let (doc, versions) = match result {
        Ok(r) => r,
        Err(e @ (LibraryError::UnknownProvision { .. } | LibraryError::Reference(_))) => {
            return error_page(&state, lang, StatusCode::NOT_FOUND, &e.to_string(), &[]);
        }
        Err(e) => return library_error(&state, lang, e),
    };
    let versions: Vec<serde_json::Value> = versions
        .iter()
        .map(|v| {
            let mut items = vec![];
            if let Some(p) = &v.provision {
                flatten(p, 0, &mut items);
            }
            json!({ "from": v.from, "to": v.to, "status": v.status, "by": v.by, "change": v.change, "items": items })
        })
        .collect();
    // Show the provision by its label, whatever form the reference came in (`art_52` → `Điều 52`).
    let reference = if q.provision.contains('_') {
        versions
            .iter()
            .find_map(|v| v["items"].get(0).and_then(|i| i["label"].as_str()).map(str::to_string))
            .unwrap_or(q.provision.clone())
    } else {
        q.provision.clone()
    };
    render(
        &state,
        "history.html",
        json!({ "t": labels(lang), "lang": lang, "doc": doc, "reference": reference, "versions": versions }),
    )
}

#[derive(Deserialize)]
pub struct DiffPageQuery {
    document: String,
    provision: Option<String>,
    from: String,
    to: String,
    lang: Option<String>,
}

/// `/so-sanh?document=…&from=…&to=…` — the redline between two dates.
pub async fn diff_page(State(state): State<AppState>, Query(q): Query<DiffPageQuery>) -> Response {
    let lang = Lang::from_query(q.lang.as_deref());
    let query = crate::api::DiffQuery {
        document: q.document.clone(),
        provision: q.provision.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
    };
    match crate::api::diff_response(&state, &query).await {
        Ok(d) => render(&state, "diff.html", json!({ "t": labels(lang), "lang": lang, "d": d })),
        Err(f) => {
            let (code, message) = f.parts();
            error_page(&state, lang, code, &message, &[])
        }
    }
}
