//! Report errors: Chinese messages for the clerk, a stable `code()` for the UI.

use zhitong_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("统计期间无效：{0}")]
    BadPeriod(String),
    #[error("无法读取文件“{path}”：{message}")]
    Read { path: String, message: String },
    #[error("无法写入文件“{path}”：{message}（文件是否正被 Excel 或 WPS 打开？）")]
    Write { path: String, message: String },
    #[error("生成 Excel 文件失败：{0}")]
    Xlsx(String),
    /// The report's PDF: drawn on the print crate's canvas, with its fonts.
    #[error(transparent)]
    Print(#[from] zhitong_print::PrintError),
    #[error("列对应关系有误：{0}")]
    Mapping(String),
    #[error("文件“{0}”中没有数据行")]
    Empty(String),
}

impl ReportError {
    pub fn code(&self) -> &'static str {
        match self {
            ReportError::Store(e) => e.code(),
            ReportError::BadPeriod(_) => "report.bad_period",
            ReportError::Read { .. } => "file.read",
            ReportError::Write { .. } => "file.write",
            ReportError::Xlsx(_) => "report.xlsx",
            ReportError::Print(e) => e.code(),
            ReportError::Mapping(_) => "import.mapping",
            ReportError::Empty(_) => "import.empty",
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for ReportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        ReportError::Xlsx(e.to_string())
    }
}

pub type Result<T, E = ReportError> = std::result::Result<T, E>;
