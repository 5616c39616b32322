//! From the ledger to paper: fills each document from a [`Case`] and the ledger's
//! [`Settings`], so the desktop app and the CLI print exactly the same sheets. Dates are
//! passed in (`today`); deadlines come from the case, already computed by the calendar.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhitong_calendar::Calendar;
use zhitong_domain::{Case, Instant, Outcome, Settings};

use crate::{
    assignment, chinese_date, letter, registration, rejection, reply, urge, DocSettings, Fonts,
    PrintError,
};

/// The documents a case page can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DocKind {
    /// 企业反映困难问题登记表
    Registration,
    /// 企业反映困难问题交办单
    Assignment,
    /// 关于解决…企业困难问题的函
    Letter,
    /// 催办单
    Urge,
    /// 督办函
    Supervision,
    /// 不予受理告知书
    Rejection,
    /// 答复告知书
    Reply,
}

impl DocKind {
    pub const ALL: [DocKind; 7] = [
        DocKind::Registration,
        DocKind::Assignment,
        DocKind::Letter,
        DocKind::Urge,
        DocKind::Supervision,
        DocKind::Rejection,
        DocKind::Reply,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DocKind::Registration => "登记表",
            DocKind::Assignment => "交办单",
            DocKind::Letter => "函",
            DocKind::Urge => "催办单",
            DocKind::Supervision => "督办函",
            DocKind::Rejection => "不予受理告知书",
            DocKind::Reply => "答复告知书",
        }
    }

    pub fn parse(s: &str) -> Option<DocKind> {
        let t = s.trim();
        Self::ALL.into_iter().find(|k| {
            k.label() == t
                || serde_json::to_value(k)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    == Some(t.to_owned())
        })
    }

    /// Whether the case has what this document needs (an assignment, a letter, …).
    pub fn available(self, case: &Case) -> bool {
        match self {
            DocKind::Registration => true,
            // A district bureau is reached by letter only: no 交办单 (003 第7条2).
            DocKind::Assignment => case
                .assignment
                .as_ref()
                .is_some_and(|a| a.route != zhitong_domain::Route::DistrictLetter),
            DocKind::Urge | DocKind::Supervision => case.assignment.is_some(),
            DocKind::Letter => case.assignment.as_ref().is_some_and(|a| a.letter.is_some()),
            DocKind::Rejection => case.rejection.is_some(),
            DocKind::Reply => case.reply.is_some(),
        }
    }
}

/// Document settings from the ledger's settings.
pub fn doc_settings(s: &Settings) -> DocSettings {
    let placeholder = |f: &str| f.replace("{year}", "20XX").replace("{seq}", "XX");
    DocSettings {
        park_name: s.issuing_body.clone(),
        issuing_body: s.issuing_body.clone(),
        printing_office: format!("{}办公室", s.issuing_body),
        service_centre: s.service_center.clone(),
        hotline: s.hotline.clone(),
        letter_copy_to: s.letter_copy_to.clone(),
        registration_notes: vec![
            format!("注：1.问题类别按{}进行分类；", s.categories.join("、")),
            format!("2.登记编号统一用：{}；", placeholder(&s.reg_no_format)),
            "3.反映形式为平台受理、来电反映、电子邮件、来人来函等。".into(),
        ],
        assignment_notes: vec![format!(
            "注：交办编号统一用：{}。",
            placeholder(&s.assign_no_format)
        )],
        ..DocSettings::default()
    }
}

/// The 反映形式 of the registration sheet for an intake channel.
fn form_of(channel: &str) -> String {
    match channel {
        "热线电话" => "来电反映".into(),
        "微信" | "QQ" | "网站/平台" => "平台受理".into(),
        "电子邮件" => "电子邮件".into(),
        "现场窗口" | "来函" => "来人来函".into(),
        other => other.into(),
    }
}

fn date_time(at: Instant) -> String {
    format!("{} {}", chinese_date(at.date_naive()), at.format("%H:%M"))
}

fn missing(kind: DocKind, why: &str) -> PrintError {
    PrintError::Pdf(format!("该案件{why}，不能打印{}", kind.label()))
}

pub fn registration_sheet(c: &Case) -> registration::Sheet {
    registration::Sheet {
        category: c.category.clone(),
        reg_no: c.reg_no.clone(),
        enterprise: c.enterprise.name.clone(),
        address: c.enterprise.address.clone(),
        received_at: date_time(c.received_at),
        contact: c.contact.name.clone(),
        position: c.contact.title.clone(),
        phone: c.contact.phone.clone(),
        email: c.contact.email.clone(),
        problem: c.description.clone(),
        departments: c.wanted_department.clone(),
        screening_opinion: c.screening_opinion.clone(),
        channel: form_of(&c.channel),
    }
}

/// Deadlines the department's work is measured by: not the enterprise's evaluation
/// window, not the district bureau's reply to a letter.
fn handling(c: &Case) -> impl Iterator<Item = &zhitong_domain::Deadline> {
    c.deadlines
        .iter()
        .filter(|d| d.kind == zhitong_domain::DeadlineKind::Handling)
}

fn due_text(d: &zhitong_domain::Deadline) -> String {
    let at = d.due_at;
    let time = zhitong_calendar::deadline::time_label(at);
    format!(
        "{}{}{}",
        chinese_date(at.date_naive()),
        if time == "24:00" {
            String::new()
        } else {
            format!(" {time}")
        },
        if d.provisional { "（暂定）" } else { "" }
    )
}

/// The 办结时限 printed on the sheet: the final milestone's time (the latest handling
/// deadline), never an earlier step's (廊坊 三类 prints 5 日, not the 48 h research). A
/// class without a time limit (廊坊 四类, 000 三(二)4) says so.
fn handling_deadline(c: &Case) -> String {
    handling(c)
        .max_by_key(|d| d.due_at)
        .map(due_text)
        .unwrap_or_else(|| "无规定时限".into())
}

/// Every milestone with its own time, in order of time.
fn milestone_lines(c: &Case) -> Vec<String> {
    let mut v: Vec<_> = handling(c).collect();
    v.sort_by_key(|d| d.due_at);
    v.into_iter()
        .map(|d| format!("{}：{}前", d.label, due_text(d)))
        .collect()
}

pub fn assignment_sheet(c: &Case) -> Option<assignment::Sheet> {
    let a = c.assignment.as_ref()?;
    if a.route == zhitong_domain::Route::DistrictLetter {
        return None;
    }
    Some(assignment::Sheet {
        reg_no: c.reg_no.clone(),
        assign_no: a.assign_no.clone(),
        matter: c.description.clone(),
        enterprise: c.enterprise.name.clone(),
        address: c.enterprise.address.clone(),
        contact: c.contact.name.clone(),
        phone: c.contact.phone.clone(),
        lead_department: a.lead.clone(),
        cooperating_departments: a.cooperating.join("、"),
        assigned_on: chinese_date(a.assigned_at.date_naive()),
        deadline: handling_deadline(c),
        milestones: milestone_lines(c),
        pending_approval: a
            .sheet_returned_at
            .is_none()
            .then(|| a.approver.clone().unwrap_or_default()),
        remarks: a.note.clone(),
    })
}

pub fn letter(c: &Case, s: &Settings, today: NaiveDate) -> Option<letter::Letter> {
    let a = c.assignment.as_ref()?;
    let l = a.letter.as_ref()?;
    let limit = s.letter_limit;
    Some(letter::Letter {
        reg_no: c.reg_no.clone(),
        doc_no: l.letter_no.clone(),
        title: format!("关于解决{}企业困难问题的函", s.park_name),
        addressee: format!("{}：", l.bureau),
        body: format!(
            "{}入园企业{}向我委反映，该公司发展遇到{}困难。望贵单位积极协助解决该问题，支持民营经济发展，并将困难问题化解情况以及相关负责人、联系方式于{}{}内告知我委。",
            s.park_name,
            c.enterprise.name,
            c.summary.trim_end_matches(['。', '；', '，']),
            limit.amount,
            limit.unit.label()
        ),
        // The service centre's own line comes from the document settings.
        contacts: vec![letter::Contact {
            name: format!("{}（{}）", c.enterprise.name, c.contact.name),
            phone: c.contact.phone.clone(),
        }],
        signed_on: a.assigned_at.date_naive(),
        copy_to: l.copy_to.clone(),
        printed_on: today,
        problems: vec![letter::Problem {
            reg_no: c.reg_no.clone(),
            enterprise: c.enterprise.name.clone(),
            matter: c.description.clone(),
            contact: format!("{} {}", c.contact.name, c.contact.phone),
        }],
    })
}

/// 催办单 / 督办函 for the lead department of an overdue case, with the facts of the
/// urge it records (the last one): its date, the deadline then overdue and by how many
/// working days, and which counted urge of that assignment it was — the same whenever
/// it is printed. Without an urge yet, the facts at `now`.
pub fn urge_notice(
    c: &Case,
    kind: urge::Kind,
    cal: &Calendar,
    now: Instant,
) -> Option<urge::Notice> {
    let a = c.assignment.as_ref()?;
    let urge = c
        .urges
        .iter()
        .filter(|u| u.department == a.lead)
        .max_by_key(|u| u.at);
    let at = urge.map_or(now, |u| u.at);
    // The deadline running at that moment: not met before it, earliest first.
    let next = handling(c)
        .filter(|d| d.met_at.is_none_or(|m| m > at))
        .min_by_key(|d| d.due_at);
    let overdue = next.map_or(0, |d| {
        zhitong_calendar::overdue_working_days(cal, d.due_at, at)
    });
    let counted = c
        .urges
        .iter()
        .filter(|u| u.counted && u.department == a.lead && u.at <= at)
        .count() as u32;
    Some(urge::Notice {
        kind,
        number: format!(
            "{}-{}{}",
            if a.assign_no.is_empty() {
                a.letter
                    .as_ref()
                    .map(|l| l.letter_no.as_str())
                    .unwrap_or("")
            } else {
                a.assign_no.as_str()
            },
            if kind == urge::Kind::Urge {
                "催"
            } else {
                "督"
            },
            counted.max(1)
        ),
        reg_no: c.reg_no.clone(),
        assign_no: a.assign_no.clone(),
        department: a.lead.clone(),
        enterprise: c.enterprise.name.clone(),
        matter: c.summary.clone(),
        deadline: next.map(due_text).unwrap_or_else(|| handling_deadline(c)),
        overdue_working_days: overdue.max(0) as u32,
        urge_count: counted,
        report_by: zhitong_calendar::add_working_days(cal, at.date_naive(), 1),
        issued_on: at.date_naive(),
        contacts: String::new(),
    })
}

pub fn rejection_notice(c: &Case, today: NaiveDate) -> Option<rejection::Notice> {
    let r = c.rejection.as_ref()?;
    Some(rejection::Notice {
        reg_no: c.reg_no.clone(),
        enterprise: c.enterprise.name.clone(),
        received_on: c.received_at.date_naive(),
        channel: c.channel.clone(),
        summary: c.summary.clone(),
        reason: if r.detail.is_empty() {
            r.reason.label().to_string()
        } else {
            format!("{}（{}）", r.reason.label(), r.detail)
        },
        suggestion: match r.reason {
            zhitong_domain::RejectReason::Litigation => {
                "请通过诉讼、仲裁或行政复议等法定途径依法维护权益".into()
            }
            zhitong_domain::RejectReason::Petition => "请向有权处理的司法机关或信访部门反映".into(),
            _ => String::new(),
        },
        issued_on: today,
    })
}

pub fn reply_notice(c: &Case, today: NaiveDate) -> Option<reply::Notice> {
    let r = c.reply.as_ref()?;
    let mut text = r.text.clone();
    if r.outcome == Outcome::C && !r.outcome_reason.is_empty() {
        text.push_str(&format!("（原因：{}）", r.outcome_reason));
    }
    Some(reply::Notice {
        reg_no: c.reg_no.clone(),
        enterprise: c.enterprise.name.clone(),
        received_on: c.received_at.date_naive(),
        summary: c.summary.clone(),
        department: c
            .assignment
            .as_ref()
            .map(|a| a.lead.clone())
            .unwrap_or_default(),
        outcome: match r.outcome {
            Outcome::A => reply::Outcome::A,
            Outcome::B => reply::Outcome::B,
            Outcome::C => reply::Outcome::C,
        },
        reply: text,
        issued_on: today,
    })
}

/// Renders one document of a case as PDF bytes.
pub fn render(
    kind: DocKind,
    c: &Case,
    settings: &Settings,
    cal: &Calendar,
    fonts: &Fonts,
    now: Instant,
) -> Result<Vec<u8>, PrintError> {
    render_with(kind, c, settings, cal, &[], fonts, now)
}

/// [`render`], naming on the 催办单/督办函 who answers for the late department (its 专员,
/// 分管副职 and 联络员 from `departments`).
pub fn render_with(
    kind: DocKind,
    c: &Case,
    settings: &Settings,
    cal: &Calendar,
    departments: &[zhitong_domain::Department],
    fonts: &Fonts,
    now: Instant,
) -> Result<Vec<u8>, PrintError> {
    let ds = doc_settings(settings);
    let today = now.date_naive();
    match kind {
        DocKind::Registration => registration::render(&registration_sheet(c), &ds, fonts),
        DocKind::Assignment => assignment::render(
            &assignment_sheet(c).ok_or_else(|| missing(kind, "尚未交办"))?,
            &ds,
            fonts,
        ),
        DocKind::Letter => letter::render(
            &letter(c, settings, today).ok_or_else(|| missing(kind, "不是发函至区级部门的交办"))?,
            &ds,
            fonts,
        ),
        DocKind::Urge | DocKind::Supervision => {
            let k = if kind == DocKind::Urge {
                urge::Kind::Urge
            } else {
                urge::Kind::Supervision
            };
            let mut n = urge_notice(c, k, cal, now).ok_or_else(|| missing(kind, "尚未交办"))?;
            if let Some(d) = departments.iter().find(|d| d.name == n.department) {
                n.contacts = d.contacts_line();
            }
            urge::render(&n, &ds, fonts)
        }
        DocKind::Rejection => rejection::render(
            &rejection_notice(c, today).ok_or_else(|| missing(kind, "未作不予受理"))?,
            &ds,
            fonts,
        ),
        DocKind::Reply => reply::render(
            &reply_notice(c, today).ok_or_else(|| missing(kind, "尚未答复"))?,
            &ds,
            fonts,
        ),
    }
}

/// 会议纪要 of a meeting, signed by the leading group's office.
pub fn render_minutes(
    m: &zhitong_domain::Meeting,
    settings: &Settings,
    fonts: &Fonts,
) -> Result<Vec<u8>, PrintError> {
    let minutes = crate::minutes::Minutes {
        title: m.title(),
        kind: m.kind.label().into(),
        held_on: m.held_on,
        attendees: m.attendees.clone(),
        text: m.minutes.clone(),
        items: m
            .items
            .iter()
            .map(|i| crate::minutes::Item {
                reg_no: i.reg_no.clone(),
                enterprise: i.enterprise.clone(),
                matter: i.summary.clone(),
                decision: i.decision.clone(),
            })
            .collect(),
        issuer: String::new(),
    };
    crate::minutes::render(&minutes, &doc_settings(settings), fonts)
}

/// All assignment sheets of the given cases as one PDF (the day's batch for signing).
pub fn render_assignments(
    cases: &[Case],
    settings: &Settings,
    fonts: &Fonts,
) -> Result<Vec<u8>, PrintError> {
    let sheets: Vec<_> = cases.iter().filter_map(assignment_sheet).collect();
    assignment::render_batch(&sheets, &doc_settings(settings), fonts)
}
