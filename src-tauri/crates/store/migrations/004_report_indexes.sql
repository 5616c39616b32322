-- 004: indexes for the period reports (Ledger::figure_rows, docs/benchmarks.md).
--
-- A period's figures need the cases received, closed, replied, evaluated or escalated in
-- it, and the urges made in it. Before these indexes the summary read every case and
-- every urge of the ledger; now each period condition is one range over an index, so a
-- monthly report reads a month's cases whatever the size of the ledger. The partial
-- indexes leave out the cases that have no such time yet (most open cases).

CREATE INDEX cases_closed ON cases (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX cases_replied ON cases (reply_at) WHERE reply_at IS NOT NULL;
CREATE INDEX cases_evaluated ON cases (eval_at) WHERE eval_at IS NOT NULL;
CREATE INDEX cases_escalated ON cases (escalated_at) WHERE escalated_at IS NOT NULL;
CREATE INDEX urges_at ON urges (at);
