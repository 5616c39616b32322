//! The session marker (`<ledger>.session`): written when the desktop app opens its ledger
//! and removed when it ends normally, so the next start knows whether the last session
//! ended cleanly (a crash, a power cut or a killed process leaves the marker behind).
//! Guarantees: a stale marker is reported once and then replaced; failing to write or
//! remove the marker never stops the app (it is a hint, not a lock).

use std::fs;
use std::path::{Path, PathBuf};

use zhitong_domain::Instant;

/// An open session; dropping it (the app ending normally) removes the marker.
#[derive(Debug)]
pub struct Session {
    marker: PathBuf,
}

/// The previous session that did not end cleanly: when it started, as its marker says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unclean {
    pub started: String,
}

/// The marker file of the ledger at `ledger`.
pub fn marker_path(ledger: &Path) -> PathBuf {
    let mut name = ledger
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "ledger.db".into());
    name.push(".session");
    ledger.with_file_name(name)
}

/// Starts a session on `ledger` at `now`: reports a previous session that did not end
/// cleanly, then writes this session's marker.
pub fn begin_session(ledger: &Path, now: Instant) -> (Session, Option<Unclean>) {
    let marker = marker_path(ledger);
    let unclean = fs::read_to_string(&marker).ok().map(|text| Unclean {
        started: text.lines().next().unwrap_or_default().trim().to_string(),
    });
    let stamp = now
        .with_timezone(&zhitong_domain::china())
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    if let Err(e) = fs::write(&marker, format!("{stamp}\npid {}\n", std::process::id())) {
        tracing::warn!(path = %marker.display(), error = %e, "session marker not written");
    }
    (Session { marker }, unclean)
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Err(e) = fs::remove_file(&self.marker) {
            if e.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!(path = %self.marker.display(), error = %e, "session marker not removed");
            }
        }
    }
}
