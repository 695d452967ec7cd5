-- The legal library (portable SQL; `Dialect::ddl` maps the generated ids for PostgreSQL). A Work is a document as enacted, identified by its số hiệu (or its name);
-- each imported source is an Expression of it, with its provision tree flattened in document order.
CREATE TABLE works (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    work_key TEXT NOT NULL UNIQUE,
    number TEXT,
    number_key TEXT,
    name TEXT,
    doc_type TEXT,
    issuer TEXT,
    place TEXT,
    issued TEXT,
    title TEXT,
    signer TEXT,
    effective TEXT,
    effective_on_signing INTEGER NOT NULL DEFAULT 0,
    year INTEGER,
    meta_rank INTEGER NOT NULL DEFAULT 0,
    meta_source TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX works_number_key ON works (number_key);
CREATE INDEX works_type_year ON works (doc_type, year);
CREATE TABLE expressions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    work_id BIGINT NOT NULL REFERENCES works (id) ON DELETE CASCADE,
    source_kind TEXT NOT NULL,
    source_key TEXT NOT NULL,
    source_path TEXT,
    source_sha256 TEXT,
    wording TEXT NOT NULL,
    wording_date TEXT,
    richness INTEGER NOT NULL,
    article_count BIGINT NOT NULL,
    node_count BIGINT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL,
    UNIQUE (work_id, source_kind, source_key)
);
CREATE TABLE provisions (
    expression_id BIGINT NOT NULL REFERENCES expressions (id) ON DELETE CASCADE,
    ord BIGINT NOT NULL,
    eid TEXT NOT NULL,
    parent_eid TEXT,
    depth BIGINT NOT NULL,
    kind TEXT NOT NULL,
    num TEXT,
    heading TEXT,
    body TEXT NOT NULL,
    trailing_text TEXT NOT NULL,
    PRIMARY KEY (expression_id, ord)
);
CREATE UNIQUE INDEX provisions_eid ON provisions (expression_id, eid);
CREATE TABLE work_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    work_id BIGINT NOT NULL REFERENCES works (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    date TEXT,
    by_ref TEXT,
    by_key TEXT,
    partial INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL
);
CREATE INDEX work_events_work ON work_events (work_id);
CREATE INDEX work_events_source ON work_events (source);
CREATE TABLE work_relations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    work_id BIGINT NOT NULL REFERENCES works (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    target_key TEXT NOT NULL,
    target_title TEXT,
    partial INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL
);
CREATE INDEX work_relations_work ON work_relations (work_id);
CREATE INDEX work_relations_target ON work_relations (target_key);
CREATE TABLE import_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    actor TEXT NOT NULL,
    files_ok BIGINT NOT NULL DEFAULT 0,
    files_failed BIGINT NOT NULL DEFAULT 0,
    documents BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE import_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id BIGINT NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    reason TEXT NOT NULL
);
