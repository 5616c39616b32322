//! The period report as an A4 PDF in official style: title in a heavy face, numbered
//! sections (一、二、…) in 黑体, body prose in a Song/Fangsong face with two-character
//! indents, tables with ruled lines, horizontal bar charts drawn as vector rectangles,
//! the monthly analysis for the leading group and the circulation notice (通报) of units
//! with overdue or unsatisfactory cases, and `— n —` page numbers. Guarantees: text is
//! real, selectable text with subset-embedded fonts found through the print crate's font
//! chain; a character no loaded font can draw is an error, never an empty box.

use chrono::Datelike;
use zhitong_print::canvas::{Align, Canvas, Style, PAGE_H, PAGE_W};
use zhitong_print::{FontRole, Fonts};

use crate::error::Result;
use crate::summary::{delta, percent, Count, Summary};

const LEFT: f32 = 26.0;
const RIGHT: f32 = PAGE_W - 26.0;
const TOP: f32 = 30.0;
const BOTTOM: f32 = 272.0;

const TITLE: Style = Style::new(FontRole::Hei, 20.0);
const H1: Style = Style::new(FontRole::Hei, 14.0);
const BODY: Style = Style::new(FontRole::Song, 12.0);
const SMALL: Style = Style::new(FontRole::Song, 9.5);
const SMALL_BOLD: Style = Style::new(FontRole::Hei, 9.5);

/// Head of a table.
const HEAD_GREY: [f32; 3] = [0.9, 0.9, 0.9];
/// Chart bars.
const BAR_BLUE: [f32; 3] = [0.23, 0.39, 0.62];

/// The report's flow on the print crate's canvas: `y` is the top of the free space on
/// the current page, in mm from the top edge.
struct Sheet<'f> {
    canvas: Canvas<'f>,
    y: f32,
}

impl<'f> Sheet<'f> {
    fn new(fonts: &'f Fonts, title: &str) -> Sheet<'f> {
        let mut canvas = Canvas::new(fonts, title);
        canvas.new_page();
        Sheet { canvas, y: TOP }
    }

    fn new_page(&mut self) {
        self.canvas.new_page();
        self.y = TOP;
    }

    /// Makes room for `h` mm, starting a new page when needed.
    fn need(&mut self, h: f32) {
        if self.y + h > BOTTOM {
            self.new_page();
        }
    }

    fn wrap(&self, s: Style, text: &str, w: f32) -> Vec<String> {
        self.canvas.wrap(s, text, w)
    }

    fn text(&mut self, x: f32, y: f32, s: Style, text: &str) {
        self.canvas.text(x, y, s, text);
    }

    fn text_in(&mut self, x: f32, w: f32, y: f32, s: Style, align: Align, text: &str) {
        self.canvas.text_in(x, w, y, s, align, text);
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.canvas.line(x1, y1, x2, y2, width);
    }

    fn heading(&mut self, text: &str) {
        self.need(20.0);
        self.y += 4.0;
        let s = H1;
        self.text(LEFT, self.y + s.size_mm(), s, text);
        self.y += s.size_mm() + 4.0;
    }

    /// A paragraph with a two-character first-line indent.
    fn paragraph(&mut self, text: &str) {
        let s = BODY;
        let em = s.size_mm();
        let lh = em * 1.75;
        let lines = self.wrap(s, &format!("\u{3000}\u{3000}{text}"), RIGHT - LEFT);
        for l in &lines {
            self.need(lh);
            self.text(LEFT, self.y + em, s, l);
            self.y += lh;
        }
        self.y += 1.0;
    }

    /// A ruled table; `widths` in mm; numeric columns (all but the first `text_cols`)
    /// right-aligned. Long cells wrap; the header repeats on a new page.
    fn table(&mut self, head: &[&str], widths: &[f32], rows: &[Vec<String>], text_cols: usize) {
        let s = SMALL;
        let em = s.size_mm();
        let pad = 1.5;
        let draw_head = |sh: &mut Sheet<'_>| {
            let h = em + 2.0 * pad + 1.0;
            let mut x = LEFT;
            sh.canvas
                .fill(LEFT, sh.y, widths.iter().sum(), h, HEAD_GREY);
            for (t, w) in head.iter().zip(widths) {
                sh.text_in(
                    x,
                    *w,
                    sh.y + pad + em * 0.85 + 0.5,
                    SMALL_BOLD,
                    Align::Center,
                    t,
                );
                x += w;
            }
            sh.rule_row(h, widths, true);
            sh.y += h;
        };
        self.need(3.0 * (em + 2.0 * pad));
        draw_head(self);
        for row in rows {
            let wrapped: Vec<Vec<String>> = row
                .iter()
                .zip(widths)
                .map(|(c, w)| self.wrap(s, c, w - 2.0 * pad))
                .collect();
            let n = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let h = n as f32 * em * 1.3 + 2.0 * pad;
            if self.y + h > BOTTOM {
                self.new_page();
                draw_head(self);
            }
            let mut x = LEFT;
            for (i, (lines, w)) in wrapped.iter().zip(widths).enumerate() {
                let align = if i < text_cols {
                    Align::Left
                } else {
                    Align::Right
                };
                for (k, l) in lines.iter().enumerate() {
                    let y = self.y + pad + em * 0.85 + k as f32 * em * 1.3;
                    self.text_in(x + pad, w - 2.0 * pad, y, s, align, l);
                }
                x += w;
            }
            // Its top rule is the bottom rule of the row or head above it.
            self.rule_row(h, widths, false);
            self.y += h;
        }
        self.y += 3.0;
    }

    /// The rules of a table row `h` mm high at `y`: its bottom, its column edges and,
    /// when `top`, its top.
    fn rule_row(&mut self, h: f32, widths: &[f32], top: bool) {
        let total: f32 = widths.iter().sum();
        let y = self.y;
        if top {
            self.line(LEFT, y, LEFT + total, y, 0.25);
        }
        self.line(LEFT, y + h, LEFT + total, y + h, 0.25);
        let mut x = LEFT;
        self.line(x, y, x, y + h, 0.25);
        for w in widths {
            x += w;
            self.line(x, y, x, y + h, 0.25);
        }
    }

    /// A horizontal bar chart: one bar per item, value at the bar's end.
    fn bars(&mut self, title: &str, items: &[(String, f64, String)], max: f64) {
        let s = SMALL;
        let em = s.size_mm();
        let label_w = 34.0;
        let value_w = 22.0;
        let bar_w = RIGHT - LEFT - label_w - value_w;
        let pitch = 6.0;
        self.need(8.0 + pitch * items.len().min(6) as f32);
        self.text_in(
            LEFT,
            RIGHT - LEFT,
            self.y + em,
            SMALL_BOLD,
            Align::Center,
            title,
        );
        self.y += em + 3.0;
        let top = self.y;
        for (label, v, text) in items {
            self.need(pitch);
            let y = self.y;
            let label = self
                .wrap(s, label, label_w - 2.0)
                .into_iter()
                .next()
                .unwrap_or_default();
            self.text_in(
                LEFT,
                label_w - 2.0,
                y + pitch / 2.0 + em * 0.35,
                s,
                Align::Right,
                &label,
            );
            let w = if max > 0.0 {
                (*v / max) as f32 * bar_w
            } else {
                0.0
            };
            if w > 0.0 {
                self.canvas
                    .fill(LEFT + label_w, y + 1.0, w.max(0.4), pitch - 2.0, BAR_BLUE);
            }
            self.text(
                LEFT + label_w + w + 1.5,
                y + pitch / 2.0 + em * 0.35,
                s,
                text,
            );
            self.y += pitch;
        }
        if self.y > top {
            self.line(LEFT + label_w, top, LEFT + label_w, self.y, 0.3);
        }
        self.y += 4.0;
    }

    /// Numbers every page `— n —` and returns the PDF.
    fn finish(mut self) -> Result<Vec<u8>> {
        for i in 0..self.canvas.page_count() {
            self.canvas.turn_to(i);
            let label = format!("— {} —", i + 1);
            self.canvas
                .text_in(0.0, PAGE_W, PAGE_H - 12.0, BODY, Align::Center, &label);
        }
        Ok(self.canvas.finish()?)
    }
}

fn list_text(counts: &[Count]) -> String {
    let parts: Vec<String> = counts
        .iter()
        .filter(|c| c.count > 0)
        .map(|c| format!("{}{}件", c.name, c.count))
        .collect();
    if parts.is_empty() {
        "无".into()
    } else {
        parts.join("、")
    }
}

fn change(now: i64, before: i64, unit: &str) -> String {
    match now - before {
        0 => "持平".into(),
        d if d > 0 => format!("增加{d}{unit}"),
        d => format!("减少{}{unit}", -d),
    }
}

fn count_bars(counts: &[Count]) -> (Vec<(String, f64, String)>, f64) {
    let items: Vec<(String, f64, String)> = counts
        .iter()
        .filter(|c| c.count > 0)
        .map(|c| (c.name.clone(), c.count as f64, format!("{}件", c.count)))
        .collect();
    let max = items.iter().map(|i| i.1).fold(0.0, f64::max);
    (items, max)
}

/// Renders the report of `s`. `issued` is the date printed under the title (pass the
/// date of `now`).
pub fn render(
    s: &Summary,
    fonts: &Fonts,
    issued: chrono::NaiveDate,
    issuer: &str,
) -> Result<Vec<u8>> {
    let title = format!("{}企业服务{}", s.park_name, s.period.report_name());
    let mut sh = Sheet::new(fonts, &title);

    // Title block.
    let tl = sh.wrap(TITLE, &title, RIGHT - LEFT);
    for l in tl {
        sh.y += TITLE.size_mm() * 1.5;
        sh.text_in(LEFT, RIGHT - LEFT, sh.y, TITLE, Align::Center, &l);
    }
    sh.y += 9.0;
    sh.text_in(
        LEFT,
        RIGHT - LEFT,
        sh.y,
        BODY,
        Align::Center,
        &format!("（{}）", s.period_label),
    );
    sh.y += 9.0;
    let by = format!(
        "{issuer}　　　　{}年{}月{}日",
        issued.year(),
        issued.month(),
        issued.day()
    );
    sh.text_in(LEFT, RIGHT - LEFT, sh.y, BODY, Align::Center, &by);
    sh.y += 3.0;
    sh.line(LEFT, sh.y, RIGHT, sh.y, 0.6);
    sh.y += 3.0;

    let prev = s.comparisons.first();
    let last = s.comparisons.get(1);

    sh.heading("一、总体情况");
    sh.paragraph(&s.headline);
    let mut p = format!(
        "本期共登记企业反映诉求{}件，其中{}。受理{}件，不予受理{}件，待甄别{}件。本期办结{}件，其中按期办结{}件，按期办结率{}；本期受理的诉求已办结{}件，办结率{}。截至统计时点，仍有{}件逾期未办结。",
        s.received,
        list_text(&s.received_by_nature()),
        s.accepted,
        s.rejected,
        s.undecided,
        s.closed,
        s.closed_on_time,
        percent(s.on_time_rate),
        s.accepted_closed,
        percent(s.completion_rate),
        s.overdue_now,
    );
    if let Some(a) = s.avg_handling_working_days {
        p.push_str(&format!("办结诉求平均办理时长{a:.1}个工作日。"));
    }
    if let Some(c) = prev {
        p.push_str(&format!(
            "与上期（{}）相比，登记件数{}，办结件数{}",
            c.period_label,
            change(s.received, c.received, "件"),
            change(s.closed, c.closed, "件")
        ));
    }
    if let Some(c) = last {
        p.push_str(&format!(
            "；与去年同期相比，登记件数{}，办结件数{}。",
            change(s.received, c.received, "件"),
            change(s.closed, c.closed, "件")
        ));
    }
    sh.paragraph(&p);

    sh.heading("二、主要指标");
    let cmp = |f: &dyn Fn(&crate::summary::Comparison) -> String| -> [String; 2] {
        [
            prev.map(f).unwrap_or_default(),
            last.map(f).unwrap_or_default(),
        ]
    };
    let line = |name: &str, v: String, o: [String; 2]| {
        vec![name.to_string(), v, o[0].clone(), o[1].clone()]
    };
    let rows = vec![
        line(
            "登记诉求（件）",
            s.received.to_string(),
            cmp(&|c| c.received.to_string()),
        ),
        line(
            "受理（件）",
            s.accepted.to_string(),
            cmp(&|c| c.accepted.to_string()),
        ),
        line(
            "办结（件）",
            s.closed.to_string(),
            cmp(&|c| c.closed.to_string()),
        ),
        line(
            "办结率",
            percent(s.completion_rate),
            cmp(&|c| percent(c.completion_rate)),
        ),
        line(
            "按期办结率",
            percent(s.on_time_rate),
            cmp(&|c| percent(c.on_time_rate)),
        ),
        line(
            "满意率（含视作满意）",
            percent(s.satisfaction_rate),
            cmp(&|c| percent(c.satisfaction_rate)),
        ),
        line(
            "催办（次）",
            s.urges.to_string(),
            cmp(&|c| c.urges.to_string()),
        ),
        line(
            "提交领导小组督办（件）",
            s.escalations.to_string(),
            cmp(&|c| c.escalations.to_string()),
        ),
        line(
            "当前逾期（件）",
            s.overdue_now.to_string(),
            [String::new(), String::new()],
        ),
    ];
    let h2 = prev
        .map(|c| format!("上期 {}", c.period_label))
        .unwrap_or_default();
    let h3 = last
        .map(|c| format!("去年同期 {}", c.period_label))
        .unwrap_or_default();
    sh.table(
        &["指标", "本期", &h2, &h3],
        &[52.0, 26.0, 40.0, 40.0],
        &rows,
        1,
    );
    if let Some(c) = prev {
        sh.paragraph(&format!(
            "注：本期登记件数比上期{}件、比去年同期{}件。办结率按本期登记并受理的诉求计，按期办结率按本期办结的诉求计，满意率按本期评价的诉求计。",
            delta(s.received, c.received),
            last.map(|l| delta(s.received, l.received)).unwrap_or_default()
        ));
    }

    sh.heading("三、诉求分类情况");
    sh.paragraph(&format!(
        "按问题类别：{}。按反映渠道：{}。",
        list_text(&s.by_category),
        list_text(&s.by_channel)
    ));
    let (items, max) = count_bars(&s.by_category);
    sh.bars("图1  按问题类别统计（件）", &items, max);
    let (items, max) = count_bars(&s.by_channel);
    sh.bars("图2  按反映渠道统计（件）", &items, max);
    let (items, max) = count_bars(&s.received_by_nature());
    sh.bars("图3  按诉求性质统计（件）", &items, max);

    sh.heading("四、部门办理情况");
    let dept_rows: Vec<Vec<String>> = s
        .departments
        .iter()
        .map(|d| {
            vec![
                d.rank.to_string(),
                d.name.clone(),
                d.received.to_string(),
                d.closed.to_string(),
                percent(d.on_time_rate),
                percent(d.satisfaction_rate),
                d.urges.to_string(),
                d.overdue_now.to_string(),
            ]
        })
        .collect();
    if dept_rows.is_empty() {
        sh.paragraph("本期无交办事项。");
    } else {
        sh.table(
            &[
                "名次",
                "部门",
                "登记",
                "办结",
                "按期办结率",
                "满意率",
                "被催办",
                "当前逾期",
            ],
            &[12.0, 40.0, 14.0, 14.0, 22.0, 20.0, 17.0, 19.0],
            &dept_rows,
            2,
        );
        let items: Vec<(String, f64, String)> = s
            .departments
            .iter()
            .filter(|d| d.closed > 0)
            .map(|d| {
                (
                    d.name.clone(),
                    d.on_time_rate.unwrap_or(0.0),
                    percent(d.on_time_rate),
                )
            })
            .collect();
        if !items.is_empty() {
            sh.bars("图4  各部门按期办结率", &items, 1.0);
        }
    }

    sh.heading("五、企业评价情况");
    let mut p = format!(
        "本期企业评价{}件，其中满意{}件、一般{}件、不满意{}件；另有{}件答复后企业在评价期内未评价，视作满意。满意率（含视作满意）{}，仅计企业实际评价的满意率{}。",
        s.evaluated,
        s.satisfied,
        s.average,
        s.unsatisfied,
        s.deemed,
        percent(s.satisfaction_rate),
        percent(s.satisfaction_rate_rated),
    );
    if s.stars.rated > 0 {
        let st = |v: Option<f64>| v.map_or("—".to_string(), |x| format!("{x:.1}"));
        p.push_str(&format!(
            "服务质量、服务态度、服务效率平均分别为{}星、{}星、{}星。",
            st(s.stars.quality),
            st(s.stars.attitude),
            st(s.stars.efficiency)
        ));
    }
    p.push_str(&format!(
        "本期答复企业中，A类（已经解决或基本解决）{}件，B类（正在解决）{}件，C类（一时难以解决）{}件。",
        s.outcomes.a, s.outcomes.b, s.outcomes.c
    ));
    sh.paragraph(&p);

    sh.heading("六、分析与下步工作（报领导小组）");
    let mut points = Vec::new();
    if let Some(top) =
        s.by_category
            .iter()
            .filter(|c| c.count > 0)
            .fold(None::<&Count>, |best, c| match best {
                Some(b) if b.count >= c.count => Some(b),
                _ => Some(c),
            })
    {
        points.push(format!(
            "企业反映的问题集中在“{}”方面（{}件，占{}），建议相关部门开展专题研究，从共性问题入手完善政策措施。",
            top.name,
            top.count,
            percent((s.received > 0).then(|| top.count as f64 / s.received as f64))
        ));
    }
    if s.overdue_now > 0 {
        let units: Vec<String> = {
            let mut u: Vec<String> = s
                .notice
                .iter()
                .filter(|n| n.overdue_days > 0)
                .map(|n| n.department.clone())
                .collect();
            u.dedup();
            u
        };
        points.push(format!(
            "目前有{}件诉求逾期未办结，涉及{}，请相关单位按“按单销号”要求限期办结，企业服务中心每个工作日跟踪催办，催办三次仍未办结的提交领导小组督办。",
            s.overdue_now,
            units.join("、")
        ));
    } else {
        points.push("目前没有逾期未办结的诉求，各单位办理总体及时。".into());
    }
    if s.unsatisfied > 0 {
        points.push(format!(
            "本期有{}件企业评价为不满意，已纳入专项督办，请责任单位重新研究办理并再次答复企业。",
            s.unsatisfied
        ));
    }
    if s.outcomes.b > 0 {
        points.push(format!(
            "B类（正在解决）{}件需持续跟踪，直至解决后销号。",
            s.outcomes.b
        ));
    }
    points.extend(crate::summary::decisions_and_meetings(s));
    for (i, t) in points.iter().enumerate() {
        sh.paragraph(&format!("（{}）{t}", crate_number(i + 1)));
    }

    sh.heading("七、逾期及不满意事项通报");
    if s.notice.is_empty() {
        sh.paragraph("本期没有逾期未办结或企业不满意的事项。");
    } else {
        let units = s.notice_units();
        sh.paragraph(&format!(
            "根据企业反映困难问题办理情况，现将{}等{}个单位存在的逾期未办结或企业不满意事项通报如下，请有关单位高度重视，立即整改，并将整改情况书面报企业服务中心。",
            units.first().map(|u| u.department.as_str()).unwrap_or_default(),
            units.len()
        ));
        let unit_rows: Vec<Vec<String>> = units
            .iter()
            .map(|u| {
                vec![
                    u.department.clone(),
                    u.overdue.to_string(),
                    if u.longest_overdue_days > 0 {
                        u.longest_overdue_days.to_string()
                    } else {
                        "—".into()
                    },
                    u.unsatisfied.to_string(),
                    u.escalated.to_string(),
                ]
            })
            .collect();
        sh.table(
            &[
                "责任单位",
                "逾期未办结（件）",
                "最长逾期（工作日）",
                "企业不满意（件）",
                "已督办（件）",
            ],
            &[40.0, 30.0, 34.0, 30.0, 24.0],
            &unit_rows,
            1,
        );
        let rows: Vec<Vec<String>> = s
            .notice_listed()
            .into_iter()
            .map(|n| {
                vec![
                    n.department.clone(),
                    n.reg_no.clone(),
                    format!("{}：{}", n.enterprise, n.summary),
                    n.problem.clone(),
                    if n.overdue_days > 0 {
                        n.overdue_days.to_string()
                    } else {
                        "—".into()
                    },
                    format!("{}{}", n.urges, if n.escalated { "（已督办）" } else { "" }),
                ]
            })
            .collect();
        let omitted = s.notice.len() - rows.len();
        if omitted > 0 {
            sh.paragraph(&format!(
                "下表每个单位列出逾期时间最长的至多{}件逾期事项及本期全部不满意事项，其余{}件见本期报表工作簿的“通报”表及逾期督办表。",
                s.notice_cases_per_unit, omitted
            ));
        }
        sh.table(
            &[
                "责任单位",
                "登记编号",
                "企业及问题",
                "问题",
                "逾期工作日",
                "催办次数",
            ],
            &[20.0, 51.0, 35.0, 17.0, 19.0, 16.0],
            &rows,
            4,
        );
    }
    sh.y += 4.0;
    sh.need(8.0);
    sh.text_in(
        LEFT,
        RIGHT - LEFT,
        sh.y + 4.0,
        SMALL,
        Align::Right,
        &format!(
            "统计时点：{}",
            s.as_of.replace('T', " ").trim_end_matches("+08:00")
        ),
    );
    sh.finish()
}

fn crate_number(n: usize) -> &'static str {
    ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        .get(n.saturating_sub(1))
        .copied()
        .unwrap_or("十")
}
