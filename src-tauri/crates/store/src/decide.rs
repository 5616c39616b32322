//! Who decides, on a case: 备案 of the department's signed report (000 三(二)2–4, 003
//! 第9条), the leading group's decision on an escalated case (002 第11条, 003 第4条), and
//! the 共性问题 flag that puts a case on the next joint meeting's agenda (000 五3, 002
//! 第7条). Each is a step of its own, planned by the domain and audited like every action.

use std::path::PathBuf;

use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhitong_domain::validate;
use zhitong_domain::workflow::Request;
use zhitong_domain::{Action, Case, DomainError, Instant};

use crate::actions::{act_in, rule, steps, AssignInput};
use crate::registry::department_by_name;
use crate::{ts, Ledger, Operator, Result, Tx};

/// 备案 (`zhitong case file-report`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct FilingInput {
    /// The report, or what it says.
    pub text: String,
    /// The department head who signed it.
    pub signed_by: String,
    /// The scan of the signed report.
    #[ts(type = "string | null")]
    pub file: Option<PathBuf>,
}

/// 领导小组决定 (`zhitong case decide`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct DecisionInput {
    pub text: String,
    /// A new lead department: the case moves to it (as 转办) under `handling_class`.
    pub lead: Option<String>,
    pub cooperating: Vec<String>,
    /// The class under the new lead; empty keeps the case's class.
    pub handling_class: Option<String>,
    /// A new limit for the department that has the case.
    #[ts(type = "string | null")]
    pub until: Option<NaiveDate>,
    /// The meeting it was taken at.
    pub meeting_id: Option<i64>,
}

impl Ledger {
    /// 备案: files the department's report signed by its head, with the scan when there
    /// is one (kept as an attachment of kind 办理情况报告). A class that needs it (廊坊
    /// 二/三/四类) cannot be closed before.
    pub fn file_report(
        &mut self,
        id: i64,
        input: &FilingInput,
        op: &Operator,
        at: Instant,
    ) -> Result<Case> {
        let stored = input
            .file
            .as_deref()
            .map(|f| self.store_file(f))
            .transpose()?;
        self.write(|tx| {
            let mut is = validate::Issues::default();
            let text = is.check(
                "text",
                validate::text(&input.text, rule("办理情况报告", true)),
            );
            let signed = is.check(
                "signed_by",
                validate::text(
                    &input.signed_by,
                    validate::TextRule {
                        max_chars: 50,
                        multiline: false,
                        ..rule("签字的部门负责人", true)
                    },
                ),
            );
            is.finish()?;
            let (text, signed) = (text.expect("ok"), signed.expect("ok"));
            act_in(
                tx,
                id,
                Request::Note(Action::FileReport),
                op,
                at,
                Box::new(|tx, case, _, _, _| {
                    let dept = match &case.assignment {
                        Some(a) => Some(department_by_name(tx, &a.lead)?),
                        None => None,
                    };
                    let attachment = match &stored {
                        Some(f) => Some(crate::actions::insert_attachment(
                            tx,
                            id,
                            "办理情况报告",
                            f,
                            op,
                            at,
                        )?),
                        None => None,
                    };
                    tx.execute(
                        "INSERT INTO filings (case_id, department_id, text, signed_by, attachment_id,
                            filed_at, filed_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![
                            id,
                            dept.as_ref().map(|d| d.id),
                            text,
                            signed,
                            attachment,
                            ts(at),
                            op.name
                        ],
                    )?;
                    Ok(format!(
                        "备案：{}办理情况报告（{}签字）{}：{text}",
                        dept.as_ref().map(|d| d.name.as_str()).unwrap_or(""),
                        signed,
                        stored
                            .as_ref()
                            .map(|f| format!("，附扫描件 {}", f.name))
                            .unwrap_or_default()
                    ))
                }),
            )
        })?;
        self.case(id)
    }

    /// 领导小组决定 on an escalated case (leader only): ends the escalation; may move the
    /// case to a new lead under a class (its limits start now) or give the department a
    /// new limit.
    pub fn decide(
        &mut self,
        id: i64,
        input: &DecisionInput,
        op: &Operator,
        at: Instant,
    ) -> Result<Case> {
        self.write(|tx| decide_in(tx, id, input, op, at))?;
        self.case(id)
    }

    /// 标记为共性问题: the case goes on the next joint meeting's agenda.
    pub fn mark_common(
        &mut self,
        id: i64,
        reason: &str,
        op: &Operator,
        at: Instant,
    ) -> Result<Case> {
        self.write(|tx| mark_common_in(tx, id, reason, op, at))?;
        self.case(id)
    }

    /// 受理 at screening, with the handling class when known and the 共性问题 flag, as one
    /// change.
    pub fn accept_flagged(
        &mut self,
        id: i64,
        opinion: &str,
        class: Option<&str>,
        common: bool,
        op: &Operator,
        at: Instant,
    ) -> Result<Case> {
        self.write(|tx| {
            steps::accept(tx, id, opinion, class, op, at)?;
            if common {
                mark_common_in(tx, id, "甄别时认定为共性问题", op, at)?;
            }
            Ok(())
        })?;
        self.case(id)
    }
}

/// The step of [`Ledger::mark_common`] inside an open transaction.
pub(crate) fn mark_common_in(
    tx: &Tx,
    id: i64,
    reason: &str,
    op: &Operator,
    at: Instant,
) -> Result<()> {
    let reason = validate::text(reason, rule("说明", false))
        .map_err(|m| DomainError::invalid("reason", m))?;
    act_in(
        tx,
        id,
        Request::Note(Action::MarkCommon),
        op,
        at,
        Box::new(|tx, _, _, _, _| {
            tx.execute("UPDATE cases SET common_issue = 1 WHERE id = ?1", [id])?;
            let mut s = "标记为共性问题，列入联席会议议题".to_string();
            if !reason.is_empty() {
                s.push_str(&format!("：{reason}"));
            }
            Ok(s)
        }),
    )
}

/// The step of [`Ledger::decide`] inside an open transaction. `meeting` names the
/// meeting for the timeline when the decision was taken at one.
pub(crate) fn decide_in(
    tx: &Tx,
    id: i64,
    input: &DecisionInput,
    op: &Operator,
    at: Instant,
) -> Result<()> {
    let text = validate::text(&input.text, rule("领导小组决定", true))
        .map_err(|m| DomainError::invalid("text", m))?;
    let lead = input
        .lead
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let class = input
        .handling_class
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if lead.is_none() && class.is_some() {
        return Err(DomainError::invalid(
            "lead",
            "改变办理类别须同时写明新的牵头部门（命令行 --lead 部门 --class 类别）",
        )
        .into());
    }
    let meeting = match input.meeting_id {
        Some(m) => Some(crate::meetings::meeting_in(tx, m)?.number),
        None => None,
    };
    let prepared = match lead {
        Some(lead) => {
            let current = tx.case(id)?.handling_class;
            let assign = AssignInput {
                lead: lead.to_string(),
                cooperating: input.cooperating.clone(),
                handling_class: class.map(str::to_string).or(current).unwrap_or_default(),
                note: format!("领导小组决定：{text}"),
                ..AssignInput::default()
            };
            Some((steps::prepare_assignment(tx, &assign)?, assign))
        }
        None => None,
    };
    act_in(
        tx,
        id,
        Request::Decide {
            assign: prepared.as_ref().map(|(p, _)| (p.class.clone(), p.route)),
            until: input.until,
        },
        op,
        at,
        Box::new(|tx, case, _, settings, _| {
            let lead_id = match &prepared {
                Some((p, a)) => Some((department_by_name(tx, &a.lead)?.id, p.class.name.clone())),
                None => None,
            };
            tx.execute(
                "INSERT INTO decisions (case_id, meeting_id, text, lead_id, handling_class, until,
                    decided_at, decided_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    id,
                    input.meeting_id,
                    text,
                    lead_id.as_ref().map(|l| l.0),
                    lead_id.as_ref().map(|l| l.1.clone()),
                    input.until.map(|d| d.format("%Y-%m-%d").to_string()),
                    ts(at),
                    op.name
                ],
            )?;
            let mut s = format!(
                "领导小组决定{}：{text}",
                meeting
                    .as_ref()
                    .map(|m| format!("（{m}）"))
                    .unwrap_or_default()
            );
            if let Some((p, a)) = &prepared {
                s.push('；');
                s.push_str(&steps::write_assignment(
                    tx,
                    id,
                    case,
                    settings,
                    p,
                    a,
                    at,
                    Some("领导小组决定"),
                )?);
            }
            if let Some(d) = input.until {
                s.push_str(&format!(
                    "；由{}于{}前办结",
                    case.assignment
                        .as_ref()
                        .map(|a| a.lead.as_str())
                        .unwrap_or("承办部门"),
                    d.format("%Y-%m-%d")
                ));
            }
            s.push_str("；领导小组督办结束");
            Ok(s)
        }),
    )
}

/// The open cases replied under a class whose 销号 needs the signed report (备案) and
/// without one on file: the 工作台's 待备案.
pub(crate) fn awaiting_filing(
    conn: &rusqlite::Connection,
    settings: &zhitong_domain::Settings,
) -> Result<std::collections::HashSet<i64>> {
    let Some(policy) = settings.policy() else {
        return Ok(Default::default());
    };
    let classes: Vec<&str> = policy
        .classes
        .iter()
        .filter(|c| c.filing_required)
        .map(|c| c.name.as_str())
        .collect();
    if classes.is_empty() {
        return Ok(Default::default());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.handling_class FROM cases c
         WHERE c.state = 'replied'
           AND NOT EXISTS (SELECT 1 FROM filings f WHERE f.case_id = c.id)",
    )?;
    let rows: Vec<(i64, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows
        .into_iter()
        .filter(|(_, c)| c.as_deref().is_some_and(|c| classes.contains(&c)))
        .map(|(id, _)| id)
        .collect())
}

/// Names on the board who answers for each department (专员, 分管副职, 联络员) and the
/// leading group's latest decision on each case, read for all the board's cases by one
/// statement.
pub(crate) fn name_on_board(l: &Ledger, b: &mut zhitong_domain::schedule::Board) -> Result<()> {
    let depts = l.departments()?;
    let ids = format!(
        "[{}]",
        b.groups
            .iter()
            .flat_map(|g| g.items.iter().map(|it| it.case_id.to_string()))
            .collect::<Vec<_>>()
            .join(",")
    );
    let mut latest = l.conn().prepare_cached(
        "SELECT d.case_id, d.text FROM decisions d
         WHERE d.id IN (SELECT MAX(id) FROM decisions
                        WHERE case_id IN (SELECT value FROM json_each(?1))
                        GROUP BY case_id)",
    )?;
    let mut decisions: std::collections::HashMap<i64, String> = latest
        .query_map([ids], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for g in &mut b.groups {
        if let Some(d) = depts.iter().find(|d| d.name == g.department) {
            g.contacts = d.contacts_line();
        }
        for it in &mut g.items {
            it.decision = decisions.remove(&it.case_id);
        }
    }
    Ok(())
}
