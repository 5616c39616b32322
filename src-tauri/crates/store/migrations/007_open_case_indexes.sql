-- 007: indexes for the scheduler's view of the open cases (工作台, 督办看板, the tick), and for
-- the process notes of the exported ledger.
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
