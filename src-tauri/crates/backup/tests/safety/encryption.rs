//! Encryption at rest: the ledger and its backups are converted, a locked or wrong
//! passphrase is reported as such (never as a damaged ledger offering a restore), and
//! backups and restores of an encrypted ledger stay encrypted. The passphrase travels
//! with the open ledger, never in a process-wide static.

use zhitong_backup::{
    backup_now, backups_dir, change_passphrase, check, encrypt_ledger, list_backups, open_checked,
    restore, BackupKind,
};
use zhitong_store::cipher::{self, Key};
use zhitong_store::{Admin, NewStaff};

use crate::{add_cases, at, case_count, ledger_with_cases};

/// The administrator capability on a ledger whose administrator has no PIN yet.
fn admin(l: &zhitong_store::Ledger) -> Admin {
    l.admin_unprotected("管理员", "加密台账")
        .expect("the seeded administrator passes while no PIN is set")
}

#[test]
fn encrypting_converts_ledger_and_backups_and_locks_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ledger.db");
    let now = at(2026, 11, 2, 9, 0);
    let ledger = ledger_with_cases(&path, 5, now);
    backup_now(&ledger, BackupKind::Manual, now).expect("a plaintext backup before");

    let key = Key::new_passphrase("园区企服台账 2026").expect("a good passphrase");
    let mut ledger = open_checked(&path, None, now).expect("reopen");
    let clerk = NewStaff {
        name: "王登记".into(),
        role: zhitong_domain::Role::Clerk,
        title: String::new(),
    };
    ledger
        .add_staff(&clerk, &admin(&ledger), now)
        .expect("add a clerk");
    // encrypt_ledger takes an `Admin`, which a clerk cannot obtain.
    let refused = ledger
        .require_admin("王登记", "", "加密台账")
        .expect_err("only an administrator encrypts the ledger");
    assert_eq!(refused.code(), "auth.forbidden", "{refused}");
    assert!(
        !cipher::is_encrypted(&path),
        "a refused request changes nothing"
    );

    drop(ledger);
    let ledger = open_checked(&path, None, now).expect("reopen");
    let a = admin(&ledger);
    let (mut ledger, report) = encrypt_ledger(ledger, &key, &a, now).expect("encrypt");
    assert!(cipher::is_encrypted(&path), "the ledger file is encrypted");
    assert_eq!(case_count(&ledger), 5, "every case is kept");
    assert_eq!(
        ledger.key(),
        Some(&key),
        "the reopened ledger holds its passphrase for its backups"
    );
    assert!(
        report.backups_converted >= 1 && report.backups_skipped.is_empty(),
        "the plaintext backups are encrypted too: {report:?}"
    );
    for b in list_backups(&backups_dir(&path), Some(&key)).expect("list") {
        assert!(
            cipher::is_encrypted(&b.path),
            "no plaintext copy stays in the backups folder: {}",
            b.file_name
        );
        assert!(b.is_good(), "an encrypted backup verifies: {b:?}");
    }
    add_cases(&mut ledger, 5, 2, now);
    let b = backup_now(&ledger, BackupKind::Manual, at(2026, 11, 2, 10, 0)).expect("backup");
    assert!(
        cipher::is_encrypted(&b.path),
        "a backup of an encrypted ledger stays encrypted"
    );
    assert_eq!(b.cases, 7);
    drop(ledger);

    let locked = open_checked(&path, None, now).err().expect("locked");
    assert_eq!(locked.code(), "ledger.locked", "{locked}");
    assert!(
        locked.recovery().is_none(),
        "a locked ledger is not damaged: no restore is offered"
    );
    let other = Key::new("别的密码").expect("key");
    let wrong = open_checked(&path, Some(&other), now)
        .err()
        .expect("wrong passphrase");
    assert_eq!(wrong.code(), "ledger.wrong_key", "{wrong}");
    assert_eq!(
        check(&path, Some(&other)).err().map(|e| e.code()),
        Some("ledger.wrong_key"),
        "zhitong check says the passphrase is wrong, not that the file is damaged"
    );

    let mut ledger = open_checked(&path, Some(&key), now).expect("the passphrase opens it");
    // Another ledger, plaintext, opens beside it in the same process: no key is global.
    let plain_dir = tempfile::tempdir().expect("temp dir");
    let plain = ledger_with_cases(&plain_dir.path().join("ledger.db"), 2, now);
    let plain_backup = backup_now(&plain, BackupKind::Manual, now).expect("plaintext backup");
    assert!(
        !cipher::is_encrypted(&plain_backup.path),
        "a plaintext ledger's backup stays plaintext while an encrypted ledger is open"
    );
    drop(plain);
    let first = list_backups(&backups_dir(&path), ledger.key())
        .expect("list")
        .into_iter()
        .find(|b| b.cases == 5)
        .expect("the first backup");
    let a = admin(&ledger);
    let r = restore(&mut ledger, &first.path, at(2026, 11, 2, 11, 0), &a).expect("restore");
    assert_eq!(
        r.cases_now, 5,
        "the restored ledger holds the backup's cases"
    );
    assert!(
        cipher::is_encrypted(&path),
        "a restored ledger is still encrypted"
    );

    let new = Key::new_passphrase("新的台账密码 2027").expect("key");
    let (ledger, report) = {
        let a = admin(&ledger);
        change_passphrase(ledger, &key, &new, &a, now).expect("change the passphrase")
    };
    assert!(report.backups_skipped.is_empty(), "{report:?}");
    assert_eq!(case_count(&ledger), 5);
    drop(ledger);
    for b in list_backups(&backups_dir(&path), Some(&new)).expect("list") {
        cipher::verify(&b.path, &new).unwrap_or_else(|e| {
            panic!("backup {} opens with the new passphrase: {e}", b.file_name)
        });
    }
}
