//! The app's clock: the only place the desktop app reads the time. Guarantees every
//! instant handed to the ledger is China time (+08:00). For tests, `ZHITONG_NOW`
//! (RFC 3339, e.g. `2026-03-02T09:00:00+08:00`) sets the clock's starting instant; it then
//! advances in real time, so a restarted app can be made to "jump" past a deadline.

use std::time::Instant as Monotonic;

use chrono::{DateTime, FixedOffset, Utc};
use zhitong_domain::{china, Instant};

/// A wall clock, possibly started at a faked instant.
#[derive(Debug, Clone)]
pub struct Clock {
    start: Instant,
    started: Monotonic,
    faked: bool,
}

impl Clock {
    /// The real clock.
    pub fn system() -> Self {
        Clock {
            start: Utc::now().with_timezone(&china()),
            started: Monotonic::now(),
            faked: false,
        }
    }

    /// A clock that starts at `at` and then runs.
    pub fn starting_at(at: DateTime<FixedOffset>) -> Self {
        Clock {
            start: at.with_timezone(&china()),
            started: Monotonic::now(),
            faked: true,
        }
    }

    /// `ZHITONG_NOW` when set (and valid), else the real clock.
    pub fn from_env() -> Result<Self, String> {
        match std::env::var("ZHITONG_NOW") {
            Ok(v) if !v.trim().is_empty() => DateTime::parse_from_rfc3339(v.trim())
                .map(Self::starting_at)
                .map_err(|e| format!("ZHITONG_NOW=“{v}”不是 RFC 3339 时间（{e}），例如 2026-03-02T09:00:00+08:00")),
            _ => Ok(Self::system()),
        }
    }

    /// Now, at +08:00, truncated to whole seconds.
    pub fn now(&self) -> Instant {
        let t = if self.faked {
            self.start + chrono::Duration::from_std(self.started.elapsed()).unwrap_or_default()
        } else {
            Utc::now().with_timezone(&china())
        };
        t - chrono::Duration::nanoseconds(i64::from(t.timestamp_subsec_nanos()))
    }

    pub fn is_faked(&self) -> bool {
        self.faked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faked_clock_starts_at_the_given_instant_in_china_time() {
        let at = DateTime::parse_from_rfc3339("2026-03-02T01:00:00+00:00").unwrap();
        let c = Clock::starting_at(at);
        let now = c.now();
        assert_eq!(now.offset().local_minus_utc(), 8 * 3600);
        assert!(now >= at && now - at < chrono::Duration::seconds(5));
        assert!(c.is_faked());
    }
}
