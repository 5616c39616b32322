//! End-to-end checks of every document: rendered with the installed CJK fonts, read back
//! with poppler's pdftotext / pdffonts. Requires fonts-noto-cjk (or another CJK font)
//! and poppler-utils; a missing tool or font fails with a message saying what to install.

use std::process::Command;
use std::sync::OnceLock;

use chrono::NaiveDate;
use zhitong_print::{
    assignment, letter, registration, rejection, reply, urge, DocSettings, Fonts, PrintError,
};

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| match Fonts::load_system() {
        Ok(f) => f,
        Err(e) => panic!(
            "没有可用的中文字体，请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk）：{e}"
        ),
    })
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).expect("valid date")
}

fn tool(name: &str, args: &[&str], pdf: &[u8]) -> String {
    static SEQ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let path = std::env::temp_dir().join(format!("zhitong-print-{}-{n}.pdf", std::process::id()));
    std::fs::write(&path, pdf).expect("write temp pdf");
    let mut cmd = Command::new(name);
    cmd.args(args).arg(&path);
    if name == "pdftotext" {
        cmd.arg("-");
    }
    let out = match cmd.output() {
        Ok(o) => o,
        Err(e) => panic!(
            "{name} 无法运行（{e}）：请安装 poppler-utils（apt-get install poppler-utils），这些测试需要它"
        ),
    };
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "{name} failed on our PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("poppler output is UTF-8")
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn reg_sheet() -> registration::Sheet {
    zhitong_print::sample::registration()
}

fn asg_sheet() -> assignment::Sheet {
    zhitong_print::sample::assignment()
}

fn the_letter() -> letter::Letter {
    letter::Letter {
        reg_no: "企业困难问题〔2026〕第12号".into(),
        doc_no: "正阳园区管委函〔2026〕5号".into(),
        title: "关于解决正阳工业园区企业困难问题的函".into(),
        addressee: "区规划和自然资源局".into(),
        body: "正阳工业园区入园企业重庆市正阳精密机械制造有限公司向我委反映，该公司发展遇到用地审批困难。望贵单位积极协助解决该问题，并将困难问题化解情况于5个工作日内告知我委。".into(),
        contacts: vec![letter::Contact {
            name: "重庆市正阳精密机械制造有限公司".into(),
            phone: "023-79420000".into(),
        }],
        signed_on: d(5, 8),
        copy_to: vec!["区整顿办".into()],
        printed_on: d(5, 9),
        problems: vec![],
    }
}

fn reply_notice() -> reply::Notice {
    reply::Notice {
        reg_no: "企业困难问题〔2026〕第12号".into(),
        enterprise: "重庆市正阳精密机械制造有限公司".into(),
        received_on: d(5, 6),
        summary: "二期厂房建设用地规划许可证办理".into(),
        department: "规划建设部".into(),
        outcome: reply::Outcome::B,
        reply: "区规划和自然资源局已受理申请，预计5月底前核发。".into(),
        issued_on: d(5, 13),
    }
}

type Render = Box<dyn Fn(&DocSettings, &Fonts) -> Result<Vec<u8>, PrintError>>;

/// (document, renderer, values that must appear on the page)
fn documents() -> Vec<(&'static str, Render, Vec<String>)> {
    let r = reg_sheet();
    let a = asg_sheet();
    let l = the_letter();
    let u = zhitong_print::sample::urge();
    let sup = urge::Notice {
        kind: urge::Kind::Supervision,
        ..zhitong_print::sample::urge()
    };
    let rj = zhitong_print::sample::rejection();
    let rp = reply_notice();
    vec![
        (
            "registration",
            Box::new({
                let r = r.clone();
                move |s: &DocSettings, f: &Fonts| registration::render(&r, s, f)
            }) as Render,
            vec![
                r.category,
                r.reg_no,
                r.enterprise,
                r.address,
                r.received_at,
                r.contact,
                r.position,
                r.phone,
                r.email,
                r.problem,
                r.departments,
                r.screening_opinion,
                r.channel,
                "企业反映困难问题登记表".into(),
            ],
        ),
        (
            "assignment",
            Box::new({
                let a = a.clone();
                move |s: &DocSettings, f: &Fonts| assignment::render(&a, s, f)
            }),
            vec![
                a.assign_no,
                a.matter,
                a.enterprise,
                a.address,
                a.contact,
                a.phone,
                a.lead_department,
                a.cooperating_departments,
                a.assigned_on,
                a.deadline,
                a.remarks,
                "交办领导（签字）".into(),
                "企业反映困难问题交办单".into(),
            ],
        ),
        (
            "letter",
            Box::new({
                let l = l.clone();
                move |s: &DocSettings, f: &Fonts| letter::render(&l, s, f)
            }),
            vec![
                l.doc_no,
                l.title,
                format!("{}：", l.addressee),
                l.body,
                "重庆市正阳精密机械制造有限公司".into(),
                "023-79420000".into(),
                "79429609".into(),
                "正阳工业园区企业服务中心".into(),
                "此函".into(),
                "2026年5月8日".into(),
                "抄送：区民促办，区整顿办。".into(),
                "重庆市正阳工业园区管理委员会办公室".into(),
                "2026年5月9日印发".into(),
            ],
        ),
        (
            "urge",
            Box::new({
                let u = u.clone();
                move |s: &DocSettings, f: &Fonts| urge::render(&u, s, f)
            }),
            vec![
                "催办单".into(),
                u.number,
                u.reg_no,
                u.assign_no,
                u.department,
                u.enterprise,
                u.matter,
                u.deadline,
                "3个工作日".into(),
                "第2次".into(),
                "2026年5月21日前".into(),
                "2026年5月19日".into(),
                "部室责任人：专员 王建 023-79429601；分管副职 刘强 13800000003；联络员 陈丽 13800000004".into(),
            ],
        ),
        (
            "supervision",
            Box::new({
                let sup = sup.clone();
                move |s: &DocSettings, f: &Fonts| urge::render(&sup, s, f)
            }),
            vec!["督办函".into(), "现予督办".into(), sup.assign_no],
        ),
        (
            "rejection",
            Box::new({
                let rj = rj.clone();
                move |s: &DocSettings, f: &Fonts| rejection::render(&rj, s, f)
            }),
            vec![
                "不予受理告知书".into(),
                rj.reg_no,
                rj.enterprise,
                "2026年5月6日".into(),
                rj.channel,
                rj.summary,
                rj.reason,
                rj.suggestion,
                "79429609".into(),
                "2026年5月7日".into(),
            ],
        ),
        (
            "reply",
            Box::new({
                let rp = rp.clone();
                move |s: &DocSettings, f: &Fonts| reply::render(&rp, s, f)
            }),
            vec![
                rp.reg_no,
                rp.enterprise,
                rp.summary,
                rp.department,
                "B类（正在解决）".into(),
                rp.reply,
                "2026年5月13日".into(),
                "□满意".into(),
            ],
        ),
        (
            "minutes",
            Box::new({
                let m = minutes();
                move |s: &DocSettings, f: &Fonts| zhitong_print::minutes::render(&m, s, f)
            }),
            vec![
                "2026年第1次联席会议纪要".into(),
                "时间：2026年3月10日".into(),
                "出席单位：经济发展部、规划建设部".into(),
                "会议研究了2件企业反映的困难问题".into(),
                "一、宝庄窗业有限公司（企业困难问题〔2026〕第12号）".into(),
                "会议议定：由经济发展部牵头协调供电公司改造东片线路。".into(),
                "二、青泰机械有限公司".into(),
                "园区服务企业领导小组办公室".into(),
            ],
        ),
    ]
}

/// 会议纪要 of a joint meeting on two 共性问题 (000 五3).
fn minutes() -> zhitong_print::minutes::Minutes {
    use zhitong_print::minutes::{Item, Minutes};
    Minutes {
        title: "2026年第1次联席会议纪要".into(),
        kind: "联席会议".into(),
        held_on: d(3, 10),
        attendees: vec!["经济发展部".into(), "规划建设部".into()],
        text: "会议由经济发展部召集，研究园区东片企业反映的共性问题。".into(),
        items: vec![
            Item {
                reg_no: "企业困难问题〔2026〕第12号".into(),
                enterprise: "宝庄窗业有限公司".into(),
                matter: "园区东片夜间电压不稳，多家企业设备跳闸".into(),
                decision: "由经济发展部牵头协调供电公司改造东片线路".into(),
            },
            Item {
                reg_no: "企业困难问题〔2026〕第15号".into(),
                enterprise: "青泰机械有限公司".into(),
                matter: "园区东片自来水压力不足。".into(),
                decision: "由规划建设部会同水务公司增设加压泵站".into(),
            },
        ],
        issuer: String::new(),
    }
}

#[test]
fn every_field_is_on_the_page() {
    let settings = DocSettings::default();
    for (name, render, values) in documents() {
        let pdf = render(&settings, fonts()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = squash(&tool("pdftotext", &[], &pdf));
        for v in values {
            assert!(
                text.contains(&squash(&v)),
                "{name}: value {v:?} must be printed (selectable text), got:\n{text}"
            );
        }
    }
}

#[test]
fn fonts_are_embedded_subsets_and_forms_are_small() {
    let settings = DocSettings::default();
    for (name, render, _) in documents() {
        let pdf = render(&settings, fonts()).unwrap_or_else(|e| panic!("{name}: {e}"));
        if name == "registration" || name == "assignment" {
            assert!(
                pdf.len() < 150 * 1024,
                "{name}: a one-page form must stay under 150 KB (fonts subset), is {} bytes",
                pdf.len()
            );
        }
        let report = tool("pdffonts", &[], &pdf);
        let rows: Vec<&str> = report.lines().skip(2).collect();
        assert!(
            !rows.is_empty(),
            "{name}: pdffonts lists no font:\n{report}"
        );
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type... encoding emb sub uni object id
            let n = cols.len();
            assert!(n >= 6, "{name}: unexpected pdffonts row {row:?}");
            assert_eq!(
                (cols[n - 5], cols[n - 4]),
                ("yes", "yes"),
                "{name}: every font must be embedded as a subset: {row}"
            );
            assert!(
                cols[0].chars().nth(6) == Some('+'),
                "{name}: subset font names carry the ABCDEF+ tag: {row}"
            );
        }
    }
}

#[test]
fn long_problem_text_continues_over_pages_whole() {
    let problem: String = (1..=160)
        .map(|i| {
            format!("第{i:03}项：园区协调解决用地、用电、融资和招工等方面的困难（详见附件）。")
        })
        .collect();
    assert!(
        problem.chars().count() >= 5000,
        "the test text must be long"
    );
    let sheet = registration::Sheet {
        problem: problem.clone(),
        ..reg_sheet()
    };
    let pdf = registration::render(&sheet, &DocSettings::default(), fonts()).expect("render");
    let raw = tool("pdftotext", &["-raw"], &pdf);
    let pages = raw.split('\u{c}').filter(|p| !p.trim().is_empty()).count();
    assert!(
        pages >= 3,
        "5 000 characters need several pages, got {pages}"
    );
    let flat = squash(&raw);
    for n in 1..=pages {
        assert!(
            flat.contains(&format!("第{n}页共{pages}页")),
            "page {n} must be numbered 第 {n} 页 共 {pages} 页"
        );
    }
    // In content order, the problem's own lines concatenate back to the whole text.
    let lines: Vec<String> = raw
        .lines()
        .map(squash)
        .filter(|l| l.chars().count() >= 2 && problem.contains(l.as_str()))
        .collect();
    assert_eq!(
        lines.concat(),
        problem,
        "the problem text must come out whole and in order"
    );
    for l in &lines {
        let first = l.chars().next().expect("non-empty");
        assert!(
            !zhitong_print::wrap::NO_LINE_START.contains(&first),
            "no line may start with {first}: {l}"
        );
    }
}

#[test]
fn long_matter_on_assignment_continues() {
    let matter = "需要协调解决的事项较多，请牵头部室会同配合部室逐项办理。".repeat(80);
    let sheet = assignment::Sheet {
        matter: matter.clone(),
        ..asg_sheet()
    };
    let pdf = assignment::render(&sheet, &DocSettings::default(), fonts()).expect("render");
    let raw = tool("pdftotext", &["-raw"], &pdf);
    let flat = squash(&raw);
    assert!(
        flat.contains("第2页共"),
        "a long matter continues on page 2"
    );
    let body: String = raw
        .lines()
        .map(squash)
        .filter(|l| l.chars().count() >= 2 && matter.contains(l.as_str()))
        .collect();
    assert_eq!(body, matter, "the matter must come out whole");
}

#[test]
fn batch_puts_every_sheet_in_one_pdf() {
    let sheets: Vec<assignment::Sheet> = (1..=3)
        .map(|i| assignment::Sheet {
            assign_no: format!("正阳园区管委交〔2026〕第{i}号"),
            ..asg_sheet()
        })
        .collect();
    let pdf = assignment::render_batch(&sheets, &DocSettings::default(), fonts()).expect("render");
    let text = squash(&tool("pdftotext", &[], &pdf));
    for s in &sheets {
        assert!(
            text.contains(&s.assign_no),
            "batch must contain {}",
            s.assign_no
        );
    }
    let err = assignment::render_batch(&[], &DocSettings::default(), fonts()).unwrap_err();
    assert_eq!(err.code(), "print.empty", "an empty batch is an error");
}

#[test]
fn letter_numbers_pages_from_two() {
    let l = letter::Letter {
        body: format!("{}\n", the_letter().body).repeat(8),
        ..the_letter()
    };
    let pdf = letter::render(&l, &DocSettings::default(), fonts()).expect("render");
    let raw = tool("pdftotext", &["-raw"], &pdf);
    let pages: Vec<&str> = raw
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() >= 2, "eight paragraphs need two pages");
    assert!(
        !pages[0].contains("— 1 —"),
        "the first page of a letter carries no number"
    );
    assert!(pages[1].contains("— 2 —"), "page 2 is numbered — 2 —");
}

#[test]
fn a_character_no_font_has_is_an_error_not_a_box() {
    let sheet = registration::Sheet {
        enterprise: "某某\u{10FFFD}公司".into(),
        ..reg_sheet()
    };
    let err = registration::render(&sheet, &DocSettings::default(), fonts()).unwrap_err();
    assert_eq!(err.code(), "print.missing_glyphs", "got {err}");
    assert!(
        err.to_string().contains('\u{10FFFD}'),
        "the message lists the character: {err}"
    );
}

#[test]
fn lf_000_class3_sheet_prints_every_milestone_with_its_own_time() {
    // 廊坊 三(二)3: 48 小时 research result and 5 日 completion are two limits; the sheet's
    // 办结时限 is the completion, and each milestone is listed with its own time.
    let sheet = assignment::Sheet {
        deadline: "2026年3月7日".into(),
        milestones: vec![
            "反馈研究结果：2026年3月4日 10:00前".into(),
            "办结（能办的）：2026年3月7日前".into(),
        ],
        ..asg_sheet()
    };
    let pdf = assignment::render(&sheet, &DocSettings::default(), fonts()).expect("render");
    let text = squash(&tool("pdftotext", &[], &pdf));
    for want in [
        "各节点时限",
        "1.反馈研究结果：2026年3月4日10:00前",
        "2.办结（能办的）：2026年3月7日前",
    ] {
        assert!(text.contains(want), "the sheet lists “{want}”: {text}");
    }
    assert!(
        !text.contains("待审签"),
        "a signed sheet does not say 待审签"
    );
    let one = squash(&tool(
        "pdftotext",
        &[],
        &assignment::render(&asg_sheet(), &DocSettings::default(), fonts()).expect("render"),
    ));
    assert!(
        !one.contains("各节点时限"),
        "one milestone needs no extra row: 办结时限 says it"
    );
}

#[test]
fn zy_003_art7_sheet_printed_before_signing_says_pending() {
    let sheet = assignment::Sheet {
        pending_approval: Some("李常务".into()),
        ..asg_sheet()
    };
    let pdf = assignment::render(&sheet, &DocSettings::default(), fonts()).expect("render");
    let text = squash(&tool("pdftotext", &[], &pdf));
    assert!(
        text.contains("待审签（李常务）"),
        "printed before it is signed, the sheet says so and names the approver: {text}"
    );
}

/// The boxes `pdftotext -bbox` gives the words of a PDF: (xMin, yMin, xMax, yMax, word).
fn word_boxes(pdf: &[u8]) -> Vec<(f32, f32, f32, f32, String)> {
    let html = tool("pdftotext", &["-bbox"], pdf);
    html.lines()
        .filter_map(|l| {
            let l = l.trim().strip_prefix("<word ")?;
            let num = |key: &str| -> Option<f32> {
                let rest = &l[l.find(&format!("{key}=\""))? + key.len() + 2..];
                rest[..rest.find('"')?].parse().ok()
            };
            let word = &l[l.find('>')? + 1..l.find("</word>")?];
            Some((
                num("xMin")?,
                num("yMin")?,
                num("xMax")?,
                num("yMax")?,
                word.to_string(),
            ))
        })
        .collect()
}

#[test]
fn zy_003_art7_the_pending_mark_leaves_the_assignment_number_readable() {
    // A long number and a named approver used to share the line under the title, and the
    // mark covered 交办编号.
    let sheet = assignment::Sheet {
        pending_approval: Some("李建国".into()),
        assign_no: "正阳园区管委交〔2026〕第1号".into(),
        ..asg_sheet()
    };
    let pdf = assignment::render(&sheet, &DocSettings::default(), fonts()).expect("render");
    let words = word_boxes(&pdf);
    let find = |part: &str| {
        words
            .iter()
            .find(|w| w.4.contains(part))
            .unwrap_or_else(|| panic!("no word with {part} in {words:?}"))
            .clone()
    };
    let mark = find("待审签");
    let number = find("交办编号");
    let apart =
        mark.2 <= number.0 || number.2 <= mark.0 || mark.3 <= number.1 || number.3 <= mark.1;
    assert!(
        apart,
        "the 待审签 mark {mark:?} must not overlap the 交办编号 {number:?}"
    );
}

#[test]
fn zy_003_art7_letter_carries_the_problem_list_and_each_contact_once() {
    // 第7条2 "发函时附企业困难问题清单"; 附件4's 联系电话 lists the centre and the company.
    let settings = DocSettings::default();
    let l = letter::Letter {
        contacts: vec![
            letter::Contact {
                name: settings.service_centre.clone(),
                phone: settings.hotline.clone(),
            },
            letter::Contact {
                name: "重庆市正阳精密机械制造有限公司".into(),
                phone: "023-79420000".into(),
            },
        ],
        problems: vec![letter::Problem {
            reg_no: "企业困难问题〔2026〕第12号".into(),
            enterprise: "重庆市正阳精密机械制造有限公司".into(),
            matter: "二期厂房建设用地规划许可证办理缓慢，影响项目开工。".repeat(30),
            contact: "张晓明 023-79420000".into(),
        }],
        ..the_letter()
    };
    let pdf = letter::render(&l, &settings, fonts()).expect("render");
    let raw = tool("pdftotext", &["-raw"], &pdf);
    let text = squash(&raw);
    assert!(
        text.contains("附件：企业困难问题清单"),
        "the body names its attachment: {text}"
    );
    assert!(
        text.contains("企业困难问题清单") && text.contains("序号") && text.contains("困难问题"),
        "the list is printed: {text}"
    );
    assert!(text.contains("张晓明023-79420000"), "with the contact");
    let centre = squash(&settings.service_centre);
    let lines_with_centre = raw
        .lines()
        .filter(|l| squash(l).contains(&centre) && squash(l).contains(&squash(&settings.hotline)))
        .count();
    assert_eq!(
        lines_with_centre, 1,
        "the service centre's contact line is printed once:\n{raw}"
    );
    let pages = raw.split('\u{c}').filter(|p| !p.trim().is_empty()).count();
    let last = raw.split('\u{c}').rfind(|p| !p.trim().is_empty()).unwrap();
    assert!(pages >= 2, "the list is on its own page");
    assert!(
        last.contains("印发"),
        "the 版记 comes after the attachment, on the last page"
    );
}

fn board_item(n: usize, overdue: i64, escalated: bool) -> zhitong_domain::schedule::AgendaItem {
    use chrono::TimeZone;
    let due = zhitong_domain::china()
        .with_ymd_and_hms(2026, 6, 10, 23, 59, 59)
        .unwrap();
    zhitong_domain::schedule::AgendaItem {
        case_id: 9000 + n as i64,
        reg_no: format!("企业困难问题〔2026〕第{n}号"),
        enterprise: format!("重庆市正阳第{n}精密机械制造有限责任公司"),
        summary: "夜间生产经常跳闸，近一个月停电多次，影响订单交付，企业希望供电公司尽快改造线路并答复时间"
            .into(),
        state: zhitong_domain::CaseState::InProgress,
        lead: Some("国网区供电公司".into()),
        deadline: Some("办结".into()),
        due_at: Some(due),
        provisional: false,
        overdue_working_days: overdue,
        working_days_left: 0,
        urges: overdue as u32,
        escalated,
        level: if overdue > 0 {
            zhitong_domain::schedule::Level::Red
        } else {
            zhitong_domain::schedule::Level::Amber
        },
        text: if overdue > 0 {
            format!("已逾期 {overdue} 个工作日")
        } else {
            "今日 24:00 截止".into()
        },
        decision: None,
    }
}

#[test]
fn board_prints_every_case_by_department_with_park_date_and_page_numbers_on_every_page() {
    use chrono::TimeZone;
    use zhitong_domain::schedule::{Board, BoardGroup};
    let at = zhitong_domain::china()
        .with_ymd_and_hms(2026, 6, 15, 10, 0, 0)
        .unwrap();
    let power: Vec<_> = (1..=30).map(|n| board_item(n, 3, n == 1)).collect();
    let econ: Vec<_> = (31..=33)
        .map(|n| zhitong_domain::schedule::AgendaItem {
            lead: Some("经济发展部".into()),
            ..board_item(n, 0, false)
        })
        .collect();
    let board = Board {
        at,
        overdue: 30,
        nearly_due: 3,
        escalated: 1,
        groups: vec![
            BoardGroup {
                department: "国网区供电公司".into(),
                contacts: "专员 王强 13800000001；联络员 李明 13800000002".into(),
                overdue: 30,
                items: power,
            },
            BoardGroup {
                department: "经济发展部".into(),
                contacts: String::new(),
                overdue: 0,
                items: econ,
            },
        ],
    };
    let header = zhitong_print::board::BoardHeader {
        park: "重庆市正阳工业园区".into(),
    };
    let pdf = zhitong_print::board::render(&board, &header, fonts()).expect("render board");
    let info = tool("pdfinfo", &[], &pdf);
    assert!(
        info.contains("841.89 x 595.2"),
        "the board is A4 landscape: {info}"
    );
    let text = tool("pdftotext", &["-layout"], &pdf);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(
        pages.len() >= 2,
        "33 cases with two-line summaries take more than one page, got {}",
        pages.len()
    );
    for (i, p) in pages.iter().enumerate() {
        let p = squash(p);
        for want in [
            "重庆市正阳工业园区".to_string(),
            "统计时间：2026年6月15日周一10:00".to_string(),
            format!("第{}页共{}页", i + 1, pages.len()),
            "登记编号".to_string(),
        ] {
            assert!(p.contains(&want), "page {} must show “{want}”: {p}", i + 1);
        }
    }
    let all = squash(&text);
    for n in 1..=33 {
        let reg = format!("〔2026〕第{n}号");
        assert_eq!(
            all.matches(reg.as_str()).count(),
            1,
            "{reg} is printed once, whole (the part of the 登记编号 that tells cases apart)"
        );
    }
    for want in [
        "国网区供电公司（30件，其中逾期30件）",
        "国网区供电公司（30件，其中逾期30件）（续）",
        "经济发展部（3件）",
        "逾期3个工作日",
        "领导小组督办",
        "6月10日周三24:00",
        "今日24:00截止",
        "逾期30件即将到期3件领导小组督办1件",
        "专员王强13800000001；联络员李明13800000002",
    ] {
        assert!(all.contains(want), "the board shows “{want}”");
    }
    let empty = Board {
        groups: Vec::new(),
        overdue: 0,
        nearly_due: 0,
        escalated: 0,
        ..board
    };
    let pdf = zhitong_print::board::render(&empty, &header, fonts()).expect("an empty board");
    assert!(
        squash(&tool("pdftotext", &[], &pdf)).contains("当前没有逾期或即将到期的诉求"),
        "an empty board says so rather than printing an empty table"
    );
}

#[test]
fn a_long_board_drawn_part_by_part_is_one_document_with_every_case_and_page() {
    use chrono::TimeZone;
    use zhitong_domain::schedule::{Board, BoardGroup};
    // A large park's board runs to hundreds of pages; it is drawn in parts of 50 pages
    // (so printing it holds one part's drawing at a time) and joined into one file.
    let n = 900;
    let board = Board {
        at: zhitong_domain::china()
            .with_ymd_and_hms(2026, 6, 15, 10, 0, 0)
            .unwrap(),
        overdue: n,
        nearly_due: 0,
        escalated: 0,
        groups: vec![BoardGroup {
            department: "国网区供电公司".into(),
            contacts: String::new(),
            overdue: n,
            // The last case has a five-digit number, as a large park's cases have.
            items: (1..n)
                .chain([12_345])
                .map(|i| board_item(i, 2, false))
                .collect(),
        }],
    };
    let header = zhitong_print::board::BoardHeader {
        park: "重庆市正阳工业园区".into(),
    };
    let pdf = zhitong_print::board::render(&board, &header, fonts()).expect("render board");
    let info = tool("pdfinfo", &[], &pdf);
    let count: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("pdfinfo reads the page count");
    assert!(
        count > 100,
        "900 cases take more than two parts: {count} pages"
    );
    assert!(
        info.contains("督办看板"),
        "the file keeps its title: {info}"
    );
    let text = tool("pdftotext", &[], &pdf);
    let pages: Vec<String> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(squash)
        .collect();
    assert_eq!(pages.len(), count, "every page has its text");
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.contains(&format!("第{}页共{count}页", i + 1)),
            "pages are numbered across the parts: page {}",
            i + 1
        );
    }
    let all: String = pages.concat();
    for i in [1, 450, 451, 899, 12_345] {
        let reg = format!("〔2026〕第{i}号");
        assert_eq!(
            all.matches(reg.as_str()).count(),
            1,
            "{reg} is printed once"
        );
    }
    let layout = tool("pdftotext", &["-layout"], &pdf);
    assert!(
        layout.lines().any(|l| l.contains("〔2026〕第12345号")),
        "a five-digit case number fits its column on one line"
    );
    let fonts = tool("pdffonts", &[], &pdf);
    assert!(
        fonts.lines().skip(2).all(|l| l.contains(" yes ")),
        "every part's fonts are embedded: {fonts}"
    );
}
