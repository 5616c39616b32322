//! Workflow actions on a case (受理, 交办, 催办, 答复, 评价, 销号…). Each one reads the
//! case inside an IMMEDIATE transaction, asks the state machine whether the action is
//! allowed, writes its rows, recomputes the derived columns and records one audit event
//! with the case before and after — or writes nothing at all.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zhitong_calendar::{Calendar, Span};
use zhitong_domain::validate::{self, Issues, TextRule};
use zhitong_domain::workflow::{self, Facts, Plan, Request};
use zhitong_domain::{
    approval, numbering, Action, Case, CaseState, DeadlineKind, DomainError, Instant, NewCase,
    Outcome, RejectReason, Role, Route, Satisfaction, Settings,
};

use crate::calendar::compute_due;
use crate::read::{reject_id, route_id, satisfaction_id};
use crate::registry::{content, department_by_name};
use crate::sql::Col;
use crate::tables::NewUrge;
use crate::{next_seq, ts, Ledger, Operator, Result, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct RejectInput {
    pub reason: Option<RejectReason>,
    pub detail: String,
    /// What the enterprise was told and how (the 不予受理告知).
    pub told: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct AssignInput {
    pub lead: String,
    pub cooperating: Vec<String>,
    pub handling_class: String,
    /// 情况相对复杂 — routes to the executive deputy director.
    pub complex: bool,
    /// 重难点事项 — the letter is also copied to the hard-case bodies.
    pub hard_case: bool,
    /// The leader who approved / signs the sheet (a staff member with the leader role).
    pub approver: Option<String>,
    pub note: String,
    /// Why the case moves (转办 only).
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct UrgeInput {
    pub way: String,
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReplyInput {
    pub way: String,
    pub text: String,
    pub outcome: Outcome,
    #[serde(default)]
    pub outcome_reason: String,
    /// B only: the promised completion date, which runs as a deadline (003 第9条).
    #[serde(default)]
    #[ts(type = "string | null")]
    pub until: Option<NaiveDate>,
}

/// 完成办理节点 (`zhitong case meet`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct MeetInput {
    /// The milestone's label or the words of it, e.g. 研究结果.
    pub milestone: String,
    /// For a milestone that decides it (研究结果): can the matter be solved?
    pub solvable: Option<bool>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EvaluateInput {
    pub result: Satisfaction,
    pub quality: Option<u8>,
    pub attitude: Option<u8>,
    pub efficiency: Option<u8>,
    #[serde(default)]
    pub comment: String,
}

/// The deadlines an assignment would get, for the assignment dialog's live preview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AssignPreview {
    pub route: Route,
    pub route_label: String,
    /// Who may approve this route (003 第7条), for the approver choice.
    pub approvers: Vec<String>,
    pub deadlines: Vec<PreviewDeadline>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PreviewDeadline {
    pub label: String,
    pub span: Span,
    #[ts(type = "string")]
    pub due_at: Instant,
    pub provisional: bool,
    pub description: String,
}

const NOTE: TextRule = TextRule {
    label: "说明",
    required: true,
    max_chars: 5000,
    multiline: true,
};

pub(crate) fn rule(label: &'static str, required: bool) -> TextRule {
    TextRule {
        label,
        required,
        ..NOTE
    }
}

/// The actions a case page offers for `case` under `settings`.
pub fn allowed_actions(case: &Case, settings: &Settings) -> Vec<Action> {
    workflow::allowed(case.state, Facts::of(case, settings, Role::Clerk))
}

fn snapshot(tx: &Transaction, id: i64) -> Result<serde_json::Value> {
    let s: String = tx.query_row(
        "SELECT json_object('state', state, 'paused_from', paused_from, 'handling_class', handling_class,
            'escalated', escalated, 'special_supervision', special_supervision, 'common_issue', common_issue, 'outcome', outcome,
            'reply_at', reply_at, 'eval_result', eval_result, 'eval_deemed', eval_deemed,
            'lead_department_id', lead_department_id, 'next_due_at', next_due_at,
            'urge_count', urge_count, 'void_reason', void_reason, 'summary', summary,
            'description', description, 'category', category, 'nature', nature, 'channel', channel)
         FROM cases WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    Ok(serde_json::from_str(&s).unwrap_or(serde_json::Value::Null))
}

/// Keeps the derived list columns in step with the records (see migration 001).
pub(crate) fn refresh_derived(tx: &Transaction, case_id: i64) -> Result<()> {
    tx.execute(
        "UPDATE cases SET
            lead_department_id = (SELECT lead_id FROM assignments
                WHERE case_id = ?1 AND superseded_at IS NULL ORDER BY id DESC LIMIT 1),
            next_due_at = (SELECT MIN(due_at) FROM deadlines WHERE case_id = ?1
                AND met_at IS NULL AND superseded_at IS NULL AND kind IN ('handling', 'letter')),
            next_due_provisional = COALESCE((SELECT provisional FROM deadlines WHERE case_id = ?1
                AND met_at IS NULL AND superseded_at IS NULL AND kind IN ('handling', 'letter')
                ORDER BY due_at LIMIT 1), 0),
            urge_count = (SELECT COUNT(*) FROM urges u WHERE u.case_id = ?1 AND u.counted = 1
                AND u.assignment_id IS (SELECT id FROM assignments
                    WHERE case_id = ?1 AND superseded_at IS NULL ORDER BY id DESC LIMIT 1))
         WHERE id = ?1",
        [case_id],
    )?;
    Ok(())
}

fn set_state(tx: &Transaction, id: i64, state: CaseState, at: Instant) -> Result<()> {
    tx.execute(
        "UPDATE cases SET state = ?1, updated_at = ?2 WHERE id = ?3",
        params![state.id(), ts(at), id],
    )?;
    Ok(())
}

/// Inserts a running deadline computed from `start` and `span` (extended by the case's
/// finished pauses).
/// A deadline on the timeline: "2026-03-09 24:00", the end of the day written as on
/// the case page and the documents.
fn due_text(due: &zhitong_calendar::Due) -> String {
    format!(
        "{} {}{}",
        due.at.format("%Y-%m-%d"),
        zhitong_calendar::deadline::time_label(due.at),
        if due.provisional { "（暂定）" } else { "" }
    )
}

/// The body of an action: writes its own rows (texts, numbers, the assignment) and
/// returns the timeline's summary. State and deadlines are the plan's.
pub(crate) type Body<'b> =
    dyn FnOnce(&Tx, &Case, &Calendar, &Settings, &Plan) -> Result<String> + 'b;

/// Runs one action inside an open transaction: the domain plans it from the case as the
/// transaction sees it (refusing a state, role or input it does not allow), the body
/// writes its rows, the plan's state and deadlines are applied, then the derived columns
/// and one audit event with the case before and after. Actions compose: several `act_in`
/// in one `write` are one change.
pub(crate) fn act_in(
    tx: &Tx,
    id: i64,
    request: Request,
    op: &Operator,
    at: Instant,
    body: Box<Body<'_>>,
) -> Result<()> {
    let cal = tx.calendar()?;
    let settings = tx.settings()?;
    let case = tx.case(id)?;
    let plan = workflow::plan(&case, Facts::of(&case, settings, op.role), &request, at)
        .map_err(|e| e.with_who(&op.name))?;
    let before = snapshot(tx, id)?;
    let mut summary = body(tx, &case, cal, settings, &plan)?;
    summary.push_str(&apply(tx, cal, settings, id, &plan, at)?);
    tx.execute(
        "UPDATE cases SET updated_at = ?1 WHERE id = ?2",
        params![ts(at), id],
    )?;
    refresh_derived(tx, id)?;
    let after = snapshot(tx, id)?;
    tx.events().record(
        Some(id),
        at,
        op,
        plan.action.id(),
        &summary,
        Some(before),
        Some(after),
    )
}

/// Writes a plan: the new state, the deadlines met and superseded, and the new ones
/// (computed over the calendar, extended by the case's finished pauses). Returns what
/// the timeline adds about the new deadlines.
fn apply(
    tx: &Tx,
    cal: &Calendar,
    settings: &Settings,
    id: i64,
    plan: &Plan,
    at: Instant,
) -> Result<String> {
    set_state(tx, id, plan.state, at)?;
    if let Some(class) = &plan.class {
        tx.execute(
            "UPDATE cases SET handling_class = ?1 WHERE id = ?2",
            params![class, id],
        )?;
    }
    if plan.end_escalation {
        // The leading group decided: the escalation ends, its time stays (figures).
        tx.execute("UPDATE cases SET escalated = 0 WHERE id = ?1", [id])?;
    }
    tx.deadlines().meet(&plan.meet, at)?;
    tx.deadlines().supersede(&plan.supersede, at)?;
    let mut s = String::new();
    if plan.add.is_empty() {
        return Ok(s);
    }
    let aid: Option<i64> = tx
        .query_row(
            "SELECT id FROM assignments WHERE case_id = ?1 AND superseded_at IS NULL
             ORDER BY id DESC LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    for d in &plan.add {
        let due = compute_due(tx, cal, settings, id, d.start, d.span)?;
        tx.deadlines().add(id, aid, d, &due)?;
        if d.kind == DeadlineKind::Evaluation {
            s.push_str(&format!("；企业评价期至 {}", due_text(&due)));
        } else {
            s.push_str(&format!("；{}时限 {}", d.label, due_text(&due)));
        }
    }
    Ok(s)
}

/// 提交领导小组督办 by the rule of 002 第11条: the counted urges of the current
/// assignment reached the limit without result. Runs inside the caller's transaction.
fn escalate_by_rule_in(tx: &Tx, id: i64, at: Instant) -> Result<()> {
    let limit = tx.settings()?.escalate_after_urges;
    let op = Operator {
        name: "系统".into(),
        role: Role::Leader,
    };
    act_in(
        tx,
        id,
        Request::Note(Action::Escalate),
        &op,
        at,
        Box::new(move |tx, _, _, _, _| {
            tx.execute(
                "UPDATE cases SET escalated = 1, escalated_at = ?1 WHERE id = ?2",
                params![ts(at), id],
            )?;
            Ok(format!("逾期催办{limit}次仍未办结，按规定提交领导小组督办"))
        }),
    )
}

/// No evaluation within the window: deemed satisfied (视作满意), flagged as such.
pub(crate) fn deem_satisfied_in(tx: &Tx, id: i64, at: Instant) -> Result<()> {
    let window = tx.settings()?.evaluation_window;
    act_in(
        tx,
        id,
        Request::Evaluate {
            result: Satisfaction::Satisfied,
            deemed: true,
        },
        &Operator::system(),
        at,
        Box::new(move |tx, _, _, _, _| {
            tx.execute(
                "UPDATE cases SET eval_result = 'satisfied', eval_quality = NULL, eval_attitude = NULL,
                    eval_efficiency = NULL, eval_deemed = 1, eval_at = ?1, eval_comment = '' WHERE id = ?2",
                params![ts(at), id],
            )?;
            Ok(format!(
                "答复后{}{}内企业未评价，视作满意",
                window.amount,
                window.unit.label()
            ))
        }),
    )
}

impl Ledger {
    /// Runs one action as its own change and returns the case after it.
    fn act(
        &mut self,
        id: i64,
        action: Action,
        op: &Operator,
        at: Instant,
        body: impl FnOnce(&Tx, &Case, &Calendar, &Settings, &Plan) -> Result<String>,
    ) -> Result<Case> {
        self.write(|tx| act_in(tx, id, Request::Note(action), op, at, Box::new(body)))?;
        self.case(id)
    }

    /// Escalation by rule as its own change (the scheduler's tick).
    pub(crate) fn escalate_by_rule(&mut self, id: i64, at: Instant) -> Result<Case> {
        self.write(|tx| escalate_by_rule_in(tx, id, at))?;
        self.case(id)
    }

    /// No evaluation within the window: deemed satisfied (视作满意), flagged as such.
    pub fn deem_satisfied(&mut self, id: i64, at: Instant) -> Result<Case> {
        self.write(|tx| deem_satisfied_in(tx, id, at))?;
        self.case(id)
    }

    /// 受理: the case is within scope; the leader's screening opinion may be recorded.
    pub fn accept(&mut self, id: i64, opinion: &str, op: &Operator, at: Instant) -> Result<Case> {
        self.write(|tx| steps::accept(tx, id, opinion, None, op, at))?;
        self.case(id)
    }

    /// 受理 with the handling class (诉求归类, 002 第7条): the class's milestones that count
    /// from receipt or acceptance start running, so the unassigned case is on the 工作台
    /// (待交办) with its limit and goes overdue like any other.
    pub fn accept_as(
        &mut self,
        id: i64,
        opinion: &str,
        class: &str,
        op: &Operator,
        at: Instant,
    ) -> Result<Case> {
        self.write(|tx| steps::accept(tx, id, opinion, Some(class), op, at))?;
        self.case(id)
    }

    /// 记录区级部门书面回复: the district bureau answered the letter in writing (003 附件4).
    /// Meets the letter's limit, apart from the park's reply to the enterprise.
    pub fn bureau_reply(
        &mut self,
        id: i64,
        text: &str,
        op: &Operator,
        at: Instant,
    ) -> Result<Case> {
        self.write(|tx| steps::bureau_reply(tx, id, text, op, at))?;
        self.case(id)
    }

    /// 完成办理节点: one milestone of the class met on its own, before the reply (廊坊 三类
    /// 研究结果 within 48 h). `solvable` answers a milestone that decides it; "not
    /// solvable" turns the case into the class the policy names (四类 explanation).
    pub fn meet(&mut self, id: i64, input: &MeetInput, op: &Operator, at: Instant) -> Result<Case> {
        self.write(|tx| steps::meet(tx, id, input, op, at))?;
        self.case(id)
    }

    /// 不予受理, with the reason from the notices' list and what the enterprise was told.
    pub fn reject(
        &mut self,
        id: i64,
        input: &RejectInput,
        op: &Operator,
        at: Instant,
    ) -> Result<Case> {
        self.write(|tx| steps::reject(tx, id, input, op, at))?;
        self.case(id)
    }

    /// 要求补充材料: the case waits for the enterprise and every running clock pauses.
    pub fn await_material(
        &mut self,
        id: i64,
        what: &str,
        op: &Operator,
        at: Instant,
    ) -> Result<Case> {
        self.write(|tx| steps::await_material(tx, id, what, op, at))?;
        self.case(id)
    }

    /// Material arrived: back to the state before the pause, deadlines extended.
    pub fn resume(&mut self, id: i64, note: &str, op: &Operator, at: Instant) -> Result<Case> {
        self.write(|tx| steps::resume(tx, id, note, op, at))?;
        self.case(id)
    }

    /// The deadlines and route an assignment would get at `at` (nothing is written).
    pub fn preview_assignment(
        &self,
        id: i64,
        input: &AssignInput,
        at: Instant,
    ) -> Result<AssignPreview> {
        let case = self.case(id)?;
        let settings = self.settings()?;
        let cal = self.calendar()?;
        let lead = self.department(&input.lead)?;
        let route = Route::for_assignment(lead.kind, input.cooperating.len(), input.complex);
        let class = class_of(&settings, &input.handling_class)?;
        let request = Request::Assign {
            reassign: case.state != CaseState::Accepted,
            class,
            route,
        };
        let plan = workflow::plan(
            &case,
            Facts::of(&case, &settings, Role::Clerk),
            &request,
            at,
        )?;
        let mut deadlines = Vec::new();
        for d in plan.add {
            let due = zhitong_calendar::due(&cal, d.start, d.span, settings.day_end_time());
            deadlines.push(PreviewDeadline {
                description: zhitong_calendar::describe(&cal, &due, at),
                label: d.label,
                span: d.span,
                due_at: due.at,
                provisional: due.provisional,
            });
        }
        Ok(AssignPreview {
            route,
            route_label: route.label().into(),
            approvers: approval::holders(route, &self.staff()?, &settings),
            deadlines,
        })
    }

    /// 交办: lead and cooperating departments, handling class (which sets the deadlines),
    /// the 交办编号, the approval route of 003 第7条, and for a district bureau the letter.
    pub fn assign(
        &mut self,
        id: i64,
        input: &AssignInput,
        op: &Operator,
        at: Instant,
    ) -> Result<Case> {
        self.write(|tx| steps::assign(tx, id, input, op, at))?;
        self.case(id)
    }

    /// 转办: the current assignment is superseded (kept in the history) and a new one made.
    pub fn reassign(
        &mut self,
        id: i64,
        input: &AssignInput,
        op: &Operator,
        at: Instant,
    ) -> Result<Case> {
        self.write(|tx| steps::reassign(tx, id, input, op, at))?;
        self.case(id)
    }

    /// Records that the signed assignment sheet came back.
    pub fn sheet_returned(&mut self, id: i64, op: &Operator, at: Instant) -> Result<Case> {
        self.write(|tx| steps::sheet_returned(tx, id, op, at))?;
        self.case(id)
    }

    /// 办理进展 or department feedback; the first one moves an assigned case to 办理中.
    pub fn progress(
        &mut self,
        id: i64,
        text: &str,
        feedback: bool,
        op: &Operator,
        at: Instant,
    ) -> Result<Case> {
        self.write(|tx| steps::progress(tx, id, text, feedback, op, at))?;
        self.case(id)
    }

    /// 催办. Counted towards escalation at most once per urge interval while a handling
    /// deadline is overdue, per assignment (a 转办 starts the count again); the counted
    /// urge that reaches the limit escalates the case to the leading group (002 第11条)
    /// in the same transaction, so the urge and the escalation land together or not at all.
    pub fn urge(&mut self, id: i64, input: &UrgeInput, op: &Operator, at: Instant) -> Result<Case> {
        self.write(|tx| steps::urge(tx, id, input, op, at))?;
        self.case(id)
    }

    /// 提交领导小组督办 by a leader's decision.
    pub fn escalate(&mut self, id: i64, reason: &str, op: &Operator, at: Instant) -> Result<Case> {
        self.write(|tx| steps::escalate(tx, id, reason, op, at))?;
        self.case(id)
    }

    /// 答复: the department replied to the enterprise; outcome A/B/C. Starts the
    /// evaluation window.
    pub fn reply(
        &mut self,
        id: i64,
        input: &ReplyInput,
        op: &Operator,
        at: Instant,
    ) -> Result<Case> {
        self.write(|tx| steps::reply(tx, id, input, op, at))?;
        self.case(id)
    }

    /// 评价: 满意/一般/不满意 and 1–5 stars for quality, attitude, efficiency.
    pub fn evaluate(
        &mut self,
        id: i64,
        input: &EvaluateInput,
        op: &Operator,
        at: Instant,
    ) -> Result<Case> {
        self.write(|tx| steps::evaluate(tx, id, input, op, at))?;
        self.case(id)
    }

    /// 专项督办: an unsatisfied enterprise or incomplete handling sends the case back to
    /// the department with a new limit (003 第10条). Needs a leader.
    /// `until` is the new limit; without it the class's last milestone runs again.
    pub fn reopen(
        &mut self,
        id: i64,
        reason: &str,
        until: Option<NaiveDate>,
        op: &Operator,
        at: Instant,
    ) -> Result<Case> {
        self.write(|tx| steps::reopen(tx, id, reason, until, op, at))?;
        self.case(id)
    }

    /// 办结销号.
    pub fn close(&mut self, id: i64, note: &str, op: &Operator, at: Instant) -> Result<Case> {
        self.write(|tx| steps::close(tx, id, note, op, at))?;
        self.case(id)
    }

    /// 作废: a mistaken case leaves the open lists, its record stays.
    pub fn void(&mut self, id: i64, reason: &str, op: &Operator, at: Instant) -> Result<Case> {
        self.write(|tx| steps::void(tx, id, reason, op, at))?;
        self.case(id)
    }

    /// 修改登记信息: corrects the registration fields (a misheard phone number, the wrong
    /// category). Every field is validated as at registration; the event records each
    /// changed field with its old and new value and the reason. The 反映时间 may change
    /// only before the case is assigned (deadlines count from it) and within the year
    /// of its 登记编号.
    pub fn edit(
        &mut self,
        id: i64,
        input: &NewCase,
        reason: &str,
        op: &Operator,
        at: Instant,
    ) -> Result<Case> {
        self.write(|tx| steps::edit(tx, id, input, reason, op, at))?;
        self.case(id)
    }

    /// Copies a file into the data folder (content-addressed) and lists it on the case.
    pub fn attach(
        &mut self,
        id: i64,
        file: &Path,
        kind: &str,
        op: &Operator,
        at: Instant,
    ) -> Result<Case> {
        let stored = self.store_file(file)?;
        let kind = validate::text(kind, rule("附件类别", false))
            .map_err(|m| DomainError::invalid("kind", m))?;
        let kind = if kind.is_empty() {
            "其他".to_string()
        } else {
            kind
        };
        self.act(id, Action::Attach, op, at, |tx, _, _, _, _| {
            insert_attachment(tx, id, &kind, &stored, op, at)?;
            Ok(format!("添加附件（{kind}）：{}", stored.name))
        })
    }

    /// Copies `file` into the data folder under its SHA-256 (once per content).
    pub(crate) fn store_file(&self, file: &Path) -> Result<StoredFile> {
        let dir = self
            .data_dir()
            .ok_or_else(|| StoreError::Attachment("内存中的台账不能保存附件".into()))?
            .join("attachments");
        let bytes = std::fs::read(file)
            .map_err(|e| StoreError::Attachment(format!("无法读取文件 {}：{e}", file.display())))?;
        let hash = format!("{:x}", Sha256::digest(&bytes));
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| hash.clone());
        let target = dir.join(&hash[..2]).join(&hash);
        if !target.exists() {
            std::fs::create_dir_all(target.parent().expect("has parent"))
                .and_then(|_| std::fs::write(&target, &bytes))
                .map_err(|e| {
                    StoreError::Attachment(format!(
                        "无法写入数据目录 {}：{e}（磁盘已满或无权限？）",
                        dir.display()
                    ))
                })?;
        }
        Ok(StoredFile {
            name,
            hash,
            size: bytes.len() as i64,
        })
    }

    /// Where an attachment's bytes live, for opening it with the system viewer.
    pub fn attachment_path(&self, attachment_id: i64) -> Result<std::path::PathBuf> {
        let hash: String = self
            .conn()
            .query_row(
                "SELECT sha256 FROM attachments WHERE id = ?1",
                [attachment_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::Attachment(format!("找不到附件 {attachment_id}")))?;
        let dir = self
            .data_dir()
            .ok_or_else(|| StoreError::Attachment("内存中的台账没有附件".into()))?;
        Ok(dir.join("attachments").join(&hash[..2]).join(hash))
    }
}

/// A file copied into the data folder, ready to be listed on a case.
pub(crate) struct StoredFile {
    pub name: String,
    pub hash: String,
    pub size: i64,
}

/// Lists a stored file on the case; returns the attachment's id.
pub(crate) fn insert_attachment(
    tx: &Tx,
    case_id: i64,
    kind: &str,
    f: &StoredFile,
    op: &Operator,
    at: Instant,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO attachments (case_id, kind, file_name, sha256, size, added_at, added_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![case_id, kind, f.name, f.hash, f.size, ts(at), op.name],
    )?;
    Ok(tx.last_insert_rowid())
}

/// A changed value as the timeline shows it: long texts cut to 40 characters.
fn clip(s: &str) -> String {
    if s.chars().count() <= 40 {
        return s.to_string();
    }
    let mut c: String = s.chars().take(39).collect();
    c.push('…');
    c
}

pub use zhitong_domain::plan::{EVAL_LABEL, LETTER_LABEL, PROMISE_LABEL};

/// The class `name` of the active policy, or a refusal listing the classes it has.
pub(crate) fn class_of(
    settings: &Settings,
    name: &str,
) -> std::result::Result<zhitong_domain::policy::HandlingClass, DomainError> {
    let policy = settings.policy();
    policy
        .and_then(|p| p.class(name.trim()))
        .cloned()
        .ok_or_else(|| {
            DomainError::invalid(
                "handling_class",
                format!(
                    "办理类别“{}”不在当前时限规则中，可选：{}",
                    name.trim(),
                    policy
                        .map(|p| p
                            .classes
                            .iter()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join("、"))
                        .unwrap_or_default()
                ),
            )
        })
}

fn close_pause(tx: &Transaction, id: i64, at: Instant) -> Result<()> {
    tx.execute(
        "UPDATE pauses SET ended_at = ?1 WHERE case_id = ?2 AND ended_at IS NULL",
        params![ts(at), id],
    )?;
    Ok(())
}

/// Every action as a step inside an open transaction, so that actions compose.
pub(crate) mod steps {
    use super::*;

    /// The step of [`Ledger::accept`] inside an open transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn accept(
        tx: &Tx,
        id: i64,
        opinion: &str,
        class: Option<&str>,
        op: &Operator,
        at: Instant,
    ) -> Result<()> {
        let opinion = validate::text(opinion, rule("甄别意见", false))
            .map_err(|m| DomainError::invalid("opinion", m))?;
        let class = match class.map(str::trim).filter(|c| !c.is_empty()) {
            Some(name) => Some(class_of(tx.settings()?, name)?),
            None => None,
        };
        act_in(
            tx,
            id,
            Request::Accept { class },
            op,
            at,
            Box::new(|tx, _, _, _, plan| {
                tx.execute(
                    "UPDATE cases SET accepted_at = ?1,
                    screening_opinion = CASE WHEN ?2 = '' THEN screening_opinion ELSE ?2 END
                 WHERE id = ?3",
                    params![ts(at), opinion, id],
                )?;
                let mut s = String::from("甄别后受理");
                if let Some(class) = &plan.class {
                    s.push_str(&format!("，归为“{class}”"));
                }
                if !opinion.is_empty() {
                    s.push_str(&format!("。甄别意见：{opinion}"));
                }
                Ok(s)
            }),
        )
    }

    /// The step of [`Ledger::reject`] inside an open transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn reject(
        tx: &Tx,
        id: i64,
        input: &RejectInput,
        op: &Operator,
        at: Instant,
    ) -> Result<()> {
        let mut is = Issues::default();
        let reason = is.check(
            "reason",
            input.reason.ok_or_else(|| {
                format!(
                    "请选择不予受理理由：{}",
                    RejectReason::ALL.map(|r| r.short()).join("、")
                )
            }),
        );
        let detail = is.check(
            "detail",
            validate::text(
                &input.detail,
                rule("不予受理说明", reason == Some(RejectReason::Other)),
            ),
        );
        let told = is.check(
            "told",
            validate::text(&input.told, rule("告知企业的内容和方式", true)),
        );
        is.finish()?;
        let (reason, detail, told) = (reason.expect("ok"), detail.expect("ok"), told.expect("ok"));
        act_in(
            tx,
            id,
            Request::Reject,
            op,
            at,
            Box::new(|tx, _, _, _, _| {
                tx.execute(
                    "UPDATE cases SET reject_reason = ?1, reject_detail = ?2,
                    reject_told = ?3, rejected_at = ?4 WHERE id = ?5",
                    params![reject_id(reason), detail, told, ts(at), id],
                )?;
                close_pause(tx, id, at)?;
                Ok(format!(
                    "不予受理：{}。{detail} 已告知企业：{told}",
                    reason.label()
                ))
            }),
        )
    }

    /// The step of [`Ledger::await_material`] inside an open transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn await_material(
        tx: &Tx,
        id: i64,
        what: &str,
        op: &Operator,
        at: Instant,
    ) -> Result<()> {
        let what = validate::text(what, rule("需补充的材料", true))
            .map_err(|m| DomainError::invalid("what", m))?;
        act_in(
            tx,
            id,
            Request::AwaitMaterial,
            op,
            at,
            Box::new(|tx, case, _, _, _| {
                tx.execute(
                    "UPDATE cases SET paused_from = ?1 WHERE id = ?2",
                    params![case.state.id(), id],
                )?;
                tx.execute(
                    "INSERT INTO pauses (case_id, started_at, reason) VALUES (?1, ?2, ?3)",
                    params![id, ts(at), what],
                )?;
                Ok(format!("要求企业补充材料：{what}（计时暂停）"))
            }),
        )
    }

    /// The step of [`Ledger::resume`] inside an open transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn resume(tx: &Tx, id: i64, note: &str, op: &Operator, at: Instant) -> Result<()> {
        let note = validate::text(note, rule("说明", false))
            .map_err(|m| DomainError::invalid("note", m))?;
        act_in(
            tx,
            id,
            Request::Resume,
            op,
            at,
            Box::new(|tx, _, cal, settings, plan| {
                let back = plan.state;
                tx.execute("UPDATE cases SET paused_from = NULL WHERE id = ?1", [id])?;
                close_pause(tx, id, at)?;
                let moved = crate::calendar::recompute_running(tx, cal, settings, Some(id))?;
                let mut s = format!("企业已补齐材料，恢复为“{}”", back.label());
                if !note.is_empty() {
                    s.push_str(&format!("。{note}"));
                }
                for m in moved.iter().filter(|m| ts(m.due.at) != m.old_due) {
                    s.push_str(&format!("；“{}”时限顺延至 {}", m.label, due_text(&m.due)));
                }
                Ok(s)
            }),
        )
    }

    /// The step of [`Ledger::assign`] inside an open transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn assign(
        tx: &Tx,
        id: i64,
        input: &AssignInput,
        op: &Operator,
        at: Instant,
    ) -> Result<()> {
        assign_or_reassign(tx, id, input, op, at, Action::Assign)
    }

    /// The step of [`Ledger::reassign`] inside an open transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn reassign(
        tx: &Tx,
        id: i64,
        input: &AssignInput,
        op: &Operator,
        at: Instant,
    ) -> Result<()> {
        validate::text(&input.reason, rule("转办原因", true))
            .map_err(|m| DomainError::invalid("reason", m))?;
        assign_or_reassign(tx, id, input, op, at, Action::Reassign)
    }

    /// An assignment checked and ready to write: the departments, the class, the
    /// approval route of 003 第7条 and the approver.
    pub(crate) struct Prepared {
        lead: zhitong_domain::Department,
        cooperating: Vec<zhitong_domain::Department>,
        pub(crate) class: zhitong_domain::policy::HandlingClass,
        pub(crate) route: Route,
        approver: Option<String>,
        note: String,
    }

    /// Checks an assignment's input (交办, 转办, or a decision that moves the case).
    pub(crate) fn prepare_assignment(tx: &Tx, input: &AssignInput) -> Result<Prepared> {
        let settings = tx.settings()?;
        let mut is = Issues::default();
        let lead = is.check(
            "lead",
            department_by_name(tx, &input.lead).map_err(|e| e.to_string()),
        );
        let mut cooperating = Vec::new();
        for name in input.cooperating.iter().filter(|n| !n.trim().is_empty()) {
            if let Some(d) = is.check(
                "cooperating",
                department_by_name(tx, name).map_err(|e| e.to_string()),
            ) {
                if Some(d.id) == lead.as_ref().map(|l| l.id) {
                    is.0.push(zhitong_domain::FieldIssue::new(
                        "cooperating",
                        format!("“{name}”已是牵头部门，不能同时作为配合部门"),
                    ));
                } else if !cooperating
                    .iter()
                    .any(|c: &zhitong_domain::Department| c.id == d.id)
                {
                    cooperating.push(d);
                }
            }
        }
        let class = is.check(
            "handling_class",
            class_of(settings, &input.handling_class).map_err(|e| e.to_string()),
        );
        let approver = match input
            .approver
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(name) => is.check(
                "approver",
                crate::registry::operator(tx, name)
                    .map(|o| o.name)
                    .map_err(|e| e.to_string()),
            ),
            None => None,
        };
        let note = is.check("note", validate::text(&input.note, rule("备注", false)));
        is.finish()?;
        let lead = lead.expect("validated");
        if !lead.active {
            return Err(DomainError::invalid(
                "lead",
                format!("部门“{}”已停用，请选择其他部门", lead.name),
            )
            .into());
        }
        let route = Route::for_assignment(lead.kind, cooperating.len(), input.complex);
        // 003 第7条: the approver holds the route's role. Without one the sheet is printed
        // for signature and says 待审签.
        if let Some(name) = &approver {
            approval::check(route, name, &crate::registry::all_staff(tx)?, settings)?;
        }
        Ok(Prepared {
            lead,
            cooperating,
            class: class.expect("validated"),
            route,
            approver,
            note: note.expect("validated"),
        })
    }

    /// Shared by 交办 and 转办.
    #[allow(clippy::too_many_arguments)]
    fn assign_or_reassign(
        tx: &Tx,
        id: i64,
        input: &AssignInput,
        op: &Operator,
        at: Instant,
        action: Action,
    ) -> Result<()> {
        let p = prepare_assignment(tx, input)?;
        act_in(
            tx,
            id,
            Request::Assign {
                reassign: action == Action::Reassign,
                class: p.class.clone(),
                route: p.route,
            },
            op,
            at,
            Box::new(|tx, case, _, settings, _| {
                write_assignment(
                    tx,
                    id,
                    case,
                    settings,
                    &p,
                    input,
                    at,
                    (action == Action::Reassign).then_some(input.reason.trim()),
                )
            }),
        )
    }

    /// Writes a prepared assignment (the 交办编号 or the letter with its 函号), superseding
    /// the current one when `reassign` gives the reason; returns the timeline's words.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn write_assignment(
        tx: &Tx,
        id: i64,
        case: &Case,
        settings: &Settings,
        p: &Prepared,
        input: &AssignInput,
        at: Instant,
        reassign: Option<&str>,
    ) -> Result<String> {
        let (lead, cooperating, route, approver, note) =
            (&p.lead, &p.cooperating, p.route, &p.approver, &p.note);
        let class_name = p.class.name.as_str();
        let mut summary = String::new();
        if let Some(reason) = reassign {
            let old = case
                .assignment
                .as_ref()
                .ok_or_else(|| DomainError::invalid("lead", "该案件尚未交办，请使用“交办”"))?;
            tx.execute(
                "UPDATE assignments SET superseded_at = ?1, superseded_reason = ?2 WHERE id = ?3",
                params![ts(at), reason, old.id],
            )?;
            summary.push_str(&format!(
                "转办：由{}改为{}（原因：{reason}）。",
                old.lead, lead.name
            ));
        }
        let year = at.year();
        let (letter_no, copy_to) = if route == Route::DistrictLetter {
            let no = numbering::render(
                &settings.letter_no_format,
                year,
                next_seq(tx, "letter", year)?,
            )?;
            let mut copy = settings.letter_copy_to.clone();
            if input.hard_case {
                copy.extend(settings.hard_case_copy_to.iter().cloned());
            }
            (Some(no), copy)
        } else {
            (None, vec![])
        };
        // 003 第7条2: a district bureau goes by letter only, and takes no 交办编号.
        // The row's number column holds the 函号 (it is unique and never empty);
        // the case reads it back as no 交办编号.
        let assign_no = match &letter_no {
            Some(no) => no.clone(),
            None => numbering::render(
                &settings.assign_no_format,
                year,
                next_seq(tx, "assign", year)?,
            )?,
        };
        tx.execute(
            "INSERT INTO assignments (case_id, assign_no, lead_id, handling_class, route, approver, complex,
                assigned_at, letter_no, letter_copy_to, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                id, assign_no, lead.id, class_name, route_id(route), approver, input.complex,
                ts(at), letter_no, serde_json::to_string(&copy_to).unwrap_or_else(|_| "[]".into()), note
            ],
        )?;
        let aid = tx.last_insert_rowid();
        for d in cooperating {
            tx.execute(
                "INSERT INTO assignment_cooperators (assignment_id, department_id) VALUES (?1, ?2)",
                params![aid, d.id],
            )?;
        }
        tx.execute(
            "UPDATE cases SET handling_class = ?1 WHERE id = ?2",
            params![class_name, id],
        )?;
        summary.push_str(&format!(
            "{}：牵头{}{}，{}（{}）",
            if letter_no.is_some() {
                "发函交区级部门".to_string()
            } else {
                format!("交办 {assign_no}")
            },
            lead.name,
            if cooperating.is_empty() {
                String::new()
            } else {
                format!(
                    "，配合{}",
                    cooperating
                        .iter()
                        .map(|d| d.name.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                )
            },
            class_name,
            route.label()
        ));
        if let Some(a) = approver {
            summary.push_str(&format!("，审批人{a}"));
        }
        if let Some(no) = &letter_no {
            summary.push_str(&format!(
                "；发函 {no} 至{}，抄告{}",
                lead.name,
                copy_to.join("、")
            ));
        }
        Ok(summary)
    }

    /// The step of [`Ledger::sheet_returned`] inside an open transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn sheet_returned(tx: &Tx, id: i64, op: &Operator, at: Instant) -> Result<()> {
        act_in(
            tx,
            id,
            Request::Note(Action::Progress),
            op,
            at,
            Box::new(|tx, case, _, _, _| {
                let a = case.assignment.as_ref().ok_or_else(|| {
                    DomainError::invalid("assignment", "该案件尚未交办，没有交办单")
                })?;
                tx.execute(
                    "UPDATE assignments SET sheet_returned_at = ?1 WHERE id = ?2",
                    params![ts(at), a.id],
                )?;
                Ok(format!("交办单 {} 已签字收回", a.assign_no))
            }),
        )
    }

    /// The step of [`Ledger::progress`] inside an open transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn progress(
        tx: &Tx,
        id: i64,
        text: &str,
        feedback: bool,
        op: &Operator,
        at: Instant,
    ) -> Result<()> {
        let text = validate::text(text, rule("进展情况", true))
            .map_err(|m| DomainError::invalid("text", m))?;
        act_in(
            tx,
            id,
            Request::Progress,
            op,
            at,
            Box::new(|_, _, _, _, _| {
                Ok(if feedback {
                    format!("部门反馈：{text}")
                } else {
                    format!("办理进展：{text}")
                })
            }),
        )
    }

    /// The step of [`Ledger::urge`] inside an open transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn urge(
        tx: &Tx,
        id: i64,
        input: &UrgeInput,
        op: &Operator,
        at: Instant,
    ) -> Result<()> {
        let settings = tx.settings()?;
        let mut is = Issues::default();
        let way = is.check(
            "way",
            validate::one_of(&input.way, &settings.urge_ways, "催办方式"),
        );
        let content = is.check(
            "content",
            validate::text(&input.content, rule("催办内容", false)),
        );
        is.finish()?;
        let (way, content) = (way.expect("ok"), content.expect("ok"));
        let mut counted_now = 0;
        act_in(
            tx,
            id,
            Request::Note(Action::Urge),
            op,
            at,
            Box::new(|tx, case, cal, settings, _| {
                let assignment = case.assignment.as_ref();
                let aid = assignment.map(|a| a.id);
                let overdue = case
                    .deadlines
                    .iter()
                    .any(|d| d.kind.is_handling() && d.met_at.is_none() && d.due_at < at);
                let spaced = match tx.urges().last_counted_at(id, aid)? {
                    None => true,
                    Some(last) => {
                        zhitong_calendar::working_days_between(
                            cal,
                            last.date_naive(),
                            at.date_naive(),
                        ) >= i64::from(settings.urge_interval_working_days)
                    }
                };
                let counted = overdue && spaced;
                let department_id = match assignment {
                    Some(a) => Some(department_by_name(tx, &a.lead)?.id),
                    None => None,
                };
                tx.urges().add(&NewUrge {
                    case_id: id,
                    assignment_id: aid,
                    department_id,
                    at,
                    way: &way,
                    by: &op.name,
                    content: &content,
                    counted,
                })?;
                let n = tx.urges().counted(id, aid)?;
                counted_now = n;
                let mut s = format!(
                    "{}催办{}：{}",
                    way,
                    assignment.map(|a| a.lead.as_str()).unwrap_or(""),
                    if content.is_empty() {
                        "请抓紧办理"
                    } else {
                        &content
                    }
                );
                if counted {
                    s.push_str(&format!("（逾期第{n}次催办）"));
                } else if !overdue {
                    s.push_str("（未逾期，不计入催办次数）");
                } else {
                    s.push_str("（今日已催办，不重复计数）");
                }
                Ok(s)
            }),
        )?;
        let case = tx.case(id)?;
        if !case.escalated && case.state.is_open() && counted_now >= settings.escalate_after_urges {
            escalate_by_rule_in(tx, id, at)?;
        }
        Ok(())
    }

    /// The step of [`Ledger::escalate`] inside an open transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn escalate(
        tx: &Tx,
        id: i64,
        reason: &str,
        op: &Operator,
        at: Instant,
    ) -> Result<()> {
        let reason = validate::text(reason, rule("督办原因", true))
            .map_err(|m| DomainError::invalid("reason", m))?;
        act_in(
            tx,
            id,
            Request::Note(Action::Escalate),
            op,
            at,
            Box::new(|tx, _, _, _, _| {
                tx.execute(
                    "UPDATE cases SET escalated = 1, escalated_at = ?1 WHERE id = ?2",
                    params![ts(at), id],
                )?;
                Ok(format!("提交领导小组督办：{reason}"))
            }),
        )
    }

    /// The step of [`Ledger::bureau_reply`] inside an open transaction.
    pub(crate) fn bureau_reply(
        tx: &Tx,
        id: i64,
        text: &str,
        op: &Operator,
        at: Instant,
    ) -> Result<()> {
        let text = validate::text(text, rule("区级部门书面回复内容", true))
            .map_err(|m| DomainError::invalid("text", m))?;
        let settings = tx.settings()?;
        let letter_milestones = tx
            .case(id)?
            .handling_class
            .and_then(|c| settings.policy()?.class(&c).cloned())
            .map(|c| {
                c.milestones
                    .into_iter()
                    .filter(|m| m.start == zhitong_domain::policy::StartPoint::Letter)
                    .map(|m| m.label)
                    .collect()
            })
            .unwrap_or_default();
        act_in(
            tx,
            id,
            Request::BureauReply { letter_milestones },
            op,
            at,
            Box::new(|_, case, _, _, plan| {
                let a = case.assignment.as_ref();
                let letter = a.and_then(|a| a.letter.as_ref());
                let late = case
                    .deadlines
                    .iter()
                    .filter(|d| plan.meet.contains(&d.id))
                    .any(|d| d.due_at < at);
                Ok(format!(
                    "{}书面回复{}：{text}{}",
                    a.map(|a| a.lead.as_str()).unwrap_or("区级部门"),
                    letter
                        .map(|l| format!("（{}）", l.letter_no))
                        .unwrap_or_default(),
                    if late {
                        "（已超过函复时限）"
                    } else {
                        "（在函复时限内）"
                    }
                ))
            }),
        )
    }

    /// The step of [`Ledger::meet`] inside an open transaction.
    pub(crate) fn meet(
        tx: &Tx,
        id: i64,
        input: &MeetInput,
        op: &Operator,
        at: Instant,
    ) -> Result<()> {
        let text = validate::text(&input.text, rule("节点办理情况", true))
            .map_err(|m| DomainError::invalid("text", m))?;
        let settings = tx.settings()?;
        let current = tx
            .case(id)?
            .handling_class
            .ok_or_else(|| DomainError::invalid("milestone", "该案件尚未确定办理类别，请先交办"))?;
        let class = class_of(settings, &current)?;
        let unsolvable = class
            .milestone(&input.milestone)?
            .unsolvable_class
            .as_deref()
            .and_then(|n| settings.policy()?.class(n).cloned());
        act_in(
            tx,
            id,
            Request::Meet {
                class: class.clone(),
                milestone: input.milestone.clone(),
                solvable: input.solvable,
                unsolvable,
            },
            op,
            at,
            Box::new(|_, case, _, _, plan| {
                let d = case
                    .deadlines
                    .iter()
                    .find(|d| plan.meet.contains(&d.id))
                    .expect("the plan meets one deadline");
                let mut s = format!("完成办理节点“{}”：{text}", d.label);
                s.push_str(if d.due_at < at {
                    "（已超过该节点时限）"
                } else {
                    "（在该节点时限内）"
                });
                match (input.solvable, &plan.class) {
                    (Some(false), Some(to)) => s.push_str(&format!(
                        "；研究结果为暂无法解决，转为“{to}”，由承办部门向企业说明原因"
                    )),
                    (Some(true), _) => s.push_str("；研究结果为可以解决，继续办结"),
                    _ => {}
                }
                Ok(s)
            }),
        )
    }

    /// The step of [`Ledger::reply`] inside an open transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn reply(
        tx: &Tx,
        id: i64,
        input: &ReplyInput,
        op: &Operator,
        at: Instant,
    ) -> Result<()> {
        let settings = tx.settings()?;
        let mut is = Issues::default();
        let way = is.check(
            "way",
            validate::one_of(&input.way, &settings.reply_ways, "答复方式"),
        );
        let text = is.check("text", validate::text(&input.text, rule("答复内容", true)));
        let reason = is.check(
            "outcome_reason",
            validate::text(
                &input.outcome_reason,
                rule(
                    "C类原因（法律法规、政策限制或其他因素，及向企业的解释）",
                    input.outcome == Outcome::C,
                ),
            ),
        );
        is.finish()?;
        let (way, text, reason) = (way.expect("ok"), text.expect("ok"), reason.expect("ok"));
        act_in(
            tx,
            id,
            Request::Reply {
                outcome: input.outcome,
                until: input.until,
            },
            op,
            at,
            Box::new(|tx, case, _, settings, plan| {
                tx.execute(
                    "UPDATE cases SET outcome = ?1, outcome_reason = ?2, reply_at = ?3,
                    reply_way = ?4, reply_text = ?5, eval_result = NULL, eval_quality = NULL,
                    eval_attitude = NULL, eval_efficiency = NULL, eval_deemed = 0, eval_at = NULL,
                    eval_comment = ''
                 WHERE id = ?6",
                    params![Col(input.outcome), reason, ts(at), way, text, id],
                )?;
                let mut s = if case.state == CaseState::Accepted {
                    // 即时答复: answered by the centre itself, no 交办编号 (002 第7条).
                    format!(
                        "{}{}（{way}），办理结果 {}：{text}",
                        settings.service_center,
                        Action::ON_THE_SPOT,
                        input.outcome.label()
                    )
                } else {
                    format!("{way}答复企业，办理结果 {}：{text}", input.outcome.label())
                };
                if !reason.is_empty() {
                    s.push_str(&format!("（原因：{reason}）"));
                }
                let window = plan.add.iter().any(|d| d.kind == DeadlineKind::Evaluation);
                if plan.late && !window && input.outcome != Outcome::B {
                    s.push_str(
                        "；答复时已超过办理时限，不适用“视作满意”（002 第13条），待企业评价",
                    );
                }
                Ok(s)
            }),
        )
    }

    /// The step of [`Ledger::evaluate`] inside an open transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn evaluate(
        tx: &Tx,
        id: i64,
        input: &EvaluateInput,
        op: &Operator,
        at: Instant,
    ) -> Result<()> {
        let mut is = Issues::default();
        for (field, label, v) in [
            ("quality", "服务质量", input.quality),
            ("attitude", "服务态度", input.attitude),
            ("efficiency", "服务效率", input.efficiency),
        ] {
            if let Some(v) = v {
                if !(1..=5).contains(&v) {
                    is.0.push(zhitong_domain::FieldIssue::new(
                        field,
                        format!("{label}星级应为 1 到 5，现在是 {v}"),
                    ));
                }
            }
        }
        let comment = is.check(
            "comment",
            validate::text(&input.comment, rule("评价意见", false)),
        );
        is.finish()?;
        let comment = comment.expect("ok");
        act_in(
            tx,
            id,
            Request::Evaluate {
                result: input.result,
                deemed: false,
            },
            op,
            at,
            Box::new(|tx, _, _, _, _| {
                tx.execute(
                "UPDATE cases SET eval_result = ?1, eval_quality = ?2, eval_attitude = ?3,
                    eval_efficiency = ?4, eval_deemed = 0, eval_at = ?5, eval_comment = ?6 WHERE id = ?7",
                params![satisfaction_id(input.result), input.quality, input.attitude, input.efficiency, ts(at), comment, id],
            )?;
                let stars =
                    |v: Option<u8>| v.map(|v| format!("{v}星")).unwrap_or_else(|| "未评".into());
                Ok(format!(
                    "企业评价：{}（服务质量{}，服务态度{}，服务效率{}）{}",
                    input.result.label(),
                    stars(input.quality),
                    stars(input.attitude),
                    stars(input.efficiency),
                    if comment.is_empty() {
                        String::new()
                    } else {
                        format!("。{comment}")
                    }
                ))
            }),
        )
    }

    /// The step of [`Ledger::reopen`] inside an open transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn reopen(
        tx: &Tx,
        id: i64,
        reason: &str,
        until: Option<NaiveDate>,
        op: &Operator,
        at: Instant,
    ) -> Result<()> {
        let reason = validate::text(reason, rule("专项督办原因", true))
            .map_err(|m| DomainError::invalid("reason", m))?;
        let settings = tx.settings()?;
        let fallback = tx.case(id)?.handling_class.as_deref().and_then(|c| {
            settings
                .policy()?
                .class(c)?
                .milestones
                .last()
                .map(|m| m.span)
        });
        act_in(
            tx,
            id,
            Request::Reopen { until, fallback },
            op,
            at,
            Box::new(|tx, _, _, _, _| {
                tx.execute(
                "UPDATE cases SET special_supervision = 1, outcome = NULL,
                    outcome_reason = '', reply_at = NULL, reply_way = '', reply_text = '',
                    eval_result = NULL, eval_quality = NULL, eval_attitude = NULL, eval_efficiency = NULL,
                    eval_deemed = 0, eval_at = NULL, eval_comment = '' WHERE id = ?1",
                [id],
            )?;
                Ok(format!("专项督办：{reason}"))
            }),
        )
    }

    /// The step of [`Ledger::close`] inside an open transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn close(tx: &Tx, id: i64, note: &str, op: &Operator, at: Instant) -> Result<()> {
        let note = validate::text(note, rule("办结说明", false))
            .map_err(|m| DomainError::invalid("note", m))?;
        act_in(
            tx,
            id,
            Request::Close {
                reason: !note.is_empty(),
            },
            op,
            at,
            Box::new(|tx, case, _, _, _| {
                tx.execute(
                    "UPDATE cases SET closed_at = ?1 WHERE id = ?2",
                    params![ts(at), id],
                )?;
                Ok(format!(
                    "办结销号（{}，{}{}）{}",
                    case.outcome.map(|o| o.label()).unwrap_or(""),
                    case.evaluation
                        .as_ref()
                        .map(|e| e.result.label())
                        .unwrap_or(""),
                    if case.evaluation.as_ref().is_some_and(|e| e.deemed) {
                        "·视作"
                    } else {
                        ""
                    },
                    if note.is_empty() {
                        String::new()
                    } else {
                        format!("。{note}")
                    }
                ))
            }),
        )
    }

    /// The step of [`Ledger::void`] inside an open transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn void(tx: &Tx, id: i64, reason: &str, op: &Operator, at: Instant) -> Result<()> {
        let reason = validate::text(reason, rule("作废原因", true))
            .map_err(|m| DomainError::invalid("reason", m))?;
        act_in(
            tx,
            id,
            Request::Void,
            op,
            at,
            Box::new(|tx, _, _, _, _| {
                tx.execute(
                    "UPDATE cases SET void_reason = ?1 WHERE id = ?2",
                    params![reason, id],
                )?;
                close_pause(tx, id, at)?;
                Ok(format!("作废：{reason}"))
            }),
        )
    }

    /// The step of [`Ledger::edit`] inside an open transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn edit(
        tx: &Tx,
        id: i64,
        input: &NewCase,
        reason: &str,
        op: &Operator,
        at: Instant,
    ) -> Result<()> {
        let reason = validate::text(reason, rule("修改原因", true))
            .map_err(|m| DomainError::invalid("reason", m))?;
        let settings = tx.settings()?;
        let v = input.validated(settings, at)?;
        let before = tx.case(id)?.registration();
        let changes = before.changes(&v);
        if changes.is_empty() {
            return Err(DomainError::invalid("reason", "登记信息没有任何改动，无需保存").into());
        }
        act_in(
            tx,
            id,
            Request::Note(Action::Edit),
            op,
            at,
            Box::new(|tx, case, _, _, _| {
                if v.received_at != case.received_at {
                    // Limits counted from receipt may already run on an accepted case.
                    if case.assignment.is_some()
                        || !case.previous_assignments.is_empty()
                        || !case.deadlines.is_empty()
                    {
                        return Err(DomainError::invalid(
                        "received_at",
                        "案件已交办，办理时限从反映时间起算，反映时间不能再修改；如确有错误，请在办理情况中说明",
                    )
                    .into());
                    }
                    if v.received_at.year() != case.received_at.year() {
                        return Err(DomainError::invalid(
                        "received_at",
                        format!(
                            "反映时间不能改到其他年份：登记编号 {} 属于 {} 年，如确属另一年的诉求，请作废后重新登记",
                            case.reg_no,
                            case.received_at.year()
                        ),
                    )
                    .into());
                    }
                }
                let mut values = content(tx, &v, at)?;
                values.push(id.into());
                tx.execute(
                    "UPDATE cases SET received_at = ?1, channel = ?2, nature = ?3, category = ?4,
                    summary = ?5, description = ?6, wanted_department = ?7,
                    screening_opinion = ?8, enterprise_id = ?9, contact_id = ?10
                 WHERE id = ?11",
                    rusqlite::params_from_iter(values),
                )?;
                let list = changes
                    .iter()
                    .map(|(label, old, new)| format!("{label}由“{}”改为“{}”", clip(old), clip(new)))
                    .collect::<Vec<_>>()
                    .join("；");
                Ok(format!("修改登记信息（{reason}）：{list}"))
            }),
        )
    }
}
