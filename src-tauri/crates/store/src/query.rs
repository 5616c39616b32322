//! The ledger list (台账): filters, sorting and paging over all cases, answered from
//! indexed columns so a page of 100 000 cases comes back in milliseconds.

use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhitong_domain::{CaseRow, CaseState, Instant};

use crate::read::state_from;
use crate::{parse_ts, parse_ts_opt, ts, Ledger, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SortKey {
    #[default]
    Received,
    Due,
    RegNo,
    Enterprise,
    State,
    Urges,
}

/// Filters of the ledger list; empty fields do not filter.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct CaseQuery {
    pub states: Vec<CaseState>,
    pub handling_class: Option<String>,
    pub department: Option<String>,
    pub channel: Option<String>,
    pub category: Option<String>,
    pub nature: Option<String>,
    /// Received on or after this instant.
    #[ts(type = "string | null")]
    pub from: Option<Instant>,
    /// Received before this instant.
    #[ts(type = "string | null")]
    pub to: Option<Instant>,
    /// Only cases whose running deadline has passed (needs `now`).
    pub overdue: bool,
    pub escalated: bool,
    /// Plain text matched against 登记编号, enterprise, contact, phone and summary.
    pub text: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
    pub offset: u32,
    /// 0 means every matching case.
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CasePage {
    pub total: i64,
    pub rows: Vec<CaseRow>,
}

pub(crate) const ROW_SELECT: &str =
    "SELECT c.id, c.reg_no, c.received_at, e.name, ct.name, ct.phone,
        c.channel, c.nature, c.category, c.summary, c.state, c.handling_class, d.name,
        c.next_due_at, c.next_due_provisional, c.escalated, c.urge_count, c.outcome
    FROM cases c
    JOIN enterprises e ON e.id = c.enterprise_id
    JOIN contacts ct ON ct.id = c.contact_id
    LEFT JOIN departments d ON d.id = c.lead_department_id";

pub(crate) fn row_from(r: &rusqlite::Row) -> rusqlite::Result<Result<CaseRow>> {
    let received: String = r.get(2)?;
    let state: String = r.get(10)?;
    let due: Option<String> = r.get(13)?;
    let outcome: Option<String> = r.get(17)?;
    let row = (|| {
        Ok(CaseRow {
            id: r.get(0)?,
            reg_no: r.get(1)?,
            received_at: parse_ts(&received)?,
            enterprise: r.get(3)?,
            contact: r.get(4)?,
            phone: r.get(5)?,
            channel: r.get(6)?,
            nature: r.get(7)?,
            category: r.get(8)?,
            summary: r.get(9)?,
            state: state_from(&state)?,
            handling_class: r.get(11)?,
            lead: r.get(12)?,
            due_at: parse_ts_opt(due)?,
            provisional: r.get(14)?,
            escalated: r.get(15)?,
            urges: r.get(16)?,
            outcome: outcome.and_then(|o| zhitong_domain::Outcome::parse(&o).ok()),
        })
    })();
    Ok(row)
}

/// The statements of one list page: the count of all matches, the page's rows, and the
/// parameters both take.
struct ListSql {
    count: String,
    page: String,
    args: Vec<SqlValue>,
}

impl Ledger {
    /// One page of the ledger list and the number of all matching cases.
    pub fn list(&self, q: &CaseQuery, now: Instant) -> Result<CasePage> {
        let ListSql { count, page, args } = list_sql(q, now);
        let total: i64 =
            self.conn()
                .query_row(&count, rusqlite::params_from_iter(args.iter()), |r| {
                    r.get(0)
                })?;
        let mut stmt = self.conn().prepare(&page)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), row_from)?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .collect::<Result<Vec<_>>>()?;
        Ok(CasePage { total, rows })
    }
}

/// The `WHERE` and `ORDER BY` of a query over `cases c`, with their parameters; `joins`
/// is what the ids-only form of the statement must join for the order.
pub(crate) struct Filter {
    pub where_sql: String,
    pub order: String,
    pub joins: &'static str,
    pub args: Vec<SqlValue>,
}

fn list_sql(q: &CaseQuery, now: Instant) -> ListSql {
    let Filter {
        where_sql,
        order,
        joins,
        args,
    } = filter_sql(q, now);
    // The filters never need the joined tables (only the enterprise sort does).
    let count = format!("SELECT COUNT(*) FROM cases c{where_sql}");
    let limit = if q.limit == 0 { -1 } else { i64::from(q.limit) };
    // The page's ids first, from the cases table and its indexes alone (an OFFSET
    // then skips index entries, not joined rows); the columns only for those rows.
    let sql = if limit < 0 && q.offset == 0 {
        format!("{ROW_SELECT}{where_sql} ORDER BY {order}")
    } else {
        format!(
            "{ROW_SELECT} WHERE c.id IN (SELECT c.id FROM cases c{joins}{where_sql}
                    ORDER BY {order} LIMIT {limit} OFFSET {})
                 ORDER BY {order}",
            q.offset
        )
    };
    ListSql {
        count,
        page: sql,
        args,
    }
}

/// The filter and order of `q` (paging aside) at `now`.
pub(crate) fn filter_sql(q: &CaseQuery, now: Instant) -> Filter {
    let mut wh: Vec<String> = Vec::new();
    let mut args: Vec<SqlValue> = Vec::new();
    let arg = |v: SqlValue, args: &mut Vec<SqlValue>| {
        args.push(v);
        format!("?{}", args.len())
    };
    if !q.states.is_empty() {
        let list = q
            .states
            .iter()
            .map(|s| arg(SqlValue::Text(s.id().into()), &mut args))
            .collect::<Vec<_>>()
            .join(",");
        wh.push(format!("c.state IN ({list})"));
    }
    if let Some(v) = q.department.as_ref().filter(|v| !v.is_empty()) {
        // By id, so neither the count nor the page needs to join departments.
        let p = arg(SqlValue::Text(v.clone()), &mut args);
        wh.push(format!(
            "c.lead_department_id = (SELECT id FROM departments WHERE name = {p})"
        ));
    }
    // Enterprise and contact are joined only when a filter or the sort needs them.
    let join_enterprise = q.sort == SortKey::Enterprise;
    for (col, v) in [
        ("c.handling_class", &q.handling_class),
        ("c.channel", &q.channel),
        ("c.category", &q.category),
        ("c.nature", &q.nature),
    ] {
        if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
            let p = arg(SqlValue::Text(v.clone()), &mut args);
            wh.push(format!("{col} = {p}"));
        }
    }
    if let Some(from) = q.from {
        let p = arg(SqlValue::Text(ts(from)), &mut args);
        wh.push(format!("c.received_at >= {p}"));
    }
    if let Some(to) = q.to {
        let p = arg(SqlValue::Text(ts(to)), &mut args);
        wh.push(format!("c.received_at < {p}"));
    }
    if q.overdue {
        let p = arg(SqlValue::Text(ts(now)), &mut args);
        wh.push(format!(
            "c.state IN ('assigned','in_progress','replied') AND c.next_due_at < {p}"
        ));
    }
    if q.escalated {
        wh.push("c.escalated = 1 AND c.state NOT IN ('closed','void','rejected')".into());
    }
    if let Some(t) = q.text.as_ref().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        // Words through the full-text index (summary, description, replies, names,
        // notes); whole numbers (登记编号, 信用代码, 交办编号, 函号) through their unique
        // indexes; only text with digits in it scans 登记编号 and phones with LIKE.
        let exact = arg(SqlValue::Text(t.to_string()), &mut args);
        let mut ids = vec![
            format!("SELECT id FROM cases WHERE reg_no = {exact}"),
            format!(
                "SELECT c2.id FROM enterprises e2 JOIN cases c2 ON c2.enterprise_id = e2.id
                     WHERE e2.credit_code = {exact}"
            ),
            format!("SELECT case_id FROM assignments WHERE assign_no = {exact}"),
            format!("SELECT case_id FROM assignments WHERE letter_no = {exact}"),
        ];
        if let Some(m) = crate::search::fts_query(t) {
            let p = arg(SqlValue::Text(m), &mut args);
            ids.push(format!(
                "SELECT rowid FROM case_fts WHERE case_fts MATCH {p}"
            ));
        }
        if t.chars().any(|c| c.is_ascii_digit()) {
            let like = format!("%{}%", t.replace(['%', '_'], ""));
            let p = arg(SqlValue::Text(like), &mut args);
            ids.push(format!("SELECT id FROM cases WHERE reg_no LIKE {p}"));
            ids.push(format!(
                "SELECT c3.id FROM contacts ct3 JOIN cases c3 ON c3.contact_id = ct3.id
                     WHERE ct3.phone LIKE {p}"
            ));
        }
        wh.push(format!("c.id IN ({})", ids.join(" UNION ")));
    }
    let where_sql = if wh.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", wh.join(" AND "))
    };
    let dir = if q.descending { "DESC" } else { "ASC" };
    let order = match q.sort {
        SortKey::Received => format!("c.received_at {dir}, c.id {dir}"),
        SortKey::Due => format!("c.next_due_at IS NULL, c.next_due_at {dir}, c.id"),
        SortKey::RegNo => format!("c.reg_year {dir}, c.reg_seq {dir}"),
        // Pinyin order (enterprises_sort), then each enterprise's cases in
        // cases_enterprise order: two index walks, no sort of the whole ledger.
        SortKey::Enterprise => {
            format!("e.sort_key {dir}, e.id {dir}, c.received_at {dir}, c.id {dir}")
        }
        SortKey::State => format!("c.state {dir}, c.id"),
        SortKey::Urges => format!("c.urge_count {dir}, c.id"),
    };
    let joins = if join_enterprise {
        " JOIN enterprises e ON e.id = c.enterprise_id"
    } else {
        ""
    };
    Filter {
        where_sql,
        order,
        joins,
        args,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::plan;
    use chrono::TimeZone;

    /// A full scan of a record table (the full-text index's own scan is its lookup).
    fn scans(p: &[String]) -> Vec<&String> {
        p.iter()
            .filter(|d| d.starts_with("SCAN") && !d.contains("VIRTUAL TABLE"))
            .collect()
    }

    #[test]
    fn the_text_filter_finds_words_through_the_full_text_index() {
        let l = Ledger::open_in_memory().unwrap();
        let now = zhitong_domain::china()
            .with_ymd_and_hms(2026, 6, 15, 10, 0, 0)
            .unwrap();
        for text in ["跳闸", "企业", "正阳精密 用地"] {
            let q = CaseQuery {
                text: Some(text.into()),
                offset: 50,
                limit: 50,
                ..CaseQuery::default()
            };
            let s = list_sql(&q, now);
            for sql in [&s.count, &s.page] {
                let p = plan(&l.conn, sql, &s.args);
                assert!(
                    p.iter().any(|d| d.contains("case_fts")),
                    "{text}: the words go through case_fts: {p:#?}"
                );
                assert!(
                    p.iter().all(|d| !d.contains("LIKE")),
                    "{text}: no LIKE for words"
                );
                let full: Vec<_> = scans(&p)
                    .into_iter()
                    .filter(|d| !d.contains("USING") && !d.contains("COVERING"))
                    .collect();
                assert!(
                    full.is_empty(),
                    "{text}: no table is read row by row for a word: {full:#?} in {p:#?}"
                );
            }
        }
    }

    #[test]
    fn only_text_with_digits_scans_numbers_and_phones() {
        let now = zhitong_domain::china()
            .with_ymd_and_hms(2026, 6, 15, 10, 0, 0)
            .unwrap();
        let likes = |text: &str| {
            let q = CaseQuery {
                text: Some(text.into()),
                ..CaseQuery::default()
            };
            list_sql(&q, now).count.matches("LIKE").count()
        };
        assert_eq!(likes("跳闸"), 0, "a word has no LIKE");
        assert_eq!(likes("1390"), 2, "digits look into 登记编号 and phones");
    }

    #[test]
    fn sorting_by_enterprise_walks_the_pinyin_index_instead_of_sorting_the_ledger() {
        let l = Ledger::open_in_memory().unwrap();
        let now = zhitong_domain::china()
            .with_ymd_and_hms(2026, 6, 15, 10, 0, 0)
            .unwrap();
        for descending in [false, true] {
            let q = CaseQuery {
                sort: SortKey::Enterprise,
                descending,
                offset: 50_000,
                limit: 50,
                ..CaseQuery::default()
            };
            let s = list_sql(&q, now);
            let p = plan(&l.conn, &s.page, &s.args);
            assert!(
                p.iter().any(|d| d.contains("enterprises_sort")),
                "the page walks enterprises in pinyin order (descending: {descending}): {p:#?}"
            );
            assert!(
                p.iter().any(|d| d.contains("cases_enterprise")),
                "and each enterprise's cases through cases_enterprise: {p:#?}"
            );
            let sorts: Vec<_> = p.iter().filter(|d| d.contains("TEMP B-TREE")).collect();
            // Only the outer ORDER BY of the 50 rows of the page may sort.
            assert!(
                sorts.len() <= 1,
                "no sort of every case for one page: {p:#?}"
            );
        }
    }

    #[test]
    fn the_newest_first_pages_walk_cases_received_in_its_own_order() {
        let l = Ledger::open_in_memory().unwrap();
        let now = zhitong_domain::china()
            .with_ymd_and_hms(2026, 6, 15, 10, 0, 0)
            .unwrap();
        for descending in [true, false] {
            let q = CaseQuery {
                descending,
                offset: 99_950,
                limit: 50,
                ..CaseQuery::default()
            };
            let s = list_sql(&q, now);
            let p = plan(&l.conn, &s.page, &s.args);
            assert!(
                p.iter()
                    .any(|d| d.contains("COVERING INDEX cases_received")),
                "the page's ids come from cases_received: {p:#?}"
            );
            let sorts: Vec<_> = p.iter().filter(|d| d.contains("TEMP B-TREE")).collect();
            // Only the outer ORDER BY of the 50 rows of the page may sort.
            assert!(
                sorts.len() <= 1,
                "the last page skips index entries, it does not sort every case: {p:#?}"
            );
        }
    }
}
