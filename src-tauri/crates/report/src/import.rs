//! Reading an existing ledger kept in Excel (xlsx/xls/ods) or CSV: the sheet becomes a
//! [`Table`], a [`ColumnMapping`] (saved as JSON and remembered) says which column holds
//! which field, [`preview`] shows the first rows as they will be read, and [`to_rows`]
//! turns every data row into a `zhitong_store::ImportRow` for the store's one-transaction
//! import. Guarantees: every cell problem (an unreadable date, an unknown A/B/C class…) is
//! reported with the row number and a Chinese reason, never silently dropped; rows that
//! are entirely empty are ignored; a row's hash depends only on its mapped cells, so the
//! same row in the same file always has the same key.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zhitong_domain::{
    china, CaseState, ContactInput, EnterpriseInput, Instant, NewCase, Outcome, Satisfaction,
};
use zhitong_store::{ImportOptions, ImportReport, ImportRow, ImportedEvaluation, Ledger, Operator};

use crate::error::{ReportError, Result};
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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
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

/// A worksheet or CSV file as text cells.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Table {
    pub sheet: Option<String>,
    /// Every worksheet of the workbook (empty for CSV).
    pub sheets: Vec<String>,
    /// 1-based row of the column titles.
    pub header_row: usize,
    pub headers: Vec<String>,
    /// (1-based row number in the file, cells), data rows only, empty rows left out.
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Days from Excel's epoch (1899-12-30) to a date serial.
fn excel_serial(v: f64) -> Option<NaiveDateTime> {
    if !(1.0..2_958_466.0).contains(&v) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let secs = (v * 86_400.0).round() as i64;
    Some(base + Duration::seconds(secs))
}

fn naive_text(t: NaiveDateTime) -> String {
    if t.time() == NaiveTime::MIN {
        t.format("%Y-%m-%d").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M").to_string()
    }
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(x) => excel_serial(x.as_f64())
            .map(naive_text)
            .unwrap_or_else(|| x.as_f64().to_string()),
        other => other.to_string(),
    }
}

/// The header row: the first of the first 10 rows naming at least 3 known fields,
/// else the first non-empty row.
fn find_header(rows: &[(usize, Vec<String>)]) -> usize {
    rows.iter()
        .take(10)
        .position(|(_, r)| {
            r.iter()
                .filter(|h| {
                    Field::ALL
                        .iter()
                        .any(|f| f.names().contains(&normalise(h).as_str()))
                })
                .count()
                >= 3
        })
        .unwrap_or(0)
}

/// Reads a ledger file: `.xlsx`, `.xlsm`, `.xls`, `.ods` through calamine, anything else
/// as CSV. `sheet` and `header_row` as in [`ColumnMapping`].
pub fn read_table(path: &Path, sheet: Option<&str>, header_row: Option<usize>) -> Result<Table> {
    let label = path.display().to_string();
    let raw = if is_workbook(path) {
        let mut wb =
            calamine::open_workbook_auto(path).map_err(|e| read_error(&label, e.to_string()))?;
        workbook_rows(&mut wb, sheet, &label)?
    } else {
        let bytes = std::fs::read(path).map_err(|e| read_error(&label, e.to_string()))?;
        csv_rows(&bytes)
    };
    finish_table(raw, header_row, &label)
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
    use calamine::{open_workbook_from_rs, Ods, Sheets, Xls, Xlsb, Xlsx};
    let path = Path::new(file_name);
    let raw = if is_workbook(path) {
        let rs = std::io::Cursor::new(bytes);
        let err = |e: &dyn std::fmt::Display| read_error(file_name, e.to_string());
        let mut wb = match extension(path).as_str() {
            "xls" => Sheets::Xls(open_workbook_from_rs::<Xls<_>, _>(rs).map_err(|e| err(&e))?),
            "xlsb" => Sheets::Xlsb(open_workbook_from_rs::<Xlsb<_>, _>(rs).map_err(|e| err(&e))?),
            "ods" => Sheets::Ods(open_workbook_from_rs::<Ods<_>, _>(rs).map_err(|e| err(&e))?),
            _ => Sheets::Xlsx(open_workbook_from_rs::<Xlsx<_>, _>(rs).map_err(|e| err(&e))?),
        };
        workbook_rows(&mut wb, sheet, file_name)?
    } else {
        csv_rows(bytes)
    };
    finish_table(raw, header_row, file_name)
}

/// Rows (1-based row number, cells), every worksheet name and the sheet read.
type RawSheet = (Vec<(usize, Vec<String>)>, Vec<String>, Option<String>);

fn read_error(label: &str, message: String) -> ReportError {
    ReportError::Read {
        path: label.to_string(),
        message,
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

fn is_workbook(path: &Path) -> bool {
    matches!(
        extension(path).as_str(),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods"
    )
}

fn csv_rows(bytes: &[u8]) -> RawSheet {
    (
        crate::csv::parse(&crate::csv::decode(bytes)),
        Vec::new(),
        None,
    )
}

fn workbook_rows<RS: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Sheets<RS>,
    sheet: Option<&str>,
    label: &str,
) -> Result<RawSheet> {
    let rd = |e: String| read_error(label, e);
    let names = wb.sheet_names().to_vec();
    let name = match sheet {
        Some(s) if names.iter().any(|n| n == s) => s.to_string(),
        Some(s) => {
            return Err(rd(format!(
                "没有名为“{s}”的工作表，文件中的工作表：{}",
                names.join("、")
            )))
        }
        None => names
            .first()
            .cloned()
            .ok_or_else(|| rd("文件中没有工作表".into()))?,
    };
    let range = wb.worksheet_range(&name).map_err(|e| rd(e.to_string()))?;
    let top = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let left = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, r)| {
            let mut cells = vec![String::new(); left];
            cells.extend(r.iter().map(cell_text));
            (top + i + 1, cells)
        })
        .collect();
    Ok((rows, names, Some(name)))
}

/// Drops empty rows and splits off the header row (given, or found by [`find_header`]).
fn finish_table(raw: RawSheet, header_row: Option<usize>, label: &str) -> Result<Table> {
    let (all, sheets, sheet_name) = raw;
    let all: Vec<(usize, Vec<String>)> = all
        .into_iter()
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    let h = match header_row {
        Some(n) => all
            .iter()
            .position(|(row, _)| *row == n)
            .ok_or_else(|| read_error(label, format!("第 {n} 行是空行或不存在，无法作为标题行")))?,
        None => find_header(&all),
    };
    let Some((header_row, headers)) = all.get(h).cloned() else {
        return Err(ReportError::Empty(label.to_string()));
    };
    Ok(Table {
        sheet: sheet_name,
        sheets,
        header_row,
        headers: headers.iter().map(|s| s.trim().to_string()).collect(),
        rows: all[h + 1..].to_vec(),
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
}

pub fn preview(table: &Table, mapping: &ColumnMapping, n: usize) -> Preview {
    let idx = indices(table, mapping);
    let head = Table {
        sheet: None,
        sheets: Vec::new(),
        header_row: table.header_row,
        headers: table.headers.clone(),
        rows: table.rows.iter().take(n).cloned().collect(),
    };
    let row_issues = to_rows(&head, mapping)
        .map(|rows| rows.into_iter().map(|r| r.issues).collect())
        .unwrap_or_default();
    Preview {
        row_issues,
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

/// Parses a date or date-time as clerks write them; a bare date means `default_time`.
pub fn parse_when(s: &str, default_time: NaiveTime) -> Option<Instant> {
    let t = s.trim().replace('T', " ");
    let t = t.trim_end_matches("+08:00").trim();
    const DT: [&str; 6] = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%Y年%m月%d日 %H:%M",
        "%Y年%m月%d日%H:%M",
    ];
    const D: [&str; 5] = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"];
    let naive = DT
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
        .or_else(|| {
            D.iter()
                .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
                .map(|d| d.and_time(default_time))
        })
        .or_else(|| {
            t.parse::<f64>()
                .ok()
                .filter(|v| *v > 20_000.0)
                .and_then(excel_serial)
        })?;
    naive.and_local_timezone(china()).single()
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
            return Err(format!(
                "办理结果“{}”没有写明类别，应以 A类、B类 或 C类 开头（如“A类：已协调供电公司恢复供电”）",
                t.chars().take(20).collect::<String>()
            ))
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

/// `满意（服务质量5星，服务态度5星，服务效率4星）`, `视作满意`, `一般`, `不满意`.
fn parse_evaluation(s: &str) -> std::result::Result<Option<ImportedEvaluation>, String> {
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
        }));
    }
    let head: String = t
        .chars()
        .take_while(|c| !matches!(c, '（' | '(' | ' ' | '，' | ','))
        .collect();
    let result = Satisfaction::parse(&head).map_err(|e| e.to_string())?;
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
                let r = parse_when(&v, t);
                if r.is_none() {
                    issues.push(format!(
                        "{}“{v}”不是可识别的日期，请写成 2026-03-05 或 2026-03-05 14:30",
                        f.label()
                    ));
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
            let evaluation = parse_evaluation(&get(Field::Evaluation)).unwrap_or_else(|e| {
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
    Ok(ledger.import_cases(&rows, &opts, op, now, progress)?)
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
    /// Data rows (empty rows not counted).
    pub total_rows: usize,
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
