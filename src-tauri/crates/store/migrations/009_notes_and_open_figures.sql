-- 009: two indexes widened so that the ledger export and the period reports read index
-- entries instead of scattered table rows.
--
-- events_process: the exported ledger's 办理过程 is the progress notes and urges of each
-- case. The index found them, but each note was then read from the events table, whose
-- rows carry the before/after snapshots (about 800 bytes each): an export of 100 000
-- cases read some 96 000 table pages, one per note, for a 20-character text. With the
-- text in the index, the notes are read from the index alone (action is there too:
-- SQLite counts an index as covering only when it holds every column named, the WHERE's
-- included).
DROP INDEX events_process;
CREATE INDEX events_process ON events (case_id, at, id, action, summary)
    WHERE action IN ('progress', 'urge');

-- cases_open: the period reports count every case overdue now (the 当前逾期 figure and
-- the 通报), thousands of open cases spread over the whole table, a page apiece, which
-- pushed a monthly report's own rows out of the page cache on every run. The index
-- already carried what the scheduler reads of an open case; it now also carries what a
-- report reads of one, so the overdue cases are read from the index alone
-- (Ledger::figure_rows). Same name and key order (id first), for the scheduler.
DROP INDEX cases_open;
CREATE INDEX cases_open ON cases (
    id, state, reg_no, enterprise_id, lead_department_id, urge_count, escalated, outcome,
    eval_result, summary,
    received_at, nature, channel, category, accepted_at, closed_at, reply_at, escalated_at,
    eval_deemed, eval_at, eval_quality, eval_attitude, eval_efficiency, next_due_at, late)
    WHERE state NOT IN ('closed', 'void', 'rejected');
