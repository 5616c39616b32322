//! CSV as Chinese offices exchange it: written as UTF-8 with a byte-order mark and CRLF
//! (so Excel and WPS open it without garbling), read as UTF-8 or, when the bytes are not
//! UTF-8, as GB18030 (Excel's "CSV" on a Chinese Windows). Fields with commas, quotes or
//! line breaks are quoted per RFC 4180; quoted fields may span lines.

/// Quotes one field when it needs it.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with([' ', '\t']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One CSV line (CRLF-terminated).
pub fn line<S: AsRef<str>>(cells: &[S]) -> String {
    let mut out = cells
        .iter()
        .map(|c| field(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

/// The byte-order mark written at the start of every exported CSV.
pub const BOM: &str = "\u{feff}";

/// Decodes file bytes: UTF-8 (BOM optional), else GB18030.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// Parses CSV text into records, each with the 1-based line number it starts on.
/// The separator is a comma, or a tab when the first line has tabs and no commas.
pub fn parse(text: &str) -> Vec<(usize, Vec<String>)> {
    let first = text.lines().next().unwrap_or("");
    let sep = if first.contains('\t') && !first.contains(',') {
        '\t'
    } else {
        ','
    };
    let mut out = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut line = 1usize;
    let mut start = 1usize;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                '\r' if chars.peek() == Some(&'\n') => {}
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() => quoted = true,
            c if c == sep => record.push(std::mem::take(&mut cell)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                record.push(std::mem::take(&mut cell));
                out.push((start, std::mem::take(&mut record)));
                line += 1;
                start = line;
                any = false;
            }
            _ => cell.push(c),
        }
    }
    if any || !cell.is_empty() || !record.is_empty() {
        record.push(cell);
        out.push((start, record));
    }
    out
}
