//! The case page's read model: the case, the actions its state allows and every
//! deadline in plain words ("还剩 2 个工作日（…截止）", "已逾期 3 个工作日", 暂定).
//! Guarantees: the words and colours come from the calendar crate's arithmetic, never
//! from the UI counting days.

use serde::Serialize;
use ts_rs::TS;
use zhitong_calendar as cal;
use zhitong_domain::schedule::{self, Level};
use zhitong_domain::{Action, Case, Instant};
use zhitong_print::ledger::DocKind;
use zhitong_store::{allowed_actions, Ledger, Result};

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export_to = "bindings/")]
pub struct DeadlineView {
    pub id: i64,
    pub label: String,
    /// e.g. 还剩 2 个工作日（10月12日 周一 24:00 截止）; 已于… 完成 when met.
    pub text: String,
    pub level: Level,
    pub provisional: bool,
    pub met: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export_to = "bindings/")]
pub struct CaseView {
    pub case: Case,
    pub allowed: Vec<Action>,
    /// The documents this case can print now (登记表 always; 交办单 once assigned; …).
    pub documents: Vec<DocKind>,
    pub deadlines: Vec<DeadlineView>,
    /// The colour of the case as a whole: its earliest running deadline, grey when none.
    pub level: Level,
    #[ts(type = "string")]
    pub now: Instant,
}

pub fn case_view(ledger: &Ledger, id: i64, now: Instant) -> Result<CaseView> {
    let case = ledger.case(id)?;
    let calendar = ledger.calendar()?;
    let settings = ledger.settings()?;
    let running =
        case.state.is_open() && !matches!(case.state, zhitong_domain::CaseState::AwaitingMaterial);
    let deadlines: Vec<DeadlineView> = case
        .deadlines
        .iter()
        .map(|d| {
            let due = cal::Due {
                at: d.due_at,
                provisional: d.provisional,
            };
            let (text, level) = match d.met_at {
                Some(met) => (
                    format!(
                        "已于 {} 完成（时限 {}）",
                        met.format("%Y-%m-%d %H:%M"),
                        d.due_at.format("%Y-%m-%d %H:%M")
                    ),
                    Level::Grey,
                ),
                None if !running => (cal::describe(&calendar, &due, now), Level::Grey),
                None => (
                    cal::describe(&calendar, &due, now),
                    schedule::level(&calendar, &settings, d.due_at, now),
                ),
            };
            DeadlineView {
                id: d.id,
                label: d.label.clone(),
                text,
                level,
                provisional: d.provisional,
                met: d.met_at.is_some(),
            }
        })
        .collect();
    let level = deadlines
        .iter()
        .filter(|d| !d.met)
        .map(|d| d.level)
        .max_by_key(|l| l.rank())
        .unwrap_or(Level::Grey);
    Ok(CaseView {
        allowed: allowed_actions(&case, &settings),
        documents: DocKind::ALL
            .into_iter()
            .filter(|k| k.available(&case))
            .collect(),
        case,
        deadlines,
        level,
        now,
    })
}
