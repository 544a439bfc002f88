//! `/changes?from=YYYY-MM-DD&to=YYYY-MM-DD`: every status change and milestone in a period,
//! grouped by recommendation, for a printed briefing.

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use time::{Date, Duration, OffsetDateTime};

use super::activity::{self, MilestoneItem, Scope, StatusChangeItem};
use super::meta::PageMeta;
use crate::app::AppState;
use crate::domain::{format_day_human, format_day_iso, parse_day};
use crate::error::{AppResult, render};
use crate::markdown::{self, SafeHtml, TopHeading};

pub fn router() -> Router<AppState> {
    Router::new().route("/changes", get(changes))
}

/// The default period, ending today.
pub const DEFAULT_DAYS: i64 = 90;
/// More than this is refused, to keep one page printable.
const ROW_LIMIT: i64 = 2000;

struct ChangeView {
    item: StatusChangeItem,
    note: SafeHtml,
}

struct Group {
    number: i16,
    title: Option<String>,
    changes: Vec<ChangeView>,
    milestones: Vec<MilestoneItem>,
}

#[derive(Template)]
#[template(path = "changes/index.html")]
struct ChangesPage {
    meta: PageMeta,
    from: String,
    to: String,
    period: Option<(String, String)>,
    messages: Vec<String>,
    groups: Vec<Group>,
    general_milestones: Vec<MilestoneItem>,
}

fn read_date(field: &str, label: &str, text: &str, messages: &mut Vec<String>) -> Option<Date> {
    match parse_day(text) {
        Ok(date) => Some(date),
        Err(_) => {
            messages.push(format!("The {label} date \u{201c}{text}\u{201d} is not a date: write it as YYYY-MM-DD, such as 2025-05-06 ({field})."));
            None
        }
    }
}

async fn changes(State(state): State<AppState>, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let today = OffsetDateTime::now_utc().date();
    let mut from_text = format_day_iso(today - Duration::days(DEFAULT_DAYS));
    let mut to_text = format_day_iso(today);
    let mut messages = Vec::new();
    for (name, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let value = value.trim().to_owned();
        match name.as_ref() {
            "from" if !value.is_empty() => from_text = value,
            "to" if !value.is_empty() => to_text = value,
            "from" | "to" => {}
            other => messages.push(format!("This page has no setting called \u{201c}{other}\u{201d}; it was ignored. Use from and to.")),
        }
    }
    let from = read_date("from", "start", &from_text, &mut messages);
    let to = read_date("to", "end", &to_text, &mut messages);
    let period = match (from, to) {
        (Some(from), Some(to)) if from > to => {
            messages.push(format!(
                "The start date ({}) is after the end date ({}). Swap them, or choose another period.",
                format_day_human(from), format_day_human(to)));
            None
        }
        (Some(from), Some(to)) => Some((from, to)),
        _ => None,
    };

    let (mut groups, mut general_milestones) = (Vec::new(), Vec::new());
    if let Some((from, to)) = period {
        let (changes, milestones) = tokio::try_join!(
            activity::status_changes(
                &state.db,
                &Scope::Everything,
                Some(from),
                Some(to),
                ROW_LIMIT
            ),
            activity::milestones(
                &state.db,
                &Scope::Everything,
                Some(from),
                Some(to),
                ROW_LIMIT
            ),
        )?;
        let mut by_number: BTreeMap<i16, Group> = BTreeMap::new();
        for item in changes.into_iter().rev() {
            let group = by_number.entry(item.number).or_insert_with(|| Group {
                number: item.number,
                title: item.title.clone(),
                changes: Vec::new(),
                milestones: Vec::new(),
            });
            let note = markdown::render(&item.note_md, TopHeading::H3);
            group.changes.push(ChangeView { item, note });
        }
        for milestone in milestones.into_iter().rev() {
            if milestone.recommendations.is_empty() {
                general_milestones.push(milestone);
                continue;
            }
            for number in &milestone.recommendations {
                by_number
                    .entry(*number)
                    .or_insert_with(|| Group {
                        number: *number,
                        title: None,
                        changes: Vec::new(),
                        milestones: Vec::new(),
                    })
                    .milestones
                    .push(milestone.clone());
            }
        }
        groups = by_number.into_values().collect();
        fill_titles(&state, &mut groups).await?;
    }

    let status = if messages.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let page = ChangesPage {
        meta: PageMeta::new(
            &state,
            "/changes",
            "Every status change and milestone of the OKC Public Safety Partnership in a chosen period, grouped by recommendation.",
        ),
        from: from_text,
        to: to_text,
        period: period.map(|(f, t)| (format_day_human(f), format_day_human(t))),
        messages,
        groups,
        general_milestones,
    };
    Ok((status, render(&page)?).into_response())
}

/// Groups made only from milestones have no title yet: one query for all of them.
async fn fill_titles(state: &AppState, groups: &mut [Group]) -> AppResult<()> {
    let missing: Vec<i16> = groups
        .iter()
        .filter(|g| g.changes.is_empty())
        .map(|g| g.number)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let rows = sqlx::query!(
        "select number, title from recommendations where number = any($1)",
        &missing
    )
    .fetch_all(&state.db)
    .await?;
    for row in rows {
        if let Some(group) = groups.iter_mut().find(|g| g.number == row.number) {
            group.title = row.title;
        }
    }
    Ok(())
}
