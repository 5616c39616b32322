//! A filled-in registration sheet and assignment sheet for one case of the 正阳 seed
//! (a land-use permit stuck in a district bureau), its 催办单, and a refusal notice for another, shared by the print tests, the
//! benchmark and the `samples` example so that they all draw the same documents.
//! Not used by the app: real documents are filled from the ledger.

use chrono::NaiveDate;

use crate::{assignment, registration, rejection, urge};

/// The registration sheet (登记表) of the sample case.
pub fn registration() -> registration::Sheet {
    registration::Sheet {
        category: "用地审批".into(),
        reg_no: "企业困难问题〔2026〕第12号".into(),
        enterprise: "重庆市正阳精密机械制造有限公司".into(),
        address: "重庆市黔江区正阳工业园区创业大道88号".into(),
        received_at: "2026年5月6日 9:30".into(),
        contact: "张晓明".into(),
        position: "行政总监".into(),
        phone: "023-79420000".into(),
        email: "zxm@zy-jixie.cn".into(),
        problem: "我公司二期厂房项目（年产5万台套精密零部件）至今未取得建设用地规划许可证，影响项目按期开工。".into(),
        departments: "区规划自然资源局、园区规划建设部".into(),
        screening_opinion: "属区级部门职能，建议发函协调。".into(),
        channel: "来电反映".into(),
    }
}

/// The assignment sheet (交办单) of the sample case.
pub fn assignment() -> assignment::Sheet {
    assignment::Sheet {
        reg_no: "企业困难问题〔2026〕第12号".into(),
        assign_no: "正阳园区管委交〔2026〕第5号".into(),
        matter: "协调区规划自然资源局加快办理二期厂房建设用地规划许可证。".into(),
        enterprise: "重庆市正阳精密机械制造有限公司".into(),
        address: "重庆市黔江区正阳工业园区创业大道88号".into(),
        contact: "张晓明".into(),
        phone: "023-79420000".into(),
        lead_department: "规划建设部".into(),
        cooperating_departments: "经济发展部、企业服务中心".into(),
        assigned_on: "2026年5月7日".into(),
        deadline: "2026年5月14日".into(),
        milestones: vec![],
        pending_approval: None,
        remarks: "请于办结后书面报送办理结果。".into(),
    }
}

/// The 不予受理告知书 of a second sample case: a payment dispute already in court.
pub fn rejection() -> rejection::Notice {
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).expect("a valid sample date");
    rejection::Notice {
        reg_no: "企业困难问题〔2026〕第13号".into(),
        enterprise: "重庆某某商贸有限公司".into(),
        received_on: d(5, 6),
        channel: "来电反映".into(),
        summary: "与供应商货款纠纷".into(),
        reason: "该事项已进入诉讼程序，依法应当通过司法途径解决".into(),
        suggestion: "请依法通过人民法院审理程序解决。".into(),
        issued_on: d(5, 7),
    }
}

/// The 催办单 of the sample case: three working days late, urged twice before.
pub fn urge() -> urge::Notice {
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).expect("a valid sample date");
    let (reg, asg) = (registration(), assignment());
    urge::Notice {
        kind: urge::Kind::Urge,
        number: "正阳园区企服催〔2026〕第3号".into(),
        reg_no: reg.reg_no,
        assign_no: asg.assign_no,
        department: asg.lead_department,
        enterprise: reg.enterprise,
        matter: "协调办理二期厂房建设用地规划许可证".into(),
        deadline: asg.deadline,
        overdue_working_days: 3,
        urge_count: 2,
        report_by: d(5, 21),
        issued_on: d(5, 19),
        contacts: "专员 王建 023-79429601；分管副职 刘强 13800000003；联络员 陈丽 13800000004"
            .into(),
    }
}
