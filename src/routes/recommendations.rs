//! `/recommendations/{number}`: the Recommendation Page.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use super::StatusView;
use crate::app::AppState;
use crate::db::{self, StoredStage};
use crate::domain::{MonthDate, RecommendationNumber, Status, format_day_human, format_day_iso};
use crate::error::{AppError, AppResult, render};
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
    effective_iso: String,
    effective_human: String,
    change: String,
    note: SafeHtml,
}

#[derive(Template)]
#[template(path = "recommendations/show.html")]
struct RecommendationPage {
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
        match &self.title {
            Some(title) => format!("Recommendation {}: {}", self.number, title),
            None => format!("Recommendation {}", self.number),
        }
    }
}

async fn show(State(state): State<AppState>, Path(raw): Path<String>) -> AppResult<Response> {
    let number: RecommendationNumber = raw.parse().map_err(|_| AppError::NotFound)?;
    // "07" finds recommendation 7, at its one canonical address.
    if raw != number.to_string() {
        return Ok(Redirect::permanent(&format!("/recommendations/{number}")).into_response());
    }

    let record = sqlx::query!(
        r#"select r.title, r.full_text_md, r.details_md, r.status_known, r.stage_slug, r.on_hold,
                  r.started_on, r.target_on, r.implemented_on, r.needs_review,
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

    let page = RecommendationPage {
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
    let rows = sqlx::query!(
        r#"select h.previous_status_known, ps.name as "previous_stage?", h.new_status_known,
                  ns.name as "new_stage?", h.previous_on_hold, h.new_on_hold, h.effective_on, h.note_md
           from status_changes h
           left join stages ps on ps.slug = h.previous_stage_slug
           left join stages ns on ns.slug = h.new_stage_slug
           where h.recommendation_number = $1
           order by h.effective_on desc, h.id desc"#,
        number.get(),
    )
    .fetch_all(&state.db)
    .await?;
    let stage_name = |known: bool, name: Option<String>| -> String {
        match (known, name) {
            (false, _) => "status not published".to_owned(),
            (true, None) => "not started".to_owned(),
            (true, Some(name)) => name,
        }
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            let before = stage_name(row.previous_status_known, row.previous_stage);
            let after = stage_name(row.new_status_known, row.new_stage);
            let mut change = Vec::new();
            if before != after {
                change.push(format!("Stage changed from {before} to {after}."));
            }
            match (row.previous_on_hold, row.new_on_hold) {
                (false, true) => change.push("Put on hold.".to_owned()),
                (true, false) => change.push("No longer on hold.".to_owned()),
                _ => {}
            }
            if change.is_empty() {
                change.push(format!("Stage confirmed as {after}."));
            }
            HistoryEntry {
                effective_iso: format_day_iso(row.effective_on),
                effective_human: format_day_human(row.effective_on),
                change: change.join(" "),
                note: markdown::render(&row.note_md, TopHeading::H3),
            }
        })
        .collect())
}
