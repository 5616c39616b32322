//! Benchmark hook (`cargo xtask bench`), inert unless `ZHITONG_BENCH_MARKERS` names a
//! file. When set, a script injected after the page loads reports, as lines appended to
//! that file, when the 工作台 has first painted (`first_paint`), and then tours 台账
//! (`ledger`) and 督办看板 (`board`) so the benchmark can read the app's peak memory.

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
  const mark = (m) => window.__TAURI_INTERNALS__.invoke("plugin:event|emit", { event: "zhitong://bench", payload: m });
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
      when('[data-total="overdue"]', () => mark("board"));
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
