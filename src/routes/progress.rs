//! `/progress`: how far the 39 recommendations have come, for a council briefing. Counts per
//! status, a focus area by status matrix, implementation over time (from the status history) and
//! the last 90 days of changes. Charts are SVG drawn here, each with a text summary and the same
//! numbers in a table.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use time::{Date, Duration, OffsetDateTime};

use super::activity::describe_change;
use super::meta::PageMeta;
use crate::app::AppState;
use crate::db::{self, FocusAreaCount, StoredStage};
use crate::domain::{MonthDate, Status, format_day_human, format_day_iso};
use crate::error::{AppResult, render};

pub fn router() -> Router<AppState> {
    Router::new().route("/progress", get(progress))
}

/// How far back "recent changes" reach.
pub const RECENT_DAYS: i64 = 90;

/// One status column: unknown, not started, then the five stages.
struct Column {
    key: String,
    label: String,
}

/// One bar of the status chart.
struct Bar {
    label: String,
    count: usize,
    y: usize,
    /// Where the bar starts, right of the longest label.
    x: usize,
    /// At least 1, so an empty status still shows where its bar would start.
    width: usize,
    /// Where the count is written, just past the bar.
    count_x: usize,
}

/// One row of the matrix.
struct MatrixRow {
    slug: String,
    name: String,
    counts: Vec<usize>,
    on_hold: usize,
    total: usize,
}

/// A point where the number of implemented recommendations changed.
struct Step {
    date: Date,
    date_human: String,
    change: String,
    total: i64,
}

/// The implementation-over-time chart, laid out for the template.
struct LineChart {
    path: String,
    points: Vec<(usize, usize, i64)>,
    y_ticks: Vec<(usize, i64)>,
    x_ticks: Vec<(usize, String)>,
}

struct RecentChange {
    date_iso: String,
    date_human: String,
    number: i16,
    title: Option<String>,
    change: String,
}

#[derive(Template)]
#[template(path = "progress/index.html")]
struct ProgressPage {
    meta: PageMeta,
    total: usize,
    started: usize,
    implemented: usize,
    on_hold: usize,
    /// With no published status.
    unknown: usize,
    columns: Vec<Column>,
    bars: Vec<Bar>,
    matrix: Vec<MatrixRow>,
    column_totals: Vec<usize>,
    steps: Vec<Step>,
    chart: Option<LineChart>,
    undated_implemented: usize,
    recent: Vec<RecentChange>,
    recent_since: String,
    recent_days: i64,
}

/// Chart geometry, in SVG user units.
const BAR_CHART_WIDTH: usize = 300;
const BAR_LEFT: usize = 250;
const BAR_HEIGHT: usize = 22;
const BAR_GAP: usize = 10;
const LINE_WIDTH: usize = 600;
const LINE_HEIGHT: usize = 240;
const MARGIN_LEFT: usize = 40;
const MARGIN_BOTTOM: usize = 30;
const MARGIN_TOP: usize = 10;

async fn progress(State(state): State<AppState>) -> AppResult<Html<String>> {
    let (records, history, areas, stages) = tokio::try_join!(
        sqlx::query!(
            r#"select r.number, r.title, r.focus_area_slug, r.status_known, r.stage_slug, r.on_hold,
                      r.implemented_on, coalesce(s.counts_as_implemented, false) as "implemented!"
               from recommendations r left join stages s on s.slug = r.stage_slug
               order by r.number"#
        )
        .fetch_all(&state.db),
        sqlx::query!(
            r#"select h.recommendation_number, h.effective_on, h.previous_status_known,
                      h.previous_stage_slug, h.new_status_known, h.new_stage_slug,
                      h.previous_on_hold, h.new_on_hold,
                      coalesce(ps.counts_as_implemented, false) as "was_implemented!",
                      coalesce(ns.counts_as_implemented, false) as "now_implemented!",
                      ps.name as "previous_name?", ns.name as "new_name?"
               from status_changes h
               left join stages ps on ps.slug = h.previous_stage_slug
               left join stages ns on ns.slug = h.new_stage_slug
               order by h.effective_on, h.id"#
        )
        .fetch_all(&state.db),
        db::focus_areas_with_counts(&state.db),
        db::stages(&state.db),
    )?;

    let columns = status_columns(&stages);
    let column_of = |known: bool, stage: Option<&str>| -> usize {
        match Status::from_columns(known, stage) {
            Some(Status::InStage(stage)) => columns
                .iter()
                .position(|c| c.key == stage.slug())
                .unwrap_or(0),
            Some(Status::NotStarted) => 1,
            _ => 0,
        }
    };

    let mut matrix: Vec<MatrixRow> = areas
        .iter()
        .map(|a: &FocusAreaCount| MatrixRow {
            slug: a.slug.clone(),
            name: a.name.clone(),
            counts: vec![0; columns.len()],
            on_hold: 0,
            total: 0,
        })
        .collect();
    let mut column_totals = vec![0; columns.len()];
    for record in &records {
        let column = column_of(record.status_known, record.stage_slug.as_deref());
        column_totals[column] += 1;
        if let Some(row) = matrix
            .iter_mut()
            .find(|row| row.slug == record.focus_area_slug)
        {
            row.counts[column] += 1;
            row.total += 1;
            row.on_hold += usize::from(record.on_hold);
        }
    }

    // Implementation over time: each recommendation starts as its first recorded change found it
    // (or as it is now, if it has none); one that started implemented counts from its published
    // implementation month.
    let mut first_change: HashMap<i16, bool> = HashMap::new();
    for change in &history {
        first_change
            .entry(change.recommendation_number)
            .or_insert(change.was_implemented);
    }
    let mut events: Vec<(Date, i64, String, bool)> = Vec::new();
    let mut undated_implemented = 0;
    for record in &records {
        let implemented_at_start = first_change
            .get(&record.number)
            .copied()
            .unwrap_or(record.implemented);
        if implemented_at_start {
            match record.implemented_on {
                Some(date) => events.push((
                    date,
                    1,
                    format!("Recommendation {} implemented", record.number),
                    true,
                )),
                None => undated_implemented += 1,
            }
        }
    }
    for change in &history {
        match (change.was_implemented, change.now_implemented) {
            (false, true) => events.push((
                change.effective_on,
                1,
                format!(
                    "Recommendation {} reached {}",
                    change.recommendation_number,
                    change.new_name.clone().unwrap_or_default()
                ),
                false,
            )),
            (true, false) => events.push((
                change.effective_on,
                -1,
                format!(
                    "Recommendation {} moved back from implementation",
                    change.recommendation_number
                ),
                false,
            )),
            _ => {}
        }
    }
    events.sort_by_key(|(date, ..)| *date);
    let mut total = i64::try_from(undated_implemented).unwrap_or(0);
    let steps: Vec<Step> = events
        .into_iter()
        .map(|(date, delta, change, month_only)| {
            total += delta;
            let date_human = if month_only {
                MonthDate::from_date(date).human()
            } else {
                format_day_human(date)
            };
            Step {
                date,
                date_human,
                change,
                total,
            }
        })
        .collect();
    let today = OffsetDateTime::now_utc().date();
    let chart = line_chart(
        &steps,
        today.max(steps.last().map_or(today, |s| s.date)),
        undated_implemented,
    );

    let since = today - Duration::days(RECENT_DAYS);
    let titles: HashMap<i16, Option<String>> = records
        .iter()
        .map(|r| (r.number, r.title.clone()))
        .collect();
    let mut recent: Vec<RecentChange> = history
        .iter()
        .filter(|h| h.effective_on >= since)
        .map(|h| RecentChange {
            date_iso: format_day_iso(h.effective_on),
            date_human: format_day_human(h.effective_on),
            number: h.recommendation_number,
            title: titles.get(&h.recommendation_number).cloned().flatten(),
            change: describe_change(
                (
                    h.previous_status_known,
                    h.previous_name.clone(),
                    h.previous_on_hold,
                ),
                (h.new_status_known, h.new_name.clone(), h.new_on_hold),
            ),
        })
        .collect();
    recent.reverse();

    let max = column_totals.iter().copied().max().unwrap_or(1).max(1);
    let bars = columns
        .iter()
        .zip(&column_totals)
        .enumerate()
        .map(|(i, (column, &count))| Bar {
            label: column.label.clone(),
            count,
            y: i * (BAR_HEIGHT + BAR_GAP),
            x: BAR_LEFT,
            width: (count * BAR_CHART_WIDTH / max).max(1),
            count_x: BAR_LEFT + count * BAR_CHART_WIDTH / max + 6,
        })
        .collect();

    render(&ProgressPage {
        meta: PageMeta::new(
            &state,
            "/progress",
            "How far the 39 recommendations have come: counts by stage and focus area, implementation over time and recent changes.",
        ),
        total: records.len(),
        started: records.iter().filter(|r| r.stage_slug.is_some()).count(),
        implemented: records.iter().filter(|r| r.implemented).count(),
        on_hold: records.iter().filter(|r| r.on_hold).count(),
        unknown: column_totals[0],
        columns,
        bars,
        matrix,
        column_totals,
        steps,
        chart,
        undated_implemented,
        recent,
        recent_since: format_day_human(since),
        recent_days: RECENT_DAYS,
    })
}

fn status_columns(stages: &[StoredStage]) -> Vec<Column> {
    let mut columns = vec![
        Column {
            key: Status::UNKNOWN.to_owned(),
            label: "Status not yet published".to_owned(),
        },
        Column {
            key: Status::NOT_STARTED.to_owned(),
            label: "Not started".to_owned(),
        },
    ];
    columns.extend(stages.iter().map(|s| Column {
        key: s.slug.clone(),
        label: s.name.clone(),
    }));
    columns
}

/// Lays out the cumulative step chart from the first change to today.
fn line_chart(steps: &[Step], today: Date, undated: usize) -> Option<LineChart> {
    let start = steps.first()?.date.replace_day(1).ok()?;
    let span = (today - start).whole_days().max(1);
    let max_total = steps.iter().map(|s| s.total).max().unwrap_or(1).max(1);
    let plot_w = LINE_WIDTH - MARGIN_LEFT - 10;
    let plot_h = LINE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;
    let x_of = |date: Date| {
        MARGIN_LEFT
            + usize::try_from((date - start).whole_days() * plot_w as i64 / span).unwrap_or(0)
    };
    let y_of = |total: i64| {
        MARGIN_TOP + plot_h - usize::try_from(total * plot_h as i64 / max_total).unwrap_or(0)
    };

    let mut path = format!(
        "M{} {}",
        MARGIN_LEFT,
        y_of(i64::try_from(undated).unwrap_or(0))
    );
    let mut points = Vec::new();
    for step in steps {
        let (x, y) = (x_of(step.date), y_of(step.total));
        path.push_str(&format!(" H{x} V{y}"));
        points.push((x, y, step.total));
    }
    path.push_str(&format!(" H{}", x_of(today)));
    let y_ticks = (0..=max_total)
        .filter(|t| max_total <= 10 || t % 5 == 0)
        .map(|t| (y_of(t), t))
        .collect();
    let x_ticks = (start.year()..=today.year())
        .filter_map(|year| Date::from_calendar_date(year, time::Month::January, 1).ok())
        .filter(|d| *d >= start && *d <= today)
        .map(|d| (x_of(d), d.year().to_string()))
        .collect();
    Some(LineChart {
        path,
        points,
        y_ticks,
        x_ticks,
    })
}
