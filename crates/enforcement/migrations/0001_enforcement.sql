-- Civil judgment enforcement (thi hành án dân sự). Portable SQL; `Dialect::ddl` maps generated ids.
-- Dates are ISO text (YYYY-MM-DD); money is whole đồng (BIGINT); times are Unix seconds.
-- A case: the judgment or request on file, its state, the running deadline (with its rule and provision),
-- what it waits on, and the sums of its money obligations (kept equal to the obligations' sums).
CREATE TABLE enf_cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    number TEXT NOT NULL,
    year BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    basis TEXT NOT NULL,
    own_motion TEXT,
    court TEXT NOT NULL,
    judgment_number TEXT NOT NULL,
    judgment_date TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    received_on TEXT NOT NULL,
    state TEXT NOT NULL,
    active BIGINT NOT NULL,
    officer_id BIGINT REFERENCES users (id),
    rule_set TEXT NOT NULL,
    last_on TEXT NOT NULL,
    due_date TEXT,
    due_rule TEXT,
    due_citation TEXT,
    waiting_on TEXT,
    voluntary_ends TEXT,
    no_means_since TEXT,
    verifications BIGINT NOT NULL DEFAULT 0,
    long_interval BIGINT NOT NULL DEFAULT 0,
    resume_to TEXT,
    paused_on TEXT,
    ended_on TEXT,
    total_money BIGINT NOT NULL,
    paid_money BIGINT NOT NULL,
    search_key TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (unit_id, year, seq)
);
CREATE INDEX enf_cases_unit_due ON enf_cases (unit_id, due_date);
CREATE INDEX enf_cases_officer_due ON enf_cases (officer_id, due_date);
CREATE INDEX enf_cases_unit_waiting ON enf_cases (unit_id, waiting_on);
CREATE INDEX enf_cases_unit_active_officer ON enf_cases (unit_id, active, officer_id);
CREATE INDEX enf_cases_unit_state ON enf_cases (unit_id, state, id);
-- Đương sự: creditor, debtor, related party.
CREATE TABLE enf_parties (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id BIGINT NOT NULL REFERENCES enf_cases (id),
    role TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    address TEXT NOT NULL
);
CREATE INDEX enf_parties_case ON enf_parties (case_id);
-- Nghĩa vụ: pay money (amount, paid in đồng), hand over an asset, do or not do an act.
CREATE TABLE enf_obligations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id BIGINT NOT NULL REFERENCES enf_cases (id),
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    amount BIGINT NOT NULL,
    paid BIGINT NOT NULL DEFAULT 0,
    done BIGINT NOT NULL DEFAULT 0,
    creditor TEXT,
    debtor TEXT
);
CREATE INDEX enf_obligations_case ON enf_obligations (case_id);
-- The case file's timeline: every step, with the provisions applied and the deadline it started.
CREATE TABLE enf_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id BIGINT NOT NULL REFERENCES enf_cases (id),
    at BIGINT NOT NULL,
    on_date TEXT NOT NULL,
    step TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    actor TEXT NOT NULL,
    rule_set TEXT NOT NULL,
    provisions TEXT NOT NULL,
    due_date TEXT,
    due_citation TEXT,
    warnings TEXT NOT NULL,
    amount BIGINT,
    obligation_id BIGINT,
    note TEXT
);
CREATE INDEX enf_events_case ON enf_events (case_id, id);
-- Documents issued, numbered per office and year; the .docx is rebuilt from `context` on download.
CREATE TABLE enf_documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id BIGINT NOT NULL REFERENCES enf_cases (id),
    event_id BIGINT REFERENCES enf_events (id),
    unit_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    number TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    context TEXT NOT NULL,
    html TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (unit_id, year, seq)
);
CREATE INDEX enf_documents_case ON enf_documents (case_id);
-- Counters: case numbers and document numbers per office and year.
CREATE TABLE enf_counters (
    unit_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    kind TEXT NOT NULL,
    next BIGINT NOT NULL,
    PRIMARY KEY (unit_id, year, kind)
);
