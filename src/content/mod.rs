//! The site's content as plain files in content/, and importing them into the database.
//!
//! Reading ([`files`]) is pure and checks everything it can before the database is touched;
//! importing ([`import`]) then applies the whole set in one transaction.

pub mod error;
pub mod files;
pub mod import;
mod records;

pub use error::ContentError;
pub use files::{ContentSet, read_content};
pub use import::{ImportError, ImportOptions, ImportReport, import, import_with};
pub use records::{
    FocusAreaRecord, MilestoneRecord, PageRecord, RecommendationRecord, StageRecord,
};
