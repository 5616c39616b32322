//! Domain errors. Every message is Simplified Chinese and says what is wrong and how to
//! fix it; `code()` is the stable identifier the UI switches on.

use serde::Serialize;

/// One problem with one input field, shown next to that field in the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FieldIssue {
    /// Dotted path of the field, e.g. `enterprise.credit_code`.
    pub field: String,
    pub message: String,
}

impl FieldIssue {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DomainError {
    /// Input failed validation; each issue names its field.
    #[error("{}", join_issues(.0))]
    Invalid(Vec<FieldIssue>),
    /// The action is not allowed in the case's current state.
    #[error("案件当前状态为“{state}”，不能{action}。此状态下可以：{allowed}")]
    NotAllowed {
        state: String,
        action: String,
        allowed: String,
    },
    /// The operator lacks the role the action needs.
    #[error("{action}需要{role}身份，当前操作人“{who}”不是{role}。请由{role}登录后操作")]
    Forbidden {
        action: String,
        role: String,
        who: String,
    },
    /// A number format setting is unusable.
    #[error(
        "编号格式“{0}”无效：必须包含 {{year}} 和 {{seq}}（补零写 {{seq:4}}，最多 20 位），例如 企业困难问题〔{{year}}〕第{{seq}}号"
    )]
    BadNumberFormat(String),
}

impl DomainError {
    pub fn code(&self) -> &'static str {
        match self {
            DomainError::Invalid(_) => "validation",
            DomainError::NotAllowed { .. } => "state.not_allowed",
            DomainError::Forbidden { .. } => "auth.forbidden",
            DomainError::BadNumberFormat(_) => "settings.bad_number_format",
        }
    }

    /// The field issues, when this is a validation error.
    pub fn issues(&self) -> &[FieldIssue] {
        match self {
            DomainError::Invalid(issues) => issues,
            _ => &[],
        }
    }

    /// Names the operator in a role refusal decided without knowing the name.
    pub fn with_who(self, name: &str) -> Self {
        match self {
            DomainError::Forbidden { action, role, who } if who.is_empty() => {
                DomainError::Forbidden {
                    action,
                    role,
                    who: name.to_string(),
                }
            }
            e => e,
        }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        DomainError::Invalid(vec![FieldIssue::new(field, message)])
    }
}

fn join_issues(issues: &[FieldIssue]) -> String {
    issues
        .iter()
        .map(|i| i.message.as_str())
        .collect::<Vec<_>>()
        .join("；")
}
