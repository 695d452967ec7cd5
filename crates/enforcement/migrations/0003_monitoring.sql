-- Monitoring centre (trung tâm giám sát): figures pre-aggregated per office and month, kept in step with
-- every write to a case in that write's transaction and rebuildable from the cases and their events
-- (`enforcement::stats`). officer_id = 0 is the office's own row; -1 is "not assigned".
-- Columns: flows in the month (received, completed, terminated, returned, money collected) and changes
-- of the stocks (open cases, cases without means), in cases (_n) and đồng (_m).
CREATE TABLE enf_stats (
    unit_id BIGINT NOT NULL,
    officer_id BIGINT NOT NULL,
    month TEXT NOT NULL,
    received_n BIGINT NOT NULL DEFAULT 0,
    received_m BIGINT NOT NULL DEFAULT 0,
    completed_n BIGINT NOT NULL DEFAULT 0,
    completed_m BIGINT NOT NULL DEFAULT 0,
    terminated_n BIGINT NOT NULL DEFAULT 0,
    terminated_m BIGINT NOT NULL DEFAULT 0,
    returned_n BIGINT NOT NULL DEFAULT 0,
    returned_m BIGINT NOT NULL DEFAULT 0,
    collected_m BIGINT NOT NULL DEFAULT 0,
    open_n BIGINT NOT NULL DEFAULT 0,
    open_m BIGINT NOT NULL DEFAULT 0,
    nomeans_n BIGINT NOT NULL DEFAULT 0,
    nomeans_m BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, officer_id, month)
);
CREATE INDEX enf_stats_scope ON enf_stats (officer_id, month);
-- Running deadlines of open cases by day: overdue = the rows before today.
CREATE TABLE enf_stats_due (
    unit_id BIGINT NOT NULL,
    officer_id BIGINT NOT NULL,
    due_date TEXT NOT NULL,
    n BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, officer_id, due_date)
);
-- Covering, in unit order: the overdue count of every office is one index range.
CREATE INDEX enf_stats_due_scope ON enf_stats_due (officer_id, unit_id, due_date, n);
CREATE INDEX enf_cases_number ON enf_cases (number);
CREATE INDEX enf_cases_voluntary ON enf_cases (voluntary_ends);
-- Citizen access: a party's contact for notifications; access_gen revokes its secret and QR tokens.
ALTER TABLE enf_parties ADD COLUMN email TEXT;
ALTER TABLE enf_parties ADD COLUMN access_gen BIGINT NOT NULL DEFAULT 1;
-- Keys for the parties' secrets and the QR tokens (HMAC-SHA-256), created on first use.
CREATE TABLE enf_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    purpose TEXT NOT NULL UNIQUE,
    secret BLOB NOT NULL,
    created_at BIGINT NOT NULL
);
-- Every public look-up, allowed or not. Addresses and codes are kept only as keyed hashes.
CREATE TABLE enf_lookups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at BIGINT NOT NULL,
    via TEXT NOT NULL,
    client_hash TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    outcome TEXT NOT NULL,
    case_id BIGINT,
    party_id BIGINT
);
CREATE INDEX enf_lookups_client ON enf_lookups (client_hash, at);
CREATE INDEX enf_lookups_code ON enf_lookups (code_hash, at);
-- Notifications outbox: written in the transaction of the step (or reminder) it tells about; the unique
-- dedup_key makes enqueueing idempotent; a sender leases rows, sends, and marks them sent.
CREATE TABLE enf_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dedup_key TEXT NOT NULL UNIQUE,
    case_id BIGINT NOT NULL REFERENCES enf_cases (id),
    party_id BIGINT,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_at BIGINT NOT NULL,
    lease_until BIGINT NOT NULL DEFAULT 0,
    lease_token TEXT,
    sent_at BIGINT,
    failed_at BIGINT,
    last_error TEXT
);
CREATE INDEX enf_outbox_pending ON enf_outbox (sent_at, next_at);
CREATE INDEX enf_outbox_case ON enf_outbox (case_id);
