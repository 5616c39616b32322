//! CSV as Chinese offices exchange it: written as UTF-8 with a byte-order mark and CRLF
//! (so Excel and WPS open it without garbling), read as UTF-8 or, when the bytes are not
//! UTF-8, as GB18030 (Excel's "CSV" on a Chinese Windows; a superset of GBK) through
//! `encoding_rs`, and parsed by the `csv` crate. Fields with commas, quotes or line breaks
//! are quoted per RFC 4180; quoted fields may span lines.

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

/// Parses CSV text into records, each with the 1-based line number it starts on (the
/// `csv` crate; rows may have different lengths, quoted fields may span lines). The
/// separator is a comma, or a tab when the first line has tabs and no commas. Lines that
/// are entirely empty are not records.
pub fn parse(text: &str) -> Vec<(usize, Vec<String>)> {
    let first = text.lines().next().unwrap_or("");
    let sep = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut record = ::csv::StringRecord::new();
    let bytes = text.as_bytes();
    // Line numbers from the record's byte offset (the reader's own line count lags one
    // line behind after a CRLF): the offset may point at the previous line's end.
    let (mut counted, mut line) = (0usize, 1usize);
    // The input is a `str`, so the only error would be invalid UTF-8: none can occur.
    while let Ok(true) = reader.read_record(&mut record) {
        let mut start = record
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        // A line ends at LF, CRLF or a lone CR, as the reader splits records.
        let span = &bytes[counted.min(start)..start];
        line += span
            .iter()
            .enumerate()
            .filter(|(i, b)| **b == b'\n' || (**b == b'\r' && span.get(i + 1) != Some(&b'\n')))
            .count();
        counted = counted.max(start);
        out.push((line, record.iter().map(str::to_string).collect()));
    }
    out
}
