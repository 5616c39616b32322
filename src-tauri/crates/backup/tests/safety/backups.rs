//! Backups, rotation and restore.

use std::collections::BTreeSet;
use std::fs;

use chrono::NaiveDateTime;
use zhitong_backup::{
    backup_file_if_due, backup_if_due, backup_now, backup_to_dir, backups_dir, list_backups,
    plan_rotation, preview_restore, restore, rotate, BackupKind, RotationTier,
};

use crate::{add_cases, at, case_count, ledger_with_cases};

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test time")
}

/// Every day from `from` to `to` (inclusive) at `hour`.
fn days(from: &str, to: &str, hour: u32) -> Vec<NaiveDateTime> {
    let mut d = t(&format!("{from} 00:00")).date();
    let end = t(&format!("{to} 00:00")).date();
    let mut out = Vec::new();
    while d <= end {
        out.push(d.and_hms_opt(hour, 0, 0).expect("hour"));
        d = d.succ_opt().expect("next day");
    }
    out
}

fn kept(times: &[NaiveDateTime]) -> BTreeSet<String> {
    plan_rotation(times)
        .into_iter()
        .map(|i| times[i].format("%Y-%m-%d %H:%M").to_string())
        .collect()
}

fn set(v: &[&str]) -> BTreeSet<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn rotation_keeps_7_daily_4_weekly_12_monthly() {
    let monthly: Vec<NaiveDateTime> = (0..15)
        .map(|m| t(&format!("{}-{:02}-01 09:00", 2024 + m / 12, m % 12 + 1)))
        .collect();
    let table: Vec<(&str, Vec<NaiveDateTime>, BTreeSet<String>)> = vec![
        (
            "10 days of use: only the 7 newest days stay (weeks and months add nothing older)",
            days("2025-01-01", "2025-01-10", 9),
            set(&[
                "2025-01-04 09:00",
                "2025-01-05 09:00",
                "2025-01-06 09:00",
                "2025-01-07 09:00",
                "2025-01-08 09:00",
                "2025-01-09 09:00",
                "2025-01-10 09:00",
            ]),
        ),
        (
            "41 days: 7 days, plus the newest of ISO weeks 5 and 4 and of January",
            days("2025-01-01", "2025-02-10", 9),
            set(&[
                "2025-02-04 09:00",
                "2025-02-05 09:00",
                "2025-02-06 09:00",
                "2025-02-07 09:00",
                "2025-02-08 09:00",
                "2025-02-09 09:00",
                "2025-02-10 09:00",
                "2025-02-02 09:00",
                "2025-01-26 09:00",
                "2025-01-31 09:00",
            ]),
        ),
        (
            "three backups on one day: only the newest of that day stays",
            vec![
                t("2025-01-10 09:00"),
                t("2025-01-10 12:00"),
                t("2025-01-10 18:00"),
            ],
            set(&["2025-01-10 18:00"]),
        ),
        (
            "a long holiday does not push the last working days out",
            vec![
                t("2025-01-01 09:00"),
                t("2025-01-02 09:00"),
                t("2025-01-03 09:00"),
                t("2025-02-20 09:00"),
                t("2025-02-21 09:00"),
            ],
            set(&[
                "2025-01-01 09:00",
                "2025-01-02 09:00",
                "2025-01-03 09:00",
                "2025-02-20 09:00",
                "2025-02-21 09:00",
            ]),
        ),
        (
            "one backup a month for 15 months: the 12 newest months stay",
            monthly,
            (0..12)
                .map(|m| format!("{}-{:02}-01 09:00", 2024 + (m + 3) / 12, (m + 3) % 12 + 1))
                .collect(),
        ),
    ];
    for (why, times, want) in table {
        assert_eq!(kept(&times), want, "{why}");
    }
}

#[test]
fn rotate_deletes_exactly_the_unkept_files_and_never_manual_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut names: Vec<String> = days("2025-01-01", "2025-02-10", 9)
        .iter()
        .map(|d| format!("zhitong-{}.db", d.format("%Y%m%d-%H%M%S")))
        .collect();
    names.push("zhitong-20240101-090000-manual.db".into());
    for i in 0..12 {
        names.push(format!(
            "zhitong-202501{:02}-100000-before-restore.db",
            i + 1
        ));
    }
    names.push("notes.txt".into());
    for n in &names {
        fs::write(dir.path().join(n), b"").expect("write");
    }
    rotate(dir.path()).expect("rotate");
    let left: BTreeSet<String> = fs::read_dir(dir.path())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let mut want = set(&[
        "zhitong-20250204-090000.db",
        "zhitong-20250205-090000.db",
        "zhitong-20250206-090000.db",
        "zhitong-20250207-090000.db",
        "zhitong-20250208-090000.db",
        "zhitong-20250209-090000.db",
        "zhitong-20250210-090000.db",
        "zhitong-20250202-090000.db",
        "zhitong-20250126-090000.db",
        "zhitong-20250131-090000.db",
        "zhitong-20240101-090000-manual.db",
        "notes.txt",
    ]);
    for i in 2..12 {
        want.insert(format!(
            "zhitong-202501{:02}-100000-before-restore.db",
            i + 1
        ));
    }
    assert_eq!(
        left, want,
        "41 daily backups, 12 safety copies, 1 manual, 1 other file"
    );
}

#[test]
fn backup_if_due_follows_the_day_and_the_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ledger.db");
    let mut l = ledger_with_cases(&path, 1, at(2025, 3, 1, 8, 0));
    // (now, cases to add before the call, whether a backup is expected, why)
    let steps = [
        (
            at(2025, 3, 3, 9, 0),
            0,
            true,
            "first start of the day, no backup yet",
        ),
        (at(2025, 3, 3, 12, 0), 0, false, "same day, nothing changed"),
        (
            at(2025, 3, 3, 18, 0),
            2,
            true,
            "exit after registering cases",
        ),
        (
            at(2025, 3, 3, 18, 5),
            0,
            false,
            "second exit, nothing changed",
        ),
        (
            at(2025, 3, 4, 9, 0),
            0,
            true,
            "next day, even without changes",
        ),
    ];
    // The desktop takes the start-of-day backup from the file, on a thread and
    // connections of its own while the window keeps the ledger open; the same rules.
    let file_dir = tempfile::tempdir().expect("tempdir");
    let file_path = file_dir.path().join("ledger.db");
    let mut open = ledger_with_cases(&file_path, 1, at(2025, 3, 1, 8, 0));
    for (now, add, want, why) in steps {
        let from = case_count(&open) as usize;
        add_cases(&mut open, from, add, now);
        let got = backup_file_if_due(&file_path, None, now).expect("backup_file_if_due");
        assert_eq!(got.is_some(), want, "from the file: {why}");
        if let Some(b) = got {
            assert!(
                b.is_good(),
                "from the file: {why}: the backup passes integrity_check"
            );
            assert_eq!(
                b.cases,
                case_count(&open),
                "from the file, with the ledger open: {why}: the backup holds every case"
            );
        }
    }
    for (now, add, want, why) in steps {
        let from = case_count(&l) as usize;
        add_cases(&mut l, from, add, now);
        let got = backup_if_due(&l, now).expect("backup_if_due");
        assert_eq!(got.is_some(), want, "{why}");
        if let Some(b) = got {
            assert!(b.is_good(), "{why}: the backup passes integrity_check");
            assert_eq!(
                b.cases,
                case_count(&l),
                "{why}: the backup holds every case"
            );
            assert_eq!(b.kind, BackupKind::Auto);
        }
    }
    // Three weeks of daily use: rotation leaves the right files.
    for d in 5..=25 {
        backup_if_due(&l, at(2025, 3, d, 9, 0)).expect("daily backup");
    }
    let listed = list_backups(&backups_dir(&path), None).expect("list");
    let names: Vec<&str> = listed.iter().map(|b| b.file_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "zhitong-20250325-090000.db", "zhitong-20250324-090000.db", "zhitong-20250323-090000.db",
            "zhitong-20250322-090000.db", "zhitong-20250321-090000.db", "zhitong-20250320-090000.db",
            "zhitong-20250319-090000.db", "zhitong-20250316-090000.db", "zhitong-20250309-090000.db",
        ],
        "7 days (19–25 March) and the newest of ISO weeks 11 and 10; the month's newest is the 25th"
    );
    assert!(listed
        .iter()
        .all(|b| b.is_good() && b.size > 0 && b.cases == 3));
    let tiers: Vec<Option<RotationTier>> = listed.iter().map(|b| b.tier).collect();
    assert_eq!(
        tiers,
        [
            [Some(RotationTier::Daily); 7].as_slice(),
            &[Some(RotationTier::Weekly); 2],
        ]
        .concat(),
        "the 7 newest days are listed as daily, the older keepers as weekly"
    );
}

#[test]
fn restore_round_trips_a_ledger() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ledger.db");
    let now = at(2025, 3, 3, 9, 0);
    let mut l = ledger_with_cases(&path, 3, now);
    let before: Vec<String> = (1..=3)
        .map(|id| l.case(id).expect("case").description)
        .collect();
    let b = backup_now(&l, BackupKind::Auto, now).expect("backup");
    add_cases(&mut l, 3, 2, at(2025, 3, 3, 10, 0));
    assert_eq!(case_count(&l), 5);

    let p = preview_restore(&l, &b.path).expect("preview");
    assert_eq!(
        (p.current.cases, p.backup.cases),
        (5, 3),
        "preview counts both sides"
    );
    assert_eq!(
        p.only_in_current.len(),
        2,
        "two cases exist only in the current ledger"
    );
    assert!(p.only_in_backup.is_empty());
    assert!(
        p.describe().contains("安全副本"),
        "the text promises a safety copy"
    );

    let report = {
        let a = restorer(&l);
        restore(&mut l, &b.path, at(2025, 3, 3, 11, 0), &a)
    }
    .expect("restore");
    assert_eq!(case_count(&l), 3, "the restored ledger is the backup");
    assert_eq!(report.cases_now, 3);
    assert_eq!(
        report.safety_copy.cases, 5,
        "the safety copy holds the replaced ledger"
    );
    assert_eq!(report.safety_copy.kind, BackupKind::BeforeRestore);
    let after: Vec<String> = (1..=3)
        .map(|id| l.case(id).expect("case").description)
        .collect();
    assert_eq!(before, after, "case contents survive the round trip");

    {
        let a = restorer(&l);
        restore(&mut l, &report.safety_copy.path, at(2025, 3, 3, 12, 0), &a)
    }
    .expect("undo");
    assert_eq!(
        case_count(&l),
        5,
        "restoring the safety copy undoes the restore"
    );
    drop(l);
    let l = zhitong_backup::open_checked(&path, None, at(2025, 3, 3, 12, 1)).expect("reopen");
    assert_eq!(case_count(&l), 5, "the restore is on disk");
}

#[test]
fn manual_backup_to_a_chosen_folder_and_bad_backups_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let usb = tempfile::tempdir().expect("usb");
    let path = dir.path().join("ledger.db");
    let now = at(2025, 3, 3, 9, 0);
    let l = ledger_with_cases(&path, 2, now);
    let b = backup_to_dir(&l, usb.path(), now).expect("manual backup");
    assert_eq!(b.file_name, "zhitong-20250303-090000-manual.db");
    assert_eq!((b.cases, b.is_good()), (2, true));
    let b2 = backup_to_dir(&l, usb.path(), now).expect("second in the same second");
    assert_eq!(b2.file_name, "zhitong-20250303-090000-2-manual.db");

    let junk = usb.path().join("zhitong-20250101-090000.db");
    fs::write(&junk, "这不是数据库".repeat(500)).expect("write junk");
    let listed = list_backups(usb.path(), None).expect("list");
    assert_eq!(listed.len(), 3, "a bad file is listed, not hidden");
    assert!(!listed[2].is_good(), "and flagged: {:?}", listed[2].problem);
    let err = preview_restore(&l, &junk).expect_err("a junk backup is refused");
    assert_eq!(err.code(), "backup.invalid", "{err}");
    let mut l = l;
    let err = {
        let a = restorer(&l);
        restore(&mut l, &junk, now, &a)
    }
    .expect_err("restore refuses junk");
    assert_eq!(err.code(), "backup.invalid", "{err}");
    assert_eq!(
        case_count(&l),
        2,
        "the open ledger is untouched and still usable"
    );
}

/// The administrator capability on a test ledger whose administrator has no PIN.
fn restorer(l: &zhitong_store::Ledger) -> zhitong_store::Admin {
    l.admin_unprotected("管理员", "恢复台账")
        .expect("the seeded administrator passes while no PIN is set")
}

#[test]
fn a_backup_cut_off_midway_leaves_no_file_behind_after_the_next_backup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ledger.db");
    let now = at(2025, 3, 3, 9, 0);
    let l = ledger_with_cases(&path, 2, now);
    let backups = backups_dir(&path);
    fs::create_dir_all(&backups).expect("backups dir");
    // (file left in the backups folder, whether the next backup removes it, why)
    let table = [
        (
            "zhitong-20250302-090000.db.partial",
            true,
            "yesterday's backup was cut off by a power cut: as large as the ledger, and no one else deletes it",
        ),
        (
            "zhitong-20250302-090000.db.partial-journal",
            true,
            "the journal of that cut-off copy",
        ),
        (
            "zhitong-20250303-085000.db.partial",
            false,
            "ten minutes old: another process may still be writing this backup",
        ),
        (
            "notes.db.partial",
            false,
            "not named like a backup: not ours to delete",
        ),
    ];
    for (name, _, _) in &table {
        fs::write(backups.join(name), b"half a copy").expect("leftover");
    }
    backup_now(&l, BackupKind::Manual, now).expect("backup");
    for (name, removed, why) in table {
        assert_eq!(!backups.join(name).exists(), removed, "{name}: {why}");
    }
    let listed = list_backups(&backups, None).expect("list");
    assert_eq!(
        listed.len(),
        1,
        "only the finished backup is listed: {listed:?}"
    );
}
