//! The 18-character unified social credit code (统一社会信用代码, GB 32100-2015):
//! character set, structure and the check character in position 18.

/// The 31 characters GB 32100-2015 allows (no I, O, S, V, Z).
const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

fn value(c: char) -> Option<u32> {
    CHARSET.find(c).map(|i| i as u32)
}

/// The check character for the first 17 characters, or `None` if one is not allowed.
pub fn check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    let mut count = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value(c)? * w;
        count += 1;
    }
    if count != 17 || first17.chars().count() != 17 {
        return None;
    }
    let check = (31 - sum % 31) % 31;
    CHARSET.chars().nth(check as usize)
}

/// Normalises (trims, upper-cases) and validates a code. The error is a Chinese
/// sentence telling the clerk exactly what to correct.
pub fn validate(raw: &str) -> Result<String, String> {
    let code: String = raw.trim().to_uppercase();
    let len = code.chars().count();
    if len != 18 {
        return Err(format!(
            "统一社会信用代码应为 18 位，现在是 {len} 位，请按营业执照逐位核对"
        ));
    }
    for (i, c) in code.chars().enumerate() {
        if value(c).is_none() {
            let hint = match c {
                'I' => "（字母 I 不使用，应为数字 1？）",
                'O' => "（字母 O 不使用，应为数字 0？）",
                'S' | 'V' | 'Z' => "（代码中不使用字母 S、V、Z）",
                _ => "",
            };
            return Err(format!(
                "统一社会信用代码第{}位“{c}”不是允许的字符{hint}，只能是数字或大写字母（不含 I、O、S、V、Z）",
                i + 1
            ));
        }
    }
    let region = &code[2..8];
    if !region.chars().all(|c| c.is_ascii_digit()) {
        return Err("统一社会信用代码第3至8位是行政区划代码，应全为数字，请核对营业执照".into());
    }
    let expected = check_char(&code[..17]).expect("all 17 characters were checked above");
    let actual = code.chars().nth(17).expect("length is 18");
    if expected != actual {
        return Err(format!(
            "统一社会信用代码第18位校验码应为 {expected}，现在是 {actual}，请核对营业执照"
        ));
    }
    Ok(code)
}
