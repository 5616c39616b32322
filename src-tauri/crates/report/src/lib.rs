//! Reports and the ledger in and out of spreadsheets: period summaries (周报、月报、季报、
//! 年报) as a serialisable [`Summary`], an XLSX workbook and an official-style PDF with
//! vector bar charts, the monthly analysis and the circulation notice (通报); the ledger
//! (台账) exported to XLSX/CSV with the clerk's columns and imported back from Excel/CSV.
//! Guarantees: read-only over the ledger except the import, which goes through the store's
//! one-transaction import; no clock reads (`now` is always passed in).

pub mod csv;
pub mod error;
pub mod export;
pub mod import;
pub mod pdf;
pub mod period;
pub mod sheet;
pub mod summary;
pub mod xlsx;

pub use error::{ReportError, Result};
pub use export::{export, ledger_rows, LedgerFile, LedgerRow, LEDGER_COLUMNS};
pub use import::{
    field_specs, inspect, preview, preview_file, read_table, to_rows, ColumnMapping, Field,
    FieldSpec, Inspection, MappingSource, Preview, Table, REMEMBERED_MAPPING,
};
pub use period::{Period, PeriodKind};
pub use summary::{
    summarize, Comparison, Count, DecisionEntry, DepartmentFigures, MeetingEntry, NatureCount,
    NoticeEntry, NoticeUnit, OutcomeCounts, Stars, Summary,
};

/// Progress of a long export or import: `done` of `total` rows.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);
