//! China's working-day calendar and deadline arithmetic for Zhitong. Pure: no IO, no clock
//! reads (time is always passed in), no database. Ships the State Council's holiday
//! arrangements 2007–2026 as the project's own embedded table; a year that is not loaded
//! follows plain Mon–Fri and everything computed over it is flagged `provisional`.
//!
//! All instants are `DateTime<FixedOffset>`; computation happens in China time (+08:00) and
//! results are returned in +08:00. The end of a day ("24:00") is represented as 23:59:59 of
//! that day (see [`deadline`]).

pub mod deadline;
pub mod error;
pub mod exchange;
pub mod table;

pub use deadline::{
    add_working_days, close_of, close_time, describe, due, extend_for_pause, in_china, is_overdue,
    overdue_working_days, working_days_between, working_days_left, Due, Span, Unit, CHINA,
    END_OF_DAY,
};
pub use error::{CalendarError, Place};
pub use exchange::{
    parse_csv, parse_holiday_cn_json, parse_year_file, to_csv, to_holiday_cn_json, YearTable,
};
pub use table::{
    is_weekend, weekday_label, Calendar, DayInfo, DayKind, DayMark, DayReason, MonthGrid,
};
