//! One module per area of the site, each owning its router, page structs and queries.

pub mod about;
pub mod admin;
pub mod focus_areas;
pub mod health;
pub mod home;
pub mod recommendations;
pub mod timeline;

mod status_view;

pub use status_view::{RecommendationSummary, StatusView, list_recommendations};
