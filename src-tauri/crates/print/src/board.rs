//! 督办看板 on paper: every overdue and nearly-due case of the board, grouped by lead
//! department (worst first, as the board orders them), on A4 landscape pages for a
//! leaders' meeting. Guarantees: every case of the board is printed whole (long
//! enterprise names and summaries wrap, rows never split across pages); each page
//! carries the park's name, the time the board was taken, the column heads and
//! "第 N 页 共 M 页"; a department continued on the next page is headed "（续）". Case
//! numbers are printed as the part that tells them apart (〔2026〕第308号), never cut.

use chrono::Datelike;
use zhitong_calendar::deadline::{date_label, time_label};
use zhitong_domain::schedule::{AgendaItem, Board};

use crate::canvas::{Align, Canvas, Style};
use crate::common::{FRAME, RULE};
use crate::error::PrintError;
use crate::fonts::{FontRole, Fonts};

const MARGIN: f32 = 14.0;
/// Top of the table on every page (below the title and the park / time line).
const TABLE_TOP: f32 = 34.0;
/// Lowest y a row may reach (above the footer).
const BOTTOM: f32 = 210.0 - 16.0;
const TITLE: Style = Style::new(FontRole::Title, 20.0);
const META: Style = Style::new(FontRole::Fangsong, 12.0);
const HEAD: Style = Style::new(FontRole::Hei, 11.0);
const GROUP: Style = Style::new(FontRole::Hei, 12.0);
const BODY: Style = Style::new(FontRole::Song, 11.0);
const FOOT: Style = Style::new(FontRole::Song, 10.5);
const PAD: f32 = 1.8;
const TITLE_TEXT: &str = "督办看板";
/// Pages drawn into one part before it is serialized and its drawing operations let go
/// (a 100 000-case park's board is about 400 pages). Each part carries its own font
/// subsets, so fewer, longer parts make a smaller file and more memory while printing.
const PART_PAGES: usize = 50;

/// Columns: head and width in mm (together the page width less the margins, 269 mm).
const COLUMNS: [(&str, f32); 8] = [
    ("序号", 12.0),
    // Wide enough for 〔2026〕第12345号 on one line.
    ("登记编号", 40.0),
    ("企业", 54.0),
    ("问题摘要", 61.0),
    ("办结时限", 38.0),
    ("办理情况", 36.0),
    ("催办", 13.0),
    ("督办", 15.0),
];

/// What a printed board says besides the cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardHeader {
    /// The park, e.g. 重庆市正阳工业园区 (on every page).
    pub park: String,
}

enum Row<'a> {
    Group {
        title: String,
        /// Who answers for the department (000 五2): 专员, 分管副职, 联络员.
        contacts: String,
    },
    Item {
        cells: [String; 8],
        item: &'a AgendaItem,
    },
}

fn cells(n: usize, it: &AgendaItem, this_year: i32) -> [String; 8] {
    let due = it
        .due_at
        .map(|d| {
            format!(
                "{} {}{}",
                date_label(d.date_naive(), this_year),
                time_label(d),
                if it.provisional { "（暂定）" } else { "" }
            )
        })
        .unwrap_or_default();
    let mut state = if it.overdue_working_days > 0 {
        format!("逾期 {} 个工作日", it.overdue_working_days)
    } else {
        it.text.clone()
    };
    if let Some(d) = &it.decision {
        state.push_str(&format!("；领导小组决定：{d}"));
    }
    [
        n.to_string(),
        short_reg_no(&it.reg_no).to_string(),
        it.enterprise.clone(),
        it.summary.clone(),
        due,
        state,
        if it.urges > 0 {
            format!("{} 次", it.urges)
        } else {
            "—".into()
        },
        if it.escalated {
            "领导小组督办".into()
        } else {
            String::new()
        },
    ]
}

/// The part of a 登记编号 that tells cases apart: 〔2026〕第308号 of
/// 企业困难问题〔2026〕第308号 (a number without the bracket is kept whole).
pub fn short_reg_no(reg_no: &str) -> &str {
    reg_no
        .find('〔')
        .filter(|&i| i > 0)
        .map_or(reg_no, |i| &reg_no[i..])
}

fn pitch(style: Style) -> f32 {
    style.size_mm() * 1.35
}

fn group_title(department: &str, count: usize, overdue: usize) -> String {
    if overdue > 0 {
        format!("{department}（{count} 件，其中逾期 {overdue} 件）")
    } else {
        format!("{department}（{count} 件）")
    }
}

/// Renders the board as A4 landscape PDF pages.
pub fn render(board: &Board, header: &BoardHeader, fonts: &Fonts) -> Result<Vec<u8>, PrintError> {
    // Measures the text, then draws the first part.
    let mut c = Canvas::landscape(fonts, TITLE_TEXT);
    let this_year = board.at.year();
    let mut rows: Vec<Row> = Vec::new();
    let mut n = 0;
    for g in &board.groups {
        rows.push(Row::Group {
            title: group_title(&g.department, g.items.len(), g.overdue),
            contacts: g.contacts.trim().to_string(),
        });
        for it in &g.items {
            n += 1;
            rows.push(Row::Item {
                cells: cells(n, it, this_year),
                item: it,
            });
        }
    }
    // Heights first, so pages can be counted before anything is drawn.
    let wrapped: Vec<(Vec<Vec<String>>, f32)> = rows
        .iter()
        .map(|r| match r {
            Row::Group { .. } => (Vec::new(), pitch(GROUP) + 2.0 * PAD),
            Row::Item { cells, .. } => {
                let lines: Vec<Vec<String>> = cells
                    .iter()
                    .zip(COLUMNS)
                    .map(|(text, (_, w))| c.wrap(BODY, text, w - 2.0 * PAD))
                    .collect();
                let most = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
                (lines, most as f32 * pitch(BODY) + 2.0 * PAD)
            }
        })
        .collect();
    let head_h = pitch(HEAD) + 2.0 * PAD;
    // Pages as lists of row indexes; a group heading is never left alone at a page foot,
    // and a page that starts inside a group repeats its heading with （续）.
    let mut pages: Vec<Vec<(usize, bool)>> = vec![Vec::new()];
    let mut y = TABLE_TOP + head_h;
    let mut current_group: Option<usize> = None;
    for (i, r) in rows.iter().enumerate() {
        let h = wrapped[i].1;
        let need = match r {
            Row::Group { .. } => h + wrapped.get(i + 1).map_or(0.0, |w| w.1),
            Row::Item { .. } => h,
        };
        if y + need > BOTTOM && !pages.last().is_some_and(Vec::is_empty) {
            pages.push(Vec::new());
            y = TABLE_TOP + head_h;
            if let (Row::Item { .. }, Some(g)) = (r, current_group) {
                pages.last_mut().expect("a page").push((g, true));
                y += wrapped[g].1;
            }
        }
        if let Row::Group { .. } = r {
            current_group = Some(i);
        }
        pages.last_mut().expect("a page").push((i, false));
        y += h;
    }
    let total = pages.len();
    let width: f32 = COLUMNS.iter().map(|(_, w)| w).sum();
    let (page_w, _) = c.size();
    let when = format!(
        "统计时间：{}年{} {}",
        board.at.year(),
        date_label(board.at.date_naive(), this_year),
        board.at.format("%H:%M")
    );
    let mut parts = Vec::with_capacity(total.div_ceil(PART_PAGES));
    for (p, page) in pages.iter().enumerate() {
        if p > 0 && p % PART_PAGES == 0 {
            let done = std::mem::replace(&mut c, Canvas::landscape(fonts, TITLE_TEXT));
            parts.push(done.into_part()?);
        }
        c.new_page();
        c.text_in(0.0, page_w, 17.0, TITLE, Align::Center, TITLE_TEXT);
        c.text(MARGIN, 27.0, META, &header.park);
        c.text_in(MARGIN, width, 27.0, META, Align::Right, &when);
        if p == 0 {
            let totals = format!(
                "逾期 {} 件　即将到期 {} 件　领导小组督办 {} 件",
                board.overdue, board.nearly_due, board.escalated
            );
            c.text_in(MARGIN, width, 27.0, META, Align::Center, &totals);
        }
        // Column heads.
        let mut y = TABLE_TOP;
        let mut x = MARGIN;
        for (name, w) in COLUMNS {
            c.frame(x, y, w, head_h, RULE);
            c.text_in(
                x,
                w,
                y + PAD + HEAD.size_mm() * 1.0,
                HEAD,
                Align::Center,
                name,
            );
            x += w;
        }
        y += head_h;
        // The rules are drawn after the page's text, as one run of lines: one rule under
        // each row and the column rules down each run of case rows (not a frame per
        // cell), so a page of a long board is a few hundred drawing operations.
        let mut rules: Vec<[f32; 4]> = Vec::new();
        let mut run_top: Option<f32> = None;
        let column_rules = |rules: &mut Vec<[f32; 4]>, top: f32, bottom: f32| {
            let mut x = MARGIN;
            for (_, w) in &COLUMNS[..COLUMNS.len() - 1] {
                x += w;
                rules.push([x, top, x, bottom]);
            }
        };
        for &(i, continued) in page {
            let h = wrapped[i].1;
            rules.push([MARGIN, y + h, MARGIN + width, y + h]);
            match &rows[i] {
                Row::Group { title, contacts } => {
                    if let Some(top) = run_top.take() {
                        column_rules(&mut rules, top, y);
                    }
                    let t = if continued {
                        format!("{title}（续）")
                    } else {
                        title.clone()
                    };
                    c.text(MARGIN + PAD, y + PAD + GROUP.size_mm(), GROUP, &t);
                    if !contacts.is_empty() {
                        c.text_in(
                            MARGIN,
                            width - PAD,
                            y + PAD + GROUP.size_mm(),
                            META,
                            Align::Right,
                            contacts,
                        );
                    }
                }
                Row::Item { item, .. } => {
                    run_top.get_or_insert(y);
                    let mut x = MARGIN;
                    for (k, (lines, (_, w))) in wrapped[i].0.iter().zip(COLUMNS).enumerate() {
                        let centred = matches!(k, 0 | 6 | 7);
                        // The day count of an overdue case is what a leader reads first.
                        let style = if k == 5 && item.overdue_working_days > 0 {
                            Style::new(FontRole::Hei, BODY.size)
                        } else {
                            BODY
                        };
                        for (j, line) in lines.iter().enumerate() {
                            let yb = y + PAD + BODY.size_mm() + j as f32 * pitch(BODY);
                            if centred {
                                c.text_in(x, w, yb, style, Align::Center, line);
                            } else {
                                c.text(x + PAD, yb, style, line);
                            }
                        }
                        x += w;
                    }
                }
            }
            y += h;
        }
        if let Some(top) = run_top {
            column_rules(&mut rules, top, y);
        }
        for [x1, y1, x2, y2] in rules {
            c.line(x1, y1, x2, y2, RULE);
        }
        c.frame(MARGIN, TABLE_TOP, width, y - TABLE_TOP, FRAME);
        if rows.is_empty() {
            c.text(
                MARGIN + PAD,
                y + 10.0,
                BODY,
                "当前没有逾期或即将到期的诉求。",
            );
        }
        c.text_in(
            0.0,
            page_w,
            210.0 - 8.0,
            FOOT,
            Align::Center,
            &format!("第 {} 页 共 {total} 页", p + 1),
        );
    }
    parts.push(c.into_part()?);
    crate::canvas::join(parts)
}
