//! 催办单 / 督办函 (002 第11条, 003 第10条): a reminder, or an escalated supervision letter,
//! to the department that is late with a case. Guarantees: a summary table of the case
//! (numbers, enterprise, matter, deadline, working days overdue, urge count) followed by
//! the request to report in writing by a given date, the issuing office and date, and a
//! receipt line for the department to sign.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::canvas::Canvas;
use crate::common::{self, FRAME};
use crate::error::PrintError;
use crate::fonts::Fonts;
use crate::settings::DocSettings;

/// Which document to print.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 催办单: an ordinary reminder.
    #[default]
    Urge,
    /// 督办函: escalated supervision.
    Supervision,
}

impl Kind {
    /// The document title.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Urge => "催办单",
            Kind::Supervision => "督办函",
        }
    }
}

/// The data of one urging / supervision notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// 催办单 or 督办函.
    pub kind: Kind,
    /// Number of this notice, e.g. 正阳园区企服催〔2026〕第3号 (may be empty).
    pub number: String,
    /// 登记编号 of the case (QR code).
    pub reg_no: String,
    /// 交办编号.
    pub assign_no: String,
    /// The late department (addressee), e.g. 规划建设部.
    pub department: String,
    /// 反映企业.
    pub enterprise: String,
    /// The matter, short.
    pub matter: String,
    /// 办结时限, formatted.
    pub deadline: String,
    /// Working days past the deadline.
    pub overdue_working_days: u32,
    /// Which urge this is (1 for the first).
    pub urge_count: u32,
    /// The department must report in writing by this date.
    pub report_by: NaiveDate,
    /// Date of issue.
    pub issued_on: NaiveDate,
    /// Who answers for the department (专员, 分管副职, 联络员 with phones, 000 五2);
    /// empty when none is recorded.
    #[serde(default)]
    pub contacts: String,
}

/// Renders the notice to PDF bytes.
pub fn render(n: &Notice, settings: &DocSettings, fonts: &Fonts) -> Result<Vec<u8>, PrintError> {
    let mut c = Canvas::new(fonts, n.kind.title());
    let title = n.kind.title();
    let dept = n.department.trim();
    let office = settings.leading_group_office.trim();
    let report_by = crate::chinese_date(n.report_by);
    let late = format!(
        "你部室牵头办理的{}反映事项（交办编号：{}）已超过办结时限{}个工作日，",
        n.enterprise.trim(),
        n.assign_no.trim(),
        n.overdue_working_days,
    );
    let count = n.urge_count;
    let mut paragraphs = vec![match n.kind {
        Kind::Urge => format!(
            "{late}现第{count}次催办。请高度重视，抓紧办理，于{report_by}前将办理情况书面报送{office}。"
        ),
        Kind::Supervision => format!(
            "{late}经{count}次催办仍未办结。根据园区企业反映困难问题收集和办理工作细则，现予督办。请部室负责人亲自研究，于{report_by}前将办理情况及未按时办结的原因书面报送{office}。"
        ),
    }];
    if !n.contacts.trim().is_empty() {
        paragraphs.push(format!("部室责任人：{}。", n.contacts.trim()));
    }
    paragraphs.push(format!(
        "联系电话：{}　{}",
        settings.service_centre.trim(),
        settings.hotline.trim()
    ));
    let table_h = summary_height(&c, n);
    let text = common::NoticeText {
        reg_no: &n.reg_no,
        title,
        number: &n.number,
        addressee: dept,
        paragraphs,
        signer: office,
        date: n.issued_on,
        tail: vec!["签收人：＿＿＿＿＿＿＿＿　　签收时间：＿＿＿＿年＿＿月＿＿日".to_string()],
        block_height: table_h,
    };
    common::notice(&mut c, &text, 24.0, |c, y| summary_table(c, n, y))?;
    c.finish()
}

const L: f32 = 28.0;
const R: f32 = 184.0;
const C1: f32 = 52.0;
const C2: f32 = 112.0;
const C3: f32 = 135.0;
const ROW: f32 = 10.0;

fn matter_height(c: &Canvas<'_>, n: &Notice) -> f32 {
    let lines = c
        .wrap(common::VALUE, n.matter.trim(), R - C1 - 4.0)
        .len()
        .max(1);
    (common::VALUE.size_mm() * 1.4 * lines as f32 + 4.0).max(ROW)
}

fn summary_height(c: &Canvas<'_>, n: &Notice) -> f32 {
    4.0 * ROW + matter_height(c, n)
}

/// Draws the case table with its top at `top`.
fn summary_table(c: &mut Canvas<'_>, n: &Notice, top: f32) {
    let matter_h = matter_height(c, n);
    let overdue = format!("{}个工作日", n.overdue_working_days);
    let count = format!("第{}次", n.urge_count);
    let (left, right, wide) = ([L, C1, C2], [C2, C3, R], [L, C1, R]);
    let y = common::rows(
        c,
        top,
        &[
            (
                ROW,
                &[
                    (left, "登记编号", &n.reg_no),
                    (right, "交办编号", &n.assign_no),
                ],
            ),
            (ROW, &[(wide, "反映企业", &n.enterprise)]),
            (matter_h, &[(wide, "办理事项", &n.matter)]),
            (
                ROW,
                &[
                    (left, "牵头部室", &n.department),
                    (right, "办结时限", &n.deadline),
                ],
            ),
            (
                ROW,
                &[(left, "逾期时间", &overdue), (right, "催办次数", &count)],
            ),
        ],
    );
    c.frame(L, top, R - L, y - top, FRAME);
}
