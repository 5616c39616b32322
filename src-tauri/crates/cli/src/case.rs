//! `zhitong case …`: registration, lookup, the ledger list and every workflow action.
//! Each action prints the updated case (text, or the full case JSON with `--json`).

use std::io::Read;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use zhitong_domain::{Case, CaseState, NewCase, Outcome, RejectReason, Satisfaction};
use zhitong_store::{
    AssignInput, CaseQuery, DecisionInput, EvaluateInput, FilingInput, MeetInput, RejectInput,
    ReplyInput, SortKey, UrgeInput,
};

use crate::out::{Fail, Out};
use crate::{parse_date, parse_time, Ctx};

#[derive(Subcommand)]
pub enum CaseCmd {
    /// Register a case from JSON (stdin, or --file).
    Add {
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// Show a case by id, 登记编号 or 交办编号.
    Show { id: String },
    /// 修改登记信息: `case edit 1 --reason 电话记错 --set contact.phone=13900000000`.
    /// Fields are those of the `case add` JSON (channel, category, summary,
    /// description, enterprise.name, contact.phone, received_at, …).
    Edit {
        id: String,
        #[arg(long)]
        reason: String,
        /// FIELD=VALUE, repeatable.
        #[arg(long = "set", value_name = "FIELD=VALUE", required = true)]
        set: Vec<String>,
    },
    /// List cases (the ledger).
    List(ListArgs),
    /// 受理.
    Accept {
        id: String,
        /// 分管领导甄别意见.
        #[arg(long, default_value = "")]
        opinion: String,
        /// The handling class (诉求归类): its limits that count from receipt or
        /// acceptance start now, before 交办.
        #[arg(long)]
        class: Option<String>,
        /// 共性问题: put the case on the next joint meeting's agenda.
        #[arg(long)]
        common: bool,
    },
    /// 标记为共性问题: `case mark-common ID [--reason …]` puts it on the next joint
    /// meeting's agenda (000 五3, 002 第7条).
    MarkCommon {
        id: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// 备案: `case file-report ID --text … --signed-by NAME [--file SCAN]` files the
    /// department's report signed by its head (000 三(二)2–4, 003 第9条).
    FileReport {
        id: String,
        #[arg(long)]
        text: String,
        #[arg(long)]
        signed_by: String,
        /// The scan of the signed report.
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// 记录领导小组决定 (leader): `case decide ID --text … [--lead D --class C | --until
    /// DATE] [--meeting M]` ends the escalation; may move the case or set a new limit.
    Decide {
        id: String,
        #[arg(long)]
        text: String,
        /// The new lead department (the case moves to it).
        #[arg(long)]
        lead: Option<String>,
        /// Cooperating departments under the new lead.
        #[arg(long = "with")]
        with: Vec<String>,
        /// The class under the new lead (default: the case's class).
        #[arg(long = "class")]
        class: Option<String>,
        /// A new limit for the same department (YYYY-MM-DD).
        #[arg(long)]
        until: Option<String>,
        /// The meeting's number (`zhitong meeting list`).
        #[arg(long)]
        meeting: Option<i64>,
    },
    /// 不予受理: --reason out_of_scope|illegal|litigation|petition|other.
    Reject {
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long, default_value = "")]
        detail: String,
        /// What the enterprise was told and how.
        #[arg(long)]
        told: String,
    },
    /// 要求补充材料 (the clock pauses).
    AwaitMaterial {
        id: String,
        #[arg(long)]
        what: String,
    },
    /// Material arrived: resume.
    Resume {
        id: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 交办: `case assign ID --lead 经济发展部 --with 规划建设部 --class 专业类`.
    Assign(AssignArgs),
    /// 转办 to another department (history kept).
    Reassign {
        #[command(flatten)]
        a: AssignArgs,
        #[arg(long)]
        reason: String,
    },
    /// The signed assignment sheet came back.
    SheetReturned { id: String },
    /// Progress note or department feedback.
    Progress {
        id: String,
        #[arg(long)]
        text: String,
        /// It is the department's feedback.
        #[arg(long)]
        feedback: bool,
    },
    /// 催办.
    Urge {
        id: String,
        #[arg(long, default_value = "电话")]
        way: String,
        #[arg(long, default_value = "")]
        text: String,
    },
    /// 提交领导小组督办 (leader).
    Escalate {
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// 记录区级部门书面回复: `case bureau-reply ID --text ...` meets the letter's limit.
    BureauReply {
        id: String,
        #[arg(long)]
        text: String,
    },
    /// 完成办理节点: `case meet ID --milestone 研究结果 --solvable yes|no --text ...`.
    Meet {
        id: String,
        /// The milestone's name or the words of it (研究结果).
        #[arg(long)]
        milestone: String,
        /// For a milestone that decides it: yes (能办) or no (暂无法解决 → 四类).
        #[arg(long)]
        solvable: Option<String>,
        #[arg(long)]
        text: String,
    },
    /// 答复: `case reply ID --outcome A --text ...`. On an accepted, unassigned case it is
    /// the centre's own 即时答复 (A or C). B needs `--until DATE`, the promised completion.
    Reply {
        id: String,
        #[arg(long)]
        outcome: String,
        #[arg(long)]
        text: String,
        #[arg(long, default_value = "电话")]
        way: String,
        /// Required for C: the law, policy or other reason.
        #[arg(long, default_value = "")]
        reason: String,
        /// B only: the promised completion date (YYYY-MM-DD), a running deadline.
        #[arg(long)]
        until: Option<String>,
    },
    /// 评价: `case evaluate ID --result 满意 --quality 5 --attitude 5 --efficiency 4`.
    Evaluate {
        id: String,
        #[arg(long)]
        result: String,
        #[arg(long)]
        quality: Option<u8>,
        #[arg(long)]
        attitude: Option<u8>,
        #[arg(long)]
        efficiency: Option<u8>,
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// 专项督办: back to the department (leader), until `--until DATE` or for the
    /// class's last milestone again.
    Reopen {
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        until: Option<String>,
    },
    /// 办结销号.
    Close {
        id: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 作废 with a reason.
    Void {
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// Attach a file (scan, photo, report) to the case.
    Attach {
        id: String,
        file: PathBuf,
        #[arg(long, default_value = "其他")]
        kind: String,
    },
}

#[derive(Args)]
pub struct AssignArgs {
    id: String,
    #[arg(long)]
    lead: String,
    /// Cooperating departments (repeat, or separate with 、 or ,).
    #[arg(long = "with")]
    with: Vec<String>,
    #[arg(long = "class")]
    class: String,
    #[arg(long)]
    complex: bool,
    #[arg(long)]
    hard_case: bool,
    #[arg(long)]
    approver: Option<String>,
    #[arg(long, default_value = "")]
    note: String,
}

/// Names given repeatedly or separated with 、 or , (departments).
pub fn split_names(v: &[String]) -> Vec<String> {
    v.iter()
        .flat_map(|w| w.split(['、', ',', '，']))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

impl AssignArgs {
    fn input(&self, reason: String) -> AssignInput {
        AssignInput {
            lead: self.lead.clone(),
            cooperating: split_names(&self.with),
            handling_class: self.class.clone(),
            complex: self.complex,
            hard_case: self.hard_case,
            approver: self.approver.clone(),
            note: self.note.clone(),
            reason,
        }
    }
}

#[derive(Args)]
pub struct ListArgs {
    /// State (registered, accepted, assigned, … or 中文); repeatable.
    #[arg(long)]
    state: Vec<String>,
    #[arg(long)]
    overdue: bool,
    #[arg(long)]
    escalated: bool,
    /// Received on or after.
    #[arg(long)]
    from: Option<String>,
    /// Received before.
    #[arg(long)]
    to: Option<String>,
    #[arg(long)]
    dept: Option<String>,
    #[arg(long)]
    class: Option<String>,
    #[arg(long)]
    category: Option<String>,
    #[arg(long)]
    channel: Option<String>,
    #[arg(long)]
    nature: Option<String>,
    /// Text in 登记编号, enterprise, contact, phone or summary.
    #[arg(long)]
    text: Option<String>,
    /// received | due | reg_no | enterprise | state | urges
    #[arg(long, default_value = "received")]
    sort: String,
    #[arg(long)]
    asc: bool,
    #[arg(long, default_value_t = 50)]
    limit: u32,
    /// Every matching case (no limit).
    #[arg(long)]
    all: bool,
}

impl ListArgs {
    pub fn query(&self) -> Result<CaseQuery, Fail> {
        let sort = match self.sort.as_str() {
            "received" => SortKey::Received,
            "due" => SortKey::Due,
            "reg_no" => SortKey::RegNo,
            "enterprise" => SortKey::Enterprise,
            "state" => SortKey::State,
            "urges" => SortKey::Urges,
            other => {
                return Err(Fail::usage(format!(
                    "排序“{other}”无效，可选 received、due、reg_no、enterprise、state、urges"
                )))
            }
        };
        Ok(CaseQuery {
            states: self
                .state
                .iter()
                .map(|s| CaseState::parse(s))
                .collect::<Result<_, _>>()?,
            handling_class: self.class.clone(),
            department: self.dept.clone(),
            channel: self.channel.clone(),
            category: self.category.clone(),
            nature: self.nature.clone(),
            from: self.from.as_deref().map(parse_time).transpose()?,
            to: self.to.as_deref().map(parse_time).transpose()?,
            overdue: self.overdue,
            escalated: self.escalated,
            text: self.text.clone(),
            sort,
            descending: !self.asc,
            offset: 0,
            limit: if self.all { 0 } else { self.limit },
        })
    }
}

/// The registration form with `FIELD=VALUE` changes applied (fields as in the JSON).
fn with_changes(current: &NewCase, set: &[String]) -> Result<NewCase, Fail> {
    let mut v = serde_json::to_value(current).map_err(|e| Fail::new("json", e.to_string()))?;
    for pair in set {
        let (field, value) = pair.split_once('=').ok_or_else(|| {
            Fail::new(
                "usage",
                format!("“{pair}”应写成 字段=值，例如 contact.phone=13900000000"),
            )
        })?;
        let slot = field
            .split('.')
            .try_fold(&mut v, |node, key| node.get_mut(key))
            .filter(|slot| slot.is_string())
            .ok_or_else(|| {
                Fail::new(
                    "usage",
                    format!("没有可修改的字段“{field}”，可用字段见 docs/cli.md 的 case add 示例"),
                )
            })?;
        *slot = serde_json::Value::String(value.to_string());
    }
    serde_json::from_value(v)
        .map_err(|e| Fail::new("usage", format!("修改后的登记信息无法读取：{e}")))
}

fn find(ctx: &Ctx, r: &str) -> Result<i64, Fail> {
    Ok(ctx.ledger.case_by_ref(r)?.id)
}

pub fn run(ctx: &mut Ctx, c: CaseCmd) -> Result<Out, Fail> {
    let at = ctx.now;
    let case = match c {
        CaseCmd::Add { file } => {
            let text = match file {
                Some(f) => std::fs::read_to_string(&f)
                    .map_err(|e| Fail::new("io", format!("无法读取 {}：{e}", f.display())))?,
                None => {
                    let mut s = String::new();
                    std::io::stdin().read_to_string(&mut s)?;
                    s
                }
            };
            let input: NewCase = serde_json::from_str(&text).map_err(|e| {
                Fail::new(
                    "json",
                    format!("诉求 JSON 无法读取：{e}。字段见 docs/cli.md 的 case add 示例"),
                )
            })?;
            let op = ctx.operator()?;
            ctx.ledger.register(&input, &op, at)?
        }
        CaseCmd::Show { id } => ctx.ledger.case_by_ref(&id)?,
        CaseCmd::List(args) => {
            let page = ctx.ledger.list(&args.query()?, at)?;
            let mut t = format!("共 {} 件，显示 {} 件\n", page.total, page.rows.len());
            for r in &page.rows {
                t += &format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                    r.id,
                    r.reg_no,
                    r.received_at.format("%Y-%m-%d %H:%M"),
                    r.state.label(),
                    r.enterprise,
                    r.lead.as_deref().unwrap_or("-"),
                    r.summary
                );
            }
            return Ok(Out::text(t, serde_json::to_value(&page)?));
        }
        CaseCmd::Accept {
            id,
            opinion,
            class,
            common,
        } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            ctx.ledger
                .accept_flagged(id, &opinion, class.as_deref(), common, &op, at)?
        }
        CaseCmd::MarkCommon { id, reason } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            ctx.ledger.mark_common(id, &reason, &op, at)?
        }
        CaseCmd::FileReport {
            id,
            text,
            signed_by,
            file,
        } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            let input = FilingInput {
                text,
                signed_by,
                file,
            };
            ctx.ledger.file_report(id, &input, &op, at)?
        }
        CaseCmd::Decide {
            id,
            text,
            lead,
            with,
            class,
            until,
            meeting,
        } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            let input = DecisionInput {
                text,
                lead,
                cooperating: split_names(&with),
                handling_class: class,
                until: until.as_deref().map(parse_date).transpose()?,
                meeting_id: meeting,
            };
            ctx.ledger.decide(id, &input, &op, at)?
        }
        CaseCmd::BureauReply { id, text } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            ctx.ledger.bureau_reply(id, &text, &op, at)?
        }
        CaseCmd::Meet {
            id,
            milestone,
            solvable,
            text,
        } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            let solvable = match solvable.as_deref().map(str::trim) {
                None => None,
                Some("yes" | "y" | "能" | "是" | "能办" | "可以解决") => Some(true),
                Some("no" | "n" | "否" | "不能" | "暂无法解决") => Some(false),
                Some(other) => {
                    return Err(zhitong_domain::DomainError::invalid(
                        "solvable",
                        format!("--solvable “{other}”无效，应为 yes（能办）或 no（暂无法解决）"),
                    )
                    .into())
                }
            };
            let input = MeetInput {
                milestone,
                solvable,
                text,
            };
            ctx.ledger.meet(id, &input, &op, at)?
        }
        CaseCmd::Reject {
            id,
            reason,
            detail,
            told,
        } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            let input = RejectInput {
                reason: Some(RejectReason::parse(&reason)?),
                detail,
                told,
            };
            ctx.ledger.reject(id, &input, &op, at)?
        }
        CaseCmd::AwaitMaterial { id, what } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            ctx.ledger.await_material(id, &what, &op, at)?
        }
        CaseCmd::Resume { id, note } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            ctx.ledger.resume(id, &note, &op, at)?
        }
        CaseCmd::Assign(a) => {
            let (id, op) = (find(ctx, &a.id)?, ctx.operator()?);
            ctx.ledger.assign(id, &a.input(String::new()), &op, at)?
        }
        CaseCmd::Reassign { a, reason } => {
            let (id, op) = (find(ctx, &a.id)?, ctx.operator()?);
            ctx.ledger.reassign(id, &a.input(reason), &op, at)?
        }
        CaseCmd::SheetReturned { id } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            ctx.ledger.sheet_returned(id, &op, at)?
        }
        CaseCmd::Progress { id, text, feedback } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            ctx.ledger.progress(id, &text, feedback, &op, at)?
        }
        CaseCmd::Urge { id, way, text } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            ctx.ledger
                .urge(id, &UrgeInput { way, content: text }, &op, at)?
        }
        CaseCmd::Escalate { id, reason } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            ctx.ledger.escalate(id, &reason, &op, at)?
        }
        CaseCmd::Reply {
            id,
            outcome,
            text,
            way,
            reason,
            until,
        } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            let input = ReplyInput {
                way,
                text,
                outcome: Outcome::parse(&outcome)?,
                outcome_reason: reason,
                until: until.as_deref().map(parse_date).transpose()?,
            };
            ctx.ledger.reply(id, &input, &op, at)?
        }
        CaseCmd::Evaluate {
            id,
            result,
            quality,
            attitude,
            efficiency,
            comment,
        } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            let input = EvaluateInput {
                result: Satisfaction::parse(&result)?,
                quality,
                attitude,
                efficiency,
                comment,
            };
            ctx.ledger.evaluate(id, &input, &op, at)?
        }
        CaseCmd::Reopen { id, reason, until } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            let until = until.as_deref().map(parse_date).transpose()?;
            ctx.ledger.reopen(id, &reason, until, &op, at)?
        }
        CaseCmd::Close { id, note } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            ctx.ledger.close(id, &note, &op, at)?
        }
        CaseCmd::Edit { id, reason, set } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            let input = with_changes(&ctx.ledger.case(id)?.registration(), &set)?;
            ctx.ledger.edit(id, &input, &reason, &op, at)?
        }
        CaseCmd::Void { id, reason } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            ctx.ledger.void(id, &reason, &op, at)?
        }
        CaseCmd::Attach { id, file, kind } => {
            let (id, op) = (find(ctx, &id)?, ctx.operator()?);
            ctx.ledger.attach(id, &file, &kind, &op, at)?
        }
    };
    show(ctx, &case)
}

/// The case as text (a short page) and as JSON (everything).
pub fn show(ctx: &Ctx, c: &Case) -> Result<Out, Fail> {
    let cal = ctx.ledger.calendar()?;
    let mut t = format!(
        "{}  [{}]{}{}\n",
        c.reg_no,
        c.state.label(),
        if c.escalated {
            " 已提交领导小组督办"
        } else {
            ""
        },
        if c.special_supervision {
            " 专项督办"
        } else {
            ""
        }
    );
    if c.common_issue {
        t += "共性问题（列入联席会议议题）\n";
    }
    t += &format!(
        "反映时间：{}  渠道：{}  性质：{}  类别：{}\n",
        c.received_at.format("%Y-%m-%d %H:%M"),
        c.channel,
        c.nature,
        c.category
    );
    t += &format!(
        "企业：{}{}  地址：{}\n",
        c.enterprise.name,
        c.enterprise
            .credit_code
            .as_deref()
            .map(|x| format!("（{x}）"))
            .unwrap_or_default(),
        c.enterprise.address
    );
    t += &format!(
        "联系人：{} {} {} {}\n",
        c.contact.name, c.contact.title, c.contact.phone, c.contact.email
    );
    t += &format!("问题：{}\n", c.description);
    if let Some(a) = &c.assignment {
        t += &format!(
            "交办：{} 牵头 {}{} · {} · {}\n",
            if a.assign_no.is_empty() {
                "发函"
            } else {
                a.assign_no.as_str()
            },
            a.lead,
            if a.cooperating.is_empty() {
                String::new()
            } else {
                format!("，配合 {}", a.cooperating.join("、"))
            },
            a.handling_class,
            a.route.label()
        );
    }
    for d in &c.deadlines {
        let state = match d.met_at {
            Some(m) => format!("已于 {} 完成", m.format("%Y-%m-%d %H:%M")),
            None => zhitong_calendar::describe(
                &cal,
                &zhitong_calendar::Due {
                    at: d.due_at,
                    provisional: d.provisional,
                },
                ctx.now,
            ),
        };
        t += &format!("时限：{} {}\n", d.label, state);
    }
    if let Some(r) = &c.reply {
        t += &format!(
            "答复：{} {} {}：{}\n",
            r.at.format("%Y-%m-%d"),
            r.way,
            r.outcome.label(),
            r.text
        );
    }
    if let Some(e) = &c.evaluation {
        t += &format!(
            "评价：{}{}\n",
            e.result.label(),
            if e.deemed { "（视作满意）" } else { "" }
        );
    }
    for f in &c.filings {
        t += &format!(
            "备案：{} {}（{}签字）{}\n",
            f.filed_at.format("%Y-%m-%d"),
            f.department,
            f.signed_by,
            f.file_name
                .as_deref()
                .map(|n| format!(" 扫描件 {n}"))
                .unwrap_or_default()
        );
    }
    for d in &c.decisions {
        t += &format!(
            "领导小组决定：{} {}{}\n",
            d.decided_at.format("%Y-%m-%d"),
            d.text,
            d.meeting
                .as_deref()
                .map(|m| format!("（{m}）"))
                .unwrap_or_default()
        );
    }
    t += "经过：\n";
    for e in &c.events {
        t += &format!(
            "  {} {} {}\n",
            e.at.format("%Y-%m-%d %H:%M"),
            e.operator,
            e.summary
        );
    }
    Ok(Out::text(t, serde_json::to_value(c)?))
}
