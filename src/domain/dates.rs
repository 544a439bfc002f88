use std::fmt;
use std::str::FromStr;

use time::{Date, Month};

/// A date known to the month, such as an estimated implementation date ("2025-01").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDate(Date);

/// Why a date was rejected.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Neither `YYYY-MM` nor, where allowed, `YYYY-MM-DD`.
    #[error("{0:?} is not a date: write it as {1}")]
    Format(String, &'static str),
    /// In the right form but not a day of the calendar, such as 2025-02-30.
    #[error("{0:?} is not a real date")]
    NotInCalendar(String),
}

const MONTH_FORMAT: &str = "YYYY-MM, such as 2025-01";
const MILESTONE_FORMAT: &str = "YYYY-MM or YYYY-MM-DD, such as 2025-05 or 2025-05-06";

impl MonthDate {
    /// The month of a stored date (stored as its first day).
    pub fn from_date(date: Date) -> Self {
        Self(date.replace_day(1).unwrap_or(date))
    }

    /// The first day of the month, as stored.
    pub fn first_day(self) -> Date {
        self.0
    }

    /// "2025-01", for `<time datetime>` and content files.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}", self.0.year(), u8::from(self.0.month()))
    }

    /// The month of an optional stored date as "2025-01", as forms and open data write it.
    pub fn iso_of(date: Option<Date>) -> Option<String> {
        date.map(|d| Self::from_date(d).iso())
    }

    /// "January 2025".
    pub fn human(self) -> String {
        format!("{} {}", self.0.month(), self.0.year())
    }
}

impl FromStr for MonthDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let format_error = || DateError::Format(text.to_owned(), MONTH_FORMAT);
        let (year, month) = split_year_month(text).ok_or_else(format_error)?;
        let date = Date::from_calendar_date(year, month, 1)
            .map_err(|_| DateError::NotInCalendar(text.to_owned()))?;
        Ok(Self(date))
    }
}

impl fmt::Display for MonthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.human())
    }
}

/// How precisely a milestone's date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePrecision {
    Month,
    Day,
}

impl DatePrecision {
    /// The key the database stores.
    pub fn key(self) -> &'static str {
        match self {
            DatePrecision::Month => "month",
            DatePrecision::Day => "day",
        }
    }

    /// The precision stored under this key.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "month" => Some(DatePrecision::Month),
            "day" => Some(DatePrecision::Day),
            _ => None,
        }
    }
}

/// A timeline date, known to the month ("May 2025") or to the day ("May 6, 2025").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MilestoneDate {
    date: Date,
    precision: DatePrecision,
}

impl MilestoneDate {
    /// Rebuilds a stored date; a month-precision date is kept on the first of its month.
    pub fn new(date: Date, precision: DatePrecision) -> Self {
        let date = match precision {
            DatePrecision::Month => MonthDate::from_date(date).first_day(),
            DatePrecision::Day => date,
        };
        Self { date, precision }
    }

    /// The stored date (the first of the month for month precision).
    pub fn date(self) -> Date {
        self.date
    }

    /// How precisely the date is known.
    pub fn precision(self) -> DatePrecision {
        self.precision
    }

    /// "2025-05" or "2025-05-06", for `<time datetime>` and content files.
    pub fn iso(self) -> String {
        match self.precision {
            DatePrecision::Month => MonthDate(self.date).iso(),
            DatePrecision::Day => format_day_iso(self.date),
        }
    }

    /// "May 2025" or "May 6, 2025".
    pub fn human(self) -> String {
        match self.precision {
            DatePrecision::Month => MonthDate(self.date).human(),
            DatePrecision::Day => format_day_human(self.date),
        }
    }
}

impl FromStr for MilestoneDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let format_error = || DateError::Format(text.to_owned(), MILESTONE_FORMAT);
        if text.len() == 7 {
            let (year, month) = split_year_month(text).ok_or_else(format_error)?;
            let date = Date::from_calendar_date(year, month, 1)
                .map_err(|_| DateError::NotInCalendar(text.to_owned()))?;
            return Ok(Self::new(date, DatePrecision::Month));
        }
        let date = parse_day(text).map_err(|error| match error {
            DateError::Format(..) => format_error(),
            other => other,
        })?;
        Ok(Self::new(date, DatePrecision::Day))
    }
}

/// Parses a full `YYYY-MM-DD` date.
pub fn parse_day(text: &str) -> Result<Date, DateError> {
    let format_error = || DateError::Format(text.to_owned(), "YYYY-MM-DD, such as 2025-05-06");
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[7] != b'-' {
        return Err(format_error());
    }
    let (year, month) = split_year_month(&text[..7]).ok_or_else(format_error)?;
    let day: u8 = digits(&text[8..]).ok_or_else(format_error)? as u8;
    Date::from_calendar_date(year, month, day)
        .map_err(|_| DateError::NotInCalendar(text.to_owned()))
}

/// "2025-05-06".
pub fn format_day_iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// "May 6, 2025".
pub fn format_day_human(date: Date) -> String {
    format!("{} {}, {}", date.month(), date.day(), date.year())
}

/// `YYYY-MM` into a year and a month; `None` for any other shape or a month outside 1 to 12.
fn split_year_month(text: &str) -> Option<(i32, Month)> {
    let bytes = text.as_bytes();
    if bytes.len() != 7 || bytes[4] != b'-' {
        return None;
    }
    let year = digits(&text[..4])? as i32;
    let month = Month::try_from(u8::try_from(digits(&text[5..])?).ok()?).ok()?;
    Some((year, month))
}

fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_dates_read_and_print_at_month_precision() {
        let date: MonthDate = "2025-01".parse().unwrap();
        assert_eq!(date.iso(), "2025-01");
        assert_eq!(date.human(), "January 2025");
        for bad in [
            "2025-13",
            "2025-1",
            "2025/01",
            "25-01",
            "2025-01-05",
            "",
            "abcd-ef",
        ] {
            assert!(bad.parse::<MonthDate>().is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn milestone_dates_keep_their_precision() {
        let month: MilestoneDate = "2025-05".parse().unwrap();
        assert_eq!(
            (month.iso(), month.human()),
            ("2025-05".into(), "May 2025".into())
        );
        let day: MilestoneDate = "2025-05-06".parse().unwrap();
        assert_eq!(
            (day.iso(), day.human()),
            ("2025-05-06".into(), "May 6, 2025".into())
        );
        assert_eq!(
            "2025-02-30".parse::<MilestoneDate>(),
            Err(DateError::NotInCalendar("2025-02-30".into()))
        );
        assert!("2025-5-6".parse::<MilestoneDate>().is_err());
    }
}
