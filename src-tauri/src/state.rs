//! The app's managed state: the open ledger behind a mutex and the clock. Guarantees
//! every command runs with the ledger locked for the whole call, so each store
//! function sees and writes a consistent ledger; a poisoned lock becomes an error, not
//! a crash.

use std::sync::Mutex;

use zhitong_domain::Instant;
use zhitong_store::{Ledger, Operator, StoreError};

use crate::clock::Clock;
use crate::error::{ApiError, ApiResult};

pub struct AppState {
    ledger: Mutex<Ledger>,
    clock: Clock,
}

impl AppState {
    pub fn new(ledger: Ledger, clock: Clock) -> Self {
        AppState {
            ledger: Mutex::new(ledger),
            clock,
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
        let mut ledger = self.ledger.lock().map_err(|_| {
            ApiError::new("app.poisoned", "台账在一次失败的操作后被锁定，请重启程序")
        })?;
        f(&mut ledger, now).map_err(ApiError::from)
    }

    /// Runs a change by `operator` (a staff name): resolves the operator, then `f`.
    pub fn acting<T>(
        &self,
        operator: &str,
        f: impl FnOnce(&mut Ledger, &Operator, Instant) -> Result<T, StoreError>,
    ) -> ApiResult<T> {
        if operator.trim().is_empty() {
            return Err(ApiError::new(
                "operator.required",
                "请先选择当前操作人（右上角“操作人”）",
            ));
        }
        self.with(|ledger, now| {
            let op = ledger.operator(operator)?;
            f(ledger, &op, now)
        })
    }
}
