//! `/recommendations`: every recommendation, filtered by focus area, stage and on hold, and
//! searched by words in its title, full text and project details. All of it is a GET query
//! string, so every result can be linked to.

use askama::Template;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::meta::PageMeta;
use super::{ListFilter, RecommendationSummary, list_recommendations};
use crate::app::AppState;
use crate::db::{self, FocusAreaCount, StoredStage};
use crate::domain::Status;
use crate::error::{AppResult, render};

pub fn router() -> Router<AppState> {
    Router::new().route("/recommendations", get(browse))
}

/// The longest search accepted, in characters.
pub const QUERY_MAX: usize = 200;

/// The filters as typed, kept for the form.
#[derive(Debug, Default, Clone)]
pub struct Filters {
    pub area: String,
    pub stage: String,
    pub on_hold: String,
    pub q: String,
}

impl Filters {
    fn is_empty(&self) -> bool {
        self.area.is_empty()
            && self.stage.is_empty()
            && self.on_hold.is_empty()
            && self.q.is_empty()
    }
}

#[derive(Template)]
#[template(path = "recommendations/index.html")]
struct BrowsePage {
    meta: PageMeta,
    filters: Filters,
    messages: Vec<String>,
    focus_areas: Vec<FocusAreaCount>,
    stages: Vec<StoredStage>,
    results: Vec<RecommendationSummary>,
    filtered: bool,
}

fn parse(raw: Option<&str>, areas: &[FocusAreaCount]) -> (Filters, ListFilter, Vec<String>) {
    let mut filters = Filters::default();
    let mut messages = Vec::new();
    let mut unknown = Vec::new();
    for (name, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let value = value.trim().to_owned();
        match name.as_ref() {
            "area" => filters.area = value,
            "stage" => filters.stage = value,
            "on_hold" => filters.on_hold = value,
            "q" => filters.q = value,
            other => unknown.push(other.to_owned()),
        }
    }
    if !unknown.is_empty() {
        messages.push(format!(
            "This page has no filter called {}, so it was ignored. The filters are area, stage, on_hold and q.",
            unknown.iter().map(|n| format!("\u{201c}{n}\u{201d}")).collect::<Vec<_>>().join(", ")
        ));
    }
    let mut valid = ListFilter::default();
    if !filters.area.is_empty() {
        if areas.iter().any(|a| a.slug == filters.area) {
            valid.focus_area = Some(filters.area.clone());
        } else {
            messages.push(format!(
                "There is no focus area \u{201c}{}\u{201d}, so that filter was not applied.",
                filters.area
            ));
        }
    }
    if !filters.stage.is_empty() {
        match filters.stage.parse::<Status>() {
            Ok(status) => valid.status = Some(status),
            Err(_) => messages.push(format!(
                "There is no stage \u{201c}{}\u{201d}, so that filter was not applied.",
                filters.stage
            )),
        }
    }
    match filters.on_hold.as_str() {
        "" => {}
        "yes" => valid.on_hold = Some(true),
        "no" => valid.on_hold = Some(false),
        other => messages.push(format!("\u{201c}On hold\u{201d} must be yes or no, not \u{201c}{other}\u{201d}, so that filter was not applied.")),
    }
    if !filters.q.is_empty() {
        if filters.q.chars().count() > QUERY_MAX {
            messages.push(format!("The search is longer than {QUERY_MAX} characters, so it was not applied. Try fewer words."));
        } else {
            valid.words = Some(filters.q.clone());
        }
    }
    (filters, valid, messages)
}

async fn browse(State(state): State<AppState>, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let (focus_areas, stages) = tokio::try_join!(
        db::focus_areas_with_counts(&state.db),
        db::stages(&state.db)
    )?;
    let (filters, valid, messages) = parse(raw.as_deref(), &focus_areas);
    let results = list_recommendations(&state.db, &valid).await?;
    let page = BrowsePage {
        meta: PageMeta::new(
            &state,
            "/recommendations",
            "All 39 recommendations of the OKC Public Safety Partnership: filter them by focus area, stage and on hold, or search their text.",
        ),
        filtered: !filters.is_empty(),
        filters,
        focus_areas,
        stages,
        results,
        messages,
    };
    let status = if page.messages.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok((status, render(&page)?).into_response())
}
