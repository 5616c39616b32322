//! Errors of the calendar crate. Every message is Simplified Chinese that a clerk can act on
//! (what is wrong, where, and how to fix it); every variant also has a stable machine code
//! (`CalendarError::code`) that never changes with the wording.

use std::fmt;

/// Where in an imported file a problem was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    /// A line of a CSV file, counted from 1 (the header line counts too).
    Line(usize),
    /// An entry of the `days` list of a holiday-cn JSON file, counted from 1.
    Entry(usize),
    /// The file as a whole.
    File,
}

impl Place {
    /// The message prefix for this place: "第3行：", "第3项：" or nothing.
    pub fn prefix(&self) -> String {
        match self {
            Place::File => String::new(),
            other => format!("{other}："),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Line(n) => write!(f, "第{n}行"),
            Place::Entry(n) => write!(f, "第{n}项"),
            Place::File => f.write_str("文件"),
        }
    }
}

/// Everything that can go wrong when importing a calendar year.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A date that is not a real `YYYY-MM-DD` date.
    #[error("{}日期“{value}”无效，应为 YYYY-MM-DD 格式的真实日期", .place.prefix())]
    BadDate { place: Place, value: String },

    /// The kind column is neither holiday nor workday.
    #[error("{}类型“{value}”无效，应为 holiday（放假）或 workday（调休上班）", .place.prefix())]
    BadKind { place: Place, value: String },

    /// A CSV line without exactly three columns.
    #[error(
        "{}应有 3 列（日期,holiday|workday,名称），实际有 {found} 列，请按“2026-10-01,holiday,国庆节”的格式填写",
        .place.prefix()
    )]
    BadColumns { place: Place, found: usize },

    /// A date without a holiday name.
    #[error("{}日期“{date}”缺少名称，请填写节日名称（如“国庆节”）", .place.prefix())]
    MissingName { place: Place, date: String },

    /// The same date listed twice.
    #[error("{}日期“{date}”重复出现（{first}已有），请删除重复的一行", .place.prefix())]
    DuplicateDate {
        place: Place,
        date: String,
        first: Place,
    },

    /// A date that does not belong to the year being imported.
    #[error(
        "{}日期“{date}”不属于 {year} 年的节假日安排（只允许 {year} 年内及前后相邻的 12 月、1 月），请检查年份或分年导入",
        .place.prefix()
    )]
    OutOfYear {
        place: Place,
        date: String,
        year: i32,
    },

    /// A year number outside the supported range.
    #[error("年份“{value}”无效，应为 1900 至 2100 之间的四位数年份")]
    BadYear { value: String },

    /// The file is not syntactically valid JSON.
    #[error(
        "第{line}行第{column}列：JSON 格式错误，文件可能不完整或被改动，请重新下载或导出 holiday-cn 格式的年度文件"
    )]
    BadJson { line: usize, column: usize },

    /// Valid JSON, but not shaped like a holiday-cn year file.
    #[error(
        "{}{what}，holiday-cn 年度文件应形如 {{\"year\":2026,\"days\":[{{\"name\":\"元旦\",\"date\":\"2026-01-01\",\"isOffDay\":true}}]}}",
        .place.prefix()
    )]
    BadShape { place: Place, what: String },

    /// The file lists no dates at all.
    #[error("文件中没有任何日期，请确认选择了正确的文件")]
    Empty,
}

impl CalendarError {
    /// A stable machine code for this error, e.g. `"calendar.bad_date"`.
    pub fn code(&self) -> &'static str {
        match self {
            CalendarError::BadDate { .. } => "calendar.bad_date",
            CalendarError::BadKind { .. } => "calendar.bad_kind",
            CalendarError::BadColumns { .. } => "calendar.bad_columns",
            CalendarError::MissingName { .. } => "calendar.missing_name",
            CalendarError::DuplicateDate { .. } => "calendar.duplicate_date",
            CalendarError::OutOfYear { .. } => "calendar.out_of_year",
            CalendarError::BadYear { .. } => "calendar.bad_year",
            CalendarError::BadJson { .. } => "calendar.bad_json",
            CalendarError::BadShape { .. } => "calendar.bad_shape",
            CalendarError::Empty => "calendar.empty",
        }
    }

    /// Where in the file the problem is, when it is tied to one line or entry.
    pub fn place(&self) -> Option<Place> {
        match self {
            CalendarError::BadDate { place, .. }
            | CalendarError::BadKind { place, .. }
            | CalendarError::BadColumns { place, .. }
            | CalendarError::MissingName { place, .. }
            | CalendarError::DuplicateDate { place, .. }
            | CalendarError::OutOfYear { place, .. }
            | CalendarError::BadShape { place, .. } => Some(*place),
            CalendarError::BadJson { line, .. } => Some(Place::Line(*line)),
            CalendarError::BadYear { .. } | CalendarError::Empty => None,
        }
    }
}
