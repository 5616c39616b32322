//! The `zhitong` binary spawned as a process, as scripts and scheduled tasks use it:
//! exit codes, JSON shapes, Chinese errors, and a case through the workflow verbs.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }
}

fn zhitong(db: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    zhitong_with(db, args, stdin, &[])
}

/// The binary with `env` set on top of a clean environment (no operator, ledger,
/// passphrase or PIN from the caller's shell).
fn zhitong_with(db: &Path, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zhitong"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZHITONG_OPERATOR")
        .env_remove("ZHITONG_DB")
        .env_remove("ZHITONG_PASSPHRASE")
        .env_remove("ZHITONG_PIN");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the zhitong binary runs");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn ok(db: &Path, args: &[&str]) -> Value {
    let r = zhitong(db, args, None);
    assert_eq!(
        r.code, 0,
        "zhitong {args:?} should succeed; stderr: {}",
        r.stderr
    );
    r.json()
}

/// `ok` with `--json` and the words of `line` (split at spaces: none of them holds one).
fn ok_json(db: &Path, line: &str) -> Value {
    let args: Vec<&str> = std::iter::once("--json")
        .chain(line.split_whitespace())
        .collect();
    ok(db, &args)
}

/// `ok` with `--json --at at` and the words of `line` (split at spaces: none of them
/// holds one), as a clerk would type the command.
fn ok_at(db: &Path, at: &str, line: &str) -> Value {
    let args: Vec<&str> = ["--json", "--at", at]
        .into_iter()
        .chain(line.split_whitespace())
        .collect();
    ok(db, &args)
}

const CASE: &str = r#"{"received_at": "2026-03-02T09:30:00+08:00", "channel": "热线电话", "nature": "求助",
 "category": "用电保障", "description": "夜间生产经常跳闸……", "wanted_department": "供电所",
 "enterprise": {"name": "宝庄窗业有限公司", "credit_code": "91350100M000100Y43", "address": "……"},
 "contact": {"name": "王经理", "title": "总经理", "phone": "13800000000", "email": "a@b.cn"}}"#;

/// Registers [`CASE`] at 2026-03-02 10:00 (`--json`); it must succeed.
fn add_case(db: &Path) -> Run {
    let r = zhitong(
        db,
        &["--json", "--at", "2026-03-02 10:00", "case", "add"],
        Some(CASE),
    );
    assert_eq!(r.code, 0, "case add should succeed: {}", r.stderr);
    r
}

fn db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.db");
    (dir, path)
}

#[test]
fn case_add_prints_the_stored_case_with_id_and_reg_no() {
    let (_d, db) = db();
    let r = add_case(&db);
    let c = r.json();
    assert_eq!(c["id"], 1);
    assert_eq!(c["reg_no"], "企业困难问题〔2026〕第1号");
    assert_eq!(c["state"], "registered");
    assert_eq!(c["enterprise"]["credit_code"], "91350100M000100Y43");
    let shown = ok_json(&db, "case show 企业困难问题〔2026〕第1号");
    assert_eq!(shown["id"], 1, "show finds a case by its 登记编号");
    let text = zhitong(&db, &["case", "show", "1"], None);
    assert!(
        text.stdout.contains("宝庄窗业有限公司") && text.stdout.contains("经过："),
        "text output is a readable page"
    );
}

#[test]
fn errors_exit_2_with_code_and_chinese_message() {
    let (_d, db) = db();
    let bad = CASE.replace("91350100M000100Y43", "91350100M000100Y44");
    let r = zhitong(
        &db,
        &["--json", "--at", "2026-03-02 10:00", "case", "add"],
        Some(&bad),
    );
    assert_eq!(r.code, 2, "a validation error exits with 2");
    let e = r.json();
    assert_eq!(e["code"], "validation");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("第18位校验码应为 3"),
        "{e}"
    );
    assert_eq!(
        e["issues"][0]["field"], "enterprise.credit_code",
        "the field is named for the UI"
    );
    let r = zhitong(&db, &["case", "show", "99"], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("找不到案件“99”"),
        "text errors go to stderr in Chinese: {}",
        r.stderr
    );
    let r = zhitong(&db, &["--json", "case", "add"], Some("{not json"));
    assert_eq!((r.code, r.json()["code"].as_str()), (2, Some("json")));
    add_case(&db);
    let r = zhitong(&db, &["--json", "case", "close", "1"], None);
    assert_eq!(
        r.json()["code"],
        "state.not_allowed",
        "an action the state does not allow is refused"
    );
}

#[test]
fn workflow_verbs_from_register_to_close() {
    let (_d, db) = db();
    ok_at(
        &db,
        "2026-03-02 10:00",
        "staff add 李主任 --role leader --title 常务副主任",
    );
    add_case(&db);
    ok_at(&db, "2026-03-02 10:05", "case accept 1");
    let c = ok_at(
        &db,
        "2026-03-02 10:10",
        "case assign 1 --lead 经济发展部 --with 规划建设部 --class 专业类 --approver 李主任",
    );
    assert_eq!(c["state"], "assigned");
    assert_eq!(c["deadlines"][0]["due_at"], "2026-03-09T23:59:59+08:00");
    let board = ok_at(&db, "2026-03-11 10:00", "board");
    assert_eq!(board["overdue"], 1, "past the deadline the board shows it");
    for day in ["2026-03-11 10:00", "2026-03-12 10:00", "2026-03-13 10:00"] {
        ok(
            &db,
            &["--json", "--at", day, "case", "urge", "1", "--way", "电话"],
        );
    }
    let c = ok_json(&db, "case show 1");
    assert_eq!(
        c["escalated"], true,
        "three urges on three working days escalate"
    );
    assert_eq!(c["urges"].as_array().unwrap().len(), 3);
    ok_at(
        &db,
        "2026-03-16 10:00",
        "case reply 1 --outcome A --text 已解决",
    );
    let c = ok_at(
        &db,
        "2026-03-16 11:00",
        "case evaluate 1 --result 满意 --quality 5 --attitude 5 --efficiency 4",
    );
    assert_eq!(c["evaluation"]["deemed"], false);
    let c = ok_at(&db, "2026-03-16 12:00", "case close 1");
    assert_eq!(c["state"], "closed");
    let list = ok_json(&db, "case list --state closed");
    assert_eq!(list["total"], 1);
    let none = ok_json(&db, "case list --state registered");
    assert_eq!(none["total"], 0, "filters apply");
}

#[test]
fn tick_deems_unrated_replies_satisfied() {
    let (_d, db) = db();
    zhitong(
        &db,
        &["--at", "2026-03-02 10:00", "case", "add"],
        Some(CASE),
    );
    ok_at(&db, "2026-03-02 10:05", "case accept 1");
    ok_at(
        &db,
        "2026-03-02 10:10",
        "case assign 1 --lead 经济发展部 --class 专业类",
    );
    ok_at(
        &db,
        "2026-03-03 10:00",
        "case reply 1 --outcome A --text 已解决",
    );
    let t = ok_at(&db, "2026-03-10 10:00", "tick");
    assert_eq!(
        t["deemed_satisfied"],
        serde_json::json!([]),
        "5 working days after 3-3 end on 3-10 at 24:00: not yet"
    );
    let t = ok_at(&db, "2026-03-11 09:00", "tick");
    assert_eq!(
        t["deemed_satisfied"],
        serde_json::json!(["企业困难问题〔2026〕第1号"]),
        "the next morning it is deemed satisfied"
    );
    let c = ok_json(&db, "case show 1");
    assert_eq!(
        c["evaluation"]["deemed"], true,
        "kept distinct from a real rating"
    );
}

#[test]
fn calendar_commands_answer_in_the_documented_json() {
    let (_d, db) = db();
    let due = ok_json(
        &db,
        "calendar due --from 2026-09-30T10:00:00+08:00 --working-days 5",
    );
    assert_eq!(
        due,
        serde_json::json!({"due": "2026-10-13T23:59:59+08:00", "provisional": false})
    );
    let day = ok_json(&db, "calendar day 2026-02-14");
    assert_eq!(
        (day["working"].as_bool(), day["reason"].as_str()),
        (Some(true), Some("调休上班"))
    );
    let day = ok_json(&db, "calendar day 2026-10-01");
    assert_eq!(
        (day["working"].as_bool(), day["reason"].as_str()),
        (Some(false), Some("国庆节"))
    );
    let due = ok_json(
        &db,
        "calendar due --from 2026-12-30T10:00:00+08:00 --working-days 5",
    );
    assert_eq!(
        due["provisional"], true,
        "2027 is not announced yet: provisional"
    );
}

#[test]
fn settings_and_departments() {
    let (_d, db) = db();
    let v = ok_json(&db, "settings get reg_no_format");
    assert_eq!(v, "企业困难问题〔{year}〕第{seq}号");
    let r = zhitong(
        &db,
        &["--json", "settings", "set", "reg_no_format", "第{seq}号"],
        None,
    );
    assert_eq!(
        (r.code, r.json()["code"].as_str()),
        (2, Some("settings.invalid")),
        "a format without {{year}} is refused"
    );
    ok_json(&db, "dept add 区交通局 --kind district");
    let depts = ok_json(&db, "dept list");
    assert!(depts
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["name"] == "区交通局" && d["kind"] == "district"));
}

#[test]
fn demo_fills_the_ledger() {
    let (_d, db) = db();
    ok_at(&db, "2026-11-20 10:00", "demo --cases 200 --seed 3");
    let all = ok_json(&db, "case list --all");
    assert_eq!(all["total"], 200);
    assert_eq!(
        all["rows"].as_array().unwrap().len(),
        200,
        "--all lists every case"
    );
}

#[test]
fn a_damaged_ledger_is_reported_not_silently_replaced() {
    let (_d, db) = db();
    ok_at(&db, "2026-03-02 10:00", "init");
    std::fs::write(
        &db,
        b"this is not a SQLite database at all, a clerk's stray save",
    )
    .unwrap();
    let r = zhitong(&db, &["--json", "case", "list"], None);
    assert_eq!(r.code, 2, "a damaged ledger must stop the command");
    let code = r.json()["code"].as_str().unwrap().to_string();
    assert!(
        code.starts_with("ledger."),
        "the error names the ledger problem, got {code}"
    );
}

#[test]
fn case_edit_corrects_registration_fields() {
    let (_d, db) = db();
    add_case(&db);
    let edited = ok_at(
        &db,
        "2026-03-02 10:30",
        "case edit 1 --reason 电话记错 --set contact.phone=13900000000 --set category=招工用工",
    );
    assert_eq!(
        edited["contact"]["phone"], "13900000000",
        "the corrected phone is stored"
    );
    assert_eq!(edited["category"], "招工用工");
    for (args, expect) in [
        (vec!["--set", "contact.fax=1"], "没有可修改的字段"),
        (vec!["--set", "category"], "字段=值"),
        (vec!["--set", "channel=飞鸽传书"], "反映渠道"),
    ] {
        let mut all = vec![
            "--at",
            "2026-03-02 10:40",
            "case",
            "edit",
            "1",
            "--reason",
            "更正",
        ];
        all.extend(args);
        let r = zhitong(&db, &all, None);
        assert_eq!(r.code, 2, "a bad edit exits 2: {}", r.stderr);
        assert!(
            r.stderr.contains(expect),
            "expected “{expect}” in {}",
            r.stderr
        );
    }
}

fn zhitong_env(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    zhitong_with(db, args, None, env)
}

#[test]
fn encrypt_needs_the_admin_pin_and_then_every_command_needs_the_passphrase() {
    let (_d, db) = db();
    add_case(&db);
    let set = zhitong_env(&db, &["pin"], &[("ZHITONG_NEW_PIN", "246810")]);
    assert_eq!(set.code, 0, "the admin sets a first PIN: {}", set.stderr);
    let pass = "园区企服台账 2026";
    let wrong_pin = zhitong_env(
        &db,
        &["encrypt"],
        &[("ZHITONG_PIN", "000000"), ("ZHITONG_NEW_PASSPHRASE", pass)],
    );
    assert_eq!(
        wrong_pin.code, 2,
        "a wrong PIN is refused: {}",
        wrong_pin.stderr
    );
    let enc = zhitong_env(
        &db,
        &["encrypt"],
        &[("ZHITONG_PIN", "246810"), ("ZHITONG_NEW_PASSPHRASE", pass)],
    );
    assert_eq!(enc.code, 0, "{}", enc.stderr);
    assert!(enc.stdout.contains("台账已加密"), "{}", enc.stdout);

    let show = |env: &[(&str, &str)]| zhitong_env(&db, &["--json", "case", "show", "1"], env);
    let locked = show(&[]);
    assert_eq!(locked.code, 2, "without the passphrase nothing opens");
    assert!(
        locked.stderr.contains("ZHITONG_PASSPHRASE")
            || locked.stdout.contains("ZHITONG_PASSPHRASE"),
        "the message says how to give the passphrase: {} {}",
        locked.stdout,
        locked.stderr
    );
    let wrong = show(&[("ZHITONG_PASSPHRASE", "不是这个密码")]);
    assert_eq!(wrong.code, 2);
    assert!(
        wrong.stderr.contains("台账密码不正确") || wrong.stdout.contains("台账密码不正确"),
        "{} {}",
        wrong.stdout,
        wrong.stderr
    );
    let shown = show(&[("ZHITONG_PASSPHRASE", pass)]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert_eq!(shown.json()["enterprise"]["name"], "宝庄窗业有限公司");
    let check = zhitong_env(&db, &["check"], &[("ZHITONG_PASSPHRASE", pass)]);
    assert_eq!(
        check.code, 0,
        "check works on an encrypted ledger: {}",
        check.stderr
    );
}

#[test]
fn every_administrator_only_command_refuses_without_the_pin() {
    let (_d, db) = db();
    let year = std::env::temp_dir().join(format!("zhitong-cal-{}.csv", std::process::id()));
    std::fs::write(&year, "date,kind,name\n2027-01-01,holiday,元旦\n").unwrap();
    let year = year.to_string_lossy().into_owned();
    // Before any administrator PIN exists the ledger behaves as before, and says so.
    let r = zhitong(&db, &["staff", "add", "李主任", "--role", "leader"], None);
    assert_eq!(
        r.code, 0,
        "no PIN yet: the change goes through: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains("尚未设置 PIN") && r.stderr.contains("zhitong pin"),
        "and the CLI says how to protect the ledger: {}",
        r.stderr
    );
    let set = zhitong_env(&db, &["pin"], &[("ZHITONG_NEW_PIN", "246810")]);
    assert_eq!(set.code, 0, "the administrator sets a PIN: {}", set.stderr);
    let commands: [&[&str]; 6] = [
        &["settings", "set", "park_name", "嘉兴经济技术开发区"],
        &["dept", "add", "区交通局", "--kind", "district"],
        &["dept", "disable", "经济发展部"],
        &["dept", "enable", "经济发展部"],
        &["staff", "add", "王登记", "--role", "clerk"],
        &["calendar", "import", &year, "--year", "2027"],
    ];
    for args in commands {
        let with = |extra: &[&str], env: &[(&str, &str)]| {
            let mut all = vec!["--json"];
            all.extend_from_slice(extra);
            all.extend_from_slice(args);
            zhitong_with(&db, &all, None, env)
        };
        let no_pin = with(&[], &[]);
        assert_eq!(
            (no_pin.code, no_pin.json()["code"].as_str()),
            (2, Some("pin.required")),
            "{args:?} without a PIN is refused and says how to give one: {}",
            no_pin.stdout
        );
        let wrong = with(&[], &[("ZHITONG_PIN", "000000")]);
        assert_eq!(
            (wrong.code, wrong.json()["code"].as_str()),
            (2, Some("validation")),
            "{args:?} with a wrong PIN is refused: {}",
            wrong.stdout
        );
        let leader = with(&["--as", "李主任"], &[("ZHITONG_PIN", "246810")]);
        assert_eq!(
            (leader.code, leader.json()["code"].as_str()),
            (2, Some("auth.forbidden")),
            "{args:?} by a leader is refused whatever the PIN: {}",
            leader.stdout
        );
        assert!(
            leader.json()["message"]
                .as_str()
                .unwrap_or("")
                .contains("管理员"),
            "the refusal names the role it needs: {}",
            leader.stdout
        );
        let ok = with(&[], &[("ZHITONG_PIN", "246810")]);
        assert_eq!(
            ok.code, 0,
            "{args:?} with the PIN goes through: {}",
            ok.stderr
        );
    }
}

#[test]
fn search_takes_a_bare_number_as_this_years_registration_and_render_board_prints_the_board() {
    let (dir, db) = db();
    let at = "2026-06-15 10:00";
    ok(
        &db,
        &[
            "--json", "--at", at, "demo", "--cases", "600", "--seed", "5",
        ],
    );
    let hits = ok_json(&db, "search 30");
    let first = hits[0]["row"]["reg_no"].as_str().unwrap_or_default();
    assert!(
        first.ends_with("〔2026〕第30号"),
        "`zhitong search 30` lists this year's 第30号 first, got {first}"
    );
    let shown = ok_json(&db, "case show 30");
    assert!(
        shown["reg_no"]
            .as_str()
            .unwrap_or_default()
            .ends_with("〔2026〕第30号"),
        "a bare number opens this year's case, not internal id 30: {}",
        shown["reg_no"]
    );

    let out = dir.path().join("board.pdf");
    let out_s = out.to_str().unwrap();
    let r = ok(
        &db,
        &["--json", "--at", at, "render", "board", "--out", out_s],
    );
    assert!(r["bytes"].as_u64().unwrap_or(0) > 1000, "{r}");
    let text = Command::new("pdftotext")
        .arg(&out)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed for this test");
    let text: String = String::from_utf8_lossy(&text.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let board = ok(&db, &["--json", "--at", at, "board"]);
    for want in [
        "督办看板",
        "重庆市正阳工业园区",
        "统计时间：2026年6月15日",
        "第1页共",
    ] {
        assert!(text.contains(want), "the printed board shows “{want}”");
    }
    let groups = board["groups"].as_array().expect("board groups");
    assert!(
        !groups.is_empty(),
        "a demo ledger has overdue cases: {board}"
    );
    for g in groups {
        for it in g["items"].as_array().unwrap() {
            let reg = it["reg_no"].as_str().unwrap();
            // Printed as the part that tells cases apart: 〔2026〕第30号.
            let short = &reg[reg.find('〔').unwrap_or(0)..];
            assert!(
                text.contains(short),
                "every case of the board is printed: {reg}"
            );
        }
    }
}

#[test]
fn lf_000_art3_2_3_accept_with_a_class_and_meet_a_milestone_from_the_command_line() {
    let (_d, db) = db();
    ok_at(&db, "2026-03-02 09:00", "init");
    ok_at(&db, "2026-03-02 09:00", "settings set active_policy 廊坊");
    add_case(&db);
    // 廊坊 一类 counts from receipt: accepted with it, the limit runs before 交办.
    let c = ok_at(&db, "2026-03-02 10:05", "case accept 1 --class 一类");
    assert_eq!(c["handling_class"], "一类");
    assert_eq!(c["deadlines"][0]["start_at"], "2026-03-02T09:30:00+08:00");
    let a = ok_at(&db, "2026-03-04 10:00", "agenda");
    assert_eq!(a["awaiting_assignment"][0]["case_id"], 1, "待交办");
    assert_eq!(a["overdue"][0]["case_id"], 1, "and overdue like any other");
    ok_at(
        &db,
        "2026-03-04 10:10",
        "case assign 1 --lead 经济发展部 --class 三类",
    );
    let bad = zhitong(
        &db,
        &[
            "--json",
            "--at",
            "2026-03-05 10:00",
            "case",
            "meet",
            "1",
            "--milestone",
            "研究结果",
            "--text",
            "已研究",
        ],
        None,
    );
    assert_eq!(bad.code, 2);
    let said = format!("{}{}", bad.stdout, bad.stderr);
    assert!(said.contains("须说明能否解决"), "{said}");
    let c = ok_at(
        &db,
        "2026-03-05 10:00",
        "case meet 1 --milestone 研究结果 --solvable no --text 属上位规划限制",
    );
    assert_eq!(
        c["handling_class"], "四类",
        "not solvable: a 四类 explanation"
    );
    assert_eq!(c["state"], "in_progress");
}

/// Issue 15 from the command line: 备案 before 销号 (000 三(二)2), a 联席会议 on a 共性问题
/// with its minutes (000 五3), and the leading group's decision moving an escalated case
/// (002 第11条), with the organisation behind them (000 五2, 002 第1–3条).
#[test]
fn lf_000_s3_2_and_jx_002_art11_filing_meetings_and_decisions_from_the_command_line() {
    let (dir, db) = db();
    let at = |s: &str| s.to_string();
    let run = |t: &str, args: &[&str]| {
        let mut v = vec!["--json", "--at", t];
        v.extend_from_slice(args);
        ok(&db, &v)
    };
    let fail = |t: &str, args: &[&str]| {
        let mut v = vec!["--json", "--at", t];
        v.extend_from_slice(args);
        let r = zhitong(&db, &v, None);
        assert_eq!(r.code, 2, "zhitong {v:?} should be refused");
        format!("{}{}", r.stdout, r.stderr)
    };
    let t0 = at("2026-03-02 09:00");
    run(&t0, &["init"]);
    run(&t0, &["settings", "set", "active_policy", "廊坊"]);
    run(
        &t0,
        &[
            "staff",
            "add",
            "李主任",
            "--role",
            "leader",
            "--title",
            "常务副主任",
        ],
    );
    let s = run(
        &t0,
        &["staff", "member", "李主任", "--leading-group", "yes"],
    );
    assert_eq!(s["leading_group"], true);
    assert_eq!(s["service_office"], false);
    let d = run(
        &t0,
        &[
            "dept",
            "contacts",
            "经济发展部",
            "--deputy",
            "刘强",
            "--deputy-phone",
            "13800000003",
            "--liaison",
            "陈丽",
            "--liaison-phone",
            "13800000004",
        ],
    );
    assert_eq!(d["deputy"], "刘强");
    assert_eq!(d["liaison_phone"], "13800000004");

    // 备案 before 销号 (廊坊 二类).
    add_case(&db);
    run("2026-03-02 10:05", &["case", "accept", "1"]);
    run(
        "2026-03-02 10:10",
        &[
            "case",
            "assign",
            "1",
            "--lead",
            "经济发展部",
            "--class",
            "二类",
        ],
    );
    run(
        "2026-03-02 16:00",
        &[
            "case",
            "reply",
            "1",
            "--outcome",
            "A",
            "--text",
            "已恢复供电",
        ],
    );
    run(
        "2026-03-03 09:00",
        &["case", "evaluate", "1", "--result", "满意"],
    );
    let said = fail("2026-03-03 09:10", &["case", "close", "1"]);
    assert!(
        said.contains("备案") && said.contains("file-report"),
        "{said}"
    );
    let a = run("2026-03-03 09:10", &["agenda"]);
    assert_eq!(a["awaiting_filing"][0]["case_id"], 1, "待备案");
    let c = run(
        "2026-03-03 09:20",
        &[
            "case",
            "file-report",
            "1",
            "--text",
            "已协调抢修，当日恢复供电",
            "--signed-by",
            "王部长",
        ],
    );
    assert_eq!(c["filings"][0]["signed_by"], "王部长");
    let c = run("2026-03-03 09:30", &["case", "close", "1"]);
    assert_eq!(c["state"], "closed");

    // A 共性问题 on a joint meeting, with its minutes.
    add_case(&db);
    let c = run("2026-03-03 10:00", &["case", "accept", "2", "--common"]);
    assert_eq!(c["common_issue"], true);
    let agenda = run("2026-03-03 10:00", &["meeting", "agenda"]);
    assert_eq!(agenda[0]["row"]["id"], 2);
    assert_eq!(agenda[0]["common"], true);
    let add = [
        "meeting",
        "add",
        "--kind",
        "联席会议",
        "--date",
        "2026-03-10",
        "--case",
        "2",
    ];
    let said = fail("2026-03-10 17:00", &add);
    assert!(
        said.contains("--decision"),
        "a case needs its decision: {said}"
    );
    let m = run(
        "2026-03-10 17:00",
        &[
            &add[..],
            &[
                "--decision",
                "2=由经济发展部牵头协调供电公司改造线路",
                "--attendee",
                "经济发展部、规划建设部",
                "--minutes",
                "研究园区东片企业反映的共性问题",
            ],
        ]
        .concat(),
    );
    assert_eq!(m["number"], "2026年第1次联席会议");
    assert_eq!(m["attendees"].as_array().unwrap().len(), 2);
    let list = run("2026-03-10 17:00", &["meeting", "list"]);
    assert_eq!(list[0]["id"], m["id"]);
    let shown = run("2026-03-10 17:00", &["meeting", "show", "1"]);
    assert_eq!(
        shown["items"][0]["decision"],
        "由经济发展部牵头协调供电公司改造线路"
    );
    let out = dir.path().join("minutes.pdf");
    let r = run(
        "2026-03-10 17:00",
        &["render", "minutes", "1", "--out", out.to_str().unwrap()],
    );
    assert!(r["bytes"].as_u64().unwrap_or(0) > 1000, "{r}");

    // The leading group's decision moves an escalated case (leader only).
    add_case(&db);
    run("2026-03-04 09:00", &["case", "accept", "3"]);
    run(
        "2026-03-04 09:10",
        &[
            "case",
            "assign",
            "3",
            "--lead",
            "经济发展部",
            "--class",
            "二类",
        ],
    );
    let said = fail(
        "2026-03-05 10:00",
        &[
            "case",
            "decide",
            "3",
            "--text",
            "改由规划建设部办理",
            "--lead",
            "规划建设部",
        ],
    );
    assert!(
        said.contains("领导"),
        "not escalated, and not a leader: {said}"
    );
    run(
        "2026-03-06 10:00",
        &[
            "--as",
            "李主任",
            "case",
            "escalate",
            "3",
            "--reason",
            "逾期未办结",
        ],
    );
    let c = run(
        "2026-03-06 15:00",
        &[
            "--as",
            "李主任",
            "case",
            "decide",
            "3",
            "--text",
            "改由规划建设部牵头",
            "--lead",
            "规划建设部",
            "--class",
            "三类",
        ],
    );
    assert_eq!(c["escalated"], false);
    assert_eq!(c["assignment"]["lead"], "规划建设部");
    assert_eq!(c["handling_class"], "三类");
    assert_eq!(c["decisions"][0]["text"], "改由规划建设部牵头");
    let last = c["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "decide");
}
