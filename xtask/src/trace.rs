//! What SQL an operation runs: captures every statement the store executes (SQLite's
//! profile trace) during one untimed run, groups them by statement text, and explains
//! the costliest with `EXPLAIN QUERY PLAN`, so slow paths show their plans.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::trace::{TraceEvent, TraceEventCodes};
use rusqlite::Connection;

/// One statement text and what it cost during the captured run.
#[derive(Debug, Clone)]
pub struct Stmt {
    /// As prepared (with `?N` placeholders), whitespace collapsed.
    pub sql: String,
    /// The first execution with its parameters bound, for `EXPLAIN QUERY PLAN`.
    pub example: String,
    pub count: usize,
    pub total: Duration,
    pub plan: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Capture {
    pub stmts: Vec<Stmt>,
}

impl Capture {
    pub fn statements(&self) -> usize {
        self.stmts.iter().map(|s| s.count).sum()
    }
    pub fn sql_time(&self) -> Duration {
        self.stmts.iter().map(|s| s.total).sum()
    }
}

type Seen = HashMap<String, (String, usize, Duration, usize)>;
static SEEN: Mutex<Option<Seen>> = Mutex::new(None);

fn collapse(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn on_event(e: TraceEvent<'_>) {
    let TraceEvent::Profile(stmt, took) = e else {
        return;
    };
    let Ok(mut guard) = SEEN.lock() else { return };
    let Some(seen) = guard.as_mut() else { return };
    let order = seen.len();
    let key = stmt.sql().into_owned();
    let entry = seen.entry(key).or_insert_with(|| {
        let example = stmt
            .expanded_sql()
            .unwrap_or_else(|| stmt.sql().into_owned());
        (example, 0, Duration::ZERO, order)
    });
    entry.1 += 1;
    entry.2 += took;
}

/// Starts recording the statements run on `conn`.
pub fn begin(conn: &Connection) {
    *SEEN.lock().expect("trace lock") = Some(HashMap::new());
    conn.trace_v2(TraceEventCodes::SQLITE_TRACE_PROFILE, Some(on_event));
}

/// Stops recording and explains what was run.
pub fn end(conn: &Connection) -> Capture {
    conn.trace_v2(TraceEventCodes::empty(), None);
    let seen = SEEN.lock().expect("trace lock").take().unwrap_or_default();
    let mut stmts: Vec<(usize, Stmt)> = seen
        .into_iter()
        .map(|(sql, (example, count, total, order))| {
            (
                order,
                Stmt {
                    sql: collapse(&sql),
                    example,
                    count,
                    total,
                    plan: Vec::new(),
                },
            )
        })
        .collect();
    stmts.sort_by_key(|(order, _)| *order);
    let mut cap = Capture {
        stmts: stmts.into_iter().map(|(_, s)| s).collect(),
    };
    for s in &mut cap.stmts {
        s.plan = explain(conn, &s.example);
    }
    cap
}

/// Runs `f` with statement profiling on `conn` and returns what it executed.
pub fn capture<T>(
    conn: &Connection,
    f: impl FnOnce() -> anyhow::Result<T>,
) -> anyhow::Result<(Capture, T)> {
    begin(conn);
    let out = f();
    let cap = end(conn);
    Ok((cap, out?))
}

/// `EXPLAIN QUERY PLAN` of one statement as an indented tree (empty when it cannot be
/// explained, e.g. a PRAGMA).
pub fn explain(conn: &Connection, sql: &str) -> Vec<String> {
    let head = sql.trim_start().to_ascii_uppercase();
    if !(head.starts_with("SELECT") || head.starts_with("WITH")) {
        return Vec::new();
    }
    let Ok(mut stmt) = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")) else {
        return Vec::new();
    };
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(3)?,
        ))
    });
    let Ok(rows) = rows else { return Vec::new() };
    let rows: Vec<(i64, i64, String)> = rows.filter_map(Result::ok).collect();
    let mut depth: HashMap<i64, usize> = HashMap::new();
    let mut out = Vec::new();
    for (id, parent, detail) in rows {
        let d = depth.get(&parent).map(|d| d + 1).unwrap_or(0);
        depth.insert(id, d);
        out.push(format!("{}{detail}", "  ".repeat(d)));
    }
    out
}
