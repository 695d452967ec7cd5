-- Money and seized assets (issue: funds ledger under Điều 47, seized assets from seizure to sale).
-- Money is whole đồng (BIGINT). Ledger rows are never updated or deleted: a correction is a reversing
-- transaction. Entry amounts are signed: debit > 0, credit < 0; each transaction's entries sum to 0.
ALTER TABLE enf_obligations ADD COLUMN category TEXT NOT NULL DEFAULT 'other';
-- A booked transaction: receipt (thu), distribution (phân phối), payout (chi), reversal (đảo).
CREATE TABLE enf_ledger_txns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    case_id BIGINT REFERENCES enf_cases (id),
    kind TEXT NOT NULL,
    bucket TEXT,
    on_date TEXT NOT NULL,
    amount BIGINT NOT NULL,
    idempotency_key TEXT,
    reverses BIGINT REFERENCES enf_ledger_txns (id),
    reference TEXT,
    memo TEXT NOT NULL,
    law TEXT,
    detail TEXT NOT NULL,
    actor TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (unit_id, idempotency_key),
    UNIQUE (reverses)
);
CREATE INDEX enf_ledger_txns_case ON enf_ledger_txns (case_id, id);
CREATE INDEX enf_ledger_txns_unit_date ON enf_ledger_txns (unit_id, on_date);
-- Bút toán: account `cash` (office deposit account), `held` (per case and bucket: collected, not yet
-- distributed), `payable` (per case and payee: distributed, not yet paid out).
CREATE TABLE enf_ledger_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    txn_id BIGINT NOT NULL REFERENCES enf_ledger_txns (id),
    unit_id BIGINT NOT NULL,
    case_id BIGINT NOT NULL,
    account TEXT NOT NULL,
    party TEXT NOT NULL,
    amount BIGINT NOT NULL
);
CREATE INDEX enf_ledger_entries_txn ON enf_ledger_entries (txn_id);
CREATE INDEX enf_ledger_entries_case ON enf_ledger_entries (case_id, account);
-- Running balances (derived from the entries, kept in the same transaction; `tuphap` checks they agree).
-- case_id 0: the office's own accounts (cash).
CREATE TABLE enf_ledger_balances (
    unit_id BIGINT NOT NULL,
    case_id BIGINT NOT NULL,
    account TEXT NOT NULL,
    party TEXT NOT NULL,
    balance BIGINT NOT NULL,
    PRIMARY KEY (unit_id, case_id, account, party)
);
-- Khoản phải chi: what a distribution owes each payee, with the statute's deadline to pay it.
CREATE TABLE enf_payouts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id BIGINT NOT NULL REFERENCES enf_cases (id),
    unit_id BIGINT NOT NULL,
    distribution_txn BIGINT NOT NULL REFERENCES enf_ledger_txns (id),
    party TEXT NOT NULL,
    payee TEXT NOT NULL,
    amount BIGINT NOT NULL,
    due_date TEXT NOT NULL,
    due_citation TEXT NOT NULL,
    paid_txn BIGINT REFERENCES enf_ledger_txns (id),
    cancelled BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX enf_payouts_case ON enf_payouts (case_id);
CREATE INDEX enf_payouts_unit_due ON enf_payouts (unit_id, paid_txn, due_date);
-- Chi phí cưỡng chế: each cost, who bears it and how much of it was recovered from money collected.
CREATE TABLE enf_costs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id BIGINT NOT NULL REFERENCES enf_cases (id),
    kind TEXT NOT NULL,
    amount BIGINT NOT NULL,
    bearer TEXT NOT NULL,
    provision TEXT NOT NULL,
    on_date TEXT NOT NULL,
    recovered BIGINT NOT NULL DEFAULT 0,
    note TEXT,
    actor TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX enf_costs_case ON enf_costs (case_id);
-- Sao kê ngân hàng: imported statement lines, matched against cash movements.
CREATE TABLE enf_statements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    first_date TEXT NOT NULL,
    last_date TEXT NOT NULL,
    lines BIGINT NOT NULL,
    actor TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (unit_id, sha256)
);
CREATE TABLE enf_statement_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    statement_id BIGINT NOT NULL REFERENCES enf_statements (id),
    line_no BIGINT NOT NULL,
    on_date TEXT NOT NULL,
    amount BIGINT NOT NULL,
    reference TEXT NOT NULL,
    description TEXT NOT NULL
);
CREATE INDEX enf_statement_lines_statement ON enf_statement_lines (statement_id);
-- Tài sản kê biên, tạm giữ: the register. `custody` is `warehouse` or `keeper`.
CREATE TABLE enf_assets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id BIGINT NOT NULL REFERENCES enf_cases (id),
    unit_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    state TEXT NOT NULL,
    valuation BIGINT,
    valued_on TEXT,
    custody TEXT NOT NULL,
    custody_place TEXT NOT NULL,
    keeper TEXT,
    secures_obligation BIGINT REFERENCES enf_obligations (id),
    pledgee TEXT,
    pledgee_owed BIGINT,
    sale_price BIGINT,
    sale_txn BIGINT REFERENCES enf_ledger_txns (id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX enf_assets_case ON enf_assets (case_id);
-- Every movement of an asset: who, when, from where to where.
CREATE TABLE enf_asset_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    asset_id BIGINT NOT NULL REFERENCES enf_assets (id),
    at BIGINT NOT NULL,
    on_date TEXT NOT NULL,
    action TEXT NOT NULL,
    from_place TEXT,
    to_place TEXT,
    amount BIGINT,
    actor TEXT NOT NULL,
    note TEXT
);
CREATE INDEX enf_asset_events_asset ON enf_asset_events (asset_id, id);
-- Photos and scans of an asset.
CREATE TABLE enf_asset_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    asset_id BIGINT NOT NULL REFERENCES enf_assets (id),
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes BLOB NOT NULL,
    actor TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX enf_asset_files_asset ON enf_asset_files (asset_id);
