//! Seeds a demo ledger for screenshots and trying the app:
//! `ZHITONG_DB=/tmp/demo.db cargo test --workspace --test demo -- --ignored`,
//! then `ZHITONG_DB=/tmp/demo.db ZHITONG_NOW=2026-03-12T10:00:00+08:00 cargo run -p zhitong-desktop`.

use chrono::{DateTime, Duration, FixedOffset};
use zhitong_domain::{ContactInput, EnterpriseInput, NewCase, Outcome, Role, Satisfaction};
use zhitong_store::{AssignInput, EvaluateInput, Ledger, NewStaff, ReplyInput, UrgeInput};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

#[test]
#[ignore = "writes the ledger named by ZHITONG_DB"]
fn seed_demo_ledger() {
    let path = std::env::var("ZHITONG_DB").expect("set ZHITONG_DB to the demo ledger path");
    let start = at("2026-02-24T09:00:00+08:00");
    let mut l = Ledger::open(std::path::Path::new(&path)).unwrap();
    l.init(start).unwrap();
    let admin = l.admin_unprotected("管理员", "添加人员").unwrap();
    for (name, role, title) in [
        ("王敏", Role::Clerk, "登记员"),
        ("李建国", Role::Leader, "分管领导"),
        ("陈志强", Role::Leader, "常务副主任"),
    ] {
        let s = NewStaff {
            name: name.into(),
            role,
            title: title.into(),
        };
        let _ = l.add_staff(&s, &admin, start);
    }
    let clerk = l.operator("王敏").unwrap();
    let leader = l.operator("李建国").unwrap();
    let cases: &[(&str, &str, &str, &str, &str, &str, Option<(&str, &str)>, u8)] = &[
        // (enterprise, contact, phone, category, description, received, (lead, class), stage)
        // stage: 0 registered, 1 accepted, 2 assigned, 3 urged, 4 replied, 5 closed
        (
            "重庆宏达机械有限公司",
            "张伟",
            "13800138000",
            "用电保障",
            "厂区自2月起频繁停电，影响正常生产。",
            "2026-02-25T09:20:00+08:00",
            Some(("经济发展部", "专业类")),
            3,
        ),
        (
            "正阳新材料科技有限公司",
            "刘洋",
            "13912345678",
            "用地审批",
            "二期厂房用地规划许可迟迟未批，项目无法开工。",
            "2026-02-26T10:05:00+08:00",
            Some(("规划建设部", "综合类")),
            2,
        ),
        (
            "渝东食品有限公司",
            "陈静",
            "13698765432",
            "招工用工",
            "春节后一线工人缺口约80人，希望园区协助招工。",
            "2026-02-27T14:30:00+08:00",
            Some(("社会事务部", "专业类")),
            3,
        ),
        (
            "黔江绿色农业开发有限公司",
            "杨帆",
            "13512341234",
            "融资服务",
            "申请园区中小企业担保贷款，材料已提交一个月无回复。",
            "2026-03-02T09:10:00+08:00",
            Some(("财政金融部", "专业类")),
            2,
        ),
        (
            "武陵山电子元件有限公司",
            "周强",
            "13700001111",
            "政策执行",
            "2025年度稳岗补贴尚未到账，咨询办理进度。",
            "2026-03-03T11:00:00+08:00",
            Some(("区人力社保局", "咨询类")),
            2,
        ),
        (
            "正阳智能装备有限公司",
            "吴敏",
            "13300002222",
            "项目推动",
            "新建生产线环评手续办理缓慢。",
            "2026-03-05T15:40:00+08:00",
            Some(("安全环保部", "综合类")),
            2,
        ),
        (
            "渝黔物流有限公司",
            "郑磊",
            "13600003333",
            "软环境建设",
            "园区道路夜间照明不足，货车进出存在安全隐患。",
            "2026-03-09T09:30:00+08:00",
            Some(("规划建设部", "专业类")),
            2,
        ),
        (
            "山城制药有限公司",
            "孙丽",
            "13800004444",
            "人才服务",
            "引进博士人才的住房补贴申请流程咨询。",
            "2026-03-10T10:20:00+08:00",
            Some(("经济发展部", "咨询类")),
            2,
        ),
        (
            "正阳纺织有限公司",
            "马超",
            "13900005555",
            "用水保障",
            "厂区供水压力不足，影响印染车间生产。",
            "2026-03-11T16:00:00+08:00",
            None,
            1,
        ),
        (
            "阿蓬江酒业有限公司",
            "何芳",
            "13500006666",
            "合同履行",
            "园区承诺的配套仓库至今未交付。",
            "2026-03-12T08:40:00+08:00",
            None,
            0,
        ),
        (
            "黔州建材有限公司",
            "罗军",
            "13400007777",
            "手续办理",
            "营业执照经营范围变更需园区出具证明。",
            "2026-03-12T09:15:00+08:00",
            None,
            0,
        ),
        (
            "重庆恒通汽配有限公司",
            "谢婷",
            "13200008888",
            "政策执行",
            "咨询技改补贴申报条件。",
            "2026-02-24T10:00:00+08:00",
            Some(("经济发展部", "咨询类")),
            5,
        ),
        (
            "正阳光电科技有限公司",
            "唐亮",
            "13100009999",
            "用电保障",
            "申请增容变压器一台。",
            "2026-02-25T15:00:00+08:00",
            Some(("国网区供电公司", "专业类")),
            4,
        ),
    ];
    for (i, (ent, contact, phone, cat, desc, received, assign, stage)) in cases.iter().enumerate() {
        let received = at(received);
        let input = NewCase {
            received_at: received,
            channel: ["热线电话", "微信", "现场窗口", "电子邮件"][i % 4].into(),
            nature: if cat == &"政策执行" || cat == &"人才服务" {
                "咨询"
            } else {
                "求助"
            }
            .into(),
            category: (*cat).into(),
            summary: String::new(),
            description: (*desc).into(),
            wanted_department: String::new(),
            screening_opinion: String::new(),
            enterprise: EnterpriseInput {
                name: (*ent).into(),
                ..Default::default()
            },
            contact: ContactInput {
                name: (*contact).into(),
                phone: (*phone).into(),
                ..Default::default()
            },
        };
        let c = l.register(&input, &clerk, received).unwrap();
        if *stage == 0 {
            continue;
        }
        let t = received + Duration::minutes(40);
        l.accept(c.id, "属园区企业，予以受理", &leader, t).unwrap();
        if *cat == "招工用工" {
            // A 共性问题 for the 会议 screen's agenda (several enterprises lack workers).
            l.mark_common(c.id, "园区多家企业反映一线招工难", &leader, t)
                .unwrap();
        }
        let Some((lead, class)) = assign else {
            continue;
        };
        if *stage < 2 {
            continue;
        }
        let input = AssignInput {
            lead: (*lead).into(),
            handling_class: (*class).into(),
            // 003 第7条: a district bureau's letter is signed by the 常务副主任, a park
            // office's sheet by the leader in charge.
            approver: Some(
                if lead.starts_with('区') || lead.starts_with("国网") {
                    "陈志强"
                } else {
                    "李建国"
                }
                .into(),
            ),
            ..Default::default()
        };
        l.assign(c.id, &input, &clerk, t + Duration::hours(1))
            .unwrap();
        if *stage == 3 {
            let u = UrgeInput {
                way: "电话".into(),
                content: "请尽快反馈办理进展".into(),
            };
            for day in ["2026-03-10T09:30:00+08:00", "2026-03-11T09:30:00+08:00"] {
                let _ = l.urge(c.id, &u, &clerk, at(day));
            }
        }
        if *stage >= 4 {
            let r = ReplyInput {
                way: "电话".into(),
                text: "已协调解决，企业表示认可。".into(),
                outcome: Outcome::A,
                outcome_reason: String::new(),
                until: None,
            };
            l.reply(c.id, &r, &clerk, t + Duration::days(2)).unwrap();
        }
        if *stage >= 5 {
            let e = EvaluateInput {
                result: Satisfaction::Satisfied,
                quality: Some(5),
                attitude: Some(5),
                efficiency: Some(4),
                comment: String::new(),
            };
            l.evaluate(c.id, &e, &clerk, t + Duration::days(3)).unwrap();
            l.close(c.id, "", &clerk, t + Duration::days(3)).unwrap();
        }
    }
}
