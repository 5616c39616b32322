//! Store errors: Chinese messages for the clerk, a stable `code()` for the UI.

use zhitong_domain::{DomainError, FieldIssue};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("找不到案件“{0}”，请核对登记编号或交办编号")]
    CaseNotFound(String),
    #[error("找不到部门“{0}”，请先在“设置 → 部门”中添加，或核对名称")]
    DepartmentNotFound(String),
    #[error("找不到人员“{0}”，请先在“设置 → 人员”中添加，或核对姓名")]
    StaffNotFound(String),
    #[error("“{0}”已存在，名称不能重复")]
    Duplicate(String),
    #[error("找不到设置项“{0}”，可用的设置项：{1}")]
    UnknownSetting(String, String),
    #[error("设置项“{key}”的值无效：{message}")]
    BadSetting { key: String, message: String },
    #[error("台账数据库文件“{path}”无法打开：{message}")]
    Open { path: String, message: String },
    #[error("台账数据库结构升级失败：{0}。原文件未改动，请联系管理员")]
    Migration(String),
    #[error("台账中的数据“{0}”无法读取，数据库可能已损坏，请运行 zhitong check")]
    Corrupt(String),
    #[error("附件操作失败：{0}")]
    Attachment(String),
    #[error("台账已加密，请输入管理员设置的台账密码")]
    Locked,
    #[error("台账密码不正确，请重新输入（注意大小写和输入法）")]
    WrongKey,
    #[error("数据库错误：{0}")]
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    /// A column holding a value no domain variant has is damage, reported as such.
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::FromSqlConversionFailure(_, _, inner) = &e {
            if let Some(u) = inner.downcast_ref::<crate::sql::UnknownCode>() {
                return StoreError::Corrupt(u.to_string());
            }
        }
        StoreError::Sql(e)
    }
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Domain(d) => d.code(),
            StoreError::CaseNotFound(_) => "case.not_found",
            StoreError::DepartmentNotFound(_) => "department.not_found",
            StoreError::StaffNotFound(_) => "staff.not_found",
            StoreError::Duplicate(_) => "duplicate",
            StoreError::UnknownSetting(..) => "settings.unknown",
            StoreError::BadSetting { .. } => "settings.invalid",
            StoreError::Open { .. } => "ledger.open",
            StoreError::Migration(_) => "ledger.migration",
            StoreError::Corrupt(_) => "ledger.corrupt",
            StoreError::Attachment(_) => "attachment",
            StoreError::Locked => "ledger.locked",
            StoreError::WrongKey => "ledger.wrong_key",
            StoreError::Sql(e) if is_busy(e) => "ledger.busy",
            StoreError::Sql(_) => "ledger.sql",
        }
    }

    pub fn issues(&self) -> &[FieldIssue] {
        match self {
            StoreError::Domain(d) => d.issues(),
            _ => &[],
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
