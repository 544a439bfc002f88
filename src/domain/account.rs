use std::fmt;
use std::str::FromStr;

/// An email address, trimmed and lowercased, so that one person has one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Email {
    type Err = String;

    /// A deliberately loose check (something@something.tld): the real proof of an address is the
    /// person using it, and a strict pattern would refuse real addresses.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let email = text.trim().to_lowercase();
        let valid = email.len() <= 254
            && !email.chars().any(char::is_whitespace)
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
            });
        if valid {
            Ok(Self(email))
        } else {
            Err("Enter an email address, such as name@okc.gov.".to_owned())
        }
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password that meets the rules for a new one. Its `Debug` never shows it.
#[derive(Clone)]
pub struct NewPassword(String);

impl NewPassword {
    /// Fewer characters than this are refused.
    pub const MIN_CHARS: usize = 12;
    /// More than this is refused, so hashing cannot be made to take unbounded time.
    pub const MAX_CHARS: usize = 256;

    pub fn parse(text: &str) -> Result<Self, String> {
        let chars = text.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(format!(
                "The password must have at least {} characters.",
                Self::MIN_CHARS
            ));
        }
        if chars > Self::MAX_CHARS {
            return Err(format!(
                "The password must have at most {} characters.",
                Self::MAX_CHARS
            ));
        }
        if text.trim().is_empty() {
            return Err("The password cannot be only spaces.".to_owned());
        }
        Ok(Self(text.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Everything, including accounts and the audit log.
    Admin,
    /// Statuses, recommendations, the timeline and pages.
    Editor,
}

impl Role {
    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::Editor => "Editor",
        }
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "admin" => Ok(Role::Admin),
            "editor" => Ok(Role::Editor),
            other => Err(format!("Unknown role {other:?}: choose admin or editor.")),
        }
    }
}

/// A person's name as shown in the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(text: &str) -> Result<Self, String> {
        let name = text.trim();
        if name.is_empty() {
            return Err("Enter the person's name.".to_owned());
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(format!(
                "The name must have at most {} characters.",
                Self::MAX_CHARS
            ));
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_nonsense_refused() {
        assert_eq!(
            "  Clerk@OKC.gov ".parse::<Email>().unwrap().as_str(),
            "clerk@okc.gov"
        );
        for bad in [
            "",
            "clerk",
            "clerk@",
            "@okc.gov",
            "clerk@okc",
            "a b@okc.gov",
            "a@b@okc.gov",
        ] {
            assert!(bad.parse::<Email>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_new_password_needs_twelve_characters_and_never_prints() {
        assert!(NewPassword::parse("short-pass1").is_err());
        let password = NewPassword::parse("correct horse battery").unwrap();
        assert_eq!(format!("{password:?}"), "NewPassword(***)");
    }
}
