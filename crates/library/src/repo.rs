//! The library's tables and every SQL statement that touches them.
//!
//! Writes happen in one transaction per document ([`save_record`]): the Work (merged by metadata
//! rank), its events and relations from this source, the events it causes on documents it ends,
//! its Expression with all provisions, and an audit entry — all or nothing.

use crate::LibraryError;
use crate::adapters::Record;
use lex::model::{EventKind, ForceEvent, Node};
use lex::{Date, Metadata};
use store::Db;
use store::audit::{self, Actor};
use store::dialect::values_placeholders;
use store::migrate::Migration;
use store::sqlx::{self, Any, Transaction};

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        domain: "library",
        version: 1,
        name: "works, expressions, provisions, events, relations, imports",
        sql: include_str!("../migrations/0001_library.sql"),
    },
    Migration {
        domain: "library",
        version: 2,
        name: "amendment instructions",
        sql: include_str!("../migrations/0002_amendments.sql"),
    },
    Migration {
        domain: "library",
        version: 3,
        name: "provision events",
        sql: include_str!("../migrations/0003_provision_events.sql"),
    },
    Migration {
        domain: "library",
        version: 4,
        name: "work aliases (copies linked to their numbered Work)",
        sql: include_str!("../migrations/0004_work_aliases.sql"),
    },
];

use store::archive::{Col, Table};

/// The library's tables, in dependency order, for backup, restore and store-to-store copies.
pub const TABLES: &[Table] = &[
    Table {
        name: "works",
        columns: &[
            ("id", Col::Int),
            ("work_key", Col::Text),
            ("number", Col::Text),
            ("number_key", Col::Text),
            ("name", Col::Text),
            ("doc_type", Col::Text),
            ("issuer", Col::Text),
            ("place", Col::Text),
            ("issued", Col::Text),
            ("title", Col::Text),
            ("signer", Col::Text),
            ("effective", Col::Text),
            ("effective_on_signing", Col::Int),
            ("year", Col::Int),
            ("meta_rank", Col::Int),
            ("meta_source", Col::Text),
            ("created_at", Col::Text),
            ("updated_at", Col::Text),
        ],
        order_by: "id",
        serial_id: true,
    },
    Table {
        name: "expressions",
        columns: &[
            ("id", Col::Int),
            ("work_id", Col::Int),
            ("source_kind", Col::Text),
            ("source_key", Col::Text),
            ("source_path", Col::Text),
            ("source_sha256", Col::Text),
            ("wording", Col::Text),
            ("wording_date", Col::Text),
            ("richness", Col::Int),
            ("article_count", Col::Int),
            ("node_count", Col::Int),
            ("notes", Col::Text),
            ("imported_at", Col::Text),
        ],
        order_by: "id",
        serial_id: true,
    },
    Table {
        name: "provisions",
        columns: &[
            ("expression_id", Col::Int),
            ("ord", Col::Int),
            ("eid", Col::Text),
            ("parent_eid", Col::Text),
            ("depth", Col::Int),
            ("kind", Col::Text),
            ("num", Col::Text),
            ("heading", Col::Text),
            ("body", Col::Text),
            ("trailing_text", Col::Text),
        ],
        order_by: "expression_id, ord",
        serial_id: false,
    },
    Table {
        name: "work_events",
        columns: &[
            ("id", Col::Int),
            ("work_id", Col::Int),
            ("kind", Col::Text),
            ("date", Col::Text),
            ("by_ref", Col::Text),
            ("by_key", Col::Text),
            ("partial", Col::Int),
            ("source", Col::Text),
        ],
        order_by: "id",
        serial_id: true,
    },
    Table {
        name: "work_relations",
        columns: &[
            ("id", Col::Int),
            ("work_id", Col::Int),
            ("kind", Col::Text),
            ("target", Col::Text),
            ("target_key", Col::Text),
            ("target_title", Col::Text),
            ("partial", Col::Int),
            ("source", Col::Text),
        ],
        order_by: "id",
        serial_id: true,
    },
    Table {
        name: "import_runs",
        columns: &[
            ("id", Col::Int),
            ("started_at", Col::Text),
            ("finished_at", Col::Text),
            ("actor", Col::Text),
            ("files_ok", Col::Int),
            ("files_failed", Col::Int),
            ("documents", Col::Int),
        ],
        order_by: "id",
        serial_id: true,
    },
    Table {
        name: "import_failures",
        columns: &[("id", Col::Int), ("run_id", Col::Int), ("path", Col::Text), ("reason", Col::Text)],
        order_by: "id",
        serial_id: true,
    },
    Table {
        name: "amendments",
        columns: &[
            ("id", Col::Int),
            ("amending_work_id", Col::Int),
            ("source", Col::Text),
            ("target_ref", Col::Text),
            ("target_key", Col::Text),
            ("instruction_eid", Col::Text),
            ("instruction_text", Col::Text),
            ("seq", Col::Int),
            ("ops_json", Col::Text),
            ("problems", Col::Text),
        ],
        order_by: "id",
        serial_id: true,
    },
    Table {
        name: "provision_events",
        columns: &[
            ("id", Col::Int),
            ("work_id", Col::Int),
            ("eid", Col::Text),
            ("kind", Col::Text),
            ("date", Col::Text),
            ("by_ref", Col::Text),
            ("source", Col::Text),
        ],
        order_by: "id",
        serial_id: true,
    },
    Table {
        name: "work_aliases",
        columns: &[("alias_key", Col::Text), ("work_id", Col::Int), ("name", Col::Text), ("linked_at", Col::Text)],
        order_by: "alias_key",
        serial_id: false,
    },
];

/// The identity key of a Work: `no:<number key>` or `name:<name match key>`.
pub fn work_key(number: Option<&str>, name: Option<&str>) -> Option<String> {
    if let Some(n) = number.filter(|n| !n.is_empty()) {
        return Some(format!("no:{}", lex::number::key(n)));
    }
    name.map(|n| lex::normalize::match_key(n.trim())).filter(|k| !k.is_empty()).map(|k| format!("name:{k}"))
}

/// The Work a name was linked to (`work_aliases`, written by `library::link`), if any.
pub async fn aliased<'e, E: sqlx::Executor<'e, Database = Any>>(db: E, key: &str) -> Result<Option<i64>, LibraryError> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT work_id FROM work_aliases WHERE alias_key = $1").bind(key).fetch_optional(db).await?;
    Ok(row.map(|(id,)| id))
}

/// What [`identity_key`] adds to the key of a resolution sharing a law's số hiệu.
pub const RESOLUTION_KEY_SUFFIX: &str = "#nq";

/// The key a record is saved under: its [`work_key`], except for a resolution of the National
/// Assembly or its Standing Committee, which shares its số hiệu series with the laws and
/// ordinances (Nghị quyết 93/2015/QH13 on social insurance, Luật Tố tụng hành chính 93/2015/QH13):
/// `no:93/2015/QH13#nq`. A number without a type stays the law's.
pub fn identity_key(m: &Metadata) -> Option<String> {
    let key = work_key(m.number.as_deref(), m.name.as_deref().or(m.title.as_deref()))?;
    let shared_series = m.number.as_deref().is_some_and(|n| {
        let tail = lex::number::key(n);
        let issuer = tail.rsplit('/').next().unwrap_or("");
        matches!(issuer.trim_end_matches(|c: char| c.is_ascii_digit()), "QH" | "UBTVQH")
    });
    if shared_series && m.doc_type.as_deref() == Some("Nghị quyết") {
        return Some(format!("{key}{RESOLUTION_KEY_SUFFIX}"));
    }
    Some(key)
}

/// What one saved document produced.
#[derive(Debug, Clone, Default)]
pub struct Saved {
    pub work_id: i64,
    pub articles: usize,
    pub provisions: usize,
}

fn opt_date(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// Save one record in its own transaction.
pub async fn save_record(db: &Db, rec: &Record, actor: &Actor, file_sha256: &str) -> Result<Saved, LibraryError> {
    let m = &rec.meta;
    let key = identity_key(m)
        .ok_or_else(|| LibraryError::Invalid("document has neither a number (số hiệu) nor a name".into()))?;
    let source = format!("{}:{}", rec.source.kind, rec.source.key);
    let mut tx = db.pool().begin().await?;
    // A name already linked to a numbered Work (`library::link`) is that Work: its metadata stays.
    let work_id = match aliased(&mut *tx, &key).await? {
        Some(id) => id,
        None => upsert_work(&mut tx, &key, m, rec.source.meta_rank, rec.source.kind).await?,
    };

    // Events and relations from this source replace those it gave before.
    sqlx::query("DELETE FROM work_events WHERE source = $1").bind(&source).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM work_relations WHERE work_id = $1 AND source = $2")
        .bind(work_id)
        .bind(&source)
        .execute(&mut *tx)
        .await?;
    let mut events: Vec<ForceEvent> = m.events.clone();
    let has = |k: EventKind, evs: &[ForceEvent]| evs.iter().any(|e| e.kind == k && e.by.is_none());
    if let (Some(d), false) = (m.issued, has(EventKind::Issued, &events)) {
        events.push(ForceEvent { kind: EventKind::Issued, date: Some(d), by: None, partial: false });
    }
    if let (Some(d), false) = (m.effective, has(EventKind::Effective, &events)) {
        events.push(ForceEvent { kind: EventKind::Effective, date: Some(d), by: None, partial: false });
    }
    for e in &events {
        insert_event(&mut tx, work_id, e, &source).await?;
    }
    for r in &m.relations {
        sqlx::query("INSERT INTO work_relations (work_id, kind, target, target_key, target_title, partial, source) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(work_id)
            .bind(&r.kind)
            .bind(&r.target)
            .bind(work_key(Some(&r.target), None).unwrap_or_default())
            .bind(&r.title)
            .bind(r.partial as i32)
            .bind(&source)
            .execute(&mut *tx)
            .await?;
    }
    for b in &m.bases {
        let (target, key) = base_target(b);
        sqlx::query("INSERT INTO work_relations (work_id, kind, target, target_key, target_title, partial, source) VALUES ($1, 'based_on', $2, $3, $4, 0, $5)")
            .bind(work_id)
            .bind(target)
            .bind(key)
            .bind(b)
            .bind(&source)
            .execute(&mut *tx)
            .await?;
    }
    // Documents this one ends: an event on each (a stub Work if the library has no other source).
    let by = m.number.clone().or_else(|| m.name.clone());
    for end in &m.ends {
        let is_number = lex::number::looks_like_number(&end.target);
        let (num, name) = if is_number { (Some(end.target.as_str()), None) } else { (None, Some(end.target.as_str())) };
        let Some(target_key) = work_key(num, name) else {
            continue;
        };
        let stub = Metadata {
            number: num.map(str::to_string),
            name: name.map(str::to_string),
            title: name.map(str::to_string),
            doc_type: num.and_then(lex::number::type_from_number).map(str::to_string),
            ..Metadata::default()
        };
        let target_id = upsert_work(&mut tx, &target_key, &stub, 0, "mention").await?;
        let e = ForceEvent { kind: end.how, date: end.date, by: by.clone(), partial: end.partial };
        insert_event(&mut tx, target_id, &e, &source).await?;
    }

    sqlx::query("DELETE FROM provision_events WHERE source = $1").bind(&source).execute(&mut *tx).await?;
    for (eid, e) in &m.provision_events {
        let (Some(date), Some(by)) = (e.date, e.by.as_deref()) else { continue };
        sqlx::query(
            "INSERT INTO provision_events (work_id, eid, kind, date, by_ref, source) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(work_id)
        .bind(eid)
        .bind(e.kind.as_str())
        .bind(date.to_string())
        .bind(by)
        .bind(&source)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("DELETE FROM amendments WHERE source = $1").bind(&source).execute(&mut *tx).await?;
    if let Some(tree) = rec.tree.as_ref().filter(|_| rec.source.richness >= 3) {
        save_amendments(&mut tx, work_id, m, tree, &source).await?;
    }

    let mut saved = Saved { work_id, ..Saved::default() };
    if let Some(tree) = &rec.tree {
        let (articles, provisions) = save_expression(&mut tx, db, work_id, rec, tree, file_sha256).await?;
        saved.articles = articles;
        saved.provisions = provisions;
    }
    let digest = audit::sha256_hex(format!("{file_sha256}|{source}|{}", saved.provisions).as_bytes());
    audit::append(&mut tx, actor, "library.import", &format!("{key} ← {source}"), &digest).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Read the amendment instructions of an amending document and store them as typed operations;
/// the amended document gets an `amended` event and an `amends` relation (a stub Work if unknown) —
/// a correction (đính chính) only a `corrects` relation.
async fn save_amendments(
    tx: &mut Transaction<'static, Any>,
    work_id: i64,
    m: &Metadata,
    tree: &Node,
    source: &str,
) -> Result<(), LibraryError> {
    let doc = lex::Document { meta: m.clone(), root: tree.clone() };
    if !lex::amend::parse::is_amending(&doc) {
        return Ok(());
    }
    let target = lex::amend::parse::amended_document(&doc);
    let instructions = lex::amend::parse::instructions(&doc);
    if instructions.is_empty() {
        return Ok(());
    }
    let target_key = target.as_deref().and_then(|t| work_key(Some(t), None));
    for (seq, ins) in instructions.iter().enumerate() {
        let ops = serde_json::to_string(&ins.ops).map_err(|e| LibraryError::Invalid(e.to_string()))?;
        let mut problems = ins.problems.join("; ");
        if target_key.is_none() && problems.is_empty() {
            problems = "không xác định được văn bản bị sửa đổi / amended document not found".into();
        }
        sqlx::query(
            "INSERT INTO amendments (amending_work_id, source, target_ref, target_key, instruction_eid, instruction_text, seq, ops_json, problems)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(work_id)
        .bind(source)
        .bind(&target)
        .bind(&target_key)
        .bind(&ins.source_eid)
        .bind(&ins.text)
        .bind(seq as i64)
        .bind(ops)
        .bind(problems)
        .execute(&mut **tx)
        .await?;
    }
    if let (Some(t), Some(key)) = (&target, &target_key) {
        let stub = Metadata {
            number: Some(t.clone()),
            doc_type: lex::number::type_from_number(t).map(str::to_string),
            ..Metadata::default()
        };
        let target_id = upsert_work(tx, key, &stub, 0, "mention").await?;
        // A correction changes no law (no `amended` event); it `corrects` the document.
        let correction = lex::amend::parse::is_correction(&doc);
        if !correction {
            let by = m.number.clone().or_else(|| m.name.clone());
            let event = ForceEvent { kind: EventKind::Amended, date: m.effective, by, partial: true };
            insert_event(tx, target_id, &event, source).await?;
        }
        sqlx::query(
            "INSERT INTO work_relations (work_id, kind, target, target_key, target_title, partial, source) VALUES ($1, $2, $3, $4, NULL, 1, $5)",
        )
        .bind(work_id)
        .bind(if correction { "corrects" } else { "amends" })
        .bind(t)
        .bind(key)
        .bind(source)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Target of a legal basis line (`Căn cứ Luật … số 63/2025/QH15;`): the first number it cites and
/// its key, or the line itself when it cites none.
fn base_target(line: &str) -> (String, String) {
    let number = line
        .split_whitespace()
        .map(|w| w.trim_end_matches([',', ';', '.']))
        .find(|w| lex::number::looks_like_number(w))
        .map(lex::number::canonical);
    match number {
        Some(n) => {
            let key = work_key(Some(&n), None).unwrap_or_default();
            (n, key)
        }
        None => (line.to_string(), String::new()),
    }
}

async fn insert_event(
    tx: &mut Transaction<'static, Any>,
    work_id: i64,
    e: &ForceEvent,
    source: &str,
) -> Result<(), LibraryError> {
    sqlx::query("INSERT INTO work_events (work_id, kind, date, by_ref, by_key, partial, source) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(work_id)
        .bind(e.kind.as_str())
        .bind(opt_date(e.date))
        .bind(&e.by)
        .bind(e.by.as_deref().and_then(|b| work_key(Some(b).filter(|b| lex::number::looks_like_number(b)), Some(b))))
        .bind(e.partial as i32)
        .bind(source)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Insert or merge a Work in one statement. A source of lower metadata rank only fills gaps
/// (`COALESCE(old, new)`); an equal or higher one overwrites the fields it has (`COALESCE(new, old)`).
async fn upsert_work(
    tx: &mut Transaction<'static, Any>,
    key: &str,
    m: &Metadata,
    rank: i32,
    source_kind: &str,
) -> Result<i64, LibraryError> {
    const SQL: &str = "INSERT INTO works (work_key, number, number_key, name, doc_type, issuer, place, issued, title, signer, effective, effective_on_signing, year, meta_rank, meta_source, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)
        ON CONFLICT (work_key) DO UPDATE SET
            number = CASE WHEN excluded.meta_rank >= works.meta_rank THEN COALESCE(excluded.number, works.number) ELSE COALESCE(works.number, excluded.number) END,
            number_key = CASE WHEN excluded.meta_rank >= works.meta_rank THEN COALESCE(excluded.number_key, works.number_key) ELSE COALESCE(works.number_key, excluded.number_key) END,
            name = CASE WHEN excluded.meta_rank >= works.meta_rank THEN COALESCE(excluded.name, works.name) ELSE COALESCE(works.name, excluded.name) END,
            doc_type = CASE WHEN excluded.meta_rank >= works.meta_rank THEN COALESCE(excluded.doc_type, works.doc_type) ELSE COALESCE(works.doc_type, excluded.doc_type) END,
            issuer = CASE WHEN excluded.meta_rank >= works.meta_rank THEN COALESCE(excluded.issuer, works.issuer) ELSE COALESCE(works.issuer, excluded.issuer) END,
            place = CASE WHEN excluded.meta_rank >= works.meta_rank THEN COALESCE(excluded.place, works.place) ELSE COALESCE(works.place, excluded.place) END,
            issued = CASE WHEN excluded.meta_rank >= works.meta_rank THEN COALESCE(excluded.issued, works.issued) ELSE COALESCE(works.issued, excluded.issued) END,
            title = CASE WHEN excluded.meta_rank >= works.meta_rank THEN COALESCE(excluded.title, works.title) ELSE COALESCE(works.title, excluded.title) END,
            signer = CASE WHEN excluded.meta_rank >= works.meta_rank THEN COALESCE(excluded.signer, works.signer) ELSE COALESCE(works.signer, excluded.signer) END,
            effective = CASE WHEN excluded.meta_rank >= works.meta_rank THEN COALESCE(excluded.effective, works.effective) ELSE COALESCE(works.effective, excluded.effective) END,
            effective_on_signing = CASE WHEN excluded.meta_rank >= works.meta_rank THEN excluded.effective_on_signing ELSE works.effective_on_signing END,
            year = CASE WHEN excluded.meta_rank >= works.meta_rank THEN COALESCE(excluded.year, works.year) ELSE COALESCE(works.year, excluded.year) END,
            meta_source = CASE WHEN excluded.meta_rank >= works.meta_rank THEN excluded.meta_source ELSE works.meta_source END,
            meta_rank = CASE WHEN excluded.meta_rank >= works.meta_rank THEN excluded.meta_rank ELSE works.meta_rank END,
            updated_at = excluded.updated_at
        RETURNING id";
    let year =
        m.issued.map(|d| d.year as i64).or_else(|| m.number.as_deref().and_then(lex::number::year).map(|y| y as i64));
    let (id,): (i64,) = sqlx::query_as(SQL)
        .bind(key)
        .bind(&m.number)
        .bind(m.number.as_deref().map(lex::number::key))
        .bind(&m.name)
        .bind(&m.doc_type)
        .bind(&m.issuer)
        .bind(&m.place)
        .bind(opt_date(m.issued))
        .bind(&m.title)
        .bind(&m.signer)
        .bind(opt_date(m.effective))
        .bind(m.effective_on_signing as i32)
        .bind(year)
        .bind(rank as i64)
        .bind(source_kind)
        .bind(store::now_rfc3339())
        .fetch_one(&mut **tx)
        .await?;
    Ok(id)
}

/// One provision row: document order, id, parent, depth and content.
struct Row<'a> {
    eid: &'a str,
    parent: Option<&'a str>,
    depth: i64,
    node: &'a Node,
}

fn flatten<'a>(node: &'a Node, parent: Option<&'a str>, depth: i64, out: &mut Vec<Row<'a>>) {
    out.push(Row { eid: &node.eid, parent, depth, node });
    for c in &node.children {
        flatten(c, Some(&node.eid), depth + 1, out);
    }
}

async fn save_expression(
    tx: &mut Transaction<'static, Any>,
    db: &Db,
    work_id: i64,
    rec: &Record,
    tree: &Node,
    sha: &str,
) -> Result<(usize, usize), LibraryError> {
    let mut rows = vec![];
    flatten(tree, None, 0, &mut rows);
    let articles = lex::model::body_articles(tree);
    let notes = rec.meta.notes.join("\n");
    // A source saved under another Work before (its identity changed): this save replaces it.
    sqlx::query("DELETE FROM expressions WHERE source_kind = $1 AND source_key = $2 AND work_id <> $3")
        .bind(rec.source.kind)
        .bind(&rec.source.key)
        .bind(work_id)
        .execute(&mut **tx)
        .await?;
    let (expr_id,): (i64,) = sqlx::query_as(
        "INSERT INTO expressions (work_id, source_kind, source_key, source_path, source_sha256, wording, wording_date, richness, article_count, node_count, notes, imported_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (work_id, source_kind, source_key) DO UPDATE SET source_path = $4, source_sha256 = $5, wording = $6, wording_date = $7, richness = $8, article_count = $9, node_count = $10, notes = $11, imported_at = $12
         RETURNING id",
    )
    .bind(work_id)
    .bind(rec.source.kind)
    .bind(&rec.source.key)
    .bind(&rec.source.key)
    .bind(sha)
    .bind(rec.source.wording.as_str())
    .bind(opt_date(rec.source.wording_date))
    .bind(rec.source.richness as i64)
    .bind(articles as i64)
    .bind(rows.len() as i64)
    .bind(&notes)
    .bind(store::now_rfc3339())
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM provisions WHERE expression_id = $1").bind(expr_id).execute(&mut **tx).await?;
    const COLS: usize = 10;
    let per_stmt = (db.dialect().max_binds() / COLS).min(400);
    for (chunk_no, chunk) in rows.chunks(per_stmt).enumerate() {
        let sql = format!(
            "INSERT INTO provisions (expression_id, ord, eid, parent_eid, depth, kind, num, heading, body, trailing_text) VALUES {}",
            values_placeholders(chunk.len(), COLS)
        );
        // Only row and column counts are formatted into the SQL; every value is bound.
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (i, r) in chunk.iter().enumerate() {
            q = q
                .bind(expr_id)
                .bind((chunk_no * per_stmt + i) as i64)
                .bind(r.eid)
                .bind(r.parent)
                .bind(r.depth)
                .bind(r.node.kind.as_str())
                .bind(r.node.num.as_deref())
                .bind(r.node.heading.as_deref())
                .bind(r.node.text.as_str())
                .bind(r.node.trailing.as_str());
        }
        q.execute(&mut **tx).await?;
    }
    Ok((articles, rows.len()))
}

/// Record an import run and its failures (audited like every write).
pub async fn record_run(
    db: &Db,
    actor: &Actor,
    started: &str,
    ok: u64,
    failed: &[(String, String)],
    documents: u64,
) -> Result<i64, LibraryError> {
    let mut tx = db.pool().begin().await?;
    let (run_id,): (i64,) = sqlx::query_as("INSERT INTO import_runs (started_at, finished_at, actor, files_ok, files_failed, documents) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(started)
        .bind(store::now_rfc3339())
        .bind(&actor.0)
        .bind(ok as i64)
        .bind(failed.len() as i64)
        .bind(documents as i64)
        .fetch_one(&mut *tx)
        .await?;
    for (path, reason) in failed {
        sqlx::query("INSERT INTO import_failures (run_id, path, reason) VALUES ($1, $2, $3)")
            .bind(run_id)
            .bind(path)
            .bind(reason)
            .execute(&mut *tx)
            .await?;
    }
    audit::append(
        &mut tx,
        actor,
        "library.import_run",
        &format!("import_runs/{run_id}"),
        &audit::sha256_hex(format!("{ok}|{}|{documents}", failed.len()).as_bytes()),
    )
    .await?;
    tx.commit().await?;
    Ok(run_id)
}

/// Library size.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Counts {
    pub works: i64,
    pub expressions: i64,
    pub provisions: i64,
}

pub async fn counts(db: &Db) -> Result<Counts, LibraryError> {
    let (works,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM works").fetch_one(db.pool()).await?;
    let (expressions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM expressions").fetch_one(db.pool()).await?;
    let (provisions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM provisions").fetch_one(db.pool()).await?;
    Ok(Counts { works, expressions, provisions })
}
