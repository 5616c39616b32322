//! Per-park settings printed on every document (names, hotline, copy-to bodies). Plain
//! data, filled by the caller from the ledger's settings; nothing here is hard-coded into
//! a document except through `DocSettings::default`, which carries the seed park's values.

use serde::{Deserialize, Serialize};

/// Names and numbers that appear on the printed documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocSettings {
    /// The park administration, e.g. 重庆市正阳工业园区管理委员会 (letterhead and signatures).
    pub park_name: String,
    /// The body that signs letters (发文机关署名); usually the park administration.
    pub issuing_body: String,
    /// The office that prints official documents (印发机关), e.g. …管理委员会办公室.
    pub printing_office: String,
    /// The enterprise-service centre, e.g. 正阳工业园区企业服务中心.
    pub service_centre: String,
    /// The office of the leading group that assigns, urges and supervises, e.g.
    /// 园区服务企业领导小组办公室.
    pub leading_group_office: String,
    /// Label of the contact line, e.g. 企业服务热线.
    pub hotline_label: String,
    /// The hotline number, e.g. 79429609.
    pub hotline: String,
    /// Bodies every letter is copied to (抄送), e.g. 区民促办.
    pub letter_copy_to: Vec<String>,
    /// Notes printed under the registration sheet (注：…), one entry per numbered note.
    pub registration_notes: Vec<String>,
    /// Notes printed under the assignment sheet.
    pub assignment_notes: Vec<String>,
}

impl Default for DocSettings {
    fn default() -> Self {
        DocSettings {
            park_name: "重庆市正阳工业园区管理委员会".to_string(),
            issuing_body: "重庆市正阳工业园区管理委员会".to_string(),
            printing_office: "重庆市正阳工业园区管理委员会办公室".to_string(),
            service_centre: "正阳工业园区企业服务中心".to_string(),
            leading_group_office: "园区服务企业领导小组办公室".to_string(),
            hotline_label: "企业服务热线".to_string(),
            hotline: "79429609".to_string(),
            letter_copy_to: vec!["区民促办".to_string()],
            registration_notes: vec![
                "注：1.问题类别按政策执行、合同履行、用地审批、用电保障、融资服务、人才服务、招工用工、项目推动、软环境建设、其它进行分类；".to_string(),
                "2.登记编号统一用：企业困难问题〔20XX〕第XX号；".to_string(),
                "3.反映形式为平台受理、来电反映、电子邮件、来人来函等。".to_string(),
            ],
            assignment_notes: vec!["注：交办编号统一用：正阳园区管委交〔20XX〕第XX号。".to_string()],
        }
    }
}
