//! Actions as plans: [`plan`] decides, from a case as it stands, what an action does to it
//! — the state it leads to, which running deadlines it meets or supersedes and which it
//! starts — and the store applies the plan inside its transaction. The lifecycle rules of
//! the four notices live here, as pure functions of the case, the facts and `now`.

use chrono::NaiveDate;
use zhitong_calendar::{Span, Unit};

use crate::policy::{HandlingClass, StartPoint};
use crate::workflow::{check, Facts};
use crate::{
    Action, Case, CaseState, DeadlineKind, DomainError, Instant, Outcome, Role, Route,
    Satisfaction, Settings,
};

/// The label of the evaluation window deadline.
pub const EVAL_LABEL: &str = "企业评价（逾期视作满意）";
/// The label of the district bureau's reply deadline.
pub const LETTER_LABEL: &str = "区级部门书面回复";
/// The label of the completion date promised with a B reply (003 第9条 B类 正在解决).
pub const PROMISE_LABEL: &str = "承诺办结（B类正在解决）";
/// The label of the new limit set by 专项督办 (003 第10条).
pub const SUPERVISION_LABEL: &str = "专项督办办结";
/// The label of the new limit the leading group sets (002 第11条).
pub const DECISION_LABEL: &str = "领导小组决定办结";

/// The settings the lifecycle decisions read. Where a notice is ambiguous the setting
/// carries the literal reading as its default.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules {
    /// 003 第9条: a B reply (正在解决) keeps the case open with its promised date as a
    /// running deadline, and opens no evaluation window. `false` restores the earlier
    /// behaviour: a B reply ends the limits and starts the evaluation window.
    pub b_follow_up: bool,
    /// 002 第13条 deems satisfied only "按期办结的诉求答复". `true` also deems late replies.
    pub deem_late_replies: bool,
    pub evaluation_window: Span,
    pub letter_limit: Span,
}

impl Rules {
    pub fn of(s: &Settings) -> Rules {
        Rules {
            b_follow_up: s.b_follow_up,
            deem_late_replies: s.deem_late_replies,
            evaluation_window: s.evaluation_window,
            letter_limit: s.letter_limit,
        }
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules::of(&Settings::default())
    }
}

/// An action with what its decision depends on.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Actions that change neither the state nor a deadline: urge, escalate, edit,
    /// attach, a returned sheet.
    Note(Action),
    /// 办理进展 or feedback: the first one moves 已交办 to 办理中.
    Progress,
    /// 受理, with the class when the clerk classifies the matter at acceptance: its
    /// milestones that count from receipt or acceptance start running now (002 第10条).
    Accept {
        class: Option<HandlingClass>,
    },
    Reject,
    AwaitMaterial,
    Resume,
    /// 交办 or 转办 under `class`, by `route`.
    Assign {
        reassign: bool,
        class: HandlingClass,
        route: Route,
    },
    /// One milestone of the case's `class` met on its own (廊坊 三类 研究结果), before the
    /// reply. `solvable` answers a milestone that decides it; "not solvable" moves the
    /// case to `unsolvable` (四类), whose milestones replace the running ones.
    Meet {
        class: HandlingClass,
        milestone: String,
        solvable: Option<bool>,
        unsolvable: Option<HandlingClass>,
    },
    /// The district bureau's written answer (003 附件4): meets the letter's limit, and the
    /// class's milestones that count from the letter (`letter_milestones`, their labels).
    BureauReply {
        letter_milestones: Vec<String>,
    },
    /// 答复 with outcome A/B/C; `until` is the completion date promised with B.
    Reply {
        outcome: Outcome,
        until: Option<NaiveDate>,
    },
    /// 评价; `deemed` when the window ran out (视作满意).
    Evaluate {
        result: Satisfaction,
        deemed: bool,
    },
    /// 专项督办: back to work until `until`, or for the class's last milestone's span
    /// (`None` for a class without a time limit, such as 廊坊 四类: then `until` is needed).
    Reopen {
        until: Option<NaiveDate>,
        fallback: Option<Span>,
    },
    /// 办结销号; `reason` says whether a reason was written.
    Close {
        reason: bool,
    },
    Void,
    /// 领导小组决定 on an escalated case: ends the escalation; `assign` moves the case
    /// to a new lead under a class by a route (as 转办 does), `until` sets a new limit
    /// for the department that has it.
    Decide {
        assign: Option<(HandlingClass, Route)>,
        until: Option<NaiveDate>,
    },
}

impl Request {
    pub fn action(&self) -> Action {
        match self {
            Request::Note(a) => *a,
            Request::Progress => Action::Progress,
            Request::Accept { .. } => Action::Accept,
            Request::Reject => Action::Reject,
            Request::AwaitMaterial => Action::AwaitMaterial,
            Request::Resume => Action::Resume,
            Request::Assign { reassign: true, .. } => Action::Reassign,
            Request::Assign { .. } => Action::Assign,
            Request::Meet { .. } => Action::Meet,
            Request::BureauReply { .. } => Action::BureauReply,
            Request::Reply { .. } => Action::Reply,
            Request::Evaluate { .. } => Action::Evaluate,
            Request::Reopen { .. } => Action::Reopen,
            Request::Close { .. } => Action::Close,
            Request::Void => Action::Void,
            Request::Decide { .. } => Action::Decide,
        }
    }
}

/// A deadline the plan starts.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDeadline {
    pub kind: DeadlineKind,
    pub label: String,
    pub start: Instant,
    pub span: Span,
    /// Belongs to the case's current assignment (the new one, for 交办/转办).
    pub of_assignment: bool,
}

/// What an action does to a case; the store writes exactly this.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub action: Action,
    /// The state after the action.
    pub state: CaseState,
    /// Running deadlines met now (ids).
    pub meet: Vec<i64>,
    /// Running deadlines superseded now (ids); the rows stay as history.
    pub supersede: Vec<i64>,
    pub add: Vec<NewDeadline>,
    /// A reply made after one of its running limits had passed (002 第13条: no deemed
    /// satisfaction for it unless the park's setting says so).
    pub late: bool,
    /// The handling class the case has after the action, when the action sets it.
    pub class: Option<String>,
    /// The action ends the escalation to the leading group (its decision is made).
    pub end_escalation: bool,
}

impl Plan {
    fn new(action: Action, state: CaseState) -> Plan {
        Plan {
            action,
            state,
            meet: vec![],
            supersede: vec![],
            add: vec![],
            late: false,
            class: None,
            end_escalation: false,
        }
    }
}

fn running<'a>(
    case: &'a Case,
    kinds: &[DeadlineKind],
) -> impl Iterator<Item = &'a crate::Deadline> + 'a {
    let kinds = kinds.to_vec();
    case.deadlines
        .iter()
        .filter(move |d| d.met_at.is_none() && kinds.contains(&d.kind))
}

fn ids<'a>(it: impl Iterator<Item = &'a crate::Deadline>) -> Vec<i64> {
    it.map(|d| d.id).collect()
}

/// Calendar days from `now`'s date to `until`, as a span ending at the close of `until`.
fn span_to(until: NaiveDate, now: Instant, field: &str, what: &str) -> Result<Span, DomainError> {
    let today = now.date_naive();
    if until < today {
        return Err(DomainError::invalid(
            field,
            format!(
                "{what}{}早于今天（{}），请填写今天或以后的日期",
                until.format("%Y-%m-%d"),
                today.format("%Y-%m-%d")
            ),
        ));
    }
    let days = (until - today).num_days();
    if days > 366 {
        return Err(DomainError::invalid(
            field,
            format!("{what}{}距今超过一年，请核对日期", until.format("%Y-%m-%d")),
        ));
    }
    Ok(Span {
        amount: days as u32,
        unit: Unit::Days,
    })
}

/// The moment a milestone's clock starts from, as far as the case has got: receipt,
/// the acceptance (now, while accepting), or now for 交办 and the letter sent with it.
fn start_of(case: &Case, start: StartPoint, now: Instant) -> Instant {
    match start {
        StartPoint::Received => case.received_at,
        StartPoint::Accepted => case
            .events
            .iter()
            .rev()
            .find(|e| e.action == Action::Accept.id())
            .map(|e| e.at)
            .unwrap_or(now),
        StartPoint::Assigned | StartPoint::Letter => now,
    }
}

/// The deadlines of `class`'s milestones: all of them, or (`before_assignment`) only
/// those whose clock starts before 交办.
fn milestones(
    case: &Case,
    class: &HandlingClass,
    now: Instant,
    before_assignment: bool,
) -> Vec<NewDeadline> {
    class
        .milestones
        .iter()
        .filter(|m| !before_assignment || m.start.before_assignment())
        .map(|m| NewDeadline {
            kind: DeadlineKind::Handling,
            label: m.label.clone(),
            start: start_of(case, m.start, now),
            span: m.span,
            of_assignment: !before_assignment,
        })
        .collect()
}

/// Decides what `request` does to `case` at `now`, or refuses it — naming the state and
/// what is allowed, the role it needs, or the input that is missing — so that nothing is
/// written.
pub fn plan(
    case: &Case,
    facts: Facts,
    request: &Request,
    now: Instant,
) -> Result<Plan, DomainError> {
    let action = request.action();
    if let Some(role) = action.needs() {
        if facts.by != Some(role) {
            return Err(forbidden(action, role));
        }
    }
    check(case.state, facts, action)?;
    let rules = facts.rules;
    let state = case.state;
    let mut p = Plan::new(action, state);
    match request {
        Request::Note(_) => {}
        Request::Progress => {
            if state == CaseState::Assigned {
                p.state = CaseState::InProgress;
            }
        }
        Request::Accept { class } => {
            p.state = CaseState::Accepted;
            if let Some(class) = class {
                p.class = Some(class.name.clone());
                p.add = milestones(case, class, now, true);
            }
        }
        Request::Reject => p.state = CaseState::Rejected,
        Request::AwaitMaterial => p.state = CaseState::AwaitingMaterial,
        Request::Resume => p.state = case.paused_from.unwrap_or(CaseState::Registered),
        Request::Void => p.state = CaseState::Void,
        Request::Assign { class, route, .. } => assignment(&mut p, case, class, *route, rules, now),
        Request::Meet {
            class,
            milestone,
            solvable,
            unsolvable,
        } => {
            let m = class.milestone(milestone)?;
            let d = case
                .deadlines
                .iter()
                .filter(|d| d.kind == DeadlineKind::Handling && d.label == m.label)
                .max_by_key(|d| d.id)
                .ok_or_else(|| {
                    DomainError::invalid(
                        "milestone",
                        format!("“{}”节点没有在计时的时限，无法记录完成", m.label),
                    )
                })?;
            if let Some(met) = d.met_at {
                return Err(DomainError::invalid(
                    "milestone",
                    format!(
                        "“{}”已于 {} 完成，不能重复记录",
                        m.label,
                        met.format("%Y-%m-%d %H:%M")
                    ),
                ));
            }
            if state == CaseState::Assigned {
                p.state = CaseState::InProgress;
            }
            p.meet = vec![d.id];
            match (&m.unsolvable_class, solvable) {
                (Some(_), None) => {
                    return Err(DomainError::invalid(
                        "solvable",
                        format!(
                            "“{}”须说明能否解决（命令行 --solvable yes 或 --solvable no）",
                            m.label
                        ),
                    ))
                }
                (None, Some(_)) => {
                    return Err(DomainError::invalid(
                        "solvable",
                        format!("“{}”节点不需要说明能否解决，请不要填写", m.label),
                    ))
                }
                (Some(name), Some(false)) => {
                    // 000 三(二)3→4: not solvable, the case becomes a 四类 explanation.
                    let to = unsolvable.as_ref().filter(|c| &c.name == name).ok_or_else(|| {
                        DomainError::invalid(
                            "solvable",
                            format!(
                                "当前时限规则中没有“{name}”，无法转为暂无法解决的类别，请管理员在设置中核对时限规则"
                            ),
                        )
                    })?;
                    p.supersede = running(case, &[DeadlineKind::Handling])
                        .filter(|x| x.id != d.id)
                        .map(|x| x.id)
                        .collect();
                    p.class = Some(to.name.clone());
                    p.add = milestones(case, to, now, false);
                }
                _ => {}
            }
        }
        Request::BureauReply { letter_milestones } => {
            p.meet = case
                .deadlines
                .iter()
                .filter(|d| {
                    d.met_at.is_none()
                        && (d.kind == DeadlineKind::Letter
                            || (d.kind == DeadlineKind::Handling
                                && letter_milestones.contains(&d.label)))
                })
                .map(|d| d.id)
                .collect();
            if p.meet.is_empty() {
                return Err(DomainError::invalid(
                    "text",
                    "该函的区级部门书面回复已经记录，没有在计时的函复时限",
                ));
            }
            if state == CaseState::Assigned {
                p.state = CaseState::InProgress;
            }
        }
        Request::Reply { outcome, until } => {
            if state == CaseState::Accepted && *outcome == Outcome::B {
                return Err(DomainError::invalid(
                    "outcome",
                    "即时答复只能是A类（已经解决）或C类（一时难以解决）；需要部门继续办理的诉求请先交办",
                ));
            }
            // The bureau's own limit is met by its written answer (BureauReply), not by
            // the park's reply to the enterprise.
            let handling: Vec<&crate::Deadline> =
                running(case, &[DeadlineKind::Handling]).collect();
            p.state = CaseState::Replied;
            p.late = handling.iter().any(|d| d.due_at < now);
            p.meet = handling.iter().map(|d| d.id).collect();
            p.supersede = ids(running(case, &[DeadlineKind::Evaluation]));
            if *outcome == Outcome::B && rules.b_follow_up {
                let until = until.ok_or_else(|| {
                    DomainError::invalid(
                        "until",
                        "B类“正在解决”须填写承诺办结日期（命令行 --until 日期，如 --until 2026-06-30），到期未办结将列入逾期并催办",
                    )
                })?;
                p.add.push(NewDeadline {
                    kind: DeadlineKind::Handling,
                    label: PROMISE_LABEL.into(),
                    start: now,
                    span: span_to(until, now, "until", "承诺办结日期")?,
                    of_assignment: true,
                });
            } else {
                if until.is_some() && *outcome != Outcome::B {
                    return Err(DomainError::invalid(
                        "until",
                        "承诺办结日期只用于B类“正在解决”；A类、C类答复请不要填写",
                    ));
                }
                if !p.late || rules.deem_late_replies {
                    p.add.push(NewDeadline {
                        kind: DeadlineKind::Evaluation,
                        label: EVAL_LABEL.into(),
                        start: now,
                        span: rules.evaluation_window,
                        of_assignment: false,
                    });
                }
            }
        }
        Request::Evaluate { .. } => {
            p.meet = ids(running(case, &[DeadlineKind::Evaluation]));
        }
        Request::Reopen { until, fallback } => {
            p.state = CaseState::InProgress;
            p.supersede = ids(running(
                case,
                &[DeadlineKind::Evaluation, DeadlineKind::Handling],
            ));
            let span = match (until, fallback) {
                (Some(d), _) => span_to(*d, now, "until", "专项督办办结时限")?,
                (None, Some(f)) => *f,
                (None, None) => {
                    return Err(DomainError::invalid(
                        "until",
                        "该案件的办理类别没有规定时限（如廊坊四类），专项督办请填写新的办结期限（命令行 --until 日期，如 --until 2026-06-30）",
                    ))
                }
            };
            p.add.push(NewDeadline {
                kind: DeadlineKind::Handling,
                label: SUPERVISION_LABEL.into(),
                start: now,
                span,
                of_assignment: true,
            });
        }
        Request::Decide { assign, until } => {
            p.end_escalation = true;
            match (assign, until) {
                (Some(_), Some(_)) => {
                    return Err(DomainError::invalid(
                        "until",
                        "领导小组决定改由新的牵头部门办理时，办结时限按新的办理类别计算，请不要同时填写新的办结期限",
                    ))
                }
                (Some((class, route)), None) => {
                    assignment(&mut p, case, class, *route, rules, now);
                }
                (None, Some(d)) => {
                    p.supersede = ids(running(
                        case,
                        &[DeadlineKind::Handling, DeadlineKind::Letter],
                    ));
                    p.add.push(NewDeadline {
                        kind: DeadlineKind::Handling,
                        label: DECISION_LABEL.into(),
                        start: now,
                        span: span_to(*d, now, "until", "领导小组决定的办结期限")?,
                        of_assignment: true,
                    });
                    if state == CaseState::Assigned {
                        p.state = CaseState::InProgress;
                    }
                }
                (None, None) => {}
            }
        }
        Request::Close { reason } => {
            if facts.filing_required && !facts.filed {
                // 000 三(二)2–4: the signed report is filed before the case is struck off.
                return Err(DomainError::invalid(
                    "filing",
                    format!(
                        "“{}”的案件销号前须将承办部门办理情况报告（经部门主要负责人签字）备案（000 三(二)），尚未备案。请先在案件页点“备案”，或运行 zhitong case file-report 编号 --text 报告内容 --signed-by 负责人姓名",
                        case.handling_class.as_deref().unwrap_or("该办理类别")
                    ),
                ));
            }
            if facts.unsatisfied {
                // 003 第10条: 企业不满意的，实行专项督办 — a leader decides.
                if facts.by != Some(Role::Leader) {
                    return Err(DomainError::Forbidden {
                        action: "办结企业评价为“不满意”的案件（003 第10条：企业不满意的实行专项督办，由领导决定专项督办或说明理由后办结）".into(),
                        role: Role::Leader.label().into(),
                        who: String::new(),
                    });
                }
                if !reason {
                    return Err(DomainError::invalid(
                        "note",
                        "企业评价为“不满意”，不开展专项督办而直接办结的，须写明理由",
                    ));
                }
            }
            p.state = CaseState::Closed;
        }
    }
    Ok(p)
}

/// 交办 or 转办 (and a decision that moves the case) under `class` by `route`: the
/// clocks that ran before give way to the class's milestones.
fn assignment(
    p: &mut Plan,
    case: &Case,
    class: &HandlingClass,
    route: Route,
    rules: Rules,
    now: Instant,
) {
    p.state = CaseState::Assigned;
    p.class = Some(class.name.clone());
    // The clocks that ran before (from receipt, on the accepted case; or of the
    // previous assignment) give way to the class's milestones; a milestone that
    // counts from receipt keeps its start, so 转办 does not restart it.
    p.supersede = ids(running(
        case,
        &[DeadlineKind::Handling, DeadlineKind::Letter],
    ));
    p.add = milestones(case, class, now, false);
    if route == Route::DistrictLetter {
        // A milestone of the class that counts from the letter (正阳 区级部门办理,
        // 003 附件4 "5个工作日内函告") is the letter's own limit: one clock, of the
        // letter's kind, met by the bureau's written answer and not by the park's
        // reply to the enterprise.
        let from_letter = class
            .milestones
            .iter()
            .find(|m| m.start == crate::policy::StartPoint::Letter);
        if let Some(m) = from_letter {
            p.add.retain(|d| d.label != m.label);
        }
        p.add.push(NewDeadline {
            kind: DeadlineKind::Letter,
            label: from_letter.map_or_else(|| LETTER_LABEL.into(), |m| m.label.clone()),
            start: now,
            span: from_letter.map_or(rules.letter_limit, |m| m.span),
            of_assignment: true,
        });
    }
}

fn forbidden(action: Action, role: Role) -> DomainError {
    DomainError::Forbidden {
        action: action.label().into(),
        role: role.label().into(),
        who: String::new(),
    }
}
