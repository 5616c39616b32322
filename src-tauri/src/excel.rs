//! The ledger in and out of Excel/CSV from the desktop: the import dialog's commands
//! (inspect a file, preview a mapping, dry run, import) and the export of the ledger
//! list as filtered on screen. Guarantees: each command converts its input and calls one
//! zhitong-report function with the shell's clock; long runs report progress as
//! `excel://progress` events (`{job, done, total}`, about one per percent and always the
//! last row); an import writes nothing on a dry run or, unless the clerk chose to skip
//! bad rows, when any row is bad, and re-importing a file adds nothing (the library
//! de-duplicates); the mapping of an import that wrote is remembered in the data folder
//! (the same file the CLI uses); only files this session exported can be opened here.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Runtime, State};
use ts_rs::TS;
use zhitong_report::{ColumnMapping, Inspection, LedgerFile, Preview, ReportError};
use zhitong_store::{CaseQuery, ImportOptions, ImportReport, Ledger, OnConflict};

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

type S<'a> = State<'a, AppState>;

/// The event the UI listens to for progress bars.
pub const PROGRESS_EVENT: &str = "excel://progress";

/// Rows shown in the import dialog's preview.
pub const PREVIEW_ROWS: usize = 10;

/// Which long run a progress event belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "bindings/")]
pub enum ExcelJob {
    /// The import's dry run (检查).
    Check,
    Import,
    Export,
}

/// Payload of [`PROGRESS_EVENT`]: `done` of `total` rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export_to = "bindings/")]
pub struct ExcelProgress {
    pub job: ExcelJob,
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "bindings/")]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
        }
    }
}

/// A finished export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export_to = "bindings/")]
pub struct ExportDone {
    /// The file written (with its extension added when the save dialog left it off).
    pub path: String,
    /// Cases written.
    pub cases: usize,
}

fn report_error(e: ReportError) -> ApiError {
    match e {
        ReportError::Store(s) => ApiError::from(s),
        e => ApiError::new(e.code(), e.to_string()),
    }
}

/// A progress callback that emits [`PROGRESS_EVENT`] about once per percent.
fn reporter<R: Runtime>(app: &AppHandle<R>, job: ExcelJob) -> impl FnMut(usize, usize) + '_ {
    let mut next = 0usize;
    move |done, total| {
        if done >= next || done == total {
            next = done + (total / 100).max(1);
            if let Err(e) = app.emit(PROGRESS_EVENT, ExcelProgress { job, done, total }) {
                tracing::warn!(error = %e, "progress event not sent");
            }
        }
    }
}

fn remembered(l: &Ledger) -> Option<PathBuf> {
    l.data_dir()
        .map(|d| d.join(zhitong_report::REMEMBERED_MAPPING))
}

// ---- import ------------------------------------------------------------------------

/// A ledger file's sheets and column titles, with the mapping to propose: the one
/// remembered from the last import if it fits the file, else guessed from the titles.
#[tauri::command(async, rename_all = "snake_case")]
pub fn import_inspect(state: S<'_>, path: PathBuf, sheet: Option<String>) -> ApiResult<Inspection> {
    let saved = state.with(|l, _| Ok(remembered(l)))?;
    zhitong_report::inspect(&path, sheet.as_deref(), saved.as_deref()).map_err(report_error)
}

/// The first rows of the file as `mapping` reads them, with the mapping's problems.
#[tauri::command(async, rename_all = "snake_case")]
pub fn import_preview(path: PathBuf, mapping: ColumnMapping) -> ApiResult<Preview> {
    zhitong_report::preview_file(&path, &mapping, PREVIEW_ROWS).map_err(report_error)
}

/// Checks (`dry_run`) or imports the file. Without `skip_bad` any bad row means nothing
/// is written; with it the good rows are written, the bad ones listed and saved beside
/// the file to fix. `create_departments` adds the 责任单位 the department list lacks;
/// `on_conflict` is the clerk's choice for rows whose 登记编号 is another case's.
#[allow(clippy::too_many_arguments)]
#[tauri::command(async, rename_all = "snake_case")]
pub fn import_run<R: Runtime>(
    app: AppHandle<R>,
    state: S<'_>,
    operator: String,
    path: PathBuf,
    mapping: ColumnMapping,
    dry_run: bool,
    skip_bad: bool,
    create_departments: Option<bool>,
    on_conflict: Option<OnConflict>,
) -> ApiResult<ImportReport> {
    let opts = ImportOptions {
        dry_run,
        skip_bad,
        source: String::new(),
        create_departments: create_departments.unwrap_or(false),
        on_conflict: on_conflict.unwrap_or_default(),
    };
    let job = if dry_run {
        ExcelJob::Check
    } else {
        ExcelJob::Import
    };
    let mut tick = reporter(&app, job);
    let (report, saved) = state.acting(&operator, |l, op, now| {
        let r = zhitong_report::import::import_file(l, &path, &mapping, &opts, op, now, &mut tick);
        Ok((r, remembered(l)))
    })?;
    let report = report.map_err(report_error)?;
    if report.committed {
        if let Some(p) = saved {
            if let Err(e) = mapping.save(&p) {
                tracing::warn!(error = %e, "import mapping not remembered");
            }
        }
    }
    Ok(report)
}

// ---- export ------------------------------------------------------------------------

fn with_extension(path: PathBuf, format: ExportFormat) -> PathBuf {
    let ext = format.extension();
    match path.extension() {
        Some(e) if e.eq_ignore_ascii_case(ext) => path,
        _ => {
            let mut s = path.into_os_string();
            s.push(".");
            s.push(ext);
            PathBuf::from(s)
        }
    }
}

/// Writes every case matching `query` (the ledger list's filter and sort; paging is
/// ignored) to `path` as XLSX or CSV.
#[tauri::command(async, rename_all = "snake_case")]
pub fn export_ledger<R: Runtime>(
    app: AppHandle<R>,
    state: S<'_>,
    query: CaseQuery,
    path: PathBuf,
    format: ExportFormat,
) -> ApiResult<ExportDone> {
    let path = with_extension(path, format);
    let mut tick = reporter(&app, ExcelJob::Export);
    let cases = state
        .with(|l, now| {
            let file = match format {
                ExportFormat::Xlsx => LedgerFile::Xlsx,
                ExportFormat::Csv => LedgerFile::Csv,
            };
            Ok(zhitong_report::export(
                l, &query, now, &path, file, &mut tick,
            ))
        })?
        .map_err(report_error)?;
    state.exported(path.clone());
    Ok(ExportDone {
        path: path.display().to_string(),
        cases,
    })
}

/// Opens a file exported in this session (`folder`: shows it in its folder instead).
#[tauri::command(rename_all = "snake_case")]
pub fn open_export<R: Runtime>(
    app: AppHandle<R>,
    state: S<'_>,
    path: PathBuf,
    folder: bool,
) -> ApiResult<()> {
    if !state.was_exported(&path) {
        return Err(ApiError::new(
            "file.not_exported",
            format!("只能打开本次导出的文件：{}", path.display()),
        ));
    }
    if !folder {
        return crate::commands::open_path(&app, &path);
    }
    tauri_plugin_opener::reveal_item_in_dir(&path).or_else(|e| {
        tracing::warn!(error = %e, "reveal in folder failed; opening the folder");
        let dir = path.parent().unwrap_or(Path::new("."));
        crate::commands::open_path(&app, dir)
    })
}
