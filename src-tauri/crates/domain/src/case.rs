//! The case (诉求) as the ledger holds it and as every screen and CLI verb shows it,
//! plus the registration input (the fields of the 003 附件2 registration sheet).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhitong_calendar::Span;

use crate::settings::Settings;
use crate::validate::{self, Issues, TextRule};
use crate::workflow::CaseState;
use crate::{DomainError, Instant};

/// What a clerk registers: every field of the registration sheet, in phone order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewCase {
    #[ts(type = "string")]
    pub received_at: Instant,
    pub channel: String,
    pub nature: String,
    pub category: String,
    /// One-line summary for the ledger (问题摘要); derived from the text when empty.
    #[serde(default)]
    pub summary: String,
    pub description: String,
    #[serde(default)]
    pub wanted_department: String,
    /// 分管领导甄别意见, often filled in later.
    #[serde(default)]
    pub screening_opinion: String,
    pub enterprise: EnterpriseInput,
    pub contact: ContactInput,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EnterpriseInput {
    pub name: String,
    #[serde(default)]
    pub credit_code: String,
    #[serde(default)]
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ContactInput {
    pub name: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
}

pub const DESCRIPTION_MAX: usize = 20_000;
pub const SUMMARY_MAX: usize = 60;

impl NewCase {
    /// Validates every field against the settings and `now`; returns the normalised
    /// input, or every problem found (not just the first), each tied to its field.
    pub fn validated(&self, settings: &Settings, now: Instant) -> Result<NewCase, DomainError> {
        let mut is = Issues::default();
        let line = |label, required, max| TextRule {
            label,
            required,
            max_chars: max,
            multiline: false,
        };
        let received_at = self.received_at.with_timezone(&crate::china());
        is.check(
            "received_at",
            validate::not_future(received_at, now, "反映时间"),
        );
        let channel = is.check(
            "channel",
            validate::one_of(&self.channel, &settings.channels, "反映渠道"),
        );
        let nature = is.check(
            "nature",
            validate::one_of(&self.nature, &settings.natures, "诉求性质"),
        );
        let category = is.check(
            "category",
            validate::one_of(&self.category, &settings.categories, "问题类别"),
        );
        let description = is.check(
            "description",
            validate::text(
                &self.description,
                TextRule {
                    label: "企业反映困难问题",
                    required: true,
                    max_chars: DESCRIPTION_MAX,
                    multiline: true,
                },
            ),
        );
        let summary = is.check(
            "summary",
            validate::text(&self.summary, line("问题摘要", false, SUMMARY_MAX)),
        );
        let wanted = is.check(
            "wanted_department",
            validate::text(
                &self.wanted_department,
                line("希望协调解决事项的部门", false, 100),
            ),
        );
        let opinion = is.check(
            "screening_opinion",
            validate::text(
                &self.screening_opinion,
                TextRule {
                    label: "分管领导甄别意见",
                    required: false,
                    max_chars: 2000,
                    multiline: true,
                },
            ),
        );
        let e_name = is.check(
            "enterprise.name",
            validate::text(&self.enterprise.name, line("企业名称", true, 100)),
        );
        let code = if self.enterprise.credit_code.trim().is_empty() {
            Some(String::new())
        } else {
            is.check(
                "enterprise.credit_code",
                crate::credit_code::validate(&self.enterprise.credit_code),
            )
        };
        let address = is.check(
            "enterprise.address",
            validate::text(&self.enterprise.address, line("详细地址", false, 200)),
        );
        let c_name = is.check(
            "contact.name",
            validate::text(&self.contact.name, line("联系人", true, 50)),
        );
        let c_title = is.check(
            "contact.title",
            validate::text(&self.contact.title, line("职务", false, 50)),
        );
        let phone = if self.contact.phone.trim().is_empty() {
            is.0.push(crate::FieldIssue::new(
                "contact.phone",
                "请填写联系电话，办理结果要答复企业",
            ));
            None
        } else {
            is.check("contact.phone", validate::phone(&self.contact.phone))
        };
        let email = if self.contact.email.trim().is_empty() {
            Some(String::new())
        } else {
            is.check("contact.email", validate::email(&self.contact.email))
        };
        is.finish()?;
        let description = description.expect("validated");
        let summary = summary.expect("validated");
        let summary = if summary.is_empty() {
            summarize(&description)
        } else {
            summary
        };
        Ok(NewCase {
            received_at,
            channel: channel.expect("validated"),
            nature: nature.expect("validated"),
            category: category.expect("validated"),
            summary,
            description,
            wanted_department: wanted.expect("validated"),
            screening_opinion: opinion.expect("validated"),
            enterprise: EnterpriseInput {
                name: e_name.expect("validated"),
                credit_code: code.expect("validated"),
                address: address.expect("validated"),
            },
            contact: ContactInput {
                name: c_name.expect("validated"),
                title: c_title.expect("validated"),
                phone: phone.expect("validated"),
                email: email.expect("validated"),
            },
        })
    }
}

impl NewCase {
    /// The registration fields that differ between `self` (before) and `after`, as
    /// (field label, old, new) in the order of the registration sheet — what a
    /// 修改登记信息 event records.
    pub fn changes(&self, after: &NewCase) -> Vec<(&'static str, String, String)> {
        let when = |t: Instant| t.format("%Y-%m-%d %H:%M").to_string();
        let fields: [(&'static str, String, String); 15] = [
            ("反映时间", when(self.received_at), when(after.received_at)),
            ("反映渠道", self.channel.clone(), after.channel.clone()),
            ("诉求性质", self.nature.clone(), after.nature.clone()),
            ("问题类别", self.category.clone(), after.category.clone()),
            (
                "企业名称",
                self.enterprise.name.clone(),
                after.enterprise.name.clone(),
            ),
            (
                "统一社会信用代码",
                self.enterprise.credit_code.clone(),
                after.enterprise.credit_code.clone(),
            ),
            (
                "详细地址",
                self.enterprise.address.clone(),
                after.enterprise.address.clone(),
            ),
            (
                "联系人",
                self.contact.name.clone(),
                after.contact.name.clone(),
            ),
            (
                "职务",
                self.contact.title.clone(),
                after.contact.title.clone(),
            ),
            (
                "联系电话",
                self.contact.phone.clone(),
                after.contact.phone.clone(),
            ),
            (
                "电子邮箱",
                self.contact.email.clone(),
                after.contact.email.clone(),
            ),
            ("问题摘要", self.summary.clone(), after.summary.clone()),
            (
                "企业反映困难问题",
                self.description.clone(),
                after.description.clone(),
            ),
            (
                "希望协调解决事项的部门",
                self.wanted_department.clone(),
                after.wanted_department.clone(),
            ),
            (
                "分管领导甄别意见",
                self.screening_opinion.clone(),
                after.screening_opinion.clone(),
            ),
        ];
        fields.into_iter().filter(|(_, a, b)| a != b).collect()
    }
}

/// The first sentence of a text, cut to [`SUMMARY_MAX`] characters. A summary is one
/// line: tabs and other control characters of the text become spaces, so a derived
/// summary always passes the summary's own validation.
pub fn summarize(text: &str) -> String {
    let first: String = text
        .split(['。', '\n', '\r', '！', '？'])
        .find(|s| !s.trim().is_empty())
        .unwrap_or(text)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let first = first.trim();
    let mut s: String = first.chars().take(SUMMARY_MAX).collect();
    if first.chars().count() > SUMMARY_MAX {
        s.pop();
        s.push('…');
    }
    s
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Enterprise {
    pub id: i64,
    pub name: String,
    pub credit_code: Option<String>,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Contact {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
}

/// Outcome class of 003 第9条.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Outcome {
    /// 已经解决或基本解决
    A,
    /// 正在解决 — stays open and is followed up.
    B,
    /// 因法律法规、政策限制或其他因素一时难以解决
    C,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::A => "A类 已经解决或基本解决",
            Outcome::B => "B类 正在解决",
            Outcome::C => "C类 因法律法规、政策限制或其他因素一时难以解决",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s.trim().trim_end_matches('类').to_uppercase().as_str() {
            "A" => Ok(Outcome::A),
            "B" => Ok(Outcome::B),
            "C" => Ok(Outcome::C),
            _ => Err(DomainError::invalid(
                "outcome",
                format!("办理结果“{s}”无效，应为 A（已解决）、B（正在解决）或 C（一时难以解决）"),
            )),
        }
    }
}

/// The enterprise's verdict (002 第13条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Satisfaction {
    Satisfied,
    Average,
    Unsatisfied,
}

impl Satisfaction {
    pub fn label(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "满意",
            Satisfaction::Average => "一般",
            Satisfaction::Unsatisfied => "不满意",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s.trim() {
            "满意" | "satisfied" => Ok(Satisfaction::Satisfied),
            "一般" | "基本满意" | "average" => Ok(Satisfaction::Average),
            "不满意" | "unsatisfied" => Ok(Satisfaction::Unsatisfied),
            _ => Err(DomainError::invalid(
                "result",
                format!("评价“{s}”无效，应为 满意、一般 或 不满意"),
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Evaluation {
    pub result: Satisfaction,
    /// 服务质量, 服务态度, 服务效率: 1–5 stars; absent when deemed.
    pub quality: Option<u8>,
    pub attitude: Option<u8>,
    pub efficiency: Option<u8>,
    /// True when no evaluation came within the window and the case was deemed
    /// satisfied (视作满意) — never mixed up with a real rating.
    pub deemed: bool,
    #[ts(type = "string")]
    pub at: Instant,
    pub comment: String,
}

/// Why a case is not accepted (003 第2条, 002 第9条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RejectReason {
    /// 非园区注册企业或不属于受理范围
    OutOfScope,
    /// 诉求违法
    Illegal,
    /// 已经或依法应当通过诉讼、仲裁、行政复议解决
    Litigation,
    /// 涉法涉诉、信访事项
    Petition,
    Other,
}

impl RejectReason {
    pub const ALL: [RejectReason; 5] = [
        RejectReason::OutOfScope,
        RejectReason::Illegal,
        RejectReason::Litigation,
        RejectReason::Petition,
        RejectReason::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RejectReason::OutOfScope => "非园区注册企业或不属于受理范围",
            RejectReason::Illegal => "诉求违反法律法规",
            RejectReason::Litigation => "已经或依法应当通过诉讼、仲裁、行政复议等法定途径解决",
            RejectReason::Petition => "属于司法或信访事项",
            RejectReason::Other => "其他原因",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let t = s.trim();
        Self::ALL
            .into_iter()
            .find(|r| {
                let id = serde_json::to_value(r)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string));
                id.as_deref() == Some(t) || r.label() == t || r.short() == t
            })
            .ok_or_else(|| {
                DomainError::invalid(
                    "reason",
                    format!(
                        "不予受理理由“{t}”无效，可选：{}",
                        Self::ALL.map(|r| r.short()).join("、")
                    ),
                )
            })
    }

    pub fn short(self) -> &'static str {
        match self {
            RejectReason::OutOfScope => "不属于受理范围",
            RejectReason::Illegal => "违法诉求",
            RejectReason::Litigation => "诉讼仲裁复议",
            RejectReason::Petition => "司法信访",
            RejectReason::Other => "其他",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Rejection {
    pub reason: RejectReason,
    pub detail: String,
    /// What the enterprise was told, and how.
    pub told: String,
    #[ts(type = "string")]
    pub at: Instant,
}

/// Approval route of 003 第7条.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Route {
    /// Within the park's remit: the leader in charge of enterprise service approves.
    LeaderInCharge,
    /// Several departments or complex: the executive deputy director signs.
    ExecutiveDeputy,
    /// A district-level bureau: the executive deputy director signs and a letter goes out.
    DistrictLetter,
}

impl Route {
    pub fn label(self) -> &'static str {
        match self {
            Route::LeaderInCharge => "分管企业服务领导审批后交办",
            Route::ExecutiveDeputy => "涉及多个部室或情况复杂，由常务副主任审签交办",
            Route::DistrictLetter => "属区级部门职能，由常务副主任审签后发函",
        }
    }

    /// The route the rules give for a lead department of `lead_kind`, the number of
    /// cooperating departments and whether the clerk flagged the matter as complex.
    pub fn for_assignment(lead_kind: DepartmentKind, cooperating: usize, complex: bool) -> Route {
        match lead_kind {
            DepartmentKind::District => Route::DistrictLetter,
            DepartmentKind::Internal if cooperating > 0 || complex => Route::ExecutiveDeputy,
            DepartmentKind::Internal => Route::LeaderInCharge,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DepartmentKind {
    /// A department (部室) of the park committee.
    Internal,
    /// A district-level bureau, reached by letter (函).
    District,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Department {
    pub id: i64,
    pub name: String,
    pub kind: DepartmentKind,
    /// 企业服务专员 (002 第5条) and the commissioner's phone.
    pub commissioner: String,
    pub phone: String,
    /// 分管副职 (000 五2: one deputy per department handles the cases).
    #[serde(default)]
    pub deputy: String,
    #[serde(default)]
    pub deputy_phone: String,
    /// 联络员 (000 五2).
    #[serde(default)]
    pub liaison: String,
    #[serde(default)]
    pub liaison_phone: String,
    pub active: bool,
}

impl Department {
    /// Who answers for the department, as the 督办函 and the board name them:
    /// "专员 陈峰华 13800000000；分管副职 …；联络员 …" (the people that are known).
    pub fn contacts_line(&self) -> String {
        [
            ("专员", &self.commissioner, &self.phone),
            ("分管副职", &self.deputy, &self.deputy_phone),
            ("联络员", &self.liaison, &self.liaison_phone),
        ]
        .iter()
        .filter(|(_, name, _)| !name.trim().is_empty())
        .map(|(what, name, phone)| {
            if phone.trim().is_empty() {
                format!("{what} {}", name.trim())
            } else {
                format!("{what} {} {}", name.trim(), phone.trim())
            }
        })
        .collect::<Vec<_>>()
        .join("；")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    Clerk,
    Leader,
    Admin,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Clerk => "登记员",
            Role::Leader => "领导",
            Role::Admin => "管理员",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s.trim() {
            "clerk" | "登记员" => Ok(Role::Clerk),
            "leader" | "领导" => Ok(Role::Leader),
            "admin" | "管理员" => Ok(Role::Admin),
            _ => Err(DomainError::invalid(
                "role",
                format!("角色“{s}”无效，应为 登记员(clerk)、领导(leader) 或 管理员(admin)"),
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Staff {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// e.g. 分管领导, 常务副主任.
    pub title: String,
    pub has_pin: bool,
    pub active: bool,
    /// A member of the leading group (领导小组, 002 第1条, 003 第4条).
    #[serde(default)]
    pub leading_group: bool,
    /// A member of the service office (企服办 / 企业服务专班, 002 第3条).
    #[serde(default)]
    pub service_office: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Assignment {
    pub id: i64,
    pub assign_no: String,
    pub lead: String,
    pub cooperating: Vec<String>,
    pub handling_class: String,
    pub route: Route,
    pub approver: Option<String>,
    #[ts(type = "string")]
    pub assigned_at: Instant,
    #[ts(type = "string | null")]
    pub sheet_returned_at: Option<Instant>,
    pub letter: Option<Letter>,
    pub note: String,
}

/// A letter (函) to a district-level bureau (003 第7条2, 附件4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Letter {
    pub letter_no: String,
    pub bureau: String,
    pub copy_to: Vec<String>,
}

/// What a deadline is for. Decisions (overdue, urging, the evaluation window) switch on
/// this, never on the display label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DeadlineKind {
    /// A handling milestone of the case's class (办结、研究结果…).
    Handling,
    /// The district bureau's written reply to a letter (函).
    Letter,
    /// The enterprise's evaluation window after a reply (逾期视作满意).
    Evaluation,
}

impl DeadlineKind {
    pub const ALL: [DeadlineKind; 3] = [
        DeadlineKind::Handling,
        DeadlineKind::Letter,
        DeadlineKind::Evaluation,
    ];

    /// Whether a department's work is measured by it (overdue board, urges).
    pub fn is_handling(self) -> bool {
        matches!(self, DeadlineKind::Handling | DeadlineKind::Letter)
    }
}

/// One running or finished time limit of a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Deadline {
    pub id: i64,
    pub kind: DeadlineKind,
    /// What must happen by then, e.g. 办结并答复企业, 区级部门回复.
    pub label: String,
    pub span: Span,
    #[ts(type = "string")]
    pub start_at: Instant,
    #[ts(type = "string")]
    pub due_at: Instant,
    /// Computed over a year whose holiday schedule is not loaded.
    pub provisional: bool,
    #[ts(type = "string | null")]
    pub met_at: Option<Instant>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Urge {
    pub id: i64,
    #[ts(type = "string")]
    pub at: Instant,
    /// 电话, 短信, 微信, 催办单, 督办函…
    pub way: String,
    pub by: String,
    pub department: String,
    pub content: String,
    /// Counted towards escalation (at most one per working day while overdue).
    pub counted: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Reply {
    #[ts(type = "string")]
    pub at: Instant,
    /// 电话, 书面, 当面, 微信…
    pub way: String,
    pub text: String,
    pub outcome: Outcome,
    /// For C: the law, policy or other reason and the explanation given.
    pub outcome_reason: String,
}

/// One entry of a case's timeline, also the audit record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Event {
    pub id: i64,
    #[ts(type = "string")]
    pub at: Instant,
    pub operator: String,
    pub action: String,
    /// Human-readable Chinese sentence for the timeline.
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Attachment {
    pub id: i64,
    pub kind: String,
    pub file_name: String,
    pub sha256: String,
    pub size: i64,
    #[ts(type = "string")]
    pub added_at: Instant,
    pub added_by: String,
}

/// 备案: the department's handling report, signed by its head, filed with the case
/// (000 三(二)2–4, 003 第9条).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Filing {
    pub id: i64,
    pub text: String,
    /// The department head who signed the report.
    pub signed_by: String,
    /// The department that reported (the lead at the time), when known.
    pub department: String,
    /// The scan of the signed report, when one was attached.
    pub file_name: Option<String>,
    pub attachment_id: Option<i64>,
    #[ts(type = "string")]
    pub filed_at: Instant,
    pub filed_by: String,
}

/// 领导小组决定: what the leading group (or a leader) decided on an escalated case
/// (002 第11条, 003 第4条). It ends the escalation; it may move the case to a new lead
/// with a new limit, or set a new limit for the same department.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Decision {
    pub id: i64,
    pub text: String,
    /// The meeting it was taken at, if any (its number and title).
    pub meeting_id: Option<i64>,
    pub meeting: Option<String>,
    /// The new lead department and class, when the decision moved the case.
    pub lead: Option<String>,
    pub handling_class: Option<String>,
    /// The new limit for the same department.
    #[ts(type = "string | null")]
    pub until: Option<chrono::NaiveDate>,
    #[ts(type = "string")]
    pub decided_at: Instant,
    pub decided_by: String,
}

/// A case with everything a case page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Case {
    pub id: i64,
    pub reg_no: String,
    #[ts(type = "string")]
    pub received_at: Instant,
    pub channel: String,
    pub nature: String,
    pub category: String,
    pub summary: String,
    pub description: String,
    pub wanted_department: String,
    pub screening_opinion: String,
    pub enterprise: Enterprise,
    pub contact: Contact,
    pub state: CaseState,
    /// The state a paused case returns to on resume.
    pub paused_from: Option<CaseState>,
    #[ts(type = "string | null")]
    pub paused_at: Option<Instant>,
    pub handling_class: Option<String>,
    pub assignment: Option<Assignment>,
    /// Earlier assignments, kept when a case is reassigned (转办).
    pub previous_assignments: Vec<Assignment>,
    pub deadlines: Vec<Deadline>,
    pub urges: Vec<Urge>,
    pub escalated: bool,
    pub special_supervision: bool,
    /// Flagged 共性问题: on the next joint meeting's agenda (000 五3, 002 第7条).
    pub common_issue: bool,
    pub filings: Vec<Filing>,
    pub decisions: Vec<Decision>,
    pub outcome: Option<Outcome>,
    pub reply: Option<Reply>,
    pub evaluation: Option<Evaluation>,
    pub rejection: Option<Rejection>,
    pub void_reason: Option<String>,
    pub attachments: Vec<Attachment>,
    pub events: Vec<Event>,
    #[ts(type = "string")]
    pub created_at: Instant,
    #[ts(type = "string")]
    pub updated_at: Instant,
}

impl Case {
    /// The case's registration fields as an editable form (修改登记信息 starts from it).
    pub fn registration(&self) -> NewCase {
        NewCase {
            received_at: self.received_at,
            channel: self.channel.clone(),
            nature: self.nature.clone(),
            category: self.category.clone(),
            summary: self.summary.clone(),
            description: self.description.clone(),
            wanted_department: self.wanted_department.clone(),
            screening_opinion: self.screening_opinion.clone(),
            enterprise: EnterpriseInput {
                name: self.enterprise.name.clone(),
                credit_code: self.enterprise.credit_code.clone().unwrap_or_default(),
                address: self.enterprise.address.clone(),
            },
            contact: ContactInput {
                name: self.contact.name.clone(),
                title: self.contact.title.clone(),
                phone: self.contact.phone.clone(),
                email: self.contact.email.clone(),
            },
        }
    }

    /// The earliest deadline still running (not met).
    pub fn next_deadline(&self) -> Option<&Deadline> {
        self.deadlines
            .iter()
            .filter(|d| d.met_at.is_none())
            .min_by_key(|d| d.due_at)
    }
}

/// One row of the ledger list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseRow {
    pub id: i64,
    pub reg_no: String,
    #[ts(type = "string")]
    pub received_at: Instant,
    pub enterprise: String,
    pub contact: String,
    pub phone: String,
    pub channel: String,
    pub nature: String,
    pub category: String,
    pub summary: String,
    pub state: CaseState,
    pub handling_class: Option<String>,
    pub lead: Option<String>,
    #[ts(type = "string | null")]
    pub due_at: Option<Instant>,
    pub provisional: bool,
    pub escalated: bool,
    pub urges: i64,
    pub outcome: Option<Outcome>,
}
