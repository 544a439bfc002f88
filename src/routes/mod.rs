//! One module per area of the site, each owning its router, page structs and queries.

pub mod about;
pub mod activity;
pub mod admin;
pub mod browse;
pub mod changes;
pub mod feeds;
pub mod findability;
pub mod focus_areas;
pub mod health;
pub mod home;
pub mod progress;
pub mod recommendations;
pub mod timeline;

pub mod conditional;
pub mod meta;
pub mod open_data;

mod status_view;

pub use status_view::{
    ListFilter, RecommendationSummary, StatusView, list_recommendations, stored_number,
};
