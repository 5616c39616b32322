//! `zhitong meeting …`: the 联席会议 (000 五3), 协调推进会 (003 第8条) and 领导小组会议
//! (002 第1、11条) — record one with the decision on each case, list them, show one, and
//! the next meeting's agenda (cases flagged 共性问题 and escalated cases).

use clap::Subcommand;
use zhitong_domain::{Meeting, MeetingKind};
use zhitong_store::{MeetingDecisionInput, MeetingInput};

use crate::out::{Fail, Out};
use crate::{parse_date, Ctx};

#[derive(Subcommand)]
pub enum MeetingCmd {
    /// Record a meeting: `meeting add --kind 联席会议 --date 2026-03-10 --case 12 --case 15
    /// --decision "12=由规划建设部牵头…" --decision "15=…" [--attendee 经济发展部…]
    /// [--minutes TEXT]`. A decision on an escalated case is the leading group's (leader).
    Add {
        /// 联席会议 | 协调推进会 | 领导小组会议
        #[arg(long)]
        kind: String,
        #[arg(long)]
        date: String,
        /// A case on the agenda (登记编号 or its number); repeatable.
        #[arg(long = "case")]
        cases: Vec<String>,
        /// "CASE=what was decided"; one per case, repeatable.
        #[arg(long = "decision")]
        decisions: Vec<String>,
        /// An attending department; repeatable, or separated with 、.
        #[arg(long = "attendee")]
        attendees: Vec<String>,
        #[arg(long, default_value = "")]
        minutes: String,
    },
    /// Every meeting, newest first.
    List,
    /// One meeting with its decisions: `meeting show M`.
    Show { id: i64 },
    /// The next meeting's agenda: open cases flagged 共性问题 and escalated cases.
    Agenda,
}

fn text(m: &Meeting) -> String {
    let mut t = format!(
        "[{}] {}（{}）\n",
        m.id,
        m.number,
        m.held_on.format("%Y-%m-%d")
    );
    if !m.attendees.is_empty() {
        t += &format!("出席单位：{}\n", m.attendees.join("、"));
    }
    if !m.minutes.is_empty() {
        t += &format!("纪要：{}\n", m.minutes);
    }
    for i in &m.items {
        let by_group = if i.ended_escalation {
            "（领导小组决定）"
        } else {
            ""
        };
        t += &format!(
            "  {} {}：{}{by_group}\n",
            i.reg_no, i.enterprise, i.decision
        );
    }
    t
}

pub fn run(ctx: &mut Ctx, c: MeetingCmd) -> Result<Out, Fail> {
    match c {
        MeetingCmd::Add {
            kind,
            date,
            cases,
            decisions,
            attendees,
            minutes,
        } => {
            let kind = MeetingKind::parse(&kind)?;
            let held_on = parse_date(&date)?;
            let mut items: Vec<(String, MeetingDecisionInput)> = Vec::new();
            for r in &cases {
                let case = ctx.ledger.case_by_ref(r)?;
                if !items.iter().any(|(_, i)| i.case_id == case.id) {
                    items.push((
                        r.trim().to_string(),
                        MeetingDecisionInput {
                            case_id: case.id,
                            decision: String::new(),
                        },
                    ));
                }
            }
            for d in &decisions {
                let (r, what) = d.split_once(['=', '＝']).ok_or_else(|| {
                    Fail::usage(format!(
                        "--decision “{d}”应写成 编号=决定，如 --decision \"12=由规划建设部牵头，5个工作日内办结\""
                    ))
                })?;
                let case = ctx.ledger.case_by_ref(r)?;
                match items.iter_mut().find(|(_, i)| i.case_id == case.id) {
                    Some((_, i)) => i.decision = what.trim().to_string(),
                    None => items.push((
                        r.trim().to_string(),
                        MeetingDecisionInput {
                            case_id: case.id,
                            decision: what.trim().to_string(),
                        },
                    )),
                }
            }
            if let Some((r, _)) = items.iter().find(|(_, i)| i.decision.is_empty()) {
                return Err(Fail::usage(format!(
                    "案件 {r} 没有会议决定，请加上 --decision \"{r}=决定内容\""
                )));
            }
            let input = MeetingInput {
                kind,
                held_on,
                attendees: crate::case::split_names(&attendees),
                minutes,
                items: items.into_iter().map(|(_, i)| i).collect(),
            };
            let op = ctx.operator()?;
            let m = ctx.ledger.add_meeting(&input, &op, ctx.now)?;
            Ok(Out::text(
                format!("已记录会议 {}\n{}", m.id, text(&m)),
                serde_json::to_value(&m)?,
            ))
        }
        MeetingCmd::List => {
            let ms = ctx.ledger.meetings()?;
            let t = if ms.is_empty() {
                "尚无会议记录".to_string()
            } else {
                ms.iter()
                    .map(|m| {
                        format!(
                            "{}\t{}\t{}\t审议{}件",
                            m.id,
                            m.held_on.format("%Y-%m-%d"),
                            m.number,
                            m.items.len()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            Ok(Out::text(t, serde_json::to_value(&ms)?))
        }
        MeetingCmd::Show { id } => {
            let m = ctx.ledger.meeting(id)?;
            Ok(Out::text(text(&m), serde_json::to_value(&m)?))
        }
        MeetingCmd::Agenda => {
            let a = ctx.ledger.meeting_agenda()?;
            let mut t = format!("下次会议议题 {} 件\n", a.len());
            for c in &a {
                t += &format!(
                    "  {} {} {}{}{}\n",
                    c.row.reg_no,
                    c.row.enterprise,
                    c.row.summary,
                    if c.row.escalated {
                        "｜已提交领导小组"
                    } else {
                        ""
                    },
                    if c.common { "｜共性问题" } else { "" }
                );
            }
            Ok(Out::text(t, serde_json::to_value(&a)?))
        }
    }
}
