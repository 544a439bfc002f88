//! Tests of the whole site through its real router, each on a fresh database.

mod about;
mod admin_access;
mod admin_accounts;
mod admin_content;
mod admin_sign_in;
mod admin_status;
mod browse;
mod changes;
mod content_import;
mod errors;
mod feeds;
mod findability;
mod focus_areas;
mod health;
mod helpers;
mod home;
mod markdown_safety;
mod open_data;
mod progress;
mod recommendations;
mod static_assets;
mod timeline;
