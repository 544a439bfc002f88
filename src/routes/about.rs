//! `/about`: the Partnership's background, the focus areas and the five stage definitions.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;

use super::meta::PageMeta;
use crate::app::AppState;
use crate::db::{self, FocusAreaCount, StoredStage};
use crate::error::{AppError, AppResult, render};
use crate::markdown::{self, SafeHtml, TopHeading};

pub fn router() -> Router<AppState> {
    Router::new().route("/about", get(about))
}

#[derive(Template)]
#[template(path = "about/index.html")]
struct AboutPage {
    meta: PageMeta,
    title: String,
    body: SafeHtml,
    focus_areas: Vec<FocusAreaCount>,
    stages: Vec<StoredStage>,
}

async fn about(State(state): State<AppState>) -> AppResult<Html<String>> {
    let (page, focus_areas, stages) = tokio::try_join!(
        db::fetch_page(&state.db, "about"),
        db::focus_areas_with_counts(&state.db),
        db::stages(&state.db),
    )?;
    let page =
        page.ok_or_else(|| AppError::Inconsistent("the About page text is missing".into()))?;
    render(&AboutPage {
        meta: PageMeta::new(
            &state,
            "/about",
            "About the OKC Public Safety Partnership: its background, its nine focus areas and what the five project stages mean.",
        ),
        title: page.title,
        body: markdown::render(&page.body_md, TopHeading::H2),
        focus_areas,
        stages,
    })
}
