//! Hand-kept ledgers as clerks really keep them, written by [`Book`] (rust_xlsxwriter),
//! plus committed `.xls`/`.ods` copies (LibreOffice, see `fixtures/README.md`) and a GBK
//! CSV, each imported end to end with its counts asserted: a notes sheet before the
//! ledger, title and 填报单位 rows, dates five ways, phones typed as numbers, blank rows
//! between quarters, 合计/小计/总计 rows, notes under the table, a two-row merged header,
//! a header repeated per quarter, 登记编号 that clash with other cases, no 答复日期 column.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use zhitong_domain::{CaseState, Outcome};
use zhitong_report::import::{import_file, problems_path};
use zhitong_report::{read_table, ColumnMapping, Period};
use zhitong_store::{ImportOptions, ImportReport, Ledger, NotCaseKind, OnConflict};

use super::{at, clerk, NOW};

/// A cell as a clerk's workbook holds it.
#[derive(Clone, Copy)]
enum C<'a> {
    S(&'a str),
    /// A number (a phone typed as a number, an Excel date serial left unformatted).
    N(f64),
    /// A real Excel date (y, m, d, h, min) with a date format.
    D(u16, u8, u8, u16, u8),
    E,
}

/// One worksheet: its name, rows (from row 1) and merged ranges (r1, c1, r2, c2, text).
struct Sheet<'a> {
    name: &'a str,
    rows: Vec<Vec<C<'a>>>,
    merges: Vec<(u32, u16, u32, u16, &'a str)>,
}

/// Writes a workbook of `sheets` to `path`.
fn book(path: &Path, sheets: &[Sheet<'_>]) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let date_time = Format::new().set_num_format("yyyy/m/d h:mm");
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(s.name).expect("sheet name");
        for (r, row) in s.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match *cell {
                    C::S(t) => ws.write_string(r, c, t).map(|_| ()),
                    C::N(v) => ws.write_number(r, c, v).map(|_| ()),
                    C::D(y, m, d, h, min) => {
                        let dt = ExcelDateTime::from_ymd(y, m, d)
                            .and_then(|x| x.and_hms(h, min, 0))
                            .expect("test date");
                        let f = if h == 0 && min == 0 {
                            &date
                        } else {
                            &date_time
                        };
                        ws.write_datetime_with_format(r, c, &dt, f).map(|_| ())
                    }
                    C::E => Ok(()),
                }
                .expect("cell");
            }
        }
        for (r1, c1, r2, c2, t) in &s.merges {
            ws.merge_range(*r1, *c1, *r2, *c2, t, &Format::new())
                .expect("merge");
        }
    }
    wb.save(path).expect("save workbook");
}

fn s(t: &str) -> C<'_> {
    if t.is_empty() {
        C::E
    } else {
        C::S(t)
    }
}

fn texts<'a>(cells: &[&'a str]) -> Vec<C<'a>> {
    cells.iter().map(|t| s(t)).collect()
}

/// The workbook of the issue: a 填表说明 sheet first; then the 2025 ledger with a title
/// row, a 填报单位 row, a header without 答复日期, six good rows with dates written five
/// ways (a real date, a serial, 2025.3.5, 2025年4月8日, 2025/5/20 14:30, 6月3日),
/// phones typed as numbers, a blank row between quarters, three rows with real
/// mistakes, a 合计 row and a note under the table. Eight of its 责任单位 are not in a
/// new ledger's department list.
pub fn hand_kept(path: &Path) {
    #[rustfmt::skip]
    let head = ["序号", "登记编号", "反映时间", "企业名称", "联系人", "联系电话", "问题类别", "反映问题", "责任单位", "办理结果", "评价", "备注"];
    #[rustfmt::skip]
    let data: Vec<Vec<C>> = vec![
        vec![C::N(1.0), s("ZY2025-001"), C::D(2025, 1, 6, 0, 0), s("正阳精密机械有限公司"), s("张伟"), C::N(13_800_000_001.0), s("用电保障"), s("厂区变压器容量不足"), s("供电所"), s("已解决"), s("满意"), C::E],
        vec![C::N(2.0), s("ZY2025-002"), C::N(45_700.0), s("华川新材料科技有限公司"), s("李娜"), C::N(13_900_000_002.0), s("用地审批"), s("扩建用地审批进度慢"), s("国土所"), s("基本解决"), s("基本满意"), C::E],
        vec![C::N(3.0), s("ZY2025-003"), s("2025.3.5"), s("恒泰物流有限公司"), s("王强"), s("023-79429601"), s("手续办理"), s("道路运输许可证续期"), s("建设交通局"), s("正在办理"), C::E, s("跟踪中")],
        vec![],
        vec![C::N(4.0), s("ZY2025-004"), s("2025年4月8日"), s("蓝海食品有限公司"), s("赵敏"), C::N(13_700_000_004.0), s("用水保障"), s("厂区停水三天"), s("自来水公司"), s("已解决"), s("较满意"), C::E],
        vec![C::N(5.0), s("ZY2025-005"), s("2025/5/20 14:30"), s("新锐电子有限公司"), s("刘洋"), C::N(13_600_000_005.0), s("人才服务"), s("人才公寓申请"), s("人社局"), s("政策原因暂无法解决"), s("不满意"), C::E],
        vec![C::N(6.0), s("ZY2025-006"), s("6月3日"), s("东方包装有限公司"), s("陈刚"), C::N(13_500_000_006.0), s("融资服务"), s("贷款贴息"), s("财政所"), s("已解决"), s("满意"), C::E],
        vec![C::N(7.0), s("ZY2025-007"), s("2025-6-31"), s("明达塑业有限公司"), s("孙丽"), C::N(13_400_000_007.0), s("其它"), s("夜间噪声"), s("环保站"), s("已解决"), s("满意"), C::E],
        vec![C::N(8.0), s("ZY2025-008"), s("2025-7-2"), s("宏远建材有限公司"), s("周杰"), C::N(1_380_000.0), s("其它"), s("围墙倒塌"), s("城管中队"), s("正在办理"), C::E, C::E],
        vec![C::N(9.0), s("ZY2025-009"), s("2025-7-15"), C::E, s("吴敏"), C::N(13_300_000_009.0), s("其它"), s("咨询技改补贴政策"), s("经济发展部"), s("已解决"), s("满意"), C::E],
        vec![s("合计"), C::E, C::E, s("共 9 件")],
        vec![s("注：本表由企业服务中心每月汇总，评价为电话回访结果。")],
    ];
    let mut rows = vec![
        texts(&["2025年正阳工业园区企业诉求办理台账"]),
        texts(&[
            "填报单位：正阳工业园区企业服务中心",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "填报时间：2026年1月5日",
        ]),
        texts(&head),
    ];
    rows.extend(data);
    book(
        path,
        &[
            Sheet {
                name: "填表说明",
                rows: vec![
                    texts(&["填表说明"]),
                    texts(&["1. 反映时间填写企业首次反映的日期"]),
                    texts(&["2. 责任单位填写牵头办理单位全称"]),
                ],
                merges: vec![],
            },
            Sheet {
                name: "2025年台账",
                rows,
                merges: vec![(0, 0, 0, 11, "2025年正阳工业园区企业诉求办理台账")],
            },
        ],
    );
}

/// A ledger with a two-row header under merged cells (企业信息 over 企业名称/联系人/
/// 联系电话, 办理情况 over 责任单位/交办日期/办理结果/答复日期), four good rows.
fn two_row_header(path: &Path) {
    let mut rows = vec![
        texts(&["企业诉求台账（2025年第三季度）"]),
        texts(&[
            "登记编号",
            "反映时间",
            "企业信息",
            "",
            "",
            "诉求内容",
            "办理情况",
            "",
            "",
            "",
        ]),
        texts(&[
            "",
            "",
            "企业名称",
            "联系人",
            "联系电话",
            "",
            "责任单位",
            "交办日期",
            "办理结果",
            "答复日期",
        ]),
    ];
    #[rustfmt::skip]
    let data = [
        ["", "2025-07-01 09:00", "甲机械有限公司", "张一", "13800000011", "用电报装", "经济发展部", "2025-07-01", "A类：已协调供电公司完成报装", "2025-07-04"],
        ["", "2025-07-08", "乙化工有限公司", "李二", "13800000012", "环评手续咨询", "安全环保部", "2025-07-09", "A类：已告知办理流程", "2025-07-10"],
        ["", "2025-08-12", "丙电子有限公司", "王三", "13800000013", "招工难", "社会事务部", "2025-08-12", "B类：正在组织专场招聘会", "2025-08-20"],
        ["", "2025-09-02", "丁食品有限公司", "赵四", "13800000014", "厂区道路破损", "规划建设部", "", "", ""],
    ];
    rows.extend(data.iter().map(|r| texts(r)));
    book(
        path,
        &[Sheet {
            name: "三季度",
            rows,
            merges: vec![
                (0, 0, 0, 9, "企业诉求台账（2025年第三季度）"),
                (1, 0, 2, 0, "登记编号"),
                (1, 1, 2, 1, "反映时间"),
                (1, 2, 1, 4, "企业信息"),
                (1, 5, 2, 5, "诉求内容"),
                (1, 6, 1, 9, "办理情况"),
            ],
        }],
    );
}

#[rustfmt::skip]
const QUARTER_HEAD: [&str; 11] = ["登记编号", "反映时间", "企业名称", "联系人", "联系电话", "问题类别", "问题摘要", "责任单位", "办理结果", "答复日期", "评价"];

/// A ledger whose header is repeated for each quarter, with 第一季度 separator rows,
/// 小计 per quarter, a 总计, a blank row and notes (注：, 填表人) under the table.
fn quarterly(path: &Path) {
    #[rustfmt::skip]
    let case = |no: &'static str, at: &'static str, e: &'static str, p: &'static str, lead: &'static str| {
        texts(&[no, at, e, "联系人", p, "用电保障", "用电负荷不足", lead, "A类：已解决", at, "满意"])
    };
    let rows = vec![
        texts(&QUARTER_HEAD),
        texts(&["第一季度"]),
        case(
            "Q-001",
            "2025-01-10",
            "一号机械厂",
            "13800000021",
            "经济发展部",
        ),
        case(
            "Q-002",
            "2025-02-11",
            "二号纺织厂",
            "13800000022",
            "规划建设部",
        ),
        texts(&["小计", "", "2 件"]),
        vec![],
        texts(&["第二季度"]),
        texts(&QUARTER_HEAD),
        case(
            "Q-003",
            "2025-04-01",
            "三号电子厂",
            "13800000023",
            "经济发展部",
        ),
        case(
            "Q-004",
            "2025-05-06",
            "四号食品厂",
            "13800000024",
            "安全环保部",
        ),
        case(
            "Q-005",
            "2025-06-18",
            "五号包装厂",
            "13800000025",
            "社会事务部",
        ),
        texts(&["小 计", "", "3 件"]),
        texts(&["总计", "", "5 件"]),
        texts(&["注：B类事项继续跟踪办理。"]),
        texts(&["填表人：张三", "", "审核人：李四"]),
    ];
    book(
        path,
        &[Sheet {
            name: "台账",
            rows,
            merges: vec![],
        }],
    );
}

/// Dates as clerks write them, all meaning 2024-03-05, in a sheet named for its year.
fn dates(path: &Path) {
    let mut rows = vec![texts(&[
        "反映时间",
        "企业名称",
        "联系人",
        "联系电话",
        "问题摘要",
    ])];
    let whens: [C; 8] = [
        C::D(2024, 3, 5, 14, 30),
        C::N(45_356.0),
        s("２０２４年３月５日"),
        s("3月5日"),
        s("20240305"),
        s("2024-3-5"),
        s("2024.3.5"),
        s("2024/3/5 9:05"),
    ];
    for (i, w) in whens.iter().enumerate() {
        rows.push(vec![
            *w,
            C::S(
                [
                    "甲公司",
                    "乙公司",
                    "丙公司",
                    "丁公司",
                    "戊公司",
                    "己公司",
                    "庚公司",
                    "辛公司",
                ][i],
            ),
            s("联系人"),
            C::N(13_800_000_031.0 + i as f64),
            s("日期写法各异"),
        ]);
    }
    book(
        path,
        &[Sheet {
            name: "2024年台账",
            rows,
            merges: vec![],
        }],
    );
}

/// Rows whose 登记编号 is in the ledger already: Q-001 for the same enterprise and time
/// (imported before), Q-002 for another enterprise (a clash), and a new Q-009.
fn clashing(path: &Path) {
    let rows = vec![
        texts(&QUARTER_HEAD),
        texts(&[
            "Q-001",
            "2025-01-10",
            "一号机械厂",
            "联系人",
            "13800000021",
            "用电保障",
            "用电负荷不足",
            "经济发展部",
            "A类：已解决",
            "2025-01-10",
            "满意",
        ]),
        texts(&[
            "Q-002",
            "2025-03-03",
            "九号材料厂",
            "孙九",
            "13800000029",
            "用地审批",
            "用地指标",
            "规划建设部",
            "",
            "",
            "",
        ]),
        texts(&[
            "Q-009",
            "2025-03-04",
            "十号印刷厂",
            "钱十",
            "13800000030",
            "其它",
            "排污许可",
            "安全环保部",
            "",
            "",
            "",
        ]),
    ];
    book(
        path,
        &[Sheet {
            name: "补录",
            rows,
            merges: vec![],
        }],
    );
}

fn new_ledger() -> Ledger {
    let mut l = Ledger::open_in_memory().expect("ledger");
    l.init(at("2025-01-01T08:00:00")).expect("init");
    l
}

fn run(l: &mut Ledger, path: &Path, opts: ImportOptions) -> ImportReport {
    let table = read_table(path, None, None).expect("read");
    let mapping = ColumnMapping::guess(&table.headers);
    import_file(l, path, &mapping, &opts, &clerk(), at(NOW), &mut |_, _| {}).expect("import")
}

fn rows_of(r: &ImportReport) -> (Vec<usize>, Vec<(usize, NotCaseKind)>) {
    (
        r.bad.iter().map(|b| b.row_number).collect(),
        r.not_cases.iter().map(|n| (n.row_number, n.kind)).collect(),
    )
}

fn cases(l: &Ledger) -> i64 {
    l.conn()
        .query_row("SELECT COUNT(*) FROM cases", [], |r| r.get(0))
        .expect("count")
}

fn reasons(r: &ImportReport, row: usize) -> String {
    r.bad
        .iter()
        .find(|b| b.row_number == row)
        .map(|b| b.reasons.join("；"))
        .unwrap_or_default()
}

fn tmp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().to_path_buf();
    (dir, p)
}

/// A temporary folder holding the file `name` that `write` makes; returns the folder
/// (removed when dropped) and the file's path.
fn sample(name: &str, write: fn(&Path)) -> (tempfile::TempDir, PathBuf) {
    let (dir, p) = tmp();
    let path = p.join(name);
    write(&path);
    (dir, path)
}

/// The hand-kept workbook's counts, whichever format it is saved in.
fn assert_hand_kept(path: &Path) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let table = read_table(path, None, None).expect("read");
    assert_eq!(
        (table.sheet.as_deref(), table.header_row, table.rows.len()),
        (Some("2025年台账"), 3, 9),
        "{name}: the ledger sheet is found without --sheet, under its title and 填报单位 rows"
    );
    assert!(
        table.note.contains("填表说明"),
        "{name}: the sheet not read is named: {}",
        table.note
    );
    let mut l = new_ledger();
    let dry = run(
        &mut l,
        path,
        ImportOptions {
            dry_run: true,
            ..Default::default()
        },
    );
    assert_eq!(
        dry.missing_departments,
        [
            "供电所",
            "国土所",
            "建设交通局",
            "自来水公司",
            "人社局",
            "财政所",
            "环保站",
            "城管中队"
        ],
        "{name}: the dry run names each missing department once, in file order"
    );
    assert!(
        dry.headline().starts_with("部门列表中缺少 8 个责任单位："),
        "{name}: …at the top: {}",
        dry.headline()
    );
    assert_eq!(cases(&l), 0, "{name}: a dry run writes nothing");

    let full = ImportOptions {
        create_departments: true,
        skip_bad: true,
        ..Default::default()
    };
    let r = run(&mut l, path, full.clone());
    assert_eq!(
        (r.imported, r.committed, r.created_departments.len(), r.undated),
        (6, true, 8, 6),
        "{name}: all six good rows import with the departments created; none has a reply date: {:?}",
        r.bad
    );
    assert_eq!(
        rows_of(&r),
        (
            vec![11, 12, 13],
            vec![
                (7, NotCaseKind::Blank),
                (14, NotCaseKind::Total),
                (15, NotCaseKind::Note)
            ]
        ),
        "{name}: the three bad rows are named by row; blank, 合计 and the note are skipped, not errors"
    );
    for (row, needle, why) in [
        (11, "2025-6-31", "June has 30 days"),
        (12, "手机号", "a 7-digit phone"),
        (13, "企业", "no enterprise"),
    ] {
        assert!(
            reasons(&r, row).contains(needle),
            "{name}: row {row} ({why}): {}",
            reasons(&r, row)
        );
    }
    assert!(
        r.headline()
            .contains("可导入 6 行，跳过 3 行（空行、合计行、标题或说明），有问题 3 行"),
        "{name}: the summary in the clerk's words: {}",
        r.headline()
    );
    let problems = problems_path(path);
    assert_eq!(
        r.problems_file,
        problems.display().to_string(),
        "{name}: the problem rows are written beside the file"
    );
    let back = read_table(&problems, None, None).expect("problem file reads back");
    assert_eq!(
        back.rows
            .iter()
            .map(|(_, c)| c[0].clone())
            .collect::<Vec<_>>(),
        ["11", "12", "13"],
        "{name}: the problem file holds exactly the bad rows, with their row numbers"
    );
    assert!(
        back.headers.last().is_some_and(|h| h == "问题原因")
            && back.headers.contains(&"联系电话".to_string()),
        "{name}: …with the file's own columns and the reasons: {:?}",
        back.headers
    );

    // What each case became, read back through the store.
    let by = |no: &str| l.case_by_ref(no).expect("imported case");
    let c1 = by("ZY2025-001");
    assert_eq!(
        (
            c1.reg_no.as_str(),
            c1.received_at.to_rfc3339(),
            c1.contact.phone.as_str()
        ),
        (
            "ZY2025-001",
            "2025-01-06T00:00:00+08:00".to_string(),
            "13800000001"
        ),
        "{name}: a real Excel date and a phone typed as a number read as the clerk sees them"
    );
    assert_eq!(
        (c1.state, c1.outcome, c1.reply.is_none()),
        (CaseState::Closed, Some(Outcome::A), true),
        "{name}: 已解决 + 满意 is closed with outcome A, and no reply date is invented"
    );
    let timeline = c1
        .events
        .iter()
        .map(|e| e.summary.clone())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        timeline.contains("从台账文件导入") && timeline.contains("答复日期、办结日期、交办日期不详"),
        "{name}: the timeline says it came from the old ledger and which dates are unknown: {timeline}"
    );
    let c2 = by("ZY2025-002");
    assert_eq!(
        c2.received_at.to_rfc3339(),
        "2025-02-12T00:00:00+08:00",
        "{name}: the Excel serial 45700 lands on 2025-02-12"
    );
    let c3 = by("ZY2025-003");
    assert_eq!(
        (
            c3.state,
            c3.outcome,
            c3.received_at.date_naive().to_string()
        ),
        (
            CaseState::Replied,
            Some(Outcome::B),
            "2025-03-05".to_string()
        ),
        "{name}: 正在办理 is B (followed up), 2025.3.5 is read"
    );
    let c5 = by("ZY2025-005");
    assert_eq!(
        (c5.outcome, c5.received_at.to_rfc3339()),
        (Some(Outcome::C), "2025-05-20T14:30:00+08:00".to_string()),
        "{name}: 政策原因暂无法解决 is C; 2025/5/20 14:30 keeps its time"
    );
    let c6 = by("ZY2025-006");
    assert_eq!(
        c6.received_at.date_naive().to_string(),
        "2025-06-03",
        "{name}: 6月3日 takes its year from the title 2025年…台账"
    );
    let eval = l.text_pairs(
        "SELECT eval_result, eval_comment FROM cases WHERE eval_result IS NOT NULL ORDER BY reg_no",
    );
    assert_eq!(
        eval,
        [
            ("satisfied".to_string(), String::new()),
            ("average".to_string(), "基本满意".to_string()),
            ("satisfied".to_string(), "较满意".to_string()),
            ("unsatisfied".to_string(), String::new()),
            ("satisfied".to_string(), String::new()),
        ],
        "{name}: 满意/基本满意/较满意/不满意 map to the three levels and the clerk's words are kept"
    );
    assert_eq!(
        reply_text(&l, c5.id),
        "政策原因暂无法解决",
        "{name}: the free-text outcome is kept as written"
    );
    let p = Period::year(2025).expect("period");
    assert_eq!(
        l.undated_imports(p.start(), p.end()).expect("undated"),
        6,
        "{name}: reports can say how many cases lack a date"
    );

    let again = run(&mut l, path, full);
    assert_eq!(
        (again.imported, again.existing.len(), again.conflicts.len()),
        (0, 6, 0),
        "{name}: importing the same file again adds nothing: same number, enterprise and time"
    );
}

fn reply_text(l: &Ledger, id: i64) -> String {
    l.conn()
        .query_row("SELECT reply_text FROM cases WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .expect("reply text")
}

#[test]
fn a_hand_kept_workbook_imports_its_good_rows_without_sheet_or_departments_by_hand() {
    let (_d, path) = sample("2025年企业诉求台账.xlsx", hand_kept);
    assert_hand_kept(&path);
}

/// `ZHITONG_WRITE_FIXTURES=1` writes the hand-kept workbook and saves it again as
/// `.xls` and `.ods` with LibreOffice (`soffice --headless --convert-to`), as a clerk's
/// office suite would; the copies are committed so the test needs no LibreOffice.
#[test]
fn the_same_ledger_saved_as_xls_and_ods_imports_the_same() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    if std::env::var_os("ZHITONG_WRITE_FIXTURES").is_some() {
        let (_d, dir) = tmp();
        let xlsx = dir.join("2025年企业诉求台账.xlsx");
        hand_kept(&xlsx);
        for ext in ["xls", "ods"] {
            let status = std::process::Command::new("soffice")
                .args(["--headless", "--convert-to", ext, "--outdir"])
                .arg(&fixtures)
                .arg(&xlsx)
                .status()
                .expect("soffice");
            assert!(status.success(), "LibreOffice converts to {ext}");
        }
    }
    for name in ["2025年企业诉求台账.xls", "2025年企业诉求台账.ods"] {
        let (_d, dir) = tmp();
        let path = dir.join(name);
        std::fs::copy(fixtures.join(name), &path).expect("copy fixture");
        assert_hand_kept(&path);
    }
}

#[test]
fn a_two_row_merged_header_is_joined() {
    let (_d, path) = sample("三季度台账.xlsx", two_row_header);
    let table = read_table(&path, None, None).expect("read");
    assert_eq!(
        (table.header_row, &table.headers[..5]),
        (
            2,
            &["登记编号", "反映时间", "企业名称", "联系人", "联系电话"].map(String::from)[..]
        ),
        "the merged 企业信息 gives way to its sub-titles; merged-down titles are kept"
    );
    let mut l = new_ledger();
    let r = run(&mut l, &path, ImportOptions::default());
    assert_eq!(
        (r.imported, r.bad.len(), r.not_cases.len(), r.committed),
        (4, 0, 0, true),
        "every row under the two-row header imports: {:?}",
        r.bad
    );
    let states = l.texts("SELECT state FROM cases ORDER BY received_at");
    assert_eq!(
        states,
        ["replied", "replied", "replied", "assigned"],
        "办理情况's sub-columns (责任单位, 办理结果, 答复日期) are read"
    );
}

#[test]
fn a_header_repeated_per_quarter_with_subtotals_and_notes_is_skipped_and_listed() {
    let (_d, path) = sample("分季度台账.xlsx", quarterly);
    let mut l = new_ledger();
    let r = run(&mut l, &path, ImportOptions::default());
    assert_eq!(
        (r.imported, r.bad.len(), r.committed),
        (5, 0, true),
        "the five cases import and nothing else is a problem: {:?}",
        r.bad
    );
    use NotCaseKind::*;
    assert_eq!(
        rows_of(&r).1,
        vec![
            (2, Note),
            (5, Total),
            (6, Blank),
            (7, Note),
            (8, Header),
            (12, Total),
            (13, Total),
            (14, Note),
            (15, Note)
        ],
        "separators, 小计/总计, the repeated header, the blank row and the notes are listed by row"
    );
}

#[test]
fn dates_written_eight_ways_land_on_the_same_day() {
    let (_d, path) = sample("dates.xlsx", dates);
    let table = read_table(&path, None, None).expect("read");
    let mapping = ColumnMapping::guess(&table.headers);
    let p = zhitong_report::preview(&table, &mapping, 10);
    assert!(
        p.year_note.contains("2024") && p.year_note.contains("工作表名“2024年台账”"),
        "the preview says where the year of 3月5日 comes from: {}",
        p.year_note
    );
    let mut l = new_ledger();
    let r = run(&mut l, &path, ImportOptions::default());
    assert_eq!((r.imported, r.bad.len()), (8, 0), "{:?}", r.bad);
    let got = l.texts("SELECT received_at FROM cases ORDER BY id");
    assert_eq!(
        got,
        [
            "2024-03-05T14:30:00+08:00",
            "2024-03-05T00:00:00+08:00",
            "2024-03-05T00:00:00+08:00",
            "2024-03-05T00:00:00+08:00",
            "2024-03-05T00:00:00+08:00",
            "2024-03-05T00:00:00+08:00",
            "2024-03-05T00:00:00+08:00",
            "2024-03-05T09:05:00+08:00",
        ],
        "a real date with time, the serial 45356, full-width digits, 3月5日, 20240305, \
         2024-3-5, 2024.3.5 and 2024/3/5 9:05 are all 5 March 2024"
    );
}

#[test]
fn a_number_held_by_another_case_is_a_conflict_the_clerk_resolves() {
    let (_d, dir) = tmp();
    let first = dir.join("分季度台账.xlsx");
    quarterly(&first);
    let path = dir.join("补录.xlsx");
    clashing(&path);
    let mut l = new_ledger();
    assert_eq!(run(&mut l, &first, ImportOptions::default()).imported, 5);

    let dry = |l: &mut Ledger, on_conflict| {
        run(
            l,
            &path,
            ImportOptions {
                dry_run: true,
                on_conflict,
                ..Default::default()
            },
        )
    };
    let report = dry(&mut l, OnConflict::Report);
    assert_eq!(
        (
            report.existing.iter().map(|e| e.row_number).collect::<Vec<_>>(),
            report.conflicts.iter().map(|c| c.row_number).collect::<Vec<_>>(),
            rows_of(&report).0,
            report.imported
        ),
        (vec![2], vec![3], vec![3], 1),
        "Q-001 (same enterprise and time) is already imported; Q-002 of another enterprise is a conflict, not a skip"
    );
    assert!(
        reasons(&report, 3).contains("二号纺织厂") && reasons(&report, 3).contains("改用新编号"),
        "the conflict names the case holding the number and the choices: {}",
        reasons(&report, 3)
    );
    let skip = dry(&mut l, OnConflict::Skip);
    assert_eq!(
        (skip.imported, skip.bad.len(), skip.conflicts.len()),
        (1, 0, 1),
        "skipping conflicts imports the new row only"
    );
    let r = run(
        &mut l,
        &path,
        ImportOptions {
            on_conflict: OnConflict::Renumber,
            ..Default::default()
        },
    );
    assert_eq!((r.imported, r.committed), (2, true), "{:?}", r.bad);
    let new_no = r.conflicts[0].renumbered_as.clone();
    assert!(
        !new_no.is_empty() && new_no != "Q-002",
        "the clashing row gets a new number: {new_no}"
    );
    let c = l.case_by_ref(&new_no).expect("renumbered case");
    assert_eq!(c.enterprise.name, "九号材料厂", "it is the file's row");
    assert!(
        c.events
            .iter()
            .any(|e| e.summary.contains("原台账登记编号“Q-002”")),
        "the old number is kept as a note in the timeline"
    );
    assert_eq!(
        l.case_by_ref("Q-002").expect("old holder").enterprise.name,
        "二号纺织厂",
        "the case that held the number keeps it"
    );
    let again = run(
        &mut l,
        &path,
        ImportOptions {
            on_conflict: OnConflict::Renumber,
            ..Default::default()
        },
    );
    assert_eq!(
        (again.imported, again.existing.len()),
        (0, 3),
        "re-importing after renumbering adds nothing"
    );
}

#[test]
fn a_gbk_csv_as_excel_saves_it_imports_with_its_total_and_blank_lines_skipped() {
    let (_d, dir) = tmp();
    let path = dir.join("台账（Excel另存为CSV）.csv");
    let text = "2025年企业诉求台账,,,,,,\r\n\
        反映时间,企业名称,联系人,联系电话,问题类别,反映问题,责任单位\r\n\
        2025-03-02 09:00,甲公司,张三,13800000001,用电保障,企业用电报装慢,经济发展部\r\n\
        ,,,,,,\r\n\
        2025年3月9日,乙公司,李四,13800000002,用水保障,\"厂区停水，影响生产\",供水站\r\n\
        3月12日,丙公司,王五,13800000003,其它,噪声扰民,安全环保部\r\n\
        合计,,,,,,3件\r\n";
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable, "the test text is GBK");
    std::fs::write(&path, &bytes).expect("write");
    let mut l = new_ledger();
    let r = run(
        &mut l,
        &path,
        ImportOptions {
            create_departments: true,
            ..Default::default()
        },
    );
    assert_eq!(
        (
            r.imported,
            r.bad.len(),
            rows_of(&r).1,
            r.created_departments.clone()
        ),
        (
            3,
            0,
            vec![(4, NotCaseKind::Blank), (7, NotCaseKind::Total)],
            vec!["供水站".to_string()]
        ),
        "GBK text, a quoted comma, 3月12日 with the year of the title: {:?}",
        r.bad
    );
}
