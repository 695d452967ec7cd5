-- Names a Work was first imported under before it was known to be a copy of a numbered Work: a
-- corpus copy named "Luật Hôn nhân và gia đình 2014" whose articles are those of 52/2014/QH13
-- (see `library::link`). Imports and lookups by that name reach the numbered Work.
CREATE TABLE work_aliases (
    alias_key TEXT PRIMARY KEY,
    work_id BIGINT NOT NULL REFERENCES works (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    linked_at TEXT NOT NULL
);
CREATE INDEX work_aliases_work ON work_aliases (work_id);
