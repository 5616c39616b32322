//! Printable A4 PDF documents of the enterprise-service centre: the registration sheet
//! (登记表), assignment sheet (交办单), letter to a district bureau (函), urging notice
//! (催办单/督办函), rejection notice (不予受理告知书), reply notice (答复告知书), the minutes
//! of a meeting (会议纪要), and the overdue board (督办看板) on A4 landscape for leaders' meetings.
//!
//! Pure library: callers pass plain data, [`DocSettings`] and loaded [`Fonts`]; every
//! function returns PDF bytes. No database, no clock reads (dates are passed in). Fonts
//! are embedded as subsets; text stays selectable; a character no installed font can
//! draw is an error, never an empty box. Every document carries a QR code of its case
//! number.

pub mod assignment;
pub mod board;
pub mod canvas;
mod common;
pub mod error;
pub mod fonts;
pub mod ledger;
pub mod letter;
pub mod minutes;
pub mod registration;
pub mod rejection;
pub mod reply;
pub mod sample;
pub mod settings;
pub mod urge;
pub mod wrap;

pub use error::PrintError;
pub use fonts::{FaceInfo, FontChain, FontRole, FontSource, Fonts, SkippedFont};
pub use settings::DocSettings;

/// Formats a date the way official Chinese documents do: `2026年5月6日`.
pub fn chinese_date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}
