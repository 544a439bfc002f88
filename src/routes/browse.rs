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
use super::{RecommendationSummary, StatusView};
use crate::app::AppState;
use crate::db::{self, FocusAreaCount, StoredStage};
use crate::domain::{RecommendationNumber, Status};
use crate::error::{AppError, AppResult, render};

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

/// The filters that passed, in the database's terms.
#[derive(Debug, Default)]
struct Valid {
    area: Option<String>,
    status: Option<Status>,
    on_hold: Option<bool>,
    q: Option<String>,
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

fn parse(raw: Option<&str>, areas: &[FocusAreaCount]) -> (Filters, Valid, Vec<String>) {
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
    let mut valid = Valid::default();
    if !filters.area.is_empty() {
        if areas.iter().any(|a| a.slug == filters.area) {
            valid.area = Some(filters.area.clone());
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
            valid.q = Some(filters.q.clone());
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
    let results = search(&state, &valid).await?;
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

/// One query: the filters and the search combined, best matches first when searching.
async fn search(state: &AppState, valid: &Valid) -> AppResult<Vec<RecommendationSummary>> {
    let status_key = valid.status.map(Status::key);
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
        valid.area,
        status_key,
        valid.on_hold,
        valid.q,
    )
    .fetch_all(&state.db)
    .await?;
    rows.into_iter()
        .map(|row| {
            let number = RecommendationNumber::new(row.number.into())
                .ok_or_else(|| AppError::Inconsistent(format!("number {}", row.number)))?;
            Ok(RecommendationSummary {
                number,
                title: row.title,
                focus_area_slug: row.focus_area_slug,
                focus_area_name: row.focus_area_name,
                status: StatusView::from_columns(
                    number,
                    row.status_known,
                    row.stage_slug.as_deref(),
                    row.stage_name,
                    row.implemented,
                    row.on_hold,
                )?,
            })
        })
        .collect()
}
