//! 会议纪要: the minutes of a 联席会议 (000 五3), 协调推进会 (003 第8条) or 领导小组会议
//! (002 第1、11条), in GB/T 9704 style — title in the title face, body 仿宋 16 pt with a
//! two-character indent, 28 characters a line. Guarantees: the date, the attending
//! departments, the minutes' text, and every case on the agenda (登记编号, enterprise,
//! matter) with what the meeting decided on it, numbered 一、二、三…; the issuing office
//! and the date under it; pages numbered when it runs over one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::canvas::Canvas;
use crate::common;
use crate::error::PrintError;
use crate::fonts::Fonts;
use crate::settings::DocSettings;

/// One case the meeting decided on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub reg_no: String,
    pub enterprise: String,
    pub matter: String,
    pub decision: String,
}

/// The data of one set of minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Minutes {
    /// e.g. 2026年第1次联席会议纪要.
    pub title: String,
    /// The kind of meeting, e.g. 联席会议.
    pub kind: String,
    pub held_on: NaiveDate,
    /// Attending departments (成员单位).
    pub attendees: Vec<String>,
    /// What the meeting discussed, as the clerk wrote it (may be empty).
    pub text: String,
    pub items: Vec<Item>,
    /// Who issues the minutes; empty: the leading group's office.
    pub issuer: String,
}

/// 一、二、… for the items' numbers (up to 99).
pub fn chinese_number(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => "〇".into(),
        1..=9 => D[n].into(),
        10..=19 => format!("十{}", D[n % 10]),
        _ => format!("{}十{}", D[(n / 10) % 10], D[n % 10]),
    }
}

/// Renders the minutes to PDF bytes.
pub fn render(m: &Minutes, settings: &DocSettings, fonts: &Fonts) -> Result<Vec<u8>, PrintError> {
    let mut c = Canvas::new(fonts, &m.title);
    let mut paragraphs = vec![format!("时间：{}", crate::chinese_date(m.held_on))];
    if !m.attendees.is_empty() {
        paragraphs.push(format!("出席单位：{}", m.attendees.join("、")));
    }
    if !m.text.trim().is_empty() {
        paragraphs.push(m.text.trim().to_string());
    }
    paragraphs.push(format!(
        "会议研究了{}件企业反映的困难问题，议定事项如下：",
        m.items.len()
    ));
    for (i, it) in m.items.iter().enumerate() {
        paragraphs.push(format!(
            "{}、{}（{}）：{}会议议定：{}",
            chinese_number(i + 1),
            it.enterprise.trim(),
            it.reg_no.trim(),
            with_stop(it.matter.trim()),
            with_stop(it.decision.trim())
        ));
    }
    let issuer = if m.issuer.trim().is_empty() {
        settings.leading_group_office.trim()
    } else {
        m.issuer.trim()
    };
    let text = common::NoticeText {
        reg_no: "",
        title: &m.title,
        number: "",
        addressee: "",
        paragraphs,
        signer: issuer,
        date: m.held_on,
        tail: vec![],
        block_height: 0.0,
    };
    common::notice(&mut c, &text, 37.0, |_, _| {})?;
    c.finish()
}

/// A sentence ends with a full stop (。！？ kept as written).
fn with_stop(s: &str) -> String {
    if s.ends_with(['。', '！', '？', '；']) {
        s.to_string()
    } else {
        format!("{s}。")
    }
}
