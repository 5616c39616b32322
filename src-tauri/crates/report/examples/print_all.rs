//! What a session of the desktop app prints, in one process: one document of each kind
//! (登记表, 交办单, 函, 催办单, 督办函, 不予受理告知书, 答复告知书), the overdue board, the
//! day's assignment sheets and the monthly report, over a demo ledger, then the render
//! times and the process's peak resident memory (`VmHWM`). The monthly report's 通报 is
//! padded to `--notice` rows (the ~3 600 overdue cases of a 100 000-case ledger) by
//! repeating the ledger's own entries.
//!
//! `cargo run --example print_all -- [--cases N] [--notice N] [--runs R] [--all-faces]
//! [--out DIR]`; the demo ledger is cached as `/tmp/zhitong-print-all-N.db`.

use std::path::PathBuf;
use std::time::{Duration, Instant as Clock};

use zhitong_print::ledger::DocKind;
use zhitong_print::Fonts;
use zhitong_report::{summarize, Period};
use zhitong_store::Ledger;

fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn memory(stage: &str) {
    println!(
        "{stage:<34} VmRSS {:>7.1} MB  VmHWM {:>7.1} MB",
        status_kb("VmRSS:") as f64 / 1024.0,
        status_kb("VmHWM:") as f64 / 1024.0
    );
}

fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let cases: usize = arg(&args, "--cases", 3000);
    let notice: usize = arg(&args, "--notice", 3600);
    let runs: usize = arg(&args, "--runs", 1).max(1);
    let out = PathBuf::from(arg(&args, "--out", "/tmp/zhitong-print-all".to_string()));
    std::fs::create_dir_all(&out)?;
    let now = chrono::DateTime::parse_from_rfc3339("2026-06-15T10:00:00+08:00")?;

    let db = PathBuf::from(format!("/tmp/zhitong-print-all-{cases}.db"));
    let fresh = !db.exists();
    let mut l = Ledger::open(&db)?;
    if fresh {
        let t = Clock::now();
        l.init(now)?;
        l.fill_demo(cases, 1, 3, now)?;
        l.tick(now)?;
        println!("demo ledger of {cases} cases built in {:?}", t.elapsed());
    }
    memory("ledger open");

    let t = Clock::now();
    let fonts = Fonts::load_system()?;
    if args.iter().any(|a| a == "--all-faces") {
        let faces = fonts.faces();
        println!("{} faces loaded in {:?}", faces.len(), t.elapsed());
        memory("every face loaded");
    }

    let settings = l.settings()?;
    let cal = l.calendar()?;
    let mut todo: Vec<DocKind> = vec![
        DocKind::Registration,
        DocKind::Assignment,
        DocKind::Letter,
        DocKind::Urge,
        DocKind::Supervision,
        DocKind::Rejection,
        DocKind::Reply,
    ];
    let mut assigned = Vec::new();
    for id in 1..=cases as i64 {
        if todo.is_empty() && assigned.len() >= 12 {
            break;
        }
        let Ok(case) = l.case(id) else { continue };
        let mut printed = None;
        for (i, kind) in todo.iter().enumerate() {
            if let Ok(pdf) =
                zhitong_print::ledger::render(*kind, &case, &settings, &cal, &fonts, now)
            {
                std::fs::write(out.join(format!("{kind:?}.pdf")), pdf)?;
                printed = Some(i);
                break;
            }
        }
        if let Some(i) = printed {
            todo.remove(i);
        }
        if assigned.len() < 12 && case.assignment.is_some() {
            assigned.push(case);
        }
    }
    if !todo.is_empty() {
        println!("no case for {todo:?}");
    }
    memory("one document of each kind");

    let board = l.board(now)?;
    let header = zhitong_print::board::BoardHeader {
        park: settings.park_name.clone(),
    };
    let pdf = zhitong_print::board::render(&board, &header, &fonts)?;
    std::fs::write(out.join("board.pdf"), pdf)?;
    let pdf = zhitong_print::ledger::render_assignments(&assigned, &settings, &fonts)?;
    std::fs::write(out.join("assignments.pdf"), pdf)?;
    memory("board and assignment sheets");

    let mut s = summarize(&l, Period::month(2026, 5)?, now)?;
    let base = s.notice.clone();
    if !base.is_empty() {
        s.notice = (0..notice.max(base.len()))
            .map(|i| base[i % base.len()].clone())
            .collect();
        // In summarize's order: by unit, then longest overdue first.
        s.notice.sort_by(|a, b| {
            a.department
                .cmp(&b.department)
                .then(b.overdue_days.cmp(&a.overdue_days))
        });
    }
    drop(l);
    memory("monthly summary");
    let mut times = Vec::new();
    let mut pdf = Vec::new();
    for _ in 0..runs {
        let t = Clock::now();
        pdf = zhitong_report::pdf::render(&s, &fonts, now.date_naive(), "园区企业服务中心")?;
        times.push(t.elapsed());
    }
    std::fs::write(out.join("report.pdf"), &pdf)?;
    println!(
        "monthly report: {} 通报 rows, {} bytes, median {:?} of {runs} render(s)",
        s.notice.len(),
        pdf.len(),
        median(times)
    );
    memory("monthly report");
    Ok(())
}
