//! `/timeline`: the Partnership's milestones, newest first.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;

use super::meta::PageMeta;
use crate::app::AppState;
use crate::domain::{DatePrecision, MilestoneDate};
use crate::error::{AppError, AppResult, render};
use crate::markdown::{self, SafeHtml, TopHeading};

pub fn router() -> Router<AppState> {
    Router::new().route("/timeline", get(timeline))
}

struct MilestoneView {
    id: i64,
    date: MilestoneDate,
    title: String,
    body: SafeHtml,
    recommendations: Vec<i16>,
}

/// The milestones of one year, newest first.
struct YearGroup {
    year: i32,
    milestones: Vec<MilestoneView>,
}

#[derive(Template)]
#[template(path = "timeline/index.html")]
struct TimelinePage {
    meta: PageMeta,
    years: Vec<YearGroup>,
}

async fn timeline(State(state): State<AppState>) -> AppResult<Html<String>> {
    // Same-day milestones keep the file's order reversed (newest first), as the City lists them.
    let rows = sqlx::query!(
        r#"select m.id, m.occurred_on, m.date_precision, m.title, m.body_md,
                  coalesce(array_agg(mr.recommendation_number order by mr.recommendation_number)
                      filter (where mr.recommendation_number is not null), '{}') as "recommendations!"
           from milestones m
           left join milestone_recommendations mr on mr.milestone_id = m.id
           group by m.id
           order by m.occurred_on desc, m.id desc"#
    )
    .fetch_all(&state.db)
    .await?;
    let mut years: Vec<YearGroup> = Vec::new();
    for row in rows {
        let precision = DatePrecision::from_key(&row.date_precision)
            .ok_or_else(|| AppError::Inconsistent(format!("precision {}", row.date_precision)))?;
        let milestone = MilestoneView {
            id: row.id,
            date: MilestoneDate::new(row.occurred_on, precision),
            title: row.title,
            body: markdown::render(&row.body_md, TopHeading::H3),
            recommendations: row.recommendations,
        };
        let year = milestone.date.date().year();
        match years.last_mut() {
            Some(group) if group.year == year => group.milestones.push(milestone),
            _ => years.push(YearGroup {
                year,
                milestones: vec![milestone],
            }),
        }
    }
    let meta = PageMeta::new(
        &state,
        "/timeline",
        "The milestones of the OKC Public Safety Partnership, from the Council's Resolution of Intent in June 2020 to today.",
    );
    render(&TimelinePage { meta, years })
}
