//! Renders one sample of every document into a directory (default `/tmp/zhitong-print`)
//! and prints the size and render time of each: `cargo run -p zhitong-print --example samples`.

use std::time::Instant;

use chrono::NaiveDate;
use zhitong_print::{assignment, letter, registration, rejection, reply, urge, DocSettings, Fonts};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/zhitong-print".to_string());
    std::fs::create_dir_all(&dir)?;
    let t = Instant::now();
    let fonts = Fonts::load_system()?;
    println!("fonts loaded in {:?}: {:#?}", t.elapsed(), fonts.faces());
    let settings = DocSettings::default();

    let reg = zhitong_print::sample::registration();
    let long = registration::Sheet {
        problem: "企业反映的困难问题较多，主要包括用地、用电、融资和招工等方面，需要园区协调多个部门共同解决。".repeat(110),
        ..reg.clone()
    };
    let asg = assignment::Sheet {
        milestones: vec![
            "反馈研究结果：2026年5月9日 10:00前".into(),
            "办结（能办的）：2026年5月14日前".into(),
        ],
        pending_approval: Some("李常务".into()),
        ..zhitong_print::sample::assignment()
    };

    let save = |name: &str,
                f: &dyn Fn() -> Result<Vec<u8>, zhitong_print::PrintError>|
     -> Result<(), Box<dyn std::error::Error>> {
        let _ = f()?; // warm-up
        let t = Instant::now();
        let n = 10;
        let mut bytes = Vec::new();
        for _ in 0..n {
            bytes = f()?;
        }
        let per = t.elapsed() / n;
        let path = format!("{dir}/{name}.pdf");
        std::fs::write(&path, &bytes)?;
        println!("{name}: {} bytes, {:?} per render", bytes.len(), per);
        Ok(())
    };
    save("registration", &|| {
        registration::render(&reg, &settings, &fonts)
    })?;
    save("registration-long", &|| {
        registration::render(&long, &settings, &fonts)
    })?;
    save("assignment", &|| {
        assignment::render(&asg, &settings, &fonts)
    })?;
    save("assignment-batch", &|| {
        assignment::render_batch(&[asg.clone(), asg.clone(), asg.clone()], &settings, &fonts)
    })?;
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).expect("valid date");
    let let_ = letter::Letter {
        reg_no: reg.reg_no.clone(),
        doc_no: "正阳园区管委函〔2026〕5号".into(),
        title: "关于解决正阳工业园区企业困难问题的函".into(),
        addressee: "区规划和自然资源局".into(),
        body: "正阳工业园区入园企业重庆市正阳精密机械制造有限公司向我委反映，该公司二期厂房项目已完成规划方案审查，但至今未取得建设用地规划许可证，影响项目按期开工。望贵单位积极协助解决该问题，支持民营经济发展，并将困难问题化解情况以及相关负责人、联系方式于5个工作日内告知我委。".into(),
        contacts: vec![letter::Contact { name: "重庆市正阳精密机械制造有限公司".into(), phone: "023-79420000".into() }],
        signed_on: d(5, 8),
        copy_to: vec!["区整顿办".into()],
        printed_on: d(5, 8),
        problems: vec![letter::Problem {
            reg_no: reg.reg_no.clone(),
            enterprise: reg.enterprise.clone(),
            matter: reg.problem.clone(),
            contact: format!("{} {}", reg.contact, reg.phone),
        }],
    };
    save("letter", &|| letter::render(&let_, &settings, &fonts))?;
    let long_letter = letter::Letter {
        body: format!("{}\n", let_.body).repeat(6),
        ..let_.clone()
    };
    save("letter-long", &|| {
        letter::render(&long_letter, &settings, &fonts)
    })?;
    let u = urge::Notice {
        kind: urge::Kind::Urge,
        number: "正阳园区企服催〔2026〕第3号".into(),
        reg_no: reg.reg_no.clone(),
        assign_no: asg.assign_no.clone(),
        department: "规划建设部".into(),
        enterprise: reg.enterprise.clone(),
        matter: "协调办理二期厂房建设用地规划许可证".into(),
        deadline: "2026年5月14日".into(),
        overdue_working_days: 3,
        urge_count: 2,
        report_by: d(5, 21),
        issued_on: d(5, 19),
        contacts: "专员 王建 023-79429601；分管副职 刘强 13800000003；联络员 陈丽 13800000004"
            .into(),
    };
    save("urge", &|| urge::render(&u, &settings, &fonts))?;
    let sup = urge::Notice {
        kind: urge::Kind::Supervision,
        urge_count: 3,
        ..u.clone()
    };
    save("supervision", &|| urge::render(&sup, &settings, &fonts))?;
    let rj = rejection::Notice {
        reg_no: "企业困难问题〔2026〕第13号".into(),
        enterprise: "重庆某某商贸有限公司".into(),
        received_on: d(5, 6),
        channel: "来电反映".into(),
        summary: "与供应商货款纠纷".into(),
        reason: "该事项已进入诉讼程序，依法应当通过司法途径解决".into(),
        suggestion: "请依法通过人民法院审理程序解决。".into(),
        issued_on: d(5, 7),
    };
    save("rejection", &|| rejection::render(&rj, &settings, &fonts))?;
    let rp = reply::Notice {
        reg_no: reg.reg_no.clone(),
        enterprise: reg.enterprise.clone(),
        received_on: d(5, 6),
        summary: "二期厂房建设用地规划许可证办理".into(),
        department: "规划建设部".into(),
        outcome: reply::Outcome::A,
        reply: "经协调，区规划和自然资源局已于2026年5月12日核发建设用地规划许可证。".into(),
        issued_on: d(5, 13),
    };
    save("reply", &|| reply::render(&rp, &settings, &fonts))?;
    Ok(())
}
