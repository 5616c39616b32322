//! The ledger: migrations, registration, numbering under concurrent writers, settings,
//! audit and the no-delete rule, pauses and calendar changes moving deadlines.

use chrono::TimeZone;
use zhitong_domain::{CaseState, Instant, NewCase};
use zhitong_store::{Admin, AssignInput, CaseQuery, Ledger, Operator};

fn t(y: i32, m: u32, d: u32, h: u32, min: u32) -> Instant {
    zhitong_domain::china()
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
}

fn admin() -> Operator {
    Operator {
        name: "管理员".into(),
        role: zhitong_domain::Role::Admin,
    }
}

/// The administrator capability on a ledger nobody has protected with a PIN yet.
fn admin_cap(l: &Ledger) -> Admin {
    l.admin_unprotected("管理员", "测试")
        .expect("the seeded administrator passes while no PIN is set")
}

fn new_case(name: &str, code: &str, at: Instant) -> NewCase {
    serde_json::from_value(serde_json::json!({
        "received_at": at.to_rfc3339(), "channel": "热线电话", "nature": "求助",
        "category": "用电保障", "description": "夜间生产经常跳闸，影响交货。", "wanted_department": "供电所",
        "enterprise": {"name": name, "credit_code": code, "address": "正阳工业园区"},
        "contact": {"name": "王经理", "title": "总经理", "phone": "13800000000", "email": "a@b.cn"}
    }))
    .unwrap()
}

fn ledger() -> Ledger {
    let mut l = Ledger::open_in_memory().unwrap();
    l.init(t(2026, 1, 5, 8, 0)).unwrap();
    l
}

fn count(l: &Ledger, table: &str) -> i64 {
    l.scalar(&format!("SELECT COUNT(*) FROM {table}"))
}

#[test]
fn migrations_apply_from_empty_and_from_every_version() {
    let m = zhitong_store::migrations_for_tests();
    m.validate()
        .expect("migrations must be valid SQL applied in order");
    for from in 0..=zhitong_store::schema_version() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        m.to_version(&mut conn, from)
            .unwrap_or_else(|e| panic!("migrating to {from}: {e}"));
        m.to_latest(&mut conn)
            .unwrap_or_else(|e| panic!("from version {from} to latest: {e}"));
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(
            v as usize,
            zhitong_store::schema_version(),
            "from {from} ends at the latest version"
        );
    }
}

#[test]
fn a_ledger_from_before_migration_5_sorts_its_enterprises_by_pinyin_once_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        zhitong_store::migrations_for_tests()
            .to_version(&mut conn, 4)
            .unwrap();
        for name in ["张江科技有限公司", "安吉包装厂"] {
            conn.execute(
                "INSERT INTO enterprises (name, created_at) VALUES (?1, '2025-01-02T09:00:00+08:00')",
                [name],
            )
            .unwrap();
        }
    }
    let l = Ledger::open(&path).unwrap();
    let keys: Vec<(String, Vec<u8>)> = l
        .conn()
        .prepare("SELECT name, sort_key FROM enterprises ORDER BY sort_key")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        keys.iter().map(|k| k.0.as_str()).collect::<Vec<_>>(),
        ["安吉包装厂", "张江科技有限公司"],
        "an upgraded ledger sorts its old enterprises by pinyin at once"
    );
    for (name, key) in &keys {
        assert_eq!(
            key,
            &zhitong_store::collate::sort_key(name),
            "{name}: the stored key is the one the store writes for new enterprises"
        );
    }
}

#[test]
fn every_table_is_strict() {
    let l = ledger();
    let sqls: Vec<(String, String)> = l
        .conn()
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_data' AND name NOT LIKE '%_idx' AND name NOT LIKE '%_docsize' AND name NOT LIKE '%_config' AND name NOT LIKE '%_content'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(sqls.len() >= 10, "the schema has its tables");
    for (name, sql) in sqls {
        assert!(
            sql.trim_end().ends_with("STRICT"),
            "table {name} must be STRICT"
        );
    }
}

#[test]
fn registration_numbers_by_received_year_and_reuses_enterprises() {
    let mut l = ledger();
    let now = t(2026, 3, 2, 10, 0);
    let a = l
        .register(
            &new_case(
                "宝庄窗业有限公司",
                "91350100M000100Y43",
                t(2025, 12, 31, 23, 0),
            ),
            &admin(),
            now,
        )
        .unwrap();
    let b = l
        .register(
            &new_case("宝庄窗业有限公司", "", t(2026, 1, 1, 9, 0)),
            &admin(),
            now,
        )
        .unwrap();
    let c = l
        .register(
            &new_case(
                "宝庄窗业（更名）有限公司",
                "91350100M000100Y43",
                t(2026, 3, 2, 9, 0),
            ),
            &admin(),
            now,
        )
        .unwrap();
    assert_eq!(
        a.reg_no, "企业困难问题〔2025〕第1号",
        "numbered by the received year"
    );
    assert_eq!(
        b.reg_no, "企业困难问题〔2026〕第1号",
        "a new year starts at 1"
    );
    assert_eq!(c.reg_no, "企业困难问题〔2026〕第2号");
    assert_eq!(
        a.enterprise.id, b.enterprise.id,
        "matched by exact name when no code is given"
    );
    assert_eq!(
        a.enterprise.id, c.enterprise.id,
        "matched by credit code despite a new name"
    );
    assert_eq!(count(&l, "enterprises"), 1);
    assert_eq!(
        count(&l, "contacts"),
        1,
        "the same contact person is reused"
    );
    assert_eq!(a.state, CaseState::Registered);
    assert_eq!(
        a.events.len(),
        1,
        "registration writes its timeline/audit event"
    );
}

#[test]
fn invalid_registration_writes_nothing() {
    let mut l = ledger();
    let before = (
        count(&l, "cases"),
        count(&l, "enterprises"),
        count(&l, "events"),
        count(&l, "sequences"),
    );
    let mut bad = new_case(
        "宝庄窗业有限公司",
        "91350100M000100Y44",
        t(2026, 3, 2, 9, 0),
    );
    bad.contact.phone = "12".into();
    let err = l
        .register(&bad, &admin(), t(2026, 3, 2, 10, 0))
        .unwrap_err();
    assert_eq!(err.code(), "validation");
    assert_eq!(
        err.issues().len(),
        2,
        "both the code and the phone are reported: {err}"
    );
    assert!(err.to_string().contains("第18位校验码应为 3"), "{err}");
    let after = (
        count(&l, "cases"),
        count(&l, "enterprises"),
        count(&l, "events"),
        count(&l, "sequences"),
    );
    assert_eq!(before, after, "nothing is written on failure");
    let ok = l
        .register(
            &new_case("宝庄窗业有限公司", "", t(2026, 3, 2, 9, 0)),
            &admin(),
            t(2026, 3, 2, 10, 0),
        )
        .unwrap();
    assert_eq!(
        ok.reg_no, "企业困难问题〔2026〕第1号",
        "a failed registration leaves no gap"
    );
}

#[test]
fn two_writers_racing_get_gap_free_unique_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.db");
    Ledger::open(&path)
        .unwrap()
        .init(t(2026, 1, 5, 8, 0))
        .unwrap();
    let per = 40;
    let handles: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut l = Ledger::open(&path).unwrap();
                (0..per)
                    .map(|i| {
                        let c = new_case(&format!("企业{w}-{i}有限公司"), "", t(2026, 3, 2, 9, 0));
                        l.register(&c, &admin(), t(2026, 3, 2, 10, 0))
                            .unwrap()
                            .reg_no
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut all: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 2 * per, "no number is handed out twice");
    let l = Ledger::open(&path).unwrap();
    let seqs: Vec<i64> = l
        .conn()
        .prepare("SELECT reg_seq FROM cases ORDER BY reg_seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        seqs,
        (1..=(2 * per) as i64).collect::<Vec<_>>(),
        "the sequence has no gaps"
    );
}

#[test]
fn records_cannot_be_deleted_and_audit_cannot_be_rewritten() {
    let mut l = ledger();
    l.register(
        &new_case("宝庄窗业有限公司", "", t(2026, 3, 2, 9, 0)),
        &admin(),
        t(2026, 3, 2, 10, 0),
    )
    .unwrap();
    for sql in [
        "DELETE FROM cases",
        "DELETE FROM events",
        "UPDATE events SET summary = 'x'",
        "DELETE FROM enterprises",
    ] {
        let e = l.conn().execute(sql, []).expect_err(sql);
        assert!(
            e.to_string().contains("不可"),
            "{sql} must be refused with a Chinese reason: {e}"
        );
    }
}

#[test]
fn settings_are_validated_and_audited() {
    let mut l = ledger();
    let s = l
        .set_setting(
            "reg_no_format",
            "ZT〔{year}〕{seq}号",
            &admin_cap(&l),
            t(2026, 3, 2, 10, 0),
        )
        .unwrap();
    assert_eq!(s.reg_no_format, "ZT〔{year}〕{seq}号");
    let c = l
        .register(
            &new_case("宝庄窗业有限公司", "", t(2026, 3, 2, 9, 0)),
            &admin(),
            t(2026, 3, 2, 10, 0),
        )
        .unwrap();
    assert_eq!(c.reg_no, "ZT〔2026〕1号", "the number format is a setting");
    let s = l
        .set_setting(
            "categories",
            "用电、用水、其它",
            &admin_cap(&l),
            t(2026, 3, 2, 10, 0),
        )
        .unwrap();
    assert_eq!(
        s.categories,
        vec!["用电", "用水", "其它"],
        "a list typed with 、"
    );
    for (key, value, code) in [
        ("reg_no_format", "第{seq}号", "settings.invalid"),
        ("no_such", "1", "settings.unknown"),
        ("escalate_after_urges", "三", "settings.invalid"),
    ] {
        let e = l
            .set_setting(key, value, &admin_cap(&l), t(2026, 3, 2, 10, 0))
            .unwrap_err();
        assert_eq!(e.code(), code, "{key}={value}: {e}");
    }
    let audited = l.scalar("SELECT COUNT(*) FROM events WHERE action = 'settings.set'");
    assert_eq!(
        audited, 2,
        "each successful change is audited, failures are not"
    );
}

fn assigned_case(l: &mut Ledger) -> i64 {
    let c = l
        .register(
            &new_case("宝庄窗业有限公司", "", t(2026, 9, 28, 9, 0)),
            &admin(),
            t(2026, 9, 28, 9, 5),
        )
        .unwrap();
    l.accept(c.id, "", &admin(), t(2026, 9, 28, 9, 10)).unwrap();
    let input = AssignInput {
        lead: "经济发展部".into(),
        handling_class: "专业类".into(),
        ..AssignInput::default()
    };
    l.assign(c.id, &input, &admin(), t(2026, 9, 28, 10, 0))
        .unwrap();
    c.id
}

#[test]
fn deadlines_skip_national_day_and_pauses_extend_them() {
    let mut l = ledger();
    let id = assigned_case(&mut l);
    let c = l.case(id).unwrap();
    // 2026-09-28 (Mon) + 5 working days: 9-29, 9-30, then National Day 10-1..10-7 off,
    // 10-8, 10-9 (Fri) and 10-10 (Sat, 调休上班) — check against the calendar crate.
    let due = c.deadlines[0].due_at;
    assert_eq!(
        due.format("%Y-%m-%d").to_string(),
        "2026-10-10",
        "5 working days across National Day end on the make-up Saturday"
    );
    l.await_material(id, "请补充用电负荷证明", &admin(), t(2026, 9, 29, 10, 0))
        .unwrap();
    assert_eq!(l.case(id).unwrap().state, CaseState::AwaitingMaterial);
    let c = l.resume(id, "", &admin(), t(2026, 9, 30, 10, 0)).unwrap();
    assert_eq!(
        c.state,
        CaseState::Assigned,
        "resume returns to the state before the pause"
    );
    assert_eq!(
        c.deadlines[0].due_at.format("%Y-%m-%d").to_string(),
        "2026-10-12",
        "one paused working day moves the deadline one working day"
    );
}

#[test]
fn calendar_change_recomputes_open_deadlines_with_audit() {
    let mut l = ledger();
    let id = assigned_case(&mut l);
    let before = l.case(id).unwrap().deadlines[0].due_at;
    let date = chrono::NaiveDate::from_ymd_opt(2026, 9, 29).unwrap();
    let moved = l
        .set_calendar_day(
            date,
            Some(zhitong_calendar::DayMark::holiday("临时停工")),
            &admin_cap(&l),
            t(2026, 9, 28, 12, 0),
        )
        .unwrap();
    assert_eq!(moved, 1, "the open case's deadline moves");
    let c = l.case(id).unwrap();
    assert!(
        c.deadlines[0].due_at > before,
        "a new holiday pushes the deadline later"
    );
    assert!(
        c.events.iter().any(|e| e.action == "deadline.recompute"),
        "the move is on the case's timeline"
    );
    assert!(
        !l.calendar().unwrap().is_working_day(date),
        "the edit is stored"
    );
}

#[test]
fn list_filters_and_pages() {
    let mut l = ledger();
    for i in 0..5 {
        l.register(
            &new_case(&format!("企业{i}有限公司"), "", t(2026, 3, 2 + i, 9, 0)),
            &admin(),
            t(2026, 3, 9, 10, 0),
        )
        .unwrap();
    }
    let id = assigned_case(&mut l);
    let now = t(2026, 10, 20, 10, 0);
    let all = l.list(&CaseQuery::default(), now).unwrap();
    assert_eq!(all.total, 6);
    let page = l
        .list(
            &CaseQuery {
                limit: 2,
                offset: 2,
                ..CaseQuery::default()
            },
            now,
        )
        .unwrap();
    assert_eq!(
        (page.total, page.rows.len()),
        (6, 2),
        "total counts all matches, rows one page"
    );
    let overdue = l
        .list(
            &CaseQuery {
                overdue: true,
                ..CaseQuery::default()
            },
            now,
        )
        .unwrap();
    assert_eq!(
        overdue.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![id],
        "only the assigned case is overdue"
    );
    let found = l
        .list(
            &CaseQuery {
                text: Some("企业3".into()),
                ..CaseQuery::default()
            },
            now,
        )
        .unwrap();
    assert_eq!(found.total, 1, "text search over enterprise names");
    let by_dept = l
        .list(
            &CaseQuery {
                department: Some("经济发展部".into()),
                ..CaseQuery::default()
            },
            now,
        )
        .unwrap();
    assert_eq!(by_dept.total, 1);
}

#[test]
fn demo_fills_a_consistent_ledger() {
    let mut l = ledger();
    let n = l.fill_demo(300, 7, 2, t(2026, 11, 20, 10, 0)).unwrap();
    assert_eq!(n, 300);
    assert_eq!(count(&l, "cases"), 300);
    let ok: String = l
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let fk = l.scalar("SELECT COUNT(*) FROM pragma_foreign_key_check");
    assert_eq!(fk, 0, "demo rows respect every foreign key");
    let board = l.board(t(2026, 11, 20, 10, 0)).unwrap();
    assert!(
        board.overdue > 0,
        "a realistic ledger has some overdue cases for the board"
    );
    let first = l.case(1).unwrap();
    assert!(
        first.reg_no.starts_with("企业困难问题〔"),
        "demo cases are numbered like real ones"
    );

    // The demo indexes its cases once at the end instead of on every event: the search
    // index must hold every case, as the trigger would have left it, and the trigger must
    // be back for the clerk's next change.
    assert_eq!(
        l.scalar("SELECT COUNT(*) FROM case_fts"),
        300,
        "every demo case is in the search index"
    );
    let stale = l.scalar(
        "SELECT COUNT(*) FROM cases c JOIN enterprises e ON e.id = c.enterprise_id
         JOIN case_fts f ON f.rowid = c.id WHERE f.names <> zh_tokens(e.name || ' ' ||
         (SELECT name FROM contacts WHERE id = c.contact_id))",
    );
    assert_eq!(
        stale, 0,
        "each case is indexed under its own enterprise and contact"
    );
    assert_eq!(
        l.scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'case_fts_on_event'"),
        1,
        "the search trigger is back after the demo"
    );
    // cases.late is kept by triggers on the deadlines (migration 008): after every path
    // the demo takes (assign, 转办, extension, reply on time and late, letters, close)
    // it must equal what the deadlines say.
    const LATE_BY_DEADLINES: &str = "EXISTS (SELECT 1 FROM deadlines dl
        WHERE dl.case_id = c.id AND dl.kind IN ('handling', 'letter')
          AND dl.superseded_at IS NULL AND (dl.met_at IS NULL OR dl.met_at > dl.due_at))";
    assert_eq!(
        l.scalar(&format!(
            "SELECT COUNT(*) FROM cases c WHERE c.late <> {LATE_BY_DEADLINES}"
        )),
        0,
        "the stored lateness of every case is its deadlines' (按期办结 in the reports)"
    );
    let late_closed = l.scalar("SELECT COUNT(*) FROM cases WHERE late = 1 AND state = 'closed'");
    let on_time_closed = l.scalar("SELECT COUNT(*) FROM cases WHERE late = 0 AND state = 'closed'");
    assert!(
        late_closed > 0 && on_time_closed > 0,
        "the demo closes cases both late and on time ({late_closed}/{on_time_closed}), so \
         the check above covers both"
    );
    let open = l.scalar("SELECT id FROM cases WHERE state = 'in_progress' ORDER BY id LIMIT 1");
    l.progress(
        open,
        "已协调供电所更换变压器熔断器",
        false,
        &admin(),
        t(2026, 11, 20, 11, 0),
    )
    .unwrap();
    let hits = l.search("熔断器", 10).unwrap();
    assert!(
        hits.iter().any(|h| h.row.id == open),
        "a progress note after the demo is searchable at once: {:?}",
        hits.iter().map(|h| h.row.id).collect::<Vec<_>>()
    );
}

#[test]
fn editing_registration_records_each_change_and_guards_the_received_time() {
    let mut l = ledger();
    let at = t(2026, 9, 28, 9, 0);
    let c = l
        .register(&new_case("宝庄窗业有限公司", "", at), &admin(), at)
        .unwrap();
    let events_before = count(&l, "events");

    // A misheard phone number and the wrong category, corrected before screening.
    let mut fixed = c.registration();
    fixed.contact.phone = "13900000000".into();
    fixed.category = "招工用工".into();
    fixed.received_at = t(2026, 9, 28, 8, 30);
    fixed.description = "夜间生产经常跳闸，缺少电工，影响交货。".into();
    let e = l
        .edit(c.id, &fixed, "电话记错", &admin(), t(2026, 9, 28, 9, 30))
        .unwrap();
    assert_eq!(
        e.contact.phone, "13900000000",
        "the corrected phone is what the reply will use"
    );
    assert_eq!(
        e.category, "招工用工",
        "the ledger files the case under the new category"
    );
    assert_eq!(
        e.received_at,
        t(2026, 9, 28, 8, 30),
        "before assignment the received time can be corrected"
    );
    assert_eq!(e.reg_no, c.reg_no, "an edit never renumbers a case");
    let last = e.events.last().unwrap();
    assert_eq!(last.action, "edit");
    for part in [
        "电话记错",
        "联系电话由“13800000000”改为“13900000000”",
        "问题类别",
    ] {
        assert!(
            last.summary.contains(part),
            "the timeline must say what changed and why ({part}): {}",
            last.summary
        );
    }
    assert_eq!(
        count(&l, "events"),
        events_before + 1,
        "one audit event per edit"
    );
    let hits = l.search("电工", 10).unwrap();
    assert!(
        hits.iter().any(|h| h.row.id == c.id),
        "full-text search must find the case by its corrected text"
    );

    // Refusals, each leaving the case as it was.
    let same = e.registration();
    let mut bad_phone = e.registration();
    bad_phone.contact.phone = "12".into();
    let mut other_year = e.registration();
    other_year.received_at = t(2025, 12, 31, 9, 0);
    let cases: [(&NewCase, &str, &str); 4] = [
        (&same, "核对", "没有任何改动"),
        (&fixed_with_reason_blank(&e), "", "修改原因"),
        (&bad_phone, "更正", "手机号"),
        (&other_year, "更正", "其他年份"),
    ];
    for (input, reason, expect) in cases {
        let err = l
            .edit(c.id, input, reason, &admin(), t(2026, 9, 28, 10, 0))
            .unwrap_err()
            .to_string();
        assert!(err.contains(expect), "expected “{expect}” in: {err}");
        assert_eq!(l.case(c.id).unwrap(), e, "a refused edit changes nothing");
    }

    // After assignment the received time is fixed (deadlines count from it).
    let id = assigned_case(&mut l);
    let mut moved = l.case(id).unwrap().registration();
    moved.received_at = t(2026, 9, 27, 9, 0);
    let err = l
        .edit(id, &moved, "更正", &admin(), t(2026, 9, 28, 11, 0))
        .unwrap_err()
        .to_string();
    assert!(err.contains("已交办"), "{err}");
    let mut text_only = l.case(id).unwrap().registration();
    text_only.wanted_department = "区供电公司".into();
    l.edit(id, &text_only, "补充", &admin(), t(2026, 9, 28, 11, 0))
        .expect("other fields stay editable while the case is handled");
}

fn fixed_with_reason_blank(c: &zhitong_domain::Case) -> NewCase {
    let mut n = c.registration();
    n.contact.title = "副总经理".into();
    n
}

#[test]
fn pin_rules_first_own_pin_free_change_needs_current_others_need_an_admin() {
    let mut l = ledger();
    let now = t(2026, 1, 5, 9, 0);
    for (name, role) in [
        ("王登记", zhitong_domain::Role::Clerk),
        ("赵管理", zhitong_domain::Role::Admin),
    ] {
        let s = zhitong_store::NewStaff {
            name: name.into(),
            role,
            title: String::new(),
        };
        l.add_staff(&s, &admin_cap(&l), now).unwrap();
    }
    assert!(
        !l.has_pin("管理员").unwrap(),
        "a fresh ledger's seeded admin has no PIN"
    );
    let e = l.require_admin("管理员", "", "修改设置").unwrap_err();
    assert_eq!(
        e.code(),
        "validation",
        "an admin without a PIN cannot pass the admin check: {e}"
    );
    assert!(
        e.to_string().contains("尚未设置 PIN"),
        "the refusal says to set a PIN first: {e}"
    );

    l.change_pin("管理员", "2468", "管理员", "", now)
        .expect("one's own first PIN needs no old PIN");
    assert!(
        l.verify_pin("管理员", "2468").unwrap(),
        "the first PIN is stored"
    );
    l.require_admin("管理员", "2468", "修改设置")
        .expect("with a PIN set, the admin passes the check");

    let e = l
        .change_pin("管理员", "1357", "管理员", "0000", now)
        .unwrap_err();
    assert_eq!(
        e.code(),
        "validation",
        "changing an existing PIN with a wrong current PIN is refused: {e}"
    );
    assert!(
        l.verify_pin("管理员", "2468").unwrap(),
        "a refused change leaves the old PIN in place"
    );
    l.change_pin("管理员", "1357", "管理员", "2468", now)
        .expect("the current PIN allows a change");
    assert!(
        l.verify_pin("管理员", "1357").unwrap(),
        "the new PIN replaced the old one"
    );

    let e = l
        .change_pin("管理员", "9999", "王登记", "", now)
        .unwrap_err();
    assert_eq!(
        e.code(),
        "auth.forbidden",
        "a clerk may not set an admin's PIN: {e}"
    );
    let e = l
        .change_pin("王登记", "9999", "赵管理", "", now)
        .unwrap_err();
    assert_eq!(
        e.code(),
        "validation",
        "an admin without a PIN of their own may not set others' PINs: {e}"
    );
    let e = l
        .change_pin("王登记", "9999", "管理员", "2468", now)
        .unwrap_err();
    assert_eq!(
        e.code(),
        "validation",
        "an admin with a wrong PIN may not set others' PINs: {e}"
    );
    assert!(
        !l.has_pin("王登记").unwrap(),
        "refused changes wrote no PIN"
    );
    l.change_pin("王登记", "9999", "管理员", "1357", now)
        .expect("an admin with the right PIN sets another's PIN");
    assert!(
        l.verify_pin("王登记", "9999").unwrap(),
        "the clerk's PIN was set by the admin"
    );
    l.change_pin("王登记", "8888", "王登记", "9999", now)
        .expect("staff change their own PIN with the current one");

    let e = l
        .change_pin("王登记", "12", "王登记", "8888", now)
        .unwrap_err();
    assert!(
        e.to_string().contains("PIN 应为"),
        "a too short PIN is refused before any check: {e}"
    );

    let audited = l.text_pairs(
        "SELECT operator, summary FROM events WHERE action = 'staff.set_pin' ORDER BY id",
    );
    assert_eq!(
        audited.len(),
        4,
        "each accepted PIN change is one audited write, refusals none: {audited:?}"
    );
    assert_eq!(
        audited[2].0, "管理员",
        "the admin who set the clerk's PIN is recorded as its operator: {audited:?}"
    );
}

/// Encryption at rest: the passphrase is given to `open_keyed` and held by the open ledger.
#[test]
fn an_encrypted_ledger_needs_its_passphrase_and_keeps_every_case() {
    use zhitong_store::cipher::{self, Key};
    use zhitong_store::StoreError;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.db");
    let at = t(2026, 3, 2, 9, 0);
    {
        let mut l = Ledger::open(&path).unwrap();
        l.init(at).unwrap();
        for name in ["宝庄窗业有限公司", "重庆宏达机械有限公司"] {
            l.register(&new_case(name, "", at), &admin(), at).unwrap();
        }
    }
    assert!(!cipher::is_encrypted(&path), "a new ledger is plaintext");
    assert!(
        matches!(Key::new_passphrase("短密码"), Err(StoreError::Domain(_))),
        "a short passphrase is refused with a message"
    );
    let key = Key::new_passphrase("园区企服 2026").unwrap();
    assert_eq!(
        format!("{key:?}"),
        "Key(***)",
        "a passphrase never reaches logs"
    );
    cipher::encrypt_file(&path, &key).unwrap();
    assert!(cipher::is_encrypted(&path), "the file on disk is encrypted");
    let raw = std::fs::read(&path).unwrap();
    assert!(
        !raw.windows("宝庄窗业".len())
            .any(|w| w == "宝庄窗业".as_bytes()),
        "no enterprise name is readable in the file"
    );

    let e = Ledger::open(&path)
        .err()
        .expect("locked without a passphrase");
    assert_eq!(e.code(), "ledger.locked", "{e}");
    let e = Ledger::open_keyed(&path, Some(&Key::new("错误的密码").unwrap()))
        .err()
        .expect("a wrong passphrase is refused");
    assert_eq!(e.code(), "ledger.wrong_key", "{e}");

    let mut l = Ledger::open_keyed(&path, Some(&key)).unwrap();
    assert_eq!(l.key(), Some(&key), "the open ledger holds its passphrase");
    let page = l.list(&CaseQuery::default(), at).unwrap();
    assert_eq!(page.total, 2, "every case survives encryption");
    assert!(
        !l.search("跳闸", 10).unwrap().is_empty(),
        "full-text search works on the encrypted ledger"
    );
    l.register(&new_case("新企业", "", at), &admin(), at)
        .expect("an unlocked encrypted ledger takes changes");
    let copy = dir.path().join("copy.db");
    l.conn()
        .execute("VACUUM INTO ?1", [copy.to_string_lossy()])
        .unwrap();
    drop(l);
    assert!(
        cipher::is_encrypted(&copy),
        "a backup of an encrypted ledger stays encrypted"
    );
    cipher::verify(&copy, &key).expect("the backup opens with the same passphrase");

    let new = Key::new_passphrase("新的台账密码 2027").unwrap();
    cipher::change_key(&path, &key, &new).unwrap();
    assert!(matches!(
        cipher::verify(&path, &key),
        Err(StoreError::WrongKey)
    ));
    assert_eq!(
        Ledger::open_keyed(&path, Some(&new))
            .unwrap()
            .list(&CaseQuery::default(), at)
            .unwrap()
            .total,
        3,
        "a new passphrase opens the same ledger"
    );
}

fn urge(l: &mut Ledger, id: i64, at: Instant) -> zhitong_domain::Case {
    let input = zhitong_store::UrgeInput {
        way: "电话".into(),
        content: String::new(),
    };
    l.urge(id, &input, &admin(), at).expect("urge")
}

fn events_of(l: &Ledger, id: i64, action: &str) -> usize {
    l.events(id)
        .unwrap()
        .iter()
        .filter(|e| e.action == action)
        .count()
}

#[test]
fn jx_002_art11_the_escalating_urge_and_its_escalation_are_one_transaction() {
    // Due 2026-10-10 (the make-up Saturday); overdue from Monday 10-12, one counted urge
    // per working day.
    let mut l = ledger();
    let id = assigned_case(&mut l);
    urge(&mut l, id, t(2026, 10, 12, 9, 0));
    urge(&mut l, id, t(2026, 10, 13, 9, 0));
    assert!(!l.case(id).unwrap().escalated, "two urges do not escalate");

    // Make the escalation step fail: the third urge must then leave no trace at all.
    l.conn()
        .execute_batch(
            "CREATE TEMP TRIGGER no_escalation BEFORE UPDATE OF escalated ON cases
             BEGIN SELECT RAISE(ABORT, 'escalation refused for the test'); END;",
        )
        .unwrap();
    let input = zhitong_store::UrgeInput {
        way: "电话".into(),
        content: String::new(),
    };
    l.urge(id, &input, &admin(), t(2026, 10, 14, 9, 0))
        .expect_err("the escalation fails, so the urge that triggered it fails too");
    let c = l.case(id).unwrap();
    assert_eq!(
        (c.urges.len(), events_of(&l, id, "urge"), c.escalated),
        (2, 2, false),
        "nothing of the failed urge + escalation is written"
    );

    l.conn()
        .execute_batch("DROP TRIGGER no_escalation")
        .unwrap();
    let c = urge(&mut l, id, t(2026, 10, 14, 9, 0));
    assert!(c.escalated, "the third counted urge escalates (002 第11条)");
    assert_eq!(
        (events_of(&l, id, "urge"), events_of(&l, id, "escalate")),
        (3, 1),
        "the urge and the escalation each have their audit event"
    );
}

#[test]
fn jx_002_art11_urges_count_per_assignment_and_a_reassignment_starts_again() {
    let mut l = ledger();
    let id = assigned_case(&mut l);
    urge(&mut l, id, t(2026, 10, 12, 9, 0));
    urge(&mut l, id, t(2026, 10, 13, 9, 0));
    let input = AssignInput {
        lead: "规划建设部".into(),
        handling_class: "专业类".into(),
        reason: "职能调整".into(),
        ..AssignInput::default()
    };
    l.reassign(id, &input, &admin(), t(2026, 10, 13, 10, 0))
        .unwrap();
    // The new limit runs 5 working days from 10-13 (due 10-20); on 10-22 it is overdue
    // and this urge counts — the first of the new assignment.
    let c = urge(&mut l, id, t(2026, 10, 22, 9, 0));
    assert!(c.urges.last().unwrap().counted, "an overdue urge counts");
    assert!(
        !c.escalated,
        "two urges of the old department and one of the new do not add up to three"
    );
    assert_eq!(
        l.row(id).unwrap().urges,
        1,
        "the list shows the count escalation uses: the new assignment's counted urges"
    );
    let board = l.board(t(2026, 10, 22, 10, 0)).unwrap();
    let item = board
        .groups
        .iter()
        .flat_map(|g| &g.items)
        .find(|i| i.case_id == id)
        .expect("overdue, on the board");
    assert_eq!(
        item.urges, 1,
        "the board shows the same count (催办 1 次), not the three urges of both departments"
    );
    assert_eq!(
        c.urges.len(),
        3,
        "every urge stays on the record, counted per assignment"
    );
}

#[test]
fn tick_goes_on_past_a_case_it_cannot_read() {
    let mut l = ledger();
    let mut replied = Vec::new();
    for (name, code) in [
        ("宝庄窗业有限公司", "91350100M000100Y43"),
        ("冯家机械制造有限公司", ""),
    ] {
        let c = l
            .register(
                &new_case(name, code, t(2026, 3, 2, 9, 0)),
                &admin(),
                t(2026, 3, 2, 9, 5),
            )
            .unwrap();
        l.accept(c.id, "", &admin(), t(2026, 3, 2, 9, 10)).unwrap();
        let input = AssignInput {
            lead: "经济发展部".into(),
            handling_class: "专业类".into(),
            ..AssignInput::default()
        };
        l.assign(c.id, &input, &admin(), t(2026, 3, 2, 10, 0))
            .unwrap();
        let reply = zhitong_store::ReplyInput {
            way: "电话".into(),
            text: "已协调供电所完成线路检修".into(),
            outcome: zhitong_domain::Outcome::A,
            outcome_reason: String::new(),
            until: None,
        };
        l.reply(c.id, &reply, &admin(), t(2026, 3, 4, 10, 0))
            .unwrap();
        replied.push(c);
    }
    // Damage one case's evaluation-window row: its start time is no longer a time.
    l.conn()
        .execute(
            "UPDATE deadlines SET start_at = '不是时间' WHERE case_id = ?1 AND kind = 'evaluation'",
            [replied[0].id],
        )
        .unwrap();
    let r = l
        .tick(t(2026, 3, 20, 9, 0))
        .expect("the tick itself succeeds");
    assert_eq!(
        r.deemed_satisfied,
        vec![replied[1].reg_no.clone()],
        "the sound case is still deemed satisfied"
    );
    assert_eq!(r.failed.len(), 1, "the damaged case is reported: {r:?}");
    assert_eq!(r.failed[0].reg_no, replied[0].reg_no);
    assert!(
        r.failed[0].message.contains("无法读取"),
        "the failure says the data cannot be read: {}",
        r.failed[0].message
    );
}

#[test]
fn an_unknown_value_in_the_file_is_damage_not_a_default() {
    let mut l = ledger();
    let id = assigned_case(&mut l);
    l.conn()
        .execute_batch(
            "PRAGMA ignore_check_constraints = ON;
             UPDATE assignments SET route = 'by_carrier_pigeon';
             PRAGMA ignore_check_constraints = OFF;",
        )
        .unwrap();
    let e = l
        .case(id)
        .expect_err("an unknown route is not read as some route");
    assert_eq!(e.code(), "ledger.corrupt", "{e}");
    assert!(
        e.to_string().contains("by_carrier_pigeon"),
        "the message names the value: {e}"
    );
}

#[test]
fn admin_only_changes_need_the_admin_capability_and_the_pin_once_set() {
    let mut l = ledger();
    let now = t(2026, 3, 2, 10, 0);
    let leader = zhitong_store::NewStaff {
        name: "李主任".into(),
        role: zhitong_domain::Role::Leader,
        title: String::new(),
    };
    l.add_staff(&leader, &admin_cap(&l), now).unwrap();
    let e = l
        .admin_unprotected("李主任", "修改设置")
        .expect_err("a leader is not an administrator");
    assert_eq!(e.code(), "auth.forbidden", "{e}");
    l.change_pin("管理员", "2468", "管理员", "", now).unwrap();
    let e = l
        .admin_unprotected("管理员", "修改设置")
        .expect_err("once an administrator PIN exists the PIN is required");
    assert!(e.to_string().contains("PIN"), "{e}");
    let a = l.require_admin("管理员", "2468", "修改设置").unwrap();
    assert!(!a.unprotected());
    l.set_setting("park_name", "嘉兴经济技术开发区", &a, now)
        .expect("with the PIN the change goes through");
}

#[test]
fn demo_cases_carry_the_rows_and_timeline_of_real_actions() {
    let mut l = ledger();
    let now = t(2026, 6, 15, 10, 0);
    let made = l.fill_demo(300, 7, 1, now).expect("demo");
    assert_eq!(made, 300, "every drawn case is made");
    let (mut urged, mut letters) = (0, 0);
    for id in 1..=made as i64 {
        let c = l.case(id).expect("every demo case reads back");
        let count = |a: &str| c.events.iter().filter(|e| e.action == a).count();
        assert_eq!(
            c.urges.len(),
            count("urge"),
            "{}: every urge is on the timeline",
            c.reg_no
        );
        assert_eq!(
            c.previous_assignments.len() + usize::from(c.assignment.is_some()),
            count("assign") + count("reassign"),
            "{}: every assignment is on the timeline",
            c.reg_no
        );
        assert_eq!(count("register"), 1, "{}: registered once", c.reg_no);
        let current = c.urges.iter().filter(|u| u.counted).count() as i64;
        assert_eq!(
            l.row(id).unwrap().urges,
            current,
            "{}: the list's urge count is the timeline's",
            c.reg_no
        );
        if c.escalated {
            assert_eq!(count("escalate"), 1, "{}: escalation is audited", c.reg_no);
        }
        if let Some(a) = &c.assignment {
            let district =
                l.department(&a.lead).unwrap().kind == zhitong_domain::DepartmentKind::District;
            assert_eq!(
                a.letter.is_some(),
                district,
                "{}: a district bureau is reached by letter, a park office is not",
                c.reg_no
            );
            letters += usize::from(district);
        }
        urged += usize::from(!c.urges.is_empty());
    }
    assert!(
        urged > 0 && letters > 0,
        "the demo has urged cases ({urged}) and letters ({letters}) to show"
    );
}

#[test]
fn a_bare_number_is_a_registration_sequence_current_year_first() {
    // Three cases of 2025 (ids 1–3), then two of 2026 (ids 4–5): internal ids and
    // sequence numbers differ, as in any ledger that has run for more than a year.
    let mut l = ledger();
    let now = t(2026, 3, 2, 10, 0);
    let mut reg = |name: &str, at: Instant| {
        l.register(&new_case(name, "", at), &admin(), now)
            .unwrap()
            .reg_no
    };
    let old: Vec<String> = (1..=3)
        .map(|d| reg("宝庄窗业有限公司", t(2025, 6, d, 9, 0)))
        .collect();
    let new: Vec<String> = (1..=2)
        .map(|d| reg("黔江食品有限公司", t(2026, 2, d, 9, 0)))
        .collect();
    assert_eq!(new[1], "企业困难问题〔2026〕第2号");
    let reg_nos = |q: &str| -> Vec<String> {
        l.search(q, 0)
            .unwrap()
            .into_iter()
            .map(|h| h.row.reg_no)
            .collect()
    };
    let cases: [(&str, &[&String], &str); 4] = [
        (
            "2",
            &[&new[1], &old[1]],
            "the current year's 第2号 first, then 2025's",
        ),
        ("第1号", &[&new[0], &old[0]], "第…号 around the number"),
        ("３", &[&old[2]], "full-width digits; only 2025 has a 第3号"),
        ("4", &[], "id 4 exists but no 登记编号 has the number 4"),
    ];
    for (q, want, why) in cases {
        let got = reg_nos(q);
        let want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            got.iter().take(want.len()).cloned().collect::<Vec<_>>(),
            want,
            "search “{q}”: {why}"
        );
        if want.is_empty() {
            assert!(got.is_empty(), "search “{q}”: {why}, found {got:?}");
        }
        // Opening by the number (the search box's Enter) takes the first of them.
        match (l.case_by_ref(q), want.first()) {
            (Ok(c), Some(first)) => assert_eq!(&c.reg_no, first, "open “{q}”: {why}"),
            (Err(e), None) => assert_eq!(e.code(), "case.not_found", "open “{q}”: {why}"),
            (got, want) => panic!(
                "open “{q}”: {why}: got {:?}, want {want:?}",
                got.map(|c| c.reg_no)
            ),
        }
    }
    let by_phone = l.search("13800000000", 0).unwrap();
    assert_eq!(
        by_phone.len(),
        5,
        "a phone number is not a sequence number: it still finds the callers' cases"
    );
    assert!(
        by_phone[0].matched.iter().any(|m| m.field == "电话"),
        "the hit says it matched the phone: {:?}",
        by_phone[0].matched
    );
}

fn setup_input() -> zhitong_store::Setup {
    use zhitong_domain::{DepartmentKind, Role};
    let settings = zhitong_domain::Settings {
        park_name: "嘉兴经济技术开发区".into(),
        active_policy: "嘉兴".into(),
        reg_no_format: "嘉经开诉〔{year}〕第{seq}号".into(),
        ..Default::default()
    };
    zhitong_store::Setup {
        settings,
        departments: vec![
            zhitong_store::NewDepartment {
                name: "经济发展局".into(),
                kind: DepartmentKind::Internal,
                commissioner: "周专员".into(),
                phone: "0573-82222222".into(),
            },
            zhitong_store::NewDepartment {
                name: "区供电公司".into(),
                kind: DepartmentKind::District,
                commissioner: String::new(),
                phone: String::new(),
            },
        ],
        staff: vec![zhitong_store::NewStaff {
            name: "王敏".into(),
            role: Role::Clerk,
            title: "登记员".into(),
        }],
        admin_pin: "2468".into(),
    }
}

#[test]
fn a_real_ledger_starts_empty_and_the_guide_sets_it_up_in_one_go() {
    let now = t(2026, 1, 5, 8, 0);
    let mut l = Ledger::open_in_memory().unwrap();
    l.init_empty(now).unwrap();
    assert!(
        l.needs_setup().unwrap(),
        "a new real ledger asks for the guide"
    );
    assert_eq!(
        count(&l, "departments"),
        0,
        "no demo department in a real ledger"
    );
    l.set_up(&setup_input(), now).unwrap();
    assert!(!l.needs_setup().unwrap(), "the guide runs once");
    let s = l.settings().unwrap();
    assert_eq!(
        s.park_name, "嘉兴经济技术开发区",
        "the park chosen in the guide"
    );
    assert_eq!(
        s.active_policy, "嘉兴",
        "the notice preset chosen in the guide"
    );
    let mut depts: Vec<String> = l
        .departments()
        .unwrap()
        .into_iter()
        .map(|d| d.name)
        .collect();
    depts.sort();
    assert_eq!(
        depts,
        ["区供电公司", "经济发展局"],
        "exactly the departments entered"
    );
    assert!(
        l.staff().unwrap().iter().any(|p| p.name == "王敏"),
        "the staff entered"
    );
    assert!(
        l.verify_pin("管理员", "2468").unwrap(),
        "the administrator PIN set in the guide protects the ledger"
    );
    let c = l
        .register(
            &new_case("嘉兴某某有限公司", "", now),
            &l.operator("王敏").unwrap(),
            now,
        )
        .unwrap();
    assert_eq!(
        c.reg_no, "嘉经开诉〔2026〕第1号",
        "the numbering chosen in the guide"
    );
    let e = l.set_up(&setup_input(), now).unwrap_err();
    assert!(
        e.to_string().contains("已经完成首次设置"),
        "the guide cannot run over a set-up ledger (it would bypass the PIN): {e}"
    );
    let setup_events = l.scalar("SELECT COUNT(*) FROM events WHERE action = 'ledger.setup'");
    assert_eq!(setup_events, 1, "the setup is audited once");
}

#[test]
fn the_guide_reports_every_problem_by_field_and_writes_nothing() {
    let now = t(2026, 1, 5, 8, 0);
    type Spoil = fn(&mut zhitong_store::Setup);
    let cases: [(&str, Spoil, &str); 5] = [
        (
            "no park name",
            |s| s.settings.park_name.clear(),
            "park_name",
        ),
        (
            "a department twice",
            |s| s.departments[1].name = "经济发展局".into(),
            "departments.1.name",
        ),
        (
            "a bad phone",
            |s| s.departments[0].phone = "12".into(),
            "departments.0.phone",
        ),
        (
            "a second 管理员",
            |s| s.staff[0].name = "管理员".into(),
            "staff.0.name",
        ),
        ("a PIN too short", |s| s.admin_pin = "1".into(), "admin_pin"),
    ];
    for (why, spoil, field) in cases {
        let mut l = Ledger::open_in_memory().unwrap();
        l.init_empty(now).unwrap();
        let mut input = setup_input();
        spoil(&mut input);
        let e = l.set_up(&input, now).unwrap_err();
        assert!(
            e.issues().iter().any(|i| i.field == field),
            "{why}: the issue is reported at {field}: {:?}",
            e.issues()
        );
        assert!(l.needs_setup().unwrap(), "{why}: the guide stays open");
        assert_eq!(count(&l, "departments"), 0, "{why}: nothing half-written");
        assert!(!l.admin_pin_set().unwrap(), "{why}: no PIN written");
    }
}

#[test]
fn a_demo_ledger_comes_only_when_asked_for() {
    let now = t(2026, 3, 12, 10, 0);
    let mut l = Ledger::open_in_memory().unwrap();
    l.init_empty(now).unwrap();
    let made = l.set_up_demo(30, now).unwrap();
    assert_eq!(made, 30, "the demo ledger has the cases asked for");
    assert!(!l.needs_setup().unwrap(), "a demo ledger needs no guide");
    assert!(count(&l, "departments") > 5, "the demo departments");
    assert_eq!(count(&l, "cases"), 30);
}

#[test]
fn the_ledger_sorts_enterprises_by_pinyin_not_code_point() {
    let mut l = ledger();
    // Code-point order would be 北 (U+5317) 安 (U+5B89) 张 (U+5F20) 重 (U+91CD).
    let names = [
        "张家港宏达有限公司",
        "重庆渝东食品有限公司",
        "北京远方科技有限公司",
        "安徽精工机械有限公司",
        "ABC贸易有限公司",
    ];
    for (i, name) in names.iter().enumerate() {
        l.register(
            &new_case(name, "", t(2026, 3, 2, 9, i as u32)),
            &admin(),
            t(2026, 3, 2, 10, 0),
        )
        .unwrap();
    }
    let sorted = |descending| {
        let q = CaseQuery {
            sort: zhitong_store::SortKey::Enterprise,
            descending,
            ..CaseQuery::default()
        };
        l.list(&q, t(2026, 3, 2, 10, 0))
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.enterprise)
            .collect::<Vec<_>>()
    };
    let want = [
        "安徽精工机械有限公司",
        "北京远方科技有限公司",
        "重庆渝东食品有限公司",
        "张家港宏达有限公司",
        "ABC贸易有限公司",
    ];
    assert_eq!(
        sorted(false),
        want,
        "CLDR zh: Han by pinyin, 安 an < 北 bei < 重 chong < 张 zhang, then Latin"
    );
    let mut rev = want.to_vec();
    rev.reverse();
    assert_eq!(sorted(true), rev, "descending is the reverse");
    let keys: Vec<Vec<u8>> = ["安", "安", "按"]
        .iter()
        .map(|n| zhitong_store::collate::sort_key(n))
        .collect();
    assert_eq!(keys[0], keys[1], "equal names, equal keys");
    assert_ne!(
        keys[1], keys[2],
        "different names that read alike still differ"
    );
}

// ---- issue 15: filing, decisions, meetings, organisation ---------------------------

fn leader() -> Operator {
    Operator {
        name: "李主任".into(),
        role: zhitong_domain::Role::Leader,
    }
}

/// A 廊坊 二类 case assigned to 经济发展部 on 3-2 10:00 and replied A at 16:00.
fn lf_replied(l: &mut Ledger) -> i64 {
    l.set_setting("active_policy", "廊坊", &admin_cap(l), t(2026, 3, 1, 9, 0))
        .unwrap();
    let id = l
        .register(
            &new_case("宝庄窗业有限公司", "", t(2026, 3, 2, 9, 0)),
            &admin(),
            t(2026, 3, 2, 9, 0),
        )
        .unwrap()
        .id;
    l.accept(id, "", &admin(), t(2026, 3, 2, 9, 30)).unwrap();
    l.assign(
        id,
        &AssignInput {
            lead: "经济发展部".into(),
            handling_class: "二类".into(),
            ..AssignInput::default()
        },
        &admin(),
        t(2026, 3, 2, 10, 0),
    )
    .unwrap();
    l.reply(
        id,
        &zhitong_store::ReplyInput {
            way: "电话".into(),
            text: "已恢复供电".into(),
            outcome: zhitong_domain::Outcome::A,
            outcome_reason: String::new(),
            until: None,
        },
        &admin(),
        t(2026, 3, 2, 16, 0),
    )
    .unwrap();
    id
}

#[test]
fn lf_000_s3_2_the_signed_report_is_filed_with_its_scan_and_never_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Ledger::open(&dir.path().join("ledger.db")).unwrap();
    l.init(t(2026, 1, 5, 8, 0)).unwrap();
    let id = lf_replied(&mut l);
    let scan = dir.path().join("报告扫描件.pdf");
    std::fs::write(&scan, b"%PDF-1.4 signed report").unwrap();
    let bad = l.file_report(
        id,
        &zhitong_store::FilingInput {
            text: String::new(),
            signed_by: String::new(),
            file: Some(scan.clone()),
        },
        &admin(),
        t(2026, 3, 2, 17, 0),
    );
    let e = bad.unwrap_err();
    let fields: Vec<_> = e.issues().iter().map(|i| i.field.clone()).collect();
    assert!(
        fields.contains(&"text".to_string()) && fields.contains(&"signed_by".to_string()),
        "each missing field is named: {fields:?}"
    );
    assert_eq!(count(&l, "filings"), 0);
    assert_eq!(
        count(&l, "attachments"),
        0,
        "a refused filing lists no scan"
    );
    let c = l
        .file_report(
            id,
            &zhitong_store::FilingInput {
                text: "已协调抢修，当日恢复供电。".into(),
                signed_by: "王部长".into(),
                file: Some(scan),
            },
            &admin(),
            t(2026, 3, 2, 17, 0),
        )
        .unwrap();
    assert_eq!(c.attachments.len(), 1);
    assert_eq!(c.attachments[0].kind, "办理情况报告");
    assert_eq!(c.filings[0].attachment_id, Some(c.attachments[0].id));
    assert_eq!(c.filings[0].file_name.as_deref(), Some("报告扫描件.pdf"));
    let e = c.events.last().unwrap();
    assert_eq!(e.action, "file_report");
    let e = l
        .conn()
        .execute("DELETE FROM filings", [])
        .expect_err("a filing cannot be deleted");
    assert!(e.to_string().contains("不可"), "{e}");
}

#[test]
fn jx_002_art11_a_refused_decision_or_meeting_writes_nothing_and_takes_no_number() {
    let mut l = ledger();
    l.add_staff(
        &zhitong_store::NewStaff {
            name: "李主任".into(),
            role: zhitong_domain::Role::Leader,
            title: "常务副主任".into(),
        },
        &admin_cap(&l),
        t(2026, 3, 1, 9, 0),
    )
    .unwrap();
    let id = l
        .register(
            &new_case("宝庄窗业有限公司", "", t(2026, 3, 2, 9, 0)),
            &admin(),
            t(2026, 3, 2, 9, 0),
        )
        .unwrap()
        .id;
    l.accept(id, "", &admin(), t(2026, 3, 2, 9, 30)).unwrap();
    let events = l.case(id).unwrap().events.len();
    let e = l
        .decide(
            id,
            &zhitong_store::DecisionInput {
                text: "改由规划建设部办理".into(),
                ..Default::default()
            },
            &leader(),
            t(2026, 3, 2, 10, 0),
        )
        .unwrap_err();
    assert!(e.to_string().contains("未提交领导小组督办"), "{e}");
    assert_eq!(count(&l, "decisions"), 0);
    assert_eq!(l.case(id).unwrap().events.len(), events);
    // A meeting whose second case is closed fails as a whole: no meeting, no number used.
    let closed = l
        .register(
            &new_case("青泰机械有限公司", "", t(2026, 3, 2, 9, 0)),
            &admin(),
            t(2026, 3, 2, 9, 0),
        )
        .unwrap()
        .id;
    l.void(closed, "重复登记", &admin(), t(2026, 3, 2, 9, 10))
        .unwrap();
    let input = |cases: Vec<i64>| zhitong_store::MeetingInput {
        kind: zhitong_domain::MeetingKind::Joint,
        held_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
        attendees: vec!["经济发展部".into()],
        minutes: String::new(),
        items: cases
            .into_iter()
            .map(|case_id| zhitong_store::MeetingDecisionInput {
                case_id,
                decision: "由经济发展部牵头".into(),
            })
            .collect(),
    };
    assert!(l
        .add_meeting(&input(vec![id, closed]), &admin(), t(2026, 3, 10, 17, 0))
        .is_err());
    assert_eq!(count(&l, "meetings"), 0);
    assert_eq!(count(&l, "meeting_cases"), 0);
    assert_eq!(l.case(id).unwrap().events.len(), events, "no note landed");
    let m = l
        .add_meeting(&input(vec![id]), &admin(), t(2026, 3, 10, 17, 0))
        .unwrap();
    assert_eq!(
        m.number, "2026年第1次联席会议",
        "the rolled-back number is reused"
    );
    let audit: i64 = l
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM events WHERE action = 'meeting.add'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audit, 1, "the meeting is audited");
    for sql in [
        "DELETE FROM meetings",
        "DELETE FROM meeting_cases",
        "DELETE FROM meeting_attendees",
    ] {
        let e = l.conn().execute(sql, []).expect_err(sql);
        assert!(e.to_string().contains("不可"), "{sql}: {e}");
    }
}

#[test]
fn lf_000_s5_2_department_contacts_and_staff_membership_are_checked_and_audited() {
    let mut l = ledger();
    let bad = l.set_department_contacts(
        "经济发展部",
        &zhitong_store::DepartmentContacts {
            deputy: "刘强".into(),
            deputy_phone: "电话待定".into(),
            ..Default::default()
        },
        &admin_cap(&l),
        t(2026, 3, 1, 9, 0),
    );
    let e = bad.unwrap_err();
    assert_eq!(e.issues()[0].field, "deputy_phone", "{e}");
    let d = l
        .set_department_contacts(
            "经济发展部",
            &zhitong_store::DepartmentContacts {
                commissioner: "王建".into(),
                phone: "023-79429601".into(),
                deputy: "刘强".into(),
                deputy_phone: "13800000003".into(),
                liaison: "陈丽".into(),
                liaison_phone: "13800000004".into(),
            },
            &admin_cap(&l),
            t(2026, 3, 1, 9, 0),
        )
        .unwrap();
    assert_eq!(
        d.contacts_line(),
        "专员 王建 023-79429601；分管副职 刘强 13800000003；联络员 陈丽 13800000004"
    );
    let s = l
        .set_staff_membership("管理员", true, true, &admin_cap(&l), t(2026, 3, 1, 9, 5))
        .unwrap();
    assert!(s.leading_group && s.service_office);
    let audit: Vec<String> = l
        .conn()
        .prepare(
            "SELECT action FROM events WHERE action IN ('department.contacts', 'staff.membership')",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(audit, vec!["department.contacts", "staff.membership"]);
}
