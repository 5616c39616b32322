//! The one error shape every command returns: `{code, message, issues:[{field,message}]}`.
//! Guarantees: `code` is a stable identifier the UI switches on (the store's codes plus
//! `operator.required`, `file.read`, `app.*`), `message` is Chinese and says what to do,
//! `issues` carries field-level messages for forms.

use serde::Serialize;
use ts_rs::TS;
use zhitong_domain::FieldIssue;
use zhitong_store::StoreError;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "bindings/")]
pub struct ApiError {
    pub code: String,
    pub message: String,
    pub issues: Vec<FieldIssue>,
}

impl ApiError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ApiError {
            code: code.into(),
            message: message.into(),
            issues: Vec::new(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError {
            code: e.code().into(),
            message: e.to_string(),
            issues: e.issues().to_vec(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}（{}）", self.message, self.code)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
