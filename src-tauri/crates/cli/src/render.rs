//! `zhitong render …`: prints a case's documents to PDF (登记表, 交办单, 函, 催办单,
//! 督办函, 不予受理告知书, 答复告知书), the day's assignment sheets as one file, and the
//! overdue board (督办看板, A4 landscape, as of `--at`).

use std::path::PathBuf;

use clap::Args;
use zhitong_print::ledger::{self, DocKind};

use crate::out::{Fail, Out};
use crate::Ctx;

#[derive(Args)]
pub struct RenderArgs {
    /// registration | assignment | letter | urge | supervision | rejection | reply | assignments | board | minutes
    what: String,
    /// 登记编号 (or its number: this year's first) or 交办编号 (not for `assignments`, `board`);
    /// for `minutes`, the meeting's number (`zhitong meeting list`).
    id: Option<String>,
    /// For `assignments`: every sheet assigned on this date (YYYY-MM-DD).
    #[arg(long)]
    date: Option<String>,
    #[arg(long)]
    out: PathBuf,
}

impl From<zhitong_print::PrintError> for Fail {
    fn from(e: zhitong_print::PrintError) -> Self {
        Fail::new(e.code(), e.to_string())
    }
}

pub fn run(ctx: &mut Ctx, a: RenderArgs) -> Result<Out, Fail> {
    let settings = ctx.ledger.settings()?;
    let fonts = zhitong_print::Fonts::load_system()?;
    let (bytes, what) = if a.what == "board" {
        let board = ctx.ledger.board(ctx.now)?;
        let header = zhitong_print::board::BoardHeader {
            park: settings.park_name.clone(),
        };
        (
            zhitong_print::board::render(&board, &header, &fonts)?,
            format!(
                "督办看板（逾期 {} 件，即将到期 {} 件）",
                board.overdue, board.nearly_due
            ),
        )
    } else if a.what == "minutes" {
        let id = a
            .id
            .as_deref()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .ok_or_else(|| Fail::usage("请给出会议编号（zhitong meeting list 第一列），如 render minutes 1 --out 纪要.pdf"))?;
        let m = ctx.ledger.meeting(id)?;
        (ledger::render_minutes(&m, &settings, &fonts)?, m.title())
    } else if a.what == "assignments" {
        let date = a
            .date
            .as_deref()
            .ok_or_else(|| Fail::usage("请用 --date YYYY-MM-DD 指明交办日期"))?;
        let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .map_err(|_| Fail::usage(format!("日期“{date}”格式不对，应为 YYYY-MM-DD")))?;
        let cases = ctx.ledger.cases_assigned_on(d)?;
        if cases.is_empty() {
            return Err(Fail::new(
                "render.empty",
                format!("{d} 没有交办的案件，无交办单可打印"),
            ));
        }
        (
            ledger::render_assignments(&cases, &settings, &fonts)?,
            format!("{d} 交办单 {} 份", cases.len()),
        )
    } else {
        let kind = DocKind::parse(&a.what).ok_or_else(|| {
            Fail::usage(format!(
                "文书“{}”无效，可选：registration、assignment、letter、urge、supervision、rejection、reply、assignments、board、minutes",
                a.what
            ))
        })?;
        let id =
            a.id.as_deref()
                .ok_or_else(|| Fail::usage("请给出案件编号或登记编号"))?;
        let case = ctx.ledger.case_by_ref(id)?;
        let cal = ctx.ledger.calendar()?;
        (
            ledger::render_with(
                kind,
                &case,
                &settings,
                &cal,
                &ctx.ledger.departments()?,
                &fonts,
                ctx.now,
            )?,
            format!("{} {}", case.reg_no, kind.label()),
        )
    };
    std::fs::write(&a.out, &bytes)
        .map_err(|e| Fail::new("io", format!("无法写入 {}：{e}", a.out.display())))?;
    Ok(Out::text(
        format!(
            "已生成 {what}：{}（{} KB）",
            a.out.display(),
            bytes.len() / 1024
        ),
        serde_json::json!({"path": a.out, "bytes": bytes.len()}),
    ))
}
