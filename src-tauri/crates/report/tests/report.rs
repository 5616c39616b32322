//! Integration tests of zhitong-report over a real ledger built through the store's API
//! with explicit times: period figures against hand-computed values (boundaries at
//! midnight, cases spanning periods, deemed satisfaction), search for two-character
//! Chinese words, export → import round trips, bad-row imports that change nothing, and
//! the PDF/XLSX outputs; `ledgers` imports hand-kept workbooks end to end.

mod ledgers;

use chrono::{DateTime, FixedOffset, NaiveDate};
use zhitong_domain::{ContactInput, EnterpriseInput, NewCase, Outcome, RejectReason, Satisfaction};
use zhitong_report::summary::{percent, UNASSIGNED};
use zhitong_report::{
    export, import::import_file, ledger_rows, summarize, ColumnMapping, LedgerFile, Period,
    PeriodKind,
};
use zhitong_store::{
    AssignInput, CaseQuery, EvaluateInput, ImportOptions, Ledger, Operator, RejectInput,
    ReplyInput, UrgeInput,
};

type T = DateTime<FixedOffset>;

fn at(s: &str) -> T {
    DateTime::parse_from_rfc3339(&format!("{s}+08:00")).expect("test time")
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

fn clerk() -> Operator {
    Operator {
        name: "张登记".into(),
        role: zhitong_domain::Role::Clerk,
    }
}

fn leader() -> Operator {
    Operator {
        name: "李主任".into(),
        role: zhitong_domain::Role::Leader,
    }
}

struct Reg<'a> {
    received: &'a str,
    enterprise: &'a str,
    nature: &'a str,
    channel: &'a str,
    category: &'a str,
    text: &'a str,
    phone: &'a str,
}

fn register(l: &mut Ledger, r: Reg<'_>) -> i64 {
    let t = at(r.received);
    let case = NewCase {
        received_at: t,
        channel: r.channel.into(),
        nature: r.nature.into(),
        category: r.category.into(),
        summary: String::new(),
        description: r.text.into(),
        wanted_department: String::new(),
        screening_opinion: String::new(),
        enterprise: EnterpriseInput {
            name: r.enterprise.into(),
            credit_code: String::new(),
            address: "园区大道1号".into(),
        },
        contact: ContactInput {
            name: "王经理".into(),
            title: "办公室主任".into(),
            phone: r.phone.into(),
            email: String::new(),
        },
    };
    l.register(&case, &clerk(), t).expect("register").id
}

fn assign(l: &mut Ledger, id: i64, lead: &str, class: &str, when: &str) {
    l.accept(id, "", &clerk(), at(when)).expect("accept");
    let input = AssignInput {
        lead: lead.into(),
        handling_class: class.into(),
        ..Default::default()
    };
    l.assign(id, &input, &clerk(), at(when)).expect("assign");
}

fn reply(l: &mut Ledger, id: i64, o: Outcome, when: &str) {
    let input = ReplyInput {
        way: "电话".into(),
        text: "已协调解决".into(),
        outcome: o,
        outcome_reason: if o == Outcome::C {
            "受国家政策限制".into()
        } else {
            String::new()
        },
        until: None,
    };
    l.reply(id, &input, &clerk(), at(when)).expect("reply");
}

fn evaluate(l: &mut Ledger, id: i64, s: Satisfaction, stars: [u8; 3], when: &str) {
    let input = EvaluateInput {
        result: s,
        quality: Some(stars[0]),
        attitude: Some(stars[1]),
        efficiency: Some(stars[2]),
        comment: String::new(),
    };
    l.evaluate(id, &input, &clerk(), at(when))
        .expect("evaluate");
}

/// The hand-computed ledger. March 2026 has no holidays; 1 March is a Sunday.
///
/// | case | received | what happens |
/// |---|---|---|
/// | C1 | 02-28 23:59 (Feb) | 财政金融部 专业类 03-02, reply A 03-05, 满意 5/5/4 03-06, closed 03-06 |
/// | C2 | 03-01 00:00 (boundary, March) | 经济发展部 咨询类 03-02 (due 03-03), reply A 03-10 (late), deemed 03-17, closed 03-17 |
/// | C3 | 03-31 23:59:59 | registered only |
/// | C4 | 04-01 00:00 (April) | registered only |
/// | C5 | 03-05 | rejected |
/// | C6 | 03-10 | 规划建设部 咨询类 (due 03-11), urged 03-12, 03-13, 03-16 → escalated; overdue |
/// | C7 | 03-12 | 经济发展部 专业类, reply C 03-13, 不满意 2/3/2 03-16 |
/// | C8 | 03-20 | voided |
/// | C9 | 2025-03-15 | registered only (same period last year) |
fn ledger() -> (Ledger, [i64; 9]) {
    let mut l = Ledger::open_in_memory().expect("ledger");
    l.init(at("2025-01-01T08:00:00")).expect("init");
    let reg = |l: &mut Ledger, when, ent, nature, channel, category, text, phone| {
        register(
            l,
            Reg {
                received: when,
                enterprise: ent,
                nature,
                channel,
                category,
                text,
                phone,
            },
        )
    };
    let c9 = reg(
        &mut l,
        "2025-03-15T10:00:00",
        "九号科技有限公司",
        "求助",
        "热线电话",
        "融资服务",
        "贷款贴息申请进度。",
        "13800000009",
    );
    let c1 = reg(
        &mut l,
        "2026-02-28T23:59:00",
        "一号机械有限公司",
        "求助",
        "微信",
        "融资服务",
        "申请技改贷款贴息。",
        "13800000001",
    );
    let c2 = reg(
        &mut l,
        "2026-03-01T00:00:00",
        "二号电子有限公司",
        "咨询",
        "热线电话",
        "用电保障",
        "企业用电负荷不足，新产线无法投产，请协调扩容。",
        "023-79429601",
    );
    let c5 = reg(
        &mut l,
        "2026-03-05T09:00:00",
        "五号贸易有限公司",
        "投诉",
        "来函",
        "其它",
        "与供应商合同纠纷。",
        "13800000005",
    );
    let c6 = reg(
        &mut l,
        "2026-03-10T09:00:00",
        "六号材料有限公司",
        "求助",
        "现场窗口",
        "用地审批",
        "厂房扩建用地审批进度慢。",
        "13800000006",
    );
    let c7 = reg(
        &mut l,
        "2026-03-12T09:00:00",
        "七号食品有限公司",
        "求助",
        "热线电话",
        "人才服务",
        "人才公寓申请。",
        "13800000007",
    );
    let c8 = reg(
        &mut l,
        "2026-03-20T09:00:00",
        "八号物流有限公司",
        "建议",
        "微信",
        "其它",
        "误登记。",
        "13800000008",
    );
    let c3 = reg(
        &mut l,
        "2026-03-31T23:59:59",
        "三号化工有限公司",
        "求助",
        "电子邮件",
        "用水保障",
        "用水压力不足。",
        "13800000003",
    );
    let c4 = reg(
        &mut l,
        "2026-04-01T00:00:00",
        "四号纺织有限公司",
        "建议",
        "微信",
        "软环境建设",
        "建议增开公交线路。",
        "13800000004",
    );

    assign(&mut l, c1, "财政金融部", "专业类", "2026-03-02T09:00:00");
    reply(&mut l, c1, Outcome::A, "2026-03-05T15:00:00");
    evaluate(
        &mut l,
        c1,
        Satisfaction::Satisfied,
        [5, 5, 4],
        "2026-03-06T10:00:00",
    );
    l.close(c1, "", &clerk(), at("2026-03-06T11:00:00"))
        .expect("close c1");

    assign(&mut l, c2, "经济发展部", "咨询类", "2026-03-02T09:00:00");
    l.progress(
        c2,
        "已联系国网区供电公司现场勘查",
        false,
        &clerk(),
        at("2026-03-04T10:00:00"),
    )
    .expect("progress");
    reply(&mut l, c2, Outcome::A, "2026-03-10T16:00:00");
    l.deem_satisfied(c2, at("2026-03-17T09:00:00"))
        .expect("deem");
    l.close(c2, "", &clerk(), at("2026-03-17T10:00:00"))
        .expect("close c2");

    l.reject(
        c5,
        &RejectInput {
            reason: Some(RejectReason::Litigation),
            detail: "属合同纠纷，应通过诉讼解决".into(),
            told: "电话告知企业".into(),
        },
        &clerk(),
        at("2026-03-05T10:00:00"),
    )
    .expect("reject");

    assign(&mut l, c6, "规划建设部", "咨询类", "2026-03-10T10:00:00");
    for when in [
        "2026-03-12T09:00:00",
        "2026-03-13T09:00:00",
        "2026-03-16T09:00:00",
    ] {
        let u = UrgeInput {
            way: "电话".into(),
            content: "请抓紧办理".into(),
        };
        l.urge(c6, &u, &clerk(), at(when)).expect("urge");
    }

    assign(&mut l, c7, "经济发展部", "专业类", "2026-03-12T10:00:00");
    reply(&mut l, c7, Outcome::C, "2026-03-13T10:00:00");
    evaluate(
        &mut l,
        c7,
        Satisfaction::Unsatisfied,
        [2, 3, 2],
        "2026-03-16T10:00:00",
    );

    l.void(c8, "重复登记", &clerk(), at("2026-03-20T10:00:00"))
        .expect("void");
    let _ = leader();
    (l, [c1, c2, c3, c4, c5, c6, c7, c8, c9])
}

const NOW: &str = "2026-04-02T10:00:00";

#[test]
fn periods_have_midnight_boundaries_and_comparable_neighbours() {
    let cases: Vec<(Period, PeriodKind, &str, &str, &str, &str, &str)> = vec![
        // period, kind, from, to, label, previous.from, last_year.from
        (
            Period::month(2026, 3).unwrap(),
            PeriodKind::Month,
            "2026-03-01",
            "2026-04-01",
            "2026年3月",
            "2026-02-01",
            "2025-03-01",
        ),
        (
            Period::quarter(2026, 1).unwrap(),
            PeriodKind::Quarter,
            "2026-01-01",
            "2026-04-01",
            "2026年第1季度",
            "2025-10-01",
            "2025-01-01",
        ),
        (
            Period::year(2026).unwrap(),
            PeriodKind::Year,
            "2026-01-01",
            "2027-01-01",
            "2026年",
            "2025-01-01",
            "2025-01-01",
        ),
        (
            Period::week(d("2026-03-01")),
            PeriodKind::Week,
            "2026-02-23",
            "2026-03-02",
            "2026年第9周（2月23日—3月1日）",
            "2026-02-16",
            "2025-02-17",
        ),
        (
            Period::between(d("2026-03-01"), d("2026-03-16")).unwrap(),
            PeriodKind::Custom,
            "2026-03-01",
            "2026-03-16",
            "2026年3月1日至3月15日",
            "2026-02-14",
            "2025-03-01",
        ),
        (
            Period::between(d("2026-03-01"), d("2026-04-01")).unwrap(),
            PeriodKind::Month,
            "2026-03-01",
            "2026-04-01",
            "2026年3月",
            "2026-02-01",
            "2025-03-01",
        ),
        (
            Period::parse("2026-Q4").unwrap(),
            PeriodKind::Quarter,
            "2026-10-01",
            "2027-01-01",
            "2026年第4季度",
            "2026-07-01",
            "2025-10-01",
        ),
    ];
    for (p, kind, from, to, label, prev, last) in cases {
        assert_eq!(p.kind, kind, "{label}: kind");
        assert_eq!((p.from, p.to), (d(from), d(to)), "{label}: [from, to)");
        assert_eq!(p.label(), label, "label of {from}..{to}");
        assert_eq!(
            p.previous().from,
            d(prev),
            "{label}: previous period starts"
        );
        assert_eq!(
            p.previous().to,
            p.from,
            "{label}: previous period ends where this one starts"
        );
        assert_eq!(
            p.same_period_last_year().from,
            d(last),
            "{label}: same period last year"
        );
        assert_eq!(
            p.start().to_rfc3339(),
            format!("{from}T00:00:00+08:00"),
            "{label}: starts at midnight +08:00"
        );
    }
    assert!(
        Period::between(d("2026-03-02"), d("2026-03-02")).is_err(),
        "an empty period is refused"
    );
}

/// 001: "已累计受理企业咨询、诉求、建议180件，其中解决企业诉求类52件，…答复解决满意率达100%".
/// Each nature carries what was received, closed and resolved (办理结果 A类), and the
/// report says it in 001's words.
#[test]
fn n001_resolved_requests_are_counted_by_nature_and_said_in_the_notice_words() {
    let (l, _) = ledger();
    let s = summarize(&l, Period::month(2026, 3).unwrap(), at(NOW)).expect("summary");
    let rows: Vec<(&str, i64, i64, i64)> = s
        .by_nature
        .iter()
        .map(|n| (n.name.as_str(), n.received, n.closed, n.resolved))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("咨询", 1, 1, 1),
            ("求助", 3, 1, 1),
            ("投诉", 1, 0, 0),
            ("建议", 0, 0, 0),
        ],
        "received in March: C2 咨询, C3/C6/C7 求助, C5 投诉; closed in March with A: C2 \
         (咨询) and C1 (求助, received in February); in the settings' order"
    );
    assert_eq!(
        s.headline,
        "2026年3月，受理企业咨询、求助、投诉共5件，其中解决企业咨询、求助类2件，答复解决满意率66.7%。",
        "001's sentence from the by-nature figures and the satisfaction rate"
    );
    let empty = summarize(&l, Period::month(2026, 5).unwrap(), at(NOW)).expect("summary");
    assert_eq!(
        empty.headline, "2026年5月，未受理企业诉求。",
        "a period without cases says so instead of 0件"
    );
}

#[test]
fn march_figures_match_the_hand_computed_ledger() {
    let (l, _) = ledger();
    let s = summarize(&l, Period::month(2026, 3).unwrap(), at(NOW)).expect("summary");
    let checks: Vec<(&str, String, String)> = vec![
        ("received: C2 (midnight 1 March), C3 (23:59:59 on 31 March), C5, C6, C7; not C1 (Feb), C4 (April), C8 (void)", s.received.to_string(), "5".into()),
        ("accepted of the received: C2, C6, C7", s.accepted.to_string(), "3".into()),
        ("rejected: C5", s.rejected.to_string(), "1".into()),
        ("undecided: C3", s.undecided.to_string(), "1".into()),
        ("accepted and now closed: C2", s.accepted_closed.to_string(), "1".into()),
        ("办结率 = 1 ÷ 3", percent(s.completion_rate), "33.3%".into()),
        ("closed in March: C1 (received in Feb) and C2", s.closed.to_string(), "2".into()),
        ("closed on time: C1 only (C2 replied 03-10, due 03-03)", s.closed_on_time.to_string(), "1".into()),
        ("按期办结率 = 1 ÷ 2", percent(s.on_time_rate), "50.0%".into()),
        ("overdue at now: C6 (C7 is replied with C, deadline met)", s.overdue_now.to_string(), "1".into()),
        ("avg handling: C1 4 working days (02-28→03-05), C2 7 (03-01→03-10)", format!("{:.2}", s.avg_handling_working_days.unwrap_or(-1.0)), "5.50".into()),
        ("urges in March: 3 on C6", s.urges.to_string(), "3".into()),
        ("counted urges: overdue, one per working day", s.counted_urges.to_string(), "3".into()),
        ("escalations: C6 after the third counted urge", s.escalations.to_string(), "1".into()),
        ("outcomes by reply in March: A = C1, C2; C = C7", format!("{}/{}/{}", s.outcomes.a, s.outcomes.b, s.outcomes.c), "2/0/1".into()),
        ("real ratings: C1 满意, C7 不满意", format!("{}/{}/{}/{}", s.evaluated, s.satisfied, s.average, s.unsatisfied), "2/1/0/1".into()),
        ("deemed: C2", s.deemed.to_string(), "1".into()),
        ("满意率 with deemed = (1 + 1) ÷ (2 + 1)", percent(s.satisfaction_rate), "66.7%".into()),
        ("满意率 of real ratings = 1 ÷ 2", percent(s.satisfaction_rate_rated), "50.0%".into()),
        ("stars: quality (5+2)/2, attitude (5+3)/2, efficiency (4+2)/2", format!("{:?}/{:?}/{:?}", s.stars.quality, s.stars.attitude, s.stars.efficiency), "Some(3.5)/Some(4.0)/Some(3.0)".into()),
        ("overall stars 21 ÷ 6", format!("{:?}", s.stars.overall), "Some(3.5)".into()),
        ("previous period (Feb): C1 received", s.comparisons[0].received.to_string(), "1".into()),
        ("same period last year: C9 received", s.comparisons[1].received.to_string(), "1".into()),
    ];
    for (why, got, want) in checks {
        assert_eq!(got, want, "{why}");
    }
    let count = |list: &[zhitong_report::Count], name: &str| {
        list.iter().find(|c| c.name == name).map_or(0, |c| c.count)
    };
    for (why, got, want) in [
        (
            "by nature 咨询: C2",
            count(&s.received_by_nature(), "咨询"),
            1,
        ),
        (
            "by nature 求助: C3, C6, C7",
            count(&s.received_by_nature(), "求助"),
            3,
        ),
        (
            "by channel 热线电话: C2, C7",
            count(&s.by_channel, "热线电话"),
            2,
        ),
        (
            "by category 用电保障: C2",
            count(&s.by_category, "用电保障"),
            1,
        ),
        (
            "by department 经济发展部: C2, C7",
            count(&s.by_department, "经济发展部"),
            2,
        ),
        (
            "by department 未交办: C3, C5",
            count(&s.by_department, UNASSIGNED),
            2,
        ),
        (
            "by department 规划建设部: C6",
            count(&s.by_department, "规划建设部"),
            1,
        ),
    ] {
        assert_eq!(got, want, "{why}");
    }
    let ranking: Vec<(u32, &str, String, String, i64)> = s
        .departments
        .iter()
        .map(|d| {
            (
                d.rank,
                d.name.as_str(),
                percent(d.on_time_rate),
                percent(d.satisfaction_rate),
                d.urges,
            )
        })
        .collect();
    assert_eq!(
        ranking,
        vec![
            (
                1,
                "财政金融部",
                "100.0%".to_string(),
                "100.0%".to_string(),
                0
            ),
            (2, "经济发展部", "0.0%".to_string(), "50.0%".to_string(), 0),
            (3, "规划建设部", "—".to_string(), "—".to_string(), 3),
        ],
        "ranking by on-time rate, then satisfaction (deemed counts as satisfied), then urges"
    );
    let notice: Vec<(&str, &str, i64)> = s
        .notice
        .iter()
        .map(|n| (n.department.as_str(), n.problem.as_str(), n.urges))
        .collect();
    assert_eq!(
        notice,
        vec![
            ("经济发展部", "企业评价不满意", 0),
            ("规划建设部", "逾期未办结", 3)
        ],
        "the notice lists C7 (unsatisfied) and C6 (overdue)"
    );
    assert!(
        s.notice[1].overdue_days > 0 && s.notice[1].escalated,
        "C6 is overdue and escalated"
    );
    let named: Vec<(&str, bool)> = s
        .notice
        .iter()
        .map(|n| {
            (
                n.enterprise.as_str(),
                n.summary.contains("申请") || n.summary.contains("用地"),
            )
        })
        .collect();
    assert_eq!(
        named,
        vec![("七号食品有限公司", true), ("六号材料有限公司", true)],
        "a notice entry names the enterprise and its problem"
    );
    let json = serde_json::to_value(&s).expect("Summary serialises for the UI");
    assert_eq!(
        json["received"], 5,
        "the serialised summary carries the figures"
    );
}

/// 003 第11条 and 000 四: the 通报 names units (久拖不办, 不认真办理). The printed report
/// names every unit with its counts and lists at most `notice_cases_per_unit` of its
/// cases, longest overdue first; the summary (and its workbook) keeps every case.
#[test]
fn jx_003_art11_the_notice_names_every_unit_and_lists_its_longest_overdue_cases() {
    let (l, _) = ledger();
    let mut s = summarize(&l, Period::month(2026, 3).unwrap(), at(NOW)).expect("summary");
    assert_eq!(
        s.notice_cases_per_unit, 10,
        "the default lists ten cases per unit"
    );
    let overdue = s
        .notice
        .iter()
        .find(|n| n.problem == "逾期未办结")
        .cloned()
        .expect("the fixture has an overdue case");
    let unhappy = s
        .notice
        .iter()
        .find(|n| n.problem == "企业评价不满意")
        .cloned()
        .expect("the fixture has an unsatisfied case");
    let entry = |unit: &str, days: i64, escalated: bool| {
        let mut n = if days > 0 {
            overdue.clone()
        } else {
            unhappy.clone()
        };
        n.department = unit.into();
        n.overdue_days = days;
        n.escalated = escalated;
        n
    };
    // As summarize sorts them: by unit, then longest overdue first.
    s.notice = vec![
        entry("甲部", 30, true),
        entry("甲部", 12, false),
        entry("甲部", 5, true),
        entry("甲部", 0, false),
        entry("乙部", 0, false),
        entry("丙部", 2, false),
    ];
    let unit = |d: &str| -> &'static str {
        match d {
            "甲部" => "甲部",
            "乙部" => "乙部",
            _ => "丙部",
        }
    };
    let units: Vec<(&str, i64, i64, i64, i64)> = s
        .notice_units()
        .into_iter()
        .map(|u| {
            (
                unit(&u.department),
                u.overdue,
                u.unsatisfied,
                u.longest_overdue_days,
                u.escalated,
            )
        })
        .collect();
    assert_eq!(
        units,
        vec![
            ("甲部", 3, 1, 30, 2),
            ("乙部", 0, 1, 0, 0),
            ("丙部", 1, 0, 2, 0)
        ],
        "every unit is named with its overdue, 不满意, longest overdue and escalated counts"
    );
    let cases: [(u32, &[(&str, i64)], &str); 3] = [
        (
            2,
            &[
                ("甲部", 30),
                ("甲部", 12),
                ("甲部", 0),
                ("乙部", 0),
                ("丙部", 2),
            ],
            "two per unit: 甲部 shows its two longest overdue and its 不满意 case",
        ),
        (
            0,
            &[
                ("甲部", 30),
                ("甲部", 12),
                ("甲部", 5),
                ("甲部", 0),
                ("乙部", 0),
                ("丙部", 2),
            ],
            "0 lists every case",
        ),
        (
            1,
            &[("甲部", 30), ("甲部", 0), ("乙部", 0), ("丙部", 2)],
            "every 不满意 case is listed even at one overdue case per unit",
        ),
    ];
    for (per_unit, listed, why) in cases {
        s.notice_cases_per_unit = per_unit;
        let shown: Vec<(&str, i64)> = s
            .notice_listed()
            .into_iter()
            .map(|n| (unit(&n.department), n.overdue_days))
            .collect();
        assert_eq!(shown, listed.to_vec(), "{why}");
    }
    // The printed report draws the capped list and still renders.
    if let Ok(fonts) = zhitong_print::Fonts::load_system() {
        s.notice_cases_per_unit = 1;
        let pdf = zhitong_report::pdf::render(&s, &fonts, d("2026-04-02"), "企业服务中心")
            .expect("the report with a capped notice renders");
        assert!(pdf.starts_with(b"%PDF"), "a PDF file");
    }
}

#[test]
fn a_week_across_the_month_boundary_counts_both_sides() {
    let (l, _) = ledger();
    let s = summarize(&l, Period::week(d("2026-03-01")), at(NOW)).expect("summary");
    assert_eq!(
        s.received, 2,
        "C1 (Sat 28 Feb 23:59) and C2 (Sun 1 Mar 00:00) are in the week 23 Feb–1 Mar"
    );
    let s = summarize(&l, Period::week(d("2026-03-02")), at(NOW)).expect("summary");
    assert_eq!(
        s.received, 1,
        "the next week has C5 only (C2 at midnight belongs to the week before)"
    );
    let s = summarize(&l, Period::month(2026, 4).unwrap(), at(NOW)).expect("summary");
    assert_eq!(s.received, 1, "April has C4 received at midnight 1 April");
    assert_eq!(
        s.comparisons[0].received, 5,
        "April's previous period is March"
    );
}

#[test]
fn the_comparison_figures_are_those_of_the_compared_period_itself() {
    // 上期 and 去年同期 are counted by SQLite; the period's own figures by the summary.
    // Both must say the same of the same period, on a ledger with every workflow state.
    let mut l = Ledger::open_in_memory().expect("ledger");
    let now = at("2026-06-15T10:00:00");
    l.init(now).expect("settings and departments");
    l.fill_demo(600, 7, 2, now).expect("demo ledger");
    l.tick(now).expect("tick");
    let mut seen = (0, 0, 0);
    for period in [
        Period::week(d("2026-06-08")),
        Period::month(2026, 5).unwrap(),
        Period::month(2026, 3).unwrap(),
        Period::quarter(2026, 1).unwrap(),
        Period::year(2025).unwrap(),
    ] {
        let s = summarize(&l, period, now).expect("summary");
        for c in &s.comparisons {
            let own = summarize(&l, c.period, now).expect("summary of the compared period");
            let got = (
                c.received,
                c.accepted,
                c.closed,
                c.completion_rate,
                c.on_time_rate,
                c.satisfaction_rate,
                c.urges,
                c.escalations,
            );
            let want = (
                own.received,
                own.accepted,
                own.closed,
                own.completion_rate,
                own.on_time_rate,
                own.satisfaction_rate,
                own.urges,
                own.escalations,
            );
            assert_eq!(
                got, want,
                "{} of {}: a comparison shows the compared period's own figures",
                c.label, s.period_label
            );
            if period.kind != PeriodKind::Week {
                assert!(
                    own.received > 0,
                    "{}: the ledger has cases there, so the comparison is not vacuous",
                    own.period_label
                );
            }
            seen.0 += own.closed;
            seen.1 += own.urges;
            seen.2 += own.evaluated + own.deemed;
        }
    }
    assert!(
        seen.0 > 0 && seen.1 > 0 && seen.2 > 0,
        "the compared periods have closings, urges and evaluations to count: {seen:?}"
    );
}

#[test]
fn search_finds_two_character_chinese_words_with_snippets() {
    let (l, [_, c2, c3, _, _, c6, ..]) = ledger();
    let ids = |q: &str| -> Vec<i64> {
        l.search(q, 0)
            .expect("search")
            .iter()
            .map(|h| h.row.id)
            .collect()
    };
    let table: Vec<(&str, Vec<i64>, &str)> = vec![
        ("用电", vec![c2], "two-character word in the description"),
        ("用水", vec![c3], "another two-character word, not C2"),
        ("扩容", vec![c2], "word at the end of a sentence"),
        (
            "供电公司",
            vec![c2],
            "four characters found in a progress note",
        ),
        ("六号材料", vec![c6], "enterprise name"),
        ("79429601", vec![c2], "phone digits"),
        ("用电 扩容", vec![c2], "every term must occur"),
        ("用电 公交", vec![], "one term missing → no hit"),
        ("电用", vec![], "characters in the wrong order do not match"),
    ];
    for (q, want, why) in table {
        assert_eq!(ids(q), want, "search “{q}”: {why}");
    }
    let hits = l.search("用电", 0).expect("search");
    let m = &hits[0].matched;
    assert!(
        m.iter()
            .any(|f| f.field == "问题描述" && f.snippet.iter().any(|p| p.hit && p.text == "用电")),
        "the snippet highlights 用电 in the description: {m:?}"
    );
    let reg = l.case(c6).expect("case").reg_no;
    assert_eq!(ids(&reg), vec![c6], "search by the full 登记编号");
}

fn ledger_texts(l: &Ledger) -> Vec<Vec<String>> {
    let q = CaseQuery {
        states: zhitong_domain::CaseState::ALL
            .into_iter()
            .filter(|s| *s != zhitong_domain::CaseState::Void)
            .collect(),
        ..Default::default()
    };
    ledger_rows(l, &q, at(NOW), &mut |_, _| {})
        .expect("rows")
        .iter()
        .map(|r| r.cells().iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn an_exported_ledger_reimported_into_an_empty_ledger_gives_the_same_cases() {
    let (l, _) = ledger();
    let dir = tempfile::tempdir().expect("tempdir");
    let q = CaseQuery {
        states: zhitong_domain::CaseState::ALL
            .into_iter()
            .filter(|s| *s != zhitong_domain::CaseState::Void)
            .collect(),
        ..Default::default()
    };
    let before = ledger_texts(&l);
    assert_eq!(before.len(), 8, "eight cases that are not void");
    for name in ["ledger.csv", "ledger.xlsx"] {
        let path = dir.path().join(name);
        let mut calls = 0;
        let file = if name.ends_with("csv") {
            LedgerFile::Csv
        } else {
            LedgerFile::Xlsx
        };
        let n = export(&l, &q, at(NOW), &path, file, &mut |_, _| calls += 1).expect("export");
        assert_eq!(
            (n, calls),
            (8, 8),
            "{name}: 8 cases written, progress reported per case"
        );
        let mut l2 = Ledger::open_in_memory().expect("ledger");
        l2.init(at("2025-01-01T08:00:00")).expect("init");
        let table = zhitong_report::read_table(&path, None, None).expect("read");
        let bytes = std::fs::read(&path).expect("bytes");
        assert_eq!(
            zhitong_report::import::read_table_bytes(&bytes, name, None, None).expect("bytes"),
            table,
            "{name}: reading the bytes gives the same table as reading the file"
        );
        let mapping = ColumnMapping::guess(&table.headers);
        assert_eq!(
            mapping.columns.len(),
            20,
            "{name}: every exported column is recognised: {:?}",
            mapping.columns
        );
        let report = import_file(
            &mut l2,
            &path,
            &mapping,
            &ImportOptions::default(),
            &clerk(),
            at(NOW),
            &mut |_, _| {},
        )
        .expect("import");
        assert_eq!(
            (report.imported, report.bad.len(), report.committed),
            (8, 0, true),
            "{name}: {:?}",
            report.bad
        );
        let after = ledger_texts(&l2);
        for (a, b) in before.iter().zip(&after) {
            assert_eq!(
                a, b,
                "{name}: the re-imported case exports to the same cells"
            );
        }
        assert_eq!(before.len(), after.len(), "{name}: same number of cases");
        let again = import_file(
            &mut l2,
            &path,
            &mapping,
            &ImportOptions::default(),
            &clerk(),
            at(NOW),
            &mut |_, _| {},
        )
        .expect("import again");
        assert_eq!(
            (again.imported, again.existing.len()),
            (0, 8),
            "{name}: re-importing the same file duplicates nothing"
        );
        let events = l2.scalar("SELECT COUNT(*) FROM events WHERE action = 'import'");
        assert_eq!(events, 8, "{name}: each imported case has its import event");
        assert_eq!(
            l2.search("用电", 0).expect("search").len(),
            1,
            "{name}: imported cases are searchable"
        );
    }
}

fn count(l: &Ledger, table: &str) -> i64 {
    l.scalar(&format!("SELECT COUNT(*) FROM {table}"))
}

#[test]
fn an_import_with_bad_rows_reports_each_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("旧台账.csv");
    let text = "序号说明\r\n\
        反映时间,企业名称,联系人,联系电话,问题类别,反映问题,责任单位,办理结果\r\n\
        2026-03-02 09:00,甲公司,张三,13800000001,用电保障,企业用电报装慢,经济发展部,\r\n\
        2026-03-03,乙公司,李四,12345,用电保障,道路积水,,\r\n\
        2026/13/40,丙公司,王五,13800000003,不存在的类别,\"噪声,扰民\",不存在的部门,\r\n\
        2026-03-04,丁公司,赵六,13800000004,其它,办证咨询,经济发展部,好了\r\n";
    // GB18030, as Excel on a Chinese Windows saves CSV.
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    std::fs::write(&path, &bytes).expect("write");
    let mut l = Ledger::open_in_memory().expect("ledger");
    l.init(at("2026-01-01T08:00:00")).expect("init");
    let table = zhitong_report::read_table(&path, None, None).expect("read");
    assert_eq!(
        table.header_row, 2,
        "the title line above the header is skipped"
    );
    let mapping = ColumnMapping::guess(&table.headers);
    let preview = zhitong_report::preview(&table, &mapping, 2);
    assert!(
        preview.problems.is_empty(),
        "guessed mapping is complete: {:?}",
        preview.problems
    );
    assert_eq!(preview.total_rows, 4, "four data rows");
    let before = (
        count(&l, "cases"),
        count(&l, "events"),
        count(&l, "enterprises"),
    );
    let mut progress = Vec::new();
    let report = import_file(
        &mut l,
        &path,
        &mapping,
        &ImportOptions::default(),
        &clerk(),
        at(NOW),
        &mut |a, b| progress.push((a, b)),
    )
    .expect("import");
    assert!(!report.committed, "bad rows stop the whole import");
    assert_eq!(
        progress.last(),
        Some(&(4, 4)),
        "progress reaches the last row"
    );
    let rows: Vec<usize> = report.bad.iter().map(|b| b.row_number).collect();
    assert_eq!(
        rows,
        vec![4, 5, 6],
        "every bad row is reported by its row number in the file"
    );
    let reasons = |n: usize| {
        report
            .bad
            .iter()
            .find(|b| b.row_number == n)
            .unwrap()
            .reasons
            .join("；")
    };
    for (row, needle, why) in [
        (4, "手机号", "bad phone"),
        (5, "不是可识别的日期", "impossible date"),
        (5, "不存在的类别", "category not in settings"),
        (5, "不存在的部门", "unknown department"),
        (6, "A类", "result without A/B/C"),
    ] {
        assert!(
            reasons(row).contains(needle),
            "row {row} ({why}): {}",
            reasons(row)
        );
    }
    assert_eq!(
        before,
        (
            count(&l, "cases"),
            count(&l, "events"),
            count(&l, "enterprises")
        ),
        "nothing was written"
    );

    let dry = import_file(
        &mut l,
        &path,
        &mapping,
        &ImportOptions {
            dry_run: true,
            skip_bad: true,
            ..Default::default()
        },
        &clerk(),
        at(NOW),
        &mut |_, _| {},
    )
    .expect("dry run");
    assert_eq!(
        (dry.imported, dry.bad.len(), dry.committed),
        (1, 3, false),
        "dry run reports the same and writes nothing"
    );
    assert_eq!(before.0, count(&l, "cases"), "dry run wrote nothing");

    let opts = ImportOptions {
        skip_bad: true,
        ..Default::default()
    };
    let skip = import_file(
        &mut l,
        &path,
        &mapping,
        &opts,
        &clerk(),
        at(NOW),
        &mut |_, _| {},
    )
    .expect("skip bad");
    assert_eq!(
        (skip.imported, skip.committed),
        (1, true),
        "the good row is imported when bad rows are skipped"
    );
    let again = import_file(
        &mut l,
        &path,
        &mapping,
        &opts,
        &clerk(),
        at(NOW),
        &mut |_, _| {},
    )
    .expect("again");
    assert_eq!(
        (again.imported, again.existing.len()),
        (0, 1),
        "the row without 登记编号 is recognised by its hash"
    );
    assert_eq!(count(&l, "cases"), 1, "one case in all");
    let case = l
        .case_by_ref("企业困难问题〔2026〕第1号")
        .expect("numbered like a registration");
    assert_eq!(
        case.assignment.map(|a| a.lead),
        Some("经济发展部".into()),
        "责任单位 becomes the assignment"
    );
}

#[test]
fn report_outputs_are_written() {
    let (l, _) = ledger();
    let s = summarize(&l, Period::month(2026, 3).unwrap(), at(NOW)).expect("summary");
    let dir = tempfile::tempdir().expect("tempdir");
    let x = dir.path().join("月报.xlsx");
    zhitong_report::xlsx::write_summary(&s, &x).expect("xlsx");
    let t = zhitong_report::read_table(&x, Some("部门排名"), Some(1)).expect("read back");
    assert_eq!(t.rows.len(), 3, "three ranked departments in the workbook");
    match zhitong_print::Fonts::load_system() {
        Ok(fonts) => {
            let pdf = zhitong_report::pdf::render(&s, &fonts, d("2026-04-02"), "企业服务中心")
                .expect("pdf");
            assert!(pdf.starts_with(b"%PDF"), "a PDF file");
            if let Ok(out) = std::env::var("ZHITONG_REPORT_PDF") {
                std::fs::write(out, &pdf).expect("write pdf");
            }
        }
        Err(e) => eprintln!("skipping the PDF check: {e}"),
    }
}

#[test]
fn clerk_ledger_dates_and_results_are_read_as_clerks_write_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("台账.csv");
    let text = "登记编号,反映时间,企业,联系人,电话,类别,问题摘要,责任单位,交办日期,办结时限,办理过程,办理结果,答复日期,评价\r\n\
        ,2026/3/2 9:30,甲公司,张三,023-79429601,用电保障,用电报装慢,经济发展部,2026-03-02,2026年3月9日,\"2026-03-03 10:00 办理进展：已对接供电公司\n2026-03-04 09:00 部门反馈：已现场查看\",A类：已协调供电公司完成报装,2026-03-02,满意（服务质量5星，服务态度4星，服务效率5星）\r\n";
    std::fs::write(&path, text).expect("write");
    let mut l = Ledger::open_in_memory().expect("ledger");
    l.init(at("2026-01-01T08:00:00")).expect("init");
    let table = zhitong_report::read_table(&path, None, None).expect("read");
    let mapping = ColumnMapping::guess(&table.headers);
    let r = import_file(
        &mut l,
        &path,
        &mapping,
        &ImportOptions::default(),
        &clerk(),
        at(NOW),
        &mut |_, _| {},
    )
    .expect("import");
    assert_eq!(
        (r.imported, r.committed),
        (1, true),
        "imported: {:?}",
        r.bad
    );
    let c = l
        .case_by_ref("企业困难问题〔2026〕第1号")
        .expect("numbered");
    let checks: Vec<(&str, String, String)> = vec![
        (
            "received 2026/3/2 9:30",
            c.received_at.to_rfc3339(),
            "2026-03-02T09:30:00+08:00".into(),
        ),
        (
            "state from A + evaluation",
            c.state.label().into(),
            "已办结".into(),
        ),
        (
            "a bare reply date on the day of receipt is not before receipt",
            c.reply
                .as_ref()
                .map(|r| r.at.to_rfc3339())
                .unwrap_or_default(),
            "2026-03-02T09:30:00+08:00".into(),
        ),
        (
            "outcome and reply text",
            format!(
                "{:?}",
                c.reply.as_ref().map(|r| (r.outcome, r.text.as_str()))
            ),
            "Some((A, \"已协调供电公司完成报装\"))".into(),
        ),
        (
            "stars",
            format!(
                "{:?}",
                c.evaluation
                    .as_ref()
                    .map(|e| (e.quality, e.attitude, e.efficiency, e.deemed))
            ),
            "Some((Some(5), Some(4), Some(5), false))".into(),
        ),
        (
            "due date 2026年3月9日 is the end of that day",
            c.deadlines
                .first()
                .map(|d| d.due_at.to_rfc3339())
                .unwrap_or_default(),
            "2026-03-09T23:59:59+08:00".into(),
        ),
        (
            "progress lines keep their own times",
            c.events
                .iter()
                .filter(|e| e.action == "progress")
                .map(|e| e.at.format("%m-%d %H:%M").to_string())
                .collect::<Vec<_>>()
                .join(","),
            "03-03 10:00,03-04 09:00".into(),
        ),
    ];
    for (why, got, want) in checks {
        assert_eq!(got, want, "{why}");
    }
    let s = summarize(&l, Period::month(2026, 3).unwrap(), at(NOW)).expect("summary");
    assert_eq!(
        (s.received, s.accepted, s.closed, s.closed_on_time),
        (1, 1, 1, 1),
        "imported cases count in reports"
    );
}

// ---- the desktop import dialog: inspect, remembered mapping, preview issues ----------

/// A workbook whose first sheet is a cover note and whose second holds the ledger, with
/// the clerk's own titles (联系电话, 反映问题) and one row with an unreadable date.
fn two_sheet_workbook(path: &std::path::Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let cover = wb.add_worksheet();
    cover.set_name("说明").expect("name");
    cover
        .write_string(0, 0, "本表为2025年企业诉求台账")
        .expect("cell");
    let ws = wb.add_worksheet();
    ws.set_name("2025台账").expect("name");
    let rows = [
        [
            "反映日期",
            "企业名称",
            "联系人",
            "联系电话",
            "反映问题",
            "备注",
        ],
        [
            "2025-11-03",
            "甲公司",
            "张三",
            "13800000001",
            "企业用电报装慢",
            "",
        ],
        [
            "11月35日",
            "乙公司",
            "李四",
            "13800000002",
            "道路积水",
            "日期写错",
        ],
    ];
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).expect("cell");
        }
    }
    wb.save(path).expect("save");
}

#[test]
fn inspect_guesses_the_mapping_then_prefers_the_remembered_one_when_it_fits() {
    use zhitong_report::{inspect, preview_file, Field, MappingSource, REMEMBERED_MAPPING};
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("旧台账.xlsx");
    two_sheet_workbook(&file);
    let remembered = dir.path().join(REMEMBERED_MAPPING);

    let first = inspect(&file, None, Some(&remembered)).expect("inspect");
    assert_eq!(
        (first.sheets.clone(), first.sheet.as_deref(), first.source),
        (
            vec!["说明".to_string(), "2025台账".to_string()],
            Some("2025台账"),
            MappingSource::Guessed
        ),
        "without a remembered mapping the sheet whose header names the most fields is \
         read (not the cover note before it) and the mapping guessed; the dialog lists \
         every sheet so the clerk can pick another"
    );
    assert!(
        first.note.contains("说明"),
        "the sheet not read is named: {}",
        first.note
    );
    let ins = inspect(&file, Some("2025台账"), Some(&remembered)).expect("inspect sheet");
    assert_eq!(
        (ins.header_row, ins.total_rows, ins.mapping.sheet.as_deref()),
        (1, 2, Some("2025台账")),
        "the chosen sheet is read and recorded in the mapping the import will use"
    );
    assert_eq!(
        ins.mapping.columns.get(&Field::Phone).map(String::as_str),
        Some("联系电话"),
        "the clerk's own title 联系电话 is recognised as 电话"
    );
    assert!(
        !ins.mapping.columns.values().any(|h| h == "备注"),
        "an unknown column stays unmapped rather than guessed wrong"
    );

    // The clerk maps 备注 to 办理过程 and the import succeeds: the mapping is saved.
    let mut chosen = ins.mapping.clone();
    chosen.columns.insert(Field::Process, "备注".into());
    chosen.save(&remembered).expect("save");
    let again = inspect(&file, None, Some(&remembered)).expect("inspect again");
    assert_eq!(
        (again.source, again.sheet.as_deref()),
        (MappingSource::Remembered, Some("2025台账")),
        "next time the remembered mapping is proposed, with its sheet, without asking again"
    );
    assert_eq!(
        again
            .mapping
            .columns
            .get(&Field::Process)
            .map(String::as_str),
        Some("备注"),
        "the clerk's manual choice is remembered"
    );

    // A file with other titles does not get a mapping that cannot work.
    let csv = dir.path().join("别的格式.csv");
    std::fs::write(
        &csv,
        "登记时间,单位名称,反映人,手机,摘要\r\n2025-11-03,甲公司,张三,13800000001,停电\r\n",
    )
    .expect("write");
    let other = inspect(&csv, None, Some(&remembered)).expect("inspect csv");
    assert_eq!(
        (other.source, other.sheets.len(), other.sheet.clone()),
        (MappingSource::Guessed, 0, None),
        "a remembered mapping whose columns are missing is not proposed; CSV has no sheets"
    );
    assert!(
        other.mapping.problems(&other.headers).is_empty(),
        "the guess for the other titles is complete: {:?}",
        other.mapping.problems(&other.headers)
    );

    let p = preview_file(&file, &again.mapping, 10).expect("preview");
    assert_eq!(
        p.rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        vec![2, 3],
        "preview rows carry their row numbers in the file"
    );
    assert!(
        p.row_issues[0].is_empty() && p.row_issues[1].iter().any(|i| i.contains("11月35日")),
        "the preview already says which cell will not read, before any dry run: {:?}",
        p.row_issues
    );
}

#[test]
fn field_specs_mark_as_required_exactly_what_the_mapping_check_requires() {
    use zhitong_report::{field_specs, Field};
    let specs = field_specs();
    assert_eq!(
        specs.iter().map(|s| s.field).collect::<Vec<_>>(),
        Field::ALL.to_vec(),
        "the dialog lists every field once, in ledger order"
    );
    let headers: Vec<String> = vec!["x".into()];
    let empty = ColumnMapping::default().problems(&headers);
    for s in &specs {
        let complained = empty.iter().any(|p| p.contains(&format!("“{}”", s.label)));
        if s.required {
            assert!(
                complained,
                "{} is marked required, so an empty mapping must be refused for it",
                s.label
            );
        }
    }
    assert_eq!(
        specs.iter().filter(|s| s.required).count(),
        4,
        "反映时间, 企业, 联系人, 电话 are the required columns"
    );
}

#[test]
fn a_row_repeated_inside_the_file_is_reported_against_its_first_copy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("重复.csv");
    let row = "2026-03-02 09:00,甲公司,张三,13800000001,用电保障,企业用电报装慢,经济发展部,";
    let text = format!(
        "反映时间,企业名称,联系人,联系电话,问题类别,反映问题,责任单位,办理结果\n{row}\n\
         2026-03-03 09:00,乙公司,李四,13800000002,用电保障,道路积水,,\n{row}\n"
    );
    std::fs::write(&path, text).expect("write");
    let mut l = Ledger::open_in_memory().expect("ledger");
    l.init(at("2026-01-01T08:00:00")).expect("init");
    let table = zhitong_report::read_table(&path, None, None).expect("read");
    let mapping = ColumnMapping::guess(&table.headers);
    let report = import_file(
        &mut l,
        &path,
        &mapping,
        &ImportOptions {
            skip_bad: true,
            ..ImportOptions::default()
        },
        &clerk(),
        at(NOW),
        &mut |_, _| {},
    )
    .expect("import");
    assert_eq!(report.imported, 2, "each distinct row is imported once");
    assert_eq!(report.bad.len(), 1, "{:?}", report.bad);
    assert_eq!(
        report.bad[0].row_number, 4,
        "the repeat is named by its row"
    );
    assert!(
        report.bad[0].reasons[0].contains("第 2 行"),
        "and points to the first copy: {:?}",
        report.bad[0].reasons
    );
}
