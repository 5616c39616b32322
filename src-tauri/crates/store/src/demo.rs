//! Realistic synthetic ledgers for demos and benchmarks (`zhitong demo`): Chinese
//! enterprise names with valid credit codes, plausible problem texts per category, cases
//! spread over years in every workflow state, with assignments, deadlines computed by the
//! real calendar, urges, replies and evaluations. Deterministic for a given seed and `now`.
//! Every case is written by the same steps the clerk's actions use (so a demo case's
//! rows and timeline are those of a real one), all in one transaction with the settings
//! and calendar read once.

use chrono::Duration;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use zhitong_domain::{
    credit_code, ContactInput, EnterpriseInput, Instant, NewCase, Outcome, RejectReason, Role,
    Satisfaction,
};

use crate::actions::steps;
use crate::{
    AssignInput, EvaluateInput, Ledger, Operator, RejectInput, ReplyInput, Result, UrgeInput,
};

const PLACES: &[&str] = &[
    "正阳", "黔江", "渝东", "武陵", "宝庄", "城东", "新华", "舟白", "冯家", "石会",
];
const NAMES: &[&str] = &[
    "宏达", "金诚", "恒信", "瑞丰", "华源", "鑫盛", "天润", "永兴", "聚力", "嘉禾", "博远", "顺通",
    "汇川", "凯利", "隆鑫", "泰和", "美佳", "立信", "众合", "宇航", "荣昌", "益民", "康泰", "晨光",
];
const TRADES: &[&str] = &[
    "窗业",
    "机械制造",
    "新材料",
    "食品",
    "电子科技",
    "建材",
    "物流",
    "纺织",
    "化工",
    "包装",
    "汽车零部件",
    "医药",
    "农业开发",
    "家具",
    "印务",
    "环保科技",
];
const FORMS: &[&str] = &["有限公司", "有限责任公司", "股份有限公司"];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "冉", "向",
];
const TITLES: &[&str] = &[
    "总经理",
    "副总经理",
    "办公室主任",
    "财务总监",
    "行政经理",
    "董事长",
    "生产厂长",
];

/// (category, problem texts, the department that handles it, handling class)
const PROBLEMS: &[(&str, &[&str], &str, &str)] = &[
    (
        "用电保障",
        &[
            "夜间生产经常跳闸，近一个月停电{n}次，影响订单交付。",
            "新增生产线需要增容{n}00千伏安，申请已提交两个月未见答复。",
            "厂区变压器老化，用电高峰时电压不稳，设备频繁报警。",
        ],
        "国网区供电公司",
        "专业类",
    ),
    (
        "用地审批",
        &[
            "二期厂房用地手续办理缓慢，规划许可证迟迟未批。",
            "项目用地红线与实际地块有出入，需协调重新勘界。",
        ],
        "区规划自然资源局",
        "综合类",
    ),
    (
        "招工用工",
        &[
            "今年招工缺口约{n}0人，希望园区协助组织专场招聘会。",
            "外地员工子女入学需要协调学位，共{n}名学生。",
        ],
        "区人力社保局",
        "专业类",
    ),
    (
        "融资服务",
        &[
            "企业流动资金紧张，希望协调银行办理{n}00万元贷款。",
            "申请的贴息资金尚未到位，请帮助了解进度。",
        ],
        "财政金融部",
        "专业类",
    ),
    (
        "政策执行",
        &[
            "想咨询今年技术改造补助政策的申报条件和时间。",
            "去年申报的稳岗补贴至今未拨付，请协助查询。",
        ],
        "经济发展部",
        "咨询类",
    ),
    (
        "项目推动",
        &[
            "新建项目环评审批进度较慢，影响开工。",
            "项目竣工验收涉及消防、规划等多个部门，希望统筹协调。",
        ],
        "规划建设部",
        "综合类",
    ),
    (
        "软环境建设",
        &[
            "园区道路破损严重，大货车通行困难，雨天积水。",
            "厂区周边路灯损坏{n}盏，夜班员工出行不安全。",
            "企业门口公交站点撤销，员工通勤不便。",
        ],
        "规划建设部",
        "专业类",
    ),
    (
        "人才服务",
        &["引进的高级工程师申请人才公寓，请协助办理。"],
        "社会事务部",
        "专业类",
    ),
    (
        "合同履行",
        &["招商合同约定的配套道路尚未建设，影响物流。"],
        "招商合作部",
        "共性类",
    ),
    (
        "用水保障",
        &["厂区自来水压力不足，高峰时段无法正常生产。"],
        "规划建设部",
        "专业类",
    ),
];
const CHANNELS: &[&str] = &[
    "热线电话",
    "热线电话",
    "热线电话",
    "微信",
    "现场窗口",
    "电子邮件",
    "领导联系企业",
    "网站/平台",
];
const NATURES: &[&str] = &["求助", "求助", "求助", "咨询", "投诉", "建议"];

fn enterprise_name(rng: &mut StdRng) -> String {
    format!(
        "{}{}{}{}",
        pick(rng, PLACES),
        pick(rng, NAMES),
        pick(rng, TRADES),
        pick(rng, FORMS)
    )
}

fn pick<'a>(rng: &mut StdRng, v: &[&'a str]) -> &'a str {
    v[rng.random_range(0..v.len())]
}

fn credit(rng: &mut StdRng) -> String {
    const CS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut s = String::from("915002");
    for _ in 0..3 {
        s.push((b'0' + rng.random_range(0..10u8)) as char);
    }
    for _ in 0..8 {
        s.push(CS[rng.random_range(0..CS.len())] as char);
    }
    let c = credit_code::check_char(&s).expect("generated from the allowed set");
    s.push(c);
    s
}

/// One synthetic enterprise with its contact.
struct DemoEnterprise {
    name: String,
    credit_code: String,
    address: String,
    contact: String,
    title: &'static str,
    phone: String,
}

impl Ledger {
    /// Adds `n` synthetic cases received over the `years` before `now`. Every case goes
    /// through the same steps a clerk's actions take (登记, 受理, 交办, 催办, 答复, 评价,
    /// 销号…), so its rows and its timeline are those of a real case; all of it is one
    /// transaction.
    pub fn fill_demo(&mut self, n: usize, seed: u64, years: u32, now: Instant) -> Result<usize> {
        let mut rng = StdRng::seed_from_u64(seed);
        let ent_count = (n / 6).max(1);
        let span_secs = i64::from(years.max(1)) * 365 * 86_400;
        self.write(|tx| {
            // Each case writes about seven events, and the search trigger re-indexes the
            // whole case on every one of them. Inside this transaction the trigger is set
            // aside and the new cases are indexed once at the end (the backfill that
            // indexes ledgers older than migration 002), then the trigger is put back as
            // it was: a failure rolls all three back with the cases.
            let fts_trigger: String = tx.query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'case_fts_on_event'",
                [],
                |r| r.get(0),
            )?;
            tx.execute_batch("DROP TRIGGER case_fts_on_event")?;
            let settings = tx.settings()?.clone();
            let cal = tx.calendar()?.clone();
            let depts: Vec<String> = tx
                .prepare("SELECT name FROM departments WHERE active = 1 ORDER BY id")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let lead_for = |name: &str| -> Option<String> {
                depts
                    .iter()
                    .find(|d| d.as_str() == name)
                    .or(depts.first())
                    .cloned()
            };
            let clerk = Operator {
                name: "管理员".into(),
                role: Role::Admin,
            };
            let leader = Operator {
                name: "管理员".into(),
                role: Role::Leader,
            };
            let enterprises: Vec<DemoEnterprise> = (0..ent_count)
                .map(|i| DemoEnterprise {
                    name: format!(
                        "{}{}",
                        enterprise_name(&mut rng),
                        if i >= 5000 {
                            format!("（{i}）")
                        } else {
                            String::new()
                        }
                    ),
                    credit_code: credit(&mut rng),
                    address: format!(
                        "{}工业园区{}路{}号",
                        settings.park_name,
                        pick(&mut rng, NAMES),
                        rng.random_range(1..300)
                    ),
                    contact: format!(
                        "{}{}",
                        pick(&mut rng, SURNAMES),
                        if rng.random_bool(0.5) {
                            "经理"
                        } else {
                            "总"
                        }
                    ),
                    title: pick(&mut rng, TITLES),
                    phone: format!(
                        "1{}{:09}",
                        rng.random_range(3..10),
                        rng.random_range(0..1_000_000_000u64)
                    ),
                })
                .collect();
            let mut times: Vec<i64> = (0..n).map(|_| rng.random_range(0..span_secs)).collect();
            times.sort_unstable_by(|a, b| b.cmp(a));
            let mut made = 0;
            for ago in times {
                let received = now - Duration::seconds(ago);
                // Office hours, mostly.
                let received = received
                    - Duration::seconds(
                        i64::from(
                            received
                                .format("%H")
                                .to_string()
                                .parse::<u32>()
                                .unwrap_or(9)
                                % 12,
                        ) * 600,
                    );
                let age_days = (now - received).num_days();
                let e = &enterprises[rng.random_range(0..enterprises.len())];
                let (category, texts, lead, _) = PROBLEMS[rng.random_range(0..PROBLEMS.len())];
                let text =
                    pick(&mut rng, texts).replace("{n}", &rng.random_range(2..9).to_string());
                let nature = pick(&mut rng, NATURES);
                let class = if nature == "咨询" {
                    "咨询类"
                } else {
                    class_for(category)
                };
                let channel = pick(&mut rng, CHANNELS);
                let roll: f64 = rng.random();
                // Older cases are mostly finished; recent ones spread over the states.
                let state = if roll < 0.03 {
                    "rejected"
                } else if age_days > 45 || roll > 0.75 {
                    "closed"
                } else if age_days < 1 {
                    "registered"
                } else if roll < 0.2 {
                    "in_progress"
                } else if roll < 0.35 {
                    "assigned"
                } else if roll < 0.5 {
                    "replied"
                } else if roll < 0.55 {
                    "accepted"
                } else {
                    "closed"
                };
                let input = NewCase {
                    received_at: received,
                    channel: channel.into(),
                    nature: nature.into(),
                    category: category.into(),
                    summary: String::new(),
                    description: text,
                    wanted_department: lead.into(),
                    screening_opinion: String::new(),
                    enterprise: EnterpriseInput {
                        name: e.name.clone(),
                        credit_code: e.credit_code.clone(),
                        address: e.address.clone(),
                    },
                    contact: ContactInput {
                        name: e.contact.clone(),
                        title: e.title.into(),
                        phone: e.phone.clone(),
                        email: String::new(),
                    },
                };
                let id = match crate::register::register(tx, &input, &clerk, received) {
                    Ok(id) => id,
                    // An improbable invalid draw (a duplicate credit code under another
                    // name): leave that case out rather than invent a fix.
                    Err(crate::StoreError::Domain(_)) => continue,
                    Err(e) => return Err(e),
                };
                made += 1;
                let accepted_at =
                    (received + Duration::minutes(rng.random_range(20..600))).min(now);
                let assigned_at =
                    (accepted_at + Duration::minutes(rng.random_range(10..1440))).min(now);
                let late = rng.random_bool(0.12);
                let b_outcome = rng.random_bool(0.5);
                let a_outcome = rng.random_bool(0.82);
                let deemed = rng.random_bool(0.3);
                let satisfaction: f64 = rng.random();
                let stars = [
                    rng.random_range(3..=5),
                    rng.random_range(3..=5),
                    rng.random_range(3..=5),
                ];
                let eval_hours = rng.random_range(2..100);
                let share = rng.random_range(20..95);
                let urges = rng.random_range(0..4);
                let late_hours = rng.random_range(20..120);
                if state == "registered" {
                    continue;
                }
                if state == "rejected" {
                    steps::reject(
                        tx,
                        id,
                        &RejectInput {
                            reason: Some(RejectReason::Litigation),
                            detail: String::new(),
                            told: "已电话告知企业通过法律途径解决".into(),
                        },
                        &clerk,
                        accepted_at,
                    )?;
                    continue;
                }
                steps::accept(tx, id, "", None, &clerk, accepted_at)?;
                if state == "accepted" {
                    continue;
                }
                let Some(lead) = lead_for(lead) else { continue };
                let assign = AssignInput {
                    lead,
                    handling_class: class.into(),
                    ..AssignInput::default()
                };
                steps::assign(tx, id, &assign, &clerk, assigned_at)?;
                let assigned = tx.case(id)?;
                let due = assigned
                    .deadlines
                    .iter()
                    .map(|d| d.due_at)
                    .min()
                    .unwrap_or(assigned_at);
                let by_letter = assigned
                    .assignment
                    .as_ref()
                    .is_some_and(|a| a.letter.is_some());
                // Overdue and not replied: urged once a day after the limit (after the
                // last progress note, if any).
                let urge_after = |tx: &crate::Tx, since: Instant| -> Result<()> {
                    for k in 0..urges {
                        let at = due + Duration::days(i64::from(k) + 1);
                        if at < now && at > since {
                            let urge = UrgeInput {
                                way: "电话".into(),
                                content: "请抓紧办理并反馈".into(),
                            };
                            steps::urge(tx, id, &urge, &clerk, at)?;
                        }
                    }
                    Ok(())
                };
                if state == "assigned" {
                    urge_after(tx, assigned_at)?;
                    continue;
                }
                let progress_at = (assigned_at + Duration::hours(2)).min(now);
                steps::progress(
                    tx,
                    id,
                    "已联系企业了解情况，正在办理",
                    true,
                    &clerk,
                    progress_at,
                )?;
                if state == "in_progress" {
                    urge_after(tx, progress_at)?;
                    continue;
                }
                let reply_at = if late {
                    due + Duration::hours(late_hours)
                } else {
                    assigned_at
                        + Duration::seconds(
                            (due - assigned_at).num_seconds().max(3600) * share / 100,
                        )
                };
                let reply_at = reply_at
                    .max(progress_at + Duration::minutes(5))
                    .min(now - Duration::minutes(5));
                if reply_at <= progress_at {
                    continue;
                }
                let outcome = if a_outcome {
                    Outcome::A
                } else if state == "replied" && b_outcome {
                    Outcome::B
                } else {
                    Outcome::C
                };
                if by_letter {
                    // The bureau answers the letter in writing before the park replies.
                    steps::bureau_reply(
                        tx,
                        id,
                        "区级部门函复：已按函办理，负责人及联系方式见回函",
                        &clerk,
                        reply_at - Duration::minutes(1),
                    )?;
                }
                steps::reply(
                    tx,
                    id,
                    &ReplyInput {
                        way: "电话".into(),
                        text: "已电话答复企业办理情况".into(),
                        outcome,
                        outcome_reason: if outcome == Outcome::C {
                            "受现行政策限制，已向企业解释".into()
                        } else {
                            String::new()
                        },
                        until: (outcome == Outcome::B)
                            .then(|| (reply_at + chrono::Duration::days(20)).date_naive()),
                    },
                    &clerk,
                    reply_at,
                )?;
                if state == "replied" {
                    continue;
                }
                let window_end = zhitong_calendar::due(
                    &cal,
                    reply_at,
                    settings.evaluation_window,
                    settings.day_end_time(),
                )
                .at;
                let eval_at = if deemed {
                    window_end + Duration::minutes(1)
                } else {
                    reply_at + Duration::hours(eval_hours)
                };
                if eval_at >= now {
                    continue;
                }
                if deemed {
                    crate::actions::deem_satisfied_in(tx, id, eval_at)?;
                } else {
                    let result = if satisfaction < 0.88 {
                        Satisfaction::Satisfied
                    } else if satisfaction < 0.96 {
                        Satisfaction::Average
                    } else {
                        Satisfaction::Unsatisfied
                    };
                    steps::evaluate(
                        tx,
                        id,
                        &EvaluateInput {
                            result,
                            quality: Some(stars[0]),
                            attitude: Some(stars[1]),
                            efficiency: Some(stars[2]),
                            comment: String::new(),
                        },
                        &clerk,
                        eval_at,
                    )?;
                    if result == Satisfaction::Unsatisfied {
                        // 003 第10条: an unsatisfied enterprise's case goes back under
                        // special supervision (a leader's decision), not to 销号.
                        steps::reopen(
                            tx,
                            id,
                            "企业不满意，专项督办",
                            None,
                            &leader,
                            eval_at + Duration::hours(1),
                        )?;
                        continue;
                    }
                }
                let closed_at = (eval_at + Duration::hours(2)).min(now);
                steps::close(tx, id, "", &clerk, closed_at)?;
            }
            tx.events().record(
                None,
                now,
                &Operator::system(),
                "demo.fill",
                &format!("生成演示数据 {made} 件（种子 {seed}）"),
                None,
                None,
            )?;
            tx.execute_batch(&fts_trigger)?;
            crate::search::backfill(tx)?;
            Ok(made)
        })
    }
}

fn class_for(category: &str) -> &'static str {
    PROBLEMS
        .iter()
        .find(|p| p.0 == category)
        .map(|p| match p.3 {
            "咨询类" => "咨询类",
            "综合类" => "综合类",
            "共性类" => "共性类",
            _ => "专业类",
        })
        .unwrap_or("专业类")
}
