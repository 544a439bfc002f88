//! Adding, editing and deleting timeline milestones.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::changes::{self, OtherChange};
use super::forms::{self, FormErrors, MARKDOWN_MAX, TITLE_MAX};
use crate::app::AppState;
use crate::audit::{self, AuditEntry};
use crate::auth::CurrentUser;
use crate::domain::{DatePrecision, MilestoneDate, RecommendationNumber};
use crate::error::{AppError, AppResult, parse_path, render};

struct MilestoneRow {
    id: i64,
    date: MilestoneDate,
    title: String,
}

#[derive(Template)]
#[template(path = "admin/timeline.html")]
struct TimelineAdminPage {
    user: CurrentUser,
    milestones: Vec<MilestoneRow>,
    flash: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct FlashQuery {
    saved: Option<String>,
    deleted: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Query(query): axum::extract::Query<FlashQuery>,
) -> AppResult<Html<String>> {
    let rows = sqlx::query!(
        "select id, occurred_on, date_precision, title from milestones order by occurred_on desc, id desc"
    )
    .fetch_all(&state.db)
    .await?;
    let milestones = rows
        .into_iter()
        .map(|row| {
            let precision = DatePrecision::from_key(&row.date_precision)
                .ok_or_else(|| AppError::Inconsistent(format!("milestone {} precision", row.id)))?;
            Ok(MilestoneRow {
                id: row.id,
                date: MilestoneDate::new(row.occurred_on, precision),
                title: row.title,
            })
        })
        .collect::<AppResult<_>>()?;
    let flash = if query.saved.is_some() {
        Some("The milestone was saved. The public timeline shows it now.")
    } else if query.deleted.is_some() {
        Some("The milestone was deleted.")
    } else {
        None
    };
    render(&TimelineAdminPage {
        user,
        milestones,
        flash,
    })
}

/// The form's fields as text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MilestoneForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    recommendations: String,
    #[serde(default)]
    version: String,
}

#[derive(Template)]
#[template(path = "admin/milestone_form.html")]
struct MilestoneFormPage {
    user: CurrentUser,
    /// None for a new milestone.
    id: Option<i64>,
    values: MilestoneForm,
    errors: FormErrors,
    conflict: Vec<OtherChange>,
}

struct ValidMilestone {
    date: MilestoneDate,
    title: String,
    body: String,
    recommendations: Vec<i16>,
}

impl ValidMilestone {
    fn audit_json(&self, version: i32) -> Value {
        json!({
            "date": self.date.iso(),
            "title": self.title,
            "body": self.body,
            "recommendations": self.recommendations,
            "version": version,
        })
    }
}

fn validate(form: &MilestoneForm, errors: &mut FormErrors) -> Option<ValidMilestone> {
    let date = match form.date.trim().parse::<MilestoneDate>() {
        Ok(date) => Some(date),
        Err(_) => {
            errors.add(
                "date",
                "Enter the date as a year and month (2025-05) or a full date (2025-05-06).",
            );
            None
        }
    };
    let title = forms::required_text(errors, "title", "what happened", &form.title, TITLE_MAX);
    let body = forms::optional_text(errors, "body", "the description", &form.body, MARKDOWN_MAX);
    let mut recommendations = Vec::new();
    for part in form
        .recommendations
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        match part.parse::<RecommendationNumber>() {
            Ok(number) if !recommendations.contains(&number.get()) => {
                recommendations.push(number.get())
            }
            Ok(_) => {}
            Err(_) => {
                errors.add("recommendations", format!(
                    "{part:?} is not a recommendation number: use numbers from 1 to 39, separated by commas."));
                break;
            }
        }
    }
    recommendations.sort_unstable();
    if !errors.is_empty() {
        return None;
    }
    Some(ValidMilestone {
        date: date?,
        title,
        body: body.unwrap_or_default(),
        recommendations,
    })
}

pub async fn new_form(user: CurrentUser) -> AppResult<Html<String>> {
    render(&MilestoneFormPage {
        user,
        id: None,
        values: MilestoneForm::default(),
        errors: FormErrors::default(),
        conflict: Vec::new(),
    })
}

/// A duplicate date and title would break the public timeline's uniqueness.
const DUPLICATE: &str = "A milestone with this date and title already exists.";

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<MilestoneForm>,
) -> AppResult<Response> {
    let mut errors = FormErrors::default();
    if let Some(milestone) = validate(&form, &mut errors) {
        let mut tx = state.db.begin().await?;
        let inserted = sqlx::query_scalar!(
            "insert into milestones (occurred_on, date_precision, title, body_md) values ($1, $2, $3, $4)
             on conflict on constraint milestones_date_title_key do nothing
             returning id",
            milestone.date.date(),
            milestone.date.precision().key(),
            milestone.title,
            milestone.body,
        )
        .fetch_optional(&mut *tx)
        .await?;
        match inserted {
            Some(id) => {
                link_recommendations(&mut tx, id, &milestone.recommendations).await?;
                audit::record(
                    &mut tx,
                    AuditEntry {
                        user_id: Some(user.id),
                        action: "added milestone",
                        entity: "milestone",
                        entity_key: id.to_string(),
                        recommendation: None,
                        before: None,
                        after: Some(milestone.audit_json(1)),
                    },
                )
                .await?;
                tx.commit().await?;
                return Ok(Redirect::to("/admin/timeline?saved=1").into_response());
            }
            None => errors.add("title", DUPLICATE),
        }
    }
    let page = MilestoneFormPage {
        user,
        id: None,
        values: form,
        errors,
        conflict: Vec::new(),
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

async fn link_recommendations(
    tx: &mut sqlx::PgConnection,
    id: i64,
    numbers: &[i16],
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "delete from milestone_recommendations where milestone_id = $1",
        id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "insert into milestone_recommendations (milestone_id, recommendation_number)
         select $1, unnest($2::smallint[])",
        id,
        numbers
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

struct StoredMilestone {
    form: MilestoneForm,
    json: Value,
    version: i32,
}

/// The milestone, locked for the rest of the caller's transaction (outside one, the lock ends
/// with the statement).
async fn load(db: &mut sqlx::PgConnection, id: i64) -> AppResult<StoredMilestone> {
    let row = sqlx::query!(
        r#"select m.occurred_on, m.date_precision, m.title, m.body_md, m.version,
                  coalesce((select array_agg(recommendation_number order by recommendation_number)
                            from milestone_recommendations where milestone_id = m.id), '{}') as "recommendations!"
           from milestones m where m.id = $1 for update"#,
        id
    )
    .fetch_optional(&mut *db)
    .await?
    .map(|r| (r.occurred_on, r.date_precision, r.title, r.body_md, r.version, r.recommendations));
    let (occurred_on, precision, title, body, version, recommendations) =
        row.ok_or(AppError::NotFound)?;
    let precision = DatePrecision::from_key(&precision)
        .ok_or_else(|| AppError::Inconsistent(format!("milestone {id} precision")))?;
    let date = MilestoneDate::new(occurred_on, precision);
    let numbers: Vec<String> = recommendations.iter().map(i16::to_string).collect();
    Ok(StoredMilestone {
        json: json!({ "date": date.iso(), "title": title, "body": body, "recommendations": recommendations, "version": version }),
        form: MilestoneForm {
            date: date.iso(),
            title,
            body,
            recommendations: numbers.join(", "),
            version: version.to_string(),
        },
        version,
    })
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    let id: i64 = parse_path(&id)?;
    let mut conn = state.db.acquire().await?;
    let stored = load(&mut conn, id).await?;
    render(&MilestoneFormPage {
        user,
        id: Some(id),
        values: stored.form,
        errors: FormErrors::default(),
        conflict: Vec::new(),
    })
}

pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(form): Form<MilestoneForm>,
) -> AppResult<Response> {
    let id: i64 = parse_path(&id)?;
    let mut errors = FormErrors::default();
    let mut values = form.clone();
    let mut conflict = Vec::new();
    let loaded_version = form.version.trim().parse::<i32>().unwrap_or(-1);
    if let Some(milestone) = validate(&form, &mut errors) {
        let mut tx = state.db.begin().await?;
        let stored = load(&mut tx, id).await?;
        if stored.version != loaded_version {
            drop(tx);
            conflict =
                changes::since_version(&state.db, "milestone", &id.to_string(), loaded_version)
                    .await?;
            values.version = stored.version.to_string();
        } else {
            let result = sqlx::query_scalar!(
                "update milestones set occurred_on = $2, date_precision = $3, title = $4, body_md = $5,
                     version = version + 1
                 where id = $1 returning version",
                id,
                milestone.date.date(),
                milestone.date.precision().key(),
                milestone.title,
                milestone.body,
            )
            .fetch_one(&mut *tx)
            .await;
            match result {
                Ok(version) => {
                    link_recommendations(&mut tx, id, &milestone.recommendations).await?;
                    audit::record(
                        &mut tx,
                        AuditEntry {
                            user_id: Some(user.id),
                            action: "edited milestone",
                            entity: "milestone",
                            entity_key: id.to_string(),
                            recommendation: None,
                            before: Some(stored.json),
                            after: Some(milestone.audit_json(version)),
                        },
                    )
                    .await?;
                    tx.commit().await?;
                    return Ok(Redirect::to("/admin/timeline?saved=1").into_response());
                }
                Err(sqlx::Error::Database(error))
                    if error.constraint() == Some("milestones_date_title_key") =>
                {
                    errors.add("title", DUPLICATE);
                }
                Err(error) => return Err(error.into()),
            }
        }
    }
    let status = if conflict.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::CONFLICT
    };
    let page = MilestoneFormPage {
        user,
        id: Some(id),
        values,
        errors,
        conflict,
    };
    Ok((status, render(&page)?).into_response())
}

#[derive(Template)]
#[template(path = "admin/milestone_delete.html")]
struct DeletePage {
    user: CurrentUser,
    id: i64,
    values: MilestoneForm,
}

pub async fn confirm_delete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    let id: i64 = parse_path(&id)?;
    let mut conn = state.db.acquire().await?;
    let stored = load(&mut conn, id).await?;
    render(&DeletePage {
        user,
        id,
        values: stored.form,
    })
}

pub async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: i64 = parse_path(&id)?;
    let mut tx = state.db.begin().await?;
    let stored = load(&mut tx, id).await?;
    sqlx::query!("delete from milestones where id = $1", id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        AuditEntry {
            user_id: Some(user.id),
            action: "deleted milestone",
            entity: "milestone",
            entity_key: id.to_string(),
            recommendation: None,
            before: Some(stored.json),
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/admin/timeline?deleted=1").into_response())
}
