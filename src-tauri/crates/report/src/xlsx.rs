//! The period summary as an XLSX workbook: 概况 (headline figures with 上期 and 去年同期),
//! 分类统计 (by nature, channel, category, department), 部门排名 and 通报 (units with
//! overdue or unsatisfactory cases). Guarantees: rates are written as numbers with a
//! percentage format (so they can be charted and summed in Excel), `—` where undefined.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::error::{ReportError, Result};
use crate::summary::{percent, Count, Summary};

struct Formats {
    title: Format,
    head: Format,
    text: Format,
    int: Format,
    pct: Format,
    dec: Format,
}

fn formats() -> Formats {
    let base = Format::new()
        .set_font_name("宋体")
        .set_border(FormatBorder::Thin);
    Formats {
        title: Format::new()
            .set_font_name("宋体")
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center),
        head: base
            .clone()
            .set_bold()
            .set_background_color("D9E1F2")
            .set_align(FormatAlign::Center),
        text: base.clone().set_text_wrap(),
        int: base.clone().set_num_format("0"),
        pct: base.clone().set_num_format("0.0%"),
        dec: base.set_num_format("0.00"),
    }
}

enum V {
    I(i64),
    P(Option<f64>),
    D(Option<f64>),
}

fn put(ws: &mut Worksheet, r: u32, c: u16, v: &V, f: &Formats) -> Result<()> {
    match v {
        V::I(n) => ws.write_number_with_format(r, c, *n as f64, &f.int)?,
        V::P(Some(x)) => ws.write_number_with_format(r, c, *x, &f.pct)?,
        V::D(Some(x)) => ws.write_number_with_format(r, c, *x, &f.dec)?,
        V::P(None) | V::D(None) => ws.write_string_with_format(r, c, "—", &f.text)?,
    };
    Ok(())
}

fn header(ws: &mut Worksheet, r: u32, names: &[&str], f: &Formats) -> Result<()> {
    for (c, n) in names.iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *n, &f.head)?;
    }
    Ok(())
}

/// A new worksheet named `name` with a header row of `columns` (title, width in
/// characters).
fn table<'a>(
    wb: &'a mut Workbook,
    name: &str,
    columns: &[(&str, f64)],
    f: &Formats,
) -> Result<&'a mut Worksheet> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    for (c, (title, width)) in columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *title, &f.head)?;
        ws.set_column_width(c as u16, *width)?;
    }
    Ok(ws)
}

fn counts(
    ws: &mut Worksheet,
    r: &mut u32,
    title: &str,
    list: &[Count],
    total: i64,
    f: &Formats,
) -> Result<()> {
    ws.write_string_with_format(*r, 0, title, &f.head)?;
    ws.write_string_with_format(*r, 1, "件数", &f.head)?;
    ws.write_string_with_format(*r, 2, "占比", &f.head)?;
    *r += 1;
    for c in list {
        ws.write_string_with_format(*r, 0, &c.name, &f.text)?;
        put(ws, *r, 1, &V::I(c.count), f)?;
        put(
            ws,
            *r,
            2,
            &V::P((total > 0).then(|| c.count as f64 / total as f64)),
            f,
        )?;
        *r += 1;
    }
    *r += 1;
    Ok(())
}

/// Writes the summary workbook to `path`.
pub fn write_summary(s: &Summary, path: &Path) -> Result<()> {
    let f = formats();
    let mut wb = Workbook::new();

    let ws = wb.add_worksheet();
    ws.set_name("概况")?;
    ws.merge_range(
        0,
        0,
        0,
        3,
        &format!(
            "{}企业服务{}（{}）",
            s.park_name,
            s.period.report_name(),
            s.period_label
        ),
        &f.title,
    )?;
    let mut names = vec!["指标", "本期"];
    let labels: Vec<String> = s
        .comparisons
        .iter()
        .map(|c| format!("{}（{}）", c.label, c.period_label))
        .collect();
    names.extend(labels.iter().map(String::as_str));
    header(ws, 1, &names, &f)?;
    let cmp = |get: &dyn Fn(&crate::summary::Comparison) -> V| -> Vec<V> {
        s.comparisons.iter().map(get).collect()
    };
    let lines: Vec<(&str, V, Vec<V>)> = vec![
        (
            "受理登记诉求（件）",
            V::I(s.received),
            cmp(&|c| V::I(c.received)),
        ),
        ("受理（件）", V::I(s.accepted), cmp(&|c| V::I(c.accepted))),
        ("不予受理（件）", V::I(s.rejected), vec![]),
        ("待甄别（件）", V::I(s.undecided), vec![]),
        ("办结（件）", V::I(s.closed), cmp(&|c| V::I(c.closed))),
        (
            "办结率（本期受理已办结÷受理）",
            V::P(s.completion_rate),
            cmp(&|c| V::P(c.completion_rate)),
        ),
        (
            "按期办结率（按期办结÷办结）",
            V::P(s.on_time_rate),
            cmp(&|c| V::P(c.on_time_rate)),
        ),
        ("当前逾期（件）", V::I(s.overdue_now), vec![]),
        (
            "平均办理时长（工作日）",
            V::D(s.avg_handling_working_days),
            vec![],
        ),
        ("催办（次）", V::I(s.urges), cmp(&|c| V::I(c.urges))),
        ("其中计入督办的催办（次）", V::I(s.counted_urges), vec![]),
        (
            "提交领导小组督办（件）",
            V::I(s.escalations),
            cmp(&|c| V::I(c.escalations)),
        ),
        ("A类 已经解决或基本解决（件）", V::I(s.outcomes.a), vec![]),
        ("B类 正在解决（件）", V::I(s.outcomes.b), vec![]),
        ("C类 一时难以解决（件）", V::I(s.outcomes.c), vec![]),
        ("企业评价：满意（件）", V::I(s.satisfied), vec![]),
        ("企业评价：一般（件）", V::I(s.average), vec![]),
        ("企业评价：不满意（件）", V::I(s.unsatisfied), vec![]),
        ("视作满意（件）", V::I(s.deemed), vec![]),
        (
            "满意率（含视作满意）",
            V::P(s.satisfaction_rate),
            cmp(&|c| V::P(c.satisfaction_rate)),
        ),
        (
            "满意率（仅企业实际评价）",
            V::P(s.satisfaction_rate_rated),
            vec![],
        ),
        ("服务质量平均星级", V::D(s.stars.quality), vec![]),
        ("服务态度平均星级", V::D(s.stars.attitude), vec![]),
        ("服务效率平均星级", V::D(s.stars.efficiency), vec![]),
    ];
    for (i, (name, v, others)) in lines.iter().enumerate() {
        let r = i as u32 + 2;
        ws.write_string_with_format(r, 0, *name, &f.text)?;
        put(ws, r, 1, v, &f)?;
        for c in 0..s.comparisons.len() {
            match others.get(c) {
                Some(o) => put(ws, r, c as u16 + 2, o, &f)?,
                None => {
                    ws.write_string_with_format(r, c as u16 + 2, "", &f.text)?;
                }
            }
        }
    }
    let r = lines.len() as u32 + 3;
    ws.write_string(r, 0, format!("统计时点：{}。口径：受理、办结率按本期登记的诉求计；办结、按期办结率按本期办结的诉求计；满意率按本期评价的诉求计。", s.as_of.replace('T', " ").trim_end_matches("+08:00")))?;
    ws.set_column_width(0, 36)?;
    for c in 1..4 {
        ws.set_column_width(c, 22)?;
    }

    let ws = wb.add_worksheet();
    ws.set_name("分类统计")?;
    let mut r = 0u32;
    counts(
        ws,
        &mut r,
        "诉求性质",
        &s.received_by_nature(),
        s.received,
        &f,
    )?;
    counts(ws, &mut r, "反映渠道", &s.by_channel, s.received, &f)?;
    counts(ws, &mut r, "问题类别", &s.by_category, s.received, &f)?;
    counts(ws, &mut r, "责任单位", &s.by_department, s.received, &f)?;
    ws.set_column_width(0, 24)?;
    ws.set_column_width(2, 10)?;

    let ws = table(
        &mut wb,
        "部门排名",
        &[
            ("名次", 8.0),
            ("部门", 20.0),
            ("本期登记", 12.0),
            ("办结", 12.0),
            ("按期办结", 12.0),
            ("按期办结率", 12.0),
            ("评价", 12.0),
            ("满意（含视作）", 12.0),
            ("满意率", 12.0),
            ("被催办", 12.0),
            ("当前逾期", 12.0),
        ],
        &f,
    )?;
    for (i, d) in s.departments.iter().enumerate() {
        let r = i as u32 + 1;
        put(ws, r, 0, &V::I(i64::from(d.rank)), &f)?;
        ws.write_string_with_format(r, 1, &d.name, &f.text)?;
        for (c, v) in [
            V::I(d.received),
            V::I(d.closed),
            V::I(d.closed_on_time),
            V::P(d.on_time_rate),
            V::I(d.evaluated),
            V::I(d.satisfied),
            V::P(d.satisfaction_rate),
            V::I(d.urges),
            V::I(d.overdue_now),
        ]
        .iter()
        .enumerate()
        {
            put(ws, r, c as u16 + 2, v, &f)?;
        }
    }

    let ws = table(
        &mut wb,
        "通报",
        &[
            ("责任单位", 16.0),
            ("登记编号", 26.0),
            ("企业", 24.0),
            ("问题摘要", 36.0),
            ("问题", 14.0),
            ("逾期工作日", 11.0),
            ("已催办", 8.0),
            ("已提交领导小组", 14.0),
        ],
        &f,
    )?;
    for (i, n) in s.notice.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, v) in [
            &n.department,
            &n.reg_no,
            &n.enterprise,
            &n.summary,
            &n.problem,
        ]
        .iter()
        .enumerate()
        {
            ws.write_string_with_format(r, c as u16, v.as_str(), &f.text)?;
        }
        put(ws, r, 5, &V::I(n.overdue_days), &f)?;
        put(ws, r, 6, &V::I(n.urges), &f)?;
        ws.write_string_with_format(r, 7, if n.escalated { "是" } else { "否" }, &f.text)?;
    }
    if s.notice.is_empty() {
        ws.write_string(1, 0, "本期无逾期或不满意事项")?;
    }
    let _ = percent(None);
    wb.save(path).map_err(|e| ReportError::Write {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}
