//! Reading cases back: the full [`Case`] for a case page and `case show`, and the
//! lighter [`CaseRow`] for lists.

use rusqlite::{params, Connection, OptionalExtension};
use zhitong_calendar::Span;
use zhitong_domain::{
    Assignment, Attachment, Case, CaseRow, Contact, Deadline, DeadlineKind, Decision, Enterprise,
    Evaluation, Event, Filing, Letter, Outcome, Rejection, Reply, Urge,
};

use crate::sql::{self, Col, Ts};
use crate::{parse_ts, parse_ts_opt, Ledger, Result, StoreError};

// Short names over `sql`'s one mapping, for the modules that build SQL by hand.
pub(crate) fn state_from(s: &str) -> Result<zhitong_domain::CaseState> {
    sql::parse(s)
}
pub(crate) fn unit_from(s: &str) -> Result<zhitong_calendar::Unit> {
    sql::parse(s)
}
pub(crate) fn unit_id(u: zhitong_calendar::Unit) -> &'static str {
    sql::code(u)
}
pub(crate) fn route_id(r: zhitong_domain::Route) -> &'static str {
    sql::code(r)
}
pub(crate) fn satisfaction_id(s: zhitong_domain::Satisfaction) -> &'static str {
    sql::code(s)
}
pub(crate) fn reject_id(r: zhitong_domain::RejectReason) -> &'static str {
    sql::code(r)
}

fn outcome_from(s: Option<String>) -> Result<Option<Outcome>> {
    s.as_deref().map(sql::parse).transpose()
}

impl Ledger {
    /// Finds a case by 登记编号, 交办编号/函号, or a bare number, which is a 登记编号
    /// sequence ("308" is 第308号 of the latest year that has one). Internal ids are
    /// never taken from a user.
    pub fn case_by_ref(&self, r: &str) -> Result<Case> {
        let r = r.trim();
        if crate::search::bare_number(r).is_some() {
            return match self.cases_numbered(r)?.first() {
                Some(id) => self.case(*id),
                None => Err(StoreError::CaseNotFound(r.into())),
            };
        }
        let id: Option<i64> = self
            .conn()
            .query_row(
                "SELECT id FROM cases WHERE reg_no = ?1
                 UNION ALL SELECT case_id FROM assignments WHERE assign_no = ?1 OR letter_no = ?1
                 LIMIT 1",
                [r],
                |row| row.get(0),
            )
            .optional()?;
        match id {
            Some(id) => self.case(id),
            None => Err(StoreError::CaseNotFound(r.into())),
        }
    }

    pub fn case(&self, id: i64) -> Result<Case> {
        case(self.conn(), id)
    }

    pub fn events(&self, case_id: i64) -> Result<Vec<Event>> {
        events(self.conn(), case_id)
    }

    /// One ledger row.
    pub fn row(&self, id: i64) -> Result<CaseRow> {
        self.conn()
            .query_row(
                &format!("{} WHERE c.id = ?1", crate::query::ROW_SELECT),
                params![id],
                crate::query::row_from,
            )
            .optional()?
            .ok_or_else(|| StoreError::CaseNotFound(id.to_string()))?
    }
}

pub(crate) fn case(conn: &Connection, id: i64) -> Result<Case> {
    let mut case = conn
            .query_row(
                "SELECT c.id, c.reg_no, c.received_at, c.channel, c.nature, c.category, c.summary,
                        c.description, c.wanted_department, c.screening_opinion,
                        e.id, e.name, e.credit_code, e.address,
                        ct.id, ct.name, ct.title, ct.phone, ct.email,
                        c.state, c.paused_from, c.handling_class, c.escalated, c.special_supervision,
                        c.outcome, c.outcome_reason, c.reply_at, c.reply_way, c.reply_text,
                        c.eval_result, c.eval_quality, c.eval_attitude, c.eval_efficiency,
                        c.eval_deemed, c.eval_at, c.eval_comment,
                        c.reject_reason, c.reject_detail, c.reject_told, c.rejected_at,
                        c.void_reason, c.created_at, c.updated_at, c.common_issue
                 FROM cases c
                 JOIN enterprises e ON e.id = c.enterprise_id
                 JOIN contacts ct ON ct.id = c.contact_id
                 WHERE c.id = ?1",
                [id],
                |r| {
                    Ok(RawCase {
                        id: r.get(0)?,
                        reg_no: r.get(1)?,
                        received_at: r.get(2)?,
                        channel: r.get(3)?,
                        nature: r.get(4)?,
                        category: r.get(5)?,
                        summary: r.get(6)?,
                        description: r.get(7)?,
                        wanted_department: r.get(8)?,
                        screening_opinion: r.get(9)?,
                        enterprise: Enterprise {
                            id: r.get(10)?,
                            name: r.get(11)?,
                            credit_code: r.get(12)?,
                            address: r.get(13)?,
                        },
                        contact: Contact {
                            id: r.get(14)?,
                            name: r.get(15)?,
                            title: r.get(16)?,
                            phone: r.get(17)?,
                            email: r.get(18)?,
                        },
                        state: r.get(19)?,
                        paused_from: r.get(20)?,
                        handling_class: r.get(21)?,
                        escalated: r.get(22)?,
                        special_supervision: r.get(23)?,
                        outcome: r.get(24)?,
                        outcome_reason: r.get(25)?,
                        reply_at: r.get(26)?,
                        reply_way: r.get(27)?,
                        reply_text: r.get(28)?,
                        eval_result: r.get(29)?,
                        eval_quality: r.get(30)?,
                        eval_attitude: r.get(31)?,
                        eval_efficiency: r.get(32)?,
                        eval_deemed: r.get(33)?,
                        eval_at: r.get(34)?,
                        eval_comment: r.get(35)?,
                        reject_reason: r.get(36)?,
                        reject_detail: r.get(37)?,
                        reject_told: r.get(38)?,
                        rejected_at: r.get(39)?,
                        void_reason: r.get(40)?,
                        created_at: r.get(41)?,
                        updated_at: r.get(42)?,
                        common_issue: r.get(43)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::CaseNotFound(id.to_string()))
            .and_then(RawCase::into_case)?;
    let mut assignments = assignments(conn, id)?;
    case.assignment = assignments
        .iter()
        .position(|(_, superseded)| !superseded)
        .map(|i| assignments.remove(i).0);
    case.previous_assignments = assignments.into_iter().map(|(a, _)| a).collect();
    case.deadlines = deadlines(conn, id)?;
    case.urges = urges(conn, id)?;
    case.events = events(conn, id)?;
    case.attachments = attachments(conn, id)?;
    case.filings = filings(conn, id)?;
    case.decisions = decisions(conn, id)?;
    case.paused_at = conn
        .query_row(
            "SELECT started_at FROM pauses WHERE case_id = ?1 AND ended_at IS NULL",
            [id],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .map(|s| parse_ts(&s))
        .transpose()?;
    Ok(case)
}

/// Assignments of a case in order, each with whether it was superseded (转办).
fn assignments(conn: &Connection, case_id: i64) -> Result<Vec<(Assignment, bool)>> {
    let mut stmt = conn.prepare(
        "SELECT a.id, a.assign_no, d.name, a.handling_class, a.route, a.approver, a.assigned_at,
                    a.sheet_returned_at, a.letter_no, a.letter_copy_to, a.note,
                    a.superseded_at IS NOT NULL
             FROM assignments a JOIN departments d ON d.id = a.lead_id
             WHERE a.case_id = ?1 ORDER BY a.id",
    )?;
    let raw: Vec<_> = stmt
        .query_map([case_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, String>(9)?,
                r.get::<_, String>(10)?,
                r.get::<_, bool>(11)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut coop = conn.prepare(
        "SELECT d.name FROM assignment_cooperators c JOIN departments d ON d.id = c.department_id
             WHERE c.assignment_id = ?1 ORDER BY d.id",
    )?;
    let mut out = Vec::new();
    for (id, no, lead, class, route, approver, at, returned, letter_no, copy_to, note, sup) in raw {
        let cooperating: Vec<String> = coop
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let route = sql::parse(&route)?;
        // A letter takes no 交办编号: its row holds the 函号 there (see actions).
        let assign_no = if letter_no.as_ref() == Some(&no) {
            String::new()
        } else {
            no
        };
        out.push((
            Assignment {
                id,
                assign_no,
                letter: letter_no.map(|letter_no| Letter {
                    letter_no,
                    bureau: lead.clone(),
                    copy_to: serde_json::from_str(&copy_to).unwrap_or_default(),
                }),
                lead,
                cooperating,
                handling_class: class,
                route,
                approver,
                assigned_at: parse_ts(&at)?,
                sheet_returned_at: parse_ts_opt(returned)?,
                note,
            },
            sup,
        ));
    }
    Ok(out)
}

/// Running and met deadlines (superseded ones are history in the timeline).
fn deadlines(conn: &Connection, case_id: i64) -> Result<Vec<Deadline>> {
    let mut stmt = conn.prepare(
        "SELECT id, kind, label, amount, unit, start_at, due_at, provisional, met_at FROM deadlines
         WHERE case_id = ?1 AND superseded_at IS NULL ORDER BY due_at, id",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(Deadline {
            id: r.get(0)?,
            kind: r.get::<_, Col<DeadlineKind>>(1)?.0,
            label: r.get(2)?,
            span: Span {
                amount: r.get(3)?,
                unit: r.get::<_, Col<zhitong_calendar::Unit>>(4)?.0,
            },
            start_at: r.get::<_, sql::Ts>(5)?.0,
            due_at: r.get::<_, sql::Ts>(6)?.0,
            provisional: r.get(7)?,
            met_at: r.get::<_, Option<sql::Ts>>(8)?.map(|t| t.0),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn urges(conn: &Connection, case_id: i64) -> Result<Vec<Urge>> {
    let mut stmt = conn.prepare(
        "SELECT u.id, u.at, u.way, u.by_staff, COALESCE(d.name, ''), u.content, u.counted
             FROM urges u LEFT JOIN departments d ON d.id = u.department_id
             WHERE u.case_id = ?1 ORDER BY u.at, u.id",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(Urge {
            id: r.get(0)?,
            at: r.get::<_, Ts>(1)?.0,
            way: r.get(2)?,
            by: r.get(3)?,
            department: r.get(4)?,
            content: r.get(5)?,
            counted: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn events(conn: &Connection, case_id: i64) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, operator, action, summary FROM events WHERE case_id = ?1 ORDER BY at, id",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(Event {
            id: r.get(0)?,
            at: r.get::<_, Ts>(1)?.0,
            operator: r.get(2)?,
            action: r.get(3)?,
            summary: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn filings(conn: &Connection, case_id: i64) -> Result<Vec<Filing>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.id, f.text, f.signed_by, COALESCE(d.name, ''), a.file_name, f.attachment_id,
                f.filed_at, f.filed_by
         FROM filings f LEFT JOIN departments d ON d.id = f.department_id
         LEFT JOIN attachments a ON a.id = f.attachment_id
         WHERE f.case_id = ?1 ORDER BY f.id",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(Filing {
            id: r.get(0)?,
            text: r.get(1)?,
            signed_by: r.get(2)?,
            department: r.get(3)?,
            file_name: r.get(4)?,
            attachment_id: r.get(5)?,
            filed_at: r.get::<_, Ts>(6)?.0,
            filed_by: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn decisions(conn: &Connection, case_id: i64) -> Result<Vec<Decision>> {
    let mut stmt = conn.prepare_cached(
        "SELECT x.id, x.text, x.meeting_id, m.kind, m.held_on, m.number, d.name,
                x.handling_class, x.until, x.decided_at, x.decided_by
         FROM decisions x LEFT JOIN departments d ON d.id = x.lead_id
         LEFT JOIN meetings m ON m.id = x.meeting_id
         WHERE x.case_id = ?1 ORDER BY x.id",
    )?;
    let rows: Vec<_> = stmt
        .query_map([case_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<Col<zhitong_domain::MeetingKind>>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<i64>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, Ts>(9)?.0,
                r.get::<_, String>(10)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(
            |(id, text, meeting_id, kind, held_on, number, lead, class, until, at, by)| {
                let meeting = match (kind, held_on, number) {
                    (Some(k), Some(on), Some(n)) => Some(crate::meetings::number_text(
                        k.0,
                        crate::meetings::parse_date(&on)?,
                        n,
                    )),
                    _ => None,
                };
                Ok(Decision {
                    id,
                    text,
                    meeting_id,
                    meeting,
                    lead,
                    handling_class: class,
                    until: until
                        .as_deref()
                        .map(crate::meetings::parse_date)
                        .transpose()?,
                    decided_at: at,
                    decided_by: by,
                })
            },
        )
        .collect()
}

fn attachments(conn: &Connection, case_id: i64) -> Result<Vec<Attachment>> {
    let mut stmt = conn.prepare(
        "SELECT id, kind, file_name, sha256, size, added_at, added_by FROM attachments
             WHERE case_id = ?1 AND voided_at IS NULL ORDER BY id",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(Attachment {
            id: r.get(0)?,
            kind: r.get(1)?,
            file_name: r.get(2)?,
            sha256: r.get(3)?,
            size: r.get(4)?,
            added_at: r.get::<_, Ts>(5)?.0,
            added_by: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

struct RawCase {
    id: i64,
    reg_no: String,
    received_at: String,
    channel: String,
    nature: String,
    category: String,
    summary: String,
    description: String,
    wanted_department: String,
    screening_opinion: String,
    enterprise: Enterprise,
    contact: Contact,
    state: String,
    paused_from: Option<String>,
    handling_class: Option<String>,
    escalated: bool,
    special_supervision: bool,
    outcome: Option<String>,
    outcome_reason: String,
    reply_at: Option<String>,
    reply_way: String,
    reply_text: String,
    eval_result: Option<String>,
    eval_quality: Option<u8>,
    eval_attitude: Option<u8>,
    eval_efficiency: Option<u8>,
    eval_deemed: bool,
    eval_at: Option<String>,
    eval_comment: String,
    reject_reason: Option<String>,
    reject_detail: String,
    reject_told: String,
    rejected_at: Option<String>,
    void_reason: Option<String>,
    created_at: String,
    updated_at: String,
    common_issue: bool,
}

impl RawCase {
    fn into_case(self) -> Result<Case> {
        let outcome = outcome_from(self.outcome)?;
        let reply = match (self.reply_at, outcome) {
            (Some(at), Some(outcome)) => Some(Reply {
                at: parse_ts(&at)?,
                way: self.reply_way,
                text: self.reply_text,
                outcome,
                outcome_reason: self.outcome_reason,
            }),
            _ => None,
        };
        let evaluation = match (self.eval_result, self.eval_at) {
            (Some(result), Some(at)) => Some(Evaluation {
                result: sql::parse(&result)?,
                quality: self.eval_quality,
                attitude: self.eval_attitude,
                efficiency: self.eval_efficiency,
                deemed: self.eval_deemed,
                at: parse_ts(&at)?,
                comment: self.eval_comment,
            }),
            _ => None,
        };
        let rejection = match (self.reject_reason, self.rejected_at) {
            (Some(reason), Some(at)) => Some(Rejection {
                reason: sql::parse(&reason)?,
                detail: self.reject_detail,
                told: self.reject_told,
                at: parse_ts(&at)?,
            }),
            _ => None,
        };
        Ok(Case {
            id: self.id,
            reg_no: self.reg_no,
            received_at: parse_ts(&self.received_at)?,
            channel: self.channel,
            nature: self.nature,
            category: self.category,
            summary: self.summary,
            description: self.description,
            wanted_department: self.wanted_department,
            screening_opinion: self.screening_opinion,
            enterprise: self.enterprise,
            contact: self.contact,
            state: sql::parse(&self.state)?,
            paused_from: self.paused_from.as_deref().map(sql::parse).transpose()?,
            paused_at: None,
            handling_class: self.handling_class,
            assignment: None,
            previous_assignments: vec![],
            deadlines: vec![],
            urges: vec![],
            escalated: self.escalated,
            special_supervision: self.special_supervision,
            common_issue: self.common_issue,
            filings: vec![],
            decisions: vec![],
            outcome,
            reply,
            evaluation,
            rejection,
            void_reason: self.void_reason,
            attachments: vec![],
            events: vec![],
            created_at: parse_ts(&self.created_at)?,
            updated_at: parse_ts(&self.updated_at)?,
        })
    }
}

impl Ledger {
    /// Cases whose current assignment was made on `date` (the day's batch of sheets).
    pub fn cases_assigned_on(&self, date: chrono::NaiveDate) -> Result<Vec<Case>> {
        let from = format!("{date}T00:00:00+08:00");
        let to = format!("{}T00:00:00+08:00", date.succ_opt().unwrap_or(date));
        let ids: Vec<i64> = self
            .conn()
            .prepare(
                "SELECT case_id FROM assignments WHERE superseded_at IS NULL
                   AND assigned_at >= ?1 AND assigned_at < ?2 ORDER BY assigned_at, id",
            )?
            .query_map(params![from, to], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.case(id)).collect()
    }
}
