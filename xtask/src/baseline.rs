//! The clerk's baseline: the same registration form as a word-processor document (a
//! flat ODT written here, no extra crates) converted to PDF by LibreOffice
//! (`soffice --headless --convert-to pdf`), as a clerk does today with a Word template.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context};
use zhitong_domain::Case;

use crate::timing::Stats;

pub struct Baseline {
    pub version: String,
    pub convert: Stats,
    pub pdf_size: u64,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn cell(text: &str, style: &str, span: usize) -> String {
    let spanned = if span > 1 {
        format!(r#" table:number-columns-spanned="{span}""#)
    } else {
        String::new()
    };
    let mut out = format!(
        r#"<table:table-cell table:style-name="Cell" office:value-type="string"{spanned}><text:p text:style-name="{style}">{}</text:p></table:table-cell>"#,
        esc(text)
    );
    for _ in 1..span.max(1) {
        out.push_str("<table:covered-table-cell/>");
    }
    out
}

/// The 企业反映困难问题登记表 of `c` as a flat ODT (.fodt) document.
pub fn registration_fodt(c: &Case) -> String {
    let received = c.received_at.format("%Y年%m月%d日 %H:%M").to_string();
    let rows: Vec<String> = vec![
        [
            cell("企业名称", "Label", 1),
            cell(&c.enterprise.name, "Value", 3),
        ]
        .concat(),
        [
            cell("详细地址", "Label", 1),
            cell(&c.enterprise.address, "Value", 3),
        ]
        .concat(),
        [
            cell("反映时间", "Label", 1),
            cell(&received, "Value", 1),
            cell("反映形式", "Label", 1),
            cell(&c.channel, "Value", 1),
        ]
        .concat(),
        [
            cell("联系人", "Label", 1),
            cell(&c.contact.name, "Value", 1),
            cell("职务", "Label", 1),
            cell(&c.contact.title, "Value", 1),
        ]
        .concat(),
        [
            cell("联系电话", "Label", 1),
            cell(&c.contact.phone, "Value", 1),
            cell("电子邮箱", "Label", 1),
            cell(&c.contact.email, "Value", 1),
        ]
        .concat(),
        [
            cell("企业反映困难问题", "Label", 1),
            cell(&c.description, "Value", 3),
        ]
        .concat(),
        [
            cell("希望协调解决事项的部门", "Label", 1),
            cell(&c.wanted_department, "Value", 3),
        ]
        .concat(),
        [
            cell("分管领导甄别意见", "Label", 1),
            cell(&c.screening_opinion, "Value", 3),
        ]
        .concat(),
    ];
    let body: String = rows
        .iter()
        .map(|r| format!("<table:table-row>{r}</table:table-row>"))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Serif" svg:font-family="'Noto Serif CJK SC'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
 <style:font-face style:name="Sans" svg:font-family="'Noto Sans CJK SC'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:automatic-styles>
 <style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm" fo:margin-top="25mm" fo:margin-bottom="25mm" fo:margin-left="20mm" fo:margin-right="20mm"/></style:page-layout>
 <style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="6mm"/><style:text-properties style:font-name-asian="Sans" fo:font-size="22pt" style:font-size-asian="22pt"/></style:style>
 <style:style style:name="Head" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="2mm"/><style:text-properties style:font-name-asian="Serif" fo:font-size="12pt" style:font-size-asian="12pt"/></style:style>
 <style:style style:name="Label" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties style:font-name-asian="Serif" fo:font-size="12pt" style:font-size-asian="12pt"/></style:style>
 <style:style style:name="Value" style:family="paragraph"><style:text-properties style:font-name-asian="Serif" fo:font-size="14pt" style:font-size-asian="14pt"/></style:style>
 <style:style style:name="Form" style:family="table"><style:table-properties style:width="170mm" table:align="center"/></style:style>
 <style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="2mm"/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles>
<office:body><office:text>
<text:p text:style-name="Title">企业反映困难问题登记表</text:p>
<text:p text:style-name="Head">问题类别：{category}　　　　登记编号：{reg_no}</text:p>
<table:table table:name="Form" table:style-name="Form">
<table:table-column table:number-columns-repeated="4"/>
{body}
</table:table>
</office:text></office:body>
</office:document>
"#,
        category = esc(&c.category),
        reg_no = esc(&c.reg_no),
    )
}

fn soffice() -> Option<PathBuf> {
    ["soffice", "libreoffice"].iter().find_map(|n| {
        Command::new(n)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .ok()
            .filter(|s| s.success())
            .map(|_| PathBuf::from(n))
    })
}

/// Converts the registration form of `c` with LibreOffice `runs` times (after one
/// untimed run that creates its profile). Each run is a fresh `soffice` process, as a
/// clerk's conversion is.
pub fn measure(c: &Case, scratch: &Path, runs: usize) -> anyhow::Result<Baseline> {
    let Some(bin) = soffice() else {
        bail!("LibreOffice not installed (apt-get install libreoffice-writer-nogui)");
    };
    let version = Command::new(&bin)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    std::fs::create_dir_all(scratch)?;
    let doc = scratch.join("registration.fodt");
    std::fs::write(&doc, registration_fodt(c))?;
    let profile = scratch.join("lo-profile");
    let profile_url = format!("-env:UserInstallation=file://{}", profile.display());
    let out = scratch.join("lo-out");
    let pdf = out.join("registration.pdf");
    let convert = || -> anyhow::Result<std::time::Duration> {
        let _ = std::fs::remove_file(&pdf);
        let t = Instant::now();
        let ok = Command::new(&bin)
            .args([
                profile_url.as_str(),
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(&out)
            .arg(&doc)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .context("soffice")?
            .success();
        let took = t.elapsed();
        if !ok || !pdf.exists() {
            bail!("soffice --convert-to pdf produced no PDF");
        }
        Ok(took)
    };
    convert()?;
    let mut samples = Vec::new();
    for _ in 0..runs.max(1) {
        samples.push(convert()?);
    }
    Ok(Baseline {
        version,
        convert: Stats::from_samples(samples),
        pdf_size: std::fs::metadata(&pdf)?.len(),
    })
}
