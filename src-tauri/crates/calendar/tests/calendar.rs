//! Integration tests of `zhitong-calendar`: table-driven boundary cases for 2024–2026, year
//! ends, starts inside holidays and after hours, import/export round trips and Chinese error
//! messages, proptest properties, and the full cross-check of the built-in table against the
//! published holiday-cn data (when `ZHITONG_HOLIDAY_CN_DIR` is set).

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveTime, Weekday};
use proptest::prelude::*;
use zhitong_calendar::*;

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

fn t(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).expect("test instant")
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("test time")
}

const EOD: NaiveTime = END_OF_DAY;

// ---------------------------------------------------------------------------------------
// Days

#[test]
fn days_of_2024_to_2026() {
    let cal = Calendar::builtin();
    // (date, working, reason Display, why)
    let rows: &[(&str, bool, &str, &str)] = &[
        // 2024
        (
            "2024-01-01",
            false,
            "元旦",
            "2024 New Year's Day is a holiday",
        ),
        (
            "2024-02-04",
            true,
            "调休上班",
            "2024 Spring Festival make-up Sunday before",
        ),
        (
            "2024-02-10",
            false,
            "春节",
            "2024 Spring Festival first day (Saturday)",
        ),
        ("2024-02-12", false, "春节", "2024 Spring Festival Monday"),
        ("2024-02-17", false, "春节", "2024 Spring Festival last day"),
        (
            "2024-02-18",
            true,
            "调休上班",
            "2024 Spring Festival make-up Sunday after",
        ),
        (
            "2024-02-19",
            true,
            "工作日",
            "first Monday after 2024 Spring Festival",
        ),
        ("2024-04-04", false, "清明节", "2024 Qingming Thursday"),
        (
            "2024-04-07",
            true,
            "调休上班",
            "2024 Qingming make-up Sunday",
        ),
        (
            "2024-04-28",
            true,
            "调休上班",
            "2024 Labour Day make-up Sunday",
        ),
        ("2024-05-01", false, "劳动节", "2024 Labour Day"),
        ("2024-05-05", false, "劳动节", "2024 Labour Day last day"),
        (
            "2024-05-11",
            true,
            "调休上班",
            "2024 Labour Day make-up Saturday",
        ),
        ("2024-06-10", false, "端午节", "2024 Dragon Boat Monday"),
        (
            "2024-09-14",
            true,
            "调休上班",
            "2024 Mid-Autumn make-up Saturday",
        ),
        ("2024-09-16", false, "中秋节", "2024 Mid-Autumn Monday"),
        ("2024-09-17", false, "中秋节", "2024 Mid-Autumn Tuesday"),
        (
            "2024-09-29",
            true,
            "调休上班",
            "2024 National Day make-up Sunday",
        ),
        ("2024-10-07", false, "国庆节", "2024 National Day last day"),
        (
            "2024-10-12",
            true,
            "调休上班",
            "2024 National Day make-up Saturday",
        ),
        (
            "2024-10-13",
            false,
            "周末",
            "ordinary Sunday after 2024 National Day",
        ),
        // 2025
        ("2025-01-01", false, "元旦", "2025 New Year's Day"),
        (
            "2025-01-26",
            true,
            "调休上班",
            "2025 Spring Festival make-up Sunday",
        ),
        ("2025-01-28", false, "春节", "2025 Spring Festival eve"),
        ("2025-02-04", false, "春节", "2025 Spring Festival last day"),
        (
            "2025-02-08",
            true,
            "调休上班",
            "2025 Spring Festival make-up Saturday",
        ),
        ("2025-04-04", false, "清明节", "2025 Qingming Friday"),
        (
            "2025-04-27",
            true,
            "调休上班",
            "2025 Labour Day make-up Sunday",
        ),
        ("2025-05-05", false, "劳动节", "2025 Labour Day Monday"),
        ("2025-06-02", false, "端午节", "2025 Dragon Boat Monday"),
        (
            "2025-09-28",
            true,
            "调休上班",
            "2025 National Day make-up Sunday",
        ),
        (
            "2025-10-01",
            false,
            "国庆节、中秋节",
            "2025 National Day + Mid-Autumn",
        ),
        (
            "2025-10-08",
            false,
            "国庆节、中秋节",
            "2025 National Day 8th day",
        ),
        (
            "2025-10-09",
            true,
            "工作日",
            "first working day after 2025 National Day",
        ),
        (
            "2025-10-11",
            true,
            "调休上班",
            "2025 National Day make-up Saturday",
        ),
        // 2026
        ("2026-01-01", false, "元旦", "2026 New Year's Day"),
        ("2026-01-02", false, "元旦", "2026 New Year Friday off"),
        ("2026-01-03", false, "元旦", "2026 New Year Saturday off"),
        (
            "2026-01-04",
            true,
            "调休上班",
            "2026 New Year make-up Sunday",
        ),
        (
            "2026-02-14",
            true,
            "调休上班",
            "2026 Spring Festival make-up Saturday before",
        ),
        (
            "2026-02-15",
            false,
            "春节",
            "2026 Spring Festival first day",
        ),
        (
            "2026-02-23",
            false,
            "春节",
            "2026 Spring Festival last day (Monday)",
        ),
        (
            "2026-02-24",
            true,
            "工作日",
            "first working day after 2026 Spring Festival",
        ),
        (
            "2026-02-28",
            true,
            "调休上班",
            "2026 Spring Festival make-up Saturday after",
        ),
        ("2026-03-01", false, "周末", "ordinary Sunday"),
        ("2026-04-06", false, "清明节", "2026 Qingming Monday"),
        ("2026-05-05", false, "劳动节", "2026 Labour Day Tuesday"),
        (
            "2026-05-09",
            true,
            "调休上班",
            "2026 Labour Day make-up Saturday",
        ),
        ("2026-06-19", false, "端午节", "2026 Dragon Boat Friday"),
        (
            "2026-09-20",
            true,
            "调休上班",
            "2026 National Day make-up Sunday",
        ),
        ("2026-09-25", false, "中秋节", "2026 Mid-Autumn Friday"),
        ("2026-10-07", false, "国庆节", "2026 National Day last day"),
        (
            "2026-10-10",
            true,
            "调休上班",
            "2026 National Day make-up Saturday",
        ),
        ("2026-10-12", true, "工作日", "ordinary Monday"),
    ];
    for (date, working, reason, why) in rows {
        let info = cal.day(d(date));
        assert_eq!(info.working, *working, "{date}: working? — {why}");
        assert_eq!(
            cal.is_working_day(d(date)),
            *working,
            "{date}: is_working_day agrees with day() — {why}"
        );
        assert_eq!(info.reason.to_string(), *reason, "{date}: reason — {why}");
        assert!(!info.provisional, "{date}: 2024–2026 are loaded — {why}");
    }
}

#[test]
fn day_edge_cases() {
    let cal = Calendar::builtin();
    let info = cal.day(d("2020-02-03"));
    assert!(
        info.working && info.reason == DayReason::Workday,
        "a workday mark on a Monday (2020-02-03) is an ordinary working day, not 调休上班"
    );
    let info = cal.day(d("2006-12-30"));
    assert!(
        info.working && info.provisional,
        "2006-12-30 comes from the 2007 notice (working) but 2006 itself is not loaded"
    );
    assert_eq!(
        cal.day(d("2006-12-30")).reason,
        DayReason::AdjustedWorkday("元旦".into()),
        "make-up Saturday 2006-12-30 keeps its holiday name"
    );
    let info = cal.day(d("2027-02-08"));
    assert!(
        info.working && info.provisional && info.reason == DayReason::Workday,
        "2027 is not announced: plain Monday, provisional"
    );
    let info = cal.day(d("2027-02-06"));
    assert!(
        !info.working && info.provisional && info.reason == DayReason::Weekend,
        "2027 Saturday: plain weekend, provisional"
    );
    assert_eq!(
        DayReason::Holiday("春节".into()).to_string(),
        "春节",
        "holiday reason displays its name"
    );
    assert_eq!(DayReason::Weekend.to_string(), "周末", "weekend label");
    assert_eq!(
        DayReason::AdjustedWorkday("春节".into()).to_string(),
        "调休上班",
        "adjusted-workday label"
    );
    assert_eq!(DayReason::Workday.to_string(), "工作日", "workday label");
}

#[test]
fn empty_calendar_is_plain_and_provisional() {
    let cal = Calendar::default();
    assert!(cal.loaded_years().is_empty(), "default loads nothing");
    let info = cal.day(d("2026-02-16"));
    assert!(
        info.working && info.provisional,
        "without a table the Spring Festival Monday is a plain provisional working day"
    );
    assert!(
        !cal.is_working_day(d("2026-02-14")),
        "without a table the make-up Saturday is a weekend"
    );
}

#[test]
fn builtin_loaded_years_and_table_text() {
    let cal = Calendar::builtin();
    assert_eq!(
        cal.loaded_years(),
        (2007..=2026).collect::<Vec<_>>(),
        "built-in table holds exactly the announced years 2007–2026"
    );
    assert!(!cal.is_year_loaded(2027), "2027 is not announced");
    assert!(!cal.is_year_loaded(2006), "2006 predates the table");
    assert!(
        table::parse_table(table::builtin_table_text()).is_ok(),
        "every line of the embedded holidays.txt parses"
    );
    let again = table::parse_table(&cal.to_table_text()).expect("own text format parses");
    assert_eq!(
        again, cal,
        "to_table_text round-trips the built-in calendar"
    );
    assert_eq!(
        working_days_between(&cal, d("2023-12-31"), d("2024-12-31")),
        251,
        "China had 251 working days in 2024"
    );
}

#[test]
fn clerk_edits_and_year_loading() {
    let mut cal = Calendar::default();
    cal.set_day(d("2027-02-06"), Some(DayMark::workday("春节")));
    assert!(cal.is_year_loaded(2027), "set_day marks the year loaded");
    let info = cal.day(d("2027-02-06"));
    assert!(
        info.working && !info.provisional,
        "an edited make-up Saturday is working and no longer provisional"
    );
    assert_eq!(
        info.reason,
        DayReason::AdjustedWorkday("春节".into()),
        "reason"
    );
    cal.set_day(d("2027-02-10"), Some(DayMark::holiday("春节")));
    assert!(
        !cal.is_working_day(d("2027-02-10")),
        "an edited holiday is off"
    );
    cal.set_day(d("2027-02-06"), None);
    assert!(
        !cal.is_working_day(d("2027-02-06")),
        "None returns the date to the plain rule (Saturday off)"
    );
    assert!(
        cal.is_year_loaded(2027),
        "still loaded after clearing a date"
    );
    assert_eq!(
        cal.marks(2027),
        vec![(d("2027-02-10"), DayMark::holiday("春节"))],
        "marks lists what remains"
    );

    let mut cal = Calendar::builtin();
    cal.load_year(2026, vec![(d("2026-10-01"), DayMark::holiday("国庆节"))]);
    assert!(
        cal.is_working_day(d("2026-02-16")),
        "load_year replaces the whole year: the old Spring Festival entries are gone"
    );
    assert!(
        !cal.is_working_day(d("2026-10-01")),
        "the new entry is there"
    );
    assert!(
        !cal.is_working_day(d("2025-10-01")),
        "other years are untouched"
    );
    cal.load_year(
        2027,
        vec![
            (d("2026-12-27"), DayMark::workday("元旦")),
            (d("2027-01-01"), DayMark::holiday("元旦")),
        ],
    );
    assert!(
        cal.is_working_day(d("2026-12-27")),
        "a notice's December date is kept under its actual date"
    );
    assert_eq!(
        cal.marks(2027).len(),
        1,
        "marks(year) lists the dates dated in that year"
    );
}

#[test]
fn missing_next_year_reminder() {
    let cal = Calendar::builtin();
    let rows: &[(&str, Option<i32>, &str)] = &[
        ("2026-10-31", None, "before 1 November nothing is asked"),
        (
            "2026-11-01",
            Some(2027),
            "from 1 November the next year is due",
        ),
        ("2026-12-31", Some(2027), "still missing at year end"),
        ("2025-11-15", None, "2026 is already loaded"),
        (
            "2027-03-01",
            Some(2027),
            "the current year itself is missing",
        ),
    ];
    for (today, want, why) in rows {
        assert_eq!(cal.missing_next_year(d(today)), *want, "{today}: {why}");
    }
    let mut cal = cal;
    cal.load_year(2027, Vec::new());
    assert_eq!(
        cal.missing_next_year(d("2026-11-20")),
        None,
        "after importing 2027 nothing is missing"
    );
}

#[test]
fn month_grid_layout() {
    let cal = Calendar::builtin();
    let grid = cal.month_grid(2026, 2);
    assert_eq!(
        grid.weeks.len(),
        5,
        "Feb 2026 (starts Sunday) spans 5 weeks"
    );
    assert!(
        grid.weeks.iter().all(|w| w.len() == 7),
        "every week has 7 cells"
    );
    assert!(
        grid.weeks[0][..6].iter().all(Option::is_none) && grid.weeks[0][6].is_some(),
        "2026-02-01 is a Sunday: six empty cells first"
    );
    let cells: Vec<&DayInfo> = grid.weeks.iter().flatten().flatten().collect();
    assert_eq!(cells.len(), 28, "28 days in Feb 2026");
    assert_eq!(cells[13].date, d("2026-02-14"), "cells are in date order");
    assert_eq!(
        cells[13].reason,
        DayReason::AdjustedWorkday("春节".into()),
        "make-up Saturday shows in the grid"
    );
    assert!(!grid.provisional, "2026 loaded");
    let grid = cal.month_grid(2027, 1);
    assert!(grid.provisional, "2027 is provisional");
    assert!(
        cal.month_grid(2026, 13).weeks.is_empty(),
        "an invalid month gives an empty grid, no panic"
    );
    let grid = cal.month_grid(2026, 6);
    assert_eq!(
        grid.weeks[0][0].as_ref().map(|c| c.date),
        Some(d("2026-06-01")),
        "June 2026 starts on a Monday: no leading blanks"
    );
}

// ---------------------------------------------------------------------------------------
// Deadlines

struct DueRow {
    start: &'static str,
    span: Span,
    day_end: NaiveTime,
    at: &'static str,
    provisional: bool,
    why: &'static str,
}

fn wd(n: u32) -> Span {
    Span::working_days(n)
}

#[test]
fn due_table() {
    let cal = Calendar::builtin();
    let rows = [
        // 2026 Spring Festival: holidays 2-15..2-23, make-up Saturdays 2-14 and 2-28.
        DueRow {
            start: "2026-02-13T10:00:00+08:00",
            span: wd(1),
            day_end: EOD,
            at: "2026-02-14T23:59:59+08:00",
            provisional: false,
            why: "Friday + 1 lands on make-up Saturday 2-14",
        },
        DueRow {
            start: "2026-02-13T10:00:00+08:00",
            span: wd(2),
            day_end: EOD,
            at: "2026-02-24T23:59:59+08:00",
            provisional: false,
            why: "the whole Spring Festival is skipped",
        },
        DueRow {
            start: "2026-02-14T09:00:00+08:00",
            span: wd(1),
            day_end: EOD,
            at: "2026-02-24T23:59:59+08:00",
            provisional: false,
            why: "received on make-up Saturday: that day does not count",
        },
        DueRow {
            start: "2026-02-17T10:00:00+08:00",
            span: wd(1),
            day_end: EOD,
            at: "2026-02-24T23:59:59+08:00",
            provisional: false,
            why: "start inside the holiday: first working day after it",
        },
        DueRow {
            start: "2026-02-17T10:00:00+08:00",
            span: wd(5),
            day_end: EOD,
            at: "2026-02-28T23:59:59+08:00",
            provisional: false,
            why: "5th working day after the holiday is make-up Saturday 2-28",
        },
        DueRow {
            start: "2026-02-27T16:00:00+08:00",
            span: wd(1),
            day_end: EOD,
            at: "2026-02-28T23:59:59+08:00",
            provisional: false,
            why: "Friday + 1 is make-up Saturday 2-28",
        },
        DueRow {
            start: "2026-02-28T16:00:00+08:00",
            span: wd(1),
            day_end: EOD,
            at: "2026-03-02T23:59:59+08:00",
            provisional: false,
            why: "after a make-up Saturday comes Monday",
        },
        // 2025 National Day: 10-1..10-8 off, 9-28 (Sun) and 10-11 (Sat) working.
        DueRow {
            start: "2025-09-26T10:00:00+08:00",
            span: wd(1),
            day_end: EOD,
            at: "2025-09-28T23:59:59+08:00",
            provisional: false,
            why: "Friday + 1 is make-up Sunday 9-28",
        },
        DueRow {
            start: "2025-09-26T10:00:00+08:00",
            span: wd(2),
            day_end: EOD,
            at: "2025-09-29T23:59:59+08:00",
            provisional: false,
            why: "then Monday 9-29",
        },
        DueRow {
            start: "2025-09-30T10:00:00+08:00",
            span: wd(1),
            day_end: EOD,
            at: "2025-10-09T23:59:59+08:00",
            provisional: false,
            why: "eight days off skipped",
        },
        DueRow {
            start: "2025-09-30T10:00:00+08:00",
            span: wd(3),
            day_end: EOD,
            at: "2025-10-11T23:59:59+08:00",
            provisional: false,
            why: "3rd is make-up Saturday 10-11",
        },
        DueRow {
            start: "2025-09-30T10:00:00+08:00",
            span: wd(4),
            day_end: EOD,
            at: "2025-10-13T23:59:59+08:00",
            provisional: false,
            why: "4th is Monday 10-13",
        },
        // 2024's many adjusted days.
        DueRow {
            start: "2024-02-02T10:00:00+08:00",
            span: wd(1),
            day_end: EOD,
            at: "2024-02-04T23:59:59+08:00",
            provisional: false,
            why: "make-up Sunday 2-4",
        },
        DueRow {
            start: "2024-02-08T10:00:00+08:00",
            span: wd(2),
            day_end: EOD,
            at: "2024-02-18T23:59:59+08:00",
            provisional: false,
            why: "2-9, then make-up Sunday 2-18 after Spring Festival",
        },
        DueRow {
            start: "2024-04-03T10:00:00+08:00",
            span: wd(1),
            day_end: EOD,
            at: "2024-04-07T23:59:59+08:00",
            provisional: false,
            why: "Qingming 4-4..4-6, make-up Sunday 4-7",
        },
        DueRow {
            start: "2024-04-26T10:00:00+08:00",
            span: wd(1),
            day_end: EOD,
            at: "2024-04-28T23:59:59+08:00",
            provisional: false,
            why: "make-up Sunday 4-28",
        },
        DueRow {
            start: "2024-04-26T10:00:00+08:00",
            span: wd(4),
            day_end: EOD,
            at: "2024-05-06T23:59:59+08:00",
            provisional: false,
            why: "4-28, 4-29, 4-30, then Labour Day to 5-5, then 5-6",
        },
        DueRow {
            start: "2024-05-10T10:00:00+08:00",
            span: wd(1),
            day_end: EOD,
            at: "2024-05-11T23:59:59+08:00",
            provisional: false,
            why: "make-up Saturday 5-11",
        },
        DueRow {
            start: "2024-09-13T10:00:00+08:00",
            span: wd(2),
            day_end: EOD,
            at: "2024-09-18T23:59:59+08:00",
            provisional: false,
            why: "make-up Saturday 9-14, Mid-Autumn 9-15..17",
        },
        DueRow {
            start: "2024-09-27T10:00:00+08:00",
            span: wd(3),
            day_end: EOD,
            at: "2024-10-08T23:59:59+08:00",
            provisional: false,
            why: "9-29 (Sun), 9-30, National Day, 10-8",
        },
        DueRow {
            start: "2024-10-11T10:00:00+08:00",
            span: wd(1),
            day_end: EOD,
            at: "2024-10-12T23:59:59+08:00",
            provisional: false,
            why: "make-up Saturday 10-12",
        },
        // Year ends.
        DueRow {
            start: "2024-12-31T10:00:00+08:00",
            span: wd(1),
            day_end: EOD,
            at: "2025-01-02T23:59:59+08:00",
            provisional: false,
            why: "into loaded 2025, skipping New Year's Day",
        },
        DueRow {
            start: "2026-12-30T10:00:00+08:00",
            span: wd(1),
            day_end: EOD,
            at: "2026-12-31T23:59:59+08:00",
            provisional: false,
            why: "stays inside loaded 2026",
        },
        DueRow {
            start: "2026-12-30T10:00:00+08:00",
            span: wd(5),
            day_end: EOD,
            at: "2027-01-06T23:59:59+08:00",
            provisional: true,
            why: "crosses into unloaded 2027: plain Mon–Fri, provisional",
        },
        DueRow {
            start: "2026-12-31T10:00:00+08:00",
            span: wd(1),
            day_end: EOD,
            at: "2027-01-01T23:59:59+08:00",
            provisional: true,
            why: "2027-01-01 counted as a plain Friday, provisional",
        },
        DueRow {
            start: "2027-03-01T10:00:00+08:00",
            span: wd(1),
            day_end: EOD,
            at: "2027-03-02T23:59:59+08:00",
            provisional: true,
            why: "entirely in unloaded 2027",
        },
        // N = 0 and the close of day.
        DueRow {
            start: "2026-03-02T17:00:00+08:00",
            span: wd(0),
            day_end: hm(17, 30),
            at: "2026-03-02T17:30:00+08:00",
            provisional: false,
            why: "N=0 before close: same day",
        },
        DueRow {
            start: "2026-03-02T18:00:00+08:00",
            span: wd(0),
            day_end: hm(17, 30),
            at: "2026-03-03T17:30:00+08:00",
            provisional: false,
            why: "N=0 after close: next working day",
        },
        DueRow {
            start: "2026-03-02T18:00:00+08:00",
            span: wd(1),
            day_end: hm(17, 30),
            at: "2026-03-03T17:30:00+08:00",
            provisional: false,
            why: "N=1 after close: receipt day never counts, so still Tuesday",
        },
        DueRow {
            start: "2026-03-07T10:00:00+08:00",
            span: wd(0),
            day_end: EOD,
            at: "2026-03-09T23:59:59+08:00",
            provisional: false,
            why: "N=0 on a Saturday: next working day",
        },
        DueRow {
            start: "2026-02-14T10:00:00+08:00",
            span: wd(0),
            day_end: EOD,
            at: "2026-02-14T23:59:59+08:00",
            provisional: false,
            why: "N=0 on a make-up Saturday: that day",
        },
        DueRow {
            start: "2026-02-16T10:00:00+08:00",
            span: wd(0),
            day_end: EOD,
            at: "2026-02-24T23:59:59+08:00",
            provisional: false,
            why: "N=0 inside a holiday: first working day after",
        },
        DueRow {
            start: "2026-12-31T10:00:00+08:00",
            span: wd(0),
            day_end: EOD,
            at: "2026-12-31T23:59:59+08:00",
            provisional: false,
            why: "N=0 on a working 12-31 stays in 2026",
        },
        DueRow {
            start: "2026-03-02T10:00:00+08:00",
            span: wd(1),
            day_end: hm(0, 0),
            at: "2026-03-03T23:59:59+08:00",
            provisional: false,
            why: "day_end 00:00 means 24:00, represented as 23:59:59",
        },
        // Time zones: computed in China time.
        DueRow {
            start: "2026-03-01T20:00:00+00:00",
            span: wd(1),
            day_end: EOD,
            at: "2026-03-03T23:59:59+08:00",
            provisional: false,
            why: "20:00 UTC Sunday is 04:00 Monday in China",
        },
        // Calendar days and hours.
        DueRow {
            start: "2026-09-30T10:00:00+08:00",
            span: Span::days(5),
            day_end: EOD,
            at: "2026-10-05T23:59:59+08:00",
            provisional: false,
            why: "calendar days ignore holidays",
        },
        DueRow {
            start: "2026-12-30T10:00:00+08:00",
            span: Span::days(5),
            day_end: EOD,
            at: "2027-01-04T23:59:59+08:00",
            provisional: false,
            why: "calendar days do not depend on the 2027 notice",
        },
        DueRow {
            start: "2026-03-02T18:00:00+08:00",
            span: Span::days(0),
            day_end: EOD,
            at: "2026-03-02T23:59:59+08:00",
            provisional: false,
            why: "0 days: close of the same day",
        },
        DueRow {
            start: "2026-02-13T10:00:00+08:00",
            span: Span::hours(24),
            day_end: EOD,
            at: "2026-02-14T10:00:00+08:00",
            provisional: false,
            why: "24 h exactly",
        },
        DueRow {
            start: "2026-02-14T10:30:00+08:00",
            span: Span::hours(48),
            day_end: EOD,
            at: "2026-02-16T10:30:00+08:00",
            provisional: false,
            why: "48 h runs through the holiday",
        },
        DueRow {
            start: "2026-02-13T02:00:00+00:00",
            span: Span::hours(24),
            day_end: EOD,
            at: "2026-02-14T10:00:00+08:00",
            provisional: false,
            why: "UTC input, +08:00 output",
        },
    ];
    for row in &rows {
        let got = due(&cal, t(row.start), row.span, row.day_end);
        assert_eq!(
            got.at.to_rfc3339(),
            row.at,
            "due({}, {}) — {}",
            row.start,
            row.span,
            row.why
        );
        assert_eq!(
            got.provisional, row.provisional,
            "provisional of due({}, {}) — {}",
            row.start, row.span, row.why
        );
    }
}

#[test]
fn due_on_unloaded_calendar_is_provisional() {
    let cal = Calendar::default();
    let got = due(&cal, t("2026-02-13T10:00:00+08:00"), wd(2), EOD);
    assert_eq!(
        got.at,
        t("2026-02-17T23:59:59+08:00"),
        "with nothing loaded the Spring Festival is ignored"
    );
    assert!(got.provisional, "and the result is provisional");
}

#[test]
fn between_and_add_table() {
    let cal = Calendar::builtin();
    let between: &[(&str, &str, i64, &str)] = &[
        (
            "2026-02-13",
            "2026-02-24",
            2,
            "make-up Saturday 2-14 and 2-24",
        ),
        ("2026-02-24", "2026-02-13", -2, "reversed order is negative"),
        ("2026-02-16", "2026-02-16", 0, "same day"),
        ("2026-02-13", "2026-02-14", 1, "(from, to] includes to"),
        ("2026-02-14", "2026-02-15", 0, "(from, to] excludes from"),
        (
            "2025-09-30",
            "2025-10-31",
            18,
            "October 2025 after National Day",
        ),
        ("2023-12-31", "2024-12-31", 251, "whole of 2024"),
        ("2026-12-31", "2027-01-08", 6, "plain rule in 2027"),
    ];
    for (from, to, want, why) in between {
        assert_eq!(
            working_days_between(&cal, d(from), d(to)),
            *want,
            "between {from} and {to} — {why}"
        );
    }
    let add: &[(&str, i64, &str, &str)] = &[
        ("2026-02-13", 2, "2026-02-24", "over the Spring Festival"),
        ("2026-02-24", -1, "2026-02-14", "back to make-up Saturday"),
        ("2026-02-24", -2, "2026-02-13", "back over it"),
        (
            "2026-02-16",
            0,
            "2026-02-16",
            "0 keeps the date, even a holiday",
        ),
        ("2026-02-16", 1, "2026-02-24", "from inside the holiday"),
        (
            "2026-02-16",
            -1,
            "2026-02-14",
            "back from inside the holiday",
        ),
        ("2024-04-26", 1, "2024-04-28", "make-up Sunday 2024-04-28"),
    ];
    for (from, n, want, why) in add {
        assert_eq!(
            add_working_days(&cal, d(from), *n),
            d(want),
            "add_working_days({from}, {n}) — {why}"
        );
    }
}

#[test]
fn overdue_table() {
    let cal = Calendar::builtin();
    let rows: &[(&str, &str, i64, &str)] = &[
        (
            "2026-03-02T23:59:59+08:00",
            "2026-03-02T20:00:00+08:00",
            0,
            "before the deadline",
        ),
        (
            "2026-03-02T23:59:59+08:00",
            "2026-03-02T23:59:59+08:00",
            0,
            "exactly at the deadline",
        ),
        (
            "2026-03-02T23:59:59+08:00",
            "2026-03-03T09:00:00+08:00",
            1,
            "due end of Monday, seen Tuesday",
        ),
        (
            "2026-03-02T23:59:59+08:00",
            "2026-03-06T09:00:00+08:00",
            4,
            "seen Friday",
        ),
        (
            "2026-03-02T23:59:59+08:00",
            "2026-03-07T09:00:00+08:00",
            4,
            "the weekend adds nothing",
        ),
        (
            "2026-03-06T23:59:59+08:00",
            "2026-03-07T10:00:00+08:00",
            1,
            "due Friday, seen Saturday: overdue counts at least 1",
        ),
        (
            "2026-03-06T23:59:59+08:00",
            "2026-03-10T10:00:00+08:00",
            2,
            "Mon and Tue",
        ),
        (
            "2026-03-02T17:30:00+08:00",
            "2026-03-02T18:00:00+08:00",
            1,
            "past a 17:30 close the same evening",
        ),
        (
            "2026-02-13T23:59:59+08:00",
            "2026-02-24T09:00:00+08:00",
            2,
            "make-up Saturday and 2-24 only",
        ),
        (
            "2026-03-02T15:59:59+00:00",
            "2026-03-03T01:00:00+00:00",
            1,
            "UTC inputs are read in China time",
        ),
    ];
    for (due_at, now, want, why) in rows {
        assert_eq!(
            overdue_working_days(&cal, t(due_at), t(now)),
            *want,
            "overdue({due_at}, {now}) — {why}"
        );
    }
}

#[test]
fn working_days_left_table() {
    let cal = Calendar::builtin();
    let rows: &[(&str, &str, i64, &str)] = &[
        (
            "2026-03-02T10:00:00+08:00",
            "2026-03-04T23:59:59+08:00",
            2,
            "Mon → Wed: Tue and Wed",
        ),
        (
            "2026-03-04T10:00:00+08:00",
            "2026-03-04T23:59:59+08:00",
            0,
            "due today: 0 (today is not counted)",
        ),
        (
            "2026-03-03T10:00:00+08:00",
            "2026-03-04T23:59:59+08:00",
            1,
            "due tomorrow",
        ),
        (
            "2026-02-13T10:00:00+08:00",
            "2026-02-24T23:59:59+08:00",
            2,
            "over the Spring Festival",
        ),
        (
            "2026-03-07T10:00:00+08:00",
            "2026-03-09T23:59:59+08:00",
            1,
            "Saturday → Monday",
        ),
        (
            "2026-03-05T10:00:00+08:00",
            "2026-03-04T23:59:59+08:00",
            0,
            "overdue",
        ),
    ];
    for (now, due_at, want, why) in rows {
        assert_eq!(
            working_days_left(&cal, t(now), t(due_at)),
            *want,
            "left({now}, {due_at}) — {why}"
        );
    }
    let start = t("2026-02-13T10:00:00+08:00");
    let deadline = due(&cal, start, wd(5), EOD);
    assert_eq!(
        working_days_left(&cal, start, deadline.at),
        5,
        "on the day of receipt an N-working-day case shows N left"
    );
}

#[test]
fn describe_table() {
    let cal = Calendar::builtin();
    let fixed = |at: &str| Due {
        at: t(at),
        provisional: false,
    };
    let rows: &[(Due, &str, &str, &str)] = &[
        (
            fixed("2026-10-12T23:59:59+08:00"),
            "2026-10-09T10:00:00+08:00",
            "还剩 2 个工作日（10月12日 周一 24:00 截止）",
            "make-up Saturday 10-10 and Monday",
        ),
        (
            fixed("2026-10-12T23:59:59+08:00"),
            "2026-10-12T09:00:00+08:00",
            "今日 24:00 截止",
            "due today",
        ),
        (
            fixed("2026-10-12T17:30:00+08:00"),
            "2026-10-12T09:00:00+08:00",
            "今日 17:30 截止",
            "due today at a 17:30 close",
        ),
        (
            fixed("2026-10-12T23:59:59+08:00"),
            "2026-10-15T10:00:00+08:00",
            "已逾期 3 个工作日（10月12日 周一 24:00 截止）",
            "13, 14, 15 October; the date too, so nobody counts back (issue 14)",
        ),
        (
            fixed("2026-03-08T23:59:59+08:00"),
            "2026-03-07T10:00:00+08:00",
            "3月8日 周日 24:00 截止",
            "no working day left before a Sunday deadline",
        ),
        (
            Due {
                at: t("2027-01-06T23:59:59+08:00"),
                provisional: true,
            },
            "2026-12-30T10:00:00+08:00",
            "还剩 5 个工作日（2027年1月6日 周三 24:00 截止）（暂定）",
            "other year shown, provisional marked",
        ),
        (
            Due {
                at: t("2027-01-04T23:59:59+08:00"),
                provisional: true,
            },
            "2027-01-06T10:00:00+08:00",
            "已逾期 2 个工作日（1月4日 周一 24:00 截止）（暂定）",
            "overdue and provisional",
        ),
    ];
    for (deadline, now, want, why) in rows {
        assert_eq!(
            describe(&cal, deadline, t(now)),
            *want,
            "describe at {now} — {why}"
        );
    }
}

#[test]
fn extend_for_pause_table() {
    let cal = Calendar::builtin();
    let fixed = |at: &str| Due {
        at: t(at),
        provisional: false,
    };
    // (due, unit, paused_from, paused_to, new at, provisional, why)
    let rows: &[(Due, Unit, &str, &str, &str, bool, &str)] = &[
        (
            fixed("2026-03-06T23:59:59+08:00"),
            Unit::WorkingDays,
            "2026-03-02T10:00:00+08:00",
            "2026-03-04T15:00:00+08:00",
            "2026-03-10T23:59:59+08:00",
            false,
            "Mon→Wed covers Tue and Wed: +2 working days",
        ),
        (
            fixed("2026-03-06T23:59:59+08:00"),
            Unit::WorkingDays,
            "2026-03-02T09:00:00+08:00",
            "2026-03-02T17:00:00+08:00",
            "2026-03-06T23:59:59+08:00",
            false,
            "a pause within one day adds nothing",
        ),
        (
            fixed("2026-02-27T23:59:59+08:00"),
            Unit::WorkingDays,
            "2026-02-12T10:00:00+08:00",
            "2026-02-25T10:00:00+08:00",
            "2026-03-04T23:59:59+08:00",
            false,
            "pause over the Spring Festival covers 2-13, 2-14, 2-24, 2-25",
        ),
        (
            fixed("2026-03-06T23:59:59+08:00"),
            Unit::WorkingDays,
            "2026-03-04T10:00:00+08:00",
            "2026-03-02T10:00:00+08:00",
            "2026-03-06T23:59:59+08:00",
            false,
            "a reversed pause changes nothing",
        ),
        (
            fixed("2026-12-29T23:59:59+08:00"),
            Unit::WorkingDays,
            "2026-12-21T10:00:00+08:00",
            "2026-12-24T10:00:00+08:00",
            "2027-01-01T23:59:59+08:00",
            true,
            "extension into unloaded 2027 is provisional",
        ),
        (
            fixed("2026-03-03T10:00:00+08:00"),
            Unit::Hours,
            "2026-03-02T10:00:00+08:00",
            "2026-03-03T12:30:00+08:00",
            "2026-03-04T12:30:00+08:00",
            false,
            "hours: paused 26.5 h added exactly",
        ),
        (
            fixed("2026-03-05T23:59:59+08:00"),
            Unit::Days,
            "2026-03-01T08:00:00+08:00",
            "2026-03-03T08:00:00+08:00",
            "2026-03-07T23:59:59+08:00",
            false,
            "days: paused 2 calendar days added",
        ),
    ];
    for (deadline, unit, from, to, want, provisional, why) in rows {
        let got = extend_for_pause(&cal, *deadline, *unit, t(from), t(to), EOD);
        assert_eq!(got.at.to_rfc3339(), *want, "extend — {why}");
        assert_eq!(got.provisional, *provisional, "extend provisional — {why}");
    }
}

#[test]
fn serde_and_labels() {
    let json = |v: &dyn erased::Json| v.json();
    assert_eq!(
        json(&DayReason::Holiday("春节".into())),
        r#"{"kind":"holiday","name":"春节"}"#,
        "DayReason is tagged with kind/name"
    );
    assert_eq!(
        json(&DayReason::Weekend),
        r#"{"kind":"weekend"}"#,
        "unit variants have only kind"
    );
    assert_eq!(
        json(&DayReason::AdjustedWorkday("春节".into())),
        r#"{"kind":"adjusted_workday","name":"春节"}"#,
        "adjusted workday tag"
    );
    assert_eq!(
        json(&Unit::WorkingDays),
        r#""working_days""#,
        "Unit is snake_case"
    );
    assert_eq!(json(&Unit::Hours), r#""hours""#, "hours");
    assert_eq!(json(&Unit::Days), r#""days""#, "days");
    assert_eq!(
        json(&Span::working_days(5)),
        r#"{"amount":5,"unit":"working_days"}"#,
        "Span shape"
    );
    let deadline = due(
        &Calendar::builtin(),
        t("2026-03-02T10:00:00+08:00"),
        wd(1),
        EOD,
    );
    assert_eq!(
        json(&deadline),
        r#"{"at":"2026-03-03T23:59:59+08:00","provisional":false}"#,
        "Due.at is an RFC 3339 string in +08:00"
    );
    let back: Due = serde_json::from_str(&json(&deadline)).expect("Due deserializes");
    assert_eq!(back, deadline, "Due round-trips through JSON");
    let info = Calendar::builtin().day(d("2026-02-14"));
    let text = json(&info);
    assert_eq!(
        text,
        r#"{"date":"2026-02-14","working":true,"reason":{"kind":"adjusted_workday","name":"春节"},"provisional":false}"#,
        "DayInfo shape"
    );
    let back: DayInfo = serde_json::from_str(&text).expect("DayInfo deserializes");
    assert_eq!(back, info, "DayInfo round-trips");
    assert_eq!(
        json(&DayMark::holiday("元旦")),
        r#"{"kind":"holiday","name":"元旦"}"#,
        "DayMark shape"
    );
    assert_eq!(Unit::Hours.label(), "小时", "hours label");
    assert_eq!(Unit::Days.label(), "日", "days label");
    assert_eq!(Unit::WorkingDays.label(), "个工作日", "working days label");
    assert_eq!(
        Span::working_days(5).to_string(),
        "5 个工作日",
        "span display"
    );
    assert_eq!(Span::hours(24).to_string(), "24 小时", "span display");
}

/// A tiny object-safe wrapper so the table above can serialize different types.
mod erased {
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).expect("serializable")
        }
    }
}

// ---------------------------------------------------------------------------------------
// Import / export

#[test]
fn csv_and_json_round_trips() {
    let cal = Calendar::builtin();
    for year in [2007, 2019, 2024, 2025, 2026] {
        let csv = cal.export_csv(year);
        let mut other = Calendar::default();
        let count = other.import_csv(year, &csv).expect("own CSV imports");
        assert_eq!(
            count,
            cal.marks(year).len(),
            "{year}: every CSV line imported"
        );
        assert_eq!(other.marks(year), cal.marks(year), "{year}: CSV round trip");
        assert!(
            other.is_year_loaded(year),
            "{year}: CSV import loads the year"
        );

        let json = cal.export_holiday_cn_json(year);
        let mut other = Calendar::default();
        assert_eq!(
            other.import_holiday_cn_json(&json),
            Ok(year),
            "{year}: own JSON imports"
        );
        assert_eq!(
            other.marks(year),
            cal.marks(year),
            "{year}: JSON round trip"
        );
    }
    let json = cal.export_holiday_cn_json(2026);
    let value: serde_json::Value = serde_json::from_str(&json).expect("export is JSON");
    assert_eq!(value["year"], 2026, "holiday-cn year field");
    assert_eq!(
        value["days"][0],
        serde_json::json!({"name": "元旦", "date": "2026-01-01", "isOffDay": true}),
        "holiday-cn day shape"
    );
    assert!(
        cal.export_csv(2026)
            .starts_with("date,kind,name\n2026-01-01,holiday,元旦\n"),
        "CSV header and first line"
    );
}

#[test]
fn json_import_of_a_published_style_file() {
    let text = r#"{
        "$schema": "https://example.invalid/schema.json",
        "year": 2019,
        "papers": ["http://example.invalid/notice.htm"],
        "days": [
            {"name": "元旦", "date": "2018-12-29", "isOffDay": false},
            {"name": "元旦", "date": "2018-12-30", "isOffDay": true},
            {"name": "元旦", "date": "2019-01-01", "isOffDay": true}
        ]
    }"#;
    let mut cal = Calendar::default();
    assert_eq!(
        cal.import_holiday_cn_json(text),
        Ok(2019),
        "year read from file"
    );
    assert!(
        cal.is_working_day(d("2018-12-29")),
        "a December make-up Saturday of the next year's notice is kept at its date"
    );
    assert!(cal.is_year_loaded(2019), "2019 loaded");
    assert!(
        !cal.is_year_loaded(2018),
        "2018 is not loaded by 2019's file"
    );
    assert!(!cal.is_working_day(d("2019-01-01")), "New Year's Day");
}

#[test]
fn csv_variants_accepted() {
    let rows: &[(&str, usize, &str)] = &[
        ("2027-01-01,holiday,元旦\n", 1, "no header"),
        (
            "date,kind,name\r\n2027-01-01,holiday,元旦\r\n",
            1,
            "English header, CRLF",
        ),
        (
            "\u{feff}日期,类型,名称\n2027-01-01,放假,元旦\n2027-02-06,上班,春节\n",
            2,
            "BOM, Chinese header and kind words",
        ),
        (
            "# 2027 年\n\n2027/1/1，holiday，元旦\n",
            1,
            "comment, blank line, full-width commas, slash dates",
        ),
        (
            "2027-01-01,Holiday,\"元旦, 新年\"\n",
            1,
            "quoted name with a comma, capitalised kind",
        ),
        (
            "Day,Type,Name\n2027-01-01,holiday,元旦\n",
            1,
            "any header without digits in its first column",
        ),
        (
            "2026-12-26,workday,元旦\n2027-01-01,holiday,元旦\n",
            2,
            "the December before belongs to the notice",
        ),
    ];
    for (text, count, why) in rows {
        let mut cal = Calendar::default();
        assert_eq!(cal.import_csv(2027, text), Ok(*count), "{why}");
    }
    let mut cal = Calendar::default();
    cal.import_csv(2027, "2027-01-01,Holiday,\"元旦, 新年\"\n")
        .expect("quoted name");
    assert_eq!(
        cal.marks(2027)[0].1.name,
        "元旦, 新年",
        "quotes removed, comma kept"
    );
    let again = cal.export_csv(2027);
    let mut other = Calendar::default();
    other
        .import_csv(2027, &again)
        .expect("re-import quoted name");
    assert_eq!(other.marks(2027), cal.marks(2027), "quoted name round trip");
}

#[test]
fn csv_errors_in_chinese_with_line_numbers() {
    let rows: &[(&str, &str, &str)] = &[
        (
            "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-30,holiday,春节\n",
            "第3行：日期“2027-02-30”无效，应为 YYYY-MM-DD 格式的真实日期",
            "calendar.bad_date",
        ),
        (
            "2027-01-01,rest,元旦\n",
            "第1行：类型“rest”无效，应为 holiday（放假）或 workday（调休上班）",
            "calendar.bad_kind",
        ),
        (
            "2027-01-01,holiday\n",
            "第1行：日期“2027-01-01”缺少名称，请填写节日名称（如“国庆节”）",
            "calendar.missing_name",
        ),
        (
            "2027-01-01,holiday,  \n",
            "第1行：日期“2027-01-01”缺少名称，请填写节日名称（如“国庆节”）",
            "calendar.missing_name",
        ),
        (
            "\n2027-01-01\n",
            "第2行：应有 3 列（日期,holiday|workday,名称），实际有 1 列，请按“2026-10-01,holiday,国庆节”的格式填写",
            "calendar.bad_columns",
        ),
        (
            "2027-01-01,holiday,元旦,多余\n",
            "第1行：应有 3 列（日期,holiday|workday,名称），实际有 4 列，请按“2026-10-01,holiday,国庆节”的格式填写",
            "calendar.bad_columns",
        ),
        (
            "date,kind,name\n2027-01-01,holiday,元旦\n2027-01-02,holiday,元旦\n2027-01-01,holiday,元旦\n",
            "第4行：日期“2027-01-01”重复出现（第2行已有），请删除重复的一行",
            "calendar.duplicate_date",
        ),
        (
            "2027-01-01,holiday,元旦\n2026-10-01,holiday,国庆节\n",
            "第2行：日期“2026-10-01”不属于 2027 年的节假日安排（只允许 2027 年内及前后相邻的 12 月、1 月），请检查年份或分年导入",
            "calendar.out_of_year",
        ),
        (
            "2027-01-01,holiday,元旦\ndate,kind,name\n",
            "第2行：日期“date”无效，应为 YYYY-MM-DD 格式的真实日期",
            "calendar.bad_date",
        ),
        (
            "27-1-1,holiday,元旦\n",
            "第1行：日期“27-1-1”无效，应为 YYYY-MM-DD 格式的真实日期",
            "calendar.bad_date",
        ),
        ("", "文件中没有任何日期，请确认选择了正确的文件", "calendar.empty"),
        ("date,kind,name\n", "文件中没有任何日期，请确认选择了正确的文件", "calendar.empty"),
    ];
    for (text, message, code) in rows {
        let mut cal = Calendar::builtin();
        let before = cal.clone();
        let err = cal
            .import_csv(2027, text)
            .expect_err("bad CSV must be rejected");
        assert_eq!(err.to_string(), *message, "message for {text:?}");
        assert_eq!(err.code(), *code, "code for {text:?}");
        assert_eq!(cal, before, "a failed import changes nothing ({text:?})");
    }
    let err = Calendar::default()
        .import_csv(3000, "3000-01-01,holiday,元旦")
        .expect_err("year out of range");
    assert_eq!(err.code(), "calendar.bad_year", "year range checked");
}

#[test]
fn json_errors_in_chinese() {
    let rows: &[(&str, &str, &str)] = &[
        (
            "{\n  \"year\": 2027,\n  \"days\": [\n",
            "calendar.bad_json",
            "第4行",
        ),
        ("[]", "calendar.bad_shape", "文件内容不是一个 JSON 对象"),
        (
            r#"{"days": []}"#,
            "calendar.bad_shape",
            "缺少“year”（年份）",
        ),
        (
            r#"{"year": 2027}"#,
            "calendar.bad_shape",
            "缺少“days”（日期列表）",
        ),
        (
            r#"{"year": "abc", "days": []}"#,
            "calendar.bad_year",
            "年份“abc”无效",
        ),
        (
            r#"{"year": 2027, "days": []}"#,
            "calendar.empty",
            "没有任何日期",
        ),
        (
            r#"{"year": 2027, "days": [{"name": "元旦", "date": "2027-13-01", "isOffDay": true}]}"#,
            "calendar.bad_date",
            "第1项：日期“2027-13-01”无效，应为 YYYY-MM-DD 格式的真实日期",
        ),
        (
            r#"{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}, {"name": "元旦", "date": "2027-01-02", "isOffDay": "yes"}]}"#,
            "calendar.bad_kind",
            "第2项：类型“\"yes\"”无效",
        ),
        (
            r#"{"year": 2027, "days": [{"name": "", "date": "2027-01-01", "isOffDay": true}]}"#,
            "calendar.missing_name",
            "第1项：日期“2027-01-01”缺少名称",
        ),
        (
            r#"{"year": 2027, "days": [{"name": "国庆节", "date": "2026-10-01", "isOffDay": true}]}"#,
            "calendar.out_of_year",
            "第1项：日期“2026-10-01”不属于 2027 年",
        ),
        (
            r#"{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}, {"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#,
            "calendar.duplicate_date",
            "第2项：日期“2027-01-01”重复出现（第1项已有）",
        ),
        (
            r#"{"year": 2027, "days": [{"name": "元旦", "isOffDay": true}]}"#,
            "calendar.bad_shape",
            "第1项：缺少“date”（日期）",
        ),
    ];
    for (text, code, fragment) in rows {
        let mut cal = Calendar::default();
        let err = cal
            .import_holiday_cn_json(text)
            .expect_err("bad JSON must be rejected");
        assert_eq!(err.code(), *code, "code for {text}");
        assert!(
            err.to_string().contains(fragment),
            "message for {text} should contain {fragment:?}, got {err}"
        );
        assert!(cal.loaded_years().is_empty(), "nothing loaded after {text}");
    }
}

// ---------------------------------------------------------------------------------------
// Properties

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // 2005-01-01 .. 2028-12-31: loaded years and unloaded years on both sides.
    (0u64..8766).prop_map(|offset| d("2005-01-01") + Days::new(offset))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn working_day_deadline_lands_on_a_working_day(
        date in any_date(), n in 0u32..40, hour in 0u32..24,
    ) {
        let cal = Calendar::builtin();
        let start = close_of(date, NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(END_OF_DAY));
        let got = due(&cal, start, wd(n), EOD);
        let day = got.at.date_naive();
        prop_assert!(cal.is_working_day(day), "due {day} must be a working day");
        prop_assert_eq!(got.at.time(), END_OF_DAY, "due at the close of the day");
        prop_assert_eq!(got.at.offset().local_minus_utc(), 8 * 3600, "+08:00");
        if n >= 1 {
            prop_assert!(day > date, "the day of receipt never counts");
            prop_assert_eq!(working_days_between(&cal, date, day), i64::from(n),
                "exactly N working days after the start date");
        }
        let all_loaded = (date.year()..=day.year()).all(|y| cal.is_year_loaded(y));
        prop_assert_eq!(got.provisional, !all_loaded, "provisional iff a consulted year is unloaded");
    }

    #[test]
    fn adding_n_then_m_equals_adding_n_plus_m(
        date in any_date(), n in 0i64..60, m in 0i64..60,
    ) {
        let cal = Calendar::builtin();
        prop_assert_eq!(
            add_working_days(&cal, add_working_days(&cal, date, n), m),
            add_working_days(&cal, date, n + m),
            "forwards"
        );
        prop_assert_eq!(
            add_working_days(&cal, add_working_days(&cal, date, -n), -m),
            add_working_days(&cal, date, -(n + m)),
            "backwards"
        );
    }

    #[test]
    fn between_inverts_add(date in any_date(), n in -60i64..60) {
        let cal = Calendar::builtin();
        let to = add_working_days(&cal, date, n);
        if n >= 0 || cal.is_working_day(date) {
            prop_assert_eq!(working_days_between(&cal, date, to), n, "between(from, add(from, n)) == n");
        }
        prop_assert_eq!(
            working_days_between(&cal, date, to),
            -working_days_between(&cal, to, date),
            "between is antisymmetric"
        );
        if n != 0 {
            prop_assert!(cal.is_working_day(to), "a non-zero step lands on a working day");
        }
    }

    #[test]
    fn csv_round_trip_of_arbitrary_marks(
        entries in proptest::collection::btree_map(0u64..365, (any::<bool>(), "[\\u{4e00}-\\u{9fa5}]{1,6}"), 1..20),
    ) {
        let marks: Vec<(NaiveDate, DayMark)> = entries
            .into_iter()
            .map(|(offset, (off, name))| {
                let kind = if off { DayKind::Holiday } else { DayKind::Workday };
                (d("2030-01-01") + Days::new(offset), DayMark { kind, name })
            })
            .collect();
        let mut cal = Calendar::default();
        cal.load_year(2030, marks.clone());
        let mut other = Calendar::default();
        prop_assert_eq!(other.import_csv(2030, &cal.export_csv(2030)), Ok(marks.len()), "imports");
        prop_assert_eq!(other.marks(2030), marks.clone(), "CSV round trip");
        let mut third = Calendar::default();
        prop_assert_eq!(third.import_holiday_cn_json(&cal.export_holiday_cn_json(2030)), Ok(2030), "imports");
        prop_assert_eq!(third.marks(2030), marks, "JSON round trip");
    }
}

// ---------------------------------------------------------------------------------------
// Cross-check against the published data

/// Resolves `ZHITONG_HOLIDAY_CN_DIR`: as given (relative to the test's working directory,
/// the crate), else relative to the workspace root.
fn holiday_cn_dir() -> Option<PathBuf> {
    let raw = std::env::var_os("ZHITONG_HOLIDAY_CN_DIR")?;
    let given = PathBuf::from(&raw);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let candidates = [given.clone(), root.join(&given)];
    match candidates.iter().find(|p| p.is_dir()) {
        Some(dir) => Some(dir.clone()),
        None => panic!(
            "ZHITONG_HOLIDAY_CN_DIR={} is not a readable directory (tried {:?})",
            given.display(),
            candidates
        ),
    }
}

#[test]
fn builtin_matches_published_holiday_cn_data() {
    let Some(dir) = holiday_cn_dir() else {
        println!("skipped: set ZHITONG_HOLIDAY_CN_DIR");
        return;
    };
    let mut published: BTreeMap<NaiveDate, (bool, String)> = BTreeMap::new();
    for year in 2007..=2026 {
        let path = dir.join(format!("{year}.json"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let value: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
        assert_eq!(value["year"], year, "{} holds its own year", path.display());
        let days = value["days"].as_array().expect("days array");
        for day in days {
            let date = d(day["date"].as_str().expect("date string"));
            let off = day["isOffDay"].as_bool().expect("isOffDay bool");
            let name = day["name"].as_str().expect("name string").to_string();
            published.insert(date, (off, name));
        }
    }
    let cal = Calendar::builtin();
    let mut date = d("2007-01-01");
    let mut checked = 0;
    while date <= d("2026-12-31") {
        let expected = match published.get(&date) {
            Some((off, _)) => !off,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        };
        assert_eq!(
            cal.is_working_day(date),
            expected,
            "{date}: built-in table disagrees with the published data"
        );
        assert!(
            !cal.day(date).provisional,
            "{date}: announced years are not provisional"
        );
        checked += 1;
        date = date.succ_opt().expect("next date");
    }
    assert_eq!(checked, 7305, "every date 2007-01-01..2026-12-31 checked");
    for (date, (off, name)) in &published {
        let marks = cal.marks(date.year());
        let mark = marks
            .iter()
            .find(|(d, _)| d == date)
            .map(|(_, m)| m.clone());
        let kind = if *off {
            DayKind::Holiday
        } else {
            DayKind::Workday
        };
        assert_eq!(
            mark,
            Some(DayMark {
                kind,
                name: name.clone()
            }),
            "{date}: listed with the published kind and name"
        );
    }
    let listed: usize = (2006..=2026).map(|y| cal.marks(y).len()).sum();
    assert_eq!(
        listed,
        published.len(),
        "the built-in table lists nothing extra"
    );
}

#[test]
fn a_calendar_file_reads_the_same_from_cli_and_desktop_with_or_without_a_bom() {
    let json =
        r#"{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#;
    let csv = "date,kind,name\n2027-01-01,holiday,元旦\n2026-12-27,workday,元旦\n2027-02-06,workday,春节\n";
    for (what, text, year, want_year, want_days) in [
        ("holiday-cn JSON", json.to_string(), None, 2027, 1),
        (
            "JSON saved with a BOM",
            format!("\u{feff}{json}"),
            None,
            2027,
            1,
        ),
        ("CSV, year from its dates", csv.to_string(), None, 2027, 3),
        (
            "CSV with a BOM (Excel)",
            format!("\u{feff}{csv}"),
            None,
            2027,
            3,
        ),
        ("CSV, year given", csv.to_string(), Some(2027), 2027, 3),
    ] {
        let t = parse_year_file(&text, year).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(
            (t.year, t.marks.len()),
            (want_year, want_days),
            "{what}: the year and its adjusted days"
        );
    }
    let e = parse_year_file("date,kind,name\n2027-13-01,holiday,元旦\n", None)
        .expect_err("a bad date is refused");
    assert!(
        e.to_string().contains("第2行"),
        "the message names the line: {e}"
    );
}

#[test]
fn working_days_in_a_span_match_counting_day_by_day() {
    let mut cal = Calendar::builtin();
    // A weekday made a day off and a Sunday made a working day by the clerk, too.
    cal.set_day(
        d("2025-03-12"),
        Some(DayMark {
            kind: DayKind::Holiday,
            name: "停电".into(),
        }),
    );
    cal.set_day(
        d("2025-03-16"),
        Some(DayMark {
            kind: DayKind::Workday,
            name: "补班".into(),
        }),
    );
    let by_day = |a: NaiveDate, b: NaiveDate| -> i64 {
        let mut n = 0;
        let mut day = a;
        while day < b {
            day = day + Days::new(1);
            if cal.is_working_day(day) {
                n += 1;
            }
        }
        n
    };
    let mut start = d("2023-12-20");
    while start < d("2026-02-10") {
        for len in [0u64, 1, 2, 3, 5, 6, 7, 8, 13, 30, 45, 200, 800] {
            let end = start + Days::new(len);
            assert_eq!(
                cal.working_days_in(start, end),
                by_day(start, end),
                "({start}, {end}]"
            );
            assert_eq!(
                working_days_between(&cal, end, start),
                -by_day(start, end),
                "backwards ({start}, {end}]"
            );
        }
        start = start + Days::new(3);
    }
    assert_eq!(cal.working_days_in(d("2025-03-20"), d("2025-03-10")), 0);
}
