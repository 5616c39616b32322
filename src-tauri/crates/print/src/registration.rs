//! 企业反映困难问题登记表 (003 附件2): the record of a case at intake. Guarantees: the
//! bordered table of the seed form with every field; a long problem text is wrapped by
//! Chinese rules and continues on further pages, each repeating the title, the number
//! line and the enterprise row, all pages numbered "第 N 页 共 M 页", the problem text
//! coming out whole.

use serde::{Deserialize, Serialize};

use crate::canvas::{Align, Canvas, Style};
use crate::common::{self, FRAME, VALUE};
use crate::error::PrintError;
use crate::fonts::Fonts;
use crate::settings::DocSettings;

/// The data of one registration sheet. All values are printed as given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    /// 问题类别, e.g. 用地审批.
    pub category: String,
    /// 登记编号, e.g. 企业困难问题〔2026〕第12号 (also encoded in the QR code).
    pub reg_no: String,
    /// 企业名称.
    pub enterprise: String,
    /// 详细地址.
    pub address: String,
    /// 反映时间, already formatted (e.g. 2026年5月6日 9:30).
    pub received_at: String,
    /// 联系人.
    pub contact: String,
    /// 职务.
    pub position: String,
    /// 联系电话.
    pub phone: String,
    /// 电子邮箱.
    pub email: String,
    /// 企业反映困难问题 (any length; continues on further pages).
    pub problem: String,
    /// 希望协调解决事项的部门.
    pub departments: String,
    /// 分管领导甄别意见 (usually empty: written by hand).
    pub screening_opinion: String,
    /// 反映形式: 平台受理 / 来电反映 / 电子邮件 / 来人来函 ….
    pub channel: String,
}

const L: f32 = 20.0;
const R: f32 = 190.0;
const G: f32 = 32.0; // end of the group column
const C1: f32 = 60.0; // end of the label column
const C2: f32 = 108.0; // end of the first value column
const C3: f32 = 132.0; // end of the second label column
const TOP: f32 = 46.0;
const ROW: f32 = 11.0;
const BOTTOM: f32 = 256.0;
const DEPT_ROW: f32 = 16.0;
const OPINION_ROW: f32 = 30.0;
const PAD_V: f32 = 3.0;

fn line_pitch() -> f32 {
    VALUE.size_mm() * 1.55
}

fn capacity(height: f32) -> usize {
    ((height - 2.0 * PAD_V) / line_pitch()).floor().max(1.0) as usize
}

/// Renders the sheet to PDF bytes.
pub fn render(sheet: &Sheet, settings: &DocSettings, fonts: &Fonts) -> Result<Vec<u8>, PrintError> {
    let mut c = Canvas::new(fonts, "企业反映困难问题登记表");
    draw(&mut c, sheet, settings)?;
    c.finish()
}

fn header(c: &mut Canvas<'_>, sheet: &Sheet, title: &str) -> Result<(), PrintError> {
    common::qr_corner(c, &sheet.reg_no)?;
    common::form_title(c, 30.0, title);
    common::header_pair(c, L, R - L, 42.0, Align::Left, "问题类别", &sheet.category);
    common::header_pair(c, L, R - L, 42.0, Align::Right, "登记编号", &sheet.reg_no);
    Ok(())
}

pub(crate) fn draw(
    c: &mut Canvas<'_>,
    sheet: &Sheet,
    settings: &DocSettings,
) -> Result<(), PrintError> {
    let text_w = R - G - 6.0;
    let lines = c.wrap(VALUE, sheet.problem.trim(), text_w);

    // Geometry: first page has five basic rows, later pages one enterprise row.
    let first_top = TOP + 5.0 * ROW;
    let next_top = TOP + ROW;
    let finals = DEPT_ROW + OPINION_ROW;
    let cap_first_final = capacity(BOTTOM - finals - first_top);
    let cap_first = capacity(BOTTOM - first_top);
    let cap_next_final = capacity(BOTTOM - finals - next_top);
    let cap_next = capacity(BOTTOM - next_top);

    // Split the lines into pages.
    let mut chunks: Vec<&[String]> = Vec::new();
    let mut rest: &[String] = &lines;
    let mut first = true;
    loop {
        let (cap_final, cap) = if first {
            (cap_first_final, cap_first)
        } else {
            (cap_next_final, cap_next)
        };
        if rest.len() <= cap_final {
            chunks.push(rest);
            break;
        }
        let take = cap.min(rest.len());
        chunks.push(&rest[..take]);
        rest = &rest[take..];
        first = false;
        if rest.is_empty() {
            // Everything fitted but the final rows did not: they go on a page of their own.
            chunks.push(rest);
            break;
        }
    }
    let pages = chunks.len();

    for (i, chunk) in chunks.iter().enumerate() {
        c.new_page();
        let last = i + 1 == pages;
        let title = if i == 0 {
            "企业反映困难问题登记表"
        } else {
            "企业反映困难问题登记表（续页）"
        };
        header(c, sheet, title)?;
        let mut y = TOP;
        if i == 0 {
            let h = 5.0 * ROW;
            common::vertical_label(c, L, y, G - L, h, "企业基本情况");
            common::field(c, [G, C1, R], y, ROW, "企业名称", &sheet.enterprise);
            y += ROW;
            common::field(c, [G, C1, R], y, ROW, "详细地址", &sheet.address);
            y += ROW;
            let pairs = [
                ("反映时间", &sheet.received_at, "反映形式", &sheet.channel),
                ("联系人", &sheet.contact, "职务", &sheet.position),
                ("联系电话", &sheet.phone, "电子邮箱", &sheet.email),
            ];
            for (l1, v1, l2, v2) in pairs {
                common::label(c, G, y, C1 - G, ROW, l1);
                common::value(c, C1, y, C2 - C1, ROW, v1);
                common::label(c, C2, y, C3 - C2, ROW, l2);
                common::value(c, C3, y, R - C3, ROW, v2);
                y += ROW;
            }
        } else {
            common::field(c, [L, C1, R], y, ROW, "企业名称", &sheet.enterprise);
            y += ROW;
        }
        let problem_bottom = if last { BOTTOM - finals } else { BOTTOM };
        let h = problem_bottom - y;
        let label = if i == 0 {
            "企业反映困难问题（可另附页）"
        } else {
            "企业反映困难问题（续）"
        };
        common::vertical_label(c, L, y, G - L, h, label);
        common::cell(c, G, y, R - G, h);
        let mut yb = y + PAD_V + line_pitch() * 0.5 + VALUE.size_mm() * 0.36;
        for line in chunk.iter() {
            c.text(G + 3.0, yb, VALUE, line);
            yb += line_pitch();
        }
        if !last {
            let more = Style::new(crate::fonts::FontRole::Kai, 10.5);
            c.text_in(
                G,
                R - G - 3.0,
                problem_bottom - 2.0,
                more,
                Align::Right,
                "（接下页）",
            );
        }
        y = problem_bottom;
        if last {
            y = common::rows(
                c,
                y,
                &[
                    (
                        DEPT_ROW,
                        &[([L, C1, R], "希望协调解决事项的部门", &sheet.departments)],
                    ),
                    (
                        OPINION_ROW,
                        &[([L, C1, R], "分管领导甄别意见", &sheet.screening_opinion)],
                    ),
                ],
            );
        }
        c.frame(L, TOP, R - L, y - TOP, FRAME);
        if last {
            common::notes(c, L, R - L, y + 1.0, &settings.registration_notes);
        }
        common::page_footer(c, i + 1, pages);
    }
    Ok(())
}
