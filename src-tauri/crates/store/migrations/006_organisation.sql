-- 006: who decides — filing, the leading group's decisions, joint meetings, and the
-- organisation behind them (issue 15).
--
-- filings: 备案, the department's handling report signed by its head and filed with the
-- service centre (000 三(二)2–4, 003 第9条); the scan, when there is one, is an
-- attachment of the case (kind 办理情况报告). A handling class that needs it
-- (`filing_required` in the policy, 廊坊 二/三/四类) cannot be closed without a row here.
--
-- meetings and meeting_cases: the 联席会议 (000 五3), 协调推进会 (003 第8条) and the
-- leading group's meeting, with their attendees (departments) and, per case on the
-- agenda, what was decided. `number` is the meeting's yearly sequence of its kind
-- (sequences.kind = 'meeting:<kind>'), printed as 2026年第1次联席会议.
--
-- decisions: 领导小组决定 on an escalated case (002 第11条, 003 第4条), taken at a
-- meeting or by a leader. It ends the escalation (cases.escalated back to 0; the
-- escalated_at of the escalation stays, so the period's escalations still count it) and
-- may move the case to a new lead (the new assignment row) or set a new limit (`until`).
--
-- cases.common_issue: the case is flagged 共性问题 and is on the next joint meeting's
-- agenda (002 第7条 routes 共性 requests to the leading group).
--
-- staff.leading_group / staff.service_office: membership of the 领导小组 and of the
-- 企服办 (002 第1–3条). departments.deputy / liaison: the 分管副职 and the 联络员 each
-- department names (000 五2), each with a phone, beside the 专员 (commissioner, phone).
--
-- Records are never deleted: the triggers at the end refuse it, as in 001.

CREATE TABLE filings (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases (id),
    department_id INTEGER REFERENCES departments (id),
    text          TEXT NOT NULL,
    signed_by     TEXT NOT NULL,
    attachment_id INTEGER REFERENCES attachments (id),
    filed_at      TEXT NOT NULL,
    filed_by      TEXT NOT NULL
) STRICT;
CREATE INDEX filings_case ON filings (case_id);

CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('joint', 'coordination', 'leading_group')),
    held_on     TEXT NOT NULL,       -- YYYY-MM-DD
    number      INTEGER NOT NULL,    -- yearly sequence of its kind
    minutes     TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    UNIQUE (kind, held_on, number)
) STRICT;
CREATE INDEX meetings_held_on ON meetings (held_on);

CREATE TABLE meeting_attendees (
    meeting_id    INTEGER NOT NULL REFERENCES meetings (id),
    department_id INTEGER NOT NULL REFERENCES departments (id),
    PRIMARY KEY (meeting_id, department_id)
) STRICT;

CREATE TABLE meeting_cases (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    position   INTEGER NOT NULL,     -- order on the agenda
    decision   TEXT NOT NULL,
    PRIMARY KEY (meeting_id, case_id)
) STRICT;
CREATE INDEX meeting_cases_case ON meeting_cases (case_id);

CREATE TABLE decisions (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases (id),
    meeting_id     INTEGER REFERENCES meetings (id),
    text           TEXT NOT NULL,
    lead_id        INTEGER REFERENCES departments (id),
    handling_class TEXT,
    until          TEXT,             -- YYYY-MM-DD, a new limit for the same department
    decided_at     TEXT NOT NULL,
    decided_by     TEXT NOT NULL
) STRICT;
CREATE INDEX decisions_case ON decisions (case_id);
CREATE INDEX decisions_at ON decisions (decided_at);

ALTER TABLE cases ADD COLUMN common_issue INTEGER NOT NULL DEFAULT 0 CHECK (common_issue IN (0, 1));

ALTER TABLE staff ADD COLUMN leading_group INTEGER NOT NULL DEFAULT 0 CHECK (leading_group IN (0, 1));
ALTER TABLE staff ADD COLUMN service_office INTEGER NOT NULL DEFAULT 0 CHECK (service_office IN (0, 1));

ALTER TABLE departments ADD COLUMN deputy TEXT NOT NULL DEFAULT '';
ALTER TABLE departments ADD COLUMN deputy_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE departments ADD COLUMN liaison TEXT NOT NULL DEFAULT '';
ALTER TABLE departments ADD COLUMN liaison_phone TEXT NOT NULL DEFAULT '';

CREATE TRIGGER no_delete_filings BEFORE DELETE ON filings
BEGIN SELECT RAISE(ABORT, '备案记录不可删除'); END;
CREATE TRIGGER no_delete_meetings BEFORE DELETE ON meetings
BEGIN SELECT RAISE(ABORT, '会议记录不可删除'); END;
CREATE TRIGGER no_delete_meeting_attendees BEFORE DELETE ON meeting_attendees
BEGIN SELECT RAISE(ABORT, '会议记录不可删除'); END;
CREATE TRIGGER no_delete_meeting_cases BEFORE DELETE ON meeting_cases
BEGIN SELECT RAISE(ABORT, '会议记录不可删除'); END;
CREATE TRIGGER no_delete_decisions BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, '领导小组决定不可删除'); END;
