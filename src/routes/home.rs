//! `/`: what the Partnership is, how far implementation has come, and every recommendation.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;

use super::meta::PageMeta;
use super::{ListFilter, RecommendationSummary, list_recommendations};
use crate::app::AppState;
use crate::db::{self, FocusAreaCount};
use crate::error::{AppError, AppResult, render};
use crate::markdown::{self, SafeHtml, TopHeading};

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

/// The City's counters, computed from the same rows the page lists.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counters {
    pub total: usize,
    /// Has a stage.
    pub started: usize,
    /// Full Implementation or Evaluation.
    pub implemented: usize,
    pub on_hold: usize,
    /// No status published.
    pub unknown: usize,
}

impl Counters {
    pub fn count(recommendations: &[RecommendationSummary]) -> Self {
        let count = |keep: fn(&RecommendationSummary) -> bool| {
            recommendations.iter().filter(|r| keep(r)).count()
        };
        Self {
            total: recommendations.len(),
            started: count(|r| r.status.is_started()),
            implemented: count(|r| r.status.implemented),
            on_hold: count(|r| r.status.on_hold),
            unknown: count(|r| r.status.status == crate::domain::Status::Unknown),
        }
    }
}

#[derive(Template)]
#[template(path = "home/index.html")]
struct HomePage {
    meta: PageMeta,
    title: String,
    intro: SafeHtml,
    focus_areas: Vec<FocusAreaCount>,
    counters: Counters,
    recommendations: Vec<RecommendationSummary>,
}

async fn home(State(state): State<AppState>) -> AppResult<Html<String>> {
    // Independent queries, run at once on separate connections.
    let everything = ListFilter::default();
    let (page, focus_areas, recommendations) = tokio::try_join!(
        async { Ok::<_, AppError>(db::fetch_page(&state.db, "home").await?) },
        async { Ok(db::focus_areas_with_counts(&state.db).await?) },
        list_recommendations(&state.db, &everything),
    )?;
    let page =
        page.ok_or_else(|| AppError::Inconsistent("the home page text is missing".into()))?;
    render(&HomePage {
        meta: PageMeta::new(
            &state,
            "/",
            "Follow the 39 police-reform recommendations the Oklahoma City Council received in March 2022: where each stands, its details and its history.",
        ),
        title: page.title,
        intro: markdown::render(&page.body_md, TopHeading::H2),
        focus_areas,
        counters: Counters::count(&recommendations),
        recommendations,
    })
}
