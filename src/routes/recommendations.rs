//! `/recommendations/{number}`: the Recommendation Page.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use super::StatusView;
use super::activity::{self, Scope};
use super::meta::PageMeta;
use crate::app::AppState;
use crate::db::{self, StoredStage};
use crate::domain::{MonthDate, RecommendationNumber, Status, format_day_human, format_day_iso};
use crate::error::{AppError, AppResult, parse_path, render};
use crate::markdown::{self, SafeHtml, TopHeading};

pub fn router() -> Router<AppState> {
    Router::new().route("/recommendations/{number}", get(show))
}

/// One step of the five-stage indicator.
struct StageStep {
    name: String,
    definition: String,
    /// Where this step stands relative to the recommendation's stage.
    state: StepState,
}

#[derive(PartialEq, Eq)]
enum StepState {
    Reached,
    Current,
    Ahead,
}

/// One entry of the public status history.
struct HistoryEntry {
    /// For the anchor `#change-ID` that feeds link to.
    id: i64,
    effective_iso: String,
    effective_human: String,
    change: String,
    note: SafeHtml,
}

#[derive(Template)]
#[template(path = "recommendations/show.html")]
struct RecommendationPage {
    meta: PageMeta,
    /// When the record or its status last changed.
    last_updated: (String, String),
    number: RecommendationNumber,
    title: Option<String>,
    full_text: Option<SafeHtml>,
    details: SafeHtml,
    focus_area_slug: String,
    focus_area_name: String,
    status: StatusView,
    steps: Vec<StageStep>,
    started: Option<MonthDate>,
    target: Option<MonthDate>,
    implemented: Option<MonthDate>,
    needs_review: bool,
    history: Vec<HistoryEntry>,
    previous: Option<i16>,
    next: Option<i16>,
}

impl RecommendationPage {
    /// "Recommendation 7" or "Recommendation 7: Title", for the document title.
    fn heading(&self) -> String {
        heading_text(self.number, self.title.as_deref())
    }
}

/// "Recommendation 7" or "Recommendation 7: Title".
pub fn heading_text(number: RecommendationNumber, title: Option<&str>) -> String {
    match title {
        Some(title) => format!("Recommendation {number}: {title}"),
        None => format!("Recommendation {number}"),
    }
}

async fn show(State(state): State<AppState>, Path(raw): Path<String>) -> AppResult<Response> {
    let number: RecommendationNumber = parse_path(&raw)?;
    // "07" finds recommendation 7, at its one canonical address.
    if raw != number.to_string() {
        return Ok(Redirect::permanent(&format!("/recommendations/{number}")).into_response());
    }

    let record = sqlx::query!(
        r#"select r.title, r.full_text_md, r.details_md, r.status_known, r.stage_slug, r.on_hold,
                  r.started_on, r.target_on, r.implemented_on, r.needs_review,
                  greatest(r.updated_at, (select max(h.recorded_at) from status_changes h
                                          where h.recommendation_number = r.number)) as "last_updated!",
                  s.name as "stage_name?", coalesce(s.counts_as_implemented, false) as "implemented!",
                  f.slug as focus_area_slug, f.name as focus_area_name,
                  (select max(p.number) from recommendations p where p.number < r.number) as previous,
                  (select min(n.number) from recommendations n where n.number > r.number) as next
           from recommendations r
           join focus_areas f on f.slug = r.focus_area_slug
           left join stages s on s.slug = r.stage_slug
           where r.number = $1"#,
        number.get(),
    )
    .fetch_optional(&state.db);
    // Independent queries, run at once on separate connections.
    let (row, stages, history) =
        tokio::try_join!(record, db::stages(&state.db), history(&state, number))?;
    let row = row.ok_or(AppError::NotFound)?;

    let status = StatusView::from_columns(
        number,
        row.status_known,
        row.stage_slug.as_deref(),
        row.stage_name,
        row.implemented,
        row.on_hold,
    )?;

    let heading = heading_text(number, row.title.as_deref());
    let standing = match status.status {
        Status::Unknown => "its status is not yet published".to_owned(),
        Status::NotStarted => "not started".to_owned(),
        Status::InStage(_) => format!("stage: {}", status.label),
    };
    let description = format!(
        "Recommendation {number} of the OKC Public Safety Partnership{}; {standing}.",
        row.title
            .as_deref()
            .map(|t| format!(", \u{201c}{}\u{201d}", t.trim_end_matches('.')))
            .unwrap_or_default(),
    );
    let meta = PageMeta::new(&state, &format!("/recommendations/{number}"), description)
        .with_feed(
            &state,
            &format!("/recommendations/{number}/feed.atom"),
            format!("Changes to recommendation {number}"),
        )
        .with_open_graph(heading);
    let page = RecommendationPage {
        meta,
        last_updated: (
            format_day_iso(row.last_updated.date()),
            format_day_human(row.last_updated.date()),
        ),
        number,
        title: row.title,
        full_text: row
            .full_text_md
            .map(|text| markdown::render(&text, TopHeading::H3)),
        details: markdown::render(&row.details_md, TopHeading::H3),
        focus_area_slug: row.focus_area_slug,
        focus_area_name: row.focus_area_name,
        steps: steps(&stages, status.status),
        status,
        started: row.started_on.map(MonthDate::from_date),
        target: row.target_on.map(MonthDate::from_date),
        implemented: row.implemented_on.map(MonthDate::from_date),
        needs_review: row.needs_review,
        history,
        previous: row.previous,
        next: row.next,
    };
    Ok(render(&page)?.into_response())
}

fn steps(stages: &[StoredStage], status: Status) -> Vec<StageStep> {
    let current = status.stage().map(|stage| stage.slug());
    let current_index = current.and_then(|slug| stages.iter().position(|s| s.slug == slug));
    stages
        .iter()
        .enumerate()
        .map(|(index, stage)| StageStep {
            name: stage.name.clone(),
            definition: stage.definition.clone(),
            state: match current_index {
                Some(current) if index < current => StepState::Reached,
                Some(current) if index == current => StepState::Current,
                _ => StepState::Ahead,
            },
        })
        .collect()
}

/// The status history, newest first: one query.
async fn history(
    state: &AppState,
    number: RecommendationNumber,
) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    let changes = activity::status_changes(
        &state.db,
        &Scope::Recommendation(number.get()),
        None,
        None,
        i64::MAX,
    )
    .await?;
    Ok(changes
        .into_iter()
        .map(|change| HistoryEntry {
            id: change.id,
            effective_iso: change.date_iso(),
            effective_human: change.date_human(),
            note: markdown::render(&change.note_md, TopHeading::H3),
            change: change.change,
        })
        .collect())
}
