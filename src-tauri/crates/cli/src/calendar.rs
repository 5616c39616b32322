//! `zhitong calendar …`: deadlines and working days as the clerk would ask about them,
//! and the import/export of a year's holiday schedule.

use std::path::PathBuf;

use clap::Subcommand;
use zhitong_calendar::{Span, Unit};

use crate::out::{Fail, Out};
use crate::{parse_time, Ctx};

#[derive(Subcommand)]
pub enum CalendarCmd {
    /// The deadline of a limit: `calendar due --from 2026-09-30T10:00:00+08:00 --working-days 5`.
    Due {
        #[arg(long)]
        from: String,
        #[arg(long, conflicts_with_all = ["days", "hours"])]
        working_days: Option<u32>,
        #[arg(long, conflicts_with = "hours")]
        days: Option<u32>,
        #[arg(long)]
        hours: Option<u32>,
    },
    /// Whether a date is a working day and why.
    Day { date: String },
    /// Import a year: holiday-cn JSON, or CSV `date,holiday|workday,name` (needs --year).
    Import {
        file: PathBuf,
        #[arg(long)]
        year: Option<i32>,
    },
    /// Export a year as CSV (or holiday-cn JSON with --json).
    Export { year: i32 },
}

pub fn run(ctx: &mut Ctx, c: CalendarCmd) -> Result<Out, Fail> {
    let cal = ctx.ledger.calendar()?;
    match c {
        CalendarCmd::Due {
            from,
            working_days,
            days,
            hours,
        } => {
            let span = match (working_days, days, hours) {
                (Some(n), _, _) => Span {
                    amount: n,
                    unit: Unit::WorkingDays,
                },
                (_, Some(n), _) => Span {
                    amount: n,
                    unit: Unit::Days,
                },
                (_, _, Some(n)) => Span {
                    amount: n,
                    unit: Unit::Hours,
                },
                _ => {
                    return Err(Fail::usage(
                        "请给出时限：--working-days N、--days N 或 --hours N",
                    ))
                }
            };
            let from = parse_time(&from)?;
            let settings = ctx.ledger.settings()?;
            let due = zhitong_calendar::due(&cal, from, span, settings.day_end_time());
            let text = format!(
                "{}{}",
                due.at.format("%Y-%m-%d %H:%M:%S%:z"),
                if due.provisional {
                    "（暂定：涉及尚未导入节假日安排的年份）"
                } else {
                    ""
                }
            );
            Ok(Out::text(
                text,
                serde_json::json!({"due": due.at.format("%Y-%m-%dT%H:%M:%S%:z").to_string(), "provisional": due.provisional}),
            ))
        }
        CalendarCmd::Day { date } => {
            let d = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
                .map_err(|_| Fail::usage(format!("日期“{date}”格式不对，应为 YYYY-MM-DD")))?;
            let info = cal.day(d);
            let reason = info.reason.to_string();
            Ok(Out::text(
                format!(
                    "{d} {}：{}（{reason}）{}",
                    zhitong_calendar::weekday_label(d),
                    if info.working {
                        "工作日"
                    } else {
                        "休息日"
                    },
                    if info.provisional {
                        "，该年节假日安排尚未导入，按周一至周五推算"
                    } else {
                        ""
                    }
                ),
                serde_json::json!({"date": d.to_string(), "working": info.working, "reason": reason, "provisional": info.provisional}),
            ))
        }
        CalendarCmd::Import { file, year } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Fail::new("io", format!("无法读取 {}：{e}", file.display())))?;
            if year.is_none()
                && !text
                    .trim_start_matches('\u{feff}')
                    .trim_start()
                    .starts_with('{')
            {
                return Err(Fail::usage("导入 CSV 时请用 --year 指明年份"));
            }
            let zhitong_calendar::YearTable { year, marks } =
                zhitong_calendar::parse_year_file(&text, year)?;
            let n = marks.len();
            let op = ctx.admin("导入节假日安排")?;
            let moved = ctx.ledger.import_calendar_year(
                year,
                marks,
                &file.display().to_string(),
                &op,
                ctx.now,
            )?;
            Ok(Out::text(
                format!("已导入{year}年节假日安排：{n} 个调整日；{moved} 个未到期时限随之重算"),
                serde_json::json!({"year": year, "days": n, "deadlines_moved": moved}),
            ))
        }
        CalendarCmd::Export { year } => {
            let marks = cal.marks(year);
            if ctx.json {
                let v: serde_json::Value =
                    serde_json::from_str(&zhitong_calendar::to_holiday_cn_json(year, &marks))?;
                Ok(Out::text(String::new(), v))
            } else {
                Ok(Out::text(
                    zhitong_calendar::to_csv(&marks),
                    serde_json::Value::Null,
                ))
            }
        }
    }
}
