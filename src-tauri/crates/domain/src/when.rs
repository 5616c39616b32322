//! The one parser of dates and times as clerks write them (in a ledger cell, on the
//! command line, in a progress note): `2025-3-5`, `2025/3/5 14:30`, `2025.3.5`,
//! `2025年3月5日`, `20250305`, RFC 3339, full-width digits, Excel serials, and `3月5日`
//! when the caller knows the year. Guarantees: pure (no clock), never panics, and never
//! guesses a missing year — a date without one reads only with a `year` given.

use std::sync::LazyLock;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use regex::Regex;

use crate::{china, Instant};

/// Full-width digits and punctuation (as an IME types them) turned half-width, spaces
/// (including the ideographic one) collapsed, trimmed.
pub fn half_width(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '／' => '/',
            '－' | '—' | '–' => '-',
            '．' | '。' => '.',
            '：' => ':',
            '\u{3000}' | '\u{a0}' => ' ',
            c => c,
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Days from Excel's epoch (1899-12-30) to a date serial (whole part: the day, fraction:
/// the time of day). `None` outside 1900-01-01..9999-12-31.
pub fn excel_serial(v: f64) -> Option<NaiveDateTime> {
    if !(1.0..2_958_466.0).contains(&v) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let secs = (v * 86_400.0).round() as i64;
    Some(base + Duration::seconds(secs))
}

const TIME: &str = r"(?:\s*(\d{1,2})\s*[:时点]\s*(\d{1,2})?\s*分?(?:\s*:\s*(\d{1,2})\s*秒?)?)?";

static FULL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(\d{{4}})\s*[-/.年]\s*(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*[日号]?(?:T|\s)?{TIME}$"
    ))
    .expect("valid date pattern")
});
static YEARLESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*[日号]?{TIME}$"
    ))
    .expect("valid date pattern")
});

/// How a text was read, for messages that say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// The text names its year (or is a serial).
    Dated,
    /// `3月5日`: the year is the one the caller gave.
    YearGiven,
}

fn time_of(c: &regex::Captures<'_>, first: usize, default_time: NaiveTime) -> Option<NaiveTime> {
    let num = |i: usize| c.get(i).map(|m| m.as_str().parse::<u32>().ok());
    match num(first) {
        None => Some(default_time),
        Some(h) => NaiveTime::from_hms_opt(
            h?,
            num(first + 1).flatten().unwrap_or(0),
            num(first + 2).flatten().unwrap_or(0),
        ),
    }
}

/// Reads a date or date-time in China time. A bare date means `default_time` on that day;
/// `year` is used only for a text that names no year (`3月5日`).
pub fn parse_naive(
    s: &str,
    default_time: NaiveTime,
    year: Option<i32>,
) -> Option<(NaiveDateTime, Read)> {
    let t = half_width(s);
    if let Ok(v) = chrono::DateTime::parse_from_rfc3339(&t) {
        return Some((v.with_timezone(&china()).naive_local(), Read::Dated));
    }
    let t = t.strip_suffix("+08:00").unwrap_or(&t).trim();
    if t.is_empty() {
        return None;
    }
    if let Some(c) = FULL.captures(t) {
        let n = |i: usize| c.get(i)?.as_str().parse::<u32>().ok();
        let d = NaiveDate::from_ymd_opt(n(1)? as i32, n(2)?, n(3)?)?;
        return Some((d.and_time(time_of(&c, 4, default_time)?), Read::Dated));
    }
    if let Some(c) = YEARLESS.captures(t) {
        let n = |i: usize| c.get(i)?.as_str().parse::<u32>().ok();
        let d = NaiveDate::from_ymd_opt(year?, n(1)?, n(2)?)?;
        return Some((d.and_time(time_of(&c, 3, default_time)?), Read::YearGiven));
    }
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let d = NaiveDate::parse_from_str(t, "%Y%m%d").ok()?;
        return Some((d.and_time(default_time), Read::Dated));
    }
    let serial = t.parse::<f64>().ok().filter(|v| *v > 20_000.0)?;
    excel_serial(serial).map(|n| (n, Read::Dated))
}

/// [`parse_naive`] as an instant at +08:00.
pub fn parse(s: &str, default_time: NaiveTime, year: Option<i32>) -> Option<Instant> {
    let (n, _) = parse_naive(s, default_time, year)?;
    n.and_local_timezone(china()).single()
}

/// Whether `s` is a month and day without a year (`3月5日`), which reads only with a year.
pub fn lacks_year(s: &str) -> bool {
    YEARLESS.is_match(&half_width(s))
}
