//! The benchmark run: for each ledger size, every operation with a target is timed
//! (median of repeated runs) through the same library calls the desktop app and the CLI
//! make, its SQL captured and explained; then the release app is started under Xvfb for
//! cold start and peak memory, and LibreOffice converts the same form for comparison.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{Datelike, NaiveDate};
use zhitong_domain::{CaseState, Instant as At};
use zhitong_print::ledger::DocKind;
use zhitong_print::Fonts;
use zhitong_report::Period;
use zhitong_store::{CaseQuery, Ledger, SortKey};

use crate::report::{Detail, Report, SizeResult, Value};
use crate::timing::{fmt_bytes, measure, own_memory, Stats};
use crate::trace::{capture, Capture};
use crate::{app, baseline, ledgers, machine};

/// The instant every measurement is made at (the demo data ends here). Fixed so that
/// reruns see the same ledgers; not the wall clock.
pub const NOW: &str = "2026-06-15T10:00:00+08:00";
const PAGE: u32 = 50;

#[derive(Debug, Clone)]
pub struct Options {
    pub sizes: Vec<usize>,
    pub seed: u64,
    pub runs: usize,
    pub app: bool,
    pub baseline: bool,
    pub doc: bool,
    /// Only build or upgrade the cached ledgers (ahead of a quiet-machine run).
    pub ledgers_only: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut o = Options {
            sizes: vec![10_000, 100_000],
            seed: 1,
            runs: 11,
            app: true,
            baseline: true,
            doc: true,
            ledgers_only: false,
        };
        let mut it = args.iter();
        let num = |v: Option<&String>, what: &str| -> Result<u64, String> {
            v.and_then(|v| v.replace('_', "").parse().ok())
                .ok_or_else(|| format!("{what} needs a number"))
        };
        while let Some(a) = it.next() {
            match a.as_str() {
                "--full" => o.sizes = vec![10_000, 100_000, 1_000_000],
                "--sizes" => {
                    o.sizes = it
                        .next()
                        .ok_or("--sizes needs a list")?
                        .split(',')
                        .map(|s| s.trim().replace('_', "").parse::<usize>())
                        .collect::<Result<_, _>>()
                        .map_err(|_| "--sizes needs numbers, e.g. 10000,100000".to_string())?
                }
                "--seed" => o.seed = num(it.next(), "--seed")?,
                "--runs" => o.runs = num(it.next(), "--runs")?.max(1) as usize,
                "--no-app" => o.app = false,
                "--no-baseline" => o.baseline = false,
                "--no-doc" => o.doc = false,
                "--ledgers-only" => o.ledgers_only = true,
                other => return Err(format!("unknown option {other}")),
            }
        }
        Ok(o)
    }
}

pub fn now() -> At {
    chrono::DateTime::parse_from_rfc3339(NOW)
        .expect("valid NOW")
        .with_timezone(&zhitong_domain::china())
}

/// Shared per-process resources: fonts are loaded once, as the app and the CLI do.
struct Shared {
    fonts: Fonts,
}

fn timed<T>(
    out: &mut Vec<Detail>,
    group: &'static str,
    name: impl Into<String>,
    runs: usize,
    f: impl FnMut() -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let name = name.into();
    let (stats, v) = measure(runs, f).with_context(|| name.clone())?;
    eprintln!(
        "    {name:<60} {}",
        crate::timing::fmt_duration(stats.median)
    );
    out.push(Detail {
        group,
        name,
        value: Value::Time(stats),
        sql: None,
    });
    Ok(v)
}

/// Times `f`, then runs it once more with SQL capture and attaches the statement counts
/// (and keeps the plans when `plans` is given).
fn timed_sql<T>(
    out: &mut Vec<Detail>,
    plans: &mut Vec<(String, Capture)>,
    conn: &rusqlite::Connection,
    group: &'static str,
    name: impl Into<String>,
    runs: usize,
    mut f: impl FnMut() -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let name = name.into();
    let v = timed(out, group, name.clone(), runs, &mut f)?;
    let (cap, _) = capture(conn, &mut f)?;
    if let Some(d) = out.last_mut() {
        d.sql = Some((cap.statements(), cap.sql_time()));
    }
    plans.push((name, cap));
    Ok(v)
}

fn page_count(pdf: &[u8]) -> usize {
    // Page objects are `/Type /Page` (not `/Pages`), with or without the space.
    let mut n = 0;
    for pat in [&b"/Type /Page"[..], &b"/Type/Page"[..]] {
        n += pdf
            .windows(pat.len() + 1)
            .filter(|w| w.starts_with(pat) && w[pat.len()] != b's')
            .count();
    }
    n.max(1)
}

fn one_size(
    opts: &Options,
    root: &Path,
    shared: &Shared,
    n: usize,
    desktop: Option<&Path>,
    display: Option<&str>,
) -> anyhow::Result<SizeResult> {
    let now = now();
    let dir = root.join("target").join("bench-ledgers");
    eprintln!("{n} cases");
    let built = ledgers::ensure(&dir, n, opts.seed, now)?;
    let work = ledgers::work_copy(&built.path, &dir, n)?;
    let runs = opts.runs;
    let big = n > 200_000;
    let mut d: Vec<Detail> = Vec::new();
    let mut plans: Vec<(String, Capture)> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    if let Some((from, took)) = built.migrated_from {
        notes.push(format!(
            "the cached ledger of schema {from} was upgraded by `Ledger::open` in {:.1} s, \
             as a user's ledger is",
            took.as_secs_f64()
        ));
    }

    // 工作台 as the app opens it: open (migrations check, FTS catch-up) and the agenda.
    timed(
        &mut d,
        "open_agenda",
        "Ledger::open + agenda",
        runs.min(7),
        || {
            let l = Ledger::open(&work)?;
            Ok(l.agenda(now)?.overdue.len())
        },
    )?;
    let mut ledger = Ledger::open(&work)?;
    {
        let l = &ledger;
        let conn = l.conn();
        timed_sql(
            &mut d,
            &mut plans,
            conn,
            "open_agenda",
            "agenda",
            runs,
            || Ok(l.agenda(now)?),
        )?;
        let (open_cases,): (i64,) = conn.query_row(
            "SELECT COUNT(*) FROM cases WHERE state NOT IN ('closed','void','rejected')",
            [],
            |r| Ok((r.get(0)?,)),
        )?;
        notes.push(format!("{open_cases} open cases"));

        // The ledger list: the filters the 台账 screen offers, one page each.
        let dept: String = conn
            .query_row(
                "SELECT d.name FROM cases c JOIN departments d ON d.id = c.lead_department_id
                 GROUP BY d.id ORDER BY COUNT(*) DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap_or_default();
        let q = |f: &dyn Fn(&mut CaseQuery)| {
            let mut q = CaseQuery {
                limit: PAGE,
                descending: true,
                ..CaseQuery::default()
            };
            f(&mut q);
            q
        };
        let total: i64 = l.list(&q(&|_| {}), now)?.total;
        let queries: Vec<(&str, CaseQuery)> = vec![
            ("all cases, newest first (first page)", q(&|_| {})),
            (
                "open states, by due date",
                q(&|q| {
                    q.states = vec![
                        CaseState::Assigned,
                        CaseState::InProgress,
                        CaseState::Replied,
                    ];
                    q.sort = SortKey::Due;
                    q.descending = false;
                }),
            ),
            (
                "lead department, newest first",
                q(&|q| q.department = Some(dept.clone())),
            ),
            (
                "category 用电保障 + last 90 days",
                q(&|q| {
                    q.category = Some("用电保障".into());
                    q.from = Some(now - chrono::Duration::days(90));
                    q.to = Some(now);
                }),
            ),
            ("overdue only", q(&|q| q.overdue = true)),
            ("escalated only", q(&|q| q.escalated = true)),
            (
                "text 跳闸 (list text filter)",
                q(&|q| q.text = Some("跳闸".into())),
            ),
            (
                "by enterprise, page in the middle",
                q(&|q| {
                    q.sort = SortKey::Enterprise;
                    q.descending = false;
                    q.offset = (total / 2) as u32;
                }),
            ),
            (
                "newest first, last page",
                q(&|q| q.offset = (total.max(PAGE as i64) - PAGE as i64) as u32),
            ),
        ];
        for (name, query) in &queries {
            timed_sql(
                &mut d,
                &mut plans,
                conn,
                "list",
                format!("list: {name}"),
                runs,
                || Ok(l.list(query, now)?.rows.len()),
            )?;
        }

        timed_sql(&mut d, &mut plans, conn, "board", "board", runs, || {
            Ok(l.board(now)?)
        })?;

        // Search: words of 2 and more characters, common and rare, and two terms.
        let ent: String = conn.query_row(
            "SELECT name FROM enterprises ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )?;
        let ent2: String = ent.chars().skip(2).take(2).collect();
        let searches: Vec<(String, String)> = vec![
            ("2 chars, rare: 跳闸".into(), "跳闸".into()),
            ("2 chars, common: 用电".into(), "用电".into()),
            ("2 chars, very common: 企业".into(), "企业".into()),
            (format!("2 chars of a name: {ent2}"), ent2.clone()),
            ("5 chars: 规划许可证".into(), "规划许可证".into()),
            ("two words: 厂房 手续".into(), "厂房 手续".into()),
            ("no hit: 区块链".into(), "区块链".into()),
        ];
        for (name, text) in &searches {
            let hits = timed_sql(
                &mut d,
                &mut plans,
                conn,
                "search",
                format!("search: {name}"),
                runs,
                || Ok(l.search(text, 50)?.len()),
            )?;
            if let Some(x) = d.last_mut() {
                x.name.push_str(&format!(" ({hits} hits shown)"));
            }
        }
        timed_sql(
            &mut d,
            &mut plans,
            conn,
            "search_other",
            "search: phone digits 1380 (not a word search)",
            runs,
            || Ok(l.search("1380", 50)?.len()),
        )?;

        // Reports: the summary (SQL) and the PDF the clerk gets.
        let last_month = if now.month() == 1 {
            Period::month(now.year() - 1, 12)?
        } else {
            Period::month(now.year(), now.month() - 1)?
        };
        let last_year = Period::year(now.year() - 1)?;
        for (group, label, period) in [
            ("report_month", "monthly report", last_month),
            ("report_year", "yearly report", last_year),
        ] {
            let p = period;
            timed_sql(
                &mut d,
                &mut plans,
                conn,
                "report_parts",
                format!("{label}: summary only ({})", period.label()),
                runs,
                || Ok(zhitong_report::summarize(l, p, now)?),
            )?;
            let p = period;
            timed(
                &mut d,
                group,
                format!("{label}: summary + PDF"),
                runs,
                || {
                    let s = zhitong_report::summarize(l, p, now)?;
                    Ok(zhitong_report::pdf::render(
                        &s,
                        &shared.fonts,
                        now.date_naive(),
                        "园区企业服务中心",
                    )?)
                },
            )?;
        }

        // Documents: a case that has every form.
        let id: i64 = conn.query_row(
            "SELECT id FROM cases WHERE state = 'in_progress' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )?;
        let case = l.case(id)?;
        let settings = l.settings()?;
        let cal = l.calendar()?;
        for (kind, label) in [
            (DocKind::Registration, "registration sheet (登记表)"),
            (DocKind::Assignment, "assignment sheet (交办单)"),
        ] {
            let pdf = timed(&mut d, "pdf_time", format!("PDF: {label}"), runs, || {
                Ok(zhitong_print::ledger::render(
                    kind,
                    &case,
                    &settings,
                    &cal,
                    &shared.fonts,
                    now,
                )?)
            })?;
            let pages = page_count(&pdf);
            if let Some(x) = d.last_mut() {
                x.name.push_str(&format!(", {pages} page(s)"));
                if let Value::Time(s) = &mut x.value {
                    // Per page, as the target is stated.
                    let per = |t: Duration| t / pages as u32;
                    *s = Stats {
                        median: per(s.median),
                        min: per(s.min),
                        max: per(s.max),
                        runs: s.runs,
                    };
                }
            }
            d.push(Detail {
                group: "pdf_size",
                name: format!("PDF size: {label}, {pages} page(s)"),
                value: Value::Bytes(pdf.len() as u64),
                sql: None,
            });
            if kind == DocKind::Registration
                && opts.baseline
                && n == *opts.sizes.first().unwrap_or(&n)
            {
                let scratch = dir.join("baseline");
                match baseline::measure(&case, &scratch, 5) {
                    Ok(b) => {
                        let ours = d
                            .iter()
                            .rev()
                            .find(|x| x.group == "pdf_time")
                            .and_then(|x| match x.value {
                                Value::Time(s) => Some(s.median * pages as u32),
                                _ => None,
                            })
                            .unwrap_or_default();
                        d.push(Detail {
                            group: "baseline",
                            name: format!(
                                "LibreOffice {} .fodt → PDF (fresh soffice each time), {}; ours {} → {:.0}× faster",
                                b.version.split_whitespace().nth(1).unwrap_or(""),
                                fmt_bytes(b.pdf_size),
                                crate::timing::fmt_duration(ours),
                                b.convert.median.as_secs_f64() / ours.as_secs_f64().max(1e-9)
                            ),
                            value: Value::Time(b.convert),
                            sql: None,
                        });
                    }
                    Err(e) => notes.push(format!("baseline not measured: {e:#}")),
                }
            }
        }
    }

    // The scheduler tick mutates; on a settled ledger it only reads.
    timed(&mut d, "tick", "scheduler tick", runs, || {
        Ok(ledger.tick(now)?)
    })?;
    crate::trace::begin(ledger.conn());
    let ticked = ledger.tick(now);
    let cap = crate::trace::end(ledger.conn());
    ticked?;
    if let Some(x) = d.last_mut() {
        x.sql = Some((cap.statements(), cap.sql_time()));
    }
    plans.push(("scheduler tick".into(), cap));

    // XLSX export of every case (the slowest thing a clerk does on purpose).
    {
        let l = &ledger;
        let out = dir.join(format!("export-{n}.xlsx"));
        let slow_runs = if big { 1 } else { 3 };
        let mut rows = 0;
        timed(
            &mut d,
            "xlsx",
            "XLSX export of all cases",
            slow_runs,
            || {
                rows = zhitong_report::export(
                    l,
                    &CaseQuery::default(),
                    now,
                    &out,
                    zhitong_report::LedgerFile::Xlsx,
                    &mut |_, _| {},
                )?;
                Ok(())
            },
        )?;
        let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        if let Some(x) = d.last_mut() {
            x.name
                .push_str(&format!(" ({rows} rows, {})", fmt_bytes(size)));
        }
        let (cap, _) = capture(l.conn(), || {
            Ok(zhitong_report::ledger_rows(l, &CaseQuery::default(), now, &mut |_, _| {})?.len())
        })?;
        if let Some(x) = d.last_mut() {
            x.sql = Some((cap.statements(), cap.sql_time()));
        }
        plans.push(("XLSX export: ledger_rows".into(), cap));
        let _ = std::fs::remove_file(&out);
    }
    drop(ledger);

    // The desktop app on this ledger.
    if let (Some(bin), Some(display)) = (desktop, display) {
        eprintln!("    desktop app under Xvfb …");
        let scratch = dir.join(format!("app-{n}"));
        match app::measure(bin, display, &work, NOW, &scratch, if big { 3 } else { 5 }) {
            Ok(a) => {
                d.push(Detail {
                    group: "cold_start",
                    name: "release app: process start → 工作台 painted".into(),
                    value: Value::Time(a.first_paint),
                    sql: None,
                });
                d.push(Detail {
                    group: "app_tour",
                    name: "release app: process start → 工作台, 台账, 督办看板 painted".into(),
                    value: Value::Time(a.tour),
                    sql: None,
                });
                d.push(Detail {
                    group: "app_memory",
                    name: "release app process VmHWM".into(),
                    value: Value::Bytes(a.hwm_app),
                    sql: None,
                });
                let helpers: Vec<String> = a
                    .helpers
                    .iter()
                    .map(|(n, b)| format!("{n} {}", fmt_bytes(*b)))
                    .collect();
                d.push(Detail {
                    group: "app_memory_total",
                    name: format!(
                        "app + WebKit helper processes VmHWM ({})",
                        helpers.join(", ")
                    ),
                    value: Value::Bytes(a.hwm_total),
                    sql: None,
                });
            }
            Err(e) => notes.push(format!("desktop app not measured: {e:#}")),
        }
    }
    ledgers::remove(&work);
    Ok(SizeResult {
        n,
        file_size: built.file_size,
        build_time: built.build_time,
        details: d,
        plans,
        notes,
    })
}

pub fn run(opts: &Options, root: &Path, today: NaiveDate) -> anyhow::Result<()> {
    if opts.ledgers_only {
        let dir = root.join("target").join("bench-ledgers");
        for &n in &opts.sizes {
            let built = ledgers::ensure(&dir, n, opts.seed, now())?;
            eprintln!("{}", built.path.display());
        }
        return Ok(());
    }
    let machine = machine::probe();
    eprintln!(
        "{} × {} cores, {:.1} GB",
        machine.cpu, machine.cores, machine.ram_gb
    );

    let (rss0, _) = own_memory();
    let t = Instant::now();
    let fonts = Fonts::load_system().context("fonts (apt-get install fonts-noto-cjk)")?;
    // Faces load when a document first needs them; loading every face of the chain is
    // the most a session that prints every document can hold.
    let faces = fonts.faces().len();
    let font_time = t.elapsed();
    let (rss1, _) = own_memory();
    let shared = Shared { fonts };
    let font_note = format!(
        "Fonts, every face of the chain loaded (parsed from shared read-only mappings of their files): {} and +{} resident ({faces} faces)",
        crate::timing::fmt_duration(font_time),
        fmt_bytes(rss1.saturating_sub(rss0)),
    );
    eprintln!("{font_note}");

    let mut desktop = None;
    let mut app_note = None;
    if opts.app {
        match app::build(root) {
            Ok(bin) => desktop = Some(bin),
            Err(e) => app_note = Some(format!("desktop app not measured: {e:#}")),
        }
    }
    let xvfb = match &desktop {
        Some(_) => match app::Xvfb::start() {
            Ok(x) => Some(x),
            Err(e) => {
                app_note = Some(format!("desktop app not measured: {e:#}"));
                None
            }
        },
        None => None,
    };
    let display = xvfb.as_ref().map(|x| x.display.clone());

    let mut sizes = Vec::new();
    for &n in &opts.sizes {
        sizes.push(one_size(
            opts,
            root,
            &shared,
            n,
            desktop.as_deref().filter(|_| display.is_some()),
            display.as_deref(),
        )?);
    }
    drop(xvfb);

    // Sizes not measured now keep their figures from the previous run's document.
    let doc_path = root.join("docs").join("benchmarks.md");
    let carried = std::fs::read_to_string(&doc_path)
        .map(|old| crate::carry::from_doc(&old, &opts.sizes))
        .unwrap_or_default();
    let report = Report {
        machine,
        date: today,
        now: NOW.into(),
        seed: opts.seed,
        runs: opts.runs,
        sizes,
        carried,
        notes: [Some(font_note), app_note].into_iter().flatten().collect(),
    };
    println!("{}", report.terminal());
    if opts.doc {
        let path = doc_path;
        std::fs::write(&path, report.markdown())
            .with_context(|| format!("write {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}
