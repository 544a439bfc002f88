//! The record of what happened: status changes and milestones, for `/changes` and the Atom feeds.
//! One query for each, whatever the number of recommendations.

use sqlx::PgPool;
use time::{Date, OffsetDateTime};

use crate::domain::{DatePrecision, MilestoneDate, format_day_human, format_day_iso};

/// Which records an activity list covers.
#[derive(Debug, Clone)]
pub enum Scope {
    Everything,
    Recommendation(i16),
    FocusArea(String),
}

impl Scope {
    fn parts(&self) -> (Option<i16>, Option<&str>) {
        match self {
            Scope::Everything => (None, None),
            Scope::Recommendation(number) => (Some(*number), None),
            Scope::FocusArea(slug) => (None, Some(slug.as_str())),
        }
    }
}

/// A status change, described in words.
#[derive(Debug, Clone)]
pub struct StatusChangeItem {
    pub id: i64,
    pub number: i16,
    pub title: Option<String>,
    pub effective_on: Date,
    pub change: String,
    pub note_md: String,
    pub recorded_at: OffsetDateTime,
}

impl StatusChangeItem {
    pub fn date_iso(&self) -> String {
        format_day_iso(self.effective_on)
    }

    pub fn date_human(&self) -> String {
        format_day_human(self.effective_on)
    }
}

/// A milestone and the recommendations it concerns.
#[derive(Debug, Clone)]
pub struct MilestoneItem {
    pub id: i64,
    pub date: MilestoneDate,
    pub title: String,
    pub body_md: String,
    pub recommendations: Vec<i16>,
    pub updated_at: OffsetDateTime,
}

fn status_words(known: bool, name: Option<String>) -> String {
    match (known, name) {
        (false, _) => "status not published".to_owned(),
        (true, None) => "not started".to_owned(),
        (true, Some(name)) => name,
    }
}

/// The change in words: "Stage changed from Planning to Full Implementation. Put on hold."
pub fn describe_change(
    previous: (bool, Option<String>, bool),
    new: (bool, Option<String>, bool),
) -> String {
    let before = status_words(previous.0, previous.1);
    let after = status_words(new.0, new.1);
    let mut change = Vec::new();
    if before != after {
        change.push(format!("Stage changed from {before} to {after}."));
    }
    match (previous.2, new.2) {
        (false, true) => change.push("Put on hold.".to_owned()),
        (true, false) => change.push("No longer on hold.".to_owned()),
        _ => {}
    }
    if change.is_empty() {
        change.push(format!("Stage confirmed as {after}."));
    }
    change.join(" ")
}

/// Status changes in scope that took effect between `from` and `to` (inclusive), newest first.
pub async fn status_changes(
    db: &PgPool,
    scope: &Scope,
    from: Option<Date>,
    to: Option<Date>,
    limit: i64,
) -> Result<Vec<StatusChangeItem>, sqlx::Error> {
    let (number, area) = scope.parts();
    let rows = sqlx::query!(
        r#"select h.id, h.recommendation_number, r.title, h.effective_on, h.previous_status_known,
                  ps.name as "previous_name?", h.previous_on_hold, h.new_status_known,
                  ns.name as "new_name?", h.new_on_hold, h.note_md, h.recorded_at
           from status_changes h
           join recommendations r on r.number = h.recommendation_number
           left join stages ps on ps.slug = h.previous_stage_slug
           left join stages ns on ns.slug = h.new_stage_slug
           where ($1::smallint is null or h.recommendation_number = $1)
             and ($2::text is null or r.focus_area_slug = $2)
             and ($3::date is null or h.effective_on >= $3)
             and ($4::date is null or h.effective_on <= $4)
           order by h.effective_on desc, h.id desc
           limit $5"#,
        number,
        area,
        from,
        to,
        limit,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| StatusChangeItem {
            id: r.id,
            number: r.recommendation_number,
            title: r.title,
            effective_on: r.effective_on,
            change: describe_change(
                (r.previous_status_known, r.previous_name, r.previous_on_hold),
                (r.new_status_known, r.new_name, r.new_on_hold),
            ),
            note_md: r.note_md,
            recorded_at: r.recorded_at,
        })
        .collect())
}

/// Milestones in scope (for a recommendation or focus area: those linked to it) between `from`
/// and `to`, newest first. A month milestone counts from the first of its month.
pub async fn milestones(
    db: &PgPool,
    scope: &Scope,
    from: Option<Date>,
    to: Option<Date>,
    limit: i64,
) -> Result<Vec<MilestoneItem>, sqlx::Error> {
    let (number, area) = scope.parts();
    let rows = sqlx::query!(
        r#"select m.id, m.occurred_on, m.date_precision, m.title, m.body_md, m.updated_at,
                  coalesce(array_agg(mr.recommendation_number order by mr.recommendation_number)
                      filter (where mr.recommendation_number is not null), '{}') as "recommendations!"
           from milestones m
           left join milestone_recommendations mr on mr.milestone_id = m.id
           left join recommendations r on r.number = mr.recommendation_number
           where ($3::date is null or m.occurred_on >= $3)
             and ($4::date is null or m.occurred_on <= $4)
           group by m.id
           having ($1::smallint is null or bool_or(mr.recommendation_number = $1))
              and ($2::text is null or bool_or(r.focus_area_slug = $2))
           order by m.occurred_on desc, m.id desc
           limit $5"#,
        number,
        area,
        from,
        to,
        limit,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| MilestoneItem {
            id: r.id,
            date: MilestoneDate::new(
                r.occurred_on,
                DatePrecision::from_key(&r.date_precision).unwrap_or(DatePrecision::Day),
            ),
            title: r.title,
            body_md: r.body_md,
            recommendations: r.recommendations,
            updated_at: r.updated_at,
        })
        .collect())
}
