//! Signing city staff in: password hashes, server-side sessions, CSRF protection and throttling.

pub mod csrf;
pub mod password;
pub mod session;
pub mod throttle;

pub use session::{CurrentUser, require_session};

/// 32 random bytes from the operating system, as 64 hex digits.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    // The OS random source failing is not something a web server can carry on from.
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    hex::encode(bytes)
}
