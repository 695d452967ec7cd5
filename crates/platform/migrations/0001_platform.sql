-- Platform tables (portable SQL; `Dialect::ddl` maps the generated ids for PostgreSQL).
-- Units: the national department → provincial offices → regional offices. A unit is never deleted:
-- a merged unit stays, inactive, pointing at the unit it was merged into; moves and merges are in unit_history.
CREATE TABLE units (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    parent_id BIGINT REFERENCES units (id),
    active BIGINT NOT NULL DEFAULT 1,
    merged_into BIGINT REFERENCES units (id),
    generated_name BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX units_parent ON units (parent_id);
CREATE TABLE unit_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    at BIGINT NOT NULL,
    event TEXT NOT NULL,
    from_parent BIGINT,
    to_parent BIGINT,
    other_unit BIGINT,
    actor TEXT NOT NULL
);
CREATE INDEX unit_history_unit ON unit_history (unit_id);
-- Users hold minimal personal data: a sign-in name and a display name.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    unit_id BIGINT REFERENCES units (id),
    password_hash TEXT NOT NULL,
    disabled BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    password_changed_at BIGINT NOT NULL
);
CREATE TABLE user_roles (
    user_id BIGINT NOT NULL REFERENCES users (id),
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);
-- Web sessions: only the SHA-256 of the cookie value is stored.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sessions_user ON sessions (user_id);
-- API tokens: hashed at rest, scoped, expiring, revocable.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
-- Failed sign-ins, keyed by SHA-256 of (account, address): throttling without keeping either in clear.
CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key_hash TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (key_hash, at);
-- Calendar overrides: a day off ('off') or a make-up working day ('work') fixed by the government.
CREATE TABLE calendar_overrides (
    day TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL
);
-- Who read whose personal data, when and why.
CREATE TABLE personal_data_access (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    subject TEXT NOT NULL,
    purpose TEXT NOT NULL
);
CREATE INDEX personal_data_access_at ON personal_data_access (at);
-- Retention per category of personal data, in days.
CREATE TABLE retention_rules (
    category TEXT PRIMARY KEY,
    days BIGINT NOT NULL,
    basis TEXT NOT NULL
);
