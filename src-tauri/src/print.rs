//! Printing: fills the print crate's documents (登记表, 交办单) from a case, writes the
//! PDF under the ledger's folder (`prints/`) and opens it in the system viewer, where
//! the clerk prints it. Guarantees: the PDF is made by the print crate (GB/T 9704 layout,
//! embedded fonts), never a screenshot of the page.

use std::path::PathBuf;

use chrono::Datelike;
use zhitong_domain::{Case, Settings};
use zhitong_print::{assignment, registration, DocSettings, Fonts};

use crate::error::{ApiError, ApiResult};

fn doc_settings(s: &Settings) -> DocSettings {
    DocSettings {
        park_name: s.park_name.clone(),
        issuing_body: s.issuing_body.clone(),
        service_centre: s.service_center.clone(),
        hotline: s.hotline.clone(),
        letter_copy_to: s.letter_copy_to.clone(),
        ..DocSettings::default()
    }
}

fn when(t: zhitong_domain::Instant) -> String {
    format!(
        "{}年{}月{}日 {}",
        t.year(),
        t.month(),
        t.day(),
        t.format("%H:%M")
    )
}

/// Renders `document` (`registration` or `assignment`) of `case` to a PDF file.
pub fn render(
    case: &Case,
    settings: &Settings,
    document: &str,
    dir: PathBuf,
) -> ApiResult<PathBuf> {
    let fonts = Fonts::load_system()
        .map_err(|e| ApiError::new("print.fonts", format!("找不到打印所需的中文字体：{e}")))?;
    let doc = doc_settings(settings);
    let (bytes, label) = match document {
        "registration" => {
            let sheet = registration::Sheet {
                category: case.category.clone(),
                reg_no: case.reg_no.clone(),
                enterprise: case.enterprise.name.clone(),
                address: case.enterprise.address.clone(),
                received_at: when(case.received_at),
                contact: case.contact.name.clone(),
                position: case.contact.title.clone(),
                phone: case.contact.phone.clone(),
                email: case.contact.email.clone(),
                problem: case.description.clone(),
                departments: case.wanted_department.clone(),
                screening_opinion: case.screening_opinion.clone(),
                channel: case.channel.clone(),
            };
            (registration::render(&sheet, &doc, &fonts), "登记表")
        }
        "assignment" => {
            let a = case.assignment.as_ref().ok_or_else(|| {
                ApiError::new("print.no_assignment", "该案件尚未交办，没有交办单可打印")
            })?;
            let due = case
                .next_deadline()
                .map(|d| when(d.due_at))
                .unwrap_or_default();
            let sheet = assignment::Sheet {
                reg_no: case.reg_no.clone(),
                assign_no: a.assign_no.clone(),
                matter: case.description.clone(),
                enterprise: case.enterprise.name.clone(),
                address: case.enterprise.address.clone(),
                contact: case.contact.name.clone(),
                phone: case.contact.phone.clone(),
                lead_department: a.lead.clone(),
                cooperating_departments: a.cooperating.join("、"),
                assigned_on: zhitong_print::chinese_date(a.assigned_at.date_naive()),
                deadline: due,
                remarks: a.note.clone(),
            };
            (assignment::render(&sheet, &doc, &fonts), "交办单")
        }
        other => {
            return Err(ApiError::new(
                "print.unsupported",
                format!("暂不支持在桌面端打印“{other}”，请使用命令行 zhitong print"),
            ))
        }
    };
    let bytes = bytes.map_err(|e| ApiError::new("print.render", e.to_string()))?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| ApiError::new("file.write", format!("无法创建 {}：{e}", dir.display())))?;
    let name: String = format!("{}-{label}.pdf", case.reg_no)
        .chars()
        .map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect();
    let path = dir.join(name);
    std::fs::write(&path, bytes)
        .map_err(|e| ApiError::new("file.write", format!("无法写入 {}：{e}", path.display())))?;
    Ok(path)
}
