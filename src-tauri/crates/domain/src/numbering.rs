//! Document numbers (登记编号, 交办编号, 函号): a format setting with `{year}` and
//! `{seq}` placeholders, rendered from a yearly sequence. Allocation itself (gap-free,
//! race-safe) is the store's job; this module only formats and parses.

use crate::DomainError;

/// Default format of the registration number (003 附件2).
pub const REG_NO: &str = "企业困难问题〔{year}〕第{seq}号";
/// Default format of the assignment number (003 附件3).
pub const ASSIGN_NO: &str = "正阳园区管委交〔{year}〕第{seq}号";
/// Default format of a letter's document number (GB/T 9704: `XX〔2026〕5号`).
pub const LETTER_NO: &str = "正阳园区管委函〔{year}〕{seq}号";

/// Checks that a format can number documents.
pub fn check_format(format: &str) -> Result<(), DomainError> {
    if format.contains("{year}") && seq_token(format).is_some() {
        Ok(())
    } else {
        Err(DomainError::BadNumberFormat(format.to_string()))
    }
}

/// The widest zero padding `{seq:N}` may ask for: a sequence number has at most 19 digits,
/// and Rust's formatting panics on widths above `u16::MAX`.
pub const MAX_SEQ_WIDTH: usize = 20;

/// `{seq}` or `{seq:N}` (zero-padded to N digits, N ≤ [`MAX_SEQ_WIDTH`]).
fn seq_token(format: &str) -> Option<(String, usize)> {
    if format.contains("{seq}") {
        return Some(("{seq}".into(), 0));
    }
    let start = format.find("{seq:")?;
    let end = format[start..].find('}')? + start;
    let width: usize = format[start + 5..end]
        .parse()
        .ok()
        .filter(|w| *w <= MAX_SEQ_WIDTH)?;
    Some((format[start..=end].to_string(), width))
}

/// Renders a number, e.g. `render("企业困难问题〔{year}〕第{seq}号", 2026, 12)` →
/// `企业困难问题〔2026〕第12号`.
pub fn render(format: &str, year: i32, seq: i64) -> Result<String, DomainError> {
    check_format(format)?;
    let (token, width) = seq_token(format).expect("checked above");
    Ok(format
        .replace("{year}", &year.to_string())
        .replace(&token, &format!("{seq:0width$}")))
}
