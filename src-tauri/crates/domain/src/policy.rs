//! Handling policies (处理时限): named classes with milestones, each a duration from a
//! start point, plus the follow-up rules (evaluation window, urging, escalation).
//! Presets restate the seeds; a park can edit them or define its own in settings.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhitong_calendar::{Span, Unit};

/// Which moment a milestone's clock starts from: 嘉兴 counts "接到企业诉求后" (002 第10条),
/// 廊坊 from the department's assignment (000 三(二)), the 正阳 letter from its date
/// (003 附件4). A clock that starts before 交办 runs on the accepted, unassigned case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StartPoint {
    /// 收到诉求: the case's 反映时间.
    Received,
    /// 受理: when the case was accepted after screening.
    Accepted,
    /// 交办 (or 转办): when the department got it.
    Assigned,
    /// 发函: the date of the letter to a district bureau.
    Letter,
}

impl StartPoint {
    pub const ALL: [StartPoint; 4] = [
        StartPoint::Received,
        StartPoint::Accepted,
        StartPoint::Assigned,
        StartPoint::Letter,
    ];

    pub fn label(self) -> &'static str {
        match self {
            StartPoint::Received => "收到诉求",
            StartPoint::Accepted => "受理",
            StartPoint::Assigned => "交办",
            StartPoint::Letter => "发函",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            StartPoint::Received => "received",
            StartPoint::Accepted => "accepted",
            StartPoint::Assigned => "assigned",
            StartPoint::Letter => "letter",
        }
    }

    /// The clock starts before the case is assigned, so it runs on an accepted case.
    pub fn before_assignment(self) -> bool {
        matches!(self, StartPoint::Received | StartPoint::Accepted)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Milestone {
    pub label: String,
    pub span: Span,
    pub start: StartPoint,
    /// The milestone decides whether the matter can be solved (廊坊 三类 研究结果): met
    /// with "not solvable", the case continues under this class (四类).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub unsolvable_class: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HandlingClass {
    pub name: String,
    pub description: String,
    pub milestones: Vec<Milestone>,
    /// 销号 needs the department's signed report on file (备案, 000 三(二)2–4: 廊坊
    /// 二、三、四类 "经本部门主要负责人签字后提交备案"; 003 第9条 for a park that sets it).
    #[serde(default)]
    pub filing_required: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Policy {
    /// Preset or park-defined name, e.g. 嘉兴.
    pub name: String,
    pub source: String,
    pub classes: Vec<HandlingClass>,
}

impl Policy {
    pub fn class(&self, name: &str) -> Option<&HandlingClass> {
        self.classes.iter().find(|c| c.name == name)
    }
}

impl HandlingClass {
    /// The milestone a clerk names: its exact label, else the one label containing the
    /// words (`研究结果` finds 提出研究结果). A name the class lacks is refused with the
    /// class's milestones.
    pub fn milestone(&self, name: &str) -> Result<&Milestone, crate::DomainError> {
        let t = name.trim();
        if let Some(m) = self.milestones.iter().find(|m| m.label == t) {
            return Ok(m);
        }
        let mut hits = self
            .milestones
            .iter()
            .filter(|m| !t.is_empty() && m.label.contains(t));
        match (hits.next(), hits.next()) {
            (Some(m), None) => Ok(m),
            _ => Err(crate::DomainError::invalid(
                "milestone",
                if self.milestones.is_empty() {
                    format!(
                        "“{}”没有规定时限的办理节点（{}）",
                        self.name, self.description
                    )
                } else {
                    format!(
                        "“{}”没有“{t}”这一办理节点，可选：{}",
                        self.name,
                        self.milestones
                            .iter()
                            .map(|m| m.label.as_str())
                            .collect::<Vec<_>>()
                            .join("、")
                    )
                },
            )),
        }
    }
}

fn wd(n: u32) -> Span {
    Span {
        amount: n,
        unit: Unit::WorkingDays,
    }
}

fn m(label: &str, span: Span, start: StartPoint) -> Milestone {
    Milestone {
        label: label.into(),
        span,
        start,
        unsolvable_class: None,
    }
}

fn class(name: &str, description: &str, milestones: Vec<Milestone>) -> HandlingClass {
    HandlingClass {
        name: name.into(),
        description: description.into(),
        milestones,
        filing_required: false,
    }
}

/// A class whose 销号 needs the signed report on file (廊坊 二、三、四类).
fn filed(c: HandlingClass) -> HandlingClass {
    HandlingClass {
        filing_required: true,
        ..c
    }
}

/// The presets from the seeds: 廊坊 (000), 嘉兴 (002). The 正阳 letter limit (003) is
/// [`crate::Settings::letter_limit`], since it applies under any policy.
pub fn presets() -> Vec<Policy> {
    let hours = |n| Span {
        amount: n,
        unit: Unit::Hours,
    };
    let days = |n| Span {
        amount: n,
        unit: Unit::Days,
    };
    vec![
        Policy {
            name: "嘉兴".into(),
            source: "嘉开管〔2020〕15号 第10条".into(),
            classes: vec![
                class(
                    "咨询类",
                    "政策咨询等，1个工作日内答复",
                    vec![m("答复企业", wd(1), StartPoint::Received)],
                ),
                class(
                    "专业类",
                    "需相关部门会商，5个工作日内答复",
                    vec![m("办结并答复企业", wd(5), StartPoint::Received)],
                ),
                class(
                    "综合类",
                    "需组织专家论证，10个工作日内答复",
                    vec![m("办结并答复企业", wd(10), StartPoint::Received)],
                ),
                class(
                    "共性类",
                    "需领导小组研究，15个工作日内答复",
                    vec![m("办结并答复企业", wd(15), StartPoint::Received)],
                ),
            ],
        },
        Policy {
            name: "廊坊".into(),
            source: "廊坊经济技术开发区（2019）三、办理时限".into(),
            classes: vec![
                class(
                    "一类",
                    "政策咨询类，即时答复",
                    vec![m("即时答复", wd(0), StartPoint::Received)],
                ),
                filed(class(
                    "二类",
                    "承办部门有权解决的，24小时内办结并反馈企业",
                    vec![m("办结并反馈企业", hours(24), StartPoint::Assigned)],
                )),
                filed(class(
                    "三类",
                    "需请示领导研究的，48小时内提出研究结果，可解决的5日内办结",
                    vec![
                        Milestone {
                            unsolvable_class: Some("四类".into()),
                            ..m("提出研究结果", hours(48), StartPoint::Assigned)
                        },
                        m("办结（可解决的）", days(5), StartPoint::Assigned),
                    ],
                )),
                // 000 二(二): what an enterprise raises in the 政企服务“直通”微信群 gets a
                // 解决方案 within 24 hours of the post, answered in the group in writing.
                class(
                    "微信群诉求",
                    "“直通”微信群内的企业诉求，24小时内提出解决方案并在群内以文字形式答复",
                    vec![m(
                        "提出解决方案（群内文字答复）",
                        hours(24),
                        StartPoint::Received,
                    )],
                ),
                // 000 三(二)4 names no time for the explanation: 四类 has no milestone,
                // the department explains and the case closes with that explanation.
                filed(class(
                    "四类",
                    "因政策限制暂无法解决的，耐心向企业说明原因并备案（无规定时限）",
                    vec![],
                )),
            ],
        },
        // 003 names no number of days for the park's own offices (第9条 "规定时限": the
        // limit is the 办结时限 on the 交办单); the default is the 5 working days 附件4
        // gives district bureaus, editable in the settings. Bureaus: 附件4, literally.
        Policy {
            name: "正阳".into(),
            source: "正阳园区管委发〔2022〕6号 第7、9条，附件4".into(),
            classes: vec![
                class(
                    "部室办理",
                    "属园区管委会职能的，交办部室办理（办法未定天数，默认5个工作日）",
                    vec![m("办结并答复企业", wd(5), StartPoint::Assigned)],
                ),
                class(
                    "区级部门办理",
                    "属区级部门职能的，发函请其处理，5个工作日内函告办理情况",
                    vec![m("区级部门函告办理情况", wd(5), StartPoint::Letter)],
                ),
            ],
        },
    ]
}
