//! Query plans for the store's unit tests: `EXPLAIN QUERY PLAN` of a statement with its
//! parameters bound, so a test can prove a query uses the index it was written for
//! without timing anything.

use rusqlite::{params_from_iter, Connection, ToSql};

/// The `detail` lines of the plan of `sql` (e.g. `SEARCH c USING INDEX cases_closed …`).
pub(crate) fn plan<P: ToSql>(conn: &Connection, sql: &str, args: &[P]) -> Vec<String> {
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("the statement prepares");
    stmt.query_map(params_from_iter(args.iter()), |r| r.get::<_, String>(3))
        .expect("the plan runs")
        .collect::<rusqlite::Result<_>>()
        .expect("the plan reads")
}
