//! Runs the domain scheduler over the ledger: loads the open cases in two queries, and
//! applies its automatic steps (deemed satisfaction, escalation after the urge limit) as
//! audited events.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhitong_domain::schedule::{self, Agenda, AgendaItem, Board, OpenCase};
use zhitong_domain::{CaseState, Instant};

use crate::read::state_from;
use crate::{parse_ts, parse_ts_opt, Ledger, Result};

/// What one scheduler tick did and found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TickReport {
    #[ts(type = "string")]
    pub at: Instant,
    /// Cases deemed satisfied now (登记编号).
    pub deemed_satisfied: Vec<String>,
    /// Cases escalated now because they reached the urge limit.
    pub escalated: Vec<String>,
    /// Everything overdue after the tick (the shell notifies about new ones).
    pub overdue: Vec<AgendaItem>,
    pub urge_due: Vec<AgendaItem>,
}

impl Ledger {
    /// The open cases as the scheduler sees them.
    pub fn open_cases(&self) -> Result<Vec<OpenCase>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT c.id, c.reg_no, e.name, c.summary, c.state, d.name, c.urge_count, c.escalated,
                    (SELECT MAX(at) FROM urges u WHERE u.case_id = c.id)
             FROM cases c JOIN enterprises e ON e.id = c.enterprise_id
             LEFT JOIN departments d ON d.id = c.lead_department_id
             WHERE c.state NOT IN ('closed', 'void', 'rejected')
             ORDER BY c.id",
        )?;
        let raw: Vec<(
            i64,
            String,
            String,
            String,
            String,
            Option<String>,
            u32,
            bool,
            Option<String>,
        )> = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut deadlines: HashMap<i64, Vec<(String, Instant, bool)>> = HashMap::new();
        let mut evals: HashMap<i64, Instant> = HashMap::new();
        let mut dstmt = conn.prepare(
            "SELECT d.case_id, d.kind, d.label, d.due_at, d.provisional FROM deadlines d
             JOIN cases c ON c.id = d.case_id
             WHERE d.met_at IS NULL AND d.superseded_at IS NULL
               AND c.state NOT IN ('closed', 'void', 'rejected')",
        )?;
        let drows: Vec<(i64, String, String, String, bool)> = dstmt
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (case_id, kind, label, due, prov) in drows {
            let due = parse_ts(&due)?;
            if kind == "evaluation" {
                evals.insert(case_id, due);
            } else {
                deadlines
                    .entry(case_id)
                    .or_default()
                    .push((label, due, prov));
            }
        }
        raw.into_iter()
            .map(
                |(id, reg_no, enterprise, summary, state, lead, urges, escalated, last)| {
                    let state = state_from(&state)?;
                    Ok(OpenCase {
                        id,
                        reg_no,
                        enterprise,
                        summary,
                        state,
                        lead,
                        deadlines: if state == CaseState::AwaitingMaterial {
                            vec![] // paused: the clock does not run
                        } else {
                            deadlines.remove(&id).unwrap_or_default()
                        },
                        evaluation_due: evals.remove(&id),
                        counted_urges: urges,
                        last_urge_at: parse_ts_opt(last)?,
                        escalated,
                    })
                },
            )
            .collect()
    }

    /// 工作台: what is due at `now`.
    pub fn agenda(&self, now: Instant) -> Result<Agenda> {
        let cases = self.open_cases()?;
        Ok(schedule::agenda(
            &cases,
            &self.calendar()?,
            &self.settings()?,
            now,
        ))
    }

    /// 督办看板 at `now`.
    pub fn board(&self, now: Instant) -> Result<Board> {
        let cases = self.open_cases()?;
        Ok(schedule::board(
            &cases,
            &self.calendar()?,
            &self.settings()?,
            now,
        ))
    }

    /// One scheduler tick: deems unrated replies satisfied and escalates cases at the
    /// urge limit, each as its own audited transaction; returns what it did and found.
    pub fn tick(&mut self, now: Instant) -> Result<TickReport> {
        let a = self.agenda(now)?;
        let mut deemed = Vec::new();
        for it in &a.deem_satisfied {
            self.deem_satisfied(it.case_id, now)?;
            deemed.push(it.reg_no.clone());
        }
        let mut escalated = Vec::new();
        for it in &a.escalation_due {
            self.escalate_by_rule(it.case_id, now)?;
            escalated.push(it.reg_no.clone());
        }
        let after = if deemed.is_empty() && escalated.is_empty() {
            a
        } else {
            self.agenda(now)?
        };
        Ok(TickReport {
            at: now,
            deemed_satisfied: deemed,
            escalated,
            overdue: after.overdue,
            urge_due: after.urge_due,
        })
    }
}
