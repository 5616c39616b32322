//! Render time of the one-page forms once fonts are loaded (target: < 20 ms each).

use criterion::{criterion_group, criterion_main, Criterion};
use zhitong_print::{assignment, registration, DocSettings, Fonts};

fn bench(c: &mut Criterion) {
    let fonts = Fonts::load_system().expect("安装 fonts-noto-cjk");
    let settings = DocSettings::default();
    let reg = registration::Sheet {
        category: "用地审批".into(),
        reg_no: "企业困难问题〔2026〕第12号".into(),
        enterprise: "重庆市正阳精密机械制造有限公司".into(),
        address: "重庆市黔江区正阳工业园区创业大道88号".into(),
        received_at: "2026年5月6日 9:30".into(),
        contact: "张晓明".into(),
        position: "行政总监".into(),
        phone: "023-79420000".into(),
        email: "zxm@zy-jixie.cn".into(),
        problem: "我公司二期厂房项目至今未取得建设用地规划许可证，影响项目按期开工。".repeat(4),
        departments: "区规划自然资源局".into(),
        screening_opinion: String::new(),
        channel: "来电反映".into(),
    };
    let asg = assignment::Sheet {
        reg_no: reg.reg_no.clone(),
        assign_no: "正阳园区管委交〔2026〕第5号".into(),
        matter: reg.problem.clone(),
        enterprise: reg.enterprise.clone(),
        address: reg.address.clone(),
        contact: reg.contact.clone(),
        phone: reg.phone.clone(),
        lead_department: "规划建设部".into(),
        cooperating_departments: "经济发展部".into(),
        assigned_on: "2026年5月7日".into(),
        deadline: "2026年5月14日".into(),
        milestones: vec![],
        pending_approval: None,
        remarks: String::new(),
    };
    c.bench_function("registration one page", |b| {
        b.iter(|| registration::render(&reg, &settings, &fonts).expect("render"))
    });
    c.bench_function("assignment one page", |b| {
        b.iter(|| assignment::render(&asg, &settings, &fonts).expect("render"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
