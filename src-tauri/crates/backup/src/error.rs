//! Why a ledger could not be opened, backed up or restored: one Chinese message that
//! says what happened and what to do, a stable `code()` for the UI, and — when the
//! ledger is damaged or missing — the newest good backup to offer ([`SafetyError::recovery`]).

use std::path::{Path, PathBuf};

use zhitong_store::file::Trouble;
use zhitong_store::StoreError;

use crate::snapshot::BackupInfo;

#[derive(Debug, thiserror::Error)]
pub enum SafetyError {
    #[error("台账文件“{}”已损坏（{detail}）。{}", .path.display(), offer(.newest_good.as_deref()))]
    Damaged {
        path: PathBuf,
        detail: String,
        newest_good: Option<Box<BackupInfo>>,
    },
    #[error(
        "找不到台账文件“{}”，但备份文件夹中有 {count} 份备份，说明这里曾经有台账。为免生成一本空台账，程序没有新建。请确认台账是否被移动或改名；{}",
        .path.display(), offer(.newest_good.as_deref())
    )]
    Missing {
        path: PathBuf,
        count: usize,
        newest_good: Option<Box<BackupInfo>>,
    },
    #[error("台账文件“{}”是只读的（{detail}），无法保存新的记录。请在文件属性中取消“只读”，或检查文件夹权限、U 盘写保护后重试", .path.display())]
    ReadOnly { path: PathBuf, detail: String },
    #[error("台账文件“{}”正被其他程序占用（{detail}）。请关闭其他正在使用台账的企服直通窗口或命令，以及正在扫描该文件的备份、杀毒软件后重试", .path.display())]
    Locked { path: PathBuf, detail: String },
    #[error("磁盘空间已满，无法写入“{}”。请清理磁盘或换一个保存位置后重试；已经保存的台账数据没有受到影响", .path.display())]
    DiskFull { path: PathBuf },
    #[error("台账文件“{}”由更新版本的企服直通创建（结构版本 {found}，本程序只支持到 {known}）。请升级程序后再打开，文件未做任何改动", .path.display())]
    TooNew {
        path: PathBuf,
        found: i64,
        known: usize,
    },
    #[error("“{}”不是企服直通的台账或备份文件（{detail}）", .path.display())]
    NotLedger { path: PathBuf, detail: String },
    #[error("备份文件“{}”未通过校验（{detail}），不能用来恢复。请换一份备份", .path.display())]
    BadBackup { path: PathBuf, detail: String },
    #[error("这本台账只在内存中，没有保存位置，无法备份或恢复")]
    NoDataDir,
    #[error("文件操作失败：“{}”：{message}", .path.display())]
    Io { path: PathBuf, message: String },
    #[error(transparent)]
    Store(StoreError),
}

fn offer(b: Option<&BackupInfo>) -> String {
    match b {
        Some(b) => format!(
            "可以从最近一份完好的备份恢复：{}（{}，{} 件案件）",
            b.file_name,
            b.taken_label(),
            b.cases
        ),
        None => "没有找到可用的备份，请联系管理员，并不要删除或覆盖该文件".into(),
    }
}

impl SafetyError {
    pub fn code(&self) -> &'static str {
        match self {
            SafetyError::Damaged { .. } => "ledger.damaged",
            SafetyError::Missing { .. } => "ledger.missing",
            SafetyError::ReadOnly { .. } => "ledger.read_only",
            SafetyError::Locked { .. } => "ledger.locked",
            SafetyError::DiskFull { .. } => "disk.full",
            SafetyError::TooNew { .. } => "ledger.too_new",
            SafetyError::NotLedger { .. } => "ledger.not_ledger",
            SafetyError::BadBackup { .. } => "backup.invalid",
            SafetyError::NoDataDir => "backup.no_data_dir",
            SafetyError::Io { .. } => "io",
            SafetyError::Store(e) => e.code(),
        }
    }

    /// The backup to offer for [`crate::recover`] when the ledger is damaged or missing.
    pub fn recovery(&self) -> Option<&BackupInfo> {
        match self {
            SafetyError::Damaged { newest_good, .. } | SafetyError::Missing { newest_good, .. } => {
                newest_good.as_deref()
            }
            _ => None,
        }
    }

    /// Classifies a store error met while working on `path`: a damaged, full,
    /// read-only or busy file is reported as such; a locked or wrong passphrase and
    /// everything else as the store's own error.
    pub(crate) fn store(path: &Path, e: StoreError) -> Self {
        let path = path.to_path_buf();
        match e.trouble() {
            Trouble::NotADatabase => SafetyError::Damaged {
                path,
                detail: "文件头无法识别，不是有效的数据库文件".into(),
                newest_good: None,
            },
            Trouble::Corrupt => SafetyError::Damaged {
                path,
                detail: e.to_string(),
                newest_good: None,
            },
            Trouble::DiskFull => SafetyError::DiskFull { path },
            Trouble::ReadOnly => SafetyError::ReadOnly {
                path,
                detail: e.to_string(),
            },
            Trouble::Busy => SafetyError::Locked {
                path,
                detail: e.to_string(),
            },
            Trouble::CannotOpen => SafetyError::Io {
                path,
                message: format!("无法打开文件（{e}）"),
            },
            Trouble::Other => SafetyError::Store(e),
        }
    }

    /// Classifies a file-system error met while working on `path`.
    pub(crate) fn io(path: &Path, e: std::io::Error) -> Self {
        let path = path.to_path_buf();
        match e.kind() {
            std::io::ErrorKind::StorageFull => SafetyError::DiskFull { path },
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                SafetyError::ReadOnly {
                    path,
                    detail: e.to_string(),
                }
            }
            _ => SafetyError::Io {
                path,
                message: e.to_string(),
            },
        }
    }
}

impl From<StoreError> for SafetyError {
    fn from(e: StoreError) -> Self {
        SafetyError::Store(e)
    }
}
