//! Validation of everything a clerk types: phone numbers, e-mail, text fields, dates.
//! Each check returns a Chinese message that names the problem and the fix; callers
//! collect them per field so nothing is written while any remains.

use std::sync::LazyLock;

use regex::Regex;

use crate::error::FieldIssue;
use crate::Instant;

static MOBILE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\+?86[- ]?)?1[3-9]\d{9}$").expect("valid regex"));
/// Landline with optional area code (0 + 2–3 digits), 7–8 digit number and an optional
/// extension written as `-123`, `转123` or `ext123`; also 400/800 service numbers.
static LANDLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:\+?86[- ]?)?(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3})[- ]?)?[2-9]\d{6,7}(?:(?:-|转|ext\.?|分机)\d{1,6})?$",
    )
    .expect("valid regex")
});
static SERVICE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[48]00[- ]?\d{3}[- ]?\d{4}$").expect("valid regex"));
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}$")
        .expect("valid regex")
});

/// Checks a phone number in any of the forms clerks write down: mobile, landline with
/// or without area code and extension, 400/800 numbers. Returns the trimmed number.
pub fn phone(raw: &str) -> Result<String, String> {
    let p = raw.trim();
    let compact: String = p.chars().filter(|c| *c != ' ').collect();
    if MOBILE.is_match(&compact) || LANDLINE.is_match(&compact) || SERVICE.is_match(&compact) {
        return Ok(p.to_string());
    }
    let digits = compact.chars().filter(|c| c.is_ascii_digit()).count();
    if compact.starts_with('1') && !compact.contains('-') && digits != 11 {
        return Err(format!("手机号应为 11 位数字，现在是 {digits} 位，请核对"));
    }
    Err(format!(
        "电话号码“{p}”格式不对：手机号写 11 位数字（如 13800000000），座机写区号-号码（如 023-79429609），分机写在后面（如 023-79429609-801 或 79429609转801）"
    ))
}

pub fn email(raw: &str) -> Result<String, String> {
    let e = raw.trim();
    if EMAIL.is_match(e) {
        Ok(e.to_string())
    } else if !e.contains('@') {
        Err(format!("电子邮箱“{e}”缺少 @，应形如 name@example.cn"))
    } else {
        Err(format!(
            "电子邮箱“{e}”格式不对，应形如 name@example.cn（不含空格和中文标点）"
        ))
    }
}

/// Rules for one free-text field.
#[derive(Debug, Clone, Copy)]
pub struct TextRule {
    pub label: &'static str,
    pub required: bool,
    pub max_chars: usize,
    /// Whether line breaks and tabs are allowed (long texts).
    pub multiline: bool,
}

/// Trims and checks a text field: required, length in characters, no control
/// characters. Stores the text verbatim otherwise (HTML, SQL, emoji are just text).
pub fn text(raw: &str, rule: TextRule) -> Result<String, String> {
    let t = raw.trim();
    if t.is_empty() {
        return if rule.required {
            Err(format!("请填写{}", rule.label))
        } else {
            Ok(String::new())
        };
    }
    if let Some((i, c)) = t
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_control() && !(rule.multiline && matches!(c, '\n' | '\r' | '\t')))
    {
        return Err(format!(
            "{}第{}个字符是不可见的控制字符（U+{:04X}），可能是从别处粘贴带来的，请删除后重新输入",
            rule.label,
            i + 1,
            c as u32
        ));
    }
    let n = t.chars().count();
    if n > rule.max_chars {
        return Err(format!(
            "{}最多 {} 个字，现在有 {n} 个字，请精简或作为附件上传",
            rule.label, rule.max_chars
        ));
    }
    Ok(t.to_string())
}

/// A time that must not lie in the future (with a small allowance for clock skew).
pub fn not_future(at: Instant, now: Instant, label: &str) -> Result<(), String> {
    if at > now + chrono::Duration::minutes(5) {
        return Err(format!(
            "{label}（{}）晚于现在（{}），不能是将来的时间，请核对日期",
            at.format("%Y-%m-%d %H:%M"),
            now.format("%Y-%m-%d %H:%M")
        ));
    }
    Ok(())
}

/// A value that must be one of a settings list (channels, natures, categories…).
pub fn one_of(raw: &str, list: &[String], label: &str) -> Result<String, String> {
    let v = raw.trim();
    if list.iter().any(|x| x == v) {
        Ok(v.to_string())
    } else if v.is_empty() {
        Err(format!("请选择{label}"))
    } else {
        Err(format!(
            "{label}“{v}”不在设置的列表中，可选：{}（可在“设置”中增加）",
            list.join("、")
        ))
    }
}

/// Collects field issues; `finish` turns them into one error or nothing.
#[derive(Debug, Default)]
pub struct Issues(pub Vec<FieldIssue>);

impl Issues {
    pub fn check<T>(&mut self, field: &str, r: Result<T, String>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(m) => {
                self.0.push(FieldIssue::new(field, m));
                None
            }
        }
    }

    pub fn finish(self) -> Result<(), crate::DomainError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(crate::DomainError::Invalid(self.0))
        }
    }
}
