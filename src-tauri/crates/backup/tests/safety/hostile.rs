//! Hostile input (bounded proptest runs): no parser of outside data panics, and every
//! accepted text — very long, emoji, rare CJK, SQL fragments, HTML/script — comes back
//! byte for byte; control characters are refused with a message that says so. Covers
//! case JSON, calendar CSV / holiday-cn JSON, settings values and spreadsheet import.

use proptest::prelude::*;
use zhitong_domain::{NewCase, Settings};
use zhitong_store::{Ledger, Operator};

use crate::{at, sample_case};

/// Pieces hostile text is made of.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("'; DROP TABLE cases; --".to_string()),
        Just("Robert'); DELETE FROM events WHERE 1=1;--".to_string()),
        Just("<script>alert('x')</script><img src=x onerror=alert(1)>".to_string()),
        Just("㙟𠀀𪚥𰻞".to_string()),
        Just("👨‍👩‍👧‍👦🏭✅🇨🇳".to_string()),
        Just("%_\\\"`$(rm -rf /)".to_string()),
        Just("\u{202E}反向\u{200B}零宽\u{FEFF}".to_string()),
        Just("重庆市正阳工业园区".to_string()),
        "\\PC{0,20}",
        "[\\x00-\\x1f\\x7f]{1,3}",
        ".{0,3}",
    ]
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(piece(), 1..5).prop_map(|v| v.concat()),
        (piece(), 1usize..3000).prop_map(|(p, n)| p.repeat(n)),
    ]
}

fn has_control(s: &str, multiline: bool) -> bool {
    s.trim()
        .chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn case_json_never_panics(text in "\\PC{0,300}", bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let now = at(2025, 3, 3, 9, 0);
        for input in [text, String::from_utf8_lossy(&bytes).into_owned()] {
            if let Ok(c) = serde_json::from_str::<NewCase>(&input) {
                let _ = c.validated(&Settings::default(), now);
            }
        }
    }

    #[test]
    fn hostile_case_texts_are_stored_verbatim_or_refused_clearly(
        field in 0usize..8,
        text in hostile_text(),
    ) {
        check_case_field(field, &text)?;
    }

    #[test]
    fn calendar_imports_never_panic(text in "\\PC{0,400}", names in prop::collection::vec(hostile_text(), 3)) {
        let _ = zhitong_calendar::parse_csv(&text);
        let _ = zhitong_calendar::parse_holiday_cn_json(&text);
        let csv = format!(
            "date,kind,name\n2025-01-01,holiday,{}\n2025-01-26,workday,{}\n2025-01-28,holiday,{}\n",
            names[0], names[1], names[2]
        );
        if let Ok(marks) = zhitong_calendar::parse_csv(&csv) {
            let mut l = Ledger::open_in_memory().expect("ledger");
            let now = at(2025, 3, 3, 9, 0);
            l.init(now).expect("seed");
            let admin = l.admin_unprotected("管理员", "导入").expect("no PIN yet");
            let _ = l.import_calendar_year(2025, marks, "proptest", &admin, now);
        }
        let json = serde_json::json!({
            "year": 2025,
            "days": [{"name": names[0], "date": "2025-01-01", "isOffDay": true}],
        })
        .to_string();
        let _ = zhitong_calendar::parse_holiday_cn_json(&json);
    }

    #[test]
    fn spreadsheet_import_never_panics(
        cells in prop::collection::vec(prop::collection::vec(hostile_text(), 1..6), 1..6),
        junk in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let header = "登记编号,反映时间,企业名称,联系人,联系电话,问题描述";
        let mut csv = String::from(header);
        for row in &cells {
            csv.push('\n');
            csv.push_str(&row.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect::<Vec<_>>().join(","));
        }
        let _ = zhitong_report::csv::parse(&csv);
        let files = [
            ("ledger.csv", csv.into_bytes()),
            ("junk.csv", junk.clone()),
            ("junk.xlsx", junk.clone()),
            ("junk.xls", junk),
        ];
        for (name, bytes) in files {
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).expect("write");
            let Ok(table) = zhitong_report::read_table(&path, None, None) else { continue };
            let mapping = zhitong_report::ColumnMapping::guess(&table.headers);
            let _ = zhitong_report::preview(&table, &mapping, 5);
            let Ok(rows) = zhitong_report::to_rows(&table, &mapping) else { continue };
            let mut l = Ledger::open_in_memory().expect("ledger");
            let opts = zhitong_store::ImportOptions { dry_run: true, skip_bad: true, source: name.into(), ..Default::default() };
            let _ = l.import_cases(&rows, &opts, &Operator::system(), at(2025, 3, 3, 9, 0), &mut |_, _| {});
        }
    }

    #[test]
    fn settings_values_never_panic_and_texts_come_back(
        key in prop_oneof![
            Just("park_name"), Just("issuing_body"), Just("service_center"), Just("hotline"),
            Just("contact_line"), Just("channels"), Just("reg_no_format"), Just("day_end"),
            Just("near_due_hours"), Just("policies"), Just("letter_limit"), Just("无此项"),
        ],
        raw in "\\PC{0,200}",
        text in hostile_text(),
    ) {
        let now = at(2025, 3, 3, 9, 0);
        let mut l = Ledger::open_in_memory().expect("ledger");
        l.init(now).expect("seed");
        let op = l.admin_unprotected("管理员", "修改设置").expect("no PIN yet");
        let _ = l.set_setting(key, &raw, &op, now);
        let _ = l.settings().expect("settings still readable after any value");
        // A text given as a JSON string is stored verbatim, or refused with a message.
        let quoted = serde_json::to_string(&text).expect("quote");
        if ["park_name", "issuing_body", "service_center", "contact_line"].contains(&key) {
            match l.set_setting(key, &quoted, &op, now) {
                Ok(_) => prop_assert_eq!(l.setting(key).expect("read"), serde_json::Value::String(text.clone())),
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }
    }
}

/// The text fields of a registration: (name, accepts line breaks).
const FIELDS: [(&str, bool); 8] = [
    ("description", true),
    ("summary", false),
    ("wanted_department", false),
    ("screening_opinion", true),
    ("enterprise.name", false),
    ("enterprise.address", false),
    ("contact.name", false),
    ("contact.title", false),
];

fn field_mut(c: &mut NewCase, i: usize) -> &mut String {
    match i {
        0 => &mut c.description,
        1 => &mut c.summary,
        2 => &mut c.wanted_department,
        3 => &mut c.screening_opinion,
        4 => &mut c.enterprise.name,
        5 => &mut c.enterprise.address,
        6 => &mut c.contact.name,
        _ => &mut c.contact.title,
    }
}

fn field_of(c: &zhitong_domain::Case, i: usize) -> &str {
    match i {
        0 => &c.description,
        1 => &c.summary,
        2 => &c.wanted_department,
        3 => &c.screening_opinion,
        4 => &c.enterprise.name,
        5 => &c.enterprise.address,
        6 => &c.contact.name,
        _ => &c.contact.title,
    }
}

/// Registers a case whose field `i` is `text` (through JSON, as the UI and the CLI hand
/// it over); the text must come back trimmed but otherwise identical, or be refused with
/// a message naming the reason.
fn check_case_field(i: usize, text: &str) -> Result<bool, TestCaseError> {
    let now = at(2025, 3, 3, 9, 0);
    let mut input = sample_case(1, now);
    *field_mut(&mut input, i) = text.to_string();
    let json = serde_json::to_string(&input).expect("serialise");
    let parsed: NewCase = serde_json::from_str(&json).expect("JSON round trip");
    prop_assert_eq!(&parsed, &input);
    let (name, multiline) = FIELDS[i];
    let mut l = Ledger::open_in_memory().expect("ledger");
    match l.register(&parsed, &Operator::system(), now) {
        Ok(case) => {
            let back = l.case(case.id).expect("read back");
            if !(i == 1 && text.trim().is_empty()) {
                prop_assert_eq!(field_of(&back, i), text.trim(), "field {}", name);
            }
            Ok(true)
        }
        Err(e) => {
            let msg = e.to_string();
            let explained = (has_control(text, multiline) && msg.contains("控制字符"))
                || msg.contains("最多")
                || (text.trim().is_empty() && msg.contains("请填写"));
            prop_assert!(
                explained,
                "field {} refused without a clear reason: {}",
                name,
                msg
            );
            prop_assert_eq!(e.code(), "validation");
            prop_assert_eq!(
                e.issues()[0].field.as_str(),
                name,
                "the issue names the field"
            );
            Ok(false)
        }
    }
}

#[test]
fn known_hostile_texts_are_stored_verbatim_in_every_field() {
    let texts = [
        "'; DROP TABLE cases; --",
        "<script>alert('x')</script>",
        "㙟𠀀𪚥",
        "👨‍👩‍👧‍👦🏭",
        "%_\\\"`",
        "\u{202E}反向\u{200B}",
    ];
    for (i, (name, _)) in FIELDS.iter().enumerate() {
        for t in texts {
            let stored = check_case_field(i, t).unwrap_or_else(|e| panic!("{name} {t:?}: {e}"));
            assert!(stored, "{name}: {t:?} is accepted and stored");
        }
        let long = "长".repeat(if i == 0 { 20_000 } else { 5_000 });
        check_case_field(i, &long).unwrap_or_else(|e| panic!("{name} long: {e}"));
        for ctl in ["a\u{0}b", "a\u{7}b", "a\u{1b}[31mb"] {
            let stored = check_case_field(i, ctl).unwrap_or_else(|e| panic!("{name} {ctl:?}: {e}"));
            assert!(!stored, "{name}: control characters are refused");
        }
    }
}
