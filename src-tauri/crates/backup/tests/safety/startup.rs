//! Start-up checks: damaged, missing, emptied, read-only, locked, foreign and older files.

use std::fs;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use rusqlite::Connection;
use zhitong_backup::{backup_now, backups_dir, check, open_checked, recover, BackupKind};

use crate::{at, case_count, ledger_with_cases};

/// Damage done to a closed ledger file that has a good backup.
/// Garbage over the last page of the file: an index page (of the last index the
/// migrations built) that opening the ledger does not read, so only the full check sees it.
fn garbage_over_last_page(p: &Path) {
    let len = fs::metadata(p).expect("meta").len();
    let page = 4096;
    let middle = (len / page - 1).max(1) * page;
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
    // Start-up checks only what costs the same for any ledger (file type, header, schema);
    // damage inside the file is found by the full check that `zhitong check` and the
    // desktop's background check after first paint run.
    let table: [(&str, fn(&Path), &str, bool); 4] = [
        (
            "bytes overwritten in the last page",
            garbage_over_last_page,
            "ledger.damaged",
            false,
        ),
        (
            "header zeroed: not a database",
            zeroed_header,
            "ledger.damaged",
            true,
        ),
        ("file emptied to 0 bytes", emptied, "ledger.damaged", true),
        (
            "file deleted while backups exist",
            deleted,
            "ledger.missing",
            true,
        ),
    ];
    for (why, damage, code, at_open) in table {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("ledger.db");
        let now = at(2025, 3, 3, 9, 0);
        let l = ledger_with_cases(&path, 40, now);
        backup_now(&l, BackupKind::Auto, now).expect("backup");
        drop(l);
        damage(&path);

        let opened = open_checked(&path, None, at(2025, 3, 4, 9, 0));
        if at_open {
            let err = opened.err().expect(why);
            assert_eq!(err.code(), code, "{why}: refused at start-up: {err}");
        } else {
            drop(opened.expect("damage inside the file passes the cheap start-up checks"));
        }
        let err = check(&path, None).expect_err(why);
        assert_eq!(err.code(), code, "{why}: the full check finds it: {err}");
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

        let l = recover(&path, &offered.path, None, at(2025, 3, 4, 9, 1)).expect("recover");
        assert_eq!(case_count(&l), 40, "{why}: every case is back");
        if code == "ledger.damaged" {
            let aside = dir.path().join("ledger-damaged-20250304-090100.db");
            assert!(
                aside.exists(),
                "{why}: the damaged file is kept aside, not deleted"
            );
        }
        check(&path, None).unwrap_or_else(|e| panic!("{why}: recovered ledger passes check: {e}"));
    }
}

#[test]
fn a_missing_file_is_created_only_when_no_backups_exist() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sub").join("ledger.db");
    let l = open_checked(&path, None, at(2025, 3, 3, 9, 0)).expect("first start creates a ledger");
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
    let err = open_checked(&ro, None, now)
        .err()
        .expect("read-only refused");
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
    let err = open_checked(&locked, None, now)
        .err()
        .expect("locked refused");
    assert_eq!(err.code(), "ledger.locked", "{err}");
    assert!(err.to_string().contains("占用"), "{err}");
    drop(holder);
    open_checked(&locked, None, now).expect("opens once the other program lets go");

    let foreign = dir.path().join("foreign").join("ledger.db");
    fs::create_dir_all(foreign.parent().expect("parent")).expect("mkdir");
    Connection::open(&foreign)
        .and_then(|c| c.execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY);"))
        .expect("someone else's database");
    let err = open_checked(&foreign, None, now)
        .err()
        .expect("foreign refused");
    assert_eq!(err.code(), "ledger.not_ledger", "{err}");

    let newer = dir.path().join("newer").join("ledger.db");
    drop(ledger_with_cases(&newer, 1, now));
    Connection::open(&newer)
        .and_then(|c| c.pragma_update(None, "user_version", 999))
        .expect("pretend a newer build wrote it");
    let err = open_checked(&newer, None, now)
        .err()
        .expect("newer refused");
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
    let l = open_checked(&path, None, at(2025, 3, 3, 9, 0)).expect("upgrade");
    let v: i64 = l
        .conn()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(v, known as i64, "migrated to this build's schema");
    let backups = zhitong_backup::list_backups(&backups_dir(&path), None).expect("list");
    assert_eq!(backups.len(), 1, "one safety copy before the upgrade");
    assert_eq!(backups[0].kind, BackupKind::BeforeUpgrade);
    assert_eq!(backups[0].schema_version, 1, "the copy is of the old file");
}

#[test]
fn the_session_marker_tells_whether_the_last_session_ended_normally() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ledger.db");
    let marker = zhitong_backup::marker_path(&path);
    assert_eq!(
        marker.file_name().and_then(|n| n.to_str()),
        Some("ledger.db.session"),
        "the marker sits beside the ledger, named after it"
    );

    let (session, unclean) = zhitong_backup::begin_session(&path, at(2025, 3, 3, 9, 0));
    assert_eq!(unclean, None, "a first start has no earlier session");
    assert!(marker.exists(), "the open session is marked");
    drop(session);
    assert!(!marker.exists(), "a normal end removes the marker");

    let (crashed, unclean) = zhitong_backup::begin_session(&path, at(2025, 3, 3, 10, 0));
    assert_eq!(unclean, None, "the last session ended normally");
    // This session never ends: a crash leaves its marker behind.
    std::mem::forget(crashed);
    let (next, unclean) = zhitong_backup::begin_session(&path, at(2025, 3, 4, 8, 30));
    assert_eq!(
        unclean.map(|u| u.started),
        Some("2025-03-03 10:00:00".to_string()),
        "a crashed session is reported with the time it started"
    );
    drop(next);
    let (_last, unclean) = zhitong_backup::begin_session(&path, at(2025, 3, 4, 9, 0));
    assert_eq!(unclean, None, "reported once, then replaced");
}

#[test]
fn a_truncated_ledger_is_refused_at_start_up_without_the_full_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ledger.db");
    let now = at(2025, 3, 3, 9, 0);
    let l = ledger_with_cases(&path, 200, now);
    backup_now(&l, BackupKind::Auto, now).expect("backup");
    drop(l);
    let len = fs::metadata(&path).expect("meta").len();
    let f = fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("open");
    f.set_len(len / 2).expect("cut the file in half");
    drop(f);
    let err = open_checked(&path, None, at(2025, 3, 4, 9, 0))
        .err()
        .expect("a file cut short is refused at start-up");
    assert_eq!(err.code(), "ledger.damaged", "{err}");
    assert!(
        err.to_string().contains("截断"),
        "the message says the file was cut short: {err}"
    );
    assert!(err.recovery().is_some(), "the good backup is offered");
}
