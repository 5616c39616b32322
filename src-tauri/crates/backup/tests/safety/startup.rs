//! Start-up checks: damaged, missing, emptied, read-only, locked, foreign and older files.

use std::fs;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use rusqlite::Connection;
use zhitong_backup::{backup_now, backups_dir, check, open_checked, recover, BackupKind};

use crate::{at, case_count, ledger_with_cases};

/// Damage done to a closed ledger file that has a good backup.
fn garbage_over_middle_page(p: &Path) {
    let len = fs::metadata(p).expect("meta").len();
    let page = 4096;
    let middle = (len / page / 2).max(1) * page;
    let mut f = fs::OpenOptions::new().write(true).open(p).expect("open");
    f.seek(SeekFrom::Start(middle)).expect("seek");
    f.write_all(&vec![0xA5; page as usize]).expect("write");
}

fn zeroed_header(p: &Path) {
    let mut f = fs::OpenOptions::new().write(true).open(p).expect("open");
    f.write_all(&[0u8; 100]).expect("write");
}

fn emptied(p: &Path) {
    fs::write(p, b"").expect("truncate");
}

fn deleted(p: &Path) {
    fs::remove_file(p).expect("delete");
}

#[test]
fn a_damaged_or_lost_ledger_offers_the_newest_good_backup() {
    let table: [(&str, fn(&Path), &str); 4] = [
        (
            "bytes overwritten in the middle",
            garbage_over_middle_page,
            "ledger.damaged",
        ),
        (
            "header zeroed: not a database",
            zeroed_header,
            "ledger.damaged",
        ),
        ("file emptied to 0 bytes", emptied, "ledger.damaged"),
        (
            "file deleted while backups exist",
            deleted,
            "ledger.missing",
        ),
    ];
    for (why, damage, code) in table {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("ledger.db");
        let now = at(2025, 3, 3, 9, 0);
        let l = ledger_with_cases(&path, 40, now);
        backup_now(&l, BackupKind::Auto, now).expect("backup");
        drop(l);
        damage(&path);

        let err = open_checked(&path, at(2025, 3, 4, 9, 0)).err().expect(why);
        assert_eq!(err.code(), code, "{why}: {err}");
        let offered = err
            .recovery()
            .unwrap_or_else(|| panic!("{why}: a backup is offered"));
        assert_eq!(
            offered.cases, 40,
            "{why}: the offered backup is the good one"
        );
        assert!(
            err.to_string().contains(&offered.file_name),
            "{why}: the message names it: {err}"
        );
        assert_eq!(
            check(&path).expect_err(why).code(),
            code,
            "{why}: zhitong check agrees"
        );

        let l = recover(&path, &offered.path, at(2025, 3, 4, 9, 1)).expect("recover");
        assert_eq!(case_count(&l), 40, "{why}: every case is back");
        if code == "ledger.damaged" {
            let aside = dir.path().join("ledger-damaged-20250304-090100.db");
            assert!(
                aside.exists(),
                "{why}: the damaged file is kept aside, not deleted"
            );
        }
        check(&path).unwrap_or_else(|e| panic!("{why}: recovered ledger passes check: {e}"));
    }
}

#[test]
fn a_missing_file_is_created_only_when_no_backups_exist() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sub").join("ledger.db");
    let l = open_checked(&path, at(2025, 3, 3, 9, 0)).expect("first start creates a ledger");
    assert_eq!(case_count(&l), 0);
    assert!(!backups_dir(&path).exists(), "no backup folder yet");
}

#[test]
fn read_only_locked_foreign_and_newer_files_get_clear_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let now = at(2025, 3, 3, 9, 0);

    let ro = dir.path().join("ro").join("ledger.db");
    drop(ledger_with_cases(&ro, 1, now));
    let mut perm = fs::metadata(&ro).expect("meta").permissions();
    perm.set_readonly(true);
    fs::set_permissions(&ro, perm).expect("chmod");
    let err = open_checked(&ro, now).err().expect("read-only refused");
    assert_eq!(err.code(), "ledger.read_only", "{err}");
    assert!(err.to_string().contains("只读"), "{err}");

    let locked = dir.path().join("locked").join("ledger.db");
    drop(ledger_with_cases(&locked, 1, now));
    let holder = Connection::open(&locked).expect("other program");
    holder
        .execute_batch(
            "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE settings SET key = key;",
        )
        .expect("hold an exclusive lock");
    let err = open_checked(&locked, now).err().expect("locked refused");
    assert_eq!(err.code(), "ledger.locked", "{err}");
    assert!(err.to_string().contains("占用"), "{err}");
    drop(holder);
    open_checked(&locked, now).expect("opens once the other program lets go");

    let foreign = dir.path().join("foreign").join("ledger.db");
    fs::create_dir_all(foreign.parent().expect("parent")).expect("mkdir");
    Connection::open(&foreign)
        .and_then(|c| c.execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY);"))
        .expect("someone else's database");
    let err = open_checked(&foreign, now).err().expect("foreign refused");
    assert_eq!(err.code(), "ledger.not_ledger", "{err}");

    let newer = dir.path().join("newer").join("ledger.db");
    drop(ledger_with_cases(&newer, 1, now));
    Connection::open(&newer)
        .and_then(|c| c.pragma_update(None, "user_version", 999))
        .expect("pretend a newer build wrote it");
    let err = open_checked(&newer, now).err().expect("newer refused");
    assert_eq!(err.code(), "ledger.too_new", "{err}");
    let v: i64 = Connection::open(&newer)
        .and_then(|c| c.pragma_query_value(None, "user_version", |r| r.get(0)))
        .expect("read version");
    assert_eq!(v, 999, "the newer file is left untouched");
}

#[test]
fn an_older_schema_is_backed_up_before_the_upgrade() {
    let known = zhitong_store::schema_version();
    if known < 2 {
        eprintln!("only one schema version exists: nothing to upgrade from");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ledger.db");
    let mut conn = Connection::open(&path).expect("create");
    zhitong_store::migrations_for_tests()
        .to_version(&mut conn, 1)
        .expect("schema 1");
    drop(conn);
    let l = open_checked(&path, at(2025, 3, 3, 9, 0)).expect("upgrade");
    let v: i64 = l
        .conn()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(v, known as i64, "migrated to this build's schema");
    let backups = zhitong_backup::list_backups(&backups_dir(&path)).expect("list");
    assert_eq!(backups.len(), 1, "one safety copy before the upgrade");
    assert_eq!(backups[0].kind, BackupKind::BeforeUpgrade);
    assert_eq!(backups[0].schema_version, 1, "the copy is of the old file");
}
