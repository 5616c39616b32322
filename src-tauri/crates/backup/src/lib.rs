//! Data safety for the ledger (台账): consistent online backups with rotation, verified
//! restore with a safety copy first, start-up checks that never hand back a silently
//! empty or damaged ledger, rotating log files and panic reports.
//!
//! What the desktop shell calls (none of these read the clock; the shell passes `now`):
//! - at start: [`install_panic_hook`], [`init_logging`], then [`open_checked`] (cheap:
//!   file type, schema version) and [`begin_session`]; on [`SafetyError::recovery`] offer
//!   [`recover`] from the newest good backup; once open, [`backup_if_due`]; after the
//!   first paint, [`check`] (the full integrity check) in the background;
//! - on exit: [`backup_if_due`];
//! - backup screen: [`list_backups`], [`backup_to_dir`], [`preview_restore`], [`restore`],
//!   [`check`];
//! - encryption at rest (admin): [`encrypt_ledger`], [`change_passphrase`];
//! - panic reports: [`unacknowledged_panics`] at start, [`acknowledge_panics`] once seen.

mod encrypt;
mod error;
mod logging;
mod restore;
mod session;
mod snapshot;
mod startup;

pub use encrypt::{change_passphrase, encrypt_ledger, EncryptReport};
pub use error::SafetyError;
pub use logging::{
    acknowledge_panics, init_logging, install_panic_hook, logs_dir, unacknowledged_panics,
    LogGuard, PanicReport,
};
pub use restore::{
    preview_restore, recover, restore, LedgerSummary, RestorePreview, RestoreReport,
};
pub use session::{begin_session, marker_path, Session, Unclean};
pub use snapshot::{
    backup_file_if_due, backup_if_due, backup_now, backup_to_dir, backups_dir, list_backups,
    plan_rotation, plan_tiers, rotate, verify_backup, BackupInfo, BackupKind, RotationTier,
};
pub use startup::{check, open_checked, CheckReport};

pub type Result<T, E = SafetyError> = std::result::Result<T, E>;
