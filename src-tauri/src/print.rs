//! Printing: renders a case's documents (登记表, 交办单, 函, 催办单, 督办函, 不予受理告知书,
//! 答复告知书), the day's assignment sheets, a meeting's 会议纪要 or the 督办看板 through the print crate, writes the PDF
//! under the ledger's folder (`prints/`) and hands the path back for the system viewer.
//! Guarantees: the PDF is made by the print crate (seed forms, GB/T 9704 letter layout,
//! embedded font subsets), never a screenshot of the page; fonts load once per session
//! (kept in the app state).

use std::path::{Path, PathBuf};

use zhitong_calendar::Calendar;
use zhitong_domain::schedule::Board;
use zhitong_domain::{Case, Instant, Settings};
use zhitong_print::ledger::{self, DocKind};
use zhitong_print::Fonts;

use crate::error::{ApiError, ApiResult};

fn print_error(e: zhitong_print::PrintError) -> ApiError {
    ApiError::new(e.code(), e.to_string())
}

pub(crate) fn write(dir: &Path, name: &str, bytes: &[u8]) -> ApiResult<PathBuf> {
    std::fs::create_dir_all(dir)
        .map_err(|e| ApiError::new("file.write", format!("无法创建 {}：{e}", dir.display())))?;
    let name: String = name
        .chars()
        .map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect();
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|e| {
        ApiError::new(
            "file.write",
            format!(
                "无法写入 {}：{e}（磁盘已满或文件正被打开？）",
                path.display()
            ),
        )
    })?;
    Ok(path)
}

/// Renders one document of `case` to a PDF file in `dir` (the 催办单/督办函 name who
/// answers for the department, from `departments`).
#[allow(clippy::too_many_arguments)]
pub fn render(
    kind: DocKind,
    case: &Case,
    settings: &Settings,
    calendar: &Calendar,
    departments: &[zhitong_domain::Department],
    fonts: &Fonts,
    now: Instant,
    dir: &Path,
) -> ApiResult<PathBuf> {
    let bytes = ledger::render_with(kind, case, settings, calendar, departments, fonts, now)
        .map_err(print_error)?;
    write(
        dir,
        &format!("{}-{}.pdf", case.reg_no, kind.label()),
        &bytes,
    )
}

/// All assignment sheets of `cases` (a day's batch for signing) as one PDF in `dir`.
pub fn render_assignments(
    cases: &[Case],
    settings: &Settings,
    fonts: &Fonts,
    day: chrono::NaiveDate,
    dir: &Path,
) -> ApiResult<PathBuf> {
    if cases.is_empty() {
        return Err(ApiError::new(
            "print.empty",
            format!("{day} 没有交办的案件，无交办单可打印"),
        ));
    }
    let bytes = ledger::render_assignments(cases, settings, fonts).map_err(print_error)?;
    write(dir, &format!("{day}-交办单-{}份.pdf", cases.len()), &bytes)
}

/// 会议纪要 of `meeting` as a PDF in `dir`.
pub fn render_minutes(
    meeting: &zhitong_domain::Meeting,
    settings: &Settings,
    fonts: &Fonts,
    dir: &Path,
) -> ApiResult<PathBuf> {
    let bytes = ledger::render_minutes(meeting, settings, fonts).map_err(print_error)?;
    write(dir, &format!("{}.pdf", meeting.title()), &bytes)
}

/// The 督办看板 as an A4 landscape PDF in `dir` (every overdue and nearly-due case by
/// department, the park's name, the time and page numbers on every page), named by the
/// time it was taken so an earlier meeting's copy is kept.
pub fn render_board(
    board: &Board,
    settings: &Settings,
    fonts: &Fonts,
    dir: &Path,
) -> ApiResult<PathBuf> {
    let header = zhitong_print::board::BoardHeader {
        park: settings.park_name.clone(),
    };
    let bytes = zhitong_print::board::render(board, &header, fonts).map_err(print_error)?;
    write(
        dir,
        &format!("督办看板-{}.pdf", board.at.format("%Y-%m-%d-%H%M")),
        &bytes,
    )
}
