//! The Zhitong domain: cases, their state machine, numbering, validation, settings and
//! handling policies. Pure: no IO and no clock reads — every function that needs the
//! time is passed `now`.

pub mod approval;
pub mod case;
pub mod credit_code;
pub mod error;
pub mod meeting;
pub mod numbering;
pub mod plan;
pub mod policy;
pub mod schedule;
pub mod settings;
pub mod validate;
pub mod when;
pub mod workflow;

pub use case::*;
pub use error::{DomainError, FieldIssue};
pub use meeting::{Meeting, MeetingItem, MeetingKind};
pub use settings::Settings;
pub use workflow::{Action, CaseState};

/// China Standard Time, the offset every stored and displayed instant uses.
pub fn china() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
}

/// An instant as the ledger stores and shows it: always at +08:00.
pub type Instant = chrono::DateTime<chrono::FixedOffset>;
