//! Real-browser tests: headless Chromium (through chromedriver) against the real server on a fresh
//! database, with axe-core checking every page for WCAG 2.1 A and AA violations.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them). Screenshots of each
//! page, at desktop and phone sizes, are written under `target/screenshots/`.

mod admin;
mod harness;
mod public;
