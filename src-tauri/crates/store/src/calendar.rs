//! The ledger's calendar: the built-in State Council table plus the years a clerk
//! imported or edited (stored per year). Any change recomputes the running deadlines of
//! open cases in the same transaction and audits each moved deadline.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Transaction};
use zhitong_calendar::{Calendar, DayMark, Span};
use zhitong_domain::{Instant, Settings};

use crate::read::{unit_from, unit_id};
use crate::{parse_ts, ts, Admin, Ledger, Operator, Result, Tx};

impl Ledger {
    /// The working-day calendar in force for this ledger.
    pub fn calendar(&self) -> Result<Calendar> {
        load_calendar(self.conn())
    }

    /// Replaces one year with imported marks (holiday-cn JSON or CSV, parsed by the
    /// calendar crate) and recomputes running deadlines (administrator only). Returns how
    /// many moved.
    pub fn import_calendar_year(
        &mut self,
        year: i32,
        marks: Vec<(NaiveDate, DayMark)>,
        source: &str,
        admin: &Admin,
        now: Instant,
    ) -> Result<usize> {
        change(self, admin, now, year, source, |cal| {
            let before = cal.marks(year).len();
            cal.load_year(year, marks);
            let after = cal.marks(year).len();
            Change {
                action: "calendar.import",
                summary: format!(
                    "导入{year}年节假日安排（{source}）：{after} 个调整日（原 {before} 个）"
                ),
                before: None,
                after: None,
            }
        })
    }

    /// Marks one day as holiday or working day (`None`: back to the plain rule;
    /// administrator only).
    pub fn set_calendar_day(
        &mut self,
        date: NaiveDate,
        mark: Option<DayMark>,
        admin: &Admin,
        now: Instant,
    ) -> Result<usize> {
        change(self, admin, now, date.year(), "手工修改", |cal| {
            let before = cal.day(date).reason.to_string();
            cal.set_day(date, mark);
            let after = cal.day(date).reason.to_string();
            Change {
                action: "calendar.set_day",
                summary: format!("修改日历 {date}：{before} → {after}"),
                before: Some(serde_json::json!({"date": date, "reason": before})),
                after: Some(serde_json::json!({"date": date, "reason": after})),
            }
        })
    }
}

/// What a calendar change did, for its audit event.
struct Change {
    action: &'static str,
    summary: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

/// Applies `edit` to the calendar in force, stores the edited `year` (from `source`),
/// audits it and recomputes the running deadlines, in one transaction; returns how many
/// deadlines moved.
fn change(
    ledger: &mut Ledger,
    admin: &Admin,
    now: Instant,
    year: i32,
    source: &str,
    edit: impl FnOnce(&mut Calendar) -> Change,
) -> Result<usize> {
    let op = admin.operator();
    ledger.write(|tx| {
        let mut cal = tx.calendar()?.clone();
        let c = edit(&mut cal);
        let settings = tx.settings()?.clone();
        store_year(tx, &cal, year, source)?;
        tx.events()
            .record(None, now, op, c.action, &c.summary, c.before, c.after)?;
        recompute_deadlines(tx, &cal, &settings, op, now)
    })
}

pub(crate) fn load_calendar(conn: &rusqlite::Connection) -> Result<Calendar> {
    let mut cal = Calendar::builtin();
    let years: Vec<i32> = conn
        .prepare("SELECT year FROM calendar_years ORDER BY year")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare("SELECT date, kind, name FROM calendar_days WHERE year = ?1")?;
    for year in years {
        let marks = stmt
            .query_map([year], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter_map(|(d, k, n)| {
                let date = NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()?;
                Some((
                    date,
                    if k == "holiday" {
                        DayMark::holiday(n)
                    } else {
                        DayMark::workday(n)
                    },
                ))
            })
            .collect();
        cal.load_year(year, marks);
    }
    Ok(cal)
}

fn store_year(tx: &Transaction, cal: &Calendar, year: i32, source: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO calendar_years (year, source) VALUES (?1, ?2)
         ON CONFLICT (year) DO UPDATE SET source = excluded.source",
        params![year, source],
    )?;
    tx.execute("DELETE FROM calendar_days WHERE year = ?1", [year])?;
    for (date, mark) in cal.marks(year) {
        tx.execute(
            "INSERT INTO calendar_days (date, year, kind, name) VALUES (?1, ?2, ?3, ?4)",
            params![date.to_string(), year, mark.kind.as_str(), mark.name],
        )?;
    }
    Ok(())
}

/// The due instant of a deadline row from its start, span and the case's finished
/// pauses that began after the start.
pub(crate) fn compute_due(
    tx: &Transaction,
    cal: &Calendar,
    settings: &Settings,
    case_id: i64,
    start: Instant,
    span: Span,
) -> Result<zhitong_calendar::Due> {
    let day_end = settings.day_end_time();
    let mut due = zhitong_calendar::due(cal, start, span, day_end);
    let mut stmt = tx.prepare_cached(
        "SELECT started_at, ended_at FROM pauses
         WHERE case_id = ?1 AND ended_at IS NOT NULL AND started_at >= ?2 ORDER BY started_at",
    )?;
    let pauses: Vec<(String, String)> = stmt
        .query_map(params![case_id, ts(start)], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (from, to) in pauses {
        let (from, to) = (parse_ts(&from)?, parse_ts(&to)?);
        if from < due.at {
            due = zhitong_calendar::extend_for_pause(cal, due, span.unit, from, to, day_end);
        }
    }
    Ok(due)
}

/// A running deadline whose due time or provisional flag changed on recompute.
pub(crate) struct Moved {
    pub case_id: i64,
    pub label: String,
    pub old_due: String,
    pub old_provisional: bool,
    pub due: zhitong_calendar::Due,
}

/// Recomputes the running deadlines of open cases (or of one case) from their start,
/// span and pauses, stores the changed ones and returns them. The one place deadlines
/// are recomputed: after a calendar change and when a pause ends.
pub(crate) fn recompute_running(
    tx: &Transaction,
    cal: &Calendar,
    settings: &Settings,
    case: Option<i64>,
) -> Result<Vec<Moved>> {
    let rows: Vec<(i64, i64, String, String, u32, String, String, bool)> = tx
        .prepare(
            "SELECT d.id, d.case_id, d.label, d.start_at, d.amount, d.unit, d.due_at, d.provisional
             FROM deadlines d JOIN cases c ON c.id = d.case_id
             WHERE d.met_at IS NULL AND d.superseded_at IS NULL
               AND c.state NOT IN ('closed', 'void', 'rejected')
               AND (?1 IS NULL OR d.case_id = ?1)",
        )?
        .query_map([case], |r| r.try_into())?
        .collect::<rusqlite::Result<_>>()?;
    let mut moved = Vec::new();
    for (id, case_id, label, start, amount, unit, old_due, old_provisional) in rows {
        let span = Span {
            amount,
            unit: unit_from(&unit)?,
        };
        let due = compute_due(tx, cal, settings, case_id, parse_ts(&start)?, span)?;
        if ts(due.at) != old_due || due.provisional != old_provisional {
            tx.execute(
                "UPDATE deadlines SET due_at = ?1, provisional = ?2 WHERE id = ?3",
                params![ts(due.at), due.provisional, id],
            )?;
            moved.push(Moved {
                case_id,
                label,
                old_due,
                old_provisional,
                due,
            });
        }
    }
    Ok(moved)
}

/// Recomputes every running deadline of open cases; audits and counts the moved ones.
pub(crate) fn recompute_deadlines(
    tx: &Tx,
    cal: &Calendar,
    settings: &Settings,
    op: &Operator,
    now: Instant,
) -> Result<usize> {
    let changed = recompute_running(tx, cal, settings, None)?;
    let mut moved = 0;
    let mut cases = std::collections::BTreeSet::new();
    for m in &changed {
        let new_due = ts(m.due.at);
        if new_due != m.old_due {
            tx.events().record(
                Some(m.case_id),
                now,
                op,
                "deadline.recompute",
                &format!(
                    "日历调整，“{}”时限由 {} 改为 {}",
                    m.label,
                    short(&m.old_due),
                    short(&new_due)
                ),
                Some(serde_json::json!({"due_at": m.old_due, "provisional": m.old_provisional})),
                Some(serde_json::json!({"due_at": new_due, "provisional": m.due.provisional})),
            )?;
            moved += 1;
        }
        cases.insert(m.case_id);
    }
    for case_id in cases {
        crate::actions::refresh_derived(tx, case_id)?;
    }
    Ok(moved)
}

fn short(ts: &str) -> String {
    ts.get(..16).unwrap_or(ts).replace('T', " ")
}

pub(crate) fn span_cols(span: Span) -> (u32, &'static str) {
    (span.amount, unit_id(span.unit))
}
