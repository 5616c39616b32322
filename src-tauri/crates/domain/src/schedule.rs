//! The scheduler: a pure function from the open cases, the calendar and `now` to what
//! needs doing — due today, nearly due, overdue (in working days), urges due, escalations
//! due, evaluations to deem satisfied — and the overdue board leaders review. It reads
//! no clock and writes nothing; the store applies its automatic steps as audited events.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhitong_calendar::{self as cal, Calendar};

use crate::{CaseState, Instant, Settings};

/// What the scheduler needs to know about one open case.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenCase {
    pub id: i64,
    pub reg_no: String,
    pub enterprise: String,
    pub summary: String,
    pub state: CaseState,
    pub lead: Option<String>,
    /// Running handling and letter deadlines: (label, due, provisional).
    pub deadlines: Vec<(String, Instant, bool)>,
    /// The running evaluation window, when replied and not yet evaluated.
    pub evaluation_due: Option<Instant>,
    pub counted_urges: u32,
    pub last_urge_at: Option<Instant>,
    pub escalated: bool,
    /// Replied A or C and not yet rated (with or without a running window).
    pub awaiting_rating: bool,
    /// Rated 不满意 and not yet decided by a leader (003 第10条).
    pub unsatisfied: bool,
}

/// Traffic-light state of an item (ui.md: colour means state only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Level {
    /// On time.
    Green,
    /// Due within one working day.
    Amber,
    /// Overdue.
    Red,
    /// No running deadline.
    Grey,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgendaItem {
    pub case_id: i64,
    pub reg_no: String,
    pub enterprise: String,
    pub summary: String,
    pub state: CaseState,
    pub lead: Option<String>,
    pub deadline: Option<String>,
    #[ts(type = "string | null")]
    pub due_at: Option<Instant>,
    pub provisional: bool,
    /// 0 when not overdue.
    pub overdue_working_days: i64,
    pub working_days_left: i64,
    pub urges: u32,
    pub escalated: bool,
    pub level: Level,
    /// The deadline in plain words, e.g. 已逾期 3 个工作日.
    pub text: String,
    /// The leading group's latest decision on the case, for the board (filled by the
    /// store).
    #[serde(default)]
    pub decision: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Agenda {
    pub due_today: Vec<AgendaItem>,
    /// Due within `near_due_hours` but not today.
    pub due_soon: Vec<AgendaItem>,
    pub overdue: Vec<AgendaItem>,
    /// Overdue and not yet urged today.
    pub urge_due: Vec<AgendaItem>,
    /// Reached the urge limit without being escalated.
    pub escalation_due: Vec<AgendaItem>,
    /// Evaluation window over without a rating: to be deemed satisfied.
    pub deem_satisfied: Vec<AgendaItem>,
    pub awaiting_screening: Vec<AgendaItem>,
    /// 待交办: accepted and not yet assigned, with the limit that already runs when the
    /// class counts from receipt or acceptance.
    pub awaiting_assignment: Vec<AgendaItem>,
    pub awaiting_material: Vec<AgendaItem>,
    pub awaiting_evaluation: Vec<AgendaItem>,
    /// 不满意待督办: rated 不满意; a leader opens 专项督办 or closes with a reason
    /// (003 第10条).
    pub unsatisfied: Vec<AgendaItem>,
    pub escalated: Vec<AgendaItem>,
    /// 待备案: replied under a class whose 销号 needs the department's signed report,
    /// and no report is on file yet (000 三(二)2–4). Filled by the store.
    #[serde(default)]
    pub awaiting_filing: Vec<AgendaItem>,
    /// From 1 November: next year's holiday schedule is missing.
    pub calendar_warning: Option<String>,
}

/// How many items of each 工作台 section the window gets at first (most urgent first);
/// 显示全部 asks for the rest. At 1 000 000 cases the sections hold some 80 000 items,
/// which took the window seconds to receive and lay out (docs/benchmarks.md).
pub const SECTION_FIRST: usize = 30;

/// One 工作台 section as the window first gets it: its first items and how many it holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Section {
    #[ts(type = "number")]
    pub total: usize,
    pub items: Vec<AgendaItem>,
}

impl Section {
    fn first(mut items: Vec<AgendaItem>, n: usize) -> Section {
        let total = items.len();
        items.truncate(n);
        Section { total, items }
    }
}

/// [`AgendaHead`] and [`AgendaSection`] name every list of [`Agenda`] once, here.
macro_rules! sections {
    ($($field:ident => $variant:ident),* $(,)?) => {
        /// The 工作台 as the window first gets it: every list of [`Agenda`] cut to its
        /// first items ([`Agenda::head`]), with its size.
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
        #[ts(export)]
        pub struct AgendaHead {
            $(pub $field: Section,)*
            pub calendar_warning: Option<String>,
        }

        /// A list of [`Agenda`], by its field's name: what 显示全部 asks for.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum AgendaSection {
            $($variant,)*
        }

        impl Agenda {
            /// Each list's first `n` items, in the agenda's order (most urgent first).
            pub fn head(self, n: usize) -> AgendaHead {
                AgendaHead {
                    $($field: Section::first(self.$field, n),)*
                    calendar_warning: self.calendar_warning,
                }
            }

            /// The whole of one list.
            pub fn into_section(self, section: AgendaSection) -> Vec<AgendaItem> {
                match section {
                    $(AgendaSection::$variant => self.$field,)*
                }
            }
        }
    };
}

sections! {
    due_today => DueToday,
    due_soon => DueSoon,
    overdue => Overdue,
    urge_due => UrgeDue,
    escalation_due => EscalationDue,
    deem_satisfied => DeemSatisfied,
    awaiting_screening => AwaitingScreening,
    awaiting_assignment => AwaitingAssignment,
    awaiting_material => AwaitingMaterial,
    awaiting_evaluation => AwaitingEvaluation,
    unsatisfied => Unsatisfied,
    escalated => Escalated,
    awaiting_filing => AwaitingFiling,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BoardGroup {
    pub department: String,
    /// Who answers for the department: 专员, 分管副职, 联络员 with phones (filled by the
    /// store; empty when none is recorded).
    #[serde(default)]
    pub contacts: String,
    pub overdue: usize,
    pub items: Vec<AgendaItem>,
}

/// The overdue board: every overdue or nearly due case by department, worst first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Board {
    #[ts(type = "string")]
    pub at: Instant,
    pub groups: Vec<BoardGroup>,
    pub overdue: usize,
    pub nearly_due: usize,
    pub escalated: usize,
}

/// The traffic light of a running deadline due at `due_at`, seen at `now`: red once a
/// working day overdue, amber on its last working day or within `near_due_hours`, else
/// green. The one place this rule lives (agenda, board and case page use it).
pub fn level(calendar: &Calendar, settings: &Settings, due_at: Instant, now: Instant) -> Level {
    let near = chrono::Duration::hours(i64::from(settings.near_due_hours));
    if cal::overdue_working_days(calendar, due_at, now) > 0 {
        Level::Red
    } else if cal::working_days_left(calendar, now, due_at) == 0 || due_at - now <= near {
        Level::Amber
    } else {
        Level::Green
    }
}

impl Level {
    /// How urgent: red > amber > green > grey.
    pub fn rank(self) -> u8 {
        match self {
            Level::Red => 3,
            Level::Amber => 2,
            Level::Green => 1,
            Level::Grey => 0,
        }
    }
}

/// Its clock runs: being handled, replied B, or accepted with a limit counted from
/// receipt or acceptance (待交办, 002 第10条).
fn clock_runs(state: CaseState) -> bool {
    state.is_handling() || matches!(state, CaseState::Replied | CaseState::Accepted)
}

fn item(c: &OpenCase, calendar: &Calendar, settings: &Settings, now: Instant) -> AgendaItem {
    let next = c
        .deadlines
        .iter()
        .min_by_key(|(_, due, _)| *due)
        .filter(|_| clock_runs(c.state));
    let (deadline, due_at, provisional) = match next {
        Some((l, d, p)) => (Some(l.clone()), Some(*d), *p),
        None => (None, None, false),
    };
    let overdue = due_at.map_or(0, |d| cal::overdue_working_days(calendar, d, now));
    let left = due_at.map_or(0, |d| cal::working_days_left(calendar, now, d));
    let level = due_at.map_or(Level::Grey, |d| level(calendar, settings, d, now));
    let text = match due_at {
        Some(d) => cal::describe(calendar, &cal::Due { at: d, provisional }, now),
        None => c.state.label().to_string(),
    };
    AgendaItem {
        case_id: c.id,
        reg_no: c.reg_no.clone(),
        enterprise: c.enterprise.clone(),
        summary: c.summary.clone(),
        state: c.state,
        lead: c.lead.clone(),
        deadline,
        due_at,
        provisional,
        overdue_working_days: overdue,
        working_days_left: left,
        urges: c.counted_urges,
        escalated: c.escalated,
        level,
        text,
        decision: None,
    }
}

/// The agenda items of `cases` at `now` (for lists the store adds, such as 待备案).
pub fn items<'a>(
    cases: impl IntoIterator<Item = &'a OpenCase>,
    calendar: &Calendar,
    settings: &Settings,
    now: Instant,
) -> Vec<AgendaItem> {
    cases
        .into_iter()
        .map(|c| item(c, calendar, settings, now))
        .collect()
}

/// What is due at `now`.
pub fn agenda(
    cases: &[OpenCase],
    calendar: &Calendar,
    settings: &Settings,
    now: Instant,
) -> Agenda {
    let today = now.date_naive();
    let mut a = Agenda {
        calendar_warning: calendar.missing_next_year(today).map(|y| {
            format!("尚未导入{y}年节假日安排：{y}年的时限暂按周一至周五计算并标注“暂定”。国务院办公厅通知发布后，请在“设置 → 工作日历”中导入")
        }),
        ..Agenda::default()
    };
    for c in cases {
        let it = item(c, calendar, settings, now);
        match c.state {
            CaseState::Registered => a.awaiting_screening.push(it.clone()),
            CaseState::Accepted => a.awaiting_assignment.push(it.clone()),
            CaseState::AwaitingMaterial => a.awaiting_material.push(it.clone()),
            _ => {}
        }
        if c.state == CaseState::Replied {
            match c.evaluation_due {
                Some(due) if due < now => a.deem_satisfied.push(it.clone()),
                Some(_) => a.awaiting_evaluation.push(it.clone()),
                // A late reply is not deemed satisfied (002 第13条): it waits for a rating.
                None if c.awaiting_rating => a.awaiting_evaluation.push(it.clone()),
                None => {}
            }
            if c.unsatisfied {
                a.unsatisfied.push(it.clone());
            }
        }
        if c.escalated {
            a.escalated.push(it.clone());
        }
        if !clock_runs(c.state) || it.due_at.is_none() {
            continue;
        }
        if it.overdue_working_days > 0 {
            let urged_today = c.last_urge_at.is_some_and(|u| u.date_naive() == today);
            // An unassigned case has no department to urge; it is assigned instead.
            let urgeable = c.state != CaseState::Accepted;
            if urgeable && !urged_today && calendar.is_working_day(today) {
                a.urge_due.push(it.clone());
            }
            if !c.escalated && c.counted_urges >= settings.escalate_after_urges {
                a.escalation_due.push(it.clone());
            }
            a.overdue.push(it);
        } else if it.due_at.is_some_and(|d| d.date_naive() == today) {
            a.due_today.push(it);
        } else if it.level == Level::Amber {
            a.due_soon.push(it);
        }
    }
    a.overdue
        .sort_by_key(|i| (std::cmp::Reverse(i.overdue_working_days), i.due_at));
    a.due_today.sort_by_key(|i| i.due_at);
    a.due_soon.sort_by_key(|i| i.due_at);
    a.awaiting_assignment
        .sort_by_key(|i| (i.due_at.is_none(), i.due_at));
    a
}

/// The overdue board at `now`: overdue and nearly due cases grouped by department,
/// departments with the most overdue first.
pub fn board(cases: &[OpenCase], calendar: &Calendar, settings: &Settings, now: Instant) -> Board {
    let mut groups: Vec<BoardGroup> = Vec::new();
    let (mut overdue, mut nearly, mut escalated) = (0, 0, 0);
    for c in cases {
        if !clock_runs(c.state) {
            continue;
        }
        let it = item(c, calendar, settings, now);
        if !matches!(it.level, Level::Red | Level::Amber) {
            continue;
        }
        if it.level == Level::Red {
            overdue += 1;
        } else {
            nearly += 1;
        }
        if it.escalated {
            escalated += 1;
        }
        let dept = it.lead.clone().unwrap_or_else(|| "待交办".into());
        match groups.iter_mut().find(|g| g.department == dept) {
            Some(g) => {
                g.overdue += usize::from(it.level == Level::Red);
                g.items.push(it);
            }
            None => groups.push(BoardGroup {
                department: dept,
                contacts: String::new(),
                overdue: usize::from(it.level == Level::Red),
                items: vec![it],
            }),
        }
    }
    for g in &mut groups {
        g.items.sort_by_key(|i| {
            (
                std::cmp::Reverse(i.escalated),
                std::cmp::Reverse(i.overdue_working_days),
                i.due_at,
            )
        });
    }
    groups.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(b.items.len().cmp(&a.items.len()))
            .then(a.department.cmp(&b.department))
    });
    Board {
        at: now,
        groups,
        overdue,
        nearly_due: nearly,
        escalated,
    }
}
