//! Meetings that settle cases together: the 联席会议 on common problems (000 五3), the
//! 协调推进会 with district bureaus (003 第8条) and the leading group's own meeting
//! (002 第1、7、11条). A meeting has its date, attendees and minutes, and one item per
//! case with what was decided on it; the minutes (会议纪要) print from it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{DomainError, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MeetingKind {
    /// 帮扶企业联席会议 on 共性问题 and major matters (000 五3).
    Joint,
    /// 协调推进会 organised with the departments concerned (003 第8条).
    Coordination,
    /// 领导小组会议: the leading group decides escalated and common problems.
    LeadingGroup,
}

impl MeetingKind {
    pub const ALL: [MeetingKind; 3] = [
        MeetingKind::Joint,
        MeetingKind::Coordination,
        MeetingKind::LeadingGroup,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MeetingKind::Joint => "联席会议",
            MeetingKind::Coordination => "协调推进会",
            MeetingKind::LeadingGroup => "领导小组会议",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let t = s.trim();
        Self::ALL
            .into_iter()
            .find(|k| {
                k.label() == t
                    || serde_json::to_value(k)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        == Some(t.to_string())
            })
            .ok_or_else(|| {
                DomainError::invalid(
                    "kind",
                    format!(
                        "会议类型“{t}”无效，可选：{}",
                        Self::ALL.map(|k| k.label()).join("、")
                    ),
                )
            })
    }
}

/// One case on a meeting's agenda and what the meeting decided on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MeetingItem {
    pub case_id: i64,
    pub reg_no: String,
    pub enterprise: String,
    pub summary: String,
    pub decision: String,
    /// The decision was the leading group's decision on an escalated case.
    pub ended_escalation: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Meeting {
    pub id: i64,
    pub kind: MeetingKind,
    #[ts(type = "string")]
    pub held_on: chrono::NaiveDate,
    /// 第N次 of its kind in its year, e.g. 2026年第2次联席会议.
    pub number: String,
    pub attendees: Vec<String>,
    pub minutes: String,
    pub items: Vec<MeetingItem>,
    #[ts(type = "string")]
    pub recorded_at: Instant,
    pub recorded_by: String,
}

impl Meeting {
    /// The minutes' title: 2026年第1次联席会议纪要.
    pub fn title(&self) -> String {
        format!("{}纪要", self.number)
    }
}
