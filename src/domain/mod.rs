//! Types parsed at the boundary: once a value has one of these types it is known to be valid.

mod account;
mod dates;
mod recommendation_number;
mod status;

pub use account::{DisplayName, Email, NewPassword, Role};
pub use dates::{
    DateError, DatePrecision, MilestoneDate, MonthDate, format_day_human, format_day_iso, parse_day,
};
pub use recommendation_number::RecommendationNumber;
pub use status::{Stage, Status, UnknownStage};
