use std::fmt;
use std::str::FromStr;

/// One of the five project status stages the City defines, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Initiation,
    Planning,
    ApproachingImplementation,
    FullImplementation,
    Evaluation,
}

impl Stage {
    /// The five stages in the City's order.
    pub const ALL: [Stage; 5] = [
        Stage::Initiation,
        Stage::Planning,
        Stage::ApproachingImplementation,
        Stage::FullImplementation,
        Stage::Evaluation,
    ];

    /// The key the database and content files use.
    pub fn slug(self) -> &'static str {
        match self {
            Stage::Initiation => "initiation",
            Stage::Planning => "planning",
            Stage::ApproachingImplementation => "approaching_implementation",
            Stage::FullImplementation => "full_implementation",
            Stage::Evaluation => "evaluation",
        }
    }

    /// The stage with this key, if there is one.
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|stage| stage.slug() == slug)
    }
}

/// Where a recommendation stands: a stage, not started, or not known because nothing is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// The City has published nothing about it that we know of.
    Unknown,
    /// Known not to have started.
    NotStarted,
    /// In one of the five stages.
    InStage(Stage),
}

impl Status {
    /// The word used for an unknown status in content files.
    pub const UNKNOWN: &'static str = "unknown";
    /// The word used for "not started" in content files and forms.
    pub const NOT_STARTED: &'static str = "not_started";

    /// The stage, if it has one.
    pub fn stage(self) -> Option<Stage> {
        match self {
            Status::InStage(stage) => Some(stage),
            Status::Unknown | Status::NotStarted => None,
        }
    }

    /// Rebuilds a status from the database's two columns.
    pub fn from_columns(status_known: bool, stage_slug: Option<&str>) -> Option<Self> {
        match (status_known, stage_slug) {
            (false, _) => Some(Status::Unknown),
            (true, None) => Some(Status::NotStarted),
            (true, Some(slug)) => Stage::from_slug(slug).map(Status::InStage),
        }
    }

    /// The key used in content files and forms.
    pub fn key(self) -> &'static str {
        match self {
            Status::Unknown => Self::UNKNOWN,
            Status::NotStarted => Self::NOT_STARTED,
            Status::InStage(stage) => stage.slug(),
        }
    }
}

/// A status key that is none of the five stages, `not_started` or `unknown`.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown stage {0:?}: use one of initiation, planning, approaching_implementation, \
     full_implementation, evaluation, not_started or unknown"
)]
pub struct UnknownStage(pub String);

impl FromStr for Status {
    type Err = UnknownStage;

    fn from_str(key: &str) -> Result<Self, Self::Err> {
        match key {
            Self::UNKNOWN => Ok(Status::Unknown),
            Self::NOT_STARTED => Ok(Status::NotStarted),
            other => Stage::from_slug(other)
                .map(Status::InStage)
                .ok_or_else(|| UnknownStage(other.to_owned())),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_key_parses_back_to_itself() {
        let mut all = vec![Status::Unknown, Status::NotStarted];
        all.extend(Stage::ALL.map(Status::InStage));
        for status in all {
            assert_eq!(status.key().parse::<Status>(), Ok(status));
        }
        assert!("implemented".parse::<Status>().is_err());
    }
}
