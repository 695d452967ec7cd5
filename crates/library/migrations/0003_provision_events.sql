-- Dated events on single provisions known from sources that do not give the new wording (pháp điển
-- notes: "được sửa đổi, bổ sung bởi … có hiệu lực từ …"). A provision shown in an older wording than
-- such an event says so instead of passing stale text off as current.
CREATE TABLE provision_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    work_id BIGINT NOT NULL REFERENCES works (id) ON DELETE CASCADE,
    eid TEXT NOT NULL,
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    by_ref TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE INDEX provision_events_work ON provision_events (work_id, eid);
CREATE INDEX provision_events_source ON provision_events (source);
