//! The figures of a period's summary (周报/月报/季报/年报), with the previous period and the
//! same period last year for comparison, the department ranking and the circulation notice
//! (通报). Read-only over the ledger; `now` is passed in, never read.
//!
//! Which timestamp puts a case in the period `[from, to)` (midnight +08:00 boundaries):
//!
//! | figure | a case counts when… |
//! |---|---|
//! | received, by nature/channel/category/department | `received_at` is in the period (void cases never count) |
//! | accepted, rejected, accepted-and-closed, 办结率 | it was *received* in the period (a cohort), judged by its state at `now`: accepted = has `accepted_at` and is not rejected; rejected = state 不予受理; accepted-and-closed = accepted and now 已办结 |
//! | closed, closed on time, 按期办结率, average handling time | `closed_at` is in the period |
//! | overdue now | at `now`, whatever the period: a case being handled or replied (B), or accepted with a limit counted from receipt (待交办), whose running deadline has passed |
//! | urges | the urge's own time `at` is in the period |
//! | escalations | `escalated_at` is in the period |
//! | outcome A/B/C | the latest reply (`reply_at`) is in the period; the case's current outcome |
//! | evaluations, 满意率, stars | `eval_at` (rating or deemed-satisfied time) is in the period |
//!
//! Department figures use the case's current lead department (after any 转办), except
//! urges, which count against the department that was urged.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhitong_calendar::{overdue_working_days, working_days_between, Calendar};
use zhitong_domain::{CaseState, Instant, Outcome, Satisfaction, Settings};
use zhitong_store::{FigureCase, FigureRows, FigureUrge, Ledger};

use crate::error::Result;
use crate::period::Period;

/// Name of the department bucket for cases not (yet) assigned.
pub const UNASSIGNED: &str = "未交办";

/// One bar of a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Count {
    pub name: String,
    pub count: i64,
}

/// One 诉求性质 of the period, as 001 counts them ("受理企业咨询、诉求、建议180件，其中解决
/// 企业诉求类52件"): received in the period, closed in the period, and of those closed,
/// resolved (办理结果 A类).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NatureCount {
    pub name: String,
    pub received: i64,
    pub closed: i64,
    pub resolved: i64,
}

/// The `problem` of a notice entry that is overdue now.
pub const NOTICE_OVERDUE: &str = "逾期未办结";

/// One unit of the circulation notice with its counts over all its notice entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeUnit {
    pub department: String,
    /// Cases overdue now.
    pub overdue: i64,
    /// Cases rated 不满意 in the period.
    pub unsatisfied: i64,
    /// The longest overdue, in working days.
    pub longest_overdue_days: i64,
    /// Cases among them already escalated to the leading group.
    pub escalated: i64,
}

impl Summary {
    /// The units of the 通报 in the order of `notice`, each with its counts.
    pub fn notice_units(&self) -> Vec<NoticeUnit> {
        let mut units: Vec<NoticeUnit> = Vec::new();
        for n in &self.notice {
            if units.last().is_none_or(|u| u.department != n.department) {
                units.push(NoticeUnit {
                    department: n.department.clone(),
                    overdue: 0,
                    unsatisfied: 0,
                    longest_overdue_days: 0,
                    escalated: 0,
                });
            }
            let u = units.last_mut().expect("just pushed");
            if n.problem == NOTICE_OVERDUE {
                u.overdue += 1;
            } else {
                u.unsatisfied += 1;
            }
            u.longest_overdue_days = u.longest_overdue_days.max(n.overdue_days);
            u.escalated += i64::from(n.escalated);
        }
        units
    }

    /// The cases the printed 通报 lists: per unit its `notice_cases_per_unit` longest
    /// overdue cases, then every case rated 不满意 in the period (those are this period's
    /// own and few); in the order of `notice`.
    pub fn notice_listed(&self) -> Vec<&NoticeEntry> {
        let cap = self.notice_cap();
        let mut out = Vec::new();
        let mut rest = self.notice.as_slice();
        while let Some(first) = rest.first() {
            let len = rest
                .iter()
                .position(|n| n.department != first.department)
                .unwrap_or(rest.len());
            let (unit, next) = rest.split_at(len);
            out.extend(
                unit.iter()
                    .filter(|n| n.problem == NOTICE_OVERDUE)
                    .take(cap)
                    .chain(unit.iter().filter(|n| n.problem != NOTICE_OVERDUE)),
            );
            rest = next;
        }
        out
    }

    fn notice_cap(&self) -> usize {
        match self.notice_cases_per_unit {
            0 => usize::MAX,
            n => n as usize,
        }
    }

    /// The received cases by 诉求性质, as plain counts (for lists and bars).
    pub fn received_by_nature(&self) -> Vec<Count> {
        self.by_nature
            .iter()
            .map(|n| Count {
                name: n.name.clone(),
                count: n.received,
            })
            .collect()
    }
}

/// Received, closed and resolved by nature: the settings' natures in their order, then
/// any other nature a case of the period has.
fn by_nature(received: &[&Row], closed: &[&Row], order: &[String]) -> Vec<NatureCount> {
    let names = received.iter().chain(closed).map(|r| r.nature.as_str());
    breakdown(names, order)
        .into_iter()
        .map(|c| {
            let of = |rows: &[&Row]| rows.iter().filter(|r| r.nature == c.name).count() as i64;
            NatureCount {
                received: of(received),
                closed: of(closed),
                resolved: closed
                    .iter()
                    .filter(|r| r.nature == c.name && r.outcome == Some(Outcome::A))
                    .count() as i64,
                name: c.name,
            }
        })
        .collect()
}

/// 001's sentence: what was received, by nature, and how many were resolved, with the
/// satisfaction rate — "2026年6月，受理企业咨询、求助、建议共180件，其中解决企业求助类52件，
/// 答复解决满意率100.0%。"
fn headline(period_label: &str, natures: &[NatureCount], satisfaction: Option<f64>) -> String {
    let names = |pick: fn(&NatureCount) -> i64| {
        natures
            .iter()
            .filter(|n| pick(n) > 0)
            .map(|n| n.name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    };
    let received: i64 = natures.iter().map(|n| n.received).sum();
    if received == 0 {
        return format!("{period_label}，未受理企业诉求。");
    }
    let resolved: i64 = natures.iter().map(|n| n.resolved).sum();
    let mut out = format!(
        "{period_label}，受理企业{}共{received}件，",
        names(|n| n.received)
    );
    if resolved > 0 {
        out += &format!("其中解决企业{}类{resolved}件", names(|n| n.resolved));
    } else {
        out += "其中尚无已解决（A类）的诉求";
    }
    if let Some(r) = satisfaction {
        out += &format!("，答复解决满意率{:.1}%", r * 100.0);
    }
    out + "。"
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutcomeCounts {
    /// 已经解决或基本解决
    pub a: i64,
    /// 正在解决
    pub b: i64,
    /// 一时难以解决
    pub c: i64,
}

/// Average stars of the real ratings (deemed satisfaction carries no stars).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Stars {
    pub quality: Option<f64>,
    pub attitude: Option<f64>,
    pub efficiency: Option<f64>,
    /// Mean of every star given, all three dimensions together.
    pub overall: Option<f64>,
    /// Evaluations with at least one star.
    pub rated: i64,
}

/// One line of the department ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DepartmentFigures {
    /// 1-based; ties in every key share no rank (ordered by name).
    pub rank: u32,
    pub name: String,
    /// Received in the period with this department as current lead.
    pub received: i64,
    pub closed: i64,
    pub closed_on_time: i64,
    /// closed on time ÷ closed.
    pub on_time_rate: Option<f64>,
    pub evaluated: i64,
    /// Satisfied, deemed included.
    pub satisfied: i64,
    /// satisfied ÷ evaluated, deemed included.
    pub satisfaction_rate: Option<f64>,
    pub urges: i64,
    pub overdue_now: i64,
}

/// One case in the circulation notice (通报): overdue now, or rated 不满意 in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NoticeEntry {
    pub department: String,
    pub reg_no: String,
    pub enterprise: String,
    pub summary: String,
    /// 逾期 / 不满意
    pub problem: String,
    /// Working days overdue at `now` (0 when not overdue).
    pub overdue_days: i64,
    pub urges: i64,
    pub escalated: bool,
}

/// The headline figures of another period, for 环比 and 同比.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Comparison {
    /// 上期 / 去年同期
    pub label: String,
    pub period: Period,
    pub period_label: String,
    pub received: i64,
    pub accepted: i64,
    pub closed: i64,
    pub completion_rate: Option<f64>,
    pub on_time_rate: Option<f64>,
    pub satisfaction_rate: Option<f64>,
    pub urges: i64,
    pub escalations: i64,
}

/// Every figure of one period (see the module doc for which cases count where).
/// Rates are fractions (0.0–1.0); `None` when the denominator is 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Summary {
    pub period: Period,
    pub period_label: String,
    /// The `now` the figures were computed at (RFC 3339, +08:00).
    pub as_of: String,
    pub park_name: String,
    pub received: i64,
    pub by_nature: Vec<NatureCount>,
    /// 001's sentence for the period: "…受理企业咨询、求助、建议180件，其中解决企业求助类52件，
    /// 答复解决满意率100.0%".
    pub headline: String,
    pub by_channel: Vec<Count>,
    pub by_category: Vec<Count>,
    pub by_department: Vec<Count>,
    pub accepted: i64,
    pub rejected: i64,
    /// Received in the period and still awaiting the intake decision.
    pub undecided: i64,
    /// Of the accepted, how many are closed now.
    pub accepted_closed: i64,
    /// 办结率 = accepted_closed ÷ accepted.
    pub completion_rate: Option<f64>,
    pub closed: i64,
    pub closed_on_time: i64,
    /// 按期办结率 = closed_on_time ÷ closed.
    pub on_time_rate: Option<f64>,
    pub overdue_now: i64,
    /// Working days from the day received to the day of the (last) reply, averaged over
    /// the cases closed in the period.
    pub avg_handling_working_days: Option<f64>,
    pub urges: i64,
    /// Urges counted towards escalation (overdue, at most one per working day).
    pub counted_urges: i64,
    pub escalations: i64,
    pub outcomes: OutcomeCounts,
    /// Real ratings (满意 + 一般 + 不满意), deemed satisfaction not included.
    pub evaluated: i64,
    pub satisfied: i64,
    pub average: i64,
    pub unsatisfied: i64,
    /// 视作满意.
    pub deemed: i64,
    /// 满意率 with deemed satisfaction: (satisfied + deemed) ÷ (evaluated + deemed).
    pub satisfaction_rate: Option<f64>,
    /// 满意率 of real ratings only: satisfied ÷ evaluated.
    pub satisfaction_rate_rated: Option<f64>,
    pub stars: Stars,
    pub departments: Vec<DepartmentFigures>,
    pub notice: Vec<NoticeEntry>,
    /// The setting `notice_cases_per_unit`: how many of a unit's cases the printed 通报
    /// lists (0: all). `notice` itself always holds every case.
    #[serde(default)]
    pub notice_cases_per_unit: u32,
    /// 上期 then 去年同期.
    pub comparisons: Vec<Comparison>,
    /// The leading group's decisions of the period (002 第12条: the monthly analysis to
    /// the leading group lists them).
    #[serde(default)]
    pub decisions: Vec<DecisionEntry>,
    /// The meetings held in the period (联席会议, 协调推进会, 领导小组会议).
    #[serde(default)]
    pub meetings: Vec<MeetingEntry>,
}

/// One decision of the leading group, as the monthly analysis lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DecisionEntry {
    pub reg_no: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub text: String,
    /// The meeting it was taken at (2026年第1次领导小组会议), if any.
    pub meeting: Option<String>,
    /// The new lead, when the decision moved the case.
    pub lead: Option<String>,
}

/// One meeting of the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MeetingEntry {
    pub number: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub cases: usize,
    pub attendees: Vec<String>,
}

type Row = FigureCase;

struct Data {
    rows: Vec<Row>,
    urges: Vec<FigureUrge>,
    cal: Calendar,
    settings: Settings,
}

/// Reads what the figures of `periods` need (see [`Ledger::figure_rows`]).
fn load(ledger: &Ledger, periods: &[Period], now: Instant) -> Result<Data> {
    let windows: Vec<_> = periods.iter().map(|p| (p.start(), p.end())).collect();
    let FigureRows { cases, urges } = ledger.figure_rows(&windows, now)?;
    Ok(Data {
        rows: cases,
        urges,
        cal: ledger.calendar()?,
        settings: ledger.settings()?,
    })
}

fn rate(n: i64, d: i64) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

fn in_p(p: &Period, at: Option<Instant>) -> bool {
    at.is_some_and(|t| p.contains(t))
}

/// Counts in the order of `order` first (settings lists), then any other value by count.
fn breakdown<'a>(values: impl Iterator<Item = &'a str>, order: &[String]) -> Vec<Count> {
    let mut m: BTreeMap<String, i64> = BTreeMap::new();
    for v in values {
        *m.entry(v.to_string()).or_default() += 1;
    }
    let mut out: Vec<Count> = order
        .iter()
        .map(|name| Count {
            name: name.clone(),
            count: m.remove(name).unwrap_or(0),
        })
        .collect();
    let mut rest: Vec<Count> = m
        .into_iter()
        .map(|(name, count)| Count { name, count })
        .collect();
    rest.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    out.extend(rest);
    out
}

fn is_overdue_now(r: &Row, now: Instant) -> bool {
    matches!(
        r.state,
        CaseState::Accepted | CaseState::Assigned | CaseState::InProgress | CaseState::Replied
    ) && r.next_due_at.is_some_and(|d| d < now)
}

/// Computes the summary of `period` with its two comparisons.
pub fn summarize(ledger: &Ledger, period: Period, now: Instant) -> Result<Summary> {
    let compared = [
        ("上期", period.previous()),
        ("去年同期", period.same_period_last_year()),
    ];
    // The period's own cases; the comparisons are counted by SQLite.
    let data = load(ledger, &[period], now)?;
    let mut s = figures(&data, period, now);
    let mut counted: Vec<(Period, zhitong_store::PeriodCounts)> = Vec::new();
    for (label, p) in compared {
        // A year's 上期 is its 去年同期: counted once.
        let c = match counted.iter().find(|(q, _)| *q == p) {
            Some((_, c)) => *c,
            None => {
                let c = ledger.period_counts((p.start(), p.end()))?;
                counted.push((p, c));
                c
            }
        };
        s.comparisons.push(Comparison {
            label: label.into(),
            period: p,
            period_label: p.label(),
            received: c.received,
            accepted: c.accepted,
            closed: c.closed,
            completion_rate: rate(c.accepted_closed, c.accepted),
            on_time_rate: rate(c.closed_on_time, c.closed),
            satisfaction_rate: rate(c.satisfied, c.evaluated),
            urges: c.urges,
            escalations: c.escalations,
        });
    }
    s.decisions = ledger
        .decisions_between(period.start(), period.end())?
        .into_iter()
        .map(|(reg_no, d)| DecisionEntry {
            reg_no,
            date: d.decided_at.format("%Y-%m-%d").to_string(),
            text: d.text,
            meeting: d.meeting,
            lead: d.lead,
        })
        .collect();
    s.meetings = ledger
        .meetings_between(period.start().date_naive(), period.end().date_naive())?
        .into_iter()
        .map(|m| MeetingEntry {
            number: m.number,
            date: m.held_on.format("%Y-%m-%d").to_string(),
            cases: m.items.len(),
            attendees: m.attendees,
        })
        .collect();
    Ok(s)
}

fn figures(data: &Data, p: Period, now: Instant) -> Summary {
    let rows = &data.rows;
    let received: Vec<&Row> = rows.iter().filter(|r| p.contains(r.received_at)).collect();
    let st = &data.settings;
    let accepted: Vec<&&Row> = received
        .iter()
        .filter(|r| r.accepted && r.state != CaseState::Rejected)
        .collect();
    let accepted_closed = accepted
        .iter()
        .filter(|r| r.state == CaseState::Closed)
        .count() as i64;
    let rejected = received
        .iter()
        .filter(|r| r.state == CaseState::Rejected)
        .count() as i64;
    let closed: Vec<&Row> = rows
        .iter()
        .filter(|r| r.state == CaseState::Closed && in_p(&p, r.closed_at))
        .collect();
    let closed_on_time = closed.iter().filter(|r| !r.late).count() as i64;
    let handling: Vec<i64> = closed
        .iter()
        .filter_map(|r| {
            let end = r.reply_at.or(r.closed_at)?;
            Some(working_days_between(
                &data.cal,
                r.received_at.date_naive(),
                end.date_naive(),
            ))
        })
        .collect();
    let urges: Vec<&FigureUrge> = data.urges.iter().filter(|u| p.contains(u.at)).collect();
    let replied: Vec<&Row> = rows.iter().filter(|r| in_p(&p, r.reply_at)).collect();
    let outcome = |o: Outcome| replied.iter().filter(|r| r.outcome == Some(o)).count() as i64;
    let evals: Vec<&Row> = rows
        .iter()
        .filter(|r| r.evaluation.is_some() && in_p(&p, r.eval_at))
        .collect();
    let real = |v: Satisfaction| {
        evals
            .iter()
            .filter(|r| !r.eval_deemed && r.evaluation == Some(v))
            .count() as i64
    };
    let (satisfied, average, unsatisfied) = (
        real(Satisfaction::Satisfied),
        real(Satisfaction::Average),
        real(Satisfaction::Unsatisfied),
    );
    let deemed = evals.iter().filter(|r| r.eval_deemed).count() as i64;
    let evaluated = satisfied + average + unsatisfied;
    let mean = |k: usize| {
        let v: Vec<i64> = evals.iter().filter_map(|r| r.stars[k]).collect();
        (!v.is_empty()).then(|| v.iter().sum::<i64>() as f64 / v.len() as f64)
    };
    let all_stars: Vec<i64> = evals
        .iter()
        .flat_map(|r| r.stars.iter().flatten().copied())
        .collect();
    let stars = Stars {
        quality: mean(0),
        attitude: mean(1),
        efficiency: mean(2),
        overall: (!all_stars.is_empty())
            .then(|| all_stars.iter().sum::<i64>() as f64 / all_stars.len() as f64),
        rated: evals
            .iter()
            .filter(|r| r.stars.iter().any(Option::is_some))
            .count() as i64,
    };
    let overdue: Vec<&Row> = rows.iter().filter(|r| is_overdue_now(r, now)).collect();

    // Department ranking: one pass over each list, counted per current lead.
    let mut by_name: HashMap<&str, DepartmentFigures> = HashMap::new();
    fn of<'a, 'm>(
        m: &'m mut HashMap<&'a str, DepartmentFigures>,
        n: &'a str,
    ) -> &'m mut DepartmentFigures {
        m.entry(n).or_insert_with(|| DepartmentFigures {
            rank: 0,
            name: n.to_string(),
            received: 0,
            closed: 0,
            closed_on_time: 0,
            on_time_rate: None,
            evaluated: 0,
            satisfied: 0,
            satisfaction_rate: None,
            urges: 0,
            overdue_now: 0,
        })
    }
    for l in received.iter().filter_map(|r| r.lead.as_deref()) {
        of(&mut by_name, l).received += 1;
    }
    for r in &closed {
        if let Some(l) = r.lead.as_deref() {
            let d = of(&mut by_name, l);
            d.closed += 1;
            d.closed_on_time += i64::from(!r.late);
        }
    }
    for r in &evals {
        if let Some(l) = r.lead.as_deref() {
            let d = of(&mut by_name, l);
            d.evaluated += 1;
            d.satisfied += i64::from(r.evaluation == Some(Satisfaction::Satisfied));
        }
    }
    for l in overdue.iter().filter_map(|r| r.lead.as_deref()) {
        of(&mut by_name, l).overdue_now += 1;
    }
    for d in urges.iter().filter_map(|u| u.department.as_deref()) {
        of(&mut by_name, d).urges += 1;
    }
    let mut departments: Vec<DepartmentFigures> = by_name
        .into_values()
        .map(|mut d| {
            d.on_time_rate = rate(d.closed_on_time, d.closed);
            d.satisfaction_rate = rate(d.satisfied, d.evaluated);
            d
        })
        .collect();
    let key = |v: Option<f64>| v.map_or(-1.0, |x| x);
    departments.sort_by(|a, b| {
        key(b.on_time_rate)
            .total_cmp(&key(a.on_time_rate))
            .then(key(b.satisfaction_rate).total_cmp(&key(a.satisfaction_rate)))
            .then(a.urges.cmp(&b.urges))
            .then(a.overdue_now.cmp(&b.overdue_now))
            .then(a.name.cmp(&b.name))
    });
    for (i, d) in departments.iter_mut().enumerate() {
        d.rank = i as u32 + 1;
    }

    // Circulation notice.
    let mut notice: Vec<NoticeEntry> = overdue
        .iter()
        .map(|r| NoticeEntry {
            department: r.lead.clone().unwrap_or_else(|| UNASSIGNED.into()),
            reg_no: r.reg_no.clone(),
            enterprise: r.enterprise.clone(),
            summary: r.summary.clone(),
            problem: NOTICE_OVERDUE.into(),
            overdue_days: r
                .next_due_at
                .map(|d| overdue_working_days(&data.cal, d, now))
                .unwrap_or(0),
            urges: r.urge_count,
            escalated: r.escalated,
        })
        .collect();
    notice.extend(
        evals
            .iter()
            .filter(|r| r.evaluation == Some(Satisfaction::Unsatisfied))
            .map(|r| NoticeEntry {
                department: r.lead.clone().unwrap_or_else(|| UNASSIGNED.into()),
                reg_no: r.reg_no.clone(),
                enterprise: r.enterprise.clone(),
                summary: r.summary.clone(),
                problem: "企业评价不满意".into(),
                overdue_days: 0,
                urges: r.urge_count,
                escalated: r.escalated,
            }),
    );
    notice.sort_by(|a, b| {
        a.department
            .cmp(&b.department)
            .then(b.overdue_days.cmp(&a.overdue_days))
            .then(a.reg_no.cmp(&b.reg_no))
    });

    let natures = by_nature(&received, &closed, &st.natures);
    let satisfaction_rate = rate(satisfied + deemed, evaluated + deemed);
    Summary {
        period: p,
        period_label: p.label(),
        as_of: now
            .with_timezone(&zhitong_domain::china())
            .format("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
        park_name: st.park_name.clone(),
        received: received.len() as i64,
        headline: headline(&p.label(), &natures, satisfaction_rate),
        by_nature: natures,
        by_channel: breakdown(received.iter().map(|r| r.channel.as_str()), &st.channels),
        by_category: breakdown(received.iter().map(|r| r.category.as_str()), &st.categories),
        by_department: breakdown(
            received
                .iter()
                .map(|r| r.lead.as_deref().unwrap_or(UNASSIGNED)),
            &[],
        ),
        accepted: accepted.len() as i64,
        rejected,
        undecided: received.len() as i64 - accepted.len() as i64 - rejected,
        accepted_closed,
        completion_rate: rate(accepted_closed, accepted.len() as i64),
        closed: closed.len() as i64,
        closed_on_time,
        on_time_rate: rate(closed_on_time, closed.len() as i64),
        overdue_now: overdue.len() as i64,
        avg_handling_working_days: (!handling.is_empty())
            .then(|| handling.iter().sum::<i64>() as f64 / handling.len() as f64),
        urges: urges.len() as i64,
        counted_urges: urges.iter().filter(|u| u.counted).count() as i64,
        escalations: rows.iter().filter(|r| in_p(&p, r.escalated_at)).count() as i64,
        outcomes: OutcomeCounts {
            a: outcome(Outcome::A),
            b: outcome(Outcome::B),
            c: outcome(Outcome::C),
        },
        evaluated,
        satisfied,
        average,
        unsatisfied,
        deemed,
        satisfaction_rate,
        satisfaction_rate_rated: rate(satisfied, evaluated),
        stars,
        departments,
        notice,
        notice_cases_per_unit: st.notice_cases_per_unit,
        comparisons: Vec::new(),
        decisions: Vec::new(),
        meetings: Vec::new(),
    }
}

/// Formats a rate as a percentage with one decimal (`87.5%`), or `—`.
/// The monthly analysis's sentences on the period's meetings and the leading group's
/// decisions (002 第12条), empty when there were none.
pub fn decisions_and_meetings(s: &Summary) -> Vec<String> {
    let mut out = Vec::new();
    if !s.meetings.is_empty() {
        out.push(format!(
            "本期召开会议{}次：{}。",
            s.meetings.len(),
            s.meetings
                .iter()
                .map(|m| format!("{}（{}，研究{}件）", m.number, m.date, m.cases))
                .collect::<Vec<_>>()
                .join("；")
        ));
    }
    if !s.decisions.is_empty() {
        out.push(format!(
            "领导小组本期作出决定{}件：{}。",
            s.decisions.len(),
            s.decisions
                .iter()
                .map(|d| {
                    format!(
                        "{}（{}{}）{}",
                        d.reg_no,
                        d.date,
                        d.meeting
                            .as_deref()
                            .map(|m| format!("，{m}"))
                            .unwrap_or_default(),
                        d.text.trim_end_matches('。')
                    )
                })
                .collect::<Vec<_>>()
                .join("；")
        ));
    }
    out
}

pub fn percent(r: Option<f64>) -> String {
    r.map_or_else(|| "—".to_string(), |v| format!("{:.1}%", v * 100.0))
}

/// The change from `before` to `now` as `+3` / `-2` / `持平`.
pub fn delta(now: i64, before: i64) -> String {
    match now - before {
        0 => "持平".into(),
        d if d > 0 => format!("+{d}"),
        d => d.to_string(),
    }
}

/// The first day of the month containing `day`, handy for "this month" defaults.
pub fn month_of(day: NaiveDate) -> Result<Period> {
    use chrono::Datelike;
    Period::month(day.year(), day.month())
}
