//! Line breaking for Chinese text: UAX #14 break opportunities (`unicode-linebreak`)
//! narrowed by the kinsoku (避头尾) rules of Chinese typesetting. Guarantees: no line
//! starts with a closing or pause mark (，。、；：？！）」』 …), no line ends with an
//! opening mark (（「『 …), every character of the input appears exactly once in the output
//! (except the spaces swallowed at a break and the newlines that separate paragraphs),
//! and no line is wider than the limit unless a single character is.

/// Characters that must not begin a line.
pub const NO_LINE_START: &[char] = &[
    '，', '。', '、', '；', '：', '？', '！', '）', '」', '』', '】', '〕', '》', '〉', '”', '’',
    '…', '—', '·', '～', '％', ',', '.', ';', ':', '?', '!', ')', ']', '}', '%', '︶', '﹀', '︸',
];

/// Characters that must not end a line.
pub const NO_LINE_END: &[char] = &[
    '（', '「', '『', '【', '〔', '《', '〈', '“', '‘', '(', '[', '{', '︵', '﹁', '︷',
];

/// CJK unified ideographs, which are in neither list: most characters of a document
/// are decided without scanning them.
fn ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn kinsoku_ok(prev: char, next: char) -> bool {
    (ideograph(prev) || !NO_LINE_END.contains(&prev))
        && (ideograph(next) || !NO_LINE_START.contains(&next))
}

/// Breaks `text` into lines no wider than `max_width`, measuring each character with
/// `measure` (same unit as `max_width`). A `\n` always starts a new line; an empty
/// paragraph yields an empty line.
pub fn wrap(text: &str, max_width: f32, measure: impl Fn(char) -> f32) -> Vec<String> {
    let text = if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let mut lines = Vec::new();
    for para in text.split('\n') {
        wrap_paragraph(para, max_width, &measure, &mut lines);
    }
    lines
}

/// One paragraph into lines: a paragraph that fits is its own line (most table cells),
/// anything else goes through [`break_paragraph`].
fn wrap_paragraph(
    para: &str,
    max_width: f32,
    measure: &impl Fn(char) -> f32,
    out: &mut Vec<String>,
) {
    // Summed in the order `break_paragraph` sums, so "fits" means exactly what it
    // means there; with no negative width no prefix is wider than the whole.
    let mut width = 0.0f32;
    let mut fits = true;
    for c in para.chars() {
        let w = measure(c);
        width += w;
        if w < 0.0 || width > max_width + 1e-3 {
            fits = false;
            break;
        }
    }
    if fits && !para.is_empty() {
        out.push(para.trim_end().to_string());
    } else {
        break_paragraph(para, max_width, measure, out);
    }
}

/// Breaks one paragraph at the last allowed opportunity before each overflow.
fn break_paragraph(
    para: &str,
    max_width: f32,
    measure: &impl Fn(char) -> f32,
    out: &mut Vec<String>,
) {
    let chars: Vec<char> = para.chars().collect();
    if chars.is_empty() {
        out.push(String::new());
        return;
    }
    // allowed[i]: a break before chars[i] is allowed by UAX #14 and by kinsoku.
    let mut allowed = vec![false; chars.len() + 1];
    let byte_to_char: Vec<usize> = {
        let mut v = vec![0usize; para.len() + 1];
        for (ci, (bi, _)) in para.char_indices().enumerate() {
            v[bi] = ci;
        }
        v[para.len()] = chars.len();
        v
    };
    for (bi, _) in unicode_linebreak::linebreaks(para) {
        let ci = byte_to_char[bi];
        if ci > 0 && ci < chars.len() {
            allowed[ci] = kinsoku_ok(chars[ci - 1], chars[ci]);
        }
    }

    let mut start = 0usize;
    while start < chars.len() {
        let mut width = 0.0f32;
        let mut end = start;
        while end < chars.len() {
            let w = measure(chars[end]);
            if width + w > max_width + 1e-3 && end > start && !chars[end].is_whitespace() {
                break;
            }
            width += w;
            end += 1;
        }
        if end < chars.len() {
            // chars[end] does not fit: find the best break at or before `end`.
            let best = (start + 1..=end)
                .rev()
                .find(|&i| allowed[i])
                .or_else(|| {
                    (start + 1..=end)
                        .rev()
                        .find(|&i| kinsoku_ok(chars[i - 1], chars[i]))
                })
                .unwrap_or(end);
            end = best;
        }
        let line: String = chars[start..end].iter().collect();
        out.push(line.trim_end().to_string());
        start = end;
        // Spaces at a break are swallowed.
        if start < chars.len() {
            while start < chars.len() && chars[start] == ' ' {
                start += 1;
            }
        }
    }
}

/// Maps horizontal punctuation to its vertical presentation form (for labels set one
/// character per line): （ → ︵, ） → ︶, and so on. Other characters are unchanged.
pub fn vertical_form(c: char) -> char {
    match c {
        '（' | '(' => '︵',
        '）' | ')' => '︶',
        '〔' => '︹',
        '〕' => '︺',
        '【' => '︻',
        '】' => '︼',
        '《' => '︽',
        '》' => '︾',
        '「' => '﹁',
        '」' => '﹂',
        '『' => '﹃',
        '』' => '﹄',
        '，' => '︐',
        '、' => '︑',
        '。' => '︒',
        '：' => '︓',
        '；' => '︔',
        '！' => '︕',
        '？' => '︖',
        '…' => '︙',
        '—' => '︱',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(_: char) -> f32 {
        1.0
    }

    #[test]
    fn no_line_starts_with_forbidden_punctuation() {
        let cases: &[(&str, f32)] = &[
            ("一二三四，五六七八。", 4.0),
            ("一二三四五六七八，九十。", 8.0),
            ("企业反映用地审批（规划）问题，请协调。", 7.0),
            ("甲乙丙丁戊；己庚辛：壬癸？子丑！寅卯）辰巳」午未』", 5.0),
            ("这是「引号内容」和『书名号』测试。", 6.0),
        ];
        for (text, width) in cases {
            for w in [*width, width - 1.0, width + 1.0, 3.0, 2.0] {
                let lines = wrap(text, w, unit);
                for line in &lines {
                    let first = line.chars().next().unwrap();
                    assert!(
                        !NO_LINE_START.contains(&first),
                        "line {line:?} of {text:?} at width {w} starts with forbidden {first}"
                    );
                    let last = line.chars().last().unwrap();
                    assert!(
                        !NO_LINE_END.contains(&last),
                        "line {line:?} of {text:?} at width {w} ends with opening {last}"
                    );
                }
                assert_eq!(
                    lines.concat(),
                    *text,
                    "wrapping must neither lose nor duplicate characters"
                );
            }
        }
    }

    #[test]
    fn lines_respect_the_width() {
        let text = "为充分发挥园区企业服务中心的平台作用，提高企业困难问题化解效率，园区管委会决定对企业困难诉求化解机制进一步优化。";
        let lines = wrap(text, 10.0, unit);
        for line in &lines {
            assert!(
                line.chars().count() <= 10,
                "{line:?} is wider than 10 units"
            );
        }
        assert!(lines.len() >= 6, "text of 58 chars needs at least 6 lines");
    }

    #[test]
    fn newlines_start_new_paragraphs() {
        let lines = wrap("第一段\n\n第二段", 20.0, unit);
        assert_eq!(lines, vec!["第一段", "", "第二段"]);
    }

    #[test]
    fn latin_words_are_not_split_when_avoidable() {
        let lines = wrap("联系 email@example.com 谢谢", 18.0, unit);
        assert!(
            lines.iter().any(|l| l.contains("email@example.com")),
            "the address must stay whole: {lines:?}"
        );
    }

    #[test]
    fn overlong_word_is_force_broken() {
        let lines = wrap("abcdefghijklmnopqrstuvwxyz", 10.0, unit);
        assert_eq!(lines.concat(), "abcdefghijklmnopqrstuvwxyz");
        assert!(lines.iter().all(|l| l.len() <= 10), "{lines:?}");
    }

    #[test]
    fn a_paragraph_that_fits_is_wrapped_as_the_full_algorithm_wraps_it() {
        let half = |c: char| if c.is_ascii() { 0.5 } else { 1.0 };
        let cases: &[(&str, f32)] = &[
            ("一二三四", 4.0),
            ("一二三四", 3.99),
            ("一二三四", 4.0005),
            ("一二三四，", 4.0),
            ("企业 ", 2.0),
            ("企业   ", 2.0),
            ("  前导空格", 4.0),
            ("abc def", 3.5),
            ("abc def", 3.4),
            ("联系 email@example.com 谢谢", 18.0),
            ("（一）", 3.0),
            ("一", 0.5),
            (" ", 0.1),
        ];
        for (text, width) in cases {
            let mut fast = Vec::new();
            wrap_paragraph(text, *width, &half, &mut fast);
            let mut full = Vec::new();
            break_paragraph(text, *width, &half, &mut full);
            assert_eq!(fast, full, "{text:?} at width {width}");
        }
    }

    #[test]
    fn no_ideograph_is_a_kinsoku_mark() {
        for c in NO_LINE_START.iter().chain(NO_LINE_END) {
            assert!(!ideograph(*c), "{c} is in a kinsoku list");
        }
    }

    #[test]
    fn vertical_forms_for_brackets() {
        let v: String = "企业反映困难问题（可另附页）"
            .chars()
            .map(vertical_form)
            .collect();
        assert_eq!(v, "企业反映困难问题︵可另附页︶");
    }
}
