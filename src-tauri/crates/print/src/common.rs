//! Building blocks shared by the documents: form titles, bordered table cells with
//! labels and values that shrink rather than overflow, the QR corner, page footers and
//! the letter-style notice body. Guarantees: a value is never clipped — a cell's text
//! shrinks down to 9 pt and, if it still does not fit, keeps every line (the caller sizes
//! long-text cells and continues them on further pages).

use crate::canvas::{Align, Canvas, Style, PAGE_H, PAGE_W};
use crate::error::PrintError;
use crate::fonts::FontRole;

/// Thickness of table rules, mm.
pub const RULE: f32 = 0.3;
/// Thickness of the outer table frame, mm.
pub const FRAME: f32 = 0.6;

/// Style of table labels.
pub const LABEL: Style = Style::new(FontRole::Song, 12.0);
/// Style of table values.
pub const VALUE: Style = Style::new(FontRole::Fangsong, 12.0);
/// Style of the line above a table (number, category).
pub const HEADER: Style = Style::new(FontRole::Fangsong, 12.0);
/// Style of notes under a table.
pub const NOTE: Style = Style::new(FontRole::Song, 10.0);

/// Draws a form title centred at baseline `y`.
pub fn form_title(c: &mut Canvas<'_>, y: f32, text: &str) {
    let style = Style::new(FontRole::Title, 20.0);
    c.text_in(0.0, PAGE_W, y, style, Align::Center, text);
}

/// The QR code of the case number in the top-right corner, with the number in small
/// print under it so a clerk can read it without a scanner.
pub fn qr_corner(c: &mut Canvas<'_>, case_no: &str) -> Result<(), PrintError> {
    if case_no.trim().is_empty() {
        return Ok(());
    }
    let size = 17.0;
    c.qr(PAGE_W - 15.0 - size, 5.0, size, case_no.trim())
}

/// "第 N 页 共 M 页" centred at the foot of the page.
pub fn page_footer(c: &mut Canvas<'_>, n: usize, m: usize) {
    let style = Style::new(FontRole::Song, 10.5);
    c.text_in(
        0.0,
        PAGE_W,
        PAGE_H - 10.0,
        style,
        Align::Center,
        &format!("第 {n} 页 共 {m} 页"),
    );
}

/// Draws a cell border.
pub fn cell(c: &mut Canvas<'_>, x: f32, y: f32, w: f32, h: f32) {
    c.frame(x, y, w, h, RULE);
}

/// Baseline of line `i` of `n` lines with `pitch` vertically centred in `[y, y + h]`.
fn centred_baseline(y: f32, h: f32, n: usize, pitch: f32, size_mm: f32, i: usize) -> f32 {
    let block = pitch * n as f32;
    y + (h - block) / 2.0 + pitch * i as f32 + pitch / 2.0 + size_mm * 0.36
}

/// A label cell: short labels (2–3 characters) are spread to the width of four
/// characters like 联 系 人; long ones wrap and are centred.
pub fn label(c: &mut Canvas<'_>, x: f32, y: f32, w: f32, h: f32, text: &str) {
    cell(c, x, y, w, h);
    let style = LABEL;
    let n = text.chars().count();
    let four = style.size_mm() * 4.0;
    if (2..=3).contains(&n) && four < w - 2.0 {
        let yb = centred_baseline(y, h, 1, style.size_mm() * 1.4, style.size_mm(), 0);
        c.text_spread(x + (w - four) / 2.0, four, yb, style, text);
        return;
    }
    let lines = c.wrap(style, text, w - 3.0);
    let pitch = style.size_mm() * 1.35;
    for (i, line) in lines.iter().enumerate() {
        let yb = centred_baseline(y, h, lines.len(), pitch, style.size_mm(), i);
        c.text_in(x, w, yb, style, Align::Center, line);
    }
}

/// A label cell from `x[0]` to `x[1]` and its value cell from `x[1]` to `x[2]`, one row
/// of height `h` at `y`: the shape of every form's table.
pub fn field(c: &mut Canvas<'_>, x: [f32; 3], y: f32, h: f32, name: &str, text: &str) {
    label(c, x[0], y, x[1] - x[0], h, name);
    value(c, x[1], y, x[2] - x[1], h, text);
}

/// Draws table rows from `top`, each a height and its fields (see [`field`]); returns
/// the bottom of the last row.
pub fn rows(c: &mut Canvas<'_>, top: f32, rows: &[(f32, &[([f32; 3], &str, &str)])]) -> f32 {
    let mut y = top;
    for (h, fields) in rows {
        for (x, name, text) in *fields {
            field(c, *x, y, *h, name, text);
        }
        y += h;
    }
    y
}

/// A vertical label cell (one character per line; brackets become ︵︶).
pub fn vertical_label(c: &mut Canvas<'_>, x: f32, y: f32, w: f32, h: f32, text: &str) {
    cell(c, x, y, w, h);
    c.text_vertical(x, y, w, h, LABEL, text);
}

/// A value cell: wrapped, vertically centred, shrunk (down to 9 pt) until it fits.
pub fn value(c: &mut Canvas<'_>, x: f32, y: f32, w: f32, h: f32, text: &str) {
    cell(c, x, y, w, h);
    value_text(c, x, y, w, h, VALUE, text);
}

/// The text of a value cell without its border.
pub fn value_text(c: &mut Canvas<'_>, x: f32, y: f32, w: f32, h: f32, base: Style, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let pad = 2.0;
    let mut style = base;
    loop {
        let lines = c.wrap(style, text, w - 2.0 * pad);
        let pitch = style.size_mm() * 1.4;
        let fits = pitch * lines.len() as f32 <= h - 1.0;
        if fits || style.size <= 9.0 {
            for (i, line) in lines.iter().enumerate() {
                let yb = centred_baseline(y, h, lines.len(), pitch, style.size_mm(), i);
                c.text(x + pad, yb, style, line);
            }
            return;
        }
        style.size -= 0.5;
    }
}

/// A "label：value" line above a table, left or right aligned.
pub fn header_pair(c: &mut Canvas<'_>, x: f32, w: f32, y: f32, align: Align, label: &str, v: &str) {
    let label_style = Style::new(FontRole::Song, 12.0);
    let label_text = format!("{label}：");
    let lw = c.width(label_style, &label_text);
    let vw = c.width(HEADER, v);
    let x0 = match align {
        Align::Left => x,
        Align::Center => x + (w - lw - vw) / 2.0,
        Align::Right => x + w - lw - vw,
    };
    c.text(x0, y, label_style, &label_text);
    c.text(x0 + lw, y, HEADER, v);
}

/// Notes under a table, wrapped to `w`. Returns the y after the last line.
pub fn notes(c: &mut Canvas<'_>, x: f32, w: f32, y: f32, lines: &[String]) -> f32 {
    let pitch = NOTE.size_mm() * 1.5;
    let indent = c.width(NOTE, "注：");
    let mut yb = y;
    for (i, note) in lines.iter().enumerate() {
        let first_x = if i == 0 { x } else { x + indent };
        let first_w = w - (first_x - x);
        let mut wrapped = c.wrap(NOTE, note, first_w);
        if wrapped.len() > 1 {
            // Continuation lines hang under the number.
            let rest: String = wrapped[1..].concat();
            wrapped.truncate(1);
            let hang = indent + c.width(NOTE, "1.");
            wrapped.extend(c.wrap(NOTE, &rest, w - hang));
            for (j, line) in wrapped.iter().enumerate() {
                yb += pitch;
                let lx = if j == 0 { first_x } else { x + hang };
                c.text(lx, yb, NOTE, line);
            }
        } else {
            for line in wrapped {
                yb += pitch;
                c.text(first_x, yb, NOTE, &line);
            }
        }
    }
    yb
}

/// Layout of a letter-style notice (告知书, 催办单 text part): body 仿宋 16 pt with 2
/// characters of first-line indent, title in the title face.
pub struct Prose {
    /// Left edge of the text block, mm.
    pub left: f32,
    /// Width of the text block, mm.
    pub width: f32,
    /// Body style.
    pub body: Style,
    /// Distance between baselines, mm.
    pub pitch: f32,
}

impl Prose {
    /// GB/T 9704 block: 156 mm wide from 28 mm, 仿宋 16 pt, 28 characters a line.
    pub fn official() -> Prose {
        let width = 156.0;
        let body = Style::new(FontRole::Fangsong, 16.0);
        // 28 characters exactly fill the line: stretch or squeeze the character pitch.
        let spacing = width / 28.0 - body.size_mm();
        Prose {
            left: 28.0,
            width,
            body: body.spaced(spacing),
            pitch: 225.0 / 22.0,
        }
    }

    /// One character's pitch, mm.
    pub fn em(&self) -> f32 {
        self.body.size_mm() + self.body.spacing
    }

    /// Lines of one paragraph with a two-character first-line indent (the indent is
    /// returned as two ideographic spaces, so drawing the line places it right).
    pub fn paragraph(&self, c: &Canvas<'_>, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for para in text.replace("\r\n", "\n").split('\n') {
            let para = para.trim();
            if para.is_empty() {
                continue;
            }
            let indented = format!("\u{3000}\u{3000}{para}");
            out.extend(c.wrap(self.body, &indented, self.width + 0.5));
        }
        out
    }
}

/// A one-off notice in official style (告知书, 催办单 text): title, optional number,
/// addressee, indented paragraphs, signer and date; flows over pages numbered
/// "第 N 页 共 M 页" when it does not fit on one.
pub struct NoticeText<'a> {
    /// Case number for the QR code.
    pub reg_no: &'a str,
    /// Title (e.g. 不予受理告知书).
    pub title: &'a str,
    /// Document number printed under the title, right-aligned (may be empty).
    pub number: &'a str,
    /// Addressee without colon.
    pub addressee: &'a str,
    /// Paragraphs (each indented two characters).
    pub paragraphs: Vec<String>,
    /// Signing body.
    pub signer: &'a str,
    /// Date of issue.
    pub date: chrono::NaiveDate,
    /// Lines after the signature, flush left (e.g. 签收人：____).
    pub tail: Vec<String>,
    /// Height (mm) reserved under the title on the first page for a block the caller
    /// draws (e.g. a case table); 0 for none.
    pub block_height: f32,
}

/// A notice (告知书) of the service centre to an enterprise, without a number or a
/// block: `paragraphs` under `title`, signed by the centre on `date`.
pub fn centre_notice(
    c: &mut Canvas<'_>,
    settings: &crate::DocSettings,
    reg_no: &str,
    title: &str,
    addressee: &str,
    paragraphs: Vec<String>,
    date: chrono::NaiveDate,
) -> Result<(), PrintError> {
    let text = NoticeText {
        reg_no,
        title,
        number: "",
        addressee,
        paragraphs,
        signer: &settings.service_centre,
        date,
        tail: Vec::new(),
        block_height: 0.0,
    };
    notice(c, &text, 37.0, |_, _| {})
}

/// Draws a [`NoticeText`] starting on a new page at `top` (mm). Returns nothing; the
/// pages are added to the canvas.
pub fn notice<'f>(
    c: &mut Canvas<'f>,
    n: &NoticeText<'_>,
    top: f32,
    block: impl FnOnce(&mut Canvas<'f>, f32),
) -> Result<(), PrintError> {
    let prose = Prose::official();
    let body = prose.body;
    let pitch = prose.pitch;
    let em = prose.em();
    let bottom = 37.0 + 225.0;
    // Rows: (advance, x, width, align, text, style)
    type RowSpec = (f32, f32, f32, Align, String, Style);
    let mut rows: Vec<RowSpec> = Vec::new();
    if !n.addressee.trim().is_empty() {
        for l in c.wrap(
            body,
            &format!("{}：", n.addressee.trim()),
            prose.width + 0.5,
        ) {
            rows.push((pitch, prose.left, prose.width, Align::Left, l, body));
        }
    }
    for p in &n.paragraphs {
        for l in prose.paragraph(c, p) {
            rows.push((pitch, prose.left, prose.width, Align::Left, l, body));
        }
    }
    let date = crate::chinese_date(n.date);
    let date_w = c.width(body, &date);
    let date_x = prose.left + prose.width - 4.0 * em - date_w;
    let sign_w = c.width(body, n.signer.trim());
    let sign_x = (date_x + date_w / 2.0 - sign_w / 2.0).min(prose.left + prose.width - sign_w);
    let mut keep: Vec<RowSpec> = vec![
        (
            pitch * 2.0,
            sign_x,
            sign_w,
            Align::Left,
            n.signer.trim().to_string(),
            body,
        ),
        (pitch, date_x, date_w, Align::Left, date, body),
    ];
    let tail_style = Style::new(FontRole::Fangsong, 14.0);
    for (i, t) in n.tail.iter().enumerate() {
        let adv = if i == 0 { pitch * 1.5 } else { pitch };
        keep.push((
            adv,
            prose.left,
            prose.width,
            Align::Left,
            t.clone(),
            tail_style,
        ));
    }

    // Paginate.
    let title_style = Style::new(FontRole::Title, 22.0);
    let title_lines = c.wrap(title_style, n.title, prose.width);
    let mut pages: Vec<Vec<(f32, RowSpec)>> = vec![Vec::new()];
    let mut y = top + title_lines.len() as f32 * title_style.size_mm() * 1.5 + 4.0;
    if !n.number.trim().is_empty() {
        y += pitch;
    }
    let block_top = y + 4.0;
    if n.block_height > 0.0 {
        y += n.block_height + 8.0;
    }
    let keep_total: f32 = keep.iter().map(|r| r.0).sum();
    let row_count = rows.len();
    for (i, r) in rows.into_iter().chain(keep).enumerate() {
        let starts_keep = i == row_count;
        if y + r.0 > bottom || (starts_keep && y + keep_total > bottom) {
            pages.push(Vec::new());
            y = 37.0 - pitch * 0.35;
        }
        y += r.0;
        pages.last_mut().expect("page").push((y, r));
    }
    let count = pages.len();
    let mut block = Some(block);
    for (i, page) in pages.into_iter().enumerate() {
        c.new_page();
        qr_corner(c, n.reg_no)?;
        if let Some(b) = block.take() {
            if n.block_height > 0.0 {
                b(c, block_top);
            }
        }
        if i == 0 {
            let mut ty = top;
            for l in &title_lines {
                ty += title_style.size_mm() * 1.5;
                c.text_in(prose.left, prose.width, ty, title_style, Align::Center, l);
            }
            if !n.number.trim().is_empty() {
                let num = Style::new(FontRole::Fangsong, 16.0);
                c.text_in(
                    prose.left,
                    prose.width,
                    ty + pitch,
                    num,
                    Align::Center,
                    n.number.trim(),
                );
            }
        }
        for (y, (_, x, w, align, text, style)) in page {
            c.text_in(x, w, y, style, align, &text);
        }
        if count > 1 {
            page_footer(c, i + 1, count);
        }
    }
    Ok(())
}
