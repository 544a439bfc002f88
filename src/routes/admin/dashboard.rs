//! `GET /admin`: every recommendation with its status and last update, and what needs review.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::RecommendationNumber;
use crate::error::{AppResult, render};
use crate::routes::{StatusView, stored_number};

struct DashboardRow {
    number: RecommendationNumber,
    title: Option<String>,
    status: StatusView,
    needs_review: bool,
    last_update: String,
    last_update_iso: String,
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    user: CurrentUser,
    rows: Vec<DashboardRow>,
    needs_review: Vec<RecommendationNumber>,
    flash: Option<String>,
}

#[derive(Deserialize)]
pub struct DashboardQuery {
    updated: Option<String>,
    edited: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<DashboardQuery>,
) -> AppResult<Html<String>> {
    let rows = sqlx::query!(
        r#"select r.number, r.title, r.status_known, r.stage_slug, r.on_hold, r.needs_review,
                  s.name as "stage_name?", coalesce(s.counts_as_implemented, false) as "implemented!",
                  greatest(r.updated_at, (select max(h.recorded_at) from status_changes h
                                          where h.recommendation_number = r.number)) as "last_update!"
           from recommendations r left join stages s on s.slug = r.stage_slug
           order by r.number"#
    )
    .fetch_all(&state.db)
    .await?;
    let rows: Vec<DashboardRow> = rows
        .into_iter()
        .map(|row| {
            let number = stored_number(row.number)?;
            Ok(DashboardRow {
                number,
                title: row.title,
                status: StatusView::from_columns(
                    number,
                    row.status_known,
                    row.stage_slug.as_deref(),
                    row.stage_name,
                    row.implemented,
                    row.on_hold,
                )?,
                needs_review: row.needs_review,
                last_update: format_timestamp(row.last_update),
                last_update_iso: row.last_update.date().to_string(),
            })
        })
        .collect::<AppResult<_>>()?;
    let needs_review = rows
        .iter()
        .filter(|row| row.needs_review)
        .map(|row| row.number)
        .collect();
    let flash = match (query.updated, query.edited) {
        (Some(n), _) => n.parse::<RecommendationNumber>().ok().map(|n| {
            format!("The status of recommendation {n} was updated. The public page shows it now.")
        }),
        (None, Some(n)) => n
            .parse::<RecommendationNumber>()
            .ok()
            .map(|n| format!("Recommendation {n} was saved.")),
        _ => None,
    };
    render(&DashboardPage {
        user,
        rows,
        needs_review,
        flash,
    })
}

/// "May 6, 2025" for a stored moment, in UTC (the server's reference time).
pub fn format_timestamp(moment: OffsetDateTime) -> String {
    crate::domain::format_day_human(moment.date())
}
