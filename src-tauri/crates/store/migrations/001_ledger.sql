-- 001: the initial ledger. One SQLite file holds the whole register (台账): settings,
-- staff, departments, enterprises and their contacts, cases with their assignments,
-- deadlines, urges, pauses and attachments, the calendar edits, the number sequences,
-- and the events table that is both every case's timeline and the audit trail.
-- Nothing is ever deleted: the triggers at the end refuse DELETE on every record table;
-- a mistaken case is voided with a reason instead.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL              -- JSON
) STRICT;

CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('clerk', 'leader', 'admin')),
    title      TEXT NOT NULL DEFAULT '',
    pin_hash   TEXT,                 -- argon2 PHC string, never the PIN itself
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE departments (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('internal', 'district')),
    commissioner TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE enterprises (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    credit_code TEXT UNIQUE,         -- 统一社会信用代码, NULL when unknown
    address     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX enterprises_name ON enterprises (name);

CREATE TABLE contacts (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises (id),
    name          TEXT NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX contacts_enterprise ON contacts (enterprise_id);
CREATE INDEX contacts_phone ON contacts (phone);

-- Yearly number sequences; incremented inside the transaction that uses the number,
-- so a rolled-back registration leaves no gap.
CREATE TABLE sequences (
    kind TEXT NOT NULL,              -- 'reg', 'assign', 'letter'
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (kind, year)
) STRICT;

CREATE TABLE cases (
    id                  INTEGER PRIMARY KEY,
    reg_no              TEXT NOT NULL UNIQUE,
    reg_year            INTEGER NOT NULL,
    reg_seq             INTEGER NOT NULL,
    received_at         TEXT NOT NULL,  -- RFC 3339 at +08:00
    channel             TEXT NOT NULL,
    nature              TEXT NOT NULL,
    category            TEXT NOT NULL,
    summary             TEXT NOT NULL,
    description         TEXT NOT NULL,
    wanted_department   TEXT NOT NULL DEFAULT '',
    screening_opinion   TEXT NOT NULL DEFAULT '',
    enterprise_id       INTEGER NOT NULL REFERENCES enterprises (id),
    contact_id          INTEGER NOT NULL REFERENCES contacts (id),
    state               TEXT NOT NULL CHECK (state IN ('registered', 'accepted', 'rejected',
                            'awaiting_material', 'assigned', 'in_progress', 'replied', 'closed', 'void')),
    paused_from         TEXT,
    accepted_at         TEXT,
    handling_class      TEXT,
    escalated           INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0, 1)),
    escalated_at        TEXT,
    special_supervision INTEGER NOT NULL DEFAULT 0 CHECK (special_supervision IN (0, 1)),
    outcome             TEXT CHECK (outcome IN ('A', 'B', 'C')),
    outcome_reason      TEXT NOT NULL DEFAULT '',
    reply_at            TEXT,
    reply_way           TEXT NOT NULL DEFAULT '',
    reply_text          TEXT NOT NULL DEFAULT '',
    eval_result         TEXT CHECK (eval_result IN ('satisfied', 'average', 'unsatisfied')),
    eval_quality        INTEGER CHECK (eval_quality BETWEEN 1 AND 5),
    eval_attitude       INTEGER CHECK (eval_attitude BETWEEN 1 AND 5),
    eval_efficiency     INTEGER CHECK (eval_efficiency BETWEEN 1 AND 5),
    eval_deemed         INTEGER NOT NULL DEFAULT 0 CHECK (eval_deemed IN (0, 1)),
    eval_at             TEXT,
    eval_comment        TEXT NOT NULL DEFAULT '',
    reject_reason       TEXT,
    reject_detail       TEXT NOT NULL DEFAULT '',
    reject_told         TEXT NOT NULL DEFAULT '',
    rejected_at         TEXT,
    closed_at           TEXT,
    void_reason         TEXT,
    -- Derived, kept in step by every write in the same transaction (for fast lists):
    lead_department_id  INTEGER REFERENCES departments (id),
    next_due_at         TEXT,           -- earliest running handling/letter deadline
    next_due_provisional INTEGER NOT NULL DEFAULT 0,
    urge_count          INTEGER NOT NULL DEFAULT 0,  -- counted urges of the current assignment
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    UNIQUE (reg_year, reg_seq)
) STRICT;
CREATE INDEX cases_received ON cases (received_at);
CREATE INDEX cases_state_due ON cases (state, next_due_at);
CREATE INDEX cases_enterprise ON cases (enterprise_id, received_at);
CREATE INDEX cases_lead ON cases (lead_department_id);

CREATE TABLE assignments (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases (id),
    assign_no        TEXT NOT NULL UNIQUE,
    lead_id          INTEGER NOT NULL REFERENCES departments (id),
    handling_class   TEXT NOT NULL,
    route            TEXT NOT NULL CHECK (route IN ('leader_in_charge', 'executive_deputy', 'district_letter')),
    approver         TEXT,
    complex          INTEGER NOT NULL DEFAULT 0,
    assigned_at      TEXT NOT NULL,
    sheet_returned_at TEXT,
    letter_no        TEXT UNIQUE,
    letter_copy_to   TEXT NOT NULL DEFAULT '[]',   -- JSON array
    note             TEXT NOT NULL DEFAULT '',
    superseded_at    TEXT,           -- set when reassigned (转办); the row stays
    superseded_reason TEXT
) STRICT;
CREATE INDEX assignments_case ON assignments (case_id);

CREATE TABLE assignment_cooperators (
    assignment_id INTEGER NOT NULL REFERENCES assignments (id),
    department_id INTEGER NOT NULL REFERENCES departments (id),
    PRIMARY KEY (assignment_id, department_id)
) STRICT;

CREATE TABLE deadlines (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases (id),
    assignment_id INTEGER REFERENCES assignments (id),
    kind          TEXT NOT NULL CHECK (kind IN ('handling', 'letter', 'evaluation')),
    label         TEXT NOT NULL,
    start_at      TEXT NOT NULL,
    amount        INTEGER NOT NULL CHECK (amount >= 0),
    unit          TEXT NOT NULL CHECK (unit IN ('hours', 'days', 'working_days')),
    due_at        TEXT NOT NULL,
    provisional   INTEGER NOT NULL DEFAULT 0,
    met_at        TEXT,
    superseded_at TEXT
) STRICT;
CREATE INDEX deadlines_case ON deadlines (case_id);
CREATE INDEX deadlines_running ON deadlines (due_at) WHERE met_at IS NULL AND superseded_at IS NULL;

-- Time a case waited for the enterprise's material; running deadlines are extended by it.
CREATE TABLE pauses (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    started_at TEXT NOT NULL,
    ended_at   TEXT,
    reason     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX pauses_case ON pauses (case_id);

CREATE TABLE urges (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases (id),
    assignment_id INTEGER REFERENCES assignments (id),
    department_id INTEGER REFERENCES departments (id),
    at            TEXT NOT NULL,
    way           TEXT NOT NULL,
    by_staff      TEXT NOT NULL,
    content       TEXT NOT NULL DEFAULT '',
    counted       INTEGER NOT NULL CHECK (counted IN (0, 1))
) STRICT;
CREATE INDEX urges_case ON urges (case_id, at);

CREATE TABLE attachments (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    kind       TEXT NOT NULL,        -- 登记材料, 签字交办单, 办理报告, 照片, 其他
    file_name  TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    size       INTEGER NOT NULL,
    added_at   TEXT NOT NULL,
    added_by   TEXT NOT NULL,
    voided_at  TEXT
) STRICT;
CREATE INDEX attachments_case ON attachments (case_id);

-- Calendar years the clerk imported or edited; each row set replaces the built-in table
-- for its year.
CREATE TABLE calendar_years (
    year   INTEGER PRIMARY KEY,
    source TEXT NOT NULL
) STRICT;
CREATE TABLE calendar_days (
    date TEXT PRIMARY KEY,           -- YYYY-MM-DD
    year INTEGER NOT NULL REFERENCES calendar_years (year),
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name TEXT NOT NULL
) STRICT;

-- Timeline and audit: who did what when, with the record before and after.
CREATE TABLE events (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER REFERENCES cases (id),
    at       TEXT NOT NULL,
    operator TEXT NOT NULL,
    action   TEXT NOT NULL,
    summary  TEXT NOT NULL,
    before   TEXT,                   -- JSON
    after    TEXT                    -- JSON
) STRICT;
CREATE INDEX events_case ON events (case_id, id);

CREATE TRIGGER no_delete_cases BEFORE DELETE ON cases
BEGIN SELECT RAISE(ABORT, '台账记录不可删除，请改为作废并注明原因'); END;
CREATE TRIGGER no_delete_events BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, '审计记录不可删除'); END;
CREATE TRIGGER no_update_events BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, '审计记录不可修改'); END;
CREATE TRIGGER no_delete_assignments BEFORE DELETE ON assignments
BEGIN SELECT RAISE(ABORT, '交办记录不可删除'); END;
CREATE TRIGGER no_delete_urges BEFORE DELETE ON urges
BEGIN SELECT RAISE(ABORT, '催办记录不可删除'); END;
CREATE TRIGGER no_delete_deadlines BEFORE DELETE ON deadlines
BEGIN SELECT RAISE(ABORT, '时限记录不可删除'); END;
CREATE TRIGGER no_delete_enterprises BEFORE DELETE ON enterprises
BEGIN SELECT RAISE(ABORT, '企业记录不可删除'); END;
CREATE TRIGGER no_delete_contacts BEFORE DELETE ON contacts
BEGIN SELECT RAISE(ABORT, '联系人记录不可删除'); END;
CREATE TRIGGER no_delete_staff BEFORE DELETE ON staff
BEGIN SELECT RAISE(ABORT, '人员记录不可删除，请停用'); END;
CREATE TRIGGER no_delete_departments BEFORE DELETE ON departments
BEGIN SELECT RAISE(ABORT, '部门记录不可删除，请停用'); END;
CREATE TRIGGER no_delete_attachments BEFORE DELETE ON attachments
BEGIN SELECT RAISE(ABORT, '附件记录不可删除，请作废'); END;
