//! Reading an existing ledger kept in Excel (xlsx/xls/ods) or CSV as clerks keep it: the
//! worksheet whose header names the most fields becomes a [`Table`] (title rows above the
//! header skipped, a two-row header joined, blank/合计/repeated-header/note lines set
//! aside and listed), a [`ColumnMapping`] (saved as JSON and remembered) says which column
//! holds which field, [`preview`] shows the first rows as they will be read, and
//! [`to_rows`] turns every data row into a `zhitong_store::ImportRow` for the store's
//! one-transaction import. Guarantees: every cell problem (an unreadable date, an unknown
//! A/B/C class…) is reported with the row number and a Chinese reason, never silently
//! dropped; a line that is not a case is listed with its row number, never reported as an
//! error nor imported; a date without a year reads only with a year named by the sheet,
//! and the preview says where it came from; a row's hash depends only on its mapped
//! cells, so the same row in the same file always has the same key.

use std::collections::BTreeMap;
use std::path::Path;

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime};
use regex::Regex;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zhitong_domain::{
    when, CaseState, ContactInput, EnterpriseInput, Instant, NewCase, Outcome, Satisfaction,
};
use zhitong_store::{
    BadRow, ImportOptions, ImportReport, ImportRow, ImportedEvaluation, Ledger, NotCaseKind,
    NotCaseRow, Operator,
};

use crate::error::{ReportError, Result};
use crate::sheet::Grid;
use crate::Progress;

/// The fields a ledger column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Field {
    RegNo,
    ReceivedAt,
    Enterprise,
    CreditCode,
    Address,
    Contact,
    Title,
    Phone,
    Email,
    Channel,
    Nature,
    Category,
    Summary,
    Description,
    Lead,
    AssignedAt,
    DueAt,
    Process,
    Result,
    ReplyAt,
    Evaluation,
    State,
    ClosedAt,
}

impl Field {
    pub const ALL: [Field; 23] = [
        Field::RegNo,
        Field::ReceivedAt,
        Field::Enterprise,
        Field::CreditCode,
        Field::Address,
        Field::Contact,
        Field::Title,
        Field::Phone,
        Field::Email,
        Field::Channel,
        Field::Nature,
        Field::Category,
        Field::Summary,
        Field::Description,
        Field::Lead,
        Field::AssignedAt,
        Field::DueAt,
        Field::Process,
        Field::Result,
        Field::ReplyAt,
        Field::Evaluation,
        Field::State,
        Field::ClosedAt,
    ];

    /// The Chinese name shown in the mapping dialog.
    pub fn label(self) -> &'static str {
        self.names()[0]
    }

    /// Column titles recognised for this field (the first is the canonical one).
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Field::RegNo => &["登记编号", "编号", "登记号", "序号编号"],
            Field::ReceivedAt => &[
                "反映时间",
                "登记时间",
                "受理时间",
                "来电时间",
                "反映日期",
                "登记日期",
            ],
            Field::Enterprise => &["企业", "企业名称", "反映企业", "单位名称"],
            Field::CreditCode => &["统一社会信用代码", "信用代码"],
            Field::Address => &["详细地址", "企业地址", "地址"],
            Field::Contact => &["联系人", "反映人"],
            Field::Title => &["职务"],
            Field::Phone => &["电话", "联系电话", "手机", "联系方式"],
            Field::Email => &["电子邮箱", "邮箱"],
            Field::Channel => &["反映渠道", "渠道", "反映形式", "来源"],
            Field::Nature => &["诉求性质", "性质", "诉求类型"],
            Field::Category => &["类别", "问题类别", "问题类型"],
            Field::Summary => &["问题摘要", "摘要", "反映问题", "诉求内容"],
            Field::Description => &["企业反映困难问题", "问题描述", "详细情况", "具体问题"],
            Field::Lead => &[
                "责任单位",
                "牵头单位",
                "承办单位",
                "办理部门",
                "牵头办理部室",
            ],
            Field::AssignedAt => &["交办日期", "交办时间"],
            Field::DueAt => &["办结时限", "时限", "办理时限"],
            Field::Process => &["办理过程", "办理情况", "进展情况"],
            Field::Result => &["办理结果", "结果"],
            Field::ReplyAt => &["答复日期", "答复时间", "反馈日期"],
            Field::Evaluation => &["评价", "满意度", "企业评价", "回访评价"],
            Field::State => &["状态", "办理状态"],
            Field::ClosedAt => &["办结日期", "销号日期", "办结时间"],
        }
    }
}

/// Which column holds which field, plus values for fields the file does not have.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ColumnMapping {
    /// Worksheet to read; `None` = the first one.
    pub sheet: Option<String>,
    /// 1-based row holding the column titles; `None` = found automatically.
    pub header_row: Option<usize>,
    /// Field → column title as written in the file.
    pub columns: BTreeMap<Field, String>,
    /// Used when the file has no 反映渠道 column (or the cell is empty).
    pub default_channel: String,
    /// Used when the file has no 诉求性质 column.
    pub default_nature: String,
    /// Used when the file has no 类别 column.
    pub default_category: String,
    /// The level 较满意 (比较满意) counts as: 满意 by default (it is a degree of
    /// satisfaction), 一般 when the centre reads it so. The words are kept either way.
    pub fairly_satisfied: Satisfaction,
}

impl Default for ColumnMapping {
    fn default() -> Self {
        ColumnMapping {
            sheet: None,
            header_row: None,
            columns: BTreeMap::new(),
            default_channel: String::new(),
            default_nature: String::new(),
            default_category: String::new(),
            fairly_satisfied: Satisfaction::Satisfied,
        }
    }
}

impl ColumnMapping {
    /// Maps every column whose title is a known name of a field.
    pub fn guess(headers: &[String]) -> ColumnMapping {
        let mut columns = BTreeMap::new();
        for f in Field::ALL {
            let found = f.names().iter().find_map(|n| {
                headers
                    .iter()
                    .find(|h| normalise(h) == *n)
                    .map(|h| h.trim().to_string())
            });
            if let Some(h) = found {
                if !columns.values().any(|v| *v == h) {
                    columns.insert(f, h);
                }
            }
        }
        ColumnMapping {
            sheet: None,
            header_row: None,
            columns,
            default_channel: "其他".into(),
            default_nature: "求助".into(),
            default_category: "其它".into(),
            fairly_satisfied: Satisfaction::Satisfied,
        }
    }

    /// Reads a mapping saved with [`ColumnMapping::save`].
    pub fn load(path: &Path) -> Result<ColumnMapping> {
        let text = std::fs::read_to_string(path).map_err(|e| ReportError::Read {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        serde_json::from_str(&text).map_err(|e| {
            ReportError::Mapping(format!("{} 不是有效的列对应文件：{e}", path.display()))
        })
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self).expect("mapping serialises");
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(dir);
        }
        std::fs::write(path, text).map_err(|e| ReportError::Write {
            path: path.display().to_string(),
            message: e.to_string(),
        })
    }

    /// Every problem of this mapping against a file's headers (missing columns,
    /// required fields not mapped).
    pub fn problems(&self, headers: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        for (f, h) in &self.columns {
            if !headers.iter().any(|x| x.trim() == h) {
                out.push(format!(
                    "“{}”对应的列“{h}”在文件中找不到，文件的列有：{}",
                    f.label(),
                    headers.join("、")
                ));
            }
        }
        for f in [
            Field::ReceivedAt,
            Field::Enterprise,
            Field::Contact,
            Field::Phone,
        ] {
            if !self.columns.contains_key(&f) {
                out.push(format!("请指定“{}”在哪一列（必填）", f.label()));
            }
        }
        if !self.columns.contains_key(&Field::Summary)
            && !self.columns.contains_key(&Field::Description)
        {
            out.push("请指定“问题摘要”或“企业反映困难问题”在哪一列（至少一个）".into());
        }
        out
    }
}

fn normalise(h: &str) -> String {
    h.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊' | ':' | '：'))
        .collect()
}

/// A ledger sheet as text cells: where its header is, its data rows, and the lines that
/// are not cases.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Table {
    pub sheet: Option<String>,
    /// Every worksheet of the workbook (empty for CSV).
    pub sheets: Vec<String>,
    /// 1-based row of the column titles (the upper row of a two-row header).
    pub header_row: usize,
    /// One title per column; a two-row header is joined into one (合并单元格).
    pub headers: Vec<String>,
    /// (1-based row number in the file, cells), the rows that may be cases.
    pub rows: Vec<(usize, Vec<String>)>,
    /// Lines under the header that are not cases: blank, 合计, repeated header, notes.
    pub skipped: Vec<NotCaseRow>,
    /// The year for dates written without one (`3月5日`), and where it was found.
    pub year: Option<i32>,
    pub year_source: String,
    /// Why this worksheet was read, when the workbook has others.
    pub note: String,
}

/// The field a column title names, if any.
fn known(title: &str) -> Option<Field> {
    let t = normalise(title);
    Field::ALL
        .into_iter()
        .find(|f| f.names().contains(&t.as_str()))
}

/// How many distinct fields a row's cells name.
fn score(cells: &[String]) -> usize {
    let mut fields: Vec<Field> = cells.iter().filter_map(|c| known(c)).collect();
    fields.sort();
    fields.dedup();
    fields.len()
}

fn filled(cells: &[String]) -> usize {
    cells.iter().filter(|c| !c.trim().is_empty()).count()
}

/// The header row among the first rows: the one naming the most fields (at least 2),
/// else the first non-empty row. Returns its index in `rows`.
fn find_header(rows: &[(usize, Vec<String>)]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, (_, r)) in rows.iter().enumerate().take(30) {
        let s = score(r);
        if s >= 2 && best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
        .or_else(|| rows.iter().position(|(_, r)| filled(r) > 0))
}

/// Whether the row under a header is its second row: at least half of its cells are
/// field names (a sub-header under merged cells is sparse, a data row is not).
fn is_sub_header(cells: &[String]) -> bool {
    let s = score(cells);
    s >= 1 && s * 2 >= filled(cells)
}

/// One title per column from a header and its second row: the lower title when it names
/// a field, else the merged upper title (carried right across the merge) joined to it.
fn join_header(top: &[String], sub: &[String]) -> Vec<String> {
    let width = top.len().max(sub.len());
    let cell = |r: &[String], i: usize| r.get(i).map(|c| c.trim().to_string()).unwrap_or_default();
    let mut group = String::new();
    (0..width)
        .map(|i| {
            let (t, s) = (cell(top, i), cell(sub, i));
            if !t.is_empty() {
                group = t.clone();
            } else if s.is_empty() {
                group.clear();
            }
            if s.is_empty() {
                t
            } else if known(&s).is_some() || group.is_empty() {
                s
            } else {
                format!("{group}{s}")
            }
        })
        .collect()
}

const TOTALS: [&str; 4] = ["合计", "小计", "总计", "共计"];
/// How the first cell of a note under the table starts (注：…, 填表人：…).
const NOTES: [&str; 11] = [
    "注:",
    "注：",
    "备注:",
    "备注：",
    "说明:",
    "说明：",
    "填表",
    "制表",
    "审核",
    "填报",
    "统计",
];

/// Why a row under the header is not a case, if it is not.
fn not_case(cells: &[String], header: &[String], sub: Option<&[String]>) -> Option<NotCaseKind> {
    let texts: Vec<String> = cells
        .iter()
        .map(|c| normalise(c))
        .filter(|c| !c.is_empty())
        .collect();
    if texts.is_empty() {
        return None;
    }
    if texts
        .iter()
        .take(3)
        .any(|t| TOTALS.iter().any(|k| t.starts_with(k)))
    {
        return Some(NotCaseKind::Total);
    }
    let same = |h: &[String]| {
        cells
            .iter()
            .zip(h)
            .filter(|(c, h)| !c.trim().is_empty() && normalise(c) == normalise(h))
            .count()
    };
    if (score(cells) >= 2 && same(header) >= 2)
        || sub.is_some_and(|s| same(s) >= 1 && same(s) == texts.len())
    {
        return Some(NotCaseKind::Header);
    }
    let raw = cells
        .iter()
        .map(|c| c.trim())
        .find(|c| !c.is_empty())
        .unwrap_or("");
    if texts.len() == 1 || (texts.len() <= 3 && NOTES.iter().any(|k| raw.starts_with(k))) {
        return Some(NotCaseKind::Note);
    }
    None
}

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(19[9]\d|20\d\d)\s*年?").expect("valid year pattern"));

/// A year named in a title row, the sheet name or the file name (in that order).
fn year_hint(titles: &[String], sheet: Option<&str>, file: &str) -> Option<(i32, String)> {
    let found = |t: &str| YEAR.captures(t).and_then(|c| c[1].parse::<i32>().ok());
    for t in titles {
        if let Some(y) = found(t) {
            return Some((y, format!("表头“{t}”")));
        }
    }
    if let Some(s) = sheet {
        if let Some(y) = found(s) {
            return Some((y, format!("工作表名“{s}”")));
        }
    }
    let name = Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    found(&name).map(|y| (y, format!("文件名“{name}”")))
}

/// Reads a ledger file (see [`crate::sheet`]): the worksheet `sheet`, or the one whose
/// header names the most fields; the header at `header_row`, or found (title rows above
/// it skipped, a two-row header joined).
pub fn read_table(path: &Path, sheet: Option<&str>, header_row: Option<usize>) -> Result<Table> {
    let label = path.display().to_string();
    let grids = crate::sheet::read_path(path, None)?;
    ledger_table(grids, sheet, header_row, &label)
}

/// [`read_table`] for a file already in memory (an upload, a fuzzer's input): `file_name`
/// only picks the format by its extension, exactly as [`read_table`] does with a path,
/// and names the file in error messages. Never panics on malformed bytes.
pub fn read_table_bytes(
    bytes: &[u8],
    file_name: &str,
    sheet: Option<&str>,
    header_row: Option<usize>,
) -> Result<Table> {
    let grids = crate::sheet::read_bytes(bytes, file_name, None)?;
    ledger_table(grids, sheet, header_row, file_name)
}

fn read_error(label: &str, message: String) -> ReportError {
    ReportError::Read {
        path: label.to_string(),
        message,
    }
}

fn ledger_table(
    grids: Vec<Grid>,
    sheet: Option<&str>,
    header_row: Option<usize>,
    label: &str,
) -> Result<Table> {
    let sheets: Vec<String> = grids.iter().filter_map(|g| g.name.clone()).collect();
    let best = {
        let mut best = (0, 0);
        for (i, g) in grids.iter().enumerate() {
            let s = g
                .rows
                .iter()
                .take(30)
                .map(|(_, r)| score(r))
                .max()
                .unwrap_or(0);
            if s > best.1 {
                best = (i, s);
            }
        }
        best.0
    };
    let chosen = match sheet {
        Some(s) => grids
            .iter()
            .position(|g| g.name.as_deref() == Some(s))
            .ok_or_else(|| {
                read_error(
                    label,
                    format!(
                        "没有名为“{s}”的工作表，文件中的工作表：{}",
                        sheets.join("、")
                    ),
                )
            })?,
        None => best,
    };
    let grid = grids.into_iter().nth(chosen).unwrap_or_default();
    // The same words however the sheet was chosen, so a table reads the same again.
    let note = match &grid.name {
        Some(n) if sheets.len() > 1 => format!(
            "读取工作表“{n}”{}；未读取：{}",
            if chosen == best {
                "（它的列标题最全）"
            } else {
                ""
            },
            sheets
                .iter()
                .filter(|s| *s != n)
                .cloned()
                .collect::<Vec<_>>()
                .join("、")
        ),
        _ => String::new(),
    };
    let all = grid.rows;
    let h = match header_row {
        Some(n) => all
            .iter()
            .position(|(row, r)| *row == n && filled(r) > 0)
            .ok_or_else(|| read_error(label, format!("第 {n} 行是空行或不存在，无法作为标题行")))?,
        None => find_header(&all).ok_or_else(|| ReportError::Empty(label.to_string()))?,
    };
    // A two-row header (merged cells above their sub-titles): the found row may be
    // either of its rows; the pair is taken when joining names more fields.
    let joins = |t: usize, b: usize| {
        all.get(b).is_some_and(|(n, r)| {
            *n == all[t].0 + 1
                && is_sub_header(r)
                && score(&join_header(&all[t].1, r)) > score(&all[t].1).max(score(r))
        })
    };
    let (h, sub) = if h > 0 && filled(&all[h - 1].1) > 0 && joins(h - 1, h) {
        (h - 1, Some(all[h].1.clone()))
    } else if joins(h, h + 1) {
        (h, Some(all[h + 1].1.clone()))
    } else {
        (h, None)
    };
    let (header_row, top) = all[h].clone();
    let headers = match &sub {
        Some(s) => join_header(&top, s),
        None => top.iter().map(|c| c.trim().to_string()).collect(),
    };
    let titles: Vec<String> = all[..h]
        .iter()
        .flat_map(|(_, r)| r.iter().filter(|c| !c.trim().is_empty()).cloned())
        .collect();
    let (year, year_source) = year_hint(&titles, grid.name.as_deref(), label).unzip();
    let body = &all[h + 1 + usize::from(sub.is_some())..];
    // Blank rows after the last filled one are the sheet's formatting, not lines to list.
    let end = body
        .iter()
        .rposition(|(_, r)| filled(r) > 0)
        .map_or(0, |i| i + 1);
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    for (no, cells) in &body[..end] {
        let kind = if filled(cells) == 0 {
            Some(NotCaseKind::Blank)
        } else {
            not_case(cells, &top, sub.as_deref())
        };
        match kind {
            Some(kind) => skipped.push(NotCaseRow {
                row_number: *no,
                kind,
                text: cells
                    .iter()
                    .find(|c| !c.trim().is_empty())
                    .map(|c| c.trim().chars().take(30).collect())
                    .unwrap_or_default(),
            }),
            None => rows.push((*no, cells.clone())),
        }
    }
    Ok(Table {
        sheet: grid.name,
        sheets,
        header_row,
        headers,
        rows,
        skipped,
        year,
        year_source: year_source.unwrap_or_default(),
        note,
    })
}

/// The first rows as they will be read, for the import dialog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Preview {
    pub headers: Vec<String>,
    pub header_row: usize,
    pub total_rows: usize,
    /// Field labels in mapping order.
    pub fields: Vec<String>,
    /// (row number, the mapped cells in `fields` order).
    pub rows: Vec<(usize, Vec<String>)>,
    /// Problems of the mapping itself (see [`ColumnMapping::problems`]).
    pub problems: Vec<String>,
    /// For each of `rows`, the cells that will not read (an unknown date, a result
    /// without A/B/C…), as in the dry run; empty while the mapping has problems.
    pub row_issues: Vec<Vec<String>>,
    /// Every line of the sheet that is not a case, with its row number.
    pub skipped: Vec<NotCaseRow>,
    /// Which worksheet was read and why, when the workbook has several.
    pub note: String,
    /// Where the year of dates written without one comes from; empty when none.
    pub year_note: String,
}

pub fn preview(table: &Table, mapping: &ColumnMapping, n: usize) -> Preview {
    let idx = indices(table, mapping);
    let head = Table {
        header_row: table.header_row,
        headers: table.headers.clone(),
        rows: table.rows.iter().take(n).cloned().collect(),
        year: table.year,
        ..Table::default()
    };
    let row_issues = to_rows(&head, mapping)
        .map(|rows| rows.into_iter().map(|r| r.issues).collect())
        .unwrap_or_default();
    let dates: Vec<usize> = [
        Field::ReceivedAt,
        Field::AssignedAt,
        Field::DueAt,
        Field::ReplyAt,
        Field::ClosedAt,
    ]
    .iter()
    .filter_map(|f| idx.get(f).copied())
    .collect();
    let yearless = table.rows.iter().find_map(|(_, cells)| {
        dates
            .iter()
            .filter_map(|i| cells.get(*i))
            .find(|c| when::lacks_year(c))
    });
    let year_note = match (yearless, table.year) {
        (Some(example), Some(y)) => format!(
            "“{example}”这类没写年份的日期按 {y} 年读取（年份取自{}），请核对",
            table.year_source
        ),
        _ => String::new(),
    };
    Preview {
        row_issues,
        skipped: table.skipped.clone(),
        note: table.note.clone(),
        year_note,
        headers: table.headers.clone(),
        header_row: table.header_row,
        total_rows: table.rows.len(),
        fields: idx.keys().map(|f| f.label().to_string()).collect(),
        rows: table
            .rows
            .iter()
            .take(n)
            .map(|(no, cells)| {
                (
                    *no,
                    idx.values()
                        .map(|i| cells.get(*i).cloned().unwrap_or_default())
                        .collect(),
                )
            })
            .collect(),
        problems: mapping.problems(&table.headers),
    }
}

fn indices(table: &Table, mapping: &ColumnMapping) -> BTreeMap<Field, usize> {
    mapping
        .columns
        .iter()
        .filter_map(|(f, h)| {
            table
                .headers
                .iter()
                .position(|x| x.trim() == h.trim())
                .map(|i| (*f, i))
        })
        .collect()
}

/// `A类：答复内容` / `A` / `A类 已经解决或基本解决` → (outcome, text); `不予受理：…`.
fn parse_result(s: &str) -> std::result::Result<(Option<Outcome>, String, bool), String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok((None, String::new(), false));
    }
    if let Some(rest) = t.strip_prefix("不予受理") {
        return Ok((
            None,
            rest.trim_start_matches(['：', ':', ' ']).to_string(),
            true,
        ));
    }
    let mut chars = t.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase());
    let rest = chars.as_str();
    let rest = rest.strip_prefix('类').unwrap_or(rest);
    let boundary = rest.is_empty() || rest.starts_with(['：', ':', ' ', '，', ',', '（', '(']);
    let outcome = match first {
        Some('A') if boundary => Outcome::A,
        Some('B') if boundary => Outcome::B,
        Some('C') if boundary => Outcome::C,
        _ => {
            if let Some(o) = free_outcome(t)? {
                // The clerk's own words are the reply text, as written.
                return Ok((Some(o), t.to_string(), false));
            }
            return Err(format!(
                "办理结果“{}”没有写明类别，应以 A类、B类 或 C类 开头（如“A类：已协调供电公司恢复供电”）",
                t.chars().take(20).collect::<String>()
            ));
        }
    };
    let mut text = rest
        .trim_start_matches(['：', ':', ' ', '，', ','])
        .to_string();
    for label in [Outcome::A, Outcome::B, Outcome::C].map(|o| o.label()) {
        let l = label.split_once(' ').map(|x| x.1).unwrap_or(label);
        if text == l {
            text.clear();
        }
    }
    Ok((Some(outcome), text, false))
}

/// An outcome written in words (已解决, 基本解决, 正在办理, 政策原因暂无法解决) when the
/// words point to exactly one class; `Err` when they point to several.
fn free_outcome(t: &str) -> std::result::Result<Option<Outcome>, String> {
    const WORDS: [(Outcome, &[&str]); 3] = [
        (
            Outcome::C,
            &["无法解决", "难以解决", "不能解决", "暂不能解决", "无法办理"],
        ),
        (
            Outcome::B,
            &[
                "正在办理",
                "正在解决",
                "办理中",
                "正在协调",
                "持续跟进",
                "跟踪办理",
            ],
        ),
        (
            Outcome::A,
            &[
                "已解决",
                "基本解决",
                "已办结",
                "已完成",
                "已落实",
                "已协调解决",
            ],
        ),
    ];
    let n = normalise(t);
    let hits: Vec<Outcome> = WORDS
        .iter()
        .filter(|(_, words)| words.iter().any(|w| n.contains(w)))
        .map(|(o, _)| *o)
        .collect();
    match hits.as_slice() {
        [] => Ok(None),
        [o] => Ok(Some(*o)),
        _ => Err(format!(
            "办理结果“{}”同时像 {} 类，无法判断，请在开头写明 A类、B类 或 C类",
            t.chars().take(20).collect::<String>(),
            hits.iter()
                .map(|o| format!("{o:?}"))
                .collect::<Vec<_>>()
                .join("、")
        )),
    }
}

/// `满意（服务质量5星，服务态度5星，服务效率4星）`, `视作满意`, `一般`, `不满意`, and the
/// words clerks use for them (非常满意, 基本满意; 较满意 as the mapping says). Words that
/// are not one of the three levels are kept as [`ImportedEvaluation::original`].
fn parse_evaluation(
    s: &str,
    fairly_satisfied: Satisfaction,
) -> std::result::Result<Option<ImportedEvaluation>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.starts_with("视作满意") || t.starts_with("默认满意") {
        return Ok(Some(ImportedEvaluation {
            result: Satisfaction::Satisfied,
            deemed: true,
            quality: None,
            attitude: None,
            efficiency: None,
            original: String::new(),
        }));
    }
    let head: String = t
        .chars()
        .take_while(|c| !matches!(c, '（' | '(' | ' ' | '，' | ','))
        .collect();
    let result = match head.as_str() {
        "非常满意" | "很满意" | "十分满意" => Satisfaction::Satisfied,
        "较满意" | "比较满意" => fairly_satisfied,
        _ => Satisfaction::parse(&head).map_err(|e| e.to_string())?,
    };
    let star = |name: &str| -> Option<u8> {
        let i = t.find(name)? + name.len();
        t[i..]
            .chars()
            .find(|c| c.is_ascii_digit())?
            .to_digit(10)
            .map(|d| d as u8)
            .filter(|d| (1..=5).contains(d))
    };
    Ok(Some(ImportedEvaluation {
        result,
        deemed: false,
        quality: star("质量"),
        attitude: star("态度"),
        efficiency: star("效率"),
        original: if head == result.label() {
            String::new()
        } else {
            t.to_string()
        },
    }))
}

/// Turns every data row of `table` into an import row.
pub fn to_rows(table: &Table, mapping: &ColumnMapping) -> Result<Vec<ImportRow>> {
    let problems = mapping.problems(&table.headers);
    if !problems.is_empty() {
        return Err(ReportError::Mapping(problems.join("；")));
    }
    let idx = indices(table, mapping);
    let end_of_day = NaiveTime::from_hms_opt(23, 59, 59).expect("valid time");
    let out = table
        .rows
        .iter()
        .map(|(no, cells)| {
            let get = |f: Field| -> String {
                idx.get(&f)
                    .and_then(|i| cells.get(*i))
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default()
            };
            let mut issues = Vec::new();
            let mut when = |f: Field, t: NaiveTime| -> Option<Instant> {
                let v = get(f);
                if v.is_empty() {
                    return None;
                }
                let r = when::parse(&v, t, table.year);
                if r.is_none() {
                    issues.push(if when::lacks_year(&v) {
                        format!(
                            "{}“{v}”没有写年份，表名、表头和文件名中也找不到年份，请写成 2025-03-05",
                            f.label()
                        )
                    } else {
                        format!(
                            "{}“{v}”不是可识别的日期，请写成 2026-03-05 或 2026-03-05 14:30",
                            f.label()
                        )
                    });
                }
                r
            };
            let received_at = when(Field::ReceivedAt, NaiveTime::MIN);
            let assigned_at = when(Field::AssignedAt, NaiveTime::MIN);
            let due_at = when(Field::DueAt, end_of_day);
            let reply_at = when(Field::ReplyAt, NaiveTime::MIN);
            let closed_at = when(Field::ClosedAt, NaiveTime::MIN);
            if get(Field::ReceivedAt).is_empty() {
                issues.push("请填写反映时间".into());
            }
            let (outcome, result_text, rejected) = match parse_result(&get(Field::Result)) {
                Ok(v) => v,
                Err(e) => {
                    issues.push(e);
                    (None, String::new(), false)
                }
            };
            let evaluation = parse_evaluation(&get(Field::Evaluation), mapping.fairly_satisfied).unwrap_or_else(|e| {
                issues.push(e);
                None
            });
            let state_text = get(Field::State);
            let state = if state_text.is_empty() {
                rejected.then_some(CaseState::Rejected)
            } else {
                CaseState::parse(&state_text).map(Some).unwrap_or_else(|e| {
                    issues.push(e.to_string());
                    None
                })
            };
            let or = |v: String, d: &str| if v.is_empty() { d.to_string() } else { v };
            let summary = get(Field::Summary);
            let description = get(Field::Description);
            let description = if description.is_empty() {
                summary.clone()
            } else {
                description
            };
            let mut hasher = Sha256::new();
            for f in idx.keys() {
                hasher.update(format!("{f:?}\u{1f}{}\u{1e}", get(*f)).as_bytes());
            }
            ImportRow {
                row_number: *no,
                reg_no: get(Field::RegNo),
                case: NewCase {
                    received_at: received_at
                        .unwrap_or_else(|| crate::period::midnight(NaiveDate::default())),
                    channel: or(get(Field::Channel), &mapping.default_channel),
                    nature: or(get(Field::Nature), &mapping.default_nature),
                    category: or(get(Field::Category), &mapping.default_category),
                    summary,
                    description,
                    wanted_department: String::new(),
                    screening_opinion: String::new(),
                    enterprise: EnterpriseInput {
                        name: get(Field::Enterprise),
                        credit_code: get(Field::CreditCode),
                        address: get(Field::Address),
                    },
                    contact: ContactInput {
                        name: get(Field::Contact),
                        title: get(Field::Title),
                        phone: get(Field::Phone),
                        email: get(Field::Email),
                    },
                },
                lead: get(Field::Lead),
                assigned_at,
                due_at,
                process: get(Field::Process),
                outcome,
                result_text,
                reply_at,
                evaluation,
                state,
                closed_at,
                hash: format!("{:x}", hasher.finalize()),
                issues,
            }
        })
        .collect();
    Ok(out)
}

/// Reads `path` with `mapping` and imports it (see `Ledger::import_cases`).
pub fn import_file(
    ledger: &mut Ledger,
    path: &Path,
    mapping: &ColumnMapping,
    opts: &ImportOptions,
    op: &Operator,
    now: Instant,
    progress: Progress<'_>,
) -> Result<ImportReport> {
    let table = read_table(path, mapping.sheet.as_deref(), mapping.header_row)?;
    if table.rows.is_empty() {
        return Err(ReportError::Empty(path.display().to_string()));
    }
    let rows = to_rows(&table, mapping)?;
    let mut opts = opts.clone();
    if opts.source.is_empty() {
        opts.source = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    let mut report = ledger.import_cases(&rows, &opts, op, now, progress)?;
    report.not_cases = table.skipped.clone();
    if report.committed && opts.skip_bad && !report.bad.is_empty() {
        let out = problems_path(path);
        // The import is written: a problem file that cannot be written (open in Excel)
        // is said in the log and leaves `problems_file` empty, the rows stay listed.
        match write_problem_rows(&out, &table, &report.bad) {
            Ok(()) => report.problems_file = out.display().to_string(),
            Err(e) => tracing::warn!(error = %e, "problem rows not written"),
        }
    }
    report.summary = report.headline();
    Ok(report)
}

/// Where `--skip-bad` writes the problem rows: `<file>-待修改.xlsx` beside the file.
pub fn problems_path(path: &Path) -> std::path::PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "台账".into());
    path.with_file_name(format!("{stem}-待修改.xlsx"))
}

/// The problem rows as a small workbook for the clerk to fix and import again: the
/// file's own columns, the row number it had, and the reasons.
pub fn write_problem_rows(out: &Path, table: &Table, bad: &[BadRow]) -> Result<()> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("待修改")?;
    let head = Format::new().set_bold().set_background_color("FCE4D6");
    ws.write_string_with_format(0, 0, "原行号", &head)?;
    for (c, h) in table.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16 + 1, h, &head)?;
    }
    let reason_col = table.headers.len() as u16 + 1;
    ws.write_string_with_format(0, reason_col, "问题原因", &head)?;
    let by_row: BTreeMap<usize, &Vec<String>> = table.rows.iter().map(|(n, r)| (*n, r)).collect();
    for (i, b) in bad.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_number(r, 0, b.row_number as f64)?;
        if let Some(cells) = by_row.get(&b.row_number) {
            for (c, v) in cells.iter().enumerate().take(table.headers.len()) {
                ws.write_string(r, c as u16 + 1, v)?;
            }
        }
        ws.write_string(r, reason_col, b.reasons.join("；"))?;
    }
    ws.set_column_width(reason_col, 60)?;
    wb.save(out).map_err(|e| ReportError::Write {
        path: out.display().to_string(),
        message: e.to_string(),
    })
}

/// File name of the mapping remembered after a successful import, kept in the ledger's
/// data folder (the CLI's `zhitong import` reads and writes the same file).
pub const REMEMBERED_MAPPING: &str = "import-mapping.json";

/// One ledger field as the mapping dialog lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldSpec {
    pub field: Field,
    /// Chinese name (登记编号, 反映时间…).
    pub label: String,
    /// The import refuses a mapping without this field.
    pub required: bool,
    /// What the clerk should know when choosing its column; may be empty.
    pub hint: String,
}

/// Every field in [`Field::ALL`] order with the rules [`ColumnMapping::problems`] applies.
pub fn field_specs() -> Vec<FieldSpec> {
    Field::ALL
        .iter()
        .map(|&f| {
            let required = matches!(
                f,
                Field::ReceivedAt | Field::Enterprise | Field::Contact | Field::Phone
            );
            let hint = match f {
                Field::RegNo => "留空则导入时按本台账的编号规则重新编号；有编号的行按编号去重",
                Field::Summary | Field::Description => "问题摘要与企业反映困难问题至少选一个",
                Field::Channel => "不选时使用下方的默认渠道",
                Field::Nature => "不选时使用下方的默认性质",
                Field::Category => "不选时使用下方的默认类别",
                Field::Result => "应以 A类、B类、C类 或“不予受理”开头",
                Field::Lead => "须与“设置 → 部门”中的名称一致",
                _ => "",
            };
            FieldSpec {
                field: f,
                label: f.label().to_string(),
                required,
                hint: hint.to_string(),
            }
        })
        .collect()
}

/// Where the proposed mapping came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MappingSource {
    /// The mapping remembered from the last import, which fits this file.
    Remembered,
    /// Guessed from the column titles ([`ColumnMapping::guess`]).
    Guessed,
}

/// A ledger file as the import dialog first sees it: its sheets, its column titles and
/// the mapping to propose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Inspection {
    /// Every worksheet of the workbook (empty for CSV).
    pub sheets: Vec<String>,
    /// The worksheet read (`None` for CSV).
    pub sheet: Option<String>,
    /// 1-based row of the column titles.
    pub header_row: usize,
    pub headers: Vec<String>,
    /// Rows that may be cases (lines that are not are in `skipped`).
    pub total_rows: usize,
    pub skipped: Vec<NotCaseRow>,
    /// Which worksheet was read and why, when the workbook has several.
    pub note: String,
    /// The proposed mapping; its `sheet` is the worksheet read.
    pub mapping: ColumnMapping,
    pub source: MappingSource,
    pub fields: Vec<FieldSpec>,
}

/// Reads `path` (the worksheet `sheet`, or the first) and proposes a mapping: the one
/// saved at `remembered` when it loads and fits the file's titles (its worksheet is
/// used when the clerk named none and the file has it), else [`ColumnMapping::guess`].
/// A missing or unreadable remembered file is not an error.
pub fn inspect(path: &Path, sheet: Option<&str>, remembered: Option<&Path>) -> Result<Inspection> {
    let first = read_table(path, sheet, None)?;
    let saved = remembered.and_then(|p| ColumnMapping::load(p).ok());
    let fitting = saved.and_then(|m| {
        let want = match sheet {
            Some(s) => Some(s.to_string()),
            None => m
                .sheet
                .clone()
                .filter(|s| first.sheets.contains(s))
                .or_else(|| first.sheet.clone()),
        };
        if want == first.sheet && m.header_row.is_none() {
            return m.problems(&first.headers).is_empty().then_some((m, None));
        }
        let table = read_table(path, want.as_deref(), m.header_row).ok()?;
        m.problems(&table.headers)
            .is_empty()
            .then_some((m, Some(table)))
    });
    let (mut mapping, table, source) = match fitting {
        Some((m, t)) => (m, t.unwrap_or(first), MappingSource::Remembered),
        None => (
            ColumnMapping::guess(&first.headers),
            first,
            MappingSource::Guessed,
        ),
    };
    mapping.sheet = table.sheet.clone();
    Ok(Inspection {
        sheets: table.sheets,
        sheet: table.sheet,
        header_row: table.header_row,
        headers: table.headers,
        total_rows: table.rows.len(),
        skipped: table.skipped,
        note: table.note,
        mapping,
        source,
        fields: field_specs(),
    })
}

/// Reads `path` with `mapping` and previews its first `n` rows (for the dialog's
/// preview step: [`read_table`] then [`preview`]).
pub fn preview_file(path: &Path, mapping: &ColumnMapping, n: usize) -> Result<Preview> {
    let table = read_table(path, mapping.sheet.as_deref(), mapping.header_row)?;
    Ok(preview(&table, mapping, n))
}
