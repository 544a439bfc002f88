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

/// Which recommendations a list shows. The default is all of them.
#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    pub focus_area: Option<String>,
    pub status: Option<Status>,
    pub on_hold: Option<bool>,
    /// Words to search for in the title, full text and project details (web-search syntax).
    pub words: Option<String>,
}

/// A stored recommendation number, which the schema keeps within 1 to 39.
pub fn stored_number(number: i16) -> AppResult<RecommendationNumber> {
    RecommendationNumber::new(number.into())
        .ok_or_else(|| AppError::Inconsistent(format!("recommendation number {number}")))
}

/// The recommendations that pass `filter`, in number order (best matches first when searching):
/// one query, for the home page, the focus-area pages and `/recommendations`.
pub async fn list_recommendations(
    db: &PgPool,
    filter: &ListFilter,
) -> AppResult<Vec<RecommendationSummary>> {
    let rows = sqlx::query!(
        r#"select r.number, r.title, r.status_known, r.stage_slug, r.on_hold,
                  s.name as "stage_name?", coalesce(s.counts_as_implemented, false) as "implemented!",
                  f.slug as focus_area_slug, f.name as focus_area_name
           from recommendations r
           join focus_areas f on f.slug = r.focus_area_slug
           left join stages s on s.slug = r.stage_slug
           where ($1::text is null or r.focus_area_slug = $1)
             and ($2::text is null
                  or ($2 = 'unknown' and not r.status_known)
                  or ($2 = 'not_started' and r.status_known and r.stage_slug is null)
                  or r.stage_slug = $2)
             and ($3::boolean is null or r.on_hold = $3)
             and ($4::text is null or r.search @@ websearch_to_tsquery('english', $4))
           order by case when $4::text is null then 0
                         else ts_rank(r.search, websearch_to_tsquery('english', $4)) end desc,
                    r.number"#,
        filter.focus_area,
        filter.status.map(Status::key),
        filter.on_hold,
        filter.words,
    )
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|row| {
            let number = stored_number(row.number)?;
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
