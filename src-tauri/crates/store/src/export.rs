//! The facts of each case that the ledger file (台账 XLSX/CSV) carries, read for every
//! case a [`CaseQuery`] matches, in its order, one case at a time so that an export of a
//! large ledger never holds more than one case beyond what the caller keeps. Guarantees:
//! values are typed (the caller formats them); an unknown code is damage, not a default.

use zhitong_domain::{CaseState, DeadlineKind, Instant, Outcome, RejectReason, Satisfaction};

use crate::sql::{code, Col, Ts};
use crate::{CaseQuery, Ledger, Result};

/// One case as the ledger file shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerLine {
    pub reg_no: String,
    pub received_at: Instant,
    pub enterprise: String,
    pub credit_code: String,
    pub contact: String,
    pub phone: String,
    pub channel: String,
    pub nature: String,
    pub category: String,
    pub summary: String,
    pub description: String,
    /// The current lead department.
    pub lead: Option<String>,
    /// When the current assignment was made.
    pub assigned_at: Option<Instant>,
    /// The earliest running handling or letter deadline.
    pub due_at: Option<Instant>,
    /// 办理过程: progress notes and urges, oldest first.
    pub process: Vec<(Instant, String)>,
    pub outcome: Option<Outcome>,
    pub reply_text: String,
    pub reply_at: Option<Instant>,
    pub evaluation: Option<Satisfaction>,
    pub eval_deemed: bool,
    /// Quality, attitude, efficiency (1–5), when rated.
    pub stars: [Option<i64>; 3],
    pub state: CaseState,
    pub closed_at: Option<Instant>,
    pub rejection: Option<(RejectReason, String)>,
}

impl Ledger {
    /// Calls `each(line, done, total)` for every case `query` matches (its filter and
    /// sort; paging ignored), in order.
    pub fn for_each_ledger_line(
        &self,
        query: &CaseQuery,
        now: Instant,
        mut each: impl FnMut(LedgerLine, usize, usize) -> Result<()>,
    ) -> Result<usize> {
        let mut q = query.clone();
        q.offset = 0;
        q.limit = 0;
        let page = self.list(&q, now)?;
        let total = page.rows.len();
        let kinds = format!(
            "'{}', '{}'",
            code(DeadlineKind::Handling),
            code(DeadlineKind::Letter)
        );
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.reg_no, c.received_at, e.name, ct.name, ct.phone, c.category, c.summary,
                d.name,
                (SELECT assigned_at FROM assignments a WHERE a.case_id = c.id
                   AND a.superseded_at IS NULL ORDER BY a.id DESC LIMIT 1),
                (SELECT MIN(due_at) FROM deadlines dl WHERE dl.case_id = c.id
                   AND dl.kind IN ({kinds}) AND dl.superseded_at IS NULL),
                c.outcome, c.reply_text, c.reply_at, c.eval_result, c.eval_deemed,
                c.eval_quality, c.eval_attitude, c.eval_efficiency, c.channel, c.nature,
                c.description, COALESCE(e.credit_code, ''), c.state, c.closed_at,
                c.reject_reason, c.reject_detail
             FROM cases c JOIN enterprises e ON e.id = c.enterprise_id
             JOIN contacts ct ON ct.id = c.contact_id
             LEFT JOIN departments d ON d.id = c.lead_department_id
             WHERE c.id = ?1"
        ))?;
        let mut process = self.conn.prepare_cached(
            "SELECT at, summary FROM events WHERE case_id = ?1
             AND action IN ('progress', 'urge') ORDER BY at, id",
        )?;
        for (i, row) in page.rows.iter().enumerate() {
            let mut line = stmt.query_row([row.id], |x| {
                let reject: Option<Col<RejectReason>> = x.get(24)?;
                Ok(LedgerLine {
                    reg_no: x.get(0)?,
                    received_at: x.get::<_, Ts>(1)?.0,
                    enterprise: x.get(2)?,
                    contact: x.get(3)?,
                    phone: x.get(4)?,
                    category: x.get(5)?,
                    summary: x.get(6)?,
                    lead: x.get(7)?,
                    assigned_at: x.get::<_, Option<Ts>>(8)?.map(|t| t.0),
                    due_at: x.get::<_, Option<Ts>>(9)?.map(|t| t.0),
                    process: Vec::new(),
                    outcome: x.get::<_, Option<Col<Outcome>>>(10)?.map(|c| c.0),
                    reply_text: x.get(11)?,
                    reply_at: x.get::<_, Option<Ts>>(12)?.map(|t| t.0),
                    evaluation: x.get::<_, Option<Col<Satisfaction>>>(13)?.map(|c| c.0),
                    eval_deemed: x.get(14)?,
                    stars: [x.get(15)?, x.get(16)?, x.get(17)?],
                    channel: x.get(18)?,
                    nature: x.get(19)?,
                    description: x.get(20)?,
                    credit_code: x.get(21)?,
                    state: x.get::<_, Col<CaseState>>(22)?.0,
                    closed_at: x.get::<_, Option<Ts>>(23)?.map(|t| t.0),
                    rejection: reject.map(|r| r.0).zip(x.get::<_, Option<String>>(25)?),
                })
            })?;
            line.process = process
                .query_map([row.id], |r| Ok((r.get::<_, Ts>(0)?.0, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            each(line, i + 1, total)?;
        }
        Ok(total)
    }
}
