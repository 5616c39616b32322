-- 005: 台账 sorted by 企业 pages through an index (issue 16).
--
-- Names sort by pinyin (CLDR zh, ICU4X), which SQLite cannot do by itself. Until now the
-- list computed zh_sort_key(name) for every case and sorted them all for each page
-- (300 ms at 100 000 cases). sort_key stores that key with the enterprise; the store
-- writes it wherever it writes a name (registry.rs). Keys are made in Rust, not SQL, so
-- the enterprises already in a ledger get theirs when the store opens it (Ledger::setup
-- fills every empty key, one index lookup when there is none). With
-- enterprises_sort and cases_enterprise (enterprise_id, received_at) a page is a walk of
-- two indexes in order. A stored column rather than an expression index, so that
-- integrity checks and other tools reading the file need no custom SQL function.

ALTER TABLE enterprises ADD COLUMN sort_key BLOB NOT NULL DEFAULT x'';
CREATE INDEX enterprises_sort ON enterprises (sort_key);
