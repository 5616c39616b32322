//! Settings of a ledger: the park, document-number formats, the lists clerks pick from,
//! handling policies and follow-up rules. Seeded with the defaults below and editable;
//! every value is validated before it is stored.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhitong_calendar::{Span, Unit};

use crate::policy::{self, Policy};
use crate::{numbering, DomainError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Settings {
    /// 园区名称, e.g. 重庆市正阳工业园区.
    pub park_name: String,
    /// The body that signs letters and sheets, e.g. 重庆市正阳工业园区管理委员会.
    pub issuing_body: String,
    pub service_center: String,
    pub hotline: String,
    /// Contact line printed on forms and letters.
    pub contact_line: String,
    pub reg_no_format: String,
    pub assign_no_format: String,
    pub letter_no_format: String,
    pub channels: Vec<String>,
    pub natures: Vec<String>,
    pub categories: Vec<String>,
    pub urge_ways: Vec<String>,
    pub reply_ways: Vec<String>,
    /// 分管企业服务领导: the leaders who approve an assignment within the park's remit
    /// (003 第7条1). Empty: a leader whose title contains 分管.
    pub approvers_in_charge: Vec<String>,
    /// 常务副主任: the leaders who sign for several departments, complex matters and
    /// letters to district bureaus (003 第7条). Empty: a leader titled 常务副主任.
    pub approvers_executive: Vec<String>,
    /// Bodies every letter to a district bureau is copied to (抄告).
    pub letter_copy_to: Vec<String>,
    /// Also copied on hard cases (重难点事项).
    pub hard_case_copy_to: Vec<String>,
    pub policies: Vec<Policy>,
    pub active_policy: String,
    /// When a working day closes, `HH:MM`; `24:00` means the end of the day.
    pub day_end: String,
    /// A district bureau reports back within this (003 附件4: 5 working days).
    pub letter_limit: Span,
    /// No evaluation within this after the reply → deemed satisfied (002 第13条).
    pub evaluation_window: Span,
    /// Urges counted at most once per this many working days while overdue.
    pub urge_interval_working_days: u32,
    /// Escalate to the leading group after this many counted urges (002 第11条).
    pub escalate_after_urges: u32,
    /// 003 第9条: a B reply (正在解决) needs its promised completion date, which runs as a
    /// deadline; no evaluation window opens until the A or C reply. `false`: the earlier
    /// behaviour, where a B reply ended the limits and opened the evaluation window.
    pub b_follow_up: bool,
    /// 002 第13条 deems satisfied "按期办结的诉求答复" only; `true` also deems late replies.
    pub deem_late_replies: bool,
    /// "Nearly due" on the board and 工作台: due within this many hours.
    pub near_due_hours: u32,
    /// The printed report's 通报 names every unit with its counts (003 第11条 and 000 四
    /// 通报 units) and lists under each unit at most this many of its overdue cases, the
    /// longest overdue first, and every case rated 不满意 in the period; the rest stay in
    /// the report workbook and on the overdue board. 0 lists every case.
    pub notice_cases_per_unit: u32,
}

impl Default for Settings {
    fn default() -> Self {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        Settings {
            park_name: "重庆市正阳工业园区".into(),
            issuing_body: "重庆市正阳工业园区管理委员会".into(),
            service_center: "正阳工业园区企业服务中心".into(),
            hotline: "79429609".into(),
            contact_line: "正阳工业园区企业服务中心 79429609".into(),
            reg_no_format: numbering::REG_NO.into(),
            assign_no_format: numbering::ASSIGN_NO.into(),
            letter_no_format: numbering::LETTER_NO.into(),
            channels: s(&[
                "热线电话",
                "微信",
                "QQ",
                "网站/平台",
                "电子邮件",
                "现场窗口",
                "来函",
                "领导联系企业",
                "招商/项目过程",
                "领导接待日/调研",
                "其他",
            ]),
            natures: s(&["咨询", "求助", "投诉", "建议"]),
            categories: s(&[
                "政策执行",
                "合同履行",
                "用地审批",
                "用电保障",
                "融资服务",
                "人才服务",
                "招工用工",
                "项目推动",
                "软环境建设",
                "用水保障",
                "子女入学",
                "手续办理",
                "其它",
            ]),
            urge_ways: s(&["电话", "短信", "微信", "当面", "催办单", "督办函"]),
            reply_ways: s(&["电话", "书面", "当面", "微信", "电子邮件"]),
            approvers_in_charge: vec![],
            approvers_executive: vec![],
            letter_copy_to: s(&["区民促办"]),
            hard_case_copy_to: s(&["区整顿办"]),
            policies: policy::presets(),
            active_policy: "嘉兴".into(),
            day_end: "24:00".into(),
            letter_limit: Span {
                amount: 5,
                unit: Unit::WorkingDays,
            },
            evaluation_window: Span {
                amount: 5,
                unit: Unit::WorkingDays,
            },
            urge_interval_working_days: 1,
            escalate_after_urges: 3,
            near_due_hours: 24,
            b_follow_up: true,
            deem_late_replies: false,
            notice_cases_per_unit: 10,
        }
    }
}

impl Settings {
    pub fn policy(&self) -> Option<&Policy> {
        self.policies.iter().find(|p| p.name == self.active_policy)
    }

    /// The working-day close as the calendar takes it (`00:00` stands for 24:00).
    pub fn day_end_time(&self) -> chrono::NaiveTime {
        parse_day_end(&self.day_end).unwrap_or(chrono::NaiveTime::MIN)
    }

    /// Checks the whole settings value; on error names the setting and the fix.
    pub fn check(&self) -> Result<(), DomainError> {
        use crate::validate::Issues;
        let mut is = Issues::default();
        for (key, f) in [
            ("reg_no_format", &self.reg_no_format),
            ("assign_no_format", &self.assign_no_format),
            ("letter_no_format", &self.letter_no_format),
        ] {
            is.check(key, numbering::check_format(f).map_err(|e| e.to_string()));
        }
        for (key, label, list) in [
            ("channels", "反映渠道", &self.channels),
            ("natures", "诉求性质", &self.natures),
            ("categories", "问题类别", &self.categories),
        ] {
            if list.is_empty() || list.iter().any(|x| x.trim().is_empty()) {
                is.0.push(crate::FieldIssue::new(
                    key,
                    format!("{label}列表不能为空，也不能有空白项"),
                ));
            }
        }
        if self.park_name.trim().is_empty() {
            is.0.push(crate::FieldIssue::new("park_name", "请填写园区名称"));
        }
        if self.policy().is_none() {
            is.0.push(crate::FieldIssue::new(
                "active_policy",
                format!(
                    "当前时限规则“{}”不存在，可选：{}",
                    self.active_policy,
                    self.policies
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                ),
            ));
        }
        if parse_day_end(&self.day_end).is_none() {
            is.0.push(crate::FieldIssue::new(
                "day_end",
                format!(
                    "工作日截止时间“{}”无效，应为 HH:MM，如 17:30；24:00 表示当日结束",
                    self.day_end
                ),
            ));
        }
        // A time limit longer than a year is a typing error; an unbounded one would make
        // every deadline computation walk the calendar for billions of days.
        let mut spans: Vec<(String, String, Span)> = vec![
            (
                "letter_limit".into(),
                "区级部门回复时限".into(),
                self.letter_limit,
            ),
            (
                "evaluation_window".into(),
                "企业评价时限".into(),
                self.evaluation_window,
            ),
        ];
        for p in &self.policies {
            for c in &p.classes {
                for m in &c.milestones {
                    if let Some(to) = &m.unsolvable_class {
                        if p.class(to).is_none() || to == &c.name {
                            is.0.push(crate::FieldIssue::new(
                                "policies",
                                format!(
                                    "时限规则“{}”·{}·{}：暂无法解决时转入的类别“{to}”不存在（应为本规则的另一类别）",
                                    p.name, c.name, m.label
                                ),
                            ));
                        }
                    }
                    spans.push((
                        "policies".into(),
                        format!("时限规则“{}”·{}·{}", p.name, c.name, m.label),
                        m.span,
                    ));
                }
            }
        }
        for (key, label, span) in spans {
            if let Some(problem) = span_problem(span) {
                is.0.push(crate::FieldIssue::new(key, format!("{label}：{problem}")));
            }
        }
        if self.escalate_after_urges == 0 {
            is.0.push(crate::FieldIssue::new(
                "escalate_after_urges",
                "提交领导小组前的催办次数至少为 1",
            ));
        }
        is.finish()
    }
}

/// Why a time limit cannot be used: longer than a year (0 is 即时, e.g. 廊坊 一类).
fn span_problem(span: Span) -> Option<String> {
    let (max, unit) = match span.unit {
        Unit::Hours => (366 * 24, "小时"),
        Unit::Days => (366, "天"),
        Unit::WorkingDays => (250, "个工作日"),
    };
    if span.amount > max {
        Some(format!(
            "时限 {}{unit} 超过一年（最多 {max}{unit}），请核对",
            span.amount
        ))
    } else {
        None
    }
}

/// `HH:MM`, with `24:00` meaning the end of the day (returned as 00:00).
pub fn parse_day_end(s: &str) -> Option<chrono::NaiveTime> {
    let t = s.trim();
    if t == "24:00" {
        return Some(chrono::NaiveTime::MIN);
    }
    chrono::NaiveTime::parse_from_str(t, "%H:%M").ok()
}
