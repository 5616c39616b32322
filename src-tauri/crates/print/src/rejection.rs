//! 不予受理告知书 (002 第9条, 003 第2条): tells the enterprise that its matter is not
//! accepted, and why. Guarantees: the enterprise, the date and channel of the request,
//! the matter, the reason, where the matter can go instead (when given), the hotline,
//! the service centre as signer and the date; the case number is printed and QR-coded.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::canvas::Canvas;
use crate::common;
use crate::error::PrintError;
use crate::fonts::Fonts;
use crate::settings::DocSettings;

/// The data of one rejection notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// 登记编号 of the case (printed and QR-coded).
    pub reg_no: String,
    /// The enterprise (addressee).
    pub enterprise: String,
    /// When the enterprise raised the matter.
    pub received_on: NaiveDate,
    /// How it was raised, e.g. 来电反映.
    pub channel: String,
    /// Short description of the matter.
    pub summary: String,
    /// Why it is not accepted (e.g. 该事项已进入诉讼程序，依法应当通过司法途径解决).
    pub reason: String,
    /// Where the enterprise can take the matter instead (may be empty).
    pub suggestion: String,
    /// Date of the notice.
    pub issued_on: NaiveDate,
}

/// Renders the notice to PDF bytes.
pub fn render(n: &Notice, settings: &DocSettings, fonts: &Fonts) -> Result<Vec<u8>, PrintError> {
    let mut c = Canvas::new(fonts, "不予受理告知书");
    let channel = n.channel.trim();
    let via = if channel.is_empty() {
        String::new()
    } else {
        format!("通过{channel}")
    };
    let reason = n.reason.trim().trim_end_matches(['。', '.']);
    let mut paragraphs = vec![
        format!(
            "你单位于{}{}反映的“{}”问题（登记编号：{}）已收悉。经审查，该问题不属于园区企业困难问题受理范围，决定不予受理。",
            crate::chinese_date(n.received_on),
            via,
            n.summary.trim(),
            n.reg_no.trim()
        ),
        format!("不予受理的理由：{reason}。"),
    ];
    if !n.suggestion.trim().is_empty() {
        paragraphs.push(format!("建议：{}", n.suggestion.trim()));
    }
    paragraphs.push(format!(
        "如有疑问，请拨打{}{}咨询。",
        settings.hotline_label.trim(),
        settings.hotline.trim()
    ));
    paragraphs.push("特此告知。".to_string());
    common::centre_notice(
        &mut c,
        settings,
        &n.reg_no,
        "不予受理告知书",
        &n.enterprise,
        paragraphs,
        n.issued_on,
    )?;
    c.finish()
}
