//! `zhitong backup | backups | restore | check`: the data-safety verbs for the park's IT
//! person. They run before the ledger is opened the usual way, so they work on a
//! damaged or missing ledger too; `check` exits non-zero when the ledger is damaged,
//! and `restore` of a healthy ledger needs an administrator's PIN.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Subcommand;
use zhitong_backup::{BackupInfo, BackupKind, SafetyError};
use zhitong_domain::Instant;
use zhitong_store::cipher::Key;

use crate::out::{Fail, Out};

#[derive(Subcommand)]
pub enum SafetyCmd {
    /// Back up the ledger now (verified): into the backups folder beside it (rotated
    /// 7 daily / 4 weekly / 12 monthly), or `--to DIR` (e.g. a USB stick; kept).
    Backup {
        #[arg(long)]
        to: Option<PathBuf>,
    },
    /// List the backups with time, size, case count and check result.
    Backups {
        /// Folder to list (default: the backups folder beside the ledger).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Restore the ledger from a backup file. The current ledger is saved as a safety
    /// copy first. Needs `--as` an administrator and the PIN (env ZHITONG_PIN, or typed).
    Restore {
        file: PathBuf,
        /// Don't ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Check the ledger's integrity and schema; exit code 2 when damaged or missing.
    Check,
    /// Encrypt the ledger and its backups (SQLCipher, AES-256). Needs `--as` an
    /// administrator and the PIN (env ZHITONG_PIN, or typed); the new passphrase comes
    /// from env ZHITONG_NEW_PASSPHRASE or is typed twice. Afterwards every command needs
    /// ZHITONG_PASSPHRASE (or asks for it). A lost passphrase cannot be recovered.
    Encrypt,
    /// Change the passphrase of an encrypted ledger and its backups (current one from
    /// ZHITONG_PASSPHRASE, new one from ZHITONG_NEW_PASSPHRASE, or typed).
    Passphrase,
    /// Set a staff member's PIN (new PIN from env ZHITONG_NEW_PIN, or typed). Changing
    /// an existing PIN needs that PIN, or an administrator's (`--as`, ZHITONG_PIN).
    Pin {
        /// Whose PIN (default: the `--as` operator, else 管理员).
        name: Option<String>,
    },
}

impl From<SafetyError> for Fail {
    fn from(e: SafetyError) -> Self {
        Fail::new(e.code(), e.to_string())
    }
}

fn size_label(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1u64 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

fn line(b: &BackupInfo) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{} 件\t{}",
        b.taken_label(),
        b.kind.label(),
        size_label(b.size),
        b.file_name,
        b.cases,
        match &b.problem {
            None => "完好".to_string(),
            Some(p) => format!("损坏：{p}"),
        }
    )
}

/// Runs one data-safety verb on the ledger at `path` (encrypted with `key`, if given).
pub fn run(
    cmd: SafetyCmd,
    path: &Path,
    key: Option<&Key>,
    now: Instant,
    operator: Option<&str>,
) -> Result<Out, Fail> {
    match cmd {
        SafetyCmd::Backup { to } => {
            let ledger = zhitong_backup::open_checked(path, key, now)?;
            let b = match &to {
                Some(dir) => zhitong_backup::backup_to_dir(&ledger, dir, now)?,
                None => zhitong_backup::backup_now(&ledger, BackupKind::Auto, now)?,
            };
            Ok(Out::text(
                format!(
                    "已备份并校验通过：{}（{} 件案件，{}）",
                    b.path.display(),
                    b.cases,
                    size_label(b.size)
                ),
                serde_json::to_value(&b)?,
            ))
        }
        SafetyCmd::Backups { dir } => {
            let dir = dir.unwrap_or_else(|| zhitong_backup::backups_dir(path));
            let list = zhitong_backup::list_backups(&dir, key)?;
            let text = if list.is_empty() {
                format!("“{}”中没有备份", dir.display())
            } else {
                let mut t = format!("{} 中的备份（新的在前）：\n", dir.display());
                for b in &list {
                    t += &line(b);
                    t.push('\n');
                }
                t
            };
            Ok(Out::text(text, serde_json::to_value(&list)?))
        }
        SafetyCmd::Check => {
            let r = zhitong_backup::check(path, key)?;
            Ok(Out::text(
                format!(
                    "台账完好：{}\n大小 {}，{} 件案件，最后修改 {}\n结构版本 {}（本程序 {}）{}\n备份 {} 份",
                    r.path.display(),
                    size_label(r.size),
                    r.cases,
                    r.last_change.as_deref().unwrap_or("无"),
                    r.schema_version,
                    r.known_schema_version,
                    if (r.schema_version as usize) < r.known_schema_version {
                        "，下次打开时自动升级（升级前自动备份）"
                    } else {
                        ""
                    },
                    r.backups
                ),
                serde_json::to_value(&r)?,
            ))
        }
        SafetyCmd::Restore { file, yes } => restore(path, key, &file, yes, now, operator),
        SafetyCmd::Pin { name } => set_pin(path, key, name, now, operator),
        cmd @ (SafetyCmd::Encrypt | SafetyCmd::Passphrase) => {
            let encrypting = matches!(cmd, SafetyCmd::Encrypt);
            let ledger = zhitong_backup::open_checked(path, key, now)?;
            let name = operator.unwrap_or("管理员");
            let pin = match std::env::var("ZHITONG_PIN") {
                Ok(p) => p,
                Err(_) => ask(&format!("请输入管理员“{name}”的 PIN："))?,
            };
            let op = ledger.require_admin(name, pin.trim(), "加密台账")?;
            let new = new_passphrase()?;
            let (ledger, report) = if encrypting {
                zhitong_backup::encrypt_ledger(ledger, &new, &op, now)?
            } else {
                // The ledger opened with the passphrase typed (or given) for this run.
                let old = ledger.key().cloned().map_or_else(current_key, Ok)?;
                zhitong_backup::change_passphrase(ledger, &old, &new, &op, now)?
            };
            drop(ledger);
            let mut text = format!(
                "{}：{}，备份 {} 份已同时转换。请妥善保管台账密码，遗失后无法找回",
                if encrypting {
                    "台账已加密"
                } else {
                    "台账密码已更换"
                },
                path.display(),
                report.backups_converted
            );
            if !report.backups_skipped.is_empty() {
                text += &format!(
                    "\n以下备份未能转换（已损坏或使用其他密码），请检查：{}",
                    report.backups_skipped.join("、")
                );
            }
            Ok(Out::text(text, serde_json::to_value(&report)?))
        }
    }
}

/// The passphrase of an encrypted ledger for this run: ZHITONG_PASSPHRASE (scheduled
/// tasks), else typed at a terminal; without a terminal, says how to give it.
pub fn current_key() -> Result<Key, Fail> {
    let pass = match std::env::var("ZHITONG_PASSPHRASE") {
        Ok(p) => p,
        Err(_) if std::io::stdin().is_terminal() => ask("台账已加密，请输入台账密码：")?,
        Err(_) => {
            return Err(Fail::new(
                "ledger.locked",
                "台账已加密：请在环境变量 ZHITONG_PASSPHRASE 中提供台账密码（计划任务），或在终端中运行以输入密码",
            ))
        }
    };
    Ok(Key::new(&pass)?)
}

fn new_passphrase() -> Result<Key, Fail> {
    let pass = match std::env::var("ZHITONG_NEW_PASSPHRASE") {
        Ok(p) => p,
        Err(_) => {
            let a = ask("请输入新的台账密码（至少 8 个字符）：")?;
            let b = ask("请再输入一次：")?;
            if a != b {
                return Err(Fail::usage("两次输入的台账密码不一致，请重新运行"));
            }
            a
        }
    };
    Ok(Key::new_passphrase(&pass)?)
}

fn set_pin(
    path: &Path,
    key: Option<&Key>,
    name: Option<String>,
    now: Instant,
    operator: Option<&str>,
) -> Result<Out, Fail> {
    let mut ledger = zhitong_backup::open_checked(path, key, now)?;
    let target = name
        .or_else(|| operator.map(str::to_string))
        .unwrap_or_else(|| "管理员".into());
    let target_op = ledger.operator(&target)?;
    let has_pin = ledger
        .staff()?
        .iter()
        .any(|s| s.name == target_op.name && s.has_pin);
    let by =
        if has_pin {
            let who = operator.unwrap_or(&target_op.name).to_string();
            let pin = match std::env::var("ZHITONG_PIN") {
                Ok(p) => p,
                Err(_) => ask(&format!("请输入“{who}”现在的 PIN："))?,
            };
            if who == target_op.name {
                if !ledger.verify_pin(&who, pin.trim())? {
                    return Err(zhitong_store::StoreError::from(
                        zhitong_domain::DomainError::invalid("pin", "PIN 不正确，请重新输入"),
                    )
                    .into());
                }
                target_op.clone()
            } else {
                ledger
                    .require_admin(&who, pin.trim(), "修改他人 PIN")?
                    .operator()
                    .clone()
            }
        } else {
            // First PIN of this person: whoever sits at the console sets it, as on the
            // desktop's first start.
            target_op.clone()
        };
    let new_pin = match std::env::var("ZHITONG_NEW_PIN") {
        Ok(p) => p,
        Err(_) => ask(&format!("请输入“{}”的新 PIN（4～32 位）：", target_op.name))?,
    };
    ledger.set_pin(&target_op.name, new_pin.trim(), &by, now)?;
    Ok(Out::text(
        format!("已设置“{}”的 PIN", target_op.name),
        serde_json::json!({"name": target_op.name}),
    ))
}

fn restore(
    path: &Path,
    key: Option<&Key>,
    file: &Path,
    yes: bool,
    now: Instant,
    operator: Option<&str>,
) -> Result<Out, Fail> {
    let info = zhitong_backup::verify_backup(file, key)?;
    if let Some(p) = &info.problem {
        return Err(SafetyError::BadBackup {
            path: file.to_path_buf(),
            detail: p.clone(),
        }
        .into());
    }
    match zhitong_backup::open_checked(path, key, now) {
        Ok(mut ledger) => {
            let name = operator.unwrap_or("管理员");
            let pin = match std::env::var("ZHITONG_PIN") {
                Ok(p) => p,
                Err(_) => ask(&format!("请输入管理员“{name}”的 PIN："))?,
            };
            let admin = ledger.require_admin(name, pin.trim(), "恢复台账")?;
            let preview = zhitong_backup::preview_restore(&ledger, file)?;
            eprintln!("{}", preview.describe());
            confirm(yes)?;
            let r = zhitong_backup::restore(&mut ledger, file, now, &admin)?;
            Ok(Out::text(
                format!(
                    "已从 {} 恢复，现有 {} 件案件。原台账已另存为 {}",
                    r.restored_from.file_name,
                    r.cases_now,
                    r.safety_copy.path.display()
                ),
                serde_json::to_value(&r)?,
            ))
        }
        Err(e) if matches!(e.code(), "ledger.damaged" | "ledger.missing") => {
            // The ledger cannot be read, so no PIN can be checked: access to the files
            // is the authority here. The damaged file is kept aside, never deleted.
            eprintln!("{e}");
            eprintln!(
                "将用备份“{}”（{}，{} 件案件）放回台账位置；现有文件会改名保留。",
                info.file_name,
                info.taken_label(),
                info.cases
            );
            confirm(yes)?;
            let ledger = zhitong_backup::recover(path, file, key, now)?;
            let cases = ledger.file_facts()?.cases;
            Ok(Out::text(
                format!("已从 {} 恢复台账，现有 {cases} 件案件", info.file_name),
                serde_json::json!({"restored_from": info, "cases_now": cases}),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// An administrator's PIN for `action`: `ZHITONG_PIN` (scheduled scripts), else typed at
/// the terminal; without a terminal, says how to give it.
pub fn pin_from_env_or_prompt(name: &str, action: &str) -> Result<String, Fail> {
    if let Ok(p) = std::env::var("ZHITONG_PIN") {
        return Ok(p.trim().to_string());
    }
    if !std::io::stdin().is_terminal() {
        return Err(Fail::new(
            "pin.required",
            format!("{action}需要管理员“{name}”的 PIN：请在终端中运行后输入，或为脚本设置环境变量 ZHITONG_PIN"),
        ));
    }
    Ok(
        ask(&format!("{action}需要管理员 PIN，请输入“{name}”的 PIN："))?
            .trim()
            .to_string(),
    )
}

fn ask(prompt: &str) -> Result<String, Fail> {
    let stdin = std::io::stdin();
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let mut s = String::new();
    stdin.lock().read_line(&mut s)?;
    Ok(s.trim_end_matches(['\r', '\n']).to_string())
}

fn confirm(yes: bool) -> Result<(), Fail> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(Fail::usage("恢复会替换台账，请加 --yes 确认后再运行"));
    }
    let answer = ask("确认恢复请输入 yes：")?;
    if answer.trim().eq_ignore_ascii_case("yes") {
        Ok(())
    } else {
        Err(Fail::new("cancelled", "已取消，台账未改动"))
    }
}
