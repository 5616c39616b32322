//! The case state machine: which actions each state allows and where they lead.
//! Every store operation asks [`check`] first, so an action the state does not allow is
//! refused with a message naming the state and the allowed actions, and nothing is written.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::plan::{plan, NewDeadline, Plan, Request, Rules};
use crate::{Case, DomainError, Outcome, Role, Satisfaction, Settings};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CaseState {
    /// Registered, awaiting screening (甄别).
    Registered,
    Accepted,
    Rejected,
    /// Waiting for the enterprise's supplementary material; the clock is paused.
    AwaitingMaterial,
    Assigned,
    InProgress,
    Replied,
    Closed,
    Void,
}

impl CaseState {
    pub const ALL: [CaseState; 9] = [
        CaseState::Registered,
        CaseState::Accepted,
        CaseState::Rejected,
        CaseState::AwaitingMaterial,
        CaseState::Assigned,
        CaseState::InProgress,
        CaseState::Replied,
        CaseState::Closed,
        CaseState::Void,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CaseState::Registered => "待甄别",
            CaseState::Accepted => "已受理待交办",
            CaseState::Rejected => "不予受理",
            CaseState::AwaitingMaterial => "待补充材料",
            CaseState::Assigned => "已交办",
            CaseState::InProgress => "办理中",
            CaseState::Replied => "已答复",
            CaseState::Closed => "已办结",
            CaseState::Void => "已作废",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            CaseState::Registered => "registered",
            CaseState::Accepted => "accepted",
            CaseState::Rejected => "rejected",
            CaseState::AwaitingMaterial => "awaiting_material",
            CaseState::Assigned => "assigned",
            CaseState::InProgress => "in_progress",
            CaseState::Replied => "replied",
            CaseState::Closed => "closed",
            CaseState::Void => "void",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let t = s.trim();
        Self::ALL
            .into_iter()
            .find(|st| st.id() == t || st.label() == t)
            .ok_or_else(|| {
                DomainError::invalid(
                    "state",
                    format!(
                        "状态“{t}”无效，可选：{}",
                        Self::ALL
                            .map(|s| format!("{}({})", s.id(), s.label()))
                            .join("、")
                    ),
                )
            })
    }

    /// Still needs work: not rejected, closed or void.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            CaseState::Rejected | CaseState::Closed | CaseState::Void
        )
    }

    /// A department is working on it, so deadlines run and urging applies.
    pub fn is_handling(self) -> bool {
        matches!(self, CaseState::Assigned | CaseState::InProgress)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Action {
    Accept,
    Reject,
    AwaitMaterial,
    Resume,
    Assign,
    Reassign,
    Progress,
    Urge,
    Escalate,
    /// One milestone met before the reply (廊坊 三类 研究结果).
    Meet,
    /// The district bureau's written answer to the letter (003 附件4).
    BureauReply,
    Reply,
    Evaluate,
    /// Unsatisfied evaluation or incomplete handling: back to work under special
    /// supervision (专项督办).
    Reopen,
    Close,
    Void,
    Edit,
    Attach,
    /// 备案: the department's signed report is filed (000 三(二)2–4, 003 第9条).
    FileReport,
    /// 领导小组决定 on an escalated case (002 第11条, 003 第4条): ends the escalation.
    Decide,
    /// 标记为共性问题: on the next joint meeting's agenda (000 五3, 002 第7条).
    MarkCommon,
    /// What a meeting agreed on a case that was not escalated.
    MeetingNote,
}

impl Action {
    pub const ALL: [Action; 22] = [
        Action::Accept,
        Action::Reject,
        Action::AwaitMaterial,
        Action::Resume,
        Action::Assign,
        Action::Reassign,
        Action::Progress,
        Action::Urge,
        Action::Escalate,
        Action::Meet,
        Action::BureauReply,
        Action::Reply,
        Action::Evaluate,
        Action::Reopen,
        Action::Close,
        Action::Void,
        Action::Edit,
        Action::Attach,
        Action::FileReport,
        Action::Decide,
        Action::MarkCommon,
        Action::MeetingNote,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Action::Accept => "受理",
            Action::Reject => "不予受理",
            Action::AwaitMaterial => "要求补充材料",
            Action::Resume => "材料已补齐，恢复办理",
            Action::Assign => "交办",
            Action::Reassign => "转办",
            Action::Progress => "记录办理进展",
            Action::Urge => "催办",
            Action::Escalate => "提交领导小组督办",
            Action::Meet => "完成办理节点",
            Action::BureauReply => "记录区级部门书面回复",
            Action::Reply => "答复企业",
            Action::Evaluate => "录入评价",
            Action::Reopen => "专项督办（重新办理）",
            Action::Close => "办结销号",
            Action::Void => "作废",
            Action::Edit => "修改登记信息",
            Action::Attach => "添加附件",
            Action::FileReport => "备案",
            Action::Decide => "记录领导小组决定",
            Action::MarkCommon => "标记为共性问题",
            Action::MeetingNote => "记录会议议定事项",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::Reject => "reject",
            Action::AwaitMaterial => "await_material",
            Action::Resume => "resume",
            Action::Assign => "assign",
            Action::Reassign => "reassign",
            Action::Progress => "progress",
            Action::Urge => "urge",
            Action::Escalate => "escalate",
            Action::Meet => "meet",
            Action::BureauReply => "bureau_reply",
            Action::Reply => "reply",
            Action::Evaluate => "evaluate",
            Action::Reopen => "reopen",
            Action::Close => "close",
            Action::Void => "void",
            Action::Edit => "edit",
            Action::Attach => "attach",
            Action::FileReport => "file_report",
            Action::Decide => "decide",
            Action::MarkCommon => "mark_common",
            Action::MeetingNote => "meeting_note",
        }
    }

    /// The reply on an accepted, unassigned case: the centre answers itself (002 第7条).
    pub const ON_THE_SPOT: &'static str = "即时答复";

    /// The role an action needs beyond being signed in, if any.
    pub fn needs(self) -> Option<Role> {
        match self {
            // Approvals and escalation decisions need a leader (issue 4 §5).
            // Only a leader records the leading group's decision (issue 15 §2).
            Action::Escalate | Action::Reopen | Action::Decide => Some(Role::Leader),
            _ => None,
        }
    }
}

/// What a state machine decision needs to know about a case besides its state, and who
/// is deciding under which rules.
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts {
    pub outcome: Option<Outcome>,
    pub evaluated: bool,
    pub escalated: bool,
    pub unsatisfied: bool,
    /// The current assignment went by letter to a district bureau (003 第7条2).
    pub by_letter: bool,
    /// The operator's role, when known (leader-only decisions check it).
    pub by: Option<Role>,
    pub rules: Rules,
    /// The case's class needs the signed report on file before 销号 (备案).
    pub filing_required: bool,
    /// The signed report is on file.
    pub filed: bool,
    /// Flagged 共性问题.
    pub common: bool,
}

impl Facts {
    /// The facts of `case` under `settings`, decided by an operator of role `by`.
    pub fn of(case: &Case, settings: &Settings, by: Role) -> Facts {
        Facts {
            outcome: case.outcome,
            evaluated: case.evaluation.is_some(),
            escalated: case.escalated,
            unsatisfied: case
                .evaluation
                .as_ref()
                .is_some_and(|e| e.result == Satisfaction::Unsatisfied),
            by_letter: case
                .assignment
                .as_ref()
                .is_some_and(|a| a.route == crate::Route::DistrictLetter),
            by: Some(by),
            rules: Rules::of(settings),
            filing_required: case
                .handling_class
                .as_deref()
                .and_then(|c| settings.policy()?.class(c))
                .is_some_and(|c| c.filing_required),
            filed: !case.filings.is_empty(),
            common: case.common_issue,
        }
    }

    /// A B reply (正在解决) that keeps the case open and followed up (003 第9条).
    pub fn following_b(&self) -> bool {
        self.outcome == Some(Outcome::B) && self.rules.b_follow_up
    }
}

/// The actions the state allows, in the order a case page offers them.
pub fn allowed(state: CaseState, f: Facts) -> Vec<Action> {
    use Action::*;
    let mut v = match state {
        CaseState::Registered => vec![
            Accept,
            Reject,
            AwaitMaterial,
            MarkCommon,
            Edit,
            Attach,
            Void,
        ],
        CaseState::AwaitingMaterial => {
            vec![Resume, Reject, Progress, MarkCommon, Edit, Attach, Void]
        }
        // 即时答复 (002 第7条, 000 三(二)1): the centre answers an accepted case itself.
        CaseState::Accepted => vec![
            Assign,
            Reply,
            AwaitMaterial,
            Progress,
            MarkCommon,
            Edit,
            Attach,
            Void,
        ],
        CaseState::Assigned | CaseState::InProgress => vec![
            Progress,
            Meet,
            Urge,
            Escalate,
            Decide,
            Reply,
            Reassign,
            FileReport,
            AwaitMaterial,
            MarkCommon,
            Edit,
            Attach,
            Void,
        ],
        CaseState::Replied => {
            let mut v = vec![Progress];
            if f.outcome == Some(Outcome::B) {
                // B stays open: follow up, urge, and record the later A or C reply.
                v.extend([Urge, Escalate, Decide, Reply, Reassign]);
            }
            v.push(FileReport);
            // A followed-up B reply is rated once the final A or C reply is made.
            if !f.evaluated && !f.following_b() {
                v.push(Evaluate);
            }
            if f.evaluated && matches!(f.outcome, Some(Outcome::A | Outcome::C)) {
                v.push(Close);
            }
            v.push(Reopen);
            v.extend([MarkCommon, Attach, Void]);
            v
        }
        CaseState::Rejected => vec![Attach, Void],
        CaseState::Closed => vec![Attach, Void],
        CaseState::Void => vec![],
    };
    if f.by_letter
        && matches!(
            state,
            CaseState::Assigned | CaseState::InProgress | CaseState::Replied
        )
    {
        // The bureau answers in writing, apart from the park's reply to the enterprise.
        let at = v.iter().position(|a| *a == Reply).unwrap_or(v.len());
        v.insert(at, BureauReply);
    }
    if f.escalated {
        v.retain(|a| *a != Escalate);
    } else {
        v.retain(|a| *a != Decide);
    }
    if f.common {
        v.retain(|a| *a != MarkCommon);
    }
    if state.is_open() && !v.is_empty() {
        // A meeting may agree on any open case; the decision on an escalated one is
        // the leading group's (Decide).
        v.push(MeetingNote);
    }
    v
}

/// Refuses an action the state does not allow, naming the state and what is allowed.
pub fn check(state: CaseState, f: Facts, action: Action) -> Result<(), DomainError> {
    let allowed = allowed(state, f);
    if allowed.contains(&action) {
        return Ok(());
    }
    let mut why = String::new();
    if state == CaseState::Replied && action == Action::Evaluate && f.following_b() {
        why = "（B类“正在解决”尚未办结，待A类或C类答复后再记录企业评价）".into();
    }
    if state == CaseState::Replied && action == Action::Close {
        why = match f.outcome {
            Some(Outcome::B) => "（B类“正在解决”需继续跟踪，待改为A或C类后才能办结）".into(),
            _ if !f.evaluated => "（需先记录企业评价，或等评价期满视作满意）".into(),
            _ => String::new(),
        };
    }
    if action == Action::Escalate && f.escalated {
        why = "（该案件已提交领导小组督办）".into();
    }
    if action == Action::Decide && !f.escalated {
        why = "（该案件未提交领导小组督办；领导小组的决定只用于已提交的案件，其他会议议定事项请在“会议”中记录）".into();
    }
    if action == Action::MarkCommon && f.common {
        why = "（该案件已标记为共性问题）".into();
    }
    Err(DomainError::NotAllowed {
        state: state.label().to_string(),
        action: format!("{}{why}", action.label()),
        allowed: if allowed.is_empty() {
            "无（已作废的案件只能查看）".to_string()
        } else {
            allowed
                .iter()
                .map(|a| a.label())
                .collect::<Vec<_>>()
                .join("、")
        },
    })
}
