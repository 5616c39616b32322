//! The one error type of the print crate. Every variant has a Chinese message a clerk
//! can act on and a stable machine code (`PrintError::code`) the UI can switch on.

use std::path::PathBuf;

/// What can go wrong while loading fonts or rendering a document.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// No usable CJK font was found anywhere in the chain.
    #[error(
        "没有可用的中文字体（{role}）：请安装 fonts-noto-cjk（Linux）或在字体设置中指定字体文件"
    )]
    NoFont {
        /// The role (仿宋, 宋体, …) that could not be served.
        role: String,
    },
    /// A font file named in the chain could not be read or parsed.
    #[error("无法读取字体文件 {path}：{reason}")]
    FontFile {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// Characters that no font in the chain can draw. They are never printed as boxes.
    #[error("以下字符在所有已安装的字体中都找不到，无法打印：{chars}")]
    MissingGlyphs {
        /// The distinct missing characters, in order of first appearance.
        chars: String,
    },
    /// The case number cannot be encoded as a QR code.
    #[error("无法为编号“{value}”生成二维码：{reason}")]
    QrCode {
        /// The text that was to be encoded.
        value: String,
        /// Why.
        reason: String,
    },
    /// printpdf reported an error while writing the file.
    #[error("生成 PDF 文件失败：{0}")]
    Pdf(String),
    /// A batch was asked to print nothing.
    #[error("没有要打印的内容")]
    Empty,
}

impl PrintError {
    /// A stable, machine-readable code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            PrintError::NoFont { .. } => "print.no_font",
            PrintError::FontFile { .. } => "print.font_file",
            PrintError::MissingGlyphs { .. } => "print.missing_glyphs",
            PrintError::QrCode { .. } => "print.qr_code",
            PrintError::Pdf(_) => "print.pdf",
            PrintError::Empty => "print.empty",
        }
    }
}
