//! The only place that reads the environment.

use std::net::SocketAddr;
use std::path::PathBuf;

use url::Url;

/// `DATABASE_URL` when it is not set.
pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@localhost:5432/okc_psp";
/// `BIND_ADDR` when it is not set.
pub const DEFAULT_BIND_ADDR: &str = "127.0.0.1:3000";
/// `CONTENT_DIR` when it is not set: `content/` in the working directory.
pub const DEFAULT_CONTENT_DIR: &str = "content";

/// Settings of one server process.
#[derive(Clone)]
pub struct Config {
    /// `DATABASE_URL`: the PostgreSQL database; created if it does not exist.
    pub database_url: String,
    /// `BIND_ADDR`: the address and port the server listens on.
    pub bind_addr: SocketAddr,
    /// `CONTENT_DIR`: the folder of content files imported into an empty database.
    pub content_dir: PathBuf,
    /// `COOKIE_SECURE`: `true` marks the session cookie Secure, so browsers send it over HTTPS
    /// only. Set it wherever the site is served over HTTPS (everywhere but local development).
    pub cookie_secure: bool,
    /// `BASE_URL`: the site's public address, used for canonical links, feeds, the sitemap and
    /// the open-data catalog. Defaults to `http://` and `BIND_ADDR`.
    pub base_url: String,
}

/// A variable that is set but cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{name}={value:?} is not valid: {reason}")]
pub struct ConfigError {
    name: &'static str,
    value: String,
    reason: String,
}

impl Config {
    /// Reads the settings, using the documented default for each variable that is not set.
    pub fn from_env() -> Result<Self, ConfigError> {
        let database_url = var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        Url::parse(&database_url).map_err(|error| ConfigError {
            name: "DATABASE_URL",
            value: redact_url(&database_url),
            reason: error.to_string(),
        })?;
        let bind_addr = var("BIND_ADDR").unwrap_or_else(|| DEFAULT_BIND_ADDR.to_owned());
        let bind_addr = bind_addr
            .parse()
            .map_err(|error: std::net::AddrParseError| ConfigError {
                name: "BIND_ADDR",
                value: bind_addr.clone(),
                reason: format!(
                    "{error} (expected an address and port such as {DEFAULT_BIND_ADDR})"
                ),
            })?;
        let content_dir = var("CONTENT_DIR").unwrap_or_else(|| DEFAULT_CONTENT_DIR.to_owned());
        let cookie_secure = match var("COOKIE_SECURE").as_deref() {
            None | Some("false") => false,
            Some("true") => true,
            Some(other) => {
                return Err(ConfigError {
                    name: "COOKIE_SECURE",
                    value: other.to_owned(),
                    reason: "use true or false".to_owned(),
                });
            }
        };
        let base_url = var("BASE_URL").unwrap_or_else(|| format!("http://{bind_addr}"));
        let parsed = Url::parse(&base_url).map_err(|error| ConfigError {
            name: "BASE_URL",
            value: base_url.clone(),
            reason: error.to_string(),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_some() {
            return Err(ConfigError {
                name: "BASE_URL",
                value: base_url,
                reason: "use an http or https address without a query, such as https://psp.okc.gov"
                    .to_owned(),
            });
        }
        Ok(Self {
            database_url,
            bind_addr,
            content_dir: PathBuf::from(content_dir),
            cookie_secure,
            base_url: base_url.trim_end_matches('/').to_owned(),
        })
    }

    /// The database URL with any password replaced, fit for logs and error messages.
    pub fn redacted_database_url(&self) -> String {
        redact_url(&self.database_url)
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &self.redacted_database_url())
            .field("bind_addr", &self.bind_addr)
            .field("content_dir", &self.content_dir)
            .field("cookie_secure", &self.cookie_secure)
            .field("base_url", &self.base_url)
            .finish()
    }
}

/// An empty variable counts as unset, so `FOO= cargo run` falls back to the default.
fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

/// Replaces the password in a URL with `***`; a URL that does not parse is hidden entirely,
/// since it may hold a password in a place we cannot find.
pub fn redact_url(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(mut url) => {
            if url.password().is_some() {
                // Cannot fail: a URL with a password has a host.
                let _ = url.set_password(Some("***"));
            }
            url.to_string()
        }
        Err(_) => "(unparseable URL)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn a_password_never_appears_in_the_redacted_url() {
        let redacted = redact_url("postgres://app:s3cret@db.example:5432/okc_psp");
        assert_eq!(redacted, "postgres://app:***@db.example:5432/okc_psp");
    }

    #[test]
    fn a_url_without_a_password_is_shown_as_it_is() {
        let url = "postgres://postgres@localhost:5432/okc_psp";
        assert_eq!(redact_url(url), url);
    }
}
