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
    let admin = ledger.operator("管理员").unwrap();
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
    let app = zhitong_desktop::setup(mock_builder())
        .manage(AppState::new(ledger, Clock::starting_at(now)))
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
    assert!(agenda["overdue"].as_array().unwrap().is_empty());

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
    let path = zhitong_desktop::print::render(
        DocKind::Registration,
        &c,
        &settings,
        &cal,
        now,
        &dir.path().join("prints"),
    )
    .unwrap();
    let pdf = std::fs::read(path).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "the registration sheet is a PDF");
    let e =
        zhitong_desktop::print::render(DocKind::Assignment, &c, &settings, &cal, now, dir.path())
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
