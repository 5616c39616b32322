//! The working-day table: which dates are working days in China. Guarantees: a date is a
//! working day iff it is Mon–Fri and not a listed holiday, or it is a listed adjusted working
//! day (调休上班); a date whose year has no loaded State Council notice follows plain Mon–Fri
//! and is reported `provisional`. Pure data, no IO, no clock.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The project's own table of statutory holidays and adjusted working days, 2007–2026.
const BUILTIN_TABLE: &str = include_str!("holidays.txt");

/// Whether a listed date is a day off or a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "../../../../ui/src/bindings/")]
pub enum DayKind {
    /// A statutory holiday (放假), also when it falls on a weekday.
    Holiday,
    /// A working day (上班), normally a weekend day made a working day (调休).
    Workday,
}

impl DayKind {
    /// The word used in the CSV and text table: `holiday` or `workday`.
    pub fn as_str(&self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }

    /// Chinese label: 放假 / 上班.
    pub fn label(&self) -> &'static str {
        match self {
            DayKind::Holiday => "放假",
            DayKind::Workday => "上班",
        }
    }

    /// Parses `holiday` / `workday` (any case) and the Chinese words 放假 / 休 / 上班 / 班.
    pub fn parse(text: &str) -> Option<DayKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "holiday" | "放假" | "休" | "休息" => Some(DayKind::Holiday),
            "workday" | "上班" | "班" | "调休上班" => Some(DayKind::Workday),
            _ => None,
        }
    }
}

/// One listed date: its kind and the holiday it belongs to (e.g. 春节).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export, export_to = "../../../../ui/src/bindings/")]
pub struct DayMark {
    pub kind: DayKind,
    pub name: String,
}

impl DayMark {
    /// A holiday mark.
    pub fn holiday(name: impl Into<String>) -> DayMark {
        DayMark {
            kind: DayKind::Holiday,
            name: name.into(),
        }
    }

    /// An adjusted-working-day mark.
    pub fn workday(name: impl Into<String>) -> DayMark {
        DayMark {
            kind: DayKind::Workday,
            name: name.into(),
        }
    }
}

/// Why a day is (not) a working day.
///
/// Serialized as `{"kind":"weekend"}`, `{"kind":"holiday","name":"春节"}`,
/// `{"kind":"adjusted_workday","name":"春节"}` or `{"kind":"workday"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
#[ts(export, export_to = "../../../../ui/src/bindings/")]
pub enum DayReason {
    /// Saturday or Sunday with no adjustment.
    Weekend,
    /// A statutory holiday, with its name.
    Holiday(String),
    /// A weekend day made a working day (调休), with the holiday it makes up for.
    AdjustedWorkday(String),
    /// An ordinary Monday–Friday working day.
    Workday,
}

impl fmt::Display for DayReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DayReason::Weekend => f.write_str("周末"),
            DayReason::Holiday(name) => f.write_str(name),
            DayReason::AdjustedWorkday(_) => f.write_str("调休上班"),
            DayReason::Workday => f.write_str("工作日"),
        }
    }
}

/// Everything the calendar knows about one date.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export, export_to = "../../../../ui/src/bindings/")]
pub struct DayInfo {
    /// `YYYY-MM-DD`.
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub working: bool,
    pub reason: DayReason,
    /// The date's year has no loaded holiday notice: plain Mon–Fri was assumed.
    pub provisional: bool,
}

/// A month laid out in weeks Monday..Sunday for a month view. Cells outside the month are
/// `None`; every week has exactly 7 cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "../../../../ui/src/bindings/")]
pub struct MonthGrid {
    pub year: i32,
    pub month: u32,
    /// The year has no loaded holiday notice.
    pub provisional: bool,
    pub weeks: Vec<Vec<Option<DayInfo>>>,
}

/// China's working-day calendar: listed dates (keyed by their actual date) plus the set of
/// years whose State Council notice is loaded. `Default` is empty: nothing loaded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    marks: BTreeMap<NaiveDate, DayMark>,
    loaded: BTreeSet<i32>,
}

/// Saturday or Sunday.
pub fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Chinese weekday name: 周一 … 周日.
pub fn weekday_label(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "周一",
        Weekday::Tue => "周二",
        Weekday::Wed => "周三",
        Weekday::Thu => "周四",
        Weekday::Fri => "周五",
        Weekday::Sat => "周六",
        Weekday::Sun => "周日",
    }
}

impl Calendar {
    /// An empty calendar (nothing loaded): every date follows plain Mon–Fri, provisionally.
    pub fn new() -> Calendar {
        Calendar::default()
    }

    /// The built-in table: every year the State Council has announced, 2007–2026.
    pub fn builtin() -> Calendar {
        static BUILTIN: OnceLock<Calendar> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                // The embedded table is checked by the crate's tests; a bad line is skipped
                // rather than taking the application down.
                parse_table(BUILTIN_TABLE).unwrap_or_else(|(calendar, _bad_lines)| calendar)
            })
            .clone()
    }

    /// What the calendar says about `date`.
    pub fn day(&self, date: NaiveDate) -> DayInfo {
        let provisional = !self.is_year_loaded(date.year());
        let weekend = is_weekend(date);
        let (working, reason) = match self.marks.get(&date) {
            Some(mark) => match mark.kind {
                DayKind::Holiday => (false, DayReason::Holiday(mark.name.clone())),
                // A workday mark on a weekday changes nothing: it is an ordinary working day.
                DayKind::Workday if weekend => {
                    (true, DayReason::AdjustedWorkday(mark.name.clone()))
                }
                DayKind::Workday => (true, DayReason::Workday),
            },
            None if weekend => (false, DayReason::Weekend),
            None => (true, DayReason::Workday),
        };
        DayInfo {
            date,
            working,
            reason,
            provisional,
        }
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.marks.get(&date) {
            Some(mark) => mark.kind == DayKind::Workday,
            None => !is_weekend(date),
        }
    }

    /// The number of working days in `(after, upto]` (0 when `upto <= after`), in time
    /// proportional to the listed dates of the span rather than to its length: weekdays
    /// are counted by whole weeks, then each listed date in the span corrects the count.
    pub fn working_days_in(&self, after: NaiveDate, upto: NaiveDate) -> i64 {
        let days = (upto - after).num_days();
        if days <= 0 {
            return 0;
        }
        let mut count = days / 7 * 5;
        let mut day = after;
        for _ in 0..days % 7 {
            day = day + Days::new(1);
            if !is_weekend(day) {
                count += 1;
            }
        }
        use std::ops::Bound::{Excluded, Included};
        for (date, mark) in self.marks.range((Excluded(after), Included(upto))) {
            match (is_weekend(*date), mark.kind == DayKind::Workday) {
                (true, true) => count += 1,
                (false, false) => count -= 1,
                _ => {}
            }
        }
        count
    }

    /// The clerk's edit of one date; `None` returns it to the plain Mon–Fri rule.
    /// Either way the date's year counts as loaded afterwards.
    pub fn set_day(&mut self, date: NaiveDate, mark: Option<DayMark>) {
        match mark {
            Some(mark) => {
                self.marks.insert(date, mark);
            }
            None => {
                self.marks.remove(&date);
            }
        }
        self.loaded.insert(date.year());
    }

    /// Loads one year's notice: removes every listed date of `year`, then lists `marks`
    /// (keyed by their actual dates, so a notice's dates in the neighbouring December or
    /// January are kept too, replacing what was listed for those dates) and marks `year` loaded.
    pub fn load_year(&mut self, year: i32, marks: Vec<(NaiveDate, DayMark)>) {
        self.marks.retain(|date, _| date.year() != year);
        self.marks.extend(marks);
        self.loaded.insert(year);
    }

    /// Forgets a year: its listed dates are removed and it is no longer loaded.
    pub fn unload_year(&mut self, year: i32) {
        self.marks.retain(|date, _| date.year() != year);
        self.loaded.remove(&year);
    }

    /// The listed dates of `year` (dated in that year), in date order.
    pub fn marks(&self, year: i32) -> Vec<(NaiveDate, DayMark)> {
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) else {
            return Vec::new();
        };
        self.marks
            .range(first..=last)
            .map(|(date, mark)| (*date, mark.clone()))
            .collect()
    }

    /// The years whose notice is loaded, ascending.
    pub fn loaded_years(&self) -> Vec<i32> {
        self.loaded.iter().copied().collect()
    }

    /// Whether `year`'s notice is loaded.
    pub fn is_year_loaded(&self, year: i32) -> bool {
        self.loaded.contains(&year)
    }

    /// The year a clerk should import now, if any: the current year when it is not loaded,
    /// and from 1 November the next year when it is not loaded (the State Council publishes
    /// the next year's arrangement each November–December).
    pub fn missing_next_year(&self, today: NaiveDate) -> Option<i32> {
        let year = today.year();
        if !self.is_year_loaded(year) {
            return Some(year);
        }
        if today.month() >= 11 && !self.is_year_loaded(year + 1) {
            return Some(year + 1);
        }
        None
    }

    /// A month view: weeks Monday..Sunday; an invalid month gives an empty grid.
    pub fn month_grid(&self, year: i32, month: u32) -> MonthGrid {
        let mut grid = MonthGrid {
            year,
            month,
            provisional: !self.is_year_loaded(year),
            weeks: Vec::new(),
        };
        let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
            return grid;
        };
        let mut week: Vec<Option<DayInfo>> =
            vec![None; first.weekday().num_days_from_monday() as usize];
        let mut date = Some(first);
        while let Some(day) = date.filter(|d| d.month() == month) {
            week.push(Some(self.day(day)));
            if week.len() == 7 {
                grid.weeks.push(std::mem::take(&mut week));
            }
            date = day.succ_opt();
        }
        if !week.is_empty() {
            week.resize(7, None);
            grid.weeks.push(week);
        }
        grid
    }

    /// The table in the project's text format (the format of the embedded `holidays.txt`).
    pub fn to_table_text(&self) -> String {
        let mut out = String::new();
        if !self.loaded.is_empty() {
            out.push_str("loaded");
            for year in &self.loaded {
                out.push_str(&format!(" {year}"));
            }
            out.push('\n');
        }
        for (date, mark) in &self.marks {
            out.push_str(&format!(
                "{} {} {}\n",
                date.format("%Y-%m-%d"),
                mark.kind.as_str(),
                mark.name
            ));
        }
        out
    }

    /// Whether every year from `from` to `to` (either order) is loaded.
    pub(crate) fn years_loaded_between(&self, from: NaiveDate, to: NaiveDate) -> bool {
        let (a, b) = if from <= to { (from, to) } else { (to, from) };
        (a.year()..=b.year()).all(|y| self.is_year_loaded(y))
    }

    /// The first working day strictly after `date` (saturates at the end of time).
    pub(crate) fn next_working_day(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        while let Some(next) = day.checked_add_days(Days::new(1)) {
            day = next;
            if self.is_working_day(day) {
                return day;
            }
        }
        day
    }

    /// The last working day strictly before `date` (saturates at the start of time).
    pub(crate) fn previous_working_day(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        while let Some(prev) = day.checked_sub_days(Days::new(1)) {
            day = prev;
            if self.is_working_day(day) {
                return day;
            }
        }
        day
    }
}

/// Parses the project's text table. `Err` carries the calendar built from the good lines and
/// the 1-based numbers of the lines that could not be read.
pub fn parse_table(text: &str) -> Result<Calendar, (Calendar, Vec<usize>)> {
    let mut calendar = Calendar::default();
    let mut bad = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix("loaded ") {
            for item in rest.split_whitespace() {
                match parse_year_range(item) {
                    Some((a, b)) => calendar.loaded.extend(a..=b),
                    None => bad.push(index + 1),
                }
            }
            continue;
        }
        let mut parts = line.splitn(3, char::is_whitespace);
        let date = parts
            .next()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let kind = parts.next().and_then(DayKind::parse);
        let name = parts.next().map(str::trim).unwrap_or("");
        match (date, kind) {
            (Some(date), Some(kind)) if !name.is_empty() => {
                calendar.marks.insert(
                    date,
                    DayMark {
                        kind,
                        name: name.to_string(),
                    },
                );
            }
            _ => bad.push(index + 1),
        }
    }
    if bad.is_empty() {
        Ok(calendar)
    } else {
        Err((calendar, bad))
    }
}

/// `2007` or `2007-2026`.
fn parse_year_range(item: &str) -> Option<(i32, i32)> {
    match item.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (a.parse().ok()?, b.parse().ok()?);
            (a <= b).then_some((a, b))
        }
        None => item.parse().ok().map(|y| (y, y)),
    }
}

/// The embedded table text, for tests and for showing its provenance.
pub fn builtin_table_text() -> &'static str {
    BUILTIN_TABLE
}
