//! argon2id password hashes, computed off the async threads.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::domain::NewPassword;

/// Hashes a new password with argon2id and a random salt, as a PHC string.
pub async fn hash(password: &NewPassword) -> Result<String, String> {
    let password = password.expose().to_owned();
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|error| error.to_string())?
}

fn hash_blocking(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|error| error.to_string())
}

/// A hash of nothing in particular, verified when no account matches, so that an unknown email
/// costs the same time as a wrong password and timing does not tell whether an account exists.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_blocking("a password that no account has").unwrap_or_default());

/// True when `password` matches `stored`. With no stored hash it still does the full work and
/// returns false.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let (hash, exists) = match &stored {
            Some(hash) => (hash.as_str(), true),
            None => (DUMMY_HASH.as_str(), false),
        };
        let matches = PasswordHash::new(hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        });
        matches && exists
    })
    .await
    .unwrap_or(false)
}
