//! What every admin form shares: per-field messages, field limits and small parsers.

use axum::http::StatusCode;
use serde::Deserialize;

use crate::domain::MonthDate;

/// The longest title, in characters.
pub const TITLE_MAX: usize = 300;
/// The longest Markdown text (details, full text, page bodies), in characters.
pub const MARKDOWN_MAX: usize = 20_000;
/// The longest public note on a status change, in characters.
pub const NOTE_MAX: usize = 10_000;

/// Messages for the fields of a submitted form, in the order the fields appear.
#[derive(Debug, Default, Clone)]
pub struct FormErrors(Vec<(&'static str, String)>);

impl FormErrors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push((field, message.into()));
    }

    /// The message for `field`, if it has one.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, message)| message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    /// (field, message) pairs, for the error summary.
    pub fn iter(&self) -> impl Iterator<Item = &(&'static str, String)> {
        self.0.iter()
    }

    /// `aria-describedby` for a field: its hint and its error, where present.
    pub fn described_by(&self, field: &str, has_hint: bool) -> String {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{field}-hint"));
        }
        if self.has(field) {
            ids.push(format!("{field}-error"));
        }
        ids.join(" ")
    }

    /// 422 when there are errors: the form is shown again, nothing saved.
    pub fn status(&self) -> StatusCode {
        if self.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    }
}

/// Which button submitted a form with a preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum FormAction {
    Preview,
    #[default]
    Save,
}

/// A checkbox is sent only when ticked.
pub fn checkbox(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.is_empty())
}

/// Checks a required text field's length; returns the trimmed text.
pub fn required_text(
    errors: &mut FormErrors,
    field: &'static str,
    label: &str,
    value: &str,
    max: usize,
) -> String {
    let text = value.trim();
    if text.is_empty() {
        errors.add(field, format!("Enter {label}."));
    } else {
        check_length(errors, field, label, text, max);
    }
    text.to_owned()
}

/// Checks an optional text field's length; an empty field is `None`.
pub fn optional_text(
    errors: &mut FormErrors,
    field: &'static str,
    label: &str,
    value: &str,
    max: usize,
) -> Option<String> {
    let text = value.trim();
    if text.is_empty() {
        return None;
    }
    check_length(errors, field, label, text, max);
    Some(text.to_owned())
}

fn check_length(errors: &mut FormErrors, field: &'static str, label: &str, text: &str, max: usize) {
    let length = text.chars().count();
    if length > max {
        errors.add(
            field,
            format!(
                "{} must have at most {max} characters; it has {length}.",
                capitalise(label)
            ),
        );
    }
}

/// An optional `YYYY-MM` field.
pub fn optional_month(
    errors: &mut FormErrors,
    field: &'static str,
    value: &str,
) -> Option<MonthDate> {
    let text = value.trim();
    if text.is_empty() {
        return None;
    }
    match text.parse() {
        Ok(date) => Some(date),
        Err(_) => {
            errors.add(
                field,
                "Enter a year and month, such as 2025-01, or leave it empty.",
            );
            None
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
