//! The checks behind the fuzz targets in `fuzz/`: one function per parser of outside data
//! (case JSON, calendar JSON/CSV, ledger CSV/XLSX, dates in ledgers, settings JSON,
//! number formats, credit codes, phone numbers). Each takes arbitrary bytes and panics only
//! when the parser panics or breaks one of the invariants stated on it; an input the parser
//! rejects is fine as long as the rejection carries a message. The same functions replay
//! the committed corpus (`fuzz/corpus/<target>/`) in the stable `scenarios` test binary,
//! so CI exercises every seed and every past crash without cargo-fuzz.

use chrono::{DateTime, Datelike, FixedOffset, NaiveTime, TimeZone};
use zhitong_calendar::exchange::{belongs_to_notice, YEARS};
use zhitong_calendar::{Calendar, DayKind};
use zhitong_domain::{credit_code, numbering, validate, DomainError, NewCase, Settings};
use zhitong_report::import::{self, ColumnMapping, Field, Table};

/// A fuzz check: arbitrary bytes in, a panic on a broken invariant.
pub type Check = fn(&[u8]);

/// Every fuzz target by name (the folder under `fuzz/corpus/` and the file under
/// `fuzz/fuzz_targets/`), with its check.
pub const TARGETS: [(&str, Check); 10] = [
    ("case_json", case_json),
    ("calendar_json", calendar_json),
    ("calendar_csv", calendar_csv),
    ("ledger_csv", ledger_csv),
    ("ledger_xlsx", ledger_xlsx),
    ("parse_when", parse_when),
    ("settings_json", settings_json),
    ("numbering", numbering_format),
    ("credit_code", credit_code_input),
    ("phone", phone),
];

/// The fixed "now" every check validates against (time is never read from the clock).
fn now() -> DateTime<FixedOffset> {
    zhitong_domain::china()
        .with_ymd_and_hms(2026, 6, 1, 12, 0, 0)
        .single()
        .expect("a valid instant")
}

const CHINA_SECS: i32 = 8 * 3600;

/// Serialises a value to JSON and parses it back.
fn json_round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) -> T {
    let text = serde_json::to_string(value).expect("a parsed value serialises");
    serde_json::from_str(&text).expect("a serialised value parses again")
}

/// Every message a clerk would see is non-empty.
fn assert_validation_error(error: &DomainError) {
    match error {
        DomainError::Invalid(issues) => {
            assert!(!issues.is_empty(), "a validation error names its fields");
            for issue in issues {
                assert!(!issue.field.is_empty() && !issue.message.trim().is_empty());
            }
        }
        other => panic!("validation returned a non-validation error: {other:?}"),
    }
}

/// Case JSON (`NewCase`, as the UI and the CLI send it) then `validated`. A parsed case
/// re-serialises to itself; a validated case re-serialises to itself, is in China time,
/// and validating it again changes nothing; a rejected case names every bad field.
pub fn case_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(case) = serde_json::from_str::<NewCase>(text) else {
        return;
    };
    assert_eq!(json_round_trip(&case), case, "a parsed case round-trips");
    let settings = Settings::default();
    match case.validated(&settings, now()) {
        Ok(valid) => {
            assert_eq!(json_round_trip(&valid), valid, "a valid case round-trips");
            assert_eq!(valid.received_at.offset().local_minus_utc(), CHINA_SECS);
            assert!(valid.received_at <= now() + chrono::Duration::minutes(5));
            assert!(!valid.description.is_empty() && !valid.summary.is_empty());
            assert!(valid.summary.chars().count() <= zhitong_domain::SUMMARY_MAX);
            assert_eq!(
                valid.validated(&settings, now()),
                Ok(valid.clone()),
                "validating a validated case again changes nothing"
            );
        }
        Err(e) => assert_validation_error(&e),
    }
}

/// A holiday-cn calendar file. Accepted: the year is in range, every date belongs to that
/// year's notice, has a name and is listed once; exporting and importing again gives the
/// same table, and a calendar loaded with it reports each date as marked.
pub fn calendar_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let table = match zhitong_calendar::parse_holiday_cn_json(text) {
        Ok(table) => table,
        Err(e) => {
            assert!(!e.to_string().trim().is_empty() && !e.code().is_empty());
            return;
        }
    };
    assert!(YEARS.contains(&table.year), "year {} in range", table.year);
    assert!(!table.marks.is_empty());
    check_marks(&table.marks, Some(table.year));
    let again = zhitong_calendar::parse_holiday_cn_json(&zhitong_calendar::to_holiday_cn_json(
        table.year,
        &table.marks,
    ))
    .expect("an exported year imports again");
    assert_eq!(again, table, "export then import gives the same year");
    let mut cal = Calendar::builtin();
    assert_eq!(cal.import_holiday_cn_json(text).ok(), Some(table.year));
    check_loaded(&cal, &table.marks);
}

/// A calendar CSV (`date,holiday|workday,name`). Accepted: every date is named and listed
/// once; `to_csv` then `parse_csv` gives the same marks. Importing it for the year of its
/// first date either fails with a message (a date outside that year's notice) or loads
/// exactly those dates.
pub fn calendar_csv(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let marks = match zhitong_calendar::parse_csv(text) {
        Ok(marks) => marks,
        Err(e) => {
            assert!(!e.to_string().trim().is_empty() && !e.code().is_empty());
            return;
        }
    };
    assert!(!marks.is_empty());
    check_marks(&marks, None);
    let again = zhitong_calendar::parse_csv(&zhitong_calendar::to_csv(&marks))
        .expect("exported marks import again");
    assert_eq!(again, marks, "to_csv then parse_csv gives the same marks");
    let year = marks[0].0.year();
    let mut cal = Calendar::builtin();
    let before = cal.clone();
    match cal.import_csv(year, text) {
        Ok(n) => {
            assert!(YEARS.contains(&year));
            assert_eq!(n, marks.len());
            check_marks(&marks, Some(year));
            check_loaded(&cal, &marks);
        }
        Err(e) => {
            assert!(!e.to_string().trim().is_empty());
            assert_eq!(cal, before, "a failed import changes nothing");
        }
    }
}

/// Marks as an import yields them: named, unique, and (for a notice year) within it.
fn check_marks(marks: &[(chrono::NaiveDate, zhitong_calendar::DayMark)], year: Option<i32>) {
    let mut seen = std::collections::BTreeSet::new();
    for (date, mark) in marks {
        assert!(seen.insert(*date), "date {date} listed once");
        assert!(!mark.name.is_empty() && mark.name.trim() == mark.name);
        if let Some(year) = year {
            assert!(
                belongs_to_notice(*date, year),
                "{date} belongs to the notice of {year}"
            );
        }
    }
}

/// A calendar that just loaded `marks` reports each of them.
fn check_loaded(cal: &Calendar, marks: &[(chrono::NaiveDate, zhitong_calendar::DayMark)]) {
    for (date, mark) in marks {
        let day = cal.day(*date);
        match mark.kind {
            DayKind::Holiday => assert!(!day.working, "{date} is a day off"),
            DayKind::Workday => assert!(day.working, "{date} is a working day"),
        }
    }
}

/// A ledger exported as CSV (or any text a clerk saved as CSV), then `to_rows`.
pub fn ledger_csv(data: &[u8]) {
    ledger(data, "ledger.csv");
}

/// A ledger workbook (XLSX bytes), then `to_rows`.
pub fn ledger_xlsx(data: &[u8]) {
    ledger(data, "ledger.xlsx");
}

/// `read_table_bytes` then `to_rows`, with the guessed mapping and with a mapping that
/// maps every field to some column (so every cell parser sees every cell). A read table
/// has its header before its rows, no empty row, and reads the same again with its header
/// row given; `to_rows` yields one row per data row, deterministic hashes, and messages.
fn ledger(data: &[u8], name: &str) {
    let table = match import::read_table_bytes(data, name, None, None) {
        Ok(table) => table,
        Err(e) => {
            assert!(!e.to_string().trim().is_empty());
            return;
        }
    };
    assert!(table.header_row >= 1);
    let mut last = table.header_row;
    for (no, cells) in &table.rows {
        assert!(*no > last, "rows in file order after the header");
        last = *no;
        assert!(cells.iter().any(|c| !c.trim().is_empty()), "no empty rows");
    }
    let again =
        import::read_table_bytes(data, name, table.sheet.as_deref(), Some(table.header_row))
            .expect("the found header row can be given explicitly");
    assert_eq!(
        again, table,
        "reading with the found header row is the same"
    );
    let guessed = ColumnMapping::guess(&table.headers);
    check_rows(&table, &guessed);
    let every_field = ColumnMapping {
        columns: Field::ALL
            .iter()
            .enumerate()
            .map(|(i, f)| (*f, table.headers[i % table.headers.len()].clone()))
            .collect(),
        ..ColumnMapping::guess(&[])
    };
    check_rows(&table, &every_field);
}

fn check_rows(table: &Table, mapping: &ColumnMapping) {
    let preview = import::preview(table, mapping, 3);
    assert_eq!(preview.total_rows, table.rows.len());
    let problems = mapping.problems(&table.headers);
    let rows = match import::to_rows(table, mapping) {
        Ok(rows) => rows,
        Err(e) => {
            assert!(
                !problems.is_empty(),
                "to_rows fails only on mapping problems"
            );
            assert!(!e.to_string().trim().is_empty());
            return;
        }
    };
    assert!(problems.is_empty());
    assert_eq!(rows.len(), table.rows.len(), "one import row per data row");
    let hashes: Vec<&str> = rows.iter().map(|r| r.hash.as_str()).collect();
    let again = import::to_rows(table, mapping).expect("same table, same mapping");
    assert_eq!(
        hashes,
        again.iter().map(|r| r.hash.as_str()).collect::<Vec<_>>(),
        "row hashes are deterministic"
    );
    let settings = Settings::default();
    for (row, (no, _)) in rows.iter().zip(&table.rows) {
        assert_eq!(row.row_number, *no);
        assert_eq!(row.hash.len(), 64);
        assert!(row.hash.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(row.issues.iter().all(|m| !m.trim().is_empty()));
        for t in [row.assigned_at, row.due_at, row.reply_at, row.closed_at]
            .into_iter()
            .flatten()
        {
            assert_eq!(t.offset().local_minus_utc(), CHINA_SECS);
        }
        if let Err(e) = row.case.validated(&settings, now()) {
            assert_validation_error(&e);
        }
    }
}

/// A date or date-time as clerks write it in a ledger. Parsed: in China time, and its
/// canonical `YYYY-MM-DD HH:MM:SS` form parses to the same instant.
pub fn parse_when(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let end_of_day = NaiveTime::from_hms_opt(23, 59, 59).expect("valid time");
    for default in [NaiveTime::MIN, end_of_day] {
        let Some(t) = zhitong_domain::when::parse(text, default, None) else {
            continue;
        };
        assert_eq!(t.offset().local_minus_utc(), CHINA_SECS);
        // chrono writes years outside 0..=9999 with a sign, a form no clerk writes.
        if (0..=9999).contains(&t.year()) {
            let canonical = t.format("%Y-%m-%d %H:%M:%S").to_string();
            assert_eq!(
                zhitong_domain::when::parse(&canonical, default, None),
                Some(t),
                "{text:?} → {canonical} parses back"
            );
        }
    }
}

/// Settings JSON (every field optional) then `check`. Parsed settings round-trip;
/// checked settings render every number, have their active policy and day close, and
/// every deadline they define can be computed.
pub fn settings_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(settings) = serde_json::from_str::<Settings>(text) else {
        return;
    };
    assert_eq!(json_round_trip(&settings), settings, "settings round-trip");
    if let Err(e) = settings.check() {
        assert_validation_error(&e);
        return;
    }
    for format in [
        &settings.reg_no_format,
        &settings.assign_no_format,
        &settings.letter_no_format,
    ] {
        let number = numbering::render(format, 2026, 1).expect("a checked format renders");
        assert!(number.contains("2026"));
    }
    let policy = settings.policy().expect("the active policy exists");
    let cal = Calendar::builtin();
    let day_end = settings.day_end_time();
    let start = now();
    let spans = [settings.letter_limit, settings.evaluation_window]
        .into_iter()
        .chain(
            policy
                .classes
                .iter()
                .flat_map(|c| c.milestones.iter().map(|m| m.span)),
        );
    for span in spans {
        let due = zhitong_calendar::due(&cal, start, span, day_end);
        assert!(due.at >= start, "a deadline is not before its start");
        assert_eq!(due.at.offset().local_minus_utc(), CHINA_SECS);
    }
}

/// A document-number format. `check_format` accepts exactly the formats `render` can
/// use; a rendered number shows the year and the sequence, and different sequence
/// numbers give different document numbers.
pub fn numbering_format(data: &[u8]) {
    let Ok(format) = std::str::from_utf8(data) else {
        return;
    };
    let checked = numbering::check_format(format);
    for (year, seq) in [(2026, 1), (1999, 12), (-1, i64::MAX), (i32::MAX, i64::MIN)] {
        match numbering::render(format, year, seq) {
            Ok(number) => {
                assert!(checked.is_ok(), "render accepts only checked formats");
                assert!(number.contains(&year.to_string()));
                assert!(number.contains(&seq.unsigned_abs().to_string()));
            }
            Err(e) => {
                assert!(checked.is_err(), "a checked format renders");
                assert!(!e.to_string().trim().is_empty());
            }
        }
    }
    if checked.is_ok() {
        assert_ne!(
            numbering::render(format, 2026, 1),
            numbering::render(format, 2026, 2),
            "different sequence numbers, different document numbers"
        );
    }
}

/// A unified social credit code. Accepted: 18 allowed characters with the right check
/// character, and validating it again gives the same code; rejected: with a message.
pub fn credit_code_input(data: &[u8]) {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let _ = credit_code::check_char(raw);
    match credit_code::validate(raw) {
        Ok(code) => {
            assert_eq!(code.chars().count(), 18);
            assert!(code.bytes().all(|b| b.is_ascii_alphanumeric()));
            assert_eq!(credit_code::check_char(&code[..17]), code.chars().nth(17));
            assert_eq!(credit_code::validate(&code), Ok(code.clone()));
        }
        Err(message) => assert!(!message.trim().is_empty()),
    }
}

/// A phone number (and, from the same bytes, an e-mail address and free text). Accepted
/// values are the trimmed input and are accepted again unchanged.
pub fn phone(data: &[u8]) {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    match validate::phone(raw) {
        Ok(p) => {
            assert_eq!(p, raw.trim());
            assert_eq!(validate::phone(&p), Ok(p.clone()));
        }
        Err(message) => assert!(!message.trim().is_empty()),
    }
    match validate::email(raw) {
        Ok(e) => {
            assert_eq!(e, raw.trim());
            assert_eq!(validate::email(&e), Ok(e.clone()));
        }
        Err(message) => assert!(!message.trim().is_empty()),
    }
    for multiline in [false, true] {
        let rule = validate::TextRule {
            label: "联系人",
            required: true,
            max_chars: 50,
            multiline,
        };
        match validate::text(raw, rule) {
            Ok(t) => {
                assert!(!t.is_empty() && t.chars().count() <= 50);
                assert_eq!(validate::text(&t, rule), Ok(t.clone()));
            }
            Err(message) => assert!(!message.trim().is_empty()),
        }
    }
}
