//! `/focus-areas/{slug}`: one focus area and its recommendations.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;

use super::meta::PageMeta;
use super::{ListFilter, RecommendationSummary, list_recommendations};
use crate::app::AppState;
use crate::error::{AppError, AppResult, render};
use crate::markdown::{self, SafeHtml, TopHeading};

pub fn router() -> Router<AppState> {
    Router::new().route("/focus-areas/{slug}", get(focus_area))
}

#[derive(Template)]
#[template(path = "focus_areas/show.html")]
struct FocusAreaPage {
    meta: PageMeta,
    name: String,
    description: SafeHtml,
    recommendations: Vec<RecommendationSummary>,
}

async fn focus_area(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> AppResult<Html<String>> {
    let area = sqlx::query!(
        "select name, description_md from focus_areas where slug = $1",
        slug
    )
    .fetch_optional(&state.db);
    let in_area = ListFilter {
        focus_area: Some(slug.clone()),
        ..ListFilter::default()
    };
    // Independent queries, run at once on separate connections.
    let (area, recommendations) = tokio::try_join!(
        async { Ok::<_, AppError>(area.await?) },
        list_recommendations(&state.db, &in_area),
    )?;
    let area = area.ok_or(AppError::NotFound)?;
    let meta = PageMeta::new(&state, &format!("/focus-areas/{slug}"), format!("{}: the recommendations in this focus area of the OKC Public Safety Partnership, and where each stands.", area.name))
        .with_feed(&state, &format!("/focus-areas/{slug}/feed.atom"), format!("Changes in {}", area.name));
    render(&FocusAreaPage {
        meta,
        name: area.name,
        description: markdown::render(&area.description_md, TopHeading::H2),
        recommendations,
    })
}
