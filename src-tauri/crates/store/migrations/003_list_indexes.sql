-- 003: indexes for the performance targets (docs/benchmarks.md, `cargo xtask bench`).
--
-- cases_open: the scheduler (工作台 agenda, 督办看板, the minute tick) and the 督办中
-- filter read only open cases, a few per cent of a ledger that has run for years. Their
-- queries say `state NOT IN ('closed', 'void', 'rejected')`, which no ordinary index can
-- serve; this partial index holds exactly those cases (in id order, as open_cases reads
-- them), so they no longer scan every case ever registered.
--
-- cases_lead_received: the ledger list filtered by lead department (牵头部门), newest
-- first, pages in index order instead of sorting all of the department's cases. It
-- covers what cases_lead (its prefix) served, so that index is dropped.

CREATE INDEX cases_open ON cases (id) WHERE state NOT IN ('closed', 'void', 'rejected');
CREATE INDEX cases_lead_received ON cases (lead_department_id, received_at);
DROP INDEX cases_lead;
