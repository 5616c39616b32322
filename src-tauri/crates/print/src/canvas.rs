//! Drawing surface shared by all documents: A4 pages (portrait, or landscape for the
//! board) measured in millimetres from the top-left corner (converted to printpdf's
//! bottom-up points here and only here), text
//! runs split across the font chain per character, lines, boxes and vector QR codes.
//! Guarantees: text is real text (selectable, searchable); a character no font can draw
//! is collected and turned into `PrintError::MissingGlyphs` instead of an empty box.

use printpdf::{
    Codepoint, Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rgb, TextItem, TextMatrix,
    WindingOrder,
};

use crate::error::PrintError;
use crate::fonts::{FontRole, Fonts};
use crate::wrap;

/// A4 width in mm.
pub const PAGE_W: f32 = 210.0;
/// A4 height in mm.
pub const PAGE_H: f32 = 297.0;
/// Millimetres per point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

/// Horizontal alignment of a text line inside a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// Text style: role, size in pt, extra spacing between characters in mm, colour.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub role: FontRole,
    pub size: f32,
    pub spacing: f32,
    pub red: bool,
}

impl Style {
    pub const fn new(role: FontRole, size: f32) -> Style {
        Style {
            role,
            size,
            spacing: 0.0,
            red: false,
        }
    }

    pub const fn spaced(mut self, spacing: f32) -> Style {
        self.spacing = spacing;
        self
    }

    pub const fn red(mut self) -> Style {
        self.red = true;
        self
    }

    /// Font size in mm.
    pub fn size_mm(&self) -> f32 {
        self.size * MM_PER_PT
    }
}

/// The official red of letterheads.
fn red() -> Color {
    Color::Rgb(Rgb::new(0.85, 0.0, 0.0, None))
}

fn black() -> Color {
    Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None))
}

fn pt(mm: f32) -> Pt {
    Mm(mm).into_pt()
}

fn point(page_h: f32, x: f32, y_top: f32) -> Point {
    Point {
        x: pt(x),
        y: pt(page_h - y_top),
    }
}

/// A document under construction.
pub struct Canvas<'f> {
    fonts: &'f Fonts,
    doc: PdfDocument,
    font_ids: Vec<Option<FontId>>,
    pages: Vec<Vec<Op>>,
    missing: Vec<char>,
    /// Page size in mm (A4 portrait unless made with [`Canvas::landscape`]).
    size: (f32, f32),
    /// The page drawing goes to; the last page when `None`.
    current: Option<usize>,
}

impl<'f> Canvas<'f> {
    pub fn new(fonts: &'f Fonts, title: &str) -> Canvas<'f> {
        Canvas {
            fonts,
            doc: PdfDocument::new(title),
            font_ids: vec![None; fonts.len()],
            pages: Vec::new(),
            missing: Vec::new(),
            size: (PAGE_W, PAGE_H),
            current: None,
        }
    }

    /// A document of A4 landscape pages (297 × 210 mm).
    pub fn landscape(fonts: &'f Fonts, title: &str) -> Canvas<'f> {
        Canvas {
            size: (PAGE_H, PAGE_W),
            ..Canvas::new(fonts, title)
        }
    }

    /// Page width and height in mm.
    pub fn size(&self) -> (f32, f32) {
        self.size
    }

    /// Starts a new page; all drawing goes to the last page.
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.current = None;
    }

    /// Sends further drawing to page `index` (0-based), e.g. to number the pages once
    /// their count is known; [`Canvas::new_page`] goes back to drawing on the last page.
    pub fn turn_to(&mut self, index: usize) {
        self.current = Some(index.min(self.pages.len().saturating_sub(1)));
    }

    /// Number of pages so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        match self.current {
            Some(i) if i < self.pages.len() => &mut self.pages[i],
            _ => self.pages.last_mut().expect("a page exists"),
        }
    }

    /// Width of `text` in mm.
    pub fn width(&self, style: Style, text: &str) -> f32 {
        let n = text.chars().count() as f32;
        let em: f32 = text
            .chars()
            .map(|c| self.fonts.advance(style.role, c))
            .sum();
        em * style.size_mm() + n * style.spacing
    }

    /// Wraps `text` to lines no wider than `max_w` mm.
    pub fn wrap(&self, style: Style, text: &str, max_w: f32) -> Vec<String> {
        let size = style.size_mm();
        wrap::wrap(text, max_w, |c| {
            self.fonts.advance(style.role, c) * size + style.spacing
        })
    }

    /// Draws one line of text with its baseline at `y` mm from the top, starting at `x`.
    /// Returns the width drawn, in mm.
    pub fn text(&mut self, x: f32, y: f32, style: Style, text: &str) -> f32 {
        // Split into runs of characters drawn by the same face.
        // Each glyph carries its character, for the text layer (ToUnicode).
        let mut runs: Vec<(usize, f32, Vec<Codepoint>)> = Vec::new();
        let mut cursor = x;
        let size = style.size_mm();
        for c in text.chars() {
            if c.is_control() {
                continue;
            }
            let Some((face, glyph)) = self.fonts.glyph_for(style.role, c) else {
                if c != ' ' && c != '\u{3000}' && !self.missing.contains(&c) {
                    self.missing.push(c);
                }
                cursor += if c == ' ' { 0.5 } else { 1.0 } * size + style.spacing;
                continue;
            };
            let adv = glyph.advance * size + style.spacing;
            let g = Codepoint {
                gid: glyph.id,
                offset: 0.0,
                cid: Some(c.to_string()),
            };
            match runs.last_mut() {
                Some((f, _, s)) if *f == face => s.push(g),
                _ => runs.push((face, cursor, vec![g])),
            }
            cursor += adv;
        }
        if runs.is_empty() {
            return cursor - x;
        }
        let colour = if style.red { red() } else { black() };
        let mut ops = Vec::with_capacity(runs.len() * 3 + 6);
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetFillColor { col: colour });
        ops.push(Op::StartTextSection);
        if style.spacing != 0.0 {
            ops.push(Op::SetCharacterSpacing {
                multiplier: pt(style.spacing).0,
            });
        }
        for (face, rx, s) in runs {
            let id = self.font_id(face);
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(id),
                size: Pt(style.size),
            });
            let p = point(self.size.1, rx, y);
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(p.x, p.y),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(s)],
            });
        }
        if style.spacing != 0.0 {
            ops.push(Op::SetCharacterSpacing { multiplier: 0.0 });
        }
        ops.push(Op::EndTextSection);
        ops.push(Op::RestoreGraphicsState);
        self.ops().extend(ops);
        cursor - x
    }

    /// Draws `text` aligned inside the horizontal span `[x, x + w]`.
    pub fn text_in(&mut self, x: f32, w: f32, y: f32, style: Style, align: Align, text: &str) {
        let tw = self.width(style, text) - style.spacing;
        let x0 = match align {
            Align::Left => x,
            Align::Center => x + (w - tw) / 2.0,
            Align::Right => x + w - tw,
        };
        self.text(x0, y, style, text);
    }

    /// Draws `text` with its characters spread evenly over `[x, x + w]` (labels like
    /// 联 系 人 in forms).
    pub fn text_spread(&mut self, x: f32, w: f32, y: f32, style: Style, text: &str) {
        let chars: Vec<char> = text.chars().collect();
        if chars.len() < 2 {
            self.text_in(x, w, y, style, Align::Center, text);
            return;
        }
        let tw = self.width(style, text);
        let gap = (w - tw) / (chars.len() - 1) as f32;
        self.text(x, y, style.spaced(style.spacing + gap.max(0.0)), text);
    }

    /// Draws `text` vertically, one character per line, centred in the box
    /// `[x, x + w] × [top, top + h]`. Brackets and punctuation take their vertical forms.
    pub fn text_vertical(&mut self, x: f32, top: f32, w: f32, h: f32, style: Style, text: &str) {
        let chars: Vec<char> = text.chars().map(wrap::vertical_form).collect();
        let n = chars.len() as f32;
        let size = style.size_mm();
        let pitch = (size * 1.25).min(h / n.max(1.0));
        let total = pitch * n;
        let mut y = top + (h - total) / 2.0 + pitch * 0.5 + size * 0.35;
        for c in chars {
            let s = c.to_string();
            self.text_in(x, w, y, style, Align::Center, &s);
            y += pitch;
        }
    }

    /// A straight line of `width` mm thickness.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.line_coloured(x1, y1, x2, y2, width, false);
    }

    /// A straight line, optionally in letterhead red.
    pub fn line_coloured(
        &mut self,
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        red_line: bool,
    ) {
        let col = if red_line { red() } else { black() };
        let h = self.size.1;
        let ops = self.ops();
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetOutlineColor { col });
        ops.push(Op::SetOutlineThickness { pt: pt(width) });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: point(h, x1, y1),
                        bezier: false,
                    },
                    LinePoint {
                        p: point(h, x2, y2),
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
        ops.push(Op::RestoreGraphicsState);
    }

    /// A rectangle filled with the colour `rgb` (0.0–1.0 each): table heads, chart bars.
    pub fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, rgb: [f32; 3]) {
        let page_h = self.size.1;
        let ring = PolygonRing {
            points: [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
                .into_iter()
                .map(|(px, py)| LinePoint {
                    p: point(page_h, px, py),
                    bezier: false,
                })
                .collect(),
        };
        let ops = self.ops();
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetFillColor {
            col: Color::Rgb(Rgb::new(rgb[0], rgb[1], rgb[2], None)),
        });
        ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![ring],
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
        ops.push(Op::RestoreGraphicsState);
    }

    /// An unfilled rectangle.
    pub fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32) {
        self.line(x, y, x + w, y, width);
        self.line(x + w, y, x + w, y + h, width);
        self.line(x + w, y + h, x, y + h, width);
        self.line(x, y + h, x, y, width);
    }

    /// A small vector QR code of `value` with its top-left corner at (`x`, `y`), `size`
    /// mm square (quiet zone included).
    pub fn qr(&mut self, x: f32, y: f32, size: f32, value: &str) -> Result<(), PrintError> {
        let code =
            qrcode::QrCode::with_error_correction_level(value.as_bytes(), qrcode::EcLevel::M)
                .map_err(|e| PrintError::QrCode {
                    value: value.to_string(),
                    reason: e.to_string(),
                })?;
        let n = code.width();
        let quiet = 2usize;
        let module = size / (n + 2 * quiet) as f32;
        let colors = code.to_colors();
        let h = self.size.1;
        let mut rings = Vec::new();
        for row in 0..n {
            // Merge horizontal runs of dark modules into one rectangle each.
            let mut col = 0;
            while col < n {
                if colors[row * n + col] == qrcode::Color::Dark {
                    let start = col;
                    while col < n && colors[row * n + col] == qrcode::Color::Dark {
                        col += 1;
                    }
                    let x0 = x + (quiet + start) as f32 * module;
                    let x1 = x + (quiet + col) as f32 * module;
                    let y0 = y + (quiet + row) as f32 * module;
                    let y1 = y0 + module;
                    rings.push(PolygonRing {
                        points: [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                            .into_iter()
                            .map(|(px, py)| LinePoint {
                                p: point(h, px, py),
                                bezier: false,
                            })
                            .collect(),
                    });
                } else {
                    col += 1;
                }
            }
        }
        let ops = self.ops();
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetFillColor { col: black() });
        ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings,
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
        ops.push(Op::RestoreGraphicsState);
        Ok(())
    }

    fn font_id(&mut self, face: usize) -> FontId {
        if let Some(id) = &self.font_ids[face] {
            return id.clone();
        }
        let id = self.doc.add_font(&self.fonts.face(face).pdf);
        self.font_ids[face] = Some(id.clone());
        id
    }

    /// Finishes the document: fails if any character could not be drawn, otherwise
    /// returns the PDF bytes with subset fonts.
    pub fn finish(mut self) -> Result<Vec<u8>, PrintError> {
        if !self.missing.is_empty() {
            return Err(PrintError::MissingGlyphs {
                chars: self.missing.iter().collect::<String>(),
            });
        }
        if self.pages.is_empty() {
            return Err(PrintError::Empty);
        }
        let pages = std::mem::take(&mut self.pages)
            .into_iter()
            .map(|ops| PdfPage::new(Mm(self.size.0), Mm(self.size.1), ops))
            .collect();
        self.doc.with_pages(pages);
        let opts = PdfSaveOptions {
            // Compressed below, at a level of our choosing.
            optimize: false,
            subset_fonts: true,
            secure: true,
            image_optimization: None,
        };
        let mut warnings = Vec::new();
        let mut pdf = self.doc.to_lopdf_document(&opts, &mut warnings);
        for w in &warnings {
            tracing::debug!(?w, "printpdf warning");
        }
        // The file's objects are all in `pdf` now: the pages' ops and printpdf's handles
        // on the faces go before the streams are compressed and the file is written.
        drop(self);
        compress(&mut pdf)?;
        let mut bytes = Vec::new();
        pdf.save_to(&mut bytes)
            .map_err(|e| PrintError::Pdf(format!("写出 PDF 失败：{e}")))?;
        drop(pdf);
        if bytes.is_empty() {
            return Err(PrintError::Pdf("printpdf 没有输出任何内容".to_string()));
        }
        Ok(bytes)
    }
}

/// zlib level of the streams (page contents, font programs, ToUnicode maps).
/// lopdf's own `compress` uses the best (9), which costs several times the time for a
/// few per cent of size on content streams.
const DEFLATE_LEVEL: u32 = 6;

/// Deflates every stream that may be compressed and is not yet, as `lopdf::Document::compress`
/// does but at [`DEFLATE_LEVEL`], keeping a stream as it is when deflating would not make it
/// smaller.
fn compress(pdf: &mut lopdf::Document) -> Result<(), PrintError> {
    use std::io::Write;
    for object in pdf.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut z = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(stream.content.len() / 3),
            flate2::Compression::new(DEFLATE_LEVEL),
        );
        let packed = z
            .write_all(&stream.content)
            .and_then(|()| z.finish())
            .map_err(|e| PrintError::Pdf(format!("压缩 PDF 内容失败：{e}")))?;
        if packed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn documents_draw_with_the_face_bytes_and_let_go_of_them_when_finished() {
        let fonts = Fonts::load_system().expect("没有可用的中文字体，请安装 fonts-noto-cjk");
        let style = Style::new(FontRole::Song, 12.0);
        let (face, _) = fonts.glyph_for(style.role, '企').expect("a face draws 企");
        let bytes = fonts.face(face).pdf.source_bytes().expect("source bytes");
        let idle = Arc::strong_count(&bytes);
        let draw = |title: &str| {
            let mut c = Canvas::new(&fonts, title);
            c.text(20.0, 20.0, style, "企业服务");
            c
        };
        let docs = [draw("甲"), draw("乙")];
        for doc in &docs {
            let held: Vec<_> = doc
                .doc
                .resources
                .fonts
                .map
                .values()
                .filter_map(|f| f.parsed_font.source_bytes())
                .collect();
            assert!(!held.is_empty(), "the document has its font");
            assert!(
                held.iter().all(|h| Arc::ptr_eq(h, &bytes)),
                "both documents draw with the face's own bytes, not a copy"
            );
        }
        assert!(Arc::strong_count(&bytes) > idle);
        for doc in docs {
            let pdf = doc.finish().expect("finish");
            assert!(pdf.starts_with(b"%PDF"));
        }
        assert_eq!(
            Arc::strong_count(&bytes),
            idle,
            "a finished document keeps nothing of the face"
        );
    }

    #[test]
    fn streams_are_deflated_only_when_that_makes_them_smaller() {
        let fonts = Fonts::load_system().expect("没有可用的中文字体，请安装 fonts-noto-cjk");
        let mut c = Canvas::new(&fonts, "测试");
        for i in 0..40 {
            c.text(
                20.0,
                20.0 + i as f32 * 6.0,
                Style::new(FontRole::Song, 12.0),
                "企业服务中心",
            );
        }
        let pdf = c.finish().expect("finish");
        let doc = lopdf::Document::load_mem(&pdf).expect("lopdf reads it back");
        let streams: Vec<&lopdf::Stream> = doc
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .collect();
        assert!(!streams.is_empty());
        for s in streams {
            match s.dict.get(b"Filter") {
                Ok(f) => {
                    assert_eq!(f.as_name().ok(), Some(&b"FlateDecode"[..]));
                    let plain = s.decompressed_content().expect("inflates");
                    assert!(
                        plain.len() > s.content.len(),
                        "deflated streams are smaller"
                    );
                }
                Err(_) => assert!(
                    s.content.len() < 64,
                    "a long stream left plain: {:?}",
                    s.dict
                ),
            }
        }
    }
}
