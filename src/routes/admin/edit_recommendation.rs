//! Editing a recommendation's details, with a preview and optimistic concurrency.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::changes::{self, OtherChange};
use super::forms::{self, FormAction, FormErrors, MARKDOWN_MAX, TITLE_MAX};
use crate::app::AppState;
use crate::audit::{self, AuditEntry};
use crate::auth::CurrentUser;
use crate::db::{self, FocusAreaCount};
use crate::domain::{MonthDate, RecommendationNumber};
use crate::error::{AppError, AppResult, parse_path, render};
use crate::markdown::{self, SafeHtml, TopHeading};

/// The form's fields as text, as loaded or as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RecommendationForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    full_text: String,
    #[serde(default)]
    details: String,
    #[serde(default)]
    focus_area: String,
    #[serde(default)]
    started: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    implemented: String,
    needs_review: Option<String>,
    #[serde(default)]
    version: String,
    #[serde(default)]
    action: FormAction,
}

impl RecommendationForm {
    fn needs_review(&self) -> bool {
        forms::checkbox(&self.needs_review)
    }
}

#[derive(Template)]
#[template(path = "admin/edit_recommendation.html")]
struct EditPage {
    user: CurrentUser,
    number: RecommendationNumber,
    values: RecommendationForm,
    focus_areas: Vec<FocusAreaCount>,
    errors: FormErrors,
    preview: Option<Preview>,
    conflict: Vec<OtherChange>,
}

impl EditPage {
    fn markdown_hint(&self) -> String {
        format!("Markdown is allowed; at most {MARKDOWN_MAX} characters.")
    }
}

struct Preview {
    full_text: SafeHtml,
    details: SafeHtml,
}

/// A valid edit, in the database's terms.
struct ValidEdit {
    title: Option<String>,
    full_text: Option<String>,
    details: String,
    focus_area: String,
    started: Option<MonthDate>,
    target: Option<MonthDate>,
    implemented: Option<MonthDate>,
    needs_review: bool,
    version: i32,
}

impl ValidEdit {
    fn audit_json(&self, version: i32) -> Value {
        json!({
            "title": self.title,
            "full_text": self.full_text,
            "details": self.details,
            "focus_area": self.focus_area,
            "started": self.started.map(MonthDate::iso),
            "estimated_implementation": self.target.map(MonthDate::iso),
            "implemented": self.implemented.map(MonthDate::iso),
            "needs_review": self.needs_review,
            "version": version,
        })
    }
}

async fn load(state: &AppState, number: RecommendationNumber) -> AppResult<RecommendationForm> {
    let row = sqlx::query!(
        "select title, full_text_md, details_md, focus_area_slug, started_on, target_on,
                implemented_on, needs_review, version
         from recommendations where number = $1",
        number.get()
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound)?;
    let month = |date| MonthDate::iso_of(date).unwrap_or_default();
    Ok(RecommendationForm {
        title: row.title.unwrap_or_default(),
        full_text: row.full_text_md.unwrap_or_default(),
        details: row.details_md,
        focus_area: row.focus_area_slug,
        started: month(row.started_on),
        target: month(row.target_on),
        implemented: month(row.implemented_on),
        needs_review: row.needs_review.then(|| "1".to_owned()),
        version: row.version.to_string(),
        action: FormAction::Save,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let number: RecommendationNumber = parse_path(&raw)?;
    let (values, focus_areas) = tokio::try_join!(load(&state, number), async {
        Ok(db::focus_areas_with_counts(&state.db).await?)
    })?;
    let page = EditPage {
        user,
        number,
        values,
        focus_areas,
        errors: FormErrors::default(),
        preview: None,
        conflict: Vec::new(),
    };
    Ok(render(&page)?.into_response())
}

fn validate(
    form: &RecommendationForm,
    focus_areas: &[FocusAreaCount],
    errors: &mut FormErrors,
) -> Option<ValidEdit> {
    let title = forms::optional_text(errors, "title", "the title", &form.title, TITLE_MAX);
    let full_text = forms::optional_text(
        errors,
        "full_text",
        "the full text",
        &form.full_text,
        MARKDOWN_MAX,
    );
    let details = forms::optional_text(
        errors,
        "details",
        "the project details",
        &form.details,
        MARKDOWN_MAX,
    );
    if !focus_areas.iter().any(|area| area.slug == form.focus_area) {
        errors.add("focus_area", "Choose one of the focus areas.");
    }
    let started = forms::optional_month(errors, "started", &form.started);
    let target = forms::optional_month(errors, "target", &form.target);
    let implemented = forms::optional_month(errors, "implemented", &form.implemented);
    let version = form.version.trim().parse::<i32>().ok();
    if version.is_none() {
        errors.add(
            "title",
            "The form was incomplete. Reload the page and try again.",
        );
    }
    if !errors.is_empty() {
        return None;
    }
    Some(ValidEdit {
        title,
        full_text,
        details: details.unwrap_or_default(),
        focus_area: form.focus_area.clone(),
        started,
        target,
        implemented,
        needs_review: form.needs_review(),
        version: version?,
    })
}

pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<RecommendationForm>,
) -> AppResult<Response> {
    let number: RecommendationNumber = parse_path(&raw)?;
    let focus_areas = db::focus_areas_with_counts(&state.db).await?;
    let mut errors = FormErrors::default();
    let edit = validate(&form, &focus_areas, &mut errors);
    let mut values = form.clone();

    let mut conflict = Vec::new();
    if let (Some(edit), FormAction::Save) = (&edit, form.action) {
        match apply(&state, &user, number, edit).await? {
            None => return Ok(Redirect::to(&format!("/admin?edited={number}")).into_response()),
            Some(current_version) => {
                conflict = changes::since_version(
                    &state.db,
                    "recommendation",
                    &number.to_string(),
                    edit.version,
                )
                .await?;
                values.version = current_version.to_string();
            }
        }
    }
    let preview = (form.action == FormAction::Preview && errors.is_empty()).then(|| Preview {
        full_text: markdown::render(&form.full_text, TopHeading::H3),
        details: markdown::render(&form.details, TopHeading::H3),
    });
    let status = if conflict.is_empty() {
        errors.status()
    } else {
        StatusCode::CONFLICT
    };
    let page = EditPage {
        user,
        number,
        values,
        focus_areas,
        errors,
        preview,
        conflict,
    };
    Ok((status, render(&page)?).into_response())
}

/// Saves the edit unless the record moved on since the form was loaded; then returns the
/// current version and writes nothing.
async fn apply(
    state: &AppState,
    user: &CurrentUser,
    number: RecommendationNumber,
    edit: &ValidEdit,
) -> AppResult<Option<i32>> {
    let mut tx = state.db.begin().await?;
    let before = sqlx::query!(
        "select title, full_text_md, details_md, focus_area_slug, started_on, target_on,
                implemented_on, needs_review, version
         from recommendations where number = $1 for update",
        number.get()
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if before.version != edit.version {
        return Ok(Some(before.version));
    }
    let month = MonthDate::iso_of;
    let before_json = json!({
        "title": before.title,
        "full_text": before.full_text_md,
        "details": before.details_md,
        "focus_area": before.focus_area_slug,
        "started": month(before.started_on),
        "estimated_implementation": month(before.target_on),
        "implemented": month(before.implemented_on),
        "needs_review": before.needs_review,
        "version": before.version,
    });
    let version = sqlx::query_scalar!(
        "update recommendations
         set title = $2, full_text_md = $3, details_md = $4, focus_area_slug = $5, started_on = $6,
             target_on = $7, implemented_on = $8, needs_review = $9, version = version + 1
         where number = $1 returning version",
        number.get(),
        edit.title,
        edit.full_text,
        edit.details,
        edit.focus_area,
        edit.started.map(MonthDate::first_day),
        edit.target.map(MonthDate::first_day),
        edit.implemented.map(MonthDate::first_day),
        edit.needs_review,
    )
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        AuditEntry {
            user_id: Some(user.id),
            action: "edited recommendation",
            entity: "recommendation",
            entity_key: number.to_string(),
            recommendation: Some(number.get()),
            before: Some(before_json),
            after: Some(edit.audit_json(version)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(None)
}
