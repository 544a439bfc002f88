//! The core task: a new stage (or not started), on hold or not, the effective date and a required
//! public note, saved in one transaction with the status history and the audit log.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;
use time::OffsetDateTime;

use super::changes::{self, OtherChange};
use super::forms::{self, FormAction, FormErrors, NOTE_MAX};
use crate::app::AppState;
use crate::audit::{self, AuditEntry};
use crate::auth::CurrentUser;
use crate::db::{self, StoredStage};
use crate::domain::{RecommendationNumber, Status, format_day_iso, parse_day};
use crate::error::{AppError, AppResult, parse_path, render};
use crate::markdown::{self, SafeHtml, TopHeading};
use crate::routes::StatusView;

/// What the form shows: the values as loaded or as typed.
pub struct StatusValues {
    pub stage: String,
    pub on_hold: bool,
    pub effective_on: String,
    pub note: String,
    pub version: i32,
}

#[derive(Template)]
#[template(path = "admin/status.html")]
struct StatusPage {
    user: CurrentUser,
    number: RecommendationNumber,
    title: Option<String>,
    current: StatusView,
    stages: Vec<StoredStage>,
    values: StatusValues,
    errors: FormErrors,
    preview: Option<SafeHtml>,
    conflict: Vec<OtherChange>,
}

impl StatusPage {
    fn note_hint(&self) -> String {
        format!(
            "Shown on the public page with the date. Say what changed and why, in plain words. \
             Markdown is allowed; at most {NOTE_MAX} characters."
        )
    }
}

/// The recommendation as the form needs it.
struct Current {
    title: Option<String>,
    status: StatusView,
    version: i32,
}

async fn load(state: &AppState, number: RecommendationNumber) -> AppResult<Current> {
    let row = sqlx::query!(
        r#"select r.title, r.status_known, r.stage_slug, r.on_hold, r.version,
                  s.name as "stage_name?", coalesce(s.counts_as_implemented, false) as "implemented!"
           from recommendations r left join stages s on s.slug = r.stage_slug
           where r.number = $1"#,
        number.get()
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Current {
        title: row.title,
        status: StatusView::from_columns(
            number,
            row.status_known,
            row.stage_slug.as_deref(),
            row.stage_name,
            row.implemented,
            row.on_hold,
        )?,
        version: row.version,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let number: RecommendationNumber = parse_path(&raw)?;
    let (current, stages) = tokio::try_join!(load(&state, number), async {
        Ok(db::stages(&state.db).await?)
    })?;
    let values = StatusValues {
        stage: match current.status.status {
            Status::Unknown => String::new(),
            known => known.key().to_owned(),
        },
        on_hold: current.status.on_hold,
        effective_on: format_day_iso(OffsetDateTime::now_utc().date()),
        note: String::new(),
        version: current.version,
    };
    let page = StatusPage {
        user,
        number,
        title: current.title,
        current: current.status,
        stages,
        values,
        errors: FormErrors::default(),
        preview: None,
        conflict: Vec::new(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
pub struct StatusForm {
    stage: Option<String>,
    on_hold: Option<String>,
    #[serde(default)]
    effective_on: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    action: FormAction,
}

/// A status update that passed validation.
struct ValidUpdate {
    status: Status,
    on_hold: bool,
    effective_on: time::Date,
    note: String,
    version: i32,
}

fn validate(form: &StatusForm, errors: &mut FormErrors) -> Option<ValidUpdate> {
    let status = match form.stage.as_deref().map(str::parse::<Status>) {
        Some(Ok(status)) if status != Status::Unknown => Some(status),
        _ => {
            errors.add("stage", "Choose one of the five stages, or Not started.");
            None
        }
    };
    let today = OffsetDateTime::now_utc().date();
    let effective_on = match parse_day(form.effective_on.trim()) {
        Ok(date) if date > today => {
            errors.add(
                "effective_on",
                "The date the change took effect cannot be in the future.",
            );
            None
        }
        Ok(date) if date.year() < 2020 => {
            errors.add(
                "effective_on",
                "The date must be in 2020 or later, when the work began.",
            );
            None
        }
        Ok(date) => Some(date),
        Err(_) => {
            errors.add(
                "effective_on",
                "Enter the date the change took effect, such as 2025-05-06.",
            );
            None
        }
    };
    let note = forms::required_text(errors, "note", "a public note", &form.note, NOTE_MAX);
    let version = form.version.trim().parse::<i32>().ok();
    if version.is_none() {
        errors.add(
            "stage",
            "The form was incomplete. Reload the page and try again.",
        );
    }
    Some(ValidUpdate {
        status: status?,
        on_hold: forms::checkbox(&form.on_hold),
        effective_on: effective_on?,
        note,
        version: version?,
    })
    .filter(|_| errors.is_empty())
}

pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<StatusForm>,
) -> AppResult<Response> {
    let number: RecommendationNumber = parse_path(&raw)?;
    let mut errors = FormErrors::default();
    let update = validate(&form, &mut errors);
    let mut values = StatusValues {
        stage: form.stage.clone().unwrap_or_default(),
        on_hold: forms::checkbox(&form.on_hold),
        effective_on: form.effective_on.trim().to_owned(),
        note: form.note.clone(),
        version: form.version.trim().parse().unwrap_or_default(),
    };

    let conflict = match (update, form.action) {
        (Some(update), FormAction::Save) => match apply(&state, &user, number, &update).await? {
            Applied::Saved => {
                return Ok(Redirect::to(&format!("/admin?updated={number}")).into_response());
            }
            Applied::Conflict { current_version } => {
                let others = changes::since_version(
                    &state.db,
                    "recommendation",
                    &number.to_string(),
                    update.version,
                )
                .await?;
                // The next save is made against what this person has now been shown.
                values.version = current_version;
                others
            }
        },
        _ => Vec::new(),
    };

    let (current, stages) = tokio::try_join!(load(&state, number), async {
        Ok(db::stages(&state.db).await?)
    })?;
    let preview = (form.action == FormAction::Preview
        && !form.note.trim().is_empty()
        && form.note.chars().count() <= NOTE_MAX)
        .then(|| markdown::render(&form.note, TopHeading::H3));
    let status = if !conflict.is_empty() {
        StatusCode::CONFLICT
    } else {
        errors.status()
    };
    let page = StatusPage {
        user,
        number,
        title: current.title,
        current: current.status,
        stages,
        values,
        errors,
        preview,
        conflict,
    };
    Ok((status, render(&page)?).into_response())
}

enum Applied {
    Saved,
    Conflict { current_version: i32 },
}

/// One transaction: the recommendation, its public history and the audit log change together.
async fn apply(
    state: &AppState,
    user: &CurrentUser,
    number: RecommendationNumber,
    update: &ValidUpdate,
) -> AppResult<Applied> {
    let mut tx = state.db.begin().await?;
    let before = sqlx::query!(
        "select status_known, stage_slug, on_hold, version from recommendations
         where number = $1 for update",
        number.get()
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if before.version != update.version {
        return Ok(Applied::Conflict {
            current_version: before.version,
        });
    }
    let new_stage = update.status.stage().map(|stage| stage.slug());
    let version = sqlx::query_scalar!(
        "update recommendations set stage_slug = $2, status_known = true, on_hold = $3,
             version = version + 1
         where number = $1 returning version",
        number.get(),
        new_stage,
        update.on_hold,
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "insert into status_changes (recommendation_number, previous_status_known,
             previous_stage_slug, new_status_known, new_stage_slug, previous_on_hold, new_on_hold,
             effective_on, note_md, recorded_by)
         values ($1, $2, $3, true, $4, $5, $6, $7, $8, $9)",
        number.get(),
        before.status_known,
        before.stage_slug,
        new_stage,
        before.on_hold,
        update.on_hold,
        update.effective_on,
        update.note,
        user.id,
    )
    .execute(&mut *tx)
    .await?;
    let previous = Status::from_columns(before.status_known, before.stage_slug.as_deref())
        .map_or("unknown", Status::key);
    audit::record(
        &mut tx,
        AuditEntry {
            user_id: Some(user.id),
            action: "updated status",
            entity: "recommendation",
            entity_key: number.to_string(),
            recommendation: Some(number.get()),
            before: Some(
                json!({ "stage": previous, "on_hold": before.on_hold, "version": before.version }),
            ),
            after: Some(json!({
                "stage": update.status.key(),
                "on_hold": update.on_hold,
                "effective_on": format_day_iso(update.effective_on),
                "note": update.note,
                "version": version,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user_id = user.id, %number, "status updated");
    Ok(Applied::Saved)
}
