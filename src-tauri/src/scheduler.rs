//! The scheduler loop: once a minute (and once at start, when the window has painted its
//! first view) runs `Ledger::tick(now)`,
//! emits `ledger://tick` with the report so open screens refresh, and posts a desktop
//! notification for cases that became overdue since the last tick. Guarantees: the
//! SQLite work runs on a blocking thread, never on the async runtime's workers; a case
//! the tick could not process is logged and listed in the report (the UI shows it) while
//! the others go on; a failed tick is logged and retried next minute; it never stops the app.

use std::collections::BTreeSet;
use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;

pub const TICK_EVENT: &str = "ledger://tick";

pub fn spawn<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let mut seen: Option<BTreeSet<i64>> = None;
        // The first tick would hold the ledger while the window asks for the 工作台.
        let a = app.clone();
        let _ = tauri::async_runtime::spawn_blocking(move || {
            a.state::<AppState>()
                .wait_for_first_paint(crate::state::FIRST_PAINT_LIMIT)
        })
        .await;
        let mut every = tokio::time::interval(Duration::from_secs(60));
        loop {
            every.tick().await;
            let a = app.clone();
            let mut s = seen.take();
            seen = match tauri::async_runtime::spawn_blocking(move || {
                run_once(&a, &mut s);
                s
            })
            .await
            {
                Ok(s) => s,
                Err(e) => {
                    tracing::error!(%e, "scheduler tick panicked");
                    None
                }
            };
        }
    });
}

/// One tick. `seen` holds the overdue cases already notified (None before the first
/// tick: what is overdue at start is on the 工作台 and not notified again).
pub fn run_once<R: Runtime>(app: &AppHandle<R>, seen: &mut Option<BTreeSet<i64>>) {
    let state = app.state::<AppState>();
    let report = match state.with(|l, now| l.tick(now)) {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(%e, "scheduler tick failed");
            return;
        }
    };
    for f in &report.failed {
        tracing::error!(case = f.case_id, reg_no = %f.reg_no, step = %f.step, error = %f.message, "scheduler could not process a case");
    }
    let overdue: BTreeSet<i64> = report.overdue.iter().map(|i| i.case_id).collect();
    if let Some(before) = seen.as_ref() {
        let new: Vec<_> = report
            .overdue
            .iter()
            .filter(|i| !before.contains(&i.case_id))
            .collect();
        if !new.is_empty() {
            let body = new
                .iter()
                .take(5)
                .map(|i| format!("{} {}", i.reg_no, i.enterprise))
                .collect::<Vec<_>>()
                .join("\n");
            let _ = app
                .notification()
                .builder()
                .title(format!("{} 件诉求已逾期", new.len()))
                .body(body)
                .show();
        }
    }
    *seen = Some(overdue);
    let _ = app.emit(TICK_EVENT, &report);
}
