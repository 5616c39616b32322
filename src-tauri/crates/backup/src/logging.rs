//! Logs and crash reports in `<data dir>/logs/`: [`init_logging`] sends `tracing` output
//! to daily files `zhitong.YYYY-MM-DD.log` (the newest [`KEEP_LOG_FILES`] are kept), and
//! [`install_panic_hook`] writes one `panic-YYYYMMDD-HHMMSS-<pid>.txt` per panic with the
//! message, place and backtrace — so the park's IT person has something to send us.
//! [`unacknowledged_panics`] lists the reports nobody has seen yet (newer than the one
//! recorded by [`acknowledge_panics`] in `<data dir>/panic-acknowledged.txt`), so the app
//! can say on its next start that a report was written. Reports are never deleted here.
//! Log lines never contain PINs; case contents are not logged (PIPL).

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::Serialize;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use ts_rs::TS;
use zhitong_domain::Instant;

use crate::{Result, SafetyError};

/// Daily log files kept.
pub const KEEP_LOG_FILES: usize = 30;

/// `<data dir>/logs`.
pub fn logs_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// Keeps the background log writer alive; drop it last (it flushes on drop).
pub struct LogGuard {
    _guard: WorkerGuard,
}

/// Sends `tracing` events (level from `RUST_LOG`, default `info`) to rotating daily
/// files in `<data dir>/logs/`. Keep the returned guard for the life of the program.
/// If a global subscriber is already set, the files are still created but events keep
/// going to the existing subscriber.
pub fn init_logging(data_dir: &Path) -> Result<LogGuard> {
    let dir = logs_dir(data_dir);
    std::fs::create_dir_all(&dir).map_err(|e| SafetyError::io(&dir, e))?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("zhitong")
        .filename_suffix("log")
        .max_log_files(KEEP_LOG_FILES)
        .build(&dir)
        .map_err(|e| SafetyError::Io {
            path: dir.clone(),
            message: format!("无法创建日志文件：{e}"),
        })?;
    // The writer thread's queue: 8 192 lines is far more than the app logs in a burst
    // (the default, 128 000, reserves 4 MB up front); when full, logging waits rather
    // than dropping lines, since the log is what the IT person reads after a problem.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(8_192)
        .lossy(false)
        .finish(appender);
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init();
    Ok(LogGuard { _guard: guard })
}

/// Installs a panic hook that writes a report file into `logs_dir` (created if needed)
/// and logs the panic, then runs the previous hook. `clock` gives the time for the
/// file name (the shell passes its clock; nothing below the shell reads it).
pub fn install_panic_hook(logs_dir: PathBuf, clock: fn() -> Instant) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let at = clock().with_timezone(&zhitong_domain::china());
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "（无文字说明）".into());
        let place = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        let thread = std::thread::current()
            .name()
            .unwrap_or("unnamed")
            .to_string();
        let backtrace = std::backtrace::Backtrace::force_capture();
        tracing::error!(%message, %place, %thread, "panic");
        let report = format!(
            "企服直通 {} 程序异常报告\n时间：{}\n线程：{thread}\n位置：{place}\n信息：{message}\n\n请将此文件发给系统维护人员。台账数据在每次保存时已写入磁盘，不受此异常影响。\n\nbacktrace:\n{backtrace}\n",
            env!("CARGO_PKG_VERSION"),
            at.format("%Y-%m-%d %H:%M:%S%:z"),
        );
        let name = format!(
            "panic-{}-{}.txt",
            at.format("%Y%m%d-%H%M%S"),
            std::process::id()
        );
        let _ = std::fs::create_dir_all(&logs_dir);
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(logs_dir.join(name))
        {
            let _ = f.write_all(report.as_bytes());
            let _ = f.sync_all();
        }
        previous(info);
    }));
}

/// Where the newest acknowledged panic report is recorded, in the data folder.
const PANIC_ACK: &str = "panic-acknowledged.txt";

/// One panic report file in `<data dir>/logs/`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PanicReport {
    #[ts(type = "string")]
    pub path: PathBuf,
    pub file_name: String,
    /// Local time of the panic, from the file name.
    #[ts(type = "string | null")]
    pub at: Option<NaiveDateTime>,
    /// The report's 信息 line (the panic message), at most 200 characters.
    pub message: String,
}

/// Sort key of a report name `panic-YYYYMMDD-HHMMSS-<pid>.txt`: its time, then the name.
fn panic_key(name: &str) -> Option<(NaiveDateTime, String)> {
    let rest = name.strip_prefix("panic-")?.strip_suffix(".txt")?;
    let at = NaiveDateTime::parse_from_str(rest.get(..15)?, "%Y%m%d-%H%M%S").ok()?;
    Some((at, name.to_string()))
}

/// Every panic report in the logs folder, oldest first.
fn panic_reports(data_dir: &Path) -> Result<Vec<PanicReport>> {
    let dir = logs_dir(data_dir);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(SafetyError::io(&dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| SafetyError::io(&dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((at, _)) = panic_key(&name) else {
            continue;
        };
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let message = text
            .lines()
            .find_map(|l| l.strip_prefix("信息："))
            .unwrap_or("")
            .chars()
            .take(200)
            .collect();
        out.push(PanicReport {
            path: entry.path(),
            file_name: name,
            at: Some(at),
            message,
        });
    }
    out.sort_by_key(|r| panic_key(&r.file_name));
    Ok(out)
}

/// The name of the newest acknowledged report, if any.
fn acknowledged(data_dir: &Path) -> Option<(NaiveDateTime, String)> {
    let text = std::fs::read_to_string(data_dir.join(PANIC_ACK)).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("last="))
        .and_then(|n| panic_key(n.trim()))
}

/// Panic reports newer than the newest acknowledged one, oldest first (all of them when
/// none was acknowledged yet).
pub fn unacknowledged_panics(data_dir: &Path) -> Result<Vec<PanicReport>> {
    let seen = acknowledged(data_dir);
    Ok(panic_reports(data_dir)?
        .into_iter()
        .filter(|r| match &seen {
            Some(s) => panic_key(&r.file_name).is_some_and(|k| k > *s),
            None => true,
        })
        .collect())
}

/// Records that every panic report present now has been seen: the newest report's name
/// and `now` go to `<data dir>/panic-acknowledged.txt` (written whole, then renamed).
/// Returns how many reports were newly acknowledged.
pub fn acknowledge_panics(data_dir: &Path, now: Instant) -> Result<usize> {
    let fresh = unacknowledged_panics(data_dir)?;
    let Some(newest) = fresh.last() else {
        return Ok(0);
    };
    let path = data_dir.join(PANIC_ACK);
    let partial = data_dir.join(format!("{PANIC_ACK}.partial"));
    let text = format!(
        "last={}\nat={}\n",
        newest.file_name,
        now.with_timezone(&zhitong_domain::china()).to_rfc3339()
    );
    std::fs::write(&partial, text).map_err(|e| SafetyError::io(&partial, e))?;
    std::fs::rename(&partial, &path).map_err(|e| SafetyError::io(&path, e))?;
    Ok(fresh.len())
}
