//! Tests of the whole site through its real router, each on a fresh database.

mod about;
mod admin_access;
mod admin_accounts;
mod admin_content;
mod admin_sign_in;
mod admin_status;
mod content_import;
mod errors;
mod focus_areas;
mod health;
mod helpers;
mod home;
mod markdown_safety;
mod recommendations;
mod static_assets;
mod timeline;
