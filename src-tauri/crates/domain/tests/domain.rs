//! Domain rules as tables: credit codes, phone and e-mail forms, text limits, numbering,
//! and the state machine's allowed actions.

use chrono::TimeZone;
use zhitong_domain::validate::{self, TextRule};
use zhitong_domain::workflow::{self, Facts};
use zhitong_domain::{credit_code, numbering, Action, CaseState, NewCase, Outcome, Settings};

fn t(y: i32, m: u32, d: u32, h: u32) -> zhitong_domain::Instant {
    zhitong_domain::china()
        .with_ymd_and_hms(y, m, d, h, 0, 0)
        .unwrap()
}

#[test]
fn credit_codes() {
    // (input, Ok(normalised) or a fragment the error message must contain)
    let cases: &[(&str, Result<&str, &str>)] = &[
        ("91350100M000100Y43", Ok("91350100M000100Y43")),
        (" 91350100m000100y43 ", Ok("91350100M000100Y43")),
        ("91110000600037341L", Ok("91110000600037341L")),
        ("91350100M000100Y44", Err("第18位校验码应为 3")),
        ("91350100M000100Y4", Err("应为 18 位，现在是 17 位")),
        ("91350100M0001O0Y43", Err("第14位“O”")),
        ("91350A00M000100Y43", Err("第3至8位")),
        ("", Err("现在是 0 位")),
    ];
    for (input, want) in cases {
        let got = credit_code::validate(input);
        match (want, &got) {
            (Ok(w), Ok(g)) => assert_eq!(w, g, "{input} should normalise to {w}"),
            (Err(frag), Err(msg)) => assert!(
                msg.contains(frag),
                "{input}: message “{msg}” should say “{frag}”"
            ),
            _ => panic!("{input}: expected {want:?}, got {got:?}"),
        }
    }
}

#[test]
fn check_char_matches_every_valid_code() {
    for code in ["91350100M000100Y43", "91110000600037341L"] {
        assert_eq!(
            credit_code::check_char(&code[..17]),
            code.chars().nth(17),
            "{code}: computed check character must match the printed one"
        );
    }
}

#[test]
fn phones() {
    let ok = [
        "13800000000",
        "+86 13800000000",
        "023-79429609",
        "(023)79429609",
        "79429609",
        "2912345",
        "023-79429609-801",
        "79429609转801",
        "0316-2912345",
        "400-123-4567",
    ];
    for p in ok {
        assert!(
            validate::phone(p).is_ok(),
            "{p} is a phone form clerks write and must be accepted: {:?}",
            validate::phone(p)
        );
    }
    let bad = [
        ("1380000000", "11 位"),
        ("12800000000", "格式不对"),
        ("abc", "格式不对"),
        ("023-123", "格式不对"),
    ];
    for (p, frag) in bad {
        let e = validate::phone(p).expect_err(p);
        assert!(e.contains(frag), "{p}: “{e}” should say {frag}");
    }
}

#[test]
fn emails() {
    for e in ["a@b.cn", "wang.li+x@qiye.example.com.cn"] {
        assert!(validate::email(e).is_ok(), "{e} must be accepted");
    }
    for (e, frag) in [
        ("ab.cn", "缺少 @"),
        ("a@b", "格式不对"),
        ("a b@c.cn", "格式不对"),
        ("王@公司.中国", "格式不对"),
    ] {
        let m = validate::email(e).expect_err(e);
        assert!(m.contains(frag), "{e}: “{m}” should say {frag}");
    }
}

#[test]
fn text_rules() {
    let rule = TextRule {
        label: "联系人",
        required: true,
        max_chars: 5,
        multiline: false,
    };
    assert_eq!(
        validate::text("  王经理 ", rule).unwrap(),
        "王经理",
        "text is trimmed"
    );
    assert!(validate::text("", rule)
        .unwrap_err()
        .contains("请填写联系人"));
    assert!(validate::text("一二三四五六", rule)
        .unwrap_err()
        .contains("最多 5 个字"));
    assert!(validate::text("王\u{7}经理", rule)
        .unwrap_err()
        .contains("控制字符"));
    assert!(
        validate::text("王\n经理", rule)
            .unwrap_err()
            .contains("控制字符"),
        "single-line fields refuse line breaks"
    );
    let long = TextRule {
        multiline: true,
        max_chars: 100,
        ..rule
    };
    assert_eq!(
        validate::text("第一行\n第二行", long).unwrap(),
        "第一行\n第二行",
        "long texts keep line breaks"
    );
    let hostile = "<script>alert(1)</script>'; DROP TABLE cases;-- 😀㙟𠀀";
    assert_eq!(
        validate::text(
            hostile,
            TextRule {
                max_chars: 100,
                ..rule
            }
        )
        .unwrap(),
        hostile,
        "markup, SQL and rare characters are stored verbatim"
    );
}

fn sample() -> NewCase {
    serde_json::from_value(serde_json::json!({
        "received_at": "2026-03-02T09:30:00+08:00", "channel": "热线电话", "nature": "求助",
        "category": "用电保障", "description": "夜间生产经常跳闸。影响交货。", "wanted_department": "供电所",
        "enterprise": {"name": "宝庄窗业有限公司", "credit_code": "91350100M000100Y43", "address": "正阳工业园区"},
        "contact": {"name": "王经理", "title": "总经理", "phone": "13800000000", "email": "a@b.cn"}
    }))
    .unwrap()
}

#[test]
fn new_case_validation_reports_every_field() {
    let s = Settings::default();
    let ok = sample()
        .validated(&s, t(2026, 3, 2, 10))
        .expect("the issue's example must validate");
    assert_eq!(
        ok.summary, "夜间生产经常跳闸",
        "summary derives from the first sentence"
    );
    let mut bad = sample();
    bad.received_at = t(2026, 3, 3, 10);
    bad.channel = "飞鸽传书".into();
    bad.enterprise.credit_code = "91350100M000100Y44".into();
    bad.contact.phone = "123".into();
    bad.contact.email = "x".into();
    bad.description = " ".into();
    let err = bad.validated(&s, t(2026, 3, 2, 10)).unwrap_err();
    let fields: Vec<&str> = err.issues().iter().map(|i| i.field.as_str()).collect();
    for f in [
        "received_at",
        "channel",
        "description",
        "enterprise.credit_code",
        "contact.phone",
        "contact.email",
    ] {
        assert!(fields.contains(&f), "{f} must be reported, got {fields:?}");
    }
    assert_eq!(err.code(), "validation");
}

/// Found by the `case_json` fuzz target: a description whose first sentence held a tab
/// validated, but its derived summary then failed validation (a one-line field), so the
/// saved case could not be edited and saved again.
#[test]
fn a_derived_summary_validates_again() {
    let s = Settings::default();
    for description in [
        "第一句\t带制表符\r\n第二句",
        "回车\r分隔。",
        "\t\t前导制表符。",
    ] {
        let mut case = sample();
        case.description = description.into();
        let ok = case
            .validated(&s, t(2026, 3, 2, 10))
            .expect("a description may hold tabs and line breaks");
        assert!(
            !ok.summary.chars().any(char::is_control),
            "summary {:?} is one line without control characters",
            ok.summary
        );
        assert_eq!(
            ok.validated(&s, t(2026, 3, 2, 10)),
            Ok(ok.clone()),
            "validating a validated case changes nothing"
        );
    }
}

#[test]
fn numbering_formats() {
    assert_eq!(
        numbering::render(numbering::REG_NO, 2026, 12).unwrap(),
        "企业困难问题〔2026〕第12号"
    );
    assert_eq!(
        numbering::render(numbering::ASSIGN_NO, 2026, 5).unwrap(),
        "正阳园区管委交〔2026〕第5号"
    );
    assert_eq!(
        numbering::render("ZT-{year}-{seq:04}", 2026, 7).unwrap(),
        "ZT-2026-0007",
        "zero padding"
    );
    assert!(
        numbering::render("第{seq}号", 2026, 1).is_err(),
        "a format without the year would repeat numbers every year"
    );
    // Found by the `numbering` fuzz target: a padding wider than u16::MAX made `render`
    // panic (Rust's formatting limit), so every registration failed after such a setting.
    assert_eq!(
        numbering::render("{year}-{seq:20}", 2026, 7).unwrap(),
        "2026-00000000000000000007"
    );
    for format in [
        "{year}-{seq:21}",
        "{year}-{seq:65536}",
        "{year}{seq:688888888888888}",
    ] {
        assert!(numbering::check_format(format).is_err(), "{format}");
        assert!(numbering::render(format, 2026, 1).is_err(), "{format}");
    }
}

#[test]
fn state_machine_refuses_with_the_allowed_list() {
    let f = Facts::default();
    // (state, action, allowed?)
    let table = [
        (CaseState::Registered, Action::Accept, true),
        (CaseState::Registered, Action::Assign, false),
        (CaseState::Accepted, Action::Assign, true),
        (CaseState::Assigned, Action::Urge, true),
        (CaseState::Assigned, Action::Close, false),
        (CaseState::Closed, Action::Urge, false),
        (CaseState::Void, Action::Void, false),
        (CaseState::Rejected, Action::Assign, false),
    ];
    for (state, action, allowed) in table {
        assert_eq!(
            workflow::check(state, f, action).is_ok(),
            allowed,
            "{state:?} + {action:?}"
        );
    }
    let err = workflow::check(CaseState::Registered, f, Action::Reply)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("待甄别") && err.contains("受理") && err.contains("不予受理"),
        "message names the state and what is allowed: {err}"
    );
    let b = Facts {
        outcome: Some(Outcome::B),
        evaluated: true,
        ..f
    };
    let err = workflow::check(CaseState::Replied, b, Action::Close)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("B类"),
        "a B outcome cannot be closed and the message says why: {err}"
    );
    let a = Facts {
        outcome: Some(Outcome::A),
        evaluated: true,
        ..f
    };
    assert!(
        workflow::check(CaseState::Replied, a, Action::Close).is_ok(),
        "A and evaluated closes"
    );
}

#[test]
fn default_settings_are_valid() {
    Settings::default()
        .check()
        .expect("defaults must pass their own validation");
    let s = Settings {
        day_end: "25:00".into(),
        channels: vec![],
        ..Settings::default()
    };
    let e = s.check().unwrap_err();
    assert_eq!(e.issues().len(), 2, "both problems reported: {e}");
}

#[test]
fn time_limits_must_be_between_one_unit_and_a_year() {
    use zhitong_calendar::{Span, Unit};
    let table = [
        (
            Span {
                amount: 5,
                unit: Unit::WorkingDays,
            },
            true,
            "the 5-working-day letter limit",
        ),
        (
            Span {
                amount: 250,
                unit: Unit::WorkingDays,
            },
            true,
            "a working year",
        ),
        (
            Span {
                amount: 0,
                unit: Unit::WorkingDays,
            },
            true,
            "zero is 即时 (廊坊 一类)",
        ),
        (
            Span {
                amount: 251,
                unit: Unit::WorkingDays,
            },
            false,
            "over a working year",
        ),
        (
            Span {
                amount: 367,
                unit: Unit::Days,
            },
            false,
            "over a year of days",
        ),
        (
            Span {
                amount: u32::MAX,
                unit: Unit::WorkingDays,
            },
            false,
            "would walk the calendar for ever",
        ),
    ];
    for (span, ok, why) in table {
        let s = Settings {
            letter_limit: span,
            ..Settings::default()
        };
        match s.check() {
            Ok(()) => assert!(ok, "{why}: should be refused"),
            Err(e) => {
                assert!(!ok, "{why}: should pass, got {e}");
                assert_eq!(e.issues()[0].field, "letter_limit", "{why}: {e}");
            }
        }
    }
}

#[test]
fn dates_are_read_as_clerks_write_them() {
    use chrono::NaiveTime;
    use zhitong_domain::when;
    let midnight = NaiveTime::MIN;
    let eod = NaiveTime::from_hms_opt(23, 59, 59).unwrap();
    // (text, default time, year for yearless dates, expected RFC 3339 or None)
    let cases: &[(&str, NaiveTime, Option<i32>, Option<&str>)] = &[
        (
            "2025-3-5",
            midnight,
            None,
            Some("2025-03-05T00:00:00+08:00"),
        ),
        ("2025-03-05", eod, None, Some("2025-03-05T23:59:59+08:00")),
        (
            "2025.3.5",
            midnight,
            None,
            Some("2025-03-05T00:00:00+08:00"),
        ),
        (
            "2025年3月5日",
            midnight,
            None,
            Some("2025-03-05T00:00:00+08:00"),
        ),
        (
            "2025/3/5 14:30",
            midnight,
            None,
            Some("2025-03-05T14:30:00+08:00"),
        ),
        (
            "2025/3/5 9:05:07",
            midnight,
            None,
            Some("2025-03-05T09:05:07+08:00"),
        ),
        (
            "2025年3月5日 14时30分",
            midnight,
            None,
            Some("2025-03-05T14:30:00+08:00"),
        ),
        (
            "２０２５年３月５日",
            midnight,
            None,
            Some("2025-03-05T00:00:00+08:00"),
        ),
        (
            "２０２５－０３－０５　１４：３０",
            midnight,
            None,
            Some("2025-03-05T14:30:00+08:00"),
        ),
        (
            "20250305",
            midnight,
            None,
            Some("2025-03-05T00:00:00+08:00"),
        ),
        (
            "2026-03-02T09:30:00+08:00",
            midnight,
            None,
            Some("2026-03-02T09:30:00+08:00"),
        ),
        (
            "2026-03-02T01:30:00Z",
            midnight,
            None,
            Some("2026-03-02T09:30:00+08:00"),
        ),
        // Excel's serial 45721 is 2025-03-05 (1900 leap-year bug included in the epoch).
        ("45721", midnight, None, Some("2025-03-05T00:00:00+08:00")),
        ("45721.5", midnight, None, Some("2025-03-05T12:00:00+08:00")),
        (
            "3月5日",
            midnight,
            Some(2025),
            Some("2025-03-05T00:00:00+08:00"),
        ),
        ("3月5日", midnight, None, None),
        ("2025/13/40", midnight, None, None),
        ("2025-02-30", midnight, None, None),
        ("明天", midnight, None, None),
        ("12345", midnight, None, None),
        ("", midnight, None, None),
    ];
    for (text, default, year, want) in cases {
        let got = when::parse(text, *default, *year).map(|t| t.to_rfc3339());
        assert_eq!(got.as_deref(), *want, "“{text}” (year {year:?})");
    }
    assert!(
        when::lacks_year("3月5日") && !when::lacks_year("2025年3月5日"),
        "a month-and-day date is told apart so the caller can say where its year came from"
    );
}

// ---- actions as plans (issue 13 §2, issue 14) -----------------------------------------

mod plans {
    use chrono::NaiveDate;
    use zhitong_calendar::{Span, Unit};
    use zhitong_domain::plan::{Request, Rules, EVAL_LABEL, PROMISE_LABEL};
    use zhitong_domain::workflow::{self, Facts};
    use zhitong_domain::{
        Action, Case, CaseState, Contact, Deadline, DeadlineKind, Enterprise, Evaluation, Outcome,
        Role, Satisfaction,
    };

    use super::t;

    fn case(state: CaseState) -> Case {
        Case {
            id: 1,
            reg_no: "企业困难问题〔2026〕第1号".into(),
            received_at: t(2026, 3, 2, 9),
            channel: "热线电话".into(),
            nature: "咨询".into(),
            category: "政策执行".into(),
            summary: "咨询".into(),
            description: "咨询".into(),
            wanted_department: String::new(),
            screening_opinion: String::new(),
            enterprise: Enterprise {
                id: 1,
                name: "宝庄窗业有限公司".into(),
                credit_code: None,
                address: String::new(),
            },
            contact: Contact {
                id: 1,
                name: "王经理".into(),
                title: String::new(),
                phone: "13800000000".into(),
                email: String::new(),
            },
            state,
            paused_from: None,
            paused_at: None,
            handling_class: None,
            assignment: None,
            previous_assignments: vec![],
            deadlines: vec![],
            urges: vec![],
            escalated: false,
            special_supervision: false,
            common_issue: false,
            filings: vec![],
            decisions: vec![],
            outcome: None,
            reply: None,
            evaluation: None,
            rejection: None,
            void_reason: None,
            attachments: vec![],
            events: vec![],
            created_at: t(2026, 3, 2, 9),
            updated_at: t(2026, 3, 2, 9),
        }
    }

    /// A running handling deadline due at `due`.
    fn limit(id: i64, due: zhitong_domain::Instant) -> Deadline {
        Deadline {
            id,
            kind: DeadlineKind::Handling,
            label: "办结并答复企业".into(),
            span: Span {
                amount: 5,
                unit: Unit::WorkingDays,
            },
            start_at: t(2026, 3, 2, 10),
            due_at: due,
            provisional: false,
            met_at: None,
        }
    }

    fn facts(c: &Case, by: Role, rules: Rules) -> Facts {
        Facts {
            outcome: c.outcome,
            evaluated: c.evaluation.is_some(),
            escalated: c.escalated,
            unsatisfied: c
                .evaluation
                .as_ref()
                .is_some_and(|e| e.result == Satisfaction::Unsatisfied),
            by_letter: c
                .assignment
                .as_ref()
                .is_some_and(|a| a.route == zhitong_domain::Route::DistrictLetter),
            by: Some(by),
            rules,
            filing_required: false,
            filed: !c.filings.is_empty(),
            common: c.common_issue,
        }
    }

    fn reply(outcome: Outcome, until: Option<NaiveDate>) -> Request {
        Request::Reply { outcome, until }
    }

    fn date(m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, m, d)
    }

    #[test]
    fn jx_002_art7_an_accepted_consultation_is_answered_on_the_spot_with_a_or_c() {
        let c = case(CaseState::Accepted);
        let f = facts(&c, Role::Clerk, Rules::default());
        // (outcome, Ok(next state) or a fragment of the refusal)
        let table: [(Outcome, Result<CaseState, &str>); 3] = [
            (Outcome::A, Ok(CaseState::Replied)),
            (Outcome::C, Ok(CaseState::Replied)),
            (Outcome::B, Err("即时答复只能是A类")),
        ];
        for (outcome, want) in table {
            let got = workflow::plan(&c, f, &reply(outcome, None), t(2026, 3, 2, 10));
            match (want, got) {
                (Ok(state), Ok(p)) => {
                    assert_eq!(p.state, state, "{outcome:?}: answered on the spot");
                    assert!(
                        p.add.iter().any(|d| d.kind == DeadlineKind::Evaluation),
                        "{outcome:?}: an on-the-spot answer is evaluated as usual"
                    );
                }
                (Err(frag), Err(e)) => assert!(
                    e.to_string().contains(frag),
                    "{outcome:?}: refusal “{e}” should say “{frag}”"
                ),
                (w, g) => panic!("{outcome:?}: expected {w:?}, got {g:?}"),
            }
        }
    }

    #[test]
    fn zy_003_art9_a_b_reply_keeps_its_promised_date_running_and_opens_no_window() {
        let mut c = case(CaseState::InProgress);
        c.deadlines = vec![limit(7, t(2026, 3, 9, 23))];
        let now = t(2026, 3, 5, 10);
        let f = facts(&c, Role::Clerk, Rules::default());
        // (outcome, until, Ok((promise running, window opens)) or a refusal fragment)
        type Want = Result<(bool, bool), &'static str>;
        let table: [(Outcome, Option<NaiveDate>, Want); 6] = [
            (Outcome::B, date(3, 20), Ok((true, false))),
            (Outcome::B, None, Err("承诺办结日期")),
            (Outcome::B, date(3, 1), Err("早于今天")),
            (Outcome::A, None, Ok((false, true))),
            (Outcome::C, None, Ok((false, true))),
            (Outcome::A, date(3, 20), Err("只用于B类")),
        ];
        for (outcome, until, want) in table {
            let got = workflow::plan(&c, f, &reply(outcome, until), now);
            match (want, got) {
                (Ok((promise, window)), Ok(p)) => {
                    assert_eq!(
                        p.meet,
                        vec![7],
                        "{outcome:?}: the reply meets the running limit"
                    );
                    assert_eq!(
                        p.add.iter().any(|d| d.label == PROMISE_LABEL),
                        promise,
                        "{outcome:?}: the promised date runs only for B"
                    );
                    assert_eq!(
                        p.add.iter().any(|d| d.label == EVAL_LABEL),
                        window,
                        "{outcome:?}: the evaluation window opens only for A or C"
                    );
                }
                (Err(frag), Err(e)) => assert!(
                    e.to_string().contains(frag),
                    "{outcome:?} {until:?}: refusal “{e}” should say “{frag}”"
                ),
                (w, g) => panic!("{outcome:?} {until:?}: expected {w:?}, got {g:?}"),
            }
        }
        let promise = workflow::plan(&c, f, &reply(Outcome::B, date(3, 20)), now)
            .unwrap()
            .add
            .remove(0);
        assert_eq!(
            promise.span,
            Span {
                amount: 15,
                unit: Unit::Days
            },
            "the promise runs to the close of the promised day"
        );
    }

    #[test]
    fn zy_003_art9_old_behaviour_setting_ends_a_b_reply_like_a_final_one() {
        let mut c = case(CaseState::InProgress);
        c.deadlines = vec![limit(7, t(2026, 3, 9, 23))];
        let rules = Rules {
            b_follow_up: false,
            ..Rules::default()
        };
        let p = workflow::plan(
            &c,
            facts(&c, Role::Clerk, rules),
            &reply(Outcome::B, None),
            t(2026, 3, 5, 10),
        )
        .unwrap();
        assert!(
            p.add.iter().any(|d| d.label == EVAL_LABEL),
            "with b_follow_up off, B opens the evaluation window as before"
        );
    }

    #[test]
    fn jx_002_art13_only_replies_made_on_time_are_deemed_satisfied() {
        let mut c = case(CaseState::InProgress);
        c.deadlines = vec![limit(7, t(2026, 3, 9, 23))];
        // (reply at, deem late replies?, window opens, late)
        let table = [
            (t(2026, 3, 9, 20), false, true, false),
            (t(2026, 3, 10, 9), false, false, true),
            (t(2026, 3, 10, 9), true, true, true),
        ];
        for (at, deem_late, window, late) in table {
            let rules = Rules {
                deem_late_replies: deem_late,
                ..Rules::default()
            };
            let p = workflow::plan(
                &c,
                facts(&c, Role::Clerk, rules),
                &reply(Outcome::A, None),
                at,
            )
            .unwrap();
            assert_eq!(
                p.late, late,
                "{at}: late is judged against the running limit"
            );
            assert_eq!(
                p.add.iter().any(|d| d.kind == DeadlineKind::Evaluation),
                window,
                "{at} (deem late {deem_late}): 002 第13条 deems “按期办结的诉求答复” only"
            );
        }
    }

    #[test]
    fn zy_003_art10_an_unsatisfied_case_closes_only_by_a_leader_with_a_reason() {
        let mut c = case(CaseState::Replied);
        c.outcome = Some(Outcome::A);
        c.evaluation = Some(Evaluation {
            result: Satisfaction::Unsatisfied,
            quality: Some(1),
            attitude: Some(2),
            efficiency: Some(1),
            deemed: false,
            at: t(2026, 3, 6, 10),
            comment: String::new(),
        });
        // (who, reason written, Ok or the refusal's code)
        let table = [
            (Role::Clerk, true, Err("auth.forbidden")),
            (Role::Leader, false, Err("validation")),
            (Role::Leader, true, Ok(CaseState::Closed)),
        ];
        for (by, reason, want) in table {
            let got = workflow::plan(
                &c,
                facts(&c, by, Rules::default()),
                &Request::Close { reason },
                t(2026, 3, 6, 11),
            );
            match (want, got) {
                (Ok(s), Ok(p)) => assert_eq!(p.state, s, "a leader closes with a reason"),
                (Err(code), Err(e)) => assert_eq!(e.code(), code, "{by:?} reason {reason}: {e}"),
                (w, g) => panic!("{by:?} {reason}: expected {w:?}, got {g:?}"),
            }
        }
        let mut a = c.clone();
        a.evaluation.as_mut().unwrap().result = Satisfaction::Satisfied;
        assert!(
            workflow::plan(
                &a,
                facts(&a, Role::Clerk, Rules::default()),
                &Request::Close { reason: false },
                t(2026, 3, 6, 11)
            )
            .is_ok(),
            "a satisfied case is closed by a clerk as before"
        );
    }

    #[test]
    fn jx_002_art11_the_decision_is_a_leaders_on_an_escalated_case_only() {
        let mut c = case(CaseState::InProgress);
        c.deadlines = vec![limit(7, t(2026, 3, 9, 23))];
        let class = zhitong_domain::Settings::default()
            .policy()
            .unwrap()
            .class("综合类")
            .unwrap()
            .clone();
        let keep = Request::Decide {
            assign: None,
            until: None,
        };
        let until = Request::Decide {
            assign: None,
            until: date(3, 20),
        };
        let moved = Request::Decide {
            assign: Some((class.clone(), zhitong_domain::Route::LeaderInCharge)),
            until: None,
        };
        let both = Request::Decide {
            assign: Some((class, zhitong_domain::Route::LeaderInCharge)),
            until: date(3, 20),
        };
        // (escalated, who, request, the state after or the refusal's code)
        let table = [
            (true, Role::Clerk, &keep, Err("auth.forbidden")),
            (false, Role::Leader, &keep, Err("state.not_allowed")),
            (true, Role::Leader, &keep, Ok(CaseState::InProgress)),
            (true, Role::Leader, &until, Ok(CaseState::InProgress)),
            (true, Role::Leader, &moved, Ok(CaseState::Assigned)),
            (true, Role::Leader, &both, Err("validation")),
        ];
        for (escalated, by, req, want) in table {
            c.escalated = escalated;
            let got = workflow::plan(&c, facts(&c, by, Rules::default()), req, t(2026, 3, 12, 10));
            match (want, got) {
                (Ok(s), Ok(p)) => {
                    assert_eq!(p.state, s, "{req:?}");
                    assert!(p.end_escalation, "a decision ends the escalation");
                    if req != &keep {
                        assert_eq!(p.supersede, vec![7], "the old limit gives way: {req:?}");
                        assert_eq!(p.add.len(), 1, "{req:?}");
                    } else {
                        assert!(p.add.is_empty() && p.supersede.is_empty());
                    }
                }
                (Err(code), Err(e)) => assert_eq!(e.code(), code, "{escalated} {by:?}: {e}"),
                (w, g) => panic!("{escalated} {by:?} {req:?}: expected {w:?}, got {g:?}"),
            }
        }
    }

    #[test]
    fn lf_000_s3_2_close_waits_for_the_filed_report() {
        let mut c = case(CaseState::Replied);
        c.outcome = Some(Outcome::A);
        c.handling_class = Some("二类".into());
        c.evaluation = Some(Evaluation {
            result: Satisfaction::Satisfied,
            quality: None,
            attitude: None,
            efficiency: None,
            deemed: true,
            at: t(2026, 3, 6, 10),
            comment: String::new(),
        });
        let close = Request::Close { reason: false };
        for (required, filed, ok) in [
            (false, false, true),
            (true, false, false),
            (true, true, true),
        ] {
            let f = Facts {
                filing_required: required,
                filed,
                ..facts(&c, Role::Clerk, Rules::default())
            };
            let got = workflow::plan(&c, f, &close, t(2026, 3, 6, 11));
            assert_eq!(
                got.is_ok(),
                ok,
                "required {required}, filed {filed}: {got:?}"
            );
            if let Err(e) = got {
                assert!(
                    e.to_string().contains("备案") && e.to_string().contains("二类"),
                    "{e}"
                );
            }
        }
    }

    #[test]
    fn zy_003_art10_special_supervision_is_a_leaders_and_sets_a_new_limit() {
        let mut c = case(CaseState::Replied);
        c.outcome = Some(Outcome::A);
        let fallback = Span {
            amount: 5,
            unit: Unit::WorkingDays,
        };
        let req = Request::Reopen {
            until: date(3, 20),
            fallback: Some(fallback),
        };
        let e = workflow::plan(
            &c,
            facts(&c, Role::Clerk, Rules::default()),
            &req,
            t(2026, 3, 6, 11),
        )
        .unwrap_err();
        assert_eq!(e.code(), "auth.forbidden", "a clerk cannot open 专项督办");
        let p = workflow::plan(
            &c,
            facts(&c, Role::Leader, Rules::default()),
            &req,
            t(2026, 3, 6, 11),
        )
        .unwrap();
        assert_eq!(p.state, CaseState::InProgress, "back to the department");
        assert_eq!(
            p.add[0].span,
            Span {
                amount: 14,
                unit: Unit::Days
            },
            "the leader's date is the new limit"
        );
        // 廊坊 四类 has no time limit (000 三(二)4): the leader must set one.
        let e = workflow::plan(
            &c,
            facts(&c, Role::Leader, Rules::default()),
            &Request::Reopen {
                until: None,
                fallback: None,
            },
            t(2026, 3, 6, 11),
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("--until"),
            "a class without a limit asks for the new limit instead of inventing one: {e}"
        );
    }

    #[test]
    fn a_followed_b_reply_is_not_rated_until_a_or_c() {
        let mut c = case(CaseState::Replied);
        c.outcome = Some(Outcome::B);
        let f = facts(&c, Role::Clerk, Rules::default());
        let allowed = workflow::allowed(c.state, f);
        assert!(
            !allowed.contains(&Action::Evaluate) && allowed.contains(&Action::Reply),
            "B waits for its final reply before a rating: {allowed:?}"
        );
        let old = facts(
            &c,
            Role::Clerk,
            Rules {
                b_follow_up: false,
                ..Rules::default()
            },
        );
        assert!(
            workflow::allowed(c.state, old).contains(&Action::Evaluate),
            "the old behaviour rates a B reply"
        );
    }

    fn class(policy: &str, name: &str) -> zhitong_domain::policy::HandlingClass {
        zhitong_domain::Settings::default()
            .policies
            .iter()
            .find(|p| p.name == policy)
            .and_then(|p| p.class(name))
            .cloned()
            .unwrap_or_else(|| panic!("{policy} has {name}"))
    }

    fn assign(policy: &str, name: &str) -> Request {
        Request::Assign {
            reassign: false,
            class: class(policy, name),
            route: zhitong_domain::Route::LeaderInCharge,
        }
    }

    #[test]
    fn jx_002_art10_consultation_counts_from_receipt() {
        // 002 第10条 "接到企业诉求后": 嘉兴 limits start at receipt (the case came in at
        // 09:00); 廊坊 二类/三类 at the assignment (000 三(二)2–3).
        let received = t(2026, 3, 2, 9);
        let accepted = t(2026, 3, 2, 10);
        let assigned = t(2026, 3, 3, 15);
        // (policy, class, clocks at acceptance (their starts), clocks at assignment)
        type Row = (
            &'static str,
            &'static str,
            Vec<zhitong_domain::Instant>,
            Vec<zhitong_domain::Instant>,
        );
        let table: [Row; 6] = [
            ("嘉兴", "咨询类", vec![received], vec![received]),
            ("嘉兴", "专业类", vec![received], vec![received]),
            ("嘉兴", "共性类", vec![received], vec![received]),
            ("廊坊", "二类", vec![], vec![assigned]),
            ("廊坊", "三类", vec![], vec![assigned, assigned]),
            ("廊坊", "四类", vec![], vec![]),
        ];
        for (policy, name, at_accept, at_assign) in table {
            let c = case(CaseState::Registered);
            let p = workflow::plan(
                &c,
                facts(&c, Role::Clerk, Rules::default()),
                &Request::Accept {
                    class: Some(class(policy, name)),
                },
                accepted,
            )
            .unwrap();
            assert_eq!(
                p.class.as_deref(),
                Some(name),
                "{policy} {name}: classified"
            );
            assert_eq!(
                p.add.iter().map(|d| d.start).collect::<Vec<_>>(),
                at_accept,
                "{policy} {name}: the clocks that run on the accepted, unassigned case"
            );
            assert!(p.add.iter().all(|d| !d.of_assignment));
            let mut c = case(CaseState::Accepted);
            c.deadlines = vec![limit(3, t(2026, 3, 3, 23))];
            let p = workflow::plan(
                &c,
                facts(&c, Role::Clerk, Rules::default()),
                &assign(policy, name),
                assigned,
            )
            .unwrap();
            assert_eq!(
                p.add.iter().map(|d| d.start).collect::<Vec<_>>(),
                at_assign,
                "{policy} {name}: each milestone from its own start point"
            );
            assert_eq!(
                p.supersede,
                vec![3],
                "{policy} {name}: the class's milestones replace the clock of the accepted case"
            );
        }
    }

    #[test]
    fn jx_002_art10_an_accepted_case_with_its_limit_is_on_the_workbench_and_goes_overdue() {
        use zhitong_domain::schedule::{self, OpenCase};
        let cal = zhitong_calendar::Calendar::builtin();
        let settings = zhitong_domain::Settings::default();
        let open = |state, due: Option<zhitong_domain::Instant>| OpenCase {
            id: 1,
            reg_no: "企业困难问题〔2026〕第1号".into(),
            enterprise: "宝庄窗业有限公司".into(),
            summary: "咨询".into(),
            state,
            lead: None,
            deadlines: due
                .map(|d| vec![("答复企业".to_string(), d, false)])
                .unwrap_or_default(),
            evaluation_due: None,
            counted_urges: 0,
            last_urge_at: None,
            escalated: false,
            awaiting_rating: false,
            unsatisfied: false,
        };
        let due = t(2026, 3, 3, 23);
        // (now, due, on 待交办, overdue)
        let table = [
            (t(2026, 3, 3, 9), Some(due), true, false),
            (t(2026, 3, 5, 9), Some(due), true, true),
            (t(2026, 3, 5, 9), None, true, false),
        ];
        for (now, due, listed, overdue) in table {
            let a = schedule::agenda(&[open(CaseState::Accepted, due)], &cal, &settings, now);
            assert_eq!(a.awaiting_assignment.len() == 1, listed, "{now}: 待交办");
            assert_eq!(
                a.awaiting_assignment[0].due_at, due,
                "{now}: 待交办 shows the running limit"
            );
            assert_eq!(
                a.overdue.len() == 1,
                overdue,
                "{now}: overdue like any other"
            );
            assert!(
                a.urge_due.is_empty(),
                "{now}: no department to urge before 交办"
            );
            let b = schedule::board(&[open(CaseState::Accepted, due)], &cal, &settings, now);
            assert_eq!(
                b.overdue,
                usize::from(overdue),
                "{now}: on the board when overdue"
            );
        }
    }

    #[test]
    fn lf_000_art3_2_3_the_research_result_is_met_on_its_own() {
        // 000 三(二)3: 48小时内反馈研究结果，能办的5日内办结; 三(二)4: 四类 explains, no time.
        let three = class("廊坊", "三类");
        let four = class("廊坊", "四类");
        assert!(
            four.milestones.is_empty(),
            "四类 has no invented time limit"
        );
        let mut c = case(CaseState::Assigned);
        c.handling_class = Some("三类".into());
        let mut research = limit(11, t(2026, 3, 4, 10));
        research.label = "提出研究结果".into();
        let mut done = limit(12, t(2026, 3, 7, 10));
        done.label = "办结（可解决的）".into();
        c.deadlines = vec![research, done];
        let meet = |milestone: &str, solvable| Request::Meet {
            class: three.clone(),
            milestone: milestone.into(),
            solvable,
            unsolvable: Some(four.clone()),
        };
        // (milestone, solvable, Ok((met, superseded, class after)) or a refusal fragment)
        type Want = Result<(Vec<i64>, Vec<i64>, Option<&'static str>), &'static str>;
        let table: [(&str, Option<bool>, Want); 6] = [
            ("研究结果", Some(true), Ok((vec![11], vec![], None))),
            (
                "提出研究结果",
                Some(false),
                Ok((vec![11], vec![12], Some("四类"))),
            ),
            ("研究结果", None, Err("须说明能否解决")),
            ("办结", Some(true), Err("不需要说明能否解决")),
            ("办结", None, Ok((vec![12], vec![], None))),
            (
                "答复企业",
                None,
                Err("没有“答复企业”这一办理节点，可选：提出研究结果、办结（可解决的）"),
            ),
        ];
        for (m, solvable, want) in table {
            let got = workflow::plan(
                &c,
                facts(&c, Role::Clerk, Rules::default()),
                &meet(m, solvable),
                t(2026, 3, 3, 16),
            );
            match (want, got) {
                (Ok((met, superseded, to)), Ok(p)) => {
                    assert_eq!(p.meet, met, "{m} {solvable:?}: met on its own");
                    assert_eq!(p.supersede, superseded, "{m} {solvable:?}");
                    assert_eq!(p.class.as_deref(), to, "{m} {solvable:?}: class after");
                    assert_eq!(p.state, CaseState::InProgress);
                    assert!(p.add.is_empty(), "{m}: 四类 starts no limit");
                }
                (Err(frag), Err(e)) => assert!(
                    e.to_string().contains(frag),
                    "{m} {solvable:?}: refusal “{e}” should say “{frag}”"
                ),
                (w, g) => panic!("{m} {solvable:?}: expected {w:?}, got {g:?}"),
            }
        }
        c.deadlines[0].met_at = Some(t(2026, 3, 3, 16));
        let e = workflow::plan(
            &c,
            facts(&c, Role::Clerk, Rules::default()),
            &meet("研究结果", Some(true)),
            t(2026, 3, 3, 17),
        )
        .unwrap_err();
        assert!(e.to_string().contains("不能重复记录"), "{e}");
    }
}

#[test]
fn zy_003_art7_the_approver_holds_the_routes_role() {
    use zhitong_domain::{approval, Role, Route, Settings, Staff};
    let person = |id, name: &str, role, title: &str| Staff {
        id,
        name: name.into(),
        role,
        title: title.into(),
        has_pin: false,
        active: true,
        leading_group: false,
        service_office: false,
    };
    let staff = vec![
        person(1, "李建国", Role::Leader, "分管领导"),
        person(2, "陈志强", Role::Leader, "常务副主任"),
        person(3, "王副主任", Role::Leader, "副主任"),
        person(4, "张登记", Role::Clerk, "分管登记"),
    ];
    let by_title = Settings::default();
    let named = Settings {
        approvers_in_charge: vec!["王副主任".into()],
        approvers_executive: vec!["陈志强".into()],
        ..Settings::default()
    };
    // (settings, route, approver, Ok or a fragment of the refusal)
    let table: [(&Settings, Route, &str, Result<(), &str>); 9] = [
        (&by_title, Route::LeaderInCharge, "李建国", Ok(())),
        (&by_title, Route::LeaderInCharge, "陈志强", Ok(())),
        (&by_title, Route::LeaderInCharge, "王副主任", Err("不是分管企业服务领导")),
        (&by_title, Route::LeaderInCharge, "张登记", Err("可审批的有：李建国、陈志强")),
        (&by_title, Route::ExecutiveDeputy, "李建国", Err("不是常务副主任，不能审批此交办（涉及多个部室或情况复杂，由常务副主任审签交办，003 第7条）。可审批的有：陈志强")),
        (&by_title, Route::DistrictLetter, "陈志强", Ok(())),
        (&named, Route::LeaderInCharge, "王副主任", Ok(())),
        (&named, Route::LeaderInCharge, "李建国", Err("可审批的有：陈志强、王副主任")),
        (&named, Route::ExecutiveDeputy, "王副主任", Err("可审批的有：陈志强")),
    ];
    for (settings, route, who, want) in table {
        let got = approval::check(route, who, &staff, settings);
        match (want, got) {
            (Ok(()), Ok(())) => {}
            (Err(frag), Err(e)) => {
                assert_eq!(e.code(), "validation");
                assert!(
                    e.to_string().contains(frag),
                    "{route:?} {who}: “{e}” should say “{frag}”"
                );
            }
            (w, g) => panic!("{route:?} {who}: expected {w:?}, got {g:?}"),
        }
    }
    let nobody =
        approval::check(Route::ExecutiveDeputy, "李建国", &staff[..1], &by_title).unwrap_err();
    assert!(
        nobody.to_string().contains("尚未指定常务副主任"),
        "{nobody}"
    );
}

#[test]
fn the_workbench_gets_every_list_of_the_agenda_cut_to_its_first_items() {
    use zhitong_domain::schedule::{Agenda, AgendaItem, AgendaSection, Level};
    let item = |id: i64| AgendaItem {
        case_id: id,
        reg_no: format!("企业困难问题〔2026〕第{id}号"),
        enterprise: "重庆宏达机械有限公司".into(),
        summary: "厂区频繁停电".into(),
        state: CaseState::Assigned,
        lead: Some("供电所".into()),
        deadline: None,
        due_at: None,
        provisional: false,
        overdue_working_days: 0,
        working_days_left: 1,
        urges: 0,
        escalated: false,
        level: Level::Green,
        text: "剩 1 个工作日".into(),
        decision: None,
    };
    // Every list of the agenda, found from its serialized form, gets three items.
    let mut full = serde_json::to_value(Agenda::default()).unwrap();
    let lists: Vec<String> = full
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, v)| v.is_array())
        .map(|(k, _)| k.clone())
        .collect();
    assert!(lists.len() >= 12, "the agenda's lists: {lists:?}");
    for k in &lists {
        full[k] = serde_json::to_value(vec![item(1), item(2), item(3)]).unwrap();
    }
    let agenda: Agenda = serde_json::from_value(full).unwrap();
    let head = serde_json::to_value(agenda.clone().head(2)).unwrap();
    for k in &lists {
        assert_eq!(
            head[k]["total"], 3,
            "{k}: the window is told how many the list holds (显示全部 N 件)"
        );
        let ids: Vec<i64> = head[k]["items"]
            .as_array()
            .unwrap_or_else(|| panic!("{k} is missing from the 工作台's head"))
            .iter()
            .map(|i| i["case_id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, [1, 2], "{k}: the first items, most urgent first");
        let section: AgendaSection = serde_json::from_value(serde_json::json!(k))
            .unwrap_or_else(|e| panic!("显示全部 cannot ask for {k}: {e}"));
        assert_eq!(
            agenda.clone().into_section(section).len(),
            3,
            "{k}: 显示全部 gets the whole list"
        );
    }
}
