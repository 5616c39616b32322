//! The commands through Tauri's IPC on a mock runtime (no window, no WebKit): the
//! error shape the UI switches on, the operator rule, and a case's way from intake to
//! assignment.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;
use zhitong_desktop::clock::Clock;
use zhitong_desktop::AppState;
use zhitong_store::{Ledger, NewStaff, Operator};

struct App {
    _dir: tempfile::TempDir,
    _app: tauri::App<tauri::test::MockRuntime>,
    webview: tauri::WebviewWindow<tauri::test::MockRuntime>,
}

fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    let mut ledger = Ledger::open(&dir.path().join("ledger.db")).unwrap();
    ledger.init(now).unwrap();
    let admin = ledger.admin_unprotected("管理员", "添加人员").unwrap();
    for (name, role) in [
        ("王登记", zhitong_domain::Role::Clerk),
        ("李主任", zhitong_domain::Role::Leader),
    ] {
        let s = NewStaff {
            name: name.into(),
            role,
            title: String::new(),
        };
        ledger.add_staff(&s, &admin, now).unwrap();
    }
    let _ = Operator::system();
    app_in(dir, AppState::new(ledger, Clock::starting_at(now)))
}

/// The app around a given state (e.g. one that failed its start-up checks).
fn app_with(state: AppState) -> App {
    app_in(tempfile::tempdir().unwrap(), state)
}

fn app_in(dir: tempfile::TempDir, state: AppState) -> App {
    let app = zhitong_desktop::setup(mock_builder())
        .manage(state)
        .build(mock_context(noop_assets()))
        .unwrap();
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    App {
        _dir: dir,
        _app: app,
        webview,
    }
}

fn call(a: &App, cmd: &str, body: Value) -> Result<Value, Value> {
    get_ipc_response(
        &a.webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

fn new_case() -> Value {
    json!({
        "received_at": "2026-03-02T08:30:00+08:00",
        "channel": "热线电话", "nature": "求助", "category": "用电保障",
        "description": "厂区3月1日起频繁停电，影响生产。",
        "enterprise": {"name": "重庆宏达机械有限公司"},
        "contact": {"name": "张伟", "phone": "13800138000"}
    })
}

#[test]
fn reads_need_no_operator() {
    let a = app();
    let s = call(&a, "settings", json!({})).unwrap();
    assert_eq!(s["active_policy"], "嘉兴");
    let staff = call(&a, "staff", json!({})).unwrap();
    assert_eq!(staff.as_array().unwrap().len(), 3);
}

#[test]
fn changes_need_an_operator() {
    let a = app();
    let e = call(&a, "register", json!({"operator": "", "input": new_case()})).unwrap_err();
    assert_eq!(e["code"], "operator.required");
    let e = call(
        &a,
        "register",
        json!({"operator": "无名氏", "input": new_case()}),
    )
    .unwrap_err();
    assert_eq!(e["code"], "staff.not_found");
}

#[test]
fn validation_errors_carry_field_issues() {
    let a = app();
    let mut input = new_case();
    input["enterprise"]["name"] = json!("");
    input["contact"]["phone"] = json!("");
    let e = call(
        &a,
        "register",
        json!({"operator": "王登记", "input": input}),
    )
    .unwrap_err();
    assert_eq!(e["code"], "validation");
    let fields: Vec<&str> = e["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"enterprise.name") && fields.contains(&"contact.phone"),
        "{e}"
    );
    assert!(e["message"].as_str().unwrap().contains("联系电话"), "{e}");
}

#[test]
fn a_case_goes_from_intake_to_assignment() {
    let a = app();
    let c = call(
        &a,
        "register",
        json!({"operator": "王登记", "input": new_case()}),
    )
    .unwrap();
    let id = c["id"].as_i64().unwrap();
    let v = call(&a, "case_view", json!({"id": id})).unwrap();
    assert_eq!(v["case"]["state"], "registered");
    assert!(v["allowed"].as_array().unwrap().contains(&json!("accept")));

    call(
        &a,
        "accept",
        json!({"operator": "王登记", "id": id, "opinion": "属园区企业，受理"}),
    )
    .unwrap();
    let input = json!({"lead": "经济发展部", "handling_class": "专业类"});
    let p = call(&a, "preview_assignment", json!({"id": id, "input": input})).unwrap();
    assert_eq!(p["route"], "leader_in_charge");
    assert!(
        p["deadlines"][0]["due_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-03-09"),
        "{p}"
    );
    call(
        &a,
        "assign",
        json!({"operator": "王登记", "id": id, "input": input}),
    )
    .unwrap();

    let v = call(&a, "case_view", json!({"id": id})).unwrap();
    assert_eq!(v["case"]["state"], "assigned");
    let text = v["deadlines"][0]["text"].as_str().unwrap();
    assert!(text.contains("个工作日") && text.contains("截止"), "{text}");
    assert_eq!(v["level"], "green");

    let page = call(&a, "list", json!({"query": {"text": "宏达", "limit": 50}})).unwrap();
    assert_eq!(page["total"], 1);
    let agenda = call(&a, "agenda", json!({})).unwrap();
    assert_eq!(agenda["overdue"]["total"], 0, "nothing is overdue yet");
    assert_eq!(
        agenda["due_soon"]["total"], 0,
        "the new case has days left: {agenda}"
    );
    let all = call(&a, "agenda_section", json!({"section": "overdue"})).unwrap();
    assert_eq!(all, json!([]), "显示全部 of an empty section");

    let e = call(
        &a,
        "close",
        json!({"operator": "王登记", "id": id, "note": ""}),
    )
    .unwrap_err();
    assert_eq!(e["code"], "state.not_allowed");
}

#[test]
fn prints_the_registration_sheet_as_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    let mut l = Ledger::open(&dir.path().join("ledger.db")).unwrap();
    l.init(now).unwrap();
    let op = l.operator("管理员").unwrap();
    let input: zhitong_domain::NewCase = serde_json::from_value(new_case()).unwrap();
    let c = l.register(&input, &op, now).unwrap();
    let (settings, cal) = (l.settings().unwrap(), l.calendar().unwrap());
    use zhitong_print::ledger::DocKind;
    let fonts = zhitong_print::Fonts::load_system().expect("the CJK fonts are installed");
    let path = zhitong_desktop::print::render(
        DocKind::Registration,
        &c,
        &settings,
        &cal,
        &[],
        &fonts,
        now,
        &dir.path().join("prints"),
    )
    .unwrap();
    let pdf = std::fs::read(path).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "the registration sheet is a PDF");
    let e = zhitong_desktop::print::render(
        DocKind::Assignment,
        &c,
        &settings,
        &cal,
        &[],
        &fonts,
        now,
        dir.path(),
    )
    .unwrap_err();
    assert!(
        e.message.contains("尚未交办"),
        "an unassigned case has no assignment sheet, and the clerk is told why: {}",
        e.message
    );
}

#[test]
fn sign_in_checks_the_pin_of_staff_who_have_one() {
    let a = app();
    let ok = call(&a, "sign_in", json!({"name": "王登记", "pin": ""})).unwrap();
    assert_eq!(
        ok["name"], "王登记",
        "staff without a PIN just choose their name"
    );
    let e = call(&a, "sign_in", json!({"name": "无此人", "pin": ""})).unwrap_err();
    assert_eq!(e["code"], "staff.not_found");
}

#[test]
fn pins_are_stored_as_salted_hashes_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    let mut l = Ledger::open(&dir.path().join("ledger.db")).unwrap();
    l.init(now).unwrap();
    let op = l.operator("管理员").unwrap();
    l.set_pin("管理员", "2468", &op, now).unwrap();
    let app = zhitong_desktop::setup(mock_builder())
        .manage(AppState::new(l, Clock::starting_at(now)))
        .build(mock_context(noop_assets()))
        .unwrap();
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let a = App {
        _dir: dir,
        _app: app,
        webview,
    };
    let e = call(&a, "sign_in", json!({"name": "管理员", "pin": "1357"})).unwrap_err();
    assert_eq!(e["code"], "validation", "a wrong PIN is refused: {e}");
    assert!(e["message"].as_str().unwrap().contains("PIN 不正确"));
    let ok = call(&a, "sign_in", json!({"name": "管理员", "pin": "2468"})).unwrap();
    assert_eq!(ok["has_pin"], true, "the right PIN signs in");
}

#[test]
fn edit_case_corrects_fields_and_reports_issues_by_field() {
    let a = app();
    let c = call(
        &a,
        "register",
        json!({"operator": "王登记", "input": new_case()}),
    )
    .unwrap();
    let id = c["id"].as_i64().unwrap();
    let mut input = new_case();
    input["contact"]["phone"] = json!("13900139000");
    let e = call(
        &a,
        "edit_case",
        json!({"operator": "王登记", "id": id, "input": input, "reason": "电话记错"}),
    )
    .unwrap();
    assert_eq!(
        e["contact"]["phone"], "13900139000",
        "the case page shows the corrected phone"
    );
    let mut bad = new_case();
    bad["contact"]["phone"] = json!("12");
    let err = call(
        &a,
        "edit_case",
        json!({"operator": "王登记", "id": id, "input": bad, "reason": "更正"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "validation", "{err}");
    assert_eq!(
        err["issues"][0]["field"], "contact.phone",
        "the dialog puts the message next to the phone field: {err}"
    );
}

// ---- safety (backups, restore, admin) ---------------------------------------------

fn settings_of(a: &App) -> Value {
    call(a, "settings", json!({})).expect("settings are readable")
}

#[test]
fn admin_only_commands_refuse_non_admins_and_wrong_pins() {
    let a = app();
    let s = settings_of(&a);
    let csv = a._dir.path().join("2027.csv");
    std::fs::write(&csv, "date,kind,name\n2027-01-01,holiday,元旦\n").unwrap();
    let e = call(
        &a,
        "save_settings",
        json!({"operator": "管理员", "pin": "", "settings": s}),
    )
    .unwrap_err();
    assert_eq!(
        e["code"], "validation",
        "an admin without a PIN is asked to set one first: {e}"
    );
    assert!(
        e["message"].as_str().unwrap_or("").contains("尚未设置 PIN"),
        "the refusal says the PIN is not set yet: {e}"
    );
    call(
        &a,
        "set_pin",
        json!({"operator": "管理员", "pin": "", "name": "管理员", "new_pin": "2468"}),
    )
    .expect("the seeded admin sets a first PIN without an old one");

    // (command, arguments without operator and pin)
    let gated = [
        ("save_settings", json!({"settings": s})),
        (
            "add_department",
            json!({"input": {"name": "安全生产部", "kind": "internal"}}),
        ),
        (
            "set_department_active",
            json!({"name": "经济发展部", "active": false}),
        ),
        (
            "add_staff",
            json!({"input": {"name": "孙登记", "role": "clerk", "title": ""}}),
        ),
        (
            "set_calendar_day",
            json!({"date": "2026-03-06", "kind": "holiday", "name": "测试"}),
        ),
        ("import_calendar", json!({"path": csv})),
    ];
    for (cmd, args) in &gated {
        let with = |op: &str, pin: &str| {
            let mut v = args.clone();
            v["operator"] = json!(op);
            v["pin"] = json!(pin);
            call(&a, cmd, v)
        };
        let e = with("王登记", "2468").unwrap_err();
        assert_eq!(
            e["code"], "auth.forbidden",
            "{cmd}: a clerk is refused even with the admin's PIN: {e}"
        );
        let e = with("管理员", "1357").unwrap_err();
        assert_eq!(
            e["code"], "validation",
            "{cmd}: a wrong PIN is refused: {e}"
        );
        assert_eq!(
            e["issues"][0]["field"], "pin",
            "{cmd}: the wrong-PIN message belongs to the PIN field: {e}"
        );
        with("管理员", "2468")
            .unwrap_or_else(|e| panic!("{cmd}: the admin with the right PIN may: {e}"));
    }
    let staff = call(&a, "staff", json!({})).unwrap();
    assert!(
        staff
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "孙登记"),
        "the admin's add_staff went through: {staff}"
    );

    let e = call(
        &a,
        "set_pin",
        json!({"operator": "王登记", "pin": "", "name": "李主任", "new_pin": "1111"}),
    )
    .unwrap_err();
    assert_eq!(
        e["code"], "auth.forbidden",
        "a clerk may not set someone else's PIN: {e}"
    );
    call(
        &a,
        "set_pin",
        json!({"operator": "管理员", "pin": "2468", "name": "王登记", "new_pin": "1111"}),
    )
    .expect("the admin sets a clerk's PIN");
    let e = call(
        &a,
        "set_pin",
        json!({"operator": "王登记", "pin": "0000", "name": "王登记", "new_pin": "2222"}),
    )
    .unwrap_err();
    assert_eq!(
        e["issues"][0]["field"], "pin",
        "changing one's own PIN needs the current one: {e}"
    );
    call(
        &a,
        "set_pin",
        json!({"operator": "王登记", "pin": "1111", "name": "王登记", "new_pin": "2222"}),
    )
    .expect("the clerk changes their own PIN with the current one");
    call(&a, "sign_in", json!({"name": "王登记", "pin": "2222"}))
        .expect("the changed PIN signs in");
}

#[test]
fn backups_are_listed_copied_and_restored_through_the_commands() {
    let a = app();
    let listed = call(&a, "backups", json!({})).unwrap();
    assert_eq!(
        listed.as_array().map(Vec::len),
        Some(0),
        "a new ledger has no backups yet: {listed}"
    );
    let before = call(&a, "backup_now", json!({})).expect("a manual backup");
    assert_eq!(before["kind"], "manual", "{before}");
    assert_eq!(before["cases"], 0, "taken before any case: {before}");
    call(
        &a,
        "register",
        json!({"operator": "王登记", "input": new_case()}),
    )
    .expect("a case after the backup");

    let usb = tempfile::tempdir().unwrap();
    let copy = call(&a, "backup_to", json!({"dir": usb.path()})).expect("backup to a folder");
    assert!(
        copy["problem"].is_null(),
        "the copy passed its integrity check: {copy}"
    );
    assert_eq!(copy["cases"], 1, "the copy holds the new case: {copy}");
    assert!(
        copy["path"]
            .as_str()
            .is_some_and(|p| p.starts_with(&usb.path().display().to_string())),
        "the copy is in the chosen folder: {copy}"
    );

    let listed = call(&a, "backups", json!({})).unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(
        listed.len(),
        1,
        "only the manual backup is in the backups folder"
    );
    let path = listed[0]["path"].clone();

    let p = call(&a, "preview_restore", json!({"path": path})).expect("preview");
    assert_eq!(p["current"]["cases"], 1, "the current side: {p}");
    assert_eq!(p["backup"]["cases"], 0, "the backup side: {p}");
    assert_eq!(
        p["only_in_current"].as_array().map(Vec::len),
        Some(1),
        "the case a restore would drop is named: {p}"
    );

    let e = call(
        &a,
        "restore_backup",
        json!({"operator": "王登记", "pin": "", "path": path}),
    )
    .unwrap_err();
    assert_eq!(e["code"], "auth.forbidden", "a clerk may not restore: {e}");
    call(
        &a,
        "set_pin",
        json!({"operator": "管理员", "pin": "", "name": "管理员", "new_pin": "2468"}),
    )
    .unwrap();
    let e = call(
        &a,
        "restore_backup",
        json!({"operator": "管理员", "pin": "0000", "path": path}),
    )
    .unwrap_err();
    assert_eq!(e["code"], "validation", "a wrong PIN may not restore: {e}");
    let page = call(&a, "list", json!({"query": {"limit": 50}})).unwrap();
    assert_eq!(page["total"], 1, "a refused restore changed nothing");

    let r = call(
        &a,
        "restore_backup",
        json!({"operator": "管理员", "pin": "2468", "path": path}),
    )
    .expect("the admin restores");
    assert_eq!(r["cases_now"], 0, "the backup's content is back: {r}");
    assert_eq!(
        r["safety_copy"]["kind"], "before_restore",
        "the replaced ledger was saved first: {r}"
    );
    assert_eq!(
        r["safety_copy"]["cases"], 1,
        "the safety copy holds the replaced case: {r}"
    );
    let page = call(&a, "list", json!({"query": {"limit": 50}})).unwrap();
    assert_eq!(
        page["total"], 0,
        "the app's ledger is the restored one: {page}"
    );
    let listed = call(&a, "backups", json!({})).unwrap();
    assert_eq!(
        listed.as_array().map(Vec::len),
        Some(2),
        "the safety copy is listed next to the manual backup: {listed}"
    );
    let check = call(&a, "check_ledger", json!({})).expect("check");
    assert_eq!(
        check["cases"], 0,
        "the check reads the restored ledger: {check}"
    );
    let info = call(&a, "safety_info", json!({})).unwrap();
    assert!(
        info["logs_dir"]
            .as_str()
            .is_some_and(|d| d.starts_with(&a._dir.path().display().to_string())),
        "the logs folder is inside the data folder: {info}"
    );
}

#[test]
fn panic_reports_are_listed_until_acknowledged() {
    let a = app();
    let none = call(&a, "panic_reports", json!({})).unwrap();
    assert_eq!(
        none.as_array().map(Vec::len),
        Some(0),
        "no reports without panics: {none}"
    );
    let logs = a._dir.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    std::fs::write(
        logs.join("panic-20260301-170000-42.txt"),
        "企服直通 程序异常报告\n信息：测试异常\n",
    )
    .unwrap();
    let fresh = call(&a, "panic_reports", json!({})).unwrap();
    assert_eq!(
        fresh[0]["message"], "测试异常",
        "the report is offered with its message: {fresh}"
    );
    let n = call(&a, "acknowledge_panics", json!({})).unwrap();
    assert_eq!(n, 1, "one report acknowledged");
    let after = call(&a, "panic_reports", json!({})).unwrap();
    assert_eq!(
        after.as_array().map(Vec::len),
        Some(0),
        "an acknowledged report is not offered again: {after}"
    );
    assert!(
        a._dir.path().join("panic-acknowledged.txt").exists(),
        "the acknowledgement is kept in the data folder"
    );
}

// ---- excel (import/export) -----------------------------------------------------------

/// Collects the `excel://progress` events the progress bars listen to.
fn progress_events(a: &App) -> std::sync::Arc<std::sync::Mutex<Vec<Value>>> {
    use tauri::Listener;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let s = seen.clone();
    a.webview.listen_any("excel://progress", move |e| {
        s.lock()
            .unwrap()
            .push(serde_json::from_str::<Value>(e.payload()).unwrap());
    });
    seen
}

fn case_total(a: &App) -> i64 {
    call(a, "list", json!({"query": {"limit": 0}})).unwrap()["total"]
        .as_i64()
        .unwrap()
}

#[test]
fn import_dialog_checks_then_imports_and_a_second_import_adds_nothing() {
    let a = app();
    let path = a._dir.path().join("2025年台账.csv");
    std::fs::write(
        &path,
        "反映时间,企业名称,联系人,联系电话,问题类别,反映问题\r\n\
         2026-02-02 09:00,甲公司,张三,13800000001,用电保障,企业用电报装慢\r\n\
         2026-02-03,乙公司,李四,13800000002,用水保障,厂区停水\r\n\
         2026年2月30日,丙公司,王五,12345,用电保障,电压不稳\r\n",
    )
    .unwrap();
    let ins = call(&a, "import_inspect", json!({"path": path, "sheet": null})).unwrap();
    assert_eq!(
        (ins["source"].as_str(), ins["total_rows"].as_i64()),
        (Some("guessed"), Some(3)),
        "a first import guesses the mapping from the titles and counts the data rows: {ins}"
    );
    assert_eq!(
        ins["mapping"]["columns"]["phone"], "联系电话",
        "the dropdown for 电话 is prefilled with the file's 联系电话 column"
    );
    let mapping = ins["mapping"].clone();
    let p = call(
        &a,
        "import_preview",
        json!({"path": path, "mapping": mapping}),
    )
    .unwrap();
    assert_eq!(
        (
            p["rows"].as_array().unwrap().len(),
            p["problems"].as_array().unwrap().len()
        ),
        (3, 0),
        "the preview shows the rows as mapped and no mapping problem: {p}"
    );

    let events = progress_events(&a);
    let run = |dry_run: bool, skip_bad: bool| {
        call(
            &a,
            "import_run",
            json!({"operator": "王登记", "path": path, "mapping": mapping,
                   "dry_run": dry_run, "skip_bad": skip_bad}),
        )
        .unwrap()
    };
    let check = run(true, false);
    assert_eq!(
        (check["imported"].as_i64(), check["committed"].as_bool()),
        (Some(2), Some(false)),
        "the dry run says two rows would import and writes nothing: {check}"
    );
    let bad = &check["bad"][0];
    assert_eq!(
        bad["row_number"], 4,
        "the bad row is named by its row number in the file (title row is 1)"
    );
    let reasons = bad["reasons"].to_string();
    assert!(
        reasons.contains("2026年2月30日") && reasons.contains("11 位"),
        "every reason of the bad row is listed (impossible date and short phone): {reasons}"
    );
    assert_eq!(case_total(&a), 0, "a dry run writes nothing");
    let last = events.lock().unwrap().last().cloned().unwrap();
    assert_eq!(
        (
            last["job"].as_str(),
            last["done"].as_i64(),
            last["total"].as_i64()
        ),
        (Some("check"), Some(3), Some(3)),
        "the check's progress bar ends at every row done"
    );

    let strict = run(false, false);
    assert_eq!(
        (strict["committed"].as_bool(), strict["imported"].as_i64()),
        (Some(false), Some(0)),
        "all-or-nothing: one bad row means nothing is written: {strict}"
    );
    assert_eq!(
        case_total(&a),
        0,
        "the refused import left the ledger as it was"
    );

    let done = run(false, true);
    assert_eq!(
        (
            done["committed"].as_bool(),
            done["imported"].as_i64(),
            done["bad"].as_array().unwrap().len()
        ),
        (Some(true), Some(2), 1),
        "skipping bad rows writes the two good ones and lists the bad one: {done}"
    );
    assert_eq!(
        case_total(&a),
        2,
        "the imported cases are in the ledger list"
    );
    let last = events.lock().unwrap().last().cloned().unwrap();
    assert_eq!(
        (last["job"].as_str(), last["done"].as_i64()),
        (Some("import"), Some(3)),
        "the import's own progress bar reaches the end"
    );

    let again = call(&a, "import_inspect", json!({"path": path, "sheet": null})).unwrap();
    assert_eq!(
        again["source"], "remembered",
        "after an import that wrote, its mapping is proposed next time"
    );
    let twice = run(false, true);
    assert_eq!(
        (
            twice["imported"].as_i64(),
            twice["existing"].as_array().unwrap().len()
        ),
        (Some(0), 2),
        "re-importing the same file adds nothing and counts the duplicates: {twice}"
    );
    assert_eq!(case_total(&a), 2, "no case was duplicated");
}

#[test]
fn export_writes_exactly_the_cases_the_ledger_filter_shows() {
    let a = app();
    let mut water = new_case();
    water["category"] = json!("用水保障");
    water["enterprise"]["name"] = json!("重庆清源食品有限公司");
    for input in [new_case(), water] {
        call(
            &a,
            "register",
            json!({"operator": "王登记", "input": input}),
        )
        .unwrap();
    }
    let events = progress_events(&a);
    let query = json!({"category": "用电保障", "offset": 200, "limit": 50});
    let out = a._dir.path().join("企服台账-2026-03-02");
    let csv = call(
        &a,
        "export_ledger",
        json!({"query": query, "path": out, "format": "csv"}),
    )
    .unwrap();
    let csv_path = csv["path"].as_str().unwrap().to_string();
    assert!(
        csv_path.ends_with("企服台账-2026-03-02.csv"),
        "a name typed without extension still gets .csv so the file opens in Excel: {csv_path}"
    );
    assert_eq!(
        csv["cases"], 1,
        "only the filtered category is exported, whatever page the list was on"
    );
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert!(
        text.contains("重庆宏达机械有限公司") && !text.contains("重庆清源食品有限公司"),
        "the file holds the filtered case and not the other: {text}"
    );
    let last = events.lock().unwrap().last().cloned().unwrap();
    assert_eq!(
        (
            last["job"].as_str(),
            last["done"].as_i64(),
            last["total"].as_i64()
        ),
        (Some("export"), Some(1), Some(1)),
        "the export's progress bar ends at all cases done"
    );

    let xlsx = call(
        &a,
        "export_ledger",
        json!({"query": {}, "path": a._dir.path().join("全部.xlsx"), "format": "xlsx"}),
    )
    .unwrap();
    assert_eq!(xlsx["cases"], 2, "no filter exports every case");
    let table = zhitong_report::read_table(
        std::path::Path::new(xlsx["path"].as_str().unwrap()),
        None,
        None,
    )
    .unwrap();
    assert_eq!(
        table.rows.len(),
        2,
        "the workbook reads back with one row per case"
    );

    let e = call(
        &a,
        "open_export",
        json!({"path": a._dir.path().join("ledger.db"), "folder": false}),
    )
    .unwrap_err();
    assert_eq!(
        e["code"], "file.not_exported",
        "the UI cannot use the export's open button to open arbitrary files: {e}"
    );
}

/// Encryption at rest through the commands: the admin encrypts, a later start finds the
/// ledger locked and the passphrase opens it; the session's backups and checks use it.
#[test]
fn an_admin_encrypts_the_ledger_and_a_locked_start_is_unlocked_with_the_passphrase() {
    let a = app();
    call(
        &a,
        "register",
        json!({"operator": "王登记", "input": new_case()}),
    )
    .unwrap();
    call(
        &a,
        "set_pin",
        json!({"operator": "管理员", "pin": "", "name": "管理员", "new_pin": "2468"}),
    )
    .unwrap();
    let pass = "园区企服台账 2026";
    let e = call(
        &a,
        "encrypt_ledger",
        json!({"operator": "王登记", "pin": "", "passphrase": pass}),
    )
    .unwrap_err();
    assert_eq!(e["code"], "auth.forbidden", "a clerk may not encrypt: {e}");
    let e = call(
        &a,
        "encrypt_ledger",
        json!({"operator": "管理员", "pin": "2468", "passphrase": "短"}),
    )
    .unwrap_err();
    assert_eq!(
        e["code"], "validation",
        "a short passphrase is refused: {e}"
    );
    let r = call(
        &a,
        "encrypt_ledger",
        json!({"operator": "管理员", "pin": "2468", "passphrase": pass}),
    )
    .expect("the admin encrypts");
    assert!(r["backups_skipped"].as_array().unwrap().is_empty(), "{r}");
    let info = call(&a, "safety_info", json!({})).unwrap();
    assert_eq!(
        info["encrypted"], true,
        "the 数据安全 screen shows it: {info}"
    );
    let page = call(&a, "list", json!({"query": {}})).expect("the app goes on working");
    assert_eq!(page["total"], 1, "{page}");

    // The next start: the ledger is locked until the passphrase is given.
    let path = std::path::PathBuf::from(info["ledger_path"].as_str().unwrap());
    let locked = zhitong_desktop::open_state_at(
        &path,
        Clock::starting_at(
            chrono::DateTime::parse_from_rfc3339("2026-03-03T09:00:00+08:00").unwrap(),
        ),
    );
    let b = app_with(locked);
    let e = call(&b, "list", json!({"query": {}})).unwrap_err();
    assert_eq!(
        e["code"], "ledger.locked",
        "the UI shows the unlock form: {e}"
    );
    let e = call(&b, "unlock_ledger", json!({"passphrase": "不是这个"})).unwrap_err();
    assert_eq!(e["code"], "ledger.wrong_key", "{e}");
    call(&b, "unlock_ledger", json!({"passphrase": pass})).expect("the passphrase opens it");
    let page = call(&b, "list", json!({"query": {}})).unwrap();
    assert_eq!(page["total"], 1, "every case is there: {page}");
    call(&b, "backup_now", json!({})).expect("a backup of the unlocked ledger");
    let backups = call(&b, "backups", json!({})).expect("the unlocked session lists backups");
    let backups = backups.as_array().unwrap();
    assert!(
        !backups.is_empty() && backups.iter().all(|b| b["problem"].is_null()),
        "the encrypted backups verify with the session's passphrase: {backups:?}"
    );
    let report = call(&b, "check_ledger", json!({})).expect("the thorough check runs");
    assert_eq!(report["cases"], 1, "{report}");
}

#[test]
fn start_up_work_waits_for_the_windows_first_paint() {
    use tauri::Manager;
    let a = app();
    let state = a._app.state::<AppState>();
    let short = std::time::Duration::from_millis(20);
    assert!(
        !state.wait_for_first_paint(short),
        "before the window reports its first paint, the start-up work (first tick, \
         integrity check, backup) must wait, and give up only after its limit"
    );
    call(&a, "painted", json!({})).unwrap();
    assert!(
        state.wait_for_first_paint(std::time::Duration::from_secs(5)),
        "once the window has painted, the start-up work goes at once"
    );
    call(&a, "painted", json!({})).expect("a reload that reports again changes nothing");
}
