//! Output and errors of the CLI: text for people, JSON for scripts, and one error shape
//! `{code, message, issues}` whatever failed underneath.

use serde::Serialize;
use zhitong_domain::FieldIssue;

/// A command's result: what to print as text, and the same as JSON.
pub struct Out {
    pub text: String,
    pub json: serde_json::Value,
}

impl Out {
    pub fn text(text: impl Into<String>, json: serde_json::Value) -> Self {
        Out {
            text: text.into(),
            json,
        }
    }

    /// Prints to stdout; a closed pipe (`| head`) is not an error.
    pub fn print(&self, json: bool) {
        use std::io::Write;
        let text = if json {
            serde_json::to_string_pretty(&self.json).unwrap_or_default()
        } else {
            self.text.trim_end().to_string()
        };
        if !text.is_empty() {
            let _ = writeln!(std::io::stdout().lock(), "{text}");
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Fail {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<FieldIssue>,
}

impl Fail {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Fail {
            code: code.into(),
            message: message.into(),
            issues: vec![],
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Fail::new("usage", message)
    }

    pub fn print(&self, json: bool) {
        if json {
            println!("{}", serde_json::to_string(self).unwrap_or_default());
        } else {
            eprintln!("错误：{}", self.message);
            for i in &self.issues {
                eprintln!("  · {}：{}", i.field, i.message);
            }
        }
    }
}

impl From<zhitong_store::StoreError> for Fail {
    fn from(e: zhitong_store::StoreError) -> Self {
        Fail {
            code: e.code().into(),
            message: e.to_string(),
            issues: e.issues().to_vec(),
        }
    }
}

impl From<zhitong_domain::DomainError> for Fail {
    fn from(e: zhitong_domain::DomainError) -> Self {
        Fail {
            code: e.code().into(),
            message: e.to_string(),
            issues: e.issues().to_vec(),
        }
    }
}

impl From<zhitong_calendar::CalendarError> for Fail {
    fn from(e: zhitong_calendar::CalendarError) -> Self {
        Fail::new(e.code(), e.to_string())
    }
}

impl From<serde_json::Error> for Fail {
    fn from(e: serde_json::Error) -> Self {
        Fail::new(
            "json",
            format!(
                "JSON 格式错误：{e}（第 {} 行第 {} 列）",
                e.line(),
                e.column()
            ),
        )
    }
}

impl From<std::io::Error> for Fail {
    fn from(e: std::io::Error) -> Self {
        Fail::new("io", format!("读写文件失败：{e}"))
    }
}
