-- 007: indexes for the scheduler's view of the open cases (工作台, 督办看板, the tick), for
-- the process notes of the exported ledger, and for the comparison counts of a report.
--
-- Every open case carries when its current department was last urged: the latest urge
-- of the case's current assignment (转办 starts the count again). urges_case
-- (case_id, at) found a case's urges but read each row for its assignment, and the
-- current assignment took a row read for superseded_at. With these two indexes both are
-- one index seek per open case, whatever the number of urges and reassignments.
-- assignments_case (case_id) is a prefix of the new assignment index and goes.

CREATE INDEX urges_case_assignment ON urges (case_id, assignment_id, at);
CREATE INDEX assignments_case_current ON assignments (case_id, superseded_at);
DROP INDEX assignments_case;

-- The 办理过程 column of the exported ledger (台账) lists each case's progress notes and
-- urges: about one event in seven. events_case found every event of a case and read
-- each row (with its before/after snapshots) to check its action; this partial index
-- holds only those two actions, in the order the column lists them.
CREATE INDEX events_process ON events (case_id, at, id) WHERE action IN ('progress', 'urge');

-- The 上期 and 去年同期 columns of a report are counted by SQLite over one period index
-- each (Ledger::period_counts). Each index read was followed by a read of the case's
-- row for its state and acceptance, and of each deadline row for lateness: a year's
-- comparison read some 100 000 rows. These indexes carry what the counts test, so a
-- count reads index entries only. Same names, wider keys; every statement that used the
-- narrow ones still can (cases_received keeps id second, so the ledger list's newest-first
-- order is still the index's own order).
DROP INDEX cases_received;
CREATE INDEX cases_received ON cases (received_at, id, state, accepted_at);
DROP INDEX cases_closed;
CREATE INDEX cases_closed ON cases (closed_at, state) WHERE closed_at IS NOT NULL;
DROP INDEX cases_evaluated;
CREATE INDEX cases_evaluated ON cases (eval_at, eval_result, eval_deemed, state)
    WHERE eval_at IS NOT NULL;
DROP INDEX deadlines_case;
CREATE INDEX deadlines_case ON deadlines (case_id, kind, superseded_at, met_at, due_at);
