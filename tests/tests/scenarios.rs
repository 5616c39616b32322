//! Real cases from the four seed notices, replayed through the whole workflow with an
//! explicit clock: every step is an audited action, deadlines follow China's calendar.

mod fuzz_replay;
mod tidy;

use chrono::TimeZone;
use zhitong_domain::policy::StartPoint;
use zhitong_domain::{CaseState, Instant, NewCase, Outcome, Role, Satisfaction};
use zhitong_store::{
    AssignInput, EvaluateInput, Ledger, Operator, RejectInput, ReplyInput, UrgeInput,
};

fn t(y: i32, m: u32, d: u32, h: u32, min: u32) -> Instant {
    zhitong_domain::china()
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
}

fn clerk() -> Operator {
    Operator {
        name: "张登记".into(),
        role: Role::Clerk,
    }
}

fn leader() -> Operator {
    Operator {
        name: "李主任".into(),
        role: Role::Leader,
    }
}

fn ledger() -> Ledger {
    let mut l = Ledger::open_in_memory().unwrap();
    l.init(t(2026, 1, 5, 8, 0)).unwrap();
    let admin = l.admin_unprotected("管理员", "添加人员").unwrap();
    for (name, role, title) in [
        ("张登记", Role::Clerk, "登记员"),
        ("李主任", Role::Leader, "常务副主任"),
    ] {
        l.add_staff(
            &zhitong_store::NewStaff {
                name: name.into(),
                role,
                title: title.into(),
            },
            &admin,
            t(2026, 1, 5, 8, 0),
        )
        .unwrap();
    }
    l
}

fn case(
    l: &mut Ledger,
    enterprise: &str,
    nature: &str,
    category: &str,
    text: &str,
    at: Instant,
) -> i64 {
    let input: NewCase = serde_json::from_value(serde_json::json!({
        "received_at": at.to_rfc3339(), "channel": "热线电话", "nature": nature, "category": category,
        "description": text,
        "enterprise": {"name": enterprise, "address": "正阳工业园区"},
        "contact": {"name": "王经理", "title": "总经理", "phone": "13800000000"}
    }))
    .unwrap();
    l.register(&input, &clerk(), at).unwrap().id
}

fn assign(lead: &str, with: &[&str], class: &str) -> AssignInput {
    AssignInput {
        lead: lead.into(),
        cooperating: with.iter().map(|s| s.to_string()).collect(),
        handling_class: class.into(),
        approver: Some("李主任".into()),
        ..AssignInput::default()
    }
}

fn reply(outcome: Outcome, text: &str) -> ReplyInput {
    ReplyInput {
        way: "电话".into(),
        text: text.into(),
        outcome,
        outcome_reason: String::new(),
        until: None,
    }
}

fn satisfied() -> EvaluateInput {
    EvaluateInput {
        result: Satisfaction::Satisfied,
        quality: Some(5),
        attitude: Some(5),
        efficiency: Some(4),
        comment: String::new(),
    }
}

/// Every action leaves exactly one audit event on the case.
fn events(l: &Ledger, id: i64) -> usize {
    l.case(id).unwrap().events.len()
}

#[test]
fn seed_001_night_power_trips_multi_department_resolved_a() {
    let mut l = ledger();
    let id = case(
        &mut l,
        "宝庄窗业有限公司",
        "求助",
        "用电保障",
        "夜间生产经常跳闸，影响订单交付。",
        t(2026, 3, 2, 9, 30),
    );
    l.accept(id, "属实，协调供电部门", &clerk(), t(2026, 3, 2, 10, 0))
        .unwrap();
    let c = l
        .assign(
            id,
            &assign("经济发展部", &["规划建设部"], "专业类"),
            &clerk(),
            t(2026, 3, 2, 11, 0),
        )
        .unwrap();
    assert_eq!(c.state, CaseState::Assigned);
    let a = c.assignment.as_ref().unwrap();
    assert_eq!(a.assign_no, "正阳园区管委交〔2026〕第1号");
    assert_eq!(
        a.route,
        zhitong_domain::Route::ExecutiveDeputy,
        "several departments: the executive deputy director signs (003 第7条)"
    );
    assert_eq!(
        c.deadlines[0].due_at,
        t(2026, 3, 9, 23, 59) + chrono::Duration::seconds(59),
        "5 working days from Monday 3-2 end on Monday 3-9"
    );
    l.progress(
        id,
        "已联系供电所排查线路",
        true,
        &clerk(),
        t(2026, 3, 4, 15, 0),
    )
    .unwrap();
    assert_eq!(
        l.case(id).unwrap().state,
        CaseState::InProgress,
        "feedback moves the case to 办理中"
    );
    l.reply(
        id,
        &reply(Outcome::A, "已更换老化线路，夜间不再跳闸"),
        &clerk(),
        t(2026, 3, 6, 16, 0),
    )
    .unwrap();
    l.evaluate(id, &satisfied(), &clerk(), t(2026, 3, 9, 10, 0))
        .unwrap();
    let c = l.close(id, "", &clerk(), t(2026, 3, 9, 11, 0)).unwrap();
    assert_eq!(c.state, CaseState::Closed);
    assert!(
        c.deadlines.iter().all(|d| d.met_at.is_some()),
        "every deadline was met"
    );
    assert_eq!(
        events(&l, id),
        7,
        "register, accept, assign, progress, reply, evaluate, close: one event each"
    );
}

#[test]
fn seed_003_district_bureau_letter_urged_across_a_holiday_and_escalated() {
    let mut l = ledger();
    // Received on the Tuesday before National Day 2026.
    let id = case(
        &mut l,
        "正阳精密机械制造有限公司",
        "求助",
        "用地审批",
        "二期厂房规划许可证迟迟未批。",
        t(2026, 9, 29, 9, 0),
    );
    l.accept(id, "", &clerk(), t(2026, 9, 29, 10, 0)).unwrap();
    let c = l
        .assign(
            id,
            &AssignInput {
                hard_case: true,
                ..assign("区规划自然资源局", &[], "专业类")
            },
            &clerk(),
            t(2026, 9, 29, 11, 0),
        )
        .unwrap();
    let a = c.assignment.as_ref().unwrap();
    assert_eq!(
        a.route,
        zhitong_domain::Route::DistrictLetter,
        "a district bureau gets a letter"
    );
    let letter = a.letter.as_ref().expect("the letter (函) is recorded");
    assert_eq!(letter.letter_no, "正阳园区管委函〔2026〕1号");
    assert_eq!(
        letter.copy_to,
        vec!["区民促办", "区整顿办"],
        "copied to 区民促办, and 区整顿办 for a hard case"
    );
    let letter_due = c
        .deadlines
        .iter()
        .find(|d| d.label.contains("区级部门"))
        .expect("the letter has its own deadline")
        .due_at;
    // 9-30 (Wed) is day 1; 10-1..10-7 holiday; 10-8, 10-9 (Thu, Fri), 10-10 (Sat, 调休上班), 10-12 (Mon).
    assert_eq!(
        letter_due.date_naive().to_string(),
        "2026-10-12",
        "5 working days across National Day and its make-up Saturday"
    );
    // Urges before the deadline do not count.
    let c = l
        .urge(
            id,
            &UrgeInput {
                way: "电话".into(),
                content: String::new(),
            },
            &clerk(),
            t(2026, 10, 9, 10, 0),
        )
        .unwrap();
    assert!(!c.urges[0].counted, "not overdue yet: not counted");
    // Overdue from 10-13: urge on three working days; two urges the same day count once.
    for (d, h) in [(13, 9), (13, 16), (14, 9)] {
        l.urge(
            id,
            &UrgeInput {
                way: "电话".into(),
                content: "请尽快回复".into(),
            },
            &clerk(),
            t(2026, 10, d, h, 0),
        )
        .unwrap();
    }
    let c = l.case(id).unwrap();
    assert_eq!(
        c.urges.iter().filter(|u| u.counted).count(),
        2,
        "at most one counted urge per working day"
    );
    assert!(!c.escalated);
    let c = l
        .urge(
            id,
            &UrgeInput {
                way: "督办函".into(),
                content: String::new(),
            },
            &clerk(),
            t(2026, 10, 15, 9, 0),
        )
        .unwrap();
    assert!(
        c.escalated,
        "the third counted urge without result escalates to the leading group (002 第11条)"
    );
    assert!(
        c.events
            .iter()
            .any(|e| e.operator == "系统" && e.summary.contains("领导小组")),
        "the escalation is on the timeline"
    );
    let board = l.board(t(2026, 10, 15, 10, 0)).unwrap();
    let item = &board.groups[0].items[0];
    assert_eq!(board.groups[0].department, "区规划自然资源局");
    assert!(
        item.escalated && item.urges == 3,
        "the board shows urges and escalation"
    );
    assert_eq!(
        item.overdue_working_days, 3,
        "10-12 due; 10-13, 10-14, 10-15 are 3 working days late"
    );
}

#[test]
fn seed_002_consultation_answered_within_one_working_day() {
    let mut l = ledger();
    // Friday afternoon: one working day is the following Monday.
    let id = case(
        &mut l,
        "嘉禾食品有限公司",
        "咨询",
        "政策执行",
        "想咨询技术改造补助政策的申报条件。",
        t(2026, 4, 3, 15, 0),
    );
    l.accept(id, "", &clerk(), t(2026, 4, 3, 15, 10)).unwrap();
    let c = l
        .assign(
            id,
            &assign("经济发展部", &[], "咨询类"),
            &clerk(),
            t(2026, 4, 3, 15, 20),
        )
        .unwrap();
    assert_eq!(
        c.assignment.as_ref().unwrap().route,
        zhitong_domain::Route::LeaderInCharge
    );
    // 2026-04-04..06 is Qingming (Sat–Mon), so the one working day is Tuesday 4-7.
    assert_eq!(
        c.deadlines[0].due_at.date_naive().to_string(),
        "2026-04-07",
        "Qingming holiday skipped"
    );
    let c = l
        .reply(
            id,
            &reply(Outcome::A, "已电话解读申报条件"),
            &clerk(),
            t(2026, 4, 7, 10, 0),
        )
        .unwrap();
    assert!(
        c.deadlines
            .iter()
            .any(|d| d.met_at.is_some() && d.met_at.unwrap() <= d.due_at),
        "answered within the limit"
    );
}

#[test]
fn rejected_litigation_matter_keeps_its_record_and_reason() {
    let mut l = ledger();
    let id = case(
        &mut l,
        "顺通物流有限公司",
        "投诉",
        "合同履行",
        "与供应商的货款纠纷已经起诉到法院，请园区帮忙催款。",
        t(2026, 5, 6, 9, 0),
    );
    let bad = l
        .reject(
            id,
            &RejectInput {
                reason: None,
                ..RejectInput::default()
            },
            &clerk(),
            t(2026, 5, 6, 10, 0),
        )
        .unwrap_err();
    assert!(
        bad.to_string().contains("不予受理理由"),
        "a rejection needs a reason: {bad}"
    );
    let c = l
        .reject(
            id,
            &RejectInput {
                reason: Some(zhitong_domain::RejectReason::Litigation),
                detail: "已进入诉讼程序".into(),
                told: "已电话告知企业依法通过诉讼解决".into(),
            },
            &clerk(),
            t(2026, 5, 6, 10, 0),
        )
        .unwrap();
    assert_eq!(c.state, CaseState::Rejected);
    assert_eq!(
        c.rejection.as_ref().unwrap().told,
        "已电话告知企业依法通过诉讼解决"
    );
    let e = l
        .assign(
            id,
            &assign("经济发展部", &[], "专业类"),
            &clerk(),
            t(2026, 5, 6, 11, 0),
        )
        .unwrap_err();
    assert!(
        e.to_string().contains("不予受理"),
        "a rejected case cannot be assigned and the message names the state: {e}"
    );
}

#[test]
fn zy_003_art9_b_reply_stays_open_on_its_promised_date_until_it_becomes_a() {
    let mut l = ledger();
    let id = case(
        &mut l,
        "隆鑫新材料有限公司",
        "求助",
        "招工用工",
        "今年招工缺口约50人。",
        t(2026, 6, 1, 9, 0),
    );
    l.accept(id, "", &clerk(), t(2026, 6, 1, 9, 30)).unwrap();
    l.assign(
        id,
        &assign("社会事务部", &[], "综合类"),
        &clerk(),
        t(2026, 6, 1, 10, 0),
    )
    .unwrap();
    let before = events(&l, id);
    let e = l
        .reply(
            id,
            &reply(Outcome::B, "已安排专场招聘会，正在组织"),
            &clerk(),
            t(2026, 6, 5, 10, 0),
        )
        .unwrap_err();
    assert!(
        e.to_string().contains("承诺办结日期"),
        "a B reply without its promised date is refused in Chinese: {e}"
    );
    assert_eq!(events(&l, id), before, "the refused reply wrote nothing");
    let c = l
        .reply(
            id,
            &ReplyInput {
                until: chrono::NaiveDate::from_ymd_opt(2026, 6, 12),
                ..reply(Outcome::B, "已安排专场招聘会，正在组织")
            },
            &clerk(),
            t(2026, 6, 5, 10, 0),
        )
        .unwrap();
    let promise = c
        .deadlines
        .iter()
        .find(|d| d.met_at.is_none())
        .expect("the promised date runs as a deadline");
    assert_eq!(
        promise.due_at,
        t(2026, 6, 12, 23, 59) + chrono::Duration::seconds(59),
        "the promise ends at the close of the promised day"
    );
    assert!(
        !c.deadlines
            .iter()
            .any(|d| d.kind == zhitong_domain::DeadlineKind::Evaluation),
        "003 第9条: B is 正在解决, no evaluation window opens"
    );
    let e = l
        .evaluate(id, &satisfied(), &clerk(), t(2026, 6, 5, 15, 0))
        .unwrap_err();
    assert!(
        e.to_string().contains("B类"),
        "B is rated after A or C: {e}"
    );
    let e = l.close(id, "", &clerk(), t(2026, 6, 8, 10, 0)).unwrap_err();
    assert!(e.to_string().contains("B类"), "B stays open: {e}");
    // Nothing is deemed satisfied while B runs, however long.
    let r = l.tick(t(2026, 6, 11, 10, 0)).unwrap();
    assert!(r.deemed_satisfied.is_empty(), "B is never deemed satisfied");
    // The promise passes: the case is overdue on the 工作台 and the board, and urged.
    let a = l.agenda(t(2026, 6, 15, 9, 0)).unwrap();
    assert!(
        a.overdue.iter().any(|i| i.case_id == id) && a.urge_due.iter().any(|i| i.case_id == id),
        "a B case past its promised date comes back onto the 工作台 as overdue"
    );
    let board = l.board(t(2026, 6, 15, 9, 0)).unwrap();
    assert!(
        board
            .groups
            .iter()
            .any(|g| g.items.iter().any(|i| i.case_id == id)),
        "and onto the overdue board"
    );
    let c = l
        .urge(
            id,
            &UrgeInput {
                way: "电话".into(),
                content: "跟踪招聘会进展".into(),
            },
            &clerk(),
            t(2026, 6, 16, 10, 0),
        )
        .unwrap();
    assert!(
        c.urges.last().is_some_and(|u| u.counted),
        "an urge past the promised date counts towards escalation"
    );
    let c = l
        .reply(
            id,
            &reply(Outcome::A, "招聘会招到48人，缺口基本解决"),
            &clerk(),
            t(2026, 6, 20, 10, 0),
        )
        .unwrap();
    assert_eq!(c.outcome, Some(Outcome::A));
    assert!(
        c.evaluation.is_none(),
        "the new result needs its own evaluation"
    );
    l.evaluate(id, &satisfied(), &clerk(), t(2026, 6, 22, 10, 0))
        .unwrap();
    assert_eq!(
        l.close(id, "", &clerk(), t(2026, 6, 22, 11, 0))
            .unwrap()
            .state,
        CaseState::Closed
    );
}

#[test]
fn unrated_reply_is_deemed_satisfied_after_five_working_days() {
    let mut l = ledger();
    let id = case(
        &mut l,
        "晨光包装有限公司",
        "求助",
        "软环境建设",
        "厂区周边路灯损坏，夜班员工出行不安全。",
        t(2026, 9, 21, 9, 0),
    );
    l.accept(id, "", &clerk(), t(2026, 9, 21, 9, 30)).unwrap();
    l.assign(
        id,
        &assign("规划建设部", &[], "专业类"),
        &clerk(),
        t(2026, 9, 21, 10, 0),
    )
    .unwrap();
    // Replied Friday 9-25; five working days: 9-28, 9-29, 9-30, then National Day, 10-8, 10-9.
    l.reply(
        id,
        &reply(Outcome::A, "路灯已修复"),
        &clerk(),
        t(2026, 9, 25, 16, 0),
    )
    .unwrap();
    let r = l.tick(t(2026, 10, 9, 20, 0)).unwrap();
    assert!(
        r.deemed_satisfied.is_empty(),
        "the window is still open on its last day"
    );
    let r = l.tick(t(2026, 10, 10, 9, 0)).unwrap();
    assert_eq!(
        r.deemed_satisfied.len(),
        1,
        "after the window the reply is deemed satisfied"
    );
    let c = l.case(id).unwrap();
    let e = c.evaluation.as_ref().unwrap();
    assert!(
        e.deemed && e.result == Satisfaction::Satisfied && e.quality.is_none(),
        "deemed, kept distinct from a real rating"
    );
    assert_eq!(
        c.events.last().unwrap().operator,
        "系统",
        "the automatic step is audited as the system's"
    );
    assert!(
        l.tick(t(2026, 10, 10, 9, 1))
            .unwrap()
            .deemed_satisfied
            .is_empty(),
        "applied once"
    );
    assert_eq!(
        l.close(id, "", &clerk(), t(2026, 10, 10, 10, 0))
            .unwrap()
            .state,
        CaseState::Closed
    );
}

/// A complaint assigned on 07-01, answered A on 07-03 and rated 不满意 (2/3/1 stars) on
/// 07-06 10:00.
fn rated_unsatisfied(l: &mut Ledger) -> i64 {
    let id = case(
        l,
        "华源电子科技有限公司",
        "投诉",
        "项目推动",
        "环评审批进度慢，影响开工。",
        t(2026, 7, 1, 9, 0),
    );
    l.accept(id, "", &clerk(), t(2026, 7, 1, 9, 30)).unwrap();
    l.assign(
        id,
        &assign("安全环保部", &[], "专业类"),
        &clerk(),
        t(2026, 7, 1, 10, 0),
    )
    .unwrap();
    l.reply(
        id,
        &reply(Outcome::A, "已答复"),
        &clerk(),
        t(2026, 7, 3, 10, 0),
    )
    .unwrap();
    l.evaluate(
        id,
        &EvaluateInput {
            result: Satisfaction::Unsatisfied,
            quality: Some(2),
            attitude: Some(3),
            efficiency: Some(1),
            comment: "答复敷衍".into(),
        },
        &clerk(),
        t(2026, 7, 6, 10, 0),
    )
    .unwrap();
    id
}

#[test]
fn unsatisfied_enterprise_reopens_under_special_supervision_only_by_a_leader() {
    let mut l = ledger();
    let id = rated_unsatisfied(&mut l);
    let e = l
        .reopen(id, "企业不满意", None, &clerk(), t(2026, 7, 6, 11, 0))
        .unwrap_err();
    assert_eq!(
        e.code(),
        "auth.forbidden",
        "special supervision is a leader's decision"
    );
    let c = l
        .reopen(
            id,
            "企业不满意，实行专项督办",
            None,
            &leader(),
            t(2026, 7, 6, 11, 0),
        )
        .unwrap();
    assert_eq!(c.state, CaseState::InProgress);
    assert!(c.special_supervision && c.evaluation.is_none());
    assert!(
        c.deadlines
            .iter()
            .any(|d| d.label == "专项督办办结" && d.met_at.is_none()),
        "a new limit runs"
    );
}

#[test]
fn reassignment_keeps_history_and_voiding_keeps_the_record() {
    let mut l = ledger();
    let id = case(
        &mut l,
        "泰和化工有限公司",
        "求助",
        "融资服务",
        "希望协调银行贷款。",
        t(2026, 8, 3, 9, 0),
    );
    l.accept(id, "", &clerk(), t(2026, 8, 3, 9, 30)).unwrap();
    l.assign(
        id,
        &assign("经济发展部", &[], "专业类"),
        &clerk(),
        t(2026, 8, 3, 10, 0),
    )
    .unwrap();
    let c = l
        .reassign(
            id,
            &AssignInput {
                reason: "属财政金融部职责".into(),
                ..assign("财政金融部", &[], "专业类")
            },
            &clerk(),
            t(2026, 8, 4, 10, 0),
        )
        .unwrap();
    assert_eq!(c.assignment.as_ref().unwrap().lead, "财政金融部");
    assert_eq!(
        c.previous_assignments.len(),
        1,
        "the earlier assignment is kept"
    );
    assert_eq!(
        c.deadlines.iter().filter(|d| d.met_at.is_none()).count(),
        1,
        "only the new deadline runs"
    );
    let e = l.void(id, "", &clerk(), t(2026, 8, 4, 11, 0)).unwrap_err();
    assert!(
        e.to_string().contains("作废原因"),
        "voiding needs a reason: {e}"
    );
    let c = l
        .void(id, "重复登记", &clerk(), t(2026, 8, 4, 11, 0))
        .unwrap();
    assert_eq!(c.state, CaseState::Void);
    assert_eq!(
        l.case(id).unwrap().void_reason.as_deref(),
        Some("重复登记"),
        "the record stays, with its reason"
    );
}

#[test]
fn jx_002_art7_a_consultation_is_answered_on_the_spot_without_an_assignment() {
    let mut l = ledger();
    let id = case(
        &mut l,
        "嘉禾食品有限公司",
        "咨询",
        "政策执行",
        "想咨询技术改造补助政策的申报条件。",
        t(2026, 4, 7, 9, 0),
    );
    l.accept(id, "", &clerk(), t(2026, 4, 7, 9, 5)).unwrap();
    let before = events(&l, id);
    let e = l
        .reply(
            id,
            &ReplyInput {
                until: chrono::NaiveDate::from_ymd_opt(2026, 4, 20),
                ..reply(Outcome::B, "正在了解")
            },
            &clerk(),
            t(2026, 4, 7, 9, 10),
        )
        .unwrap_err();
    assert!(
        e.to_string().contains("即时答复只能是A类"),
        "an on-the-spot answer is A or C: {e}"
    );
    assert_eq!(events(&l, id), before, "the refused answer wrote nothing");
    let c = l
        .reply(
            id,
            &reply(Outcome::A, "已电话解读申报条件和截止时间"),
            &clerk(),
            t(2026, 4, 7, 9, 10),
        )
        .unwrap();
    assert_eq!(c.state, CaseState::Replied, "answered on the spot");
    assert!(
        c.assignment.is_none() && c.previous_assignments.is_empty(),
        "no 交办 and no 交办编号 for the centre's own answer"
    );
    assert!(
        c.events
            .last()
            .is_some_and(|e| e.summary.contains("企业服务中心即时答复")),
        "recorded as answered by the service centre: {:?}",
        c.events.last()
    );
    l.evaluate(id, &satisfied(), &clerk(), t(2026, 4, 7, 15, 0))
        .unwrap();
    assert_eq!(
        l.close(id, "", &clerk(), t(2026, 4, 7, 15, 5))
            .unwrap()
            .state,
        CaseState::Closed,
        "evaluated and closed as usual"
    );
}

#[test]
fn jx_002_art7_save_and_answer_on_the_spot_is_one_change() {
    let mut l = ledger();
    let input: NewCase = serde_json::from_value(serde_json::json!({
        "received_at": t(2026, 4, 7, 9, 0).to_rfc3339(), "channel": "热线电话", "nature": "咨询",
        "category": "政策执行", "description": "咨询高新技术企业认定的条件。",
        "enterprise": {"name": "嘉禾食品有限公司", "address": "正阳工业园区"},
        "contact": {"name": "王经理", "title": "总经理", "phone": "13800000000"}
    }))
    .unwrap();
    let bad = ReplyInput {
        text: String::new(),
        ..reply(Outcome::A, "")
    };
    assert!(
        l.register_answered(&input, &bad, &clerk(), t(2026, 4, 7, 9, 5))
            .is_err(),
        "an answer without its text is refused"
    );
    assert_eq!(
        l.list(&Default::default(), t(2026, 4, 7, 9, 5))
            .unwrap()
            .total,
        0,
        "and not even the registration was written"
    );
    let c = l
        .register_answered(
            &input,
            &reply(Outcome::A, "已电话解读认定条件"),
            &clerk(),
            t(2026, 4, 7, 9, 5),
        )
        .unwrap();
    assert_eq!(c.state, CaseState::Replied);
    assert_eq!(
        c.events
            .iter()
            .map(|e| e.action.as_str())
            .collect::<Vec<_>>(),
        ["register", "accept", "reply"],
        "registered, accepted and answered, each audited"
    );
}

#[test]
fn jx_002_art13_a_late_reply_waits_for_a_real_rating() {
    let mut l = ledger();
    let id = case(
        &mut l,
        "晨光包装有限公司",
        "求助",
        "软环境建设",
        "厂区周边路灯损坏。",
        t(2026, 9, 7, 9, 0),
    );
    l.accept(id, "", &clerk(), t(2026, 9, 7, 9, 30)).unwrap();
    l.assign(
        id,
        &assign("规划建设部", &[], "咨询类"),
        &clerk(),
        t(2026, 9, 7, 10, 0),
    )
    .unwrap();
    // 咨询类: 1 working day, due 9-8 24:00; replied 9-10.
    let c = l
        .reply(
            id,
            &reply(Outcome::A, "路灯已修复"),
            &clerk(),
            t(2026, 9, 10, 10, 0),
        )
        .unwrap();
    assert!(
        !c.deadlines
            .iter()
            .any(|d| d.kind == zhitong_domain::DeadlineKind::Evaluation),
        "002 第13条 deems only 按期办结的答复: no window for a late reply"
    );
    let r = l.tick(t(2026, 10, 30, 9, 0)).unwrap();
    assert!(r.deemed_satisfied.is_empty(), "never deemed satisfied");
    let a = l.agenda(t(2026, 10, 30, 9, 0)).unwrap();
    assert!(
        a.awaiting_evaluation.iter().any(|i| i.case_id == id),
        "it waits on the 工作台 (待评价) for the enterprise's rating"
    );
}

#[test]
fn zy_003_art10_an_unsatisfied_case_waits_for_a_leader() {
    let mut l = ledger();
    let id = rated_unsatisfied(&mut l);
    let a = l.agenda(t(2026, 7, 6, 10, 30)).unwrap();
    assert!(
        a.unsatisfied.iter().any(|i| i.case_id == id),
        "不满意待督办 on the 工作台"
    );
    let e = l
        .close(id, "企业已理解", &clerk(), t(2026, 7, 6, 11, 0))
        .unwrap_err();
    assert_eq!(e.code(), "auth.forbidden", "a clerk cannot close it: {e}");
    assert!(
        e.to_string().contains("张登记"),
        "the refusal names the operator: {e}"
    );
    let e = l
        .close(id, "", &leader(), t(2026, 7, 6, 11, 0))
        .unwrap_err();
    assert!(
        e.to_string().contains("理由"),
        "a leader closes with a reason: {e}"
    );
    let c = l
        .close(
            id,
            "企业诉求超出环评法定要求，已当面解释，不再专项督办",
            &leader(),
            t(2026, 7, 6, 11, 0),
        )
        .unwrap();
    assert_eq!(c.state, CaseState::Closed);
    assert!(
        c.events
            .last()
            .is_some_and(|e| e.operator == "李主任" && e.summary.contains("不再专项督办")),
        "the leader's reason is on the timeline"
    );
}

// ---- issue 14 §2, §4: each milestone's own clock, met one by one -----------------------

fn with_policy(l: &mut Ledger, policy: &str) {
    let admin = l.admin_unprotected("管理员", "修改设置").unwrap();
    l.set_setting("active_policy", policy, &admin, t(2026, 1, 5, 8, 0))
        .unwrap();
}

/// A case of `enterprise` received at `received`, accepted half an hour later and
/// assigned to `lead` under `class` an hour after receipt, by the clerk.
fn accepted_and_assigned(
    l: &mut Ledger,
    enterprise: &str,
    category: &str,
    text: &str,
    lead: &str,
    class: &str,
    received: Instant,
) -> (i64, zhitong_domain::Case) {
    let id = case(l, enterprise, "求助", category, text, received);
    l.accept(id, "", &clerk(), received + chrono::Duration::minutes(30))
        .unwrap();
    let c = l
        .assign(
            id,
            &assign(lead, &[], class),
            &clerk(),
            received + chrono::Duration::hours(1),
        )
        .unwrap();
    (id, c)
}

/// A 廊坊 case received Monday 3-2 09:00 and assigned to `lead` under `class` at 10:00.
fn lf_assigned(
    category: &str,
    text: &str,
    lead: &str,
    class: &str,
) -> (Ledger, i64, zhitong_domain::Case) {
    let mut l = ledger();
    with_policy(&mut l, "廊坊");
    let (id, c) = accepted_and_assigned(
        &mut l,
        "新奥能源有限公司",
        category,
        text,
        lead,
        class,
        t(2026, 3, 2, 9, 0),
    );
    (l, id, c)
}

#[test]
fn jx_002_art10_an_accepted_unassigned_consultation_runs_from_receipt_and_goes_overdue() {
    let mut l = ledger();
    // Monday 09:00: 咨询类 "1个工作日内答复" counted from the receipt (接到企业诉求后).
    let id = case(
        &mut l,
        "嘉禾食品有限公司",
        "咨询",
        "政策执行",
        "想咨询技术改造补助政策的申报条件。",
        t(2026, 3, 2, 9, 0),
    );
    let c = l
        .accept_as(id, "", "咨询类", &clerk(), t(2026, 3, 2, 10, 0))
        .unwrap();
    assert_eq!(c.handling_class.as_deref(), Some("咨询类"));
    assert_eq!(c.deadlines.len(), 1, "the limit runs before 交办");
    assert_eq!(c.deadlines[0].start_at, t(2026, 3, 2, 9, 0), "from receipt");
    assert_eq!(c.deadlines[0].due_at.date_naive().to_string(), "2026-03-03");
    let a = l.agenda(t(2026, 3, 3, 9, 0)).unwrap();
    assert_eq!(a.awaiting_assignment.len(), 1, "待交办 on the 工作台");
    assert_eq!(a.awaiting_assignment[0].due_at, Some(c.deadlines[0].due_at));
    assert!(a.overdue.is_empty());
    let a = l.agenda(t(2026, 3, 5, 9, 0)).unwrap();
    assert_eq!(
        a.overdue.len(),
        1,
        "unassigned, it goes overdue like any other"
    );
    assert!(a.urge_due.is_empty(), "there is no department to urge yet");
    let b = l.board(t(2026, 3, 5, 9, 0)).unwrap();
    assert_eq!(b.groups[0].department, "待交办");
    // Assigned late: the limit still counts from receipt, so the case is overdue at once.
    let c = l
        .assign(
            id,
            &assign("经济发展部", &[], "咨询类"),
            &clerk(),
            t(2026, 3, 5, 10, 0),
        )
        .unwrap();
    let running: Vec<_> = c.deadlines.iter().filter(|d| d.met_at.is_none()).collect();
    assert_eq!(running.len(), 1, "one clock, not two");
    assert_eq!(running[0].start_at, t(2026, 3, 2, 9, 0));
    assert_eq!(l.agenda(t(2026, 3, 5, 11, 0)).unwrap().overdue.len(), 1);
    assert_eq!(
        events(&l, id),
        3,
        "register, accept, assign: one event each"
    );
    let e = l
        .accept_as(id, "", "专业类", &clerk(), t(2026, 3, 5, 11, 0))
        .unwrap_err();
    assert_eq!(e.code(), "state.not_allowed", "{e}");
}

#[test]
fn jx_002_art10_a_class_the_policy_lacks_is_refused_at_acceptance() {
    let mut l = ledger();
    let id = case(
        &mut l,
        "嘉禾食品有限公司",
        "咨询",
        "政策执行",
        "咨询。",
        t(2026, 3, 2, 9, 0),
    );
    let e = l
        .accept_as(id, "", "二类", &clerk(), t(2026, 3, 2, 10, 0))
        .unwrap_err();
    assert!(e.to_string().contains("可选：咨询类、专业类"), "{e}");
    let c = l.case(id).unwrap();
    assert_eq!(c.state, CaseState::Registered, "nothing changed");
    assert_eq!(events(&l, id), 1);
}

#[test]
fn lf_000_art3_2_3_research_result_on_time_keeps_the_case_on_time() {
    let (mut l, id, c) = lf_assigned(
        "项目推动",
        "扩建项目需管委会研究土地指标。",
        "经济发展部",
        "三类",
    );
    // 48小时内反馈研究结果 from the assignment; 能办的5日内办结.
    let due = |c: &zhitong_domain::Case, label: &str| {
        c.deadlines
            .iter()
            .find(|d| d.label == label)
            .unwrap()
            .due_at
    };
    assert_eq!(due(&c, "提出研究结果"), t(2026, 3, 4, 10, 0));
    assert_eq!(
        due(&c, "办结（可解决的）"),
        t(2026, 3, 7, 23, 59) + chrono::Duration::seconds(59)
    );
    let c = l
        .meet(
            id,
            &zhitong_store::MeetInput {
                milestone: "研究结果".into(),
                solvable: Some(true),
                text: "管委会主任办公会研究同意调剂".into(),
            },
            &clerk(),
            t(2026, 3, 3, 16, 0),
        )
        .unwrap();
    assert_eq!(c.state, CaseState::InProgress);
    let research = c
        .deadlines
        .iter()
        .find(|d| d.label == "提出研究结果")
        .unwrap();
    assert_eq!(
        research.met_at,
        Some(t(2026, 3, 3, 16, 0)),
        "met on its own"
    );
    // A milestone the class lacks, or one met already, is refused; nothing changes.
    let n = events(&l, id);
    for (m, frag) in [
        ("解决方案", "没有“解决方案”这一办理节点"),
        ("研究结果", "不能重复记录"),
    ] {
        let e = l
            .meet(
                id,
                &zhitong_store::MeetInput {
                    milestone: m.into(),
                    solvable: Some(true),
                    text: "…".into(),
                },
                &clerk(),
                t(2026, 3, 3, 17, 0),
            )
            .unwrap_err();
        assert!(e.to_string().contains(frag), "{m}: {e}");
    }
    assert_eq!(events(&l, id), n, "nothing changed");
    // Past 48 h the case is not overdue: the research result came in time.
    assert!(l.agenda(t(2026, 3, 5, 9, 0)).unwrap().overdue.is_empty());
    l.reply(
        id,
        &reply(Outcome::A, "已调剂指标"),
        &clerk(),
        t(2026, 3, 6, 10, 0),
    )
    .unwrap();
    l.evaluate(id, &satisfied(), &clerk(), t(2026, 3, 6, 11, 0))
        .unwrap();
    // 000 三(二)3: the signed report is filed before 销号.
    file_report(&mut l, id, t(2026, 3, 6, 11, 30));
    let c = l.close(id, "", &clerk(), t(2026, 3, 6, 12, 0)).unwrap();
    assert!(
        c.deadlines
            .iter()
            .filter(|d| d.kind == zhitong_domain::DeadlineKind::Handling)
            .all(|d| d.met_at.is_some_and(|m| m <= d.due_at)),
        "each milestone judged by its own met time"
    );
    let rows = l
        .figure_rows(
            &[(t(2026, 3, 1, 0, 0), t(2026, 4, 1, 0, 0))],
            t(2026, 3, 10, 0, 0),
        )
        .unwrap();
    assert!(!rows.cases[0].late, "按期办结率 counts it on time");
}

#[test]
fn lf_000_art3_2_4_research_result_not_solvable_turns_into_a_class_four_explanation() {
    let (mut l, id, _) = lf_assigned("用地审批", "希望突破规划限高。", "规划建设部", "三类");
    let meet = |milestone: &str, solvable| zhitong_store::MeetInput {
        milestone: milestone.into(),
        solvable,
        text: "经研究，限高属上位规划，暂无法突破".into(),
    };
    for (m, solvable, frag) in [
        ("研究结果", None, "须说明能否解决"),
        ("答复", None, "没有“答复”这一办理节点"),
    ] {
        let n = events(&l, id);
        let e = l
            .meet(id, &meet(m, solvable), &clerk(), t(2026, 3, 3, 16, 0))
            .unwrap_err();
        assert!(e.to_string().contains(frag), "{m}: {e}");
        assert_eq!(events(&l, id), n, "{m}: nothing changed");
    }
    let c = l
        .meet(
            id,
            &meet("研究结果", Some(false)),
            &clerk(),
            t(2026, 3, 3, 16, 0),
        )
        .unwrap();
    assert_eq!(c.handling_class.as_deref(), Some("四类"));
    assert!(
        c.deadlines.iter().all(|d| d.met_at.is_some()),
        "四类 has no invented time limit: nothing runs"
    );
    assert!(
        c.events.last().unwrap().summary.contains("转为“四类”"),
        "{}",
        c.events.last().unwrap().summary
    );
    assert!(l.board(t(2026, 3, 20, 9, 0)).unwrap().groups.is_empty());
    // The department explains to the enterprise; the case closes with that explanation.
    let c = l
        .reply(
            id,
            &ReplyInput {
                outcome_reason: "上位规划限高，园区无权调整".into(),
                ..reply(Outcome::C, "已向企业说明原因")
            },
            &clerk(),
            t(2026, 3, 20, 10, 0),
        )
        .unwrap();
    assert_eq!(c.state, CaseState::Replied);
    l.evaluate(id, &satisfied(), &clerk(), t(2026, 3, 20, 11, 0))
        .unwrap();
    // 000 三(二)4: the explanation is reported and filed before 销号.
    file_report(&mut l, id, t(2026, 3, 20, 11, 30));
    let c = l.close(id, "", &clerk(), t(2026, 3, 20, 12, 0)).unwrap();
    assert_eq!(c.state, CaseState::Closed);
}

// ---- issue 14 §8: the approval route is enforced (003 第7条) ---------------------------

#[test]
fn zy_003_art7_an_approver_of_the_wrong_role_is_refused_and_nothing_changes() {
    let mut l = ledger();
    let admin = l.admin_unprotected("管理员", "添加人员").unwrap();
    l.add_staff(
        &zhitong_store::NewStaff {
            name: "赵分管".into(),
            role: Role::Leader,
            title: "分管领导".into(),
        },
        &admin,
        t(2026, 1, 5, 8, 0),
    )
    .unwrap();
    let id = case(
        &mut l,
        "宝庄窗业有限公司",
        "求助",
        "用电保障",
        "夜间生产经常跳闸。",
        t(2026, 3, 2, 9, 30),
    );
    l.accept(id, "", &clerk(), t(2026, 3, 2, 10, 0)).unwrap();
    // Two departments: the 常务副主任 signs (第7条1); the leader in charge may not.
    let two = AssignInput {
        approver: Some("赵分管".into()),
        ..assign("经济发展部", &["规划建设部"], "专业类")
    };
    let n = events(&l, id);
    let e = l
        .assign(id, &two, &clerk(), t(2026, 3, 2, 11, 0))
        .unwrap_err();
    assert!(
        e.to_string().contains("“赵分管”不是常务副主任")
            && e.to_string().contains("可审批的有：李主任"),
        "{e}"
    );
    assert_eq!(
        l.case(id).unwrap().state,
        CaseState::Accepted,
        "nothing changed"
    );
    assert_eq!(events(&l, id), n);
    let p = l
        .preview_assignment(id, &two, t(2026, 3, 2, 11, 0))
        .unwrap();
    assert_eq!(
        p.approvers,
        vec!["李主任".to_string()],
        "the dialog offers who may approve"
    );
    // One department: the leader in charge approves.
    let one = AssignInput {
        approver: Some("赵分管".into()),
        ..assign("经济发展部", &[], "专业类")
    };
    let c = l.assign(id, &one, &clerk(), t(2026, 3, 2, 11, 0)).unwrap();
    assert_eq!(c.assignment.unwrap().approver.as_deref(), Some("赵分管"));
    // The settings name the holders; only active leaders can be named.
    let e = l
        .set_setting(
            "approvers_executive",
            "张登记",
            &admin,
            t(2026, 3, 2, 12, 0),
        )
        .unwrap_err();
    assert!(e.to_string().contains("不是在岗的领导"), "{e}");
    l.set_setting(
        "approvers_in_charge",
        "李主任",
        &admin,
        t(2026, 3, 2, 12, 0),
    )
    .unwrap();
    let id2 = case(
        &mut l,
        "泰和化工有限公司",
        "求助",
        "融资服务",
        "希望协调银行贷款。",
        t(2026, 3, 2, 13, 0),
    );
    l.accept(id2, "", &clerk(), t(2026, 3, 2, 13, 10)).unwrap();
    let e = l
        .assign(id2, &one, &clerk(), t(2026, 3, 2, 13, 20))
        .unwrap_err();
    assert!(
        e.to_string().contains("不是分管企业服务领导"),
        "named in the settings, the title no longer counts: {e}"
    );
}

// ---- issue 14 §7: the district bureau answers the letter in writing (003 附件4) ----------

#[test]
fn zy_003_annex4_the_bureau_answers_the_letter_in_writing_apart_from_the_parks_reply() {
    let mut l = ledger();
    let (id, c) = accepted_and_assigned(
        &mut l,
        "正阳精密机械制造有限公司",
        "用地审批",
        "二期厂房规划许可证迟迟未批。",
        "区规划自然资源局",
        "专业类",
        t(2026, 9, 29, 9, 0),
    );
    // 003 第7条2: by letter only — a 函号, no 交办编号, no 交办单.
    let a = c.assignment.as_ref().unwrap();
    assert_eq!(a.assign_no, "", "a letter takes no 交办编号");
    assert_eq!(
        a.letter.as_ref().unwrap().letter_no,
        "正阳园区管委函〔2026〕1号"
    );
    assert!(
        zhitong_print::ledger::assignment_sheet(&c).is_none(),
        "no 交办单"
    );
    let letter = |c: &zhitong_domain::Case| {
        c.deadlines
            .iter()
            .find(|d| d.kind == zhitong_domain::DeadlineKind::Letter)
            .cloned()
            .unwrap()
    };
    // The park answers the enterprise first: the bureau's own limit still runs.
    let c = l
        .reply(
            id,
            &reply(Outcome::A, "已协调区规划自然资源局加快审批"),
            &clerk(),
            t(2026, 10, 9, 10, 0),
        )
        .unwrap();
    assert!(
        letter(&c).met_at.is_none(),
        "the park's reply does not meet the letter's limit"
    );
    let c = l
        .bureau_reply(
            id,
            "区规划自然资源局函复：许可证已于10月9日核发，联系人李科长 023-0000000",
            &clerk(),
            t(2026, 10, 10, 15, 0),
        )
        .unwrap();
    assert_eq!(
        letter(&c).met_at,
        Some(t(2026, 10, 10, 15, 0)),
        "met by the bureau's answer"
    );
    let last = c.events.last().unwrap();
    assert_eq!(last.action, "bureau_reply");
    assert!(
        last.summary.contains("正阳园区管委函〔2026〕1号") && last.summary.contains("在函复时限内"),
        "{}",
        last.summary
    );
    // Twice, or on a case that went to a park office, is refused and changes nothing.
    let n = events(&l, id);
    let e = l
        .bureau_reply(id, "再次函复", &clerk(), t(2026, 10, 12, 9, 0))
        .unwrap_err();
    assert!(e.to_string().contains("已经记录"), "{e}");
    assert_eq!(events(&l, id), n);
    let other = case(
        &mut l,
        "宝庄窗业有限公司",
        "求助",
        "用电保障",
        "夜间跳闸。",
        t(2026, 9, 29, 9, 0),
    );
    l.accept(other, "", &clerk(), t(2026, 9, 29, 10, 0))
        .unwrap();
    let c = l
        .assign(
            other,
            &assign("经济发展部", &[], "专业类"),
            &clerk(),
            t(2026, 9, 29, 11, 0),
        )
        .unwrap();
    assert_eq!(
        c.assignment.unwrap().assign_no,
        "正阳园区管委交〔2026〕第1号",
        "the letter used no number of the 交办 sequence"
    );
    let e = l
        .bureau_reply(other, "函复", &clerk(), t(2026, 9, 30, 9, 0))
        .unwrap_err();
    assert_eq!(e.code(), "state.not_allowed", "{e}");
}

#[test]
fn lf_000_art3_2_4_a_class_four_sheet_prints_no_invented_limit() {
    let (l, _, c) = lf_assigned(
        "政策执行",
        "希望享受已到期的优惠政策。",
        "经济发展部",
        "四类",
    );
    assert!(
        c.deadlines.is_empty(),
        "四类: 耐心向企业说明原因, no time named"
    );
    let sheet = zhitong_print::ledger::assignment_sheet(&c).unwrap();
    assert_eq!(sheet.deadline, "无规定时限");
    assert!(sheet.milestones.is_empty());
    assert!(l.agenda(t(2026, 4, 1, 9, 0)).unwrap().overdue.is_empty());
}

#[test]
fn lf_000_art3_2_2_an_administrator_moves_a_milestones_clock_start_in_the_settings() {
    let mut l = ledger();
    with_policy(&mut l, "廊坊");
    // The park decides 二类's 24 h run from receipt instead of the assignment.
    let admin = l.admin_unprotected("管理员", "修改设置").unwrap();
    let mut s = l.settings().unwrap();
    let two = s
        .policies
        .iter_mut()
        .find(|p| p.name == "廊坊")
        .and_then(|p| p.classes.iter_mut().find(|c| c.name == "二类"))
        .unwrap();
    assert_eq!(
        two.milestones[0].start,
        StartPoint::Assigned,
        "the preset: 交办"
    );
    two.milestones[0].start = StartPoint::Received;
    l.save_settings(&s, &admin, t(2026, 3, 1, 8, 0)).unwrap();
    let id = case(
        &mut l,
        "新奥能源有限公司",
        "求助",
        "用电保障",
        "厂区变压器故障。",
        t(2026, 3, 2, 9, 0),
    );
    let c = l
        .accept_as(id, "", "二类", &clerk(), t(2026, 3, 2, 9, 30))
        .unwrap();
    assert_eq!(c.deadlines[0].start_at, t(2026, 3, 2, 9, 0));
    assert_eq!(
        c.deadlines[0].due_at,
        t(2026, 3, 3, 9, 0),
        "24 h from receipt"
    );
}

// ---- issue 14 §10: each class of 002 and 000's 二类, on time and late -----------------

/// 002 第10条: 咨询类 1, 专业类 5, 综合类 10 and 共性类 15 working days "接到企业诉求后".
/// Received Monday 2 March 09:00, each class has one case answered on its last day and
/// one answered the working day after; the agenda, the case and 按期办结率 agree.
#[test]
fn jx_002_art10_each_class_is_on_time_on_its_last_day_and_late_the_day_after() {
    let mut l = ledger();
    let classes = [
        ("咨询类", (3, 3), (3, 4)),
        ("专业类", (3, 9), (3, 10)),
        ("综合类", (3, 16), (3, 17)),
        ("共性类", (3, 23), (3, 24)),
    ];
    let mut cases = Vec::new();
    for (class, (dm, dd), (lm, ld)) in classes {
        for late in [false, true] {
            let (id, c) = accepted_and_assigned(
                &mut l,
                &format!("{class}{}有限公司", if late { "乙" } else { "甲" }),
                "政策执行",
                "申请技改补助，材料已提交。",
                "经济发展部",
                class,
                t(2026, 3, 2, 9, 0),
            );
            assert_eq!(
                c.deadlines[0].due_at,
                t(2026, dm, dd, 23, 59) + chrono::Duration::seconds(59),
                "{class}: counted in working days from the receipt"
            );
            cases.push((
                class,
                late,
                id,
                t(2026, dm, dd, 16, 0),
                t(2026, lm, ld, 9, 0),
            ));
        }
    }
    for &(class, late, id, last_day, day_after) in &cases {
        let when = if late { day_after } else { last_day };
        if late {
            let overdue = l.agenda(day_after).unwrap().overdue;
            assert!(
                overdue.iter().any(|i| i.case_id == id),
                "{class}: not answered on its last day, it is overdue the morning after"
            );
        }
        l.reply(id, &reply(Outcome::A, "补助已拨付"), &clerk(), when)
            .unwrap();
        l.evaluate(
            id,
            &satisfied(),
            &clerk(),
            when + chrono::Duration::hours(1),
        )
        .unwrap();
        l.close(id, "", &clerk(), when + chrono::Duration::hours(2))
            .unwrap();
    }
    let s = zhitong_report::summarize(
        &l,
        zhitong_report::Period::month(2026, 3).unwrap(),
        t(2026, 3, 31, 12, 0),
    )
    .unwrap();
    assert_eq!(
        (s.closed, s.closed_on_time),
        (8, 4),
        "one of each class on time, one late: 按期办结率 50%"
    );
}

/// 000 三(二)2: 第二类 "24小时内办结并反馈企业", counted from the assignment in hours, not
/// working days (the weekend counts).
#[test]
fn lf_000_art3_2_2_a_class_two_case_is_done_within_24_hours_of_the_assignment() {
    let (l, id, c) = lf_assigned(
        "用电保障",
        "厂区停电，请协调供电公司抢修。",
        "经济发展部",
        "二类",
    );
    assert_eq!(c.deadlines.len(), 1);
    assert_eq!(
        c.deadlines[0].due_at,
        t(2026, 3, 3, 10, 0),
        "24 hours after the 10:00 assignment"
    );
    let a = l.agenda(t(2026, 3, 3, 9, 59)).unwrap();
    assert!(
        a.overdue.iter().all(|i| i.case_id != id),
        "within the 24 hours it is not overdue"
    );
    let a = l.agenda(t(2026, 3, 3, 10, 1)).unwrap();
    assert!(
        a.overdue.iter().any(|i| i.case_id == id),
        "a minute past the 24 hours it is overdue"
    );
}

/// 001's four calls to the 2212345 hotline, replayed: 乐喜仕's green belt (a plan the
/// same day, moved), 德利发's worker's child (a school place found), 宝庄窗业's night trips
/// (the cause found, "已研究出解决方案": B, still being solved) and 青泰机械's tap water
/// (still with the department). The month's report then says 001's sentence.
#[test]
fn seed_001_four_hotline_calls_and_the_sentence_the_report_makes_of_them() {
    let mut l = ledger();
    let calls = [
        (
            "山东乐喜仕生物科技有限公司",
            "根据规划公司开门需移植北三环南侧绿化带树木及绿篱，请求协调解决。",
            "规划建设部",
            Some(Outcome::A),
        ),
        (
            "德利发金属制品有限公司",
            "员工孩子入学问题，该员工居住范庵家园。",
            "社会事务部",
            Some(Outcome::A),
        ),
        (
            "宝庄窗业有限公司",
            "夜间生产电经常跳闸，影响正常生产。",
            "经济发展部",
            Some(Outcome::B),
        ),
        ("青泰机械有限公司", "安装自来水的问题。", "经济发展部", None),
    ];
    let mut ids = Vec::new();
    for (i, (enterprise, text, lead, outcome)) in calls.iter().enumerate() {
        let received = t(2026, 3, 2, 9, 10 * i as u32);
        let (id, _) = accepted_and_assigned(
            &mut l,
            enterprise,
            "政策执行",
            text,
            lead,
            "专业类",
            received,
        );
        let at = t(2026, 3, 4, 15, 0);
        match outcome {
            Some(Outcome::B) => {
                let b = ReplyInput {
                    until: Some(chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()),
                    ..reply(
                        Outcome::B,
                        "查明跳闸系电网谐波所致，已研究出解决方案，正在加装滤波装置",
                    )
                };
                l.reply(id, &b, &clerk(), at).unwrap();
            }
            Some(o) => {
                l.reply(id, &reply(*o, "已协调解决"), &clerk(), at).unwrap();
                l.evaluate(id, &satisfied(), &clerk(), at + chrono::Duration::hours(1))
                    .unwrap();
                l.close(id, "", &clerk(), at + chrono::Duration::hours(2))
                    .unwrap();
            }
            None => {}
        }
        ids.push(id);
    }
    let states: Vec<CaseState> = ids.iter().map(|id| l.case(*id).unwrap().state).collect();
    assert_eq!(
        states,
        vec![
            CaseState::Closed,
            CaseState::Closed,
            CaseState::Replied,
            CaseState::Assigned
        ],
        "A closes, B stays open with its promised date, the water case is still assigned"
    );
    let s = zhitong_report::summarize(
        &l,
        zhitong_report::Period::month(2026, 3).unwrap(),
        t(2026, 3, 5, 12, 0),
    )
    .unwrap();
    assert_eq!(
        s.headline, "2026年3月，受理企业求助共4件，其中解决企业求助类2件，答复解决满意率100.0%。",
        "001: 受理企业咨询、诉求、建议…件，其中解决企业诉求类…件，答复解决满意率…"
    );
}

/// 003 附件4 under the 正阳 preset: the class 区级部门办理's "5个工作日内函告办理情况"
/// counts from the letter and is the letter's own limit — one clock on the case, which the
/// park's reply to the enterprise leaves running and the bureau's written answer meets.
#[test]
fn zy_003_annex4_a_district_class_has_one_letter_clock_met_only_by_the_bureau() {
    let mut l = ledger();
    with_policy(&mut l, "正阳");
    let (id, c) = accepted_and_assigned(
        &mut l,
        "正阳精密机械制造有限公司",
        "用地审批",
        "二期厂房规划许可证迟迟未批。",
        "区规划自然资源局",
        "区级部门办理",
        t(2026, 3, 2, 9, 0),
    );
    let running: Vec<(&str, zhitong_domain::DeadlineKind)> = c
        .deadlines
        .iter()
        .filter(|d| d.met_at.is_none())
        .map(|d| (d.label.as_str(), d.kind))
        .collect();
    assert_eq!(
        running,
        vec![("区级部门函告办理情况", zhitong_domain::DeadlineKind::Letter)],
        "one clock: the class's letter milestone is the letter's limit"
    );
    assert_eq!(
        c.deadlines[0].due_at,
        t(2026, 3, 9, 23, 59) + chrono::Duration::seconds(59),
        "5 working days from the letter"
    );
    let c = l
        .reply(
            id,
            &reply(Outcome::A, "已协调加快审批"),
            &clerk(),
            t(2026, 3, 5, 10, 0),
        )
        .unwrap();
    assert!(
        c.deadlines
            .iter()
            .any(|d| d.kind == zhitong_domain::DeadlineKind::Letter && d.met_at.is_none()),
        "the park's reply leaves the bureau's limit running"
    );
    let c = l
        .bureau_reply(
            id,
            "区规划自然资源局函复：许可证已核发",
            &clerk(),
            t(2026, 3, 6, 15, 0),
        )
        .unwrap();
    assert!(
        c.deadlines
            .iter()
            .filter(|d| d.kind == zhitong_domain::DeadlineKind::Letter)
            .all(|d| d.met_at == Some(t(2026, 3, 6, 15, 0))),
        "the bureau's written answer meets it"
    );
}

/// 000 二(二): a request posted in the 政企服务“直通”微信群 needs its 解决方案 within 24
/// hours of the post — counted from the receipt, so a late 交办 does not buy time.
#[test]
fn lf_000_sec2_2_a_wechat_group_request_has_its_solution_due_24_hours_after_the_post() {
    let mut l = ledger();
    with_policy(&mut l, "廊坊");
    let input: NewCase = serde_json::from_value(serde_json::json!({
        "received_at": t(2026, 3, 6, 18, 30).to_rfc3339(), "channel": "微信", "nature": "求助",
        "category": "用电保障", "description": "群内反映：厂区变压器冒烟，请紧急协调。",
        "enterprise": {"name": "新奥能源有限公司"},
        "contact": {"name": "王经理", "phone": "13800000000"}
    }))
    .unwrap();
    let id = l
        .register(&input, &clerk(), t(2026, 3, 6, 18, 35))
        .unwrap()
        .id;
    l.accept(id, "", &clerk(), t(2026, 3, 7, 9, 0)).unwrap();
    let c = l
        .assign(
            id,
            &assign("经济发展部", &[], "微信群诉求"),
            &clerk(),
            t(2026, 3, 7, 9, 30),
        )
        .unwrap();
    assert_eq!(c.deadlines.len(), 1);
    assert_eq!(c.deadlines[0].label, "提出解决方案（群内文字答复）");
    assert_eq!(
        c.deadlines[0].due_at,
        t(2026, 3, 7, 18, 30),
        "24 hours after the Friday-evening post, over the weekend too"
    );
    assert!(
        l.agenda(t(2026, 3, 7, 18, 31))
            .unwrap()
            .overdue
            .iter()
            .any(|i| i.case_id == id),
        "past the 24 hours the case is overdue"
    );
}

/// 002 第11条 with 转办: the old department was urged this morning, then the case moved to
/// another; the new department has not been urged, so the case is on 今日应催办 again.
#[test]
fn jx_002_art11_after_a_same_day_reassignment_the_new_department_is_due_an_urge() {
    let mut l = ledger();
    let (id, _) = accepted_and_assigned(
        &mut l,
        "隆鑫新材料有限公司",
        "用地审批",
        "厂房竣工验收迟迟未办。",
        "规划建设部",
        "专业类",
        t(2026, 3, 2, 9, 0),
    );
    let urge = UrgeInput {
        way: "电话".into(),
        content: "请今日内反馈".into(),
    };
    l.urge(id, &urge, &clerk(), t(2026, 3, 11, 9, 0)).unwrap();
    let due = |l: &Ledger, at| {
        l.agenda(at)
            .unwrap()
            .urge_due
            .iter()
            .any(|i| i.case_id == id)
    };
    assert!(
        !due(&l, t(2026, 3, 11, 9, 30)),
        "urged this morning: not due again today"
    );
    l.reassign(
        id,
        &AssignInput {
            reason: "属经济发展部职责".into(),
            ..assign("经济发展部", &[], "专业类")
        },
        &clerk(),
        t(2026, 3, 11, 10, 0),
    )
    .unwrap();
    assert!(
        due(&l, t(2026, 3, 11, 10, 30)),
        "the new department, still late on the receipt-counted limit, is due its first urge"
    );
}

// ---- issue 15: filing, the leading group's decisions, joint meetings ---------------

/// 备案: the department's report, signed by its head (000 三(二)2–4).
fn file_report(l: &mut Ledger, id: i64, at: Instant) {
    l.file_report(
        id,
        &zhitong_store::FilingInput {
            text: "办理情况报告".into(),
            signed_by: "王部长".into(),
            file: None,
        },
        &clerk(),
        at,
    )
    .unwrap();
}

fn lf_close_ready(l: &mut Ledger, id: i64) {
    l.reply(
        id,
        &reply(Outcome::A, "已协调供电公司抢修，当日恢复供电"),
        &clerk(),
        t(2026, 3, 2, 16, 0),
    )
    .unwrap();
    l.evaluate(id, &satisfied(), &clerk(), t(2026, 3, 3, 9, 0))
        .unwrap();
}

#[test]
fn lf_000_s3_2_close_needs_filed_report() {
    // 000 三(二)2: 二类 "将办理情况形成报告，经本部门主要负责人签字后提交备案".
    let (mut l, id, _) = lf_assigned(
        "用电保障",
        "厂区停电，请协调供电公司抢修。",
        "经济发展部",
        "二类",
    );
    lf_close_ready(&mut l, id);
    let before = events(&l, id);
    let err = l
        .close(id, "", &clerk(), t(2026, 3, 3, 10, 0))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("备案") && err.contains("二类") && err.contains("file-report"),
        "the refusal names what is missing and what to do: {err}"
    );
    assert_eq!(events(&l, id), before, "a refused close writes nothing");
    assert_eq!(l.case(id).unwrap().state, CaseState::Replied);
    let a = l.agenda(t(2026, 3, 3, 10, 0)).unwrap();
    assert!(
        a.awaiting_filing.iter().any(|i| i.case_id == id),
        "the replied case waits on the 工作台 as 待备案"
    );
    let c = l
        .file_report(
            id,
            &zhitong_store::FilingInput {
                text: "已于3月2日协调供电公司抢修，当日16时恢复供电。".into(),
                signed_by: "王部长".into(),
                file: None,
            },
            &clerk(),
            t(2026, 3, 3, 10, 5),
        )
        .unwrap();
    assert_eq!(c.filings.len(), 1);
    assert_eq!(c.filings[0].signed_by, "王部长");
    assert_eq!(c.filings[0].department, "经济发展部", "the lead reported");
    assert_eq!(events(&l, id), before + 1, "备案 is one audited event");
    assert!(c.events.last().unwrap().summary.contains("备案"));
    let a = l.agenda(t(2026, 3, 3, 10, 6)).unwrap();
    assert!(a.awaiting_filing.iter().all(|i| i.case_id != id));
    let c = l.close(id, "", &clerk(), t(2026, 3, 3, 10, 10)).unwrap();
    assert_eq!(c.state, CaseState::Closed, "filed, the case is struck off");
}

#[test]
fn lf_000_s3_2_which_classes_need_the_report_before_close() {
    // Table: class → needs 备案 (000 三(二)2–4 for 廊坊 二、三、四类; 嘉兴 does not say so).
    for (policy, class, needs) in [
        ("廊坊", "二类", true),
        ("廊坊", "三类", true),
        ("廊坊", "四类", true),
        ("廊坊", "一类", false),
        ("嘉兴", "专业类", false),
    ] {
        let s = zhitong_domain::Settings::default();
        let c = s
            .policies
            .iter()
            .find(|p| p.name == policy)
            .and_then(|p| p.class(class))
            .unwrap();
        assert_eq!(c.filing_required, needs, "{policy} {class}");
    }
}

/// A 嘉兴 专业类 case assigned to 经济发展部 on Monday 3-2, overdue from 3-10 and urged on
/// three working days: escalated to the leading group (002 第11条).
fn escalated(l: &mut Ledger, enterprise: &str) -> i64 {
    let (id, _) = accepted_and_assigned(
        l,
        enterprise,
        "用地审批",
        "二期厂房规划许可迟迟未批。",
        "经济发展部",
        "专业类",
        t(2026, 3, 2, 9, 0),
    );
    for d in [10, 11, 12] {
        l.urge(
            id,
            &UrgeInput {
                way: "电话".into(),
                content: "请抓紧办理".into(),
            },
            &clerk(),
            t(2026, 3, d, 9, 0),
        )
        .unwrap();
    }
    assert!(l.case(id).unwrap().escalated, "three urges escalate");
    id
}

#[test]
fn jx_002_art11_a_decision_after_escalation_moves_the_case() {
    let mut l = ledger();
    let id = escalated(&mut l, "正阳精密机械制造有限公司");
    let decision = zhitong_store::DecisionInput {
        text: "改由规划建设部牵头，按综合类办理".into(),
        lead: Some("规划建设部".into()),
        handling_class: Some("综合类".into()),
        ..Default::default()
    };
    let before = events(&l, id);
    let err = l
        .decide(id, &decision, &clerk(), t(2026, 3, 12, 10, 0))
        .unwrap_err();
    assert!(
        err.to_string().contains("领导"),
        "only a leader records it: {err}"
    );
    assert_eq!(events(&l, id), before, "refused, nothing is written");
    let c = l
        .decide(id, &decision, &leader(), t(2026, 3, 12, 10, 0))
        .unwrap();
    assert!(!c.escalated, "the decision ends the escalation");
    let a = c.assignment.as_ref().unwrap();
    assert_eq!(a.lead, "规划建设部");
    assert_eq!(a.handling_class, "综合类");
    assert_eq!(c.handling_class.as_deref(), Some("综合类"));
    assert_eq!(c.previous_assignments[0].lead, "经济发展部", "history kept");
    assert_eq!(c.state, CaseState::Assigned);
    assert_eq!(c.decisions.len(), 1);
    assert_eq!(c.decisions[0].lead.as_deref(), Some("规划建设部"));
    let running: Vec<_> = c.deadlines.iter().filter(|d| d.met_at.is_none()).collect();
    assert_eq!(
        running.len(),
        1,
        "the old limit gave way to the new class's"
    );
    assert_eq!(
        running[0].due_at.date_naive().to_string(),
        "2026-03-16",
        "综合类: 10 working days from receipt (002 第10条), as the class says"
    );
    assert_eq!(events(&l, id), before + 1, "one audited event");
    let last = c.events.last().unwrap();
    assert_eq!(last.action, "decide");
    assert!(last.summary.contains("领导小组决定") && last.summary.contains("规划建设部"));
    assert!(
        l.agenda(t(2026, 3, 12, 11, 0))
            .unwrap()
            .escalated
            .iter()
            .all(|i| i.case_id != id),
        "no longer waiting for the leading group"
    );
    // A second decision: the case is no longer escalated.
    let err = l
        .decide(id, &decision, &leader(), t(2026, 3, 12, 11, 0))
        .unwrap_err()
        .to_string();
    assert!(err.contains("未提交领导小组督办"), "{err}");
}

#[test]
fn jx_002_art11_a_decision_with_a_new_limit_shows_on_the_board() {
    let mut l = ledger();
    let id = escalated(&mut l, "嘉禾食品有限公司");
    let c = l
        .decide(
            id,
            &zhitong_store::DecisionInput {
                text: "经济发展部明日前办结".into(),
                until: Some(chrono::NaiveDate::from_ymd_opt(2026, 3, 13).unwrap()),
                ..Default::default()
            },
            &leader(),
            t(2026, 3, 12, 10, 0),
        )
        .unwrap();
    assert!(!c.escalated);
    assert_eq!(
        c.assignment.as_ref().unwrap().lead,
        "经济发展部",
        "same lead"
    );
    let running: Vec<_> = c.deadlines.iter().filter(|d| d.met_at.is_none()).collect();
    assert_eq!(running.len(), 1);
    assert_eq!(running[0].label, "领导小组决定办结");
    assert_eq!(running[0].due_at.date_naive().to_string(), "2026-03-13");
    let b = l.board(t(2026, 3, 13, 9, 0)).unwrap();
    let item = b
        .groups
        .iter()
        .flat_map(|g| &g.items)
        .find(|i| i.case_id == id)
        .expect("due today: on the board");
    assert_eq!(item.decision.as_deref(), Some("经济发展部明日前办结"));
}

#[test]
fn lf_000_s5_3_a_joint_meeting_decides_two_common_cases_and_prints_its_minutes() {
    let mut l = ledger();
    let admin = l.admin_unprotected("管理员", "设置").unwrap();
    l.set_department_contacts(
        "经济发展部",
        &zhitong_store::DepartmentContacts {
            commissioner: "王建".into(),
            phone: "023-79429601".into(),
            deputy: "刘强".into(),
            deputy_phone: "13800000003".into(),
            liaison: "陈丽".into(),
            liaison_phone: "13800000004".into(),
        },
        &admin,
        t(2026, 3, 1, 9, 0),
    )
    .unwrap();
    // One flagged 共性问题 at screening, the other later.
    let a = case(
        &mut l,
        "宝庄窗业有限公司",
        "求助",
        "用电保障",
        "园区东片夜间电压不稳，多家企业设备跳闸。",
        t(2026, 3, 2, 9, 0),
    );
    let c = l
        .accept_flagged(a, "", None, true, &clerk(), t(2026, 3, 2, 9, 30))
        .unwrap();
    assert!(c.common_issue);
    let b = case(
        &mut l,
        "青泰机械有限公司",
        "求助",
        "用水保障",
        "园区东片自来水压力不足。",
        t(2026, 3, 3, 9, 0),
    );
    l.accept(b, "", &clerk(), t(2026, 3, 3, 9, 30)).unwrap();
    let c = l
        .mark_common(b, "东片企业普遍反映", &clerk(), t(2026, 3, 3, 10, 0))
        .unwrap();
    assert!(c.common_issue);
    assert!(
        l.mark_common(b, "", &clerk(), t(2026, 3, 3, 10, 1))
            .is_err(),
        "flagged twice is refused"
    );
    let agenda: Vec<i64> = l
        .meeting_agenda()
        .unwrap()
        .iter()
        .map(|c| c.row.id)
        .collect();
    assert_eq!(
        agenda,
        vec![a, b],
        "both are on the next joint meeting's agenda"
    );
    let m = l
        .add_meeting(
            &zhitong_store::MeetingInput {
                kind: zhitong_domain::MeetingKind::Joint,
                held_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
                attendees: vec!["经济发展部".into(), "规划建设部".into()],
                minutes: "会议由经济发展部召集，研究园区东片企业反映的共性问题。".into(),
                items: vec![
                    zhitong_store::MeetingDecisionInput {
                        case_id: a,
                        decision: "由经济发展部牵头协调供电公司改造东片线路".into(),
                    },
                    zhitong_store::MeetingDecisionInput {
                        case_id: b,
                        decision: "由规划建设部会同水务公司增设加压泵站".into(),
                    },
                ],
            },
            &clerk(),
            t(2026, 3, 10, 17, 0),
        )
        .unwrap();
    assert_eq!(m.number, "2026年第1次联席会议");
    assert_eq!(m.items.len(), 2);
    assert!(
        l.meeting_agenda().unwrap().is_empty(),
        "taken up: off the agenda"
    );
    for (id, words) in [(a, "东片线路"), (b, "加压泵站")] {
        let last = l.case(id).unwrap().events.last().unwrap().clone();
        assert_eq!(last.action, "meeting_note");
        assert!(
            last.summary.contains("2026年第1次联席会议") && last.summary.contains(words),
            "the decision is on the case's timeline: {}",
            last.summary
        );
    }
    // A meeting in the future, or one without a decision, is refused and writes nothing.
    let n = l.meetings().unwrap().len();
    assert!(l
        .add_meeting(
            &zhitong_store::MeetingInput {
                kind: zhitong_domain::MeetingKind::Joint,
                held_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
                attendees: vec![],
                minutes: String::new(),
                items: vec![zhitong_store::MeetingDecisionInput {
                    case_id: a,
                    decision: String::new(),
                }],
            },
            &clerk(),
            t(2026, 3, 10, 17, 0),
        )
        .is_err());
    assert_eq!(l.meetings().unwrap().len(), n);

    let fonts = zhitong_print::Fonts::load_system().expect("CJK fonts (fonts-noto-cjk)");
    let pdf = zhitong_print::ledger::render_minutes(&m, &l.settings().unwrap(), &fonts).unwrap();
    let path = std::env::temp_dir().join(format!("zhitong-minutes-{}.pdf", std::process::id()));
    std::fs::write(&path, &pdf).unwrap();
    let out = match std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("pdftotext not available ({e}): minutes text not checked");
            return;
        }
    };
    let text: String = String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for want in [
        "2026年第1次联席会议纪要",
        "2026年3月10日",
        "经济发展部、规划建设部",
        "宝庄窗业有限公司",
        "东片线路",
        "青泰机械有限公司",
        "加压泵站",
        "领导小组办公室",
    ] {
        assert!(text.contains(want), "the minutes say {want}: {text}");
    }
}

#[test]
fn jx_002_art11_a_leading_group_meeting_decides_an_escalated_case() {
    let mut l = ledger();
    let id = escalated(&mut l, "正阳精密机械制造有限公司");
    let input = zhitong_store::MeetingInput {
        kind: zhitong_domain::MeetingKind::LeadingGroup,
        held_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 12).unwrap(),
        attendees: vec![],
        minutes: String::new(),
        items: vec![zhitong_store::MeetingDecisionInput {
            case_id: id,
            decision: "请经济发展部一周内办结".into(),
        }],
    };
    assert!(
        l.add_meeting(&input, &clerk(), t(2026, 3, 12, 16, 0))
            .is_err(),
        "the decision on an escalated case needs a leader"
    );
    assert!(
        l.meetings().unwrap().is_empty(),
        "nothing of it was written"
    );
    let m = l
        .add_meeting(&input, &leader(), t(2026, 3, 12, 16, 0))
        .unwrap();
    assert!(m.items[0].ended_escalation);
    let c = l.case(id).unwrap();
    assert!(!c.escalated);
    assert_eq!(
        c.decisions[0].meeting.as_deref(),
        Some("2026年第1次领导小组会议")
    );
    let s = l
        .decisions_between(t(2026, 3, 1, 0, 0), t(2026, 4, 1, 0, 0))
        .unwrap();
    assert_eq!(s.len(), 1);
}

#[test]
fn jx_002_art12_the_monthly_analysis_lists_the_months_decisions_and_meetings() {
    let mut l = ledger();
    let a = escalated(&mut l, "正阳精密机械制造有限公司");
    let b = escalated(&mut l, "嘉禾食品有限公司");
    l.add_meeting(
        &zhitong_store::MeetingInput {
            kind: zhitong_domain::MeetingKind::LeadingGroup,
            held_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 12).unwrap(),
            attendees: vec!["经济发展部".into()],
            minutes: String::new(),
            items: vec![zhitong_store::MeetingDecisionInput {
                case_id: a,
                decision: "请经济发展部一周内办结".into(),
            }],
        },
        &leader(),
        t(2026, 3, 12, 16, 0),
    )
    .unwrap();
    l.decide(
        b,
        &zhitong_store::DecisionInput {
            text: "改由规划建设部牵头".into(),
            lead: Some("规划建设部".into()),
            ..Default::default()
        },
        &leader(),
        t(2026, 3, 13, 9, 0),
    )
    .unwrap();
    let march = zhitong_report::Period::parse("2026-03").unwrap();
    let s = zhitong_report::summarize(&l, march, t(2026, 3, 31, 12, 0)).unwrap();
    assert_eq!(s.meetings.len(), 1);
    assert_eq!(s.meetings[0].number, "2026年第1次领导小组会议");
    assert_eq!(
        s.decisions.len(),
        2,
        "the meeting's decision and the leader's"
    );
    assert_eq!(s.decisions[1].lead.as_deref(), Some("规划建设部"));
    let lines = zhitong_report::summary::decisions_and_meetings(&s);
    assert!(lines[0].contains("本期召开会议1次") && lines[0].contains("领导小组会议"));
    assert!(
        lines[1].contains("领导小组本期作出决定2件") && lines[1].contains("改由规划建设部牵头")
    );
    let april = zhitong_report::Period::parse("2026-04").unwrap();
    let s = zhitong_report::summarize(&l, april, t(2026, 4, 30, 12, 0)).unwrap();
    assert!(
        s.meetings.is_empty() && s.decisions.is_empty(),
        "March's, not April's"
    );
}
