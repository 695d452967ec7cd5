-- The time of day an asset was seized (kê biên), HH:MM Vietnam time: coercion is never organised
-- 22:00–06:00 (khoản 2 Điều 46 Luật 26/2008/QH12; khoản 5 Điều 72 Luật 106/2025/QH15).
ALTER TABLE enf_asset_events ADD COLUMN at_time TEXT;
