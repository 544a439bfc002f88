//! How a recommendation's status is shown, and the recommendation list that the home and
//! focus-area pages share.

use sqlx::PgPool;

use crate::domain::{RecommendationNumber, Status};
use crate::error::{AppError, AppResult};

/// A status ready for a template: always a text label, never colour alone.
#[derive(Debug, Clone)]
pub struct StatusView {
    pub status: Status,
    /// "Planning", "Not started" or "Status not yet published".
    pub label: String,
    /// The CSS modifier, such as `planning` or `unknown`.
    pub key: &'static str,
    pub on_hold: bool,
    /// Full Implementation or Evaluation.
    pub implemented: bool,
}

/// The label shown when the City has published no status.
pub const UNKNOWN_STATUS_LABEL: &str = "Status not yet published";
/// The label shown for a recommendation known not to have started.
pub const NOT_STARTED_LABEL: &str = "Not started";

impl StatusView {
    /// Builds the view from the database columns; `stage_name` is the stage's current name.
    pub fn from_columns(
        number: RecommendationNumber,
        status_known: bool,
        stage_slug: Option<&str>,
        stage_name: Option<String>,
        implemented: bool,
        on_hold: bool,
    ) -> AppResult<Self> {
        let status = Status::from_columns(status_known, stage_slug)
            .ok_or_else(|| AppError::Inconsistent(format!("recommendation {number} stage")))?;
        let label = match status {
            Status::Unknown => UNKNOWN_STATUS_LABEL.to_owned(),
            Status::NotStarted => NOT_STARTED_LABEL.to_owned(),
            Status::InStage(_) => stage_name.unwrap_or_default(),
        };
        let key = match status {
            Status::Unknown => "unknown",
            Status::NotStarted => "not-started",
            Status::InStage(stage) => stage.slug(),
        };
        Ok(Self {
            status,
            label,
            key,
            on_hold,
            implemented,
        })
    }

    /// Has a stage: what the City's counter calls "started".
    pub fn is_started(&self) -> bool {
        self.status.stage().is_some()
    }
}

/// One line of a recommendation list.
#[derive(Debug, Clone)]
pub struct RecommendationSummary {
    pub number: RecommendationNumber,
    pub title: Option<String>,
    pub focus_area_slug: String,
    pub focus_area_name: String,
    pub status: StatusView,
}

/// The recommendations in number order, all of them or one focus area's: one query.
pub async fn list_recommendations(
    db: &PgPool,
    focus_area: Option<&str>,
) -> AppResult<Vec<RecommendationSummary>> {
    let rows = sqlx::query!(
        r#"select r.number, r.title, r.status_known, r.stage_slug, r.on_hold,
                  s.name as "stage_name?", coalesce(s.counts_as_implemented, false) as "implemented!",
                  f.slug as focus_area_slug, f.name as focus_area_name
           from recommendations r
           join focus_areas f on f.slug = r.focus_area_slug
           left join stages s on s.slug = r.stage_slug
           where $1::text is null or r.focus_area_slug = $1
           order by r.number"#,
        focus_area,
    )
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|row| {
            let number = RecommendationNumber::new(row.number.into())
                .ok_or_else(|| AppError::Inconsistent(format!("number {}", row.number)))?;
            let status = StatusView::from_columns(
                number,
                row.status_known,
                row.stage_slug.as_deref(),
                row.stage_name,
                row.implemented,
                row.on_hold,
            )?;
            Ok(RecommendationSummary {
                number,
                title: row.title,
                focus_area_slug: row.focus_area_slug,
                focus_area_name: row.focus_area_name,
                status,
            })
        })
        .collect()
}
