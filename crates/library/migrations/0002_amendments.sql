-- Amendment instructions read from amending documents, as typed operations (JSON), applied at read
-- time to give a document's wording on a date. Instructions that could not be understood are kept
-- with their problems.
CREATE TABLE amendments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    amending_work_id BIGINT NOT NULL REFERENCES works (id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    target_ref TEXT,
    target_key TEXT,
    instruction_eid TEXT NOT NULL,
    instruction_text TEXT NOT NULL,
    seq BIGINT NOT NULL,
    ops_json TEXT NOT NULL,
    problems TEXT NOT NULL
);
CREATE INDEX amendments_target ON amendments (target_key);
CREATE INDEX amendments_source ON amendments (source);
