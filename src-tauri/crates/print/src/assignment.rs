//! 企业反映困难问题交办单 (003 附件3): hands a case to a lead department with a deadline,
//! signed by hand by the assigning leader. Guarantees: the seed's table with every field
//! and a blank signature line; a matter too long for its cell continues on further pages
//! (title, number line and enterprise row repeated, "第 N 页 共 M 页"); a batch of sheets
//! becomes one PDF, each sheet starting on a new page with its own page numbers. When the
//! class has several milestones (廊坊 三类: 研究结果 48 小时, 办结 5 日), each is printed
//! with its own time under 办结时限; a sheet printed before the leader signed says 待审签.

use serde::{Deserialize, Serialize};

use crate::canvas::{Align, Canvas, Style};
use crate::common::{self, FRAME, VALUE};
use crate::error::PrintError;
use crate::fonts::{FontRole, Fonts};
use crate::settings::DocSettings;

/// The data of one assignment sheet. All values are printed as given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    /// 登记编号 of the case (encoded in the QR code; printed small under it).
    pub reg_no: String,
    /// 交办编号, e.g. 正阳园区管委交〔2026〕第5号.
    pub assign_no: String,
    /// 需要办理或协调解决事项 (any length).
    pub matter: String,
    /// 反映企业.
    pub enterprise: String,
    /// 企业地址.
    pub address: String,
    /// 联系人.
    pub contact: String,
    /// 联系电话.
    pub phone: String,
    /// 牵头办理部室.
    pub lead_department: String,
    /// 配合办理部室 (several joined with 、).
    pub cooperating_departments: String,
    /// 交办日期, already formatted (e.g. 2026年5月6日).
    pub assigned_on: String,
    /// 办结时限, already computed by the calendar and formatted: the time of the final
    /// milestone (办结), never an earlier step's.
    pub deadline: String,
    /// Every milestone with its own time ("反馈研究结果：2026年3月4日 10:00前"), printed
    /// in its own row when there is more than one.
    pub milestones: Vec<String>,
    /// Printed before the leader signed: the sheet says 待审签 (with the approver's name
    /// when known, e.g. 待审签（李常务）).
    pub pending_approval: Option<String>,
    /// 备注.
    pub remarks: String,
}

const L: f32 = 20.0;
const R: f32 = 190.0;
const G: f32 = 32.0;
const C1: f32 = 62.0;
const C2: f32 = 112.0;
const C3: f32 = 136.0;
const TOP: f32 = 48.0;
const ROW: f32 = 12.0;
const MATTER_MIN: f32 = 100.0;
const REMARK_ROW: f32 = 34.0;
const BOTTOM: f32 = 262.0;
const PAD_V: f32 = 3.0;

fn pitch() -> f32 {
    VALUE.size_mm() * 1.55
}

fn capacity(h: f32) -> usize {
    ((h - 2.0 * PAD_V - 6.0) / pitch()).floor().max(1.0) as usize
}

/// Renders one sheet to PDF bytes.
pub fn render(sheet: &Sheet, settings: &DocSettings, fonts: &Fonts) -> Result<Vec<u8>, PrintError> {
    render_batch(std::slice::from_ref(sheet), settings, fonts)
}

/// Renders many sheets into one PDF (one after another, each on fresh pages).
pub fn render_batch(
    sheets: &[Sheet],
    settings: &DocSettings,
    fonts: &Fonts,
) -> Result<Vec<u8>, PrintError> {
    if sheets.is_empty() {
        return Err(PrintError::Empty);
    }
    let mut c = Canvas::new(fonts, "企业反映困难问题交办单");
    for sheet in sheets {
        draw(&mut c, sheet, settings)?;
    }
    c.finish()
}

fn header(c: &mut Canvas<'_>, sheet: &Sheet, title: &str) -> Result<(), PrintError> {
    common::qr_corner(c, &sheet.reg_no)?;
    if !sheet.reg_no.trim().is_empty() {
        let small = Style::new(FontRole::Song, 7.0);
        c.text_in(150.0, 45.0, 25.5, small, Align::Right, sheet.reg_no.trim());
    }
    common::form_title(c, 31.0, title);
    let y = 43.0;
    let label = Style::new(FontRole::Song, 12.0);
    let lead = "交办领导（签字）：";
    let w = c.width(label, lead);
    c.text(L, y, label, lead);
    c.line(L + w, y + 1.0, L + w + 38.0, y + 1.0, 0.25);
    if let Some(who) = &sheet.pending_approval {
        // Under the signature line, small: beside it the 交办编号 needs the room (a long
        // number and the approver's name would overlap there).
        let mark = Style::new(FontRole::Hei, 9.0);
        let text = if who.trim().is_empty() {
            "待审签".to_string()
        } else {
            format!("待审签（{}）", who.trim())
        };
        c.text(L + w, y + 4.2, mark, &text);
    }
    common::header_pair(c, L, R - L, y, Align::Right, "交办编号", &sheet.assign_no);
    Ok(())
}

/// The milestone row's height: one line per milestone, none when there is only one.
fn milestones_height(c: &Canvas<'_>, sheet: &Sheet) -> f32 {
    if sheet.milestones.len() < 2 {
        return 0.0;
    }
    let lines: usize = sheet
        .milestones
        .iter()
        .map(|m| c.wrap(VALUE, m.trim(), R - C1 - 4.0).len().max(1))
        .sum();
    (VALUE.size_mm() * 1.4 * lines as f32 + 4.0).max(ROW)
}

fn draw(c: &mut Canvas<'_>, sheet: &Sheet, settings: &DocSettings) -> Result<(), PrintError> {
    let text_w = R - C1 - 6.0;
    let lines = c.wrap(VALUE, sheet.matter.trim(), text_w);
    let steps_h = milestones_height(c, sheet);
    // Everything below the matter row on the first page.
    let below = 3.0 * ROW + 2.0 * ROW + steps_h + REMARK_ROW;
    let first_matter_max = BOTTOM - TOP - below;
    let cap_first = capacity(first_matter_max);
    let next_top = TOP + ROW;
    let cap_next = capacity(BOTTOM - next_top);

    let mut chunks: Vec<&[String]> = Vec::new();
    let take = cap_first.min(lines.len());
    chunks.push(&lines[..take]);
    let mut rest = &lines[take..];
    while !rest.is_empty() {
        let take = cap_next.min(rest.len());
        chunks.push(&rest[..take]);
        rest = &rest[take..];
    }
    let pages = chunks.len();

    // First page.
    c.new_page();
    let first_page = c.page_count();
    header(c, sheet, "企业反映困难问题交办单")?;
    let matter_h = if pages == 1 {
        let need = pitch() * chunks[0].len() as f32 + 2.0 * PAD_V + 6.0;
        need.max(MATTER_MIN).min(first_matter_max)
    } else {
        first_matter_max
    };
    let mut y = TOP;
    let group_h = matter_h + 3.0 * ROW;
    common::vertical_label(c, L, y, G - L, group_h, "交办事项");
    common::label(c, G, y, C1 - G, matter_h, "需要办理或协调解决事项");
    common::cell(c, C1, y, R - C1, matter_h);
    let mut yb = y + PAD_V + pitch() * 0.5 + VALUE.size_mm() * 0.36;
    for line in chunks[0] {
        c.text(C1 + 3.0, yb, VALUE, line);
        yb += pitch();
    }
    let hint = Style::new(FontRole::Kai, 10.5);
    let hint_text = if pages > 1 {
        "（接下页）"
    } else {
        "（可另附页）"
    };
    c.text_in(
        C1,
        R - C1 - 3.0,
        y + matter_h - 2.0,
        hint,
        Align::Right,
        hint_text,
    );
    y += matter_h;
    common::field(c, [G, C1, R], y, ROW, "反映企业", &sheet.enterprise);
    y += ROW;
    common::field(c, [G, C1, R], y, ROW, "企业地址", &sheet.address);
    y += ROW;
    common::field(c, [G, C1, C2], y, ROW, "联系人", &sheet.contact);
    common::field(c, [C2, C3, R], y, ROW, "联系电话", &sheet.phone);
    y += ROW;
    common::vertical_label(c, L, y, G - L, 2.0 * ROW + steps_h, "办理要求");
    y = common::rows(
        c,
        y,
        &[
            (
                ROW,
                &[
                    ([G, C1, C2], "牵头办理部室", &sheet.lead_department),
                    ([C2, C3, R], "交办日期", &sheet.assigned_on),
                ],
            ),
            (
                ROW,
                &[
                    ([G, C1, C2], "配合办理部室", &sheet.cooperating_departments),
                    ([C2, C3, R], "办结时限", &sheet.deadline),
                ],
            ),
        ],
    );
    if steps_h > 0.0 {
        common::label(c, G, y, C1 - G, steps_h, "各节点时限");
        let list: Vec<String> = sheet
            .milestones
            .iter()
            .enumerate()
            .map(|(i, m)| format!("{}. {}", i + 1, m.trim()))
            .collect();
        common::cell(c, C1, y, R - C1, steps_h);
        let pitch = VALUE.size_mm() * 1.4;
        let mut yb = y + 2.0 + pitch * 0.5 + VALUE.size_mm() * 0.36;
        for m in &list {
            for line in c.wrap(VALUE, m, R - C1 - 4.0) {
                c.text(C1 + 2.0, yb, VALUE, &line);
                yb += pitch;
            }
        }
        y += steps_h;
    }
    common::field(c, [L, G, R], y, REMARK_ROW, "备注", &sheet.remarks);
    y += REMARK_ROW;
    c.frame(L, TOP, R - L, y - TOP, FRAME);
    common::notes(c, L, R - L, y + 1.0, &settings.assignment_notes);
    common::page_footer(c, 1, pages);
    debug_assert_eq!(first_page, c.page_count());

    // Continuation pages.
    for (i, chunk) in chunks.iter().enumerate().skip(1) {
        c.new_page();
        header(c, sheet, "企业反映困难问题交办单（续页）")?;
        let mut y = TOP;
        common::field(c, [L, C1, R], y, ROW, "反映企业", &sheet.enterprise);
        y += ROW;
        let h = BOTTOM - y;
        common::label(c, L, y, C1 - L, h, "需要办理或协调解决事项（续）");
        common::cell(c, C1, y, R - C1, h);
        let mut yb = y + PAD_V + pitch() * 0.5 + VALUE.size_mm() * 0.36;
        for line in chunk.iter() {
            c.text(C1 + 3.0, yb, VALUE, line);
            yb += pitch();
        }
        if i + 1 < pages {
            c.text_in(
                C1,
                R - C1 - 3.0,
                BOTTOM - 2.0,
                hint,
                Align::Right,
                "（接下页）",
            );
        }
        c.frame(L, TOP, R - L, BOTTOM - TOP, FRAME);
        common::page_footer(c, i + 1, pages);
    }
    Ok(())
}
