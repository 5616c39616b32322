//! How domain values are written to and read from SQL columns: each enum has exactly one
//! text code per variant ([`Code`]), used in both directions, and instants are RFC 3339
//! text at +08:00. A value in the file that no variant has is reported as damage
//! ([`StoreError::Corrupt`](crate::StoreError::Corrupt)), never mapped to a default.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use zhitong_calendar::Unit;
use zhitong_domain::{
    CaseState, DeadlineKind, DepartmentKind, Instant, MeetingKind, Outcome, RejectReason, Role,
    Route, Satisfaction,
};

/// An enum stored as one text code per variant.
pub(crate) trait Code: Copy + Sized + 'static {
    /// What the column holds, for the damage message (e.g. "案件状态").
    const WHAT: &'static str;
    const ALL: &'static [Self];
    fn code(self) -> &'static str;

    fn from_code(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == s)
    }
}

/// A column value of a [`Code`] enum: `params![Col(state)]`, `r.get::<_, Col<CaseState>>(i)?.0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Col<T>(pub T);

/// The error a column read returns for a value no variant has.
#[derive(Debug, thiserror::Error)]
#[error("{what}“{value}”")]
pub(crate) struct UnknownCode {
    pub what: &'static str,
    pub value: String,
}

impl<T: Code> ToSql for Col<T> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.code()))
    }
}

impl<T: Code> FromSql for Col<T> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = value.as_str()?;
        T::from_code(s).map(Col).ok_or_else(|| {
            FromSqlError::Other(Box::new(UnknownCode {
                what: T::WHAT,
                value: s.to_string(),
            }))
        })
    }
}

/// An instant column: RFC 3339 at +08:00, whole seconds, so that text order is time order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ts(pub Instant);

impl ToSql for Ts {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(crate::ts(self.0)))
    }
}

impl FromSql for Ts {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = value.as_str()?;
        crate::parse_ts(s).map(Ts).map_err(|_| {
            FromSqlError::Other(Box::new(UnknownCode {
                what: "时间",
                value: s.to_string(),
            }))
        })
    }
}

macro_rules! codes {
    ($ty:ty, $what:literal, [$($variant:path => $code:literal),+ $(,)?]) => {
        impl Code for $ty {
            const WHAT: &'static str = $what;
            const ALL: &'static [Self] = &[$($variant),+];
            // Exhaustive: a new variant without a code does not compile.
            fn code(self) -> &'static str {
                match self {
                    $($variant => $code,)+
                }
            }
        }
    };
}

// The state machine's own ids are the codes.
impl Code for CaseState {
    const WHAT: &'static str = "案件状态";
    const ALL: &'static [Self] = &CaseState::ALL;
    fn code(self) -> &'static str {
        self.id()
    }
}

codes!(Outcome, "办理结果", [Outcome::A => "A", Outcome::B => "B", Outcome::C => "C"]);

codes!(Satisfaction, "评价结果", [
    Satisfaction::Satisfied => "satisfied",
    Satisfaction::Average => "average",
    Satisfaction::Unsatisfied => "unsatisfied",
]);

codes!(RejectReason, "不予受理理由", [
    RejectReason::OutOfScope => "out_of_scope",
    RejectReason::Illegal => "illegal",
    RejectReason::Litigation => "litigation",
    RejectReason::Petition => "petition",
    RejectReason::Other => "other",
]);

codes!(Route, "审批路径", [
    Route::LeaderInCharge => "leader_in_charge",
    Route::ExecutiveDeputy => "executive_deputy",
    Route::DistrictLetter => "district_letter",
]);

codes!(DepartmentKind, "部门类型", [
    DepartmentKind::Internal => "internal",
    DepartmentKind::District => "district",
]);

codes!(Role, "人员角色", [Role::Clerk => "clerk", Role::Leader => "leader", Role::Admin => "admin"]);

codes!(Unit, "时限单位", [
    Unit::Hours => "hours",
    Unit::Days => "days",
    Unit::WorkingDays => "working_days",
]);

codes!(DeadlineKind, "时限类别", [
    DeadlineKind::Handling => "handling",
    DeadlineKind::Letter => "letter",
    DeadlineKind::Evaluation => "evaluation",
]);

codes!(MeetingKind, "会议类型", [
    MeetingKind::Joint => "joint",
    MeetingKind::Coordination => "coordination",
    MeetingKind::LeadingGroup => "leading_group",
]);

/// The code of `v`, for SQL text built by hand (`IN ('handling', 'letter')` lists).
pub(crate) fn code<T: Code>(v: T) -> &'static str {
    v.code()
}

/// Reads a code column that must hold a known value.
pub(crate) fn parse<T: Code>(s: &str) -> crate::Result<T> {
    T::from_code(s).ok_or_else(|| crate::StoreError::Corrupt(format!("{}“{s}”", T::WHAT)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Code + PartialEq + std::fmt::Debug>() {
        let mut seen = std::collections::HashSet::new();
        for v in T::ALL {
            assert!(
                seen.insert(v.code()),
                "{} code {} used twice",
                T::WHAT,
                v.code()
            );
            assert_eq!(
                T::from_code(v.code()),
                Some(*v),
                "{} must read back",
                T::WHAT
            );
        }
    }

    #[test]
    fn every_code_reads_back_as_its_variant() {
        round_trip::<CaseState>();
        round_trip::<Outcome>();
        round_trip::<Satisfaction>();
        round_trip::<RejectReason>();
        round_trip::<Route>();
        round_trip::<DepartmentKind>();
        round_trip::<Role>();
        round_trip::<Unit>();
        round_trip::<DeadlineKind>();
        round_trip::<MeetingKind>();
    }

    #[test]
    fn codes_cover_every_variant_and_match_the_domain_ids() {
        assert_eq!(<RejectReason as Code>::ALL.len(), RejectReason::ALL.len());
        for r in RejectReason::ALL {
            let serde = serde_json::to_value(r).unwrap();
            assert_eq!(serde.as_str(), Some(r.code()), "reject codes match serde");
        }
        assert_eq!(<DeadlineKind as Code>::ALL.len(), DeadlineKind::ALL.len());
    }
}
