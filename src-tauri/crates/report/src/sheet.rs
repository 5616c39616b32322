//! The one reader of spreadsheets and CSV: `.xlsx`, `.xlsm`, `.xlsb`, `.xls` and `.ods`
//! through calamine, anything else as CSV (UTF-8 or GBK, see [`crate::csv`]), from a path
//! or from bytes. Every worksheet becomes a [`Grid`] of text cells with 1-based row
//! numbers as Excel shows them. Guarantees: never panics on malformed bytes; a date cell
//! reads as `YYYY-MM-DD` (or `YYYY-MM-DD HH:MM`), a whole number without `.0`, so a phone
//! typed as a number reads as its digits.

use std::path::Path;

use calamine::{open_workbook_from_rs, Data, Ods, Reader, Sheets, Xls, Xlsb, Xlsx};
use chrono::{NaiveDateTime, NaiveTime};
use zhitong_domain::when::excel_serial;

use crate::error::{ReportError, Result};

/// One worksheet (or the CSV file) as text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    /// The worksheet's name (`None` for CSV).
    pub name: Option<String>,
    /// (1-based row number, cells from column A), every row of the used range.
    pub rows: Vec<(usize, Vec<String>)>,
}

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

/// Whether the file name is read as a workbook (else as CSV).
pub fn is_workbook(path: &Path) -> bool {
    matches!(
        extension(path).as_str(),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods"
    )
}

fn naive_text(t: NaiveDateTime) -> String {
    if t.time() == NaiveTime::MIN {
        t.format("%Y-%m-%d").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// A cell as the clerk sees it.
pub fn cell_text(d: &Data) -> String {
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
        Data::DateTimeIso(s) => s.replace('T', " "),
        other => other.to_string(),
    }
}

/// Every worksheet of the file at `path` (one grid for CSV). `only`: read just that sheet.
pub fn read_path(path: &Path, only: Option<&str>) -> Result<Vec<Grid>> {
    let label = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| read_error(&label, e.to_string()))?;
    read_bytes(&bytes, &label, only)
}

/// [`read_path`] for bytes in memory: `file_name` picks the format by its extension and
/// names the file in messages.
pub fn read_bytes(bytes: &[u8], file_name: &str, only: Option<&str>) -> Result<Vec<Grid>> {
    let path = Path::new(file_name);
    if !is_workbook(path) {
        return Ok(vec![Grid {
            name: None,
            rows: crate::csv::parse(&crate::csv::decode(bytes)),
        }]);
    }
    let rs = std::io::Cursor::new(bytes);
    let err = |e: &dyn std::fmt::Display| read_error(file_name, e.to_string());
    let mut wb = match extension(path).as_str() {
        "xls" => Sheets::Xls(open_workbook_from_rs::<Xls<_>, _>(rs).map_err(|e| err(&e))?),
        "xlsb" => Sheets::Xlsb(open_workbook_from_rs::<Xlsb<_>, _>(rs).map_err(|e| err(&e))?),
        "ods" => Sheets::Ods(open_workbook_from_rs::<Ods<_>, _>(rs).map_err(|e| err(&e))?),
        _ => Sheets::Xlsx(open_workbook_from_rs::<Xlsx<_>, _>(rs).map_err(|e| err(&e))?),
    };
    let names = wb.sheet_names().to_vec();
    if names.is_empty() {
        return Err(read_error(file_name, "文件中没有工作表".into()));
    }
    if let Some(s) = only {
        if !names.iter().any(|n| n == s) {
            return Err(read_error(
                file_name,
                format!(
                    "没有名为“{s}”的工作表，文件中的工作表：{}",
                    names.join("、")
                ),
            ));
        }
    }
    let mut out = Vec::new();
    for name in names {
        if only.is_some_and(|s| s != name) {
            continue;
        }
        let range = match wb.worksheet_range(&name) {
            Ok(r) => r,
            // A chart sheet or a damaged sheet: the others may still hold the ledger.
            Err(e) if only.is_none() => {
                tracing::warn!(sheet = %name, error = %e, "worksheet not readable");
                continue;
            }
            Err(e) => return Err(err(&e)),
        };
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
        out.push(Grid {
            name: Some(name),
            rows,
        });
    }
    if out.is_empty() {
        return Err(read_error(file_name, "文件中没有可读取的工作表".into()));
    }
    Ok(out)
}
