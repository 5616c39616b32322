//! The 企服直通 desktop shell: a Tauri 2 app around the ledger. Guarantees: this is the
//! only place that reads the clock ([`clock`]) and resolves the data folder
//! ([`ledger_path`]); the UI reaches the ledger only through [`commands`], each a thin
//! call of one store function; the scheduler ticks every minute.

pub mod bench_hook;
pub mod bindings;
pub mod clock;
pub mod commands;
pub mod error;
pub mod excel;
pub mod ledger_path;
pub mod print;
pub mod safety;
pub mod scheduler;
pub mod state;
pub mod view;

use tauri::{Builder, Manager, Runtime};

pub use state::AppState;

/// Registers every command. Plugins that need a real window or OS services are added in
/// [`run`], so `tauri::test::mock_builder()` can exercise the commands.
pub fn setup<R: Runtime>(b: Builder<R>) -> Builder<R> {
    b.invoke_handler(tauri::generate_handler![
        commands::app_info,
        commands::painted,
        commands::set_up,
        commands::set_up_demo,
        commands::settings,
        commands::save_settings,
        commands::departments,
        commands::add_department,
        commands::set_department_active,
        commands::set_department_contacts,
        commands::set_staff_membership,
        commands::staff,
        commands::add_staff,
        commands::find_enterprises,
        commands::recent_cases_of,
        commands::register,
        commands::register_answered,
        commands::list,
        commands::case_view,
        commands::case_by_ref,
        commands::search,
        commands::summary,
        commands::report_pdf,
        commands::report_xlsx,
        commands::agenda,
        commands::agenda_section,
        commands::board,
        commands::accept,
        commands::mark_common,
        commands::file_report,
        commands::decide,
        commands::meetings,
        commands::meeting_agenda,
        commands::add_meeting,
        commands::print_minutes,
        commands::meet,
        commands::bureau_reply,
        commands::reject,
        commands::await_material,
        commands::resume,
        commands::preview_assignment,
        commands::assign,
        commands::reassign,
        commands::sheet_returned,
        commands::progress,
        commands::urge,
        commands::escalate,
        commands::reply,
        commands::evaluate,
        commands::reopen,
        commands::close,
        commands::edit_case,
        commands::void,
        commands::attach,
        commands::open_attachment,
        commands::calendar_month,
        commands::set_calendar_day,
        commands::import_calendar,
        commands::print,
        commands::print_assignments,
        commands::print_board,
        commands::recover_ledger,
        commands::sign_in,
        // excel (import/export)
        excel::import_inspect,
        excel::import_preview,
        excel::import_run,
        excel::export_ledger,
        excel::open_export,
        // safety (backups, restore, admin)
        safety::safety_info,
        safety::backups,
        safety::backup_now,
        safety::backup_to,
        safety::preview_restore,
        safety::restore_backup,
        safety::check_ledger,
        safety::open_folder,
        safety::panic_reports,
        safety::acknowledge_panics,
        safety::set_pin,
        safety::unlock_ledger,
        safety::encrypt_ledger,
        safety::change_passphrase,
    ])
}

/// Opens the ledger (`ZHITONG_DB` or the per-user data folder) through the start-up
/// checks (integrity, a backup before any migration). A new one starts empty (only the
/// administrator account): the UI's first-start guide fills it. A ledger that
/// fails them does not stop the app: it starts showing the problem and its recovery path.
pub fn open_state() -> Result<AppState, String> {
    let clock = clock::Clock::from_env()?;
    Ok(open_state_at(&ledger_path::ledger_path(), clock))
}

/// [`open_state`] for the ledger at `path` with `clock`.
pub fn open_state_at(path: &std::path::Path, clock: clock::Clock) -> AppState {
    let path = path.to_path_buf();
    let now = clock.now();
    let opened = zhitong_backup::open_checked(&path, None, now).and_then(|mut l| {
        l.init_empty(now)
            .map_err(zhitong_backup::SafetyError::from)
            .map(|_| l)
    });
    match opened {
        Ok(ledger) => {
            tracing::info!(path = %path.display(), faked_clock = clock.is_faked(), "ledger open");
            AppState::new(ledger, clock)
        }
        Err(e) => {
            tracing::error!(path = %path.display(), error = %e, "ledger failed its start-up checks");
            AppState::unavailable(state::Startup::failed(&e, path), clock)
        }
    }
}

/// The full integrity check once the window has painted its first view (at once when
/// the last session did not end normally, else 3 s later), then the start-of-day
/// backup: their time grows with the ledger, so neither delays the start, and both run
/// on connections of their own so the window keeps working. A window that never reports
/// its paint holds them back for [`state::FIRST_PAINT_LIMIT`] at most. Damage takes the
/// ledger out of use and tells the window (`ledger://damaged`), which shows the
/// recovery path; a damaged ledger is not backed up.
fn spawn_integrity_check<R: tauri::Runtime>(app: tauri::AppHandle<R>, unclean: bool) {
    use tauri::Emitter;
    let settle = std::time::Duration::from_millis(if unclean { 0 } else { 3000 });
    let spawned = std::thread::Builder::new()
        .name("integrity-check-and-backup".into())
        .spawn(move || {
            let state = app.state::<AppState>();
            state.wait_for_first_paint(state::FIRST_PAINT_LIMIT);
            std::thread::sleep(settle);
            if let Some(e) = state.verify_integrity() {
                if let Err(err) = app.emit("ledger://damaged", &e) {
                    tracing::error!(error = %err, "could not tell the window about the damage");
                }
                return;
            }
            state.backup_in_background_if_due();
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "background integrity check not started");
    }
}

fn real_now() -> zhitong_domain::Instant {
    chrono::Local::now().with_timezone(&zhitong_domain::china())
}

pub fn run() {
    // Logs rotate in <data dir>/logs; a panic writes its report there too.
    let data_dir = ledger_path::ledger_path()
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir);
    let _log_guard = match zhitong_backup::init_logging(&data_dir) {
        Ok(g) => Some(g),
        Err(e) => {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(
                    tracing_subscriber::EnvFilter::try_from_default_env()
                        .unwrap_or_else(|_| "info".into()),
                )
                .try_init();
            tracing::warn!(error = %e, "file logging unavailable");
            None
        }
    };
    zhitong_backup::install_panic_hook(zhitong_backup::logs_dir(&data_dir), real_now);
    let state = match open_state() {
        Ok(s) => s,
        Err(message) => {
            eprintln!("企服直通无法启动：{message}");
            std::process::exit(2);
        }
    };
    setup(tauri::Builder::default())
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .manage(state)
        .on_page_load(bench_hook::on_page_load)
        .setup(|app| {
            let state = app.state::<AppState>();
            let unclean = state.begin_session();
            if let Some(u) = &unclean {
                tracing::warn!(started = %u.started, "the last session did not end normally");
            }
            scheduler::spawn(app.handle().clone());
            spawn_integrity_check(app.handle().clone(), unclean.is_some());
            Ok(())
        })
        .build(tauri::generate_context!())
        .expect("企服直通窗口无法启动")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                let state = app.state::<AppState>();
                state.backup_if_due();
                state.end_session();
            }
        });
}
