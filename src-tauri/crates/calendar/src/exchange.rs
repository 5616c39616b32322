//! Import and export of one calendar year: a holiday-cn style JSON file
//! (`{"year":..,"days":[{"name","date","isOffDay"}]}`) and a simple CSV
//! (`date,holiday|workday,name`, header optional). Guarantees: imports never panic on bad
//! input; every problem is a [`CalendarError`] naming the line (CSV) or entry (JSON) in
//! Chinese; exporting a year and importing it again gives the same marks.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use serde_json::Value;

use crate::error::{CalendarError, Place};
use crate::table::{Calendar, DayKind, DayMark};

/// The smallest and largest year accepted in an import.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// One year's notice as read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearTable {
    pub year: i32,
    pub marks: Vec<(NaiveDate, DayMark)>,
}

/// Parses a date written `YYYY-MM-DD` (also `YYYY/M/D`, as spreadsheets often rewrite it).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim().replace('/', "-");
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || y.len() != 4
        || !(1..=2).contains(&m.len())
        || !(1..=2).contains(&d.len())
    {
        return None;
    }
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(y) && all_digits(m) && all_digits(d)) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Whether `date` may appear in the notice for `year`: the year itself, the December
/// before it or the January after it.
pub fn belongs_to_notice(date: NaiveDate, year: i32) -> bool {
    date.year() == year
        || (date.year() == year - 1 && date.month() == 12)
        || (date.year() == year + 1 && date.month() == 1)
}

/// Removes surrounding double quotes of a CSV field, undoubling inner `""`.
fn unquote(field: &str) -> String {
    let field = field.trim();
    match field
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
    {
        Some(inner) => inner.replace("\"\"", "\""),
        None => field.to_string(),
    }
}

/// Splits a CSV line on commas (ASCII or full-width), honouring double quotes.
fn split_csv_line(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' | '，' if !quoted => fields.push(unquote(&std::mem::take(&mut current))),
            _ => current.push(c),
        }
    }
    fields.push(unquote(&current));
    fields
}

/// Parses the CSV format `date,holiday|workday,name`. Header optional (a first line whose
/// first column has no digit); blank lines and lines starting with `#` are skipped; a UTF-8
/// BOM is ignored; commas may be ASCII or full-width. Dates must be unique.
pub fn parse_csv(text: &str) -> Result<Vec<(NaiveDate, DayMark)>, CalendarError> {
    Ok(parse_csv_numbered(text)?
        .into_iter()
        .map(|(_, date, mark)| (date, mark))
        .collect())
}

/// [`parse_csv`], keeping each date's 1-based line number.
fn parse_csv_numbered(text: &str) -> Result<Vec<(usize, NaiveDate, DayMark)>, CalendarError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut marks = Vec::new();
    let mut seen: HashMap<NaiveDate, usize> = HashMap::new();
    let mut header_allowed = true;
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let place = Place::Line(number);
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields = split_csv_line(line);
        let first = fields.first().map(String::as_str).unwrap_or("");
        if header_allowed {
            header_allowed = false;
            // A header is a first line whose first column holds no digit ("date", "日期", …).
            if !first.is_empty() && !first.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
        }
        let date = parse_date(first).ok_or_else(|| CalendarError::BadDate {
            place,
            value: first.to_string(),
        })?;
        let (kind, name) = match fields.as_slice() {
            [_, kind, name] => (kind.as_str(), name.trim()),
            [_, kind] => (kind.as_str(), ""),
            _ => {
                return Err(CalendarError::BadColumns {
                    place,
                    found: fields.len(),
                })
            }
        };
        let kind = DayKind::parse(kind).ok_or_else(|| CalendarError::BadKind {
            place,
            value: kind.trim().to_string(),
        })?;
        let mark = day_mark(&mut seen, (place, number), date, kind, name, Place::Line)?;
        marks.push((number, date, mark));
    }
    if marks.is_empty() {
        return Err(CalendarError::Empty);
    }
    Ok(marks)
}

/// Reads a calendar file as a clerk gets it: holiday-cn JSON (the year is in the file),
/// or CSV `date,holiday|workday,name` whose year is `year` if given, else the year most
/// of its dates fall in. A byte-order mark (Excel's UTF-8) is ignored. The one reader
/// behind the CLI's `calendar import` and the desktop's 导入节假日安排.
pub fn parse_year_file(text: &str, year: Option<i32>) -> Result<YearTable, CalendarError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        return parse_holiday_cn_json(text);
    }
    let marks = parse_csv(text)?;
    let year = year.unwrap_or_else(|| {
        let mut years = std::collections::BTreeMap::<i32, usize>::new();
        for (d, _) in &marks {
            *years.entry(d.year()).or_default() += 1;
        }
        years
            .into_iter()
            .max_by_key(|&(y, n)| (n, std::cmp::Reverse(y)))
            .map(|(y, _)| y)
            .unwrap_or_default()
    });
    Ok(YearTable { year, marks })
}

/// Parses a holiday-cn year file. Unknown fields (`$schema`, `papers`, …) are ignored.
pub fn parse_holiday_cn_json(text: &str) -> Result<YearTable, CalendarError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|e| CalendarError::BadJson {
        line: e.line(),
        column: e.column(),
    })?;
    let shape = |place: Place, what: &str| CalendarError::BadShape {
        place,
        what: what.to_string(),
    };
    let object = value
        .as_object()
        .ok_or_else(|| shape(Place::File, "文件内容不是一个 JSON 对象"))?;
    let year = match object.get("year") {
        None => return Err(shape(Place::File, "缺少“year”（年份）")),
        Some(Value::Number(n)) => n
            .as_i64()
            .and_then(|y| i32::try_from(y).ok())
            .filter(|y| YEARS.contains(y))
            .ok_or_else(|| CalendarError::BadYear {
                value: n.to_string(),
            })?,
        Some(Value::String(s)) => s
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|y| YEARS.contains(y))
            .ok_or_else(|| CalendarError::BadYear { value: s.clone() })?,
        Some(other) => {
            return Err(CalendarError::BadYear {
                value: other.to_string(),
            })
        }
    };
    let days = object
        .get("days")
        .and_then(Value::as_array)
        .ok_or_else(|| shape(Place::File, "缺少“days”（日期列表）"))?;
    let mut marks = Vec::with_capacity(days.len());
    let mut seen: HashMap<NaiveDate, usize> = HashMap::new();
    for (index, day) in days.iter().enumerate() {
        let number = index + 1;
        let place = Place::Entry(number);
        let day = day
            .as_object()
            .ok_or_else(|| shape(place, "这一项不是 JSON 对象"))?;
        let date_text = match day.get("date") {
            Some(Value::String(s)) => s.as_str(),
            Some(other) => {
                return Err(CalendarError::BadDate {
                    place,
                    value: other.to_string(),
                })
            }
            None => return Err(shape(place, "缺少“date”（日期）")),
        };
        let date = parse_date(date_text).ok_or_else(|| CalendarError::BadDate {
            place,
            value: date_text.to_string(),
        })?;
        let canonical = date.format("%Y-%m-%d").to_string();
        if !belongs_to_notice(date, year) {
            return Err(CalendarError::OutOfYear {
                place,
                date: canonical,
                year,
            });
        }
        let kind = match day.get("isOffDay") {
            Some(Value::Bool(true)) => DayKind::Holiday,
            Some(Value::Bool(false)) => DayKind::Workday,
            Some(other) => {
                return Err(CalendarError::BadKind {
                    place,
                    value: other.to_string(),
                })
            }
            None => return Err(shape(place, "缺少“isOffDay”（true 放假 / false 上班）")),
        };
        let name = day
            .get("name")
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or("");
        let mark = day_mark(&mut seen, (place, number), date, kind, name, Place::Entry)?;
        marks.push((date, mark));
    }
    if marks.is_empty() {
        return Err(CalendarError::Empty);
    }
    Ok(YearTable { year, marks })
}

/// One day of a calendar file, once its date and kind are read: a name is required and
/// a date may appear once (`seen` maps each date to the line or entry it was on).
fn day_mark(
    seen: &mut HashMap<NaiveDate, usize>,
    (place, number): (Place, usize),
    date: NaiveDate,
    kind: DayKind,
    name: &str,
    place_of: fn(usize) -> Place,
) -> Result<DayMark, CalendarError> {
    let date_text = || date.format("%Y-%m-%d").to_string();
    if name.is_empty() {
        return Err(CalendarError::MissingName {
            place,
            date: date_text(),
        });
    }
    if let Some(first) = seen.insert(date, number) {
        return Err(CalendarError::DuplicateDate {
            place,
            date: date_text(),
            first: place_of(first),
        });
    }
    Ok(DayMark {
        kind,
        name: name.to_string(),
    })
}

/// Writes marks as CSV with a `date,kind,name` header.
pub fn to_csv(marks: &[(NaiveDate, DayMark)]) -> String {
    let mut out = String::from("date,kind,name\n");
    for (date, mark) in marks {
        let name = if mark.name.contains([',', '"', '，']) {
            format!("\"{}\"", mark.name.replace('"', "\"\""))
        } else {
            mark.name.clone()
        };
        out.push_str(&format!(
            "{},{},{}\n",
            date.format("%Y-%m-%d"),
            mark.kind.as_str(),
            name
        ));
    }
    out
}

#[derive(Serialize)]
struct HolidayCnFile<'a> {
    year: i32,
    papers: Vec<String>,
    days: Vec<HolidayCnDay<'a>>,
}

#[derive(Serialize)]
struct HolidayCnDay<'a> {
    name: &'a str,
    date: String,
    #[serde(rename = "isOffDay")]
    is_off_day: bool,
}

/// Writes marks as a holiday-cn year file (pretty-printed, `papers` empty).
pub fn to_holiday_cn_json(year: i32, marks: &[(NaiveDate, DayMark)]) -> String {
    let file = HolidayCnFile {
        year,
        papers: Vec::new(),
        days: marks
            .iter()
            .map(|(date, mark)| HolidayCnDay {
                name: &mark.name,
                date: date.format("%Y-%m-%d").to_string(),
                is_off_day: mark.kind == DayKind::Holiday,
            })
            .collect(),
    };
    // Serialising plain strings, numbers and booleans cannot fail.
    serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
}

impl Calendar {
    /// Imports `year` from CSV text, replacing that year (see [`Calendar::load_year`]).
    /// Every date must belong to the year's notice (the year, or the December before / the
    /// January after it). Returns the number of dates imported. On error nothing changes.
    pub fn import_csv(&mut self, year: i32, text: &str) -> Result<usize, CalendarError> {
        if !YEARS.contains(&year) {
            return Err(CalendarError::BadYear {
                value: year.to_string(),
            });
        }
        let numbered = parse_csv_numbered(text)?;
        if let Some((line, date, _)) = numbered
            .iter()
            .find(|(_, date, _)| !belongs_to_notice(*date, year))
        {
            return Err(CalendarError::OutOfYear {
                place: Place::Line(*line),
                date: date.format("%Y-%m-%d").to_string(),
                year,
            });
        }
        let count = numbered.len();
        self.load_year(
            year,
            numbered
                .into_iter()
                .map(|(_, date, mark)| (date, mark))
                .collect(),
        );
        Ok(count)
    }

    /// Imports a holiday-cn year file, replacing that year. Returns the year. On error
    /// nothing changes.
    pub fn import_holiday_cn_json(&mut self, text: &str) -> Result<i32, CalendarError> {
        let table = parse_holiday_cn_json(text)?;
        self.load_year(table.year, table.marks);
        Ok(table.year)
    }

    /// The listed dates of `year` as CSV (`date,kind,name` header).
    pub fn export_csv(&self, year: i32) -> String {
        to_csv(&self.marks(year))
    }

    /// The listed dates of `year` as a holiday-cn year file.
    pub fn export_holiday_cn_json(&self, year: i32) -> String {
        to_holiday_cn_json(year, &self.marks(year))
    }
}
