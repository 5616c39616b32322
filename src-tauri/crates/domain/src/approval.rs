//! Who approves an assignment (003 第7条): within the park committee's remit the leader
//! in charge of enterprise service (分管企业服务领导); several departments, a complex matter
//! or a district bureau the executive deputy director (常务副主任). The settings name the
//! holders of each role; while a list is empty, an active leader whose title names the
//! role holds it. The executive deputy director may also approve what the leader in
//! charge may (he heads the leading group, 003 第4条).

use crate::{DomainError, Role, Route, Settings, Staff};

/// The role that approves `route`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approver {
    /// 分管企业服务领导
    InCharge,
    /// 常务副主任
    ExecutiveDeputy,
}

impl Approver {
    pub fn of(route: Route) -> Approver {
        match route {
            Route::LeaderInCharge => Approver::InCharge,
            Route::ExecutiveDeputy | Route::DistrictLetter => Approver::ExecutiveDeputy,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Approver::InCharge => "分管企业服务领导",
            Approver::ExecutiveDeputy => "常务副主任",
        }
    }

    /// The word a staff title carries when the settings name nobody (分管领导, 常务副主任).
    fn title_word(self) -> &'static str {
        match self {
            Approver::InCharge => "分管",
            Approver::ExecutiveDeputy => "常务副主任",
        }
    }

    fn named(self, settings: &Settings) -> &[String] {
        match self {
            Approver::InCharge => &settings.approvers_in_charge,
            Approver::ExecutiveDeputy => &settings.approvers_executive,
        }
    }

    /// Whether `s` holds this role under `settings`.
    fn held_by(self, s: &Staff, settings: &Settings) -> bool {
        if !s.active || s.role != Role::Leader {
            return false;
        }
        let named = self.named(settings);
        if named.is_empty() {
            s.title.contains(self.title_word())
        } else {
            named.iter().any(|n| n.trim() == s.name)
        }
    }
}

/// The staff who may approve `route`, in staff order.
pub fn holders(route: Route, staff: &[Staff], settings: &Settings) -> Vec<String> {
    let need = Approver::of(route);
    staff
        .iter()
        .filter(|s| {
            need.held_by(s, settings)
                || (need == Approver::InCharge && Approver::ExecutiveDeputy.held_by(s, settings))
        })
        .map(|s| s.name.clone())
        .collect()
}

/// Refuses an approver who does not hold the route's role, naming who may approve.
pub fn check(
    route: Route,
    approver: &str,
    staff: &[Staff],
    settings: &Settings,
) -> Result<(), DomainError> {
    let who = holders(route, staff, settings);
    if who.iter().any(|n| n == approver.trim()) {
        return Ok(());
    }
    let need = Approver::of(route);
    let may = if who.is_empty() {
        format!("尚未指定{}，请管理员在“设置 → 审批人”中指定", need.label())
    } else {
        format!("可审批的有：{}", who.join("、"))
    };
    Err(DomainError::invalid(
        "approver",
        format!(
            "“{}”不是{}，不能审批此交办（{}，003 第7条）。{may}",
            approver.trim(),
            need.label(),
            route.label()
        ),
    ))
}
