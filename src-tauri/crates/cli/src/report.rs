//! `zhitong report`, `zhitong search`, `zhitong export` and `zhitong import`: period
//! summaries (text, JSON, PDF, XLSX), full-text search, the ledger out to XLSX/CSV and an
//! existing Excel/CSV ledger in. A shell over `zhitong-report`; `now` comes from `--at`
//! or the clock in main.

use std::path::{Path, PathBuf};

use clap::Args;
use zhitong_report::import::import_file;
use zhitong_report::summary::{percent, Summary};
use zhitong_report::{ColumnMapping, LedgerFile, Period, ReportError};
use zhitong_store::{CaseQuery, ImportOptions, Ledger, NotCaseKind, NotCaseRow, OnConflict};

use crate::out::{Fail, Out};
use crate::Ctx;

impl From<ReportError> for Fail {
    fn from(e: ReportError) -> Self {
        let issues = match &e {
            ReportError::Store(s) => s.issues().to_vec(),
            _ => vec![],
        };
        Fail {
            code: e.code().into(),
            message: e.to_string(),
            issues,
        }
    }
}

fn date(s: &str) -> Result<chrono::NaiveDate, Fail> {
    zhitong_domain::when::parse(s, chrono::NaiveTime::MIN, None)
        .map(|t| t.date_naive())
        .ok_or_else(|| Fail::usage(format!("日期“{s}”格式不对，应为 YYYY-MM-DD，如 2026-03-01")))
}

#[derive(Args)]
pub struct ReportArgs {
    /// First day of the period (YYYY-MM-DD, included).
    #[arg(long)]
    from: Option<String>,
    /// First day after the period (YYYY-MM-DD, NOT included): March is --from 2026-03-01 --to 2026-04-01.
    #[arg(long)]
    to: Option<String>,
    /// Instead of --from/--to: 2026, 2026-Q1, 2026-03, 2026-W10.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    period: Option<String>,
    /// Write the report as PDF (official style, with charts and the circulation notice).
    #[arg(long)]
    pdf: Option<PathBuf>,
    /// Write the summary workbook (概况, 分类统计, 部门排名, 通报).
    #[arg(long)]
    xlsx: Option<PathBuf>,
}

fn summary_text(s: &Summary) -> String {
    let mut t = format!(
        "{}企业服务{}（{}，统计时点 {}）\n",
        s.park_name,
        s.period.report_name(),
        s.period_label,
        s.as_of.replace('T', " ").trim_end_matches("+08:00")
    );
    t += &s.headline;
    t.push('\n');
    t += &format!(
        "登记 {} 件（受理 {}，不予受理 {}，待甄别 {}）\n",
        s.received, s.accepted, s.rejected, s.undecided
    );
    let natures: Vec<String> = s
        .by_nature
        .iter()
        .filter(|n| n.received + n.closed > 0)
        .map(|n| {
            format!(
                "{} 登记 {}、办结 {}、解决 {}",
                n.name, n.received, n.closed, n.resolved
            )
        })
        .collect();
    if !natures.is_empty() {
        t += &format!("按诉求性质：{}\n", natures.join("；"));
    }
    t += &format!(
        "办结 {} 件，按期 {} 件，按期办结率 {}；本期受理已办结 {} 件，办结率 {}\n",
        s.closed,
        s.closed_on_time,
        percent(s.on_time_rate),
        s.accepted_closed,
        percent(s.completion_rate)
    );
    t += &format!(
        "当前逾期 {} 件；催办 {} 次（计数 {} 次）；提交领导小组 {} 件；平均办理 {} 个工作日\n",
        s.overdue_now,
        s.urges,
        s.counted_urges,
        s.escalations,
        s.avg_handling_working_days
            .map_or("—".into(), |v| format!("{v:.1}"))
    );
    t += &format!(
        "办理结果 A {} / B {} / C {}；评价 满意 {}、一般 {}、不满意 {}、视作满意 {}；满意率 {}（不含视作满意 {}）\n",
        s.outcomes.a,
        s.outcomes.b,
        s.outcomes.c,
        s.satisfied,
        s.average,
        s.unsatisfied,
        s.deemed,
        percent(s.satisfaction_rate),
        percent(s.satisfaction_rate_rated)
    );
    for c in &s.comparisons {
        let (label, period, received, closed) = (&c.label, &c.period_label, c.received, c.closed);
        let (on_time, satisfied) = (percent(c.on_time_rate), percent(c.satisfaction_rate));
        t += &format!(
            "{label}（{period}）：登记 {received}，办结 {closed}，按期办结率 {on_time}，满意率 {satisfied}\n"
        );
    }
    if !s.departments.is_empty() {
        t += "部门排名：\n";
        for d in &s.departments {
            let (rank, name, closed, urges, overdue) =
                (d.rank, &d.name, d.closed, d.urges, d.overdue_now);
            let (on_time, satisfied) = (percent(d.on_time_rate), percent(d.satisfaction_rate));
            t += &format!(
                "  {rank}. {name} 办结 {closed}，按期办结率 {on_time}，满意率 {satisfied}，被催办 {urges}，当前逾期 {overdue}\n"
            );
        }
    }
    for line in zhitong_report::summary::decisions_and_meetings(s) {
        t += &line;
        t.push('\n');
    }
    if !s.notice.is_empty() {
        t += "通报事项：\n";
        for n in &s.notice {
            t += &format!(
                "  {} {} {}：{}（{}）\n",
                n.department, n.reg_no, n.enterprise, n.summary, n.problem
            );
        }
    }
    t
}

pub fn report(ctx: &mut Ctx, a: ReportArgs) -> Result<Out, Fail> {
    let period = match (&a.period, &a.from, &a.to) {
        (Some(p), _, _) => Period::parse(p)?,
        (None, Some(f), Some(t)) => Period::between(date(f)?, date(t)?)?,
        (None, None, None) => {
            use chrono::Datelike;
            let d = ctx.now.date_naive();
            Period::month(d.year(), d.month())?
        }
        _ => {
            return Err(Fail::usage(
                "请同时给出 --from 和 --to（或用 --period 2026-03）",
            ))
        }
    };
    let s = zhitong_report::summarize(&ctx.ledger, period, ctx.now)?;
    let mut text = summary_text(&s);
    let undated = ctx.ledger.undated_imports(period.start(), period.end())?;
    if undated > 0 {
        text += &format!(
            "另有 {undated} 件由原台账导入的案件已答复或办结，但原台账没有答复/办结日期（记为不详），未计入本期办结数\n"
        );
    }
    if let Some(path) = &a.pdf {
        let fonts = zhitong_print::Fonts::load_system()?;
        let issuer = ctx.ledger.settings()?.service_center;
        let bytes = zhitong_report::pdf::render(&s, &fonts, ctx.now.date_naive(), &issuer)?;
        std::fs::write(path, bytes).map_err(|e| ReportError::Write {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        text += &format!("已生成 PDF 报告：{}\n", path.display());
    }
    if let Some(path) = &a.xlsx {
        zhitong_report::xlsx::write_summary(&s, path)?;
        text += &format!("已生成 Excel 汇总表：{}\n", path.display());
    }
    Ok(Out::text(text, serde_json::to_value(&s)?))
}

#[derive(Args)]
pub struct SearchArgs {
    /// Words to find (all must occur), a 登记编号, 交办编号 or phone number.
    text: Vec<String>,
    /// At most this many cases.
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

pub fn search(ctx: &mut Ctx, a: SearchArgs) -> Result<Out, Fail> {
    let q = a.text.join(" ");
    if q.trim().is_empty() {
        return Err(Fail::usage("请给出要查找的内容，如 zhitong search 用电"));
    }
    let hits = ctx.ledger.search(&q, a.limit)?;
    let mut t = format!("“{q}”找到 {} 件\n", hits.len());
    for h in &hits {
        t += &format!(
            "{} {} {} [{}]\n",
            h.row.reg_no,
            h.row.received_at.format("%Y-%m-%d"),
            h.row.enterprise,
            h.row.state.label()
        );
        for m in &h.matched {
            t += &format!("    {}：{}\n", m.field, m.marked());
        }
    }
    Ok(Out::text(t, serde_json::to_value(&hits)?))
}

#[derive(Args)]
pub struct ExportArgs {
    /// Write an Excel workbook.
    #[arg(long, required_unless_present = "csv")]
    xlsx: Option<PathBuf>,
    /// Write CSV (UTF-8 with BOM, opens in Excel and WPS).
    #[arg(long)]
    csv: Option<PathBuf>,
    /// Only these states (repeatable): registered, accepted, assigned, in_progress, replied, closed, rejected, void or 已办结…
    #[arg(long)]
    state: Vec<String>,
    /// Lead department (责任单位).
    #[arg(long)]
    department: Option<String>,
    #[arg(long)]
    channel: Option<String>,
    #[arg(long)]
    category: Option<String>,
    #[arg(long)]
    nature: Option<String>,
    /// Received on or after this date (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Received before this date (YYYY-MM-DD, not included).
    #[arg(long)]
    to: Option<String>,
    /// Only overdue cases.
    #[arg(long)]
    overdue: bool,
    /// Only cases escalated to the leading group.
    #[arg(long)]
    escalated: bool,
    /// Text in 登记编号, enterprise, contact, phone or summary.
    #[arg(long)]
    text: Option<String>,
}

pub fn export(ctx: &mut Ctx, a: ExportArgs) -> Result<Out, Fail> {
    let states = a
        .state
        .iter()
        .map(|s| zhitong_domain::CaseState::parse(s))
        .collect::<Result<Vec<_>, _>>()?;
    let q = CaseQuery {
        states,
        department: a.department,
        channel: a.channel,
        category: a.category,
        nature: a.nature,
        from: a
            .from
            .as_deref()
            .map(date)
            .transpose()?
            .map(zhitong_report::period::midnight),
        to: a
            .to
            .as_deref()
            .map(date)
            .transpose()?
            .map(zhitong_report::period::midnight),
        overdue: a.overdue,
        escalated: a.escalated,
        text: a.text,
        ..Default::default()
    };
    let mut text = String::new();
    let mut written = serde_json::Map::new();
    let mut tick = |done: usize, total: usize| {
        if total >= 1000 && done % 1000 == 0 {
            eprintln!("已导出 {done}/{total}");
        }
    };
    for (key, path, file) in [
        ("xlsx", &a.xlsx, LedgerFile::Xlsx),
        ("csv", &a.csv, LedgerFile::Csv),
    ] {
        let Some(p) = path else { continue };
        let n = zhitong_report::export(&ctx.ledger, &q, ctx.now, p, file, &mut tick)?;
        text += &format!("已导出 {n} 件到 {}\n", p.display());
        written.insert(key.into(), serde_json::json!({"path": p, "cases": n}));
    }
    Ok(Out::text(text, serde_json::Value::Object(written)))
}

/// What to do with a row whose 登记编号 is already another case's number.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ConflictArg {
    /// Give the row a new number; the old one is kept in the case's timeline.
    Renumber,
    /// Leave the row out.
    Skip,
}

#[derive(Args)]
pub struct ImportArgs {
    /// The ledger file: .xlsx, .xls, .ods or .csv.
    file: PathBuf,
    /// Column mapping (JSON); default: the remembered one if it fits the file, else guessed from the titles.
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// Check every row and report the bad ones; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Import the good rows, list the bad ones and write them to <file>-待修改.xlsx beside the file.
    #[arg(long)]
    skip_bad: bool,
    /// Add the 责任单位 the file names and the department list lacks.
    #[arg(long)]
    create_departments: bool,
    /// A row whose 登记编号 belongs to another case: renumber it or skip it (default: report it).
    #[arg(long, value_enum)]
    on_conflict: Option<ConflictArg>,
    /// Only show how the columns are read and the first rows.
    #[arg(long)]
    preview: bool,
    /// Worksheet to read (default: the one whose header names the most fields).
    #[arg(long)]
    sheet: Option<String>,
}

/// Where the last successful mapping is remembered.
fn remembered(ledger: &Ledger) -> PathBuf {
    ledger
        .data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(zhitong_report::REMEMBERED_MAPPING)
}

fn choose_mapping(ledger: &Ledger, a: &ImportArgs) -> Result<(ColumnMapping, String), Fail> {
    let from_file = |p: &Path| ColumnMapping::load(p);
    if let Some(p) = &a.mapping {
        let mut m = from_file(p)?;
        if a.sheet.is_some() {
            m.sheet = a.sheet.clone();
        }
        return Ok((m, format!("列对应：{}", p.display())));
    }
    let table = zhitong_report::read_table(&a.file, a.sheet.as_deref(), None)?;
    let saved = remembered(ledger);
    if let Ok(mut m) = from_file(&saved) {
        if m.problems(&table.headers).is_empty() {
            if a.sheet.is_some() {
                m.sheet = a.sheet.clone();
            }
            return Ok((m, format!("列对应：上次保存的 {}", saved.display())));
        }
    }
    let mut m = ColumnMapping::guess(&table.headers);
    m.sheet = a.sheet.clone();
    Ok((m, "列对应：按列标题自动识别".into()))
}

/// `第 3、7–9 行` for a list of row numbers (runs joined).
fn row_list(rows: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j + 1 < rows.len() && rows[j + 1] == rows[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}–{}", rows[i], rows[j])
        } else {
            rows[i].to_string()
        });
        i = j + 1;
    }
    format!("第 {} 行", parts.join("、"))
}

/// The lines that are not cases, one line per kind: `跳过 合计行：第 12、30 行`.
fn skipped_text(rows: &[NotCaseRow]) -> String {
    let mut t = String::new();
    let mut kinds: Vec<NotCaseKind> = Vec::new();
    for r in rows {
        if !kinds.contains(&r.kind) {
            kinds.push(r.kind);
        }
    }
    for k in kinds {
        let nos: Vec<usize> = rows
            .iter()
            .filter(|r| r.kind == k)
            .map(|r| r.row_number)
            .collect();
        t += &format!("  跳过{}：{}\n", k.label(), row_list(&nos));
    }
    t
}

pub fn import(ctx: &mut Ctx, a: ImportArgs) -> Result<Out, Fail> {
    let (mapping, how) = choose_mapping(&ctx.ledger, &a)?;
    if a.preview {
        let table =
            zhitong_report::read_table(&a.file, mapping.sheet.as_deref(), mapping.header_row)?;
        let p = zhitong_report::preview(&table, &mapping, 5);
        let mut t = String::new();
        if !p.note.is_empty() {
            t += &format!("{}\n", p.note);
        }
        t += &format!(
            "{how}\n标题行：第 {} 行；数据 {} 行，不是案件的 {} 行\n",
            p.header_row,
            p.total_rows,
            p.skipped.len()
        );
        t += &skipped_text(&p.skipped);
        if !p.year_note.is_empty() {
            t += &format!("{}\n", p.year_note);
        }
        for (f, h) in &mapping.columns {
            t += &format!("  {} ← {h}\n", f.label());
        }
        for (no, cells) in &p.rows {
            t += &format!("第{no}行：");
            for (f, v) in p.fields.iter().zip(cells) {
                t += &format!("{f}={v}；");
            }
            t.push('\n');
        }
        for pr in &p.problems {
            t += &format!("问题：{pr}\n");
        }
        return Ok(Out::text(
            t,
            serde_json::json!({"mapping": mapping, "preview": p}),
        ));
    }
    let op = ctx.operator()?;
    let opts = ImportOptions {
        dry_run: a.dry_run,
        skip_bad: a.skip_bad,
        source: String::new(),
        create_departments: a.create_departments,
        on_conflict: match a.on_conflict {
            None => OnConflict::Report,
            Some(ConflictArg::Renumber) => OnConflict::Renumber,
            Some(ConflictArg::Skip) => OnConflict::Skip,
        },
    };
    let mut tick = |done: usize, total: usize| {
        if total >= 500 && done % 500 == 0 {
            eprintln!("已处理 {done}/{total} 行");
        }
    };
    let report = import_file(
        &mut ctx.ledger,
        &a.file,
        &mapping,
        &opts,
        &op,
        ctx.now,
        &mut tick,
    )?;
    let mut t = format!("{how}\n{}\n", report.headline());
    for b in &report.bad {
        t += &format!("  第{}行：{}\n", b.row_number, b.reasons.join("；"));
    }
    t += &skipped_text(&report.not_cases);
    if !report.existing.is_empty() {
        let nos: Vec<usize> = report.existing.iter().map(|s| s.row_number).collect();
        t += &format!(
            "  已在台账中（登记编号、企业、反映时间都相同），不重复导入：{}\n",
            row_list(&nos)
        );
    }
    for c in &report.conflicts {
        t += &format!(
            "  第{}行：登记编号“{}”已属于台账中另一件案件（{}）{}\n",
            c.row_number,
            c.reg_no,
            c.existing,
            if !c.renumbered_as.is_empty() {
                format!("，改编为 {}，原编号记入备注", c.renumbered_as)
            } else if matches!(opts.on_conflict, OnConflict::Skip) {
                "，已跳过".to_string()
            } else {
                "；可加 --on-conflict renumber 改用新编号，或 --on-conflict skip 跳过".to_string()
            }
        );
    }
    if !report.missing_departments.is_empty() {
        t += "  加 --create-departments 可在导入时添加缺少的部门\n";
    }
    if !report.problems_file.is_empty() {
        t += &format!(
            "有问题的 {} 行已写入 {}，修改后可再次导入\n",
            report.bad.len(),
            report.problems_file
        );
    }
    if report.committed {
        let saved = remembered(&ctx.ledger);
        if mapping.save(&saved).is_ok() {
            t += &format!(
                "列对应已保存，下次导入同样格式的文件时自动使用：{}\n",
                saved.display()
            );
        }
    }
    let json = serde_json::json!({"mapping": mapping, "report": report});
    if !report.committed && !report.dry_run {
        let mut f = Fail::new("import.bad_rows", report.headline());
        f.issues = report
            .bad
            .iter()
            .map(|b| {
                zhitong_domain::FieldIssue::new(
                    format!("第{}行", b.row_number),
                    b.reasons.join("；"),
                )
            })
            .collect();
        return Err(f);
    }
    Ok(Out::text(t, json))
}
