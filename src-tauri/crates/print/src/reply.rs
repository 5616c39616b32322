//! 办理结果答复告知书: tells the enterprise how its matter was handled — outcome class
//! A/B/C (003 第9条) and the department's reply — and asks for its evaluation (满意 /
//! 一般 / 不满意). Guarantees: every field printed; outcome wording exactly as in 003.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::canvas::Canvas;
use crate::common;
use crate::error::PrintError;
use crate::fonts::Fonts;
use crate::settings::DocSettings;

/// Outcome class of 003 第9条.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// A类: 已经解决或基本解决.
    A,
    /// B类: 正在解决.
    B,
    /// C类: 因法律法规、政策限制或其他因素，一时难以解决.
    C,
}

impl Outcome {
    /// The wording printed on the notice.
    pub fn text(self) -> &'static str {
        match self {
            Outcome::A => "A类（已经解决或基本解决）",
            Outcome::B => "B类（正在解决）",
            Outcome::C => "C类（因法律法规、政策限制或其他因素，一时难以解决）",
        }
    }
}

/// The data of one reply notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// 登记编号 of the case (printed and QR-coded).
    pub reg_no: String,
    /// The enterprise (addressee).
    pub enterprise: String,
    /// When the enterprise raised the matter.
    pub received_on: NaiveDate,
    /// Short description of the matter.
    pub summary: String,
    /// The department(s) that handled it.
    pub department: String,
    /// Outcome class.
    pub outcome: Outcome,
    /// The reply text (paragraphs separated by newlines).
    pub reply: String,
    /// Date of the notice.
    pub issued_on: NaiveDate,
}

/// Renders the notice to PDF bytes.
pub fn render(n: &Notice, settings: &DocSettings, fonts: &Fonts) -> Result<Vec<u8>, PrintError> {
    let mut c = Canvas::new(fonts, "企业反映困难问题办理结果告知书");
    let mut paragraphs = vec![
        format!(
            "你单位于{}反映的“{}”问题（登记编号：{}），已交由{}办理。现将办理结果告知如下：",
            crate::chinese_date(n.received_on),
            n.summary.trim(),
            n.reg_no.trim(),
            n.department.trim()
        ),
        format!("办理结果：{}。", n.outcome.text()),
    ];
    paragraphs.extend(
        n.reply
            .replace("\r\n", "\n")
            .split('\n')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string),
    );
    paragraphs.push(format!(
        "请对本次办理情况作出评价：□满意　□一般　□不满意。如有疑问，请拨打{}{}。",
        settings.hotline_label.trim(),
        settings.hotline.trim()
    ));
    common::centre_notice(
        &mut c,
        settings,
        &n.reg_no,
        "企业反映困难问题办理结果告知书",
        &n.enterprise,
        paragraphs,
        n.issued_on,
    )?;
    c.finish()
}
