//! The content as the database holds it: the same shape whether read from files or from tables,
//! so that an import can compare the two field by field.

use crate::domain::{MilestoneDate, MonthDate, RecommendationNumber, Status};

/// One focus area; its position is its place in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FocusAreaRecord {
    pub slug: String,
    pub name: String,
    pub description_md: String,
}

/// The name and definition of one of the five stages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageRecord {
    pub slug: String,
    pub name: String,
    pub definition: String,
}

/// One recommendation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendationRecord {
    pub number: RecommendationNumber,
    pub title: Option<String>,
    pub full_text_md: Option<String>,
    pub details_md: String,
    pub focus_area: String,
    pub status: Status,
    pub on_hold: bool,
    pub started: Option<MonthDate>,
    pub target: Option<MonthDate>,
    pub implemented: Option<MonthDate>,
    pub needs_review: bool,
}

impl RecommendationRecord {
    /// The record as the audit log stores it, with the same keys as an edit in the admin section.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "title": self.title,
            "full_text": self.full_text_md,
            "details": self.details_md,
            "focus_area": self.focus_area,
            "stage": self.status.key(),
            "on_hold": self.on_hold,
            "started": self.started.map(MonthDate::iso),
            "estimated_implementation": self.target.map(MonthDate::iso),
            "implemented": self.implemented.map(MonthDate::iso),
            "needs_review": self.needs_review,
        })
    }

    /// The names of the fields in which `other` differs from `self`, as an import reports them.
    pub fn changed_fields(&self, other: &Self) -> Vec<&'static str> {
        let mut changed = Vec::new();
        let mut check = |differs: bool, name: &'static str| {
            if differs {
                changed.push(name);
            }
        };
        check(self.title != other.title, "title");
        check(self.full_text_md != other.full_text_md, "full text");
        check(self.details_md != other.details_md, "project details");
        check(self.focus_area != other.focus_area, "focus area");
        check(self.status != other.status, "stage");
        check(self.on_hold != other.on_hold, "on hold");
        check(self.started != other.started, "start date");
        check(self.target != other.target, "estimated implementation date");
        check(self.implemented != other.implemented, "implemented date");
        check(self.needs_review != other.needs_review, "needs review");
        changed
    }
}

/// One timeline milestone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneRecord {
    pub date: MilestoneDate,
    pub title: String,
    pub body_md: String,
    pub recommendations: Vec<RecommendationNumber>,
}

/// A free-text page (`home` or `about`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRecord {
    pub slug: String,
    pub title: String,
    pub body_md: String,
}
