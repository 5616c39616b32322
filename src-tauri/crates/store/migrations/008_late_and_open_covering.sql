-- 008: what the period reports and the scheduler read most often, kept where a read of
-- one index finds it.
--
-- cases.late: whether a case's handling or letter deadline was met late or is still
-- unmet (the 按期办结 test of the reports, 003 第11条). Each report computed it with a
-- deadline seek per case, which was a third of a yearly report. It is a function of the
-- case's deadline rows alone (no `now`), so these triggers keep it: every insert or
-- change of a deadline recomputes the flag of its case, whatever code path wrote the
-- deadline. The ledger's invariant tests check it against the deadlines.

ALTER TABLE cases ADD COLUMN late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1));

UPDATE cases SET late = EXISTS (
    SELECT 1 FROM deadlines dl WHERE dl.case_id = cases.id
      AND dl.kind IN ('handling', 'letter') AND dl.superseded_at IS NULL
      AND (dl.met_at IS NULL OR dl.met_at > dl.due_at));

CREATE TRIGGER case_late_on_deadline_insert AFTER INSERT ON deadlines
BEGIN
    UPDATE cases SET late = EXISTS (
        SELECT 1 FROM deadlines dl WHERE dl.case_id = NEW.case_id
          AND dl.kind IN ('handling', 'letter') AND dl.superseded_at IS NULL
          AND (dl.met_at IS NULL OR dl.met_at > dl.due_at))
    WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_late_on_deadline_update
AFTER UPDATE OF case_id, kind, due_at, met_at, superseded_at ON deadlines
BEGIN
    UPDATE cases SET late = EXISTS (
        SELECT 1 FROM deadlines dl WHERE dl.case_id = cases.id
          AND dl.kind IN ('handling', 'letter') AND dl.superseded_at IS NULL
          AND (dl.met_at IS NULL OR dl.met_at > dl.due_at))
    WHERE id IN (NEW.case_id, OLD.case_id);
END;

-- The 按期办结 count of a comparison period reads cases_closed alone: late joins its key.
DROP INDEX cases_closed;
CREATE INDEX cases_closed ON cases (closed_at, state, late) WHERE closed_at IS NOT NULL;

-- The scheduler (工作台, 督办看板, the tick) reads every open case. cases_open found them
-- but each was then read from the table, a page apiece; now the index carries every
-- column the scheduler reads, so the open cases are a few pages of one index.
DROP INDEX cases_open;
CREATE INDEX cases_open ON cases (
    id, state, reg_no, enterprise_id, lead_department_id, urge_count, escalated, outcome,
    eval_result, summary)
    WHERE state NOT IN ('closed', 'void', 'rejected');

-- Their running deadlines, likewise from one index and no deadline row. met_at and
-- superseded_at are always NULL here, but SQLite counts an index as covering only when it
-- holds every column the statement names, the WHERE's included.
CREATE INDEX deadlines_running_case ON deadlines (
    case_id, kind, label, due_at, provisional, met_at, superseded_at)
    WHERE met_at IS NULL AND superseded_at IS NULL;

-- The exported ledger's 交办日期 is the current assignment's time: with it in the key,
-- a case's current assignment is one index entry, no assignment row (and the
-- scheduler's seek for the current assignment's id is unchanged).
DROP INDEX assignments_case_current;
CREATE INDEX assignments_case_current ON assignments (case_id, superseded_at, assigned_at);
