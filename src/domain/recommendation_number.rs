use std::fmt;
use std::str::FromStr;

/// The number of a recommendation in the March 2022 report: 1 to 39.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecommendationNumber(u8);

impl RecommendationNumber {
    /// How many recommendations the report made; the schema holds the same bound.
    pub const COUNT: u8 = 39;

    /// The number, if it is one of the report's.
    pub fn new(number: i64) -> Option<Self> {
        u8::try_from(number)
            .ok()
            .filter(|n| (1..=Self::COUNT).contains(n))
            .map(Self)
    }

    /// The number as the database stores it.
    pub fn get(self) -> i16 {
        i16::from(self.0)
    }
}

/// Why a piece of text is not a recommendation number.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseNumberError {
    /// Not written as plain digits.
    #[error("a recommendation number is written in digits, such as 7")]
    NotDigits,
    /// Digits, but outside 1 to 39.
    #[error("the report has recommendations 1 to {}", RecommendationNumber::COUNT)]
    OutOfRange,
}

impl FromStr for RecommendationNumber {
    type Err = ParseNumberError;

    /// Accepts plain ASCII digits only (no sign, no spaces): `"07"` is 7, `"+7"` is not a number.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseNumberError::NotDigits);
        }
        // Leading zeros cannot make a long string small, so anything over 3 digits is out of range.
        let significant = text.trim_start_matches('0');
        if significant.len() > 3 {
            return Err(ParseNumberError::OutOfRange);
        }
        let value: i64 = significant.parse().unwrap_or(0);
        Self::new(value).ok_or(ParseNumberError::OutOfRange)
    }
}

impl fmt::Display for RecommendationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl askama::filters::HtmlSafe for RecommendationNumber {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_numbers_parse_and_nothing_else_does() {
        assert_eq!("1".parse::<RecommendationNumber>().unwrap().get(), 1);
        assert_eq!("39".parse::<RecommendationNumber>().unwrap().get(), 39);
        assert_eq!("007".parse::<RecommendationNumber>().unwrap().get(), 7);
        for bad in [
            "0",
            "40",
            "-1",
            "+1",
            " 1",
            "abc",
            "",
            "99999999999999999999",
            "1.5",
        ] {
            assert!(
                bad.parse::<RecommendationNumber>().is_err(),
                "{bad:?} parsed"
            );
        }
    }
}
