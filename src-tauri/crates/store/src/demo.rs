//! Realistic synthetic ledgers for demos and benchmarks (`zhitong demo`): Chinese
//! enterprise names with valid credit codes, plausible problem texts per category, cases
//! spread over years in every workflow state, with assignments, deadlines computed by the
//! real calendar, urges, replies and evaluations. Deterministic for a given seed and `now`.
//! Writes in one transaction with prepared statements, so 1 000 000 cases take minutes,
//! not hours.

use chrono::{Datelike, Duration};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::params;
use zhitong_calendar::Span;
use zhitong_domain::{credit_code, numbering, Instant};

use crate::read::unit_id;
use crate::{audit, ts, Ledger, Operator, Result};

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

impl Ledger {
    /// Adds `n` synthetic cases received over the `years` before `now`.
    pub fn fill_demo(&mut self, n: usize, seed: u64, years: u32, now: Instant) -> Result<usize> {
        let mut rng = StdRng::seed_from_u64(seed);
        let settings = self.settings()?;
        let cal = self.calendar()?;
        let depts: Vec<(i64, String)> = self
            .conn()
            .prepare("SELECT id, name FROM departments WHERE active = 1")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let dept_id = |name: &str| {
            depts
                .iter()
                .find(|d| d.1 == name)
                .map(|d| d.0)
                .or(depts.first().map(|d| d.0))
        };
        let op = Operator::system();
        let ent_count = (n / 6).max(1);
        let span_secs = i64::from(years.max(1)) * 365 * 86_400;
        self.write(|tx| {
            let mut ent_ids = Vec::with_capacity(ent_count);
            {
                let mut ins = tx.prepare("INSERT INTO enterprises (name, credit_code, address, created_at) VALUES (?1, ?2, ?3, ?4)")?;
                let mut con = tx.prepare("INSERT INTO contacts (enterprise_id, name, title, phone, email) VALUES (?1, ?2, ?3, ?4, '')")?;
                for i in 0..ent_count {
                    let name = format!("{}{}", enterprise_name(&mut rng), if i >= 5000 { format!("（{i}）") } else { String::new() });
                    let code = credit(&mut rng);
                    let addr = format!("{}工业园区{}路{}号", settings.park_name, pick(&mut rng, NAMES), rng.random_range(1..300));
                    let res = ins.execute(params![name, code, addr, ts(now)]);
                    if res.is_err() {
                        continue; // an improbable duplicate credit code: skip that enterprise
                    }
                    let eid = tx.last_insert_rowid();
                    let cname = format!("{}{}", pick(&mut rng, SURNAMES), if rng.random_bool(0.5) { "经理" } else { "总" });
                    let phone = format!("1{}{:09}", rng.random_range(3..10), rng.random_range(0..1_000_000_000u64));
                    con.execute(params![eid, cname, pick(&mut rng, TITLES), phone])?;
                    ent_ids.push((eid, tx.last_insert_rowid(), name));
                }
            }
            let mut ins_case = tx.prepare(
                "INSERT INTO cases (reg_no, reg_year, reg_seq, received_at, channel, nature, category, summary,
                    description, wanted_department, enterprise_id, contact_id, state, accepted_at, handling_class,
                    outcome, reply_at, reply_way, reply_text, eval_result, eval_quality, eval_attitude,
                    eval_efficiency, eval_deemed, eval_at, closed_at, created_at, updated_at, escalated,
                    reject_reason, reject_told, rejected_at)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?4,?27,?28,?29,?30,?31)",
            )?;
            let mut ins_asg = tx.prepare(
                "INSERT INTO assignments (case_id, assign_no, lead_id, handling_class, route, assigned_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut ins_dl = tx.prepare(
                "INSERT INTO deadlines (case_id, assignment_id, kind, label, start_at, amount, unit, due_at, provisional, met_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            let mut ins_urge = tx.prepare(
                "INSERT INTO urges (case_id, assignment_id, department_id, at, way, by_staff, content, counted)
                 VALUES (?1, ?2, ?3, ?4, '电话', '管理员', '请抓紧办理并反馈', 1)",
            )?;
            let mut ins_ev = tx.prepare(
                "INSERT INTO events (case_id, at, operator, action, summary) VALUES (?1, ?2, '系统', ?3, ?4)",
            )?;
            let mut times: Vec<i64> = (0..n).map(|_| rng.random_range(0..span_secs)).collect();
            times.sort_unstable_by(|a, b| b.cmp(a));
            for ago in times {
                let received = now - Duration::seconds(ago);
                // Office hours, mostly.
                let received = received - Duration::seconds(i64::from(received.format("%H").to_string().parse::<u32>().unwrap_or(9) % 12) * 600);
                let age_days = (now - received).num_days();
                let (eid, cid, ename) = &ent_ids[rng.random_range(0..ent_ids.len())];
                let (category, texts, lead, _) = PROBLEMS[rng.random_range(0..PROBLEMS.len())];
                let wanted = lead;
                let text = pick(&mut rng, texts).replace("{n}", &rng.random_range(2..9).to_string());
                let summary = zhitong_domain::summarize(&text);
                let nature = pick(&mut rng, NATURES);
                let class = if nature == "咨询" { "咨询类" } else { PROBLEMS.iter().find(|p| p.0 == category).map(|_| class_for(category)).unwrap_or("专业类") };
                let year = received.year();
                let seq = crate::next_seq(tx, "reg", year)?;
                let reg_no = numbering::render(&settings.reg_no_format, year, seq)?;
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
                let assigned = matches!(state, "assigned" | "in_progress" | "replied" | "closed");
                let accepted_at = received + Duration::minutes(rng.random_range(20..600));
                let assigned_at = accepted_at + Duration::minutes(rng.random_range(10..1440));
                let limit = match class { "咨询类" => 1, "专业类" => 5, "综合类" => 10, _ => 15 };
                let span = Span::working_days(limit);
                let due = zhitong_calendar::due(&cal, assigned_at, span, settings.day_end_time());
                let replied = matches!(state, "replied" | "closed");
                let late = rng.random_bool(0.12);
                let reply_at = if late {
                    due.at + Duration::hours(rng.random_range(20..120))
                } else {
                    assigned_at + Duration::seconds(((due.at - assigned_at).num_seconds().max(3600)) * rng.random_range(20..95) / 100)
                };
                let reply_at = if reply_at > now { now - Duration::minutes(5) } else { reply_at };
                let outcome = if replied { Some(if rng.random_bool(0.82) { "A" } else if state == "replied" && rng.random_bool(0.5) { "B" } else { "C" }) } else { None };
                let outcome = if state == "closed" && outcome == Some("B") { Some("A") } else { outcome };
                let evaluated = state == "closed";
                let deemed = evaluated && rng.random_bool(0.3);
                let eval_at = reply_at + Duration::hours(rng.random_range(2..100));
                let result = if !evaluated { None } else if deemed { Some("satisfied") } else {
                    let r: f64 = rng.random();
                    Some(if r < 0.88 { "satisfied" } else if r < 0.96 { "average" } else { "unsatisfied" })
                };
                let star = |rng: &mut StdRng| if evaluated && !deemed { Some(rng.random_range(3..=5)) } else { None };
                let (q, a, e) = (star(&mut rng), star(&mut rng), star(&mut rng));
                let closed_at = eval_at + Duration::hours(2);
                let overdue_open = matches!(state, "assigned" | "in_progress") && due.at < now;
                let urges = if overdue_open { rng.random_range(0..4) } else { 0 };
                let rejected = state == "rejected";
                ins_case.execute(params![
                    reg_no, year, seq, ts(received), pick(&mut rng, CHANNELS), nature, category, summary, text, wanted,
                    eid, cid, state, (state != "registered").then(|| ts(accepted_at)), assigned.then_some(class),
                    outcome, replied.then(|| ts(reply_at)), if replied { "电话" } else { "" },
                    if replied { "已电话答复企业办理情况" } else { "" }, result, q, a, e, deemed,
                    evaluated.then(|| ts(eval_at.min(now))), (state == "closed").then(|| ts(closed_at.min(now))),
                    ts(now), urges >= 3,
                    rejected.then_some("litigation"), if rejected { "已电话告知企业通过法律途径解决" } else { "" },
                    rejected.then(|| ts(accepted_at)),
                ])?;
                let case_id = tx.last_insert_rowid();
                ins_ev.execute(params![case_id, ts(received), "register", format!("登记诉求 {reg_no}：{ename}反映{category}问题")])?;
                if assigned {
                    let lead_id = dept_id(lead).unwrap_or(1);
                    let aseq = crate::next_seq(tx, "assign", assigned_at.year())?;
                    let assign_no = numbering::render(&settings.assign_no_format, assigned_at.year(), aseq)?;
                    ins_asg.execute(params![case_id, assign_no, lead_id, class, "leader_in_charge", ts(assigned_at)])?;
                    let aid = tx.last_insert_rowid();
                    ins_dl.execute(params![case_id, aid, "handling", "办结并答复企业", ts(assigned_at), span.amount, unit_id(span.unit), ts(due.at), due.provisional, replied.then(|| ts(reply_at))])?;
                    ins_ev.execute(params![case_id, ts(assigned_at), "assign", format!("交办 {assign_no}：牵头{lead}，{class}")])?;
                    for k in 0..urges {
                        let at = due.at + Duration::days(i64::from(k) + 1);
                        ins_urge.execute(params![case_id, aid, lead_id, ts(at.min(now))])?;
                    }
                    if replied {
                        let w = settings.evaluation_window;
                        let edue = zhitong_calendar::due(&cal, reply_at, w, settings.day_end_time());
                        ins_dl.execute(params![case_id, Option::<i64>::None, "evaluation", crate::EVAL_LABEL, ts(reply_at), w.amount, unit_id(w.unit), ts(edue.at), edue.provisional, evaluated.then(|| ts(eval_at.min(now)))])?;
                        ins_ev.execute(params![case_id, ts(reply_at), "reply", format!("电话答复企业，办理结果 {}", outcome.unwrap_or("A"))])?;
                    }
                    if state == "closed" {
                        ins_ev.execute(params![case_id, ts(closed_at.min(now)), "close", "办结销号"])?;
                    }
                    crate::actions::refresh_derived(tx, case_id)?;
                }
            }
            audit(tx, None, now, &op, "demo.fill", &format!("生成演示数据 {n} 件（种子 {seed}）"), None, None)?;
            Ok(n)
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
