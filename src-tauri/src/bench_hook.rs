//! Benchmark hook (`cargo xtask bench`), inert unless `ZHITONG_BENCH_MARKERS` names a
//! file. When set, a script injected after the page loads reports, as lines appended to
//! that file, when the 工作台 has first painted (`first_paint`), and then tours 台账
//! (`ledger`) and 督办看板 (`board`), and prints every kind of document, the board and a
//! monthly report (`printed`) so the benchmark can read the peak memory of a session
//! that has printed.

use std::io::Write;
use std::sync::OnceLock;

use tauri::webview::{PageLoadEvent, PageLoadPayload};
use tauri::{Listener, Manager, Runtime, Webview};

const ENV: &str = "ZHITONG_BENCH_MARKERS";
const EVENT: &str = "zhitong://bench";

/// Waits for each view's content (not just its frame) and two animation frames, so the
/// mark is set after the browser has painted it.
const SCRIPT: &str = r##"(function () {
  if (window.__zhitongBench) return;
  window.__zhitongBench = true;
  const invoke = window.__TAURI_INTERNALS__.invoke;
  const mark = (m) => invoke("plugin:event|emit", { event: "zhitong://bench", payload: m });
  // One document of each kind, from the first case that has it (a refusal is quick).
  const printAll = async () => {
    for (const document of ["registration", "assignment", "letter", "urge", "supervision", "rejection", "reply"]) {
      for (let id = 1; id <= 500; id++) {
        try { await invoke("print", { id, document }); break; } catch (e) { /* not this case */ }
      }
    }
    for (const [cmd, args] of [["print_board", {}], ["print_assignments", { date: null }], ["report_pdf", { period: "2026-06" }]]) {
      try { await invoke(cmd, args); } catch (e) { /* nothing to print */ }
    }
    mark("printed");
  };
  const when = (sel, then) => {
    const poll = () => document.querySelector(sel)
      ? requestAnimationFrame(() => requestAnimationFrame(then))
      : setTimeout(poll, 2);
    poll();
  };
  when('[data-section="overdue"]', () => {
    mark("first_paint");
    location.hash = "#/ledger";
    when(".ledger a.tr[data-case] .reg", () => {
      mark("ledger");
      location.hash = "#/board";
      when('[data-total="overdue"]', () => { mark("board"); printAll(); });
    });
  });
})();"##;

/// The page-load hook; does nothing when the variable is unset.
pub fn on_page_load<R: Runtime>(webview: &Webview<R>, payload: &PageLoadPayload<'_>) {
    let Some(path) = std::env::var_os(ENV).filter(|p| !p.is_empty()) else {
        return;
    };
    if payload.event() != PageLoadEvent::Finished {
        return;
    }
    static LISTENING: OnceLock<()> = OnceLock::new();
    LISTENING.get_or_init(|| {
        webview.app_handle().listen_any(EVENT, move |e| {
            let m: String = serde_json::from_str(e.payload()).unwrap_or_default();
            if let Ok(mut f) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
            {
                let _ = writeln!(f, "{m}");
            }
        });
    });
    let _ = webview.eval(SCRIPT);
}
