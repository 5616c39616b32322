//! Registration (登记): validates the registration-sheet fields, reuses or creates the
//! enterprise and contact, takes the next 登记编号 of the received year and writes the
//! case with its first timeline event — all in one transaction.

use chrono::Datelike;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter};
use zhitong_domain::{numbering, Case, Instant, NewCase};

use crate::registry::content;
use crate::{next_seq, ts, Ledger, Operator, Result, Tx};

impl Ledger {
    /// Registers a case. Nothing is written if any field is invalid.
    pub fn register(&mut self, input: &NewCase, op: &Operator, now: Instant) -> Result<Case> {
        let id = self.write(|tx| register(tx, input, op, now))?;
        self.case(id)
    }

    /// 保存并即时答复: registers a case, accepts it and records the service centre's own
    /// answer (A or C, 002 第7条), as one change: all three land or none does.
    pub fn register_answered(
        &mut self,
        input: &NewCase,
        reply: &crate::ReplyInput,
        op: &Operator,
        now: Instant,
    ) -> Result<Case> {
        let id = self.write(|tx| {
            let id = register(tx, input, op, now)?;
            crate::actions::steps::accept(tx, id, "", None, op, now)?;
            crate::actions::steps::reply(tx, id, reply, op, now)?;
            Ok(id)
        })?;
        self.case(id)
    }

    /// Cases of the same enterprise received in the 30 days before `at` (the intake
    /// form warns about a possible repeat).
    pub fn recent_cases_of(
        &self,
        enterprise_name: &str,
        credit_code: &str,
        at: Instant,
    ) -> Result<Vec<zhitong_domain::CaseRow>> {
        let from = at - chrono::Duration::days(30);
        let ids: Vec<i64> = {
            let mut stmt = self.conn().prepare(
                "SELECT c.id FROM cases c JOIN enterprises e ON e.id = c.enterprise_id
                 WHERE (e.name = ?1 OR (?2 <> '' AND e.credit_code = ?2))
                   AND c.received_at >= ?3 AND c.state <> 'void'
                 ORDER BY c.received_at DESC LIMIT 20",
            )?;
            let rows = stmt.query_map(
                params![
                    enterprise_name.trim(),
                    credit_code.trim().to_uppercase(),
                    ts(from)
                ],
                |r| r.get(0),
            )?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        ids.into_iter().map(|id| self.row(id)).collect()
    }
}

/// Registers a case inside an open transaction; returns its id.
pub(crate) fn register(tx: &Tx, input: &NewCase, op: &Operator, now: Instant) -> Result<i64> {
    let settings = tx.settings()?;
    let v = input.validated(settings, now)?;
    let year = v.received_at.year();
    let seq = next_seq(tx, "reg", year)?;
    let reg_no = numbering::render(&settings.reg_no_format, year, seq)?;
    let mut values: Vec<Value> = vec![reg_no.clone().into(), year.into(), seq.into()];
    values.extend(content(tx, &v, now)?);
    values.push(ts(now).into());
    tx.execute(
        "INSERT INTO cases (reg_no, reg_year, reg_seq, received_at, channel, nature, category,
            summary, description, wanted_department, screening_opinion, enterprise_id,
            contact_id, state, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'registered', ?14, ?14)",
        params_from_iter(values),
    )?;
    let id = tx.last_insert_rowid();
    tx.events().record(
        Some(id),
        now,
        op,
        "register",
        &format!(
            "登记诉求 {reg_no}：{}通过{}反映（{}·{}）",
            v.enterprise.name, v.channel, v.nature, v.category
        ),
        None,
        serde_json::to_value(&v).ok(),
    )?;
    Ok(id)
}
