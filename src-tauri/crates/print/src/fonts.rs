//! Font discovery and loading. A `FontChain` says, per role (仿宋, 宋体, 小标宋, 黑体, 楷体),
//! which font files to try in which order. `Fonts` loads a face only when a document
//! first needs it (a role's chain is tried in order until a face has the character),
//! skips faces whose OS/2 fsType forbids embedding, and caches the glyph id and advance
//! of each character once it is first asked for, so text is measured without printpdf.
//!
//! Memory: each font file is mapped into memory once, read-only and file-backed
//! (rust-fontconfig's mapping, the one azul uses for system fonts), and every face of
//! that file, and every document drawing with it, shares that one mapping: only the
//! pages a document actually reads (the cmap, the metrics, the outlines of the glyphs
//! it embeds) become resident, and no copy of a face is ever made on the heap. printpdf
//! gets each face through azul's shared constructor (outlines are decoded lazily, which
//! printing never asks for) without its parsed cmap, because pages name glyphs by id.
//! A file that cannot be mapped is read into memory instead.
//!
//! `Fonts` is shared between threads: each face is loaded once, whoever asks first.
//! Windows system fonts are only ever read from the user's machine and embedded as
//! subsets, never shipped.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rust_fontconfig::FontBytes;

use serde::{Deserialize, Serialize};

use crate::error::PrintError;

/// What a font is used for on a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FontRole {
    /// 仿宋: body text of letters and form values.
    Fangsong,
    /// 宋体: table labels, page numbers, footers.
    Song,
    /// 小标宋: document titles (falls back to a bold Song face).
    Title,
    /// 黑体: headings.
    Hei,
    /// 楷体: remarks and hints.
    Kai,
}

impl FontRole {
    /// All roles, in chain order.
    pub const ALL: [FontRole; 5] = [
        FontRole::Fangsong,
        FontRole::Song,
        FontRole::Title,
        FontRole::Hei,
        FontRole::Kai,
    ];

    fn slot(self) -> usize {
        match self {
            FontRole::Fangsong => 0,
            FontRole::Song => 1,
            FontRole::Title => 2,
            FontRole::Hei => 3,
            FontRole::Kai => 4,
        }
    }

    /// The Chinese name of the role.
    pub fn label(self) -> &'static str {
        match self {
            FontRole::Fangsong => "仿宋",
            FontRole::Song => "宋体",
            FontRole::Title => "小标宋",
            FontRole::Hei => "黑体",
            FontRole::Kai => "楷体",
        }
    }
}

/// One font file (or one face inside a `.ttc` collection) to try.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FontSource {
    /// The font file.
    pub path: PathBuf,
    /// Family name to pick inside a collection (e.g. `Noto Serif CJK SC`). When set and
    /// found it wins over `index`.
    #[serde(default)]
    pub family: Option<String>,
    /// Face index inside a collection; 0 for a plain `.ttf`/`.otf`.
    #[serde(default)]
    pub index: u32,
}

impl FontSource {
    /// A single-face font file.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        FontSource {
            path: path.into(),
            family: None,
            index: 0,
        }
    }

    /// A face of a collection, found by family name.
    pub fn face(path: impl Into<PathBuf>, family: &str) -> Self {
        FontSource {
            path: path.into(),
            family: Some(family.to_string()),
            index: 0,
        }
    }
}

/// The order in which installed fonts are tried for each role. Missing files are skipped
/// silently; a character is drawn with the first face in the role's chain that has it,
/// then with any other loaded face.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FontChain {
    /// 仿宋 candidates.
    pub fangsong: Vec<FontSource>,
    /// 宋体 candidates.
    pub song: Vec<FontSource>,
    /// 小标宋 (title) candidates.
    pub title: Vec<FontSource>,
    /// 黑体 candidates.
    pub hei: Vec<FontSource>,
    /// 楷体 candidates.
    pub kai: Vec<FontSource>,
}

const WIN: &str = "C:\\Windows\\Fonts\\";
const NOTO: &str = "/usr/share/fonts/opentype/noto/";

fn win(name: &str) -> FontSource {
    FontSource::file(format!("{WIN}{name}"))
}

fn win_face(name: &str, index: u32) -> FontSource {
    FontSource {
        path: PathBuf::from(format!("{WIN}{name}")),
        family: None,
        index,
    }
}

fn noto(file: &str, family: &str) -> FontSource {
    FontSource::face(format!("{NOTO}{file}"), family)
}

impl Default for FontChain {
    fn default() -> Self {
        FontChain::system_default()
    }
}

impl FontChain {
    /// The built-in chain: Windows system fonts first (they are what Chinese offices
    /// expect on paper), then the common Linux CJK packages.
    pub fn system_default() -> Self {
        let serif = noto("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC");
        let serif_bold = noto("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC");
        let sans = noto("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC");
        let sans_bold = noto("NotoSansCJK-Bold.ttc", "Noto Sans CJK SC");
        let uming = FontSource::face(
            "/usr/share/fonts/truetype/arphic/uming.ttc",
            "AR PL UMing CN",
        );
        let ukai = FontSource::face("/usr/share/fonts/truetype/arphic/ukai.ttc", "AR PL UKai CN");
        let fandol = |f: &str| {
            FontSource::file(format!(
                "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/{f}"
            ))
        };
        FontChain {
            fangsong: vec![
                win("simfang.ttf"),
                win("STFANGSO.TTF"),
                fandol("FandolFang-Regular.otf"),
                serif.clone(),
                uming.clone(),
                sans.clone(),
            ],
            song: vec![
                win_face("simsun.ttc", 0),
                win("STSONG.TTF"),
                serif.clone(),
                uming.clone(),
                sans.clone(),
            ],
            title: vec![
                win("FZXBSJW.TTF"),
                win("方正小标宋简体.ttf"),
                win("FZXBSK.TTF"),
                win_face("simsun.ttc", 0),
                serif_bold.clone(),
                serif.clone(),
                uming.clone(),
            ],
            hei: vec![
                win("simhei.ttf"),
                win("msyh.ttc"),
                sans_bold,
                sans.clone(),
                serif.clone(),
            ],
            kai: vec![
                win("simkai.ttf"),
                win("STKAITI.TTF"),
                ukai,
                fandol("FandolKai-Regular.otf"),
                serif,
                uming,
                sans,
            ],
        }
    }

    /// The candidates of one role.
    pub fn role(&self, role: FontRole) -> &[FontSource] {
        match role {
            FontRole::Fangsong => &self.fangsong,
            FontRole::Song => &self.song,
            FontRole::Title => &self.title,
            FontRole::Hei => &self.hei,
            FontRole::Kai => &self.kai,
        }
    }
}

/// A face that was found but not used, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedFont {
    /// The file.
    pub path: PathBuf,
    /// Why it was skipped (Chinese, for the settings screen).
    pub reason: String,
}

/// A loaded face, as shown in the settings screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaceInfo {
    /// The family name read from the font.
    pub family: String,
    /// The file it came from.
    pub path: PathBuf,
    /// Face index inside the file.
    pub index: u32,
    /// Roles whose chain uses this face.
    pub roles: Vec<FontRole>,
}

/// One parsed face: the printpdf font program plus the glyph and advance of each
/// character a document has asked for.
pub(crate) struct Face {
    pub(crate) info: FaceInfo,
    /// The face for printpdf; its source bytes are the shared mapping of the file.
    pub(crate) pdf: printpdf::ParsedFont,
    /// The file's mapping (shared with `pdf`) and the face's index in it, to look
    /// characters up in its cmap when first asked.
    bytes: Arc<FontBytes>,
    index: u32,
    /// Per character asked so far: its glyph id and horizontal advance in em (1.0 = font
    /// size), or `None` when the face lacks it. Filled on demand: a CJK face maps some
    /// 45 000 characters, and a session's documents use a few thousand of them.
    glyphs: Mutex<GlyphMap>,
}

/// Characters to glyphs. Every character of every document is looked up here several
/// times (measuring, wrapping, drawing), so the map uses rustc's Fx hash instead of
/// SipHash: the keys are the characters of the park's own documents, printed on its own
/// PC, and at most the few tens of thousands a font has, so no one gains by colliding them.
type GlyphMap = rustc_hash::FxHashMap<char, Option<Glyph>>;

/// A character's glyph in one face.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Glyph {
    pub(crate) id: u16,
    /// Horizontal advance in em.
    pub(crate) advance: f32,
}

impl Face {
    /// The glyph drawing `c`, looked up in the cmap once per character and face, so that
    /// pages can name glyphs directly instead of printpdf looking each one up.
    pub(crate) fn glyph(&self, c: char) -> Option<Glyph> {
        let mut glyphs = self.glyphs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(g) = glyphs.get(&c) {
            return *g;
        }
        // Parsing reads only the table directory and the header tables: microseconds.
        let g = ttf_parser::Face::parse(self.bytes.as_slice(), self.index)
            .ok()
            .and_then(|face| lookup(&face, c));
        glyphs.insert(c, g);
        g
    }
}

/// What became of one source of the chain once it was needed.
enum Slot {
    /// The file is not there, or the face was skipped (see [`Fonts::skipped`]).
    Unusable,
    Face(Box<Face>),
}

/// The fonts of a chain, reusable across any number of documents and threads; each
/// face is loaded the first time a document needs it.
pub struct Fonts {
    /// Every distinct source of the chain, in chain order.
    sources: Vec<FontSource>,
    slots: Vec<OnceLock<Slot>>,
    /// Per role, the indices of its sources, in its chain's order.
    chains: [Vec<usize>; 5],
    skipped: Mutex<Vec<SkippedFont>>,
    /// The font files mapped so far, one mapping per file whatever its faces.
    files: Mutex<Vec<(PathBuf, Arc<FontBytes>)>>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("sources", &self.sources.len())
            .field("skipped", &self.skipped())
            .finish()
    }
}

/// OS/2 fsType bit: restricted licence, the font must not be embedded.
const FS_TYPE_RESTRICTED: u16 = 0x0002;
/// OS/2 fsType bit: bitmap embedding only (outlines may not be embedded).
const FS_TYPE_BITMAP_ONLY: u16 = 0x0200;

fn read_fs_type(face: &ttf_parser::Face<'_>) -> u16 {
    face.raw_face()
        .table(ttf_parser::Tag::from_bytes(b"OS/2"))
        .and_then(|t| t.get(8..10))
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
        .unwrap_or(0)
}

fn family_names(face: &ttf_parser::Face<'_>) -> Vec<String> {
    face.names()
        .into_iter()
        .filter(|n| {
            n.name_id == ttf_parser::name_id::FAMILY
                || n.name_id == ttf_parser::name_id::TYPOGRAPHIC_FAMILY
                || n.name_id == ttf_parser::name_id::FULL_NAME
        })
        .filter_map(|n| n.to_string())
        .collect()
}

/// `c`'s glyph in `face` (not the .notdef glyph 0) and its advance in em.
fn lookup(face: &ttf_parser::Face<'_>, c: char) -> Option<Glyph> {
    let gid = face.glyph_index(c).filter(|g| g.0 != 0)?;
    let upem = f32::from(face.units_per_em().max(1));
    let adv = face.glyph_hor_advance(gid).unwrap_or(0);
    Some(Glyph {
        id: gid.0,
        advance: f32::from(adv) / upem,
    })
}

enum Probe {
    Usable(Box<Face>),
    Skipped(String),
}

fn probe(bytes: &Arc<FontBytes>, src: &FontSource) -> Result<Probe, String> {
    let data = bytes.as_slice();
    let count = ttf_parser::fonts_in_collection(data).unwrap_or(1);
    let mut index = src.index.min(count.saturating_sub(1));
    if let Some(want) = &src.family {
        let found = (0..count).find(|&i| {
            ttf_parser::Face::parse(data, i)
                .map(|f| family_names(&f).iter().any(|n| n == want))
                .unwrap_or(false)
        });
        match found {
            Some(i) => index = i,
            None => return Ok(Probe::Skipped(format!("文件中没有字体“{want}”"))),
        }
    }
    let face = ttf_parser::Face::parse(data, index).map_err(|e| e.to_string())?;
    let fs_type = read_fs_type(&face);
    if fs_type & FS_TYPE_RESTRICTED != 0 {
        return Ok(Probe::Skipped(
            "字体授权禁止嵌入（OS/2 fsType 受限许可）".to_string(),
        ));
    }
    if fs_type & FS_TYPE_BITMAP_ONLY != 0 {
        return Ok(Probe::Skipped(
            "字体授权只允许嵌入位图（OS/2 fsType）".to_string(),
        ));
    }
    let family = family_names(&face)
        .into_iter()
        .next()
        .unwrap_or_else(|| src.path.display().to_string());
    let mut warnings = Vec::new();
    // The shared constructor keeps `bytes` (the file's one mapping, a collection
    // included: subsetting reads face `index` out of it) instead of copying them, and
    // leaves the outlines undecoded.
    let mut pdf = printpdf::AzulParsedFont::from_bytes_shared(
        Arc::clone(bytes),
        index as usize,
        &mut warnings,
    )
    .map(printpdf::ParsedFont::from_azul)
    .filter(printpdf::ParsedFont::has_source_bytes)
    .ok_or_else(|| "printpdf 无法解析该字体".to_string())?;
    // Pages name glyphs by id (see [`Face::glyph`]), so printpdf never looks a character up:
    // its owned copy of the cmap would only be cloned into every document.
    pdf.cmap_subtable = None;
    Ok(Probe::Usable(Box::new(Face {
        info: FaceInfo {
            family,
            path: src.path.clone(),
            index,
            roles: Vec::new(),
        },
        pdf,
        bytes: Arc::clone(bytes),
        index,
        glyphs: Mutex::new(GlyphMap::default()),
    })))
}

impl Fonts {
    /// The fonts of `chain`. Nothing is parsed yet: each face loads when a document
    /// first needs it. Fails only when none of the chain's files exists.
    pub fn load(chain: &FontChain) -> Result<Fonts, PrintError> {
        let mut sources: Vec<FontSource> = Vec::new();
        let mut chains: [Vec<usize>; 5] = Default::default();
        for role in FontRole::ALL {
            for src in chain.role(role) {
                let i = match sources.iter().position(|s| s == src) {
                    Some(i) => i,
                    None => {
                        sources.push(src.clone());
                        sources.len() - 1
                    }
                };
                if !chains[role.slot()].contains(&i) {
                    chains[role.slot()].push(i);
                }
            }
        }
        if !sources.iter().any(|s| s.path.is_file()) {
            return Err(PrintError::NoFont {
                role: FontRole::ALL
                    .iter()
                    .map(|r| r.label())
                    .collect::<Vec<_>>()
                    .join("、"),
            });
        }
        let slots = sources.iter().map(|_| OnceLock::new()).collect();
        Ok(Fonts {
            sources,
            slots,
            chains,
            skipped: Mutex::new(Vec::new()),
            files: Mutex::new(Vec::new()),
        })
    }

    /// The built-in chain ([`FontChain::system_default`]).
    pub fn load_system() -> Result<Fonts, PrintError> {
        Fonts::load(&FontChain::system_default())
    }

    /// The face of source `i`, loading it on first use.
    fn slot(&self, i: usize) -> Option<&Face> {
        let slot = self.slots[i].get_or_init(|| {
            let src = &self.sources[i];
            let Some(data) = self.file(&src.path) else {
                return Slot::Unusable;
            };
            let skip = |reason: String| {
                if let Ok(mut s) = self.skipped.lock() {
                    s.push(SkippedFont {
                        path: src.path.clone(),
                        reason,
                    });
                }
                Slot::Unusable
            };
            match probe(&data, src) {
                Ok(Probe::Usable(mut face)) => {
                    face.info.roles = FontRole::ALL
                        .into_iter()
                        .filter(|r| self.chains[r.slot()].contains(&i))
                        .collect();
                    tracing::debug!(family = %face.info.family, path = %src.path.display(), "font loaded");
                    Slot::Face(face)
                }
                Ok(Probe::Skipped(reason)) => {
                    tracing::info!(path = %src.path.display(), %reason, "font skipped");
                    skip(reason)
                }
                Err(reason) => {
                    tracing::warn!(path = %src.path.display(), %reason, "font unreadable");
                    skip(format!("无法解析：{reason}"))
                }
            }
        });
        match slot {
            Slot::Face(f) => Some(f),
            Slot::Unusable => None,
        }
    }

    /// The bytes of the file at `path`, mapped on first use and shared by all its faces.
    fn file(&self, path: &Path) -> Option<Arc<FontBytes>> {
        let mut files = self.files.lock().ok()?;
        if let Some((_, bytes)) = files.iter().find(|(p, _)| p == path) {
            return Some(Arc::clone(bytes));
        }
        let bytes = map_file(path).or_else(|| read_file(path))?;
        files.push((path.to_path_buf(), Arc::clone(&bytes)));
        Some(bytes)
    }

    /// How many faces the chain can hold (ids for [`Fonts::face`]).
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    /// A face that [`Fonts::face_for`] returned (so it is loaded).
    pub(crate) fn face(&self, i: usize) -> &Face {
        self.slot(i).expect("face_for returns loaded faces only")
    }

    /// Every usable face of the chain (loading them all), as the settings screen shows.
    pub fn faces(&self) -> Vec<FaceInfo> {
        let mut seen: Vec<(PathBuf, u32)> = Vec::new();
        (0..self.slots.len())
            .filter_map(|i| self.slot(i))
            .filter(|f| {
                let key = (f.info.path.clone(), f.info.index);
                let new = !seen.contains(&key);
                seen.push(key);
                new
            })
            .map(|f| f.info.clone())
            .collect()
    }

    /// Faces that were found but not used, with the reason (among those loaded so far;
    /// [`Fonts::faces`] loads them all).
    pub fn skipped(&self) -> Vec<SkippedFont> {
        self.skipped.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// The face that draws `c` in `role`: the role's own chain first, then every other
    /// face of the chain. `None` means no installed font has the character.
    pub(crate) fn face_for(&self, role: FontRole, c: char) -> Option<usize> {
        self.glyph_for(role, c).map(|(i, _)| i)
    }

    /// [`Fonts::face_for`] with the glyph it found, in one lookup per face tried.
    pub(crate) fn glyph_for(&self, role: FontRole, c: char) -> Option<(usize, Glyph)> {
        let own = &self.chains[role.slot()];
        own.iter()
            .copied()
            .chain(0..self.slots.len())
            .find_map(|i| self.slot(i).and_then(|f| f.glyph(c)).map(|g| (i, g)))
    }

    /// Characters of `text` that no face can draw (whitespace and control characters
    /// excepted), each listed once.
    pub fn missing_chars(&self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            if c.is_control() || c == ' ' {
                continue;
            }
            if self.face_for(FontRole::Song, c).is_none() && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    /// Width of `c` at `size` (em units × size, so pass pt to get pt).
    pub(crate) fn advance(&self, role: FontRole, c: char) -> f32 {
        match self.glyph_for(role, c) {
            Some((_, g)) => g.advance,
            None if c == ' ' => 0.5,
            None => 1.0,
        }
    }
}

/// The bytes of the font file at `path`: mapped read-only (only what is read becomes
/// resident), or read into memory when it cannot be mapped; `None` when it is not there.
fn map_file(path: &Path) -> Option<Arc<FontBytes>> {
    if !path.is_file() {
        return None;
    }
    // rust-fontconfig maps a disk font it has registered; the pattern is irrelevant here.
    let cache = rust_fontconfig::FcFontCache::default();
    let id = cache.insert_fast_pattern(
        rust_fontconfig::FcPattern::default(),
        rust_fontconfig::FcFontPath {
            path: path.to_str()?.to_string(),
            font_index: 0,
            bytes_hash: 0,
        },
    );
    cache.get_font_bytes(&id)
}

fn read_file(path: &Path) -> Option<Arc<FontBytes>> {
    let bytes = std::fs::read(path).ok()?;
    Some(Arc::new(FontBytes::Owned(Arc::from(bytes))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn system() -> Fonts {
        Fonts::load_system().expect("没有可用的中文字体，请安装 fonts-noto-cjk")
    }

    #[test]
    fn every_face_reads_the_one_mapping_of_its_file() {
        let fonts = system();
        let faces = fonts.faces();
        assert!(!faces.is_empty(), "the system chain has a usable face");
        for i in 0..fonts.len() {
            let Some(face) = fonts.slot(i) else { continue };
            let held = face
                .pdf
                .source_bytes()
                .expect("printpdf keeps the face's bytes");
            let file = fonts.file(&face.info.path).expect("the file is mapped");
            assert!(
                Arc::ptr_eq(&held, &file),
                "{}: printpdf must read the file's mapping, not a copy",
                face.info.path.display()
            );
            assert!(
                format!("{held:?}").contains("Mmapped"),
                "{}: the face is file-backed, not read onto the heap: {held:?}",
                face.info.path.display()
            );
            assert!(
                face.pdf.cmap_subtable.is_none(),
                "{}: printpdf's copy of the cmap is dropped",
                face.info.path.display()
            );
        }
    }

    #[test]
    fn sources_of_one_file_share_its_mapping() {
        let fonts = system();
        let path = fonts
            .sources
            .iter()
            .map(|s| s.path.clone())
            .find(|p| p.is_file())
            .expect("a font file of the chain exists");
        let a = fonts.file(&path).expect("mapped");
        let b = fonts.file(&path).expect("mapped again");
        assert!(Arc::ptr_eq(&a, &b), "one mapping per file");
        assert!(fonts.file(Path::new("/nonexistent/font.ttf")).is_none());
    }
}
