//! The app's managed state: the open ledger behind a mutex and the clock. Guarantees
//! every command runs with the ledger locked for the whole call, so each store
//! function sees and writes a consistent ledger; a poisoned lock becomes an error, not
//! a crash. Administrator-only changes and restores pass `Ledger::require_admin` under
//! the same lock as the change itself. What a session keeps besides the ledger (the
//! passphrase of an encrypted ledger, the loaded fonts, the files exported, the session
//! marker) lives here too, not in statics.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::Duration;

use zhitong_print::Fonts;

use zhitong_domain::Instant;
use zhitong_store::cipher::Key;
use zhitong_store::{Admin, Ledger, Operator, StoreError};

use tauri::ipc::{CommandArg, CommandItem, InvokeError};
use tauri::Runtime;

use crate::clock::Clock;
use crate::error::{ApiError, ApiResult};

/// Who asks for an administrator-only change: the `operator` and `pin` arguments of the
/// command, read as one value so that each such command names them once.
#[derive(Debug, Clone)]
pub struct Login {
    pub operator: String,
    pub pin: String,
}

impl<'de, R: Runtime> CommandArg<'de, R> for Login {
    fn from_command(c: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        let arg = |key: &'static str| {
            String::from_command(CommandItem {
                plugin: c.plugin,
                name: c.name,
                key,
                message: c.message,
                acl: c.acl,
            })
        };
        Ok(Login {
            operator: arg("operator")?,
            pin: arg("pin")?,
        })
    }
}

/// How long the start-up work that waits for the window's first paint waits at most.
pub const FIRST_PAINT_LIMIT: Duration = Duration::from_secs(10);

pub struct AppState {
    /// The open ledger, or why it could not be opened (damaged, missing, locked…):
    /// the app still starts and shows that message with its recovery path.
    ledger: Mutex<Result<Ledger, Startup>>,
    clock: Clock,
    /// The system's CJK fonts, loaded when a document first needs them.
    fonts: OnceLock<Result<Fonts, String>>,
    /// Files exported in this session: the only ones the app opens for the user.
    exported: Mutex<HashSet<PathBuf>>,
    /// This session's marker; removed when the app ends normally.
    session: Mutex<Option<zhitong_backup::Session>>,
    /// The passphrase of the encrypted ledger once unlocked in this session (the open
    /// ledger holds it too); kept when damage takes the ledger out of use, so recovering
    /// from its encrypted backups asks for nothing again.
    key: Mutex<Option<Key>>,
    /// Whether the window has painted its first view yet.
    first_paint: FirstPaint,
}

/// Opened once, when the window has painted its first view (the `painted` command).
/// The start-up work that can wait (the first scheduler tick, the full integrity check,
/// the start-of-day backup) waits for it, so none of it competes with WebKit for the
/// two cores while the window comes up.
#[derive(Default)]
struct FirstPaint {
    painted: Mutex<bool>,
    cv: Condvar,
}

/// A ledger that failed its start-up checks, and the newest good backup if any.
#[derive(Debug, Clone)]
pub struct Startup {
    pub error: ApiError,
    pub path: std::path::PathBuf,
    pub backup: Option<std::path::PathBuf>,
}

impl Startup {
    /// The ledger at `path` out of use because of `e`; the message names the newest good
    /// backup, which 从备份恢复 then uses.
    pub fn failed(e: &zhitong_backup::SafetyError, path: PathBuf) -> Startup {
        let backup = e.recovery().map(|b| b.path.clone());
        let mut message = e.to_string();
        if let Some(b) = &backup {
            message.push_str(&format!("。可点击“从备份恢复”使用 {}", b.display()));
        }
        Startup {
            error: ApiError::new(e.code(), message),
            path,
            backup,
        }
    }
}

impl AppState {
    pub fn new(ledger: Ledger, clock: Clock) -> Self {
        AppState::with_ledger(Ok(ledger), clock)
    }

    fn with_ledger(ledger: Result<Ledger, Startup>, clock: Clock) -> Self {
        AppState {
            ledger: Mutex::new(ledger),
            clock,
            fonts: OnceLock::new(),
            exported: Mutex::new(HashSet::new()),
            session: Mutex::new(None),
            key: Mutex::new(None),
            first_paint: FirstPaint::default(),
        }
    }

    /// The window has painted its first view: what waits for it may go. Later calls
    /// (a reload of the page) change nothing.
    pub fn painted(&self) {
        if let Ok(mut p) = self.first_paint.painted.lock() {
            if !*p {
                tracing::info!("the window painted its first view");
            }
            *p = true;
        }
        self.first_paint.cv.notify_all();
    }

    /// Waits until the window has painted its first view, or `limit` has passed (a
    /// window that never reports, or a start-up error page); says whether it painted.
    pub fn wait_for_first_paint(&self, limit: Duration) -> bool {
        let Ok(guard) = self.first_paint.painted.lock() else {
            return false;
        };
        match self
            .first_paint
            .cv
            .wait_timeout_while(guard, limit, |painted| !*painted)
        {
            Ok((painted, _)) => *painted,
            Err(_) => false,
        }
    }

    /// The app without a usable ledger: every command answers with the start-up error.
    pub fn unavailable(startup: Startup, clock: Clock) -> Self {
        AppState::with_ledger(Err(startup), clock)
    }

    /// The system's CJK fonts, loaded on first use (once per session) and shared by
    /// every document and report.
    pub fn fonts(&self) -> ApiResult<&Fonts> {
        self.fonts
            .get_or_init(|| Fonts::load_system().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| ApiError::new("print.fonts", format!("找不到打印所需的中文字体：{e}")))
    }

    /// Notes a file exported in this session.
    pub fn exported(&self, path: PathBuf) {
        if let Ok(mut set) = self.exported.lock() {
            set.insert(path);
        }
    }

    /// Whether `path` was exported in this session.
    pub fn was_exported(&self, path: &Path) -> bool {
        self.exported.lock().is_ok_and(|s| s.contains(path))
    }

    /// Starts the session marker of the open ledger; says whether the last session on
    /// it ended without closing the app normally.
    pub fn begin_session(&self) -> Option<zhitong_backup::Unclean> {
        let path = self.ledger_path().ok()?;
        let (session, unclean) = zhitong_backup::begin_session(&path, self.now());
        if let Ok(mut s) = self.session.lock() {
            *s = Some(session);
        }
        unclean
    }

    /// Ends the session normally: the marker is removed.
    pub fn end_session(&self) {
        if let Ok(mut s) = self.session.lock() {
            s.take();
        }
    }

    /// The passphrase of the open (or last open) encrypted ledger; `None` for plaintext.
    pub fn key(&self) -> Option<Key> {
        if let Ok(Ok(l)) = self.ledger.lock().as_deref() {
            return l.key().cloned();
        }
        self.key.lock().ok()?.clone()
    }

    /// Remembers the passphrase `ledger` was opened with for the rest of the session.
    fn keep_key(&self, ledger: &Ledger) {
        if let Ok(mut k) = self.key.lock() {
            *k = ledger.key().cloned();
        }
    }

    /// The open ledger's file and passphrase, for work on connections of its own.
    fn open_file(&self) -> Option<(PathBuf, Option<Key>)> {
        match self.ledger.lock().ok()?.as_ref() {
            Ok(l) => Some((l.path()?.to_path_buf(), l.key().cloned())),
            Err(_) => None,
        }
    }

    /// The full integrity check of the open ledger, run on a read-only connection of its
    /// own so that the app keeps working meanwhile. Damage found takes the ledger out of
    /// use: every command then answers with the damage and its recovery path, and the
    /// error is returned for the window to show.
    pub fn verify_integrity(&self) -> Option<ApiError> {
        let (path, key) = self.open_file()?;
        let found = match zhitong_backup::check(&path, key.as_ref()) {
            Ok(_) => {
                tracing::info!(path = %path.display(), "background integrity check passed");
                return None;
            }
            Err(e) if e.code() == "ledger.damaged" => e,
            Err(e) => {
                tracing::warn!(error = %e, "background integrity check could not run");
                return None;
            }
        };
        tracing::error!(error = %found, "background integrity check found damage");
        let startup = Startup::failed(&found, path);
        let error = startup.error.clone();
        let mut guard = self.ledger.lock().ok()?;
        if let Ok(l) = &*guard {
            self.keep_key(l);
        }
        *guard = Err(startup);
        Some(error)
    }

    /// Replaces a damaged or missing ledger with the newest good backup (the damaged
    /// file is kept beside it by the backup crate).
    pub fn recover(&self) -> ApiResult<String> {
        let now = self.now();
        let mut guard = self.ledger.lock().map_err(|_| poisoned())?;
        let startup = match &*guard {
            Ok(_) => return Err(ApiError::new("ledger.ok", "台账完好，无需恢复")),
            Err(s) => s.clone(),
        };
        let backup = startup.backup.clone().ok_or_else(|| {
            ApiError::new(
                "backup.none",
                "没有可用的备份，请联系管理员检查台账文件，不要删除或覆盖它",
            )
        })?;
        let key = self.key.lock().map_err(|_| poisoned())?.clone();
        let mut ledger = zhitong_backup::recover(&startup.path, &backup, key.as_ref(), now)
            .map_err(|e| ApiError::new(e.code(), e.to_string()))?;
        ledger.init(now)?;
        tracing::warn!(backup = %backup.display(), "ledger recovered from backup");
        *guard = Ok(ledger);
        Ok(backup.display().to_string())
    }

    /// Replaces the open ledger's content with `backup` for administrator `operator`
    /// (checked with `pin`): the backup is verified and the current ledger saved as a
    /// safety copy first (`zhitong_backup::restore`); the ledger in this state is the
    /// restored one afterwards.
    pub fn restore_from(
        &self,
        login: &Login,
        backup: &Path,
    ) -> ApiResult<zhitong_backup::RestoreReport> {
        require_operator(&login.operator)?;
        let now = self.now();
        let mut guard = self.ledger.lock().map_err(|_| poisoned())?;
        let ledger = match &mut *guard {
            Ok(l) => l,
            Err(startup) => return Err(startup.error.clone()),
        };
        let admin = ledger.require_admin(&login.operator, &login.pin, "恢复台账")?;
        zhitong_backup::restore(ledger, backup, now, &admin).map_err(crate::safety::safety_error)
    }

    /// Opens an encrypted ledger that start-up found locked, with `passphrase`. A wrong
    /// passphrase leaves the app locked and says so.
    pub fn unlock(&self, passphrase: &str) -> ApiResult<()> {
        let now = self.now();
        let mut guard = self.ledger.lock().map_err(|_| poisoned())?;
        let startup = match &*guard {
            Ok(_) => return Ok(()),
            Err(s) => s.clone(),
        };
        let key = Key::new(passphrase)?;
        let ledger = zhitong_backup::open_checked(&startup.path, Some(&key), now)
            .map_err(crate::safety::safety_error)
            .and_then(|mut l| l.init(now).map(|_| l).map_err(ApiError::from))?;
        tracing::info!("encrypted ledger unlocked");
        self.keep_key(&ledger);
        *guard = Ok(ledger);
        Ok(())
    }

    /// Runs a conversion of the ledger file (encrypting it, changing its passphrase) by
    /// administrator `login`: the open ledger is handed to
    /// `convert`, which closes it and returns the reopened one. If the conversion fails
    /// the file is unchanged and the ledger is reopened as it was.
    pub fn convert<T>(
        &self,
        login: &Login,
        action: &str,
        convert: impl FnOnce(
            Ledger,
            &Admin,
            Instant,
        ) -> Result<(Ledger, T), zhitong_backup::SafetyError>,
    ) -> ApiResult<T> {
        require_operator(&login.operator)?;
        let now = self.now();
        let mut guard = self.ledger.lock().map_err(|_| poisoned())?;
        let op = match &*guard {
            Ok(l) => l.require_admin(&login.operator, &login.pin, action)?,
            Err(startup) => return Err(startup.error.clone()),
        };
        let path = self_path(&guard)?;
        let old_key = guard.as_ref().ok().and_then(|l| l.key().cloned());
        let placeholder = Err(Startup {
            error: ApiError::new("ledger.busy", "台账正在转换，请稍候"),
            path: path.clone(),
            backup: None,
        });
        let ledger = std::mem::replace(&mut *guard, placeholder).map_err(|s| s.error)?;
        match convert(ledger, &op, now) {
            Ok((ledger, t)) => {
                self.keep_key(&ledger);
                *guard = Ok(ledger);
                Ok(t)
            }
            Err(e) => {
                *guard = zhitong_backup::open_checked(&path, old_key.as_ref(), now).map_err(|e2| {
                    Startup {
                        error: crate::safety::safety_error(e2),
                        path: path.clone(),
                        backup: None,
                    }
                });
                Err(crate::safety::safety_error(e))
            }
        }
    }

    /// The data folder: the open ledger's, or that of the ledger that failed to open.
    pub fn data_dir(&self) -> ApiResult<PathBuf> {
        self.ledger_path().map(|p| {
            p.parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("."))
        })
    }

    /// The ledger file: the open one's, or the one that failed to open.
    pub fn ledger_path(&self) -> ApiResult<PathBuf> {
        let guard = self.ledger.lock().map_err(|_| poisoned())?;
        match &*guard {
            Ok(l) => l.path().map(Path::to_path_buf).ok_or_else(|| {
                ApiError::new("backup.no_data_dir", "这本台账只在内存中，没有保存位置")
            }),
            Err(startup) => Ok(startup.path.clone()),
        }
    }

    /// The start-of-day backup, on the caller's (background) thread and connections of
    /// its own: the ledger stays in use by the window while the copy is made. Skipped when
    /// the ledger is not in use (damaged, missing, in memory).
    pub fn backup_in_background_if_due(&self) {
        let now = self.now();
        let Some((path, key)) = self.open_file() else {
            return;
        };
        match zhitong_backup::backup_file_if_due(&path, key.as_ref(), now) {
            Ok(Some(b)) => tracing::info!(file = %b.path.display(), "backup taken"),
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "automatic backup failed"),
        }
    }

    /// The backup on exit, through the open ledger: taken if none was taken today or the
    /// ledger changed since; failures are logged, never fatal.
    pub fn backup_if_due(&self) {
        let now = self.now();
        if let Ok(guard) = self.ledger.lock() {
            if let Ok(ledger) = &*guard {
                match zhitong_backup::backup_if_due(ledger, now) {
                    Ok(Some(b)) => tracing::info!(file = %b.path.display(), "backup taken"),
                    Ok(None) => {}
                    Err(e) => tracing::error!(error = %e, "automatic backup failed"),
                }
            }
        }
    }

    pub fn now(&self) -> Instant {
        self.clock.now()
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Runs `f` with the ledger locked and the current time.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Ledger, Instant) -> Result<T, StoreError>,
    ) -> ApiResult<T> {
        let now = self.now();
        let mut guard = self.ledger.lock().map_err(|_| poisoned())?;
        match &mut *guard {
            Ok(ledger) => f(ledger, now).map_err(ApiError::from),
            Err(startup) => Err(startup.error.clone()),
        }
    }

    /// Runs a change by `operator` (a staff name): resolves the operator, then `f`.
    pub fn acting<T>(
        &self,
        operator: &str,
        f: impl FnOnce(&mut Ledger, &Operator, Instant) -> Result<T, StoreError>,
    ) -> ApiResult<T> {
        require_operator(operator)?;
        self.with(|ledger, now| {
            let op = ledger.operator(operator)?;
            f(ledger, &op, now)
        })
    }

    /// Runs an administrator-only change: `login.operator` must be an active
    /// administrator and `login.pin` their PIN (`Ledger::require_admin`; `action` names the change in a
    /// refusal), then `f` runs with that operator.
    pub fn admin<T>(
        &self,
        login: &Login,
        action: &str,
        f: impl FnOnce(&mut Ledger, &Admin, Instant) -> Result<T, StoreError>,
    ) -> ApiResult<T> {
        require_operator(&login.operator)?;
        self.with(|ledger, now| {
            let op = ledger.require_admin(&login.operator, &login.pin, action)?;
            f(ledger, &op, now)
        })
    }
}

fn self_path(guard: &Result<Ledger, Startup>) -> ApiResult<PathBuf> {
    match guard {
        Ok(l) => l
            .path()
            .map(Path::to_path_buf)
            .ok_or_else(|| ApiError::new("backup.no_data_dir", "这本台账只在内存中，没有保存位置")),
        Err(startup) => Ok(startup.path.clone()),
    }
}

fn require_operator(operator: &str) -> ApiResult<()> {
    if operator.trim().is_empty() {
        return Err(ApiError::new(
            "operator.required",
            "请先选择当前操作人（右上角“操作人”）",
        ));
    }
    Ok(())
}

fn poisoned() -> ApiError {
    ApiError::new("app.poisoned", "台账在一次失败的操作后被锁定，请重启程序")
}
