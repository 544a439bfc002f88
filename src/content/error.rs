use std::fmt;
use std::ops::Range;

/// A content file that cannot be imported: which file, where in it when that is known, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    /// The file, relative to the content folder's parent, as the clerk would name it.
    pub file: String,
    /// The line (from 1), when the problem is at one place in the file.
    pub line: Option<usize>,
    /// What is wrong, in plain words.
    pub reason: String,
}

impl ContentError {
    /// A problem with the file as a whole.
    pub fn in_file(file: &str, reason: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line: None,
            reason: reason.into(),
        }
    }

    /// A problem at one line.
    pub fn at_line(file: &str, line: usize, reason: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line: Some(line),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}, line {}: {}", self.file, line, self.reason),
            None => write!(f, "{}: {}", self.file, self.reason),
        }
    }
}

impl std::error::Error for ContentError {}

/// Where a piece of TOML sits in its file: the text's first line number and the text itself,
/// so that a byte span from the TOML parser becomes a line number in the file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Located<'a> {
    pub file: &'a str,
    pub first_line: usize,
    pub text: &'a str,
}

impl Located<'_> {
    /// The file line of a byte offset into the text.
    pub fn line_of(&self, span: &Range<usize>) -> usize {
        let start = span.start.min(self.text.len());
        self.first_line + self.text[..start].matches('\n').count()
    }

    /// An error at the line of a span.
    pub fn error(&self, span: &Range<usize>, reason: impl Into<String>) -> ContentError {
        ContentError::at_line(self.file, self.line_of(span), reason)
    }

    /// Parses the text as TOML into `T`, turning a syntax or type error into a located one.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, ContentError> {
        toml::from_str(self.text).map_err(|error| {
            let reason = error.message().trim().to_owned();
            match error.span() {
                Some(span) => self.error(&span, reason),
                None => ContentError::in_file(self.file, reason),
            }
        })
    }
}
