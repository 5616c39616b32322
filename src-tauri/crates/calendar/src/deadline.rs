//! Deadline arithmetic over the working-day calendar. Guarantees: every instant returned is in
//! China time (+08:00); the day of receipt never counts; a working-day deadline always ends at
//! the close of a working day; a result is `provisional` whenever it depended on a year whose
//! holiday notice is not loaded. Time is always passed in, never read from the clock.
//!
//! **End of day.** The close of a day is that day at `day_end`. `day_end` = 00:00 means
//! "24:00", the end of the day, and is represented everywhere as **23:59:59 of that same
//! day** ([`END_OF_DAY`]); it is shown to people as "24:00".

use std::fmt;

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveTime, TimeDelta};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::table::{weekday_label, Calendar};

/// China Standard Time, +08:00 (China has no daylight saving time).
pub const CHINA: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("+08:00 is a valid offset"),
};

/// The representation of "24:00": the last second of the day.
pub const END_OF_DAY: NaiveTime = match NaiveTime::from_hms_opt(23, 59, 59) {
    Some(time) => time,
    None => panic!("23:59:59 is a valid time"),
};

/// Midnight, accepted as `day_end` meaning "24:00".
const MIDNIGHT: NaiveTime = NaiveTime::MIN;

/// The unit of a time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "../../../../ui/src/bindings/")]
pub enum Unit {
    /// Calendar hours, exact.
    Hours,
    /// Calendar days (日), ending at the close of the last day.
    Days,
    /// Working days (工作日), ending at the close of the last working day.
    WorkingDays,
}

impl Unit {
    /// Chinese label used after a number: 小时 / 日 / 个工作日.
    pub fn label(&self) -> &'static str {
        match self {
            Unit::Hours => "小时",
            Unit::Days => "日",
            Unit::WorkingDays => "个工作日",
        }
    }
}

/// A time limit: an amount of a unit, e.g. 5 working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export, export_to = "../../../../ui/src/bindings/")]
pub struct Span {
    pub amount: u32,
    pub unit: Unit,
}

impl Span {
    pub fn hours(amount: u32) -> Span {
        Span {
            amount,
            unit: Unit::Hours,
        }
    }
    pub fn days(amount: u32) -> Span {
        Span {
            amount,
            unit: Unit::Days,
        }
    }
    pub fn working_days(amount: u32) -> Span {
        Span {
            amount,
            unit: Unit::WorkingDays,
        }
    }
}

impl fmt::Display for Span {
    /// "24 小时", "5 日", "5 个工作日".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.unit.label())
    }
}

/// A deadline instant (+08:00, RFC 3339 in JSON) and whether it is only provisional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export, export_to = "../../../../ui/src/bindings/")]
pub struct Due {
    #[ts(type = "string")]
    pub at: DateTime<FixedOffset>,
    /// Depends on a year whose holiday notice is not loaded; recompute after importing it.
    pub provisional: bool,
}

/// `instant` in China time.
pub fn in_china(instant: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    instant.with_timezone(&CHINA)
}

/// The time of day at which a day closes, normalising 00:00 ("24:00") to [`END_OF_DAY`].
pub fn close_time(day_end: NaiveTime) -> NaiveTime {
    if day_end == MIDNIGHT {
        END_OF_DAY
    } else {
        day_end
    }
}

/// The close of `date` in China time: `date` at `day_end` (00:00 means 23:59:59 that day).
pub fn close_of(date: NaiveDate, day_end: NaiveTime) -> DateTime<FixedOffset> {
    let local = date.and_time(close_time(day_end));
    // Only fails within 8 hours of chrono's representable range; keep the wall time then.
    let utc = local.checked_sub_offset(CHINA).unwrap_or(local);
    DateTime::from_naive_utc_and_offset(utc, CHINA)
}

/// The deadline for a limit of `span` starting at `start`.
///
/// * `Hours`: exactly `start + N hours`; never provisional.
/// * `Days`: the close of the start date + N calendar days (the day of receipt does not
///   count); never provisional (calendar days do not depend on holidays).
/// * `WorkingDays`, N ≥ 1: counting starts on the first working day after the start date
///   (whatever the time of day, and also when the start date is a holiday), and ends at
///   the close of the Nth working day. N = 0 ("same working day"): the close of the start
///   date if it is a working day and `start` is before its close, else the close of the next
///   working day. Provisional when any year from the start date to the due date is not loaded.
pub fn due(cal: &Calendar, start: DateTime<FixedOffset>, span: Span, day_end: NaiveTime) -> Due {
    let start = in_china(start);
    let start_day = start.date_naive();
    match span.unit {
        Unit::Hours => Due {
            at: start
                .checked_add_signed(TimeDelta::hours(i64::from(span.amount)))
                .unwrap_or(start),
            provisional: false,
        },
        Unit::Days => Due {
            at: close_of(
                start_day
                    .checked_add_days(Days::new(u64::from(span.amount)))
                    .unwrap_or(start_day),
                day_end,
            ),
            provisional: false,
        },
        Unit::WorkingDays => {
            let last = if span.amount == 0 {
                if cal.is_working_day(start_day) && start.time() < close_time(day_end) {
                    start_day
                } else {
                    cal.next_working_day(start_day)
                }
            } else {
                add_working_days(cal, start_day, i64::from(span.amount))
            };
            Due {
                at: close_of(last, day_end),
                provisional: !cal.years_loaded_between(start_day, last),
            }
        }
    }
}

/// The number of working days in `(from, to]`; when `to < from`, minus the number in
/// `(to, from]`.
pub fn working_days_between(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> i64 {
    let (a, b, sign) = if from <= to {
        (from, to, 1)
    } else {
        (to, from, -1)
    };
    sign * cal.working_days_in(a, b)
}

/// Steps `n` working days from `from`: for n > 0 the nth working day after `from`, for
/// n < 0 the |n|th working day before it, for n = 0 `from` itself.
///
/// `working_days_between(from, add_working_days(from, n)) == n` for n ≥ 0, and for n < 0
/// when `from` is a working day.
pub fn add_working_days(cal: &Calendar, from: NaiveDate, n: i64) -> NaiveDate {
    let mut day = from;
    if n >= 0 {
        for _ in 0..n {
            day = cal.next_working_day(day);
        }
    } else {
        for _ in 0..n.unsigned_abs() {
            day = cal.previous_working_day(day);
        }
    }
    day
}

/// Whether `now` is past `due`.
pub fn is_overdue(due: DateTime<FixedOffset>, now: DateTime<FixedOffset>) -> bool {
    now > due
}

/// 0 when `now` is not past `due`; otherwise the number of working days from the due day
/// to today, `(due day, today]`, but at least 1: a case due at the end of Monday is overdue
/// by 1 on Tuesday, and also on Monday evening after a 17:30 close or on the Saturday after
/// a Friday deadline. So "overdue" ⇔ result > 0.
pub fn overdue_working_days(
    cal: &Calendar,
    due: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
) -> i64 {
    if !is_overdue(due, now) {
        return 0;
    }
    let due_day = in_china(due).date_naive();
    let today = in_china(now).date_naive();
    working_days_between(cal, due_day, today).max(1)
}

/// Working days left: the working days after today up to and including the due day,
/// `(today, due day]`. Today itself is not counted, so on the day of receipt a case with a
/// limit of N working days shows N; a case due today shows 0 (the UI says "今日 24:00 截止");
/// an overdue case shows 0.
pub fn working_days_left(
    cal: &Calendar,
    now: DateTime<FixedOffset>,
    due: DateTime<FixedOffset>,
) -> i64 {
    if is_overdue(due, now) {
        return 0;
    }
    let today = in_china(now).date_naive();
    let due_day = in_china(due).date_naive();
    working_days_between(cal, today, due_day).max(0)
}

/// Extends a running deadline by a pause (waiting for the enterprise's material).
///
/// * `Hours` / `Days`: by the paused calendar time, exactly.
/// * `WorkingDays`: by the number of working days the pause covered, counted like a limit:
///   the working days in `(pause start date, pause end date]` (a pause within one day adds
///   nothing; from Monday to Wednesday adds two). The new deadline is the close of the working
///   day that many working days after the old due day.
///
/// A pause that ends before it starts changes nothing. The result is provisional if the old
/// one was, or if the pause or the extension touches a year that is not loaded.
pub fn extend_for_pause(
    cal: &Calendar,
    due: Due,
    unit: Unit,
    paused_from: DateTime<FixedOffset>,
    paused_to: DateTime<FixedOffset>,
    day_end: NaiveTime,
) -> Due {
    let at = in_china(due.at);
    if paused_to <= paused_from {
        return Due { at, ..due };
    }
    match unit {
        Unit::Hours | Unit::Days => Due {
            at: at.checked_add_signed(paused_to - paused_from).unwrap_or(at),
            provisional: due.provisional,
        },
        Unit::WorkingDays => {
            let from_day = in_china(paused_from).date_naive();
            let to_day = in_china(paused_to).date_naive();
            let covered = working_days_between(cal, from_day, to_day);
            if covered <= 0 {
                return Due {
                    at,
                    provisional: due.provisional || !cal.years_loaded_between(from_day, to_day),
                };
            }
            let due_day = at.date_naive();
            let last = add_working_days(cal, due_day, covered);
            Due {
                at: close_of(last, day_end),
                provisional: due.provisional
                    || !cal.years_loaded_between(from_day, to_day)
                    || !cal.years_loaded_between(due_day, last),
            }
        }
    }
}

/// "10月12日 周一", with the year in front when it differs from `this_year`.
pub fn date_label(date: NaiveDate, this_year: i32) -> String {
    let day = format!("{}月{}日 {}", date.month(), date.day(), weekday_label(date));
    if date.year() == this_year {
        day
    } else {
        format!("{}年{}", date.year(), day)
    }
}

/// "HH:MM", with the end of the day shown as "24:00".
pub fn time_label(instant: DateTime<FixedOffset>) -> String {
    let time = in_china(instant).time();
    if time >= END_OF_DAY {
        "24:00".to_string()
    } else {
        time.format("%H:%M").to_string()
    }
}

/// Plain Chinese for a deadline seen at `now`:
/// "还剩 2 个工作日（10月12日 周一 24:00 截止）", "今日 24:00 截止",
/// "已逾期 3 个工作日（10月9日 周五 24:00 截止）",
/// or "10月11日 周日 24:00 截止" when no working day is left before a later deadline;
/// "（暂定）" is appended when the deadline is provisional.
pub fn describe(cal: &Calendar, due: &Due, now: DateTime<FixedOffset>) -> String {
    let at = in_china(due.at);
    let now = in_china(now);
    let today = now.date_naive();
    let suffix = if due.provisional { "（暂定）" } else { "" };
    let when = format!(
        "{} {} 截止",
        date_label(at.date_naive(), today.year()),
        time_label(at)
    );
    if is_overdue(at, now) {
        let days = overdue_working_days(cal, at, now);
        return format!("已逾期 {days} 个工作日（{when}）{suffix}");
    }
    if at.date_naive() == today {
        return format!("今日 {} 截止{suffix}", time_label(at));
    }
    match working_days_left(cal, now, at) {
        0 => format!("{when}{suffix}"),
        left => format!("还剩 {left} 个工作日（{when}）{suffix}"),
    }
}
