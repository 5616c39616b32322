//! 关于解决…企业困难问题的函 (003 附件4): the letter to a district bureau, laid out per
//! GB/T 9704-2012 in the letter format (信函格式). Guarantees: A4 with a 156 × 225 mm
//! type area at top 37 mm / left 28 mm; red issuing-body mark and red double rules;
//! document number under the rule; title in the title face at 22 pt; body 仿宋 16 pt
//! set 28 characters a line, 22 lines a page; signing body centred over the date, the
//! date four characters from the right; the record block (抄送 and 印发) at the foot of
//! the last page; "— N —" page numbers from page 2 (odd pages right, even pages left).
//! 003 第7条2 "发函时附企业困难问题清单": the list follows the letter as its attachment
//! (附件说明 under the body, the list on its own pages, 版记 after it); each contact
//! line is printed once, the service centre's first.

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

/// One row of the 企业困难问题清单 attached to the letter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// 登记编号.
    pub reg_no: String,
    pub enterprise: String,
    /// The problem as the enterprise put it (any length).
    pub matter: String,
    /// 联系人 and 联系电话.
    pub contact: String,
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
    /// 企业困难问题清单, attached (003 第7条2); empty for no attachment.
    pub problems: Vec<Problem>,
}

/// The attachment's name as the 附件说明 and its heading give it.
pub const PROBLEM_LIST: &str = "企业困难问题清单";

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

    /// A line of `style` set two characters (`em` each) in from the left margin.
    fn indented(pitch: f32, em: f32, style: Style, text: String) -> Row {
        Row::one(pitch, LEFT + 2.0 * em, WIDTH, style, Align::Left, text)
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
    let mut seen: Vec<(String, String)> = Vec::new();
    let contacts: Vec<Contact> = contacts
        .into_iter()
        .filter(|k| !k.name.trim().is_empty() || !k.phone.trim().is_empty())
        .filter(|k| {
            let key = (k.name.trim().to_string(), k.phone.trim().to_string());
            let new = !seen.contains(&key);
            seen.push(key);
            new
        })
        .collect();
    if !contacts.is_empty() {
        rows.push(Row::indented(pitch, em, body, "联系电话：".to_string()));
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
    rows.push(Row::indented(pitch, em, body, "此函".to_string()));
    if !letter.problems.is_empty() {
        rows.push(Row::gap(pitch));
        rows.push(Row::indented(
            pitch,
            em,
            body,
            format!("附件：{PROBLEM_LIST}"),
        ));
    }
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
    let attachment = problem_pages(&c, &letter.problems, record_h);
    if attachment.is_empty() && y + record_h + 4.0 > BOTTOM {
        pages.push(Vec::new());
    }

    let letter_pages = pages.len();
    let count = letter_pages + attachment.len();
    for (i, page) in pages.into_iter().enumerate() {
        c.new_page();
        if i == 0 {
            // GB/T 9704-2012 10.1, 信函格式: the first page shows no page number.
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
    for (j, page) in attachment.into_iter().enumerate() {
        let n = letter_pages + j + 1;
        c.new_page();
        common::qr_corner(&mut c, &letter.reg_no)?;
        page_number(&mut c, n);
        draw_problem_page(&mut c, &page, j == 0);
        if n == count {
            record_block(&mut c, letter, settings);
        }
    }
    c.finish()
}

// The attachment: 附件 in 黑体 3号 at the top left, the title centred, then a table of
// 序号 · 企业名称 · 困难问题 · 联系人及电话 that continues over pages (rows split
// between pages keep their 序号 and enterprise on each part).
const P_STYLE: Style = Style::new(FontRole::Fangsong, 12.0);
const P_HEAD: Style = Style::new(FontRole::Hei, 12.0);
const P_COLS: [f32; 4] = [12.0, 38.0, 70.0, 36.0];
const P_HEAD_H: f32 = 10.0;
const P_PAD: f32 = 2.0;

fn p_pitch() -> f32 {
    P_STYLE.size_mm() * 1.45
}

/// One printed part of a row: the four cells' lines.
struct ProblemPart {
    cells: [Vec<String>; 4],
}

impl ProblemPart {
    fn height(&self) -> f32 {
        let n = self.cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        p_pitch() * n as f32 + 2.0 * P_PAD
    }
}

fn problem_pages(c: &Canvas<'_>, problems: &[Problem], record_h: f32) -> Vec<Vec<ProblemPart>> {
    if problems.is_empty() {
        return vec![];
    }
    let first_top = TOP + 30.0;
    let mut pages: Vec<Vec<ProblemPart>> = vec![vec![]];
    let mut y = first_top + P_HEAD_H;
    let wrap = |text: &str, i: usize| c.wrap(P_STYLE, text.trim(), P_COLS[i] - 2.0 * P_PAD);
    for (n, p) in problems.iter().enumerate() {
        let cells = [
            vec![format!("{}", n + 1)],
            wrap(&p.enterprise, 1),
            wrap(&p.matter, 2),
            wrap(&p.contact, 3),
        ];
        let mut matter = cells[2].clone();
        loop {
            let room = ((BOTTOM - y - 2.0 * P_PAD) / p_pitch()).floor().max(0.0) as usize;
            let need = matter.len().max(cells[1].len()).max(cells[3].len()).max(1);
            if room == 0 || (room < need && room < 3) {
                pages.push(vec![]);
                y = TOP + P_HEAD_H;
                continue;
            }
            let take = need.min(room);
            let rest = matter.split_off(take.min(matter.len()));
            let part = ProblemPart {
                cells: [cells[0].clone(), cells[1].clone(), matter, cells[3].clone()],
            };
            y += part.height();
            pages.last_mut().expect("page").push(part);
            if rest.is_empty() {
                break;
            }
            matter = rest;
            pages.push(vec![]);
            y = TOP + P_HEAD_H;
        }
    }
    if y + record_h + 4.0 > BOTTOM {
        pages.push(vec![]);
    }
    pages
}

fn draw_problem_page(c: &mut Canvas<'_>, parts: &[ProblemPart], first: bool) {
    let mut y = TOP;
    if first {
        c.text(LEFT, TOP + 5.0, Style::new(FontRole::Hei, 16.0), "附件");
        let title = Style::new(FontRole::Title, 22.0);
        c.text_in(LEFT, WIDTH, TOP + 20.0, title, Align::Center, PROBLEM_LIST);
        y = TOP + 30.0;
    }
    if parts.is_empty() {
        return;
    }
    let xs: Vec<f32> = P_COLS
        .iter()
        .scan(LEFT, |x, w| {
            let at = *x;
            *x += w;
            Some(at)
        })
        .collect();
    for (i, head) in ["序号", "企业名称", "困难问题", "联系人及电话"]
        .iter()
        .enumerate()
    {
        common::cell(c, xs[i], y, P_COLS[i], P_HEAD_H);
        c.text_in(
            xs[i],
            P_COLS[i],
            y + P_HEAD_H / 2.0 + P_HEAD.size_mm() * 0.36,
            P_HEAD,
            Align::Center,
            head,
        );
    }
    let top = y;
    y += P_HEAD_H;
    for part in parts {
        let h = part.height();
        for (i, lines) in part.cells.iter().enumerate() {
            common::cell(c, xs[i], y, P_COLS[i], h);
            let mut yb = y + P_PAD + p_pitch() * 0.5 + P_STYLE.size_mm() * 0.36;
            for line in lines {
                let align = if i == 0 { Align::Center } else { Align::Left };
                c.text_in(
                    xs[i] + P_PAD,
                    P_COLS[i] - 2.0 * P_PAD,
                    yb,
                    P_STYLE,
                    align,
                    line,
                );
                yb += p_pitch();
            }
        }
        y += h;
    }
    c.frame(LEFT, top, WIDTH, y - top, common::FRAME);
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
