//! Drawing surface shared by all documents: A4 pages (portrait, or landscape for the
//! board) measured in millimetres from the top-left corner (converted to printpdf's
//! bottom-up points here and only here), text
//! runs split across the font chain per character, lines, boxes and vector QR codes.
//! Guarantees: text is real text (selectable, searchable); a character no font can draw
//! is collected and turned into `PrintError::MissingGlyphs` instead of an empty box.
//!
//! Cost: a page of a long table holds thousands of text lines and rules, so each is
//! measured once (the glyphs found for its width are the glyphs drawn), consecutive
//! text lines of one colour share one text section and consecutive rules of one colour
//! and width one graphics state, and glyphs carry no text of their own (the
//! document's font maps each glyph to its character once, for the ToUnicode map).
//! A document of hundreds of pages is made in parts ([`Canvas::into_part`], [`join`]),
//! so only one part's drawing operations are held at a time.

use printpdf::{
    Codepoint, Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rgb, TextItem, TextMatrix,
    WindingOrder,
};

use crate::error::PrintError;
use crate::fonts::{FontRole, Fonts, Glyph};
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

/// What a page's ops end in, when that is a group the next drawing may join: the
/// group's `ET Q` or `Q` are then the last ops, and `len` is the page's op count.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tail {
    Open,
    /// A text section in black or red at zero character spacing, whose last font is
    /// face `face` at `size` pt.
    Text {
        red: bool,
        face: usize,
        size: f32,
        len: usize,
    },
    /// Rules of one colour and width.
    Lines {
        red: bool,
        width: f32,
        len: usize,
    },
}

/// A line of text measured once: what [`Canvas::width`] gives, and per character the
/// glyph that draws it (`None`: no face has it).
struct Laid {
    /// Advances in em of every character, control characters included.
    em: f32,
    /// Characters counted in `em`.
    n: usize,
    glyphs: Vec<(char, Option<(usize, Glyph)>)>,
}

impl Laid {
    fn width(&self, style: Style) -> f32 {
        self.em * style.size_mm() + self.n as f32 * style.spacing
    }
}

/// A document under construction.
pub struct Canvas<'f> {
    fonts: &'f Fonts,
    doc: PdfDocument,
    font_ids: Vec<Option<FontId>>,
    pages: Vec<Vec<Op>>,
    /// Per page, the group its ops end in.
    tails: Vec<Tail>,
    /// The character each (face, glyph id) drawn so far stands for, as given to the
    /// document's font for the ToUnicode map.
    chars: rustc_hash::FxHashMap<(usize, u16), char>,
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
            tails: Vec::new(),
            chars: Default::default(),
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
        self.tails.push(Tail::Open);
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

    /// The page drawing goes to, made when there is none yet.
    fn page(&mut self) -> usize {
        if self.pages.is_empty() {
            self.new_page();
        }
        match self.current {
            Some(i) if i < self.pages.len() => i,
            _ => self.pages.len() - 1,
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        let i = self.page();
        &mut self.pages[i]
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

    /// Finds the glyph of every character of `text`, once.
    fn lay(&self, role: FontRole, text: &str) -> Laid {
        let mut laid = Laid {
            em: 0.0,
            n: 0,
            glyphs: Vec::with_capacity(text.len() / 2),
        };
        for c in text.chars() {
            let found = self.fonts.glyph_for(role, c);
            // As `Fonts::advance` measures it.
            laid.em += match found {
                Some((_, g)) => g.advance,
                None if c == ' ' => 0.5,
                None => 1.0,
            };
            laid.n += 1;
            if !c.is_control() {
                laid.glyphs.push((c, found));
            }
        }
        laid
    }

    /// Draws one line of text with its baseline at `y` mm from the top, starting at `x`.
    /// Returns the width drawn, in mm.
    pub fn text(&mut self, x: f32, y: f32, style: Style, text: &str) -> f32 {
        let laid = self.lay(style.role, text);
        self.draw(x, y, style, &laid)
    }

    fn draw(&mut self, x: f32, y: f32, style: Style, laid: &Laid) -> f32 {
        // Split into runs of characters drawn by the same face.
        let mut runs: Vec<(usize, f32, Vec<Codepoint>)> = Vec::new();
        let mut cursor = x;
        let size = style.size_mm();
        for &(c, found) in &laid.glyphs {
            let Some((face, glyph)) = found else {
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
                cid: None,
            };
            self.tell_char(face, glyph.id, c);
            match runs.last_mut() {
                Some((f, _, s)) if *f == face => s.push(g),
                _ => runs.push((face, cursor, vec![g])),
            }
            cursor += adv;
        }
        if runs.is_empty() {
            return cursor - x;
        }
        let page = self.page();
        let red_text = style.red;
        let plain = style.spacing == 0.0;
        let ops_len = self.pages[page].len();
        // The face and size the open text section last set, when this line joins it.
        let mut font = match self.tails[page] {
            Tail::Text {
                red,
                face,
                size,
                len,
            } if plain && red == red_text && len == ops_len => {
                // Reopen it: drop its `ET Q`.
                self.pages[page].truncate(ops_len - 2);
                Some((face, size))
            }
            _ => None,
        };
        let mut ops = Vec::with_capacity(runs.len() * 3 + 6);
        if font.is_none() {
            let colour = if red_text { red() } else { black() };
            ops.push(Op::SaveGraphicsState);
            ops.push(Op::SetFillColor { col: colour });
            ops.push(Op::StartTextSection);
            if !plain {
                ops.push(Op::SetCharacterSpacing {
                    multiplier: pt(style.spacing).0,
                });
            }
        }
        for (face, rx, s) in runs {
            if font != Some((face, style.size)) {
                let id = self.font_id(face);
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(id),
                    size: Pt(style.size),
                });
                font = Some((face, style.size));
            }
            let p = point(self.size.1, rx, y);
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(p.x, p.y),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(s)],
            });
        }
        if !plain {
            ops.push(Op::SetCharacterSpacing { multiplier: 0.0 });
        }
        ops.push(Op::EndTextSection);
        ops.push(Op::RestoreGraphicsState);
        let page_ops = &mut self.pages[page];
        page_ops.extend(ops);
        self.tails[page] = match font {
            Some((face, size)) if plain => Tail::Text {
                red: red_text,
                face,
                size,
                len: page_ops.len(),
            },
            _ => Tail::Open,
        };
        cursor - x
    }

    /// Gives the document's font the character glyph `gid` of `face` stands for (the
    /// ToUnicode map that makes the text selectable); the last character drawn wins.
    fn tell_char(&mut self, face: usize, gid: u16, c: char) {
        if self.chars.insert((face, gid), c) == Some(c) {
            return;
        }
        let id = self.font_id(face);
        if let Some(font) = self.doc.resources.fonts.map.get_mut(&id) {
            font.parsed_font
                .reverse_glyph_cache
                .insert(gid, c.to_string());
        }
    }

    /// Draws `text` aligned inside the horizontal span `[x, x + w]`.
    pub fn text_in(&mut self, x: f32, w: f32, y: f32, style: Style, align: Align, text: &str) {
        let laid = self.lay(style.role, text);
        let tw = laid.width(style) - style.spacing;
        let x0 = match align {
            Align::Left => x,
            Align::Center => x + (w - tw) / 2.0,
            Align::Right => x + w - tw,
        };
        self.draw(x0, y, style, &laid);
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
        let h = self.size.1;
        let page = self.page();
        let ops = &mut self.pages[page];
        match self.tails[page] {
            // Joins the rules just drawn: drop their `Q`.
            Tail::Lines { red, width: w, len }
                if red == red_line && w == width && len == ops.len() =>
            {
                ops.pop();
            }
            _ => {
                let col = if red_line { red() } else { black() };
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::SetOutlineColor { col });
                ops.push(Op::SetOutlineThickness { pt: pt(width) });
            }
        }
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
        self.tails[page] = Tail::Lines {
            red: red_line,
            width,
            len: ops.len(),
        };
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
    pub fn finish(self) -> Result<Vec<u8>, PrintError> {
        save(self.into_part()?)
    }

    /// Finishes the document as one part of a longer one ([`join`]): its pages are
    /// serialized and compressed, and the drawing operations are let go of. A document
    /// of hundreds of pages made part by part holds one part's operations at a time.
    pub fn into_part(mut self) -> Result<lopdf::Document, PrintError> {
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
        // on the faces go before the streams are compressed.
        drop(self);
        compress(&mut pdf)?;
        Ok(pdf)
    }
}

/// Writes a finished document out as PDF bytes.
fn save(mut pdf: lopdf::Document) -> Result<Vec<u8>, PrintError> {
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes)
        .map_err(|e| PrintError::Pdf(format!("写出 PDF 失败：{e}")))?;
    drop(pdf);
    if bytes.is_empty() {
        return Err(PrintError::Pdf("printpdf 没有输出任何内容".to_string()));
    }
    Ok(bytes)
}

/// One PDF of the parts' pages in order, with the first part's title. Each part keeps
/// its own font subsets; the later parts' catalogs, page trees and document info go.
pub fn join(parts: Vec<lopdf::Document>) -> Result<Vec<u8>, PrintError> {
    let bad = |e: lopdf::Error| PrintError::Pdf(format!("合并 PDF 分段失败：{e}"));
    let mut parts = parts.into_iter();
    let mut whole = parts.next().ok_or(PrintError::Empty)?;
    let root = |d: &lopdf::Document| -> Result<lopdf::ObjectId, lopdf::Error> {
        d.catalog()?.get(b"Pages")?.as_reference()
    };
    let tree = root(&whole).map_err(bad)?;
    for mut part in parts {
        part.renumber_objects_with(whole.max_id + 1);
        let part_tree = root(&part).map_err(bad)?;
        let catalog = part
            .trailer
            .get(b"Root")
            .and_then(|r| r.as_reference())
            .map_err(bad)?;
        let info = part
            .trailer
            .get(b"Info")
            .and_then(|r| r.as_reference())
            .ok();
        let kids: Vec<lopdf::Object> = part.page_iter().map(lopdf::Object::Reference).collect();
        for kid in &kids {
            let id = kid.as_reference().map_err(bad)?;
            part.get_dictionary_mut(id)
                .map_err(bad)?
                .set("Parent", lopdf::Object::Reference(tree));
        }
        whole.max_id = whole.max_id.max(part.max_id);
        for (id, object) in std::mem::take(&mut part.objects) {
            if id != part_tree && id != catalog && Some(id) != info {
                whole.objects.insert(id, object);
            }
        }
        let pages = whole.get_dictionary_mut(tree).map_err(bad)?;
        let count = pages.get(b"Count").and_then(|c| c.as_i64()).map_err(bad)?;
        pages.set("Count", count + kids.len() as i64);
        pages
            .get_mut(b"Kids")
            .and_then(|k| k.as_array_mut())
            .map_err(bad)?
            .extend(kids);
    }
    // What only the dropped catalogs referred to (their metadata streams).
    whole.prune_objects();
    save(whole)
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

    #[derive(Clone, Copy)]
    enum Draw {
        Text,
        RedText,
        SpacedText,
        Rule,
        RedRule,
        Fill,
    }

    #[test]
    fn consecutive_lines_of_one_kind_share_their_group() {
        use Draw::*;
        let fonts = Fonts::load_system().expect("没有可用的中文字体，请安装 fonts-noto-cjk");
        // (drawing calls, graphics states `q`, text sections `BT`)
        let cases: &[(&[Draw], usize, usize)] = &[
            (&[Text, Text, Text], 1, 1),
            (&[Rule, Rule, Rule], 1, 0),
            (&[Text, Rule, Text, Rule], 4, 2),
            (&[Text, RedText, Text], 3, 3),
            (&[Rule, RedRule, RedRule], 2, 0),
            (&[SpacedText, SpacedText], 2, 2),
            (&[Text, SpacedText, Text], 3, 3),
            (&[Text, Fill, Text], 3, 2),
            (&[Rule, Fill, Rule], 3, 0),
        ];
        for (calls, q, bt) in cases {
            let mut c = Canvas::new(&fonts, "测试");
            let mut y = 20.0;
            for call in *calls {
                let body = Style::new(FontRole::Song, 12.0);
                match call {
                    Text => {
                        c.text(20.0, y, body, "企业服务");
                    }
                    RedText => {
                        c.text(20.0, y, body.red(), "企业服务");
                    }
                    SpacedText => {
                        c.text(20.0, y, body.spaced(1.0), "企业服务");
                    }
                    Rule => c.line(20.0, y, 100.0, y, 0.25),
                    RedRule => c.line_coloured(20.0, y, 100.0, y, 0.25, true),
                    Fill => c.fill(20.0, y, 10.0, 3.0, [0.9, 0.9, 0.9]),
                }
                y += 6.0;
            }
            let ops = &c.pages[0];
            let count = |f: fn(&Op) -> bool| ops.iter().filter(|o| f(o)).count();
            assert_eq!(
                (
                    count(|o| matches!(o, Op::SaveGraphicsState)),
                    count(|o| matches!(o, Op::StartTextSection))
                ),
                (*q, *bt),
                "groups of {}",
                calls.len()
            );
            assert_eq!(
                count(|o| matches!(o, Op::SaveGraphicsState)),
                count(|o| matches!(o, Op::RestoreGraphicsState)),
                "every q has its Q"
            );
            assert_eq!(
                count(|o| matches!(o, Op::StartTextSection)),
                count(|o| matches!(o, Op::EndTextSection)),
                "every BT has its ET"
            );
            c.finish().expect("finish");
        }
    }

    #[test]
    fn a_line_is_measured_as_width_measures_it() {
        let fonts = Fonts::load_system().expect("没有可用的中文字体，请安装 fonts-noto-cjk");
        let c = Canvas::new(&fonts, "测试");
        for style in [
            Style::new(FontRole::Song, 9.5),
            Style::new(FontRole::Hei, 14.0).spaced(0.8),
        ] {
            for text in ["", "企业服务中心", "A-1 号 厂房（二期）", "\t制表"] {
                assert_eq!(
                    c.lay(style.role, text).width(style),
                    c.width(style, text),
                    "{text:?}"
                );
            }
        }
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
