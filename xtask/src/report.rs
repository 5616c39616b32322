//! The benchmark's output: the targets table (terminal and docs/benchmarks.md), the
//! details of every measurement, and the query plans of the hot queries.

use std::fmt::Write as _;
use std::time::Duration;

use chrono::NaiveDate;

use crate::carry::{Carried, CARRIED_NOTE};
use crate::machine::Machine;
use crate::timing::{fmt_bytes, fmt_duration, Stats};
use crate::trace::Capture;

/// The ledger size the targets are stated for.
pub const TARGET_SIZE: usize = 100_000;

#[derive(Debug, Clone)]
pub enum Value {
    Time(Stats),
    Bytes(u64),
}

impl Value {
    fn text(&self) -> String {
        match self {
            Value::Time(s) => fmt_duration(s.median),
            Value::Bytes(b) => fmt_bytes(*b),
        }
    }
    fn amount(&self) -> f64 {
        match self {
            Value::Time(s) => s.median.as_secs_f64(),
            Value::Bytes(b) => *b as f64,
        }
    }
}

/// One measurement; `group` names the row of the targets table it counts towards.
#[derive(Debug, Clone)]
pub struct Detail {
    pub group: &'static str,
    pub name: String,
    pub value: Value,
    /// Statements executed and time spent inside SQLite, from a captured run.
    pub sql: Option<(usize, Duration)>,
}

pub struct SizeResult {
    pub n: usize,
    pub file_size: u64,
    pub build_time: Option<Duration>,
    pub details: Vec<Detail>,
    pub plans: Vec<(String, Capture)>,
    pub notes: Vec<String>,
}

pub struct Report {
    pub machine: Machine,
    pub date: NaiveDate,
    pub now: String,
    pub seed: u64,
    pub runs: usize,
    pub sizes: Vec<SizeResult>,
    /// Sizes this run did not measure, from the previous docs/benchmarks.md.
    pub carried: Vec<Carried>,
    pub notes: Vec<String>,
}

enum Goal {
    Time(Duration),
    Bytes(u64),
    None,
}

/// The rows of the targets table: (group, operation, target text, goal).
const ROWS: &[(&str, &str, &str, Goal)] = &[
    (
        "cold_start",
        "open the ledger and show 工作台: cold start of the release app to first paint",
        "< 1 s",
        Goal::Time(Duration::from_secs(1)),
    ),
    (
        "open_agenda",
        "… of which `Ledger::open` + `agenda` (worst of the two rows in the details)",
        "< 1 s",
        Goal::Time(Duration::from_secs(1)),
    ),
    (
        "list",
        "one page (50 rows) of the filtered ledger list, worst of 9 filters",
        "< 20 ms",
        Goal::Time(Duration::from_millis(20)),
    ),
    (
        "board",
        "overdue board (督办看板)",
        "< 50 ms",
        Goal::Time(Duration::from_millis(50)),
    ),
    (
        "search",
        "full-text search, 2-character and longer words, worst of 7 queries",
        "< 20 ms",
        Goal::Time(Duration::from_millis(20)),
    ),
    (
        "report_month",
        "monthly report (summary + PDF)",
        "< 100 ms",
        Goal::Time(Duration::from_millis(100)),
    ),
    (
        "report_year",
        "yearly report (summary + PDF)",
        "< 300 ms",
        Goal::Time(Duration::from_millis(300)),
    ),
    (
        "tick",
        "scheduler tick over all open cases",
        "< 50 ms",
        Goal::Time(Duration::from_millis(50)),
    ),
    (
        "xlsx",
        "XLSX export of all cases",
        "< 3 s",
        Goal::Time(Duration::from_secs(3)),
    ),
    (
        "pdf_time",
        "registration or assignment sheet PDF (fonts loaded), per page",
        "< 20 ms a page",
        Goal::Time(Duration::from_millis(20)),
    ),
    (
        "pdf_size",
        "registration or assignment sheet PDF, size of a one-page form",
        "< 150 KB",
        Goal::Bytes(150 * 1024),
    ),
    (
        "app_memory",
        "peak memory of the desktop app (VmHWM) after 工作台, 台账, 督办看板 and printing every document",
        "< 250 MB",
        Goal::Bytes(250 * 1024 * 1024),
    ),
    (
        "app_memory_total",
        "… the app plus its WebKit web and network processes (for information)",
        "—",
        Goal::None,
    ),
    (
        "baseline",
        "baseline: LibreOffice `soffice --headless --convert-to pdf` of the same form",
        "—",
        Goal::None,
    ),
];

impl SizeResult {
    /// The worst measurement of a group (highest median or size).
    fn worst(&self, group: &str) -> Option<&Detail> {
        self.details
            .iter()
            .filter(|d| d.group == group)
            .max_by(|a, b| a.value.amount().total_cmp(&b.value.amount()))
    }
}

fn verdict(goal: &Goal, v: Option<&Value>) -> String {
    let Some(v) = v else {
        return "not measured".into();
    };
    let (have, want, text) = match (goal, v) {
        (Goal::Time(t), Value::Time(s)) => (
            s.median.as_secs_f64(),
            t.as_secs_f64(),
            fmt_duration(s.median.saturating_sub(*t)),
        ),
        (Goal::Bytes(b), Value::Bytes(x)) => {
            (*x as f64, *b as f64, fmt_bytes(x.saturating_sub(*b)))
        }
        _ => return String::new(),
    };
    if have <= want {
        format!("met ({:.0}% of target)", have / want * 100.0)
    } else {
        format!("**MISSED** by {text} ({:.1}×)", have / want)
    }
}

fn size_label(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|")
}

impl Report {
    fn target_size(&self) -> Option<&SizeResult> {
        self.sizes
            .iter()
            .find(|s| s.n == TARGET_SIZE)
            .or_else(|| self.sizes.iter().max_by_key(|s| s.n))
    }

    fn rows(&self) -> Vec<Vec<String>> {
        let target = self.target_size().map(|s| s.n);
        ROWS.iter()
            .map(|(group, op, want, goal)| {
                let mut row = vec![op.to_string(), want.to_string()];
                for s in &self.sizes {
                    row.push(
                        s.worst(group)
                            .map(|d| d.value.text())
                            .unwrap_or_else(|| "—".into()),
                    );
                }
                for c in &self.carried {
                    row.push(
                        c.cells
                            .get(&md_escape(op))
                            .cloned()
                            .unwrap_or_else(|| "—".into()),
                    );
                }
                let at = self
                    .sizes
                    .iter()
                    .find(|s| Some(s.n) == target)
                    .and_then(|s| s.worst(group))
                    .map(|d| &d.value);
                row.push(verdict(goal, at));
                row
            })
            .collect()
    }

    fn header(&self) -> Vec<String> {
        let mut h = vec!["operation".to_string(), "target".to_string()];
        for s in &self.sizes {
            h.push(format!("{} cases", size_label(s.n)));
        }
        for c in &self.carried {
            h.push(format!("{} cases (run of {})", size_label(c.n), c.date));
        }
        h.push(format!(
            "at {} cases",
            size_label(self.target_size().map(|s| s.n).unwrap_or(TARGET_SIZE))
        ));
        h
    }

    /// The targets table for the terminal.
    pub fn terminal(&self) -> String {
        let mut rows = vec![self.header()];
        rows.extend(self.rows());
        let cols = rows[0].len();
        let width = |s: &str| {
            s.chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum::<usize>()
        };
        let widths: Vec<usize> = (0..cols)
            .map(|c| rows.iter().map(|r| width(&r[c])).max().unwrap_or(0))
            .collect();
        let mut out = String::new();
        for r in &rows {
            for (c, cell) in r.iter().enumerate() {
                let cell = cell.replace("**", "");
                let pad = widths[c].saturating_sub(width(&cell));
                let _ = write!(out, "{cell}{}  ", " ".repeat(pad));
            }
            out.push('\n');
        }
        out
    }

    /// docs/benchmarks.md.
    pub fn markdown(&self) -> String {
        let m = &self.machine;
        let mut o = String::new();
        let _ = writeln!(o, "# Benchmarks\n");
        let _ = writeln!(
            o,
            "Generated by `cargo xtask bench` (xtask/) on {}; rerun it to refresh this file, \
             `cargo xtask bench --full` adds 1 000 000 cases. Do not edit by hand: the prose \
             comes from xtask/src/report.rs.\n",
            self.date
        );
        let _ = writeln!(o, "## Machine\n");
        let _ = writeln!(o, "| | |\n|---|---|");
        let _ = writeln!(o, "| CPU | {} |", m.cpu);
        let _ = writeln!(o, "| cores | {} |", m.cores);
        let _ = writeln!(o, "| RAM | {:.1} GB |", m.ram_gb);
        let _ = writeln!(o, "| OS | {} |", m.os);
        let _ = writeln!(o, "| rustc | {} |", m.rustc);
        let _ = writeln!(o, "| SQLite | {} (bundled) |", m.sqlite);
        let _ = writeln!(o);
        let _ = writeln!(o, "## Method\n");
        let _ = writeln!(
            o,
            "{}",
            METHOD
                .replace("{seed}", &self.seed.to_string())
                .replace("{runs}", &self.runs.to_string())
                .replace("{now}", &self.now)
        );
        let _ = writeln!(o, "## Targets\n");
        let header = self.header();
        let _ = writeln!(o, "| {} |", header.join(" | "));
        let _ = writeln!(o, "|{}|", vec!["---"; header.len()].join("|"));
        for r in self.rows() {
            let r: Vec<String> = r.iter().map(|c| md_escape(c)).collect();
            let _ = writeln!(o, "| {} |", r.join(" | "));
        }
        let _ = writeln!(o);
        for n in &self.notes {
            let _ = writeln!(o, "- {n}");
        }
        let _ = writeln!(o, "\n## Findings\n\n{FINDINGS}");
        let _ = writeln!(o, "## Details\n");
        for s in &self.sizes {
            let _ = writeln!(
                o,
                "### {} cases\n\nLedger file {}{}.{}\n",
                size_label(s.n),
                fmt_bytes(s.file_size),
                match s.build_time {
                    Some(t) =>
                        format!(", built by `Ledger::fill_demo` in {:.1} s", t.as_secs_f64()),
                    None => ", from the cache (target/bench-ledgers/)".into(),
                },
                if s.notes.is_empty() {
                    String::new()
                } else {
                    format!(" {}.", s.notes.join("; "))
                }
            );
            let _ = writeln!(
                o,
                "| measurement | median | min | max | runs | SQL statements | time in SQLite |"
            );
            let _ = writeln!(o, "|---|---|---|---|---|---|---|");
            for d in &s.details {
                let (med, min, max, runs) = match &d.value {
                    Value::Time(st) => (
                        fmt_duration(st.median),
                        fmt_duration(st.min),
                        fmt_duration(st.max),
                        st.runs.to_string(),
                    ),
                    Value::Bytes(b) => (fmt_bytes(*b), String::new(), String::new(), String::new()),
                };
                let (n, t) = match d.sql {
                    Some((n, t)) => (n.to_string(), fmt_duration(t)),
                    None => (String::new(), String::new()),
                };
                let _ = writeln!(
                    o,
                    "| {} | {med} | {min} | {max} | {runs} | {n} | {t} |",
                    md_escape(&d.name)
                );
            }
            let _ = writeln!(o);
        }
        for c in &self.carried {
            let _ = writeln!(
                o,
                "### {} cases (run of {})\n\n{CARRIED_NOTE} {}, on the code of that day.\n\n{}\n",
                size_label(c.n),
                c.date,
                c.date,
                c.details
            );
        }
        if let Some(s) = self.target_size() {
            let _ = writeln!(
                o,
                "## Query plans at {} cases\n\n{PLANS_INTRO}",
                size_label(s.n)
            );
            for (name, cap) in &s.plans {
                let _ = writeln!(
                    o,
                    "### {name}\n\n{} statement(s), {} in SQLite.\n",
                    cap.statements(),
                    fmt_duration(cap.sql_time())
                );
                let mut top: Vec<_> = cap.stmts.iter().collect();
                top.sort_by_key(|s| std::cmp::Reverse(s.total));
                for st in top.iter().take(3) {
                    let sql = if st.sql.chars().count() > 900 {
                        format!("{} …", st.sql.chars().take(900).collect::<String>())
                    } else {
                        st.sql.clone()
                    };
                    let _ = writeln!(
                        o,
                        "{}× {} in total:\n\n```sql\n{sql}\n```\n",
                        st.count,
                        fmt_duration(st.total)
                    );
                    if !st.plan.is_empty() {
                        let _ = writeln!(o, "```text\n{}\n```\n", st.plan.join("\n"));
                    }
                }
            }
        }
        o
    }
}

const METHOD: &str = "\
- Ledgers: `Ledger::fill_demo(n, seed {seed}, 3 years, now)` (the generator behind `zhitong demo`), \
  followed by one scheduler tick, cached under `target/bench-ledgers/` by size, seed and schema \
  version. Every run works on a fresh copy. `now` is fixed at {now}.
- Each operation is the library call the desktop app's command or the CLI makes. One untimed \
  warm-up run, then {runs} timed runs (7 for open + agenda, 3 for the XLSX export, 1 at 1 000 000 \
  cases); the tables show the median. Fonts are loaded once per process beforehand, as the app \
  and the CLI do.
- SQL: one more run of each operation with SQLite's profile trace on counts the statements and \
  the time spent inside SQLite; the plans below are `EXPLAIN QUERY PLAN` of the statements \
  actually executed, with their parameters bound.
- Cold start: the release binary (`npm run build --prefix ui && cargo build -p zhitong-desktop \
  --release`) is started on a private Xvfb server with `ZHITONG_DB` set to the ledger copy and \
  `ZHITONG_NOW` to `now`; the time runs from spawning the process until the shell's benchmark \
  hook (`src-tauri/src/bench_hook.rs`, active only when `ZHITONG_BENCH_MARKERS` is set) reports \
  that the 工作台's sections have rendered and two animation frames have passed. The hook then \
  opens 台账 and 督办看板 and prints one document of each kind, the board, the day's \
  assignment sheets and the monthly report; 1.5 s later the peak resident memory (`VmHWM` in \
  `/proc/<pid>/status`) of the app process and of its WebKit helper processes is read. One \
  untimed start, then 5 (3 at 1 000 000 cases); the median start and the highest memory are shown.
- Baseline: the same 登记表 as a flat ODT document converted by a fresh \
  `soffice --headless --convert-to pdf` (LibreOffice Writer, Debian's libreoffice-writer-nogui), \
  as a clerk turns a Word template into a PDF today; one untimed run, then 5.
";

const PLANS_INTRO: &str = "\
The statements each hot operation executed (the costliest three by time in SQLite) and how \
SQLite runs them. `SEARCH … USING INDEX` reads only matching rows; `SCAN` reads the whole \
table and is acceptable only where every row is needed (agenda and board read every open case; \
the export reads every case).
";

/// Written from the measured numbers; revisit when they change.
const FINDINGS: &str = "\
Measured on a 2-core build machine (AMD EPYC) with no build running, one release run of
`cargo xtask bench --sizes 100000,1000000 --no-baseline` on 2026-12-07, on a fresh
machine: both ledgers were built in this run (100 000 cases in 225 s, 1 000 000 in 50
min). Every 100 000-case target is met. Read single rows as ±20 %: the scheduler tick
measured 33, 45 and 24 ms in three runs on this code, and loading the fonts 45–134 ms.

**Cold start: 542 ms** (target 1 s; 1.11 s in the run before these changes, 1.55 s before
that), and 951 ms at 1 000 000 cases (target 2 s; 2.94 s on 2026-12-04). `Ledger::open` +
agenda are 28 ms of it at 100 000 cases. Three changes:

- The first paint comes first. The first scheduler tick, the full integrity check and
  the start-of-day backup (a verified copy of the 1.3 GB file) used to start as soon as
  the ledger was open, on the two cores that WebKitGTK needs to start its processes and
  paint. They now wait until the window reports its first view with its data (the
  `painted` command), 10 s at most; the integrity check then starts at once after a
  session that did not end normally, 3 s later otherwise.
- No DMA-BUF renderer where there is no GPU render node (`/dev/dri/renderD*`: a virtual
  machine, a remote desktop, Xvfb): WebKitGTK probes for a device and falls back to
  shared memory, and the window took 15–20 % longer to first paint. Where a render node
  exists WebKit's default stays, and `WEBKIT_DISABLE_DMABUF_RENDERER` set by the user wins.
- 工作台 gets each section's 30 most urgent items and the section's size (`AgendaHead`),
  which is all the window shows; 显示全部 fetches the whole section (`agenda_section`).
  At 1 000 000 cases the agenda sent about 80 000 items of 52 206 open cases to the window.

**Phone search: 29 ms** (86 ms before; at 1 000 000 cases 292 ms, 318 ms before). Digits
typed in the search box (often a phone's last four) match contacts by substring; their
cases were then found by walking every case newest first until 50 matched. Migration 010
indexes cases by contact and time (`cases_contact`): the matching contacts' cases come
from the index and only those are sorted (`INDEXED BY`, held by a plan test). What is
left is the substring scan of the contacts table, a sixth the size of cases: each
contact's phone with three `REPLACE`s, about 1 µs a contact, which is most of the 292 ms
at 1 000 000 cases. A stored digits-only column would remove the `REPLACE`s, not the scan.

**Migration 009: the reports' overdue cases and the export's 办理过程 come from indexes.**
A report counts every case overdue now (当前逾期, 通报): the open cases spread over the
whole cases table, a page apiece, which pushed the month's own rows out of the page cache
on every run. cases_open now carries every column a report reads of a case, so they are
read from the index alone (`INDEXED BY`, held by a plan test): monthly 114 → 44 ms, yearly
301 → 132 ms. The export read each progress note's event row, with its ~800 bytes of
snapshots, for a 20-character text; events_process now carries the text.

**XLSX export: 1.36 s** (target 3 s; 4.12 s before). The writer thread was the
bottleneck: zlib at level 3, then rust_xlsxwriter's SipHash of the cell `Format` for every
one of the 2 000 000 cells (the crate has no way to write a cell by format index). The
workbook is now compressed at level 1 (23 MB instead of 17 MB), and the benchmark syncs
its 1.3 GB working copy of the ledger before measuring, whose write-back slowed the first
export after it to 8.4 s by hand.

**Peak memory of the app process: 240.4 MB** (target 250 MB; 393 MB on 2026-12-03). First
paint is about 196 MB, most of it WebKitGTK's UI process inside the app: Mesa's software
GL (libLLVM, 44 MB; WebKit aborts without an EGL display) and libwebkit2gtk (24 MB) are
68 MB of file-backed pages. The shell's `main` calls `mallopt(M_ARENA_MAX, 1)` before any
thread starts (the workspace's one allowed `unsafe`, held by a tidy test): glibc kept
about 15 MB idle in WebKit's threads' arenas. Fonts look a character up in the face's cmap
when a document first asks for it, instead of mapping all 45 000 characters of each CJK
face at load: every face loads with +9.0 MB (the issue's first print added 225 MB, a copy
of the whole `.ttc` for each face). Tried and left out: `WEBKIT_DISABLE_COMPOSITING_MODE`
(no change to memory), Mesa's softpipe (heap +170 MB), mimalloc as the global allocator (335 MB).

**督办看板 screen.** It measures 250 lines of the board a frame to pack its pages, showing
the first page at once and counting pages as it goes (第 1/N+ 页), instead of laying out
every line in a hidden copy: the WebKit web process peaks at 305 MB at 100 000 cases (685 MB
before) and 743 MB at 1 000 000 (3.7 GB before), and 工作台 → 台账 → 督办看板 shows in 6.2 s
there instead of 19 s. An end-to-end test turns through every page of a 320-case board and finds
each case once.

**CLI.** `open_checked` checks the file type, the header's page count against the file's
length, the schema version and the lock; the full `PRAGMA integrity_check` runs in
`zhitong check`, on every backup's copy and in the desktop on a thread of its own after
the first paint, instead of on every open. By hand on 2026-12-07 (hyperfine, 20 runs, release CLI, process start
included): `zhitong case list --limit 50` takes 8–14 ms on the 100 000-case ledger (target
60 ms; 2.0 s when the issue was filed) and 37 ms on the 1 000 000-case one (target 100 ms).

**1 000 000 cases.** Cold start (951 ms, target 2 s), search, the forms and a CLI command
are met. The synthetic ledger spreads ten times the cases over the same three years, so
every period and the open set are ten times larger (52 206 open cases, about three in four
of them overdue or nearly due), and the rows that read all of them grow with the data:
agenda 23×, board 20×, tick 26× (every open case), monthly 13×, yearly 13×, export 17×
(every case of a period). They stay above 5× of 100 000 cases, the issue's goal; a ledger
that grows over the years at a steady intake keeps its open set and periods the size of
today's. List pages deep in the ledger use `OFFSET`, which the 台账's virtual list needs
when its scrollbar is dragged to the middle: the enterprise sort's middle page takes 223
ms (48×), the overdue filter 73 ms, the text filter 跳闸 135 ms. The app process peaks at
511 MB after showing and printing all of it (not yet profiled at this size). Next:
keyset paging for the 台账's next and previous pages, closed months pre-aggregated for
the reports, and `prepare_cached` in the demo generator (the 50-minute build is bound by
parsing SQL).
";
