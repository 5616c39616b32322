//! Meetings: the 联席会议 on common problems (000 五3), the 协调推进会 (003 第8条) and the
//! leading group's meeting (002 第1、7、11条). A meeting is recorded in one transaction
//! with every decision it took: on an escalated case the decision is the leading group's
//! (it ends the escalation and may move the case, [`crate::DecisionInput`]); on any other
//! case it is a note on the timeline. The agenda of the next meeting is every open case
//! flagged 共性问题 that no meeting has taken up yet, and every escalated case.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhitong_domain::validate::{self, Issues};
use zhitong_domain::workflow::Request;
use zhitong_domain::{Action, CaseRow, DomainError, Instant, Meeting, MeetingItem, MeetingKind};

use crate::actions::{act_in, rule};
use crate::decide::{decide_in, DecisionInput};
use crate::registry::department_by_name;
use crate::sql::{Col, Ts};
use crate::{next_seq, Ledger, Operator, Result, StoreError, Tx};

/// One case a meeting decided on.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct MeetingDecisionInput {
    pub case_id: i64,
    pub decision: String,
}

/// A meeting as recorded (`zhitong meeting add`, the desktop's 会议 screen).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MeetingInput {
    pub kind: MeetingKind,
    #[ts(type = "string")]
    pub held_on: NaiveDate,
    /// Attending departments (成员单位).
    #[serde(default)]
    pub attendees: Vec<String>,
    #[serde(default)]
    pub minutes: String,
    pub items: Vec<MeetingDecisionInput>,
}

/// A case on the next meeting's agenda, and why it is there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgendaCase {
    pub row: CaseRow,
    /// Flagged 共性问题 and not yet taken up by a meeting.
    pub common: bool,
}

/// 2026年第1次联席会议.
pub(crate) fn number_text(kind: MeetingKind, held_on: NaiveDate, n: i64) -> String {
    format!("{}年第{n}次{}", held_on.year(), kind.label())
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("日期“{s}”")))
}

impl Ledger {
    /// Records a meeting and every decision it took, as one change: all of it lands or
    /// none. A decision on an escalated case is the leading group's and needs a leader.
    pub fn add_meeting(
        &mut self,
        input: &MeetingInput,
        op: &Operator,
        at: Instant,
    ) -> Result<Meeting> {
        let id = self.write(|tx| add_meeting_in(tx, input, op, at))?;
        self.meeting(id)
    }

    /// Every meeting, newest first.
    pub fn meetings(&self) -> Result<Vec<Meeting>> {
        let ids: Vec<i64> = self
            .conn()
            .prepare("SELECT id FROM meetings ORDER BY held_on DESC, id DESC")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.meeting(id)).collect()
    }

    /// The meetings held on `from` ≤ date < `to` (the monthly analysis, 002 第12条).
    pub fn meetings_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Meeting>> {
        let ids: Vec<i64> = self
            .conn()
            .prepare(
                "SELECT id FROM meetings WHERE held_on >= ?1 AND held_on < ?2 ORDER BY held_on, id",
            )?
            .query_map(
                params![
                    from.format("%Y-%m-%d").to_string(),
                    to.format("%Y-%m-%d").to_string()
                ],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.meeting(id)).collect()
    }

    pub fn meeting(&self, id: i64) -> Result<Meeting> {
        meeting_in(self.conn(), id)
    }

    /// The next meeting's agenda: open cases flagged 共性问题 that no meeting has taken
    /// up, and escalated cases awaiting the leading group's decision.
    pub fn meeting_agenda(&self) -> Result<Vec<AgendaCase>> {
        let sql = format!(
            "{} WHERE c.state NOT IN ('closed', 'void', 'rejected')
               AND (c.escalated = 1 OR (c.common_issue = 1
                    AND NOT EXISTS (SELECT 1 FROM meeting_cases mc WHERE mc.case_id = c.id)))
             ORDER BY c.escalated DESC, c.received_at",
            crate::query::ROW_SELECT
        );
        let rows: Vec<Result<CaseRow>> = self
            .conn()
            .prepare(&sql)?
            .query_map([], crate::query::row_from)?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for r in rows {
            let row = r?;
            let common: bool = self.conn().query_row(
                "SELECT common_issue = 1 AND NOT EXISTS (SELECT 1 FROM meeting_cases WHERE case_id = ?1)
                 FROM cases WHERE id = ?1",
                [row.id],
                |r| r.get(0),
            )?;
            out.push(AgendaCase { row, common });
        }
        Ok(out)
    }

    /// The decisions of the leading group taken `from` ≤ time < `to`, with their cases'
    /// 登记编号 (the monthly analysis, 002 第12条).
    pub fn decisions_between(
        &self,
        from: Instant,
        to: Instant,
    ) -> Result<Vec<(String, zhitong_domain::Decision)>> {
        let ids: Vec<(i64, i64)> = self
            .conn()
            .prepare(
                "SELECT case_id, id FROM decisions WHERE decided_at >= ?1 AND decided_at < ?2
                 ORDER BY decided_at, id",
            )?
            .query_map(params![Ts(from), Ts(to)], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (case_id, id) in ids {
            let case = self.case(case_id)?;
            if let Some(d) = case.decisions.into_iter().find(|d| d.id == id) {
                out.push((case.reg_no, d));
            }
        }
        Ok(out)
    }
}

pub(crate) fn meeting_in(conn: &Connection, id: i64) -> Result<Meeting> {
    let (kind, held_on, number, minutes, recorded_at, recorded_by) = conn
        .query_row(
            "SELECT kind, held_on, number, minutes, recorded_at, recorded_by FROM meetings WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, Col<MeetingKind>>(0)?.0,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Ts>(4)?.0,
                    r.get::<_, String>(5)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| {
            StoreError::Domain(DomainError::invalid(
                "meeting",
                format!("找不到会议 {id}，请用 zhitong meeting list 查看会议编号"),
            ))
        })?;
    let held_on = parse_date(&held_on)?;
    let attendees: Vec<String> = conn
        .prepare_cached(
            "SELECT d.name FROM meeting_attendees a JOIN departments d ON d.id = a.department_id
             WHERE a.meeting_id = ?1 ORDER BY d.kind = 'district', d.id",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let items: Vec<MeetingItem> = conn
        .prepare_cached(
            "SELECT c.id, c.reg_no, e.name, c.summary, mc.decision,
                    EXISTS (SELECT 1 FROM decisions x WHERE x.meeting_id = mc.meeting_id AND x.case_id = c.id)
             FROM meeting_cases mc JOIN cases c ON c.id = mc.case_id
             JOIN enterprises e ON e.id = c.enterprise_id
             WHERE mc.meeting_id = ?1 ORDER BY mc.position",
        )?
        .query_map([id], |r| {
            Ok(MeetingItem {
                case_id: r.get(0)?,
                reg_no: r.get(1)?,
                enterprise: r.get(2)?,
                summary: r.get(3)?,
                decision: r.get(4)?,
                ended_escalation: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Meeting {
        id,
        kind,
        number: number_text(kind, held_on, number),
        held_on,
        attendees,
        minutes,
        items,
        recorded_at,
        recorded_by,
    })
}

fn add_meeting_in(tx: &Tx, input: &MeetingInput, op: &Operator, at: Instant) -> Result<i64> {
    let mut is = Issues::default();
    if input.held_on > at.date_naive() {
        is.0.push(zhitong_domain::FieldIssue::new(
            "held_on",
            format!(
                "会议日期 {} 晚于今天，会议开过之后再记录",
                input.held_on.format("%Y-%m-%d")
            ),
        ));
    }
    let minutes = is.check(
        "minutes",
        validate::text(
            &input.minutes,
            validate::TextRule {
                max_chars: 20_000,
                ..rule("会议纪要", false)
            },
        ),
    );
    let mut attendees = Vec::new();
    for name in input.attendees.iter().filter(|n| !n.trim().is_empty()) {
        if let Some(d) = is.check(
            "attendees",
            department_by_name(tx, name).map_err(|e| e.to_string()),
        ) {
            if !attendees
                .iter()
                .any(|a: &zhitong_domain::Department| a.id == d.id)
            {
                attendees.push(d);
            }
        }
    }
    if input.items.is_empty() {
        is.0.push(zhitong_domain::FieldIssue::new(
            "items",
            "请至少列入一件案件及会议的决定（命令行 --case 编号 --decision \"编号=决定\"）",
        ));
    }
    let mut items = Vec::new();
    for (i, item) in input.items.iter().enumerate() {
        if input.items[..i].iter().any(|o| o.case_id == item.case_id) {
            is.0.push(zhitong_domain::FieldIssue::new(
                "items",
                "同一案件在一次会议中只能列入一次",
            ));
            continue;
        }
        let reg_no = match tx.case(item.case_id) {
            Ok(c) => c.reg_no,
            Err(e) => {
                is.0.push(zhitong_domain::FieldIssue::new("items", e.to_string()));
                continue;
            }
        };
        match validate::text(&item.decision, rule("会议决定", true)) {
            Ok(d) => items.push((item.case_id, d)),
            Err(m) => is.0.push(zhitong_domain::FieldIssue::new(
                "items",
                format!("{reg_no}：{m}"),
            )),
        }
    }
    is.finish()?;
    let minutes = minutes.expect("ok");
    let year = input.held_on.year();
    let kind_code = crate::sql::code(input.kind);
    let number = next_seq(tx, &format!("meeting:{kind_code}"), year)?;
    tx.execute(
        "INSERT INTO meetings (kind, held_on, number, minutes, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            Col(input.kind),
            input.held_on.format("%Y-%m-%d").to_string(),
            number,
            minutes,
            Ts(at),
            op.name
        ],
    )?;
    let mid = tx.last_insert_rowid();
    for d in &attendees {
        tx.execute(
            "INSERT INTO meeting_attendees (meeting_id, department_id) VALUES (?1, ?2)",
            params![mid, d.id],
        )?;
    }
    for (pos, (case_id, decision)) in items.iter().enumerate() {
        tx.execute(
            "INSERT INTO meeting_cases (meeting_id, case_id, position, decision) VALUES (?1, ?2, ?3, ?4)",
            params![mid, case_id, pos as i64, decision],
        )?;
    }
    let title = number_text(input.kind, input.held_on, number);
    tx.events().record(
        None,
        at,
        op,
        "meeting.add",
        &format!(
            "记录{title}（{}）：审议{}件{}",
            input.held_on.format("%Y-%m-%d"),
            items.len(),
            if attendees.is_empty() {
                String::new()
            } else {
                format!(
                    "，出席单位{}",
                    attendees
                        .iter()
                        .map(|d| d.name.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                )
            }
        ),
        None,
        Some(serde_json::json!({"meeting_id": mid, "kind": kind_code, "number": number})),
    )?;
    for (case_id, decision) in &items {
        let case = tx.case(*case_id)?;
        if case.escalated {
            decide_in(
                tx,
                *case_id,
                &DecisionInput {
                    text: decision.clone(),
                    meeting_id: Some(mid),
                    ..DecisionInput::default()
                },
                op,
                at,
            )?;
        } else {
            let title = title.clone();
            act_in(
                tx,
                *case_id,
                Request::Note(Action::MeetingNote),
                op,
                at,
                Box::new(move |_, _, _, _, _| Ok(format!("{title}议定：{decision}"))),
            )?;
        }
    }
    Ok(mid)
}
