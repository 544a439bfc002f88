//! The OKC Public Safety Partnership site: the public pages that follow the 39 recommendations of
//! March 2022, and the content importer that fills the database from content/.

pub mod accounts;
pub mod app;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod config;
pub mod content;
pub mod db;
pub mod domain;
pub mod error;
pub mod markdown;
pub mod routes;
