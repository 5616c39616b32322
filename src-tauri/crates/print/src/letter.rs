//! 关于解决…企业困难问题的函 (003 附件4): the letter to a district bureau, laid out per
//! GB/T 9704-2012 in the letter format (信函格式). Guarantees: A4 with a 156 × 225 mm
//! type area at top 37 mm / left 28 mm; red issuing-body mark and red double rules;
//! document number under the rule; title in the title face at 22 pt; body 仿宋 16 pt
//! set 28 characters a line, 22 lines a page; signing body centred over the date, the
//! date four characters from the right; the record block (抄送 and 印发) at the foot of
//! the last page; "— N —" page numbers from page 2 (odd pages right, even pages left).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::canvas::{Align, Canvas, Style, PAGE_H, PAGE_W};
use crate::common::{self, Prose};
use crate::error::PrintError;
use crate::fonts::{FontRole, Fonts};
use crate::settings::DocSettings;

/// A contact line of the letter: who, and the number to call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Unit and/or person, e.g. 重庆某某科技有限公司 张三.
    pub name: String,
    /// Telephone.
    pub phone: String,
}

/// The data of one letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    /// 登记编号 of the case (encoded in the QR code).
    pub reg_no: String,
    /// 发文字号, e.g. 正阳园区管委函〔2026〕5号.
    pub doc_no: String,
    /// Title, e.g. 关于解决正阳工业园区企业困难问题的函.
    pub title: String,
    /// 主送机关, e.g. 区经济和信息化委员会 (the colon is added).
    pub addressee: String,
    /// Body text; paragraphs separated by newlines (each gets a two-character indent).
    pub body: String,
    /// Contact lines after the service centre's own line (usually the enterprise).
    pub contacts: Vec<Contact>,
    /// 成文日期.
    pub signed_on: NaiveDate,
    /// Bodies copied in addition to `DocSettings::letter_copy_to` (e.g. 区整顿办).
    pub copy_to: Vec<String>,
    /// 印发日期.
    pub printed_on: NaiveDate,
}

const TOP: f32 = 37.0;
const LEFT: f32 = 28.0;
const WIDTH: f32 = 156.0;
const BOTTOM: f32 = TOP + 225.0;

#[derive(Clone)]
struct Row {
    /// Advance from the previous baseline.
    pitch: f32,
    draws: Vec<(f32, f32, Style, Align, String)>,
}

impl Row {
    fn gap(pitch: f32) -> Row {
        Row {
            pitch,
            draws: Vec::new(),
        }
    }

    fn one(pitch: f32, x: f32, w: f32, style: Style, align: Align, text: String) -> Row {
        Row {
            pitch,
            draws: vec![(x, w, style, align, text)],
        }
    }
}

fn red_double_rule(c: &mut Canvas<'_>, y: f32, thick_on_top: bool) {
    let x0 = (PAGE_W - 170.0) / 2.0;
    let x1 = x0 + 170.0;
    let (a, b) = if thick_on_top { (0.8, 0.3) } else { (0.3, 0.8) };
    c.line_coloured(x0, y, x1, y, a, true);
    c.line_coloured(x0, y + 1.2, x1, y + 1.2, b, true);
}

/// Renders the letter to PDF bytes.
pub fn render(
    letter: &Letter,
    settings: &DocSettings,
    fonts: &Fonts,
) -> Result<Vec<u8>, PrintError> {
    let mut c = Canvas::new(fonts, &letter.title);
    let prose = Prose::official();
    let body = prose.body;
    let pitch = prose.pitch;
    let em = prose.em();
    let title_style = Style::new(FontRole::Title, 22.0);

    let mut rows: Vec<Row> = Vec::new();
    // Title: two lines below the document number.
    rows.push(Row::gap(pitch));
    for (i, line) in c
        .wrap(title_style, letter.title.trim(), WIDTH - 2.0 * em)
        .into_iter()
        .enumerate()
    {
        let p = if i == 0 {
            pitch
        } else {
            title_style.size_mm() * 1.45
        };
        rows.push(Row::one(p, LEFT, WIDTH, title_style, Align::Center, line));
    }
    rows.push(Row::gap(pitch));
    let addressee = letter.addressee.trim().trim_end_matches(['：', ':']);
    for line in c.wrap(body, &format!("{addressee}："), WIDTH + 0.5) {
        rows.push(Row::one(pitch, LEFT, WIDTH, body, Align::Left, line));
    }
    for line in prose.paragraph(&c, &letter.body) {
        rows.push(Row::one(pitch, LEFT, WIDTH, body, Align::Left, line));
    }
    // Contact lines.
    let mut contacts = vec![Contact {
        name: settings.service_centre.clone(),
        phone: settings.hotline.clone(),
    }];
    contacts.extend(letter.contacts.iter().cloned());
    let contacts: Vec<Contact> = contacts
        .into_iter()
        .filter(|k| !k.name.trim().is_empty() || !k.phone.trim().is_empty())
        .collect();
    if !contacts.is_empty() {
        rows.push(Row::one(
            pitch,
            LEFT + 2.0 * em,
            WIDTH,
            body,
            Align::Left,
            "联系电话：".to_string(),
        ));
        for k in &contacts {
            let name_x = LEFT + 2.0 * em;
            let name_w = WIDTH - 2.0 * em - 9.0 * em;
            let names = c.wrap(body, k.name.trim(), name_w);
            let n = names.len();
            for (i, name) in names.into_iter().enumerate() {
                let mut draws = vec![(name_x, name_w, body, Align::Left, name)];
                if i + 1 == n {
                    let phone = k.phone.trim().to_string();
                    draws.push((LEFT + WIDTH - 9.0 * em, 9.0 * em, body, Align::Left, phone));
                }
                rows.push(Row { pitch, draws });
            }
        }
    }
    rows.push(Row::one(
        pitch,
        LEFT + 2.0 * em,
        WIDTH,
        body,
        Align::Left,
        "此函".to_string(),
    ));
    // Signature block: room for the seal, then body centred over the date.
    let date = crate::chinese_date(letter.signed_on);
    let date_w = c.width(body, &date);
    let date_x = LEFT + WIDTH - 4.0 * em - date_w;
    let sign_w = c.width(body, settings.issuing_body.trim());
    let sign_x = (date_x + date_w / 2.0 - sign_w / 2.0).min(LEFT + WIDTH - sign_w);
    let signature = vec![
        Row::gap(pitch),
        Row::gap(pitch),
        Row::one(
            pitch,
            sign_x,
            sign_w,
            body,
            Align::Left,
            settings.issuing_body.trim().to_string(),
        ),
        Row::one(pitch, date_x, date_w, body, Align::Left, date),
    ];

    // The record block needs this much room above the bottom of the type area.
    let record_h = record_height(settings, letter, &c);

    // Paginate.
    let mut pages: Vec<Vec<(f32, Row)>> = vec![Vec::new()];
    let first_top = 56.0; // below the letterhead and the document number
    let mut y = first_top;
    let place = |rows: Vec<Row>, pages: &mut Vec<Vec<(f32, Row)>>, y: &mut f32, keep: bool| {
        let total: f32 = rows.iter().map(|r| r.pitch).sum();
        if keep && *y + total > BOTTOM && *y > TOP + 1.0 {
            pages.push(Vec::new());
            *y = TOP - pitch * 0.35;
        }
        for row in rows {
            if *y + row.pitch > BOTTOM {
                pages.push(Vec::new());
                *y = TOP - pitch * 0.35;
            }
            *y += row.pitch;
            if !row.draws.is_empty() {
                pages.last_mut().expect("page").push((*y, row));
            }
        }
    };
    place(rows, &mut pages, &mut y, false);
    place(signature, &mut pages, &mut y, true);
    if y + record_h + 4.0 > BOTTOM {
        pages.push(Vec::new());
    }

    let count = pages.len();
    for (i, page) in pages.into_iter().enumerate() {
        c.new_page();
        if i == 0 {
            letterhead(&mut c, letter, settings)?;
        } else {
            common::qr_corner(&mut c, &letter.reg_no)?;
            page_number(&mut c, i + 1);
        }
        for (y, row) in page {
            for (x, w, style, align, text) in row.draws {
                c.text_in(x, w, y, style, align, &text);
            }
        }
        if i + 1 == count {
            record_block(&mut c, letter, settings);
        }
    }
    c.finish()
}

fn letterhead(
    c: &mut Canvas<'_>,
    letter: &Letter,
    settings: &DocSettings,
) -> Result<(), PrintError> {
    common::qr_corner(c, &letter.reg_no)?;
    // Issuing-body mark: red, top edge 30 mm from the page top, centred.
    let mut mark = Style::new(FontRole::Title, 28.0).red();
    let name = settings.park_name.trim();
    while c.width(mark, name) > 170.0 && mark.size > 16.0 {
        mark.size -= 1.0;
    }
    let n = name.chars().count().max(1) as f32;
    let natural = c.width(mark, name);
    let spread = ((165.0 - natural) / n).clamp(0.0, mark.size_mm() * 0.25);
    let mark = mark.spaced(spread);
    c.text_in(
        0.0,
        PAGE_W,
        30.0 + mark.size_mm() * 0.86,
        mark,
        Align::Center,
        name,
    );
    let rule_y = 30.0 + mark.size_mm() + 4.0;
    red_double_rule(c, rule_y, true);
    // Document number: under the rule, flush with the right edge of the type area.
    let num = Style::new(FontRole::Fangsong, 16.0);
    c.text_in(
        LEFT,
        WIDTH - num.size_mm(),
        rule_y + 9.0,
        num,
        Align::Right,
        letter.doc_no.trim(),
    );
    // Bottom red double rule 20 mm above the lower page edge.
    red_double_rule(c, PAGE_H - 20.0 - 1.2, false);
    Ok(())
}

fn copy_line(settings: &DocSettings, letter: &Letter) -> Option<String> {
    let mut bodies: Vec<&str> = Vec::new();
    for b in settings.letter_copy_to.iter().chain(letter.copy_to.iter()) {
        let b = b.trim();
        if !b.is_empty() && !bodies.contains(&b) {
            bodies.push(b);
        }
    }
    if bodies.is_empty() {
        None
    } else {
        Some(format!("抄送：{}。", bodies.join("，")))
    }
}

const RECORD_STYLE: Style = Style::new(FontRole::Fangsong, 14.0);
const RECORD_ROW: f32 = 8.5;

fn record_height(settings: &DocSettings, letter: &Letter, c: &Canvas<'_>) -> f32 {
    let copy_lines = copy_line(settings, letter)
        .map(|l| {
            c.wrap(RECORD_STYLE, &l, WIDTH - 2.0 * RECORD_STYLE.size_mm())
                .len()
        })
        .unwrap_or(0);
    RECORD_ROW * (1 + copy_lines) as f32
}

/// 版记: rules, 抄送 line(s) and the 印发 line at the bottom of the type area.
fn record_block(c: &mut Canvas<'_>, letter: &Letter, settings: &DocSettings) {
    let s = RECORD_STYLE;
    let em = s.size_mm();
    let inner_x = LEFT + em;
    let inner_w = WIDTH - 2.0 * em;
    let h = record_height(settings, letter, c);
    let top = BOTTOM - h;
    c.line(LEFT, top, LEFT + WIDTH, top, 0.35);
    let mut y = top;
    if let Some(line) = copy_line(settings, letter) {
        let lines = c.wrap(s, &line, inner_w);
        let indent = c.width(s, "抄送：");
        for (i, l) in lines.iter().enumerate() {
            let x = if i == 0 { inner_x } else { inner_x + indent };
            c.text(x, y + RECORD_ROW * 0.5 + em * 0.36, s, l);
            y += RECORD_ROW;
        }
        c.line(LEFT, y, LEFT + WIDTH, y, 0.25);
    }
    let base = y + RECORD_ROW * 0.5 + em * 0.36;
    c.text(inner_x, base, s, settings.printing_office.trim());
    let printed = format!("{}印发", crate::chinese_date(letter.printed_on));
    c.text_in(inner_x, inner_w, base, s, Align::Right, &printed);
    c.line(LEFT, BOTTOM, LEFT + WIDTH, BOTTOM, 0.35);
}

/// "— N —" in 4号 Song, 7 mm below the type area; odd pages right, even pages left,
/// one character in from the edge.
fn page_number(c: &mut Canvas<'_>, n: usize) {
    let s = Style::new(FontRole::Song, 14.0);
    let text = format!("— {n} —");
    let y = BOTTOM + 7.0 + s.size_mm() * 0.8;
    if n % 2 == 1 {
        c.text_in(LEFT, WIDTH - s.size_mm(), y, s, Align::Right, &text);
    } else {
        c.text_in(LEFT + s.size_mm(), WIDTH, y, s, Align::Left, &text);
    }
}
