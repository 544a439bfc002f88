//! The three open datasets: their documented fields (one list, used by the data dictionary, the
//! CSV header, the JSON keys and the catalog) and the queries that fill them.

use serde_json::{Value, json};
use sqlx::PgPool;

use crate::domain::{DatePrecision, MilestoneDate, MonthDate, Status, format_day_iso};

/// One documented field.
pub struct Field {
    pub name: &'static str,
    pub kind: &'static str,
    pub meaning: &'static str,
}

/// One dataset, published as `/data/SLUG.csv` and `/data/SLUG.json`.
pub struct Dataset {
    pub slug: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub fields: &'static [Field],
}

const fn field(name: &'static str, kind: &'static str, meaning: &'static str) -> Field {
    Field {
        name,
        kind,
        meaning,
    }
}

pub const RECOMMENDATIONS: Dataset = Dataset {
    slug: "recommendations",
    title: "Recommendations",
    description: "The 39 recommendations of the March 2022 report, with their focus area, current \
                  status and dates. One row per recommendation.",
    fields: &[
        field(
            "number",
            "integer",
            "The recommendation's number in the report, 1 to 39. Stable: use it as the id.",
        ),
        field(
            "title",
            "text or empty",
            "The recommendation in a sentence. Empty while the City has not published its wording.",
        ),
        field(
            "focus_area",
            "text",
            "The focus area's stable key, such as de-escalation (see focus_area_name).",
        ),
        field("focus_area_name", "text", "The focus area's name."),
        field(
            "status",
            "text",
            "initiation, planning, approaching_implementation, full_implementation or evaluation (the five stages, in order); not_started; or unknown when the City has published no status.",
        ),
        field(
            "stage_name",
            "text or empty",
            "The stage's name as the City writes it; empty when not started or unknown.",
        ),
        field(
            "implemented",
            "true/false",
            "True in Full Implementation or Evaluation, as the City's 'Projects Implemented' counter counts.",
        ),
        field(
            "on_hold",
            "true/false",
            "True when the City has put the work on hold.",
        ),
        field(
            "start_month",
            "YYYY-MM or empty",
            "When the work started, to the month. Empty when not published.",
        ),
        field(
            "estimated_implementation_month",
            "YYYY-MM or empty",
            "The estimated implementation date, to the month. Empty when not published.",
        ),
        field(
            "implemented_month",
            "YYYY-MM or empty",
            "When it was implemented, to the month. Empty when not published or not implemented.",
        ),
        field(
            "needs_review",
            "true/false",
            "True when a fact in the record (usually the focus area) is a guess that city staff have not yet confirmed.",
        ),
        field(
            "full_text_markdown",
            "text or empty",
            "The City's full wording, in Markdown. Empty while not published.",
        ),
        field(
            "details_markdown",
            "text or empty",
            "Project details, in Markdown.",
        ),
        field("url", "URL", "The Recommendation Page."),
        field(
            "updated_at",
            "date-time (RFC 3339)",
            "When the record last changed.",
        ),
    ],
};

pub const STATUS_HISTORY: Dataset = Dataset {
    slug: "status-history",
    title: "Status history",
    description: "Every recorded change of a recommendation's status, with its public note. One \
                  row per change; rows are never changed or removed.",
    fields: &[
        field("id", "integer", "The change's stable id."),
        field(
            "recommendation_number",
            "integer",
            "The recommendation (see the recommendations dataset).",
        ),
        field(
            "effective_date",
            "YYYY-MM-DD",
            "The day the change took effect.",
        ),
        field(
            "previous_status",
            "text",
            "The status before: a stage key, not_started or unknown (as in recommendations.status).",
        ),
        field("new_status", "text", "The status after."),
        field(
            "previous_on_hold",
            "true/false",
            "Whether it was on hold before.",
        ),
        field("new_on_hold", "true/false", "Whether it is on hold after."),
        field("note_markdown", "text", "The public note, in Markdown."),
        field(
            "recorded_at",
            "date-time (RFC 3339)",
            "When the change was recorded on this site.",
        ),
    ],
};

pub const MILESTONES: Dataset = Dataset {
    slug: "milestones",
    title: "Timeline milestones",
    description: "The milestones of the Public Safety Partnership. One row per milestone.",
    fields: &[
        field("id", "integer", "The milestone's stable id."),
        field(
            "date",
            "YYYY-MM or YYYY-MM-DD",
            "When it happened, at the precision known.",
        ),
        field("date_precision", "text", "month or day."),
        field("title", "text", "What happened."),
        field(
            "body_markdown",
            "text or empty",
            "More detail, in Markdown.",
        ),
        field(
            "recommendations",
            "list of integers",
            "The recommendations it concerns. In CSV, numbers separated by semicolons.",
        ),
    ],
};

/// Every dataset, in the order the catalog lists them.
pub const ALL: [&Dataset; 3] = [&RECOMMENDATIONS, &STATUS_HISTORY, &MILESTONES];

fn rfc3339(moment: time::OffsetDateTime) -> String {
    moment
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn status_key(known: bool, stage: Option<&str>) -> &'static str {
    Status::from_columns(known, stage).map_or("unknown", Status::key)
}

/// The rows of a dataset, each a list of values in the order of its fields. One query.
pub async fn rows(
    db: &PgPool,
    base_url: &str,
    dataset: &Dataset,
) -> Result<Vec<Vec<Value>>, sqlx::Error> {
    match dataset.slug {
        "recommendations" => recommendation_rows(db, base_url).await,
        "status-history" => history_rows(db).await,
        _ => milestone_rows(db).await,
    }
}

async fn recommendation_rows(db: &PgPool, base_url: &str) -> Result<Vec<Vec<Value>>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select r.number, r.title, r.focus_area_slug, f.name as focus_area_name, r.status_known,
                  r.stage_slug, s.name as "stage_name?", coalesce(s.counts_as_implemented, false) as "implemented!",
                  r.on_hold, r.started_on, r.target_on, r.implemented_on, r.needs_review,
                  r.full_text_md, r.details_md, r.updated_at
           from recommendations r
           join focus_areas f on f.slug = r.focus_area_slug
           left join stages s on s.slug = r.stage_slug
           order by r.number"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            vec![
                json!(r.number),
                json!(r.title),
                json!(r.focus_area_slug),
                json!(r.focus_area_name),
                json!(status_key(r.status_known, r.stage_slug.as_deref())),
                json!(r.stage_name),
                json!(r.implemented),
                json!(r.on_hold),
                json!(MonthDate::iso_of(r.started_on)),
                json!(MonthDate::iso_of(r.target_on)),
                json!(MonthDate::iso_of(r.implemented_on)),
                json!(r.needs_review),
                json!(r.full_text_md),
                json!(r.details_md),
                json!(format!("{base_url}/recommendations/{}", r.number)),
                json!(rfc3339(r.updated_at)),
            ]
        })
        .collect())
}

async fn history_rows(db: &PgPool) -> Result<Vec<Vec<Value>>, sqlx::Error> {
    let rows = sqlx::query!(
        "select id, recommendation_number, effective_on, previous_status_known, previous_stage_slug,
                new_status_known, new_stage_slug, previous_on_hold, new_on_hold, note_md, recorded_at
         from status_changes order by id"
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            vec![
                json!(r.id),
                json!(r.recommendation_number),
                json!(format_day_iso(r.effective_on)),
                json!(status_key(
                    r.previous_status_known,
                    r.previous_stage_slug.as_deref()
                )),
                json!(status_key(r.new_status_known, r.new_stage_slug.as_deref())),
                json!(r.previous_on_hold),
                json!(r.new_on_hold),
                json!(r.note_md),
                json!(rfc3339(r.recorded_at)),
            ]
        })
        .collect())
}

async fn milestone_rows(db: &PgPool) -> Result<Vec<Vec<Value>>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select m.id, m.occurred_on, m.date_precision, m.title, m.body_md,
                  coalesce(array_agg(mr.recommendation_number order by mr.recommendation_number)
                      filter (where mr.recommendation_number is not null), '{}') as "recommendations!"
           from milestones m
           left join milestone_recommendations mr on mr.milestone_id = m.id
           group by m.id
           order by m.occurred_on, m.id"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let precision =
                DatePrecision::from_key(&r.date_precision).unwrap_or(DatePrecision::Day);
            vec![
                json!(r.id),
                json!(MilestoneDate::new(r.occurred_on, precision).iso()),
                json!(precision.key()),
                json!(r.title),
                json!(r.body_md),
                json!(r.recommendations),
            ]
        })
        .collect())
}
