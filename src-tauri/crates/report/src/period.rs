//! Reporting periods: week, month, quarter, year or any custom range of days, always the
//! half-open range `[from, to)` of calendar days whose boundaries are midnight at +08:00.
//! Guarantees: `from < to`; the previous period and the same period last year are of the
//! same kind (a month's previous period is the previous month, not "30 days before").

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhitong_domain::Instant;

use crate::error::{ReportError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PeriodKind {
    /// Monday to Sunday.
    Week,
    Month,
    Quarter,
    Year,
    Custom,
}

/// `[from, to)` in calendar days at +08:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Period {
    pub kind: PeriodKind,
    /// First day in the period.
    #[ts(type = "string")]
    pub from: NaiveDate,
    /// First day after the period.
    #[ts(type = "string")]
    pub to: NaiveDate,
}

fn ymd(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| ReportError::BadPeriod(format!("{y}年{m}月{d}日不存在")))
}

/// The same day one year earlier (29 February → 28 February).
fn year_before(d: NaiveDate) -> NaiveDate {
    d.with_year(d.year() - 1)
        .or_else(|| NaiveDate::from_ymd_opt(d.year() - 1, d.month(), d.day() - 1))
        .unwrap_or(d)
}

impl Period {
    /// The week (Monday–Sunday) containing `day`.
    pub fn week(day: NaiveDate) -> Period {
        let from = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
        Period {
            kind: PeriodKind::Week,
            from,
            to: from + Duration::days(7),
        }
    }

    pub fn month(year: i32, month: u32) -> Result<Period> {
        let from = ymd(year, month, 1)?;
        let to = if month == 12 {
            ymd(year + 1, 1, 1)?
        } else {
            ymd(year, month + 1, 1)?
        };
        Ok(Period {
            kind: PeriodKind::Month,
            from,
            to,
        })
    }

    /// Quarter 1–4.
    pub fn quarter(year: i32, quarter: u32) -> Result<Period> {
        if !(1..=4).contains(&quarter) {
            return Err(ReportError::BadPeriod(format!(
                "季度应为 1 到 4，现在是 {quarter}"
            )));
        }
        let from = ymd(year, quarter * 3 - 2, 1)?;
        let to = if quarter == 4 {
            ymd(year + 1, 1, 1)?
        } else {
            ymd(year, quarter * 3 + 1, 1)?
        };
        Ok(Period {
            kind: PeriodKind::Quarter,
            from,
            to,
        })
    }

    pub fn year(year: i32) -> Result<Period> {
        Ok(Period {
            kind: PeriodKind::Year,
            from: ymd(year, 1, 1)?,
            to: ymd(year + 1, 1, 1)?,
        })
    }

    /// `[from, to)`; recognised as a week, month, quarter or year when it is exactly one.
    pub fn between(from: NaiveDate, to: NaiveDate) -> Result<Period> {
        if from >= to {
            return Err(ReportError::BadPeriod(format!(
                "开始日期 {from} 应早于结束日期 {to}（结束日期不含当天）"
            )));
        }
        let candidates = [
            Some(Period::week(from)),
            Period::month(from.year(), from.month()).ok(),
            Period::quarter(from.year(), (from.month() - 1) / 3 + 1).ok(),
            Period::year(from.year()).ok(),
        ];
        Ok(candidates
            .into_iter()
            .flatten()
            .find(|p| p.from == from && p.to == to)
            .unwrap_or(Period {
                kind: PeriodKind::Custom,
                from,
                to,
            }))
    }

    /// Parses `2026`, `2026-Q1`, `2026-03`, `2026-W10`, or `2026-03-01..2026-03-16`.
    pub fn parse(s: &str) -> Result<Period> {
        let t = s.trim();
        let bad = || {
            ReportError::BadPeriod(format!(
                "“{t}”无法识别，可写 2026、2026-Q1、2026-03、2026-W10 或 2026-03-01..2026-03-16"
            ))
        };
        if let Some((a, b)) = t.split_once("..") {
            let a = NaiveDate::parse_from_str(a.trim(), "%Y-%m-%d").map_err(|_| bad())?;
            let b = NaiveDate::parse_from_str(b.trim(), "%Y-%m-%d").map_err(|_| bad())?;
            return Period::between(a, b);
        }
        let (y, rest) = t.split_once('-').unwrap_or((t, ""));
        let y: i32 = y.parse().map_err(|_| bad())?;
        if rest.is_empty() {
            return Period::year(y);
        }
        if let Some(q) = rest.strip_prefix(['Q', 'q']) {
            return Period::quarter(y, q.parse().map_err(|_| bad())?);
        }
        if let Some(w) = rest.strip_prefix(['W', 'w']) {
            let w: u32 = w.parse().map_err(|_| bad())?;
            let d = NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon).ok_or_else(bad)?;
            return Ok(Period::week(d));
        }
        Period::month(y, rest.parse().map_err(|_| bad())?)
    }

    /// Midnight at the start of `from`, +08:00.
    pub fn start(&self) -> Instant {
        midnight(self.from)
    }

    /// Midnight at the start of `to`, +08:00 (not in the period).
    pub fn end(&self) -> Instant {
        midnight(self.to)
    }

    pub fn contains(&self, at: Instant) -> bool {
        at >= self.start() && at < self.end()
    }

    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days()
    }

    /// The period just before, of the same kind.
    pub fn previous(&self) -> Period {
        match self.kind {
            PeriodKind::Week => Period::week(self.from - Duration::days(7)),
            PeriodKind::Month => {
                let d = self.from - Duration::days(1);
                Period::month(d.year(), d.month()).unwrap_or(*self)
            }
            PeriodKind::Quarter => {
                let d = self.from - Duration::days(1);
                Period::quarter(d.year(), (d.month() - 1) / 3 + 1).unwrap_or(*self)
            }
            PeriodKind::Year => Period::year(self.from.year() - 1).unwrap_or(*self),
            PeriodKind::Custom => Period {
                kind: PeriodKind::Custom,
                from: self.from - Duration::days(self.days()),
                to: self.from,
            },
        }
    }

    /// The same period one year earlier (for a week: the week containing the same date).
    pub fn same_period_last_year(&self) -> Period {
        match self.kind {
            PeriodKind::Week => Period::week(year_before(self.from)),
            _ => Period {
                kind: self.kind,
                from: year_before(self.from),
                to: year_before(self.to),
            },
        }
    }

    /// Chinese name: 2026年3月, 2026年第1季度, 2026年, 2026年第10周（3月2日—3月8日）,
    /// 2026年3月1日至3月15日.
    pub fn label(&self) -> String {
        let last = self.to - Duration::days(1);
        let md = |d: NaiveDate| format!("{}月{}日", d.month(), d.day());
        match self.kind {
            PeriodKind::Year => format!("{}年", self.from.year()),
            PeriodKind::Quarter => format!(
                "{}年第{}季度",
                self.from.year(),
                (self.from.month() - 1) / 3 + 1
            ),
            PeriodKind::Month => format!("{}年{}月", self.from.year(), self.from.month()),
            PeriodKind::Week => format!(
                "{}年第{}周（{}—{}）",
                self.from.iso_week().year(),
                self.from.iso_week().week(),
                md(self.from),
                md(last)
            ),
            PeriodKind::Custom if self.from.year() == last.year() => {
                format!("{}年{}至{}", self.from.year(), md(self.from), md(last))
            }
            PeriodKind::Custom => format!(
                "{}年{}至{}年{}",
                self.from.year(),
                md(self.from),
                last.year(),
                md(last)
            ),
        }
    }

    /// 周报 / 月报 / 季报 / 年报 / 专题报告.
    pub fn report_name(&self) -> &'static str {
        match self.kind {
            PeriodKind::Week => "周报",
            PeriodKind::Month => "月报",
            PeriodKind::Quarter => "季报",
            PeriodKind::Year => "年报",
            PeriodKind::Custom => "统计报告",
        }
    }
}

/// Midnight at the start of `day`, +08:00.
pub fn midnight(day: NaiveDate) -> Instant {
    day.and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_local_timezone(zhitong_domain::china())
        .single()
        .expect("fixed offset")
}
